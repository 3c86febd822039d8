//! Queries: filters become `WHERE` clauses with bound parameters (never spliced text).

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, Row};
use vigie_doc::{Document, Span};

use crate::query::{
    ArticleDetail, ArticleRef, ArticleRow, Counts, EntityRow, EventRow, Filter, QuoteRow,
};
use crate::Error;

/// Clauses and their parameters, built in order.
#[derive(Default)]
struct Where {
    clauses: Vec<String>,
    params: Vec<Value>,
}

impl Where {
    /// Adds a clause with `?` placeholders and its parameters.
    fn push(&mut self, clause: &str, params: impl IntoIterator<Item = Value>) {
        self.clauses.push(clause.to_string());
        self.params.extend(params);
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }
}

/// `%text%` for LIKE, with LIKE's wildcards in `text` escaped (`ESCAPE '\'`).
fn contains(text: &str) -> Value {
    Value::Text(format!("%{}%", escape_like(text.trim())))
}

/// `text%` for LIKE.
fn prefix(text: &str) -> Value {
    Value::Text(format!("{}%", escape_like(text.trim())))
}

fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn text(s: &str) -> Value {
    Value::Text(s.trim().to_string())
}

/// Conditions every kind shares: dates, language, article, full text over articles.
fn common(w: &mut Where, f: &Filter, date_col: &str, lang_col: &str, article_col: &str) {
    if let Some(since) = &f.since {
        w.push(&format!("{date_col} >= ?"), [text(since)]);
    }
    if let Some(until) = &f.until {
        // `2022-03-31` must keep `2022-03-31T12:00`: compare against the prefix's upper bound.
        w.push(
            &format!("{date_col} <= ?"),
            [Value::Text(format!("{}\u{10FFFF}", until.trim()))],
        );
    }
    if let Some(lang) = &f.lang {
        w.push(
            &format!("{lang_col} = ?"),
            [Value::Text(lang.trim().to_lowercase())],
        );
    }
    if let Some(article) = f.article {
        w.push(&format!("{article_col} = ?"), [Value::Integer(article)]);
    }
}

fn limit_offset(f: &Filter) -> [Value; 2] {
    [
        Value::Integer(f.effective_limit() as i64),
        Value::Integer(f.offset.unwrap_or(0).min(1_000_000) as i64),
    ]
}

/// Runs `sql` with `params`, mapping rows; a malformed FTS5 query becomes a [`Error::Filter`].
fn run<T>(
    conn: &Connection,
    fts: bool,
    sql: &str,
    params: Vec<Value>,
    map: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, Error> {
    let result = (|| {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params_from_iter(params), map)?;
        rows.collect::<rusqlite::Result<Vec<T>>>()
    })();
    result.map_err(|e| match e {
        // The only user text SQLite parses is the FTS5 query: a generic SQL error while one is
        // given is that query's syntax ("unterminated string", "syntax error near ...").
        rusqlite::Error::SqliteFailure(ref f, ref msg)
            if fts && f.code == rusqlite::ErrorCode::Unknown =>
        {
            Error::Filter(format!(
                "full-text query: {}",
                msg.as_deref().unwrap_or("syntax error")
            ))
        }
        e => Error::Db(e),
    })
}

const ARTICLE_COLS: &str = "a.id, a.doc_id, a.headline, a.date, a.lang, COALESCE(a.url, a.path)";

fn article_ref(row: &Row<'_>, at: usize) -> rusqlite::Result<ArticleRef> {
    Ok(ArticleRef {
        id: row.get(at)?,
        doc_id: row.get(at + 1)?,
        headline: row.get(at + 2)?,
        date: row.get(at + 3)?,
        lang: row.get(at + 4)?,
        location: row.get(at + 5)?,
    })
}

fn span(row: &Row<'_>, start: usize, end: usize) -> rusqlite::Result<Span> {
    let s: i64 = row.get(start)?;
    let e: i64 = row.get(end)?;
    let s = s.max(0) as usize;
    Ok(Span::new(s, (e.max(0) as usize).max(s)))
}

pub fn quotes(conn: &Connection, f: &Filter) -> Result<Vec<QuoteRow>, Error> {
    let mut w = Where::default();
    if let Some(s) = &f.speaker {
        w.push("q.speaker LIKE ? ESCAPE '\\'", [contains(s)]);
    }
    if let Some(v) = &f.via {
        w.push("q.via LIKE ? ESCAPE '\\'", [contains(v)]);
    }
    if let Some(a) = &f.actor {
        w.push("q.speaker_actor LIKE ? ESCAPE '\\'", [prefix(a)]);
    }
    if let Some(t) = &f.text {
        w.push(
            "q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)",
            [text(t)],
        );
    }
    common(&mut w, f, "q.date", "q.lang", "q.article");
    let sql = format!(
        "SELECT {ARTICLE_COLS}, q.idx, q.kind, q.text, q.start, q.\"end\", q.speaker,
                q.speaker_actor, q.cue, q.via, q.context, q.context_start, q.rule, q.confidence
         FROM quotes q JOIN articles a ON a.id = q.article
         {}
         ORDER BY q.date DESC, q.article, q.idx
         LIMIT ? OFFSET ?",
        w.sql()
    );
    let mut params = w.params;
    params.extend(limit_offset(f));
    run(conn, f.text.is_some(), &sql, params, |r| {
        Ok(QuoteRow {
            article: article_ref(r, 0)?,
            index: r.get::<_, i64>(6)? as usize,
            kind: r.get(7)?,
            text: r.get(8)?,
            span: span(r, 9, 10)?,
            speaker: r.get(11)?,
            speaker_actor: r.get(12)?,
            cue: r.get(13)?,
            via: r.get(14)?,
            context: r.get(15)?,
            context_start: r.get::<_, i64>(16)?.max(0) as usize,
            rule: r.get(17)?,
            confidence: r.get(18)?,
        })
    })
}

pub fn events(conn: &Connection, f: &Filter) -> Result<Vec<EventRow>, Error> {
    let mut w = Where::default();
    if let Some(a) = &f.actor {
        w.push(
            "(e.source LIKE ? ESCAPE '\\' OR e.target LIKE ? ESCAPE '\\')",
            [prefix(a), prefix(a)],
        );
    }
    if let Some(s) = &f.source {
        w.push(
            "(e.source LIKE ? ESCAPE '\\' OR e.source_name LIKE ? ESCAPE '\\')",
            [prefix(s), contains(s)],
        );
    }
    if let Some(t) = &f.target {
        w.push(
            "(e.target LIKE ? ESCAPE '\\' OR e.target_name LIKE ? ESCAPE '\\')",
            [prefix(t), contains(t)],
        );
    }
    if let Some(c) = &f.cameo {
        w.push("e.cameo LIKE ? ESCAPE '\\'", [prefix(c)]);
    }
    if let Some(t) = &f.text {
        w.push(
            "e.article IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
            [text(t)],
        );
    }
    common(&mut w, f, "e.date", "e.lang", "e.article");
    let sql = format!(
        "SELECT {ARTICLE_COLS}, e.idx, e.cameo, e.root, e.plover, e.label, e.source, e.target,
                e.source_name, e.target_name, e.date, e.date_precision, e.trigger,
                e.trigger_start, e.trigger_end, e.sentence, e.sentence_start, e.negated,
                e.modality, e.rule, e.confidence
         FROM events e JOIN articles a ON a.id = e.article
         {}
         ORDER BY e.date IS NULL, e.date, e.article, e.idx
         LIMIT ? OFFSET ?",
        w.sql()
    );
    let mut params = w.params;
    params.extend(limit_offset(f));
    run(conn, f.text.is_some(), &sql, params, |r| {
        Ok(EventRow {
            article: article_ref(r, 0)?,
            index: r.get::<_, i64>(6)? as usize,
            cameo: r.get(7)?,
            root: r.get(8)?,
            plover: r.get(9)?,
            label: r.get(10)?,
            source: r.get(11)?,
            target: r.get(12)?,
            source_name: r.get(13)?,
            target_name: r.get(14)?,
            date: r.get(15)?,
            date_precision: r.get(16)?,
            trigger: r.get(17)?,
            trigger_span: span(r, 18, 19)?,
            sentence: r.get(20)?,
            sentence_start: r.get::<_, i64>(21)?.max(0) as usize,
            negated: r.get(22)?,
            modality: r.get(23)?,
            rule: r.get(24)?,
            confidence: r.get(25)?,
        })
    })
}

pub fn entities(conn: &Connection, f: &Filter) -> Result<Vec<EntityRow>, Error> {
    let mut w = Where::default();
    if let Some(s) = &f.speaker {
        w.push("n.name LIKE ? ESCAPE '\\'", [contains(s)]);
    }
    if let Some(a) = &f.actor {
        w.push("n.actor LIKE ? ESCAPE '\\'", [prefix(a)]);
    }
    if let Some(t) = &f.text {
        w.push(
            "n.article IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
            [text(t)],
        );
    }
    common(&mut w, f, "a.date", "a.lang", "n.article");
    let sql = format!(
        "SELECT n.name, n.type, n.actor, MAX(n.role), COUNT(DISTINCT n.article), SUM(n.mentions)
         FROM entities n JOIN articles a ON a.id = n.article
         {}
         GROUP BY n.name, n.type, n.actor
         ORDER BY COUNT(DISTINCT n.article) DESC, SUM(n.mentions) DESC, n.name
         LIMIT ? OFFSET ?",
        w.sql()
    );
    let mut params = w.params;
    params.extend(limit_offset(f));
    run(conn, f.text.is_some(), &sql, params, |r| {
        Ok(EntityRow {
            name: r.get(0)?,
            kind: r.get(1)?,
            actor: r.get(2)?,
            role: r.get(3)?,
            articles: r.get(4)?,
            mentions: r.get(5)?,
        })
    })
}

const ARTICLE_ROW_COLS: &str =
    "a.id, a.doc_id, a.headline, a.date, a.lang, COALESCE(a.url, a.path),
    a.sha256, a.agency,
    (SELECT COUNT(*) FROM entities WHERE article = a.id),
    (SELECT COUNT(*) FROM quotes WHERE article = a.id),
    (SELECT COUNT(*) FROM events WHERE article = a.id)";

fn article_row(r: &Row<'_>) -> rusqlite::Result<ArticleRow> {
    Ok(ArticleRow {
        article: article_ref(r, 0)?,
        sha256: r.get(6)?,
        agency: r.get(7)?,
        entities: r.get(8)?,
        quotes: r.get(9)?,
        events: r.get(10)?,
    })
}

pub fn articles(conn: &Connection, f: &Filter) -> Result<Vec<ArticleRow>, Error> {
    let mut w = Where::default();
    common(&mut w, f, "a.date", "a.lang", "a.id");
    let (from, order) = match &f.text {
        Some(t) => {
            w.push("articles_fts MATCH ?", [text(t)]);
            (
                "articles_fts JOIN articles a ON a.id = articles_fts.rowid",
                "articles_fts.rank",
            )
        }
        None => ("articles a", "a.date DESC, a.id"),
    };
    let sql = format!(
        "SELECT {ARTICLE_ROW_COLS} FROM {from} {} ORDER BY {order} LIMIT ? OFFSET ?",
        w.sql()
    );
    let mut params = w.params;
    params.extend(limit_offset(f));
    run(conn, f.text.is_some(), &sql, params, article_row)
}

pub fn article(conn: &Connection, id: i64) -> Result<Option<ArticleDetail>, Error> {
    let sql = format!("SELECT {ARTICLE_ROW_COLS}, a.doc FROM articles a WHERE a.id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([id])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let row = article_row(r)?;
    let document: Document = crate::write::decode_doc(r.get_ref(11)?)?;
    Ok(Some(ArticleDetail { row, document }))
}

pub fn counts(conn: &Connection) -> Result<Counts, Error> {
    let count = |table: &str| -> Result<i64, Error> {
        Ok(conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?)
    };
    Ok(Counts {
        articles: count("articles")?,
        entities: count("entities")?,
        mentions: count("mentions")?,
        quotes: count("quotes")?,
        events: count("events")?,
    })
}
