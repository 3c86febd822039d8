//! `vigie score extraction [DATA_DIR]`: how well HTML pages become article text and hints.
//!
//! - `extraction/trafilatura`: for each page of `evaldata.json`, its `with` snippets must be in
//!   the extracted text and its `without` snippets must not (trafilatura's own evaluation:
//!   precision, recall, F1 and accuracy over snippets; whitespace is collapsed on both sides).
//! - `extraction/readability/test/test-pages/*`: token F1 of the extracted text against the text of
//!   `expected.html`, and title accuracy against `expected-metadata.json`.
//! - `metadata/postlight-parser/gold_from_tests.json`: title, author and publication date
//!   accuracy of the hints read from each fixture page.
//!
//! Throughput (pages/s, MB/s) is printed too; it only means something in a release build (the
//! criterion bench in `crates/ingest/benches` is the reference).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::ValueEnum;
use vigie_ingest::{html_input_with, Strategy};

use crate::{Cli, Outcome};

/// Which extractor to score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StrategyArg {
    /// trafilatura's choice plus vigie's scorer (what `analyze` uses).
    Combined,
    /// vigie's own scorer only.
    Own,
    /// trafilatura's choice only, mapped onto the page's blocks.
    Trafilatura,
    /// vigie's scorer, Combined only where it is unsure or the markup states no date.
    Auto,
}

impl StrategyArg {
    /// The extractor's strategy.
    pub fn strategy(self) -> Strategy {
        match self {
            StrategyArg::Combined => Strategy::Combined,
            StrategyArg::Own => Strategy::Own,
            StrategyArg::Trafilatura => Strategy::Trafilatura,
            StrategyArg::Auto => Strategy::Auto,
        }
    }
}

/// Arguments of `vigie score extraction`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The shared data folder (holding `extraction/` and `metadata/`).
    #[arg(value_name = "DATA_DIR", default_value = "../shared/data")]
    data: PathBuf,
    /// Extraction strategy to score.
    #[arg(long, value_enum, default_value = "combined")]
    strategy: StrategyArg,
    /// Print every missed or unwanted snippet on stderr.
    #[arg(long)]
    verbose_misses: bool,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// Runs the scorer.
pub fn run(_cli: &Cli, args: &Args) -> anyhow::Result<Outcome> {
    let strategy = args.strategy.strategy();
    let mut report = serde_json::Map::new();
    let mut any = false;
    let traf = args.data.join("extraction/trafilatura");
    if traf.join("evaldata.json").is_file() {
        any = true;
        let r = snippets(&traf, strategy, args.verbose_misses)?;
        report.insert("trafilatura".into(), r);
    }
    let rd = args.data.join("extraction/readability/test/test-pages");
    if rd.is_dir() {
        any = true;
        report.insert("readability".into(), readability(&rd, strategy)?);
    }
    let pl = args.data.join("metadata/postlight-parser");
    if pl.join("gold_from_tests.json").is_file() {
        any = true;
        report.insert("postlight".into(), postlight(&pl, strategy)?);
    }
    if !any {
        anyhow::bail!(
            "{}: none of extraction/trafilatura, extraction/readability, metadata/postlight-parser found",
            args.data.display()
        );
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for (set, v) in &report {
            println!("{set}");
            if let Some(o) = v.as_object() {
                for (k, x) in o {
                    match x.as_f64() {
                        Some(f) if x.is_f64() => println!("  {k:<22} {f:>10.3}"),
                        _ => println!("  {k:<22} {x:>10}"),
                    }
                }
            }
        }
    }
    Ok(Outcome::Ok)
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn speed(pages: usize, bytes: usize, t: Instant) -> (f64, f64) {
    let s = t.elapsed().as_secs_f64().max(1e-9);
    (pages as f64 / s, bytes as f64 / 1e6 / s)
}

fn snippets(dir: &Path, strategy: Strategy, verbose: bool) -> anyhow::Result<serde_json::Value> {
    let path = dir.join("evaldata.json");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let eval: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let (mut tp, mut fneg, mut fp, mut tn, mut pages, mut bytes) = (0, 0, 0, 0, 0, 0);
    let mut elapsed = 0.0;
    for item in eval.values() {
        let Some(file) = item.get("file").and_then(|f| f.as_str()) else {
            continue;
        };
        let strs = |k: &str| -> Vec<String> {
            item.get(k)
                .and_then(|v| v.as_array())
                .map(|a| a.iter().filter_map(|s| s.as_str().map(norm)).collect())
                .unwrap_or_default()
        };
        let (with, without) = (strs("with"), strs("without"));
        let raw = match std::fs::read(dir.join("pages").join(file)) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("vigie: {file}: {e}");
                fneg += with.len();
                tn += without.len();
                continue;
            }
        };
        pages += 1;
        bytes += raw.len();
        let t = Instant::now();
        let input = html_input_with(&raw, None, strategy);
        elapsed += t.elapsed().as_secs_f64();
        let got = norm(&input.text);
        for w in &with {
            if got.contains(w.as_str()) {
                tp += 1;
            } else {
                fneg += 1;
                if verbose {
                    eprintln!("missed   {file}: {w}");
                }
            }
        }
        for w in &without {
            if got.contains(w.as_str()) {
                fp += 1;
                if verbose {
                    eprintln!("unwanted {file}: {w}");
                }
            } else {
                tn += 1;
            }
        }
    }
    let p = ratio(tp, tp + fp);
    let r = ratio(tp, tp + fneg);
    let secs = elapsed.max(1e-9);
    Ok(serde_json::json!({
        "pages": pages,
        "snippets": tp + fneg + fp + tn,
        "precision": p,
        "recall": r,
        "f1": f1(p, r),
        "accuracy": ratio(tp + tn, tp + fneg + fp + tn),
        "pages_per_s": pages as f64 / secs,
        "mb_per_s": bytes as f64 / 1e6 / secs,
    }))
}

/// Lower-case word tokens of a text.
fn tokens(s: &str) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *m.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    m
}

/// The text of a clean HTML fragment: tags removed, common entities decoded.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
}

fn readability(dir: &Path, strategy: Strategy) -> anyhow::Result<serde_json::Value> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("source.html").is_file() && p.join("expected.html").is_file())
        .collect();
    cases.sort();
    let (mut sum_p, mut sum_r, mut sum_f) = (0.0, 0.0, 0.0);
    let (mut titles, mut title_ok) = (0, 0);
    let (mut pages, mut bytes) = (0, 0);
    let t = Instant::now();
    for case in &cases {
        let Ok(raw) = std::fs::read(case.join("source.html")) else {
            continue;
        };
        let expected = std::fs::read_to_string(case.join("expected.html")).unwrap_or_default();
        pages += 1;
        bytes += raw.len();
        let input = html_input_with(&raw, None, strategy);
        let got = tokens(&input.text);
        let want = tokens(&strip_tags(&expected));
        let common: usize = got
            .iter()
            .map(|(w, n)| (*n).min(want.get(w).copied().unwrap_or(0)))
            .sum();
        let p = ratio(common, got.values().sum());
        let r = ratio(common, want.values().sum());
        sum_p += p;
        sum_r += r;
        sum_f += f1(p, r);
        let meta: serde_json::Value = std::fs::read_to_string(case.join("expected-metadata.json"))
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        if let Some(title) = meta.get("title").and_then(|t| t.as_str()) {
            titles += 1;
            if input
                .hints
                .title
                .as_deref()
                .map(norm)
                .map(|s| s.to_lowercase())
                == Some(norm(title).to_lowercase())
            {
                title_ok += 1;
            }
        }
    }
    let (pps, mbps) = speed(pages, bytes, t);
    let n = pages.max(1) as f64;
    Ok(serde_json::json!({
        "pages": pages,
        "token_precision": sum_p / n,
        "token_recall": sum_r / n,
        "token_f1": sum_f / n,
        "title_accuracy": ratio(title_ok, titles),
        "pages_per_s": pps,
        "mb_per_s": mbps,
    }))
}

/// The UTC calendar date of a date or timestamp as pages state it, when one can be read.
fn date_of(s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Some(ts.to_zoned(jiff::tz::TimeZone::UTC).date().to_string());
    }
    if let Ok(z) = s.parse::<jiff::Zoned>() {
        return Some(
            z.timestamp()
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date()
                .to_string(),
        );
    }
    let b = s.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let w = &b[i..i + 10];
        let ok = w[..4].iter().all(u8::is_ascii_digit)
            && w[4] == b'-'
            && w[5..7].iter().all(u8::is_ascii_digit)
            && w[7] == b'-'
            && w[8..].iter().all(u8::is_ascii_digit);
        ok.then(|| String::from_utf8_lossy(w).into_owned())
    })
}

fn postlight(dir: &Path, strategy: Strategy) -> anyhow::Result<serde_json::Value> {
    let path = dir.join("gold_from_tests.json");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let gold: Vec<serde_json::Value> =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let mut counts = [(0usize, 0usize); 3];
    let mut pages = 0;
    for g in &gold {
        let Some(fixture) = g.get("fixture").and_then(|f| f.as_str()) else {
            continue;
        };
        let Ok(raw) = std::fs::read(dir.join(fixture)) else {
            continue;
        };
        pages += 1;
        let input = html_input_with(&raw, None, strategy);
        let h = &input.hints;
        let field = |k: &str| {
            g.get(k)
                .and_then(|v| v.as_str())
                .filter(|s| !s.trim().is_empty())
        };
        let same = |a: Option<&str>, b: &str| {
            a.map(|a| norm(a).to_lowercase()) == Some(norm(b).to_lowercase())
        };
        if let Some(t) = field("title") {
            counts[0].0 += 1;
            counts[0].1 += usize::from(same(h.title.as_deref(), t));
        }
        if let Some(a) = field("author") {
            counts[1].0 += 1;
            counts[1].1 += usize::from(same(h.author.as_deref(), a));
        }
        if let Some(d) = field("date_published") {
            counts[2].0 += 1;
            let got = h.published.as_deref().and_then(date_of);
            counts[2].1 += usize::from(got.is_some() && got == date_of(d));
        }
    }
    Ok(serde_json::json!({
        "pages": pages,
        "title_accuracy": ratio(counts[0].1, counts[0].0),
        "author_accuracy": ratio(counts[1].1, counts[1].0),
        "date_accuracy": ratio(counts[2].1, counts[2].0),
        "titles": counts[0].0,
        "authors": counts[1].0,
        "dates": counts[2].0,
    }))
}
