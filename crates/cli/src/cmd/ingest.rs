//! `vigie ingest PATH... [--db FILE]`: analyse articles in parallel and store them.
//!
//! A reader thread streams each file's inputs ([`vigie_ingest::open_pending`]: a WARC is read
//! record by record, never whole; HTML pages are read and hashed but not yet parsed); the main
//! thread takes them in batches, drops those whose content hash is already stored (so a re-run
//! neither extracts nor analyses what it has), extracts and analyses the rest in parallel
//! (rayon, one shared pipeline); a writer thread commits each batch in one transaction while
//! the next batches are analysed (at most [`QUEUED`] analysed batches wait for it: memory
//! stays flat). A process killed mid-run keeps every committed batch; running the same command
//! again completes the rest without duplicates. A file or record that cannot be read is
//! reported by name and the run goes on; the exit code is then 1.

use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use vigie_ingest::{Format, Limits, Pending};
use vigie_store::{Encoded, Store};

use crate::cmd::analyze::LangArg;
use crate::{build_pipeline, Cli, Outcome};

/// Arguments of `vigie ingest`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files, directories (read recursively) or glob patterns. In directories, only article
    /// files are read (.txt, .text, .html, .htm, .xhtml, .shtml, .warc, .warc.gz, .jsonl,
    /// .ndjson; not .json, which sits beside articles as gold data); name any other file
    /// explicitly.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<String>,
    /// The store (created if absent).
    #[arg(long, default_value = "vigie.db", value_name = "FILE")]
    db: PathBuf,
    /// Language of the articles.
    #[arg(long, value_enum, default_value = "auto")]
    lang: LangArg,
    /// Documents analysed and committed together (one transaction per batch).
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    batch: u32,
    /// How HTML pages (files, WARC records) become article text: `combined` (trafilatura plus
    /// vigie's scorer: best snippet F1 and metadata), `auto` (vigie's scorer, `combined` only
    /// on the pages it is unsure of or that state no date: about twice as fast), `own`
    /// (vigie's scorer alone: about ten times as fast, fewer dates and authors).
    #[arg(long, value_enum, default_value = "combined")]
    extract: crate::cmd::score::extraction::StrategyArg,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, default_value_t = Limits::default().max_bytes)]
    max_bytes: u64,
    /// Pause after each committed batch (for the kill-and-resume test).
    #[arg(long, hide = true, default_value_t = 0)]
    batch_pause_ms: u64,
}

/// What the reader thread sends.
enum Item {
    Input(Box<Pending>),
    Failed(String),
}

/// Runs the command.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Outcome> {
    let pipeline = build_pipeline(cli)?;
    let opts = vigie_analyze::Options {
        lang: match args.lang {
            LangArg::Auto => None,
            LangArg::Fr => Some(vigie_doc::Lang::Fr),
            LangArg::En => Some(vigie_doc::Lang::En),
        },
        date: None,
    };
    // The writer owns the store; this thread checks hashes through a second, read-only
    // connection (WAL: readers see every committed batch while the writer goes on).
    let store = Store::open(&args.db)
        .with_context(|| format!("opening the store {}", args.db.display()))?;
    let lookup = Store::open_read_only(&args.db)
        .with_context(|| format!("opening the store {}", args.db.display()))?;
    let limits = Limits {
        max_bytes: args.max_bytes,
    };

    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {elapsed_precise} {pos} documents ({per_sec}) {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));

    let strategy = args.extract.strategy();
    let batch_size = args.batch as usize;
    let (tx, rx) = mpsc::sync_channel::<Item>(batch_size * 2);
    let paths = args.paths.clone();
    let reader = std::thread::spawn(move || read_all(&paths, &limits, &tx));
    let writer = {
        let (bar, db) = (bar.clone(), args.db.clone());
        let pause = Duration::from_millis(args.batch_pause_ms);
        Writer::spawn(store, move |tally, n, result| {
            result.with_context(|| format!("writing to {}", db.display()))?;
            bar.inc(n as u64);
            bar.set_message(tally.message());
            if !pause.is_zero() {
                std::thread::sleep(pause);
            }
            Ok(())
        })
    };
    let started = Instant::now();
    let mut failed = 0usize;
    // Hashes of the batches handed to the writer and not yet known to be committed (the one
    // it writes, those queued) and of the batch being analysed: the only ones the store may
    // not show yet.
    let mut sent: VecDeque<HashSet<String>> = VecDeque::with_capacity(QUEUED + 1);
    let mut current = HashSet::<String>::new();
    loop {
        let mut batch: Vec<Pending> = Vec::with_capacity(batch_size);
        let mut closed = false;
        while batch.len() < batch_size {
            match rx.recv() {
                Ok(Item::Input(input)) => batch.push(*input),
                Ok(Item::Failed(message)) => {
                    failed += 1;
                    bar.suspend(|| eprintln!("vigie: {message}"));
                }
                Err(_) => {
                    closed = true;
                    break;
                }
            }
        }
        if !batch.is_empty() {
            let stored = lookup.known(batch.iter().map(|i| i.sha256()))?;
            let before = batch.len();
            batch.retain(|i| {
                let h = i.sha256();
                !stored.contains(h)
                    && !sent.iter().any(|s| s.contains(h))
                    && current.insert(h.into())
            });
            writer.tally.add(0, before - batch.len());
            bar.inc((before - batch.len()) as u64);
            let results: Vec<Result<Encoded, String>> = batch
                .into_par_iter()
                .map(|input| analyze(&pipeline, input, &opts, strategy))
                .collect();
            let mut docs = Vec::with_capacity(results.len());
            for r in results {
                match r {
                    Ok(doc) => docs.push(doc),
                    Err(message) => {
                        failed += 1;
                        bar.inc(1);
                        bar.suspend(|| eprintln!("vigie: {message}"));
                    }
                }
            }
            writer.tally.failed.store(failed, Ordering::Relaxed);
            if !writer.send(docs) {
                break;
            }
            // Once a batch is handed over, the one sent QUEUED + 1 batches ago is committed
            // (the channel holds at most QUEUED, and the writer takes one at a time).
            if sent.len() > QUEUED {
                sent.pop_front();
            }
            sent.push_back(std::mem::take(&mut current));
        }
        if closed {
            break;
        }
    }
    let written = writer.finish();
    drop(rx); // the reader stops at its next send
    let _ = reader.join();
    bar.finish_and_clear();
    let tally = written?;
    let secs = started.elapsed().as_secs_f64();
    let (added, known) = (
        tally.added.load(Ordering::Relaxed),
        tally.known.load(Ordering::Relaxed),
    );
    let total = added + known;
    eprintln!(
        "vigie: ingested into {}: {added} new, {known} already stored, {failed} failed, \
         {total} documents in {secs:.2} s ({:.0} documents/s)",
        args.db.display(),
        total as f64 / secs.max(1e-9),
    );
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}

/// Counts shared by the analysing and the writing threads, for the progress line.
#[derive(Default)]
pub(crate) struct Tally {
    /// Documents newly stored.
    pub added: AtomicUsize,
    /// Documents found already stored.
    pub known: AtomicUsize,
    /// Inputs that could not be read or analysed.
    pub failed: AtomicUsize,
}

impl Tally {
    fn add(&self, added: usize, known: usize) {
        self.added.fetch_add(added, Ordering::Relaxed);
        self.known.fetch_add(known, Ordering::Relaxed);
    }

    fn message(&self) -> String {
        format!(
            "{} new, {} already stored, {} errors",
            self.added.load(Ordering::Relaxed),
            self.known.load(Ordering::Relaxed),
            self.failed.load(Ordering::Relaxed),
        )
    }
}

/// How many analysed batches may wait for the writer while it commits one. With none (a
/// rendezvous) the analysing threads stopped at every batch until the writer, sharing the
/// cores with them, was done with the previous one (0.64–0.77 s of a 4 s ingest of 5,200
/// articles on two cores; 0.17–0.37 s with one batch queued). Memory holds at most this many
/// batches more, so it stays flat.
pub(crate) const QUEUED: usize = 1;

/// The writing half of an ingest: a thread that owns the store and commits each analysed
/// batch in one transaction while the caller analyses the next ones; at most [`QUEUED`]
/// batches wait, so memory stays flat however long the run. `vigie ingest` and `vigie bench`
/// share it.
pub(crate) struct Writer {
    to: mpsc::SyncSender<Vec<Encoded>>,
    handle: std::thread::JoinHandle<anyhow::Result<()>>,
    /// The running counts (the writer adds what it commits).
    pub tally: Arc<Tally>,
}

impl Writer {
    /// Starts the thread. `committed` runs after each batch's transaction, on the writer
    /// thread, with the counts, the batch's size and the write's result (the documents
    /// added); an error it returns stops the writer.
    pub fn spawn<F>(mut store: Store, mut committed: F) -> Writer
    where
        F: FnMut(&Tally, usize, Result<usize, vigie_store::Error>) -> anyhow::Result<()>
            + Send
            + 'static,
    {
        let (to, from) = mpsc::sync_channel::<Vec<Encoded>>(QUEUED);
        let tally = Arc::new(Tally::default());
        let shared = Arc::clone(&tally);
        let handle = std::thread::spawn(move || {
            for docs in from {
                let result = store.put_encoded(&docs);
                if let Ok(added) = result {
                    shared.add(added, docs.len().saturating_sub(added));
                }
                committed(&shared, docs.len(), result)?;
            }
            Ok(())
        });
        Writer { to, handle, tally }
    }

    /// Hands a batch over, waiting while [`QUEUED`] batches already wait. False when the
    /// writer has stopped (on an error, which [`Writer::finish`] returns).
    pub fn send(&self, docs: Vec<Encoded>) -> bool {
        self.to.send(docs).is_ok()
    }

    /// Waits for the last batch and returns the counts, or the error that stopped the writer.
    pub fn finish(self) -> anyhow::Result<Arc<Tally>> {
        drop(self.to);
        match self.handle.join() {
            Ok(result) => result.map(|()| self.tally),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

/// Extracts (HTML), analyses and encodes (for the store) one input; a panic in a stage (a bug)
/// is reported against the input, not fatal.
fn analyze(
    pipeline: &vigie_analyze::Pipeline,
    pending: Pending,
    opts: &vigie_analyze::Options,
    strategy: vigie_ingest::Strategy,
) -> Result<Encoded, String> {
    let name = pending.name();
    crate::guarded(&name, || {
        let input = pending.finish_with(strategy).map_err(|e| e.to_string())?;
        Encoded::new(pipeline.analyze(input, opts)).map_err(|e| format!("{name}: {e}"))
    })
}

/// Expands every argument and streams each file's inputs, or the errors that name it.
fn read_all(args: &[String], limits: &Limits, tx: &mpsc::SyncSender<Item>) {
    for arg in args {
        let files = match expand(arg) {
            Ok(files) => files,
            Err(message) => {
                let _ = tx.send(Item::Failed(message));
                continue;
            }
        };
        for file in files {
            let mut inputs = match vigie_ingest::open_pending(&file, limits) {
                Ok(inputs) => inputs,
                Err(err) => {
                    if tx.send(Item::Failed(err.to_string())).is_err() {
                        return;
                    }
                    continue;
                }
            };
            while let Some(item) = inputs.next_pending() {
                let item = match item {
                    Ok(pending) => Item::Input(Box::new(pending)),
                    Err(err) => Item::Failed(err.to_string()),
                };
                if tx.send(item).is_err() {
                    return;
                }
            }
            let skipped = inputs.skipped();
            if !skipped.is_empty() {
                let parts: Vec<String> = skipped.iter().map(|(k, v)| format!("{v} {k}")).collect();
                log::info!("{}: skipped {}", file.display(), parts.join(", "));
            }
        }
    }
}

/// One argument to the files it names: a file, a directory's article files (sorted, hidden
/// entries skipped), or the matches of a glob pattern.
fn expand(arg: &str) -> Result<Vec<PathBuf>, String> {
    let path = Path::new(arg);
    if path.is_dir() {
        let mut out = Vec::new();
        walk(path, &mut out).map_err(|e| format!("{arg}: {e}"))?;
        return Ok(out);
    }
    if path.exists() {
        return Ok(vec![path.to_path_buf()]);
    }
    if arg.contains(['*', '?', '[']) {
        let paths = glob::glob(arg).map_err(|e| format!("{arg}: bad pattern: {e}"))?;
        let mut out = Vec::new();
        for p in paths {
            let p = p.map_err(|e| format!("{arg}: {e}"))?;
            if p.is_dir() {
                walk(&p, &mut out).map_err(|e| format!("{}: {e}", p.display()))?;
            } else {
                out.push(p);
            }
        }
        if out.is_empty() {
            return Err(format!("{arg}: no file matches"));
        }
        return Ok(out);
    }
    Err(format!("{arg}: no such file or directory"))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if is_article_file(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// Files a directory walk takes: every format the readers know by name, except single `.json`
/// files (gold annotations and configuration sit beside articles).
fn is_article_file(path: &Path) -> bool {
    vigie_ingest::sniff::by_extension(path).is_some_and(|f| f != Format::Json)
}
