//! Quotes: direct, partial and indirect speech, with speaker, cue and relay.

use vigie_doc::{Document, Quote};
use vigie_lexicon::{Errors, ExampleFailure, Lexicons};

use crate::Pipeline;

/// The quote stage.
#[derive(Debug)]
pub struct QuoteFinder {}

impl QuoteFinder {
    /// Builds the stage from its lexicons (speech cues, relay patterns).
    pub fn new(_lex: &Lexicons) -> Result<QuoteFinder, Errors> {
        Ok(QuoteFinder {})
    }

    /// Finds the quotes of `doc`.
    pub fn find(&self, _doc: &Document) -> Vec<Quote> {
        Vec::new()
    }

    /// Runs each cue's embedded examples through the whole pipeline.
    pub fn check_examples(&self, _pipeline: &Pipeline) -> Vec<ExampleFailure> {
        Vec::new()
    }
}
