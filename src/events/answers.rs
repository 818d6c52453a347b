//! Answers to an event's registration questions, from the form or the API: the same
//! fields, the same checks. Stored as a JSON object on the registration.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{input::FieldError, model::Event};

pub const MAX_ANSWER: usize = 1000;
pub const MAX_LANGUAGE: usize = 80;

/// The fields an event asks, in order: (field name, label message key or custom label,
/// required, long text). Fixed questions use the keys `access`, `interpreter` and
/// `dietary`; custom questions use their ids `q1`, `q2`, …
pub fn fields(e: &Event) -> Vec<(String, String, bool, bool)> {
    let mut out = Vec::new();
    if e.ask_access {
        out.push(("access".into(), "registration-access".into(), false, true));
    }
    if e.ask_interpreter {
        out.push((
            "interpreter".into(),
            "registration-interpreter".into(),
            false,
            false,
        ));
    }
    if e.ask_dietary && e.in_person() {
        out.push(("dietary".into(), "registration-dietary".into(), false, true));
    }
    for q in &e.questions {
        out.push((q.id.clone(), q.label.clone(), q.required, true));
    }
    out
}

/// Checks raw answers against what the event asks. Unknown fields are refused (a client
/// sending answers to questions that are not asked is a mistake worth hearing about);
/// empty optional answers are left out.
pub fn check(e: &Event, raw: &BTreeMap<String, String>) -> Result<Value, Vec<FieldError>> {
    let asked = fields(e);
    let mut errors: Vec<FieldError> = Vec::new();
    for k in raw.keys() {
        if !asked.iter().any(|(f, ..)| f == k) {
            errors.push((k.clone(), "error-registration-unknown"));
        }
    }
    let mut out = Map::new();
    for (field, _, required, _) in &asked {
        let v = raw
            .get(field)
            .map(|s| s.replace("\r\n", "\n").trim().to_string())
            .unwrap_or_default();
        let limit = if field == "interpreter" {
            MAX_LANGUAGE
        } else {
            MAX_ANSWER
        };
        if v.is_empty() {
            if *required {
                errors.push((field.clone(), "error-registration-required"));
            }
        } else if v.chars().count() > limit {
            errors.push((
                field.clone(),
                if field == "interpreter" {
                    "error-registration-language-long"
                } else {
                    "error-registration-long"
                },
            ));
        } else {
            out.insert(field.clone(), Value::String(v));
        }
    }
    if errors.is_empty() {
        Ok(Value::Object(out))
    } else {
        Err(errors)
    }
}

/// Stored answers as (label, answer) pairs for staff pages and exports; `t` translates the
/// fixed questions' label keys.
pub fn labelled(e: &Event, stored: &Value, t: impl Fn(&str) -> String) -> Vec<(String, String)> {
    fields(e)
        .into_iter()
        .filter_map(|(field, label, _, _)| {
            let v = stored.get(&field)?.as_str()?.to_string();
            let label = if field.starts_with('q') && field[1..].chars().all(|c| c.is_ascii_digit())
            {
                label
            } else {
                t(&label)
            };
            Some((label, v))
        })
        .collect()
}
