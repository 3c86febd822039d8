//! Prints the own scorer's doubt for each page of a directory (tuning aid for the `Auto`
//! extraction strategy): `cargo run --release -p vigie-ingest --example doubt DIR`.

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/extraction/trafilatura/pages"
        )
        .into()
    });
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for f in files {
        let Ok(raw) = std::fs::read(&f) else { continue };
        let d = vigie_ingest::doubt(&raw);
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            f.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            d.page_good,
            d.kept_good,
            d.left_long,
            d.left_long_len,
            d.dropped_good,
            d.roots
        );
    }
}
