//! `vigie score polnear DIR`: the quotes layer against PolNeAR attributions.
//!
//! DIR is a PolNeAR compartment (`data/dev`): `attributions/<name>_<annotator>.ann` (brat
//! standoff: `T` lines `Source|Cue|Content start end[;start end]`, character offsets; `E` lines
//! linking an attribution's Content, Cue and Source) beside `text/<name>.txt`. An article
//! annotated by several annotators is scored once per annotation file (micro-averaged).
//!
//! - Content: a predicted quote (any kind) matches a gold Content when their token overlap
//!   |P∩G| / max(|P|,|G|) is at least 0.5 (also reported at 0.8), one-to-one, greedy by
//!   overlap, as `vigie eval` matches quotes (gold/FORMAT.md).
//! - Source accuracy: over matched pairs whose gold attribution has a Source, the share whose
//!   predicted speaker span overlaps the gold Source span, or whose speaker name shares its
//!   last word with the Source text (so "Trump" matches "Donald Trump", and a pronoun resolved
//!   to a name is credited when the gold Source is the pronoun's own span).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::Context;
use vigie_analyze::Options;
use vigie_doc::{Input, Lang, Span};
use vigie_eval::{overlap_ratio, tokens};

use super::ratio;
use crate::{build_pipeline, Cli, Outcome};

/// Arguments of `vigie score polnear`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A PolNeAR compartment: the folder holding `attributions/` and `text/`.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Print each annotation file's scores too.
    #[arg(long)]
    per_doc: bool,
}

/// One gold attribution: its content and source, as byte spans of the UTF-8 text.
#[derive(Debug)]
struct GoldAttribution {
    content: Vec<Span>,
    source: Vec<Span>,
}

#[derive(Default, Debug, Clone, Copy, serde::Serialize)]
struct Counts {
    documents: usize,
    gold: usize,
    predicted: usize,
    matched: usize,
    matched_08: usize,
    source_total: usize,
    source_ok: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.documents += o.documents;
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.matched += o.matched;
        self.matched_08 += o.matched_08;
        self.source_total += o.source_total;
        self.source_ok += o.source_ok;
    }
    fn prf(&self, matched: usize) -> (f64, f64, f64) {
        super::prf(matched, self.predicted, self.gold)
    }
    fn scores(&self) -> BTreeMap<&'static str, f64> {
        let (p, r, f) = self.prf(self.matched);
        let (p8, r8, f8) = self.prf(self.matched_08);
        BTreeMap::from([
            ("content.p", p),
            ("content.r", r),
            ("content.f1", f),
            ("content@0.8.p", p8),
            ("content@0.8.r", r8),
            ("content@0.8.f1", f8),
            ("source.acc", ratio(self.source_ok, self.source_total)),
        ])
    }
}

/// Runs the command.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Outcome> {
    let pipeline = build_pipeline(cli)?;
    let ann_dir = args.dir.join("attributions");
    let text_dir = args.dir.join("text");
    let mut anns: Vec<PathBuf> = std::fs::read_dir(&ann_dir)
        .with_context(|| format!("reading {}", ann_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    if anns.is_empty() {
        anyhow::bail!("{}: no .ann files", ann_dir.display());
    }
    let opts = Options {
        lang: Some(Lang::En),
        date: None,
    };
    let mut outcome = Outcome::Ok;
    let mut total = Counts::default();
    let mut per_doc = Vec::new();
    let mut docs: HashMap<PathBuf, vigie_doc::Document> = HashMap::new();
    for ann in &anns {
        let Some(text_path) = text_for(&text_dir, ann) else {
            eprintln!("vigie: {}: no article text beside it", ann.display());
            outcome = Outcome::SomeFailed;
            continue;
        };
        let text = std::fs::read_to_string(&text_path)
            .with_context(|| format!("reading {}", text_path.display()))?;
        let gold = match std::fs::read_to_string(ann)
            .map_err(anyhow::Error::from)
            .and_then(|s| parse_ann(&s, &text))
        {
            Ok(g) => g,
            Err(e) => {
                eprintln!("vigie: {}: {e:#}", ann.display());
                outcome = Outcome::SomeFailed;
                continue;
            }
        };
        let doc = docs.entry(text_path.clone()).or_insert_with(|| {
            let mut input = Input::from_text(text.clone());
            input.source.path = Some(text_path.display().to_string());
            pipeline.analyze(input, &opts)
        });
        let c = score(&gold, doc);
        per_doc.push((
            ann.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            c,
        ));
        total.add(&c);
    }
    if args.json {
        let v = serde_json::json!({
            "set": args.dir.display().to_string(),
            "scores": total.scores(),
            "counts": total,
            "documents": per_doc.iter().map(|(n, c)| serde_json::json!({"file": n, "scores": c.scores(), "counts": c})).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(outcome);
    }
    if args.per_doc {
        for (n, c) in &per_doc {
            let s = c.scores();
            println!(
                "{n:<70} content.f1 {:.3}  source.acc {:.3}  (gold {}, predicted {}, matched {})",
                s["content.f1"], s["source.acc"], c.gold, c.predicted, c.matched
            );
        }
        println!();
    }
    println!("PolNeAR {}", args.dir.display());
    println!(
        "annotation files {}  gold attributions {}  predicted quotes {}  matched {}",
        total.documents, total.gold, total.predicted, total.matched
    );
    for (k, v) in total.scores() {
        println!("{k:<16} {v:.3}");
    }
    Ok(outcome)
}

/// `attributions/<name>_<annotator>.ann` -> `text/<name>.txt`.
fn text_for(text_dir: &Path, ann: &Path) -> Option<PathBuf> {
    let stem = ann.file_stem()?.to_string_lossy().into_owned();
    let direct = text_dir.join(format!("{stem}.txt"));
    if direct.exists() {
        return Some(direct);
    }
    let (name, _) = stem.rsplit_once('_')?;
    let p = text_dir.join(format!("{name}.txt"));
    p.exists().then_some(p)
}

/// Parses brat standoff into attributions, converting character offsets to byte spans.
fn parse_ann(ann: &str, text: &str) -> anyhow::Result<Vec<GoldAttribution>> {
    // char offset -> byte offset
    let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    byte_at.push(text.len());
    let to_byte = |c: usize| byte_at.get(c).copied();
    let mut spans: HashMap<&str, (&str, Vec<Span>)> = HashMap::new();
    let mut events = Vec::new();
    for (n, line) in ann.lines().enumerate() {
        let mut cols = line.split('\t');
        let id = cols.next().unwrap_or("");
        if id.starts_with('T') {
            let meta = cols.next().unwrap_or("");
            let (kind, ranges) = meta.split_once(' ').unwrap_or((meta, ""));
            let mut v = Vec::new();
            for r in ranges.split(';') {
                let mut it = r.split_whitespace();
                let (Some(a), Some(b)) = (it.next(), it.next()) else {
                    anyhow::bail!("line {}: bad range {r:?}", n + 1);
                };
                let (a, b): (usize, usize) = (a.parse()?, b.parse()?);
                match (to_byte(a), to_byte(b)) {
                    (Some(a), Some(b)) if a <= b => v.push(Span::new(a, b)),
                    _ => anyhow::bail!("line {}: range {r:?} outside the text", n + 1),
                }
            }
            spans.insert(id, (kind, v));
        } else if id.starts_with('E') {
            events.push(cols.next().unwrap_or(""));
        }
    }
    let mut out = Vec::new();
    for e in events {
        let mut content = Vec::new();
        let mut source = Vec::new();
        for arg in e.split_whitespace() {
            let Some((role, id)) = arg.split_once(':') else {
                continue;
            };
            let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
            if let Some((_, s)) = spans.get(id) {
                match role {
                    "Content" => content.extend(s.iter().copied()),
                    "Source" => source.extend(s.iter().copied()),
                    _ => {}
                }
            }
        }
        if !content.is_empty() {
            out.push(GoldAttribution { content, source });
        }
    }
    Ok(out)
}

fn score(gold: &[GoldAttribution], doc: &vigie_doc::Document) -> Counts {
    let text = &doc.text;
    let gtoks: Vec<Vec<String>> = gold
        .iter()
        .map(|g| {
            g.content
                .iter()
                .flat_map(|s| tokens(text.get(s.start..s.end).unwrap_or("")))
                .collect()
        })
        .collect();
    let ptoks: Vec<Vec<String>> = doc.quotes.iter().map(|q| tokens(&q.text)).collect();
    let matches = |threshold: f64| {
        let mut pairs = Vec::new();
        for (pi, p) in ptoks.iter().enumerate() {
            for (gi, g) in gtoks.iter().enumerate() {
                let r = overlap_ratio(p, g);
                if r >= threshold {
                    pairs.push((r, pi, gi));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let (mut pu, mut gu) = (vec![false; ptoks.len()], vec![false; gtoks.len()]);
        let mut out = Vec::new();
        for (_, pi, gi) in pairs {
            if !pu[pi] && !gu[gi] {
                pu[pi] = true;
                gu[gi] = true;
                out.push((pi, gi));
            }
        }
        out
    };
    let m = matches(0.5);
    let mut c = Counts {
        documents: 1,
        gold: gold.len(),
        predicted: doc.quotes.len(),
        matched: m.len(),
        matched_08: matches(0.8).len(),
        ..Counts::default()
    };
    for (pi, gi) in m {
        let g = &gold[gi];
        if g.source.is_empty() {
            continue;
        }
        c.source_total += 1;
        let q = &doc.quotes[pi];
        let overlap = q.speaker_span.is_some_and(|s| {
            g.source
                .iter()
                .any(|gs| s.start < gs.end && gs.start < s.end)
        });
        let src_text: String = g
            .source
            .iter()
            .map(|s| text.get(s.start..s.end).unwrap_or(""))
            .collect::<Vec<_>>()
            .join(" ");
        let same_name = q.speaker.as_deref().is_some_and(|sp| {
            let last = tokens(sp).pop();
            last.is_some() && tokens(&src_text).pop() == last
        });
        if overlap || same_name {
            c.source_ok += 1;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_brat_with_char_offsets_and_fragments() {
        let text = "“Oui” — De Blasio says it was “intentional”.";
        let ann = "T1\tSource 8 17\tDe Blasio\nT2\tCue 18 22\tsays\nT3\tContent 23 29;30 43\tit was intentional\nE1\tAttribution:T9 Content:T3 Cue:T2 Source:T1\n";
        let g = parse_ann(ann, text).unwrap();
        assert_eq!(g.len(), 1);
        assert_eq!(&text[g[0].source[0].start..g[0].source[0].end], "De Blasio");
        assert_eq!(
            &text[g[0].content[1].start..g[0].content[1].end],
            "“intentional”"
        );
    }

    #[test]
    fn text_beside_annotator_suffix() {
        let dir = std::env::temp_dir().join("vigie-polnear-test");
        std::fs::create_dir_all(dir.join("text")).unwrap();
        std::fs::write(dir.join("text/a-b_c.txt"), "x").unwrap();
        let p = text_for(&dir.join("text"), Path::new("attributions/a-b_c_4e07.ann"));
        assert_eq!(p, Some(dir.join("text/a-b_c.txt")));
    }
}
