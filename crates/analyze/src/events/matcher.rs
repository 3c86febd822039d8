//! The matcher: one Aho–Corasick automaton over every trigger form of a language, then, for
//! each hit, frame checks on the sentence: clause bounds, passive voice, negation, modality
//! markers (intent, injunction, hypothesis, report), complements governed by another trigger
//! (what is demanded, threatened or denied is not coded as done), and the arguments.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use vigie_doc::{Lang, Modality, Span};

use super::norm::{whole_ok, Match, Norm, Norms};
use super::patterns::{Compiled, Governs, Lexicon, Slot};
use crate::quotes::dfa::FastAc;

/// A trigger found in a sentence, with what the frame checks concluded.
#[derive(Clone, Debug)]
pub struct Hit {
    /// Pattern index in the lexicon.
    pub pattern: usize,
    /// Matched as a nominalisation.
    pub noun: bool,
    /// Token range of the trigger.
    pub toks: (usize, usize),
    /// Normalised byte range.
    pub range: (usize, usize),
    /// Token index where the clause starts (arguments are searched from here).
    pub left: usize,
    /// Token index where the clause ends (exclusive).
    pub right: usize,
    /// Negated in the text.
    pub negated: bool,
    /// A passive participle ("a été arrêté par").
    pub passive: bool,
    /// Modality read from the markers around.
    pub modality: Modality,
    /// Inside the complement of a governing trigger.
    pub governed: bool,
    /// Governed by an injunction to stop ("devrait cesser d'attaquer"): coded as a demand.
    pub injunction: bool,
}

/// A list of marker words (modality, weapons) with one automaton over all of them, so that
/// "does any of them occur as a word in this window" costs one pass over the window, and
/// [`has_word`] runs only for the words that occur at all.
#[derive(Debug)]
pub struct WordList {
    words: Vec<String>,
    ac: Option<AhoCorasick>,
}

impl WordList {
    /// Compiles `words`.
    pub fn new(words: &[String]) -> WordList {
        // An empty word is never found (`has_word`): leave it out.
        let words: Vec<String> = words.iter().filter(|w| !w.is_empty()).cloned().collect();
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .ok();
        WordList { words, ac }
    }

    /// True when one of the words occurs in `hay` as a whole word (as [`has_word`] says).
    pub fn any_in(&self, hay: &str) -> bool {
        let Some(ac) = &self.ac else {
            return self.words.iter().any(|w| has_word(hay, w));
        };
        if hay.is_empty() {
            return false;
        }
        let mut tried = 0u64;
        for m in ac.find_overlapping_iter(hay) {
            let i = m.pattern().as_usize();
            // Each word is tried once (a bit set for the first 64, else every time).
            if i < 64 {
                if tried & (1 << i) != 0 {
                    continue;
                }
                tried |= 1 << i;
            }
            if self.words.get(i).is_some_and(|w| has_word(hay, w)) {
                return true;
            }
        }
        false
    }
}

/// The lengths and first bytes of a few words: a word of another length or first byte is none
/// of them (a sieve for a list compared with every token of a clause).
struct Sieve {
    /// Bit `n`: a word of `n` bytes (bit 63: of 63 bytes or more).
    lens: u64,
    /// Bit `b`: a word starting with byte `b`.
    firsts: [u64; 4],
}

impl Sieve {
    fn new<'a>(words: impl Iterator<Item = &'a [u8]>) -> Sieve {
        let mut sieve = Sieve {
            lens: 0,
            firsts: [0; 4],
        };
        for w in words {
            sieve.lens |= 1 << w.len().min(63);
            if let Some(&b) = w.first() {
                sieve.firsts[usize::from(b >> 6)] |= 1 << (b & 63);
            }
        }
        sieve
    }

    /// False when `w` is none of the words.
    fn may_hold(&self, w: &[u8]) -> bool {
        let first = match w.first() {
            Some(&b) => self.firsts[usize::from(b >> 6)] >> (b & 63) & 1 == 1,
            None => true,
        };
        first && self.lens >> w.len().min(63) & 1 == 1
    }
}

/// The marker word lists read around every hit, compiled.
#[derive(Debug)]
pub struct Markers {
    /// `words.cessation`.
    pub cessation: WordList,
    /// `words.injunction`.
    pub injunction: WordList,
    /// `words.hypothetical`.
    pub hypothetical: WordList,
    /// `words.intent`.
    pub intent: WordList,
    /// `words.report`.
    pub report: WordList,
    /// `words.weapons`.
    pub weapons: WordList,
    /// One automaton over the words of the five modality lists (cessation, injunction,
    /// hypothetical, intent, report), each pattern's `(list, word)`: a sentence is scanned
    /// once, and [`Markers::any_in`] reads its windows from the occurrences found.
    modal: Option<(FastAc, Vec<(usize, usize)>)>,
}

/// The modality lists, in the order of [`Markers::modal`].
const CESSATION: usize = 0;
const INJUNCTION: usize = 1;
const HYPOTHETICAL: usize = 2;
const INTENT: usize = 3;
const REPORT: usize = 4;

/// Every occurrence of a modality word in a sentence: `(list, word, start, end)`.
pub(super) type Occurrences = Vec<(usize, usize, usize, usize)>;

impl Markers {
    pub(super) fn list(&self, list: usize) -> &WordList {
        match list {
            CESSATION => &self.cessation,
            INJUNCTION => &self.injunction,
            HYPOTHETICAL => &self.hypothetical,
            INTENT => &self.intent,
            _ => &self.report,
        }
    }

    /// The words of the five modality lists, in order, each with its `(list, word)`.
    fn modal_words(&self) -> impl Iterator<Item = (&str, (usize, usize))> + '_ {
        [CESSATION, INJUNCTION, HYPOTHETICAL, INTENT, REPORT]
            .into_iter()
            .flat_map(move |list| {
                let words = self.list(list).words.iter().enumerate();
                words.map(move |(i, w)| (w.as_str(), (list, i)))
            })
    }

    fn compile_modal(&mut self) {
        let (pats, info): (Vec<&str>, Vec<(usize, usize)>) = self.modal_words().unzip();
        // (the Aho-Corasick DFA without prefilter, in a compact table)
        self.modal = FastAc::new(&pats).ok().map(|ac| (ac, info));
    }

    /// The patterns of the merged modality automaton, in order, for
    /// [`super::norm::OnePass`] (none without it: the windows are then read word list by word
    /// list).
    pub(super) fn modal_patterns(&self) -> Vec<&str> {
        match &self.modal {
            Some(_) => self.modal_words().map(|(w, _)| w).collect(),
            None => Vec::new(),
        }
    }

    /// [`Markers::occurrences`] from the occurrences of the patterns of
    /// [`Markers::modal_patterns`] in the sentence (`found`, from
    /// [`super::norm::OnePass::matches`]).
    pub(super) fn occurrences_from(&self, found: &[Match], out: &mut Occurrences) {
        out.clear();
        if let Some((_, info)) = &self.modal {
            out.extend(found.iter().filter_map(|m| {
                let &(list, word) = info.get(m.pattern)?;
                Some((list, word, m.start, m.end))
            }));
        }
    }

    /// Every occurrence of a modality word in `text` (none without the merged automaton).
    pub(super) fn occurrences(&self, text: &str, out: &mut Occurrences) {
        out.clear();
        if let Some((ac, info)) = &self.modal {
            ac.for_each_overlapping(text, |pattern, start, end| {
                if let Some(&(list, word)) = info.get(pattern) {
                    out.push((list, word, start, end));
                }
            });
        }
    }

    /// `self.list(list).any_in(&text[from..to])`, from the occurrences of `text`: a word
    /// occurs in the window when one of its occurrences in `text` lies inside it, and
    /// [`has_word`] then decides on the window itself, as [`WordList::any_in`] does.
    pub(super) fn any_in(
        &self,
        list: usize,
        text: &str,
        window: (usize, usize),
        occ: &Occurrences,
    ) -> bool {
        let (from, to) = window;
        let l = self.list(list);
        let hay = text.get(from..to).unwrap_or("");
        if self.modal.is_none() {
            return l.any_in(hay);
        }
        if hay.is_empty() {
            return false;
        }
        occ.iter()
            .filter(|o| o.0 == list && from <= o.2 && o.3 <= to)
            .any(|o| l.words.get(o.1).is_some_and(|w| has_word(hay, w)))
    }
}

/// A compiled language matcher.
#[derive(Debug)]
pub struct Matcher {
    /// The language.
    pub lang: Lang,
    /// The lexicon.
    pub lex: Lexicon,
    /// The lexicon's marker word lists, compiled.
    pub markers: Markers,
    ac: Option<AhoCorasick>,
    /// The trigger forms can be searched over a document's whole buffer ([`Norms::matches`]).
    whole: bool,
    /// The patterns of `ac`, for [`super::norm::OnePass`].
    forms: Vec<String>,
}

impl Matcher {
    /// Compiles the trigger automaton.
    pub fn new(lang: Lang, lex: Lexicon) -> Matcher {
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            // Candidates of a prefilter are frequent in prose: it costs more than it skips.
            .prefilter(false)
            .build(lex.candidates.iter().map(|f| f.0.as_str()))
            .ok();
        let whole = whole_ok(lex.candidates.iter().map(|f| f.0.as_str()));
        let forms = lex.candidates.iter().map(|f| f.0.clone()).collect();
        let w = &lex.words;
        let markers = Markers {
            cessation: WordList::new(&w.cessation),
            injunction: WordList::new(&w.injunction),
            hypothetical: WordList::new(&w.hypothetical),
            intent: WordList::new(&w.intent),
            report: WordList::new(&w.report),
            weapons: WordList::new(&w.weapons),
            modal: None,
        };
        let mut markers = markers;
        markers.compile_modal();
        Matcher {
            lang,
            lex,
            markers,
            ac,
            whole,
            forms,
        }
    }

    /// The trigger forms and their automaton, when compiled.
    pub fn set(&self) -> Option<(&[String], &AhoCorasick)> {
        Some((self.forms.as_slice(), self.ac.as_ref()?))
    }

    /// Every trigger form in the sentences of `norms` (at word boundaries), in order.
    pub fn triggers(&self, norms: &Norms, out: &mut Vec<Match>) {
        if let Some(ac) = &self.ac {
            norms.matches(ac, self.whole, out);
        }
    }

    /// The pattern of a hit.
    pub fn pattern(&self, hit: &Hit) -> &Compiled {
        &self.lex.patterns[hit.pattern]
    }

    /// Every trigger of one normalised sentence, with frame checks done, from its trigger
    /// forms ([`Matcher::triggers`]) and, when the document's one pass found them, its
    /// occurrences of the modality words ([`Markers::modal_patterns`]).
    pub fn hits(
        &self,
        norm: &Norm,
        found: &[Match],
        modal: Option<&[Match]>,
        quotes: &[(usize, usize)],
    ) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut occ = Occurrences::new();
        match modal {
            Some(modal) => self.markers.occurrences_from(modal, &mut occ),
            None if !found.is_empty() => self.markers.occurrences(norm.text, &mut occ),
            None => {}
        }
        for m in found {
            let t0 = norm.tok_at(m.start);
            let t1 = norm.tok_at(m.end).max(t0 + 1);
            let (left, right) = self.clause(norm, t0, t1, quotes);
            let Some((_, cands)) = self.lex.candidates.get(m.pattern) else {
                continue;
            };
            let Some(&(pattern, noun)) = cands.iter().find(|&&(i, noun)| {
                self.frame_fits(norm, &self.lex.patterns[i], t0, t1, right, noun)
            }) else {
                continue;
            };
            let mut hit = Hit {
                pattern,
                noun,
                toks: (t0, t1),
                range: (m.start, m.end),
                left,
                right,
                negated: false,
                passive: false,
                modality: self.lex.patterns[pattern].modality,
                governed: false,
                injunction: false,
            };
            // A passive needs a participle: "is negotiating", "is refusing to" are active.
            if !noun && !(t0..t1).any(|i| norm.tok(i).ends_with("ing")) {
                hit.passive = self.is_passive(norm, t0) || self.is_reduced_passive(norm, t0, t1);
            }
            hit.negated = self.is_negated(norm, t0, t1, left);
            self.read_modality(norm, &occ, &mut hit);
            hits.push(hit);
        }
        // What another trigger governs (demanded, threatened, denied, refused) is not coded
        // as done.
        let governing: Vec<(usize, usize)> = hits
            .iter()
            .filter(|h| self.lex.patterns[h.pattern].governs == Governs::Complement)
            .map(|h| {
                // The complement ends at a relative clause: "accusent Kigali, qui le nie".
                let end = (h.toks.1..h.right)
                    .find(|&i| {
                        norm.tok(i) == ","
                            && self
                                .lex
                                .words
                                .relatives
                                .iter()
                                .any(|r| r == norm.tok(i + 1))
                    })
                    .unwrap_or(h.right);
                (h.toks.1, end)
            })
            .collect();
        for h in &mut hits {
            if governing
                .iter()
                .any(|&(s, e)| h.toks.0 >= s && h.toks.0 < e)
            {
                h.governed = true;
            }
        }
        // A fallback trigger gives way to any other trigger after it in its clause.
        let fallback = |h: &Hit| self.lex.patterns[h.pattern].governs == Governs::Fallback;
        if hits.iter().any(fallback) {
            let others: Vec<usize> = hits
                .iter()
                .filter(|h| !fallback(h))
                .map(|h| h.toks.0)
                .collect();
            hits.retain(|h| !fallback(h) || !others.iter().any(|&t| t >= h.toks.1 && t < h.right));
        }
        hits
    }

    /// The pattern's lexical requirements after the trigger: a required preposition, a fixed
    /// object within a few words, no cancelling next word.
    fn frame_fits(
        &self,
        norm: &Norm,
        p: &Compiled,
        t0: usize,
        t1: usize,
        right: usize,
        noun: bool,
    ) -> bool {
        if p.unless_next.iter().any(|u| {
            let at = norm
                .toks
                .get(t1)
                .map(|t| t.start)
                .unwrap_or(norm.text.len());
            let rest = &norm.text[at..];
            rest.starts_with(u.as_str())
                && rest[u.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        }) {
            return false;
        }
        if p.reflexive && !noun {
            let refl = (t0.saturating_sub(3)..=t0).any(|i| {
                matches!(
                    norm.tok(i),
                    "s'" | "se" | "me" | "m'" | "te" | "t'" | "nous" | "vous"
                )
            });
            if !refl {
                return false;
            }
        }
        if let Some(req) = &p.requires {
            // The preposition may close the trigger itself ("met with", "s'oppose à").
            let end = right.min(t1 + 12);
            let ok = (t0.max(t1.saturating_sub(1))..end).any(|i| {
                req.iter().any(|r| r == norm.tok(i))
                    && (!p.infinitive || infinitive(self.lang, norm.tok(i + 1)))
            });
            if !ok {
                return false;
            }
        }
        if !p.then.is_empty() && !noun {
            let end = right.min(t1 + 6);
            let fits = (t1..end).any(|i| {
                let at = norm.toks[i].start;
                let rest = &norm.text[at..];
                p.then.iter().any(|t| {
                    rest.starts_with(t.as_str())
                        && rest[t.len()..]
                            .chars()
                            .next()
                            .is_none_or(|c| !c.is_alphanumeric())
                })
            });
            if !fits {
                return false;
            }
        }
        true
    }

    /// Clause bounds around a trigger: the sentence, cut at semicolons, at clause-break words,
    /// and at quotation marks (a quote is its own clause).
    fn clause(
        &self,
        norm: &Norm,
        t0: usize,
        t1: usize,
        quotes: &[(usize, usize)],
    ) -> (usize, usize) {
        let breaks = &self.lex.words.clause_breaks;
        let sieve = Sieve::new(breaks.iter().map(String::as_bytes).chain([&b";"[..]]));
        let bytes = norm.text.as_bytes();
        // `norm.tok(i) == ";" || breaks.contains(norm.tok(i))`, on bytes, most tokens sifted out
        // by their length and first byte.
        let is_break = |i: usize| {
            let w = norm
                .toks
                .get(i)
                .and_then(|t| bytes.get(t.start..t.end))
                .unwrap_or(b"");
            sieve.may_hold(w) && (w == b";" || breaks.iter().any(|b| b.as_bytes() == w))
        };
        let mut left = 0;
        for i in (0..t0).rev() {
            if is_break(i) {
                left = i + 1;
                break;
            }
        }
        let mut right = norm.toks.len();
        for i in t1..norm.toks.len() {
            if is_break(i) {
                right = i;
                break;
            }
        }
        let at = norm.toks.get(t0).map(|t| t.start).unwrap_or(0);
        for &(qs, qe) in quotes {
            // A quoted word or two ("des « coûts »") is not a clause of its own.
            if norm.tok_at(qe) < norm.tok_at(qs) + 5 {
                continue;
            }
            if qs <= at && at < qe {
                left = left.max(norm.tok_at(qs));
                right = right.min(norm.tok_at(qe));
            } else if qe <= at {
                // Arguments of a narrator's verb are not searched inside a quote before it.
                left = left.max(norm.tok_at(qe));
            } else if qs > at {
                right = right.min(norm.tok_at(qs));
            }
        }
        (left.min(t0), right.max(t1))
    }

    fn is_passive(&self, norm: &Norm, t0: usize) -> bool {
        let words = &self.lex.words.passive;
        // Look back over at most one adverb or auxiliary: "a été arrêté", "was later arrested".
        for back in 1..=2 {
            let Some(i) = t0.checked_sub(back) else { break };
            let w = norm.tok(i);
            if words.iter().any(|p| p == w) {
                // "s'est entretenu", "se sont rencontrés": reflexive, not passive.
                let prev = i.checked_sub(1).map(|j| norm.tok(j)).unwrap_or("");
                return !matches!(
                    prev,
                    "s'" | "se" | "me" | "m'" | "te" | "t'" | "nous" | "vous"
                );
            }
        }
        false
    }

    /// A French past participle right after a noun, with no auxiliary ("ce quartier appelé à
    /// devenir", "le journaliste arrêté hier"): passive.
    fn is_reduced_passive(&self, norm: &Norm, t0: usize, t1: usize) -> bool {
        let aux = &self.lex.words.active_aux;
        if aux.is_empty() || t1 != t0 + 1 {
            return false;
        }
        let w = norm.tok(t0);
        if !(w.ends_with('é') || w.ends_with("ée") || w.ends_with("és") || w.ends_with("ées")) {
            return false;
        }
        let mut i = t0;
        for _ in 0..3 {
            let Some(k) = i.checked_sub(1) else {
                return false;
            };
            let prev = norm.tok(k);
            if prev.ends_with("ment")
                || matches!(
                    prev,
                    "déjà"
                        | "aussitôt"
                        | "aussi"
                        | "encore"
                        | "pas"
                        | "jamais"
                        | "plus"
                        | "bien"
                        | "tous"
                        | "toujours"
                        | "même"
                        | "ensuite"
                        | "finalement"
                        | "alors"
                        | "ainsi"
                )
            {
                i = k;
                continue;
            }
            let word = norm.toks.get(k).is_some_and(|t| t.word);
            return word
                && !aux.iter().any(|a| a == prev)
                && !matches!(
                    prev,
                    "s'" | "se"
                        | "l'"
                        | "le"
                        | "la"
                        | "les"
                        | "lui"
                        | "leur"
                        | "en"
                        | "y"
                        | "qui"
                        | "que"
                        | "et"
                        | "ou"
                );
        }
        false
    }

    fn is_negated(&self, norm: &Norm, t0: usize, t1: usize, left: usize) -> bool {
        let w = &self.lex.words;
        let from = t0.saturating_sub(4).max(left);
        let before: Vec<&str> = (from..t0).map(|i| norm.tok(i)).collect();
        let neg_before = before.iter().position(|t| {
            w.negation
                .iter()
                .any(|n| n == t || (n.starts_with('\'') && t.ends_with(n.as_str())))
        });
        let Some(at) = neg_before else { return false };
        if w.negation_after.is_empty() {
            return true;
        }
        // French "ne ... pas": the second half stands between the particle and just after
        // the trigger ("n'a pas attaqué", "ne rencontrera jamais", "n'attaque plus").
        let after = (from + at + 1..(t1 + 2).min(norm.toks.len())).map(|i| norm.tok(i));
        after
            .into_iter()
            .any(|t| w.negation_after.iter().any(|n| n == t))
    }

    fn read_modality(&self, norm: &Norm, occ: &Occurrences, hit: &mut Hit) {
        let t0 = hit.toks.0;
        let start = norm.toks.get(t0).map(|t| t.start).unwrap_or(0);
        let win_from = |n: usize| {
            let i = t0.saturating_sub(n).max(hit.left);
            norm.toks.get(i).map(|t| t.start).unwrap_or(start)
        };
        // Clamped: a hit whose first token is past the tokens gives `start` 0 (found by the
        // `warc` fuzz target, issue 9).
        let window = |n: usize| (win_from(n).min(start), start);
        let near = window(6);
        let wide = window(10);
        let clause = window(usize::MAX / 2);
        let k = &self.markers;
        let any = |list: usize, w: (usize, usize)| k.any_in(list, norm.text, w, occ);
        if any(CESSATION, near) && any(INJUNCTION, clause) {
            hit.injunction = true;
            hit.modality = Modality::Demanded;
            return;
        }
        if any(HYPOTHETICAL, near) {
            hit.modality = Modality::Hypothetical;
        } else if any(INTENT, wide) || self.reported_conditional(norm, hit) {
            hit.modality = Modality::Intended;
        } else if any(REPORT, clause) && hit.modality == Modality::Asserted {
            hit.modality = Modality::Reported;
        }
    }

    /// A trigger in the conditional a few words after a speech link ("a annoncé qu'elle
    /// imposerait", "a prévenu qu'il attaquerait"): the future of reported speech.
    fn reported_conditional(&self, norm: &Norm, hit: &Hit) -> bool {
        let w = &self.lex.words;
        let t0 = hit.toks.0;
        if w.conditional_endings.is_empty()
            || t0 >= norm.toks.len()
            || !w
                .conditional_endings
                .iter()
                .any(|e| norm.tok(t0).ends_with(e.as_str()))
        {
            return false;
        }
        let from = t0.saturating_sub(4).max(hit.left);
        (from..t0).any(|i| w.speech_links.iter().any(|l| l == norm.tok(i)))
    }

    /// The argument slot of a hit, as the pattern states it for verbs or nouns.
    pub fn source_slot<'a>(&'a self, hit: &Hit) -> &'a Slot {
        let p = self.pattern(hit);
        if hit.noun {
            &p.noun_source
        } else {
            &p.source
        }
    }
}

/// True when a word can start an infinitive clause: a French infinitive or clitic, or any
/// English word but a determiner.
fn infinitive(lang: Lang, w: &str) -> bool {
    if matches!(
        w,
        "the" | "a" | "an" | "his" | "her" | "their" | "its" | "this" | "that" | "my" | "our"
    ) {
        return false;
    }
    let french_inf = ["er", "ir", "re", "oir"].iter().any(|e| w.ends_with(e));
    let clitic = matches!(
        w,
        "se" | "s'"
            | "l'"
            | "lui"
            | "leur"
            | "y"
            | "en"
            | "ne"
            | "n'"
            | "nous"
            | "vous"
            | "me"
            | "m'"
    );
    let english = w.chars().all(|c| c.is_ascii_alphabetic())
        && !w.ends_with("er")
        && !matches!(w, "la" | "le" | "les" | "un" | "une" | "des");
    match lang {
        Lang::Fr => french_inf || clitic,
        Lang::En => english,
    }
}

/// True when `hay` contains `needle` as whole words.
pub fn has_word(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let s = from + i;
        let e = s + needle.len();
        let ok_before = needle.starts_with(|c: char| !c.is_alphanumeric())
            || hay[..s]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
        let ok_after = needle.ends_with(|c: char| !c.is_alphanumeric())
            || hay[e..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if ok_before && ok_after {
            return true;
        }
        from = s + needle.len().max(1);
        while !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// The quotation marks of `text[para]` paired in order, in original offsets: « or “ opens
/// (again, when one is open), » or ” closes the open one, a straight double quote closes the
/// open one or opens; also the mark left open at the end.
pub fn paired_quotes(text: &str, para: Span) -> (Vec<(usize, usize)>, Option<usize>) {
    let src = text.get(para.start..para.end).unwrap_or("");
    let bytes = src.as_bytes();
    let mut regions = Vec::new();
    let mut open: Option<usize> = None;
    // The marks are `"`, `«` `»` (C2 AB, C2 BB) and `“` `”` (E2 80 9C, E2 80 9D): only the
    // chars starting with one of their first bytes are looked at.
    for i in memchr::memchr3_iter(b'"', 0xc2, 0xe2, bytes) {
        let at = para.start + i;
        match bytes.get(i..).unwrap_or(&[]) {
            [0xc2, 0xab, ..] | [0xe2, 0x80, 0x9c, ..] => open = Some(at),
            [0xc2, 0xbb, ..] | [0xe2, 0x80, 0x9d, ..] => {
                if let Some(s) = open.take() {
                    regions.push((s, at));
                }
            }
            [b'"', ..] => match open.take() {
                Some(s) => regions.push((s, at)),
                None => open = Some(at),
            },
            _ => {}
        }
    }
    (regions, open)
}

/// Quotation regions of a text as normalised ranges of one sentence: the paired marks of its
/// paragraph (see [`paired_quotes`]).
pub fn quote_regions(norm: &Norm, text: &str, para: Span) -> Vec<(usize, usize)> {
    // Regions are found on the paragraph (a quote may span sentences), then clipped.
    paired_quotes(text, para)
        .0
        .into_iter()
        .map(|(s, e)| (norm.norm_of(s), norm.norm_of(e)))
        .filter(|(s, e)| s < e || *e > 0)
        .collect()
}

/// A sentence's clause-final punctuation for the argument search.
pub fn sentence_spans(text: &str, spans: &[Span], split: bool) -> Vec<Span> {
    if !split {
        return spans.to_vec();
    }
    // Without the segmenter: split at ". ", "! ", "? " before an upper-case letter or a quote.
    let mut out = Vec::new();
    for &s in spans {
        let src = text.get(s.start..s.end).unwrap_or("");
        let mut start = 0;
        let chars: Vec<(usize, char)> = src.char_indices().collect();
        for k in 0..chars.len() {
            let (i, c) = chars[k];
            if matches!(c, '.' | '!' | '?') {
                let next = chars.get(k + 1).map(|x| x.1);
                let after = chars.get(k + 2).map(|x| x.1);
                if next.is_some_and(char::is_whitespace)
                    && after.is_some_and(|a| a.is_uppercase() || matches!(a, '«' | '"' | '“'))
                {
                    // "M. Sullivan", "U.S. officials": not an end after a single capital.
                    let word: String = src[start..i]
                        .chars()
                        .rev()
                        .take_while(|c| c.is_alphabetic())
                        .collect();
                    if word.chars().count() <= 1 || matches!(word.as_str(), "rM" | "srM" | "emM") {
                        continue;
                    }
                    out.push(Span::new(s.start + start, s.start + i + 1));
                    start = i + 1 + next.map(char::len_utf8).unwrap_or(0);
                }
            }
        }
        if start < src.len() {
            out.push(Span::new(s.start + start, s.end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sieve keeps every listed word, so `may_hold(w) && listed(w)` is `listed(w)`.
    #[test]
    fn sieve_keeps_every_listed_word() {
        let lists: [&[&str]; 3] = [
            &[
                "tant",
                "mais",
                "tandis",
                "cependant",
                "toutefois",
                "puis",
                "car",
                ";",
            ],
            &[
                "but", "while", "whereas", "however", "although", "though", "when", ";",
            ],
            &["", "é", "x".repeat(70).leak(), "ça", "«"],
        ];
        for list in lists {
            let sieve = Sieve::new(list.iter().map(|w| w.as_bytes()));
            for w in list {
                assert!(sieve.may_hold(w.as_bytes()), "{w:?}");
            }
            assert!(!sieve.may_hold(b"zzzzzzzzzzz") || list.contains(&""));
        }
    }
}
