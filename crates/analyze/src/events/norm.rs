//! Normalised copies of a document's sentences (lower case, `'` apostrophes, single spaces)
//! with the map back to byte offsets of the original text, and their word tokens. Triggers and
//! function words are matched on the copies; every span reported is mapped back to the original.
//!
//! The sentences of a document are normalised once into one buffer ([`Norms`]), each followed
//! by a `'\n'` (which no normalised text contains: it is a space, and spaces become `' '`), so
//! that an automaton runs once over the whole buffer and no match crosses two sentences. Each
//! sentence is read through a borrowed view ([`Norm`]) whose offsets are its own, as if it had
//! been normalised alone.

use aho_corasick::AhoCorasick;
use vigie_doc::Span;

use crate::quotes::dfa::FastAc;
use crate::text::kept_pair;
use crate::text::{is_alnum, is_apostrophe, is_space, latin1_lower};

/// A word or punctuation token of a normalised sentence (offsets into `Norm::text`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tok {
    /// Start in `Norm::text`.
    pub start: usize,
    /// End in `Norm::text`.
    pub end: usize,
    /// True for words and numbers, false for punctuation.
    pub word: bool,
}

/// The separator after each sentence in [`Norms::text`].
pub const SEP: u8 = b'\n';

/// One sentence's place in [`Norms`].
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// The sentence in the original text.
    span: Span,
    /// Its normalised text: `Norms::text[text.0..text.1]` (the separator follows).
    text: (usize, usize),
    /// Its tokens: `Norms::toks[toks.0..toks.1]`.
    toks: (usize, usize),
}

/// The normalised sentences of a document, in one buffer.
#[derive(Clone, Debug, Default)]
pub struct Norms {
    /// Every sentence's normalised text, each followed by [`SEP`].
    pub text: String,
    /// For each byte of `text`: the byte offset in the original text (a separator maps to the
    /// end of its sentence, the "one past the end" of the sentence's map).
    map: Vec<usize>,
    /// Every sentence's tokens, with offsets into the sentence's own text.
    toks: Vec<Tok>,
    entries: Vec<Entry>,
}

impl Norms {
    /// Normalises and tokenises each of `sentences` of `text`.
    pub fn new(text: &str, sentences: &[Span]) -> Norms {
        let mut n = Norms::untokenized(text, sentences);
        for k in 0..n.len() {
            n.tokenize(k);
        }
        n
    }

    /// Normalises each of `sentences` of `text`; their tokens are empty until
    /// [`Norms::tokenize`] (only a sentence with a trigger form needs them).
    pub fn untokenized(text: &str, sentences: &[Span]) -> Norms {
        let total: usize = sentences
            .iter()
            .map(|s| s.end.saturating_sub(s.start) + 1)
            .sum();
        let mut n = Norms {
            text: String::with_capacity(total),
            map: Vec::with_capacity(total),
            // (the tokens of every sentence fit, at about one per five bytes: the sentences
            // with a trigger form, most of them, are tokenised one after the other)
            toks: Vec::with_capacity(total / 4),
            entries: Vec::with_capacity(sentences.len()),
        };
        // (the Latin-1 chars of a run, one list for the document)
        let mut pairs = Vec::new();
        for &span in sentences {
            let from = n.text.len();
            normalize_into(text, span, &mut n.text, &mut n.map, &mut pairs);
            let to = n.text.len();
            n.text.push(SEP as char);
            n.entries.push(Entry {
                span,
                text: (from, to),
                toks: (0, 0),
            });
        }
        n
    }

    /// Tokenises sentence `k`.
    pub fn tokenize(&mut self, k: usize) {
        let Some(e) = self.entries.get(k).copied() else {
            return;
        };
        let t0 = self.toks.len();
        if let Some(text) = self.text.get(e.text.0..e.text.1) {
            tokenize_into(text, &mut self.toks);
        }
        let t1 = self.toks.len();
        if let Some(e) = self.entries.get_mut(k) {
            e.toks = (t0, t1);
        }
    }

    /// The number of sentences.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True without sentences.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Sentence `i`: its original span and its normalised view.
    pub fn get(&self, i: usize) -> (Span, Norm<'_>) {
        let e = self.entries[i];
        let norm = Norm {
            text: &self.text[e.text.0..e.text.1],
            map: &self.map[e.text.0..=e.text.1],
            toks: &self.toks[e.toks.0..e.toks.1],
        };
        (e.span, norm)
    }

    /// Every sentence in order.
    pub fn iter(&self) -> impl Iterator<Item = (Span, Norm<'_>)> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The start of sentence `i` in [`Norms::text`] (its offsets are relative to it).
    pub fn offset(&self, i: usize) -> usize {
        self.entries[i].text.0
    }

    /// Every match of `ac` (built with the standard match kind) that lies at word boundaries of
    /// its sentence, leftmost-longest among those ([`leftmost_longest`]), as `(sentence, start,
    /// end, pattern)` with offsets into the sentence's own text, in order. A match that is no
    /// word hides nothing: "a demand" inside "Russia demanded" leaves "demanded".
    ///
    /// With `whole`, `ac` runs once over the whole buffer: valid when no pattern is empty or
    /// holds [`SEP`], for then no match crosses a separator, the automaton leaves each separator
    /// in its start state, and the matches in a sentence's part of the buffer are those of the
    /// sentence alone. Without it, `ac` runs over each sentence (as before the buffer).
    pub fn matches(&self, ac: &AhoCorasick, whole: bool, out: &mut Vec<Match>) {
        let mut push = |k: usize, _: &Norm<'_>, s: usize, e: usize, p: usize| {
            out.push(Match {
                sentence: k,
                start: s,
                end: e,
                pattern: p,
            });
        };
        let words = |text: &str| -> Vec<Found> {
            ac.find_overlapping_iter(text)
                .filter(|m| word_boundary(text, m.start()) && word_boundary(text, m.end()))
                .map(|m| {
                    (
                        m.start(),
                        std::cmp::Reverse(m.end()),
                        m.pattern().as_usize(),
                    )
                })
                .collect()
        };
        if whole {
            let mut found = words(self.text.as_str());
            self.locate(leftmost_longest(&mut found), &mut push);
        } else {
            for (k, (_, norm)) in self.iter().enumerate() {
                let mut found = words(norm.text);
                for (s, e, p) in leftmost_longest(&mut found) {
                    push(k, &norm, s, e, p);
                }
            }
        }
    }
}

/// A match as [`leftmost_longest`] sorts them: (start, end reversed, pattern).
type Found = (usize, std::cmp::Reverse<usize>, usize);

/// From left to right, the match starting first and the longest of those that start there; at
/// one span, the smallest pattern id (a pattern listed twice is reported under its first
/// listing). As `(start, end, pattern)`, in order.
fn leftmost_longest(found: &mut [Found]) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    found.sort_unstable();
    let mut pos = 0;
    found
        .iter()
        .filter(move |&&(s, std::cmp::Reverse(e), _)| {
            let keep = s >= pos;
            if keep {
                pos = e;
            }
            keep
        })
        .map(|&(s, std::cmp::Reverse(e), id)| (s, e, id))
}

impl Norms {
    /// Hands each buffer match `(start, end, pattern)` (in order of sentence, none crossing a
    /// separator) to `push` with its sentence, the sentence's view and offsets in it.
    fn locate(
        &self,
        found: impl Iterator<Item = (usize, usize, usize)>,
        push: &mut impl FnMut(usize, &Norm<'_>, usize, usize, usize),
    ) {
        let mut k = 0;
        let mut view = None;
        for (start, end, pattern) in found {
            // The sentence whose text (or separator) holds the match.
            let from = k;
            while k + 1 < self.entries.len() && self.entries[k].text.1 < start {
                k += 1;
            }
            let Some(e) = self.entries.get(k) else { break };
            if view.is_none() || k != from {
                view = Some(self.get(k).1);
            }
            let Some(norm) = &view else { break };
            let (s, t) = (start - e.text.0, end - e.text.0);
            if t <= norm.text.len() {
                push(k, norm, s, t, pattern);
            }
        }
    }
}

/// Several pattern sets, each searched as [`Norms::matches`] searches it alone, in one pass:
/// one automaton over every pattern reports every match (overlapping); each set then keeps
/// those at word boundaries, leftmost-longest ([`leftmost_longest`]). One more set may be
/// searched for every occurrence of its patterns (the modality words), as its own overlapping
/// search of each sentence reports them: in the same order, for the matches at one end are
/// reported longest first (the same pattern listed twice, in its order), whatever the other
/// patterns.
#[derive(Debug)]
pub struct OnePass {
    ac: FastAc,
    /// Per pattern of `ac`: its set, and its id in the set (the set searched for every
    /// occurrence is number `sets`).
    info: Vec<(usize, usize)>,
    sets: usize,
}

impl OnePass {
    /// Compiles the sets (each its patterns, ids in it the order); `every` is the set searched
    /// for every occurrence. `None` when a set cannot be searched over the whole buffer
    /// ([`whole_ok`]).
    pub fn new(sets: &[&[String]], every: &[&str]) -> Option<OnePass> {
        let mut pats: Vec<&str> = Vec::new();
        let mut info = Vec::new();
        for (set, forms) in sets.iter().enumerate() {
            if !whole_ok(forms.iter().map(String::as_str)) {
                return None;
            }
            for (i, f) in forms.iter().enumerate() {
                pats.push(f);
                info.push((set, i));
            }
        }
        if !whole_ok(every.iter().copied()) {
            return None;
        }
        pats.extend(every);
        info.extend((0..every.len()).map(|i| (sets.len(), i)));
        // (the Aho-Corasick DFA without prefilter, in a compact table)
        let ac = FastAc::new(&pats).ok()?;
        Some(OnePass {
            ac,
            info,
            sets: sets.len(),
        })
    }

    /// For each set, what [`Norms::matches`] with the set's own automaton finds; on `every`,
    /// each sentence's occurrences of the set searched for every occurrence, with offsets in
    /// the sentence's text, in the order its own overlapping search reports them.
    pub fn matches(&self, norms: &Norms, out: &mut [Vec<Match>], every: &mut Vec<Match>) {
        // (room for a typical article's matches: growing the lists a push at a time cost more
        // than the search)
        let room = norms.text.len() / 32;
        let mut raw: Vec<Vec<(usize, std::cmp::Reverse<usize>, usize)>> =
            (0..self.sets).map(|_| Vec::with_capacity(room)).collect();
        let mut all = Vec::with_capacity(room);
        self.ac
            .for_each_overlapping(norms.text.as_str(), |pattern, start, end| {
                match self.info.get(pattern) {
                    Some(&(set, id)) if set == self.sets => all.push((start, end, id)),
                    Some(&(set, id)) => {
                        if let Some(r) = raw.get_mut(set) {
                            if word_boundary(&norms.text, start) && word_boundary(&norms.text, end)
                            {
                                r.push((start, std::cmp::Reverse(end), id));
                            }
                        }
                    }
                    None => {}
                }
            });
        // (in order of end, so of sentence: `locate` finds each one's sentence as well)
        norms.locate(all.into_iter(), &mut |k, _: &Norm<'_>, s, e, p| {
            every.push(Match {
                sentence: k,
                start: s,
                end: e,
                pattern: p,
            });
        });
        for (found, out) in raw.iter_mut().zip(out.iter_mut()) {
            out.reserve(found.len());
            norms.locate(leftmost_longest(found), &mut |k, _: &Norm<'_>, s, e, p| {
                out.push(Match {
                    sentence: k,
                    start: s,
                    end: e,
                    pattern: p,
                });
            });
        }
    }
}

/// True when a word cannot continue across offset `at` of `text`: a sentence's text or the
/// whole buffer (a separator is no letter).
fn word_boundary(text: &str, at: usize) -> bool {
    let inner = |c: Option<char>| c.is_some_and(is_alnum);
    !(inner(crate::text::char_before(text, at)) && inner(crate::text::char_at(text, at)))
}

/// True when a set of patterns can be searched over the whole buffer ([`Norms::matches`]).
pub fn whole_ok<'a>(patterns: impl IntoIterator<Item = &'a str>) -> bool {
    patterns
        .into_iter()
        .all(|p| !p.is_empty() && !p.as_bytes().contains(&SEP))
}

/// A match of [`Norms::matches`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// The sentence index.
    pub sentence: usize,
    /// Start in the sentence's normalised text.
    pub start: usize,
    /// End in the sentence's normalised text.
    pub end: usize,
    /// The automaton's pattern index.
    pub pattern: usize,
}

/// The matches of sentence `k` in `all` (sorted by sentence), from `*cursor` on; advances it.
pub fn matches_of<'m>(all: &'m [Match], k: usize, cursor: &mut usize) -> &'m [Match] {
    let from = (*cursor..all.len())
        .find(|&i| all[i].sentence >= k)
        .unwrap_or(all.len());
    let to = (from..all.len())
        .find(|&i| all[i].sentence > k)
        .unwrap_or(all.len());
    *cursor = to;
    &all[from..to]
}

/// A normalised sentence: a view into [`Norms`], with offsets of its own.
#[derive(Clone, Copy, Debug)]
pub struct Norm<'a> {
    /// The normalised text.
    pub text: &'a str,
    /// For each byte of `text` (and one past the end): the byte offset in the original text.
    map: &'a [usize],
    /// Tokens in order.
    pub toks: &'a [Tok],
}

/// How [`normalize_into`] treats a byte: copied lower-cased, a space, or through the general
/// path (non-ASCII bytes, and the ASCII apostrophe variant `` ` ``).
const PLAIN: u8 = 0;
const SPACE: u8 = 1;
const OTHER: u8 = 2;

/// The class of each byte: ASCII whitespace is what `is_space` says of it (`\t`..`\r` and
/// `' '`, which includes `\x0b`), `` ` `` is an apostrophe.
const CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'\t'..=b'\r' | b' ' => SPACE,
            b'`' => OTHER,
            _ => PLAIN,
        };
        b += 1;
    }
    t
};

/// The end of the run of [`PLAIN`] bytes, Latin-1 chars normalising leaves as they are
/// ([`kept_pair`]: most French accented letters) and single spaces that starts at `bytes[i]`
/// (after a space when `space`), and whether it ends with a space; the offset of each such
/// Latin-1 char is pushed on `pairs`. Eight bytes at a time where a word of them holds no byte
/// but plain ones and spaces, no two spaces in a row, and no space first after a space (exact
/// per-byte tests; bytes below 0x0E and from 0x80 on are all sent to the byte loop).
fn plain_run(bytes: &[u8], mut j: usize, mut space: bool, pairs: &mut Vec<usize>) -> (usize, bool) {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    const LOW7: u64 = ONES * 0x7F;
    // the high bit of each byte of `x` that is zero
    let zero = |x: u64| !(((x & LOW7) + LOW7) | x) & HIGH;
    loop {
        while let Some(chunk) = bytes.get(j..j + 8) {
            let Ok(w) = <[u8; 8]>::try_from(chunk) else {
                break;
            };
            let w = u64::from_le_bytes(w);
            let spaces = zero(w ^ (ONES * u64::from(b' ')));
            let ticks = zero(w ^ (ONES * u64::from(b'`')));
            let low = !((w & LOW7) + ONES * (0x80 - 0x0E)) & HIGH;
            let first_space = if space { spaces & 0x80 } else { 0 };
            let bad = (w & HIGH) | ticks | low | (spaces & (spaces << 8)) | first_space;
            if bad != 0 {
                break;
            }
            space = spaces >> 56 != 0;
            j += 8;
        }
        let end = (j + 8).min(bytes.len());
        while j < end {
            let b = bytes[j];
            if CLASS[b as usize] == PLAIN {
                space = false;
            } else if b == b' ' && !space {
                space = true;
            } else if kept_pair(b, bytes.get(j + 1)) {
                space = false;
                pairs.push(j);
                j += 1;
            } else {
                return (j, space);
            }
            j += 1;
        }
        if j >= bytes.len() {
            return (j, space);
        }
    }
}

/// Appends the normalised `text[span]` to `out`, and for each byte appended the original offset
/// to `map`, then the original end of the span.
fn normalize_into(
    text: &str,
    span: Span,
    out: &mut String,
    map: &mut Vec<usize>,
    pairs: &mut Vec<usize>,
) {
    let src = text.get(span.start..span.end).unwrap_or("");
    let mut last_space = true;
    let bytes = src.as_bytes();
    out.reserve(bytes.len());
    map.reserve(bytes.len() + 1);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let at = span.start + i;
        if CLASS[b as usize] == PLAIN
            || (b == b' ' && !last_space)
            || kept_pair(b, bytes.get(i + 1))
        {
            // The common case: a run of ASCII letters, digits and marks, lower-cased one byte
            // for one byte, and of Latin-1 letters already lower case, with single spaces
            // between them (kept as they are), at once.
            let (j, space) = plain_run(bytes, i, last_space, pairs);
            let from = out.len();
            out.push_str(&src[i..j]);
            if let Some(added) = out.get_mut(from..) {
                added.make_ascii_lowercase();
            }
            let mapped = map.len();
            map.extend(at..span.start + j);
            // (both bytes of a Latin-1 char map to its start)
            for k in pairs.drain(..) {
                if let Some(second) = map.get_mut(mapped + (k + 1 - i)) {
                    *second -= 1;
                }
            }
            last_space = space;
            i = j;
            continue;
        }
        if CLASS[b as usize] == SPACE {
            if !last_space {
                out.push(' ');
                map.push(at);
            }
            last_space = true;
            i += 1;
            continue;
        }
        let Some(c) = src[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if is_space(c) {
            if !last_space {
                out.push(' ');
                map.push(at);
            }
            last_space = true;
            continue;
        }
        last_space = false;
        if is_apostrophe(c) {
            out.push('\'');
            map.push(at);
        } else if matches!(c, '\u{2010}' | '\u{2011}') {
            out.push('-');
            map.push(at);
        } else if let Some(l) = latin1_lower(c) {
            // Latin-1 (French accented letters): one char, without the Unicode tables.
            out.push(l);
            map.extend(std::iter::repeat_n(at, l.len_utf8()));
        } else {
            let mut buf = [0u8; 4];
            for l in c.to_lowercase() {
                let s = l.encode_utf8(&mut buf);
                out.push_str(s);
                map.extend(std::iter::repeat_n(at, s.len()));
            }
        }
    }
    map.push(span.start + src.len());
}

impl Norm<'_> {
    /// The original offset of a normalised offset.
    pub fn orig(&self, at: usize) -> usize {
        self.map
            .get(at)
            .copied()
            .unwrap_or_else(|| self.map.last().copied().unwrap_or(0))
    }

    /// The original span of a normalised range (the end maps to the end of the last char).
    pub fn orig_span(&self, start: usize, end: usize) -> Span {
        let s = self.orig(start);
        let e = if end == 0 {
            s
        } else {
            // The original end is where the char after `end - 1` starts, or the sentence end.
            let last = self.orig(end - 1);
            let mut e = self.orig(end);
            if e <= last {
                e = last + 1;
            }
            e
        };
        Span::new(s, e.max(s))
    }

    /// The normalised offset of an original offset (the first normalised byte at or after it).
    pub fn norm_of(&self, orig: usize) -> usize {
        self.map.partition_point(|&m| m < orig)
    }

    /// True when a word cannot continue across `at` in the normalised text.
    pub fn is_word_boundary(&self, at: usize) -> bool {
        word_boundary(self.text, at)
    }

    /// The index of the token starting at or after normalised offset `at`.
    pub fn tok_at(&self, at: usize) -> usize {
        self.toks.partition_point(|t| t.start < at)
    }

    /// The text of token `i`.
    pub fn tok(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .map(|t| &self.text[t.start..t.end])
            .unwrap_or("")
    }
}

/// The char at byte `at` of `s` (`None` at the end).
#[inline]
fn next_char(s: &str, at: usize) -> Option<char> {
    crate::text::char_at(s, at)
}

/// Appends the tokens of `s` to `toks`. Words are runs of letters and digits (with inner
/// hyphens); a French elided article or pronoun keeps its apostrophe ("l'", "d'", "qu'"); an
/// English contraction stays one token ("didn't", "russia's"); every other character is a
/// punctuation token.
fn tokenize_into(s: &str, toks: &mut Vec<Tok>) {
    let mut i = 0;
    while let Some(c) = next_char(s, i) {
        if c == ' ' {
            i += 1;
            continue;
        }
        if is_alnum(c) {
            let start = i;
            // Invariant: `end` is where the next char starts.
            let mut end = i + c.len_utf8();
            let bytes = s.as_bytes();
            loop {
                // A run of ASCII letters and digits at once (eight bytes at a time).
                end = crate::segment::ascii_alnum_end(bytes, end);
                let Some(d) = next_char(s, end) else { break };
                if is_alnum(d) {
                    end += d.len_utf8();
                } else if d == '-' || d == '\'' {
                    // Inner hyphen or apostrophe: keep when a letter follows, except an elision
                    // ("l'ukraine") which ends the token after the apostrophe.
                    if d == '\'' && is_elision(&s[start..end]) {
                        end += 1;
                        break;
                    }
                    if next_char(s, end + 1).is_some_and(is_alnum) {
                        end += 1;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            toks.push(Tok {
                start,
                end,
                word: true,
            });
            i = end;
        } else {
            let end = i + c.len_utf8();
            toks.push(Tok {
                start: i,
                end,
                word: false,
            });
            i = end;
        }
    }
}

fn is_elision(w: &str) -> bool {
    matches!(
        w,
        "l" | "d"
            | "j"
            | "m"
            | "n"
            | "s"
            | "t"
            | "c"
            | "qu"
            | "jusqu"
            | "lorsqu"
            | "puisqu"
            | "quoiqu"
            | "presqu"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasickBuilder, AhoCorasickKind};

    /// The per-sentence normalisation and tokeniser this module had before [`Norms`] (char by
    /// char, with the Unicode tables), kept to pin the fast paths to it.
    fn reference(text: &str, span: Span) -> (String, Vec<usize>, Vec<Tok>) {
        let src = text.get(span.start..span.end).unwrap_or("");
        let mut out = String::new();
        let mut map = Vec::new();
        let mut last_space = true;
        for (i, c) in src.char_indices() {
            let at = span.start + i;
            if is_space(c) {
                if !last_space {
                    out.push(' ');
                    map.push(at);
                }
                last_space = true;
                continue;
            }
            last_space = false;
            let mut buf = [0u8; 4];
            if is_apostrophe(c) {
                out.push('\'');
                map.push(at);
            } else if matches!(c, '\u{2010}' | '\u{2011}') {
                out.push('-');
                map.push(at);
            } else {
                for l in c.to_lowercase() {
                    let s = l.encode_utf8(&mut buf);
                    out.push_str(s);
                    map.extend(std::iter::repeat_n(at, s.len()));
                }
            }
        }
        map.push(span.start + src.len());
        let mut toks = Vec::new();
        let s = out.as_str();
        let mut it = s.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if c == ' ' {
                continue;
            }
            if c.is_alphanumeric() {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = it.peek() {
                    if d.is_alphanumeric() {
                        end = j + d.len_utf8();
                        it.next();
                    } else if d == '-' || d == '\'' {
                        let mut look = it.clone();
                        look.next();
                        let next = look.peek().map(|&(_, x)| x);
                        if d == '\'' && is_elision(&s[i..end]) {
                            end = j + 1;
                            it.next();
                            break;
                        }
                        if next.is_some_and(char::is_alphanumeric) {
                            end = j + 1;
                            it.next();
                        } else {
                            break;
                        }
                    } else {
                        break;
                    }
                }
                toks.push(Tok {
                    start: i,
                    end,
                    word: true,
                });
            } else {
                toks.push(Tok {
                    start: i,
                    end: i + c.len_utf8(),
                    word: false,
                });
            }
        }
        (out, map, toks)
    }

    fn check(text: &str, spans: &[Span]) {
        let norms = Norms::new(text, spans);
        assert_eq!(norms.len(), spans.len());
        for (k, (span, n)) in norms.iter().enumerate() {
            assert_eq!(span, spans[k]);
            let (t, map, toks) = reference(text, span);
            assert_eq!(n.text, t, "{text:?} {span:?}");
            assert_eq!(n.map, map.as_slice(), "{text:?} {span:?}");
            assert_eq!(n.toks, toks.as_slice(), "{text:?} {span:?}");
            assert_eq!(&norms.text[norms.offset(k)..][..t.len()], t);
            assert_eq!(norms.text.as_bytes()[norms.offset(k) + t.len()], SEP);
        }
        // Tokenised on demand, in any order: the same views.
        let mut lazy = Norms::untokenized(text, spans);
        assert_eq!(lazy.text, norms.text);
        for k in (0..lazy.len()).rev().step_by(2) {
            lazy.tokenize(k);
        }
        for (k, ((_, a), (_, b))) in lazy.iter().zip(norms.iter()).enumerate() {
            assert_eq!((a.text, a.map), (b.text, b.map));
            let tokenized = (k + 1) % 2 == lazy.len() % 2;
            assert_eq!(a.toks, if tokenized { b.toks } else { &[] }, "{k}");
        }
    }

    #[test]
    fn maps_back_and_tokenizes() {
        let text = "Le 17, l\u{2019}Ukraine  n\u{2019}a PAS d\u{00E9}menti. Russia's didn't";
        let norms = Norms::new(text, &[Span::new(0, text.len())]);
        let (_, n) = norms.get(0);
        assert_eq!(n.text, "le 17, l'ukraine n'a pas démenti. russia's didn't");
        let words: Vec<_> = (0..n.toks.len()).map(|i| n.tok(i)).collect();
        assert_eq!(
            words,
            [
                "le", "17", ",", "l'", "ukraine", "n'", "a", "pas", "démenti", ".", "russia's",
                "didn't"
            ]
        );
        let at = n.text.find("démenti").unwrap();
        let span = n.orig_span(at, at + "démenti".len());
        assert_eq!(&text[span.start..span.end], "d\u{00E9}menti");
        let at = n.text.find("ukraine").unwrap();
        assert_eq!(n.norm_of(n.orig(at)), at);
    }

    #[test]
    fn fast_paths_are_the_reference() {
        // Every sample char alone, between letters, after an elision and before a hyphen.
        let mut text = String::new();
        for c in crate::text::sample_chars() {
            text.push('A');
            text.push(c);
            text.push_str("b l'");
            text.push(c);
            text.push_str("-x ");
            text.push(c);
            text.push_str("'s \u{00A0} qu'");
        }
        check(&text, &[Span::new(0, text.len())]);
        // Word shapes around hyphens, apostrophes and spaces, cut into sentences anywhere.
        let text = "  L'Ukraine, d\u{2019}abord ; l'-x jusqu'à-bas PAS-- É-É  \u{2010}Ñ\t\
                    Ἀθῆναι İstanbul ǅ ß ẞ ﬁ x'' a-' n' -1 2-3 Ωmega  l` d\u{00B4} ";
        let ends: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for (k, &a) in ends.iter().enumerate() {
            for &b in ends[k..].iter().step_by(3) {
                check(text, &[Span::new(a, b)]);
            }
        }
        let spans: Vec<Span> = ends.windows(2).map(|w| Span::new(w[0], w[1])).collect();
        check(text, &spans);
        // Runs of words and spaces of every length (the eight-byte steps), and the articles.
        let mut texts: Vec<String> = (0..40)
            .map(|k| {
                let word = "abcdefghij".get(..k % 9 + 1).unwrap_or("a");
                let gap = [" ", "  ", " ", "\t", " `", "é", "\x01", " \n "][k % 8];
                format!("Ab{}", [word, gap].concat().repeat(k % 7 + 2))
            })
            .collect();
        let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/gold/fr-dev");
        if let Ok(dir) = std::fs::read_dir(shared) {
            texts.extend(
                dir.flatten()
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok()),
            );
        } else {
            println!("SKIP the dev articles: {shared} is absent");
        }
        for t in &texts {
            for a in (0..t.len().min(9)).filter(|&a| t.is_char_boundary(a)) {
                check(t, &[Span::new(a, t.len())]);
            }
        }
        // Out of bounds, off a char boundary, empty, reversed.
        check(
            text,
            &[
                Span::new(0, 0),
                Span::new(text.len(), text.len() + 5),
                Span::new(text.find('É').unwrap() + 1, text.len()),
                Span::new(0, text.len()),
            ],
        );
    }

    /// What [`Norms::matches`] finds, from its definition: every occurrence of every pattern
    /// at word boundaries of its sentence, then leftmost-longest, the first listing at one span.
    fn naive(norms: &Norms, pats: &[String]) -> Vec<Match> {
        let mut out = Vec::new();
        for (k, (_, norm)) in norms.iter().enumerate() {
            let t = norm.text;
            let mut all: Vec<(usize, usize, usize)> = Vec::new();
            for (p, pat) in pats.iter().enumerate() {
                for s in (0..t.len()).filter(|&s| t.is_char_boundary(s)) {
                    let e = s + pat.len();
                    if t[s..].starts_with(pat.as_str())
                        && norm.is_word_boundary(s)
                        && norm.is_word_boundary(e)
                        && !all.iter().any(|&(s2, e2, _)| (s2, e2) == (s, e))
                    {
                        all.push((s, e, p));
                    }
                }
            }
            all.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
            let mut pos = 0;
            for (s, e, p) in all {
                if s >= pos {
                    pos = e;
                    out.push(Match {
                        sentence: k,
                        start: s,
                        end: e,
                        pattern: p,
                    });
                }
            }
        }
        out
    }

    #[test]
    fn a_match_inside_a_word_hides_nothing() {
        let pats: Vec<String> = ["a demand", "demanded", "an order", "ordered"]
            .map(String::from)
            .to_vec();
        let ac = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::DFA))
            .build(&pats)
            .unwrap();
        let text = "Russia demanded a demand. Iran ordered it.";
        let norms = Norms::new(text, &[Span::new(0, 25), Span::new(26, text.len())]);
        let found = |whole| {
            let mut out = Vec::new();
            norms.matches(&ac, whole, &mut out);
            out.iter()
                .map(|m| (m.sentence, m.pattern))
                .collect::<Vec<_>>()
        };
        assert_eq!(found(true), [(0, 1), (0, 0), (1, 3)]);
        assert_eq!(found(false), found(true));
        let one = OnePass::new(&[&pats], &[]).unwrap();
        let (mut merged, mut every) = ([Vec::new()], Vec::new());
        one.matches(&norms, &mut merged, &mut every);
        let mut each = Vec::new();
        norms.matches(&ac, true, &mut each);
        assert_eq!(merged[0], each);
    }

    #[test]
    fn one_pass_over_the_buffer_is_one_per_sentence() {
        use aho_corasick::MatchKind;
        let pats = [
            "police",
            "la police",
            "police nationale",
            "nationale",
            "l'armée",
            "armée",
            "armées",
            "é",
            "forces",
            "forces de l'ordre",
            "de l'ordre",
            "ordre. les",
            "a",
            "soldat",
            "soldats",
            "police.",
        ];
        assert!(whole_ok(pats));
        assert!(!whole_ok(["a", ""]));
        assert!(!whole_ok(["a\nb"]));
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(pats)
            .unwrap();
        let dups: Vec<String> = ["forces", "police", "la police", "police", "é", "forces"]
            .map(String::from)
            .to_vec();
        let ac_dups = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&dups)
            .unwrap();
        let owned: Vec<String> = pats.map(String::from).to_vec();
        // every occurrence of these: overlapping, a duplicate, one of another set's patterns
        let every = ["police", "la police", "police", "a", "é", "ordre", "s"];
        let one_pass = OnePass::new(&[&owned, &dups], &every).unwrap();
        let every_ac = FastAc::new(&every).unwrap();
        let text = "La police. Nationale, les forces de l'ordre. Les soldats; l'Armée  \
                    police nationale a l'armées é-é forces de la police.police";
        let ends: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for step in [1, 2, 3, 5, 7, 11, 200] {
            let spans: Vec<Span> = ends
                .iter()
                .step_by(step)
                .zip(ends.iter().step_by(step).skip(1))
                .map(|(&a, &b)| Span::new(a, b))
                .chain([Span::new(0, text.len()), Span::new(3, 3)])
                .collect();
            let norms = Norms::new(text, &spans);
            let (mut one, mut each) = (Vec::new(), Vec::new());
            norms.matches(&ac, true, &mut one);
            norms.matches(&ac, false, &mut each);
            assert_eq!(one, each, "step {step}");
            assert_eq!(each, naive(&norms, &owned), "step {step}");
            let mut merged = [Vec::new(), Vec::new()];
            let mut all = Vec::new();
            one_pass.matches(&norms, &mut merged, &mut all);
            let mut dup_each = Vec::new();
            norms.matches(&ac_dups, false, &mut dup_each);
            assert_eq!(merged, [each.clone(), dup_each], "step {step}");
            // every occurrence, as each sentence's own overlapping search reports them
            let mut all_each = Vec::new();
            for (k, (_, norm)) in norms.iter().enumerate() {
                every_ac.for_each_overlapping(norm.text, |pattern, start, end| {
                    all_each.push(Match {
                        sentence: k,
                        start,
                        end,
                        pattern,
                    });
                });
            }
            assert!(!all.is_empty());
            assert_eq!(all, all_each, "step {step}");
            assert!(!one.is_empty());
            let mut cursor = 0;
            let mut seen = 0;
            for k in 0..norms.len() {
                let mine = matches_of(&one, k, &mut cursor);
                assert!(mine.iter().all(|m| m.sentence == k));
                seen += mine.len();
            }
            assert_eq!(seen, one.len());
        }
    }
}
