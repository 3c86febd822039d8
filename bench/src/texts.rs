//! Real texts to measure on: the reference article and the dev gold sets of `../shared` (when
//! the checkout has it beside it), and the repository's own `examples/`.

use std::path::{Path, PathBuf};

/// A named set of texts.
#[derive(Clone, Debug)]
pub struct TextSet {
    /// Short name for reports (`seed`, `fr-dev`, `en-dev`, `examples`, `generated-fr`).
    pub name: String,
    /// The texts, with the file each came from.
    pub texts: Vec<(PathBuf, String)>,
}

impl TextSet {
    /// Total size in bytes.
    pub fn bytes(&self) -> usize {
        self.texts.iter().map(|(_, t)| t.len()).sum()
    }
}

/// The repository root (this crate lives in `<root>/bench`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// `../shared` beside the checkout (or `$VIGIE_SHARED`), when present.
pub fn shared_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("VIGIE_SHARED").map(PathBuf::from) {
        return dir.is_dir().then_some(dir);
    }
    let dir = repo_root().join("../shared");
    dir.is_dir().then_some(dir)
}

/// The `.txt` files of `dir` (not recursive), sorted by name, read as UTF-8 (others skipped).
pub fn txt_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t)))
        .collect()
}

/// Every real text set found: `seed`, `fr-dev`, `en-dev` from `../shared`, `examples` from the
/// repository. Empty sets are left out; an empty result means only generated text is at hand.
pub fn real_sets() -> Vec<TextSet> {
    let mut sets = Vec::new();
    if let Some(shared) = shared_dir() {
        for (name, dir) in [
            ("seed", shared.join("examples/seed")),
            ("fr-dev", shared.join("gold/fr-dev")),
            ("en-dev", shared.join("gold/en-dev")),
        ] {
            sets.push(TextSet {
                name: name.into(),
                texts: txt_files(&dir),
            });
        }
    }
    sets.push(TextSet {
        name: "examples".into(),
        texts: txt_files(&repo_root().join("examples")),
    });
    sets.retain(|s| !s.texts.is_empty());
    sets
}

/// `count` generated articles of about `size` bytes each, in `lang`.
pub fn generated_set(lang: vigie_doc::Lang, count: usize, size: usize) -> TextSet {
    TextSet {
        name: format!("generated-{lang}"),
        texts: (0..count as u64)
            .map(|n| {
                let text = crate::corpus::Generator::numbered(n, lang, size);
                (PathBuf::from(format!("generated-{lang}-{n}.txt")), text)
            })
            .collect(),
    }
}
