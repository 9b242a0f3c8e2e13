//! The workspace API request limit that upstream's authentication middleware applies to every
//! authenticated request (unkeyed/unkey at fc99b6b9,
//! `svc/api/routes/v2_ratelimit_get_override/429_test.go`,
//! `svc/api/internal/middleware/authentication.go`); the limit is a plan setting there, set
//! here with `/_local/dashboard/workspaceLimits`. Named `<route>__<test>`; the code and wording
//! are ours.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::{Resp, Server};
use serde_json::{json, Value};

fn start() -> Server {
    Server::start(&["--dashboard", "--frozen-clock"])
}

fn set_limit(s: &Server, limit: Value) {
    let r = s.request(
        "POST",
        "/_local/dashboard/workspaceLimits",
        &[],
        json!({"apiRequestsPerMinute": limit})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["apiRequestsPerMinute"], limit);
}

fn get_override(s: &Server) -> Resp {
    s.call(
        "ratelimit.getOverride",
        json!({"namespace": "nonexistent", "identifier": "test"}),
    )
}

fn assert_limited(r: &Resp, limit: i64) {
    assert_eq!(r.status, 429, "{}", String::from_utf8_lossy(&r.body));
    let e = &r.json()["error"];
    assert_eq!(e["status"], 429);
    assert_eq!(e["title"], "Too Many Requests");
    assert_eq!(
        e["type"],
        "https://unkey.com/docs/errors/user/too_many_requests/workspace_rate_limited"
    );
    assert_eq!(
        e["detail"],
        format!("This workspace has exceeded its API rate limit of {limit}/1m0s. Please try again later.")
    );
}

/// TestWorkspaceRateLimit_DefaultLimits_Unlimited: no limit configured, no throttling (the
/// request reaches the handler's namespace 404) and no rate-limit headers.
#[test]
fn get_override__workspace_rate_limit_default_limits_unlimited() {
    let s = start();
    for _ in 0..5 {
        let r = get_override(&s);
        assert_eq!(r.status, 404);
        assert_eq!(r.header("ratelimit-limit"), None);
    }
}

/// TestWorkspaceRateLimit_NullFields_Unlimited: a limit set to null is unlimited.
#[test]
fn get_override__workspace_rate_limit_null_fields_unlimited() {
    let s = start();
    set_limit(&s, json!(2));
    set_limit(&s, Value::Null);
    for _ in 0..5 {
        assert_eq!(get_override(&s).status, 404);
    }
}

/// TestWorkspaceRateLimit_ZeroLimit_Returns429: 0 refuses every request.
#[test]
fn get_override__workspace_rate_limit_zero_limit_returns_429() {
    let s = start();
    set_limit(&s, json!(0));
    let r = get_override(&s);
    assert_limited(&r, 0);
    assert_eq!(r.header("ratelimit-limit"), None, "refused before counting");
    // Every authenticated route, verifyKey included.
    assert_limited(&s.call("keys.verifyKey", json!({"key": "sk_anything"})), 0);
}

/// TestWorkspaceRateLimit_EnforcesLimit: two requests a minute pass, the third is a 429 with
/// `Retry-After`; the headers count down. A bad body is a 400 and is not counted (the validator
/// runs before the middleware); after the minute (and the sliding window's weight) it passes
/// again.
#[test]
fn get_override__workspace_rate_limit_enforces_limit() {
    let s = start();
    set_limit(&s, json!(2));
    let bad = s.call("ratelimit.getOverride", json!({"namespace": ""}));
    assert_eq!(bad.status, 400);
    let r1 = get_override(&s);
    assert_eq!(r1.status, 404);
    assert_eq!(r1.header("ratelimit-limit"), Some("2"));
    assert_eq!(r1.header("ratelimit-remaining"), Some("1"));
    assert!(r1.header("ratelimit-reset").is_some());
    let r2 = get_override(&s);
    assert_eq!(r2.status, 404);
    assert_eq!(r2.header("ratelimit-remaining"), Some("0"));
    let r3 = get_override(&s);
    assert_limited(&r3, 2);
    assert!(r3.header("retry-after").is_some());
    // Two windows later nothing weighs any more.
    s.advance(120_000);
    assert_eq!(get_override(&s).status, 404);
}

/// The retention is a workspace's own setting upstream (what 200_test.go's
/// Test200_QueryWithCustomRetention90Days sets up; it and Test200_QueryWithin30DaysRetention
/// are ported in port_analytics.rs), so two workspaces of one server may differ.
#[test]
fn get_verifications__retention_differs_per_workspace() {
    let s = Server::start(&[
        "--dashboard",
        "--analytics",
        "--workspace",
        "ws_b",
        "--root-key",
        "rk_b",
    ]);
    let r = s.request(
        "POST",
        "/_local/dashboard/workspaceLimits",
        &[],
        json!({"workspace": "ws_b", "analyticsRetentionDays": 90})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(r.json()["analyticsRetentionDays"], 90);
    assert_eq!(r.json()["apiRequestsPerMinute"], Value::Null);
    let q = json!({"query": "SELECT count() AS n FROM key_verifications_v1 WHERE time >= now() - INTERVAL 60 DAY"});
    let b = s.post_as("/v2/analytics.getVerifications", Some("rk_b"), &q);
    assert_eq!(b.status, 200, "{}", String::from_utf8_lossy(&b.body));
    let a = s.call("analytics.getVerifications", q.clone());
    assert_eq!(a.status, 400);
    assert!(a.json()["error"]["detail"]
        .as_str()
        .unwrap()
        .starts_with("Cannot query data older than 30 days."));
    // null goes back to --analytics-retention-days.
    let r = s.request(
        "POST",
        "/_local/dashboard/workspaceLimits",
        &[],
        json!({"workspace": "ws_b", "analyticsRetentionDays": null})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(r.json()["analyticsRetentionDays"], 30);
    assert_eq!(
        s.post_as("/v2/analytics.getVerifications", Some("rk_b"), &q)
            .status,
        400
    );
}

fn settings(s: &Server, body: Value) -> Value {
    let r = s.request(
        "POST",
        "/_local/dashboard/workspaceLimits",
        &[],
        body.to_string().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json()
}

/// v2_analytics_get_verifications/429_test.go Test429_QueryQuotaExceeded: a quota of one query
/// per window; the second query is a 429 `query_quota_exceeded`; the next window allows one
/// again. A query the parser refuses is not counted.
#[test]
fn get_verifications__query_quota_exceeded() {
    let s = Server::start(&["--dashboard", "--analytics", "--frozen-clock"]);
    let d = settings(&s, json!({"analyticsMaxQueriesPerWindow": 1}));
    assert_eq!(d["analyticsMaxQueriesPerWindow"], 1);
    assert_eq!(d["analyticsQuotaWindowSeconds"], 3600);
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    for _ in 0..5 {
        s.verify(json!({"key": k}));
    }
    let q = json!({"query": "SELECT COUNT(*) as count FROM key_verifications_v1"});
    let bad = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT nope("}),
    );
    assert_eq!(bad.status, 400);
    assert_eq!(
        s.ok("analytics.getVerifications", q.clone()),
        json!([{"count": 5}])
    );
    let r = s.call("analytics.getVerifications", q.clone());
    assert_eq!(r.status, 429, "{}", String::from_utf8_lossy(&r.body));
    let e = &r.json()["error"];
    assert_eq!(
        e["type"],
        "https://unkey.com/docs/errors/user/too_many_requests/query_quota_exceeded"
    );
    assert_eq!(
        e["detail"],
        "Query quota exceeded for the current time window. Please try again later."
    );
    s.advance(3_600_000);
    assert_eq!(s.call("analytics.getVerifications", q).status, 200);
}

/// The workspace's `max_query_result_rows` (upstream's SetupAnalytics WithMaxQueryResultRows)
/// is both the cap upstream's parser lowers every `SELECT`'s `LIMIT` to (query-parser/limits.go,
/// given it by internal/services/analytics/executor.go) and the settings profile's
/// `max_result_rows` with `result_overflow_mode = 'throw'` (pkg/clickhouse/user.go): a single
/// `SELECT` answers at most that many rows, and only an answer the cap cannot shorten (a
/// `UNION ALL` of capped `SELECT`s) is the 422 `query_rows_limit_exceeded`.
#[test]
fn get_verifications__max_result_rows() {
    let s = Server::start(&["--dashboard", "--analytics"]);
    let answer = settings(&s, json!({"analyticsMaxResultRows": 2}));
    assert_eq!(answer["analyticsMaxResultRows"], 2);
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    for _ in 0..3 {
        s.verify(json!({"key": k}));
    }
    let q = |query: &str| s.call("analytics.getVerifications", json!({"query": query}));
    let rows = |query: &str| {
        let r = q(query);
        assert_eq!(
            r.status,
            200,
            "{query}: {}",
            String::from_utf8_lossy(&r.body)
        );
        r.json()["data"].as_array().map(Vec::len)
    };
    assert_eq!(
        rows("SELECT key_id FROM key_verifications_v1 LIMIT 1"),
        Some(1)
    );
    // No `LIMIT`, one above the cap, or one that is no literal: each is the cap.
    assert_eq!(rows("SELECT key_id FROM key_verifications_v1"), Some(2));
    assert_eq!(
        rows("SELECT key_id FROM key_verifications_v1 LIMIT 3"),
        Some(2)
    );
    assert_eq!(
        rows("SELECT key_id FROM key_verifications_v1 LIMIT 1 + 2"),
        Some(2)
    );
    // A subquery's `SELECT` is capped too.
    let r = q("SELECT count() AS n FROM (SELECT key_id FROM key_verifications_v1)");
    assert_eq!(r.json()["data"], json!([{"n": 2}]));
    let r = q(
        "SELECT key_id FROM key_verifications_v1 UNION ALL SELECT key_id FROM key_verifications_v1",
    );
    assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));
    let e = &r.json()["error"];
    assert_eq!(e["title"], "Unprocessable Entity");
    assert_eq!(
        e["type"],
        "https://unkey.com/docs/errors/user/unprocessable_entity/query_rows_limit_exceeded"
    );
    assert_eq!(e["detail"], "Query result exceeds the maximum row count.");
    // Cleared, the setting is upstream's default again.
    assert_eq!(
        settings(&s, json!({"analyticsMaxResultRows": null}))["analyticsMaxResultRows"],
        10_000
    );
    assert_eq!(rows("SELECT key_id FROM key_verifications_v1"), Some(3));
}

/// Upstream's executor gives ClickHouse 10 s (`context.WithTimeout(ctx,
/// AnalyticsQueryTimeout)`, internal/services/analytics/executor.go), and WrapClickHouseError
/// answers a `DeadlineExceeded` before anything else (pkg/clickhouse/errors.go): a 422
/// `query_execution_timeout`. Here the same deadline (shortened through the control API, so
/// the test need not wait 10 s) interrupts the query, and the workspace answers at once after.
#[test]
fn get_verifications__execution_deadline() {
    let s = Server::start(&["--dashboard", "--analytics"]);
    assert_eq!(
        settings(&s, json!({"analyticsQueryTimeoutMs": null}))["analyticsQueryTimeoutMs"],
        10_000,
        "upstream's default"
    );
    assert_eq!(
        settings(&s, json!({"analyticsQueryTimeoutMs": 50}))["analyticsQueryTimeoutMs"],
        50
    );
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    for _ in 0..20 {
        s.verify(json!({"key": k}));
    }
    // 20^6 = 64 million joined rows: seconds of SQLite, far past 50 ms.
    let heavy =
        "SELECT count() AS n FROM key_verifications_v1 a CROSS JOIN key_verifications_v1 b \
                 CROSS JOIN key_verifications_v1 c CROSS JOIN key_verifications_v1 d \
                 CROSS JOIN key_verifications_v1 e CROSS JOIN key_verifications_v1 f";
    let started = std::time::Instant::now();
    let r = s.call("analytics.getVerifications", json!({"query": heavy}));
    assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));
    let e = &r.json()["error"];
    assert_eq!(
        e["type"],
        "https://unkey.com/docs/errors/user/unprocessable_entity/query_execution_timeout"
    );
    assert_eq!(e["detail"], "Query execution was canceled or timed out.");
    // (Not a timing assertion: a query left to run would take far longer than a minute here.)
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    // The connection is usable again, and the workspace's keys verify.
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT count() AS n FROM key_verifications_v1"}),
    );
    assert_eq!(r.json()["data"], json!([{"n": 20}]));
    assert_eq!(s.verify(json!({"key": k}))["valid"], true);
    // Cleared, the deadline is upstream's 10 s again, which a light query does not reach.
    assert_eq!(
        settings(&s, json!({"analyticsQueryTimeoutMs": null}))["analyticsQueryTimeoutMs"],
        10_000
    );
}

/// An analytics query is translated without holding its workspace (the translation reads no
/// state): a verification sent while a slow translation runs is answered before it ends.
#[test]
fn get_verifications__translation_holds_no_workspace() {
    let s = Server::start(&["--analytics"]);
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    s.verify(json!({"key": k}));
    // Seven columns of 40 nested `coalesce`s, within upstream's 2,000 nodes and ClickHouse's
    // AST depth: slow to translate here (about a second in a debug build), quick to run.
    let nested = |i: usize| {
        format!(
            "{}spent_credits{} AS c{i}",
            "coalesce(".repeat(40),
            ", NULL)".repeat(40)
        )
    };
    let columns: Vec<String> = (0..7).map(nested).collect();
    let slow = format!("SELECT {} FROM key_verifications_v1", columns.join(", "));
    let order = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let r = s.call("analytics.getVerifications", json!({"query": slow}));
            assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            order.lock().unwrap().push("analytics");
        });
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert_eq!(s.verify(json!({"key": k}))["valid"], true);
        order.lock().unwrap().push("verify");
    });
    assert_eq!(*order.lock().unwrap(), ["verify", "analytics"]);
}

/// The workspace controls refuse bad bodies, unknown workspaces and a missing `--dashboard`.
#[test]
fn dashboard__workspace_controls_refuse_bad_input() {
    let s = Server::start(&["--dashboard"]);
    let post = |path: &str, body: Value| {
        s.request(
            "POST",
            &format!("/_local/dashboard/{path}"),
            &[],
            body.to_string().as_bytes(),
        )
        .status
    };
    for (path, body) in [
        ("workspaceLimits", json!({})),
        ("workspaceLimits", json!({"apiRequestsPerMinute": -1})),
        ("workspaceLimits", json!({"analyticsMaxResultRows": 0})),
        ("workspaceLimits", json!({"analyticsRetentionDays": 0})),
        (
            "workspaceLimits",
            json!({"analyticsQuotaWindowSeconds": "1h"}),
        ),
        ("workspaceLimits", json!({"nope": 1})),
        ("workspace", json!({})),
        ("workspace", json!({"enabled": "no"})),
        ("rootWorkspace", json!({"enabled": 1})),
        (
            "root-keys/update",
            json!({"keyId": "key_x", "expires": "soon"}),
        ),
    ] {
        assert_eq!(post(path, body.clone()), 400, "{path} {body}");
    }
    assert_eq!(
        post(
            "workspaceLimits",
            json!({"workspace": "ws_nope", "apiRequestsPerMinute": 1})
        ),
        404
    );
    assert_eq!(post("root-keys/update", json!({"keyId": "key_nope"})), 404);
    let off = Server::start(&[]);
    let r = off.request("POST", "/_local/dashboard/workspaceLimits", &[], b"{}");
    assert_eq!(r.status, 404);
}
