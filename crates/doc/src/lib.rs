//! The vigie document model: one [`Document`] per article, with byte [`Span`]s into its text and
//! one layer per analysis stage (meta, dates, entities, quotes, events).
//!
//! This crate does no I/O and no analysis. It fixes the vocabulary every other crate speaks and
//! the JSON shape of `vigie analyze --format json` (see `DESIGN.md`, "Output schema").
//!
//! ```
//! use vigie_doc::{Document, Input, Span};
//!
//! let doc = Document::new(Input::from_text("Paris, 17 mars (AFP) – Bonjour."));
//! let span = Span::new(0, 5);
//! assert_eq!(&doc.text[span], "Paris");
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod check;
mod span;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use span::{OffsetMap, Span};

/// The version of the vigie engine, recorded in every document's provenance.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A language vigie analyses.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French.
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// The ISO 639-1 code, as used in lexicon paths (`data/lexicons/fr/...`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Parses an ISO 639-1 code (`fr`, `en`), case-insensitively.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "fr" | "fra" | "fre" | "french" => Some(Lang::Fr),
            "en" | "eng" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Where a document came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The file it was read from, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The URL of the page, if known (HTML, WARC, JSON Lines).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Lower-case hex SHA-256 of the raw input bytes: the document's identity in the store.
    pub sha256: String,
    /// The character encoding the raw bytes were decoded from (`UTF-8`, `windows-1252`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The input format: `text`, `html`, `warc`, `jsonl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// For archive inputs: which record of the file (WARC record id, or line number).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// When the page was fetched (WARC-Date), as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fetched: Option<String>,
}

/// What the markup or the container states about an article (HTML `<meta>`, JSON-LD, a
/// news-please record), handed to the text-reading meta stage as hints that take precedence.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hints {
    /// Headline or `<title>`/`og:title`.
    pub title: Option<String>,
    /// Site section (`articleSection`).
    pub section: Option<String>,
    /// Author(s), as given.
    pub author: Option<String>,
    /// Publication date or timestamp, as given (ISO 8601 preferred).
    pub published: Option<String>,
    /// Declared language (`<html lang>`, `language` field).
    pub lang: Option<String>,
    /// Site or publisher name.
    pub site: Option<String>,
}

/// One input handed to the pipeline: decoded text plus what is known about it.
#[derive(Clone, Debug, Default)]
pub struct Input {
    /// The text to analyse (for HTML: the extracted text, paragraphs separated by blank lines).
    pub text: String,
    /// Provenance of the raw bytes.
    pub source: Source,
    /// Metadata stated by markup or container.
    pub hints: Hints,
    /// For extracted text: where each byte of `text` came from in the raw page.
    pub origin: Option<OffsetMap>,
}

impl Input {
    /// An input from plain text already in memory (hash computed by the caller if needed).
    pub fn from_text(text: impl Into<String>) -> Input {
        Input {
            text: text.into(),
            ..Input::default()
        }
    }
}

/// A block of the input that is not part of the article, with why it was removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// The removed block in [`Document::text`].
    pub span: Span,
    /// Why: `breadcrumb`, `counter`, `related`, `share`, `newsletter`, `cookie`, ...
    pub reason: String,
    /// The lexicon rule that fired.
    pub rule: String,
}

/// A dateline: "Paris, 17 Mar. (Cinktank.com) –".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// Place name as written ("Paris", "WASHINGTON").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Resolved date, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Wire agency or source in parentheses ("AFP", "Reuters").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// Where the dateline stands in the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// Article metadata, from markup hints and from the text itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// The headline as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    /// Site section ("L'International").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The dateline, when the article has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dateline: Option<Dateline>,
    /// Byline ("Jean Dupont", "avec AFP").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
}

/// How precise a resolved date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// A calendar day: `2022-03-17`.
    Day,
    /// An ISO week: `2022-W11`.
    Week,
    /// A month: `2022-03`.
    Month,
    /// A year: `2022`.
    Year,
}

/// A date expression found in the body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    /// The expression as written ("jeudi", "un jour après", "le 24 février").
    pub text: String,
    /// Where it stands.
    pub span: Span,
    /// ISO 8601 / TIMEX3-style value at its precision; `None` when it cannot be resolved.
    pub value: Option<String>,
    /// Precision of `value` (or of the expression, when unresolved).
    pub precision: Precision,
    /// The date it was resolved against.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    /// The rule that recognised it.
    pub rule: String,
}

/// Identifier of an entity inside one document (`e0`, `e1`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntityId(pub u32);

/// What kind of thing an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    /// A person.
    Person,
    /// An organisation, institution, company, agency.
    Organization,
    /// A place: country, city, region.
    Place,
}

impl EntityType {
    /// The lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Organization => "organization",
            EntityType::Place => "place",
        }
    }
}

/// Grammatical/natural gender, when the text shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gender {
    /// Feminine.
    #[serde(rename = "f")]
    F,
    /// Masculine.
    #[serde(rename = "m")]
    M,
}

/// One surface form of an entity in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The words as written.
    pub text: String,
    /// Where they stand.
    pub span: Span,
    /// `name`, `title`, `alias`, `pronoun`, `metonym`, `nominal`. (A `Cow`: the analysis
    /// borrows its fixed kinds and rule ids instead of copying them for every mention.)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Cow<'static, str>>,
    /// The rule that produced the mention.
    #[serde(skip_serializing_if = "str::is_empty", default)]
    pub rule: Cow<'static, str>,
}

/// A real-world entity the article talks about, with every mention of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Id, unique in the document.
    pub id: EntityId,
    /// Person, organisation or place.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Canonical name: the fullest form used in the article.
    pub name: String,
    /// Gender, when the text shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Title or function the article gives.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// CAMEO-style actor code: country + optional sector (`RUSGOV`, `USA`, `IGOUNO`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
    /// The rule that created the entity.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub rule: String,
}

/// Kinds of reported speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// A full quoted statement inside quotation marks.
    Direct,
    /// A quoted fragment embedded in the narrator's sentence.
    Partial,
    /// Reported speech without quotation marks: the content clause after a cue.
    Indirect,
}

impl QuoteKind {
    /// The lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// One reported-speech item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Direct, partial or indirect.
    pub kind: QuoteKind,
    /// The quoted words without the quotation marks; for indirect speech, the content clause.
    pub text: String,
    /// Where `text` stands.
    pub span: Span,
    /// Canonical speaker name, or the description of an unnamed source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// The speaker entity, when linked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker_id: Option<EntityId>,
    /// Where the speaker is named for this quote (may be a pronoun).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker_span: Option<Span>,
    /// Lemma of the speech verb or expression ("déclarer", "selon", "say").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
    /// Where the cue stands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue_span: Option<Span>,
    /// The relay that carried the words ("TASS", "Maison Blanche").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// Where the relay is named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via_span: Option<Span>,
    /// The rule that fired.
    pub rule: String,
    /// Confidence in `[0, 1]`.
    pub confidence: f32,
}

/// Modality of an event: how the text commits to it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Stated as happened or happening.
    #[default]
    Asserted,
    /// Denied by the source.
    Denied,
    /// Demanded of the target.
    Demanded,
    /// Threatened.
    Threatened,
    /// Intended or promised.
    Intended,
    /// Hypothetical or conditional.
    Hypothetical,
    /// Reported by someone else ("selon X, ...").
    Reported,
}

/// One coded interaction: who did what to whom, when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// CAMEO code (3 or 4 digits as a string: "040", "1121").
    pub cameo: String,
    /// PLOVER category, where one fits.
    pub plover: Option<String>,
    /// The CAMEO label ("Consult, not specified below").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Source actor code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Target actor code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Source entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_id: Option<EntityId>,
    /// Target entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_id: Option<EntityId>,
    /// Date of the event itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Precision of `date`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_precision: Option<Precision>,
    /// The words that express the event.
    pub trigger: String,
    /// Where they stand.
    pub trigger_span: Span,
    /// The evidence sentence.
    pub sentence_span: Span,
    /// True when the text negates the event.
    pub negated: bool,
    /// How the text commits to the event.
    pub modality: Modality,
    /// The rule that fired.
    pub rule: String,
    /// Confidence in `[0, 1]`.
    pub confidence: f32,
}

/// A token: a word, number or punctuation mark, with a normalised form.
///
/// The normalised forms of a document's tokens are kept together in one string,
/// [`Document::norms`], so that tokenising a document allocates once rather than once per
/// token; read a token's with [`Document::norm`] (or [`Token::norm_in`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Where it stands.
    pub span: Span,
    /// Where its normalised form (NFC, apostrophes as `'`, no-break spaces as spaces,
    /// lower-cased) stands in the norms string: byte offsets into [`Document::norms`], not into
    /// the text.
    pub norm: std::ops::Range<u32>,
    /// What sort of token it is.
    pub kind: TokenKind,
}

impl Token {
    /// The normalised form, read from `norms` (the string the token's `norm` range points
    /// into, [`Document::norms`]); empty when the range does not lie in it.
    pub fn norm_in<'a>(&self, norms: &'a str) -> &'a str {
        norms
            .get(self.norm.start as usize..self.norm.end as usize)
            .unwrap_or("")
    }
}

/// Coarse token classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Letters (possibly with inner hyphens or apostrophes).
    Word,
    /// Digits (possibly with separators).
    Number,
    /// Punctuation or symbol.
    Punct,
}

/// What produced a document: engine and lexicon versions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The vigie version.
    pub vigie_version: String,
    /// Each lexicon file's name and version. Shared: every document of a run carries the same
    /// map (a pointer copy per document instead of some seventy strings).
    pub lexicons: Arc<BTreeMap<String, String>>,
}

/// One analysed article. `text` is frozen once the document is created; every [`Span`] of every
/// layer points into it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Document id (file stem, URL or record id; else the hash prefix).
    pub id: String,
    /// Language of the text.
    pub lang: Lang,
    /// Where it came from.
    pub source: Source,
    /// Headline, section, dateline, byline, publication date.
    pub meta: Meta,
    /// The article body: the text without the removed blocks, paragraphs joined by blank lines.
    pub body: String,
    /// The full input text every span points into.
    pub text: String,
    /// Blocks of `text` that are site furniture, not article.
    pub removed: Vec<Removed>,
    /// The body's paragraphs.
    pub paragraphs: Vec<Span>,
    /// The body's sentences.
    pub sentences: Vec<Span>,
    /// The body's tokens (not serialised: large and derivable).
    #[serde(skip)]
    pub tokens: Vec<Token>,
    /// The string holding every token's normalised form: each token's `norm` is a range of it
    /// (see [`Document::norm`]); it may hold more than the norms (the segmenter lets most
    /// tokens point into a lower-cased copy of their paragraph). Not serialised, like the tokens.
    #[serde(skip)]
    pub norms: String,
    /// Date expressions.
    pub dates: Vec<DateMention>,
    /// Entities with their mentions.
    pub entities: Vec<Entity>,
    /// Reported speech.
    pub quotes: Vec<Quote>,
    /// Coded events.
    pub events: Vec<Event>,
    /// For text extracted from markup: where each byte of `text` came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<OffsetMap>,
    /// Engine and lexicon versions.
    pub provenance: Provenance,
}

impl Document {
    /// A document holding the input text and no layers yet.
    pub fn new(input: Input) -> Document {
        let id = input
            .source
            .path
            .as_deref()
            .and_then(|p| std::path::Path::new(p).file_stem())
            .map(|s| s.to_string_lossy().into_owned())
            .or_else(|| input.source.url.clone())
            .unwrap_or_else(|| input.source.sha256.chars().take(16).collect());
        Document {
            id,
            source: input.source,
            text: input.text,
            origin: input.origin,
            provenance: Provenance {
                vigie_version: VERSION.to_string(),
                ..Provenance::default()
            },
            ..Document::default()
        }
    }

    /// The text a span points at. Spans produced by the pipeline always lie on char boundaries;
    /// a foreign span that does not gives an empty string rather than a panic.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The entity with this id.
    pub fn entity(&self, id: EntityId) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// Every entity mention sorted by position, for many look-ups in one document: building it
    /// costs a sort, each [`MentionIndex::entity_at`] then a binary search (one [`entity_at`]
    /// call is a linear scan).
    ///
    /// [`entity_at`]: Document::entity_at
    pub fn mention_index(&self) -> MentionIndex<'_> {
        MentionIndex::new(&self.entities)
    }

    /// The entity one of whose mentions overlaps `span` (the tightest such mention wins).
    /// A linear scan: for many look-ups in one document use [`Document::mention_index`].
    pub fn entity_at(&self, span: Span) -> Option<&Entity> {
        self.entities
            .iter()
            .flat_map(|e| e.mentions.iter().map(move |m| (e, m.span)))
            .filter(|(_, m)| {
                m.overlaps(span) || (span.is_empty() && m.start <= span.start && span.start < m.end)
            })
            .min_by_key(|(_, m)| (m.len(), m.start))
            .map(|(e, _)| e)
    }

    /// A token's normalised form (lower case, NFC, apostrophes as `'`, no-break spaces as
    /// spaces): its range of [`Document::norms`].
    pub fn norm(&self, token: &Token) -> &str {
        token.norm_in(&self.norms)
    }

    /// The tokens inside `span` (tokens are sorted by position).
    pub fn tokens_in(&self, span: Span) -> &[Token] {
        let lo = self.tokens.partition_point(|t| t.span.start < span.start);
        let hi = self.tokens.partition_point(|t| t.span.end <= span.end);
        if lo <= hi {
            &self.tokens[lo..hi]
        } else {
            &[]
        }
    }

    /// The sentence that contains byte offset `at`, if any.
    pub fn sentence_at(&self, at: usize) -> Option<Span> {
        let i = self.sentences.partition_point(|s| s.end <= at);
        self.sentences.get(i).copied().filter(|s| s.start <= at)
    }
}

/// The mentions of a document's entities sorted by span, so that finding the entity at a
/// position is a binary search rather than a scan of every mention (which made a long
/// article's look-ups quadratic). Built by [`Document::mention_index`]; it borrows the
/// entities, so it reflects them as they were when built.
#[derive(Clone, Debug)]
pub struct MentionIndex<'d> {
    entities: &'d [Entity],
    /// (mention span, index into `entities`), sorted by (start, end), ties in the order of
    /// `entities` and their mentions.
    items: Vec<(Span, usize)>,
    /// The longest mention, in bytes: a mention holding offset `x` starts after `x - max_len`.
    max_len: usize,
}

impl<'d> MentionIndex<'d> {
    /// Indexes the mentions of `entities`.
    pub fn new(entities: &'d [Entity]) -> MentionIndex<'d> {
        let mut items: Vec<(Span, usize)> = entities
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.mentions.iter().map(move |m| (m.span, i)))
            .collect();
        items.sort_by_key(|(s, _)| (s.start, s.end));
        let max_len = items.iter().map(|(s, _)| s.len()).max().unwrap_or(0);
        MentionIndex {
            entities,
            items,
            max_len,
        }
    }

    /// The longest mention, in bytes.
    pub fn max_len(&self) -> usize {
        self.max_len
    }

    /// The mentions that start within `lo..=hi`, by position (ties in entity order), with
    /// their entity.
    pub fn starting_in(
        &self,
        lo: usize,
        hi: usize,
    ) -> impl Iterator<Item = (&'d Entity, Span)> + '_ {
        let a = self.items.partition_point(|(s, _)| s.start < lo);
        let b = self.items.partition_point(|(s, _)| s.start <= hi);
        let entities = self.entities;
        self.items
            .get(a..b)
            .unwrap_or(&[])
            .iter()
            .map(move |&(s, i)| (&entities[i], s))
    }

    /// What [`Document::entity_at`] gives, in a binary search.
    pub fn entity_at(&self, span: Span) -> Option<&'d Entity> {
        // a mention overlapping `span` (or holding its position) starts after
        // `span.start - max_len` and no later than `span.end` (or `span.start`)
        let lo = span.start.saturating_sub(self.max_len);
        let hi = span.end.max(span.start);
        self.starting_in(lo, hi)
            .filter(|(_, m)| {
                m.overlaps(span) || (span.is_empty() && m.start <= span.start && span.start < m.end)
            })
            .min_by_key(|(_, m)| (m.len(), m.start))
            .map(|(e, _)| e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mention_index_agrees_with_entity_at() {
        let mention = |s: usize, e: usize| Mention {
            text: String::new(),
            span: Span::new(s, e),
            kind: None,
            rule: Cow::default(),
        };
        let entity = |id: u32, mentions: Vec<Mention>| Entity {
            id: EntityId(id),
            kind: EntityType::Person,
            name: format!("e{id}"),
            gender: None,
            role: None,
            actor: None,
            mentions,
            rule: String::new(),
        };
        let mut doc = Document::new(Input::from_text("x".repeat(60)));
        doc.entities = vec![
            entity(0, vec![mention(10, 20), mention(40, 45)]),
            entity(1, vec![mention(12, 16), mention(40, 45)]),
            entity(2, vec![mention(0, 50)]),
            entity(3, vec![mention(30, 30), mention(52, 55)]),
        ];
        let index = doc.mention_index();
        for s in 0..60 {
            for e in s..60 {
                let span = Span::new(s, e);
                assert_eq!(
                    index.entity_at(span).map(|e| e.id),
                    doc.entity_at(span).map(|e| e.id),
                    "{span:?}"
                );
            }
        }
    }

    #[test]
    fn document_serialises_schema_fields() {
        let mut input = Input::from_text("Bonjour.");
        input.source.path = Some("x/seed.txt".into());
        let doc = Document::new(input);
        assert_eq!(doc.id, "seed");
        let v = serde_json::to_value(&doc).unwrap();
        for key in [
            "id",
            "lang",
            "source",
            "meta",
            "body",
            "removed",
            "dates",
            "entities",
            "quotes",
            "events",
            "provenance",
        ] {
            assert!(v.get(key).is_some(), "missing {key}");
        }
        assert_eq!(v["lang"], "fr");
        assert_eq!(v["provenance"]["vigie_version"], VERSION);
        assert!(v.get("tokens").is_none());
    }

    #[test]
    fn entity_json_uses_type_key() {
        let e = Entity {
            id: EntityId(3),
            kind: EntityType::Person,
            name: "Maria Zakharova".into(),
            gender: Some(Gender::F),
            role: None,
            actor: Some("RUSGOV".into()),
            mentions: vec![],
            rule: String::new(),
        };
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["type"], "person");
        assert_eq!(v["gender"], "f");
        assert_eq!(v["id"], 3);
    }

    #[test]
    fn tokens_in_and_sentence_at() {
        let mut doc = Document::new(Input::from_text("Un. Deux trois."));
        doc.sentences = vec![Span::new(0, 3), Span::new(4, 15)];
        assert_eq!(doc.sentence_at(5), Some(Span::new(4, 15)));
        assert_eq!(doc.sentence_at(3), None);
        doc.tokens = [(0, 2), (2, 3), (4, 8), (9, 14), (14, 15)]
            .iter()
            .map(|&(s, e)| Token {
                span: Span::new(s, e),
                norm: 0..0,
                kind: TokenKind::Word,
            })
            .collect();
        assert_eq!(doc.tokens_in(Span::new(4, 15)).len(), 3);
        assert_eq!(doc.tokens_in(Span::new(5, 6)).len(), 0);
        doc.norms = "undeux".into();
        doc.tokens[0].norm = 0..2;
        doc.tokens[2].norm = 2..6;
        assert_eq!(doc.norm(&doc.tokens[0]), "un");
        assert_eq!(doc.norm(&doc.tokens[2]), "deux");
        assert_eq!(doc.norm(&doc.tokens[1]), "");
        doc.tokens[1].norm = 4..9;
        assert_eq!(
            doc.norm(&doc.tokens[1]),
            "",
            "a range outside the norms reads empty"
        );
    }
}
