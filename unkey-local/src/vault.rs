//! Recoverable keys (upstream keeps them in its Vault service): the plaintext of a key created
//! with `recoverable: true` in a keyspace that stores encrypted keys is sealed with a secret of
//! this server and can be read back with `decrypt: true`. The secret is random, made once and
//! kept in the same store as the keys (with `--data`, the same file), so sealing protects the
//! plaintext from a casual look at the file, not from someone who can read all of it: this is
//! a local test server, do not keep production keys in it.
//!
//! Sealing: a random 16-byte nonce, then the plaintext XORed with the SHA-256 keystream of
//! `secret ‖ nonce ‖ block counter`, base64 (standard). Opening checks nothing beyond the
//! format: the store is trusted.

use base64::Engine;
use sha2::{Digest, Sha256};

/// The sealing secret of a server.
#[derive(Clone)]
pub struct Vault {
    secret: [u8; 32],
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault { .. }")
    }
}

/// The stored form of the secret (one row).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct StoredSecret {
    /// Base64 of the 32 secret bytes.
    pub secret: String,
}

fn keystream(secret: &[u8; 32], nonce: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 32);
    let mut counter: u64 = 0;
    while out.len() < len {
        let mut h = Sha256::new();
        h.update(secret);
        h.update(nonce);
        h.update(counter.to_le_bytes());
        out.extend_from_slice(&h.finalize());
        counter += 1;
    }
    out.truncate(len);
    out
}

impl Vault {
    /// A vault with a new random secret.
    pub fn generate() -> Vault {
        let mut secret = [0u8; 32];
        for (dst, src) in secret.iter_mut().zip(crate::ids::random_bytes(32)) {
            *dst = src;
        }
        Vault { secret }
    }

    /// The vault of a stored secret (`None` when it does not decode).
    pub fn from_stored(s: &StoredSecret) -> Option<Vault> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&s.secret)
            .ok()?;
        let secret: [u8; 32] = bytes.try_into().ok()?;
        Some(Vault { secret })
    }

    /// The stored form of this vault's secret.
    pub fn to_stored(&self) -> StoredSecret {
        StoredSecret {
            secret: base64::engine::general_purpose::STANDARD.encode(self.secret),
        }
    }

    /// Seals a plaintext.
    pub fn seal(&self, plaintext: &str) -> String {
        let nonce = crate::ids::random_bytes(16);
        let stream = keystream(&self.secret, &nonce, plaintext.len());
        let mut out = nonce;
        out.extend(plaintext.bytes().zip(stream).map(|(b, k)| b ^ k));
        base64::engine::general_purpose::STANDARD.encode(out)
    }

    /// Opens a sealed plaintext (`None` when it is not one of this vault's).
    pub fn open(&self, sealed: &str) -> Option<String> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(sealed)
            .ok()?;
        let (nonce, body) = (bytes.get(..16)?, bytes.get(16..)?);
        let stream = keystream(&self.secret, nonce, body.len());
        String::from_utf8(body.iter().zip(stream).map(|(b, k)| b ^ k).collect()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let v = Vault::generate();
        let sealed = v.seal("sk_1234567890abcdefghijklmnopqrstuvwxyz");
        assert!(!sealed.contains("sk_123"));
        assert_eq!(
            v.open(&sealed).as_deref(),
            Some("sk_1234567890abcdefghijklmnopqrstuvwxyz")
        );
        let again = Vault::from_stored(&v.to_stored()).unwrap();
        assert_eq!(again.open(&sealed), v.open(&sealed));
        assert_ne!(v.seal("x"), v.seal("x"), "a fresh nonce each time");
        assert_ne!(
            Vault::generate().open(&sealed).as_deref(),
            Some("sk_1234567890abcdefghijklmnopqrstuvwxyz"),
            "another secret does not open it"
        );
    }
}
