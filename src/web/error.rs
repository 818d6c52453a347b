//! One error type for every handler. It becomes a friendly HTML page (or JSON under
//! `/api/`) in `render_errors`, which knows the visitor's language; here it only records
//! what went wrong.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// Not signed in: pages redirect to sign-in, the API answers 401.
    #[error("sign-in required")]
    SignIn { next: String },
    /// A staff or admin account must set up its second factor before anything else.
    #[error("second factor required")]
    MustEnrollTotp,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("the form expired or was sent from another site")]
    Csrf,
    #[error("too many requests")]
    TooMany,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

/// Marker left on an error response so the outer layer renders the page.
#[derive(Clone, Debug)]
pub struct ErrorPage {
    pub status: StatusCode,
    pub message: Option<String>,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::SignIn { .. } => StatusCode::UNAUTHORIZED,
            AppError::MustEnrollTotp => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::TooMany => StatusCode::TOO_MANY_REQUESTS,
            AppError::Db(e) if refused_text(e) => StatusCode::BAD_REQUEST,
            AppError::Db(_) | AppError::Other(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::SignIn { next } = &self {
            let target = format!("/signin?next={}", urlencode(next));
            let mut r = Redirect::to(&target).into_response();
            r.extensions_mut().insert(ErrorPage {
                status: StatusCode::UNAUTHORIZED,
                message: None,
            });
            return r;
        }
        if let AppError::MustEnrollTotp = &self {
            return Redirect::to("/account/totp").into_response();
        }
        let status = self.status();
        if status.is_server_error() {
            // The detail goes to the log only; the visitor gets a plain apology.
            tracing::error!(error = %self, "request failed");
        }
        let message = match &self {
            AppError::BadRequest(m) => Some(m.clone()),
            AppError::Csrf => Some("csrf".to_string()),
            _ => None,
        };
        let mut r = status.into_response();
        r.extensions_mut().insert(ErrorPage { status, message });
        r
    }
}

/// A text value the database will not store (PostgreSQL's "invalid byte sequence" for a NUL,
/// or a character its encoding lacks). The input boundary (`web::input`) removes these from
/// everything a request carries; this keeps anything that slips past it a refusal of the
/// request rather than a server error.
fn refused_text(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .and_then(|d| d.code())
        .is_some_and(|c| c == "22021" || c == "22P05")
}

pub fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
