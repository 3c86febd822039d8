//! The CAMEO codebook (`data/cameo/codebook.tsv`): every event code with its label, Goldstein
//! value, GDELT quad class and PLOVER category. Patterns name codes; the codebook checks they
//! exist and supplies everything else an event record or a GDELT row shows.

use std::collections::HashMap;

use vigie_lexicon::{Error, Errors, Lexicons};

/// Where the codebook lives under `data/`.
pub const CODEBOOK: &str = "cameo/codebook.tsv";

/// One CAMEO code.
#[derive(Clone, Debug, PartialEq)]
pub struct Code {
    /// The code itself ("040", "1121").
    pub code: String,
    /// The CAMEO label.
    pub label: String,
    /// Goldstein conflict–cooperation weight, -10..10.
    pub goldstein: f32,
    /// GDELT QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    /// 4 material conflict.
    pub quad: u8,
    /// PLOVER category, when PLOVER keeps one for the code.
    pub plover: Option<String>,
}

impl Code {
    /// The two-digit root ("04").
    pub fn root(&self) -> &str {
        self.code.get(..2).unwrap_or("")
    }
}

/// Every CAMEO code, by code.
#[derive(Clone, Debug, Default)]
pub struct Codebook {
    codes: HashMap<String, Code>,
}

impl Codebook {
    /// Loads and checks the codebook: columns, numbers, root consistency.
    pub fn new(lex: &Lexicons) -> Result<Codebook, Errors> {
        let file = lex.require(CODEBOOK)?;
        let mut errors = Errors::default();
        let mut codes = HashMap::new();
        for (line, f) in file.tsv_rows() {
            let bad = |m: &str| Error::at(CODEBOOK, Some(line), m.to_string());
            if f.len() < 6 {
                errors.push(bad(
                    "expected 6 columns: code root quad goldstein plover label",
                ));
                continue;
            }
            let code = f[0];
            if !(3..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
                errors.push(bad("code must be 3 or 4 digits"));
                continue;
            }
            if code.get(..2) != Some(f[1]) {
                errors.push(bad("root must be the code's first two digits"));
            }
            let quad = f[2].parse::<u8>().ok().filter(|q| (1..=4).contains(q));
            let goldstein = f[3]
                .parse::<f32>()
                .ok()
                .filter(|g| (-10.0..=10.0).contains(g));
            match (quad, goldstein) {
                (Some(quad), Some(goldstein)) => {
                    let entry = Code {
                        code: code.to_string(),
                        label: f[5].to_string(),
                        goldstein,
                        quad,
                        plover: (!f[4].is_empty()).then(|| f[4].to_string()),
                    };
                    if codes.insert(code.to_string(), entry).is_some() {
                        errors.push(bad("duplicate code"));
                    }
                }
                _ => errors.push(bad("quad must be 1-4 and goldstein a number in -10..10")),
            }
        }
        errors.into_result(Codebook { codes })
    }

    /// The entry for a code.
    pub fn get(&self, code: &str) -> Option<&Code> {
        self.codes.get(code)
    }

    /// How many codes the codebook holds.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True when the codebook is empty.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_codebook_covers_every_root() {
        let book = Codebook::new(&Lexicons::embedded()).expect("codebook loads");
        for root in 1..=20 {
            let code = format!("{root:02}0");
            assert!(book.get(&code).is_some(), "missing {code}");
        }
        let consult = book.get("040").unwrap();
        assert_eq!(consult.plover.as_deref(), Some("CONSULT"));
        assert_eq!(consult.quad, 1);
        assert_eq!(book.get("010").unwrap().plover, None);
        assert_eq!(book.get("190").unwrap().goldstein, -10.0);
        assert!(book.len() > 280);
    }

    #[test]
    fn bad_rows_are_reported_with_lines() {
        let lex = Lexicons::from_files([(
            CODEBOOK,
            "# version: 1\n040\t04\t1\t1.0\tCONSULT\tConsult\n041\t05\t9\tx\t\tPhone\n",
        )]);
        let err = Codebook::new(&lex).unwrap_err();
        assert_eq!(err.0.len(), 2);
        assert!(err.0.iter().all(|e| e.line == Some(3)));
    }
}
