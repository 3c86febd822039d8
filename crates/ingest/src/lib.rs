//! vigie's inputs: turns files (plain text in any encoding; HTML, WARC and JSON Lines as they are
//! added) into [`Input`]s for the pipeline, and says clearly why a file could not be read.
//!
//! ```
//! use vigie_ingest::{decode_text, Limits};
//!
//! let input = decode_text("a.txt", "Caf\u{e9}".as_bytes(), &Limits::default())?;
//! assert_eq!(input.text, "Café");
//! assert_eq!(input.source.encoding.as_deref(), Some("UTF-8"));
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod decode;

use std::path::{Path, PathBuf};

pub use decode::{decode_bytes, decode_text, sha256_hex};
use vigie_doc::Input;

/// Limits applied to every input.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Files larger than this are refused (default 50 MiB).
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: 50 * 1024 * 1024,
        }
    }
}

/// Why an input could not be read. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Opening or reading failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A directory where a file was expected.
    #[error("{0}: is a directory (use `vigie ingest` to read directories)")]
    Directory(PathBuf),
    /// The file is empty (or only whitespace).
    #[error("{0}: empty input")]
    Empty(PathBuf),
    /// The file holds NUL bytes or other binary content.
    #[error("{0}: binary file (NUL bytes), not text")]
    Binary(PathBuf),
    /// The file is larger than `--max-bytes`.
    #[error("{path}: {size} bytes, over the limit of {limit} bytes (--max-bytes)")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The content is malformed for its format (broken WARC record, bad JSON line, ...).
    #[error("{path}: {message}")]
    Format {
        /// The file (with record or line when known).
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// Reads one file into inputs. A plain text file gives one input.
pub fn read_path(path: &Path, limits: &Limits) -> Result<Vec<Input>, Error> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io {
        path: path.into(),
        source,
    })?;
    if meta.is_dir() {
        return Err(Error::Directory(path.into()));
    }
    if meta.len() > limits.max_bytes {
        return Err(Error::TooLarge {
            path: path.into(),
            size: meta.len(),
            limit: limits.max_bytes,
        });
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.into(),
        source,
    })?;
    let name = path.display().to_string();
    let mut input = decode_text(&name, &bytes, limits)?;
    input.source.path = Some(name);
    Ok(vec![input])
}

/// Reads standard input (or any reader) as one text input named `name`.
pub fn read_reader(
    name: &str,
    reader: impl std::io::Read,
    limits: &Limits,
) -> Result<Vec<Input>, Error> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader
        .take(limits.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            path: name.into(),
            source,
        })?;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(Error::TooLarge {
            path: name.into(),
            size: bytes.len() as u64,
            limit: limits.max_bytes,
        });
    }
    let input = decode_text(name, &bytes, limits)?;
    Ok(vec![input])
}
