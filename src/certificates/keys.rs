//! The institute's certificate signing key. It is made once and kept in the database, so
//! every server signs with the same key and certificates verify after a move to new
//! hardware (backups of the database carry the key).

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::db::Db;

#[derive(Clone)]
pub struct CertKey {
    signing: SigningKey,
    /// Short name for the key, printed with each signature so a key can be rotated later.
    pub id: String,
}

impl CertKey {
    fn from_seed(seed: [u8; 32]) -> CertKey {
        let signing = SigningKey::from_bytes(&seed);
        let id = hex::encode(&Sha256::digest(signing.verifying_key().as_bytes())[..8]);
        CertKey { signing, id }
    }

    /// Reads the key, creating it on first start; concurrent first starts agree on one.
    pub async fn load(db: &Db) -> anyhow::Result<CertKey> {
        let seed: [u8; 32] = rand::random();
        sqlx::query("INSERT INTO settings (key, value) VALUES ('certificate_key', $1) ON CONFLICT (key) DO NOTHING")
            .bind(B64.encode(seed))
            .execute(&db.pool)
            .await?;
        let row = sqlx::query("SELECT value FROM settings WHERE key = 'certificate_key'")
            .fetch_one(&db.pool)
            .await?;
        let stored: String = row.try_get("value")?;
        let bytes = B64.decode(stored.trim())?;
        let seed: [u8; 32] = bytes
            .try_into()
            .map_err(|_| anyhow::anyhow!("the stored certificate key is damaged"))?;
        Ok(CertKey::from_seed(seed))
    }

    /// The stored key, without making one when there is none (to report on a restore).
    pub async fn stored(db: &Db) -> anyhow::Result<Option<CertKey>> {
        let Some(row) = sqlx::query("SELECT value FROM settings WHERE key = 'certificate_key'")
            .fetch_optional(&db.pool)
            .await?
        else {
            return Ok(None);
        };
        let bytes = B64.decode(row.try_get::<String, _>("value")?.trim())?;
        let seed: [u8; 32] = bytes
            .try_into()
            .map_err(|_| anyhow::anyhow!("the stored certificate key is damaged"))?;
        Ok(Some(CertKey::from_seed(seed)))
    }

    pub fn sign(&self, message: &str) -> String {
        B64.encode(self.signing.sign(message.as_bytes()).to_bytes())
    }

    pub fn public_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    pub fn public_key_b64(&self) -> String {
        B64.encode(self.public_key().as_bytes())
    }

    pub fn verify(&self, message: &str, signature_b64: &str) -> bool {
        verify_with(&self.public_key(), message, signature_b64)
    }
}

pub fn verify_with(key: &VerifyingKey, message: &str, signature_b64: &str) -> bool {
    let Ok(bytes) = B64.decode(signature_b64.trim()) else {
        return false;
    };
    let Ok(sig) = Signature::from_slice(&bytes) else {
        return false;
    };
    key.verify(message.as_bytes(), &sig).is_ok()
}
