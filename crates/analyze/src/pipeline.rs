//! The pipeline: builds every stage once from the lexicons, then turns inputs into documents.
//!
//! This is the only place that writes layers into a [`Document`]; each stage reads the document
//! as the earlier stages left it and returns its own layer.

use jiff::civil::Date;
use vigie_doc::{Document, Input, Lang, Span};
use vigie_lexicon::{Errors, ExampleFailure, Lexicons};

use crate::{clean, dates, entities, events, lang, meta, quotes, segment};

/// Per-run options.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Force the language; `None` detects it.
    pub lang: Option<Lang>,
    /// Resolve relative dates against this date instead of the dateline or publication date.
    pub date: Option<Date>,
}

/// Every stage, built once. `Send + Sync`: one pipeline serves all threads.
#[derive(Debug)]
pub struct Pipeline {
    lang: lang::LangGuesser,
    cleaner: clean::Cleaner,
    segmenter: segment::Segmenter,
    meta: meta::MetaReader,
    dates: dates::DateFinder,
    entities: entities::EntityFinder,
    quotes: quotes::QuoteFinder,
    events: events::EventFinder,
    versions: std::sync::Arc<std::collections::BTreeMap<String, String>>,
}

impl Pipeline {
    /// Builds every stage from the lexicons; reports every bad lexicon entry at once.
    ///
    /// Compiling the automata is most of a short run's time, so the stages are built on
    /// scoped threads, the slow ones (furniture rules, date grammars) first.
    pub fn new(lex: &Lexicons) -> Result<Pipeline, Errors> {
        std::thread::scope(|scope| {
            let cleaner = scope.spawn(|| clean::Cleaner::new(lex));
            let dates = scope.spawn(|| dates::DateFinder::new(lex));
            let quotes = scope.spawn(|| quotes::QuoteFinder::new(lex));
            let meta = scope.spawn(|| meta::MetaReader::new(lex));
            let entities = scope.spawn(|| entities::EntityFinder::new(lex));
            let events = scope.spawn(|| events::EventFinder::new(lex));
            let segmenter = segment::Segmenter::new(lex);
            let guesser = lang::LangGuesser::new(lex);
            let mut errors = Errors::default();
            let e = &mut errors;
            let parts = (
                take(e, guesser),
                take(e, joined(cleaner)),
                take(e, segmenter),
                take(e, joined(meta)),
                take(e, joined(dates)),
                take(e, joined(entities)),
                take(e, joined(quotes)),
                take(e, joined(events)),
            );
            match parts {
                (
                    Some(lang),
                    Some(cleaner),
                    Some(segmenter),
                    Some(meta),
                    Some(dates),
                    Some(entities),
                    Some(quotes),
                    Some(events),
                ) if errors.0.is_empty() => Ok(Pipeline {
                    lang,
                    cleaner,
                    segmenter,
                    meta,
                    dates,
                    entities,
                    quotes,
                    events,
                    versions: std::sync::Arc::new(lex.versions()),
                }),
                _ => Err(errors),
            }
        })
    }

    /// Analyses one input into a document with every layer.
    pub fn analyze(&self, input: Input, opts: &Options) -> Document {
        let hints = input.hints.clone();
        let mut doc = Document::new(input);
        doc.provenance.lexicons = self.versions.clone();
        doc.lang = opts
            .lang
            .or_else(|| hints.lang.as_deref().and_then(Lang::from_code))
            .unwrap_or_else(|| self.lang.detect(&doc.text));

        let cleaned = self.cleaner.clean(&doc.text, doc.lang);
        doc.paragraphs = cleaned.paragraphs;
        doc.removed = cleaned.removed;
        doc.body = body_text(&doc.text, &doc.paragraphs);

        let segmented = self.segmenter.segment(&doc.text, &doc.paragraphs, doc.lang);
        doc.sentences = segmented.sentences;
        doc.tokens = segmented.tokens;
        doc.norms = segmented.norms;

        doc.meta = self.meta.read(&doc, &hints);

        let dated = self.dates.find(&doc, opts.date);
        doc.dates = dated.dates;
        if let Some(date) = dated.dateline_date {
            doc.meta.dateline.get_or_insert_with(Default::default).date = Some(date);
        }
        if dated.published.is_some() {
            doc.meta.published = dated.published;
        }

        doc.entities = self.entities.find(&doc);
        doc.quotes = self.quotes.find(&doc);
        doc.events = self.events.find(&doc);
        entities::EntityFinder::prune_untyped(&mut doc);
        doc
    }

    /// Runs every lexicon entry's embedded examples through its stage.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        let mut out = self.cleaner.check_examples();
        out.extend(self.segmenter.check_examples());
        out.extend(self.meta.check_examples());
        out.extend(self.dates.check_examples());
        out.extend(self.entities.check_examples());
        out.extend(self.quotes.check_examples(self));
        out.extend(self.events.check_examples(self));
        out
    }
}

/// A built stage, or its errors added to `errors`.
fn take<T>(errors: &mut Errors, built: Result<T, Errors>) -> Option<T> {
    built.map_err(|e| errors.0.extend(e.0)).ok()
}

/// A stage built on another thread; a panic there goes on here.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p))
}

/// The body: the text of the kept paragraphs, joined by blank lines.
pub fn body_text(text: &str, paragraphs: &[Span]) -> String {
    let mut body = String::with_capacity(text.len());
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            body.push_str("\n\n");
        }
        body.push_str(&text[*p]);
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn pipeline_is_send_sync() {
        assert_send_sync::<Pipeline>();
    }

    #[test]
    fn body_joins_paragraphs() {
        let text = "a\n\nb\n\nc";
        assert_eq!(
            body_text(text, &[Span::new(0, 1), Span::new(6, 7)]),
            "a\n\nc"
        );
    }
}
