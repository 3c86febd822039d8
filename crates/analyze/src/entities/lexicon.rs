//! The entity lexicons, loaded once and compiled into automata: countries (names, demonyms,
//! capitals), places, named organisations (international bodies, agencies, seats of
//! government), titles and institution heads, first names, office holders, stop words.

use std::collections::HashMap;

use vigie_doc::{Gender, Lang};
use vigie_lexicon::{Error, Errors, LexFile, Lexicons};

use super::scan::fold;
pub use crate::hash::{WordMap, WordSet};
use crate::quotes::dfa::{State, Table};

/// What a name in the gazetteer denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// A country's name ("Russie", "United States").
    Country,
    /// A country's demonym/adjective ("russe", "américaines", "Kenyan").
    Demonym,
    /// A country's capital ("Moscou"): a place, or a metonym of the government.
    Capital,
    /// Another place (city, region, state, landmark).
    Place,
    /// A named organisation (international body, agency, party, company, seat of government).
    Org,
}

/// How the text's case must agree with a gazetteer entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Exactly as listed (acronyms: `US`, `AP`, `UE`).
    Exact,
    /// First letter upper case.
    Cap,
    /// Any case (demonyms, which French writes in lower case).
    Any,
}

/// One gazetteer entry.
#[derive(Clone, Debug)]
pub struct NameEntry {
    /// What it denotes.
    pub kind: NameKind,
    /// Actor code (`RUS`, `USAGOV`, `IGOUNO`, `RUSMED`).
    pub actor: String,
    /// The canonical name of the entity (the first name listed for it).
    pub canonical: String,
    /// Case agreement required.
    pub case: Case,
    /// The listed form (for exact-case checks).
    pub form: String,
    /// Bit `k`: word `k` of the form (words cut at whitespace and hyphens) starts with a
    /// capital, for the `Cap` check without re-reading the form; `None` past 64 words.
    pub cap_words: Option<u64>,
    /// Only for this language, when set.
    pub lang: Option<Lang>,
    /// The rule id reported for mentions found by this entry.
    pub rule: String,
    /// A short description used as a role (`agence de presse russe`), when listed.
    pub role: Option<String>,
    /// For demonyms: the grammatical gender and number it shows (`f`, `m`, ``).
    pub gender: Option<Gender>,
}

/// What a nominal (title, institution head, organisation noun) is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NominalKind {
    /// A person's title or function ("porte-parole", "ministre", "spokeswoman").
    Title,
    /// An honorific before a name ("M.", "Mme", "Mr", "Dr.").
    Honorific,
    /// The head noun of an institution ("ministère", "armée", "police", "Department").
    Head,
    /// A noun that introduces an organisation's name ("la société X", "the newspaper X").
    OrgNoun,
    /// A noun that describes a place ("la ville de X", "X, une colline", "the town of X").
    PlaceNoun,
}

/// One nominal entry.
#[derive(Clone, Debug)]
pub struct Nominal {
    /// What it is.
    pub kind: NominalKind,
    /// Language.
    pub lang: Lang,
    /// Sector it implies (`GOV`, `MIL`, `MED`...), if any.
    pub sector: Option<String>,
    /// Gender it shows (`Mme`, `spokeswoman`, `actrice`), if any.
    pub gender: Option<Gender>,
    /// For heads: the bare noun with a definite article denotes a body ("le parquet").
    pub bare: bool,
    /// For heads: a demonym or adjective alone does not make a name ("l'agence américaine").
    pub needs_name: bool,
    /// For heads: the canonical form (singular).
    pub lemma: String,
    /// Rule id.
    pub rule: String,
}

/// A dated office.
#[derive(Clone, Debug)]
pub struct Holder {
    /// Full name.
    pub name: String,
    /// Folded surname (last token of the name, or the listed surname).
    pub surname: String,
    /// Folded full names (every listed variant).
    pub full: Vec<String>,
    /// Actor code while in office.
    pub actor: String,
    /// Role, English.
    pub role_en: String,
    /// Role, French.
    pub role_fr: String,
    /// First day in office, `YYYY-MM-DD`.
    pub from: String,
    /// Last day in office (`YYYY-MM-DD`), empty while in office.
    pub to: String,
}

/// Every entity lexicon, compiled.
#[derive(Debug)]
pub struct EntityLexicon {
    /// One automaton over the folded gazetteer names and nominals: one walk from a token start
    /// finds both.
    pub trie: Trie,
    /// Folded gazetteer name -> its index in `name_entries`.
    pub names: WordMap<usize>,
    /// Entries of each gazetteer name.
    pub name_entries: Vec<Vec<NameEntry>>,
    /// Entries of each nominal.
    pub nominal_entries: Vec<Vec<Nominal>>,
    /// Folded first name -> gender (`None`: both).
    pub first_names: Words<Option<Gender>>,
    /// Folded words that never make an entity alone, per language.
    pub stop: [Words; 2],
    /// Folded name connectors inside proper names ("de", "of", "von", "al").
    pub connectors: Words,
    /// Folded organisation head words inside capitalised names ("airlines", "group", "inc").
    pub org_words: Words<Option<String>>,
    /// Folded place words inside capitalised names ("county", "coast", "street").
    pub place_words: Words,
    /// Folded adjectives that may follow an institution head ("fédérale", "civile").
    pub inst_adjs: Words,
    /// Folded domain nouns of an institution's complement ("santé", "affaires", "défense").
    pub domains: Words,
    /// Office holders.
    pub holders: Vec<Holder>,
    /// Folded surname or full name -> indices into `holders`.
    pub holder_index: WordMap<Vec<usize>>,
    /// Country alpha-3 -> canonical (first) name, per language.
    pub country_names: HashMap<String, [String; 2]>,
    /// Capital (canonical name) -> the international bodies seated there that it stands for
    /// when the article names them (`igos.tsv`, fifth column), in file order.
    pub seats: HashMap<String, Vec<String>>,
}

/// A set (or map) of folded words with a cheap first test, as most look-ups are of words it
/// does not hold: a bit per class of words (a mix of a word's first and last bytes and its
/// length), set for the classes of the words it holds. A word of an empty class is answered
/// without a hash or a probe; the others are looked up.
#[derive(Debug)]
pub struct Words<V = ()> {
    map: WordMap<V>,
    classes: [u64; CLASSES / 64],
}

/// The number of classes of [`Words`].
const CLASSES: usize = 4096;

/// The class of a word in [`Words`] (below [`CLASSES`]).
#[inline]
fn class(w: &str) -> usize {
    let b = w.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return 0;
    };
    let key = u32::from(first) | (u32::from(last) << 8) | ((b.len() as u32) << 16);
    // (The top 12 bits of a multiplicative hash.)
    (key.wrapping_mul(0x9e37_79b1) >> 20) as usize
}

impl<V> Default for Words<V> {
    fn default() -> Self {
        Words {
            map: WordMap::default(),
            classes: [0; CLASSES / 64],
        }
    }
}

impl<V> Words<V> {
    /// Adds `w` with `v`; returns the value it had.
    pub fn insert(&mut self, w: String, v: V) -> Option<V> {
        let c = class(&w);
        self.classes[c / 64] |= 1 << (c % 64);
        self.map.insert(w, v)
    }

    /// The value of `w`.
    #[inline]
    pub fn get(&self, w: &str) -> Option<&V> {
        let c = class(w);
        if self.classes[c / 64] & (1 << (c % 64)) == 0 {
            return None;
        }
        self.map.get(w)
    }

    /// Whether `w` is held.
    #[inline]
    pub fn contains(&self, w: &str) -> bool {
        self.get(w).is_some()
    }
}

fn lang_idx(l: Lang) -> usize {
    match l {
        Lang::Fr => 0,
        Lang::En => 1,
    }
}

impl EntityLexicon {
    /// The stop words of a language.
    pub fn stop(&self, lang: Lang) -> &Words {
        &self.stop[lang_idx(lang)]
    }

    /// Loads every entity lexicon from `lex`, collecting every bad line.
    pub fn load(lex: &Lexicons) -> Result<EntityLexicon, Errors> {
        let mut errors = Errors::default();
        let mut names: Vec<(String, NameEntry)> = Vec::new();
        let mut country_names = HashMap::new();
        let mut seats: HashMap<String, Vec<String>> = HashMap::new();

        if let Some(f) = get(lex, "actors/countries.tsv", &mut errors) {
            load_countries(f, &mut names, &mut country_names, &mut errors);
        }
        for (file, tag) in [
            ("actors/igos.tsv", "igo"),
            ("actors/agencies.tsv", "agency"),
            ("actors/organizations.tsv", "org"),
        ] {
            if let Some(f) = get(lex, file, &mut errors) {
                load_orgs(f, tag, &mut names, &mut seats, &mut errors);
            }
        }
        if let Some(f) = get(lex, "actors/places.tsv", &mut errors) {
            load_places(f, &mut names, &mut errors);
        }

        let mut nominals: Vec<(String, Nominal)> = Vec::new();
        for lang in [Lang::Fr, Lang::En] {
            let file = format!("lexicons/{}/titles.tsv", lang.code());
            if let Some(f) = get(lex, &file, &mut errors) {
                load_nominals(f, lang, &mut nominals, &mut errors);
            }
        }
        if let Some(f) = get(lex, "actors/institutions.tsv", &mut errors) {
            load_institutions(f, &mut nominals, &mut errors);
        }

        let mut first_names = Words::default();
        for f in lex.under("lexicons/names/") {
            if f.name.ends_with(".tsv") {
                load_first_names(f, &mut first_names, &mut errors);
            }
        }

        let mut stop = [Words::default(), Words::default()];
        for lang in [Lang::Fr, Lang::En] {
            let file = format!("lexicons/{}/entity-stopwords.txt", lang.code());
            if let Some(f) = get(lex, &file, &mut errors) {
                for (_, line) in f.list_rows() {
                    for w in line.split_whitespace() {
                        stop[lang_idx(lang)].insert(fold(w), ());
                    }
                }
            }
        }

        let mut connectors = Words::default();
        let mut org_words = Words::default();
        let mut place_words = Words::default();
        let mut inst_adjs = Words::default();
        let mut domains = Words::default();
        if let Some(f) = get(lex, "actors/name-words.tsv", &mut errors) {
            for (line, row) in f.tsv_rows() {
                let (Some(kind), Some(words)) = (row.first(), row.get(1)) else {
                    errors.push(Error::at(
                        &f.name,
                        Some(line),
                        "expected kind, words".into(),
                    ));
                    continue;
                };
                let sector = row.get(2).filter(|s| !s.is_empty() && **s != "-");
                for w in words.split('|').map(str::trim).filter(|w| !w.is_empty()) {
                    let w = fold(w);
                    match *kind {
                        "connector" => {
                            connectors.insert(w, ());
                        }
                        "org" => {
                            org_words.insert(w, sector.map(|s| s.to_string()));
                        }
                        "place" => {
                            place_words.insert(w, ());
                        }
                        "adj" => {
                            inst_adjs.insert(w, ());
                        }
                        "domain" => {
                            domains.insert(w, ());
                        }
                        k => errors.push(Error::at(
                            &f.name,
                            Some(line),
                            format!("unknown kind {k:?} (connector|org|place|adj|domain)"),
                        )),
                    }
                }
            }
        }

        let mut holders = Vec::new();
        let mut holder_index: WordMap<Vec<usize>> = WordMap::default();
        if let Some(f) = get(lex, "actors/office-holders.tsv", &mut errors) {
            for (line, row) in f.tsv_rows() {
                if row.len() < 7 {
                    errors.push(Error::at(
                        &f.name,
                        Some(line),
                        "expected name, surname, actor, role_en, role_fr, from, to".into(),
                    ));
                    continue;
                }
                // Variants (French spellings) are separated by ';': every full name and
                // surname of every variant finds the office.
                let variants: Vec<&str> = row[0]
                    .split(';')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .collect();
                let Some(name) = variants.first().map(|v| v.to_string()) else {
                    continue;
                };
                let mut keys: Vec<String> = Vec::new();
                for v in &variants {
                    keys.push(fold(v));
                    if row[1].is_empty() {
                        keys.push(fold(v.split_whitespace().last().unwrap_or("")));
                    }
                }
                if !row[1].is_empty() {
                    keys.push(fold(row[1]));
                    keys.push(fold(row[1].split_whitespace().last().unwrap_or("")));
                }
                keys.sort();
                keys.dedup();
                let i = holders.len();
                holders.push(Holder {
                    name,
                    surname: keys.first().cloned().unwrap_or_default(),
                    full: variants.iter().map(|v| fold(v)).collect(),
                    actor: row[2].to_string(),
                    role_en: row[3].to_string(),
                    role_fr: row[4].to_string(),
                    from: row[5].to_string(),
                    to: if row[6] == "-" {
                        String::new()
                    } else {
                        row[6].to_string()
                    },
                });
                for k in keys {
                    holder_index.entry(k).or_default().push(i);
                }
            }
        }

        let (names, name_entries) = group(names);
        let (nominals, nominal_entries) = group(nominals);
        let trie = Trie::new(&names, &nominals).unwrap_or_else(|e| {
            errors.push(Error::at(
                "names and titles",
                None,
                format!("automaton: {e}"),
            ));
            Trie::new(&[], &[]).expect("empty automaton builds")
        });
        let names = names.into_iter().enumerate().map(|(i, p)| (p, i)).collect();

        errors.into_result(EntityLexicon {
            trie,
            names,
            name_entries,
            nominal_entries,
            first_names,
            stop,
            connectors,
            org_words,
            place_words,
            inst_adjs,
            domains,
            holders,
            holder_index,
            country_names,
            seats,
        })
    }
}

fn get<'a>(lex: &'a Lexicons, name: &str, errors: &mut Errors) -> Option<&'a LexFile> {
    match lex.require(name) {
        Ok(f) => Some(f),
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

/// Folded lexicon patterns (gazetteer names and nominals together) compiled into an anchored
/// automaton (a trie in a dense table, built once): a walk from one position of the folded
/// text gives every pattern that starts there, shortest first. Entities are aligned on tokens,
/// so the stage walks from token starts only instead of searching every position of the text
/// for overlapping matches.
///
/// The table: bytes are mapped to classes (each byte some pattern holds its own class, every
/// other byte class 0, on which no state has an edge); rows as wide as the classes, in 16 bits
/// when the state numbers fit (see [`Table`]); the dead state is 0 and the states that end a pattern follow it,
/// so one comparison per byte says "nothing to do". The same walks as `aho_corasick`'s
/// anchored DFA (the tests compare them), for about half the instructions per byte.
#[derive(Debug)]
pub struct Trie {
    classes: [u8; 256],
    /// The number of byte classes: the width of a row.
    width: u32,
    /// Rows of next-state ids, one per state.
    trans: Table,
    /// Ids up to this one are the dead state (0) or states that end a pattern.
    max_special: u32,
    /// The root's id.
    start: u32,
    /// For each state that ends a pattern (by index, the dead state's slot unused): the pattern.
    ends: Box<[u32]>,
    /// For each pattern: its index among the names and among the nominals ([`NONE`]: not one).
    lists: Vec<[u32; 2]>,
    /// The patterns, for the tests that compare the walks with the crate's automaton.
    #[cfg(test)]
    patterns: Vec<String>,
}

/// Not a name, or not a nominal (see [`Trie::starting_at`]).
const NONE: u32 = u32::MAX;

impl Trie {
    /// The automaton over `names` and `nominals` (each without duplicates); an error when the
    /// table would not fit 32-bit ids.
    fn new(names: &[String], nominals: &[String]) -> Result<Trie, String> {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut patterns: Vec<&str> = Vec::new();
        let mut lists: Vec<[u32; 2]> = Vec::new();
        for (side, list) in [names, nominals].into_iter().enumerate() {
            for (i, p) in list.iter().enumerate() {
                let k = *index.entry(p.as_str()).or_insert_with(|| {
                    patterns.push(p);
                    lists.push([NONE; 2]);
                    patterns.len() - 1
                });
                lists[k][side] = i as u32;
            }
        }
        let too_large = || "automaton too large".to_string();
        // Byte classes.
        let mut used = [false; 256];
        for p in &patterns {
            for &b in p.as_bytes() {
                used[usize::from(b)] = true;
            }
        }
        let mut classes = [0u8; 256];
        let mut n_classes = 1usize;
        for b in 0..256 {
            if used[b] {
                classes[b] = u8::try_from(n_classes).map_err(|_| too_large())?;
                n_classes += 1;
            }
        }
        let width = n_classes;
        // The trie, nodes numbered as made (the root 0, so 0 is also "no edge"), and the
        // pattern each node spells ([`NONE`]: none). (An empty pattern is never reported, as
        // a walk reports what it reads after at least one byte.)
        let mut edges: Vec<u32> = vec![0; width];
        let mut spells: Vec<u32> = vec![NONE];
        for (pid, p) in patterns.iter().enumerate() {
            let mut node = 0usize;
            for &b in p.as_bytes() {
                let e = node * width + usize::from(classes[usize::from(b)]);
                node = match edges[e] {
                    0 => {
                        let new = spells.len();
                        edges[e] = u32::try_from(new).map_err(|_| too_large())?;
                        edges.resize(edges.len() + width, 0);
                        spells.push(NONE);
                        new
                    }
                    child => child as usize,
                };
            }
            if node != 0 {
                spells[node] = u32::try_from(pid).map_err(|_| too_large())?;
            }
        }
        // Final numbering: the dead state, the nodes that spell a pattern, the others.
        let n = spells.len();
        let mut id = vec![0u32; n];
        let mut next = 1u32;
        for pass in [true, false] {
            for (node, &sp) in spells.iter().enumerate() {
                if (sp != NONE) == pass {
                    id[node] = next;
                    next += 1;
                }
            }
        }
        // (One row per node, and the dead state's.)
        let rows = n + 1;
        let total = rows
            .checked_mul(width)
            .filter(|&t| t <= u32::MAX as usize)
            .ok_or_else(too_large)?;
        let mut trans = vec![0u32; total];
        let mut ends = vec![NONE; rows];
        for node in 0..n {
            let row = id[node] as usize * width;
            for c in 0..width {
                let child = edges[node * width + c];
                if child != 0 {
                    trans[row + c] = id[child as usize];
                }
            }
            ends[id[node] as usize] = spells[node];
        }
        let n_match = spells.iter().filter(|&&sp| sp != NONE).count() as u32;
        Ok(Trie {
            classes,
            width: u32::try_from(width).map_err(|_| too_large())?,
            trans: Table::new(trans),
            max_special: n_match,
            start: id[0],
            ends: ends.into_boxed_slice(),
            lists,
            #[cfg(test)]
            patterns: patterns.iter().map(|p| p.to_string()).collect(),
        })
    }

    /// Appends to `out` every pattern that occurs in `hay` starting at one of `starts`, by
    /// start (as listed) then increasing end: `(k, match)` for a pattern at `starts[k]`. (All
    /// the starts of a document in one call, and matches to a buffer rather than a callback,
    /// keep the walks a tight loop.)
    pub fn starting_at(&self, hay: &[u8], starts: &[usize], out: &mut Vec<(usize, TrieMatch)>) {
        match &self.trans {
            Table::Narrow(t) => self.walks(t, hay, starts, out),
            Table::Wide(t) => self.walks(t, hay, starts, out),
        }
    }

    fn walks<T: State>(
        &self,
        trans: &[T],
        hay: &[u8],
        starts: &[usize],
        out: &mut Vec<(usize, TrieMatch)>,
    ) {
        let (width, max_special) = (self.width, self.max_special);
        for (k, &at) in starts.iter().enumerate() {
            let Some(rest) = hay.get(at..) else {
                continue;
            };
            let mut sid = self.start;
            for (j, &b) in rest.iter().enumerate() {
                let c = u32::from(self.classes[usize::from(b)]);
                sid = trans
                    .get((sid * width + c) as usize)
                    .map_or(0, |&t| t.get());
                if sid > max_special {
                    continue;
                }
                if sid == 0 {
                    break;
                }
                out.push((k, self.found(sid, at + j + 1)));
            }
        }
    }

    /// The match of state `sid` (one that ends a pattern), ending at `end`.
    #[inline]
    fn found(&self, sid: u32, end: usize) -> TrieMatch {
        let [n, m] = self
            .ends
            .get(sid as usize)
            .and_then(|&p| self.lists.get(p as usize))
            .copied()
            .unwrap_or([NONE; 2]);
        let some = |x: u32| (x != NONE).then_some(x as usize);
        TrieMatch {
            name: some(n),
            nominal: some(m),
            end,
        }
    }
}

/// A pattern found by [`Trie::starting_at`].
#[derive(Clone, Copy, Debug)]
pub struct TrieMatch {
    /// Its index among the gazetteer names, if it is one.
    pub name: Option<usize>,
    /// Its index among the nominals, if it is one.
    pub nominal: Option<usize>,
    /// Where it ends in the folded text.
    pub end: usize,
}

/// Groups entries by folded pattern: the distinct patterns, and the entries of each.
fn group<T>(items: Vec<(String, T)>) -> (Vec<String>, Vec<Vec<T>>) {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut patterns: Vec<String> = Vec::new();
    let mut entries: Vec<Vec<T>> = Vec::new();
    for (pat, item) in items {
        if pat.is_empty() {
            continue;
        }
        let i = *index.entry(pat.clone()).or_insert_with(|| {
            patterns.push(pat);
            entries.push(Vec::new());
            patterns.len() - 1
        });
        entries[i].push(item);
    }
    (patterns, entries)
}

/// See [`NameEntry::cap_words`].
fn cap_words(form: &str) -> Option<u64> {
    let mut mask = 0u64;
    for (k, w) in form
        .split(|c: char| c.is_whitespace() || c == '-')
        .enumerate()
    {
        if w.chars().next().is_some_and(|c| c.is_uppercase()) {
            mask |= 1u64.checked_shl(u32::try_from(k).ok()?)?;
        }
    }
    Some(mask)
}

fn case_of(form: &str) -> Case {
    let letters: Vec<char> = form.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() <= 5 && letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        Case::Exact
    } else if form.chars().next().is_some_and(|c| c.is_uppercase()) {
        Case::Cap
    } else {
        Case::Any
    }
}

fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split('|')
        .map(str::trim)
        .filter(|w| !w.is_empty() && *w != "-")
}

/// French plural forms of a demonym/adjective.
pub fn french_plurals(w: &str) -> Vec<String> {
    let mut out = vec![w.to_string()];
    if w.ends_with('s') || w.ends_with('x') || w.ends_with('z') {
        return out;
    }
    if let Some(stem) = w.strip_suffix("al") {
        out.push(format!("{stem}aux"));
    } else {
        out.push(format!("{w}s"));
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn entry(
    kind: NameKind,
    actor: &str,
    canonical: &str,
    form: &str,
    lang: Option<Lang>,
    rule: String,
    role: Option<String>,
    gender: Option<Gender>,
) -> (String, NameEntry) {
    (
        fold(form),
        NameEntry {
            kind,
            actor: actor.to_string(),
            canonical: canonical.to_string(),
            case: if kind == NameKind::Demonym {
                Case::Any
            } else {
                case_of(form)
            },
            form: form.to_string(),
            cap_words: cap_words(form),
            lang,
            rule,
            role,
            gender,
        },
    )
}

fn load_countries(
    f: &LexFile,
    names: &mut Vec<(String, NameEntry)>,
    country_names: &mut HashMap<String, [String; 2]>,
    errors: &mut Errors,
) {
    for (line, row) in f.tsv_rows() {
        if row.len() < 6 {
            errors.push(Error::at(
                &f.name,
                Some(line),
                "expected alpha3, en names, fr names, en demonyms, fr demonyms, capitals".into(),
            ));
            continue;
        }
        let code = row[0];
        if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
            errors.push(Error::at(
                &f.name,
                Some(line),
                format!("bad alpha-3 code {code:?}"),
            ));
            continue;
        }
        let en: Vec<&str> = split_list(row[1]).collect();
        let fr: Vec<&str> = split_list(row[2]).collect();
        let (Some(en0), Some(fr0)) = (en.first(), fr.first()) else {
            errors.push(Error::at(
                &f.name,
                Some(line),
                "a country needs an English and a French name".into(),
            ));
            continue;
        };
        country_names.insert(code.to_string(), [fr0.to_string(), en0.to_string()]);
        let rule = format!("actors/countries:{code}");
        for n in &en {
            names.push(entry(
                NameKind::Country,
                code,
                n,
                n,
                Some(Lang::En),
                rule.clone(),
                None,
                None,
            ));
        }
        for n in &fr {
            names.push(entry(
                NameKind::Country,
                code,
                n,
                n,
                Some(Lang::Fr),
                rule.clone(),
                None,
                None,
            ));
        }
        for d in split_list(row[3]) {
            names.push(entry(
                NameKind::Demonym,
                code,
                d,
                d,
                Some(Lang::En),
                rule.clone(),
                None,
                None,
            ));
        }
        for d in split_list(row[4]) {
            let (m, fem) = d.split_once('/').unwrap_or((d, d));
            for (form, g) in [(m, Gender::M), (fem, Gender::F)] {
                let g = (m != fem).then_some(g);
                for p in french_plurals(form) {
                    names.push(entry(
                        NameKind::Demonym,
                        code,
                        &p,
                        &p,
                        Some(Lang::Fr),
                        rule.clone(),
                        None,
                        g,
                    ));
                }
            }
        }
        let caps: Vec<&str> = split_list(row[5]).collect();
        for c in &caps {
            names.push(entry(
                NameKind::Capital,
                code,
                caps[0],
                c,
                None,
                rule.clone(),
                None,
                None,
            ));
        }
    }
}

fn load_orgs(
    f: &LexFile,
    tag: &str,
    names: &mut Vec<(String, NameEntry)>,
    seats: &mut HashMap<String, Vec<String>>,
    errors: &mut Errors,
) {
    for (line, row) in f.tsv_rows() {
        if row.len() < 3 {
            errors.push(Error::at(
                &f.name,
                Some(line),
                "expected actor, canonical name, aliases[, role]".into(),
            ));
            continue;
        }
        let actor = row[0];
        let canonical = row[1];
        let role = row
            .get(3)
            .filter(|r| !r.is_empty() && **r != "-")
            .map(|r| r.to_string());
        let rule = format!("actors/{tag}:{}", canonical);
        if let Some(seat) = row.get(4).filter(|r| !r.is_empty() && **r != "-") {
            seats
                .entry(seat.to_string())
                .or_default()
                .push(canonical.to_string());
        }
        for form in std::iter::once(canonical).chain(split_list(row[2])) {
            names.push(entry(
                NameKind::Org,
                actor,
                canonical,
                form,
                None,
                rule.clone(),
                role.clone(),
                None,
            ));
        }
    }
}

fn load_places(f: &LexFile, names: &mut Vec<(String, NameEntry)>, errors: &mut Errors) {
    for (line, row) in f.tsv_rows() {
        if row.len() < 2 {
            errors.push(Error::at(
                &f.name,
                Some(line),
                "expected country, names".into(),
            ));
            continue;
        }
        let code = row[0];
        let forms: Vec<&str> = split_list(row[1]).collect();
        let Some(first) = forms.first() else { continue };
        let rule = format!("actors/places:{first}");
        for form in &forms {
            names.push(entry(
                NameKind::Place,
                code,
                first,
                form,
                None,
                rule.clone(),
                None,
                None,
            ));
        }
    }
}

fn parse_gender(s: &str) -> Option<Gender> {
    match s {
        "m" => Some(Gender::M),
        "f" => Some(Gender::F),
        _ => None,
    }
}

/// `titles.tsv`: kind, forms (|), gender, sector.
fn load_nominals(f: &LexFile, lang: Lang, out: &mut Vec<(String, Nominal)>, errors: &mut Errors) {
    for (line, row) in f.tsv_rows() {
        if row.len() < 4 {
            errors.push(Error::at(
                &f.name,
                Some(line),
                "expected kind, forms, gender, sector".into(),
            ));
            continue;
        }
        let kind = match row[0] {
            "title" => NominalKind::Title,
            "honorific" => NominalKind::Honorific,
            "orgnoun" => NominalKind::OrgNoun,
            "placenoun" => NominalKind::PlaceNoun,
            k => {
                errors.push(Error::at(
                    &f.name,
                    Some(line),
                    format!("unknown kind {k:?}"),
                ));
                continue;
            }
        };
        let forms: Vec<&str> = split_list(row[1]).collect();
        let Some(lemma) = forms.first() else { continue };
        let sector = Some(row[3])
            .filter(|s| !s.is_empty() && *s != "-")
            .map(str::to_string);
        let lemma = lemma.split(':').next().unwrap_or(lemma);
        for form in &forms {
            // A form may carry its own gender: "présidente:f".
            let (form, gender) = match form.rsplit_once(':') {
                Some((f, g @ ("m" | "f"))) => (f, parse_gender(g)),
                _ => (*form, parse_gender(row[2])),
            };
            out.push((
                fold(form),
                Nominal {
                    kind,
                    lang,
                    sector: sector.clone(),
                    gender,
                    bare: false,
                    needs_name: false,
                    lemma: lemma.to_string(),
                    rule: format!("{}/titles:{}", lang.code(), lemma),
                },
            ));
        }
    }
}

/// `institutions.tsv`: lang, forms (|), sector, bare (yes|no).
fn load_institutions(f: &LexFile, out: &mut Vec<(String, Nominal)>, errors: &mut Errors) {
    for (line, row) in f.tsv_rows() {
        if row.len() < 4 {
            errors.push(Error::at(
                &f.name,
                Some(line),
                "expected lang, forms, sector, bare".into(),
            ));
            continue;
        }
        let Some(lang) = Lang::from_code(row[0]) else {
            errors.push(Error::at(
                &f.name,
                Some(line),
                format!("unknown language {:?}", row[0]),
            ));
            continue;
        };
        let forms: Vec<&str> = split_list(row[1]).collect();
        let Some(lemma) = forms.first() else { continue };
        for form in &forms {
            out.push((
                fold(form),
                Nominal {
                    kind: NominalKind::Head,
                    lang,
                    sector: Some(row[2]).filter(|s| *s != "-").map(str::to_string),
                    gender: None,
                    bare: row[3] == "yes",
                    needs_name: row[3] == "name",
                    lemma: lemma.to_string(),
                    rule: format!("actors/institutions:{lemma}"),
                },
            ));
        }
    }
}

fn load_first_names(f: &LexFile, out: &mut Words<Option<Gender>>, errors: &mut Errors) {
    for (line, row) in f.tsv_rows() {
        let (Some(name), Some(g)) = (row.first(), row.get(1)) else {
            errors.push(Error::at(
                &f.name,
                Some(line),
                "expected name, gender".into(),
            ));
            continue;
        };
        let g = match *g {
            "m" => Some(Gender::M),
            "f" => Some(Gender::F),
            "u" | "mf" | "fm" => None,
            other => {
                errors.push(Error::at(
                    &f.name,
                    Some(line),
                    format!("gender {other:?} is not m, f or u"),
                ));
                continue;
            }
        };
        let key = fold(name);
        match out.get(&key) {
            Some(prev) if *prev != g => {
                out.insert(key, None);
            }
            Some(_) => {}
            None => {
                out.insert(key, g);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::automaton::Automaton;
    use aho_corasick::dfa::DFA;
    use aho_corasick::{Anchored, MatchKind, StartKind};

    type Found = (usize, Option<usize>, Option<usize>, usize);

    /// `words` answers every word as its map does: the words it holds, and the tokens of the
    /// dev articles and of sample chars, folded (not held: their classes are mostly empty).
    fn check_classes<V: PartialEq + std::fmt::Debug>(words: &Words<V>, probes: &[String]) {
        for (w, v) in &words.map {
            assert_eq!(words.get(w), Some(v), "{w:?}");
        }
        for w in probes {
            assert_eq!(words.get(w), words.map.get(w), "{w:?}");
        }
    }

    #[test]
    fn word_classes_answer_as_the_maps() {
        let lex = EntityLexicon::load(&Lexicons::embedded()).expect("entity lexicons");
        let mut probes: Vec<String> = vec![String::new()];
        for c in crate::text::sample_chars() {
            probes.push(fold(&c.to_string()));
            probes.push(fold(&format!("de{c}")));
        }
        for text in crate::text::dev_articles() {
            let folded = super::super::scan::Folded::new(&text).text;
            probes.extend(
                folded
                    .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
                    .map(str::to_string),
            );
        }
        for stop in &lex.stop {
            check_classes(stop, &probes);
        }
        check_classes(&lex.connectors, &probes);
        check_classes(&lex.place_words, &probes);
        check_classes(&lex.inst_adjs, &probes);
        check_classes(&lex.domains, &probes);
        check_classes(&lex.org_words, &probes);
        check_classes(&lex.first_names, &probes);
        // Most probes are in empty classes: the test that answers them without a look-up.
        let empty = probes.iter().filter(|w| {
            let c = class(w);
            lex.connectors.classes[c / 64] & (1 << (c % 64)) == 0
        });
        assert!(empty.count() * 2 > probes.len());
    }

    /// The walks over `aho_corasick`'s anchored DFA that the table replaces.
    fn reference(trie: &Trie, dfa: &DFA, hay: &[u8], starts: &[usize]) -> Vec<Found> {
        let mut out = Vec::new();
        let Ok(start) = dfa.start_state(Anchored::Yes) else {
            return out;
        };
        for (k, &at) in starts.iter().enumerate() {
            let Some(rest) = hay.get(at..) else {
                continue;
            };
            let mut sid = start;
            for (j, &b) in rest.iter().enumerate() {
                sid = dfa.next_state(Anchored::Yes, sid, b);
                if !dfa.is_special(sid) {
                    continue;
                }
                if dfa.is_dead(sid) {
                    break;
                }
                if dfa.is_match(sid) {
                    for i in 0..dfa.match_len(sid) {
                        let pid = dfa.match_pattern(sid, i);
                        if dfa.pattern_len(pid) == j + 1 {
                            let [n, m] = trie.lists[pid.as_usize()];
                            let some = |x: u32| (x != NONE).then_some(x as usize);
                            out.push((k, some(n), some(m), at + j + 1));
                        }
                    }
                }
            }
        }
        out
    }

    fn walks(trie: &Trie, hay: &[u8], starts: &[usize]) -> Vec<Found> {
        let mut found = Vec::new();
        trie.starting_at(hay, starts, &mut found);
        found
            .into_iter()
            .map(|(k, m)| (k, m.name, m.nominal, m.end))
            .collect()
    }

    /// Every char boundary of `hay`, and one past its end.
    fn boundaries(hay: &str) -> Vec<usize> {
        (0..=hay.len() + 1)
            .filter(|&i| i > hay.len() || hay.is_char_boundary(i))
            .collect()
    }

    #[test]
    fn the_table_walks_as_the_crate_dfa() {
        let lex = EntityLexicon::load(&Lexicons::embedded()).expect("entity lexicons");
        let trie = &lex.trie;
        assert!(trie.patterns.len() > 1000);
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Anchored)
            .build(&trie.patterns)
            .expect("dfa");
        // The patterns themselves, end to end and cut short.
        let mut hay = String::new();
        for p in &trie.patterns {
            hay.push_str(p);
            hay.push(' ');
            hay.push_str(&p[..p.char_indices().last().map_or(0, |(i, _)| i)]);
            hay.push('|');
        }
        let starts = boundaries(&hay);
        let want = reference(trie, &dfa, hay.as_bytes(), &starts);
        assert!(want.len() > trie.patterns.len());
        assert_eq!(walks(trie, hay.as_bytes(), &starts), want);
        // The dev articles, folded, when `../shared` is there.
        for text in crate::text::dev_articles() {
            let hay = super::super::scan::Folded::new(&text).text;
            let starts = boundaries(&hay);
            let want = reference(trie, &dfa, hay.as_bytes(), &starts);
            assert_eq!(walks(trie, hay.as_bytes(), &starts), want);
        }
        // No patterns: nothing found.
        let empty = Trie::new(&[], &[]).expect("empty trie");
        assert!(walks(&empty, b"abc", &[0, 1, 2, 3]).is_empty());
    }

    #[test]
    fn a_trie_of_more_than_65536_states_walks_the_wide_table() {
        // 12,000 names of eight letters, few prefixes shared: some 80,000 states
        let names = crate::text::many_words(12_000);
        let trie = Trie::new(&names, &names[..10]).expect("trie");
        assert!(matches!(trie.trans, Table::Wide(_)));
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Anchored)
            .build(&trie.patterns)
            .expect("dfa");
        let hay = names.join(" ");
        let starts = boundaries(&hay);
        let want = reference(&trie, &dfa, hay.as_bytes(), &starts);
        assert_eq!(want.len(), names.len());
        assert_eq!(walks(&trie, hay.as_bytes(), &starts), want);
    }
}
