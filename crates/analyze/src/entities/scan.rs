//! Scanning the text for the entity stage: its own light tokens (until the segmenter's are
//! there, and because names need their own joins: `Saint-Pierre-de-Chartreuse`, `U.S.`, `S&P`,
//! `O'Malley`), sentence starts, and a folded copy of the text for the lexicon automata.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use vigie_doc::Span;

use crate::text::{is_apostrophe, is_space};

/// One word or punctuation mark of a paragraph.
#[derive(Clone, Debug)]
pub struct Tok<'a> {
    /// Where it stands in the document text.
    pub span: Span,
    /// Folded form: lower case, no diacritics, apostrophes as `'` (a slice of the document's
    /// [`Folded`] text: folding is per character, so a token's fold is the fold of its span).
    pub fold: &'a str,
    /// Where `fold` starts in the folded text.
    pub fold_start: usize,
    /// A word (letters/digits), not punctuation.
    pub word: bool,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// Two or more letters, all upper case (`FMI`, `CD&V`, `U.S.`).
    pub caps: bool,
    /// First word of a sentence (or of a quotation opening a sentence).
    pub start: bool,
    /// Index of the paragraph it belongs to.
    pub para: usize,
}

/// Folds one character into `out`: lower case, without diacritics, apostrophes as `'`, spaces
/// as a plain space.
pub fn fold_char(c: char, out: &mut String) {
    if is_apostrophe(c) {
        out.push('\'');
    } else if is_space(c) {
        out.push(' ');
    } else if matches!(c, '\u{2010}' | '\u{2011}') {
        out.push('-');
    } else if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                out.extend(d.to_lowercase());
            }
        });
    }
}

/// The folded form of a string (see [`fold_char`]).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// A folded copy of a text with, for each folded byte, the original byte offset it came from.
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// `map[i]` is the original offset of folded byte `i`; `map[text.len()]` is the end.
    pub map: Vec<usize>,
}

impl Folded {
    /// Folds `text`.
    pub fn new(text: &str) -> Folded {
        let bytes = text.as_bytes();
        let mut out: Vec<u8> = Vec::with_capacity(text.len() + 16);
        let mut map = Vec::with_capacity(text.len() + 17);
        let mut i = 0;
        let mut buf = String::new();
        while i < bytes.len() {
            // The common case, a run of ASCII, one byte in, one byte out: what `fold_char` does
            // to ASCII.
            let run = bytes[i..]
                .iter()
                .position(|b| !b.is_ascii())
                .map_or(bytes.len(), |k| i + k);
            if run > i {
                out.extend(bytes[i..run].iter().map(|&b| {
                    if b.is_ascii_whitespace() || b == 0x0b {
                        b' '
                    } else if b == b'`' {
                        b'\''
                    } else {
                        b.to_ascii_lowercase()
                    }
                }));
                map.extend(i..run);
                i = run;
                continue;
            }
            let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
                break;
            };
            buf.clear();
            fold_char(c, &mut buf);
            out.extend_from_slice(buf.as_bytes());
            map.extend(std::iter::repeat_n(i, buf.len()));
            i += c.len_utf8();
        }
        map.push(text.len());
        // Whole characters were pushed: the bytes are UTF-8.
        let text = String::from_utf8(out).unwrap_or_default();
        Folded { text, map }
    }

    /// The folded offset of original offset `orig`: the first folded byte that comes from
    /// `orig` or after. `hint` is a cursor for ascending queries (linear overall); a query
    /// behind it falls back to a binary search.
    fn folded_at(&self, orig: usize, hint: &mut usize) -> usize {
        let mut i = *hint;
        if i > self.map.len() || (i > 0 && self.map[i - 1] >= orig) {
            i = self.map.partition_point(|&m| m < orig);
        } else {
            while i < self.map.len() && self.map[i] < orig {
                i += 1;
            }
        }
        *hint = i;
        i.min(self.text.len())
    }

    /// The original span of a folded byte range.
    pub fn original(&self, start: usize, end: usize) -> Span {
        let s = self.map.get(start).copied().unwrap_or(0);
        // The end maps to the start of the next folded char's source, or the text end.
        let e = self.map.get(end).copied().unwrap_or(s);
        Span::new(s, e.max(s))
    }
}

/// French elided words split from what follows (`l'Ukraine` = `l'` + `Ukraine`).
const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Tokenises the paragraphs of `text`; `folded` is [`Folded::new`] of the same text.
pub fn tokenize<'a>(text: &str, paragraphs: &[Span], folded: &'a Folded) -> Vec<Tok<'a>> {
    let mut toks = Vec::with_capacity(text.len() / 5);
    let mut chars = Vec::new();
    let mut hint = 0;
    for (pi, p) in paragraphs.iter().enumerate() {
        let Some(para) = text.get(p.start..p.end) else {
            continue;
        };
        let mut out = Out {
            toks: &mut toks,
            folded,
            hint: &mut hint,
        };
        tokenize_para(para, p.start, pi, &mut chars, &mut out);
    }
    mark_starts(&mut toks, text);
    toks
}

/// Where tokens go, with the folded text their folds are cut from.
struct Out<'t, 'a> {
    toks: &'t mut Vec<Tok<'a>>,
    folded: &'a Folded,
    hint: &'t mut usize,
}

/// Is `word` (its characters) one of [`ELISIONS`] once lower-cased?
fn is_elision(word: &[(usize, char)]) -> bool {
    // Lower-casing never shortens a character: a word longer than every elision is none.
    word.len() <= 6
        && ELISIONS.iter().any(|e| {
            e.chars()
                .eq(word.iter().flat_map(|&(_, c)| c.to_lowercase()))
        })
}

fn tokenize_para(
    para: &str,
    base: usize,
    pi: usize,
    chars: &mut Vec<(usize, char)>,
    toks: &mut Out,
) {
    chars.clear();
    chars.reserve(para.len());
    chars.extend(para.char_indices());
    let chars = &chars[..];
    let n = chars.len();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let off = |i: usize| chars.get(i).map(|&(o, _)| o).unwrap_or(para.len());
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        if is_space(c) {
            i += 1;
            continue;
        }
        let start = i;
        if is_word_char(c) {
            let mut j = i + 1;
            loop {
                match at(j) {
                    Some(d) if is_word_char(d) => j += 1,
                    // Inner joiners: hyphen, ampersand, slash between letters/digits.
                    Some('-' | '\u{2010}' | '\u{2011}' | '&' | '/')
                        if at(j + 1).is_some_and(is_word_char) =>
                    {
                        j += 1
                    }
                    // Dotted abbreviations: U.S., Ga.
                    Some('.')
                        if at(j + 1).is_some_and(|d| d.is_uppercase())
                            && at(j + 2) == Some('.')
                            && j - start <= 2 =>
                    {
                        j += 1
                    }
                    Some('.')
                        if j - start == 1
                            && chars[start].1.is_uppercase()
                            && j >= 2
                            && at(j - 2) == Some('.') =>
                    {
                        j += 1;
                        break;
                    }
                    Some(a) if is_apostrophe(a) && at(j + 1).is_some_and(is_word_char) => {
                        if is_elision(&chars[start..j]) {
                            // Elision: keep the apostrophe with the first part, split.
                            j += 1;
                            break;
                        }
                        // English possessive 's: split before the apostrophe.
                        if matches!(at(j + 1), Some('s' | 'S'))
                            && !at(j + 2).is_some_and(is_word_char)
                        {
                            break;
                        }
                        j += 1;
                    }
                    _ => break,
                }
            }
            // A trailing dot of a dotted abbreviation (U.S.) belongs to it.
            if at(j) == Some('.') && j >= start + 3 && at(j - 2) == Some('.') {
                j += 1;
            }
            push(toks, para, base, off(start), off(j), pi, true);
            i = j;
        } else {
            // Possessive 's as one token.
            if is_apostrophe(c)
                && matches!(at(i + 1), Some('s' | 'S'))
                && !at(i + 2).is_some_and(is_word_char)
                && i > 0
                && !is_space(chars[i - 1].1)
            {
                push(toks, para, base, off(i), off(i + 2), pi, true);
                i += 2;
                continue;
            }
            push(toks, para, base, off(i), off(i + 1), pi, false);
            i += 1;
        }
    }
}

fn push(out: &mut Out, para: &str, base: usize, s: usize, e: usize, pi: usize, word: bool) {
    let t = &para[s..e];
    let mut letters = 0;
    let mut upper = 0;
    // Only words can be all capitals: punctuation skips the count.
    if word && t.is_ascii() {
        for b in t.bytes() {
            if b.is_ascii_alphabetic() {
                letters += 1;
                if b.is_ascii_uppercase() {
                    upper += 1;
                }
            }
        }
    } else if word {
        for c in t.chars() {
            if c.is_alphabetic() {
                letters += 1;
                if c.is_uppercase() {
                    upper += 1;
                }
            }
        }
    }
    // "al-Maliki", "el-Sisi", "ben-Gourion", "bin-Salman": a particle, then the name. (The
    // particles are at most four bytes: only the first five can hold the hyphen.)
    let particle_cap = word
        && t.bytes().take(5).position(|b| b == b'-').is_some_and(|k| {
            matches!(
                &t[..k],
                "al" | "el"
                    | "ben"
                    | "bin"
                    | "ibn"
                    | "abu"
                    | "ould"
                    | "ag"
                    | "ad"
                    | "as"
                    | "ash"
                    | "az"
            ) && t[k + 1..].chars().next().is_some_and(|c| c.is_uppercase())
        });
    let cap = word && (t.chars().next().is_some_and(|c| c.is_uppercase()) || particle_cap);
    let fs = out.folded.folded_at(base + s, out.hint);
    let fe = out.folded.folded_at(base + e, out.hint);
    out.toks.push(Tok {
        span: Span::new(base + s, base + e),
        fold: out.folded.text.get(fs..fe).unwrap_or(""),
        fold_start: fs,
        word,
        cap,
        caps: word && letters >= 2 && upper == letters,
        start: false,
        para: pi,
    });
}

/// Words after which a dot does not end the sentence: honorifics, initials, abbreviations.
fn is_abbrev(w: &str) -> bool {
    // None of them is longer than five bytes (most words are).
    if w.len() > 5 {
        return false;
    }
    let mut chars = w.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    matches!(
        w,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "St"
            | "Jr"
            | "Sr"
            | "Inc"
            | "Co"
            | "Corp"
            | "Ltd"
            | "Mt"
            | "Gen"
            | "Col"
            | "Lt"
            | "Sgt"
            | "Capt"
            | "Rep"
            | "Sen"
            | "Gov"
            | "Pr"
            | "Me"
            | "Mme"
            | "Mlle"
            | "MM"
            | "No"
            | "vs"
            | "etc"
            | "Prof"
            | "Calif"
            | "Ga"
            | "Fla"
            | "Mass"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Aug"
            | "Sept"
            | "Sep"
            | "Oct"
            | "Nov"
            | "Dec"
            | "av"
            | "J.-C"
            | "cf"
            | "p"
            | "Adm"
            | "Maj"
            | "Ste"
    )
}

/// Marks sentence starts: a paragraph's first word, a word after `.`, `!`, `?`, `:` or `…`
/// (through opening quotes and dashes).
fn mark_starts(toks: &mut [Tok<'_>], text: &str) {
    let mut expect = true;
    let mut para = usize::MAX;
    let mut prev_abbrev = false;
    for t in toks.iter_mut() {
        let was_abbrev = prev_abbrev;
        prev_abbrev = t.word && is_abbrev(text.get(t.span.start..t.span.end).unwrap_or(""));
        let prev_abbrev = was_abbrev;
        if t.para != para {
            para = t.para;
            expect = true;
        }
        if t.word {
            t.start = expect;
            expect = false;
        } else {
            let s = text.get(t.span.start..t.span.end).unwrap_or("");
            match s {
                "." if prev_abbrev => {}
                "." | "!" | "?" | "…" | ":" => expect = true,
                "«" | "“" | "\"" | "—" | "–" | "(" | "-" | "‘" | "'" => {}
                _ => expect = false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let folded = Folded::new(text);
        tokenize(text, &[Span::new(0, text.len())], &folded)
            .iter()
            .map(|t| &text[t.span.start..t.span.end])
            .collect()
    }

    #[test]
    fn splits_elisions_keeps_names_whole() {
        assert_eq!(
            words("l'Ukraine et Saint-Pierre-de-Chartreuse, O'Malley's U.S. S&P"),
            [
                "l'",
                "Ukraine",
                "et",
                "Saint-Pierre-de-Chartreuse",
                ",",
                "O'Malley",
                "'s",
                "U.S.",
                "S&P"
            ]
        );
    }

    #[test]
    fn folds_accents_and_apostrophes() {
        assert_eq!(fold("États-Unis d’Amérique"), "etats-unis d'amerique");
        let f = Folded::new("Élysée");
        assert_eq!(f.text, "elysee");
        assert_eq!(f.original(0, 6), Span::new(0, 8));
    }

    #[test]
    fn folded_text_is_the_fold_char_by_char() {
        let text = "A`b\x0bC\td’É\u{00A0}x\u{2011}y Œ ﬁ\u{0301}z\r\n";
        let f = Folded::new(text);
        assert_eq!(f.text, fold(text));
        let mut map = Vec::new();
        for (i, c) in text.char_indices() {
            map.extend(std::iter::repeat_n(i, fold(&c.to_string()).len()));
        }
        map.push(text.len());
        assert_eq!(f.map, map);
    }

    #[test]
    fn token_folds_are_the_folds_of_their_text() {
        let text = "L\u{2019}Élysée\tÉTATS-UNIS  d\u{2019}Amérique, Œuvre ﬁn Straße İstanbul.";
        let folded = Folded::new(text);
        let toks = tokenize(
            text,
            &[Span::new(0, 12), Span::new(13, text.len())],
            &folded,
        );
        assert!(toks.len() > 8);
        for t in &toks {
            assert_eq!(t.fold, fold(&text[t.span.start..t.span.end]));
        }
    }

    #[test]
    fn marks_sentence_starts() {
        let text = "Le chat. « Il dort », dit Paul.";
        let folded = Folded::new(text);
        let toks = tokenize(text, &[Span::new(0, text.len())], &folded);
        let starts: Vec<_> = toks
            .iter()
            .filter(|t| t.start)
            .map(|t| &text[t.span.start..t.span.end])
            .collect();
        assert_eq!(starts, ["Le", "Il"]);
    }
}
