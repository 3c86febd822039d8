//! Segmentation: sentences and tokens of the body's paragraphs.
//!
//! Tokens come first; sentences are then cut between tokens, so a period that the tokeniser
//! attached to a word ("M.", "U.S.", "J.", "Mar.") is never mistaken for a full stop unless the
//! lexicon says it may be ("U.S. The", "etc. Il").
//!
//! Tokens (`Token { span, norm, kind }`, sorted by position, covering only the body's
//! paragraphs):
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
use crate::text::{is_apostrophe, is_space, normalize};

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
        let mut out = Segmented {
            sentences: Vec::with_capacity(paragraphs.len() * 2),
            tokens: Vec::with_capacity(text.len() / 5),
        };
        let mut chars = Vec::new();
        for p in paragraphs {
            let Some(_) = text.get(p.start..p.end) else {
                continue;
            };
            let first = out.tokens.len();
            tokenize(text, p.start, p.end, rules, &mut chars, &mut out.tokens);
            split_sentences(text, &out.tokens[first..], rules, &mut out.sentences);
        }
        out
    }

    /// Tokens of one piece of text (all of it), for stages and tests that need no sentences.
    pub fn tokenize(&self, text: &str, lang: Lang) -> Vec<Token> {
        let mut out = Vec::new();
        tokenize(
            text,
            0,
            text.len(),
            self.rules(lang),
            &mut Vec::new(),
            &mut out,
        );
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

/// The normalised form of a token: lower case, `'` apostrophes, spaces for no-break spaces, NFC.
pub fn norm(s: &str) -> String {
    // What `normalize` does. ASCII (most tokens) lower-cases in one pass; a backquote or an
    // ASCII space inside a token is rare.
    if s.is_ascii() {
        let mut n = s.to_ascii_lowercase();
        if n.bytes()
            .any(|b| b == b'`' || b.is_ascii_whitespace() || b == 0x0b)
        {
            n = n
                .chars()
                .map(|c| match c {
                    '`' => '\'',
                    c if c.is_whitespace() => ' ',
                    c => c,
                })
                .collect();
        }
        return n;
    }
    let mut n = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '`' || is_apostrophe(c) {
            n.push('\'');
        } else if c.is_ascii() {
            n.push(if c.is_whitespace() {
                ' '
            } else {
                c.to_ascii_lowercase()
            });
        } else if is_space(c) {
            n.push(' ');
        } else {
            n.extend(c.to_lowercase());
        }
    }
    if is_nfc_quick(n.chars()) == IsNormalized::Yes {
        n
    } else {
        n.nfc().collect()
    }
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

fn is_word_char(c: char) -> bool {
    // No ASCII character is a combining mark.
    c.is_alphanumeric() || (!c.is_ascii() && is_combining_mark(c))
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Tokenises `text[start..end]`, appending to `out`; `chars` is scratch space, reused from one
/// paragraph to the next.
fn tokenize(
    text: &str,
    start: usize,
    end: usize,
    rules: &LangRules,
    chars: &mut Vec<(usize, char)>,
    out: &mut Vec<Token>,
) {
    let Some(s) = text.get(start..end) else {
        return;
    };
    chars.clear();
    chars.reserve(s.len());
    chars.extend(s.char_indices());
    let chars = &chars[..];
    let n = chars.len();
    let at = |k: usize| chars.get(k).map(|x| x.1);
    let byte = |k: usize| chars.get(k).map_or(s.len(), |x| x.0);
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        if is_space(c) {
            i += 1;
            continue;
        }
        if is_word_char(c) {
            let mut j = i + 1;
            while j < n {
                let c2 = chars[j].1;
                if is_word_char(c2) {
                    j += 1;
                    continue;
                }
                let prev = chars[j - 1].1;
                let next = at(j + 1);
                let digit_next = next.is_some_and(|x| x.is_ascii_digit());
                let joins = if is_hyphen(c2) {
                    prev.is_alphanumeric() && next.is_some_and(char::is_alphanumeric)
                } else if is_apostrophe(c2) {
                    prev.is_alphabetic() && next.is_some_and(char::is_alphabetic)
                } else if c2 == '.' {
                    prev.is_alphanumeric() && next.is_some_and(char::is_alphanumeric)
                } else if matches!(c2, ',' | '/' | ':') {
                    prev.is_ascii_digit() && digit_next
                } else if matches!(c2, '\u{a0}' | '\u{202f}' | '\u{2009}') {
                    // "1 000" with a no-break space: a thousands separator before three digits.
                    prev.is_ascii_digit()
                        && (1..=3).all(|k| at(j + k).is_some_and(|x| x.is_ascii_digit()))
                        && !at(j + 4).is_some_and(|x| x.is_ascii_digit())
                } else {
                    false
                };
                if joins {
                    j += 1;
                } else {
                    break;
                }
            }
            let mut wend = byte(j);
            // A final period that belongs to the word: title, abbreviation, initial, acronym.
            if at(j) == Some('.') && at(j + 1) != Some('.') {
                let w = &s[chars[i].0..wend];
                if attaches_period(w, rules) {
                    wend += 1;
                    j += 1;
                }
            }
            emit_word(s, start, chars[i].0, wend, rules, out);
            i = j;
            continue;
        }
        // Punctuation and symbols.
        let mut j = i + 1;
        if c == '.' {
            while at(j) == Some('.') {
                j += 1;
            }
        } else if matches!(c, '?' | '!') {
            while at(j).is_some_and(|x| matches!(x, '?' | '!')) {
                j += 1;
            }
        }
        push(s, start, chars[i].0, byte(j), TokenKind::Punct, out);
        i = j;
    }
}

fn attaches_period(w: &str, rules: &LangRules) -> bool {
    // "l'U.S." : the elided article is split off later; judge the word after it.
    let w = match w.char_indices().rfind(|&(_, c)| is_apostrophe(c)) {
        Some((k, c)) if rules.elisions.contains(norm(&w[..k]).as_str()) => &w[k + c.len_utf8()..],
        _ => w,
    };
    if w.is_empty() {
        return false;
    }
    if rules.titles.contains(w) {
        return true;
    }
    let lower = norm(w);
    if rules.abbreviations.contains(lower.as_str()) {
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

fn push(s: &str, base: usize, a: usize, b: usize, kind: TokenKind, out: &mut Vec<Token>) {
    if a >= b {
        return;
    }
    out.push(Token {
        span: Span::new(base + a, base + b),
        norm: norm(&s[a..b]),
        kind,
    });
}

fn word_kind(w: &str) -> TokenKind {
    match w.chars().next() {
        Some(c) if c.is_ascii_digit() => TokenKind::Number,
        Some(c) if c.is_alphanumeric() => TokenKind::Word,
        _ => TokenKind::Punct,
    }
}

/// Emits the word `s[a..b]`, split at elisions, clitics and inversions.
fn emit_word(
    s: &str,
    base: usize,
    mut a: usize,
    b: usize,
    rules: &LangRules,
    out: &mut Vec<Token>,
) {
    // French elision: "l'", "qu'", "jusqu'" ... (repeatedly: "qu'l'on" is rare but harmless).
    if !rules.elisions.is_empty() {
        while let Some((k, ap)) = s[a..b].char_indices().find(|&(_, c)| is_apostrophe(c)) {
            let prefix = &s[a..a + k];
            if prefix.is_empty() || !rules.elisions.contains(norm(prefix).as_str()) {
                break;
            }
            let cut = a + k + ap.len_utf8();
            if cut >= b {
                break;
            }
            push(s, base, a, cut, TokenKind::Word, out);
            a = cut;
        }
    }
    let w = &s[a..b];
    // English clitics: "Russia's", "don't".
    if !rules.clitics.is_empty() {
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
                    push(s, base, a, cut, word_kind(&s[a..cut]), out);
                    push(s, base, cut, b, TokenKind::Word, out);
                    return;
                }
            }
        }
    }
    // French inversion: "a-t-elle", "dit-il", "estime-t-on".
    if !rules.inversion.is_empty() && w.chars().any(is_hyphen) {
        if let Some(pieces) = inversion(w, rules) {
            let (verb_end, link_end) = pieces;
            push(s, base, a, a + verb_end, word_kind(&w[..verb_end]), out);
            push(s, base, a + verb_end, a + link_end, TokenKind::Punct, out);
            push(s, base, a + link_end, b, TokenKind::Word, out);
            return;
        }
    }
    push(s, base, a, b, word_kind(w), out);
}

/// For an inverted verb-pronoun word, the end of the verb and the end of the link (`-` or
/// `-t-`), as byte offsets into `w`.
fn inversion(w: &str, rules: &LangRules) -> Option<(usize, usize)> {
    let lower = norm(w);
    if rules.inversion_not.contains(lower.as_str()) {
        return None;
    }
    let (h, hc) = w.char_indices().rev().find(|&(_, c)| is_hyphen(c))?;
    let pron = &w[h + hc.len_utf8()..];
    if pron.is_empty()
        || pron.chars().next().is_some_and(char::is_uppercase)
        || !rules.inversion.contains(norm(pron).as_str())
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

/// Cuts the tokens of one paragraph into sentences.
fn split_sentences(text: &str, toks: &[Token], rules: &LangRules, out: &mut Vec<Span>) {
    let n = toks.len();
    if n == 0 {
        return;
    }
    // Quotation pairs: for every token, the index of the closing mark of the innermost
    // quotation around it; and which tokens are closing marks.
    let mut closer_of: Vec<Option<usize>> = vec![None; n];
    let mut is_closer = vec![false; n];
    let mut is_opener = vec![false; n];
    {
        let mut stack: Vec<usize> = Vec::new();
        let mut straight: Option<usize> = None;
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for (k, t) in toks.iter().enumerate() {
            let x = t.norm.as_str();
            if is_open_quote(x) {
                stack.push(k);
            } else if is_close_quote(x) {
                if let Some(o) = stack.pop() {
                    pairs.push((o, k));
                }
            } else if x == "\"" {
                match straight.take() {
                    Some(o) => pairs.push((o, k)),
                    None => straight = Some(k),
                }
            }
        }
        pairs.sort_unstable();
        for (o, c) in pairs {
            is_opener[o] = true;
            is_closer[c] = true;
            for slot in &mut closer_of[o + 1..c] {
                *slot = Some(c);
            }
        }
    }
    let starts_sentence = |k: usize| -> bool {
        let t = &toks[k];
        let Some(c) = t.norm.chars().next() else {
            return false;
        };
        match t.kind {
            TokenKind::Word => upper_at(text, t),
            TokenKind::Number => true,
            TokenKind::Punct => {
                is_opener[k] || matches!(c, '«' | '“' | '–' | '—' | '(' | '[' | '¿' | '¡')
            }
        }
    };
    let mut start = 0;
    let mut i = 0;
    while i < n {
        let t = &toks[i];
        let x = t.norm.as_str();
        let terminal = if t.kind == TokenKind::Punct {
            x.chars().all(|c| matches!(c, '.' | '!' | '?' | '…')) && !x.is_empty()
        } else if x.ends_with('.') {
            // An attached period ends a sentence only before a typical sentence opener.
            let bare = text.get(t.span.start..t.span.end - 1).unwrap_or("");
            !rules.titles.contains(bare)
                && toks.get(i + 1).is_some_and(|nx| {
                    nx.kind == TokenKind::Word
                        && upper_at(text, nx)
                        && rules.starters.contains(nx.norm.trim_end_matches('\''))
                })
        } else {
            false
        };
        if !terminal {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && (is_closer[j] || matches!(toks[j].norm.as_str(), ")" | "]")) {
            j += 1;
        }
        if j >= n {
            break;
        }
        let mut boundary = starts_sentence(j);
        // Inside a quotation that closes in this paragraph and is followed by an attribution:
        // the quotation and its attribution stay one sentence.
        if boundary {
            if let Some(c) = closer_of[i].filter(|&c| j <= c) {
                if let Some(after) = toks.get(c + 1) {
                    let a = after.norm.as_str();
                    // A comma just inside the closing mark ("... contacts," she said) also
                    // announces the attribution.
                    let comma_inside = c > 0 && toks[c - 1].norm == ",";
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
    text.get(t.span.start..)
        .and_then(|r| r.chars().next())
        .is_some_and(char::is_uppercase)
}
