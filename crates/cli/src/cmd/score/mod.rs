//! `vigie score <BENCHMARK> ...`: scorers for external benchmarks, one module per scorer.

pub mod extraction;

use crate::{Cli, Outcome};

/// External benchmarks vigie can be scored on.
#[derive(clap::Subcommand, Debug)]
pub enum Score {
    /// HTML main-text extraction and markup metadata: trafilatura's snippet benchmark,
    /// Readability's test pages (token F1), Postlight's metadata gold (title/author/date).
    Extraction(extraction::Args),
}

/// Runs a scorer.
pub fn run(cli: &Cli, cmd: &Score) -> anyhow::Result<Outcome> {
    match cmd {
        Score::Extraction(a) => extraction::run(cli, a),
    }
}
