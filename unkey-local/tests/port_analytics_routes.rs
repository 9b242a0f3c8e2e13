//! analytics.getVerifications subtests ported one by one in the audit of the real server's
//! route tests (unkeyed/unkey at fc99b6b9, `svc/api/routes/v2_analytics_get_verifications`),
//! named `<route>__<subtest>`; the code and wording are ours.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::Server;
use serde_json::{json, Value};

/// A server recording analytics, with the dashboard and a second workspace `ws_other` whose
/// root key is `other`.
fn start() -> Server {
    Server::start(&[
        "--analytics",
        "--dashboard",
        "--workspace",
        "ws_other",
        "--root-key",
        "other",
    ])
}

/// Sends `query` with `root`.
fn query(s: &Server, root: &str, query: &str) -> common::Resp {
    s.post_as(
        "/v2/analytics.getVerifications",
        Some(root),
        &json!({"query": query}),
    )
}

/// Verifies a new key of a new API `times` times, all with `root`.
fn verifications(s: &Server, root: &str, times: usize) {
    let api = s
        .post_as(
            "/v2/apis.createApi",
            Some(root),
            &json!({"name": "analytics-api"}),
        )
        .data()["apiId"]
        .clone();
    let key = s
        .post_as("/v2/keys.createKey", Some(root), &json!({"apiId": api}))
        .data()["key"]
        .clone();
    for _ in 0..times {
        let r = s.post_as("/v2/keys.verifyKey", Some(root), &json!({"key": key}));
        assert_eq!(r.data()["valid"], true);
    }
}

/// Asserts a 400 `invalid_analytics_table` naming the table.
fn assert_table_refused(r: &common::Resp, table: &str) {
    r.assert_error(
        400,
        "user/bad_request/invalid_analytics_table",
        &format!("Access to table '{table}' is not allowed"),
    );
}

/// 200_test.go, Test200_RLSWorkspaceIsolation: a workspace's root key counts only its own
/// workspace's verifications.
#[test]
fn get_verifications__rls_workspace_isolation() {
    let s = start();
    verifications(&s, common::ROOT, 5);
    verifications(&s, "other", 10);
    let rk = s.root_key(&["api.*.read_analytics"]);
    let r = query(
        &s,
        &rk,
        "SELECT COUNT(*) as count FROM key_verifications_v1 WHERE time >= now() - INTERVAL 1 DAY",
    );
    assert_eq!(r.data(), json!([{"count": 5}]));
}

/// 400_test.go, Test400_QueryLengthIsBoundedBeforeParsing: a query over the parser's byte
/// limit is refused before it is parsed.
#[test]
fn get_verifications__query_length_is_bounded_before_parsing() {
    let s = start();
    let rk = s.root_key(&["api.*.read_analytics"]);
    let long = format!("SELECT {}1", "1 + ".repeat(16 << 10));
    query(&s, &rk, &long).assert_error(
        400,
        "user/bad_request/invalid_analytics_query",
        "Analytics query exceeds the maximum length",
    );
}

/// 400_test.go, Test400_PhysicalVerificationTables, "direct": a physical table by its name.
#[test]
fn get_verifications__physical_verification_tables_direct() {
    let s = start();
    let rk = s.root_key(&["api.*.read_analytics"]);
    assert_table_refused(
        &query(&s, &rk, "SELECT * FROM default.key_verifications_raw_v2"),
        "default.key_verifications_raw_v2",
    );
}

/// 400_test.go, Test400_PhysicalVerificationTables, "nested": the same inside a subquery.
#[test]
fn get_verifications__physical_verification_tables_nested() {
    let s = start();
    let rk = s.root_key(&["api.*.read_analytics"]);
    assert_table_refused(
        &query(
            &s,
            &rk,
            "SELECT * FROM (SELECT * FROM default.key_verifications_raw_v2)",
        ),
        "default.key_verifications_raw_v2",
    );
}

/// parser_config_test.go, TestVerificationParserConfigRequiresPublicAliases: each public
/// alias is a table a query may read. (Upstream's test runs only its parser; through the
/// route, a rollup's `*` answers its latency states, which upstream's Go driver cannot read:
/// its "Invalid analytics query", not the table's refusal. Its rows read through a subquery.)
fn public_alias_is_readable(alias: &str) {
    let s = start();
    verifications(&s, common::ROOT, 1);
    let r = query(&s, common::ROOT, &format!("SELECT * FROM {alias}"));
    if alias.contains("_per_") {
        assert_eq!(r.status, 400, "{alias}");
        assert_eq!(
            r.json()["error"]["detail"],
            "Invalid analytics query",
            "{alias}"
        );
        let r = query(
            &s,
            common::ROOT,
            &format!("SELECT key_id FROM (SELECT * FROM {alias})"),
        );
        let rows: Value = r.data();
        assert_eq!(rows.as_array().unwrap().len(), 1, "{alias}: {rows}");
        return;
    }
    let rows: Value = r.data();
    assert_eq!(rows.as_array().unwrap().len(), 1, "{alias}: {rows}");
}

/// One test per public alias of TestVerificationParserConfigRequiresPublicAliases.
macro_rules! public_aliases {
    ($($test:ident: $alias:literal;)*) => {
        $(
            #[doc = concat!("v2_analytics_get_verifications/parser_config_test.go, TestVerificationParserConfigRequiresPublicAliases, \"", $alias, "\".")]
            #[test]
            fn $test() {
                public_alias_is_readable($alias);
            }
        )*
    };
}

public_aliases! {
    verification_parser_config__key_verifications_v1: "key_verifications_v1";
    verification_parser_config__key_verifications_per_minute_v1: "key_verifications_per_minute_v1";
    verification_parser_config__key_verifications_per_hour_v1: "key_verifications_per_hour_v1";
    verification_parser_config__key_verifications_per_day_v1: "key_verifications_per_day_v1";
    verification_parser_config__key_verifications_per_month_v1: "key_verifications_per_month_v1";
}

/// v2_analytics_get_verifications/parser_config_test.go, "unversioned table name".
#[test]
fn verification_parser_config__unversioned_table_name() {
    let s = start();
    assert_table_refused(
        &query(&s, common::ROOT, "SELECT * FROM key_verifications"),
        "key_verifications",
    );
}

/// v2_analytics_get_verifications/parser_config_test.go, "direct physical source".
#[test]
fn verification_parser_config__direct_physical_source() {
    let s = start();
    assert_table_refused(
        &query(
            &s,
            common::ROOT,
            "SELECT * FROM default.key_verifications_raw_v2",
        ),
        "default.key_verifications_raw_v2",
    );
}

/// v2_analytics_get_verifications/parser_config_test.go, "physical source in CTE".
#[test]
fn verification_parser_config__physical_source_in_cte() {
    let s = start();
    assert_table_refused(
        &query(
            &s,
            common::ROOT,
            "WITH hidden AS (SELECT * FROM default.key_verifications_raw_v2) SELECT * FROM hidden",
        ),
        "default.key_verifications_raw_v2",
    );
}
