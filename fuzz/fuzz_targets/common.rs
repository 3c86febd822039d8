//! Shared by the fuzz targets: one pipeline for the whole run, and the span invariants every
//! document must hold (in bounds, on char boundaries: [`Document::span_errors`]).

use std::sync::OnceLock;

use vigie_analyze::Pipeline;
use vigie_doc::Document;
use vigie_lexicon::Lexicons;

pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(&Lexicons::embedded()).expect("embedded lexicons build"))
}

/// Panics (a fuzz finding) when a span of `doc` is out of bounds or splits a character.
pub fn check_spans(doc: &Document) {
    let errors = doc.span_errors();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
