//! Devices a person has signed in from before, remembered by a cookie.
//!
//! Sign-in throttling must stop guessing without letting a stranger lock a person out by
//! typing wrong passwords at their address. Attempts are limited per address and per
//! account-and-address, which a stranger cannot use against anyone else; when an account
//! draws many failures from many addresses, a correct password from a device that has not
//! signed in to it before is confirmed by an emailed link rather than refused. A device that
//! has signed in before signs in as usual: it carries a tag, an HMAC of the account and its
//! password hash under the server secret, so the tag cannot be forged and a password change
//! forgets every device.

use axum_extra::extract::cookie::{Cookie, CookieJar};

use crate::{accounts::model::User, app::AppState, util::hmac_hex, web::context::cookie};

pub const COOKIE: &str = "tta_known";
/// Tags kept per browser: a shared computer remembers its last few people.
const KEEP: usize = 5;
const ONE_YEAR: i64 = 365 * 86_400;

fn tag(state: &AppState, user: &User) -> String {
    let full = hmac_hex(
        &state.secret,
        &format!("known-device:{}:{}", user.id, user.password_hash),
    );
    format!("{}.{}", user.id, &full[..32])
}

/// Whether this browser has signed in to `user`'s account before (since the last password change).
pub fn is_known(state: &AppState, jar: &CookieJar, user: &User) -> bool {
    let want = tag(state, user);
    jar.get(COOKIE).is_some_and(|c| {
        c.value()
            .split('~')
            .any(|t| crate::util::constant_eq(t, &want))
    })
}

/// The cookie that remembers this browser for `user`, keeping the other people it remembers.
pub fn remember(state: &AppState, jar: &CookieJar, user: &User) -> Cookie<'static> {
    let prefix = format!("{}.", user.id);
    let mut tags: Vec<String> = jar
        .get(COOKIE)
        .map(|c| {
            c.value()
                .split('~')
                .filter(|t| !t.starts_with(&prefix) && !t.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    tags.push(tag(state, user));
    let skip = tags.len().saturating_sub(KEEP);
    let mut c = cookie(state, COOKIE, tags[skip..].join("~"));
    c.set_max_age(time_secs(ONE_YEAR));
    c
}

fn time_secs(s: i64) -> time::Duration {
    time::Duration::seconds(s)
}
