//! Character-level helpers shared by the stages: normalisation into token fields (never by
//! rewriting the text), apostrophes and quotation marks.

/// True for every apostrophe variant vigie treats as `'`.
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '`'
    )
}

/// True for spaces including no-break and thin spaces.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}')
}

/// The normalised form of a piece of text: apostrophes as `'`, no-break spaces as spaces,
/// lower-cased. Used for token `norm` fields and lexicon keys.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_apostrophe(c) {
            out.push('\'');
        } else if is_space(c) {
            out.push(' ');
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_apostrophes_spaces_case() {
        assert_eq!(normalize("L\u{2019}Ukraine\u{00A0}A"), "l'ukraine a");
    }
}
