//! iCalendar files: the invitation attached to emails, the file behind "Add to calendar",
//! an event's public feed and a person's secret feed of their trainings.
//!
//! Each session is one VEVENT with a stable UID, so a calendar that subscribed updates the
//! entry in place when staff move a session. Times are written in UTC ("…Z"): every
//! calendar application converts them to the reader's zone, and no VTIMEZONE block can go
//! stale when daylight-saving rules change.

use chrono::{TimeZone, Utc};
use icalendar::{Calendar, Component, EventLike, EventStatus, Property};

use super::model::{Event, Session};
use crate::db::now;

/// Whole seconds since 2024-01-01, so SEQUENCE fits the 32-bit integer RFC 5545 expects
/// and still grows with every change.
const SEQUENCE_EPOCH: i64 = 1_704_067_200;

/// What a calendar file is for (RFC 5546 methods).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Method {
    /// A copy to keep: feeds, downloads, confirmations.
    Publish,
    /// The person's place (or the whole event) is cancelled: remove it.
    Cancel,
}

/// One event as one reader should see it.
pub struct Entry<'a> {
    pub event: &'a Event,
    pub sessions: &'a [Session],
    /// The public page of the event.
    pub url: String,
    /// Shows the join link: only for people with a confirmed place.
    pub with_join_link: bool,
    /// The reader's place or the event itself is cancelled.
    pub cancelled: bool,
    /// The newest change that concerns this reader (event edit, own registration).
    pub changed_at: i64,
}

/// `host` names the server in UIDs, e.g. "tta.example.org".
pub fn calendar(name: &str, host: &str, method: Method, entries: &[Entry<'_>]) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", "-//tta//Live trainings//EN"));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new(
        "METHOD",
        if method == Method::Cancel {
            "CANCEL"
        } else {
            "PUBLISH"
        },
    ));
    cal.name(name);
    // Asks subscribed calendars to look again every few hours.
    cal.append_property(
        Property::new("REFRESH-INTERVAL", "PT4H")
            .add_parameter("VALUE", "DURATION")
            .done(),
    );
    cal.append_property(Property::new("X-PUBLISHED-TTL", "PT4H"));
    let stamp = Utc.timestamp_opt(now(), 0).single().unwrap_or_default();
    for e in entries {
        let ev = e.event;
        let total = e.sessions.len();
        let cancelled = e.cancelled || ev.cancelled_at.is_some();
        let location = location(e);
        let mut description = ev.description.trim().to_string();
        if e.with_join_link && ev.online() && !ev.join_url.is_empty() {
            description.push_str(&format!("\n\nJoin online: {}", ev.join_url));
        }
        if ev.in_person() && !ev.accessibility.is_empty() {
            description.push_str(&format!("\n\nAccessibility: {}", ev.accessibility));
        }
        description.push_str(&format!("\n\nDetails: {}", e.url));
        let sequence =
            (e.changed_at.max(ev.updated_at) - SEQUENCE_EPOCH).clamp(0, i32::MAX as i64) as u32;
        for (i, s) in e.sessions.iter().enumerate() {
            let mut summary = ev.title.clone();
            if total > 1 {
                summary.push_str(&format!(
                    " ({} {}/{})",
                    if s.title.is_empty() {
                        "Session"
                    } else {
                        s.title.as_str()
                    },
                    i + 1,
                    total
                ));
            } else if !s.title.is_empty() {
                summary.push_str(&format!(" ({})", s.title));
            }
            let mut v = icalendar::Event::new();
            v.uid(&format!("tta-event-{}-session-{}@{}", ev.id, s.id, host))
                .timestamp(stamp)
                .sequence(sequence)
                .summary(&summary)
                .description(&description)
                .starts(
                    Utc.timestamp_opt(s.starts_at, 0)
                        .single()
                        .unwrap_or_default(),
                )
                .ends(Utc.timestamp_opt(s.ends_at, 0).single().unwrap_or_default())
                .url(&e.url)
                .status(if cancelled {
                    EventStatus::Cancelled
                } else {
                    EventStatus::Confirmed
                });
            if !location.is_empty() {
                v.location(&location);
            }
            cal.push(v.done());
        }
    }
    cal.done().to_string()
}

fn location(e: &Entry<'_>) -> String {
    let ev = e.event;
    let mut parts: Vec<&str> = Vec::new();
    if ev.in_person() {
        for p in [&ev.venue, &ev.address, &ev.city, &ev.state] {
            if !p.trim().is_empty() {
                parts.push(p.trim());
            }
        }
    }
    let place = parts.join(", ");
    if ev.online() {
        let online = if e.with_join_link && !ev.join_url.is_empty() {
            ev.join_url.as_str()
        } else {
            "Online"
        };
        if place.is_empty() {
            return online.to_string();
        }
        return format!("{place} / {online}");
    }
    place
}

/// The host part of the configured address, for UIDs.
pub fn host(base_url: &str) -> String {
    url::Url::parse(base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "tta.local".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> Event {
        Event {
            id: 7,
            slug: "s".into(),
            title: "Voluntary services, in practice".into(),
            description: "A day on offering, not requiring.".into(),
            format: "hybrid".into(),
            timezone: "America/Chicago".into(),
            venue: "Community Hall".into(),
            address: "12 Elm St".into(),
            city: "Springfield".into(),
            state: "IL".into(),
            accessibility: "Step-free entrance".into(),
            join_url: "https://meet.example.org/abc".into(),
            capacity: 30,
            registration_opens_at: 0,
            registration_closes_at: 0,
            audience: vec![],
            topics: vec![],
            language: "en".into(),
            ce_hours_x100: 0,
            ask_access: true,
            ask_interpreter: true,
            ask_dietary: false,
            questions: vec![],
            published: true,
            cancelled_at: None,
            updated_at: 1_800_000_000,
        }
    }

    #[test]
    fn sessions_are_written_in_utc_with_stable_uids() {
        let ev = event();
        let sessions = [Session {
            id: 3,
            position: 0,
            title: String::new(),
            starts_at: 1_796_310_000,
            ends_at: 1_796_320_800,
        }];
        let entry = Entry {
            event: &ev,
            sessions: &sessions,
            url: "https://x.org/trainings/s".into(),
            with_join_link: false,
            cancelled: false,
            changed_at: 0,
        };
        let text = calendar("Trainings", "x.org", Method::Publish, &[entry]);
        assert!(text.contains("UID:tta-event-7-session-3@x.org"), "{text}");
        assert!(text.contains("DTSTART:20261203T150000Z"), "{text}");

        assert!(
            !text.contains("meet.example.org"),
            "join link must stay hidden: {text}"
        );
        assert!(text.contains("METHOD:PUBLISH"));
    }
}
