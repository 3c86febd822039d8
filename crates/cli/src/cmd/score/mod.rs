//! `vigie score <BENCHMARK> ...`: scorers for external benchmarks, one module per scorer.

pub mod extraction;
pub mod ner;
pub mod petrarch;
pub mod plover;
pub mod polnear;

use crate::{Cli, Outcome};

/// External benchmarks vigie can be scored on.
#[derive(clap::Subcommand, Debug)]
pub enum Score {
    /// PLOVER gold-standard records (JSON array): event category and actor accuracy.
    Plover(plover::Args),
    /// PETRARCH2 unit-test records, with their validation actor dictionary: events as
    /// (source, target, CAMEO root).
    Petrarch(petrarch::Args),
    /// HTML main-text extraction and markup metadata: trafilatura's snippet benchmark,
    /// Readability's test pages (token F1), Postlight's metadata gold (title/author/date).
    Extraction(extraction::Args),
    /// PolNeAR (brat standoff Source/Cue/Content attributions, English political news):
    /// content F1 and source accuracy of the quotes layer.
    Polnear(polnear::Args),
    /// Named-entity gold in the HIPE-2022 TSV format (French newspapers): strict and fuzzy
    /// mention F1 per type, and where each rule loses precision.
    Ner(ner::Args),
}

/// Runs a scorer.
pub fn run(cli: &Cli, cmd: &Score) -> anyhow::Result<Outcome> {
    match cmd {
        Score::Plover(a) => plover::run(cli, a),
        Score::Petrarch(a) => petrarch::run(cli, a),
        Score::Extraction(a) => extraction::run(cli, a),
        Score::Polnear(a) => polnear::run(cli, a),
        Score::Ner(a) => ner::run(cli, a),
    }
}

/// The PLOVER category names of a CAMEO root, in the current manual and in the older names
/// the gold-standard records use (DEMAND, DISAPPROVE, FIGHT, INVESTIGATE).
pub fn plover_names(root: &str) -> &'static [&'static str] {
    match root {
        "02" | "10" => &["DEMAND", "REQUEST"],
        "03" => &["AGREE"],
        "04" => &["CONSULT"],
        "05" => &["SUPPORT"],
        "06" => &["COOPERATE"],
        "07" => &["AID"],
        "08" => &["CONCEDE", "RETREAT"],
        "09" => &["INVESTIGATE", "ACCUSE"],
        "11" => &["DISAPPROVE", "ACCUSE"],
        "12" => &["REJECT"],
        "13" => &["THREATEN"],
        "14" => &["PROTEST"],
        "15" => &["MOBILIZE"],
        "16" => &["SANCTION"],
        "17" => &["COERCE"],
        "18" | "20" => &["ASSAULT"],
        "19" => &["FIGHT", "ASSAULT"],
        _ => &[],
    }
}

/// The category names of the gold records that a PLOVER 0.8 category stands for: the records
/// use older names for some (DEMAND for REQUEST; DISAPPROVE and INVESTIGATE, now under
/// ACCUSE; FIGHT, now under ASSAULT).
pub fn gold_names(category: &str) -> &[&str] {
    match category {
        "REQUEST" => &["REQUEST", "DEMAND"],
        "ACCUSE" => &["ACCUSE", "DISAPPROVE", "INVESTIGATE"],
        "ASSAULT" => &["ASSAULT", "FIGHT"],
        "AGREE" => &["AGREE"],
        "CONSULT" => &["CONSULT"],
        "SUPPORT" => &["SUPPORT"],
        "COOPERATE" => &["COOPERATE"],
        "AID" => &["AID"],
        "CONCEDE" => &["CONCEDE"],
        "RETREAT" => &["RETREAT"],
        "REJECT" => &["REJECT"],
        "THREATEN" => &["THREATEN"],
        "PROTEST" => &["PROTEST"],
        "SANCTION" => &["SANCTION"],
        "MOBILIZE" => &["MOBILIZE"],
        "COERCE" => &["COERCE"],
        _ => &[],
    }
}

/// Prints named scores: one JSON object, or a table of `name value` lines.
pub fn print_scores(
    out: &mut impl std::io::Write,
    scores: &[(&str, f64)],
    json: bool,
) -> std::io::Result<()> {
    if json {
        let map: serde_json::Map<String, serde_json::Value> = scores
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::json!(v)))
            .collect();
        writeln!(out, "{}", serde_json::Value::Object(map))
    } else {
        let width = scores.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 4;
        for (k, v) in scores {
            writeln!(out, "{k:<width$}{v:>8.3}")?;
        }
        Ok(())
    }
}

/// Precision, recall and F1 of `matched` predictions out of `predicted`, against `gold`.
pub fn prf(matched: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
    let (p, r) = (ratio(matched, predicted), ratio(matched, gold));
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Share of `n` in `d`, 0 when `d` is 0.
pub fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

#[cfg(test)]
mod tests {
    use super::gold_names;

    #[test]
    fn old_gold_names_map_to_current_categories() {
        assert!(gold_names("REQUEST").contains(&"DEMAND"));
        assert!(gold_names("ASSAULT").contains(&"FIGHT"));
        assert!(gold_names("COERCE") == ["COERCE"]);
        assert!(gold_names("").is_empty());
    }
}
