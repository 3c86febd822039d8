//! vigie's lexicons: the data files under `data/` (speech cues, event patterns, actors,
//! first names, furniture rules, the CAMEO codebook), embedded in the binary and overridable by a
//! directory at run time, with parsers that report the file and line of every bad entry.
//!
//! This crate knows file formats, not linguistics: each analysis stage parses the files it needs
//! into its own types and compiles its own matchers, once, at start-up.
//!
//! Files are named by their path under `data/`: `lexicons/fr/quote-cues.toml`,
//! `actors/countries.tsv`. Every file states a version, on a `# version: X` line (TSV, text) or as
//! a top-level `version = "X"` (TOML); the versions go into each document's provenance.
//!
//! ```
//! use vigie_lexicon::Lexicons;
//!
//! let lex = Lexicons::embedded();
//! for file in lex.files() {
//!     assert!(!file.version.is_empty(), "{} has no version", file.name);
//! }
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

use std::{
    borrow::Cow,
    collections::BTreeMap,
    fmt,
    path::{Path, PathBuf},
};

use serde::de::DeserializeOwned;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// One lexicon file: its name under `data/`, its text and its version.
#[derive(Clone, Debug)]
pub struct LexFile {
    /// Path relative to `data/`, with `/` separators.
    pub name: String,
    /// The file's contents.
    pub text: Cow<'static, str>,
    /// The version the file states (empty when it states none; `check` reports that).
    pub version: String,
    /// Where an overriding file was read from; `None` for the embedded default.
    pub origin: Option<PathBuf>,
}

impl LexFile {
    fn new(name: String, text: Cow<'static, str>, origin: Option<PathBuf>) -> LexFile {
        let version = find_version(&text);
        LexFile {
            name,
            text,
            version,
            origin,
        }
    }

    /// Parses the file as TOML into `T`, reporting the line of the first error.
    pub fn toml<T: DeserializeOwned>(&self) -> Result<T, Error> {
        toml::from_str(&self.text).map_err(|e| {
            let line = e.span().map(|s| {
                self.text[..s.start.min(self.text.len())]
                    .lines()
                    .count()
                    .max(1)
            });
            Error::at(&self.name, line, e.message().to_string())
        })
    }

    /// The data rows of a TSV file: `(line number, fields)`, skipping blank and `#` lines.
    pub fn tsv_rows(&self) -> impl Iterator<Item = (usize, Vec<&str>)> {
        self.text.lines().enumerate().filter_map(|(i, line)| {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                None
            } else {
                Some((i + 1, line.split('\t').map(str::trim).collect()))
            }
        })
    }

    /// The data lines of a plain list file: `(line number, line)`, skipping blank and `#` lines.
    pub fn list_rows(&self) -> impl Iterator<Item = (usize, &str)> {
        self.text.lines().enumerate().filter_map(|(i, line)| {
            let line = line.trim();
            (!line.is_empty() && !line.starts_with('#')).then_some((i + 1, line))
        })
    }
}

/// Finds `# version: X` (TSV/text) or `version = "X"` (TOML) in the first lines of a file.
fn find_version(text: &str) -> String {
    for line in text.lines().take(30) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix('#') {
            if let Some(v) = rest.trim().strip_prefix("version:") {
                return v.trim().to_string();
            }
        } else if let Some(rest) = line.strip_prefix("version") {
            if let Some(v) = rest.trim_start().strip_prefix('=') {
                return v.trim().trim_matches('"').to_string();
            }
        }
    }
    String::new()
}

/// The set of lexicon files in force: the embedded defaults, possibly overridden.
#[derive(Clone, Debug)]
pub struct Lexicons {
    files: BTreeMap<String, LexFile>,
}

impl Lexicons {
    /// The defaults compiled into the binary.
    pub fn embedded() -> Lexicons {
        let files = embedded::EMBEDDED
            .iter()
            .map(|&(name, text)| {
                (
                    name.to_string(),
                    LexFile::new(name.to_string(), Cow::Borrowed(text), None),
                )
            })
            .collect();
        Lexicons { files }
    }

    /// The defaults, with every file found under `dir` (same relative names, e.g.
    /// `dir/lexicons/fr/quote-cues.toml`) replacing or adding to them.
    pub fn with_override(dir: &Path) -> Result<Lexicons, Error> {
        let mut lex = Lexicons::embedded();
        let mut stack = vec![dir.to_path_buf()];
        if !dir.is_dir() {
            return Err(Error::at(
                &dir.display().to_string(),
                None,
                "not a directory".into(),
            ));
        }
        while let Some(d) = stack.pop() {
            let entries = std::fs::read_dir(&d)
                .map_err(|e| Error::at(&d.display().to_string(), None, e.to_string()))?;
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Ok(rel) = path.strip_prefix(dir) else {
                    continue;
                };
                let name = rel.to_string_lossy().replace('\\', "/");
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| Error::at(&path.display().to_string(), None, e.to_string()))?;
                lex.files.insert(
                    name.clone(),
                    LexFile::new(name, Cow::Owned(text), Some(path)),
                );
            }
        }
        Ok(lex)
    }

    /// A set holding only the given files (tests use tiny frozen lexicons this way).
    pub fn from_files<I, N, T>(files: I) -> Lexicons
    where
        I: IntoIterator<Item = (N, T)>,
        N: Into<String>,
        T: Into<String>,
    {
        let files = files
            .into_iter()
            .map(|(n, t)| {
                let n = n.into();
                (n.clone(), LexFile::new(n, Cow::Owned(t.into()), None))
            })
            .collect();
        Lexicons { files }
    }

    /// The file with this name, if present.
    pub fn get(&self, name: &str) -> Option<&LexFile> {
        self.files.get(name)
    }

    /// The file with this name, or an error naming it.
    pub fn require(&self, name: &str) -> Result<&LexFile, Error> {
        self.get(name)
            .ok_or_else(|| Error::at(name, None, "lexicon file missing".into()))
    }

    /// Every file whose name starts with `prefix`, in name order.
    pub fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a LexFile> + 'a {
        self.files
            .range(prefix.to_string()..)
            .take_while(move |(k, _)| k.starts_with(prefix))
            .map(|(_, v)| v)
    }

    /// Every file, in name order.
    pub fn files(&self) -> impl Iterator<Item = &LexFile> {
        self.files.values()
    }

    /// `name -> version` for provenance.
    pub fn versions(&self) -> BTreeMap<String, String> {
        self.files
            .values()
            .map(|f| (f.name.clone(), f.version.clone()))
            .collect()
    }
}

/// A lexicon error: which file, which line, what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    /// The file's name under `data/` (or a path).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl Error {
    /// An error at a file and optional line.
    pub fn at(file: &str, line: Option<usize>, message: String) -> Error {
        Error {
            file: file.to_string(),
            line,
            message,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.file, l, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Every error found while loading, so one run reports all bad lines at once.
#[derive(Clone, Debug, Default, PartialEq, Eq, thiserror::Error)]
pub struct Errors(pub Vec<Error>);

impl Errors {
    /// Adds an error.
    pub fn push(&mut self, e: Error) {
        self.0.push(e);
    }

    /// `Ok(value)` when no error was collected.
    pub fn into_result<T>(self, value: T) -> Result<T, Errors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl From<Error> for Errors {
    fn from(e: Error) -> Errors {
        Errors(vec![e])
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// An embedded example of a lexicon entry that did not behave as stated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The lexicon file.
    pub file: String,
    /// The entry's rule id (`fr/cues:déclarer`).
    pub rule: String,
    /// The example text.
    pub example: String,
    /// What was expected and what happened.
    pub message: String,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{}] {:?}: {}",
            self.file, self.rule, self.example, self.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_found() {
        assert_eq!(find_version("# a list\n# version: 2026.1\nfoo"), "2026.1");
        assert_eq!(find_version("# cues\nversion = \"3\"\n[[cue]]"), "3");
        assert_eq!(find_version("nothing"), "");
    }

    #[test]
    fn embedded_files_state_versions() {
        let lex = Lexicons::embedded();
        assert!(lex.files().count() > 0, "no embedded lexicons");
        let missing: Vec<_> = lex
            .files()
            .filter(|f| f.version.is_empty())
            .map(|f| f.name.clone())
            .collect();
        assert!(missing.is_empty(), "files without a version: {missing:?}");
    }

    #[test]
    fn tsv_rows_skip_comments_and_number_lines() {
        let lex = Lexicons::from_files([("t.tsv", "# version: 1\n\na\tb\n# c\nc\t d \n")]);
        let rows: Vec<_> = lex.get("t.tsv").unwrap().tsv_rows().collect();
        assert_eq!(rows, vec![(3, vec!["a", "b"]), (5, vec!["c", "d"])]);
    }

    #[test]
    fn toml_errors_name_file_and_line() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            version: String,
            n: u32,
        }
        let lex = Lexicons::from_files([("x.toml", "version = \"1\"\nn = \"oops\"\n")]);
        let err = lex.get("x.toml").unwrap().toml::<T>().unwrap_err();
        assert_eq!(err.file, "x.toml");
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn under_lists_a_folder() {
        let lex = Lexicons::from_files([("a/x", "1"), ("a/y", "2"), ("b/z", "3")]);
        let names: Vec<_> = lex.under("a/").map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a/x", "a/y"]);
    }
}
