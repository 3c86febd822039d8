//! Stage cases as data: `testdata/stages/{segment,clean,meta,dates}/{fr,en}.toml`, one runner.
//!
//! Every case runs through clean, segment, meta and dates (with the file's language forced) and compares
//! spans as text, so cases survive changes elsewhere. Segmentation and date cases run a second
//! time with a paragraph prepended: every span must move by the prefix's length.

use std::{fs, path::Path};

use serde::Deserialize;
use vigie_analyze::{
    clean::Cleaner, dates::DateFinder, meta::MetaReader, pipeline::body_text, segment::Segmenter,
    Pipeline,
};
use vigie_doc::{Document, Hints, Input, Lang};
use vigie_lexicon::Lexicons;

#[derive(Deserialize)]
struct File {
    test: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    text: String,
    anchor: Option<String>,
    sentences: Option<Vec<String>>,
    tokens: Option<Vec<String>>,
    norms: Option<Vec<String>>,
    removed: Option<Vec<RemovedCase>>,
    kept: Option<Vec<String>>,
    dates: Option<Vec<DateCase>>,
    headline: Option<String>,
    section: Option<String>,
    place: Option<String>,
    date: Option<String>,
    agency: Option<String>,
    byline: Option<String>,
    published: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RemovedCase {
    text: String,
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DateCase {
    text: String,
    value: String,
    precision: Option<String>,
}

/// The four stages under test, built once, applied as `pipeline.rs` applies them (the later
/// stages are other engineers' and have their own tests).
struct Stages {
    cleaner: Cleaner,
    segmenter: Segmenter,
    meta: MetaReader,
    dates: DateFinder,
}

impl Stages {
    fn new() -> Stages {
        let lex = Lexicons::embedded();
        Stages {
            cleaner: Cleaner::new(&lex).expect("furniture lexicons"),
            segmenter: Segmenter::new(&lex).expect("segment lexicons"),
            meta: MetaReader::new(&lex).expect("meta lexicons"),
            dates: DateFinder::new(&lex).expect("date lexicons"),
        }
    }
}

fn analyze(p: &Stages, text: &str, lang: Lang, anchor: Option<&str>) -> Document {
    let mut doc = Document::new(Input::from_text(text));
    doc.lang = lang;
    let cleaned = p.cleaner.clean(&doc.text, lang);
    doc.paragraphs = cleaned.paragraphs;
    doc.removed = cleaned.removed;
    doc.body = body_text(&doc.text, &doc.paragraphs);
    let seg = p.segmenter.segment(&doc.text, &doc.paragraphs, lang);
    doc.sentences = seg.sentences;
    doc.tokens = seg.tokens;
    doc.norms = seg.norms;
    doc.meta = p.meta.read(&doc, &Hints::default());
    let dated = p
        .dates
        .find(&doc, anchor.map(|a| a.parse().expect("anchor date")));
    doc.dates = dated.dates;
    if let Some(date) = dated.dateline_date {
        doc.meta.dateline.get_or_insert_with(Default::default).date = Some(date);
    }
    if dated.published.is_some() {
        doc.meta.published = dated.published;
    }
    doc
}

/// Prepended to check that spans move with the text.
const PREFIX: &str = "Préambule sans date.\n\n";

fn check(p: &Stages, stage: &str, lang: Lang, c: &Case, prefix: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let text = format!("{prefix}{}", c.text);
    let doc = analyze(p, &text, lang, c.anchor.as_deref());
    let shift = prefix.len();
    let slice = |s: vigie_doc::Span| doc.slice(s).to_string();
    let mut eq = |what: &str, got: String, want: &str| {
        if got != want {
            errs.push(format!(
                "{stage}/{lang} {:?}: {what}: expected {want:?}, got {got:?}",
                c.name
            ));
        }
    };
    let skip_prefix = |spans: &[vigie_doc::Span]| -> Vec<String> {
        spans
            .iter()
            .filter(|s| s.start >= shift)
            .map(|s| slice(*s))
            .collect()
    };
    if let Some(want) = &c.sentences {
        eq(
            "sentences",
            format!("{:?}", skip_prefix(&doc.sentences)),
            &format!("{want:?}"),
        );
    }
    let toks: Vec<_> = doc
        .tokens
        .iter()
        .filter(|t| t.span.start >= shift)
        .collect();
    if let Some(want) = &c.tokens {
        let got: Vec<String> = toks.iter().map(|t| slice(t.span)).collect();
        eq("tokens", format!("{got:?}"), &format!("{want:?}"));
    }
    if let Some(want) = &c.norms {
        let got: Vec<&str> = toks.iter().map(|t| doc.norm(t)).collect();
        eq("norms", format!("{got:?}"), &format!("{want:?}"));
    }
    if let Some(want) = &c.removed {
        let got: Vec<(String, String)> = doc
            .removed
            .iter()
            .map(|r| (slice(r.span), r.reason.clone()))
            .collect();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|r| (r.text.clone(), r.reason.clone()))
            .collect();
        eq("removed", format!("{got:?}"), &format!("{want:?}"));
    }
    if let Some(want) = &c.kept {
        let got = skip_prefix(&doc.paragraphs);
        eq("kept", format!("{got:?}"), &format!("{want:?}"));
    }
    if let Some(want) = &c.dates {
        let got: Vec<String> = doc
            .dates
            .iter()
            .filter(|d| d.span.start >= shift)
            .map(|d| {
                let mut s = format!(
                    "{} = {}",
                    slice(d.span),
                    d.value.as_deref().unwrap_or("null")
                );
                if want.iter().any(|w| w.precision.is_some()) {
                    s.push_str(&format!(" ({:?})", d.precision).to_lowercase());
                }
                s
            })
            .collect();
        let want: Vec<String> = want
            .iter()
            .map(|w| {
                let mut s = format!("{} = {}", w.text, w.value);
                if let Some(p) = &w.precision {
                    s.push_str(&format!(" ({p})"));
                } else if c
                    .dates
                    .as_ref()
                    .is_some_and(|d| d.iter().any(|w| w.precision.is_some()))
                {
                    s.push_str(" (day)");
                }
                s
            })
            .collect();
        eq("dates", format!("{got:?}"), &format!("{want:?}"));
    }
    let m = &doc.meta;
    let opt = |v: Option<&str>| v.unwrap_or("").to_string();
    let dl = m.dateline.as_ref();
    for (field, want, got) in [
        ("headline", &c.headline, opt(m.headline.as_deref())),
        ("section", &c.section, opt(m.section.as_deref())),
        ("place", &c.place, opt(dl.and_then(|d| d.place.as_deref()))),
        ("date", &c.date, opt(dl.and_then(|d| d.date.as_deref()))),
        (
            "agency",
            &c.agency,
            opt(dl.and_then(|d| d.agency.as_deref())),
        ),
        ("byline", &c.byline, opt(m.byline.as_deref())),
        ("published", &c.published, opt(m.published.as_deref())),
    ] {
        if let Some(want) = want {
            eq(field, got, want);
        }
    }
    errs
}

#[test]
fn stage_cases() {
    let pipeline = Stages::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/stages");
    let mut errs = Vec::new();
    let mut n = 0;
    for stage in ["segment", "clean", "meta", "dates"] {
        for lang in [Lang::Fr, Lang::En] {
            let path = root.join(stage).join(format!("{}.toml", lang.code()));
            let Ok(src) = fs::read_to_string(&path) else {
                continue;
            };
            let file: File =
                toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for c in &file.test {
                n += 1;
                errs.extend(check(&pipeline, stage, lang, c, ""));
                if matches!(stage, "segment" | "dates") {
                    errs.extend(check(&pipeline, stage, lang, c, PREFIX));
                }
            }
        }
    }
    assert!(n > 0, "no stage cases found under {}", root.display());
    assert!(
        errs.is_empty(),
        "{} failure(s):\n{}",
        errs.len(),
        errs.join("\n")
    );
}

#[test]
fn lexicon_examples_pass() {
    let pipeline = Pipeline::new(&Lexicons::embedded()).expect("lexicons");
    let failures = pipeline.check_examples();
    assert!(
        failures.is_empty(),
        "{}",
        failures
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn odd_text_never_panics_and_spans_are_on_boundaries() {
    let pipeline = Stages::new();
    for text in [
        "",
        "\n\n\n",
        "…",
        "« « » »",
        "l'",
        "-t-",
        "a-t-",
        "’’’",
        "M.",
        "\u{a0}\u{a0}0\u{a0}",
        "Accueil...",
        "Paris, 31 févr. (X) –",
        "le 99/99/9999 et le 0/0/00",
        "e\u{301}te\u{301} 2022 – « Ça ? » dit-il…",
        "1 000 000 000 000 000 000 000 jours",
        "il y a 9999 ans",
    ] {
        for lang in [Lang::Fr, Lang::En] {
            let doc = analyze(&pipeline, text, lang, Some("2022-03-17"));
            let spans = doc
                .sentences
                .iter()
                .copied()
                .chain(doc.tokens.iter().map(|t| t.span))
                .chain(doc.paragraphs.iter().copied())
                .chain(doc.removed.iter().map(|r| r.span))
                .chain(doc.dates.iter().map(|d| d.span));
            for s in spans {
                assert!(s.end <= text.len(), "{text:?}: {s:?} out of bounds");
                assert!(
                    text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                    "{text:?}: {s:?} not on char boundaries"
                );
            }
            let mut last = 0;
            for t in &doc.tokens {
                assert!(t.span.start >= last, "{text:?}: tokens not sorted");
                last = t.span.start;
            }
        }
    }
}
