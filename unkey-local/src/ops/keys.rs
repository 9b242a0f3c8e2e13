//! The `keys` operations other than verifyKey.

use super::{needs, object_body, present, Cx, OpResult, Reply};
use crate::collation::{column, Collation};
use crate::error::ApiError;
use crate::ids::{hash_key, new_id, new_key};
use crate::limit_rows::{self, Owner};
use crate::model::{Credits, Key};
use crate::refill;
use crate::state::{kind, to_credits, to_refill, State};
use crate::validate::{
    credits_column_refused, key_meta_too_long, ratelimit_name_too_long, Checker, Pattern, Str, Tri,
    EXTERNAL_ID, KEY_ID, SLUG,
};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

/// The latest `expires` the API accepts: 2100-01-01.
const MAX_EXPIRES: i64 = 4_102_444_800_000;
/// What the key handlers take of a decoded body ([`Cx::decoded`]): values of its rate limits,
/// `meta` and refill (keys.createKey, keys.updateKey, keys.migrateKeys).
const STORED_VALUES: crate::validate::Takes = crate::validate::takes_stored_values;
const B: &str = "body";

/// Generates a key whose hash is not in use yet.
fn fresh_secret(st: &State, prefix: Option<&str>, byte_length: usize) -> (String, String, String) {
    loop {
        let (secret, start) = new_key(prefix, byte_length);
        let hash = hash_key(&secret);
        if !st.key_by_hash.contains_key(&hash) {
            return (secret, start, hash);
        }
    }
}

/// Loads a key for an operation: 404 when missing, 403 unless the root key satisfies what
/// `need` builds for it; due refills are applied so callers see current credits.
fn key_for(
    st: &State,
    cx: &Cx,
    key_id: &str,
    need: impl Fn(&Key) -> crate::auth::Need,
) -> Result<Key, ApiError> {
    let mut key = st.key_or_404(key_id)?;
    cx.authorize(&need(&key))?;
    refill::apply(&mut key, cx.now);
    Ok(key)
}

/// The detail getKey, deleteKey, updateKey, updateCredits and whoami give for a missing key
/// (the other key operations say "The specified key was not found.", as upstream's do).
const COULD_NOT_FIND_KEY: &str = "We could not find the requested key.";

/// [`key_for`] with the [`COULD_NOT_FIND_KEY`] wording for a missing key.
fn key_for_worded(st: &State, cx: &Cx, key_id: &str, action: &str) -> Result<Key, ApiError> {
    key_for(st, cx, key_id, |k| {
        needs::on_key(cx, &k.api_id, &k.id, action)
    })
    .map_err(|mut e| {
        if e.code == "unkey/data/key_not_found" {
            e.detail = COULD_NOT_FIND_KEY.to_string();
        }
        e
    })
}

/// `keys.createKey`: a new key, shown once.
pub fn create_key(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::decoded(cx.decoded.then_some(STORED_VALUES));
    let api_id = c.string(o, B, "apiId", true, KEY_ID);
    let prefix = c.string(o, B, "prefix", false, Str::len(1, 16).pat(Pattern::Ident));
    let name = c.string(o, B, "name", false, Str::len(1, 255));
    let byte_length = c.int(o, B, "byteLength", false, 16, 255);
    let external_id = c.string(o, B, "externalId", false, EXTERNAL_ID);
    let meta = c.meta(o, B, "meta");
    let roles = c.strings(o, B, "roles", false, 0, 100, Str::len(1, 128));
    let permissions = c.strings(o, B, "permissions", false, 0, 1000, SLUG);
    let expires = c.int(o, B, "expires", false, 0, MAX_EXPIRES);
    let credits = c.credits(o, B, "credits");
    let ratelimits = c.ratelimits(o, B, "ratelimits");
    let enabled = c.boolean(o, B, "enabled");
    let recoverable = c.boolean(o, B, "recoverable");
    c.only(
        o,
        B,
        &[
            "apiId",
            "prefix",
            "name",
            "byteLength",
            "externalId",
            "meta",
            "roles",
            "permissions",
            "expires",
            "credits",
            "ratelimits",
            "enabled",
            "recoverable",
        ],
    );
    c.finish()?;
    let api_id = present(api_id)?;
    // A missing API and one the root key may not create keys in answer the same 404, so the
    // answer never tells which API ids exist (as the real handler masks it).
    let api_missing = || {
        ApiError::not_found(
            "unkey/data/api_not_found",
            "The specified API was not found.",
        )
    };
    // Upstream finds the API without regard to its deletion (api_find_by_id.sql), so a key
    // can still be made in a deleted API; like the API's other keys, nothing finds it then.
    let Some(api) = st.apis.get(&api_id) else {
        return Err(api_missing());
    };
    let (store_encrypted, default_prefix, default_bytes) = (
        api.store_encrypted_keys,
        api.default_prefix.clone(),
        api.default_bytes,
    );
    if !cx.allows(&needs::create_key(cx, &api_id)) {
        return Err(api_missing());
    }
    // Recoverable keys, in upstream's order: a vault, the `encrypt_key` permission (masked
    // as the API's 404), a keyspace that stores encrypted keys.
    let mut sealer = None;
    if recoverable == Some(true) {
        let vault = st.vault.clone().ok_or_else(vault_missing)?;
        if !cx.allows(&needs::on_all_keys(cx, &api_id, "encrypt_key")) {
            return Err(api_missing());
        }
        if !store_encrypted {
            return Err(ApiError::precondition_failed(
                "This API does not support key encryption.",
            ));
        }
        sealer = Some(vault);
    }
    // Checked after authorization, as upstream does (inside its insert transaction).
    if credits
        .as_ref()
        .is_some_and(|c| c.refill.is_some() && c.remaining.is_none())
    {
        return Err(ApiError::invalid_detail(
            "`credits.remaining` must be provided when `credits.refill` is set.",
        ));
    }
    if let Some(e) = credits
        .as_ref()
        .and_then(|c| c.refill.as_ref())
        .and_then(|r| r.rule_error(false))
    {
        return Err(e);
    }
    // The key's insert fails before its rate limits', which fails before its permissions and
    // roles are looked at.
    if meta.as_ref().is_some_and(key_meta_too_long) || credits_column_refused(credits.as_ref()) {
        return Err(ApiError::database_refused("Failed to create key."));
    }
    if ratelimit_name_too_long(ratelimits.as_deref()) {
        return Err(ApiError::database_refused("Failed to create rate limit."));
    }
    let role_ids = key_assignments(st, permissions.as_deref(), roles.as_deref())?;
    let perm_ids = match &permissions {
        Some(p) if !p.is_empty() => {
            st.ensure_permissions(p, Ok(()), |_| None, Some(CREATE_PERMISSIONS_FAILED), cx.now)?
        }
        _ => Vec::new(),
    };
    let identity_id = match &external_id {
        Some(e) => Some(st.upsert_identity(e, cx.now)?),
        None => None,
    };
    // The request's prefix and byte length win; else the keyspace defaults (set in the
    // dashboard, here with /_local/dashboard/apiSettings); else no prefix and 16 bytes.
    let prefix = prefix.or(default_prefix).filter(|p| !p.is_empty());
    let byte_length = byte_length.or(default_bytes).unwrap_or(16) as usize;
    let (secret, start, hash) = fresh_secret(st, prefix.as_deref(), byte_length);
    let key = Key {
        id: new_id("key"),
        api_id,
        hash,
        start,
        prefix,
        name,
        meta,
        created_at: cx.now,
        updated_at: None,
        last_used_at: None,
        expires,
        enabled: enabled.unwrap_or(true),
        permissions: perm_ids,
        roles: role_ids,
        credits: credits.as_ref().map(|c| to_credits(c, cx.now)),
        ratelimits: limit_rows::created(ratelimits.as_deref().unwrap_or(&[]), Owner::Key),
        identity_id,
        deleted: false,
        pending_migration_id: None,
        encrypted: sealer.map(|v| v.seal(&secret)),
    };
    let key_id = key.id.clone();
    st.save_key(key)?;
    Ok(Reply::Data(json!({"keyId": key_id, "key": secret})))
}

/// createKey's and updateKey's 500 for a permission insert its database refused.
const CREATE_PERMISSIONS_FAILED: &str = "Failed to create permissions.";

/// createKey's and updateKey's checks of `permissions` and `roles`, in upstream's order (in its
/// transaction, permissions first), before anything is written; returns the role ids. A new
/// slug given twice, or one equal to an existing slug but for case (upstream matches found rows
/// to the request exactly), fails upstream's permission insert (its `(workspace_id, slug)`
/// index is unique, without regard to case), and a role given twice its key-role insert
/// (`key_role_insert.sql` has no ON DUPLICATE KEY, unlike `key_permission_insert.sql`): the
/// real server answers both with a 500 (the other role and permission routes drop duplicates).
fn key_assignments(
    st: &State,
    permissions: Option<&[String]>,
    roles: Option<&[String]>,
) -> Result<Vec<String>, ApiError> {
    let mut new_slugs = std::collections::HashSet::new();
    for slug in permissions.unwrap_or_default() {
        if st.permission_with_exact_slug(slug).is_none()
            && (st.permission_with_slug(slug).is_some()
                || !new_slugs.insert(column::PERMISSION_TEXT.key(slug)))
        {
            return Err(ApiError::database_refused(CREATE_PERMISSIONS_FAILED));
        }
    }
    let names = roles.unwrap_or_default();
    let ids = st.resolve_roles(names)?;
    if ids.len() < names.len() {
        return Err(ApiError::database_refused("Failed to assign roles."));
    }
    Ok(ids)
}

/// Reads `{keyId}` (plus other allowed fields) and returns the key id.
fn key_id_only(o: &serde_json::Map<String, Value>, c: &mut Checker) -> Option<String> {
    c.string(o, B, "keyId", true, KEY_ID)
}

/// `keys.updateKey`: absent = unchanged, `null` = cleared, value = set.
pub fn update_key(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::decoded(cx.decoded.then_some(STORED_VALUES));
    let key_id = key_id_only(o, &mut c);
    let name = c.nullable_string(o, B, "name", Str::len(1, 255));
    let external_id = c.nullable_string(o, B, "externalId", EXTERNAL_ID);
    let meta = c.nullable_meta(o, B, "meta");
    let expires = c.nullable_int(o, B, "expires", 0, MAX_EXPIRES);
    let ratelimits = c.ratelimits(o, B, "ratelimits");
    let enabled = c.boolean(o, B, "enabled");
    let roles = c.strings(o, B, "roles", false, 0, 100, Str::len(1, 128));
    let permissions = c.strings(o, B, "permissions", false, 0, 1000, SLUG);
    // credits: null | {remaining?: int|null, refill?: object|null}
    let mut credits: Tri<(Tri<i64>, Tri<crate::validate::RefillInput>)> = Tri::Absent;
    match o.get("credits") {
        None => {}
        Some(Value::Null) => credits = Tri::Null,
        Some(v) => {
            let l = "body.credits";
            let before = c.error_count();
            let checked = c.check_object(l, v, usize::MAX);
            c.nullable_type(l, before);
            if let Some(m) = checked {
                c.only(&m, l, &["remaining", "refill"]);
                let remaining = c.nullable_int64(&m, l, "remaining", 0);
                let refill = match m.get("refill") {
                    None => Tri::Absent,
                    Some(Value::Null) => Tri::Null,
                    Some(r) => {
                        let before = c.error_count();
                        let checked = c.check_refill("body.credits.refill", r);
                        c.nullable_type("body.credits.refill", before);
                        match checked {
                            Some(r) => Tri::Value(r),
                            None => Tri::Absent,
                        }
                    }
                };
                credits = Tri::Value((remaining, refill));
            }
        }
    }
    c.only(
        o,
        B,
        &[
            "keyId",
            "name",
            "externalId",
            "meta",
            "expires",
            "credits",
            "ratelimits",
            "enabled",
            "roles",
            "permissions",
        ],
    );
    c.finish()?;
    let mut key = key_for_worded(st, cx, &present(key_id)?, "update_key")?;

    // Resolve everything that can fail before changing anything.
    if let Tri::Value((_, Tri::Value(r))) = &credits {
        if let Some(e) = r.rule_error(true) {
            return Err(e);
        }
    }
    // The key's update fails before its rate limits, whose insert fails before its
    // permissions and roles are looked at.
    if matches!(&meta, Tri::Value(m) if key_meta_too_long(m)) {
        return Err(ApiError::database_refused("Failed to update key."));
    }
    if ratelimit_name_too_long(ratelimits.as_deref()) {
        return Err(ApiError::database_refused("Failed to update rate limits."));
    }
    let assigned = key_assignments(st, permissions.as_deref(), roles.as_deref())?;
    let role_ids = roles.as_ref().map(|_| assigned);
    let ratelimits = ratelimits
        .map(|r| limit_rows::updated_for_key(&r, &key.ratelimits))
        .transpose()?;
    // updateKey, unlike the other routes, describes the permissions it creates
    // (v2_keys_update_key/handler.go).
    let perm_ids = match &permissions {
        Some(p) => Some(st.ensure_permissions(
            p,
            Ok(()),
            |slug| Some(format!("Auto-created permission: {slug}")),
            Some(CREATE_PERMISSIONS_FAILED),
            cx.now,
        )?),
        None => None,
    };
    match name {
        Tri::Absent => {}
        Tri::Null => key.name = None,
        Tri::Value(n) => key.name = Some(n),
    }
    match external_id {
        Tri::Absent => {}
        Tri::Null => key.identity_id = None,
        Tri::Value(e) => key.identity_id = Some(st.upsert_identity(&e, cx.now)?),
    }
    match meta {
        Tri::Absent => {}
        Tri::Null => key.meta = None,
        Tri::Value(m) => key.meta = Some(m),
    }
    match expires {
        Tri::Absent => {}
        Tri::Null => key.expires = None,
        Tri::Value(t) => key.expires = Some(t),
    }
    match credits {
        Tri::Absent => {}
        Tri::Null => key.credits = None,
        Tri::Value((remaining, refill)) => {
            let mut cr = key.credits.take().unwrap_or(Credits {
                remaining: None,
                refill: None,
                last_refill_at: cx.now,
            });
            match remaining {
                Tri::Absent => {}
                Tri::Null => {
                    cr.remaining = None;
                    cr.refill = None;
                }
                // Setting only the remaining credits keeps the refill (upstream updates just
                // the remaining column).
                Tri::Value(n) => cr.remaining = Some(n),
            }
            match refill {
                Tri::Absent => {}
                Tri::Null => cr.refill = None,
                Tri::Value(r) => {
                    cr.refill = Some(to_refill(&r));
                    cr.last_refill_at = cx.now;
                }
            }
            key.credits = Some(cr);
        }
    }
    if let Some(r) = ratelimits {
        key.ratelimits = r;
    }
    if let Some(e) = enabled {
        key.enabled = e;
    }
    if let Some(r) = role_ids {
        key.roles = r;
    }
    if let Some(p) = perm_ids {
        key.permissions = p;
    }
    key.updated_at = Some(cx.now);
    st.save_key(key)?;
    Ok(Reply::Data(json!({})))
}

/// `keys.deleteKey`: soft by default; `permanent` erases the row and frees its hash.
pub fn delete_key(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let key_id = key_id_only(o, &mut c);
    let permanent = c.boolean(o, B, "permanent");
    c.only(o, B, &["keyId", "permanent"]);
    c.finish()?;
    let mut key = key_for_worded(st, cx, &present(key_id)?, "delete_key")?;
    if permanent == Some(true) {
        st.unpersist(kind::KEY, &key.id)?;
        st.key_by_hash.remove(&key.hash);
        st.keys.remove(&key.id);
    } else {
        key.deleted = true;
        key.updated_at = Some(cx.now);
        st.save_key(key)?;
    }
    Ok(Reply::Data(json!({})))
}

/// `keys.getKey`.
pub fn get_key(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let key_id = key_id_only(o, &mut c);
    let decrypt = c.boolean(o, B, "decrypt");
    c.only(o, B, &["keyId", "decrypt"]);
    c.finish()?;
    let key = key_for_worded(st, cx, &present(key_id)?, "read_key")?;
    let mut data = st.key_json(&key);
    if decrypt == Some(true) {
        // In upstream's order: a vault, the permission, a keyspace that stores encrypted keys.
        let vault = st.vault.clone().ok_or_else(vault_missing)?;
        cx.authorize(&needs::on_key(cx, &key.api_id, &key.id, "decrypt_key"))?;
        if !st
            .live_api(&key.api_id)
            .is_some_and(|a| a.store_encrypted_keys)
        {
            return Err(ApiError::precondition_failed(
                "The API for this key does not support key encryption.",
            ));
        }
        let plaintext = key.encrypted.as_deref().and_then(|e| vault.open(e));
        if let (Some(p), Some(map)) = (plaintext, data.as_object_mut()) {
            map.insert("plaintext".into(), json!(p));
        }
    }
    Ok(Reply::Data(data))
}

/// `keys.whoami`: the key behind a plaintext secret. Missing permission answers 404, so the
/// existence of a key is not revealed.
pub fn whoami(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let secret = c.string(o, B, "key", true, Str::len(1, 512));
    c.only(o, B, &["key"]);
    c.finish()?;
    let not_found = || ApiError::not_found("unkey/data/key_not_found", COULD_NOT_FIND_KEY);
    let hash = hash_key(&present(secret)?);
    let key_id = st.key_by_hash.get(&hash).cloned().ok_or_else(not_found)?;
    let mut key = st.key_or_404(&key_id).map_err(|_| not_found())?;
    if let Err(denied) = cx.authorize(&needs::on_key(cx, &key.api_id, &key.id, "read_key")) {
        // Upstream wraps the denial: its own text follows the masking one.
        return Err(ApiError::not_found(
            "unkey/data/key_not_found",
            format!("The specified key was not found. {}", denied.detail),
        ));
    }
    refill::apply(&mut key, cx.now);
    Ok(Reply::Data(st.key_json(&key)))
}

/// `keys.updateCredits`: set, increment or decrement (clamped at 0).
pub fn update_credits(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let key_id = c.string(o, B, "keyId", true, Str::len(3, usize::MAX));
    let value = c.nullable_int64(o, B, "value", 0);
    let op = c.string(o, B, "operation", true, Str::len(0, usize::MAX));
    if let Some(op) = &op {
        if !matches!(op.as_str(), "set" | "increment" | "decrement") {
            c.keyword(
                "body.operation",
                "enum",
                "value must be one of 'set', 'increment', 'decrement'",
            );
        }
    }
    c.only(o, B, &["keyId", "value", "operation"]);
    c.finish()?;
    let mut key = key_for_worded(st, cx, &present(key_id)?, "update_key")?;
    // Rules the schema cannot express, checked after authorization as upstream does.
    let op_needs_value = || {
        ApiError::invalid_detail(
            "When specifying an increment or decrement operation, a value must be provided.",
        )
    };
    if op.as_deref() != Some("set") && !matches!(value, Tri::Value(_)) {
        return Err(op_needs_value());
    }
    let mut cr = key.credits.take().unwrap_or(Credits {
        remaining: None,
        refill: None,
        last_refill_at: cx.now,
    });
    let op = present(op)?;
    match (op.as_str(), value) {
        ("set", Tri::Value(n)) => cr.remaining = Some(n),
        // Only an explicit `null` drops the refill too; a `set` without a value makes the
        // credits unlimited and keeps it (v2_keys_update_credits/handler.go resets the refill
        // only when `req.Value.IsNull()`).
        ("set", Tri::Null) => {
            cr.remaining = None;
            cr.refill = None;
        }
        ("set", Tri::Absent) => cr.remaining = None,
        (_, Tri::Value(n)) => {
            let Some(cur) = cr.remaining else {
                return Err(ApiError::invalid_detail(
                    "You cannot increment or decrement a key with unlimited credits.",
                ));
            };
            cr.remaining = Some(if op == "increment" {
                cur.saturating_add(n)
            } else {
                (cur - n).max(0)
            });
        }
        _ => return Err(op_needs_value()),
    }
    let data = State::credits_json(&cr);
    key.credits = Some(cr);
    st.save_key(key)?;
    Ok(Reply::Data(data))
}

/// `keys.rerollKey`: a new secret with the old key's settings; the old key expires after
/// `expiration` ms (now when 0; it is not deleted).
pub fn reroll_key(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let (key_id, expiration) = reroll_request(body, cx.decoded)?;
    // A recoverable key needs `encrypt_key` too: its successor is recoverable as well.
    let old = key_for(st, cx, &key_id, |k| {
        if k.encrypted.is_some() {
            crate::auth::Need::And(vec![
                needs::reroll(cx, &k.api_id),
                needs::on_all_keys(cx, &k.api_id, "encrypt_key"),
            ])
        } else {
            needs::reroll(cx, &k.api_id)
        }
    })?;
    reroll(st, cx, old, expiration)
}

/// Upstream's 412 for a server without a vault (`--no-vault`).
pub fn vault_missing() -> ApiError {
    ApiError::precondition_failed("Vault hasn't been set up.")
}

/// A `keys.rerollKey` (and `portal.rerollKey`) body, validated: the key id and `expiration`;
/// `decoded` as [`Cx::decoded`].
pub fn reroll_request(body: &Value, decoded: bool) -> Result<(String, i64), ApiError> {
    let o = object_body(body)?;
    let mut c = Checker::decoded(decoded.then_some(reroll_takes as crate::validate::Takes));
    let key_id = key_id_only(o, &mut c);
    let expiration = c.int(o, B, "expiration", true, 0, MAX_EXPIRES);
    c.finish()?;
    Ok((present(key_id)?, present(expiration)?))
}

/// What upstream's reroll handler (v2_keys_reroll_key/handler.go, which portal.rerollKey's
/// calls too) does with a value the schema refuses: any `keyId` is looked up as it is (a 404
/// when no live key has it), any `expiration` expires the old key as [`reroll_expiry`] says
/// (a negative one in the past, a later one after the schema's year 2100).
fn reroll_takes(instance: &str, keyword: &str, _: &Value) -> bool {
    matches!(
        (instance, keyword),
        ("body.keyId", "minLength" | "maxLength" | "pattern")
            | ("body.expiration", "minimum" | "maximum")
    )
}

/// When upstream's reroll expires the old key, in Unix ms: now for an `expiration` of 0, else
/// `time.Now().Add(time.Millisecond * time.Duration(expiration))` rounded up to the next full
/// minute. The product is Go's 64-bit `Duration` of ns, which wraps round past about 292
/// years (only a decoded body's `expiration` reaches that), so the expiry stays within 292
/// years of now, inside MySQL's `datetime`.
fn reroll_expiry(now: i64, expiration: i64) -> i64 {
    const MINUTE_NS: i128 = 60_000_000_000;
    if expiration == 0 {
        return now;
    }
    let at = i128::from(now) * 1_000_000 + i128::from(expiration.wrapping_mul(1_000_000));
    let at = match at.rem_euclid(MINUTE_NS) {
        0 => at,
        r => at + (MINUTE_NS - r),
    };
    i64::try_from(at / 1_000_000).unwrap_or(i64::MAX)
}

/// Rerolls `old`, a live key the caller was allowed to reroll: a new key with its
/// configuration, and the old one expiring after `expiration` ms.
pub fn reroll(st: &mut State, cx: &Cx, mut old: Key, expiration: i64) -> OpResult {
    refill::apply(&mut old, cx.now);
    // As upstream: the prefix is what the old key's `start` has before its first `_` (else the
    // keyspace's default prefix), the length the keyspace's default bytes (else 16).
    let (default_prefix, default_bytes) = st
        .apis
        .get(&old.api_id)
        .map(|a| (a.default_prefix.clone(), a.default_bytes))
        .unwrap_or_default();
    let prefix = match old.start.split_once('_') {
        Some((p, _)) if !p.is_empty() => Some(p.to_string()),
        _ => default_prefix.filter(|p| !p.is_empty()),
    };
    let length = default_bytes.unwrap_or(16) as usize;
    // A recoverable key's successor is sealed too (upstream re-encrypts it in its vault).
    let sealer = match &old.encrypted {
        None => None,
        Some(_) => {
            let vault = st.vault.clone().ok_or_else(vault_missing)?;
            if !st
                .apis
                .get(&old.api_id)
                .is_some_and(|a| a.store_encrypted_keys)
            {
                return Err(ApiError::precondition_failed(
                    "This API does not support key encryption.",
                ));
            }
            Some(vault)
        }
    };
    let (secret, start, hash) = fresh_secret(st, prefix.as_deref(), length);
    let new = Key {
        id: new_id("key"),
        hash,
        start,
        prefix,
        pending_migration_id: None,
        encrypted: sealer.map(|v| v.seal(&secret)),
        created_at: cx.now,
        updated_at: None,
        last_used_at: None,
        deleted: false,
        ratelimits: old
            .ratelimits
            .iter()
            .map(|r| crate::model::RateLimit {
                id: new_id("rl"),
                ..r.clone()
            })
            .collect(),
        ..old.clone()
    };
    // It is not deleted, so it answers EXPIRED.
    old.expires = Some(reroll_expiry(cx.now, expiration));
    // Upstream expires it with an UpdateKey that sets no update time, which writes NULL
    // (v2_keys_reroll_key/handler.go, key_update.sql): the old key has no `updatedAt` after.
    old.updated_at = None;
    let new_id = new.id.clone();
    st.save_key(old)?;
    st.save_key(new)?;
    Ok(Reply::Data(json!({"keyId": new_id, "key": secret})))
}

fn permissions_json(st: &State, ids: &[String]) -> Value {
    ids.iter()
        .filter_map(|p| st.permissions.get(p))
        .map(State::permission_json)
        .collect()
}

fn roles_json(st: &State, ids: &[String]) -> Value {
    ids.iter()
        .filter_map(|r| st.roles.get(r))
        .map(|r| st.role_json(r))
        .collect()
}

/// Sorts ids by the name `name_of` gives them, as MySQL's `ORDER BY` on a column of
/// `collation` orders them (by the names' sort keys; no order among equal names is fixed).
fn sort_collated<'s>(
    ids: &mut [String],
    collation: Collation,
    name_of: impl Fn(&str) -> Option<&'s str>,
) {
    ids.sort_by_cached_key(|id| name_of(id).map(|n| collation.key(n)));
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    Add,
    Remove,
    Set,
}

fn change_permissions(st: &mut State, cx: &Cx, body: &Value, how: Change) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let key_id = key_id_only(o, &mut c);
    let min = if how == Change::Set { 0 } else { 1 };
    let slugs = c.strings(o, B, "permissions", true, min, 1000, SLUG);
    c.only(o, B, &["keyId", "permissions"]);
    c.finish()?;
    let rbac: &[&str] = match how {
        Change::Add => &["add_permission_to_key"],
        Change::Remove => &["remove_permission_from_key"],
        Change::Set => &["add_permission_to_key", "remove_permission_from_key"],
    };
    let mut key = key_for(st, cx, &present(key_id)?, |k| {
        needs::key_rbac(cx, &k.api_id, &k.id, rbac)
    })?;
    let slugs = present(slugs)?;
    // addPermissions answers the key's permissions as they were, ordered by slug
    // (permission_list_direct_by_key_id.sql), then the added ones: those that existed, then
    // those it created (v2_keys_add_permissions/handler.go; no order among either is fixed
    // upstream, here the request's).
    let mut shown = key.permissions.clone();
    sort_collated(&mut shown, column::PERMISSION_TEXT, |id| {
        st.permissions.get(id).map(|p| p.slug.as_str())
    });
    match how {
        Change::Add | Change::Set => {
            let existed: Vec<String> = slugs
                .iter()
                .filter_map(|s| st.permission_with_exact_slug(s).map(|p| p.id.clone()))
                .collect();
            let may_create = cx.authorize(&needs::create_permission(cx));
            // v2_keys_add_permissions/handler.go and v2_keys_set_permissions/handler.go word
            // a refused insert so.
            let ids = st.ensure_permissions(
                &slugs,
                may_create,
                |_| None,
                Some("Failed to insert permissions."),
                cx.now,
            )?;
            if how == Change::Set {
                key.permissions = ids;
                shown = key.permissions.clone();
            } else {
                let (old, new): (Vec<String>, Vec<String>) = ids
                    .into_iter()
                    .filter(|id| !key.permissions.contains(id))
                    .partition(|id| existed.contains(id));
                for id in old.into_iter().chain(new) {
                    key.permissions.push(id.clone());
                    shown.push(id);
                }
            }
        }
        Change::Remove => {
            for s in &slugs {
                let p = st.permission_with_exact_slug(s).ok_or_else(|| {
                    ApiError::not_found(
                        "unkey/data/permission_not_found",
                        format!("Permission '{s}' was not found."),
                    )
                })?;
                let id = p.id.clone();
                key.permissions.retain(|x| *x != id);
            }
            shown = key.permissions.clone();
        }
    }
    let data = permissions_json(st, &shown);
    st.save_key(key)?;
    Ok(Reply::Data(data))
}

fn change_roles(st: &mut State, cx: &Cx, body: &Value, how: Change) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let key_id = key_id_only(o, &mut c);
    let min = if how == Change::Set { 0 } else { 1 };
    let names = c.strings(o, B, "roles", true, min, 100, Str::len(1, 128));
    c.only(o, B, &["keyId", "roles"]);
    c.finish()?;
    // addRoles needs `rbac.*.add_role_to_key` with the API's update_key; removeRoles and
    // setRoles only update_key, as upstream.
    let mut key = key_for(st, cx, &present(key_id)?, |k| match how {
        Change::Add => needs::key_rbac(cx, &k.api_id, &k.id, &["add_role_to_key"]),
        Change::Remove | Change::Set => needs::on_key(cx, &k.api_id, &k.id, "update_key"),
    })?;
    let ids = st.resolve_roles(&present(names)?)?;
    // addRoles answers the key's roles as they were, ordered by name (role_list_by_key_id.sql),
    // then the added ones (v2_keys_add_roles/handler.go; their order is the lookup's, not fixed
    // upstream, here the request's).
    let mut shown = key.roles.clone();
    sort_collated(&mut shown, column::ROLE_NAME, |id| {
        st.roles.get(id).map(|r| r.name.as_str())
    });
    match how {
        Change::Set => {
            key.roles = ids;
            shown = key.roles.clone();
        }
        Change::Add => {
            for id in ids {
                if !key.roles.contains(&id) {
                    key.roles.push(id.clone());
                    shown.push(id);
                }
            }
        }
        Change::Remove => {
            key.roles.retain(|r| !ids.contains(r));
            shown = key.roles.clone();
        }
    }
    let data = roles_json(st, &shown);
    st.save_key(key)?;
    Ok(Reply::Data(data))
}

/// `keys.addPermissions`: missing permissions are created.
pub fn add_permissions(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    change_permissions(st, cx, body, Change::Add)
}

/// `keys.removePermissions` (by exact slug).
pub fn remove_permissions(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    change_permissions(st, cx, body, Change::Remove)
}

/// `keys.setPermissions`: replaces the direct permissions.
pub fn set_permissions(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    change_permissions(st, cx, body, Change::Set)
}

/// `keys.addRoles` (roles must exist).
pub fn add_roles(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    change_roles(st, cx, body, Change::Add)
}

/// `keys.removeRoles`.
pub fn remove_roles(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    change_roles(st, cx, body, Change::Remove)
}

/// `keys.setRoles`: replaces the roles.
pub fn set_roles(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    change_roles(st, cx, body, Change::Set)
}

/// One key of a `keys.migrateKeys` body, as its checker read it: hash, name, externalId, meta,
/// roles, permissions, expires, enabled, credits, ratelimits.
type MigrationInput = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<serde_json::Map<String, Value>>,
    Option<Vec<String>>,
    Option<Vec<String>>,
    Option<i64>,
    Option<bool>,
    Option<crate::validate::CreditsInput>,
    Option<Vec<crate::validate::RatelimitInput>>,
);

/// Whether upstream's migration transaction fails on a unique index (v2_keys_migrate_keys/
/// handler.go: bulk inserts without `ON DUPLICATE KEY`, their raw MySQL error answered as a
/// 500 `unexpected_error` with no public detail, nothing stored): a role name or permission
/// slug found only in another case (the lookup's rows are keyed by their stored name in Go, so
/// the request's spelling stays unresolved and is inserted, a duplicate under the
/// case-insensitive column), two new ones equal but for case, a role twice on one inserted key
/// (`keys_roles` UNIQUE(key_id, role_id)), or the same new hash twice (the same key row queued
/// twice). A permission twice on a key is not (its insert has `ON DUPLICATE KEY`). A new key's
/// value its column refuses fails the same way (the keys' or rate limits' bulk insert): a
/// `meta` longer than its `text` column, a hash past its `varchar(256)`, and, of a decoded
/// body, a name past its `varchar(256)`, an expiry outside [`STORED_EXPIRES_MS`], a negative
/// credit count or refill amount or a rate-limit name past 256 characters; so does an external
/// id, role name or permission slug past its column, of any key (upstream inserts the
/// identities, roles and permissions of keys whose hash is taken too).
fn migration_refused(st: &State, inputs: &[MigrationInput]) -> Result<(), ApiError> {
    let refused = || ApiError::internal("");
    let clashes = |names: &mut dyn Iterator<Item = &String>,
                   collation: Collation,
                   exact: &dyn Fn(&str) -> bool,
                   any_case: &dyn Fn(&str) -> bool| {
        let mut new = HashMap::new();
        for n in names {
            if exact(n) {
                continue;
            }
            if any_case(n) {
                return true;
            }
            if new
                .insert(collation.key(n), n)
                .is_some_and(|other| other != n)
            {
                return true;
            }
        }
        false
    };
    let mut roles = inputs.iter().flat_map(|i| i.4.iter().flatten());
    if clashes(
        &mut roles,
        column::ROLE_NAME,
        &|n| st.role_named(n).is_some(),
        &|n| st.role_by_name.contains_key(&column::ROLE_NAME.key(n)),
    ) {
        return Err(refused());
    }
    let mut perms = inputs.iter().flat_map(|i| i.5.iter().flatten());
    if clashes(
        &mut perms,
        column::PERMISSION_TEXT,
        &|s| st.permission_with_exact_slug(s).is_some(),
        &|s| st.permission_with_slug(s).is_some(),
    ) {
        return Err(refused());
    }
    let too_long = |s: &Option<String>| {
        s.as_ref()
            .is_some_and(|s| s.chars().count() > crate::validate::NAME_COLUMN_CHARS)
    };
    let past = |names: &Option<Vec<String>>, most: usize| {
        names.iter().flatten().any(|n| n.chars().count() > most)
    };
    if inputs.iter().any(|i| {
        too_long(&i.2)
            || past(&i.4, crate::validate::ROLE_NAME_CHARS)
            || past(&i.5, crate::validate::PERMISSION_SLUG_CHARS)
    }) {
        return Err(refused());
    }
    let mut new_hashes = HashSet::new();
    for input in inputs {
        let (hash, meta, roles) = (&input.0, &input.3, &input.4);
        let Some(hash) = hash else { continue };
        if st.key_by_hash.contains_key(hash) {
            continue;
        }
        let (expires, credits, ratelimits) = (&input.6, &input.8, &input.9);
        if !new_hashes.insert(hash)
            || too_long(&input.0)
            || too_long(&input.1)
            || expires.is_some_and(|ms| !STORED_EXPIRES_MS.contains(&ms))
            || meta.as_ref().is_some_and(key_meta_too_long)
            || credits_column_refused(credits.as_ref())
            || ratelimit_name_too_long(ratelimits.as_deref())
        {
            return Err(refused());
        }
        let mut seen = HashSet::new();
        if roles.iter().flatten().any(|r| !seen.insert(r)) {
            return Err(refused());
        }
    }
    Ok(())
}

/// The expiries, in Unix ms, that upstream's migrateKeys stores in `keys.expires`
/// (`datetime(3)`), from 0001-01-01T00:00:00.001Z to 9999-12-31T23:59:59.999Z. The handler
/// passes `time.UnixMilli(expires)`; Go's MySQL driver (v1.9.3, `appendDateTime`, in UTC as
/// upstream's DSN names no `loc`) refuses a year before 1 or after 9999 ("year is not in the
/// range [1, 9999]"), and writes Go's zero time, 0001-01-01T00:00:00Z, as `'0000-00-00'`,
/// which MySQL's default strict mode (`STRICT_TRANS_TABLES` with `NO_ZERO_DATE`) refuses;
/// MySQL stores every other date of years 1 to 9999, below its documented "supported"
/// 1000 too (MySQL bugs #18996, #118890).
const STORED_EXPIRES_MS: std::ops::RangeInclusive<i64> = -62_135_596_799_999..=253_402_300_799_999;

/// What migrateKeys' handler takes of a decoded body ([`Cx::decoded`]): of a key item (an
/// earlier `keys` array's item decoded under a later one, whose `hash` is the later's), besides
/// [`STORED_VALUES`], any `name` and `externalId`, any roles and permissions (found, or
/// inserted as new rows, in any number), rate limits in any number and any `expires`, which
/// it inserts as they are (an empty name as none; past their columns, or an expiry outside
/// [`STORED_EXPIRES_MS`], [`migration_refused`]).
fn migrate_takes(instance: &str, keyword: &str, v: &Value) -> bool {
    let field = instance
        .strip_prefix("body.keys[")
        .and_then(|rest| rest.split_once("]."))
        .map(|(_, field)| field);
    let list = field.map(|f| f.split_once('[').map_or(f, |(list, _)| list));
    match (field, keyword) {
        (Some("name" | "externalId"), "minLength" | "maxLength")
        | (Some("expires"), "minimum" | "maximum")
        | (Some("ratelimits"), "maxItems") => true,
        _ if matches!(list, Some("roles" | "permissions")) => {
            matches!(keyword, "maxItems" | "minLength" | "maxLength" | "pattern")
        }
        _ => STORED_VALUES(instance, keyword, v),
    }
}

/// `keys.migrateKeys`: inserts keys by their existing hash, for a migration id registered
/// with `--migration-id` (any other is a 404), in the hash format that migration names
/// (Unkey's own base64 SHA-256 by default, so migrated keys verify directly).
pub fn migrate_keys(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::decoded(
        cx.decoded
            .then_some(migrate_takes as crate::validate::Takes),
    );
    let migration = c.string(o, B, "migrationId", true, Str::len(3, 255));
    let api_id = c.string(o, B, "apiId", true, Str::len(3, 255));
    let mut inputs = Vec::new();
    if let Some(v) = o.get("keys") {
        if let Some(items) = c.check_array("body.keys", v, 1, usize::MAX) {
            for (i, it) in items.iter().enumerate() {
                let l = format!("body.keys[{i}]");
                let Some(m) = c.check_object(&l, it, usize::MAX) else {
                    continue;
                };
                c.only(
                    &m,
                    &l,
                    &[
                        "hash",
                        "name",
                        "externalId",
                        "meta",
                        "roles",
                        "permissions",
                        "expires",
                        "enabled",
                        "credits",
                        "ratelimits",
                    ],
                );
                inputs.push((
                    c.string(&m, &l, "hash", true, Str::len(3, usize::MAX)),
                    // An empty name (a decoded body's) is stored as none (`Valid: name != ""`).
                    c.string(&m, &l, "name", false, Str::len(1, 255))
                        .filter(|n| !n.is_empty()),
                    c.string(&m, &l, "externalId", false, Str::len(1, 255)),
                    c.meta(&m, &l, "meta"),
                    c.strings(&m, &l, "roles", false, 0, 100, Str::len(1, 128)),
                    c.strings(&m, &l, "permissions", false, 0, 1000, SLUG),
                    c.int(&m, &l, "expires", false, 0, MAX_EXPIRES),
                    c.boolean(&m, &l, "enabled"),
                    c.credits(&m, &l, "credits"),
                    c.ratelimits(&m, &l, "ratelimits"),
                ));
            }
        }
    } else {
        c.missing_member("body", "keys");
    }
    c.only(o, B, &["migrationId", "apiId", "keys"]);
    c.finish()?;
    let api_id = present(api_id)?;
    cx.authorize(&needs::migrate(&api_id))?;
    if st.live_api(&api_id).is_none() {
        return Err(ApiError::not_found(
            "unkey/data/api_not_found",
            "The requested API does not exist or has been deleted.",
        ));
    }
    // Migrations are registered with `--migration-id` (upstream creates them in the dashboard).
    let migration_id = present(migration)?;
    if !st.migrations.contains_key(&migration_id) {
        return Err(ApiError::not_found(
            "unkey/data/migration_not_found",
            "The requested Migration does not exist or has been deleted.",
        ));
    }
    if let Some(e) = inputs
        .iter()
        .filter_map(|i| i.8.as_ref().and_then(|c| c.refill.as_ref()))
        .find_map(|r| r.rule_error(false))
    {
        return Err(e);
    }
    migration_refused(st, &inputs)?;
    // Upstream gathers every key's roles, permissions and external id before it looks for
    // the hashes already stored, and creates the missing ones for those keys too.
    for (_, _, ext, _, roles, perms, ..) in &inputs {
        st.ensure_roles(roles.as_deref().unwrap_or(&[]), cx.now)?;
        st.ensure_permissions(
            perms.as_deref().unwrap_or(&[]),
            Ok(()),
            |_| None,
            None,
            cx.now,
        )?;
        if let Some(e) = ext {
            st.upsert_identity(e, cx.now)?;
        }
    }
    let mut migrated = Vec::new();
    let mut failed = Vec::new();
    for (hash, name, ext, meta, roles, perms, expires, enabled, credits, rls) in inputs {
        let hash = present(hash)?;
        if st.key_by_hash.contains_key(&hash) {
            if !failed.contains(&hash) {
                failed.push(hash);
            }
            continue;
        }
        // Missing roles and permissions were created above, with no further permission check,
        // as the real migration does; these find them.
        let role_ids = st.ensure_roles(roles.as_deref().unwrap_or(&[]), cx.now)?;
        let perm_ids = st.ensure_permissions(
            perms.as_deref().unwrap_or(&[]),
            Ok(()),
            |_| None,
            None,
            cx.now,
        )?;
        let identity_id = match &ext {
            Some(e) => Some(st.upsert_identity(e, cx.now)?),
            None => None,
        };
        let key = Key {
            id: new_id("key"),
            api_id: api_id.clone(),
            // Unknown until the key is rehashed on its first verification (as upstream).
            start: String::new(),
            hash: hash.clone(),
            prefix: None,
            name,
            meta,
            created_at: cx.now,
            updated_at: None,
            last_used_at: None,
            expires,
            enabled: enabled.unwrap_or(true),
            permissions: perm_ids,
            roles: role_ids,
            credits: credits.as_ref().map(|c| to_credits(c, cx.now)),
            ratelimits: limit_rows::created(rls.as_deref().unwrap_or(&[]), Owner::Key),
            identity_id,
            deleted: false,
            // As upstream, a migrated key waits for its first verification with the migration.
            pending_migration_id: Some(migration_id.clone()),
            encrypted: None,
        };
        migrated.push(json!({"hash": hash, "keyId": key.id}));
        st.save_key(key)?;
    }
    // Upstream's `failedHashes` is a nil slice until a hash fails, and its `Failed []string`
    // has no omitempty (svc/api/openapi/gen.go): `"failed": null` when none did.
    let failed = if failed.is_empty() {
        Value::Null
    } else {
        json!(failed)
    };
    Ok(Reply::Data(json!({"migrated": migrated, "failed": failed})))
}
