//! Analyses the given files (or generated seed-sized French articles) `REPEAT` times, for
//! profilers: `valgrind --tool=callgrind --toggle-collect='*Pipeline*analyze*'
//! target/release/examples/profile FILE...` counts the instructions of analysis alone.
//! `PROFILE_REPEAT` sets the number of passes (default 1); `PROFILE_SIZE` the size in bytes of
//! the generated articles (default the seed's), `PROFILE_COUNT` how many (default 10): the
//! length-scaling check is `PROFILE_SIZE=1000 PROFILE_COUNT=1000` against `PROFILE_SIZE=1000000
//! PROFILE_COUNT=1`.

use vigie_analyze::{Options, Pipeline};
use vigie_bench::{texts::generated_set, SEED_SIZE};
use vigie_doc::{Input, Lang};
use vigie_lexicon::Lexicons;

/// The allocator of the `vigie` binary, so that profiles show its costs, not glibc's.
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    let texts: Vec<String> = if files.is_empty() {
        let env = |k: &str, d: usize| {
            std::env::var(k)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(d)
        };
        generated_set(
            Lang::Fr,
            env("PROFILE_COUNT", 10),
            env("PROFILE_SIZE", SEED_SIZE),
        )
        .texts
        .into_iter()
        .map(|(_, t)| t)
        .collect()
    } else {
        files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .collect()
    };
    let repeat: usize = std::env::var("PROFILE_REPEAT")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    let pipeline = Pipeline::new(&Lexicons::embedded()).expect("embedded lexicons build");
    let start = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..repeat {
        for t in &texts {
            std::hint::black_box(
                pipeline.analyze(Input::from_text(t.as_str()), &Options::default()),
            );
            n += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "{n} documents in {secs:.3} s: {:.1} documents/s",
        n as f64 / secs
    );
}
