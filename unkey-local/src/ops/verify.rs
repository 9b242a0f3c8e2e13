//! `keys.verifyKey`, in the real order: lookup → disabled/expired → permission query → rate
//! limits (auto-applied and requested, all-or-nothing) → credits. Outcomes are HTTP 200 with a
//! `code`; only malformed requests, missing root-key permissions, unknown named rate limits and
//! a key upstream cannot load (a rate limit its loader cannot read) are HTTP errors.

use super::{object_body, present, Cx, OpResult, Reply};
use crate::error::ApiError;
use crate::ids::hash_key;
use crate::model::MigrationAlgorithm;
use crate::permquery;
use crate::ratelimiter::{counter_key, Check};
use crate::refill;
use crate::state::{kind, State};
use crate::validate::{Checker, Str};
use serde_json::{json, Map, Value};
use sha2::Digest;
use std::collections::HashSet;

const B: &str = "body";

/// One requested rate limit.
struct Requested {
    name: String,
    cost: i64,
    limit: Option<i64>,
    duration: Option<i64>,
}

/// A rate limit to apply, with what the response reports about it.
struct Applied {
    id: String,
    name: String,
    limit: i64,
    duration: i64,
    auto_apply: bool,
    check: Check,
}

fn not_found() -> OpResult {
    Ok(Reply::Data(json!({"valid": false, "code": "NOT_FOUND"})))
}

/// A validated verifyKey request, prepared without touching the state (so the server can do
/// this part outside the state lock).
pub struct Prepared {
    /// The client IP (for the API's IP whitelist), set by the server.
    pub client_ip: String,
    hash: String,
    /// The plaintext key and `migrationId`, kept only when a migration id was given.
    migration: Option<(String, String)>,
    /// The request's tags (recorded with `--analytics`).
    tags: Vec<String>,
    query: Option<Result<permquery::Query, ApiError>>,
    cost: i64,
    requested: Vec<Requested>,
}

/// `keys.verifyKey`.
pub fn verify_key(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let prepared = prepare(body, cx.decoded)?;
    execute(st, cx, prepared)
}

/// What upstream's verification does with a rate-limit item's value the schema refuses: it
/// hands the name, cost, limit and duration to its limiter as they are
/// (internal/services/keys/validation.go), whose checks (a name, a limit above 0, a cost not
/// below 0, a window of 1 s or more) fail every limit of the request, which the verification
/// then skips ([`execute`]); a name no limit has is the 412 of any other.
fn item_takes(instance: &str, keyword: &str, _: &Value) -> bool {
    let field = instance
        .strip_prefix("body.ratelimits[")
        .and_then(|rest| rest.split_once("]."))
        .map(|(_, field)| field);
    matches!(
        (field, keyword),
        (Some("name"), "minLength" | "maxLength")
            | (Some("cost" | "limit" | "duration"), "minimum")
    )
}

/// Validation, the permission query and the hash; `decoded` as [`Cx::decoded`].
pub fn prepare(body: &Value, decoded: bool) -> Result<Prepared, ApiError> {
    let o = object_body(body)?;
    let mut c = Checker::decoded(decoded.then_some(item_takes as crate::validate::Takes));
    let secret = c.string(o, B, "key", true, Str::len(1, 512));
    let tags = c.strings(o, B, "tags", false, 0, 20, Str::len(1, 512));
    let query = c.string(o, B, "permissions", false, Str::len(1, 1000));
    let mut cost = 1;
    if let Some(v) = o.get("credits") {
        if let Some(m) = c.check_object("body.credits", v, usize::MAX) {
            c.only(&m, "body.credits", &["cost"]);
            if let Some(n) = c.int(&m, "body.credits", "cost", true, 0, 1_000_000_000_000) {
                cost = n;
            }
        }
    }
    let mut requested = Vec::new();
    if let Some(v) = o.get("ratelimits") {
        if let Some(items) = c.check_array("body.ratelimits", v, 0, usize::MAX) {
            for (i, it) in items.iter().enumerate() {
                let l = format!("body.ratelimits[{i}]");
                let Some(m) = c.check_object(&l, it, usize::MAX) else {
                    continue;
                };
                let name = c.string(&m, &l, "name", true, Str::len(3, 255));
                let rcost = c.int(&m, &l, "cost", false, 0, i64::MAX);
                let limit = c.int(&m, &l, "limit", false, 0, i64::MAX);
                let duration = c.int(&m, &l, "duration", false, 0, i64::MAX);
                if let Some(name) = name {
                    requested.push(Requested {
                        name,
                        cost: rcost.unwrap_or(1),
                        limit,
                        duration,
                    });
                }
            }
        }
    }
    let migration_id = c.string(o, B, "migrationId", false, Str::len(0, 256));
    c.only(
        o,
        B,
        &[
            "key",
            "tags",
            "permissions",
            "credits",
            "ratelimits",
            "migrationId",
        ],
    );
    c.finish()?;
    // Parsed here, outside the state lock; a syntax error is reported only for a key that
    // exists and that the root key may verify, as upstream (which parses after those checks).
    let query = query.map(|q| permquery::parse(&q).map_err(ApiError::permissions_query_syntax));

    let secret = present(secret)?;
    Ok(Prepared {
        client_ip: String::new(),
        hash: hash_key(&secret),
        migration: migration_id.map(|m| (secret, m)),
        tags: tags.unwrap_or_default(),
        query,
        cost,
        requested,
    })
}

/// The verification itself, under the state lock.
pub fn execute(st: &mut State, cx: &Cx, p: Prepared) -> OpResult {
    let Prepared {
        client_ip,
        hash,
        migration,
        tags,
        query,
        cost,
        requested,
    } = p;
    // Upstream loads the key (internal/services/keys/get.go) before anything else of the
    // handler; a key with a rate limit that loader cannot read fails it.
    let key_id = match st.key_by_hash.get(&hash).cloned() {
        Some(id) if st.verification_load_fails(&id) => return Err(ApiError::key_load_failed()),
        Some(id) => id,
        None => {
            let found = match &migration {
                Some((raw, id)) => migrated_key(st, cx.now, raw, id)?,
                None => None,
            };
            let Some(id) = found else {
                return not_found();
            };
            id
        }
    };
    let Some(key) = st.live_key(&key_id) else {
        return not_found();
    };
    if !cx.allows_lazy(|| super::needs::on_key(cx, &key.api_id, &key.id, "verify_key")) {
        // A root key that may not verify this key's API (or may not verify at all) learns
        // nothing: the key is reported as absent, not forbidden (upstream does the same).
        return not_found();
    }
    let query = query.transpose()?;

    let now = cx.now;
    let mut code = if !key.enabled {
        "DISABLED"
    // Upstream's test is `startTime.After(expires)` (internal/services/keys/get.go) on a
    // clock finer than this one's milliseconds: within the millisecond `expires` names, the
    // real moment is after it (all but its first nanosecond), so that millisecond is EXPIRED.
    } else if key.expires.is_some_and(|e| e <= now) {
        "EXPIRED"
    } else {
        "VALID"
    };
    // Upstream's verifier takes the request's tags only when it starts on a key still valid,
    // so a DISABLED or EXPIRED verification is recorded without them.
    let tags = if code == "VALID" { tags } else { Vec::new() };

    let permissions = st.verification_permissions(key);
    let roles = st.role_names(key);
    let identity = st.key_identity(key);
    let mut identity_json = identity.map(State::identity_json);
    // Upstream lists the identity's limits from the configs it applies, where a key's limit of
    // the same name takes the identity's place.
    if !key.ratelimits.is_empty() {
        if let Some(Value::Array(rls)) = identity_json
            .as_mut()
            .and_then(|i| i.as_object_mut())
            .and_then(|i| i.get_mut("ratelimits"))
        {
            rls.retain(|r| {
                !key.ratelimits
                    .iter()
                    .any(|k| r.get("name").and_then(Value::as_str) == Some(k.name.as_str()))
            });
        }
        if let Some(i) = identity_json.as_mut().and_then(|i| i.as_object_mut()) {
            if i.get("ratelimits")
                .and_then(Value::as_array)
                .is_some_and(|a| a.is_empty())
            {
                i.remove("ratelimits");
            }
        }
    }

    // The API's IP whitelist, compared as exact strings with the client IP (as upstream).
    if code == "VALID" {
        let whitelist = st
            .apis
            .get(&key.api_id)
            .map(|a| a.ip_whitelist.as_slice())
            .unwrap_or(&[]);
        if !whitelist.is_empty() && (client_ip.is_empty() || !whitelist.contains(&client_ip)) {
            code = "FORBIDDEN";
        }
    }

    if code == "VALID" {
        if let Some(q) = &query {
            let set: HashSet<&str> = permissions.iter().map(String::as_str).collect();
            if !q.matches(&set) {
                code = "INSUFFICIENT_PERMISSIONS";
            }
        }
    }

    let mut applied: Vec<Applied> = Vec::new();
    if code == "VALID" {
        let identity_limits = identity.map(|i| i.ratelimits.as_slice()).unwrap_or(&[]);
        let identity_id = identity.map(|i| i.id.as_str()).unwrap_or("");
        // Counters are keyed as upstream keys them: the limit's name, the identifier (the key
        // id, or the identity id for an identity's limit) and the duration, so a limit keeps
        // counting when it is replaced by one of the same name and duration.
        let configured = key
            .ratelimits
            .iter()
            .map(|r| (r, counter_key(&r.name, &key.id, r.duration)))
            .chain(
                identity_limits
                    .iter()
                    .filter(|r| !key.ratelimits.iter().any(|k| k.name == r.name))
                    .map(|r| (r, counter_key(&r.name, identity_id, r.duration))),
            );
        let named: Vec<(&crate::model::RateLimit, String)> = configured.collect();
        for (r, counter) in named.iter().filter(|(r, _)| r.auto_apply) {
            applied.push(Applied {
                id: r.id.clone(),
                name: r.name.clone(),
                limit: r.limit,
                duration: r.duration,
                auto_apply: true,
                check: Check {
                    key: counter.clone(),
                    limit: r.limit,
                    duration: r.duration,
                    cost: 1,
                },
            });
        }
        for req in &requested {
            if let (Some(limit), Some(duration)) = (req.limit, req.duration) {
                // An ad-hoc limit replaces anything of the same name (upstream keeps one entry
                // per name) and always counts on the key.
                applied.retain(|a| a.name != req.name);
                applied.push(Applied {
                    id: String::new(),
                    name: req.name.clone(),
                    limit,
                    duration,
                    auto_apply: false,
                    check: Check {
                        key: counter_key(&req.name, &key.id, duration),
                        limit,
                        duration,
                        cost: req.cost,
                    },
                });
                continue;
            }
            // A limit asked for by name is always the stored one (the key's, else its
            // identity's), with this request's cost, replacing whatever an earlier item of the
            // same name put there, an ad-hoc limit too; without a stored one it is a 412 even
            // after an ad-hoc limit of that name (upstream keeps one entry per name).
            let Some((r, counter)) = named.iter().find(|(r, _)| r.name == req.name) else {
                // Upstream's text, including what Go's Sprintf appends for the two arguments
                // its format does not use when the key has no identity.
                let detail = match identity {
                    Some(i) => format!(
                        "ratelimit '{}' was requested but does not exist for key '{}' nor identity: '{}' external ID: '{}'",
                        req.name, key.id, i.id, i.external_id
                    ),
                    None => format!(
                        "ratelimit '{}' was requested but does not exist for key '{}' and there is no identity connected.%!(EXTRA string=, string=)",
                        req.name, key.id
                    ),
                };
                return Err(ApiError::precondition_failed(detail));
            };
            let entry = Applied {
                id: r.id.clone(),
                name: r.name.clone(),
                limit: r.limit,
                duration: r.duration,
                auto_apply: r.auto_apply,
                check: Check {
                    key: counter.clone(),
                    limit: r.limit,
                    duration: r.duration,
                    cost: req.cost,
                },
            };
            match applied.iter_mut().find(|a| a.name == req.name) {
                Some(a) => *a = entry,
                None => applied.push(entry),
            }
        }
    }

    let base = key_fields(key, &permissions, &roles, identity_json);
    // Upstream's limiter refuses an empty name, a limit below 1, a window under 1 s or a
    // negative cost; the verification then proceeds as if no limit had been asked for (it
    // logs the error and reports no limits).
    if applied.iter().any(|a| {
        a.name.is_empty() || a.check.limit < 1 || a.check.window() < 1000 || a.check.cost < 0
    }) {
        applied.clear();
    }
    let checks: Vec<Check> = applied.iter().map(|a| a.check.clone()).collect();
    let outcomes = st.limiter.check_all(now, &checks);
    if outcomes.iter().any(|o| !o.passed) {
        code = "RATE_LIMITED";
    }
    let ratelimits: Vec<Value> = applied
        .iter()
        .zip(&outcomes)
        .map(|(a, o)| {
            json!({
                "exceeded": !o.passed,
                "id": a.id,
                "name": a.name,
                "limit": a.limit,
                "duration": a.duration,
                "reset": o.reset,
                "remaining": o.remaining,
                "autoApply": a.auto_apply,
            })
        })
        .collect();

    // Credits, and last use; the key is written back only when its credits changed.
    let Some(key) = st.keys.get_mut(&key_id) else {
        return not_found();
    };
    key.last_used_at = Some(now);
    let mut dirty = refill::apply(key, now);
    let mut remaining = None;
    let mut spent = 0;
    if let Some(cr) = key.credits.as_mut() {
        if let Some(r) = cr.remaining {
            if code == "VALID" {
                if r < cost {
                    code = "USAGE_EXCEEDED";
                } else if cost > 0 {
                    cr.remaining = Some(r - cost);
                    spent = cost;
                    dirty = true;
                }
            }
            remaining = cr.remaining;
        }
    }
    if dirty {
        let snapshot = key.clone();
        st.persist(kind::KEY, &snapshot.id, &snapshot)?;
    }
    if st.analytics.is_some() {
        let record = st.keys.get(&key_id).map(|k| {
            let identity = st.key_identity(k);
            crate::analytics::Verification {
                time: now,
                request_id: cx.request_id.to_string(),
                key_space_id: super::keyspace_of(&k.api_id),
                identity_id: identity.map(|i| i.id.clone()).unwrap_or_default(),
                external_id: identity.map(|i| i.external_id.clone()).unwrap_or_default(),
                key_id: k.id.clone(),
                outcome: code,
                tags,
                spent_credits: spent,
            }
        });
        if let (Some(r), Some(a)) = (record, st.analytics.as_mut()) {
            a.record(r);
        }
    }

    let mut data = base;
    data.insert("valid".into(), json!(code == "VALID"));
    data.insert("code".into(), json!(code));
    if let Some(r) = remaining {
        data.insert("credits".into(), json!(r));
    }
    if !ratelimits.is_empty() {
        data.insert("ratelimits".into(), Value::Array(ratelimits));
    }
    Ok(Reply::Data(Value::Object(data)))
}

/// A key imported with `keys.migrateKeys`, found with its migration's own hash algorithm (as
/// upstream's `GetMigrated`); a key still pending that migration is rehashed to Unkey's own
/// hash (and its `start` set) so that it verifies directly from now on.
fn migrated_key(
    st: &mut State,
    now: i64,
    raw: &str,
    migration_id: &str,
) -> Result<Option<String>, ApiError> {
    let Some(algorithm) = st.migrations.get(migration_id).copied() else {
        return Ok(None);
    };
    let (legacy_hash, start) = match algorithm {
        MigrationAlgorithm::Sha256 => return Ok(None),
        MigrationAlgorithm::SeamPrefixedApiKey => {
            let parts: Vec<&str> = raw.split('_').collect();
            let [prefix @ .., short, long] = parts.as_slice() else {
                return Err(invalid_key_format());
            };
            if prefix.is_empty() {
                return Err(invalid_key_format());
            }
            let digest = sha2::Sha256::digest(long.as_bytes());
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            let actual = format!("{short}_{long}");
            let head: String = actual.chars().take(4).collect();
            (hex, format!("{}_{head}", prefix.join("_")))
        }
    };
    let Some(id) = st.key_by_hash.get(&legacy_hash).cloned() else {
        return Ok(None);
    };
    // Loaded as any key, before it is rehashed ([`State::verification_load_fails`]).
    if st.verification_load_fails(&id) {
        return Err(ApiError::key_load_failed());
    }
    if let Some(key) = st.keys.get(&id) {
        if key.pending_migration_id.as_deref() == Some(migration_id) {
            let mut key = key.clone();
            st.key_by_hash.remove(&legacy_hash);
            key.hash = hash_key(raw);
            key.start = start;
            key.pending_migration_id = None;
            key.updated_at = Some(now);
            st.save_key(key)?;
        }
    }
    Ok(Some(id))
}

/// Upstream's 400 for a key that does not split into a seam-style `prefix_short_long`.
fn invalid_key_format() -> ApiError {
    let mut e = ApiError::auth_malformed(false);
    e.detail = "Invalid key format".into();
    e
}

/// The counter of a key's or identity's rate limit.
fn key_fields(
    key: &crate::model::Key,
    permissions: &[String],
    roles: &[String],
    identity: Option<Value>,
) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("keyId".into(), json!(key.id));
    if let Some(n) = &key.name {
        m.insert("name".into(), json!(n));
    }
    if let Some(meta) = key.meta.as_ref().filter(|m| !m.is_empty()) {
        m.insert("meta".into(), Value::Object(meta.clone()));
    }
    // `expires: 0` is omitted, as upstream's `omitempty` int64 field does.
    if let Some(e) = key.expires.filter(|e| *e != 0) {
        m.insert("expires".into(), json!(e));
    }
    m.insert("enabled".into(), json!(key.enabled));
    if !permissions.is_empty() {
        m.insert("permissions".into(), json!(permissions));
    }
    if !roles.is_empty() {
        m.insert("roles".into(), json!(roles));
    }
    if let Some(i) = identity {
        m.insert("identity".into(), i);
    }
    m
}
