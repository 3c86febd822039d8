//! `vigie score <corpus> DIR`: score the pipeline against external annotated corpora in their
//! own formats (one module per corpus), beside `vigie eval` for our gold format.

pub mod polnear;

use crate::{Cli, Outcome};

/// Corpora `vigie score` reads.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// PolNeAR (brat standoff Source/Cue/Content attributions, English political news):
    /// content F1 and source accuracy of the quotes layer.
    Polnear(polnear::Args),
}

/// Runs the command.
pub fn run(cli: &Cli, cmd: &Command) -> anyhow::Result<Outcome> {
    match cmd {
        Command::Polnear(args) => polnear::run(cli, args),
    }
}
