//! Scanning the text for the entity stage: its own light tokens (until the segmenter's are
//! there, and because names need their own joins: `Saint-Pierre-de-Chartreuse`, `U.S.`, `S&P`,
//! `O'Malley`), sentence starts, and a folded copy of the text for the lexicon automata.

use std::sync::OnceLock;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use vigie_doc::Span;

use crate::segment::ascii_alnum_end;
use crate::text::{char_at, is_alnum, is_alpha, is_apostrophe, is_space, is_space_fast};

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

/// The folded form of a string (see [`fold_char`]; ASCII chars from its table).
pub fn fold(s: &str) -> String {
    let ascii = &byte_folds().ascii;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(char::from(ascii[c as usize]));
        } else {
            fold_char(c, &mut out);
        }
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

/// The folds of the chars below U+0100 (ASCII and Latin-1: most letters of French and
/// English text), computed once by [`fold_char`] itself, so that folding a text looks them up
/// instead of decomposing them.
struct ByteFolds {
    /// The fold of each ASCII char (always one byte).
    ascii: [u8; 128],
    /// The fold of each char below U+0100 and its length; `u8::MAX` if it does not fit.
    latin1: [([u8; 4], u8); 256],
}

fn byte_folds() -> &'static ByteFolds {
    static FOLDS: OnceLock<ByteFolds> = OnceLock::new();
    FOLDS.get_or_init(|| {
        let mut folds = ByteFolds {
            ascii: [0; 128],
            latin1: [([0; 4], u8::MAX); 256],
        };
        let mut buf = String::new();
        for (cp, slot) in folds.latin1.iter_mut().enumerate() {
            let Some(c) = char::from_u32(cp as u32) else {
                continue;
            };
            buf.clear();
            fold_char(c, &mut buf);
            if buf.len() <= 4 {
                slot.0[..buf.len()].copy_from_slice(buf.as_bytes());
                slot.1 = buf.len() as u8;
            }
        }
        for (b, a) in folds.ascii.iter_mut().enumerate() {
            // ASCII folds to one ASCII byte (lower case, `'`, a space): see `fold_char`.
            *a = folds.latin1[b].0[0];
        }
        folds
    })
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// How many of eight bytes of text (little-endian), from the first, are plain ASCII: neither
/// a control char (below `0x20`: tabs and line breaks fold to a space), nor '`' (an
/// apostrophe), nor non-ASCII. [`fold_char`] folds a plain ASCII char to its ASCII lower case
/// (pinned by a test).
#[inline]
fn plain_ascii_len(w: u64) -> usize {
    // Per byte below 0x80, `b + (0x80 - x)` has its high bit set iff `b >= x`.
    let control = !w.wrapping_add(ONES * (0x80 - 0x20));
    let grave = {
        let z = w ^ (ONES * 0x60);
        z.wrapping_sub(ONES) & !z
    };
    let bad = (w | control | grave) & HIGH;
    (bad.trailing_zeros() / 8) as usize
}

/// Whether one byte is plain ASCII (see [`plain_ascii_len`]).
#[inline]
fn is_plain_ascii(b: u8) -> bool {
    (0x20..0x80).contains(&b) && b != b'`'
}

/// The ASCII lower case of the bytes of `w` (little-endian) below `0x80`, all at once. (The
/// bytes above the first one from `0x80` on may be wrong: carries go upwards.)
#[inline]
fn ascii_lower(w: u64) -> u64 {
    // Per byte below 0x80, `b + (0x80 - x)` has its high bit set iff `b >= x`.
    let ge = |x: u64| w.wrapping_add(ONES * (0x80 - x));
    let upper = ge(0x41) & !ge(0x5b) & HIGH;
    // `0x20` (to lower case) where the high bit marks a capital.
    w | (upper >> 2)
}

/// Folds the run of plain ASCII bytes (see [`plain_ascii_len`]) that starts at byte `i` of
/// `b` into `out`, with its origins into `map` (as [`Folded::new`] does); returns the run's
/// end. Eight bytes at a time: lower-cased at once, and a partial word is pushed whole and
/// cut back (fixed-size copies, no call to `memcpy`), then byte by byte.
#[inline]
fn fold_plain_run(b: &[u8], mut i: usize, out: &mut Vec<u8>, map: &mut Vec<usize>) -> usize {
    while let Some(w) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        let w = u64::from_le_bytes(word);
        let k = plain_ascii_len(w);
        let (o, m) = (out.len(), map.len());
        out.extend_from_slice(&ascii_lower(w).to_le_bytes());
        map.extend_from_slice(&std::array::from_fn::<usize, 8, _>(|d| i + d));
        i += k;
        if k < 8 {
            out.truncate(o + k);
            map.truncate(m + k);
            return i;
        }
    }
    while let Some(&x) = b.get(i).filter(|&&x| is_plain_ascii(x)) {
        out.push(x.to_ascii_lowercase());
        map.push(i);
        i += 1;
    }
    i
}

/// Where the last [`Folded::folded_at`] query landed: the next query guesses that the text
/// between the two folds byte for byte (ASCII), and checks it.
#[derive(Clone, Copy, Debug, Default)]
struct Cursor {
    orig: usize,
    fold: usize,
}

impl Folded {
    /// Folds `text`.
    pub fn new(text: &str) -> Folded {
        let folds = byte_folds();
        let bytes = text.as_bytes();
        let mut out: Vec<u8> = Vec::with_capacity(text.len() + 16);
        let mut map = Vec::with_capacity(text.len() + 17);
        let mut i = 0;
        let mut buf = String::new();
        while i < bytes.len() {
            // The common case: a run of plain ASCII (see [`plain_ascii_len`]) folds to its
            // lower case.
            let j = fold_plain_run(bytes, i, &mut out, &mut map);
            if j > i {
                i = j;
                if i >= bytes.len() {
                    break;
                }
            }
            let b = bytes[i];
            if b.is_ascii() {
                out.push(folds.ascii[usize::from(b)]);
                map.push(i);
                i += 1;
                continue;
            }
            let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
                break;
            };
            match folds.latin1.get(c as usize) {
                Some((f, len)) if *len != u8::MAX => {
                    let len = usize::from(*len);
                    // (Byte by byte: a copy of one to four bytes is a call to `memcpy`.)
                    for &b in &f[..len] {
                        out.push(b);
                    }
                    map.extend(std::iter::repeat_n(i, len));
                }
                _ => {
                    buf.clear();
                    fold_char(c, &mut buf);
                    out.extend_from_slice(buf.as_bytes());
                    map.extend(std::iter::repeat_n(i, buf.len()));
                }
            }
            i += c.len_utf8();
        }
        map.push(text.len());
        // Whole characters were pushed: the bytes are UTF-8.
        let text = String::from_utf8(out).unwrap_or_default();
        Folded { text, map }
    }

    /// The folded offset of original offset `orig`: the first folded byte that comes from
    /// `orig` or after (the partition point of `map`). `cur` is where the last query landed:
    /// when the text between folds byte for byte, the answer is that far on; else a walk from
    /// there for ascending queries (linear overall), a binary search for others.
    fn folded_at(&self, orig: usize, cur: &mut Cursor) -> usize {
        let map = &self.map;
        let is_point =
            |g: usize| map.get(g).is_none_or(|&m| m >= orig) && (g == 0 || map[g - 1] < orig);
        let guess = (orig >= cur.orig).then(|| cur.fold + (orig - cur.orig));
        let i = match guess {
            Some(g) if g <= map.len() && is_point(g) => g,
            _ => {
                let mut i = cur.fold;
                if i > map.len() || (i > 0 && map[i - 1] >= orig) {
                    i = map.partition_point(|&m| m < orig);
                } else {
                    while i < map.len() && map[i] < orig {
                        i += 1;
                    }
                }
                i
            }
        };
        *cur = Cursor { orig, fold: i };
        i.min(self.text.len())
    }

    /// The original span of a folded byte range.
    pub fn original(&self, start: usize, end: usize) -> Span {
        let s = self.map.get(start).copied().unwrap_or(0);
        // The end maps to the start of the next folded char's source, or the text end.
        let e = self.map.get(end).copied().unwrap_or(s);
        // `s <= e.max(s)`: valid without `Span::new`'s check (an out-of-line call).
        Span {
            start: s,
            end: e.max(s),
        }
    }
}

/// French elided words split from what follows (`l'Ukraine` = `l'` + `Ukraine`).
const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
];

/// `c.is_uppercase()`, ASCII and Latin-1 without the Unicode tables.
pub(crate) fn is_upper(c: char) -> bool {
    match c as u32 {
        0..=0x7f => c.is_ascii_uppercase(),
        0xc0..=0xde => c != '×',
        0x80..=0xff => false,
        _ => c.is_uppercase(),
    }
}

/// The char after the one at byte `at` of `s`.
fn char_after(s: &str, at: usize) -> Option<char> {
    char_at(s, at + char_at(s, at)?.len_utf8())
}

/// The `n`th char before byte `at` of `s` (`0`: the one just before).
fn char_before(s: &str, at: usize, n: usize) -> Option<char> {
    s.get(..at)?.chars().rev().nth(n)
}

/// Tokenises the paragraphs of `text`; `folded` is [`Folded::new`] of the same text.
pub fn tokenize<'a>(text: &str, paragraphs: &[Span], folded: &'a Folded) -> Vec<Tok<'a>> {
    let mut toks = Vec::with_capacity(text.len() / 5);
    let mut cursor = Cursor::default();
    for (pi, p) in paragraphs.iter().enumerate() {
        let Some(para) = text.get(p.start..p.end) else {
            continue;
        };
        let mut out = Out {
            toks: &mut toks,
            folded,
            cursor: &mut cursor,
            exact: false,
            expect: true,
        };
        tokenize_para(para, p.start, pi, &mut out);
    }
    toks
}

/// Where tokens go, with the folded text their folds are cut from.
struct Out<'t, 'a> {
    toks: &'t mut Vec<Tok<'a>>,
    folded: &'a Folded,
    cursor: &'t mut Cursor,
    /// Whether every char between the cursor and the tokeniser's position is ASCII (so folds
    /// to one byte): then a token's folded start is the cursor's plus the distance, unchecked.
    exact: bool,
    /// Whether the next word starts a sentence (see [`expect_after`]; a paragraph's first
    /// word does).
    expect: bool,
}

/// Is `word` one of [`ELISIONS`] once lower-cased?
fn is_elision(word: &str) -> bool {
    if word.is_ascii() {
        return ELISIONS.iter().any(|e| e.eq_ignore_ascii_case(word));
    }
    // Lower-casing never shortens a character: a word longer than every elision is none.
    word.chars().count() <= 6
        && ELISIONS
            .iter()
            .any(|e| e.chars().eq(word.chars().flat_map(char::to_lowercase)))
}

/// Tokenises one paragraph (byte offsets into `para`, which starts at `base` in the text).
fn tokenize_para(para: &str, base: usize, pi: usize, toks: &mut Out) {
    let bytes = para.as_bytes();
    let at = |i: usize| char_at(para, i);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII spaces (`is_space_fast`), the commonest byte, without decoding.
        if b == b' ' || (b'\t'..=b'\r').contains(&b) {
            i += 1;
            continue;
        }
        let Some(c) = at(i) else {
            break;
        };
        let len = c.len_utf8();
        if is_space_fast(c) {
            // (a non-ASCII space: it may fold to another length)
            toks.exact = false;
            i += len;
            continue;
        }
        let start = i;
        if is_alnum(c) {
            let mut j = i + len;
            // The token's length in chars so far.
            let mut n = 1;
            loop {
                // The common case first: a run of ASCII letters and digits.
                let run = j;
                j = ascii_alnum_end(bytes, j);
                n += j - run;
                // Most words end at an ASCII byte that joins nothing (a space, most
                // punctuation: not alnum, as the run ended there), or at the end.
                match bytes.get(j) {
                    None => break,
                    Some(&x)
                        if x.is_ascii()
                            && !matches!(x, b'-' | b'&' | b'/' | b'.' | b'\'' | b'`') =>
                    {
                        break
                    }
                    _ => {}
                }
                let Some(d) = at(j) else {
                    break;
                };
                let next = j + d.len_utf8();
                if is_alnum(d) {
                    j = next;
                    n += 1;
                    continue;
                }
                match d {
                    // Inner joiners: hyphen, ampersand, slash between letters/digits.
                    '-' | '\u{2010}' | '\u{2011}' | '&' | '/' if at(next).is_some_and(is_alnum) => {
                        j = next;
                        n += 1;
                    }
                    // Dotted abbreviations: U.S., Ga.
                    '.' if n <= 2
                        && at(next).is_some_and(is_upper)
                        && char_after(para, next) == Some('.') =>
                    {
                        j = next;
                        n += 1;
                    }
                    '.' if n == 1 && is_upper(c) && char_before(para, start, 0) == Some('.') => {
                        j = next;
                        n += 1;
                        break;
                    }
                    a if is_apostrophe(a) && at(next).is_some_and(is_alnum) => {
                        if is_elision(&para[start..j]) {
                            // Elision: keep the apostrophe with the first part, split.
                            j = next;
                            n += 1;
                            break;
                        }
                        // English possessive 's: split before the apostrophe.
                        if matches!(at(next), Some('s' | 'S'))
                            && !char_after(para, next).is_some_and(is_alnum)
                        {
                            break;
                        }
                        j = next;
                        n += 1;
                    }
                    _ => break,
                }
            }
            // A trailing dot of a dotted abbreviation (U.S.) belongs to it.
            if bytes.get(j) == Some(&b'.') && n >= 3 && char_before(para, j, 1) == Some('.') {
                j += 1;
                n += 1;
            }
            // As many chars as bytes: ASCII.
            push(toks, para, base, start, j, pi, true, n == j - start);
            i = j;
        } else {
            // Possessive 's as one token.
            if is_apostrophe(c) {
                if let Some(s @ ('s' | 'S')) = at(i + len) {
                    let end = i + len + s.len_utf8();
                    if !at(end).is_some_and(is_alnum)
                        && char_before(para, i, 0).is_some_and(|p| !is_space_fast(p))
                    {
                        push(toks, para, base, i, end, pi, true, len == 1);
                        i = end;
                        continue;
                    }
                }
            }
            push(toks, para, base, i, i + len, pi, false, len == 1);
            i += len;
        }
    }
}

/// Pushes the token `para[s..e]` (`s < e`, both on char boundaries); `ascii` when it is all
/// ASCII. (Inlined: it runs once per token; the first letter is read from its byte when ASCII,
/// and only words starting with a particle's first letter are checked for one.)
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn push(
    out: &mut Out,
    para: &str,
    base: usize,
    s: usize,
    e: usize,
    pi: usize,
    word: bool,
    ascii: bool,
) {
    let mut cap = false;
    let mut caps = false;
    if word {
        let b0 = para.as_bytes().get(s).copied().unwrap_or(b' ');
        let (upper_first, alpha_first) = if b0.is_ascii() {
            (b0.is_ascii_uppercase(), b0.is_ascii_alphabetic())
        } else {
            let first = char_at(para, s);
            (first.is_some_and(is_upper), first.is_some_and(is_alpha))
        };
        // (The token's text is cut only for the words that need it.)
        let t = || para.get(s..e).unwrap_or("");
        // (A particle is followed by a hyphen among the first five bytes.)
        cap = upper_first
            || (matches!(b0, b'a' | b'b' | b'e' | b'i' | b'o')
                && e - s >= 3
                && para
                    .as_bytes()
                    .get(s..e.min(s + 5))
                    .is_some_and(|h| h.contains(&b'-'))
                && particle_cap(t()));
        // All capitals: not when the first letter is lower case (most words).
        if upper_first || !alpha_first {
            let t = t();
            let (letters, upper) = if ascii {
                t.bytes().fold((0usize, 0usize), |(l, u), b| {
                    let a = b.is_ascii_alphabetic();
                    (
                        l + usize::from(a),
                        u + usize::from(a && b.is_ascii_uppercase()),
                    )
                })
            } else {
                t.chars().fold((0, 0), |(l, u), c| {
                    let a = is_alpha(c);
                    (l + usize::from(a), u + usize::from(a && is_upper(c)))
                })
            };
            caps = letters >= 2 && upper == letters;
        }
    }
    let fs = if out.exact {
        // Only ASCII since the cursor: one folded byte per byte (what `folded_at` would find).
        (out.cursor.fold + (base + s).saturating_sub(out.cursor.orig)).min(out.folded.text.len())
    } else {
        out.folded.folded_at(base + s, out.cursor)
    };
    let fe = if ascii {
        // ASCII folds byte for byte: the token's fold is as long as the token.
        *out.cursor = Cursor {
            orig: base + e,
            fold: fs + (e - s),
        };
        (fs + (e - s)).min(out.folded.text.len())
    } else {
        out.folded.folded_at(base + e, out.cursor)
    };
    // The cursor is now at the token's end, where the tokeniser is.
    out.exact = true;
    let start = if word {
        std::mem::replace(&mut out.expect, false)
    } else {
        out.expect = expect_after(out.expect, out.toks.last(), para, base, s, pi);
        false
    };
    out.toks.push(Tok {
        // `s < e`: a valid span without `Span::new`'s check (an out-of-line call).
        span: Span {
            start: base + s,
            end: base + e,
        },
        fold: out.folded.text.get(fs..fe).unwrap_or(""),
        fold_start: fs,
        word,
        cap,
        caps,
        start,
        para: pi,
    });
}

/// The particles joined by a hyphen to the name after them.
fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "al" | "el" | "ben" | "bin" | "ibn" | "abu" | "ould" | "ag" | "ad" | "as" | "ash" | "az"
    )
}

/// "al-Maliki", "el-Sisi", "ben-Gourion", "bin-Salman": a particle, then the name. (The
/// particles are at most four bytes: only the first five can hold the hyphen.)
fn particle_cap(t: &str) -> bool {
    // (Each particle starts with one of these letters and has a hyphen after it.)
    if t.len() < 3 || !matches!(t.as_bytes()[0], b'a' | b'b' | b'e' | b'i' | b'o') {
        return false;
    }
    let head = &t.as_bytes()[..t.len().min(5)];
    head.iter()
        .position(|&b| b == b'-')
        .is_some_and(|k| is_particle(&t[..k]) && t[k + 1..].chars().next().is_some_and(is_upper))
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

/// Whether a word after the punctuation mark at byte `s` of `para` (which starts at `base`
/// in the text; `pi` is its index) starts a sentence, `expect` saying whether one before it
/// would: after `.`, `!`, `?`, `:` or `…` it does, through opening quotes and dashes, but not
/// after the dot of an abbreviation (`prev`, the token before, is then that word).
fn expect_after(
    expect: bool,
    prev: Option<&Tok<'_>>,
    para: &str,
    base: usize,
    s: usize,
    pi: usize,
) -> bool {
    // Punctuation is one char.
    match char_at(para, s) {
        Some('.')
            if prev.is_some_and(|p| {
                p.word
                    && p.para == pi
                    && is_abbrev(
                        para.get(p.span.start - base..p.span.end - base)
                            .unwrap_or(""),
                    )
            }) =>
        {
            expect
        }
        Some('.' | '!' | '?' | '…' | ':') => true,
        Some('«' | '“' | '"' | '—' | '–' | '(' | '-' | '‘' | '\'') => expect,
        _ => false,
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
    fn plain_ascii_folds_to_its_lower_case() {
        for b in 0u8..0x80 {
            let plain = b >= 0x20 && b != b'`';
            assert_eq!(is_plain_ascii(b), plain, "{b:#x}");
            let mut f = String::new();
            fold_char(char::from(b), &mut f);
            if plain {
                assert_eq!(f, char::from(b.to_ascii_lowercase()).to_string(), "{b:#x}");
            }
            for at in 0..8 {
                let mut w = *b"AbZ@[z09";
                w[at] = b;
                assert_eq!(
                    ascii_lower(u64::from_le_bytes(w)).to_le_bytes().to_vec(),
                    w.to_ascii_lowercase(),
                    "{b:#x} at {at}"
                );
                let want = w.iter().position(|&x| x < 0x20 || x == b'`').unwrap_or(8);
                assert_eq!(
                    plain_ascii_len(u64::from_le_bytes(w)),
                    want,
                    "{b:#x} at {at}"
                );
            }
        }
        for hi in 0x80u8..=0xff {
            assert!(!is_plain_ascii(hi));
            for at in 0..8 {
                let mut w = *b"AbZ@[z`\x01";
                w[at] = hi;
                let low = ascii_lower(u64::from_le_bytes(w)).to_le_bytes();
                assert_eq!(low[..at], w[..at].to_ascii_lowercase(), "{hi:#x} at {at}");
            }
            for at in 0..8 {
                let mut w = *b"QRSTUVWX";
                w[at] = hi;
                assert_eq!(plain_ascii_len(u64::from_le_bytes(w)), at);
            }
        }
        // Runs: every byte at every place of a 21-byte text, from every start.
        for x in 0u8..=0xff {
            for at in 0..21 {
                let mut t = *b"Abc def-GHI, jkl.MNOp";
                t[at] = x;
                for start in 0..=t.len() {
                    let want = start
                        + t[start..]
                            .iter()
                            .position(|&c| !is_plain_ascii(c))
                            .unwrap_or(t.len() - start);
                    let (mut out, mut map) = (vec![b'#'], vec![7]);
                    assert_eq!(
                        fold_plain_run(&t, start, &mut out, &mut map),
                        want,
                        "{x:#x} at {at} from {start}"
                    );
                    let mut low = vec![b'#'];
                    low.extend(t[start..want].to_ascii_lowercase());
                    assert_eq!(out, low, "{x:#x} at {at} from {start}");
                    let origins: Vec<usize> = [7].into_iter().chain(start..want).collect();
                    assert_eq!(map, origins, "{x:#x} at {at} from {start}");
                }
            }
        }
    }

    #[test]
    fn folds_accents_and_apostrophes() {
        assert_eq!(fold("États-Unis d’Amérique"), "etats-unis d'amerique");
        let f = Folded::new("Élysée");
        assert_eq!(f.text, "elysee");
        assert_eq!(f.original(0, 6), Span::new(0, 8));
    }

    #[test]
    fn fold_is_fold_char_by_char() {
        for c in crate::text::sample_chars() {
            let t = format!("A{c}b{c}");
            let mut want = String::new();
            for x in t.chars() {
                fold_char(x, &mut want);
            }
            assert_eq!(fold(&t), want, "{c:?}");
        }
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

/// The char-by-char definitions the byte-level tokenizer and folder shortcut, kept to pin them.
#[cfg(test)]
mod reference {
    use super::*;

    /// One token as the char-level tokenizer made it: span, fold, word, cap, caps, start, para.
    pub type Plain = (Span, String, bool, bool, bool, bool, usize);

    pub fn plain(toks: &[Tok<'_>]) -> Vec<Plain> {
        toks.iter()
            .map(|t| {
                (
                    t.span,
                    t.fold.to_string(),
                    t.word,
                    t.cap,
                    t.caps,
                    t.start,
                    t.para,
                )
            })
            .collect()
    }

    pub fn folded(text: &str) -> (String, Vec<usize>) {
        let mut s = String::new();
        let mut map = Vec::new();
        for (i, c) in text.char_indices() {
            let before = s.len();
            fold_char(c, &mut s);
            map.extend(std::iter::repeat_n(i, s.len() - before));
        }
        map.push(text.len());
        (s, map)
    }

    fn is_alnum(c: char) -> bool {
        c.is_alphanumeric()
    }

    fn is_elision(word: &[(usize, char)]) -> bool {
        word.len() <= 6
            && ELISIONS.iter().any(|e| {
                e.chars()
                    .eq(word.iter().flat_map(|&(_, c)| c.to_lowercase()))
            })
    }

    pub fn tokenize(text: &str, paragraphs: &[Span]) -> Vec<Plain> {
        let (ftext, map) = folded(text);
        let folded_at = |orig: usize| map.partition_point(|&m| m < orig).min(ftext.len());
        let mut toks: Vec<Plain> = Vec::new();
        for (pi, p) in paragraphs.iter().enumerate() {
            let Some(para) = text.get(p.start..p.end) else {
                continue;
            };
            let chars: Vec<(usize, char)> = para.char_indices().collect();
            let n = chars.len();
            let at = |i: usize| chars.get(i).map(|&(_, c)| c);
            let off = |i: usize| chars.get(i).map(|&(o, _)| o).unwrap_or(para.len());
            let mut push = |s: usize, e: usize, word: bool| {
                let t = &para[s..e];
                let letters = t.chars().filter(|c| word && c.is_alphabetic()).count();
                let upper = t
                    .chars()
                    .filter(|c| word && c.is_alphabetic() && c.is_uppercase())
                    .count();
                let particle_cap = word
                    && t.bytes().take(5).position(|b| b == b'-').is_some_and(|k| {
                        is_particle(&t[..k])
                            && t[k + 1..].chars().next().is_some_and(|c| c.is_uppercase())
                    });
                let cap =
                    word && (t.chars().next().is_some_and(|c| c.is_uppercase()) || particle_cap);
                let (fs, fe) = (folded_at(p.start + s), folded_at(p.start + e));
                toks.push((
                    Span::new(p.start + s, p.start + e),
                    ftext.get(fs..fe).unwrap_or("").to_string(),
                    word,
                    cap,
                    word && letters >= 2 && upper == letters,
                    false,
                    pi,
                ));
            };
            let mut i = 0;
            while i < n {
                let c = chars[i].1;
                if is_space(c) {
                    i += 1;
                    continue;
                }
                let start = i;
                if is_alnum(c) {
                    let mut j = i + 1;
                    loop {
                        match at(j) {
                            Some(d) if is_alnum(d) => j += 1,
                            Some('-' | '\u{2010}' | '\u{2011}' | '&' | '/')
                                if at(j + 1).is_some_and(is_alnum) =>
                            {
                                j += 1
                            }
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
                            Some(a) if is_apostrophe(a) && at(j + 1).is_some_and(is_alnum) => {
                                if is_elision(&chars[start..j]) {
                                    j += 1;
                                    break;
                                }
                                if matches!(at(j + 1), Some('s' | 'S'))
                                    && !at(j + 2).is_some_and(is_alnum)
                                {
                                    break;
                                }
                                j += 1;
                            }
                            _ => break,
                        }
                    }
                    if at(j) == Some('.') && j >= start + 3 && at(j - 2) == Some('.') {
                        j += 1;
                    }
                    push(off(start), off(j), true);
                    i = j;
                } else {
                    if is_apostrophe(c)
                        && matches!(at(i + 1), Some('s' | 'S'))
                        && !at(i + 2).is_some_and(is_alnum)
                        && i > 0
                        && !is_space(chars[i - 1].1)
                    {
                        push(off(i), off(i + 2), true);
                        i += 2;
                        continue;
                    }
                    push(off(i), off(i + 1), false);
                    i += 1;
                }
            }
        }
        // Sentence starts.
        let mut expect = true;
        let mut para = usize::MAX;
        let mut prev_abbrev = false;
        for t in toks.iter_mut() {
            let s = text.get(t.0.start..t.0.end).unwrap_or("");
            let was_abbrev = prev_abbrev;
            prev_abbrev = t.2 && is_abbrev(s);
            if t.6 != para {
                para = t.6;
                expect = true;
            }
            if t.2 {
                t.5 = expect;
                expect = false;
            } else {
                match s {
                    "." if was_abbrev => {}
                    "." | "!" | "?" | "…" | ":" => expect = true,
                    "«" | "“" | "\"" | "—" | "–" | "(" | "-" | "‘" | "'" => {}
                    _ => expect = false,
                }
            }
        }
        toks
    }
}

#[cfg(test)]
mod equivalence {
    use super::*;
    use crate::text::sample_chars;

    #[test]
    fn latin1_shortcuts_are_the_unicode_tables() {
        for c in sample_chars() {
            assert_eq!(is_upper(c), c.is_uppercase(), "{c:?}");
        }
    }

    fn check(text: &str, paragraphs: &[Span]) {
        let folded = Folded::new(text);
        let (ftext, map) = reference::folded(text);
        assert_eq!(folded.text, ftext, "{text:?}");
        assert_eq!(folded.map, map, "{text:?}");
        let toks = tokenize(text, paragraphs, &folded);
        for t in &toks {
            let want = map.partition_point(|&m| m < t.span.start).min(ftext.len());
            assert_eq!(t.fold_start, want, "{text:?} {t:?}");
        }
        let got = reference::plain(&toks);
        let want = reference::tokenize(text, paragraphs);
        assert_eq!(got, want, "{text:?}");
    }

    #[test]
    fn byte_tokenizer_is_the_char_tokenizer() {
        let samples: Vec<char> = sample_chars().collect();
        // Every sample char in word, joiner, dot and apostrophe contexts.
        for c in &samples {
            for t in [
                format!("{c}"),
                format!("A{c}b. {c}.X. l{c}Ab{c}s {c}'s x{c}'S"),
                format!("U.{c}. {c}.B.-C d'{c} O'{c}x al-{c}b {c}-{c} x&{c}"),
                format!("Mr{c} M. {c}. Dr. X.{c}.Y {c}{c}{c}.{c}.{c}. ({c}) «{c}»"),
                format!("qu{c}il jusqu'{c} L{c}Union {c}Z{c} ’s {c}’s"),
            ] {
                check(&t, &[Span::new(0, t.len())]);
            }
        }
        // Runs of samples, in paragraphs that cut the text anywhere on char boundaries.
        for chunk in samples.chunks(37) {
            let t: String = chunk
                .iter()
                .flat_map(|&c| [c, 'a', '.', c, 'B', ' ', c, '\'', 's', '-', c])
                .collect();
            let bounds: Vec<usize> = (0..=t.len()).filter(|&i| t.is_char_boundary(i)).collect();
            let cut = bounds[bounds.len() / 3];
            let cut2 = bounds[bounds.len() * 2 / 3];
            check(&t, &[Span::new(0, t.len())]);
            check(
                &t,
                &[
                    Span::new(0, cut),
                    Span::new(cut, cut2),
                    Span::new(cut2, t.len()),
                ],
            );
            check(&t, &[Span::new(cut, cut2), Span::new(0, cut)]);
        }
        for t in [
            "Le chat. « Il dort », dit Paul. M. Sullivan, U.S. Army, S&P 500, J.-C. Decaux.",
            "L’Élysée a dit : l’État. ÉTATS-UNIS d’Amérique. Œuvre ﬁn Straße İstanbul. ",
            "O'Malley's U.S.-based Saint-Pierre-de-Chartreuse al-Maliki el-Sisi ben-Gourion",
            "A.B.C. a.b.c. X.Y Z. e.g. ...  Mr. Mrs. St. Inc. etc. Ga. J.-C. cf. p. av.",
            "",
            " \t\n",
        ] {
            check(t, &[Span::new(0, t.len())]);
        }
    }

    /// The dev articles, when `../shared` is there.
    #[test]
    fn byte_tokenizer_is_the_char_tokenizer_on_articles() {
        for text in crate::text::dev_articles() {
            check(&text, &crate::text::blank_line_paragraphs(&text));
        }
    }
}
