//! Date expressions: found in the body and resolved against an anchor (the `--date` option, the
//! dateline or the publication date), each with its precision.

use jiff::civil::Date;
use vigie_doc::{DateMention, Document};
use vigie_lexicon::{Errors, ExampleFailure, Lexicons};

/// The date stage.
#[derive(Debug)]
pub struct DateFinder {}

/// What the date stage adds: the expressions, and the resolved dateline/publication dates.
#[derive(Clone, Debug, Default)]
pub struct Dated {
    /// Every date expression of the body.
    pub dates: Vec<DateMention>,
    /// The dateline's date, resolved (`YYYY-MM-DD`), when the dateline has one.
    pub dateline_date: Option<String>,
    /// The publication date, when known or implied.
    pub published: Option<String>,
}

impl DateFinder {
    /// Builds the stage from its lexicons (month and weekday names, relative expressions).
    pub fn new(_lex: &Lexicons) -> Result<DateFinder, Errors> {
        Ok(DateFinder {})
    }

    /// Finds and resolves the date expressions of `doc`.
    pub fn find(&self, _doc: &Document, _anchor: Option<Date>) -> Dated {
        Dated::default()
    }

    /// Runs the date lexicons' embedded examples.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        Vec::new()
    }
}
