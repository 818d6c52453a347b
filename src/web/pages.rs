//! Page rendering shared by all capabilities: the layout's navigation, turning templates
//! into responses, the friendly error pages, the stylesheet and the home page.

use askama::Template;
use axum::{
    extract::Request,
    http::{header, StatusCode},
    middleware::Next,
    response::{Html, IntoResponse, Response},
};

use crate::{
    accounts::model::Role,
    web::{
        context::Ctx,
        error::{ApiError, AppError, AppResult, ErrorPage},
    },
};

pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

impl Ctx {
    /// The main navigation. Capabilities add their entry here when they land.
    pub fn nav(&self) -> Vec<NavItem> {
        let mut items: Vec<(&'static str, &'static str, Option<Role>, bool)> = vec![
            ("/", "nav-home", None, false),
            ("/courses", "nav-courses", None, false),
            ("/trainings", "nav-trainings", None, false),
            ("/resources", "nav-resources", None, false),
            ("/review", "nav-review", None, false),
            ("/learning", "nav-learning", None, true),
            ("/orgs", "nav-organizations", None, true),
            ("/events", "nav-facilitating", Some(Role::Facilitator), true),
            ("/staff/courses", "nav-staff", Some(Role::Staff), true),
            ("/admin/users", "nav-admin", Some(Role::Admin), true),
        ];
        items.retain(|(_, _, role, needs_user)| {
            (!needs_user || self.signed_in()) && role.is_none_or(|r| self.is_at_least(r))
        });
        items
            .into_iter()
            .map(|(href, key, _, _)| NavItem {
                href,
                label: self.t(key),
                current: self.nav_current(href),
            })
            .collect()
    }
}

/// Renders a template into an HTML response.
pub fn render<T: Template>(t: &T) -> AppResult<Response> {
    let html = t
        .render()
        .map_err(|e| AppError::Other(anyhow::anyhow!("template: {e}")))?;
    Ok(Html(html).into_response())
}

/// Renders a template with a status other than 200 (e.g. 422 for a form with errors).
pub fn render_status<T: Template>(status: StatusCode, t: &T) -> AppResult<Response> {
    let mut r = render(t)?;
    *r.status_mut() = status;
    Ok(r)
}

#[derive(Template)]
#[template(path = "errors/error.html")]
struct ErrorTemplate {
    ctx: Ctx,
    status: u16,
    title: String,
    body: String,
}

/// Turns bare error responses into friendly pages (or JSON for the API), in the
/// visitor's language, keeping the status code.
pub async fn render_errors(req: Request, next: Next) -> Response {
    let ctx = req.extensions().get::<Ctx>().cloned();
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    let marker = res.extensions().get::<ErrorPage>().cloned();
    // Bare responses and axum's plain-text rejections (e.g. a malformed path id) both
    // become friendly pages.
    let bare = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_none_or(|v| v.to_str().is_ok_and(|t| t.starts_with("text/plain")));
    let status = res.status();
    let needs_page =
        marker.is_some() || (bare && (status.is_client_error() || status.is_server_error()));
    if !needs_page {
        return res;
    }
    let marker = marker.unwrap_or(ErrorPage {
        status,
        message: None,
    });
    if is_api {
        return api_error(res, marker).await;
    }
    if status.is_redirection() {
        return res;
    }
    let ctx = ctx.unwrap_or_else(|| Ctx {
        lang: Default::default(),
        user: None,
        mfa_pending: false,
        session_hash: None,
        csrf: String::new(),
        path: String::new(),
        here: String::new(),
        flash: None,
        ip: String::new(),
        user_agent: String::new(),
        institute: String::new(),
    });
    let key = match status.as_u16() {
        404 => "404",
        403 if marker.message.as_deref() == Some("csrf") => "csrf",
        403 => "403",
        405 => "405",
        413 => "413",
        429 => "429",
        400 => "400",
        s if s >= 500 => "500",
        _ => "400",
    };
    let mut body = ctx.t(&format!("error-page-{key}-body"));
    if let (Some(m), "400") = (marker.message.as_deref(), key) {
        body = format!("{body} {m}");
    }
    let page = ErrorTemplate {
        title: ctx.t(&format!("error-page-{key}-title")),
        body,
        status: status.as_u16(),
        ctx,
    };
    let mut out = match page.render() {
        Ok(h) => Html(h).into_response(),
        Err(_) => "error".into_response(),
    };
    *out.status_mut() = status;
    for (k, v) in res.headers() {
        if k == header::SET_COOKIE || k == header::RETRY_AFTER {
            out.headers_mut().append(k, v.clone());
        }
    }
    out
}

/// An API error in the one JSON shape. A bare rejection from an extractor (a query string,
/// body or header it could not read) keeps its own explanation, which says what was wrong.
async fn api_error(res: Response, marker: ErrorPage) -> Response {
    let status = marker.status;
    let kept: Vec<_> = [header::ALLOW, header::RETRY_AFTER]
        .into_iter()
        .filter_map(|k| res.headers().get(&k).cloned().map(|v| (k, v)))
        .collect();
    let explained = matches!(
        status,
        StatusCode::BAD_REQUEST
            | StatusCode::UNSUPPORTED_MEDIA_TYPE
            | StatusCode::UNPROCESSABLE_ENTITY
    );
    let own = match marker.message {
        Some(m) if m != "csrf" => Some(m),
        _ if explained => axum::body::to_bytes(res.into_body(), 4096)
            .await
            .ok()
            .map(|b| String::from_utf8_lossy(&b).trim().to_string())
            .filter(|m| !m.is_empty()),
        _ => None,
    };
    let msg = own.unwrap_or_else(|| {
        match status {
            StatusCode::UNAUTHORIZED => "a valid bearer token is required",
            StatusCode::FORBIDDEN => "you do not have access to this",
            StatusCode::NOT_FOUND => "not found",
            StatusCode::TOO_MANY_REQUESTS => "too many requests; try again later",
            StatusCode::METHOD_NOT_ALLOWED => "method not allowed",
            StatusCode::PAYLOAD_TOO_LARGE => "request body too large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "this content type is not accepted here",
            s if s.is_client_error() => "the request could not be read",
            _ => "something went wrong on our side",
        }
        .to_string()
    });
    let mut out = ApiError::status(status, msg).into_response();
    for (k, v) in kept {
        out.headers_mut().insert(k, v);
    }
    out
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}

pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/tta.css"),
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomeTemplate {
    ctx: Ctx,
}

pub async fn home(ctx: Ctx) -> AppResult<Response> {
    render(&HomeTemplate { ctx })
}
