//! The scorer on small hand-made cases.

use vigie_doc::{
    Dateline, Document, Entity, EntityId, EntityType, Event, Input, Meta, Modality, Quote,
    QuoteKind, Span,
};

use super::*;

const GOLD: &str = r#"{
  "id": "t", "lang": "fr",
  "meta": {"headline": "La Russie nie", "dateline": {"place": "Paris", "date": "2022-03-17", "agency": "AFP"},
           "published": "2022-03-17"},
  "boilerplate": ["0", "Lire aussi: autre chose"],
  "entities": [
    {"type": "person", "name": "Maria Zakharova", "mentions": ["Mme Zakharova", "elle"], "actor": "RUSGOV"},
    {"type": "organization", "name": "TASS", "actor": "RUSMED"},
    {"type": "place", "name": "États-Unis", "mentions": ["Washington"], "actor": "USA"}
  ],
  "quotes": [
    {"kind": "direct", "speaker": "Maria Zakharova", "via": "TASS", "cue": "déclarer",
     "text": "il n’y a pas de processus de négociation actif"},
    {"kind": "partial", "speaker": "Maria Zakharova", "cue": "affirmer", "text": "contacts ponctuels"},
    {"kind": "indirect", "speaker": "États-Unis", "cue": "dire",
     "text": "que Washington continuera à imposer des coûts à la Russie"}
  ],
  "events": [
    {"source": "RUSGOV", "target": "USA", "cameo": "010", "date": "2022-03-17"},
    {"source": "USAGOV", "target": "RUS", "cameo": "1121", "date": "2022-03-16"}
  ]
}"#;

const ARTICLE: &str =
    "La Russie nie\n\n0\n\nParis, 17 mars (AFP) –\n\nCorps du texte.\n\nLire aussi: autre chose\n";

fn gold() -> Gold {
    serde_json::from_str(GOLD).unwrap()
}

fn quote(kind: QuoteKind, text: &str, speaker: Option<&str>, via: Option<&str>) -> Quote {
    Quote {
        kind,
        text: text.into(),
        span: Span::new(0, 0),
        speaker: speaker.map(Into::into),
        speaker_id: None,
        speaker_span: None,
        cue: None,
        cue_span: None,
        via: via.map(Into::into),
        via_span: None,
        rule: "test".into(),
        confidence: 1.0,
    }
}

fn entity(kind: EntityType, name: &str) -> Entity {
    Entity {
        id: EntityId(0),
        kind,
        name: name.into(),
        gender: None,
        role: None,
        actor: None,
        mentions: vec![],
        rule: String::new(),
    }
}

fn event(source: &str, target: &str, cameo: &str, date: &str) -> Event {
    Event {
        cameo: cameo.into(),
        plover: None,
        label: None,
        source: Some(source.into()),
        target: Some(target.into()),
        source_id: None,
        target_id: None,
        date: Some(date.into()),
        date_precision: None,
        trigger: String::new(),
        trigger_span: Span::new(0, 0),
        sentence_span: Span::new(0, 0),
        negated: false,
        modality: Modality::Asserted,
        rule: String::new(),
        confidence: 1.0,
    }
}

/// A prediction that says exactly what the gold says.
fn perfect() -> Document {
    let mut d = Document::new(Input::from_text(ARTICLE));
    d.body = "La Russie nie\n\nParis, 17 mars (AFP) –\n\nCorps du texte.".into();
    d.meta = Meta {
        headline: Some("La Russie nie".into()),
        dateline: Some(Dateline {
            place: Some("Paris".into()),
            date: Some("2022-03-17".into()),
            agency: Some("AFP".into()),
            span: None,
        }),
        published: Some("2022-03-17".into()),
        ..Meta::default()
    };
    d.entities = vec![
        entity(EntityType::Person, "Maria Zakharova"),
        entity(EntityType::Organization, "TASS"),
        entity(EntityType::Place, "États-Unis"),
    ];
    d.quotes = vec![
        quote(
            QuoteKind::Direct,
            "il n'y a pas de processus de négociation actif",
            Some("Maria Zakharova"),
            Some("TASS"),
        ),
        quote(
            QuoteKind::Partial,
            "« contacts ponctuels »",
            Some("Maria Zakharova"),
            None,
        ),
        quote(
            QuoteKind::Indirect,
            "que Washington continuera à imposer des coûts à la Russie",
            Some("États-Unis"),
            None,
        ),
    ];
    d.events = vec![
        event("RUSGOV", "USA", "013", "2022-03-17"),
        event("USAGOV", "RUS", "112", "2022-03-16"),
    ];
    d
}

fn get(c: &Counts, name: &str) -> Option<f64> {
    c.scores()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

#[test]
fn perfect_prediction_scores_one() {
    let c = score(&gold(), &perfect());
    for (name, v) in c.scores() {
        assert_eq!(v, 1.0, "{name}");
    }
    // every metric of FORMAT.md is reported
    for name in [
        "quotes.direct.f1",
        "quotes.indirect.f1",
        "quotes.direct@0.8.f1",
        "quotes.speaker.acc",
        "quotes.via.acc",
        "entities.f1",
        "events.f1",
        "events.date.acc",
        "meta.headline.acc",
        "meta.dateline_place.acc",
        "meta.date.acc",
        "meta.agency.acc",
        "body.f1",
    ] {
        assert!(get(&c, name).is_some(), "{name} missing");
    }
}

#[test]
fn empty_prediction_scores_zero() {
    let d = Document::new(Input::from_text(ARTICLE));
    let c = score(&gold(), &d);
    for (name, v) in c.scores() {
        assert_eq!(v, 0.0, "{name}");
    }
    assert_eq!(c.speaker.total, 0);
}

#[test]
fn overlap_thresholds() {
    // 10 gold tokens: "il n y a pas de processus de négociation actif"
    let g = tokens("il n’y a pas de processus de négociation actif");
    assert_eq!(g.len(), 10);
    let five = tokens("il n y a pas");
    assert_eq!(overlap_ratio(&five, &g), 0.5);
    let eight = tokens("il n y a pas de processus de");
    assert_eq!(overlap_ratio(&eight, &g), 0.8);
    let four = tokens("il n y a");

    let mut gold = gold();
    gold.quotes.truncate(1);
    for (pred, at05, at08) in [(&five, 1, 0), (&eight, 1, 1), (&four, 0, 0)] {
        let mut d = perfect();
        d.quotes = vec![quote(QuoteKind::Direct, &pred.join(" "), None, None)];
        let c = score(&gold, &d);
        assert_eq!(c.quotes_direct.matched, at05, "{pred:?} at 0.5");
        assert_eq!(c.quotes_direct_08.matched, at08, "{pred:?} at 0.8");
    }
    // a longer prediction is penalised by max(|P|,|G|)
    let long = format!(
        "{} {}",
        g.join(" "),
        "un deux trois quatre cinq six sept huit neuf dix onze"
    );
    assert!(overlap_ratio(&tokens(&long), &g) < 0.5);
}

#[test]
fn each_gold_quote_matches_once() {
    let mut d = perfect();
    d.quotes.push(quote(
        QuoteKind::Direct,
        "il n'y a pas de processus de négociation actif",
        None,
        None,
    ));
    let c = score(&gold(), &d);
    assert_eq!(
        c.quotes_direct,
        Prf {
            matched: 2,
            predicted: 3,
            gold: 2
        }
    );
}

#[test]
fn kinds_are_scored_apart() {
    let mut d = perfect();
    d.quotes[2].kind = QuoteKind::Direct;
    let c = score(&gold(), &d);
    assert_eq!(c.quotes_indirect.matched, 0);
    assert_eq!(c.quotes_direct.predicted, 3);
}

#[test]
fn speaker_by_alias_and_surname() {
    for (speaker, ok) in [
        ("Mme Zakharova", true), // a gold mention
        ("elle", true),          // a gold mention, even a pronoun
        ("Zakharova", true),     // same surname
        ("M. Zakharova", true),  // same surname
        ("Maria", false),        // first name only
        ("TASS", false),
    ] {
        let mut d = perfect();
        d.quotes[0].speaker = Some(speaker.into());
        let c = score(&gold(), &d);
        assert_eq!(c.speaker.correct == c.speaker.total, ok, "{speaker}");
    }
    // surname matching is for persons only: a place matches by its mentions
    let mut d = perfect();
    d.quotes[2].speaker = Some("Washington".into());
    assert_eq!(score(&gold(), &d).speaker.correct, 3);
    d.quotes[2].speaker = Some("Unis".into());
    assert_eq!(score(&gold(), &d).speaker.correct, 2);
}

#[test]
fn via_is_scored_on_gold_quotes_with_a_relay() {
    let mut d = perfect();
    d.quotes[0].via = None;
    let c = score(&gold(), &d);
    assert_eq!(
        c.via,
        Acc {
            correct: 0,
            total: 1
        }
    );
}

#[test]
fn entities_match_by_mention_and_type() {
    let mut d = perfect();
    d.entities = vec![
        entity(EntityType::Person, "Zakharova"),
        entity(EntityType::Place, "Washington"),
        entity(EntityType::Place, "TASS"), // wrong type
        entity(EntityType::Place, "Ukraine"),
    ];
    let c = score(&gold(), &d);
    assert_eq!(
        c.entities,
        Prf {
            matched: 2,
            predicted: 4,
            gold: 3
        }
    );
}

#[test]
fn events_by_country_and_root_with_dates() {
    let mut d = perfect();
    d.events = vec![
        event("RUS", "USAGOV", "014", "2022-03-17"), // same key as gold 1 (first 3 letters, root 01)
        event("USA", "RUSMIL", "110", "2022-03-17"), // key of gold 2, wrong date
        event("UKR", "RUS", "190", "2022-02-24"),    // not in gold
        event("RUSGOV", "USA", "010", "2022-03-17"), // duplicate key: counted once
    ];
    let c = score(&gold(), &d);
    assert_eq!(
        c.events,
        Prf {
            matched: 2,
            predicted: 3,
            gold: 2
        }
    );
    assert_eq!(
        c.event_dates,
        Acc {
            correct: 1,
            total: 2
        }
    );
}

#[test]
fn body_tokens_exclude_gold_boilerplate() {
    assert_eq!(
        gold_body(ARTICLE, &gold().boilerplate),
        "La Russie nie\n\n\n\nParis, 17 mars (AFP) –\n\nCorps du texte.\n\n\n"
    );
    let mut d = perfect();
    d.body = ARTICLE.into(); // nothing removed
    let c = score(&gold(), &d);
    assert_eq!(c.body.recall(), 1.0);
    assert!(c.body.precision() < 1.0);
}

#[test]
fn boilerplate_matches_across_whitespace_variants() {
    let article = "Titre\n\nLire aussi:\u{a0}  Autre\n\nCorps 2022.\n\n0\n";
    let body = gold_body(article, &["Lire aussi: Autre".into(), "0".into()]);
    assert_eq!(body, "Titre\n\n\n\nCorps 2022.\n\n\n");
}

#[test]
fn meta_is_exact_after_normalisation() {
    let mut d = perfect();
    d.meta.headline = Some("  la  RUSSIE nie ".into());
    d.meta.dateline.as_mut().unwrap().agency = Some("Reuters".into());
    let c = score(&gold(), &d);
    assert_eq!(c.headline.correct, 1);
    assert_eq!(c.agency.correct, 0);
}

#[test]
fn counts_add_up_micro() {
    let mut total = Counts::default();
    total.add(&score(&gold(), &perfect()));
    total.add(&score(&gold(), &Document::new(Input::from_text(ARTICLE))));
    assert_eq!(total.documents, 2);
    assert_eq!(
        total.entities,
        Prf {
            matched: 3,
            predicted: 3,
            gold: 6
        }
    );
    assert_eq!(get(&total, "entities.p"), Some(1.0));
    assert_eq!(get(&total, "entities.r"), Some(0.5));
}
