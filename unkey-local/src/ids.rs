//! Key material and identifiers: CSPRNG bytes, Bitcoin-alphabet base58, the SHA-256 key hash and
//! time-ordered entity ids.

use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// The Bitcoin base58 alphabet. Its characters are in ASCII order, so fixed-width encodings sort
/// like the numbers they encode (entity ids rely on this for cursor pagination).
const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Fills a buffer from the operating system's CSPRNG.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    if getrandom::getrandom(&mut buf).is_err() {
        // The OS CSPRNG is unavailable: fall back to a hash of time and a counter, which is
        // unique but not secret. This never happens on Linux with a working kernel.
        let mut h = Sha256::new();
        h.update(format!("{:?}{}", std::time::SystemTime::now(), next_seq()));
        let d = h.finalize();
        for (i, b) in buf.iter_mut().enumerate() {
            *b = d.get(i % d.len()).copied().unwrap_or(0);
        }
    }
    buf
}

/// Base58 (Bitcoin alphabet) of arbitrary bytes; each leading zero byte becomes `1`.
#[allow(
    clippy::indexing_slicing,
    reason = "every digit is below 58, the alphabet's length"
)]
pub fn base58(input: &[u8]) -> String {
    let zeros = input.iter().take_while(|b| **b == 0).count();
    // Base-58 digits, least significant first.
    let mut digits: Vec<u8> = Vec::with_capacity(input.len() * 138 / 100 + 1);
    for &byte in input {
        let mut carry = u32::from(byte);
        for d in digits.iter_mut() {
            carry += u32::from(*d) << 8;
            *d = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let mut out = String::with_capacity(zeros + digits.len());
    out.extend(std::iter::repeat_n('1', zeros));
    for d in digits.iter().rev() {
        out.push(char::from(ALPHABET[usize::from(*d)]));
    }
    out
}

/// Fixed-width (22 characters) base58 of a u128, so encodings sort like the numbers.
#[allow(
    clippy::indexing_slicing,
    reason = "n % 58 is below the alphabet's length"
)]
fn base58_u128_fixed(mut n: u128) -> String {
    let mut buf = [b'1'; 22];
    for slot in buf.iter_mut().rev() {
        *slot = ALPHABET[(n % 58) as usize];
        n /= 58;
    }
    buf.iter().map(|b| char::from(*b)).collect()
}

/// Unkey's key hash: standard, padded base64 of SHA-256 over the full key string.
pub fn hash_key(key: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(key.as_bytes()))
}

static SEQ: OnceLock<AtomicU64> = OnceLock::new();

/// A process-wide sequence that starts at the wall clock in microseconds, so ids made after a
/// restart sort after the ones persisted before it.
fn next_seq() -> u64 {
    SEQ.get_or_init(|| {
        let micros = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_micros() as u64)
            .unwrap_or(1);
        AtomicU64::new(micros)
    })
    .fetch_add(1, Ordering::Relaxed)
}

/// A new entity id such as `key_…`: a monotonic sequence in the high bits and random low bits,
/// base58-encoded at fixed width, so ids sort by creation time.
pub fn new_id(prefix: &str) -> String {
    let seq = next_seq();
    let mut r = [0u8; 8];
    for (dst, src) in r.iter_mut().zip(random_bytes(8)) {
        *dst = src;
    }
    let n = (u128::from(seq) << 64) | u128::from(u64::from_le_bytes(r));
    format!("{prefix}_{}", base58_u128_fixed(n))
}

/// A request id (`req_…`); cheaper than [`new_id`] because it is made on every request.
pub fn request_id() -> String {
    let seq = next_seq().to_be_bytes();
    let first = seq.iter().position(|b| *b != 0).unwrap_or(seq.len());
    format!("req_{}", base58(seq.get(first..).unwrap_or(&[])))
}

/// A new secret key: `prefix_` + base58 of `byte_length` random bytes (no underscore without a
/// prefix), and its display start: the prefix plus the first four base58 characters.
pub fn new_key(prefix: Option<&str>, byte_length: usize) -> (String, String) {
    let body = base58(&random_bytes(byte_length));
    let head: String = body.chars().take(4).collect();
    match prefix {
        Some(p) => (format!("{p}_{body}"), format!("{p}_{head}")),
        None => (body, head),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_matches_unkey_vectors() {
        assert_eq!(
            hash_key("MVgWNsyPmv6VthC9moCNAPwS"),
            "CptSN3vQ0shZLIsdT5c/tlpeFK/qqxY0R/aQNCfKhWs="
        );
        assert_eq!(
            hash_key("3ZFeSzZi4bAHLaADiPyJy7BN"),
            "Af0t8Qg3G7oLwGHlkgMYIeloGL2dNBfcLxOLp3IDROY="
        );
    }

    #[test]
    fn base58_known_values() {
        assert_eq!(base58(b""), "");
        assert_eq!(base58(&[0, 0, 1]), "112");
        assert_eq!(base58(b"hello world"), "StV1DL6CwTryKyV");
        assert_eq!(base58(&[0xff; 4]), "7YXq9G");
    }

    #[test]
    fn ids_sort_by_creation() {
        let a = new_id("key");
        let b = new_id("key");
        assert!(a < b, "{a} !< {b}");
        assert_eq!(a.len(), 4 + 22);
    }

    #[test]
    fn keys_have_prefix_and_start() {
        let (k, start) = new_key(Some("sk"), 16);
        assert!(k.starts_with("sk_"));
        assert_eq!(start, k[..7].to_string());
        let (k2, s2) = new_key(None, 32);
        assert!(!k2.contains('_'));
        assert_eq!(s2.len(), 4);
    }
}

/// A Unix ms time as Go's `time.RFC3339` writes a UTC time: `2026-12-06T16:00:00Z` (whole
/// seconds, no fraction).
pub fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = crate::calendar::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod rfc3339_tests {
    #[test]
    fn formats_like_go() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::rfc3339(1_901_188_800_999), "2030-03-31T12:00:00Z");
    }
}
