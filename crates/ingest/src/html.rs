//! HTML pages: decoding (BOM, HTTP header, `<meta charset>`, detection), main-text extraction
//! (paragraphs separated by blank lines, furniture dropped) with an [`OffsetMap`] back to the
//! raw page bytes, and metadata hints from the markup (title, `og:*`, JSON-LD, `<time>`).

use std::ops::Range;

use vigie_doc::{Hints, Input, OffsetMap, Source};

use crate::dom::{decode_entities, entity_at, Dom, Kind, NodeId};
use crate::extract;

/// Finds the charset a page declares in its first 2 KiB (`<meta charset>` or
/// `http-equiv` content type), as trafilatura and browsers prescan.
pub fn sniff_meta_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut from = 0;
    while let Some(p) = find(&lower, from, b"<meta") {
        let end = find(&lower, p, b">").unwrap_or(lower.len());
        let tag = &lower[p..end];
        if let Some(c) = find(tag, 0, b"charset") {
            let mut i = c + 7;
            while i < tag.len() && matches!(tag[i], b' ' | b'=' | b'"' | b'\'') {
                i += 1;
            }
            let s = i;
            while i < tag.len() && (tag[i].is_ascii_alphanumeric() || matches!(tag[i], b'-' | b'_'))
            {
                i += 1;
            }
            if i > s {
                return Some(String::from_utf8_lossy(&tag[s..i]).into_owned());
            }
        }
        from = end;
    }
    None
}

fn find(h: &[u8], from: usize, n: &[u8]) -> Option<usize> {
    h.get(from..)?
        .windows(n.len())
        .position(|w| w == n)
        .map(|p| p + from)
}

/// The charset parameter of an HTTP `Content-Type` value.
pub fn charset_of_content_type(ct: &str) -> Option<&str> {
    let lower = ct.to_ascii_lowercase();
    let p = lower.find("charset=")?;
    let v = ct[p + 8..].trim_start_matches(['"', '\'']);
    let end = v
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(v.len());
    Some(&v[..end]).filter(|s| !s.is_empty())
}

/// Turns a raw HTML page into an input: the extracted article text with its origin map, the
/// hints the markup states, and the source (encoding, format `html`, hash). `http_charset` is
/// the charset of an HTTP header when the page came with one (WARC).
pub fn html_input(raw: &[u8], http_charset: Option<&str>) -> Input {
    html_input_with(raw, http_charset, Strategy::Combined)
}

/// Which extractor chooses the article text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Strategy {
    /// vigie's own scorer (fast, no second parse).
    Own,
    /// trafilatura's choice, mapped onto the page's blocks.
    Trafilatura,
    /// trafilatura's choice plus the long running-text blocks vigie's own scorer keeps
    /// (the default: best snippet F1 on trafilatura's benchmark pages).
    #[default]
    Combined,
    /// vigie's own scorer, and [`Strategy::Combined`] only on the pages it is unsure of (much
    /// running text left outside its choice) or whose markup states no publication date
    /// (trafilatura's metadata finds more): most of Combined's accuracy at a fraction of its
    /// cost, for bulk ingest.
    Auto,
}

/// [`html_input`] with an explicit extraction strategy (for measuring them).
pub fn html_input_with(raw: &[u8], http_charset: Option<&str>, strategy: Strategy) -> Input {
    extract_page(raw, http_charset, strategy, crate::sha256_hex(raw))
}

/// [`html_input_with`] with the page's hash already computed.
pub(crate) fn extract_page(
    raw: &[u8],
    http_charset: Option<&str>,
    strategy: Strategy,
    sha256: String,
) -> Input {
    let bom = encoding_rs::Encoding::for_bom(raw).map_or(0, |(_, n)| n);
    let declared = http_charset
        .map(str::to_string)
        .or_else(|| sniff_meta_charset(raw));
    let (page, encoding) = crate::decode_bytes(raw, declared.as_deref());
    let dom = Dom::parse(&page);
    let mut hints = hints(&dom, &page);
    let mut own_first = None;
    let run_traf = match strategy {
        Strategy::Own => false,
        Strategy::Trafilatura | Strategy::Combined => true,
        Strategy::Auto => {
            let (blocks, doubt) = extract::main_blocks_doubt(&dom, &page);
            own_first = Some(blocks);
            unsure(&doubt, &hints)
        }
    };
    let own = || {
        own_first
            .clone()
            .unwrap_or_else(|| extract::main_blocks(&dom, &page))
    };
    // trafilatura's parser (html5ever) has no depth cap: its tree builder looks down the whole
    // stack of open elements at each block start, quadratic on a page nested 100,000 deep.
    let traf = if !run_traf || dom.too_deep {
        None
    } else {
        let opts = trafilatura::Options::default();
        std::panic::catch_unwind(|| trafilatura::extract(&page, &opts))
            .ok()
            .and_then(|r| r.ok())
    };
    if let Some(t) = &traf {
        // trafilatura's metadata fills what the markup hints did not state.
        let m = &t.metadata;
        let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        hints.title = hints.title.take().or_else(|| some(&m.title));
        hints.author = hints.author.take().or_else(|| some(&m.author));
        hints.site = hints.site.take().or_else(|| some(&m.sitename));
        hints.published = hints
            .published
            .take()
            .or_else(|| m.date.map(|d| d.to_string()));
    }
    let reference = || {
        traf.as_ref()
            .map(|t| extract::select_by_reference(&dom, &page, &t.content_text))
            .unwrap_or_default()
    };
    let blocks = match strategy {
        Strategy::Own => own(),
        Strategy::Trafilatura => reference(),
        Strategy::Auto if traf.is_none() => own(),
        Strategy::Combined | Strategy::Auto => extract::union(reference(), own()),
    };
    let blocks = drop_furniture(&page, blocks);
    let (text, runs) = assemble(&dom, &page, &blocks);
    let origin = to_raw_map(&page, &runs, encoding, bom);
    Input {
        text,
        source: Source {
            sha256,
            encoding: Some(encoding.to_string()),
            format: Some("html".into()),
            ..Source::default()
        },
        hints,
        origin: Some(origin),
    }
}

/// Share of the page's running text below which the own scorer's choice is doubtful.
const SURE_SHARE: f64 = 0.7;

/// Whether [`Strategy::Auto`] should ask trafilatura: the own choice leaves much running text
/// out, or the markup states no publication date.
fn unsure(doubt: &extract::Doubt, hints: &Hints) -> bool {
    let share = if doubt.page_good == 0 {
        0.0
    } else {
        doubt.kept_good as f64 / doubt.page_good as f64
    };
    share < SURE_SHARE || hints.published.is_none()
}

/// Drops the paragraphs the furniture lexicon names; a "stop" rule in the second half of the
/// text drops the rest too.
fn drop_furniture(page: &str, blocks: Vec<extract::Block>) -> Vec<extract::Block> {
    let Some(f) = crate::furniture::Furniture::embedded() else {
        return blocks;
    };
    let total: usize = blocks.iter().map(|b| b.len).sum();
    let mut seen = 0;
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks {
        seen += b.len;
        if b.len <= 400 {
            let mut text = String::new();
            for r in &b.texts {
                text.push_str(&decode_entities(&page[r.clone()]));
            }
            let para = clean(&text);
            if let Some(rule) = f.matches(&para) {
                if rule.stop && seen * 2 > total {
                    break;
                }
                continue;
            }
        }
        out.push(b);
    }
    out
}

/// Text runs: (text start, page start, len) with equal lengths in both.
type Runs = Vec<(usize, usize, usize)>;

/// Builds the text from the chosen blocks: each block's text with whitespace collapsed and
/// entities decoded, blocks joined by blank lines.
fn assemble(dom: &Dom, page: &str, blocks: &[extract::Block]) -> (String, Runs) {
    let mut w = Writer::default();
    for b in blocks {
        w.start_para();
        for r in &b.texts {
            w.write_raw(page, r.clone());
        }
        w.end_para();
    }
    let _ = dom;
    (w.text, w.runs)
}

/// Writes page text into the output, collapsing whitespace and decoding entities, recording runs.
#[derive(Default)]
struct Writer {
    text: String,
    runs: Runs,
    para_start: usize,
    pending_space: Option<usize>,
}

impl Writer {
    fn start_para(&mut self) {
        self.para_start = self.text.len();
        self.pending_space = None;
    }

    fn end_para(&mut self) {
        self.pending_space = None;
        let _ = self.para_start;
    }

    fn push(&mut self, s: &str, page_pos: usize, exact: bool) {
        if self.text.len() == self.para_start {
            if !self.text.is_empty() {
                // Paragraph separator, synthesised.
                self.text.push_str("\n\n");
                self.para_start = self.text.len();
            }
        } else if let Some(sp) = self.pending_space {
            self.run(self.text.len(), sp, 1);
            self.text.push(' ');
        }
        self.pending_space = None;
        let at = self.text.len();
        self.text.push_str(s);
        if exact {
            self.run(at, page_pos, s.len());
        } else {
            self.run(at, page_pos, 0);
        }
    }

    fn run(&mut self, t: usize, p: usize, len: usize) {
        if let Some(last) = self.runs.last_mut() {
            if last.0 + last.2 == t && last.1 + last.2 == p {
                last.2 += len;
                return;
            }
        }
        self.runs.push((t, p, len));
    }

    fn write_raw(&mut self, page: &str, r: Range<usize>) {
        let s = &page[r.clone()];
        let mut seg_start: Option<usize> = None;
        let mut i = 0;
        let b = s.as_bytes();
        while i < b.len() {
            let c = b[i];
            let ws = c == b' ' || c == b'\n' || c == b'\t' || c == b'\r' || c == 0x0c;
            let nbsp = c == 0xC2 && b.get(i + 1) == Some(&0xA0);
            if ws || nbsp || c == b'&' {
                if let Some(st) = seg_start.take() {
                    self.push(&s[st..i], r.start + st, true);
                }
                if ws || nbsp {
                    if self.pending_space.is_none() && self.text.len() > self.para_start {
                        self.pending_space = Some(r.start + i);
                    }
                    i += if nbsp { 2 } else { 1 };
                    continue;
                }
                match entity_at(&s[i..]) {
                    Some((t, len)) => {
                        if t.chars().all(|c| c.is_whitespace()) {
                            if self.pending_space.is_none() && self.text.len() > self.para_start {
                                self.pending_space = Some(r.start + i);
                            }
                        } else {
                            self.push(&t, r.start + i, false);
                        }
                        i += len;
                    }
                    None => {
                        self.push("&", r.start + i, true);
                        i += 1;
                    }
                }
                continue;
            }
            if seg_start.is_none() {
                seg_start = Some(i);
            }
            i += 1;
            while i < b.len() && !s.is_char_boundary(i) {
                i += 1;
            }
        }
        if let Some(st) = seg_start {
            self.push(&s[st..], r.start + st, true);
        }
    }
}

/// Converts runs over the decoded page into an offset map over the raw bytes.
fn to_raw_map(page: &str, runs: &Runs, encoding: &str, bom: usize) -> OffsetMap {
    let mut map = OffsetMap::new();
    if encoding == "UTF-8" {
        for &(t, p, len) in runs {
            map.push(t, p + bom, len);
        }
        return map;
    }
    // Legacy encoding: walk the page once, tracking the raw offset of each decoded char.
    let enc = encoding_rs::Encoding::for_label(encoding.as_bytes()).unwrap_or(encoding_rs::UTF_8);
    let mut chars = page.char_indices().peekable();
    let mut raw = bom;
    let mut dec = 0;
    let mut buf = [0u8; 4];
    let mut raw_of = |target: usize, raw: &mut usize, dec: &mut usize| -> usize {
        while let Some(&(i, c)) = chars.peek() {
            if i >= target {
                break;
            }
            let s = c.encode_utf8(&mut buf);
            let (bytes, _, _) = enc.encode(s);
            *raw += bytes.len().max(1);
            *dec = i + c.len_utf8();
            chars.next();
        }
        *raw
    };
    for &(t, p, len) in runs {
        // Split runs into per-char pieces where the encodings' lengths differ.
        // A run that does not end on a char boundary (found by the `html` fuzz target, issue 9)
        // is left out of the map rather than panicking.
        let Some(sub) = page.get(p..p + len) else {
            continue;
        };
        if sub.is_ascii() {
            let r = raw_of(p, &mut raw, &mut dec);
            map.push(t, r, len);
        } else {
            for (k, c) in sub.char_indices() {
                let r = raw_of(p + k, &mut raw, &mut dec);
                map.push(t + k, r, if c.is_ascii() { 1 } else { 0 });
            }
            if len == 0 {
                let r = raw_of(p, &mut raw, &mut dec);
                map.push(t, r, 0);
            }
        }
    }
    map
}

/// Metadata from the markup.
pub fn hints(dom: &Dom, page: &str) -> Hints {
    let mut h = Hints::default();
    let mut metas: Vec<(String, String)> = Vec::new();
    let mut time: Option<String> = None;
    let mut h1: Option<String> = None;
    for (n, node) in dom.nodes.iter().enumerate() {
        let Kind::Element(tag) = &node.kind else {
            continue;
        };
        match tag.name() {
            "meta" => {
                let key = tag
                    .attr("property")
                    .or_else(|| tag.attr("name"))
                    .or_else(|| tag.attr("itemprop"))
                    .or_else(|| tag.attr("http-equiv"));
                if let (Some(k), Some(v)) = (key, tag.attr("content")) {
                    if !v.trim().is_empty() {
                        metas.push((k.to_ascii_lowercase(), v.trim().to_string()));
                    }
                }
            }
            "html" if h.lang.is_none() => {
                h.lang = tag
                    .attr("lang")
                    .or_else(|| tag.attr("xml:lang"))
                    .map(str::to_string)
                    .filter(|s| !s.is_empty());
            }
            "h1" if h1.is_none() => {
                h1 = Some(node_text(dom, page, n)).filter(|t| t.len() >= 10 && t.len() < 400);
            }
            "time" if time.is_none() => {
                time = tag
                    .attr("datetime")
                    .map(str::to_string)
                    .filter(|s| !s.trim().is_empty())
                    .or_else(|| Some(node_text(dom, page, n)).filter(|s| !s.is_empty()));
            }
            _ => {}
        }
    }
    let meta = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|k| metas.iter().find(|(mk, _)| mk == k).map(|(_, v)| v.clone()))
    };
    let ld = json_ld(dom, page);
    let site = ld
        .publisher
        .clone()
        .or_else(|| meta(&["og:site_name", "application-name"]));
    let stated = ld
        .headline
        .or_else(|| meta(&["og:title", "twitter:title", "dc.title", "headline"]))
        .or_else(|| {
            dom.title
                .clone()
                .map(|r| clean(&decode_entities(&page[r])))
                .filter(|s| !s.is_empty())
        });
    h.title = stated.map(|t| headline(&t, h1.as_deref(), site.as_deref()));
    h.published = ld.published.or_else(|| {
        meta(&[
            "article:published_time",
            "datepublished",
            "og:published_time",
            "publishdate",
            "pubdate",
            "date",
            "dc.date",
            "dc.date.issued",
            "dcterms.created",
            "sailthru.date",
            "parsely-pub-date",
            "article.published",
            "published_time",
            "publication_date",
            "cxenseparse:recs:publishtime",
        ])
        .or(time)
    });
    h.author = ld.author.or_else(|| {
        meta(&[
            "author",
            "article:author",
            "dc.creator",
            "byl",
            "sailthru.author",
            "parsely-author",
            "twitter:creator",
        ])
        .filter(|a| !a.starts_with("http"))
    });
    h.section = ld
        .section
        .or_else(|| meta(&["article:section", "section", "parsely-section"]));
    h.site = ld
        .publisher
        .or_else(|| meta(&["og:site_name", "application-name", "publisher"]));
    if h.lang.is_none() {
        h.lang = meta(&["og:locale", "content-language", "language", "dc.language"]);
    }
    h
}

/// The headline from a stated title: the page's `<h1>` when the title contains it (titles add
/// the site's name), else the title without a trailing (or leading) site-name segment.
fn headline(title: &str, h1: Option<&str>, site: Option<&str>) -> String {
    let lower = title.to_lowercase();
    if let Some(h) = h1 {
        if lower.contains(&h.to_lowercase()) {
            return h.to_string();
        }
    }
    const SEPS: &[&str] = &[
        " | ", " - ", " – ", " — ", " ｜ ", " :: ", " · ", " « ", " » ",
    ];
    let site_l = site.map(str::to_lowercase);
    for sep in SEPS {
        if let Some(p) = title.rfind(sep) {
            let (head, tail) = (&title[..p], &title[p + sep.len()..]);
            let tail_l = tail.to_lowercase();
            let is_site = site_l
                .as_deref()
                .is_some_and(|s| tail_l.contains(s) || s.contains(tail_l.trim()));
            if is_site || tail.split_whitespace().count() <= 4 && head.len() > tail.len() {
                return headline(head.trim(), None, site);
            }
        }
        if let Some(p) = title.find(sep) {
            let (head, tail) = (&title[..p], &title[p + sep.len()..]);
            if site_l
                .as_deref()
                .is_some_and(|s| head.to_lowercase().contains(s))
            {
                return tail.trim().to_string();
            }
        }
    }
    title.to_string()
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The visible text of a node, whitespace collapsed.
pub fn node_text(dom: &Dom, page: &str, n: NodeId) -> String {
    let mut s = String::new();
    for d in dom.descendants(n) {
        if let Kind::Text(r) = &dom.nodes[d].kind {
            s.push_str(&decode_entities(&page[r.clone()]));
            s.push(' ');
        }
    }
    clean(&s)
}

#[derive(Default)]
struct LdFacts {
    headline: Option<String>,
    published: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
    section: Option<String>,
}

fn json_ld(dom: &Dom, page: &str) -> LdFacts {
    let mut best = LdFacts::default();
    let mut best_rank = 0;
    for r in &dom.json_ld {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(page[r.clone()].trim()) else {
            continue;
        };
        let mut objs = Vec::new();
        collect_objects(&v, &mut objs, 0);
        for o in objs {
            let ty = type_names(o.get("@type"));
            let rank = if ty
                .iter()
                .any(|t| t.ends_with("NewsArticle") || t == "ReportageNewsArticle")
            {
                4
            } else if ty
                .iter()
                .any(|t| t.contains("Article") || t == "BlogPosting")
            {
                3
            } else if ty.iter().any(|t| t == "WebPage") {
                1
            } else {
                0
            };
            if rank > best_rank && (o.get("headline").is_some() || o.get("datePublished").is_some())
            {
                best_rank = rank;
                best = LdFacts {
                    headline: str_of(o.get("headline")).or_else(|| str_of(o.get("name"))),
                    published: str_of(o.get("datePublished")),
                    author: names(o.get("author")),
                    publisher: names(o.get("publisher")),
                    section: str_of(o.get("articleSection")).or_else(|| {
                        o.get("articleSection")
                            .and_then(|s| s.as_array())
                            .and_then(|a| a.first())
                            .and_then(|s| s.as_str())
                            .map(str::to_string)
                    }),
                };
            }
        }
    }
    best
}

fn collect_objects<'a>(
    v: &'a serde_json::Value,
    out: &mut Vec<&'a serde_json::Map<String, serde_json::Value>>,
    depth: usize,
) {
    if depth > 6 {
        return;
    }
    match v {
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_objects(x, out, depth + 1)),
        serde_json::Value::Object(o) => {
            out.push(o);
            if let Some(g) = o.get("@graph") {
                collect_objects(g, out, depth + 1);
            }
            if let Some(m) = o.get("mainEntity") {
                collect_objects(m, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn type_names(v: Option<&serde_json::Value>) -> Vec<String> {
    match v {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn str_of(v: Option<&serde_json::Value>) -> Option<String> {
    v.and_then(|v| v.as_str())
        .map(|s| clean(&decode_entities(s)))
        .filter(|s| !s.is_empty())
}

/// Names from a person/organisation value: a string, an object with `name`, or a list.
fn names(v: Option<&serde_json::Value>) -> Option<String> {
    let v = v?;
    let list: Vec<String> = match v {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Object(o) => str_of(o.get("name")).into_iter().collect(),
        serde_json::Value::Array(a) => a
            .iter()
            .filter_map(|x| match x {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Object(o) => str_of(o.get("name")),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let list: Vec<String> = list
        .into_iter()
        .map(|s| clean(&s))
        .filter(|s| !s.is_empty() && !s.starts_with("http"))
        .collect();
    if list.is_empty() {
        None
    } else {
        Some(list.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_and_header() {
        assert_eq!(
            sniff_meta_charset(b"<html><head><meta charset=\"windows-1252\">").as_deref(),
            Some("windows-1252")
        );
        assert_eq!(
            sniff_meta_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
            )
            .as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(
            charset_of_content_type("text/html; charset=\"utf-8\""),
            Some("utf-8")
        );
        assert_eq!(charset_of_content_type("text/html"), None);
    }

    #[test]
    fn windows_1252_french_page() {
        let mut raw: Vec<u8> = Vec::new();
        raw.extend_from_slice(b"<html lang=\"fr\"><head><meta charset=\"windows-1252\"><title>Le minist\xe8re r\xe9agit</title></head><body>");
        raw.extend_from_slice(b"<nav><a href=/>Accueil</a> <a href=/monde>Monde</a></nav><article><h1>Le minist\xe8re r\xe9agit</h1>");
        raw.extend_from_slice(b"<p>Le minist\xe8re des Affaires \xe9trang\xe8res a d\xe9clar\xe9 jeudi qu'il \xe9tait \xab pr\xeat \xbb \xe0 n\xe9gocier, selon un communiqu\xe9 publi\xe9 \xe0 Paris.</p>");
        raw.extend_from_slice(b"<p>\xab Nous ne c\xe9derons pas \xbb, a ajout\xe9 la porte-parole, &eacute;voquant une r\xe9union pr\xe9vue la semaine prochaine \x96 sans plus de d\xe9tails.</p>");
        raw.extend_from_slice(
            b"</article><footer>Tous droits r\xe9serv\xe9s</footer></body></html>",
        );
        let input = html_input(&raw, None);
        assert_eq!(input.source.encoding.as_deref(), Some("windows-1252"));
        assert_eq!(input.hints.lang.as_deref(), Some("fr"));
        assert_eq!(input.hints.title.as_deref(), Some("Le ministère réagit"));
        assert!(input.text.contains("Le ministère des Affaires étrangères a déclaré jeudi qu'il était « prêt » à négocier"), "{}", input.text);
        assert!(input.text.contains("« Nous ne céderons pas », a ajouté la porte-parole, évoquant une réunion prévue la semaine prochaine – sans plus"), "{}", input.text);
        assert!(!input.text.contains("Accueil"));
        assert!(!input.text.contains("droits"));
        // Spans map back to the raw page bytes.
        let origin = input.origin.unwrap();
        let at = input.text.find("étrangères").unwrap();
        let raw_at = origin.to_raw(at).unwrap();
        assert_eq!(&raw[raw_at..raw_at + 10], b"\xe9trang\xe8res");
        let at = input.text.find("Nous").unwrap();
        let raw_at = origin.to_raw(at).unwrap();
        assert_eq!(&raw[raw_at..raw_at + 4], b"Nous");
    }

    #[test]
    fn utf8_origin_and_hints() {
        let page = r#"<html lang="en"><head><title>Site | Headline</title>
<meta property="og:site_name" content="The Daily">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Real headline","datePublished":"2024-03-17T10:00:00Z","author":[{"@type":"Person","name":"Jane Roe"}],"publisher":{"@type":"Organization","name":"Daily Co"},"articleSection":"World"}</script>
</head><body><div class="share-bar">Share on Facebook</div><article><p>First paragraph of the story, long enough to be kept as article text by the extractor.</p>
<p>Second &amp; last paragraph, which mentions that “quotes” survive and that the text goes on for a while.</p></article>
<div class="comments">Great article!</div></body></html>"#;
        let input = html_input(page.as_bytes(), None);
        assert_eq!(input.hints.title.as_deref(), Some("Real headline"));
        assert_eq!(
            input.hints.published.as_deref(),
            Some("2024-03-17T10:00:00Z")
        );
        assert_eq!(input.hints.author.as_deref(), Some("Jane Roe"));
        assert_eq!(input.hints.site.as_deref(), Some("Daily Co"));
        assert_eq!(input.hints.section.as_deref(), Some("World"));
        assert_eq!(input.hints.lang.as_deref(), Some("en"));
        let paras: Vec<&str> = input.text.split("\n\n").collect();
        assert_eq!(paras.len(), 2, "{}", input.text);
        assert!(paras[1].starts_with("Second & last paragraph"));
        let origin = input.origin.unwrap();
        let at = input.text.find("“quotes”").unwrap();
        let raw_at = origin.to_raw(at).unwrap();
        assert!(page[raw_at..].starts_with("“quotes”"));
        assert!(!input.text.contains("Share on"));
        assert!(!input.text.contains("Great article"));
    }
}
