//! Filters and result rows: the backend-neutral side of the store's API.
//!
//! The CLI (`vigie search`) and the HTTP API (`/api/quotes?speaker=...`) fill the same
//! [`Filter`]; each backend turns it into its own query language. Rows carry byte spans into the
//! article text, like every other vigie record.

use serde::{Deserialize, Serialize};
use vigie_doc::{Document, Span};

/// Most rows one query returns, whatever it asks for.
pub const MAX_LIMIT: usize = 1000;
/// Rows returned when a query names no limit.
pub const DEFAULT_LIMIT: usize = 100;

/// What to search.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Reported speech.
    Quotes,
    /// Coded events.
    Events,
    /// Entities, grouped across articles by name, type and actor code.
    Entities,
    /// Articles.
    Articles,
}

impl Kind {
    /// The lower-case name used in URLs and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Quotes => "quotes",
            Kind::Events => "events",
            Kind::Entities => "entities",
            Kind::Articles => "articles",
        }
    }
}

/// Conditions a row must meet; every condition given must hold. Text conditions match
/// case-insensitively (ASCII) as substrings; codes match as prefixes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Filter {
    /// Quotes: the speaker's name contains this. Entities: the name contains this.
    pub speaker: Option<String>,
    /// Quotes: the relay (`via`) contains this.
    pub via: Option<String>,
    /// Actor code prefix (`RUS`, `RUSGOV`): quotes by the speaker's actor, events by either
    /// side, entities by their own code.
    pub actor: Option<String>,
    /// Events: the source actor code starts with this, or the source's name contains it.
    pub source: Option<String>,
    /// Events: the target actor code starts with this, or the target's name contains it.
    pub target: Option<String>,
    /// Events: CAMEO code or root prefix (`04`, `042`).
    pub cameo: Option<String>,
    /// On or after this date (`YYYY-MM-DD`; compared as text, so `2022-03` also works).
    pub since: Option<String>,
    /// On or before this date.
    pub until: Option<String>,
    /// Language code (`fr`, `en`).
    pub lang: Option<String>,
    /// Full-text query (SQLite FTS5 syntax): over the quote text for quotes, over the article
    /// headline and body for the other kinds.
    pub text: Option<String>,
    /// Only rows of this article (its store id).
    pub article: Option<i64>,
    /// At most this many rows (default [`DEFAULT_LIMIT`], capped at [`MAX_LIMIT`]).
    pub limit: Option<usize>,
    /// Skip this many rows first (paging).
    pub offset: Option<usize>,
}

impl Filter {
    /// The number of rows to return: the asked limit, defaulted and capped.
    pub fn effective_limit(&self) -> usize {
        self.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT)
    }

    /// Refuses conditions that mean nothing for `kind` (rather than silently ignoring them).
    pub fn check(&self, kind: Kind) -> Result<(), crate::Error> {
        let given = |name: &'static str, v: bool| v.then_some(name);
        let not_for: Vec<&str> = match kind {
            Kind::Quotes => vec![
                given("source", self.source.is_some()),
                given("target", self.target.is_some()),
                given("cameo", self.cameo.is_some()),
            ],
            Kind::Events => vec![
                given("speaker", self.speaker.is_some()),
                given("via", self.via.is_some()),
            ],
            Kind::Entities => vec![
                given("via", self.via.is_some()),
                given("source", self.source.is_some()),
                given("target", self.target.is_some()),
                given("cameo", self.cameo.is_some()),
            ],
            Kind::Articles => vec![
                given("speaker", self.speaker.is_some()),
                given("via", self.via.is_some()),
                given("actor", self.actor.is_some()),
                given("source", self.source.is_some()),
                given("target", self.target.is_some()),
                given("cameo", self.cameo.is_some()),
            ],
        }
        .into_iter()
        .flatten()
        .collect();
        match not_for.first() {
            Some(name) => Err(crate::Error::Filter(format!(
                "filter `{name}` does not apply to {}",
                kind.as_str()
            ))),
            None => Ok(()),
        }
    }
}

/// The article a row comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRef {
    /// Store id of the article (for `/api/articles/{id}`).
    pub id: i64,
    /// Document id (file stem, URL or record id).
    pub doc_id: String,
    /// Headline, when known.
    pub headline: Option<String>,
    /// Dateline or publication date.
    pub date: Option<String>,
    /// Language code.
    pub lang: String,
    /// File path or URL.
    pub location: Option<String>,
}

/// One quote, with the sentence around it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteRow {
    /// The article.
    pub article: ArticleRef,
    /// Position of the quote in the document's `quotes`.
    pub index: usize,
    /// `direct`, `partial`, `indirect`.
    pub kind: String,
    /// The quoted words.
    pub text: String,
    /// Where they stand in the article text.
    pub span: Span,
    /// Who said it.
    pub speaker: Option<String>,
    /// The speaker's actor code.
    pub speaker_actor: Option<String>,
    /// The speech verb or expression.
    pub cue: Option<String>,
    /// The relay that carried the words.
    pub via: Option<String>,
    /// The sentence(s) holding the quote.
    pub context: String,
    /// Where `context` starts in the article text (so `span - context_start` is the quote
    /// inside `context`).
    pub context_start: usize,
    /// The rule that fired.
    pub rule: String,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
}

/// One event, with its evidence sentence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventRow {
    /// The article.
    pub article: ArticleRef,
    /// Position of the event in the document's `events`.
    pub index: usize,
    /// CAMEO code.
    pub cameo: String,
    /// CAMEO root (first two digits).
    pub root: String,
    /// PLOVER category.
    pub plover: Option<String>,
    /// CAMEO label.
    pub label: Option<String>,
    /// Source actor code.
    pub source: Option<String>,
    /// Target actor code.
    pub target: Option<String>,
    /// Source entity name.
    pub source_name: Option<String>,
    /// Target entity name.
    pub target_name: Option<String>,
    /// Event date (else the article's).
    pub date: Option<String>,
    /// Precision of `date` when the event states it.
    pub date_precision: Option<String>,
    /// The trigger words.
    pub trigger: String,
    /// Where they stand in the article text.
    pub trigger_span: Span,
    /// The evidence sentence.
    pub sentence: String,
    /// Where `sentence` starts in the article text.
    pub sentence_start: usize,
    /// The text negates the event.
    pub negated: bool,
    /// How the text commits to it.
    pub modality: String,
    /// The rule that fired.
    pub rule: String,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
}

/// An entity across the articles that name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRow {
    /// Canonical name.
    pub name: String,
    /// `person`, `organization`, `place`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Actor code.
    pub actor: Option<String>,
    /// A role the articles give (any one of them).
    pub role: Option<String>,
    /// How many articles name it.
    pub articles: i64,
    /// How many mentions in all.
    pub mentions: i64,
}

/// An article with its counts of annotations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRow {
    /// The article.
    pub article: ArticleRef,
    /// SHA-256 of the raw input.
    pub sha256: String,
    /// Wire agency of the dateline.
    pub agency: Option<String>,
    /// Number of entities.
    pub entities: i64,
    /// Number of quotes.
    pub quotes: i64,
    /// Number of events.
    pub events: i64,
}

/// An article and its whole document (every layer and span).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleDetail {
    /// Summary and counts.
    #[serde(flatten)]
    pub row: ArticleRow,
    /// The analysed document.
    pub document: Document,
}

/// How much the store holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Articles.
    pub articles: i64,
    /// Entities (per article).
    pub entities: i64,
    /// Mentions.
    pub mentions: i64,
    /// Quotes.
    pub quotes: i64,
    /// Events.
    pub events: i64,
}
