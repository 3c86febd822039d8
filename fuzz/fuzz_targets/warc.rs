//! The WARC reader: any bytes as a WARC (or, with gzip magic, WARC.gz) stream. Reading must
//! end (every record error is reported and reading goes on or stops), never panic, and every
//! input it yields must analyse cleanly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_analyze::Options;
use vigie_ingest::Limits;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let reader = std::io::Cursor::new(data.to_vec());
    let Ok(inputs) = vigie_ingest::open_reader("fuzz.warc", reader, &limits) else {
        return;
    };
    for input in inputs.take(64).flatten() {
        let doc = common::pipeline().analyze(input, &Options::default());
        common::check_spans(&doc);
    }
});
