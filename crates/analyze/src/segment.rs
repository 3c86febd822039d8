//! Segmentation: sentences and tokens of the body's paragraphs.
//!
//! Tokens come first; sentences are then cut between tokens, so a period that the tokeniser
//! attached to a word ("M.", "U.S.", "J.", "Mar.") is never mistaken for a full stop unless the
//! lexicon says it may be ("U.S. The", "etc. Il").
//!
//! Tokens (`Token { span, norm, kind }`, sorted by position, covering only the body's
//! paragraphs; each `norm` a range of the document's one string of norms):
//! - words keep inner hyphens ("États-Unis", "porte-parole") and inner periods ("U.S.",
//!   "Cinktank.com"); numbers keep decimal commas and points ("3,5", "3.5"), date slashes
//!   ("17/03/2022") and no-break thousands separators ("1 000");
//! - French elision is split after the apostrophe: "l'Ukraine" -> `l'` + `Ukraine`,
//!   "jusqu'à" -> `jusqu'` + `à` (`fr/segment.toml` `elisions`);
//! - French inversions are split so the pronoun is a token: "a-t-elle" -> `a`, `-t-`, `elle`;
//!   "dit-il" -> `dit`, `-`, `il` (`inversion`, with `inversion_not` exceptions);
//! - English clitics are split: "Russia's" -> `Russia` + `'s`, "don't" -> `do` + `n't`;
//! - `norm` is the NFC, lower-cased form with every apostrophe as `'` and no-break spaces as
//!   spaces; the text itself is never rewritten.
//!
//! The tokeniser walks the text's bytes and decodes a char only at a non-ASCII byte; the
//! character classes it asks about most (word chars, letters, lower case) answer Latin-1 (the
//! French accented letters) without the Unicode tables (`text.rs`, pinned to them by a test).
//! Norms live in one string per document, no allocation per token: each paragraph's ASCII lower
//! case is copied there once, and a token whose chars `norm` keeps as they are (most of them)
//! gets a range of that copy; the others' norms are appended after it.
//!
//! Sentences end at `.`, `!`, `?`, `…` or `...` (plus closing quotes and brackets) when the next
//! token opens a sentence (capital letter, digit, opening quote, dash). Inside a quotation that
//! closes in the same paragraph and is followed by an attribution ("», a-t-elle dit", "\" she
//! said"), no sentence ends: the quotation and its attribution stay one sentence.

use serde::Deserialize;
use unicode_normalization::{
    char::is_combining_mark, is_nfc_quick, IsNormalized, UnicodeNormalization,
};
use vigie_doc::{Lang, Span, Token, TokenKind};
use vigie_lexicon::{Error, Errors, ExampleFailure, Lexicons};

use crate::hash::WordSet;
use crate::text::{
    char_at, char_before, is_alnum, is_alpha, is_apostrophe, is_space, is_space_fast, latin1_lower,
    normalize,
};

/// The segmentation stage.
#[derive(Debug)]
pub struct Segmenter {
    fr: LangRules,
    en: LangRules,
}

/// Sentences and tokens, each sorted by position.
#[derive(Clone, Debug, Default)]
pub struct Segmented {
    /// Sentences.
    pub sentences: Vec<Span>,
    /// Tokens.
    pub tokens: Vec<Token>,
    /// The string holding the tokens' normalised forms: each token's `norm` is a range of it
    /// (it becomes [`vigie_doc::Document::norms`]).
    pub norms: String,
}

impl Segmented {
    /// A token's normalised form.
    pub fn norm(&self, token: &Token) -> &str {
        token.norm_in(&self.norms)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SegmentFile {
    #[allow(dead_code)]
    version: String,
    #[serde(default)]
    titles: Vec<String>,
    #[serde(default)]
    abbreviations: Vec<String>,
    #[serde(default)]
    starters: Vec<String>,
    #[serde(default)]
    elisions: Vec<String>,
    #[serde(default)]
    inversion: Vec<String>,
    #[serde(default)]
    inversion_not: Vec<String>,
    #[serde(default)]
    clitics: Vec<String>,
    #[serde(default)]
    example: Vec<SegExample>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SegExample {
    text: String,
    sentences: Vec<String>,
}

/// Word sets use the entity lexicon's fast hasher: they are looked up per word.
#[derive(Debug)]
struct LangRules {
    file: String,
    titles: WordSet,
    abbreviations: WordSet,
    starters: WordSet,
    elisions: WordSet,
    inversion: WordSet,
    inversion_not: WordSet,
    clitics: Vec<String>,
    /// Every clitic holds an apostrophe, so a word without one needs no clitic test.
    clitics_have_apostrophe: bool,
    examples: Vec<SegExample>,
}

impl LangRules {
    fn load(lex: &Lexicons, lang: &str) -> Result<LangRules, Error> {
        let name = format!("lexicons/{lang}/segment.toml");
        let f: SegmentFile = lex.require(&name)?.toml()?;
        let lower = |v: Vec<String>| v.into_iter().map(|s| normalize(&s)).collect();
        Ok(LangRules {
            file: name,
            titles: f.titles.into_iter().collect(),
            abbreviations: lower(f.abbreviations),
            starters: lower(f.starters),
            elisions: lower(f.elisions),
            inversion: lower(f.inversion),
            inversion_not: lower(f.inversion_not),
            clitics: f.clitics.iter().map(|s| normalize(s)).collect(),
            clitics_have_apostrophe: f.clitics.iter().all(|c| normalize(c).contains('\'')),
            examples: f.example,
        })
    }
}

impl Segmenter {
    /// Builds the stage from its lexicons (`lexicons/{fr,en}/segment.toml`).
    pub fn new(lex: &Lexicons) -> Result<Segmenter, Errors> {
        let mut errors = Errors::default();
        let fr = LangRules::load(lex, "fr").map_err(|e| errors.push(e)).ok();
        let en = LangRules::load(lex, "en").map_err(|e| errors.push(e)).ok();
        match (fr, en) {
            (Some(fr), Some(en)) if errors.0.is_empty() => Ok(Segmenter { fr, en }),
            _ => Err(errors),
        }
    }

    fn rules(&self, lang: Lang) -> &LangRules {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }

    /// Segments the paragraphs of `text` into sentences and tokens.
    pub fn segment(&self, text: &str, paragraphs: &[Span], lang: Lang) -> Segmented {
        let rules = self.rules(lang);
        let body = paragraphs
            .iter()
            .map(|p| p.end.saturating_sub(p.start))
            .fold(0, usize::saturating_add)
            .min(text.len());
        let mut out = Segmented {
            sentences: Vec::with_capacity(paragraphs.len() * 2),
            tokens: Vec::with_capacity(body / 5),
            norms: String::with_capacity(body + body / 8),
        };
        let mut scratch = Scratch::default();
        for p in paragraphs {
            let Some(s) = text.get(p.start..p.end) else {
                continue;
            };
            let first = out.tokens.len();
            tokenize(s, p.start, rules, &mut out, &mut scratch.word);
            split_sentences(
                text,
                &out.tokens[first..],
                &out.norms,
                rules,
                &mut scratch.quotes,
                &mut out.sentences,
            );
        }
        out
    }

    /// Tokens of one piece of text (all of it), for stages and tests that need no sentences
    /// (`sentences` is left empty).
    pub fn tokenize(&self, text: &str, lang: Lang) -> Segmented {
        let mut out = Segmented::default();
        tokenize(text, 0, self.rules(lang), &mut out, &mut String::new());
        out
    }

    /// Runs the segmentation lexicons' embedded examples.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        let mut out = Vec::new();
        for (lang, rules) in [(Lang::Fr, &self.fr), (Lang::En, &self.en)] {
            for ex in &rules.examples {
                let seg = self.segment(&ex.text, &[Span::new(0, ex.text.len())], lang);
                let got: Vec<&str> = seg
                    .sentences
                    .iter()
                    .map(|s| &ex.text[s.start..s.end])
                    .collect();
                if got != ex.sentences {
                    out.push(ExampleFailure {
                        file: rules.file.clone(),
                        rule: format!("{lang}/segment:example"),
                        example: ex.text.clone(),
                        message: format!("expected sentences {:?}, got {got:?}", ex.sentences),
                    });
                }
            }
        }
        out
    }
}

/// Buffers reused from one paragraph to the next.
#[derive(Default)]
struct Scratch {
    /// The norm of a piece of a word, for lexicon look-ups.
    word: String,
    quotes: Quotes,
}

/// The normalised form of a token: lower case, `'` apostrophes, spaces for no-break spaces, NFC.
pub fn norm(s: &str) -> String {
    let mut n = String::with_capacity(s.len());
    push_norm(s, &mut n);
    n
}

/// `norm(s)` in `buf` (cleared first), for a look-up.
fn norm_in<'b>(s: &str, buf: &'b mut String) -> &'b str {
    buf.clear();
    push_norm(s, buf);
    buf
}

/// Appends `norm(w)` to `out`.
fn push_norm(w: &str, out: &mut String) {
    let start = out.len();
    // Only chars from U+0300 on can make a string other than NFC, and of those only ones
    // `norm_keeps` does not keep (see the tests).
    let mut check_nfc = false;
    // Runs of chars `norm` keeps are copied at once, then lower-cased.
    let mut run = 0;
    for (k, c) in w.char_indices() {
        if norm_keeps(c) {
            continue;
        }
        push_lower_ascii(&w[run..k], out);
        run = k + c.len_utf8();
        if is_apostrophe(c) {
            out.push('\'');
        } else if is_space(c) {
            out.push(' ');
        } else if let Some(l) = latin1_lower(c) {
            out.push(l);
        } else {
            for l in c.to_lowercase() {
                check_nfc |= l >= '\u{300}';
                out.push(l);
            }
        }
    }
    push_lower_ascii(&w[run..], out);
    if check_nfc && is_nfc_quick(out[start..].chars()) != IsNormalized::Yes {
        let nfc: String = out[start..].nfc().collect();
        out.truncate(start);
        out.push_str(&nfc);
    }
}

/// Appends `w` in ASCII lower case.
fn push_lower_ascii(w: &str, out: &mut String) {
    if !w.is_empty() {
        let at = out.len();
        out.push_str(w);
        out[at..].make_ascii_lowercase();
    }
}

/// Whether `norm` leaves `c` as its ASCII lower case (and a string of such chars NFC): ASCII
/// but '`' and control spaces, Latin-1 lower case and symbols, general punctuation but
/// apostrophes and spaces (see the tests). False for other chars (whose norm is then only
/// computed, not copied).
#[inline]
fn norm_keeps(c: char) -> bool {
    match c as u32 {
        0..=0x7f => !matches!(c, '`' | '\t'..='\r'),
        0x85 | 0xa0 | 0xb4 | 0xc0..=0xd6 | 0xd8..=0xde => false,
        0x80..=0xff => true,
        0x2010..=0x2017 | 0x201a..=0x2027 | 0x2030..=0x205e => true,
        _ => false,
    }
}

/// Letters, digits and combining marks (no Latin-1 or general punctuation char is a
/// combining mark).
#[inline]
fn is_word_char(c: char) -> bool {
    if (c as u32) < 0x100 || (0x2000..=0x206f).contains(&(c as u32)) {
        is_alnum(c)
    } else {
        c.is_alphanumeric() || is_combining_mark(c)
    }
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// The end of the run of ASCII letters and digits that starts at byte `j` of `b` (`j` itself
/// when there is none there): eight bytes at a time, then byte by byte.
#[inline]
pub(crate) fn ascii_alnum_end(b: &[u8], mut j: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(w) = b.get(j..j + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        let w = u64::from_le_bytes(word);
        // Per byte below 0x80, `b + (0x80 - x)` has its high bit set iff `b >= x` (no carry
        // leaves the byte; bytes from 0x80 on carry upwards only, and are not alnum).
        let ge = |v: u64, x: u64| v.wrapping_add(ONES * (0x80 - x));
        let digit = ge(w, 0x30) & !ge(w, 0x3a);
        let l = w | (ONES * 0x20);
        let letter = ge(l, 0x61) & !ge(l, 0x7b);
        let bad = (w | !(digit | letter)) & HIGH;
        if bad != 0 {
            return j + (bad.trailing_zeros() / 8) as usize;
        }
        j += 8;
    }
    while b.get(j).is_some_and(u8::is_ascii_alphanumeric) {
        j += 1;
    }
    j
}

/// Whether `w` holds a hyphen (`is_hyphen`).
fn has_hyphen(w: &str) -> bool {
    let b = w.as_bytes();
    b.contains(&b'-') || (b.contains(&0xe2) && w.chars().any(is_hyphen))
}

/// True when the norm of `w` ends with `suffix` (a norm), without building the norm.
fn norm_ends_with(w: &str, suffix: &str) -> bool {
    let mut rest = suffix.chars().rev();
    for c in w.chars().rev() {
        let folded: &mut dyn Iterator<Item = char> = if is_apostrophe(c) {
            &mut std::iter::once('\'')
        } else {
            &mut c.to_lowercase().rev()
        };
        for f in folded {
            match rest.next() {
                Some(x) if x == f => {}
                Some(_) => return false,
                None => return true,
            }
        }
    }
    rest.next().is_none()
}

/// What a word (as the tokeniser found it) may hold: the splitting checks run only when it may
/// hold what they split at. Each flag is set when the word may hold it (set too often is only
/// slower).
#[derive(Clone, Copy, Debug)]
struct Shape {
    /// Only chars `norm` keeps as they are (`norm_keeps`): its norm is its ASCII lower case.
    keeps: bool,
    /// An apostrophe (`text::is_apostrophe`).
    apostrophe: bool,
    /// A hyphen (`is_hyphen`).
    hyphen: bool,
}

/// Tokenises the paragraph `s` (at byte `base` of the text), appending to `out.tokens` and
/// `out.norms`; `buf` is scratch space for lexicon look-ups.
fn tokenize(s: &str, base: usize, rules: &LangRules, out: &mut Segmented, buf: &mut String) {
    // The paragraph's ASCII lower case: the norm of most tokens is a range of it.
    let copy = out.norms.len();
    out.norms.push_str(s);
    out.norms[copy..].make_ascii_lowercase();
    let p = Para { s, base, copy };
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b' ' {
            i += 1;
            continue;
        }
        let Some(c) = char_at(s, i) else {
            break;
        };
        let len = c.len_utf8();
        if is_space_fast(c) {
            i += len;
            continue;
        }
        if is_word_char(c) {
            let mut j = i + len;
            // What the word holds, for the splitting checks: no apostrophe, no elision or
            // clitic; no hyphen, no inversion. ("ʼ" is a letter; no hyphen is a word char.)
            // (An ASCII word char is kept as it is and is no apostrophe.)
            let ascii = c.is_ascii();
            let mut shape = Shape {
                keeps: ascii || norm_keeps(c),
                apostrophe: !ascii && is_apostrophe(c),
                hyphen: false,
            };
            loop {
                j = ascii_alnum_end(b, j);
                let Some(c2) = char_at(s, j) else {
                    break;
                };
                if c2.is_ascii() && !matches!(c2, '.' | '-' | '\'' | '`' | ',' | '/' | ':') {
                    // (no other ASCII char joins)
                    break;
                }
                let len2 = c2.len_utf8();
                if !c2.is_ascii() && is_word_char(c2) {
                    shape.keeps &= norm_keeps(c2);
                    shape.apostrophe |= is_apostrophe(c2);
                    j += len2;
                    continue;
                }
                let Some(prev) = char_before(s, j) else {
                    break;
                };
                let next = char_at(s, j + len2);
                let joins = if c2 == '.' {
                    is_alnum(prev) && next.is_some_and(is_alnum)
                } else if is_hyphen(c2) {
                    shape.hyphen = true;
                    is_alnum(prev) && next.is_some_and(is_alnum)
                } else if is_apostrophe(c2) {
                    shape.apostrophe = true;
                    is_alpha(prev) && next.is_some_and(is_alpha)
                } else if matches!(c2, ',' | '/' | ':') {
                    prev.is_ascii_digit() && next.is_some_and(|x| x.is_ascii_digit())
                } else if matches!(c2, '\u{a0}' | '\u{202f}' | '\u{2009}') {
                    // "1 000" with a no-break space: a thousands separator before three digits.
                    let d = |k: usize| b.get(j + len2 + k).is_some_and(u8::is_ascii_digit);
                    prev.is_ascii_digit() && d(0) && d(1) && d(2) && !d(3)
                } else {
                    false
                };
                if !joins {
                    break;
                }
                shape.keeps &= norm_keeps(c2);
                // (the next char is a word char: the loop takes it)
                j += len2;
            }
            // A final period that belongs to the word: title, abbreviation, initial, acronym.
            if b.get(j) == Some(&b'.')
                && b.get(j + 1) != Some(&b'.')
                && attaches_period(&s[i..j], shape.apostrophe, rules, buf)
            {
                j += 1;
            }
            if !shape.apostrophe && !shape.hyphen && rules.clitics_have_apostrophe {
                // Nothing to split.
                p.push(i, j, word_kind(c), shape.keeps, out);
            } else {
                emit_word(p, i, j, shape, rules, out, buf);
            }
            i = j;
            continue;
        }
        // Punctuation and symbols.
        let mut j = i + len;
        if c == '.' {
            while b.get(j) == Some(&b'.') {
                j += 1;
            }
        } else if matches!(c, '?' | '!') {
            while matches!(b.get(j), Some(b'?' | b'!')) {
                j += 1;
            }
        }
        // (a run of several is of '.', '?' or '!')
        p.push(i, j, TokenKind::Punct, norm_keeps(c), out);
        i = j;
    }
}

/// Whether the period after `w` belongs to it; `apostrophe`: `w` may hold an apostrophe.
fn attaches_period(w: &str, apostrophe: bool, rules: &LangRules, buf: &mut String) -> bool {
    // "l'U.S." : the elided article is split off later; judge the word after it.
    let mut w = w;
    if apostrophe {
        if let Some((k, c)) = w.char_indices().rfind(|&(_, c)| is_apostrophe(c)) {
            if rules.elisions.contains(norm_in(&w[..k], buf)) {
                w = &w[k + c.len_utf8()..];
            }
        }
    }
    if w.is_empty() {
        return false;
    }
    if rules.titles.contains(w) {
        return true;
    }
    if rules.abbreviations.contains(norm_in(w, buf)) {
        return true;
    }
    let mut chars = w.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    // Dotted acronyms and abbreviations: "U.S", "a.m", "J.-C".
    w.contains('.')
        && w.split('.').all(|p| {
            let k = p.chars().count();
            (1..=3).contains(&k) && p.chars().all(char::is_alphabetic)
        })
}

/// Norms beyond 4 GiB (no real document) read empty rather than wrap.
fn norm_offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The paragraph being tokenised: its text, where it starts in the text, and where its ASCII
/// lower case starts in the norms.
#[derive(Clone, Copy)]
struct Para<'s> {
    s: &'s str,
    base: usize,
    copy: usize,
}

impl Para<'_> {
    /// Pushes the token `s[a..b]`; `keeps`: it holds only chars `norm` keeps, so its norm is a
    /// range of the paragraph's lower case, else it is appended to the norms.
    #[inline]
    fn push(self, a: usize, b: usize, kind: TokenKind, keeps: bool, out: &mut Segmented) {
        if a >= b {
            return;
        }
        let norm = if keeps {
            norm_offset(self.copy + a)..norm_offset(self.copy + b)
        } else {
            let n0 = out.norms.len();
            push_norm(self.s.get(a..b).unwrap_or(""), &mut out.norms);
            norm_offset(n0)..norm_offset(out.norms.len())
        };
        out.tokens.push(Token {
            span: Span {
                start: self.base + a,
                end: self.base + b,
            },
            norm,
            kind,
        });
    }
}

/// The kind of a word that starts with `c`.
fn word_kind(c: char) -> TokenKind {
    if c.is_ascii_digit() {
        TokenKind::Number
    } else if is_alnum(c) {
        TokenKind::Word
    } else {
        TokenKind::Punct
    }
}

/// The kind of the word `w`.
fn kind_of(w: &str) -> TokenKind {
    char_at(w, 0).map_or(TokenKind::Punct, word_kind)
}

/// Emits the word `s[a..b]`, split at elisions, clitics and inversions.
fn emit_word(
    p: Para,
    mut a: usize,
    b: usize,
    shape: Shape,
    rules: &LangRules,
    out: &mut Segmented,
    buf: &mut String,
) {
    let s = p.s;
    let keeps = shape.keeps;
    let apostrophe = shape.apostrophe;
    // French elision: "l'", "qu'", "jusqu'" ... (repeatedly: "qu'l'on" is rare but harmless).
    if apostrophe && !rules.elisions.is_empty() {
        while let Some((k, ap)) = s[a..b].char_indices().find(|&(_, c)| is_apostrophe(c)) {
            let prefix = &s[a..a + k];
            if prefix.is_empty() || !rules.elisions.contains(norm_in(prefix, buf)) {
                break;
            }
            let cut = a + k + ap.len_utf8();
            if cut >= b {
                break;
            }
            p.push(a, cut, TokenKind::Word, keeps, out);
            a = cut;
        }
    }
    let w = &s[a..b];
    // English clitics: "Russia's", "don't".
    if !rules.clitics.is_empty() && (apostrophe || !rules.clitics_have_apostrophe) {
        for cl in &rules.clitics {
            if w.len() > cl.len() && norm_ends_with(w, cl) {
                // Byte length of the clitic in the original text (apostrophe may be 3 bytes).
                let clen: usize = w
                    .chars()
                    .rev()
                    .take(cl.chars().count())
                    .map(char::len_utf8)
                    .sum();
                let cut = b - clen;
                if s.is_char_boundary(cut) && cut > a {
                    p.push(a, cut, kind_of(&s[a..cut]), keeps, out);
                    p.push(cut, b, TokenKind::Word, keeps, out);
                    return;
                }
            }
        }
    }
    // French inversion: "a-t-elle", "dit-il", "estime-t-on".
    if !rules.inversion.is_empty() && shape.hyphen && has_hyphen(w) {
        if let Some(pieces) = inversion(w, rules, buf) {
            let (verb_end, link_end) = pieces;
            p.push(a, a + verb_end, kind_of(&w[..verb_end]), keeps, out);
            p.push(a + verb_end, a + link_end, TokenKind::Punct, keeps, out);
            p.push(a + link_end, b, TokenKind::Word, keeps, out);
            return;
        }
    }
    p.push(a, b, kind_of(w), keeps, out);
}

/// For an inverted verb-pronoun word, the end of the verb and the end of the link (`-` or
/// `-t-`), as byte offsets into `w`.
fn inversion(w: &str, rules: &LangRules, buf: &mut String) -> Option<(usize, usize)> {
    if rules.inversion_not.contains(norm_in(w, buf)) {
        return None;
    }
    let (h, hc) = w.char_indices().rev().find(|&(_, c)| is_hyphen(c))?;
    let pron = &w[h + hc.len_utf8()..];
    if pron.is_empty()
        || pron.chars().next().is_some_and(char::is_uppercase)
        || !rules.inversion.contains(norm_in(pron, buf))
    {
        return None;
    }
    let head = &w[..h];
    // Euphonic "-t-": "a-t-elle".
    if let Some(rest) = head.strip_suffix('t') {
        if let Some(c) = rest.chars().next_back().filter(|&c| is_hyphen(c)) {
            let verb_end = rest.len() - c.len_utf8();
            if verb_end > 0 {
                return Some((verb_end, h + hc.len_utf8()));
            }
        }
    }
    if head.is_empty() || !head.chars().next_back().is_some_and(char::is_alphabetic) {
        return None;
    }
    Some((h, h + hc.len_utf8()))
}

fn is_open_quote(t: &str) -> bool {
    matches!(t, "«" | "“" | "„" | "‹")
}

fn is_close_quote(t: &str) -> bool {
    matches!(t, "»" | "”" | "›")
}

/// The quotation pairs of one paragraph, in buffers reused from one paragraph to the next.
#[derive(Default)]
struct Quotes {
    /// For every token, the index of the closing mark of the innermost quotation around it.
    closer_of: Vec<Option<usize>>,
    /// Which tokens are closing marks.
    is_closer: Vec<bool>,
    /// Which tokens are opening marks.
    is_opener: Vec<bool>,
    stack: Vec<usize>,
    pairs: Vec<(usize, usize)>,
}

impl Quotes {
    /// Finds the pairs of `toks` (tokens of `text`); leaves the per-token lists empty when
    /// there are none (then every look-up says "none").
    fn find(&mut self, text: &str, toks: &[Token], norms: &str) {
        self.closer_of.clear();
        self.is_closer.clear();
        self.is_opener.clear();
        self.stack.clear();
        self.pairs.clear();
        let mut straight: Option<usize> = None;
        for (k, t) in toks.iter().enumerate() {
            // Quotation marks start with '"' or with the lead byte of « » (0xc2) or of
            // “ ” „ ‹ › (0xe2): a cheap test before the norm's.
            if t.kind != TokenKind::Punct
                || !matches!(text.as_bytes().get(t.span.start), Some(b'"' | 0xc2 | 0xe2))
            {
                continue;
            }
            let x = t.norm_in(norms);
            if is_open_quote(x) {
                self.stack.push(k);
            } else if is_close_quote(x) {
                if let Some(o) = self.stack.pop() {
                    self.pairs.push((o, k));
                }
            } else if x == "\"" {
                match straight.take() {
                    Some(o) => self.pairs.push((o, k)),
                    None => straight = Some(k),
                }
            }
        }
        if self.pairs.is_empty() {
            return;
        }
        let n = toks.len();
        self.closer_of.resize(n, None);
        self.is_closer.resize(n, false);
        self.is_opener.resize(n, false);
        self.pairs.sort_unstable();
        for &(o, c) in &self.pairs {
            self.is_opener[o] = true;
            self.is_closer[c] = true;
            for slot in &mut self.closer_of[o + 1..c] {
                *slot = Some(c);
            }
        }
    }

    fn closer_of(&self, k: usize) -> Option<usize> {
        self.closer_of.get(k).copied().flatten()
    }

    fn is_closer(&self, k: usize) -> bool {
        self.is_closer.get(k).copied().unwrap_or(false)
    }

    fn is_opener(&self, k: usize) -> bool {
        self.is_opener.get(k).copied().unwrap_or(false)
    }
}

/// Cuts the tokens of one paragraph into sentences.
fn split_sentences(
    text: &str,
    toks: &[Token],
    norms: &str,
    rules: &LangRules,
    q: &mut Quotes,
    out: &mut Vec<Span>,
) {
    let n = toks.len();
    if n == 0 {
        return;
    }
    q.find(text, toks, norms);
    let q = &*q;
    let norm = |t: &Token| t.norm_in(norms);
    let starts_sentence = |k: usize| -> bool {
        let t = &toks[k];
        let Some(c) = norm(t).chars().next() else {
            return false;
        };
        match t.kind {
            TokenKind::Word => upper_at(text, t),
            TokenKind::Number => true,
            TokenKind::Punct => {
                q.is_opener(k) || matches!(c, '«' | '“' | '–' | '—' | '(' | '[' | '¿' | '¡')
            }
        }
    };
    let mut start = 0;
    let mut i = 0;
    while i < n {
        let t = &toks[i];
        // (The text's first and last bytes answer for the norm's: `norm` keeps '.', '!', '?'
        // and '…' and makes none of them from another char.)
        let bytes = text.as_bytes();
        let terminal = if t.kind == TokenKind::Punct {
            matches!(bytes.get(t.span.start), Some(b'.' | b'!' | b'?' | 0xe2)) && {
                let x = norm(t);
                x.chars().all(|c| matches!(c, '.' | '!' | '?' | '…')) && !x.is_empty()
            }
        } else if t.span.end > 0 && bytes.get(t.span.end - 1) == Some(&b'.') {
            // An attached period ends a sentence only before a typical sentence opener.
            let bare = text.get(t.span.start..t.span.end - 1).unwrap_or("");
            !rules.titles.contains(bare)
                && toks.get(i + 1).is_some_and(|nx| {
                    nx.kind == TokenKind::Word
                        && upper_at(text, nx)
                        && rules.starters.contains(norm(nx).trim_end_matches('\''))
                })
        } else {
            false
        };
        if !terminal {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && (q.is_closer(j) || matches!(norm(&toks[j]), ")" | "]")) {
            j += 1;
        }
        if j >= n {
            break;
        }
        let mut boundary = starts_sentence(j);
        // Inside a quotation that closes in this paragraph and is followed by an attribution:
        // the quotation and its attribution stay one sentence.
        if boundary {
            if let Some(c) = q.closer_of(i).filter(|&c| j <= c) {
                if let Some(after) = toks.get(c + 1) {
                    let a = norm(after);
                    // A comma just inside the closing mark ("... contacts," she said) also
                    // announces the attribution.
                    let comma_inside = c > 0 && norm(&toks[c - 1]) == ",";
                    let attribution = matches!(a, "," | "–" | "—" | "-" | ";")
                        || (after.kind == TokenKind::Word
                            && (!upper_at(text, after) || comma_inside));
                    if attribution {
                        boundary = false;
                    }
                }
            }
        }
        if boundary {
            out.push(Span::new(toks[start].span.start, toks[j - 1].span.end));
            start = j;
        }
        i = j;
    }
    if start < n {
        out.push(Span::new(toks[start].span.start, toks[n - 1].span.end));
    }
}

fn upper_at(text: &str, t: &Token) -> bool {
    match char_at(text, t.span.start) {
        Some(c) if c.is_ascii() => c.is_ascii_uppercase(),
        Some(c) => c.is_uppercase(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_alnum_runs_end_where_bytes_stop_being_alnum() {
        for x in 0u8..=0xff {
            for at in 0..12 {
                let mut b = *b"Az09mZaQ7kLp";
                b[at] = x;
                for start in 0..b.len() {
                    let want = start
                        + b[start..]
                            .iter()
                            .position(|c| !c.is_ascii_alphanumeric())
                            .unwrap_or(b.len() - start);
                    assert_eq!(
                        ascii_alnum_end(&b, start),
                        want,
                        "{x:#x} at {at} from {start}"
                    );
                }
            }
        }
    }
    use unicode_normalization::char::canonical_combining_class;

    use crate::text::sample_chars;

    #[test]
    fn latin1_shortcuts_are_the_unicode_tables() {
        for c in sample_chars() {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric() || is_combining_mark(c),
                "{c:?}"
            );
            if c.is_ascii() {
                // `upper_at`'s shortcut
                assert_eq!(c.is_ascii_uppercase(), c.is_uppercase(), "{c:?}");
            }
        }
        for c in sample_chars().filter(|&c| is_hyphen(c)) {
            assert!(has_hyphen(c.encode_utf8(&mut [0; 4])), "{c:?}");
            // (the tokeniser's `Shape::hyphen` sees hyphens only between word chars)
            assert!(!is_word_char(c), "{c:?}");
        }
    }

    #[test]
    fn norm_keeps_what_it_says() {
        for c in sample_chars().filter(|&c| norm_keeps(c)) {
            let w = format!("{c}");
            assert_eq!(reference_norm(&w), w.to_ascii_lowercase(), "{c:?}");
            // (so a string of such chars is NFC)
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
    }

    #[test]
    fn chars_below_u300_keep_a_string_nfc() {
        // `push_norm` checks NFC only when a char from U+0300 on is in the norm.
        for c in (0..0x300u32).filter_map(char::from_u32) {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
    }

    /// The char-by-char definition of a norm the fast paths shortcut.
    fn reference_norm(s: &str) -> String {
        let mut n = String::new();
        for c in s.chars() {
            if c == '`' || is_apostrophe(c) {
                n.push('\'');
            } else if is_space(c) {
                n.push(' ');
            } else {
                n.extend(c.to_lowercase());
            }
        }
        n.nfc().collect()
    }

    #[test]
    fn norm_is_the_char_loop() {
        for c in sample_chars() {
            for w in [
                format!("{c}"),
                format!("Ab{c}cD"),
                format!("{c}{c}x`\t"),
                format!("e{c}\u{301}"),
                format!("E\u{301}{c}É"),
            ] {
                assert_eq!(norm(&w), reference_norm(&w), "{w:?}");
            }
        }
    }

    fn seg() -> Segmenter {
        Segmenter::new(&vigie_lexicon::Lexicons::embedded()).expect("segment lexicons")
    }

    #[test]
    fn norms_are_one_string_with_a_range_per_token() {
        let text = "L’ÉTAT a-t-il dit « Non » ? Il y a 1\u{a0}000 Ukrainiens.";
        let out = seg().tokenize(text, Lang::Fr);
        let got: Vec<(&str, &str)> = out
            .tokens
            .iter()
            .map(|t| (&text[t.span.start..t.span.end], out.norm(t)))
            .collect();
        assert_eq!(
            got,
            [
                ("L’", "l'"),
                ("ÉTAT", "état"),
                ("a", "a"),
                ("-t-", "-t-"),
                ("il", "il"),
                ("dit", "dit"),
                ("«", "«"),
                ("Non", "non"),
                ("»", "»"),
                ("?", "?"),
                ("Il", "il"),
                ("y", "y"),
                ("a", "a"),
                ("1\u{a0}000", "1 000"),
                ("Ukrainiens", "ukrainiens"),
                (".", "."),
            ]
        );
    }

    #[test]
    fn english_clitics_with_any_apostrophe() {
        let text = "Russia’s envoy don't DON`T";
        let out = seg().tokenize(text, Lang::En);
        let norms: Vec<&str> = out.tokens.iter().map(|t| out.norm(t)).collect();
        assert_eq!(norms, ["russia", "'s", "envoy", "do", "n't", "do", "n't"]);
    }
}
