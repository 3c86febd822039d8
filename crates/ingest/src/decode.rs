//! Bytes to text: BOM, UTF-8, else detection (chardetng) for legacy encodings such as
//! Windows-1252 French pages. Binary and empty inputs are refused.

use std::path::PathBuf;

use encoding_rs::Encoding;
use sha2::{Digest, Sha256};
use vigie_doc::{Input, Source};

use crate::{Error, Limits};

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push(char::from_digit((b >> 4) as u32, 16).unwrap_or('0'));
        s.push(char::from_digit((b & 15) as u32, 16).unwrap_or('0'));
    }
    s
}

/// Decodes bytes to a string: BOM first, then `declared` (a charset label from markup or a
/// header) when given, then valid UTF-8, else the encoding chardetng guesses. Returns the text
/// and the encoding's name. Never fails: undecodable bytes become U+FFFD.
pub fn decode_bytes(bytes: &[u8], declared: Option<&str>) -> (String, &'static str) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), enc.name());
    }
    if let Some(enc) = declared.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
        // A page that says windows-1252 but is valid UTF-8 is UTF-8 (a common mislabel).
        if enc != encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_ok() && !bytes.is_ascii() {
            return (
                String::from_utf8_lossy(bytes).into_owned(),
                encoding_rs::UTF_8.name(),
            );
        }
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return (text.into_owned(), enc.output_encoding().name());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), encoding_rs::UTF_8.name());
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let enc = det.guess(None, true);
    let (text, _) = enc.decode_without_bom_handling(bytes);
    (text.into_owned(), enc.name())
}

/// Turns the raw bytes of a text file into an input, refusing binary and empty content.
pub fn decode_text(name: &str, bytes: &[u8], limits: &Limits) -> Result<Input, Error> {
    let path = PathBuf::from(name);
    if bytes.len() as u64 > limits.max_bytes {
        return Err(Error::TooLarge {
            path,
            size: bytes.len() as u64,
            limit: limits.max_bytes,
        });
    }
    if looks_binary(bytes) {
        return Err(Error::Binary(path));
    }
    let (text, encoding) = decode_bytes(bytes, None);
    if text.trim().is_empty() {
        return Err(Error::Empty(path));
    }
    Ok(Input {
        text,
        source: Source {
            sha256: sha256_hex(bytes),
            encoding: Some(encoding.to_string()),
            format: Some("text".into()),
            ..Source::default()
        },
        ..Input::default()
    })
}

/// NUL bytes in the first 8 KiB mean binary, unless a UTF-16 BOM explains them.
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    bytes[..bytes.len().min(8192)].contains(&0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_and_legacy() {
        let l = Limits::default();
        assert_eq!(
            decode_text("a", b"\xEF\xBB\xBFabc", &l).unwrap().text,
            "abc"
        );
        // "Le ministère a déclaré" in Windows-1252.
        let cp1252 = b"Le minist\xe8re des Affaires \xe9trang\xe8res a d\xe9clar\xe9 jeudi qu'il \xe9tait \xab pr\xeat \xbb.";
        let input = decode_text("b", cp1252, &l).unwrap();
        assert_eq!(
            input.text,
            "Le ministère des Affaires étrangères a déclaré jeudi qu'il était « prêt »."
        );
        assert_eq!(input.source.encoding.as_deref(), Some("windows-1252"));
    }

    #[test]
    fn refuses_binary_empty_large() {
        let l = Limits { max_bytes: 10 };
        assert!(matches!(
            decode_text("a", b"ab\0cd", &l),
            Err(Error::Binary(_))
        ));
        assert!(matches!(
            decode_text("a", b"  \n ", &l),
            Err(Error::Empty(_))
        ));
        assert!(matches!(
            decode_text("a", b"0123456789abc", &l),
            Err(Error::TooLarge { .. })
        ));
        assert_eq!(
            decode_text("dir/x.bin", b"ab\0cd", &l)
                .unwrap_err()
                .to_string(),
            "dir/x.bin: binary file (NUL bytes), not text"
        );
    }

    #[test]
    fn declared_charset_wins_unless_utf8() {
        assert_eq!(
            decode_bytes(b"caf\xe9", Some("iso-8859-1")),
            ("café".to_string(), "windows-1252")
        );
        assert_eq!(
            decode_bytes("café".as_bytes(), Some("windows-1252")).1,
            "UTF-8"
        );
    }

    #[test]
    fn hash_is_hex_sha256() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
