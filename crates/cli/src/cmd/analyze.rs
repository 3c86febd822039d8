//! `vigie analyze [FILE...|-]`: analyse articles and print their documents.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::ValueEnum;
use vigie_analyze::{Options, Pipeline};
use vigie_doc::Input;
use vigie_ingest::Limits;

use crate::{build_pipeline, inputs, report, Cli, Outcome};

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A report for a person in a terminal.
    Text,
    /// One pretty-printed JSON object per input.
    Json,
    /// One JSON object per line per input.
    Jsonl,
}

/// Language choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Detect per document.
    Auto,
    /// French.
    Fr,
    /// English.
    En,
}

/// Arguments of `vigie analyze`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Articles to analyse (`-` or nothing: standard input).
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Language of the articles.
    #[arg(long, value_enum, default_value = "auto")]
    lang: LangArg,
    /// Resolve relative dates against this date (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<jiff::civil::Date>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, default_value_t = Limits::default().max_bytes)]
    max_bytes: u64,
}

impl Args {
    /// The pipeline options these arguments ask for.
    pub fn options(&self) -> Options {
        Options {
            lang: match self.lang {
                LangArg::Auto => None,
                LangArg::Fr => Some(vigie_doc::Lang::Fr),
                LangArg::En => Some(vigie_doc::Lang::En),
            },
            date: self.date,
        }
    }
}

/// Runs the command.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Outcome> {
    let pipeline = build_pipeline(cli)?;
    let limits = Limits {
        max_bytes: args.max_bytes,
    };
    let opts = args.options();
    let files = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    let stdout = std::io::stdout();
    let mut out = Output {
        out: std::io::BufWriter::new(stdout.lock()),
        format: args.format,
    };
    let mut outcome = Outcome::Ok;
    let mut batch = Vec::with_capacity(BATCH);
    for file in &files {
        let arg = inputs::Arg::parse(file);
        let mut stream = match inputs::open(&arg, &limits) {
            Ok(stream) => stream,
            Err(err) => {
                eprintln!("vigie: {err}");
                outcome = Outcome::SomeFailed;
                continue;
            }
        };
        for input in stream.by_ref() {
            match input {
                Ok(input) => batch.push(input),
                Err(err) => {
                    eprintln!("vigie: {err}");
                    outcome = Outcome::SomeFailed;
                }
            }
            if batch.len() == BATCH && !analyze_batch(&pipeline, &opts, &mut batch, &mut out)? {
                outcome = Outcome::SomeFailed;
            }
        }
        inputs::log_skipped(&arg, &stream);
    }
    if !analyze_batch(&pipeline, &opts, &mut batch, &mut out)? {
        outcome = Outcome::SomeFailed;
    }
    Ok(outcome)
}

/// Inputs analysed together, on every core (`RAYON_NUM_THREADS` sets how many): enough to keep
/// the cores busy, few enough that the first documents come out soon.
const BATCH: usize = 64;

/// Where the documents go, in the chosen format.
struct Output<W: Write> {
    out: W,
    format: Format,
}

impl<W: Write> Output<W> {
    fn write(&mut self, doc: &vigie_doc::Document) -> anyhow::Result<()> {
        let out = &mut self.out;
        match self.format {
            Format::Text => report::write(out, doc)?,
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, doc)?;
                writeln!(out)?;
            }
            Format::Jsonl => {
                serde_json::to_writer(&mut *out, doc)?;
                writeln!(out)?;
            }
        }
        Ok(())
    }
}

/// Analyses `batch` (emptied) on every core and writes the documents in input order. False when
/// the analysis of some input failed (a bug in a stage, reported against the input: the others
/// are still written).
fn analyze_batch<W: Write>(
    pipeline: &Pipeline,
    opts: &Options,
    batch: &mut Vec<Input>,
    out: &mut Output<W>,
) -> anyhow::Result<bool> {
    use rayon::prelude::*;
    let docs: Vec<Result<vigie_doc::Document, String>> = batch
        .par_drain(..)
        .map(|input| {
            let name = input.source.path.clone().unwrap_or_else(|| "-".into());
            crate::guarded(&name, || Ok(pipeline.analyze(input, opts)))
        })
        .collect();
    let mut ok = true;
    for doc in docs {
        match doc {
            Ok(doc) => out.write(&doc)?,
            Err(message) => {
                eprintln!("vigie: {message}");
                ok = false;
            }
        }
    }
    out.out.flush().context("writing output")?;
    Ok(ok)
}
