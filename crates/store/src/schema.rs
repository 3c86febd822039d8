//! The SQLite schema and its migrations.
//!
//! The schema version lives in `PRAGMA user_version`. `MIGRATIONS[i]` takes a database from
//! version `i` to `i + 1`; each runs in its own transaction, so a crash mid-migration leaves the
//! file at the last complete version. A file written by a newer vigie is refused, not guessed at.

use rusqlite::Connection;

use crate::Error;

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = 1;

/// One SQL script per version step. Never edit a released step: add a new one.
const MIGRATIONS: &[&str] = &[
    // 0 -> 1: articles with the whole document, normalised layers, full-text indexes.
    r#"
    CREATE TABLE articles (
        id        INTEGER PRIMARY KEY,
        sha256    TEXT NOT NULL UNIQUE,
        doc_id    TEXT NOT NULL,
        path      TEXT,
        url       TEXT,
        lang      TEXT NOT NULL,
        headline  TEXT,
        date      TEXT,
        agency    TEXT,
        byline    TEXT,
        section   TEXT,
        doc       TEXT NOT NULL
    );
    CREATE INDEX articles_date ON articles(date);
    CREATE INDEX articles_lang ON articles(lang);

    CREATE TABLE entities (
        id        INTEGER PRIMARY KEY,
        article   INTEGER NOT NULL REFERENCES articles(id),
        eid       INTEGER NOT NULL,
        type      TEXT NOT NULL,
        name      TEXT NOT NULL,
        actor     TEXT,
        role      TEXT,
        gender    TEXT,
        mentions  INTEGER NOT NULL,
        rule      TEXT NOT NULL
    );
    CREATE INDEX entities_article ON entities(article, eid);
    CREATE INDEX entities_name ON entities(name COLLATE NOCASE);
    CREATE INDEX entities_actor ON entities(actor);

    CREATE TABLE mentions (
        id        INTEGER PRIMARY KEY,
        article   INTEGER NOT NULL REFERENCES articles(id),
        eid       INTEGER NOT NULL,
        start     INTEGER NOT NULL,
        "end"     INTEGER NOT NULL,
        text      TEXT NOT NULL,
        kind      TEXT,
        rule      TEXT NOT NULL
    );
    CREATE INDEX mentions_article ON mentions(article, eid);

    CREATE TABLE quotes (
        id            INTEGER PRIMARY KEY,
        article       INTEGER NOT NULL REFERENCES articles(id),
        idx           INTEGER NOT NULL,
        kind          TEXT NOT NULL,
        text          TEXT NOT NULL,
        start         INTEGER NOT NULL,
        "end"         INTEGER NOT NULL,
        speaker       TEXT,
        speaker_id    INTEGER,
        speaker_actor TEXT,
        cue           TEXT,
        via           TEXT,
        date          TEXT,
        lang          TEXT NOT NULL,
        context       TEXT NOT NULL,
        context_start INTEGER NOT NULL,
        rule          TEXT NOT NULL,
        confidence    REAL NOT NULL
    );
    CREATE INDEX quotes_article ON quotes(article);
    CREATE INDEX quotes_speaker ON quotes(speaker COLLATE NOCASE);
    CREATE INDEX quotes_date ON quotes(date);

    CREATE TABLE events (
        id             INTEGER PRIMARY KEY,
        article        INTEGER NOT NULL REFERENCES articles(id),
        idx            INTEGER NOT NULL,
        cameo          TEXT NOT NULL,
        root           TEXT NOT NULL,
        plover         TEXT,
        label          TEXT,
        source         TEXT,
        target         TEXT,
        source_name    TEXT,
        target_name    TEXT,
        date           TEXT,
        date_precision TEXT,
        trigger        TEXT NOT NULL,
        trigger_start  INTEGER NOT NULL,
        trigger_end    INTEGER NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence       TEXT NOT NULL,
        negated        INTEGER NOT NULL,
        modality       TEXT NOT NULL,
        lang           TEXT NOT NULL,
        rule           TEXT NOT NULL,
        confidence     REAL NOT NULL
    );
    CREATE INDEX events_article ON events(article);
    CREATE INDEX events_cameo ON events(cameo);
    CREATE INDEX events_source ON events(source);
    CREATE INDEX events_target ON events(target);
    CREATE INDEX events_date ON events(date);

    -- Quotes: external content (the quotes table holds the text).
    CREATE VIRTUAL TABLE quotes_fts USING fts5(
        text, speaker, via,
        content='quotes', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    );
    -- Articles: contentless (the text already lives in articles.doc); rowid = articles.id.
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        headline, body,
        content='',
        tokenize='unicode61 remove_diacritics 2'
    );
    "#,
];

/// Brings `conn` to [`SCHEMA_VERSION`], one transaction per step.
pub fn migrate(conn: &mut Connection) -> Result<(), Error> {
    let found = version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(Error::TooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (step, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", step as i64 + 1)?;
        tx.commit()?;
        log::info!("store: migrated schema to version {}", step + 1);
    }
    Ok(())
}

/// The schema version of an open database (0 for a new file).
pub fn version(conn: &Connection) -> Result<i64, Error> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_has_a_migration() {
        assert_eq!(MIGRATIONS.len() as i64, SCHEMA_VERSION);
    }

    #[test]
    fn migrates_a_new_database_and_refuses_a_newer_one() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), SCHEMA_VERSION);
        // Idempotent.
        migrate(&mut conn).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(err.to_string().contains("newer"), "{err}");
    }
}
