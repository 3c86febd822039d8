//! Scores vigie's output against hand-written gold files, exactly as `gold/FORMAT.md` says.
//!
//! A gold file is the expected analysis of one article ([`Gold`]). [`score`] compares it with a
//! predicted [`Document`] and returns [`Counts`], which add up over a set (micro-averaging);
//! [`Counts::scores`] turns them into precision, recall, F1 and accuracies.
//!
//! ```
//! use vigie_eval::{normalize, tokens};
//!
//! assert_eq!(normalize("  « Contacts\u{a0}AD hoc » "), "contacts ad hoc");
//! assert_eq!(tokens("l’existence d’un processus"), ["l", "existence", "d", "un", "processus"]);
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod discover;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use vigie_doc::{Document, QuoteKind};

pub use discover::{discover, Case};

/// One gold file (fields the scorer reads; others are ignored).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Gold {
    /// Article id.
    #[serde(default)]
    pub id: String,
    /// `fr` or `en`.
    #[serde(default)]
    pub lang: String,
    /// Expected metadata.
    #[serde(default)]
    pub meta: GoldMeta,
    /// Lines/blocks of site furniture.
    #[serde(default)]
    pub boilerplate: Vec<String>,
    /// Expected entities.
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
    /// Expected quotes.
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
    /// Expected events.
    #[serde(default)]
    pub events: Vec<GoldEvent>,
}

/// Expected metadata.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct GoldMeta {
    /// Headline.
    pub headline: Option<String>,
    /// Section.
    pub section: Option<String>,
    /// Dateline.
    pub dateline: Option<GoldDateline>,
    /// Publication date.
    pub published: Option<String>,
}

/// Expected dateline.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct GoldDateline {
    /// Place.
    pub place: Option<String>,
    /// Date.
    pub date: Option<String>,
    /// Agency.
    pub agency: Option<String>,
}

/// Expected entity.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct GoldEntity {
    /// person | organization | place.
    #[serde(rename = "type")]
    pub kind: String,
    /// Canonical name.
    pub name: String,
    /// Other surface forms.
    #[serde(default)]
    pub mentions: Vec<String>,
    /// Actor code.
    pub actor: Option<String>,
    /// Gender.
    pub gender: Option<String>,
    /// Role.
    pub role: Option<String>,
}

/// Expected quote.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct GoldQuote {
    /// direct | partial | indirect.
    pub kind: String,
    /// Quoted words.
    pub text: String,
    /// Speaker name or description.
    pub speaker: Option<String>,
    /// Cue lemma.
    pub cue: Option<String>,
    /// Relay.
    pub via: Option<String>,
}

/// Expected event.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct GoldEvent {
    /// Source actor code.
    pub source: Option<String>,
    /// Target actor code.
    pub target: Option<String>,
    /// CAMEO code.
    pub cameo: String,
    /// Date, `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// Normalises a string for comparison: NFC, apostrophes to `'`, quotation marks removed,
/// whitespace runs to one space, trimmed, lower-cased.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfc() {
        let c = match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '`' | '\u{2032}' => '\'',
            c => c,
        };
        if matches!(c, '"' | '«' | '»' | '“' | '”' | '„' | '‟' | '‹' | '›' | '″') {
            continue;
        }
        if c.is_whitespace() || matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}') {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The tokens of a normalised string: runs of letters and digits.
pub fn tokens(s: &str) -> Vec<String> {
    normalize(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Size of the multiset intersection of two token lists.
fn overlap(a: &[String], b: &[String]) -> usize {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for t in a {
        *counts.entry(t).or_default() += 1;
    }
    let mut n = 0;
    for t in b {
        if let Some(c) = counts.get_mut(t.as_str()) {
            if *c > 0 {
                *c -= 1;
                n += 1;
            }
        }
    }
    n
}

/// Token overlap ratio |P∩G| / max(|P|,|G|).
pub fn overlap_ratio(p: &[String], g: &[String]) -> f64 {
    let m = p.len().max(g.len());
    if m == 0 {
        return 0.0;
    }
    overlap(p, g) as f64 / m as f64
}

/// Matched / predicted / gold counts for one precision-recall measure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Prf {
    /// Matched pairs.
    pub matched: usize,
    /// Predictions.
    pub predicted: usize,
    /// Gold items.
    pub gold: usize,
}

impl Prf {
    /// Precision (1.0 when nothing was predicted and nothing was expected).
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted, self.gold == 0)
    }
    /// Recall (1.0 when nothing was expected).
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold, true)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Prf) {
        self.matched += o.matched;
        self.predicted += o.predicted;
        self.gold += o.gold;
    }
}

fn ratio(n: usize, d: usize, empty_is_one: bool) -> f64 {
    if d == 0 {
        if empty_is_one {
            1.0
        } else {
            0.0
        }
    } else {
        n as f64 / d as f64
    }
}

/// Correct / total counts for an accuracy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Acc {
    /// Correct.
    pub correct: usize,
    /// Scored.
    pub total: usize,
}

impl Acc {
    /// Accuracy, `None` when nothing was scored.
    pub fn value(&self) -> Option<f64> {
        (self.total > 0).then(|| self.correct as f64 / self.total as f64)
    }
    fn add(&mut self, o: Acc) {
        self.correct += o.correct;
        self.total += o.total;
    }
    fn push(&mut self, ok: bool) {
        self.total += 1;
        self.correct += ok as usize;
    }
}

/// Every count of one document or set; add them up to micro-average.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Documents scored.
    pub documents: usize,
    /// Direct and partial quotes at overlap ≥ 0.5.
    pub quotes_direct: Prf,
    /// Indirect quotes at overlap ≥ 0.5.
    pub quotes_indirect: Prf,
    /// Direct and partial quotes at overlap ≥ 0.8.
    pub quotes_direct_08: Prf,
    /// Indirect quotes at overlap ≥ 0.8.
    pub quotes_indirect_08: Prf,
    /// Speaker accuracy over matched quotes (0.5).
    pub speaker: Acc,
    /// Relay accuracy over matched gold quotes that have a relay (0.5).
    pub via: Acc,
    /// Entities.
    pub entities: Prf,
    /// Events.
    pub events: Prf,
    /// Date accuracy over matched events.
    pub event_dates: Acc,
    /// Headline exact match.
    pub headline: Acc,
    /// Dateline place exact match.
    pub dateline_place: Acc,
    /// Dateline date / published date exact match.
    pub date: Acc,
    /// Agency exact match.
    pub agency: Acc,
    /// Body tokens.
    pub body: Prf,
}

impl Counts {
    /// Adds another document's or set's counts.
    pub fn add(&mut self, o: &Counts) {
        self.documents += o.documents;
        self.quotes_direct.add(o.quotes_direct);
        self.quotes_indirect.add(o.quotes_indirect);
        self.quotes_direct_08.add(o.quotes_direct_08);
        self.quotes_indirect_08.add(o.quotes_indirect_08);
        self.speaker.add(o.speaker);
        self.via.add(o.via);
        self.entities.add(o.entities);
        self.events.add(o.events);
        self.event_dates.add(o.event_dates);
        self.headline.add(o.headline);
        self.dateline_place.add(o.dateline_place);
        self.date.add(o.date);
        self.agency.add(o.agency);
        self.body.add(o.body);
    }

    /// The named scores, in report order: `(metric, value)`; accuracies with nothing scored
    /// are left out.
    pub fn scores(&self) -> Vec<(&'static str, f64)> {
        let mut out = Vec::new();
        let mut prf = |name: [&'static str; 3], p: &Prf| {
            out.push((name[0], p.precision()));
            out.push((name[1], p.recall()));
            out.push((name[2], p.f1()));
        };
        prf(
            ["quotes.direct.p", "quotes.direct.r", "quotes.direct.f1"],
            &self.quotes_direct,
        );
        prf(
            [
                "quotes.indirect.p",
                "quotes.indirect.r",
                "quotes.indirect.f1",
            ],
            &self.quotes_indirect,
        );
        prf(
            [
                "quotes.direct@0.8.p",
                "quotes.direct@0.8.r",
                "quotes.direct@0.8.f1",
            ],
            &self.quotes_direct_08,
        );
        prf(
            [
                "quotes.indirect@0.8.p",
                "quotes.indirect@0.8.r",
                "quotes.indirect@0.8.f1",
            ],
            &self.quotes_indirect_08,
        );
        prf(["entities.p", "entities.r", "entities.f1"], &self.entities);
        prf(["events.p", "events.r", "events.f1"], &self.events);
        prf(["body.p", "body.r", "body.f1"], &self.body);
        for (name, acc) in [
            ("quotes.speaker.acc", self.speaker),
            ("quotes.via.acc", self.via),
            ("events.date.acc", self.event_dates),
            ("meta.headline.acc", self.headline),
            ("meta.dateline_place.acc", self.dateline_place),
            ("meta.date.acc", self.date),
            ("meta.agency.acc", self.agency),
        ] {
            if let Some(v) = acc.value() {
                out.push((name, v));
            }
        }
        out
    }
}

/// Scores one predicted document against its gold file.
pub fn score(gold: &Gold, doc: &Document) -> Counts {
    let mut c = Counts {
        documents: 1,
        ..Counts::default()
    };
    score_quotes(gold, doc, &mut c);
    c.entities = score_entities(gold, doc);
    score_events(gold, doc, &mut c);
    score_meta(gold, doc, &mut c);
    c.body = score_body(gold, doc);
    c
}

fn is_direct(kind: &str) -> bool {
    kind == "direct" || kind == "partial"
}

/// Greedy one-to-one matching by best overlap: returns (pred index, gold index) pairs.
fn match_quotes(
    pred: &[(usize, Vec<String>)],
    gold: &[(usize, Vec<String>)],
    threshold: f64,
) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for (pi, (_, p)) in pred.iter().enumerate() {
        for (gi, (_, g)) in gold.iter().enumerate() {
            let r = overlap_ratio(p, g);
            if r >= threshold {
                pairs.push((r, pi, gi));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut pu, mut gu) = (vec![false; pred.len()], vec![false; gold.len()]);
    let mut out = Vec::new();
    for (_, pi, gi) in pairs {
        if !pu[pi] && !gu[gi] {
            pu[pi] = true;
            gu[gi] = true;
            out.push((pred[pi].0, gold[gi].0));
        }
    }
    out
}

fn score_quotes(gold: &Gold, doc: &Document, c: &mut Counts) {
    for direct in [true, false] {
        let pred: Vec<(usize, Vec<String>)> = doc
            .quotes
            .iter()
            .enumerate()
            .filter(|(_, q)| (q.kind != QuoteKind::Indirect) == direct)
            .map(|(i, q)| (i, tokens(&q.text)))
            .collect();
        let gq: Vec<(usize, Vec<String>)> = gold
            .quotes
            .iter()
            .enumerate()
            .filter(|(_, q)| is_direct(&q.kind) == direct)
            .map(|(i, q)| (i, tokens(&q.text)))
            .collect();
        for threshold in [0.5, 0.8] {
            let m = match_quotes(&pred, &gq, threshold);
            let prf = Prf {
                matched: m.len(),
                predicted: pred.len(),
                gold: gq.len(),
            };
            match (direct, threshold == 0.5) {
                (true, true) => c.quotes_direct = prf,
                (false, true) => c.quotes_indirect = prf,
                (true, false) => c.quotes_direct_08 = prf,
                (false, false) => c.quotes_indirect_08 = prf,
            }
            if threshold != 0.5 {
                continue;
            }
            for (pi, gi) in m {
                let (p, g) = (&doc.quotes[pi], &gold.quotes[gi]);
                if let Some(gs) = &g.speaker {
                    c.speaker.push(
                        p.speaker
                            .as_deref()
                            .is_some_and(|ps| names_match(ps, gs, gold)),
                    );
                }
                if let Some(gv) = &g.via {
                    c.via
                        .push(p.via.as_deref().is_some_and(|pv| names_match(pv, gv, gold)));
                }
            }
        }
    }
}

/// Does a predicted name name the gold one: equal, equal to one of the gold entity's mentions,
/// or (for persons) the same surname.
fn names_match(pred: &str, gold_name: &str, gold: &Gold) -> bool {
    let p = normalize(pred);
    let g = normalize(gold_name);
    if p == g {
        return true;
    }
    let Some(entity) = gold.entities.iter().find(|e| normalize(&e.name) == g) else {
        return false;
    };
    entity_matches(&p, &entity.kind, entity)
}

fn last_token(s: &str) -> Option<String> {
    tokens(s).pop()
}

/// Does a normalised predicted name of type `kind` match the gold entity?
fn entity_matches(p: &str, kind: &str, e: &GoldEntity) -> bool {
    if normalize(&e.name) == p || e.mentions.iter().any(|m| normalize(m) == p) {
        return true;
    }
    kind == "person"
        && e.kind == "person"
        && last_token(p).is_some()
        && last_token(p) == last_token(&e.name)
}

fn score_entities(gold: &Gold, doc: &Document) -> Prf {
    let mut pred: Vec<(String, String)> = doc
        .entities
        .iter()
        .map(|e| (e.kind.as_str().to_string(), normalize(&e.name)))
        .collect();
    pred.sort();
    pred.dedup();
    let mut used = vec![false; pred.len()];
    let mut matched = 0;
    for g in &gold.entities {
        // Prefer an exact name match, then aliases and surnames.
        let exact = pred
            .iter()
            .enumerate()
            .position(|(i, (k, n))| !used[i] && *k == g.kind && *n == normalize(&g.name));
        let found = exact.or_else(|| {
            pred.iter()
                .enumerate()
                .position(|(i, (k, n))| !used[i] && *k == g.kind && entity_matches(n, k, g))
        });
        if let Some(i) = found {
            used[i] = true;
            matched += 1;
        }
    }
    Prf {
        matched,
        predicted: pred.len(),
        gold: gold.entities.len(),
    }
}

fn event_key(source: Option<&str>, target: Option<&str>, cameo: &str) -> (String, String, String) {
    let three = |s: Option<&str>| {
        s.unwrap_or("")
            .chars()
            .take(3)
            .collect::<String>()
            .to_uppercase()
    };
    (
        three(source),
        three(target),
        cameo.chars().take(2).collect(),
    )
}

fn score_events(gold: &Gold, doc: &Document, c: &mut Counts) {
    let mut pred: HashMap<(String, String, String), Vec<Option<&str>>> = HashMap::new();
    for e in &doc.events {
        pred.entry(event_key(
            e.source.as_deref(),
            e.target.as_deref(),
            &e.cameo,
        ))
        .or_default()
        .push(e.date.as_deref());
    }
    let mut gset: HashMap<(String, String, String), Vec<Option<&str>>> = HashMap::new();
    for e in &gold.events {
        gset.entry(event_key(
            e.source.as_deref(),
            e.target.as_deref(),
            &e.cameo,
        ))
        .or_default()
        .push(e.date.as_deref());
    }
    let matched: Vec<_> = gset.keys().filter(|k| pred.contains_key(*k)).collect();
    c.events = Prf {
        matched: matched.len(),
        predicted: pred.len(),
        gold: gset.len(),
    };
    for k in matched {
        let gold_dates: Vec<&str> = gset[k].iter().flatten().copied().collect();
        if gold_dates.is_empty() {
            continue;
        }
        c.event_dates
            .push(pred[k].iter().flatten().any(|d| gold_dates.contains(d)));
    }
}

fn score_meta(gold: &Gold, doc: &Document, c: &mut Counts) {
    let eq = |p: Option<&str>, g: &str| p.is_some_and(|p| normalize(p) == normalize(g));
    if let Some(h) = &gold.meta.headline {
        c.headline.push(eq(doc.meta.headline.as_deref(), h));
    }
    let pd = doc.meta.dateline.as_ref();
    if let Some(gd) = &gold.meta.dateline {
        if let Some(p) = &gd.place {
            c.dateline_place
                .push(eq(pd.and_then(|d| d.place.as_deref()), p));
        }
        if let Some(d) = &gd.date {
            c.date.push(eq(pd.and_then(|d| d.date.as_deref()), d));
        }
        if let Some(a) = &gd.agency {
            c.agency.push(eq(pd.and_then(|d| d.agency.as_deref()), a));
        }
    }
    if let Some(p) = &gold.meta.published {
        c.date.push(eq(doc.meta.published.as_deref(), p));
    }
}

/// The article text minus the gold boilerplate blocks (each removed once, where it stands).
/// Blocks match whatever the whitespace between their words (gold files are typed by hand:
/// a no-break space in the page may be a plain space in the gold).
pub fn gold_body(article: &str, boilerplate: &[String]) -> String {
    let mut body = article.to_string();
    for b in boilerplate {
        let words: Vec<String> = b.split_whitespace().map(regex::escape).collect();
        if words.is_empty() {
            continue;
        }
        let Ok(re) = regex::Regex::new(&words.join(r"\s+")) else {
            continue;
        };
        if let Some(m) = find_block(&body, &re) {
            body.replace_range(m, "");
        }
    }
    body
}

/// Finds a boilerplate block, preferring one that stands as a whole line (so "0" does not
/// match inside "2022").
fn find_block(body: &str, re: &regex::Regex) -> Option<std::ops::Range<usize>> {
    let whole_line = |m: &regex::Match<'_>| {
        let before = body[..m.start()].trim_end_matches([' ', '\t']);
        let after = body[m.end()..].trim_start_matches([' ', '\t', '\r']);
        (before.is_empty() || before.ends_with('\n'))
            && (after.is_empty() || after.starts_with('\n'))
    };
    re.find_iter(body)
        .find(whole_line)
        .or_else(|| re.find(body))
        .map(|m| m.range())
}

fn score_body(gold: &Gold, doc: &Document) -> Prf {
    let expected = tokens(&gold_body(&doc.text, &gold.boilerplate));
    let got = tokens(&doc.body);
    Prf {
        matched: overlap(&got, &expected),
        predicted: got.len(),
        gold: expected.len(),
    }
}

#[cfg(test)]
mod tests;
