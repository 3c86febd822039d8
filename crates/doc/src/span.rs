use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's text.
///
/// Offsets are UTF-8 byte offsets, as in ripgrep and aho-corasick. Convert to characters or
/// UTF-16 only at the edge (the web page).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    ///
    /// # Panics
    /// When `start > end`: that is a broken invariant in the caller, not bad input.
    #[track_caller]
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "invalid span {start}..{end}");
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// True for an empty span.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies inside `self`.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The same span moved right by `by` bytes.
    pub fn shift(self, by: usize) -> Span {
        Span {
            start: self.start + by,
            end: self.end + by,
        }
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl std::ops::Index<Span> for str {
    type Output = str;
    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}

impl std::ops::Index<Span> for String {
    type Output = str;
    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}

/// Maps byte offsets of extracted text back to byte offsets of the raw input (an HTML page).
///
/// Stored as sorted runs: text bytes `[text_start, text_start + len)` came from raw bytes
/// `[raw_start, raw_start + len)`. Bytes that the extractor synthesised (paragraph breaks,
/// decoded entities) map to the raw offset of the run before them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsetMap {
    runs: Vec<(usize, usize, usize)>,
}

impl OffsetMap {
    /// An empty map.
    pub fn new() -> OffsetMap {
        OffsetMap::default()
    }

    /// Records that `len` text bytes from `text_start` copy raw bytes from `raw_start`.
    /// Runs must be pushed in increasing `text_start` order.
    pub fn push(&mut self, text_start: usize, raw_start: usize, len: usize) {
        if let Some(last) = self.runs.last_mut() {
            if last.0 + last.2 == text_start && last.1 + last.2 == raw_start {
                last.2 += len;
                return;
            }
        }
        self.runs.push((text_start, raw_start, len));
    }

    /// The raw offset of text offset `at`.
    pub fn to_raw(&self, at: usize) -> Option<usize> {
        let i = self.runs.partition_point(|r| r.0 <= at);
        let (ts, rs, len) = *self.runs.get(i.checked_sub(1)?)?;
        Some(rs + (at - ts).min(len))
    }

    /// The raw span of a text span.
    pub fn span_to_raw(&self, span: Span) -> Option<Span> {
        let start = self.to_raw(span.start)?;
        let end = self.to_raw(span.end)?.max(start);
        Some(Span::new(start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_and_helpers() {
        let s = "Mme Zakharova";
        let sp = Span::new(4, 13);
        assert_eq!(&s[sp], "Zakharova");
        assert_eq!(sp.len(), 9);
        assert!(Span::new(0, 13).contains(sp));
        assert!(sp.overlaps(Span::new(12, 20)));
        assert!(!sp.overlaps(Span::new(13, 20)));
        assert_eq!(sp.shift(3), Span::new(7, 16));
        assert_eq!(sp.cover(Span::new(0, 1)), Span::new(0, 13));
    }

    #[test]
    #[should_panic(expected = "invalid span 5..3")]
    fn reversed_span_panics() {
        let _ = Span::new(5, 3);
    }

    #[test]
    fn offset_map_runs() {
        let mut m = OffsetMap::new();
        m.push(0, 10, 5);
        m.push(5, 15, 5); // merges
        m.push(12, 40, 3);
        assert_eq!(m.to_raw(0), Some(10));
        assert_eq!(m.to_raw(7), Some(17));
        assert_eq!(m.to_raw(11), Some(20)); // synthesised byte: end of previous run
        assert_eq!(m.to_raw(13), Some(41));
        assert_eq!(m.span_to_raw(Span::new(12, 15)), Some(Span::new(40, 43)));
    }
}
