//! From evidence (key presented, verify outcome, standalone limit outcome, failures) to a
//! decision: forward with headers, or deny with a status, headers and a problem body.

use super::key::Presented;
use super::outcome::{Failure, LimitState, VerifyOutcome};
use super::policy::{Access, FailMode, Policy};
use super::problem;
use super::text::{num, push_hex};

/// Header names the guard writes for the origin and the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderNames {
    /// Namespace prefix (compared case-insensitively): every caller-sent header starting with it is
    /// stripped before forwarding, so the origin can trust the ones the guard sets.
    pub namespace: String,
    /// Carries `data.keyId` to the origin.
    pub key_id: String,
    /// Carries `data.identity.externalId` to the origin.
    pub identity: String,
    /// Carries the verdict to the origin: `verified`, `public` or `fail-open`.
    pub verdict: String,
    /// `(meta field, header name)`: meta fields copied into headers for the origin.
    pub meta: Vec<(String, String)>,
}

impl Default for HeaderNames {
    fn default() -> Self {
        Self {
            namespace: "X-Unkey-".into(),
            key_id: "X-Unkey-Key-Id".into(),
            identity: "X-Unkey-Identity".into(),
            verdict: "X-Unkey-Guard".into(),
            meta: Vec::new(),
        }
    }
}

/// Why a request was forwarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// A valid key passed every check.
    Verified,
    /// The route is public.
    Public,
    /// Unkey was unavailable and the route fails open.
    FailOpen,
}

impl Verdict {
    /// The value written into the verdict header.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Verified => "verified",
            Verdict::Public => "public",
            Verdict::FailOpen => "fail-open",
        }
    }
}

/// Send the request on to the origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forward {
    /// Why.
    pub verdict: Verdict,
    /// Set on the request to the origin (after stripping; see `Guard::strips`).
    pub request_headers: Vec<(String, String)>,
    /// Added to the origin's response on its way back (`RateLimit-*`).
    pub response_headers: Vec<(String, String)>,
}

/// Answer the client directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deny {
    /// HTTP status.
    pub status: u16,
    /// Machine-readable reason: an Unkey verification code (`NOT_FOUND`…) or a guard code
    /// (`MISSING_KEY`, `MALFORMED_KEY`, `UNKEY_UNAVAILABLE`, `UNKEY_REJECTED`, `NO_ROUTE`,
    /// `BAD_PATH`, `RATE_LIMITED`).
    pub code: String,
    /// Response headers, `Content-Type` included.
    pub headers: Vec<(String, String)>,
    /// The `application/problem+json` body.
    pub body: String,
}

/// The guard's answer for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Let it through.
    Forward(Forward),
    /// Stop it here.
    Deny(Deny),
}

impl Decision {
    /// The denial, if any.
    pub fn as_deny(&self) -> Option<&Deny> {
        match self {
            Decision::Deny(d) => Some(d),
            Decision::Forward(_) => None,
        }
    }

    /// The forward, if any.
    pub fn as_forward(&self) -> Option<&Forward> {
        match self {
            Decision::Forward(f) => Some(f),
            Decision::Deny(_) => None,
        }
    }
}

/// What the glue found out for one request.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    /// The key as presented.
    pub presented: &'a Presented,
    /// The `keys.verifyKey` outcome, if a call was made.
    pub verify: Option<Result<&'a VerifyOutcome, Failure>>,
    /// The standalone `ratelimit.limit` outcome, if a call was made.
    pub limit: Option<Result<&'a LimitState, Failure>>,
    /// Current time, Unix milliseconds (to turn reset timestamps into seconds).
    pub now_ms: f64,
    /// The guard's id for this request, echoed in problem bodies.
    pub request_id: &'a str,
}

/// Decision settings shared by every route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Header names.
    pub names: HeaderNames,
    /// Status for `USAGE_EXCEEDED` (429 by default; 402 or 403 are common alternatives).
    pub usage_exceeded_status: u16,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            names: HeaderNames::default(),
            usage_exceeded_status: 429,
        }
    }
}

/// Decide. Pure: the same inputs always give the same decision.
pub fn decide(settings: &Settings, policy: &Policy, ev: &Evidence<'_>) -> Decision {
    let unkey_id = match ev.verify {
        Some(Ok(v)) => v.request_id.as_deref(),
        _ => None,
    };
    let deny = |status: u16, code: &str, detail: &str| {
        deny_with(status, code, detail, ev.request_id, unkey_id, Vec::new())
    };
    let mut states: Vec<LimitState> = Vec::new();
    let mut request_headers = Vec::new();
    let mut verdict = Verdict::Public;

    match &policy.access {
        Access::Deny => return deny(404, "NO_ROUTE", "No route serves this request."),
        Access::Public => {}
        Access::Protected(_) => {
            match ev.presented {
                Presented::Missing => {
                    return deny(401, "MISSING_KEY", "This route needs an API key.")
                }
                Presented::Malformed => {
                    return deny(401, "MALFORMED_KEY", "The API key is not well formed.")
                }
                Presented::Key(_) => {}
            }
            let v = match ev.verify {
                None => return deny(500, "GUARD_ERROR", "The key was not verified."),
                Some(Err(f)) => return failed(settings, policy, f, ev, Vec::new()),
                Some(Ok(v)) if v.is_ambiguous() => {
                    return failed(settings, policy, Failure::Unusable, ev, Vec::new())
                }
                Some(Ok(v)) => v,
            };
            if !v.is_valid() {
                return denied_code(settings, v, ev);
            }
            states.extend_from_slice(&v.ratelimits);
            request_headers = match identity_headers(&settings.names, v) {
                Some(h) => h,
                None => return deny(500, IDENTITY_TOO_LARGE, IDENTITY_TOO_LARGE_DETAIL),
            };
            verdict = Verdict::Verified;
        }
    }

    if policy.ratelimit.is_some() {
        match ev.limit {
            None => {
                return deny(
                    500,
                    "GUARD_ERROR",
                    "The rate limit was not checked (a limit by IP needs the client's IP: see the \
                     guard's `ip` option).",
                )
            }
            Some(Err(f)) => return failed(settings, policy, f, ev, request_headers),
            Some(Ok(l)) => states.push(*l),
        }
    }

    let rl = ratelimit_headers(&states, ev.now_ms);
    if states.iter().any(|s| s.exceeded) {
        return deny_with(
            429,
            "RATE_LIMITED",
            "Rate limit exceeded.",
            ev.request_id,
            unkey_id,
            rl,
        );
    }
    request_headers.push((settings.names.verdict.clone(), verdict.as_str().into()));
    Decision::Forward(Forward {
        verdict,
        request_headers,
        response_headers: rl,
    })
}

/// The most the headers describing a verified caller (key id, external id, chosen meta fields)
/// may take as sent, names and percent-encoded values together. Origins refuse larger requests
/// (nginx and Apache take about 8 KiB per header line, Node 16 KiB for all of them: a 1 MB meta
/// value was answered 431), so past it the guard refuses the request (500
/// [`IDENTITY_TOO_LARGE`]) rather than forward a caller the origin would see cut or not at all.
pub const MAX_IDENTITY_HEADER_BYTES: usize = 4096;

/// The denial code of a verified key whose identity headers exceed
/// [`MAX_IDENTITY_HEADER_BYTES`]: the operator's to fix (a meta field not fit for a header), so
/// the glue reports it (`onError`).
pub const IDENTITY_TOO_LARGE: &str = "IDENTITY_TOO_LARGE";

/// The `detail` of that denial, also the message the glue reports to the operator (`onError`:
/// the JS glue reads it from the denial's body). It states [`MAX_IDENTITY_HEADER_BYTES`] (a
/// test holds the two together).
pub const IDENTITY_TOO_LARGE_DETAIL: &str = "The verified key's identity headers (key id, \
     external id and the chosen `headers.meta` fields, as sent) exceed 4096 bytes, more than \
     origins accept: the request was refused, not forwarded.";

/// Headers for the origin describing the verified caller; `None` when they exceed
/// [`MAX_IDENTITY_HEADER_BYTES`]. The one place a verified identity becomes request headers.
fn identity_headers(names: &HeaderNames, v: &VerifyOutcome) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    if let Some(id) = &v.key_id {
        out.push((names.key_id.clone(), header_value(id)));
    }
    if let Some(ext) = &v.external_id {
        out.push((names.identity.clone(), header_value(ext)));
    }
    for (field, header) in &names.meta {
        if let Some((_, value)) = v.meta.iter().find(|(f, _)| f == field) {
            out.push((header.clone(), header_value(value)));
        }
    }
    let size: usize = out.iter().map(|(k, v)| k.len() + v.len()).sum();
    (size <= MAX_IDENTITY_HEADER_BYTES).then_some(out)
}

/// Deny for a verification code other than `VALID`.
fn denied_code(settings: &Settings, v: &VerifyOutcome, ev: &Evidence<'_>) -> Decision {
    let uid = v.request_id.as_deref();
    let (status, detail) = match v.code.as_str() {
        "NOT_FOUND" => (401, "The API key is not valid."),
        "DISABLED" => (403, "The API key is disabled."),
        "EXPIRED" => (403, "The API key has expired."),
        "FORBIDDEN" => (403, "The API key may not be used here."),
        "INSUFFICIENT_PERMISSIONS" => (403, "The API key lacks the permissions this route needs."),
        "USAGE_EXCEEDED" => (
            settings.usage_exceeded_status,
            "The API key has no credits left.",
        ),
        "RATE_LIMITED" => {
            let headers = ratelimit_headers(&v.ratelimits, ev.now_ms);
            return deny_with(
                429,
                "RATE_LIMITED",
                "Rate limit exceeded.",
                ev.request_id,
                uid,
                headers,
            );
        }
        // Open enum: a code this build does not know is still a failed verification.
        _ => (403, "The API key was refused."),
    };
    deny_with(status, &v.code, detail, ev.request_id, uid, Vec::new())
}

/// Unkey did not answer usefully.
fn failed(
    settings: &Settings,
    policy: &Policy,
    f: Failure,
    ev: &Evidence<'_>,
    mut request_headers: Vec<(String, String)>,
) -> Decision {
    match (f, policy.fail) {
        (Failure::Unreachable, FailMode::Open) => {
            request_headers.push((
                settings.names.verdict.clone(),
                Verdict::FailOpen.as_str().into(),
            ));
            Decision::Forward(Forward {
                verdict: Verdict::FailOpen,
                request_headers,
                response_headers: Vec::new(),
            })
        }
        (Failure::Unreachable, FailMode::Closed) => deny_with(
            503,
            "UNKEY_UNAVAILABLE",
            "The key service is unavailable or did not answer in time.",
            ev.request_id,
            None,
            vec![("Retry-After".into(), "1".into())],
        ),
        (Failure::Unusable, _) => deny_with(
            503,
            "UNKEY_UNAVAILABLE",
            "The key service gave no usable answer.",
            ev.request_id,
            None,
            vec![("Retry-After".into(), "1".into())],
        ),
        (Failure::Rejected, _) => deny_with(
            500,
            "UNKEY_REJECTED",
            "The key service refused the guard's request.",
            ev.request_id,
            None,
            Vec::new(),
        ),
    }
}

/// Build a denial with the problem body and its content type.
pub fn deny_with(
    status: u16,
    code: &str,
    detail: &str,
    request_id: &str,
    unkey_request_id: Option<&str>,
    mut headers: Vec<(String, String)>,
) -> Decision {
    headers.insert(0, ("Content-Type".into(), problem::CONTENT_TYPE.into()));
    headers.push(("Cache-Control".into(), "no-store".into()));
    Decision::Deny(Deny {
        status,
        code: code.into(),
        body: problem::render(status, code, detail, request_id, unkey_request_id),
        headers,
    })
}

/// `RateLimit-Limit/Remaining/Reset` (and `Retry-After` when exceeded) for the tightest window.
///
/// Tightest = among exceeded windows the one that resets last (the earliest moment a retry can
/// pass); otherwise the one with the fewest requests left. Reset is in whole seconds from now,
/// rounded up, as the RateLimit header draft wants; `Retry-After` is at least 1.
pub fn ratelimit_headers(states: &[LimitState], now_ms: f64) -> Vec<(String, String)> {
    let tightest = if states.iter().any(|s| s.exceeded) {
        states
            .iter()
            .filter(|s| s.exceeded)
            .max_by(|a, b| a.reset_ms.total_cmp(&b.reset_ms))
    } else {
        states.iter().min_by(|a, b| {
            a.remaining
                .cmp(&b.remaining)
                .then(a.reset_ms.total_cmp(&b.reset_ms))
        })
    };
    let Some(s) = tightest else {
        return Vec::new();
    };
    let secs = seconds_until(s.reset_ms, now_ms);
    let mut out = vec![
        ("RateLimit-Limit".into(), num(s.limit)),
        ("RateLimit-Remaining".into(), num(s.remaining)),
        ("RateLimit-Reset".into(), num(secs)),
    ];
    if s.exceeded {
        out.push(("Retry-After".into(), num(secs.max(1))));
    }
    out
}

/// Whole seconds from `now_ms` until `reset_ms`, rounded up, never negative.
fn seconds_until(reset_ms: f64, now_ms: f64) -> u64 {
    let delta = reset_ms - now_ms;
    if delta.is_nan() || delta <= 0.0 {
        0
    } else {
        // `as` saturates for huge values; fine for a header.
        (delta / 1000.0).ceil() as u64
    }
}

/// Make a value safe for an HTTP header: visible ASCII and inner spaces pass, anything else is
/// percent-encoded as UTF-8 (Workers' `Headers` throws on non-Latin-1 and CR/LF would split it).
/// Spaces at either end are encoded too (`%20`): HTTP drops them from a header value, so a key's
/// meta value `"admin "` (meta is free text) would otherwise reach the origin as `admin`.
/// Different values always give different headers.
pub fn header_value(v: &str) -> String {
    let body = v.trim_start_matches(' ');
    let inner = body.trim_end_matches(' ');
    let (lead, trail) = (v.len() - body.len(), body.len() - inner.len());
    let mut out = String::with_capacity(v.len() + 2 * (lead + trail));
    for _ in 0..lead {
        out.push_str("%20");
    }
    for c in inner.chars() {
        if c == ' ' || c.is_ascii_graphic() {
            if c == '%' {
                out.push_str("%25");
            } else {
                out.push(c);
            }
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push('%');
                push_hex(&mut out, u32::from(b), 2, true);
            }
        }
    }
    for _ in 0..trail {
        out.push_str("%20");
    }
    out
}
