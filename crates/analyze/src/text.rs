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

/// The char starting at byte `at` of `s` (ASCII without decoding); `None` at the end or off a
/// char boundary.
#[inline]
pub fn char_at(s: &str, at: usize) -> Option<char> {
    let b = *s.as_bytes().get(at)?;
    if b.is_ascii() {
        Some(b as char)
    } else {
        s.get(at..)?.chars().next()
    }
}

/// The char ending at byte `at` of `s` (ASCII without decoding).
#[inline]
pub fn char_before(s: &str, at: usize) -> Option<char> {
    let b = *s.as_bytes().get(at.checked_sub(1)?)?;
    if b.is_ascii() {
        Some(b as char)
    } else {
        s.get(..at)?.chars().next_back()
    }
}

/// The lower case of a Latin-1 char (a single char; French accented letters) without the
/// search through the Unicode tables `char::to_lowercase` makes; `None` for other chars.
#[inline]
pub fn latin1_lower(c: char) -> Option<char> {
    match c {
        'A'..='Z' => Some(c.to_ascii_lowercase()),
        // upper-case letters, '×' aside, are their lower case less 0x20
        'À'..='Þ' if c != '×' => char::from_u32(c as u32 + 0x20),
        '\0'..='\u{ff}' => Some(c),
        _ => None,
    }
}

/// `c.is_alphanumeric()`, Latin-1 (French accented letters) and general punctuation without
/// the Unicode tables.
#[inline]
pub fn is_alnum(c: char) -> bool {
    match c as u32 {
        0..=0x7f => c.is_ascii_alphanumeric(),
        0xaa | 0xb2 | 0xb3 | 0xb5 | 0xb9 | 0xba | 0xbc..=0xbe => true,
        0xc0..=0xff => c != '×' && c != '÷',
        0x80..=0xbf => false,
        // General Punctuation (’ “ ” – … and the no-break spaces, common in French news) holds
        // no letter or digit.
        0x2000..=0x206f => false,
        _ => c.is_alphanumeric(),
    }
}

/// `c.is_alphabetic()`, Latin-1 and general punctuation without the Unicode tables.
#[inline]
pub fn is_alpha(c: char) -> bool {
    match c as u32 {
        0..=0x7f => c.is_ascii_alphabetic(),
        0xaa | 0xb5 | 0xba => true,
        0xc0..=0xff => c != '×' && c != '÷',
        0x80..=0xbf => false,
        0x2000..=0x206f => false,
        _ => c.is_alphabetic(),
    }
}

/// [`is_space`], ASCII and Latin-1 without the Unicode tables.
#[inline]
pub fn is_space_fast(c: char) -> bool {
    match c as u32 {
        0..=0x7f => matches!(c, ' ' | '\t'..='\r'),
        0x85 | 0xa0 => true,
        0x80..=0xff => false,
        _ => is_space(c),
    }
}

/// Chars with special cases for the shortcuts above and the tokenisers' own: ASCII, Latin-1,
/// Latin Extended, combining marks, Greek and Cyrillic, general punctuation (spaces, dashes,
/// quotes), letterlike symbols, ligatures, dotted İ and capital ß.
/// The chars of `s` that `wanted` accepts, with their byte offsets, found by their first byte:
/// only the bytes `lead` marks are decoded, not the text between them. `lead` must mark the
/// first UTF-8 byte of every char `wanted` accepts ([`lead_bytes`] builds it).
pub fn chars_led_by<'a, F: Fn(char) -> bool + 'a>(
    s: &'a str,
    lead: &'static [bool; 256],
    wanted: F,
) -> impl Iterator<Item = (usize, char)> + 'a {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(&x) = b.get(i) {
            let at = i;
            i += 1;
            if lead[usize::from(x)] {
                if let Some(c) = char_at(s, at) {
                    if wanted(c) {
                        return Some((at, c));
                    }
                }
            }
        }
        None
    })
}

/// A table of [`chars_led_by`] marking `bytes`.
pub const fn lead_bytes(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut k = 0;
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
}

/// Whether the two bytes `x`, `y` are a Latin-1 char that normalising leaves as it is (the
/// ones but U+0085, U+00A0, U+00B4 and the upper-case letters): ASCII lower-casing a run
/// that holds it normalises the run (used by the quote stage's word norms and the event
/// stage's sentence norms).
#[inline(always)]
pub fn kept_pair(x: u8, y: Option<&u8>) -> bool {
    match (x, y) {
        (0xC2, Some(&y)) => matches!(y, 0x80..=0xBF) && !matches!(y, 0x85 | 0xA0 | 0xB4),
        (0xC3, Some(&y)) => matches!(y, 0x97 | 0x9F..=0xBF),
        _ => false,
    }
}

#[cfg(test)]
pub(crate) fn sample_chars() -> impl Iterator<Item = char> {
    (0..0x600u32)
        .chain(0x1E00..0x1F00)
        .chain(0x2000..0x2200)
        .chain([0x212A, 0x2126, 0x3000, 0xFEFF, 0xFB01, 0x0130, 0x1E9E])
        .filter_map(char::from_u32)
}

/// The texts of the `.txt` files in each of `dirs` (paths from the folder that holds the
/// project, e.g. `shared/gold/fr-dev`), for the tests that pin a fast path to its reference on
/// real articles; an absent folder is skipped with a message (CI may run without `../shared`).
#[cfg(test)]
pub(crate) fn texts_in(dirs: &[&str]) -> Vec<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../..");
    let mut texts = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(format!("{root}/{dir}")) else {
            println!("SKIP: {root}/{dir} is absent");
            continue;
        };
        for e in entries.flatten() {
            if e.path().extension().is_some_and(|x| x == "txt") {
                texts.extend(std::fs::read_to_string(e.path()));
            }
        }
    }
    texts
}

/// The seed and dev articles of `../shared` (none when it is absent).
/// `n` distinct-looking words of eight letters that share few prefixes (`n` = 12,000 makes an
/// automaton of some 80,000 states: past 16-bit state numbers).
#[cfg(test)]
pub(crate) fn many_words(n: u64) -> Vec<String> {
    (0..n)
        .map(|i| {
            let x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20;
            (0..8)
                .map(|k| char::from(b'a' + ((x >> (5 * k)) % 26) as u8))
                .collect()
        })
        .collect()
}

#[cfg(test)]
pub(crate) fn dev_articles() -> Vec<String> {
    texts_in(&[
        "shared/examples/seed",
        "shared/gold/fr-dev",
        "shared/gold/en-dev",
    ])
}

/// The blank-line-separated paragraphs of `text`, as the tests' stand-in for the clean stage.
#[cfg(test)]
pub(crate) fn blank_line_paragraphs(text: &str) -> Vec<vigie_doc::Span> {
    let mut paras = Vec::new();
    let mut at = 0;
    for p in text.split("\n\n") {
        paras.push(vigie_doc::Span::new(at, at + p.len()));
        at += p.len() + 2;
    }
    paras
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chars_led_by_finds_what_a_char_filter_finds() {
        let text: String = sample_chars()
            .flat_map(|c| [c, 'a', '«', c, '…', ' '])
            .collect();
        let wanted = |c: char| matches!(c, '«' | '»' | '"' | '.' | '…' | '\'');
        const LEAD: [bool; 256] = lead_bytes(&[0xC2, 0xE2, b'"', b'.', b'\'']);
        let fast: Vec<(usize, char)> = chars_led_by(&text, &LEAD, wanted).collect();
        let slow: Vec<(usize, char)> = text.char_indices().filter(|&(_, c)| wanted(c)).collect();
        assert!(!slow.is_empty());
        assert_eq!(fast, slow);
    }

    #[test]
    fn latin1_shortcuts_are_the_unicode_tables() {
        for c in sample_chars() {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alpha(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_space_fast(c), is_space(c), "{c:?}");
            if let Some(l) = latin1_lower(c) {
                assert_eq!(c.to_lowercase().collect::<Vec<_>>(), [l], "{c:?}");
            }
        }
        let s = "aé€";
        assert_eq!(char_at(s, 1), Some('é'));
        assert_eq!(char_at(s, 2), None);
        assert_eq!(char_before(s, 3), Some('é'));
        assert_eq!(char_before(s, 0), None);
    }

    #[test]
    fn normalizes_apostrophes_spaces_case() {
        assert_eq!(normalize("L\u{2019}Ukraine\u{00A0}A"), "l'ukraine a");
    }
}
