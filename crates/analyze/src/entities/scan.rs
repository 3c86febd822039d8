//! Scanning the text for the entity stage: its own light tokens (until the segmenter's are
//! there, and because names need their own joins: `Saint-Pierre-de-Chartreuse`, `U.S.`, `S&P`,
//! `O'Malley`), sentence starts, and a folded copy of the text for the lexicon automata.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use vigie_doc::Span;

use crate::text::{is_apostrophe, is_space};

/// One word or punctuation mark of a paragraph.
#[derive(Clone, Debug)]
pub struct Tok {
    /// Where it stands in the document text.
    pub span: Span,
    /// Folded form: lower case, no diacritics, apostrophes as `'`.
    pub fold: String,
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
        let mut out = String::with_capacity(text.len() + 16);
        let mut map = Vec::with_capacity(text.len() + 17);
        for (i, c) in text.char_indices() {
            let before = out.len();
            fold_char(c, &mut out);
            map.extend(std::iter::repeat_n(i, out.len() - before));
        }
        map.push(text.len());
        Folded { text: out, map }
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

/// Tokenises the paragraphs of `text`.
pub fn tokenize(text: &str, paragraphs: &[Span]) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(text.len() / 5);
    for (pi, p) in paragraphs.iter().enumerate() {
        let Some(para) = text.get(p.start..p.end) else {
            continue;
        };
        tokenize_para(para, p.start, pi, &mut toks);
    }
    mark_starts(&mut toks, text);
    toks
}

fn tokenize_para(para: &str, base: usize, pi: usize, toks: &mut Vec<Tok>) {
    let chars: Vec<(usize, char)> = para.char_indices().collect();
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
                        let word: String = chars[start..j].iter().map(|&(_, c)| c).collect();
                        let lw = word.to_lowercase();
                        if ELISIONS.contains(&lw.as_str()) {
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

fn push(toks: &mut Vec<Tok>, para: &str, base: usize, s: usize, e: usize, pi: usize, word: bool) {
    let t = &para[s..e];
    let mut letters = 0;
    let mut upper = 0;
    for c in t.chars() {
        if c.is_alphabetic() {
            letters += 1;
            if c.is_uppercase() {
                upper += 1;
            }
        }
    }
    // "al-Maliki", "el-Sisi", "ben-Gourion", "bin-Salman": a particle, then the name.
    let particle_cap = t.split_once('-').is_some_and(|(a, b)| {
        matches!(
            a,
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
        ) && b.chars().next().is_some_and(|c| c.is_uppercase())
    });
    let cap = word && (t.chars().next().is_some_and(|c| c.is_uppercase()) || particle_cap);
    toks.push(Tok {
        span: Span::new(base + s, base + e),
        fold: fold(t),
        word,
        cap,
        caps: word && letters >= 2 && upper == letters,
        start: false,
        para: pi,
    });
}

/// Words after which a dot does not end the sentence: honorifics, initials, abbreviations.
fn is_abbrev(w: &str) -> bool {
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
fn mark_starts(toks: &mut [Tok], text: &str) {
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
        tokenize(text, &[Span::new(0, text.len())])
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
    fn marks_sentence_starts() {
        let text = "Le chat. « Il dort », dit Paul.";
        let toks = tokenize(text, &[Span::new(0, text.len())]);
        let starts: Vec<_> = toks
            .iter()
            .filter(|t| t.start)
            .map(|t| &text[t.span.start..t.span.end])
            .collect();
        assert_eq!(starts, ["Le", "Il"]);
    }
}
