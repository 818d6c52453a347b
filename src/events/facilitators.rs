//! Facilitator profiles: who leads a training, what they know, which languages they
//! train in and where. Public, so participants can see who they will learn from.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use sqlx::Row;

use super::model::{self, Event};
use crate::{
    accounts::audit,
    app::AppState,
    db::{now, Db},
    topics::TOPICS,
    web::{
        context::Ctx,
        error::{AppError, AppResult},
        form::{redirect_with_flash, Fields, Form},
        pages::{render, render_status},
    },
};

pub const MAX_BIO: usize = 5000;
pub const MAX_LANGUAGES: usize = 200;
pub const MAX_REGION: usize = 100;

#[derive(Clone, Debug, Default)]
pub struct Profile {
    pub bio: String,
    pub expertise: Vec<String>,
    pub languages: String,
    pub region: String,
}

/// (id, name, role) of an active user who may facilitate.
async fn facilitator(db: &Db, user_id: i64) -> sqlx::Result<Option<(i64, String, String)>> {
    let row = sqlx::query("SELECT id, name, role FROM users WHERE id = $1 AND active = 1 AND role IN ('facilitator', 'staff', 'admin')").bind(user_id).fetch_optional(&db.pool).await?;
    row.map(|r| Ok((r.try_get("id")?, r.try_get("name")?, r.try_get("role")?)))
        .transpose()
}

pub async fn profile(db: &Db, user_id: i64) -> sqlx::Result<Option<Profile>> {
    let row = sqlx::query(
        "SELECT bio, expertise, languages, region FROM facilitator_profiles WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok(Profile {
            bio: r.try_get("bio")?,
            expertise: r
                .try_get::<String, _>("expertise")?
                .split(',')
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect(),
            languages: r.try_get("languages")?,
            region: r.try_get("region")?,
        })
    })
    .transpose()
}

async fn save(db: &Db, user_id: i64, p: &Profile) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO facilitator_profiles (user_id, bio, expertise, languages, region, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (user_id) DO UPDATE SET bio = excluded.bio, expertise = excluded.expertise, languages = excluded.languages, region = excluded.region, updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(&p.bio)
    .bind(format!(",{},", p.expertise.join(",")))
    .bind(&p.languages)
    .bind(&p.region)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}

fn parse(ctx: &Ctx, f: &Fields) -> Result<Profile, Form> {
    let mut form = f.form();
    let bio = f.get("bio").replace("\r\n", "\n").trim().to_string();
    if bio.chars().count() > MAX_BIO {
        form.add("bio", ctx.t("facilitator-error-bio-long"));
    }
    let chosen = f.all("expertise");
    if chosen.iter().any(|c| !TOPICS.contains(c)) {
        form.add("expertise", ctx.t("facilitator-error-expertise"));
    }
    let languages = f.text("languages").replace(['\r', '\n'], " ");
    if languages.chars().count() > MAX_LANGUAGES {
        form.add("languages", ctx.t("facilitator-error-languages-long"));
    }
    let region = f.text("region").replace(['\r', '\n'], " ");
    if region.chars().count() > MAX_REGION {
        form.add("region", ctx.t("facilitator-error-region-long"));
    }
    if !form.is_ok() {
        return Err(form);
    }
    let expertise = TOPICS
        .iter()
        .filter(|t| chosen.contains(t))
        .map(|t| t.to_string())
        .collect();
    Ok(Profile {
        bio,
        expertise,
        languages,
        region,
    })
}

fn form_of(p: &Profile) -> Form {
    Form::new()
        .with("bio", p.bio.clone())
        .with("expertise", p.expertise.join(","))
        .with("languages", p.languages.clone())
        .with("region", p.region.clone())
}

// ---------------------------------------------------------------------------------------
// The public profile
// ---------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "events/facilitator/profile.html")]
pub struct PublicPage {
    pub ctx: Ctx,
    pub name: String,
    pub profile: Option<Profile>,
    pub bio_html: String,
    pub upcoming: Vec<(Event, String)>,
}

pub async fn public(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(user): Path<i64>,
) -> AppResult<Response> {
    let (id, name, _) = facilitator(&state.db, user)
        .await?
        .ok_or(AppError::NotFound)?;
    let profile = profile(&state.db, id).await?;
    let bio_html = profile
        .as_ref()
        .map(|p| crate::markdown::to_html(&p.bio, &name))
        .unwrap_or_default();
    let t = now();
    let mut upcoming = Vec::new();
    for e in model::facilitated_by(&state.db, id).await? {
        if !e.published || e.cancelled_at.is_some() {
            continue;
        }
        let sessions = model::sessions(&state.db, e.id).await?;
        if sessions.iter().all(|s| s.ends_at <= t) {
            continue;
        }
        let first = sessions
            .iter()
            .find(|s| s.ends_at > t)
            .map(|s| e.when(s))
            .unwrap_or_default();
        upcoming.push((e, first));
    }
    render(&PublicPage {
        ctx,
        name,
        profile,
        bio_html,
        upcoming,
    })
}

// ---------------------------------------------------------------------------------------
// Editing: one's own, or anyone's for staff
// ---------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "events/facilitator/edit.html")]
pub struct EditPage {
    pub ctx: Ctx,
    pub form: Form,
    pub heading: String,
    pub action: String,
    pub user_id: i64,
    pub staff: bool,
    pub topics: &'static [&'static str],
}

async fn edit_page(
    state: &AppState,
    ctx: Ctx,
    user_id: i64,
    form: Option<Form>,
    staff: bool,
) -> AppResult<EditPage> {
    let (_, name, _) = facilitator(&state.db, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = match form {
        Some(f) => f,
        None => form_of(&profile(&state.db, user_id).await?.unwrap_or_default()),
    };
    let (heading, action) = if staff {
        (
            format!("{}: {}", ctx.t("facilitator-edit-title"), name),
            format!("/staff/facilitators/{user_id}"),
        )
    } else {
        (
            ctx.t("facilitator-my-profile"),
            "/facilitator/profile".to_string(),
        )
    };
    Ok(EditPage {
        ctx,
        form,
        heading,
        action,
        user_id,
        staff,
        topics: TOPICS,
    })
}

async fn submit(
    state: AppState,
    ctx: Ctx,
    user_id: i64,
    f: Fields,
    staff: bool,
) -> AppResult<Response> {
    match parse(&ctx, &f) {
        Err(form) => {
            let page = edit_page(&state, ctx, user_id, Some(form), staff).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Ok(p) => {
            facilitator(&state.db, user_id)
                .await?
                .ok_or(AppError::NotFound)?;
            save(&state.db, user_id, &p).await?;
            audit::record(
                &state.db.pool,
                ctx.user_id(),
                "facilitator.profile",
                &format!("user:{user_id}"),
                &ctx.ip,
                "",
            )
            .await?;
            let to = if staff {
                format!("/staff/facilitators/{user_id}")
            } else {
                "/facilitator/profile".to_string()
            };
            Ok(redirect_with_flash(&state, &to, "facilitator-flash-saved"))
        }
    }
}

pub async fn own_form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let id = ctx.require_user()?.id;
    let page = edit_page(&state, ctx, id, None, false).await?;
    render(&page)
}

pub async fn own_submit(State(state): State<AppState>, ctx: Ctx, f: Fields) -> AppResult<Response> {
    let id = ctx.require_user()?.id;
    submit(state, ctx, id, f, false).await
}

pub async fn staff_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(user): Path<i64>,
) -> AppResult<Response> {
    let page = edit_page(&state, ctx, user, None, true).await?;
    render(&page)
}

pub async fn staff_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(user): Path<i64>,
    f: Fields,
) -> AppResult<Response> {
    submit(state, ctx, user, f, true).await
}

pub struct ListRow {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub region: String,
}

#[derive(Template)]
#[template(path = "events/staff/facilitators.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub rows: Vec<ListRow>,
}

pub async fn staff_list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let rows = sqlx::query(
        "SELECT u.id, u.name, u.role, COALESCE(p.region, '') AS region FROM users u LEFT JOIN facilitator_profiles p ON p.user_id = u.id \
         WHERE u.active = 1 AND u.role IN ('facilitator', 'staff', 'admin') ORDER BY u.name, u.id",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let rows = rows
        .iter()
        .map(|r| {
            Ok(ListRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                role: r.try_get("role")?,
                region: r.try_get("region")?,
            })
        })
        .collect::<sqlx::Result<Vec<_>>>()?;
    render(&ListPage { ctx, rows })
}
