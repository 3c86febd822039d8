//! vigie's store: analysed [`Document`]s in one embedded SQLite file, with a full-text index
//! over quotes and article text, queried by backend-neutral [`Filter`]s.
//!
//! Each document is kept whole (its JSON, zstd-compressed) and as normalised rows (articles, entities, mentions,
//! quotes, events) indexed for the filters. A document's identity is the SHA-256 of its raw
//! input ([`vigie_doc::Source::sha256`]), so storing the same input twice adds nothing. Writes go
//! in batches, one transaction each: a process killed mid-ingest loses nothing committed.
//!
//! The public API names no SQL: a second backend (PostgreSQL) fits behind the same methods.
//!
//! ```
//! use vigie_doc::{Document, Input};
//! use vigie_store::{Filter, Store};
//!
//! let dir = std::env::temp_dir().join(format!("vigie-store-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let mut store = Store::open(dir.join("vigie.db"))?;
//! let mut input = Input::from_text("Bonjour.");
//! input.source.sha256 = "ab".repeat(32);
//! assert_eq!(store.put_batch(&[Document::new(input)])?, 1);
//! assert_eq!(store.counts()?.articles, 1);
//! assert!(store.quotes(&Filter::default())?.is_empty());
//! # std::fs::remove_dir_all(&dir)?;
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod query;
mod read;
mod schema;
mod write;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use vigie_doc::Document;

pub use query::{
    ArticleDetail, ArticleRef, ArticleRow, Counts, EntityRow, EventRow, Filter, Kind, QuoteRow,
    DEFAULT_LIMIT, MAX_LIMIT,
};
pub use schema::SCHEMA_VERSION;
pub use write::article_date;

/// A document with its stored form (its JSON, compressed), made before the write. Encoding is
/// about a third of a write's CPU: `vigie ingest` does it on the analysing threads, right after
/// each document's analysis, and the writing thread only copies bytes.
#[derive(Debug)]
pub struct Encoded {
    /// The document, without its tokens and their norms: the store keeps neither (they are
    /// not serialised, and no row reads them), and a batch waiting for the writer then holds
    /// less memory.
    pub doc: Document,
    stored: Vec<u8>,
}

impl Encoded {
    /// Encodes `doc`.
    pub fn new(mut doc: Document) -> Result<Encoded, Error> {
        let stored = write::encode_doc(&doc)?;
        doc.tokens = Vec::new();
        doc.norms = String::new();
        Ok(Encoded { doc, stored })
    }
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database engine reported an error.
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    /// A stored document could not be (de)serialised.
    #[error("document JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The file was written by a newer vigie.
    #[error("the store has schema version {found}, newer than this vigie supports ({supported})")]
    TooNew {
        /// Version in the file.
        found: i64,
        /// Version this build knows.
        supported: i64,
    },
    /// The file is not a vigie store (or does not exist, when opened read-only).
    #[error("{path}: {message}")]
    Open {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A filter that does not apply, or a malformed full-text query.
    #[error("{0}")]
    Filter(String),
}

/// A vigie store: one SQLite file.
///
/// A `Store` is one connection: `Send`, not `Sync`. Threads that read concurrently (the HTTP
/// server) open one each with [`Store::open_read_only`]; the file is in WAL mode, so readers do
/// not block the writer.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// The writer's page cache, in KiB (`PRAGMA cache_size` takes a negative count of KiB).
const CACHE_KIB: i64 = 64 * 1024;

impl Store {
    /// Opens the store at `path` for reading and writing, creating it and bringing its schema up
    /// to date as needed.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, Error> {
        let path = path.as_ref().to_path_buf();
        let mut conn = Connection::open(&path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // WAL + NORMAL: a committed transaction survives the process being killed.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Not enforced: the writer is the only code that inserts, and it gives every row the id
        // of the article it has just inserted in the same transaction. Checking the parent of
        // each of the ~80 rows an article adds cost 5% of the writer.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        // Checkpoint every ~40 MB of WAL instead of every 4 MB: a page written by many
        // batches in a row (index roots, FTS segments) is copied into the database once, not
        // at every checkpoint (less system time in ingest, the same durability).
        conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
        // A 64 MiB page cache instead of SQLite's 2 MiB: every article inserts rows into a
        // dozen indexes at places spread over the whole file (names, speakers, codes), and once
        // those indexes outgrow the cache each insert re-reads its pages from the OS.
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        // The writer's multi-row inserts use one statement per table and row count (up to
        // 16 each), kept prepared.
        conn.set_prepared_statement_cache_capacity(128);
        schema::migrate(&mut conn)?;
        Ok(Store { conn, path })
    }

    /// Opens an existing store for reading only (the server). Refuses a missing file, a file of
    /// an older schema (run `vigie ingest` once to migrate it) or of a newer one.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store, Error> {
        let path = path.as_ref().to_path_buf();
        if !path.is_file() {
            return Err(Error::Open {
                path,
                message: "no such store (create it with `vigie ingest`)".into(),
            });
        }
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let found = schema::version(&conn)?;
        if found > SCHEMA_VERSION {
            return Err(Error::TooNew {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        if found < SCHEMA_VERSION {
            return Err(Error::Open {
                path,
                message: format!(
                    "schema version {found}, older than {SCHEMA_VERSION}: run `vigie ingest` on it once to migrate"
                ),
            });
        }
        Ok(Store { conn, path })
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Which of these content hashes are already stored (to skip analysing known inputs).
    pub fn known<'a>(
        &self,
        hashes: impl IntoIterator<Item = &'a str>,
    ) -> Result<HashSet<String>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM articles WHERE sha256 = ?1")?;
        let mut out = HashSet::new();
        for h in hashes {
            if stmt.exists([h])? {
                out.insert(h.to_string());
            }
        }
        Ok(out)
    }

    /// Stores a batch of documents in one transaction; documents whose hash is already stored
    /// are skipped. Returns how many were new. On error nothing of the batch is kept.
    pub fn put_batch(&mut self, docs: &[Document]) -> Result<usize, Error> {
        // Encoded on every core before the transaction (see [`Encoded`]).
        use rayon::prelude::*;
        let stored: Vec<Vec<u8>> = docs
            .par_iter()
            .map(write::encode_doc)
            .collect::<Result<_, _>>()?;
        self.put(docs.iter().zip(&stored).map(|(d, s)| (d, s.as_slice())))
    }

    /// [`Store::put_batch`] for documents encoded beforehand.
    pub fn put_encoded(&mut self, docs: &[Encoded]) -> Result<usize, Error> {
        self.put(docs.iter().map(|e| (&e.doc, e.stored.as_slice())))
    }

    /// Writes documents and their stored forms in one transaction.
    fn put<'d>(
        &mut self,
        docs: impl Iterator<Item = (&'d Document, &'d [u8])>,
    ) -> Result<usize, Error> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut added = 0;
        let mut batch = write::Batch::new(&tx)?;
        for (doc, stored) in docs {
            if batch.insert(doc, stored)? {
                added += 1;
            }
        }
        batch.finish()?;
        tx.commit()?;
        Ok(added)
    }

    /// How many rows of each kind the store holds.
    pub fn counts(&self) -> Result<Counts, Error> {
        read::counts(&self.conn)
    }

    /// Quotes matching `filter`, newest article first.
    pub fn quotes(&self, filter: &Filter) -> Result<Vec<QuoteRow>, Error> {
        filter.check(Kind::Quotes)?;
        read::quotes(&self.conn, filter)
    }

    /// Events matching `filter`, by date.
    pub fn events(&self, filter: &Filter) -> Result<Vec<EventRow>, Error> {
        filter.check(Kind::Events)?;
        read::events(&self.conn, filter)
    }

    /// Entities matching `filter`, grouped by name, type and actor code, most-cited first.
    pub fn entities(&self, filter: &Filter) -> Result<Vec<EntityRow>, Error> {
        filter.check(Kind::Entities)?;
        read::entities(&self.conn, filter)
    }

    /// Articles matching `filter` (best full-text match first when `text` is given).
    pub fn articles(&self, filter: &Filter) -> Result<Vec<ArticleRow>, Error> {
        filter.check(Kind::Articles)?;
        read::articles(&self.conn, filter)
    }

    /// One article with its whole document.
    pub fn article(&self, id: i64) -> Result<Option<ArticleDetail>, Error> {
        read::article(&self.conn, id)
    }

    /// Calls `f` with every stored document, in store order (for exports). Stops at `f`'s first
    /// error.
    pub fn for_each_document<E: From<Error>>(
        &self,
        mut f: impl FnMut(Document) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self
            .conn
            .prepare("SELECT doc FROM articles ORDER BY id")
            .map_err(Error::from)?;
        let mut rows = stmt.query([]).map_err(Error::from)?;
        while let Some(row) = rows.next().map_err(Error::from)? {
            let doc = write::decode_doc(row.get_ref(0).map_err(Error::from)?)?;
            f(doc)?;
        }
        Ok(())
    }
}

/// Turns words a person typed into a safe full-text query: each word becomes a quoted term, all
/// required (`Zakharova "TASS"` -> `"Zakharova" "TASS"`), so FTS5 operators in the input are
/// plain text.
pub fn words_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{}\"", w.replace('"', "")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}
