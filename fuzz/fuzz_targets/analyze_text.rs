//! The text pipeline's entry: any bytes, decoded as `vigie analyze` decodes a file, then every
//! stage; no panic, and every span in bounds and on char boundaries. The first byte picks the
//! language (auto, French, English) so both lexicon sets are exercised.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_analyze::Options;
use vigie_doc::{Input, Lang};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let lang = match first % 3 {
        0 => None,
        1 => Some(Lang::Fr),
        _ => Some(Lang::En),
    };
    let (text, _) = vigie_ingest::decode_bytes(rest, None);
    let opts = Options { lang, date: None };
    let doc = common::pipeline().analyze(Input::from_text(text), &opts);
    common::check_spans(&doc);
});
