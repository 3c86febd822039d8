//! One module per subcommand.

pub mod analyze;
pub mod bench;
pub mod eval;
pub mod export;
pub mod ingest;
pub mod lexicon;
pub mod score;
pub mod search;
pub mod serve;
