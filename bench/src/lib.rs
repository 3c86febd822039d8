//! vigie's benchmark support: deterministic generated news articles (any count, any length),
//! the real texts of `../shared` when present, and peak-memory readings from `/proc`.
//!
//! Two front ends use it: the criterion benches of this crate (`cargo bench -p vigie-bench`:
//! lexicon load, each stage, the whole pipeline) and `vigie bench` (documents/s, MB/s and peak
//! RSS for analysis, extraction and ingest, single-threaded and on all cores; the length-scaling
//! and the million-document memory checks).
//!
//! Generated articles are written for this crate (no text is copied from elsewhere). They look
//! like wire copy — headline, dateline, direct and indirect quotes, dates, officials, countries —
//! so every stage has work to do, and each one is unique (the store deduplicates by hash).
//!
//! ```
//! use vigie_bench::corpus::Generator;
//! use vigie_doc::Lang;
//!
//! let a = Generator::new(7).article(Lang::Fr, 2_400);
//! assert!(a.len() >= 2_400 && a.len() < 3_400);
//! assert_eq!(a, Generator::new(7).article(Lang::Fr, 2_400));
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod corpus;
pub mod mem;
pub mod texts;

/// Size of the reference article (`../shared/examples/seed/article.txt`, 2,421 bytes): the
/// "seed-sized" French article the throughput targets are stated for.
pub const SEED_SIZE: usize = 2_400;
