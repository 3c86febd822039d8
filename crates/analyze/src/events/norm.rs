//! A normalised copy of a sentence (lower case, `'` apostrophes, single spaces) with the map
//! back to byte offsets of the original text, and its word tokens. Triggers and function words
//! are matched on the copy; every span reported is mapped back to the original.

use vigie_doc::Span;

use crate::text::{is_apostrophe, is_space};

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

/// A normalised sentence.
#[derive(Clone, Debug, Default)]
pub struct Norm {
    /// The normalised text.
    pub text: String,
    /// For each byte of `text` (and one past the end): the byte offset in the original text.
    map: Vec<usize>,
    /// Tokens in order.
    pub toks: Vec<Tok>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl Norm {
    /// Normalises `text[span]`; offsets map back into `text`.
    pub fn new(text: &str, span: Span) -> Norm {
        let src = text.get(span.start..span.end).unwrap_or("");
        let mut out = String::with_capacity(src.len());
        let mut map = Vec::with_capacity(src.len() + 1);
        let mut last_space = true;
        // What the general path below does to an ASCII letter, digit or mark that is neither
        // a space nor an apostrophe (`'` stays `'`): lower-cased, one byte for one byte.
        let plain = |b: u8| b.is_ascii() && !b.is_ascii_whitespace() && !matches!(b, 0x0b | b'`');
        let bytes = src.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let at = span.start + i;
            if plain(bytes[i]) {
                // The common case, a run of such bytes at once.
                let end = bytes[i..]
                    .iter()
                    .position(|&b| !plain(b))
                    .map_or(bytes.len(), |k| i + k);
                let from = out.len();
                out.push_str(&src[i..end]);
                if let Some(added) = out.get_mut(from..) {
                    added.make_ascii_lowercase();
                }
                map.extend(at..span.start + end);
                last_space = false;
                i = end;
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
        // The end of a normalised char maps to the end of its original char: fix by mapping
        // each position that starts a new original char; ends are taken from the next start.
        let toks = tokenize(&out);
        Norm {
            text: out,
            map,
            toks,
        }
    }

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
        let before = self.text[..at].chars().next_back();
        let after = self.text[at..].chars().next();
        let inner = |c: Option<char>| c.is_some_and(is_word_char);
        !(inner(before) && inner(after))
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

/// Words are runs of letters and digits (with inner hyphens); a French elided article or
/// pronoun keeps its apostrophe ("l'", "d'", "qu'"); an English contraction stays one token
/// ("didn't", "russia's"); every other character is a punctuation token.
fn tokenize(s: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(s.len() / 4);
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == ' ' {
            continue;
        }
        if is_word_char(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if is_word_char(d) {
                    end = j + d.len_utf8();
                    it.next();
                } else if d == '-' || d == '\'' {
                    // Inner hyphen or apostrophe: keep when a letter follows, except an elision
                    // ("l'ukraine") which ends the token after the apostrophe.
                    let mut look = it.clone();
                    look.next();
                    let next = look.peek().map(|&(_, x)| x);
                    if d == '\'' && is_elision(&s[i..end]) {
                        end = j + 1;
                        it.next();
                        break;
                    }
                    if next.is_some_and(is_word_char) {
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
    toks
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

    #[test]
    fn maps_back_and_tokenizes() {
        let text = "Le 17, l\u{2019}Ukraine  n\u{2019}a PAS d\u{00E9}menti. Russia's didn't";
        let n = Norm::new(text, Span::new(0, text.len()));
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
}
