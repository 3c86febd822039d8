//! Events: who did what to whom, coded in CAMEO with PLOVER categories, dated, with the
//! evidence sentence and the rule that fired.
//!
//! - [`codebook`]: the CAMEO codebook (`data/cameo/codebook.tsv`): labels, Goldstein values,
//!   quad classes, PLOVER categories.
//! - [`patterns`]: the trigger lexicons (`data/lexicons/<lang>/event-patterns.toml`): verbs
//!   (conjugated by paradigm) and nominalisations with their argument frames, agent nouns,
//!   function words; every pattern with examples that [`EventFinder::check_examples`] runs.
//! - [`norm`]: the document's sentences normalised once into one buffer (lower case, `'`,
//!   single spaces, each sentence followed by `'\n'`) with the map back to the text; each
//!   sentence is a borrowed view with offsets of its own, tokenised only when it holds a
//!   trigger form. [`norm::OnePass`] finds the trigger forms, agent nouns and demonyms in one
//!   overlapping pass over the buffer and keeps, per set, the leftmost-longest of the matches
//!   on word edges.
//! - [`matcher`]: the trigger forms of a sentence (from that pass), then frame checks per hit
//!   (clause, passive, negation, modality, governed complements); the modality words of a
//!   sentence are found once and each window around a hit reads them.
//! - [`actors`]: actor mentions from the entity layer and agent nouns, and the home country.
//! - [`dating`]: the event's own date, else the article's.
//! - [`gdelt`]: one GDELT 2.0 event-table row per event, for `vigie export --format gdelt`.
//!
//! Conventions (those of the gold annotations): a denial is coded as a statement (010, or 016
//! when it rejects an accusation) and what is denied is not coded; what is demanded, threatened
//! or refused is not coded as done; an injunction to stop ("Moscou devrait cesser d'attaquer")
//! is a demand (100) by the speaker; an intended or announced act shifts to its intent code
//! (04-08 to 03x, 14-20 to 13x); negated and hypothetical acts are not coded; reported acts
//! ("selon X, Y a attaqué Z") are coded with modality `reported`. Events need both actors,
//! except that an unnamed agent of a state's coercion ("he was detained") is the home country.

pub mod actors;
pub mod codebook;
pub mod dating;
pub mod gdelt;
pub mod matcher;
pub mod norm;
pub mod patterns;

use std::borrow::Cow;
use std::collections::HashMap;

use vigie_doc::{Document, EntityType, Event, Input, Lang, Modality, Precision, Span};
use vigie_lexicon::{Errors, ExampleFailure, Lexicons};

use crate::{Options, Pipeline};
use actors::{ActorIndex, ActorMention, AgentMatcher};
use codebook::Codebook;
use matcher::{Hit, Matcher};
use norm::{Norm, Norms, OnePass};
use patterns::{Lexicon, Slot, Words};

/// The event stage.
#[derive(Debug)]
pub struct EventFinder {
    codebook: Codebook,
    /// Per language: the triggers, the agent nouns and demonyms, and all three in one pass.
    langs: Vec<(Matcher, AgentMatcher, Option<OnePass>)>,
}

/// Per-document state of the argument search.
struct Ctx<'a> {
    doc: &'a Document,
    actors: ActorIndex<'a>,
    /// The source of the previous event, for subject pronouns.
    last_source: Option<ActorMention<'a>>,
    /// The target of the previous event, for coordinated verbs with a clitic object.
    last_target: Option<ActorMention<'a>>,
    /// Events need both actors (always, today; kept as a switch for diagnostics).
    strict: bool,
    /// The document's quotes and paragraphs, to find the one around a span without reading
    /// them all for every event (a long article has thousands).
    quotes: Around,
    paragraphs: Around,
}

/// Spans in the order a document lists them, indexed to find the first one that holds a
/// given span: when they are sorted by start (as the stages make them), the ones that start
/// early enough are a prefix, and the first of those that ends late enough is where the
/// running maximum of their ends first gets there (two binary searches). Unsorted spans
/// are searched one by one, with the same answer.
struct Around {
    starts: Vec<usize>,
    /// The running maximum of the ends; empty when the spans are not sorted by start.
    max_ends: Vec<usize>,
    /// The ends, for the one-by-one search.
    ends: Vec<usize>,
}

impl Around {
    fn new(spans: impl Iterator<Item = Span>) -> Around {
        let (starts, ends): (Vec<usize>, Vec<usize>) = spans.map(|s| (s.start, s.end)).unzip();
        let max_ends = if starts.is_sorted() {
            ends.iter()
                .scan(0, |m, &e| {
                    *m = e.max(*m);
                    Some(*m)
                })
                .collect()
        } else {
            Vec::new()
        };
        Around {
            starts,
            max_ends,
            ends,
        }
    }

    /// The index of the first span with `start <= a` and `b <= end`.
    fn first_holding(&self, a: usize, b: usize) -> Option<usize> {
        if self.max_ends.len() != self.starts.len() {
            return (0..self.starts.len()).find(|&i| self.starts[i] <= a && b <= self.ends[i]);
        }
        let early = self.starts.partition_point(|&s| s <= a);
        let i = self.max_ends[..early].partition_point(|&e| e < b);
        (i < early).then_some(i)
    }
}

impl EventFinder {
    /// Builds the stage from its lexicons (the CAMEO codebook, event patterns).
    pub fn new(lex: &Lexicons) -> Result<EventFinder, Errors> {
        let codebook = Codebook::new(lex)?;
        let mut errors = Errors::default();
        let mut langs = Vec::new();
        for lang in [Lang::Fr, Lang::En] {
            match Lexicon::load(lex, lang, &|c| codebook.get(c).is_some()) {
                Ok(l) => {
                    let agents = AgentMatcher::new(&l.agents, lang, lex);
                    let matcher = Matcher::new(lang, l);
                    let modal = matcher.markers.modal_patterns();
                    let one = matcher
                        .set()
                        .zip(agents.sets())
                        .and_then(|(t, [a, d])| OnePass::new(&[t.0, a.0, d.0], &modal));
                    langs.push((matcher, agents, one));
                }
                Err(e) => errors.0.extend(e.0),
            }
        }
        errors.into_result(EventFinder { codebook, langs })
    }

    /// The CAMEO codebook in force.
    pub fn codebook(&self) -> &Codebook {
        &self.codebook
    }

    /// Finds the events of `doc`.
    pub fn find(&self, doc: &Document) -> Vec<Event> {
        self.find_mode(doc, true)
    }

    fn find_mode(&self, doc: &Document, strict: bool) -> Vec<Event> {
        let Some((matcher, agents, one)) = self.langs.iter().find(|(m, _, _)| m.lang == doc.lang)
        else {
            return Vec::new();
        };
        let whole = [Span::new(0, doc.text.len())];
        let base: &[Span] = if !doc.sentences.is_empty() {
            &doc.sentences
        } else if !doc.paragraphs.is_empty() {
            &doc.paragraphs
        } else {
            &whole
        };
        let sentences = matcher::sentence_spans(&doc.text, base, doc.tokens.is_empty());
        let mut norms = Norms::untokenized(&doc.text, &sentences);
        // Trigger forms, agent nouns, demonyms and modality words of every sentence, in one
        // pass when the automata can be merged (else the modality words are found sentence
        // by sentence, in the sentences with a trigger form).
        let mut found = [Vec::new(), Vec::new(), Vec::new()];
        let mut modal = Vec::new();
        match one {
            Some(one) => one.matches(&norms, &mut found, &mut modal),
            None => {
                matcher.triggers(&norms, &mut found[0]);
                agents.scan(&norms, &mut found[1..]);
            }
        }
        let [found, found_actors @ ..] = found;
        // Only a sentence with a trigger form is read token by token.
        let mut last = None;
        for m in &found {
            if last != Some(m.sentence) {
                norms.tokenize(m.sentence);
                last = Some(m.sentence);
            }
        }
        let norms = norms;
        let mut ctx = Ctx {
            doc,
            actors: ActorIndex::build(doc, agents, &norms, &found_actors, !strict),
            last_source: None,
            last_target: None,
            strict: true,
            quotes: Around::new(doc.quotes.iter().map(|q| q.span)),
            paragraphs: Around::new(doc.paragraphs.iter().copied()),
        };
        log::trace!(
            "events: actors {:?} home {:?}",
            ctx.actors
                .mentions
                .iter()
                .map(|a| (doc.slice(a.span), &a.code))
                .collect::<Vec<_>>(),
            ctx.actors.home
        );
        let article = dating::article_date(doc);
        // (event, dated only by the article, nominal trigger, trigger text)
        // (trigger texts are borrowed from the normalised sentences, not copied per hit)
        let mut events: Vec<(Event, bool, bool, &str)> = Vec::new();
        let mut noun_dates: HashMap<&str, dating::Dated> = HashMap::new();
        // Paragraphs in order and apart (the segmenter's): the one holding a sentence is found
        // by binary search; otherwise by the first that holds it, as always.
        let paras = &doc.paragraphs;
        let ordered = paras.windows(2).all(|w| w[0].end <= w[1].start);
        let dates = dating::DateIndex::new(doc);
        // Quotation regions of the current paragraph, found once per paragraph.
        let mut regions: Option<(Span, Vec<(usize, usize)>)> = None;
        // A sentence without a trigger form has no hit and is skipped.
        let (mut cursor, mut modal_cursor) = (0, 0);
        for k in 0..norms.len() {
            let found = norm::matches_of(&found, k, &mut cursor);
            if found.is_empty() {
                continue;
            }
            let modal_here = one
                .as_ref()
                .map(|_| norm::matches_of(&modal, k, &mut modal_cursor));
            let (span, norm) = norms.get(k);
            let (span, norm) = (&span, &norm);
            let para = if ordered {
                let i = paras.partition_point(|p| p.start <= span.start);
                i.checked_sub(1)
                    .map(|i| paras[i])
                    .filter(|p| p.start <= span.start && span.end <= p.end)
            } else {
                paras
                    .iter()
                    .copied()
                    .find(|p| p.start <= span.start && span.end <= p.end)
            }
            .unwrap_or(*span);
            if regions.as_ref().is_none_or(|(p, _)| *p != para) {
                regions = Some((para, para_quote_regions(&doc.text, para)));
            }
            let para_regions = regions.as_ref().map(|(_, r)| r.as_slice()).unwrap_or(&[]);
            let quotes = clip_regions(norm, para_regions, *span);
            let hits = matcher.hits(norm, found, modal_here, &quotes);
            for hit in &hits {
                let trig = norm.orig_span(hit.range.0, hit.range.1);
                let clause = clause_span(norm, hit, *span);
                let own = dates.own_date(clause, trig);
                let key = norm.text.get(hit.range.0..hit.range.1).unwrap_or("");
                if hit.noun {
                    if let Some(d) = &own {
                        noun_dates.entry(key).or_insert_with(|| d.clone());
                    }
                }
                if hit.negated || hit.governed || hit.modality == Modality::Hypothetical {
                    log::debug!(
                        "events: {} {:?} dropped: negated={} governed={} {:?}",
                        matcher.pattern(hit).rule,
                        &norm.text[hit.range.0..hit.range.1],
                        hit.negated,
                        hit.governed,
                        hit.modality
                    );
                    continue;
                }
                let quote = quotes
                    .iter()
                    .find(|&&(s, e)| s <= hit.range.0 && hit.range.0 < e)
                    .map(|&(s, e)| (norm.orig(s), norm.orig(e)));
                // Right after a closing quotation mark, the verb may be a speech verb with its
                // subject inverted ("», s'insurge M. De Bock").
                let inverted = quotes
                    .iter()
                    .filter(|&&(_, e)| e <= hit.range.0)
                    .find(|&&(_, e)| {
                        norm.text[e..hit.range.0].split_whitespace().all(|w| {
                            w.chars().all(|c| !c.is_alphanumeric())
                                || matches!(w, "s'" | "se" | "a" | "ont" | "»," | "\",")
                        })
                    })
                    .map(|&(s, e)| (norm.orig(s), norm.orig(e)));
                for mut ev in self.code(
                    matcher, &mut ctx, norm, hit, trig, clause, quote, inverted, *span,
                ) {
                    let mut from_article = false;
                    let date = own.clone().or_else(|| {
                        let before = &norm.text[..hit.range.0];
                        let back = dating::days_before(before, &matcher.lex.dating)?;
                        Some((dating::shift(article?, back)?, Precision::Day))
                    });
                    let date = date.or_else(|| {
                        from_article = true;
                        article.map(|a| (a.to_string(), Precision::Day))
                    });
                    if let Some((d, p)) = date {
                        ev.date = Some(d);
                        ev.date_precision = Some(p);
                    }
                    events.push((ev, from_article, hit.noun, key));
                }
            }
        }
        // A nominal event mentioned again takes the date one of its mentions states ("le début
        // de l'invasion, le 24 février" dates "l'invasion de l'Ukraine par la Russie").
        // An act told after a dated one by the same side, with no date of its own, belongs to
        // the same episode ("Au cours de la conversation, M. Sullivan a ...").
        let mut out = Vec::with_capacity(events.len());
        let mut dated: Vec<(usize, String, String, Option<Precision>)> = Vec::new();
        for (mut ev, from_article, noun, key) in events {
            let src3: String = ev.source.as_deref().unwrap_or("").chars().take(3).collect();
            if from_article {
                if let Some((d, p)) = noun_dates.get(key).filter(|_| noun) {
                    ev.date = Some(d.clone());
                    ev.date_precision = Some(*p);
                } else if let Some((_, _, d, p)) = dated.iter().rev().find(|(at, s, _, _)| {
                    *s == src3 && ev.trigger_span.start.saturating_sub(*at) <= 1500
                }) {
                    ev.date = Some(d.clone());
                    ev.date_precision = *p;
                }
            } else if let Some(d) = &ev.date {
                dated.push((ev.trigger_span.start, src3, d.clone(), ev.date_precision));
            }
            // The events of one sentence are consecutive in `out` (and a trigger lies in one
            // sentence): the duplicate and violence checks read that last block only.
            let block = out.len()
                - out
                    .iter()
                    .rev()
                    .take_while(|o: &&Event| o.sentence_span == ev.sentence_span)
                    .count();
            let dup = out[block..].iter().any(|o: &Event| {
                o.cameo == ev.cameo
                    && o.source == ev.source
                    && o.target == ev.target
                    && o.trigger_span == ev.trigger_span
            });
            if dup {
                continue;
            }
            // One act of violence told twice in a sentence ("des tirs de chars ont tué"):
            // keep the military-force code (19x) over the generic one (18x).
            let violent = |c: &str| matches!(c.get(..2), Some("18" | "19" | "20"));
            let three =
                |c: &Option<String>| c.as_deref().map(|x| x.get(..3).unwrap_or(x).to_string());
            if violent(&ev.cameo) {
                if let Some(o) = out[block..].iter_mut().find(|o| {
                    o.sentence_span == ev.sentence_span
                        && violent(&o.cameo)
                        && three(&o.source) == three(&ev.source)
                        && three(&o.target) == three(&ev.target)
                }) {
                    if ev.cameo > o.cameo && !o.cameo.starts_with("20") {
                        *o = ev;
                    }
                    continue;
                }
            }
            out.push(ev);
        }
        out
    }

    /// Codes one hit: arguments, code shifts, the event records (two for symmetric patterns).
    #[allow(clippy::too_many_arguments)]
    fn code(
        &self,
        m: &Matcher,
        ctx: &mut Ctx<'_>,
        norm: &Norm,
        hit: &Hit,
        trig: Span,
        clause: Span,
        quote: Option<(usize, usize)>,
        inverted: Option<(usize, usize)>,
        sentence: Span,
    ) -> Vec<Event> {
        let p = m.pattern(hit);
        let mut cameo = p.cameo.clone();
        let mut modality = hit.modality;
        let mut confidence: f32 = 0.8;
        // The target is the subject's other conjunct (a mutual pattern): code both ways.
        let mut mutual = false;
        let (mut source, mut target);
        if hit.injunction {
            // "Moscou devrait cesser d'attaquer Y", said by X: X demands of Moscou.
            target = subject(m, ctx, norm, hit, trig, clause, quote);
            source = quote.and_then(|q| speaker(ctx, q, trig));
            cameo = "100".to_string();
            modality = Modality::Demanded;
        } else if matches!(p.source, Slot::Speaker) {
            // "X said that Y must ...": a demand by X of Y.
            target = subject(m, ctx, norm, hit, trig, clause, quote);
            source = match quote {
                Some(q) => speaker(ctx, q, trig),
                None => target.as_ref().and_then(|t| {
                    let sentence_start = norm.orig(0);
                    ctx.actors
                        .within(sentence_start, t.span.start)
                        .last()
                        .cloned()
                }),
            };
            modality = Modality::Demanded;
        } else if hit.passive {
            target = subject(m, ctx, norm, hit, trig, clause, quote);
            source = by_agent(m, ctx, norm, hit, clause, 10);
            if source.is_none() && cameo.starts_with("17") {
                // "He was detained": the unnamed detaining power is the home country.
                source = ctx.actors.home.map(|h| ActorMention {
                    span: trig,
                    code: Cow::Borrowed(h),
                    entity: None,
                    person: false,
                });
                confidence *= 0.7;
            }
        } else {
            source = match m.source_slot(hit) {
                Slot::None => None,
                Slot::Of if hit.noun => noun_complement(m, ctx, norm, hit, clause),
                Slot::By => by_agent(m, ctx, norm, hit, clause, 8)
                    .or_else(|| possessive(ctx, norm, hit, clause))
                    .or_else(|| {
                        // "les frappes de l'OTAN contre X": with the target after another
                        // preposition, the noun's complement is its agent.
                        let of_free = matches!(&p.target, Slot::Prep(ps)
                            if !ps.iter().any(|x| m.lex.words.of.contains(x) || x == "object"));
                        if hit.noun && of_free {
                            noun_complement(m, ctx, norm, hit, clause)
                        } else {
                            None
                        }
                    })
                    .or_else(|| near_subject(m, ctx, norm, hit, trig, clause, quote)),
                _ => subject(m, ctx, norm, hit, trig, clause, quote),
            };
            target = object(m, ctx, norm, hit, trig, clause, &p.target, source.as_ref());
            if let Some((qs, qe)) = inverted {
                // « ... », s'insurge M. De Bock: the subject follows the verb; what is
                // criticised is named in the quotation.
                if let Some(a) = ctx
                    .actors
                    .within(trig.end, clause.end.max(trig.end))
                    .first()
                {
                    if norm.tok_at(norm.norm_of(a.span.start)) <= hit.toks.1 + 6 {
                        source = Some(a.clone());
                        let inside = ctx.actors.within(qs, qe);
                        target = inside
                            .iter()
                            .find(|x| x.person)
                            .or(inside.first())
                            .cloned()
                            .or(target);
                    }
                }
            }
            if target.is_none() && p.mutual {
                // "Jordan and Britain have agreed": each is the other's partner.
                target = source.as_ref().and_then(|s| conjunct_before(m, ctx, s));
                mutual = target.is_some();
            }
            if target.is_none() && p.implicit_target {
                target = previous_other(ctx, trig.start, source.as_ref())
                    .filter(|a| a.span.start >= norm.orig(0));
                confidence *= 0.7;
            }
            if target.is_none() {
                if let (Some(sector), Some(home)) = (&p.default_target, &ctx.actors.home) {
                    target = Some(ActorMention {
                        span: trig,
                        code: Cow::Owned(format!("{home}{sector}")),
                        entity: None,
                        person: false,
                    });
                    confidence *= 0.7;
                }
            }
            if let Some((a, b)) = between(m, ctx, norm, hit, clause, &p.target) {
                // "les pourparlers entre Kinshasa et le M23": both sides.
                source = Some(a);
                target = Some(b);
            }
        }
        if let (Some(s), Some(t)) = (&source, &target) {
            if s.span == t.span || (s.entity.is_some() && s.entity == t.entity) {
                target = None;
            }
        }
        log::debug!(
            "events: {} {:?} noun={} passive={} {:?} -> {:?} / {:?}",
            p.rule,
            ctx.doc.slice(trig),
            hit.noun,
            hit.passive,
            modality,
            source.as_ref().map(|a| (ctx.doc.slice(a.span), &a.code)),
            target.as_ref().map(|a| (ctx.doc.slice(a.span), &a.code)),
        );
        // "ont tué un militant et en ont blessé un autre": the coordinated verb with a clitic
        // object acts on the same side.
        if !hit.noun && coordinated_clitic(norm, hit) {
            if let Some(t) = ctx
                .last_target
                .as_ref()
                .filter(|t| t.span.start >= norm.orig(0) && t.span.end <= trig.start)
            {
                target = Some(t.clone());
            }
        }
        if let Some(s) = &source {
            ctx.last_source = Some(s.clone());
        }
        if target.is_some() {
            ctx.last_target = target.clone();
        }
        if ctx.strict && (source.is_none() || target.is_none()) {
            return Vec::new();
        }
        if modality == Modality::Intended && p.shifts {
            if let Some((code, m2)) = intent_code(&cameo) {
                cameo = code.to_string();
                modality = m2;
            }
        }
        if modality == Modality::Reported {
            confidence *= 0.9;
        }
        if let Some(mil) = &p.military {
            // Killing by an army, or by tank fire, shelling, air strikes: military force.
            let before = norm.text.get(..hit.range.0).unwrap_or("");
            let weapons = m.markers.weapons.any_in(before);
            let army = source
                .as_ref()
                .is_some_and(|s| s.code.get(3..6) == Some("MIL"));
            if (weapons || army) && !hit.injunction {
                cameo = mil.clone();
            }
        }
        let mut out = Vec::new();
        // (each pair owns its actors and code: moved into its event, copied only for the
        // reverse event of a symmetric pattern)
        let pairs = if (p.symmetric || mutual) && !hit.injunction {
            let back = match (&p.reverse, modality) {
                (Some(r), Modality::Asserted | Modality::Reported) => r.clone(),
                _ => cameo.clone(),
            };
            vec![
                (source.clone(), target.clone(), cameo),
                (target, source, back),
            ]
        } else {
            vec![(source, target, cameo)]
        };
        for (s, t, cameo) in pairs {
            let info = self.codebook.get(&cameo);
            let (source_id, target_id) = (
                s.as_ref().and_then(|a| a.entity),
                t.as_ref().and_then(|a| a.entity),
            );
            out.push(Event {
                plover: info.and_then(|c| c.plover.clone()),
                label: info.map(|c| c.label.clone()),
                cameo,
                source: s.map(|a| a.code.into_owned()),
                target: t.map(|a| a.code.into_owned()),
                source_id,
                target_id,
                date: None,
                date_precision: None,
                trigger: ctx.doc.slice(trig).to_string(),
                trigger_span: trig,
                sentence_span: sentence,
                negated: p.modality == Modality::Denied,
                modality,
                rule: if hit.injunction {
                    format!("{}+injunction", p.rule)
                } else {
                    p.rule.clone()
                },
                confidence,
            });
        }
        out
    }

    /// Runs each pattern's embedded examples through the whole pipeline: a positive example
    /// must yield an event of that rule, a negative one must not. Capitalised names count as
    /// actors here besides the entity layer's, so examples test the frames, not the entities.
    pub fn check_examples(&self, pipeline: &Pipeline) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        for (m, _, _) in &self.langs {
            let opts = Options {
                lang: Some(m.lang),
                date: None,
            };
            for p in &m.lex.patterns {
                let run = |text: &str| {
                    let doc = pipeline.analyze(Input::from_text(text), &opts);
                    self.find_mode(&doc, false)
                };
                for ex in &p.examples {
                    let evs = run(ex);
                    if !evs.iter().any(|e| e.rule == p.rule) {
                        let got: Vec<_> = evs.iter().map(|e| (&e.rule, &e.cameo)).collect();
                        failures.push(ExampleFailure {
                            file: m.lex.file.clone(),
                            rule: p.rule.clone(),
                            example: ex.clone(),
                            message: format!("expected an event of this rule; got {got:?}"),
                        });
                    }
                }
                for ex in &p.not {
                    let evs = run(ex);
                    if let Some(e) = evs.iter().find(|e| e.rule == p.rule) {
                        failures.push(ExampleFailure {
                            file: m.lex.file.clone(),
                            rule: p.rule.clone(),
                            example: ex.clone(),
                            message: format!("expected no event of this rule; got {:?}", e.trigger),
                        });
                    }
                }
            }
        }
        failures
    }
}

/// The code of an intended act: cooperation (04-08) to its 03x intent, conflict (14-20) to
/// its 13x threat; other roots keep their code.
fn intent_code(cameo: &str) -> Option<(&'static str, Modality)> {
    let code = match cameo.get(..2)? {
        "04" => "036",
        "05" => "032",
        "06" => "031",
        "07" => "033",
        "08" => "035",
        "14" => "133",
        "16" => match cameo {
            "161" => "1313",
            "162" => "1311",
            "163" => "1312",
            "164" => "134",
            _ => "131",
        },
        "17" => match cameo {
            "172" => "132",
            _ => "137",
        },
        "15" | "18" | "19" | "20" => "138",
        _ => return None,
    };
    let modality = if code.starts_with("03") {
        Modality::Intended
    } else {
        Modality::Threatened
    };
    Some((code, modality))
}

/// Quotation regions of a paragraph, in original offsets (see [`clip_regions`]).
fn para_quote_regions(text: &str, para: Span) -> Vec<(usize, usize)> {
    let (mut regions, open) = matcher::paired_quotes(text, para);
    if let Some(s) = open {
        regions.push((s, para.end));
    }
    // A quotation embedded in the narrator's clause ("s'est engagé à « construire ... »") is
    // part of that clause; only one that opens the paragraph, a sentence or follows a colon
    // is a clause of its own.
    regions.retain(|&(s, _)| {
        let before = text.get(para.start..s).unwrap_or("").trim_end();
        before.is_empty() || before.ends_with([':', '.', '!', '?', '»', '"', '”'])
    });
    regions
}

/// Quotation ranges of a sentence, in its normalised offsets (clipped to the sentence), from
/// its paragraph's regions.
fn clip_regions(norm: &Norm, regions: &[(usize, usize)], sentence: Span) -> Vec<(usize, usize)> {
    regions
        .iter()
        .copied()
        .filter(|&(s, e)| e > sentence.start && s < sentence.end)
        .map(|(s, e)| {
            (
                norm.norm_of(s.max(sentence.start)),
                norm.norm_of(e.min(sentence.end)),
            )
        })
        .collect()
}

/// The original span of a hit's clause.
fn clause_span(norm: &Norm, hit: &Hit, sentence: Span) -> Span {
    let s = norm
        .toks
        .get(hit.left)
        .map(|t| norm.orig(t.start))
        .unwrap_or(sentence.start);
    let e = hit
        .right
        .checked_sub(1)
        .and_then(|i| norm.toks.get(i))
        .map(|t| norm.orig_span(t.start, t.end).end)
        .unwrap_or(sentence.end);
    Span::new(s.min(e), e.max(s))
}

fn orig_of_tok(norm: &Norm, i: usize) -> Option<Span> {
    norm.toks.get(i).map(|t| norm.orig_span(t.start, t.end))
}

/// Where the search for a preposition after a trigger starts: its last token when that is a
/// function word closing a form ("met with", "the blockade of", "s'oppose à"), else the token
/// after it (so "un processus de négociation" does not read its own "de").
fn after_trigger(norm: &Norm, hit: &Hit) -> usize {
    let last = hit.toks.1.saturating_sub(1).max(hit.toks.0);
    let w = norm.tok(last);
    let function = matches!(
        w,
        "à" | "au"
            | "aux"
            | "de"
            | "d'"
            | "du"
            | "des"
            | "avec"
            | "contre"
            | "entre"
            | "par"
            | "sur"
            | "with"
            | "of"
            | "to"
            | "on"
            | "by"
            | "for"
            | "into"
            | "in"
            | "about"
            | "upon"
            | "from"
            | "against"
            | "between"
            | "targeting"
            | "visant"
    );
    if function && last > hit.toks.0 {
        last
    } else {
        hit.toks.1
    }
}

/// True for "et en a blessé", "et l'a accusé": a verb coordinated with an earlier one, with an
/// object clitic.
fn coordinated_clitic(norm: &Norm, hit: &Hit) -> bool {
    let mut k = hit.toks.0;
    let mut clitic = false;
    while k > hit.left {
        let w = norm.tok(k - 1);
        if matches!(w, "en" | "l'" | "le" | "la" | "les" | "lui" | "leur") {
            clitic = true;
        } else if !matches!(
            w,
            "a" | "ont" | "ne" | "n'" | "y" | "aussi" | "grièvement" | "légèrement" | "également"
        ) {
            break;
        }
        k -= 1;
    }
    clitic && k > hit.left && matches!(norm.tok(k - 1), "et" | "puis")
}

/// The subject: the nearest actor on the left in the clause, unless a pronoun stands nearer
/// (a first-person pronoun in a quote is the speaker; a third-person one the previous source).
fn subject<'a>(
    m: &Matcher,
    ctx: &Ctx<'a>,
    norm: &Norm,
    hit: &Hit,
    trig: Span,
    clause: Span,
    quote: Option<(usize, usize)>,
) -> Option<ActorMention<'a>> {
    let nearest = ctx.actors.within(clause.start, trig.start).last().cloned();
    let from = nearest
        .as_ref()
        .map(|a| norm.tok_at(norm.norm_of(a.span.end)))
        .unwrap_or(hit.left);
    let w = &m.lex.words;
    // "X a tué Y et en a blessé un autre", "X met Y and thanked him": a verb coordinated
    // with an earlier one of the sentence shares its subject.
    let mut k = hit.toks.0;
    while k > hit.left
        && matches!(
            norm.tok(k - 1),
            "en" | "l'"
                | "le"
                | "la"
                | "les"
                | "lui"
                | "y"
                | "a"
                | "ont"
                | "has"
                | "have"
                | "had"
                | "ne"
                | "n'"
                | "also"
                | "then"
                | "aussi"
                | "grièvement"
                | "légèrement"
        )
    {
        k -= 1;
    }
    if k > hit.left && matches!(norm.tok(k - 1), "et" | "and" | "puis") {
        if let Some(prev) = ctx
            .last_source
            .as_ref()
            .filter(|s| s.span.start >= norm.orig(0) && s.span.end <= trig.start)
        {
            return Some(prev.clone());
        }
    }
    for i in (from..hit.toks.0).rev() {
        let t = norm.tok(i);
        if quote.is_some() && matches!(t, "nous" | "je" | "j'" | "we" | "i") {
            return quote.and_then(|q| speaker(ctx, q, trig));
        }
        if w.pronouns.iter().any(|p| p == t) {
            return ctx.last_source.clone().or(nearest);
        }
    }
    if nearest.is_none() && quote.is_some() {
        // "« Nous allons poursuivre le M23 », a déclaré le porte-parole": no subject in the quote
        // before the verb means the speaker's voice.
        return None;
    }
    nearest
}

/// The subject of a nominalisation, when a verb of the clause takes it as object: only near.
fn near_subject<'a>(
    m: &Matcher,
    ctx: &Ctx<'a>,
    norm: &Norm,
    hit: &Hit,
    trig: Span,
    clause: Span,
    quote: Option<(usize, usize)>,
) -> Option<ActorMention<'a>> {
    let s = subject(m, ctx, norm, hit, trig, clause, quote)?;
    let gap = norm
        .tok_at(norm.norm_of(trig.start))
        .abs_diff(norm.tok_at(norm.norm_of(s.span.end)));
    (gap <= 12).then_some(s)
}

/// The actor after an agent preposition ("par X", "by X") within `reach` tokens.
fn by_agent<'a>(
    m: &Matcher,
    ctx: &Ctx<'a>,
    norm: &Norm,
    hit: &Hit,
    clause: Span,
    reach: usize,
) -> Option<ActorMention<'a>> {
    let end = hit.right.min(hit.toks.1 + reach);
    let by = &m.lex.words.by;
    for i in after_trigger(norm, hit)..end {
        if by.iter().any(|w| w == norm.tok(i)) {
            let at = orig_of_tok(norm, i)?.end;
            return ctx.actors.within(at, clause.end).first().cloned();
        }
    }
    None
}

/// "Russia's invasion": an actor followed by a possessive just before the noun.
fn possessive<'a>(ctx: &Ctx<'a>, norm: &Norm, hit: &Hit, clause: Span) -> Option<ActorMention<'a>> {
    let trig_start = norm.toks.get(hit.toks.0).map(|t| norm.orig(t.start))?;
    let a = ctx.actors.within(clause.start, trig_start).last()?;
    let between = ctx.doc.text.get(a.span.end..trig_start)?;
    let b = crate::text::normalize(between);
    let rest = b.strip_prefix("'s").or_else(|| b.strip_prefix('\''))?;
    (rest.split_whitespace().count() <= 2).then(|| a.clone())
}

/// The target, as the pattern's slot says.
#[allow(clippy::too_many_arguments)]
fn object<'a>(
    m: &Matcher,
    ctx: &Ctx<'a>,
    norm: &Norm,
    hit: &Hit,
    trig: Span,
    clause: Span,
    slot: &Slot,
    source: Option<&ActorMention>,
) -> Option<ActorMention<'a>> {
    let right = ctx.actors.within(trig.end, clause.end);
    // A French object clitic just before the verb or its auxiliary ("qui le nie", "qui lui
    // avait accordé", "l'accusant") is the object: no direct object follows.
    if !hit.noun && matches!(slot, Slot::Object) && clitic_object(&m.lex.words, norm, hit) {
        if let Some(a) = previous_other(ctx, trig.start, source) {
            return Some(a);
        }
    }
    let found = match slot {
        Slot::None | Slot::Speaker => return None,
        Slot::Object | Slot::Subject | Slot::Of => {
            if hit.noun {
                noun_complement(m, ctx, norm, hit, clause)
            } else {
                right.first().cloned()
            }
        }
        Slot::Prep(preps) => {
            let end = hit.right.min(hit.toks.1 + 12);
            log::trace!(
                "events: prep search {:?} from {} to {} in {:?}, clause {:?}",
                preps,
                after_trigger(norm, hit),
                end,
                (0..norm.toks.len())
                    .map(|i| norm.tok(i))
                    .collect::<Vec<_>>(),
                clause
            );
            (after_trigger(norm, hit)..end)
                .find(|&i| preps.iter().any(|p| p == norm.tok(i)))
                .and_then(|i| orig_of_tok(norm, i))
                // (from the preposition on: an agent form may begin with it, "d'opposants", "du
                // ministère")
                .and_then(|s| ctx.actors.within(s.start, clause.end).first().cloned())
                .or_else(|| {
                    // "prep:avec|object": a direct object will do too.
                    let direct = preps.iter().any(|p| p == "object");
                    if direct && hit.noun {
                        noun_complement(m, ctx, norm, hit, clause)
                    } else if direct {
                        right.first().cloned()
                    } else {
                        None
                    }
                })
        }
        Slot::By => by_agent(m, ctx, norm, hit, clause, 10),
    };
    if found.is_some() || hit.noun {
        return found;
    }
    // French object clitic before the verb ("la Russie, qui lui reproche de ..."): the most
    // recent actor before the source that is not the source.
    if !clitic_object(&m.lex.words, norm, hit) {
        return None;
    }
    previous_other(ctx, trig.start, source)
}

/// The actor coordinated before `s` ("Jordan and Britain", "la Russie et la Chine", "Israel
/// and the Palestinians"): the mention just before it, with only a conjunction (and an
/// article) between them; not another mention of the same entity.
fn conjunct_before<'a>(m: &Matcher, ctx: &Ctx<'a>, s: &ActorMention) -> Option<ActorMention<'a>> {
    let a = ctx
        .actors
        .within(s.span.start.saturating_sub(200), s.span.start)
        .last()?;
    if a.entity.is_some() && a.entity == s.entity {
        return None;
    }
    let w = &m.lex.words;
    let between = crate::text::normalize(ctx.doc.text.get(a.span.end..s.span.start)?);
    let mut words = between.split_whitespace();
    let conj = words
        .next()
        .is_some_and(|x| w.conjunctions.iter().any(|c| c == x));
    let rest: Vec<&str> = words.collect();
    let article = match rest.as_slice() {
        [] => true,
        [x] => w.articles.iter().any(|a| a == x),
        _ => false,
    };
    (conj && article).then(|| a.clone())
}

/// A French object clitic stands just before the verb of `hit` or its auxiliary ("qui le
/// nie", "qui lui avait accordé", "l'accusant", "ne l'a"), not an article before a noun ("Mais
/// le Fonds refuse": "le" is three words back, and it is the subject's).
fn clitic_object(w: &Words, norm: &Norm, hit: &Hit) -> bool {
    let is = |list: &[String], x: &str| list.iter().any(|l| l == x);
    let mut j = hit.toks.0;
    for _ in 0..3 {
        let Some(k) = j.checked_sub(1) else { break };
        if is(&w.clitic_hosts, norm.tok(k)) {
            j = k;
        } else {
            break;
        }
    }
    let Some(k) = j.checked_sub(1) else {
        return false;
    };
    let clitic = is(&w.object_clitics, norm.tok(k));
    // "le" before a noun is an article: a clitic stands right after the subject pronoun, a
    // relative or the clause start.
    let prev = k.checked_sub(1).map(|x| norm.tok(x)).unwrap_or("");
    let article = !prev.is_empty()
        && !is(&w.clitic_leads, prev)
        && norm.toks.get(k.saturating_sub(1)).is_some_and(|t| t.word);
    let strong = is(&w.strong_clitics, norm.tok(k));
    clitic && (strong || !article)
}

/// The most recent actor before `at` (within a few sentences) of another country than the
/// source: the antecedent of an object clitic, or the implicit target of a sanction.
fn previous_other<'a>(
    ctx: &Ctx<'a>,
    at: usize,
    source: Option<&ActorMention>,
) -> Option<ActorMention<'a>> {
    ctx.actors
        .within(at.saturating_sub(600), at)
        .iter()
        .rev()
        .find(|a| source.is_none_or(|s| s.code.get(..3) != a.code.get(..3) && s.span != a.span))
        .cloned()
}

/// "l'invasion de l'Ukraine", "the invasion of Ukraine": the complement of a noun.
fn noun_complement<'a>(
    m: &Matcher,
    ctx: &Ctx<'a>,
    norm: &Norm,
    hit: &Hit,
    clause: Span,
) -> Option<ActorMention<'a>> {
    let of = &m.lex.words.of;
    let end = hit.right.min(hit.toks.1 + 4);
    (after_trigger(norm, hit)..end)
        .find(|&i| of.iter().any(|w| w == norm.tok(i)))
        .and_then(|i| orig_of_tok(norm, i))
        // (from the preposition on: an agent form may begin with it, "d'opposants", "du
        // ministère")
        .and_then(|s| ctx.actors.within(s.start, clause.end).first().cloned())
        .filter(|a| norm.tok_at(norm.norm_of(a.span.start)) <= hit.toks.1 + 6)
}

/// "entre X et Y", "between X and Y" after a nominal or verbal trigger: both sides.
fn between<'a>(
    m: &Matcher,
    ctx: &Ctx<'a>,
    norm: &Norm,
    hit: &Hit,
    clause: Span,
    slot: &Slot,
) -> Option<(ActorMention<'a>, ActorMention<'a>)> {
    let Slot::Prep(preps) = slot else { return None };
    let _ = m;
    let end = hit.right.min(hit.toks.1 + 12);
    let i = (after_trigger(norm, hit)..end).find(|&i| {
        let t = norm.tok(i);
        (t == "entre" || t == "between") && preps.iter().any(|p| p == t)
    })?;
    let at = orig_of_tok(norm, i)?.end;
    let mut it = ctx.actors.within(at, clause.end).iter();
    let a = it.next()?.clone();
    let b = it.next()?.clone();
    Some((a, b))
}

/// The speaker of a quote: from the quote layer when it covers the trigger, else the nearest
/// actor just after the closing mark or just before the opening one in the paragraph.
fn speaker<'a>(ctx: &Ctx<'a>, quote: (usize, usize), trig: Span) -> Option<ActorMention<'a>> {
    let doc = ctx.doc;
    if let Some(q) = ctx
        .quotes
        .first_holding(trig.start, trig.end)
        .and_then(|i| doc.quotes.get(i))
    {
        if let Some(e) = q.speaker_id.and_then(|id| doc.entity(id)) {
            if let Some(code) = &e.actor {
                return Some(ActorMention {
                    span: q.speaker_span.unwrap_or(trig),
                    code: Cow::Borrowed(code),
                    entity: Some(e.id),
                    person: e.kind == EntityType::Person,
                });
            }
        }
    }
    let (qs, qe) = quote;
    let para = ctx
        .paragraphs
        .first_holding(qs, qe)
        .and_then(|i| doc.paragraphs.get(i))
        .copied()
        .unwrap_or(Span::new(0, doc.text.len()));
    let after = ctx.actors.within(qe, para.end.min(qe + 160));
    if let Some(a) = after.iter().find(|a| a.person) {
        return Some(a.clone());
    }
    if let Some(a) = after.first().filter(|a| a.span.start < qe + 50) {
        return Some(a.clone());
    }
    ctx.actors
        .within(para.start.max(qs.saturating_sub(160)), qs)
        .last()
        .cloned()
}

#[cfg(test)]
mod tests;
