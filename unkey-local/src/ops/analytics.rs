//! `analytics.getVerifications`, answered as a real server without ClickHouse answers it: the
//! body is validated, the root key authenticated and checked for `read_analytics`, and then the
//! analytics connection is missing (412 `unkey/data/analytics_not_configured`).

use super::{object_body, Cx, OpResult};
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

/// `analytics.getVerifications`.
pub fn get_verifications(_st: &mut crate::state::State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    c.string(o, "body", "query", true, ANY);
    c.finish()?;
    if !may_read_analytics(cx.scope) {
        cx.authorize(&Need::t("api.*.read_analytics"))?;
    }
    // Upstream asks for the workspace's analytics connection before it parses the query.
    Err(ApiError::analytics_not_configured())
}
