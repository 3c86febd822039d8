//! JSON Lines in news-please's shape: one article per line with `title`, `maintext`,
//! `date_publish`, `url`, `language` (and `authors`, `source_domain`, `description` when
//! present). Each line is one input; a bad line is an error naming the file and line, and the
//! following lines are still read. A file holding one JSON object or an array of them (a
//! news-please `.json` dump) is read the same way.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use vigie_doc::{Hints, Input, Source};

use crate::{Error, Limits};

/// One news-please record (unknown fields are ignored).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Record {
    /// Headline.
    pub title: Option<String>,
    /// Article body.
    pub maintext: Option<String>,
    /// Some dumps name the body `text`.
    pub text: Option<String>,
    /// Lead or description.
    pub description: Option<String>,
    /// Publication date (`2019-01-01 10:00:00`).
    pub date_publish: Option<String>,
    /// Page URL.
    pub url: Option<String>,
    /// ISO 639-1 language.
    pub language: Option<String>,
    /// Authors.
    pub authors: Option<Vec<String>>,
    /// Site domain.
    pub source_domain: Option<String>,
}

/// Turns one parsed record into an input; Err(message) when it has no text.
pub fn record_input(rec: Record, raw: &[u8]) -> Result<Input, String> {
    let text = rec
        .maintext
        .or(rec.text)
        .filter(|t| !t.trim().is_empty())
        .ok_or("no `maintext` (or `text`) field with text")?;
    // Normalise line breaks into paragraphs separated by blank lines.
    let text = text
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    Ok(Input {
        text,
        source: Source {
            url: rec.url,
            sha256: crate::sha256_hex(raw),
            encoding: Some("UTF-8".into()),
            format: Some("jsonl".into()),
            ..Source::default()
        },
        hints: Hints {
            title: rec.title.filter(|t| !t.trim().is_empty()),
            author: rec.authors.filter(|a| !a.is_empty()).map(|a| a.join(", ")),
            published: rec.date_publish,
            lang: rec.language,
            site: rec.source_domain,
            section: None,
        },
        origin: None,
    })
}

/// Streams the records of a JSON Lines file.
pub struct JsonlReader<R: BufRead> {
    reader: R,
    path: PathBuf,
    limits: Limits,
    line_no: usize,
    done: bool,
    /// Blank lines are skipped silently; this counts them.
    pub blank: usize,
}

impl<R: BufRead> JsonlReader<R> {
    /// A reader over `reader`, naming `path` in errors.
    pub fn new(reader: R, path: &Path, limits: &Limits) -> JsonlReader<R> {
        JsonlReader {
            reader,
            path: path.to_path_buf(),
            limits: limits.clone(),
            line_no: 0,
            done: false,
            blank: 0,
        }
    }

    fn err(&self, message: String) -> Error {
        Error::Record {
            path: self.path.clone(),
            record: format!("line {}", self.line_no),
            message,
        }
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<Input, Error>;
    fn next(&mut self) -> Option<Self::Item> {
        use std::io::Read;
        let mut line = Vec::new();
        loop {
            if self.done {
                return None;
            }
            line.clear();
            let n = match (&mut self.reader)
                .take(self.limits.max_bytes + 1)
                .read_until(b'\n', &mut line)
            {
                Ok(n) => n,
                Err(e) => {
                    self.done = true;
                    self.line_no += 1;
                    return Some(Err(self.err(format!("unreadable ({e})"))));
                }
            };
            if n == 0 {
                self.done = true;
                return None;
            }
            self.line_no += 1;
            if line.len() as u64 > self.limits.max_bytes {
                // Skip the rest of the over-long line.
                let mut rest = Vec::new();
                let _ = self.reader.read_until(b'\n', &mut rest);
                return Some(Err(self.err(format!(
                    "line over the limit of {} bytes (--max-bytes)",
                    self.limits.max_bytes
                ))));
            }
            if line.iter().all(|b| b.is_ascii_whitespace()) {
                self.blank += 1;
                continue;
            }
            let rec: Record = match serde_json::from_slice(&line) {
                Ok(r) => r,
                Err(e) => return Some(Err(self.err(format!("invalid JSON: {e}")))),
            };
            return Some(record_input(rec, &line).map_err(|m| self.err(m)));
        }
    }
}

/// Reads a whole `.json` file holding one record or an array of records.
pub fn read_json(path: &Path, bytes: &[u8]) -> Vec<Result<Input, Error>> {
    let err = |record: String, message: String| Error::Record {
        path: path.to_path_buf(),
        record,
        message,
    };
    let v: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            return vec![Err(Error::Format {
                path: path.to_path_buf(),
                message: format!("invalid JSON: {e}"),
            })]
        }
    };
    let items = match v {
        serde_json::Value::Array(a) => a,
        other => vec![other],
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let raw = item.to_string();
            let rec: Record = serde_json::from_value(item).map_err(|e| {
                err(
                    format!("item {}", i + 1),
                    format!("not a news-please record: {e}"),
                )
            })?;
            record_input(rec, raw.as_bytes()).map_err(|m| err(format!("item {}", i + 1), m))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_errors() {
        let data = concat!(
            r#"{"title":"Titre","maintext":"Premier paragraphe.\nSecond paragraphe.","date_publish":"2024-03-17 10:00:00","url":"https://ex.fr/a","language":"fr","authors":["A. B"]}"#,
            "\n\n",
            "{not json\n",
            r#"{"title":"Sans texte"}"#,
            "\n",
            r#"{"maintext":"Ok."}"#
        );
        let out: Vec<_> =
            JsonlReader::new(data.as_bytes(), Path::new("d.jsonl"), &Limits::default()).collect();
        assert_eq!(out.len(), 4);
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.text, "Premier paragraphe.\n\nSecond paragraphe.");
        assert_eq!(a.hints.title.as_deref(), Some("Titre"));
        assert_eq!(a.hints.published.as_deref(), Some("2024-03-17 10:00:00"));
        assert_eq!(a.hints.lang.as_deref(), Some("fr"));
        assert_eq!(a.hints.author.as_deref(), Some("A. B"));
        assert_eq!(a.source.url.as_deref(), Some("https://ex.fr/a"));
        let e = out[1].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("d.jsonl: record line 3: invalid JSON"), "{e}");
        assert!(out[2]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("line 4: no `maintext`"));
        assert_eq!(out[3].as_ref().unwrap().text, "Ok.");
    }

    #[test]
    fn json_array() {
        let out = read_json(Path::new("d.json"), br#"[{"maintext":"Un."},{"x":1},3]"#);
        assert_eq!(out.len(), 3);
        assert!(out[0].is_ok());
        assert!(out[1].is_err() && out[2].is_err());
        assert!(read_json(Path::new("d.json"), b"{").pop().unwrap().is_err());
    }
}
