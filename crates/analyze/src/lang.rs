//! Language identification for `--lang auto`, restricted to the languages vigie has lexicons for.

use vigie_doc::Lang;
use whatlang::{Detector, Lang as W};

/// Detects French or English from the first few kilobytes of `text`; French when unsure
/// (vigie is French first).
pub fn detect(text: &str) -> Lang {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let detector = Detector::with_allowlist(vec![W::Fra, W::Eng]);
    match detector.detect_lang(&text[..end]) {
        Some(W::Eng) => Lang::En,
        _ => Lang::Fr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_both() {
        assert_eq!(
            detect("Le gouvernement russe a démenti jeudi l'existence d'un processus."),
            Lang::Fr
        );
        assert_eq!(
            detect("The Russian government on Thursday denied that talks were under way."),
            Lang::En
        );
        assert_eq!(detect(""), Lang::Fr);
    }
}
