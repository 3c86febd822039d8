//! Indirect speech: reported content without quotation marks.
//!
//! - a content clause after a cue: "a précisé qu'il s'agissait de ...", "said (that) ...";
//! - the noun-phrase object of a cue that takes one: "a démenti l'existence de ...";
//! - "selon X, ..." / "..., selon X" / "according to X";
//! - an incise after the content: "..., assure-t-il", "..., the family's attorney said";
//! - a frame before it: "Comme l'a indiqué Le Monde, ...", "As the Post reported, ...".

use vigie_doc::{QuoteKind, Span};

use super::attribution::Ctx;
use super::lexicon::CueHit;
use super::scan::{is_phrase, normalized, Reach, Tok};
use super::Found;

/// Finds indirect quotes; `marked` are the direct and partial quotes already found.
pub(crate) fn find(ctx: &Ctx<'_>, marked: &[Found]) -> Vec<Found> {
    let mut out = Vec::new();
    let g = &ctx.r.g;
    // cues that attribute a direct quote before them ("« ... », a déclaré X") carry no
    // content of their own
    let mut attributing: Vec<usize> = marked
        .iter()
        .filter(|m| m.kind == QuoteKind::Direct)
        .filter_map(|m| m.cue.map(|(_, s)| s.start).filter(|&c| c >= m.span.end))
        .collect();
    attributing.sort_unstable();
    // the direct quotes, for "does one hold this content (give or take its closing mark)"
    let direct = Reach::new(
        marked
            .iter()
            .filter(|m| m.kind == QuoteKind::Direct)
            .map(|m| (m.span.start, m.span.end + 2))
            .collect(),
    );
    for sent in &ctx.sents {
        let hits = ctx.hits_in(*sent);
        for (hi, h) in hits.iter().enumerate() {
            if attributing.binary_search(&h.span.start).is_ok() {
                continue;
            }
            let cue = &ctx.r.cues[h.cue];
            let toks_after = ctx.toks(Span::new(h.span.end, sent.end));
            let toks_before = ctx.toks(Span::new(sent.start, h.span.start));
            let later: &[CueHit] = &hits[hi + 1..];
            let content: Option<(Span, &str)> = if cue.prep {
                prep_content(ctx, h, *sent, &toks_before, &toks_after, later)
            } else {
                // (an incise inside the sentence is read first: the clause after its cue is
                // the rest of the content, "It's this job, he said, that funds ...")
                (hi == 0 && !cue.name)
                    .then(|| medial_incise(ctx, h, *sent, &toks_before, &toks_after))
                    .flatten()
                    .map(|span| (span, MEDIAL))
                    .or_else(|| clause_after(ctx, h, *sent, &toks_before, &toks_after, later))
                    // (a naming cue has no content but its object's name: "a group called
                    // Ginbot 7, was" is no incise)
                    .or_else(|| {
                        if cue.name {
                            return None;
                        }
                        incise_before(ctx, h, *sent, &toks_before, &toks_after)
                            .or_else(|| frame_before(ctx, *sent, &toks_before, &toks_after))
                    })
            };
            let Some((mut span, rule)) = content else {
                continue;
            };
            // "X, qui a estimé que ..., a quitté la salle": the main clause takes up again after
            // the relative clause that holds the cue
            if appositive_relative(ctx, &toks_before) {
                span = main_clause_cut(ctx, span, true);
            }
            // "Though X said that ..., the deficit grew": the main clause follows the fronted
            // subordinate clause that holds the cue
            if span.start >= h.span.end
                && rule != FRAME
                && toks_before
                    .iter()
                    .find(|t| t.word)
                    .is_some_and(|t| g.openers.contains(t.norm()))
            {
                span = main_clause_cut(ctx, span, false);
            }
            // the content must be the narrator's words, not one quoted span
            let outside = ctx
                .toks(span)
                .iter()
                .filter(|t| t.word && !ctx.in_mark(t.span.start))
                .count();
            if outside < 2 {
                continue;
            }
            if direct.max_end_by(span.start).is_some_and(|e| span.end <= e) {
                continue;
            }
            out.push(Found {
                kind: QuoteKind::Indirect,
                span,
                text: None,
                speaker: ctx.speaker_of(h, *sent, 0),
                cue: Some((h.cue, h.span)),
                via: super::relay::find(ctx, h, *sent, span),
                rule: format!("{}:{rule}", cue.rule),
                confidence: 0.6,
            });
        }
    }
    out
}

/// Where `before`, the words before a cue, end once the auxiliaries and adverbs right before
/// the cue are set aside ("a quant à elle", "has also").
fn cue_words_start(g: &super::lexicon::Grammar, before: &[Tok]) -> usize {
    let mut j = before.len();
    while j > 0
        && before[j - 1].word
        && (g.aux.contains(before[j - 1].norm()) || g.skip.contains(before[j - 1].norm()))
    {
        j -= 1;
    }
    j
}

/// Do `before`, the words before a cue, end with a relative pronoun after a comma (", qui a",
/// ", who")?
fn appositive_relative(ctx: &Ctx<'_>, before: &[Tok]) -> bool {
    let g = &ctx.r.g;
    let mut j = before.len();
    while j > 0 && (g.aux.contains(before[j - 1].norm()) || g.skip.contains(before[j - 1].norm())) {
        j -= 1;
    }
    j >= 2 && g.relative.contains(before[j - 1].norm()) && before[j - 2].norm() == ","
}

/// `span` cut before its first comma (when `aux`, only if an auxiliary follows it): where a
/// relative clause's content gives way to its main clause ("..., a quitté la salle", "...,
/// has left"), or a subordinate clause's ("Though X said that ..., the deficit grew"). A later
/// comma may close an apposition inside the content ("that Mr. Jäger, under fire ..., would
/// do better"), so only the first is read.
fn main_clause_cut(ctx: &Ctx<'_>, span: Span, aux: bool) -> Span {
    let g = &ctx.r.g;
    let toks = ctx.toks(span);
    let digit = |k: usize, last: bool| {
        toks.get(k).is_some_and(|t| {
            let b = t.norm().as_bytes();
            (if last { b.last() } else { b.first() }).is_some_and(u8::is_ascii_digit)
        })
    };
    // (not the comma of "1,265" nor of "2,000-mile")
    let comma = (1..toks.len())
        .find(|&k| toks[k].norm() == "," && !(digit(k - 1, true) && digit(k + 1, false)));
    match comma {
        Some(k)
            if toks.get(k + 1).is_some_and(|t| {
                t.word
                    && if aux {
                        g.aux.contains(t.norm())
                    } else {
                        // a new clause, not "..., and would not ...", "..., which
                        // surrounds ...", "..., with his weight down", "..., mostly in ..."
                        let n = t.norm();
                        !(g.is_coordinator(n)
                            || g.relative.contains(n)
                            || g.np_cut.contains(n)
                            || g.preps.contains(n)
                            || g.skip.contains(n))
                    }
            }) =>
        {
            Span::new(
                span.start,
                trim_end(ctx.text, span.start, toks[k].span.start),
            )
        }
        _ => span,
    }
}

/// "a demandé (à la ministre) si ...", "asked (reporters) whether ...", "a expliqué comment
/// ...": an indirect question after a cue that takes one (content kind `q`), opened within a few
/// words by one of the grammar's `interrogatives`, with the words between before any other
/// punctuation than a comma, any subordinator or another strong cue. Those words are the
/// addressee: in French led by a preposition ("à la ministre"; not an object, "a demandé la
/// parole si tôt que"), in English an object without one ("asked the mayor whether"; not "asked
/// for a recount if"). A word follows the interrogative (not "explained why: ..."). The content
/// runs from the interrogative word and holds three words more at least.
fn question_after(ctx: &Ctx<'_>, sent: Span, after: &[Tok], later: &[CueHit]) -> Option<Span> {
    let g = &ctx.r.g;
    let en = ctx.r.lang == vigie_doc::Lang::En;
    let addressee = |between: &[Tok]| match between.first() {
        None => true,
        Some(_) if en => !between.iter().any(|t| g.preps.contains(t.norm())),
        Some(first) => g.preps.contains(first.norm()),
    };
    for (k, t) in after.iter().enumerate().take(QUESTION_REACH) {
        let strong_cue = || {
            later
                .iter()
                .any(|l| l.span.start == t.span.start && !ctx.r.cues[l.cue].weak)
        };
        if (!t.word && t.norm() != ",") || g.subordinators.contains(t.norm()) || strong_cue() {
            return None;
        }
        let rest = &after[k..];
        let opens = g
            .interrogatives
            .iter()
            .find(|w| rest.len() > w.len() && is_phrase(w, &rest[..w.len()]) && rest[w.len()].word);
        if opens.is_some() {
            if !addressee(&after[..k]) {
                return None;
            }
            let end = content_end(ctx, t.span.start, sent, later);
            let words = ctx
                .toks(Span::new(t.span.start, end))
                .iter()
                .filter(|t| t.word)
                .count();
            return (words >= 4).then(|| Span::new(t.span.start, end));
        }
    }
    None
}

/// How many words after its cue an indirect question may open ("a demandé à la ministre de la
/// Santé si").
const QUESTION_REACH: usize = 8;

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

/// Where the adjuncts of time or setting between a cue and its content clause end: up to two
/// of them, each a run of `adjunct_openers` and `time_words` ending with a time word ("said
/// late on Monday", "earlier this month"), or one of `setting_openers`, a determiner and up to
/// three lower-case words ("said in a statement"); what follows must open a subject
/// ([`opens_subject`]). `k` when there is none.
fn adjuncts_end(g: &super::lexicon::Grammar, after: &[Tok], k: usize) -> usize {
    let mut end = k;
    for _ in 0..2 {
        let mut time_end = None;
        let mut j = end;
        while let Some(t) = after.get(j).filter(|t| t.word && j < end + 5) {
            if g.time_words.contains(t.norm()) {
                time_end = Some(j + 1);
            } else if !g.adjunct_openers.contains(t.norm()) {
                break;
            }
            j += 1;
        }
        if let Some(e) = time_end {
            end = e;
            continue;
        }
        let setting = after
            .get(end)
            .is_some_and(|t| t.word && g.setting_openers.contains(t.norm()))
            && after
                .get(end + 1)
                .is_some_and(|t| g.articles.contains(t.norm()));
        if !setting {
            break;
        }
        // (the words of the setting stop at the subject's pronoun or determiner)
        let mut j = end + 2;
        while j < end + 5
            && after.get(j).is_some_and(|t| {
                t.word
                    && !t.cap
                    && !g.is_pronoun(t.norm())
                    && !g.articles.contains(t.norm())
                    && !g.preps.contains(t.norm())
                    && !g.present_participle(t.norm())
                    && !g.simple_past(t.norm())
            })
        {
            j += 1;
        }
        if j == end + 2 {
            break;
        }
        end = j;
    }
    if end > k && after.get(end).is_some_and(|t| opens_subject(g, t)) {
        end
    } else {
        k
    }
}

/// Does the tail after an English cue open with its inverted speaker (", said the mayor",
/// ", said Smith", ", said airline consultant Jay Sorensen", ", said police on Monday"):
/// nothing, a subject's first word, a title, a name within four words, or at most two words
/// besides time words and adjuncts?
fn speaker_ahead(g: &super::lexicon::Grammar, after: &[Tok]) -> bool {
    let words = after
        .iter()
        .take_while(|t| !is_boundary(t))
        .filter(|t| t.word);
    let Some(first) = words.clone().next() else {
        return true;
    };
    // (a number opens one too: "said six-million people who ...")
    let number = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_digit())
            || w.split('-')
                .next()
                .is_some_and(|q| g.quantifiers.contains(q))
    };
    opens_subject(g, first)
        || number(first.norm())
        || g.is_title(first.norm())
        || words.clone().take(4).any(|t| t.cap)
        || words
            .filter(|t| {
                let w = t.norm();
                !g.skip.contains(w) && !g.time_words.contains(w) && !g.adjunct_openers.contains(w)
            })
            .count()
            <= 2
}

/// Can the word open a clause's subject: a pronoun, a determiner, a quantifier, a capitalised
/// word?
fn opens_subject(g: &super::lexicon::Grammar, t: &Tok) -> bool {
    t.word
        && (t.cap
            || g.is_pronoun(t.norm())
            || g.articles.contains(t.norm())
            || g.quantifiers.contains(t.norm()))
}

fn is_boundary(t: &Tok) -> bool {
    !t.word
        && matches!(
            t.norm(),
            "," | ";" | ":" | "." | "(" | ")" | "«" | "»" | "\"" | "“" | "”" | "?" | "!"
        )
}

/// The end of a content clause that starts at `start`: the sentence end, a semicolon, or a
/// later cue joined by a coordinator or opening an incise.
fn content_end(ctx: &Ctx<'_>, start: usize, sent: Span, later: &[CueHit]) -> usize {
    let g = &ctx.r.g;
    let mut end = sent.end;
    for h in later {
        if h.span.start <= start {
            continue;
        }
        let before = ctx.toks(Span::new(start, h.span.start));
        let j = cue_words_start(g, &before);
        let cut = if j > 0 && before[j - 1].norm() == "," {
            Some(before[j - 1].span.start)
        } else {
            g.coordinator_words.iter().find_map(|c| {
                let n = c.len();
                if j >= n && is_phrase(c, &before[j - n..j]) {
                    let s = before[j - n].span.start;
                    // "..., et a souligné" / "..., avant de souligner"
                    let s2 = if j > n && before[j - n - 1].norm() == "," {
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
        if let Some(c) = cut.or_else(|| new_clause_before(ctx, &before[..j])) {
            end = c;
            break;
        }
    }
    if let Some(p) = ctx.text[start..end].find(';') {
        end = start + p;
    }
    // a second content clause is a content of its own: "que ... et que « ... »"
    let toks = ctx.toks(Span::new(start, end));
    if let Some(k) = toks
        .windows(2)
        .skip(1)
        .position(|w| g.is_coordinator(w[0].norm()) && g.subordinators.contains(w[1].norm()))
    {
        end = toks[k + 1].span.start;
    }
    trim_end(ctx.text, start, end)
}

/// Where `before` (the words up to a later cue) ends in a comma, a clause link and a short
/// subject of the cue: ", while The Standard said", ", mais le ministère a démenti". That
/// clause is a new attribution, so the content before it ends at the comma.
fn new_clause_before(ctx: &Ctx<'_>, before: &[Tok]) -> Option<usize> {
    let g = &ctx.r.g;
    // (the subject: one to six words, none a subordinator or relative)
    for k in (before.len().saturating_sub(MAX_SUBJECT)..before.len()).rev() {
        let t = &before[k];
        if !t.word || g.subordinators.contains(t.norm()) || g.relative.contains(t.norm()) {
            break;
        }
        let head = &before[..k];
        let Some(link) = g
            .clause_links
            .iter()
            .find(|l| head.len() > l.len() && is_phrase(l, &head[head.len() - l.len()..]))
        else {
            continue;
        };
        // (a closing mark may follow the comma: '"... the media," while X said')
        let mut c = head.len() - link.len();
        while c > 1 && matches!(head[c - 1].norm(), "\"" | "”" | "»") {
            c -= 1;
        }
        let comma = &head[c - 1];
        let subject = &before[k..];
        let named = subject.iter().any(|t| t.cap)
            || g.articles.contains(subject[0].norm())
            || (subject.len() == 1 && g.is_pronoun(subject[0].norm()));
        return (comma.norm() == "," && named).then_some(comma.span.start);
    }
    None
}

/// The most words [`new_clause_before`] takes as the subject of a new clause.
const MAX_SUBJECT: usize = 6;

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
    let j = cue_words_start(g, before);
    j > 0 && before[j - 1].word
}

/// "a précisé qu'...", "said (that) ...", "a démenti l'existence de ...".
fn clause_after(
    ctx: &Ctx<'_>,
    h: &CueHit,
    sent: Span,
    before: &[Tok],
    after: &[Tok],
    later: &[CueHit],
) -> Option<(Span, &'static str)> {
    let cue = &ctx.r.cues[h.cue];
    let g = &ctx.r.g;
    let en = ctx.r.lang == vigie_doc::Lang::En;
    // an incise ("« ... », a-t-il ajouté", "..., said the mayor.") has no content after it;
    // a cue after a comma followed by more than its speaker ("..., faisant valoir la
    // présence de ...", "X, qui représente ..., a prévenu qu'...") does
    let short_tail = after
        .iter()
        .take_while(|t| !is_boundary(t))
        .filter(|t| t.word)
        .count()
        <= 8
        && after
            .iter()
            .skip_while(|t| !is_boundary(t))
            .all(|t| !t.word || is_boundary(t));
    // (a present participle after a comma opens a clause of its own: ", saying the blaze
    // was contained"; not "is stressing the need")
    let subject = has_subject_before(ctx, h, before);
    let part = !subject && participle(ctx, h);
    let bare = !subject && (h.pron.is_some() || short_tail);
    // (in English, an inverted incise's tail opens with its speaker: ", said the mayor", not
    // "X, senior associate at Y, said parents still want ..."; and only a cue of speech, one
    // that takes a that-clause, inverts: not "X, director of Y, called for more investment")
    let incise = bare && !part && (!en || h.pron.is_some() || cue.que && speaker_ahead(g, after));
    // (not "When asked whether ..., X said": the one asked speaks, the asker goes unnamed)
    let asked_subject = before
        .iter()
        .rev()
        .find(|t| t.word && !g.aux.contains(t.norm()) && !g.skip.contains(t.norm()))
        .is_some_and(|t| !g.openers.contains(t.norm()));
    if cue.q && !incise && asked_subject {
        if let Some(span) = question_after(ctx, sent, after, later) {
            return Some((span, "q"));
        }
    }
    if cue.que {
        // the subordinator within a few words ("a affirmé jeudi à RFI que", "avait estimé à
        // la veille de l'entrée en vigueur de la loi que")
        for (k, t) in after.iter().enumerate().take(12) {
            if is_boundary(t) && t.norm() != "," {
                break;
            }
            if later
                .iter()
                .any(|l| l.span.start == t.span.start && !ctx.r.cues[l.cue].weak)
            {
                break;
            }
            // (English: a finite verb or a subject pronoun before "that" opens the content
            // clause, so "that" is inside it: "said a device was found and that location is
            // ...", "said he hopes ... a message that")
            let w = t.norm();
            if en
                && (g.subject_pronouns.contains(w)
                    || !t.cap
                        && g.aux.contains(w)
                        && !g.skip.contains(w)
                        && !g.negation.contains(w)
                        && w != "'s")
            {
                break;
            }
            if g.subordinators.contains(t.norm()) {
                let start = if en {
                    after.get(k + 1).map(|x| x.span.start)?
                } else {
                    t.span.start
                };
                let end = content_end(ctx, start, sent, later);
                // "n'est prévu qu'en 2014" is a restriction, not a content clause
                let words = ctx
                    .toks(Span::new(start, end))
                    .iter()
                    .filter(|t| t.word && !g.subordinators.contains(t.norm()))
                    .count();
                if end > start && words >= 3 {
                    return Some((Span::new(start, end), "que"));
                }
                return None;
            }
        }
        // a bare infinitive: "ont expliqué avoir évacué les localités"
        if !en && !incise {
            let mut k = 0;
            while k < after.len() && after[k].word && g.skip.contains(after[k].norm()) {
                k += 1;
            }
            if let Some(first) = after.get(k) {
                if matches!(first.norm(), "avoir" | "être" | "ne" | "n'") {
                    let start = first.span.start;
                    let end = content_end(ctx, start, sent, later);
                    if end > start {
                        return Some((Span::new(start, end), "inf"));
                    }
                }
            }
        }
        // English without "that": "O'Malley said the new charge is ..." (strong cues only; a
        // form that is a noun as well only right after a name or a pronoun, "Clive Palmer
        // claims PM Tony Abbott has ...", not "state law", "states voting Tuesday")
        let subject_before = || {
            before
                .last()
                .is_some_and(|t| t.word && (t.cap && before.len() > 1 || g.is_pronoun(t.norm())))
        };
        if en && !incise && !cue.weak && (!h.noun || subject_before()) {
            let mut k = 0;
            while k < after.len()
                && after[k].word
                && g.skip.contains(after[k].norm())
                && !after[k].cap
                && !g.articles.contains(after[k].norm())
            {
                k += 1;
            }
            if cue.lemma == "tell" {
                // the addressee: "told reporters", "told FoxNews.com"
                while k < after.len() && after[k].word && !g.is_pronoun(after[k].norm()) && k < 3 {
                    k += 1;
                }
                while k < after.len()
                    && after[k].word
                    && g.skip.contains(after[k].norm())
                    && !after[k].cap
                {
                    k += 1;
                }
            }
            // ("said on Monday it would ...", "said in a statement the talks had failed")
            let adjunct_end = adjuncts_end(g, after, k);
            let adjunct = adjunct_end > k;
            let k = adjunct_end;
            let rest = &after[k..];
            let count = |through_marks: bool| {
                rest.iter()
                    .take_while(|t| {
                        !is_boundary(t)
                            || t.norm() == ","
                            || through_marks && matches!(t.norm(), "\"" | "“" | "”")
                    })
                    .filter(|t| t.word)
                    .count()
            };
            // (a clause of two words or more goes on through the quotation marks of a partial
            // quote it holds: "said Trump has “enormous respect” for the military")
            let words = match count(false) {
                n if n >= 2 => count(true),
                n => n,
            };
            // "said airline consultant Jay Sorensen, who ...": an inverted subject, not content
            let clause_len = rest.iter().take_while(|t| !is_boundary(t)).count();
            let name = |t: &Tok| t.word && t.cap && !g.name_stop.contains(t.norm());
            // (also a name alone before a relative or an apposition, "said DeSantis, who was
            // elected ...", "said Wilcox, an Orlando Republican"; a description and its apposed
            // name ending the sentence, "said the company's chief executive, John J. Ferriola.")
            let apposed_name = || {
                let after = &rest[(clause_len + 1).min(rest.len())..];
                rest.get(clause_len).is_some_and(|t| t.norm() == ",")
                    && after.first().is_some_and(name)
                    && after
                        .iter()
                        .position(|t| !t.word)
                        .is_some_and(|k| after[k].norm() == "." && after[..k].iter().all(name))
            };
            // (a clause holds a verb: "said sales had doubled since September")
            let verb = rest[..clause_len].iter().any(|t| g.aux.contains(t.norm()));
            let inverted = clause_len <= 5
                && !verb
                && (rest[..clause_len].iter().skip(1).any(name)
                    || clause_len <= 3
                        && rest.get(clause_len).is_some_and(|t| t.norm() == ",")
                        && rest.get(clause_len + 1).is_some_and(|t| {
                            g.relative.contains(t.norm()) || g.articles.contains(t.norm())
                        })
                        && rest[..clause_len].iter().all(name)
                    || apposed_name());
            // (a short clause after a present participle needs a finite verb or a subject
            // pronoun: not ", saying goodbye to his fans", ", adding a plug for himself"; after
            // an adjunct, a subject and a clause of three words: not "speculate on the events
            // following the election, ...")
            // (through quotation marks: ", saying the group \"must be destroyed\"")
            let finite = || {
                rest.iter()
                    .take_while(|t| !is_boundary(t) || matches!(t.norm(), "\"" | "“" | "”"))
                    .any(|t| g.aux.contains(t.norm()) || !t.cap && g.simple_past(t.norm()))
            };
            let clause = |first: &Tok| {
                if part && bare {
                    g.is_pronoun(first.norm()) || finite()
                } else {
                    !adjunct || opens_subject(g, first) && clause_len >= 3
                }
            };
            if let Some(first) = rest.first() {
                if first.word
                    && (words >= 4 || words == 3 && verb)
                    && !inverted
                    && clause(first)
                    && !g.preps.contains(first.norm())
                    && !g.skip.contains(first.norm())
                {
                    let start = first.span.start;
                    let end = content_end(ctx, start, sent, later);
                    if end > start {
                        return Some((Span::new(start, end), "clause"));
                    }
                }
            }
        }
    }
    // "qui l'accuse de ne pas avoir payé", "l'accusant d'être": the object stands before the
    // cue, as a clitic, and the infinitive follows (not an incise)
    let clitic = before
        .last()
        .is_some_and(|t| g.object_clitics.contains(t.norm()));
    if cue.inf && (!incise || clitic) && !en {
        // "a demandé à la cour d'annuler ...": the content starts at "de";
        // "accusent le Rwanda de soutenir ...", "appellent les personnes ... à contacter":
        // the object and the infinitive clause
        let to_object = after
            .first()
            .is_some_and(|t| matches!(t.norm(), "à" | "au" | "aux"));
        let limit = after
            .iter()
            .position(|t| is_boundary(t) && t.norm() != ",")
            .unwrap_or(after.len())
            .min(40);
        let de = after[..limit].iter().enumerate().position(|(k, t)| {
            matches!(t.norm(), "de" | "d'" | "à")
                && (k > 0 || clitic)
                && after
                    .get(k + 1)
                    .is_some_and(|n| n.word && looks_infinitive(n.norm()))
        });
        if let Some(k) = de {
            // (after a clitic object, an incise between commas may come before "de": "l'accusant,
            // entre autres, d'être ..."; a clause there is the content: "lui demande si ...")
            let incise_first = k == 0 || after[0].norm() == ",";
            let start = if to_object || clitic && incise_first {
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
    if cue.name && !incise {
        if let Some(span) = naming_after(ctx, after, sent, later) {
            return Some((span, "name"));
        }
    }
    if cue.np && !incise {
        let mut k = 0;
        while k < after.len()
            && after[k].word
            && g.skip.contains(after[k].norm())
            && !g.articles.contains(after[k].norm())
        {
            k += 1;
        }
        let first = after.get(k)?;
        if first.word
            && (g.articles.contains(first.norm())
                || first.norm() == "toute"
                || first.norm() == "tout"
                || first.norm() == "any")
        {
            let start = first.span.start;
            let mut end = content_end(ctx, start, sent, later);
            // a noun phrase ends at a comma or where its relay is named ("la responsabilité de
            // cet acte sur son compte Twitter, où ...")
            if let Some(p) = ctx.text[start..end].find(',') {
                end = start + p;
            }
            // the relays are sorted and disjoint: the first one after `start`
            let i = ctx.relays.partition_point(|r| r.span.start <= start);
            if let Some(r) = ctx.relays.get(i).filter(|r| r.span.start < end) {
                end = r.span.start;
            }
            let end = trim_end(ctx.text, start, end);
            // a weak cue's object is reported content only with its predicate ("described
            // the media as a key source", "a dénoncé la réforme comme une injustice"), and so
            // is a short one after a present participle (", challenging the bill as
            // unconstitutional"; not ", revealing a tendency to test voters' patience")
            if end > start && (!(cue.weak || bare) || predicated(ctx, Span::new(start, end))) {
                return Some((Span::new(start, end), "np"));
            }
        }
    }
    None
}

/// "called the plan “dead”", "called it a disaster": the object (a pronoun, or up to six words
/// that open with a determiner, a quantifier or a name) and what the speaker calls it, right
/// after: a quotation, or one of `name_complements` ("a", "an") before a noun phrase that is no
/// time nor quantity (`time_words`, `quantifiers`: not "called the police a second time", "a
/// few times"). The content runs from the object.
fn naming_after(ctx: &Ctx<'_>, after: &[Tok], sent: Span, later: &[CueHit]) -> Option<Span> {
    let g = &ctx.r.g;
    let first = after.first().filter(|t| opens_subject(g, t))?;
    let opens_quote = |t: &Tok| {
        let s = ctx.text.get(t.span.start..).unwrap_or("");
        s.starts_with(['"', '“', '«', '‘']) || s.starts_with("''")
    };
    let complement = |k: usize| {
        let Some(t) = after.get(k) else {
            return false;
        };
        if opens_quote(t) {
            return true;
        }
        let np = after[k + 1..]
            .iter()
            .take_while(|t| t.word)
            .take(4)
            .collect::<Vec<_>>();
        g.name_complements.contains(t.norm())
            && np
                .first()
                .is_some_and(|n| !g.quantifiers.contains(n.norm()))
            && !np.iter().any(|n| g.time_words.contains(n.norm()))
    };
    let end = if g.is_pronoun(first.norm()) && !g.articles.contains(first.norm()) {
        1
    } else {
        // (no preposition but a complement's, no relative, no verb in the object: not "a party
        // called Anti-Prom at a former factory", "call a boy who calls himself a girl")
        let in_object = |t: &Tok| {
            (t.word || t.norm() == "'")
                && (!g.preps.contains(t.norm()) || g.np_links.contains(t.norm()))
                && !g.relative.contains(t.norm())
                && !later.iter().any(|l| l.span.start == t.span.start)
        };
        (1..=after.len().min(6))
            .take_while(|&k| after[..k].iter().all(in_object))
            .find(|&k| complement(k))?
    };
    if !complement(end) {
        return None;
    }
    let start = first.span.start;
    let end = content_end(ctx, start, sent, later);
    (end > start).then(|| Span::new(start, end))
}

/// Does the noun phrase `np` hold its predicate: a predicative word ("as", "comme") after its
/// first two tokens ("the bill as"), followed by a word that is not one of `predicative_not`
/// ("as well as")?
fn predicated(ctx: &Ctx<'_>, np: Span) -> bool {
    let g = &ctx.r.g;
    let toks = ctx.toks(np);
    toks.iter().enumerate().skip(2).any(|(k, t)| {
        g.predicative.contains(t.norm())
            && toks
                .get(k + 1)
                .is_some_and(|n| n.word && !g.predicative_not.contains(n.norm()))
    })
}

/// Is the cue a present participle ("..., accusant le gouvernement de mentir", "..., saying
/// that")? It opens a clause of its own, never an incise.
fn participle(ctx: &Ctx<'_>, h: &CueHit) -> bool {
    ctx.r.g.present_participle(&normalized(
        ctx.text.get(h.span.start..h.span.end).unwrap_or(""),
    ))
}

/// Is the cue a past participle without its auxiliary (grammar key `participle_only_endings`)?
/// It qualifies a noun ("La décision, annoncée mercredi, ..."): no incise.
fn apposed_participle(ctx: &Ctx<'_>, h: &CueHit, before: &[Tok]) -> bool {
    let g = &ctx.r.g;
    let form = normalized(ctx.text.get(h.span.start..h.span.end).unwrap_or(""));
    g.bare_participle(&form) && !before.last().is_some_and(|t| g.aux.contains(t.norm()))
}

/// "..., assure-t-il." / "..., a indiqué le magasin vendredi." / "..., the attorney said."
fn incise_before(
    ctx: &Ctx<'_>,
    h: &CueHit,
    sent: Span,
    before: &[Tok],
    after: &[Tok],
) -> Option<(Span, &'static str)> {
    let g = &ctx.r.g;
    let weak = ctx.r.cues[h.cue].weak && h.pron.is_none();
    let j = cue_words_start(g, before);
    if participle(ctx, h) || apposed_participle(ctx, h, before) {
        return None;
    }
    // "..., Hope Hicks, a spokeswoman, did not respond": nothing was said
    if before[j..].iter().any(|t| g.negation.contains(t.norm()))
        || after.first().is_some_and(|t| g.negation.contains(t.norm()))
    {
        return None;
    }
    // English: ", the family's attorney said" — a short subject between the comma and the cue
    let mut comma = None;
    for k in (0..j).rev() {
        if before[k].norm() == "," {
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
    // (an English cue right after the comma has its speaker after it, and is a cue of speech)
    if ctx.r.lang == vigie_doc::Lang::En
        && comma + 1 == j
        && !(ctx.r.cues[h.cue].que && speaker_ahead(g, after))
    {
        return None;
    }
    // the words between the comma and the cue are its subject, not another attribution
    // ("..., according to exit polls reported by CNN")
    let others = ctx.hits_in(Span::new(before[comma].span.end, h.span.start));
    if others.iter().any(|o| ctx.r.cues[o.cue].prep) {
        return None;
    }
    // a weak cue makes an incise only with its inverted pronoun ("a-t-on appris"), or as a
    // verb that ends the sentence after a named subject that is no clause of its own
    // (", CNN reported", ", the Post reported in 2014"; not ", Sanders found ways to ...",
    // ", and Republicans will continue", ", with which France maintains ties")
    let subject = &before[comma + 1..j];
    if weak
        && (h.noun
            || !others.is_empty()
            || !subject.iter().any(|t| t.cap)
            || subject
                .iter()
                .any(|t| g.is_coordinator(t.norm()) || g.relative.contains(t.norm()))
            || after.iter().filter(|t| t.word).count() > 3)
    {
        return None;
    }
    // a cue form that is a noun as well, followed by more than time words, is the noun
    // ("..., G-III reports show.")
    if h.noun && after.iter().any(|t| t.word && !g.skip.contains(t.norm())) {
        return None;
    }
    // after the cue: only the speaker, time words or a relay, up to the sentence end
    let words_after = after
        .iter()
        .take_while(|t| t.word || matches!(t.norm(), "," | "'" | "-" | "&"))
        .count();
    let tail = &after[words_after.min(after.len())..];
    if tail.iter().any(|t| t.word) || words_after > 14 {
        return None;
    }
    if after.iter().any(|t| g.subordinators.contains(t.norm())) {
        return None;
    }
    let start = sent.start;
    let end = trim_end(ctx.text, start, before[comma].span.start);
    let content = ctx.toks(Span::new(start, end));
    if content.iter().filter(|t| t.word).count() < 4
        || content
            .iter()
            .any(|t| matches!(t.norm(), "«" | "»" | "“" | "”" | "\""))
    {
        return None;
    }
    Some((Span::new(start, end), "incise"))
}

/// The rule of [`medial_incise`].
const MEDIAL: &str = "incise-medial";

/// "Le temps, a-t-il ajouté, est venu de ...", "A comic tone, she said, would make ...", "Le
/// président, a annoncé l'Élysée, se rendra ...": the first cue of the sentence stands in an
/// incise between two commas inside it; the content is the whole sentence (its text stands at
/// its span, as every annotation's does: the incise inside it is the quote's cue and speaker).
///
/// The incise holds the cue with its subject (English: up to six words before the cue, a name,
/// a pronoun or a phrase opened by an article; French: an inverted pronoun or subject after
/// it) and nothing else but time words or a relay; no negation; its cue is no participle
/// without an auxiliary. Before it stand one or more words, not ended by a relative or a
/// coordinator (the content would be part of a clause); after it two or more, not opened by a
/// coordinator, a clause link, a subordinate opener, a present participle or another cue
/// ("..., he said, adding that", "..., KING-TV reported, while in Chicago ...": the incise
/// then ends the content, see [`incise_before`]), and opened by a predicate when the subject
/// follows the cue (else they may be the subject's apposition); neither side holds a
/// quotation mark (quoted words with an incise are direct speech).
fn medial_incise(
    ctx: &Ctx<'_>,
    h: &CueHit,
    sent: Span,
    before: &[Tok],
    after: &[Tok],
) -> Option<Span> {
    let g = &ctx.r.g;
    if participle(ctx, h) || h.agent.is_some() || apposed_participle(ctx, h, before) {
        return None;
    }
    let j = cue_words_start(g, before);
    // the comma that opens the incise, and the cue's subject between it and the cue
    let comma = (0..j)
        .rev()
        .take(MAX_SUBJECT + 1)
        .find(|&k| !before[k].word)
        .filter(|&k| before[k].norm() == ",")?;
    let subject = &before[comma + 1..j];
    let clause_word = |t: &Tok| {
        let n = t.norm();
        g.is_coordinator(n)
            || g.relative.contains(n)
            || g.subordinators.contains(n)
            || g.negation.contains(n)
            || g.openers.contains(n)
            || g.frames.contains(n)
    };
    // (no clause of its own, "If, as I've suggested, ...", nor an infinitive's "to": "After
    // all, Sanders seems to be able to show up")
    if subject.iter().any(clause_word) || subject.last().is_some_and(|t| g.preps.contains(t.norm()))
    {
        return None;
    }
    let named = |toks: &[Tok]| {
        toks.iter().any(|t| t.cap)
            || toks.first().is_some_and(|t| g.articles.contains(t.norm()))
            || (toks.len() == 1 && g.is_pronoun(toks[0].norm()))
    };
    // after the cue, up to the comma that closes the incise: an inverted subject, time
    // words, a relay
    let close = after
        .iter()
        .take(MAX_SUBJECT + 3)
        .position(|t| !(t.word || matches!(t.norm(), "'" | "-" | "&")))
        .filter(|&k| after[k].norm() == ",")?;
    let inverted = &after[..close];
    if inverted.iter().any(clause_word) {
        return None;
    }
    let weak = ctx.r.cues[h.cue].weak;
    let has_subject = if subject.is_empty() {
        h.pron.is_some() || (!weak && named(inverted))
    } else {
        ctx.r.lang != vigie_doc::Lang::Fr && named(subject)
    };
    if !has_subject {
        return None;
    }
    let head = &before[..comma];
    let tail = &after[close + 1..];
    let words = |toks: &[Tok]| toks.iter().filter(|t| t.word).count();
    // after a subject that follows the cue, what follows its comma may be its apposition
    // ("..., prévient Christophe Prudhomme, médecin urgentiste", "..., said Smith, a
    // spokesman"): the content goes on only with a predicate ("..., said Smith, is dead")
    let opens_clause = tail.first().is_none_or(|t| {
        !t.word
            || g.is_coordinator(t.norm())
            || g.openers.contains(t.norm())
            || ctx.hit_at(t.span.start)
            || (!inverted.is_empty() && !g.opens_predicate(t.norm()))
            || g.present_participle(t.norm())
    }) || g
        .clause_links
        .iter()
        .any(|l| tail.len() >= l.len() && is_phrase(l, &tail[..l.len()]));
    // a relative or a coordinator before the incise makes the content a clause of a larger
    // sentence (", which, his advisers believe, would ...", "... and, he argued, to help")
    let split_clause = head
        .last()
        .is_some_and(|t| g.relative.contains(t.norm()) || g.is_coordinator(t.norm()));
    if words(head) == 0
        || words(tail) < 2
        || words(head) + words(tail) < 4
        || opens_clause
        || split_clause
    {
        return None;
    }
    let mark = |t: &Tok| matches!(t.norm(), "«" | "»" | "“" | "”" | "\"");
    if head.iter().chain(tail).any(mark) {
        return None;
    }
    Some(Span::new(
        sent.start,
        trim_end(ctx.text, tail[0].span.start, sent.end),
    ))
}

/// The rule of [`frame_before`].
const FRAME: &str = "frame";

/// "Comme l'a indiqué Le Monde, ...", "Comme le rapporte X, ...", "As the Post reported,
/// ...": a sentence opened by a frame word (grammar key `frames`), then the cue with its
/// subject before or after it, then a comma; the content is the rest of the sentence.
fn frame_before(
    ctx: &Ctx<'_>,
    sent: Span,
    before: &[Tok],
    after: &[Tok],
) -> Option<(Span, &'static str)> {
    let g = &ctx.r.g;
    let first = before.iter().position(|t| t.word)?;
    if !g.frames.contains(before[first].norm()) {
        return None;
    }
    // between the frame word and the cue, and after the cue up to the comma: words only
    // (a subject, clitics, auxiliaries, time words), no clause of their own ("As soon as he
    // said", "Comme il a dit que"), no negation
    let plain = |toks: &[Tok]| {
        toks.len() <= 8
            && toks.iter().all(|t| {
                let n = t.norm();
                (t.word || matches!(n, "'" | "-" | "&"))
                    && !(g.frames.contains(n)
                        || g.openers.contains(n)
                        || g.subordinators.contains(n)
                        || g.negation.contains(n)
                        || g.relative.contains(n))
            })
    };
    let between = &before[first + 1..];
    // "As of the last report, ...", "Comme à son habitude, ...": no frame
    if between.first().is_some_and(|t| g.preps.contains(t.norm())) {
        return None;
    }
    let comma = after.iter().position(|t| t.norm() == ",")?;
    let (inverted, rest) = after.split_at(comma);
    if !plain(between) || !plain(inverted) {
        return None;
    }
    // someone speaks: a subject before the cue (not only clitics and auxiliaries) or after it
    let subject = |toks: &[Tok]| {
        toks.iter().any(|t| {
            let n = t.norm();
            t.word && !(g.object_clitics.contains(n) || g.aux.contains(n) || g.skip.contains(n))
        })
    };
    if !subject(between) && !subject(inverted) {
        return None;
    }
    let start = rest.get(1)?.span.start;
    let end = trim_end(ctx.text, start, sent.end);
    let words = ctx
        .toks(Span::new(start, end))
        .iter()
        .filter(|t| t.word)
        .count();
    (words >= 4).then_some((Span::new(start, end), FRAME))
}

/// "Selon X, ..." and "..., selon X."
fn prep_content(
    ctx: &Ctx<'_>,
    h: &CueHit,
    sent: Span,
    before: &[Tok],
    after: &[Tok],
    later: &[CueHit],
) -> Option<(Span, &'static str)> {
    let cue = &ctx.r.cues[h.cue];
    let g = &ctx.r.g;
    let sentence_initial = before
        .iter()
        .all(|t| !t.word || g.skip.contains(t.norm()) || g.is_coordinator(t.norm()));
    // "X pour qui, le 4 novembre, « ... »": the rest of the sentence
    if after.first().is_some_and(|t| g.relative.contains(t.norm())) {
        let k = if after.get(1).is_some_and(|t| t.norm() == ",") {
            2
        } else {
            1
        };
        let start = after.get(k)?.span.start;
        let end = trim_end(ctx.text, start, sent.end);
        return (end > start).then_some((Span::new(start, end), "prep-relative"));
    }
    // relay nouns are not speakers: "selon un communiqué"
    // (the relays are sorted and disjoint: only the last one starting by the cue can hold it)
    let i = ctx.relays.partition_point(|r| r.span.start <= h.span.start);
    if i > 0 && h.span.start < ctx.relays[i - 1].span.end {
        return None;
    }
    if sentence_initial {
        // "Pour accroître la sécurité, ..." states a purpose, not a source; a cue that is not
        // weak also takes a bare noun ("According to police, ...")
        let first = after.first()?;
        if !(first.cap
            || g.articles.contains(first.norm())
            || g.is_pronoun(first.norm())
            || g.is_title(first.norm())
            || (!cue.weak && ctx.bare_np_after(h, sent).is_some()))
        {
            return None;
        }
        let mut comma = after.iter().position(|t| t.norm() == ",")?;
        if comma > 10 {
            return None;
        }
        // "pour l'économiste X, du Centre des Etudes politiques, ...": skip the complement
        while after
            .get(comma + 1)
            .is_some_and(|t| g.preps.contains(t.norm()))
        {
            match after[comma + 1..].iter().position(|t| t.norm() == ",") {
                Some(p) if p <= 8 => comma += 1 + p,
                _ => break,
            }
        }
        let start = after.get(comma + 1)?.span.start;
        let end = content_end(ctx, start, sent, later);
        return (end > start).then_some((Span::new(start, end), "prep-first"));
    }
    if cue.lemma == "pour"
        || after
            .first()
            .is_some_and(|t| g.not_sources.contains(t.norm()))
    {
        // (nor does "..., selon toute vraisemblance." name a source)
        return None;
    }
    if before.last().is_some_and(|t| t.norm() == ",") {
        // "..., selon X." or "..., selon X, ..."
        let start = sent.start;
        let end = trim_end(ctx.text, start, before[before.len() - 1].span.start);
        let after_comma = after.iter().position(|t| t.norm() == ",");
        let span = Span::new(start, end);
        // (a new clause after the incise is the narrator's: "..., according to X, and that
        // includes ...")
        let links = |k: usize| {
            g.clause_links
                .iter()
                .any(|l| after.get(k..k + l.len()).is_some_and(|t| is_phrase(l, t)))
        };
        if let Some(c) = after_comma.filter(|&c| !links(c + 1)) {
            // a mid-sentence incise: the content goes on after it
            let rest_start = after.get(c + 1).map(|t| t.span.start)?;
            let rest_end = content_end(ctx, rest_start, sent, later);
            if rest_end > rest_start {
                return Some((Span::new(start, rest_end), "prep-incise"));
            }
        }
        // "X said ..., according to the Xinhua agency.": the relay of X's words (see
        // `relay::closing_prep`), not a source of its own
        let reported = || {
            ctx.hits_in(span)
                .iter()
                .any(|x| !ctx.r.cues[x.cue].prep && x.span.end <= h.span.start)
        };
        if super::relay::closing_prep(ctx, sent, sent.start).is_some_and(|(c, _)| c.span == h.span)
            && reported()
        {
            return None;
        }
        return (end > start).then_some((span, "prep-last"));
    }
    None
}

/// Unmarked speech: sentences right after a quote, without marks or cue of their own, that go
/// on in the speaker's voice: first or second person ("Nous allons ...", "We would have ..."),
/// a question, or an argument opened by "Et"/"And". Up to four sentences; the chain stops at
/// the first sentence that is not such.
pub(crate) fn continuations(ctx: &Ctx<'_>, found: &[Found]) -> Vec<Found> {
    let g = &ctx.r.g;
    let mut out: Vec<Found> = Vec::new();
    // what is already a quote: `found`, and the sentences taken so far (disjoint)
    let found_reach = Reach::new(found.iter().map(|f| (f.span.start, f.span.end)).collect());
    let mut taken_sents: std::collections::BTreeMap<usize, usize> = Default::default();
    let taken = |span: Span, out: &std::collections::BTreeMap<usize, usize>| {
        found_reach
            .max_end_before(span.end)
            .is_some_and(|e| span.start < e)
            || out
                .range(..span.end)
                .next_back()
                .is_some_and(|(_, &e)| span.start < e)
    };
    let marks = Reach::new(ctx.marks.iter().map(|m| (m.open, m.close)).collect());
    for q in found {
        // ("selon X, ..." and "As X noted, ..." frame the narrator's sentence: what follows
        // it is the narrator's too)
        let prep = q.cue.is_some_and(|(c, _)| ctx.r.cues[c].prep)
            || q.rule.rsplit(':').next() == Some(FRAME);
        if q.speaker.is_none() || q.kind == QuoteKind::Partial || prep {
            continue;
        }
        // (sentences are sorted and disjoint)
        let i = ctx.sents.partition_point(|s| s.end < q.span.end);
        if ctx.sents.get(i).is_none_or(|s| s.start > q.span.end) {
            continue;
        }
        for sent in ctx.sents.iter().skip(i + 1).take(4) {
            if taken(*sent, &taken_sents)
                || marks
                    .max_end_before(sent.end)
                    .is_some_and(|close| sent.start < close)
                || !ctx.hits_in(*sent).is_empty()
            {
                break;
            }
            let toks = ctx.toks(*sent);
            let words: Vec<&Tok> = toks.iter().filter(|t| t.word).collect();
            let person = words.iter().any(|t| g.first_person.contains(t.norm()));
            let question = ctx.text[*sent].trim_end().ends_with('?');
            let opener = words
                .first()
                .is_some_and(|t| g.continuers.contains(t.norm()));
            if words.len() < 3 || !(person || question || opener) {
                break;
            }
            out.push(Found {
                kind: QuoteKind::Indirect,
                span: *sent,
                text: None,
                speaker: q.speaker.clone(),
                cue: q.cue,
                via: None,
                rule: format!("{}/quotes:unmarked-continuation", ctx.r.lang.code()),
                confidence: 0.4,
            });
            taken_sents.insert(sent.start, sent.end);
        }
    }
    out
}
