//! Recognition: candidate mentions from the lexicon automata (countries, places, named
//! organisations, titles, institution heads) and from capitalised name chunks typed by their
//! context (honorifics, titles, appositions, first names, organisation and place words).

use std::borrow::Cow;

use vigie_doc::{EntityType, Gender, Lang, Span};

use super::lexicon::{Case, EntityLexicon, NameEntry, NameKind, Nominal, NominalKind, TrieMatch};
use super::scan::{Folded, Tok};

/// A lexicon hit aligned on tokens `[start, end)`.
#[derive(Clone, Debug)]
pub struct Hit<'l, T> {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The entries of the matched pattern that agree with the text's case and language.
    pub entries: Entries<'l, T>,
}

/// The entries of a hit, never empty: most patterns have one, kept without an allocation.
#[derive(Clone, Debug)]
pub enum Entries<'l, T> {
    /// One entry.
    One(&'l T),
    /// Two or more.
    Many(Vec<&'l T>),
}

impl<'l, T> Entries<'l, T> {
    /// The entries `it` gives, if any.
    fn collect(mut it: impl Iterator<Item = &'l T>) -> Option<Entries<'l, T>> {
        let first = it.next()?;
        let Some(second) = it.next() else {
            return Some(Entries::One(first));
        };
        let mut all = vec![first, second];
        all.extend(it);
        Some(Entries::Many(all))
    }
}

impl<'l, T> std::ops::Deref for Entries<'l, T> {
    type Target = [&'l T];

    fn deref(&self) -> &[&'l T] {
        match self {
            Entries::One(e) => std::slice::from_ref(e),
            Entries::Many(v) => v,
        }
    }
}

/// Lexicon hits of one document, by first token (longest hit first).
pub struct Hits<'l> {
    /// Gazetteer names, by first token.
    names: Vec<Hit<'l, NameEntry>>,
    /// Nominals, by first token.
    nominals: Vec<Hit<'l, Nominal>>,
    /// For each token, where its hits start in `names` and in `nominals`; then the ends.
    at: Vec<[u32; 2]>,
    /// For each token, what starts there: [`NAME_HIT`] for a name, `1 << kind` for a nominal
    /// entry of that kind (most tokens start none: a look-up then reads one byte).
    kinds: Vec<u8>,
}

/// A name hit starts at the token (see [`Hits::kinds`]).
const NAME_HIT: u8 = 0x80;

/// The bit of a nominal kind in [`Hits::kinds`].
fn kind_bit(kind: NominalKind) -> u8 {
    1 << (kind as u8)
}

impl<'l> Hits<'l> {
    /// The hits starting at token `i`, in `names` (side 0) or `nominals` (side 1).
    fn range(&self, i: usize, side: usize) -> std::ops::Range<usize> {
        match (self.at.get(i), self.at.get(i + 1)) {
            (Some(a), Some(b)) => a[side] as usize..b[side] as usize,
            _ => 0..0,
        }
    }

    /// Every gazetteer name hit, by first token.
    pub fn names(&self) -> &[Hit<'l, NameEntry>] {
        &self.names
    }

    /// Whether some hit of `mask` (bits of [`Hits::kinds`]) starts at token `i`.
    #[inline]
    fn starts(&self, i: usize, mask: u8) -> bool {
        self.kinds.get(i).is_some_and(|&k| k & mask != 0)
    }

    /// The first token from `i` on where a nominal of `kind` starts. (A scan of one byte per
    /// token: most tokens start none.)
    pub fn next_nominal(&self, i: usize, kind: NominalKind) -> Option<usize> {
        let bit = kind_bit(kind);
        let rest = self.kinds.get(i..)?;
        rest.iter().position(|&k| k & bit != 0).map(|p| i + p)
    }

    /// The gazetteer name hits starting at token `i`, longest first.
    pub fn names_at(&self, i: usize) -> &[Hit<'l, NameEntry>] {
        if !self.starts(i, NAME_HIT) {
            return &[];
        }
        &self.names[self.range(i, 0)]
    }

    /// The nominal hits starting at token `i`, longest first.
    pub fn nominals_at(&self, i: usize) -> &[Hit<'l, Nominal>] {
        if !self.starts(i, !NAME_HIT) {
            return &[];
        }
        &self.nominals[self.range(i, 1)]
    }

    /// The longest name hit starting at token `i`.
    pub fn name_at(&self, i: usize) -> Option<&Hit<'l, NameEntry>> {
        self.names_at(i).first()
    }

    /// The longest nominal hit starting at token `i` of the given kind.
    pub fn nominal_at(
        &self,
        i: usize,
        kind: NominalKind,
    ) -> Option<(&Hit<'l, Nominal>, &'l Nominal)> {
        if !self.starts(i, kind_bit(kind)) {
            return None;
        }
        self.nominals[self.range(i, 1)]
            .iter()
            .find_map(|h| h.entries.iter().find(|n| n.kind == kind).map(|n| (h, *n)))
    }
}

/// Index of the token from `s` on whose span ends at byte `b` (hits are a few tokens long: a
/// forward walk from the hit's first token beats a binary search).
fn tok_ending(toks: &[Tok<'_>], s: usize, b: usize) -> Option<usize> {
    let i = s + toks.get(s..)?.iter().position(|t| t.span.end >= b)?;
    (toks[i].span.end == b).then_some(i)
}

fn case_ok(entry: &NameEntry, text: &str) -> bool {
    match entry.case {
        Case::Any => true,
        // Every word capitalised in the listed form is capitalised in the text ("Le Temps" is
        // the newspaper, "Le temps" is not).
        Case::Cap => {
            let words = text.split(|c: char| c.is_whitespace() || c == '-');
            if let Some(rest) = entry.cap_words {
                // (ASCII text, most of it, is split and read by bytes: its whitespace is the
                // ASCII whitespace `char::is_whitespace` knows, tab to carriage return.)
                if text.is_ascii() {
                    let words = text
                        .as_bytes()
                        .split(|&b| matches!(b, b'\t'..=b'\r' | b' ' | b'-'));
                    return capitals_ok(
                        rest,
                        words.map(|w| w.first().is_some_and(u8::is_ascii_uppercase)),
                    );
                }
                return capitals_ok(
                    rest,
                    words.map(|w| w.chars().next().is_some_and(|c| c.is_uppercase())),
                );
            }
            let forms = entry.form.split(|c: char| c.is_whitespace() || c == '-');
            words.zip(forms).all(|(w, f)| {
                !f.chars().next().is_some_and(|c| c.is_uppercase())
                    || w.chars().next().is_some_and(|c| c.is_uppercase())
            })
        }
        Case::Exact => {
            let a = text.chars().filter(|c| c.is_alphanumeric());
            let b = entry.form.chars().filter(|c| c.is_alphanumeric());
            a.eq(b)
        }
    }
}

/// Whether the words whose bits are set in `rest` (the form's capitalised words, first word
/// lowest) start with a capital; `capitals` says, word by word of the text, whether it does.
fn capitals_ok(mut rest: u64, capitals: impl Iterator<Item = bool>) -> bool {
    for cap in capitals {
        // None left: nothing to check.
        if rest == 0 {
            return true;
        }
        if rest & 1 != 0 && !cap {
            return false;
        }
        rest >>= 1;
    }
    true
}

/// The folded offsets a lexicon match may start from for token `t`: the first char of its
/// fold (every folded char that comes from the token's first original char).
fn anchors<'t>(folded: &'t Folded, t: &Tok<'_>) -> impl Iterator<Item = usize> + 't {
    let start = t.span.start;
    let fs = t.fold_start;
    (fs..folded.text.len())
        .take_while(move |&p| folded.map.get(p) == Some(&start))
        .filter(move |&p| folded.text.is_char_boundary(p))
}

/// Walks the automaton from every token start of the folded text and keeps the hits aligned
/// on tokens.
pub fn find_hits<'l>(
    lex: &'l EntityLexicon,
    text: &str,
    folded: &Folded,
    toks: &[Tok<'_>],
    lang: Lang,
) -> Hits<'l> {
    // (Sized from the tokens, once: growing them from empty reallocated a few times per
    // article.)
    let mut names: Vec<Hit<'l, NameEntry>> = Vec::with_capacity(toks.len() / 16 + 8);
    let mut nominals: Vec<Hit<'l, Nominal>> = Vec::with_capacity(toks.len() / 16 + 8);
    // Every walk start of the document with its token, then every walk at once.
    let mut starts: Vec<usize> = Vec::with_capacity(toks.len() + 8);
    let mut owner: Vec<usize> = Vec::with_capacity(toks.len() + 8);
    for (i, t) in toks.iter().enumerate() {
        if text.as_bytes().get(t.span.start).is_some_and(u8::is_ascii) {
            // An ASCII char folds to one byte: its fold is the only start.
            starts.push(t.fold_start);
            owner.push(i);
        } else {
            for a in anchors(folded, t) {
                starts.push(a);
                owner.push(i);
            }
        }
    }
    let mut found = Vec::with_capacity(starts.len() / 4 + 8);
    lex.trie
        .starting_at(folded.text.as_bytes(), &starts, &mut found);
    for (k, TrieMatch { name, nominal, end }) in found {
        let (Some(&s), Some(&a)) = (owner.get(k), starts.get(k)) else {
            continue;
        };
        let span = folded.original(a, end);
        let Some(e) = tok_ending(toks, s, span.end) else {
            continue;
        };
        if toks[s].para != toks[e].para || e < s {
            continue;
        }
        let surface = text.get(span.start..span.end).unwrap_or("");
        if let Some(list) = name.and_then(|p| lex.name_entries.get(p)) {
            let entries = Entries::collect(
                list.iter()
                    .filter(|en| en.lang.is_none_or(|l| l == lang) && case_ok(en, surface)),
            );
            if let Some(entries) = entries {
                names.push(Hit {
                    start: s,
                    end: e + 1,
                    entries,
                });
            }
        }
        if let Some(list) = nominal.and_then(|p| lex.nominal_entries.get(p)) {
            let entries = Entries::collect(
                list.iter()
                    .filter(|n| n.lang == lang)
                    // Honorifics are written with a capital (M., Mme, Mr, Dr) and acronym
                    // titles as listed (MP, PM): "mp" or "pm" in running text are something
                    // else.
                    .filter(|n| {
                        n.kind != NominalKind::Honorific
                            || surface.chars().next().is_some_and(|c| c.is_uppercase())
                    })
                    .filter(|n| {
                        let caps = n
                            .lemma
                            .chars()
                            .filter(|c| c.is_alphabetic())
                            .all(|c| c.is_uppercase());
                        !caps
                            || surface
                                .chars()
                                .filter(|c| c.is_alphabetic())
                                .all(|c| c.is_uppercase())
                    }),
            );
            if let Some(entries) = entries {
                nominals.push(Hit {
                    start: s,
                    end: e + 1,
                    entries,
                });
            }
        }
    }
    // Longest first among the hits of a token (they are in walk order: by start, then end).
    sort_groups(&mut names);
    sort_groups(&mut nominals);
    // Where each token's hits start: the counts of the tokens before.
    let mut at = vec![[0u32; 2]; toks.len() + 1];
    for h in &names {
        at[h.start + 1][0] += 1;
    }
    for h in &nominals {
        at[h.start + 1][1] += 1;
    }
    for i in 1..at.len() {
        at[i][0] += at[i - 1][0];
        at[i][1] += at[i - 1][1];
    }
    let mut kinds = vec![0u8; toks.len()];
    for h in &names {
        if let Some(k) = kinds.get_mut(h.start) {
            *k |= NAME_HIT;
        }
    }
    for h in &nominals {
        if let Some(k) = kinds.get_mut(h.start) {
            for n in h.entries.iter() {
                *k |= kind_bit(n.kind);
            }
        }
    }
    Hits {
        names,
        nominals,
        at,
        kinds,
    }
}

/// Sorts each run of hits with one start by decreasing end (stable).
fn sort_groups<T>(hits: &mut [Hit<'_, T>]) {
    let mut i = 0;
    while i < hits.len() {
        let j = i + hits[i..]
            .iter()
            .take_while(|h| h.start == hits[i].start)
            .count();
        if j - i > 1 {
            hits[i..j].sort_by_key(|b| std::cmp::Reverse(b.end));
        }
        i = j;
    }
}

/// How a candidate was typed. (Its strings borrow from the lexicon where they come from it:
/// candidates are many, and most are dropped or merged.)
#[derive(Clone, Debug)]
pub struct Cand<'l> {
    /// Tokens `[start, end)` of the name.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Where the name stands.
    pub span: Span,
    /// The type, when known.
    pub kind: Option<EntityType>,
    /// Mention kind: `name`, `alias`, `metonym`, `nominal`, `title`, `pronoun`.
    pub mkind: &'static str,
    /// Rule id.
    pub rule: Rule<'l>,
    /// Actor code known from a lexicon (country or full code).
    pub actor: Option<Cow<'l, str>>,
    /// Canonical name from a lexicon (groups variants of one entity).
    pub canonical: Option<Cow<'l, str>>,
    /// Gender shown by an honorific, title or first name.
    pub gender: Option<Gender>,
    /// The role (title/function) span from an apposition or a preceding title.
    pub role: Option<Span>,
    /// The sector implied by the role's title.
    pub role_sector: Option<Cow<'l, str>>,
    /// True when the candidate was found only because its words are capitalised at a sentence
    /// or headline start: kept only if the article confirms it elsewhere.
    pub weak: bool,
    /// An honorific precedes the name (`M. Sullivan`): matches any token of a full name.
    pub honorific: bool,
    /// Name kind from the gazetteer.
    pub gaz: Option<NameKind>,
    /// A sector implied by the organisation words or institution head.
    pub sector: Option<Cow<'l, str>>,
    /// A place or country named inside the candidate (`police de Toronto`): its actor code.
    pub inner_country: Option<Cow<'l, str>>,
}

/// A candidate's rule id: one of this stage's fixed ids, or one a lexicon entry names (or
/// one derived from it). Fixed ids go into the mentions without a copy.
#[derive(Clone, Debug)]
pub enum Rule<'l> {
    /// A fixed id (`entities/capitalised`).
    Fixed(&'static str),
    /// A lexicon entry's id (`actors/countries:RUS`), or one made from it.
    Lexicon(Cow<'l, str>),
}

impl Rule<'_> {
    /// The id.
    pub fn as_str(&self) -> &str {
        match self {
            Rule::Fixed(r) => r,
            Rule::Lexicon(r) => r,
        }
    }

    /// The id for a mention: borrowed when fixed, else copied.
    pub fn to_static(&self) -> Cow<'static, str> {
        match self {
            Rule::Fixed(r) => Cow::Borrowed(r),
            Rule::Lexicon(r) => Cow::Owned(r.to_string()),
        }
    }
}

impl From<&'static str> for Rule<'_> {
    fn from(r: &'static str) -> Self {
        Rule::Fixed(r)
    }
}

impl PartialEq<&str> for Rule<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl<'l> Cand<'l> {
    pub(crate) fn new(start: usize, end: usize, span: Span, rule: Rule<'l>) -> Cand<'l> {
        Cand {
            start,
            end,
            span,
            kind: None,
            mkind: "name",
            rule,
            actor: None,
            canonical: None,
            gender: None,
            role: None,
            role_sector: None,
            weak: false,
            honorific: false,
            gaz: None,
            sector: None,
            inner_country: None,
        }
    }
}

/// What recognition reads: the lexicon, the text and its tokens and hits.
pub struct Ctx<'a, 'l> {
    /// The lexicons.
    pub lex: &'l EntityLexicon,
    /// The document text.
    pub text: &'a str,
    /// Tokens of the body.
    pub toks: &'a [Tok<'a>],
    /// Lexicon hits.
    pub hits: &'a Hits<'l>,
    /// Language.
    pub lang: Lang,
    /// Paragraphs that are headlines (title case: capitals prove nothing there).
    pub headline: Vec<bool>,
    /// (token, entry): the reading of each name of places in several countries
    /// ([`Ctx::gaz_at`]), sorted by token.
    readings: Vec<(usize, &'l NameEntry)>,
}

/// How far, in tokens, [`Ctx::gaz_at`] looks for the neighbours of an ambiguous place name.
const NEIGHBOURHOOD: usize = 12;

/// The country of a gazetteer entry: its actor code's first three letters.
fn country_of(e: &NameEntry) -> Option<&str> {
    e.actor.get(..3)
}

/// The first entry of `entries` that is no demonym, and whether every such entry denotes a
/// place of its country (one reading, where "Georgia" has two).
fn first_place<'l>(entries: &[&'l NameEntry]) -> Option<(&'l NameEntry, bool)> {
    let mut places = entries.iter().filter(|e| e.kind != NameKind::Demonym);
    let first = *places.next()?;
    Some((first, places.all(|e| country_of(e) == country_of(first))))
}

const DETS_FR: &[&str] = &[
    "le", "la", "l'", "les", "un", "une", "du", "des", "au", "aux", "son", "sa", "ses", "leur",
    "cette", "ce", "cet",
];
const DETS_EN: &[&str] = &[
    "the", "a", "an", "its", "his", "her", "their", "this", "that",
];

impl<'a, 'l> Ctx<'a, 'l> {
    /// The context of one document's recognition.
    pub fn new(
        lex: &'l EntityLexicon,
        text: &'a str,
        toks: &'a [Tok<'a>],
        hits: &'a Hits<'l>,
        lang: Lang,
        headline: Vec<bool>,
    ) -> Ctx<'a, 'l> {
        let mut cx = Ctx {
            lex,
            text,
            toks,
            hits,
            lang,
            headline,
            readings: Vec::new(),
        };
        cx.readings = cx.read_ambiguous();
        cx
    }

    /// The text of token `i`.
    pub fn s(&self, i: usize) -> &'a str {
        self.toks
            .get(i)
            .and_then(|t| self.text.get(t.span.start..t.span.end))
            .unwrap_or("")
    }

    /// The folded text of token `i`.
    pub fn f(&self, i: usize) -> &'a str {
        self.toks.get(i).map(|t| t.fold).unwrap_or("")
    }

    /// The span of tokens `[s, e)`.
    pub fn span(&self, s: usize, e: usize) -> Span {
        let e = e.max(s + 1).min(self.toks.len());
        Span::new(self.toks[s].span.start, self.toks[e - 1].span.end)
    }

    fn same_para(&self, a: usize, b: usize) -> bool {
        match (self.toks.get(a), self.toks.get(b)) {
            (Some(x), Some(y)) => x.para == y.para,
            _ => false,
        }
    }

    /// Is token `i` a determiner (article, possessive, demonstrative)?
    pub fn is_det(&self, i: usize) -> bool {
        let f = self.f(i);
        match self.lang {
            Lang::Fr => DETS_FR.contains(&f),
            Lang::En => DETS_EN.contains(&f),
        }
    }

    fn is_stop(&self, i: usize) -> bool {
        self.lex.stop(self.lang).contains(self.f(i))
            && !(self.toks[i].caps && self.toks[i].span.len() > 1)
    }

    /// A gazetteer name (not a demonym) starts at token `i`. A name listed for places of
    /// several countries ("Georgia": the country, and a state of the United States) is read
    /// from its neighbours first: among other countries ("Albania, Cyprus, Georgia", "the
    /// invasions of Georgia and Ukraine") the country, among places of one country ("Virginia,
    /// Georgia, Arkansas") that country's place ([`Ctx::neighbour_support`]); else as the
    /// country the document names most ([`Ctx::country_evidence`]); among equals, the first
    /// listed. (Those readings are made once per document, [`Ctx::read_ambiguous`].)
    fn gaz_at(&self, i: usize) -> Option<(usize, &'l NameEntry)> {
        let h = self.hits.name_at(i)?;
        match self.readings.binary_search_by_key(&i, |r| r.0) {
            Ok(k) => Some((h.end, self.readings[k].1)),
            Err(_) => first_place(&h.entries).map(|(e, _)| (h.end, e)),
        }
    }

    /// [`Ctx::readings`]: the reading of every name at a token start whose entries denote
    /// places of several countries, once per document ([`Ctx::gaz_at`] asks for a token
    /// several times).
    fn read_ambiguous(&self) -> Vec<(usize, &'l NameEntry)> {
        let mut out = Vec::new();
        for i in 0..self.toks.len() {
            let Some(h) = self.hits.name_at(i) else {
                continue;
            };
            let Some((first, false)) = first_place(&h.entries) else {
                continue;
            };
            let candidates = || {
                h.entries
                    .iter()
                    .filter(|e| e.kind != NameKind::Demonym)
                    .copied()
            };
            let pick = |score: &dyn Fn(&NameEntry) -> usize| {
                let mut best: Option<(usize, &'l NameEntry)> = None;
                let mut tie = false;
                for e in candidates() {
                    let n = score(e);
                    match best {
                        Some((b, _)) if n == b => tie = true,
                        Some((b, _)) if n < b => {}
                        _ => {
                            best = Some((n, e));
                            tie = false;
                        }
                    }
                }
                best.filter(|&(n, _)| n > 0 && !tie).map(|(_, e)| e)
            };
            let local = pick(&|e| self.neighbour_support(h.start, h.end, e));
            let entry = local
                .or_else(|| pick(&|e| self.country_evidence(country_of(e))))
                .unwrap_or(first);
            out.push((i, entry));
        }
        out
    }

    /// How many names within [`NEIGHBOURHOOD`] tokens of `start..end` that denote one
    /// country support `e`: other countries a country, places of its country a place.
    fn neighbour_support(&self, start: usize, end: usize, e: &NameEntry) -> usize {
        let from = start.saturating_sub(NEIGHBOURHOOD);
        let to = end + NEIGHBOURHOOD;
        self.hits
            .names()
            .iter()
            .filter(|h| h.end > from && h.start < to && (h.end <= start || h.start >= end))
            .filter_map(|h| match first_place(&h.entries)? {
                (n, true) => Some(n),
                _ => None,
            })
            .filter(|n| match e.kind {
                NameKind::Country => n.kind == NameKind::Country,
                _ => {
                    matches!(n.kind, NameKind::Place | NameKind::Capital)
                        && country_of(n) == country_of(e)
                }
            })
            .count()
    }

    /// How many names of the document denote `country` or a place of it, counting only
    /// names that denote one country ("Atlanta", "Tbilisi", "American"; not "Georgia").
    fn country_evidence(&self, country: Option<&str>) -> usize {
        let Some(country) = country else {
            return 0;
        };
        self.hits
            .names()
            .iter()
            .filter(|h| {
                let mut codes = h.entries.iter().map(|e| country_of(e));
                codes.next() == Some(Some(country)) && codes.all(|c| c == Some(country))
            })
            .count()
    }

    fn is_connector(&self, i: usize) -> bool {
        self.toks[i].word && !self.toks[i].cap && self.lex.connectors.contains(self.f(i))
    }

    fn demonym_at(&self, i: usize) -> Option<(usize, &'l NameEntry)> {
        let h = self.hits.name_at(i)?;
        h.entries
            .iter()
            .find(|e| e.kind == NameKind::Demonym)
            .map(|e| (h.end, *e))
    }

    fn is_punct(&self, i: usize, set: &[&str]) -> bool {
        self.toks.get(i).is_some_and(|t| !t.word) && set.contains(&self.s(i))
    }

    fn org_word(&self, i: usize) -> Option<&'l Option<String>> {
        self.lex.org_words.get(self.f(i))
    }

    fn is_place_word(&self, i: usize) -> bool {
        self.lex.place_words.contains(self.f(i))
    }

    fn gender_of_det(&self, i: usize) -> Option<Gender> {
        match (self.lang, self.f(i)) {
            (Lang::Fr, "la" | "une" | "cette" | "sa") => Some(Gender::F),
            (Lang::Fr, "le" | "un" | "ce" | "cet" | "son" | "du" | "au") => Some(Gender::M),
            _ => None,
        }
    }
}

/// Every candidate mention of a document.
pub fn recognise<'l>(cx: &Ctx<'_, 'l>) -> Vec<Cand<'l>> {
    let n = cx.toks.len();
    let mut taken = vec![false; n];
    // (Sized from the tokens: about one candidate in ten tokens; growing the vector from
    // empty copied its large items several times per article.)
    let mut out = Vec::with_capacity(n / 8 + 8);
    institutions(cx, &mut taken, &mut out);
    chunks(cx, &mut taken, &mut out);
    out.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
    out
}

/// Institution patterns: HEAD (adjective | demonym)* ((de|du|des|d') (Name | domain))? demonym?
/// ("ministère russe des Affaires étrangères", "Conseil de sécurité russe", "la police de
/// Toronto", "l'armée congolaise", "le gouvernement russe", "le parquet").
fn institutions<'l>(cx: &Ctx<'_, 'l>, taken: &mut [bool], out: &mut Vec<Cand<'l>>) {
    let n = cx.toks.len();
    let mut i = 0;
    while let Some(at) = cx.hits.next_nominal(i, NominalKind::Head) {
        i = at;
        let Some((hit, head)) = cx.hits.nominal_at(i, NominalKind::Head) else {
            i += 1;
            continue;
        };
        let start = i;
        let mut j = hit.end;
        let mut qualified = false;
        // Qualified by a name or a domain, not only by a demonym or an adjective.
        let mut named = false;
        let mut org_ref: Option<&str> = None;
        let mut country: Option<&'l str> = None;
        let mut inner: Vec<Cand<'l>> = Vec::new();
        loop {
            if j >= n || !cx.same_para(start, j) {
                break;
            }
            if let Some((end, d)) = cx.demonym_at(j) {
                country.get_or_insert(&d.actor);
                qualified = true;
                j = end;
                continue;
            }
            if cx.lex.inst_adjs.contains(cx.f(j)) {
                qualified = true;
                j += 1;
                continue;
            }
            // Complement: de/du/des/d' (+ la/l') + a name or a domain noun.
            if cx.is_connector(j)
                && !matches!(cx.f(j), "la" | "le" | "l'" | "les" | "the" | "and" | "et")
            {
                let mut k = j + 1;
                while k < n && matches!(cx.f(k), "la" | "l'" | "le") {
                    k += 1;
                }
                if k >= n || !cx.same_para(start, k) {
                    break;
                }
                if let Some(h) = cx.hits.name_at(k) {
                    if let Some(e) = h
                        .entries
                        .iter()
                        .find(|e| e.kind != NameKind::Demonym)
                        .copied()
                    {
                        named = true;
                        if e.kind == NameKind::Org {
                            org_ref.get_or_insert(&e.canonical);
                        }
                        if matches!(
                            e.kind,
                            NameKind::Country | NameKind::Capital | NameKind::Place
                        ) {
                            country.get_or_insert(&e.actor);
                            let mut c = Cand::new(
                                k,
                                h.end,
                                cx.span(k, h.end),
                                Rule::Lexicon(Cow::Borrowed(&e.rule)),
                            );
                            c.kind = Some(EntityType::Place);
                            c.gaz = Some(e.kind);
                            c.actor = Some(Cow::Borrowed(&e.actor));
                            c.canonical = Some(Cow::Borrowed(&e.canonical));
                            inner.push(c);
                        }
                        qualified = true;
                        j = h.end;
                        continue;
                    }
                }
                if cx.lex.domains.contains(cx.f(k)) {
                    qualified = true;
                    named = true;
                    j = k + 1;
                    // Two-word domains: "Affaires étrangères", "sécurité nationale".
                    while j < n && cx.lex.inst_adjs.contains(cx.f(j)) {
                        j += 1;
                    }
                    continue;
                }
                if cx.toks[k].cap && cx.toks[k].word && !cx.is_stop(k) {
                    // A proper-name complement: the capitalised run.
                    let mut e = k + 1;
                    while e < n && cx.toks[e].word && cx.toks[e].cap && cx.same_para(k, e) {
                        e += 1;
                    }
                    let mut c = Cand::new(
                        k,
                        e,
                        cx.span(k, e),
                        "entities/institution-complement".into(),
                    );
                    c.kind = Some(EntityType::Place);
                    inner.push(c);
                    qualified = true;
                    named = true;
                    j = e;
                    continue;
                }
            }
            break;
        }
        let capital_head = cx.toks[start].cap && !cx.toks[start].start;
        if cx.gaz_at(start).is_some_and(|(end, _)| end >= j) {
            i = hit.end;
            continue;
        }
        // English demonyms and country names before the head ("the Sudanese government",
        // "Israeli army", "the U.S. military"), unless they are words of a longer name ("Free
        // Syrian Army", "Georgian Court University").
        let mut start = start;
        let head_at = start;
        let in_name = || {
            (head_at.saturating_sub(4)..head_at)
                .any(|k| cx.gaz_at(k).is_some_and(|(end, _)| end > head_at))
                || cx
                    .toks
                    .get(j)
                    .is_some_and(|t| t.word && t.cap && cx.same_para(head_at, j))
        };
        if cx.lang == Lang::En && !in_name() {
            while let Some((k, e)) = country_before(cx, start) {
                let t = k.checked_sub(1).map(|b| (b, &cx.toks[b]));
                if t.is_some_and(|(b, t)| {
                    t.word && t.cap && cx.same_para(b, k) && !cx.is_stop(b) && !cx.is_det(b)
                }) {
                    // (a capitalised word before it: a name's)
                    break;
                }
                country = Some(&e.actor);
                qualified = true;
                start = k;
            }
        }
        let det_before = start > 0 && cx.same_para(start - 1, start) && cx.is_det(start - 1);
        let qualified = qualified && (named || !head.needs_name);
        let ok = qualified || (head.bare && (det_before || capital_head));
        if !ok || taken[start..j].iter().any(|t| *t) {
            i = hit.end;
            continue;
        }
        let mut c = Cand::new(
            start,
            j,
            cx.span(start, j),
            Rule::Lexicon(Cow::Borrowed(&head.rule)),
        );
        c.kind = Some(EntityType::Organization);
        c.sector = head.sector.as_deref().map(Cow::Borrowed);
        c.inner_country = country.map(Cow::Borrowed);
        c.canonical = Some(Cow::Owned(format!("head:{}", head.lemma)));
        if !qualified {
            c.mkind = "nominal";
        }
        // "la rébellion du M23", "l'état-major des FARDC": another name for that organisation.
        if let Some(org) = org_ref {
            c.mkind = "nominal";
            c.canonical = Some(Cow::Owned(format!("org:{org}")));
        }
        for t in taken[start..j].iter_mut() {
            *t = true;
        }
        out.push(c);
        // Inner places named in the complement are mentions of their own.
        for mut p in inner {
            // An unknown capitalised complement of an institution ("la police de Toronto", "CHU
            // de Liège", "la protection civile de Crisnée") is the place it serves; after the
            // plural "des" it is rather a name part ("police des Arches").
            if p.gaz.is_none() && p.start > 0 && cx.f(p.start - 1) == "des" {
                continue;
            }
            p.mkind = "name";
            out.push(p);
        }
        i = j;
    }
}

/// A demonym or a country's name that ends just before token `at`, in its paragraph, with
/// where it starts: the longest name ending there ("New Jersey police" is no country's).
fn country_before<'l>(cx: &Ctx<'_, 'l>, at: usize) -> Option<(usize, &'l NameEntry)> {
    let (k, h) = (at.saturating_sub(3)..at).find_map(|k| {
        let h = cx.hits.name_at(k).filter(|h| h.end == at)?;
        cx.same_para(k, at).then_some((k, h))
    })?;
    let e = h
        .entries
        .iter()
        .find(|e| matches!(e.kind, NameKind::Demonym | NameKind::Country))?;
    Some((k, *e))
}

/// Capitalised name chunks and gazetteer names, typed by context.
fn chunks<'l>(cx: &Ctx<'_, 'l>, taken: &mut [bool], out: &mut Vec<Cand<'l>>) {
    let n = cx.toks.len();
    let mut i = 0;
    while i < n {
        let t = &cx.toks[i];
        if taken[i] || !t.word {
            i += 1;
            continue;
        }
        // A lower-case start: only a gazetteer name listed in lower case ("bande de Gaza",
        // "institut Pasteur"); demonyms are context, not mentions.
        if !t.cap {
            match cx.gaz_at(i) {
                Some((end, en)) if en.case == Case::Any && !taken[i..end].iter().any(|x| *x) => {
                    chunk(cx, i, end, taken, out);
                    i = end;
                }
                _ => i += 1,
            }
            continue;
        }
        // "Guangzhou-based": the place, then the name that follows.
        if let Some(stem) = t.fold.strip_suffix("-based") {
            let span = Span::new(t.span.start, t.span.start + stem.len().min(t.span.len()));
            if cx.text.is_char_boundary(span.end) {
                let mut c = Cand::new(i, i + 1, span, "entities/based".into());
                c.kind = Some(EntityType::Place);
                out.push(c);
            }
            i += 1;
            continue;
        }
        // An organisation noun that is an acronym introduces the name, as "la société" does
        // ("L'ONG Greenpeace", "the NGO Human Rights Watch"): the chunk starts after it. (Only
        // as listed: "SITE Intelligence Group", "RADIO ROMANDE" are names.)
        let k = if cx.is_det(i) { i + 1 } else { i };
        if let Some((h, nom)) = cx.hits.nominal_at(k, NominalKind::OrgNoun) {
            if h.end == k + 1
                && cx
                    .toks
                    .get(k + 1)
                    .is_some_and(|u| u.cap && cx.same_para(i, k + 1))
                && cx.s(k) == nom.lemma
                && !nom.lemma.chars().any(char::is_lowercase)
            {
                i = k + 1;
                continue;
            }
        }
        // An honorific opens the chunk even with its dot ("M. Sullivan", "Dr. Bwelle").
        let mut j = match cx.hits.nominal_at(i, NominalKind::Honorific) {
            Some((h, _)) => h.end,
            None => i + 1,
        };
        let mut last = j;
        // Extend over capitalised words, initials ("John F. Kennedy") and connectors followed
        // by a capitalised word; articles only after "de"/"of" ("Région de la Loire").
        while j < n && cx.same_para(i, j) && !taken[j] {
            let u = &cx.toks[j];
            let article = matches!(u.fold, "la" | "le" | "les" | "l'" | "the");
            if u.fold.ends_with("-based") {
                break;
            }
            // French names may go on in lower case after their first word with an
            // organisation word ("Spéléo secours", "Commission scolaire").
            let fr_org_word = cx.lang == Lang::Fr
                && j == i + 1
                && u.word
                && cx.org_word(j).is_some()
                && !cx.is_stop(i)
                && !cx.is_det(i);
            if u.word && u.cap && j > i {
                if let Some((gend, _)) = cx.gaz_at(j) {
                    if gend > j + 1 && !taken[j..gend].iter().any(|x| *x) {
                        j = gend;
                        last = j;
                        continue;
                    }
                }
            }
            if (u.word && u.cap) || fr_org_word {
                j += 1;
                last = j;
            } else if !u.word
                && cx.s(j) == "."
                && j > i
                && cx.s(j - 1).chars().count() == 1
                && cx.toks[j - 1].cap
                && cx.toks.get(j + 1).is_some_and(|t| t.cap && t.word)
            {
                j += 1;
            } else if u.word && article {
                if j > i && matches!(cx.f(j - 1), "de" | "of" | "d'") {
                    j += 1;
                } else {
                    break;
                }
            } else if u.fold == "'s"
                && j > i
                && cx.org_word(j - 1).is_some()
                && cx.toks.get(j + 1).is_some_and(|t| t.cap)
                && cx.org_word(j + 1).is_some()
            {
                // "Lowndes County Sheriff's Office".
                j += 1;
            } else if (u.word && cx.is_connector(j)) || (!u.word && cx.s(j) == "&") {
                j += 1;
            } else {
                break;
            }
        }
        let end = last;
        // A gazetteer hit that runs past the capitalised run (lower-case words in a listed
        // name: "Nations unies", "Maison blanche") extends it.
        let end = match cx.hits.name_at(i) {
            Some(h) if h.end > end && !taken[i..h.end].iter().any(|x| *x) => h.end,
            _ => end,
        };
        chunk(cx, i, end, taken, out);
        i = end.max(i + 1);
    }
}

/// Types the chunk `[s, e)` (already capitalised words) and pushes its candidates.
fn chunk<'l>(
    cx: &Ctx<'_, 'l>,
    mut s: usize,
    e: usize,
    taken: &mut [bool],
    out: &mut Vec<Cand<'l>>,
) {
    let headline = cx.headline.get(cx.toks[s].para).copied().unwrap_or(false);
    let mut honorific: Option<&Nominal> = None;
    let mut hon_start = s;
    let mut title: Option<(usize, &Nominal)> = None;
    // Leading words that are not part of the name: determiners and stop words, honorifics,
    // titles ("Prime Minister Tony Abbott"), country modifiers before a title ("U.S. Attorney").
    while s < e {
        if let Some((h, nom)) = cx.hits.nominal_at(s, NominalKind::Honorific) {
            if h.end < e {
                honorific = Some(nom);
                hon_start = s;
                s = h.end;
                // "M." is two tokens: "M" and "."; skip the dot.
                continue;
            }
        }
        if let Some((h, nom)) = cx.hits.nominal_at(s, NominalKind::Title) {
            if h.end < e {
                title = Some((s, nom));
                s = h.end;
                continue;
            }
        }
        if let Some(h) = cx.hits.name_at(s) {
            if h.end < e && cx.hits.nominal_at(h.end, NominalKind::Title).is_some() {
                s = h.end;
                continue;
            }
        }
        // English capitalised premodifiers of a title, part of the role ("Defence Secretary
        // Tom King", "British Home Secretary Jack Straw", "Energy Secretary Ernest Moniz").
        if title.is_none() && cx.lang == Lang::En {
            if let Some(k) = premodified_title(cx, s, e) {
                s = k;
                continue;
            }
        }
        if (cx.is_stop(s) || cx.is_connector(s) || cx.f(s) == "l'" || cx.f(s) == "d'")
            && cx.gaz_at(s).is_none()
        {
            s += 1;
            continue;
        }
        break;
    }
    // Trailing connectors never end a name.
    let mut e = e;
    while e > s && (cx.is_connector(e - 1) || cx.is_stop(e - 1)) && !cx.toks[e - 1].cap {
        e -= 1;
    }
    // Trailing stop words written with a capital ("Paris Mercredi") are not part of it either.
    while e > s + 1
        && cx.is_stop(e - 1)
        && cx.hits.name_at(e - 1).is_none()
        && !cx.lex.first_names.contains(cx.f(s))
    {
        e -= 1;
    }
    if s >= e {
        return;
    }
    // "... du Texas", "... of Illinois": a known place after a connector at the end of a chunk
    // that has no organisation word is a name of its own.
    if e - s >= 3 && cx.gaz_at(s).map(|(end, _)| end) != Some(e) {
        if let Some(k) = (s + 1..e - 1).find(|&k| {
            cx.is_connector(k)
                && cx
                    .gaz_at(k + 1)
                    .is_some_and(|(end, en)| end == e && en.kind != NameKind::Org)
        }) {
            if !(s..k).any(|x| cx.org_word(x).is_some()) {
                chunk(cx, s, k, taken, out);
                chunk(cx, k + 1, e, taken, out);
                return;
            }
        }
    }
    // "Cinémathèque française", "Spéléo secours français": a French name ending in a demonym.
    if cx.lang == Lang::Fr && (s..e).any(|k| cx.org_word(k).is_some()) {
        if let Some((end, _)) = cx.demonym_at(e) {
            if !taken[e..end].iter().any(|x| *x) {
                e = end;
            }
        }
    }
    // "Spirit Airlines Inc.": the abbreviation's dot belongs to the name.
    if matches!(cx.f(e - 1), "inc" | "corp" | "co" | "ltd" | "jr" | "sr")
        && cx.s(e) == "."
        && cx.toks[e].span.start == cx.toks[e - 1].span.end
    {
        e += 1;
    }
    if e - s == 1 && (cx.is_stop(s) || cx.s(s).chars().count() == 1) {
        return;
    }
    // The English "The" of "The Star" stays with a one-word name: newspapers are called so.
    let mut name_s = s;
    if s > 0
        && cx.f(s - 1) == "the"
        && cx.toks[s - 1].cap
        && e - s == 1
        && !cx.toks[s - 1].start
        && cx.org_word(s).is_none()
    {
        name_s = s - 1;
    }

    // Gazetteer: the longest hit at the start.
    if let Some(h) = cx.hits.name_at(s) {
        let entry = cx.gaz_at(s).map(|(_, e)| e);
        if let Some(entry) = entry {
            // "US Airways", "Cambridge News", "America Haunts", "Congo Siasa": a place followed
            // by other capitalised words names something else, unless those are a name too.
            let rest_is_name = h.end < e
                && ((h.end..e).any(|k| cx.org_word(k).is_some() || cx.is_place_word(k))
                    || (entry.kind != NameKind::Org
                        && cx.gaz_at(h.end).is_none()
                        && !cx.lex.first_names.contains(cx.f(h.end))
                        && cx.hits.nominal_at(h.end, NominalKind::Title).is_none()
                        && !cx.is_connector(h.end)));
            // "Chad Johnson", "Georgia Smith": a first name, not the place.
            let person = h.end < e
                && matches!(entry.kind, NameKind::Place | NameKind::Capital)
                && h.end - s == 1
                && cx.lex.first_names.contains(cx.f(s));
            if (h.end >= e || !rest_is_name) && !person && honorific.is_none() {
                let mut c = Cand::new(
                    s,
                    h.end,
                    cx.span(s, h.end),
                    Rule::Lexicon(Cow::Borrowed(&entry.rule)),
                );
                c.kind = Some(match entry.kind {
                    NameKind::Org => EntityType::Organization,
                    _ => EntityType::Place,
                });
                c.gaz = Some(entry.kind);
                c.actor = Some(Cow::Borrowed(&entry.actor));
                c.canonical = Some(Cow::Borrowed(&entry.canonical));
                if entry.kind == NameKind::Org {
                    c.role = org_noun_role(cx, s);
                }
                mark(taken, s, h.end);
                out.push(c);
                if h.end < e {
                    if entry.kind == NameKind::Org
                        && cx.gaz_at(h.end).is_none()
                        && cx.hits.nominal_at(h.end, NominalKind::Title).is_none()
                        && !cx.lex.first_names.contains(cx.f(h.end))
                    {
                        // "CNN Heroes", "CGT Santé", "Disney Junior": a programme or branch of
                        // the organisation, not another entity.
                        mark(taken, h.end, e);
                        return;
                    }
                    chunk(cx, h.end, e, taken, out);
                }
                return;
            }
        } else if h.end >= e {
            // Only a demonym ("Russian", "Australian"): context, not an entity.
            return;
        }
    }

    // One capitalised word that is a title or institution head ("Président", "Congrès" is
    // listed as a head) is not a name by itself.
    if honorific.is_none()
        && cx
            .hits
            .nominals_at(s)
            .iter()
            .any(|h| h.end == e && h.entries.iter().any(|n| n.kind != NominalKind::Head))
    {
        return;
    }
    // A name after an honorific keeps it in its mention ("Mme Zakharova").
    if honorific.is_some() {
        name_s = hon_start;
    }
    let span = cx.span(name_s, e);
    let mut c = Cand::new(s, e, span, Rule::Fixed(""));
    c.start = name_s;
    mark(taken, s, e);
    let first = cx.f(s);
    let toks = &cx.toks[s..e];
    let org_last = (s..e).rev().find_map(|k| cx.org_word(k));
    let initial = cx.toks[s].start || headline;

    // A capitalised complement of a title ("ministre des Travaux publics", "responsable médical
    // du nouvel Hôtel-Dieu") belongs to the role unless it is a known name.
    if honorific.is_none() && org_last.is_none() && title_complement(cx, name_s) {
        return;
    }
    if let Some(h) = honorific {
        c.kind = Some(EntityType::Person);
        c.gender = h.gender;
        c.honorific = true;
        c.rule = Rule::Lexicon(Cow::Borrowed(&h.rule));
    } else if let Some(surname) = coordinated_surname(cx, s, e) {
        // "Kenneth and Jacquelyn Johnson": Kenneth shares the surname that follows.
        c.kind = Some(EntityType::Person);
        c.gender = cx.lex.first_names.get(first).copied().flatten();
        c.rule = "names/first-name+coordination".into();
        c.canonical = Some(Cow::Owned(format!("{} {}", cx.s(s), cx.s(surname))));
    } else if let Some(sector) = org_last {
        c.kind = Some(EntityType::Organization);
        c.sector = sector.as_deref().map(Cow::Borrowed);
        c.rule = "entities/org-word".into();
    } else if e - s >= 2 && cx.is_place_word(e - 1) {
        c.kind = Some(EntityType::Place);
        c.rule = "entities/place-word".into();
    } else if let Some((ts, nom)) = title.or_else(|| title_before(cx, s)) {
        c.kind = Some(EntityType::Person);
        c.rule = Rule::Lexicon(Cow::Borrowed(&nom.rule));
        c.gender = nom
            .gender
            .or_else(|| (ts > 0).then(|| cx.gender_of_det(ts - 1)).flatten());
        c.role = Some(role_before(cx, ts, s));
        c.role_sector = nom.sector.as_deref().map(Cow::Borrowed);
    } else if let Some((role, nom, g)) =
        apposition_after(cx, e).or_else(|| apposition_before(cx, name_s))
    {
        c.kind = Some(EntityType::Person);
        c.rule = Rule::Lexicon(Cow::Owned(format!("{}+apposition", nom.rule)));
        c.gender = g.or(nom.gender);
        c.role = Some(role);
        c.role_sector = nom.sector.as_deref().map(Cow::Borrowed);
    } else if e - s == 1 && (locative_before(cx, name_s) || place_apposition(cx, name_s, e)) {
        // "à Florence", "in Austin": a lone name after a locative is a place first.
        c.kind = Some(EntityType::Place);
        c.rule = "entities/locative".into();
    } else if cx.lex.first_names.contains(first)
        && toks.iter().all(|t| !t.caps)
        && (e - s >= 2 || !initial)
    {
        c.kind = Some(EntityType::Person);
        c.gender = cx.lex.first_names.get(first).copied().flatten();
        c.rule = "names/first-name".into();
    } else if place_apposition(cx, name_s, e) {
        c.kind = Some(EntityType::Place);
        c.rule = "entities/place-apposition".into();
    } else if org_noun_before(cx, name_s) {
        c.kind = Some(EntityType::Organization);
        c.rule = "entities/org-noun".into();
    } else if locative_before(cx, name_s) || based_after(cx, e) {
        c.kind = Some(EntityType::Place);
        c.rule = "entities/locative".into();
    } else if e - s == 1 && compound_place(cx.toks[s].fold) {
        // "Pont-de-Buis", "Saint-Pierre-de-Chartreuse", "Val-d'Oise": the shape of a French
        // place name.
        c.kind = Some(EntityType::Place);
        c.rule = "entities/compound-place".into();
    } else if e - s == 1 && cx.toks[s].caps && cx.s(s).len() <= 8 && cx.s(s).is_ascii() {
        // (an accented word in capitals, "DÉPÊCHES", "GENÈVE", is a word, not an acronym)
        if cx.lex.stop(cx.lang).contains(first) || roman_numeral(first) || caps_line(cx, s) {
            // "PIB", "GDP", "CEO": common acronyms, not organisations; "II", "XIX": numerals;
            // "SPORTS", "ANNONCES" alone on a line in capitals: a heading.
            return;
        }
        if line_dateline(cx, s) {
            // "MANTOUE, 15 juillet.", "PARIS 12 mars": the place of a dispatch's dateline.
            c.kind = Some(EntityType::Place);
            c.rule = "entities/dateline-place".into();
        } else {
            c.kind = Some(EntityType::Organization);
            c.rule = "entities/acronym".into();
        }
    } else {
        c.rule = "entities/capitalised".into();
        // "Virgin, which ...": a relative clause shows a name even at a sentence start.
        let relative = cx.is_punct(e, &[","])
            && matches!(cx.f(e + 1), "which" | "who" | "qui" | "dont" | "whose");
        c.weak = initial && !relative;
    }
    if headline && c.kind.is_none() {
        c.weak = true;
    }
    if c.kind == Some(EntityType::Person) && c.gender.is_none() {
        c.gender = cx.lex.first_names.get(first).copied().flatten();
    }
    out.push(c);
}

/// A Roman numeral of I, V and X ("II", "XIX", "IV"): a number, never an acronym here.
fn roman_numeral(fold: &str) -> bool {
    !fold.is_empty() && fold.bytes().all(|b| matches!(b, b'i' | b'v' | b'x'))
}

/// The line of token `i` (between line breaks) has no lower-case letter: a heading or a
/// running header, where capitals prove nothing. Reads at most [`CAPS_REACH`] chars each way
/// (a text all in capitals would otherwise be read once per word in it).
fn caps_line(cx: &Ctx, i: usize) -> bool {
    let span = cx.toks[i].span;
    let (before, after) = (&cx.text[..span.start], &cx.text[span.end..]);
    let lower = |c: char| c.is_lowercase();
    let back = before
        .chars()
        .rev()
        .take(CAPS_REACH)
        .take_while(|&c| c != '\n')
        .any(lower);
    !back
        && !after
            .chars()
            .take(CAPS_REACH)
            .take_while(|&c| c != '\n')
            .any(lower)
}

/// How far [`caps_line`] looks for a lower-case letter on each side.
const CAPS_REACH: usize = 300;

/// Token `i` starts its line and a number follows it, after a comma or not ("MANTOUE, 15
/// juillet.", "PARIS 12 mars (Reuters)"): a dispatch's dateline.
fn line_dateline(cx: &Ctx, i: usize) -> bool {
    let start = cx.toks[i].span.start;
    let line_start = cx.text[..start]
        .trim_end_matches([' ', '\t'])
        .ends_with('\n')
        || cx.text[..start].trim().is_empty();
    let mut k = i + 1;
    if cx.is_punct(k, &[","]) {
        k += 1;
    }
    line_start
        && cx
            .toks
            .get(k)
            .is_some_and(|t| t.word && t.fold.bytes().next().is_some_and(|b| b.is_ascii_digit()))
}

fn mark(taken: &mut [bool], s: usize, e: usize) {
    let e = e.min(taken.len());
    for t in taken[s..e].iter_mut() {
        *t = true;
    }
}

/// A hyphenated name shaped like a French place: "Saint-X", "X-de-Y", "X-sur-Y", "X-d'Y".
fn compound_place(f: &str) -> bool {
    if !f.contains('-') {
        return false;
    }
    f.starts_with("saint-")
        || f.starts_with("sainte-")
        || [
            "-de-", "-du-", "-des-", "-d'", "-la-", "-le-", "-les-", "-sur-", "-sous-", "-en-",
            "-les-", "-lez-",
        ]
        .iter()
        .any(|m| f.contains(m))
}

/// A lone first name coordinated with a full name: "Kenneth and Jacquelyn Johnson", "Joel et
/// Ethan Coen". Returns the surname's token.
fn coordinated_surname(cx: &Ctx, s: usize, e: usize) -> Option<usize> {
    if e - s != 1 || !cx.lex.first_names.contains(cx.f(s)) {
        return None;
    }
    if !matches!(cx.f(e), "and" | "et") {
        return None;
    }
    let f = e + 1;
    let g = f + 1;
    if g >= cx.toks.len() || !cx.same_para(s, g) {
        return None;
    }
    let ok = cx.toks[f].cap
        && cx.lex.first_names.contains(cx.f(f))
        && cx.toks[g].cap
        && cx.toks[g].word
        && !cx.lex.first_names.contains(cx.f(g))
        && !cx.toks.get(g + 1).is_some_and(|t| t.cap && t.word);
    ok.then_some(g)
}

/// A name that is the complement of a title: title (words)* de|du|des|of (det|adj)? Name.
fn title_complement(cx: &Ctx, s: usize) -> bool {
    let lo = s.saturating_sub(10);
    let mut k = s;
    let mut connector = false;
    while k > lo {
        k -= 1;
        if !cx.same_para(k, s) || !cx.toks[k].word {
            return false;
        }
        if cx.is_connector(k) && matches!(cx.f(k), "de" | "du" | "des" | "d'" | "of" | "for") {
            connector = true;
            continue;
        }
        if connector && cx.hits.nominal_at(k, NominalKind::Title).is_some() {
            return true;
        }
        if cx.toks[k].cap && !connector {
            return false;
        }
    }
    false
}

/// "Runyoni, une colline", "Napa, Calif.", "la ville de Goma", "the town of Valdosta": a place.
fn place_apposition(cx: &Ctx, s: usize, e: usize) -> bool {
    // After: ", [det] place-noun" or ", <known place>".
    if cx.is_punct(e, &[","]) {
        let mut k = e + 1;
        if k < cx.toks.len() && cx.is_det(k) {
            k += 1;
        }
        if k < cx.toks.len() && cx.same_para(s, k) {
            if cx.hits.nominal_at(k, NominalKind::PlaceNoun).is_some()
                || (cx.toks.get(k + 1).is_some_and(|t| t.word && !t.cap)
                    && cx.hits.nominal_at(k + 1, NominalKind::PlaceNoun).is_some())
            {
                return true;
            }
            if k == e + 1
                && cx.gaz_at(k).is_some_and(|(end, en)| {
                    matches!(en.kind, NameKind::Place | NameKind::Country)
                        && (end >= cx.toks.len() || !cx.toks[end].word || !cx.toks[end].cap)
                })
            {
                return true;
            }
        }
    }
    // Before: "place-noun [de|of] [det] Name".
    if s >= 2 && matches!(cx.f(s - 1), "de" | "d'" | "of" | "du") {
        for j in s.saturating_sub(4)..s - 1 {
            if let Some((h, _)) = cx.hits.nominal_at(j, NominalKind::PlaceNoun) {
                if h.end == s - 1
                    || (h.end + 1 == s - 1 && matches!(cx.f(h.end), "la" | "le" | "l'" | "the"))
                {
                    return true;
                }
            }
        }
    }
    false
}

/// A title just before the name, with at most a few modifiers between ("le président rwandais
/// Paul Kagame", "l'économiste Oleksandr Joloud", "le médecin urgentiste Gérald Kierzek").
fn title_before<'l>(cx: &Ctx<'_, 'l>, s: usize) -> Option<(usize, &'l Nominal)> {
    let lo = s.saturating_sub(6);
    let mut k = s;
    while k > lo {
        k -= 1;
        if !cx.same_para(k, s) || !cx.toks[k].word {
            return None;
        }
        if let Some((h, nom)) = cx.hits.nominal_at(k, NominalKind::Title) {
            if h.end <= s {
                // A longer title that ends here too ("Premier ministre" over "ministre").
                let mut best = (k, nom);
                for j in k.saturating_sub(3)..k {
                    if let Some((h2, nom2)) = cx.hits.nominal_at(j, NominalKind::Title) {
                        if h2.end == h.end && cx.same_para(j, k) {
                            best = (j, nom2);
                            break;
                        }
                    }
                }
                return Some(best);
            }
        }
        // Between the title and the name: demonyms, adjectives; no complement, no verb.
        let f = cx.f(k);
        if cx.is_connector(k) || cx.is_det(k) {
            return None;
        }
        if cx.is_stop(k) && !cx.is_connector(k) && !cx.is_det(k) {
            return None;
        }
        if f.ends_with("ait")
            || f.ends_with("ed")
            || (cx.lang == Lang::Fr && (f.ends_with('é') || f.ends_with("ée") || f.ends_with("és")))
        {
            return None;
        }
    }
    None
}

/// Where a title starts after one to three capitalised premodifiers from `s` ("Defence
/// Secretary", "British Home Secretary", "Homeland Security Secretary"), a person's name
/// following it in the chunk (capitalised words without an organisation word: not "Lowndes
/// County Sheriff's Office").
fn premodified_title(cx: &Ctx, s: usize, e: usize) -> Option<usize> {
    let name_at = |k: usize| {
        k < e && cx.toks[k].word && cx.toks[k].cap && (k..e).all(|m| cx.org_word(m).is_none())
    };
    (s + 1..e.min(s + 4)).find_map(|k| {
        let premodifiers = (s..k).all(|m| {
            let t = &cx.toks[m];
            t.word && t.cap && !t.caps && !cx.is_stop(m) && !cx.is_connector(m)
        });
        if !premodifiers {
            return None;
        }
        let (h, _) = cx.hits.nominal_at(k, NominalKind::Title)?;
        name_at(h.end).then_some(k)
    })
}

/// The role span from a title's start (with English premodifiers: "Frontier spokeswoman") to
/// the name.
fn role_before(cx: &Ctx, ts: usize, s: usize) -> Span {
    let mut a = ts;
    if cx.lang == Lang::En {
        while a > 0
            && cx.same_para(a - 1, ts)
            && cx.toks[a - 1].word
            && cx.toks[a - 1].cap
            && !cx.is_stop(a - 1)
        {
            a -= 1;
        }
    }
    let mut b = s;
    while b > a + 1 && !cx.toks[b - 1].word {
        b -= 1;
    }
    cx.span(a, b)
}

const ROLE_STOP: &[&str] = &[
    ",", ".", ";", ":", "(", ")", "«", "»", "\"", "“", "”", "!", "?", "–", "—",
];

/// "Name, [det] title ... ," : the apposition after the name.
fn apposition_after<'l>(cx: &Ctx<'_, 'l>, e: usize) -> Option<(Span, &'l Nominal, Option<Gender>)> {
    if !cx.is_punct(e, &[","]) {
        return None;
    }
    let mut k = e + 1;
    let mut g = None;
    if k < cx.toks.len() && cx.is_det(k) {
        g = cx.gender_of_det(k);
        k += 1;
    }
    let a = k;
    // The title within the first three words (English premodifiers: "a Frontier spokeswoman").
    for t in k..(k + 3).min(cx.toks.len()) {
        if !cx.same_para(e, t) || !cx.toks[t].word {
            return None;
        }
        if let Some((h, nom)) = cx.hits.nominal_at(t, NominalKind::Title) {
            let mut b = h.end;
            while b < cx.toks.len()
                && b - a < 14
                && cx.same_para(e, b)
                && !cx.is_punct(b, ROLE_STOP)
            {
                if cx.toks[b].word && cx.is_stop(b) && !cx.is_connector(b) && !cx.is_det(b) {
                    break;
                }
                b += 1;
            }
            return Some((cx.span(a, b), nom, g));
        }
        if t > k && !cx.toks[t].cap {
            return None;
        }
    }
    None
}

/// "[det] title ... , Name": the apposition before the name.
fn apposition_before<'l>(
    cx: &Ctx<'_, 'l>,
    s: usize,
) -> Option<(Span, &'l Nominal, Option<Gender>)> {
    if s < 2 || !cx.is_punct(s - 1, &[","]) {
        return None;
    }
    let comma = s - 1;
    let lo = comma.saturating_sub(14);
    let mut k = comma;
    let mut found = None;
    while k > lo {
        k -= 1;
        if !cx.same_para(k, s) || cx.is_punct(k, ROLE_STOP) {
            break;
        }
        if cx.toks[k].word && cx.is_stop(k) && !cx.is_connector(k) && !cx.is_det(k) {
            break;
        }
        if let Some((h, nom)) = cx.hits.nominal_at(k, NominalKind::Title) {
            if h.end <= comma {
                found = Some((k, nom));
            }
        }
    }
    let (ts, nom) = found?;
    let g = (ts > 0).then(|| cx.gender_of_det(ts - 1)).flatten();
    Some((cx.span(ts, comma), nom, g))
}

/// The descriptive phrase before an organisation's name ("l'agence de presse russe TASS" ->
/// "agence de presse russe").
fn org_noun_role(cx: &Ctx, s: usize) -> Option<Span> {
    let lo = s.saturating_sub(5);
    let mut k = s;
    while k > lo {
        k -= 1;
        if !cx.same_para(k, s) || !cx.toks[k].word {
            return None;
        }
        if let Some((h, _)) = cx.hits.nominal_at(k, NominalKind::OrgNoun) {
            if h.end <= s {
                return Some(cx.span(k, s));
            }
        }
        if cx.is_stop(k) && !cx.is_connector(k) {
            return None;
        }
    }
    None
}

/// "la société Ecomouv", "the newspaper The Star", "l'agence de presse russe TASS".
fn org_noun_before(cx: &Ctx, s: usize) -> bool {
    let lo = s.saturating_sub(4);
    let mut k = s;
    while k > lo {
        k -= 1;
        if !cx.same_para(k, s) || !cx.toks[k].word {
            return false;
        }
        if let Some((h, _)) = cx.hits.nominal_at(k, NominalKind::OrgNoun) {
            if h.end <= s {
                return true;
            }
        }
        if cx.is_stop(k) && !cx.is_connector(k) {
            return false;
        }
    }
    false
}

/// "à Kampala", "in Denver", "près de Goma".
fn locative_before(cx: &Ctx, s: usize) -> bool {
    if s == 0 || !cx.same_para(s - 1, s) {
        return false;
    }
    let f = cx.f(s - 1);
    match cx.lang {
        Lang::Fr => {
            matches!(f, "a" | "vers" | "depuis")
                || (f == "de"
                    && s >= 2
                    && matches!(
                        cx.f(s - 2),
                        "pres"
                            | "autour"
                            | "loin"
                            | "proche"
                            | "habitants"
                            | "maire"
                            | "region"
                            | "ville"
                            | "commune"
                            | "province"
                            | "departement"
                    ))
        }
        Lang::En => {
            matches!(f, "in" | "near" | "outside" | "across")
                || (f == "of"
                    && s >= 2
                    && matches!(
                        cx.f(s - 2),
                        "city"
                            | "town"
                            | "state"
                            | "province"
                            | "county"
                            | "outskirts"
                            | "mayor"
                            | "residents"
                    ))
        }
    }
}

/// "Denver-based": handled in the token itself; "X-based" splits as one token, so check the
/// word after for "based" written apart.
fn based_after(cx: &Ctx, e: usize) -> bool {
    cx.f(e) == "based" || cx.f(e) == "-based"
}

#[cfg(test)]
mod case_tests {
    use super::*;

    /// The word-by-word comparison of text and form that [`NameEntry::cap_words`] shortcuts.
    fn reference(entry: &NameEntry, text: &str) -> bool {
        let words = text.split(|c: char| c.is_whitespace() || c == '-');
        let forms = entry.form.split(|c: char| c.is_whitespace() || c == '-');
        words.zip(forms).all(|(w, f)| {
            !f.chars().next().is_some_and(|c| c.is_uppercase())
                || w.chars().next().is_some_and(|c| c.is_uppercase())
        })
    }

    #[test]
    fn capital_words_check_as_the_forms() {
        let lex = EntityLexicon::load(&vigie_lexicon::Lexicons::embedded()).expect("lexicons");
        let mut n = 0;
        for e in lex.name_entries.iter().flatten() {
            if e.case != Case::Cap {
                continue;
            }
            let lower = e.form.to_lowercase();
            let mut first_lower = e.form.clone();
            if let Some(c) = e.form.chars().next() {
                first_lower.replace_range(..c.len_utf8(), &c.to_lowercase().to_string());
            }
            let flip: String = e
                .form
                .split(' ')
                .enumerate()
                .map(|(k, w)| {
                    if k % 2 == 1 {
                        w.to_lowercase()
                    } else {
                        w.to_uppercase()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            for t in [
                e.form.clone(),
                lower,
                first_lower,
                flip,
                format!("{} Et Plus-loin x", e.form),
                format!("{}\tEt\x0bplus\nLoin\u{a0}x", e.form),
                format!("{}\x0cEt\rplus-Loin", e.form.to_lowercase()),
                String::new(),
                "A".into(),
            ] {
                assert_eq!(case_ok(e, &t), reference(e, &t), "{:?} {t:?}", e.form);
                n += 1;
            }
        }
        assert!(n > 1000);
    }
}

#[cfg(test)]
mod hit_index_tests {
    use super::super::scan::{tokenize, Folded};
    use super::*;

    /// The start bits answer as the per-token ranges do, on the dev articles.
    #[test]
    fn start_bits_answer_as_the_ranges() {
        let lex = EntityLexicon::load(&vigie_lexicon::Lexicons::embedded()).expect("lexicons");
        for text in crate::text::dev_articles() {
            let paras = crate::text::blank_line_paragraphs(&text);
            let folded = Folded::new(&text);
            let toks = tokenize(&text, &paras, &folded);
            for lang in [Lang::Fr, Lang::En] {
                let hits = find_hits(&lex, &text, &folded, &toks, lang);
                for i in 0..=toks.len() + 1 {
                    assert_eq!(hits.names_at(i).len(), hits.range(i, 0).len());
                    assert_eq!(hits.nominals_at(i).len(), hits.range(i, 1).len());
                    for kind in [
                        NominalKind::Title,
                        NominalKind::Honorific,
                        NominalKind::Head,
                        NominalKind::OrgNoun,
                        NominalKind::PlaceNoun,
                    ] {
                        let slow = hits.nominals[hits.range(i, 1)].iter().find_map(|h| {
                            h.entries
                                .iter()
                                .find(|n| n.kind == kind)
                                .map(|n| (h.start, h.end, *n as *const Nominal))
                        });
                        let fast = hits
                            .nominal_at(i, kind)
                            .map(|(h, n)| (h.start, h.end, n as *const Nominal));
                        assert_eq!(fast, slow, "{i} {kind:?}");
                    }
                }
            }
        }
    }
}
