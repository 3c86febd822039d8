//! An Aho-Corasick DFA copied out of `aho_corasick::dfa::DFA` into a compact table with a tight
//! search loop: the same automaton, the same matches as `AhoCorasick::find_overlapping_iter`
//! (standard match kind), for less than half the instructions per byte (the crate's generic
//! loop re-reads the input bounds and the state flags at every byte). On top of it,
//! [`FastAc::leftmost_longest_where`] picks leftmost-longest matches among those a test
//! accepts (words, not pieces of words), which a leftmost automaton cannot do: it hides the
//! shorter and later matches under the first one it finds.
//!
//! The table is built by walking the crate's DFA from its unanchored start state through the
//! public [`Automaton`] trait. Byte classes: every byte no pattern holds moves every state as
//! any other such byte does (no state has a trie transition on it: the move is the failure
//! path's, the same for all of them; the crate's own byte classes rest on this). States are renumbered so that the dead
//! state is 0 and the match states follow it: one comparison per byte says "nothing to do".
//! Pinned to the crate's own search by tests on the dev articles (`quotes::dfa::tests`, and
//! the stages' own tests).

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

/// A compiled set of patterns; see the module documentation.
#[derive(Debug)]
pub(crate) struct FastAc {
    classes: [u8; 256],
    /// `log2` of the row width: a state's id is its index shifted by it.
    shift: u32,
    /// Rows of next-state ids, one per state, each `1 << shift` wide.
    trans: Box<[u32]>,
    /// Ids up to this one are the dead state (0) or match states.
    max_special: u32,
    start: u32,
    /// Per match state (index - 1): its range in `matches`.
    match_at: Box<[(u32, u32)]>,
    /// (pattern, length) of each match of each match state, in the crate's order.
    matches: Box<[(u32, u32)]>,
}

impl FastAc {
    /// Builds the automaton `AhoCorasick` builds for `patterns` (standard match kind, a DFA,
    /// no prefilter); an error when a pattern is empty or the crate refuses the patterns.
    pub(crate) fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Result<FastAc, String> {
        if patterns.iter().any(|p| p.as_ref().is_empty()) {
            return Err("an empty pattern".into());
        }
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(patterns)
            .map_err(|e| e.to_string())?;
        Self::from_dfa(&dfa, patterns).ok_or_else(|| "automaton too large".into())
    }

    fn from_dfa<P: AsRef<[u8]>>(dfa: &DFA, patterns: &[P]) -> Option<FastAc> {
        // byte classes: each byte some pattern holds its own, every other byte class 0
        let mut used = [false; 256];
        for p in patterns {
            for &b in p.as_ref() {
                used[usize::from(b)] = true;
            }
        }
        let mut classes = [0u8; 256];
        let mut reps: Vec<u8> = Vec::new();
        let other = (0..=255u8).find(|&b| !used[usize::from(b)]);
        if let Some(o) = other {
            reps.push(o);
        }
        for b in 0..=255u8 {
            if used[usize::from(b)] {
                classes[usize::from(b)] = u8::try_from(reps.len()).ok()?;
                reps.push(b);
            }
        }
        let width = reps.len().next_power_of_two();
        let shift = width.trailing_zeros();
        // the crate's states reachable from the unanchored start, in discovery order
        let start = dfa.start_state(Anchored::No).ok()?;
        if dfa.is_match(start) || dfa.is_dead(start) {
            return None;
        }
        // (the crate's state ids are offsets into its table: a vector maps them to ours)
        let mut ids: Vec<u32> = Vec::new();
        let mut id_of = |sid: StateID, next: usize| -> Option<(usize, bool)> {
            let k = sid.as_usize();
            if k >= ids.len() {
                ids.resize(k + 1, u32::MAX);
            }
            match ids[k] {
                u32::MAX => {
                    ids[k] = u32::try_from(next).ok()?;
                    Some((next, true))
                }
                i => Some((i as usize, false)),
            }
        };
        let mut states = vec![start];
        id_of(start, 0)?;
        // each state's moves, `reps.len()` a row, as indexes into `states`
        let mut rows: Vec<u32> = Vec::new();
        let mut k = 0;
        while k < states.len() {
            let s = states[k];
            for &b in &reps {
                let n = if dfa.is_dead(s) {
                    s
                } else {
                    dfa.next_state(Anchored::No, s, b)
                };
                let (i, new) = id_of(n, states.len())?;
                if new {
                    states.push(n);
                }
                rows.push(u32::try_from(i).ok()?);
            }
            k += 1;
        }
        // renumber: dead 0, match states 1..=m, the others after
        let dead_idx = states.iter().position(|&s| dfa.is_dead(s));
        let mut order: Vec<usize> = Vec::with_capacity(states.len() + 1);
        let mut new_of = vec![0usize; states.len()];
        order.push(usize::MAX); // the dead state, reachable or not
        if let Some(d) = dead_idx {
            new_of[d] = 0;
        }
        for (i, &s) in states.iter().enumerate() {
            if dfa.is_match(s) {
                new_of[i] = order.len();
                order.push(i);
            }
        }
        let n_match = order.len() - 1;
        for (i, &s) in states.iter().enumerate() {
            if !dfa.is_match(s) && Some(i) != dead_idx {
                new_of[i] = order.len();
                order.push(i);
            }
        }
        let id = |new: usize| u32::try_from(new << shift).ok();
        let mut trans = vec![0u32; order.len() << shift];
        let mut match_at = Vec::with_capacity(n_match);
        let mut matches = Vec::new();
        for (new, &old) in order.iter().enumerate() {
            if old == usize::MAX {
                continue;
            }
            let row = rows.get(old * reps.len()..(old + 1) * reps.len())?;
            for (c, &n) in row.iter().enumerate() {
                trans[(new << shift) + c] = id(new_of[n as usize])?;
            }
            let s = states[old];
            if dfa.is_match(s) {
                let a = u32::try_from(matches.len()).ok()?;
                for i in 0..dfa.match_len(s) {
                    let pid = dfa.match_pattern(s, i);
                    let len = u32::try_from(dfa.pattern_len(pid)).ok()?;
                    matches.push((u32::try_from(pid.as_usize()).ok()?, len));
                }
                match_at.push((a, u32::try_from(matches.len()).ok()?));
            }
        }
        Some(FastAc {
            classes,
            shift,
            trans: trans.into_boxed_slice(),
            max_special: id(n_match)?,
            start: id(new_of[0])?,
            match_at: match_at.into_boxed_slice(),
            matches: matches.into_boxed_slice(),
        })
    }

    /// The matches of state `sid` (a match state).
    #[inline]
    fn matches_of(&self, sid: u32) -> &[(u32, u32)] {
        let k = (sid >> self.shift) as usize;
        match self.match_at.get(k.wrapping_sub(1)) {
            Some(&(a, b)) => self.matches.get(a as usize..b as usize).unwrap_or(&[]),
            None => &[],
        }
    }

    /// Calls `f(pattern, start, end)` for what `AhoCorasick::find_overlapping_iter` reports,
    /// in its order.
    pub(crate) fn for_each_overlapping(&self, hay: &str, mut f: impl FnMut(usize, usize, usize)) {
        let hay = hay.as_bytes();
        let (mut sid, mut k) = (self.start, 0);
        while let Some((next, end)) = self.next_match_state(hay, k, sid) {
            for &(pid, len) in self.matches_of(next) {
                f(pid as usize, end - len as usize, end);
            }
            (sid, k) = (next, end);
        }
    }

    /// The leftmost-longest non-overlapping matches among those `keep(start, end)` accepts,
    /// as (pattern, start, end), in order; at one span, the first pattern. Where `keep`
    /// accepts every match this is what `find_iter` reports for the same patterns built
    /// leftmost-longest; where it refuses one, the refused match hides nothing: "a dit"
    /// inside "Nadia dit" fails a word-boundary test, and "dit" is still found.
    pub(crate) fn leftmost_longest_where(
        &self,
        hay: &str,
        mut keep: impl FnMut(usize, usize) -> bool,
    ) -> Vec<(usize, usize, usize)> {
        let mut all = Vec::new();
        self.for_each_overlapping(hay, |pid, start, end| {
            if keep(start, end) {
                all.push((pid, start, end));
            }
        });
        all.sort_unstable_by_key(|&(pid, start, end)| (start, std::cmp::Reverse(end), pid));
        let mut reached = 0;
        all.retain(|&(_, start, end)| {
            let take = start >= reached;
            if take {
                reached = end;
            }
            take
        });
        all
    }

    /// From state `sid` at `hay[at]`, the next match state and the offset after the byte
    /// that entered it; `None` at the end or in the dead state.
    #[inline(never)]
    fn next_match_state(&self, hay: &[u8], at: usize, mut sid: u32) -> Option<(u32, usize)> {
        let trans = &*self.trans;
        let classes = &self.classes;
        let max_special = self.max_special;
        let mut bytes = hay.get(at..)?.iter();
        while let Some(&b) = bytes.next() {
            sid = trans[(sid + u32::from(classes[usize::from(b)])) as usize];
            if sid <= max_special {
                return (sid != 0).then_some((sid, hay.len() - bytes.len()));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickKind};

    fn texts() -> Vec<String> {
        let mut texts: Vec<String> = vec![
            "la dit cela dit, a dit-il « il a déclaré » a-t-elle ajouté abcabc".into(),
            crate::text::sample_chars().collect(),
            crate::text::sample_chars()
                .flat_map(|c| [c, 'a', 'b', c, ' ', 'd'])
                .collect(),
        ];
        for dir in ["fr-dev", "en-dev"] {
            let shared = format!("{}/../../../shared/gold/{dir}", env!("CARGO_MANIFEST_DIR"));
            match std::fs::read_dir(&shared) {
                Ok(d) => {
                    for e in d.flatten() {
                        if let Ok(t) = std::fs::read_to_string(e.path()) {
                            texts.push(t.to_lowercase());
                            texts.push(t);
                        }
                    }
                }
                Err(_) => println!("SKIP the dev articles: {shared} is absent"),
            }
        }
        texts
    }

    pub(crate) fn same_as_crate(patterns: &[String], texts: &[String]) {
        let build = |kind| {
            AhoCorasick::builder()
                .match_kind(kind)
                .kind(Some(AhoCorasickKind::DFA))
                .prefilter(false)
                .build(patterns)
                .unwrap()
        };
        let (standard, longest) = (
            build(MatchKind::Standard),
            build(MatchKind::LeftmostLongest),
        );
        let fast = FastAc::new(patterns).unwrap();
        for t in texts {
            let want: Vec<(usize, usize, usize)> = standard
                .find_overlapping_iter(t.as_str())
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            let mut got = Vec::new();
            fast.for_each_overlapping(t, |p, s, e| got.push((p, s, e)));
            assert_eq!(got, want, "overlapping {t:?}");
            let want: Vec<(usize, usize, usize)> = longest
                .find_iter(t.as_str())
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            let got = fast.leftmost_longest_where(t, |_, _| true);
            assert_eq!(got, want, "leftmost-longest {t:?}");
        }
    }

    #[test]
    fn fast_ac_finds_what_the_crate_finds() {
        let texts = texts();
        let words: Vec<String> = [
            "a",
            "dit",
            "a dit",
            "cela",
            "la",
            "a déclaré",
            "-t-elle",
            "ab",
            "bca",
            "abcabc",
            "é",
            "d",
            "il a",
            "it",
            "said",
            "the",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        same_as_crate(&words, &texts);
        // every word of an article as a pattern (duplicates too)
        if let Some(t) = texts.get(3) {
            let many: Vec<String> = t
                .split_whitespace()
                .map(str::to_string)
                .chain(["é".to_string(), "é".to_string()])
                .collect();
            same_as_crate(&many, &texts);
        }
        assert!(FastAc::new(&["a", ""]).is_err());
    }

    #[test]
    fn a_refused_match_hides_nothing() {
        let ac = FastAc::new(&["a dit", "dit", "di", "estime que", "estime"]).unwrap();
        let word = |hay: &str| {
            let hay = hay.to_string();
            move |s: usize, e: usize| {
                super::super::scan::boundary_before(&hay, s)
                    && super::super::scan::boundary_after(&hay, e)
            }
        };
        let find = |hay: &str| ac.leftmost_longest_where(hay, word(hay));
        // the refused "a dit" (inside "Nadia") leaves "dit"
        assert_eq!(find("Nadia dit"), vec![(1, 6, 9)]);
        assert_eq!(find("il a dit"), vec![(0, 3, 8)]);
        // the refused longer form ("que" + "l") leaves the shorter one at the same start
        assert_eq!(find("estime quelque chose"), vec![(4, 0, 6)]);
        assert_eq!(find("estime que"), vec![(3, 0, 10)]);
        assert_eq!(find("redit"), vec![]);
    }

    #[test]
    fn fast_ac_finds_what_the_crate_finds_with_the_quote_lexicons() {
        let lex = vigie_lexicon::Lexicons::embedded();
        let mut texts = texts();
        let lowered: Vec<String> = texts
            .iter()
            .map(|t| super::super::scan::Norm::new(t).s)
            .collect();
        texts.extend(lowered);
        for lang in [vigie_doc::Lang::Fr, vigie_doc::Lang::En] {
            let rules = super::super::lexicon::LangRules::load(&lex, lang).expect("lexicons");
            for p in &rules.patterns {
                same_as_crate(p, &texts);
            }
        }
    }
}
