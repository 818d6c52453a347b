//! Per-request context: who is asking, in which language, with which CSRF token.
//!
//! `load_context` runs before routing so that access checks, handlers and the error pages
//! all see the same `Ctx` from the request extensions.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, FromRequestParts, Request, State},
    http::{header, request::Parts, HeaderValue},
    middleware::Next,
    response::Response,
};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

use crate::{
    accounts::model::{Role, User},
    app::AppState,
    i18n::Lang,
    util::{hmac_hex, random_token},
    web::{error::AppError, session},
};

pub const CSRF_COOKIE: &str = "tta_csrf";
pub const FLASH_COOKIE: &str = "tta_flash";
pub const LANG_COOKIE: &str = "tta_lang";

#[derive(Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub user: Option<User>,
    /// Set when the password was right but the second factor is still owed.
    pub mfa_pending: bool,
    pub session_hash: Option<String>,
    pub csrf: String,
    pub path: String,
    /// The page's address with its query, for "sign in and come back here" links.
    pub here: String,
    pub flash: Option<String>,
    pub ip: String,
    pub user_agent: String,
    pub institute: String,
}

impl Ctx {
    /// The header's sign-in link: back to this page afterwards, unless this page is the
    /// home page or one of the sign-in pages themselves (the learning page is better then).
    pub fn signin_href(&self) -> String {
        let next = crate::web::form::safe_next(Some(&self.here));
        if self.path == "/" || next == "/learning" || self.here.len() > 1000 {
            "/signin".to_string()
        } else {
            format!("/signin?next={}", crate::web::error::urlencode(&next))
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }
    pub fn ta(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.lang.ta(key, args)
    }
    /// A message whose key ends in a value, e.g. `tk("role", "admin")` looks up `role-admin`.
    pub fn tk(&self, prefix: &str, value: impl std::fmt::Display) -> String {
        self.lang.t(&format!("{prefix}-{value}"))
    }
    /// One named argument, for templates.
    pub fn t1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        self.lang.ta(key, &[(name, &value.to_string())])
    }
    /// Two named arguments, for templates.
    pub fn t2(
        &self,
        key: &str,
        n1: &str,
        v1: impl std::fmt::Display,
        n2: &str,
        v2: impl std::fmt::Display,
    ) -> String {
        self.lang
            .ta(key, &[(n1, &v1.to_string()), (n2, &v2.to_string())])
    }
    pub fn signed_in(&self) -> bool {
        self.user.is_some()
    }
    pub fn role(&self) -> Option<Role> {
        self.user.as_ref().map(|u| u.role)
    }
    pub fn is_at_least(&self, r: Role) -> bool {
        self.role().is_some_and(|mine| mine >= r)
    }
    pub fn user_name(&self) -> String {
        self.user
            .as_ref()
            .map(|u| u.name.clone())
            .unwrap_or_default()
    }
    pub fn user_id(&self) -> Option<i64> {
        self.user.as_ref().map(|u| u.id)
    }
    /// The signed-in user, or the error that sends the visitor to sign in.
    pub fn require_user(&self) -> Result<&User, AppError> {
        self.user.as_ref().ok_or_else(|| AppError::SignIn {
            next: self.path.clone(),
        })
    }
    pub fn date(&self, ts: impl Num) -> String {
        self.lang.date(ts.int())
    }
    pub fn datetime(&self, ts: impl Num) -> String {
        self.lang.datetime(ts.int())
    }
    /// A message with a count, so plural rules apply (`$count`).
    pub fn tn(&self, key: &str, n: impl Num) -> String {
        self.lang.tn(key, n.int())
    }
    pub fn number(&self, n: impl Num) -> String {
        self.lang.number(n.int())
    }
    pub fn nav_current(&self, prefix: &str) -> bool {
        if prefix == "/" {
            self.path == "/"
        } else {
            self.path.starts_with(prefix)
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| AppError::Other(anyhow::anyhow!("context layer missing")))
    }
}

/// The CSRF token for a browser: bound to its session when signed in, otherwise to the
/// random `tta_csrf` cookie, and keyed with the server secret so it cannot be forged.
pub fn csrf_token(secret: &[u8], session_raw: Option<&str>, anon: &str) -> String {
    match session_raw {
        Some(s) => hmac_hex(secret, &format!("session:{s}")),
        None => hmac_hex(secret, &format!("anon:{anon}")),
    }
}

pub fn client_ip(
    parts_headers: &axum::http::HeaderMap,
    peer: Option<SocketAddr>,
    trust_proxy: bool,
) -> String {
    if trust_proxy {
        if let Some(v) = parts_headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
        {
            if let Some(first) = v.split(',').next() {
                let ip = first.trim();
                if ip.parse::<std::net::IpAddr>().is_ok() {
                    return ip.to_string();
                }
            }
        }
    }
    peer.map(|p| p.ip().to_string()).unwrap_or_default()
}

pub fn cookie<'a>(state: &AppState, name: &'a str, value: String) -> Cookie<'a> {
    let mut c = Cookie::new(name, value);
    c.set_http_only(true);
    c.set_same_site(SameSite::Lax);
    c.set_secure(state.cfg.https());
    c.set_path("/");
    c
}

pub fn removal<'a>(state: &AppState, name: &'a str) -> Cookie<'a> {
    let mut c = cookie(state, name, String::new());
    c.make_removal();
    c
}

pub async fn load_context(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(req.headers());
    let headers = req.headers();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let ip = client_ip(headers, peer, state.cfg.trust_proxy);
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());

    let session_raw = jar.get(session::COOKIE).map(|c| c.value().to_string());
    let mut loaded = None;
    if let Some(raw) = &session_raw {
        match session::load(
            &state.db,
            raw,
            state.cfg.session_idle_minutes * 60,
            state.cfg.session_absolute_hours * 3600,
        )
        .await
        {
            Ok(l) => loaded = l,
            Err(e) => tracing::error!(error = %e, "loading session"),
        }
    }
    let (anon, new_anon) = match jar.get(CSRF_COOKIE) {
        Some(c) if c.value().len() >= 32 => (c.value().to_string(), false),
        _ => (random_token(), true),
    };
    let live_session = loaded
        .as_ref()
        .map(|_| session_raw.as_deref().unwrap_or(""));
    let csrf = csrf_token(&state.secret, live_session, &anon);
    let lang = Lang::negotiate(
        jar.get(LANG_COOKIE)
            .map(|c| c.value())
            .or(loaded.as_ref().map(|l| l.user.locale.as_str())),
        accept,
    );
    let flash = jar.get(FLASH_COOKIE).map(|c| c.value().to_string());
    let ctx = Ctx {
        lang,
        mfa_pending: loaded.as_ref().is_some_and(|l| l.mfa_pending),
        session_hash: loaded.as_ref().map(|l| l.id_hash.clone()),
        // A session that still owes its second factor is not yet a signed-in user.
        user: loaded.filter(|l| !l.mfa_pending).map(|l| l.user),
        csrf,
        path: req.uri().path().to_string(),
        here: req
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        flash: flash.clone(),
        ip,
        user_agent,
        institute: state.cfg.institute_name.clone(),
    };
    let stale_session = session_raw.is_some() && ctx.session_hash.is_none();
    req.extensions_mut().insert(ctx);
    let mut res = next.run(req).await;

    let mut set = Vec::new();
    if new_anon {
        set.push(cookie(&state, CSRF_COOKIE, anon).to_string());
    }
    if stale_session && !sets_cookie(&res, session::COOKIE) {
        set.push(removal(&state, session::COOKIE).to_string());
    }
    // A flash message is shown once: clear it unless this response sets a new one.
    if flash.is_some() && !sets_cookie(&res, FLASH_COOKIE) {
        set.push(removal(&state, FLASH_COOKIE).to_string());
    }
    for c in set {
        if let Ok(v) = HeaderValue::from_str(&c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

fn sets_cookie(res: &Response, name: &str) -> bool {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.to_str().is_ok_and(|s| s.starts_with(&format!("{name}="))))
}

/// Lets templates pass integers by value or by reference to the formatting helpers.
pub trait Num {
    fn int(&self) -> i64;
}
impl Num for i64 {
    fn int(&self) -> i64 {
        *self
    }
}
impl Num for usize {
    fn int(&self) -> i64 {
        *self as i64
    }
}
impl<T: Num + ?Sized> Num for &T {
    fn int(&self) -> i64 {
        (**self).int()
    }
}
