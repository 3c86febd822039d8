//! Text scanning for the quote stage: a lower-cased copy of the text with a byte map back to it
//! (for the cue automata), a small word tokenizer and a sentence splitter that never cuts inside
//! quotation marks. Segmentation proper is the `segment` stage's; this keeps the quote stage
//! independent of it while it is rebuilt.

use vigie_doc::Span;

use crate::text::{is_apostrophe, is_space};

/// The text lower-cased (apostrophes as `'`, spaces as ` `, hyphens as `-`), with the byte offset
/// in the original text of every byte.
pub(crate) struct Norm {
    pub(crate) s: String,
    map: Vec<usize>,
}

impl Norm {
    pub(crate) fn new(text: &str) -> Norm {
        let mut s = String::with_capacity(text.len());
        let mut map = Vec::with_capacity(text.len() + 1);
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // ASCII runs byte by byte (what the char loop below does for them)
            let b = bytes[i];
            if b.is_ascii() {
                let n = match b {
                    b'`' => b'\'',
                    b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' => b' ',
                    _ => b.to_ascii_lowercase(),
                };
                s.push(n as char);
                map.push(i);
                i += 1;
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let n = if is_apostrophe(c) {
                '\''
            } else if is_space(c) {
                ' '
            } else if matches!(c, '\u{2010}' | '\u{2011}') {
                '-'
            } else {
                let mut l = c.to_lowercase();
                match (l.next(), l.next()) {
                    (Some(x), None) => x,
                    _ => c,
                }
            };
            let before = s.len();
            s.push(n);
            for _ in before..s.len() {
                map.push(i);
            }
            i += c.len_utf8();
        }
        map.push(text.len());
        Norm { s, map }
    }

    /// The original byte offset of a normalised offset that starts a char.
    pub(crate) fn orig(&self, at: usize) -> usize {
        self.map.get(at).copied().unwrap_or(usize::MAX)
    }

    /// The original end offset of a normalised match ending at `end`.
    pub(crate) fn orig_end(&self, end: usize, text: &str) -> usize {
        if end >= self.s.len() {
            return text.len();
        }
        self.orig(end)
    }
}

/// Is the char at a word boundary position (not a letter/digit)?
pub(crate) fn boundary_before(s: &str, at: usize) -> bool {
    match s[..at].chars().next_back() {
        None => true,
        Some(c) => !(c.is_alphanumeric() || c == '-'),
    }
}

/// Is the match end at a word boundary?
pub(crate) fn boundary_after(s: &str, at: usize) -> bool {
    match s[at..].chars().next() {
        None => true,
        Some(c) => !(c.is_alphanumeric() || c == '-' || c == '\''),
    }
}

/// A word or punctuation mark.
#[derive(Clone, Debug)]
pub(crate) struct Tok {
    pub(crate) span: Span,
    /// Lower case, apostrophes as `'`.
    pub(crate) norm: String,
    pub(crate) word: bool,
    /// Starts with an upper-case letter.
    pub(crate) cap: bool,
}

const ELISIONS: &[&str] = &[
    "l", "d", "qu", "s", "n", "c", "j", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// Tokenizes `text[span]`: words (letters/digits with inner `-`, `'`, `.`, `&`), French elisions
/// split off (`l'agence` -> `l'`, `agence`), every other non-space char a token of its own.
pub(crate) fn tokenize(text: &str, span: Span) -> Vec<Tok> {
    let mut out = Vec::new();
    tokenize_into(text, span, &mut out, &mut Vec::new());
    out
}

/// Is `chars` (a word before an apostrophe) an elided word, and a short one?
fn elision(s: &str, chars: &[(usize, char)]) -> (bool, bool) {
    let (Some(&(a, _)), Some(&(b, c))) = (chars.first(), chars.last()) else {
        return (false, false);
    };
    let w = &s[a..b + c.len_utf8()];
    if w.is_ascii() {
        let hit = ELISIONS.iter().any(|e| e.eq_ignore_ascii_case(w));
        return (hit, hit && w.len() <= 2);
    }
    let w: String = chars.iter().flat_map(|x| x.1.to_lowercase()).collect();
    let hit = ELISIONS.contains(&w.as_str());
    (hit, hit && w.len() <= 2)
}

/// `crate::text::normalize` with a fast path for ASCII.
fn norm_of(w: &str) -> String {
    if w.is_ascii() {
        let mut out = String::with_capacity(w.len());
        for b in w.bytes() {
            out.push(match b {
                b'`' => '\'',
                b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' => ' ',
                _ => b.to_ascii_lowercase() as char,
            });
        }
        return out;
    }
    crate::text::normalize(w)
}

/// Tokenizes `text[span]` onto `out`; `chars` is scratch space.
fn tokenize_into(text: &str, span: Span, out: &mut Vec<Tok>, chars: &mut Vec<(usize, char)>) {
    let s = text.get(span.start..span.end).unwrap_or("");
    let base = span.start;
    chars.clear();
    chars.extend(s.char_indices());
    let chars = &chars[..];
    let mut i = 0;
    while i < chars.len() {
        let (off, c) = chars[i];
        if is_space(c) {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < chars.len() {
                let c2 = chars[j].1;
                if c2.is_alphanumeric() {
                    j += 1;
                    continue;
                }
                let next_alnum = chars.get(j + 1).is_some_and(|x| x.1.is_alphanumeric());
                // an elided article or pronoun keeps its apostrophe even at the end of the
                // scanned span ("comme l'" before the cue "écrit")
                if is_apostrophe(c2) && !next_alnum {
                    if elision(s, &chars[i..j]).1 {
                        j += 1;
                    }
                    break;
                }
                if (c2 == '-' || is_apostrophe(c2) || c2 == '.' || c2 == '&') && next_alnum {
                    // elision: split after the apostrophe
                    if is_apostrophe(c2) && elision(s, &chars[i..j]).0 {
                        j += 1;
                        break;
                    }
                    j += 1;
                    continue;
                }
                break;
            }
            // keep the abbreviation dot of a title-like token ("M.", "Dr.", "Inc.")
            let mut end_off = chars.get(j).map_or(s.len(), |x| x.0);
            if chars.get(j).is_some_and(|x| x.1 == '.') {
                let w = &s[off..end_off];
                if is_abbrev(w) {
                    end_off += 1;
                    j += 1;
                }
            }
            let w = &s[off..end_off];
            // "al-Maliki", "el-Sisi": a lower-case particle joined to a name
            let cap = c.is_uppercase()
                || w.split_once('-').is_some_and(|(a, b)| {
                    a.chars().count() <= 3 && b.starts_with(char::is_uppercase)
                });
            out.push(Tok {
                span: Span::new(base + off, base + end_off),
                norm: norm_of(w),
                word: true,
                cap,
            });
            i = j;
        } else {
            let end_off = chars.get(i + 1).map_or(s.len(), |x| x.0);
            out.push(Tok {
                span: Span::new(base + off, base + end_off),
                norm: norm_of(&s[off..end_off]),
                word: false,
                cap: false,
            });
            i += 1;
        }
    }
}

/// The tokens of every paragraph, tokenized once per document; the tokens of a sub-span are a
/// slice of its paragraph's list when that gives what [`tokenize`] on the sub-span would (the
/// span neither cuts a token nor ends right after a long elision such as "jusqu'"), else the
/// sub-span is tokenized on its own.
pub(crate) struct TokIndex {
    toks: Vec<Tok>,
    /// Paragraphs sorted by start, each with its range in `toks`.
    paras: Vec<(Span, usize, usize)>,
}

impl TokIndex {
    pub(crate) fn new(text: &str, paragraphs: &[Span]) -> TokIndex {
        let mut order: Vec<Span> = paragraphs.to_vec();
        order.sort_by_key(|p| (p.start, p.end));
        let mut toks = Vec::with_capacity(text.len() / 5 + 1);
        let mut paras = Vec::with_capacity(order.len());
        let mut chars = Vec::new();
        for p in order {
            let a = toks.len();
            tokenize_into(text, p, &mut toks, &mut chars);
            paras.push((p, a, toks.len()));
        }
        TokIndex { toks, paras }
    }

    /// What `tokenize(text, span)` gives.
    pub(crate) fn get<'s>(&'s self, text: &str, span: Span) -> std::borrow::Cow<'s, [Tok]> {
        use std::borrow::Cow;
        if span.start > span.end || text.get(span.start..span.end).is_none() {
            return Cow::Owned(Vec::new());
        }
        if let Some(slice) = self.slice(span) {
            return Cow::Borrowed(slice);
        }
        Cow::Owned(tokenize(text, span))
    }

    fn slice(&self, span: Span) -> Option<&[Tok]> {
        let i = self
            .paras
            .partition_point(|(p, _, _)| p.start <= span.start)
            .checked_sub(1)?;
        let (p, a, b) = self.paras[i];
        if span.end > p.end {
            return None;
        }
        let t = &self.toks[a..b];
        let lo = t.partition_point(|x| x.span.start < span.start);
        if lo > 0 && t[lo - 1].span.end > span.start {
            return None;
        }
        let hi = t.partition_point(|x| x.span.end <= span.end);
        if hi < t.len() && t[hi].span.start < span.end {
            return None;
        }
        if hi <= lo {
            return Some(&[]);
        }
        let last = &t[hi - 1];
        // at the end of a span, only a short elision keeps its apostrophe
        if last.span.end == span.end && last.norm.ends_with('\'') && last.norm.len() > 3 {
            return None;
        }
        Some(&t[lo..hi])
    }
}

/// Intervals sorted by start with the running maximum of their ends: "does any interval start
/// by X and end after Y" in a binary search.
#[derive(Default)]
pub(crate) struct Reach {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl Reach {
    pub(crate) fn new(mut v: Vec<(usize, usize)>) -> Reach {
        v.sort_unstable();
        let mut max_end = Vec::with_capacity(v.len());
        let mut m = 0;
        for &(_, e) in &v {
            m = m.max(e);
            max_end.push(m);
        }
        Reach {
            starts: v.into_iter().map(|(s, _)| s).collect(),
            max_end,
        }
    }

    /// The largest end among the intervals that start at or before `at`.
    pub(crate) fn max_end_by(&self, at: usize) -> Option<usize> {
        let n = self.starts.partition_point(|&s| s <= at);
        n.checked_sub(1).map(|i| self.max_end[i])
    }

    /// The largest end among the intervals that start strictly before `at`.
    pub(crate) fn max_end_before(&self, at: usize) -> Option<usize> {
        let n = self.starts.partition_point(|&s| s < at);
        n.checked_sub(1).map(|i| self.max_end[i])
    }
}

/// Abbreviations whose dot does not end a sentence.
pub(crate) fn is_abbrev(w: &str) -> bool {
    matches!(
        w,
        "M" | "Mme"
            | "Mlle"
            | "Dr"
            | "Pr"
            | "Me"
            | "Mgr"
            | "Mr"
            | "Mrs"
            | "Ms"
            | "St"
            | "Inc"
            | "Jr"
            | "Sr"
            | "Co"
            | "Corp"
            | "Ltd"
            | "Gen"
            | "Lt"
            | "Col"
            | "Sgt"
            | "Capt"
            | "Gov"
            | "Sen"
            | "Rep"
            | "Prof"
            | "Rev"
            | "No"
            | "vs"
            | "etc"
            | "av"
            | "env"
    ) || (w.chars().count() == 1 && w.chars().all(|c| c.is_uppercase()))
        || (w.contains('.') && w.split('.').all(|p| p.chars().count() == 1))
}

/// Splits each paragraph into sentences; never inside a quoted span (`inside` sorted, as
/// (open, close) byte ranges).
pub(crate) fn sentences(text: &str, paragraphs: &[Span], inside: &[(usize, usize)]) -> Vec<Span> {
    let mut out = Vec::new();
    let inside = Reach::new(inside.to_vec());
    for p in paragraphs {
        let s = text.get(p.start..p.end).unwrap_or("");
        let bytes = s.as_bytes();
        let mut start = p.start;
        // the start of the last word so far, and whether the char before `off` is alphanumeric
        let mut prev_word_start = p.start;
        let mut prev_alnum = false;
        let mut off = 0;
        while off < bytes.len() {
            // ASCII byte by byte, other chars decoded
            let c = match bytes[off] {
                b if b.is_ascii() => b as char,
                _ => match s[off..].chars().next() {
                    Some(c) => c,
                    None => break,
                },
            };
            let here = off;
            off += c.len_utf8();
            let alnum = if c.is_ascii() {
                c.is_ascii_alphanumeric()
            } else {
                c.is_alphanumeric()
            };
            let at = p.start + here;
            if at < start {
                // Already consumed by the previous boundary ("... ...": its run of marks).
                prev_alnum = alnum;
                continue;
            }
            if alnum && here > 0 && !prev_alnum {
                prev_word_start = at;
            }
            prev_alnum = alnum;
            if !matches!(c, '.' | '!' | '?' | '…') {
                continue;
            }
            if let Some(b) = boundary_after_mark(text, p, s, here, c, &inside, prev_word_start) {
                out.push(Span::new(start, b.0));
                start = b.1;
            }
        }
        if start < p.end {
            out.push(Span::new(start, p.end));
        }
    }
    out
}

/// Does the sentence mark `c` at `s[at..]` (`s` is paragraph `p`) end a sentence? Then the
/// sentence's end (after its run of marks and closing quotes) and the next one's start.
fn boundary_after_mark(
    text: &str,
    p: &Span,
    s: &str,
    at: usize,
    c: char,
    inside: &Reach,
    prev_word_start: usize,
) -> Option<(usize, usize)> {
    let pos = p.start + at;
    if inside.max_end_before(pos).is_some_and(|cl| pos < cl) {
        return None;
    }
    // the run of marks and closing quotes, then spaces, then an upper-case letter, a quote
    // mark or a digit
    let rest = &s[at + c.len_utf8()..];
    let run = rest.trim_start_matches(['.', '!', '?', '"', '»', '”', ')']);
    if !run.starts_with(is_space) {
        return None;
    }
    let next = run.trim_start_matches(is_space);
    let nc = next.chars().next()?;
    if !(nc.is_uppercase()
        || matches!(nc, '«' | '"' | '“' | '‘' | '\'' | '-' | '–' | '—')
        || nc.is_numeric())
    {
        return None;
    }
    if c == '.' && is_abbrev(text.get(prev_word_start..pos).unwrap_or("")) {
        return None;
    }
    let end = p.end - run.len();
    let next_start = p.end - next.len();
    Some((end, next_start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_maps_back() {
        let t = "L\u{2019}État A";
        let n = Norm::new(t);
        assert_eq!(n.s, "l'état a");
        let at = n.s.find("état").unwrap();
        assert_eq!(&t[n.orig(at)..], "État A");
    }

    #[test]
    fn tokenize_splits_elisions_keeps_names() {
        let t = "l'agence d'O'Malley M. Sullivan, U.S.";
        let toks: Vec<_> = tokenize(t, Span::new(0, t.len()))
            .into_iter()
            .map(|x| x.norm)
            .collect();
        assert_eq!(
            toks,
            ["l'", "agence", "d'", "o'malley", "m.", "sullivan", ",", "u.s."]
        );
    }

    #[test]
    fn sentences_after_a_run_of_marks() {
        // Found by the property tests (issue 9): a run of dots then a space made a reversed span.
        let text = "... Paris. ... Ok";
        let spans = sentences(text, &[Span::new(0, text.len())], &[]);
        assert!(spans
            .iter()
            .all(|s| s.start <= s.end && s.end <= text.len()));
    }

    #[test]
    fn sentences_skip_quotes_and_abbreviations() {
        let t = "« Un. Deux », dit M. Dupont. Puis il part.";
        let close = t.find('»').unwrap();
        let s = sentences(t, &[Span::new(0, t.len())], &[(0, close)]);
        let got: Vec<_> = s.iter().map(|x| &t[*x]).collect();
        assert_eq!(got, ["« Un. Deux », dit M. Dupont.", "Puis il part."]);
    }
}
