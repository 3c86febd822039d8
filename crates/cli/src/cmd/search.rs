//! `vigie search quotes|events|entities|articles [filters]`: query the store.
//!
//! The filters fill a [`vigie_store::Filter`], the same one the HTTP API fills from its query
//! string, so the command line and the API answer the same question the same way.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::ValueEnum;
use serde::Serialize;
use vigie_store::{ArticleRow, EntityRow, EventRow, Filter, Kind, QuoteRow, Store};

use crate::{Cli, Outcome};

/// What to search.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// Reported speech.
    Quotes,
    /// Coded events.
    Events,
    /// Entities, grouped across articles.
    Entities,
    /// Articles.
    Articles,
}

impl KindArg {
    /// The store's kind.
    pub fn kind(self) -> Kind {
        match self {
            KindArg::Quotes => Kind::Quotes,
            KindArg::Events => Kind::Events,
            KindArg::Entities => Kind::Entities,
            KindArg::Articles => Kind::Articles,
        }
    }
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For a person in a terminal.
    Text,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
}

/// The filters, shared by `search` and `export`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Quotes: the speaker's name contains this (entities: the name contains this).
    #[arg(long)]
    speaker: Option<String>,
    /// Quotes: the relay contains this ("TASS").
    #[arg(long)]
    via: Option<String>,
    /// Actor code prefix (RUS, RUSGOV): the speaker's, either side of an event, the entity's.
    #[arg(long)]
    actor: Option<String>,
    /// Events: source actor code prefix or name.
    #[arg(long)]
    source: Option<String>,
    /// Events: target actor code prefix or name.
    #[arg(long)]
    target: Option<String>,
    /// Events: CAMEO code or root prefix (04, 042).
    #[arg(long)]
    cameo: Option<String>,
    /// On or after this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    since: Option<jiff::civil::Date>,
    /// On or before this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    until: Option<jiff::civil::Date>,
    /// Language (fr, en).
    #[arg(long)]
    lang: Option<String>,
    /// Full-text query (SQLite FTS5 syntax: words, "phrases", OR, NOT, prefix*): over quote text
    /// for quotes, over articles otherwise.
    #[arg(long)]
    text: Option<String>,
    /// Only this article (store id).
    #[arg(long)]
    article: Option<i64>,
}

impl FilterArgs {
    /// The store filter these arguments ask for.
    pub fn filter(&self) -> Filter {
        Filter {
            speaker: self.speaker.clone(),
            via: self.via.clone(),
            actor: self.actor.clone(),
            source: self.source.clone(),
            target: self.target.clone(),
            cameo: self.cameo.clone(),
            since: self.since.map(|d| d.to_string()),
            until: self.until.map(|d| d.to_string()),
            lang: self.lang.clone(),
            text: self.text.clone(),
            article: self.article,
            limit: None,
            offset: None,
        }
    }
}

/// Arguments of `vigie search`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to search.
    #[arg(value_enum)]
    kind: KindArg,
    #[command(flatten)]
    filters: FilterArgs,
    /// At most this many results (at most 1000).
    #[arg(long, default_value_t = 100)]
    limit: usize,
    /// The store.
    #[arg(long, default_value = "vigie.db", value_name = "FILE")]
    db: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// Rows of one kind.
pub enum Rows {
    /// Quotes.
    Quotes(Vec<QuoteRow>),
    /// Events.
    Events(Vec<EventRow>),
    /// Entities.
    Entities(Vec<EntityRow>),
    /// Articles.
    Articles(Vec<ArticleRow>),
}

impl Rows {
    /// How many rows.
    pub fn len(&self) -> usize {
        match self {
            Rows::Quotes(r) => r.len(),
            Rows::Events(r) => r.len(),
            Rows::Entities(r) => r.len(),
            Rows::Articles(r) => r.len(),
        }
    }
}

/// Runs one query of `kind`.
pub fn query(store: &Store, kind: Kind, filter: &Filter) -> Result<Rows, vigie_store::Error> {
    Ok(match kind {
        Kind::Quotes => Rows::Quotes(store.quotes(filter)?),
        Kind::Events => Rows::Events(store.events(filter)?),
        Kind::Entities => Rows::Entities(store.entities(filter)?),
        Kind::Articles => Rows::Articles(store.articles(filter)?),
    })
}

/// Runs the command.
pub fn run(_cli: &Cli, args: &Args) -> anyhow::Result<Outcome> {
    let store = Store::open_read_only(&args.db)?;
    let mut filter = args.filters.filter();
    filter.limit = Some(args.limit);
    let rows = query(&store, args.kind.kind(), &filter)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Text => write_text(&mut out, &rows)?,
        Format::Json => write_json(&mut out, &rows)?,
        Format::Jsonl => write_jsonl(&mut out, &rows)?,
        Format::Csv => write_csv(&mut out, &rows, true)?,
    }
    out.flush().context("writing output")?;
    if rows.len() == 0 && args.format == Format::Text {
        eprintln!("vigie: no {} match", args.kind.kind().as_str());
    }
    Ok(Outcome::Ok)
}

fn write_text(out: &mut impl Write, rows: &Rows) -> std::io::Result<()> {
    let date = |d: &Option<String>| d.clone().unwrap_or_else(|| "????-??-??".into());
    match rows {
        Rows::Quotes(rows) => {
            for q in rows {
                let speaker = q.speaker.as_deref().unwrap_or("(unattributed)");
                let via = q
                    .via
                    .as_deref()
                    .map(|v| format!(" via {v}"))
                    .unwrap_or_default();
                let cue = q
                    .cue
                    .as_deref()
                    .map(|c| format!(", {c}"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "{}  {speaker}{via}  [{}{cue}]",
                    date(&q.article.date),
                    q.kind
                )?;
                writeln!(out, "    « {} »", q.text)?;
                writeln!(
                    out,
                    "    article {} ({}) · rule {}",
                    q.article.id, q.article.doc_id, q.rule
                )?;
            }
        }
        Rows::Events(rows) => {
            for e in rows {
                let side = |code: &Option<String>, name: &Option<String>| match (code, name) {
                    (Some(c), Some(n)) => format!("{n} [{c}]"),
                    (Some(c), None) => c.clone(),
                    (None, Some(n)) => n.clone(),
                    (None, None) => "?".into(),
                };
                let neg = if e.negated { " (negated)" } else { "" };
                writeln!(
                    out,
                    "{}  {} {} {} -> {}{neg}  [{}]",
                    date(&e.date),
                    e.cameo,
                    e.label.as_deref().unwrap_or(""),
                    side(&e.source, &e.source_name),
                    side(&e.target, &e.target_name),
                    e.modality
                )?;
                writeln!(out, "    {}", e.sentence.trim())?;
                writeln!(
                    out,
                    "    article {} ({}) · trigger \"{}\" · rule {}",
                    e.article.id, e.article.doc_id, e.trigger, e.rule
                )?;
            }
        }
        Rows::Entities(rows) => {
            for e in rows {
                writeln!(
                    out,
                    "{:<32} {:<12} {:<10} {:>4} articles {:>5} mentions{}",
                    e.name,
                    e.kind,
                    e.actor.as_deref().unwrap_or("-"),
                    e.articles,
                    e.mentions,
                    e.role
                        .as_deref()
                        .map(|r| format!("  ({r})"))
                        .unwrap_or_default()
                )?;
            }
        }
        Rows::Articles(rows) => {
            for a in rows {
                writeln!(
                    out,
                    "{:>6}  {}  [{}]  {}  ({} entities, {} quotes, {} events)",
                    a.article.id,
                    date(&a.article.date),
                    a.article.lang,
                    a.article.headline.as_deref().unwrap_or(&a.article.doc_id),
                    a.entities,
                    a.quotes,
                    a.events
                )?;
            }
        }
    }
    Ok(())
}

fn write_json(out: &mut impl Write, rows: &Rows) -> anyhow::Result<()> {
    fn w<T: Serialize>(out: &mut impl Write, rows: &[T]) -> anyhow::Result<()> {
        serde_json::to_writer_pretty(&mut *out, rows)?;
        writeln!(out)?;
        Ok(())
    }
    match rows {
        Rows::Quotes(r) => w(out, r),
        Rows::Events(r) => w(out, r),
        Rows::Entities(r) => w(out, r),
        Rows::Articles(r) => w(out, r),
    }
}

/// Writes one JSON object per row.
pub fn write_jsonl(out: &mut impl Write, rows: &Rows) -> anyhow::Result<()> {
    fn w<T: Serialize>(out: &mut impl Write, rows: &[T]) -> anyhow::Result<()> {
        for row in rows {
            serde_json::to_writer(&mut *out, row)?;
            writeln!(out)?;
        }
        Ok(())
    }
    match rows {
        Rows::Quotes(r) => w(out, r),
        Rows::Events(r) => w(out, r),
        Rows::Entities(r) => w(out, r),
        Rows::Articles(r) => w(out, r),
    }
}

/// Writes rows as CSV (RFC 4180 quoting), with the header row when `header` is set.
pub fn write_csv(out: &mut impl Write, rows: &Rows, header: bool) -> std::io::Result<()> {
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    let (head, lines): (&[&str], Vec<Vec<String>>) = match rows {
        Rows::Quotes(rows) => (
            &[
                "article_id",
                "doc_id",
                "date",
                "lang",
                "kind",
                "speaker",
                "speaker_actor",
                "cue",
                "via",
                "text",
                "start",
                "end",
                "rule",
                "confidence",
            ],
            rows.iter()
                .map(|q| {
                    vec![
                        q.article.id.to_string(),
                        q.article.doc_id.clone(),
                        s(&q.article.date),
                        q.article.lang.clone(),
                        q.kind.clone(),
                        s(&q.speaker),
                        s(&q.speaker_actor),
                        s(&q.cue),
                        s(&q.via),
                        q.text.clone(),
                        q.span.start.to_string(),
                        q.span.end.to_string(),
                        q.rule.clone(),
                        format!("{:.3}", q.confidence),
                    ]
                })
                .collect(),
        ),
        Rows::Events(rows) => (
            &[
                "article_id",
                "doc_id",
                "date",
                "lang",
                "cameo",
                "root",
                "plover",
                "label",
                "source",
                "source_name",
                "target",
                "target_name",
                "trigger",
                "negated",
                "modality",
                "sentence",
                "rule",
                "confidence",
            ],
            rows.iter()
                .map(|e| {
                    vec![
                        e.article.id.to_string(),
                        e.article.doc_id.clone(),
                        s(&e.date),
                        e.article.lang.clone(),
                        e.cameo.clone(),
                        e.root.clone(),
                        s(&e.plover),
                        s(&e.label),
                        s(&e.source),
                        s(&e.source_name),
                        s(&e.target),
                        s(&e.target_name),
                        e.trigger.clone(),
                        e.negated.to_string(),
                        e.modality.clone(),
                        e.sentence.clone(),
                        e.rule.clone(),
                        format!("{:.3}", e.confidence),
                    ]
                })
                .collect(),
        ),
        Rows::Entities(rows) => (
            &["name", "type", "actor", "role", "articles", "mentions"],
            rows.iter()
                .map(|e| {
                    vec![
                        e.name.clone(),
                        e.kind.clone(),
                        s(&e.actor),
                        s(&e.role),
                        e.articles.to_string(),
                        e.mentions.to_string(),
                    ]
                })
                .collect(),
        ),
        Rows::Articles(rows) => (
            &[
                "article_id",
                "doc_id",
                "date",
                "lang",
                "headline",
                "agency",
                "location",
                "sha256",
                "entities",
                "quotes",
                "events",
            ],
            rows.iter()
                .map(|a| {
                    vec![
                        a.article.id.to_string(),
                        a.article.doc_id.clone(),
                        s(&a.article.date),
                        a.article.lang.clone(),
                        s(&a.article.headline),
                        s(&a.agency),
                        s(&a.article.location),
                        a.sha256.clone(),
                        a.entities.to_string(),
                        a.quotes.to_string(),
                        a.events.to_string(),
                    ]
                })
                .collect(),
        ),
    };
    if header {
        csv_line(out, head.iter().copied())?;
    }
    for line in &lines {
        csv_line(out, line.iter().map(String::as_str))?;
    }
    Ok(())
}

/// Writes one CSV record: fields holding a comma, quote or line break are quoted, quotes doubled.
pub fn csv_line<'a>(
    out: &mut impl Write,
    fields: impl IntoIterator<Item = &'a str>,
) -> std::io::Result<()> {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        if f.contains([',', '"', '\n', '\r']) {
            write!(out, "\"{}\"", f.replace('"', "\"\""))?;
        } else {
            out.write_all(f.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}
