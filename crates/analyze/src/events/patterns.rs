//! The event pattern lexicons (`data/lexicons/<lang>/event-patterns.toml`): trigger verbs and
//! nominalisations with their argument frames, generic agent nouns ("la police", "protesters")
//! and the function words the frames read (negation, modals, passive auxiliaries).
//!
//! Verbs are listed by lemma and conjugated here by the regular paradigms of the language
//! (French `-er` and `-ir`, English `-s/-ed/-ing`); irregular forms are listed literally in
//! `forms`. So a lexicon line stands for every inflection, and the examples check the whole.

use serde::Deserialize;
use vigie_doc::Lang;
use vigie_lexicon::{Error, Errors, Lexicons};

/// The pattern file of a language under `data/`.
pub fn path(lang: Lang) -> String {
    format!("lexicons/{}/event-patterns.toml", lang.code())
}

/// One pattern file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternFile {
    /// The file's version (goes into provenance).
    pub version: String,
    /// Function words the frames read.
    pub words: Words,
    /// The words of "N days after X" clauses.
    #[serde(default)]
    pub dating: Dating,
    /// Generic agent nouns.
    #[serde(default)]
    pub agent: Vec<Agent>,
    /// Trigger patterns.
    #[serde(default)]
    pub pattern: Vec<Pattern>,
}

/// Function words, normalised (lower case, `'` apostrophes).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// Negation particles read before the trigger ("ne", "n'", "not", "never").
    pub negation: Vec<String>,
    /// Second halves of French negation read after an auxiliary ("pas", "jamais").
    #[serde(default)]
    pub negation_after: Vec<String>,
    /// Auxiliaries that make a participle passive ("est", "a été", "was").
    pub passive: Vec<String>,
    /// Agent prepositions of the passive and of nominalisations ("par", "by").
    pub by: Vec<String>,
    /// Complement prepositions of nominalisations ("de", "of").
    pub of: Vec<String>,
    /// Markers of an intended or future act ("va", "allait", "will", "s'est engagé à").
    pub intent: Vec<String>,
    /// Markers of a hypothetical act ("pourrait", "would", "si").
    pub hypothetical: Vec<String>,
    /// Markers of an injunction ("devrait", "doit", "should", "must").
    pub injunction: Vec<String>,
    /// Markers of cessation governed by an injunction ("cesser de", "stop").
    pub cessation: Vec<String>,
    /// Report markers ("selon", "according to").
    pub report: Vec<String>,
    /// Subject pronouns resolved to the previous sentence's source ("il", "elle", "he").
    pub pronouns: Vec<String>,
    /// Relative pronouns resolved to the actor just before ("qui", "who").
    pub relatives: Vec<String>,
    /// Words that end a clause for argument search ("mais", "tandis que", "but").
    pub clause_breaks: Vec<String>,
    /// Weapon-fire nouns: a killing or wounding by them is military force (19x).
    #[serde(default)]
    pub weapons: Vec<String>,
    /// Words linking a speaker to what is said ("que", "said").
    #[serde(default)]
    pub speech_links: Vec<String>,
    /// Endings of the French conditional ("-rait", "-raient"): a trigger so inflected a few
    /// words after a speech link is the future of reported speech, an announced act ("a
    /// annoncé qu'elle imposerait des sanctions").
    #[serde(default)]
    pub conditional_endings: Vec<String>,
    /// Auxiliaries of the active compound tenses ("a", "ont", "avait"): a French participle
    /// without one after a noun is a reduced passive ("un quartier appelé à devenir").
    #[serde(default)]
    pub active_aux: Vec<String>,
    /// Coordinating conjunctions of actors ("et", "and"): "Jordan and Britain have agreed".
    #[serde(default)]
    pub conjunctions: Vec<String>,
    /// Definite articles that may stand after a conjunction ("la Russie et la Chine").
    #[serde(default)]
    pub articles: Vec<String>,
    /// French object clitics before a verb ("qui le nie", "l'accusant"): the object is an
    /// actor named before.
    #[serde(default)]
    pub object_clitics: Vec<String>,
    /// The clitics that are never articles ("l'" before a verb, "lui", "leur").
    #[serde(default)]
    pub strong_clitics: Vec<String>,
    /// Words between a clitic and its verb ("ne l'a", "qui lui avait accordé", "l'y").
    #[serde(default)]
    pub clitic_hosts: Vec<String>,
    /// Words after which "le", "la", "les" is a clitic, not an article ("qui", "il", ",").
    #[serde(default)]
    pub clitic_leads: Vec<String>,
}

/// The words of a clause that puts an act some days before its sentence's date ("un jour
/// après que X", "au lendemain de X", "two weeks after X"), normalised; read by
/// [`super::dating::days_before`].
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dating {
    /// Phrases worth one day ("au lendemain de", "the day after").
    #[serde(default)]
    pub day_before: Vec<String>,
    /// Words right after the unit ("après", "after", "later").
    #[serde(default)]
    pub after: Vec<String>,
    /// Unit words and their days ("jours" = 1, "semaine" = 7).
    #[serde(default)]
    pub units: std::collections::BTreeMap<String, i64>,
    /// Number words and their values ("deux" = 2); digits are read as numbers.
    #[serde(default)]
    pub numbers: std::collections::BTreeMap<String, i64>,
    /// Texts before a trigger, each with the days it gives.
    #[serde(default)]
    pub example: Vec<DatingExample>,
    /// Texts before a trigger that give no days.
    #[serde(default)]
    pub not: Vec<String>,
}

/// An example of [`Dating`].
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatingExample {
    /// The sentence up to the trigger.
    pub before: String,
    /// The days it gives.
    pub days: i64,
}

/// A generic agent noun: an actor named by its role, not by its name.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    /// Surface forms, normalised, with their determiners when that matters ("la police").
    pub forms: Vec<String>,
    /// CAMEO sector code ("COP", "GOV", "MIL", "CVL", "REB", "MED", "LEG", "JUD").
    pub sector: String,
    /// True when an unnamed one belongs to the article's country (state bodies); false when
    /// its nationality must be stated (protesters, gunmen).
    #[serde(default)]
    pub home: bool,
    /// True for a definite noun standing for a country already named ("le pays", "the
    /// country"): it takes the country named most often in the paragraphs before it (the last
    /// named among equals), else the home country, with `sector` appended (empty: the country
    /// itself).
    #[serde(default)]
    pub anaphor: bool,
}

/// How a pattern finds an argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The grammatical subject: the nearest actor on the left in the clause.
    Subject,
    /// The first actor on the right in the clause (direct object).
    Object,
    /// The first actor after one of these prepositions, on the right in the clause.
    Prep(Vec<String>),
    /// The agent of a passive or nominalisation ("par X", "by X").
    By,
    /// The complement of a nominalisation naming its agent ("la fronde des syndicats").
    Of,
    /// The one who says it: the quotation's speaker, else the actor before the subject
    /// ("Russia said that Sudan must ...").
    Speaker,
    /// No argument: the event is coded without it.
    None,
}

impl Slot {
    fn parse(s: &str) -> Option<Slot> {
        Some(match s {
            "subject" => Slot::Subject,
            "object" => Slot::Object,
            "by" => Slot::By,
            "of" => Slot::Of,
            "none" => Slot::None,
            "speaker" => Slot::Speaker,
            _ => {
                let preps = s.strip_prefix("prep:")?;
                Slot::Prep(preps.split('|').map(|p| p.trim().to_string()).collect())
            }
        })
    }
}

/// What a pattern does to the events inside its complement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Governs {
    /// Nothing: other triggers in the clause are coded on their own.
    #[default]
    Nothing,
    /// The complement is what is demanded, threatened, denied or refused: triggers inside it
    /// are not coded as events of their own.
    Complement,
    /// The trigger stands only for what its complement does not say: "agreed to" is coded
    /// when no other trigger follows in its clause ("agreed to hold joint exercises"), not
    /// beside one ("agreed to provide aid" is the aid, as an intent).
    Fallback,
}

/// One trigger pattern as written in the file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    /// Rule name, unique in the file: the event's rule is `<lang>/events:<id>`.
    pub id: String,
    /// CAMEO code.
    pub cameo: String,
    /// Verb lemmas, conjugated by the language's regular paradigm.
    #[serde(default)]
    pub verbs: Vec<String>,
    /// Literal forms (irregular inflections, multiword expressions).
    #[serde(default)]
    pub forms: Vec<String>,
    /// Fixed objects appended to every verb form ("signer" + "un accord").
    #[serde(default)]
    pub then: Vec<String>,
    /// Nominalisations: the frame reads "N de Y par X", "X's N of Y".
    #[serde(default)]
    pub nouns: Vec<String>,
    /// Words that cancel the trigger when they follow it ("arrêter de" is not an arrest).
    #[serde(default)]
    pub unless_next: Vec<String>,
    /// CAMEO code of the reverse direction, when it differs (a visit 042, its host 043).
    #[serde(default)]
    pub reverse: Option<String>,
    /// CAMEO code used instead when the source is a military (`...MIL`): killing by an army is
    /// conventional force (19x), by others unconventional violence (18x).
    #[serde(default)]
    pub military: Option<String>,
    /// Source slot: `subject` (default for verbs), `by` (default for nouns), `none`.
    #[serde(default)]
    pub source: Option<String>,
    /// Target slot: `object` (default), `prep:avec|à`, `none`.
    #[serde(default)]
    pub target: Option<String>,
    /// A preposition that must follow the trigger in its clause ("avec" for "s'entretenir").
    #[serde(default)]
    pub requires: Option<String>,
    /// Also code the reverse direction (meetings, talks, clashes).
    #[serde(default)]
    pub symmetric: bool,
    /// Default modality of the pattern (`asserted`, `denied`, `demanded`, `threatened`, ...).
    #[serde(default)]
    pub modality: Option<String>,
    /// Whether the complement is demanded/threatened/denied rather than asserted.
    #[serde(default)]
    pub governs: Governs,
    /// Future or intended use shifts the code (04-08 to 03x, 16-20 to 13x) unless false.
    #[serde(default = "yes")]
    pub shifts: bool,
    /// Without a target in the clause, the most recent actor of another country is the
    /// target ("Washington continuera à imposer des coûts", said of Russia).
    #[serde(default)]
    pub implicit_target: bool,
    /// The required preposition introduces an infinitive ("inviter X à faire", not "inviter
    /// X au palais"; "urge X to show", not "invited to the party").
    #[serde(default)]
    pub infinitive: bool,
    /// A French pronominal verb: needs its reflexive pronoun ("s'insurge", not "insurgés").
    #[serde(default)]
    pub reflexive: bool,
    /// Sector of the home country's body that is the target when none is named (protests
    /// and appeals address the government: "GOV").
    #[serde(default)]
    pub default_target: Option<String>,
    /// A mutual act ("Jordan and Britain met", "la Russie et la Chine ont signé un accord"):
    /// without a target in the clause, the subject's other conjunct is the target, and the
    /// event is coded both ways.
    #[serde(default)]
    pub mutual: bool,
    /// Texts where the pattern must fire.
    pub examples: Vec<String>,
    /// Texts where it must not.
    #[serde(default)]
    pub not: Vec<String>,
}

fn yes() -> bool {
    true
}

/// A pattern ready to match: forms expanded, slots parsed.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// Rule id shown on events (`fr/events:rencontrer`).
    pub rule: String,
    /// CAMEO code.
    pub cameo: String,
    /// Source slot for verb forms.
    pub source: Slot,
    /// Target slot.
    pub target: Slot,
    /// Source slot for noun forms.
    pub noun_source: Slot,
    /// Required preposition after the trigger.
    pub requires: Option<Vec<String>>,
    /// Words that cancel the trigger when they follow it.
    pub unless_next: Vec<String>,
    /// Fixed objects, one of which must follow the verb within a few words.
    pub then: Vec<String>,
    /// Fall back to the most recent actor of another country as target.
    pub implicit_target: bool,
    /// The required preposition introduces an infinitive.
    pub infinitive: bool,
    /// Needs a reflexive pronoun.
    pub reflexive: bool,
    /// Sector of the home body targeted when none is named.
    pub default_target: Option<String>,
    /// The subject's other conjunct is the target when none is named, both ways.
    pub mutual: bool,
    /// Code of the reverse direction.
    pub reverse: Option<String>,
    /// Code when the source is a military.
    pub military: Option<String>,
    /// Code the reverse direction too.
    pub symmetric: bool,
    /// Default modality.
    pub modality: vigie_doc::Modality,
    /// Complement handling.
    pub governs: Governs,
    /// Intent shifts the code.
    pub shifts: bool,
    /// Positive examples.
    pub examples: Vec<String>,
    /// Negative examples.
    pub not: Vec<String>,
}

/// Every form of every pattern of one language, ready for the automaton.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// The patterns.
    pub patterns: Vec<Compiled>,
    /// `(form, pattern index, is_noun)` while loading.
    forms: Vec<(String, usize, bool)>,
    /// Distinct forms with their candidate `(pattern index, is_noun)`, most specific first.
    pub candidates: Vec<(String, Vec<(usize, bool)>)>,
    /// Agent nouns.
    pub agents: Vec<Agent>,
    /// Function words.
    pub words: Words,
    /// The words of "N days after X" clauses.
    pub dating: Dating,
    /// The lexicon file's name under `data/`.
    pub file: String,
}

/// Parses a modality name.
pub fn modality(s: &str) -> Option<vigie_doc::Modality> {
    use vigie_doc::Modality::*;
    Some(match s {
        "asserted" => Asserted,
        "denied" => Denied,
        "demanded" => Demanded,
        "threatened" => Threatened,
        "intended" => Intended,
        "hypothetical" => Hypothetical,
        "reported" => Reported,
        _ => return None,
    })
}

impl Lexicon {
    /// Loads a language's pattern file, checking every entry; `codes` says which CAMEO codes
    /// exist.
    pub fn load(
        lex: &Lexicons,
        lang: Lang,
        code_exists: &dyn Fn(&str) -> bool,
    ) -> Result<Lexicon, Errors> {
        let name = path(lang);
        let file = lex.require(&name)?;
        let parsed: PatternFile = file.toml()?;
        let mut errors = Errors::default();
        let line_of = |id: &str| {
            let needle = format!("\"{id}\"");
            file.text
                .lines()
                .position(|l| l.trim_start().starts_with("id") && l.contains(&needle))
                .map(|i| i + 1)
        };
        for m in check_dating(&parsed.dating) {
            errors.push(Error::at(&name, None, format!("[dating]: {m}")));
        }
        let mut out = Lexicon {
            agents: parsed.agent,
            words: parsed.words,
            dating: parsed.dating,
            file: name.clone(),
            ..Lexicon::default()
        };
        let mut seen = std::collections::HashSet::new();
        for p in parsed.pattern {
            let bad = |m: String| Error::at(&name, line_of(&p.id), format!("{}: {m}", p.id));
            if !seen.insert(p.id.clone()) {
                errors.push(bad("duplicate id".into()));
            }
            for code in std::iter::once(&p.cameo)
                .chain(&p.reverse)
                .chain(&p.military)
            {
                if !code_exists(code) {
                    errors.push(bad(format!("unknown CAMEO code {code}")));
                }
            }
            if p.examples.is_empty() {
                errors.push(bad("no examples".into()));
            }
            let slot = |s: &Option<String>, d: Slot| match s {
                None => Some(d),
                Some(s) => Slot::parse(s),
            };
            let (Some(source), Some(target)) = (
                slot(&p.source, Slot::Subject),
                slot(&p.target, Slot::Object),
            ) else {
                errors.push(bad("bad source/target slot".into()));
                continue;
            };
            let noun_source = match &p.source {
                None => Slot::By,
                Some(_) => source.clone(),
            };
            let modality = match p.modality.as_deref() {
                None => vigie_doc::Modality::Asserted,
                Some(m) => match modality(m) {
                    Some(m) => m,
                    None => {
                        errors.push(bad(format!("unknown modality {m}")));
                        continue;
                    }
                },
            };
            let idx = out.patterns.len();
            let mut n = 0;
            for v in &p.verbs {
                match conjugate(lang, v) {
                    Some(forms) => {
                        for f in forms {
                            out.forms.push((f, idx, false));
                            n += 1;
                        }
                    }
                    None => errors.push(bad(format!("cannot conjugate {v:?}; list its forms"))),
                }
            }
            for f in &p.forms {
                out.forms.push((crate::text::normalize(f), idx, false));
                n += 1;
            }
            for f in &p.nouns {
                out.forms.push((crate::text::normalize(f), idx, true));
                n += 1;
            }
            if n == 0 {
                errors.push(bad("no verbs, forms or nouns".into()));
            }
            out.patterns.push(Compiled {
                rule: format!("{}/events:{}", lang.code(), p.id),
                cameo: p.cameo,
                source,
                target,
                noun_source,
                requires: p
                    .requires
                    .map(|r| r.split('|').map(|s| s.trim().to_string()).collect()),
                unless_next: p.unless_next,
                implicit_target: p.implicit_target,
                infinitive: p.infinitive,
                reflexive: p.reflexive,
                default_target: p.default_target,
                mutual: p.mutual,
                then: p.then.iter().map(|t| crate::text::normalize(t)).collect(),
                military: p.military,
                symmetric: p.symmetric || p.reverse.is_some(),
                reverse: p.reverse,
                modality,
                governs: p.governs,
                shifts: p.shifts,
                examples: p.examples,
                not: p.not,
            });
        }
        out.forms.sort();
        out.forms.dedup();
        // One automaton pattern per distinct form; the candidates in order of specificity
        // (fixed objects, then required prepositions, then plain).
        let mut grouped: Vec<(String, Vec<(usize, bool)>)> = Vec::new();
        for (f, idx, noun) in std::mem::take(&mut out.forms) {
            match grouped.last_mut() {
                Some((g, c)) if *g == f => c.push((idx, noun)),
                _ => grouped.push((f, vec![(idx, noun)])),
            }
        }
        for (_, c) in &mut grouped {
            c.sort_by_key(|&(i, _)| {
                let p = &out.patterns[i];
                (p.then.is_empty(), p.requires.is_none(), i)
            });
        }
        out.candidates = grouped;
        errors.into_result(out)
    }
}

/// What is wrong with a [`Dating`] table: words not in normal form, examples that do not read as
/// they say.
fn check_dating(d: &Dating) -> Vec<String> {
    let mut wrong = Vec::new();
    let words = d.day_before.iter().chain(&d.after);
    for w in words.chain(d.units.keys()).chain(d.numbers.keys()) {
        if crate::text::normalize(w) != *w {
            wrong.push(format!(
                "{w:?} is not normalised (lower case, ' apostrophes)"
            ));
        }
    }
    for e in &d.example {
        let got = super::dating::days_before(&e.before, d);
        if got != Some(e.days) {
            wrong.push(format!("{:?} gives {got:?}, not {} days", e.before, e.days));
        }
    }
    for n in &d.not {
        if let Some(days) = super::dating::days_before(n, d) {
            wrong.push(format!("{n:?} gives {days} days, not none"));
        }
    }
    wrong
}

/// Every inflected form of a regular verb lemma, or `None` when the lemma is not regular in the
/// language's paradigms (the lexicon must then list `forms`). A French reflexive lemma
/// ("s'entretenir") conjugates its verb; the pronoun is not part of the forms.
pub fn conjugate(lang: Lang, lemma: &str) -> Option<Vec<String>> {
    let lemma = crate::text::normalize(lemma.trim());
    let lemma = lemma
        .strip_prefix("s'")
        .or_else(|| lemma.strip_prefix("se "))
        .unwrap_or(&lemma)
        .to_string();
    let forms = match lang {
        Lang::Fr => french(&lemma)?,
        Lang::En => english(&lemma)?,
    };
    Some(forms)
}

fn french(lemma: &str) -> Option<Vec<String>> {
    if lemma.contains(' ') {
        return None;
    }
    let mut out = Vec::new();
    if let Some(stem) = lemma.strip_suffix("er") {
        // Before a and o, -cer verbs write ç and -ger verbs keep the e: menaçant, exigeons.
        let soft = |end: &str| -> String {
            let hard = end.starts_with('a') || end.starts_with('o') || end.starts_with('â');
            if hard && stem.ends_with('c') {
                format!("{}ç{end}", &stem[..stem.len() - 1])
            } else if hard && stem.ends_with('g') {
                format!("{stem}e{end}")
            } else {
                format!("{stem}{end}")
            }
        };
        for end in [
            "er", "e", "es", "ons", "ez", "ent", "ais", "ait", "ions", "iez", "aient", "ai", "as",
            "a", "âmes", "âtes", "èrent", "erai", "eras", "era", "erons", "erez", "eront", "erais",
            "erait", "erions", "eriez", "eraient", "é", "ée", "és", "ées", "ant",
        ] {
            out.push(soft(end));
        }
    } else if let Some(stem) = lemma.strip_suffix("ir") {
        for end in [
            "ir", "is", "it", "issons", "issez", "issent", "issais", "issait", "issions", "issiez",
            "issaient", "irent", "irai", "iras", "ira", "irons", "irez", "iront", "irais", "irait",
            "irions", "iriez", "iraient", "i", "ie", "ies", "issant", "isse", "isses",
        ] {
            out.push(format!("{stem}{end}"));
        }
    } else if let Some(stem) = lemma.strip_suffix("re").filter(|s| {
        (s.ends_with('d') && !s.ends_with("ind") && !s.ends_with("oud"))
            || (s.ends_with("tt") && !s.ends_with("mett"))
            || s.ends_with("mp")
    }) {
        // Third group in -dre, -ttre, -mpre: vendre, battre, rompre.
        let third = if stem.ends_with('d') {
            stem.to_string()
        } else if stem.ends_with("tt") {
            stem[..stem.len() - 1].to_string()
        } else {
            format!("{stem}t")
        };
        out.push(third.clone());
        if stem.ends_with("tt") {
            out.push(format!("{third}s"));
        } else {
            out.push(format!("{stem}s"));
        }
        for end in [
            "re", "ons", "ez", "ent", "ais", "ait", "ions", "iez", "aient", "it", "irent", "rai",
            "ras", "ra", "rons", "rez", "ront", "rais", "rait", "raient", "u", "ue", "us", "ues",
            "ant", "e", "es",
        ] {
            out.push(format!("{stem}{end}"));
        }
    } else {
        return None;
    }
    Some(out)
}

fn english(lemma: &str) -> Option<Vec<String>> {
    if lemma.contains(' ') || lemma.len() < 2 {
        return None;
    }
    let bytes = lemma.as_bytes();
    let last = *bytes.last()?;
    let before = bytes[bytes.len() - 2];
    let vowel = |b: u8| b"aeiou".contains(&b);
    let third = if lemma.ends_with('s')
        || lemma.ends_with("sh")
        || lemma.ends_with("ch")
        || lemma.ends_with('x')
        || lemma.ends_with('z')
        || lemma.ends_with('o')
    {
        format!("{lemma}es")
    } else if last == b'y' && !vowel(before) {
        format!("{}ies", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}s")
    };
    let past = if last == b'e' {
        format!("{lemma}d")
    } else if last == b'y' && !vowel(before) {
        format!("{}ied", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}ed")
    };
    let ing = if last == b'e' && !lemma.ends_with("ee") && !lemma.ends_with("ye") {
        format!("{}ing", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}ing")
    };
    let mut forms = vec![lemma.to_string(), third, past, ing];
    // A final consonant after one vowel letter doubles before -ed and -ing in one-syllable
    // verbs ("ban", "banned") and in those stressed on the last one ("expel", "expelled";
    // British "-el": "labelled"). The stress is not in the spelling: both spellings are
    // forms, the one the language does not use being a string no text holds ("visitted").
    let doubles = !vowel(last)
        && !matches!(last, b'w' | b'x' | b'y')
        && vowel(before)
        && bytes.len() >= 3
        && !vowel(bytes[bytes.len() - 3]);
    if doubles {
        let l = char::from(last);
        forms.push(format!("{lemma}{l}ed"));
        forms.push(format!("{lemma}{l}ing"));
    }
    Some(forms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_paradigms() {
        let f = conjugate(Lang::Fr, "menacer").unwrap();
        for w in [
            "menace",
            "menacent",
            "menaçant",
            "menaçait",
            "menacé",
            "menacera",
        ] {
            assert!(f.contains(&w.to_string()), "{w}");
        }
        let f = conjugate(Lang::Fr, "exiger").unwrap();
        assert!(f.contains(&"exigeons".to_string()) && f.contains(&"exige".to_string()));
        let f = conjugate(Lang::Fr, "envahir").unwrap();
        assert!(f.contains(&"envahissent".to_string()) && f.contains(&"envahi".to_string()));
        let f = conjugate(Lang::Fr, "s'opposer").unwrap();
        assert!(f.contains(&"opposé".to_string()));
        assert!(conjugate(Lang::Fr, "prendre").is_some());
        let f = conjugate(Lang::Fr, "rompre").unwrap();
        assert!(f.contains(&"rompt".to_string()) && f.contains(&"rompu".to_string()));
        let f = conjugate(Lang::Fr, "abattre").unwrap();
        assert!(f.contains(&"abat".to_string()) && f.contains(&"abattu".to_string()));
        assert!(conjugate(Lang::Fr, "transmettre").is_none());
    }

    #[test]
    fn english_paradigms() {
        assert_eq!(
            conjugate(Lang::En, "accuse").unwrap(),
            ["accuse", "accuses", "accused", "accusing"]
        );
        assert_eq!(
            conjugate(Lang::En, "deny").unwrap(),
            ["deny", "denies", "denied", "denying"]
        );
        assert_eq!(
            conjugate(Lang::En, "attack").unwrap(),
            ["attack", "attacks", "attacked", "attacking"]
        );
        assert_eq!(
            conjugate(Lang::En, "ban").unwrap(),
            ["ban", "bans", "baned", "baning", "banned", "banning"]
        );
        let f = conjugate(Lang::En, "expel").unwrap();
        assert!(f.contains(&"expelled".to_string()) && f.contains(&"expelling".to_string()));
        let f = conjugate(Lang::En, "visit").unwrap();
        assert!(f.contains(&"visited".to_string()) && f.contains(&"visiting".to_string()));
        // (two vowel letters before the consonant: no doubling)
        assert_eq!(conjugate(Lang::En, "jail").unwrap().len(), 4);
    }
}
