//! Key material and identifiers: CSPRNG bytes, Bitcoin-alphabet base58, the SHA-256 key hash,
//! entity ids in upstream's format and their order under the id columns' collation.

use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// The Bitcoin base58 alphabet (key material).
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

/// A secret of 24 characters of `[a-zA-Z0-9]` after `prefix` and `_`, drawn from the OS's
/// CSPRNG without bias, as upstream's `uid.Secure()` draws the portal's exchange codes and
/// access tokens (bytes from 248 up are skipped: 248 is four whole alphabets).
pub fn secure_token(prefix: &str) -> String {
    const LENGTH: usize = 24;
    let mut out = format!("{prefix}_");
    while out.len() < prefix.len() + 1 + LENGTH {
        for b in random_bytes(LENGTH) {
            let Some(&c) = ID_ALPHABET.get(usize::from(b) % ID_ALPHABET.len()) else {
                continue;
            };
            if b < 248 && out.len() < prefix.len() + 1 + LENGTH {
                out.push(char::from(c));
            }
        }
    }
    out
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

/// Unkey's key hash: standard, padded base64 of SHA-256 over the full key string.
pub fn hash_key(key: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(key.as_bytes()))
}

static SEQ: OnceLock<AtomicU64> = OnceLock::new();

/// A process-wide counter, only for the fallback of [`random_bytes`].
fn next_seq() -> u64 {
    SEQ.get_or_init(|| AtomicU64::new(0))
        .fetch_add(1, Ordering::Relaxed)
}

/// The characters of an id after its prefix, in upstream's order (pkg/uid/new.go).
const ID_ALPHABET: &[u8; 62] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// Characters after the prefix (upstream's default length).
const ID_LENGTH: usize = 9;

thread_local! {
    /// This thread's id generator: SplitMix64, seeded once from the OS CSPRNG.
    static ID_STATE: std::cell::Cell<u64> = std::cell::Cell::new({
        let mut seed = [0u8; 8];
        for (dst, src) in seed.iter_mut().zip(random_bytes(8)) {
            *dst = src;
        }
        u64::from_le_bytes(seed) ^ next_seq().rotate_left(32)
    });
}

/// The next 64 random bits of this thread's id generator (SplitMix64).
fn next_id_bits() -> u64 {
    ID_STATE.with(|state| {
        let s = state.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        state.set(s);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    })
}

/// A new entity id as upstream's `uid.New` makes one: the prefix, `_`, and 9 characters of
/// `[a-zA-Z0-9]`, each uniformly random. Like upstream's (Go's `math/rand/v2`), the generator
/// is fast rather than secret: a per-thread SplitMix64 seeded from the OS CSPRNG (ids are
/// made on every request; key material is not made this way). Ids carry no time: lists
/// ordered by id come back in an order unrelated to creation, as upstream's do.
pub fn new_id(prefix: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + 1 + ID_LENGTH);
    out.push_str(prefix);
    out.push('_');
    for _ in 0..ID_LENGTH {
        // The high 32 bits scaled to 0..62 (Lemire's reduction; a bias below 2^-26).
        let pick = ((next_id_bits() >> 32) * ID_ALPHABET.len() as u64) >> 32;
        let c = usize::try_from(pick)
            .ok()
            .and_then(|i| ID_ALPHABET.get(i))
            .copied()
            .unwrap_or(b'a');
        out.push(char::from(c));
    }
    out
}

/// A request id (`req_…`), made as the entity ids are (upstream's zen session: `uid.New("req")`).
pub fn request_id() -> String {
    new_id("req")
}

/// The weights of `s` under MySQL's `utf8mb4_0900_as_cs` collation (its id columns'), for
/// strings of `[0-9A-Za-z_]` only (`None` for any other character): the primary weights of
/// all characters first (`_` below the digits, the digits below the letters, letters without
/// regard to case, by the Unicode collation algorithm's default table), then, where those are
/// equal, the tertiary ones (a lowercase letter before its uppercase one). No secondary level
/// differs (no accents), and the collation is NO PAD (a proper prefix sorts first). The MySQL
/// 8.0.1 blog post introducing the as_cs collations shows the DUCET weights they use: `a`
/// `[.1C47.0020.0002]`, `A` `[.1C47.0020.0008]`, `b` `[.1C60.0020.0002]`; `_` is a variable
/// (punctuation) weight, non-ignorable in the 0900 collations, below every digit.
fn as_cs_weights(s: &str) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut primary = Vec::with_capacity(s.len());
    let mut tertiary = Vec::with_capacity(s.len());
    for b in s.bytes() {
        let (p, t) = match b {
            b'_' => (0, 0),
            b'0'..=b'9' => (1 + (b - b'0'), 0),
            b'a'..=b'z' => (11 + (b - b'a'), 0),
            b'A'..=b'Z' => (11 + (b - b'A'), 1),
            _ => return None,
        };
        primary.push(p);
        tertiary.push(t);
    }
    Some((primary, tertiary))
}

/// Whether [`id_cmp`] orders `s` as MySQL does (it holds only `[0-9A-Za-z_]`).
pub fn orderable(s: &str) -> bool {
    as_cs_weights(s).is_some()
}

/// Two ids in the order `ORDER BY id` and `id >= ?` give them upstream, under the columns'
/// `utf8mb4_0900_as_cs` collation (e.g. `key_a9` < `key_AA` < `key_ab`). Strings holding other
/// characters than `[0-9A-Za-z_]` (never an id unkey-local makes) fall back to byte order,
/// after the others.
pub fn id_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    match (as_cs_weights(a), as_cs_weights(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.cmp(b),
    }
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
    fn secure_tokens_are_24_alphanumerics() {
        let a = secure_token("pst");
        assert_eq!(a.len(), 28, "{a}");
        assert!(a.starts_with("pst_"));
        assert!(a[4..].bytes().all(|b| b.is_ascii_alphanumeric()), "{a}");
        assert_ne!(a, secure_token("pst"));
    }

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
    fn ids_have_upstreams_format() {
        for _ in 0..200 {
            let id = new_id("key");
            let (prefix, rest) = id.split_at(4);
            assert_eq!(prefix, "key_");
            assert_eq!(rest.len(), 9);
            assert!(rest.bytes().all(|b| b.is_ascii_alphanumeric()), "{id}");
        }
        assert_ne!(new_id("key"), new_id("key"));
        assert!(request_id().starts_with("req_") && request_id().len() == 13);
    }

    #[test]
    fn ids_draw_every_character() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..400 {
            seen.extend(new_id("a").bytes().skip(2));
        }
        assert_eq!(seen.len(), 62);
    }

    #[test]
    fn ids_order_as_utf8mb4_0900_as_cs() {
        use std::cmp::Ordering::{Equal, Greater, Less};
        // Digits before letters, letters by their primary weight whatever their case, then a
        // lowercase letter before its uppercase one at the first position case differs.
        let sorted = [
            "key_", "key_0", "key_09z", "key_9", "key_a", "key_aB", "key_Ab", "key_AB", "key_b",
            "key_Z", "key_z0",
        ];
        for (i, a) in sorted.iter().enumerate() {
            for (j, b) in sorted.iter().enumerate() {
                assert_eq!(id_cmp(a, b), i.cmp(&j), "{a} vs {b}");
            }
        }
        assert_eq!(id_cmp("key_a", "key_a"), Equal);
        // `_` weighs less than a digit: `ab_c` before `ab0`.
        assert_eq!(id_cmp("ab_c", "ab0"), Less);
        assert_eq!(id_cmp("key-a", "key_a"), Greater);
        assert!(!orderable("key-a") && orderable("key_Az09"));
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
