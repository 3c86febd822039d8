//! Indirect speech: reported content without quotation marks.
//!
//! - a content clause after a cue: "a précisé qu'il s'agissait de ...", "said (that) ...";
//! - the noun-phrase object of a cue that takes one: "a démenti l'existence de ...";
//! - "selon X, ..." / "..., selon X" / "according to X";
//! - an incise after the content: "..., assure-t-il", "..., the family's attorney said".

use vigie_doc::{QuoteKind, Span};

use super::attribution::Ctx;
use super::lexicon::CueHit;
use super::scan::Tok;
use super::Found;

/// Finds indirect quotes; `marked` are the direct and partial quotes already found.
pub(crate) fn find(ctx: &Ctx<'_>, marked: &[Found]) -> Vec<Found> {
    let mut out = Vec::new();
    let g = &ctx.r.g;
    for sent in &ctx.sents {
        let hits = ctx.hits_in(*sent);
        for (hi, h) in hits.iter().enumerate() {
            let cue = &ctx.r.cues[h.cue];
            let toks_after = ctx.toks(Span::new(h.span.end, sent.end));
            let toks_before = ctx.toks(Span::new(sent.start, h.span.start));
            let later: Vec<&CueHit> = hits[hi + 1..].to_vec();
            let content: Option<(Span, &str)> = if cue.prep {
                prep_content(ctx, h, *sent, &toks_before, &toks_after)
            } else {
                clause_after(ctx, h, *sent, &toks_before, &toks_after, &later)
                    .or_else(|| incise_before(ctx, h, *sent, &toks_before, &toks_after))
            };
            let Some((span, rule)) = content else {
                continue;
            };
            // the content must be the narrator's words, not one quoted span
            let outside = ctx
                .toks(span)
                .iter()
                .filter(|t| t.word && !ctx.in_mark(t.span.start))
                .count();
            if outside < 3 {
                continue;
            }
            if marked.iter().any(|m| {
                m.kind == QuoteKind::Direct
                    && m.span.start <= span.start
                    && span.end <= m.span.end + 2
            }) {
                continue;
            }
            let _ = g;
            out.push(Found {
                kind: QuoteKind::Indirect,
                span,
                text: None,
                speaker: ctx.speaker_of(h, *sent, 0),
                cue: Some((h.cue, h.span)),
                via: super::relay::find(ctx, h, *sent),
                rule: format!("{}:{rule}", cue.rule),
                confidence: 0.6,
            });
        }
    }
    out
}

/// A French infinitive (or "ne" opening a negated one).
fn looks_infinitive(w: &str) -> bool {
    w == "ne"
        || w == "n'"
        || w.ends_with("er")
        || w.ends_with("ir")
        || w.ends_with("re")
        || w == "avoir"
        || w == "être"
}

fn is_boundary(t: &Tok) -> bool {
    !t.word
        && matches!(
            t.norm.as_str(),
            "," | ";" | ":" | "." | "(" | ")" | "«" | "»" | "\"" | "“" | "”" | "?" | "!"
        )
}

/// The end of a content clause that starts at `start`: the sentence end, a semicolon, or a
/// later cue joined by a coordinator or opening an incise.
fn content_end(ctx: &Ctx<'_>, start: usize, sent: Span, later: &[&CueHit]) -> usize {
    let g = &ctx.r.g;
    let mut end = sent.end;
    for h in later {
        if h.span.start <= start {
            continue;
        }
        let before = ctx.toks(Span::new(start, h.span.start));
        let mut j = before.len();
        while j > 0
            && before[j - 1].word
            && (g.aux.contains(&before[j - 1].norm) || g.skip.contains(&before[j - 1].norm))
        {
            j -= 1;
        }
        let cut = if j > 0 && before[j - 1].norm == "," {
            Some(before[j - 1].span.start)
        } else {
            g.coordinators.iter().find_map(|c| {
                let n = c.split(' ').count();
                if j >= n
                    && before[j - n..j]
                        .iter()
                        .map(|t| t.norm.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                        == *c
                {
                    let s = before[j - n].span.start;
                    // "..., et a souligné" / "..., avant de souligner"
                    let s2 = if j > n && before[j - n - 1].norm == "," {
                        before[j - n - 1].span.start
                    } else {
                        s
                    };
                    Some(s2)
                } else {
                    None
                }
            })
        };
        if let Some(c) = cut {
            end = c;
            break;
        }
    }
    if let Some(p) = ctx.text[start..end].find(';') {
        end = start + p;
    }
    trim_end(ctx.text, start, end)
}

fn trim_end(text: &str, start: usize, mut end: usize) -> usize {
    while end > start {
        let c = text[..end].chars().next_back().unwrap_or(' ');
        if c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '\u{a0}' | '\u{202f}') {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// Does the cue have a subject before it (not an incise after a comma or a quote)?
fn has_subject_before(ctx: &Ctx<'_>, h: &CueHit, before: &[Tok]) -> bool {
    if h.pron.is_some() {
        return true;
    }
    let g = &ctx.r.g;
    let mut j = before.len();
    while j > 0
        && before[j - 1].word
        && (g.aux.contains(&before[j - 1].norm) || g.skip.contains(&before[j - 1].norm))
    {
        j -= 1;
    }
    j > 0 && before[j - 1].word
}

/// "a précisé qu'...", "said (that) ...", "a démenti l'existence de ...".
fn clause_after(
    ctx: &Ctx<'_>,
    h: &CueHit,
    sent: Span,
    before: &[Tok],
    after: &[Tok],
    later: &[&CueHit],
) -> Option<(Span, &'static str)> {
    let cue = &ctx.r.cues[h.cue];
    let g = &ctx.r.g;
    let en = ctx.r.lang == vigie_doc::Lang::En;
    if !has_subject_before(ctx, h, before) {
        // an incise: "« ... », a-t-il ajouté" has no content after it
        h.pron?;
    }
    if cue.que {
        // the subordinator within a few words ("a affirmé jeudi à RFI que")
        for (k, t) in after.iter().enumerate().take(7) {
            if is_boundary(t) && t.norm != "," {
                break;
            }
            if later.iter().any(|l| l.span.start == t.span.start) {
                break;
            }
            if g.subordinators.contains(&t.norm) {
                let start = if en {
                    after.get(k + 1).map(|x| x.span.start)?
                } else {
                    t.span.start
                };
                let end = content_end(ctx, start, sent, later);
                if end > start {
                    return Some((Span::new(start, end), "que"));
                }
                return None;
            }
        }
        // English without "that": "O'Malley said the new charge is ..."
        if en && h.pron.is_none() {
            let mut k = 0;
            while k < after.len()
                && after[k].word
                && g.skip.contains(&after[k].norm)
                && !after[k].cap
                && !g.articles.contains(&after[k].norm)
            {
                k += 1;
            }
            if cue.lemma == "tell" {
                // the addressee: "told reporters", "told FoxNews.com"
                while k < after.len() && after[k].word && !g.is_pronoun(&after[k].norm) && k < 3 {
                    k += 1;
                }
                while k < after.len()
                    && after[k].word
                    && g.skip.contains(&after[k].norm)
                    && !after[k].cap
                {
                    k += 1;
                }
            }
            let rest = &after[k..];
            let words = rest
                .iter()
                .take_while(|t| !is_boundary(t) || t.norm == ",")
                .filter(|t| t.word)
                .count();
            if let Some(first) = rest.first() {
                if first.word && words >= 4 && !(first.norm == "by" || first.norm == "to") {
                    let start = first.span.start;
                    let end = content_end(ctx, start, sent, later);
                    if end > start {
                        return Some((Span::new(start, end), "clause"));
                    }
                }
            }
        }
    }
    if cue.inf && h.pron.is_none() && !en {
        // "a demandé à la cour d'annuler ...": the content starts at "de";
        // "accusent le Rwanda de soutenir ...", "appellent les personnes ... à contacter":
        // the object and the infinitive clause
        let to_object = after
            .first()
            .is_some_and(|t| matches!(t.norm.as_str(), "à" | "au" | "aux"));
        let limit = after
            .iter()
            .position(|t| is_boundary(t) && t.norm != ",")
            .unwrap_or(after.len())
            .min(40);
        let de = after[..limit].iter().enumerate().position(|(k, t)| {
            matches!(t.norm.as_str(), "de" | "d'" | "à")
                && k > 0
                && after
                    .get(k + 1)
                    .is_some_and(|n| n.word && looks_infinitive(&n.norm))
        });
        if let Some(k) = de {
            let start = if to_object {
                after[k].span.start
            } else {
                after.first()?.span.start
            };
            let end = content_end(ctx, start, sent, later);
            if end > start {
                return Some((Span::new(start, end), "inf"));
            }
        }
    }
    if cue.np && h.pron.is_none() {
        let mut k = 0;
        while k < after.len()
            && after[k].word
            && g.skip.contains(&after[k].norm)
            && !g.articles.contains(&after[k].norm)
        {
            k += 1;
        }
        let first = after.get(k)?;
        if first.word
            && (g.articles.contains(&first.norm)
                || first.norm == "toute"
                || first.norm == "tout"
                || first.norm == "any")
        {
            let start = first.span.start;
            let end = content_end(ctx, start, sent, later);
            if end > start {
                return Some((Span::new(start, end), "np"));
            }
        }
    }
    None
}

/// "..., assure-t-il." / "..., a indiqué le magasin vendredi." / "..., the attorney said."
fn incise_before(
    ctx: &Ctx<'_>,
    _h: &CueHit,
    sent: Span,
    before: &[Tok],
    after: &[Tok],
) -> Option<(Span, &'static str)> {
    let g = &ctx.r.g;
    let mut j = before.len();
    while j > 0
        && before[j - 1].word
        && (g.aux.contains(&before[j - 1].norm) || g.skip.contains(&before[j - 1].norm))
    {
        j -= 1;
    }
    // English: ", the family's attorney said" — a short subject between the comma and the cue
    let mut comma = None;
    for k in (0..j).rev() {
        if before[k].norm == "," {
            comma = Some(k);
            break;
        }
        if !before[k].word || j - k > 6 {
            break;
        }
    }
    let comma = comma?;
    if ctx.r.lang == vigie_doc::Lang::Fr && comma + 1 != j {
        return None;
    }
    // after the cue: only the speaker, time words or a relay, up to the sentence end
    let words_after = after
        .iter()
        .take_while(|t| t.word || matches!(t.norm.as_str(), "," | "'" | "-" | "&"))
        .count();
    let tail = &after[words_after.min(after.len())..];
    if tail.iter().any(|t| t.word) || words_after > 14 {
        return None;
    }
    if after.iter().any(|t| g.subordinators.contains(&t.norm)) {
        return None;
    }
    let start = sent.start;
    let end = trim_end(ctx.text, start, before[comma].span.start);
    let content = ctx.toks(Span::new(start, end));
    if content.iter().filter(|t| t.word).count() < 4
        || content
            .iter()
            .any(|t| matches!(t.norm.as_str(), "«" | "»" | "“" | "”" | "\""))
    {
        return None;
    }
    Some((Span::new(start, end), "incise"))
}

/// "Selon X, ..." and "..., selon X."
fn prep_content(
    ctx: &Ctx<'_>,
    h: &CueHit,
    sent: Span,
    before: &[Tok],
    after: &[Tok],
) -> Option<(Span, &'static str)> {
    let cue = &ctx.r.cues[h.cue];
    let sentence_initial = before.iter().all(|t| !t.word);
    // relay nouns are not speakers: "selon un communiqué"
    if let Some(r) = ctx
        .relays
        .iter()
        .find(|r| r.span.start <= h.span.start && h.span.start < r.span.end)
    {
        let _ = r;
        return None;
    }
    if sentence_initial {
        let comma = after.iter().position(|t| t.norm == ",")?;
        if comma > 10 {
            return None;
        }
        let start = after.get(comma + 1)?.span.start;
        let end = trim_end(ctx.text, start, sent.end);
        return (end > start).then_some((Span::new(start, end), "prep-first"));
    }
    if cue.lemma == "pour" {
        return None;
    }
    if before.last().is_some_and(|t| t.norm == ",") {
        // "..., selon X." or "..., selon X, ..."
        let start = sent.start;
        let end = trim_end(ctx.text, start, before[before.len() - 1].span.start);
        let after_comma = after.iter().position(|t| t.norm == ",");
        let span = Span::new(start, end);
        if let Some(c) = after_comma {
            // a mid-sentence incise: the content goes on after it
            let rest_start = after.get(c + 1).map(|t| t.span.start)?;
            let rest_end = trim_end(ctx.text, rest_start, sent.end);
            if rest_end > rest_start {
                return Some((Span::new(start, rest_end), "prep-incise"));
            }
        }
        return (end > start).then_some((span, "prep-last"));
    }
    None
}
