//! `analytics.getVerifications` and `getRatelimits`: the body is validated, the root key authenticated and checked
//! for `read_analytics`; then, with `--analytics`, the query runs over the recorded
//! verifications (see `crate::analytics`), and without it the answer is a real server's without
//! ClickHouse (412 `unkey/data/analytics_not_configured`).

use super::{keyspace_of, object_body, present, Cx, OpResult, Reply};
use crate::analytics::{Dataset, Translation};
use crate::auth::{Need, Scope};
use crate::error::ApiError;
use crate::validate::{Checker, ANY};
use serde_json::Value;

/// Whether the root key may read analytics: `api.*.read_analytics`, or `read_analytics` on at
/// least one API (upstream then limits the query to those APIs' keyspaces).
fn may_read_analytics(scope: &Scope) -> bool {
    match scope {
        Scope::All => true,
        Scope::Only(grants) => grants.iter().any(|g| {
            let mut parts = g.split('.');
            matches!(
                (parts.next(), parts.next(), parts.next(), parts.next()),
                (Some("api"), Some(_), Some("read_analytics"), None)
            )
        }),
    }
}

/// The keyspaces a root key with `read_analytics` on some APIs only may read; `None` for
/// `api.*.read_analytics` (or an unscoped root key). Only a live API of the workspace has one,
/// as upstream's handler finds them (FindKeyAuthsByIds skips a deleted API or keyspace, and
/// with none left its filter is the constant `0`): a deleted API's rows are then no longer
/// read through its grant. (Upstream caches the API's keyspace for up to 10 minutes, and
/// `apis.deleteApi` does not clear that cache, so there its rows may stay readable that
/// long; here they are not.)
fn allowed_keyspaces(scope: &Scope, st: &crate::state::State) -> Option<Vec<String>> {
    match scope {
        Scope::All => None,
        Scope::Only(grants) if grants.iter().any(|g| g == "api.*.read_analytics") => None,
        Scope::Only(grants) => Some(
            grants
                .iter()
                .filter_map(|g| {
                    let mut parts = g.split('.');
                    match (parts.next(), parts.next(), parts.next(), parts.next()) {
                        (Some("api"), Some(api), Some("read_analytics"), None) => {
                            st.live_api(api).map(|_| keyspace_of(api))
                        }
                        _ => None,
                    }
                })
                .collect(),
        ),
    }
}

/// The namespaces a root key may read rate-limit analytics of, as upstream's handler finds
/// them: `None` for every namespace (`ratelimit.*.read_analytics`, compared as an exact string,
/// or an unscoped root key); else the ids of its `ratelimit.<id>.read_analytics` grants
/// (possibly none).
fn allowed_namespaces(scope: &Scope) -> Option<Vec<String>> {
    match scope {
        Scope::All => None,
        Scope::Only(grants) if grants.iter().any(|g| g == "ratelimit.*.read_analytics") => None,
        Scope::Only(grants) => Some(
            grants
                .iter()
                .filter_map(|g| {
                    let parts: Vec<&str> = g.split('.').collect();
                    match parts.as_slice() {
                        ["ratelimit", id, "read_analytics"] => Some((*id).to_string()),
                        _ => None,
                    }
                })
                .collect(),
        ),
    }
}

/// `analytics.getRatelimits`: the body, then `ratelimit.*.read_analytics` or `read_analytics`
/// on some namespaces (the rows are then limited to them; neither → 403 `Missing permission:
/// 'ratelimit.*.read_analytics'`), then, with `--analytics`, the query over the recorded
/// decisions of `ratelimit.limit` and `multiLimit` (tables `ratelimits_v1` and the
/// `ratelimits_per_minute/hour/day/month_v1` rollups); without it the 412.
pub fn get_ratelimits(st: &mut crate::state::State, cx: &Cx, body: &Value) -> OpResult {
    let plan = plan(st, cx, body, Dataset::Ratelimits)?;
    let translation = plan.translate(cx);
    run(st, cx, plan, translation)
}

/// A query admitted by [`plan`]: what its translation and run need.
#[derive(Debug)]
pub struct Plan {
    dataset: Dataset,
    query: String,
    /// The keyspaces or namespaces the root key may read (`None`: all).
    allowed: Option<Vec<String>>,
    retention_days: i64,
    rows_max: i64,
    /// The workspace's deadline for the query, ms (its translation's time included).
    timeout_ms: i64,
}

/// The dataset an analytics route queries (`None` for other routes).
pub fn dataset(path: &str) -> Option<Dataset> {
    match path {
        "/v2/analytics.getVerifications" => Some(Dataset::Verifications),
        "/v2/analytics.getRatelimits" => Some(Dataset::Ratelimits),
        _ => None,
    }
}

/// `analytics.getVerifications` or `getRatelimits` up to the query: the body, the root key's
/// permission (see each route) and the analytics connection, in upstream's order. The query
/// is then translated ([`Plan::translate`], without the workspace's lock) and run ([`run`]).
pub fn plan(
    st: &crate::state::State,
    cx: &Cx,
    body: &Value,
    dataset: Dataset,
) -> Result<Plan, ApiError> {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let query = c.string(o, "body", "query", true, ANY);
    c.finish()?;
    let allowed = match dataset {
        Dataset::Verifications => {
            if !may_read_analytics(cx.scope) {
                cx.authorize(&Need::t("api.*.read_analytics"))?;
            }
            allowed_keyspaces(cx.scope, st)
        }
        Dataset::Ratelimits => {
            let allowed = allowed_namespaces(cx.scope);
            if allowed.as_ref().is_some_and(Vec::is_empty) {
                cx.authorize(&Need::t("ratelimit.*.read_analytics"))?;
            }
            allowed
        }
    };
    // Upstream asks for the workspace's analytics connection before it parses the query.
    let Some(analytics) = st.analytics.as_ref() else {
        return Err(ApiError::analytics_not_configured());
    };
    Ok(Plan {
        dataset,
        query: present(query)?,
        allowed,
        retention_days: st.retention_days,
        rows_max: analytics.limits.max_result_rows,
        timeout_ms: analytics.limits.query_timeout_ms,
    })
}

impl Plan {
    /// The query translated for the workspace's settings at [`plan`] (it reads no state).
    pub fn translate(&self, cx: &Cx) -> Translation {
        Translation::new(
            self.dataset,
            &self.query,
            cx.now,
            self.retention_days,
            self.rows_max,
            self.timeout_ms,
        )
    }
}

/// Runs a planned and translated query over the workspace's events: its rows, or the error
/// upstream answers.
pub fn run(
    st: &mut crate::state::State,
    cx: &Cx,
    plan: Plan,
    translation: Translation,
) -> OpResult {
    let Some(analytics) = st.analytics.as_mut() else {
        return Err(ApiError::analytics_not_configured());
    };
    let rows = analytics.run(translation, cx.ws, plan.allowed.as_deref())?;
    within_response_limit(cx, rows)
}

/// `analytics.getGatewayRequests` and `getRuntimeLogs`: an object body and an authenticated
/// root key, then the missing analytics connection (412), as a real server without ClickHouse
/// answers (their own permissions are not checked: the apps they read do not exist here).
pub fn not_configured(_st: &mut crate::state::State, _cx: &Cx, body: &Value) -> OpResult {
    object_body(body)?;
    Err(ApiError::analytics_not_configured())
}

/// Upstream's cap on an analytics answer: 4 MiB of JSON (its `AnalyticsResultBytesMax`).
const RESPONSE_BYTES_MAX: usize = 4 << 20;

/// The rows as the answer, or upstream's 422 when the answer would pass 4 MiB.
fn within_response_limit(cx: &Cx, rows: Vec<Value>) -> OpResult {
    let data = Value::Array(rows);
    // (Measured as the answer is written, Go's `json.Marshal` text.)
    let size = crate::validate::go_marshal(&serde_json::json!({
        "meta": {"requestId": cx.request_id},
        "data": &data,
    }))
    .len();
    if size > RESPONSE_BYTES_MAX {
        return Err(ApiError::unprocessable(
            "user/unprocessable_entity/query_memory_limit_exceeded",
            "Query result exceeds the maximum response size.",
        ));
    }
    Ok(Reply::Data(data))
}

/// `analytics.getVerifications`.
pub fn get_verifications(st: &mut crate::state::State, cx: &Cx, body: &Value) -> OpResult {
    let plan = plan(st, cx, body, Dataset::Verifications)?;
    let translation = plan.translate(cx);
    run(st, cx, plan, translation)
}
