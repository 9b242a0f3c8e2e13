//! One request through the guard, step by step. [`Guard::check`] starts a [`Check`];
//! [`Guard::next`] says what to do next ([`Step`]): call `keys.verifyKey` or `ratelimit.limit`
//! with a request the core wrote, or answer with a [`Decision`]. The glue sends the calls and
//! hands each answer back ([`Check::verified`], [`Check::limited`], [`Check::failed`]): the
//! order of the calls, what is asked, how an answer is read and what is decided all live here,
//! once, for the JS guard, its adapters and the workers-rs guard.
//!
//! ```
//! use unkey_edge::guard::{Guard, Incoming, Policy, Step};
//! let guard = Guard::builder().route("*", "/api/*", Policy::protected()).build().unwrap();
//! let header = |name: &str| (name == "authorization").then(|| "Bearer sk_123".to_string());
//! let mut check = guard.check(&Incoming::new("GET", "/api/x", &header), 1.7e12);
//! let Step::Verify { request, .. } = guard.next(&mut check) else { panic!() };
//! assert_eq!(request, r#"{"key":"sk_123"}"#);
//! // The glue sends it; here Unkey answered that the key does not exist.
//! check.verified(r#"{"meta":{"requestId":"req_1"},"data":{"valid":false,"code":"NOT_FOUND"}}"#, &guard);
//! let Step::Done(decision) = guard.next(&mut check) else { panic!() };
//! assert_eq!(decision.as_deny().map(|d| d.status), Some(401));
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use super::decide::{Decision, Evidence};
use super::key::Presented;
use super::outcome::{Failure, LimitState, VerifyOutcome};
use super::policy::{LimitBy, Policy};
use super::problem::push_str;
use super::text::{cat, num, push_hex};
use super::{Guard, Refused, RouteId};
use crate::error::{request_id_of, str_field};
use crate::schema::{JsonKind, JsonText, JsonValue};

/// What the glue knows of one request.
pub struct Incoming<'a> {
    /// The method.
    pub method: &'a str,
    /// The path and query (`/a/b?c=d`).
    pub target: &'a str,
    /// A request header's value by (lower-case) name, `None` when absent.
    pub header: &'a dyn Fn(&str) -> Option<String>,
    /// A key the glue found itself (a custom key function, [`super::KeySource::Custom`]):
    /// used instead of the key header.
    pub custom_key: Option<&'a str>,
    /// The client IP as the platform knows it; `None` when it does not.
    pub ip: Option<&'a str>,
    /// The glue's own request id (a `requestId` option); `None`: [`request_id`]'s rule.
    pub request_id: Option<&'a str>,
    /// Randomness for a request id when there is no `cf-ray`.
    pub random: u64,
}

impl<'a> Incoming<'a> {
    /// A request with no IP, custom key, request id or randomness yet.
    pub fn new(
        method: &'a str,
        target: &'a str,
        header: &'a dyn Fn(&str) -> Option<String>,
    ) -> Self {
        Incoming {
            method,
            target,
            header,
            custom_key: None,
            ip: None,
            request_id: None,
            random: 0,
        }
    }
}

impl core::fmt::Debug for Incoming<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Incoming")
            .field("method", &self.method)
            .field("target", &self.target)
            .field("ip", &self.ip)
            .finish_non_exhaustive()
    }
}

/// The id of a request in problem bodies and logs: Cloudflare's `cf-ray` when there is one,
/// else `guard_` and 16 hex digits of `random`.
pub fn request_id(cf_ray: Option<&str>, random: u64) -> String {
    match cf_ray.map(str::trim).filter(|r| !r.is_empty()) {
        Some(ray) => ray.into(),
        None => {
            let mut id = String::from("guard_");
            // `as u32` keeps the low half, as intended.
            push_hex(&mut id, (random >> 32) as u32, 8, false);
            push_hex(&mut id, random as u32, 8, false);
            id
        }
    }
}

/// What to do next for a [`Check`]. `Debug` never prints a verification's request, which holds
/// the caller's key.
#[derive(Clone, PartialEq, Eq)]
pub enum Step {
    /// Call `keys.verifyKey` with this request (JSON) within `deadline_ms`, then
    /// [`Check::verified`] or [`Check::failed`].
    Verify {
        /// The request body.
        request: String,
        /// The route's deadline for the call.
        deadline_ms: u32,
        /// Whether the client's verification cache may answer it (the route's `cache`).
        cache: bool,
    },
    /// Call `ratelimit.limit` with this request (JSON) within `deadline_ms`, then
    /// [`Check::limited`] or [`Check::failed`].
    Limit {
        /// The request body.
        request: String,
        /// The route's deadline for the call.
        deadline_ms: u32,
    },
    /// Answer with this.
    Done(Decision),
}

impl core::fmt::Debug for Step {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Step::Verify {
                deadline_ms, cache, ..
            } => f
                .debug_struct("Verify")
                .field("deadline_ms", deadline_ms)
                .field("cache", cache)
                .finish_non_exhaustive(),
            Step::Limit {
                request,
                deadline_ms,
            } => f
                .debug_struct("Limit")
                .field("request", request)
                .field("deadline_ms", deadline_ms)
                .finish(),
            Step::Done(d) => f.debug_tuple("Done").field(d).finish(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Start,
    Verifying,
    Limiting,
    Done,
}

/// One request's state between steps. Holds no reference to the [`Guard`], so the glue can keep
/// it where it likes (the wasm keeps it in a JS-owned object).
#[derive(Debug, Clone)]
pub struct Check {
    route: Result<RouteId, Refused>,
    presented: Presented,
    request_id: String,
    ip: Option<String>,
    limit_header: Option<String>,
    verify: Option<Result<VerifyOutcome, Failure>>,
    limit: Option<Result<LimitState, Failure>>,
    /// The standalone limit's request, while its answer is pending.
    limit_request: Option<String>,
    stage: Stage,
    now_ms: f64,
}

impl Check {
    /// The id of this request (see [`request_id`]).
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The route the request matched (the fallback's id when none did); `None` when refused.
    pub fn route(&self) -> Option<RouteId> {
        self.route.ok()
    }

    /// The verification's outcome, once one was fed.
    pub fn verification(&self) -> Option<&VerifyOutcome> {
        match &self.verify {
            Some(Ok(v)) => Some(v),
            _ => None,
        }
    }

    /// The answer to [`Step::Verify`]: the whole response envelope as JSON text. Anything that
    /// is not the documented verdict (`valid` a boolean, `code` a string, ...) counts as a
    /// garbled answer ([`Failure::Unusable`]).
    pub fn verified(&mut self, envelope: &str, guard: &Guard) {
        let fields: Vec<&str> = guard
            .settings()
            .names
            .meta
            .iter()
            .map(|(f, _)| f.as_str())
            .collect();
        self.verify = Some(read_verify(JsonText(envelope), &fields).ok_or(Failure::Unusable));
    }

    /// The answer to [`Step::Limit`]: the whole response envelope as JSON text (`success` must
    /// be a boolean, else the answer counts as garbled).
    pub fn limited(&mut self, envelope: &str) {
        self.limit = Some(read_limit(JsonText(envelope)).ok_or(Failure::Unusable));
    }

    /// The pending call failed: the client error's kind and HTTP status (see
    /// [`Failure::from_kind`]).
    pub fn failed(&mut self, kind: &str, status: Option<u16>) {
        let f = Failure::from_kind(kind, status);
        match self.stage {
            Stage::Verifying => self.verify = Some(Err(f)),
            Stage::Limiting => self.limit = Some(Err(f)),
            Stage::Start | Stage::Done => {}
        }
    }
}

impl Guard {
    /// Start checking one request: its route, its key (read from the key header, or the custom
    /// key), its id. `now_ms` is the current time in Unix ms, for `RateLimit-Reset`.
    pub fn check(&self, req: &Incoming<'_>, now_ms: f64) -> Check {
        let raw_key = match (req.custom_key, self.key_source().header_name()) {
            (Some(k), _) => Some(String::from(k)),
            (None, Some(h)) => (req.header)(&h),
            (None, None) => None,
        };
        let route = self.resolve(req.method, req.target);
        let limit_header = match route.map(|r| self.policy(r).ratelimit.as_ref()) {
            Ok(Some(l)) => match &l.by {
                LimitBy::Header(h) => (req.header)(&h.to_ascii_lowercase()),
                _ => None,
            },
            _ => None,
        };
        let request_id = match req.request_id {
            Some(id) if !id.is_empty() => String::from(id),
            _ => request_id((req.header)("cf-ray").as_deref(), req.random),
        };
        Check {
            route,
            presented: self.presented(raw_key.as_deref()),
            request_id,
            ip: req.ip.filter(|s| !s.is_empty()).map(String::from),
            limit_header,
            verify: None,
            limit: None,
            limit_request: None,
            stage: Stage::Start,
            now_ms,
        }
    }

    /// The next step of `check`. Call it again after feeding each call's answer; after
    /// [`Step::Done`] it keeps answering with the same decision.
    pub fn next(&self, check: &mut Check) -> Step {
        let route = match check.route {
            Ok(r) => r,
            Err(why) => {
                check.stage = Stage::Done;
                return Step::Done(self.refusal(why, &check.request_id));
            }
        };
        let policy = self.policy(route);
        if check.stage == Stage::Start {
            check.stage = Stage::Verifying;
            if let (true, Some(key)) = (
                self.needs_verify(route, &check.presented),
                check.presented.key(),
            ) {
                return Step::Verify {
                    request: verify_request(policy, key),
                    deadline_ms: policy.deadline_ms,
                    cache: policy.cache,
                };
            }
        }
        if check.stage == Stage::Verifying {
            check.stage = Stage::Limiting;
            // No limit is spent for a request whose verification failed or was refused.
            let verified = match &check.verify {
                Some(Err(_)) => None,
                other => Some(other.as_ref().and_then(|v| v.as_ref().ok())),
            };
            if let (Some(l), Some(v)) = (&policy.ratelimit, verified) {
                let id = self.limit_identifier(
                    route,
                    v,
                    check.ip.as_deref(),
                    check.limit_header.as_deref(),
                );
                if let Some(id) = id {
                    let request = limit_request(l, &id);
                    // Denied before and not yet reset: refused without asking again.
                    if let Some(denied) = self.denials.get(&request, check.now_ms) {
                        check.limit = Some(Ok(denied));
                    } else {
                        check.limit_request = Some(request.clone());
                        return Step::Limit {
                            request,
                            deadline_ms: policy.deadline_ms,
                        };
                    }
                }
            }
        }
        check.stage = Stage::Done;
        if let (Some(request), Some(Ok(state))) = (check.limit_request.take(), &check.limit) {
            self.denials.remember(&request, *state, check.now_ms);
        }
        let ev = Evidence {
            presented: &check.presented,
            verify: check.verify.as_ref().map(|r| r.as_ref().map_err(|f| *f)),
            limit: check.limit.as_ref().map(|r| r.as_ref().map_err(|f| *f)),
            now_ms: check.now_ms,
            request_id: &check.request_id,
        };
        Step::Done(self.decide(route, &ev))
    }
}

/// `keys.verifyKey`'s request for `key` under `policy`.
fn verify_request(policy: &Policy, key: &str) -> String {
    let mut out = String::from("{\"key\":");
    push_str(&mut out, key);
    if let Some(p) = policy.protection() {
        if let Some(q) = &p.permissions {
            out.push_str(",\"permissions\":");
            push_str(&mut out, q);
        }
        if !p.ratelimits.is_empty() {
            out.push_str(",\"ratelimits\":[");
            for (i, r) in p.ratelimits.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str("{\"name\":");
                push_str(&mut out, &r.name);
                for (name, v) in [
                    ("cost", r.cost),
                    ("limit", r.limit),
                    ("duration", r.duration_ms),
                ] {
                    if let Some(v) = v {
                        out.push_str(&cat(&[",\"", name, "\":", &num(v)]));
                    }
                }
                out.push('}');
            }
            out.push(']');
        }
        if let Some(c) = p.credits {
            out.push_str(&cat(&[",\"credits\":{\"cost\":", &num(c), "}"]));
        }
        if !p.tags.is_empty() {
            out.push_str(",\"tags\":[");
            for (i, t) in p.tags.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_str(&mut out, t);
            }
            out.push(']');
        }
    }
    out.push('}');
    out
}

/// `ratelimit.limit`'s request for `identifier` under the route's standalone limit.
fn limit_request(l: &super::StandaloneLimit, identifier: &str) -> String {
    let mut out = String::from("{\"namespace\":");
    push_str(&mut out, &l.namespace);
    out.push_str(",\"identifier\":");
    push_str(&mut out, identifier);
    out.push_str(&cat(&[
        ",\"limit\":",
        &num(l.limit),
        ",\"duration\":",
        &num(l.duration_ms),
    ]));
    if let Some(c) = l.cost {
        out.push_str(&cat(&[",\"cost\":", &num(c)]));
    }
    out.push('}');
    out
}

/// A non-negative integer member, saturating; `None` when it is not a number.
fn count(v: &JsonText<'_>, key: &str) -> Option<u64> {
    let x = v.get(key)?.as_f64()?;
    Some(if x.is_finite() && x > 0.0 {
        x as u64
    } else {
        0
    })
}

/// The verdict in a `keys.verifyKey` envelope, or `None` when it is not of the documented
/// shape. `meta_fields` are the `data.meta` members the guard forwards (non-strings as their
/// JSON text).
fn read_verify(envelope: JsonText<'_>, meta_fields: &[&str]) -> Option<VerifyOutcome> {
    let data = envelope.get("data")?;
    let valid = data.get("valid")?.as_bool()?;
    let code = str_field(&data, "code")?;
    let meta = data.get("meta").filter(|m| m.kind() == JsonKind::Object);
    let mut fields = Vec::new();
    for f in meta_fields {
        if let Some(v) = meta.as_ref().and_then(|m| m.get(f)) {
            match v.kind() {
                JsonKind::Null => {}
                JsonKind::String => fields.push((String::from(*f), v.as_str()?.into_owned())),
                _ => fields.push((String::from(*f), String::from(v.0))),
            }
        }
    }
    let mut ratelimits = Vec::new();
    if let Some(list) = data
        .get("ratelimits")
        .filter(|l| l.kind() != JsonKind::Null)
    {
        for r in list.items()? {
            ratelimits.push(LimitState {
                limit: count(&r, "limit")?,
                remaining: count(&r, "remaining")?,
                reset_ms: r.get("reset")?.as_f64()?,
                exceeded: r.get("exceeded")?.as_bool()?,
            });
        }
    }
    Some(VerifyOutcome {
        valid,
        code,
        key_id: str_field(&data, "keyId"),
        external_id: data
            .get("identity")
            .and_then(|i| str_field(&i, "externalId")),
        meta: fields,
        ratelimits,
        request_id: request_id_of(&envelope),
    })
}

/// The state in a `ratelimit.limit` envelope, or `None` when it is not of the documented shape.
fn read_limit(envelope: JsonText<'_>) -> Option<LimitState> {
    let data = envelope.get("data")?;
    Some(LimitState {
        limit: count(&data, "limit")?,
        remaining: count(&data, "remaining")?,
        reset_ms: data.get("reset")?.as_f64()?,
        exceeded: !data.get("success")?.as_bool()?,
    })
}
