//! The JSON API: one handler per query kind, errors as `{"error": "..."}`.

use std::sync::Arc;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State as Extract};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use vigie_store::{Filter, Kind};

use crate::State;

/// An error answer: a status and a message for the client.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl From<vigie_store::Error> for ApiError {
    fn from(e: vigie_store::Error) -> ApiError {
        match e {
            vigie_store::Error::Filter(m) => ApiError::new(StatusCode::BAD_REQUEST, m),
            other => {
                log::error!("store: {other}");
                ApiError::internal(other.to_string())
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body {
            error: String,
        }
        (
            self.status,
            Json(Body {
                error: self.message,
            }),
        )
            .into_response()
    }
}

/// A page of results and the bounds that produced it.
#[derive(Serialize)]
pub struct Page<T> {
    kind: &'static str,
    limit: usize,
    offset: usize,
    results: Vec<T>,
}

type Q = Result<Query<Filter>, QueryRejection>;

fn filter(q: Q) -> Result<Filter, ApiError> {
    q.map(|Query(f)| f)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.body_text()))
}

async fn page<T: Serialize + Send + 'static>(
    state: Arc<State>,
    kind: Kind,
    q: Q,
    run: fn(&vigie_store::Store, &Filter) -> Result<Vec<T>, vigie_store::Error>,
) -> Result<Json<Page<T>>, ApiError> {
    let f = filter(q)?;
    let (limit, offset) = (f.effective_limit(), f.offset.unwrap_or(0));
    let results = state.with_store(move |s| run(s, &f)).await?;
    Ok(Json(Page {
        kind: kind.as_str(),
        limit,
        offset,
        results,
    }))
}

pub async fn quotes(Extract(s): Extract<Arc<State>>, q: Q) -> Response {
    page(s, Kind::Quotes, q, |s, f| s.quotes(f))
        .await
        .into_response()
}

pub async fn events(Extract(s): Extract<Arc<State>>, q: Q) -> Response {
    page(s, Kind::Events, q, |s, f| s.events(f))
        .await
        .into_response()
}

pub async fn entities(Extract(s): Extract<Arc<State>>, q: Q) -> Response {
    page(s, Kind::Entities, q, |s, f| s.entities(f))
        .await
        .into_response()
}

pub async fn articles(Extract(s): Extract<Arc<State>>, q: Q) -> Response {
    page(s, Kind::Articles, q, |s, f| s.articles(f))
        .await
        .into_response()
}

pub async fn article(
    Extract(s): Extract<Arc<State>>,
    id: Result<Path<i64>, PathRejection>,
) -> Response {
    let Ok(Path(id)) = id else {
        return ApiError::new(StatusCode::BAD_REQUEST, "article id must be an integer")
            .into_response();
    };
    match s.with_store(move |s| s.article(id)).await {
        Ok(Some(detail)) => Json(detail).into_response(),
        Ok(None) => {
            ApiError::new(StatusCode::NOT_FOUND, format!("no article {id}")).into_response()
        }
        Err(e) => e.into_response(),
    }
}

pub async fn stats(Extract(s): Extract<Arc<State>>) -> Response {
    match s.with_store(|s| s.counts()).await {
        Ok(c) => Json(c).into_response(),
        Err(e) => e.into_response(),
    }
}

pub async fn not_found() -> Response {
    ApiError::new(StatusCode::NOT_FOUND, "not found").into_response()
}
