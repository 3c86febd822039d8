//! Stage tests as data: `testdata/stages/quotes/<lang>.toml`, one runner for all files; each
//! case is also rerun with the text shifted by a prefix (spans must shift with it).

use serde::Deserialize;
use vigie_doc::{Input, Lang};
use vigie_lexicon::Lexicons;

use crate::{Options, Pipeline};

#[derive(Deserialize)]
struct File {
    test: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    text: String,
    #[serde(default)]
    quotes: Vec<Expected>,
    /// Quoted words that must not come out as a quote.
    #[serde(default)]
    absent: Vec<String>,
    /// How many quotes the text holds, when the case says.
    #[serde(default)]
    count: Option<usize>,
}

#[derive(Deserialize)]
struct Expected {
    kind: String,
    text: String,
    #[serde(default)]
    speaker: Option<String>,
    #[serde(default)]
    cue: Option<String>,
    #[serde(default)]
    via: Option<String>,
}

fn run(lang: Lang, file: &str) {
    let path = format!(
        "{}/../../testdata/stages/quotes/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let cases: File = toml::from_str(&src).unwrap_or_else(|e| panic!("{path}: {e}"));
    let pipeline = Pipeline::new(&Lexicons::embedded()).expect("lexicons");
    let opts = Options {
        lang: Some(lang),
        date: None,
    };
    let mut failures = Vec::new();
    for case in &cases.test {
        for prefix in ["", "Un mot.\n\n"] {
            let text = format!("{prefix}{}", case.text);
            let doc = pipeline.analyze(Input::from_text(text.clone()), &opts);
            for q in &doc.quotes {
                assert_eq!(
                    &doc.text[q.span],
                    q.text.as_str(),
                    "{}: span/text",
                    case.name
                );
            }
            for e in &case.quotes {
                let hit = doc.quotes.iter().any(|q| {
                    q.kind.as_str() == e.kind
                        && q.text == e.text
                        && e.speaker
                            .as_ref()
                            .is_none_or(|s| q.speaker.as_ref() == Some(s))
                        && e.cue.as_ref().is_none_or(|c| q.cue.as_ref() == Some(c))
                        && e.via.as_ref().is_none_or(|v| {
                            // ("": no relay)
                            q.via.as_deref() == Some(v.as_str()).filter(|v| !v.is_empty())
                        })
                });
                if !hit {
                    failures.push(format!(
                        "{} (prefix {:?}): expected {} {:?} speaker={:?} cue={:?} via={:?}\n  got {:#?}",
                        case.name, prefix, e.kind, e.text, e.speaker, e.cue, e.via,
                        doc.quotes.iter().map(|q| (q.kind.as_str(), &q.text, &q.speaker, &q.cue, &q.via)).collect::<Vec<_>>()
                    ));
                }
            }
            if case.count.is_some_and(|n| n != doc.quotes.len()) {
                failures.push(format!(
                    "{} (prefix {:?}): expected {:?} quotes, got {:#?}",
                    case.name,
                    prefix,
                    case.count,
                    doc.quotes
                        .iter()
                        .map(|q| (q.kind.as_str(), &q.text, &q.cue))
                        .collect::<Vec<_>>()
                ));
            }
            for a in &case.absent {
                if doc.quotes.iter().any(|q| &q.text == a) {
                    failures.push(format!("{}: {a:?} must not be a quote", case.name));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn stage_cases_fr() {
    run(Lang::Fr, "fr.toml");
}

#[test]
fn stage_cases_en() {
    run(Lang::En, "en.toml");
}

#[test]
fn lexicon_examples_pass() {
    let pipeline = Pipeline::new(&Lexicons::embedded()).expect("lexicons");
    let failures = pipeline.check_examples();
    let mine: Vec<String> = failures
        .iter()
        .filter(|f| f.file.contains("quote-"))
        .map(|f| f.to_string())
        .collect();
    assert!(
        mine.is_empty(),
        "{} failures:\n{}",
        mine.len(),
        mine.join("\n")
    );
}

#[test]
fn odd_text_never_panics() {
    let pipeline = Pipeline::new(&Lexicons::embedded()).expect("lexicons");
    for t in [
        "«",
        "»",
        "\"",
        "« »",
        "a-t-elle déclaré",
        "« x », a-t-elle",
        "selon",
        ", said",
        "\"\"\"",
        "’ ‘ ' '",
        "«\n\n«\n\n»",
    ] {
        for lang in [Lang::Fr, Lang::En] {
            let opts = Options {
                lang: Some(lang),
                date: None,
            };
            let doc = pipeline.analyze(Input::from_text(t), &opts);
            for q in &doc.quotes {
                assert!(q.span.end <= doc.text.len());
            }
        }
    }
}
