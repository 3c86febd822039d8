//! Bad input never panics and never stops the batch: each bad file gets one line on stderr
//! naming it and the reason, the good files are still analysed, and the exit code is 1.

use std::path::Path;
use std::process::{Command, Output};

fn vigie(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(args)
        .output()
        .expect("run vigie")
}

/// A scratch folder for one test, removed when the guard drops (even when the test fails).
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("vigie-bad-input-{name}-"))
        .tempdir()
        .unwrap()
}

const GOOD: &str =
    "Paris, 3 mars (AFP) –\n\nLe ministre a déclaré jeudi que la réforme serait votée.\n";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

fn stderr_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(str::to_string)
        .collect()
}

/// Each bad case: the file, and what its stderr line must say.
#[test]
fn every_bad_input_is_named_and_the_batch_goes_on() {
    let scratch = scratch("batch");
    let dir = scratch.path();
    let good = write(dir, "good.txt", GOOD.as_bytes());
    let empty = write(dir, "empty.txt", b"");
    let blank = write(dir, "blank.txt", b"  \n\n \t\n");
    let binary = write(dir, "image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    let missing = dir.join("missing.txt").display().to_string();
    let subdir = dir.join("a-directory");
    std::fs::create_dir_all(&subdir).unwrap();
    let subdir = subdir.display().to_string();
    let large = write(
        dir,
        "large.txt",
        "Le ministre a parlé. ".repeat(100).as_bytes(),
    );
    let good2 = write(dir, "good2.txt", GOOD.as_bytes());

    let out = vigie(&[
        "analyze",
        "--format",
        "jsonl",
        "--max-bytes",
        "1000",
        &good,
        &empty,
        &blank,
        &binary,
        &missing,
        &subdir,
        &large,
        &good2,
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit code must say something failed"
    );
    let err = stderr_lines(&out);
    let expect = [
        (&empty, "empty input"),
        (&blank, "empty input"),
        (&binary, "binary file"),
        (&missing, "No such file"),
        (&subdir, "is a directory"),
        (&large, "over the limit of 1000 bytes"),
    ];
    for (file, reason) in expect {
        assert!(
            err.iter()
                .any(|l| l.contains(file.as_str()) && l.contains(reason)),
            "no stderr line naming {file} with {reason:?}: {err:#?}"
        );
    }
    assert_eq!(err.len(), expect.len(), "one line per bad file: {err:#?}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    // both good files were analysed, in order
    let docs: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["source"]["path"], good.as_str());
    assert_eq!(docs[1]["source"]["path"], good2.as_str());
}

#[test]
fn invalid_utf8_and_legacy_encodings_are_decoded_and_recorded() {
    let scratch = scratch("enc");
    let dir = scratch.path();
    // Windows-1252: é = E9, è = E8, « = AB, » = BB, ’ = 92
    let cp1252 = write(
        dir,
        "cp1252.txt",
        b"Le minist\xe8re fran\xe7ais des Affaires \xe9trang\xe8res a d\xe9clar\xe9 : \xab Nous sommes pr\xeats \xbb. L\x92accord est sign\xe9.\n",
    );
    // ISO-8859-1 page that is mostly ASCII with a few accented letters
    let latin1 = write(
        dir,
        "latin1.txt",
        b"Le d\xe9put\xe9 a vot\xe9 contre la r\xe9forme, selon le compte rendu de la s\xe9ance.\n",
    );
    let out = vigie(&["analyze", "--format", "jsonl", &cp1252, &latin1]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        docs[0]["text"],
        "Le ministère français des Affaires étrangères a déclaré : « Nous sommes prêts ». L’accord est signé.\n"
    );
    assert_eq!(docs[0]["source"]["encoding"], "windows-1252");
    assert_eq!(
        docs[1]["text"],
        "Le député a voté contre la réforme, selon le compte rendu de la séance.\n"
    );
    assert_eq!(docs[1]["source"]["encoding"], "windows-1252");
}

#[test]
fn stdin_is_read_with_a_dash_and_json_is_one_object() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(["analyze", "--format", "json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(GOOD.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["text"], GOOD);
    assert_eq!(v["lang"], "fr");
    assert_eq!(v["source"]["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn bad_arguments_exit_2() {
    let out = vigie(&["analyze", "--date", "not-a-date", "x.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let out = vigie(&["eval", "/nonexistent/gold"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/gold"));
}

/// `vigie analyze` analyses inputs on every core, a batch at a time: the documents still come
/// out in input order, the same bytes as on one thread, and bad inputs between them (across
/// batch boundaries) are reported without stopping the run.
#[test]
fn many_inputs_come_out_in_input_order_as_on_one_thread() {
    let dir = scratch("order");
    let mut files = Vec::new();
    for i in 0..150 {
        let text = format!(
            "Paris, {} mars (AFP) –\n\nLe ministre {i} a déclaré jeudi que la réforme {i} serait votée.\n",
            i % 28 + 1
        );
        files.push(write(dir.path(), &format!("a{i:03}.txt"), text.as_bytes()));
        if i % 50 == 7 {
            files.push(
                dir.path()
                    .join(format!("missing{i}.txt"))
                    .display()
                    .to_string(),
            );
        }
    }
    let mut args = vec!["analyze", "--format", "jsonl"];
    args.extend(files.iter().map(String::as_str));
    let parallel = vigie(&args);
    let one = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(&args)
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .expect("run vigie");
    assert_eq!(parallel.status.code(), Some(1));
    assert_eq!(
        stderr_lines(&parallel).len(),
        3,
        "{:?}",
        stderr_lines(&parallel)
    );
    assert!(
        parallel.stdout == one.stdout,
        "parallel output differs from one thread's"
    );
    let paths: Vec<String> = String::from_utf8_lossy(&parallel.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["source"]["path"].as_str().unwrap().to_string()
        })
        .collect();
    let want: Vec<&String> = files.iter().filter(|f| !f.contains("missing")).collect();
    assert_eq!(paths.len(), 150);
    assert!(
        paths.iter().zip(&want).all(|(a, b)| a == *b),
        "out of order"
    );
}
