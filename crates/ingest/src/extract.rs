//! Main-content extraction over the offset-keeping [`Dom`]: drops furniture (navigation,
//! asides, share bars, comments, banners, captions, related blocks) by tag, role, class and id,
//! scores the containers of text blocks (paragraph length, commas, link density, class hints,
//! as Readability does), keeps the best container with its good siblings, and returns the
//! text blocks inside it in page order.

use std::ops::Range;

use crate::dom::{Dom, Kind, NodeId, Tag};

/// One paragraph of output: the raw text ranges (in the decoded page) it is made of.
#[derive(Clone, Debug, Default)]
pub struct Block {
    /// Text node ranges, in order.
    pub texts: Vec<Range<usize>>,
    /// Nearest block-level element holding the text.
    pub container: NodeId,
    /// Characters of text (approximate: raw bytes of non-space text).
    pub len: usize,
    /// Characters inside links.
    pub link_len: usize,
    /// Commas and similar clause marks.
    pub commas: usize,
    /// Whether the container is a heading.
    pub heading: bool,
    /// Whether the container is a list item or table cell.
    pub item: bool,
}

/// Elements never part of an article's text.
const DROP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "nav",
    "aside",
    "footer",
    "button",
    "iframe",
    "svg",
    "select",
    "template",
    "object",
    "embed",
    "canvas",
    "figcaption",
    "label",
    "input",
    "textarea",
    "dialog",
    "menu",
    "head",
    "title",
    "form",
    "video",
    "audio",
    "picture",
    "map",
];

/// Block-level elements: their boundaries end a paragraph.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "td",
    "th",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "figure",
    "hr",
    "address",
    "main",
    "aside",
    "nav",
    "form",
    "center",
    "details",
    "summary",
    "caption",
    "figcaption",
    "body",
    "html",
    "tbody",
    "thead",
    "fieldset",
    "legend",
    "option",
    "br",
];

/// Class/id fragments that mark furniture.
const BAD_WORDS: &[&str] = &[
    "comment",
    "share",
    "sharing",
    "social",
    "related",
    "newsletter",
    "cookie",
    "consent",
    "banner",
    "sidebar",
    "widget",
    "breadcrumb",
    "menu",
    "navbar",
    "navigation",
    "footer",
    "promo",
    "subscribe",
    "signup",
    "sign-up",
    "popup",
    "modal",
    "advert",
    "sponsor",
    "tags",
    "tag-list",
    "caption",
    "credit",
    "outbrain",
    "taboola",
    "disqus",
    "pagination",
    "pager",
    "skip",
    "toolbar",
    "print",
    "rating",
    "hidden",
    "sr-only",
    "visually-hidden",
    "recommend",
    "most-popular",
    "mostpopular",
    "trending",
    "read-more",
    "readmore",
    "more-stories",
    "author-bio",
    "authorbio",
    "byline",
    "masthead",
    "login",
    "paywall",
    "teaser",
    "jump",
    "follow",
    "rss",
    "also-read",
    "lire-aussi",
    "a-lire",
    "dossier",
    "meta",
    "postmeta",
    "entry-meta",
    "post-meta",
    "date",
    "timestamp",
    "header",
    "topbar",
    "ad-",
    "ads",
    "gpt",
    "dfp",
    "tools",
    "facebook",
    "twitter",
    "whatsapp",
    "linkedin",
    "email-",
];

/// Class/id fragments that mark article text.
const GOOD_WORDS: &[&str] = &[
    "article", "body", "content", "entry", "main", "post", "text", "story", "blog", "prose",
    "chapo", "chapeau", "corps",
];

/// Chooses the main blocks of a page.
pub fn main_blocks(dom: &Dom, page: &str) -> Vec<Block> {
    let dropped = drop_flags(dom, page);
    let blocks = linearize(dom, page, &dropped);
    if blocks.is_empty() {
        return blocks;
    }
    let roots = choose_roots(dom, &blocks, &dropped);
    filter(dom, blocks, &roots)
}

/// What the own scorer's choice leaves out, to tell whether it is sure of it.
#[derive(Clone, Debug, Default)]
pub struct Doubt {
    /// Running text (characters of long, low-link, non-heading blocks) of the whole page,
    /// furniture included.
    pub page_good: usize,
    /// The same inside the chosen blocks.
    pub kept_good: usize,
    /// Running-text blocks of 100+ characters outside the choice (furniture included).
    pub left_long: usize,
    /// Characters of those blocks.
    pub left_long_len: usize,
    /// Running text inside dropped furniture.
    pub dropped_good: usize,
    /// Containers chosen.
    pub roots: usize,
}

fn is_good(b: &Block) -> bool {
    b.len >= 40 && b.link_len * 4 < b.len && !b.heading
}

/// [`main_blocks`] and how much running text the choice leaves out.
pub fn main_blocks_doubt(dom: &Dom, page: &str) -> (Vec<Block>, Doubt) {
    let dropped = drop_flags(dom, page);
    let blocks = linearize(dom, page, &dropped);
    let mut doubt = Doubt::default();
    if blocks.is_empty() {
        return (blocks, doubt);
    }
    let roots = choose_roots(dom, &blocks, &dropped);
    doubt.roots = roots.len();
    let own_good: usize = blocks.iter().filter(|b| is_good(b)).map(|b| b.len).sum();
    let kept = filter(dom, blocks, &roots);
    let kept_starts: std::collections::HashSet<usize> = kept
        .iter()
        .filter_map(|b| b.texts.first().map(|r| r.start))
        .collect();
    doubt.kept_good = kept.iter().filter(|b| is_good(b)).map(|b| b.len).sum();
    let never = never_flags(dom);
    let all = linearize(dom, page, &never);
    doubt.page_good = all.iter().filter(|b| is_good(b)).map(|b| b.len).sum();
    doubt.dropped_good = doubt.page_good.saturating_sub(own_good);
    for b in all.iter().filter(|b| is_good(b) && b.len >= 100) {
        if !b
            .texts
            .first()
            .is_some_and(|r| kept_starts.contains(&r.start))
        {
            doubt.left_long += 1;
            doubt.left_long_len += b.len;
        }
    }
    (kept, doubt)
}

fn never_flags(dom: &Dom) -> Vec<bool> {
    let n = dom.nodes.len();
    let mut never = vec![false; n];
    for id in 1..n {
        let p = dom.nodes[id].parent;
        never[id] = never[p] || dom.tag(id).is_some_and(|t| NEVER_TEXT.contains(&t.name()));
    }
    never
}

/// Tags whose content is never article text, whichever extractor chose the blocks.
const NEVER_TEXT: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "svg", "select", "textarea",
    "button", "option",
];

/// The blocks of the page whose text a reference extraction (trafilatura's flattened text)
/// contains, matched in order: the reference decides which text is the article, the page's
/// own blocks give paragraphs and offsets.
pub fn select_by_reference(dom: &Dom, page: &str, reference: &str) -> Vec<Block> {
    let never = never_flags(dom);
    let blocks = linearize(dom, page, &never);
    let refn: String = reference.chars().filter(|c| !c.is_whitespace()).collect();
    let mut cursor = 0;
    let mut out: Vec<Block> = Vec::new();
    let mut key = String::new();
    for b in blocks {
        key.clear();
        for r in &b.texts {
            key.extend(
                crate::dom::decode_entities(&page[r.clone()])
                    .chars()
                    .filter(|c| !c.is_whitespace()),
            );
        }
        if key.is_empty() {
            continue;
        }
        let Some(pos) = refn.get(cursor..).and_then(|rest| rest.find(key.as_str())) else {
            // The reference may have dropped part of a block (a footnote mark, math markup):
            // keep the pieces it has, in order, when they make up most of the block.
            if key.len() >= 40 {
                if let Some((part, _)) = partial_match(page, &b, &refn, cursor, key.len()) {
                    out.push(part);
                }
            }
            continue;
        };
        // A short block found far ahead is a coincidence ("Reply" inside a sentence); short
        // blocks do not move the cursor, so they cannot make a later paragraph unfindable.
        if key.chars().count() < 40 {
            if pos > 300 {
                continue;
            }
        } else {
            cursor += pos + key.len();
        }
        out.push(b);
    }
    out
}

/// The text pieces of `b` found in order in `refn` from `cursor` (within a window), as a block,
/// with the new cursor, when they cover at least half the block.
fn partial_match(
    page: &str,
    b: &Block,
    refn: &str,
    mut cursor: usize,
    key_len: usize,
) -> Option<(Block, usize)> {
    let limit = (cursor + key_len * 2 + 300).min(refn.len());
    let mut kept = Block {
        texts: Vec::new(),
        ..b.clone()
    };
    let mut found = 0;
    for r in &b.texts {
        let piece: String = crate::dom::decode_entities(&page[r.clone()])
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if piece.is_empty() {
            if !kept.texts.is_empty() {
                kept.texts.push(r.clone());
            }
            continue;
        }
        if let Some(p) = refn.get(cursor..limit).and_then(|w| w.find(piece.as_str())) {
            cursor += p + piece.len();
            found += piece.len();
            kept.texts.push(r.clone());
        }
    }
    (found * 2 >= key_len).then_some((kept, cursor))
}

/// The blocks of `a` plus the long running-text blocks of `b`, in page order.
pub fn union(a: Vec<Block>, b: Vec<Block>) -> Vec<Block> {
    let starts: std::collections::HashSet<usize> = a
        .iter()
        .filter_map(|x| x.texts.first().map(|r| r.start))
        .collect();
    let mut all = a;
    for x in b {
        let s = x.texts.first().map_or(0, |r| r.start);
        if !starts.contains(&s) && x.len >= 100 && x.link_len * 5 < x.len {
            all.push(x);
        }
    }
    all.sort_by_key(|x| x.texts.first().map_or(0, |r| r.start));
    all
}

/// The own scorer's doubt about a page (for tuning; not a stable format).
#[doc(hidden)]
pub fn doubt(raw: &[u8]) -> Doubt {
    let (page, _) = crate::decode_bytes(raw, None);
    let dom = Dom::parse(&page);
    main_blocks_doubt(&dom, &page).1
}

/// Explains the extractor's choice around `snippet` (for tuning; not a stable format).
#[doc(hidden)]
pub fn explain(raw: &[u8], snippet: &str) -> String {
    use std::fmt::Write;
    let (page, _) = crate::decode_bytes(raw, None);
    let dom = Dom::parse(&page);
    let dropped = drop_flags(&dom, &page);
    let blocks = linearize(&dom, &page, &dropped);
    let roots = choose_roots(&dom, &blocks, &dropped);
    let mut out = String::new();
    let describe = |id: NodeId| match dom.tag(id) {
        Some(t) => format!(
            "{}.{}#{}",
            t.name,
            t.attr("class").unwrap_or(""),
            t.attr("id").unwrap_or("")
        ),
        None => "root".into(),
    };
    for r in &roots {
        let _ = writeln!(out, "root {r} {}", describe(*r));
    }
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let snip = norm(snippet);
    for (id, node) in dom.nodes.iter().enumerate() {
        if let Kind::Text(r) = &node.kind {
            if norm(&crate::dom::decode_entities(&page[r.clone()])).contains(&snip) {
                let mut chain: Vec<NodeId> = dom.ancestors(id).collect();
                chain.reverse();
                for a in chain {
                    let _ = writeln!(
                        out,
                        "  {a} {}{}",
                        describe(a),
                        if dropped[a] { "  DROPPED" } else { "" }
                    );
                }
                break;
            }
        }
    }
    out
}

fn drop_flags(dom: &Dom, page: &str) -> Vec<bool> {
    let n = dom.nodes.len();
    let mut protect = protected(dom);
    // Elements holding most of the page's running text are never furniture by class
    // (`l-sidebar-fixed` around an article body, a live blog's `comments` stream).
    let own = own_text(dom, page);
    let total = own[0].max(1);
    for id in 0..n {
        if own[id] * 5 >= total * 2 {
            protect[id] = true;
        }
    }
    let mut dropped = vec![false; n];
    for id in 1..n {
        let p = dom.nodes[id].parent;
        dropped[id] = dropped[p]
            || match &dom.nodes[id].kind {
                Kind::Element(t) => is_furniture(t, dom, id, &protect),
                _ => false,
            };
    }
    dropped
}

fn choose_roots(dom: &Dom, blocks: &[Block], dropped: &[bool]) -> Vec<NodeId> {
    let n = dom.nodes.len();
    // Score containers.
    let mut score = vec![0f64; n];
    let mut scored = vec![false; n];
    for b in blocks {
        if b.len < 25 {
            continue;
        }
        let s = 1.0 + b.commas as f64 + (b.len as f64 / 100.0).min(3.0);
        let mut cur = dom.nodes[b.container].parent;
        if !is_blockish(dom, b.container) || dom.is(b.container, "div") {
            // Text directly in a div counts for that div too.
            add(&mut score, &mut scored, dom, b.container, s);
        }
        for level in 0..4 {
            if cur == 0 {
                break;
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            add(&mut score, &mut scored, dom, cur, s / div);
            cur = dom.nodes[cur].parent;
        }
    }
    // Link density per candidate.
    let mut text_len = vec![0usize; n];
    let mut link_len = vec![0usize; n];
    for b in blocks {
        let mut cur = b.container;
        loop {
            text_len[cur] += b.len;
            link_len[cur] += b.link_len;
            if cur == 0 {
                break;
            }
            cur = dom.nodes[cur].parent;
        }
    }
    let mut best: Option<(NodeId, f64)> = None;
    for id in 0..n {
        if !scored[id] || dropped[id] {
            continue;
        }
        let ld = if text_len[id] > 0 {
            link_len[id] as f64 / text_len[id] as f64
        } else {
            0.0
        };
        let s = score[id] * (1.0 - ld);
        score[id] = s;
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((id, s));
        }
    }
    let Some((mut top, top_score)) = best else {
        return vec![0];
    };
    // Climb while the parent holds clearly more running text than the candidate (an article
    // split over several sibling containers: text grids, page-builder widgets).
    let mut good = vec![0usize; n];
    for b in blocks {
        if b.len >= 40 && b.link_len * 4 < b.len && !b.heading {
            let mut cur = b.container;
            loop {
                good[cur] += b.len;
                if cur == 0 {
                    break;
                }
                cur = dom.nodes[cur].parent;
            }
        }
    }
    let mut cur = top;
    loop {
        let p = dom.nodes[cur].parent;
        if cur == 0 || p == 0 || dom.is(p, "body") || dom.is(p, "html") || dropped[p] {
            break;
        }
        if good[p] * 4 > good[top] * 5 {
            top = p;
        }
        cur = p;
    }
    let mut roots = vec![top];
    // Siblings with a good score or long low-link paragraphs join.
    let parent = dom.nodes[top].parent;
    if top != 0 {
        let threshold = (top_score * 0.2).max(10.0);
        for sib in dom.children(parent) {
            if sib == top || dropped[sib] {
                continue;
            }
            let ok = scored[sib] && score[sib] >= threshold
                || dom.is(sib, "p")
                    && text_len[sib] > 80
                    && (link_len[sib] as f64) < 0.25 * text_len[sib] as f64;
            if ok {
                roots.push(sib);
            }
        }
    }
    roots
}

fn add(score: &mut [f64], scored: &mut [bool], dom: &Dom, id: NodeId, s: f64) {
    if !scored[id] {
        scored[id] = true;
        score[id] = initial_score(dom, id);
    }
    score[id] += s;
}

fn initial_score(dom: &Dom, id: NodeId) -> f64 {
    let Some(t) = dom.tag(id) else {
        return 0.0;
    };
    let mut s = match t.name() {
        "article" => 10.0,
        "div" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" | "address" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        "body" => -20.0,
        _ => 0.0,
    };
    let ci = class_id(t);
    if !ci.is_empty() {
        let w = words();
        if w.bad_any.is_match(&ci) {
            s -= 25.0;
        }
        if w.good_any.is_match(&ci) {
            s += 25.0;
        }
    }
    if t.attr("itemprop")
        .is_some_and(|v| v.contains("articleBody"))
    {
        s += 50.0;
    }
    s
}

/// Lower-cased class and id of an element, space-joined.
fn class_id(t: &Tag) -> String {
    let mut s = String::new();
    if let Some(c) = t.attr("class") {
        s.push_str(c);
    }
    if let Some(i) = t.attr("id") {
        s.push(' ');
        s.push_str(i);
    }
    s.make_ascii_lowercase();
    s
}

/// Nodes that must never be dropped by class: those holding the article itself.
fn protected(dom: &Dom) -> Vec<bool> {
    let mut p = vec![false; dom.nodes.len()];
    for (id, node) in dom.nodes.iter().enumerate() {
        if let Kind::Element(t) = &node.kind {
            let key = t.name == "article"
                || t.name == "main"
                || t.name == "body"
                || t.name == "html"
                || t.attr("itemprop")
                    .is_some_and(|v| v.contains("articleBody"))
                || t.attr("role").is_some_and(|r| r == "main");
            if key {
                p[id] = true;
                for a in dom.ancestors(id) {
                    p[a] = true;
                }
            }
        }
    }
    p
}

/// Non-link text characters under each node (bottom-up; children follow parents in the arena).
fn own_text(dom: &Dom, page: &str) -> Vec<usize> {
    let n = dom.nodes.len();
    let mut len = vec![0usize; n];
    for id in (1..n).rev() {
        if let Kind::Text(r) = &dom.nodes[id].kind {
            let p = dom.nodes[id].parent;
            if !dom.is(p, "a") && !dom.is(p, "title") && !dom.is(p, "textarea") {
                len[id] = visible_chars(&page[r.clone()]);
            }
        } else if dom.is(id, "a") {
            continue;
        }
        let p = dom.nodes[id].parent;
        len[p] += len[id];
    }
    len
}

fn is_furniture(t: &Tag, dom: &Dom, id: NodeId, protect: &[bool]) -> bool {
    let name = t.name();
    if protect[id]
        && !matches!(
            name,
            "script" | "style" | "noscript" | "head" | "title" | "template" | "svg"
        )
    {
        return false;
    }
    if DROP_TAGS.contains(&name) {
        // Some sites wrap the whole page in a form (ASP.NET): keep forms holding paragraphs.
        if name == "form" {
            return !dom.descendants(id).any(|d| dom.is(d, "p"));
        }
        return true;
    }
    if name == "header" && !dom.ancestors(id).any(|a| dom.is(a, "article")) {
        return true;
    }
    if t.attr("hidden").is_some()
        || t.attr("aria-hidden").is_some_and(|v| v == "true")
        || t.attr("style").is_some_and(|s| {
            let s = s.replace(' ', "").to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
    {
        return true;
    }
    if let Some(role) = t.attr("role") {
        if matches!(
            role,
            "navigation"
                | "banner"
                | "complementary"
                | "contentinfo"
                | "dialog"
                | "menu"
                | "search"
        ) {
            return true;
        }
    }
    if matches!(
        name,
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "a" | "span" | "b" | "strong" | "em" | "i"
    ) {
        return false;
    }
    let ci = class_id(t);
    if ci.is_empty() {
        return false;
    }
    let tokens = || {
        ci.split(|c: char| c.is_whitespace())
            .filter(|t| !t.is_empty())
    };
    if words().good_tokens.is_match(&ci) {
        // (Class tokens never contain whitespace, so a match in the joined string is a
        // match inside one token.)
        return false;
    }
    let Some(bad) = tokens().find_map(bad_word) else {
        return false;
    };
    // An item of a stream kept for its size (`live-comment` inside `live-comments`) stays.
    !dom.ancestors(id)
        .any(|a| protect[a] && dom.tag(a).is_some_and(|pt| class_id(pt).contains(bad)))
}

/// Class tokens that name the article's text: an element carrying one is never furniture.
const GOOD_TOKENS: &[&str] = &[
    "article-body",
    "articlebody",
    "article__body",
    "article-content",
    "article-text",
    "post-content",
    "post-body",
    "entry-content",
    "entry-body",
    "story-body",
    "story-content",
    "main-content",
    "content-body",
    "text-editor",
    "rich-text",
    "body-text",
    "article-main",
];

/// Suffixes of layout tokens (`elementor-widget-container`) that say nothing about content.
const LAYOUT_SUFFIXES: &[&str] = &[
    "-container",
    "-wrap",
    "-wrapper",
    "-inner",
    "-column",
    "-row",
    "-populated",
    "-col",
    "-fixed",
];

/// The word lists compiled into automata, once.
struct Words {
    /// Long [`BAD_WORDS`] (more than 4 bytes), matched anywhere in a token.
    bad_long: aho_corasick::AhoCorasick,
    /// Index in [`BAD_WORDS`] of each pattern of `bad_long`.
    bad_long_index: Vec<usize>,
    /// Short [`BAD_WORDS`] (dash trimmed) with their index: whole token parts only.
    bad_short: Vec<(&'static str, usize)>,
    /// Every [`BAD_WORDS`] entry, anywhere.
    bad_any: aho_corasick::AhoCorasick,
    /// Every [`GOOD_WORDS`] entry, anywhere.
    good_any: aho_corasick::AhoCorasick,
    /// [`GOOD_TOKENS`], anywhere.
    good_tokens: aho_corasick::AhoCorasick,
}

fn words() -> &'static Words {
    static W: std::sync::OnceLock<Words> = std::sync::OnceLock::new();
    W.get_or_init(|| {
        let ac = |pats: &[&str]| {
            aho_corasick::AhoCorasick::new(pats).unwrap_or_else(|e| {
                // The lists are constants: a failure here is a bug caught by every test.
                panic!("furniture word automaton: {e}")
            })
        };
        let (mut long, mut bad_long_index, mut bad_short) = (Vec::new(), Vec::new(), Vec::new());
        for (i, w) in BAD_WORDS.iter().enumerate() {
            if w.len() <= 4 {
                bad_short.push((w.trim_end_matches('-'), i));
            } else {
                long.push(*w);
                bad_long_index.push(i);
            }
        }
        Words {
            bad_long: ac(&long),
            bad_long_index,
            bad_short,
            bad_any: ac(BAD_WORDS),
            good_any: ac(GOOD_WORDS),
            good_tokens: ac(GOOD_TOKENS),
        }
    })
}

/// The furniture word a class token contains, if any (the first of [`BAD_WORDS`] that does).
fn bad_word(tok: &str) -> Option<&'static str> {
    if tok.is_empty() || LAYOUT_SUFFIXES.iter().any(|s| tok.ends_with(s)) {
        return None;
    }
    let w = words();
    let mut best = usize::MAX;
    for m in w.bad_long.find_overlapping_iter(tok) {
        best = best.min(w.bad_long_index[m.pattern().as_usize()]);
    }
    // Short words must be a whole dash/underscore-separated part ("ads", not "headset").
    for part in tok.split(['-', '_']) {
        if let Some(&(_, i)) = w.bad_short.iter().find(|(s, _)| *s == part) {
            best = best.min(i);
        }
    }
    BAD_WORDS.get(best).copied()
}

fn is_blockish(dom: &Dom, id: NodeId) -> bool {
    dom.tag(id).is_some_and(|t| BLOCK_TAGS.contains(&t.name()))
}

/// Walks the tree, cutting text into blocks at block-level boundaries. Nodes are stored in
/// document order, so the walk is a scan of the arena; a dropped element skips its subtree.
fn linearize(dom: &Dom, page: &str, dropped: &[bool]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut cur = Block::default();
    // Elements entered and not yet left, with whether each is a block.
    let mut open: Vec<(NodeId, bool)> = Vec::new();
    let mut containers: Vec<NodeId> = vec![0];
    let mut in_link = 0usize;
    let n = dom.nodes.len();
    let mut id = 1;
    loop {
        // Leave the elements whose subtree ends before `id`.
        while let Some(&(top, block)) = open.last() {
            if id < dom.end(top) {
                break;
            }
            open.pop();
            if block {
                flush(&mut cur, &mut blocks, dom);
                containers.pop();
            }
            if dom.is(top, "a") {
                in_link = in_link.saturating_sub(1);
            }
        }
        if id >= n {
            break;
        }
        match &dom.nodes[id].kind {
            Kind::Text(r) => {
                id += 1;
                if dropped[id - 1] {
                    continue;
                }
                let s = &page[r.clone()];
                let visible = s.bytes().any(|b| !b.is_ascii_whitespace());
                if !visible {
                    if !cur.texts.is_empty() {
                        cur.texts.push(r.clone());
                    }
                    continue;
                }
                if cur.texts.is_empty() {
                    cur.container = containers.last().copied().unwrap_or(0);
                }
                cur.texts.push(r.clone());
                let chars = visible_chars(s);
                cur.len += chars;
                if in_link > 0 {
                    cur.link_len += chars;
                }
                cur.commas += s.bytes().filter(|&b| b == b',' || b == b';').count()
                    + if s.is_ascii() {
                        0
                    } else {
                        s.matches(['，', '、']).count()
                    };
            }
            Kind::Element(_) if dropped[id] => {
                // A dropped block still ends the paragraph around it.
                if is_blockish(dom, id) {
                    flush(&mut cur, &mut blocks, dom);
                }
                id = dom.end(id);
            }
            Kind::Element(t) => {
                let block = BLOCK_TAGS.contains(&t.name());
                if block {
                    flush(&mut cur, &mut blocks, dom);
                    containers.push(id);
                }
                if t.name == "a" {
                    in_link += 1;
                }
                open.push((id, block));
                id += 1;
            }
            Kind::Root => id += 1,
        }
    }
    flush(&mut cur, &mut blocks, dom);
    blocks
}

/// Characters of `s` that are not whitespace (`char::is_whitespace`), counted on the bytes:
/// ASCII and two-byte characters without decoding.
fn visible_chars(s: &str) -> usize {
    let b = s.as_bytes();
    let (mut n, mut i) = (0, 0);
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            if !(c == b' ' || (9..=13).contains(&c)) {
                n += 1;
            }
            i += 1;
        } else if c < 0xE0 {
            // U+0085 and U+00A0 are the two-byte whitespace characters.
            if !(c == 0xC2 && matches!(b.get(i + 1), Some(0x85 | 0xA0))) {
                n += 1;
            }
            i += 2;
        } else {
            let len = if c < 0xF0 { 3 } else { 4 };
            if !s
                .get(i..)
                .and_then(|t| t.chars().next())
                .is_some_and(char::is_whitespace)
            {
                n += 1;
            }
            i += len;
        }
    }
    n
}

fn flush(cur: &mut Block, blocks: &mut Vec<Block>, dom: &Dom) {
    if cur.len == 0 {
        *cur = Block::default();
        return;
    }
    let mut b = std::mem::take(cur);
    // Trailing whitespace-only texts carry nothing.
    let c = b.container;
    b.heading = dom
        .tag(c)
        .is_some_and(|t| matches!(t.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"));
    b.item = dom
        .tag(c)
        .is_some_and(|t| matches!(t.name(), "li" | "td" | "th" | "dd" | "dt"));
    blocks.push(b);
}

/// Keeps the blocks inside one of `roots`, dropping link lists and crumbs.
fn filter(dom: &Dom, blocks: Vec<Block>, roots: &[NodeId]) -> Vec<Block> {
    let inside = |mut id: NodeId| loop {
        if roots.contains(&id) {
            return true;
        }
        if id == 0 {
            return false;
        }
        id = dom.nodes[id].parent;
    };
    blocks
        .into_iter()
        .filter(|b| inside(b.container))
        .filter(|b| !(b.link_len * 2 > b.len && b.len < 300))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_chars_counts_like_char_is_whitespace() {
        for s in [
            "",
            "abc",
            " a\tb\nc\u{b}\u{c}\r",
            "é à\u{a0}ç\u{85}x",
            "\u{2009}mot\u{202f}:\u{3000}語😀",
            "\u{1c}\u{1f}",
        ] {
            let expected = s.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(visible_chars(s), expected, "{s:?}");
        }
    }
}
