//! The `ratelimit` operations: namespaced limits with per-identifier overrides (`*` wildcards).

use super::{object_body, page, present, Cx, OpResult, Reply};
use crate::collation::column;
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

/// Does `pattern` (with `*` matching any run of characters) match `s`? As upstream's
/// `match.Wildcard` (pkg/match/wildcard.go): a pattern without `*` is compared as it is;
/// otherwise it becomes a Go regular expression, `*` as `.*`, which matches no newline, and
/// the pattern is read byte by byte, each byte one character (U+0000–U+00FF), so a non-ASCII
/// character of the pattern stands for other characters than itself.
pub fn wildcard_match(pattern: &str, s: &str) -> bool {
    use crate::glob::Token;
    if !pattern.contains('*') {
        return pattern == s;
    }
    let p: Vec<Token> = pattern
        .bytes()
        .map(|b| {
            if b == b'*' {
                Token::Run
            } else {
                Token::Char(char::from(b))
            }
        })
        .collect();
    // No `*` spans a newline, so the pattern's newlines meet the text's one for one, and each
    // line of the pattern matches its line of the text.
    let lines = |toks: &[Token]| -> Vec<Vec<Token>> {
        toks.split(|t| *t == Token::Char('\n'))
            .map(<[Token]>::to_vec)
            .collect()
    };
    let text_lines: Vec<&str> = s.split('\n').collect();
    let pattern_lines = lines(&p);
    pattern_lines.len() == text_lines.len()
        && pattern_lines
            .iter()
            .zip(&text_lines)
            .all(|(p, t)| crate::glob::matches(p, t))
}

/// The live override for an identifier: an exact match wins, else the first matching
/// wildcard in id order (upstream takes the first in its namespace query's `JSON_ARRAYAGG`
/// order, which no `ORDER BY` fixes; see the README).
fn find_override<'a>(st: &'a State, ns_id: &str, identifier: &str) -> Option<&'a Override> {
    let in_ns = || {
        st.overrides
            .values()
            .filter(move |o| o.namespace_id == ns_id && !o.deleted)
    };
    in_ns().find(|o| o.identifier == identifier).or_else(|| {
        in_ns()
            .filter(|o| o.identifier.contains('*') && wildcard_match(&o.identifier, identifier))
            .min_by(|a, b| crate::ids::id_cmp(&a.id, &b.id))
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

/// The namespace by name or id, created when missing and the root key may
/// (`ratelimit.*.create_namespace`, else 403, as upstream; the name is the caller's own input,
/// so nothing leaks). Returns its id and whether it was deleted.
fn namespace_or_create(st: &mut State, cx: &Cx, name: &str) -> Result<(String, bool), ApiError> {
    Ok(match st.find_namespace(name) {
        Some(ns) => (ns.id.clone(), ns.deleted),
        None => {
            cx.authorize(&crate::auth::Need::t("ratelimit.*.create_namespace"))?;
            (st.insert_namespace(name, cx.now)?, false)
        }
    })
}

fn namespace_gone() -> ApiError {
    ApiError::namespace_gone("This namespace has been deleted. Contact support to restore.")
}

/// What upstream's limiter refuses (a limit below 1, a window under 1 s, a negative cost): the
/// handlers answer it as a 500.
fn limiter_refuses(check: &Check) -> bool {
    check.limit < 1 || check.window() < 1000 || check.cost < 0
}

/// One limit resolved against its namespace's overrides.
struct Resolved {
    check: Check,
    override_id: Option<String>,
}

fn resolve(st: &State, ns_id: &str, r: &LimitReq) -> Resolved {
    let ov = find_override(st, ns_id, &r.identifier);
    let (limit, duration) = ov.map_or((r.limit, r.duration), |o| (o.limit, o.duration));
    Resolved {
        check: Check {
            key: crate::ratelimiter::counter_key(ns_id, &r.identifier, duration),
            limit,
            duration,
            cost: r.cost,
        },
        override_id: ov.map(|o| o.id.clone()),
    }
}

/// The response fields of one limit (without the pass flag, whose name differs).
fn fields(res: &Resolved, o: &crate::ratelimiter::Outcome) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("limit".into(), json!(res.check.limit));
    m.insert("remaining".into(), json!(o.remaining));
    m.insert("reset".into(), json!(o.reset));
    if let Some(id) = &res.override_id {
        m.insert("overrideId".into(), json!(id));
    }
    m
}

/// `ratelimit.limit`: over the limit is still HTTP 200 with `success: false`. Order as
/// upstream: the namespace (created on first use), 410 when deleted, the `limit` permission,
/// then the limit with its override applied.
pub fn limit(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let req = read_limit_req(&mut c, o, B);
    c.finish()?;
    let req = present(req)?;
    let (ns_id, deleted) = namespace_or_create(st, cx, &req.namespace)?;
    if deleted {
        return Err(namespace_gone());
    }
    require_ns(cx, &ns_id, "limit")?;
    let res = resolve(st, &ns_id, &req);
    if limiter_refuses(&res.check) {
        // An override with limit 0 ends here: upstream's limiter refuses it.
        return Err(ApiError::internal(
            "We're unable to process the rate limit request.",
        ));
    }
    let out = st
        .limiter
        .check_all(cx.now, std::slice::from_ref(&res.check));
    let o = out
        .first()
        .ok_or_else(|| ApiError::internal("no rate-limit outcome"))?;
    let mut m = fields(&res, o);
    m.insert("success".into(), json!(o.passed));
    if cx.metrics {
        record(st, cx, &ns_id, &req, &res, o);
    }
    Ok(Reply::Data(Value::Object(m)))
}

/// `ratelimit.multiLimit`: the body is an array of limits, checked as one batch as upstream's
/// `RatelimitMany` does: every limit is counted only when all pass (otherwise none is).
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
    // Missing namespaces are created first (one create_namespace check for all of them).
    // Upstream's batch lookup keys the rows it finds by their stored name and id, bytes, so a
    // name found only under the column's collation (another spelling) is missing there too:
    // its insert then fails on the unique name, and each missing name is fetched again by
    // itself, under the collation, which finds that one and no new one (a 500).
    let (mut new, mut respelled) = (false, false);
    for r in &reqs {
        match st.find_namespace(&r.namespace) {
            None => new = true,
            Some(ns) if ns.id != r.namespace && ns.name != r.namespace => respelled = true,
            Some(_) => {}
        }
    }
    if new || respelled {
        cx.authorize(&crate::auth::Need::t("ratelimit.*.create_namespace"))?;
    }
    if new && respelled {
        return Err(ApiError::internal(
            "Failed to fetch namespace after race condition.",
        ));
    }
    let mut namespaces = Vec::with_capacity(reqs.len());
    for r in &reqs {
        namespaces.push(namespace_or_create(st, cx, &r.namespace)?);
    }
    // `ratelimit.*.limit`, or `limit` on every namespace of the batch.
    cx.authorize(&crate::auth::Need::Or(vec![
        crate::auth::Need::t("ratelimit.*.limit"),
        crate::auth::Need::And(
            namespaces
                .iter()
                .map(|(id, _)| crate::auth::Need::t(format!("ratelimit.{id}.limit")))
                .collect(),
        ),
    ]))?;
    if namespaces.iter().any(|(_, deleted)| *deleted) {
        return Err(namespace_gone());
    }
    let resolved: Vec<Resolved> = reqs
        .iter()
        .zip(&namespaces)
        .map(|(r, (id, _))| resolve(st, id, r))
        .collect();
    if resolved.iter().any(|r| limiter_refuses(&r.check)) {
        return Err(ApiError::internal(
            "We're unable to process the rate limit requests.",
        ));
    }
    let checks: Vec<Check> = resolved.iter().map(|r| r.check.clone()).collect();
    let outcomes = st.limiter.check_all(cx.now, &checks);
    let mut all = true;
    let mut limits = Vec::with_capacity(reqs.len());
    for (((r, res), o), (ns_id, _)) in reqs.iter().zip(&resolved).zip(&outcomes).zip(&namespaces) {
        record(st, cx, ns_id, r, res, o);
        all &= o.passed;
        let mut m = fields(res, o);
        m.insert("namespace".into(), json!(r.namespace));
        m.insert("identifier".into(), json!(r.identifier));
        m.insert("passed".into(), json!(o.passed));
        limits.push(Value::Object(m));
    }
    Ok(Reply::Data(json!({"passed": all, "limits": limits})))
}

/// Records one decision for `analytics.getRatelimits` (with `--analytics`).
fn record(
    st: &mut State,
    cx: &Cx,
    ns_id: &str,
    r: &LimitReq,
    res: &Resolved,
    o: &crate::ratelimiter::Outcome,
) {
    if let Some(a) = st.analytics.as_mut() {
        a.record_ratelimit(crate::analytics::RatelimitEvent {
            time: cx.now,
            request_id: cx.request_id.to_string(),
            namespace_id: ns_id.to_string(),
            identifier: r.identifier.clone(),
            passed: o.passed,
            override_id: res.override_id.clone().unwrap_or_default(),
            limit: res.check.limit,
            remaining: o.remaining,
            reset_at: o.reset,
            tokens: r.cost,
        });
    }
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

/// A live namespace, or the 404 (a deleted namespace is reported missing, as upstream's
/// override handlers do).
fn existing_namespace(st: &State, name: &str) -> Result<Namespace, ApiError> {
    st.find_namespace(name)
        .filter(|ns| !ns.deleted)
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
    // As upstream, the row of this identifier is found whether or not it was deleted
    // (ratelimit_override_find_by_identifier.sql has no deleted filter) and updated in place
    // (ratelimit_override_insert.sql's ON DUPLICATE KEY UPDATE leaves `deleted_at_m`), so an
    // override set again after deleteOverride keeps its id and stays deleted.
    // Both compare identifiers under the column's collation, so another spelling of a stored
    // identifier (`é` as `e` + U+0301) updates that row and keeps its spelling.
    let existing = st
        .overrides
        .values()
        .find(|o| {
            o.namespace_id == ns.id && column::OVERRIDE_IDENTIFIER.eq(&o.identifier, &identifier)
        })
        .map(|o| (o.id.clone(), o.deleted, o.identifier.clone()));
    let (id, deleted, identifier) = existing.unwrap_or_else(|| (new_id("rlor"), false, identifier));
    let ov = Override {
        id,
        namespace_id: ns.id,
        identifier,
        limit: present(limit)?,
        duration: present(duration)?,
        deleted,
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
    let ns = existing_namespace(st, &ns_name)?;
    let found = if mask {
        // getOverride matches as upstream's matchOverride: the exact identifier, else the first
        // wildcard pattern that matches it.
        find_override(st, &ns.id, &identifier).cloned()
    } else {
        st.overrides
            .values()
            .find(|o| o.namespace_id == ns.id && o.identifier == identifier && !o.deleted)
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
    let mut ov = exact_override(st, cx, body, "delete_override", false)?;
    ov.deleted = true;
    st.persist(kind::OVERRIDE, &ov.id, &ov)?;
    st.overrides.insert(ov.id.clone(), ov);
    Ok(Reply::Data(json!({})))
}

/// `ratelimit.listOverrides`: 50 a page by default (the handler's default,
/// v2_ratelimit_list_overrides/handler.go, though the spec says 10); as upstream, a deleted
/// namespace is listed too (the handler checks no deletion).
pub fn list_overrides(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let ns = c.string(o, B, "namespace", true, NAME);
    let cursor = c.string(o, B, "cursor", false, ANY);
    let limit = c.int(o, B, "limit", false, 1, 100);
    c.only(o, B, &["namespace", "cursor", "limit"]);
    c.finish()?;
    let ns = st
        .find_namespace(&present(ns)?)
        .cloned()
        .ok_or_else(namespace_missing)?;
    require_ns(cx, &ns.id, "read_override")?;
    let (items, next) = page(
        &st.overrides,
        cursor.as_deref(),
        limit.unwrap_or(50) as usize,
        |o| o.namespace_id == ns.id && !o.deleted,
    )?;
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
