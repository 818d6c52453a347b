//! One error type for every handler. It becomes a friendly HTML page (or JSON under
//! `/api/`) in `render_errors`, which knows the visitor's language; here it only records
//! what went wrong. Every JSON error has the one shape `ApiError` writes.

use std::borrow::Cow;

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Json,
};
use serde_json::{json, Value};

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
    /// An API answer with its own code and, for bad fields, a message for each.
    #[error("{}", .0.message)]
    Api(Box<ApiError>),
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
            AppError::Api(e) => e.status,
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
        if let AppError::Api(e) = self {
            return e.into_response();
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

impl From<ApiError> for AppError {
    fn from(e: ApiError) -> Self {
        AppError::Api(Box::new(e))
    }
}

/// The one shape of the API's errors: `{ error, code, status, errors? }`. `error` is for
/// people (in the request's language), `code` for programs, `errors` names each field or
/// parameter that needs attention. `api::doc` describes it as the `Error` schema.
#[derive(Clone, Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: Cow<'static, str>,
    pub message: String,
    pub errors: Vec<(String, String)>,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        code: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> ApiError {
        ApiError {
            status,
            code: code.into(),
            message: message.into(),
            errors: Vec::new(),
        }
    }

    /// An error with no more specific code than its status gives.
    pub fn status(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError::new(status, code_for(status), message)
    }

    /// A 422 naming each field that needs attention.
    pub fn invalid(message: impl Into<String>, errors: Vec<(String, String)>) -> ApiError {
        ApiError {
            errors,
            ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
        }
    }

    /// A body that is not the JSON the operation takes.
    pub fn bad_json(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_json", message)
    }

    /// Names the field (or parameter, or header) the error is about, with the same message.
    pub fn with_field(mut self, field: impl Into<String>) -> ApiError {
        let message = self.message.clone();
        self.errors.push((field.into(), message));
        self
    }

    pub fn body(&self) -> Value {
        let mut v =
            json!({ "error": self.message, "code": self.code, "status": self.status.as_u16() });
        if !self.errors.is_empty() {
            v["errors"] = self
                .errors
                .iter()
                .map(|(f, m)| json!({ "field": f, "message": m }))
                .collect();
        }
        v
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.status, Json(self.body())).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"tta\""),
            );
        }
        r
    }
}

/// The code of an error that has no more specific one: the status's name.
pub fn code_for(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::NOT_ACCEPTABLE => "not_acceptable",
        StatusCode::CONFLICT => "conflict",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid",
        StatusCode::TOO_MANY_REQUESTS => "too_many_requests",
        s if s.is_server_error() => "internal",
        _ => "bad_request",
    }
}

pub fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
