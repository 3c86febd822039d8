//! The acceptance path: ingest the seed, the French dev gold articles and the examples;
//! `vigie search quotes --speaker Zakharova` lists her quotes with relay TASS; the API returns
//! the same rows as JSON; exports (JSON Lines, CSV, GDELT) and every output format work on the
//! same store.
//! Skips (with a message) when `../shared` is absent.

#[path = "../../server/tests/support/http.rs"]
mod http;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

const VIGIE: &str = env!("CARGO_BIN_EXE_vigie");

fn shared() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")).to_path_buf()
}

fn vigie(args: &[&str]) -> (String, String, Option<i32>) {
    let out = Command::new(VIGIE).args(args).output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

#[test]
fn zakharova_quotes_via_tass_from_cli_and_api() {
    let shared = shared();
    let seed = shared.join("examples/seed/article.txt");
    if !seed.is_file() {
        eprintln!("skipping: {} is absent", shared.display());
        return;
    }
    let dir = std::env::temp_dir().join(format!("vigie-search-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("vigie.db");
    let db_s = db.to_str().unwrap();
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    let fr_dev = shared.join("gold/fr-dev");
    let (_, err, code) = vigie(&[
        "ingest",
        seed.to_str().unwrap(),
        fr_dev.to_str().unwrap(),
        examples,
        "--db",
        db_s,
    ]);
    assert_eq!(code, Some(0), "{err}");

    // Text: her quotes, with the relay.
    let (text, err, code) = vigie(&["search", "quotes", "--speaker", "Zakharova", "--db", db_s]);
    assert_eq!(code, Some(0), "{err}");
    assert!(text.contains("Maria Zakharova via TASS"), "{text}");

    // JSON: every row is hers; at least one carries TASS.
    let (json, _, _) = vigie(&[
        "search",
        "quotes",
        "--speaker",
        "Zakharova",
        "--db",
        db_s,
        "--format",
        "json",
    ]);
    let cli: Value = serde_json::from_str(&json).unwrap();
    let rows = cli.as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .all(|r| r["speaker"].as_str().unwrap().contains("Zakharova")));
    assert!(rows.iter().any(|r| r["via"] == "TASS"), "{json}");

    // The API gives the same rows.
    let mut server = Command::new(VIGIE)
        .args(["serve", "--addr", "127.0.0.1:0", "--db", db_s])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let site = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    let api = http::get(&format!("{site}/api/quotes?speaker=Zakharova")).json();
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(api["results"], cli);

    // JSON Lines and CSV carry the same rows.
    let (jsonl, _, _) = vigie(&[
        "search",
        "quotes",
        "--speaker",
        "Zakharova",
        "--db",
        db_s,
        "--format",
        "jsonl",
    ]);
    assert_eq!(jsonl.lines().count(), rows.len());
    let (csv, _, _) = vigie(&[
        "search",
        "quotes",
        "--speaker",
        "Zakharova",
        "--db",
        db_s,
        "--format",
        "csv",
    ]);
    assert!(csv.starts_with("article_id,doc_id,date,lang,kind,speaker,"));
    assert!(csv.contains(",TASS,"), "{csv}");

    // A filter that does not apply is a usage error naming it.
    let (_, err, code) = vigie(&["search", "quotes", "--cameo", "04", "--db", db_s]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("filter `cameo` does not apply to quotes"),
        "{err}"
    );

    // Export: one document per line, as many as articles; CSV tables with their header.
    let (docs, _, code) = vigie(&["export", "--format", "jsonl", "--db", db_s]);
    assert_eq!(code, Some(0));
    let (arts, _, _) = vigie(&[
        "search", "articles", "--db", db_s, "--format", "json", "--limit", "1000",
    ]);
    let arts: Value = serde_json::from_str(&arts).unwrap();
    assert_eq!(docs.lines().count(), arts.as_array().unwrap().len());
    let first: Value = serde_json::from_str(docs.lines().next().unwrap()).unwrap();
    assert!(first["text"].is_string() && first["quotes"].is_array());
    let out = dir.join("quotes.csv");
    let (_, err, code) = vigie(&[
        "export",
        "--format",
        "csv",
        "--table",
        "quotes",
        "--db",
        db_s,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    let exported = std::fs::read_to_string(&out).unwrap();
    assert!(exported.lines().count() > rows.len());

    // GDELT: the 61 columns, a header, one row per stored event.
    let (tsv, err, code) = vigie(&["export", "--format", "gdelt", "--db", db_s]);
    assert_eq!(code, Some(0), "{err}");
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    assert_eq!(header.len(), 61);
    assert_eq!(header[0], "GLOBALEVENTID");
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    let (stats, _, _) = vigie(&[
        "search", "events", "--db", db_s, "--format", "jsonl", "--limit", "1000",
    ]);
    assert_eq!(rows.len(), stats.lines().count());
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row.len(), 61, "row {i}");
        assert_eq!(row[0], (i + 1).to_string());
    }
    let _ = std::fs::remove_dir_all(&dir);
}
