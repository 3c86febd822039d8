//! Finds gold cases in a folder: every `<id>.json` with its article `<id>.txt` (or `.html`)
//! beside it; a folder holding exactly one gold file and one article under other names
//! (`gold.json` + `article.txt`, as in the seed) is one case too.

use std::path::{Path, PathBuf};

/// One gold file and its article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// The set (folder name).
    pub set: String,
    /// The case id (file stem, or folder name for a single-pair folder).
    pub id: String,
    /// The gold file.
    pub gold: PathBuf,
    /// The article.
    pub article: PathBuf,
}

const ARTICLE_EXTS: [&str; 4] = ["txt", "html", "htm", "warc"];

/// The cases in `dir`, sorted by id. Errors only when the folder cannot be read.
pub fn discover(dir: &Path) -> std::io::Result<Vec<Case>> {
    let set = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| dir.display().to_string());
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let ext = |p: &Path| {
        p.extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    let golds: Vec<&PathBuf> = files.iter().filter(|p| ext(p) == "json").collect();
    let articles: Vec<&PathBuf> = files
        .iter()
        .filter(|p| ARTICLE_EXTS.contains(&ext(p).as_str()))
        .collect();
    let mut cases = Vec::new();
    for g in &golds {
        let stem = g.file_stem().unwrap_or_default();
        if let Some(a) = articles.iter().find(|a| a.file_stem() == Some(stem)) {
            cases.push(Case {
                set: set.clone(),
                id: stem.to_string_lossy().into_owned(),
                gold: (*g).clone(),
                article: (*a).clone(),
            });
        }
    }
    if cases.is_empty() && golds.len() == 1 && articles.len() == 1 {
        cases.push(Case {
            set: set.clone(),
            id: set.clone(),
            gold: golds[0].clone(),
            article: articles[0].clone(),
        });
    }
    Ok(cases)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_by_stem_and_single_pair_folders() {
        let tmp = std::env::temp_dir().join(format!("vigie-discover-{}", std::process::id()));
        let (a, b) = (tmp.join("set"), tmp.join("seed"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        for f in ["x.json", "x.txt", "y.json", "y.html", "z.json", "notes.md"] {
            std::fs::write(a.join(f), "").unwrap();
        }
        std::fs::write(b.join("gold.json"), "").unwrap();
        std::fs::write(b.join("article.txt"), "").unwrap();
        let ids: Vec<_> = discover(&a).unwrap().into_iter().map(|c| c.id).collect();
        assert_eq!(ids, ["x", "y"]);
        let seed = discover(&b).unwrap();
        assert_eq!(seed.len(), 1);
        assert_eq!(seed[0].id, "seed");
        assert!(seed[0].article.ends_with("article.txt"));
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
