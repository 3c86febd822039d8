//! End to end: `vigie ingest` real articles, `vigie serve` them, and drive Debian's chromium
//! headless through chromedriver (WebDriver over plain HTTP): search "Zakharova" in the search
//! box and see her quote, check that an article holding markup shows it as text and runs none of
//! it, and write a screenshot of each page view to `target/screenshots/`.
//!
//! Skips with a message when chromium or chromedriver is not installed.

#[path = "../../server/tests/support/http.rs"]
mod http;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const VIGIE: &str = env!("CARGO_BIN_EXE_vigie");
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A child process killed when the test ends, however it ends.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn screenshots_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"));
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A WebDriver session on chromedriver.
struct Browser {
    base: String,
    session: String,
}

impl Browser {
    fn cmd(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let body = body.to_string();
        let r = http::request(method, &url, (method != "GET").then_some(body.as_str()))
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let v = r.json();
        assert!(r.status < 300, "{method} {path}: {} {v}", r.status);
        v["value"].clone()
    }

    fn goto(&self, url: &str) {
        self.cmd("POST", "/url", json!({ "url": url }));
        self.wait_ready();
    }

    fn script(&self, js: &str) -> Value {
        self.cmd("POST", "/execute/sync", json!({ "script": js, "args": [] }))
    }

    /// Waits until the page says it has rendered its view (`<body data-state="ready">`).
    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if self.script("return document.body && document.body.dataset.state") == "ready" {
                return;
            }
            assert!(Instant::now() < deadline, "page never became ready");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn find(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "/element",
            json!({ "using": "css selector", "value": css }),
        );
        v[ELEMENT].as_str().expect("element id").to_string()
    }

    fn text(&self, css: &str) -> String {
        let id = self.find(css);
        self.cmd("GET", &format!("/element/{id}/text"), Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn screenshot(&self, name: &str) {
        let b64 = self.cmd("GET", "/screenshot", Value::Null);
        let png = base64_decode(b64.as_str().expect("screenshot"));
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
        let path = screenshots_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        eprintln!("screenshot: {}", path.display());
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The markup article: a quote made of a script and an image with a handler.
const XSS: &str = "Paris, 3 avril (AFP) – « <script>window.__xss = 1</script> \
    <img src=x onerror=\"window.__xss = 2\"> », a déclaré Jean Dupont, cité par l'AFP.\n\n\
    Le texte de cet article contient du balisage qui doit rester du texte.\n";

#[test]
fn browser_searches_zakharova_and_escapes_markup() {
    let (Some(chromium), Some(driver)) = (which("chromium"), which("chromedriver")) else {
        eprintln!("skipping the browser test: chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
        return;
    };

    // The corpus: the seed (when ../shared is there), the repo's examples, the markup article.
    let dir = std::env::temp_dir().join(format!("vigie-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let xss = dir.join("balisage.txt");
    std::fs::write(&xss, XSS).unwrap();
    let db = dir.join("vigie.db");
    let seed = repo().join("../shared/examples/seed/article.txt");
    let mut ingest = Command::new(VIGIE);
    ingest.args(["ingest", "--db"]).arg(&db).arg(&xss);
    if seed.is_file() {
        ingest.arg(&seed);
    } else {
        eprintln!("no ../shared: the seed is skipped");
    }
    let examples = repo().join("examples");
    if examples.is_dir() {
        ingest.arg(&examples);
    }
    let out = ingest.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The server, on a free port it prints.
    let mut server = Guard(
        Command::new(VIGIE)
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(&db)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let site = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('/')
        .to_string();

    // chromedriver and a headless chromium session.
    let port = free_port();
    let _driver = Guard(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let wd = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while http::request("GET", &format!("{wd}/status"), None)
        .map(|r| r.json()["value"]["ready"] != true)
        .unwrap_or(true)
    {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let profile = dir.join("profile");
    let caps = json!({ "capabilities": { "alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1100",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    }}});
    let r = http::request("POST", &format!("{wd}/session"), Some(&caps.to_string())).unwrap();
    let v = r.json();
    assert_eq!(r.status, 200, "new session: {v}");
    let b = Browser {
        base: wd.clone(),
        session: v["value"]["sessionId"].as_str().unwrap().to_string(),
    };

    // Search "Zakharova" in the search box.
    b.goto(&format!("{site}/"));
    let q = b.find("#q");
    b.cmd(
        "POST",
        &format!("/element/{q}/value"),
        json!({ "text": "Zakharova" }),
    );
    let button = b.find("#search button");
    b.cmd("POST", &format!("/element/{button}/click"), json!({}));
    b.wait_ready();
    assert!(b
        .script("return location.hash")
        .as_str()
        .unwrap()
        .contains("q=Zakharova"));
    let api = http::get(&format!("{site}/api/quotes?speaker=Zakharova")).json();
    let quotes = api["results"].as_array().unwrap().clone();
    // WebDriver's text turns no-break spaces into spaces; compare with whitespace normalised.
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let view = norm(&b.text("#view"));
    if !quotes.is_empty() {
        // Every quote the API has for her is on the page, with her name, and her relay where
        // the seed gives one (the examples quote her without a relay).
        assert!(view.contains("Zakharova"), "{view}");
        if seed.is_file() {
            assert!(view.contains("via TASS"), "{view}");
        }
        for q in &quotes {
            let words = q["text"].as_str().unwrap();
            let start: String = norm(words).chars().take(30).collect();
            assert!(
                view.contains(&start),
                "quote {start:?} missing from\n{view}"
            );
        }
        let marks = b.script("return document.querySelectorAll('#view mark.hl').length");
        assert!(marks.as_u64().unwrap() >= quotes.len() as u64);
    } else if seed.is_file() {
        eprintln!(
            "the pipeline finds no quote by Zakharova yet: checking the seed article instead"
        );
        b.goto(&format!("{site}/#/articles?q=Zakharova"));
        assert!(
            b.text("#view").contains("négociation"),
            "{}",
            b.text("#view")
        );
    }
    b.screenshot("quotes");

    // The other views render (whatever the pipeline found) and are captured.
    for view in ["timeline", "network", "articles"] {
        b.goto(&format!("{site}/#/{view}"));
        let status = b.text("#status");
        assert!(
            !b.script("return document.getElementById('status').className")
                .as_str()
                .unwrap_or("")
                .contains("error"),
            "{view}: {status}"
        );
        assert_eq!(
            b.script("return document.querySelectorAll('#view svg').length > 0 || document.querySelectorAll('#view .card').length > 0"),
            true,
            "{view} drew nothing"
        );
        b.screenshot(view);
    }

    // The seed article, every annotation highlighted.
    let arts = http::get(&format!("{site}/api/articles?limit=1000")).json();
    let id_of = |needle: &str| {
        arts["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| {
                a["article"]["location"]
                    .as_str()
                    .unwrap_or("")
                    .ends_with(needle)
            })
            .map(|a| a["article"]["id"].as_i64().unwrap())
    };
    if let Some(id) = id_of("seed/article.txt") {
        let focus = if quotes.is_empty() {
            ""
        } else {
            "?focus=quote-0"
        };
        b.goto(&format!("{site}/#/article/{id}{focus}"));
        let text = b.text("#article-text");
        assert!(text.contains("Zakharova"), "{text}");
        let doc = http::get(&format!("{site}/api/articles/{id}")).json();
        let n = |k: &str| doc["document"][k].as_array().map_or(0, |a| a.len());
        if n("quotes") + n("entities") + n("events") > 0 {
            let highlighted =
                b.script("return document.querySelectorAll('#article-text [data-ann]').length");
            assert!(highlighted.as_u64().unwrap() > 0);
            assert!(b.text(".side").contains("rule"), "no rule explained");
        }
        b.screenshot("article");
    }

    // The markup article: shown as text, nothing executed, no element created from it.
    let id = id_of("balisage.txt").expect("markup article stored");
    b.goto(&format!("{site}/#/article/{id}"));
    let text = b.text("#article-text");
    assert!(text.contains("<script>window.__xss = 1</script>"), "{text}");
    assert!(text.contains("<img src=x onerror="), "{text}");
    assert_eq!(b.script("return typeof window.__xss"), "undefined");
    assert_eq!(
        b.script("return document.querySelectorAll('#view script, #view img').length"),
        0
    );
    b.screenshot("article-markup");
    b.goto(&format!("{site}/#/quotes?q=script"));
    assert_eq!(b.script("return typeof window.__xss"), "undefined");
    assert_eq!(
        b.script("return document.querySelectorAll('#view script, #view img').length"),
        0
    );

    let _ = http::request("DELETE", &format!("{wd}/session/{}", b.session), None);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
