//! Entities: people, organisations and places, their mentions (names, titles, pronouns,
//! metonyms), coreference inside the article, and CAMEO-style actor codes.
//!
//! The stage reads the document's text within its paragraphs with its own light tokens
//! ([`scan`]), finds lexicon names and titles with Aho-Corasick automata built once
//! ([`lexicon`]), types capitalised name chunks by their context ([`recognition`]), groups
//! mentions into entities ([`coreference`]) and codes them ([`actors`]).

pub mod actors;
pub mod coreference;
pub mod lexicon;
pub mod recognition;
pub mod scan;

use std::borrow::Cow;

use serde::Deserialize;
use vigie_doc::{Document, Entity, EntityId, EntityType, Input, Lang, Mention, Span};
use vigie_lexicon::{Errors, ExampleFailure, Lexicons};

use lexicon::{EntityLexicon, NameKind};
use recognition::Ctx;

/// The rule of an entity typed by nothing but its capitals (see [`EntityFinder::prune_untyped`]).
pub const UNTYPED_RULE: &str = "entities/capitalised";

/// The entity stage.
#[derive(Debug)]
pub struct EntityFinder {
    lex: EntityLexicon,
    examples: [Option<Examples>; 2],
}

/// `lexicons/<lang>/entity-examples.toml`.
#[derive(Debug, Deserialize)]
struct Examples {
    #[allow(dead_code)]
    version: String,
    #[serde(default)]
    example: Vec<Example>,
    #[serde(default)]
    not: Vec<NotExample>,
}

#[derive(Debug, Deserialize)]
struct Example {
    rule: String,
    text: String,
    #[serde(rename = "type")]
    kind: String,
    name: String,
    actor: Option<String>,
}

#[derive(Debug, Deserialize)]
struct NotExample {
    rule: String,
    text: String,
    name: String,
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Fr => 0,
        Lang::En => 1,
    }
}

/// A one-paragraph document for an example.
fn example_doc(text: &str, lang: Lang) -> Document {
    let mut doc = Document::new(Input::from_text(text));
    doc.lang = lang;
    doc.paragraphs = vec![Span::new(0, text.len())];
    doc
}

impl EntityFinder {
    /// Builds the stage from its lexicons (countries, organisations, titles, first names).
    pub fn new(lex: &Lexicons) -> Result<EntityFinder, Errors> {
        let mut errors = Errors::default();
        let mut examples = [None, None];
        for lang in [Lang::Fr, Lang::En] {
            let name = format!("lexicons/{}/entity-examples.toml", lang.code());
            if let Some(f) = lex.get(&name) {
                match f.toml::<Examples>() {
                    Ok(x) => examples[lang_index(lang)] = Some(x),
                    Err(e) => errors.push(e),
                }
            }
        }
        let lexicon = EntityLexicon::load(lex).map_err(|e| {
            let mut all = errors.clone();
            all.0.extend(e.0);
            all
        })?;
        errors.into_result(EntityFinder {
            lex: lexicon,
            examples,
        })
    }

    /// Drops the names typed by nothing but their capitals (rule `entities/capitalised`, an
    /// organisation by default) that no quote or event refers to: once the later stages have
    /// run, a name that speaks or acts is an actor whatever it is, and one that does neither is
    /// as often a person, a place, a title of a work or a capitalised common word as an
    /// organisation (on HIPE-2022's French newspapers, 1 such mention in 9 is an organisation;
    /// `vigie score ner --per-rule`). Its words stay in the text and in search.
    pub fn prune_untyped(doc: &mut Document) {
        let acting: std::collections::HashSet<EntityId> = doc
            .quotes
            .iter()
            .filter_map(|q| q.speaker_id)
            .chain(
                doc.events
                    .iter()
                    .flat_map(|e| [e.source_id, e.target_id])
                    .flatten(),
            )
            .collect();
        doc.entities.retain(|e| {
            e.rule != UNTYPED_RULE || e.kind != EntityType::Organization || acting.contains(&e.id)
        });
    }

    /// The compiled lexicons (sizes are reported by `vigie lexicon check`).
    pub fn lexicon(&self) -> &EntityLexicon {
        &self.lex
    }

    /// Finds the entities of `doc`.
    pub fn find(&self, doc: &Document) -> Vec<Entity> {
        let whole = [Span::new(0, doc.text.len())];
        let paragraphs: &[Span] = if doc.paragraphs.is_empty() {
            &whole
        } else {
            &doc.paragraphs
        };
        let folded = scan::Folded::new(&doc.text);
        let toks = scan::tokenize(&doc.text, paragraphs, &folded);
        if toks.is_empty() {
            return Vec::new();
        }
        let hits = recognition::find_hits(&self.lex, &doc.text, &folded, &toks, doc.lang);
        let headline = headline_paragraphs(doc, paragraphs);
        let cx = Ctx::new(&self.lex, &doc.text, &toks, &hits, doc.lang, headline);
        let mut cands = recognition::recognise(&cx);
        // The dateline's agency ("(AFP)", "(Cinktank.com)") is furniture, not a mention; its
        // place is added below.
        if let Some(dl) = doc.meta.dateline.as_ref().and_then(|d| d.span) {
            cands.retain(|c| {
                !(c.span.start >= dl.start && c.span.end <= dl.end)
                    || doc.meta.dateline.as_ref().and_then(|d| d.place.as_deref())
                        == Some(doc.slice(c.span))
            });
        }
        // (a headline confirms its names in the body: a text that is all headline has none)
        if cx.headline.iter().any(|&h| h) && cx.headline.iter().any(|&h| !h) {
            confirm_headline(&cx, &mut cands);
        }
        let mut ents = coreference::assemble(&cx, cands);
        coreference::nominals(&cx, &mut ents);
        coreference::pronouns(&cx, &mut ents);

        // The dateline's place is a place entity ("Paris" -> FRA).
        let dateline_country = self.dateline_place(doc, &cx, &mut ents);
        let date = article_date(doc);
        let home = actors::home_country(&cx, &ents, dateline_country.as_deref());
        let codes = actors::code(&cx, &ents, home.as_deref(), date.as_deref());

        let mut out: Vec<Entity> = Vec::with_capacity(ents.len());
        for (e, actor) in ents.into_iter().zip(codes) {
            let mut mentions = e.mentions;
            mentions.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
            mentions.dedup_by_key(|m| m.span);
            // Mentions are made without their text: copied here, once per kept mention.
            for m in &mut mentions {
                m.text = doc.slice(m.span).to_string();
            }
            let Some(first) = mentions.first().map(|m| m.span.start) else {
                continue;
            };
            let name = e
                .full_name
                .clone()
                .unwrap_or_else(|| doc.slice(e.name_span).to_string());
            let role = e
                .role
                .map(|r| doc.slice(coreference::strip_det(&cx, r)).trim().to_string())
                .or(e.lex_role)
                .filter(|r| !r.is_empty());
            out.push(Entity {
                id: EntityId(first as u32),
                kind: e.kind,
                name,
                gender: if e.kind == EntityType::Person {
                    e.gender
                } else {
                    None
                },
                role,
                actor,
                mentions,
                rule: e.rule.as_str().to_string(),
            });
        }
        out.sort_by_key(|e| e.mentions.first().map(|m| m.span.start));
        for (i, e) in out.iter_mut().enumerate() {
            e.id = EntityId(i as u32);
        }
        out
    }

    /// Adds the dateline place as a mention of a place entity; returns its country.
    fn dateline_place<'a>(
        &'a self,
        doc: &Document,
        cx: &Ctx,
        ents: &mut Vec<coreference::Ent<'a>>,
    ) -> Option<String> {
        let dl = doc.meta.dateline.as_ref()?;
        let place = dl.place.as_deref()?;
        let span = dl.span?;
        let region = doc.text.get(span.start..span.end)?;
        let at = region.find(place)? + span.start;
        let pspan = Span::new(at, at + place.len());
        // Already a mention?
        if let Some(e) = ents
            .iter()
            .find(|e| e.mentions.iter().any(|m| m.span == pspan))
        {
            return e.actor.as_ref().map(|a| a.chars().take(3).collect());
        }
        // Known to the gazetteer?
        let key = scan::fold(place);
        let entry = self.lex.names.get(&key).and_then(|&p| {
            self.lex.name_entries[p]
                .iter()
                .find(|e| e.kind != NameKind::Demonym && e.kind != NameKind::Org)
        });
        let actor = entry.map(|e| Cow::Borrowed(e.actor.as_str()));
        let canonical = entry.map_or_else(
            || Cow::Owned(place.to_string()),
            |e| Cow::Borrowed(e.canonical.as_str()),
        );
        let mention = Mention {
            // (Filled in at the end, as every mention's.)
            text: String::new(),
            span: pspan,
            kind: Some("name".into()),
            rule: "entities/dateline".into(),
        };
        let key = match entry.map(|e| e.kind) {
            Some(NameKind::Country) => format!("country:{}", actor.as_deref().unwrap_or("")),
            _ => format!("place:{canonical}"),
        };
        if let Some(e) = ents.iter_mut().find(|e| e.key == key) {
            e.mentions.push(mention);
        } else {
            ents.push(coreference::Ent {
                kind: EntityType::Place,
                key,
                gender: None,
                role: None,
                role_sector: None,
                actor: actor.clone(),
                sector: None,
                inner_country: None,
                mentions: vec![mention],
                rule: "entities/dateline".into(),
                tokens: vec![Cow::Owned(scan::fold(place))],
                name_span: pspan,
                honorific_only: false,
                gaz: entry.map(|e| e.kind),
                canonical: Some(canonical),
                lex_role: None,
                full_name: None,
            });
        }
        let _ = cx;
        actor.map(|a| a.chars().take(3).collect())
    }

    /// Runs the entity lexicons' examples (`lexicons/<lang>/entity-examples.toml`): each
    /// example must give its entity, each `not` must give no entity of that name.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        let mut out = Vec::new();
        for (lang, file) in [
            (Lang::Fr, "lexicons/fr/entity-examples.toml"),
            (Lang::En, "lexicons/en/entity-examples.toml"),
        ] {
            let Some(examples) = &self.examples[lang_index(lang)] else {
                continue;
            };
            for x in &examples.example {
                let got = self.find(&example_doc(&x.text, lang));
                let hit = got
                    .iter()
                    .find(|e| e.kind.as_str() == x.kind && e.name == x.name);
                let message = match hit {
                    None => Some(format!(
                        "expected {} {:?}, got {:?}",
                        x.kind,
                        x.name,
                        got.iter().map(|e| e.name.as_str()).collect::<Vec<_>>()
                    )),
                    Some(e) if x.actor.is_some() && e.actor != x.actor => Some(format!(
                        "{}: actor {:?}, expected {:?}",
                        x.name, e.actor, x.actor
                    )),
                    Some(_) => None,
                };
                if let Some(message) = message {
                    out.push(ExampleFailure {
                        file: file.to_string(),
                        rule: x.rule.clone(),
                        example: x.text.clone(),
                        message,
                    });
                }
            }
            for x in &examples.not {
                let got = self.find(&example_doc(&x.text, lang));
                if got.iter().any(|e| e.name == x.name) {
                    out.push(ExampleFailure {
                        file: file.to_string(),
                        rule: x.rule.clone(),
                        example: x.text.clone(),
                        message: format!("{:?} should not be an entity", x.name),
                    });
                }
            }
        }
        out
    }
}

/// The article's date: the dateline's, else the publication date, else the first full date
/// in the text.
fn article_date(doc: &Document) -> Option<String> {
    doc.meta
        .dateline
        .as_ref()
        .and_then(|d| d.date.clone())
        .or_else(|| doc.meta.published.clone())
        .or_else(|| {
            doc.dates
                .iter()
                .find(|d| d.precision == vigie_doc::Precision::Day)
                .and_then(|d| d.value.clone())
        })
}

/// Which paragraphs are headlines: the one equal to the meta headline, or a first paragraph
/// without final punctuation whose words are mostly capitalised (title case).
fn headline_paragraphs(doc: &Document, paragraphs: &[Span]) -> Vec<bool> {
    let headline = doc.meta.headline.as_deref().map(str::trim);
    paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let t = doc.slice(*p).trim();
            if headline.is_some_and(|h| h == t) {
                return title_case(t);
            }
            i == 0 && title_case(t)
        })
        .collect()
}

/// Names in a title-case headline ("Donald Trump Ties Hillary Clinton With Michael Bloomberg")
/// are only what the body confirms: a candidate found there by its capitals alone (no lexicon
/// name, no actor, not a first name and one word) stands if the body names it, else it gives
/// way to the longest runs of its words that the body names (left to right; a person's surname
/// alone too), else it is dropped.
fn confirm_headline<'l>(cx: &Ctx<'_, 'l>, cands: &mut Vec<recognition::Cand<'l>>) {
    let in_headline = |c: &recognition::Cand| {
        cx.toks
            .get(c.start)
            .is_some_and(|t| cx.headline.get(t.para).copied().unwrap_or(false))
    };
    // Every run the body names, and each tail of a person's ("Dr. Ben Carson": "ben carson",
    // "carson"), with the candidate that named it.
    let mut body: crate::hash::WordMap<usize> = Default::default();
    for (i, c) in cands.iter().enumerate() {
        // (a word capitalised only at a sentence start confirms nothing)
        if in_headline(c) || c.weak || c.end > cx.toks.len() {
            continue;
        }
        let last = if c.kind == Some(EntityType::Person) {
            c.end
        } else {
            c.start + 1
        };
        for from in c.start..last.min(c.end) {
            let key = (from..c.end).map(|k| cx.f(k)).collect::<Vec<_>>().join(" ");
            body.entry(key).or_insert(i);
        }
    }
    // (a first name and one more word is a person's name even in title case: "Ann Coulter")
    let lexical = |c: &recognition::Cand| {
        c.gaz.is_some()
            || c.actor.is_some()
            || c.canonical.is_some()
            || c.rule == "names/first-name" && c.end == c.start + 2
    };
    let mut out = Vec::with_capacity(cands.len());
    for c in cands.iter() {
        if !in_headline(c) || lexical(c) || c.end > cx.toks.len() {
            out.push(c.clone());
            continue;
        }
        let key = |a: usize, b: usize| (a..b).map(|k| cx.f(k)).collect::<Vec<_>>().join(" ");
        if body.contains_key(key(c.start, c.end).as_str()) {
            out.push(c.clone());
            continue;
        }
        let mut i = c.start;
        while i < c.end {
            let found = (i + 1..=c.end)
                .rev()
                .find_map(|j| body.get(key(i, j).as_str()).map(|&b| (j, b)));
            match found {
                Some((j, b)) => {
                    let named = &cands[b];
                    let mut sub = named.clone();
                    sub.start = i;
                    sub.end = j;
                    sub.span = cx.span(i, j);
                    sub.role = None;
                    sub.role_sector = None;
                    sub.honorific = false;
                    out.push(sub);
                    i = j;
                }
                None => i += 1,
            }
        }
    }
    *cands = out;
}

/// Most words of four letters or more capitalised: title case, where capitals prove nothing.
fn title_case(t: &str) -> bool {
    let (mut words, mut caps) = (0usize, 0usize);
    for w in t.split_whitespace().filter(|w| {
        w.chars()
            .filter(|&c| crate::text::is_alpha(c))
            .nth(3)
            .is_some()
    }) {
        words += 1;
        caps += usize::from(w.chars().next().is_some_and(scan::is_upper));
    }
    if words < 2 {
        return false;
    }
    caps * 3 >= words * 2
}
