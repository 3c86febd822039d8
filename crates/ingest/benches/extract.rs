//! Extraction throughput: pages/s and MB/s of HTML → article text + hints, over the
//! trafilatura benchmark pages in `../shared` (a built-in page when they are absent).
//! Run: `cargo bench -p vigie-ingest --bench extract`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use vigie_ingest::{html_input_with, Strategy};

fn pages() -> Vec<Vec<u8>> {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/extraction/trafilatura/pages"
    );
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    let pages: Vec<Vec<u8>> = files.iter().filter_map(|p| std::fs::read(p).ok()).collect();
    if pages.is_empty() {
        eprintln!("extract bench: {dir} absent, using a built-in page");
        let mut page = String::from("<html lang=fr><head><title>Titre</title></head><body><nav><a href=/>Accueil</a></nav><article><h1>Titre</h1>");
        for i in 0..20 {
            page.push_str(&format!("<p>Paragraphe {i} : le ministre a déclaré jeudi que le gouvernement « ne céderait pas », selon un communiqué publié à Paris.</p>"));
        }
        page.push_str("</article><footer>Tous droits réservés</footer></body></html>");
        return vec![page.into_bytes()];
    }
    pages
}

fn bench(c: &mut Criterion) {
    let pages = pages();
    let bytes: usize = pages.iter().map(Vec::len).sum();
    let mut g = c.benchmark_group("extract");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes as u64));
    for (name, strategy) in [("own", Strategy::Own), ("combined", Strategy::Combined)] {
        g.bench_function(format!("{name}/{}-pages", pages.len()), |b| {
            b.iter_batched(
                || (),
                |_| {
                    for p in &pages {
                        std::hint::black_box(html_input_with(p, None, strategy));
                    }
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
