//! `portal.*`: sessions of the customer portal, as upstream's handlers run them.
//!
//! - `createSession` (root key): finds the portal by id or slug in the root key's workspace
//!   (404 `Portal not found.`); stage 1 asks for `portal.*.create_portal_session` or
//!   `portal.<portalId>.create_portal_session` as tuples only, and a denial is the same 404;
//!   a disabled portal is 403; its API must still exist (else 403); stage 2 asks, for every
//!   requested scope, for the permission the equivalent operator route needs on the portal's
//!   API (403 naming the scope). Only then is the session stored, with a single-use exchange code
//!   valid for 15 minutes, returned only inside the URL.
//! - `exchangeCode` (no authentication): trades an unexpired, unredeemed code for an access
//!   token valid for 24 hours; every other code is the same 401. The code and the token are
//!   stored only as hashes.
//! - `listKeys`, `rerollKey`, `getVerifications` (the `portal_session` cookie): scoped to the
//!   session's end user and keyspaces, each gated on its scope (`keys:read`, `keys:reroll`,
//!   `analytics:read`).

use super::{keyspace_of, object_body, page, present, Cx, OpResult, Reply};
use crate::auth::Need;
use crate::error::ApiError;
use crate::ids::{hash_key, new_id, secure_token};
use crate::model::PortalSession;
use crate::state::State;
use crate::validate::{Checker, Pattern, Str};
use serde_json::{json, Value};

const B: &str = "body";

/// How long an exchange code can be redeemed: 15 minutes.
pub const CODE_TTL_MS: i64 = 15 * 60 * 1000;

/// How long an access token works: 24 hours.
pub const TOKEN_TTL_MS: i64 = 24 * 60 * 60 * 1000;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The cookie that carries a portal access token.
pub const COOKIE: &str = "portal_session";

/// The portal scopes, in the spec's order.
const SCOPES: &[&str] = &["keys:read", "keys:create", "keys:reroll", "analytics:read"];

/// `api.*.<action>` or `api.<apiId>.<action>`.
fn api_tuple(api_id: &str, action: &str) -> Need {
    Need::Or(vec![
        Need::t(format!("api.*.{action}")),
        Need::t(format!("api.{api_id}.{action}")),
    ])
}

/// What the calling root key must hold itself to grant `scope` on `api_id`'s keyspace: what the
/// equivalent operator route asks (listKeys for `keys:read`, rerollKey for `keys:create` and
/// `keys:reroll`, which on a keyspace that stores encrypted keys also need `encrypt_key`, as
/// rerolling makes recoverable key material).
fn scope_need(scope: &str, api_id: &str, encrypted: bool) -> Option<Need> {
    match scope {
        "keys:read" => Some(Need::And(vec![
            api_tuple(api_id, "read_key"),
            api_tuple(api_id, "read_api"),
        ])),
        "keys:create" | "keys:reroll" if encrypted => Some(Need::And(vec![
            api_tuple(api_id, "create_key"),
            api_tuple(api_id, "encrypt_key"),
        ])),
        "keys:create" | "keys:reroll" => Some(api_tuple(api_id, "create_key")),
        "analytics:read" => Some(api_tuple(api_id, "read_analytics")),
        _ => None,
    }
}

/// `portal.createSession`.
pub fn create_session(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let portal = c.string(
        o,
        B,
        "portal",
        true,
        Str::len(3, 255).pat(Pattern::Resource),
    );
    let external_id = c.string(o, B, "externalId", true, Str::len(1, 256));
    let scopes = scopes(&mut c, o);
    let preview = c.boolean(o, B, "preview");
    let return_url = c.string(o, B, "returnUrl", false, Str::len(0, 500));
    c.only(
        o,
        B,
        &["portal", "externalId", "scopes", "preview", "returnUrl"],
    );
    c.finish()?;
    let (portal, external_id, scopes) = (present(portal)?, present(external_id)?, present(scopes)?);
    let portal = st
        .find_portal(&portal)
        .cloned()
        .ok_or_else(ApiError::portal_not_found)?;
    // Stage 1, tuples only (a resource-name grant does not mint), masked as "not found".
    let mint = Need::Or(vec![
        Need::t("portal.*.create_portal_session"),
        Need::t(format!("portal.{}.create_portal_session", portal.id)),
    ]);
    if !cx.allows(&mint) {
        return Err(ApiError::portal_not_found());
    }
    if !portal.enabled {
        return Err(ApiError::forbidden("Portal is disabled."));
    }
    if st.live_api(&portal.api_id).is_none() {
        return Err(ApiError::forbidden(
            "Portal is not available: the API it uses no longer exists.",
        ));
    }
    // Stage 2: the session never carries what the root key could not do itself.
    let encrypted = st
        .live_api(&portal.api_id)
        .is_some_and(|a| a.store_encrypted_keys);
    for scope in &scopes {
        let need = scope_need(scope, &portal.api_id, encrypted)
            .ok_or_else(|| ApiError::internal("Portal configuration is invalid."))?;
        if !cx.allows(&need) {
            return Err(ApiError::insufficient_permissions(format!(
                "You do not have permission to grant the \"{scope}\" scope to a portal session."
            )));
        }
    }
    let code = secure_token("pst");
    let session = PortalSession {
        id: new_id("ps"),
        portal_id: portal.id.clone(),
        external_id,
        keyspace_ids: vec![keyspace_of(&portal.api_id)],
        scopes,
        preview: preview.unwrap_or(false),
        return_url: return_url.filter(|u| !u.is_empty()),
        code_hash: hash_key(&code),
        code_expires_at: cx.now.saturating_add(CODE_TTL_MS),
        token_hash: None,
        token_created_at: None,
        token_expires_at: None,
        created_at: cx.now,
    };
    let id = session.id.clone();
    let url = format!("{}/?code={code}", st.portal_base_url);
    st.save_portal_session(session)?;
    Ok(Reply::Data(json!({"id": id, "url": url})))
}

/// The `scopes` member: at least one, each from the fixed vocabulary.
fn scopes(c: &mut Checker, o: &serde_json::Map<String, Value>) -> Option<Vec<String>> {
    let items = c.strings(o, B, "scopes", true, 1, usize::MAX, Str::len(0, usize::MAX))?;
    let mut ok = true;
    for (i, s) in items.iter().enumerate() {
        if !SCOPES.contains(&s.as_str()) {
            c.keyword(
                &format!("body.scopes[{i}]"),
                "enum",
                "value must be one of 'keys:read', 'keys:create', 'keys:reroll', 'analytics:read'",
            );
            ok = false;
        }
    }
    ok.then_some(items)
}

/// A `portal.exchangeCode` body, validated: the code.
pub fn exchange_request(body: &Value) -> Result<String, ApiError> {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let code = c.string(o, B, "code", true, Str::len(1, usize::MAX));
    c.only(o, B, &["code"]);
    c.finish()?;
    present(code)
}

/// The 401 every code that cannot be exchanged gets.
pub fn code_rejected() -> ApiError {
    ApiError::portal_session_not_found("Session is invalid, expired, or has already been used.")
}

/// Redeems the code whose hash is `code_hash` in this workspace: `None` when no session of
/// this workspace has it, else the `data` to answer or the 401. The state's lock makes the
/// check and the write one step, so of concurrent redemptions exactly one wins.
pub fn exchange(st: &mut State, code_hash: &str, now: i64) -> Option<Result<Value, ApiError>> {
    let id = st.session_by_code.get(code_hash)?.clone();
    let mut session = st.portal_sessions.get(&id)?.clone();
    if session.token_hash.is_some() || session.code_expires_at <= now {
        return Some(Err(code_rejected()));
    }
    let token = secure_token("pat");
    let expires_at = now.saturating_add(TOKEN_TTL_MS);
    session.token_hash = Some(hash_key(&token));
    session.token_created_at = Some(now);
    session.token_expires_at = Some(expires_at);
    Some(
        st.save_portal_session(session)
            .map(|()| json!({"accessToken": token, "expiresAt": expires_at})),
    )
}

/// The 401 for a token that is unknown, expired or not yet a session's.
pub fn session_rejected() -> ApiError {
    ApiError::portal_session_not_found("The portal session is invalid or has expired.")
}

/// The active session whose access token hashes to `token_hash` in this workspace: `None` when
/// this workspace has no such token, else the session or the 401 for an expired one.
pub fn active_session(
    st: &State,
    token_hash: &str,
    now: i64,
) -> Option<Result<PortalSession, ApiError>> {
    let id = st.session_by_token.get(token_hash)?;
    let session = st.portal_sessions.get(id)?;
    Some(match session.token_expires_at {
        Some(t) if t > now => Ok(session.clone()),
        _ => Err(session_rejected()),
    })
}

/// The cookie-authenticated portal operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionOp {
    /// `portal.listKeys`.
    ListKeys,
    /// `portal.rerollKey`.
    RerollKey,
    /// `portal.getVerifications`.
    GetVerifications,
}

impl SessionOp {
    /// The operation served at `path`.
    pub fn of(path: &str) -> Option<SessionOp> {
        match path {
            "/v2/portal.listKeys" => Some(SessionOp::ListKeys),
            "/v2/portal.rerollKey" => Some(SessionOp::RerollKey),
            "/v2/portal.getVerifications" => Some(SessionOp::GetVerifications),
            _ => None,
        }
    }
}

/// A validated body of a cookie-authenticated operation.
#[derive(Debug, Clone)]
pub enum SessionRequest {
    /// `limit`, `cursor`.
    ListKeys(usize, Option<String>),
    /// `keyId`, `expiration`.
    RerollKey(String, i64),
    /// `startTime`, `endTime`, `keyId`.
    GetVerifications(i64, i64, Option<String>),
}

/// Validates the body of `op`, as upstream's OpenAPI validator does before authentication;
/// `decoded` as [`super::Cx::decoded`].
pub fn session_request(
    op: SessionOp,
    body: &Value,
    decoded: bool,
) -> Result<SessionRequest, ApiError> {
    match op {
        SessionOp::ListKeys => {
            let o = object_body(body)?;
            let mut c = Checker::new();
            let limit = c.int(o, B, "limit", false, 1, 100);
            let cursor = c.string(o, B, "cursor", false, Str::len(0, usize::MAX));
            c.only(o, B, &["limit", "cursor"]);
            c.finish()?;
            Ok(SessionRequest::ListKeys(
                usize::try_from(limit.unwrap_or(100)).unwrap_or(100),
                cursor.filter(|c| !c.is_empty()),
            ))
        }
        SessionOp::RerollKey => {
            let (key_id, expiration) = super::keys::reroll_request(body, decoded)?;
            Ok(SessionRequest::RerollKey(key_id, expiration))
        }
        SessionOp::GetVerifications => {
            let o = object_body(body)?;
            let mut c = Checker::new();
            let start = c.int(o, B, "startTime", true, i64::MIN, i64::MAX);
            let end = c.int(o, B, "endTime", true, i64::MIN, i64::MAX);
            let key_id = c.string(o, B, "keyId", false, Str::len(0, usize::MAX));
            c.only(o, B, &["startTime", "endTime", "keyId"]);
            c.finish()?;
            Ok(SessionRequest::GetVerifications(
                present(start)?,
                present(end)?,
                key_id,
            ))
        }
    }
}

/// The session's scope `scope`, or upstream's 403 for a principal without that permission.
fn require(session: &PortalSession, scope: &str) -> Result<(), ApiError> {
    if session.scopes.iter().any(|s| s == scope) {
        Ok(())
    } else {
        Err(ApiError::insufficient_permissions(format!(
            "Missing permission: '{scope}'"
        )))
    }
}

/// Runs a cookie-authenticated operation for `session` in its workspace.
pub fn run(st: &mut State, cx: &Cx, session: &PortalSession, request: SessionRequest) -> OpResult {
    match request {
        SessionRequest::ListKeys(limit, cursor) => {
            require(session, "keys:read")?;
            list_keys(st, cx, session, limit, cursor.as_deref())
        }
        SessionRequest::RerollKey(key_id, expiration) => {
            require(session, "keys:reroll")?;
            let not_found = || {
                ApiError::not_found(
                    "unkey/data/key_not_found",
                    "The specified key was not found.",
                )
            };
            let key = st.key_or_404(&key_id)?;
            let owned = session.keyspace_ids.contains(&keyspace_of(&key.api_id))
                && st
                    .key_identity(&key)
                    .is_some_and(|i| i.external_id == session.external_id);
            if !owned {
                return Err(not_found());
            }
            super::keys::reroll(st, cx, key, expiration)
        }
        SessionRequest::GetVerifications(start, end, key_id) => {
            require(session, "analytics:read")?;
            get_verifications(st, cx, session, start, end, key_id.as_deref())
        }
    }
}

fn list_keys(
    st: &State,
    cx: &Cx,
    session: &PortalSession,
    limit: usize,
    cursor: Option<&str>,
) -> OpResult {
    let identity = st.identity_with_external(&session.external_id);
    let Some(identity) = identity else {
        return Ok(Reply::Page(json!([]), None));
    };
    // Upstream's query takes keys that are not deleted in keyspaces that are not (an API's
    // deletion leaves its keyspace), `limit + 1` of them in the id column's order; Go then
    // sorts those by their bytes before it cuts the page and names the next one's first id.
    let (mut items, _) = page(&st.keys, cursor, limit + 1, |k| {
        !k.deleted
            && k.identity_id.as_deref() == Some(identity.id.as_str())
            && session.keyspace_ids.contains(&keyspace_of(&k.api_id))
    })?;
    items.sort_by(|a, b| a.id.cmp(&b.id));
    let next = items.get(limit).map(|k| k.id.clone());
    items.truncate(limit);
    // Credits as any other read shows them: with the refills due by now.
    let data: Vec<Value> = items
        .into_iter()
        .map(|k| {
            let mut k = k.clone();
            crate::refill::apply(&mut k, cx.now);
            st.key_json(&k)
        })
        .collect();
    Ok(Reply::Page(Value::Array(data), next))
}

/// The bucket width for a window: minutes up to 3 hours, hours up to 4 days, else days.
fn bucket_ms(window: i64) -> i64 {
    const MINUTE: i64 = 60_000;
    const HOUR: i64 = 60 * MINUTE;
    if window <= 3 * HOUR {
        MINUTE
    } else if window <= 4 * DAY_MS {
        HOUR
    } else {
        DAY_MS
    }
}

fn get_verifications(
    st: &mut State,
    cx: &Cx,
    session: &PortalSession,
    start: i64,
    end: i64,
    key_id: Option<&str>,
) -> OpResult {
    if end <= start {
        return Err(ApiError::invalid_detail(
            "`endTime` must be greater than `startTime`.",
        ));
    }
    // The workspace's log retention bounds the window (`--analytics-retention-days`).
    let days = st.retention_days;
    if days > 0 && end.saturating_sub(start) > days.saturating_mul(DAY_MS) {
        return Err(ApiError::invalid_detail(format!(
            "The requested time window is too large. The maximum window is {days} days."
        )));
    }
    // Without `--analytics` there is nothing recorded: an empty series, as a server whose
    // analytics store is a no-op answers.
    let Some(analytics) = st.analytics.as_mut() else {
        return Ok(Reply::Data(json!([])));
    };
    let step = bucket_ms(end - start);
    let floor = |t: i64| t - t.rem_euclid(step);
    // The series is read from per-interval rollups, so the window applies to each bucket's
    // start: a bucket counts when it starts in [start, end).
    let events = analytics.outcomes_of(
        cx.ws,
        &session.external_id,
        key_id.filter(|k| !k.is_empty()),
        floor(start),
        floor(end).saturating_add(step),
    )?;
    let first = floor(start);
    let last = floor(end);
    let n = usize::try_from((last - first) / step + 1).unwrap_or(0);
    let mut rows: Vec<[i64; 8]> = vec![[0; 8]; n];
    for (time, outcome) in events {
        let bucket = floor(time);
        if bucket < start || bucket >= end {
            continue;
        }
        let Some(row) = usize::try_from((bucket - first) / step)
            .ok()
            .and_then(|i| rows.get_mut(i))
        else {
            continue;
        };
        let column = match outcome.as_str() {
            "VALID" => Some(1),
            "RATE_LIMITED" => Some(2),
            "INSUFFICIENT_PERMISSIONS" => Some(3),
            "FORBIDDEN" => Some(4),
            "DISABLED" => Some(5),
            "EXPIRED" => Some(6),
            "USAGE_EXCEEDED" => Some(7),
            _ => None,
        };
        if let Some(slot) = row.first_mut() {
            *slot += 1;
        }
        if let Some(slot) = column.and_then(|c| row.get_mut(c)) {
            *slot += 1;
        }
    }
    let data: Vec<Value> = rows
        .iter()
        .zip(0_i64..)
        .map(|(r, i)| {
            let [total, valid, rate_limited, insufficient, forbidden, disabled, expired, exceeded] =
                *r;
            json!({
                "time": first + i * step,
                "total": total,
                "valid": valid,
                "rateLimited": rate_limited,
                "insufficientPermissions": insufficient,
                "forbidden": forbidden,
                "disabled": disabled,
                "expired": expired,
                "usageExceeded": exceeded,
            })
        })
        .collect();
    Ok(Reply::Data(Value::Array(data)))
}
