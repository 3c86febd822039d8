//! Text scanning for the quote stage: a lower-cased copy of the text with a sparse map back to
//! it ([`Norm`], built once per document: the cue and relay automata run over it and most token
//! norms are slices of it), a small word tokenizer and a sentence splitter that never cuts inside
//! quotation marks. Segmentation proper is the `segment` stage's; the quote stage keeps its own
//! tokens (elisions, inversions, numbers and abbreviations split differently: its rules were
//! written against these).
//!
//! Speed: the scanners read bytes and decode a char only where a byte table says it may matter
//! (ASCII letter runs, quotation and sentence marks); each shortcut is pinned to the
//! char-by-char definition by a test on a sample of chars and the dev articles.

use std::borrow::Cow;

use vigie_doc::Span;

use crate::text::{
    char_at, is_alnum, is_apostrophe, is_space, is_space_fast, kept_pair, latin1_lower,
};

/// The text lower-cased (apostrophes as `'`, spaces as ` `, hyphens as `-`), with the way back
/// to the byte offsets of the original text.
pub(crate) struct Norm {
    pub(crate) s: String,
    /// After each char whose normal form has another length than the char itself: (offset in
    /// `s`, offset in the text) just after it. Between two such points both strings advance
    /// together, so most texts need few of them (typographic apostrophes, no-break spaces).
    jumps: Vec<(usize, usize)>,
}

impl Norm {
    pub(crate) fn new(text: &str) -> Norm {
        // The ASCII lower case of the runs between the chars ASCII lower-casing does not
        // normalise (non-ASCII ones but most Latin-1 ones, '`' and control spaces), found 8
        // bytes at a time.
        let mut s = String::with_capacity(text.len());
        let mut jumps = Vec::new();
        let bytes = text.as_bytes();
        let mut copied = 0;
        let mut i = 0;
        loop {
            i = next_unplain(bytes, i);
            let from = s.len();
            s.push_str(text.get(copied..i).unwrap_or(""));
            if let Some(run) = s.get_mut(from..) {
                run.make_ascii_lowercase();
            }
            let Some(&x) = bytes.get(i) else {
                break;
            };
            if x.is_ascii() {
                s.push(if x == b'`' { '\'' } else { ' ' });
                i += 1;
                copied = i;
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let n = if is_apostrophe(c) {
                '\''
            } else if is_space_fast(c) {
                ' '
            } else if matches!(c, '\u{2010}' | '\u{2011}') {
                '-'
            } else if let Some(l) = latin1_lower(c) {
                l
            } else {
                let mut l = c.to_lowercase();
                match (l.next(), l.next()) {
                    (Some(x), None) => x,
                    _ => c,
                }
            };
            s.push(n);
            i += c.len_utf8();
            copied = i;
            if n.len_utf8() != c.len_utf8() {
                jumps.push((s.len(), i));
            }
        }
        Norm { s, jumps }
    }

    /// The original byte offset of a normalised offset that starts a char (or ends `s`); the
    /// start of the char's original when `at` is inside a char, `usize::MAX` past the end.
    pub(crate) fn orig(&self, at: usize) -> usize {
        if at > self.s.len() {
            return usize::MAX;
        }
        let k = self.jumps.partition_point(|&(n, _)| n <= at);
        let (n, o) = k.checked_sub(1).map_or((0, 0), |k| self.jumps[k]);
        if !self.s.is_char_boundary(at) {
            // (never asked by the stage: matches start and end on chars)
            let start = (n..at)
                .rev()
                .find(|&p| self.s.is_char_boundary(p))
                .unwrap_or(n);
            return o + (start - n);
        }
        o + (at - n)
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

/// Whether `toks` are the words of `phrase`, a grammar entry split at its spaces, one token
/// per word (token forms hold no space: comparing word by word is comparing the joined text).
pub(crate) fn is_phrase(phrase: &[String], toks: &[Tok]) -> bool {
    phrase.len() == toks.len() && phrase.iter().zip(toks).all(|(w, t)| w == t.norm())
}

/// A word or punctuation mark.
#[derive(Clone, Debug)]
pub(crate) struct Tok<'a> {
    pub(crate) span: Span,
    /// Lower case, apostrophes as `'`: borrowed from the document's [`Words`] (tokenizing a
    /// document allocates once, not once per token), owned when tokenized on its own.
    norm: Cow<'a, str>,
    pub(crate) word: bool,
    /// Starts with an upper-case letter.
    pub(crate) cap: bool,
}

impl<'a> Tok<'a> {
    /// Lower case, apostrophes as `'`.
    pub(crate) fn norm(&self) -> &str {
        &self.norm
    }

    /// [`Tok::norm`] to keep: borrowed as the token borrows it (no copy for a document's
    /// tokens).
    pub(crate) fn norm_cow(&self) -> Cow<'a, str> {
        self.norm.clone()
    }
}

const ELISIONS: &[&str] = &[
    "l", "d", "qu", "s", "n", "c", "j", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// Tokenizes `text[span]`: words (letters/digits with inner `-`, `'`, `.`, `&`), French elisions
/// split off (`l'agence` -> `l'`, `agence`), every other non-space char a token of its own.
pub(crate) fn tokenize(text: &str, span: Span) -> Vec<Tok<'static>> {
    let mut out = Vec::new();
    tokenize_into(text, span, &mut out, None);
    out.into_iter()
        .map(|t| Tok {
            span: t.span,
            norm: Cow::Owned(t.norm.into_owned()),
            word: t.word,
            cap: t.cap,
        })
        .collect()
}

/// Is `w` (a word before an apostrophe) an elided word, and a short one?
fn elision(w: &str) -> (bool, bool) {
    if w.is_ascii() {
        let hit = ELISIONS.iter().any(|e| e.eq_ignore_ascii_case(w));
        return (hit, hit && w.len() <= 2);
    }
    let w: String = w.chars().flat_map(char::to_lowercase).collect();
    let hit = ELISIONS.contains(&w.as_str());
    (hit, hit && w.len() <= 2)
}

/// The bytes normalising leaves as they are: ASCII but upper case, '`' and control spaces.
const PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut x = 0;
    while x < 128 {
        let b = x as u8;
        t[x] = !b.is_ascii_uppercase() && !matches!(b, b'`' | b'\t'..=b'\r');
        x += 1;
    }
    t
};

/// The bytes ASCII lower-casing alone normalises: ASCII but '`' and control spaces.
const PLAIN_OR_UPPER: [bool; 256] = {
    let mut t = [false; 256];
    let mut x = 0;
    while x < 128 {
        t[x] = !matches!(x as u8, b'`' | b'\t'..=b'\r');
        x += 1;
    }
    t
};

/// The offset of the first byte at or after `i` that is neither [`PLAIN_OR_UPPER`] nor the
/// start of a [`kept_pair`] (`bytes.len()` without one; `i` on a char boundary). Eight bytes
/// at a time: a word of ASCII bytes above '\r' and other than '`' is skipped whole (the word
/// tests flag every byte below 0x0E, a few plain ones included, which the byte loop then reads
/// one by one).
fn next_unplain(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    loop {
        while let Some(chunk) = bytes.get(i..i + 8) {
            let Ok(w) = <[u8; 8]>::try_from(chunk) else {
                break;
            };
            let w = u64::from_ne_bytes(w);
            // a byte >= 0x80, a zero byte of w ^ '`' (a '`'), a byte below 0x0E
            let tick = w ^ (ONES * u64::from(b'`'));
            let flagged = (w & HIGH)
                | (tick.wrapping_sub(ONES) & !tick & HIGH)
                | (w.wrapping_sub(ONES * 0x0E) & !w & HIGH);
            if flagged != 0 {
                break;
            }
            i += 8;
        }
        let end = (i + 8).min(bytes.len());
        while i < end {
            let x = bytes[i];
            if PLAIN_OR_UPPER[usize::from(x)] {
                i += 1;
            } else if kept_pair(x, bytes.get(i + 1)) {
                i += 2;
            } else {
                return i;
            }
        }
        if i >= bytes.len() {
            return bytes.len();
        }
    }
}

/// `crate::text::chars_led_by(s, &lead_bytes(&bytes), wanted)`: the four lead `bytes` are
/// found with `memchr` (the first three in one search, the fourth in another, merged in
/// order), so the text between them is neither decoded nor read byte by byte.
pub(crate) fn chars_led_by_skipping<'a, F: Fn(char) -> bool + 'a>(
    s: &'a str,
    bytes: [u8; 4],
    wanted: F,
) -> impl Iterator<Item = (usize, char)> + 'a {
    let [x0, x1, x2, x3] = bytes;
    let b = s.as_bytes();
    let mut three = memchr::memchr3_iter(x0, x1, x2, b).peekable();
    // (a fourth byte among the first three is found by their search already)
    let fourth = if [x0, x1, x2].contains(&x3) {
        &b[..0]
    } else {
        b
    };
    let mut one = memchr::memchr_iter(x3, fourth).peekable();
    std::iter::from_fn(move || loop {
        let at = match (three.peek(), one.peek()) {
            (Some(&a), Some(&c)) if c < a => one.next(),
            (Some(_), _) => three.next(),
            (None, _) => one.next(),
        }?;
        if let Some(c) = char_at(s, at) {
            if wanted(c) {
                return Some((at, c));
            }
        }
    })
}

/// Appends `crate::text::normalize(w)` to `out` (with a fast path for ASCII); returns its
/// range in `out`.
pub(crate) fn push_norm(w: &str, out: &mut String) -> (usize, usize) {
    let start = out.len();
    out.reserve(w.len());
    for c in w.chars() {
        let n = if c.is_ascii() {
            match c {
                '`' => '\'',
                '\t'..='\r' => ' ',
                _ => c.to_ascii_lowercase(),
            }
        } else if is_apostrophe(c) {
            '\''
        } else if is_space_fast(c) {
            ' '
        } else if let Some(l) = latin1_lower(c) {
            l
        } else {
            out.extend(c.to_lowercase());
            continue;
        };
        out.push(n);
    }
    (start, out.len())
}

/// `crate::text::normalize(w)`, borrowing `w` when normalising changes nothing.
pub(crate) fn normalized(w: &str) -> Cow<'_, str> {
    if w.bytes().all(|x| PLAIN[x as usize]) {
        return Cow::Borrowed(w);
    }
    let mut norm = String::new();
    push_norm(w, &mut norm);
    Cow::Owned(norm)
}

/// What the tokenizer learnt of a token's chars while reading them, to place its norm without
/// reading it again.
#[derive(Clone, Copy)]
struct Shape {
    /// Every byte is [`PLAIN`]: the token is its own norm.
    plain: bool,
    /// Every char is below U+0100 or an apostrophe: its norm is the slice of the document's
    /// [`Norm`] between its ends (see [`LowerCursor`]).
    lowerable: bool,
}

impl Shape {
    #[inline(always)]
    fn of(c: char) -> Shape {
        Shape {
            plain: c.is_ascii() && PLAIN[c as usize],
            lowerable: (c as u32) < 0x100 || is_apostrophe(c),
        }
    }

    #[inline(always)]
    fn take(&mut self, c: char) {
        let s = Shape::of(c);
        self.plain &= s.plain;
        self.lowerable &= s.lowerable;
    }
}

/// The normalised form of the token `w` at text offset `start`, whose chars are as `shape`
/// says: `w` itself, a slice of the document's lower-cased text, or (rarely) its own string.
#[inline(always)]
fn token_norm<'t>(
    w: &'t str,
    start: usize,
    shape: Shape,
    lower: Option<&mut LowerCursor<'t>>,
) -> Cow<'t, str> {
    if shape.plain {
        return Cow::Borrowed(w);
    }
    if let Some(l) = lower.filter(|_| shape.lowerable) {
        let a = l.lower_at(start);
        let b = l.lower_at(start + w.len());
        return Cow::Borrowed(l.s.get(a..b).unwrap_or(""));
    }
    let mut norm = String::new();
    push_norm(w, &mut norm);
    Cow::Owned(norm)
}

/// The end of the run of ASCII letters and digits that starts at byte `j` of `b` (`j` itself
/// when there is none there), and whether it holds an upper-case letter: eight bytes at a
/// time (as `segment::ascii_alnum_end`), then byte by byte.
#[inline(always)]
fn ascii_alnum_run(b: &[u8], mut j: usize) -> (usize, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let mut upper = 0;
    while let Some(chunk) = b.get(j..j + 8) {
        let Ok(w) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let w = u64::from_le_bytes(w);
        // Per byte below 0x80, `b + (0x80 - x)` has its high bit set iff `b >= x` (no carry
        // leaves the byte; bytes from 0x80 on carry upwards only, into bytes after the first
        // one that is not alphanumeric, which are not looked at).
        let ge = |v: u64, x: u64| v.wrapping_add(ONES * (0x80 - x));
        let digit = ge(w, 0x30) & !ge(w, 0x3a);
        let l = w | (ONES * 0x20);
        let letter = ge(l, 0x61) & !ge(l, 0x7b);
        let up = ge(w, 0x41) & !ge(w, 0x5b) & HIGH;
        let bad = (w | !(digit | letter)) & HIGH;
        if bad != 0 {
            // (the high bit of the first byte out of the run; the bytes before it)
            let k = bad.trailing_zeros();
            let before = (1u64 << (k - 7)) - 1;
            return (j + (k / 8) as usize, (upper | (up & before)) != 0);
        }
        upper |= up;
        j += 8;
    }
    while let Some(&x) = b.get(j) {
        if !x.is_ascii_alphanumeric() {
            break;
        }
        upper |= u64::from(x.is_ascii_uppercase());
        j += 1;
    }
    (j, upper != 0)
}

/// Tokenizes `text[span]` onto `out`; `lower` walks the document's [`Norm`] (the norms of most
/// tokens are then slices of it, else they are their own strings).
///
/// ASCII letters and digits are taken a run at a time and spaces without decoding; the
/// char-by-char definition this shortcuts is pinned by a test (`tokenize_fast_path_is_the_char_loop`).
fn tokenize_into<'t>(
    text: &'t str,
    span: Span,
    out: &mut Vec<Tok<'t>>,
    mut lower: Option<&mut LowerCursor<'t>>,
) {
    let s = text.get(span.start..span.end).unwrap_or("");
    let b = s.as_bytes();
    let base = span.start;
    // (byte offsets of chars in `s`)
    let mut i = 0;
    while let Some(c) = char_at(s, i) {
        let off = i;
        if is_space_fast(c) {
            i += c.len_utf8();
            continue;
        }
        if is_alnum(c) {
            let mut j = i + c.len_utf8();
            let mut shape = Shape::of(c);
            // the offset of the first hyphen the word holds
            let mut hyphen = None;
            loop {
                let (end, upper) = ascii_alnum_run(b, j);
                j = end;
                shape.plain &= !upper;
                // (an ASCII char but an apostrophe or a joiner ends the word as below)
                match b.get(j) {
                    None => break,
                    Some(&x) if x.is_ascii() && !matches!(x, b'-' | b'\'' | b'`' | b'.' | b'&') => {
                        break
                    }
                    _ => {}
                }
                let Some(c2) = char_at(s, j) else {
                    break;
                };
                if is_alnum(c2) {
                    shape.take(c2);
                    j += c2.len_utf8();
                    continue;
                }
                let after = j + c2.len_utf8();
                let next_alnum = char_at(s, after).is_some_and(is_alnum);
                // an elided article or pronoun keeps its apostrophe even at the end of the
                // scanned span ("comme l'" before the cue "écrit")
                if is_apostrophe(c2) && !next_alnum {
                    if elision(&s[off..j]).1 {
                        shape.take(c2);
                        j = after;
                    }
                    break;
                }
                if (c2 == '-' || is_apostrophe(c2) || c2 == '.' || c2 == '&') && next_alnum {
                    shape.take(c2);
                    if c2 == '-' && hyphen.is_none() {
                        hyphen = Some(j);
                    }
                    // elision: split after the apostrophe
                    if is_apostrophe(c2) && elision(&s[off..j]).0 {
                        j = after;
                        break;
                    }
                    j = after;
                    continue;
                }
                break;
            }
            // keep the abbreviation dot of a title-like token ("M.", "Dr.", "Inc.")
            let mut end_off = j;
            if b.get(j) == Some(&b'.') && is_abbrev(&s[off..end_off]) {
                end_off += 1;
                j += 1;
            }
            let w = &s[off..end_off];
            // "al-Maliki", "el-Sisi": a lower-case particle joined to a name (no byte of a
            // word is '-' but the hyphens it joins at)
            let cap = c.is_uppercase()
                || hyphen.is_some_and(|h| {
                    let k = h - off;
                    w[..k].chars().count() <= 3 && w[k + 1..].starts_with(char::is_uppercase)
                });
            out.push(Tok {
                span: Span {
                    start: base + off,
                    end: base + end_off,
                },
                norm: token_norm(w, base + off, shape, lower.as_deref_mut()),
                word: true,
                cap,
            });
            i = j;
        } else if c == '\'' && b.get(i + 1) == Some(&b'\'') {
            // two apostrophes: a double quote (`marks`), normalised as one
            out.push(Tok {
                span: Span {
                    start: base + off,
                    end: base + off + 2,
                },
                norm: Cow::Borrowed("\""),
                word: false,
                cap: false,
            });
            i = off + 2;
        } else {
            let end_off = off + c.len_utf8();
            out.push(Tok {
                span: Span {
                    start: base + off,
                    end: base + end_off,
                },
                norm: token_norm(
                    &s[off..end_off],
                    base + off,
                    Shape::of(c),
                    lower.as_deref_mut(),
                ),
                word: false,
                cap: false,
            });
            i = end_off;
        }
    }
}

/// Where tokens' normalised forms lie in the document's [`Norm`], walked in text order.
///
/// A char below U+0100 or an apostrophe normalises in `Norm` as in [`push_norm`], so the norm
/// of a token of such chars is the slice of `Norm::s` between its ends' offsets there (most
/// tokens: no string is built for them).
pub(crate) struct LowerCursor<'n> {
    /// `Norm::s`.
    s: &'n str,
    jumps: &'n [(usize, usize)],
    /// `jumps[..k]` are at or before the last offset asked.
    k: usize,
}

impl<'n> LowerCursor<'n> {
    pub(crate) fn new(norm: &'n Norm) -> LowerCursor<'n> {
        LowerCursor {
            s: &norm.s,
            jumps: &norm.jumps,
            k: 0,
        }
    }

    /// The offset in `Norm::s` of the text offset `at` (a char boundary).
    fn lower_at(&mut self, at: usize) -> usize {
        if self.k > 0 && self.jumps[self.k - 1].1 > at {
            self.k = self.jumps.partition_point(|j| j.1 <= at);
        }
        while self.k < self.jumps.len() && self.jumps[self.k].1 <= at {
            self.k += 1;
        }
        let (n, o) = self.k.checked_sub(1).map_or((0, 0), |k| self.jumps[k]);
        n + (at - o)
    }
}

/// The tokens of every paragraph of a document, their norms borrowed from the text or its
/// [`Norm`]; a [`TokIndex`] borrows them.
pub(crate) struct Words<'t> {
    toks: Vec<Tok<'t>>,
    /// Paragraphs sorted by start, each with its range in `toks`.
    paras: Vec<(Span, usize, usize)>,
}

impl<'t> Words<'t> {
    /// `norm` is the lower-cased `text`.
    pub(crate) fn new(text: &'t str, paragraphs: &[Span], norm: &'t Norm) -> Words<'t> {
        let mut order: Vec<Span> = paragraphs.to_vec();
        order.sort_by_key(|p| (p.start, p.end));
        let mut toks = Vec::with_capacity(text.len() / 5 + 1);
        let mut paras = Vec::with_capacity(order.len());
        let mut lower = LowerCursor::new(norm);
        for p in order {
            let a = toks.len();
            tokenize_into(text, p, &mut toks, Some(&mut lower));
            paras.push((p, a, toks.len()));
        }
        Words { toks, paras }
    }
}

/// The tokens of every paragraph, tokenized once per document; the tokens of a sub-span are a
/// slice of its paragraph's list when that gives what [`tokenize`] on the sub-span would (the
/// span neither cuts a token nor ends right after a long elision such as "jusqu'"), else the
/// sub-span is tokenized on its own.
pub(crate) struct TokIndex<'a> {
    toks: &'a [Tok<'a>],
    /// Paragraphs sorted by start, each with its range in `toks`.
    paras: &'a [(Span, usize, usize)],
}

impl<'a> TokIndex<'a> {
    pub(crate) fn new(words: &'a Words<'a>) -> TokIndex<'a> {
        TokIndex {
            toks: &words.toks,
            paras: &words.paras,
        }
    }

    /// What `tokenize(text, span)` gives.
    pub(crate) fn get<'s>(&'s self, text: &str, span: Span) -> Cow<'s, [Tok<'a>]> {
        if span.start > span.end || text.get(span.start..span.end).is_none() {
            return Cow::Owned(Vec::new());
        }
        if let Some(slice) = self.slice(span) {
            return Cow::Borrowed(slice);
        }
        Cow::Owned(tokenize(text, span))
    }

    fn slice(&self, span: Span) -> Option<&[Tok<'a>]> {
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
    // (room for a typical article's sentences, about one per 150 bytes)
    let mut out = Vec::with_capacity(text.len() / 64);
    let inside = Reach::new(inside.to_vec());
    for p in paragraphs {
        let s = text.get(p.start..p.end).unwrap_or("");
        let mut start = p.start;
        // the start of the last word before the last mark looked at, and that mark's end
        let mut word_start = p.start;
        let mut seen = 0;
        for (here, c) in sentence_marks(s) {
            // (no mark is alphanumeric: the last word before `here` starts after `seen` or
            // is the one before the previous mark)
            word_start = last_word_start(s, seen, here).map_or(word_start, |w| p.start + w);
            seen = here + c.len_utf8();
            if p.start + here < start {
                // Already consumed by the previous boundary ("... ...": its run of marks).
                continue;
            }
            if let Some(b) = boundary_after_mark(text, p, s, here, c, &inside, word_start) {
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

/// The chars that may end a sentence, with their byte offsets in `s` (found by their first
/// byte, the text between them not decoded).
fn sentence_marks(s: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    chars_led_by_skipping(s, SENTENCE_LEAD_BYTES, |c| {
        matches!(c, '.' | '!' | '?' | '…')
    })
}

/// The first bytes of the sentence marks: `.`, `!`, `?` and 0xE2 (`…`).
const SENTENCE_LEAD_BYTES: [u8; 4] = [b'.', b'!', b'?', 0xE2];

/// The offset of the first char of the last run of alphanumeric chars in `s[from..to]`.
fn last_word_start(s: &str, from: usize, to: usize) -> Option<usize> {
    let mut start = None;
    for (i, c) in s.get(from..to)?.char_indices().rev() {
        if c.is_alphanumeric() {
            start = Some(from + i);
        } else if start.is_some() {
            break;
        }
    }
    start
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
    use crate::text::{lead_bytes, sample_chars};

    #[test]
    fn norm_maps_back() {
        let t = "L\u{2019}État A";
        let n = Norm::new(t);
        assert_eq!(n.s, "l'état a");
        let at = n.s.find("état").unwrap();
        assert_eq!(&t[n.orig(at)..], "État A");
    }

    #[test]
    fn next_unplain_is_the_byte_loop() {
        let slow = |b: &[u8], mut i: usize| {
            while i < b.len() {
                if PLAIN_OR_UPPER[usize::from(b[i])] {
                    i += 1;
                } else if kept_pair(b[i], b.get(i + 1)) {
                    i += 2;
                } else {
                    return i;
                }
            }
            b.len()
        };
        let mut texts: Vec<Vec<u8>> = (0..=255u8)
            .flat_map(|x| {
                (0..20).map(move |at| {
                    let mut v = b"Abcdefghijklmnopqrstuvwxyz0123456789".to_vec();
                    v.insert(at, x);
                    v
                })
            })
            .collect();
        texts.push(Vec::new());
        texts.push(b"\x01\x02\x03\x04\x05\x06\x07\x08aaaaaaaa\x0eZ".to_vec());
        for x in [0xC2u8, 0xC3] {
            for y in 0x80..=0xBFu8 {
                for at in 0..12 {
                    let mut v = b"abcdefghijklmnop".to_vec();
                    v.splice(at..at, [x, y]);
                    texts.push(v);
                }
            }
        }
        for t in &texts {
            for i in 0..=t.len() {
                assert_eq!(next_unplain(t, i), slow(t, i), "{t:?} {i}");
            }
        }
    }

    #[test]
    fn ascii_alnum_run_is_the_byte_loop() {
        let slow = |b: &[u8], mut j: usize| {
            let mut upper = false;
            while b.get(j).is_some_and(u8::is_ascii_alphanumeric) {
                upper |= b[j].is_ascii_uppercase();
                j += 1;
            }
            (j, upper)
        };
        let mut texts: Vec<Vec<u8>> = (0..=255u8)
            .flat_map(|x| {
                (0..20).flat_map(move |at| {
                    [
                        "abcdefghijklmnopqrstuvwxyz",
                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                        "0123456789az",
                    ]
                    .map(|base| {
                        let mut v = base.as_bytes().to_vec();
                        v.insert(at.min(v.len()), x);
                        v
                    })
                })
            })
            .collect();
        texts.push(Vec::new());
        texts.push("aBcdéfGhiJ\u{2019}kLmNopQ@[`{/:".as_bytes().to_vec());
        for t in &texts {
            for i in 0..=t.len() {
                assert_eq!(ascii_alnum_run(t, i), slow(t, i), "{t:?} {i}");
            }
        }
    }

    #[test]
    fn skipping_scanner_is_chars_led_by() {
        let mut texts: Vec<String> = vec![
            crate::text::sample_chars().collect(),
            crate::text::sample_chars()
                .flat_map(|c| [c, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', c, '.', ' '])
                .collect(),
            "« Oui », dit-il. L’État ? Non ! \"x\" 'y' … fin.".to_string(),
        ];
        for k in 0..20 {
            texts.push(format!(
                "{}.{}'{}\"",
                "a".repeat(k),
                "b".repeat(k % 9),
                "c".repeat(k % 5)
            ));
        }
        for dir in ["fr-dev", "en-dev"] {
            let d = format!("{}/../../../shared/gold/{dir}", env!("CARGO_MANIFEST_DIR"));
            match std::fs::read_dir(&d) {
                Ok(entries) => texts.extend(
                    entries
                        .flatten()
                        .filter_map(|e| std::fs::read_to_string(e.path()).ok()),
                ),
                Err(_) => println!("SKIP the dev articles: {d} is absent"),
            }
        }
        // (the third: repeated bytes, and letters, which most texts hold)
        for bytes in [
            SENTENCE_LEAD_BYTES,
            super::super::marks::MARK_LEAD_BYTES,
            [b'e', b'a', b'e', b'a'],
        ] {
            // (`chars_led_by` takes a static table)
            let lead: &'static [bool; 256] = Box::leak(Box::new(lead_bytes(&bytes)));
            for t in &texts {
                let any = |_: char| true;
                let fast: Vec<_> = chars_led_by_skipping(t, bytes, any).collect();
                let slow: Vec<_> = crate::text::chars_led_by(t, lead, any).collect();
                assert_eq!(fast, slow, "{t:?}");
            }
        }
    }

    #[test]
    fn push_norm_is_normalize() {
        for c in sample_chars() {
            for w in [format!("{c}"), format!("Ab{c}cD"), format!("{c}{c}x`\t")] {
                let mut out = String::from("x");
                let (a, b) = push_norm(&w, &mut out);
                assert_eq!(&out[a..b], crate::text::normalize(&w), "{w:?}");
                assert_eq!(normalized(&w), crate::text::normalize(&w), "{w:?}");
            }
        }
    }

    #[test]
    fn norm_fast_path_is_the_char_loop() {
        // the char-by-char definition the ASCII runs shortcut
        fn reference(text: &str) -> (String, Vec<usize>) {
            let (mut s, mut map) = (String::new(), Vec::new());
            for (i, c) in text.char_indices() {
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
                map.extend(std::iter::repeat_n(i, s.len() - before));
            }
            map.push(text.len());
            (s, map)
        }
        let text: String = sample_chars()
            .flat_map(|c| [c, 'A', 'b', c, '\n', '`'])
            .collect();
        let n = Norm::new(&text);
        let (s, map) = reference(&text);
        assert_eq!(n.s, s);
        for (at, &o) in map.iter().enumerate() {
            assert_eq!(n.orig(at), o, "{at}");
        }
        assert_eq!(n.orig(map.len()), usize::MAX);
        assert!(n.jumps.len() < text.len() / 4, "{}", n.jumps.len());
    }

    /// The tokenizer as first written, a char at a time: what the fast paths must give.
    fn reference_tokenize(text: &str, span: Span) -> Vec<(Span, String, bool, bool)> {
        let s = text.get(span.start..span.end).unwrap_or("");
        let base = span.start;
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(c) = char_at(s, i) {
            let off = i;
            if is_space(c) {
                i += c.len_utf8();
                continue;
            }
            if is_alnum(c) {
                let mut j = i + c.len_utf8();
                while let Some(c2) = char_at(s, j) {
                    if is_alnum(c2) {
                        j += c2.len_utf8();
                        continue;
                    }
                    let after = j + c2.len_utf8();
                    let next_alnum = char_at(s, after).is_some_and(is_alnum);
                    if is_apostrophe(c2) && !next_alnum {
                        if elision(&s[off..j]).1 {
                            j = after;
                        }
                        break;
                    }
                    if (c2 == '-' || is_apostrophe(c2) || c2 == '.' || c2 == '&') && next_alnum {
                        if is_apostrophe(c2) && elision(&s[off..j]).0 {
                            j = after;
                            break;
                        }
                        j = after;
                        continue;
                    }
                    break;
                }
                let mut end_off = j;
                if char_at(s, j) == Some('.') && is_abbrev(&s[off..end_off]) {
                    end_off += 1;
                    j += 1;
                }
                let w = &s[off..end_off];
                let cap = c.is_uppercase()
                    || w.bytes().position(|b| b == b'-').is_some_and(|k| {
                        w[..k].chars().count() <= 3 && w[k + 1..].starts_with(char::is_uppercase)
                    });
                let span = Span::new(base + off, base + end_off);
                out.push((span, crate::text::normalize(w), true, cap));
                i = j;
            } else if s[off..].starts_with("''") {
                out.push((
                    Span::new(base + off, base + off + 2),
                    "\"".into(),
                    false,
                    false,
                ));
                i = off + 2;
            } else {
                let end_off = off + c.len_utf8();
                let w = &s[off..end_off];
                let span = Span::new(base + off, base + end_off);
                out.push((span, crate::text::normalize(w), false, false));
                i = end_off;
            }
        }
        out
    }

    fn fast_tokenize(text: &str, span: Span) -> Vec<(Span, String, bool, bool)> {
        tokenize(text, span)
            .into_iter()
            .map(|t| (t.span, t.norm().to_string(), t.word, t.cap))
            .collect()
    }

    #[test]
    fn tokenize_fast_path_is_the_char_loop() {
        let mut texts: Vec<String> = sample_chars()
            .map(|c| {
                format!(
                    "{c}l{c}Agence d{c}O{c}Malley M{c}. al-{c}Sisi U.S{c}A 3{c}5 jusqu{c} \
                     {c}{c}ab{c}CD{c} \u{2019}x\u{a0}{c}M. l'"
                )
            })
            .collect();
        texts.push(sample_chars().collect());
        texts.push(sample_chars().flat_map(|c| [c, 'a', 'B', c, ' ']).collect());
        texts.push(
            "« Oui », a-t-elle dit. L’État, l’« affaire », aujourd’hui Dr. X et M. Y.".to_string(),
        );
        let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/gold/fr-dev");
        if let Ok(dir) = std::fs::read_dir(shared) {
            for e in dir.flatten() {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    texts.push(t);
                }
            }
        } else {
            println!("SKIP the dev articles: {shared} is absent");
        }
        for t in &texts {
            let whole = Span::new(0, t.len());
            // the document's tokens, their norms read from the lower-cased text
            let norm = Norm::new(t);
            let words = Words::new(t, &[whole], &norm);
            let index = TokIndex::new(&words);
            let got: Vec<_> = index
                .get(t, whole)
                .iter()
                .map(|x| (x.span, x.norm().to_string(), x.word, x.cap))
                .collect();
            assert_eq!(got, reference_tokenize(t, whole), "{t:?}");
            // paragraphs, given out of order
            let bounds: Vec<usize> = (0..=t.len())
                .filter(|&k| t.is_char_boundary(k))
                .step_by(53)
                .chain([t.len()])
                .collect();
            let mut paras: Vec<Span> = bounds.windows(2).map(|w| Span::new(w[0], w[1])).collect();
            paras.reverse();
            let words = Words::new(t, &paras, &norm);
            let index = TokIndex::new(&words);
            for p in &paras {
                let got: Vec<_> = index
                    .get(t, *p)
                    .iter()
                    .map(|x| (x.span, x.norm().to_string(), x.word, x.cap))
                    .collect();
                assert_eq!(got, reference_tokenize(t, *p), "{t:?} {p:?}");
            }
            assert_eq!(
                fast_tokenize(t, whole),
                reference_tokenize(t, whole),
                "{t:?}"
            );
            // sub-spans that cut words
            let cuts: Vec<usize> = (0..t.len())
                .filter(|&k| t.is_char_boundary(k))
                .step_by(7)
                .collect();
            for w in cuts.windows(2) {
                let sp = Span::new(w[0], w[1] + (t.len() - w[1]).min(5));
                if t.get(sp.start..sp.end).is_some() {
                    assert_eq!(
                        fast_tokenize(t, sp),
                        reference_tokenize(t, sp),
                        "{t:?} {sp:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn tokenize_splits_elisions_keeps_names() {
        let t = "l'agence d'O'Malley M. Sullivan, U.S.";
        let toks: Vec<_> = tokenize(t, Span::new(0, t.len()))
            .iter()
            .map(|x| x.norm().to_string())
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
