//! The span invariant every document holds, checked generically: every `{start, end}` object
//! of the document's JSON (so layers added later are covered unchanged) and every token lies
//! in bounds and on char boundaries of [`Document::text`].

use serde_json::Value;

use crate::{Document, Span};

impl Document {
    /// Every span of every layer that is out of bounds or splits a character, each described
    /// with where it was found (`.quotes[2].span = 10..7 ...`). Empty for any document the
    /// pipeline produced; the property tests, the fuzz targets and readers of foreign JSON
    /// use it.
    pub fn span_errors(&self) -> Vec<String> {
        let mut out = Vec::new();
        // A document always serialises (plain data, string keys); were it not to, every span
        // would go unchecked, so that is an error too.
        match serde_json::to_value(self) {
            Ok(v) => walk(&self.text, &v, &mut String::new(), &mut out),
            Err(e) => out.push(format!("the document does not serialise: {e}")),
        }
        for (i, t) in self.tokens.iter().enumerate() {
            check(&self.text, &format!(".tokens[{i}]"), t.span, &mut out);
        }
        out
    }
}

fn walk(text: &str, v: &Value, path: &mut String, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if map.len() == 2 {
                if let (Some(s), Some(e)) = (
                    map.get("start").and_then(Value::as_u64),
                    map.get("end").and_then(Value::as_u64),
                ) {
                    let span = Span {
                        start: usize::try_from(s).unwrap_or(usize::MAX),
                        end: usize::try_from(e).unwrap_or(usize::MAX),
                    };
                    check(text, path, span, out);
                    return;
                }
            }
            for (k, child) in map {
                let len = path.len();
                path.push('.');
                path.push_str(k);
                walk(text, child, path, out);
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(text, child, path, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

fn check(text: &str, path: &str, s: Span, out: &mut Vec<String>) {
    if s.start > s.end || s.end > text.len() {
        out.push(format!(
            "{path} = {}..{} out of bounds (text is {} bytes)",
            s.start,
            s.end,
            text.len()
        ));
    } else if !(text.is_char_boundary(s.start) && text.is_char_boundary(s.end)) {
        out.push(format!(
            "{path} = {}..{} not on char boundaries",
            s.start, s.end
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::{Document, Input, Span, Token, TokenKind};

    #[test]
    fn bad_spans_are_named_good_ones_pass() {
        let mut doc = Document::new(Input::from_text("Élu."));
        doc.sentences.push(Span::new(0, 5));
        assert!(doc.span_errors().is_empty());
        doc.sentences.push(Span::new(3, 9));
        doc.tokens.push(Token {
            span: Span::new(1, 2),
            norm: 0..0,
            kind: TokenKind::Word,
        });
        assert_eq!(
            doc.span_errors(),
            [
                ".sentences[1] = 3..9 out of bounds (text is 5 bytes)",
                ".tokens[0] = 1..2 not on char boundaries",
            ]
        );
    }
}
