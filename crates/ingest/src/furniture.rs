//! Furniture paragraphs that survive block selection ("Read more: ...", "All rights reserved",
//! comment-policy notes, subscription prompts), from the data file
//! `lexicons/ingest/furniture.toml`; its examples are checked by the tests.

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use vigie_lexicon::{Error as LexError, Errors, Lexicons};

const FILE: &str = "lexicons/ingest/furniture.toml";

#[derive(Deserialize)]
struct FileDef {
    line: Vec<LineDef>,
}

#[derive(Deserialize)]
struct LineDef {
    name: String,
    pattern: String,
    max_len: usize,
    stop: bool,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    not: Vec<String>,
}

/// One furniture rule.
pub struct Rule {
    /// Rule id.
    pub name: String,
    re: Regex,
    max_len: usize,
    /// Whether everything after a match is furniture too.
    pub stop: bool,
    examples: Vec<String>,
    not: Vec<String>,
}

/// The compiled furniture rules.
pub struct Furniture {
    rules: Vec<Rule>,
}

impl Furniture {
    /// Compiles the rules from the lexicons in force.
    pub fn new(lex: &Lexicons) -> Result<Furniture, Errors> {
        let mut errors = Errors::default();
        let def: FileDef = match lex.require(FILE).and_then(|f| f.toml()) {
            Ok(d) => d,
            Err(e) => {
                errors.push(e);
                return Err(errors);
            }
        };
        let mut rules = Vec::new();
        for l in def.line {
            match RegexBuilder::new(&l.pattern).case_insensitive(true).build() {
                Ok(re) => rules.push(Rule {
                    name: l.name,
                    re,
                    max_len: l.max_len,
                    stop: l.stop,
                    examples: l.examples,
                    not: l.not,
                }),
                Err(e) => errors.push(LexError::at(FILE, None, format!("rule {}: {e}", l.name))),
            }
        }
        errors.into_result(Furniture { rules })
    }

    /// The rules of the embedded lexicons, compiled once.
    pub fn embedded() -> Option<&'static Furniture> {
        static F: OnceLock<Option<Furniture>> = OnceLock::new();
        F.get_or_init(|| Furniture::new(&Lexicons::embedded()).ok())
            .as_ref()
    }

    /// The rule a paragraph (whitespace collapsed) matches, if any.
    pub fn matches(&self, para: &str) -> Option<&Rule> {
        let n = para.chars().count();
        self.rules
            .iter()
            .find(|r| n <= r.max_len && r.re.is_match(para))
    }

    /// Runs every rule's examples: a description of each failure.
    pub fn check_examples(&self) -> Vec<String> {
        let mut out = Vec::new();
        for r in &self.rules {
            for e in &r.examples {
                if self.matches(e).is_none() {
                    out.push(format!("{FILE}: {}: example not matched: {e:?}", r.name));
                }
            }
            for e in &r.not {
                if let Some(m) = self.matches(e) {
                    out.push(format!(
                        "{FILE}: {}: `not` example matched by {}: {e:?}",
                        r.name, m.name
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_hold() {
        let f = Furniture::new(&Lexicons::embedded()).unwrap();
        let failures = f.check_examples();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
