//! A small, lenient HTML parser that keeps byte offsets: every text node knows where it lies
//! in the page, so extracted text can be mapped back to it. It builds an arena tree with the
//! implied closes that matter for text (`<p>`, `<li>`, table cells), ignores what it cannot
//! match, and never fails: any byte sequence gives some tree.

use std::borrow::Cow;
use std::ops::Range;

/// Index of a node in [`Dom::nodes`].
pub type NodeId = usize;

/// What a node is.
#[derive(Clone, Debug)]
pub enum Kind {
    /// The document root.
    Root,
    /// An element with its lower-case tag name.
    Element(Tag),
    /// Text: the raw range in the page (entities still encoded).
    Text(Range<usize>),
}

/// An element's name and the attributes the extractor reads.
#[derive(Clone, Debug, Default)]
pub struct Tag {
    /// Lower-case tag name (borrowed from a static table for the common tags: no allocation).
    pub name: Cow<'static, str>,
    /// The attributes of [`KEPT_ATTRS`] (names lower-cased, values entity-decoded); the others
    /// (`href`, `src`, `data-*`, ...) are skipped, most of a page's markup.
    pub attrs: Vec<(&'static str, String)>,
}

impl Tag {
    /// The lower-case tag name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value of attribute `name` (one of [`KEPT_ATTRS`]).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The attributes the parser keeps: those the extractor and the hints read.
pub const KEPT_ATTRS: &[&str] = &[
    "class",
    "id",
    "role",
    "itemprop",
    "style",
    "hidden",
    "aria-hidden",
    "type",
    "property",
    "name",
    "content",
    "lang",
    "xml:lang",
    "datetime",
    "http-equiv",
];

/// Tag names interned without allocation (any other name is allocated).
const KNOWN_TAGS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "bdi",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "dd",
    "del",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "g",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "keygen",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "mark",
    "menu",
    "meta",
    "nav",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "option",
    "p",
    "param",
    "path",
    "picture",
    "plaintext",
    "pre",
    "q",
    "s",
    "script",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "u",
    "ul",
    "use",
    "video",
    "wbr",
    "xmp",
];

/// A name table: names packed into integers (lower-case bytes, zero-padded; names are at most
/// 16 bytes), sorted for binary search, so a lookup compares integers, not strings.
struct Names(Vec<(u128, &'static str)>);

/// `raw` lower-cased and packed, when at most 16 bytes long.
fn key(raw: &[u8]) -> Option<u128> {
    if raw.len() > 16 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..raw.len()].copy_from_slice(raw);
    buf.make_ascii_lowercase();
    Some(u128::from_le_bytes(buf))
}

impl Names {
    fn new(list: &[&'static str]) -> Names {
        let mut v: Vec<(u128, &'static str)> = list
            .iter()
            .filter_map(|n| key(n.as_bytes()).map(|k| (k, *n)))
            .collect();
        v.sort_unstable();
        Names(v)
    }

    fn find(&self, raw: &[u8]) -> Option<&'static str> {
        let k = key(raw)?;
        self.0
            .binary_search_by_key(&k, |e| e.0)
            .ok()
            .map(|i| self.0[i].1)
    }
}

fn tag_names() -> &'static Names {
    static N: std::sync::OnceLock<Names> = std::sync::OnceLock::new();
    N.get_or_init(|| Names::new(KNOWN_TAGS))
}

fn attr_names() -> &'static Names {
    static N: std::sync::OnceLock<Names> = std::sync::OnceLock::new();
    N.get_or_init(|| Names::new(KEPT_ATTRS))
}

/// `raw` lower-cased, borrowed from `table` when listed there, else allocated when `owned`.
fn lookup(raw: &str, table: &Names, owned: bool) -> Option<Cow<'static, str>> {
    if let Some(known) = table.find(raw.as_bytes()) {
        return Some(Cow::Borrowed(known));
    }
    owned.then(|| Cow::Owned(raw.to_ascii_lowercase()))
}

/// A tag name lower-cased, borrowed from [`KNOWN_TAGS`] when listed there.
fn intern(raw: &str) -> Cow<'static, str> {
    lookup(raw, tag_names(), true).unwrap_or_default()
}

/// One node of the tree.
#[derive(Clone, Debug)]
pub struct Node {
    /// Element, text or root.
    pub kind: Kind,
    /// Parent (the root is its own parent).
    pub parent: NodeId,
    /// First child (0: none; the root is nobody's child).
    first_child: NodeId,
    /// Last child (0: none).
    last_child: NodeId,
    /// Next sibling (0: none).
    next_sibling: NodeId,
    /// One past the last descendant: nodes are stored in document order, so a node's subtree
    /// is the range `id..end`.
    end: NodeId,
}

/// The parsed page.
#[derive(Clone, Debug)]
pub struct Dom {
    /// All nodes; index 0 is the root.
    pub nodes: Vec<Node>,
    /// Raw text of `<script type="application/ld+json">` blocks.
    pub json_ld: Vec<Range<usize>>,
    /// Raw text of `<title>`.
    pub title: Option<Range<usize>>,
    /// Whether more than [`MAX_DEPTH`] elements were open at once (the others were kept at that
    /// depth).
    pub too_deep: bool,
}

/// How many elements may be open at once: an element opened deeper becomes a child of the
/// deepest one, holding nothing itself, as browsers' parsers do (Chromium's cap is 512 too).
/// Every step of the parse that looks down the stack of open elements (implied and explicit end
/// tags) is then bounded, so a page of 200,000 nested `<div>`s costs linear time, not minutes;
/// no real page nests half as deep.
pub const MAX_DEPTH: usize = 512;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];
/// Elements whose content is raw text up to the matching end tag.
const RAW: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];
/// Block-level starts that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "div",
    "dl",
    "fieldset",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
    "figcaption",
    "details",
    "menu",
];

impl Dom {
    /// Parses `html` (already decoded). Never fails.
    pub fn parse(html: &str) -> Dom {
        let mut dom = Dom {
            nodes: Vec::with_capacity(html.len() / 64 + 1),
            json_ld: Vec::new(),
            title: None,
            too_deep: false,
        };
        dom.nodes.push(Node {
            kind: Kind::Root,
            parent: 0,
            first_child: 0,
            last_child: 0,
            next_sibling: 0,
            end: 1,
        });
        let b = html.as_bytes();
        let mut stack: Vec<NodeId> = vec![0];
        let mut i = 0;
        let mut text_start = 0;
        while i < b.len() {
            if b[i] != b'<' {
                i = memchr::memchr(b'<', &b[i..]).map_or(b.len(), |k| i + k);
                continue;
            }
            let next = b.get(i + 1).copied().unwrap_or(0);
            if next.is_ascii_alphabetic() {
                dom.text(&stack, text_start..i);
                let (tag, end, self_closing) = parse_tag(html, i + 1);
                i = end;
                text_start = i;
                let name = tag.name.clone();
                dom.implied_close(&mut stack, &name);
                let id = dom.push(&stack, Kind::Element(tag));
                let raw = RAW.contains(&&*name);
                if VOID.contains(&&*name) || self_closing && !raw {
                    continue;
                }
                if raw {
                    let close = find_end_tag(b, i, &name);
                    let content = i..close.0;
                    if name == "title" && dom.title.is_none() {
                        dom.title = Some(content.clone());
                    } else if name == "script" {
                        let is_ld = match &dom.nodes[id].kind {
                            Kind::Element(t) => t
                                .attr("type")
                                .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")),
                            _ => false,
                        };
                        if is_ld {
                            dom.json_ld.push(content.clone());
                        }
                    }
                    if name == "textarea" || name == "title" {
                        dom.push(&[id], Kind::Text(content));
                    }
                    i = close.1;
                    text_start = i;
                    continue;
                }
                if stack.len() > MAX_DEPTH {
                    // (the stack holds the root too)
                    dom.too_deep = true;
                    continue;
                }
                stack.push(id);
            } else if next == b'/' {
                dom.text(&stack, text_start..i);
                let mut j = i + 2;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':')
                {
                    j += 1;
                }
                let name = intern(&html[i + 2..j]);
                i = find_byte(b, j, b'>').map_or(b.len(), |k| k + 1);
                text_start = i;
                if name.is_empty() {
                    continue;
                }
                if name == "br" {
                    dom.push(
                        &stack,
                        Kind::Element(Tag {
                            name,
                            attrs: Vec::new(),
                        }),
                    );
                    continue;
                }
                if let Some(pos) = stack.iter().rposition(|&n| dom.is(n, &name)) {
                    if pos > 0 {
                        stack.truncate(pos);
                    }
                }
            } else if next == b'!' || next == b'?' {
                dom.text(&stack, text_start..i);
                if b[i..].starts_with(b"<!--") {
                    i = find_seq(b, i + 4, b"-->").map_or(b.len(), |k| k + 3);
                } else if b[i..].starts_with(b"<![CDATA[") {
                    i = find_seq(b, i + 9, b"]]>").map_or(b.len(), |k| k + 3);
                } else {
                    i = find_byte(b, i + 2, b'>').map_or(b.len(), |k| k + 1);
                }
                text_start = i;
            } else {
                i += 1;
            }
        }
        dom.text(&stack, text_start..b.len());
        // Subtree ends, bottom-up: a parent always precedes its children.
        for id in (1..dom.nodes.len()).rev() {
            let (p, end) = (dom.nodes[id].parent, dom.nodes[id].end);
            if dom.nodes[p].end < end {
                dom.nodes[p].end = end;
            }
        }
        dom
    }

    fn push(&mut self, stack: &[NodeId], kind: Kind) -> NodeId {
        let parent = stack.last().copied().unwrap_or(0);
        let id = self.nodes.len();
        self.nodes.push(Node {
            kind,
            parent,
            first_child: 0,
            last_child: 0,
            next_sibling: 0,
            end: id + 1,
        });
        let p = &mut self.nodes[parent];
        let last = p.last_child;
        p.last_child = id;
        if last == 0 {
            p.first_child = id;
        } else {
            self.nodes[last].next_sibling = id;
        }
        id
    }

    /// The children of `n`, in document order.
    pub fn children(&self, n: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let mut cur = self.nodes[n].first_child;
        std::iter::from_fn(move || {
            if cur == 0 {
                return None;
            }
            let c = cur;
            cur = self.nodes[c].next_sibling;
            Some(c)
        })
    }

    /// One past the last descendant of `n`: its subtree is `n..self.end(n)`.
    pub fn end(&self, n: NodeId) -> NodeId {
        self.nodes[n].end
    }

    fn text(&mut self, stack: &[NodeId], r: Range<usize>) {
        if r.start < r.end {
            self.push(stack, Kind::Text(r));
        }
    }

    /// Whether node `n` is an element named `name`.
    pub fn is(&self, n: NodeId, name: &str) -> bool {
        matches!(&self.nodes[n].kind, Kind::Element(t) if *t.name == *name)
    }

    /// The tag of node `n`, if an element.
    pub fn tag(&self, n: NodeId) -> Option<&Tag> {
        match &self.nodes[n].kind {
            Kind::Element(t) => Some(t),
            _ => None,
        }
    }

    fn implied_close(&self, stack: &mut Vec<NodeId>, name: &str) {
        let top_is = |stack: &Vec<NodeId>, n: &str| stack.last().is_some_and(|&t| self.is(t, n));
        if CLOSES_P.contains(&name) {
            // Close a <p> open in the current block (not beyond a table cell or list item).
            if let Some(pos) = stack.iter().rposition(|&n| self.is(n, "p")) {
                let blocked = stack[pos..].iter().any(|&n| {
                    [
                        "td",
                        "th",
                        "li",
                        "div",
                        "article",
                        "section",
                        "blockquote",
                        "button",
                    ]
                    .iter()
                    .any(|b| self.is(n, b))
                });
                if !blocked {
                    stack.truncate(pos);
                }
            }
        }
        match name {
            "li" => close_until(self, stack, "li", &["ul", "ol", "menu"]),
            "dt" | "dd" => {
                close_until(self, stack, "dt", &["dl"]);
                close_until(self, stack, "dd", &["dl"]);
            }
            "tr" => {
                close_until(self, stack, "td", &["table", "tr"]);
                close_until(self, stack, "th", &["table", "tr"]);
                close_until(self, stack, "tr", &["table"]);
            }
            "td" | "th" => {
                close_until(self, stack, "td", &["table", "tr"]);
                close_until(self, stack, "th", &["table", "tr"]);
            }
            "option" if top_is(stack, "option") => {
                stack.pop();
            }
            _ => {}
        }
    }

    /// Iterates over the node and its descendants in document order.
    pub fn descendants(&self, n: NodeId) -> std::ops::Range<NodeId> {
        n..self.nodes[n].end
    }

    /// Ancestors of `n`, nearest first, excluding `n` and the root.
    pub fn ancestors(&self, n: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let mut cur = n;
        std::iter::from_fn(move || {
            let p = self.nodes[cur].parent;
            if p == cur || p == 0 {
                None
            } else {
                cur = p;
                Some(p)
            }
        })
    }
}

fn close_until(dom: &Dom, stack: &mut Vec<NodeId>, name: &str, scope: &[&str]) {
    for pos in (1..stack.len()).rev() {
        let n = stack[pos];
        if dom.is(n, name) {
            stack.truncate(pos);
            return;
        }
        if scope.iter().any(|s| dom.is(n, s)) {
            return;
        }
    }
}

fn find_byte(b: &[u8], from: usize, c: u8) -> Option<usize> {
    memchr::memchr(c, b.get(from..)?).map(|p| p + from)
}

fn find_seq(b: &[u8], from: usize, seq: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, seq).map(|p| p + from)
}

/// Finds `</name` (case-insensitive) from `from`; returns (content end, after the end tag).
fn find_end_tag(b: &[u8], from: usize, name: &str) -> (usize, usize) {
    let n = name.as_bytes();
    let mut i = from;
    while let Some(k) = find_byte(b, i, b'<') {
        if b.get(k + 1) == Some(&b'/')
            && b.len() >= k + 2 + n.len()
            && b[k + 2..k + 2 + n.len()].eq_ignore_ascii_case(n)
            && !b
                .get(k + 2 + n.len())
                .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            let end = find_byte(b, k, b'>').map_or(b.len(), |e| e + 1);
            return (k, end);
        }
        i = k + 1;
    }
    (b.len(), b.len())
}

/// Parses a start tag whose name begins at `start`; returns the tag, the offset after `>`, and
/// whether it ended with `/>`.
fn parse_tag(html: &str, start: usize) -> (Tag, usize, bool) {
    let b = html.as_bytes();
    let mut i = start;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let name = intern(&html[start..i]);
    let mut attrs = Vec::new();
    let mut seen = 0;
    let mut self_closing = false;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            self_closing = b[i] == b'/';
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        if b[i] == b'>' {
            i += 1;
            break;
        }
        self_closing = false;
        let ns = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        if i == ns {
            i += 1;
            continue;
        }
        let aname = match lookup(&html[ns..i], attr_names(), false) {
            Some(Cow::Borrowed(n)) if seen < 64 => Some(n),
            _ => None,
        };
        seen += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = 0..0;
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let vs = i + 1;
                    let ve = find_byte(b, vs, q).unwrap_or(b.len());
                    value = vs..ve;
                    i = (ve + 1).min(b.len());
                }
                _ => {
                    let vs = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = vs..i;
                }
            }
        }
        if let Some(aname) = aname {
            attrs.push((aname, decode_entities(&html[value]).into_owned()));
        }
    }
    (Tag { name, attrs }, i, self_closing)
}

/// Decodes character references in `s` (named ones that news pages use, and numeric ones);
/// borrows `s` when it holds none.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        match entity_at(rest) {
            Some((text, len)) => {
                out.push_str(&text);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character reference at the start of `s` (which begins with `&`): its text and length.
pub fn entity_at(s: &str) -> Option<(String, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (radix, start) = if matches!(b.get(2), Some(b'x') | Some(b'X')) {
            (16, 3)
        } else {
            (10, 2)
        };
        let mut end = start;
        while end < b.len() && end - start < 8 && (b[end] as char).is_digit(radix) {
            end += 1;
        }
        if end == start {
            return None;
        }
        let v = u32::from_str_radix(&s[start..end], radix).ok()?;
        let c = match v {
            // Windows-1252 code points mislabelled as numeric references.
            0x80..=0x9F => {
                let byte = [v as u8];
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(&byte)
                    .0
                    .chars()
                    .next()
                    .unwrap_or('\u{FFFD}')
            }
            0 => '\u{FFFD}',
            _ => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        let len = if b.get(end) == Some(&b';') {
            end + 1
        } else {
            end
        };
        return Some((c.to_string(), len));
    }
    let mut end = 1;
    while end < b.len() && end < 12 && b[end].is_ascii_alphanumeric() {
        end += 1;
    }
    let name = &s[1..end];
    let c = named_entity(name)?;
    let len = if b.get(end) == Some(&b';') {
        end + 1
    } else {
        end
    };
    Some((c.to_string(), len))
}

fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" | "AMP" => "&",
        "lt" | "LT" => "<",
        "gt" | "GT" => ">",
        "quot" | "QUOT" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "laquo" => "«",
        "raquo" => "»",
        "lsquo" => "\u{2018}",
        "rsquo" => "\u{2019}",
        "ldquo" => "\u{201c}",
        "rdquo" => "\u{201d}",
        "sbquo" => "\u{201a}",
        "bdquo" => "\u{201e}",
        "ndash" => "\u{2013}",
        "mdash" => "\u{2014}",
        "hellip" => "\u{2026}",
        "euro" => "€",
        "pound" => "£",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "deg" => "°",
        "middot" => "·",
        "bull" => "•",
        "times" => "×",
        "thinsp" => "\u{2009}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "zwnj" => "\u{200c}",
        "zwj" => "\u{200d}",
        "shy" => "\u{ad}",
        "eacute" => "é",
        "Eacute" => "É",
        "egrave" => "è",
        "Egrave" => "È",
        "ecirc" => "ê",
        "Ecirc" => "Ê",
        "euml" => "ë",
        "agrave" => "à",
        "Agrave" => "À",
        "acirc" => "â",
        "Acirc" => "Â",
        "auml" => "ä",
        "Auml" => "Ä",
        "aacute" => "á",
        "ccedil" => "ç",
        "Ccedil" => "Ç",
        "icirc" => "î",
        "iuml" => "ï",
        "iacute" => "í",
        "ocirc" => "ô",
        "Ocirc" => "Ô",
        "ouml" => "ö",
        "Ouml" => "Ö",
        "oacute" => "ó",
        "ugrave" => "ù",
        "ucirc" => "û",
        "uuml" => "ü",
        "Uuml" => "Ü",
        "uacute" => "ú",
        "ntilde" => "ñ",
        "oelig" => "œ",
        "OElig" => "Œ",
        "aelig" => "æ",
        "szlig" => "ß",
        "iexcl" => "¡",
        "iquest" => "¿",
        "sect" => "§",
        "para" => "¶",
        "cent" => "¢",
        "yen" => "¥",
        "frac12" => "½",
        "frac14" => "¼",
        "frac34" => "¾",
        "prime" => "\u{2032}",
        "Prime" => "\u{2033}",
        "larr" => "←",
        "rarr" => "→",
        "uarr" => "↑",
        "darr" => "↓",
        "hearts" => "♥",
        "nbhy" => "-",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(dom: &Dom, html: &str) -> Vec<String> {
        dom.nodes
            .iter()
            .filter_map(|n| match &n.kind {
                Kind::Text(r) => Some(html[r.clone()].to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn parses_leniently_with_offsets() {
        let html = "<html lang=fr><head><title>T &amp; U</title><script>if (a<b) x='</p>';</script></head><body><p>Un<p>Deux <b>gras</b><div>Trois</div><!-- c --></body>";
        let dom = Dom::parse(html);
        assert_eq!(&html[dom.title.clone().unwrap()], "T &amp; U");
        assert_eq!(
            texts(&dom, html),
            vec!["T &amp; U", "Un", "Deux ", "gras", "Trois"]
        );
        // The second <p> is a sibling of the first, and the div closes it.
        let ps: Vec<_> = (0..dom.nodes.len()).filter(|&n| dom.is(n, "p")).collect();
        assert_eq!(dom.nodes[ps[0]].parent, dom.nodes[ps[1]].parent);
        let div = (0..dom.nodes.len()).find(|&n| dom.is(n, "div")).unwrap();
        assert_eq!(dom.nodes[div].parent, dom.nodes[ps[0]].parent);
    }

    /// Elements are nested at most [`MAX_DEPTH`] deep; deeper ones hang from the deepest, and
    /// their text is still in the tree.
    #[test]
    fn nesting_is_capped_as_browsers_cap_it() {
        let depth = |dom: &Dom, mut n: NodeId| {
            let mut d = 0;
            while n != 0 {
                n = dom.nodes[n].parent;
                d += 1;
            }
            d
        };
        // (with <body> and <p>, MAX_DEPTH - 2 elements fill the cap)
        for (open, deep) in [
            (MAX_DEPTH - 2, false),
            (MAX_DEPTH - 1, true),
            (20_000, true),
        ] {
            for tag in ["div", "ul", "span"] {
                let html = format!(
                    "<body>{}<p>Texte profond.</p>{}<p>Après.</p>",
                    format!("<{tag}>").repeat(open),
                    format!("</{tag}>").repeat(open)
                );
                let dom = Dom::parse(&html);
                assert_eq!(dom.too_deep, deep, "{tag} x {open}");
                let max = (0..dom.nodes.len()).map(|n| depth(&dom, n)).max();
                // (elements, then the text of the deepest)
                assert!(max <= Some(MAX_DEPTH + 1), "{tag} x {open}: {max:?}");
                assert_eq!(texts(&dom, &html), ["Texte profond.", "Après."]);
            }
        }
    }

    #[test]
    fn garbage_never_panics() {
        for s in [
            "<",
            "<a",
            "<a b='",
            "</",
            "<!--",
            "<![CDATA[",
            "<script>",
            "&#xFFFFFFFF;",
            "<p é=\"ü\">é&",
        ] {
            let dom = Dom::parse(s);
            assert!(!dom.nodes.is_empty());
            let _ = decode_entities(s);
        }
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a&nbsp;b &eacute;t&#233; &#x2019; &#150; &bogus; &"),
            "a\u{a0}b été \u{2019} \u{2013} &bogus; &"
        );
    }
}
