//! Quotation marks: pairs « », “ ”, „ “, ‹ ›, ‘ ’, " " and ' ' into quoted spans, at the top
//! level only (nested marks stay inside their span), across sentences, and across paragraphs
//! when the next paragraph reopens with the same mark (French and English style). A closing
//! mark whose opening was lost (one-sentence-per-line texts) quotes from the paragraph start.
//! Two apostrophes in a row (`''`, the double quote of typewritten and archived text: "''We
//! will,'' he said") are one straight double quote.

use vigie_doc::Span;

use super::scan::chars_led_by_skipping;
use crate::text::is_space;

/// A quoted span.
#[derive(Clone, Debug)]
pub(crate) struct Marked {
    /// Byte offset of the opening mark (the paragraph start when it was lost).
    pub(crate) open: usize,
    /// Byte offset just after the closing mark (the paragraph end when there is none).
    pub(crate) close: usize,
    /// The quoted words, marks and surrounding spaces excluded.
    pub(crate) inner: Span,
}

pub(crate) fn closer_for(c: char) -> Option<char> {
    match c {
        '«' => Some('»'),
        '“' => Some('”'),
        '„' => Some('“'),
        '‹' => Some('›'),
        '‘' => Some('’'),
        '"' => Some('"'),
        '\'' => Some('\''),
        _ => None,
    }
}

/// The chars that may open or close a quote; every other char leaves the pairing as it is.
fn is_mark(c: char) -> bool {
    matches!(
        c,
        '«' | '»' | '“' | '”' | '„' | '‹' | '›' | '‘' | '’' | '"' | '\''
    )
}

/// The quotation marks of `s` with their byte offsets. A mark's first byte is `"`, `'`, 0xC2
/// (« ») or 0xE2 (the others): only those bytes are decoded, not the text between.
fn marks_in(s: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    chars_led_by_skipping(s, MARK_LEAD_BYTES, is_mark)
}

/// The first bytes of the marks: `"`, `'`, 0xC2 and 0xE2.
pub(crate) const MARK_LEAD_BYTES: [u8; 4] = [b'"', b'\'', 0xC2, 0xE2];

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

/// Finds the quoted spans of every paragraph, sorted by position.
pub(crate) fn find(text: &str, paragraphs: &[Span]) -> Vec<Marked> {
    let mut out: Vec<Marked> = Vec::new();
    // an unclosed quote carried into the next paragraph: (open offset, opening char)
    let mut carry: Option<(usize, char, usize)> = None;
    // (each open mark: offset, char, length in bytes)
    let mut stack: Vec<(usize, char, usize)> = Vec::new();
    for (pi, p) in paragraphs.iter().enumerate() {
        let s = text.get(p.start..p.end).unwrap_or("");
        stack.clear();
        if let Some((open, oc, len)) = carry.take() {
            // continues only if this paragraph reopens with the same mark
            if s.starts_with(&text[open..open + len]) {
                stack.push((open, oc, len));
                // skip the reopening mark
            } else {
                out.push(make(text, open, paragraphs[pi - 1].end, false));
            }
        }
        // (the second apostrophe of a doubled one is read with the first)
        let mut skip_to = 0;
        for (off, c) in marks_in(s) {
            if off < skip_to {
                continue;
            }
            let (c, len) = if c == '\'' && s.as_bytes().get(off + 1) == Some(&b'\'') {
                skip_to = off + 2;
                ('"', 2)
            } else {
                (c, c.len_utf8())
            };
            let at = p.start + off;
            let prev = s[..off].chars().next_back();
            let next = s[off + len..].chars().next();
            if off == 0 && stack.len() == 1 && stack[0].0 < p.start && Some(c) == Some(stack[0].1) {
                continue;
            }
            let top = stack.last().copied();
            // closing the innermost open quote
            if let Some((o, oc, _)) = top {
                let cl = closer_for(oc).unwrap_or('»');
                let closes = if c == cl || (oc == '„' && c == '”') {
                    match c {
                        '\'' | '’' => !is_word_char(next) && prev.is_some_and(|x| !is_space(x)),
                        '"' => prev.is_some_and(|x| !is_space(x)) || !is_word_char(next),
                        _ => true,
                    }
                } else {
                    false
                };
                if closes {
                    stack.pop();
                    if stack.is_empty() {
                        out.push(make(text, o, at + len, true));
                    }
                    continue;
                }
            }
            // opening a quote
            let opens = match c {
                '«' | '“' | '„' | '‹' => true,
                '‘' => !is_word_char(prev),
                '"' => {
                    !is_word_char(prev)
                        && next.is_some_and(|x| !is_space(x))
                        && (prev.is_none_or(|x| {
                            is_space(x)
                                || matches!(x, '(' | '[' | '{' | '—' | '–' | '-' | ':' | '\'' | '’')
                        }))
                }
                '\'' => {
                    prev.is_none_or(|x| {
                        is_space(x) || matches!(x, '(' | '[' | '{' | '—' | '–' | '-' | ':')
                    }) && is_word_char(next)
                }
                _ => false,
            };
            if opens {
                stack.push((at, c, len));
                continue;
            }
            // a closing straight double quote whose opening was lost
            if stack.is_empty()
                && c == '"'
                && prev.is_some_and(|x| matches!(x, ',' | '.' | '?' | '!'))
                && out.last().is_none_or(|m| m.close <= p.start)
            {
                out.push(make(text, p.start, at + len, true));
            }
        }
        if let Some(&(o, oc, len)) = stack.first() {
            if matches!(oc, '\'' | '‘') {
                // single quotes left open were apostrophes after all
                continue;
            }
            // open at the paragraph end: continue if the next paragraph reopens, else stop here
            let reopens = paragraphs
                .get(pi + 1)
                .and_then(|n| text.get(n.start..n.end))
                .is_some_and(|n| n.starts_with(&text[o..o + len]));
            if reopens {
                carry = Some((o, oc, len));
            } else {
                out.push(make(text, o, p.end, false));
            }
        }
    }
    if let Some((open, _, _)) = carry {
        if let Some(last) = paragraphs.last() {
            out.push(make(text, open, last.end, false));
        }
    }
    out.sort_by_key(|m| m.open);
    out.retain(|m| !m.inner.is_empty());
    out
}

fn make(text: &str, open: usize, close: usize, closed: bool) -> Marked {
    let mut start = open;
    if text[open..].starts_with("''") {
        start += 2;
    } else if let Some(c) = text[open..].chars().next() {
        if closer_for(c).is_some() {
            start += c.len_utf8();
        }
    }
    let mut end = close;
    if closed && text[..close].ends_with("''") && close >= start + 2 {
        end -= 2;
    } else if closed {
        if let Some(c) = text[..close].chars().next_back() {
            if matches!(c, '»' | '”' | '“' | '›' | '’' | '"' | '\'') {
                end -= c.len_utf8();
            }
        }
    }
    let end = end.max(start);
    let inner = &text[start..end];
    let lead = inner.len() - inner.trim_start_matches(|c: char| is_space(c)).len();
    let trail = inner.len()
        - inner
            .trim_end_matches(|c: char| is_space(c) || c == ',')
            .len();
    let (s, e) = (start + lead, (end - trail).max(start + lead));
    Marked {
        open,
        close,
        inner: Span::new(s, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(t: &str) -> Vec<&str> {
        let paras: Vec<Span> = {
            let mut v = Vec::new();
            let mut pos = 0;
            for part in t.split("\n\n") {
                v.push(Span::new(pos, pos + part.len()));
                pos += part.len() + 2;
            }
            v
        };
        find(t, &paras).iter().map(|m| &t[m.inner]).collect()
    }

    #[test]
    fn pairs_french_and_english_marks() {
        assert_eq!(
            quoted("« Oui », dit-il. Il parle de « coûts »."),
            ["Oui", "coûts"]
        );
        assert_eq!(
            quoted("\"We don't,\" she said, 'freak accident' it's “fine”."),
            ["We don't", "freak accident", "fine"]
        );
    }

    #[test]
    fn nested_marks_stay_inside() {
        assert_eq!(
            quoted("« Il a dit “non” hier », a-t-il ajouté."),
            ["Il a dit “non” hier"]
        );
    }

    #[test]
    fn continues_across_paragraphs_that_reopen() {
        assert_eq!(quoted("« Un.\n\n« Deux », dit-il."), ["Un.\n\n« Deux"]);
    }

    #[test]
    fn doubled_apostrophes_are_a_double_quote() {
        assert_eq!(
            quoted("''This isn't tax reform,'' said Mr. Burman. ''It's anti-reform.''"),
            ["This isn't tax reform", "It's anti-reform."]
        );
        assert_eq!(quoted("''One.\n\n''Two,'' he said."), ["One.\n\n''Two"]);
    }

    #[test]
    fn lost_opening_mark() {
        assert_eq!(
            quoted("No one will ever know,\" wrote Mathiu."),
            ["No one will ever know"]
        );
    }
}
