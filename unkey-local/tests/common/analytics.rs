//! Helpers of the analytics tests: a query sent to `analytics.getVerifications` and its
//! answer (rows, or a 400 told apart as ClickHouse's error or a form not run here).

use super::Server;
use serde_json::{json, Value};

/// The rows `analytics.getVerifications` answers `query` with (a 200).
pub fn run(s: &Server, query: &str) -> Value {
    s.ok("analytics.getVerifications", json!({"query": query}))
}

/// The 400 `analytics.getVerifications` answers `query` with: its error type without the
/// URL's prefix, and its detail.
pub fn refused(s: &Server, query: &str) -> (String, String) {
    let r = s.call("analytics.getVerifications", json!({"query": query}));
    assert_eq!(
        r.status,
        400,
        "{query}: {}",
        String::from_utf8_lossy(&r.body)
    );
    let e = r.json()["error"].clone();
    (
        e["type"]
            .as_str()
            .unwrap_or_default()
            .trim_start_matches("https://unkey.com/docs/errors/user/bad_request/")
            .to_string(),
        e["detail"].as_str().unwrap_or_default().to_string(),
    )
}

/// Asserts that `query` is answered as upstream words a ClickHouse error: 400
/// `invalid_analytics_query` "Invalid analytics query".
pub fn assert_invalid(s: &Server, query: &str) {
    assert_eq!(
        refused(s, query),
        (
            "invalid_analytics_query".to_string(),
            "Invalid analytics query".to_string()
        ),
        "{query}"
    );
}

/// Asserts that `query` is refused as a form unkey-local does not run; returns the detail.
pub fn assert_not_run(s: &Server, query: &str) -> String {
    let (ty, detail) = refused(s, query);
    assert_eq!(ty, "invalid_analytics_query", "{query}");
    assert!(
        detail.starts_with("unkey-local does not run"),
        "{query}: {detail}"
    );
    detail
}

/// A server with `--analytics` and four verifications recorded: key A of one API three times
/// (spending 1, 4 and 10 credits; tags `t1`, `t1 t2` and none), key B of another API once
/// (tag `t2`).
pub struct Recorded {
    /// The server.
    pub server: Server,
    /// Key A's and key B's ids.
    pub key_ids: (String, String),
    /// Key A's and key B's key spaces (`ks_…`).
    pub keyspaces: (String, String),
}

/// Starts the server of [`Recorded`] and records its verifications.
pub fn recorded() -> Recorded {
    let s = Server::start(&["--analytics"]);
    let api_a = s.create_api();
    let api_b = s.create_api();
    let (a_id, a) = s.create_key(json!({"apiId": api_a, "credits": {"remaining": 100}}));
    let (b_id, b) = s.create_key(json!({"apiId": api_b}));
    s.verify(json!({"key": a, "tags": ["t1"], "credits": {"cost": 1}}));
    s.verify(json!({"key": a, "tags": ["t1", "t2"], "credits": {"cost": 4}}));
    s.verify(json!({"key": a, "credits": {"cost": 10}}));
    s.verify(json!({"key": b, "tags": ["t2"]}));
    let ks = |api: &str| format!("ks_{}", api.trim_start_matches("api_"));
    Recorded {
        keyspaces: (ks(&api_a), ks(&api_b)),
        key_ids: (a_id, b_id),
        server: s,
    }
}
