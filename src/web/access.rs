//! Who may use a route. Every route declares one `Access` in `web::routes`, and this is the
//! only place that decides; handlers never re-implement the rules (they may narrow further,
//! e.g. "only your own token").

use axum::{
    extract::{rejection::RawPathParamsRejection, RawPathParams, Request, State},
    http::header,
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde::Serialize;

use crate::{
    accounts::{model::Role, tokens},
    app::AppState,
    orgs::model as orgs,
    web::{context::Ctx, error::AppError},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Signed-in users with any role.
    SignedIn,
    /// Signed-in users whose role is at least this one (admin > staff > facilitator > learner).
    AtLeast(Role),
    /// Members of the organization named by the `{org}` path segment; staff and admins too.
    OrgMember,
    /// Managers of the `{org}` organization; admins too.
    OrgManager,
    /// The JSON API with a personal bearer token.
    ApiToken,
    /// The JSON API with a bearer token whose user has at least this role.
    ApiAtLeast(Role),
    /// Facilitators of the event named by the `{event}` path segment; staff and admins too.
    EventFacilitator,
}

/// The user an API request was authenticated as.
#[derive(Clone)]
pub struct ApiUser(pub crate::accounts::model::User);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ApiUser {
    type Rejection = AppError;
    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<ApiUser>()
            .cloned()
            .ok_or(AppError::Forbidden)
    }
}

pub async fn check(
    State((state, access)): State<(AppState, Access)>,
    // A path segment that is not UTF-8 names no organization or event; the handler's own
    // extractor answers for it (the API's with a 404).
    params: Result<RawPathParams, RawPathParamsRejection>,
    mut req: Request,
    next: Next,
) -> Response {
    let ctx = match req.extensions().get::<Ctx>() {
        Some(c) => c.clone(),
        None => return AppError::Forbidden.into_response(),
    };
    let params: Vec<(&str, &str)> = params
        .as_ref()
        .map(|p| p.iter().collect())
        .unwrap_or_default();
    let org_id = params
        .iter()
        .find(|(k, _)| *k == "org")
        .and_then(|(_, v)| v.parse::<i64>().ok());
    let event_id = params
        .iter()
        .find(|(k, _)| *k == "event")
        .and_then(|(_, v)| v.parse::<i64>().ok());
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            // The scheme name is case-insensitive (RFC 9110 §11.1).
            let (scheme, rest) = v.split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then(|| rest.trim().to_string())
        });
    match decide(&state, access, &ctx, org_id, event_id, bearer).await {
        Ok(Some(api_user)) => {
            req.extensions_mut().insert(api_user);
            next.run(req).await
        }
        Ok(None) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

async fn decide(
    state: &AppState,
    access: Access,
    ctx: &Ctx,
    org_id: Option<i64>,
    event_id: Option<i64>,
    bearer: Option<String>,
) -> Result<Option<ApiUser>, AppError> {
    let signin = || AppError::SignIn {
        next: ctx.path.clone(),
    };
    if let Some(user) = &ctx.user {
        let exempt = ctx.path.starts_with("/account/totp")
            || ctx.path == "/signout"
            || matches!(
                access,
                Access::Public | Access::ApiToken | Access::ApiAtLeast(_)
            );
        if state.cfg.require_totp_for_staff
            && user.role.is_privileged()
            && !user.totp_enabled()
            && !exempt
        {
            return Err(AppError::MustEnrollTotp);
        }
    }
    match access {
        Access::Public => Ok(None),
        Access::SignedIn => ctx.user.as_ref().map(|_| None).ok_or_else(signin),
        Access::AtLeast(role) => {
            let user = ctx.user.as_ref().ok_or_else(signin)?;
            if user.role >= role {
                Ok(None)
            } else {
                Err(AppError::Forbidden)
            }
        }
        Access::OrgMember | Access::OrgManager => {
            let user = ctx.user.as_ref().ok_or_else(signin)?;
            let org_id = org_id.ok_or(AppError::NotFound)?;
            let membership = orgs::membership(&state.db, org_id, user.id).await?;
            let allowed = match access {
                Access::OrgMember => membership.is_some() || user.role >= Role::Staff,
                _ => {
                    membership.is_some_and(|m| m == orgs::MemberRole::Manager)
                        || user.role == Role::Admin
                }
            };
            if !allowed {
                return Err(AppError::Forbidden);
            }
            // An organization that does not exist is a 404 only for those who may see any.
            if !orgs::exists(&state.db, org_id).await? {
                return Err(AppError::NotFound);
            }
            Ok(None)
        }
        Access::EventFacilitator => {
            let user = ctx.user.as_ref().ok_or_else(signin)?;
            let event_id = event_id.ok_or(AppError::NotFound)?;
            if user.role < Role::Staff
                && !crate::events::model::is_facilitator(&state.db, event_id, user.id).await?
            {
                return Err(AppError::Forbidden);
            }
            if crate::events::model::by_id(&state.db, event_id)
                .await?
                .is_none()
            {
                return Err(AppError::NotFound);
            }
            Ok(None)
        }
        Access::ApiToken | Access::ApiAtLeast(_) => {
            let Some(raw) = bearer else {
                return Err(AppError::SignIn {
                    next: String::new(),
                });
            };
            match tokens::authenticate(&state.db, &raw).await? {
                Some(user) => match access {
                    Access::ApiAtLeast(role) if user.role < role => Err(AppError::Forbidden),
                    _ => Ok(Some(ApiUser(user))),
                },
                None => Err(AppError::SignIn {
                    next: String::new(),
                }),
            }
        }
    }
}
