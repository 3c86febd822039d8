//! `vigie score plover FILE`: the PLOVER gold-standard records (one English sentence each,
//! with its event category, source and target actors). Each sentence goes through the whole
//! pipeline; reported: coverage (records with an event), category accuracy (the first event's
//! category, and any event's), and, over records whose category was found, source and target
//! accuracy (first three letters of the actor codes). Category accuracy is given twice: from
//! the CAMEO root of the event (`category.acc.*`), and from the event's own PLOVER category,
//! which CAMEO2PLOVER gives per full code (`category.by_code.acc.*`: "impose a blockade", 191,
//! is COERCE where its root, 19, is FIGHT).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use serde::Deserialize;
use vigie_analyze::Options;
use vigie_doc::{Input, Lang};

use super::{gold_names, plover_names, ratio};
use crate::{build_pipeline, Cli, Outcome};

/// Arguments of `vigie score plover`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The records (`PLOVER_GSR_dev.json`: a JSON array).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Print each record's outcome.
    #[arg(long)]
    per_record: bool,
}

#[derive(Debug, Deserialize)]
struct Record {
    id: String,
    text: String,
    event: String,
    #[serde(default, deserialize_with = "actors")]
    source: Vec<Actor>,
    #[serde(default, deserialize_with = "actors")]
    target: Vec<Actor>,
}

/// Actors are a list of objects, or an empty string when there are none.
fn actors<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Actor>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match v {
        serde_json::Value::Array(items) => items
            .into_iter()
            .filter_map(|x| serde_json::from_value(x).ok())
            .collect(),
        _ => Vec::new(),
    })
}

#[derive(Debug, Deserialize)]
struct Actor {
    #[serde(default)]
    code: String,
}

/// Runs the scorer.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Outcome> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("reading {}", args.file.display()))?;
    let records: Vec<Record> =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", args.file.display()))?;
    let pipeline = build_pipeline(cli)?;
    let opts = Options {
        lang: Some(Lang::En),
        date: None,
    };
    let (mut covered, mut top, mut any) = (0, 0, 0);
    let (mut code_top, mut code_any) = (0, 0);
    let (mut with_source, mut source_ok, mut with_target, mut target_ok) = (0, 0, 0, 0);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for r in &records {
        let doc = pipeline.analyze(Input::from_text(r.text.clone()), &opts);
        let fits = |e: &vigie_doc::Event| {
            plover_names(e.cameo.get(..2).unwrap_or("")).contains(&r.event.as_str())
        };
        // (the event's own PLOVER category, from its full code: "impose a blockade", 191, is
        // COERCE where its root, 19, is FIGHT)
        let fits_code = |e: &vigie_doc::Event| {
            e.plover
                .as_deref()
                .is_some_and(|p| gold_names(p).contains(&r.event.as_str()))
        };
        let first = doc.events.first();
        let hit = doc.events.iter().find(|e| fits(e));
        covered += usize::from(first.is_some());
        top += usize::from(first.is_some_and(fits));
        any += usize::from(hit.is_some());
        code_top += usize::from(first.is_some_and(fits_code));
        code_any += usize::from(doc.events.iter().any(fits_code));
        let three = |s: &str| s.chars().take(3).collect::<String>().to_uppercase();
        let matches = |pred: Option<&String>, gold: &[Actor]| {
            pred.is_some_and(|p| {
                gold.iter()
                    .any(|g| !g.code.is_empty() && three(&g.code) == three(p))
            })
        };
        if let Some(e) = hit {
            if r.source.iter().any(|a| !a.code.is_empty()) {
                with_source += 1;
                source_ok += usize::from(matches(e.source.as_ref(), &r.source));
            }
            if r.target.iter().any(|a| !a.code.is_empty()) {
                with_target += 1;
                target_ok += usize::from(matches(e.target.as_ref(), &r.target));
            }
        }
        if args.per_record {
            let got: Vec<String> = doc
                .events
                .iter()
                .map(|e| {
                    format!(
                        "{}>{}:{}",
                        e.source.as_deref().unwrap_or("-"),
                        e.target.as_deref().unwrap_or("-"),
                        e.cameo
                    )
                })
                .collect();
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                r.id,
                r.event,
                hit.is_some(),
                got.join(" ")
            )?;
        }
    }
    let n = records.len();
    let scores = [
        ("records", n as f64),
        ("coverage", ratio(covered, n)),
        ("category.acc.first", ratio(top, n)),
        ("category.acc.any", ratio(any, n)),
        ("category.by_code.acc.first", ratio(code_top, n)),
        ("category.by_code.acc.any", ratio(code_any, n)),
        ("source.acc", ratio(source_ok, with_source)),
        ("target.acc", ratio(target_ok, with_target)),
    ];
    super::print_scores(&mut out, &scores, args.json)?;
    Ok(Outcome::Ok)
}
