//! An Aho-Corasick DFA in a compact table with a tight search loop: the automaton
//! `aho_corasick` builds with the standard match kind, the same matches as its
//! `find_overlapping_iter`, for less than half the instructions per byte (the crate's generic
//! loop re-reads the input bounds and the state flags at every byte), and built here directly
//! for a small part of the crate's construction cost. On top of it,
//! [`FastAc::leftmost_longest`] picks leftmost-longest matches among the overlapping ones a
//! test accepted (words, not pieces of words), which a leftmost automaton cannot do: it hides
//! the shorter and later matches under the first one it finds. The quote stage runs its cue
//! forms and relay intros as one automaton and picks among each set apart.
//!
//! Byte classes: every byte no pattern holds moves every state as any other such byte does
//! (no state has a trie edge on it, so the move is the root's). States are numbered so that
//! the dead state is 0 and the match states follow it: one comparison per byte says "nothing
//! to do".
//!
//! Pinned to the crate's own search by tests on the dev articles (`quotes::dfa::tests`, and
//! the stages' own tests).

/// Haystacks from this length on are searched as two streams
/// ([`FastAc::for_each_overlapping`]).
const TWO_STREAMS_FROM: usize = 256;

/// A compiled set of patterns; see the module documentation.
#[derive(Debug)]
pub(crate) struct FastAc {
    classes: [u8; 256],
    /// The number of byte classes: the width of a row.
    width: u32,
    /// Rows of next states, one per state, one entry per byte class.
    trans: Table,
    /// States up to this one are the dead state (0) or match states.
    max_special: u32,
    start: u32,
    /// Per match state (state - 1): its range in `matches`.
    match_at: Box<[(u32, u32)]>,
    /// (pattern, length) of each match of each match state, in the crate's order.
    matches: Box<[(u32, u32)]>,
    /// The longest pattern's length: no state is deeper in the trie.
    max_len: usize,
}

/// The transition table: state numbers (not row offsets) in 16 bits when they fit, rows as
/// wide as the byte classes. Each byte's move waits on the load of the one before it, and the
/// large automata (20,000 to 40,000 states of 35 to 41 classes) miss the caches often: rows of
/// 32-bit offsets padded to 64 classes took three times the room (9 MB against 2.6 MB for the
/// French quote cues), and the search's share of the time was 9.0-11.4% against 7.0-7.2%, with
/// 16-bit rows padded to 64 classes in between (8.3-8.9%). The multiplication by the width
/// costs less than the misses it saves.
/// (The entities' name trie keeps its rows the same way.)
#[derive(Debug)]
pub(crate) enum Table {
    Narrow(Box<[u16]>),
    Wide(Box<[u32]>),
}

impl Table {
    /// `rows` in 16 bits when every state number fits.
    pub(crate) fn new(rows: Vec<u32>) -> Table {
        match rows.iter().map(|&t| u16::try_from(t)).collect() {
            Ok(narrow) => Table::Narrow(narrow),
            Err(_) => Table::Wide(rows.into_boxed_slice()),
        }
    }
}

/// A state number in a [`Table`].
pub(crate) trait State: Copy {
    fn get(self) -> u32;
}

impl State for u16 {
    #[inline(always)]
    fn get(self) -> u32 {
        u32::from(self)
    }
}

impl State for u32 {
    #[inline(always)]
    fn get(self) -> u32 {
        self
    }
}

impl FastAc {
    /// Builds the automaton for `patterns`: the same one `AhoCorasick` builds with the standard
    /// match kind as a DFA, constructed here directly (a trie, then each state's row from its
    /// failure state's row, breadth first), at a small part of the crate's cost: start-up
    /// builds six of these over tens of thousands of cue and verb forms. An error when a
    /// pattern is empty or the table would not fit 32-bit ids.
    pub(crate) fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Result<FastAc, String> {
        if patterns.iter().any(|p| p.as_ref().is_empty()) {
            return Err("an empty pattern".into());
        }
        Self::build(patterns).ok_or_else(|| "automaton too large".into())
    }

    fn build<P: AsRef<[u8]>>(patterns: &[P]) -> Option<FastAc> {
        // byte classes: each byte some pattern holds its own, every other byte class 0 (no
        // state has a trie edge on those, so every state moves on them as on any other)
        let mut used = [false; 256];
        for p in patterns {
            for &b in p.as_ref() {
                used[usize::from(b)] = true;
            }
        }
        let mut classes = [0u8; 256];
        let mut n_classes = usize::from(used.iter().any(|u| !u));
        for b in 0..256 {
            if used[b] {
                classes[b] = u8::try_from(n_classes).ok()?;
                n_classes += 1;
            }
        }
        let stride = n_classes.next_power_of_two();
        // the trie: `edges` rows of child indexes (NONE where no pattern goes on), `ends` the
        // patterns ending at each state, in pattern order
        const NONE: u32 = u32::MAX;
        let mut edges: Vec<u32> = vec![NONE; stride];
        let mut ends: Vec<Vec<u32>> = vec![Vec::new()];
        for (pid, p) in patterns.iter().enumerate() {
            let mut s = 0usize;
            for &b in p.as_ref() {
                let e = s * stride + usize::from(classes[usize::from(b)]);
                s = match edges[e] {
                    NONE => {
                        let new = ends.len();
                        edges[e] = u32::try_from(new).ok()?;
                        edges.resize(edges.len() + stride, NONE);
                        ends.push(Vec::new());
                        new
                    }
                    c => c as usize,
                };
            }
            ends[s].push(u32::try_from(pid).ok()?);
        }
        // breadth first: a state's move on a byte with no trie edge is its failure state's
        // move; its matches are its own, then its failure state's (the crate's order)
        let n = ends.len();
        let mut next: Vec<u32> = vec![0; n * stride];
        let mut fail: Vec<u32> = vec![0; n];
        let mut queue: Vec<u32> = Vec::with_capacity(n);
        for c in 0..n_classes {
            let child = edges[c];
            if child != NONE {
                next[c] = child;
                queue.push(child);
            }
        }
        let mut head = 0;
        while let Some(&s) = queue.get(head) {
            head += 1;
            let (s, f) = (s as usize, fail[s as usize] as usize);
            if !ends[f].is_empty() {
                let inherited = ends[f].clone();
                ends[s].extend(inherited);
            }
            // (the failure state is shallower: its row is done)
            next.copy_within(f * stride..f * stride + n_classes, s * stride);
            for c in 0..n_classes {
                let child = edges[s * stride + c];
                if child != NONE {
                    fail[child as usize] = next[s * stride + c];
                    next[s * stride + c] = child;
                    queue.push(child);
                }
            }
        }
        // renumber: index 0 the dead state (a standard automaton never enters it; the search
        // loop's one comparison needs it), match states 1..=m, the others after
        let mut new_of = vec![0u32; n];
        let mut order: Vec<usize> = Vec::with_capacity(n);
        order.extend((0..n).filter(|&s| !ends[s].is_empty()));
        let n_match = order.len();
        order.extend((0..n).filter(|&s| ends[s].is_empty()));
        for (i, &old) in order.iter().enumerate() {
            new_of[old] = u32::try_from(i + 1).ok()?;
        }
        let mut trans = vec![0u32; (n + 1) * n_classes];
        let mut match_at = Vec::with_capacity(n_match);
        let mut matches = Vec::new();
        for (i, &old) in order.iter().enumerate() {
            let row = (i + 1) * n_classes;
            for c in 0..n_classes {
                let to = next.get(old * stride + c).map_or(old, |&t| t as usize);
                trans[row + c] = new_of[to];
            }
            if i < n_match {
                let a = u32::try_from(matches.len()).ok()?;
                for &pid in &ends[old] {
                    let len = u32::try_from(patterns[pid as usize].as_ref().len()).ok()?;
                    matches.push((pid, len));
                }
                match_at.push((a, u32::try_from(matches.len()).ok()?));
            }
        }
        // (row offsets are computed in 32 bits)
        u32::try_from((n + 1) * n_classes).ok()?;
        Some(FastAc {
            classes,
            width: u32::try_from(n_classes).ok()?,
            trans: Table::new(trans),
            max_special: u32::try_from(n_match).ok()?,
            start: new_of[0],
            match_at: match_at.into_boxed_slice(),
            matches: matches.into_boxed_slice(),
            max_len: patterns.iter().map(|p| p.as_ref().len()).max().unwrap_or(0),
        })
    }

    /// The matches of state `sid` (a match state).
    #[inline]
    fn matches_of(&self, sid: u32) -> &[(u32, u32)] {
        match self.match_at.get((sid as usize).wrapping_sub(1)) {
            Some(&(a, b)) => self.matches.get(a as usize..b as usize).unwrap_or(&[]),
            None => &[],
        }
    }

    /// Calls `f(pattern, start, end)` for what `AhoCorasick::find_overlapping_iter` reports,
    /// in its order.
    ///
    /// A long haystack is searched as two streams in one loop: its first half from the
    /// start, and its second half from `max_len` bytes before it. Each byte's move waits on
    /// the load of the state before it, often a miss in a table of megabytes, so one stream
    /// leaves the core waiting; two independent ones overlap their misses. The second
    /// stream's state is the true one from the middle on (a state is the longest suffix of
    /// what was read that the trie holds, and none is longer than `max_len`); its matches
    /// that end before the middle are the first stream's, and those after wait until the
    /// first stream is done. (Four streams were measured no faster than two.)
    pub(crate) fn for_each_overlapping(&self, hay: &str, mut f: impl FnMut(usize, usize, usize)) {
        let hay = hay.as_bytes();
        let mid = hay.len() / 2;
        let Some(from) = mid
            .checked_sub(self.max_len)
            .filter(|_| hay.len() >= TWO_STREAMS_FROM)
        else {
            self.scan(hay, 0, self.start, &mut f);
            return;
        };
        let (first, second) = (&hay[..mid], &hay[from..]);
        let (mut a, mut b, mut k) = (self.start, self.start, 0);
        let mut later = Vec::new();
        while k < first.len() {
            (a, b, k) = self.next_match_states(first, second, k, a, b);
            if a <= self.max_special {
                for &(pid, len) in self.matches_of(a) {
                    f(pid as usize, k - len as usize, k);
                }
            }
            let end = from + k;
            if b <= self.max_special && end > mid {
                for &(pid, len) in self.matches_of(b) {
                    later.push((pid as usize, end - len as usize, end));
                }
            }
        }
        for (pid, start, end) in later {
            f(pid, start, end);
        }
        self.scan(hay, from + mid, b, &mut f);
    }

    /// The two streams of [`Self::for_each_overlapping`] from `first[k]` and `second[k]`
    /// (`second` is no shorter) in states `a` and `b`: their states after the first byte
    /// that takes either to a match (or the dead) state, and the offset after that byte; at
    /// the end of `first`, its length.
    fn next_match_states(
        &self,
        first: &[u8],
        second: &[u8],
        k: usize,
        a: u32,
        b: u32,
    ) -> (u32, u32, usize) {
        match &self.trans {
            Table::Narrow(t) => self.next_match_states_in(t, first, second, k, a, b),
            Table::Wide(t) => self.next_match_states_in(t, first, second, k, a, b),
        }
    }

    #[inline(never)]
    fn next_match_states_in<T: State>(
        &self,
        trans: &[T],
        first: &[u8],
        second: &[u8],
        k: usize,
        mut a: u32,
        mut b: u32,
    ) -> (u32, u32, usize) {
        let (classes, width) = (&self.classes, self.width);
        let max_special = self.max_special;
        for (n, (&x, &y)) in first.iter().zip(second).skip(k).enumerate() {
            a = trans[((a * width) + u32::from(classes[usize::from(x)])) as usize].get();
            b = trans[((b * width) + u32::from(classes[usize::from(y)])) as usize].get();
            if a <= max_special || b <= max_special {
                return (a, b, k + n + 1);
            }
        }
        (a, b, first.len())
    }

    /// Reports the matches of `hay[at..]` from state `sid` at `at`.
    fn scan(&self, hay: &[u8], at: usize, mut sid: u32, f: &mut impl FnMut(usize, usize, usize)) {
        let mut k = at;
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
    #[cfg(test)]
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
        Self::leftmost_longest(all)
    }

    /// The leftmost-longest non-overlapping matches among `all` (pattern, start, end), as
    /// [`Self::leftmost_longest_where`] picks them.
    pub(crate) fn leftmost_longest(
        mut all: Vec<(usize, usize, usize)>,
    ) -> Vec<(usize, usize, usize)> {
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
    ///
    /// Four bytes per turn of the outer loop: one test of the input's end per four bytes
    /// instead of one per byte (a fifth of the instructions per byte).
    fn next_match_state(&self, hay: &[u8], at: usize, sid: u32) -> Option<(u32, usize)> {
        match &self.trans {
            Table::Narrow(t) => self.next_match_state_in(t, hay, at, sid),
            Table::Wide(t) => self.next_match_state_in(t, hay, at, sid),
        }
    }

    #[inline(never)]
    fn next_match_state_in<T: State>(
        &self,
        trans: &[T],
        hay: &[u8],
        at: usize,
        mut sid: u32,
    ) -> Option<(u32, usize)> {
        let (classes, width) = (&self.classes, self.width);
        let max_special = self.max_special;
        let rest = hay.get(at..)?;
        let mut chunks = rest.chunks_exact(4);
        let mut end = at;
        for chunk in &mut chunks {
            for &b in chunk {
                end += 1;
                sid = trans[((sid * width) + u32::from(classes[usize::from(b)])) as usize].get();
                if sid <= max_special {
                    return (sid != 0).then_some((sid, end));
                }
            }
        }
        for &b in chunks.remainder() {
            end += 1;
            sid = trans[((sid * width) + u32::from(classes[usize::from(b)])) as usize].get();
            if sid <= max_special {
                return (sid != 0).then_some((sid, end));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

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
    fn the_two_streams_meet_without_a_seam() {
        // matches across the middle of haystacks of every length around the two-stream
        // threshold, with patterns up to as long as the second stream's run-up
        let unit = "abcé dit-il, a dit ";
        let long: String = unit.repeat(3);
        let patterns: Vec<String> = ["a", "é d", "dit", "a dit", "il, a dit abc", "bcé", &long]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let base = unit.repeat(40);
        let texts: Vec<String> = (TWO_STREAMS_FROM - 40..TWO_STREAMS_FROM + 80)
            .filter_map(|n| base.get(..n))
            .chain((0..unit.len()).filter_map(|k| base.get(k..)))
            .map(str::to_string)
            .collect();
        assert!(texts.len() > 100);
        same_as_crate(&patterns, &texts);
    }

    #[test]
    fn an_automaton_of_more_than_65536_states_takes_the_wide_table() {
        // 12,000 patterns of eight letters, few prefixes shared: some 80,000 states
        let patterns = crate::text::many_words(12_000);
        let fast = FastAc::new(&patterns).unwrap();
        assert!(matches!(fast.trans, Table::Wide(_)));
        let mut texts = texts();
        texts.push(patterns[..3000].join(" "));
        texts.push(patterns.concat());
        same_as_crate(&patterns, &texts);
        let small = FastAc::new(&patterns[..100]).unwrap();
        assert!(matches!(small.trans, Table::Narrow(_)));
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
            // the one automaton the stage runs: cue forms, then relay intros
            same_as_crate(&rules.patterns.concat(), &texts);
        }
    }
}
