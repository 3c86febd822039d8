//! Property tests of the whole pipeline (issue 9):
//!
//! - any input string: analysis does not panic, and every span of every layer lies in bounds and
//!   on char boundaries of `Document::text`;
//! - shifting the input by a prefix of blank lines shifts every span by the prefix's length and
//!   changes nothing else (blank lines are no paragraph, so cleaning keeps the same blocks).
//!
//! Spans are checked by [`Document::span_errors`]: generically, every `{start, end}` object of
//! the document's JSON plus the tokens, so layers added later are covered without editing this
//! file.
//! Inputs: arbitrary strings, news-like strings assembled from fragments that trigger every stage
//! (quotation marks, cues, datelines, dates, names, furniture, odd spaces and apostrophes), and
//! slices of the real articles of `../shared` when present.

use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::Value;
use vigie_analyze::{Options, Pipeline};
use vigie_doc::{Document, Input, Lang, Span};
use vigie_lexicon::Lexicons;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(&Lexicons::embedded()).expect("embedded lexicons build"))
}

fn analyze(text: &str, lang: Option<Lang>) -> Document {
    let opts = Options {
        lang,
        ..Options::default()
    };
    pipeline().analyze(Input::from_text(text), &opts)
}

fn check_spans(doc: &Document) -> Result<(), TestCaseError> {
    let errors = doc.span_errors();
    prop_assert!(errors.is_empty(), "{}", errors.join("\n"));
    Ok(())
}

/// Subtracts `by` from every `{start, end}` object of a JSON value.
fn unshift(v: &mut Value, by: u64) {
    match v {
        Value::Object(map) => {
            let is_span = map.len() == 2
                && map.get("start").is_some_and(Value::is_u64)
                && map.get("end").is_some_and(Value::is_u64);
            if is_span {
                for key in ["start", "end"] {
                    if let Some(n) = map.get(key).and_then(Value::as_u64) {
                        map.insert(key.into(), Value::from(n.saturating_sub(by)));
                    }
                }
                return;
            }
            for child in map.values_mut() {
                unshift(child, by);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|c| unshift(c, by)),
        _ => {}
    }
}

fn check_shift(text: &str, prefix: &str, lang: Lang) -> Result<(), TestCaseError> {
    let plain = analyze(text, Some(lang));
    let shifted_text = format!("{prefix}{text}");
    let shifted = analyze(&shifted_text, Some(lang));
    check_spans(&shifted)?;
    let by = prefix.len();
    let mut a = serde_json::to_value(&plain).expect("documents serialise");
    let mut b = serde_json::to_value(&shifted).expect("documents serialise");
    unshift(&mut b, by as u64);
    for v in [&mut a, &mut b] {
        if let Some(map) = v.as_object_mut() {
            map.remove("text");
        }
    }
    if a != b {
        // Name the first layer that differs, for a readable failure.
        let (am, bm) = (a.as_object().cloned(), b.as_object().cloned());
        let layer = am
            .zip(bm)
            .and_then(|(am, bm)| {
                am.keys()
                    .find(|k| am.get(*k) != bm.get(*k))
                    .map(|k| (k.clone(), am.get(k).cloned(), bm.get(k).cloned()))
            })
            .map(|(k, x, y)| format!("layer `{k}`:\n  plain:   {x:?}\n  shifted: {y:?}"))
            .unwrap_or_default();
        return Err(TestCaseError::fail(format!(
            "prefix {prefix:?} changed the analysis beyond a shift of {by} bytes; {layer}"
        )));
    }
    let plain_tokens: Vec<Span> = plain.tokens.iter().map(|t| t.span.shift(by)).collect();
    let shifted_tokens: Vec<Span> = shifted.tokens.iter().map(|t| t.span).collect();
    prop_assert_eq!(
        plain_tokens,
        shifted_tokens,
        "tokens did not shift by {}",
        by
    );
    Ok(())
}

/// Pieces of news text that give every stage something to do, plus awkward characters.
const FRAGMENTS: &[&str] = &[
    "Paris, 17 mars (AFP) – ",
    "WASHINGTON (Reuters) - ",
    "Le gouvernement russe a démenti jeudi ",
    "« Nous ne céderons pas », a déclaré la ministre, Anne Lefèvre. ",
    "« Il n'y a pas de négociation », a-t-elle ajouté",
    "“We will not bow,” the minister said on Monday. ",
    "\"Talks are over,\" he told reporters. ",
    "selon l'agence TASS, ",
    "M. Sullivan ",
    "Mme Zakharova ",
    "le président Emmanuel Macron ",
    "Vladimir Poutine a rencontré Joe Biden à Genève le 16 juin 2021. ",
    "la Russie ",
    "les États-Unis ",
    "Moscou a condamné ",
    "l’Ukraine ",
    "le 24 février",
    "un jour après ",
    "la semaine dernière",
    "Lire aussi : ",
    "Partager sur Facebook",
    "Accueil > International > ",
    "0 commentaire",
    "Publié le 17/03/2022 à 10h30",
    "Par Jean Dupont",
    "a affirmé qu'il ",
    "« contacts ponctuels »",
    "« ",
    " »",
    "“",
    "”",
    "\"",
    "'",
    "’",
    "(",
    ")",
    ". ",
    ", ",
    ": ",
    " – ",
    "...",
    "…",
    "?",
    "!",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    " ",
    "\u{a0}",
    "\u{202f}",
    "\u{2009}",
    "\u{200b}",
    "\u{feff}",
    "e\u{301}",
    "É",
    "ß",
    "İ",
    "🇫🇷",
    "👍🏽",
    "中文",
    "مرحبا",
    "\u{0}",
    "\u{1b}[0m",
    "<p>",
    "</p>",
    "&amp;",
    "2022",
    "17",
    "1er",
    "XXe",
    "A",
    "é",
    "l'",
    "qu'",
    "aujourd'hui",
];

fn news_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60).prop_map(|v| v.concat())
}

fn blank_prefix() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&["\n", "\n\n", "\n\n\n\n", " \n\n", "\r\n\r\n", "\n \t\n"][..])
}

fn lang() -> impl Strategy<Value = Lang> {
    prop::sample::select(&[Lang::Fr, Lang::En][..])
}

/// The real articles of `../shared` (seed and dev gold sets), when present.
fn real_texts() -> &'static [String] {
    static T: OnceLock<Vec<String>> = OnceLock::new();
    T.get_or_init(|| {
        let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");
        let mut out = Vec::new();
        for dir in ["examples/seed", "gold/fr-dev", "gold/en-dev"] {
            let Ok(rd) = std::fs::read_dir(format!("{shared}/{dir}")) else {
                continue;
            };
            let mut paths: Vec<_> = rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect();
            paths.sort();
            out.extend(paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
        }
        if out.is_empty() {
            println!("SKIP: no ../shared articles; real-text properties use no input");
        }
        out
    })
}

/// A slice of a real article, cut at char boundaries near two arbitrary points.
fn real_slice() -> impl Strategy<Value = String> {
    (
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(which, a, b)| {
            let texts = real_texts();
            if texts.is_empty() {
                return String::new();
            }
            let t = &texts[which.index(texts.len())];
            let (mut a, mut b) = (a.index(t.len() + 1), b.index(t.len() + 1));
            if a > b {
                std::mem::swap(&mut a, &mut b);
            }
            while !t.is_char_boundary(a) {
                a -= 1;
            }
            while !t.is_char_boundary(b) {
                b += 1;
            }
            t[a..b].to_string()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_string_gives_spans_in_bounds(text in any::<String>()) {
        check_spans(&analyze(&text, None))?;
    }

    #[test]
    fn news_text_gives_spans_in_bounds(text in news_text(), lang in lang()) {
        check_spans(&analyze(&text, Some(lang)))?;
        check_spans(&analyze(&text, None))?;
    }

    #[test]
    fn real_slices_give_spans_in_bounds(text in real_slice()) {
        check_spans(&analyze(&text, None))?;
    }

    #[test]
    fn any_string_shifts_with_a_blank_prefix(text in any::<String>(), prefix in blank_prefix()) {
        check_shift(&text, prefix, Lang::Fr)?;
    }

    #[test]
    fn news_text_shifts_with_a_blank_prefix(
        text in news_text(),
        prefix in blank_prefix(),
        lang in lang(),
    ) {
        check_shift(&text, prefix, lang)?;
    }
}

/// Whole real articles, each shifted: the properties on the texts users actually send.
#[test]
fn real_articles_shift_with_a_blank_prefix() {
    let texts = real_texts();
    if texts.is_empty() {
        println!("SKIP: no ../shared articles");
        return;
    }
    for (i, text) in texts.iter().enumerate() {
        for lang in [Lang::Fr, Lang::En] {
            if let Err(e) = check_spans(&analyze(text, Some(lang)))
                .and_then(|()| check_shift(text, "\n\n", lang))
            {
                panic!("real article #{i} ({lang}): {e}");
            }
        }
    }
}
