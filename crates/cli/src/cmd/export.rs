//! `vigie export --format jsonl|csv|gdelt [--table ...]`: everything in the store, as files other
//! tools read.
//!
//! `jsonl` writes one whole document per line (the `vigie analyze --format jsonl` shape, so an
//! export can be compared with or fed back to the pipeline's consumers); `csv` writes one table
//! (events by default) with the same columns as `vigie search --format csv`; `gdelt` writes every
//! event as a row of the GDELT 2.0 event table (61 tab-separated columns, a header line first,
//! GLOBALEVENTID numbered from 1 in store order), filled by `vigie_analyze::events::gdelt`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::ValueEnum;
use vigie_store::{Store, MAX_LIMIT};

use super::search::{self, FilterArgs, KindArg};
use crate::{Cli, Outcome};

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One whole document per line.
    Jsonl,
    /// One table as comma-separated values (see `--table`).
    Csv,
    /// Events as the GDELT 2.0 event table (tab-separated, header line first).
    Gdelt,
}

/// Arguments of `vigie export`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum)]
    format: Format,
    /// For `csv`: which table.
    #[arg(long, value_enum, default_value = "events")]
    table: KindArg,
    /// For `csv`: only the rows matching these filters.
    #[command(flatten)]
    filters: FilterArgs,
    /// The store.
    #[arg(long, default_value = "vigie.db", value_name = "FILE")]
    db: PathBuf,
    /// Write here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Runs the command.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Outcome> {
    let store = Store::open_read_only(&args.db)?;
    let sink: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = std::io::BufWriter::new(sink);
    match args.format {
        Format::Jsonl => {
            store.for_each_document(|doc| -> anyhow::Result<()> {
                serde_json::to_writer(&mut out, &doc)?;
                writeln!(out)?;
                Ok(())
            })?;
        }
        Format::Gdelt => {
            use vigie_analyze::events::{codebook::Codebook, gdelt};
            let lex = crate::load_lexicons(cli)?;
            let book =
                Codebook::new(&lex).map_err(|e| anyhow::anyhow!("invalid CAMEO codebook:\n{e}"))?;
            writeln!(out, "{}", gdelt::HEADER.join("\t"))?;
            let mut id = 0u64;
            store.for_each_document(|doc| -> anyhow::Result<()> {
                for event in &doc.events {
                    id += 1;
                    let row = gdelt::gdelt_row(&doc, event, id, &book);
                    let cells: Vec<String> = row.iter().map(|c| tsv_cell(c)).collect();
                    writeln!(out, "{}", cells.join("\t"))?;
                }
                Ok(())
            })?;
        }
        Format::Csv => {
            let kind = args.table.kind();
            let mut filter = args.filters.filter();
            filter.limit = Some(MAX_LIMIT);
            let mut offset = 0;
            loop {
                filter.offset = Some(offset);
                let rows = search::query(&store, kind, &filter)?;
                search::write_csv(&mut out, &rows, offset == 0)?;
                if rows.len() < MAX_LIMIT {
                    break;
                }
                offset += rows.len();
            }
        }
    }
    out.flush().context("writing the export")?;
    Ok(Outcome::Ok)
}

/// A TSV cell: tabs and line breaks inside a value become spaces (GDELT files have no quoting).
fn tsv_cell(s: &str) -> String {
    if s.contains(['\t', '\n', '\r']) {
        s.replace(['\t', '\n', '\r'], " ")
    } else {
        s.to_string()
    }
}
