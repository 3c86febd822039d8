//! The `vigie` command line: analyze, eval, lexicon (and the store commands as they land).
//!
//! Arguments are parsed into raw structs by clap, then each command resolves them into what it
//! needs (lexicons loaded, pipeline built, paths checked) before doing any work. Stdout carries
//! data, stderr diagnostics. Exit codes: 0 success, 1 some input failed (the rest was still
//! processed), 2 a usage or fatal error.

mod cmd;
mod inputs;
mod logger;
mod report;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// vigie reads news articles and records who said what, who did what to whom, when, and
/// according to whom, each record anchored to the words it came from.
#[derive(Parser, Debug)]
#[command(name = "vigie", version, about, long_about = None)]
pub struct Cli {
    /// Lexicon directory overriding the embedded defaults (same layout as `data/`).
    #[arg(long, global = true, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    /// More diagnostics on stderr (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Analyse articles and print their documents.
    Analyze(cmd::analyze::Args),
    /// Score the pipeline against gold folders (gold/FORMAT.md).
    Eval(cmd::eval::Args),
    /// Validate the lexicons and run their embedded examples.
    #[command(subcommand)]
    Lexicon(cmd::lexicon::Command),
    /// Analyse articles in parallel and store them (idempotent, resumable).
    Ingest(cmd::ingest::Args),
    /// Query the store: quotes, events, entities, articles.
    Search(cmd::search::Args),
    /// Serve the JSON API and the web page over a store.
    Serve(cmd::serve::Args),
    /// Write the store's contents as JSON Lines or CSV.
    Export(cmd::export::Args),
    /// Score vigie on external benchmarks (PLOVER, PETRARCH2, HTML extraction, PolNeAR).
    #[command(subcommand)]
    Score(cmd::score::Score),
    /// Measure documents/s, MB/s and peak memory (analysis, extraction, ingest).
    Bench(cmd::bench::Args),
}

/// What a command reports back: did every input go through?
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything went through.
    Ok,
    /// Some inputs failed (reported on stderr); the others were processed.
    SomeFailed,
}

/// jemalloc: analysis allocates many small short-lived vectors and strings per document, and
/// glibc's malloc spent about a tenth of its instructions on them; with jemalloc a seed
/// article costs 9% fewer instructions, and ingest's peak memory stays as flat (see
/// `bench/record`). mimalloc, tried before, was as fast but let ingest's memory grow.
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let cli = Cli::parse();
    logger::init(cli.verbose);
    let result = match cli.command {
        Command::Analyze(ref args) => cmd::analyze::run(&cli, args),
        Command::Eval(ref args) => cmd::eval::run(&cli, args),
        Command::Lexicon(ref c) => cmd::lexicon::run(&cli, c),
        Command::Ingest(ref args) => cmd::ingest::run(&cli, args),
        Command::Search(ref args) => cmd::search::run(&cli, args),
        Command::Serve(ref args) => cmd::serve::run(&cli, args),
        Command::Export(ref args) => cmd::export::run(&cli, args),
        Command::Score(ref c) => cmd::score::run(&cli, c),
        Command::Bench(ref args) => cmd::bench::run(&cli, args),
    };
    let code = match result {
        Ok(Outcome::Ok) => 0,
        Ok(Outcome::SomeFailed) => 1,
        Err(err) => {
            if is_broken_pipe(&err) {
                0
            } else {
                eprintln!("vigie: {err:#}");
                2
            }
        }
    };
    std::process::exit(code);
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Loads the lexicons in force for this run.
pub fn load_lexicons(cli: &Cli) -> anyhow::Result<vigie_lexicon::Lexicons> {
    use anyhow::Context;
    match &cli.lexicons {
        Some(dir) => vigie_lexicon::Lexicons::with_override(dir)
            .with_context(|| format!("loading lexicons from {}", dir.display())),
        None => Ok(vigie_lexicon::Lexicons::embedded()),
    }
}

/// Builds the pipeline from the lexicons in force.
pub fn build_pipeline(cli: &Cli) -> anyhow::Result<vigie_analyze::Pipeline> {
    let lex = load_lexicons(cli)?;
    vigie_analyze::Pipeline::new(&lex).map_err(|e| anyhow::anyhow!("invalid lexicons:\n{e}"))
}

/// Runs `work` on one input named `name`: a panic in it (a bug in a stage) becomes an error
/// naming the input, so the batch goes on. `analyze` and `ingest` share it.
pub fn guarded<T>(name: &str, work: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
        .unwrap_or_else(|_| Err(format!("{name}: analysis failed (internal error)")))
}
