//! `vigie score ner FILE...`: the entities layer against named-entity gold in the HIPE-2022 TSV
//! format (`data/ner/hipe2022`: French and other newspapers, one token a line).
//!
//! Each document (`# hipe2022:document_id = ...`) is rebuilt from its tokens: a space between
//! tokens unless `NoSpaceAfter`, a line break at `EndOfLine`. The gold mentions are the runs of
//! the literal coarse column (`NE-COARSE-LIT`, `B-`/`I-` tags; an `I-` after another type or
//! after `O` opens a run) of the types vigie knows: `pers` → person, `loc` → place, `org` →
//! organization (`prod`, `time` and the like are not scored). The document goes through the
//! whole pipeline with the language and date the file states.
//!
//! The predicted mentions are the entities' named mentions (kinds `name`, `alias`, `metonym`;
//! titles, nominals and pronouns are not named entities in this gold). Scored as HIPE does:
//! - strict: same span (up to surrounding punctuation the gold run may leave out) and type;
//! - fuzzy: overlapping spans and the same type, one-to-one, in text order.
//!
//! `--per-rule` shows, for each rule that produced mentions, how many were right (fuzzy),
//! right in place but with another type, or nowhere in the gold: where precision is lost.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context;
use vigie_analyze::Options;
use vigie_doc::{Document, EntityType, Input, Lang, Span};

use super::{prf, print_scores, ratio};
use crate::{build_pipeline, Cli, Outcome};

/// Arguments of `vigie score ner`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// HIPE-2022 TSV files (`HIPE-2022-v2.1-*-fr.tsv`).
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Print, per rule, its mentions that were right, mistyped or not in the gold.
    #[arg(long)]
    per_rule: bool,
    /// Print the mistakes of each document (missed gold mentions, wrong predictions).
    #[arg(long)]
    errors: bool,
}

/// One gold document: its rebuilt text and typed mentions.
#[derive(Debug, Default)]
struct GoldDoc {
    id: String,
    lang: Option<Lang>,
    date: Option<jiff::civil::Date>,
    text: String,
    mentions: Vec<(Span, EntityType)>,
}

/// Column positions read from the `TOKEN ...` header.
#[derive(Clone, Copy, Debug)]
struct Columns {
    tag: usize,
    misc: usize,
}

/// Parses a HIPE-2022 TSV file into documents.
fn parse_hipe(tsv: &str) -> anyhow::Result<Vec<GoldDoc>> {
    let mut cols = None;
    let mut docs: Vec<GoldDoc> = Vec::new();
    // the run being read: start, type (None: an unscored type), last tag type
    let mut open: Option<(usize, Option<EntityType>, String)> = None;
    let close = |doc: &mut GoldDoc, open: &mut Option<(usize, Option<EntityType>, String)>| {
        if let Some((start, Some(kind), _)) = open.take() {
            let end = doc.text.trim_end().len().max(start);
            doc.mentions.push((Span::new(start, end), kind));
        }
    };
    for (n, line) in tsv.lines().enumerate() {
        if line.starts_with("TOKEN\t") {
            let names: Vec<&str> = line.split('\t').collect();
            let at = |name: &str| names.iter().position(|c| *c == name);
            let (Some(tag), Some(misc)) = (at("NE-COARSE-LIT"), at("MISC")) else {
                anyhow::bail!("line {}: no NE-COARSE-LIT or MISC column", n + 1);
            };
            cols = Some(Columns { tag, misc });
            continue;
        }
        // (a comment has no tab; "#" alone can be a token)
        if line.starts_with('#') && !line.contains('\t') {
            let Some((key, value)) = line.trim_start_matches('#').split_once('=') else {
                continue;
            };
            let (key, value) = (key.trim(), value.trim());
            match key {
                "hipe2022:document_id" => {
                    if let Some(doc) = docs.last_mut() {
                        close(doc, &mut open);
                    }
                    docs.push(GoldDoc {
                        id: value.to_string(),
                        ..GoldDoc::default()
                    });
                }
                "hipe2022:language" => {
                    if let Some(doc) = docs.last_mut() {
                        doc.lang = Lang::from_code(value);
                    }
                }
                "hipe2022:date" => {
                    if let Some(doc) = docs.last_mut() {
                        doc.date = value.parse().ok();
                    }
                }
                _ => {}
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let Some(c) = cols else {
            anyhow::bail!("line {}: a token before the TOKEN header", n + 1);
        };
        let Some(doc) = docs.last_mut() else {
            anyhow::bail!("line {}: a token before the first document id", n + 1);
        };
        let fields: Vec<&str> = line.split('\t').collect();
        let token = fields[0];
        let tag = fields.get(c.tag).copied().unwrap_or("O");
        let misc = fields.get(c.misc).copied().unwrap_or("_");
        let (bio, kind) = tag.split_once('-').unwrap_or((tag, ""));
        let kind = kind.to_ascii_lowercase();
        let continues = bio == "I" && open.as_ref().is_some_and(|(_, _, k)| *k == kind);
        if !continues {
            close(doc, &mut open);
            if bio == "B" || bio == "I" {
                let scored = match kind.as_str() {
                    "pers" | "per" => Some(EntityType::Person),
                    "loc" => Some(EntityType::Place),
                    "org" => Some(EntityType::Organization),
                    _ => None,
                };
                open = Some((doc.text.len(), scored, kind));
            }
        }
        doc.text.push_str(token);
        let flags: Vec<&str> = misc.split('|').collect();
        if flags.contains(&"EndOfLine") {
            doc.text.push('\n');
        } else if !flags.contains(&"NoSpaceAfter") {
            doc.text.push(' ');
        }
    }
    if let Some(doc) = docs.last_mut() {
        close(doc, &mut open);
    }
    if cols.is_none() {
        anyhow::bail!("no TOKEN header: not a HIPE TSV file");
    }
    Ok(docs)
}

/// The named mentions of a document: (span, type, rule).
fn predicted(doc: &Document) -> Vec<(Span, EntityType, String)> {
    let mut out: Vec<(Span, EntityType, String)> = doc
        .entities
        .iter()
        .flat_map(|e| {
            e.mentions
                .iter()
                .filter(|m| matches!(m.kind.as_deref(), None | Some("name" | "alias" | "metonym")))
                .map(move |m| (m.span, e.kind, m.rule.to_string()))
        })
        .collect();
    out.sort_by_key(|(s, _, _)| (s.start, s.end));
    out
}

/// The span without the punctuation and spaces at its ends.
fn trimmed(text: &str, s: Span) -> Span {
    let w = text.get(s.start..s.end).unwrap_or("");
    let keep = |c: char| c.is_alphanumeric();
    let start = s.start + w.find(keep).unwrap_or(w.len());
    let end = s.start
        + w.rfind(keep)
            .map_or(0, |i| i + w[i..].chars().next().map_or(0, char::len_utf8));
    Span::new(start, end.max(start))
}

/// Matched pairs (predicted index, gold index), one-to-one in text order: spans that overlap
/// and, when `same_type`, whose types agree.
fn pairs(
    pred: &[(Span, EntityType, String)],
    gold: &[(Span, EntityType)],
    same_type: bool,
) -> Vec<(usize, usize)> {
    let mut used = vec![false; gold.len()];
    let mut out = Vec::new();
    for (pi, (ps, pk, _)) in pred.iter().enumerate() {
        let hit = gold.iter().enumerate().position(|(gi, (gs, gk))| {
            !used[gi] && ps.start < gs.end && gs.start < ps.end && (!same_type || pk == gk)
        });
        if let Some(gi) = hit {
            used[gi] = true;
            out.push((pi, gi));
        }
    }
    out
}

/// Counts per type (and overall): gold, predicted, strict and fuzzy matches.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
struct Counts {
    gold: usize,
    predicted: usize,
    strict: usize,
    fuzzy: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.strict += o.strict;
        self.fuzzy += o.fuzzy;
    }
    fn prf(&self, matched: usize) -> (f64, f64, f64) {
        prf(matched, self.predicted, self.gold)
    }
}

/// A rule's mentions: right (fuzzy, typed), in a gold span of another type, in no gold span.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
struct RuleCounts {
    right: usize,
    mistyped: usize,
    spurious: usize,
}

const TYPES: [EntityType; 3] = [
    EntityType::Person,
    EntityType::Organization,
    EntityType::Place,
];

/// Scores one document: counts per type (index as [`TYPES`]) and per rule; mistakes appended
/// to `errors` as printable lines.
fn score(
    gold: &GoldDoc,
    doc: &Document,
    rules: &mut BTreeMap<String, RuleCounts>,
    errors: &mut Vec<String>,
) -> [Counts; 3] {
    let text = &doc.text;
    let pred = predicted(doc);
    let fuzzy = pairs(&pred, &gold.mentions, true);
    let placed = pairs(&pred, &gold.mentions, false);
    let mut c = [Counts::default(); 3];
    let ti = |k: EntityType| TYPES.iter().position(|t| *t == k).unwrap_or(0);
    for (_, k) in &gold.mentions {
        c[ti(*k)].gold += 1;
    }
    for (_, k, _) in &pred {
        c[ti(*k)].predicted += 1;
    }
    let mut right = vec![false; pred.len()];
    let mut found = vec![false; gold.mentions.len()];
    for &(pi, gi) in &fuzzy {
        let (ps, pk, _) = &pred[pi];
        right[pi] = true;
        found[gi] = true;
        c[ti(*pk)].fuzzy += 1;
        if trimmed(text, *ps) == trimmed(text, gold.mentions[gi].0) {
            c[ti(*pk)].strict += 1;
        }
    }
    // the gold type of each prediction placed on a gold span of another type
    let mut placed_as: Vec<Option<EntityType>> = vec![None; pred.len()];
    for &(pi, gi) in &placed {
        placed_as[pi] = Some(gold.mentions[gi].1);
    }
    let words = |s: Span| text.get(s.start..s.end).unwrap_or("").replace('\n', " ");
    for (pi, (s, k, rule)) in pred.iter().enumerate() {
        let r = rules.entry(rule.clone()).or_default();
        if right[pi] {
            r.right += 1;
        } else if let Some(g) = placed_as[pi] {
            r.mistyped += 1;
            let types = format!("{}:{}", k.as_str(), g.as_str());
            errors.push(format!("  TYPE  {types:<12} {} ({rule})", words(*s)));
        } else {
            r.spurious += 1;
            errors.push(format!("  FP    {:<12} {} ({rule})", k.as_str(), words(*s)));
        }
    }
    for (gi, (s, k)) in gold.mentions.iter().enumerate() {
        if !found[gi] {
            errors.push(format!("  MISS  {:<12} {}", k.as_str(), words(*s)));
        }
    }
    c
}

/// Runs the command.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Outcome> {
    let pipeline = build_pipeline(cli)?;
    let mut outcome = Outcome::Ok;
    let mut totals = [Counts::default(); 3];
    let mut rules: BTreeMap<String, RuleCounts> = BTreeMap::new();
    let mut documents = 0;
    let mut out = std::io::stdout().lock();
    use std::io::Write;
    for file in &args.files {
        let docs = match std::fs::read_to_string(file)
            .with_context(|| format!("reading {}", file.display()))
            .and_then(|s| parse_hipe(&s))
        {
            Ok(d) => d,
            Err(e) => {
                eprintln!("vigie: {}: {e:#}", file.display());
                outcome = Outcome::SomeFailed;
                continue;
            }
        };
        for gold in docs {
            let opts = Options {
                lang: gold.lang,
                date: gold.date,
            };
            let mut input = Input::from_text(gold.text.clone());
            input.source.path = Some(format!("{}#{}", file.display(), gold.id));
            let doc = pipeline.analyze(input, &opts);
            let mut errors = Vec::new();
            let c = score(&gold, &doc, &mut rules, &mut errors);
            for (t, x) in totals.iter_mut().zip(&c) {
                t.add(x);
            }
            documents += 1;
            if args.errors && !errors.is_empty() {
                writeln!(out, "===== {}", gold.id)?;
                for e in errors {
                    writeln!(out, "{e}")?;
                }
            }
        }
    }
    let mut all = Counts::default();
    for t in &totals {
        all.add(t);
    }
    let mut scores: Vec<(String, f64)> = Vec::new();
    let mut push = |name: &str, c: &Counts| {
        for (mode, m) in [("strict", c.strict), ("fuzzy", c.fuzzy)] {
            let (p, r, f) = c.prf(m);
            scores.push((format!("{name}.{mode}.p"), p));
            scores.push((format!("{name}.{mode}.r"), r));
            scores.push((format!("{name}.{mode}.f1"), f));
        }
    };
    push("all", &all);
    for (k, c) in TYPES.iter().zip(&totals) {
        push(k.as_str(), c);
    }
    if args.json {
        let v = serde_json::json!({
            "documents": documents,
            "scores": scores.iter().map(|(k, v)| (k.clone(), serde_json::json!(v))).collect::<serde_json::Map<_, _>>(),
            "counts": TYPES.iter().zip(&totals).map(|(k, c)| (k.as_str().to_string(), serde_json::json!(c))).collect::<serde_json::Map<_, _>>(),
            "rules": rules,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(outcome);
    }
    if args.per_rule {
        let mut rows: Vec<_> = rules.iter().collect();
        rows.sort_by_key(|(r, c)| (std::cmp::Reverse(c.right + c.mistyped + c.spurious), *r));
        writeln!(
            out,
            "{:<48} {:>6} {:>8} {:>8} {:>6}",
            "rule", "right", "mistyped", "spurious", "p"
        )?;
        for (r, c) in rows {
            let n = c.right + c.mistyped + c.spurious;
            writeln!(
                out,
                "{r:<48} {:>6} {:>8} {:>8} {:>6.3}",
                c.right,
                c.mistyped,
                c.spurious,
                ratio(c.right, n)
            )?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "named entities: {documents} documents, {} gold mentions, {} predicted",
        all.gold, all.predicted
    )?;
    let refs: Vec<(&str, f64)> = scores.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    print_scores(&mut out, &refs, false)?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "TOKEN\tNE-COARSE-LIT\tNE-COARSE-METO\tMISC\n\
# hipe2022:document_id = D1\n\
# hipe2022:date = 1888-08-03\n\
# hipe2022:language = fr\n\
La\tO\tO\t_\n\
panique\tO\tO\t_\n\
de\tO\tO\t_\n\
Munich\tB-loc\tO\tNoSpaceAfter\n\
.\tO\tO\tEndOfLine\n\
M\tB-pers\tO\tNoSpaceAfter\n\
.\tI-pers\tO\t_\n\
Hagenbeck\tI-pers\tO\tNoSpaceAfter\n\
,\tO\tO\t_\n\
#mma\tI-PER\tO\t_\n\
et\tO\tO\t_\n\
Ford\tB-prod\tO\t_\n\
# hipe2022:document_id = D2\n\
Le\tO\tO\t_\n\
Conseil\tI-ORG\tO\t_\n\
fédéral\tI-ORG\tO\tNoSpaceAfter\n\
.\tO\tO\t_\n";

    #[test]
    fn rebuilds_text_and_gold_runs() {
        let docs = parse_hipe(SAMPLE).unwrap();
        assert_eq!(docs.len(), 2);
        let d = &docs[0];
        assert_eq!(d.text, "La panique de Munich.\nM. Hagenbeck, #mma et Ford ");
        assert_eq!(d.lang, Some(Lang::Fr));
        assert_eq!(d.date.map(|x| x.to_string()).as_deref(), Some("1888-08-03"));
        let got: Vec<(&str, EntityType)> = d
            .mentions
            .iter()
            .map(|(s, k)| (&d.text[s.start..s.end], *k))
            .collect();
        // (an I- after O opens a run; prod is not scored)
        assert_eq!(
            got,
            [
                ("Munich", EntityType::Place),
                ("M. Hagenbeck", EntityType::Person),
                ("#mma", EntityType::Person),
            ]
        );
        let d2 = &docs[1];
        assert_eq!(
            &d2.text[d2.mentions[0].0.start..d2.mentions[0].0.end],
            "Conseil fédéral"
        );
        assert_eq!(d2.mentions[0].1, EntityType::Organization);
    }

    #[test]
    fn rejects_a_file_without_header() {
        assert!(parse_hipe("Munich\tB-loc\n").is_err());
    }

    #[test]
    fn scores_through_the_pipeline() {
        let lex = vigie_lexicon::Lexicons::embedded();
        let pipeline = vigie_analyze::Pipeline::new(&lex).unwrap();
        let tsv =
            "TOKEN\tNE-COARSE-LIT\tMISC\n# hipe2022:document_id = D\n# hipe2022:language = fr\n\
Le\tO\t_\nprésident\tO\t_\nEmmanuel\tB-pers\t_\nMacron\tI-pers\t_\na\tO\t_\nvisité\tO\t_\n\
Berlin\tB-pers\tNoSpaceAfter\n.\tO\t_\n";
        let gold = parse_hipe(tsv).unwrap().pop().unwrap();
        let opts = Options {
            lang: gold.lang,
            date: None,
        };
        let doc = pipeline.analyze(Input::from_text(gold.text.clone()), &opts);
        let mut rules = BTreeMap::new();
        let mut errors = Vec::new();
        let c = score(&gold, &doc, &mut rules, &mut errors);
        // Macron: right; Berlin: a place where the gold says person (mistyped, and missed)
        assert_eq!((c[0].gold, c[0].fuzzy, c[0].strict), (2, 1, 1));
        assert_eq!(c[2].predicted, 1);
        assert_eq!(c[2].fuzzy, 0);
        assert_eq!(rules.values().map(|r| r.mistyped).sum::<usize>(), 1);
        assert!(errors
            .iter()
            .any(|e| e.contains("TYPE") && e.contains("Berlin")));
        assert!(errors
            .iter()
            .any(|e| e.contains("MISS") && e.contains("Berlin")));
    }

    #[test]
    fn trims_punctuation_for_strict_spans() {
        let t = "« M. Hagenbeck, »";
        let s = trimmed(t, Span::new(0, t.len()));
        assert_eq!(&t[s.start..s.end], "M. Hagenbeck");
    }
}
