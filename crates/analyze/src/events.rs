//! Events: who did what to whom, coded in CAMEO with PLOVER categories, dated.

use vigie_doc::{Document, Event};
use vigie_lexicon::{Errors, ExampleFailure, Lexicons};

use crate::Pipeline;

/// The event stage.
#[derive(Debug)]
pub struct EventFinder {}

impl EventFinder {
    /// Builds the stage from its lexicons (the CAMEO codebook, event patterns).
    pub fn new(_lex: &Lexicons) -> Result<EventFinder, Errors> {
        Ok(EventFinder {})
    }

    /// Finds the events of `doc`.
    pub fn find(&self, _doc: &Document) -> Vec<Event> {
        Vec::new()
    }

    /// Runs each pattern's embedded examples through the whole pipeline.
    pub fn check_examples(&self, _pipeline: &Pipeline) -> Vec<ExampleFailure> {
        Vec::new()
    }
}
