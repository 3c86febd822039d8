//! Golden scores: the pipeline on the repository's example dispatches (and, when `../shared` is
//! beside the checkout, on the seed and the dev gold sets) must score at least the committed
//! baseline in `testdata/eval-baseline.json`. Raise the baseline as scores improve
//! (`vigie eval ... --write-baseline`), never lower it silently.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn eval(dirs: &[PathBuf]) {
    let baseline = root().join("testdata/eval-baseline.json");
    let out = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .arg("eval")
        .args(dirs)
        .arg("--baseline")
        .arg(&baseline)
        .output()
        .expect("run vigie eval");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "vigie eval failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("entities.f1"), "no scores printed");
}

#[test]
fn examples_score_at_least_the_baseline() {
    eval(&[root().join("examples")]);
}

#[test]
fn shared_gold_sets_score_at_least_the_baseline() {
    let shared = root().join("../shared");
    if !shared.is_dir() {
        println!("skipped: {} is absent", shared.display());
        return;
    }
    let mut dirs = vec![shared.join("examples/seed")];
    let mut sets: Vec<PathBuf> = std::fs::read_dir(shared.join("gold"))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    sets.sort();
    dirs.extend(sets);
    eval(&dirs);
}
