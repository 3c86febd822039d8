//! `vigie score petrarch DIR`: PETRARCH2's unit-test records (`derived/petr_unittest_records.jsonl`:
//! stylised English sentences about Arnor, Gondor and Mordor, each with its gold events). Their
//! actors exist only in PETRARCH2's validation dictionary
//! (`petrarch2/data/dictionaries/PETR.Validate.actors.txt`), so the scorer reads that
//! dictionary and gives the event stage those actors instead of the entity layer's; events are
//! then compared as (first three letters of source, of target, CAMEO root). Reported: event
//! precision, recall and F1, and the share of records whose event set is exactly right (the
//! measure PETRARCH2's own test suite uses).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use serde::Deserialize;
use vigie_analyze::events::EventFinder;
use vigie_analyze::Options;
use vigie_doc::{Entity, EntityId, EntityType, Input, Lang, Mention, Span};

use super::ratio;
use crate::{build_pipeline, load_lexicons, Cli, Outcome};

/// Arguments of `vigie score petrarch`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The PETRARCH2 folder (with `derived/` and `petrarch2/data/dictionaries/`).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
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
    #[serde(default)]
    date: String,
    #[serde(default)]
    noevents: bool,
    #[serde(default)]
    gold: Vec<GoldEvent>,
}

#[derive(Debug, Deserialize)]
struct GoldEvent {
    #[serde(default)]
    sourcecode: Option<String>,
    #[serde(default)]
    targetcode: Option<String>,
    #[serde(default)]
    eventcode: Option<String>,
}

/// One dictionary phrase: lower-case words, whether the last word may take a suffix
/// ("ARGENTIN" covers "Argentina"), and its actor code.
struct Phrase {
    words: String,
    prefix: bool,
    code: String,
}

/// Reads the actor dictionary: `NAME_WITH_UNDERSCORES [CODE]` lines, `+SYNONYM` lines for the
/// entry above, comments in `#` and `<!-- -->`. A trailing underscore closes the last word.
fn read_actors(text: &str) -> Vec<Phrase> {
    let mut out = Vec::new();
    let mut code: Option<String> = None;
    let mut in_comment = false;
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.starts_with("<!--") {
            in_comment = !line.contains("-->");
            continue;
        }
        if in_comment {
            in_comment = !line.contains("-->");
            continue;
        }
        if line.is_empty() {
            continue;
        }
        let (name, this_code) = match line.find('[') {
            Some(i) => {
                let c = line[i + 1..]
                    .split([']', ' '])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_uppercase();
                (line[..i].trim(), Some(c))
            }
            None => (line, None),
        };
        let (name, synonym) = match name.strip_prefix('+') {
            Some(n) => (n, true),
            None => (name, false),
        };
        if !synonym {
            code = this_code.filter(|c| !c.is_empty() && c != "---");
        }
        let Some(c) = code.clone() else { continue };
        let prefix = !name.ends_with('_');
        let words = name
            .trim_end_matches('_')
            .replace('_', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if words.len() >= 3 {
            out.push(Phrase {
                words,
                prefix,
                code: c,
            });
        }
    }
    // Longest first, so "hamas military command" wins over "hamas".
    out.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
    out
}

/// The dictionary's actors mentioned in `text`, as entities.
fn entities(text: &str, phrases: &[Phrase]) -> Vec<Entity> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return Vec::new();
    }
    let mut taken: Vec<Span> = Vec::new();
    let mut out: Vec<Entity> = Vec::new();
    for p in phrases {
        let mut from = 0;
        while let Some(i) = lower[from..].find(&p.words) {
            let s = from + i;
            let mut e = s + p.words.len();
            from = e;
            let before_ok = lower[..s]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after = lower[e..].chars().next();
            if !before_ok || (!p.prefix && after.is_some_and(char::is_alphanumeric)) {
                continue;
            }
            if p.prefix {
                e += lower[e..]
                    .find(|c: char| !c.is_alphanumeric())
                    .unwrap_or(lower.len() - e);
            }
            let span = Span::new(s, e);
            if taken.iter().any(|t| t.overlaps(span)) {
                continue;
            }
            taken.push(span);
            let mention = Mention {
                text: text[s..e].to_string(),
                span,
                kind: Some("name".into()),
                rule: "petrarch/actors".into(),
            };
            match out
                .iter_mut()
                .find(|x| x.actor.as_deref() == Some(p.code.as_str()))
            {
                Some(ent) => ent.mentions.push(mention),
                None => out.push(Entity {
                    id: EntityId(out.len() as u32),
                    kind: if p.code.len() == 3 {
                        EntityType::Place
                    } else {
                        EntityType::Organization
                    },
                    name: text[s..e].to_string(),
                    gender: None,
                    role: None,
                    actor: Some(p.code.clone()),
                    mentions: vec![mention],
                    rule: "petrarch/actors".into(),
                }),
            }
        }
    }
    for e in &mut out {
        e.mentions.sort_by_key(|m| m.span.start);
    }
    out
}

type Key = (String, String, String);

fn key(s: Option<&str>, t: Option<&str>, c: &str) -> Key {
    let three = |x: Option<&str>| {
        x.unwrap_or("")
            .chars()
            .take(3)
            .collect::<String>()
            .to_uppercase()
    };
    (three(s), three(t), c.chars().take(2).collect())
}

/// Runs the scorer.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Outcome> {
    let records_path = args.dir.join("derived/petr_unittest_records.jsonl");
    let actors_path = args
        .dir
        .join("petrarch2/data/dictionaries/PETR.Validate.actors.txt");
    let records_text = std::fs::read_to_string(&records_path)
        .with_context(|| format!("reading {}", records_path.display()))?;
    let actors_text = std::fs::read_to_string(&actors_path)
        .with_context(|| format!("reading {}", actors_path.display()))?;
    let phrases = read_actors(&actors_text);
    let lex = load_lexicons(cli)?;
    let pipeline = build_pipeline(cli)?;
    let finder = EventFinder::new(&lex).map_err(|e| anyhow::anyhow!("invalid lexicons:\n{e}"))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let (mut matched, mut predicted, mut gold_n, mut exact, mut n) = (0, 0, 0, 0, 0);
    for (i, line) in records_text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r: Record = serde_json::from_str(line)
            .with_context(|| format!("{}:{}", records_path.display(), i + 1))?;
        n += 1;
        let date = (r.date.len() == 8)
            .then(|| format!("{}-{}-{}", &r.date[..4], &r.date[4..6], &r.date[6..8]))
            .and_then(|d| d.parse().ok());
        let opts = Options {
            lang: Some(Lang::En),
            date,
        };
        let mut doc = pipeline.analyze(Input::from_text(r.text.clone()), &opts);
        doc.entities = entities(&doc.text, &phrases);
        let events = finder.find(&doc);
        let pred: BTreeSet<Key> = events
            .iter()
            .map(|e| key(e.source.as_deref(), e.target.as_deref(), &e.cameo))
            .collect();
        let gold: BTreeSet<Key> = if r.noevents {
            BTreeSet::new()
        } else {
            r.gold
                .iter()
                .filter_map(|g| {
                    Some(key(
                        g.sourcecode.as_deref(),
                        g.targetcode.as_deref(),
                        g.eventcode.as_deref()?,
                    ))
                })
                .collect()
        };
        let m = pred.intersection(&gold).count();
        matched += m;
        predicted += pred.len();
        gold_n += gold.len();
        exact += usize::from(pred == gold);
        if args.per_record {
            writeln!(
                out,
                "{}\t{}/{}\tgold {:?}\tgot {:?}",
                r.id,
                m,
                gold.len(),
                gold,
                pred
            )?;
        }
    }
    let p = ratio(matched, predicted);
    let rcl = ratio(matched, gold_n);
    let f1 = if p + rcl > 0.0 {
        2.0 * p * rcl / (p + rcl)
    } else {
        0.0
    };
    let scores = [
        ("records", n as f64),
        ("events.p", p),
        ("events.r", rcl),
        ("events.f1", f1),
        ("records.exact", ratio(exact, n)),
    ];
    super::print_scores(&mut out, &scores, args.json)?;
    Ok(Outcome::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_lines() {
        let p = read_actors(
            "<!-- x -->\nARNOR_  [ARN]\n+ARNORIAN\nARGENTIN [ARG] # c\nBOROMIR [---]\n",
        );
        let names: Vec<_> = p
            .iter()
            .map(|p| (p.words.as_str(), p.prefix, p.code.as_str()))
            .collect();
        assert!(names.contains(&("arnor", false, "ARN")));
        assert!(names.contains(&("arnorian", true, "ARN")));
        assert!(names.contains(&("argentin", true, "ARG")));
        assert!(!names.iter().any(|n| n.0 == "boromir"));
        let e = entities("Arnor met Argentina.", &p);
        assert_eq!(e.len(), 2);
        let names: Vec<_> = e.iter().map(|x| x.mentions[0].text.as_str()).collect();
        assert!(
            names.contains(&"Argentina") && names.contains(&"Arnor"),
            "{names:?}"
        );
    }
}
