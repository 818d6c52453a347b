//! Password hashing (argon2id) and the password policy.
//!
//! The policy follows current guidance: a generous minimum length, no composition rules,
//! long passphrases welcome, and a refusal of passwords that appear in breach lists or are
//! trivially guessable (zxcvbn's frequency lists and pattern matching).

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};

pub const MIN_LEN: usize = 10;
/// Long enough for any passphrase; bounded so a huge body cannot tie up the hasher.
pub const MAX_LEN: usize = 1000;

fn hasher() -> Argon2<'static> {
    // argon2id, 19 MiB, 2 passes: the OWASP baseline.
    Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon2::Params::new(19 * 1024, 2, 1, None).expect("valid argon2 params"),
    )
}

pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(hasher()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing password: {e}"))?
        .to_string())
}

pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spends the same time as a real check, so an unknown email answers as slowly as a known one.
pub fn verify_dummy(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let h = DUMMY.get_or_init(|| hash("not-a-real-password-for-timing").unwrap_or_default());
    let _ = verify(password, h);
}

/// Stores a new password hash and ends every session of the user, in the caller's
/// transaction; `verified` also marks the address confirmed (a reset link proved it).
pub async fn replace(
    tx: &mut crate::db::Tx,
    user_id: i64,
    hash: &str,
    verified: bool,
) -> sqlx::Result<()> {
    let t = crate::db::now();
    sqlx::query(
        "UPDATE users SET password_hash = $1, updated_at = $2, \
         email_verified_at = CASE WHEN $3 = 1 THEN COALESCE(email_verified_at, $2) ELSE email_verified_at END \
         WHERE id = $4",
    )
    .bind(hash)
    .bind(t)
    .bind(verified as i64)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    crate::web::session::delete_all_for_user(&mut **tx, user_id, None).await?;
    Ok(())
}

/// Why a password was refused; each maps to a message key in the locale files.
#[derive(Debug, PartialEq, Eq)]
pub enum Weakness {
    TooShort,
    TooLong,
    TooCommon,
}

impl Weakness {
    pub fn message_key(&self) -> &'static str {
        match self {
            Weakness::TooShort => "error-password-short",
            Weakness::TooLong => "error-password-long",
            Weakness::TooCommon => "error-password-common",
        }
    }
}

/// Checks a new password. `context` holds words the user gave us (email, name), which
/// make a password easy to guess for anyone who knows them.
pub fn check_policy(password: &str, context: &[&str]) -> Result<(), Weakness> {
    let len = password.chars().count();
    if len < MIN_LEN {
        return Err(Weakness::TooShort);
    }
    if len > MAX_LEN {
        return Err(Weakness::TooLong);
    }
    let lower = password.to_lowercase();
    for c in context {
        let c = c.trim().to_lowercase();
        let local = c.split('@').next().unwrap_or("");
        // The account's own address or name, whole or as the bulk of the password.
        if c.len() >= 4
            && (lower.contains(&c)
                || (local.len() >= 4 && lower.len() <= local.len() + 4 && lower.contains(local)))
        {
            return Err(Weakness::TooCommon);
        }
    }
    // zxcvbn is quadratic in length; long passphrases are strong anyway.
    if len <= 64 {
        let mut words: Vec<&str> = context.to_vec();
        for c in context {
            words.extend(
                c.split(|ch: char| !ch.is_alphanumeric())
                    .filter(|w| w.len() > 2),
            );
        }
        let est = zxcvbn::zxcvbn(password, &words);
        if (est.score() as u8) < 3 {
            return Err(Weakness::TooCommon);
        }
    }
    Ok(())
}
