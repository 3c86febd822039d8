//! Runs the entity stage tests of `testdata/stages/entities/*.toml` through the pipeline, and
//! checks the seed article against its gold entities when `../shared` is present.

use std::path::Path;

use serde::Deserialize;
use vigie_analyze::{Options, Pipeline};
use vigie_doc::{Document, Input, Lang};
use vigie_lexicon::Lexicons;

#[derive(Deserialize)]
struct File {
    #[allow(dead_code)]
    version: String,
    test: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    text: String,
    date: Option<String>,
    #[serde(default)]
    entity: Vec<Expected>,
    #[serde(default)]
    absent: Vec<String>,
}

#[derive(Deserialize)]
struct Expected {
    #[serde(rename = "type")]
    kind: String,
    name: String,
    actor: Option<String>,
    gender: Option<String>,
    role: Option<String>,
    #[serde(default)]
    mentions: Vec<String>,
}

fn analyze(p: &Pipeline, text: &str, lang: Lang, date: Option<&str>) -> Document {
    let opts = Options {
        lang: Some(lang),
        date: date.and_then(|d| d.parse().ok()),
    };
    let mut doc = p.analyze(Input::from_text(text), &opts);
    if let Some(d) = date {
        // The dateline reader may not resolve the test's date: state it as published.
        if doc.meta.published.is_none() {
            doc.meta.published = Some(d.to_string());
            let stage = vigie_analyze::entities::EntityFinder::new(&Lexicons::embedded()).unwrap();
            doc.entities = stage.find(&doc);
        }
    }
    doc
}

fn check(doc: &Document, case: &Case) -> Vec<String> {
    let mut errs = Vec::new();
    for x in &case.entity {
        let Some(e) = doc
            .entities
            .iter()
            .find(|e| e.kind.as_str() == x.kind && e.name == x.name)
        else {
            let got: Vec<_> = doc
                .entities
                .iter()
                .map(|e| format!("{}:{}", e.kind.as_str(), e.name))
                .collect();
            errs.push(format!(
                "{}: no {} {:?} in {got:?}",
                case.name, x.kind, x.name
            ));
            continue;
        };
        if let Some(a) = &x.actor {
            if e.actor.as_deref() != Some(a) {
                errs.push(format!(
                    "{}: {} actor {:?}, want {a}",
                    case.name, x.name, e.actor
                ));
            }
        }
        if let Some(g) = &x.gender {
            let got = e.gender.map(|g| {
                serde_json::to_value(g)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            });
            if got.as_deref() != Some(g) {
                errs.push(format!(
                    "{}: {} gender {got:?}, want {g}",
                    case.name, x.name
                ));
            }
        }
        if let Some(r) = &x.role {
            if e.role.as_deref() != Some(r) {
                errs.push(format!(
                    "{}: {} role {:?}, want {r}",
                    case.name, x.name, e.role
                ));
            }
        }
        for m in &x.mentions {
            if !e.mentions.iter().any(|em| &em.text == m) {
                errs.push(format!("{}: {} lacks mention {m:?}", case.name, x.name));
            }
        }
        for m in &e.mentions {
            if doc.slice(m.span) != m.text {
                errs.push(format!("{}: mention {:?} span mismatch", case.name, m.text));
            }
        }
    }
    for a in &case.absent {
        if doc.entities.iter().any(|e| &e.name == a) {
            errs.push(format!("{}: {a:?} should not be an entity", case.name));
        }
    }
    errs
}

#[test]
fn entity_stage_cases() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/stages/entities"
    ));
    let pipeline = Pipeline::new(&Lexicons::embedded()).expect("lexicons load");
    let mut errs = Vec::new();
    let mut n = 0;
    for (lang, file) in [(Lang::Fr, "fr.toml"), (Lang::En, "en.toml")] {
        let text = std::fs::read_to_string(dir.join(file)).expect("stage file");
        let f: File = toml::from_str(&text).expect("stage file parses");
        for case in &f.test {
            n += 1;
            let doc = analyze(&pipeline, &case.text, lang, case.date.as_deref());
            errs.extend(check(&doc, case));
            // Shifted by a prefix, spans shift and results stay.
            let shifted = format!("Préambule.\n\n{}", case.text);
            let doc2 = analyze(&pipeline, &shifted, lang, case.date.as_deref());
            for e in &doc2.entities {
                for m in &e.mentions {
                    assert_eq!(doc2.slice(m.span), m.text, "shifted span of {:?}", m.text);
                }
            }
        }
    }
    assert!(n > 0);
    assert!(
        errs.is_empty(),
        "{} failures:\n{}",
        errs.len(),
        errs.join("\n")
    );
}

#[test]
fn odd_text_never_panics() {
    let pipeline = Pipeline::new(&Lexicons::embedded()).expect("lexicons load");
    for text in [
        "",
        "M.",
        "'",
        "É",
        "a-t-elle",
        "L'",
        "U.S.",
        "« »",
        "Mme",
        "-t-il",
        "\u{2019}s",
        "M. M. M.",
        "Dr.",
    ] {
        for lang in [Lang::Fr, Lang::En] {
            let doc = analyze(&pipeline, text, lang, None);
            for e in &doc.entities {
                for m in &e.mentions {
                    assert_eq!(doc.slice(m.span), m.text);
                }
            }
        }
    }
}

#[test]
fn seed_gold_entities() {
    let shared = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    let Ok(text) = std::fs::read_to_string(shared.join("examples/seed/article.txt")) else {
        println!("SKIP: ../shared/examples/seed not present");
        return;
    };
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared.join("examples/seed/gold.json")).unwrap(),
    )
    .unwrap();
    let pipeline = Pipeline::new(&Lexicons::embedded()).expect("lexicons load");
    let doc = analyze(&pipeline, &text, Lang::Fr, None);
    let mut missing = Vec::new();
    for g in gold["entities"].as_array().unwrap() {
        let (kind, name) = (g["type"].as_str().unwrap(), g["name"].as_str().unwrap());
        let found = doc
            .entities
            .iter()
            .find(|e| e.kind.as_str() == kind && e.name == name);
        match found {
            None => missing.push(format!("{kind} {name}")),
            Some(e) => {
                if e.actor.as_deref() != g["actor"].as_str() {
                    missing.push(format!("{name}: actor {:?}", e.actor));
                }
                if kind == "person" && (e.role.is_none() || e.gender.is_none()) {
                    missing.push(format!("{name}: role/gender missing"));
                }
            }
        }
    }
    let z = doc
        .entities
        .iter()
        .find(|e| e.name == "Maria Zakharova")
        .expect("Zakharova");
    for m in ["Mme Zakharova", "elle"] {
        assert!(
            z.mentions.iter().any(|x| x.text == m),
            "Zakharova lacks {m}"
        );
    }
    assert!(missing.is_empty(), "{missing:?}");
}
