//! `vigie ingest` killed with SIGKILL mid-run keeps whole committed batches, and a re-run
//! completes the rest: the same counts as a clean run, no duplicates. Also: idempotence, errors
//! that name the file with exit code 1, directories, globs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use vigie_store::{Counts, Store};

const VIGIE: &str = env!("CARGO_BIN_EXE_vigie");

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vigie-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `n` distinct dispatches, each with a quote, a speaker, a relay and an event verb, so that
/// every layer has something to store as the stages grow.
fn corpus(dir: &Path, n: usize) {
    let speakers = [
        "Maria Zakharova",
        "Jake Sullivan",
        "Antonio Guterres",
        "Olaf Scholz",
    ];
    let relays = ["TASS", "l'AFP", "Reuters", "RIA Novosti"];
    for i in 0..n {
        let text = format!(
            "Moscou, {day} mars (AFP) – « Nous ne négocions pas, dossier {i} », a déclaré \
             {speaker}, citée par {relay}.\n\nLa Russie a rencontré les États-Unis à Genève \
             le {day} mars pour la {i}e fois, selon un communiqué.\n",
            day = 1 + i % 28,
            speaker = speakers[i % speakers.len()],
            relay = relays[(i / 4) % relays.len()],
        );
        std::fs::write(dir.join(format!("d{i:04}.txt")), text).unwrap();
    }
}

fn counts(db: &Path) -> Counts {
    Store::open_read_only(db).unwrap().counts().unwrap()
}

fn ingest(args: &[&str]) -> std::process::Output {
    Command::new(VIGIE)
        .arg("ingest")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn killed_ingest_resumes_to_the_clean_result() {
    let dir = temp_dir("resume");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let n = 300;
    corpus(&docs, n);
    let docs_arg = docs.to_str().unwrap();

    // The clean run.
    let clean = dir.join("clean.db");
    let out = ingest(&[docs_arg, "--db", clean.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = counts(&clean);
    assert_eq!(expected.articles, n as i64);

    // The interrupted run: small batches with a pause after each commit, killed once some
    // batches are in.
    let db = dir.join("killed.db");
    let mut child = Command::new(VIGIE)
        .args(["ingest", docs_arg, "--db", db.to_str().unwrap()])
        .args(["--batch", "10", "--batch-pause-ms", "50"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let done = Store::open_read_only(&db)
            .and_then(|s| s.counts())
            .map(|c| c.articles >= 50)
            .unwrap_or(false);
        if done {
            break;
        }
        assert!(Instant::now() < deadline, "ingest made no progress");
        assert!(
            child.try_wait().unwrap().is_none(),
            "ingest ended before it was killed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let partial = counts(&db);
    assert!(
        partial.articles < n as i64,
        "the run finished before the kill"
    );
    assert_eq!(
        partial.articles % 10,
        0,
        "a batch was committed in part: {partial:?}"
    );

    // The re-run completes the rest, analysing only what is missing.
    let out = ingest(&[docs_arg, "--db", db.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let missing = n as i64 - partial.articles;
    assert!(
        stderr.contains(&format!(
            "{missing} new, {} already stored, 0 failed",
            partial.articles
        )),
        "{stderr}"
    );
    assert_eq!(counts(&db), expected);

    // And once more: nothing new.
    let out = ingest(&[docs_arg, "--db", db.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("0 new, {n} already stored")));
    assert_eq!(counts(&db), expected);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_inputs_are_named_and_the_rest_goes_in() {
    let dir = temp_dir("errors");
    let docs = dir.join("docs");
    std::fs::create_dir_all(docs.join("sub")).unwrap();
    corpus(&docs.join("sub"), 3);
    std::fs::write(docs.join("empty.txt"), "").unwrap();
    std::fs::write(docs.join("gold.json"), "{}").unwrap(); // not an article file: skipped
    let db = dir.join("v.db");
    let pattern = format!("{}/sub/*.txt", docs.display());
    let out = ingest(&[
        docs.to_str().unwrap(),
        &pattern,
        "/nonexistent/vigie-file.txt",
        "--db",
        db.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("empty.txt: empty input"), "{stderr}");
    assert!(
        stderr.contains("/nonexistent/vigie-file.txt: no such file"),
        "{stderr}"
    );
    assert!(!stderr.contains("gold.json"), "{stderr}");
    // The three articles, once each although the glob names them again.
    assert!(
        stderr.contains("3 new, 3 already stored, 2 failed"),
        "{stderr}"
    );
    assert_eq!(counts(&db).articles, 3);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Copies of one article in consecutive one-document batches: the second copy arrives while
/// the writer may still hold the first, uncommitted, and is still stored once.
#[test]
fn copies_in_consecutive_batches_are_stored_once() {
    let dir = temp_dir("copies");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    corpus(&docs, 2);
    let mut names: Vec<PathBuf> = std::fs::read_dir(&docs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let first = std::fs::read(&names[0]).unwrap();
    for copy in ["a1.txt", "a2.txt", "a3.txt"] {
        std::fs::write(docs.join(copy), &first).unwrap();
    }
    let db = dir.join("v.db");
    let out = ingest(&[
        docs.to_str().unwrap(),
        "--batch",
        "1",
        "--db",
        db.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("2 new, 3 already stored, 0 failed"),
        "{stderr}"
    );
    assert_eq!(counts(&db).articles, 2);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A WARC response record holding `body` as an HTML page.
fn warc_record(id: usize, body: &str) -> Vec<u8> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Date: 2024-03-17T08:00:00Z\r\nWARC-Target-URI: https://example.org/{id}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    r.extend_from_slice(http.as_bytes());
    r.extend_from_slice(b"\r\n\r\n");
    r
}

#[test]
fn directories_stream_archives_and_name_bad_records() {
    let dir = temp_dir("archives");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let mut warc = Vec::new();
    for i in 0..3 {
        warc.extend(warc_record(
            i,
            &format!(
                "<html lang=fr><head><title>Titre {i}</title></head><body><article><p>Le \
                 gouvernement a annoncé mardi un plan de relance numéro {i}, a indiqué le \
                 ministre de l'Économie à Paris.</p></article></body></html>"
            ),
        ));
    }
    std::fs::write(docs.join("crawl.warc"), &warc).unwrap();
    let jsonl = "{\"title\":\"Un\",\"maintext\":\"Le ministre a déclaré jeudi qu'il partirait.\",\"url\":\"https://example.org/a\"}\n\
                 not json\n\
                 {\"title\":\"Deux\",\"maintext\":\"La ministre a annoncé vendredi un accord.\",\"url\":\"https://example.org/b\"}\n";
    std::fs::write(docs.join("news.jsonl"), jsonl).unwrap();
    std::fs::write(docs.join("gold.json"), "{}").unwrap(); // not an article file: skipped
    let db = dir.join("v.db");
    let out = ingest(&[docs.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("news.jsonl: record line 2: invalid JSON"),
        "{stderr}"
    );
    assert!(!stderr.contains("gold.json"), "{stderr}");
    assert!(
        stderr.contains("5 new, 0 already stored, 1 failed"),
        "{stderr}"
    );
    let store = Store::open_read_only(&db).unwrap();
    assert_eq!(store.counts().unwrap().articles, 5);
    // Again: every record is known by its hash, none is extracted or analysed twice.
    drop(store);
    let out = ingest(&[docs.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("0 new, 5 already stored, 1 failed"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
