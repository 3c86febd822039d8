//! Metadata read from the text itself: headline, section, dateline, byline, publication date.
//! Markup hints (HTML, JSON-LD, news-please records) take precedence where present.
//!
//! - Headline: the hint; else the paragraph that a breadcrumb's truncated copy points to (the
//!   full headline, not the "..." copy); else the first body paragraph that is not a dateline
//!   or byline.
//! - Section: the hint; else the breadcrumb trail without its home item, its generic items
//!   ("Dernières minutes", `furniture.toml` `[breadcrumb]`) and the truncated headline: its last
//!   remaining item ("Accueil Dernières minutes L'International La Russie nie..." ->
//!   "L'International"; "Accueil > Monde > Europe" -> "Europe"). Without separators, items
//!   are cut before capitalised words ("Accueil Monde Europe ..." -> "Europe"), so a two-word
//!   section written with two capitals loses its first word.
//! - Dateline: the start of one of the first paragraphs, "Place[, Region][, date] [(Agency)] –"
//!   ("Paris, 17 Mar. (Cinktank.com) –", "WASHINGTON (Reuters) -", "MOSCOU —"). The span
//!   covers the whole dateline; the date is left for the date stage to resolve (it may need the
//!   year inferred from the article).
//! - Byline: a short line "Par Jean Dupont", "By Jane Doe and John Smith, CNN", "(avec AFP)"
//!   near the top or at the end (`lexicons/{fr,en}/meta.toml`).
//! - Published: the hint, as `YYYY-MM-DD`; the date stage fills it from the dateline or a
//!   "Publié le ..." line otherwise.

use regex::Regex;
use serde::Deserialize;
use vigie_doc::{Dateline, Document, Hints, Lang, Meta, Span};
use vigie_lexicon::{Error, Errors, ExampleFailure, Lexicons};

use crate::clean::{self, BreadcrumbWords};
use crate::lazy::loosen;

/// How many leading paragraphs may hold the dateline or byline.
const HEAD_PARAGRAPHS: usize = 5;

/// The metadata stage.
#[derive(Debug)]
pub struct MetaReader {
    langs: [LangMeta; 2],
    dateline: Regex,
}

#[derive(Debug)]
struct LangMeta {
    file: String,
    byline: Prefiltered,
    with_agency: Prefiltered,
    breadcrumb: Crumbs,
    examples: Vec<MetaExample>,
}

/// The breadcrumb words of `furniture.toml`, normalised once ([`crate::text::normalize`]) for
/// [`section_of`].
#[derive(Debug)]
struct Crumbs {
    /// The home and generic items, in that order, each as its normalised words.
    phrases: Vec<Vec<String>>,
    /// The same items, each normalised whole.
    items: Vec<String>,
}

impl Crumbs {
    fn new(words: &BreadcrumbWords) -> Crumbs {
        let all = || words.home.iter().chain(&words.generic);
        Crumbs {
            phrases: all()
                .map(|w| {
                    crate::text::normalize(w)
                        .split_whitespace()
                        .map(str::to_string)
                        .collect()
                })
                .collect(),
            items: all().map(|w| crate::text::normalize(w)).collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetaFile {
    #[allow(dead_code)]
    version: String,
    byline: Vec<String>,
    with: Vec<String>,
    agencies: Vec<String>,
    #[serde(default)]
    example: Vec<MetaExample>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetaExample {
    kind: String,
    text: String,
    byline: Option<String>,
    place: Option<String>,
    date: Option<String>,
    agency: Option<String>,
}

/// A dateline read from the start of a paragraph, before its date is resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawDateline {
    /// The place as written.
    pub place: String,
    /// The date as written, and where.
    pub date: Option<Span>,
    /// The agency in parentheses.
    pub agency: Option<String>,
    /// The whole dateline, dash included.
    pub span: Span,
}

fn alternation(words: &[String]) -> String {
    let mut w: Vec<&String> = words.iter().collect();
    w.sort_by_key(|s| std::cmp::Reverse(s.len()));
    w.iter()
        .map(|s| regex::escape(s).replace('\'', "['’]").replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

const NAME: &str = r"\p{Lu}[\p{L}'’\-.]*(?:\s+(?:(?:de|du|des|van|von|der|den|da|di|le|la|bin|al|el|ben)\s+)?\p{Lu}[\p{L}'’\-.]*){0,3}";

impl LangMeta {
    fn load(lex: &Lexicons, lang: &str, cleaner_words: BreadcrumbWords) -> Result<LangMeta, Error> {
        let name = format!("lexicons/{lang}/meta.toml");
        let f: MetaFile = lex.require(&name)?.toml()?;
        let by = alternation(&f.byline);
        let with = alternation(&f.with);
        let ag = alternation(&f.agencies);
        let names = format!(r"{NAME}(?:\s*(?:,|&|\bet\b|\band\b)\s*{NAME}){{0,4}}");
        let byline = format!(
            r"^(?i:{by})\s+(?P<who>{names}(?:\s*[,;/–-]?\s*(?:(?i:{with})\s+)?(?:{ag}|{NAME}))?)\s*\.?$"
        );
        let with_agency =
            format!(r"^\(?(?P<who>(?i:{with})\s+(?:{ag})(?:\s*(?:,|/|et|and)\s*(?:{ag}))*)\)?\.?$");
        let compile = |p: &str| Prefiltered::new(p).map_err(|e| Error::at(&name, None, e));
        Ok(LangMeta {
            byline: compile(&byline)?,
            with_agency: compile(&with_agency)?,
            file: name.clone(),
            breadcrumb: Crumbs::new(&cleaner_words),
            examples: f.example,
        })
    }
}

impl MetaReader {
    /// Builds the stage from `lexicons/{fr,en}/meta.toml` (and the breadcrumb words of
    /// `furniture.toml`).
    pub fn new(lex: &Lexicons) -> Result<MetaReader, Errors> {
        let mut errors = Errors::default();
        let mut load = |lang: &str| {
            clean::breadcrumb_words(lex, lang)
                .and_then(|words| LangMeta::load(lex, lang, words))
                .map_err(|e| errors.push(e))
                .ok()
        };
        let fr = load("fr");
        let en = load("en");
        // Place: capitalised words (with particles); optional region; optional date; optional
        // agency; then a dash.
        let place = r"\p{Lu}[\p{L}'’.\-]*(?:[ \-](?:\p{Lu}[\p{L}'’.\-]*|de|du|des|la|le|les|sur|en|am|upon|el|d['’]\p{Lu}\p{L}*)){0,4}";
        let date = r"(?:(?:le|on)\s+)?(?:\p{L}+\.?,?\s+)?(?:\d{1,2}(?:er|st|nd|rd|th)?\s+\p{L}{3,}\.?(?:\s+\d{4})?|\p{L}{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})";
        let pattern = format!(
            r"^(?P<place>{place})(?:\s*,\s*(?P<date>{date}))?(?:\s*(?:,\s*(?P<region>\p{{Lu}}[\p{{L}}.]*(?:\s\p{{Lu}}[\p{{L}}.]*)?)\s*)?\((?P<agency>[^()\n]{{2,40}})\))?\s*(?P<dash>[–—]|--?|:)?"
        );
        let dateline = big_regex(&pattern)
            .map_err(|e| errors.push(Error::at("meta.rs", None, e.to_string())))
            .ok();
        match (fr, en, dateline) {
            (Some(fr), Some(en), Some(dateline)) if errors.0.is_empty() => Ok(MetaReader {
                langs: [fr, en],
                dateline,
            }),
            _ => Err(errors),
        }
    }

    fn lang(&self, lang: Lang) -> &LangMeta {
        match lang {
            Lang::Fr => &self.langs[0],
            Lang::En => &self.langs[1],
        }
    }

    /// Reads the dateline at the start of `text[span]`, if it has one.
    pub fn dateline_at(&self, text: &str, span: Span) -> Option<RawDateline> {
        let s = text.get(span.start..span.end)?;
        // The match alone first (no groups: a cheaper search), as most paragraphs open with a
        // capitalised word that matches as a place and nothing else. A dateline's match ends
        // with its dash (the last group) or leaves nothing of the paragraph; else none.
        let m = self.dateline.find(s)?;
        if !s[..m.end()].ends_with(['–', '—', '-']) && !s[m.end()..].trim().is_empty() {
            return None;
        }
        self.dateline_of(s, span)
    }

    /// [`MetaReader::dateline_at`] without the shortcut: `s` is `text[span]`.
    fn dateline_of(&self, s: &str, span: Span) -> Option<RawDateline> {
        let c = self.dateline.captures(s)?;
        let place = c.name("place")?;
        let date = c.name("date");
        let agency = c.name("agency");
        let dash = c.name("dash");
        let whole = c.get(0)?;
        let rest = s[whole.end()..].trim();
        let place_s = place.as_str();
        let all_caps = place_s.chars().any(char::is_alphabetic)
            && !place_s.chars().any(char::is_lowercase)
            && place_s.chars().filter(|c| c.is_alphabetic()).count() >= 3;
        let is_dash = dash.is_some_and(|d| d.as_str() != ":");
        // What makes it a dateline: a date or an agency, ended by a dash or by the paragraph;
        // or an all-caps place followed by a dash.
        let ok = ((date.is_some() || agency.is_some()) && (is_dash || rest.is_empty()))
            || (all_caps && is_dash);
        if !ok {
            return None;
        }
        // Trailing spaces are not part of the dateline.
        let end = whole.start() + s[whole.start()..whole.end()].trim_end().len();
        Some(RawDateline {
            place: place_s.to_string(),
            date: date.map(|d| Span::new(span.start + d.start(), span.start + d.end())),
            agency: agency.map(|a| a.as_str().trim().to_string()),
            span: Span::new(span.start + whole.start(), span.start + end),
        })
    }

    /// The byline a short paragraph states, if it is one.
    fn byline_of(&self, s: &str, lang: Lang) -> Option<String> {
        if s.len() > 160 {
            return None;
        }
        let l = self.lang(lang);
        let c = l.byline.captures(s).or_else(|| l.with_agency.captures(s))?;
        Some(c.name("who")?.as_str().trim().to_string())
    }

    /// Reads the metadata of `doc` (paragraphs and removed blocks set by `clean`).
    pub fn read(&self, doc: &Document, hints: &Hints) -> Meta {
        let text = doc.text.as_str();
        let l = self.lang(doc.lang);
        let mut meta = Meta {
            headline: hints.title.as_ref().map(|t| t.trim().to_string()),
            section: hints.section.as_ref().map(|t| t.trim().to_string()),
            byline: hints.author.as_ref().map(|t| t.trim().to_string()),
            published: hints.published.as_deref().and_then(iso_day),
            ..Meta::default()
        };
        // The breadcrumb: the full headline its truncated copy points to, and the section.
        // (the blocks only when there is a breadcrumb: most texts have none)
        let mut blocks = None;
        let mut trails = Vec::new();
        for r in doc.removed.iter().filter(|r| r.reason == "breadcrumb") {
            let blocks = blocks.get_or_insert_with(|| clean::blocks(text));
            let later: Vec<Span> = blocks
                .iter()
                .copied()
                .filter(|b| b.start > r.span.start)
                .collect();
            let title = clean::truncated_title(text, r.span, &later);
            if meta.headline.is_none() {
                if let Some((_, para)) = title {
                    meta.headline = Some(text[para.start..para.end].trim().to_string());
                }
            }
            trails.push(&text[r.span.start..title.map_or(r.span.end, |(at, _)| at)]);
        }
        let head = doc.paragraphs.iter().take(HEAD_PARAGRAPHS);
        let mut dateline_para = None;
        for (k, p) in head.enumerate() {
            if let Some(d) = self.dateline_at(text, *p) {
                meta.dateline = Some(Dateline {
                    place: Some(d.place),
                    date: None,
                    agency: d.agency,
                    span: Some(d.span),
                });
                dateline_para = Some(k);
                break;
            }
        }
        if meta.byline.is_none() {
            let n = doc.paragraphs.len();
            let candidates = doc.paragraphs.iter().take(HEAD_PARAGRAPHS).chain(
                doc.paragraphs
                    .iter()
                    .skip(n.saturating_sub(2).max(HEAD_PARAGRAPHS)),
            );
            for p in candidates {
                if let Some(b) = self.byline_of(&text[p.start..p.end], doc.lang) {
                    meta.byline = Some(b);
                    break;
                }
            }
        }
        if meta.headline.is_none() {
            meta.headline = doc
                .paragraphs
                .iter()
                .enumerate()
                .find(|(k, p)| {
                    Some(*k) != dateline_para
                        && self.byline_of(&text[p.start..p.end], doc.lang).is_none()
                })
                .map(|(_, p)| text[p.start..p.end].trim().to_string());
        }
        if meta.section.is_none() {
            let headline = meta.headline.as_deref().unwrap_or("");
            meta.section = trails
                .iter()
                .find_map(|t| section_of(t, &l.breadcrumb, headline));
        }
        meta
    }

    /// Runs the metadata rules' embedded examples.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        let mut out = Vec::new();
        for (lang, l) in [(Lang::Fr, &self.langs[0]), (Lang::En, &self.langs[1])] {
            for ex in &l.examples {
                let span = Span::new(0, ex.text.len());
                let got: Vec<(&str, String)> = if ex.kind == "byline" {
                    vec![("byline", self.byline_of(&ex.text, lang).unwrap_or_default())]
                } else {
                    let d = self.dateline_at(&ex.text, span);
                    vec![
                        (
                            "place",
                            d.as_ref().map(|d| d.place.clone()).unwrap_or_default(),
                        ),
                        (
                            "date",
                            d.as_ref()
                                .and_then(|d| d.date)
                                .map(|s| ex.text[s.start..s.end].to_string())
                                .unwrap_or_default(),
                        ),
                        (
                            "agency",
                            d.as_ref()
                                .and_then(|d| d.agency.clone())
                                .unwrap_or_default(),
                        ),
                    ]
                };
                for (field, value) in got {
                    let want = match field {
                        "byline" => ex.byline.as_deref(),
                        "place" => ex.place.as_deref(),
                        "date" => ex.date.as_deref().or(ex.place.as_ref().map(|_| "")),
                        _ => ex.agency.as_deref().or(ex.place.as_ref().map(|_| "")),
                    };
                    if let Some(want) = want {
                        if want != value {
                            out.push(ExampleFailure {
                                file: l.file.clone(),
                                rule: format!("{lang}/meta:{}", ex.kind),
                                example: ex.text.clone(),
                                message: format!("{field}: expected {want:?}, got {value:?}"),
                            });
                        }
                    }
                }
            }
        }
        out
    }
}

/// `YYYY-MM-DD` from an ISO 8601 date or timestamp.
fn iso_day(s: &str) -> Option<String> {
    let s = s.trim();
    let day = s.get(..10)?;
    day.parse::<jiff::civil::Date>().ok().map(|d| d.to_string())
}

/// The section a breadcrumb trail names: its last item that is neither the home item, nor a
/// generic item, nor a copy of the headline.
fn section_of(trail: &str, crumbs: &Crumbs, headline: &str) -> Option<String> {
    let seps: &[char] = &['>', '›', '»', '/', '|', '•', '·'];
    let mut items: Vec<String> = if trail.contains(seps) {
        trail
            .split(seps)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    } else {
        // No separators: remove the home and generic items as phrases, then cut what remains
        // before each capitalised word ("Monde Europe" -> "Monde", "Europe"; "Dernières
        // minutes" stays one item).
        let mut items: Vec<String> = Vec::new();
        for w in without_phrases(trail, &crumbs.phrases) {
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            match items.last_mut() {
                Some(last) if !capital => {
                    last.push(' ');
                    last.push_str(w);
                }
                _ => items.push(w.to_string()),
            }
        }
        items
    };
    let is_generic = |it: &str| {
        let n = crate::text::normalize(it);
        crumbs.items.contains(&n)
    };
    items.retain(|it| {
        let bare = it.trim_end_matches(['.', '…']).trim_end();
        let words = bare.split_whitespace().count();
        let headline_copy =
            words > 2 && headline.len() > bare.len() / 2 && clean::starts_with_ws(headline, bare);
        !(bare.is_empty() || is_generic(bare) || headline_copy || words > 6)
    });
    items.pop()
}

/// The words of `s` without each whole-word, case-insensitive occurrence of each phrase (its
/// normalised words), the phrases removed one after the other.
fn without_phrases<'s>(s: &'s str, phrases: &[Vec<String>]) -> Vec<&'s str> {
    // Lower-casing keeps byte lengths for the scripts we read only approximately, so work on
    // words instead of byte offsets; each word is normalised once.
    let mut words: Vec<(&str, String)> = s
        .split_whitespace()
        .map(|w| (w, crate::text::normalize(w)))
        .collect();
    for pw in phrases.iter().filter(|pw| !pw.is_empty()) {
        let mut kept = Vec::with_capacity(words.len());
        let mut i = 0;
        while i < words.len() {
            let matches = words
                .get(i..i + pw.len())
                .is_some_and(|w| w.iter().zip(pw).all(|((_, n), p)| n == p));
            if matches {
                i += pw.len();
            } else {
                kept.push(std::mem::take(&mut words[i]));
                i += 1;
            }
        }
        words = kept;
    }
    words.into_iter().map(|(w, _)| w).collect()
}

/// A byline pattern and its loosened form ([`loosen`]), which is tested first: most paragraphs
/// are not bylines. The loose regex has no word boundaries, so its lazy DFA reads any text,
/// where the strict one's gives up at the first non-ASCII char (a paragraph opening with « or
/// À) and a backtracker reads the paragraph instead.
#[derive(Debug)]
struct Prefiltered {
    loose: Regex,
    strict: Regex,
}

impl Prefiltered {
    fn new(pattern: &str) -> Result<Prefiltered, String> {
        let loose = loosen(pattern)?;
        Ok(Prefiltered {
            loose: big_regex(&loose).map_err(|e| e.to_string())?,
            strict: big_regex(pattern).map_err(|e| e.to_string())?,
        })
    }

    /// The strict regex's groups in `s` (the loose one matches wherever it does).
    fn captures<'s>(&self, s: &'s str) -> Option<regex::Captures<'s>> {
        if !self.loose.is_match(s) {
            return None;
        }
        self.strict.captures(s)
    }
}

/// A regex with room for its lazy DFA: the dateline and byline patterns carry large Unicode
/// classes, and with the default cache the DFA gives up and a slower engine runs.
fn big_regex(pattern: &str) -> Result<Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .dfa_size_limit(16 << 20)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_of_a_trail_without_separators() {
        let lex = Lexicons::embedded();
        let crumbs = Crumbs::new(&clean::breadcrumb_words(&lex, "fr").expect("furniture"));
        let section = |trail: &str| section_of(trail, &crumbs, "La Russie nie tout");
        assert_eq!(section("Accueil Monde Europe").as_deref(), Some("Europe"));
        assert_eq!(
            section("ACCUEIL  Dernières minutes  Vie politique").as_deref(),
            Some("Vie politique")
        );
        assert_eq!(section("Accueil Dernière minute Actualités"), None);
        assert_eq!(
            section("Page d'accueil Info L'International").as_deref(),
            Some("L'International")
        );
        assert_eq!(
            without_phrases("à la une  À LA UNE Sport", &crumbs.phrases),
            vec!["Sport"]
        );
    }

    #[test]
    fn byline_prefilter_changes_nothing() {
        let meta = MetaReader::new(&Lexicons::embedded()).expect("lexicons");
        let mut texts: Vec<String> = crate::text::sample_chars()
            .flat_map(|c| {
                [
                    format!("Par Jean{c}Dupont et Marie Martin, avec AFP"),
                    format!("{c}Par Jean Dupont"),
                    format!("By Jane Doe{c} and John Roe"),
                    format!("(avec AFP{c})"),
                    format!("Propos recueillis par Élodie{c}Bé"),
                ]
            })
            .collect();
        for t in crate::text::dev_articles() {
            texts.extend(t.lines().map(str::to_string));
        }
        let mut found = 0;
        for l in &meta.langs {
            for p in [&l.byline, &l.with_agency] {
                for t in &texts {
                    let spans = |c: Option<regex::Captures>| {
                        c.map(|c| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>())
                    };
                    let got = spans(p.captures(t));
                    assert_eq!(got, spans(p.strict.captures(t)), "{t:?}");
                    found += usize::from(got.is_some());
                }
            }
        }
        assert!(found >= 100, "{found}");
    }

    #[test]
    fn dateline_shortcut_changes_nothing() {
        let meta = MetaReader::new(&Lexicons::embedded()).expect("lexicons");
        let mut texts: Vec<String> = vec![
            "PARIS - Le texte.".into(),
            "Paris, 17 mars (AFP) – Le texte".into(),
            "WASHINGTON (Reuters) -".into(),
            "MOSCOU —".into(),
            "Paris, le 3 mai".into(),
            "Le Caire, 2 juin (AFP)".into(),
            "Jean-Pierre a dit - oui".into(),
            "Paris-".into(),
            "Paris :".into(),
        ];
        for dir in ["examples/seed", "gold/fr-dev", "gold/en-dev"] {
            let d = format!("{}/../../../shared/{dir}", env!("CARGO_MANIFEST_DIR"));
            match std::fs::read_dir(&d) {
                Ok(entries) => {
                    for e in entries.flatten() {
                        if let Ok(t) = std::fs::read_to_string(e.path()) {
                            texts.extend(t.lines().map(str::to_string));
                        }
                    }
                }
                Err(_) => println!("SKIP the dev articles: {d} is absent"),
            }
        }
        let mut found = 0;
        for t in &texts {
            // every suffix that starts a word, so that most lines open with a capital somewhere
            for (i, _) in t
                .char_indices()
                .filter(|&(i, _)| i == 0 || t[..i].ends_with(' '))
            {
                let span = Span::new(i, t.len());
                let fast = meta.dateline_at(t, span);
                assert_eq!(fast, meta.dateline_of(&t[i..], span), "{:?}", &t[i..]);
                found += usize::from(fast.is_some());
            }
        }
        assert!(found >= 5, "{found}");
    }
}
