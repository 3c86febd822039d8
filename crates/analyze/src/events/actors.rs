//! Actors for events: every place in the text where an actor is named, with its CAMEO actor
//! code, from the entity layer (names, aliases, metonyms such as "Moscou") and from generic agent
//! nouns ("la police", "the authorities", "des manifestants") that need no entity.
//!
//! A generic state body with no stated nationality belongs to the article's home country (the
//! country its entities name most); protesters or gunmen with no stated nationality keep a bare
//! sector code (`CVL`, `REB`), as the gold annotations do.

use std::borrow::Cow;
use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use vigie_doc::{Document, EntityId, EntityType, Span};

use crate::hash::FxBuild;

use super::norm::{whole_ok, Match, Norms};
use super::patterns::Agent;

/// One place where an actor is named.
#[derive(Clone, Debug, PartialEq)]
pub struct ActorMention<'a> {
    /// Where, in `Document::text`.
    pub span: Span,
    /// CAMEO actor code (`RUSGOV`, `USA`, `CVL`): borrowed from the document's entities when
    /// it is theirs (most mentions), so indexing allocates only for the codes it composes.
    pub code: Cow<'a, str>,
    /// The entity, when the mention belongs to one.
    pub entity: Option<EntityId>,
    /// Persons are preferred as speakers and subjects of speech.
    pub person: bool,
}

/// Generic agent nouns and country demonyms of one language, compiled once.
#[derive(Debug)]
pub struct AgentMatcher {
    ac: Option<AhoCorasick>,
    /// The patterns of `ac` and of `demonyms`, for [`super::norm::OnePass`].
    forms: (Vec<String>, Vec<String>),
    /// Per pattern of `ac`: its agent's sector, `home` and `anaphor` ([`Agent`]).
    agents: Vec<(String, bool, bool)>,
    demonyms: Option<AhoCorasick>,
    demonym_codes: Vec<String>,
    /// French adjectives follow their noun ("l'armée congolaise"), English ones precede it.
    adjective_after: bool,
    /// The agent nouns and the demonyms can be searched over a document's whole buffer
    /// ([`Norms::matches`]).
    whole: (bool, bool),
}

/// The countries file of the entity lexicons: demonyms per language.
pub const COUNTRIES: &str = "actors/countries.tsv";

impl AgentMatcher {
    /// Compiles the agent nouns of a lexicon, and the language's demonyms from the countries
    /// file when it is present (`alpha3, en names, fr names, en demonyms, fr m/f demonyms, ...`).
    pub fn new(
        agents: &[Agent],
        lang: vigie_doc::Lang,
        lex: &vigie_lexicon::Lexicons,
    ) -> AgentMatcher {
        let mut pats = Vec::new();
        let mut info = Vec::new();
        for a in agents {
            for f in &a.forms {
                pats.push(crate::text::normalize(f));
                info.push((a.sector.clone(), a.home, a.anaphor));
            }
        }
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            // Candidates of a prefilter are frequent in prose: it costs more than it skips.
            .prefilter(false)
            .build(&pats)
            .ok();
        let whole_agents = whole_ok(pats.iter().map(String::as_str));
        let mut dem = Vec::new();
        let mut codes = Vec::new();
        if let Some(file) = lex.get(COUNTRIES) {
            for (_, f) in file.tsv_rows() {
                let (Some(code), Some(col)) = (
                    f.first(),
                    f.get(if lang == vigie_doc::Lang::Fr { 4 } else { 3 }),
                ) else {
                    continue;
                };
                for form in col.split(['|', '/']) {
                    let form = crate::text::normalize(form.trim());
                    if form.len() < 4 || form == "-" {
                        continue;
                    }
                    let mut forms = vec![form.clone()];
                    if lang == vigie_doc::Lang::Fr && !form.ends_with('s') && !form.ends_with('x') {
                        forms.push(match form.strip_suffix("al") {
                            Some(stem) => format!("{stem}aux"),
                            None => format!("{form}s"),
                        });
                    }
                    for f in forms {
                        dem.push(f);
                        codes.push(code.to_string());
                    }
                }
            }
        }
        let demonyms = (!dem.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::DFA))
                    .prefilter(false)
                    .build(&dem)
                    .ok()
            })
            .flatten();
        AgentMatcher {
            ac,
            agents: info,
            demonyms,
            whole: (whole_agents, whole_ok(dem.iter().map(String::as_str))),
            forms: (pats, dem),
            demonym_codes: codes,
            adjective_after: lang == vigie_doc::Lang::Fr,
        }
    }

    /// The agent nouns' and the demonyms' patterns and automata, when both are compiled.
    pub fn sets(&self) -> Option<[(&[String], &AhoCorasick); 2]> {
        Some([
            (self.forms.0.as_slice(), self.ac.as_ref()?),
            (self.forms.1.as_slice(), self.demonyms.as_ref()?),
        ])
    }

    /// The agent nouns (`out[0]`) and the demonyms (`out[1]`) of every sentence, each
    /// automaton on its own.
    pub fn scan(&self, norms: &Norms, out: &mut [Vec<Match>]) {
        if let (Some(ac), Some(found)) = (&self.ac, out.get_mut(0)) {
            norms.matches(ac, self.whole.0, found);
        }
        if let (Some(ac), Some(found)) = (&self.demonyms, out.get_mut(1)) {
            norms.matches(ac, self.whole.1, found);
        }
    }

    /// Demonyms in every sentence: `(sentence, span in the original text, country code)`.
    fn find_demonyms(&self, norms: &Norms, found: &[Match]) -> Vec<(usize, Span, &str)> {
        found
            .iter()
            .filter_map(|m| {
                let (_, norm) = norms.get(m.sentence);
                let code = self.demonym_codes.get(m.pattern)?;
                Some((m.sentence, norm.orig_span(m.start, m.end), code.as_str()))
            })
            .collect()
    }

    /// Agent nouns in every sentence: `(sentence, span in the original text, sector, home,
    /// anaphor)`.
    fn find(&self, norms: &Norms, found: &[Match]) -> Vec<(usize, Span, &str, bool, bool)> {
        found
            .iter()
            .filter_map(|m| {
                let (_, norm) = norms.get(m.sentence);
                let (sector, home, anaphor) = self.agents.get(m.pattern)?;
                Some((
                    m.sentence,
                    norm.orig_span(m.start, m.end),
                    sector.as_str(),
                    *home,
                    *anaphor,
                ))
            })
            .collect()
    }
}

/// The spans taken so far, for "does this span overlap a mention already found" in
/// logarithmic time (a linear scan per agent noun made long articles quadratic).
struct Occupied {
    /// The entities' mentions: `(start, the longest end of the spans starting there)`, sorted
    /// by start, built at once (inserting them one by one, entity after entity, moved the list's
    /// tail each time: quadratic in a long article).
    named: Vec<(usize, usize)>,
    /// The spans added after, the same way: they come in text order, so each goes at or near
    /// the end.
    added: Vec<(usize, usize)>,
    /// The longest span: an overlapping span starts at most this far before a query.
    max_len: usize,
}

impl Occupied {
    fn new(spans: impl Iterator<Item = Span>) -> Occupied {
        let mut named: Vec<(usize, usize)> = spans.map(|s| (s.start, s.end)).collect();
        named.sort_unstable();
        // (sorted by end too: the last of each start has the longest end)
        named.dedup_by(|next, kept| {
            let same = next.0 == kept.0;
            if same {
                kept.1 = next.1;
            }
            same
        });
        let max_len = named.iter().map(|&(s, e)| e.saturating_sub(s)).max();
        Occupied {
            named,
            added: Vec::new(),
            max_len: max_len.unwrap_or(0),
        }
    }

    fn add(&mut self, span: Span) {
        let list = &mut self.added;
        match list.binary_search_by_key(&span.start, |&(s, _)| s) {
            Ok(i) => list[i].1 = list[i].1.max(span.end),
            Err(i) => list.insert(i, (span.start, span.end)),
        }
        self.max_len = self.max_len.max(span.end.saturating_sub(span.start));
    }

    /// Some added span overlaps `q` (`Span::overlaps`: `s.start < q.end && q.start < s.end`).
    fn overlaps(&self, q: Span) -> bool {
        let from = q.start.saturating_sub(self.max_len).min(q.end);
        let hit = |list: &[(usize, usize)]| {
            let lo = list.partition_point(|&(s, _)| s < from);
            list[lo..]
                .iter()
                .take_while(|&&(s, _)| s < q.end)
                .any(|&(start, end)| start < q.end && q.start < end)
        };
        hit(&self.named) || hit(&self.added)
    }
}

/// Every actor mention of a document, sorted by position.
#[derive(Clone, Debug, Default)]
pub struct ActorIndex<'a> {
    /// Mentions sorted by start; overlapping ones keep the longest.
    pub mentions: Vec<ActorMention<'a>>,
    /// The article's home country (three letters), when its entities show one.
    pub home: Option<&'a str>,
}

/// How far back a definite "le pays", "the country" looks for its antecedent, in bytes (a few
/// paragraphs).
const ANAPHOR_REACH: usize = 1000;

/// The antecedent of "le pays" at `at`: of the countries named in the [`ANAPHOR_REACH`] bytes
/// before it (`countries`: `(start, code)` in text order), the one named most often there, the
/// last named among equals. A definite description names the country the passage is about,
/// which is not always the last one named ("Kiev a besoin de liquidités pour régler ses
/// importations à la Russie ... Le pays réclame l'aide du FMI").
fn salient_country<'c>(countries: &[(usize, &'c str)], at: usize) -> Option<&'c str> {
    let end = countries.partition_point(|&(s, _)| s < at);
    let start = countries.partition_point(|&(s, _)| s < at.saturating_sub(ANAPHOR_REACH));
    let window = countries.get(start..end)?;
    let count = |c: &str| window.iter().filter(|&&(_, x)| x == c).count();
    // (later ones win ties: `max_by_key` keeps the last maximum)
    window.iter().map(|&(_, c)| c).max_by_key(|&c| count(c))
}

/// Country prefixes that are not countries: sectors, and the CAMEO region codes that
/// `actors/places.tsv` gives continents and regions (no home country, no antecedent of "le
/// pays").
const NOT_COUNTRY: [&str; 14] = [
    "IGO", "NGO", "CVL", "REB", "MED", "BUS", "MNC", "UNK", "EUR", "AFR", "ASA", "LAM", "NAM",
    "MEA",
];

/// A three-letter actor prefix that names a country (not a sector or a region).
fn is_country(code: &str) -> bool {
    !NOT_COUNTRY.contains(&code) && code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

impl<'a> ActorIndex<'a> {
    /// Indexes the entities' mentions and the agent nouns of every sentence (`found`: the
    /// sentences' agent nouns and demonyms, [`AgentMatcher::scan`]). With `guess`,
    /// capitalised word runs count as actors too (lexicon examples are checked this way, so
    /// they test the frames whatever the entity stage knows).
    pub fn build(
        doc: &'a Document,
        agents: &AgentMatcher,
        sentences: &Norms,
        found: &[Vec<Match>],
        guess: bool,
    ) -> ActorIndex<'a> {
        // (at most every mention of every entity)
        let mut mentions = Vec::with_capacity(doc.entities.iter().map(|e| e.mentions.len()).sum());
        // Country -> its mentions (a few countries per article: a list, no hashing).
        let mut weight: Vec<(&str, usize)> = Vec::new();
        for e in &doc.entities {
            let Some(actor) = e.actor.as_deref().filter(|a| a.len() >= 3) else {
                continue;
            };
            let country = actor.get(..3).unwrap_or("");
            if is_country(country) {
                let n = e.mentions.len().max(1);
                match weight.iter_mut().find(|(c, _)| *c == country) {
                    Some((_, w)) => *w += n,
                    None => weight.push((country, n)),
                }
            }
            for m in &e.mentions {
                // A capital or country standing for its government ("Moscou a dit") acts as
                // the government.
                let code = if m.kind.as_deref() == Some("metonym")
                    && e.kind == EntityType::Place
                    && actor.len() == 3
                {
                    Cow::Owned([actor, "GOV"].concat())
                } else {
                    Cow::Borrowed(actor)
                };
                mentions.push(ActorMention {
                    span: m.span,
                    code,
                    entity: Some(e.id),
                    person: e.kind == EntityType::Person,
                });
            }
        }
        let home = weight
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(c, _)| c);
        // People and organisations the entity layer could not code belong, by default, to the
        // article's country.
        if let Some(h) = home {
            for e in doc
                .entities
                .iter()
                .filter(|e| e.actor.is_none() && e.kind != EntityType::Place)
            {
                for m in &e.mentions {
                    mentions.push(ActorMention {
                        span: m.span,
                        code: Cow::Borrowed(h),
                        entity: Some(e.id),
                        person: e.kind == EntityType::Person,
                    });
                }
            }
        }
        let mut occupied = Occupied::new(mentions.iter().map(|m| m.span));
        // The first coded six-letter actor of each sector ("les insurgés" after "le M23").
        let mut known_of: Vec<(&str, Option<&str>)> = Vec::new();
        // Every sentence's demonyms and agent nouns, each found in one pass, then taken
        // sentence by sentence (agent nouns first).
        let none = Vec::new();
        let all_agents = agents.find(sentences, found.first().unwrap_or(&none));
        let all_demonyms = agents.find_demonyms(sentences, found.get(1).unwrap_or(&none));
        let mut used_all = vec![false; all_demonyms.len()];
        // Where countries are named (places and demonyms), in text order: the antecedents of
        // "le pays", "the country".
        let mut countries: Vec<(usize, &str)> = Vec::new();
        if all_agents.iter().any(|a| a.4) {
            for e in doc.entities.iter().filter(|e| e.kind == EntityType::Place) {
                let Some(c) = e.actor.as_deref().and_then(|a| a.get(..3)) else {
                    continue;
                };
                if is_country(c) {
                    countries.extend(e.mentions.iter().map(|m| (m.span.start, c)));
                }
            }
            countries.extend(all_demonyms.iter().map(|&(_, span, c)| (span.start, c)));
            countries.sort_unstable();
        }
        let (mut d_at, mut a_at) = (0, 0);
        while d_at < all_demonyms.len() || a_at < all_agents.len() {
            let k = match (all_demonyms.get(d_at), all_agents.get(a_at)) {
                (Some(d), Some(a)) => d.0.min(a.0),
                (Some(d), None) => d.0,
                (None, Some(a)) => a.0,
                (None, None) => break,
            };
            let d_end = d_at + all_demonyms[d_at..].partition_point(|d| d.0 == k);
            let a_end = a_at + all_agents[a_at..].partition_point(|a| a.0 == k);
            let demonyms = &all_demonyms[d_at..d_end];
            let used = &mut used_all[d_at..d_end];
            let sentence_agents = &all_agents[a_at..a_end];
            (d_at, a_at) = (d_end, a_end);
            for &(_, mut span, sector, is_home, anaphor) in sentence_agents {
                if occupied.overlaps(span) {
                    continue;
                }
                if anaphor {
                    let country = salient_country(&countries, span.start).or(home);
                    if let Some(c) = country {
                        occupied.add(span);
                        mentions.push(ActorMention {
                            span,
                            code: Cow::Owned([c, sector].concat()),
                            entity: None,
                            person: false,
                        });
                    }
                    continue;
                }
                // "l'armée congolaise", "Kenyan police", "le Président américain".
                let near = demonyms.iter().position(|(_, d, _)| {
                    let gap = if agents.adjective_after {
                        doc.text.get(span.end..d.start)
                    } else {
                        doc.text.get(d.end..span.start)
                    };
                    gap.is_some_and(|g| {
                        g.len() <= 12
                            && g.split_whitespace().count() <= 1
                            && !g.contains([',', '.', ';'])
                    })
                });
                // "les insurgés" after "le M23": a role noun names the article's known actor of
                // that sector.
                let known = match known_of.iter().find(|(s, _)| *s == sector) {
                    Some(&(_, k)) => k,
                    None => {
                        let k = doc
                            .entities
                            .iter()
                            .filter_map(|e| e.actor.as_deref())
                            .find(|a| a.len() == 6 && a.ends_with(sector));
                        known_of.push((sector, k));
                        k
                    }
                };
                let code = match (near, known, &home, is_home) {
                    (Some(i), _, _, _) => {
                        used[i] = true;
                        let d = demonyms[i].1;
                        span = Span::new(span.start.min(d.start), span.end.max(d.end));
                        Cow::Owned(format!("{}{sector}", demonyms[i].2))
                    }
                    (None, Some(k), _, _) => Cow::Borrowed(k),
                    (None, None, Some(h), true) => Cow::Owned(format!("{h}{sector}")),
                    _ => Cow::Owned(sector.to_string()),
                };
                occupied.add(span);
                mentions.push(ActorMention {
                    span,
                    code,
                    entity: None,
                    person: false,
                });
            }
            // A demonym on another noun stands for its country ("les médiateurs ougandais").
            for (i, (_, span, code)) in demonyms.iter().enumerate() {
                if used[i] || occupied.overlaps(*span) {
                    continue;
                }
                occupied.add(*span);
                mentions.push(ActorMention {
                    span: *span,
                    code: Cow::Owned(code.to_string()),
                    entity: None,
                    person: false,
                });
            }
        }
        // "les rebelles du M23", "le gouvernement de Kinshasa": a role noun followed by a
        // named actor takes that actor's country (and keeps its own sector).
        // (Indices into `mentions`: the named ones are never changed below.)
        let named: Vec<usize> = (0..mentions.len())
            .filter(|&i| mentions[i].entity.is_some())
            .collect();
        // Start -> the first named mention starting there.
        let mut named_at: HashMap<usize, usize, FxBuild> =
            HashMap::with_capacity_and_hasher(named.len(), FxBuild::default());
        for (i, &n) in named.iter().enumerate() {
            named_at.entry(mentions[n].span.start).or_insert(i);
        }
        for j in 0..mentions.len() {
            let m = &mentions[j];
            if m.entity.is_some() {
                continue;
            }
            let Some(rest) = doc.text.get(m.span.end..) else {
                continue;
            };
            let trimmed = rest.trim_start();
            let lead = rest.len() - trimmed.len();
            let skip = [
                "de la ", "de l'", "de l’", "des ", "du ", "de ", "d'", "d’", "of the ", "of ",
            ]
            .iter()
            .find(|p| lower_starts_with(trimmed, p))
            .map(|p| p.len());
            let Some(skip) = skip else { continue };
            let at = m.span.end + lead + skip;
            // The first (in `named` order) starting at `at` or `at + 1`.
            let first = match (named_at.get(&at), named_at.get(&(at + 1))) {
                (Some(&a), Some(&b)) => Some(a.min(b)),
                (a, b) => a.or(b).copied(),
            };
            if let Some(n) = first.map(|i| &mentions[named[i]]) {
                let country = n.code.get(..3).unwrap_or("");
                let sector = m.code.get(m.code.len().saturating_sub(3)..).unwrap_or("");
                let code = if n.code.len() > 3 || NOT_COUNTRY.contains(&country) {
                    n.code.clone()
                } else {
                    Cow::Owned(format!("{country}{sector}"))
                };
                let entity = n.entity;
                let m = &mut mentions[j];
                m.code = code;
                m.entity = entity;
            }
        }
        if guess {
            for (span, _) in sentences.iter() {
                for g in guessed(&doc.text, span) {
                    if !mentions
                        .iter()
                        .any(|m: &ActorMention| m.span.overlaps(g.span))
                    {
                        mentions.push(g);
                    }
                }
            }
        }
        mentions.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
        // Keep the longest of overlapping mentions ("Conseil de sécurité russe" over "russe").
        let mut kept: Vec<ActorMention<'a>> = Vec::with_capacity(mentions.len());
        for m in mentions {
            if let Some(last) = kept.last() {
                if m.span.start < last.span.end {
                    continue;
                }
            }
            kept.push(m);
        }
        ActorIndex {
            mentions: kept,
            home,
        }
    }

    /// Mentions lying inside `[start, end)`.
    pub fn within(&self, start: usize, end: usize) -> &[ActorMention<'a>] {
        let lo = self.mentions.partition_point(|m| m.span.start < start);
        let hi = self.mentions.partition_point(|m| m.span.start < end);
        if lo <= hi {
            let slice = &self.mentions[lo..hi];
            let n = slice.iter().take_while(|m| m.span.end <= end).count();
            &slice[..n]
        } else {
            &[]
        }
    }
}

/// `s.chars().take(12).collect::<String>().to_lowercase().starts_with(p)` without the two
/// strings, for a `p` of at most 12 chars without `σ`/`ς` (the only chars `str::to_lowercase`
/// lowers otherwise than `char::to_lowercase`, after `Σ`).
fn lower_starts_with(s: &str, p: &str) -> bool {
    let mut lower = s.chars().take(12).flat_map(char::to_lowercase);
    p.chars().all(|c| lower.next() == Some(c))
}

/// Sentence-initial words that are not names.
const NOT_NAMES: [&str; 32] = [
    "Le", "La", "Les", "L", "Un", "Une", "Des", "Il", "Elle", "Ils", "Elles", "Nous", "On", "Ce",
    "Cette", "The", "A", "An", "He", "She", "They", "We", "It", "Au", "Aux", "Selon", "Si", "Mais",
    "No", "Lors", "Personne", "Ces",
];

/// Capitalised word runs of a sentence, as stand-in actors (code: first three letters).
fn guessed(text: &str, span: Span) -> Vec<ActorMention<'static>> {
    let src = text.get(span.start..span.end).unwrap_or("");
    let mut out = Vec::new();
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in src.char_indices().chain(std::iter::once((src.len(), ' '))) {
        let inner = c.is_alphanumeric() || (c == '-' && start.is_some());
        match (start, inner) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    let mut run: Option<(usize, usize)> = None;
    for (k, &(s, e)) in words.iter().enumerate() {
        let w = &src[s..e];
        let cap = w.chars().next().is_some_and(char::is_uppercase);
        let first = k == 0;
        let name = cap && !(first && NOT_NAMES.contains(&w));
        let adjacent = run.is_some_and(|(_, re)| src[re..s].chars().all(|c| c == ' ' || c == '-'));
        match (name, run) {
            (true, Some((rs, _))) if adjacent => run = Some((rs, e)),
            (true, _) => {
                if let Some(r) = run.take() {
                    out.push(r);
                }
                run = Some((s, e));
            }
            (false, _) => {
                if let Some(r) = run.take() {
                    out.push(r);
                }
            }
        }
    }
    if let Some(r) = run {
        out.push(r);
    }
    out.into_iter()
        .map(|(s, e)| {
            let code: String = src[s..e]
                .chars()
                .filter(char::is_ascii_alphabetic)
                .take(3)
                .collect::<String>()
                .to_uppercase();
            ActorMention {
                span: Span::new(span.start + s, span.start + e),
                code: Cow::Owned(if code.len() == 3 { code } else { "XXX".into() }),
                entity: None,
                person: false,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Occupied::overlaps`] is `Span::overlaps` with any span it was made with or added
    /// since.
    #[test]
    fn occupied_is_a_linear_overlap_test() {
        let mut x: usize = 7;
        let mut random_span = || {
            x = (x * 1103515245 + 12345) % 2147483648;
            let start = x % 300;
            Span::new(start, start + (x / 300) % 25)
        };
        let mut added: Vec<Span> = (0..60).map(|_| random_span()).collect();
        let mut occ = Occupied::new(added.iter().copied());
        for _ in 0..400 {
            let span = random_span();
            for q in 0..330 {
                for len in [0, 1, 3, 17] {
                    let q = Span::new(q, q + len);
                    let want = added.iter().any(|s| s.overlaps(q));
                    assert_eq!(occ.overlaps(q), want, "{q:?}");
                }
            }
            occ.add(span);
            added.push(span);
        }
    }

    /// [`lower_starts_with`] is the test on the lower-cased first twelve chars it replaces.
    #[test]
    fn lower_starts_with_is_the_lowercased_prefix_test() {
        let pats = [
            "de la ", "de l'", "de l’", "des ", "du ", "de ", "d'", "d’", "of the ", "of ",
        ];
        let mut texts: Vec<String> = [
            "de la Russie",
            "De L’Ukraine",
            "DES rebelles",
            "Du",
            "d’",
            "OF THE State",
            "of",
            "",
            "İde la",
            "Σde ",
            "D\u{0130}s ",
            "de\u{00A0}la ",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for c in crate::text::sample_chars() {
            for p in pats {
                for k in 0..=p.chars().count() {
                    let mut t: String = p.chars().take(k).collect();
                    t.push(c);
                    t.push_str("xyz");
                    texts.push(t.to_uppercase());
                    texts.push(t);
                }
            }
        }
        for t in &texts {
            for p in pats {
                let want = t
                    .chars()
                    .take(12)
                    .collect::<String>()
                    .to_lowercase()
                    .starts_with(p);
                assert_eq!(lower_starts_with(t, p), want, "{t:?} {p:?}");
            }
        }
    }
}
