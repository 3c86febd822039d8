//! Language identification for `--lang auto`, restricted to the languages vigie has lexicons for.
//!
//! News text is long and the choice is between two languages, so a vote of function words
//! (`lexicons/{fr,en}/function-words.txt`) over the first few hundred words decides almost every
//! article in a few microseconds; whatlang's trigram model settles the rest (short or mixed
//! texts).

use vigie_doc::Lang;
use vigie_lexicon::{Error, Errors, Lexicons};
use whatlang::{Detector, Lang as W};

use crate::hash::WordMap;

/// How many words of the text vote.
const VOTERS: usize = 300;
/// The least number of function words the winner needs.
const MIN_VOTES: u32 = 4;

/// Function-word vote, built once from the lexicons.
#[derive(Debug)]
pub struct LangGuesser {
    /// Lower-cased function word → the language it votes for.
    words: WordMap<Lang>,
}

impl LangGuesser {
    /// Reads `lexicons/{fr,en}/function-words.txt`; a word listed in both is an error.
    pub fn new(lex: &Lexicons) -> Result<LangGuesser, Errors> {
        let mut errors = Errors::default();
        let mut words = WordMap::default();
        for lang in [Lang::Fr, Lang::En] {
            let name = format!("lexicons/{}/function-words.txt", lang.code());
            let file = match lex.require(&name) {
                Ok(f) => f,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            for (line, row) in file.list_rows() {
                for w in row.split_whitespace() {
                    let w = crate::text::normalize(w);
                    match words.insert(w.clone(), lang) {
                        Some(other) if other != lang => errors.push(Error::at(
                            &name,
                            Some(line),
                            format!("'{w}' is listed as a function word of both languages"),
                        )),
                        _ => {}
                    }
                }
            }
        }
        if errors.0.is_empty() {
            Ok(LangGuesser { words })
        } else {
            Err(errors)
        }
    }

    /// French or English; French when unsure (vigie is French first).
    pub fn detect(&self, text: &str) -> Lang {
        let (fr, en) = self.votes(text);
        if fr.max(en) >= MIN_VOTES && (fr >= 2 * en || en >= 2 * fr) {
            return if en > fr { Lang::En } else { Lang::Fr };
        }
        detect(text)
    }

    /// Function words of each language among the first [`VOTERS`] words: (French, English).
    /// An elided article votes with its apostrophe ("l'État" → "l'").
    fn votes(&self, text: &str) -> (u32, u32) {
        let (mut fr, mut en) = (0, 0);
        let mut word = String::with_capacity(32);
        let mut seen = 0;
        let mut flush = |word: &mut String| {
            if !word.is_empty() {
                seen += 1;
                match self.words.get(word.as_str()) {
                    Some(Lang::Fr) => fr += 1,
                    Some(Lang::En) => en += 1,
                    None => {}
                }
                word.clear();
            }
            seen < VOTERS
        };
        for c in text.chars() {
            if c.is_ascii_alphabetic() {
                word.push(c.to_ascii_lowercase());
            } else if c.is_alphabetic() {
                word.extend(c.to_lowercase());
            } else if crate::text::is_apostrophe(c) && !word.is_empty() {
                word.push('\'');
                if !flush(&mut word) {
                    break;
                }
            } else if !flush(&mut word) {
                break;
            }
        }
        flush(&mut word);
        (fr, en)
    }
}

/// Detects French or English with whatlang from the first few kilobytes of `text`; French when
/// unsure. [`LangGuesser::detect`] is the fast path and falls back on this.
pub fn detect(text: &str) -> Lang {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let detector = Detector::with_allowlist(vec![W::Fra, W::Eng]);
    match detector.detect_lang(&text[..end]) {
        Some(W::Eng) => Lang::En,
        _ => Lang::Fr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guesser() -> LangGuesser {
        LangGuesser::new(&Lexicons::embedded()).expect("function words load")
    }

    #[test]
    fn whatlang_detects_both() {
        assert_eq!(
            detect("Le gouvernement russe a démenti jeudi l'existence d'un processus."),
            Lang::Fr
        );
        assert_eq!(
            detect("The Russian government on Thursday denied that talks were under way."),
            Lang::En
        );
        assert_eq!(detect(""), Lang::Fr);
    }

    #[test]
    fn votes_count_function_words() {
        let g = guesser();
        assert_eq!(
            g.votes("Le ministre a dit que l'accord est signé et que les troupes partent."),
            (7, 0)
        );
        assert_eq!(
            g.votes("The minister said that the deal was signed and the troops are leaving."),
            (0, 8)
        );
    }

    #[test]
    fn detects_by_vote_and_falls_back() {
        let g = guesser();
        let fr = "La porte-parole du ministère a affirmé jeudi que les discussions avec \
                  l'Ukraine se poursuivaient, selon l'agence TASS, et qu'elles n'étaient pas rompues.";
        let en = "The spokeswoman for the ministry said on Thursday that talks with Ukraine were \
                  continuing, according to the TASS agency, and that they had not broken down.";
        assert_eq!(g.detect(fr), Lang::Fr);
        assert_eq!(g.detect(en), Lang::En);
        // Too few function words to vote: whatlang decides.
        assert_eq!(
            g.detect("Washington, Moscou, Kiev."),
            detect("Washington, Moscou, Kiev.")
        );
        assert_eq!(g.detect(""), Lang::Fr);
    }

    #[test]
    fn vote_agrees_with_whatlang_on_long_texts() {
        let g = guesser();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/gold");
        let Ok(sets) = std::fs::read_dir(dir) else {
            eprintln!("SKIP: {dir} not found");
            return;
        };
        let mut n = 0;
        for set in sets.flatten() {
            for f in std::fs::read_dir(set.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let p = f.path();
                if p.extension().is_some_and(|e| e == "txt") {
                    let Ok(text) = std::fs::read_to_string(&p) else {
                        continue;
                    };
                    assert_eq!(g.detect(&text), detect(&text), "{}", p.display());
                    n += 1;
                }
            }
        }
        assert!(n > 0);
    }
}
