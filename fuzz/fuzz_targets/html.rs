//! HTML extraction: any bytes as a page (charset sniffing, parsing, main-text extraction, markup
//! hints, the origin map back to the page), then the pipeline on the extracted text. No panic;
//! every span in bounds and on char boundaries of the extracted text.
//!
//! vigie's own extractor runs on every input. The strategies that call the trafilatura crate
//! (about a second per input under AddressSanitizer) run on one input in 32, chosen by its
//! length, so that the mapping of trafilatura's choice onto the page is fuzzed too without
//! slowing the run a hundredfold.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_analyze::Options;
use vigie_ingest::Strategy;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let strategy = match data.len() % 32 {
        0 => Strategy::Combined,
        1 => Strategy::Auto,
        _ => Strategy::Own,
    };
    let input = vigie_ingest::html_input_with(data, None, strategy);
    let doc = common::pipeline().analyze(input, &Options::default());
    common::check_spans(&doc);
});
