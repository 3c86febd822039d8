//! The lexicon parsers: one embedded lexicon file (picked by the first byte) replaced by the
//! fuzz input, then the generic parsers (TOML, TSV rows, list rows) and the constructor of the
//! stage that reads that file. A bad file must give `Err` with its file and line, never a panic.
//! (Building the whole pipeline per input took 16 s under ASan: only the owning stage is built.)
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vigie_analyze::{clean, dates, entities, events, meta, quotes, segment};
use vigie_lexicon::Lexicons;

fn embedded() -> &'static [(String, String)] {
    static F: OnceLock<Vec<(String, String)>> = OnceLock::new();
    F.get_or_init(|| {
        Lexicons::embedded()
            .files()
            .map(|f| (f.name.clone(), f.text.to_string()))
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let files = embedded();
    let mut chosen = files.to_vec();
    let name = if files.is_empty() {
        "fuzz.toml".to_string()
    } else {
        files[first as usize % files.len()].0.clone()
    };
    match chosen.iter_mut().find(|(n, _)| *n == name) {
        Some(slot) => slot.1 = text,
        None => chosen.push((name.clone(), text)),
    }
    let lex = Lexicons::from_files(chosen);
    if let Some(file) = lex.get(&name) {
        let _ = file.toml::<toml::Value>();
        let _ = file.tsv_rows().count();
        let _ = file.list_rows().count();
    }
    let has = |s: &str| name.contains(s);
    if has("furniture") {
        let _ = clean::Cleaner::new(&lex);
    } else if has("segment") {
        let _ = segment::Segmenter::new(&lex);
    } else if has("meta") {
        let _ = meta::MetaReader::new(&lex);
    } else if has("dates") {
        let _ = dates::DateFinder::new(&lex);
    } else if has("quote") {
        let _ = quotes::QuoteFinder::new(&lex);
    } else if has("event") || has("cameo") {
        let _ = events::EventFinder::new(&lex);
    } else {
        let _ = entities::EntityFinder::new(&lex);
    }
});
