//! Segmentation: sentences and tokens of the body's paragraphs.

use vigie_doc::{Lang, Span, Token};
use vigie_lexicon::{Errors, ExampleFailure, Lexicons};

/// The segmentation stage.
#[derive(Debug)]
pub struct Segmenter {}

/// Sentences and tokens, each sorted by position.
#[derive(Clone, Debug, Default)]
pub struct Segmented {
    /// Sentences.
    pub sentences: Vec<Span>,
    /// Tokens.
    pub tokens: Vec<Token>,
}

impl Segmenter {
    /// Builds the stage from its lexicons (abbreviations, elisions).
    pub fn new(_lex: &Lexicons) -> Result<Segmenter, Errors> {
        Ok(Segmenter {})
    }

    /// Segments the paragraphs of `text`: one sentence per paragraph for now.
    pub fn segment(&self, _text: &str, paragraphs: &[Span], _lang: Lang) -> Segmented {
        Segmented {
            sentences: paragraphs.to_vec(),
            tokens: Vec::new(),
        }
    }

    /// Runs the segmentation lexicons' embedded examples.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        Vec::new()
    }
}
