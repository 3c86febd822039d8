//! A small stderr logger (libraries log through `log`, only the binary installs one).

use log::{Level, LevelFilter, Log, Metadata, Record};

struct Stderr;

impl Log for Stderr {
    fn enabled(&self, m: &Metadata<'_>) -> bool {
        // The HTML parser under the extractor reports markup repairs; they are not the user's
        // concern.
        !(m.target().starts_with("html5ever") || m.target().starts_with("markup5ever"))
    }
    fn log(&self, record: &Record<'_>) {
        if self.enabled(record.metadata()) {
            let level = match record.level() {
                Level::Error => "error",
                Level::Warn => "warning",
                Level::Info => "info",
                Level::Debug => "debug",
                Level::Trace => "trace",
            };
            eprintln!("vigie: {level}: {}", record.args());
        }
    }
    fn flush(&self) {}
}

/// Installs the logger: warnings by default, more with each `-v`.
pub fn init(verbose: u8) {
    let level = match verbose {
        0 => LevelFilter::Warn,
        1 => LevelFilter::Info,
        2 => LevelFilter::Debug,
        _ => LevelFilter::Trace,
    };
    if log::set_logger(&Stderr).is_ok() {
        log::set_max_level(level);
    }
}
