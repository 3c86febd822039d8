//! Writes a generated article to stdout, for profiling one text: `gen SEED BYTES [fr|en]`
//! (the `--scaling` runs of `vigie bench` use seed 42).

use vigie_bench::corpus::Generator;
use vigie_doc::Lang;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seed = args.first().and_then(|s| s.parse().ok()).unwrap_or(42);
    let bytes = args
        .get(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let lang = args
        .get(2)
        .and_then(|s| Lang::from_code(s))
        .unwrap_or(Lang::Fr);
    print!("{}", Generator::new(seed).article(lang, bytes));
}
