//! Date expressions: found in the body and resolved against an anchor (the `--date` option, the
//! dateline or the publication date), each with its precision.
//!
//! The expressions are data (`lexicons/{fr,en}/dates.toml`): month, weekday, number and unit
//! words, and rules whose patterns use placeholders (`{day} {month} {year} {weekday} {num}
//! {unit}`) expanded from those tables and compiled once. Each rule has a *kind* that says how
//! its groups resolve (absolute date, weekday, offset from the anchor, count of units,
//! month, year).
//!
//! # Conventions (news style)
//! - A bare weekday ("jeudi", "on Thursday") is the day with that name in the week that ends the
//!   day after the anchor (anchor − 5 days … anchor + 1): news reports what happened, and wire
//!   copy datelined one day often reports the next morning ("on Tuesday" under a Monday
//!   dateline). "lundi dernier"/"last Monday" is strictly before,
//!   "mardi prochain"/"next Tuesday" strictly after, "ce vendredi"/"this Friday" in the anchor's
//!   ISO week.
//! - A day and month without a year ("le 24 février") is the occurrence closest to the anchor.
//! - "la semaine dernière"/"last week" is an ISO week (`2022-W10`), "le mois dernier" a month,
//!   "l'an dernier"/"in 2021" a year; "il y a deux jours" a day; "il y a trois ans" a year.
//! - Governed expressions: in "Les remarques sont intervenues **un jour après** que X se soit
//!   entretenu avec Y", the main clause is the article's day (the anchor) and the governed
//!   clause's event (X meeting Y) is one day *before* it. The mention's value is the date of
//!   the GOVERNED event (anchor − 1 day), not of the main clause; the events stage dates an
//!   event in the clause after "après que"/"after" with it. "N jours avant ..."/"N days before
//!   ..." gives anchor + N the same way. "un jour après" with nothing governed ("un jour après,
//!   il est reparti") is anchor + 1.
//! - With no anchor at all, expressions that need one keep `value: None` with their precision;
//!   absolute dates with a year still resolve.
//!
//! # The anchor and the dateline's year
//! The anchor is `--date`, else the dateline's date, else the publication date (markup hint or
//! a "Publié le ..." line). A dateline without a year ("Paris, 17 Mar. (Agency) –") gets its
//! year from the article: among the last seven years (up to the fetch date's year, else the
//! current year), the one in which the weekdays the article names fit: a bare weekday naming
//! the dateline's own day (+2; the wire reports the same day's news) or the day before (+1),
//! a weekday written with a date ("lundi 24 février") that matches (+3) or not (−3); an office
//! holder the article names (`actors/office-holders.tsv`, e.g. "Jake Sullivan", 2021–2025)
//! adds +3 for the years of the tenure and −3 for the others. Ties go to the most recent year. With no such evidence the year stays unknown (unless the fetch date
//! settles it) and dependent expressions stay unresolved.

use std::collections::HashMap;

use jiff::civil::Date;
use regex::Captures;
use serde::Deserialize;
use vigie_doc::{DateMention, Document, Lang, Precision, Span};
use vigie_lexicon::{Error, Errors, ExampleFailure, Lexicons};

use crate::hash::{WordMap, WordSet};
use crate::lazy::LazyRegex;
use crate::text::normalize;

/// How many years back (from the reference year) a year-less dateline may lie.
const YEAR_WINDOW: i16 = 6;

/// The date stage.
#[derive(Debug)]
pub struct DateFinder {
    langs: [LangDates; 2],
    /// Office holders' full names (`actors/office-holders.tsv`) and the years of their tenure:
    /// a named office holder bounds the year of a year-less dateline.
    holders: Option<Holders>,
}

/// Office holders' names, compiled, and their tenures (by pattern index).
#[derive(Debug)]
struct Holders {
    /// The names, searched leftmost-longest; anchored searches are allowed.
    ac: aho_corasick::AhoCorasick,
    /// Which bytes start a name.
    first: [bool; 256],
    /// Which two bytes start a name (bit `b0 << 8 | b1`; a one-byte name has every second
    /// byte set).
    starts: Box<[u64; 1024]>,
    /// The first and last year of each name's tenure.
    years: Vec<(i16, i16)>,
}

impl Holders {
    /// The names `text` holds, leftmost-longest and not overlapping (as `find_iter` finds
    /// them): a name is tried, anchored, only where two bytes that start one stand (a capital
    /// and the next letter of a name), which skips nearly all of the text.
    fn find(&self, text: &str, mut found: impl FnMut(usize)) {
        let b = text.as_bytes();
        let mut i = 0;
        while let Some(&x) = b.get(i) {
            if !self.first[usize::from(x)] {
                i += 1;
                continue;
            }
            let pair = usize::from(x) << 8 | usize::from(b.get(i + 1).copied().unwrap_or(0));
            if self.starts[pair / 64] & (1 << (pair % 64)) == 0 {
                i += 1;
                continue;
            }
            let input = aho_corasick::Input::new(text)
                .range(i..)
                .anchored(aho_corasick::Anchored::Yes);
            match self.ac.find(input) {
                Some(m) => {
                    found(m.pattern().as_usize());
                    i = m.end();
                }
                None => i += 1,
            }
        }
    }
}

/// What the date stage adds: the expressions, and the resolved dateline/publication dates.
#[derive(Clone, Debug, Default)]
pub struct Dated {
    /// Every date expression of the body.
    pub dates: Vec<DateMention>,
    /// The dateline's date, resolved (`YYYY-MM-DD`), when the dateline has one.
    pub dateline_date: Option<String>,
    /// The publication date, when known or implied.
    pub published: Option<String>,
}

/// One expression found in a text and resolved, as [`DateFinder::parse`] returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    /// Where the expression stands (relative to the parsed text).
    pub span: Span,
    /// The rule that recognised it (`fr/dates:jour-semaine`).
    pub rule: String,
    /// The value at `precision`, or `None` when unresolved.
    pub value: Option<String>,
    /// The other reading of a direction-ambiguous expression (a bare weekday or a year-less
    /// date read forward instead of back), for scoring against resources that list both.
    pub alt: Option<String>,
    /// Precision of `value`.
    pub precision: Precision,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatesFile {
    #[allow(dead_code)]
    version: String,
    numeric_order: String,
    #[serde(default)]
    capitalized: Vec<String>,
    months: HashMap<String, u8>,
    weekdays: HashMap<String, u8>,
    numbers: HashMap<String, i64>,
    #[serde(default)]
    ordinals: HashMap<String, u8>,
    units: HashMap<String, String>,
    rule: Vec<RuleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    id: String,
    kind: String,
    pattern: String,
    direction: Option<String>,
    unit: Option<String>,
    offset: Option<i64>,
    sign: Option<i64>,
    #[serde(default)]
    examples: Vec<RuleExample>,
    #[serde(default)]
    not: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleExample {
    text: String,
    anchor: String,
    value: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    fn parse(s: &str) -> Option<Unit> {
        match s {
            "day" => Some(Unit::Day),
            "week" => Some(Unit::Week),
            "month" => Some(Unit::Month),
            "year" => Some(Unit::Year),
            _ => None,
        }
    }

    fn precision(self) -> Precision {
        match self {
            Unit::Day => Precision::Day,
            Unit::Week => Precision::Week,
            Unit::Month => Precision::Month,
            Unit::Year => Precision::Year,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dir {
    News,
    Last,
    Next,
    This,
    LastWeek,
    NextWeek,
    Nearest,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Date,
    Numeric,
    Weekday(Dir),
    Offset(Unit, i64),
    Count(i64),
    Governed(i64),
    Month(Dir),
    Year,
}

/// An expression as written, before it meets an anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expr {
    Day {
        y: Option<i16>,
        m: i8,
        d: i8,
        weekday: Option<i8>,
    },
    Weekday(i8, Dir),
    Offset {
        unit: Unit,
        n: i64,
        precision: Precision,
    },
    Month(Option<i16>, i8, Dir),
    Year(i16),
}

#[derive(Debug)]
struct DateRule {
    id: String,
    kind: Kind,
    regex: LazyRegex,
    /// The indices of the groups `expr` reads, found once the regex is compiled.
    groups: std::sync::OnceLock<Groups>,
    examples: Vec<RuleExample>,
    not: Vec<String>,
}

#[derive(Debug)]
struct LangDates {
    file: String,
    lang: Lang,
    dmy: bool,
    capitalized: WordSet,
    months: WordMap<i8>,
    weekdays: WordMap<i8>,
    numbers: WordMap<i64>,
    ordinals: WordMap<i8>,
    units: WordMap<Unit>,
    rules: Vec<DateRule>,
    /// All rules at once, to find where they match before reading their groups (`None` when
    /// a rule cannot be bounded so: every rule then searches the whole paragraph).
    fast: Option<FastScan>,
    /// All rules at once: which of them can match a paragraph (the first scan's way).
    #[cfg(test)]
    set: regex::RegexSet,
}

/// Where the rules of a language can match in a paragraph, in two passes over it instead of
/// one per rule: the leftmost match of all rules at once, then from there each rule's last
/// match end. Valid when no rule looks around (at a word edge, a line end) or matches the empty
/// string: each rule's own search then gives the same matches on the paragraph cut at that
/// end, starting at that leftmost start, as on the whole paragraph.
#[derive(Debug)]
struct FastScan {
    /// All rules at once, leftmost-first: its match starts where the first match of any rule
    /// starts.
    first: regex_automata::meta::Regex,
    /// All rules, every match of each reported (overlapping, `MatchKind::All`): the end of a
    /// rule's last match.
    dfa: regex_automata::hybrid::dfa::DFA,
    caches: regex_automata::util::pool::Pool<regex_automata::hybrid::dfa::Cache, CacheFn>,
}

type CacheFn = Box<
    dyn Fn() -> regex_automata::hybrid::dfa::Cache
        + Send
        + Sync
        + std::panic::UnwindSafe
        + std::panic::RefUnwindSafe,
>;

impl FastScan {
    /// The scan of `patterns`, or why it cannot be built (a rule that looks around or matches
    /// the empty string, a pattern too large).
    fn new(patterns: &[&str]) -> Result<FastScan, String> {
        use regex_automata::{hybrid::dfa::DFA, meta, nfa::thompson, nfa::thompson::WhichCaptures};
        let mut hirs = Vec::new();
        for p in patterns {
            let hir = regex_syntax::Parser::new()
                .parse(p)
                .map_err(|e| e.to_string())?;
            let props = hir.properties();
            if !props.look_set().is_empty() || props.minimum_len().is_none_or(|n| n == 0) {
                return Err(format!("{p}: looks around or matches the empty string"));
            }
            hirs.push(hir);
        }
        let first = meta::Regex::builder()
            .configure(
                meta::Config::new()
                    .which_captures(WhichCaptures::Implicit)
                    .hybrid_cache_capacity(64 << 20),
            )
            .build_many_from_hir(&hirs)
            .map_err(|e| e.to_string())?;
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().which_captures(WhichCaptures::None))
            .build_many_from_hir(&hirs)
            .map_err(|e| e.to_string())?;
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(regex_automata::MatchKind::All)
                    .cache_capacity(64 << 20),
            )
            .build_from_nfa(nfa)
            .map_err(|e| e.to_string())?;
        let d = dfa.clone();
        let caches =
            regex_automata::util::pool::Pool::new(Box::new(move || d.create_cache()) as CacheFn);
        Ok(FastScan { first, dfa, caches })
    }

    /// The leftmost start of any rule's match in `s`, and the end of each rule's last match
    /// (0 for a rule without a match) in `ends`; `None` without a match, `Some(None)` when the
    /// automaton gave up (the caller then searches the whole paragraph).
    fn bounds(&self, s: &str, ends: &mut Vec<usize>) -> Option<Option<usize>> {
        let from = self.first.find(s)?.start();
        ends.clear();
        ends.resize(self.dfa.pattern_len(), 0);
        let input = regex_automata::Input::new(s).span(from..s.len());
        let mut state = regex_automata::hybrid::dfa::OverlappingState::start();
        let mut cache = self.caches.get();
        loop {
            if self
                .dfa
                .try_search_overlapping_fwd(&mut cache, &input, &mut state)
                .is_err()
            {
                return Some(None);
            }
            let Some(m) = state.get_match() else {
                return Some(Some(from));
            };
            if let Some(e) = ends.get_mut(m.pattern().as_usize()) {
                *e = (*e).max(m.offset());
            }
        }
    }
}

/// A key as looked up: normalised, inner whitespace collapsed, final period dropped.
fn key(s: &str) -> String {
    key_of(s).into_owned()
}

/// [`key`], borrowing `s` when it is its own key: ASCII without upper case, spaces or '`',
/// not ending with a period (most words as written: no string is built for them).
fn key_of(s: &str) -> std::borrow::Cow<'_, str> {
    let plain = |b: u8| {
        b.is_ascii()
            && !b.is_ascii_uppercase()
            && !b.is_ascii_whitespace()
            && b != b'`'
            && b != 0x0b
    };
    if s.bytes().all(plain) && !s.ends_with('.') {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(key_slow(s))
}

/// [`key`] as first written.
fn key_slow(s: &str) -> String {
    let n = normalize(s);
    let n = n.trim().trim_end_matches('.');
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An alternation of table words, longest first; abbreviations ("mar.") take an optional
/// period.
fn alternation<'a>(words: impl Iterator<Item = &'a String>) -> String {
    let mut w: Vec<&String> = words.collect();
    let len = |s: &str| s.trim_end_matches('.').chars().count();
    w.sort_by(|a, b| len(b).cmp(&len(a)).then(a.cmp(b)));
    w.iter()
        .map(|s| {
            let (bare, abbr) = match s.strip_suffix('.') {
                Some(b) => (b, true),
                None => (s.as_str(), false),
            };
            let mut p = regex::escape(bare)
                .replace('\'', "['’]")
                .replace(' ', r"\s+");
            if abbr {
                p.push_str(r"\.?");
            }
            p
        })
        .collect::<Vec<_>>()
        .join("|")
}

impl LangDates {
    fn load(lex: &Lexicons, lang: Lang) -> Result<LangDates, Errors> {
        let name = format!("lexicons/{}/dates.toml", lang.code());
        let f: DatesFile = lex.require(&name)?.toml()?;
        let mut errors = Errors::default();
        let err = |m: String| Error::at(&name, None, m);
        let units: WordMap<Unit> = f
            .units
            .iter()
            .filter_map(|(k, v)| Unit::parse(v).map(|u| (key(k), u)))
            .collect();
        if units.len() != f.units.len() {
            errors.push(err(
                "units: every value must be day, week, month or year".into()
            ));
        }
        let mut ords: Vec<&String> = f.ordinals.keys().collect();
        ords.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let ords_alt = alternation(ords.into_iter());
        let day = if ords_alt.is_empty() {
            r"(?P<day>3[01]|[12]\d|0?[1-9])".to_string()
        } else {
            format!(r"(?P<day>{ords_alt}|3[01]|[12]\d|0?[1-9])")
        };
        let placeholders = [
            (
                "{weekday}",
                format!("(?P<weekday>{})", alternation(f.weekdays.keys())),
            ),
            (
                "{month}",
                format!("(?P<month>{})", alternation(f.months.keys())),
            ),
            ("{day}", day),
            ("{year}", r"(?P<year>1\d\d\d|2[01]\d\d)".to_string()),
            (
                "{num}",
                format!(r"(?P<num>\d{{1,4}}|{})", alternation(f.numbers.keys())),
            ),
            (
                "{unit}",
                format!("(?P<unit>{})", alternation(f.units.keys())),
            ),
        ];
        let mut rules = Vec::new();
        for r in f.rule {
            let kind = match (r.kind.as_str(), r.direction.as_deref()) {
                ("date", _) => Some(Kind::Date),
                ("numeric", _) => Some(Kind::Numeric),
                ("weekday", d) => match d.unwrap_or("news") {
                    "news" => Some(Kind::Weekday(Dir::News)),
                    "last" => Some(Kind::Weekday(Dir::Last)),
                    "next" => Some(Kind::Weekday(Dir::Next)),
                    "this" => Some(Kind::Weekday(Dir::This)),
                    "last-week" => Some(Kind::Weekday(Dir::LastWeek)),
                    "next-week" => Some(Kind::Weekday(Dir::NextWeek)),
                    _ => None,
                },
                ("offset", _) => r
                    .unit
                    .as_deref()
                    .and_then(Unit::parse)
                    .zip(r.offset)
                    .map(|(u, n)| Kind::Offset(u, n)),
                ("count", _) => r.sign.map(Kind::Count),
                ("governed", _) => r.sign.map(Kind::Governed),
                ("month", d) => match d.unwrap_or("nearest") {
                    "nearest" => Some(Kind::Month(Dir::Nearest)),
                    "past" => Some(Kind::Month(Dir::Last)),
                    "next" => Some(Kind::Month(Dir::Next)),
                    _ => None,
                },
                ("year", _) => Some(Kind::Year),
                _ => None,
            };
            let Some(kind) = kind else {
                errors.push(err(format!(
                    "rule {}: bad kind/direction/unit/offset/sign for kind {:?}",
                    r.id, r.kind
                )));
                continue;
            };
            let mut pattern = r.pattern.clone();
            for (ph, re) in &placeholders {
                // A placeholder used twice gets numbered group names (`weekday__2`).
                let mut k = 1;
                while let Some(at) = pattern.find(ph) {
                    let re = if k == 1 {
                        re.clone()
                    } else {
                        let name = &ph[1..ph.len() - 1];
                        re.replacen(&format!("(?P<{name}>"), &format!("(?P<{name}__{k}>"), 1)
                    };
                    pattern.replace_range(at..at + ph.len(), &re);
                    k += 1;
                }
            }
            match LazyRegex::new(format!("(?i)(?:{pattern})")) {
                Ok(regex) => rules.push(DateRule {
                    id: format!("{}/dates:{}", lang.code(), r.id),
                    kind,
                    regex,
                    groups: std::sync::OnceLock::new(),
                    examples: r.examples,
                    not: r.not,
                }),
                Err(e) => errors.push(err(format!("rule {}: {e}", r.id))),
            }
        }
        let dmy = match f.numeric_order.as_str() {
            "dmy" => true,
            "mdy" => false,
            o => {
                errors.push(err(format!("numeric_order {o:?}: expected dmy or mdy")));
                true
            }
        };
        let to_i8 = |m: HashMap<String, u8>| -> WordMap<i8> {
            m.into_iter().map(|(k, v)| (key(&k), v as i8)).collect()
        };
        let patterns: Vec<&str> = rules.iter().map(|r| r.regex.as_str()).collect();
        let fast = FastScan::new(&patterns)
            .map_err(|e| log::debug!("{name}: rules searched one by one: {e}"))
            .ok();
        #[cfg(test)]
        let set = regex::RegexSetBuilder::new(&patterns)
            .dfa_size_limit(64 << 20)
            .build()
            .expect("the rules compile");
        errors.into_result(LangDates {
            file: name.clone(),
            lang,
            dmy,
            capitalized: f.capitalized.iter().map(|w| key(w)).collect(),
            months: to_i8(f.months),
            weekdays: to_i8(f.weekdays),
            numbers: f.numbers.into_iter().map(|(k, v)| (key(&k), v)).collect(),
            ordinals: to_i8(f.ordinals),
            units,
            rules,
            fast,
            #[cfg(test)]
            set,
        })
    }

    /// The expression a rule's match denotes, if its groups make sense.
    fn expr(&self, kind: Kind, c: &Captures, groups: &Groups) -> Option<Expr> {
        // A placeholder used twice or three times in a pattern has numbered copies (`day__2`,
        // `day__3`): the first that took part in the match.
        let get = |g: G| -> Option<&str> {
            groups[g as usize]
                .iter()
                .flatten()
                .find_map(|&i| c.get(i))
                .map(|m| m.as_str())
        };
        let num = |s: &str| -> Option<i64> {
            s.parse::<i64>()
                .ok()
                .or_else(|| self.numbers.get(&*key_of(s)).copied())
        };
        let year = || get(G::Year).and_then(|y| y.parse::<i16>().ok());
        // Words that are also common words ("may", "sun") count only when capitalised.
        let cased = |w: &str| {
            !self.capitalized.contains(&*key_of(w))
                || w.chars().next().is_some_and(char::is_uppercase)
        };
        let month = || -> Option<i8> {
            if let Some(m) = get(G::Month) {
                return self.months.get(&*key_of(m)).copied().filter(|_| cased(m));
            }
            get(G::MonthNum).and_then(|m| m.parse::<i8>().ok())
        };
        let weekday = || {
            get(G::Weekday)
                .and_then(|w| self.weekdays.get(&*key_of(w)).copied().filter(|_| cased(w)))
        };
        match kind {
            Kind::Date => {
                let d = get(G::Day)?;
                let d = d
                    .parse::<i8>()
                    .ok()
                    .or_else(|| self.ordinals.get(&*key_of(d)).copied())?;
                let m = month()?;
                valid_md(m, d).then_some(Expr::Day {
                    y: year(),
                    m,
                    d,
                    weekday: weekday(),
                })
            }
            Kind::Numeric => {
                let a = get(G::A)?.parse::<i16>().ok()?;
                let b = get(G::B)?.parse::<i16>().ok()?;
                let cs = get(G::C)?;
                let mut y = cs.parse::<i16>().ok()?;
                if cs.len() == 2 {
                    // A dotted "3.5.15" is more often a version number than a date.
                    if get(G::Sep) == Some(".") {
                        return None;
                    }
                    // Century resolved against the anchor later; marked by a negative year.
                    y = -y - 1;
                }
                let (mut d, mut m) = if self.dmy { (a, b) } else { (b, a) };
                if m > 12 && d <= 12 {
                    std::mem::swap(&mut d, &mut m);
                }
                let (m, d) = (i8::try_from(m).ok()?, i8::try_from(d).ok()?);
                valid_md(m, d).then_some(Expr::Day {
                    y: Some(y),
                    m,
                    d,
                    weekday: None,
                })
                // (a two-digit year is stored as -(yy + 1); see `full_year`)
            }
            Kind::Weekday(dir) => Some(Expr::Weekday(weekday()?, dir)),
            Kind::Offset(unit, n) => Some(Expr::Offset {
                unit,
                n,
                precision: unit.precision(),
            }),
            Kind::Count(sign) | Kind::Governed(sign) => {
                let n = num(get(G::Num)?)?;
                let unit = *self.units.get(&*key_of(get(G::Unit)?))?;
                let precision = match unit {
                    Unit::Day | Unit::Week => Precision::Day,
                    Unit::Month => Precision::Month,
                    Unit::Year => Precision::Year,
                };
                Some(Expr::Offset {
                    unit,
                    n: sign * n,
                    precision,
                })
            }
            Kind::Month(dir) => Some(Expr::Month(year(), month()?, dir)),
            Kind::Year => Some(Expr::Year(year()?)),
        }
    }

    /// Every expression in `text[span]` (one paragraph), leftmost-longest, not overlapping.
    fn scan(&self, text: &str, span: Span, out: &mut Vec<Found>) {
        let Some(s) = text.get(span.start..span.end) else {
            return;
        };
        let mut cands: Vec<(usize, usize, Span, usize, Expr)> = Vec::new();
        let mut ends = Vec::new();
        match self.fast.as_ref().map(|f| f.bounds(s, &mut ends)) {
            // Most paragraphs hold no date.
            Some(None) => return,
            Some(Some(Some(from))) => {
                for (ri, &end) in ends.iter().enumerate() {
                    // (a rule's match ends after its start, at or after `from`; 0 = no match)
                    if end <= from {
                        continue;
                    }
                    let (Some(rule), Some(hay)) = (self.rules.get(ri), s.get(..end)) else {
                        continue;
                    };
                    let Ok(regex) = rule.regex.get() else {
                        continue;
                    };
                    let mut at = from;
                    while let Some(c) = regex.captures_at(hay, at) {
                        let Some(whole) = c.get(0) else { break };
                        at = whole.end();
                        self.candidate(s, span, ri, &c, &mut cands);
                    }
                }
            }
            _ => {
                for (ri, rule) in self.rules.iter().enumerate() {
                    let Ok(regex) = rule.regex.get() else {
                        continue;
                    };
                    for c in regex.captures_iter(s) {
                        self.candidate(s, span, ri, &c, &mut cands);
                    }
                }
            }
        }
        Self::keep_leftmost_longest(cands, out);
    }

    /// Adds rule `ri`'s match `c` to `cands` when it stands at word edges and denotes a date.
    fn candidate(
        &self,
        s: &str,
        span: Span,
        ri: usize,
        c: &Captures,
        cands: &mut Vec<(usize, usize, Span, usize, Expr)>,
    ) {
        let Some(whole) = c.get(0) else { return };
        let rule = &self.rules[ri];
        let Ok(regex) = rule.regex.get() else { return };
        let groups = rule.groups.get_or_init(|| groups_of(regex));
        let m = groups[G::M as usize][0]
            .and_then(|i| c.get(i))
            .unwrap_or(whole);
        if m.is_empty() || !at_word_edges(s, whole.start(), m.end()) {
            return;
        }
        let Some(expr) = self.expr(rule.kind, c, groups) else {
            return;
        };
        cands.push((
            whole.start(),
            whole.end(),
            Span::new(span.start + m.start(), span.start + m.end()),
            ri,
            expr,
        ));
    }

    /// The candidates that no earlier (or, at the same start, longer) one overlaps.
    fn keep_leftmost_longest(
        mut cands: Vec<(usize, usize, Span, usize, Expr)>,
        out: &mut Vec<Found>,
    ) {
        cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.3.cmp(&b.3)));
        let mut last_end = 0;
        for (start, end, m, ri, expr) in cands {
            if start < last_end {
                continue;
            }
            last_end = end;
            out.push(Found {
                span: m,
                rule: ri,
                expr,
            });
        }
    }

    /// [`Self::scan`] as first written: the set and every rule over the whole paragraph.
    #[cfg(test)]
    fn scan_reference(&self, text: &str, span: Span, out: &mut Vec<Found>) {
        let Some(s) = text.get(span.start..span.end) else {
            return;
        };
        if !self.set.is_match(s) {
            return;
        }
        let mut cands = Vec::new();
        for ri in self.set.matches(s).iter() {
            let Ok(regex) = self.rules[ri].regex.get() else {
                continue;
            };
            for c in regex.captures_iter(s) {
                self.candidate(s, span, ri, &c, &mut cands);
            }
        }
        Self::keep_leftmost_longest(cands, out);
    }
}

#[derive(Clone, Copy, Debug)]
struct Found {
    span: Span,
    rule: usize,
    expr: Expr,
}

/// The groups of a rule's pattern that [`LangDates::expr`] and [`LangDates::candidate`] read.
#[derive(Clone, Copy, Debug)]
enum G {
    Day,
    Month,
    MonthNum,
    Year,
    Weekday,
    Num,
    Unit,
    A,
    B,
    C,
    Sep,
    M,
}

/// The names of the groups of [`G`], in its order.
const GROUP_NAMES: [&str; 12] = [
    "day",
    "month",
    "month_num",
    "year",
    "weekday",
    "num",
    "unit",
    "a",
    "b",
    "c",
    "sep",
    "m",
];

/// For each group of [`G`]: the indices of the group `name` and of its numbered copies
/// `name__2`, `name__3` (a placeholder used more than once in a pattern), where they exist.
type Groups = [[Option<usize>; 3]; GROUP_NAMES.len()];

/// The [`Groups`] of a compiled rule, found by name once instead of on every match.
fn groups_of(regex: &regex::Regex) -> Groups {
    let mut out: Groups = [[None; 3]; GROUP_NAMES.len()];
    for (i, name) in regex.capture_names().enumerate() {
        let Some(name) = name else { continue };
        let (base, copy) = match name.rsplit_once("__") {
            Some((base, "2")) => (base, 1),
            Some((base, "3")) => (base, 2),
            _ => (name, 0),
        };
        // (the recorded part `m` has no numbered copies)
        if copy > 0 && base == "m" {
            continue;
        }
        if let Some(g) = GROUP_NAMES.iter().position(|n| *n == base) {
            out[g][copy] = Some(i);
        }
    }
    out
}

fn valid_md(m: i8, d: i8) -> bool {
    (1..=12).contains(&m) && (1..=31).contains(&d)
}

/// True when the match does not start or end inside a word.
fn at_word_edges(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start].chars().next_back();
    let after = s[end..].chars().next();
    let first = s[start..].chars().next();
    let last = s[..end].chars().next_back();
    let inner = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
    // "6,107.31 August": a number's decimals are not a day.
    let mut back = s[..start].chars().rev();
    let decimals = matches!(back.next(), Some('.' | ','))
        && back.next().is_some_and(|c| c.is_ascii_digit())
        && first.is_some_and(|c| c.is_ascii_digit());
    !((inner(before) && inner(first)) || (inner(after) && inner(last)) || decimals)
}

fn weekday_of(d: Date) -> i8 {
    d.weekday().to_monday_one_offset()
}

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_days(n).ok()?).ok()
}

fn add(d: Date, unit: Unit, n: i64) -> Option<Date> {
    let span = match unit {
        Unit::Day => jiff::Span::new().try_days(n).ok()?,
        Unit::Week => jiff::Span::new().try_weeks(n).ok()?,
        Unit::Month => jiff::Span::new().try_months(n).ok()?,
        Unit::Year => jiff::Span::new().try_years(n).ok()?,
    };
    d.checked_add(span).ok()
}

/// A date's value at a precision: `2022-03-17`, `2022-W11`, `2022-03`, `2022`.
pub fn format_at(d: Date, p: Precision) -> String {
    match p {
        Precision::Day => d.to_string(),
        Precision::Week => {
            let w = d.iso_week_date();
            format!("{:04}-W{:02}", w.year(), w.week())
        }
        Precision::Month => format!("{:04}-{:02}", d.year(), d.month()),
        Precision::Year => format!("{:04}", d.year()),
    }
}

/// The occurrence of month/day closest to the anchor (ties to the past), and the occurrence on
/// the other side of the anchor.
fn nearest_md(anchor: Date, m: i8, d: i8) -> Option<(Date, Date)> {
    let y = anchor.year();
    let cands: Vec<Date> = [y - 1, y, y + 1]
        .iter()
        .filter_map(|&y| Date::new(y, m, d).ok())
        .collect();
    let dist = |x: &Date| {
        (
            x.since(anchor)
                .ok()
                .map_or(i32::MAX, |s| s.get_days().abs()),
            *x > anchor,
        )
    };
    let best = *cands.iter().min_by_key(|x| dist(x))?;
    let alt = if best <= anchor {
        cands.iter().copied().find(|x| *x > anchor)
    } else {
        cands.iter().copied().rev().find(|x| *x < anchor)
    };
    Some((best, alt.unwrap_or(best)))
}

fn expr_precision(e: &Expr) -> Precision {
    match e {
        Expr::Day { .. } | Expr::Weekday(..) => Precision::Day,
        Expr::Offset { precision, .. } => *precision,
        Expr::Month(..) => Precision::Month,
        Expr::Year(_) => Precision::Year,
    }
}

/// A year as written: two-digit years (stored as `-(yy + 1)`) take the century that puts them
/// at most 20 years after the anchor (1950–2049 without an anchor).
fn full_year(y: i16, anchor: Option<Date>) -> i16 {
    if y >= 0 {
        return y;
    }
    let yy = -y - 1;
    let limit = anchor.map_or(2049, |a| a.year() + 20);
    if 2000 + yy <= limit {
        2000 + yy
    } else {
        1900 + yy
    }
}

/// Resolves an expression: (value, other reading) at its precision.
fn resolve(e: &Expr, anchor: Option<Date>) -> (Option<String>, Option<String>) {
    let p = expr_precision(e);
    let fmt = |d: Date| format_at(d, p);
    match (*e, anchor) {
        (
            Expr::Day {
                y: Some(y), m, d, ..
            },
            _,
        ) => (Date::new(full_year(y, anchor), m, d).ok().map(fmt), None),
        (Expr::Year(y), _) => (Some(format!("{y:04}")), None),
        (Expr::Month(Some(y), m, _), _) => (Some(format!("{y:04}-{m:02}")), None),
        (_, None) => (None, None),
        (Expr::Day { y: None, m, d, .. }, Some(a)) => match nearest_md(a, m, d) {
            Some((best, alt)) => (Some(fmt(best)), Some(fmt(alt))),
            None => (None, None),
        },
        (Expr::Weekday(wd, dir), Some(a)) => {
            let back = (weekday_of(a) - wd).rem_euclid(7) as i64; // 0..6 days back
            let fwd = (wd - weekday_of(a)).rem_euclid(7) as i64; // 0..6 days ahead
            let v = match dir {
                // The week ending the day after the anchor: wire copy datelined one day
                // often reports the next morning ("on Tuesday" under a Monday dateline).
                Dir::News | Dir::Nearest => add_days(a, if back == 6 { 1 } else { -back }),
                Dir::Last => add_days(a, -(if back == 0 { 7 } else { back })),
                Dir::Next => add_days(a, if fwd == 0 { 7 } else { fwd }),
                Dir::This => add_days(a, (wd - weekday_of(a)) as i64),
                Dir::LastWeek => add_days(a, (wd - weekday_of(a)) as i64 - 7),
                Dir::NextWeek => add_days(a, (wd - weekday_of(a)) as i64 + 7),
            };
            let alt = match dir {
                // The forward reading: today is not "the coming Tuesday" on a Tuesday.
                Dir::News | Dir::Nearest => add_days(
                    a,
                    if fwd == 0 {
                        7
                    } else if back == 6 {
                        -6
                    } else {
                        fwd
                    },
                )
                .map(fmt),
                _ => None,
            };
            (v.map(fmt), alt)
        }
        (Expr::Offset { unit, n, .. }, Some(a)) => (add(a, unit, n).map(fmt), None),
        (Expr::Month(None, m, dir), Some(a)) => {
            let y = a.year();
            let here = (y as i32) * 12 + a.month() as i32;
            let at = |yy: i16| (yy as i32) * 12 + m as i32;
            let before = if at(y) <= here { y } else { y - 1 };
            let after = if at(y) >= here { y } else { y + 1 };
            let pick = match dir {
                Dir::Last => {
                    if at(y) < here {
                        y
                    } else {
                        y - 1
                    }
                }
                Dir::Next => {
                    if at(y) > here {
                        y
                    } else {
                        y + 1
                    }
                }
                _ => {
                    if here - at(before) <= at(after) - here {
                        before
                    } else {
                        after
                    }
                }
            };
            let other = if pick == before { after } else { before };
            let alt = matches!(dir, Dir::Nearest).then(|| format!("{other:04}-{m:02}"));
            (Some(format!("{pick:04}-{m:02}")), alt)
        }
    }
}

impl DateFinder {
    /// Builds the stage from `lexicons/{fr,en}/dates.toml`, compiling every rule once.
    pub fn new(lex: &Lexicons) -> Result<DateFinder, Errors> {
        let fr = LangDates::load(lex, Lang::Fr);
        let en = LangDates::load(lex, Lang::En);
        match (fr, en) {
            (Ok(fr), Ok(en)) => Ok(DateFinder {
                langs: [fr, en],
                holders: office_holders(lex),
            }),
            (Err(mut a), Err(b)) => {
                a.0.extend(b.0);
                Err(a)
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
        }
    }

    fn lang(&self, lang: Lang) -> &LangDates {
        match lang {
            Lang::Fr => &self.langs[0],
            Lang::En => &self.langs[1],
        }
    }

    /// Finds and resolves the expressions of a piece of text against `anchor` (no document,
    /// no dateline logic): the entry point for tests and tools.
    pub fn parse(&self, text: &str, lang: Lang, anchor: Option<Date>) -> Vec<Parsed> {
        let l = self.lang(lang);
        let mut found = Vec::new();
        l.scan(text, Span::new(0, text.len()), &mut found);
        found
            .iter()
            .map(|f| {
                let (value, alt) = resolve(&f.expr, anchor);
                Parsed {
                    span: f.span,
                    rule: l.rules[f.rule].id.clone(),
                    value,
                    alt,
                    precision: expr_precision(&f.expr),
                }
            })
            .collect()
    }

    /// Finds and resolves the date expressions of `doc`.
    pub fn find(&self, doc: &Document, anchor: Option<Date>) -> Dated {
        let l = self.lang(doc.lang);
        let text = doc.text.as_str();
        let mut found = Vec::new();
        for p in &doc.paragraphs {
            l.scan(text, *p, &mut found);
        }
        let mut out = Dated::default();

        // The dateline's date: the first day expression inside the dateline.
        let dateline = doc.meta.dateline.as_ref().and_then(|d| d.span);
        let dateline_expr = dateline.and_then(|dl| {
            found
                .iter()
                .find(|f| f.span.start >= dl.start && f.span.end <= dl.end)
                .and_then(|f| match f.expr {
                    Expr::Day { y, m, d, .. } => Some((y, m, d)),
                    _ => None,
                })
        });
        let fetched = doc
            .source
            .fetched
            .as_deref()
            .and_then(|f| f.get(..10))
            .and_then(|f| f.parse::<Date>().ok());
        let dateline_date = dateline_expr.and_then(|(y, m, d)| match y {
            Some(y) => Date::new(full_year(y, fetched), m, d).ok(),
            None => {
                let tenures = self.tenures(text);
                infer_year(m, d, &found, &tenures, fetched)
            }
        });

        // The publication date: the markup's, else a removed "Publié le ..." line's.
        let mut published = doc
            .meta
            .published
            .as_deref()
            .and_then(|p| p.get(..10))
            .and_then(|p| p.parse::<Date>().ok());
        if published.is_none() {
            for r in doc.removed.iter().filter(|r| r.reason == "timestamp") {
                let mut f = Vec::new();
                l.scan(text, r.span, &mut f);
                published = f.iter().find_map(|f| match f.expr {
                    Expr::Day {
                        y: Some(y), m, d, ..
                    } => Date::new(full_year(y, fetched), m, d).ok(),
                    _ => None,
                });
                if published.is_some() {
                    break;
                }
            }
        }
        let anchor = anchor.or(dateline_date).or(published);
        let anchor_s = anchor.map(|a| a.to_string());
        out.dateline_date = dateline_date.map(|d| d.to_string());
        out.published = published.or(dateline_date).map(|d| d.to_string());
        out.dates = found
            .iter()
            .map(|f| {
                let (value, _) = resolve(&f.expr, anchor);
                DateMention {
                    text: text[f.span.start..f.span.end].to_string(),
                    span: f.span,
                    value,
                    precision: expr_precision(&f.expr),
                    anchor: anchor_s.clone(),
                    rule: l.rules[f.rule].id.clone(),
                }
            })
            .collect();
        out
    }

    /// The tenures (first and last year) of the office holders `text` names.
    fn tenures(&self, text: &str) -> Vec<(i16, i16)> {
        let Some(holders) = &self.holders else {
            return Vec::new();
        };
        let mut out: Vec<(i16, i16)> = Vec::new();
        holders.find(text, |k| out.extend(holders.years.get(k).copied()));
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Runs the date rules' embedded examples.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        let mut out = Vec::new();
        for l in &self.langs {
            for r in &l.rules {
                let fail = |example: &str, message: String| ExampleFailure {
                    file: l.file.clone(),
                    rule: r.id.clone(),
                    example: example.to_string(),
                    message,
                };
                if let Err(e) = r.regex.get() {
                    out.push(fail("", format!("the pattern does not compile: {e}")));
                    continue;
                }
                for ex in &r.examples {
                    let anchor = match ex.anchor.as_str() {
                        "" => None,
                        a => match a.parse::<Date>() {
                            Ok(d) => Some(d),
                            Err(e) => {
                                out.push(fail(&ex.text, format!("bad anchor: {e}")));
                                continue;
                            }
                        },
                    };
                    let got = self.parse(&ex.text, l.lang, anchor);
                    let mine: Vec<&Parsed> = got.iter().filter(|p| p.rule == r.id).collect();
                    let want = (ex.value != "null").then_some(ex.value.as_str());
                    if !mine.iter().any(|p| p.value.as_deref() == want) {
                        out.push(fail(
                            &ex.text,
                            format!(
                                "expected {want:?}, got {:?}",
                                got.iter()
                                    .map(|p| (p.rule.as_str(), p.value.as_deref()))
                                    .collect::<Vec<_>>()
                            ),
                        ));
                    }
                }
                for ex in &r.not {
                    let got = self.parse(ex, l.lang, Date::new(2022, 3, 17).ok());
                    if got.iter().any(|p| p.rule == r.id) {
                        out.push(fail(ex, "expected no match".into()));
                    }
                }
            }
        }
        out
    }
}

/// Office holders' names and tenure years from `actors/office-holders.tsv` (full name in the
/// first column, `from` and `to` dates in the last two; `-` = still in office), when the file is
/// present.
fn office_holders(lex: &Lexicons) -> Option<Holders> {
    let file = lex.get("actors/office-holders.tsv")?;
    let mut names = Vec::new();
    let mut years = Vec::new();
    for (_, row) in file.tsv_rows() {
        let (Some(name), Some(from), Some(to)) =
            (row.first(), row.get(row.len().wrapping_sub(2)), row.last())
        else {
            continue;
        };
        let year = |s: &str| s.get(..4).and_then(|y| y.parse::<i16>().ok());
        let (Some(from), to) = (year(from), year(to)) else {
            continue;
        };
        if name.split_whitespace().count() < 2 || row.len() < 3 {
            continue;
        }
        names.push(name.to_string());
        years.push((from, to.unwrap_or(i16::MAX)));
    }
    let ac = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .start_kind(aho_corasick::StartKind::Both)
        .build(&names)
        .ok()?;
    let (mut first, mut starts) = ([false; 256], Box::new([0u64; 1024]));
    for name in &names {
        let b = name.as_bytes();
        let Some(&b0) = b.first() else { continue };
        first[usize::from(b0)] = true;
        let seconds = match b.get(1) {
            Some(&b1) => b1..=b1,
            None => 0..=u8::MAX,
        };
        for b1 in seconds {
            let pair = usize::from(b0) << 8 | usize::from(b1);
            starts[pair / 64] |= 1 << (pair % 64);
        }
    }
    Some(Holders {
        ac,
        first,
        starts,
        years,
    })
}

/// The year of a year-less dateline date, from the weekdays the article names and the tenures
/// of the office holders it names (see the module docs); the fetch date settles it when the
/// text does not.
fn infer_year(
    m: i8,
    d: i8,
    found: &[Found],
    tenures: &[(i16, i16)],
    fetched: Option<Date>,
) -> Option<Date> {
    let reference = fetched.map_or_else(|| jiff::Zoned::now().date().year(), |f| f.year());
    let mut best: Option<(i32, Date)> = None;
    for y in (reference - YEAR_WINDOW..=reference).rev() {
        let Ok(date) = Date::new(y, m, d) else {
            continue;
        };
        if fetched.is_some_and(|f| date > f) {
            continue;
        }
        let wd = weekday_of(date);
        let prev = add_days(date, -1).map(weekday_of);
        let mut score = 0;
        for f in found {
            match f.expr {
                Expr::Weekday(w, Dir::News) => {
                    if w == wd {
                        score += 2;
                    } else if Some(w) == prev {
                        score += 1;
                    }
                }
                Expr::Day {
                    y: None,
                    m: m2,
                    d: d2,
                    weekday: Some(w),
                } => {
                    if let Some((x, _)) = nearest_md(date, m2, d2) {
                        score += if weekday_of(x) == w { 3 } else { -3 };
                    }
                }
                _ => {}
            }
        }
        // Weekdays are the evidence; a named office holder's tenure only breaks their ties.
        let evidence = score > 0;
        for &(from, to) in tenures {
            score += if (from..=to).contains(&y) { 3 } else { -3 };
        }
        if evidence && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, date));
        }
    }
    match best {
        Some((_, date)) => Some(date),
        // No evidence in the text: the fetch date settles the year (latest not after it).
        _ => fetched.and_then(|f| {
            (f.year() - 1..=f.year())
                .rev()
                .filter_map(|y| Date::new(y, m, d).ok())
                .find(|x| *x <= f)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_holders_found_as_find_iter_finds_them() {
        let holders = office_holders(&Lexicons::embedded()).expect("office holders load");
        let mut texts = crate::text::dev_articles();
        texts.push("Joe BidenJoe Biden, Emmanuel Macron Emmanuel Macro".into());
        texts.push(crate::text::sample_chars().collect());
        let mut names = 0;
        for t in &texts {
            let mut fast = Vec::new();
            holders.find(t, |k| fast.push(k));
            let slow: Vec<usize> = holders
                .ac
                .find_iter(t.as_str())
                .map(|m| m.pattern().as_usize())
                .collect();
            assert_eq!(fast, slow, "{}", &t[..t.len().min(200)]);
            names += fast.len();
        }
        assert!(names >= 3, "only {names} names found");
    }

    #[test]
    fn key_shortcut_is_key() {
        let mut words: Vec<String> = crate::text::sample_chars()
            .flat_map(|c| {
                [
                    format!("{c}"),
                    format!("ab{c}"),
                    format!("{c}x."),
                    format!("a {c}b"),
                ]
            })
            .collect();
        words.extend(["", ".", "mars", "Mars", "mar.", "l'an", "d’ici", "a  b"].map(String::from));
        for w in &words {
            assert_eq!(key_of(w), key_slow(w), "{w:?}");
        }
    }

    fn finder() -> DateFinder {
        DateFinder::new(&Lexicons::embedded()).unwrap()
    }

    #[test]
    fn examples_pass() {
        let f = finder().check_examples();
        assert!(
            f.is_empty(),
            "{}",
            f.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    #[test]
    fn dateline_year_from_weekday_and_tenure() {
        let f = finder();
        let scan = |t: &str| {
            let mut found = Vec::new();
            f.lang(Lang::En).scan(t, Span::new(0, t.len()), &mut found);
            found
        };
        let fetched = Date::new(2026, 6, 1).ok();
        // 14 January is a Tuesday in 2020 and 2025: the most recent wins...
        let found = scan("The adviser said on Tuesday.");
        assert_eq!(
            infer_year(1, 14, &found, &[], fetched),
            Date::new(2025, 1, 14).ok()
        );
        // ...unless a named office holder served only in 2016-2020.
        assert_eq!(
            infer_year(1, 14, &found, &[(2016, 2020)], fetched),
            Date::new(2020, 1, 14).ok()
        );
        // No weekday: no year (the fetch date is after the date, so it settles it).
        assert_eq!(
            infer_year(1, 14, &scan("No day named."), &[], fetched),
            Date::new(2026, 1, 14).ok()
        );
        assert_eq!(infer_year(1, 14, &scan("No day named."), &[], None), None);
    }

    /// The dev articles, and the extended corpus where it is present (each line a paragraph,
    /// and the whole text as one).
    fn sample_texts() -> Vec<String> {
        let mut texts: Vec<String> = Vec::new();
        for c in crate::text::sample_chars() {
            texts.push(format!(
                "le 4{c} novembre, {c}jeudi 31 octobre 2013{c} il y a {c}2 ans"
            ));
            texts.push(format!(
                "On Monday{c}, 3 May{c} 2021 last week{c} 12/03/2020 in 20{c}21"
            ));
        }
        texts.extend(crate::text::texts_in(&[
            "shared/examples/seed",
            "shared/gold/fr-dev",
            "shared/gold/en-dev",
            "tools/corpus/fr",
            "tools/corpus/en",
        ]));
        texts
    }

    #[test]
    fn scan_from_the_first_match_is_the_scan_of_the_whole_paragraph() {
        let f = finder();
        assert!(
            f.langs.iter().all(|l| l.fast.is_some()),
            "the rules are bounded"
        );
        let mut found = 0;
        for t in &sample_texts() {
            let mut at = 0;
            let mut paras = vec![Span::new(0, t.len())];
            for p in t.split('\n') {
                paras.push(Span::new(at, at + p.len()));
                at += p.len() + 1;
            }
            for l in &f.langs {
                for &p in &paras {
                    let (mut fast, mut slow) = (Vec::new(), Vec::new());
                    l.scan(t, p, &mut fast);
                    l.scan_reference(t, p, &mut slow);
                    let key = |v: &[Found]| {
                        v.iter()
                            .map(|f| (f.span, f.rule, f.expr))
                            .collect::<Vec<_>>()
                    };
                    assert_eq!(key(&fast), key(&slow), "{:?}", &t[p.start..p.end]);
                    found += fast.len();
                }
            }
        }
        assert!(found > 100, "{found} expressions");
    }

    #[test]
    fn group_indices_are_the_groups_by_name() {
        let f = finder();
        let texts = sample_texts();
        let mut seen = 0;
        for l in &f.langs {
            for r in &l.rules {
                let Ok(regex) = r.regex.get() else { continue };
                let groups = groups_of(regex);
                let examples = r.examples.iter().map(|e| e.text.as_str());
                for t in examples.chain(texts.iter().take(400).map(String::as_str)) {
                    for c in regex.captures_iter(t) {
                        for (g, name) in GROUP_NAMES.iter().enumerate() {
                            let by_name = if *name == "m" {
                                c.name("m")
                            } else {
                                c.name(name)
                                    .or_else(|| c.name(&format!("{name}__2")))
                                    .or_else(|| c.name(&format!("{name}__3")))
                            };
                            let by_index = groups[g]
                                .iter()
                                .take(if *name == "m" { 1 } else { 3 })
                                .flatten()
                                .find_map(|&i| c.get(i));
                            assert_eq!(by_name, by_index, "{} {name} {t:?}", r.id);
                            seen += usize::from(by_name.is_some());
                        }
                    }
                }
            }
        }
        assert!(seen > 1000, "{seen} groups");
    }

    #[test]
    fn weeks_are_iso() {
        assert_eq!(
            format_at(Date::new(2022, 3, 17).unwrap(), Precision::Week),
            "2022-W11"
        );
        assert_eq!(
            format_at(Date::new(2021, 1, 2).unwrap(), Precision::Week),
            "2020-W53"
        );
    }
}
