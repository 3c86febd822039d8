//! Attribution: whether a quoted span is a quote (direct or partial) and who said it with which
//! cue; speaker noun phrases before the cue ("X a déclaré", "X said"), after it ("a déclaré X",
//! "said X"), after a preposition ("selon X"), in an inverted pronoun ("a-t-elle déclaré"),
//! through coordination ("... et a souligné") and relative clauses ("X, qui a fait ...").
//! Finally the speakers are resolved to names (see [`Ctx::resolve`]).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use vigie_doc::{Document, EntityType, Gender, Quote, QuoteKind, Span};

use super::lexicon::{CueHit, FxBuild, LangRules, RelayHit};
use super::marks::{self, Marked};
use super::relay;
use super::scan::{self, Norm, Reach, Tok, TokIndex, Words};
use super::Found;

/// How a speaker is named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SrcKind {
    /// A proper name ("M. Sullivan", "Maria Zakharova").
    Name,
    /// A pronoun ("elle", "he").
    Pronoun,
    /// A description ("le gouvernement russe", "un porte-parole de la police").
    Desc,
}

/// A speaker as found in the text.
#[derive(Clone, Debug)]
pub(crate) struct Src {
    pub(crate) span: Span,
    pub(crate) kind: SrcKind,
    pub(crate) gender: Option<Gender>,
    /// Plural pronoun.
    pub(crate) plural: bool,
}

/// A speaker already resolved, for pronouns and anaphors that follow.
#[derive(Clone, Debug)]
struct Said {
    name: String,
    gender: Option<Gender>,
    id: Option<vigie_doc::EntityId>,
    /// 2: a person by its full name, title or entity type; 1: maybe a person (a single name,
    /// "un habitant"); 0: an institution.
    strength: u8,
}

/// The antecedent of a pronoun among the speakers so far: a plural pronoun takes the last
/// speaker; "it" an institution; "il"/"elle"/"he"/"she" the last person of that gender,
/// preferring full names.
fn antecedent<'h>(
    history: &'h [Said],
    gender: Option<Gender>,
    plural: bool,
    word: &str,
    r: &LangRules,
) -> Option<&'h Said> {
    if plural {
        return history.last();
    }
    if r.g.pron_any.contains(word) {
        if word == "it" {
            return history
                .iter()
                .rev()
                .find(|s| s.gender.is_none())
                .or(history.last());
        }
        return None;
    }
    let fits = |s: &&Said| s.gender.is_none() || gender.is_none() || s.gender == gender;
    if matches!(word, "cet" | "ce" | "cette" | "this" | "that") {
        return history.iter().rev().filter(fits).find(|s| s.strength >= 1);
    }
    history
        .iter()
        .rev()
        .filter(fits)
        .find(|s| s.strength == 2)
        .or_else(|| history.iter().rev().filter(fits).find(|s| s.strength == 1))
}

/// A proper name found anywhere in the body (for canonical names and pronoun fallbacks).
#[derive(Clone, Debug)]
struct NameRun {
    span: Span,
    /// Its words' norms: their range in `Ctx::name_words` (one list for every run, not one
    /// allocation per run).
    words: (usize, usize),
    gender: Option<Gender>,
}

impl NameRun {
    fn n_words(&self) -> usize {
        self.words.1 - self.words.0
    }
}

/// Everything the stage derives from one document, shared by the sub-steps.
pub(crate) struct Ctx<'a> {
    pub(crate) text: &'a str,
    pub(crate) r: &'a LangRules,
    pub(crate) hits: Vec<CueHit>,
    pub(crate) relays: Vec<RelayHit>,
    pub(crate) marks: Vec<Marked>,
    pub(crate) sents: Vec<Span>,
    names: Vec<NameRun>,
    /// The words of every name run, borrowed from the document's tokens.
    name_words: Vec<Cow<'a, str>>,
    /// The tokens of every paragraph.
    toks: TokIndex<'a>,
    /// The quoted words (`Marked::inner`), for [`Ctx::in_mark`].
    inner: Reach,
    /// The cue hits outside quoted text (sorted, disjoint), for [`Ctx::hits_in`].
    free: Vec<CueHit>,
    /// Paragraph starts, sorted.
    para_starts: Vec<usize>,
    /// The entities' mentions by position.
    mentions: vigie_doc::MentionIndex<'a>,
    /// Look-ups into `names`.
    name_index: NameIndex<'a>,
    /// The speakers found so far by [`Ctx::speaker_of`]: a cue that attributes several quotes
    /// ("« ... », a-t-il dit, « ... »") is asked once per quote (about one call in five on the
    /// dev articles), and the answer depends only on the hit and its sentence. (A map: a long
    /// article asks thousands of times.)
    speakers: RefCell<HashMap<SpeakerKey, Option<Src>, FxBuild>>,
}

/// What [`Ctx::speaker_of`] depends on: the hit (its span, cue, inverted pronoun and passive
/// agent), the sentence and the depth.
type SpeakerKey = (Span, usize, Option<Span>, Option<usize>, Span, u8);

/// The body's paragraphs, or the whole text when the document has none.
pub(crate) fn paragraphs(doc: &Document) -> Vec<Span> {
    if doc.paragraphs.is_empty() && !doc.text.is_empty() {
        vec![Span::new(0, doc.text.len())]
    } else {
        doc.paragraphs.clone()
    }
}

/// Look-ups into the name runs (in text order) that would otherwise scan them all per quote.
#[derive(Default)]
struct NameIndex<'a> {
    /// The runs are sorted by position and disjoint (else the look-ups scan).
    sorted: bool,
    /// Runs of two words or more: any gender, masculine or none, feminine or none.
    long_any: Vec<usize>,
    long_m: Vec<usize>,
    long_f: Vec<usize>,
    /// Runs grouped by their words: (first run, first run with a gender).
    groups: Vec<(usize, Option<usize>)>,
    /// Word -> the groups holding it, ascending: the first and last of its `links`.
    by_word: std::collections::HashMap<Cow<'a, str>, (usize, usize), FxBuild>,
    /// (group, the word's next link or `usize::MAX`): one list for every word's groups, not
    /// one allocation per word.
    links: Vec<(usize, usize)>,
}

impl<'a> NameIndex<'a> {
    /// The groups holding `word`, ascending.
    fn groups_with(&self, word: &str) -> impl Iterator<Item = usize> + '_ {
        let mut at = self
            .by_word
            .get(word)
            .map_or(usize::MAX, |&(first, _)| first);
        std::iter::from_fn(move || {
            let &(g, next) = self.links.get(at)?;
            at = next;
            Some(g)
        })
    }

    fn new(names: &[NameRun], name_words: &[Cow<'a, str>]) -> NameIndex<'a> {
        let sorted = names
            .windows(2)
            .all(|w| w[0].span.end <= w[1].span.start && w[0].span.start < w[1].span.start);
        let mut ix = NameIndex {
            sorted,
            long_any: Vec::with_capacity(names.len()),
            long_m: Vec::with_capacity(names.len()),
            long_f: Vec::with_capacity(names.len()),
            groups: Vec::with_capacity(names.len()),
            ..NameIndex::default()
        };
        let mut group_of: std::collections::HashMap<&[Cow<'a, str>], usize, FxBuild> =
            std::collections::HashMap::with_capacity_and_hasher(names.len(), FxBuild::default());
        ix.by_word.reserve(names.len());
        ix.links.reserve(name_words.len());
        for (i, n) in names.iter().enumerate() {
            let words = name_words.get(n.words.0..n.words.1).unwrap_or(&[]);
            if words.len() >= 2 {
                ix.long_any.push(i);
                if n.gender != Some(Gender::F) {
                    ix.long_m.push(i);
                }
                if n.gender != Some(Gender::M) {
                    ix.long_f.push(i);
                }
            }
            match group_of.get(words) {
                Some(&g) => {
                    let group = &mut ix.groups[g];
                    if group.1.is_none() && n.gender.is_some() {
                        group.1 = Some(i);
                    }
                }
                None => {
                    let g = ix.groups.len();
                    group_of.insert(words, g);
                    ix.groups.push((i, n.gender.is_some().then_some(i)));
                    for (k, w) in words.iter().enumerate() {
                        // (once per word of the run)
                        if !words[..k].contains(w) {
                            let link = ix.links.len();
                            ix.links.push((g, usize::MAX));
                            match ix.by_word.get_mut(w.as_ref()) {
                                Some((_, last)) => {
                                    if let Some(prev) = ix.links.get_mut(*last) {
                                        prev.1 = link;
                                    }
                                    *last = link;
                                }
                                None => {
                                    ix.by_word.insert(w.clone(), (link, link));
                                }
                            }
                        }
                    }
                }
            }
        }
        ix
    }
}

/// Are `toks` a title: two words or more, each capitalised but for short lower-case ones
/// ("of", "the", "with"; at most four letters, not the first)?
fn title_case(toks: &[Tok]) -> bool {
    let mut words = toks.iter().filter(|t| t.word);
    let Some(first) = words.next() else {
        return false;
    };
    let mut caps = usize::from(first.cap);
    let ok = first.cap
        && words.all(|t| {
            caps += usize::from(t.cap);
            t.cap || t.norm().chars().count() <= 4
        });
    ok && caps >= 2
}

impl<'a> Ctx<'a> {
    /// `paragraphs` are [`paragraphs`]`(doc)`, `words` their tokens.
    pub(crate) fn new(
        doc: &'a Document,
        r: &'a LangRules,
        paragraphs: &[Span],
        words: &'a Words<'a>,
        norm: &'a Norm,
    ) -> Ctx<'a> {
        let text = doc.text.as_str();
        let marks = marks::find(text, paragraphs);
        let inside: Vec<(usize, usize)> = marks.iter().map(|m| (m.open, m.close)).collect();
        let mut sents = scan::sentences(text, paragraphs, &inside);
        // a dateline is no part of the sentence it opens ("WASHINGTON (Reuters) - The governor
        // said ...": the subject is "The governor")
        if let Some(d) = doc.meta.dateline.as_ref().and_then(|d| d.span) {
            let i = sents.partition_point(|s| s.end <= d.start);
            if let Some(s) = sents.get_mut(i).filter(|s| {
                d.end < s.end
                    && text
                        .get(s.start..d.start)
                        .is_some_and(|h| h.trim().is_empty())
            }) {
                let rest = text.get(d.end..s.end).unwrap_or("");
                let body = rest.trim_start_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':')
                });
                s.start = s.end - body.len();
            }
        }
        let toks = TokIndex::new(words);
        let body = Reach::new(paragraphs.iter().map(|p| (p.start, p.end)).collect());
        let in_body = |s: Span| body.max_end_by(s.start).is_some_and(|e| s.end <= e);
        let sentence_start = |pos: usize| {
            let i = sents.partition_point(|s| s.end <= pos);
            sents.get(i).map_or(pos, |s| s.start)
        };
        let (cue_hits, relays) = r.hits(text, norm);
        let hits: Vec<CueHit> = cue_hits
            .into_iter()
            .filter(|h| in_body(h.span))
            .filter(|h| {
                // a form right after a determiner is a noun ("a warning", "le constat")
                let prev = prev_word(text, h.span.start);
                // "qui l'accuse de", "comme l'écrit X", "l'accusant de", "X l'a souligné": an
                // object clitic after a subject, a relative or "comme", or before a present
                // participle or an auxiliary, is no article
                let clitic = r.g.object_clitics.contains(&prev) && {
                    let lead = prev_word(text, word_start(text, h.span.start));
                    r.g.clitic_leads.contains(&lead) || {
                        let form =
                            scan::normalized(text.get(h.span.start..h.span.end).unwrap_or(""));
                        r.g.present_participle(&form)
                            || form
                                .split_once(' ')
                                .is_some_and(|(first, _)| r.g.aux.contains(first))
                    }
                };
                // "de" also opens infinitives ("avant de souligner")
                !r.g.articles.contains(&prev) || clitic || prev == "de" || prev == "d'"
            })
            .filter(|h| {
                // a form that is a noun as well is one after a number, a quantifier, a
                // preposition or a possessive ("Twenty-seven states", "many claims", "including
                // states", "Trump's remarks")
                !h.noun || {
                    let prev = prev_word(text, h.span.start);
                    !(prev.starts_with(|c: char| c.is_ascii_digit())
                        || r.g.quantifiers.contains(prev.as_ref())
                        || r.g.noun_after.contains(prev.as_ref())
                        || prev.ends_with("'s")
                        || prev.ends_with("s'"))
                }
            })
            .filter(|h| {
                // a capitalised form inside a sentence is a name ("United States")
                let initial = || {
                    text[sentence_start(h.span.start)..h.span.start]
                        .chars()
                        .all(|c| !c.is_alphanumeric())
                };
                !text[h.span].starts_with(char::is_uppercase) || initial()
            })
            .filter(|h| {
                // "Pour X, ..." attributes only at the head of a sentence
                let cue = &r.cues[h.cue];
                // "X pour qui, ..." speaks through the relative
                let relative = || {
                    text.get(h.span.end..)
                        .map(first_word_normalized)
                        .is_some_and(|w| r.g.relative.contains(w.as_str()))
                };
                !(cue.prep && cue.weak)
                    || relative()
                    || toks
                        .get(text, Span::new(sentence_start(h.span.start), h.span.start))
                        .iter()
                        .all(|t| {
                            !t.word || r.g.skip.contains(t.norm()) || r.g.is_coordinator(t.norm())
                        })
            })
            .collect();
        let inner = Reach::new(marks.iter().map(|m| (m.inner.start, m.inner.end)).collect());
        let mut free = Vec::with_capacity(hits.len());
        free.extend(
            hits.iter()
                .filter(|h| !in_reach(&inner, h.span.start))
                .cloned(),
        );
        let mut para_starts: Vec<usize> = doc.paragraphs.iter().map(|p| p.start).collect();
        para_starts.sort_unstable();
        let mentions = doc.mention_index();
        let mut ctx = Ctx {
            text,
            r,
            hits,
            relays,
            marks,
            sents,
            names: Vec::new(),
            name_words: Vec::new(),
            toks,
            inner,
            free,
            para_starts,
            mentions,
            name_index: NameIndex::default(),
            speakers: RefCell::default(),
        };
        // (room for a typical article's names, about one per 60 bytes)
        let mut names = Vec::with_capacity(text.len() / 32);
        let mut name_words: Vec<Cow<'a, str>> = Vec::with_capacity(text.len() / 16);
        for p in paragraphs {
            let toks = ctx.toks(*p);
            let mut i = 0;
            while i < toks.len() {
                // (a run starts with a capitalised word: a title, "Le"/"The", or a name)
                if !toks[i].cap {
                    i += 1;
                    continue;
                }
                if let Some((s, e, g, first_word)) = ctx.name_run(&toks, i) {
                    let from = name_words.len();
                    name_words.extend(toks[first_word..e].iter().map(Tok::norm_cow));
                    names.push(NameRun {
                        span: Span::new(toks[s].span.start, toks[e - 1].span.end),
                        words: (from, name_words.len()),
                        gender: g,
                    });
                    i = e;
                } else {
                    i += 1;
                }
            }
        }
        ctx.name_index = NameIndex::new(&names, &name_words);
        ctx.names = names;
        ctx.name_words = name_words;
        ctx
    }

    /// The last name run of two words or more that ends by `pos`, outside quotation marks,
    /// and whose gender fits.
    fn last_long_name_before(&self, pos: usize, gender: Option<Gender>) -> Option<&NameRun> {
        let fits = |n: &NameRun| n.gender.is_none() || gender.is_none() || n.gender == gender;
        if !self.name_index.sorted {
            return self.names.iter().rev().find(|n| {
                n.span.end <= pos && n.n_words() >= 2 && fits(n) && !self.in_mark(n.span.start)
            });
        }
        let list = match gender {
            None => &self.name_index.long_any,
            Some(Gender::M) => &self.name_index.long_m,
            Some(Gender::F) => &self.name_index.long_f,
        };
        let k = list.partition_point(|&i| self.names[i].span.end <= pos);
        // (a name inside quotation marks is one the quoted words mention, not a speaker:
        // "« Here comes Big Daddy », she said")
        let n = list[..k]
            .iter()
            .rev()
            .map(|&i| &self.names[i])
            .find(|n| !self.in_mark(n.span.start))?;
        debug_assert!(fits(n));
        Some(n)
    }

    /// The words of a name run.
    fn words_of(&self, n: &NameRun) -> &[Cow<'a, str>] {
        self.name_words.get(n.words.0..n.words.1).unwrap_or(&[])
    }

    /// The last name run inside `span`.
    fn last_name_inside(&self, span: Span) -> Option<&NameRun> {
        if !self.name_index.sorted {
            return self
                .names
                .iter()
                .rev()
                .find(|n| span.start <= n.span.start && n.span.end <= span.end);
        }
        let k = self.names.partition_point(|n| n.span.end <= span.end);
        let n = self.names.get(k.checked_sub(1)?)?;
        (span.start <= n.span.start).then_some(n)
    }

    /// Does `span` name a news medium (an entity coded as one: "Reuters", "Xinhua")?
    pub(crate) fn medium_at(&self, span: Span) -> bool {
        self.mentions
            .entity_at(span)
            .and_then(|e| e.actor.as_deref())
            .is_some_and(|a| a.ends_with("MED"))
    }

    pub(crate) fn in_mark(&self, pos: usize) -> bool {
        in_reach(&self.inner, pos)
    }

    pub(crate) fn sentence_of(&self, pos: usize) -> Option<Span> {
        let i = self.sents.partition_point(|s| s.end <= pos);
        self.sents.get(i).copied().filter(|s| s.start <= pos)
    }

    /// The tokens of `span` (what [`scan::tokenize`] gives, mostly borrowed).
    pub(crate) fn toks(&self, span: Span) -> std::borrow::Cow<'_, [Tok<'a>]> {
        self.toks.get(self.text, span)
    }

    /// Cue hits inside `span`, outside quoted text.
    pub(crate) fn hits_in(&self, span: Span) -> &[CueHit] {
        let lo = self.free.partition_point(|h| h.span.start < span.start);
        let hi = self.free.partition_point(|h| h.span.end <= span.end);
        self.free.get(lo..hi).unwrap_or(&[])
    }

    /// Is there a cue hit (quoted or not) starting at `pos`?
    pub(crate) fn hit_at(&self, pos: usize) -> bool {
        let i = self.hits.partition_point(|h| h.span.start < pos);
        self.hits.get(i).is_some_and(|h| h.span.start == pos)
    }

    /// Is there a relay intro starting at `pos`?
    pub(crate) fn relay_at(&self, pos: usize) -> bool {
        let i = self.relays.partition_point(|r| r.span.start < pos);
        self.relays.get(i).is_some_and(|r| r.span.start == pos)
    }

    /// A proper-name run starting at token `i`: (start, end, gender from title, first word
    /// after the titles). Titles ("M.", "Mme", "Dr") are included in the span only if a name
    /// follows.
    fn name_run(&self, toks: &[Tok], i: usize) -> Option<(usize, usize, Option<Gender>, usize)> {
        let g = &self.r.g;
        let mut j = i;
        let mut gender = None;
        while j < toks.len() && toks[j].word && toks[j].cap && g.is_title(toks[j].norm()) {
            if g.titles_m.contains(toks[j].norm()) {
                gender = Some(Gender::M);
            } else if g.titles_f.contains(toks[j].norm()) {
                gender = Some(Gender::F);
            }
            j += 1;
        }
        let titled = j > i;
        let is_name_word =
            |t: &Tok| t.word && t.cap && !g.name_stop.contains(t.norm()) && !g.is_title(t.norm());
        // "while The Standard said", "selon Le Monde": a capitalised article inside a
        // sentence belongs to the name
        let article_lead = !titled
            && toks
                .get(i)
                .is_some_and(|t| t.cap && matches!(t.norm(), "the" | "le" | "la" | "les"))
            && toks.get(i + 1).is_some_and(is_name_word)
            && self.mid_sentence(toks[i].span.start);
        let start_name = if article_lead { i + 1 } else { j };
        if !(start_name < toks.len()
            && (is_name_word(&toks[start_name])
                || (titled && toks[start_name].word && toks[start_name].cap)))
        {
            return None;
        }
        let mut k = start_name + 1;
        loop {
            if k < toks.len()
                && toks[k].word
                && toks[k].cap
                && !g.is_title(toks[k].norm())
                && !g.name_stop.contains(toks[k].norm())
            {
                k += 1;
                continue;
            }
            // a particle between two name words ("De Bock", "Spéléo secours de l'Isère" no)
            if k + 1 < toks.len()
                && toks[k].word
                && g.particles.contains(toks[k].norm())
                && !(toks[k].cap && g.name_stop.contains(toks[k].norm()))
                && toks[k + 1].word
                && toks[k + 1].cap
                && !g.name_stop.contains(toks[k + 1].norm())
                && toks[k].span.start == toks[k - 1].span.end + 1
            {
                k += 2;
                continue;
            }
            break;
        }
        let s = if titled || article_lead {
            i
        } else {
            start_name
        };
        Some((s, k, gender, start_name))
    }

    /// The noun phrase that ends `toks` (the words before ", qui"): back to the article that
    /// opens it, over complements ("la ministre de la Santé", "le président de séance"), not
    /// past a verb, an auxiliary, a preposition or a conjunction ("adopté par le président");
    /// leading words before a name or an article that are no part of it ("rencontré Jean
    /// Dupont") are left out. All of `toks` when no phrase is found.
    ///
    /// Before a comma (a relative clause that does not restrict: "women who said" is about
    /// the women), a phrase of common nouns after a preposition is the complement of a name
    /// before it ("Santilli on camera, who", "Dupont devant les caméras, qui"): the phrase is
    /// then the one that ends at that name, over one lower-case word at most.
    fn antecedent_phrase<'x>(&self, toks: &'x [Tok<'x>], comma: bool) -> &'x [Tok<'x>] {
        let g = &self.r.g;
        let phrase = self.phrase_before(toks);
        if !comma {
            return phrase;
        }
        let s = toks.len() - phrase.len();
        let cut_by_prep = |k: usize| {
            let n = toks[k].norm();
            (g.preps.contains(n) || g.np_cut.contains(n)) && !g.np_links.contains(n)
        };
        if s > 1 && cut_by_prep(s - 1) && !phrase.iter().any(|t| t.cap) {
            let plain = |t: &Tok| {
                let n = t.norm();
                t.word
                    && !t.cap
                    && !(g.articles.contains(n)
                        || g.aux.contains(n)
                        || g.preps.contains(n)
                        || g.np_cut.contains(n)
                        || g.np_links.contains(n)
                        || g.is_coordinator(n)
                        || self.hit_at(t.span.start))
            };
            let mut k = s - 1;
            if k > 1 && plain(&toks[k - 1]) {
                k -= 1;
            }
            if toks[k - 1].word && toks[k - 1].cap {
                return self.phrase_before(&toks[..k]);
            }
        }
        phrase
    }

    /// The noun phrase that ends `toks`, as [`Ctx::antecedent_phrase`] reads it before it
    /// looks past a preposition.
    fn phrase_before<'x>(&self, toks: &'x [Tok<'x>]) -> &'x [Tok<'x>] {
        let g = &self.r.g;
        // how many words before `toks[k]` join what follows it to the phrase: a link ("de"),
        // or an adjective and its preposition ("familiar with"); 0 when none
        let link = |k: usize| {
            let n = toks[k].norm();
            if g.np_links.contains(n) {
                1
            } else if k > 0
                && (g.preps.contains(n) || g.np_cut.contains(n))
                && g.np_adjectives.contains(toks[k - 1].norm())
            {
                2
            } else {
                0
            }
        };
        let linked = |k: usize| k > 0 && link(k - 1) > 0;
        let mut s = toks.len();
        while s > 0 {
            let t = &toks[s - 1];
            let n = t.norm();
            if s < toks.len() && link(s - 1) > 0 {
                s -= link(s - 1);
                continue;
            }
            if g.articles.contains(n) {
                // "la" of "de la Santé" is inside the phrase; an article after no link opens it
                s -= 1;
                if linked(s) {
                    continue;
                }
                break;
            }
            if !t.word
                || g.aux.contains(n)
                || g.preps.contains(n)
                || g.np_cut.contains(n)
                || g.is_coordinator(n)
            {
                break;
            }
            s -= 1;
        }
        // lower-case words before the phrase's first name or article, none of them a link,
        // are a verb's ("rencontré Jean Dupont"); "73 percent of Democrats" stays whole
        let phrase = &toks[s..];
        let opens = |t: &Tok| t.cap || g.articles.contains(t.norm());
        let phrase = match phrase.iter().position(opens) {
            Some(k) if !(s..s + k).any(|j| link(j) > 0) => &phrase[k..],
            _ => phrase,
        };
        if phrase.is_empty() {
            toks
        } else {
            phrase
        }
    }

    /// Is the name starting at `toks[i]` a complement ("de Lyon", "de la Santé", "of the
    /// Treasury")?
    fn complement_at(&self, toks: &[Tok], i: usize) -> bool {
        let g = &self.r.g;
        let before = |k: usize| i.checked_sub(k).map(|j| toks[j].norm());
        before(1).is_some_and(|w| g.np_links.contains(w))
            || (before(1).is_some_and(|w| g.articles.contains(w))
                && before(2).is_some_and(|w| g.np_links.contains(w)))
    }

    /// The subject that opens a sentence, from `toks` (the sentence up to a participle or a
    /// coordinated cue): the words before its first verb, an auxiliary (not an article) or a
    /// simple past not right after an article ("La Russie a nié ...", "Sergei Shoigu rejected
    /// ...", "The armed forces denied ..."), within the first clause and eight words. With
    /// `verb`, only where that verb is found ("For months, ..." opens with no subject), and
    /// after the comma of an opening adjunct or subordinate clause; without, the first clause
    /// serves when no verb is found in it.
    fn opening_subject(&self, toks: &[Tok], verb: bool) -> Option<Src> {
        let g = &self.r.g;
        // a sentence that opens with an adjunct or a subordinate clause ("After he was
        // detained, his newspaper published ...", "Following the apology, the paper issued
        // ..."): the subject follows its comma
        let toks = match toks.first() {
            Some(t)
                if verb
                    && (g.openers.contains(t.norm())
                        || g.np_cut.contains(t.norm())
                        || g.present_participle(t.norm())) =>
            {
                let comma = toks.iter().position(|t| t.norm() == ",")?;
                &toks[comma + 1..]
            }
            _ => toks,
        };
        if verb && toks.first().is_some_and(|t| g.preps.contains(t.norm())) {
            return None;
        }
        let k = toks
            .iter()
            .position(|t| !t.word && t.norm() != "-" && t.norm() != "'")
            .unwrap_or(toks.len());
        let first_verb = toks
            .iter()
            .enumerate()
            .position(|(i, t)| {
                let w = t.norm();
                // (the auxiliaries hold object clitics, "le", "la", that are articles too)
                i > 0
                    && ((g.aux.contains(w) && !g.articles.contains(w))
                        || (!t.cap && g.simple_past(w) && !g.articles.contains(toks[i - 1].norm())))
            })
            .filter(|&v| v < k);
        let first_verb = match first_verb {
            Some(v) => v,
            None if !verb => k,
            None => return None,
        };
        if first_verb > 0 && first_verb <= 8 {
            return self.pick(&toks[..first_verb]);
        }
        None
    }

    /// The speaker inside a noun-phrase region: the last proper name with no preposition before
    /// it, the agent of a passive ("publié par X"), else the description.
    fn pick(&self, toks: &[Tok]) -> Option<Src> {
        let g = &self.r.g;
        // cut at np_cut words and punctuation after the first token
        let mut end = toks.len();
        for (k, t) in toks.iter().enumerate() {
            let coord_verb = g.is_coordinator(t.norm())
                && toks
                    .get(k + 1)
                    .is_some_and(|n| g.aux.contains(n.norm()) || self.hit_at(n.span.start));
            if k > 0
                && (!t.word && t.norm() != "-" && t.norm() != "&"
                    || g.np_cut.contains(t.norm())
                    || coord_verb)
            {
                end = k;
                break;
            }
        }
        let toks = &toks[..end];
        // trim leading skip words and conjunctions ("Mais le bleu ...", "Though media
        // reports"; a capitalised skip word before a name may be the name's), and the
        // conjunction that opens a sentence with a subordinate clause ("Lorsque le maire") or
        // an attribution frame ("As the paper noted")
        let mut s = 0;
        while s < toks.len() && {
            let (t, n) = (&toks[s], toks[s].norm());
            let name_next = toks.get(s + 1).is_some_and(|x| x.cap);
            // (mid-sentence, before a noun phrase: "when a young boy shouted", "while the
            // bank said"; not before a pronoun, whose antecedent is the subordinate clause's)
            let np_next = toks
                .get(s + 1)
                .is_some_and(|x| x.cap || g.articles.contains(x.norm()));
            let opener = g.openers.contains(n) || g.frames.contains(n);
            let link = g.clause_links.iter().any(|l| l.len() == 1 && l[0] == n);
            g.is_coordinator(n)
                || (g.skip.contains(n) && !(t.cap && name_next))
                || (opener && t.cap)
                || ((opener || link) && np_next)
        } {
            s += 1;
        }
        let toks = &toks[s..];
        // trim trailing skip words and articles
        let mut e = toks.len();
        while e > 0
            && (g.skip.contains(toks[e - 1].norm())
                || g.articles.contains(toks[e - 1].norm())
                || g.preps.contains(toks[e - 1].norm()))
        {
            e -= 1;
        }
        let toks = &toks[..e];
        if toks.is_empty() {
            return None;
        }
        if g.is_pronoun(toks[0].norm()) && (toks.len() == 1 || !toks[1].cap) {
            return Some(self.pronoun_src(&toks[0]));
        }
        let mut best: Option<(usize, usize, Option<Gender>)> = None;
        let mut prep_seen = false;
        let mut agent: Option<(usize, usize, Option<Gender>)> = None;
        let mut i = 0;
        while i < toks.len() {
            if let Some((a, b, gen, _)) = self.name_run(toks, i) {
                let prev = if a > 0 {
                    Some(toks[a - 1].norm())
                } else {
                    None
                };
                if !prep_seen {
                    best = Some((a, b, gen));
                } else if matches!(prev, Some("par") | Some("by")) {
                    agent = Some((a, b, gen));
                }
                i = b;
                continue;
            }
            if g.preps.contains(toks[i].norm()) {
                prep_seen = true;
            }
            i += 1;
        }
        if let Some((a, b, gen)) = best.or(agent) {
            // an organisation named by a capitalised head followed by lower-case words
            // ("Spéléo secours de l'Isère") keeps the whole phrase
            let lead_article = a == 1 && g.articles.contains(toks[0].norm());
            let whole = (a == 0 || lead_article)
                && b < toks.len()
                && gen.is_none()
                && !toks[b].cap
                && !toks[b..].iter().any(|t| !t.word);
            if whole {
                return Some(Src {
                    span: Span::new(toks[0].span.start, toks[toks.len() - 1].span.end),
                    kind: SrcKind::Desc,
                    gender: None,
                    plural: false,
                });
            }
            return Some(Src {
                span: Span::new(toks[a].span.start, toks[b - 1].span.end),
                kind: SrcKind::Name,
                gender: gen,
                plural: false,
            });
        }
        Some(Src {
            span: Span::new(toks[0].span.start, toks[toks.len() - 1].span.end),
            kind: SrcKind::Desc,
            gender: None,
            plural: false,
        })
    }

    fn pronoun_src(&self, t: &Tok) -> Src {
        let g = &self.r.g;
        Src {
            span: t.span,
            kind: SrcKind::Pronoun,
            gender: if g.pron_m.contains(t.norm()) {
                Some(Gender::M)
            } else if g.pron_f.contains(t.norm()) {
                Some(Gender::F)
            } else {
                None
            },
            plural: g.pron_pl.contains(t.norm()),
        }
    }

    /// The speaker of a cue hit in sentence `sent` (each asked once per document).
    pub(crate) fn speaker_of(&self, hit: &CueHit, sent: Span, depth: u8) -> Option<Src> {
        let key = (hit.span, hit.cue, hit.pron, hit.agent, sent, depth);
        if let Some(src) = self.speakers.borrow().get(&key) {
            return src.clone();
        }
        let src = self.find_speaker(hit, sent, depth);
        self.speakers.borrow_mut().insert(key, src.clone());
        src
    }

    /// [`Ctx::speaker_of`], uncached.
    fn find_speaker(&self, hit: &CueHit, sent: Span, depth: u8) -> Option<Src> {
        let src = self.speaker_of_inner(hit, sent, depth)?;
        if src.kind == SrcKind::Pronoun
            && self
                .r
                .g
                .pron_any
                .contains(&self.text[src.span].to_lowercase())
        {
            // "A l'ARS, on fait valoir que ...": the place of the impersonal subject speaks
            let toks = self.toks(Span::new(sent.start, src.span.start));
            if let Some(k) = toks
                .iter()
                .position(|t| matches!(t.norm(), "à" | "a" | "chez" | "at"))
            {
                let end = toks[k..]
                    .iter()
                    .position(|t| matches!(t.norm(), "," | "comme"))
                    .map_or(toks.len(), |p| k + p);
                if end > k + 1 && end <= k + 8 {
                    if let Some(s) = self.pick(&toks[k + 1..end]) {
                        return Some(s);
                    }
                }
            }
        }
        Some(src)
    }

    fn speaker_of_inner(&self, hit: &CueHit, sent: Span, depth: u8) -> Option<Src> {
        let cue = &self.r.cues[hit.cue];
        if let Some(at) = hit.agent {
            // "ont été avertis par le maire": the agent of the passive
            return self.np_after(at, sent, true);
        }
        if let Some(p) = hit.pron {
            let t = scan::tokenize(self.text, p);
            let mut src = t.first().map(|t| self.pronoun_src(t))?;
            src.span = p;
            if self.r.g.pron_any.contains(&self.text[p].to_lowercase()) {
                // "a-t-on appris auprès de X"
                return self.agent_after(hit, sent).or(Some(src));
            }
            return Some(src);
        }
        if cue.prep {
            let after = self.toks(Span::new(hit.span.end, sent.end));
            if after
                .first()
                .is_some_and(|t| self.r.g.relative.contains(t.norm()))
            {
                // "Gérald Kierzek pour qui ...": the antecedent, the last name before
                let before = self.toks(Span::new(sent.start, hit.span.start));
                let mut last = None;
                let mut i = 0;
                while i < before.len() {
                    let after_prep = i > 0 && self.r.g.preps.contains(before[i - 1].norm())
                        || i > 1
                            && before[i - 1].norm() == "l'"
                            && self.r.g.preps.contains(before[i - 2].norm());
                    if let Some((s, e, gen, _)) = self.name_run(&before, i).filter(|_| !after_prep)
                    {
                        last = Some(Src {
                            span: Span::new(before[s].span.start, before[e - 1].span.end),
                            kind: SrcKind::Name,
                            gender: gen,
                            plural: false,
                        });
                        i = e;
                    } else {
                        i += 1;
                    }
                }
                return last;
            }
            return self
                .np_after(hit.span.end, sent, true)
                .or_else(|| self.bare_np_after(hit, sent));
        }
        // a participle after a comma shares the subject of the clause before it:
        // "tempère-t-il, faisant valoir ...", "he said, adding that ..."
        let form = scan::normalized(&self.text[hit.span]);
        if self.r.g.present_participle(&form) && self.after_comma(hit.span.start) && depth < 3 {
            let prev = self
                .hits_in(Span::new(sent.start, hit.span.start))
                .iter()
                .rfind(|h| !self.r.cues[h.cue].prep)
                .cloned();
            if let Some(s) = prev.and_then(|p| self.speaker_of_inner(&p, sent, depth + 1)) {
                return Some(s);
            }
            // no cue before, or none with a speaker: "Sergei Shoigu rejected the report on
            // Friday, saying ..."
            let toks = self.toks(Span::new(sent.start, hit.span.start));
            if let Some(s) = self.opening_subject(&toks, true) {
                return Some(s);
            }
        }
        let toks = self.toks(Span::new(sent.start, hit.span.start));
        let g = &self.r.g;
        // strip auxiliaries and adverbs right before the cue
        let mut j = toks.len();
        while j > 0
            && toks[j - 1].word
            && (g.aux.contains(toks[j - 1].norm())
                || (g.skip.contains(toks[j - 1].norm()) && !toks[j - 1].cap))
        {
            j -= 1;
        }
        // coordination: "... et a souligné", ", avant de souligner", "and said"
        let tail: Vec<&str> = toks[..j].iter().rev().take(3).map(|t| t.norm()).collect();
        let coord = g
            .coordinator_words
            .iter()
            .find(|c| c.len() <= tail.len() && c.iter().rev().zip(&tail).all(|(a, b)| a == *b));
        if let Some(c) = coord {
            if depth < 3 {
                let n = c.len();
                let cut = toks[j - n].span.start;
                let prev = self
                    .hits_in(Span::new(sent.start, cut))
                    .iter()
                    .rfind(|h| !self.r.cues[h.cue].prep)
                    .cloned();
                if let Some(prev) = prev {
                    if let Some(s) = self.speaker_of_inner(&prev, sent, depth + 1) {
                        return Some(s);
                    }
                }
                // the subject opens the sentence: "La Russie nie ... et affirme"
                if let Some(s) = self.opening_subject(&toks[..j - n], false) {
                    return Some(s);
                }
            }
        }
        // relative pronoun: "X, qui a fait allusion" -> X
        if j > 0 && g.relative.contains(toks[j - 1].norm()) {
            let mut a = j - 1;
            let comma = a > 0 && toks[a - 1].norm() == ",";
            if comma {
                a -= 1;
            }
            let mut b = a;
            while b > 0
                && !(toks[b - 1].norm() == ","
                    || toks[b - 1].norm() == ":"
                    || is_quote_tok(&toks[b - 1]))
            {
                b -= 1;
            }
            // the antecedent: the noun phrase that ends at the pronoun; the name that ends it
            // unless a complement ("Sergueï Lavrov", not "Lyon" of "le maire de Lyon", nor
            // "Premier" of "le Premier ministre"), else the phrase
            let chunk = self.antecedent_phrase(&toks[b..a], comma);
            let mut last = None;
            let mut i = 0;
            while i < chunk.len() {
                if let Some((s, e, gen, _)) = self.name_run(chunk, i) {
                    if e < chunk.len() || self.complement_at(chunk, s) {
                        i = e;
                        continue;
                    }
                    last = Some(Src {
                        span: Span::new(chunk[s].span.start, chunk[e - 1].span.end),
                        kind: SrcKind::Name,
                        gender: gen,
                        plural: false,
                    });
                    i = e;
                } else {
                    i += 1;
                }
            }
            return last.or_else(|| self.pick(chunk));
        }
        // "L'armée congolaise (FARDC) a annoncé": the acronym in parentheses
        if j >= 3 && toks[j - 1].norm() == ")" && toks[j - 3].norm() == "(" && toks[j - 2].cap {
            return Some(Src {
                span: toks[j - 2].span,
                kind: SrcKind::Name,
                gender: None,
                plural: false,
            });
        }
        // preverbal subject, back to a boundary
        let mut b = j;
        while b > 0 {
            let t = &toks[b - 1];
            if !t.word
                && matches!(
                    t.norm(),
                    "," | ":" | ";" | "(" | ")" | "«" | "»" | "\"" | "“" | "”" | "—" | "–"
                )
            {
                break;
            }
            if g.subordinators.contains(t.norm()) || g.relative.contains(t.norm()) {
                break;
            }
            // "The crowd cheered when a young boy said": the subject is the subordinate
            // clause's
            if g.openers.contains(t.norm())
                && !t.cap
                && toks[..j].get(b).is_some_and(|x| {
                    x.cap || g.articles.contains(x.norm()) || g.is_pronoun(x.norm())
                })
            {
                break;
            }
            b -= 1;
        }
        // a region that opens with an auxiliary ("X, la candidate PS, a quant à elle rappelé")
        // or holds no word ("Mr Palmer, 59, said") has its subject further back; not an
        // adverb that opens the sentence before its subject ("Then Mr. Rubin told", "Later the
        // professor said")
        let subject_next = toks[..j]
            .get(b + 1)
            .is_some_and(|t| t.cap || g.articles.contains(t.norm()) || g.is_pronoun(t.norm()));
        let mut emptied = false;
        if b < j
            && ((g.aux.contains(toks[b].norm())
                && !g.articles.contains(toks[b].norm())
                && !(toks[b].cap && subject_next))
                || !toks[b..j]
                    .iter()
                    .any(|t| t.word && t.norm().chars().any(char::is_alphabetic)))
        {
            j = b;
            emptied = true;
        }
        // "comme l'écrit X", "as X said": the subject follows
        let inverted = b < j
            && toks[b..j]
                .iter()
                .all(|t| matches!(t.norm(), "comme" | "as" | "ainsi" | "l'"));
        if b < j && !inverted {
            let mut region = &toks[b..j];
            // ", while the central bank said": the link opens the clause, not the subject,
            // when a subject follows it (a name, a determiner, a pronoun; not "yet another",
            // "while trying")
            if let Some(l) = g.clause_links.iter().find(|l| {
                region.get(l.len()).is_some_and(|t| {
                    t.cap || g.articles.contains(t.norm()) || g.is_pronoun(t.norm())
                }) && scan::is_phrase(l, &region[..l.len()])
            }) {
                region = &region[l.len()..];
            }
            // the noun phrase opens the region; stop at the first auxiliary
            let stop = region
                .iter()
                .skip(1)
                .position(|t| g.aux.contains(t.norm()) && !g.articles.contains(t.norm()))
                .map_or(region.len(), |p| p + 1);
            let np = &region[..stop];
            if np.len() <= 12 {
                if let Some(s) = self.pick(np) {
                    return Some(s);
                }
            }
        }
        if emptied {
            if let Some(s) = self.apposition(&toks, b) {
                return Some(s);
            }
        }
        // "William Hague, a invité le président ...": a name right before the comma is the
        // subject, not what follows the cue
        if b == j {
            if let Some(s) = self.name_chunk_before(&toks, b) {
                return Some(s);
            }
        }
        // nothing before (or after a comma): the inverted subject after the cue ("told X"
        // names the addressee, never the speaker)
        // (nor does a present participle have one: ", saying the fire was contained")
        let addressee = self.r.lang == vigie_doc::Lang::En && self.r.cues[hit.cue].lemma == "tell";
        if !addressee && !self.r.g.present_participle(&form) {
            if let Some(s) = self.np_after(hit.span.end, sent, false) {
                return Some(s);
            }
        }
        if b == j || inverted {
            return self.apposition(&toks, b);
        }
        None
    }

    /// Apposition before the cue: "le colonel Olivier Hamuli, a déclaré que", "Vincent Roger,
    /// conseiller UMP de Paris, annonce que": of the comma-separated chunks before `b`, one
    /// that is just a name wins, else the nearest.
    fn apposition(&self, toks: &[Tok], b: usize) -> Option<Src> {
        if !(b > 0 && toks[b - 1].norm() == ",") {
            return None;
        }
        let mut chunks = Vec::new();
        let mut end = b - 1;
        while chunks.len() < 3 {
            let mut a = end;
            while a > 0
                && !matches!(
                    toks[a - 1].norm(),
                    "," | ":" | ";" | "«" | "»" | "\"" | "“" | "”" | "."
                )
            {
                a -= 1;
            }
            chunks.push((a, end));
            if a == 0 || toks[a - 1].norm() != "," {
                break;
            }
            end = a - 1;
        }
        chunks.retain(|&(a, e)| {
            toks[a..e]
                .iter()
                .any(|t| t.word && t.norm().chars().any(char::is_alphabetic))
        });
        chunks.retain(|&(a, _)| !self.r.g.relative.contains(toks[a].norm()));
        // a chunk that is a name, else one that ends with a name after a coordinator
        for coord in [false, true] {
            for &(a, e) in &chunks {
                if let Some(src) = self.name_only(&toks[a..e], coord) {
                    return Some(src);
                }
            }
        }
        if let Some(&(a, e)) = chunks.first() {
            if e - a <= 8 {
                return self.pick(&toks[a..e]);
            }
        }
        None
    }

    /// A chunk that is just a proper name, maybe after an article or a coordinator
    /// ("La Russie", "... et Bertrand Bissimwa").
    fn name_only(&self, chunk: &[Tok], after_coordinator: bool) -> Option<Src> {
        let g = &self.r.g;
        let from = if after_coordinator {
            chunk
                .iter()
                .rposition(|t| g.is_coordinator(t.norm()))
                .map_or(0, |k| k + 1)
        } else {
            0
        };
        let chunk = &chunk[from..];
        let lead = usize::from(chunk.first().is_some_and(|t| g.articles.contains(t.norm())));
        let (s, e, gen, _) = self.name_run(chunk, lead)?;
        (s == lead && e == chunk.len()).then(|| Src {
            span: Span::new(chunk[s].span.start, chunk[e - 1].span.end),
            kind: SrcKind::Name,
            gender: gen,
            plural: false,
        })
    }

    /// The chunk between the previous comma and the comma at `b - 1`, if it is a name.
    fn name_chunk_before(&self, toks: &[Tok], b: usize) -> Option<Src> {
        if !(b > 0 && toks[b - 1].norm() == ",") {
            return None;
        }
        let end = b - 1;
        let mut a = end;
        while a > 0
            && !matches!(
                toks[a - 1].norm(),
                "," | ":" | ";" | "«" | "»" | "\"" | "“" | "”" | "(" | ")"
            )
        {
            a -= 1;
        }
        // "Mr Palmer, 59, said": an age between commas, the name before it
        if !toks[a..end]
            .iter()
            .any(|t| t.word && t.norm().chars().any(char::is_alphabetic))
        {
            return self.apposition(toks, b);
        }
        // a whole clause before ("Le magasin a appelé la police, a indiqué ...") is not it
        if end - a > 5 {
            return None;
        }
        self.name_only(&toks[a..end], false)
    }

    /// The noun phrase right after `pos` in the sentence (inverted subject, "selon X").
    fn np_after(&self, pos: usize, sent: Span, prep: bool) -> Option<Src> {
        let toks = self.toks(Span::new(pos, sent.end));
        let g = &self.r.g;
        let mut i = 0;
        while i < toks.len()
            && toks[i].word
            && !toks[i].cap
            && (g.skip.contains(toks[i].norm()) && !g.articles.contains(toks[i].norm()))
        {
            i += 1;
        }
        // an addressee before the inverted subject: "déclarait à la presse Ethan Coen",
        // "a déclaré à Reuters le colonel Olivier Hamuli"
        if !prep
            && toks
                .get(i)
                .is_some_and(|t| matches!(t.norm(), "à" | "au" | "aux"))
        {
            let mut k = i + 1;
            if let Some((_, e, _, _)) = self.name_run(&toks, k) {
                k = e;
            } else {
                if toks.get(k).is_some_and(|t| g.articles.contains(t.norm())) {
                    k += 1;
                }
                if toks.get(k).is_some_and(|t| t.word && !t.cap) {
                    k += 1;
                }
            }
            if toks.get(k).is_some_and(|t| t.word) {
                i = k;
            }
        }
        let rest = &toks[i..];
        let first = rest.first()?;
        if !first.word {
            return None;
        }
        let name_soon = rest
            .iter()
            .take(5)
            .take_while(|t| t.word)
            .any(|t| t.cap && !g.name_stop.contains(t.norm()));
        let ok_start = first.cap
            || g.articles.contains(first.norm())
            || g.is_title(first.norm())
            || (prep && g.is_pronoun(first.norm()))
            || (self.r.lang == vigie_doc::Lang::En
                && g.is_pronoun(first.norm())
                && rest.get(1).is_none_or(|t| !t.word))
            || (name_soon && !g.preps.contains(first.norm()));
        if !ok_start || g.subordinators.contains(first.norm()) {
            return None;
        }
        // the phrase ends at punctuation or a relay intro
        let mut end = rest.len();
        for (k, t) in rest.iter().enumerate() {
            let relay_here = self.relay_at(t.span.start);
            if k > 0 && (!t.word && t.norm() != "-" && t.norm() != "&" || relay_here) {
                end = k;
                break;
            }
        }
        let np = &rest[..end];
        // "avait décidé le 10 juillet de": a date, not a subject
        if np.len() > 14
            || np
                .iter()
                .take(2)
                .any(|t| t.norm().starts_with(|c: char| c.is_ascii_digit()))
        {
            return None;
        }
        let src = self.pick(np)?;
        // description followed by an apposed name: "la porte-parole ..., Maria Zakharova,"
        if src.kind == SrcKind::Desc && rest.get(end).is_some_and(|t| t.norm() == ",") {
            let after = &rest[end + 1..];
            if let Some((s, e, gen, _)) = self.name_run(after, 0) {
                let closes = after
                    .get(e)
                    .is_none_or(|t| !t.word || g.np_cut.contains(t.norm()));
                if closes {
                    return Some(Src {
                        span: Span::new(after[s].span.start, after[e - 1].span.end),
                        kind: SrcKind::Name,
                        gender: gen,
                        plural: false,
                    });
                }
            }
        }
        Some(src)
    }

    /// "qualifié de « terroriste » par l'Etat hébreu": the agent right after the quote, when
    /// the cue is a bare participle or a preposition (not "s'est dite « inquiète » par la
    /// situation").
    fn passive_agent(&self, hit: &CueHit, close: usize, sent: Span) -> Option<Src> {
        if !self.r.cues[hit.cue].prep
            && !self
                .r
                .g
                .passive
                .participle(&scan::normalized(&self.text[hit.span]))
        {
            return None;
        }
        let toks = self.toks(Span::new(close.min(sent.end), sent.end));
        if !toks
            .first()
            .is_some_and(|t| t.norm() == "par" || t.norm() == "by")
        {
            return None;
        }
        self.np_after(toks[0].span.end, sent, true)
    }

    /// The source of a prep cue as a bare noun phrase ("according to police", "according to
    /// federal data, ..."): one to five words, none of them a function word, a first or second
    /// person word or one of `not_sources` (a coordinator only between two), up to a comma or
    /// the end of the sentence. Only where the cue attributes a whole clause: at the head of
    /// the sentence or after a comma ("..., according to officials."), not inside one
    /// ("went according to plan", "vary according to size").
    pub(crate) fn bare_np_after(&self, hit: &CueHit, sent: Span) -> Option<Src> {
        let g = &self.r.g;
        let before = self.toks(Span::new(sent.start, hit.span.start));
        let head = before
            .iter()
            .all(|t| !t.word || g.skip.contains(t.norm()) || g.is_coordinator(t.norm()));
        if !head && !self.after_comma(hit.span.start) {
            return None;
        }
        let after = self.toks(Span::new(hit.span.end, sent.end));
        let end = after.iter().position(|t| !t.word).unwrap_or(after.len());
        let closes = after
            .get(end)
            .is_none_or(|t| matches!(t.norm(), "," | "." | ";" | "!" | "?"));
        let np = &after[..end];
        let function = |t: &Tok| {
            let w = t.norm();
            g.skip.contains(w)
                || g.preps.contains(w)
                || g.aux.contains(w)
                || g.subordinators.contains(w)
                || g.relative.contains(w)
                || g.np_cut.contains(w)
                || g.is_pronoun(w)
                || g.first_person.contains(w)
                || g.not_sources.contains(w)
                || w.starts_with(|c: char| c.is_ascii_digit())
        };
        // ("police and witnesses": a coordinator only between two words)
        let inner_coordinator =
            |k: usize| k > 0 && k + 1 < np.len() && g.is_coordinator(np[k].norm());
        if np.is_empty()
            || np.len() > 5
            || !closes
            || np
                .iter()
                .enumerate()
                .any(|(k, t)| function(t) || g.is_coordinator(t.norm()) && !inner_coordinator(k))
        {
            return None;
        }
        Some(Src {
            span: Span::new(np[0].span.start, np[np.len() - 1].span.end),
            kind: SrcKind::Desc,
            gender: None,
            plural: false,
        })
    }

    /// "a-t-on appris ... auprès du X": the source after an agent intro.
    fn agent_after(&self, hit: &CueHit, sent: Span) -> Option<Src> {
        let rest = self.text.get(hit.span.end..sent.end)?;
        let low = scan::normalized(rest);
        for a in &self.r.g.agents {
            if let Some(i) = low.find(a.as_str()) {
                let at = hit.span.end + i + a.len();
                if self.text.is_char_boundary(at) {
                    return self.np_after(at, sent, true);
                }
            }
        }
        None
    }

    /// Direct and partial quotes: every quoted span that someone is reported as saying.
    pub(crate) fn marked_quotes(&self) -> Vec<Found> {
        let mut out: Vec<Found> = Vec::new();
        // the last direct quote with a cue in `out`
        let mut last_direct: Option<usize> = None;
        for m in &self.marks {
            let Some(sent_open) = self.sentence_of(m.open) else {
                continue;
            };
            let sent_close = self
                .sentence_of(m.close.saturating_sub(1))
                .unwrap_or(sent_open);
            let before = self.toks(Span::new(sent_open.start, m.open));
            let after_span = Span::new(m.close.min(sent_close.end), sent_close.end);
            let g = &self.r.g;
            let before_words = before.iter().filter(|t| t.word).count();
            let last = before
                .iter()
                .rev()
                .find(|t| !matches!(t.norm(), "-" | "–" | "—"));
            let hits_before = self.hits_in(Span::new(sent_open.start, m.open));
            let hits_after = self.hits_in(after_span);
            let direct = before_words == 0
                || last.is_some_and(|t| t.norm() == ":")
                || (last.is_some_and(|t| t.norm() == ",")
                    && hits_before.last().is_some_and(|h| {
                        let between = self.toks(Span::new(h.span.end, m.open));
                        let max = if self.r.cues[h.cue].prep { 12 } else { 6 };
                        between.iter().filter(|t| t.word).count() <= max
                    }));
            // a capitalised title in marks names a work or a show, not words someone said
            // ("on \"Meet the Press\"", "his book \"Crippled America: How to Make America
            // Great Again\"")
            if !direct && title_case(&self.toks(m.inner)) {
                continue;
            }
            let mut attribution: Option<(&CueHit, Span)> = None;
            if direct {
                if before_words > 0 {
                    attribution = hits_before.last().map(|h| (h, sent_open));
                }
                if attribution.is_none() {
                    // "« ... », a déclaré X" / "\"...,\" X said" / "« ... », selon X"
                    let reach = |h: &CueHit, max: usize| {
                        let between = self.toks(Span::new(after_span.start, h.span.start));
                        let words = between.iter().filter(|t| t.word).count();
                        let blocked = between
                            .iter()
                            .any(|t| matches!(t.norm(), "." | ";" | "?" | "!" | "«" | "“" | "\""));
                        words <= max && !blocked
                    };
                    // the first cue in attribution position: an incise ("..., relève
                    // l'expert", "a-t-il dit"), or a short subject + cue ("the paper said"),
                    // not a participle clause ("les élections étant prévues")
                    let participle = |h: &CueHit| {
                        self.toks(Span::new(after_span.start, h.span.start))
                            .iter()
                            .any(|t| matches!(t.norm(), "étant" | "ayant" | "being" | "having"))
                    };
                    // the attribution follows a comma or the quote's own final punctuation;
                    // "« Inside Llewyn Davis » raconte ..." is a title as subject
                    let detached = self
                        .toks(after_span)
                        .first()
                        .is_none_or(|t| matches!(t.norm(), "," | "—" | "–" | "-" | ")"))
                        || self.text[m.inner]
                            .trim_end()
                            .ends_with(['.', '?', '!', '…', ','])
                        || self.text[m.inner.end..m.close.max(m.inner.end)]
                            .contains([',', '.', '?', '!', '…']);
                    // a name with an apposition between commas may be longer: "\"...,\"
                    // Leonard E. Burman, director of the X Center and a professor at Y, said"
                    let apposed = |h: &CueHit| {
                        let between = self.toks(Span::new(after_span.start, h.span.start));
                        let from = usize::from(between.first().is_some_and(|t| !t.word));
                        self.name_run(&between, from).is_some_and(|(_, e, _, _)| {
                            between.get(e).is_some_and(|t| t.norm() == ",")
                        }) && self.after_comma(h.span.start)
                    };
                    let chosen = hits_after.iter().find(|h| {
                        let incise = h.pron.is_some()
                            || self.after_comma(h.span.start)
                            || self.comma_subject_cue(h);
                        (reach(h, 14) || reach(h, 30) && apposed(h))
                            && (incise || (detached && reach(h, 8) && !participle(h)))
                    });
                    if let Some(h) = chosen {
                        attribution = Some((h, sent_close));
                    }
                }
            } else {
                // partial: the nearest cue of the narrator's sentence before it, else after it;
                // a weak cue only when there is no other
                let strong = |h: &&CueHit| !self.r.cues[h.cue].weak;
                attribution = hits_before
                    .iter()
                    .rev()
                    .find(strong)
                    .map(|h| (h, sent_open))
                    .or_else(|| hits_after.iter().find(strong).map(|h| (h, sent_close)))
                    .or_else(|| hits_before.last().map(|h| (h, sent_open)))
                    .or_else(|| hits_after.first().map(|h| (h, sent_close)));
                if attribution.is_none() {
                    continue;
                }
            }
            let (kind, conf) = if direct {
                (QuoteKind::Direct, 0.9)
            } else {
                (QuoteKind::Partial, 0.75)
            };
            let mut found = Found {
                kind,
                span: m.inner,
                text: None,
                speaker: None,
                cue: None,
                via: None,
                rule: String::new(),
                confidence: conf,
            };
            if let Some((h, sent)) = attribution {
                let cue = &self.r.cues[h.cue];
                // a weak verb alone makes a quote only of a fragment longer than a term
                if !direct
                    && cue.weak
                    && !cue.prep
                    && self.hits_in(sent).len() == 1
                    && self.toks(m.inner).iter().filter(|t| t.word).count() < 3
                {
                    continue;
                }
                found.speaker = self
                    .passive_agent(h, m.close, sent_close)
                    .or_else(|| self.speaker_of(h, sent, 0));
                found.cue = Some((h.cue, h.span));
                found.rule = cue.rule.clone();
                found.via = relay::find(self, h, sent, m.inner);
            } else {
                // no cue: a continued statement of the previous speaker (within two paragraphs)
                let prev = last_direct.map(|i| &out[i]);
                let para_gap = prev
                    .map(|p| self.paragraph_gap(p.span.end, m.open))
                    .unwrap_or(usize::MAX);
                if let (Some(p), true) = (prev, para_gap <= 2) {
                    found.speaker = p.speaker.clone();
                    found.cue = p.cue;
                    found.via = None;
                    found.rule = format!("{}/quotes:continued", self.r.lang.code());
                    found.confidence = 0.6;
                } else {
                    let words = self.toks(m.inner).iter().filter(|t| t.word).count();
                    if words < 6 {
                        continue;
                    }
                    found.rule = format!("{}/quotes:unattributed", self.r.lang.code());
                    found.confidence = 0.4;
                }
            }
            let _ = g;
            if found.kind == QuoteKind::Direct && found.cue.is_some() {
                last_direct = Some(out.len());
            }
            out.push(found);
        }
        out
    }

    /// Is `pos` right after a comma (auxiliaries and adverbs aside): an incise position?
    pub(crate) fn after_comma(&self, pos: usize) -> bool {
        let Some(sent) = self.sentence_of(pos) else {
            return false;
        };
        let toks = self.toks(Span::new(sent.start, pos));
        let g = &self.r.g;
        let mut j = toks.len();
        while j > 0
            && toks[j - 1].word
            && (g.aux.contains(toks[j - 1].norm()) || g.skip.contains(toks[j - 1].norm()))
        {
            j -= 1;
        }
        j > 0 && matches!(toks[j - 1].norm(), "," | "»" | "”" | "\"")
    }

    /// Is `pos` inside a sentence (after a word or a comma), not at its head?
    fn mid_sentence(&self, pos: usize) -> bool {
        let before = self.text[..pos].trim_end_matches(crate::text::is_space);
        before.chars().next_back().is_some_and(|c| {
            !matches!(
                c,
                '.' | '!' | '?' | ':' | ';' | '\n' | '«' | '»' | '"' | '“' | '”' | '(' | '—' | '–'
            )
        })
    }

    /// ", he said." / ", the mayor said": a comma, a short subject, the cue.
    fn comma_subject_cue(&self, h: &CueHit) -> bool {
        let Some(sent) = self.sentence_of(h.span.start) else {
            return false;
        };
        if self.r.lang != vigie_doc::Lang::En {
            return false;
        }
        let toks = self.toks(Span::new(sent.start, h.span.start));
        let words = toks.iter().rev().take_while(|t| t.word).count();
        (1..=4).contains(&words) && toks.len() > words && toks[toks.len() - words - 1].norm() == ","
    }

    /// How many paragraph breaks lie between two offsets.
    pub(crate) fn paragraph_gap(&self, a: usize, b: usize) -> usize {
        let lo = self.para_starts.partition_point(|&s| s <= a);
        let hi = self.para_starts.partition_point(|&s| s <= b);
        hi.saturating_sub(lo)
    }

    /// Turns found quotes into the document layer: speaker names resolved (entity, fullest
    /// name in the article, pronoun antecedent, description), cue lemma and relay.
    pub(crate) fn resolve(&self, found: Vec<Found>) -> Vec<Quote> {
        let mut out = Vec::with_capacity(found.len());
        let mut history: Vec<Said> = Vec::new();
        for mut f in found {
            let mut speaker = None;
            let mut speaker_id = None;
            let mut speaker_span = None;
            if let Some(src) = f.speaker.clone() {
                speaker_span = Some(src.span);
                if let Some(e) = self.entity_for(&src) {
                    speaker = Some(e.name.clone());
                    speaker_id = Some(e.id);
                    let strength = if e.kind == EntityType::Person { 2 } else { 0 };
                    history.push(Said {
                        name: e.name.clone(),
                        gender: e.gender.or(src.gender),
                        id: Some(e.id),
                        strength,
                    });
                } else {
                    let anaphor = match src.kind {
                        SrcKind::Pronoun => {
                            Some((src.gender, src.plural, self.text[src.span].to_lowercase()))
                        }
                        SrcKind::Desc => self.demonstrative(src.span),
                        SrcKind::Name => None,
                    };
                    let relay_noun = (src.kind == SrcKind::Desc)
                        .then(|| self.relay_noun(src.span))
                        .flatten();
                    if let Some((gender, plural, word)) = anaphor {
                        if let Some(s) = antecedent(&history, gender, plural, &word, self.r) {
                            speaker_id = s.id;
                            let name = s.name.clone();
                            if let Some(h) = history.iter_mut().rev().find(|h| h.name == name) {
                                h.gender = h.gender.or(gender);
                            }
                            speaker = Some(name);
                        } else if !plural && !self.r.g.pron_any.contains(&word) {
                            if let Some(n) = self.last_long_name_before(src.span.start, gender) {
                                let name = self.text[self.name_core(n)].to_string();
                                history.push(Said {
                                    name: name.clone(),
                                    gender: n.gender.or(gender),
                                    id: None,
                                    strength: 2,
                                });
                                speaker = Some(name);
                            }
                        }
                    } else if let Some(via) = relay_noun {
                        // "précise le communiqué": the words of the last source, carried by it;
                        // "le communiqué de sa division Disney Junior": of the one it names
                        let named = self.last_name_inside(src.span);
                        if let Some(n) = named {
                            speaker = Some(self.text[self.name_core(n)].to_string());
                        } else if let Some(s) = history.last() {
                            speaker = Some(s.name.clone());
                            speaker_id = s.id;
                        }
                        if f.via.is_none() {
                            f.via = Some((via, src.span));
                        }
                    } else {
                        match src.kind {
                            SrcKind::Name => {
                                let (name, gender, words) = self.canonical(&src);
                                let mut norm = String::new();
                                let org = name.split_whitespace().any(|w| {
                                    norm.clear();
                                    scan::push_norm(w, &mut norm);
                                    self.r.g.org_heads.contains(&norm)
                                });
                                let strength = if org {
                                    0
                                } else if words >= 2 || gender.is_some() {
                                    2
                                } else {
                                    1
                                };
                                history.push(Said {
                                    name: name.clone(),
                                    gender,
                                    id: None,
                                    strength,
                                });
                                speaker = Some(name);
                            }
                            _ => {
                                let d = self.description(src.span);
                                let (person, gender) = self.desc_person(src.span);
                                history.push(Said {
                                    name: d.clone(),
                                    gender,
                                    id: None,
                                    strength: if person { 1 } else { 0 },
                                });
                                speaker = Some(d);
                            }
                        }
                    }
                }
            }
            let (cue, cue_span) = match f.cue {
                Some((c, s)) => (Some(self.r.cues[c].lemma.clone()), Some(s)),
                None => (None, None),
            };
            let text = f.text.unwrap_or_else(|| self.text[f.span].to_string());
            out.push(Quote {
                kind: f.kind,
                text,
                span: f.span,
                speaker,
                speaker_id,
                speaker_span,
                cue,
                cue_span,
                via: f.via.as_ref().map(|v| v.0.clone()),
                via_span: f.via.as_ref().map(|v| v.1),
                rule: f.rule,
                confidence: f.confidence,
            });
        }
        out
    }

    /// The entity a speaker names: one whose mention holds the head of the speaker phrase
    /// (its first word after articles and titles), not one merely inside it ("un habitant de
    /// cette localité de l'Ouganda" is not Ouganda).
    fn entity_for(&self, src: &Src) -> Option<&vigie_doc::Entity> {
        // only proper names: pronouns go through the speakers' history (reported speech
        // continues the last speaker more often than the nearest entity), and descriptions
        // ("un porte-parole du Foreign Office") stay as written
        if src.kind != SrcKind::Name {
            return None;
        }
        let g = &self.r.g;
        let toks = self.toks(src.span);
        let head = toks
            .iter()
            .find(|t| t.word && !g.articles.contains(t.norm()) && !g.is_title(t.norm()))
            .map_or(src.span.start, |t| t.span.start);
        // a mention holding `head` starts after `head - max_len`; one inside the speaker
        // phrase starts in it (`head` lies in the phrase)
        let lo = head
            .saturating_sub(self.mentions.max_len())
            .min(src.span.start);
        let hi = head.max(src.span.end);
        self.mentions
            .starting_in(lo, hi)
            .filter(|(_, m)| {
                (m.start <= head && head < m.end)
                    || (src.span.start <= m.start
                        && m.end <= src.span.end
                        && m.len() * 10 >= src.span.len() * 6)
            })
            .min_by_key(|(_, m)| (m.len(), m.start))
            .map(|(e, _)| e)
            // the entity must share a word with the name as written (guards against a
            // mention merged into the wrong entity)
            .filter(|e| {
                let name = scan::normalized(&e.name);
                toks.iter()
                    .filter(|t| t.word && !g.is_title(t.norm()))
                    .any(|t| {
                        name.split(|c: char| !c.is_alphanumeric())
                            .any(|w| w == t.norm())
                    })
            })
    }

    /// "cet homme", "ce dernier", "this man": an anaphor, with the gender of its determiner.
    fn demonstrative(&self, span: Span) -> Option<(Option<Gender>, bool, String)> {
        let toks = self.toks(span);
        let first = toks.first()?;
        let gender = match first.norm() {
            "cet" | "ce" => Some(Gender::M),
            "cette" => Some(Gender::F),
            "ces" | "these" | "those" => return Some((None, true, first.norm().to_string())),
            "this" | "that" => None,
            _ => return None,
        };
        (toks.len() <= 3).then(|| (gender, false, first.norm().to_string()))
    }

    /// "le communiqué", "the statement": a relay noun standing as the subject.
    fn relay_noun(&self, span: Span) -> Option<String> {
        let toks = self.toks(span);
        let head = toks
            .iter()
            .find(|t| t.word && !self.r.g.articles.contains(t.norm()))?;
        self.r
            .relays
            .iter()
            .find(|r| r.via_norm.as_deref() == Some(head.norm()))
            .and_then(|r| r.via.clone())
    }

    /// The span of a name run without its titles.
    fn name_core(&self, n: &NameRun) -> Span {
        let toks = self.toks(n.span);
        let first = toks
            .iter()
            .position(|t| !self.r.g.is_title(t.norm()))
            .unwrap_or(0);
        Span::new(
            toks.get(first).map_or(n.span.start, |t| t.span.start),
            n.span.end,
        )
    }

    /// The fullest form of a name used in the article ("M. Sullivan" -> "Jake Sullivan").
    fn canonical(&self, src: &Src) -> (String, Option<Gender>, usize) {
        let toks = self.toks(src.span);
        let words: Vec<&str> = toks
            .iter()
            .filter(|t| t.word && !self.r.g.is_title(t.norm()))
            .map(|t| t.norm())
            .collect();
        let core_start = toks
            .iter()
            .find(|t| t.word && !self.r.g.is_title(t.norm()))
            .map_or(src.span.start, |t| t.span.start);
        let mut best: Option<&NameRun> = None;
        let mut gender = src.gender;
        // a titled name is a person: "Mr Chen" is "Chen Yongzhou" too (family name first)
        let titled = src.gender.is_some();
        if let Some(last) = words.last() {
            // only the runs holding every word qualify: look at the groups holding the last
            let ix = &self.name_index;
            let mut best_group: Option<(&[Cow<'a, str>], usize)> = None;
            let mut first_gendered: Option<usize> = None;
            for g in ix.groups_with(last) {
                let group = ix.groups[g];
                let nw = self.words_of(&self.names[group.0]);
                let same_last = nw.last().map(|w| w.as_ref()) == words.last().copied();
                if (same_last || (titled && nw.len() >= 2))
                    && words.iter().all(|w| nw.iter().any(|x| x == w))
                {
                    if let Some(i) = group.1 {
                        first_gendered = Some(first_gendered.map_or(i, |f| f.min(i)));
                    }
                    let better = best_group.is_none_or(|(bw, b)| {
                        nw.len() > bw.len() || (nw.len() == bw.len() && group.0 < b)
                    });
                    if better {
                        best_group = Some((nw, group.0));
                    }
                }
            }
            gender = gender.or(first_gendered.and_then(|i| self.names[i].gender));
            best = best_group.map(|(_, i)| &self.names[i]);
        } else {
            for n in &self.names {
                let nw = self.words_of(n);
                let same_last = nw.last().map(|w| w.as_ref()) == words.last().copied();
                if (same_last || (titled && nw.len() >= 2))
                    && words.iter().all(|w| nw.iter().any(|x| x == w))
                {
                    gender = gender.or(n.gender);
                    if best.is_none_or(|b| n.n_words() > b.n_words()) {
                        best = Some(n);
                    }
                }
            }
        }
        match best {
            Some(b) if b.n_words() > words.len() => (
                self.text[self.name_core(b)].to_string(),
                gender,
                b.n_words(),
            ),
            _ => (
                self.text[Span::new(core_start, src.span.end)].to_string(),
                gender,
                words.len(),
            ),
        }
    }

    /// Does a description name a person ("une porte-parole", "un habitant"), and its gender
    /// by its article? Institutions ("le gouvernement") are not persons.
    fn desc_person(&self, span: Span) -> (bool, Option<Gender>) {
        let toks = self.toks(span);
        let g = &self.r.g;
        let head = toks
            .iter()
            .find(|t| t.word && !g.articles.contains(t.norm()));
        let org = head.is_none_or(|h| g.org_heads.contains(h.norm()) || h.cap);
        let gender = match toks.first().map(|t| t.norm()) {
            Some("une") | Some("la") | Some("cette") => Some(Gender::F),
            Some("un") | Some("le") | Some("ce") | Some("cet") => Some(Gender::M),
            _ => None,
        };
        (!org, gender)
    }

    /// An unnamed source as written; an institution or a name loses its definite article
    /// ("le gouvernement russe" -> "gouvernement russe", "la Russie" -> "Russie").
    fn description(&self, span: Span) -> String {
        let toks = self.toks(span);
        let g = &self.r.g;
        if toks.len() >= 2 && g.strip_articles.contains(toks[0].norm()) {
            let head = &toks[1];
            if head.cap || g.org_heads.contains(head.norm()) {
                return self.text[Span::new(head.span.start, span.end)].to_string();
            }
        }
        self.text[span].to_string()
    }
}

/// The first word of `rest` (after spaces) normalised: what
/// `normalize(rest).trim_start().split(|c| !c.is_alphanumeric()).next()` gives, reading only
/// as far as that word.
fn first_word_normalized(rest: &str) -> String {
    // (the first word of a normalised text)
    let first = |norm: &str| {
        norm.trim_start()
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_string()
    };
    // the spaces, the alphanumeric run and the char after it
    let lead = rest.len() - rest.trim_start_matches(crate::text::is_space).len();
    let word = rest[lead..]
        .find(|c: char| !c.is_alphanumeric())
        .map_or(rest.len(), |i| lead + i);
    let end = rest[word..]
        .chars()
        .next()
        .map_or(rest.len(), |c| word + c.len_utf8());
    // the prefix's normalised word is the whole text's when it ends before the prefix does
    // (its last char normalised to a non-alphanumeric) or when the prefix is all the text
    let prefix_norm = scan::normalized(&rest[..end]);
    let closed = end == rest.len()
        || prefix_norm
            .trim_start()
            .chars()
            .any(|c| !c.is_alphanumeric());
    if closed {
        first(&prefix_norm)
    } else {
        first(&scan::normalized(rest))
    }
}

/// Does an interval of `r` hold `pos` (start <= pos < end)?
fn in_reach(r: &Reach, pos: usize) -> bool {
    r.max_end_by(pos).is_some_and(|e| pos < e)
}

/// The word before `pos`, lower-cased (apostrophes as ').
fn prev_word(text: &str, pos: usize) -> std::borrow::Cow<'_, str> {
    // `pos` may fall inside a char ("comme l'" looks two bytes back, before a wide space)
    let Some(before) = text.get(..pos) else {
        return "".into();
    };
    let trimmed = before.trim_end_matches(|c: char| crate::text::is_space(c));
    scan::normalized(&trimmed[word_start(text, pos)..])
}

/// Where the word before `pos` starts (as [`prev_word`] finds it).
fn word_start(text: &str, pos: usize) -> usize {
    let Some(before) = text.get(..pos) else {
        return 0;
    };
    let trimmed = before.trim_end_matches(|c: char| crate::text::is_space(c));
    trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || crate::text::is_apostrophe(*c)))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

fn is_quote_tok(t: &Tok) -> bool {
    matches!(t.norm(), "«" | "»" | "\"" | "“" | "”")
}
