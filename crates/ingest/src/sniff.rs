//! Which format a file is in: by extension first, then by its first bytes (gzip magic, a
//! `WARC/` version line, `<html`/`<!doctype`, a JSON object per line).

use std::path::Path;

/// The input formats vigie reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text in any encoding.
    Text,
    /// One HTML page.
    Html,
    /// A WARC archive, uncompressed.
    Warc,
    /// A gzip-compressed WARC archive (each record its own member, as CC-NEWS).
    WarcGz,
    /// JSON Lines of news-please records.
    Jsonl,
    /// One JSON record or an array of them.
    Json,
}

impl Format {
    /// The name recorded in `Source.format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Warc | Format::WarcGz => "warc",
            Format::Jsonl => "jsonl",
            Format::Json => "json",
        }
    }
}

/// The format the file name says, if any.
pub fn by_extension(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let ends = |s: &str| name.ends_with(s);
    Some(if ends(".warc.gz") {
        Format::WarcGz
    } else if ends(".warc") {
        Format::Warc
    } else if ends(".html") || ends(".htm") || ends(".xhtml") || ends(".shtml") {
        Format::Html
    } else if ends(".jsonl") || ends(".ndjson") {
        Format::Jsonl
    } else if ends(".json") {
        Format::Json
    } else if ends(".txt") || ends(".text") {
        Format::Text
    } else {
        return None;
    })
}

/// The format the first bytes show. `head` is the start of the (uncompressed if gzip) content;
/// `gzip` says whether the raw file began with the gzip magic.
pub fn by_content(head: &[u8], gzip: bool) -> Format {
    let start = trim_start(head);
    if start.starts_with(b"WARC/") {
        return if gzip { Format::WarcGz } else { Format::Warc };
    }
    if looks_html(start) {
        return Format::Html;
    }
    if start.starts_with(b"{") {
        // One object per line, or one pretty-printed object.
        let first_line = start.split(|&b| b == b'\n').next().unwrap_or(start);
        let trimmed = trim_end(first_line);
        return if trimmed.ends_with(b"}") && trimmed.len() > 1 {
            Format::Jsonl
        } else {
            Format::Json
        };
    }
    if start.starts_with(b"[") {
        return Format::Json;
    }
    Format::Text
}

/// Whether bytes look like an HTML document (a doctype, `<html`, `<head`, or `<body` near the
/// start, or several common tags).
pub fn looks_html(bytes: &[u8]) -> bool {
    let start = trim_start(bytes);
    let head: Vec<u8> = start[..start.len().min(1024)]
        .iter()
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let has = |n: &[u8]| head.windows(n.len()).any(|w| w == n);
    head.starts_with(b"<!doctype html")
        || head.starts_with(b"<html")
        || head.starts_with(b"<?xml") && has(b"<html")
        || head.starts_with(b"<!--") && (has(b"<html") || has(b"<!doctype"))
        || head.starts_with(b"<")
            && (has(b"<head") || has(b"<body") || has(b"<meta") || has(b"<div") || has(b"<p>"))
}

fn trim_start(b: &[u8]) -> &[u8] {
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    let i = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    &b[i..]
}

fn trim_end(b: &[u8]) -> &[u8] {
    let i = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &b[..i]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs() {
        assert_eq!(
            by_extension(Path::new("a/CC-NEWS-1.warc.gz")),
            Some(Format::WarcGz)
        );
        assert_eq!(by_extension(Path::new("a.HTML")), Some(Format::Html));
        assert_eq!(by_extension(Path::new("a.jsonl")), Some(Format::Jsonl));
        assert_eq!(by_extension(Path::new("a")), None);
        assert_eq!(by_content(b"WARC/1.0\r\n", true), Format::WarcGz);
        assert_eq!(
            by_content(b"\xEF\xBB\xBF  <!DOCTYPE html><html>", false),
            Format::Html
        );
        assert_eq!(by_content(b"<div><p>x</p></div>", false), Format::Html);
        assert_eq!(by_content(b"{\"a\":1}\n{\"a\":2}", false), Format::Jsonl);
        assert_eq!(by_content(b"{\n \"a\": 1\n}", false), Format::Json);
        assert_eq!(
            by_content(b"Paris, 17 mars (AFP) - <b>", false),
            Format::Text
        );
        assert!(!looks_html(b"Le ministre a dit < 3 choses."));
    }
}
