//! Listing, creating, viewing and editing organizations.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};

use super::model::{self, MemberRole, OrgInput, KINDS, SERVICES, STAFF_SIZES, STATES};
use crate::{
    accounts::{audit, model::Role},
    app::AppState,
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::{redirect_with_flash, Fields, Form},
        pages::{render, render_status},
    },
};

#[derive(Template)]
#[template(path = "orgs/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub mine: Vec<model::MyOrg>,
    /// Institute staff see every organization.
    pub all: Vec<model::Org>,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    let mine = model::for_user(&state.db, user.id).await?;
    let all = if user.role >= Role::Staff {
        model::all(&state.db).await?
    } else {
        Vec::new()
    };
    render(&ListPage { ctx, mine, all })
}

#[derive(Template)]
#[template(path = "orgs/form.html")]
pub struct OrgFormPage {
    pub ctx: Ctx,
    pub form: Form,
    pub action: String,
    pub heading: String,
    pub kinds: &'static [&'static str],
    pub services: &'static [&'static str],
    pub sizes: &'static [&'static str],
    pub states: &'static [(&'static str, &'static str)],
}

impl OrgFormPage {
    fn new(ctx: Ctx, form: Form, action: String, heading_key: &str) -> OrgFormPage {
        OrgFormPage {
            heading: ctx.t(heading_key),
            ctx,
            form,
            action,
            kinds: KINDS,
            services: SERVICES,
            sizes: STAFF_SIZES,
            states: STATES,
        }
    }
}

/// Checks the organization form; on error the form carries the messages.
fn parse(ctx: &Ctx, f: &Fields) -> Result<OrgInput, Form> {
    let mut form = f.form();
    let name = f.text("name");
    if name.is_empty() {
        form.add("name", ctx.t("error-org-name-required"));
    } else if name.chars().count() > 160 {
        form.add("name", ctx.t("error-org-name-long"));
    }
    let kind = f.text("kind");
    if !KINDS.contains(&kind) {
        form.add("kind", ctx.t("error-org-kind"));
    }
    let mut services: Vec<String> = Vec::new();
    for s in f.all("services") {
        if !services.iter().any(|x| x == s) {
            services.push(s.to_string());
        }
    }
    if services.iter().any(|s| !SERVICES.contains(&s.as_str())) {
        form.add("services", ctx.t("error-org-services"));
    }
    let st = f.text("state");
    if !STATES.iter().any(|(c, _)| *c == st) {
        form.add("state", ctx.t("error-org-state"));
    }
    let size = f.text("staff_size");
    if !STAFF_SIZES.contains(&size) {
        form.add("staff_size", ctx.t("error-org-size"));
    }
    if !form.is_ok() {
        return Err(form);
    }
    Ok(OrgInput {
        name: name.to_string(),
        kind: kind.to_string(),
        services,
        state: st.to_string(),
        staff_size: size.to_string(),
    })
}

pub async fn new_form(ctx: Ctx) -> AppResult<Response> {
    render(&OrgFormPage::new(
        ctx,
        Form::new(),
        "/orgs/new".into(),
        "org-new-title",
    ))
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, f: Fields) -> AppResult<Response> {
    let user = ctx.require_user()?.clone();
    match parse(&ctx, &f) {
        Err(form) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &OrgFormPage::new(ctx, form, "/orgs/new".into(), "org-new-title"),
        ),
        Ok(input) => {
            let id = model::create(&state.db, &input, user.id, &ctx.ip).await?;
            Ok(redirect_with_flash(
                &state,
                &format!("/orgs/{id}"),
                "flash-org-created",
            ))
        }
    }
}

#[derive(Template)]
#[template(path = "orgs/show.html")]
pub struct ShowPage {
    pub ctx: Ctx,
    pub org: model::Org,
    pub state_name: &'static str,
    pub is_manager: bool,
    pub is_member: bool,
    pub members: Vec<model::Member>,
    pub managers: Vec<model::Member>,
    pub invitations: Vec<model::Invitation>,
    pub invite: Form,
}

pub async fn show_page(
    state: &AppState,
    ctx: Ctx,
    org_id: i64,
    invite: Form,
) -> AppResult<ShowPage> {
    let user = ctx.require_user()?.clone();
    let org = model::get(&state.db, org_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mine = model::membership(&state.db, org_id, user.id).await?;
    let is_manager = mine == Some(MemberRole::Manager) || user.role == Role::Admin;
    let all = model::members(&state.db, org_id).await?;
    let managers = all
        .iter()
        .filter(|m| m.role == MemberRole::Manager)
        .cloned()
        .collect();
    // The staff list (with emails) is for managers and institute staff only.
    let members = if is_manager || user.role >= Role::Staff {
        all
    } else {
        Vec::new()
    };
    let invitations = if is_manager {
        model::pending_invitations(&state.db, org_id).await?
    } else {
        Vec::new()
    };
    Ok(ShowPage {
        state_name: model::state_name(&org.state),
        is_member: mine.is_some(),
        org,
        is_manager,
        members,
        managers,
        invitations,
        invite,
        ctx,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(org_id): Path<i64>,
) -> AppResult<Response> {
    render(&show_page(&state, ctx, org_id, Form::new().with("role", "member")).await?)
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(org_id): Path<i64>,
) -> AppResult<Response> {
    let org = model::get(&state.db, org_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = Form::new()
        .with("name", org.name)
        .with("kind", org.kind)
        .with("services", org.services.join(","))
        .with("state", org.state)
        .with("staff_size", org.staff_size);
    render(&OrgFormPage::new(
        ctx,
        form,
        format!("/orgs/{org_id}/edit"),
        "org-edit-title",
    ))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(org_id): Path<i64>,
    f: Fields,
) -> AppResult<Response> {
    match parse(&ctx, &f) {
        Err(form) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &OrgFormPage::new(ctx, form, format!("/orgs/{org_id}/edit"), "org-edit-title"),
        ),
        Ok(input) => {
            model::update(&state.db, org_id, &input).await?;
            audit::record(
                &state.db.pool,
                ctx.user_id(),
                "org_updated",
                &format!("org:{org_id}"),
                &ctx.ip,
                "",
            )
            .await?;
            Ok(redirect_with_flash(
                &state,
                &format!("/orgs/{org_id}"),
                "flash-saved",
            ))
        }
    }
}
