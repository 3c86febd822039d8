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
    first_person: Vec<String>,
    #[serde(default)]
    continuers: Vec<String>,
}

fn set(v: Vec<String>) -> WordSet {
    WordSet(v.into_iter().collect())
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
    pub(crate) first_person: WordSet,
    pub(crate) continuers: WordSet,
    /// The union of the pronoun sets (one look-up for [`Grammar::is_pronoun`]).
    any_pronoun: WordSet,
    /// The union of the title sets (one look-up for [`Grammar::is_title`]).
    any_title: WordSet,
}

impl Grammar {
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

/// One speech cue.
#[derive(Debug)]
pub(crate) struct Cue {
    pub(crate) lemma: String,
    /// "selon X", "according to X": the speaker follows.
    pub(crate) prep: bool,
    pub(crate) que: bool,
    pub(crate) np: bool,
    pub(crate) inf: bool,
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
    cue_ac: FastAc,
    cue_of: Vec<usize>,
    pub(crate) relays: Vec<Relay>,
    relay_ac: FastAc,
    /// The patterns of `cue_ac` and `relay_ac`, for the tests that pin them to the crate's
    /// search.
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
                if !matches!(*c, "que" | "that" | "np" | "inf") {
                    errors.push(Error::at(
                        &cue_path,
                        None,
                        format!("cue {:?}: unknown content kind {c:?}", e.lemma),
                    ));
                }
            }
            let idx = cues.len();
            for f in &e.forms {
                let f = crate::text::normalize(f.trim());
                if f.is_empty() {
                    continue;
                }
                patterns.push(f);
                cue_of.push(idx);
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
                rpatterns.push(crate::text::normalize(i.trim()));
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
        let build = |p: &[String], path: &str, errors: &mut Errors| {
            // the Aho-Corasick DFA (built once, the fastest to run over every document; no
            // prefilter: cue and relay forms start with common letters), in a compact table;
            // every match, so that one refused at a word edge hides no other
            FastAc::new(p)
                .map_err(|e| errors.push(Error::at(path, None, format!("cannot compile: {e}"))))
                .ok()
        };
        let cue_ac = build(&patterns, &cue_path, &mut errors);
        let relay_ac = build(&rpatterns, &relay_path, &mut errors);
        let union =
            |lists: &[&Vec<String>]| set(lists.iter().flat_map(|l| l.iter().cloned()).collect());
        let any_pronoun = union(&[
            &gram.pronouns_m,
            &gram.pronouns_f,
            &gram.pronouns_pl,
            &gram.pronouns_any,
        ]);
        let any_title = union(&[&gram.titles_m, &gram.titles_f, &gram.titles]);
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
            coordinator_words: gram
                .coordinators
                .iter()
                .map(|c| c.split(' ').map(str::to_string).collect())
                .collect(),
            coordinators: gram.coordinators,
            agents: gram.agents,
            np_cut: set(gram.np_cut),
            first_person: set(gram.first_person),
            continuers: set(gram.continuers),
        };
        match (cue_ac, relay_ac) {
            (Some(cue_ac), Some(relay_ac)) if errors.0.is_empty() => Ok(LangRules {
                lang,
                cues,
                cue_ac,
                cue_of,
                #[cfg(test)]
                patterns: [patterns, rpatterns],
                relays,
                relay_ac,
                relay_of,
                g,
                examples,
            }),
            _ => Err(errors),
        }
    }

    /// Every cue form in `text`, leftmost-longest among the forms that start and end at
    /// word boundaries.
    pub(crate) fn cue_hits(&self, text: &str, norm: &Norm) -> Vec<CueHit> {
        let mut out = Vec::new();
        for (pid, m_start, m_end) in self.cue_ac.leftmost_longest_where(&norm.s, |s, e| {
            boundary_before(&norm.s, s) && boundary_after(&norm.s, e)
        }) {
            let form = &norm.s[m_start..m_end];
            let start = norm.orig(m_start);
            let end = norm.orig_end(m_end, text);
            if start > end || end > text.len() {
                continue;
            }
            let pron = inverted_pronoun(form)
                .map(|(a, b)| Span::new(norm.orig(m_start + a), norm.orig_end(m_start + b, text)));
            out.push(CueHit {
                span: Span::new(start, end),
                cue: self.cue_of[pid],
                pron,
            });
        }
        out
    }

    /// Every relay intro in `text`, as [`Self::cue_hits`] finds cues.
    pub(crate) fn relay_hits(&self, text: &str, norm: &Norm) -> Vec<RelayHit> {
        let mut out = Vec::new();
        for (pid, m_start, m_end) in self.relay_ac.leftmost_longest_where(&norm.s, |s, e| {
            boundary_before(&norm.s, s) && boundary_after(&norm.s, e)
        }) {
            let start = norm.orig(m_start);
            let end = norm.orig_end(m_end, text);
            if start > end || end > text.len() {
                continue;
            }
            out.push(RelayHit {
                span: Span::new(start, end),
                relay: self.relay_of[pid],
            });
        }
        out
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
