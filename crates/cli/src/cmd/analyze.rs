//! `vigie analyze [FILE...|-]`: analyse articles and print their documents.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::ValueEnum;
use vigie_analyze::Options;
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
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut outcome = Outcome::Ok;
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
            let input = match input {
                Ok(input) => input,
                Err(err) => {
                    eprintln!("vigie: {err}");
                    outcome = Outcome::SomeFailed;
                    continue;
                }
            };
            let doc = pipeline.analyze(input, &opts);
            match args.format {
                Format::Text => report::write(&mut out, &doc)?,
                Format::Json => {
                    serde_json::to_writer_pretty(&mut out, &doc)?;
                    writeln!(out)?;
                }
                Format::Jsonl => {
                    serde_json::to_writer(&mut out, &doc)?;
                    writeln!(out)?;
                }
            }
        }
        inputs::log_skipped(&arg, &stream);
        out.flush().context("writing output")?;
    }
    Ok(outcome)
}
