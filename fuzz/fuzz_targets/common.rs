//! Shared by the fuzz targets: one pipeline for the whole run, and the span invariants every
//! document must hold (in bounds, on char boundaries), checked on every `{start, end}` object of
//! the document's JSON and on the tokens.

use std::sync::OnceLock;

use serde_json::Value;
use vigie_analyze::Pipeline;
use vigie_doc::Document;
use vigie_lexicon::Lexicons;

pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(&Lexicons::embedded()).expect("embedded lexicons build"))
}

fn check(text: &str, v: &Value, path: &mut String) {
    match v {
        Value::Object(map) => {
            if map.len() == 2 {
                if let (Some(s), Some(e)) = (
                    map.get("start").and_then(Value::as_u64),
                    map.get("end").and_then(Value::as_u64),
                ) {
                    let (s, e) = (s as usize, e as usize);
                    assert!(
                        s <= e && e <= text.len(),
                        "{path}: {s}..{e} out of bounds ({})",
                        text.len()
                    );
                    assert!(
                        text.is_char_boundary(s) && text.is_char_boundary(e),
                        "{path}: {s}..{e} not on char boundaries"
                    );
                    return;
                }
            }
            for (k, child) in map {
                let len = path.len();
                path.push('.');
                path.push_str(k);
                check(text, child, path);
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                check(text, child, path);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Panics (a fuzz finding) when a span of `doc` is out of bounds or splits a character.
pub fn check_spans(doc: &Document) {
    let v = serde_json::to_value(doc).expect("documents serialise");
    check(&doc.text, &v, &mut String::new());
    for t in &doc.tokens {
        let (s, e) = (t.span.start, t.span.end);
        assert!(
            s <= e && e <= doc.text.len(),
            "token {s}..{e} out of bounds"
        );
        assert!(
            doc.text.is_char_boundary(s) && doc.text.is_char_boundary(e),
            "token {s}..{e} splits a char"
        );
    }
}
