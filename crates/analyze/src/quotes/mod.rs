//! Quotes: direct, partial and indirect speech, with speaker, cue and relay.
//!
//! The stage reads the text, the paragraphs and (when present) the entities; it does not need
//! tokens or sentences from `segment` (it splits what it needs itself, see [`scan`]).
//!
//! 1. [`marks`] pairs quotation marks into quoted spans (nested, across paragraphs).
//! 2. Speech cues (`data/lexicons/<lang>/quote-cues.toml`, every inflected form of each lemma)
//!    are matched once with an Aho-Corasick automaton over a lower-cased copy of the text
//!    ([`scan::Norm`], made once per document and shared with the tokenizer).
//! 3. [`attribution`] decides for each quoted span whether it is a direct statement, a partial
//!    quote governed by a cue of the narrator's sentence, or not a quote at all (titles, terms),
//!    and finds its cue and speaker (preverbal subject, inverted subject, "selon X", pronoun).
//! 4. [`indirect`] finds reported speech without marks: content clauses after cues ("a précisé
//!    qu'...", "said that ..."), noun-phrase objects of denial verbs, "selon X, ...", incises,
//!    frames ("Comme l'a indiqué X, ...", "As X reported, ...").
//! 5. [`relay`] finds who carried the words ("citée par l'agence TASS", "told Reuters").
//! 6. Speakers are resolved: entity names when the entity stage linked the span, else the
//!    fullest form of a name in the article, a pronoun's most recent compatible speaker, or the
//!    unnamed source as written.

mod attribution;
pub(crate) mod dfa;
mod indirect;
mod lexicon;
mod marks;
mod relay;
pub(crate) mod scan;

use vigie_doc::{Document, Lang, Quote, QuoteKind, Span};
use vigie_lexicon::{Errors, ExampleFailure, Lexicons};

use crate::Pipeline;

pub(crate) use lexicon::LangRules;

/// The quote stage.
#[derive(Debug)]
pub struct QuoteFinder {
    fr: LangRules,
    en: LangRules,
}

impl QuoteFinder {
    /// Builds the stage from its lexicons (speech cues, relay patterns, word classes).
    pub fn new(lex: &Lexicons) -> Result<QuoteFinder, Errors> {
        let mut errors = Errors::default();
        let fr = LangRules::load(lex, Lang::Fr)
            .map_err(|e| errors.0.extend(e.0))
            .ok();
        let en = LangRules::load(lex, Lang::En)
            .map_err(|e| errors.0.extend(e.0))
            .ok();
        match (fr, en) {
            (Some(fr), Some(en)) if errors.0.is_empty() => Ok(QuoteFinder { fr, en }),
            _ => Err(errors),
        }
    }

    fn rules(&self, lang: Lang) -> &LangRules {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }

    /// Finds the quotes of `doc`, in text order.
    pub fn find(&self, doc: &Document) -> Vec<Quote> {
        let rules = self.rules(doc.lang);
        let paragraphs = attribution::paragraphs(doc);
        let norm = scan::Norm::new(&doc.text);
        let words = scan::Words::new(&doc.text, &paragraphs, &norm);
        let ctx = attribution::Ctx::new(doc, rules, &paragraphs, &words, &norm);
        let mut found = ctx.marked_quotes();
        let indirect = indirect::find(&ctx, &found);
        found.extend(indirect);
        found.sort_by_key(|q| (q.span.start, q.span.end));
        let unmarked = indirect::continuations(&ctx, &found);
        found.extend(unmarked);
        found.sort_by_key(|q| (q.span.start, q.span.end));
        ctx.resolve(found)
    }

    /// Runs each cue's and relay's embedded examples through the whole pipeline.
    pub fn check_examples(&self, pipeline: &Pipeline) -> Vec<ExampleFailure> {
        let mut out = Vec::new();
        for lang in [Lang::Fr, Lang::En] {
            let rules = self.rules(lang);
            let opts = crate::Options {
                lang: Some(lang),
                date: None,
            };
            for ex in &rules.examples {
                let doc = pipeline.analyze(vigie_doc::Input::from_text(ex.text.clone()), &opts);
                let hit = doc.quotes.iter().any(|q| match &ex.expect {
                    lexicon::Expect::Cue(lemma) => q.cue.as_deref() == Some(lemma.as_str()),
                    lexicon::Expect::CueBy(lemma, speaker) => {
                        q.cue.as_deref() == Some(lemma.as_str())
                            && q.speaker.as_deref() == Some(speaker.as_str())
                    }
                    lexicon::Expect::Via(via) => q.via.as_deref() == Some(via.as_str()),
                });
                if hit != ex.positive {
                    let got: Vec<String> = doc
                        .quotes
                        .iter()
                        .map(|q| {
                            format!(
                                "{} {:?} cue={:?} speaker={:?} via={:?}",
                                q.kind.as_str(),
                                q.text,
                                q.cue,
                                q.speaker,
                                q.via
                            )
                        })
                        .collect();
                    out.push(ExampleFailure {
                        file: ex.file.clone(),
                        rule: ex.rule.clone(),
                        example: ex.text.clone(),
                        message: format!(
                            "expected {}a quote with {:?}; found {:?}",
                            if ex.positive { "" } else { "no " },
                            ex.expect,
                            got
                        ),
                    });
                }
            }
        }
        out
    }
}

/// A quote before its speaker is resolved.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub(crate) kind: QuoteKind,
    pub(crate) span: Span,
    /// The text when it is not simply `text[span]` (an incise cut out).
    pub(crate) text: Option<String>,
    pub(crate) speaker: Option<attribution::Src>,
    pub(crate) cue: Option<(usize, Span)>,
    pub(crate) via: Option<(String, Span)>,
    pub(crate) rule: String,
    pub(crate) confidence: f32,
}

#[cfg(test)]
mod tests;
