//! Criterion benches: lexicon load and pipeline build, each stage alone, and the whole pipeline
//! (documents/s) on the real texts of `../shared` and `examples/` when present, and on generated
//! French and English articles of the reference article's size.
//!
//! `cargo bench -p vigie-bench` measures; `cargo test -p vigie-bench --benches` (what CI runs)
//! runs every bench once, so they keep compiling and running as the stages change.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::hint::black_box;
use vigie_analyze::{clean, dates, entities, events, meta, quotes, segment, Options, Pipeline};
use vigie_bench::texts::{generated_set, real_sets, TextSet};
use vigie_bench::SEED_SIZE;
use vigie_doc::{Document, Input, Lang};
use vigie_lexicon::Lexicons;

fn sets() -> Vec<TextSet> {
    let mut sets = real_sets();
    sets.push(generated_set(Lang::Fr, 20, SEED_SIZE));
    sets.push(generated_set(Lang::En, 20, SEED_SIZE));
    sets
}

fn inputs(set: &TextSet) -> Vec<Input> {
    set.texts
        .iter()
        .map(|(path, text)| {
            let mut input = Input::from_text(text.clone());
            input.source.path = Some(path.display().to_string());
            input
        })
        .collect()
}

fn lexicons(c: &mut Criterion) {
    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    g.bench_function("lexicons-embedded", |b| b.iter(Lexicons::embedded));
    let lex = Lexicons::embedded();
    g.bench_function("pipeline-build", |b| {
        b.iter(|| Pipeline::new(black_box(&lex)).expect("embedded lexicons build"))
    });
    g.finish();
}

fn whole_pipeline(c: &mut Criterion) {
    let pipeline = Pipeline::new(&Lexicons::embedded()).expect("embedded lexicons build");
    let opts = Options::default();
    let mut g = c.benchmark_group("analyze");
    for set in sets() {
        let inputs = inputs(&set);
        g.throughput(Throughput::Elements(inputs.len() as u64));
        g.bench_function(&set.name, |b| {
            b.iter_batched(
                || inputs.clone(),
                |inputs| {
                    for input in inputs {
                        black_box(pipeline.analyze(input, &opts));
                    }
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

/// Each stage alone, on documents that already hold the layers the stage reads (computed once
/// by the whole pipeline). Throughput in documents.
fn stages(c: &mut Criterion) {
    let lex = Lexicons::embedded();
    let pipeline = Pipeline::new(&lex).expect("embedded lexicons build");
    let cleaner = clean::Cleaner::new(&lex).expect("clean builds");
    let segmenter = segment::Segmenter::new(&lex).expect("segment builds");
    let meta = meta::MetaReader::new(&lex).expect("meta builds");
    let dates = dates::DateFinder::new(&lex).expect("dates build");
    let entities = entities::EntityFinder::new(&lex).expect("entities build");
    let quotes = quotes::QuoteFinder::new(&lex).expect("quotes build");
    let events = events::EventFinder::new(&lex).expect("events build");
    for set in sets() {
        let docs: Vec<Document> = inputs(&set)
            .into_iter()
            .map(|i| pipeline.analyze(i, &Options::default()))
            .collect();
        let mut g = c.benchmark_group(format!("stage/{}", set.name));
        g.throughput(Throughput::Elements(docs.len() as u64));
        g.bench_function("lang", |b| {
            b.iter(|| {
                for d in &docs {
                    black_box(vigie_analyze::lang::detect(&d.text));
                }
            })
        });
        g.bench_function("clean", |b| {
            b.iter(|| {
                for d in &docs {
                    black_box(cleaner.clean(&d.text, d.lang));
                }
            })
        });
        g.bench_function("segment", |b| {
            b.iter(|| {
                for d in &docs {
                    black_box(segmenter.segment(&d.text, &d.paragraphs, d.lang));
                }
            })
        });
        g.bench_function("meta", |b| {
            b.iter(|| {
                for d in &docs {
                    black_box(meta.read(d, &Default::default()));
                }
            })
        });
        g.bench_function("dates", |b| {
            b.iter(|| {
                for d in &docs {
                    black_box(dates.find(d, None));
                }
            })
        });
        g.bench_function("entities", |b| {
            b.iter(|| {
                for d in &docs {
                    black_box(entities.find(d));
                }
            })
        });
        g.bench_function("quotes", |b| {
            b.iter(|| {
                for d in &docs {
                    black_box(quotes.find(d));
                }
            })
        });
        g.bench_function("events", |b| {
            b.iter(|| {
                for d in &docs {
                    black_box(events.find(d));
                }
            })
        });
        g.finish();
    }
}

criterion_group!(benches, lexicons, whole_pipeline, stages);
criterion_main!(benches);
