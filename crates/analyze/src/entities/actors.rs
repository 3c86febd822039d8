//! Actor codes: ISO alpha-3 country + sector, from the lexicons (countries, organisations),
//! from what the role says ("porte-parole du ministère russe ..." -> RUSGOV), from dated
//! office holders ("Lavrov" in 2022 -> RUSGOV), and from the article's home country.

use std::borrow::Cow;
use std::collections::HashMap;

use vigie_doc::{EntityType, Span};

use super::coreference::Ent;
use super::lexicon::{EntityLexicon, NameKind, NominalKind};
use super::recognition::Ctx;

/// The country the article is about most: the dateline's, else the most mentioned (a country:
/// not a region such as `EUR`, "Europe").
pub fn home_country(cx: &Ctx, ents: &[Ent], dateline_country: Option<&str>) -> Option<String> {
    if let Some(c) = dateline_country {
        return Some(c.to_string());
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for e in ents {
        if e.kind == EntityType::Place {
            if let Some(c) = e.actor.as_deref().and_then(|a| a.get(..3)) {
                if cx.lex.country_names.contains_key(c) {
                    *counts.entry(c).or_default() += e.mentions.len();
                }
            }
        }
    }
    // Demonyms count too ("le peuple congolais").
    for h in cx.hits.names() {
        for en in h.entries.iter() {
            if en.kind == NameKind::Demonym {
                *counts.entry(en.actor.as_str()).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(c, _)| c.to_string())
}

/// The country named in a span: a demonym, a country, a capital or a known place.
fn country_in(cx: &Ctx, span: Span) -> Option<String> {
    let i = cx.toks.partition_point(|t| t.span.start < span.start);
    for k in i..cx.toks.len() {
        if cx.toks[k].span.end > span.end {
            break;
        }
        if let Some(h) = cx.hits.name_at(k) {
            if cx.toks[h.end - 1].span.end <= span.end {
                if let Some(e) = h.entries.iter().find(|e| e.kind != NameKind::Org) {
                    return Some(e.actor.chars().take(3).collect());
                }
            }
        }
    }
    None
}

/// A sector implied by words in a span: titles and institution heads with a sector, domain
/// nouns of government ("sécurité nationale", "Affaires étrangères").
fn sector_in(cx: &Ctx, span: Span) -> Option<String> {
    let i = cx.toks.partition_point(|t| t.span.start < span.start);
    let mut domain = false;
    for k in i..cx.toks.len() {
        if cx.toks[k].span.end > span.end {
            break;
        }
        for kind in [NominalKind::Head, NominalKind::Title] {
            if let Some((_, nom)) = cx.hits.nominal_at(k, kind) {
                if let Some(s) = &nom.sector {
                    return Some(s.clone());
                }
            }
        }
        domain |= cx.lex.domains.contains(cx.f(k));
    }
    domain.then(|| "GOV".to_string())
}

/// The actor of an organisation entity mentioned inside a span (a person's role "porte-parole
/// des FARDC"), from the entities already coded.
fn org_actor_in(ents: &[Ent], codes: &[Option<String>], span: Span) -> Option<String> {
    ents.iter().zip(codes).find_map(|(e, code)| {
        (e.kind == EntityType::Organization
            && e.mentions
                .iter()
                .any(|m| m.span.start >= span.start && m.span.end <= span.end))
        .then(|| code.clone())
        .flatten()
    })
}

/// The office a person held on `date`, by full name or surname.
pub fn office<'l>(
    lex: &'l EntityLexicon,
    tokens: &[Cow<'_, str>],
    date: Option<&str>,
) -> Option<&'l super::lexicon::Holder> {
    let full = tokens.join(" ");
    let idx = lex
        .holder_index
        .get(&full)
        .or_else(|| lex.holder_index.get(tokens.last()?.as_ref()))?;
    let date = date.unwrap_or("");
    let mut best = None;
    for &i in idx {
        let h = &lex.holders[i];
        // A surname alone must be unambiguous on the date; a full name must match it.
        if tokens.len() > 1 && !h.full.contains(&full) {
            continue;
        }
        let in_office = date.is_empty()
            || (h.from.as_str() <= date && (h.to.is_empty() || date <= h.to.as_str()));
        if in_office {
            if best.is_some() && tokens.len() == 1 && !date.is_empty() {
                return None;
            }
            best = Some(h);
            if date.is_empty() {
                // Without a date, the latest office of that person.
                continue;
            }
        }
    }
    if best.is_none() && tokens.len() > 1 {
        // Out of office on that date but known: their last office.
        best = idx
            .iter()
            .map(|&i| &lex.holders[i])
            .rfind(|h| h.full.contains(&full));
    }
    best
}

/// Codes every entity; returns one code per entity.
pub fn code(cx: &Ctx, ents: &[Ent], home: Option<&str>, date: Option<&str>) -> Vec<Option<String>> {
    let mut codes: Vec<Option<String>> = vec![None; ents.len()];
    // Places and organisations first: persons' roles refer to them.
    for (i, e) in ents.iter().enumerate() {
        codes[i] = match e.kind {
            EntityType::Place => e.actor.as_deref().or(home).map(str::to_string),
            EntityType::Organization => {
                if let Some(a) = &e.actor {
                    Some(a.to_string())
                } else {
                    let country = e
                        .inner_country
                        .as_deref()
                        .map(str::to_string)
                        .or_else(|| country_in(cx, e.name_span));
                    match (&e.sector, country) {
                        (Some(s), Some(c)) => Some(format!("{c}{s}")),
                        (Some(s), None) => home.map(|h| format!("{h}{s}")),
                        (None, Some(c)) => Some(c),
                        (None, None) => None,
                    }
                }
            }
            EntityType::Person => None,
        };
    }
    for (i, e) in ents.iter().enumerate() {
        if e.kind != EntityType::Person {
            continue;
        }
        let mut country = None;
        let mut sector = e.role_sector.as_deref().map(str::to_string);
        if let Some(r) = e.role {
            if let Some(a) = org_actor_in(ents, &codes, r) {
                country = Some(a.chars().take(3).collect::<String>());
                if sector.is_none() && a.len() > 3 {
                    sector = Some(a[3..].to_string());
                }
            }
            if country.is_none() {
                country = country_in(cx, r);
            }
            if sector.is_none() {
                sector = sector_in(cx, r);
            }
        }
        if country.is_none() || sector.is_none() {
            if let Some(h) = office(cx.lex, &e.tokens, date) {
                codes[i] = Some(h.actor.clone());
                continue;
            }
        }
        codes[i] = match (country, sector) {
            (Some(c), Some(s)) => Some(format!("{c}{s}")),
            (Some(c), None) => Some(c),
            (None, Some(s)) => home.map(|h| format!("{h}{s}")),
            (None, None) => None,
        };
    }
    codes
}
