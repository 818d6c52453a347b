//! Form state shared by every page with a form: what the user typed and the message to
//! show beside each field that was wrong.

use std::collections::HashMap;

use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;

use crate::{
    app::AppState,
    web::context::{cookie, FLASH_COOKIE},
};

#[derive(Clone, Debug, Default)]
pub struct Form {
    pub values: HashMap<String, String>,
    pub errors: Vec<(String, String)>,
    /// A message about the whole form (shown above it), e.g. "wrong email or password".
    pub general: Option<String>,
}

impl Form {
    pub fn new() -> Form {
        Form::default()
    }

    /// Keeps what the user typed, except secrets, which are never sent back to the browser.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Form {
        let mut f = Form::default();
        for (k, v) in pairs {
            if !k.contains("password") && k != "_csrf" && k != "code" {
                // Repeated names (checkbox groups) are kept comma-separated.
                f.values
                    .entry(k.to_string())
                    .and_modify(|e| {
                        e.push(',');
                        e.push_str(v)
                    })
                    .or_insert_with(|| v.to_string());
            }
        }
        f
    }

    pub fn with(mut self, k: &str, v: impl Into<String>) -> Form {
        self.values.insert(k.to_string(), v.into());
        self
    }

    pub fn v(&self, name: &str) -> &str {
        self.values.get(name).map(String::as_str).unwrap_or("")
    }

    /// For multi-valued fields stored comma-separated (checkbox groups).
    pub fn checked(&self, name: &str, value: &str) -> bool {
        self.v(name).split(',').any(|x| x == value)
    }

    pub fn selected(&self, name: &str, value: &str) -> bool {
        self.v(name) == value
    }

    pub fn add(&mut self, field: &str, message: String) {
        if !self.has(field) {
            self.errors.push((field.to_string(), message));
        }
    }

    pub fn err(&self, name: &str) -> Option<&String> {
        self.errors.iter().find(|(f, _)| f == name).map(|(_, m)| m)
    }

    pub fn has(&self, name: &str) -> bool {
        self.errors.iter().any(|(f, _)| f == name)
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty() && self.general.is_none()
    }

    pub fn error_count(&self) -> usize {
        self.errors.len() + self.general.is_some() as usize
    }
}

/// Redirect after a successful POST, with a one-time message key shown on the next page.
pub fn redirect_with_flash(state: &AppState, to: &str, flash_key: &str) -> Response {
    with_flash(state, Redirect::to(to).into_response(), flash_key)
}

/// Adds a one-time message to any response.
pub fn with_flash(state: &AppState, resp: Response, flash_key: &str) -> Response {
    let jar = CookieJar::new().add(cookie(state, FLASH_COOKIE, flash_key.to_string()));
    (jar, resp).into_response()
}

/// Where a person goes after signing in: the local page they were on their way to, or else
/// their learning page. Only local paths are accepted, so links cannot bounce a user to
/// another site after signing in; the sign-in and sign-up pages themselves are not
/// destinations, since landing back on them would look like the sign-in failed.
pub fn safe_next(next: Option<&str>) -> String {
    const HOME: &str = "/learning";
    let Some(n) = next.map(str::trim) else {
        return HOME.to_string();
    };
    let local = n.starts_with('/')
        && !n.starts_with("//")
        && !n.starts_with("/\\")
        && !n.chars().any(|c| c.is_control());
    let path = n.split(['?', '#']).next().unwrap_or(n);
    let dead_end = ["/signin", "/signup", "/signout", "/password/", "/verify"]
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{}/", p.trim_end_matches('/'))));
    if !local || dead_end {
        return HOME.to_string();
    }
    // Re-written by a URL parser, so what goes into the Location header is always a valid
    // address (spaces and other characters percent-encoded) on this site.
    let Ok(u) = url::Url::parse("http://tta.invalid").and_then(|b| b.join(n)) else {
        return HOME.to_string();
    };
    if u.host_str() != Some("tta.invalid") {
        return HOME.to_string();
    }
    let mut out = u.path().to_string();
    if let Some(q) = u.query() {
        out.push('?');
        out.push_str(q);
    }
    if let Some(f) = u.fragment() {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// The raw fields of a URL-encoded form. Parsing never fails, so a malformed body becomes
/// ordinary "this field is required" messages instead of a bare error page.
#[derive(Clone, Debug, Default)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
    /// A trimmed value for text fields.
    pub fn text(&self, name: &str) -> &str {
        self.get(name).trim()
    }
    pub fn form(&self) -> Form {
        Form::from_pairs(self.0.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
}

impl<S: Send + Sync> axum::extract::FromRequest<S> for Fields {
    type Rejection = crate::web::error::AppError;
    async fn from_request(req: axum::extract::Request, _: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::to_bytes(req.into_body(), 4 * 1024 * 1024)
            .await
            .map_err(|_| {
                crate::web::error::AppError::BadRequest("request body too large".into())
            })?;
        Ok(Fields(
            url::form_urlencoded::parse(&bytes)
                .map(|(k, v)| {
                    (
                        crate::web::input::clean_owned(k.into_owned()),
                        crate::web::input::clean_owned(v.into_owned()),
                    )
                })
                .collect(),
        ))
    }
}
