//! Attribution: whether a quoted span is a quote (direct or partial) and who said it with which
//! cue; speaker noun phrases before the cue ("X a déclaré", "X said"), after it ("a déclaré X",
//! "said X"), after a preposition ("selon X"), in an inverted pronoun ("a-t-elle déclaré"),
//! through coordination ("... et a souligné") and relative clauses ("X, qui a fait ...").
//! Finally the speakers are resolved to names (see [`Ctx::resolve`]).

use vigie_doc::{Document, EntityType, Gender, Quote, QuoteKind, Span};

use super::lexicon::{CueHit, LangRules, RelayHit};
use super::marks::{self, Marked};
use super::relay;
use super::scan::{self, Norm, Tok};
use super::Found;

/// How a speaker is named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SrcKind {
    /// A proper name ("M. Sullivan", "Maria Zakharova").
    Name,
    /// A pronoun ("elle", "he").
    Pronoun,
    /// A description ("le gouvernement russe", "un porte-parole de la police").
    Desc,
}

/// A speaker as found in the text.
#[derive(Clone, Debug)]
pub(crate) struct Src {
    pub(crate) span: Span,
    pub(crate) kind: SrcKind,
    pub(crate) gender: Option<Gender>,
    /// Plural pronoun.
    pub(crate) plural: bool,
}

/// A speaker already resolved: (name, gender, position, entity, is a person).
type Said = (
    String,
    Option<Gender>,
    usize,
    Option<vigie_doc::EntityId>,
    bool,
);

/// A proper name found anywhere in the body (for canonical names and pronoun fallbacks).
#[derive(Clone, Debug)]
struct NameRun {
    span: Span,
    words: Vec<String>,
    gender: Option<Gender>,
}

/// Everything the stage derives from one document, shared by the sub-steps.
pub(crate) struct Ctx<'a> {
    pub(crate) doc: &'a Document,
    pub(crate) text: &'a str,
    pub(crate) r: &'a LangRules,
    pub(crate) hits: Vec<CueHit>,
    pub(crate) relays: Vec<RelayHit>,
    pub(crate) marks: Vec<Marked>,
    pub(crate) sents: Vec<Span>,
    names: Vec<NameRun>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(doc: &'a Document, r: &'a LangRules) -> Ctx<'a> {
        let text = doc.text.as_str();
        let paragraphs: Vec<Span> = if doc.paragraphs.is_empty() && !text.is_empty() {
            vec![Span::new(0, text.len())]
        } else {
            doc.paragraphs.clone()
        };
        let marks = marks::find(text, &paragraphs);
        let inside: Vec<(usize, usize)> = marks.iter().map(|m| (m.open, m.close)).collect();
        let sents = scan::sentences(text, &paragraphs, &inside);
        let norm = Norm::new(text);
        let in_body = |s: Span| {
            paragraphs
                .iter()
                .any(|p| p.start <= s.start && s.end <= p.end)
        };
        let hits: Vec<CueHit> = r
            .cue_hits(text, &norm)
            .into_iter()
            .filter(|h| in_body(h.span))
            .collect();
        let relays = r.relay_hits(text, &norm);
        let mut ctx = Ctx {
            doc,
            text,
            r,
            hits,
            relays,
            marks,
            sents,
            names: Vec::new(),
        };
        let mut names = Vec::new();
        for p in &paragraphs {
            let toks = scan::tokenize(text, *p);
            let mut i = 0;
            while i < toks.len() {
                if let Some((s, e, g, ws)) = ctx.name_run(&toks, i) {
                    names.push(NameRun {
                        span: Span::new(toks[s].span.start, toks[e - 1].span.end),
                        words: ws,
                        gender: g,
                    });
                    i = e;
                } else {
                    i += 1;
                }
            }
        }
        ctx.names = names;
        ctx
    }

    pub(crate) fn in_mark(&self, pos: usize) -> bool {
        self.marks
            .iter()
            .any(|m| m.inner.start <= pos && pos < m.inner.end)
    }

    pub(crate) fn sentence_of(&self, pos: usize) -> Option<Span> {
        let i = self.sents.partition_point(|s| s.end <= pos);
        self.sents.get(i).copied().filter(|s| s.start <= pos)
    }

    pub(crate) fn toks(&self, span: Span) -> Vec<Tok> {
        scan::tokenize(self.text, span)
    }

    /// Cue hits inside `span`, outside quoted text.
    pub(crate) fn hits_in(&self, span: Span) -> Vec<&CueHit> {
        self.hits
            .iter()
            .filter(|h| {
                span.start <= h.span.start && h.span.end <= span.end && !self.in_mark(h.span.start)
            })
            .collect()
    }

    /// A proper-name run starting at token `i`: (start, end, gender from title, words without
    /// titles). Titles ("M.", "Mme", "Dr") are included in the span only if a name follows.
    fn name_run(
        &self,
        toks: &[Tok],
        i: usize,
    ) -> Option<(usize, usize, Option<Gender>, Vec<String>)> {
        let g = &self.r.g;
        let mut j = i;
        let mut gender = None;
        while j < toks.len() && toks[j].word && toks[j].cap && g.is_title(&toks[j].norm) {
            if g.titles_m.contains(&toks[j].norm) {
                gender = Some(Gender::M);
            } else if g.titles_f.contains(&toks[j].norm) {
                gender = Some(Gender::F);
            }
            j += 1;
        }
        let titled = j > i;
        let start_name = j;
        let is_name_word =
            |t: &Tok| t.word && t.cap && !g.name_stop.contains(&t.norm) && !g.is_title(&t.norm);
        if !(start_name < toks.len()
            && (is_name_word(&toks[start_name])
                || (titled && toks[start_name].word && toks[start_name].cap)))
        {
            return None;
        }
        let mut k = start_name + 1;
        loop {
            if k < toks.len()
                && toks[k].word
                && toks[k].cap
                && !g.is_title(&toks[k].norm)
                && !g.name_stop.contains(&toks[k].norm)
            {
                k += 1;
                continue;
            }
            // a particle between two name words ("De Bock", "Spéléo secours de l'Isère" no)
            if k + 1 < toks.len()
                && toks[k].word
                && g.particles.contains(&toks[k].norm)
                && !(toks[k].cap && g.name_stop.contains(&toks[k].norm))
                && toks[k + 1].word
                && toks[k + 1].cap
                && !g.name_stop.contains(&toks[k + 1].norm)
                && toks[k].span.start == toks[k - 1].span.end + 1
            {
                k += 2;
                continue;
            }
            break;
        }
        let words = toks[start_name..k].iter().map(|t| t.norm.clone()).collect();
        let s = if titled { i } else { start_name };
        Some((s, k, gender, words))
    }

    /// The speaker inside a noun-phrase region: the last proper name with no preposition before
    /// it, the agent of a passive ("publié par X"), else the description.
    fn pick(&self, toks: &[Tok]) -> Option<Src> {
        let g = &self.r.g;
        // cut at np_cut words and punctuation after the first token
        let mut end = toks.len();
        for (k, t) in toks.iter().enumerate() {
            if k > 0 && (!t.word && t.norm != "-" && t.norm != "&" || g.np_cut.contains(&t.norm)) {
                end = k;
                break;
            }
        }
        let toks = &toks[..end];
        // trim leading skip words
        let mut s = 0;
        while s < toks.len() && g.skip.contains(&toks[s].norm) && !toks[s].cap {
            s += 1;
        }
        let toks = &toks[s..];
        // trim trailing skip words and articles
        let mut e = toks.len();
        while e > 0
            && (g.skip.contains(&toks[e - 1].norm)
                || g.articles.contains(&toks[e - 1].norm)
                || g.preps.contains(&toks[e - 1].norm))
        {
            e -= 1;
        }
        let toks = &toks[..e];
        if toks.is_empty() {
            return None;
        }
        if toks.len() == 1 && g.is_pronoun(&toks[0].norm) {
            return Some(self.pronoun_src(&toks[0]));
        }
        let mut best: Option<(usize, usize, Option<Gender>)> = None;
        let mut prep_seen = false;
        let mut agent: Option<(usize, usize, Option<Gender>)> = None;
        let mut i = 0;
        while i < toks.len() {
            if let Some((a, b, gen, _)) = self.name_run(toks, i) {
                let prev = if a > 0 {
                    Some(toks[a - 1].norm.as_str())
                } else {
                    None
                };
                if !prep_seen {
                    best = Some((a, b, gen));
                } else if matches!(prev, Some("par") | Some("by")) {
                    agent = Some((a, b, gen));
                }
                i = b;
                continue;
            }
            if g.preps.contains(&toks[i].norm) {
                prep_seen = true;
            }
            i += 1;
        }
        if let Some((a, b, gen)) = best.or(agent) {
            // an organisation named by a capitalised head followed by lower-case words
            // ("Spéléo secours de l'Isère") keeps the whole phrase
            let whole = a == 0
                && b < toks.len()
                && gen.is_none()
                && !toks[b].cap
                && !toks[b..].iter().any(|t| !t.word);
            if whole && self.r.lang == vigie_doc::Lang::Fr {
                return Some(Src {
                    span: Span::new(toks[0].span.start, toks[toks.len() - 1].span.end),
                    kind: SrcKind::Desc,
                    gender: None,
                    plural: false,
                });
            }
            return Some(Src {
                span: Span::new(toks[a].span.start, toks[b - 1].span.end),
                kind: SrcKind::Name,
                gender: gen,
                plural: false,
            });
        }
        Some(Src {
            span: Span::new(toks[0].span.start, toks[toks.len() - 1].span.end),
            kind: SrcKind::Desc,
            gender: None,
            plural: false,
        })
    }

    fn pronoun_src(&self, t: &Tok) -> Src {
        let g = &self.r.g;
        Src {
            span: t.span,
            kind: SrcKind::Pronoun,
            gender: if g.pron_m.contains(&t.norm) {
                Some(Gender::M)
            } else if g.pron_f.contains(&t.norm) {
                Some(Gender::F)
            } else {
                None
            },
            plural: g.pron_pl.contains(&t.norm),
        }
    }

    /// The speaker of a cue hit in sentence `sent`.
    pub(crate) fn speaker_of(&self, hit: &CueHit, sent: Span, depth: u8) -> Option<Src> {
        let cue = &self.r.cues[hit.cue];
        if let Some(p) = hit.pron {
            let t = scan::tokenize(self.text, p);
            let mut src = t.first().map(|t| self.pronoun_src(t))?;
            src.span = p;
            if self.r.g.pron_any.contains(&self.text[p].to_lowercase()) {
                // "a-t-on appris auprès de X"
                return self.agent_after(hit, sent).or(Some(src));
            }
            return Some(src);
        }
        if cue.prep {
            return self.np_after(hit.span.end, sent, true);
        }
        let toks = self.toks(Span::new(sent.start, hit.span.start));
        let g = &self.r.g;
        // strip auxiliaries and adverbs right before the cue
        let mut j = toks.len();
        while j > 0
            && toks[j - 1].word
            && (g.aux.contains(&toks[j - 1].norm)
                || (g.skip.contains(&toks[j - 1].norm) && !toks[j - 1].cap))
        {
            j -= 1;
        }
        // coordination: "... et a souligné", ", avant de souligner", "and said"
        let tail: Vec<&str> = toks[..j]
            .iter()
            .rev()
            .take(3)
            .map(|t| t.norm.as_str())
            .collect();
        let coord = g.coordinators.iter().find(|c| {
            let parts: Vec<&str> = c.split(' ').rev().collect();
            parts.len() <= tail.len() && parts.iter().zip(&tail).all(|(a, b)| a == b)
        });
        if let Some(c) = coord {
            if depth < 3 {
                let n = c.split(' ').count();
                let cut = toks[j - n].span.start;
                let prev = self
                    .hits_in(Span::new(sent.start, cut))
                    .into_iter()
                    .rfind(|h| !self.r.cues[h.cue].prep)
                    .cloned();
                if let Some(prev) = prev {
                    if let Some(s) = self.speaker_of(&prev, sent, depth + 1) {
                        return Some(s);
                    }
                }
                // the subject opens the sentence: "La Russie nie ... et affirme"
                let region: Vec<Tok> = toks[..j - n].to_vec();
                let k = region
                    .iter()
                    .position(|t| !t.word && t.norm != "-" && t.norm != "'")
                    .unwrap_or(region.len());
                let first_verb = region
                    .iter()
                    .position(|t| g.aux.contains(&t.norm))
                    .unwrap_or(k)
                    .min(k);
                if first_verb > 0 && first_verb <= 8 {
                    return self.pick(&region[..first_verb]);
                }
            }
        }
        // relative pronoun: "X, qui a fait allusion" -> X
        if j > 0 && g.relative.contains(&toks[j - 1].norm) {
            let mut a = j - 1;
            if a > 0 && toks[a - 1].norm == "," {
                a -= 1;
            }
            let mut b = a;
            while b > 0
                && !(toks[b - 1].norm == ","
                    || toks[b - 1].norm == ":"
                    || is_quote_tok(&toks[b - 1]))
            {
                b -= 1;
            }
            // the antecedent: the last name in that chunk, else the chunk
            let chunk = &toks[b..a];
            let mut last = None;
            let mut i = 0;
            while i < chunk.len() {
                if let Some((s, e, gen, _)) = self.name_run(chunk, i) {
                    last = Some(Src {
                        span: Span::new(chunk[s].span.start, chunk[e - 1].span.end),
                        kind: SrcKind::Name,
                        gender: gen,
                        plural: false,
                    });
                    i = e;
                } else {
                    i += 1;
                }
            }
            return last.or_else(|| self.pick(chunk));
        }
        // preverbal subject, back to a boundary
        let mut b = j;
        while b > 0 {
            let t = &toks[b - 1];
            if !t.word
                && matches!(
                    t.norm.as_str(),
                    "," | ":" | ";" | "(" | ")" | "«" | "»" | "\"" | "“" | "”" | "—" | "–"
                )
            {
                break;
            }
            if g.subordinators.contains(&t.norm) || g.relative.contains(&t.norm) {
                break;
            }
            b -= 1;
        }
        if b < j {
            let region = &toks[b..j];
            // the noun phrase opens the region; stop at the first auxiliary
            let stop = region
                .iter()
                .skip(1)
                .position(|t| g.aux.contains(&t.norm))
                .map_or(region.len(), |p| p + 1);
            let np = &region[..stop];
            if np.len() <= 12 {
                if let Some(s) = self.pick(np) {
                    return Some(s);
                }
            }
        }
        // nothing before (or after a comma): the inverted subject after the cue
        if let Some(s) = self.np_after(hit.span.end, sent, false) {
            return Some(s);
        }
        // apposition before: "le colonel Olivier Hamuli, a déclaré que"
        if b == j && b > 0 && toks[b - 1].norm == "," {
            let mut a = b - 1;
            while a > 0
                && !matches!(
                    toks[a - 1].norm.as_str(),
                    "," | ":" | ";" | "«" | "»" | "\"" | "“" | "”"
                )
            {
                a -= 1;
            }
            if b - 1 - a <= 8 {
                return self.pick(&toks[a..b - 1]);
            }
        }
        None
    }

    /// The noun phrase right after `pos` in the sentence (inverted subject, "selon X").
    fn np_after(&self, pos: usize, sent: Span, prep: bool) -> Option<Src> {
        let toks = self.toks(Span::new(pos, sent.end));
        let g = &self.r.g;
        let mut i = 0;
        while i < toks.len()
            && toks[i].word
            && !toks[i].cap
            && (g.skip.contains(&toks[i].norm) && !g.articles.contains(&toks[i].norm))
        {
            i += 1;
        }
        let rest = &toks[i..];
        let first = rest.first()?;
        if !first.word {
            return None;
        }
        let ok_start = first.cap
            || g.articles.contains(&first.norm)
            || g.is_title(&first.norm)
            || (prep && g.is_pronoun(&first.norm))
            || (self.r.lang == vigie_doc::Lang::En
                && g.is_pronoun(&first.norm)
                && rest.get(1).is_none_or(|t| !t.word));
        if !ok_start || g.subordinators.contains(&first.norm) {
            return None;
        }
        // the phrase ends at punctuation or a relay intro
        let mut end = rest.len();
        for (k, t) in rest.iter().enumerate() {
            let relay_here = self.relays.iter().any(|r| r.span.start == t.span.start);
            if k > 0 && (!t.word && t.norm != "-" && t.norm != "&" || relay_here) {
                end = k;
                break;
            }
        }
        let np = &rest[..end];
        if np.len() > 14 {
            return None;
        }
        let src = self.pick(np)?;
        // description followed by an apposed name: "la porte-parole ..., Maria Zakharova,"
        if src.kind == SrcKind::Desc && rest.get(end).is_some_and(|t| t.norm == ",") {
            let after = &rest[end + 1..];
            if let Some((s, e, gen, _)) = self.name_run(after, 0) {
                let closes = after
                    .get(e)
                    .is_none_or(|t| !t.word || g.np_cut.contains(&t.norm));
                if closes {
                    return Some(Src {
                        span: Span::new(after[s].span.start, after[e - 1].span.end),
                        kind: SrcKind::Name,
                        gender: gen,
                        plural: false,
                    });
                }
            }
        }
        Some(src)
    }

    /// "a-t-on appris ... auprès du X": the source after an agent intro.
    fn agent_after(&self, hit: &CueHit, sent: Span) -> Option<Src> {
        let rest = self.text.get(hit.span.end..sent.end)?;
        let low = crate::text::normalize(rest);
        for a in &self.r.g.agents {
            if let Some(i) = low.find(a.as_str()) {
                let at = hit.span.end + i + a.len();
                if self.text.is_char_boundary(at) {
                    return self.np_after(at, sent, true);
                }
            }
        }
        None
    }

    /// Direct and partial quotes: every quoted span that someone is reported as saying.
    pub(crate) fn marked_quotes(&self) -> Vec<Found> {
        let mut out: Vec<Found> = Vec::new();
        for m in &self.marks {
            let Some(sent_open) = self.sentence_of(m.open) else {
                continue;
            };
            let sent_close = self
                .sentence_of(m.close.saturating_sub(1))
                .unwrap_or(sent_open);
            let before = self.toks(Span::new(sent_open.start, m.open));
            let after_span = Span::new(m.close.min(sent_close.end), sent_close.end);
            let g = &self.r.g;
            let before_words = before.iter().filter(|t| t.word).count();
            let last = before
                .iter()
                .rev()
                .find(|t| !matches!(t.norm.as_str(), "-" | "–" | "—"));
            let hits_before = self.hits_in(Span::new(sent_open.start, m.open));
            let hits_after = self.hits_in(after_span);
            let direct = before_words == 0
                || last.is_some_and(|t| t.norm == ":")
                || (last.is_some_and(|t| t.norm == ",")
                    && hits_before.last().is_some_and(|h| {
                        let between = self.toks(Span::new(h.span.end, m.open));
                        between.iter().filter(|t| t.word).count() <= 6
                    }));
            let mut attribution: Option<(&CueHit, Span)> = None;
            if direct {
                if before_words > 0 {
                    attribution = hits_before.last().map(|h| (*h, sent_open));
                }
                if attribution.is_none() {
                    // "« ... », a déclaré X" / "\"...,\" X said" / "« ... », selon X"
                    if let Some(h) = hits_after.first() {
                        let between = self.toks(Span::new(after_span.start, h.span.start));
                        let words = between.iter().filter(|t| t.word).count();
                        let blocked = between.iter().any(|t| {
                            matches!(t.norm.as_str(), "." | ";" | "?" | "!" | "«" | "“" | "\"")
                        });
                        if words <= 8 && !blocked {
                            attribution = Some((*h, sent_close));
                        }
                    }
                }
            } else {
                // partial: the nearest cue of the narrator's sentence before it, else after it;
                // a weak cue only when there is no other
                let strong = |h: &&&CueHit| !self.r.cues[h.cue].weak;
                attribution = hits_before
                    .iter()
                    .rev()
                    .find(strong)
                    .map(|h| (*h, sent_open))
                    .or_else(|| hits_after.iter().find(strong).map(|h| (*h, sent_close)))
                    .or_else(|| hits_before.last().map(|h| (*h, sent_open)))
                    .or_else(|| hits_after.first().map(|h| (*h, sent_close)));
                if attribution.is_none() {
                    continue;
                }
            }
            let (kind, conf) = if direct {
                (QuoteKind::Direct, 0.9)
            } else {
                (QuoteKind::Partial, 0.75)
            };
            let mut found = Found {
                kind,
                span: m.inner,
                text: None,
                speaker: None,
                cue: None,
                via: None,
                rule: String::new(),
                confidence: conf,
            };
            if let Some((h, sent)) = attribution {
                let cue = &self.r.cues[h.cue];
                if !direct && cue.weak && self.hits_in(sent).len() == 1 && !cue.que {
                    continue;
                }
                found.speaker = self.speaker_of(h, sent, 0);
                found.cue = Some((h.cue, h.span));
                found.rule = cue.rule.clone();
                found.via = relay::find(self, h, sent);
            } else {
                // no cue: a continued statement of the previous speaker (within two paragraphs)
                let prev = out
                    .iter()
                    .rev()
                    .find(|f| f.kind == QuoteKind::Direct && f.cue.is_some());
                let para_gap = prev
                    .map(|p| self.paragraph_gap(p.span.end, m.open))
                    .unwrap_or(usize::MAX);
                if let (Some(p), true) = (prev, para_gap <= 2) {
                    found.speaker = p.speaker.clone();
                    found.cue = p.cue;
                    found.via = None;
                    found.rule = format!("{}/quotes:continued", self.r.lang.code());
                    found.confidence = 0.6;
                } else {
                    let words = self.toks(m.inner).iter().filter(|t| t.word).count();
                    if words < 6 {
                        continue;
                    }
                    found.rule = format!("{}/quotes:unattributed", self.r.lang.code());
                    found.confidence = 0.4;
                }
            }
            let _ = g;
            out.push(found);
        }
        out
    }

    /// How many paragraph breaks lie between two offsets.
    pub(crate) fn paragraph_gap(&self, a: usize, b: usize) -> usize {
        self.doc
            .paragraphs
            .iter()
            .filter(|p| p.start > a && p.start <= b)
            .count()
    }

    /// Turns found quotes into the document layer: speaker names resolved (entity, fullest
    /// name in the article, pronoun antecedent, description), cue lemma and relay.
    pub(crate) fn resolve(&self, found: Vec<Found>) -> Vec<Quote> {
        let mut out = Vec::with_capacity(found.len());
        // (name, gender, position, is person-like)
        let mut history: Vec<Said> = Vec::new();
        for f in found {
            let mut speaker = None;
            let mut speaker_id = None;
            let mut speaker_span = None;
            if let Some(src) = &f.speaker {
                speaker_span = Some(src.span);
                if let Some(e) = self.doc.entity_at(src.span) {
                    speaker = Some(e.name.clone());
                    speaker_id = Some(e.id);
                } else {
                    match src.kind {
                        SrcKind::Name => {
                            let (name, gender) = self.canonical(src);
                            history.push((
                                name.clone(),
                                gender.or(src.gender),
                                src.span.start,
                                None,
                                true,
                            ));
                            speaker = Some(name);
                        }
                        SrcKind::Desc => {
                            speaker = Some(self.description(src.span));
                            history.push((
                                speaker.clone().unwrap_or_default(),
                                None,
                                src.span.start,
                                None,
                                false,
                            ));
                        }
                        SrcKind::Pronoun => {
                            let found = history
                                .iter()
                                .rev()
                                .find(|(_, g, _, _, person)| {
                                    src.plural
                                        || (*person
                                            && (g.is_none()
                                                || src.gender.is_none()
                                                || *g == src.gender))
                                })
                                .cloned();
                            if let Some((name, _, _, id, _)) = found {
                                // the pronoun tells the gender of its antecedent
                                if let Some(h) = history.iter_mut().rev().find(|h| h.0 == name) {
                                    h.1 = h.1.or(src.gender);
                                }
                                speaker = Some(name);
                                speaker_id = id;
                            } else if let Some(n) = self.names.iter().rev().find(|n| {
                                n.span.end <= src.span.start
                                    && n.words.len() >= 2
                                    && (n.gender.is_none()
                                        || src.gender.is_none()
                                        || n.gender == src.gender)
                            }) {
                                speaker = Some(self.text[self.name_core(n)].to_string());
                            }
                        }
                    }
                }
                if let (Some(id), Some(name)) = (speaker_id, &speaker) {
                    let person = self
                        .doc
                        .entity(id)
                        .is_some_and(|e| e.kind == EntityType::Person);
                    history.push((name.clone(), src.gender, src.span.start, Some(id), person));
                }
            }
            let (cue, cue_span) = match f.cue {
                Some((c, s)) => (Some(self.r.cues[c].lemma.clone()), Some(s)),
                None => (None, None),
            };
            let text = f.text.unwrap_or_else(|| self.text[f.span].to_string());
            out.push(Quote {
                kind: f.kind,
                text,
                span: f.span,
                speaker,
                speaker_id,
                speaker_span,
                cue,
                cue_span,
                via: f.via.as_ref().map(|v| v.0.clone()),
                via_span: f.via.as_ref().map(|v| v.1),
                rule: f.rule,
                confidence: f.confidence,
            });
        }
        out
    }

    /// The span of a name run without its titles.
    fn name_core(&self, n: &NameRun) -> Span {
        let toks = self.toks(n.span);
        let first = toks
            .iter()
            .position(|t| !self.r.g.is_title(&t.norm))
            .unwrap_or(0);
        Span::new(
            toks.get(first).map_or(n.span.start, |t| t.span.start),
            n.span.end,
        )
    }

    /// The fullest form of a name used in the article ("M. Sullivan" -> "Jake Sullivan").
    fn canonical(&self, src: &Src) -> (String, Option<Gender>) {
        let toks = self.toks(src.span);
        let words: Vec<String> = toks
            .iter()
            .filter(|t| t.word && !self.r.g.is_title(&t.norm))
            .map(|t| t.norm.clone())
            .collect();
        let core_start = toks
            .iter()
            .find(|t| t.word && !self.r.g.is_title(&t.norm))
            .map_or(src.span.start, |t| t.span.start);
        let mut best: Option<&NameRun> = None;
        let mut gender = src.gender;
        for n in &self.names {
            if n.words.last() == words.last() && words.iter().all(|w| n.words.contains(w)) {
                gender = gender.or(n.gender);
                if best.is_none_or(|b| n.words.len() > b.words.len()) {
                    best = Some(n);
                }
            }
        }
        match best {
            Some(b) if b.words.len() > words.len() => {
                (self.text[self.name_core(b)].to_string(), gender)
            }
            _ => (
                self.text[Span::new(core_start, src.span.end)].to_string(),
                gender,
            ),
        }
    }

    /// An unnamed source as written; an institution or a name loses its definite article
    /// ("le gouvernement russe" -> "gouvernement russe", "la Russie" -> "Russie").
    fn description(&self, span: Span) -> String {
        let toks = self.toks(span);
        let g = &self.r.g;
        if toks.len() >= 2 && g.strip_articles.contains(&toks[0].norm) {
            let head = &toks[1];
            if head.cap || g.org_heads.contains(&head.norm) {
                return self.text[Span::new(head.span.start, span.end)].to_string();
            }
        }
        self.text[span].to_string()
    }
}

fn is_quote_tok(t: &Tok) -> bool {
    matches!(t.norm.as_str(), "«" | "»" | "\"" | "“" | "”")
}
