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
/// After this many words, a vote already won by far ([`vote_over`]) stops.
const EARLY_VOTERS: usize = 100;

/// Is the vote over after `seen` words: all [`VOTERS`] read, or [`EARLY_VOTERS`] read and one
/// language ahead with four times the other's votes and at least twelve (a lead the remaining
/// words would hardly turn: the decision needs twice the other's votes)?
fn vote_over(seen: usize, fr: u32, en: u32) -> bool {
    seen >= VOTERS || (seen >= EARLY_VOTERS && fr.max(en) >= 12 && fr.max(en) >= 4 * fr.min(en))
}

/// Function-word vote, built once from the lexicons.
#[derive(Debug)]
pub struct LangGuesser {
    /// Lower-cased function word → the language it votes for.
    words: WordMap<Lang>,
    /// The same words packed into eight bytes (see [`pack`]), when every one fits.
    packed: Option<PackedWords>,
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
            let packed = words
                .iter()
                .map(|(w, &lang)| Some((pack(w.as_bytes())?, lang)))
                .collect::<Option<Vec<_>>>()
                .map(|words| PackedWords::new(&words));
            Ok(LangGuesser { words, packed })
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

    /// Function words of each language among the first [`VOTERS`] words, or fewer when the
    /// vote is over early ([`vote_over`]): (French, English).
    /// An elided article votes with its apostrophe ("l'État" → "l'").
    ///
    /// The text is read a run of ASCII letters at a time, chars decoded only at non-ASCII
    /// bytes; each word is packed into eight bytes as it is read (a longer one is counted, not
    /// looked up). [`LangGuesser::votes_by_string`] is the definition (a test pins them) and
    /// the way when a function word is longer than eight bytes.
    fn votes(&self, text: &str) -> (u32, u32) {
        let Some(packed) = &self.packed else {
            return self.votes_by_string(text);
        };
        let (mut fr, mut en) = (0, 0);
        let mut seen = 0;
        // the word read so far, packed; its byte length (more than eight: not kept)
        let (mut key, mut len) = (0u64, 0usize);
        let mut flush = |key: &mut u64, len: &mut usize| {
            if *len > 0 {
                seen += 1;
                if *len <= 8 {
                    match packed.get(*key) {
                        Some(Lang::Fr) => fr += 1,
                        Some(Lang::En) => en += 1,
                        None => {}
                    }
                }
                *key = 0;
                *len = 0;
            }
            !vote_over(seen, fr, en)
        };
        let b = text.as_bytes();
        let mut i = 0;
        while let Some(&x) = b.get(i) {
            let c = if x.is_ascii() {
                if x.is_ascii_alphabetic() {
                    let (e, run) = ascii_letters(b, i);
                    if len + (e - i) <= 8 {
                        // (lower case: every byte of the run is a letter)
                        key |= ((run | (ONES * 0x20)) << (8 * len)) & low_bytes(len + (e - i));
                    }
                    len += e - i;
                    i = e;
                    continue;
                }
                i += 1;
                char::from(x)
            } else {
                let Some(c) = crate::text::char_at(text, i) else {
                    break;
                };
                i += c.len_utf8();
                if crate::text::is_alpha(c) {
                    let mut push = |l: char| {
                        let mut buf = [0; 4];
                        for &y in l.encode_utf8(&mut buf).as_bytes() {
                            push_byte(&mut key, &mut len, y);
                        }
                    };
                    match crate::text::latin1_lower(c) {
                        Some(l) => push(l),
                        None => c.to_lowercase().for_each(push),
                    }
                    continue;
                }
                c
            };
            if crate::text::is_apostrophe(c) && len > 0 {
                push_byte(&mut key, &mut len, b'\'');
                if !flush(&mut key, &mut len) {
                    break;
                }
            } else if !flush(&mut key, &mut len) {
                break;
            }
        }
        flush(&mut key, &mut len);
        (fr, en)
    }

    /// [`LangGuesser::votes`] as first written, a char at a time: what the fast path must give.
    fn votes_by_string(&self, text: &str) -> (u32, u32) {
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
            !vote_over(seen, fr, en)
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

/// Packed words ([`pack`]) and their languages in an open-addressing table at most a quarter
/// full: a look-up is one multiply and, nearly always, one or two slots read (a hash map's
/// probe costs several times that, for each of the few hundred words of a vote).
#[derive(Debug)]
struct PackedWords {
    /// (packed word, its language); 0 = empty (no word packs to 0).
    slots: Vec<(u64, Lang)>,
    /// 64 − log2 of the number of slots: the high bits of the product index the table.
    shift: u32,
}

impl PackedWords {
    /// Fibonacci hashing's multiplier (2^64 / φ), which spreads keys differing in any byte.
    const MUL: u64 = 0x9E37_79B9_7F4A_7C15;

    fn new(words: &[(u64, Lang)]) -> PackedWords {
        let len = (4 * words.len()).next_power_of_two().max(16);
        let mut table = PackedWords {
            slots: vec![(0, Lang::Fr); len],
            shift: 64 - len.trailing_zeros(),
        };
        for &(key, lang) in words {
            let mut i = table.home(key);
            while table.slots[i].0 != 0 {
                i = (i + 1) & (len - 1);
            }
            table.slots[i] = (key, lang);
        }
        table
    }

    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(Self::MUL) >> self.shift) as usize
    }

    /// The language of the packed word `key`, if it is a function word.
    fn get(&self, key: u64) -> Option<Lang> {
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        // (the table is never full: an empty slot ends every probe)
        loop {
            let &(k, lang) = self.slots.get(i)?;
            if k == 0 {
                return None;
            }
            if k == key {
                return Some(lang);
            }
            i = (i + 1) & mask;
        }
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;

/// The bytes of a word of at most eight bytes in a `u64`, the first one lowest (no byte of a
/// word is zero, so no two words pack alike).
fn pack(w: &[u8]) -> Option<u64> {
    let mut buf = [0; 8];
    buf.get_mut(..w.len())?.copy_from_slice(w);
    Some(u64::from_le_bytes(buf))
}

/// The mask of the `n` low bytes of a `u64` (all of them from eight on).
fn low_bytes(n: usize) -> u64 {
    if n >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * n)) - 1
    }
}

/// Appends the byte `y` to the packed word `key` of `len` bytes.
fn push_byte(key: &mut u64, len: &mut usize, y: u8) {
    if *len < 8 {
        *key |= u64::from(y) << (8 * *len);
    }
    *len += 1;
}

/// The end of the run of ASCII letters that starts at byte `i` of `b`, and (when it is at
/// most eight bytes long) its bytes packed as [`pack`] packs them, eight bytes at a time.
fn ascii_letters(b: &[u8], mut i: usize) -> (usize, u64) {
    const HIGH: u64 = ONES * 0x80;
    let start = i;
    let mut first = None;
    while let Some(chunk) = b.get(i..i + 8) {
        let Ok(w) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let w = u64::from_le_bytes(w);
        // Per byte below 0x80, `b + (0x80 - x)` has its high bit set iff `b >= x` (bytes from
        // 0x80 on carry only into the bytes after them, which are past the run).
        let ge = |v: u64, x: u64| v.wrapping_add(ONES * (0x80 - x));
        let l = w | (ONES * 0x20);
        let bad = (w | !(ge(l, 0x61) & !ge(l, 0x7b))) & HIGH;
        if first.is_none() {
            first = Some(w);
        }
        if bad != 0 {
            let end = i + (bad.trailing_zeros() / 8) as usize;
            return (end, packed_run(first, b, start, end));
        }
        i += 8;
    }
    while b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        i += 1;
    }
    (i, packed_run(first, b, start, i))
}

/// The run `b[start..end]` packed (0 when longer than eight bytes); `first`: the eight bytes
/// from `start`, when read.
fn packed_run(first: Option<u64>, b: &[u8], start: usize, end: usize) -> u64 {
    match first {
        Some(w) if end - start <= 8 => w & low_bytes(end - start),
        _ => b.get(start..end).and_then(pack).unwrap_or(0),
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
    fn the_packed_table_holds_each_function_word_with_its_language() {
        let g = guesser();
        let packed = g
            .packed
            .as_ref()
            .expect("every function word fits in eight bytes");
        for (w, &lang) in &g.words {
            assert_eq!(
                pack(w.as_bytes()).map(|k| packed.get(k)),
                Some(Some(lang)),
                "{w}"
            );
        }
        for w in ["", "xyz", "lee", "thee", "zzzzzzzz", "é"] {
            let key = pack(w.as_bytes()).unwrap_or(0);
            assert_eq!(packed.get(key), g.words.get(w).copied(), "{w}");
        }
    }

    #[test]
    fn votes_fast_path_is_the_char_loop() {
        let g = guesser();
        let mut texts: Vec<String> = crate::text::sample_chars()
            .map(|c| format!("{c}l{c}État d{c} que{c}{c} The{c}s a{c}b qu{c}il {c}"))
            .collect();
        texts.push(crate::text::sample_chars().collect());
        texts.push("le la les ".repeat(200));
        texts.push("l'l'l' the of ".repeat(120) + "le le le le le le");
        texts.push("anticonstitutionnellement l'anticonstitutionnellement' le".to_string());
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/gold");
        for set in ["fr-dev", "en-dev"] {
            match std::fs::read_dir(format!("{dir}/{set}")) {
                Ok(files) => texts.extend(
                    files
                        .flatten()
                        .filter_map(|f| std::fs::read_to_string(f.path()).ok()),
                ),
                Err(_) => eprintln!("SKIP the dev articles: {dir}/{set} not found"),
            }
        }
        for t in &texts {
            assert_eq!(g.votes(t), g.votes_by_string(t), "{t:?}");
        }
    }

    #[test]
    fn a_landslide_ends_the_vote_early() {
        let g = guesser();
        // 100 words, 50 of them French function words, then English: the vote is over at
        // word 100
        let fr = "le chat ".repeat(50);
        let en = "the dog ".repeat(100);
        assert_eq!(g.votes(&format!("{fr}{en}")), (50, 0));
        assert_eq!(g.votes_by_string(&format!("{fr}{en}")), (50, 0));
        // no landslide at word 100 (25 against 25): the vote goes on until English has four
        // times the French votes (100 against 25)
        let mixed = "le chat the dog ".repeat(25);
        assert_eq!(g.votes(&format!("{mixed}{en}")), (25, 100));
        // a landslide with too few votes (2 to 0 at word 100) goes on too, until English has
        // twelve
        let sparse = format!(
            "{}{}",
            "le chat chien souris ".repeat(2),
            "chat ".repeat(92)
        );
        assert_eq!(g.votes(&format!("{sparse}{en}")), (2, 12));
        // without a landslide, 300 words vote
        let even = "le the chat dog ".repeat(100);
        assert_eq!(g.votes(&even), (75, 75));
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
