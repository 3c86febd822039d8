//! `vigie lexicon check`: validate every lexicon file and run every embedded example.

use crate::{load_lexicons, Cli, Outcome};

/// Lexicon subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Parse every lexicon, check versions, run every entry's examples.
    Check,
    /// List the lexicon files in force with their versions.
    List,
}

/// Runs the command.
pub fn run(cli: &Cli, cmd: &Command) -> anyhow::Result<Outcome> {
    let lex = load_lexicons(cli)?;
    match cmd {
        Command::List => {
            for f in lex.files() {
                let origin = f
                    .origin
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "embedded".into());
                println!("{}\t{}\t{}", f.name, f.version, origin);
            }
            Ok(Outcome::Ok)
        }
        Command::Check => {
            let mut bad = 0;
            for f in lex.files().filter(|f| f.version.is_empty()) {
                eprintln!(
                    "{}: no version (`# version: X` or `version = \"X\"`)",
                    f.name
                );
                bad += 1;
            }
            let pipeline = match vigie_analyze::Pipeline::new(&lex) {
                Ok(p) => p,
                Err(errors) => {
                    for e in &errors.0 {
                        eprintln!("{e}");
                    }
                    anyhow::bail!("{} lexicon error(s)", errors.0.len() + bad);
                }
            };
            let failures = pipeline.check_examples();
            for f in &failures {
                eprintln!("{f}");
            }
            let files = lex.files().count();
            println!(
                "{files} lexicon files, {} example failure(s)",
                failures.len()
            );
            if bad + failures.len() > 0 {
                anyhow::bail!("lexicon check failed");
            }
            Ok(Outcome::Ok)
        }
    }
}
