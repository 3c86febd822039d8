//! `vigie eval GOLD_DIR...`: run the pipeline on every gold case and score it as
//! `gold/FORMAT.md` says; a table per set and overall, or JSON.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context};
use vigie_analyze::Options;
use vigie_eval::{Counts, Gold};
use vigie_ingest::Limits;

use crate::{build_pipeline, Cli, Outcome};

/// Arguments of `vigie eval`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Folders of gold files (`<id>.json` beside `<id>.txt` or `.html`).
    #[arg(value_name = "GOLD_DIR", required = true)]
    dirs: Vec<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Print each case's scores too.
    #[arg(long)]
    per_doc: bool,
    /// Fail (exit 1) when a score falls below the one recorded in this file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Write the scores of this run as a baseline file.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
}

/// Scores of one set.
#[derive(serde::Serialize)]
struct SetReport {
    set: String,
    documents: usize,
    scores: BTreeMap<&'static str, f64>,
    counts: Counts,
}

/// Runs the command.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Outcome> {
    let pipeline = build_pipeline(cli)?;
    let limits = Limits::default();
    let mut outcome = Outcome::Ok;
    let mut sets: Vec<(String, Counts)> = Vec::new();
    let mut per_doc = Vec::new();
    for dir in &args.dirs {
        let cases =
            vigie_eval::discover(dir).with_context(|| format!("reading {}", dir.display()))?;
        if cases.is_empty() {
            eprintln!(
                "vigie: {}: no gold cases (<id>.json beside <id>.txt)",
                dir.display()
            );
            outcome = Outcome::SomeFailed;
            continue;
        }
        let mut total = Counts::default();
        let set = cases[0].set.clone();
        for case in &cases {
            let gold: Gold = match std::fs::read_to_string(&case.gold)
                .map_err(anyhow::Error::from)
                .and_then(|s| serde_json::from_str(&s).map_err(anyhow::Error::from))
            {
                Ok(g) => g,
                Err(e) => {
                    eprintln!("vigie: {}: {e}", case.gold.display());
                    outcome = Outcome::SomeFailed;
                    continue;
                }
            };
            let input = match vigie_ingest::read_path(&case.article, &limits) {
                Ok(mut inputs) if !inputs.is_empty() => inputs.swap_remove(0),
                Ok(_) => {
                    eprintln!("vigie: {}: no document in file", case.article.display());
                    outcome = Outcome::SomeFailed;
                    continue;
                }
                Err(e) => {
                    eprintln!("vigie: {e}");
                    outcome = Outcome::SomeFailed;
                    continue;
                }
            };
            let opts = Options {
                lang: vigie_doc::Lang::from_code(&gold.lang),
                date: None,
            };
            let doc = pipeline.analyze(input, &opts);
            let counts = vigie_eval::score(&gold, &doc);
            if args.per_doc {
                per_doc.push((case.id.clone(), counts.clone()));
            }
            total.add(&counts);
        }
        sets.push((set, total));
    }
    let mut overall = Counts::default();
    for (_, c) in &sets {
        overall.add(c);
    }
    let mut reports: Vec<SetReport> = sets.iter().map(|(s, c)| report(s, c)).collect();
    if sets.len() > 1 {
        reports.push(report("overall", &overall));
    }

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        let docs: Vec<SetReport> = per_doc.iter().map(|(id, c)| report(id, c)).collect();
        let v = serde_json::json!({ "sets": reports, "documents": docs });
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
    } else {
        write_table(&mut out, &reports)?;
        if !per_doc.is_empty() {
            let docs: Vec<SetReport> = per_doc.iter().map(|(id, c)| report(id, c)).collect();
            writeln!(out)?;
            write_table(&mut out, &docs)?;
        }
    }

    if let Some(path) = &args.write_baseline {
        // Per set only ("overall" depends on which sets a run was given), F1s and accuracies
        // only (precision and recall trade off), floored to 0.001 so rounding never fails CI.
        let map: BTreeMap<&str, BTreeMap<&str, f64>> = reports
            .iter()
            .filter(|r| r.set != "overall")
            .map(|r| {
                let kept = r
                    .scores
                    .iter()
                    .filter(|(m, _)| m.ends_with(".f1") || m.ends_with(".acc"))
                    .map(|(m, v)| (*m, (v * 1000.0).floor() / 1000.0))
                    .collect();
                (r.set.as_str(), kept)
            })
            .collect();
        let text = serde_json::to_string_pretty(&map)? + "\n";
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    if let Some(path) = &args.baseline {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let base: BTreeMap<String, BTreeMap<String, f64>> =
            serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
        let mut drops = Vec::new();
        for r in &reports {
            let Some(expected) = base.get(&r.set) else {
                continue;
            };
            for (metric, want) in expected {
                let got = r.scores.get(metric.as_str()).copied().unwrap_or(0.0);
                if got + 1e-9 < *want {
                    drops.push(format!(
                        "  {}: {metric} {got:.4} < baseline {want:.4}",
                        r.set
                    ));
                }
            }
        }
        if !drops.is_empty() {
            bail!(
                "scores fell below the baseline {}:\n{}",
                path.display(),
                drops.join("\n")
            );
        }
    }
    Ok(outcome)
}

fn report(set: &str, c: &Counts) -> SetReport {
    SetReport {
        set: set.to_string(),
        documents: c.documents,
        scores: c.scores().into_iter().collect(),
        counts: c.clone(),
    }
}

fn write_table(out: &mut impl Write, reports: &[SetReport]) -> std::io::Result<()> {
    let mut metrics: Vec<&str> = Vec::new();
    for r in reports {
        for m in r.scores.keys() {
            if !metrics.contains(m) {
                metrics.push(m);
            }
        }
    }
    let order = Counts::default().scores();
    let rank = |m: &str| {
        order
            .iter()
            .position(|(n, _)| *n == m)
            .unwrap_or(usize::MAX)
    };
    metrics.sort_by_key(|m| (metric_group(m), rank(m)));
    let width = reports
        .iter()
        .map(|r| r.set.len())
        .max()
        .unwrap_or(8)
        .clamp(8, 28);
    write!(out, "{:<26}", "metric")?;
    for r in reports {
        write!(out, " {:>width$}", truncate(&r.set, width))?;
    }
    writeln!(out)?;
    write!(out, "{:<26}", "documents")?;
    for r in reports {
        write!(out, " {:>width$}", r.documents)?;
    }
    writeln!(out)?;
    for m in metrics {
        write!(out, "{m:<26}")?;
        for r in reports {
            match r.scores.get(m) {
                Some(v) => write!(out, " {:>width$.3}", v)?,
                None => write!(out, " {:>width$}", "-")?,
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Groups metrics by layer for the table: meta, body, entities, quotes, events.
fn metric_group(m: &str) -> usize {
    ["meta.", "body.", "entities.", "quotes.", "events."]
        .iter()
        .position(|p| m.starts_with(p))
        .unwrap_or(9)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}
