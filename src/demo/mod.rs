//! Demo content for `tta demo`: fictional people and programs across several states, so
//! every capability has something to show. Loading is idempotent.

use rand::seq::SliceRandom;

mod courses;
pub mod library;
mod library_load;
mod season;

pub use courses::shipped as shipped_courses;

use crate::{
    accounts::{model, password},
    app::AppState,
    db::now,
    orgs::model::{self as orgs, OrgInput},
};

struct Person {
    email: &'static str,
    name: &'static str,
    role: model::Role,
    password: &'static str,
}

const PEOPLE: &[Person] = &[
    Person {
        email: "admin@demo.tta.example.org",
        name: "Dana Whitfield",
        role: model::Role::Admin,
        password: "lantern-harbor-quilt-42",
    },
    Person {
        email: "staff@demo.tta.example.org",
        name: "Marisol Ortega",
        role: model::Role::Staff,
        password: "meadow-compass-ribbon-17",
    },
    Person {
        email: "facilitator@demo.tta.example.org",
        name: "Kwame Asante",
        role: model::Role::Facilitator,
        password: "orchard-signal-pebble-63",
    },
    Person {
        email: "priya@harborlight.example.org",
        name: "Priya Raman",
        role: model::Role::Learner,
        password: "willow-canyon-teapot-28",
    },
    Person {
        email: "tomas@harborlight.example.org",
        name: "Tomás Aguilar",
        role: model::Role::Learner,
        password: "juniper-anchor-violin-91",
    },
    Person {
        email: "jordan@mesaverdelegal.example.org",
        name: "Jordan Lee",
        role: model::Role::Learner,
        password: "prairie-beacon-saddle-35",
    },
    Person {
        email: "aisha@lakeshoreoutreach.example.org",
        name: "Aisha Bello",
        role: model::Role::Learner,
        password: "harvest-lagoon-marble-50",
    },
    Person {
        email: "ruth@piedmonthealth.example.org",
        name: "Ruth Nakamura",
        role: model::Role::Learner,
        password: "cedar-riddle-lantern-74",
    },
];

struct DemoOrg {
    name: &'static str,
    kind: &'static str,
    services: &'static [&'static str],
    state: &'static str,
    size: &'static str,
    /// (email, manager?)
    members: &'static [(&'static str, bool)],
}

const ORGS: &[DemoOrg] = &[
    DemoOrg {
        name: "Harbor Light Shelter",
        kind: "shelter",
        services: &[
            "emergency_shelter",
            "housing",
            "case_management",
            "peer_support",
        ],
        state: "OR",
        size: "6-20",
        members: &[
            ("priya@harborlight.example.org", true),
            ("tomas@harborlight.example.org", false),
        ],
    },
    DemoOrg {
        name: "Mesa Verde Legal Services",
        kind: "legal",
        services: &["legal", "immigration", "interpretation"],
        state: "NM",
        size: "6-20",
        members: &[("jordan@mesaverdelegal.example.org", true)],
    },
    DemoOrg {
        name: "Lakeshore Outreach Network",
        kind: "outreach",
        services: &["outreach", "case_management", "hotline"],
        state: "IL",
        size: "21-50",
        members: &[
            ("aisha@lakeshoreoutreach.example.org", true),
            ("ruth@piedmonthealth.example.org", false),
        ],
    },
    DemoOrg {
        name: "Piedmont Health Access Clinic",
        kind: "health",
        services: &["medical", "counseling", "substance_use"],
        state: "NC",
        size: "51-200",
        members: &[("ruth@piedmonthealth.example.org", true)],
    },
    DemoOrg {
        name: "Gulf Coast Case Management Partners",
        kind: "case_management",
        services: &["case_management", "employment", "education"],
        state: "FL",
        size: "1-5",
        members: &[],
    },
];

/// Loads the demo people and organizations once; returns (role, email, password) to print.
pub async fn load(state: &AppState) -> anyhow::Result<Vec<(String, String, String)>> {
    let mut ids = std::collections::HashMap::new();
    for p in PEOPLE {
        let id = match model::by_email(&state.db.pool, p.email).await? {
            Some(u) => u.id,
            None => {
                let hash = password::hash(p.password)?;
                model::insert(
                    &state.db.pool,
                    model::NewUser {
                        email: p.email,
                        name: p.name,
                        password_hash: &hash,
                        role: p.role,
                        verified: true,
                    },
                )
                .await?
            }
        };
        ids.insert(p.email, id);
    }
    let existing = orgs::all(&state.db).await?;
    let admin = ids[PEOPLE[0].email];
    for o in ORGS {
        if existing.iter().any(|e| e.name == o.name) {
            continue;
        }
        // A program with no tta accounts yet is managed by the institute's admin for now.
        let creator = o
            .members
            .iter()
            .find(|(_, m)| *m)
            .map(|(e, _)| ids[e])
            .unwrap_or(admin);
        let input = OrgInput {
            name: o.name.into(),
            kind: o.kind.into(),
            services: o.services.iter().map(|s| s.to_string()).collect(),
            state: o.state.into(),
            staff_size: o.size.into(),
        };
        let org_id = orgs::create(&state.db, &input, creator, "").await?;
        for (email, manager) in o.members {
            let uid = ids[email];
            if uid == creator {
                continue;
            }
            sqlx::query("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)")
                .bind(org_id)
                .bind(uid)
                .bind(if *manager { "manager" } else { "member" })
                .bind(now())
                .execute(&state.db.pool)
                .await?;
        }
    }
    load_reviews(state, &ids).await?;
    courses::load(state, &ids).await?;
    season::load(state, &ids).await?;
    library_load::load(state, ids.get("staff@demo.tta.example.org").copied()).await?;
    Ok(PEOPLE
        .iter()
        .map(|p| {
            (
                p.role.as_str().to_string(),
                p.email.to_string(),
                p.password.to_string(),
            )
        })
        .collect())
}

/// The sample handbook of a fictional shelter and its voluntary rewrite, shipped with the
/// review engine; `tta review` can be run on the same files.
pub const SAMPLE_HANDBOOK: &str = include_str!("../../crates/review/samples/house-rules.md");
pub const SAMPLE_REWRITE: &str = include_str!("../../crates/review/samples/voluntary-rules.md");

/// Harbor Light Shelter saved the training sample handbook and its rewrite, so the demo shows a
/// saved review and the comparison between versions.
async fn load_reviews(
    state: &AppState,
    ids: &std::collections::HashMap<&str, i64>,
) -> anyhow::Result<()> {
    let org: Option<i64> =
        sqlx::query("SELECT id FROM organizations WHERE name = 'Harbor Light Shelter'")
            .fetch_optional(&state.db.pool)
            .await?
            .map(|r| sqlx::Row::try_get(&r, "id"))
            .transpose()?;
    let Some(org) = org else { return Ok(()) };
    let have: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT COUNT(*) AS n FROM policy_reviews WHERE org_id = $1")
            .bind(org)
            .fetch_one(&state.db.pool)
            .await?,
        "n",
    )?;
    if have > 0 {
        return Ok(());
    }
    let author = ids.get("priya@harborlight.example.org").copied();
    let year = 365 * 86_400;
    for (title, text, age) in [
        (
            "Cedar Lane House handbook (training sample)",
            SAMPLE_HANDBOOK,
            year / 2,
        ),
        (
            "Cedar Lane House handbook, rewritten with residents",
            SAMPLE_REWRITE,
            0,
        ),
    ] {
        let report = tta_review::review(text);
        sqlx::query(
            "INSERT INTO policy_reviews (org_id, title, body, findings, red_lines, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(org)
        .bind(title)
        .bind(text)
        .bind(report.summary.flagged_clauses as i64)
        .bind(report.summary.red_line_clauses as i64)
        .bind(author)
        .bind(now() - age)
        .execute(&state.db.pool)
        .await?;
    }
    Ok(())
}

const WORDS: &[&str] = &[
    "amber", "anchor", "apron", "aster", "atlas", "badge", "banjo", "basil", "beacon", "birch",
    "bison", "blossom", "bramble", "breeze", "brook", "cabin", "cactus", "candle", "canyon",
    "cedar", "cello", "cinder", "clover", "cobalt", "comet", "compass", "coral", "cricket",
    "crimson", "dahlia", "delta", "denim", "dune", "ember", "falcon", "fern", "fiddle", "fjord",
    "flint", "gable", "garnet", "ginger", "glacier", "granite", "harbor", "harvest", "hazel",
    "heron", "hickory", "indigo", "iris", "ivory", "jasper", "juniper", "kettle", "kiwi", "lagoon",
    "lantern", "larch", "lemon", "lilac", "linen", "lotus", "maple", "marble", "meadow", "mesa",
    "mint", "mosaic", "nectar", "nutmeg", "oasis", "olive", "onyx", "orchard", "otter", "paddle",
    "pebble", "pepper", "pine", "plume", "prairie", "quartz", "quill", "raven", "reef", "ribbon",
    "ridge", "saddle", "sage", "sequoia", "signal", "slate", "sparrow", "spruce", "summit",
    "teapot", "thistle", "timber", "tulip", "tundra", "velvet", "violin", "walnut", "willow",
    "wren", "yarrow", "zephyr",
];

/// A random passphrase of five words and two digits (about 40 bits), easy to type.
pub fn passphrase() -> String {
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    let mut words: Vec<&str> = (0..5)
        .map(|_| *WORDS.choose(&mut rng).unwrap_or(&"tta"))
        .collect();
    let n = rng.gen_range(10..100).to_string();
    words.push(&n);
    words.join("-")
}
