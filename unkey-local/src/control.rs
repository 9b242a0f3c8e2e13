//! Test controls under `/_local/...`: fault injection and request counters (with `--faults`),
//! and the movable clock (with `--test-clock`). Without their flag these routes answer 404.

use crate::error::ApiError;
use crate::server::lock_state;
use crate::validate::{Checker, Str, Tri};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// What an injected fault does to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// Answer an error envelope with `status` (429 adds `Retry-After`).
    Status,
    /// Wait `delay_ms`, then serve the request normally.
    Delay,
    /// Close the connection without answering.
    Close,
    /// Serve the request, but cut the body in half (the `Content-Length` stays full).
    Truncate,
    /// Answer `status` with a JSON content type and a body that is not JSON.
    NonJson,
    /// Answer `status` with the given JSON body (e.g. an envelope missing `meta` or `data`),
    /// and a `Location` header when one is given (a redirect: Unkey never sends one).
    Body,
}

impl FaultKind {
    fn name(self) -> &'static str {
        match self {
            FaultKind::Status => "status",
            FaultKind::Delay => "delay",
            FaultKind::Close => "close",
            FaultKind::Truncate => "truncate",
            FaultKind::NonJson => "non_json",
            FaultKind::Body => "body",
        }
    }
}

/// A fault waiting for its next requests.
#[derive(Debug, Clone)]
pub struct Fault {
    /// Sequential id.
    pub id: u64,
    /// What it does.
    pub kind: FaultKind,
    /// Only requests to this path (all API paths when `None`).
    pub path: Option<String>,
    /// How many more requests it applies to.
    pub remaining: u64,
    /// Status for `Status`, `Truncate` and `NonJson`.
    pub status: u16,
    /// `Retry-After` seconds for a 429.
    pub retry_after: Option<u64>,
    /// Delay for `Delay`.
    pub delay_ms: u64,
    /// The JSON text a `Body` fault answers.
    pub body: Option<String>,
    /// The `Location` header a `Body` fault sends.
    pub location: Option<String>,
    /// Spaces a `Body` fault sends after its JSON (`padBytes`): a body past the server's own
    /// limits, still JSON.
    pub pad_bytes: u64,
    /// A `Body` fault whose spaces never end (`endless`).
    pub endless: bool,
}

impl Fault {
    #[allow(
        clippy::indexing_slicing,
        reason = "serde_json::Value: reads never panic, writes go into an object built by json!"
    )]
    fn to_json(&self) -> Value {
        let mut v = json!({
            "id": self.id,
            "kind": self.kind.name(),
            "remaining": self.remaining,
            "status": self.status,
            "delayMs": self.delay_ms,
        });
        if let Some(p) = &self.path {
            v["path"] = json!(p);
        }
        if let Some(r) = self.retry_after {
            v["retryAfter"] = json!(r);
        }
        v
    }
}

/// Pending faults and request counters.
#[derive(Debug, Default)]
pub struct Control {
    faults: Mutex<(u64, Vec<Fault>)>,
    counts: Mutex<BTreeMap<String, u64>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Control {
    /// Counts one API request to `path`.
    pub fn count(&self, path: &str) {
        *lock(&self.counts).entry(path.to_string()).or_insert(0) += 1;
    }

    /// Takes the first pending fault that applies to `path`, using up one of its requests.
    pub fn take(&self, path: &str) -> Option<Fault> {
        let mut g = lock(&self.faults);
        let list = &mut g.1;
        let pos = list
            .iter()
            .position(|f| f.path.as_deref().is_none_or(|p| p == path))?;
        let f = list.get_mut(pos)?;
        f.remaining = f.remaining.saturating_sub(1);
        let taken = f.clone();
        if f.remaining == 0 {
            list.remove(pos);
        }
        Some(taken)
    }

    fn add(&self, body: &Value) -> Result<Value, ApiError> {
        let mut c = Checker::new();
        let Some(o) = c.root(body) else {
            return Err(c.finish().err().unwrap_or_else(|| ApiError::internal("")));
        };
        let kind = c.string(o, "body", "kind", true, Str::len(1, 32));
        let path = c.string(o, "body", "path", false, Str::len(1, 512));
        let count = c.int(o, "body", "count", false, 1, 1_000_000);
        let status = c.int(o, "body", "status", false, 200, 599);
        let retry_after = c.int(o, "body", "retryAfter", false, 0, 86_400);
        let delay_ms = c.int(o, "body", "delayMs", false, 0, 600_000);
        let location = c.string(o, "body", "location", false, Str::len(1, 2048));
        let pad_bytes = c.int(o, "body", "padBytes", false, 0, 1 << 32);
        let endless = o.get("endless").map(Value::as_bool);
        if endless == Some(None) {
            c.fail("body.endless", "must be a boolean");
        }
        let endless = endless.flatten().unwrap_or(false);
        c.only(
            o,
            "body",
            &[
                "kind",
                "path",
                "count",
                "status",
                "retryAfter",
                "delayMs",
                "body",
                "location",
                "padBytes",
                "endless",
            ],
        );
        let kind = match kind.as_deref() {
            Some("status") | Some("error") => Some(FaultKind::Status),
            Some("rate_limited") => Some(FaultKind::Status),
            Some("delay") => Some(FaultKind::Delay),
            Some("close") => Some(FaultKind::Close),
            Some("truncate") => Some(FaultKind::Truncate),
            Some("non_json") => Some(FaultKind::NonJson),
            Some("body") => Some(FaultKind::Body),
            Some(_) => {
                c.fail(
                    "body.kind",
                    "must be status, rate_limited, delay, close, truncate, non_json or body",
                );
                None
            }
            None => None,
        };
        let rate_limited = o.get("kind").and_then(Value::as_str) == Some("rate_limited");
        if kind == Some(FaultKind::Delay) && delay_ms.is_none() {
            c.fail("body.delayMs", "is required for a delay fault");
        }
        let answer = o.get("body").map(Value::to_string);
        if kind == Some(FaultKind::Body) && answer.is_none() {
            c.fail("body.body", "is required for a body fault");
        }
        if location.is_some() && kind != Some(FaultKind::Body) {
            c.fail("body.location", "is only for a body fault");
        }
        if (pad_bytes.is_some() || endless) && kind != Some(FaultKind::Body) {
            c.fail(
                "body.padBytes",
                "padBytes and endless are only for a body fault",
            );
        }
        c.finish()?;
        let kind = kind.ok_or_else(|| ApiError::internal("validated kind missing"))?;
        let status = if rate_limited {
            429
        } else {
            status.map(|s| s as u16).unwrap_or(match kind {
                FaultKind::Status => 500,
                _ => 200,
            })
        };
        if kind == FaultKind::Status && status < 400 {
            return Err(ApiError::bad_field(
                "body.status",
                "a status fault needs a 4xx or 5xx status",
            ));
        }
        let retry_after = match (retry_after, status) {
            (Some(r), _) => Some(r as u64),
            (None, 429) => Some(1),
            _ => None,
        };
        let mut g = lock(&self.faults);
        g.0 += 1;
        let fault = Fault {
            id: g.0,
            kind,
            path,
            remaining: count.unwrap_or(1) as u64,
            status,
            retry_after,
            delay_ms: delay_ms.unwrap_or(0) as u64,
            body: answer,
            location,
            pad_bytes: pad_bytes.unwrap_or(0) as u64,
            endless,
        };
        let out = fault.to_json();
        g.1.push(fault);
        Ok(json!({"fault": out, "pending": g.1.len()}))
    }

    fn list(&self) -> Value {
        let g = lock(&self.faults);
        json!({"faults": g.1.iter().map(Fault::to_json).collect::<Vec<_>>()})
    }

    fn clear(&self) -> Value {
        let mut g = lock(&self.faults);
        let n = g.1.len();
        g.1.clear();
        json!({"cleared": n})
    }

    fn counts(&self) -> Value {
        let g = lock(&self.counts);
        let total: u64 = g.values().sum();
        let paths: Map<String, Value> = g.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
        json!({"total": total, "paths": paths})
    }

    fn reset_counts(&self) -> Value {
        lock(&self.counts).clear();
        json!({"total": 0, "paths": {}})
    }
}

/// `/_local/dashboard/...`: the settings Unkey changes only in its dashboard.
fn dashboard(app: &crate::server::App, path: &str, body: &Value) -> Result<Value, ApiError> {
    let mut c = Checker::new();
    let Some(o) = c.root(body) else {
        return Err(c.finish().err().unwrap_or_else(|| ApiError::internal("")));
    };
    let workspace = c.string(o, "body", "workspace", false, Str::len(1, 256));
    let missing =
        |what: &str| ApiError::not_found("unkey/data/workspace_not_found", what.to_string());
    // The workspace the body names (the default one without `workspace`): index, id and state.
    let named = || {
        app.workspaces()
            .enumerate()
            .find(|(_, (id, _))| workspace.as_deref().is_none_or(|w| w == *id))
            .map(|(i, (id, state))| (i, id, state))
            .ok_or_else(|| missing("No workspace with this id."))
    };
    match path {
        "/_local/dashboard/apiSettings" => {
            let api_id = c.string(o, "body", "apiId", true, Str::len(1, 256));
            let protection = c.boolean(o, "body", "deleteProtection");
            let whitelist = c.strings(o, "body", "ipWhitelist", false, 0, 1000, Str::len(1, 256));
            let default_prefix = c.nullable_string(
                o,
                "body",
                "defaultPrefix",
                Str::len(1, 16).pat(crate::validate::Pattern::Ident),
            );
            let default_bytes = c.nullable_int(o, "body", "defaultBytes", 16, 255);
            let store_encrypted = c.boolean(o, "body", "storeEncryptedKeys");
            c.only(
                o,
                "body",
                &[
                    "workspace",
                    "apiId",
                    "deleteProtection",
                    "ipWhitelist",
                    "defaultPrefix",
                    "defaultBytes",
                    "storeEncryptedKeys",
                ],
            );
            c.finish()?;
            let (_, _, state) = named()?;
            let mut st = lock_state(state);
            let api_id = api_id.unwrap_or_default();
            let mut api = st.live_api(&api_id).cloned().ok_or_else(|| {
                ApiError::not_found(
                    "unkey/data/api_not_found",
                    "The requested API does not exist or has been deleted.",
                )
            })?;
            if let Some(p) = protection {
                api.delete_protection = p;
            }
            if let Some(w) = whitelist {
                api.ip_whitelist = w;
            }
            if let Some(e) = store_encrypted {
                api.store_encrypted_keys = e;
            }
            match default_prefix {
                Tri::Absent => {}
                Tri::Null => api.default_prefix = None,
                Tri::Value(p) => api.default_prefix = Some(p),
            }
            match default_bytes {
                Tri::Absent => {}
                Tri::Null => api.default_bytes = None,
                Tri::Value(n) => api.default_bytes = Some(n),
            }
            st.persist(crate::state::kind::API, &api.id, &api)?;
            let out = json!({
                "apiId": api.id,
                "deleteProtection": api.delete_protection,
                "ipWhitelist": api.ip_whitelist,
                "defaultPrefix": api.default_prefix,
                "defaultBytes": api.default_bytes,
                "storeEncryptedKeys": api.store_encrypted_keys,
            });
            st.apis.insert(api.id.clone(), api);
            Ok(out)
        }
        "/_local/dashboard/portal" => {
            let slug = c.string(
                o,
                "body",
                "slug",
                true,
                Str::len(3, 255).pat(crate::validate::Pattern::Resource),
            );
            let api_id = c.string(o, "body", "apiId", true, Str::len(1, 256));
            let enabled = c.boolean(o, "body", "enabled");
            let id = c.string(
                o,
                "body",
                "portalId",
                false,
                Str::len(3, 255).pat(crate::validate::Pattern::Resource),
            );
            c.only(
                o,
                "body",
                &["workspace", "slug", "apiId", "enabled", "portalId"],
            );
            c.finish()?;
            let (_, _, state) = named()?;
            let mut st = lock_state(state);
            let slug = slug.unwrap_or_default();
            if let Some(id) = &id {
                if st.portals.get(id).is_some_and(|p| p.slug != slug) {
                    return Err(ApiError::bad_field(
                        "body.portalId",
                        "is the id of a portal with another slug",
                    ));
                }
            }
            let p = st.upsert_portal(
                &slug,
                &api_id.unwrap_or_default(),
                enabled,
                id.as_deref(),
                app.clock.now_ms(),
            )?;
            Ok(json!({"portalId": p.id, "slug": p.slug, "apiId": p.api_id, "enabled": p.enabled}))
        }
        "/_local/dashboard/workspaceLimits" => {
            // The workspace's API request limit per minute (upstream's plan limit
            // `api_requests_count_max_per_minute`); null removes it, 0 refuses every request.
            let limit = c.nullable_int(o, "body", "apiRequestsPerMinute", 0, i64::from(i32::MAX));
            // How many days back the workspace's analytics reach (null: the CLI's default).
            let retention = c.nullable_int(o, "body", "analyticsRetentionDays", 1, 3650);
            // The analytics quota and result size (ClickHouse's quota and settings upstream).
            let queries =
                c.nullable_int(o, "body", "analyticsMaxQueriesPerWindow", 0, i64::MAX / 4);
            let window = c.nullable_int(o, "body", "analyticsQuotaWindowSeconds", 1, 31_536_000);
            let rows = c.nullable_int(o, "body", "analyticsMaxResultRows", 1, i64::MAX / 4);
            // How long a query may run (upstream's executor gives ClickHouse 10 s).
            let timeout = c.nullable_int(o, "body", "analyticsQueryTimeoutMs", 1, 3_600_000);
            c.only(
                o,
                "body",
                &[
                    "workspace",
                    "apiRequestsPerMinute",
                    "analyticsRetentionDays",
                    "analyticsMaxQueriesPerWindow",
                    "analyticsQuotaWindowSeconds",
                    "analyticsMaxResultRows",
                    "analyticsQueryTimeoutMs",
                ],
            );
            if o.keys().all(|k| k == "workspace") {
                c.fail("body", "give at least one setting");
            }
            c.finish()?;
            let (ws, _, state) = named()?;
            let mut st = lock_state(state);
            let mut settings = st.settings().map_err(ApiError::internal)?;
            match limit {
                Tri::Absent => {}
                Tri::Null => settings.api_requests_per_minute = None,
                Tri::Value(n) => settings.api_requests_per_minute = Some(n),
            }
            let set = |field: &mut Option<i64>, v: Tri<i64>| match v {
                Tri::Absent => {}
                Tri::Null => *field = None,
                Tri::Value(n) => *field = Some(n),
            };
            set(&mut settings.analytics_retention_days, retention);
            set(&mut settings.analytics_max_queries_per_window, queries);
            set(&mut settings.analytics_quota_window_seconds, window);
            set(&mut settings.analytics_max_result_rows, rows);
            set(&mut settings.analytics_query_timeout_ms, timeout);
            st.persist(crate::state::kind::SETTINGS, "workspace", &settings)?;
            if let Some(slot) = app.request_limits.get(ws) {
                slot.store(
                    settings.api_requests_per_minute.unwrap_or(-1),
                    std::sync::atomic::Ordering::Relaxed,
                );
            }
            st.retention_days = settings
                .analytics_retention_days
                .unwrap_or(app.default_retention_days);
            let limits = settings.analytics_limits();
            if let Some(a) = st.analytics.as_mut() {
                a.limits = limits;
            }
            Ok(json!({
                "apiRequestsPerMinute": settings.api_requests_per_minute,
                "analyticsRetentionDays": st.retention_days,
                "analyticsMaxQueriesPerWindow": limits.max_queries_per_window,
                "analyticsQuotaWindowSeconds": limits.quota_window_ms / 1000,
                "analyticsMaxResultRows": limits.max_result_rows,
                "analyticsQueryTimeoutMs": limits.query_timeout_ms,
            }))
        }
        "/_local/dashboard/namespace" => {
            // Creates a rate-limit namespace as the dashboard does (or finds it by name or id),
            // and answers its id: the v2 API never shows a namespace's id, and a root key scoped
            // to one namespace names it (`ratelimit.<namespaceId>.limit`).
            let name = c.string(o, "body", "namespace", true, Str::len(1, 255));
            c.only(o, "body", &["workspace", "namespace"]);
            c.finish()?;
            let (_, _, state) = named()?;
            let mut st = lock_state(state);
            let name = name.unwrap_or_default();
            let (id, created) = match st.find_namespace(&name) {
                Some(ns) => (ns.id.clone(), false),
                None => (st.insert_namespace(&name, app.clock.now_ms())?, true),
            };
            let ns = st
                .namespaces
                .get(&id)
                .ok_or_else(|| ApiError::internal("namespace vanished"))?;
            Ok(json!({
                "namespaceId": ns.id,
                "namespace": ns.name,
                "created": created,
                "deleted": ns.deleted,
            }))
        }
        "/_local/dashboard/deleteNamespace" => {
            let name = c.string(o, "body", "namespace", true, Str::len(1, 512));
            c.only(o, "body", &["workspace", "namespace"]);
            c.finish()?;
            let (_, _, state) = named()?;
            let mut st = lock_state(state);
            let mut ns = st
                .find_namespace(&name.unwrap_or_default())
                .cloned()
                .ok_or_else(|| {
                    ApiError::not_found(
                        "unkey/data/ratelimit_namespace_not_found",
                        "This namespace does not exist.",
                    )
                })?;
            ns.deleted = true;
            st.persist(crate::state::kind::NAMESPACE, &ns.id, &ns)?;
            let out = json!({"namespaceId": ns.id, "deleted": true});
            st.namespaces.insert(ns.id.clone(), ns);
            Ok(out)
        }
        "/_local/dashboard/root-keys" | "/_local/dashboard/rootKeys" => {
            create_root_key(app, c, o, workspace)
        }
        "/_local/dashboard/root-keys/update" | "/_local/dashboard/rootKeys/update" => {
            update_root_key(app, c, o)
        }
        "/_local/dashboard/rootWorkspace" => {
            // Enables or disables the workspace that owns the root keys upstream: disabled,
            // every root key is refused with 403 `workspace_disabled`.
            let enabled = c.boolean(o, "body", "enabled");
            c.only(o, "body", &["enabled"]);
            if enabled.is_none() {
                c.missing_member("body", "enabled");
            }
            c.finish()?;
            let enabled = enabled.unwrap_or(true);
            app.root_workspace_enabled
                .store(enabled, std::sync::atomic::Ordering::Relaxed);
            Ok(json!({"enabled": enabled}))
        }
        "/_local/dashboard/workspace" => {
            // Enables or disables a workspace, as upstream's `workspaces.enabled`.
            let enabled = c.boolean(o, "body", "enabled");
            c.only(o, "body", &["workspace", "enabled"]);
            if enabled.is_none() {
                c.missing_member("body", "enabled");
            }
            c.finish()?;
            let (ws, ws_id, state) = named()?;
            let enabled = enabled.unwrap_or(true);
            {
                let st = lock_state(state);
                let mut settings = st.settings().map_err(ApiError::internal)?;
                settings.disabled = !enabled;
                st.persist(crate::state::kind::SETTINGS, "workspace", &settings)?;
            }
            if let Some(slot) = app.workspace_enabled.get(ws) {
                slot.store(enabled, std::sync::atomic::Ordering::Relaxed);
            }
            Ok(json!({"workspace": ws_id, "enabled": enabled}))
        }
        "/_local/dashboard/root-keys/delete" | "/_local/dashboard/rootKeys/delete" => {
            let id = c.string(o, "body", "keyId", true, Str::len(1, 256));
            c.only(o, "body", &["workspace", "workspaceId", "keyId"]);
            c.finish()?;
            let id = id.unwrap_or_default();
            let mut roots = app
                .roots
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let gone = || {
                ApiError::not_found(
                    "unkey/data/key_not_found",
                    "No root key created through /_local/dashboard/root-keys has this id.",
                )
            };
            let ws = roots.remove_created(&id).ok_or_else(gone)?;
            // A key of a missing workspace is stored with the default one.
            let (_, state) = app
                .workspace(ws.unwrap_or(0))
                .ok_or_else(|| ApiError::internal("root key of an unknown workspace"))?;
            lock_state(state).unpersist(crate::state::kind::ROOT_KEY, &id)?;
            Ok(json!({"keyId": id, "deleted": true}))
        }
        _ => Err(ApiError::route_not_found(path)),
    }
}

/// `/_local/dashboard/root-keys`: creates a root key with these permissions in a workspace, as
/// Unkey's dashboard does, and answers its secret once. Only the hash is kept (and stored, so
/// with `--data` it works after a restart).
fn create_root_key(
    app: &crate::server::App,
    mut c: Checker,
    o: &Map<String, Value>,
    workspace: Option<String>,
) -> Result<Value, ApiError> {
    let workspace_id = c.string(o, "body", "workspaceId", false, Str::len(1, 256));
    let permissions = c.strings(o, "body", "permissions", true, 0, 1000, Str::len(1, 512));
    let name = c.string(o, "body", "name", false, Str::len(1, 256));
    let key = c.string(o, "body", "key", false, Str::len(1, 1024));
    let enabled = c.boolean(o, "body", "enabled");
    let expires = c.int(o, "body", "expires", false, 0, i64::MAX / 4);
    let missing_ok = c.boolean(o, "body", "workspaceMissing").unwrap_or(false);
    c.only(
        o,
        "body",
        &[
            "workspace",
            "workspaceId",
            "permissions",
            "name",
            "key",
            "enabled",
            "expires",
            "workspaceMissing",
        ],
    );
    // Any text, as the real server stores a root key's permission names and compares them as
    // exact strings: a name no handler asks for simply grants nothing.
    let permissions = permissions.unwrap_or_default();
    if key
        .as_deref()
        .is_some_and(|k| k.chars().any(char::is_whitespace))
    {
        c.fail("body.key", "must contain no whitespace");
    }
    if workspace.is_some() && workspace_id.is_some() && workspace != workspace_id {
        c.fail(
            "body.workspaceId",
            "names another workspace than body.workspace",
        );
    }
    c.finish()?;
    let wanted = workspace.or(workspace_id);
    let found = app
        .workspaces()
        .enumerate()
        .find(|(_, (id, _))| wanted.as_deref().is_none_or(|w| w == *id))
        .map(|(i, (id, st))| (Some(i), id.to_string(), st));
    // `workspaceMissing`: a root key for a workspace that does not exist (as upstream's root
    // key of a deleted workspace), kept with the default workspace.
    let (ws, ws_id, state) = match (found, missing_ok, wanted) {
        (Some(f), false, _) => f,
        (None, true, Some(w)) => (None, w, &app.state),
        (Some(_), true, _) => {
            return Err(ApiError::bad_field(
                "body.workspaceMissing",
                "names a workspace that exists",
            ))
        }
        (None, true, None) => {
            return Err(ApiError::bad_field(
                "body.workspace",
                "is required with workspaceMissing",
            ))
        }
        (None, false, _) => {
            return Err(ApiError::not_found(
                "unkey/data/workspace_not_found",
                "No workspace with this id.",
            ))
        }
    };
    let (secret, start) = match key {
        Some(k) => {
            let start: String = k.chars().take(8).collect();
            (k, start)
        }
        None => crate::ids::new_key(Some("unkey"), 16),
    };
    let hash = crate::ids::hash_key(&secret);
    let mut roots = app
        .roots
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if roots.contains(&hash) {
        return Err(ApiError::conflict(
            "unkey/data/key_already_exists",
            "This root key is already accepted.",
        ));
    }
    let created = crate::model::CreatedRootKey {
        id: crate::ids::new_id("key"),
        hash: hash.clone(),
        start,
        name,
        permissions,
        created_at: app.clock.now_ms(),
        enabled: enabled.unwrap_or(true),
        expires,
        missing_workspace: ws.is_none().then(|| ws_id.clone()),
    };
    lock_state(state).persist(crate::state::kind::ROOT_KEY, &created.id, &created)?;
    roots.add_created(hash, to_created(&created, ws));
    let mut out = root_key_json(&created, &ws_id);
    if let Some(map) = out.as_object_mut() {
        map.insert("key".into(), json!(secret));
    }
    Ok(out)
}

fn to_created(k: &crate::model::CreatedRootKey, ws: Option<usize>) -> crate::auth::Created {
    crate::auth::Created {
        id: k.id.clone(),
        ws,
        permissions: k.permissions.clone(),
        enabled: k.enabled,
        expires: k.expires,
    }
}

fn root_key_json(k: &crate::model::CreatedRootKey, ws_id: &str) -> Value {
    let mut out = json!({
        "keyId": k.id,
        "start": k.start,
        "workspace": ws_id,
        "permissions": k.permissions,
        "createdAt": k.created_at,
        "enabled": k.enabled,
    });
    if let Some(map) = out.as_object_mut() {
        if let Some(n) = &k.name {
            map.insert("name".into(), json!(n));
        }
        if let Some(e) = k.expires {
            map.insert("expires".into(), json!(e));
        }
    }
    out
}

/// `/_local/dashboard/root-keys/update`: changes a created root key's permissions, `enabled`
/// or `expires` (null clears it), as the dashboard does.
fn update_root_key(
    app: &crate::server::App,
    mut c: Checker,
    o: &Map<String, Value>,
) -> Result<Value, ApiError> {
    let id = c.string(o, "body", "keyId", true, Str::len(1, 256));
    let permissions = c.strings(o, "body", "permissions", false, 0, 1000, Str::len(1, 512));
    let enabled = c.boolean(o, "body", "enabled");
    let expires = c.nullable_int(o, "body", "expires", 0, i64::MAX / 4);
    c.only(
        o,
        "body",
        &["workspace", "keyId", "permissions", "enabled", "expires"],
    );
    c.finish()?;
    let id = id.unwrap_or_default();
    let mut roots = app
        .roots
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let gone = || {
        ApiError::not_found(
            "unkey/data/key_not_found",
            "No root key created through /_local/dashboard/root-keys has this id.",
        )
    };
    let hash = roots.hash_of_created(&id).ok_or_else(gone)?;
    for (ws, (ws_id, state)) in app.workspaces().enumerate() {
        let st = lock_state(state);
        let Some(mut k) = st
            .created_root_keys()
            .map_err(ApiError::internal)?
            .into_iter()
            .find(|k| k.id == id)
        else {
            continue;
        };
        if let Some(p) = permissions {
            k.permissions = p;
        }
        if let Some(e) = enabled {
            k.enabled = e;
        }
        match expires {
            Tri::Absent => {}
            Tri::Null => k.expires = None,
            Tri::Value(e) => k.expires = Some(e),
        }
        st.persist(crate::state::kind::ROOT_KEY, &k.id, &k)?;
        let index = k.missing_workspace.is_none().then_some(ws);
        roots.add_created(hash, to_created(&k, index));
        let shown = k
            .missing_workspace
            .clone()
            .unwrap_or_else(|| ws_id.to_string());
        return Ok(root_key_json(&k, &shown));
    }
    Err(gone())
}

/// Answers a `/_local/...` request; `Err` is an Unkey-style error.
pub fn handle(
    app: &crate::server::App,
    method: &str,
    path: &str,
    body: &Value,
) -> Result<Value, ApiError> {
    let disabled = |flag: &str| {
        ApiError::not_found(
            "unkey/application/route_not_found",
            format!("{path} is a test control of unkey-local; start the server with {flag} to enable it."),
        )
    };
    let bad_method =
        || ApiError::method_not_allowed(path, "the methods listed in the unkey-local README");
    if path == "/_local/clock" {
        if !app.test_clock {
            return Err(disabled("--test-clock"));
        }
        match method {
            "GET" => {}
            "POST" => {
                let mut c = Checker::new();
                let Some(o) = c.root(body) else {
                    return Err(c.finish().err().unwrap_or_else(|| ApiError::internal("")));
                };
                let advance_ms = c.int(o, "body", "advanceMs", false, 0, i64::MAX / 4);
                let advance = c.int(o, "body", "advance", false, 0, i64::MAX / 4);
                let set = c.int(o, "body", "set", false, 0, i64::MAX / 4);
                let freeze = c.boolean(o, "body", "freeze");
                c.only(o, "body", &["advanceMs", "advance", "set", "freeze"]);
                if o.is_empty() {
                    c.fail(
                        "body",
                        "give at least one of freeze, set, advance, advanceMs",
                    );
                }
                let now = app.clock.now_ms();
                if set.is_some_and(|t| t < now) {
                    c.fail("body.set", "the clock only moves forward");
                }
                let to = set
                    .unwrap_or(now)
                    .saturating_add(advance.unwrap_or(0).saturating_add(advance_ms.unwrap_or(0)));
                if to > crate::clock::LATEST_MS {
                    c.fail(
                        "body",
                        "the clock goes no further than 9999-12-31T23:59:59.999Z (Unix ms 253402300799999)",
                    );
                }
                c.finish()?;
                // Freeze first, so `{"freeze": true, "advance": n}` stops the clock exactly n
                // ms after now.
                if let Some(f) = freeze {
                    app.clock.freeze(f);
                }
                if let Some(t) = set {
                    app.clock.set(t);
                }
                app.clock
                    .advance(advance.unwrap_or(0).saturating_add(advance_ms.unwrap_or(0)));
            }
            _ => return Err(bad_method()),
        }
        return Ok(json!({
            "now": app.clock.now_ms(),
            "offsetMs": app.clock.offset_ms(),
            "frozen": app.clock.is_frozen(),
        }));
    }
    if path == "/_local/dashboard" || path.starts_with("/_local/dashboard/") {
        if !app.dashboard {
            return Err(disabled("--dashboard"));
        }
        if method != "POST" {
            return Err(bad_method());
        }
        return dashboard(app, path, body);
    }
    let Some(ctl) = app.control.as_ref() else {
        if path.starts_with("/_local/faults") || path.starts_with("/_local/requests") {
            return Err(disabled("--faults"));
        }
        return Err(ApiError::route_not_found(path));
    };
    match (method, path) {
        ("GET", "/_local/faults") => Ok(ctl.list()),
        ("POST", "/_local/faults") => ctl.add(body),
        ("DELETE", "/_local/faults") | ("POST", "/_local/faults/reset") => Ok(ctl.clear()),
        ("GET", "/_local/requests") => Ok(ctl.counts()),
        ("DELETE", "/_local/requests") | ("POST", "/_local/requests/reset") => {
            Ok(ctl.reset_counts())
        }
        (
            _,
            "/_local/faults"
            | "/_local/faults/reset"
            | "/_local/requests"
            | "/_local/requests/reset",
        ) => Err(bad_method()),
        _ => Err(ApiError::route_not_found(path)),
    }
}
