//! A season of live trainings for the demo: past ones with attendance, evaluations and
//! certificates, upcoming ones in several states and online, some full with a waitlist.
//! Dates are relative to today, so the demo always has both. Events go through the same
//! parse and checks as staff input; registrations are written directly, because
//! registering through `seats` would email the fictional people.

use std::collections::HashMap;

use chrono::Duration;
use serde_json::json;
use sqlx::Row;

use crate::{
    accounts::{model as users, password},
    app::AppState,
    db::now,
    events::{
        input::{self, RawEvent, RawQuestion, RawSession},
        model, time,
    },
};

/// Facilitators the demo adds next to the demo facilitator account.
struct Facilitator {
    email: &'static str,
    name: &'static str,
    bio: &'static str,
    expertise: &'static [&'static str],
    languages: &'static str,
    region: &'static str,
}

const DEMO_FACILITATOR: &str = "facilitator@demo.tta.example.org";

const FACILITATORS: &[Facilitator] = &[
    Facilitator {
        email: DEMO_FACILITATOR,
        name: "",
        bio: "Kwame spent nine years as a case manager and then program director at a shelter for adults leaving exploitation. \
              He trains teams on replacing house rules that control with agreements residents help write, and on keeping \
              services open to people who are not ready to talk to law enforcement.",
        expertise: &["voluntary_services", "housing", "organizational_policy"],
        languages: "English, Twi",
        region: "Midwest and Pacific Northwest",
    },
    Facilitator {
        email: "lucia.ferreira@demo.tta.example.org",
        name: "Lucía Ferreira",
        bio: "Lucía is a court-certified interpreter and former immigration legal advocate. She helps legal and health teams \
              work with interpreters so that survivors are heard in their own words, and she leads the institute's \
              Spanish-language sessions.",
        expertise: &["legal_immigration", "labor_trafficking", "rights_based"],
        languages: "Spanish, English, Portuguese",
        region: "Southwest",
    },
    Facilitator {
        email: "malik.henderson@demo.tta.example.org",
        name: "Malik Henderson",
        bio: "Malik organized with farmworker and day-laborer groups before joining the institute. He teaches how labor \
              trafficking shows up in ordinary workplaces and how outreach and health teams can offer help without \
              putting workers at risk of losing income or status.",
        expertise: &["labor_trafficking", "safety_planning", "youth"],
        languages: "English",
        region: "Midwest and Southeast",
    },
    Facilitator {
        email: "hannah.okafor@demo.tta.example.org",
        name: "Hannah Okafor",
        bio: "Hannah is a licensed clinical social worker who supervised a survivor-led peer support program. Her trainings \
              focus on trauma-informed practice for the whole staff, from the front desk to the overnight shift, and on \
              caring for the people doing the work.",
        expertise: &["trauma_informed", "survivor_leadership", "harm_reduction"],
        languages: "English, Igbo",
        region: "Southeast",
    },
];

/// Fictional participants who fill seats and waitlists.
const PARTICIPANTS: &[(&str, &str)] = &[
    (
        "elena.castillo@riverbendhouse.example.org",
        "Elena Castillo",
    ),
    ("marcus.bell@riverbendhouse.example.org", "Marcus Bell"),
    ("nadia.haddad@northstarclinic.example.org", "Nadia Haddad"),
    (
        "owen.fitzgerald@northstarclinic.example.org",
        "Owen Fitzgerald",
    ),
    ("yuki.tanaka@baysideadvocates.example.org", "Yuki Tanaka"),
    (
        "beatriz.souza@baysideadvocates.example.org",
        "Beatriz Souza",
    ),
    ("daniel.kim@highplainsoutreach.example.org", "Daniel Kim"),
    ("fatima.noor@highplainsoutreach.example.org", "Fatima Noor"),
    ("grace.mwangi@tidewaterlegal.example.org", "Grace Mwangi"),
    ("luis.ortega@tidewaterlegal.example.org", "Luis Ortega"),
];

/// One registration: who, whether they wait for a place, their answers and, for past
/// trainings, the sessions they were present at and their evaluation.
struct Seat {
    email: &'static str,
    waitlisted: bool,
    access: &'static str,
    interpreter: &'static str,
    /// Present at the first n sessions (past trainings only).
    present: usize,
    /// (relevance, clarity, usefulness, facilitation, comment)
    evaluation: Option<([i64; 4], &'static str)>,
}

const fn seat(email: &'static str) -> Seat {
    Seat {
        email,
        waitlisted: false,
        access: "",
        interpreter: "",
        present: 0,
        evaluation: None,
    }
}

const fn waiting(email: &'static str) -> Seat {
    Seat {
        email,
        waitlisted: true,
        access: "",
        interpreter: "",
        present: 0,
        evaluation: None,
    }
}

const fn attended(
    email: &'static str,
    present: usize,
    evaluation: Option<([i64; 4], &'static str)>,
) -> Seat {
    Seat {
        email,
        waitlisted: false,
        access: "",
        interpreter: "",
        present,
        evaluation,
    }
}

/// A session: days from today (in the event's zone), start and end as local times.
type Day = (i64, &'static str, &'static str, &'static str);

struct Training {
    slug: &'static str,
    title: &'static str,
    description: &'static str,
    format: &'static str,
    timezone: &'static str,
    /// (venue, address, city, state) for in-person and hybrid trainings.
    place: Option<(&'static str, &'static str, &'static str, &'static str)>,
    accessibility: &'static str,
    capacity: i64,
    /// Days before the first session that registration opens (for a training far ahead,
    /// that can still be in the future).
    opens_days_before: i64,
    audience: &'static [&'static str],
    topics: &'static [&'static str],
    language: &'static str,
    ce_hours: &'static str,
    ask_dietary: bool,
    questions: &'static [(&'static str, bool)],
    sessions: &'static [Day],
    facilitators: &'static [&'static str],
    seats: &'static [Seat],
}

const PRIYA: &str = "priya@harborlight.example.org";
const TOMAS: &str = "tomas@harborlight.example.org";
const JORDAN: &str = "jordan@mesaverdelegal.example.org";
const AISHA: &str = "aisha@lakeshoreoutreach.example.org";
const RUTH: &str = "ruth@piedmonthealth.example.org";
const LUCIA: &str = "lucia.ferreira@demo.tta.example.org";
const MALIK: &str = "malik.henderson@demo.tta.example.org";
const HANNAH: &str = "hannah.okafor@demo.tta.example.org";

const TRAININGS: &[Training] = &[
    Training {
        slug: "voluntary-services-in-shelter-settings-chicago",
        title: "Voluntary Services in Shelter Settings",
        description: "A two-day workshop for shelter and transitional housing teams on offering services rather than \
requiring them.\n\nWe look at the rules most programs inherited — mandatory groups, curfews, phone restrictions, \
sobriety and cooperation requirements — and ask what each one is for, who it protects and what it costs a person \
who has already lived under someone else's control. Teams leave with a rewritten rule of their own and a plan for \
talking about the change with residents and funders.\n\nBring a copy of your current house rules or resident \
handbook if you can.",
        format: "in_person",
        timezone: "America/Chicago",
        place: Some(("Lakeshore Community Center, Room 204", "1520 W Argyle St", "Chicago", "IL")),
        accessibility: "Step-free entrance on Argyle Street; elevator to the second floor. All-gender restrooms on each floor. \
A quiet room is available throughout both days.",
        capacity: 20,
        opens_days_before: 60,
        audience: &["shelter", "transitional_housing", "case_management"],
        topics: &["voluntary_services", "housing", "organizational_policy"],
        language: "en",
        ce_hours: "12",
        ask_dietary: true,
        questions: &[("Which house rule would you most like to work on?", false)],
        sessions: &[(-40, "Day one", "09:00", "16:00"), (-39, "Day two", "09:00", "16:00")],
        facilitators: &[DEMO_FACILITATOR, MALIK],
        seats: &[
            attended(PRIYA, 2, Some(([5, 5, 5, 5], "Rewriting our phone rule with the group made it feel possible, not theoretical."))),
            attended(TOMAS, 2, Some(([5, 4, 5, 4], "I would like a follow-up on talking with funders about outcome measures."))),
            attended(AISHA, 1, None),
            attended("elena.castillo@riverbendhouse.example.org", 2, Some(([4, 4, 5, 5], ""))),
            attended("marcus.bell@riverbendhouse.example.org", 2, Some(([5, 5, 4, 5], "Good pacing and plenty of time for questions."))),
            attended("daniel.kim@highplainsoutreach.example.org", 0, None),
        ],
    },
    Training {
        slug: "recognizing-labor-trafficking-albuquerque",
        title: "Recognizing Labor Trafficking in Everyday Workplaces",
        description: "Labor trafficking rarely looks like the stories in the news. This one-day training walks through \
indicators in agriculture, construction, restaurants, cleaning and home care: debt that keeps growing, documents held \
\"for safekeeping\", pay that never matches the hours, housing tied to the job, threats about immigration status.\n\n\
We practice conversations that let a worker decide what happens next, and map the legal, labor and community \
partners who can help without putting the worker's income or safety at risk.",
        format: "in_person",
        timezone: "America/Denver",
        place: Some(("Mesa Verde Legal Services training room", "410 Central Ave SW, Suite 300", "Albuquerque", "NM")),
        accessibility: "Step-free access from the Central Avenue entrance; elevator to the third floor. Spanish interpretation \
available on request.",
        capacity: 24,
        opens_days_before: 45,
        audience: &["legal", "outreach", "health"],
        topics: &["labor_trafficking", "legal_immigration"],
        language: "en",
        ce_hours: "6",
        ask_dietary: false,
        questions: &[],
        sessions: &[(-21, "", "09:00", "16:00")],
        facilitators: &[LUCIA, MALIK],
        seats: &[
            attended(JORDAN, 1, Some(([5, 5, 5, 4], "The document-holding scenarios are exactly what our intake staff see."))),
            attended("daniel.kim@highplainsoutreach.example.org", 1, Some(([4, 5, 4, 5], ""))),
            attended("fatima.noor@highplainsoutreach.example.org", 1, Some(([5, 4, 4, 4], "More time on wage claims, please."))),
            attended("luis.ortega@tidewaterlegal.example.org", 0, None),
        ],
    },
    Training {
        slug: "trauma-informed-care-for-overnight-and-front-desk-staff",
        title: "Trauma-Informed Care for Overnight and Front-Desk Staff",
        description: "The people at the front desk and on the overnight shift are often the first and last staff a \
survivor sees each day, and they rarely get training made for their work.\n\nIn two online sessions we cover how \
trauma can show up at 2 a.m., how to respond to distress without taking control, de-escalation that keeps everyone's \
dignity intact, and what staff need from their program to keep doing this well.",
        format: "virtual",
        timezone: "America/New_York",
        place: None,
        accessibility: "",
        capacity: 60,
        opens_days_before: 30,
        audience: &["shelter", "transitional_housing", "drop_in"],
        topics: &["trauma_informed", "harm_reduction"],
        language: "en",
        ce_hours: "4",
        ask_dietary: false,
        questions: &[],
        sessions: &[(-10, "Part one", "13:00", "15:00"), (-8, "Part two", "13:00", "15:00")],
        facilitators: &[HANNAH],
        seats: &[
            attended(TOMAS, 2, Some(([5, 5, 5, 5], "Finally a training that understands the overnight shift."))),
            attended(RUTH, 2, None),
            attended("nadia.haddad@northstarclinic.example.org", 2, Some(([4, 4, 4, 5], ""))),
            attended("owen.fitzgerald@northstarclinic.example.org", 1, None),
        ],
    },
    Training {
        slug: "working-well-with-interpreters",
        title: "Working Well with Interpreters",
        description: "A survivor has the right to tell their story in the language they think in. This online session is \
for advocates, case managers, attorneys and clinicians who work with interpreters in person, by phone or by video.\n\n\
We cover choosing an interpreter (and why family members and community acquaintances are a poor choice), briefing \
before a meeting, speaking to the person rather than the interpreter, confidentiality, and looking after interpreters \
who hear difficult accounts.",
        format: "virtual",
        timezone: "America/Denver",
        place: None,
        accessibility: "",
        capacity: 4,
        opens_days_before: 30,
        audience: &["legal", "health", "case_management"],
        topics: &["legal_immigration", "rights_based"],
        language: "en",
        ce_hours: "2",
        ask_dietary: false,
        questions: &[("Which languages do your clients most often speak?", false)],
        sessions: &[(4, "", "10:00", "12:00")],
        facilitators: &[LUCIA],
        seats: &[
            seat(JORDAN),
            Seat { email: RUTH, waitlisted: false, access: "Live captions, please.", interpreter: "", present: 0, evaluation: None },
            seat("grace.mwangi@tidewaterlegal.example.org"),
            seat("luis.ortega@tidewaterlegal.example.org"),
            waiting(AISHA),
            waiting("yuki.tanaka@baysideadvocates.example.org"),
        ],
    },
    Training {
        slug: "rights-based-case-management-raleigh",
        title: "Rights-Based Case Management with Survivors",
        description: "Case management that starts from a person's rights and goals rather than a program's checklist. \
This in-person day covers informed consent that means something, goals the person sets, confidentiality and its \
limits explained plainly, and how to keep doors open when someone leaves or comes back.\n\nWe use real (changed) \
case examples from health, legal and housing programs in the Southeast.",
        format: "in_person",
        timezone: "America/New_York",
        place: Some(("Piedmont Health Access Clinic, Community Room", "2200 New Bern Ave", "Raleigh", "NC")),
        accessibility: "Ground-floor room with step-free entrance and accessible parking by the door. Lunch is provided; \
tell us about dietary needs when you register.",
        capacity: 4,
        opens_days_before: 40,
        audience: &["case_management", "health", "shelter"],
        topics: &["rights_based", "survivor_leadership"],
        language: "en",
        ce_hours: "6",
        ask_dietary: true,
        questions: &[],
        sessions: &[(12, "", "09:00", "16:00")],
        facilitators: &[HANNAH, DEMO_FACILITATOR],
        seats: &[
            seat(RUTH),
            Seat { email: PRIYA, waitlisted: false, access: "A seat near the door, please.", interpreter: "", present: 0, evaluation: None },
            seat("nadia.haddad@northstarclinic.example.org"),
            seat("grace.mwangi@tidewaterlegal.example.org"),
            waiting("owen.fitzgerald@northstarclinic.example.org"),
            waiting(TOMAS),
            Seat { email: "beatriz.souza@baysideadvocates.example.org", waitlisted: true, access: "", interpreter: "Portuguese", present: 0, evaluation: None },
        ],
    },
    Training {
        slug: "safety-planning-that-starts-with-the-person-portland",
        title: "Safety Planning That Starts with the Person",
        description: "Safety plans written for a person rarely survive contact with their life. This hybrid workshop, in \
Portland and online, practices planning with a person: what safety means to them, which risks they want to work on \
first, what they already do that works, and how the plan changes as their situation does.\n\nWe include digital \
safety (phones, accounts, location sharing) and planning around work, immigration and children.",
        format: "hybrid",
        timezone: "America/Los_Angeles",
        place: Some(("Harbor Light Shelter Learning Center", "815 SE Alder St", "Portland", "OR")),
        accessibility: "Step-free entrance and an accessible restroom. Online participants get live captions.",
        capacity: 25,
        opens_days_before: 35,
        audience: &["shelter", "outreach", "hotline"],
        topics: &["safety_planning", "trauma_informed"],
        language: "en",
        ce_hours: "3.5",
        ask_dietary: false,
        questions: &[],
        sessions: &[(18, "", "09:00", "12:30")],
        facilitators: &[DEMO_FACILITATOR],
        seats: &[seat(PRIYA), seat("yuki.tanaka@baysideadvocates.example.org"), seat("beatriz.souza@baysideadvocates.example.org")],
    },
    Training {
        slug: "housing-without-preconditions-for-survivors",
        title: "Housing Without Preconditions for Survivors",
        description: "What it takes to open housing to survivors without requiring sobriety, program participation, a \
police report or a \"trafficking story\" first. Two online sessions on low-barrier intake, landlord partnerships, \
lease-up support and keeping housing when things get hard.",
        format: "virtual",
        timezone: "America/Chicago",
        place: None,
        accessibility: "",
        capacity: 80,
        opens_days_before: 40,
        audience: &["transitional_housing", "shelter", "coalition"],
        topics: &["housing", "voluntary_services", "harm_reduction"],
        language: "en",
        ce_hours: "3",
        ask_dietary: false,
        questions: &[("What is the biggest barrier to entry in your program today?", false), ("Your role", true)],
        sessions: &[(25, "Part one", "12:00", "13:30"), (32, "Part two", "12:00", "13:30")],
        facilitators: &[DEMO_FACILITATOR, HANNAH],
        seats: &[seat(AISHA), seat("elena.castillo@riverbendhouse.example.org")],
    },
    Training {
        slug: "servicios-voluntarios-conversatorio",
        title: "Servicios voluntarios: conversatorio en español",
        description: "Un espacio en línea, en español, para equipos que acompañan a sobrevivientes. Conversamos sobre cómo \
ofrecer servicios sin condiciones, cómo explicar la confidencialidad con claridad y cómo trabajar con personas que \
no quieren denunciar. Traiga sus preguntas y experiencias.",
        format: "virtual",
        timezone: "America/Denver",
        place: None,
        accessibility: "",
        capacity: 40,
        opens_days_before: 30,
        audience: &["case_management", "outreach", "legal"],
        topics: &["voluntary_services", "rights_based"],
        language: "es",
        ce_hours: "1.5",
        ask_dietary: false,
        questions: &[],
        sessions: &[(30, "", "17:00", "18:30")],
        facilitators: &[LUCIA],
        seats: &[seat("beatriz.souza@baysideadvocates.example.org")],
    },
    Training {
        slug: "policy-review-clinic-rewriting-house-rules",
        title: "Policy Review Clinic: Rewriting House Rules Together",
        description: "Bring one policy, agreement or handbook section and leave with a voluntary rewrite. We run each \
document through the policy review, talk through what the findings mean, and draft new wording in small groups. \
Programs that include residents or former residents in the rewrite are especially welcome.",
        format: "virtual",
        timezone: "America/Phoenix",
        place: None,
        accessibility: "",
        capacity: 30,
        opens_days_before: 30,
        audience: &["shelter", "transitional_housing", "coalition"],
        topics: &["organizational_policy", "voluntary_services"],
        language: "en",
        ce_hours: "2",
        ask_dietary: false,
        questions: &[("Which document will you bring?", false)],
        sessions: &[(9, "", "10:00", "12:00")],
        facilitators: &[DEMO_FACILITATOR],
        seats: &[seat(PRIYA), seat(TOMAS)],
    },
    Training {
        slug: "outreach-with-young-people-honolulu",
        title: "Outreach with Young People, Without Conditions",
        description: "Young people who are being exploited are often told what to do by everyone around them. This \
in-person day in Honolulu is about outreach that offers instead: meeting young people where they are, harm \
reduction, consent and confidentiality for minors, and working with families and schools only as the young person \
wants.",
        format: "in_person",
        timezone: "Pacific/Honolulu",
        place: Some(("Kalihi Youth Center, Hale Room", "1350 N School St", "Honolulu", "HI")),
        accessibility: "Step-free entrance and accessible restroom. The room has natural light and no fluorescent lighting.",
        capacity: 30,
        opens_days_before: 50,
        audience: &["outreach", "drop_in", "health"],
        topics: &["youth", "harm_reduction", "sex_trafficking"],
        language: "en",
        ce_hours: "5",
        ask_dietary: true,
        questions: &[],
        sessions: &[(45, "", "09:00", "15:00")],
        facilitators: &[MALIK, HANNAH],
        seats: &[seat("fatima.noor@highplainsoutreach.example.org")],
    },
    Training {
        slug: "labor-trafficking-indicators-for-health-care-teams",
        title: "Labor Trafficking Indicators for Health Care Teams",
        description: "For clinics, emergency departments and community health workers: injuries and illnesses that point \
to dangerous work, patients who are never alone, and how to offer help privately without making care conditional on \
disclosure. Includes screening questions that respect a patient's choice not to answer.",
        format: "in_person",
        timezone: "America/Chicago",
        place: Some(("Northstar Community Clinic, Education Suite", "3300 N Lincoln Ave", "Chicago", "IL")),
        accessibility: "Step-free entrance on Lincoln Avenue; elevator to the education suite.",
        capacity: 35,
        // Announced early; registration opens a little later.
        opens_days_before: 50,
        audience: &["health", "mental_health"],
        topics: &["labor_trafficking", "trauma_informed"],
        language: "en",
        ce_hours: "3",
        ask_dietary: false,
        questions: &[],
        sessions: &[(60, "", "13:00", "16:00")],
        facilitators: &[MALIK],
        seats: &[],
    },
];

fn local_date(tz: chrono_tz::Tz, days: i64) -> String {
    (time::local(tz, now()).date_naive() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

fn raw_event(t: &Training, facilitators: Vec<i64>) -> anyhow::Result<RawEvent> {
    let tz =
        time::zone(t.timezone).ok_or_else(|| anyhow::anyhow!("unknown zone {}", t.timezone))?;
    let first = t.sessions.iter().map(|s| s.0).min().unwrap_or(0);
    let (venue, address, city, state) = t.place.unwrap_or(("", "", "", ""));
    let online = t.format != "in_person";
    Ok(RawEvent {
        title: t.title.into(),
        slug: t.slug.into(),
        description: t.description.into(),
        format: t.format.into(),
        timezone: t.timezone.into(),
        venue: venue.into(),
        address: address.into(),
        city: city.into(),
        state: state.into(),
        accessibility: t.accessibility.into(),
        join_url: if online {
            format!("https://meet.example.org/tta-{}", t.slug)
        } else {
            String::new()
        },
        capacity: t.capacity.to_string(),
        registration_opens: format!("{}T09:00", local_date(tz, first - t.opens_days_before)),
        // The evening two days before: past trainings closed before they began.
        registration_closes: format!("{}T17:00", local_date(tz, first - 2)),
        audience: t.audience.iter().map(|s| s.to_string()).collect(),
        topics: t.topics.iter().map(|s| s.to_string()).collect(),
        language: t.language.into(),
        ce_hours: t.ce_hours.into(),
        ask_access: true,
        ask_interpreter: true,
        ask_dietary: t.ask_dietary,
        questions: t
            .questions
            .iter()
            .map(|(l, r)| RawQuestion {
                label: l.to_string(),
                required: *r,
            })
            .collect(),
        sessions: t
            .sessions
            .iter()
            .map(|(d, title, a, b)| RawSession {
                title: title.to_string(),
                date: local_date(tz, *d),
                start: a.to_string(),
                end: b.to_string(),
            })
            .collect(),
        facilitators,
        published: true,
    })
}

/// Adds the facilitators and participants the season needs, and the facilitators' profiles.
async fn people(
    state: &AppState,
    known: &HashMap<&str, i64>,
) -> anyhow::Result<HashMap<String, i64>> {
    let mut ids: HashMap<String, i64> = known.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    // Nobody signs in as these people, so one hash serves them all.
    let hash = password::hash(&super::passphrase())?;
    let wanted = FACILITATORS
        .iter()
        .filter(|f| !f.name.is_empty())
        .map(|f| (f.email, f.name, users::Role::Facilitator))
        .chain(
            PARTICIPANTS
                .iter()
                .map(|(e, n)| (*e, *n, users::Role::Learner)),
        );
    for (email, name, role) in wanted {
        if ids.contains_key(email) {
            continue;
        }
        let id = match users::by_email(&state.db.pool, email).await? {
            Some(u) => u.id,
            None => {
                users::insert(
                    &state.db.pool,
                    users::NewUser {
                        email,
                        name,
                        password_hash: &hash,
                        role,
                        verified: true,
                    },
                )
                .await?
            }
        };
        ids.insert(email.to_string(), id);
    }
    for f in FACILITATORS {
        let Some(&uid) = ids.get(f.email) else {
            continue;
        };
        sqlx::query(
            "INSERT INTO facilitator_profiles (user_id, bio, expertise, languages, region, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (user_id) DO NOTHING",
        )
        .bind(uid)
        .bind(f.bio.split_whitespace().collect::<Vec<_>>().join(" "))
        .bind(format!(",{},", f.expertise.join(",")))
        .bind(f.languages)
        .bind(f.region)
        .bind(now())
        .execute(&state.db.pool)
        .await?;
    }
    Ok(ids)
}

/// Loads the season once: a training whose address already exists is left as it is.
pub async fn load(state: &AppState, known: &HashMap<&str, i64>) -> anyhow::Result<()> {
    let ids = people(state, known).await?;
    let staff = ids.get("staff@demo.tta.example.org").copied();
    for t in TRAININGS {
        if model::by_slug(&state.db, t.slug).await?.is_some() {
            continue;
        }
        let facilitators = t
            .facilitators
            .iter()
            .filter_map(|e| ids.get(*e).copied())
            .collect();
        let raw = raw_event(t, facilitators)?;
        let input =
            input::parse(&raw).map_err(|e| anyhow::anyhow!("demo training {}: {:?}", t.slug, e))?;
        let problems = model::check(&state.db, None, &input).await?;
        if !problems.is_empty() {
            anyhow::bail!("demo training {}: {:?}", t.slug, problems);
        }
        let mut tx = state.db.tx().await?;
        let event_id = model::save(&mut tx, None, &input, staff).await?;
        tx.commit().await?;
        seat_people(state, t, event_id, &input, &ids).await?;
    }
    Ok(())
}

async fn seat_people(
    state: &AppState,
    t: &Training,
    event_id: i64,
    e: &input::EventInput,
    ids: &HashMap<String, i64>,
) -> anyhow::Result<()> {
    let sessions = model::sessions(&state.db, event_id).await?;
    let first_start = sessions.iter().map(|s| s.starts_at).min().unwrap_or(0);
    let last_end = sessions.iter().map(|s| s.ends_at).max().unwrap_or(0);
    let past = last_end <= now();
    let marker = t.facilitators.first().and_then(|f| ids.get(*f)).copied();
    let confirmed = t.seats.iter().filter(|s| !s.waitlisted).count() as i64;
    anyhow::ensure!(
        confirmed <= e.capacity,
        "demo training {} has more seats than places",
        t.slug
    );
    let event = model::by_id(&state.db, event_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo training vanished"))?;
    let mut tx = state.db.tx().await?;
    // Registered over the weeks after registration opened, in order.
    let opened = e.registration_opens_at.min(now());
    let span = (e.registration_closes_at.min(now()) - opened).max(3600);
    let mut seq = 0;
    for (i, s) in t.seats.iter().enumerate() {
        let Some(&uid) = ids.get(s.email) else {
            continue;
        };
        let at = opened + span * (i as i64 + 1) / (t.seats.len() as i64 + 2);
        let mut answers = serde_json::Map::new();
        if !s.access.is_empty() {
            answers.insert("access".into(), json!(s.access));
        }
        if !s.interpreter.is_empty() {
            answers.insert("interpreter".into(), json!(s.interpreter));
        }
        for q in e.questions.iter().filter(|q| q.required) {
            answers.insert(q.id.clone(), json!("Case manager"));
        }
        let (status, wait) = if s.waitlisted {
            seq += 1;
            ("waitlisted", Some(seq))
        } else {
            ("confirmed", None)
        };
        // Past trainings already had their reminders; nobody fictional should get them now.
        let reminded = past.then_some(first_start - 86_400);
        let evaluated = (past && s.present > 0).then_some(last_end + 3600);
        let reg_id: i64 = sqlx::query(
            "INSERT INTO registrations (event_id, user_id, status, waitlist_seq, answers, created_at, updated_at, confirmed_at, \
             reminded_week_at, reminded_day_at, evaluation_sent_at) VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $8, $9) RETURNING id",
        )
        .bind(event_id)
        .bind(uid)
        .bind(status)
        .bind(wait)
        .bind(serde_json::Value::Object(answers).to_string())
        .bind(at)
        .bind((!s.waitlisted).then_some(at))
        .bind(reminded)
        .bind(evaluated)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        if !past || s.waitlisted {
            continue;
        }
        for (n, session) in sessions.iter().enumerate() {
            sqlx::query("INSERT INTO attendance (registration_id, session_id, present, marked_by, marked_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(reg_id)
                .bind(session.id)
                .bind((n < s.present) as i64)
                .bind(marker)
                .bind(session.starts_at + 900)
                .execute(&mut *tx)
                .await?;
        }
        if let Some((r, comment)) = s.evaluation {
            sqlx::query(
                "INSERT INTO event_evaluations (registration_id, relevance, clarity, usefulness, facilitation, comment, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(reg_id)
            .bind(r[0])
            .bind(r[1])
            .bind(r[2])
            .bind(r[3])
            .bind(comment)
            .bind(last_end + 2 * 86_400)
            .execute(&mut *tx)
            .await?;
        }
        if s.present == sessions.len() {
            let name: String = sqlx::query("SELECT name FROM users WHERE id = $1")
                .bind(uid)
                .fetch_one(&mut *tx)
                .await?
                .try_get("name")?;
            crate::events::attendance::issue_certificate(
                &mut tx, state, &event, &sessions, uid, &name,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
