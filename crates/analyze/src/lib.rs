//! vigie's analysis stages, applied in order by [`Pipeline`]:
//!
//! 1. [`clean`]: paragraphs of the article body; site furniture removed with its reason.
//! 2. [`segment`]: sentences and tokens (French elision, inversions, abbreviations).
//! 3. [`meta`]: headline, section, dateline, byline, publication date from the text.
//! 4. [`dates`]: date expressions, resolved against the dateline, publication date or `--date`.
//! 5. [`entities`]: people, organisations and places, coreference, actor codes.
//! 6. [`quotes`]: direct, partial and indirect speech with speaker, cue and relay.
//! 7. [`events`]: CAMEO-coded interactions between actors, dated.
//!
//! Each stage is built once from the [`Lexicons`](vigie_lexicon::Lexicons) (patterns compiled
//! into automata then) and applied to many documents. Stages never fail on odd text: they give
//! empty layers. Only [`Pipeline::writes`](pipeline::Pipeline) layers into the document.
//!
//! ```
//! use vigie_analyze::{Options, Pipeline};
//! use vigie_doc::Input;
//! use vigie_lexicon::Lexicons;
//!
//! let pipeline = Pipeline::new(&Lexicons::embedded())?;
//! let doc = pipeline.analyze(Input::from_text("Bonjour."), &Options::default());
//! assert_eq!(doc.text, "Bonjour.");
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod clean;
pub mod dates;
pub mod entities;
pub mod events;
pub mod hash;
pub mod lang;
pub mod lazy;
pub mod meta;
pub mod pipeline;
pub mod quotes;
pub mod segment;
pub mod text;

pub use pipeline::{Options, Pipeline};
