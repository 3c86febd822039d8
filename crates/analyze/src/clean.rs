//! Cleaning: splits the text into paragraphs and sets aside site furniture (breadcrumbs,
//! counters, "Lire aussi", share/newsletter/cookie/copyright/credit lines, tag lists),
//! recording each removed block with its reason and rule.
//!
//! Blocks are separated by blank lines; each line of a block is tested on its own, so a
//! "Lire aussi" line inside a block is removed and the lines around it stay (as separate
//! paragraphs). The rules are data: `lexicons/{fr,en}/furniture.toml`, whole-line patterns with
//! a position (`head`, `tail`, `any`) and a length limit. Both languages' rules run on every
//! document (the document's own first): French sites carry English share buttons too.
//!
//! One rule is structural rather than lexical, because it needs the rest of the page: a line
//! near the top that ends with an ellipsis and whose last words begin a later paragraph is a
//! breadcrumb carrying a truncated copy of the headline ("Accueil Dernières minutes
//! L'International La Russie nie toute négociation ... guerre en..."). [`truncated_title`] finds
//! it; the meta stage reuses it to take the full headline and the section.

use regex::RegexSet;

use crate::lazy::{loosen, LazyRegex};
use serde::Deserialize;
use vigie_doc::{Lang, Removed, Span};
use vigie_lexicon::{Error, Errors, ExampleFailure, Lexicons};

/// How many blocks at the top count as the page's head (breadcrumbs live there).
const HEAD_BLOCKS: usize = 3;
/// How many blocks at the bottom count as the page's tail.
const TAIL_BLOCKS: usize = 3;

/// The cleaning stage.
#[derive(Debug)]
pub struct Cleaner {
    rules: Vec<Rule>,
    /// One set per document language: that language's rules first, then the other's.
    /// Every rule of both languages in one set, a prefilter (see `new`); rule `k` is set
    /// pattern `k`.
    set: RegexSet,
    /// Longest line any rule may match.
    max_line: usize,
    breadcrumb: [BreadcrumbWords; 2],
}

/// Words that open a breadcrumb trail and trail items that name no section, per language.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreadcrumbWords {
    /// "Accueil", "Home".
    #[serde(default)]
    pub home: Vec<String>,
    /// "Dernières minutes", "Latest news".
    #[serde(default)]
    pub generic: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FurnitureFile {
    #[allow(dead_code)]
    version: String,
    #[serde(default)]
    breadcrumb: BreadcrumbWords,
    #[serde(default)]
    rule: Vec<RuleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    id: String,
    reason: String,
    pattern: String,
    #[serde(default, rename = "where")]
    position: Position,
    max_chars: Option<usize>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    not: Vec<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Position {
    #[default]
    Any,
    Head,
    Tail,
}

#[derive(Debug)]
struct Rule {
    file: String,
    id: String,
    reason: String,
    position: Position,
    max_chars: usize,
    regex: LazyRegex,
    examples: Vec<String>,
    not: Vec<String>,
}

/// What cleaning keeps and what it removes.
#[derive(Clone, Debug, Default)]
pub struct Cleaned {
    /// The body's paragraphs, in order.
    pub paragraphs: Vec<Span>,
    /// The removed blocks, in order.
    pub removed: Vec<Removed>,
}

impl Cleaner {
    /// Builds the stage from `lexicons/{fr,en}/furniture.toml`, compiling every pattern once.
    pub fn new(lex: &Lexicons) -> Result<Cleaner, Errors> {
        let mut errors = Errors::default();
        let mut rules = Vec::new();
        let mut breadcrumb: [BreadcrumbWords; 2] = Default::default();
        for (k, lang) in ["fr", "en"].into_iter().enumerate() {
            let name = format!("lexicons/{lang}/furniture.toml");
            let file: FurnitureFile = match lex.require(&name).and_then(|f| f.toml()) {
                Ok(f) => f,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            breadcrumb[k] = file.breadcrumb;
            for r in file.rule {
                match LazyRegex::new(format!("(?i)^(?:{})$", r.pattern)) {
                    Ok(regex) => rules.push(Rule {
                        file: name.clone(),
                        id: format!("{lang}/furniture:{}", r.id),
                        reason: r.reason,
                        position: r.position,
                        max_chars: r.max_chars.unwrap_or(200),
                        regex,
                        examples: r.examples,
                        not: r.not,
                    }),
                    Err(e) => errors.push(Error::at(&name, None, format!("rule {}: {e}", r.id))),
                }
            }
        }
        if !errors.0.is_empty() {
            return Err(errors);
        }
        // The set is a prefilter: the rules loosened (no word boundaries, which keep the regex
        // crate's DFAs from running on non-ASCII text; no upper bounds on repeats, which made
        // most of its size) match a superset, in one pass; each candidate rule's own regex
        // then confirms. One set serves both languages: a line is tried
        // against its own language's rules first, then the other's (furniture in the other
        // language, "Read more" on a French site).
        let set_error = |e: String| Errors::from(Error::at("lexicons/*/furniture.toml", None, e));
        let loose = rules
            .iter()
            .map(|r| loosen(r.regex.as_str()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(set_error)?;
        let set = regex::RegexSetBuilder::new(loose)
            .dfa_size_limit(64 << 20)
            .build()
            .map_err(|e| set_error(e.to_string()))?;
        let max_line = rules.iter().map(|r| r.max_chars).max().unwrap_or(0);
        Ok(Cleaner {
            rules,
            set,
            max_line,
            breadcrumb,
        })
    }

    /// The breadcrumb words of a language (the meta stage reads the section with them).
    pub fn breadcrumb_words(&self, lang: Lang) -> &BreadcrumbWords {
        &self.breadcrumb[lang_index(lang)]
    }

    /// The furniture rule a whole line matches, if any, given where its block stands.
    fn rule_for(&self, line: &str, lang: Lang, head: bool, tail: bool) -> Option<&Rule> {
        let chars = line.chars().count();
        if chars > self.max_line {
            return None;
        }
        // Most lines match no rule: the plain search says so for less than the overlapping
        // one that names the rules.
        if !self.set.is_match(line) {
            return None;
        }
        let matches = self.set.matches(line);
        let own = |k: &usize| self.rules[*k].id.starts_with(lang.code());
        let fits = |r: &&Rule| {
            chars <= r.max_chars
                && match r.position {
                    Position::Any => true,
                    Position::Head => head,
                    Position::Tail => tail,
                }
                && r.regex.is_match(line)
        };
        let first = matches
            .iter()
            .filter(own)
            .map(|k| &self.rules[k])
            .find(fits);
        first.or_else(|| {
            matches
                .iter()
                .filter(|k| !own(k))
                .map(|k| &self.rules[k])
                .find(fits)
        })
    }

    /// Splits `text` into paragraphs and removed furniture.
    pub fn clean(&self, text: &str, lang: Lang) -> Cleaned {
        let blocks = blocks(text);
        let n = blocks.len();
        let mut out = Cleaned::default();
        for (bi, block) in blocks.iter().enumerate() {
            let head = bi < HEAD_BLOCKS;
            let tail = bi + TAIL_BLOCKS >= n;
            let mut para: Option<Span> = None;
            for line in lines(text, *block) {
                let s = &text[line.start..line.end];
                let rule = self.rule_for(s, lang, head, tail);
                let removed = match rule {
                    Some(r) => Some((r.reason.clone(), r.id.clone())),
                    None if head && truncated_title(text, line, &blocks[bi + 1..]).is_some() => {
                        Some((
                            "breadcrumb".to_string(),
                            "furniture:breadcrumb-truncated-title".to_string(),
                        ))
                    }
                    None => None,
                };
                match removed {
                    Some((reason, rule)) => {
                        if let Some(p) = para.take() {
                            out.paragraphs.push(p);
                        }
                        out.removed.push(Removed {
                            span: line,
                            reason,
                            rule,
                        });
                    }
                    None => {
                        para = Some(match para {
                            Some(p) => Span::new(p.start, line.end),
                            None => line,
                        });
                    }
                }
            }
            if let Some(p) = para {
                out.paragraphs.push(p);
            }
        }
        out
    }

    /// Runs the furniture rules' embedded examples: each `examples` line must be removed by
    /// its rule, each `not` line kept by every rule.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        let mut out = Vec::new();
        for r in &self.rules {
            if let Err(e) = r.regex.get() {
                out.push(ExampleFailure {
                    file: r.file.clone(),
                    rule: r.id.clone(),
                    example: String::new(),
                    message: format!("the pattern does not compile: {e}"),
                });
                continue;
            }
            let lang = if r.id.starts_with("en/") {
                Lang::En
            } else {
                Lang::Fr
            };
            for ex in &r.examples {
                let got = self.rule_for(ex, lang, true, true);
                if got.map(|g| g.id.as_str()) != Some(r.id.as_str()) {
                    out.push(ExampleFailure {
                        file: r.file.clone(),
                        rule: r.id.clone(),
                        example: ex.clone(),
                        message: format!(
                            "expected removal by this rule, got {}",
                            got.map_or("no removal", |g| g.id.as_str())
                        ),
                    });
                }
            }
            for ex in &r.not {
                if let Some(g) = self.rule_for(ex, lang, true, true) {
                    out.push(ExampleFailure {
                        file: r.file.clone(),
                        rule: r.id.clone(),
                        example: ex.clone(),
                        message: format!("expected the line to be kept, removed by {}", g.id),
                    });
                }
            }
        }
        out
    }
}

/// The `[breadcrumb]` words of `lexicons/<lang>/furniture.toml`.
pub fn breadcrumb_words(lex: &Lexicons, lang: &str) -> Result<BreadcrumbWords, Error> {
    let file: FurnitureFile = lex
        .require(&format!("lexicons/{lang}/furniture.toml"))?
        .toml()?;
    Ok(file.breadcrumb)
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Fr => 0,
        Lang::En => 1,
    }
}

/// Blank-line separated blocks of `text`, trimmed.
pub fn blocks(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (false, None) => start = Some(pos),
            (true, Some(s)) => {
                out.push(trimmed(text, s, pos));
                start = None;
            }
            _ => {}
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(trimmed(text, s, pos));
    }
    out
}

/// The non-blank lines of a block, trimmed.
fn lines(text: &str, block: Span) -> impl Iterator<Item = Span> + '_ {
    let mut pos = block.start;
    text[block.start..block.end]
        .split_inclusive('\n')
        .filter_map(move |l| {
            let s = pos;
            pos += l.len();
            (!l.trim().is_empty()).then(|| trimmed(text, s, s + l.len()))
        })
}

fn trimmed(text: &str, start: usize, end: usize) -> Span {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    Span::new(start + lead, (end - trail).max(start + lead))
}

/// For a line ending with an ellipsis ("... sur la guerre en..."), the byte offset in `text`
/// where a truncated copy of a later block begins, and that block. At least three words must
/// match. Whitespace runs compare equal.
pub fn truncated_title(text: &str, line: Span, later: &[Span]) -> Option<(usize, Span)> {
    let s = text.get(line.start..line.end)?;
    let body = s
        .strip_suffix("...")
        .or_else(|| s.strip_suffix('…'))?
        .trim_end();
    // Word starts, left to right: the first that matches gives the longest copy.
    let mut starts = Vec::new();
    let mut prev_space = true;
    for (k, c) in body.char_indices() {
        if prev_space && !c.is_whitespace() {
            starts.push(k);
        }
        prev_space = c.is_whitespace();
    }
    let nwords = starts.len();
    for (w, &k) in starts.iter().enumerate() {
        if nwords - w < 3 {
            break;
        }
        let copy = &body[k..];
        for b in later {
            if let Some(para) = text.get(b.start..b.end) {
                if starts_with_ws(para, copy) && para.len() > copy.len() {
                    return Some((line.start + k, *b));
                }
            }
        }
    }
    None
}

/// Whether `hay` starts with `needle`, treating any whitespace run as equal to any other.
pub fn starts_with_ws(hay: &str, needle: &str) -> bool {
    let mut h = hay.chars().peekable();
    let mut n = needle.chars().peekable();
    loop {
        match (n.peek().copied(), h.peek().copied()) {
            (None, _) => return true,
            (Some(_), None) => return false,
            (Some(a), Some(b)) if a.is_whitespace() && b.is_whitespace() => {
                while n.peek().is_some_and(|c| c.is_whitespace()) {
                    n.next();
                }
                while h.peek().is_some_and(|c| c.is_whitespace()) {
                    h.next();
                }
            }
            (Some(a), Some(b)) if a == b => {
                n.next();
                h.next();
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_truncated_headline() {
        let text = "Accueil Monde La Russie nie toute négociation...\n\nLa Russie nie toute négociation avec Washington.";
        let b = blocks(text);
        let (at, para) = truncated_title(text, b[0], &b[1..]).unwrap();
        assert_eq!(&text[at..at + 9], "La Russie");
        assert_eq!(para, b[1]);
    }
}
