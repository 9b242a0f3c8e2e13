//! Where the caller's key comes from, and how a header value becomes a key.

/// Longest key `keys.verifyKey` accepts; longer ones are refused locally without a call.
pub const MAX_KEY_LEN: usize = 512;

/// Where the guard reads the caller's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// `Authorization: Bearer <key>` (scheme matched case-insensitively).
    Bearer,
    /// The whole value of this header, e.g. `X-API-Key`.
    Header(String),
    /// Supplied by the glue (a JS function or Rust closure); the core only sees its result.
    Custom,
}

impl KeySource {
    /// The request header holding the key, lowercase; stripped before forwarding.
    pub fn header_name(&self) -> Option<String> {
        match self {
            KeySource::Bearer => Some("authorization".to_owned()),
            KeySource::Header(h) => Some(h.to_ascii_lowercase()),
            KeySource::Custom => None,
        }
    }

    /// Turn the raw value of [`Self::header_name`] (or a custom function's result) into a key.
    pub fn parse(&self, raw: Option<&str>) -> Presented {
        let Some(raw) = raw else {
            return Presented::Missing;
        };
        let value = match self {
            KeySource::Bearer => {
                let raw = raw.trim();
                let Some((scheme, rest)) = raw.split_once([' ', '\t']) else {
                    // "Bearer" alone is a missing key; any other lone word is the wrong scheme.
                    return if raw.eq_ignore_ascii_case("bearer") || raw.is_empty() {
                        Presented::Missing
                    } else {
                        Presented::Malformed
                    };
                };
                if !scheme.eq_ignore_ascii_case("bearer") {
                    return Presented::Malformed;
                }
                rest.trim()
            }
            KeySource::Header(_) | KeySource::Custom => raw.trim(),
        };
        classify(value)
    }
}

fn classify(key: &str) -> Presented {
    if key.is_empty() {
        Presented::Missing
    } else if key.len() > MAX_KEY_LEN || key.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Presented::Malformed
    } else {
        Presented::Key(key.to_owned())
    }
}

/// What the caller presented.
///
/// `Debug` never prints the key itself.
#[derive(Clone, PartialEq, Eq)]
pub enum Presented {
    /// No key at all → 401 `MISSING_KEY`.
    Missing,
    /// Something that cannot be a key (wrong scheme, too long, spaces) → 401 `MALFORMED_KEY`,
    /// answered locally without spending a call.
    Malformed,
    /// A key to verify.
    Key(String),
}

impl core::fmt::Debug for Presented {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Presented::Missing => f.write_str("Missing"),
            Presented::Malformed => f.write_str("Malformed"),
            Presented::Key(_) => f.write_str("Key(<redacted>)"),
        }
    }
}

impl Presented {
    /// The key, if one was presented.
    pub fn key(&self) -> Option<&str> {
        match self {
            Presented::Key(k) => Some(k),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bearer(v: &str) -> Presented {
        KeySource::Bearer.parse(Some(v))
    }

    #[test]
    fn bearer_forms() {
        assert_eq!(bearer("Bearer abc_123"), Presented::Key("abc_123".into()));
        assert_eq!(bearer("bearer abc"), Presented::Key("abc".into()));
        assert_eq!(bearer("BEARER   abc  "), Presented::Key("abc".into()));
        assert_eq!(bearer("  Bearer\tabc"), Presented::Key("abc".into()));
        assert_eq!(bearer("Bearer"), Presented::Missing);
        assert_eq!(bearer("Bearer   "), Presented::Missing);
        assert_eq!(bearer(""), Presented::Missing);
        assert_eq!(bearer("Basic dXNlcjpwYXNz"), Presented::Malformed);
        assert_eq!(bearer("abc"), Presented::Malformed);
        assert_eq!(bearer("Bearer a b"), Presented::Malformed);
        assert_eq!(KeySource::Bearer.parse(None), Presented::Missing);
    }

    #[test]
    fn named_header_and_custom() {
        let h = KeySource::Header("X-API-Key".into());
        assert_eq!(h.header_name().as_deref(), Some("x-api-key"));
        assert_eq!(h.parse(Some(" k1 ")), Presented::Key("k1".into()));
        assert_eq!(h.parse(Some("Bearer k1")), Presented::Malformed);
        assert_eq!(h.parse(Some("")), Presented::Missing);
        assert_eq!(KeySource::Custom.header_name(), None);
        assert_eq!(
            KeySource::Custom.parse(Some("k")),
            Presented::Key("k".into())
        );
        assert_eq!(
            KeySource::Bearer.header_name().as_deref(),
            Some("authorization")
        );
    }

    #[test]
    fn length_limit() {
        let ok = "k".repeat(MAX_KEY_LEN);
        let long = "k".repeat(MAX_KEY_LEN + 1);
        assert_eq!(bearer(&format!("Bearer {ok}")), Presented::Key(ok));
        assert_eq!(bearer(&format!("Bearer {long}")), Presented::Malformed);
        assert_eq!(
            KeySource::Header("x".into()).parse(Some("a\u{1}b")),
            Presented::Malformed
        );
    }

    #[test]
    fn debug_never_prints_the_key() {
        let p = bearer("Bearer sk_secret_value");
        assert_eq!(format!("{p:?}"), "Key(<redacted>)");
        assert_eq!(p.key(), Some("sk_secret_value"));
        assert_eq!(Presented::Missing.key(), None);
    }
}
