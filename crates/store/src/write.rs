//! Writing documents: the whole JSON plus one row per annotation, one transaction per batch.

use std::sync::OnceLock;

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{params, Transaction};
use vigie_doc::{Document, Span};

use crate::Error;

/// Longest context kept beside a quote or event, in bytes (the whole sentence usually fits).
const MAX_CONTEXT: usize = 1200;

/// The date an article speaks for: its dateline date, else its publication date.
pub fn article_date(doc: &Document) -> Option<String> {
    doc.meta
        .dateline
        .as_ref()
        .and_then(|d| d.date.clone())
        .or_else(|| doc.meta.published.clone())
}

/// The stored form of a document: its JSON, zstd-compressed (level 1: a fifth of the size, fewer
/// pages to write, a smaller file). Stored as a BLOB. Stores written before hold raw-deflated
/// JSON BLOBs or plain JSON TEXT, and [`decode_doc`] reads all three.
pub fn encode_doc(doc: &Document) -> Result<Vec<u8>, Error> {
    // Serialised first: the encoder is slow on serde's many small writes.
    let json = serde_json::to_vec(doc)?;
    ZSTD.with(|z| {
        z.borrow_mut()
            .compress(&json)
            .map_err(|e| Error::Json(serde_json::Error::io(e)))
    })
}

thread_local! {
    /// One compressor per thread: its context is reused from one document to the next.
    static ZSTD: std::cell::RefCell<zstd::bulk::Compressor<'static>> = std::cell::RefCell::new(
        zstd::bulk::Compressor::new(1).expect("zstd level 1 is a valid level"),
    );
}

/// The magic number every zstd frame starts with. A raw deflate stream cannot start with it
/// (a stored block's length check would fail), so it tells the two stored forms apart.
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];

/// Reads a stored document: zstd or raw-deflated JSON (BLOB), or plain JSON (TEXT).
pub fn decode_doc(value: rusqlite::types::ValueRef<'_>) -> Result<Document, Error> {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Blob(b) if b.starts_with(&ZSTD_MAGIC) => {
            let json = zstd::stream::decode_all(b).map_err(serde_json::Error::io)?;
            Ok(serde_json::from_slice(&json)?)
        }
        ValueRef::Blob(b) => {
            use std::io::Read;
            let mut json = Vec::with_capacity(b.len() * 5);
            flate2::read::DeflateDecoder::new(b)
                .read_to_end(&mut json)
                .map_err(serde_json::Error::io)?;
            Ok(serde_json::from_slice(&json)?)
        }
        ValueRef::Text(t) => Ok(serde_json::from_slice(t)?),
        other => Err(Error::Db(rusqlite::Error::InvalidColumnType(
            0,
            "doc".into(),
            other.data_type(),
        ))),
    }
}

/// One batch of documents being written in one transaction.
///
/// The full-text rows are written last, after every other row of the batch: FTS5 keeps what it
/// is given in memory until the transaction commits, but any statement that opens a savepoint (a
/// multi-row `INSERT` that may abort does) makes it flush what it holds as a new on-disk segment
/// first, and every segment is merged again later. Written last, each index gets one segment per
/// batch.
pub struct Batch<'t, 'd> {
    tx: &'t Transaction<'t>,
    /// The first quote id of the batch: quote ids are given explicitly, so that the batch's
    /// quotes are exactly the ids from here on.
    first_quote: i64,
    next_quote: i64,
    /// The articles added, with their rowids, for their full-text rows.
    added: Vec<(i64, &'d Document)>,
}

impl<'t, 'd> Batch<'t, 'd> {
    /// Starts a batch in `tx`.
    pub fn new(tx: &'t Transaction<'t>) -> Result<Batch<'t, 'd>, Error> {
        let last: i64 = tx
            .prepare_cached("SELECT COALESCE(MAX(id), 0) FROM quotes")?
            .query_row([], |r| r.get(0))?;
        Ok(Batch {
            tx,
            first_quote: last + 1,
            next_quote: last + 1,
            added: Vec::new(),
        })
    }

    /// Inserts one document (`stored`: its [`encode_doc`] form) unless its hash is already
    /// stored. Returns whether it was new.
    pub fn insert(&mut self, doc: &'d Document, stored: &[u8]) -> Result<bool, Error> {
        let tx = self.tx;
        let date = article_date(doc);
        let lang = doc.lang.code();
        let dateline = doc.meta.dateline.as_ref();
        let added = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO articles
                 (sha256, doc_id, path, url, lang, headline, date, agency, byline, section, doc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                doc.source.sha256,
                doc.id,
                doc.source.path,
                doc.source.url,
                lang,
                doc.meta.headline,
                date,
                dateline.and_then(|d| d.agency.as_deref()),
                doc.meta.byline,
                doc.meta.section,
                stored,
            ])?;
        if added == 0 {
            return Ok(false);
        }
        let article = tx.last_insert_rowid();
        let row = ArticleRow {
            tx,
            doc,
            article,
            date: date.as_deref(),
            lang,
        };
        insert_entities(&row)?;
        self.next_quote = insert_quotes(&row, self.next_quote)?;
        insert_events(&row)?;
        self.added.push((article, doc));
        Ok(true)
    }

    /// Writes the batch's full-text rows.
    pub fn finish(self) -> Result<(), Error> {
        let tx = self.tx;
        if self.next_quote > self.first_quote {
            tx.prepare_cached(
                "INSERT INTO quotes_fts (rowid, text, speaker, via)
                 SELECT id, text, speaker, via FROM quotes WHERE id >= ?1 ORDER BY id",
            )?
            .execute([self.first_quote])?;
        }
        let mut fts = tx.prepare_cached(
            "INSERT INTO articles_fts (rowid, headline, body) VALUES (?1, ?2, ?3)",
        )?;
        for (article, doc) in self.added {
            fts.execute(params![article, doc.meta.headline, doc.body])?;
        }
        Ok(())
    }
}

/// What the layer rows of one article share. One function per table: each shows as its own
/// line in a profile (callgrind), which is how the store's write cost was split.
struct ArticleRow<'a> {
    tx: &'a Transaction<'a>,
    doc: &'a Document,
    /// The article's rowid.
    article: i64,
    /// The date the article speaks for.
    date: Option<&'a str>,
    lang: &'a str,
}

/// Rows per multi-row `INSERT`: SQLite's cost per statement run (binding, opening a cursor on
/// the table and each index, halting) is paid once per chunk instead of once per row.
const CHUNK: usize = 16;

/// A table the writer inserts many rows into, and its multi-row `INSERT` texts, made once per
/// process (not per article: `prepare_cached` still hashes the text to find its statement).
struct Table {
    /// `table (col, col, ...)`.
    head: &'static str,
    /// Columns per row.
    width: usize,
    /// The statement for `n` rows at `n - 1`, up to [`CHUNK`].
    sql: OnceLock<Box<[String]>>,
}

impl Table {
    const fn new(head: &'static str, width: usize) -> Table {
        Table {
            head,
            width,
            sql: OnceLock::new(),
        }
    }

    /// The `INSERT` of `rows` rows (1 to [`CHUNK`]).
    fn sql(&self, rows: usize) -> &str {
        let all = self.sql.get_or_init(|| {
            (1..=CHUNK)
                .map(|n| values_sql(self.head, self.width, n))
                .collect()
        });
        &all[rows.clamp(1, CHUNK) - 1]
    }
}

static ENTITIES: Table = Table::new(
    "entities (article, eid, type, name, actor, role, gender, mentions, rule)",
    9,
);
static MENTIONS: Table = Table::new(
    "mentions (article, eid, start, \"end\", text, kind, rule)",
    7,
);
static QUOTES: Table = Table::new(
    "quotes (id, article, idx, kind, text, start, \"end\", speaker, speaker_id, speaker_actor, \
     cue, via, date, lang, context, context_start, rule, confidence)",
    18,
);
static EVENTS: Table = Table::new(
    "events (article, idx, cameo, root, plover, label, source, target, source_name, \
     target_name, date, date_precision, trigger, trigger_start, trigger_end, sentence_start, \
     sentence, negated, modality, lang, rule, confidence)",
    22,
);

/// The values of many rows of one table, in column order, to insert [`CHUNK`] rows at a time.
struct Rows<'a> {
    table: &'static Table,
    values: Vec<ToSqlOutput<'a>>,
}

impl<'a> Rows<'a> {
    fn new(table: &'static Table, rows: usize) -> Rows<'a> {
        Rows {
            table,
            values: Vec::with_capacity(table.width * rows),
        }
    }

    fn push(&mut self, row: impl IntoIterator<Item = ToSqlOutput<'a>>) {
        let before = self.values.len();
        self.values.extend(row);
        debug_assert_eq!(
            self.values.len() - before,
            self.table.width,
            "{}",
            self.table.head
        );
    }

    /// Runs the inserts: full chunks share one cached statement, the last chunk has its own.
    fn insert(&self, tx: &Transaction<'_>) -> Result<(), Error> {
        let width = self.table.width;
        for chunk in self.values.chunks(CHUNK * width) {
            tx.prepare_cached(self.table.sql(chunk.len() / width))?
                .execute(rusqlite::params_from_iter(chunk))?;
        }
        Ok(())
    }
}

/// `INSERT OR FAIL INTO head VALUES (?, ...), ...` for `rows` rows of `width` values.
///
/// `OR FAIL`, not the default `OR ABORT`: to undo a multi-row statement that aborts halfway,
/// SQLite copies every page the statement touches into a statement journal first, and once that
/// outgrows 64 KiB it goes to a temporary file. On 5,200 articles that was 368,000 of the
/// ingest's 583,000 `pwrite` calls; its system time went from 0.55-0.87 s to 0.49-0.59 s. A row
/// that fails still fails the statement, and the batch's transaction is then rolled back whole.
fn values_sql(head: &str, width: usize, rows: usize) -> String {
    let mut sql = String::with_capacity(head.len() + 16 + rows * (width * 2 + 3));
    sql.push_str("INSERT OR FAIL INTO ");
    sql.push_str(head);
    sql.push_str(" VALUES ");
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..width {
            if c > 0 {
                sql.push(',');
            }
            sql.push('?');
        }
        sql.push(')');
    }
    sql
}

fn text(s: &str) -> ToSqlOutput<'_> {
    ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes()))
}

fn opt_text(s: Option<&str>) -> ToSqlOutput<'_> {
    s.map_or(ToSqlOutput::Owned(Value::Null), text)
}

fn owned_text(s: Option<String>) -> ToSqlOutput<'static> {
    ToSqlOutput::Owned(s.map_or(Value::Null, Value::Text))
}

fn int(i: impl TryInto<i64>) -> ToSqlOutput<'static> {
    ToSqlOutput::Owned(i.try_into().map_or(Value::Null, Value::Integer))
}

fn real(x: f32) -> ToSqlOutput<'static> {
    ToSqlOutput::Owned(Value::Real(x as f64))
}

#[inline(never)]
fn insert_entities(row: &ArticleRow<'_>) -> Result<(), Error> {
    let ArticleRow {
        tx, doc, article, ..
    } = *row;
    let mut ents = Rows::new(&ENTITIES, doc.entities.len());
    let mentions = doc.entities.iter().map(|e| e.mentions.len()).sum();
    let mut mens = Rows::new(&MENTIONS, mentions);
    for e in &doc.entities {
        let gender = e.gender.map(|g| match g {
            vigie_doc::Gender::F => "f",
            vigie_doc::Gender::M => "m",
        });
        ents.push([
            int(article),
            int(e.id.0),
            text(e.kind.as_str()),
            text(&e.name),
            opt_text(e.actor.as_deref()),
            opt_text(e.role.as_deref()),
            opt_text(gender),
            int(e.mentions.len()),
            text(&e.rule),
        ]);
        for m in &e.mentions {
            mens.push([
                int(article),
                int(e.id.0),
                int(m.span.start),
                int(m.span.end),
                text(&m.text),
                opt_text(m.kind.as_deref()),
                text(&m.rule),
            ]);
        }
    }
    ents.insert(tx)?;
    mens.insert(tx)
}

#[inline(never)]
/// Inserts the article's quotes with ids from `first_id` on; returns the next free id.
fn insert_quotes(row: &ArticleRow<'_>, first_id: i64) -> Result<i64, Error> {
    let (tx, doc) = (row.tx, row.doc);
    let mut rows = Rows::new(&QUOTES, doc.quotes.len());
    for (i, quote) in doc.quotes.iter().enumerate() {
        let speaker = quote.speaker_id.and_then(|id| doc.entity(id));
        let speaker_name = quote
            .speaker
            .clone()
            .or_else(|| speaker.map(|e| e.name.clone()));
        let (context, context_start) = context(doc, quote.span);
        rows.push([
            int(first_id + i as i64),
            int(row.article),
            int(i),
            text(quote.kind.as_str()),
            text(&quote.text),
            int(quote.span.start),
            int(quote.span.end),
            owned_text(speaker_name),
            quote
                .speaker_id
                .map_or(ToSqlOutput::Owned(Value::Null), |id| int(id.0)),
            owned_text(speaker.and_then(|e| e.actor.clone())),
            opt_text(quote.cue.as_deref()),
            opt_text(quote.via.as_deref()),
            opt_text(row.date),
            text(row.lang),
            owned_text(Some(context)),
            int(context_start),
            text(&quote.rule),
            real(quote.confidence),
        ]);
    }
    rows.insert(tx)?;
    Ok(first_id + doc.quotes.len() as i64)
}

#[inline(never)]
fn insert_events(row: &ArticleRow<'_>) -> Result<(), Error> {
    let (tx, doc) = (row.tx, row.doc);
    let mut rows = Rows::new(&EVENTS, doc.events.len());
    for (i, e) in doc.events.iter().enumerate() {
        let name = |id: Option<vigie_doc::EntityId>| {
            opt_text(id.and_then(|id| doc.entity(id)).map(|e| e.name.as_str()))
        };
        let (sentence, sentence_start) = context(doc, e.sentence_span.cover(e.trigger_span));
        let root = e
            .cameo
            .char_indices()
            .nth(2)
            .map_or(&e.cameo[..], |(i, _)| &e.cameo[..i]);
        rows.push([
            int(row.article),
            int(i),
            text(&e.cameo),
            text(root),
            opt_text(e.plover.as_deref()),
            opt_text(e.label.as_deref()),
            opt_text(e.source.as_deref()),
            opt_text(e.target.as_deref()),
            name(e.source_id),
            name(e.target_id),
            opt_text(e.date.as_deref().or(row.date)),
            opt_text(e.date_precision.map(precision_str)),
            text(&e.trigger),
            int(e.trigger_span.start),
            int(e.trigger_span.end),
            int(sentence_start),
            owned_text(Some(sentence)),
            int(e.negated as i64),
            text(modality_str(e.modality)),
            text(row.lang),
            text(&e.rule),
            real(e.confidence),
        ]);
    }
    rows.insert(tx)
}

/// The sentence(s) around `span`, capped at [`MAX_CONTEXT`] bytes, and where they start.
fn context(doc: &Document, span: Span) -> (String, usize) {
    let start = doc
        .sentence_at(span.start)
        .map_or(span.start, |s| s.start.min(span.start));
    let end = doc
        .sentence_at(span.end.saturating_sub(1))
        .map_or(span.end, |s| s.end.max(span.end));
    let mut s = Span::new(start.min(span.start), end.max(span.end));
    if s.len() > MAX_CONTEXT {
        s = span;
    }
    match doc.text.get(s.start..s.end) {
        Some(t) => (t.to_string(), s.start),
        None => (doc.slice(span).to_string(), span.start),
    }
}

fn precision_str(p: vigie_doc::Precision) -> &'static str {
    match p {
        vigie_doc::Precision::Day => "day",
        vigie_doc::Precision::Week => "week",
        vigie_doc::Precision::Month => "month",
        vigie_doc::Precision::Year => "year",
    }
}

fn modality_str(m: vigie_doc::Modality) -> &'static str {
    use vigie_doc::Modality::*;
    match m {
        Asserted => "asserted",
        Denied => "denied",
        Demanded => "demanded",
        Threatened => "threatened",
        Intended => "intended",
        Hypothetical => "hypothetical",
        Reported => "reported",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::types::ValueRef;
    use vigie_doc::Input;

    #[test]
    fn stored_documents_round_trip_in_every_stored_form() {
        let mut input = Input::from_text("Le ministre a déclaré jeudi qu'il partirait.");
        input.source.sha256 = "ab".repeat(32);
        let doc = Document::new(input);
        let stored = encode_doc(&doc).unwrap();
        assert!(stored.starts_with(&ZSTD_MAGIC));
        let back = decode_doc(ValueRef::Blob(&stored)).unwrap();
        assert_eq!(back.text, doc.text);
        assert_eq!(back.source.sha256, doc.source.sha256);
        // Stores written before hold raw-deflated JSON (any level, stored blocks included)...
        let json = serde_json::to_string(&doc).unwrap();
        for level in [flate2::Compression::fast(), flate2::Compression::none()] {
            use std::io::Write;
            let mut z = flate2::write::DeflateEncoder::new(Vec::new(), level);
            z.write_all(json.as_bytes()).unwrap();
            let deflated = z.finish().unwrap();
            assert!(!deflated.starts_with(&ZSTD_MAGIC));
            let back = decode_doc(ValueRef::Blob(&deflated)).unwrap();
            assert_eq!(back.text, doc.text);
        }
        // ... or plain JSON text.
        let back = decode_doc(ValueRef::Text(json.as_bytes())).unwrap();
        assert_eq!(back.text, doc.text);
        assert!(decode_doc(ValueRef::Integer(3)).is_err());
        assert!(decode_doc(ValueRef::Blob(&stored[..stored.len() / 2])).is_err());
    }

    #[test]
    fn the_reused_compressor_gives_each_document_its_own_frame() {
        // Documents of very different sizes, one after the other on one thread.
        let texts = [
            "Court.".to_string(),
            "Le ministre a déclaré jeudi qu'il partirait. ".repeat(2000),
            String::new(),
            "x".to_string(),
        ];
        for text in &texts {
            let mut input = Input::from_text(text);
            input.source.sha256 = "cd".repeat(32);
            let doc = Document::new(input);
            let stored = encode_doc(&doc).unwrap();
            let back = decode_doc(ValueRef::Blob(&stored)).unwrap();
            assert_eq!(&back.text, text);
        }
    }

    #[test]
    fn each_table_statement_has_a_placeholder_per_column_and_row() {
        for table in [&ENTITIES, &MENTIONS, &QUOTES, &EVENTS] {
            let cols = table.head.split_once('(').unwrap().1.matches(',').count() + 1;
            assert_eq!(cols, table.width, "{}", table.head);
            for n in 1..=CHUNK {
                let sql = table.sql(n);
                assert_eq!(sql.matches('?').count(), n * table.width, "{sql}");
                assert_eq!(sql.matches("),(").count(), n - 1, "{sql}");
            }
        }
    }
}
