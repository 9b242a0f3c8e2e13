//! The `ratelimit` operations: namespaced limits with per-identifier overrides (`*` wildcards).

use super::{object_body, page, present, Cx, OpResult, Reply};
use crate::error::ApiError;
use crate::ids::new_id;
use crate::model::{Namespace, Override};
use crate::ratelimiter::Check;
use crate::state::{kind, State};
use crate::validate::{Checker, Str, ANY};
use serde_json::{json, Map, Value};

const B: &str = "body";
const NAME: Str = Str::len(1, 512);
/// 30 days, the longest window.
const MAX_DURATION: i64 = 2_592_000_000;

fn require_ns(cx: &Cx, ns_id: &str, action: &str) -> Result<(), ApiError> {
    cx.authorize(&super::needs::namespace(ns_id, action))
}

/// Does `pattern` (with `*` matching any run of characters) match `s`?
pub fn wildcard_match(pattern: &str, s: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = s.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(c) if Some(c) == t.get(ti) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|c| *c == '*'))
}

/// The override for an identifier: an exact match wins, else the first matching wildcard.
fn find_override<'a>(st: &'a State, ns_id: &str, identifier: &str) -> Option<&'a Override> {
    let in_ns = || {
        st.overrides
            .values()
            .filter(move |o| o.namespace_id == ns_id)
    };
    in_ns().find(|o| o.identifier == identifier).or_else(|| {
        in_ns().find(|o| o.identifier.contains('*') && wildcard_match(&o.identifier, identifier))
    })
}

struct LimitReq {
    namespace: String,
    identifier: String,
    limit: i64,
    duration: i64,
    cost: i64,
}

fn read_limit_req(c: &mut Checker, m: &Map<String, Value>, base: &str) -> Option<LimitReq> {
    let namespace = c.string(m, base, "namespace", true, NAME);
    let identifier = c.string(m, base, "identifier", true, NAME);
    let limit = c.int(m, base, "limit", true, 1, i64::MAX);
    let duration = c.int(m, base, "duration", true, 1000, MAX_DURATION);
    let cost = c.int(m, base, "cost", false, 0, i64::MAX);
    c.only(
        m,
        base,
        &["namespace", "identifier", "limit", "duration", "cost"],
    );
    Some(LimitReq {
        namespace: namespace?,
        identifier: identifier?,
        limit: limit?,
        duration: duration?,
        cost: cost.unwrap_or(1),
    })
}

/// Finds the namespace, creating it when the root key may (`ratelimit.*.create_namespace`).
fn namespace_for_limit(st: &mut State, cx: &Cx, name: &str) -> Result<String, ApiError> {
    let id = match st.find_namespace(name) {
        Some(ns) => ns.id.clone(),
        None => {
            // Creating a namespace on first use needs the permission (403 otherwise, as
            // upstream; the namespace's name is the caller's own input, so nothing leaks).
            cx.authorize(&crate::auth::Need::t("ratelimit.*.create_namespace"))?;
            st.insert_namespace(name, cx.now)?
        }
    };
    require_ns(cx, &id, "limit")?;
    Ok(id)
}

/// Applies one limit; returns the response fields (without the pass flag's name).
fn apply(st: &mut State, cx: &Cx, ns_id: &str, r: &LimitReq) -> (bool, Map<String, Value>) {
    let ov = find_override(st, ns_id, &r.identifier).cloned();
    let (limit, duration) = ov
        .as_ref()
        .map_or((r.limit, r.duration), |o| (o.limit, o.duration));
    let check = Check {
        key: format!("n\0{ns_id}\0{}\0{duration}", r.identifier),
        limit,
        duration,
        cost: r.cost,
    };
    let out = st.limiter.check_all(cx.now, std::slice::from_ref(&check));
    let (passed, remaining, reset) = out
        .first()
        .map_or((false, 0, cx.now), |o| (o.passed, o.remaining, o.reset));
    let mut m = Map::new();
    m.insert("limit".into(), json!(limit));
    m.insert("remaining".into(), json!(remaining));
    m.insert("reset".into(), json!(reset));
    if let Some(o) = ov {
        m.insert("overrideId".into(), json!(o.id));
    }
    (passed, m)
}

/// `ratelimit.limit`: over the limit is still HTTP 200 with `success: false`.
pub fn limit(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let req = read_limit_req(&mut c, o, B);
    c.finish()?;
    let req = present(req)?;
    let ns_id = namespace_for_limit(st, cx, &req.namespace)?;
    let (passed, mut m) = apply(st, cx, &ns_id, &req);
    m.insert("success".into(), json!(passed));
    Ok(Reply::Data(Value::Object(m)))
}

/// `ratelimit.multiLimit`: the body is an array; each limit is applied on its own.
pub fn multi_limit(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let mut c = Checker::new();
    let mut reqs = Vec::new();
    if let Some(items) = c.check_array("body", body, 1, 100) {
        for (i, it) in items.iter().enumerate() {
            let l = format!("body[{i}]");
            if let Some(m) = c.check_object(&l, it, usize::MAX) {
                if let Some(r) = read_limit_req(&mut c, &m, &l) {
                    reqs.push(r);
                }
            }
        }
    }
    c.finish()?;
    let mut ns_ids = Vec::with_capacity(reqs.len());
    for r in &reqs {
        ns_ids.push(namespace_for_limit(st, cx, &r.namespace)?);
    }
    let mut all = true;
    let mut limits = Vec::with_capacity(reqs.len());
    for (r, ns_id) in reqs.iter().zip(&ns_ids) {
        let (passed, mut m) = apply(st, cx, ns_id, r);
        all &= passed;
        m.insert("namespace".into(), json!(r.namespace));
        m.insert("identifier".into(), json!(r.identifier));
        m.insert("passed".into(), json!(passed));
        limits.push(Value::Object(m));
    }
    Ok(Reply::Data(json!({"passed": all, "limits": limits})))
}

fn ns_and_identifier(body: &Value) -> Result<(String, String), ApiError> {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let ns = c.string(o, B, "namespace", true, NAME);
    let id = c.string(o, B, "identifier", true, NAME);
    c.only(o, B, &["namespace", "identifier"]);
    c.finish()?;
    Ok((present(ns)?, present(id)?))
}

fn existing_namespace(st: &State, name: &str) -> Result<Namespace, ApiError> {
    st.find_namespace(name)
        .cloned()
        .ok_or_else(namespace_missing)
}

fn override_json(o: &Override) -> Value {
    json!({"overrideId": o.id, "identifier": o.identifier, "limit": o.limit, "duration": o.duration})
}

/// `ratelimit.setOverride`: creates or replaces the override for an identifier pattern.
pub fn set_override(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let ns = c.string(o, B, "namespace", true, NAME);
    let identifier = c.string(o, B, "identifier", true, NAME);
    let limit = c.int(o, B, "limit", true, 0, i64::MAX);
    let duration = c.int(o, B, "duration", true, 1000, i64::MAX);
    c.only(o, B, &["namespace", "identifier", "limit", "duration"]);
    c.finish()?;
    let ns_name = present(ns)?;
    // An unknown namespace is a 404 before any permission check, as upstream.
    let ns = existing_namespace(st, &ns_name)?;
    require_ns(cx, &ns.id, "set_override")?;
    let identifier = present(identifier)?;
    let existing = st
        .overrides
        .values()
        .find(|o| o.namespace_id == ns.id && o.identifier == identifier)
        .map(|o| o.id.clone());
    let ov = Override {
        id: existing.unwrap_or_else(|| new_id("rlor")),
        namespace_id: ns.id,
        identifier,
        limit: present(limit)?,
        duration: present(duration)?,
    };
    st.persist(kind::OVERRIDE, &ov.id, &ov)?;
    let id = ov.id.clone();
    st.overrides.insert(id.clone(), ov);
    Ok(Reply::Data(json!({"overrideId": id})))
}

fn namespace_missing() -> ApiError {
    ApiError::not_found(
        "unkey/data/ratelimit_namespace_not_found",
        "This namespace does not exist.",
    )
}

fn override_missing() -> ApiError {
    ApiError::not_found(
        "unkey/data/ratelimit_override_not_found",
        "This override does not exist.",
    )
}

/// The override for this identifier (exactly for deleteOverride; for getOverride also through a
/// matching wildcard). The namespace is looked up first (404 before any permission check, as
/// the real handlers do).
fn exact_override(
    st: &State,
    cx: &Cx,
    body: &Value,
    action: &str,
    mask: bool,
) -> Result<Override, ApiError> {
    let (ns_name, identifier) = ns_and_identifier(body)?;
    let ns = st.find_namespace(&ns_name).ok_or_else(namespace_missing)?;
    let found = if mask {
        // getOverride matches as upstream's matchOverride: the exact identifier, else the first
        // wildcard pattern that matches it.
        find_override(st, &ns.id, &identifier).cloned()
    } else {
        st.overrides
            .values()
            .find(|o| o.namespace_id == ns.id && o.identifier == identifier)
            .cloned()
    };
    if mask {
        // getOverride: a missing override and one the root key may not read answer the same
        // 404, so which identifiers have overrides cannot be probed.
        let ov = found.ok_or_else(override_missing)?;
        if !cx.allows(&super::needs::read_override(cx, &ns.id, &ov.id)) {
            return Err(override_missing());
        }
        return Ok(ov);
    }
    require_ns(cx, &ns.id, action)?;
    found.ok_or_else(override_missing)
}

/// `ratelimit.getOverride` (exact identifier pattern).
pub fn get_override(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let ov = exact_override(st, cx, body, "read_override", true)?;
    Ok(Reply::Data(override_json(&ov)))
}

/// `ratelimit.deleteOverride`.
pub fn delete_override(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let ov = exact_override(st, cx, body, "delete_override", false)?;
    st.unpersist(kind::OVERRIDE, &ov.id)?;
    st.overrides.remove(&ov.id);
    Ok(Reply::Data(json!({})))
}

/// `ratelimit.listOverrides` (default page size 10).
pub fn list_overrides(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let ns = c.string(o, B, "namespace", true, NAME);
    let cursor = c.string(o, B, "cursor", false, ANY);
    let limit = c.int(o, B, "limit", false, 1, 100);
    c.only(o, B, &["namespace", "cursor", "limit"]);
    c.finish()?;
    let ns = existing_namespace(st, &present(ns)?)?;
    require_ns(cx, &ns.id, "read_override")?;
    let (items, next) = page(
        &st.overrides,
        cursor.as_deref(),
        limit.unwrap_or(10) as usize,
        |o| o.namespace_id == ns.id,
    );
    let data: Vec<Value> = items.into_iter().map(override_json).collect();
    Ok(Reply::Page(Value::Array(data), next))
}

#[cfg(test)]
mod tests {
    use super::wildcard_match;

    #[test]
    fn wildcards() {
        assert!(wildcard_match("user_*", "user_42"));
        assert!(wildcard_match("*@acme.com", "bob@acme.com"));
        assert!(wildcard_match("a*b*c", "aXXbYYc"));
        assert!(!wildcard_match("a*b", "aXXc"));
        assert!(wildcard_match("*", ""));
        assert!(!wildcard_match("x", "xy"));
    }
}
