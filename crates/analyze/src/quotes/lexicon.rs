//! The quote stage's lexicons, loaded and compiled once: speech cues (every form into one
//! Aho-Corasick automaton), relay intros (a second automaton) and word classes.

use std::collections::HashSet;

use super::dfa::FastAc;
use serde::Deserialize;
use vigie_doc::{Lang, Span};
use vigie_lexicon::{Error, Errors, Lexicons};

use super::scan::{boundary_after, boundary_before, Norm};
pub(crate) use crate::hash::FxBuild;

#[derive(Deserialize)]
struct CueFile {
    #[allow(dead_code)]
    version: String,
    cue: Vec<CueEntry>,
}

#[derive(Deserialize)]
struct CueEntry {
    lemma: String,
    kind: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    weak: bool,
    forms: Vec<String>,
    /// The forms that are nouns as well ("states", "claims").
    #[serde(default)]
    nouns: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    not: Vec<String>,
}

#[derive(Deserialize)]
struct RelayFile {
    #[allow(dead_code)]
    version: String,
    relay: Vec<RelayEntry>,
}

#[derive(Deserialize)]
struct RelayEntry {
    name: String,
    intro: Vec<String>,
    take: String,
    #[serde(default)]
    via: Option<String>,
    #[serde(default)]
    examples: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
struct GrammarFile {
    #[allow(dead_code)]
    version: String,
    pronouns_m: Vec<String>,
    pronouns_f: Vec<String>,
    pronouns_pl: Vec<String>,
    pronouns_any: Vec<String>,
    titles_m: Vec<String>,
    titles_f: Vec<String>,
    titles: Vec<String>,
    articles: Vec<String>,
    strip_articles: Vec<String>,
    org_heads: Vec<String>,
    name_particles: Vec<String>,
    name_stop: Vec<String>,
    prepositions: Vec<String>,
    skip: Vec<String>,
    aux: Vec<String>,
    subordinators: Vec<String>,
    relative: Vec<String>,
    coordinators: Vec<String>,
    agents: Vec<String>,
    np_cut: Vec<String>,
    #[serde(default)]
    np_links: Vec<String>,
    #[serde(default)]
    np_adjectives: Vec<String>,
    #[serde(default)]
    predicative: Vec<String>,
    #[serde(default)]
    predicative_not: Vec<String>,
    #[serde(default)]
    openers: Vec<String>,
    #[serde(default)]
    frames: Vec<String>,
    #[serde(default)]
    clause_links: Vec<String>,
    #[serde(default)]
    first_person: Vec<String>,
    #[serde(default)]
    continuers: Vec<String>,
    #[serde(default)]
    not_sources: Vec<String>,
    #[serde(default)]
    quantifiers: Vec<String>,
    #[serde(default)]
    noun_after: Vec<String>,
    #[serde(default)]
    negation: Vec<String>,
    #[serde(default)]
    object_clitics: Vec<String>,
    #[serde(default)]
    clitic_leads: Vec<String>,
    #[serde(default)]
    participle_endings: Vec<String>,
    #[serde(default)]
    past_endings: Vec<String>,
    #[serde(default)]
    participle_only_endings: Vec<String>,
    #[serde(default)]
    pasts: Vec<String>,
    #[serde(default)]
    interrogatives: Vec<String>,
    #[serde(default)]
    time_words: Vec<String>,
    #[serde(default)]
    adjunct_openers: Vec<String>,
    #[serde(default)]
    setting_openers: Vec<String>,
    #[serde(default)]
    subject_pronouns: Vec<String>,
    #[serde(default)]
    name_complements: Vec<String>,
    #[serde(default)]
    passive: PassiveFile,
}

/// `[passive]` of `quote-grammar.toml`.
#[derive(Deserialize, Default)]
struct PassiveFile {
    #[serde(default)]
    be: Vec<String>,
    #[serde(default)]
    between: Vec<String>,
    #[serde(default)]
    pronominal: Vec<String>,
    #[serde(default)]
    never: Vec<String>,
    #[serde(default)]
    agent: Vec<String>,
    #[serde(default)]
    drops: Vec<Vec<String>>,
    #[serde(default)]
    keeps: Vec<Vec<String>>,
}

fn set(v: Vec<String>) -> WordSet {
    WordSet(v.into_iter().collect())
}

/// What makes a cue's participle passive (see `[passive]` in `quote-grammar.toml`).
#[derive(Debug, Default)]
pub(crate) struct Passive {
    be: WordSet,
    between: WordSet,
    pronominal: WordSet,
    never: Vec<String>,
    agent: WordSet,
}

impl Passive {
    /// Whether the normalized cue form `form` may be a bare past participle: one word, without
    /// the auxiliary that compound forms hold ("a déclaré") and not a present participle.
    pub(crate) fn participle(&self, form: &str) -> bool {
        !form.contains([' ', '-']) && !self.never.iter().any(|e| form.ends_with(e.as_str()))
    }

    /// Whether the cue form `form` at `at` in the normalized text `s` is a participle after a
    /// form of "être"/"be" ("a été annoncé", "were not told"), not the active compound of a
    /// pronominal verb ("s'est dit", "se sont déclarés").
    fn before(&self, s: &str, at: usize, form: &str) -> bool {
        self.after_one_of(&self.be, s, at, form)
    }

    /// Whether the cue form `form` at `at` is a bare participle after one of `be`, with at
    /// most three `between` words after it ([`Passive::before`]; also the reduced passive
    /// after a frame word, "as reported by X", "comme rapporté par X").
    fn after_one_of(&self, be: &WordSet, s: &str, at: usize, form: &str) -> bool {
        if be.0.is_empty() || !self.participle(form) {
            return false;
        }
        let mut pos = at;
        // the participle, then at most three words between it and the auxiliary
        for _ in 0..4 {
            let (start, w) = word_before(s, pos);
            if w.is_empty() {
                return false;
            }
            // "n'était", "s'est", "we're": an elided word glued before the verb ("it's" is
            // listed whole: "'s" alone is as often "has" or a possessive)
            let ap = w.rfind('\'');
            let (clitic, verb) = match ap {
                Some(i) if i + 1 < w.len() => (&w[..=i], &w[i + 1..]),
                _ => ("", w),
            };
            let elided = ap.map_or("", |i| &w[i..]);
            if be.contains(verb) || be.contains(elided) || be.contains(w) {
                return !self.pronominal.contains(clitic)
                    && !self.pronominal.contains(word_before(s, start).1);
            }
            if !self.between.contains(w) {
                return false;
            }
            pos = start;
        }
        false
    }

    /// Where the agent's noun phrase starts when an agent word follows the participle ending
    /// at `end` ("avertis par X"), or follows a quotation right after it ("qualifié de
    /// « terroriste » par X").
    fn agent_after(&self, s: &str, end: usize) -> Option<usize> {
        let rest = s.get(end..)?;
        if let Some(at) = self.agent_word(rest) {
            return Some(end + at);
        }
        let (i, open) = rest
            .char_indices()
            .take_while(|&(i, c)| i < 40 && !matches!(c, '.' | ',' | ';' | ':' | '!' | '?'))
            .find(|&(_, c)| matches!(c, '«' | '“' | '„' | '"'))?;
        let close = super::marks::closer_for(open)?;
        let inner = i + open.len_utf8();
        let j = inner + rest[inner..].find(close)? + close.len_utf8();
        if j > 400 {
            return None;
        }
        self.agent_word(&rest[j..]).map(|at| end + j + at)
    }

    /// The end of the agent word ("par", "by") that opens `rest` past its spaces.
    fn agent_word(&self, rest: &str) -> Option<usize> {
        let lead = rest.len() - rest.trim_start_matches(' ').len();
        let word = rest[lead..]
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        (!word.is_empty() && self.agent.contains(word)).then_some(lead + word.len())
    }
}

/// The word that ends right before `pos` in the normalized text `s`, past spaces only, and
/// where it starts; "" when another char comes first.
fn word_before(s: &str, pos: usize) -> (usize, &str) {
    let head = s.get(..pos).unwrap_or("").trim_end_matches(' ');
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '\''))
        .map_or(0, |(i, c)| i + c.len_utf8());
    (start, &head[start..])
}

/// A set of words, looked up many times per document: a cheap hash (FxHash's) instead of
/// SipHash, which guards against flooding a server's map with chosen keys, not a need here.
#[derive(Debug, Default)]
pub(crate) struct WordSet(HashSet<String, FxBuild>);

impl WordSet {
    pub(crate) fn contains<S: AsRef<str> + ?Sized>(&self, w: &S) -> bool {
        self.0.contains(w.as_ref())
    }
}

/// Word classes (see `quote-grammar.toml`).
#[derive(Debug, Default)]
pub(crate) struct Grammar {
    pub(crate) pron_m: WordSet,
    pub(crate) pron_f: WordSet,
    pub(crate) pron_pl: WordSet,
    pub(crate) pron_any: WordSet,
    pub(crate) titles_m: WordSet,
    pub(crate) titles_f: WordSet,
    pub(crate) articles: WordSet,
    pub(crate) strip_articles: WordSet,
    pub(crate) org_heads: WordSet,
    pub(crate) particles: WordSet,
    pub(crate) name_stop: WordSet,
    pub(crate) preps: WordSet,
    pub(crate) skip: WordSet,
    pub(crate) aux: WordSet,
    pub(crate) subordinators: WordSet,
    pub(crate) relative: WordSet,
    pub(crate) coordinators: Vec<String>,
    /// Each coordinator split at its spaces, in the same order (split once, not per cue).
    pub(crate) coordinator_words: Vec<Vec<String>>,
    pub(crate) agents: Vec<String>,
    pub(crate) np_cut: WordSet,
    /// Words joining a complement inside a noun phrase ("de", "of").
    pub(crate) np_links: WordSet,
    /// Adjectives whose prepositional complement stays in the noun phrase ("familiar with",
    /// "fidèle à").
    pub(crate) np_adjectives: WordSet,
    /// Words that give a noun-phrase object its predicate ("described the bill as
    /// unconstitutional"), and the words after which they do not ("as well as").
    pub(crate) predicative: WordSet,
    pub(crate) predicative_not: WordSet,
    /// Conjunctions that open a subordinate clause before the main one ("Though", "Lorsque").
    pub(crate) openers: WordSet,
    /// Words that open an attribution frame before the content ("Comme l'a indiqué X, ...",
    /// "As X reported, ...").
    pub(crate) frames: WordSet,
    /// Words that join a new clause with its own subject after a comma (", while X said"),
    /// each split at its spaces: a content clause ends before them when that clause holds a
    /// cue.
    pub(crate) clause_links: Vec<Vec<String>>,
    /// Words that open an indirect question after a cue that takes one ("a demandé si", "s'il",
    /// "asked whether", "explained how"), split at their spaces.
    pub(crate) interrogatives: Vec<Vec<String>>,
    /// Words that name a time ("monday", "week", "march"): a time adjunct ends with one.
    pub(crate) time_words: WordSet,
    /// Words that open an adjunct between a cue and a content clause without a subordinator
    /// ("said on Monday it would ...", "said in a statement the talks had failed").
    pub(crate) adjunct_openers: WordSet,
    /// Prepositions that open an adjunct of setting there ("said in a statement the ...";
    /// not "on", which a cue may govern: "insist on a justice they can tolerate").
    pub(crate) setting_openers: WordSet,
    /// Pronouns that are subjects only ("he", not "him"): one after an English cue opens its
    /// content clause, so a later "that" is inside it ("said he hopes ... a message that").
    pub(crate) subject_pronouns: WordSet,
    /// Words that open what a naming cue's object is called ("called it a disaster").
    pub(crate) name_complements: WordSet,
    pub(crate) first_person: WordSet,
    pub(crate) continuers: WordSet,
    /// Words after a prep cue that make what follows no source ("selon toute vraisemblance").
    pub(crate) not_sources: WordSet,
    /// Numbers and quantifiers: a cue form that is a noun as well is one after them.
    pub(crate) quantifiers: WordSet,
    /// Prepositions after which a cue form that is a noun as well is one ("including
    /// states", "from charges").
    pub(crate) noun_after: WordSet,
    /// Negation words: a negated cue makes no incise ("..., X did not respond").
    pub(crate) negation: WordSet,
    /// Object clitics before a cue ("qui l'accuse de ..."): the cue's object is there.
    pub(crate) object_clitics: WordSet,
    /// Subjects and relatives after which an object clitic is one, not an article ("qui l'").
    pub(crate) clitic_leads: WordSet,
    /// Endings of the present participle ("-ant", "-ing"), see [`Grammar::present_participle`].
    participle_endings: Vec<String>,
    /// Endings of the simple past ("-ed"), see [`Grammar::simple_past`].
    past_endings: Vec<String>,
    /// Simple pasts without those endings ("came", "met"), see [`Grammar::simple_past`].
    pasts: WordSet,
    /// Endings of a past participle that is no finite form ("-é"), see
    /// [`Grammar::bare_participle`].
    participle_only_endings: Vec<String>,
    pub(crate) passive: Passive,
    /// The union of the pronoun sets (one look-up for [`Grammar::is_pronoun`]).
    any_pronoun: WordSet,
    /// The union of the title sets (one look-up for [`Grammar::is_title`]).
    any_title: WordSet,
}

impl Grammar {
    /// Is the cue form (normalised; its first word) a present participle ("accusant",
    /// "faisant valoir", "saying")?
    pub(crate) fn present_participle(&self, form: &str) -> bool {
        let first = form.split(' ').next().unwrap_or("");
        self.participle_endings
            .iter()
            .any(|e| first.ends_with(e.as_str()))
    }

    /// Is `word` (lower case) a simple past: one of `pasts` ("came"), or three letters or more
    /// before one of `past_endings` ("rejected")?
    pub(crate) fn simple_past(&self, word: &str) -> bool {
        self.pasts.contains(word)
            || self
                .past_endings
                .iter()
                .any(|e| word.len() > e.len() + 2 && word.ends_with(e.as_str()))
    }

    /// Is the cue form (normalised) one word with an ending only a past participle has
    /// ("annoncée", not "annonce" nor "said")? Without an auxiliary it is an apposition
    /// ("La décision, annoncée mercredi, ..."), not a reporting verb.
    pub(crate) fn bare_participle(&self, form: &str) -> bool {
        !form.contains([' ', '-'])
            && self
                .participle_only_endings
                .iter()
                .any(|e| form.len() > e.len() + 2 && form.ends_with(e.as_str()))
    }

    /// Does `word` (lower case) open a predicate: an auxiliary or a form of "be", a reflexive
    /// clitic, a negation, a simple past ("is dead", "se rendra", "ne viendra", "rejected")?
    pub(crate) fn opens_predicate(&self, word: &str) -> bool {
        self.aux.contains(word)
            || self.passive.be.contains(word)
            || self.passive.pronominal.contains(word)
            || self.negation.contains(word)
            || self.simple_past(word)
    }

    pub(crate) fn is_pronoun(&self, w: &str) -> bool {
        self.any_pronoun.contains(w)
    }
    /// (The coordinators are few, some of several words: a list, not a set.)
    pub(crate) fn is_coordinator(&self, w: &str) -> bool {
        self.coordinators.iter().any(|c| c == w)
    }
    pub(crate) fn is_title(&self, w: &str) -> bool {
        self.any_title.contains(w)
    }
}

/// Each entry split at its spaces (phrases compared word by word with tokens).
fn words_of(phrases: &[String]) -> Vec<Vec<String>> {
    phrases
        .iter()
        .map(|c| c.split(' ').map(str::to_string).collect())
        .collect()
}

/// One speech cue.
#[derive(Debug)]
pub(crate) struct Cue {
    pub(crate) lemma: String,
    /// "selon X", "according to X": the speaker follows.
    pub(crate) prep: bool,
    pub(crate) que: bool,
    pub(crate) np: bool,
    pub(crate) inf: bool,
    /// An indirect question: "a demandé si ...", "asked whether ...".
    pub(crate) q: bool,
    /// An object and what it is called: "called the plan “dead”", "called it a disaster".
    pub(crate) name: bool,
    pub(crate) weak: bool,
    pub(crate) rule: String,
}

/// One relay pattern.
#[derive(Debug)]
pub(crate) struct Relay {
    pub(crate) take_name: bool,
    pub(crate) via: Option<String>,
    /// `via` normalised (compared with tokens).
    pub(crate) via_norm: Option<String>,
    #[allow(dead_code)]
    pub(crate) rule: String,
}

/// What an embedded example expects.
#[derive(Debug, Clone)]
pub(crate) enum Expect {
    Cue(String),
    /// A quote with this cue and this speaker.
    CueBy(String, String),
    Via(String),
}

/// An embedded example.
#[derive(Debug)]
pub(crate) struct Example {
    pub(crate) file: String,
    pub(crate) rule: String,
    pub(crate) text: String,
    pub(crate) expect: Expect,
    pub(crate) positive: bool,
}

/// A cue found in the text.
#[derive(Clone, Debug)]
pub(crate) struct CueHit {
    pub(crate) span: Span,
    pub(crate) cue: usize,
    /// The subject pronoun inside an inverted form ("a-t-elle déclaré").
    pub(crate) pron: Option<Span>,
    /// After a passive form, where the agent's noun phrase starts ("avertis par | le maire"):
    /// the speaker is that agent.
    pub(crate) agent: Option<usize>,
    /// The form is a noun as well ("states", "claims"): it takes no content clause without
    /// "that", and is a noun after a number, a quantifier or a possessive.
    pub(crate) noun: bool,
}

/// A relay intro found in the text.
#[derive(Clone, Debug)]
pub(crate) struct RelayHit {
    pub(crate) span: Span,
    pub(crate) relay: usize,
}

/// Everything the stage knows about one language.
#[derive(Debug)]
pub struct LangRules {
    pub(crate) lang: Lang,
    pub(crate) cues: Vec<Cue>,
    /// Every cue form, then every relay intro, in one automaton: one pass over the text.
    ac: FastAc,
    /// How many of `ac`'s patterns are cue forms.
    n_cue: usize,
    cue_of: Vec<usize>,
    /// For each cue form: whether it is a noun as well (a cue's `nouns`).
    noun_of: Vec<bool>,
    pub(crate) relays: Vec<Relay>,
    /// The cue forms and the relay intros (`ac`'s patterns, in that order), for the tests that
    /// pin it to the crate's search.
    #[cfg(test)]
    pub(crate) patterns: [Vec<String>; 2],
    relay_of: Vec<usize>,
    pub(crate) g: Grammar,
    pub(crate) examples: Vec<Example>,
}

impl LangRules {
    pub(crate) fn load(lex: &Lexicons, lang: Lang) -> Result<LangRules, Errors> {
        let code = lang.code();
        let mut errors = Errors::default();
        let cue_path = format!("lexicons/{code}/quote-cues.toml");
        let relay_path = format!("lexicons/{code}/quote-relays.toml");
        let gram_path = format!("lexicons/{code}/quote-grammar.toml");
        let cues_file: Option<CueFile> = lex
            .require(&cue_path)
            .and_then(|f| f.toml())
            .map_err(|e| errors.push(e))
            .ok();
        let relay_file: Option<RelayFile> = lex
            .require(&relay_path)
            .and_then(|f| f.toml())
            .map_err(|e| errors.push(e))
            .ok();
        let gram: Option<GrammarFile> = lex
            .require(&gram_path)
            .and_then(|f| f.toml())
            .map_err(|e| errors.push(e))
            .ok();
        let (Some(cues_file), Some(relay_file), Some(gram)) = (cues_file, relay_file, gram) else {
            return Err(errors);
        };
        let mut cues = Vec::new();
        let mut patterns = Vec::new();
        let mut cue_of = Vec::new();
        let mut noun_of = Vec::new();
        let mut examples = Vec::new();
        for e in cues_file.cue {
            if e.kind != "verb" && e.kind != "prep" {
                errors.push(Error::at(
                    &cue_path,
                    None,
                    format!(
                        "cue {:?}: kind must be \"verb\" or \"prep\", not {:?}",
                        e.lemma, e.kind
                    ),
                ));
                continue;
            }
            let rule = format!("{code}/cues:{}", e.lemma);
            let content: Vec<&str> = e.content.split_whitespace().collect();
            for c in &content {
                if !matches!(*c, "que" | "that" | "np" | "inf" | "q" | "name") {
                    errors.push(Error::at(
                        &cue_path,
                        None,
                        format!("cue {:?}: unknown content kind {c:?}", e.lemma),
                    ));
                }
            }
            let idx = cues.len();
            for n in &e.nouns {
                if !e.forms.contains(n) {
                    errors.push(Error::at(
                        &cue_path,
                        None,
                        format!("cue {:?}: noun {n:?} is not one of its forms", e.lemma),
                    ));
                }
            }
            for f in &e.forms {
                let noun = e.nouns.contains(f);
                let f = crate::text::normalize(f.trim());
                if f.is_empty() {
                    continue;
                }
                patterns.push(f);
                cue_of.push(idx);
                noun_of.push(noun);
            }
            for t in e.examples {
                examples.push(Example {
                    file: cue_path.clone(),
                    rule: rule.clone(),
                    text: t,
                    expect: Expect::Cue(e.lemma.clone()),
                    positive: true,
                });
            }
            for t in e.not {
                examples.push(Example {
                    file: cue_path.clone(),
                    rule: rule.clone(),
                    text: t,
                    expect: Expect::Cue(e.lemma.clone()),
                    positive: false,
                });
            }
            cues.push(Cue {
                prep: e.kind == "prep",
                que: content.iter().any(|c| *c == "que" || *c == "that"),
                np: content.contains(&"np"),
                inf: content.contains(&"inf"),
                q: content.contains(&"q"),
                name: content.contains(&"name"),
                weak: e.weak,
                lemma: e.lemma,
                rule,
            });
        }
        let mut relays = Vec::new();
        let mut rpatterns = Vec::new();
        let mut relay_of = Vec::new();
        for r in relay_file.relay {
            let rule = format!("{code}/relays:{}", r.name);
            if r.take != "name" && r.take != "self" {
                errors.push(Error::at(
                    &relay_path,
                    None,
                    format!("relay {:?}: take must be \"name\" or \"self\"", r.name),
                ));
            }
            let idx = relays.len();
            for i in &r.intro {
                let i = crate::text::normalize(i.trim());
                if i.is_empty() {
                    errors.push(Error::at(
                        &relay_path,
                        None,
                        format!("relay {:?}: empty intro", r.name),
                    ));
                    continue;
                }
                rpatterns.push(i);
                relay_of.push(idx);
            }
            for (text, via) in r.examples {
                examples.push(Example {
                    file: relay_path.clone(),
                    rule: rule.clone(),
                    text,
                    expect: Expect::Via(via),
                    positive: true,
                });
            }
            relays.push(Relay {
                take_name: r.take == "name",
                via_norm: r.via.as_deref().map(crate::text::normalize),
                via: r.via,
                rule,
            });
        }
        // the Aho-Corasick DFA (built once, the fastest to run over every document; no
        // prefilter: cue and relay forms start with common letters), in a compact table; every
        // match, so that one refused at a word edge hides no other
        let n_cue = patterns.len();
        let all: Vec<&String> = patterns.iter().chain(&rpatterns).collect();
        let ac = FastAc::new(&all)
            .map_err(|e| {
                errors.push(Error::at(
                    &cue_path,
                    None,
                    format!("cannot compile with {relay_path}: {e}"),
                ))
            })
            .ok();
        let union =
            |lists: &[&Vec<String>]| set(lists.iter().flat_map(|l| l.iter().cloned()).collect());
        let any_pronoun = union(&[
            &gram.pronouns_m,
            &gram.pronouns_f,
            &gram.pronouns_pl,
            &gram.pronouns_any,
        ]);
        let any_title = union(&[&gram.titles_m, &gram.titles_f, &gram.titles]);
        for (list, positive) in [(&gram.passive.drops, false), (&gram.passive.keeps, true)] {
            for ex in list {
                let (text, lemma, speaker) = match ex.as_slice() {
                    [t, l] => (t, l, None),
                    [t, l, s] if positive => (t, l, Some(s.clone())),
                    _ => {
                        errors.push(Error::at(
                            &gram_path,
                            None,
                            format!("passive example {ex:?}: [sentence, cue lemma] (keeps may add the speaker)"),
                        ));
                        continue;
                    }
                };
                if !cues.iter().any(|c: &Cue| &c.lemma == lemma) {
                    errors.push(Error::at(
                        &gram_path,
                        None,
                        format!("passive example {text:?}: no cue {lemma:?}"),
                    ));
                }
                examples.push(Example {
                    file: gram_path.clone(),
                    rule: format!("{code}/grammar:passive"),
                    text: text.clone(),
                    expect: match speaker {
                        Some(s) => Expect::CueBy(lemma.clone(), s),
                        None => Expect::Cue(lemma.clone()),
                    },
                    positive,
                });
            }
        }
        let g = Grammar {
            any_pronoun,
            any_title,
            pron_m: set(gram.pronouns_m),
            pron_f: set(gram.pronouns_f),
            pron_pl: set(gram.pronouns_pl),
            pron_any: set(gram.pronouns_any),
            titles_m: set(gram.titles_m),
            titles_f: set(gram.titles_f),
            articles: set(gram.articles),
            strip_articles: set(gram.strip_articles),
            org_heads: set(gram.org_heads),
            particles: set(gram.name_particles),
            name_stop: set(gram.name_stop),
            preps: set(gram.prepositions),
            skip: set(gram.skip),
            aux: set(gram.aux),
            subordinators: set(gram.subordinators),
            relative: set(gram.relative),
            coordinator_words: words_of(&gram.coordinators),
            coordinators: gram.coordinators,
            agents: gram.agents,
            np_cut: set(gram.np_cut),
            np_links: set(gram.np_links),
            np_adjectives: set(gram.np_adjectives),
            predicative: set(gram.predicative),
            predicative_not: set(gram.predicative_not),
            openers: set(gram.openers),
            frames: set(gram.frames),
            clause_links: words_of(&gram.clause_links),
            interrogatives: words_of(&gram.interrogatives),
            time_words: set(gram.time_words),
            adjunct_openers: set(gram.adjunct_openers),
            setting_openers: set(gram.setting_openers),
            subject_pronouns: set(gram.subject_pronouns),
            name_complements: set(gram.name_complements),
            first_person: set(gram.first_person),
            continuers: set(gram.continuers),
            not_sources: set(gram.not_sources),
            quantifiers: set(gram.quantifiers),
            noun_after: set(gram.noun_after),
            negation: set(gram.negation),
            object_clitics: set(gram.object_clitics),
            clitic_leads: set(gram.clitic_leads),
            participle_endings: gram.participle_endings,
            past_endings: gram.past_endings,
            pasts: set(gram.pasts),
            participle_only_endings: gram.participle_only_endings,
            passive: Passive {
                be: set(gram.passive.be),
                between: set(gram.passive.between),
                pronominal: set(gram.passive.pronominal),
                never: gram.passive.never,
                agent: set(gram.passive.agent),
            },
        };
        match ac {
            Some(ac) if errors.0.is_empty() => Ok(LangRules {
                lang,
                cues,
                ac,
                n_cue,
                cue_of,
                noun_of,
                #[cfg(test)]
                patterns: [patterns, rpatterns],
                relays,
                relay_of,
                g,
                examples,
            }),
            _ => Err(errors),
        }
    }

    /// Every cue form and every relay intro in `text`, each leftmost-longest among those that
    /// start and end at word boundaries (a relay intro hides no cue form, nor the reverse).
    pub(crate) fn hits(&self, text: &str, norm: &Norm) -> (Vec<CueHit>, Vec<RelayHit>) {
        let s = norm.s.as_str();
        // (room for the forms of a typical article, about one per 60 bytes: growing these
        // lists a push at a time cost more than the search)
        let (mut cue_m, mut relay_m) = (Vec::with_capacity(s.len() / 32), Vec::with_capacity(8));
        self.ac.for_each_overlapping(s, |pid, start, end| {
            if boundary_before(s, start) && boundary_after(s, end) {
                match pid.checked_sub(self.n_cue) {
                    None => cue_m.push((pid, start, end)),
                    Some(r) => relay_m.push((r, start, end)),
                }
            }
        });
        let cue_m = FastAc::leftmost_longest(cue_m);
        let mut cues = Vec::with_capacity(cue_m.len());
        for (pid, m_start, m_end) in cue_m {
            let form = &s[m_start..m_end];
            let start = norm.orig(m_start);
            let end = norm.orig_end(m_end, text);
            if start > end || end > text.len() {
                continue;
            }
            let cue = self.cue_of[pid];
            let mut agent = None;
            if !self.cues[cue].prep
                && (self.g.passive.before(s, m_start, form)
                    || (self.g.passive).after_one_of(&self.g.frames, s, m_start, form))
            {
                // "sont avertis que": spoken to, not speaking; "avertis par le maire": the
                // agent speaks
                match self.g.passive.agent_after(s, m_end) {
                    Some(at) => agent = Some(norm.orig(at)),
                    None => continue,
                }
            }
            let pron = inverted_pronoun(form)
                .map(|(a, b)| Span::new(norm.orig(m_start + a), norm.orig_end(m_start + b, text)));
            cues.push(CueHit {
                span: Span::new(start, end),
                cue,
                pron,
                agent,
                noun: self.noun_of[pid],
            });
        }
        let relay_m = FastAc::leftmost_longest(relay_m);
        let mut relays = Vec::with_capacity(relay_m.len());
        for (pid, m_start, m_end) in relay_m {
            let start = norm.orig(m_start);
            let end = norm.orig_end(m_end, text);
            if start > end || end > text.len() {
                continue;
            }
            relays.push(RelayHit {
                span: Span::new(start, end),
                relay: self.relay_of[pid],
            });
        }
        (cues, relays)
    }
}

/// The byte range of the subject pronoun in an inverted form: "a-t-elle déclaré" -> "elle".
fn inverted_pronoun(form: &str) -> Option<(usize, usize)> {
    // (every pattern below holds a hyphen: most forms are done at once)
    if !form.contains('-') {
        return None;
    }
    for p in [
        "-t-elles", "-t-elle", "-t-ils", "-t-il", "-t-on", "-elles", "-elle", "-ils", "-il", "-on",
    ] {
        if let Some(i) = form.find(p) {
            let after = i + p.len();
            if form[after..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
            {
                let skip = if p.starts_with("-t-") { 3 } else { 1 };
                return Some((i + skip, after));
            }
        }
    }
    None
}

#[cfg(test)]
mod passive_tests {
    use super::*;

    fn fr() -> Passive {
        let w = |v: &[&str]| set(v.iter().map(|s| s.to_string()).collect());
        Passive {
            be: w(&["est", "était", "été", "sont", "'re"]),
            between: w(&["pas", "jamais"]),
            pronominal: w(&["s'", "se"]),
            never: vec!["ant".into()],
            agent: w(&["par"]),
        }
    }

    /// Whether the last word of `s` is read as a passive participle.
    fn passive(s: &str) -> bool {
        let at = s.rfind(' ').map_or(0, |i| i + 1);
        fr().before(s, at, &s[at..])
    }

    #[test]
    fn participles_after_etre_are_passive() {
        assert!(passive("ils sont avertis"));
        assert!(passive("il a été convenu"));
        assert!(passive("la police n'était pas prévenue"));
        assert!(passive("we're told"));
        assert!(!passive("il s'est dit"));
        assert!(!passive("ils se sont déclarés"));
        assert!(!passive("il a déclaré"));
        assert!(!passive("est déclarant"));
        assert!(!passive("prévenue"));
        assert!(!passive("est, prévenue"));
        // at most three words between the auxiliary and the participle
        assert!(!passive("est pas pas pas pas dit"));
    }

    #[test]
    fn agents_follow_the_participle_or_its_quotation() {
        let p = fr();
        let s = "avertis par le maire";
        assert_eq!(p.agent_after(s, "avertis".len()), Some("avertis par".len()));
        let s = "qualifié de « terroriste » par israël";
        let end = "qualifié".len();
        assert_eq!(&s[p.agent_after(s, end).unwrap()..], " israël");
        assert_eq!(p.agent_after("avertis. par", 7), None);
        assert_eq!(
            p.agent_after("qualifié de « terroriste", "qualifié".len()),
            None
        );
    }
}
