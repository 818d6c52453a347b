//! Event times. Staff enter wall-clock times in the event's time zone; they are stored as
//! UTC instants, so daylight-saving changes between sessions are handled once, here, by
//! the IANA database in chrono-tz.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The zones offered in forms: the US zones a US institute trains in, plus UTC.
pub const ZONES: &[&str] = &[
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "UTC",
];

pub fn zone(name: &str) -> Option<Tz> {
    name.parse().ok()
}

#[derive(Debug, PartialEq)]
pub enum LocalError {
    Invalid,
    /// The clocks skip this time (spring forward).
    Skipped,
}

/// A wall-clock time in `tz` as a UTC instant. In the autumn hour that happens twice, the
/// first one is meant.
pub fn to_utc(tz: Tz, date: &str, time: &str) -> Result<i64, LocalError> {
    let d = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| LocalError::Invalid)?;
    let t = NaiveTime::parse_from_str(time.trim(), "%H:%M").map_err(|_| LocalError::Invalid)?;
    match tz.from_local_datetime(&NaiveDateTime::new(d, t)) {
        LocalResult::Single(x) => Ok(x.timestamp()),
        LocalResult::Ambiguous(a, _) => Ok(a.timestamp()),
        LocalResult::None => Err(LocalError::Skipped),
    }
}

/// "2026-12-03T09:30" (what a datetime-local input sends) in `tz`.
pub fn datetime_to_utc(tz: Tz, s: &str) -> Result<i64, LocalError> {
    let s = s.trim();
    let (d, t) = s
        .split_once('T')
        .or_else(|| s.split_once(' '))
        .ok_or(LocalError::Invalid)?;
    to_utc(tz, d, t.get(..5).unwrap_or(t))
}

pub fn local(tz: Tz, ts: i64) -> DateTime<Tz> {
    Utc.timestamp_opt(ts, 0)
        .single()
        .unwrap_or_default()
        .with_timezone(&tz)
}

/// The parts a form shows for an instant: ("2026-12-03", "09:30").
pub fn parts(tz: Tz, ts: i64) -> (String, String) {
    let l = local(tz, ts);
    (
        l.format("%Y-%m-%d").to_string(),
        l.format("%H:%M").to_string(),
    )
}

pub fn datetime_local(tz: Tz, ts: i64) -> String {
    local(tz, ts).format("%Y-%m-%dT%H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daylight_saving_is_applied_per_date() {
        let tz = zone("America/Chicago").unwrap();
        // 9:00 in Chicago is 15:00 UTC in winter and 14:00 UTC in summer.
        let winter = to_utc(tz, "2026-12-03", "09:00").unwrap();
        let summer = to_utc(tz, "2026-07-03", "09:00").unwrap();
        assert_eq!(
            Utc.timestamp_opt(winter, 0)
                .unwrap()
                .format("%H")
                .to_string(),
            "15"
        );
        assert_eq!(
            Utc.timestamp_opt(summer, 0)
                .unwrap()
                .format("%H")
                .to_string(),
            "14"
        );
        assert_eq!(to_utc(tz, "2026-03-08", "02:30"), Err(LocalError::Skipped));
        assert!(to_utc(tz, "2026-11-01", "01:30").is_ok());
        assert_eq!(parts(tz, winter), ("2026-12-03".into(), "09:00".into()));
    }
}
