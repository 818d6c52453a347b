//! Translation layer: every user-facing string is a Fluent message in `locales/<lang>/`.
//!
//! Dates and numbers are formatted from patterns that are themselves messages, so adding a
//! language is adding a folder of `.ftl` files; templates never change.

use std::{borrow::Cow, collections::HashMap};

use fluent_templates::{fluent_bundle::FluentValue, Loader};
use unic_langid::LanguageIdentifier;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A negotiated language for one request.
#[derive(Clone, Debug)]
pub struct Lang {
    pub id: LanguageIdentifier,
}

impl Default for Lang {
    fn default() -> Self {
        Lang {
            id: "en".parse().unwrap(),
        }
    }
}

impl Lang {
    /// Picks the best supported language from a cookie value or an Accept-Language header.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
        let supported: Vec<LanguageIdentifier> = LOCALES.locales().cloned().collect();
        let pick = |tag: &str| -> Option<LanguageIdentifier> {
            let want: LanguageIdentifier = tag.trim().parse().ok()?;
            supported
                .iter()
                .find(|s| s.language == want.language)
                .cloned()
        };
        if let Some(l) = cookie.and_then(pick) {
            return Lang { id: l };
        }
        if let Some(header) = accept_language {
            let mut tags: Vec<(f32, &str)> = header
                .split(',')
                .filter_map(|part| {
                    let mut it = part.split(";q=");
                    let tag = it.next()?.trim();
                    let q = it.next().and_then(|q| q.trim().parse().ok()).unwrap_or(1.0);
                    Some((q, tag))
                })
                .collect();
            tags.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
            for (_, tag) in tags {
                if let Some(l) = pick(tag) {
                    return Lang { id: l };
                }
            }
        }
        Lang::default()
    }

    pub fn code(&self) -> String {
        self.id.language.to_string()
    }

    /// Looks a message up; a missing key shows the key itself so it is noticed, not hidden.
    pub fn t(&self, key: &str) -> String {
        LOCALES
            .try_lookup(&self.id, key)
            .unwrap_or_else(|| key.to_string())
    }

    /// Looks a message up with named arguments.
    pub fn ta(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut map: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        for (k, v) in args {
            map.insert(Cow::Owned(k.to_string()), FluentValue::from(v.to_string()));
        }
        LOCALES
            .try_lookup_with_args(&self.id, key, &map)
            .unwrap_or_else(|| key.to_string())
    }

    /// Same as `ta` with a count, so plural rules apply.
    pub fn tn(&self, key: &str, n: i64) -> String {
        let mut map: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        map.insert(Cow::Borrowed("count"), FluentValue::from(n));
        map.insert(Cow::Borrowed("n"), FluentValue::from(self.number(n)));
        LOCALES
            .try_lookup_with_args(&self.id, key, &map)
            .unwrap_or_else(|| key.to_string())
    }

    /// An integer with the language's digit grouping ("12,345" / "12.345").
    pub fn number(&self, n: i64) -> String {
        let sep = self.t("fmt-group-separator");
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push_str(&sep);
            }
            out.push(c);
        }
        if n < 0 {
            format!("-{out}")
        } else {
            out
        }
    }

    /// A date from Unix seconds, e.g. "March 4, 2026".
    pub fn date(&self, ts: i64) -> String {
        use chrono::Datelike;
        let Some(d) = chrono::DateTime::from_timestamp(ts, 0) else {
            return String::new();
        };
        let month = self.t(&format!("month-{}", d.month()));
        self.ta(
            "fmt-date",
            &[
                ("day", &d.day().to_string()),
                ("month", &month),
                ("year", &d.year().to_string()),
            ],
        )
    }

    /// A date and time (UTC) from Unix seconds.
    pub fn datetime(&self, ts: i64) -> String {
        let Some(d) = chrono::DateTime::from_timestamp(ts, 0) else {
            return String::new();
        };
        let date = self.date(ts);
        let time = d.format("%H:%M").to_string();
        self.ta("fmt-datetime", &[("date", &date), ("time", &time)])
    }
}
