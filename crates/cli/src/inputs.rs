//! Turns the command line's FILE arguments into inputs, reporting each unreadable one on
//! stderr (one line naming the file and the reason) without stopping the batch. Each argument
//! is streamed (`vigie_ingest::open`): a WARC or JSON Lines file yields its records one by one,
//! a bad record is one error line, and the file's other records still come.

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

/// Opens one argument as a stream of inputs, or the error that names it.
pub fn open(arg: &Arg, limits: &Limits) -> Result<vigie_ingest::Inputs, vigie_ingest::Error> {
    match arg {
        Arg::Stdin => vigie_ingest::open_reader("<stdin>", std::io::stdin(), limits),
        Arg::Path(p) => vigie_ingest::open(p, limits),
    }
}

/// Reads one argument into all its inputs (the first bad record fails it).
#[allow(dead_code)]
pub fn read(arg: &Arg, limits: &Limits) -> Result<Vec<Input>, vigie_ingest::Error> {
    open(arg, limits)?.collect()
}

/// Logs what a file's stream skipped (non-HTML WARC records and the like), once it is done.
pub fn log_skipped(arg: &Arg, inputs: &vigie_ingest::Inputs) {
    let skipped = inputs.skipped();
    if skipped.is_empty() {
        return;
    }
    let name = match arg {
        Arg::Stdin => "<stdin>".to_string(),
        Arg::Path(p) => p.display().to_string(),
    };
    let parts: Vec<String> = skipped.iter().map(|(k, v)| format!("{v} {k}")).collect();
    log::info!("{name}: skipped {}", parts.join(", "));
}
