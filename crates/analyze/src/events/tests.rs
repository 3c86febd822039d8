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
                        kind: e.get(2).cloned().map(Into::into),
                        rule: Default::default(),
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

/// The merged one-pass search finds, for each of the trigger forms, agent nouns and demonyms,
/// what that automaton alone finds sentence by sentence: on the stage cases, and on the dev
/// articles of `../shared` when present.
#[test]
fn one_pass_is_each_automaton_per_sentence() {
    use super::norm::Norms;
    let lex = Lexicons::embedded();
    let pipeline = Pipeline::new(&lex).expect("pipeline");
    let finder = EventFinder::new(&lex).expect("events");
    let mut texts: Vec<(Lang, String)> = Vec::new();
    for (lang, file) in [(Lang::Fr, "fr.toml"), (Lang::En, "en.toml")] {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/stages/events/");
        let text = std::fs::read_to_string(format!("{path}{file}")).expect("stage file");
        let cases: Cases = toml::from_str(&text).expect("stage file parses");
        texts.extend(cases.test.into_iter().map(|c| (lang, c.text)));
    }
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");
    for (lang, dir) in [
        (Lang::Fr, "gold/fr-dev"),
        (Lang::En, "gold/en-dev"),
        (Lang::Fr, "examples/seed"),
    ] {
        let Ok(entries) = std::fs::read_dir(format!("{shared}/{dir}")) else {
            eprintln!("SKIP: {shared}/{dir} absent");
            continue;
        };
        for e in entries.flatten() {
            if e.path().extension().is_some_and(|x| x == "txt") {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    // Also read as the other language.
                    texts.push((lang, t.clone()));
                    texts.push((if lang == Lang::Fr { Lang::En } else { Lang::Fr }, t));
                }
            }
        }
    }
    let mut total = 0;
    let mut windows = 0;
    for (lang, text) in texts {
        let opts = Options {
            lang: Some(lang),
            date: None,
        };
        let doc = pipeline.analyze(Input::from_text(text), &opts);
        let Some((matcher, agents, Some(one))) = finder.langs.iter().find(|l| l.0.lang == lang)
        else {
            panic!("no one-pass automaton for {lang:?}");
        };
        let sentences =
            super::matcher::sentence_spans(&doc.text, &doc.sentences, doc.tokens.is_empty());
        let norms = Norms::new(&doc.text, &sentences);
        let mut merged = [Vec::new(), Vec::new(), Vec::new()];
        let mut modal = Vec::new();
        one.matches(&norms, &mut merged, &mut modal);
        for whole in [true, false] {
            let mut each = [Vec::new(), Vec::new(), Vec::new()];
            let (t, [a, d]) = (matcher.set().unwrap(), agents.sets().unwrap());
            norms.matches(t.1, whole, &mut each[0]);
            norms.matches(a.1, whole, &mut each[1]);
            norms.matches(d.1, whole, &mut each[2]);
            assert_eq!(merged, each, "{:?}", &doc.text[..doc.text.len().min(80)]);
        }
        total += merged.iter().map(Vec::len).sum::<usize>();
        // The modality words of a window, read from the sentence's occurrences, are those
        // its own search finds: every window between two token starts, or ends, or 0.
        let (mut occ, mut from_one, mut cursor) = (Vec::new(), Vec::new(), 0);
        for (k, (_, norm)) in norms.iter().enumerate() {
            matcher.markers.occurrences(norm.text, &mut occ);
            // the one pass's, in the same order
            let mine = super::norm::matches_of(&modal, k, &mut cursor);
            matcher.markers.occurrences_from(mine, &mut from_one);
            assert_eq!(from_one, occ, "{:?}", norm.text);
            let mut at: Vec<usize> = norm.toks.iter().flat_map(|t| [t.start, t.end]).collect();
            at.push(0);
            at.push(norm.text.len() + 1);
            for &a in &at {
                for &b in at.iter().filter(|&&b| b >= a && b <= a + 120) {
                    for list in 0..5 {
                        let l = matcher.markers.list(list);
                        let hay = norm.text.get(a..b).unwrap_or("");
                        let fast = matcher.markers.any_in(list, norm.text, (a, b), &occ);
                        assert_eq!(fast, l.any_in(hay), "{list} {hay:?}");
                        windows += usize::from(fast);
                    }
                }
            }
        }
    }
    assert!(total > 100, "{total} matches");
    assert!(windows > 100, "{windows} windows with a modality word");
}

/// `matcher::paired_quotes` as it read each char, before it searched the marks' first bytes.
fn paired_quotes_by_char(text: &str, para: Span) -> (Vec<(usize, usize)>, Option<usize>) {
    let src = text.get(para.start..para.end).unwrap_or("");
    let mut regions = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in src.char_indices() {
        let at = para.start + i;
        match c {
            '«' | '“' => open = Some(at),
            '»' | '”' => {
                if let Some(s) = open.take() {
                    regions.push((s, at));
                }
            }
            '"' => match open.take() {
                Some(s) => regions.push((s, at)),
                None => open = Some(at),
            },
            _ => {}
        }
    }
    (regions, open)
}

#[test]
fn quote_regions_by_bytes_are_the_regions_by_chars() {
    let mut texts: Vec<String> = Vec::new();
    for c in crate::text::sample_chars() {
        texts.push(format!("Il a dit : « a{c} » puis{c} “b” {c}\"c\" « d {c}"));
        texts.push(format!("{c}« x » {c}. « y {c}” \"z{c}\" : “w”{c}"));
    }
    texts.extend(crate::text::dev_articles());
    for t in &texts {
        let mut at = 0;
        let mut paras = vec![Span::new(0, t.len())];
        for p in t.split('\n') {
            paras.push(Span::new(at, at + p.len()));
            at += p.len() + 1;
        }
        for p in paras {
            assert_eq!(
                super::matcher::paired_quotes(t, p),
                paired_quotes_by_char(t, p),
                "{t:?} {p:?}"
            );
        }
    }
}

/// `Around::first_holding` is the first span, in list order, that holds the one asked: on
/// sorted lists (with nested and overlapping spans) through its binary searches, on unsorted
/// ones by reading them all.
#[test]
fn around_finds_the_first_span_that_holds() {
    let lists: [&[(usize, usize)]; 4] = [
        &[
            (0, 10),
            (2, 4),
            (3, 30),
            (5, 6),
            (12, 20),
            (12, 14),
            (25, 26),
        ],
        &[(0, 5), (5, 9), (9, 9), (10, 40)],
        &[(12, 20), (0, 10), (3, 30), (2, 4)],
        &[],
    ];
    for list in lists {
        let spans: Vec<Span> = list.iter().map(|&(a, b)| Span::new(a, b)).collect();
        let around = super::Around::new(spans.iter().copied());
        for a in 0..42 {
            for b in a..42 {
                let want = spans.iter().position(|s| s.start <= a && b <= s.end);
                assert_eq!(around.first_holding(a, b), want, "{list:?} {a}..{b}");
            }
        }
    }
}
