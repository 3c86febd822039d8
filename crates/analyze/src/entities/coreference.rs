//! Coreference inside one article: candidates become entities (variants of one country,
//! surname and honorific forms of one person, acronyms and short forms of one organisation,
//! capitals used for their government), then role nominals ("la porte-parole") and the subject
//! pronouns that attribute speech join the entity they refer to, by gender and recency.

use vigie_doc::{EntityType, Gender, Lang, Mention, Span};

use super::lexicon::{NameKind, NominalKind, WordMap};
use std::borrow::Cow;

use super::recognition::{Cand, Ctx, Rule};

/// An entity under construction. (Its strings borrow from the lexicon and the folded text
/// where they come from them: many entities are merged or dropped.)
#[derive(Clone, Debug)]
pub struct Ent<'a> {
    /// Type.
    pub kind: EntityType,
    /// Grouping key (`country:RUS`, `person:maria zakharova`, `org:tass`).
    pub key: String,
    /// Gender.
    pub gender: Option<Gender>,
    /// Role span.
    pub role: Option<Span>,
    /// Sector implied by the role's title.
    pub role_sector: Option<Cow<'a, str>>,
    /// Actor code from a lexicon.
    pub actor: Option<Cow<'a, str>>,
    /// Sector implied by organisation words or the institution head.
    pub sector: Option<Cow<'a, str>>,
    /// Country named inside the name ("police de Toronto").
    pub inner_country: Option<Cow<'a, str>>,
    /// Mentions, unsorted until the end.
    pub mentions: Vec<Mention>,
    /// The rule that created the entity.
    pub rule: Rule<'a>,
    /// Folded tokens of the fullest name.
    pub tokens: Vec<Cow<'a, str>>,
    /// Span of the fullest name mention.
    pub name_span: Span,
    /// The name came with an honorific only ("Mme Lefèvre").
    pub honorific_only: bool,
    /// Lexicon kind of the name.
    pub gaz: Option<NameKind>,
    /// Canonical lexicon name (institution head lemma for institutions).
    pub canonical: Option<Cow<'a, str>>,
    /// Role given by a lexicon (agencies: "agence de presse russe").
    pub lex_role: Option<String>,
    /// A name completed from the context ("Kenneth" + "Johnson" of "Kenneth and Jacquelyn
    /// Johnson"), used instead of the name span's text.
    pub full_name: Option<String>,
}

/// A mention without its text: [`super::EntityFinder::find`] copies the text once the entity's
/// mentions are final, so duplicates cost no copy.
fn mention(span: Span, kind: &'static str, rule: &Rule) -> Mention {
    Mention {
        text: String::new(),
        span,
        kind: Some(Cow::Borrowed(kind)),
        rule: rule.to_static(),
    }
}

/// `prefix:` then `rest` in `out`, without the formatting machinery. (One buffer for every
/// candidate: most keys are met again, and only a new entity needs its own copy.)
fn prefixed<'k>(out: &'k mut String, prefix: &str, rest: &str) -> &'k str {
    out.clear();
    out.push_str(prefix);
    out.push(':');
    out.push_str(rest);
    out
}

/// `prefix:` then the tokens joined by spaces, in `out` (as [`prefixed`]).
fn tokens_key<'k>(out: &'k mut String, prefix: &str, toks: &[&str]) -> &'k str {
    out.clear();
    out.push_str(prefix);
    out.push(':');
    join_into(out, toks);
    out
}

/// Appends the tokens joined by spaces to `out`.
fn join_into(out: &mut String, toks: &[&str]) {
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(t);
    }
}

/// Name tokens for an entity, borrowed from the folded text.
fn borrowed<'a>(toks: &[&'a str]) -> Vec<Cow<'a, str>> {
    toks.iter().map(|&t| Cow::Borrowed(t)).collect()
}

/// Do an entity's tokens equal these?
fn same_tokens(a: &[Cow<'_, str>], b: &[&str]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

fn name_tokens<'a>(cx: &Ctx<'a, '_>, c: &Cand) -> Vec<&'a str> {
    let mut out = Vec::new();
    name_tokens_into(cx, c, &mut out);
    out
}

/// [`name_tokens`] in `out` (cleared first; one buffer for many candidates).
fn name_tokens_into<'a, 'b>(
    cx: &Ctx<'a, '_>,
    c: &Cand,
    out: &'b mut Vec<&'a str>,
) -> &'b [&'a str] {
    out.clear();
    // The honorific is part of the mention, not of the name.
    let s = if c.honorific {
        (c.start..c.end)
            .find(|&k| cx.toks[k].word && cx.hits.nominal_at(k, NominalKind::Honorific).is_none())
            .unwrap_or(c.start)
    } else {
        c.start
    };
    out.extend(
        (s..c.end)
            .filter(|&k| cx.toks[k].word)
            .map(|k| cx.f(k))
            .filter(|f| *f != "the"),
    );
    out
}

/// A new entity of candidate `c`, named by `toks`, with no mention yet.
fn new_ent<'a>(c: &Cand<'a>, kind: EntityType, key: String, toks: &[&'a str]) -> Ent<'a> {
    Ent {
        kind,
        key,
        gender: c.gender,
        role: c.role,
        role_sector: c.role_sector.clone(),
        actor: c.actor.clone(),
        sector: c.sector.clone(),
        inner_country: c.inner_country.clone(),
        mentions: Vec::new(),
        rule: c.rule.clone(),
        tokens: borrowed(toks),
        name_span: c.span,
        honorific_only: c.honorific,
        gaz: c.gaz,
        canonical: c.canonical.clone(),
        lex_role: None,
        full_name: None,
    }
}

/// Builds entities from candidates.
pub fn assemble<'a, 'l: 'a>(cx: &Ctx<'a, 'l>, cands: Vec<Cand<'l>>) -> Vec<Ent<'a>> {
    // (Sized once: each candidate makes at most one entity, and the dateline's place may add
    // one; growing these vectors of large structs from empty copied them several times.)
    let mut ents: Vec<Ent> = Vec::with_capacity(cands.len() + 1);
    let mut by_key: WordMap<usize> =
        WordMap::with_capacity_and_hasher(cands.len(), Default::default());
    let mut later: Vec<Cand> = Vec::with_capacity(cands.len());

    // Names typed by their context lend that type to their untyped occurrences ("Nord-Kivu" in
    // "montagnes du Nord-Kivu" is a place because of "la province du Nord-Kivu").
    let mut cands = cands;
    let mut typed: WordMap<EntityType> =
        WordMap::with_capacity_and_hasher(cands.len(), Default::default());
    let mut joined = String::new();
    // Entity keys are built here, and copied only for a new entity.
    let mut kbuf = String::new();
    let mut buf: Vec<&str> = Vec::new();
    for c in &cands {
        if let Some(k) = c.kind {
            if c.rule != "entities/capitalised" && !c.honorific {
                joined.clear();
                join_into(&mut joined, name_tokens_into(cx, c, &mut buf));
                if !typed.contains_key(joined.as_str()) {
                    typed.insert(joined.clone(), k);
                }
            }
        }
    }
    for c in cands.iter_mut() {
        if c.kind.is_none() {
            joined.clear();
            join_into(&mut joined, name_tokens_into(cx, c, &mut buf));
            if let Some(k) = typed.get(joined.as_str()) {
                c.kind = Some(*k);
                c.rule = "entities/same-name".into();
            }
        } else if c.rule == "entities/org-word" || c.rule == "entities/acronym" {
            // A context-typed place or person wins over a guess from the words.
        }
    }

    // Pass 1: lexicon names, institutions, full person names, typed names.
    for c in cands {
        let toks = name_tokens_into(cx, &c, &mut buf);
        let key = match (c.kind, c.gaz) {
            (_, Some(NameKind::Country)) => {
                prefixed(&mut kbuf, "country", c.actor.as_deref().unwrap_or(""))
            }
            (_, Some(NameKind::Capital)) => {
                if capital_is_place(cx, &c) {
                    prefixed(&mut kbuf, "place", c.canonical.as_deref().unwrap_or(""))
                } else {
                    later.push(c);
                    continue;
                }
            }
            (_, Some(NameKind::Place)) => {
                prefixed(&mut kbuf, "place", c.canonical.as_deref().unwrap_or(""))
            }
            (_, Some(NameKind::Org)) => {
                prefixed(&mut kbuf, "org", c.canonical.as_deref().unwrap_or(""))
            }
            (Some(EntityType::Organization), _) if c.mkind == "nominal" => {
                later.push(c);
                continue;
            }
            // One-word organisations (acronyms, "Frontier", "Fonds") may be short forms of a
            // longer name: resolved after every full name is known.
            (Some(EntityType::Organization), None) if toks.len() == 1 => {
                later.push(c);
                continue;
            }
            (Some(EntityType::Person), _) if c.rule == "names/first-name+coordination" => {
                let full = c.canonical.as_deref().unwrap_or_default().to_string();
                let ftoks: Vec<String> = full.split_whitespace().map(super::scan::fold).collect();
                let key = format!("person:{}", ftoks.join(" "));
                let mut e = Ent {
                    tokens: ftoks.into_iter().map(Cow::Owned).collect(),
                    ..new_ent(&c, EntityType::Person, key.clone(), &[])
                };
                e.full_name = Some(full);
                e.canonical = None;
                e.mentions.push(mention(c.span, "name", &c.rule));
                by_key.insert(key, ents.len());
                ents.push(e);
                continue;
            }
            (Some(EntityType::Person), _) if c.honorific || toks.len() < 2 => {
                later.push(c);
                continue;
            }
            (Some(k), _) => tokens_key(&mut kbuf, k.as_str(), toks),
            (None, _) => {
                later.push(c);
                continue;
            }
        };
        let kind = c.kind.unwrap_or(EntityType::Place);
        // "la cour d'appel" after "une cour fédérale d'appel": the same institution.
        // (The look-up last: most candidates are no institution.)
        if c.canonical
            .as_deref()
            .is_some_and(|k| k.starts_with("head:"))
            && !by_key.contains_key(key)
        {
            if let Some(i) = ents.iter().rposition(|e| {
                e.canonical
                    .as_deref()
                    .is_some_and(|k| k.starts_with("head:"))
                    && e.tokens.first().map(|t| t.as_ref()) == toks.first().copied()
                    && toks.iter().all(|t| e.tokens.iter().any(|x| x == t))
            }) {
                ents[i].mentions.push(mention(c.span, "alias", &c.rule));
                continue;
            }
        }
        // (Looked up before an insert: most keys are met again, and a copy of the key is
        // needed only for a new entity.)
        let i = match by_key.get(key) {
            Some(&i) => i,
            None => {
                ents.push(new_ent(&c, kind, key.to_owned(), toks));
                by_key.insert(key.to_owned(), ents.len() - 1);
                ents.len() - 1
            }
        };
        let e = &mut ents[i];
        if c.span.len() > e.name_span.len() && c.mkind == "name" {
            e.name_span = c.span;
            e.tokens = borrowed(toks);
        }
        if e.role.is_none() {
            e.role = c.role;
            e.role_sector = c.role_sector.clone();
        }
        e.gender = e.gender.or(c.gender);
        let kind = if e.mentions.is_empty() {
            "name"
        } else {
            "alias"
        };
        e.mentions.push(mention(c.span, kind, &c.rule));
        if let Some(r) = c.role {
            e.mentions.push(mention(strip_det(cx, r), "title", &c.rule));
        }
    }

    // Merge persons whose full names differ only by a middle part is out of scope; merge
    // organisations whose names are acronyms of each other below.

    // Pass 2: short forms and unknown names.
    let mut extra: Vec<Ent> = Vec::new();
    for c in later {
        let toks = name_tokens(cx, &c);
        // Capitals used for their country's government, or for an international body seated
        // there that the article names ("Bruxelles" for the EU).
        if c.gaz == Some(NameKind::Capital) {
            let seated = c
                .canonical
                .as_deref()
                .filter(|_| !dateline_like(cx, &c))
                .and_then(|k| cx.lex.seats.get(k))
                .and_then(|orgs| {
                    orgs.iter()
                        .find_map(|o| by_key.get(prefixed(&mut kbuf, "org", o)).copied())
                });
            if let Some(i) = seated {
                ents[i].mentions.push(mention(c.span, "metonym", &c.rule));
                continue;
            }
            let key = prefixed(&mut kbuf, "country", c.actor.as_deref().unwrap_or(""));
            if let Some(&i) = by_key.get(key) {
                ents[i].mentions.push(mention(c.span, "metonym", &c.rule));
            } else {
                let key = prefixed(&mut kbuf, "place", c.canonical.as_deref().unwrap_or(""));
                push_or_merge(
                    &mut ents,
                    &mut by_key,
                    &c,
                    EntityType::Place,
                    key,
                    toks,
                    "name",
                );
            }
            continue;
        }
        // "la rébellion du M23": a nominal of the organisation it names.
        if c.mkind == "nominal"
            && c.canonical
                .as_deref()
                .is_some_and(|k| k.starts_with("org:"))
        {
            if let Some(&i) = by_key.get(c.canonical.as_deref().unwrap_or_default()) {
                ents[i].mentions.push(mention(c.span, "nominal", &c.rule));
            }
            continue;
        }
        // Institution nominals: the last organisation with the same head.
        if c.mkind == "nominal" {
            if let Some(i) = ents.iter().rposition(|e| {
                e.kind == EntityType::Organization
                    && (e.canonical.as_deref() == c.canonical.as_deref()
                        || (e
                            .canonical
                            .as_deref()
                            .is_some_and(|k| k.starts_with("head:"))
                            && e.tokens.first().map(|t| t.as_ref()) == toks.first().copied()
                            && toks.iter().all(|t| e.tokens.iter().any(|x| x == t))))
            }) {
                ents[i].mentions.push(mention(c.span, "nominal", &c.rule));
            } else {
                // "le Parlement" names it; "le gouvernement" only describes it.
                let capital = cx.text[c.span.start..c.span.end]
                    .chars()
                    .any(char::is_uppercase);
                let key = tokens_key(&mut kbuf, "inst", &toks);
                push_or_merge(
                    &mut ents,
                    &mut by_key,
                    &c,
                    EntityType::Organization,
                    key,
                    toks,
                    if capital { "name" } else { "nominal" },
                );
            }
            continue;
        }
        // Persons: a surname (or, after an honorific, any name part) of a known person.
        if let Some(i) = find_person(&ents, &toks, c.honorific || c.kind.is_none(), c.span) {
            let e = &mut ents[i];
            e.gender = e.gender.or(c.gender);
            if e.role.is_none() {
                e.role = c.role;
                e.role_sector = c.role_sector.clone();
            }
            e.mentions.push(mention(c.span, "alias", &c.rule));
            continue;
        }
        if c.kind.is_none() || c.kind == Some(EntityType::Organization) {
            // An acronym in parentheses after a name: "L'armée congolaise (FARDC)".
            if let Some(i) = parenthesised_alias(cx, &ents, &c) {
                ents[i].mentions.push(mention(c.span, "alias", &c.rule));
                continue;
            }
            // A short form of a known organisation ("Frontier", "Spirit", "Commerce Department")
            // or its acronym.
            if let Some(i) = find_org(&ents, &toks) {
                ents[i].mentions.push(mention(c.span, "alias", &c.rule));
                continue;
            }
            // A lone organisation word ("le Fonds", "the Office") that names nothing known.
            if toks.len() == 1 && cx.lex.org_words.contains(toks[0]) && c.gaz.is_none() {
                continue;
            }
        }
        let kind = match c.kind {
            Some(k) => k,
            None if c.weak => continue,
            None if cx.lex.holder_index.contains_key(&toks.join(" ")) => EntityType::Person,
            None => EntityType::Organization,
        };
        let key = tokens_key(&mut kbuf, kind.as_str(), &toks);
        if let Some(&i) = by_key.get(key) {
            ents[i].mentions.push(mention(c.span, "alias", &c.rule));
            continue;
        }
        let mut e = new_ent(&c, kind, key.to_owned(), &toks);
        if c.kind.is_none() {
            e.rule = "entities/capitalised".into();
        }
        e.mentions.push(mention(c.span, "name", &c.rule));
        if let Some(r) = c.role {
            e.mentions.push(mention(strip_det(cx, r), "title", &c.rule));
        }
        by_key.insert(key.to_owned(), ents.len() + extra.len());
        extra.push(e);
        // Keep `extra` visible to later lookups.
        ents.append(&mut extra);
    }
    merge_parenthesised(cx, &mut ents);
    merge_same_place(cx, &mut ents);
    ents
}

/// "Georgia" (listed as a country and as a US state) and "Ga." (the state): a place listed
/// under the name another place entity already has is that entity; the more specific listing
/// (the place, not the country) gives the actor.
fn merge_same_place(cx: &Ctx, ents: &mut Vec<Ent>) {
    // Only a listed place moves: without one, no name needs folding.
    if !ents
        .iter()
        .any(|e| e.kind == EntityType::Place && e.gaz == Some(NameKind::Place))
    {
        return;
    }
    // The folded names of the place entities, folded once (a merge changes no name span).
    let mut names: Vec<Option<String>> = ents
        .iter()
        .map(|o| {
            (o.kind == EntityType::Place).then(|| {
                super::scan::fold(
                    cx.text
                        .get(o.name_span.start..o.name_span.end)
                        .unwrap_or(""),
                )
            })
        })
        .collect();
    let mut i = 0;
    while i < ents.len() {
        let e = &ents[i];
        let target = (e.kind == EntityType::Place && e.gaz == Some(NameKind::Place))
            .then(|| {
                let canonical = super::scan::fold(e.canonical.as_deref().unwrap_or(""));
                names
                    .iter()
                    .enumerate()
                    .position(|(j, name)| j != i && name.as_deref() == Some(canonical.as_str()))
            })
            .flatten();
        match target {
            Some(j) => {
                let moved = std::mem::take(&mut ents[i].mentions);
                let actor = ents[i].actor.clone();
                ents[j].mentions.extend(moved);
                if ents[j].gaz == Some(NameKind::Country) {
                    ents[j].actor = actor;
                }
                ents.remove(i);
                names.remove(i);
            }
            None => i += 1,
        }
    }
}

/// "L'armée congolaise (FARDC)": two organisations found apart are one. The lexicon's name wins,
/// else the longer.
fn merge_parenthesised(cx: &Ctx, ents: &mut Vec<Ent>) {
    let mut i = 0;
    while i < ents.len() {
        if ents[i].kind != EntityType::Organization {
            i += 1;
            continue;
        }
        let target = ents[i].mentions.iter().find_map(|m| {
            let k = cx.toks.partition_point(|t| t.span.start < m.span.start);
            if k < 2 || cx.s(k - 1) != "(" {
                return None;
            }
            let before = cx.toks[k - 2].span.end;
            ents.iter().position(|e| {
                e.kind == EntityType::Organization
                    && e.mentions.iter().any(|x| x.span.end == before)
            })
        });
        match target {
            Some(j) if j != i => {
                let (keep, drop) = if ents[i].gaz.is_some() {
                    (i, j)
                } else {
                    (j, i)
                };
                let moved = std::mem::take(&mut ents[drop].mentions);
                let drop_gaz = ents[drop].gaz.is_some();
                ents[keep].mentions.extend(moved);
                if ents[keep].actor.is_none() {
                    ents[keep].actor = ents[drop].actor.clone();
                }
                if !drop_gaz
                    && ents[keep].gaz.is_none()
                    && ents[drop].name_span.len() > ents[keep].name_span.len()
                {
                    ents[keep].name_span = ents[drop].name_span;
                    ents[keep].tokens = ents[drop].tokens.clone();
                }
                if ents[keep].sector.is_none() {
                    ents[keep].sector = ents[drop].sector.clone();
                }
                ents.remove(drop);
                i = 0;
            }
            _ => i += 1,
        }
    }
}

fn push_or_merge<'a>(
    ents: &mut Vec<Ent<'a>>,
    by_key: &mut WordMap<usize>,
    c: &Cand<'a>,
    kind: EntityType,
    key: &str,
    toks: Vec<&'a str>,
    mkind: &'static str,
) {
    if let Some(&i) = by_key.get(key) {
        ents[i].mentions.push(mention(c.span, "alias", &c.rule));
        return;
    }
    let mut e = new_ent(c, kind, key.to_owned(), &toks);
    e.mentions.push(mention(c.span, mkind, &c.rule));
    by_key.insert(key.to_owned(), ents.len());
    ents.push(e);
}

/// A name written in capitals, or followed by a dash or a parenthesis, as a dateline's place
/// is ("BRUSSELS —", "Bruxelles (AFP) -"): the place where the story was filed.
fn dateline_like(cx: &Ctx, c: &Cand) -> bool {
    let para = cx.toks.get(c.start).map(|t| t.para);
    let next = cx
        .toks
        .get(c.end)
        .filter(|t| Some(t.para) == para)
        .map(|_| cx.s(c.end));
    matches!(next, Some("—" | "–" | "-" | "("))
        || (c.start..c.end).all(|i| !cx.s(i).chars().any(char::is_lowercase))
}

/// A capital named as a location ("à Kampala", "in Moscow") is a place of its own; named as
/// an actor ("Moscou s'est engagé", "aux yeux de Washington") it stands for its government.
fn capital_is_place(cx: &Ctx, c: &Cand) -> bool {
    if c.start == 0 {
        return false;
    }
    let p = c.start - 1;
    if cx.toks[p].para != cx.toks[c.start].para {
        return false;
    }
    let f = cx.f(p);
    matches!(
        f,
        "a" | "en"
            | "dans"
            | "vers"
            | "pres"
            | "in"
            | "at"
            | "near"
            | "outside"
            | "from"
            | "to"
            | "depuis"
    ) || (matches!(f, "de" | "of")
        && p > 0
        && matches!(
            cx.f(p - 1),
            "habitants"
                | "residents"
                | "maire"
                | "mayor"
                | "region"
                | "ville"
                | "city"
                | "pres"
                | "banlieue"
                | "centre"
                | "sud"
                | "nord"
                | "est"
                | "ouest"
        ))
}

/// The person a short form refers to: the same surname, or any name part after an honorific.
/// Prefers the closest person mentioned before `at`, else the first after.
fn find_person(ents: &[Ent], toks: &[&str], any_part: bool, at: Span) -> Option<usize> {
    let last = *toks.last()?;
    let mut best: Option<(usize, bool, usize)> = None;
    for (i, e) in ents.iter().enumerate() {
        if e.kind != EntityType::Person
            || e.tokens.len() < toks.len()
            || e.honorific_only && !same_tokens(&e.tokens, toks)
        {
            continue;
        }
        let ok = e.tokens.last().is_some_and(|t| t == last)
            || (any_part && toks.len() == 1 && e.tokens.iter().any(|t| t == last))
            || (toks.len() == 1 && e.tokens.first().is_some_and(|t| t == last));
        if !ok {
            continue;
        }
        let before = e.mentions.iter().any(|m| m.span.start < at.start);
        let dist = e
            .mentions
            .iter()
            .map(|m| at.start.abs_diff(m.span.start))
            .min()
            .unwrap_or(usize::MAX);
        let better = match best {
            None => true,
            Some((_, b, d)) => (before && !b) || (before == b && dist < d),
        };
        if better {
            best = Some((i, before, dist));
        }
    }
    best.map(|b| b.0)
}

/// "Name (ACRONYM)": the entity whose mention ends just before the parenthesis.
fn parenthesised_alias(cx: &Ctx, ents: &[Ent], c: &Cand) -> Option<usize> {
    if c.start < 2 || cx.s(c.start - 1) != "(" || cx.s(c.end) != ")" {
        return None;
    }
    let before = cx.toks[c.start - 2].span.end;
    ents.iter().rposition(|e| {
        e.kind == EntityType::Organization && e.mentions.iter().any(|m| m.span.end == before)
    })
}

/// The organisation a short form refers to: a prefix or suffix of its name, or its acronym.
fn find_org(ents: &[Ent], toks: &[&str]) -> Option<usize> {
    if toks.is_empty() {
        return None;
    }
    ents.iter().rposition(|e| {
        if e.kind != EntityType::Organization
            || e.tokens.len() <= toks.len() && !same_tokens(&e.tokens, toks)
        {
            return false;
        }
        let n = toks.len();
        let m = e.tokens.len();
        (m >= n && same_tokens(&e.tokens[..n], toks))
            || (m >= n && same_tokens(&e.tokens[m - n..], toks)) && (n >= 2 || toks[0].len() >= 4)
            || (n == 1
                && toks[0].len() >= 2
                && (acronym(&e.tokens).eq(toks[0].chars())
                    || (e.tokens.len() > 2 && acronym(&e.tokens[1..]).eq(toks[0].chars()))))
    })
}

/// The initials of the capitalisable words of a name ("commission scolaire de la region de
/// sherbrooke" -> "csrs" skips connectors), compared as they come rather than collected.
fn acronym<'t>(tokens: &'t [Cow<'_, str>]) -> impl Iterator<Item = char> + 't {
    tokens
        .iter()
        .flat_map(|t| t.split('-'))
        .filter(|part| {
            !matches!(
                *part,
                "de" | "du"
                    | "des"
                    | "la"
                    | "le"
                    | "l'"
                    | "d'"
                    | "of"
                    | "the"
                    | "and"
                    | "for"
                    | "et"
            )
        })
        .filter_map(|part| part.chars().next())
}

/// A span without its leading determiner.
pub fn strip_det(cx: &Ctx, span: Span) -> Span {
    let i = cx.toks.partition_point(|t| t.span.start < span.start);
    let mut s = span.start;
    let mut k = i;
    while k < cx.toks.len() && cx.toks[k].span.end <= span.end && cx.is_det(k) {
        k += 1;
        s = cx.toks.get(k).map(|t| t.span.start).unwrap_or(span.end);
    }
    Span::new(s.min(span.end), span.end)
}

/// Role nominals ("la porte-parole", "le ministre", "the spokeswoman") not followed by a name:
/// mentions of the last person whose role has that title.
pub fn nominals(cx: &Ctx, ents: &mut [Ent]) {
    let n = cx.toks.len();
    // The folded roles of the entities, folded once when a title is first met.
    let mut role_folds: Option<Vec<Option<String>>> = None;
    let mut i = 0;
    while let Some(at) = cx.hits.next_nominal(i, NominalKind::Title) {
        i = at;
        let Some((h, nom)) = cx.hits.nominal_at(i, NominalKind::Title) else {
            i += 1;
            continue;
        };
        let end = h.end;
        let det = i > 0 && cx.is_det(i - 1) && cx.toks[i - 1].para == cx.toks[i].para;
        // Followed by a name: that is a title of a name already handled.
        let named = end < n && cx.toks[end].cap && cx.toks[end].para == cx.toks[i].para;
        if det && !named {
            let span = Span::new(cx.toks[i - 1].span.start, cx.toks[end - 1].span.end);
            let lemma = super::scan::fold(&nom.lemma);
            let role_folds = role_folds.get_or_insert_with(|| {
                ents.iter()
                    .map(|e| {
                        e.role
                            .map(|r| super::scan::fold(cx.text.get(r.start..r.end).unwrap_or("")))
                    })
                    .collect()
            });
            let target = ents
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == EntityType::Person)
                .filter(|(_, e)| e.mentions.iter().any(|m| m.span.end <= span.start))
                .filter(|(k, _)| {
                    role_folds[*k]
                        .as_deref()
                        .is_some_and(|r| r.contains(&lemma))
                })
                .filter(|(_, e)| !e.mentions.iter().any(|m| m.span.overlaps(span)))
                .max_by_key(|(_, e)| {
                    e.mentions
                        .iter()
                        .map(|m| m.span.start)
                        .filter(|&s| s < span.start)
                        .max()
                })
                .map(|(k, _)| k);
            if let Some(k) = target {
                ents[k].mentions.push(Mention {
                    // (Filled in at the end, as for [`mention`].)
                    text: String::new(),
                    span,
                    kind: Some(Cow::Borrowed("nominal")),
                    rule: Cow::Owned(nom.rule.clone()),
                });
            }
        }
        i = end;
    }
}

/// Subject pronouns (`il`, `elle`, `-t-elle`, `he`, `she`): mentions of the closest person
/// before them with a compatible gender, within the last paragraphs.
pub fn pronouns(cx: &Ctx, ents: &mut [Ent]) {
    // (start of mention, entity index, gender) of person mentions, sorted.
    let mut persons: Vec<(usize, usize, usize)> = Vec::new();
    for (k, e) in ents.iter().enumerate() {
        if e.kind == EntityType::Person {
            // A possessive ("Tony Abbott's daughters") is not what a later "he" picks up.
            for m in e.mentions.iter().filter(|m| {
                let k = cx.toks.partition_point(|t| t.span.start < m.span.end);
                cx.toks.get(k).is_none_or(|t| t.fold != "'s")
            }) {
                persons.push((
                    m.span.start,
                    k,
                    cx.toks.partition_point(|t| t.span.start < m.span.start),
                ));
            }
        }
    }
    persons.sort();
    let mut add: Vec<(usize, Mention)> = Vec::new();
    for (i, t) in cx.toks.iter().enumerate() {
        // Every pronoun `pronoun` finds ends with "il", "elle", "he" or "she" (so do "-il" and
        // "-elle"): most words ending in "e" are none.
        if !t.word || !matches!(t.fold.as_bytes(), [.., b'i' | b'l' | b'h', b'l' | b'e']) {
            continue;
        }
        let Some((span, g)) = pronoun(cx, i) else {
            continue;
        };
        if cx.lang == Lang::Fr && g == Gender::M && impersonal(cx, i) {
            continue;
        }
        // Closest person mention before, within three paragraphs, gender compatible.
        let para = t.para;
        let pos = persons.partition_point(|p| p.0 < span.start);
        let found = persons[..pos].iter().rev().find(|(_, k, ti)| {
            let e = &ents[*k];
            cx.toks[*ti].para + 3 >= para && e.gender.is_none_or(|eg| eg == g)
        });
        if let Some(&(_, k, _)) = found {
            add.push((
                k,
                Mention {
                    // (Filled in at the end, as for [`mention`].)
                    text: String::new(),
                    span,
                    kind: Some(Cow::Borrowed("pronoun")),
                    rule: Cow::Borrowed(pronoun_rule(cx.lang, g)),
                },
            ));
        }
    }
    for (k, m) in add {
        let e = &mut ents[k];
        if e.gender.is_none() {
            e.gender = Some(if m.rule.ends_with('f') {
                Gender::F
            } else {
                Gender::M
            });
        }
        e.mentions.push(m);
    }
}

/// The rule id of a subject pronoun mention (`<lang>/pronoun:<gender>`).
fn pronoun_rule(lang: Lang, g: Gender) -> &'static str {
    match (lang, g) {
        (Lang::Fr, Gender::F) => "fr/pronoun:f",
        (Lang::Fr, Gender::M) => "fr/pronoun:m",
        (Lang::En, Gender::F) => "en/pronoun:f",
        (Lang::En, Gender::M) => "en/pronoun:m",
    }
}

/// A subject pronoun at token `i`: its span (inside an inverted "a-t-elle") and gender.
fn pronoun(cx: &Ctx, i: usize) -> Option<(Span, Gender)> {
    let t = &cx.toks[i];
    let f = t.fold;
    let g = match (cx.lang, f) {
        (Lang::Fr, "il") => Some(Gender::M),
        (Lang::Fr, "elle") => Some(Gender::F),
        (Lang::En, "he") => Some(Gender::M),
        (Lang::En, "she") => Some(Gender::F),
        _ => None,
    };
    if let Some(g) = g {
        return Some((t.span, g));
    }
    if cx.lang == Lang::Fr {
        // Inversion: "a-t-elle", "ajoute-t-il", "dit-elle".
        for (suffix, g) in [("-elle", Gender::F), ("-il", Gender::M)] {
            if f.ends_with(suffix) && f.len() > suffix.len() + 1 {
                let start = t.span.end - (suffix.len() - 1);
                return Some((Span::new(start, t.span.end), g));
            }
        }
    }
    None
}

/// French impersonal "il": "il y a", "il faut", "il s'agit", "il semble".
fn impersonal(cx: &Ctx, i: usize) -> bool {
    let next = cx.f(i + 1);
    matches!(
        next,
        "y" | "faut"
            | "fallait"
            | "faudra"
            | "faudrait"
            | "semble"
            | "semblait"
            | "importe"
            | "suffit"
            | "reste"
            | "convient"
            | "parait"
            | "pleut"
            | "s'"
    ) || (next == "s'" || next.starts_with("s'"))
        || (matches!(next, "est" | "etait" | "sera")
            && matches!(
                cx.f(i + 2),
                "vrai"
                    | "possible"
                    | "impossible"
                    | "probable"
                    | "clair"
                    | "temps"
                    | "question"
                    | "difficile"
                    | "necessaire"
                    | "important"
                    | "urgent"
            ))
}
