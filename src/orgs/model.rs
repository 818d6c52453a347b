//! Organizations (the programs the institute trains), their members and invitations.

use serde::Serialize;
use sqlx::Row;

use crate::db::{now, Db};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MemberRole {
    Manager,
    Member,
}

impl MemberRole {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Manager => "manager",
            MemberRole::Member => "member",
        }
    }
    pub fn parse(s: &str) -> Option<MemberRole> {
        match s {
            "manager" => Some(MemberRole::Manager),
            "member" => Some(MemberRole::Member),
            _ => None,
        }
    }
}

/// Kinds of program, in the order the form shows them.
pub const KINDS: &[&str] = &[
    "shelter",
    "transitional_housing",
    "drop_in",
    "case_management",
    "legal",
    "health",
    "mental_health",
    "outreach",
    "hotline",
    "law_enforcement",
    "coalition",
    "other",
];

pub const SERVICES: &[&str] = &[
    "emergency_shelter",
    "housing",
    "case_management",
    "legal",
    "immigration",
    "medical",
    "counseling",
    "substance_use",
    "employment",
    "education",
    "interpretation",
    "outreach",
    "hotline",
    "peer_support",
    "other",
];

pub const STAFF_SIZES: &[&str] = &["1-5", "6-20", "21-50", "51-200", "200+"];

/// US states, the District of Columbia and the territories, by postal code.
pub const STATES: &[(&str, &str)] = &[
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
    ("AS", "American Samoa"),
    ("GU", "Guam"),
    ("MP", "Northern Mariana Islands"),
    ("PR", "Puerto Rico"),
    ("VI", "U.S. Virgin Islands"),
];

pub fn state_name(code: &str) -> &'static str {
    STATES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
        .unwrap_or("")
}

#[derive(Clone, Debug, Serialize)]
pub struct Org {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub services: Vec<String>,
    pub state: String,
    pub staff_size: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct MyOrg {
    pub id: i64,
    pub name: String,
    pub state: String,
    pub role: MemberRole,
}

#[derive(Clone, Debug, Serialize)]
pub struct Member {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: MemberRole,
    pub joined_at: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Invitation {
    pub id: i64,
    pub org_id: i64,
    pub email: String,
    pub role: MemberRole,
    pub created_at: i64,
    pub expires_at: i64,
}

/// The fields of the organization form, already checked.
pub struct OrgInput {
    pub name: String,
    pub kind: String,
    pub services: Vec<String>,
    pub state: String,
    pub staff_size: String,
}

fn org_from_row(r: &sqlx::any::AnyRow) -> sqlx::Result<Org> {
    let services: String = r.try_get("services")?;
    Ok(Org {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        kind: r.try_get("kind")?,
        services: services
            .split(',')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        state: r.try_get("state")?,
        staff_size: r.try_get("staff_size")?,
        created_at: r.try_get("created_at")?,
    })
}

pub async fn get(db: &Db, id: i64) -> sqlx::Result<Option<Org>> {
    sqlx::query("SELECT id, name, kind, services, state, staff_size, created_at FROM organizations WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| org_from_row(&r))
        .transpose()
}

pub async fn exists(db: &Db, id: i64) -> sqlx::Result<bool> {
    Ok(
        sqlx::query("SELECT 1 AS one FROM organizations WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?
            .is_some(),
    )
}

/// Creates an organization with its creator as the first manager, in one transaction.
pub async fn create(db: &Db, input: &OrgInput, creator: i64, ip: &str) -> sqlx::Result<i64> {
    let t = now();
    let mut tx = db.tx().await?;
    let row = sqlx::query(
        "INSERT INTO organizations (name, kind, services, state, staff_size, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(&input.name)
    .bind(&input.kind)
    .bind(input.services.join(","))
    .bind(&input.state)
    .bind(&input.staff_size)
    .bind(creator)
    .bind(t)
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    sqlx::query("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, 'manager', $3)")
        .bind(id)
        .bind(creator)
        .bind(t)
        .execute(&mut *tx)
        .await?;
    crate::accounts::audit::record(
        &mut *tx,
        Some(creator),
        "org_created",
        &format!("org:{id}"),
        ip,
        &input.name,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(db: &Db, id: i64, input: &OrgInput) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE organizations SET name = $1, kind = $2, services = $3, state = $4, staff_size = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(&input.name)
    .bind(&input.kind)
    .bind(input.services.join(","))
    .bind(&input.state)
    .bind(&input.staff_size)
    .bind(now())
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn membership(db: &Db, org_id: i64, user_id: i64) -> sqlx::Result<Option<MemberRole>> {
    let row = sqlx::query("SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2")
        .bind(org_id)
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row
        .and_then(|r| r.try_get::<String, _>("role").ok())
        .and_then(|s| MemberRole::parse(&s)))
}

pub async fn for_user(db: &Db, user_id: i64) -> sqlx::Result<Vec<MyOrg>> {
    let rows = sqlx::query(
        "SELECT o.id, o.name, o.state, m.role FROM memberships m JOIN organizations o ON o.id = m.org_id \
         WHERE m.user_id = $1 ORDER BY o.name",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(MyOrg {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                state: r.try_get("state")?,
                role: MemberRole::parse(&r.try_get::<String, _>("role")?)
                    .unwrap_or(MemberRole::Member),
            })
        })
        .collect()
}

/// Every organization, for institute staff.
pub async fn all(db: &Db) -> sqlx::Result<Vec<Org>> {
    let rows = sqlx::query("SELECT id, name, kind, services, state, staff_size, created_at FROM organizations ORDER BY name")
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(org_from_row).collect()
}

pub async fn members(db: &Db, org_id: i64) -> sqlx::Result<Vec<Member>> {
    let rows = sqlx::query(
        "SELECT u.id, u.name, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.org_id = $1 ORDER BY CASE WHEN m.role = 'manager' THEN 0 ELSE 1 END, u.name",
    )
    .bind(org_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Member {
                user_id: r.try_get("id")?,
                name: r.try_get("name")?,
                email: r.try_get("email")?,
                role: MemberRole::parse(&r.try_get::<String, _>("role")?)
                    .unwrap_or(MemberRole::Member),
                joined_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

pub async fn pending_invitations(db: &Db, org_id: i64) -> sqlx::Result<Vec<Invitation>> {
    let rows = sqlx::query(
        "SELECT id, org_id, email, role, created_at, expires_at FROM invitations \
         WHERE org_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2 ORDER BY id DESC",
    )
    .bind(org_id)
    .bind(now())
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(invitation_from_row).collect()
}

pub fn invitation_from_row(r: &sqlx::any::AnyRow) -> sqlx::Result<Invitation> {
    Ok(Invitation {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        email: r.try_get("email")?,
        role: MemberRole::parse(&r.try_get::<String, _>("role")?).unwrap_or(MemberRole::Member),
        created_at: r.try_get("created_at")?,
        expires_at: r.try_get("expires_at")?,
    })
}
