//! The flat string/number encoding the JS guard (`js/guard.js`) uses to reach the core through
//! the wasm export in `src/js/guard.rs`.
//!
//! Flat arrays keep the wasm side free of object-reading code (a few hundred bytes instead of a
//! `Reflect` walker) and make each call one copy in, one copy out. Pure, so it is tested here on
//! the host; `js/guard.js` is the only producer and consumer and documents the same layout.
//!
//! **Config** — `routes`: `[methods, pattern]` per route; `policies`: 8 strings per route and one
//! more set for the fallback: `[access, fail, deadlineMs, limitBy, namespace, limit, durationMs,
//! cost]` (`access` = `public|protected|deny`, `fail` = `open|closed`, `limitBy` = `""` for none,
//! `key|identity|ip|header:<name>`, `cost` may be `""`); `settings`: `[keySource, namespace,
//! keyIdHeader, identityHeader, verdictHeader, usageExceededStatus, (metaField, metaHeader)*]`
//! with `keySource` = `bearer|custom|header:<name>`.
//!
//! **Decide** — strings `[requestId, code, keyId, externalId, unkeyRequestId, (metaField,
//! value)*]` (empty = absent) and numbers `[nowMs, verifyState, limitState, limit, remaining,
//! resetMs, exceeded, valid, (limit, remaining, resetMs, exceeded)*]` where a state is 0 = no
//! call, 1 = answered, 2 = unreachable, 3 = rejected, 4 = unusable ([`classify_flat`]), `valid`
//! is verify's `data.valid` (1 = true), and the trailing quads are verify's `ratelimits`.
//!
//! **Resolve** — the route id, -1 for a path refused, -2 for a method override refused.
//!
//! **Decision** — `["deny", status, code, body, "0", (name, value)*]` or
//! `["forward", "0", verdict, "", n, (name, value)×n for the origin request, (name, value)* for
//! the response]`.

use super::text::{cat, num as decimal};
use super::{
    ConfigError, Decision, Evidence, FailMode, Failure, Guard, HeaderNames, KeySource, LimitBy,
    LimitState, Policy, Refused, RouteId, StandaloneLimit, VerifyOutcome,
};

const POLICY_WIDTH: usize = 8;

fn at(v: &[String], i: usize) -> &str {
    v.get(i).map(String::as_str).unwrap_or("")
}

fn num(v: &[f64], i: usize) -> f64 {
    v.get(i).copied().unwrap_or(0.0)
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// Saturating, NaN-safe float → u64 (numbers come from JSON).
fn to_u64(x: f64) -> u64 {
    if x.is_finite() && x > 0.0 {
        x as u64
    } else {
        0
    }
}

fn parse_u64(s: &str, what: &str) -> Result<u64, ConfigError> {
    s.parse()
        .map_err(|_| ConfigError(cat(&[what, " \"", s, "\" is not a whole number"])))
}

fn policy(p: &[String], at_: &str) -> Result<Policy, ConfigError> {
    let mut policy = match at(p, 0) {
        "public" => Policy::public(),
        "protected" => Policy::protected(),
        "deny" => Policy::deny(),
        other => {
            return Err(ConfigError(cat(&[
                at_,
                ": access \"",
                other,
                "\" is not public, protected or deny",
            ])))
        }
    };
    policy.fail = if at(p, 1) == "open" {
        FailMode::Open
    } else {
        FailMode::Closed
    };
    let deadline = parse_u64(at(p, 2), "deadlineMs")?;
    policy.deadline_ms = u32::try_from(deadline).unwrap_or(u32::MAX);
    let by = match at(p, 3) {
        "" => None,
        "key" => Some(LimitBy::Key),
        "identity" => Some(LimitBy::Identity),
        "ip" => Some(LimitBy::Ip),
        other => match other.strip_prefix("header:") {
            Some(h) => Some(LimitBy::Header(h.to_owned())),
            None => {
                return Err(ConfigError(cat(&[
                    at_,
                    ": ratelimit.by \"",
                    other,
                    "\" unknown",
                ])))
            }
        },
    };
    if let Some(by) = by {
        let cost = match at(p, 7) {
            "" => None,
            c => Some(parse_u64(c, "ratelimit.cost")?),
        };
        policy.ratelimit = Some(StandaloneLimit {
            namespace: at(p, 4).to_owned(),
            limit: parse_u64(at(p, 5), "ratelimit.limit")?,
            duration_ms: parse_u64(at(p, 6), "ratelimit.duration")?,
            cost,
            by,
        });
    }
    Ok(policy)
}

impl Guard {
    /// Build a guard from the flat config arrays (layout in the module docs).
    pub fn from_flat(
        routes: &[String],
        policies: &[String],
        settings: &[String],
    ) -> Result<Guard, ConfigError> {
        let n = routes.len() / 2;
        if !routes.len().is_multiple_of(2) || policies.len() != (n + 1) * POLICY_WIDTH {
            return Err(ConfigError(
                "route table arrays have the wrong length".into(),
            ));
        }
        let key = match at(settings, 0) {
            "bearer" => KeySource::Bearer,
            "custom" => KeySource::Custom,
            other => match other.strip_prefix("header:") {
                Some(h) => KeySource::Header(h.to_owned()),
                None => return Err(ConfigError(cat(&["key source \"", other, "\" unknown"]))),
            },
        };
        let meta = settings
            .get(6..)
            .unwrap_or(&[])
            .chunks_exact(2)
            .map(|c| (at(c, 0).to_owned(), at(c, 1).to_owned()))
            .collect();
        let names = HeaderNames {
            namespace: at(settings, 1).to_owned(),
            key_id: at(settings, 2).to_owned(),
            identity: at(settings, 3).to_owned(),
            verdict: at(settings, 4).to_owned(),
            meta,
        };
        let usage = parse_u64(at(settings, 5), "usageExceededStatus")?;
        let mut b = Guard::builder()
            .key_source(key)
            .header_names(names)
            .usage_exceeded_status(u16::try_from(usage).unwrap_or(0));
        let mut chunks = policies.chunks_exact(POLICY_WIDTH);
        for r in routes.chunks_exact(2) {
            let p = chunks.next().unwrap_or(&[]);
            b = b.route(at(r, 0), at(r, 1), policy(p, at(r, 1))?);
        }
        b = b.fallback(policy(chunks.next().unwrap_or(&[]), "fallback")?);
        b.build()
    }

    /// [`Guard::resolve`] as an `i32`: the route id, -1 for a refused path, -2 for a refused
    /// method override.
    pub fn resolve_flat(&self, method: &str, target: &str) -> i32 {
        match self.resolve(method, target) {
            Ok(r) => i32::try_from(r).unwrap_or(i32::MAX),
            Err(Refused::Path) => -1,
            Err(Refused::MethodOverride) => -2,
        }
    }

    /// The key to verify, or `None` when no verification is due (public/deny route, no key or a
    /// malformed one, bad path).
    pub fn plan_flat(&self, route: i32, raw_key: Option<&str>) -> Option<String> {
        let route = route_id(route)?;
        let presented = self.presented(raw_key);
        if self.needs_verify(route, &presented) {
            presented.key().map(str::to_owned)
        } else {
            None
        }
    }

    /// [`Guard::limit_identifier`] from flat values (`code` empty when no verification ran).
    #[allow(clippy::too_many_arguments)]
    pub fn limit_identifier_flat(
        &self,
        route: i32,
        valid: bool,
        code: &str,
        key_id: &str,
        external_id: &str,
        ip: &str,
        header: &str,
    ) -> Option<String> {
        let route = route_id(route)?;
        let v = (!code.is_empty()).then(|| VerifyOutcome {
            valid,
            code: code.to_owned(),
            key_id: non_empty(key_id),
            external_id: non_empty(external_id),
            ..VerifyOutcome::default()
        });
        self.limit_identifier(route, v.as_ref(), non_empty(ip).as_deref(), Some(header))
    }

    /// Decide from flat evidence and encode the decision (layouts in the module docs).
    pub fn decide_flat(
        &self,
        route: i32,
        raw_key: Option<&str>,
        s: &[String],
        n: &[f64],
    ) -> Vec<String> {
        let request_id = at(s, 0);
        let Some(route) = route_id(route) else {
            let why = if route == -2 {
                Refused::MethodOverride
            } else {
                Refused::Path
            };
            return encode(&self.refusal(why, request_id));
        };
        let presented = self.presented(raw_key);
        let verify = VerifyOutcome {
            valid: num(n, 7) == 1.0,
            code: at(s, 1).to_owned(),
            key_id: non_empty(at(s, 2)),
            external_id: non_empty(at(s, 3)),
            request_id: non_empty(at(s, 4)),
            meta: s
                .get(5..)
                .unwrap_or(&[])
                .chunks_exact(2)
                .filter(|c| !at(c, 1).is_empty())
                .map(|c| (at(c, 0).to_owned(), at(c, 1).to_owned()))
                .collect(),
            ratelimits: n
                .get(8..)
                .unwrap_or(&[])
                .chunks_exact(4)
                .map(|q| state(q, 0))
                .collect(),
        };
        let limit = state(n, 3);
        let ev = Evidence {
            presented: &presented,
            verify: answered(num(n, 1), &verify),
            limit: answered(num(n, 2), &limit),
            now_ms: num(n, 0),
            request_id,
        };
        encode(&self.decide(route, &ev))
    }

    /// The subset of `names` to delete from the caller's request before forwarding.
    pub fn strip_flat(&self, names: &[String]) -> Vec<String> {
        names.iter().filter(|h| self.strips(h)).cloned().collect()
    }
}

/// [`Failure::from_kind`] as the flat state number: 2 = unreachable, 3 = rejected,
/// 4 = unusable.
pub fn classify_flat(kind: &str, status: Option<u16>) -> u8 {
    match Failure::from_kind(kind, status) {
        Failure::Unreachable => 2,
        Failure::Rejected => 3,
        Failure::Unusable => 4,
    }
}

fn route_id(route: i32) -> Option<RouteId> {
    usize::try_from(route).ok()
}

fn state(n: &[f64], i: usize) -> LimitState {
    LimitState {
        limit: to_u64(num(n, i)),
        remaining: to_u64(num(n, i + 1)),
        reset_ms: num(n, i + 2),
        exceeded: num(n, i + 3) != 0.0,
    }
}

fn answered<T>(state: f64, value: &T) -> Option<Result<&T, Failure>> {
    match state as u8 {
        0 => None,
        1 => Some(Ok(value)),
        2 => Some(Err(Failure::Unreachable)),
        3 => Some(Err(Failure::Rejected)),
        _ => Some(Err(Failure::Unusable)),
    }
}

/// Encode a decision (layout in the module docs).
pub fn encode(d: &Decision) -> Vec<String> {
    let mut out = Vec::new();
    match d {
        Decision::Deny(d) => {
            out.extend([
                "deny".to_owned(),
                decimal(u64::from(d.status)),
                d.code.clone(),
                d.body.clone(),
                "0".to_owned(),
            ]);
            for (k, v) in &d.headers {
                out.extend([k.clone(), v.clone()]);
            }
        }
        Decision::Forward(f) => {
            out.extend([
                "forward".to_owned(),
                "0".to_owned(),
                f.verdict.as_str().to_owned(),
                String::new(),
                decimal(f.request_headers.len() as u64),
            ]);
            for (k, v) in f.request_headers.iter().chain(&f.response_headers) {
                out.extend([k.clone(), v.clone()]);
            }
        }
    }
    out
}
