//! Turns the command line's FILE arguments into inputs, reporting each unreadable one on
//! stderr (one line naming the file and the reason) without stopping the batch.

use std::path::{Path, PathBuf};

use vigie_doc::Input;
use vigie_ingest::Limits;

/// One named source of inputs on the command line: a file or `-` for standard input.
#[derive(Clone, Debug)]
pub enum Arg {
    /// Standard input.
    Stdin,
    /// A path.
    Path(PathBuf),
}

impl Arg {
    /// Parses a command-line argument.
    pub fn parse(s: &Path) -> Arg {
        if s == Path::new("-") {
            Arg::Stdin
        } else {
            Arg::Path(s.to_path_buf())
        }
    }
}

/// Reads one argument into its inputs, or the error that names it.
pub fn read(arg: &Arg, limits: &Limits) -> Result<Vec<Input>, vigie_ingest::Error> {
    match arg {
        Arg::Stdin => vigie_ingest::read_reader("<stdin>", std::io::stdin().lock(), limits),
        Arg::Path(p) => vigie_ingest::read_path(p, limits),
    }
}
