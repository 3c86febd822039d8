//! Stage tests: `testdata/stages/events/<lang>.toml` cases run through the whole pipeline, with
//! entities given in the case (so the events stage is tested on its own terms), and the
//! lexicons' embedded examples.

use serde::Deserialize;
use vigie_doc::{Entity, EntityId, EntityType, Input, Lang, Mention, Span};
use vigie_lexicon::Lexicons;

use crate::{Options, Pipeline};

use super::EventFinder;

#[derive(Debug, Deserialize)]
struct Cases {
    test: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    name: String,
    text: String,
    #[serde(default)]
    date: Option<String>,
    /// Entities to inject: `[text, actor]` or `[text, actor, kind]` (mention kind).
    #[serde(default)]
    entities: Vec<Vec<String>>,
    /// Expected events: `"SRC TGT CAMEO [DATE]"`, each field a prefix of the produced one.
    #[serde(default)]
    expected: Vec<String>,
    /// Events that must not appear (same form, date ignored).
    #[serde(default)]
    absent: Vec<String>,
}

fn run_file(lang: Lang, file: &str) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/stages/events/");
    let text = std::fs::read_to_string(format!("{path}{file}")).expect("stage file");
    let cases: Cases = toml::from_str(&text).expect("stage file parses");
    let lex = Lexicons::embedded();
    let pipeline = Pipeline::new(&lex).expect("pipeline");
    let finder = EventFinder::new(&lex).expect("events");
    let mut failures = Vec::new();
    for case in &cases.test {
        let opts = Options {
            lang: Some(lang),
            date: None,
        };
        let mut doc = pipeline.analyze(Input::from_text(case.text.clone()), &opts);
        if let Some(d) = &case.date {
            doc.meta.published = Some(d.clone());
        }
        doc.entities = case
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let mentions = doc
                    .text
                    .match_indices(e[0].as_str())
                    .map(|(at, m)| Mention {
                        text: m.to_string(),
                        span: Span::new(at, at + m.len()),
                        kind: e.get(2).cloned(),
                        rule: String::new(),
                    })
                    .collect();
                Entity {
                    id: EntityId(i as u32),
                    kind: if e[1].len() == 3 {
                        EntityType::Place
                    } else {
                        EntityType::Organization
                    },
                    name: e[0].clone(),
                    gender: None,
                    role: None,
                    actor: Some(e[1].clone()),
                    mentions,
                    rule: String::new(),
                }
            })
            .collect();
        let events = finder.find(&doc);
        let got: Vec<String> = events
            .iter()
            .map(|e| {
                format!(
                    "{} {} {} {}",
                    e.source.as_deref().unwrap_or("-"),
                    e.target.as_deref().unwrap_or("-"),
                    e.cameo,
                    e.date.as_deref().unwrap_or("-")
                )
            })
            .collect();
        for want in &case.expected {
            let ok = got.iter().any(|g| {
                let w: Vec<&str> = want.split_whitespace().collect();
                let g: Vec<&str> = g.split_whitespace().collect();
                w.iter().zip(&g).all(|(a, b)| b.starts_with(a))
            });
            if !ok {
                failures.push(format!("{}: expected {want:?}, got {got:?}", case.name));
            }
        }
        for no in &case.absent {
            let w: Vec<&str> = no.split_whitespace().collect();
            if got.iter().any(|g| {
                let g: Vec<&str> = g.split_whitespace().collect();
                w.iter().zip(&g).all(|(a, b)| a == b)
            }) {
                failures.push(format!("{}: unexpected {no:?} in {got:?}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn stage_cases_fr() {
    run_file(Lang::Fr, "fr.toml");
}

#[test]
fn stage_cases_en() {
    run_file(Lang::En, "en.toml");
}

#[test]
fn lexicon_examples_pass() {
    let lex = Lexicons::embedded();
    let pipeline = Pipeline::new(&lex).expect("pipeline");
    let finder = EventFinder::new(&lex).expect("events");
    let failures = finder.check_examples(&pipeline);
    let shown: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        shown.len(),
        shown.join("\n")
    );
}

#[test]
fn odd_text_never_panics() {
    let lex = Lexicons::embedded();
    let pipeline = Pipeline::new(&lex).expect("pipeline");
    for text in [
        "",
        "«",
        "» a rencontré «",
        "n'",
        "l'attaque de par",
        "X\u{00A0}a rencontré\u{202F}Y.",
        "Ёж. İstanbul a attaqué.",
    ] {
        for lang in [Lang::Fr, Lang::En] {
            let opts = Options {
                lang: Some(lang),
                date: None,
            };
            let doc = pipeline.analyze(Input::from_text(text), &opts);
            for e in &doc.events {
                assert!(doc
                    .text
                    .get(e.trigger_span.start..e.trigger_span.end)
                    .is_some());
            }
        }
    }
}
