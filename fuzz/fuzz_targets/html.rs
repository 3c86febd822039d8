//! HTML extraction: any bytes as a page (charset sniffing, parsing, main-text extraction, markup
//! hints, the origin map back to the page), then the pipeline on the extracted text. No panic;
//! every span in bounds and on char boundaries of the extracted text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_analyze::Options;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let input = vigie_ingest::html_input(data, None);
    let doc = common::pipeline().analyze(input, &Options::default());
    common::check_spans(&doc);
});
