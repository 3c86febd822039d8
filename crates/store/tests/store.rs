//! The store on a real SQLite file: write, re-write (idempotent), every filter, full text,
//! article detail, reopen read-only.

use std::path::PathBuf;

use vigie_doc::{
    Dateline, Document, Entity, EntityId, EntityType, Event, Input, Lang, Mention, Modality, Quote,
    QuoteKind, Span,
};
use vigie_store::{Encoded, Filter, Store};

/// A database path in a scratch folder that is removed when the returned guard drops.
fn temp_db(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix(&format!("vigie-store-test-{name}-"))
        .tempdir()
        .unwrap();
    let db = dir.path().join("vigie.db");
    (dir, db)
}

fn span_of(text: &str, needle: &str) -> Span {
    let start = text.find(needle).expect(needle);
    Span::new(start, start + needle.len())
}

fn entity(text: &str, id: u32, kind: EntityType, name: &str, actor: &str, at: &str) -> Entity {
    Entity {
        id: EntityId(id),
        kind,
        name: name.into(),
        gender: None,
        role: None,
        actor: Some(actor.into()),
        mentions: vec![Mention {
            text: at.into(),
            span: span_of(text, at),
            kind: Some("name".into()),
            rule: "test:name".into(),
        }],
        rule: "test:entity".into(),
    }
}

/// A French dispatch: Zakharova quoted via TASS, Russia consulting the United States.
fn zakharova() -> Document {
    let text =
        "Moscou, 17 mars (AFP) – « Nous n'avons rien à cacher », a déclaré Maria Zakharova, \
                citée par TASS. La Russie a consulté les États-Unis mardi.";
    let mut input = Input::from_text(text);
    input.source.sha256 = "1".repeat(64);
    input.source.path = Some("fr-zakharova.txt".into());
    let mut doc = Document::new(input);
    doc.lang = Lang::Fr;
    doc.meta.headline = Some("Moscou répond".into());
    doc.meta.dateline = Some(Dateline {
        place: Some("Moscou".into()),
        date: Some("2022-03-17".into()),
        agency: Some("AFP".into()),
        span: None,
    });
    doc.body = text.into();
    let s1 = span_of(
        text,
        "« Nous n'avons rien à cacher », a déclaré Maria Zakharova, citée par TASS.",
    );
    let s2 = span_of(text, "La Russie a consulté les États-Unis mardi.");
    doc.sentences = vec![s1, s2];
    doc.entities = vec![
        entity(
            text,
            0,
            EntityType::Person,
            "Maria Zakharova",
            "RUSGOV",
            "Maria Zakharova",
        ),
        entity(text, 1, EntityType::Place, "Russie", "RUS", "La Russie"),
        entity(
            text,
            2,
            EntityType::Place,
            "États-Unis",
            "USA",
            "États-Unis",
        ),
    ];
    doc.quotes = vec![Quote {
        kind: QuoteKind::Direct,
        text: "Nous n'avons rien à cacher".into(),
        span: span_of(text, "Nous n'avons rien à cacher"),
        speaker: Some("Maria Zakharova".into()),
        speaker_id: Some(EntityId(0)),
        speaker_span: Some(span_of(text, "Maria Zakharova")),
        cue: Some("déclarer".into()),
        cue_span: Some(span_of(text, "a déclaré")),
        via: Some("TASS".into()),
        via_span: Some(span_of(text, "TASS")),
        rule: "fr/cues:déclarer".into(),
        confidence: 0.9,
    }];
    doc.events = vec![Event {
        cameo: "040".into(),
        plover: Some("CONSULT".into()),
        label: Some("Consult".into()),
        source: Some("RUS".into()),
        target: Some("USA".into()),
        source_id: Some(EntityId(1)),
        target_id: Some(EntityId(2)),
        date: Some("2022-03-15".into()),
        date_precision: Some(vigie_doc::Precision::Day),
        trigger: "a consulté".into(),
        trigger_span: span_of(text, "a consulté"),
        sentence_span: s2,
        negated: false,
        modality: Modality::Asserted,
        rule: "fr/events:consulter".into(),
        confidence: 0.8,
    }];
    doc
}

/// An English article whose text holds markup, which must come back as text.
fn english() -> Document {
    let text = "WASHINGTON – Jake Sullivan said <script>alert(1)</script> nothing.";
    let mut input = Input::from_text(text);
    input.source.sha256 = "2".repeat(64);
    input.source.url = Some("https://example.invalid/a".into());
    let mut doc = Document::new(input);
    doc.lang = Lang::En;
    doc.meta.published = Some("2023-01-02".into());
    doc.body = text.into();
    doc.entities = vec![entity(
        text,
        0,
        EntityType::Person,
        "Jake Sullivan",
        "USAGOV",
        "Jake Sullivan",
    )];
    doc.quotes = vec![Quote {
        kind: QuoteKind::Indirect,
        text: "<script>alert(1)</script> nothing".into(),
        span: span_of(text, "<script>alert(1)</script> nothing"),
        speaker: Some("Jake Sullivan".into()),
        speaker_id: Some(EntityId(0)),
        speaker_span: None,
        cue: Some("say".into()),
        cue_span: None,
        via: None,
        via_span: None,
        rule: "en/cues:say".into(),
        confidence: 0.5,
    }];
    doc
}

#[test]
fn stores_queries_and_stays_idempotent() {
    let (_scratch, path) = temp_db("main");
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.put_batch(&[zakharova(), english()]).unwrap(), 2);
    // The same inputs again add nothing.
    assert_eq!(store.put_batch(&[english(), zakharova()]).unwrap(), 0);
    let c = store.counts().unwrap();
    assert_eq!(
        (c.articles, c.entities, c.mentions, c.quotes, c.events),
        (2, 4, 4, 2, 1)
    );
    let known = store
        .known(["1".repeat(64).as_str(), "3".repeat(64).as_str()])
        .unwrap();
    assert_eq!(known.len(), 1);

    let f = |edit: fn(&mut Filter)| {
        let mut f = Filter::default();
        edit(&mut f);
        f
    };
    let q = store
        .quotes(&f(|f| f.speaker = Some("zakharova".into())))
        .unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].via.as_deref(), Some("TASS"));
    assert_eq!(q[0].speaker_actor.as_deref(), Some("RUSGOV"));
    assert_eq!(q[0].article.date.as_deref(), Some("2022-03-17"));
    assert_eq!(q[0].article.headline.as_deref(), Some("Moscou répond"));
    // The quote inside its context.
    let rel = q[0].span.start - q[0].context_start..q[0].span.end - q[0].context_start;
    assert_eq!(&q[0].context[rel], "Nous n'avons rien à cacher");

    assert_eq!(
        store
            .quotes(&f(|f| f.via = Some("tass".into())))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .quotes(&f(|f| f.actor = Some("USA".into())))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .quotes(&f(|f| f.lang = Some("EN".into())))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .quotes(&f(|f| f.since = Some("2023-01-01".into())))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .quotes(&f(|f| f.until = Some("2022-03-17".into())))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(store.quotes(&f(|f| f.limit = Some(1))).unwrap().len(), 1);
    // Full text, accents folded; LIKE wildcards in a filter are literal.
    assert_eq!(
        store
            .quotes(&f(|f| f.text = Some("cacher".into())))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .quotes(&f(|f| f.text = Some("TASS".into())))
            .unwrap()
            .len(),
        1
    );
    assert!(store
        .quotes(&f(|f| f.speaker = Some("%".into())))
        .unwrap()
        .is_empty());
    // Markup is stored as text.
    let en = store
        .quotes(&f(|f| f.speaker = Some("Sullivan".into())))
        .unwrap();
    assert_eq!(en[0].text, "<script>alert(1)</script> nothing");

    let ev = store.events(&f(|f| f.cameo = Some("04".into()))).unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].root, "04");
    assert_eq!(ev[0].date.as_deref(), Some("2022-03-15"));
    assert_eq!(ev[0].source_name.as_deref(), Some("Russie"));
    assert_eq!(ev[0].target_name.as_deref(), Some("États-Unis"));
    let rel = ev[0].trigger_span.start - ev[0].sentence_start
        ..ev[0].trigger_span.end - ev[0].sentence_start;
    assert_eq!(&ev[0].sentence[rel], "a consulté");
    assert_eq!(
        store
            .events(&f(|f| f.source = Some("RUS".into())))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .events(&f(|f| f.target = Some("unis".into())))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .events(&f(|f| f.target = Some("RUS".into())))
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        store
            .events(&f(|f| f.cameo = Some("19".into())))
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        store
            .events(&f(|f| f.text = Some("consulte".into())))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .events(&f(|f| f.actor = Some("USA".into())))
            .unwrap()
            .len(),
        1
    );

    let ents = store
        .entities(&f(|f| f.actor = Some("RUS".into())))
        .unwrap();
    assert_eq!(ents.len(), 2);
    assert_eq!(
        store
            .entities(&f(|f| f.speaker = Some("sullivan".into())))
            .unwrap()[0]
            .articles,
        1
    );

    let arts = store
        .articles(&f(|f| f.text = Some("Zakharova".into())))
        .unwrap();
    assert_eq!(arts.len(), 1);
    assert_eq!(
        (arts[0].quotes, arts[0].events, arts[0].entities),
        (1, 1, 3)
    );
    let detail = store.article(arts[0].article.id).unwrap().unwrap();
    assert_eq!(detail.document, zakharova());
    assert!(store.article(999).unwrap().is_none());

    // Filters that mean nothing for a kind, and bad full-text syntax, are errors with a message.
    let err = store
        .quotes(&f(|f| f.cameo = Some("04".into())))
        .unwrap_err();
    assert_eq!(err.to_string(), "filter `cameo` does not apply to quotes");
    let err = store
        .quotes(&f(|f| f.text = Some("\"unclosed".into())))
        .unwrap_err();
    assert!(err.to_string().starts_with("full-text query"), "{err}");

    // Export walks every document.
    let mut ids = Vec::new();
    store
        .for_each_document(|d| {
            ids.push(d.id);
            Ok::<(), vigie_store::Error>(())
        })
        .unwrap();
    assert_eq!(ids, ["fr-zakharova", "https://example.invalid/a"]);
    drop(store);

    // Read-only reopen sees the same; a missing file is refused.
    let ro = Store::open_read_only(&path).unwrap();
    assert_eq!(ro.counts().unwrap(), c);
    assert!(Store::open_read_only(path.with_extension("missing")).is_err());
}

/// [`zakharova`] with tokens and their norms, as the segmenter gives them.
fn tokenized() -> Document {
    let mut doc = zakharova();
    let s = span_of(&doc.text, "Russie");
    doc.norms = "russie".into();
    doc.tokens = vec![vigie_doc::Token {
        span: s,
        norm: 0..6,
        kind: vigie_doc::TokenKind::Word,
    }];
    doc
}

#[test]
fn documents_encoded_beforehand_are_stored_as_put_batch_stores_them() {
    let (_scratch, path) = temp_db("encoded");
    let mut store = Store::open(&path).unwrap();
    let encoded = [tokenized(), english()].map(|d| Encoded::new(d).unwrap());
    // (an encoded document drops its tokens and norms, which are not stored)
    assert!(encoded[0].doc.tokens.is_empty() && encoded[0].doc.norms.is_empty());
    assert_eq!(store.put_encoded(&encoded).unwrap(), 2);
    // Known either way.
    assert_eq!(store.put_batch(&[english(), zakharova()]).unwrap(), 0);
    assert_eq!(store.put_encoded(&encoded[..1]).unwrap(), 0);
    let c = store.counts().unwrap();
    assert_eq!(
        (c.articles, c.entities, c.mentions, c.quotes, c.events),
        (2, 4, 4, 2, 1)
    );
    let mut back = Vec::new();
    store
        .for_each_document(|doc| -> Result<(), vigie_store::Error> {
            back.push(doc);
            Ok(())
        })
        .unwrap();
    back.sort_by(|a, b| a.source.sha256.cmp(&b.source.sha256));
    let mut want = vec![zakharova(), english()];
    want.sort_by(|a, b| a.source.sha256.cmp(&b.source.sha256));
    assert_eq!(back, want);

    // Every row as `put_batch` writes it (quote contexts read the sentences, for one).
    let (_scratch2, path2) = temp_db("batch");
    let mut plain = Store::open(&path2).unwrap();
    assert_eq!(plain.put_batch(&[tokenized(), english()]).unwrap(), 2);
    let all = Filter::default();
    assert_eq!(store.quotes(&all).unwrap(), plain.quotes(&all).unwrap());
    assert_eq!(store.events(&all).unwrap(), plain.events(&all).unwrap());
    assert_eq!(store.entities(&all).unwrap(), plain.entities(&all).unwrap());
    assert_eq!(store.articles(&all).unwrap(), plain.articles(&all).unwrap());
    assert!(store
        .quotes(&all)
        .unwrap()
        .iter()
        .all(|q| !q.context.is_empty()));
}

#[test]
fn words_query_quotes_each_word() {
    assert_eq!(
        vigie_store::words_query("Zakharova OR \"x").as_deref(),
        Some("\"Zakharova\" \"OR\" \"x\"")
    );
    assert_eq!(vigie_store::words_query("  ()* "), None);
}

/// An article with more rows of each kind than one multi-row insert takes (16), each quote
/// with a word of its own (`{word}{i}`).
fn crowded(sha: char, word: &str) -> Document {
    let mut doc = zakharova();
    doc.source.sha256 = sha.to_string().repeat(64);
    doc.id = format!("crowded-{word}");
    let (q, e, v) = (
        doc.quotes[0].clone(),
        doc.entities[0].clone(),
        doc.events[0].clone(),
    );
    doc.quotes = (0..40)
        .map(|i| Quote {
            text: format!("{word}{i} dit"),
            ..q.clone()
        })
        .collect();
    doc.entities = (0..20)
        .map(|i| Entity {
            id: EntityId(i),
            name: format!("{word} {i}"),
            mentions: vec![e.mentions[0].clone(); 3],
            ..e.clone()
        })
        .collect();
    doc.events = (0..35)
        .map(|i| Event {
            cameo: if i == 34 { "1" } else { "040" }.into(),
            ..v.clone()
        })
        .collect();
    doc
}

#[test]
fn many_rows_per_article_across_batches() {
    let (_scratch, path) = temp_db("crowded");
    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        store
            .put_batch(&[crowded('a', "alpha"), zakharova()])
            .unwrap(),
        2
    );
    // A known article in the second batch takes no quote ids.
    assert_eq!(
        store
            .put_batch(&[zakharova(), crowded('b', "beta")])
            .unwrap(),
        1
    );
    let c = store.counts().unwrap();
    assert_eq!(
        (c.articles, c.entities, c.mentions, c.quotes, c.events),
        (3, 43, 123, 81, 71)
    );
    let text = |t: &str| {
        let f = Filter {
            text: Some(t.into()),
            ..Filter::default()
        };
        store.quotes(&f).unwrap()
    };
    // Every quote of both batches is in the full-text index, under its own row.
    for (word, n) in [("alpha", 40), ("beta", 40)] {
        for i in 0..n {
            let q = text(&format!("{word}{i}"));
            assert_eq!(q.len(), 1, "{word}{i}");
            assert_eq!(q[0].index, i);
            assert_eq!(q[0].text, format!("{word}{i} dit"));
        }
    }
    assert_eq!(text("dit").len(), 80);
    assert_eq!(text("cacher").len(), 1);
    // A cameo code shorter than its root keeps all of it.
    let f = Filter {
        cameo: Some("1".into()),
        ..Filter::default()
    };
    let ev = store.events(&f).unwrap();
    assert_eq!(ev.len(), 2);
    assert!(ev.iter().all(|e| e.root == "1"));
    let f = Filter {
        speaker: Some("beta 7".into()),
        ..Filter::default()
    };
    assert_eq!(store.entities(&f).unwrap()[0].mentions, 3);
}

/// The layer rows go in with `INSERT OR FAIL` (no statement journal): a row that fails halfway
/// through a multi-row insert still leaves nothing of its batch behind, and the store takes the
/// batch again once the row can go in.
#[test]
fn a_failing_row_rolls_its_whole_batch_back() {
    let (_scratch, path) = temp_db("failing");
    let mut store = Store::open(&path).unwrap();
    store.put_batch(&[zakharova()]).unwrap();
    let rows = |store: &Store| {
        let c = store.counts().unwrap();
        (c.articles, c.entities, c.mentions, c.quotes, c.events)
    };
    let before = rows(&store);
    // Event 20 of the crowded article fails: the fifth row of its second chunk of 16.
    let other = rusqlite::Connection::open(&path).unwrap();
    other
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.idx = 20
             BEGIN SELECT RAISE(FAIL, 'refused by the test'); END;",
        )
        .unwrap();
    let batch = [english(), crowded('a', "alpha")];
    let err = store.put_batch(&batch).unwrap_err();
    assert!(err.to_string().contains("refused by the test"), "{err}");
    let quoted = |store: &Store, t: &str| {
        let f = Filter {
            text: Some(t.into()),
            ..Filter::default()
        };
        store.quotes(&f).unwrap().len()
    };
    assert_eq!(rows(&store), before, "nothing of the failed batch is kept");
    assert_eq!(quoted(&store, "alpha0"), 0);
    other.execute_batch("DROP TRIGGER refuse;").unwrap();
    assert_eq!(store.put_batch(&batch).unwrap(), 2);
    let after = rows(&store);
    let events = batch.iter().map(|d| d.events.len() as i64).sum::<i64>();
    assert_eq!((after.0, after.4), (3, before.4 + events));
    assert_eq!(quoted(&store, "alpha39"), 1);
}
