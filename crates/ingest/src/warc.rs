//! WARC and WARC.gz archives (CC-NEWS): a streaming record reader. Records are read one at a
//! time from a buffered reader (a `MultiGzDecoder` for `.warc.gz`, so every gzip member is
//! read), `response` records with HTML payloads become inputs, other records are counted as
//! skipped, and a truncated or corrupt record is reported by file and record number while the
//! rest of the file is still read when the format allows resynchronising.

use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use vigie_doc::{Input, Source};

use crate::{html, Error, Limits, Page, Pending};

/// Largest header block accepted (WARC or HTTP), to bound memory on garbage.
const MAX_HEADER: usize = 256 * 1024;

/// Streams the HTML responses of a WARC file.
pub struct WarcReader<R: BufRead> {
    reader: R,
    path: PathBuf,
    limits: Limits,
    /// Number of the next record (1-based).
    record_no: usize,
    /// Stop: the stream cannot be read further.
    done: bool,
    /// Why records were skipped, with counts.
    pub skipped: BTreeMap<String, usize>,
}

impl<R: BufRead> WarcReader<R> {
    /// A reader over `reader`, naming `path` in errors.
    pub fn new(reader: R, path: &Path, limits: &Limits) -> WarcReader<R> {
        WarcReader {
            reader,
            path: path.to_path_buf(),
            limits: limits.clone(),
            record_no: 0,
            done: false,
            skipped: BTreeMap::new(),
        }
    }

    fn err(&self, record: String, message: impl Into<String>) -> Error {
        Error::Record {
            path: self.path.clone(),
            record,
            message: message.into(),
        }
    }

    fn skip(&mut self, why: &str) {
        *self.skipped.entry(why.to_string()).or_insert(0) += 1;
    }

    /// Reads one header line (up to LF) into `line`; Ok(false) at end of stream.
    fn read_line(&mut self, line: &mut Vec<u8>) -> std::io::Result<bool> {
        line.clear();
        let n = (&mut self.reader)
            .take(MAX_HEADER as u64)
            .read_until(b'\n', line)?;
        Ok(n > 0)
    }

    /// Reads the next record: Ok(None) at a clean end of file.
    fn next_record(&mut self) -> Option<Result<Pending, Error>> {
        loop {
            if self.done {
                return None;
            }
            // Find the version line, skipping blank lines between records.
            let mut line = Vec::new();
            loop {
                match self.read_line(&mut line) {
                    Ok(false) => {
                        self.done = true;
                        return None;
                    }
                    Ok(true) => {}
                    Err(e) => {
                        self.done = true;
                        self.record_no += 1;
                        return Some(Err(self.err(
                            format!("#{}", self.record_no),
                            format!("unreadable ({e}); the rest of the file is lost"),
                        )));
                    }
                }
                if line.iter().all(|b| b.is_ascii_whitespace()) {
                    continue;
                }
                break;
            }
            self.record_no += 1;
            let no = self.record_no;
            if !line.starts_with(b"WARC/") {
                // Corrupt: resynchronise at the next version line.
                let e = self.err(
                    format!("#{no}"),
                    "no WARC/ version line (corrupt record); skipping to the next record",
                );
                if let Err(e2) = self.resync() {
                    self.done = true;
                    return Some(Err(self.err(format!("#{no}"), format!("unreadable ({e2})"))));
                }
                return Some(Err(e));
            }
            // Header fields.
            let mut fields: Vec<(String, String)> = Vec::new();
            let mut header_bytes = 0;
            loop {
                match self.read_line(&mut line) {
                    Ok(true) => {}
                    Ok(false) => {
                        self.done = true;
                        return Some(Err(self.err(format!("#{no}"), "truncated in its header")));
                    }
                    Err(e) => {
                        self.done = true;
                        return Some(Err(
                            self.err(format!("#{no}"), format!("unreadable header ({e})"))
                        ));
                    }
                }
                header_bytes += line.len();
                if header_bytes > MAX_HEADER {
                    self.done = true;
                    return Some(Err(
                        self.err(format!("#{no}"), "header over 256 KiB (corrupt)")
                    ));
                }
                let l = String::from_utf8_lossy(&line);
                let l = l.trim_end_matches(['\r', '\n']);
                if l.is_empty() {
                    break;
                }
                if let Some((k, v)) = l.split_once(':') {
                    fields.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                }
            }
            let field = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
            let id = field("warc-record-id").unwrap_or("").to_string();
            let label = if id.is_empty() {
                format!("#{no}")
            } else {
                format!("#{no} {id}")
            };
            let Some(len) = field("content-length").and_then(|v| v.parse::<u64>().ok()) else {
                let e = self.err(
                    label,
                    "no valid Content-Length (corrupt record); skipping to the next record",
                );
                if self.resync().is_err() {
                    self.done = true;
                }
                return Some(Err(e));
            };
            let wtype = field("warc-type").unwrap_or("").to_ascii_lowercase();
            let uri = field("warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_string());
            let date = field("warc-date").map(str::to_string);
            let ctype = field("content-type").unwrap_or("").to_ascii_lowercase();
            let wanted = wtype == "response" && ctype.contains("application/http")
                || wtype == "resource" && ctype.contains("html");
            if !wanted || len > self.limits.max_bytes {
                match self.discard(len) {
                    Ok(true) => {}
                    Ok(false) => {
                        self.done = true;
                        return Some(Err(self.err(
                            label,
                            format!("truncated: Content-Length {len} but the file ends first"),
                        )));
                    }
                    Err(e) => {
                        self.done = true;
                        return Some(Err(self.err(label, format!("unreadable ({e})"))));
                    }
                }
                if wanted {
                    return Some(Err(self.err(
                        label,
                        format!(
                            "{len} bytes, over the limit of {} bytes (--max-bytes)",
                            self.limits.max_bytes
                        ),
                    )));
                }
                let why = if wtype.is_empty() {
                    "untyped".to_string()
                } else {
                    wtype
                };
                self.skip(&why);
                continue;
            }
            let mut block = Vec::with_capacity(len as usize);
            match (&mut self.reader).take(len).read_to_end(&mut block) {
                Ok(n) if (n as u64) < len => {
                    self.done = true;
                    return Some(Err(self.err(
                        label,
                        format!("truncated: {n} of {len} bytes before the file ends"),
                    )));
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(self.err(label, format!("truncated or corrupt ({e})"))));
                }
            }
            let payload = if wtype == "response" {
                match http_payload(&block) {
                    Ok(p) => p,
                    Err(m) => return Some(Err(self.err(label, m))),
                }
            } else {
                Payload {
                    body: block.clone(),
                    content_type: ctype.clone(),
                    status: 200,
                }
            };
            if !(200..300).contains(&payload.status) {
                self.skip("response not 2xx");
                continue;
            }
            let is_html = payload.content_type.contains("html")
                || payload.content_type.is_empty() && crate::sniff::looks_html(&payload.body);
            if !is_html {
                self.skip("response not HTML");
                continue;
            }
            let charset = html::charset_of_content_type(&payload.content_type).map(str::to_string);
            let source = Source {
                sha256: crate::sha256_hex(&payload.body),
                format: Some("warc".into()),
                path: Some(self.path.display().to_string()),
                url: uri,
                fetched: date,
                record: Some(if id.is_empty() { format!("#{no}") } else { id }),
                ..Source::default()
            };
            return Some(Ok(Pending::Page(Page {
                raw: payload.body,
                charset,
                source,
                require_text: false,
            })));
        }
    }

    /// Skips `len` bytes; Ok(false) when the stream ends first.
    fn discard(&mut self, len: u64) -> std::io::Result<bool> {
        let n = std::io::copy(&mut (&mut self.reader).take(len), &mut std::io::sink())?;
        Ok(n == len)
    }

    /// Reads lines until the next one starting with `WARC/`, leaving it unread is not possible
    /// with `BufRead`, so the version line is consumed and recognised by peeking the buffer.
    fn resync(&mut self) -> std::io::Result<()> {
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(());
            }
            if buf.starts_with(b"WARC/") {
                return Ok(());
            }
            let mut line = Vec::new();
            if !self.read_line(&mut line)? {
                return Ok(());
            }
        }
    }
}

impl<R: BufRead> WarcReader<R> {
    /// The next record with its HTML not yet extracted: the caller extracts it
    /// ([`Pending::finish`]), on another thread if it likes, or skips it (known hash).
    pub fn next_pending(&mut self) -> Option<Result<Pending, Error>> {
        self.next_record()
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<Input, Error>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_record().map(|r| r.and_then(Pending::finish))
    }
}

struct Payload {
    body: Vec<u8>,
    content_type: String,
    status: u16,
}

/// Splits an HTTP response block into status, content type and body (de-chunked, gunzipped).
fn http_payload(block: &[u8]) -> Result<Payload, String> {
    let end = find(block, b"\r\n\r\n")
        .map(|p| (p, p + 4))
        .or_else(|| find(block, b"\n\n").map(|p| (p, p + 2)))
        .ok_or("HTTP response without a header end")?;
    let head = String::from_utf8_lossy(&block[..end.0]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    if !status_line.starts_with("HTTP/") {
        return Err(format!(
            "not an HTTP response: {:?}",
            truncate(status_line, 40)
        ));
    }
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .unwrap_or(0);
    let mut content_type = String::new();
    let mut chunked = false;
    let mut gzip = false;
    for l in lines {
        if let Some((k, v)) = l.split_once(':') {
            let k = k.trim().to_ascii_lowercase();
            let v = v.trim().to_ascii_lowercase();
            match k.as_str() {
                "content-type" => content_type = v,
                "transfer-encoding" => chunked = v.contains("chunked"),
                "content-encoding" => gzip = v.contains("gzip"),
                _ => {}
            }
        }
    }
    let mut body = block[end.1..].to_vec();
    if chunked {
        if let Some(b) = dechunk(&body) {
            body = b;
        }
    }
    if gzip && body.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        if flate2::read::MultiGzDecoder::new(&body[..])
            .read_to_end(&mut out)
            .is_ok()
        {
            body = out;
        }
    }
    Ok(Payload {
        body,
        content_type,
        status,
    })
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

/// Decodes a chunked body; None when it is not well-formed chunking.
fn dechunk(b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    loop {
        let eol = find(&b[i..], b"\r\n")? + i;
        let size_str = std::str::from_utf8(&b[i..eol]).ok()?;
        let size = usize::from_str_radix(size_str.split(';').next()?.trim(), 16).ok()?;
        i = eol + 2;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(i..i.checked_add(size)?)?);
        i += size + 2;
        if i > b.len() {
            return Some(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn record(wtype: &str, id: &str, uri: &str, ctype: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {wtype}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Date: 2024-03-17T08:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn http(ctype: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        r
    }

    const PAGE: &str = "<html lang=fr><head><title>Titre</title></head><body><article><p>Le gouvernement a annoncé mardi un plan de relance, a indiqué le ministre.</p></article></body></html>";

    #[test]
    fn warc_gz_records_each_outcome() {
        let mut file = Vec::new();
        file.extend(gz(&record(
            "warcinfo",
            "1",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        )));
        file.extend(gz(&record(
            "request",
            "2",
            "https://ex.fr/a",
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\nHost: ex.fr\r\n\r\n",
        )));
        file.extend(gz(&record(
            "response",
            "3",
            "https://ex.fr/a",
            "application/http; msgtype=response",
            &http("text/html; charset=utf-8", PAGE.as_bytes()),
        )));
        file.extend(gz(&record(
            "response",
            "4",
            "https://ex.fr/logo.png",
            "application/http; msgtype=response",
            &http("image/png", b"\x89PNG...."),
        )));
        // A cp1252 page whose charset only the HTTP header states.
        let legacy = b"<html><body><article><p>Le minist\xe8re a d\xe9clar\xe9 jeudi qu'il \xe9tait pr\xeat \xe0 n\xe9gocier avec les syndicats.</p></article></body></html>";
        file.extend(gz(&record(
            "response",
            "5",
            "https://ex.fr/b",
            "application/http; msgtype=response",
            &http("text/html; charset=windows-1252", legacy),
        )));
        let last = record(
            "response",
            "6",
            "https://ex.fr/c",
            "application/http; msgtype=response",
            &http("text/html", PAGE.as_bytes()),
        );
        file.extend(gz(&last[..last.len() - 60]));
        let dir = std::env::temp_dir().join(format!("vigie-warc-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("test.warc.gz");
        std::fs::write(&path, &file).unwrap();

        let mut inputs = crate::open(&path, &Limits::default()).unwrap();
        let first = inputs.next().unwrap().unwrap();
        assert_eq!(first.source.url.as_deref(), Some("https://ex.fr/a"));
        assert_eq!(
            first.source.fetched.as_deref(),
            Some("2024-03-17T08:00:00Z")
        );
        assert_eq!(first.source.record.as_deref(), Some("<urn:uuid:3>"));
        assert_eq!(first.source.format.as_deref(), Some("warc"));
        assert_eq!(first.hints.title.as_deref(), Some("Titre"));
        assert!(
            first.text.starts_with("Le gouvernement a annoncé mardi"),
            "{}",
            first.text
        );
        let second = inputs.next().unwrap().unwrap();
        assert_eq!(second.source.encoding.as_deref(), Some("windows-1252"));
        assert!(second
            .text
            .contains("Le ministère a déclaré jeudi qu'il était prêt à négocier"));
        let err = inputs.next().unwrap().unwrap_err().to_string();
        assert!(
            err.contains("test.warc.gz") && err.contains("#6") && err.contains("truncated"),
            "{err}"
        );
        assert!(inputs.next().is_none());
        let skipped = inputs.skipped();
        assert_eq!(skipped.get("warcinfo"), Some(&1));
        assert_eq!(skipped.get("request"), Some(&1));
        assert_eq!(skipped.get("response not HTML"), Some(&1));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn corrupt_record_then_resync() {
        let mut file = b"garbage line\r\nmore garbage\r\n".to_vec();
        file.extend(record(
            "response",
            "7",
            "https://ex.fr/d",
            "application/http; msgtype=response",
            &http("text/html", PAGE.as_bytes()),
        ));
        file.extend(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: x\r\n\r\n".to_vec());
        file.extend(record(
            "response",
            "8",
            "https://ex.fr/e",
            "application/http; msgtype=response",
            &http("text/html", PAGE.as_bytes()),
        ));
        let r = WarcReader::new(&file[..], Path::new("x.warc"), &Limits::default());
        let out: Vec<_> = r.collect();
        assert_eq!(out.len(), 4, "{out:?}");
        assert!(out[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("x.warc: record #1"));
        assert_eq!(
            out[1].as_ref().unwrap().source.url.as_deref(),
            Some("https://ex.fr/d")
        );
        assert!(out[2]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("Content-Length"));
        assert_eq!(
            out[3].as_ref().unwrap().source.url.as_deref(),
            Some("https://ex.fr/e")
        );
    }

    #[test]
    fn chunked_and_garbage() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").unwrap(),
            b"Wikipedia"
        );
        for junk in [
            &b""[..],
            b"WARC/1.0",
            b"WARC/1.0\r\nContent-Length: 99999\r\n\r\nabc",
            b"\x00\xff\r\n\r\n",
        ] {
            let r = WarcReader::new(junk, Path::new("j.warc"), &Limits::default());
            for item in r {
                let _ = item.map(|_| ()).map_err(|e| e.to_string());
            }
        }
    }
}
