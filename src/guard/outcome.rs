//! What the glue learned from Unkey, in runtime-neutral form.

/// The parts of a `keys.verifyKey` answer that drive the decision and the forwarded headers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VerifyOutcome {
    /// `data.valid`.
    pub valid: bool,
    /// `data.code` as sent (open enum: unknown codes are denied with 403 and passed on verbatim).
    pub code: String,
    /// `data.keyId`.
    pub key_id: Option<String>,
    /// `data.identity.externalId`.
    pub external_id: Option<String>,
    /// The configured meta fields present in `data.meta`, as `(field, value)`; the glue turns
    /// non-string values into JSON text.
    pub meta: Vec<(String, String)>,
    /// `data.ratelimits`.
    pub ratelimits: Vec<LimitState>,
    /// `meta.requestId` of the verification, echoed in problem bodies as `unkeyRequestId`.
    pub request_id: Option<String>,
}

impl VerifyOutcome {
    /// True only for an unambiguous pass: `valid` is true and the code is `VALID`.
    pub fn is_valid(&self) -> bool {
        self.valid && self.code == "VALID"
    }

    /// `valid` and `code` disagree (`{valid: false, code: "VALID"}` or `{valid: true, code:
    /// "NOT_FOUND"}`): no verdict can be read from it, so the decision treats the answer as
    /// garbled ([`Failure::Unusable`]), never as a pass.
    pub fn is_ambiguous(&self) -> bool {
        self.valid != (self.code == "VALID")
    }
}

/// One rate-limit window: from verify's `ratelimits[]` or a standalone `ratelimit.limit`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LimitState {
    /// Requests per window.
    pub limit: u64,
    /// Requests left in this window.
    pub remaining: u64,
    /// When the window resets, Unix **milliseconds** (both endpoints send it this way).
    pub reset_ms: f64,
    /// Over the limit: verify's `exceeded`, or `!success` from `ratelimit.limit`.
    pub exceeded: bool,
}

/// Why an Unkey call produced no usable answer, as far as the decision cares.
///
/// Only [`Failure::Unreachable`] lets a fail-open route forward: an answer an attacker can
/// provoke (Unkey's own 429 once the workspace's limit is spent, a 500, a garbled body) must not
/// open the door.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Unkey could not be reached or did not answer within the deadline: a connection that
    /// failed or broke, the deadline, or a gateway status that says Unkey itself did not answer
    /// ([`UNREACHABLE_STATUSES`]). The route's fail mode applies.
    Unreachable,
    /// Unkey (or something in between) answered, but not with a usable verdict: 429, 500 and
    /// every other 5xx, 408, a 3xx, a body that is not the verdict's shape, an ambiguous verdict,
    /// or a call the caller's signal aborted. Always 503, never failed open.
    Unusable,
    /// Any other HTTP error (bad root key, missing permission on the root key, unknown rate-limit
    /// name…): a configuration fault, always answered 500 and never failed open.
    Rejected,
}

/// Statuses that mean no working Unkey answered: 502, 503 and 504 from a gateway (Unkey's API
/// itself never sends them for verifyKey or ratelimit.limit), and Cloudflare's 521–526 but 520
/// (origin down, connection or TLS failed, origin unreachable, timed out). Fail-open routes
/// forward on these and on no other status.
pub const UNREACHABLE_STATUSES: [u16; 9] = [502, 503, 504, 521, 522, 523, 524, 525, 526];

impl Failure {
    /// Classify a client error by its kind (`"api" | "network" | "timeout" | "aborted" |
    /// "decode" | "validation" | "config"`, the strings of `Error::kind` and of the JS error's
    /// `kind`) and HTTP status.
    pub fn from_kind(kind: &str, status: Option<u16>) -> Self {
        match kind {
            "network" | "timeout" => Failure::Unreachable,
            "aborted" | "decode" => Failure::Unusable,
            "api" => Self::from_status(status),
            _ => Failure::Rejected,
        }
    }

    /// Classify by the HTTP status of an API error; `None` (no status) counts as unreachable.
    pub fn from_status(status: Option<u16>) -> Self {
        match status {
            None => Failure::Unreachable,
            Some(s) if UNREACHABLE_STATUSES.contains(&s) => Failure::Unreachable,
            Some(s) if s >= 500 || s == 429 || s == 408 || s < 400 => Failure::Unusable,
            Some(_) => Failure::Rejected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_classes() {
        assert_eq!(Failure::from_status(None), Failure::Unreachable);
        for s in [502, 503, 504, 521, 522, 523, 524, 525, 526] {
            assert_eq!(Failure::from_status(Some(s)), Failure::Unreachable, "{s}");
        }
        // Answers an attacker can provoke, or that say Unkey was reached: never fail open.
        for s in [
            429, 500, 501, 505, 520, 527, 599, 408, 0, 200, 301, 302, 307, 308,
        ] {
            assert_eq!(Failure::from_status(Some(s)), Failure::Unusable, "{s}");
        }
        for s in [400, 401, 403, 404, 410, 412] {
            assert_eq!(Failure::from_status(Some(s)), Failure::Rejected, "{s}");
        }
    }

    #[test]
    fn failure_from_kind() {
        for k in ["network", "timeout"] {
            assert_eq!(Failure::from_kind(k, None), Failure::Unreachable, "{k}");
        }
        for k in ["aborted", "decode"] {
            assert_eq!(Failure::from_kind(k, Some(200)), Failure::Unusable, "{k}");
        }
        assert_eq!(Failure::from_kind("api", Some(503)), Failure::Unreachable);
        assert_eq!(Failure::from_kind("api", Some(429)), Failure::Unusable);
        assert_eq!(Failure::from_kind("api", Some(500)), Failure::Unusable);
        assert_eq!(Failure::from_kind("api", Some(403)), Failure::Rejected);
        assert_eq!(Failure::from_kind("api", None), Failure::Unreachable);
        assert_eq!(Failure::from_kind("validation", None), Failure::Rejected);
        assert_eq!(Failure::from_kind("config", None), Failure::Rejected);
        assert_eq!(
            Failure::from_kind("brand-new", Some(500)),
            Failure::Rejected
        );
    }

    #[test]
    fn only_valid_is_valid() {
        let mut v = VerifyOutcome {
            valid: true,
            code: "VALID".into(),
            ..Default::default()
        };
        assert!(v.is_valid() && !v.is_ambiguous());
        v.code = "valid".into();
        assert!(!v.is_valid() && v.is_ambiguous());
        v.valid = false;
        assert!(!v.is_valid() && !v.is_ambiguous());
        v.code = "VALID".into();
        assert!(!v.is_valid() && v.is_ambiguous());
    }
}
