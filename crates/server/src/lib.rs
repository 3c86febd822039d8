//! vigie's HTTP server: a read-only JSON API over a store and the web page analysts use.
//!
//! The API answers the same [`Filter`]s as `vigie search` (`/api/quotes?speaker=Zakharova`),
//! returns an article with every annotation and its byte spans (`/api/articles/{id}`), and
//! describes itself at `/api/openapi.json`. The page (`/`) and its scripts are embedded in the
//! binary. Every store access runs on the blocking pool with a read-only connection of its own.
//!
//! Bounds: request URIs over 4 KiB are refused (414), results are capped at
//! [`vigie_store::MAX_LIMIT`] rows, only `GET` is routed, and the page is served with a
//! Content-Security-Policy that allows no inline script (article text is inserted as text, never
//! as markup).
//!
//! ```no_run
//! let listener = std::net::TcpListener::bind("127.0.0.1:8080")?;
//! vigie_server::serve_blocking(listener, "vigie.db".as_ref())?;
//! Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod api;
mod assets;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use vigie_store::Store;

/// Longest request URI accepted (path and query), in bytes.
pub const MAX_URI: usize = 4096;
/// Idle read-only connections kept for reuse.
const POOL: usize = 8;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store could not be opened.
    #[error("{0}")]
    Store(#[from] vigie_store::Error),
    /// Binding or serving failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// What every handler shares: where the store is and a few idle connections.
#[derive(Debug)]
pub(crate) struct State {
    db: PathBuf,
    idle: Mutex<Vec<Store>>,
}

impl State {
    /// Runs `f` with a read-only connection on the blocking pool.
    pub(crate) async fn with_store<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Store) -> Result<T, vigie_store::Error> + Send + 'static,
    ) -> Result<T, api::ApiError> {
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let store = match state.idle.lock().ok().and_then(|mut v| v.pop()) {
                Some(s) => s,
                None => Store::open_read_only(&state.db)?,
            };
            let out = f(&store);
            if let Ok(mut idle) = state.idle.lock() {
                if idle.len() < POOL {
                    idle.push(store);
                }
            }
            out
        })
        .await
        .map_err(|e| api::ApiError::internal(e.to_string()))?
        .map_err(api::ApiError::from)
    }
}

/// The whole application: API, page, assets, limits and headers, over the store at `db`.
/// Fails when the store cannot be opened read-only.
pub fn app(db: &Path) -> Result<Router, Error> {
    let first = Store::open_read_only(db)?;
    let state = Arc::new(State {
        db: db.to_path_buf(),
        idle: Mutex::new(vec![first]),
    });
    Ok(Router::new()
        .route("/", get(assets::index))
        .route("/assets/{name}", get(assets::asset))
        .route("/api/openapi.json", get(assets::openapi))
        .route("/api/stats", get(api::stats))
        .route("/api/quotes", get(api::quotes))
        .route("/api/events", get(api::events))
        .route("/api/entities", get(api::entities))
        .route("/api/articles", get(api::articles))
        .route("/api/articles/{id}", get(api::article))
        .fallback(api::not_found)
        .with_state(state)
        .layer(axum::middleware::from_fn(guard)))
}

/// Refuses long URIs; adds the security headers to every response.
async fn guard(req: Request<axum::body::Body>, next: Next) -> Response {
    let uri_len = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    let mut resp = if uri_len > MAX_URI {
        api::ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!("request URI over {MAX_URI} bytes"),
        )
        .into_response()
    } else {
        next.run(req).await
    };
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    resp
}

/// Serves `db` on an already-bound listener until the process ends (a tokio runtime of two
/// workers; store work runs on its blocking pool).
pub fn serve_blocking(listener: std::net::TcpListener, db: &Path) -> Result<(), Error> {
    let app = app(db)?;
    listener.set_nonblocking(true)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(8)
        .enable_io()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, app).await
    })?;
    Ok(())
}
