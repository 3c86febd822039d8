//! Relays: who carried the words. A relay intro of the lexicon in the cue's sentence ("citée
//! par l'agence de presse russe TASS", "in a statement"), or a named addressee of the cue
//! ("a déclaré à Reuters", "told FoxNews.com").

use vigie_doc::Span;

use super::attribution::Ctx;
use super::lexicon::CueHit;
use super::scan::Tok;

/// The relay of the quote attributed by `hit` in `sent`, with its span: never a name inside
/// the quote's `content` ("said it was looking at the announcement", "told reporters that
/// the autopsy indicated Johnson died").
pub(crate) fn find(
    ctx: &Ctx<'_>,
    hit: &CueHit,
    sent: Span,
    content: Span,
) -> Option<(String, Span)> {
    let outside =
        |found: &(String, Span)| found.1.end <= content.start || found.1.start >= content.end;
    find_any(ctx, hit, sent, content).filter(outside)
}

fn find_any(ctx: &Ctx<'_>, hit: &CueHit, sent: Span, content: Span) -> Option<(String, Span)> {
    // relay intros in the sentence, outside quoted text and the content, nearest after the
    // cue first (the relays are sorted and disjoint)
    let hits = ctx.hits_in(sent);
    let lo = ctx.relays.partition_point(|r| r.span.start < sent.start);
    let hi = ctx.relays.partition_point(|r| r.span.end <= sent.end);
    let mut cands: Vec<_> = ctx
        .relays
        .get(lo..hi)
        .unwrap_or(&[])
        .iter()
        .filter(|r| !ctx.in_mark(r.span.start))
        .filter(|r| r.span.end <= content.start || r.span.start >= content.end)
        // an intro before the cue frames the cue, or another cue it follows closely, before
        // that cue's clause ("In a statement, the ministry said ... and added ...", "said in
        // an interview with AP ... and predicted"), not an object in another clause ("said it
        // was looking at the announcement but emphasised that ...")
        .filter(|r| {
            let before = hits.partition_point(|h| h.span.start < r.span.start);
            r.span.start >= hit.span.start
                || before == 0
                || hits.get(before - 1).is_some_and(|h| {
                    let g = &ctx.r.g;
                    if h.span.end > r.span.start {
                        // (an intro that overlaps the cue form: one frame)
                        return true;
                    }
                    let between = ctx.toks(Span::new(h.span.end, r.span.start));
                    between.len() <= 3
                        && between.iter().all(|t| {
                            let w = t.norm();
                            !(g.is_pronoun(w) || g.aux.contains(w) || g.subordinators.contains(w))
                        })
                })
        })
        .collect();
    cands.sort_by_key(|r| {
        if r.span.start >= hit.span.end {
            r.span.start - hit.span.end
        } else {
            (hit.span.start - r.span.end.min(hit.span.start)) + 10_000
        }
    });
    for (i, r) in cands.iter().enumerate() {
        let relay = &ctx.r.relays[r.relay];
        // "selon un communiqué publié par la Maison Blanche": the named relay right after wins
        if !relay.take_name {
            let next = cands.iter().skip(i + 1).find(|n| {
                n.span.start >= r.span.end
                    && ctx.r.relays[n.relay].take_name
                    && ctx.toks(Span::new(r.span.end, n.span.start)).len() <= 3
            });
            if let Some(n) = next {
                let toks = ctx.toks(Span::new(n.span.end, sent.end));
                if let Some(name) = name_after(ctx, &toks, 6) {
                    return Some(name);
                }
            }
        }
        let toks = ctx.toks(Span::new(r.span.end, sent.end));
        if let Some(name) = name_after(ctx, &toks, if relay.take_name { 6 } else { 0 }) {
            return Some(name);
        }
        if let Some(v) = &relay.via {
            return Some((v.clone(), r.span));
        }
    }
    // a named source closing the sentence after the quote: "..., saying it \"...\", according
    // to the official Xinhua news agency."
    if let Some((_, name)) = closing_prep(ctx, sent, hit.span.end.max(content.end)) {
        return Some(name);
    }
    // a named addressee or medium: "a déclaré à Reuters", "told Reuters", "a affirmé sur RFI",
    // "a rappelé lundi matin sur France Inter"
    let toks = ctx.toks(Span::new(hit.span.end, sent.end));
    let lemma = ctx.r.cues[hit.cue].lemma.as_str();
    let skip = toks
        .iter()
        .take_while(|t| t.word && !t.cap && ctx.r.g.skip.contains(t.norm()))
        .count();
    let toks = &toks[skip..];
    let start = match toks.first().map(|t| t.norm()) {
        Some("à") | Some("au") | Some("sur") => 1,
        _ if lemma == "tell" => 0,
        _ => return None,
    };
    let rest = &toks[start.min(toks.len())..];
    let rest = if rest.first().is_some_and(|t| t.norm() == "l'") {
        &rest[1..]
    } else {
        rest
    };
    let first = rest.first()?;
    if !first.cap || ctx.r.g.is_title(first.norm()) {
        return None;
    }
    let (name, span) = name_after(ctx, rest, 0)?;
    // a person addressee is not a relay ("a réitéré à M. Patrushev")
    if name.split_whitespace().count() > 3 {
        return None;
    }
    Some((name, span))
}

/// A prep cue after a comma that closes `sent` after `from` with the name of a news medium
/// ("..., according to the official Xinhua news agency.", "..., selon l'agence de presse
/// russe RIA Novosti."): the cue's hit and the name. After an attributed statement it names
/// the relay of that statement, not a speaker of its own ("according to American military
/// officials" names a source).
pub(crate) fn closing_prep<'c>(
    ctx: &'c Ctx<'_>,
    sent: Span,
    from: usize,
) -> Option<(&'c CueHit, (String, Span))> {
    let h = ctx.hits_in(sent).iter().rev().find(|h| {
        let cue = &ctx.r.cues[h.cue];
        h.span.start >= from && cue.prep && cue.lemma != "pour"
    })?;
    let before = ctx.toks(Span::new(from, h.span.start));
    if before.last().is_none_or(|t| t.norm() != ",") {
        return None;
    }
    let toks = ctx.toks(Span::new(h.span.end, sent.end));
    let (name, span) = name_after(ctx, &toks, 6).filter(|(_, span)| ctx.medium_at(*span))?;
    // nothing after the name but a few lower-case words ("news agency") and the full stop
    let rest = &toks[toks.partition_point(|t| t.span.start < span.end)..];
    let words = rest.iter().filter(|t| t.word).count();
    let closes = words <= 3
        && rest
            .iter()
            .all(|t| if t.word { !t.cap } else { t.norm() != "," });
    closes.then_some((h, (name, span)))
}

/// The proper name within the first `skip` + 1 tokens ("l'agence de presse russe TASS"),
/// before a punctuation mark or a subordinator ("told reporters that the autopsy ...").
fn name_after(ctx: &Ctx<'_>, toks: &[Tok], skip: usize) -> Option<(String, Span)> {
    let g = &ctx.r.g;
    for (k, t) in toks.iter().enumerate().take(skip + 1) {
        if !t.word || g.subordinators.contains(t.norm()) {
            return None;
        }
        // (a time is no relay: "told reporters on Tuesday that")
        if t.cap
            && !g.name_stop.contains(t.norm())
            && !g.is_title(t.norm())
            && !g.time_words.contains(t.norm())
        {
            let mut e = k + 1;
            while e < toks.len()
                && toks[e].word
                && (toks[e].cap
                    || (g.particles.contains(toks[e].norm())
                        && toks.get(e + 1).is_some_and(|x| x.cap)))
            {
                e += 1;
            }
            let span = Span::new(t.span.start, toks[e - 1].span.end);
            return Some((ctx.text[span].to_string(), span));
        }
    }
    None
}
