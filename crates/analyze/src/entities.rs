//! Entities: people, organisations and places, their mentions (names, titles, pronouns,
//! metonyms), coreference inside the article, and CAMEO-style actor codes.

use vigie_doc::{Document, Entity};
use vigie_lexicon::{Errors, ExampleFailure, Lexicons};

/// The entity stage.
#[derive(Debug)]
pub struct EntityFinder {}

impl EntityFinder {
    /// Builds the stage from its lexicons (countries, organisations, titles, first names).
    pub fn new(_lex: &Lexicons) -> Result<EntityFinder, Errors> {
        Ok(EntityFinder {})
    }

    /// Finds the entities of `doc`.
    pub fn find(&self, _doc: &Document) -> Vec<Entity> {
        Vec::new()
    }

    /// Runs the entity lexicons' embedded examples.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        Vec::new()
    }
}
