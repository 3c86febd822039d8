//! The page and its files, embedded in the binary.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

const INDEX: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const APP_CSS: &str = include_str!("../assets/app.css");
const D3: &str = include_str!("../assets/vendor/d3.min.js");
const D3_LICENSE: &str = include_str!("../assets/vendor/LICENSE-d3.txt");
/// The OpenAPI 3.1 description of the API.
pub const OPENAPI: &str = include_str!("openapi.json");

fn text(mime: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

pub async fn index() -> Response {
    text("text/html; charset=utf-8", INDEX)
}

pub async fn openapi() -> Response {
    text("application/json", OPENAPI)
}

pub async fn asset(Path(name): Path<String>) -> Response {
    match name.as_str() {
        "app.js" => text("text/javascript; charset=utf-8", APP_JS),
        "app.css" => text("text/css; charset=utf-8", APP_CSS),
        "d3.min.js" => text("text/javascript; charset=utf-8", D3),
        "LICENSE-d3.txt" => text("text/plain; charset=utf-8", D3_LICENSE),
        _ => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}
