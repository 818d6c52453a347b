//! What staff send to create or change an event, from the form or the API: the same raw
//! fields, the same checks, the same messages. Times arrive as wall-clock times in the
//! event's time zone.

use serde::{Deserialize, Serialize};

use super::time::{self, LocalError};
use crate::{courses::spec::parse_hours, topics};

pub const FORMATS: &[&str] = &["in_person", "virtual", "hybrid"];
pub const MAX_SESSIONS: usize = 12;
pub const MAX_QUESTIONS: usize = 6;
pub const MAX_CAPACITY: i64 = 10_000;

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct RawEvent {
    pub title: String,
    /// Left empty, one is made from the title.
    pub slug: String,
    pub description: String,
    pub format: String,
    pub timezone: String,
    pub venue: String,
    pub address: String,
    pub city: String,
    pub state: String,
    pub accessibility: String,
    pub join_url: String,
    /// A number, as typed.
    pub capacity: String,
    /// "YYYY-MM-DDTHH:MM" in the event's zone.
    pub registration_opens: String,
    pub registration_closes: String,
    pub audience: Vec<String>,
    pub topics: Vec<String>,
    pub language: String,
    /// "1.5", as typed.
    pub ce_hours: String,
    pub ask_access: bool,
    pub ask_interpreter: bool,
    pub ask_dietary: bool,
    pub questions: Vec<RawQuestion>,
    pub sessions: Vec<RawSession>,
    /// User ids of facilitators.
    pub facilitators: Vec<i64>,
    pub published: bool,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct RawSession {
    pub title: String,
    /// YYYY-MM-DD
    pub date: String,
    /// HH:MM
    pub start: String,
    pub end: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct RawQuestion {
    pub label: String,
    pub required: bool,
}

/// A checked event, ready to save.
#[derive(Clone, Debug, PartialEq)]
pub struct EventInput {
    pub title: String,
    pub slug: String,
    pub description: String,
    pub format: String,
    pub timezone: String,
    pub venue: String,
    pub address: String,
    pub city: String,
    pub state: String,
    pub accessibility: String,
    pub join_url: String,
    pub capacity: i64,
    pub registration_opens_at: i64,
    pub registration_closes_at: i64,
    pub audience: Vec<String>,
    pub topics: Vec<String>,
    pub language: String,
    pub ce_hours_x100: i64,
    pub ask_access: bool,
    pub ask_interpreter: bool,
    pub ask_dietary: bool,
    pub questions: Vec<CustomQuestion>,
    pub sessions: Vec<SessionInput>,
    pub facilitators: Vec<i64>,
    pub published: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CustomQuestion {
    /// Stable key for the answer: "q1", "q2", …
    pub id: String,
    pub label: String,
    pub required: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SessionInput {
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// A problem with one field: the field's name (sessions are `sessions.N.date` etc.) and the
/// message key.
pub type FieldError = (String, &'static str);

/// `s` folded into Windows-1252: characters outside it lose their accents ("Nguyễn" becomes
/// "Nguyen") and anything left over becomes "?". Slugs were first made this way, and
/// existing links depend on them staying the same.
fn fold_to_windows_1252(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let fits = |c: char| {
        let mut buf = [0u8; 4];
        !encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf)).2
    };
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if fits(c) {
            out.push(c);
            continue;
        }
        let base: String = c
            .to_string()
            .nfd()
            .filter(|&d| fits(d) && !unicode_normalization::char::is_combining_mark(d))
            .collect();
        if base.is_empty() {
            out.push('?');
        } else {
            out.push_str(&base);
        }
    }
    out
}

pub fn slugify(title: &str) -> String {
    let mut s = String::new();
    for c in fold_to_windows_1252(title).to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_matches('-')
        .chars()
        .take(80)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

pub fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn https_url(s: &str) -> bool {
    url::Url::parse(s).is_ok_and(|u| u.scheme() == "https" && u.host_str().is_some())
}

/// Checks every field and reports every problem at once.
pub fn parse(raw: &RawEvent) -> Result<EventInput, Vec<FieldError>> {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut err = |f: &str, k: &'static str| errors.push((f.to_string(), k));
    let one_line = |s: &str| s.trim().replace(['\r', '\n'], " ");

    let title = one_line(&raw.title);
    if title.is_empty() {
        err("title", "error-event-title-required");
    } else if title.chars().count() > 200 {
        err("title", "error-event-title-long");
    }
    let slug = if raw.slug.trim().is_empty() {
        slugify(&title)
    } else {
        raw.slug.trim().to_string()
    };
    if !title.is_empty() && !valid_slug(&slug) {
        err("slug", "error-event-slug");
    }
    if raw.description.chars().count() > 20_000 {
        err("description", "error-event-description-long");
    }
    let format = raw.format.trim();
    if !FORMATS.contains(&format) {
        err("format", "error-event-format");
    }
    let tz = time::zone(raw.timezone.trim());
    if tz.is_none() {
        err("timezone", "error-event-timezone");
    }
    let in_person = format == "in_person" || format == "hybrid";
    let online = format == "virtual" || format == "hybrid";
    if in_person {
        if raw.venue.trim().is_empty() {
            err("venue", "error-event-venue");
        }
        if raw.address.trim().is_empty() {
            err("address", "error-event-address");
        }
        if raw.city.trim().is_empty() {
            err("city", "error-event-city");
        }
        if !crate::orgs::model::STATES
            .iter()
            .any(|(c, _)| *c == raw.state.trim())
        {
            err("state", "error-event-state");
        }
    } else if !raw.state.trim().is_empty()
        && !crate::orgs::model::STATES
            .iter()
            .any(|(c, _)| *c == raw.state.trim())
    {
        err("state", "error-event-state");
    }
    let join_url = raw.join_url.trim().to_string();
    if online && !https_url(&join_url) {
        err("join_url", "error-event-join-url");
    } else if !online && !join_url.is_empty() && !https_url(&join_url) {
        err("join_url", "error-event-join-url");
    }
    let capacity = match raw.capacity.trim().parse::<i64>() {
        Ok(n) if (1..=MAX_CAPACITY).contains(&n) => n,
        _ => {
            err("capacity", "error-event-capacity");
            0
        }
    };
    for a in &raw.audience {
        if !topics::is_audience(a) {
            err("audience", "error-event-audience");
            break;
        }
    }
    if raw.topics.is_empty() {
        err("topics", "error-event-topics-required");
    }
    for t in &raw.topics {
        if !topics::is_topic(t) {
            err("topics", "error-event-topics");
            break;
        }
    }
    let language = if raw.language.trim().is_empty() {
        "en".to_string()
    } else {
        raw.language.trim().to_string()
    };
    if !topics::is_language(&language) {
        err("language", "error-event-language");
    }
    let ce_hours_x100 = if raw.ce_hours.trim().is_empty() {
        0
    } else {
        parse_hours(&raw.ce_hours).unwrap_or_else(|| {
            err("ce_hours", "error-event-ce-hours");
            0
        })
    };
    if raw.questions.len() > MAX_QUESTIONS {
        err("questions", "error-event-questions-many");
    }
    let mut questions = Vec::new();
    for (i, q) in raw.questions.iter().enumerate() {
        let label = one_line(&q.label);
        if label.is_empty() {
            continue;
        }
        if label.chars().count() > 200 {
            err(&format!("questions.{i}.label"), "error-event-question-long");
        }
        questions.push(CustomQuestion {
            id: format!("q{}", i + 1),
            label,
            required: q.required,
        });
    }

    let mut sessions = Vec::new();
    if raw
        .sessions
        .iter()
        .all(|s| s.date.trim().is_empty() && s.start.trim().is_empty())
    {
        err("sessions.0.date", "error-event-sessions-required");
    }
    if raw.sessions.len() > MAX_SESSIONS {
        err("sessions", "error-event-sessions-many");
    }
    if let Some(tz) = tz {
        for (i, s) in raw.sessions.iter().enumerate() {
            if s.date.trim().is_empty()
                && s.start.trim().is_empty()
                && s.end.trim().is_empty()
                && s.title.trim().is_empty()
            {
                continue;
            }
            let at = |t: &str| time::to_utc(tz, &s.date, t);
            let key = |e: LocalError| {
                if e == LocalError::Skipped {
                    "error-event-time-skipped"
                } else {
                    "error-event-time"
                }
            };
            match (at(&s.start), at(&s.end)) {
                (Ok(a), Ok(b)) if b > a => {
                    if b - a > 24 * 3600 {
                        err(&format!("sessions.{i}.end"), "error-event-session-long");
                    }
                    sessions.push(SessionInput {
                        title: one_line(&s.title),
                        starts_at: a,
                        ends_at: b,
                    });
                }
                (Ok(_), Ok(_)) => err(&format!("sessions.{i}.end"), "error-event-session-order"),
                (Err(e), _) => err(
                    &format!("sessions.{i}.start"),
                    if s.date.trim().is_empty() {
                        "error-event-time"
                    } else {
                        key(e)
                    },
                ),
                (_, Err(e)) => err(&format!("sessions.{i}.end"), key(e)),
            }
        }
        sessions.sort_by_key(|s| s.starts_at);
        for w in sessions.windows(2) {
            if w[1].starts_at < w[0].ends_at {
                err("sessions", "error-event-sessions-overlap");
                break;
            }
        }
    }
    let (mut opens, mut closes) = (0, 0);
    if let Some(tz) = tz {
        match time::datetime_to_utc(tz, &raw.registration_opens) {
            Ok(t) => opens = t,
            Err(_) => err("registration_opens", "error-event-registration-opens"),
        }
        match time::datetime_to_utc(tz, &raw.registration_closes) {
            Ok(t) => closes = t,
            Err(_) => err("registration_closes", "error-event-registration-closes"),
        }
        if opens != 0 && closes != 0 && closes <= opens {
            err("registration_closes", "error-event-registration-order");
        }
        if let Some(first) = sessions.first() {
            if closes > first.ends_at {
                err("registration_closes", "error-event-registration-after");
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut facilitators = raw.facilitators.clone();
    facilitators.sort_unstable();
    facilitators.dedup();
    Ok(EventInput {
        title,
        slug,
        description: raw.description.replace("\r\n", "\n").trim().to_string(),
        format: format.to_string(),
        timezone: raw.timezone.trim().to_string(),
        venue: if in_person {
            one_line(&raw.venue)
        } else {
            String::new()
        },
        address: if in_person {
            one_line(&raw.address)
        } else {
            String::new()
        },
        city: if in_person {
            one_line(&raw.city)
        } else {
            String::new()
        },
        state: raw.state.trim().to_string(),
        accessibility: raw.accessibility.replace("\r\n", "\n").trim().to_string(),
        join_url,
        capacity,
        registration_opens_at: opens,
        registration_closes_at: closes,
        audience: dedup(&raw.audience),
        topics: dedup(&raw.topics),
        language,
        ce_hours_x100,
        ask_access: raw.ask_access,
        ask_interpreter: raw.ask_interpreter,
        ask_dietary: raw.ask_dietary,
        questions,
        sessions,
        facilitators,
        published: raw.published,
    })
}

fn dedup(v: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for x in v {
        if !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_accented_letters_and_drop_other_scripts() {
        assert_eq!(
            slugify("Nguyễn Thị Hoa: Safety Planning"),
            "nguyen-thi-hoa-safety-planning"
        );
        assert_eq!(slugify("王秀英 Roundtable"), "roundtable");
    }

    pub fn sample() -> RawEvent {
        RawEvent {
            title: "Voluntary Services Roundtable".into(),
            format: "hybrid".into(),
            timezone: "America/Chicago".into(),
            venue: "Community Room".into(),
            address: "100 Main St".into(),
            city: "Springfield".into(),
            state: "IL".into(),
            join_url: "https://meet.example.org/abc".into(),
            capacity: "30".into(),
            registration_opens: "2026-11-01T09:00".into(),
            registration_closes: "2026-12-01T17:00".into(),
            topics: vec!["voluntary_services".into()],
            ce_hours: "3".into(),
            sessions: vec![RawSession {
                title: "Day one".into(),
                date: "2026-12-03".into(),
                start: "09:00".into(),
                end: "12:00".into(),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_good_event_parses() {
        let e = parse(&sample()).unwrap();
        assert_eq!(e.slug, "voluntary-services-roundtable");
        assert_eq!(e.sessions.len(), 1);
        assert_eq!(e.ce_hours_x100, 300);
    }

    #[test]
    fn every_problem_is_reported() {
        let mut r = sample();
        r.title = String::new();
        r.capacity = "-3".into();
        r.join_url = "http://insecure.example".into();
        r.sessions[0].end = "08:00".into();
        r.topics = vec!["astrology".into()];
        let errs: Vec<String> = parse(&r).unwrap_err().into_iter().map(|e| e.0).collect();
        for f in ["title", "capacity", "join_url", "sessions.0.end", "topics"] {
            assert!(errs.iter().any(|e| e == f), "{f} in {errs:?}");
        }
    }
}
