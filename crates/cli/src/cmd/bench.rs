//! `vigie bench [PATH...]`: documents/s, MB/s and peak RSS for analysis, HTML extraction and
//! ingest, on one thread and on every core; plus two checks the throughput runs cannot show:
//! `--scaling` (is any stage super-linear in article length?) and `--memory N` (does a long
//! ingest keep its memory flat?).
//!
//! Each measurement repeats its inputs until `--seconds` have passed, after one warm-up pass,
//! and reads the peak RSS (`VmHWM`, reset before each run) from `/proc/self/status`. The 1-minute
//! load average is printed beside the results: other processes on the machine slow the figures.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use rayon::prelude::*;
use vigie_analyze::{Options, Pipeline};
use vigie_bench::{corpus::Generator, mem, texts, SEED_SIZE};
use vigie_doc::{Input, Lang};
use vigie_ingest::{Limits, Strategy};
use vigie_store::Encoded;

use crate::cmd::ingest::Writer;
use crate::{build_pipeline, Cli, Outcome};

/// What to measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    /// The analysis pipeline on decoded text.
    Analyze,
    /// Main-text extraction from HTML pages.
    Extract,
    /// Reading, analysing and storing articles (`vigie ingest`).
    Ingest,
    /// Storing analysed documents alone (the SQLite writes of `vigie ingest`, one thread).
    Store,
}

/// Arguments of `vigie bench`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Articles to measure on: files, or directories read recursively (HTML pages also feed the
    /// extraction runs). None: the seed and dev gold sets of `../shared` when found, the
    /// repository's `examples/`, and generated seed-sized French articles.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// What to measure, comma-separated.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "analyze,extract,ingest"
    )]
    what: Vec<What>,
    /// Seconds per measurement.
    #[arg(long, default_value_t = 3.0)]
    seconds: f64,
    /// Threads of the parallel runs (default: every core).
    #[arg(long)]
    threads: Option<usize>,
    /// Only the single-threaded runs.
    #[arg(long)]
    single: bool,
    /// Length-scaling check instead: analyse generated French articles of 1 KB to 1 MB and
    /// report how cost grows with length (linear: a 1 MB article costs about 1000x a 1 KB one).
    #[arg(long)]
    scaling: bool,
    /// Memory check instead: ingest N generated documents on every core and report the peak
    /// RSS (the target: 1000000 documents under 300 MB).
    #[arg(long, value_name = "N")]
    memory: Option<u64>,
    /// Use at most this many documents (and pages) of each set: keeps CI's smoke run short.
    #[arg(long, value_name = "N")]
    max_docs: Option<usize>,
    /// Language of the inputs (default: detected per document).
    #[arg(long, value_name = "fr|en")]
    lang: Option<String>,
    /// Extraction strategies the extract runs measure, comma-separated (default: all).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "S")]
    strategy: Vec<crate::cmd::score::extraction::StrategyArg>,
    /// Documents per store transaction in the ingest runs (`vigie ingest` uses 256).
    #[arg(long, default_value_t = 256, value_name = "N")]
    batch: usize,
    /// Smoke run for CI: at most 2 documents per set, batches of 4, articles up to 10 KB in
    /// `--scaling`. Checks that every mode works; the figures mean nothing.
    #[arg(long)]
    quick: bool,
    /// Append the results to this CSV file (e.g. `bench/record/<date>.csv`).
    #[arg(long, value_name = "FILE")]
    record: Option<PathBuf>,
}

/// One measured run.
#[derive(Clone, Debug)]
struct Row {
    bench: String,
    corpus: String,
    threads: usize,
    docs: u64,
    bytes: u64,
    secs: f64,
    peak_rss: Option<u64>,
    note: String,
}

impl Row {
    fn docs_per_s(&self) -> f64 {
        self.docs as f64 / self.secs.max(1e-9)
    }

    fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.secs.max(1e-9)
    }
}

/// Runs the command.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Outcome> {
    let pipeline = build_pipeline(cli)?;
    let opts = Options {
        lang: match args.lang.as_deref() {
            None => None,
            Some(code) => Some(
                Lang::from_code(code).ok_or_else(|| anyhow::anyhow!("unknown language {code}"))?,
            ),
        },
        date: None,
    };
    let all = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let threads: Vec<usize> = if args.single || all <= 1 {
        vec![1]
    } else {
        vec![1, all]
    };
    let seconds = Duration::from_secs_f64(args.seconds.max(0.01));
    let load_before = mem::load_average();
    let mut rows = Vec::new();
    let mut outcome = Outcome::Ok;

    let batch = if args.quick { 4 } else { args.batch.max(1) };
    if args.scaling {
        let sizes: &[usize] = if args.quick {
            &[1_000, 10_000]
        } else {
            &[1_000, 10_000, 100_000, 1_000_000]
        };
        rows.extend(scaling(&pipeline, &opts, seconds, sizes));
    } else if let Some(n) = args.memory {
        let row = memory(&pipeline, &opts, n, all, batch)?;
        if row.peak_rss.is_some_and(|p| p > 300 * 1024 * 1024) && n >= 1_000_000 {
            outcome = Outcome::SomeFailed;
        }
        rows.push(row);
    } else {
        let (mut sets, mut pages) = inputs(&args.paths)?;
        if let Some(max) = args.max_docs.or(args.quick.then_some(2)) {
            sets.iter_mut()
                .for_each(|(_, inputs)| inputs.truncate(max.max(1)));
            pages.truncate(max.max(1));
        }
        for what in &args.what {
            match what {
                What::Analyze => {
                    for (name, inputs) in &sets {
                        for &t in &threads {
                            let min_round = if args.quick || t == 1 { 1 } else { 16 * t };
                            let row = measure(t, min_round, seconds, inputs, |i: &Input| {
                                let doc = pipeline.analyze(i.clone(), &opts);
                                std::hint::black_box(&doc);
                            });
                            rows.push(Row {
                                bench: "analyze".into(),
                                corpus: name.clone(),
                                ..row
                            });
                        }
                    }
                }
                What::Extract => {
                    if pages.is_empty() {
                        eprintln!("vigie bench: extract skipped: no HTML page found");
                        continue;
                    }
                    let raw: Vec<Vec<u8>> = pages.iter().map(|(_, b)| b.clone()).collect();
                    let corpus = if args.paths.is_empty() {
                        "trafilatura-pages".to_string()
                    } else {
                        "html".to_string()
                    };
                    for (name, strategy) in STRATEGIES.iter().filter(|(_, s)| {
                        args.strategy.is_empty() || args.strategy.iter().any(|a| a.strategy() == *s)
                    }) {
                        for &t in &threads {
                            let row = measure(t, 1, seconds, &raw, |page: &Vec<u8>| {
                                std::hint::black_box(vigie_ingest::html_input_with(
                                    page, None, *strategy,
                                ));
                            });
                            rows.push(Row {
                                bench: "extract".into(),
                                corpus: corpus.clone(),
                                note: join_note(&format!("strategy {name}"), &row.note),
                                ..row
                            });
                        }
                    }
                }
                What::Store => {
                    for (name, inputs) in &sets {
                        let row = store_only(&pipeline, &opts, seconds, inputs, batch)?;
                        rows.push(Row {
                            corpus: name.clone(),
                            ..row
                        });
                    }
                }
                What::Ingest => {
                    for (name, inputs) in &sets {
                        for &t in &threads {
                            let row = ingest(&pipeline, &opts, t, seconds, inputs, batch)?;
                            rows.push(Row {
                                corpus: name.clone(),
                                ..row
                            });
                        }
                    }
                }
            }
        }
    }

    let load_after = mem::load_average();
    print_rows(&rows, load_before, load_after)?;
    if let Some(path) = &args.record {
        record(path, &rows, load_before)?;
    }
    Ok(outcome)
}

/// The extraction strategies `--what extract` measures, the default first.
const STRATEGIES: &[(&str, Strategy)] = &[
    ("combined", Strategy::Combined),
    ("own", Strategy::Own),
    ("trafilatura", Strategy::Trafilatura),
    ("auto", Strategy::Auto),
];

fn join_note(a: &str, b: &str) -> String {
    if b.is_empty() {
        a.to_string()
    } else {
        format!("{a}; {b}")
    }
}

type Sets = Vec<(String, Vec<Input>)>;
type Pages = Vec<(PathBuf, Vec<u8>)>;

/// Reads the inputs: named text sets for analysis, raw HTML pages for extraction.
fn inputs(paths: &[PathBuf]) -> anyhow::Result<(Sets, Pages)> {
    let limits = Limits::default();
    let mut sets: Sets = Vec::new();
    let mut pages = Vec::new();
    if paths.is_empty() {
        for set in texts::real_sets() {
            let inputs = set
                .texts
                .into_iter()
                .map(|(path, text)| {
                    let mut input = Input::from_text(text);
                    input.source.path = Some(path.display().to_string());
                    input
                })
                .collect();
            sets.push((set.name, inputs));
        }
        let generated = texts::generated_set(Lang::Fr, 200, SEED_SIZE);
        sets.push((
            generated.name,
            generated
                .texts
                .into_iter()
                .map(|(_, t)| Input::from_text(t))
                .collect(),
        ));
        if let Some(shared) = texts::shared_dir() {
            let dir = shared.join("data/extraction/trafilatura/pages");
            for file in walk(&dir) {
                if is_html(&file) {
                    if let Ok(bytes) = std::fs::read(&file) {
                        pages.push((file, bytes));
                    }
                }
            }
        }
        return Ok((sets, pages));
    }
    for path in paths {
        let mut inputs = Vec::new();
        for file in walk(path) {
            if is_html(&file) {
                let bytes =
                    std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
                pages.push((file.clone(), bytes));
            }
            match vigie_ingest::read_path(&file, &limits) {
                Ok(more) => inputs.extend(more),
                Err(err) => eprintln!("vigie bench: skipped {err}"),
            }
        }
        if inputs.is_empty() {
            eprintln!("vigie bench: no readable article under {}", path.display());
        } else {
            sets.push((path.display().to_string(), inputs));
        }
    }
    Ok((sets, pages))
}

fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// Every file under `path` (itself when a file), sorted, skipping hidden entries.
fn walk(path: &Path) -> Vec<PathBuf> {
    if !path.is_dir() {
        return vec![path.to_path_buf()];
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in rd.flatten() {
            let p = entry.path();
            if p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
            {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Something a run applies to each input, and the input's size in bytes.
trait Measured {
    fn size(&self) -> usize;
}

impl Measured for Input {
    fn size(&self) -> usize {
        self.text.len()
    }
}

impl Measured for Vec<u8> {
    fn size(&self) -> usize {
        self.len()
    }
}

/// Applies `work` to the inputs, round after round, until `seconds` have passed: on this thread
/// when `threads` is 1, else on a pool of that many threads.
fn measure<T: Measured + Sync>(
    threads: usize,
    min_round: usize,
    seconds: Duration,
    inputs: &[T],
    work: impl Fn(&T) + Sync,
) -> Row {
    let mut row = Row {
        bench: String::new(),
        corpus: String::new(),
        threads,
        docs: 0,
        bytes: 0,
        secs: 0.0,
        peak_rss: None,
        note: String::new(),
    };
    if inputs.is_empty() {
        return row;
    }
    // A parallel round holds enough documents to keep every thread busy.
    let round = inputs.len().max(min_round);
    let round_bytes: u64 = (0..round)
        .map(|k| inputs[k % inputs.len()].size() as u64)
        .sum();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .ok();
    let run_round = || match (&pool, threads) {
        (Some(pool), t) if t > 1 => pool.install(|| {
            (0..round)
                .into_par_iter()
                .for_each(|k| work(&inputs[k % inputs.len()]))
        }),
        _ => inputs.iter().for_each(&work),
    };
    run_round(); // warm-up: caches, lazy statics, allocator pools
    let reset = mem::reset_peak();
    let start = Instant::now();
    while start.elapsed() < seconds {
        run_round();
        row.docs += round as u64;
        row.bytes += round_bytes;
    }
    row.secs = start.elapsed().as_secs_f64();
    row.peak_rss = mem::peak_rss();
    if !reset {
        row.note = "peak since start".into();
    }
    row
}

/// Analyses generated French articles of 1 KB to 1 MB; the note of each row gives its cost
/// per byte relative to the 1 KB article (1.0 = linear).
fn scaling(pipeline: &Pipeline, opts: &Options, seconds: Duration, sizes: &[usize]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut base: Option<(f64, f64)> = None; // 1 KB article: (seconds per document, bytes)
    for &size in sizes {
        let text = Generator::new(42).article(Lang::Fr, size);
        let input = Input::from_text(text);
        let mut row = measure(1, 1, seconds / 2, std::slice::from_ref(&input), |i| {
            std::hint::black_box(pipeline.analyze(i.clone(), opts));
        });
        row.bench = "scaling".into();
        row.corpus = format!("generated-fr-{}KB", size / 1000);
        let per_doc = row.secs / row.docs.max(1) as f64;
        let len = input.text.len() as f64;
        let (base_doc, base_len) = *base.get_or_insert((per_doc, len));
        row.note = format!(
            "costs x{:.0} the 1KB article for x{:.0} its bytes; cost per byte x{:.2}",
            per_doc / base_doc,
            len / base_len,
            (per_doc / len) / (base_doc / base_len)
        );
        rows.push(row);
    }
    rows
}

/// A store in a fresh temporary file, removed (with its WAL) on drop.
struct TempStore {
    path: PathBuf,
    store: Option<vigie_store::Store>,
}

impl TempStore {
    fn new(tag: &str) -> anyhow::Result<TempStore> {
        let path = std::env::temp_dir().join(format!(
            "vigie-bench-{}-{tag}-{}.db",
            std::process::id(),
            jiff::Timestamp::now().as_nanosecond()
        ));
        let store = vigie_store::Store::open(&path)
            .with_context(|| format!("opening a store at {}", path.display()))?;
        Ok(TempStore {
            path,
            store: Some(store),
        })
    }

    fn put(&mut self, docs: &[vigie_doc::Document]) -> anyhow::Result<usize> {
        match &mut self.store {
            Some(store) => Ok(store.put_batch(docs)?),
            None => Ok(0),
        }
    }

    /// A writer thread on this store, as `vigie ingest` runs it (the files are still removed
    /// on drop: finish the writer first).
    fn writer(&mut self) -> anyhow::Result<Writer> {
        let store = self
            .store
            .take()
            .context("the store has a writer already")?;
        Ok(Writer::spawn(store, |_, _, result| Ok(result.map(drop)?)))
    }
}

impl Drop for TempStore {
    fn drop(&mut self) {
        self.store = None;
        for ext in ["", "-wal", "-shm"] {
            let mut p = self.path.clone().into_os_string();
            p.push(ext);
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Ingest as `vigie ingest` does it: batches of `batch_size` inputs analysed in parallel, each
/// batch written to a SQLite store in one transaction. Every stored copy gets its own content
/// hash, so the store writes them all instead of skipping repeats.
fn ingest(
    pipeline: &Pipeline,
    opts: &Options,
    threads: usize,
    seconds: Duration,
    inputs: &[Input],
    batch_size: usize,
) -> anyhow::Result<Row> {
    let mut row = Row {
        bench: "ingest".into(),
        corpus: String::new(),
        threads,
        docs: 0,
        bytes: 0,
        secs: 0.0,
        peak_rss: None,
        note: format!("SQLite, {batch_size} per transaction"),
    };
    if inputs.is_empty() {
        return Ok(row);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let mut store = TempStore::new("ingest")?;
    let writer = store.writer()?;
    let mut next = 0u64;
    let batch = |next: &mut u64| -> Vec<Input> {
        (0..batch_size)
            .map(|_| {
                let mut input = inputs[(*next % inputs.len() as u64) as usize].clone();
                input.source.sha256 = format!("bench-{next:016}");
                *next += 1;
                input
            })
            .collect()
    };
    let run_batch = |b: Vec<Input>| -> anyhow::Result<(u64, u64)> {
        let bytes: u64 = b.iter().map(|i| i.text.len() as u64).sum();
        let docs: Vec<Encoded> = pool.install(|| {
            b.into_par_iter()
                .map(|i| Encoded::new(pipeline.analyze(i, opts)))
                .collect::<Result<_, _>>()
        })?;
        let n = docs.len() as u64;
        anyhow::ensure!(writer.send(docs), "the writer stopped");
        Ok((n, bytes))
    };
    run_batch(batch(&mut next))?; // warm-up
    let reset = mem::reset_peak();
    let start = Instant::now();
    while start.elapsed() < seconds {
        let (n, bytes) = run_batch(batch(&mut next))?;
        row.docs += n;
        row.bytes += bytes;
    }
    writer.finish()?; // the last batch is written within the time
    row.secs = start.elapsed().as_secs_f64();
    row.peak_rss = mem::peak_rss();
    if !reset {
        row.note.push_str("; peak since start");
    }
    Ok(row)
}

/// The store's write cost alone: the inputs are analysed once, then written again and again
/// (each copy under a new content hash) in transactions of `batch_size`; only the writes are
/// timed. The note gives the store file's bytes per document.
fn store_only(
    pipeline: &Pipeline,
    opts: &Options,
    seconds: Duration,
    inputs: &[Input],
    batch_size: usize,
) -> anyhow::Result<Row> {
    let mut docs: Vec<vigie_doc::Document> = inputs
        .par_iter()
        .map(|i| pipeline.analyze(i.clone(), opts))
        .collect();
    let mut row = Row {
        bench: "store".into(),
        corpus: String::new(),
        threads: 1,
        docs: 0,
        bytes: 0,
        secs: 0.0,
        peak_rss: None,
        note: String::new(),
    };
    if docs.is_empty() {
        return Ok(row);
    }
    let text_bytes: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
    let mut store = TempStore::new("store")?;
    let mut next = 0u64;
    let mut elapsed = Duration::ZERO;
    let reset = mem::reset_peak();
    let mut written = 0u64;
    while elapsed < seconds || written == 0 {
        for d in docs.iter_mut() {
            d.source.sha256 = format!("store-{next:016}");
            next += 1;
        }
        for chunk in docs.chunks(batch_size) {
            let t = Instant::now();
            store.put(chunk)?;
            elapsed += t.elapsed();
        }
        written += docs.len() as u64;
        row.bytes += text_bytes;
    }
    row.docs = written;
    row.secs = elapsed.as_secs_f64();
    row.peak_rss = mem::peak_rss();
    drop(store.store.take()); // checkpoints the WAL into the file
    let db_size = std::fs::metadata(&store.path).map_or(0, |m| m.len());
    row.note = format!(
        "SQLite, {batch_size} per transaction; {} bytes of store per document ({} of text){}",
        db_size / written.max(1),
        text_bytes / docs.len() as u64,
        if reset { "" } else { "; peak since start" }
    );
    Ok(row)
}

/// Ingests `n` generated documents into a temporary SQLite store on `threads` threads, each
/// made on demand and dropped once written, and reads the peak RSS: memory must not grow with
/// the number of documents.
fn memory(
    pipeline: &Pipeline,
    opts: &Options,
    n: u64,
    threads: usize,
    batch_size: usize,
) -> anyhow::Result<Row> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let mut store = TempStore::new("memory")?;
    let writer = store.writer()?;
    let mut bytes = 0u64;
    let reset = mem::reset_peak();
    let start = Instant::now();
    let mut first = 0u64;
    let mut last_report = 0u64;
    while first < n {
        let last = (first + batch_size as u64).min(n);
        let docs: Vec<(u64, Result<Encoded, _>)> = pool.install(|| {
            (first..last)
                .into_par_iter()
                .map(|k| {
                    let text = Generator::numbered(k, Lang::Fr, SEED_SIZE);
                    let len = text.len() as u64;
                    let mut input = Input::from_text(text);
                    input.source.sha256 = format!("memory-{k:016}");
                    (len, Encoded::new(pipeline.analyze(input, opts)))
                })
                .collect()
        });
        bytes += docs.iter().map(|(len, _)| len).sum::<u64>();
        let docs: Vec<Encoded> = docs.into_iter().map(|(_, d)| d).collect::<Result<_, _>>()?;
        anyhow::ensure!(writer.send(docs), "the writer stopped");
        first = last;
        if first - last_report >= 100_000 || first == n {
            last_report = first;
            eprintln!(
                "vigie bench: {first} documents, {:.0} s, RSS {} MiB, peak {} MiB",
                start.elapsed().as_secs_f64(),
                mb(mem::current_rss()),
                mb(mem::peak_rss())
            );
        }
    }
    writer.finish()?;
    let peak = mem::peak_rss();
    let db_size = std::fs::metadata(&store.path).map_or(0, |m| m.len());
    Ok(Row {
        bench: "memory".into(),
        corpus: format!("generated-fr-x{n}"),
        threads,
        docs: n,
        bytes,
        secs: start.elapsed().as_secs_f64(),
        peak_rss: peak,
        note: format!(
            "{}ingest into SQLite ({} MB file); peak RSS {} 300 MB{}",
            if reset { "" } else { "peak since start; " },
            db_size / 1_000_000,
            match peak {
                Some(p) if p <= 300 * 1024 * 1024 => "under",
                Some(_) => "OVER",
                None => "n/a vs",
            },
            if n < 1_000_000 {
                " (the target is stated for 1000000 documents)"
            } else {
                ""
            }
        ),
    })
}

fn mb(bytes: Option<u64>) -> String {
    bytes.map_or("n/a".into(), |b| format!("{:.1}", b as f64 / 1_048_576.0))
}

fn print_rows(
    rows: &[Row],
    load_before: Option<f64>,
    load_after: Option<f64>,
) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(
        out,
        "{:<8} {:<24} {:>3} {:>9} {:>9} {:>7} {:>10} {:>8} {:>9}  note",
        "bench", "corpus", "thr", "docs", "MB", "secs", "docs/s", "MB/s", "peak MiB"
    )?;
    for r in rows {
        writeln!(
            out,
            "{:<8} {:<24} {:>3} {:>9} {:>9.2} {:>7.2} {:>10.1} {:>8.2} {:>9}  {}",
            r.bench,
            truncate(&r.corpus, 24),
            r.threads,
            r.docs,
            r.bytes as f64 / 1e6,
            r.secs,
            r.docs_per_s(),
            r.mb_per_s(),
            mb(r.peak_rss),
            r.note
        )?;
    }
    let load = |l: Option<f64>| l.map_or("n/a".into(), |l| format!("{l:.2}"));
    writeln!(
        out,
        "load average (1 min) before {}, after {}, on {} cores: figures are lower when the machine is busy",
        load(load_before),
        load(load_after),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    )?;
    Ok(())
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let tail: String = s
            .chars()
            .rev()
            .take(n - 1)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("…{tail}")
    }
}

/// Appends the rows to a CSV file, writing the header when the file is new.
fn record(path: &Path, rows: &[Row], load: Option<f64>) -> anyhow::Result<()> {
    let new = !path.exists();
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))?;
    if new {
        writeln!(
            f,
            "date,commit,bench,corpus,threads,docs,bytes,seconds,docs_per_s,mb_per_s,peak_rss_mib,load1,note"
        )?;
    }
    let date = jiff::Timestamp::now().to_string();
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    for r in rows {
        writeln!(
            f,
            "{},{},{},{},{},{},{},{:.3},{:.1},{:.2},{},{},{}",
            &date[..date.len().min(19)],
            commit,
            r.bench,
            csv_field(&r.corpus),
            r.threads,
            r.docs,
            r.bytes,
            r.secs,
            r.docs_per_s(),
            r.mb_per_s(),
            mb(r.peak_rss),
            load.map_or(String::new(), |l| format!("{l:.2}")),
            csv_field(&r.note)
        )?;
    }
    Ok(())
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
