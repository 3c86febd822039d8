//! The API over a real SQLite file, through real HTTP requests to a server on 127.0.0.1 on an
//! ephemeral port: every kind, filters, errors, bounds, article detail, OpenAPI, page headers.

mod support;

use std::path::PathBuf;

use support::http::{get, request};
use vigie_doc::{
    Dateline, Document, Entity, EntityId, EntityType, Event, Input, Lang, Mention, Modality, Quote,
    QuoteKind, Span,
};
use vigie_store::{Filter, Store};

fn span_of(text: &str, needle: &str) -> Span {
    let start = text.find(needle).expect(needle);
    Span::new(start, start + needle.len())
}

fn person(text: &str, id: u32, name: &str, actor: &str) -> Entity {
    Entity {
        id: EntityId(id),
        kind: EntityType::Person,
        name: name.into(),
        gender: None,
        role: None,
        actor: Some(actor.into()),
        mentions: vec![Mention {
            text: name.into(),
            span: span_of(text, name),
            kind: Some("name".into()),
            rule: "test:name".into(),
        }],
        rule: "test:entity".into(),
    }
}

fn quote(text: &str, words: &str, speaker: &str, id: u32, via: Option<&str>) -> Quote {
    Quote {
        kind: QuoteKind::Direct,
        text: words.into(),
        span: span_of(text, words),
        speaker: Some(speaker.into()),
        speaker_id: Some(EntityId(id)),
        speaker_span: Some(span_of(text, speaker)),
        cue: Some("déclarer".into()),
        cue_span: None,
        via: via.map(str::to_string),
        via_span: via.map(|v| span_of(text, v)),
        rule: "fr/cues:déclarer".into(),
        confidence: 0.9,
    }
}

fn fixture() -> Vec<Document> {
    let t1 = "Moscou, 17 mars (AFP) – « Rien à cacher », a déclaré Maria Zakharova, citée par \
              TASS. La Russie a consulté les États-Unis.";
    let mut i1 = Input::from_text(t1);
    i1.source.sha256 = "a".repeat(64);
    i1.source.path = Some("zakharova.txt".into());
    let mut d1 = Document::new(i1);
    d1.lang = Lang::Fr;
    d1.meta.headline = Some("Moscou répond".into());
    d1.meta.dateline = Some(Dateline {
        date: Some("2022-03-17".into()),
        ..Dateline::default()
    });
    d1.body = t1.into();
    d1.entities = vec![person(t1, 0, "Maria Zakharova", "RUSGOV")];
    d1.quotes = vec![quote(
        t1,
        "Rien à cacher",
        "Maria Zakharova",
        0,
        Some("TASS"),
    )];
    d1.events = vec![Event {
        cameo: "040".into(),
        plover: Some("CONSULT".into()),
        label: None,
        source: Some("RUS".into()),
        target: Some("USA".into()),
        source_id: None,
        target_id: None,
        date: Some("2022-03-17".into()),
        date_precision: None,
        trigger: "a consulté".into(),
        trigger_span: span_of(t1, "a consulté"),
        sentence_span: span_of(t1, "La Russie a consulté les États-Unis."),
        negated: false,
        modality: Modality::Asserted,
        rule: "fr/events:consulter".into(),
        confidence: 0.7,
    }];

    let t2 = "« <script>alert('x')</script> », a déclaré Jean Dupont.";
    let mut i2 = Input::from_text(t2);
    i2.source.sha256 = "b".repeat(64);
    let mut d2 = Document::new(i2);
    d2.body = t2.into();
    d2.entities = vec![person(t2, 0, "Jean Dupont", "FRA")];
    d2.quotes = vec![quote(
        t2,
        "<script>alert('x')</script>",
        "Jean Dupont",
        0,
        None,
    )];
    vec![d1, d2]
}

struct Server {
    base: String,
    db: PathBuf,
    /// Removes the database's folder when the test ends.
    _scratch: tempfile::TempDir,
}

fn start() -> Server {
    let scratch = tempfile::Builder::new()
        .prefix("vigie-server-test-")
        .tempdir()
        .unwrap();
    let db = scratch.path().join("vigie.db");
    Store::open(&db).unwrap().put_batch(&fixture()).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let served = db.clone();
    std::thread::spawn(move || vigie_server::serve_blocking(listener, &served));
    Server {
        base,
        db,
        _scratch: scratch,
    }
}

#[test]
fn api_over_http() {
    let s = start();
    let url = |p: &str| format!("{}{p}", s.base);

    // Quotes by speaker: the relay, and the same rows the store (and so the CLI) gives.
    let r = get(&url("/api/quotes?speaker=zakharova"));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let v = r.json();
    assert_eq!(v["kind"], "quotes");
    assert_eq!(v["results"].as_array().unwrap().len(), 1);
    assert_eq!(v["results"][0]["via"], "TASS");
    assert_eq!(v["results"][0]["speaker"], "Maria Zakharova");
    let store = Store::open_read_only(&s.db).unwrap();
    let direct = store
        .quotes(&Filter {
            speaker: Some("zakharova".into()),
            ..Filter::default()
        })
        .unwrap();
    assert_eq!(v["results"], serde_json::to_value(&direct).unwrap());

    // Full text (URL-encoded FTS5 phrase), events, entities, articles.
    let r = get(&url("/api/quotes?text=%22rien%20a%20cacher%22"));
    assert_eq!(r.json()["results"].as_array().unwrap().len(), 1);
    let r = get(&url(
        "/api/events?cameo=04&source=RUS&since=2022-03-01&until=2022-03-31",
    ));
    let ev = r.json();
    assert_eq!(ev["results"][0]["cameo"], "040", "{ev}");
    assert_eq!(ev["results"][0]["trigger"], "a consulté");
    let r = get(&url("/api/entities?actor=RUS"));
    assert_eq!(r.json()["results"][0]["name"], "Maria Zakharova");
    let r = get(&url("/api/articles?text=Zakharova"));
    let arts = r.json();
    assert_eq!(arts["results"].as_array().unwrap().len(), 1);
    let id = arts["results"][0]["article"]["id"].as_i64().unwrap();

    // Article detail: the whole document, text and spans, markup as plain JSON strings.
    let r = get(&url(&format!("/api/articles/{id}")));
    let d = r.json();
    let text = d["document"]["text"].as_str().unwrap();
    let q = &d["document"]["quotes"][0];
    let (a, b) = (
        q["span"]["start"].as_u64().unwrap() as usize,
        q["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[a..b], "Rien à cacher");
    assert_eq!(d["quotes"], 1);
    let r = get(&url("/api/quotes?speaker=Dupont"));
    assert_eq!(
        r.json()["results"][0]["text"],
        "<script>alert('x')</script>"
    );

    // Errors: JSON bodies with a reason.
    let r = get(&url("/api/articles/999"));
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["error"], "no article 999");
    assert_eq!(get(&url("/api/articles/abc")).status, 400);
    let r = get(&url("/api/quotes?cameo=04"));
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"], "filter `cameo` does not apply to quotes");
    let r = get(&url("/api/quotes?colour=red"));
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("colour"));
    let r = get(&url("/api/quotes?text=%22unclosed"));
    assert_eq!(r.status, 400);
    assert!(r.json()["error"]
        .as_str()
        .unwrap()
        .starts_with("full-text query"));
    assert_eq!(get(&url("/api/quotes?limit=-1")).status, 400);
    assert_eq!(get(&url("/nowhere")).status, 404);

    // Bounds: results capped, long URIs refused, read-only (no other method).
    let r = get(&url("/api/quotes?limit=100000"));
    assert_eq!(r.json()["limit"], vigie_store::MAX_LIMIT);
    let long = format!("/api/quotes?speaker={}", "x".repeat(5000));
    assert_eq!(get(&url(&long)).status, 414);
    let r = request("POST", &url("/api/quotes"), Some("{}")).unwrap();
    assert_eq!(r.status, 405);
    let r = request("DELETE", &url("/api/articles/1"), None).unwrap();
    assert_eq!(r.status, 405);

    // Stats.
    let r = get(&url("/api/stats"));
    assert_eq!(r.json()["quotes"], 2);

    // The page and its assets, with a CSP that allows no inline script.
    let r = get(&url("/"));
    assert_eq!(r.status, 200);
    assert!(r.text().contains("<script src=\"/assets/app.js\""));
    let csp = r.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    for (asset, mime) in [
        ("app.js", "text/javascript"),
        ("app.css", "text/css"),
        ("d3.min.js", "text/javascript"),
    ] {
        let r = get(&url(&format!("/assets/{asset}")));
        assert_eq!(r.status, 200, "{asset}");
        assert!(
            r.header("content-type").unwrap().starts_with(mime),
            "{asset}"
        );
    }
    assert_eq!(get(&url("/assets/../Cargo.toml")).status, 404);

    // OpenAPI: valid JSON, every route, every filter parameter.
    let r = get(&url("/api/openapi.json"));
    let doc = r.json();
    assert_eq!(doc["openapi"], "3.1.0");
    for path in [
        "/api/quotes",
        "/api/events",
        "/api/entities",
        "/api/articles",
        "/api/articles/{id}",
        "/api/stats",
        "/api/openapi.json",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} undocumented");
    }
    let filter = serde_json::to_value(Filter::default()).unwrap();
    for field in filter.as_object().unwrap().keys() {
        assert!(
            doc["components"]["parameters"][field].is_object(),
            "filter `{field}` undocumented"
        );
    }
}
