//! What the glue learned from Unkey, in runtime-neutral form.

/// The parts of a `keys.verifyKey` answer that drive the decision and the forwarded headers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VerifyOutcome {
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
    /// True for `VALID`, the only passing code.
    pub fn is_valid(&self) -> bool {
        self.code == "VALID"
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Unreachable, deadline passed, 5xx, or Unkey's own 429: the route's fail mode applies.
    Unavailable,
    /// Any other HTTP error (bad root key, missing permission on the root key, unknown rate-limit
    /// name…): a configuration fault, always answered 500 and never failed open.
    Rejected,
}

impl Failure {
    /// Classify a client error by its kind (`"api" | "network" | "timeout" | "aborted" |
    /// "decode" | "validation" | "config"`, the strings of `Error::kind` and of the JS error's
    /// `kind`) and HTTP status: no answer, a garbled answer, 5xx, 408 and 429 are
    /// [`Failure::Unavailable`]; everything else is a configuration fault.
    pub fn from_kind(kind: &str, status: Option<u16>) -> Self {
        match kind {
            "network" | "timeout" | "aborted" | "decode" => Failure::Unavailable,
            "api" => Self::from_status(status),
            _ => Failure::Rejected,
        }
    }

    /// Classify by the HTTP status of the error; `None` means no response at all.
    pub fn from_status(status: Option<u16>) -> Self {
        match status {
            None => Failure::Unavailable,
            Some(s) if s >= 500 || s == 429 || s == 408 => Failure::Unavailable,
            Some(_) => Failure::Rejected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_classes() {
        assert_eq!(Failure::from_status(None), Failure::Unavailable);
        for s in [500, 502, 503, 504, 429, 408] {
            assert_eq!(Failure::from_status(Some(s)), Failure::Unavailable, "{s}");
        }
        for s in [400, 401, 403, 404, 410, 412, 200] {
            assert_eq!(Failure::from_status(Some(s)), Failure::Rejected, "{s}");
        }
    }

    #[test]
    fn failure_from_kind() {
        for k in ["network", "timeout", "aborted", "decode"] {
            assert_eq!(Failure::from_kind(k, None), Failure::Unavailable, "{k}");
        }
        assert_eq!(Failure::from_kind("api", Some(503)), Failure::Unavailable);
        assert_eq!(Failure::from_kind("api", Some(429)), Failure::Unavailable);
        assert_eq!(Failure::from_kind("api", Some(403)), Failure::Rejected);
        assert_eq!(Failure::from_kind("api", None), Failure::Unavailable);
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
            code: "VALID".into(),
            ..Default::default()
        };
        assert!(v.is_valid());
        v.code = "valid".into();
        assert!(!v.is_valid());
    }
}
