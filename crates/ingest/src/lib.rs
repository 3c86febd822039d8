//! vigie's inputs: turns files (plain text in any encoding, HTML pages, WARC/WARC.gz archives,
//! news-please JSON Lines) into [`Input`]s for the pipeline, and says clearly why a file, or a
//! record of it, could not be read.
//!
//! [`open`] streams the inputs of one file (a WARC holds thousands of pages; it is never loaded
//! whole): an iterator of `Result<Input, Error>` where a bad record is an `Err` item and the
//! next records still come. [`read_path`] collects it for single-document callers.
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
mod dom;
mod extract;
pub mod furniture;
#[doc(hidden)]
pub use extract::{doubt, explain, Doubt};
pub mod html;
pub mod jsonl;
pub mod sniff;
pub mod warc;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

pub use decode::{decode_bytes, decode_text, sha256_hex};
pub use html::{html_input, html_input_with, Strategy};

pub use sniff::Format;
use vigie_doc::{Input, Source};

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
    /// One record of an archive is malformed (truncated WARC record, bad JSON line, ...);
    /// the other records of the file are still read.
    #[error("{path}: record {record}: {message}")]
    Record {
        /// The file.
        path: PathBuf,
        /// Which record: `#3 <urn:uuid:...>` (WARC) or `line 7` (JSON Lines).
        record: String,
        /// What is wrong.
        message: String,
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

/// The inputs of one file, streamed. Per-record errors are `Err` items; iteration goes on.
pub struct Inputs {
    format: Format,
    inner: Inner,
}

enum Inner {
    Items(std::vec::IntoIter<Result<Pending, Error>>),
    Warc(warc::WarcReader<Box<dyn BufRead + Send>>),
    Jsonl(jsonl::JsonlReader<Box<dyn BufRead + Send>>),
}

impl Inputs {
    /// The format the file was read as.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Records skipped so far, by reason (`warcinfo`, `request`, `response not HTML`, ...).
    pub fn skipped(&self) -> BTreeMap<String, usize> {
        match &self.inner {
            Inner::Warc(w) => w.skipped.clone(),
            Inner::Jsonl(j) if j.blank > 0 => [("blank line".to_string(), j.blank)].into(),
            _ => BTreeMap::new(),
        }
    }
}

impl Inputs {
    /// The next input with its HTML extraction (the costly part of reading a page) not yet
    /// done: a reader thread can stream [`Pending`] items and leave the extraction to worker
    /// threads, after dropping those whose hash is already stored ([`Pending::sha256`]).
    pub fn next_pending(&mut self) -> Option<Result<Pending, Error>> {
        match &mut self.inner {
            Inner::Items(it) => it.next(),
            Inner::Warc(w) => w.next_pending(),
            Inner::Jsonl(j) => j.next().map(|r| r.map(Pending::Ready)),
        }
    }
}

impl Iterator for Inputs {
    type Item = Result<Input, Error>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_pending().map(|r| r.and_then(Pending::finish))
    }
}

/// An input read from a file, its HTML page possibly not extracted yet.
pub enum Pending {
    /// A decoded input (text file, JSON record, page already extracted).
    Ready(Input),
    /// A raw HTML page: [`Pending::finish`] extracts its article text.
    Page(Page),
}

/// A raw HTML page waiting for extraction, with what is already known of its source.
pub struct Page {
    raw: Vec<u8>,
    charset: Option<String>,
    /// Hash, path, URL, record, fetch date (format and encoding come with the extraction).
    source: Source,
    /// A page read as a whole file must yield some text (else an error naming the file); a
    /// WARC record with no article text is kept as an empty document.
    require_text: bool,
}

impl Pending {
    /// The content hash of the raw input (the store's identity of a document), known before
    /// extraction.
    pub fn sha256(&self) -> &str {
        match self {
            Pending::Ready(i) => &i.source.sha256,
            Pending::Page(p) => &p.source.sha256,
        }
    }

    /// The input's name for messages: path or URL, with its record when in an archive.
    pub fn name(&self) -> String {
        let s = match self {
            Pending::Ready(i) => &i.source,
            Pending::Page(p) => &p.source,
        };
        let base = s
            .path
            .clone()
            .or_else(|| s.url.clone())
            .unwrap_or_else(|| s.sha256.clone());
        match &s.record {
            Some(r) => format!("{base} (record {r})"),
            None => base,
        }
    }

    /// Bytes of the raw input (page bytes, or text bytes once decoded).
    pub fn len(&self) -> usize {
        match self {
            Pending::Ready(i) => i.text.len(),
            Pending::Page(p) => p.raw.len(),
        }
    }

    /// Whether the input holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The input, extracting the page's article text when still pending (default strategy).
    pub fn finish(self) -> Result<Input, Error> {
        self.finish_with(Strategy::default())
    }

    /// [`Pending::finish`] with an explicit extraction strategy.
    pub fn finish_with(self, strategy: Strategy) -> Result<Input, Error> {
        let page = match self {
            Pending::Ready(i) => return Ok(i),
            Pending::Page(p) => p,
        };
        let Page {
            raw,
            charset,
            source,
            require_text,
        } = page;
        let mut input = html::extract_page(&raw, charset.as_deref(), strategy, source.sha256);
        if require_text && input.text.trim().is_empty() {
            return Err(Error::Format {
                path: source.path.unwrap_or_default().into(),
                message: "HTML page with no article text found".into(),
            });
        }
        let s = &mut input.source;
        if source.format.is_some() {
            s.format = source.format;
        }
        s.path = source.path;
        s.url = source.url;
        s.fetched = source.fetched;
        s.record = source.record;
        Ok(input)
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.into(),
        source,
    }
}

/// Opens one file and streams its inputs: the format comes from the extension, else from the
/// content (gzip magic, `WARC/`, HTML markup, JSON). Archives (WARC, JSON Lines) are read
/// record by record; other files are single documents read whole (within `limits`).
pub fn open(path: &Path, limits: &Limits) -> Result<Inputs, Error> {
    open_file(path, limits, false)
}

/// [`open`] for a reader that extracts HTML pages elsewhere: single HTML files and WARC
/// responses come as [`Pending::Page`] (read, hashed, not parsed) from
/// [`Inputs::next_pending`]. A page with no article text is then an error of
/// [`Pending::finish`] instead of `open`.
pub fn open_pending(path: &Path, limits: &Limits) -> Result<Inputs, Error> {
    open_file(path, limits, true)
}

/// [`open`] and [`open_pending`]: refuses directories and, before reading, single documents
/// over the size limit (archives are streamed, so their size does not matter).
fn open_file(path: &Path, limits: &Limits, pending: bool) -> Result<Inputs, Error> {
    let meta = std::fs::metadata(path).map_err(io_err(path))?;
    if meta.is_dir() {
        return Err(Error::Directory(path.into()));
    }
    let file = std::fs::File::open(path).map_err(io_err(path))?;
    let ext = sniff::by_extension(path);
    let streamed = matches!(ext, Some(Format::Warc | Format::WarcGz | Format::Jsonl));
    if !streamed && meta.len() > limits.max_bytes && ext.is_some() {
        return Err(Error::TooLarge {
            path: path.into(),
            size: meta.len(),
            limit: limits.max_bytes,
        });
    }
    from_reader(path, Box::new(file), ext, limits, pending)
}

/// Streams the inputs of any reader (standard input, a file), named `name` in errors and
/// sniffed by content.
pub fn open_reader(
    name: &str,
    reader: impl Read + Send + 'static,
    limits: &Limits,
) -> Result<Inputs, Error> {
    from_reader(Path::new(name), Box::new(reader), None, limits, false)
}

fn from_reader(
    path: &Path,
    reader: Box<dyn Read + Send>,
    ext: Option<Format>,
    limits: &Limits,
    defer: bool,
) -> Result<Inputs, Error> {
    let mut raw = BufReader::with_capacity(64 * 1024, reader);
    let magic = raw.fill_buf().map_err(io_err(path))?;
    let gzip = magic.starts_with(&[0x1f, 0x8b]);
    let mut reader: Box<dyn BufRead + Send> = if gzip {
        Box::new(BufReader::with_capacity(
            64 * 1024,
            flate2::read::MultiGzDecoder::new(raw),
        ))
    } else {
        Box::new(raw)
    };
    let format = match ext {
        Some(Format::WarcGz) if !gzip => Format::Warc,
        Some(Format::Warc) if gzip => Format::WarcGz,
        Some(f) if !gzip || matches!(f, Format::Warc | Format::WarcGz) => f,
        _ => {
            let head = reader.fill_buf().map_err(|e| Error::Format {
                path: path.into(),
                message: format!("not readable as gzip ({e})"),
            })?;
            sniff::by_content(head, gzip)
        }
    };
    let inner = match format {
        Format::Warc | Format::WarcGz => Inner::Warc(warc::WarcReader::new(reader, path, limits)),
        Format::Jsonl => Inner::Jsonl(jsonl::JsonlReader::new(reader, path, limits)),
        Format::Json | Format::Html | Format::Text => {
            let mut bytes = Vec::new();
            reader
                .take(limits.max_bytes + 1)
                .read_to_end(&mut bytes)
                .map_err(io_err(path))?;
            if bytes.len() as u64 > limits.max_bytes {
                return Err(Error::TooLarge {
                    path: path.into(),
                    size: bytes.len() as u64,
                    limit: limits.max_bytes,
                });
            }
            let name = path.display().to_string();
            let items = match format {
                Format::Json => jsonl::read_json(path, &bytes),
                Format::Html => {
                    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                        return Err(Error::Empty(path.into()));
                    }
                    let page = Pending::Page(Page {
                        source: Source {
                            sha256: sha256_hex(&bytes),
                            path: Some(name),
                            ..Source::default()
                        },
                        raw: bytes,
                        charset: None,
                        require_text: true,
                    });
                    let page = if defer {
                        page
                    } else {
                        Pending::Ready(page.finish()?)
                    };
                    return Ok(Inputs {
                        format,
                        inner: Inner::Items(vec![Ok(page)].into_iter()),
                    });
                }
                _ => {
                    let mut input = decode_text(&name, &bytes, limits)?;
                    input.source.path = Some(name);
                    vec![Ok(input)]
                }
            };
            Inner::Items(
                items
                    .into_iter()
                    .map(|r| {
                        r.map(|mut i| {
                            if i.source.path.is_none() {
                                i.source.path = Some(path.display().to_string());
                            }
                            Pending::Ready(i)
                        })
                    })
                    .collect::<Vec<_>>()
                    .into_iter(),
            )
        }
    };
    Ok(Inputs { format, inner })
}

/// Reads one file into inputs (all its records; the first record error fails the call). For
/// single-document callers; archives should be streamed with [`open`].
pub fn read_path(path: &Path, limits: &Limits) -> Result<Vec<Input>, Error> {
    open(path, limits)?.collect()
}

/// Reads standard input (or any reader) named `name`, sniffing its format.
pub fn read_reader(
    name: &str,
    reader: impl Read + Send + 'static,
    limits: &Limits,
) -> Result<Vec<Input>, Error> {
    open_reader(name, reader, limits)?.collect()
}
