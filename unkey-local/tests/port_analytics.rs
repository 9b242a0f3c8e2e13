//! analytics.getVerifications, as the real server answers it without ClickHouse (unkeyed/unkey
//! at fc99b6b9, `svc/api/routes/v2_analytics_get_verifications/*_test.go`,
//! internal/services/analytics). The code and wording are ours.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::Server;
use serde_json::json;

const Q: &str = "SELECT COUNT(*) FROM key_verifications_v1";

/// 412_test.go, Test412_AnalyticsNotConfigured: analytics not configured is a 412, after the
/// permission check (upstream's key holds `api.*.read_analytics`; one scoped to an API and
/// the unscoped test key are asked too).
#[test]
fn get_verifications__analytics_not_configured() {
    let s = Server::start(&[
        "--root-key",
        "rk_one=api.api_x.read_analytics",
        "--root-key",
        "rk_all=api.*.read_analytics",
    ]);
    for root in [common::ROOT, "rk_one", "rk_all"] {
        let r = s.post_as(
            "/v2/analytics.getVerifications",
            Some(root),
            &json!({"query": Q}),
        );
        assert_eq!(r.status, 412, "{root}");
        let e = &r.json()["error"];
        assert_eq!(
            e["type"],
            "https://unkey.com/docs/errors/unkey/data/analytics_not_configured"
        );
        assert_eq!(
            e["detail"],
            "Analytics are not configured for this instance"
        );
        assert_eq!(e["title"], "Precondition Failed");
    }
}

/// 403_test.go, Test403_NoAnalyticsPermission: a root key holding `api.*.read_api` but no
/// `read_analytics`.
#[test]
fn get_verifications__insufficient_permissions() {
    let s = Server::start(&["--root-key", "rk=api.*.read_api"]);
    let r = s.post_as(
        "/v2/analytics.getVerifications",
        Some("rk"),
        &json!({"query": Q}),
    );
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json()["error"]["detail"],
        "Missing permission: 'api.*.read_analytics'"
    );
}

/// The body is validated first and the root key after it, as on every route.
#[test]
fn get_verifications__validation_and_authentication() {
    let s = Server::start(&[]);
    let r = s.call("analytics.getVerifications", json!({}));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"]["detail"],
        "POST request body for '/v2/analytics.getVerifications' failed to validate schema"
    );
    let r = s.post_as(
        "/v2/analytics.getVerifications",
        Some("unknown_root"),
        &json!({"query": Q}),
    );
    assert_eq!(r.status, 401);
}

/// With `--analytics`, verifications are recorded and queried: a count, a count per keyspace
/// and outcome with a time filter (the shapes of 200_test.go's queries), and the tags.
#[test]
fn get_verifications__answers_from_recorded_verifications() {
    let s = Server::start(&["--analytics"]);
    let api1 = s.create_api();
    let api2 = s.create_api();
    let (_, k1) = s.create_key(json!({"apiId": api1}));
    let (_, k2) = s.create_key(json!({"apiId": api2, "enabled": false}));
    for _ in 0..3 {
        s.verify(json!({"key": k1, "tags": ["path=/x"]}));
    }
    s.verify(json!({"key": k2}));
    s.verify(json!({"key": "not_a_key"}));
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    assert_eq!(
        q("SELECT COUNT(*) as count FROM key_verifications_v1"),
        json!([{"count": 4}])
    );
    let ks1 = format!("ks_{}", api1.strip_prefix("api_").unwrap());
    let rows = q("SELECT key_space_id, outcome, COUNT(*) AS count FROM key_verifications_v1 WHERE time >= now() - INTERVAL 7 DAY GROUP BY key_space_id, outcome ORDER BY count DESC");
    assert_eq!(
        rows[0],
        json!({"key_space_id": ks1, "outcome": "VALID", "count": 3})
    );
    assert_eq!(rows[1]["outcome"], "DISABLED");
    let rows = q("SELECT tags FROM key_verifications_v1 WHERE outcome = 'VALID' LIMIT 1");
    assert_eq!(rows, json!([{"tags": ["path=/x"]}]));
}

/// 200_test.go: a root key with `read_analytics` on one API sees only that API's rows (the
/// grant names the API id, so the root key is made once the API exists).
#[test]
fn get_verifications__per_api_read_analytics() {
    let s = Server::start(&["--analytics", "--dashboard"]);
    let api1 = s.create_api();
    let api2 = s.create_api();
    let (_, k1) = s.create_key(json!({"apiId": api1}));
    let (_, k2) = s.create_key(json!({"apiId": api2}));
    s.verify(json!({"key": k1}));
    s.verify(json!({"key": k2}));
    s.verify(json!({"key": k2}));
    let body = json!({"query": "SELECT COUNT(*) AS count FROM key_verifications_v1"});
    assert_eq!(
        s.ok("analytics.getVerifications", body.clone()),
        json!([{"count": 3}])
    );
    let rk_one = s.root_key(&[&format!("api.{api1}.read_analytics")]);
    let r = s.post_as("/v2/analytics.getVerifications", Some(&rk_one), &body);
    assert_eq!(r.data(), json!([{"count": 1}]));
}

/// A grant on a deleted API reads none of its rows: upstream's handler turns the granted API
/// ids into keyspaces with FindKeyAuthsByIds (pkg/db/queries/api_find_key_auth_by_ids.sql:
/// `a.deleted_at_m IS NULL AND ka.deleted_at_m IS NULL`), and with none left its query filter
/// is the constant `0` (pkg/clickhouse/query-parser/filter.go). (Its cache of that lookup may
/// keep them readable for some minutes after the delete; this server has no such cache.)
#[test]
fn get_verifications__deleted_api_grant_reads_nothing() {
    let s = Server::start(&["--analytics", "--dashboard"]);
    let api_a = s.create_api();
    let api_b = s.create_api();
    let (_, ka) = s.create_key(json!({"apiId": api_a}));
    let (_, kb) = s.create_key(json!({"apiId": api_b}));
    s.verify(json!({"key": ka}));
    for _ in 0..3 {
        s.verify(json!({"key": kb}));
    }
    let only_b = s.root_key(&[&format!("api.{api_b}.read_analytics")]);
    let both = s.root_key(&[
        &format!("api.{api_a}.read_analytics"),
        &format!("api.{api_b}.read_analytics"),
    ]);
    let q = |root: &str, query: &str| {
        s.post_as(
            "/v2/analytics.getVerifications",
            Some(root),
            &json!({"query": query}),
        )
        .data()
    };
    let raw = "SELECT count() AS n FROM key_verifications_v1";
    let day = "SELECT sum(count) AS n FROM key_verifications_per_day_v1";
    assert_eq!(q(&only_b, raw), json!([{"n": 3}]));
    assert_eq!(q(&both, day), json!([{"n": 4}]));
    s.ok("apis.deleteApi", json!({"apiId": api_b}));
    assert_eq!(q(&only_b, raw), json!([{"n": 0}]));
    assert_eq!(q(&only_b, day), json!([{"n": 0}]));
    assert_eq!(q(&both, raw), json!([{"n": 1}]));
    assert_eq!(q(&both, day), json!([{"n": 1}]));
}

/// A rollup table answers what has been recorded when it is read: a verification recorded
/// after a query of it counts in the next one, and a root key scoped to one API reads only
/// that API's rows of it, before and after an unscoped query read all of them (a rollup
/// built for one is not read by the other).
#[test]
fn get_verifications__rollups_follow_the_recorded_events() {
    let s = Server::start(&["--analytics", "--dashboard"]);
    let api1 = s.create_api();
    let api2 = s.create_api();
    let (_, k1) = s.create_key(json!({"apiId": api1}));
    let (_, k2) = s.create_key(json!({"apiId": api2}));
    s.verify(json!({"key": k1}));
    s.verify(json!({"key": k2}));
    let rk_one = s.root_key(&[&format!("api.{api1}.read_analytics")]);
    let scoped = |query: &str| {
        s.post_as(
            "/v2/analytics.getVerifications",
            Some(&rk_one),
            &json!({"query": query}),
        )
        .data()
    };
    // (The verifications of k1 and of both keys so far.)
    let (mut one, mut all) = (1, 2);
    for table in [
        "key_verifications_per_minute_v1",
        "key_verifications_per_hour_v1",
        "key_verifications_per_day_v1",
        "key_verifications_per_month_v1",
    ] {
        let query = format!("SELECT sum(count) AS n FROM {table}");
        assert_eq!(run(&s, &query), json!([{"n": all}]), "{table}");
        assert_eq!(scoped(&query), json!([{"n": one}]), "{table}");
        assert_eq!(run(&s, &query), json!([{"n": all}]), "{table}");
        s.verify(json!({"key": k1}));
        (one, all) = (one + 1, all + 1);
        assert_eq!(run(&s, &query), json!([{"n": all}]), "{table}");
        assert_eq!(scoped(&query), json!([{"n": one}]), "{table}");
    }
}

/// Asks `query` of a server with analytics as a root key holding `api.*.read_analytics` (as
/// upstream's 400_test.go does) and asserts a 400 of type `user/bad_request/<ty>` with
/// `detail` and no `errors`.
fn assert_refused(query: &str, ty: &str, detail: &str) {
    let s = Server::start(&["--analytics", "--root-key", "rk=api.*.read_analytics"]);
    let r = s.post_as(
        "/v2/analytics.getVerifications",
        Some("rk"),
        &json!({"query": query}),
    );
    r.assert_error(400, &format!("user/bad_request/{ty}"), detail);
    assert_eq!(r.json()["error"]["errors"], json!([]));
}

/// 400_test.go, Test400_EmptyQuery (the detail: pkg/clickhouse/query-parser/parser.go).
#[test]
fn get_verifications__empty_query() {
    assert_refused("", "invalid_analytics_query", "No SQL statements found");
}

/// 400_test.go, Test400_InvalidSQLSyntax (the detail: query-parser/parser.go wraps the
/// message of AfterShip's clickhouse-sql-parser, whose wording and caret line
/// `get_verifications__upstream_parser_errors_exact` checks).
#[test]
fn get_verifications__invalid_sql_syntax() {
    let query = "SELECT * FROM key_verifications_v1 WHERE invalid syntax here";
    let caret = format!("{}^^^^^^", " ".repeat(49));
    assert_refused(
        query,
        "invalid_analytics_query",
        &format!(
            "Invalid SQL syntax: line 0:49 <EOF> or ';' was expected, but got: \"syntax\"\n{query}\n{caret}\n"
        ),
    );
}

/// 400_test.go, Test400_UnknownColumn, with the test's time filter: ClickHouse's
/// UNKNOWN_IDENTIFIER, which pkg/clickhouse/errors.go words as below (Go requires "Unknown").
#[test]
fn get_verifications__unknown_column() {
    assert_refused(
        "SELECT nonexistent_column FROM key_verifications_v1 WHERE time >= now() - INTERVAL 7 DAY",
        "invalid_analytics_query",
        "Unknown identifier in analytics query",
    );
}

/// 400_test.go, Test400_InvalidTable (the detail: query-parser/tables.go).
#[test]
fn get_verifications__invalid_table() {
    assert_refused(
        "SELECT * FROM system.tables",
        "invalid_analytics_table",
        "Access to table 'system.tables' is not allowed",
    );
}

/// 400_test.go, Test400_NonSelectQuery (the detail: query-parser/parser.go).
#[test]
fn get_verifications__non_select_query() {
    assert_refused(
        "DELETE FROM key_verifications_v1 WHERE time < now()",
        "invalid_analytics_query_type",
        "Only SELECT queries are allowed",
    );
}

/// 200_test.go, Test200_Success: five VALID verifications of one API, counted by a root key
/// holding `api.*.read_analytics`, are one row (Go requires one row; its count is 5).
#[test]
fn get_verifications__success() {
    let s = Server::start(&["--analytics", "--root-key", "rk=api.*.read_analytics"]);
    let api = s.create_api();
    for _ in 0..5 {
        let (_, k) = s.create_key(json!({"apiId": api}));
        assert_eq!(s.verify(json!({"key": k}))["code"], "VALID");
    }
    let r = s.post_as(
        "/v2/analytics.getVerifications",
        Some("rk"),
        &json!({"query": "SELECT COUNT(*) as count FROM key_verifications_v1"}),
    );
    assert_eq!(r.data(), json!([{"count": 5}]));
}

/// The other analytics operations authenticate before they find no analytics connection.
#[test]
fn other_analytics_operations__authenticate_then_412() {
    let s = Server::start(&[]);
    for op in ["getRatelimits", "getGatewayRequests", "getRuntimeLogs"] {
        let path = format!("/v2/analytics.{op}");
        let body = json!({"query": Q});
        assert_eq!(
            s.post_as(&path, Some("unknown_root"), &body).status,
            401,
            "{op}"
        );
        assert_eq!(s.post_as(&path, None, &body).status, 400, "{op}");
        let r = s.post_as(&path, Some(common::ROOT), &body);
        assert_eq!(r.status, 412, "{op}");
        assert!(r
            .error_type()
            .ends_with("unkey/data/analytics_not_configured"));
    }
}

/// Runs `query` on a server with `--analytics` and `args`; returns the answer.
fn retention_query(args: &[&str], query: &str) -> common::Resp {
    let mut all = vec!["--analytics"];
    all.extend_from_slice(args);
    let s = Server::start(&all);
    s.call("analytics.getVerifications", json!({"query": query}))
}

fn assert_beyond_retention(r: &common::Resp, days: &str) {
    assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(
        r.error_type(),
        "https://unkey.com/docs/errors/user/bad_request/query_range_exceeds_retention"
    );
    let detail = r.json()["error"]["detail"].as_str().unwrap().to_string();
    assert!(
        detail.starts_with(&format!(
            "Cannot query data older than {days} days. Your query attempts to access data from "
        )),
        "{detail}"
    );
}

/// 400_test.go, Test400_QueryBeyond30Days.
#[test]
fn get_verifications__query_beyond_30_days() {
    let r = retention_query(
        &[],
        "SELECT COUNT(*) as count FROM key_verifications_v1 WHERE time >= now() - INTERVAL 60 DAY",
    );
    assert_beyond_retention(&r, "30");
}

/// 400_test.go, Test400_QueryBeyondCustomRetention90Days.
#[test]
fn get_verifications__query_beyond_custom_retention_90_days() {
    let r = retention_query(
        &["--analytics-retention-days", "90"],
        "SELECT COUNT(*) as count FROM key_verifications_v1 WHERE time >= now() - INTERVAL 120 DAY",
    );
    assert_beyond_retention(&r, "90");
}

/// Upstream's parser checks the time range after its own checks (syntax, tables, functions)
/// and before ClickHouse runs the query, so a query beyond retention is refused as such even
/// where ClickHouse would refuse it too (an unknown column, a type error, a date literal it
/// cannot parse: "Cannot parse …", which `ExtractUserFriendlyError` words as a syntax error),
/// but not where the parser refuses it first.
#[test]
fn get_verifications__retention_is_checked_between_parser_and_clickhouse() {
    let beyond = "WHERE time >= now() - INTERVAL 60 DAY";
    for select in [
        "SELECT no_such_column FROM key_verifications_v1",
        "SELECT toStartOfDay(time) FROM key_verifications_v1",
        "SELECT toDate('not a date') AS d FROM key_verifications_v1",
    ] {
        assert_beyond_retention(&retention_query(&[], &format!("{select} {beyond}")), "30");
    }
    let refused = |query: &str| {
        let r = retention_query(&[], query);
        assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.body));
        (
            r.error_type()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string(),
            r.json()["error"]["detail"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        )
    };
    for unbalanced in [
        format!("SELECT count() FROM key_verifications_v1 {beyond} AND (1 = 1"),
        format!("SELECT count( FROM key_verifications_v1 {beyond}"),
    ] {
        assert_eq!(refused(&unbalanced).1, syntax_error(&unbalanced).1);
    }
    assert_eq!(
        refused(&format!(
            "SELECT version() FROM key_verifications_v1 {beyond}"
        )),
        (
            "invalid_analytics_function".to_string(),
            "Function 'version' is not allowed".to_string()
        )
    );
    // Within retention, the date literal is ClickHouse's refusal.
    assert_eq!(
        refused("SELECT toDate('not a date') AS d FROM key_verifications_v1 WHERE time >= now() - INTERVAL 7 DAY"),
        (
            "invalid_analytics_query".to_string(),
            "Invalid SQL syntax".to_string()
        )
    );
}

/// 200_test.go, Test200_QueryWithin30DaysRetention.
#[test]
fn get_verifications__query_within_30_days_retention() {
    let r = retention_query(
        &[],
        "SELECT COUNT(*) as count FROM key_verifications_v1 WHERE time >= now() - INTERVAL 7 DAY",
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
}

/// 200_test.go, Test200_QueryAtExact30DayRetentionLimit.
#[test]
fn get_verifications__query_at_exact_30_day_retention_limit() {
    let r = retention_query(
        &[],
        "SELECT COUNT(*) as count FROM key_verifications_v1 WHERE time >= now() - INTERVAL 30 DAY",
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
}

/// 200_test.go, Test200_QueryWithCustomRetention90Days.
#[test]
fn get_verifications__query_with_custom_retention_90_days() {
    let r = retention_query(
        &["--analytics-retention-days", "90"],
        "SELECT COUNT(*) as count FROM key_verifications_v1 WHERE time >= now() - INTERVAL 60 DAY",
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
}

/// The other lower bounds upstream's retention check reads: Unix ms, dates, reversed
/// comparisons, `=`, `BETWEEN`, `toStartOf…` around the bound; upper bounds, `HAVING` and
/// bounds it cannot evaluate pass.
#[test]
fn get_verifications__retention_applies_to_every_lower_bound_form() {
    let s = Server::start(&["--analytics", "--test-clock"]);
    let now = s.request("GET", "/_local/clock", &[], b"").json()["now"]
        .as_i64()
        .unwrap();
    let old = now - 40 * 86_400_000;
    let q = |w: &str| {
        s.call(
            "analytics.getVerifications",
            json!({"query": format!("SELECT COUNT(*) AS c FROM key_verifications_v1 WHERE {w}")}),
        )
        .status
    };
    for refused in [
        format!("time >= {old}"),
        format!("time > {old}"),
        format!("time = {old}"),
        format!("{old} <= time"),
        format!("{old} < time"),
        format!("time BETWEEN {old} AND {now}"),
        "time >= '2001-01-01'".to_string(),
        "time >= '2001-01-01 10:00:00'".to_string(),
        "time >= toStartOfDay(now() - INTERVAL 31 DAY)".to_string(),
        "key_id = 'x' AND (time >= now() - INTERVAL 5 WEEK)".to_string(),
    ] {
        assert_eq!(q(&refused), 400, "{refused}");
    }
    for allowed in [
        format!("time <= {old}"),
        format!("time < {old}"),
        format!("{old} >= time"),
        "time >= now() - INTERVAL 29 DAY".to_string(),
        "time >= now() - INTERVAL 1 DAY - INTERVAL 2 DAY".to_string(),
        "outcome = 'VALID'".to_string(),
    ] {
        assert_eq!(q(&allowed), 200, "{allowed}");
    }
    // No date upstream's parser reads, so no bound it checks; ClickHouse then cannot read the
    // string as the raw `time`'s Int64 ("Cannot convert string 'yesterday' to type Int64").
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT COUNT(*) AS c FROM key_verifications_v1 WHERE time >= 'yesterday'"}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"]["detail"], "Invalid analytics query");
}

/// 200_test.go, Test200_QueryWithoutTimeFilter_AutoAddsFilter: a query without a time filter
/// is answered, and (upstream's row policy) rows from before the start of the day
/// `--analytics-retention-days` ago are not visible to it.
#[test]
fn get_verifications__query_without_time_filter_auto_adds_filter() {
    let s = Server::start(&["--analytics", "--test-clock"]);
    let api = s.create_api();
    let (_, key) = s.create_key(json!({"apiId": api}));
    s.verify(json!({"key": key}));
    let count = |table: &str| {
        let r = s.call(
            "analytics.getVerifications",
            json!({"query": format!("SELECT COUNT(*) as count FROM {table}")}),
        );
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        r.json()["data"][0]["count"].as_i64().unwrap()
    };
    assert_eq!(count("key_verifications_v1"), 1);
    // Two days past the retention: the old verification is gone from every table.
    s.advance(32 * 86_400_000);
    s.verify(json!({"key": key}));
    assert_eq!(count("key_verifications_v1"), 1);
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT SUM(count) AS count FROM key_verifications_per_day_v1"}),
    );
    assert_eq!(r.json()["data"][0]["count"], 1);
}

/// pkg/clickhouse/query-parser/time_range_test.go (the parser's retention cases, with a 7-day
/// retention), through the route: each query is a 200 or a 400
/// `query_range_exceeds_retention`.
#[test]
fn query_parser__validate_time_range_with_retention() {
    let s = Server::start(&["--analytics", "--analytics-retention-days", "7"]);
    let cases: &[(&str, &str, bool)] = &[
        (
            "simple query within retention",
            "time >= now() - INTERVAL 5 DAY",
            true,
        ),
        (
            "simple query exceeds retention",
            "time >= now() - INTERVAL 90 DAY",
            false,
        ),
        (
            "nested toStartOfHour within retention",
            "time >= toStartOfHour(now() - INTERVAL 5 DAY)",
            true,
        ),
        (
            "nested toStartOfHour exceeds retention",
            "time >= toStartOfHour(now() - INTERVAL 90 DAY)",
            false,
        ),
        (
            "nested toStartOfDay within retention",
            "time >= toStartOfDay(now() - INTERVAL 6 DAY)",
            true,
        ),
        (
            "nested toStartOfDay exceeds retention",
            "time >= toStartOfDay(now() - INTERVAL 30 DAY)",
            false,
        ),
        (
            "date_trunc with nested interval within retention",
            "time >= date_trunc('hour', now() - INTERVAL 5 DAY)",
            true,
        ),
        (
            "date_trunc with nested interval exceeds retention",
            "time >= date_trunc('hour', now() - INTERVAL 90 DAY)",
            false,
        ),
        (
            "toDate within retention",
            "time >= toDate(now() - INTERVAL 3 DAY)",
            true,
        ),
        (
            "toDateTime exceeds retention",
            "time >= toDateTime(now() - INTERVAL 60 DAY)",
            false,
        ),
        (
            "now64 within retention",
            "time >= now64() - INTERVAL 5 DAY",
            true,
        ),
        (
            "today() within retention",
            "time >= today() - INTERVAL 5 DAY",
            true,
        ),
        (
            "complex WHERE with AND - both conditions within retention",
            "time >= now() - INTERVAL 5 DAY AND time <= now()",
            true,
        ),
        (
            "complex WHERE with AND - one condition exceeds retention",
            "time >= now() - INTERVAL 90 DAY AND time <= now()",
            false,
        ),
        (
            "query with no time filter relies on row policy",
            "key_space_id = 'ks_123'",
            true,
        ),
        (
            "fromUnixTimestamp64Milli with old timestamp",
            "time >= fromUnixTimestamp64Milli(1609459200000)",
            false,
        ),
        (
            "toStartOfMinute within retention",
            "time >= toStartOfMinute(now() - INTERVAL 3 DAY)",
            true,
        ),
        (
            "toStartOfWeek within retention",
            "time >= toStartOfWeek(now() - INTERVAL 6 DAY)",
            true,
        ),
        (
            "toStartOfMonth exceeds retention",
            "time >= toStartOfMonth(now() - INTERVAL 60 DAY)",
            false,
        ),
        (
            "toStartOfQuarter exceeds retention",
            "time >= toStartOfQuarter(now() - INTERVAL 120 DAY)",
            false,
        ),
        (
            "toStartOfYear exceeds retention",
            "time >= toStartOfYear(now() - INTERVAL 365 DAY)",
            false,
        ),
        (
            "BETWEEN within retention",
            "time BETWEEN now() - INTERVAL 5 DAY AND now()",
            true,
        ),
        (
            "BETWEEN exceeds retention",
            "time BETWEEN now() - INTERVAL 90 DAY AND now()",
            false,
        ),
        (
            "BETWEEN at exact retention limit",
            "time BETWEEN now() - INTERVAL 7 DAY AND now()",
            true,
        ),
        (
            "BETWEEN with nested functions within retention",
            "time BETWEEN toStartOfDay(now() - INTERVAL 3 DAY) AND now()",
            true,
        ),
        (
            "BETWEEN with nested functions exceeds retention",
            "time BETWEEN toStartOfDay(now() - INTERVAL 60 DAY) AND now()",
            false,
        ),
        // TestParser_ValidateTimeRange_DifferentOperators
        (
            "time >= (greater than or equal)",
            "time >= now() - INTERVAL 90 DAY",
            false,
        ),
        (
            "time > (greater than)",
            "time > now() - INTERVAL 90 DAY",
            false,
        ),
        ("time <= (less than or equal)", "time <= now()", true),
        ("time < (less than)", "time < now() + INTERVAL 1 DAY", true),
        (
            "time = (equals) with old timestamp",
            "time = now() - INTERVAL 90 DAY",
            false,
        ),
        // TestParser_ValidateTimeRange_IntervalUnits
        (
            "INTERVAL in SECONDS within retention",
            "time >= now() - INTERVAL 86400 SECOND",
            true,
        ),
        (
            "INTERVAL in MINUTES within retention",
            "time >= now() - INTERVAL 2880 MINUTE",
            true,
        ),
        (
            "INTERVAL in HOURS within retention",
            "time >= now() - INTERVAL 72 HOUR",
            true,
        ),
        (
            "INTERVAL in DAYS within retention",
            "time >= now() - INTERVAL 5 DAY",
            true,
        ),
        (
            "INTERVAL in WEEKS exceeds retention",
            "time >= now() - INTERVAL 4 WEEK",
            false,
        ),
        (
            "INTERVAL in MONTHS exceeds retention",
            "time >= now() - INTERVAL 3 MONTH",
            false,
        ),
        (
            "INTERVAL in YEARS exceeds retention",
            "time >= now() - INTERVAL 1 YEAR",
            false,
        ),
    ];
    for (name, filter, pass) in cases {
        let query = format!("SELECT * FROM key_verifications_per_hour_v1 WHERE {filter}");
        let r = s.call("analytics.getVerifications", json!({"query": query}));
        if *pass {
            assert_eq!(
                r.status,
                200,
                "{name}: {}",
                String::from_utf8_lossy(&r.body)
            );
        } else {
            assert_eq!(r.status, 400, "{name}");
            assert!(
                r.error_type().ends_with("/query_range_exceeds_retention"),
                "{name}: {}",
                r.error_type()
            );
        }
    }
}

// ---- the query language: set operations, subqueries, CTEs (pkg/clickhouse/query-parser) ------

/// A server with `--analytics` and verifications recorded: key A of one API verified three
/// times (one rate limited), key B of another API once. Returns the server and both
/// keyspaces.
fn recorded() -> (Server, String, String) {
    let s = Server::start(&["--analytics"]);
    let api_a = s.create_api();
    let api_b = s.create_api();
    let (_, a) = s.create_key(json!({"apiId": api_a, "credits": {"remaining": 100}}));
    let (_, b) = s.create_key(json!({"apiId": api_b}));
    s.verify(json!({"key": a, "tags": ["t1"], "credits": {"cost": 1}}));
    s.verify(json!({"key": a, "tags": ["t1", "t2"], "credits": {"cost": 4}}));
    s.verify(json!({"key": a, "credits": {"cost": 10}}));
    s.verify(json!({"key": b, "tags": ["t2"]}));
    let ks = |api: &str| format!("ks_{}", api.strip_prefix("api_").unwrap());
    (s, ks(&api_a), ks(&api_b))
}

fn run(s: &Server, query: &str) -> serde_json::Value {
    s.ok("analytics.getVerifications", json!({"query": query}))
}

/// The verification tables' `source` and `app_id` (upstream's `key_verifications_raw_v2` and
/// its `_v3` rollups, which keep both as keys): a verification through the API is `api`
/// with no app, in the raw table and in every rollup, and `*` answers them where the schema
/// has them.
#[test]
fn get_verifications__source_and_app_id_columns() {
    let (s, _, _) = recorded();
    for table in [
        "key_verifications_v1",
        "key_verifications_per_minute_v1",
        "key_verifications_per_hour_v1",
        "key_verifications_per_day_v1",
        "key_verifications_per_month_v1",
    ] {
        let count = if table == "key_verifications_v1" {
            "count()"
        } else {
            "sum(count)"
        };
        assert_eq!(
            run(&s, &format!("SELECT source, app_id, {count} AS n FROM {table} WHERE source = 'api' AND app_id = '' GROUP BY source, app_id")),
            json!([{"source": "api", "app_id": "", "n": 4}]),
            "{table}"
        );
    }
    let row = &run(&s, "SELECT * FROM key_verifications_per_day_v1 LIMIT 1")[0];
    let names: Vec<&str> = row
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for name in ["outcome", "source", "app_id", "tags", "count"] {
        assert!(names.contains(&name), "{names:?}");
    }
}

fn refused(s: &Server, query: &str) -> (String, String) {
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
            .unwrap()
            .trim_start_matches("https://unkey.com/docs/errors/user/bad_request/")
            .to_string(),
        e["detail"].as_str().unwrap().to_string(),
    )
}

/// Upstream's parser's syntax errors for the queries of these tests that it refuses: the
/// query, and AfterShip clickhouse-sql-parser v0.4.18's wrapped error (`wrapError`:
/// `line L:C message`, the query's line, under it a `^` for each byte of the last token
/// read), as the Go parser itself writes them (its `ParseStmts` run over these queries,
/// unkey-local session 13); upstream's detail is "Invalid SQL syntax: " and this.
const UPSTREAM_SYNTAX_ERRORS: &[(&str, &str)] = &[
    (
        "SELECT 'a' 'b' FROM key_verifications_v1",
        "line 0:12 <EOF> or ';' was expected, but got: \"b\"\nSELECT 'a' 'b' FROM key_verifications_v1\n            ^\n",
    ),
    (
        "SELECT 'a' || 'b' AS a FROM key_verifications_v1",
        "line 0:11 <EOF> or ';' was expected, but got: \"||\"\nSELECT 'a' || 'b' AS a FROM key_verifications_v1\n           ^^\n",
    ),
    (
        "SELECT (WITH 4 AS c SELECT c) AS n FROM key_verifications_v1",
        "line 0:13 expected the last token kind is: ), but got <int>\nSELECT (WITH 4 AS c SELECT c) AS n FROM key_verifications_v1\n             ^\n",
    ),
    (
        "SELECT (spent_credits) div (2) FROM key_verifications_v1",
        "line 0:27 <EOF> or ';' was expected, but got: \"(\"\nSELECT (spent_credits) div (2) FROM key_verifications_v1\n                           ^\n",
    ),
    (
        "SELECT * EXCEPT tags FROM key_verifications_v1",
        "line 0:16 expected the last token kind is: (, but got <ident>\nSELECT * EXCEPT tags FROM key_verifications_v1\n                ^^^^\n",
    ),
    (
        "SELECT * FROM key_verifications_v1 WHERE invalid syntax here",
        "line 0:49 <EOF> or ';' was expected, but got: \"syntax\"\nSELECT * FROM key_verifications_v1 WHERE invalid syntax here\n                                                 ^^^^^^\n",
    ),
    (
        "SELECT + + spent_credits FROM key_verifications_v1",
        "line 0:9 unexpected token kind: +\nSELECT + + spent_credits FROM key_verifications_v1\n         ^\n",
    ),
    (
        "SELECT - - spent_credits FROM key_verifications_v1",
        "line 0:9 unexpected token kind: -\nSELECT - - spent_credits FROM key_verifications_v1\n         ^\n",
    ),
    (
        "SELECT 1 FROM `key_verifications_v1",
        "line 0:15 expected table name or subquery, got <eof>\nSELECT 1 FROM `key_verifications_v1\n               ^\n",
    ),
    (
        "SELECT 7 DIV 2 FROM key_verifications_v1",
        "line 0:13 <EOF> or ';' was expected, but got: \"2\"\nSELECT 7 DIV 2 FROM key_verifications_v1\n             ^\n",
    ),
    (
        "SELECT CAST(-spent_credits AS Int64) AS x FROM key_verifications_v1",
        "line 0:12 unexpected token kind: -\nSELECT CAST(-spent_credits AS Int64) AS x FROM key_verifications_v1\n            ^\n",
    ),
    (
        "SELECT CAST(1 AS INT UNSIGNED) AS x FROM key_verifications_v1",
        "line 0:21 expected the last token kind is: ), but got <ident>\nSELECT CAST(1 AS INT UNSIGNED) AS x FROM key_verifications_v1\n                     ^^^^^^^^\n",
    ),
    (
        "SELECT CAST(1 AS double precision) AS x FROM key_verifications_v1",
        "line 0:24 expected the last token kind is: ), but got <ident>\nSELECT CAST(1 AS double precision) AS x FROM key_verifications_v1\n                        ^^^^^^^^^\n",
    ),
    (
        "SELECT CAST(spent_credits + 1, 'Int32') AS x FROM key_verifications_v1",
        "line 0:26 expected AS or , but got +\nSELECT CAST(spent_credits + 1, 'Int32') AS x FROM key_verifications_v1\n                          ^\n",
    ),
    (
        "SELECT CAST(spent_credits - 4 AS UInt8) AS x FROM key_verifications_v1",
        "line 0:26 expected AS or , but got -\nSELECT CAST(spent_credits - 4 AS UInt8) AS x FROM key_verifications_v1\n                          ^\n",
    ),
    (
        "SELECT CAST(spent_credits > 1 AS Bool) AS x FROM key_verifications_v1",
        "line 0:26 expected AS or , but got >\nSELECT CAST(spent_credits > 1 AS Bool) AS x FROM key_verifications_v1\n                          ^\n",
    ),
    (
        "SELECT NOT -1 FROM key_verifications_v1",
        "line 0:11 unexpected token kind: -\nSELECT NOT -1 FROM key_verifications_v1\n           ^\n",
    ),
    (
        "SELECT TIMESTAMP '2026-12-01 00:00:00' FROM key_verifications_v1",
        "line 0:7 expected the last token kind is: <string>, but got <keyword>\nSELECT TIMESTAMP '2026-12-01 00:00:00' FROM key_verifications_v1\n       ^^^^^^^^^\n",
    ),
    (
        "SELECT TRIM(BOTH ' ' FROM outcome) FROM key_verifications_v1",
        "line 0:18 expected the last token kind is: ), but got <string>\nSELECT TRIM(BOTH ' ' FROM outcome) FROM key_verifications_v1\n                  ^\n",
    ),
    (
        "SELECT c, sum(c) OVER (w ORDER BY c) AS s FROM (SELECT key_space_id AS ks, spent_credits AS c FROM key_verifications_v1) WINDOW w AS (PARTITION BY ks)",
        "line 0:23 expected the last token kind is: ), but got <ident>\nSELECT c, sum(c) OVER (w ORDER BY c) AS s FROM (SELECT key_space_id AS ks, spent_credits AS c FROM key_verifications_v1) WINDOW w AS (PARTITION BY ks)\n                       ^\n",
    ),
    (
        "SELECT c, sum(c) OVER v AS s FROM (SELECT key_space_id AS ks, spent_credits AS c FROM key_verifications_v1) WINDOW w AS (PARTITION BY ks), v AS (w ORDER BY c)",
        "line 0:145 expected the last token kind is: ), but got <ident>\nSELECT c, sum(c) OVER v AS s FROM (SELECT key_space_id AS ks, spent_credits AS c FROM key_verifications_v1) WINDOW w AS (PARTITION BY ks), v AS (w ORDER BY c)\n                                                                                                                                                 ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 ARRAY JOIN tags AS t ARRAY JOIN ['a', 'b'] AS u",
        "line 0:67 <EOF> or ';' was expected, but got: \"ARRAY\"\nSELECT count() AS n FROM key_verifications_v1 ARRAY JOIN tags AS t ARRAY JOIN ['a', 'b'] AS u\n                                                                   ^^^^^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 ARRAY JOIN tags AS t LEFT ARRAY JOIN tags AS u",
        "line 0:67 <EOF> or ';' was expected, but got: \"LEFT\"\nSELECT count() AS n FROM key_verifications_v1 ARRAY JOIN tags AS t LEFT ARRAY JOIN tags AS u\n                                                                   ^^^^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 GROUP BY outcome HAVING count() > 1 x",
        "line 0:82 <EOF> or ';' was expected, but got: \"x\"\nSELECT count() AS n FROM key_verifications_v1 GROUP BY outcome HAVING count() > 1 x\n                                                                                  ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE 'x' || outcome = 'xVALID'",
        "line 0:56 <EOF> or ';' was expected, but got: \"||\"\nSELECT count() AS n FROM key_verifications_v1 WHERE 'x' || outcome = 'xVALID'\n                                                        ^^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE (outcome = 'VALID') x",
        "line 0:72 <EOF> or ';' was expected, but got: \"x\"\nSELECT count() AS n FROM key_verifications_v1 WHERE (outcome = 'VALID') x\n                                                                        ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE EXISTS (WITH 4 AS c SELECT c)",
        "line 0:65 expected the last token kind is: ), but got <int>\nSELECT count() AS n FROM key_verifications_v1 WHERE EXISTS (WITH 4 AS c SELECT c)\n                                                                 ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE outcome = 'VALID' x",
        "line 0:70 <EOF> or ';' was expected, but got: \"x\"\nSELECT count() AS n FROM key_verifications_v1 WHERE outcome = 'VALID' x\n                                                                      ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE outcome GLOBAL NOT IN ('x')",
        "line 0:67 expected IN after GLOBAL, got <keyword>\nSELECT count() AS n FROM key_verifications_v1 WHERE outcome GLOBAL NOT IN ('x')\n                                                                   ^^^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE outcome NOT REGEXP 'V'",
        "line 0:64 expected IN, LIKE or ILIKE after NOT, got <keyword>\nSELECT count() AS n FROM key_verifications_v1 WHERE outcome NOT REGEXP 'V'\n                                                                ^^^^^^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE outcome REGEXP 'V'",
        "line 0:60 <EOF> or ';' was expected, but got: \"REGEXP\"\nSELECT count() AS n FROM key_verifications_v1 WHERE outcome REGEXP 'V'\n                                                            ^^^^^^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE outcome SIMILAR TO 'V'",
        "line 0:60 <EOF> or ';' was expected, but got: \"SIMILAR\"\nSELECT count() AS n FROM key_verifications_v1 WHERE outcome SIMILAR TO 'V'\n                                                            ^^^^^^^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits <=> 1",
        "line 0:68 unexpected token kind: >\nSELECT count() AS n FROM key_verifications_v1 WHERE spent_credits <=> 1\n                                                                    ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits IN (WITH 4 AS c SELECT c)",
        "line 0:75 expected the last token kind is: ), but got <int>\nSELECT count() AS n FROM key_verifications_v1 WHERE spent_credits IN (WITH 4 AS c SELECT c)\n                                                                           ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits IS DISTINCT FROM 1",
        "line 0:69 expected keyword: NULL, but got <keyword>\nSELECT count() AS n FROM key_verifications_v1 WHERE spent_credits IS DISTINCT FROM 1\n                                                                     ^^^^^^^^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits IS TRUE",
        "line 0:69 expected keyword: NULL, but got <keyword>\nSELECT count() AS n FROM key_verifications_v1 WHERE spent_credits IS TRUE\n                                                                     ^^^^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits NOT BETWEEN 1 AND 2",
        "line 0:70 expected IN, LIKE or ILIKE after NOT, got <keyword>\nSELECT count() AS n FROM key_verifications_v1 WHERE spent_credits NOT BETWEEN 1 AND 2\n                                                                      ^^^^^^^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 DAYS",
        "line 0:82 unknown interval type: <\"DAYS\">\nSELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 DAYS\n                                                                                  ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 HOURS",
        "line 0:83 unknown interval type: <\"HOURS\">\nSELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 HOURS\n                                                                                   ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 MICROSECOND",
        "line 0:89 unknown interval type: <\"MICROSECOND\">\nSELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 MICROSECOND\n                                                                                         ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 MINUTES",
        "line 0:85 unknown interval type: <\"MINUTES\">\nSELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 MINUTES\n                                                                                     ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 MONTHS",
        "line 0:84 unknown interval type: <\"MONTHS\">\nSELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 MONTHS\n                                                                                    ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 NANOSECOND",
        "line 0:88 unknown interval type: <\"NANOSECOND\">\nSELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 NANOSECOND\n                                                                                        ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 SECONDS",
        "line 0:85 unknown interval type: <\"SECONDS\">\nSELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 SECONDS\n                                                                                     ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 WEEKS",
        "line 0:83 unknown interval type: <\"WEEKS\">\nSELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 WEEKS\n                                                                                   ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 YEARS",
        "line 0:83 unknown interval type: <\"YEARS\">\nSELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 YEARS\n                                                                                   ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 days",
        "line 0:82 unknown interval type: <\"days\">\nSELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 days\n                                                                                  ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE time >= 1_866_630_896_000",
        "line 0:60 unexpected token kind: <eof>\nSELECT count() AS n FROM key_verifications_v1 WHERE time >= 1_866_630_896_000\n                                                            ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 a GLOBAL ALL INNER JOIN key_verifications_v1 b ON a.key_id = b.key_id",
        "line 0:55 <EOF> or ';' was expected, but got: \"ALL\"\nSELECT count() AS n FROM key_verifications_v1 a GLOBAL ALL INNER JOIN key_verifications_v1 b ON a.key_id = b.key_id\n                                                       ^^^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 a GLOBAL ANY LEFT JOIN key_verifications_v1 b ON a.key_id = b.key_id",
        "line 0:55 <EOF> or ';' was expected, but got: \"ANY\"\nSELECT count() AS n FROM key_verifications_v1 a GLOBAL ANY LEFT JOIN key_verifications_v1 b ON a.key_id = b.key_id\n                                                       ^^^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 a GLOBAL LEFT JOIN key_verifications_v1 b ON a.key_id = b.key_id",
        "line 0:60 expected keyword: ARRAY, but got <keyword>\nSELECT count() AS n FROM key_verifications_v1 a GLOBAL LEFT JOIN key_verifications_v1 b ON a.key_id = b.key_id\n                                                            ^^^^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 v ARRAY JOIN tags AS t JOIN key_verifications_v1 w ON v.key_id = w.key_id",
        "line 0:69 <EOF> or ';' was expected, but got: \"JOIN\"\nSELECT count() AS n FROM key_verifications_v1 v ARRAY JOIN tags AS t JOIN key_verifications_v1 w ON v.key_id = w.key_id\n                                                                     ^^^^\n",
    ),
    (
        "SELECT count() AS quota FROM key_verifications_v1 ORDER BY quota NULLS FIRST",
        "line 0:65 <EOF> or ';' was expected, but got: \"NULLS\"\nSELECT count() AS quota FROM key_verifications_v1 ORDER BY quota NULLS FIRST\n                                                                 ^^^^^\n",
    ),
    (
        "SELECT count() FROM key_verifications_v1 UNION SELECT 1 FROM key_verifications_v1",
        "line 0:47 expected ALL or DISTINCT, got <keyword>\nSELECT count() FROM key_verifications_v1 UNION SELECT 1 FROM key_verifications_v1\n                                               ^^^^^^\n",
    ),
    (
        "SELECT count() FROM key_verifications_v1 WHERE NOT NOT spent_credits = 1",
        "line 0:55 <EOF> or ';' was expected, but got: \"spent_credits\"\nSELECT count() FROM key_verifications_v1 WHERE NOT NOT spent_credits = 1\n                                                       ^^^^^^^^^^^^^\n",
    ),
    (
        "SELECT count() FROM key_verifications_v1 WHERE nosuchcolumn || 1",
        "line 0:60 <EOF> or ';' was expected, but got: \"||\"\nSELECT count() FROM key_verifications_v1 WHERE nosuchcolumn || 1\n                                                            ^^\n",
    ),
    (
        "SELECT count() FROM key_verifications_v1 WHERE outcome GLOBAL NOT IN ('VALID')",
        "line 0:62 expected IN after GLOBAL, got <keyword>\nSELECT count() FROM key_verifications_v1 WHERE outcome GLOBAL NOT IN ('VALID')\n                                                              ^^^\n",
    ),
    (
        "SELECT count() FROM key_verifications_v1 WHERE spent_credits DIV 2 = 2",
        "line 0:61 <EOF> or ';' was expected, but got: \"DIV\"\nSELECT count() FROM key_verifications_v1 WHERE spent_credits DIV 2 = 2\n                                                             ^^^\n",
    ),
    (
        "SELECT count() FROM key_verifications_v1 WHERE time > (toUnixTimestamp(now())-86400) * 1000",
        "line 0:77 expected the last token kind is: ), but got <int>\nSELECT count() FROM key_verifications_v1 WHERE time > (toUnixTimestamp(now())-86400) * 1000\n                                                                             ^^^^^^\n",
    ),
    (
        "SELECT count() FROM key_verifications_v1 WHERE time >= now() - INTERVAL 60 DAY AND (1 = 1",
        "line 0:89 expected the last token kind is: ), but got <eof>\nSELECT count() FROM key_verifications_v1 WHERE time >= now() - INTERVAL 60 DAY AND (1 = 1\n                                                                                         ^\n",
    ),
    (
        "SELECT count() FROM key_verifications_v1 WHERE toDate(fromUnixTimestamp64Milli(time)) > DATE '2026-12-01'",
        "line 0:88 expected the last token kind is: <string>, but got <keyword>\nSELECT count() FROM key_verifications_v1 WHERE toDate(fromUnixTimestamp64Milli(time)) > DATE '2026-12-01'\n                                                                                        ^^^^\n",
    ),
    (
        "SELECT count() OVER (ORDER BY outcome NULLS FIRST) AS c FROM key_verifications_v1",
        "line 0:38 expected the last token kind is: ), but got <keyword>\nSELECT count() OVER (ORDER BY outcome NULLS FIRST) AS c FROM key_verifications_v1\n                                      ^^^^^\n",
    ),
    (
        "SELECT count() OVER w || 'a' AS a FROM key_verifications_v1 WINDOW w AS ()",
        "line 0:22 <EOF> or ';' was expected, but got: \"||\"\nSELECT count() OVER w || 'a' AS a FROM key_verifications_v1 WINDOW w AS ()\n                      ^^\n",
    ),
    (
        "SELECT count()-1 FROM key_verifications_v1",
        "line 0:14 <EOF> or ';' was expected, but got: \"-1\"\nSELECT count()-1 FROM key_verifications_v1\n              ^^\n",
    ),
    (
        "SELECT count(*) FILTER (WHERE outcome = 'VALID') FROM key_verifications_v1",
        "line 0:23 <EOF> or ';' was expected, but got: \"(\"\nSELECT count(*) FILTER (WHERE outcome = 'VALID') FROM key_verifications_v1\n                       ^\n",
    ),
    (
        "SELECT countIf('x' || outcome ILIKE 'xv%') AS b FROM key_verifications_v1",
        "line 0:19 expected the last token kind is: ), but got ||\nSELECT countIf('x' || outcome ILIKE 'xv%') AS b FROM key_verifications_v1\n                   ^^\n",
    ),
    (
        "SELECT g.tag AS tag FROM key_verifications_v1 v ARRAY JOIN tags AS t RIGHT SEMI JOIN (SELECT 't2' AS tag UNION ALL SELECT 't3' AS tag) g ON t = g.tag",
        "line 0:69 <EOF> or ';' was expected, but got: \"RIGHT\"\nSELECT g.tag AS tag FROM key_verifications_v1 v ARRAY JOIN tags AS t RIGHT SEMI JOIN (SELECT 't2' AS tag UNION ALL SELECT 't3' AS tag) g ON t = g.tag\n                                                                     ^^^^^\n",
    ),
    (
        "SELECT n FROM (SELECT spent_credits AS n FROM key_verifications_v1 OFFSET 1) LIMIT 1",
        "line 0:67 expected the last token kind is: ), but got <keyword>\nSELECT n FROM (SELECT spent_credits AS n FROM key_verifications_v1 OFFSET 1) LIMIT 1\n                                                                   ^^^^^^\n",
    ),
    (
        "SELECT n FROM key_verifications_v1 LEFT ARRAY JOIN [1, 2] AS n",
        "line 0:51 expected table name or subquery, got [\nSELECT n FROM key_verifications_v1 LEFT ARRAY JOIN [1, 2] AS n\n                                                   ^\n",
    ),
    (
        "SELECT n FROM key_verifications_v1 LEFT ARRAY JOIN arrayFilter(x -> x > 1, [1, 2]) AS n",
        "line 0:65 expected the last token kind is: ), but got ->\nSELECT n FROM key_verifications_v1 LEFT ARRAY JOIN arrayFilter(x -> x > 1, [1, 2]) AS n\n                                                                 ^^\n",
    ),
    (
        "SELECT n FROM key_verifications_v1 LEFT ARRAY JOIN if(length(tags) = 2, [5, 6], []) AS n",
        "line 0:67 expected the last token kind is: ), but got =\nSELECT n FROM key_verifications_v1 LEFT ARRAY JOIN if(length(tags) = 2, [5, 6], []) AS n\n                                                                   ^\n",
    ),
    (
        "SELECT now() + INTERVAL (2) DAYS AS t FROM key_verifications_v1",
        "line 0:33 unknown interval type: <\"DAYS\">\nSELECT now() + INTERVAL (2) DAYS AS t FROM key_verifications_v1\n                                 ^^\n",
    ),
    (
        "SELECT now() + INTERVAL (2) HOURS AS t FROM key_verifications_v1",
        "line 0:34 unknown interval type: <\"HOURS\">\nSELECT now() + INTERVAL (2) HOURS AS t FROM key_verifications_v1\n                                  ^^\n",
    ),
    (
        "SELECT now() + INTERVAL (2) MICROSECOND AS t FROM key_verifications_v1",
        "line 0:40 unknown interval type: <\"MICROSECOND\">\nSELECT now() + INTERVAL (2) MICROSECOND AS t FROM key_verifications_v1\n                                        ^^\n",
    ),
    (
        "SELECT now() + INTERVAL (2) MINUTES AS t FROM key_verifications_v1",
        "line 0:36 unknown interval type: <\"MINUTES\">\nSELECT now() + INTERVAL (2) MINUTES AS t FROM key_verifications_v1\n                                    ^^\n",
    ),
    (
        "SELECT now() + INTERVAL (2) MONTHS AS t FROM key_verifications_v1",
        "line 0:35 unknown interval type: <\"MONTHS\">\nSELECT now() + INTERVAL (2) MONTHS AS t FROM key_verifications_v1\n                                   ^^\n",
    ),
    (
        "SELECT now() + INTERVAL (2) NANOSECOND AS t FROM key_verifications_v1",
        "line 0:39 unknown interval type: <\"NANOSECOND\">\nSELECT now() + INTERVAL (2) NANOSECOND AS t FROM key_verifications_v1\n                                       ^^\n",
    ),
    (
        "SELECT now() + INTERVAL (2) SECONDS AS t FROM key_verifications_v1",
        "line 0:36 unknown interval type: <\"SECONDS\">\nSELECT now() + INTERVAL (2) SECONDS AS t FROM key_verifications_v1\n                                    ^^\n",
    ),
    (
        "SELECT now() + INTERVAL (2) WEEKS AS t FROM key_verifications_v1",
        "line 0:34 unknown interval type: <\"WEEKS\">\nSELECT now() + INTERVAL (2) WEEKS AS t FROM key_verifications_v1\n                                  ^^\n",
    ),
    (
        "SELECT now() + INTERVAL (2) YEARS AS t FROM key_verifications_v1",
        "line 0:34 unknown interval type: <\"YEARS\">\nSELECT now() + INTERVAL (2) YEARS AS t FROM key_verifications_v1\n                                  ^^\n",
    ),
    (
        "SELECT now() + INTERVAL (2) days AS t FROM key_verifications_v1",
        "line 0:33 unknown interval type: <\"days\">\nSELECT now() + INTERVAL (2) days AS t FROM key_verifications_v1\n                                 ^^\n",
    ),
    (
        "SELECT now() + INTERVAL -1 DAYS AS t FROM key_verifications_v1",
        "line 0:32 unknown interval type: <\"DAYS\">\nSELECT now() + INTERVAL -1 DAYS AS t FROM key_verifications_v1\n                                ^^\n",
    ),
    (
        "SELECT now() + INTERVAL -1 HOURS AS t FROM key_verifications_v1",
        "line 0:33 unknown interval type: <\"HOURS\">\nSELECT now() + INTERVAL -1 HOURS AS t FROM key_verifications_v1\n                                 ^^\n",
    ),
    (
        "SELECT now() + INTERVAL -1 MICROSECOND AS t FROM key_verifications_v1",
        "line 0:39 unknown interval type: <\"MICROSECOND\">\nSELECT now() + INTERVAL -1 MICROSECOND AS t FROM key_verifications_v1\n                                       ^^\n",
    ),
    (
        "SELECT now() + INTERVAL -1 MINUTES AS t FROM key_verifications_v1",
        "line 0:35 unknown interval type: <\"MINUTES\">\nSELECT now() + INTERVAL -1 MINUTES AS t FROM key_verifications_v1\n                                   ^^\n",
    ),
    (
        "SELECT now() + INTERVAL -1 MONTHS AS t FROM key_verifications_v1",
        "line 0:34 unknown interval type: <\"MONTHS\">\nSELECT now() + INTERVAL -1 MONTHS AS t FROM key_verifications_v1\n                                  ^^\n",
    ),
    (
        "SELECT now() + INTERVAL -1 NANOSECOND AS t FROM key_verifications_v1",
        "line 0:38 unknown interval type: <\"NANOSECOND\">\nSELECT now() + INTERVAL -1 NANOSECOND AS t FROM key_verifications_v1\n                                      ^^\n",
    ),
    (
        "SELECT now() + INTERVAL -1 SECONDS AS t FROM key_verifications_v1",
        "line 0:35 unknown interval type: <\"SECONDS\">\nSELECT now() + INTERVAL -1 SECONDS AS t FROM key_verifications_v1\n                                   ^^\n",
    ),
    (
        "SELECT now() + INTERVAL -1 WEEKS AS t FROM key_verifications_v1",
        "line 0:33 unknown interval type: <\"WEEKS\">\nSELECT now() + INTERVAL -1 WEEKS AS t FROM key_verifications_v1\n                                 ^^\n",
    ),
    (
        "SELECT now() + INTERVAL -1 YEARS AS t FROM key_verifications_v1",
        "line 0:33 unknown interval type: <\"YEARS\">\nSELECT now() + INTERVAL -1 YEARS AS t FROM key_verifications_v1\n                                 ^^\n",
    ),
    (
        "SELECT now() + INTERVAL -1 days AS t FROM key_verifications_v1",
        "line 0:32 unknown interval type: <\"days\">\nSELECT now() + INTERVAL -1 days AS t FROM key_verifications_v1\n                                ^^\n",
    ),
    (
        "SELECT now() - INTERVAL '1 day' FROM key_verifications_v1",
        "line 0:37 unknown interval type: <\"FROM\">\nSELECT now() - INTERVAL '1 day' FROM key_verifications_v1\n                                     ^^^^^^^^^^^^^^^^^^^^\n",
    ),
    (
        "SELECT now() - INTERVAL '1' DAYS AS t FROM key_verifications_v1",
        "line 0:33 unknown interval type: <\"DAYS\">\nSELECT now() - INTERVAL '1' DAYS AS t FROM key_verifications_v1\n                                 ^^\n",
    ),
    (
        "SELECT now() - INTERVAL '1' HOURS AS t FROM key_verifications_v1",
        "line 0:34 unknown interval type: <\"HOURS\">\nSELECT now() - INTERVAL '1' HOURS AS t FROM key_verifications_v1\n                                  ^^\n",
    ),
    (
        "SELECT now() - INTERVAL '1' MICROSECOND AS t FROM key_verifications_v1",
        "line 0:40 unknown interval type: <\"MICROSECOND\">\nSELECT now() - INTERVAL '1' MICROSECOND AS t FROM key_verifications_v1\n                                        ^^\n",
    ),
    (
        "SELECT now() - INTERVAL '1' MINUTES AS t FROM key_verifications_v1",
        "line 0:36 unknown interval type: <\"MINUTES\">\nSELECT now() - INTERVAL '1' MINUTES AS t FROM key_verifications_v1\n                                    ^^\n",
    ),
    (
        "SELECT now() - INTERVAL '1' MONTHS AS t FROM key_verifications_v1",
        "line 0:35 unknown interval type: <\"MONTHS\">\nSELECT now() - INTERVAL '1' MONTHS AS t FROM key_verifications_v1\n                                   ^^\n",
    ),
    (
        "SELECT now() - INTERVAL '1' NANOSECOND AS t FROM key_verifications_v1",
        "line 0:39 unknown interval type: <\"NANOSECOND\">\nSELECT now() - INTERVAL '1' NANOSECOND AS t FROM key_verifications_v1\n                                       ^^\n",
    ),
    (
        "SELECT now() - INTERVAL '1' SECONDS AS t FROM key_verifications_v1",
        "line 0:36 unknown interval type: <\"SECONDS\">\nSELECT now() - INTERVAL '1' SECONDS AS t FROM key_verifications_v1\n                                    ^^\n",
    ),
    (
        "SELECT now() - INTERVAL '1' WEEKS AS t FROM key_verifications_v1",
        "line 0:34 unknown interval type: <\"WEEKS\">\nSELECT now() - INTERVAL '1' WEEKS AS t FROM key_verifications_v1\n                                  ^^\n",
    ),
    (
        "SELECT now() - INTERVAL '1' YEARS AS t FROM key_verifications_v1",
        "line 0:34 unknown interval type: <\"YEARS\">\nSELECT now() - INTERVAL '1' YEARS AS t FROM key_verifications_v1\n                                  ^^\n",
    ),
    (
        "SELECT now() - INTERVAL '1' days AS t FROM key_verifications_v1",
        "line 0:33 unknown interval type: <\"days\">\nSELECT now() - INTERVAL '1' days AS t FROM key_verifications_v1\n                                 ^^\n",
    ),
    (
        "SELECT now() AT TIME ZONE 'UTC' AS t FROM key_verifications_v1",
        "line 0:16 <EOF> or ';' was expected, but got: \"TIME\"\nSELECT now() AT TIME ZONE 'UTC' AS t FROM key_verifications_v1\n                ^^^^\n",
    ),
    (
        "SELECT outcome AS 'o' FROM key_verifications_v1",
        "line 0:19 expected the last token kind is: <ident>, but got <string>\nSELECT outcome AS 'o' FROM key_verifications_v1\n                   ^\n",
    ),
    (
        "SELECT outcome AS o FROM key_verifications_v1 LIMIT 1 BY o ORDER BY o",
        "line 0:59 <EOF> or ';' was expected, but got: \"ORDER\"\nSELECT outcome AS o FROM key_verifications_v1 LIMIT 1 BY o ORDER BY o\n                                                           ^^^^^\n",
    ),
    (
        "SELECT outcome FROM key_verifications_v1 GROUP BY outcome x",
        "line 0:58 <EOF> or ';' was expected, but got: \"x\"\nSELECT outcome FROM key_verifications_v1 GROUP BY outcome x\n                                                          ^\n",
    ),
    (
        "SELECT outcome FROM key_verifications_v1 LIMIT 1 ORDER BY outcome",
        "line 0:49 <EOF> or ';' was expected, but got: \"ORDER\"\nSELECT outcome FROM key_verifications_v1 LIMIT 1 ORDER BY outcome\n                                                 ^^^^^\n",
    ),
    (
        "SELECT outcome FROM key_verifications_v1 OFFSET 1",
        "line 0:41 <EOF> or ';' was expected, but got: \"OFFSET\"\nSELECT outcome FROM key_verifications_v1 OFFSET 1\n                                         ^^^^^^\n",
    ),
    (
        "SELECT outcome FROM key_verifications_v1 ORDER BY ALL COLLATE 'en'",
        "line 0:54 <EOF> or ';' was expected, but got: \"COLLATE\"\nSELECT outcome FROM key_verifications_v1 ORDER BY ALL COLLATE 'en'\n                                                      ^^^^^^^\n",
    ),
    (
        "SELECT outcome FROM key_verifications_v1 ORDER BY outcome DESC COLLATE 'en'",
        "line 0:63 <EOF> or ';' was expected, but got: \"COLLATE\"\nSELECT outcome FROM key_verifications_v1 ORDER BY outcome DESC COLLATE 'en'\n                                                               ^^^^^^^\n",
    ),
    (
        "SELECT outcome FROM key_verifications_v1 ORDER BY outcome DESC NULLS LAST, key_id",
        "line 0:63 <EOF> or ';' was expected, but got: \"NULLS\"\nSELECT outcome FROM key_verifications_v1 ORDER BY outcome DESC NULLS LAST, key_id\n                                                               ^^^^^\n",
    ),
    (
        "SELECT outcome FROM key_verifications_v1 ORDER BY outcome LIMIT 1 BY outcome ORDER BY outcome",
        "line 0:77 <EOF> or ';' was expected, but got: \"ORDER\"\nSELECT outcome FROM key_verifications_v1 ORDER BY outcome LIMIT 1 BY outcome ORDER BY outcome\n                                                                             ^^^^^\n",
    ),
    (
        "SELECT outcome FROM key_verifications_v1 ORDER BY outcome LIMIT 10 WITH TIES",
        "line 0:67 <EOF> or ';' was expected, but got: \"WITH\"\nSELECT outcome FROM key_verifications_v1 ORDER BY outcome LIMIT 10 WITH TIES\n                                                                   ^^^^\n",
    ),
    (
        "SELECT outcome FROM key_verifications_v1 ORDER BY outcome NULLS FIRST",
        "line 0:58 <EOF> or ';' was expected, but got: \"NULLS\"\nSELECT outcome FROM key_verifications_v1 ORDER BY outcome NULLS FIRST\n                                                          ^^^^^\n",
    ),
    (
        "SELECT outcome FROM key_verifications_v1 ORDER BY outcome OFFSET 2 ROWS",
        "line 0:58 <EOF> or ';' was expected, but got: \"OFFSET\"\nSELECT outcome FROM key_verifications_v1 ORDER BY outcome OFFSET 2 ROWS\n                                                          ^^^^^^\n",
    ),
    (
        "SELECT outcome FROM key_verifications_v1 ORDER BY outcome OFFSET 2 ROWS FETCH NEXT 1 ROWS ONLY",
        "line 0:58 <EOF> or ';' was expected, but got: \"OFFSET\"\nSELECT outcome FROM key_verifications_v1 ORDER BY outcome OFFSET 2 ROWS FETCH NEXT 1 ROWS ONLY\n                                                          ^^^^^^\n",
    ),
    (
        "SELECT outcome FROM key_verifications_v1 ORDER BY outcome x",
        "line 0:58 <EOF> or ';' was expected, but got: \"x\"\nSELECT outcome FROM key_verifications_v1 ORDER BY outcome x\n                                                          ^\n",
    ),
    (
        "SELECT outcome FROM nope LIMIT 1 ORDER BY outcome",
        "line 0:33 <EOF> or ';' was expected, but got: \"ORDER\"\nSELECT outcome FROM nope LIMIT 1 ORDER BY outcome\n                                 ^^^^^\n",
    ),
    (
        "SELECT outcome o o2 FROM key_verifications_v1",
        "line 0:17 <EOF> or ';' was expected, but got: \"o2\"\nSELECT outcome o o2 FROM key_verifications_v1\n                 ^^\n",
    ),
    (
        "SELECT outcome || '!' FROM key_verifications_v1",
        "line 0:15 <EOF> or ';' was expected, but got: \"||\"\nSELECT outcome || '!' FROM key_verifications_v1\n               ^^\n",
    ),
    (
        "SELECT outcome || 'x' || 'y' AS c, count() AS n FROM key_verifications_v1 GROUP BY outcome || 'x'",
        "line 0:15 <EOF> or ';' was expected, but got: \"||\"\nSELECT outcome || 'x' || 'y' AS c, count() AS n FROM key_verifications_v1 GROUP BY outcome || 'x'\n               ^^\n",
    ),
    (
        "SELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY GROUPING SETS outcome",
        "line 0:78 expected the last token kind is: (, but got <ident>\nSELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY GROUPING SETS outcome\n                                                                              ^^^^^^^\n",
    ),
    (
        "SELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY outcome HAVING n > 0 WITH CUBE",
        "line 0:85 <EOF> or ';' was expected, but got: \"WITH\"\nSELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY outcome HAVING n > 0 WITH CUBE\n                                                                                     ^^^^\n",
    ),
    (
        "SELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY outcome WITH FILL",
        "line 0:77 expected CUBE, ROLLUP or TOTALS, got <keyword>\nSELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY outcome WITH FILL\n                                                                             ^^^^\n",
    ),
    (
        "SELECT outcome, key_id FROM key_verifications_v1 LIMIT 1 BY outcome LIMIT 1 BY key_id",
        "line 0:76 <EOF> or ';' was expected, but got: \"BY\"\nSELECT outcome, key_id FROM key_verifications_v1 LIMIT 1 BY outcome LIMIT 1 BY key_id\n                                                                            ^^\n",
    ),
    (
        "SELECT spent_credits AS c, count() OVER (ORDER BY c RANGE BETWEEN 1 + 1 PRECEDING AND CURRENT ROW) AS n FROM key_verifications_v1 ORDER BY c",
        "line 0:68 expected PRECEDING or FOLLOWING, got +\nSELECT spent_credits AS c, count() OVER (ORDER BY c RANGE BETWEEN 1 + 1 PRECEDING AND CURRENT ROW) AS n FROM key_verifications_v1 ORDER BY c\n                                                                    ^\n",
    ),
    (
        "SELECT spent_credits AS c, count() OVER (ORDER BY c RANGE BETWEEN 1.5 PRECEDING AND CURRENT ROW) AS n FROM key_verifications_v1 ORDER BY c",
        "line 0:66 expected UNBOUNDED, CURRENT ROW, integer, parameter, or interval\nSELECT spent_credits AS c, count() OVER (ORDER BY c RANGE BETWEEN 1.5 PRECEDING AND CURRENT ROW) AS n FROM key_verifications_v1 ORDER BY c\n                                                                  ^^^\n",
    ),
    (
        "SELECT spent_credits AS c, count() OVER (ORDER BY c ROWS BETWEEN -1 PRECEDING AND CURRENT ROW) AS n FROM key_verifications_v1 ORDER BY c",
        "line 0:65 expected UNBOUNDED, CURRENT ROW, integer, parameter, or interval\nSELECT spent_credits AS c, count() OVER (ORDER BY c ROWS BETWEEN -1 PRECEDING AND CURRENT ROW) AS n FROM key_verifications_v1 ORDER BY c\n                                                                 ^\n",
    ),
    (
        "SELECT spent_credits AS c, count() OVER (ORDER BY c ROWS BETWEEN 1 + 1 PRECEDING AND CURRENT ROW) AS n FROM key_verifications_v1 ORDER BY c",
        "line 0:67 expected PRECEDING or FOLLOWING, got +\nSELECT spent_credits AS c, count() OVER (ORDER BY c ROWS BETWEEN 1 + 1 PRECEDING AND CURRENT ROW) AS n FROM key_verifications_v1 ORDER BY c\n                                                                   ^\n",
    ),
    (
        "SELECT spent_credits AS c, count() OVER (ORDER BY c ROWS BETWEEN CURRENT ROW AND (1) FOLLOWING) AS n FROM key_verifications_v1 ORDER BY c",
        "line 0:81 expected UNBOUNDED, CURRENT ROW, integer, parameter, or interval\nSELECT spent_credits AS c, count() OVER (ORDER BY c ROWS BETWEEN CURRENT ROW AND (1) FOLLOWING) AS n FROM key_verifications_v1 ORDER BY c\n                                                                                 ^\n",
    ),
    (
        "SELECT spent_credits AS c, count() OVER (ORDER BY c ROWS BETWEEN toIntervalDay(1) PRECEDING AND CURRENT ROW) AS n FROM key_verifications_v1 ORDER BY c",
        "line 0:65 expected UNBOUNDED, CURRENT ROW, integer, parameter, or interval\nSELECT spent_credits AS c, count() OVER (ORDER BY c ROWS BETWEEN toIntervalDay(1) PRECEDING AND CURRENT ROW) AS n FROM key_verifications_v1 ORDER BY c\n                                                                 ^^^^^^^^^^^^^\n",
    ),
    (
        "SELECT spent_credits FROM key_verifications_v1 LIMIT 1 OFFSET 1 OFFSET 1",
        "line 0:64 <EOF> or ';' was expected, but got: \"OFFSET\"\nSELECT spent_credits FROM key_verifications_v1 LIMIT 1 OFFSET 1 OFFSET 1\n                                                                ^^^^^^\n",
    ),
    (
        "SELECT spent_credits FROM key_verifications_v1 LIMIT 1, 2 OFFSET 3",
        "line 0:58 <EOF> or ';' was expected, but got: \"OFFSET\"\nSELECT spent_credits FROM key_verifications_v1 LIMIT 1, 2 OFFSET 3\n                                                          ^^^^^^\n",
    ),
    (
        "SELECT spent_credits MOD 3 FROM key_verifications_v1",
        "line 0:25 <EOF> or ';' was expected, but got: \"3\"\nSELECT spent_credits MOD 3 FROM key_verifications_v1\n                         ^\n",
    ),
    (
        "SELECT spent_credits NOT BETWEEN 1 AND 2 AS b FROM key_verifications_v1",
        "line 0:25 expected IN, LIKE or ILIKE after NOT, got <keyword>\nSELECT spent_credits NOT BETWEEN 1 AND 2 AS b FROM key_verifications_v1\n                         ^^^^^^^\n",
    ),
    (
        "SELECT substring(outcome FROM 1 FOR 2) AS s FROM key_verifications_v1",
        "line 0:25 expected the last token kind is: ), but got <keyword>\nSELECT substring(outcome FROM 1 FOR 2) AS s FROM key_verifications_v1\n                         ^^^^\n",
    ),
    (
        "SELECT sum(spent_credits) +2 FROM key_verifications_v1",
        "line 0:26 <EOF> or ';' was expected, but got: \"+2\"\nSELECT sum(spent_credits) +2 FROM key_verifications_v1\n                          ^^\n",
    ),
    (
        "SELECT tag FROM key_verifications_v1 INNER ARRAY JOIN tags AS tag",
        "line 0:43 expected JOIN, got <keyword>\nSELECT tag FROM key_verifications_v1 INNER ARRAY JOIN tags AS tag\n                                           ^^^^^\n",
    ),
    (
        "SELECT tags[1]-1 FROM key_verifications_v1",
        "line 0:14 <EOF> or ';' was expected, but got: \"-1\"\nSELECT tags[1]-1 FROM key_verifications_v1\n              ^^\n",
    ),
    (
        "SELECT toStartOfInterval(time, INTERVAL 1 DAYS) AS t FROM key_verifications_v1",
        "line 0:46 unknown interval type: <\"DAYS\">\nSELECT toStartOfInterval(time, INTERVAL 1 DAYS) AS t FROM key_verifications_v1\n                                              ^\n",
    ),
    (
        "SELECT toStartOfInterval(time, INTERVAL 1 HOURS) AS t FROM key_verifications_v1",
        "line 0:47 unknown interval type: <\"HOURS\">\nSELECT toStartOfInterval(time, INTERVAL 1 HOURS) AS t FROM key_verifications_v1\n                                               ^\n",
    ),
    (
        "SELECT toStartOfInterval(time, INTERVAL 1 MICROSECOND) AS t FROM key_verifications_v1",
        "line 0:53 unknown interval type: <\"MICROSECOND\">\nSELECT toStartOfInterval(time, INTERVAL 1 MICROSECOND) AS t FROM key_verifications_v1\n                                                     ^\n",
    ),
    (
        "SELECT toStartOfInterval(time, INTERVAL 1 MINUTES) AS t FROM key_verifications_v1",
        "line 0:49 unknown interval type: <\"MINUTES\">\nSELECT toStartOfInterval(time, INTERVAL 1 MINUTES) AS t FROM key_verifications_v1\n                                                 ^\n",
    ),
    (
        "SELECT toStartOfInterval(time, INTERVAL 1 MONTHS) AS t FROM key_verifications_v1",
        "line 0:48 unknown interval type: <\"MONTHS\">\nSELECT toStartOfInterval(time, INTERVAL 1 MONTHS) AS t FROM key_verifications_v1\n                                                ^\n",
    ),
    (
        "SELECT toStartOfInterval(time, INTERVAL 1 NANOSECOND) AS t FROM key_verifications_v1",
        "line 0:52 unknown interval type: <\"NANOSECOND\">\nSELECT toStartOfInterval(time, INTERVAL 1 NANOSECOND) AS t FROM key_verifications_v1\n                                                    ^\n",
    ),
    (
        "SELECT toStartOfInterval(time, INTERVAL 1 SECONDS) AS t FROM key_verifications_v1",
        "line 0:49 unknown interval type: <\"SECONDS\">\nSELECT toStartOfInterval(time, INTERVAL 1 SECONDS) AS t FROM key_verifications_v1\n                                                 ^\n",
    ),
    (
        "SELECT toStartOfInterval(time, INTERVAL 1 WEEKS) AS t FROM key_verifications_v1",
        "line 0:47 unknown interval type: <\"WEEKS\">\nSELECT toStartOfInterval(time, INTERVAL 1 WEEKS) AS t FROM key_verifications_v1\n                                               ^\n",
    ),
    (
        "SELECT toStartOfInterval(time, INTERVAL 1 YEARS) AS t FROM key_verifications_v1",
        "line 0:47 unknown interval type: <\"YEARS\">\nSELECT toStartOfInterval(time, INTERVAL 1 YEARS) AS t FROM key_verifications_v1\n                                               ^\n",
    ),
    (
        "SELECT toStartOfInterval(time, INTERVAL 1 days) AS t FROM key_verifications_v1",
        "line 0:46 unknown interval type: <\"days\">\nSELECT toStartOfInterval(time, INTERVAL 1 days) AS t FROM key_verifications_v1\n                                              ^\n",
    ),
    (
        "SELECT trim(' ' FROM outcome) AS s FROM key_verifications_v1",
        "line 0:16 expected the last token kind is: ), but got <keyword>\nSELECT trim(' ' FROM outcome) AS s FROM key_verifications_v1\n                ^^^^\n",
    ),
    (
        "SELECT trim(LEADING 'V' FROM outcome) FROM key_verifications_v1",
        "line 0:21 expected the last token kind is: ), but got <string>\nSELECT trim(LEADING 'V' FROM outcome) FROM key_verifications_v1\n                     ^\n",
    ),
    (
        "SELECT v FROM (SELECT NULL AS v UNION ALL SELECT 1 AS v UNION ALL SELECT 2 AS v) ORDER BY v NULLS FIRST",
        "line 0:92 <EOF> or ';' was expected, but got: \"NULLS\"\nSELECT v FROM (SELECT NULL AS v UNION ALL SELECT 1 AS v UNION ALL SELECT 2 AS v) ORDER BY v NULLS FIRST\n                                                                                            ^^^^^\n",
    ),
    (
        "EXPLAIN SELECT 1 FROM key_verifications_v1",
        "line 0:8 expected SYNTAX, PIPELINE, ESTIMATE or AST, got <keyword>\nEXPLAIN SELECT 1 FROM key_verifications_v1\n        ^^^^^^\n",
    ),
    (
        "SELECT 1_000 FROM key_verifications_v1",
        "line 0:7 unexpected token kind: <eof>\nSELECT 1_000 FROM key_verifications_v1\n       ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 WHERE time >= 0X1B29BDF1613",
        "line 0:60 unexpected token kind: <eof>\nSELECT count() AS n FROM key_verifications_v1 WHERE time >= 0X1B29BDF1613\n                                                            ^\n",
    ),
    (
        "SELECT count() AS n FROM key_verifications_v1 LIMIT 1d",
        "line 0:52 unexpected token kind: <eof>\nSELECT count() AS n FROM key_verifications_v1 LIMIT 1d\n                                                    ^\n",
    ),
    (
        "SELECT count( FROM key_verifications_v1 WHERE time >= now() - INTERVAL 60 DAY",
        "line 0:19 expected the last token kind is: ), but got <ident>\nSELECT count( FROM key_verifications_v1 WHERE time >= now() - INTERVAL 60 DAY\n                   ^^^^^^^^^^^^^^^^^^^^\n",
    ),
    (
        "SELECT count() AS n FROM system.tables WHERE outcome REGEXP 'V'",
        "line 0:53 <EOF> or ';' was expected, but got: \"REGEXP\"\nSELECT count() AS n FROM system.tables WHERE outcome REGEXP 'V'\n                                                     ^^^^^^\n",
    ),
    (
        "SELECT 0b101 AS v FROM key_verifications_v1",
        "line 0:7 unexpected token kind: <eof>\nSELECT 0b101 AS v FROM key_verifications_v1\n       ^\n",
    ),
    (
        "SELECT 0x1p3 AS v FROM key_verifications_v1",
        "line 0:7 unexpected token kind: <eof>\nSELECT 0x1p3 AS v FROM key_verifications_v1\n       ^\n",
    ),
    (
        "SELECT * FROM key_verifications_v1 LIMIT 1 WHERE 1",
        "line 0:43 <EOF> or ';' was expected, but got: \"WHERE\"\nSELECT * FROM key_verifications_v1 LIMIT 1 WHERE 1\n                                           ^^^^^\n",
    ),
    (
        "SELECT outcome FROM key_verifications_v1 GROUP BY outcome WHERE 1",
        "line 0:58 <EOF> or ';' was expected, but got: \"WHERE\"\nSELECT outcome FROM key_verifications_v1 GROUP BY outcome WHERE 1\n                                                          ^^^^^\n",
    ),
    (
        "SELECT outcome FROM key_verifications_v1 HAVING 1 GROUP BY outcome",
        "line 0:50 <EOF> or ';' was expected, but got: \"GROUP\"\nSELECT outcome FROM key_verifications_v1 HAVING 1 GROUP BY outcome\n                                                  ^^^^^\n",
    ),
    (
        "SELECT outcome FROM key_verifications_v1 ORDER BY 1 GROUP BY 1",
        "line 0:52 <EOF> or ';' was expected, but got: \"GROUP\"\nSELECT outcome FROM key_verifications_v1 ORDER BY 1 GROUP BY 1\n                                                    ^^^^^\n",
    ),
    (
        "SELECT count() FROM key_verifications_v1 WHERE outcome = 'VALID' AND",
        "line 0:65 <EOF> or ';' was expected, but got: \"AND\"\nSELECT count() FROM key_verifications_v1 WHERE outcome = 'VALID' AND\n                                                                 ^^^\n",
    ),
    (
        "SELECT count() FROM key_verifications_v1 WHERE AND outcome = 'VALID'",
        "line 0:51 <EOF> or ';' was expected, but got: \"outcome\"\nSELECT count() FROM key_verifications_v1 WHERE AND outcome = 'VALID'\n                                                   ^^^^^^^\n",
    ),
    (
        "SELECT count() FROM key_verifications_v1 WHERE (outcome = 'VALID' OR) GROUP BY outcome",
        "line 0:68 unexpected token kind: )\nSELECT count() FROM key_verifications_v1 WHERE (outcome = 'VALID' OR) GROUP BY outcome\n                                                                    ^\n",
    ),
    (
        "SELECT count() FROM key_verifications_v1 WHERE spent_credits 1",
        "line 0:61 <EOF> or ';' was expected, but got: \"1\"\nSELECT count() FROM key_verifications_v1 WHERE spent_credits 1\n                                                             ^\n",
    ),
    (
        "SELECT count() FROM key_verifications_v1 WHERE f(outcome) 'x'",
        "line 0:59 <EOF> or ';' was expected, but got: \"x\"\nSELECT count() FROM key_verifications_v1 WHERE f(outcome) 'x'\n                                                           ^\n",
    ),
    (
        "SELECT key_id FROM key_verifications_v1 LIMIT 1 2",
        "line 0:48 <EOF> or ';' was expected, but got: \"2\"\nSELECT key_id FROM key_verifications_v1 LIMIT 1 2\n                                                ^\n",
    ),
    (
        "SELECT key_id FROM key_verifications_v1 LIMIT LIMIT 1",
        "line 0:52 <EOF> or ';' was expected, but got: \"1\"\nSELECT key_id FROM key_verifications_v1 LIMIT LIMIT 1\n                                                    ^\n",
    ),
    (
        "SELECT count() FROM key_verifications_v1 WHERE has(tags, '\\'' t1 '\\'')",
        "line 0:62 expected the last token kind is: ), but got <ident>\nSELECT count() FROM key_verifications_v1 WHERE has(tags, '\\'' t1 '\\'')\n                                                              ^^\n",
    ),
    (
        "SELECT count() FROM key_verifications_v1 WHERE has(tags, 't1' x)",
        "line 0:62 expected the last token kind is: ), but got <ident>\nSELECT count() FROM key_verifications_v1 WHERE has(tags, 't1' x)\n                                                              ^\n",
    ),
    (
        "SELECT SUM SUM(spent_credits) AS s FROM key_verifications_v1",
        "line 0:14 <EOF> or ';' was expected, but got: \"(\"\nSELECT SUM SUM(spent_credits) AS s FROM key_verifications_v1\n              ^\n",
    ),
    (
        "SELECT 1 DAY + INTERVAL 2 DAY AS t FROM key_verifications_v1",
        "line 0:13 <EOF> or ';' was expected, but got: \"+\"\nSELECT 1 DAY + INTERVAL 2 DAY AS t FROM key_verifications_v1\n             ^\n",
    ),
    (
        "SELECT 2 * time AS FROM key_verifications_per_hour_v1",
        "line 0:24 <EOF> or ';' was expected, but got: \"key_verifications_per_hour_v1\"\nSELECT 2 * time AS FROM key_verifications_per_hour_v1\n                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n",
    ),
    (
        "SELECT 1 1 AS a FROM key_verifications_v1",
        "line 0:9 <EOF> or ';' was expected, but got: \"1\"\nSELECT 1 1 AS a FROM key_verifications_v1\n         ^\n",
    ),
    (
        "/_local/clock",
        "line 0:0 unexpected token: \"/\"\n/_local/clock\n^\n",
    ),
    (
        "analytics.getVerifications",
        "line 0:0 unexpected token: \"analytics\"\nanalytics.getVerifications\n^^^^^^^^^\n",
    ),
    (
        "analytics.getVerifications",
        "line 0:0 unexpected token: \"analytics\"\nanalytics.getVerifications\n^^^^^^^^^\n",
    ),
    (
        "/_local/clock",
        "line 0:0 unexpected token: \"/\"\n/_local/clock\n^\n",
    ),
    (
        "tags LIKE '%t1%'",
        "line 0:0 unexpected token: \"tags\"\ntags LIKE '%t1%'\n^^^^\n",
    ),
    (
        "spent_credits LIKE '1%'",
        "line 0:0 unexpected token: \"spent_credits\"\nspent_credits LIKE '1%'\n^^^^^^^^^^^^^\n",
    ),
    (
        "time LIKE '17%'",
        "line 0:0 unexpected token: \"time\"\ntime LIKE '17%'\n^^^^\n",
    ),
    (
        "toDate(time) NOT LIKE '2026%'",
        "line 0:0 unexpected token: \"toDate\"\ntoDate(time) NOT LIKE '2026%'\n^^^^^^\n",
    ),
    (
        "(outcome = 'VALID') LIKE 't%'",
        "line 0:0 unexpected token: \"(\"\n(outcome = 'VALID') LIKE 't%'\n^\n",
    ),
    (
        "true LIKE 't%'",
        "line 0:0 unexpected token: \"true\"\ntrue LIKE 't%'\n^^^^\n",
    ),
    (
        "outcome LIKE false",
        "line 0:0 unexpected token: \"outcome\"\noutcome LIKE false\n^^^^^^^\n",
    ),
    (
        "outcome LIKE 5",
        "line 0:0 unexpected token: \"outcome\"\noutcome LIKE 5\n^^^^^^^\n",
    ),
    (
        "outcome ILIKE ['V%']",
        "line 0:0 unexpected token: \"outcome\"\noutcome ILIKE ['V%']\n^^^^^^^\n",
    ),
    (
        "spent_credits NOT ILIKE '1%'",
        "line 0:0 unexpected token: \"spent_credits\"\nspent_credits NOT ILIKE '1%'\n^^^^^^^^^^^^^\n",
    ),
    (
        "1 < 2 AND spent_credits + 1 LIKE '1%'",
        "line 0:0 unexpected token: \"1\"\n1 < 2 AND spent_credits + 1 LIKE '1%'\n^\n",
    ),
    (
        "toString([INTERVAL 1 DAY, INTERVAL 2 HOUR][1])",
        "line 0:0 unexpected token: \"toString\"\ntoString([INTERVAL 1 DAY, INTERVAL 2 HOUR][1])\n^^^^^^^^\n",
    ),
    (
        "toDate('2030-01-01') + [INTERVAL 1 DAY, INTERVAL 2 HOUR][2]",
        "line 0:0 unexpected token: \"toDate\"\ntoDate('2030-01-01') + [INTERVAL 1 DAY, INTERVAL 2 HOUR][2]\n^^^^^^\n",
    ),
    (
        "toDate('2030-01-01') + [INTERVAL 1 DAY, INTERVAL 2 DAY][-1]",
        "line 0:0 unexpected token: \"toDate\"\ntoDate('2030-01-01') + [INTERVAL 1 DAY, INTERVAL 2 DAY][-1]\n^^^^^^\n",
    ),
    (
        "x::Tuple(…)",
        "line 0:0 unexpected token: \"x\"\nx::Tuple(…)\n^\n",
    ),
    (
        "(literals)::T",
        "line 0:0 unexpected token: \"(\"\n(literals)::T\n^\n",
    ),
    (
        "CAST to Array(Nullable(String))",
        "line 0:0 unexpected token: \"CAST\"\nCAST to Array(Nullable(String))\n^^^^\n",
    ),
    (
        "CAST to Date32",
        "line 0:0 unexpected token: \"CAST\"\nCAST to Date32\n^^^^\n",
    ),
    (
        "::Decimal32",
        "line 0:0 unexpected token: \"::\"\n::Decimal32\n^^\n",
    ),
];

/// Upstream's 400 for `query`, one of [`UPSTREAM_SYNTAX_ERRORS`].
fn syntax_error(query: &str) -> (String, String) {
    let Some((_, wrapped)) = UPSTREAM_SYNTAX_ERRORS.iter().find(|(q, _)| *q == query) else {
        panic!("no syntax error of upstream's parser recorded for {query}");
    };
    (
        "invalid_analytics_query".into(),
        format!("Invalid SQL syntax: {wrapped}"),
    )
}

/// [`syntax_error`] where upstream's parser refuses `query`, else ClickHouse 25.6's syntax
/// error for upstream's text of it, "Invalid SQL syntax" through `ExtractUserFriendlyError`.
fn syntax_error_or_clickhouse(query: &str) -> (String, String) {
    if UPSTREAM_SYNTAX_ERRORS.iter().any(|(q, _)| *q == query) {
        return syntax_error(query);
    }
    (
        "invalid_analytics_query".into(),
        "Invalid SQL syntax".into(),
    )
}

/// Upstream's parser's syntax error for a `query` whose text varies between runs (it holds
/// an id): `head` is the wrapped error's first line as the Go parser writes it for the
/// query (`line L:C message`), `carets` the length of the last token it read; under it
/// `wrapError` writes the query's line `L`, and `C` spaces and the carets.
fn syntax_error_at(query: &str, head: &str, carets: usize) -> (String, String) {
    let (line, column) = head
        .strip_prefix("line ")
        .and_then(|h| h.split_once(' '))
        .and_then(|(at, _)| at.split_once(':'))
        .map(|(l, c)| (l.parse::<usize>().unwrap(), c.parse::<usize>().unwrap()))
        .unwrap();
    let text = query.split('\n').nth(line).unwrap();
    (
        "invalid_analytics_query".into(),
        format!(
            "Invalid SQL syntax: {head}\n{text}\n{}{}\n",
            " ".repeat(column),
            "^".repeat(carets)
        ),
    )
}

/// Asserts that upstream answers `query` with ClickHouse's refusal as `WrapClickHouseError`
/// words it: 400 `invalid_analytics_query` "Invalid analytics query".
fn assert_invalid(s: &Server, query: &str) {
    assert_eq!(
        refused(s, query),
        (
            "invalid_analytics_query".to_string(),
            "Invalid analytics query".to_string()
        ),
        "{query}"
    );
}

/// A date function given fewer or more arguments than ClickHouse 25.6 takes
/// (`toDateTime64(value, scale[, timezone])`, `date_trunc(unit, value[, timezone])`,
/// `toDate(value[, timezone])`, …) is its NUMBER_OF_ARGUMENTS_DOESNT_MATCH, and a string scale
/// its ILLEGAL_TYPE_OF_ARGUMENT: "Invalid analytics query". Here such calls reached this
/// server's SQLite functions, one of which read an argument past the last (rusqlite's
/// unchecked `get_raw`): a panic that aborted a release build, the whole server, and left a
/// debug build hanging on the next query. Every argument is now read through a checked
/// accessor (clippy.toml refuses the unchecked ones), and the server keeps answering.
#[test]
fn get_verifications__date_function_argument_counts() {
    let (s, _, _) = recorded();
    for q in [
        "SELECT toDateTime64(time) AS x FROM key_verifications_v1 LIMIT 1",
        "SELECT date_trunc() AS x FROM key_verifications_v1 LIMIT 1",
        "SELECT date_trunc('day') AS x FROM key_verifications_v1 LIMIT 1",
        "SELECT toDateTime64(time, 'UTC') AS x FROM key_verifications_v1 LIMIT 1",
        "SELECT toDateTime64(time, 'UTC', 'UTC') AS x FROM key_verifications_v1 LIMIT 1",
        "SELECT toDateTime64(time, 3, 'UTC', 'UTC') AS x FROM key_verifications_v1 LIMIT 1",
        "SELECT toDate(time, 'UTC', 'UTC') AS x FROM key_verifications_v1 LIMIT 1",
        "SELECT toDateTime(time, 'UTC', 'UTC') AS x FROM key_verifications_v1 LIMIT 1",
        "SELECT toStartOfDay() AS x FROM key_verifications_v1 LIMIT 1",
        "SELECT toStartOfWeek(time, 1, 'UTC', 1) AS x FROM key_verifications_v1 LIMIT 1",
        "SELECT formatDateTime(now()) AS x FROM key_verifications_v1 LIMIT 1",
        "SELECT today(1) AS x FROM key_verifications_v1 LIMIT 1",
        "SELECT now64(3, 'UTC', 1) AS x FROM key_verifications_v1 LIMIT 1",
    ] {
        assert_invalid(&s, q);
    }
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1"),
        json!([{"n": 4}])
    );
}

/// Upstream's parser ends a list at a trailing comma it keeps no item for (AfterShip
/// v0.4.18's parseColumnExprListWithTerm and parseColumnArgList, at the end of the query or
/// before the list's `)`), and writes the query back without the comma, which ClickHouse then
/// runs: `GROUP BY outcome,` ending a query, `LIMIT 1 BY key_id,`, `IN ('VALID', )`,
/// `count(key_id, )`. A trailing comma anywhere else stays upstream's syntax error.
#[test]
fn query_parser__trailing_commas_upstream_writes_back_without() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(
            &s,
            "SELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY outcome,"
        ),
        json!([{"outcome": "VALID", "n": 4}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE outcome IN ('VALID', )"
        ),
        json!([{"n": 4}])
    );
    assert_eq!(
        run(&s, "SELECT count(key_id, ) AS n FROM key_verifications_v1"),
        json!([{"n": 4}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT outcome FROM key_verifications_v1 ORDER BY time LIMIT 1 BY outcome,"
        ),
        json!([{"outcome": "VALID"}])
    );
    // (A comma that is an ORDER BY list's last token is its error.)
    let q = "SELECT outcome FROM key_verifications_v1 ORDER BY outcome,";
    assert_eq!(
        refused(&s, q),
        syntax_error_at(q, "line 0:57 <EOF> or ';' was expected, but got: \",\"", 1)
    );
}

/// tables_test.go TestParser_UNIONWithTables, "UNION ALL with another allowed table", and
/// "UNION DISTINCT to system tables" / "UNION ALL to bypass deduplication" (refused tables).
#[test]
fn query_parser__union_with_tables() {
    let (s, _, _) = recorded();
    let rows = run(
        &s,
        "SELECT key_id FROM key_verifications_v1 UNION ALL SELECT key_id FROM key_verifications_v1",
    );
    assert_eq!(
        rows.as_array().unwrap().len(),
        8,
        "UNION ALL keeps duplicates"
    );
    let rows = run(
        &s,
        "SELECT key_space_id FROM key_verifications_v1 UNION DISTINCT SELECT key_space_id FROM key_verifications_per_day_v1",
    );
    assert_eq!(rows.as_array().unwrap().len(), 2, "UNION DISTINCT dedupes");
    // Each arm keeps its own ORDER BY and LIMIT.
    let rows = run(
        &s,
        "SELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY outcome ORDER BY n DESC LIMIT 1 UNION ALL SELECT 'all' AS outcome, count() AS n FROM key_verifications_v1",
    );
    assert_eq!(
        rows,
        json!([{"outcome": "VALID", "n": 4}, {"outcome": "all", "n": 4}])
    );
    for q in [
        "SELECT key_id FROM key_verifications_v1 UNION DISTINCT SELECT name FROM system.tables",
        "SELECT key_id FROM key_verifications_v1 UNION ALL SELECT name FROM system.databases",
        "SELECT key_id FROM key_verifications_v1 UNION DISTINCT SELECT id FROM default.secrets",
    ] {
        let (ty, detail) = refused(&s, q);
        assert_eq!(ty, "invalid_analytics_table", "{q}");
        assert!(detail.ends_with("is not allowed"), "{detail}");
    }
}

/// tables_test.go, the subquery cases: "subquery in FROM with allowed table", "subquery with
/// aggregation not selecting workspace_id", a scalar subquery and an `IN (SELECT …)` over an
/// allowed table; "subquery in WHERE with system table", "nested subquery with system table",
/// "scalar subquery with system table" are refused.
#[test]
fn query_parser__subqueries() {
    let (s, ks_a, _) = recorded();
    let rows = run(
        &s,
        "SELECT * FROM (SELECT key_space_id FROM key_verifications_v1 LIMIT 10000) LIMIT 5",
    );
    assert_eq!(rows.as_array().unwrap().len(), 4);
    let rows = run(
        &s,
        "SELECT ks, verifications FROM (SELECT key_space_id AS ks, SUM(count) AS verifications FROM key_verifications_per_day_v1 WHERE time >= now() - INTERVAL 7 DAY GROUP BY ks) ORDER BY verifications DESC",
    );
    assert_eq!(rows[0], json!({"ks": ks_a, "verifications": 3}));
    let rows = run(
        &s,
        "SELECT key_space_id, (SELECT COUNT(*) FROM key_verifications_v1) AS total FROM key_verifications_v1 WHERE key_space_id IN (SELECT key_space_id FROM key_verifications_v1 WHERE outcome = 'USAGE_EXCEEDED') LIMIT 1",
    );
    assert_eq!(rows, json!([]), "no verification ran out of credits");
    let rows = run(
        &s,
        "SELECT t.key_space_id AS k, (SELECT COUNT(*) FROM key_verifications_v1) AS total FROM key_verifications_v1 AS t WHERE t.key_space_id IN (SELECT key_space_id FROM key_verifications_v1 WHERE has(tags, 't1')) LIMIT 1",
    );
    assert_eq!(rows, json!([{"k": ks_a, "total": 4}]));
    for q in [
        "SELECT * FROM key_verifications_v1 WHERE key_id IN (SELECT key_id FROM system.tables)",
        "SELECT * FROM (SELECT * FROM (SELECT * FROM system.tables) t1) t2",
        "SELECT key_id, (SELECT COUNT(*) FROM system.tables) AS cnt FROM key_verifications_v1",
    ] {
        assert_eq!(refused(&s, q).0, "invalid_analytics_table", "{q}");
    }
    // The retention check applies to every SELECT's WHERE, nested ones too.
    let (ty, _) = refused(
        &s,
        "SELECT count() FROM (SELECT * FROM key_verifications_v1 WHERE time >= now() - INTERVAL 40 DAY)",
    );
    assert_eq!(ty, "query_range_exceeds_retention");
}

/// tables_test.go, the CTE cases: "CTE with allowed table should work", "Multiple CTEs with
/// allowed tables"; "CTE with system table", "Nested CTEs with system table" are refused; and
/// TestParser_RejectsCTEsThatShadowPublicAliases, "verification alias" and "nested
/// verification alias".
#[test]
fn query_parser__ctes() {
    let (s, ks_a, _) = recorded();
    let rows = run(
        &s,
        "WITH t AS (SELECT key_space_id FROM key_verifications_v1) SELECT count() AS n FROM t",
    );
    assert_eq!(rows, json!([{"n": 4}]));
    let rows = run(
        &s,
        "WITH t1 AS (SELECT key_space_id, spent_credits FROM key_verifications_v1), t2 AS (SELECT key_space_id, SUM(spent_credits) AS spent FROM t1 GROUP BY key_space_id) SELECT key_space_id, spent FROM t2 ORDER BY spent DESC LIMIT 1",
    );
    assert_eq!(rows, json!([{"key_space_id": ks_a, "spent": 15}]));
    for q in [
        "WITH t AS (SELECT * FROM system.tables) SELECT * FROM t",
        "WITH t1 AS (SELECT * FROM key_verifications_v1), t2 AS (SELECT * FROM t1), t3 AS (SELECT * FROM system.tables) SELECT * FROM t2",
    ] {
        assert_eq!(refused(&s, q).0, "invalid_analytics_table", "{q}");
    }
    for q in [
        "WITH key_verifications_v1 AS (SELECT 1 AS total) SELECT count() FROM key_verifications_v1",
        "SELECT * FROM (WITH key_verifications_v1 AS (SELECT 1 AS total) SELECT total FROM key_verifications_v1)",
    ] {
        assert_eq!(
            refused(&s, q),
            (
                "invalid_analytics_table".to_string(),
                "CTE name 'key_verifications_v1' conflicts with a public table name".to_string()
            ),
            "{q}"
        );
    }
    // As upstream, only a top-level WITH names a table a FROM may read.
    let (ty, detail) = refused(
        &s,
        "SELECT * FROM (WITH t AS (SELECT 1 AS x) SELECT x FROM t)",
    );
    assert_eq!(
        (ty.as_str(), detail.as_str()),
        (
            "invalid_analytics_table",
            "Access to table 't' is not allowed"
        )
    );
}

/// validation.go's allowed aggregates beyond the basics: `quantile(level)(x)` (interpolated
/// between neighbours) and `quantile(x)` (the median), `any`, `groupArray`, `groupUniqArray`,
/// `sumIf`.
#[test]
fn get_verifications__aggregates_quantile_any_group_array() {
    let (s, ks_a, _) = recorded();
    let rows = run(
        &s,
        &format!("SELECT quantile(0.5)(spent_credits) AS p50, quantile(spent_credits) AS median, quantile(0.9)(spent_credits) AS p90, any(key_space_id) AS ks, groupArray(outcome) AS outcomes, groupUniqArray(key_space_id) AS spaces, sumIf(spent_credits, outcome = 'VALID') AS spent FROM key_verifications_v1 WHERE key_space_id = '{ks_a}'"),
    );
    // spent credits 1, 4, 10: p50 4, p90 4 + 0.8 × 6.
    let row = &rows[0];
    assert_eq!(row["p50"], json!(4));
    assert_eq!(row["median"], json!(4));
    assert!((row["p90"].as_f64().unwrap() - 8.8).abs() < 1e-9, "{row}");
    assert_eq!(row["ks"], json!(ks_a));
    assert_eq!(row["outcomes"], json!(["VALID", "VALID", "VALID"]));
    assert_eq!(row["spaces"], json!([ks_a]));
    assert_eq!(row["spent"], json!(15));
}

/// `toStartOfQuarter` and `INTERVAL n MONTH|QUARTER|YEAR` (calendar months, the day clamped
/// to the month's end, as ClickHouse adds them), also in the retention check.
#[test]
fn get_verifications__quarters_and_calendar_intervals() {
    let s = Server::start(&[
        "--analytics",
        "--frozen-clock",
        "--analytics-retention-days",
        "400",
    ]);
    // 2030-03-31 12:00 UTC.
    let r = s.request(
        "POST",
        "/_local/clock",
        &[],
        json!({"set": 1_901_188_800_000i64}).to_string().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    s.verify(json!({"key": k}));
    let rows = run(
        &s,
        "SELECT toStartOfQuarter(fromUnixTimestamp64Milli(time)) AS q, now() - INTERVAL 1 MONTH AS m, now() + INTERVAL 1 QUARTER AS q1, toStartOfMonth(now()) - INTERVAL 1 YEAR + INTERVAL 1 DAY AS y FROM key_verifications_v1",
    );
    // Dates and times, as ClickHouse's `Date`/`DateTime` are answered.
    assert_eq!(
        rows,
        json!([{
            "q": "2030-01-01T00:00:00Z",
            "m": "2030-02-28T12:00:00Z", // 31 March less a month, clamped
            "q1": "2030-06-30T12:00:00Z",
            "y": "2029-03-02T00:00:00Z",
        }])
    );
    // The raw `time` is Unix ms, so the bounds are too (as upstream's route tests write them);
    // against `now() + INTERVAL 1 YEAR` itself, a `DateTime` compared as its seconds, no row's
    // ms is smaller (FunctionsComparison.h), as on the real server.
    let rows = run(
        &s,
        "SELECT count() AS n FROM key_verifications_v1 WHERE time >= toUnixTimestamp64Milli(now64(3) - INTERVAL 1 MONTH) AND time < toUnixTimestamp64Milli(now64(3) + INTERVAL 1 YEAR)",
    );
    assert_eq!(rows, json!([{"n": 1}]));
    let rows = run(
        &s,
        "SELECT count() AS n FROM key_verifications_v1 WHERE time >= now() - INTERVAL 1 MONTH AND time < now() + INTERVAL 1 YEAR",
    );
    assert_eq!(rows, json!([{"n": 0}]));
    let (ty, detail) = refused(
        &s,
        "SELECT count() FROM key_verifications_v1 WHERE time >= now() - INTERVAL 2 YEAR",
    );
    assert_eq!(ty, "query_range_exceeds_retention");
    assert!(detail.contains("from 2028-03-31"), "{detail}");
}

/// More of validation.go's allowed functions: rounding, conversions, strings, `CASE`,
/// `toInterval…` of fixed length in a comparison; and what is still refused: functions outside
/// upstream's list with upstream's error (the name in lower case), a bare `UNION` with
/// upstream's text, and the forms upstream allows that unkey-local does not run with their
/// own texts.
#[test]
fn get_verifications__more_functions_and_refusals() {
    let (s, _, _) = recorded();
    let rows = run(
        &s,
        "SELECT round(2.567, 2) AS r, floor(1.5) AS f, ceil(1.2) AS c, toString(7) AS ts, toInt64('12') AS ti, toFloat64(1) AS tf, length('abc') AS l, concat('a', 'b', 1) AS cc, substring('abcdef', 2, 3) AS sub, trim('  x ') AS tr, startsWith('abc', 'ab') AS sw, endsWith('abc', 'bc') AS ew, CASE WHEN 1 = 1 THEN 'yes' ELSE 'no' END AS cs, count() AS n FROM key_verifications_v1",
    );
    assert_eq!(
        rows,
        json!([{"r": 2.57, "f": 1, "c": 2, "ts": "7", "ti": 12, "tf": 1, "l": 3, "cc": "ab1",
                "sub": "bcd", "tr": "x", "sw": 1, "ew": 1, "cs": "yes", "n": 4}])
    );
    let rows = run(
        &s,
        "SELECT count() AS n FROM key_verifications_v1 WHERE time >= now() - toIntervalHour(1)",
    );
    assert_eq!(rows, json!([{"n": 4}]));
    for (q, ty, detail) in [
        (
            "SELECT median(spent_credits) FROM key_verifications_v1",
            "invalid_analytics_function",
            "Function 'median' is not allowed",
        ),
        (
            "SELECT dictGet('d', 'a', key_id) FROM key_verifications_v1",
            "invalid_analytics_function",
            "Function 'dictget' is not allowed",
        ),
        (
            "SELECT * FROM file('/etc/passwd', 'CSV')",
            "invalid_analytics_function",
            "Table function 'file' is not allowed for security reasons",
        ),
        // (A `UNION` without `ALL` or `DISTINCT` is upstream's parser's syntax error,
        // AfterShip v0.4.18's parseSelectQuery: "expected ALL or DISTINCT".)
        (
            "SELECT count() FROM key_verifications_v1 UNION SELECT 1 FROM key_verifications_v1",
            "invalid_analytics_query",
            "Invalid SQL syntax: line 0:47 expected ALL or DISTINCT, got <keyword>\nSELECT count() FROM key_verifications_v1 UNION SELECT 1 FROM key_verifications_v1\n                                               ^^^^^^\n",
        ),
        (
            "SELECT * FROM key_verifications_v1 SETTINGS max_execution_time = 0",
            "invalid_analytics_query",
            "SETTINGS clauses are not allowed",
        ),
    ] {
        assert_eq!(refused(&s, q), (ty.to_string(), detail.to_string()), "{q}");
    }
    // parser.go's limits: 64 projected columns in all, and a bounded query size.
    let many = vec!["key_id"; 65].join(", ");
    assert_eq!(
        refused(&s, &format!("SELECT {many} FROM key_verifications_v1")).1,
        "Analytics query projects too many columns"
    );
    let deep = format!(
        "SELECT count() FROM {}key_verifications_v1{}",
        "(SELECT * FROM ".repeat(70),
        ")".repeat(70)
    );
    // (71 `SELECT`s of one item each: their 71 items cross validateComplexity's 64 projected
    // columns in its walk before its 2,000 nodes, some 500 here; the Go parser's walk.)
    assert_eq!(
        refused(&s, &deep).1,
        "Analytics query projects too many columns"
    );
    // validateComplexity's 2,000 nodes of its parser's tree (limits_test.go
    // TestParser_RejectsComplexAST: `1 + ` 2,000 times), checked before the tables and
    // functions, so these answer at once rather than after a long translation: a chain of
    // 1,001 terms (2,009 nodes by upstream's walk), 700 `OR`ed comparisons, parentheses 700
    // deep (3 nodes each there), calls 700 deep (5 each).
    let chain = vec!["1"; 1001].join(" + ");
    let ors: Vec<String> = (0..700).map(|i| format!("key_id = 'k{i}'")).collect();
    for q in [
        format!("SELECT {chain} AS x FROM key_verifications_v1"),
        format!("SELECT {chain} AS x FROM system.tables"),
        format!(
            "SELECT count() FROM key_verifications_v1 WHERE {}",
            ors.join(" OR ")
        ),
        format!(
            "SELECT {}1{} AS x FROM key_verifications_v1",
            "(".repeat(700),
            ")".repeat(700)
        ),
        format!(
            "SELECT {}1{} AS x FROM key_verifications_v1",
            "abs(".repeat(700),
            ")".repeat(700)
        ),
    ] {
        assert_eq!(refused(&s, &q).1, "Analytics query is too complex");
    }
    // Below the limit (300 terms: 609 nodes there) the query reaches ClickHouse, whose parser
    // nests each `+` in the one before (`plus(plus(1, 1), 1)`, ExpressionListParsers.cpp:
    // only `AND`, `OR` and `||` are `OperatorType::Mergeable`): 299 calls of two levels
    // each (the function and its argument list) are far past upstream's `max_ast_depth = 100`
    // (pkg/clickhouse/user.go `AnalyticsASTDepthMax`), ClickHouse's TOO_DEEP_AST "AST is too
    // deep. Maximum: 100" (IAST.cpp `checkDepthImpl`, executeQuery.cpp `checkASTSizeLimits`,
    // before any analysis), which holds none of errors.go's resource words: "Invalid
    // analytics query".
    let chain = vec!["1"; 300].join(" + ");
    let q = format!("SELECT {chain} AS x FROM key_verifications_v1 LIMIT 1");
    assert_eq!(refused(&s, &q).1, "Invalid analytics query");
    // 40 terms: the deepest literal 4 + 2 * 39 = 82 levels down (`ASTSelectWithUnionQuery`,
    // its list, the `SELECT`, its select list, then the calls): it runs.
    let chain = vec!["1"; 40].join(" + ");
    assert_eq!(
        run(
            &s,
            &format!("SELECT {chain} AS x FROM key_verifications_v1 LIMIT 1")
        ),
        json!([{"x": 40}])
    );
}

/// The rollups' `time` is ClickHouse's `DateTime` (`Date` for the days and months, as
/// upstream's pkg/clickhouse/schema 004 and 005 declare it), which upstream's answers write as
/// RFC 3339 times; it compares with `now()` as a time.
#[test]
fn get_verifications__rollup_time_is_a_datetime() {
    let s = Server::start(&[
        "--analytics",
        "--frozen-clock",
        "--analytics-retention-days",
        "400",
    ]);
    // 2030-03-31 12:34:56 UTC.
    let r = s.request(
        "POST",
        "/_local/clock",
        &[],
        json!({"set": 1_901_190_896_000i64}).to_string().as_bytes(),
    );
    assert_eq!(r.status, 200);
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    s.verify(json!({"key": k}));
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    assert_eq!(
        q("SELECT time, SUM(count) AS c FROM key_verifications_per_day_v1 WHERE time >= now() - INTERVAL 1 DAY GROUP BY time"),
        json!([{"time": "2030-03-31T00:00:00Z", "c": 1}])
    );
    assert_eq!(
        q("SELECT time FROM key_verifications_per_hour_v1"),
        json!([{"time": "2030-03-31T12:00:00Z"}])
    );
    assert_eq!(
        q("SELECT d FROM (SELECT time AS d FROM key_verifications_per_month_v1)"),
        json!([{"d": "2030-03-01T00:00:00Z"}])
    );
    // The raw table's `time` is Int64 Unix ms there too.
    assert_eq!(
        q("SELECT time FROM key_verifications_v1"),
        json!([{"time": 1_901_190_896_000i64}])
    );
}

/// validation.go's `formatDateTime` (a String) and `date_trunc` (weeks from Monday).
#[test]
fn get_verifications__format_datetime_and_date_trunc() {
    let s = Server::start(&[
        "--analytics",
        "--frozen-clock",
        "--analytics-retention-days",
        "400",
    ]);
    // Sunday 2030-03-31 12:34:56 UTC.
    let r = s.request(
        "POST",
        "/_local/clock",
        &[],
        json!({"set": 1_901_190_896_000i64}).to_string().as_bytes(),
    );
    assert_eq!(r.status, 200);
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    s.verify(json!({"key": k}));
    let rows = s.ok(
        "analytics.getVerifications",
        json!({"query": "SELECT formatDateTime(fromUnixTimestamp64Milli(time), '%Y-%m-%d %H:%i:%S') AS f, formatDateTime(fromUnixTimestamp64Milli(time), '%F %T %p %M %b %j %u') AS g, date_trunc('week', fromUnixTimestamp64Milli(time)) AS w, date_trunc('month', fromUnixTimestamp64Milli(time)) AS m, date_trunc('hour', fromUnixTimestamp64Milli(time)) AS h FROM key_verifications_v1"}),
    );
    assert_eq!(
        rows,
        json!([{
            "f": "2030-03-31 12:34:56",
            "g": "2030-03-31 12:34:56 PM March Mar 090 7",
            "w": "2030-03-25T00:00:00Z", // a Monday
            "m": "2030-03-01T00:00:00Z",
            "h": "2030-03-31T12:00:00Z",
        }])
    );
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT formatDateTime(fromUnixTimestamp64Milli(time), '%x') FROM key_verifications_v1"}),
    );
    assert_eq!(r.status, 400);
}

/// `formatDateTime`'s other specifiers, as ClickHouse's docs table them
/// (docs/en/sql-reference/functions/date-time-functions.md, "Replacement fields", whose example
/// column formats 2018-01-02 22:33:44, and its `%g` example of 2010-01-04): `%c %k %l` keep
/// their leading zeros (`formatdatetime_format_without_leading_zeros` is off), `%z` of UTC is
/// `+0000`, `%V %G %g` are ISO 8601 weeks (2010-01-03, a Sunday, is week 53 of 2009).
#[test]
fn get_verifications__format_datetime_specifiers() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT formatDateTime(toDateTime('2018-01-02 22:33:44'), '%a|%W|%c|%C|%Q|%h|%l|%k|%r|%R|%V|%G|%g|%z') AS a, formatDateTime(toDate('2010-01-03'), '%V %G %g %a %h %r') AS b, formatDateTime(toDate('2010-01-04'), '%g %V') AS c, formatDateTime(toDateTime('2021-12-31 09:05:00'), '%V %G %l %k %Q %C') AS d FROM key_verifications_v1 LIMIT 1"),
        json!([{
            "a": "Tue|Tuesday|01|20|1|10|10|22|10:33 PM|22:33|01|2018|18|+0000",
            "b": "53 2009 09 Sun 12 12:00 AM",
            "c": "10 01",
            "d": "52 2021 09 09 4 20",
        }])
    );
}

/// tables_test.go, the join cases: "JOIN with allowed tables" and "CTE JOIN with allowed
/// table" run (inner, left, `USING`, and a comma's cross join too); "INNER JOIN to system
/// table", "Multiple JOINs with one unauthorized" and the other joins to tables that are not
/// allowed are refused.
#[test]
fn query_parser__joins() {
    let (s, _, _) = recorded();
    let n = |query: &str| run(&s, query)[0]["n"].clone();
    // Key A has 3 verifications, key B 1: 3² + 1² pairs by key (A's per-day rows differ by
    // tags, so the rollup has 3 of them too).
    assert_eq!(
        n("SELECT count() AS n FROM key_verifications_v1 t1 INNER JOIN key_verifications_v1 t2 ON t1.key_id = t2.key_id"),
        json!(10)
    );
    assert_eq!(
        n("WITH t AS (SELECT key_id FROM key_verifications_v1) SELECT count() AS n FROM t JOIN key_verifications_v1 v ON t.key_id = v.key_id"),
        json!(10)
    );
    assert_eq!(
        n("SELECT count() AS n FROM key_verifications_v1 a LEFT JOIN key_verifications_per_day_v1 d USING (key_id)"),
        json!(10)
    );
    assert_eq!(
        n("SELECT count() AS n FROM key_verifications_v1 AS a, key_verifications_v1 AS b"),
        json!(16)
    );
    for q in [
        "SELECT * FROM key_verifications_v1 INNER JOIN system.tables ON 1=1",
        "SELECT * FROM key_verifications_v1 LEFT JOIN default.secrets ON key_id = id",
        "SELECT * FROM key_verifications_v1 CROSS JOIN system.users",
        "SELECT * FROM key_verifications_v1 t1 JOIN key_verifications_v1 t2 ON t1.key_id = t2.key_id JOIN system.tables t3 ON 1=1",
        "WITH t1 AS (SELECT * FROM key_verifications_v1), t2 AS (SELECT * FROM system.tables) SELECT * FROM t1 JOIN t2 ON 1=1",
    ] {
        assert_eq!(refused(&s, q).0, "invalid_analytics_table", "{q}");
    }
}

/// ClickHouse's `WITH <expression> AS name` (a named expression, not a table), also next to a
/// CTE.
#[test]
fn get_verifications__with_expression_aliases() {
    let (s, ks_a, _) = recorded();
    assert_eq!(
        run(&s, "WITH now() - INTERVAL 7 DAY AS since, 5 AS five SELECT count() AS n, five FROM key_verifications_v1 WHERE time >= since"),
        json!([{"n": 4, "five": 5}])
    );
    assert_eq!(
        run(&s, &format!("WITH '{ks_a}' AS wanted, t AS (SELECT key_space_id FROM key_verifications_v1 WHERE key_space_id = wanted) SELECT count() AS n FROM t")),
        json!([{"n": 3}])
    );
    assert_eq!(
        run(&s, "WITH (SELECT count() FROM key_verifications_v1) AS total SELECT total AS t FROM key_verifications_v1 LIMIT 1"),
        json!([{"t": 4}])
    );
}

/// Upstream's parser (AfterShip v0.4.18's parseSelectQuery) knows `UNION ALL|DISTINCT` and a
/// bare `EXCEPT` only: `INTERSECT` in any form, `EXCEPT ALL|DISTINCT`, a `UNION` without its
/// mode and an `EXCEPT` right after a select-list item (parseSelectItem reads it as the
/// item's `EXCEPT (…)`) are its syntax error (the audit's `apparse`), so these never reach
/// ClickHouse. (This test asserted `EXCEPT DISTINCT`/`INTERSECT DISTINCT` ran: they do in
/// ClickHouse, but not through upstream.)
#[test]
fn get_verifications__except_and_intersect_forms_upstream_refuses() {
    let (s, _, ks_b) = recorded();
    let all = "SELECT key_space_id FROM key_verifications_v1";
    let b = format!("SELECT key_space_id FROM key_verifications_v1 WHERE key_space_id = '{ks_b}'");
    // (The Go parser's errors for these, the audit's `apparse`; `INTERSECT` is a table
    // alias there, so `INTERSECT ALL` is a join missing its `JOIN`.)
    for (query, head, carets) in [
        (
            format!("{all} EXCEPT DISTINCT {b}"),
            "line 0:53 expected SELECT, WITH or (, got <keyword>",
            8,
        ),
        (
            format!("{all} EXCEPT ALL {b}"),
            "line 0:53 expected SELECT, WITH or (, got <keyword>",
            3,
        ),
        (
            format!("{all} INTERSECT {b}"),
            "line 0:56 <EOF> or ';' was expected, but got: \"SELECT\"",
            6,
        ),
        (
            format!("{all} INTERSECT ALL {b}"),
            "line 0:60 expected JOIN, got <keyword>",
            6,
        ),
        (
            format!("{all} INTERSECT DISTINCT {b}"),
            "line 0:56 <EOF> or ';' was expected, but got: \"DISTINCT\"",
            8,
        ),
        (
            format!("{all} UNION {b}"),
            "line 0:52 expected ALL or DISTINCT, got <keyword>",
            6,
        ),
        (
            format!("SELECT count() AS n FROM ({all} INTERSECT {b})"),
            "line 0:82 expected the last token kind is: ), but got <keyword>",
            6,
        ),
        (
            format!("SELECT key_space_id EXCEPT {b}"),
            "line 0:27 expected the last token kind is: (, but got <keyword>",
            6,
        ),
    ] {
        assert_eq!(
            refused(&s, &query),
            syntax_error_at(&query, head, carets),
            "{query}"
        );
    }
}

/// validation.go's `JSONExtractString`: keys and 1-based indexes; '' when missing or not a
/// string.
#[test]
fn get_verifications__json_extract_string() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(
            &s,
            r#"SELECT JSONExtractString('{"a":{"b":"x"},"l":["p","q"]}', 'a', 'b') AS v, JSONExtractString('{"l":["p","q"]}', 'l', -1) AS w, JSONExtractString('{"n":1}', 'n') AS n, JSONExtractString('nope', 'a') AS bad FROM key_verifications_v1 LIMIT 1"#
        ),
        json!([{"v": "x", "w": "q", "n": "", "bad": ""}])
    );
}

/// `± toIntervalMonth/Quarter/Year(n)` are calendar months like `± INTERVAL n MONTH`, of any
/// count, and so is an interval before the time (`INTERVAL 1 MONTH + date`). An interval
/// answered as a column of its own is ClickHouse's `Interval`, which upstream's route cannot
/// read once there is a row: clickhouse-go v2.42's `Interval.ScanRow` takes only a string, so
/// `QueryToMaps` fails with "Failed to read query results", which `analytics.Execute` wraps
/// again with `WrapClickHouseError` (no resource pattern, no named ClickHouse error): a 400
/// `invalid_analytics_query` whose detail joins both public messages.
#[test]
fn get_verifications__to_interval_months() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT now() - toIntervalMonth(1) = now() - INTERVAL 1 MONTH AS a, now() + toIntervalYear(2) = now() + INTERVAL 24 MONTH AS b, now() - toIntervalQuarter(1) = now() - INTERVAL 3 MONTH AS c FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 1, "b": 1, "c": 1}])
    );
    assert_eq!(
        run(&s, "SELECT INTERVAL 1 MONTH + toDate('2030-01-31') AS m, toIntervalQuarter(1) + toDate('2030-01-31') AS q, toDate('2030-01-31') - toIntervalMonth(1 + 1) AS back FROM key_verifications_v1 LIMIT 1"),
        json!([{"m": "2030-02-28T00:00:00Z", "q": "2030-04-30T00:00:00Z", "back": "2029-11-30T00:00:00Z"}])
    );
    for q in [
        "SELECT toIntervalMonth(1) AS m FROM key_verifications_v1",
        "SELECT INTERVAL 2 DAY FROM key_verifications_v1",
        "SELECT key_id, toIntervalMicrosecond(5000) AS us FROM key_verifications_v1",
    ] {
        let r = s.call("analytics.getVerifications", json!({"query": q}));
        assert_eq!(r.status, 400, "{q}");
        assert_eq!(
            r.error_type(),
            "https://unkey.com/docs/errors/user/bad_request/invalid_analytics_query"
        );
        assert_eq!(
            r.json()["error"]["detail"],
            "Invalid analytics query Failed to read query results"
        );
    }
    assert_eq!(
        run(
            &s,
            "SELECT INTERVAL 1 MONTH AS m FROM key_verifications_v1 WHERE 1 = 0"
        ),
        json!([])
    );
}

/// The handler's 4 MiB cap on an answer (`AnalyticsResultBytesMax`): a larger one is a 422
/// `query_memory_limit_exceeded` "Query result exceeds the maximum response size.".
#[test]
fn get_verifications__response_size_limit() {
    let (s, _, _) = recorded();
    let wide = "x".repeat(500);
    let from = (0..7)
        .map(|i| format!("key_verifications_v1 t{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": format!("SELECT '{wide}' AS s FROM {from}")}),
    );
    assert_eq!(r.status, 422, "{}", r.body.len());
    let e = &r.json()["error"];
    assert_eq!(
        e["type"],
        "https://unkey.com/docs/errors/user/unprocessable_entity/query_memory_limit_exceeded"
    );
    assert_eq!(
        e["detail"],
        "Query result exceeds the maximum response size."
    );
    // 100 such rows are fine.
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": format!("SELECT '{wide}' AS s FROM {from} LIMIT 100")}),
    );
    assert_eq!(r.data().as_array().unwrap().len(), 100);
}

/// `arrayJoin(tags)` in the select list: a row per tag (a verification without tags adds
/// none), e.g. counting verifications per tag.
#[test]
fn get_verifications__array_join_of_tags() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT arrayJoin(tags) AS tag, count() AS n FROM key_verifications_v1 GROUP BY tag ORDER BY tag"),
        json!([{"tag": "t1", "n": 2}, {"tag": "t2", "n": 2}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM (SELECT arrayJoin(v.tags) AS t FROM key_verifications_v1 AS v)"),
        json!([{"n": 4}])
    );
    // Of any array: a literal, or one built by a function.
    assert_eq!(
        run(&s, "SELECT arrayJoin(['a', 'b']) AS x, count() AS n FROM key_verifications_v1 GROUP BY x ORDER BY x"),
        json!([{"x": "a", "n": 4}, {"x": "b", "n": 4}])
    );
    assert_eq!(
        run(&s, "SELECT upper(arrayJoin(arrayFilter(t -> t != 't1', tags))) AS t FROM key_verifications_v1"),
        json!([{"t": "T2"}, {"t": "T2"}])
    );
    // Anywhere in the SELECT; identical calls are one array, different ones multiply.
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE arrayJoin(tags) = 't1'"
        ),
        json!([{"n": 2}])
    );
    assert_eq!(
        run(&s, "SELECT arrayJoin(tags) AS a, arrayJoin(tags) AS b, arrayJoin(['x', 'y']) AS c FROM key_verifications_v1 WHERE length(tags) = 2 ORDER BY a, c"),
        json!([
            {"a": "t1", "b": "t1", "c": "x"},
            {"a": "t1", "b": "t1", "c": "y"},
            {"a": "t2", "b": "t2", "c": "x"},
            {"a": "t2", "b": "t2", "c": "y"},
        ])
    );
}

/// `arrayJoin` inside another: the inner one's rows first, then one row per element of each
/// (ClickHouse's analyzer test of the function, `SELECT arrayJoin([[1, 2, 3]]) AS a,
/// arrayJoin(a) AS b`, and 02374_analyzer_array_join's `ARRAY JOIN [[1, 2, 3]] AS value_1
/// ARRAY JOIN value_1 AS value_2`: the inner array's rows, each expanded in order).
#[test]
fn get_verifications__array_join_inside_array_join() {
    let (s, _, _) = recorded();
    // One verification (the one that spent 10 credits) expands to the elements in order.
    assert_eq!(
        run(&s, "SELECT arrayJoin(arrayJoin([['a', 'b'], ['c']])) AS x FROM key_verifications_v1 WHERE spent_credits = 10"),
        json!([{"x": "a"}, {"x": "b"}, {"x": "c"}])
    );
    // Over each verification's tags and one more: a verification without tags adds only 'x'.
    assert_eq!(
        run(&s, "SELECT arrayJoin(arrayJoin([tags, ['x']])) AS t, count() AS n FROM key_verifications_v1 GROUP BY t ORDER BY t"),
        json!([{"t": "t1", "n": 2}, {"t": "t2", "n": 2}, {"t": "x", "n": 4}])
    );
    // Beside a third: the product, the nested pair as one.
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE arrayJoin(arrayJoin([tags])) != '' AND arrayJoin([1, 2]) > 0"),
        json!([{"n": 8}])
    );
}

/// `arrayJoin` in a join's `ON`: it multiplies the rows of the side it reads before the join
/// (ClickHouse PR #104785: `INNER JOIN tags ON arrayJoin(items.tag_ids) = tags.id` joins an
/// item once per element; a row whose array is empty is gone, even from a `LEFT JOIN`), for
/// ClickHouse's own join kinds too; one reading both sides is refused (ClickHouse PR #112889:
/// `INVALID_JOIN_ON_EXPRESSION`, which upstream answers as an invalid query).
#[test]
fn get_verifications__array_join_in_a_join_condition() {
    let (s, _, _) = recorded();
    let tags = "(SELECT 't1' AS tag UNION ALL SELECT 't2' AS tag UNION ALL SELECT 't3' AS tag)";
    // The left side's tags.
    assert_eq!(
        run(&s, &format!("SELECT g.tag AS tag, count() AS n FROM key_verifications_v1 v JOIN {tags} g ON arrayJoin(v.tags) = g.tag GROUP BY tag ORDER BY tag")),
        json!([{"tag": "t1", "n": 2}, {"tag": "t2", "n": 2}])
    );
    assert_eq!(
        run(&s, "SELECT v.spent_credits AS c, g.tag AS tag FROM key_verifications_v1 v LEFT JOIN (SELECT 't2' AS tag) g ON arrayJoin(v.tags) = g.tag ORDER BY c, tag"),
        json!([
            {"c": 0, "tag": "t2"},
            {"c": 1, "tag": ""},
            {"c": 4, "tag": ""},
            {"c": 4, "tag": "t2"},
        ])
    );
    // The right side's tags.
    assert_eq!(
        run(&s, &format!("SELECT g.tag AS tag, v.spent_credits AS c FROM {tags} g JOIN key_verifications_v1 v ON g.tag = arrayJoin(v.tags) ORDER BY tag, c")),
        json!([
            {"tag": "t1", "c": 1},
            {"tag": "t1", "c": 4},
            {"tag": "t2", "c": 0},
            {"tag": "t2", "c": 4},
        ])
    );
    assert_eq!(
        run(&s, &format!("SELECT g.tag AS tag FROM {tags} g LEFT ANTI JOIN key_verifications_v1 v ON g.tag = arrayJoin(v.tags)")),
        json!([{"tag": "t3"}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 v LEFT SEMI JOIN (SELECT 't2' AS tag) g ON arrayJoin(v.tags) = g.tag"),
        json!([{"n": 2}])
    );
    assert_eq!(
        run(&s, &format!("SELECT g.tag AS tag FROM key_verifications_v1 v RIGHT ANTI JOIN {tags} g ON arrayJoin(v.tags) = g.tag")),
        json!([{"tag": "t3"}])
    );
    // Read again in the select list: the element of an unmatched row is the default.
    assert_eq!(
        run(&s, "SELECT g.tag AS tag, arrayJoin(v.tags) AS t FROM (SELECT 't2' AS tag UNION ALL SELECT 't9' AS tag) g LEFT JOIN key_verifications_v1 v ON g.tag = arrayJoin(v.tags) ORDER BY tag, t"),
        json!([
            {"tag": "t2", "t": "t2"},
            {"tag": "t2", "t": "t2"},
            {"tag": "t9", "t": ""},
        ])
    );
    // An element of numbers is 0 there, as ClickHouse's default of an unmatched column.
    assert_eq!(
        run(&s, "SELECT g.n AS n, arrayJoin([v.spent_credits, 100]) AS c FROM (SELECT 4 AS n UNION ALL SELECT 9 AS n) g LEFT JOIN key_verifications_v1 v ON g.n = arrayJoin([v.spent_credits, 100]) ORDER BY n, c"),
        json!([{"n": 4, "c": 4}, {"n": 9, "c": 0}])
    );
    // Through a select-list alias, and inside another `arrayJoin`.
    assert_eq!(
        run(&s, "SELECT arrayJoin(v.tags) AS t, count() AS n FROM key_verifications_v1 v JOIN (SELECT 't2' AS tag) g ON t = g.tag GROUP BY t"),
        json!([{"t": "t2", "n": 2}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 v JOIN (SELECT 't9' AS tag) g ON arrayJoin(arrayJoin([v.tags, ['t9']])) = g.tag"),
        json!([{"n": 4}])
    );
    assert_invalid(&s, &format!("SELECT count() FROM key_verifications_v1 v JOIN {tags} g ON arrayJoin([v.key_id, g.tag]) = 't1'"));
}

/// An `arrayJoin` of the select list reads the `FROM` after its joins, as ClickHouse evaluates
/// it: a right row an outer join left unmatched has an empty array there, so adds no row.
#[test]
fn get_verifications__array_join_after_an_outer_join() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT g.n AS n, arrayJoin(v.tags) AS t FROM (SELECT 1 AS n UNION ALL SELECT 7 AS n UNION ALL SELECT 10 AS n) g LEFT JOIN key_verifications_v1 v ON g.n = v.spent_credits ORDER BY n, t"),
        json!([{"n": 1, "t": "t1"}])
    );
}

/// `ARRAY JOIN tags AS tag`: a row per tag, `tag` naming it in its own SELECT (an outer query
/// reads it as the subquery's column); `ARRAY JOIN tags` names the element `tags`; an array
/// built by a function with an alias; several arrays element by element (their sizes must
/// match); several clauses multiply; after a join too.
#[test]
fn get_verifications__array_join_clause() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT tag, count() AS n FROM key_verifications_v1 ARRAY JOIN tags AS tag WHERE tag != 't2' GROUP BY tag"),
        json!([{"tag": "t1", "n": 2}])
    );
    assert_eq!(
        run(&s, "SELECT tag FROM (SELECT tag FROM key_verifications_v1 ARRAY JOIN tags AS tag) WHERE tag = 't2'"),
        json!([{"tag": "t2"}, {"tag": "t2"}])
    );
    assert_eq!(
        run(&s, "SELECT tags, count() AS n FROM key_verifications_v1 ARRAY JOIN tags GROUP BY tags ORDER BY tags"),
        json!([{"tags": "t1", "n": 2}, {"tags": "t2", "n": 2}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 ARRAY JOIN arrayFilter(x -> x = 't2', tags) AS t"),
        json!([{"n": 2}])
    );
    assert_eq!(
        run(&s, "SELECT t, u FROM key_verifications_v1 ARRAY JOIN tags AS t, ['a', 'b'] AS u WHERE length(tags) = 2"),
        json!([{"t": "t1", "u": "a"}, {"t": "t2", "u": "b"}])
    );
    assert_eq!(
        refused(
            &s,
            "SELECT t, u FROM key_verifications_v1 ARRAY JOIN tags AS t, ['a'] AS u"
        )
        .0,
        "invalid_analytics_query"
    );
    // A second `ARRAY JOIN` clause, or a join after one, is upstream's parser's syntax error
    // (AfterShip v0.4.18's parseSelectStmt takes one `ARRAY JOIN` clause after the whole
    // `FROM`; the audit's `apparse`: "<EOF> or ';' was expected, but got: \"ARRAY\"").
    for query in [
        "SELECT count() AS n FROM key_verifications_v1 ARRAY JOIN tags AS t ARRAY JOIN ['a', 'b'] AS u",
        "SELECT count() AS n FROM key_verifications_v1 ARRAY JOIN tags AS t LEFT ARRAY JOIN tags AS u",
        "SELECT count() AS n FROM key_verifications_v1 v ARRAY JOIN tags AS t JOIN key_verifications_v1 w ON v.key_id = w.key_id",
    ] {
        assert_eq!(
            refused(&s, query),
            syntax_error(query),
            "{query}"
        );
    }
    // Key A's 3 × 3 pairs with its 1 + 2 + 0 tags each, key B's one pair with 1.
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 a JOIN key_verifications_v1 b ON a.key_id = b.key_id ARRAY JOIN a.tags AS t"),
        json!([{"n": 10}])
    );
}

/// `toDate`, `toDateTime`, `toDateTime64` of a date string, of Unix seconds (`time / 1000`; a
/// `toDate` of a number below 65,536 is days), or of a time, answered as ClickHouse's
/// `Date`/`DateTime`/`DateTime64` are (RFC 3339 times), in comparisons and in the retention
/// check; a call without arguments is refused.
#[test]
fn get_verifications__to_date_and_to_datetime() {
    let s = Server::start(&[
        "--analytics",
        "--frozen-clock",
        "--analytics-retention-days",
        "400",
    ]);
    let r = s.request(
        "POST",
        "/_local/clock",
        &[],
        json!({"set": 1_901_190_896_000i64}).to_string().as_bytes(),
    );
    assert_eq!(r.status, 200);
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    s.verify(json!({"key": k}));
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    assert_eq!(
        q("SELECT toDate(fromUnixTimestamp64Milli(time)) AS d, toDateTime('2030-03-31 00:00:00') AS t, toDateTime(1901190896) AS s, toDateTime64('2030-03-31 12:34:56', 3) AS t64 FROM key_verifications_v1"),
        json!([{"d": "2030-03-31T00:00:00Z", "t": "2030-03-31T00:00:00Z", "s": "2030-03-31T12:34:56Z", "t64": "2030-03-31T12:34:56Z"}])
    );
    assert_eq!(
        q("SELECT count() AS n FROM key_verifications_v1 WHERE fromUnixTimestamp64Milli(time) >= toDateTime('2030-03-31 00:00:00') AND toDate(time / 1000) = toDate('2030-03-31')"),
        json!([{"n": 1}])
    );
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT count() FROM key_verifications_v1 WHERE time >= toDateTime('2020-01-01 00:00:00')"}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error_type(),
        "https://unkey.com/docs/errors/user/bad_request/query_range_exceeds_retention"
    );
    assert_eq!(
        q("SELECT toDate(19000) AS days, toDate(1901190896) AS secs, toDateTime64(1901190896.5, 3) AS ms, toDateTime(concat('2030-03-31', ' 10:00:00')) AS text FROM key_verifications_v1"),
        json!([{"days": "2022-01-08T00:00:00Z", "secs": "2030-03-31T00:00:00Z", "ms": "2030-03-31T12:34:56.5Z", "text": "2030-03-31T10:00:00Z"}])
    );
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT toDateTime() FROM key_verifications_v1"}),
    );
    assert_eq!(r.status, 400);
}

/// A server at 2030-03-31 12:34:56.123 UTC (a Sunday) with one verification then.
fn at_one_verification() -> Server {
    let s = Server::start(&[
        "--analytics",
        "--frozen-clock",
        "--analytics-retention-days",
        "400",
    ]);
    let r = s.request(
        "POST",
        "/_local/clock",
        &[],
        json!({"set": 1_901_190_896_123i64}).to_string().as_bytes(),
    );
    assert_eq!(r.status, 200);
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    s.verify(json!({"key": k, "tags": ["t1"]}));
    s
}

/// Functions of a time answer what ClickHouse's `Date`, `DateTime` and `DateTime64(3)` answer
/// through upstream's Go (a `time.Time` in JSON: RFC 3339, the fraction of a second only for a
/// `DateTime64` that has one), also through aggregates, arithmetic, subqueries and CTEs;
/// `toUnixTimestamp64Milli`, `toInt64` and `toString` of a time are a number and a string.
#[test]
fn get_verifications__functions_of_a_time_answer_dates_and_times() {
    let s = at_one_verification();
    let q = |query: &str| run(&s, query);
    assert_eq!(
        q("WITH fromUnixTimestamp64Milli(time) AS t SELECT toStartOfMinute(t) AS mi, toStartOfHour(t) AS h, toStartOfDay(t) AS d, toStartOfWeek(t) AS w, toStartOfMonth(t) AS m, toStartOfQuarter(t) AS q, toStartOfYear(t) AS y FROM key_verifications_v1"),
        json!([{
            "mi": "2030-03-31T12:34:00Z",
            "h": "2030-03-31T12:00:00Z",
            "d": "2030-03-31T00:00:00Z",
            "w": "2030-03-31T00:00:00Z",
            "m": "2030-03-01T00:00:00Z",
            "q": "2030-01-01T00:00:00Z",
            "y": "2030-01-01T00:00:00Z",
        }])
    );
    assert_eq!(
        q("SELECT fromUnixTimestamp64Milli(time) AS t64, toDateTime(time / 1000) AS t, now() AS n, now64() AS n64, today() AS td, toUnixTimestamp64Milli(fromUnixTimestamp64Milli(time)) AS ms FROM key_verifications_v1"),
        json!([{
            "t64": "2030-03-31T12:34:56.123Z",
            "t": "2030-03-31T12:34:56Z",
            "n": "2030-03-31T12:34:56Z",
            "n64": "2030-03-31T12:34:56.123Z",
            "td": "2030-03-31T00:00:00Z",
            "ms": 1_901_190_896_123i64,
        }])
    );
    // Aggregates and arithmetic keep the type; grouping by a day answers the day.
    assert_eq!(
        q("SELECT toStartOfDay(time) AS day, count() AS n, max(toStartOfHour(time)) AS last, min(toStartOfDay(time)) + INTERVAL 1 DAY AS next FROM key_verifications_per_minute_v1 GROUP BY day"),
        json!([{"day": "2030-03-31T00:00:00Z", "n": 1, "last": "2030-03-31T12:00:00Z", "next": "2030-04-01T00:00:00Z"}])
    );
    assert_eq!(
        q("SELECT d FROM (SELECT toDate(time / 1000) AS d FROM key_verifications_v1)"),
        json!([{"d": "2030-03-31T00:00:00Z"}])
    );
    assert_eq!(
        q("WITH days AS (SELECT toStartOfDay(fromUnixTimestamp64Milli(time)) AS d FROM key_verifications_v1) SELECT x.d FROM days x"),
        json!([{"d": "2030-03-31T00:00:00Z"}])
    );
    assert_eq!(
        q("SELECT toString(toDate(fromUnixTimestamp64Milli(time))) AS a, toString(toDateTime(time / 1000)) AS b, toString(fromUnixTimestamp64Milli(time)) AS c, toInt64(toDateTime('2030-03-31 00:00:00')) AS secs, toInt32(toDate('1970-01-11')) AS days FROM key_verifications_v1"),
        json!([{"a": "2030-03-31", "b": "2030-03-31 12:34:56", "c": "2030-03-31 12:34:56.123", "secs": 1_901_145_600i64, "days": 10}])
    );
    // The raw table's `time` stays Int64 Unix ms.
    assert_eq!(
        q("SELECT time FROM key_verifications_v1"),
        json!([{"time": 1_901_190_896_123i64}])
    );
}

/// `now64(scale)` and `toDateTime64(x, scale)` below 3 digits hold the time to their scale,
/// the rest of the fraction cut off (ClickHouse's 00921_datetime64_basic: a text of nine digits
/// in a `DateTime64(3)` reads as its first three), and a text's fraction is read; Go writes
/// what is left without trailing zeros. A difference is a `Decimal` of the larger scale.
#[test]
fn get_verifications__datetime64_scales() {
    let s = at_one_verification();
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    assert_eq!(
        q("SELECT now64(0) AS n0, now64(1) AS n1, now64(2) AS n2, now64() AS n3, now64(3) - now64(0) AS d FROM key_verifications_v1"),
        json!([{
            "n0": "2030-03-31T12:34:56Z",
            "n1": "2030-03-31T12:34:56.1Z",
            "n2": "2030-03-31T12:34:56.12Z",
            "n3": "2030-03-31T12:34:56.123Z",
            "d": "0.123",
        }])
    );
    assert_eq!(
        q("SELECT toDateTime64('2030-03-31 12:34:56.789', 1) AS l1, toDateTime64('2030-03-31 12:34:56.789', 3) AS l3, toDateTime64(fromUnixTimestamp64Milli(time), 0) AS t0, toDateTime64(1901190896.55, 1) AS n1 FROM key_verifications_v1"),
        json!([{
            "l1": "2030-03-31T12:34:56.7Z",
            "l3": "2030-03-31T12:34:56.789Z",
            "t0": "2030-03-31T12:34:56Z",
            "n1": "2030-03-31T12:34:56.5Z",
        }])
    );
    // `formatDateTime`'s `%f` is six digits: a `DateTime64`'s fraction, zeros for a `DateTime`
    // (ClickHouse's default without formatdatetime_f_prints_scale_number_of_digits).
    assert_eq!(
        q("SELECT formatDateTime(fromUnixTimestamp64Milli(time), '%S.%f') AS a, formatDateTime(now64(1), '%f') AS b, formatDateTime(toDateTime(time / 1000), '%f') AS c FROM key_verifications_v1"),
        json!([{"a": "56.123000", "b": "100000", "c": "000000"}])
    );
}

/// A `DateTime64`'s scale is its type's: `toString` writes that many fraction digits (none
/// for `now64(0)`; ClickHouse's test with `select length(toString(now64(9)))` answers 29),
/// `if` of two scales is the larger one's (getLeastSupertype), and a scale above 9 is
/// refused (the same test's `select now64(10); -- serverError ARGUMENT_OUT_OF_BOUND`), as
/// upstream answers a query ClickHouse refuses. This clock reads ms, so digits past the
/// third are zeros here.
#[test]
fn get_verifications__datetime64_scale_in_text_and_bounds() {
    let s = at_one_verification();
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    assert_eq!(
        q("SELECT toString(now64(0)) AS s0, toString(now64(1)) AS s1, toString(now64()) AS s3, toString(now64(6)) AS s6, length(toString(now64(9))) AS l9, toString(toDateTime64('2030-03-31 12:34:56.789', 4)) AS t4, toString(toDateTime64(fromUnixTimestamp64Milli(time), 2)) AS t2, toString(if(1 = 1, now64(0), now64(5))) AS wide FROM key_verifications_v1"),
        json!([{
            "s0": "2030-03-31 12:34:56",
            "s1": "2030-03-31 12:34:56.1",
            "s3": "2030-03-31 12:34:56.123",
            "s6": "2030-03-31 12:34:56.123000",
            "l9": 29,
            "t4": "2030-03-31 12:34:56.7890",
            "t2": "2030-03-31 12:34:56.12",
            "wide": "2030-03-31 12:34:56.00000",
        }])
    );
    for query in [
        "SELECT now64(10) AS n FROM key_verifications_v1",
        "SELECT toDateTime64(fromUnixTimestamp64Milli(time), 12) AS t FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE time > toDateTime64('2030-01-01 00:00:00', 10)",
    ] {
        assert_invalid(&s, query);
    }
}

/// A `DateTime64` of a scale above 3 holds a text's µs: Go writes them (RFC 3339 with the
/// fraction's trailing zeros dropped), `toString` and `formatDateTime`'s `%f` write them, a
/// smaller scale cuts them (00921_datetime64_basic: a longer fraction reads as its scale's
/// first digits), comparisons and differences with other scales count them as ClickHouse
/// does in the larger scale (a difference is a `Decimal` of it), adding seconds keeps them,
/// and `toStartOfMinute`/`toUnixTimestamp64Milli` cut them. Seconds as a float are cut to
/// the scale as ClickHouse casts a float to a decimal (truncating; 65/128 of a second is
/// exact in binary, so the answer does not hang on rounding).
#[test]
fn get_verifications__datetime64_micros() {
    let s = at_one_verification();
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    let us = "toDateTime64('2030-03-31 12:34:56.123456', 6)";
    assert_eq!(
        q(&format!("SELECT {us} AS t6, toDateTime64('2030-03-31 12:34:56.123456', 4) AS t4, toDateTime64({us}, 3) AS t3, toString({us}) AS s6, toString(toDateTime64('2030-03-31 12:34:56.1234', 6)) AS s6z, formatDateTime({us}, '%f') AS f, {us} - toDateTime64('2030-03-31 12:34:56', 0) AS d, {us} - fromUnixTimestamp64Milli(time) AS dt, {us} + 1 AS plus, toStartOfMinute({us}) AS m, toUnixTimestamp64Milli({us}) AS ms, toDateTime64(1901190896.5078125, 6) AS n6 FROM key_verifications_v1")),
        json!([{
            "t6": "2030-03-31T12:34:56.123456Z",
            "t4": "2030-03-31T12:34:56.1234Z",
            "t3": "2030-03-31T12:34:56.123Z",
            "s6": "2030-03-31 12:34:56.123456",
            "s6z": "2030-03-31 12:34:56.123400",
            "f": "123456",
            "d": "0.123456",
            "dt": "0.000456",
            "plus": "2030-03-31T12:34:57.123456Z",
            "m": "2030-03-31T12:34:00Z",
            "ms": 1_901_190_896_123i64,
            "n6": "2030-03-31T12:34:56.507812Z",
        }])
    );
    assert_eq!(
        q(&format!("SELECT count() AS n FROM key_verifications_v1 WHERE {us} > fromUnixTimestamp64Milli(time) AND {us} != toDateTime64('2030-03-31 12:34:56.123', 3) AND toDateTime64('2030-03-31 12:34:56.1230', 4) = fromUnixTimestamp64Milli(time)")),
        json!([{"n": 1}])
    );
}

/// A `DateTime64` of scale 7 to 9 keeps its digits past the µs: Go writes them (RFC 3339,
/// trailing zeros dropped), `toString` writes its scale's digits and a smaller scale reads a
/// text's first digits (01277_toUnixTimestamp64.reference: `toDateTime64('2019-09-16
/// 19:20:12.345678910', 9)` is `2019-09-16 19:20:12.345678910`, at scale 6
/// `…12.345678`, and `toUnixTimestamp64Milli` of it `1568650812345`), `now64(9)` reads this
/// ms clock, and `toStartOf…`, `toDate` and `toDateTime` take the whole seconds (the last ns
/// of a minute is in it).
#[test]
fn get_verifications__datetime64_nanos_written() {
    let s = at_one_verification();
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    let text = "'2030-03-31 12:34:56.123456789'";
    let last = "toDateTime64('2030-03-31 12:34:59.999999999', 9)";
    assert_eq!(
        q(&format!("SELECT toStartOfHour({last}) AS h, toStartOfDay({last}) AS d, toStartOfWeek({last}) AS w, toStartOfMonth({last}) AS mo, toStartOfQuarter({last}) AS qu, toStartOfYear({last}) AS y, toDate({last}) AS dt, toDateTime({last}) AS t FROM key_verifications_v1")),
        json!([{
            "h": "2030-03-31T12:00:00Z",
            "d": "2030-03-31T00:00:00Z",
            "w": "2030-03-31T00:00:00Z",
            "mo": "2030-03-01T00:00:00Z",
            "qu": "2030-01-01T00:00:00Z",
            "y": "2030-01-01T00:00:00Z",
            "dt": "2030-03-31T00:00:00Z",
            "t": "2030-03-31T12:34:59Z",
        }])
    );
    assert_eq!(
        q(&format!("SELECT toDateTime64({text}, 9) AS t9, toDateTime64({text}, 8) AS t8, toDateTime64({text}, 7) AS t7, toDateTime64('2030-03-31 12:34:56.000000010', 9) AS z, toString(toDateTime64('2030-03-31 12:34:56.1234567', 9)) AS s9, toString(toDateTime64({text}, 7)) AS s7, now64(9) AS n9, toString(now64(8)) AS s8, toStartOfMinute(toDateTime64('2030-03-31 12:34:59.999999999', 9)) AS m, toDateTime64(fromUnixTimestamp64Milli(time), 9) AS c9, toDateTime64(1901190896, 9) AS i9, toUnixTimestamp64Milli(toDateTime64({text}, 9)) AS ms FROM key_verifications_v1")),
        json!([{
            "t9": "2030-03-31T12:34:56.123456789Z",
            "t8": "2030-03-31T12:34:56.12345678Z",
            "t7": "2030-03-31T12:34:56.1234567Z",
            "z": "2030-03-31T12:34:56.00000001Z",
            "s9": "2030-03-31 12:34:56.123456700",
            "s7": "2030-03-31 12:34:56.1234567",
            "n9": "2030-03-31T12:34:56.123Z",
            "s8": "2030-03-31 12:34:56.12300000",
            "m": "2030-03-31T12:34:00Z",
            "c9": "2030-03-31T12:34:56.123Z",
            "i9": "2030-03-31T12:34:56Z",
            "ms": 1_901_190_896_123i64,
        }])
    );
}

/// Comparisons count a `DateTime64` of scale 9 to its last digit: against another
/// (02313_negative_datetime64.reference: `dt1 < dt2` one ns apart is 1), against a
/// `DateTime64(3)`, a `DateTime` and the raw time as ClickHouse compares them in the larger
/// scale (01866_datetime64_cmp_with_constant: a `DateTime64` against a `DateTime` of the same
/// instant is equal, not less), against a number as seconds; in `WHERE`, `BETWEEN`, over a
/// subquery's column and against a scalar subquery too.
#[test]
fn get_verifications__datetime64_nanos_compared() {
    let s = at_one_verification();
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    let one = "toDateTime64('2030-03-31 12:34:56.123000001', 9)";
    let two = "toDateTime64('2030-03-31 12:34:56.123000002', 9)";
    assert_eq!(
        q(&format!("SELECT {one} < {two} AS a, {one} = {two} AS b, {one} > fromUnixTimestamp64Milli(time) AS c, toDateTime64('2030-03-31 12:34:56.123000000', 9) = toDateTime64('2030-03-31 12:34:56.123', 3) AS d, toDateTime64('2030-03-31 12:34:56.000000001', 9) > now() AS e, toDateTime64('2030-03-31 12:34:55.999999999', 9) < now() AS f, {one} > 1901190896 AS g, toDateTime64('2030-03-31 12:34:56', 9) = 1901190896 AS h FROM key_verifications_v1")),
        json!([{"a": 1, "b": 0, "c": 1, "d": 1, "e": 1, "f": 1, "g": 1, "h": 1}])
    );
    assert_eq!(
        q(&format!("SELECT count() AS n FROM key_verifications_v1 WHERE {one} > fromUnixTimestamp64Milli(time) AND toDateTime64('2030-03-31 12:34:56.122999999', 9) < fromUnixTimestamp64Milli(time)")),
        json!([{"n": 1}])
    );
    assert_eq!(
        q(&format!("SELECT count() AS n FROM (SELECT {one} AS t FROM key_verifications_v1) WHERE t < {two} AND t != {two}")),
        json!([{"n": 1}])
    );
    // `BETWEEN` is its two comparisons, `NOT … BETWEEN` their negation (`x NOT BETWEEN` is
    // upstream's parser's syntax error).
    assert_eq!(
        q("SELECT count() AS n FROM key_verifications_v1 WHERE fromUnixTimestamp64Milli(time) BETWEEN toDateTime64('2030-03-31 12:34:56.122999999', 9) AND toDateTime64('2030-03-31 12:34:56.123000000', 9) AND NOT fromUnixTimestamp64Milli(time) BETWEEN toDateTime64('2030-03-31 12:34:56.123000001', 9) AND now() + 1"),
        json!([{"n": 1}])
    );
    assert_eq!(
        q("SELECT toDateTime64('2030-03-31 12:34:56.000000001', 8) BETWEEN now() AND now() + 1 AS a, toDateTime64('2030-03-31 12:34:56.000000001', 9) BETWEEN 1901190895 AND 1901190896 AS b FROM key_verifications_v1"),
        json!([{"a": 1, "b": 0}])
    );
    assert_eq!(
        q(&format!("SELECT count() AS n FROM key_verifications_v1 WHERE {one} > (SELECT max(fromUnixTimestamp64Milli(time)) FROM key_verifications_v1) AND toDateTime64('2030-03-31 12:34:56.122999999', 9) < (SELECT max(fromUnixTimestamp64Milli(time)) FROM key_verifications_v1)")),
        json!([{"n": 1}])
    );
}

/// Values of scale 9 keep their order and identity through `ORDER BY`, `GROUP BY`,
/// `min`/`max`, `if` and `UNION ALL` (ClickHouse sorts and groups a `DateTime64` by its
/// `Decimal64` value; 02313_negative_datetime64 orders values one ns apart); `if` and a set
/// operation of scales 7 and 9 are of scale 9 (getLeastSupertype), which `toString` writes.
#[test]
fn get_verifications__datetime64_nanos_sorted_and_grouped() {
    let s = at_one_verification();
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    let t = |n: u8| format!("toDateTime64('2030-03-31 12:34:56.00000000{n}', 9) AS t");
    let arms = format!(
        "SELECT {} UNION ALL SELECT {} UNION ALL SELECT {} UNION ALL SELECT {}",
        t(3),
        t(1),
        t(2),
        t(1)
    );
    assert_eq!(
        q(&format!(
            "SELECT t, count() AS n FROM ({arms}) GROUP BY t ORDER BY t DESC"
        )),
        json!([
            {"t": "2030-03-31T12:34:56.000000003Z", "n": 1},
            {"t": "2030-03-31T12:34:56.000000002Z", "n": 1},
            {"t": "2030-03-31T12:34:56.000000001Z", "n": 2},
        ])
    );
    assert_eq!(
        q(&format!(
            "SELECT min(t) AS lo, max(t) AS hi, toString(max(t)) AS s FROM ({arms})"
        )),
        json!([{
            "lo": "2030-03-31T12:34:56.000000001Z",
            "hi": "2030-03-31T12:34:56.000000003Z",
            "s": "2030-03-31 12:34:56.000000003",
        }])
    );
    assert_eq!(
        q("SELECT toString(t) AS s FROM (SELECT toDateTime64('2030-03-31 12:34:56.1234567', 7) AS t FROM key_verifications_v1 UNION ALL SELECT toDateTime64('2030-03-31 12:34:56.123456789', 9) AS t FROM key_verifications_v1) ORDER BY t"),
        json!([{"s": "2030-03-31 12:34:56.123456700"}, {"s": "2030-03-31 12:34:56.123456789"}])
    );
    // Of ns and another time: a `DateTime64(9)`, the other converted (a `DateTime` to its
    // whole seconds).
    assert_eq!(
        q("SELECT if(outcome != 'VALID', toDateTime64('2030-03-31 12:34:56.000000007', 9), fromUnixTimestamp64Milli(time)) AS a, toString(if(outcome = 'VALID', now(), toDateTime64('2030-03-31 12:34:56.000000007', 9))) AS b, coalesce(NULL, now64(3), toDateTime64('2030-03-31 12:34:56.000000007', 8)) AS c FROM key_verifications_v1"),
        json!([{"a": "2030-03-31T12:34:56.123Z", "b": "2030-03-31 12:34:56.000000000", "c": "2030-03-31T12:34:56.123Z"}])
    );
    assert_eq!(
        q("SELECT if(outcome = 'VALID', toDateTime64('2030-03-31 12:34:56.000000007', 9), toDateTime64('2030-03-31 12:34:56.000000008', 7)) AS i FROM key_verifications_v1"),
        json!([{"i": "2030-03-31T12:34:56.000000007Z"}])
    );
}

/// A `DateTime64` of scale 7 to 9 moved by intervals or numbers keeps its ns: by whole
/// seconds (01099_operators_date_and_timestamp: a number added to a time is seconds), days,
/// and calendar months (the day held at the month's last, the time of day and its ns kept,
/// as `addMonths` does; 02207_subseconds_intervals.reference keeps a `DateTime64(9)`'s
/// fraction through `toStartOfInterval` and interval arithmetic), in a comparison too.
#[test]
fn get_verifications__datetime64_nanos_moved_by_intervals() {
    let s = at_one_verification();
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    let text = "toDateTime64('2030-03-31 12:34:56.123456789', 9)";
    assert_eq!(
        q(&format!("SELECT {text} + INTERVAL 1 SECOND AS a, {text} - INTERVAL 1 MONTH + INTERVAL 2 SECOND AS b, toDateTime64('2030-03-31 12:34:56.1234567', 7) + toIntervalDay(1) AS c, toString({text} + INTERVAL 1 HOUR) AS s FROM key_verifications_v1")),
        json!([{
            "a": "2030-03-31T12:34:57.123456789Z",
            "b": "2030-02-28T12:34:58.123456789Z",
            "c": "2030-04-01T12:34:56.1234567Z",
            "s": "2030-03-31 13:34:56.123456789",
        }])
    );
    // A number is whole seconds (its fraction cut off), after or (added) before it.
    assert_eq!(
        q(&format!(
            "SELECT {text} + 1 AS a, 2 + {text} AS b, {text} - 1.9 AS c FROM key_verifications_v1"
        )),
        json!([{
            "a": "2030-03-31T12:34:57.123456789Z",
            "b": "2030-03-31T12:34:58.123456789Z",
            "c": "2030-03-31T12:34:55.123456789Z",
        }])
    );
    assert_eq!(
        q("SELECT count() AS n FROM key_verifications_v1 WHERE toDateTime64('2030-03-31 12:34:55.123000001', 9) + INTERVAL 1 SECOND > fromUnixTimestamp64Milli(time) AND toDateTime64('2030-03-31 12:34:57.122999999', 9) - INTERVAL 1 SECOND < fromUnixTimestamp64Milli(time)"),
        json!([{"n": 1}])
    );
}

/// A `DateTime64` of scale 9 less a time is ClickHouse's `Decimal` of seconds of scale 9
/// (02156_minus_op_with_datatime64: a `DateTime64` minus a `DateTime64` or a `DateTime` is a
/// `Decimal` of the larger scale), which Go's decimal writes without trailing zeros: to the ns
/// against another of ns, the raw time as a `DateTime64(3)` and `now()`'s whole seconds; the
/// larger of two, and over a subquery's column.
#[test]
fn get_verifications__datetime64_nanos_differences() {
    // (The recorded `time` is read under `max`: beside an aggregate a bare column is
    // ClickHouse's NOT_AN_AGGREGATE.)
    let s = at_one_verification();
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    let text = "toDateTime64('2030-03-31 12:34:56.123456789', 9)";
    assert_eq!(
        q(&format!("SELECT {text} - toDateTime64('2030-03-31 12:34:56', 9) AS d, max({text} - fromUnixTimestamp64Milli(time)) AS e, now() - toDateTime64('2030-03-31 12:34:56.000000001', 9) AS f, max({text} - now()) AS m FROM key_verifications_v1")),
        json!([{"d": "0.123456789", "e": "0.000456789", "f": "-0.000000001", "m": "0.123456789"}])
    );
    assert_eq!(
        q(&format!("SELECT d FROM (SELECT {text} - toDateTime64('2030-03-31 12:34:55.5', 7) AS d FROM key_verifications_v1) ORDER BY d")),
        json!([{"d": "0.623456789"}])
    );
}

/// A `CASE` of a `DateTime64` of scale 7 to 9 and other times is of their common type, a
/// `DateTime64` of the largest scale (ClickHouse runs `CASE` as `multiIf`, whose
/// getReturnTypeImpl takes getLeastSupertype of its branches, as `if` does): each other time
/// converted (a `Date` at midnight, the raw time to its ms), the digits past the µs kept, in
/// `toString`, in `WHERE`; a `CASE` with no branch taken and no `ELSE` is `NULL`.
#[test]
fn get_verifications__datetime64_nanos_case() {
    let s = at_one_verification();
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    let seven = "toDateTime64('2030-03-31 12:34:56.000000007', 9)";
    assert_eq!(
        q(&format!("SELECT CASE WHEN outcome = 'VALID' THEN {seven} ELSE now64(3) END AS a, toString(CASE WHEN outcome != 'VALID' THEN {seven} ELSE fromUnixTimestamp64Milli(time) END) AS b, CASE WHEN outcome = 'VALID' THEN toDate('2030-03-31') ELSE toDateTime64('2030-03-31 12:34:56.000000007', 8) END AS c, CASE outcome WHEN 'X' THEN {seven} WHEN 'VALID' THEN toDateTime64('2030-03-31 12:34:56.123456789', 7) END AS d, toString(CASE outcome WHEN 'VALID' THEN toDateTime64('2030-03-31 12:34:56.123456789', 7) ELSE {seven} END) AS e, CASE WHEN outcome = 'X' THEN {seven} WHEN outcome = 'Y' THEN now() END AS f FROM key_verifications_v1")),
        json!([{
            "a": "2030-03-31T12:34:56.000000007Z",
            "b": "2030-03-31 12:34:56.123000000",
            "c": "2030-03-31T00:00:00Z",
            "d": "2030-03-31T12:34:56.1234567Z",
            "e": "2030-03-31 12:34:56.123456700",
            "f": null,
        }])
    );
    // A `CASE` inside a branch is one value of the outer one.
    assert_eq!(
        q(&format!("SELECT CASE WHEN outcome = 'X' THEN now() ELSE CASE WHEN outcome = 'VALID' THEN {seven} ELSE now() END END AS a, CASE WHEN outcome = 'VALID' THEN CASE WHEN outcome = 'X' THEN {seven} ELSE now() END ELSE now64(3) END AS b FROM key_verifications_v1")),
        json!([{"a": "2030-03-31T12:34:56.000000007Z", "b": "2030-03-31T12:34:56Z"}])
    );
    assert_eq!(
        q("SELECT count() AS n FROM key_verifications_v1 WHERE CASE WHEN outcome = 'VALID' THEN toDateTime64('2030-03-31 12:34:56.123000001', 9) ELSE now() END > fromUnixTimestamp64Milli(time) AND CASE WHEN outcome = 'VALID' THEN toDateTime64('2030-03-31 12:34:56.122999999', 9) ELSE now() END < fromUnixTimestamp64Milli(time)"),
        json!([{"n": 1}])
    );
    // Beside a number there is no common type (NO_COMMON_TYPE, upstream's invalid query).
    let (kind, detail) = refused(
        &s,
        &format!("SELECT CASE WHEN outcome = 'VALID' THEN {seven} ELSE 1 END AS t FROM key_verifications_v1"),
    );
    assert_eq!(
        (kind.as_str(), detail.as_str()),
        ("invalid_analytics_query", "Invalid analytics query")
    );
}

/// An `IN` list whose left side is a `DateTime64` of scale 7 to 9 holds its elements in that
/// type, as ClickHouse builds the set (src/Analyzer/SetUtils.cpp,
/// getSetElementsForConstantValue: convertFieldToTypeStrict of each element;
/// src/Interpreters/convertFieldToType.cpp at 3c1c4b8: a `DateTime64` of a smaller scale is
/// rescaled, exactly (PR #60004, merged 2024-02, so in 25.6), an integer is whole seconds, a
/// `DateTime`'s `UInt64` too, a text is parsed in the type to its scale's digits, a float is
/// TYPE_MISMATCH, a `NULL` is not in the set). A `Date` (its day number taken as seconds
/// where SetUtils tells no element type, as at 0032eb9; midnight where it does, at 338956;
/// which 25.6 does is not settled here) and a `DateTime64` of a larger scale (kept only
/// when exact) are not run.
#[test]
fn get_verifications__datetime64_nanos_in_list() {
    let s = at_one_verification();
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    let nine = "toDateTime64('2030-03-31 12:34:56.123456789', 9)";
    let whole = "toDateTime64('2030-03-31 12:34:56', 9)";
    assert_eq!(
        q(&format!("SELECT {nine} IN ({nine}) AS a, {nine} IN (toDateTime64('2030-03-31 12:34:56.123456788', 9), NULL) AS b, {nine} IN ('2030-03-31 12:34:56.123456789') AS c, toDateTime64('2030-03-31 12:34:56.1234567', 7) IN ('2030-03-31 12:34:56.123456789') AS d, {whole} IN (1901190896, 5) AS e, {whole} IN (now()) AS f, {nine} NOT IN (1901190896, now()) AS g, {nine} IN ('2030-03-31 12:34:56.123456') AS h, toDateTime64('2030-03-31 12:34:56.1234567', 9) IN (toDateTime64('2030-03-31 12:34:56.123456789', 7)) AS i, toDateTime64(fromUnixTimestamp64Milli(time), 8) IN (toDateTime64('2030-03-31 12:34:56.122', 3), toDateTime64('2030-03-31 12:34:56.123', 3)) AS j FROM key_verifications_v1")),
        json!([{"a": 1, "b": 0, "c": 1, "d": 1, "e": 1, "f": 1, "g": 1, "h": 0, "i": 1, "j": 1}])
    );
    assert_eq!(
        q("SELECT count() AS n FROM key_verifications_v1 WHERE toDateTime64(fromUnixTimestamp64Milli(time), 9) IN ('2030-03-31 12:34:56.123000001', '2030-03-31 12:34:56.123') AND toDateTime64(fromUnixTimestamp64Milli(time), 9) NOT IN ('2030-03-31 12:34:56.123000001')"),
        json!([{"n": 1}])
    );
    let (kind, detail) = refused(
        &s,
        &format!("SELECT {nine} IN (1901190896.5) AS a FROM key_verifications_v1"),
    );
    assert_eq!(
        (kind.as_str(), detail.as_str()),
        ("invalid_analytics_query", "Invalid analytics query")
    );
    for query in [
        format!("SELECT {nine} IN (toDate('2030-03-31')) AS a FROM key_verifications_v1"),
        format!("SELECT toDateTime64('2030-03-31 12:34:56.123456789', 7) IN ({nine}) AS a FROM key_verifications_v1"),
    ] {
        let (_, detail) = refused(&s, &query);
        assert!(detail.starts_with("unkey-local does not run"), "{query}: {detail}");
    }
    // (A list that reads a column is no constant: ClickHouse's error, see
    // `get_verifications__in_list_of_columns`.)
    assert_invalid(
        &s,
        &format!(
            "SELECT {nine} IN (fromUnixTimestamp64Milli(time)) AS a FROM key_verifications_v1"
        ),
    );
}

/// `has` of an array of `DateTime64`s of scale 7 to 9 compares instants to the ns
/// (src/Functions/array/arrayIndex.h: allowArguments takes a value with a common type,
/// getLeastSupertype; a constant array's elements are compared by FieldVisitorAccurateEquals,
/// a `Decimal` against a `DateTime`'s seconds, another array cast with the value to their common
/// type): a value of ns, of another scale, a `DateTime`, the raw time, over a literal or
/// `groupArray`. A number has no common type with a time (NO_COMMON_TYPE, upstream's invalid
/// query); a `Date` (its day number met as a number by a constant array) is not run.
#[test]
fn get_verifications__datetime64_nanos_has() {
    let s = at_one_verification();
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    let nine = "toDateTime64('2030-03-31 12:34:56.123456789', 9)";
    assert_eq!(
        q(&format!("SELECT has([toDateTime64('2030-03-31 12:34:56.000000001', 9), {nine}], {nine}) AS a, has([{nine}], toDateTime64('2030-03-31 12:34:56.123456788', 9)) AS b, has([toDateTime64('2030-03-31 12:34:56', 9)], now()) AS c, has([toDateTime64('2030-03-31 12:34:56.123', 8)], fromUnixTimestamp64Milli(time)) AS d, has([toDateTime64('2030-03-31 12:34:56.123456789', 7)], {nine}) AS e, has([toDateTime64('2030-03-31 12:34:56.1234567', 9)], toDateTime64('2030-03-31 12:34:56.123456789', 7)) AS f FROM key_verifications_v1")),
        json!([{"a": 1, "b": 0, "c": 1, "d": 1, "e": 0, "f": 1}])
    );
    assert_eq!(
        q("SELECT has(groupArray(toDateTime64(fromUnixTimestamp64Milli(time), 9)), toDateTime64('2030-03-31 12:34:56.123', 3)) AS g, has(groupArray(toDateTime64(fromUnixTimestamp64Milli(time), 9)), toDateTime64('2030-03-31 12:34:56.123000001', 9)) AS h FROM key_verifications_v1"),
        json!([{"g": 1, "h": 0}])
    );
    let (kind, detail) = refused(
        &s,
        &format!("SELECT has([{nine}], 1) AS a FROM key_verifications_v1"),
    );
    assert_eq!(
        (kind.as_str(), detail.as_str()),
        ("invalid_analytics_query", "Invalid analytics query")
    );
    let query =
        format!("SELECT has([{nine}], toDate('2030-03-31')) AS a FROM key_verifications_v1");
    let (_, detail) = refused(&s, &query);
    assert!(
        detail.starts_with("unkey-local does not run"),
        "{query}: {detail}"
    );
}

/// An array of `DateTime64`s of scale 7 to 9 (a literal, `groupArray`) keeps its elements'
/// ns where it is read: a subscript (arrayElement: out of range its type's default, the epoch,
/// or `NULL` of a `Nullable` element; a negative index from the end), `length`, `has`, a
/// name, a subquery's column and a set operation of two scales (of the larger, as
/// getLeastSupertype makes `Array(DateTime64(9))`), `arrayJoin` (its elements). `toString`
/// of one and one as
/// a key are not run.
#[test]
fn get_verifications__datetime64_nanos_arrays_read() {
    let s = at_one_verification();
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    let nine = "toDateTime64('2030-03-31 12:34:56.123456789', 9)";
    assert_eq!(
        q(&format!("SELECT [{nine}][1] AS f, groupArray({nine})[1] AS g, groupArray({nine})[2] AS h, [{nine}, NULL][2] AS i, [{nine}][-1] > now() AS j, has(groupArray({nine}), {nine}) AS k, length([{nine}, {nine}]) AS n FROM key_verifications_v1")),
        json!([{
            "f": "2030-03-31T12:34:56.123456789Z",
            "g": "2030-03-31T12:34:56.123456789Z",
            "h": "1970-01-01T00:00:00Z",
            "i": null,
            "j": 1,
            "k": 1,
            "n": 2,
        }])
    );
    assert_eq!(
        q(&format!("SELECT a, length(a) AS n FROM (SELECT [toDateTime64('2030-03-31 12:34:56.1234567', 7)] AS a FROM key_verifications_v1 UNION ALL SELECT groupArray({nine}) AS a FROM key_verifications_v1) ORDER BY has(a, {nine}) DESC")),
        json!([
            {"a": ["2030-03-31T12:34:56.123456789Z"], "n": 1},
            {"a": ["2030-03-31T12:34:56.1234567Z"], "n": 1},
        ])
    );
    // A subquery's column carries its elements' type and `Nullable`: out of range the epoch,
    // or `NULL` of a `Nullable` element.
    assert_eq!(
        q(&format!("SELECT a[1] AS f, a[2] AS g, b[3] AS h FROM (SELECT groupArray({nine}) AS a, [{nine}, NULL] AS b FROM key_verifications_v1)")),
        json!([{"f": "2030-03-31T12:34:56.123456789Z", "g": "1970-01-01T00:00:00Z", "h": null}])
    );
    // `arrayJoin` of one: its elements, of ns again (moved, written, compared), over a
    // literal or the aggregated rows' `groupArray`.
    assert_eq!(
        q(&format!("SELECT arrayJoin([{nine}, toDateTime64('2030-03-31 12:34:56.000000001', 9)]) AS t, toString(t) AS s, t + INTERVAL 1 SECOND AS u FROM key_verifications_v1 WHERE arrayJoin([{nine}]) > now() ORDER BY t")),
        json!([
            {"t": "2030-03-31T12:34:56.000000001Z", "s": "2030-03-31 12:34:56.000000001", "u": "2030-03-31T12:34:57.000000001Z"},
            {"t": "2030-03-31T12:34:56.123456789Z", "s": "2030-03-31 12:34:56.123456789", "u": "2030-03-31T12:34:57.123456789Z"},
        ])
    );
    assert_eq!(
        q(&format!(
            "SELECT toString(arrayJoin(groupArray({nine}))) AS s FROM key_verifications_v1"
        )),
        json!([{"s": "2030-03-31 12:34:56.123456789"}])
    );
    for query in [
        format!("SELECT toString([{nine}]) AS a FROM key_verifications_v1"),
        format!("SELECT a FROM (SELECT [{nine}] AS a FROM key_verifications_v1) ORDER BY a"),
    ] {
        let (_, detail) = refused(&s, &query);
        assert!(
            detail.starts_with("unkey-local does not run"),
            "{query}: {detail}"
        );
    }
}

/// `count`, `uniq` and `uniqExact` of a `DateTime64` of scale 7 to 9 count its values, told
/// apart to the ns (a `Decimal64` each, hashed or compared whole); `date_trunc` cuts it;
/// `toInt32`/`toInt64` of one is its whole seconds (its `Decimal` converted to an integer toward zero, as of a
/// `DateTime64(3)` here).
#[test]
fn get_verifications__datetime64_nanos_counted_and_cut() {
    let s = at_one_verification();
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    let t = |n: u8| format!("toDateTime64('2030-03-31 12:34:56.00000000{n}', 9) AS t");
    let arms = format!(
        "SELECT {} UNION ALL SELECT {} UNION ALL SELECT {} UNION ALL SELECT {}",
        t(3),
        t(1),
        t(2),
        t(1)
    );
    assert_eq!(
        q(&format!("SELECT count(t) AS c, uniq(t) AS u, uniqExact(t) AS x, count(DISTINCT t) AS d, uniq(t, t) AS p, countIf(t > toDateTime64('2030-03-31 12:34:56.000000001', 9)) AS i FROM ({arms})")),
        json!([{"c": 4, "u": 3, "x": 3, "d": 3, "p": 3, "i": 2}])
    );
    // `date_trunc` of one: its units of a second or more read no digit past the ms (as of a
    // `DateTime64(3)` here; 25.6's type, `DateTime` or, where function_date_trunc_return_type_behavior
    // is 0, `DateTime64(0)`, is written the same after 1970).
    let last = "toDateTime64('2030-03-31 12:34:59.999999999', 9)";
    assert_eq!(
        q(&format!("SELECT date_trunc('second', {last}) AS s, date_trunc('minute', {last}) AS m, date_trunc('day', {last}) AS d, date_trunc('month', {last}) AS mo FROM key_verifications_v1")),
        json!([{
            "s": "2030-03-31T12:34:59Z",
            "m": "2030-03-31T12:34:00Z",
            "d": "2030-03-31T00:00:00Z",
            "mo": "2030-03-01T00:00:00Z",
        }])
    );
    // (Its text shows the result's scale, which is not settled for 25.6.4: see the README.)
    let (_, detail) = refused(
        &s,
        &format!("SELECT toString(date_trunc('hour', {last})) AS h FROM key_verifications_v1"),
    );
    assert!(detail.starts_with("unkey-local does not run"), "{detail}");
    assert_eq!(
        q("SELECT toInt64(toDateTime64('2030-03-31 12:34:56.999999999', 9)) AS a, toInt32(toDateTime64('2030-03-31 12:34:56.999999999', 8)) AS b FROM key_verifications_v1"),
        json!([{"a": 1_901_190_896i64, "b": 1_901_190_896i64}])
    );
    // `formatDateTime` of one without `%f` writes its whole seconds (FunctionFormatDateTime
    // splits a `DateTime64` into them and its fraction, which only `%f` writes).
    assert_eq!(
        q(&format!("SELECT formatDateTime({last}, '%Y-%m-%d %H:%i:%S') AS a, formatDateTime({last}, '%T', 'UTC') AS b FROM key_verifications_v1")),
        json!([{"a": "2030-03-31 12:34:59", "b": "12:34:59"}])
    );
    // `quantile` of one: 25.6's answers a tick a `Float64` holds (QuantileReservoirSampler's
    // `get` took the `Float64` ReservoirSampler::quantileInterpolated answers, `a * left_coef
    // + b * right_coef`, truncated; PR #114919 of 2026-08 moved decimals off it): one value's
    // nearest (…789 is …768 there), the three values one ns apart the same second, the
    // median of .1 and .9 their middle, over no rows the epoch.
    assert_eq!(
        q("SELECT quantile(toDateTime64('2030-03-31 12:34:56.123456789', 9)) AS a FROM key_verifications_v1"),
        json!([{"a": "2030-03-31T12:34:56.123456768Z"}])
    );
    assert_eq!(
        q(&format!("SELECT quantile(0.5)(t) AS b FROM ({arms})")),
        json!([{"b": "2030-03-31T12:34:56Z"}])
    );
    assert_eq!(
        q("SELECT quantile(t) AS c FROM (SELECT toDateTime64('2030-03-31 12:34:56.1', 9) AS t UNION ALL SELECT toDateTime64('2030-03-31 12:34:56.9', 9) AS t)"),
        json!([{"c": "2030-03-31T12:34:56.5Z"}])
    );
    assert_eq!(
        q(&format!(
            "SELECT quantile(t) AS d FROM ({arms}) WHERE t < now()"
        )),
        json!([{"d": "1970-01-01T00:00:00Z"}])
    );
    let query = format!("SELECT formatDateTime({last}, '%S.%f') AS m FROM key_verifications_v1");
    let (_, detail) = refused(&s, &query);
    assert!(
        detail.starts_with("unkey-local does not run"),
        "{query}: {detail}"
    );
}

/// Window functions over a `DateTime64` of scale 7 to 9 keep its ns: `min`/`max`/`any`,
/// `count`/`uniq` and `groupArray` over a window's rows (an aggregate over its frame, the
/// `Decimal64`s compared whole), ordered or partitioned by it, with a `ROWS` frame or a named
/// window, read by `toString` and through a subquery, and ordering a `RANGE` frame.
#[test]
fn get_verifications__datetime64_nanos_windows() {
    let s = at_one_verification();
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    let t = |n: u8| format!("toDateTime64('2030-03-31 12:34:56.00000000{n}', 9) AS t");
    let arms = format!(
        "SELECT {}, 1 AS k UNION ALL SELECT {}, 1 AS k UNION ALL SELECT {}, 2 AS k",
        t(3),
        t(1),
        t(2)
    );
    let ns = |n: u8| format!("2030-03-31T12:34:56.00000000{n}Z");
    assert_eq!(
        q(&format!("SELECT t, max(t) OVER () AS m, count(t) OVER () AS c, min(t) OVER (PARTITION BY k) AS p, groupArray(t) OVER (ORDER BY t ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS g, uniq(t) OVER (PARTITION BY k) AS u FROM ({arms}) ORDER BY t")),
        json!([
            {"t": ns(1), "m": ns(3), "c": 3, "p": ns(1), "g": [ns(1)], "u": 2},
            {"t": ns(2), "m": ns(3), "c": 3, "p": ns(2), "g": [ns(1), ns(2)], "u": 1},
            {"t": ns(3), "m": ns(3), "c": 3, "p": ns(1), "g": [ns(1), ns(2), ns(3)], "u": 2},
        ])
    );
    assert_eq!(
        q(&format!(
            "SELECT t, max(t) OVER w AS m FROM ({arms}) WINDOW w AS (ORDER BY t) ORDER BY t"
        )),
        json!([{"t": ns(1), "m": ns(1)}, {"t": ns(2), "m": ns(2)}, {"t": ns(3), "m": ns(3)}])
    );
    assert_eq!(
        q(&format!("SELECT toString(m) AS s FROM (SELECT max(t) OVER () AS m FROM ({arms})) WHERE m > now() LIMIT 1")),
        json!([{"s": "2030-03-31 12:34:56.000000003"}])
    );
    // A `RANGE` frame with an offset: ClickHouse's NOT_IMPLEMENTED (see
    // get_verifications__range_frame_offsets_over_times); without one, the key's peers.
    for query in [
        format!("SELECT t, count() OVER (ORDER BY t RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) AS c FROM ({arms})"),
        format!("SELECT t, count() OVER w AS c FROM ({arms}) WINDOW w AS (ORDER BY t RANGE BETWEEN 1 PRECEDING AND CURRENT ROW)"),
    ] {
        assert_invalid(&s, &query);
    }
    assert_eq!(
        q(&format!("SELECT t, count() OVER (ORDER BY t RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS c FROM ({arms}) ORDER BY t")),
        json!([{"t": ns(1), "c": 1}, {"t": ns(2), "c": 2}, {"t": ns(3), "c": 3}])
    );
}

/// `WITH FILL` of a `DateTime64` of scale 7 to 9 walks its ns
/// (src/Processors/Transforms/FillingTransform.cpp, tryConvertFields: a number as `STEP`,
/// `FROM` or `TO` is converted to the column's `Decimal64`, so counts seconds, a fraction too;
/// an `INTERVAL` adds its units keeping the fraction; a time bound must be of the column's very
/// type, else "Incompatible types of WITH FILL expression values", upstream's invalid query),
/// by name or position, descending, with bounds. By months it is not run.
#[test]
fn get_verifications__datetime64_nanos_filled() {
    let s = at_one_verification();
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    let t = |n: &str| format!("toDateTime64('2030-03-31 12:34:5{n}', 9) AS t");
    let arms = format!(
        "SELECT {} UNION ALL SELECT {}",
        t("6.000000001"),
        t("8.500000001")
    );
    let at = |n: &str| json!({"t": format!("2030-03-31T12:34:5{n}Z")});
    let filled = json!([
        at("6.000000001"),
        at("7.000000001"),
        at("8.000000001"),
        at("8.500000001")
    ]);
    assert_eq!(
        q(&format!("SELECT t FROM ({arms}) ORDER BY t WITH FILL")),
        filled
    );
    assert_eq!(
        q(&format!(
            "SELECT t FROM ({arms}) ORDER BY 1 WITH FILL STEP INTERVAL 1 SECOND"
        )),
        filled
    );
    assert_eq!(
        q(&format!(
            "SELECT t FROM ({arms}) ORDER BY t DESC WITH FILL STEP -1"
        )),
        json!([
            at("8.500000001"),
            at("7.500000001"),
            at("6.500000001"),
            at("6.000000001")
        ])
    );
    assert_eq!(
        q(&format!("SELECT t FROM ({arms}) ORDER BY t WITH FILL FROM toDateTime64('2030-03-31 12:34:55.5', 9) TO toDateTime64('2030-03-31 12:34:59.9', 9) STEP 0.75")),
        json!([at("5.5"), at("6.000000001"), at("6.25"), at("7"), at("7.75"), at("8.5"), at("8.500000001"), at("9.25")])
    );
    assert_eq!(
        q(&format!(
            "SELECT t FROM ({arms}) ORDER BY t WITH FILL FROM 1901190895 TO 1901190900 STEP 2"
        )),
        json!([
            at("5"),
            at("6.000000001"),
            at("7"),
            at("8.500000001"),
            at("9")
        ])
    );
    for bound in ["now()", "toDateTime64('2030-03-31 12:34:55.5', 8)"] {
        let (kind, detail) = refused(
            &s,
            &format!("SELECT t FROM ({arms}) ORDER BY t WITH FILL FROM {bound}"),
        );
        assert_eq!(
            (kind.as_str(), detail.as_str()),
            ("invalid_analytics_query", "Invalid analytics query")
        );
    }
    let query = format!("SELECT t FROM ({arms}) ORDER BY t WITH FILL STEP INTERVAL 1 MONTH");
    let (_, detail) = refused(&s, &query);
    assert!(
        detail.starts_with("unkey-local does not run"),
        "{query}: {detail}"
    );
}

/// Where a `DateTime64`'s digits past the µs meet what unkey-local counts in ms (arithmetic,
/// an interval on the left or of µs or ns, differences, `if` or a set operation with a time of another scale, a use it
/// does not follow), the query is not run (ClickHouse keeps them: 02207_subseconds_intervals
/// moves such a value by nanoseconds); without such digits it is answered as before.
#[test]
fn get_verifications__datetime64_nanos_not_run_where_ms() {
    let s = at_one_verification();
    let text = "toDateTime64('2030-03-31 12:34:56.123456789', 9)";
    for query in [
        format!("SELECT {text} + toIntervalNanosecond(1) AS t FROM key_verifications_v1"),
        format!("SELECT INTERVAL 1 DAY + {text} AS t FROM key_verifications_v1"),
        format!("SELECT {text} + {text} AS t FROM key_verifications_v1"),
        format!("SELECT ({text} - now()) * 2 AS d FROM key_verifications_v1"),
        format!("SELECT {text} - now() > 0 AS d FROM key_verifications_v1"),
        format!("SELECT {text} AS t FROM key_verifications_v1 UNION ALL SELECT now64(3) AS t FROM key_verifications_v1"),
        format!("SELECT count() AS n FROM key_verifications_v1 WHERE now64(3) IN (SELECT {text} AS t)"),
        "SELECT toDateTime64(1901190896.1234567, 7) AS t FROM key_verifications_v1".to_string(),
        "SELECT toDateTime64(key_id, 9) AS t FROM key_verifications_v1".to_string(),
    ] {
        let (_, detail) = refused(&s, &query);
        assert!(detail.starts_with("unkey-local does not run"), "{query}: {detail}");
    }
    let q = |query: &str| s.ok("analytics.getVerifications", json!({"query": query}));
    assert_eq!(
        q("SELECT toDateTime64('2030-03-31 12:34:56.123456', 9) + INTERVAL 1 SECOND AS t, toDateTime64('2030-03-31 12:34:56.5', 9) - toDateTime64('2030-03-31 12:34:56', 9) AS d FROM key_verifications_v1"),
        json!([{"t": "2030-03-31T12:34:57.123456Z", "d": "0.5"}])
    );
}

/// An outer join's unmatched columns take their types' defaults (0, '', [], the epoch), as
/// ClickHouse answers without `join_use_nulls` (upstream's settings profile does not set it),
/// also in `WHERE` (the usual `= ''` test for "no match"); `LEFT`, `RIGHT` and `FULL`.
#[test]
fn get_verifications__outer_join_unmatched_columns_are_defaults() {
    let (s, ks_a, ks_b) = recorded();
    let only_a = format!(
        "(SELECT key_id, key_space_id, tags, spent_credits, count() AS n, groupArray(outcome) AS o FROM key_verifications_v1 WHERE key_space_id = '{ks_a}' GROUP BY key_id, key_space_id, tags, spent_credits)"
    );
    let rows = run(
        &s,
        &format!("SELECT v.key_space_id AS ks, a.key_id, a.tags AS t, a.spent_credits AS c, a.n AS n, a.o AS o FROM key_verifications_v1 v LEFT JOIN {only_a} a ON v.key_id = a.key_id WHERE v.key_space_id = '{ks_b}'"),
    );
    assert_eq!(
        rows,
        // (`a.key_id` keeps its qualifier: `key_id` is `v`'s too.)
        json!([{"ks": ks_b, "a.key_id": "", "t": [], "c": 0, "n": 0, "o": []}])
    );
    assert_eq!(
        run(&s, &format!("SELECT count() AS n FROM key_verifications_v1 v LEFT JOIN {only_a} a ON v.key_id = a.key_id WHERE a.key_id = ''")),
        json!([{"n": 1}])
    );
    // A rollup's time defaults to the epoch.
    assert_eq!(
        run(&s, &format!("SELECT d.time AS t FROM key_verifications_v1 v LEFT JOIN (SELECT * FROM key_verifications_per_day_v1 WHERE key_space_id = '{ks_a}') d ON v.key_id = d.key_id WHERE v.key_space_id = '{ks_b}'")),
        json!([{"t": "1970-01-01T00:00:00Z"}])
    );
    // RIGHT and FULL: the other side's columns.
    assert_eq!(
        run(&s, &format!("SELECT a.key_id AS k, v.key_space_id AS ks FROM {only_a} a RIGHT JOIN (SELECT * FROM key_verifications_v1 WHERE key_space_id = '{ks_b}') v ON v.key_id = a.key_id")),
        json!([{"k": "", "ks": ks_b}])
    );
    let full = run(
        &s,
        &format!("SELECT a.key_space_id AS left_ks, b.key_space_id AS right_ks FROM (SELECT DISTINCT key_id, key_space_id FROM key_verifications_v1 WHERE key_space_id = '{ks_a}') a FULL OUTER JOIN (SELECT DISTINCT key_id, key_space_id FROM key_verifications_v1 WHERE key_space_id = '{ks_b}') b ON a.key_id = b.key_id ORDER BY left_ks"),
    );
    assert_eq!(
        full,
        json!([{"left_ks": "", "right_ks": ks_b}, {"left_ks": ks_a, "right_ks": ""}])
    );
}

/// A bare `EXCEPT` is ClickHouse's `EXCEPT ALL` (`except_default_mode`, `ALL` by default in
/// 25.6's Settings, SelectIntersectExceptQueryVisitor): every row of the left side,
/// duplicates too, whose row the right side lacks (IntersectOrExceptTransform.cpp filters the
/// left rows by a set of the right ones, `!find_result.isFound()`; the stored source is newer
/// than 25.6, and the set is the transform's since its first version). Its right side in parentheses is written
/// back without them (SelectQuery.String), as is a `UNION ALL|DISTINCT`'s.
#[test]
fn get_verifications__except_all_by_default() {
    let (s, ks_a, ks_b) = recorded();
    let ks_of = |query: &str| -> Vec<String> {
        run(&s, query)
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["key_space_id"].as_str().unwrap().to_string())
            .collect()
    };
    let all = "SELECT key_space_id FROM key_verifications_v1";
    assert_eq!(
        ks_of(&format!("{all} EXCEPT SELECT key_space_id FROM key_verifications_v1 WHERE key_space_id = '{ks_b}'")),
        vec![ks_a.clone(); 3]
    );
    assert_eq!(
        ks_of(&format!("{all} EXCEPT (SELECT key_space_id FROM key_verifications_v1 WHERE key_space_id = '{ks_b}')")),
        vec![ks_a.clone(); 3]
    );
    // `B UNION ALL (A)`: the parentheses dropped, the same rows.
    assert_eq!(
        ks_of(&format!("SELECT key_space_id FROM key_verifications_v1 WHERE key_space_id = '{ks_b}' UNION ALL ({all} WHERE key_space_id = '{ks_b}')")),
        vec![ks_b.clone(); 2]
    );
    // Rows of several columns compare as wholes.
    assert_eq!(
        run(&s, &format!("SELECT count() AS n FROM (SELECT key_space_id, outcome FROM key_verifications_v1 EXCEPT SELECT '{ks_a}', 'VALID')")),
        json!([{"n": 1}])
    );
}

/// ClickHouse's join kinds: `LEFT SEMI` (the left rows with a match, once), `LEFT ANTI` (those
/// without one; the right columns their defaults), `ANY LEFT`/`LEFT ANY` (every left row, the
/// first match's columns), `ANY INNER`, and `GLOBAL`/`ALL`, which mean nothing more on one
/// server.
#[test]
fn get_verifications__clickhouse_join_kinds() {
    let (s, ks_a, ks_b) = recorded();
    let n = |query: &str| run(&s, query)[0]["n"].clone();
    let pairs = "SELECT count() AS n FROM key_verifications_v1 a";
    // (`GLOBAL` takes no join kind after it in upstream's parser, AfterShip v0.4.18's
    // parseJoinRightExpr: `GLOBAL ALL INNER JOIN` is its syntax error, the audit's `apparse`,
    // and `GLOBAL JOIN` is written back as `JOIN`.)
    assert_eq!(
        n(&format!(
            "{pairs} GLOBAL JOIN key_verifications_v1 b ON a.key_id = b.key_id"
        )),
        json!(10)
    );
    for kind in ["ALL INNER", "LEFT", "ANY LEFT"] {
        let query =
            format!("{pairs} GLOBAL {kind} JOIN key_verifications_v1 b ON a.key_id = b.key_id");
        assert_eq!(refused(&s, &query), syntax_error(&query), "{query}");
    }
    assert_eq!(
        n(&format!(
            "{pairs} LEFT SEMI JOIN key_verifications_v1 b ON a.key_id = b.key_id"
        )),
        json!(4)
    );
    assert_eq!(
        n(&format!(
            "{pairs} ANY LEFT JOIN key_verifications_v1 b ON a.key_id = b.key_id"
        )),
        json!(4)
    );
    assert_eq!(
        n(&format!(
            "{pairs} INNER ANY JOIN key_verifications_v1 b USING (key_id)"
        )),
        json!(4)
    );
    assert_eq!(
        n(&format!("{pairs} LEFT SEMI JOIN (SELECT key_id FROM key_verifications_v1 WHERE key_space_id = '{ks_a}') b ON a.key_id = b.key_id")),
        json!(3)
    );
    assert_eq!(
        run(&s, &format!("SELECT a.key_space_id AS ks, b.key_id AS other, b.spent_credits AS c FROM key_verifications_v1 a LEFT ANTI JOIN (SELECT key_id, spent_credits FROM key_verifications_v1 WHERE key_space_id = '{ks_a}') b ON a.key_id = b.key_id")),
        json!([{"ks": ks_b, "other": "", "c": 0}])
    );
    // With a WHERE of its own, and USING without parentheses.
    let valid_a = n(&format!(
        "SELECT count() AS n FROM key_verifications_v1 WHERE key_space_id = '{ks_a}' AND outcome = 'VALID'"
    ));
    assert_ne!(valid_a, json!(0));
    assert_eq!(
        n(&format!("{pairs} LEFT ANTI JOIN (SELECT key_id FROM key_verifications_v1 WHERE key_space_id = '{ks_b}') b USING key_id WHERE a.outcome = 'VALID'")),
        valid_a
    );
    // The first match's columns: each left row once, matched or with the defaults.
    let rows = run(
        &s,
        &format!("SELECT a.key_space_id AS ks, b.key_space_id AS matched FROM key_verifications_v1 a LEFT ANY JOIN (SELECT key_id, key_space_id FROM key_verifications_v1 WHERE key_space_id = '{ks_a}') b ON a.key_id = b.key_id ORDER BY matched"),
    );
    assert_eq!(
        rows,
        json!([
            {"ks": ks_b, "matched": ""},
            {"ks": ks_a, "matched": ks_a},
            {"ks": ks_a, "matched": ks_a},
            {"ks": ks_a, "matched": ks_a},
        ])
    );
}

/// `LEFT ARRAY JOIN` never reaches ClickHouse through upstream: AfterShip v0.4.18's
/// parseJoinOp takes `ARRAY` as a modifier of a `LEFT` join, before the `ARRAY JOIN` clause is
/// tried (parser_query.go), so `LEFT ARRAY JOIN x` joins the table `x` (the audit's walk of its
/// tree: a TableIdentifier `tags`), which upstream's table check refuses; a call there is a
/// table function (refused as one), and an array literal or an expression its syntax error
/// ("expected table name or subquery"). `INNER ARRAY JOIN` is read as a join and wants `JOIN`.
#[test]
fn get_verifications__left_array_join_is_a_join_of_a_table_upstream() {
    let (s, _, _) = recorded();
    let table = |query: &str| refused(&s, query);
    assert_eq!(
        table("SELECT tag FROM key_verifications_v1 LEFT ARRAY JOIN tags AS tag"),
        (
            "invalid_analytics_table".into(),
            "Access to table 'tags' is not allowed".into()
        )
    );
    assert_eq!(
        table("SELECT count() AS n FROM key_verifications_v1 a JOIN key_verifications_v1 b ON a.key_id = b.key_id LEFT OUTER ARRAY JOIN a.tags AS t"),
        ("invalid_analytics_table".into(), "Access to table 'a.tags' is not allowed".into())
    );
    assert_eq!(
        table(
            "SELECT tag FROM key_verifications_v1 LEFT ARRAY JOIN splitByChar(',', outcome) AS tag"
        ),
        (
            "invalid_analytics_function".into(),
            "Table function 'splitbychar' is not allowed for security reasons".into()
        )
    );
    for query in [
        "SELECT n FROM key_verifications_v1 LEFT ARRAY JOIN [1, 2] AS n",
        "SELECT n FROM key_verifications_v1 LEFT ARRAY JOIN if(length(tags) = 2, [5, 6], []) AS n",
        "SELECT n FROM key_verifications_v1 LEFT ARRAY JOIN arrayFilter(x -> x > 1, [1, 2]) AS n",
        "SELECT tag FROM key_verifications_v1 INNER ARRAY JOIN tags AS tag",
    ] {
        assert_eq!(table(query), syntax_error(query), "{query}");
    }
}

/// `ARRAY JOIN` drops a row whose array is empty.
#[test]
fn get_verifications__left_array_join() {
    let (s, _, _) = recorded();
    let tags = |query: &str| -> Vec<String> {
        let mut t: Vec<String> = run(&s, query)
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["tag"].as_str().unwrap().to_string())
            .collect();
        t.sort();
        t
    };
    assert_eq!(
        tags("SELECT tag FROM key_verifications_v1 ARRAY JOIN tags AS tag"),
        vec!["t1", "t1", "t2", "t2"]
    );
}

/// `arrayFilter(x -> condition, array)`: the elements for which the condition holds, in order,
/// as an array (of a column or a literal; usable where arrays are).
#[test]
fn get_verifications__array_filter() {
    let (s, _, _) = recorded();
    let rows = run(
        &s,
        "SELECT arrayFilter(x -> x != 't1', tags) AS f, length(arrayFilter(t -> startsWith(t, 't'), tags)) AS n FROM key_verifications_v1 WHERE length(tags) = 2",
    );
    assert_eq!(rows, json!([{"f": ["t2"], "n": 2}]));
    assert_eq!(
        run(&s, "SELECT arrayFilter(x -> x LIKE 'a%', ['ab', 'b', 'ac']) AS f FROM key_verifications_v1 LIMIT 1"),
        json!([{"f": ["ab", "ac"]}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE has(arrayFilter(x -> x = 't2', tags), 't2')"),
        json!([{"n": 2}])
    );
    // Several arrays, element by element (their sizes must match).
    assert_eq!(
        run(&s, "SELECT arrayFilter((t, flag) -> flag = 1, tags, [0, 1]) AS f FROM key_verifications_v1 WHERE length(tags) = 2"),
        json!([{"f": ["t2"]}])
    );
    assert_eq!(
        refused(&s, "SELECT arrayFilter((t, flag) -> flag = 1, tags, [0, 1, 1]) AS f FROM key_verifications_v1 WHERE length(tags) = 2").0,
        "invalid_analytics_query"
    );
}

/// `*` and `q.*` over joins: every source's columns, a name an earlier source already has
/// qualified with its source's (`d.key_id`, as ClickHouse names it), a `USING` column once,
/// unmatched columns their defaults; over an `ARRAY JOIN`, the table's columns.
#[test]
fn get_verifications__star_over_joins() {
    let (s, ks_a, ks_b) = recorded();
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let on = run(
        &s,
        &format!("SELECT * FROM key_verifications_v1 a JOIN key_verifications_per_day_v1 d ON a.key_id = d.key_id WHERE a.key_space_id = '{ks_b}'"),
    );
    let row = &on[0];
    assert_eq!(row["key_space_id"], json!(ks_b));
    assert_eq!(row["d.key_space_id"], json!(ks_b));
    assert_eq!(row["count"], json!(1));
    assert!(row["d.time"].is_string(), "{row}");
    assert!(row["time"].is_i64(), "{row}");
    let using = run(
        &s,
        &format!("SELECT * FROM key_verifications_v1 a JOIN key_verifications_per_day_v1 d USING (key_id) WHERE a.key_space_id = '{ks_b}'"),
    );
    assert!(using[0].get("d.key_id").is_none(), "{}", using[0]);
    assert_eq!(keys(&using[0]).len() + 1, keys(row).len());
    let unmatched = run(
        &s,
        &format!("SELECT * FROM key_verifications_v1 a LEFT JOIN (SELECT key_id, count() AS n FROM key_verifications_v1 WHERE key_space_id = '{ks_a}' GROUP BY key_id) b ON a.key_id = b.key_id WHERE a.key_space_id = '{ks_b}'"),
    );
    assert_eq!(unmatched[0]["b.key_id"], json!(""));
    assert_eq!(unmatched[0]["n"], json!(0));
    assert_eq!(
        run(&s, &format!("SELECT b.* FROM key_verifications_v1 a LEFT JOIN (SELECT key_id, count() AS n FROM key_verifications_v1 WHERE key_space_id = '{ks_a}' GROUP BY key_id) b ON a.key_id = b.key_id WHERE a.key_space_id = '{ks_b}'")),
        json!([{"key_id": "", "n": 0}])
    );
    let plain = run(&s, "SELECT * FROM key_verifications_v1 LIMIT 1");
    let arrays = run(
        &s,
        "SELECT * FROM key_verifications_v1 ARRAY JOIN tags AS tag LIMIT 1",
    );
    assert_eq!(keys(&arrays[0]), keys(&plain[0]));
    assert_eq!(
        keys(&run(&s, "SELECT a.* FROM key_verifications_v1 a LIMIT 1")[0]),
        keys(&plain[0])
    );
}

/// `ASOF [LEFT] JOIN`: each left row with its closest right row by the condition's inequality
/// (the greatest `b.time` below `a.time` for `a.time > b.time`, the least above for `<`), by
/// `USING (…, time)` too (`>=`); `RIGHT SEMI`/`ANY`/`ANTI` as the `LEFT` kinds for right rows.
#[test]
fn get_verifications__asof_and_right_join_kinds() {
    let s = Server::start(&["--analytics", "--frozen-clock"]);
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    // Verifications at t0, t0 + 10 s and t0 + 30 s.
    let t0 = 1_901_190_896_000i64;
    for offset in [0, 10_000, 30_000] {
        let r = s.request(
            "POST",
            "/_local/clock",
            &[],
            json!({"set": t0 + offset}).to_string().as_bytes(),
        );
        assert_eq!(r.status, 200);
        s.verify(json!({"key": k}));
    }
    let gaps = |query: &str| -> Vec<i64> {
        run(&s, query)
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["gap"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(
        gaps("SELECT a.time - b.time AS gap FROM key_verifications_v1 a ASOF JOIN key_verifications_v1 b ON a.key_id = b.key_id AND a.time > b.time ORDER BY gap"),
        vec![10_000, 20_000]
    );
    assert_eq!(
        gaps("SELECT b.time - a.time AS gap FROM key_verifications_v1 a ASOF JOIN key_verifications_v1 b ON b.time > a.time AND a.key_id = b.key_id ORDER BY gap"),
        vec![10_000, 20_000]
    );
    // LEFT: the first verification has no earlier one; its match's time is the default, 0.
    assert_eq!(
        gaps("SELECT a.time - b.time AS gap FROM key_verifications_v1 a LEFT ASOF JOIN key_verifications_v1 b ON a.key_id = b.key_id AND b.time < a.time ORDER BY gap"),
        vec![10_000, 20_000, t0]
    );
    // USING: the last column is `a.time >= b.time`, so each row is its own closest.
    assert_eq!(
        gaps("SELECT a.time - b.time AS gap FROM key_verifications_v1 a ASOF JOIN key_verifications_v1 b USING (key_id, time)"),
        vec![0, 0, 0]
    );
    let n = |query: &str| run(&s, query)[0]["n"].clone();
    let others = "(SELECT 'key_none' AS key_id UNION ALL SELECT key_id FROM key_verifications_v1)";
    assert_eq!(
        n(&format!("SELECT count() AS n FROM key_verifications_v1 a RIGHT SEMI JOIN {others} b ON a.key_id = b.key_id")),
        json!(3)
    );
    assert_eq!(
        n(&format!("SELECT count() AS n FROM key_verifications_v1 a RIGHT ANY JOIN {others} b ON a.key_id = b.key_id")),
        json!(4)
    );
    assert_eq!(
        run(&s, &format!("SELECT a.key_id AS matched, b.key_id AS k FROM key_verifications_v1 a RIGHT ANTI JOIN {others} b USING key_id")),
        json!([{"matched": "", "k": "key_none"}])
    );
}

/// `RIGHT SEMI`/`ANY`/`ANTI JOIN` after another join (or over an `ARRAY JOIN`'s elements):
/// the left side is all that comes before it, so each right row is kept once if some left row
/// matches it (`SEMI`), always (`ANY`, an unmatched one with the left columns' defaults), or
/// only if none does (`ANTI`); the other kinds with a strictness are refused, as ClickHouse
/// refuses them (`ANY FULL JOINs are not implemented`; `SEMI`/`ANTI` only `LEFT` or `RIGHT`,
/// 01031_semi_anti_join; `ASOF` only `LEFT` or `INNER`).
#[test]
fn get_verifications__right_joins_after_another_join() {
    let (s, ks_a, ks_b) = recorded();
    let pairs = "key_verifications_v1 a JOIN key_verifications_v1 b ON a.request_id = b.request_id";
    let spaces = format!(
        "(SELECT '{ks_a}' AS ks UNION ALL SELECT '{ks_b}' AS ks UNION ALL SELECT 'ks_none' AS ks)"
    );
    let mut matched = vec![ks_a.clone(), ks_b.clone()];
    matched.sort();
    let column = |rows: serde_json::Value, name: &str| -> Vec<String> {
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| r[name].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        column(
            run(&s, &format!("SELECT g.ks AS ks FROM {pairs} RIGHT SEMI JOIN {spaces} g ON b.key_space_id = g.ks ORDER BY ks")),
            "ks"
        ),
        matched
    );
    // A bare `USING` column of the joins before it is still theirs.
    assert_eq!(
        column(
            run(&s, &format!("SELECT key_space_id AS ks FROM key_verifications_v1 a JOIN key_verifications_v1 b USING (request_id, key_space_id) RIGHT SEMI JOIN {spaces} g ON key_space_id = g.ks ORDER BY ks")),
            "ks"
        ),
        matched
    );
    let any = run(&s, &format!("SELECT g.ks AS ks, a.key_space_id AS left_ks, b.key_id != '' AS found FROM {pairs} RIGHT ANY JOIN {spaces} g ON b.key_space_id = g.ks ORDER BY ks"));
    let mut expected: Vec<serde_json::Value> = matched
        .iter()
        .map(|ks| json!({"ks": ks, "left_ks": ks, "found": 1}))
        .collect();
    expected.push(json!({"ks": "ks_none", "left_ks": "", "found": 0}));
    expected.sort_by_key(|r| r["ks"].as_str().unwrap().to_string());
    assert_eq!(any, json!(expected));
    assert_eq!(
        run(&s, &format!("SELECT g.ks AS ks, a.spent_credits AS c, b.key_id AS k FROM {pairs} RIGHT ANTI JOIN {spaces} g ON b.key_space_id = g.ks")),
        json!([{"ks": "ks_none", "c": 0, "k": ""}])
    );
    // Twice: the rows of the first are the left side of the second.
    assert_eq!(
        run(&s, &format!("SELECT h.ks AS ks FROM {pairs} RIGHT SEMI JOIN {spaces} g ON b.key_space_id = g.ks RIGHT ANTI JOIN (SELECT '{ks_a}' AS ks UNION ALL SELECT 'ks_none' AS ks) h ON g.ks = h.ks")),
        json!([{"ks": "ks_none"}])
    );
    // After a left join that removed rows (`LEFT ANTI`): only the rows it kept match.
    assert_eq!(
        run(&s, &format!("SELECT g.ks AS ks FROM key_verifications_v1 a LEFT ANTI JOIN (SELECT '{ks_a}' AS ks) x ON a.key_space_id = x.ks RIGHT SEMI JOIN {spaces} g ON a.key_space_id = g.ks")),
        json!([{"ks": ks_b}])
    );
    // (After an `ARRAY JOIN` clause no join follows in upstream's parser: its syntax error.)
    assert_eq!(
        refused(&s, "SELECT g.tag AS tag FROM key_verifications_v1 v ARRAY JOIN tags AS t RIGHT SEMI JOIN (SELECT 't2' AS tag UNION ALL SELECT 't3' AS tag) g ON t = g.tag"),
        syntax_error("SELECT g.tag AS tag FROM key_verifications_v1 v ARRAY JOIN tags AS t RIGHT SEMI JOIN (SELECT 't2' AS tag UNION ALL SELECT 't3' AS tag) g ON t = g.tag"));
    for kind in ["FULL ANY", "RIGHT ASOF"] {
        assert_eq!(
            refused(
                &s,
                &format!(
                    "SELECT count() FROM {pairs} {kind} JOIN {spaces} g ON b.key_space_id = g.ks"
                )
            ),
            (
                "invalid_analytics_query".to_string(),
                "Invalid analytics query".to_string()
            ),
            "{kind}"
        );
    }
    // `INNER SEMI` is upstream's parser's syntax error (parseJoinOp reads `INNER` and then
    // only `ALL`, `ANY` or `ASOF`: "expected JOIN"; the Go parser's error), not ClickHouse's.
    let query =
        format!("SELECT count() FROM {pairs} INNER SEMI JOIN {spaces} g ON b.key_space_id = g.ks");
    assert_eq!(
        refused(&s, &query),
        syntax_error_at(&query, "line 0:108 expected JOIN, got <keyword>", 4)
    );
}

/// A `*` over a subquery with unaliased computed columns answers them under ClickHouse's names
/// (the subquery's columns, QueryAnalyzer's projection names) and keeps their ClickHouse
/// types; a name an earlier source has is qualified, as for any column.
#[test]
fn get_verifications__star_over_unnamed_columns_keeps_types() {
    let s = at_one_verification();
    assert_eq!(
        run(&s, "SELECT * FROM (SELECT toStartOfDay(fromUnixTimestamp64Milli(time)), count() AS n, 1 + 1, tags FROM key_verifications_v1 GROUP BY 1, tags)"),
        json!([{
            "toStartOfDay(fromUnixTimestamp64Milli(time))": "2030-03-31T00:00:00Z",
            "n": 1,
            "plus(1, 1)": 2,
            "tags": ["t1"]
        }])
    );
    assert_eq!(
        run(&s, "SELECT * FROM (SELECT count(), 1.0 FROM key_verifications_v1) a CROSS JOIN (SELECT count(), 1.0 FROM key_verifications_v1) b"),
        json!([{"count()": 1, "1.": 1, "b.count()": 1, "b.1.": 1}])
    );
}

/// A scalar subquery is `Nullable` where its type can be (ClickHouse's QueryAnalyzer,
/// evaluateScalarSubqueryIfNeeded, wraps a one-column scalar in `Nullable`; an array cannot
/// be), so an outer join's unmatched scalar-subquery column stays `NULL`, also in an
/// expression, and an array one is `[]`; a `CASE` is its type's default. A calendar interval
/// may stand in parentheses after `±`.
#[test]
fn get_verifications__scalar_subquery_defaults_and_parenthesized_intervals() {
    let (s, ks_a, ks_b) = recorded();
    assert_eq!(
        run(&s, &format!("SELECT b.total AS t, b.more AS m, b.all AS o, b.kind AS k FROM key_verifications_v1 a LEFT JOIN (SELECT key_id, (SELECT count() FROM key_verifications_v1) AS total, (SELECT count() FROM key_verifications_v1) + 1 AS more, (SELECT groupArray(outcome) FROM key_verifications_v1) AS all, CASE WHEN outcome = 'VALID' THEN 'ok' ELSE outcome END AS kind FROM key_verifications_v1 WHERE key_space_id = '{ks_a}') b ON a.key_id = b.key_id WHERE a.key_space_id = '{ks_b}'")),
        json!([{"t": null, "m": null, "o": [], "k": ""}])
    );
    assert_eq!(
        run(&s, "SELECT toDate('2030-03-31') - (INTERVAL 1 MONTH) AS d FROM key_verifications_v1 LIMIT 1"),
        json!([{"d": "2030-02-28T00:00:00Z"}])
    );
}

/// The query forms of upstream's analytics documentation (query-examples.mdx): comments,
/// aggregates over no rows (ClickHouse answers their types' defaults, one row), window
/// functions over aggregates, and select-list aliases used anywhere in their SELECT (an alias
/// named like a column stands for its expression there, as in ClickHouse).
#[test]
fn get_verifications__documented_query_forms() {
    let (s, ks_a, _) = recorded();
    assert_eq!(
        run(
            &s,
            "-- verifications\nSELECT count() AS n /* all of them */ FROM key_verifications_v1"
        ),
        json!([{"n": 4}])
    );
    assert_eq!(
        run(&s, "SELECT SUM(count) AS total, sumIf(count, outcome = 'VALID') AS valid, countIf(outcome = 'VALID') AS c, min(key_id) AS k, max(time) AS t, avg(spent_credits) AS a FROM key_verifications_per_day_v1 WHERE external_id = 'user_123'"),
        json!([{"total": 0, "valid": 0, "c": 0, "k": "", "t": "1970-01-01T00:00:00Z", "a": null}])
    );
    // Grouped, no rows are no groups.
    assert_eq!(
        run(&s, "SELECT key_id, SUM(count) AS total FROM key_verifications_per_day_v1 WHERE external_id = 'user_123' GROUP BY key_id"),
        json!([])
    );
    let rows = run(
        &s,
        &format!("SELECT time, sum(spent_credits) OVER (ORDER BY time ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running, count() OVER () AS n FROM key_verifications_v1 WHERE key_space_id = '{ks_a}' ORDER BY time"),
    );
    let running: Vec<i64> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["running"].as_i64().unwrap())
        .collect();
    assert_eq!(running.last(), Some(&15));
    assert!(running.windows(2).all(|w| w[0] <= w[1]), "{rows}");
    assert!(rows.as_array().unwrap().iter().all(|r| r["n"] == json!(3)));
    assert_eq!(
        run(
            &s,
            "SELECT quantile(0.5)(spent_credits) OVER () AS q FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"q": 2.5}])
    );
    assert_eq!(
        run(&s, "SELECT SUM(spent_credits) AS credits_used, credits_used * 2 AS doubled FROM key_verifications_v1"),
        json!([{"credits_used": 15, "doubled": 30}])
    );
    // `/` divides as floats, as ClickHouse's (a rate of counts is not an integer division).
    assert_eq!(
        run(&s, "SELECT count() / 8 AS half, round(countIf(outcome = 'VALID') / count() * 100, 1) AS rate, 1 / 0 AS inf FROM key_verifications_v1"),
        json!([{"half": 0.5, "rate": 100, "inf": null}])
    );
    // `time` in GROUP BY is the alias: one group per year, not per verification.
    assert_eq!(
        run(&s, "SELECT toStartOfYear(fromUnixTimestamp64Milli(time)) AS time, count() AS n FROM key_verifications_v1 GROUP BY time")
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(
        run(&s, "SELECT key_id AS k, count() AS n FROM key_verifications_v1 GROUP BY k HAVING n > 1 ORDER BY n DESC")
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

/// `ORDER BY key WITH FILL` (query-examples.mdx's gap-free time series): a row for each
/// missing step from `FROM`, never reaching `TO`, its other columns their defaults; a numeric
/// `STEP` in the key's units (a second of a `DateTime`); `LIMIT`/`OFFSET` after filling; the
/// forms not run here are refused as such.
#[test]
fn get_verifications__order_by_with_fill() {
    let s = at_one_verification(); // 2030-03-31 12:34:56.123
    assert_eq!(
        run(&s, "SELECT time, SUM(count) AS total FROM key_verifications_per_hour_v1 WHERE time >= toStartOfHour(now() - INTERVAL 2 HOUR) GROUP BY time ORDER BY time ASC WITH FILL FROM toStartOfHour(now() - INTERVAL 2 HOUR) TO toStartOfHour(now() + INTERVAL 2 HOUR) STEP INTERVAL 1 HOUR"),
        json!([
            {"time": "2030-03-31T10:00:00Z", "total": 0},
            {"time": "2030-03-31T11:00:00Z", "total": 0},
            {"time": "2030-03-31T12:00:00Z", "total": 1},
            {"time": "2030-03-31T13:00:00Z", "total": 0},
        ])
    );
    assert_eq!(
        run(&s, "SELECT time AS month, SUM(count) AS n, groupArray(outcome) AS o FROM key_verifications_per_month_v1 GROUP BY month ORDER BY month WITH FILL TO toDate('2030-06-01') STEP INTERVAL 1 MONTH"),
        json!([
            {"month": "2030-03-01T00:00:00Z", "n": 1, "o": ["VALID"]},
            {"month": "2030-04-01T00:00:00Z", "n": 0, "o": []},
            {"month": "2030-05-01T00:00:00Z", "n": 0, "o": []},
        ])
    );
    assert_eq!(
        run(&s, "SELECT toStartOfMinute(time) AS t FROM key_verifications_per_minute_v1 ORDER BY t WITH FILL TO toStartOfMinute(now() + INTERVAL 2 MINUTE) STEP 30 LIMIT 2 OFFSET 1"),
        json!([{"t": "2030-03-31T12:34:30Z"}, {"t": "2030-03-31T12:35:00Z"}])
    );
    // Descending: from `FROM` down, never reaching `TO`, by a negative `STEP` (an `INTERVAL`
    // of months too).
    assert_eq!(
        run(&s, "SELECT time, SUM(count) AS n FROM key_verifications_per_hour_v1 GROUP BY time ORDER BY time DESC WITH FILL FROM toStartOfHour(now() + INTERVAL 2 HOUR) TO toStartOfHour(now() - INTERVAL 2 HOUR) STEP INTERVAL -1 HOUR"),
        json!([
            {"time": "2030-03-31T14:00:00Z", "n": 0},
            {"time": "2030-03-31T13:00:00Z", "n": 0},
            {"time": "2030-03-31T12:00:00Z", "n": 1},
            {"time": "2030-03-31T11:00:00Z", "n": 0},
        ])
    );
    assert_eq!(
        run(&s, "SELECT time AS month, SUM(count) AS n FROM key_verifications_per_month_v1 GROUP BY month ORDER BY month DESC WITH FILL FROM toDate('2030-05-01') TO toDate('2030-01-01') STEP INTERVAL -1 MONTH"),
        json!([
            {"month": "2030-05-01T00:00:00Z", "n": 0},
            {"month": "2030-04-01T00:00:00Z", "n": 0},
            {"month": "2030-03-01T00:00:00Z", "n": 1},
            {"month": "2030-02-01T00:00:00Z", "n": 0},
        ])
    );
    // Filled in a subquery, whose rows the outer query reads.
    assert_eq!(
        run(&s, "SELECT count() AS hours, sum(total) AS verifications FROM (SELECT time, SUM(count) AS total FROM key_verifications_per_hour_v1 GROUP BY time ORDER BY time WITH FILL FROM toStartOfHour(now() - INTERVAL 2 HOUR) TO toStartOfHour(now() + INTERVAL 2 HOUR) STEP INTERVAL 1 HOUR)"),
        json!([{"hours": 4, "verifications": 1}])
    );
    // By an `ORDER BY` expression: one the query answers (`time AS h`), or one it does not
    // (ClickHouse sorts and fills by it before it drops it); `STEP` as a constant expression
    // (`60 * 60` seconds of a `DateTime`) or an interval of one (`toIntervalHour(3 - 2)`).
    assert_eq!(
        run(&s, "SELECT time AS h, SUM(count) AS n FROM key_verifications_per_hour_v1 GROUP BY h ORDER BY time WITH FILL FROM toStartOfHour(now() - INTERVAL 1 HOUR) STEP 60 * 60"),
        json!([{"h": "2030-03-31T11:00:00Z", "n": 0}, {"h": "2030-03-31T12:00:00Z", "n": 1}])
    );
    assert_eq!(
        run(&s, "SELECT SUM(count) AS n FROM key_verifications_per_hour_v1 GROUP BY time ORDER BY time WITH FILL FROM toStartOfHour(now() - INTERVAL 1 HOUR) TO toStartOfHour(now() + INTERVAL 2 HOUR) STEP toIntervalHour(3 - 2)"),
        json!([{"n": 0}, {"n": 1}, {"n": 0}])
    );
    // What ClickHouse refuses (INVALID_WITH_FILL_EXPRESSION, in InterpreterSelectQuery's
    // getWithFillDescription and FillingTransform): a step of zero or against the direction, `TO`
    // before `FROM`, a fraction of a `Date`'s day, a column other than a number or a time.
    for q in [
        "SELECT time FROM key_verifications_per_day_v1 ORDER BY time DESC WITH FILL STEP INTERVAL 1 DAY",
        "SELECT time FROM key_verifications_per_day_v1 ORDER BY time WITH FILL STEP -1",
        "SELECT time FROM key_verifications_per_day_v1 ORDER BY time WITH FILL STEP 0",
        "SELECT time FROM key_verifications_per_day_v1 ORDER BY time WITH FILL FROM toDate('2030-05-01') TO toDate('2030-01-01')",
        "SELECT time FROM key_verifications_per_month_v1 ORDER BY time WITH FILL STEP 0.5",
        "SELECT time FROM key_verifications_per_month_v1 ORDER BY time WITH FILL STEP INTERVAL 1 HOUR",
        "SELECT key_id FROM key_verifications_v1 ORDER BY key_id WITH FILL",
        "SELECT spent_credits AS c FROM key_verifications_v1 ORDER BY c WITH FILL STEP INTERVAL 1 DAY",
    ] {
        assert_invalid(&s, q);
    }
}

/// A `WITH FILL` bound that is a time plus or minus a number (`TO today() + 3`, `FROM … TO
/// today() - 3`, `TO toStartOfHour(now()) - 3 * 3600`) moves the time by that many days of a
/// `Date` or seconds of a `DateTime`, as ClickHouse folds it (FunctionBinaryArithmetic's
/// `addDays`/`addSeconds`, 01099_operators_date_and_timestamp) before it fills up to it
/// (00995_order_by_with_fill: rows up to, never reaching, `TO`); the words of `WITH FILL`
/// (`TO`, `STEP`) end the operand before the `+`, and are names elsewhere (`SELECT 1 AS step`,
/// which upstream's parser takes). (These bounds added the number as ms, filling nothing.)
#[test]
fn get_verifications__with_fill_bounds_of_a_time_and_a_number() {
    let s = at_one_verification(); // 2030-03-31 12:34:56.123
    let day = |d: &str, n: i64| json!({"time": format!("2030-{d}T00:00:00Z"), "n": n});
    let days = |query: &str| {
        run(
            &s,
            &format!("SELECT time, sum(count) AS n FROM key_verifications_per_day_v1 {query}"),
        )
    };
    let later = json!([day("03-31", 1), day("04-01", 0), day("04-02", 0)]);
    assert_eq!(
        days("GROUP BY time ORDER BY time WITH FILL TO today() + 3"),
        later
    );
    assert_eq!(
        days("GROUP BY time ORDER BY time WITH FILL TO toDate('2030-03-31') + 3"),
        later
    );
    assert_eq!(
        days("GROUP BY time ORDER BY time WITH FILL FROM toDate('2030-03-30') TO today() + 2"),
        json!([day("03-30", 0), day("03-31", 1), day("04-01", 0)])
    );
    assert_eq!(
        days("WHERE time >= toDate(now() - INTERVAL 2 DAY) GROUP BY time ORDER BY time WITH FILL FROM toDate(now() - INTERVAL 2 DAY) TO today() + 2"),
        json!([day("03-29", 0), day("03-30", 0), day("03-31", 1), day("04-01", 0)])
    );
    assert_eq!(
        days("GROUP BY time ORDER BY time WITH FILL FROM today() - 1 TO today() + 1 STEP 1"),
        json!([day("03-30", 0), day("03-31", 1)])
    );
    // With `STALENESS` after it: filled up to the nearer of `TO` and the row plus it.
    assert_eq!(
        days("GROUP BY time ORDER BY time WITH FILL TO today() + 3 STALENESS 2"),
        json!([day("03-31", 1), day("04-01", 0)])
    );
    // Descending, with `STEP -1`, an interval's or none (the `Date`'s day).
    let earlier = json!([day("03-31", 1), day("03-30", 0), day("03-29", 0)]);
    for step in ["STEP -1", "STEP INTERVAL -1 DAY", ""] {
        assert_eq!(
            days(&format!(
                "GROUP BY time ORDER BY time DESC WITH FILL FROM today() TO today() - 3 {step}"
            )),
            earlier,
            "{step}"
        );
    }
    // Hourly: a `DateTime` moved by seconds.
    let hour = |h: &str, n: i64| json!({"time": format!("2030-03-31T{h}:00:00Z"), "n": n});
    assert_eq!(
        run(&s, "SELECT time, sum(count) AS n FROM key_verifications_per_hour_v1 GROUP BY time ORDER BY time DESC WITH FILL TO toStartOfHour(now()) - 3 * 3600 STEP -3600 LIMIT 2 OFFSET 1"),
        json!([hour("11", 0), hour("10", 0)])
    );
    assert_eq!(
        run(&s, "SELECT time, sum(count) AS n FROM key_verifications_per_hour_v1 GROUP BY time ORDER BY time WITH FILL TO toStartOfHour(now()) + 7200 STEP 3600"),
        json!([hour("12", 1), hour("13", 0)])
    );
    // The same words as names: upstream's parser takes them as aliases.
    assert_eq!(
        run(
            &s,
            "SELECT 1 AS step, step + 1 AS s, count() AS to, to - 1 AS t FROM key_verifications_v1"
        ),
        json!([{"step": 1, "s": 2, "to": 1, "t": 0}])
    );
}

/// `WITH FILL` on several columns and on a later `ORDER BY` column (ClickHouse's order-by.md,
/// "ORDER BY Expr WITH FILL Modifier" and "Filling grouped by sorting prefix"; its
/// FillingTransform.cpp): a later `WITH FILL` column steps within the earlier one's values,
/// its filled rows' own value the default where the earlier one stepped; the columns before
/// the first `WITH FILL` one group the rows, each group filled on its own (up to `TO`), its
/// filled rows taking the group's values. Steps keep the grid of the first value (or
/// `FROM`): 1 then 4 by 2 fills 3 but not 5; then 5 before 10.
#[test]
fn get_verifications__with_fill_several_columns_and_groups() {
    let (s, ks_a, ks_b) = recorded(); // ks_a spent 1, 4 and 10 credits, ks_b none
    let pairs = |rows: serde_json::Value, a: &str, b: &str| -> Vec<(i64, i64)> {
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| (r[a].as_i64().unwrap(), r[b].as_i64().unwrap()))
            .collect()
    };
    let rows = run(&s, "SELECT spent_credits * 10 AS d1, spent_credits AS d2 FROM key_verifications_v1 WHERE spent_credits > 0 ORDER BY d2 WITH FILL, d1 WITH FILL STEP 5");
    assert_eq!(
        pairs(rows, "d1", "d2"),
        vec![
            (10, 1),
            (0, 2),
            (0, 3),
            (40, 4),
            (0, 5),
            (0, 6),
            (0, 7),
            (0, 8),
            (0, 9),
            (100, 10)
        ]
    );
    let rows = run(&s, "SELECT spent_credits * 10 AS d1, spent_credits AS d2 FROM key_verifications_v1 WHERE spent_credits > 0 AND spent_credits < 10 ORDER BY d1 WITH FILL STEP 5, d2 WITH FILL");
    assert_eq!(
        pairs(rows, "d1", "d2"),
        vec![
            (10, 1),
            (15, 0),
            (20, 0),
            (25, 0),
            (30, 0),
            (35, 0),
            (40, 4)
        ]
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS c FROM key_verifications_v1 WHERE spent_credits > 0 ORDER BY c WITH FILL STEP 2"),
        json!([{"c": 1}, {"c": 3}, {"c": 4}, {"c": 5}, {"c": 7}, {"c": 9}, {"c": 10}])
    );
    // In a `WITH` query the outer query reads.
    assert_eq!(
        run(&s, "WITH filled AS (SELECT spent_credits AS c FROM key_verifications_v1 WHERE spent_credits > 0 ORDER BY c WITH FILL STEP 3) SELECT count() AS n, sum(c) AS total FROM filled"),
        json!([{"n": 4, "total": 22}])
    );
    // Over `*`, by a column's name.
    assert_eq!(
        run(&s, "SELECT * FROM (SELECT spent_credits AS c FROM key_verifications_v1 WHERE spent_credits > 0) ORDER BY c WITH FILL STEP 3"),
        json!([{"c": 1}, {"c": 4}, {"c": 7}, {"c": 10}])
    );
    // By the sorting prefix `key_space_id` (by position here), up to `TO` in each group.
    let rows = run(&s, "SELECT key_space_id, spent_credits AS c, 'x' AS o FROM key_verifications_v1 ORDER BY 1, c WITH FILL TO 6 STEP 3");
    let mut groups = vec![
        (ks_a.clone(), json!([[1, "x"], [4, "x"], [10, "x"]])),
        (ks_b.clone(), json!([[0, "x"], [3, ""]])),
    ];
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    let got: Vec<(String, serde_json::Value)> = rows
        .as_array()
        .unwrap()
        .chunk_by(|a, b| a["key_space_id"] == b["key_space_id"])
        .map(|g| {
            let values: Vec<serde_json::Value> =
                g.iter().map(|r| json!([r["c"], r["o"]])).collect();
            (
                g[0]["key_space_id"].as_str().unwrap().to_string(),
                json!(values),
            )
        })
        .collect();
    assert_eq!(got, groups);
    // Set operations: the `ORDER BY … WITH FILL` belongs to the last `SELECT`.
    let rows = run(&s, "SELECT 0 AS c FROM key_verifications_v1 WHERE spent_credits = 10 UNION ALL SELECT spent_credits AS c FROM key_verifications_v1 WHERE spent_credits > 0 ORDER BY c WITH FILL TO 6 STEP 2");
    let mut c: Vec<i64> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["c"].as_i64().unwrap())
        .collect();
    c.sort();
    assert_eq!(c, vec![0, 1, 3, 4, 5, 10]);
}

/// `WITH FILL` by a `Float64` with a fractional `STEP` (order-by.md's `STEP 0.5` example),
/// descending by a negative one; `INTERPOLATE` (order-by.md's `INTERPOLATE (inter AS inter +
/// 1)`: each filled row's column from the row before it; a column alone repeats it; no list,
/// every column not ordered by); `STALENESS` (FillingRow.cpp's staleness border: rows only
/// up to the last original row plus it, after the last one too, as
/// 03266_with_fill_staleness.sql runs it); an `ORDER BY` column as `INTERPOLATE` output is
/// refused, as ClickHouse refuses it.
#[test]
fn get_verifications__with_fill_fractions_interpolate_staleness() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT spent_credits / 2 AS h FROM key_verifications_v1 WHERE spent_credits > 0 ORDER BY h WITH FILL STEP 1.5"),
        json!([{"h": 0.5}, {"h": 2}, {"h": 3.5}, {"h": 5}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits / 2 AS h FROM key_verifications_v1 WHERE spent_credits > 0 ORDER BY h DESC WITH FILL STEP -1.5"),
        json!([{"h": 5}, {"h": 3.5}, {"h": 2}, {"h": 0.5}])
    );
    let twice = |q: &str| -> Vec<(i64, i64)> {
        run(&s, q)
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["c"].as_i64().unwrap(), r["twice"].as_i64().unwrap()))
            .collect()
    };
    let base = "SELECT spent_credits AS c, spent_credits * 2 AS twice FROM key_verifications_v1 WHERE spent_credits > 0 AND spent_credits < 10 ORDER BY c WITH FILL";
    assert_eq!(
        twice(&format!("{base} INTERPOLATE (twice AS twice + 1)")),
        vec![(1, 2), (2, 3), (3, 4), (4, 8)]
    );
    assert_eq!(
        twice(&format!("{base} INTERPOLATE (twice)")),
        vec![(1, 2), (2, 2), (3, 2), (4, 8)]
    );
    assert_eq!(
        twice(&format!("{base} INTERPOLATE")),
        vec![(1, 2), (2, 2), (3, 2), (4, 8)]
    );
    assert_eq!(
        twice(&format!("{base} FROM 0 INTERPOLATE (twice AS twice + 1)")),
        vec![(0, 1), (1, 2), (2, 3), (3, 4), (4, 8)]
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS c FROM key_verifications_v1 WHERE spent_credits > 0 ORDER BY c WITH FILL STALENESS 2"),
        json!([{"c": 1}, {"c": 2}, {"c": 4}, {"c": 5}, {"c": 10}, {"c": 11}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS c FROM key_verifications_v1 WHERE spent_credits > 0 ORDER BY c DESC WITH FILL STALENESS -2"),
        json!([{"c": 10}, {"c": 9}, {"c": 4}, {"c": 3}, {"c": 1}, {"c": 0}])
    );
    assert_invalid(&s, &format!("{base} INTERPOLATE (c AS c + 1)"));
}

/// `WITH FILL` by keys typed as ClickHouse types them: through select-list aliases (its
/// analyzer reads an alias as its expression anywhere in its `SELECT`, so `c * 2` of
/// `spent_credits AS c` is a number and `n * 2` of `count() AS n` too), answered or only sorted
/// by; an `ARRAY JOIN` element of a literal of numbers (`UInt8`); `if` of an integer and a float
/// (their common type, `Float64`, steps by 0.5); a number plus a `Date` (a `Date`, which steps
/// by days, not hours). And by keys that are no number or time, which
/// ClickHouse refuses (FillingTransform.cpp: `tryConvertFields` takes
/// integers, floats, dates and times, `Nullable` ones too, and fails INVALID_WITH_FILL_EXPRESSION
/// otherwise): a `NULL` (`Nullable(Nothing)`), an `Interval`, an empty array's element.
#[test]
fn get_verifications__with_fill_key_types() {
    let (s, ks_a, ks_b) = recorded(); // ks_a spent 1, 4 and 10 credits, ks_b none
    let pairs = |q: &str, a: &str, b: &str| -> Vec<(serde_json::Value, serde_json::Value)> {
        run(&s, q)
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r[a].clone(), r[b].clone()))
            .collect()
    };
    assert_eq!(
        pairs("SELECT spent_credits AS c, c * 2 AS d FROM key_verifications_v1 WHERE spent_credits > 0 ORDER BY d WITH FILL STEP 4", "c", "d"),
        [(1, 2), (0, 6), (4, 8), (0, 10), (0, 14), (0, 18), (10, 20)].map(|(c, d)| (json!(c), json!(d)))
    );
    // Sorted and filled by `c + 1`, which the query does not answer (2, 5, 11 on the grid of 2
    // by 2).
    assert_eq!(
        run(&s, "SELECT spent_credits AS c FROM key_verifications_v1 WHERE spent_credits > 0 ORDER BY c + 1 WITH FILL STEP 2"),
        json!([{"c": 1}, {"c": 0}, {"c": 4}, {"c": 0}, {"c": 0}, {"c": 0}, {"c": 10}])
    );
    // An aggregate's alias: ks_b verified once (2), ks_a three times (6).
    assert_eq!(
        pairs("SELECT key_space_id, count() AS n FROM key_verifications_v1 GROUP BY key_space_id ORDER BY n * 2 WITH FILL", "key_space_id", "n"),
        [(ks_b.as_str(), 1), ("", 0), ("", 0), ("", 0), (ks_a.as_str(), 3)]
            .map(|(k, n)| (json!(k), json!(n)))
    );
    assert_eq!(
        run(&s, "SELECT n FROM key_verifications_v1 ARRAY JOIN [1, 4] AS n WHERE spent_credits = 10 ORDER BY n WITH FILL"),
        json!([{"n": 1}, {"n": 2}, {"n": 3}, {"n": 4}])
    );
    // Keys 2.5 (0 and 1 credits), 1 (4 and 10): 1, 1, 1.5, 2, 2.5, 2.5.
    let c: Vec<i64> = run(&s, "SELECT spent_credits AS c FROM key_verifications_v1 ORDER BY if(c > 3, 1, 2.5) WITH FILL STEP 0.5, c")
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["c"].as_i64().unwrap())
        .collect();
    assert_eq!(c, [4, 10, 0, 0, 0, 1]);
    let months = run(
        &s,
        "SELECT count() AS n FROM key_verifications_per_month_v1",
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM (SELECT 1 AS x FROM key_verifications_per_month_v1 ORDER BY 1 + time WITH FILL STEP INTERVAL 1 DAY)"),
        months
    );
    for q in [
        "SELECT 1 AS x FROM key_verifications_per_month_v1 ORDER BY 1 + time WITH FILL STEP INTERVAL 1 HOUR",
        "SELECT NULL AS n FROM key_verifications_v1 ORDER BY n WITH FILL",
        "SELECT x FROM (SELECT NULL AS x FROM key_verifications_v1) ORDER BY x WITH FILL",
        "SELECT INTERVAL 1 DAY AS n FROM key_verifications_v1 ORDER BY n WITH FILL",
        "SELECT arrayJoin([]) AS e FROM key_verifications_v1 ORDER BY e WITH FILL",
        "SELECT spent_credits FROM key_verifications_v1 ORDER BY toIntervalDay(spent_credits) WITH FILL",
    ] {
        assert_invalid(&s, q);
    }
}

/// A time as `WITH FILL`'s `FROM` or `TO` is of the column's very type
/// (src/Processors/Transforms/FillingTransform.cpp, tryConvertFields: "For Date/DateTime types
/// TO/FROM type should match column type", else "Incompatible types of WITH FILL expression
/// values", upstream's invalid query): a `DateTime` bound fills a `DateTime` column, not a
/// `Date` or a `DateTime64(3)`.
#[test]
fn get_verifications__with_fill_time_bound_of_another_type() {
    let s = at_one_verification();
    assert_eq!(
        run(&s, "SELECT toStartOfDay(fromUnixTimestamp64Milli(time)) AS d FROM key_verifications_v1 ORDER BY d WITH FILL FROM toStartOfDay(now()) - INTERVAL 1 DAY STEP INTERVAL 1 DAY"),
        json!([{"d": "2030-03-30T00:00:00Z"}, {"d": "2030-03-31T00:00:00Z"}])
    );
    for q in [
        "SELECT toDate(fromUnixTimestamp64Milli(time)) AS d FROM key_verifications_v1 ORDER BY d WITH FILL FROM now() - INTERVAL 1 DAY",
        "SELECT fromUnixTimestamp64Milli(time) AS t FROM key_verifications_v1 ORDER BY t WITH FILL TO now()",
    ] {
        assert_invalid(&s, q);
    }
}

/// A string as `WITH FILL`'s `FROM` or `TO` is no bound ClickHouse 25.6 takes, even one that
/// reads as the key's date: its analyzer and planner take a constant of a type stored as a
/// number only (src/Planner/PlannerSorting.cpp, extractWithFillValue: `isColumnedAsNumber`,
/// else INVALID_WITH_FILL_EXPRESSION "WITH FILL expression must be constant with numeric
/// type"; QueryAnalyzer's resolveSortNodeList words it "Sort FILL FROM expression must be
/// constant with numeric type"), so no text is converted to the key's type there, nor is an
/// `Interval` a bound; upstream's "Invalid analytics query". The same date as a `Date`
/// (`toDate('2030-03-30')`, as 00995_order_by_with_fill writes its bounds) fills.
#[test]
fn get_verifications__with_fill_bound_of_a_string_is_refused() {
    let s = at_one_verification(); // 2030-03-31 12:34:56.123
    let day = "SELECT toDate(fromUnixTimestamp64Milli(time)) AS d FROM key_verifications_v1 ORDER BY d WITH FILL";
    assert_eq!(
        run(&s, &format!("{day} FROM toDate('2030-03-30')")),
        json!([{"d": "2030-03-30T00:00:00Z"}, {"d": "2030-03-31T00:00:00Z"}])
    );
    let second = "SELECT toStartOfDay(fromUnixTimestamp64Milli(time)) AS d FROM key_verifications_v1 ORDER BY d WITH FILL";
    for q in [
        format!("{day} FROM '2030-03-30'"),
        format!("{day} TO '2030-04-02'"),
        format!("{day} FROM toString(today() - 1)"),
        format!("{second} FROM '2030-03-30 00:00:00' STEP INTERVAL 1 DAY"),
        format!("{second} FROM '2030-03-30T00:00:00Z' STEP INTERVAL 1 DAY"),
        format!("{day} FROM INTERVAL 1 DAY"),
        "SELECT spent_credits AS c FROM key_verifications_v1 ORDER BY c WITH FILL FROM '0' TO '5'"
            .to_string(),
    ] {
        assert_invalid(&s, &q);
    }
}

/// A select-list `arrayJoin` over an aggregate beside window functions that do not read it:
/// ClickHouse's planner computes the windows over the aggregated rows and joins the arrays
/// after them (src/Planner/PlannerExpressionAnalysis.cpp as stored, 006fb6f, read as 25.6's:
/// analyzeWindow puts only the windows' arguments, `PARTITION BY` and `ORDER BY` in its
/// "before window" actions, and analyzeProjection, which holds the select list's `arrayJoin`,
/// follows it), so each joined row keeps its aggregated row's windows; in `ORDER BY` too. A
/// window that reads the `arrayJoin` (which would join the rows before every window) is not
/// run.
#[test]
fn get_verifications__array_join_of_aggregate_beside_windows() {
    let (s, ks_a, _) = recorded(); // ks_a spent 1, 4 and 10 credits, ks_b one verification of 0
    assert_eq!(
        run(&s, &format!("SELECT key_space_id = '{ks_a}' AS a, arrayJoin(groupArray(spent_credits)) AS c, count() OVER () AS n, count() OVER (ORDER BY a ROWS UNBOUNDED PRECEDING) AS r, max(count()) OVER () AS m FROM key_verifications_v1 GROUP BY key_space_id ORDER BY a, c")),
        json!([
            {"a": 0, "c": 0, "n": 2, "r": 1, "m": 3},
            {"a": 1, "c": 1, "n": 2, "r": 2, "m": 3},
            {"a": 1, "c": 4, "n": 2, "r": 2, "m": 3},
            {"a": 1, "c": 10, "n": 2, "r": 2, "m": 3},
        ])
    );
    // Two aggregated rows of 1 and 3 verifications: the sum over them is 4 on every joined row.
    assert_eq!(
        run(&s, "SELECT arrayJoin([count(), 7]) AS c, sum(count()) OVER () AS t FROM key_verifications_v1 GROUP BY key_space_id ORDER BY c"),
        json!([{"c": 1, "t": 4}, {"c": 3, "t": 4}, {"c": 7, "t": 4}, {"c": 7, "t": 4}])
    );
    // (Over the aggregated rows each partition holds one row: a tie, broken by `a`.)
    assert_eq!(
        run(&s, &format!("SELECT key_space_id = '{ks_a}' AS a, arrayJoin(groupArray(spent_credits)) AS c FROM key_verifications_v1 GROUP BY key_space_id ORDER BY count() OVER (PARTITION BY a) DESC, a, c")),
        json!([{"a": 0, "c": 0}, {"a": 1, "c": 1}, {"a": 1, "c": 4}, {"a": 1, "c": 10}])
    );
    let query = "SELECT arrayJoin(groupArray(spent_credits)) AS c, count() OVER (ORDER BY c ROWS UNBOUNDED PRECEDING) AS r FROM key_verifications_v1 GROUP BY key_space_id";
    let (_, detail) = refused(&s, query);
    assert!(
        detail.starts_with("unkey-local does not run"),
        "{query}: {detail}"
    );
}

/// `quantile` interpolates between neighbours as ClickHouse's ReservoirSampler does in
/// `Float64` (src/AggregateFunctions/ReservoirSampler.h, quantileInterpolated:
/// `a * left_coef + b * right_coef`; built with `-ffp-contract=off` since PR #60610, so not
/// fused), whose rounding Go writes: ks_a's credits 1, 4 and 10 at 0.99 are 9.88 (at index
/// 1.98 between 4 and 10), at 0.95 9.4.
#[test]
fn get_verifications__quantile_rounds_as_clickhouse_interpolates() {
    let (s, ks_a, _) = recorded();
    assert_eq!(
        run(&s, &format!("SELECT quantile(0.99)(spent_credits) AS p99, quantile(0.95)(spent_credits) AS p95, quantile(0.5)(spent_credits) AS m FROM key_verifications_v1 WHERE key_space_id = '{ks_a}'")),
        json!([{"p99": 9.88, "p95": 9.4, "m": 4}])
    );
}

/// `SELECT DISTINCT` with `WITH FILL` by an expression it does not answer: ClickHouse's
/// `DISTINCT` runs before its `ORDER BY` (distinct.md, "DISTINCT and ORDER BY": of rows (2, 1)
/// and (2, 4), `SELECT DISTINCT a … ORDER BY b DESC` keeps the first; Planner.cpp adds the
/// DISTINCT step, then "Before ORDER BY", the sorting and the filling), so each answer keeps
/// the sorting key of its row read first (ks_a's first verification spent 1 credit, not 10),
/// and the rows are then sorted and filled by it, filled rows taking defaults.
#[test]
fn get_verifications__select_distinct_with_fill_by_unanswered_expression() {
    let (s, ks_a, ks_b) = recorded(); // ks_a spent 1, 4 and 10 credits, ks_b none
    let ks = |q: &str| -> Vec<String> {
        run(&s, q)
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["key_space_id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ks("SELECT DISTINCT key_space_id FROM key_verifications_v1 ORDER BY spent_credits * 2 WITH FILL"),
        [ks_b.as_str(), "", ks_a.as_str()]
    );
    // Not ks_a (10), nine filled rows, then ks_b (0), as sorting before `DISTINCT` would be.
    assert_eq!(
        ks("SELECT DISTINCT key_space_id FROM key_verifications_v1 ORDER BY spent_credits DESC WITH FILL"),
        [ks_a.as_str(), ks_b.as_str()]
    );
    // `LIMIT` after filling; the sorting key as a sorting prefix; in a subquery.
    assert_eq!(
        ks("SELECT DISTINCT key_space_id FROM key_verifications_v1 ORDER BY spent_credits * 2 WITH FILL LIMIT 2"),
        [ks_b.as_str(), ""]
    );
    // By a sorting prefix it does not answer either (ks_b's run, then ks_a's, each to 3).
    assert_eq!(
        ks(&format!("SELECT DISTINCT key_space_id FROM key_verifications_v1 ORDER BY key_space_id = '{ks_a}', spent_credits WITH FILL TO 3")),
        [ks_b.as_str(), "", "", ks_a.as_str(), ""]
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM (SELECT DISTINCT key_space_id FROM key_verifications_v1 ORDER BY spent_credits * 3 WITH FILL)"),
        json!([{"n": 4}])
    );
}

/// validation_test.go TestParser_BlockNonWhitelistedFunctions and
/// TestParser_ParametricAggregates: a function outside upstream's list is refused wherever it
/// is (an argument, a `quantile` parameter, a `WHERE`), before anything else is (an unknown
/// column, here), with "Function 'x' is not allowed"; `count(DISTINCT …)` and
/// `quantile(level)(x)` run.
#[test]
fn query_parser__block_non_whitelisted_functions() {
    let (s, _, _) = recorded();
    for (name, q, blocked) in [
        (
            "file function",
            "SELECT file('/etc/passwd') FROM key_verifications_v1",
            Some("file"),
        ),
        (
            "url function",
            "SELECT url('http://evil.com/data') FROM key_verifications_v1",
            Some("url"),
        ),
        (
            "system function",
            "SELECT system('rm -rf /') FROM key_verifications_v1",
            Some("system"),
        ),
        (
            "executable function",
            "SELECT executable('/bin/bash') FROM key_verifications_v1",
            Some("executable"),
        ),
        (
            "dict_get to access dictionaries",
            "SELECT dictGet('dict', 'attr', key_id) FROM key_verifications_v1",
            Some("dictget"),
        ),
        (
            "nested safe functions should work",
            "SELECT count(DISTINCT key_id) FROM key_verifications_v1",
            None,
        ),
        (
            "json extract does not admit its arguments",
            "SELECT JSONExtractString(file('/etc/passwd'), 'user_id') FROM key_verifications_v1",
            Some("file"),
        ),
        // TestParser_ParametricAggregates
        (
            "allowed parametric aggregate",
            "SELECT quantile(0.95)(spent_credits) AS p95 FROM key_verifications_v1",
            None,
        ),
        (
            "disallowed function in the column argument",
            "SELECT quantile(0.95)(file('/etc/passwd')) FROM key_verifications_v1",
            Some("file"),
        ),
        (
            "disallowed function in the parameter argument",
            "SELECT quantile(file('/etc/passwd'))(spent_credits) FROM key_verifications_v1",
            Some("file"),
        ),
        (
            "state accessor stays blocked",
            "SELECT quantileTDigestState(0.95)(spent_credits) FROM key_verifications_v1",
            Some("quantiletdigeststate"),
        ),
        (
            "merge accessor stays blocked",
            "SELECT quantileTDigestMerge(0.95)(spent_credits) FROM key_verifications_v1",
            Some("quantiletdigestmerge"),
        ),
        (
            "before an unknown column",
            "SELECT nope FROM key_verifications_v1 WHERE file('x') = ''",
            Some("file"),
        ),
    ] {
        let r = s.call("analytics.getVerifications", json!({"query": q}));
        match blocked {
            None => assert_eq!(
                r.status,
                200,
                "{name}: {}",
                String::from_utf8_lossy(&r.body)
            ),
            Some(f) => assert_eq!(
                refused(&s, q),
                (
                    "invalid_analytics_function".to_string(),
                    format!("Function '{f}' is not allowed")
                ),
                "{name}"
            ),
        }
    }
}

/// time_range_test.go TestParser_ValidateTimeRange_EdgeCases and _NumericTimestamps (7-day
/// retention), and how upstream's check reads the other forms: `today()` is now, `toDate(x)`
/// and `date_trunc(u, x)` are `x`, a month is 30 days and a year 365, a `QUARTER` (which it
/// cannot evaluate) passes, and `formatDateTime(x, …)` is `x`.
#[test]
fn query_parser__validate_time_range_edge_cases_and_numeric_timestamps() {
    let s = Server::start(&[
        "--analytics",
        "--frozen-clock",
        "--analytics-retention-days",
        "7",
    ]);
    let now = s.request("GET", "/_local/clock", &[], b"").json()["now"]
        .as_i64()
        .unwrap();
    let day = 86_400_000i64;
    let passes = |filter: &str| {
        let r = s.call(
            "analytics.getVerifications",
            json!({"query": format!("SELECT * FROM key_verifications_per_hour_v1 WHERE {filter}")}),
        );
        assert!(
            r.status == 200 || r.error_type().ends_with("/query_range_exceeds_retention"),
            "{filter}: {}",
            String::from_utf8_lossy(&r.body)
        );
        r.status == 200
    };
    for (name, filter, pass) in [
        (
            "exact boundary - should pass",
            "time >= now() - INTERVAL 7 DAY".to_string(),
            true,
        ),
        (
            "one day over boundary - should fail",
            "time >= now() - INTERVAL 8 DAY".to_string(),
            false,
        ),
        (
            "addition instead of subtraction",
            "time >= now() + INTERVAL 1 DAY".to_string(),
            true,
        ),
        (
            "multiple nested functions",
            "time >= toStartOfHour(toStartOfDay(now() - INTERVAL 5 DAY))".to_string(),
            true,
        ),
        // TestParser_ValidateTimeRange_NumericTimestamps
        (
            "old unix timestamp with fromUnixTimestamp64Milli should fail",
            format!("time >= fromUnixTimestamp64Milli({})", now - 30 * day),
            false,
        ),
        (
            "recent unix timestamp with fromUnixTimestamp64Milli should pass",
            format!("time >= fromUnixTimestamp64Milli({})", now - 3 * day),
            true,
        ),
        // How time_range.go reads the rest.
        (
            "today() is now",
            "time >= today() - INTERVAL 7 DAY".to_string(),
            true,
        ),
        (
            "toDate does not truncate",
            "time >= toDate(now() - INTERVAL 7 DAY)".to_string(),
            true,
        ),
        (
            "date_trunc does not truncate",
            "time >= date_trunc('day', now() - INTERVAL 7 DAY)".to_string(),
            true,
        ),
        (
            "a number inside toDateTime is ms",
            format!("time >= toDateTime({})", now - 8 * day),
            false,
        ),
        (
            "a week",
            "time >= now() - INTERVAL 1 WEEK".to_string(),
            true,
        ),
        (
            "a month is more than 7 days",
            "time >= now() - INTERVAL 1 MONTH".to_string(),
            false,
        ),
        (
            "a quarter is not evaluated",
            "time >= now() - INTERVAL 1 QUARTER".to_string(),
            true,
        ),
        (
            "formatDateTime reads its time",
            "time >= formatDateTime(now() - INTERVAL 9 DAY, '%F')".to_string(),
            false,
        ),
    ] {
        assert_eq!(passes(&filter), pass, "{name}");
    }
    // On 2030-03-31 with 30 days: a calendar month back (2030-02-28) would be 31 days, but
    // upstream counts a month as 30, so the bound is at the limit.
    let s = Server::start(&["--analytics", "--frozen-clock"]);
    let r = s.request(
        "POST",
        "/_local/clock",
        &[],
        json!({"set": 1_901_190_896_000i64}).to_string().as_bytes(),
    );
    assert_eq!(r.status, 200);
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT count() AS n FROM key_verifications_v1 WHERE time >= now() - INTERVAL 1 MONTH"}),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
}

/// `LIKE` is case-sensitive, as ClickHouse's (`%`, `_`, a backslash escaping them), and `ILIKE`
/// is not; `==` is `=` and `||` concatenates.
#[test]
fn get_verifications__like_and_ilike() {
    let (s, _, _) = recorded();
    let n = |filter: &str| {
        run(
            &s,
            &format!("SELECT count() AS n FROM key_verifications_v1 WHERE {filter}"),
        )[0]["n"]
            .clone()
    };
    assert_eq!(n("outcome LIKE 'valid'"), json!(0));
    assert_eq!(n("outcome LIKE 'VAL%'"), json!(4));
    assert_eq!(n("outcome LIKE 'VAL_D'"), json!(4));
    assert_eq!(n("outcome NOT LIKE 'VAL%'"), json!(0));
    assert_eq!(n("outcome ILIKE 'valid'"), json!(4));
    assert_eq!(n("outcome NOT ILIKE 'val%'"), json!(0));
    assert_eq!(
        n("lower(outcome) ILIKE '%LID' AND key_id LIKE 'key%'"),
        json!(4)
    );
    assert_eq!(
        n("'a_b' LIKE 'a\\\\_b' AND NOT 'axb' LIKE 'a\\\\_b'"),
        json!(4)
    );
    assert_eq!(
        n("outcome == 'VALID' AND concat('V', 'ALID') = outcome"),
        json!(4)
    );
}

/// `[NOT] LIKE` and `[NOT] ILIKE` take a string haystack and a string pattern only
/// (FunctionsStringSearch.h getReturnTypeImpl: `isStringOrFixedString` or `isEnum` of the
/// haystack, `isString` of the needle, else ILLEGAL_TYPE_OF_ARGUMENT, upstream's 400 "Invalid
/// analytics query"): an array, a number, a `Bool` or a time on either side is refused (it
/// was answered from its text here: `tags LIKE '%t1%'` matched the JSON). A string
/// expression, a cast to `String` and `NULL` are run.
#[test]
fn get_verifications__like_of_a_non_string() {
    let (s, _, _) = recorded();
    for filter in [
        "tags LIKE '%t1%'",
        "spent_credits LIKE '1%'",
        "time LIKE '17%'",
        "toDate(time) NOT LIKE '2026%'",
        "(outcome = 'VALID') LIKE 't%'",
        "true LIKE 't%'",
        "outcome LIKE false",
        "outcome LIKE 5",
        "outcome ILIKE ['V%']",
        "spent_credits NOT ILIKE '1%'",
        "1 < 2 AND spent_credits + 1 LIKE '1%'",
    ] {
        assert_invalid(
            &s,
            &format!("SELECT count() AS n FROM key_verifications_v1 WHERE {filter}"),
        );
    }
    assert_eq!(
        run(&s, "SELECT countIf(toString(spent_credits) LIKE '1%') AS a, countIf(outcome NOT LIKE concat('V', '%')) AS d FROM key_verifications_v1"),
        json!([{"a": 2, "d": 0}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT countIf(concat('x', outcome) ILIKE 'xv%') AS b FROM key_verifications_v1"
        ),
        json!([{"b": 4}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE concat('x', outcome) ILIKE 'xv%' AND arrayJoin(tags) LIKE 't%'"),
        json!([{"n": 4}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE outcome LIKE NULL"
        ),
        json!([{"n": 0}])
    );
}

/// A string literal's backslash escapes read as ClickHouse reads the query's text
/// (src/IO/ReadHelpers.cpp, parseComplexEscapeSequence and ReadHelpers.h's
/// parseEscapeSequence; upstream's parser, AfterShip's lexer.go consumeString and format.go's
/// StringLiteral, passes the literal on as written): `\n`, `\t` are their control characters,
/// `\xHH` a byte, `\N` nothing, `\\`, `\'` the character alone, and another character keeps
/// its backslash, so `LIKE 'a\_b'` matches an underscore only (it had matched any character,
/// the backslash dropped). A NUL byte is not run.
#[test]
fn get_verifications__string_literal_escapes() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(
            &s,
            r"SELECT '100\%' AS a, length('\_') AS b, 'x\qy' AS c, 'a\nb' AS d, 'it\'s' AS e, '\x41\x42' AS f, 'a\Nb' AS g, 'a\\b' AS h, 'a\/b' AS i, 'axb' LIKE 'a\_b' AS j, 'a_b' LIKE 'a\_b' AS k, 'a%' LIKE '%\%' AS l FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"a": "100\\%", "b": 2, "c": "x\\qy", "d": "a\nb", "e": "it's", "f": "AB", "g": "ab", "h": "a\\b", "i": "a/b", "j": 0, "k": 1, "l": 1}])
    );
    assert_eq!(
        run(
            &s,
            r"SELECT countIf(has(tags, 't1')) AS a, countIf(key_id LIKE 'key\_%') AS b, countIf(key_id LIKE 'key_%') AS c FROM key_verifications_v1"
        ),
        json!([{"a": 2, "b": 4, "c": 4}])
    );
    assert!(refused(&s, r"SELECT 'a\0b' AS a FROM key_verifications_v1")
        .1
        .contains("unkey-local does not run"));
}

/// `%` of a float is a float's remainder, as ClickHouse's ModuloImpl
/// (src/Functions/DivisionUtils.h: `a - trunc(a / b) * b` when the result type is a float,
/// which NumberTraits::ResultOfModulo makes it when either operand is one); it had cast both to
/// integers (`7.5 % 2` was 1). Integers keep the sign of the left operand, and by zero are
/// ClickHouse's "Division by zero", upstream's 400 "Invalid analytics query".
#[test]
fn get_verifications__modulo_of_floats() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT 7.5 % 2 AS a, 7 % 2.5 AS b, -7.5 % 2 AS c, 7 % 3 AS d, -7 % 3 AS e, 2 * 7 % 4 AS f, 1 + 7 % 4 AS g, toFloat64(7) % 4 AS h FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 1.5, "b": 2, "c": -1.5, "d": 1, "e": -1, "f": 2, "g": 4, "h": 3}])
    );
    // Credits spent 1, 4, 10 and 0: an average of 3.75.
    assert_eq!(
        run(&s, "SELECT avg(spent_credits) % 2 AS a, sum(spent_credits) % 4 AS b FROM key_verifications_v1"),
        json!([{"a": 1.75, "b": 3}])
    );
    // A parametric call as an operand, with its arguments (the median 2.5: ClickHouse's
    // `quantile` interpolates between 1 and 4), on either side and in a chain.
    assert_eq!(
        run(&s, "SELECT quantile(0.5)(spent_credits) % 2 AS a, 7 % quantile(0.5)(spent_credits + 2) AS b, 2 * quantile(0.5)(spent_credits) % 2 AS c, quantile(0.5)(spent_credits) / 2 AS d FROM key_verifications_v1"),
        json!([{"a": 0.5, "b": 2.5, "c": 1, "d": 1.25}])
    );
    assert_invalid(
        &s,
        "SELECT spent_credits % 0 AS a FROM key_verifications_v1",
    );
}

/// `toString` and `concat` write a float as ClickHouse's text does (src/IO/WriteHelpers.cpp,
/// writeFloatTextFastPath: a whole value in Int64's range as an integer, another by
/// dragonbox's shortest digits, the form of src/IO/DoubleConverter.h's converter, an exponent
/// below 1e-6 and from 1e21): `1e-7`, not `0.0000001` as Rust's formatting had written it.
#[test]
fn get_verifications__float_text() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT toString(1e-7) AS a, toString(0.000001) AS b, toString(1e21) AS c, toString(1e20) AS d, toString(-1.5e-7) AS e, concat('x', 2.5e-8) AS f, toString(0.1 + 0.2) AS g, toString(2.5) AS h FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": "1e-7", "b": "0.000001", "c": "1e21", "d": "100000000000000000000", "e": "-1.5e-7", "f": "x2.5e-8", "g": "0.30000000000000004", "h": "2.5"}])
    );
}

/// `concat` writes an argument of any type as its text, as `toString` writes it
/// (src/Functions/concat.cpp, through the type's serializeText; tests/queries/0_stateless/
/// 00727_concat "Const string + non-const arbitrary type": `With true`, `With 2023-11-14`,
/// `With 2023-11-14 05:50:12.123` of a `DateTime64(3)`, `With ['foo','bar']`). A time was
/// written as its ms here, and the rest was not run.
#[test]
fn get_verifications__concat_writes_each_type_as_its_text() {
    let s = frozen_at_noon(); // 2030-03-31 12:00:00.250
    assert_eq!(
        run(&s, "SELECT concat('With ', now()) AS a, concat('With ', today()) AS b, concat('With ', now64(3)) AS c, concat('With ', true, '/', 1 = 2) AS d, concat('With ', ['foo', 'bar']) AS e, concat('With ', [today()], 1, 2.5) AS f, concat(toDate('2030-01-01'), 'T') AS g, concat('With ', NULL, now()) AS h FROM key_verifications_v1"),
        json!([{
            "a": "With 2030-03-31 12:00:00",
            "b": "With 2030-03-31",
            "c": "With 2030-03-31 12:00:00.250",
            "d": "With true/0", // (a comparison is a `UInt8`)
            "e": "With ['foo','bar']",
            "f": "With ['2030-03-31']12.5",
            "g": "2030-01-01T",
            "h": null
        }])
    );
    assert_eq!(
        run(&s, "SELECT concat('at ', toStartOfHour(fromUnixTimestamp64Milli(time))) AS a FROM key_verifications_v1"),
        json!([{"a": "at 2030-03-31 12:00:00"}])
    );
}

/// `a || b` is upstream's parser's syntax error: AfterShip clickhouse-sql-parser takes `||`
/// from v0.4.19 only, and upstream pins v0.4.18 (go.mod at fc99b6b9; the audit's `apparse` of
/// v0.4.18: "<EOF> or ';' was expected, but got: \"||\""), so no query with it reaches
/// ClickHouse, wherever it stands; `concat(…)` runs.
#[test]
fn get_verifications__concat_operator_is_upstream_syntax_error() {
    let s = frozen_at_noon();
    for query in [
        "SELECT 'a' || 'b' AS a FROM key_verifications_v1",
        "SELECT outcome || '!' FROM key_verifications_v1",
        "SELECT countIf('x' || outcome ILIKE 'xv%') AS b FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE 'x' || outcome = 'xVALID'",
        "SELECT outcome || 'x' || 'y' AS c, count() AS n FROM key_verifications_v1 GROUP BY outcome || 'x'",
        "SELECT count() OVER w || 'a' AS a FROM key_verifications_v1 WINDOW w AS ()",
        "SELECT count() FROM key_verifications_v1 WHERE nosuchcolumn || 1",
    ] {
        assert_eq!(
            refused(&s, query),
            syntax_error(query),
            "{query}"
        );
    }
    assert_eq!(
        run(
            &s,
            "SELECT concat('a', 1 + 2) AS a, concat(outcome, '||') AS b FROM key_verifications_v1"
        ),
        json!([{"a": "a3", "b": "VALID||"}])
    );
}

/// What upstream's parser (AfterShip clickhouse-sql-parser v0.4.18, pinned by upstream's
/// go.mod at fc99b6b9) refuses is its 400 "Invalid SQL syntax" before any other check, where
/// ClickHouse would run or refuse it otherwise. Each form here was run through the audit's
/// `apparse` (v0.4.18's parser/ at the tag), whose error is quoted: an operand of a condition
/// or key followed by a name (no alias there: "<EOF> or ';' was expected"), `IS` other than
/// `IS [NOT] NULL` ("expected keyword: NULL"), `NOT` after an operand other than `NOT
/// IN|LIKE|ILIKE` ("expected IN, LIKE or ILIKE after NOT"), `REGEXP`, `SIMILAR TO`, `AT TIME
/// ZONE`, `<=>` ("unexpected token kind: >"), `'a' 'b'`, `AS 'o'` ("expected … <ident>, but
/// got <string>"), `FROM` in a call other than `EXTRACT` (`substring(s FROM 1 FOR 2)`,
/// `trim(' ' FROM s)`), `GLOBAL NOT IN` ("expected IN after GLOBAL"), `EXPLAIN` without its
/// kind ("expected SYNTAX, PIPELINE, ESTIMATE or AST"). The table check or the query's own
/// answer follows where it parses.
#[test]
fn get_verifications__upstream_parser_syntax_errors() {
    let s = frozen_at_noon();
    for query in [
        "SELECT count() AS n FROM key_verifications_v1 WHERE outcome = 'VALID' x",
        "SELECT * FROM key_verifications_v1 WHERE invalid syntax here",
        "SELECT count() AS n FROM key_verifications_v1 GROUP BY outcome HAVING count() > 1 x",
        "SELECT outcome FROM key_verifications_v1 ORDER BY outcome x",
        "SELECT outcome FROM key_verifications_v1 GROUP BY outcome x",
        "SELECT count() AS n FROM key_verifications_v1 WHERE (outcome = 'VALID') x",
        "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits IS TRUE",
        "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits IS DISTINCT FROM 1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits NOT BETWEEN 1 AND 2",
        "SELECT spent_credits NOT BETWEEN 1 AND 2 AS b FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE outcome REGEXP 'V'",
        "SELECT count() AS n FROM key_verifications_v1 WHERE outcome NOT REGEXP 'V'",
        "SELECT count() AS n FROM key_verifications_v1 WHERE outcome SIMILAR TO 'V'",
        "SELECT now() AT TIME ZONE 'UTC' AS t FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits <=> 1",
        "SELECT 'a' 'b' FROM key_verifications_v1",
        "SELECT outcome AS 'o' FROM key_verifications_v1",
        "SELECT substring(outcome FROM 1 FOR 2) AS s FROM key_verifications_v1",
        "SELECT trim(' ' FROM outcome) AS s FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE outcome GLOBAL NOT IN ('x')",
        "EXPLAIN SELECT 1 FROM key_verifications_v1",
        // (Before the table check.)
        "SELECT count() AS n FROM system.tables WHERE outcome REGEXP 'V'",
    ] {
        assert_eq!(refused(&s, query), syntax_error(query), "{query}");
    }
    // Its lexer takes no `1_000`, `0b101`, `0x1p3` (here a number and an alias, `SELECT
    // 1_000` answered 1); a clause out of its order (parseSelectStmt reads `PREWHERE`,
    // `WHERE`, `GROUP BY`, `HAVING`, `WINDOW`, `ORDER BY`, `LIMIT` in turn; `LIMIT 1 WHERE
    // x` was answered); `AND`/`OR` without an operand on a side.
    for query in [
        "SELECT 1_000 FROM key_verifications_v1",
        "SELECT 0b101 AS v FROM key_verifications_v1",
        "SELECT 0x1p3 AS v FROM key_verifications_v1",
        "SELECT * FROM key_verifications_v1 LIMIT 1 WHERE 1",
        "SELECT outcome FROM key_verifications_v1 GROUP BY outcome WHERE 1",
        "SELECT outcome FROM key_verifications_v1 HAVING 1 GROUP BY outcome",
        "SELECT outcome FROM key_verifications_v1 ORDER BY 1 GROUP BY 1",
        "SELECT count() FROM key_verifications_v1 WHERE outcome = 'VALID' AND",
        "SELECT count() FROM key_verifications_v1 WHERE AND outcome = 'VALID'",
        "SELECT count() FROM key_verifications_v1 WHERE (outcome = 'VALID' OR) GROUP BY outcome",
        "SELECT count() FROM key_verifications_v1 WHERE spent_credits 1",
        "SELECT count() FROM key_verifications_v1 WHERE f(outcome) 'x'",
        "SELECT key_id FROM key_verifications_v1 LIMIT 1 2",
        "SELECT key_id FROM key_verifications_v1 LIMIT LIMIT 1",
        // In a call's arguments (upstream's docs' `has(tags, '\''path=…'\'')`, a shell's
        // quoting left in: the string `'`, then a name).
        "SELECT count() FROM key_verifications_v1 WHERE has(tags, '\\'' t1 '\\'')",
        "SELECT count() FROM key_verifications_v1 WHERE has(tags, 't1' x)",
        // A select-list alias followed by other than `,` or the next clause, and a literal
        // after an operand there.
        "SELECT SUM SUM(spent_credits) AS s FROM key_verifications_v1",
        "SELECT 1 DAY + INTERVAL 2 DAY AS t FROM key_verifications_v1",
        "SELECT 2 * time AS FROM key_verifications_per_hour_v1",
        "SELECT 1 1 AS a FROM key_verifications_v1",
    ] {
        assert_eq!(refused(&s, query), syntax_error(query), "{query}");
    }
    assert_eq!(
        run(&s, "SELECT outcome o, toString(INTERVAL 1 DAY + INTERVAL 2 DAY) AS t, 1 AS one FROM key_verifications_v1 ORDER BY o LIMIT 1"),
        json!([{"o": "VALID", "t": "3", "one": 1}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT 0x1F AS h, 1e2 AS e, 1.5e-1 AS f FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"h": 31, "e": 100, "f": 0.15}])
    );
    // Where it parses: the names after a key or condition that it takes, the table check.
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 DAY AND NOT spent_credits BETWEEN 5 AND 9 GROUP BY outcome ORDER BY n DESC LIMIT 1"),
        json!([{"n": 1}])
    );
    assert_eq!(
        refused(
            &s,
            "SELECT count() AS n FROM system.tables WHERE NOT outcome BETWEEN 1 AND 2"
        ),
        (
            "invalid_analytics_table".into(),
            "Access to table 'system.tables' is not allowed".into()
        )
    );
    assert_eq!(
        refused(&s, "EXPLAIN AST SELECT 1 FROM key_verifications_v1"),
        (
            "invalid_analytics_query_type".into(),
            "Only SELECT queries are allowed".into()
        )
    );
    // A lone `WITH` is no statement to it (ParseStmts answers none).
    assert_eq!(
        refused(&s, "WITH"),
        (
            "invalid_analytics_query".into(),
            "No SQL statements found".into()
        )
    );
}

/// Forms upstream's parser takes and writes back for ClickHouse 25.6, whose answer is not
/// followed here: refused as not run, never as a syntax error. `SELECT DISTINCT ON (…)`
/// (v0.4.18's tryParseDistinctOn), `x = ANY (SELECT …)` (a call of `any`, allowed by its
/// function list), `INTERVAL` of an expression or a float (`INTERVAL (1 + 1) DAY`), a query
/// parameter `{a:String}`, `$1`. After upstream's own checks (its table check first).
#[test]
fn get_verifications__upstream_parses_not_run_here() {
    let s = frozen_at_noon();
    for (query, form) in [
        ("SELECT DISTINCT ON (outcome) outcome FROM key_verifications_v1", "SELECT DISTINCT ON (…)"),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits = ANY (SELECT 4)", "a comparison with ANY (subquery)"),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL (1 + 1) DAY", "an INTERVAL of other than an integer literal"),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 1.5 DAY", "an INTERVAL of other than an integer literal"),
        ("SELECT {a:String} AS a FROM key_verifications_v1", "a `{…}` or `$…` expression"),
        ("SELECT $1 AS a FROM key_verifications_v1", "a `{…}` or `$…` expression"),
        // (`UNION ALL (WITH …)` is written back without the parentheses, `UNION ALL WITH …`.)
        ("SELECT outcome FROM key_verifications_v1 UNION ALL (WITH 1 AS c SELECT outcome FROM key_verifications_v1)", "a set operation's arm starting with WITH"),
        ("SELECT outcome FROM key_verifications_v1 EXCEPT WITH 1 AS c SELECT outcome FROM key_verifications_v1", "a set operation's arm starting with WITH"),
    ] {
        assert_eq!(
            refused(&s, query),
            (
                "invalid_analytics_query".into(),
                format!("unkey-local does not run {form} (the real server does); see the unkey-local README")
            ),
            "{query}"
        );
    }
    assert_eq!(
        refused(
            &s,
            "SELECT DISTINCT ON (outcome) outcome FROM system.tables"
        ),
        (
            "invalid_analytics_table".into(),
            "Access to table 'system.tables' is not allowed".into()
        )
    );
    // `= ALL (…)` and `= SOME (…)` are calls its function list refuses.
    assert_eq!(
        refused(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits = ALL (SELECT 4)"
        ),
        (
            "invalid_analytics_function".into(),
            "Function 'all' is not allowed".into()
        )
    );
}

/// A string and a number have no common type in ClickHouse (src/DataTypes/getLeastSupertype.cpp:
/// "There is no supertype for types String, UInt8 because some of them are
/// String/FixedString/Enum and some of them are not", NO_COMMON_TYPE) where values meet in one
/// (`if`, `coalesce`, `CASE`, an array, a set operation's column), and an array of strings is
/// no operand of arithmetic (ILLEGAL_TYPE_OF_ARGUMENT): upstream's "Invalid analytics query".
/// They answered the values as they came.
#[test]
fn get_verifications__strings_and_numbers_have_no_common_type() {
    let (s, _, _) = recorded();
    for q in [
        "SELECT if(spent_credits > 0, 'yes', 0) AS x FROM key_verifications_v1",
        "SELECT coalesce(outcome, 1) AS x FROM key_verifications_v1",
        "SELECT CASE WHEN spent_credits > 0 THEN 'a' ELSE 1 END AS x FROM key_verifications_v1",
        "SELECT ['a', 1] AS x FROM key_verifications_v1",
        "SELECT outcome FROM key_verifications_v1 UNION ALL SELECT 1 FROM key_verifications_v1",
        "SELECT tags / 2 AS x FROM key_verifications_v1",
        // Nor a string and a time: getLeastSupertype's string rule comes before its rules of
        // times (a string is no time literal there, as it is in a comparison). These answered
        // the string beside the time's ms.
        "SELECT if(spent_credits > 0, '2026-01-01', today()) AS x FROM key_verifications_v1",
        "SELECT ['2026-01-01', today()] AS x FROM key_verifications_v1",
        "SELECT coalesce(now(), '2026-01-01 00:00:00') AS x FROM key_verifications_v1",
        "SELECT now() AS t FROM key_verifications_v1 UNION ALL SELECT '2026-01-01 00:00:00' FROM key_verifications_v1",
    ] {
        assert_invalid(&s, q);
    }
    assert_eq!(
        run(&s, "SELECT if(spent_credits > 4, 'big', toString(spent_credits)) AS x, coalesce(NULL, 'a') AS y FROM key_verifications_v1 ORDER BY spent_credits"),
        json!([{"x": "0", "y": "a"}, {"x": "1", "y": "a"}, {"x": "4", "y": "a"}, {"x": "big", "y": "a"}])
    );
}

/// `floor(x, n)` and `ceil(x, n)` take a number of digits as `round` does (they were refused
/// as unknown functions): tests/queries/0_stateless/00161_rounding_functions.sql's
/// `floor` of 123456789 and 12345.6789 to -1 … -9 and 1 … 5 digits, and its integers' `ceil`
/// and `floor` to tens (`ceil(-9, -1)` is 0, `floor(-9, -1)` is -10), with the answers of its
/// .reference.
#[test]
fn get_verifications__floor_and_ceil_to_digits() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT floor(123456789, -1) AS a, floor(123456789, -5) AS b, floor(123456789, -8) AS c, floor(123456789, -9) AS d, floor(12345.6789, -1) AS e, floor(12345.6789, -4) AS f, floor(12345.6789, -5) AS g, floor(12345.6789, 1) AS h, floor(12345.6789, 3) AS i, floor(12345.6789, 5) AS j FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 123456780, "b": 123400000, "c": 100000000, "d": 0, "e": 12340, "f": 10000, "g": 0, "h": 12345.6, "i": 12345.678, "j": 12345.6789}])
    );
    assert_eq!(
        run(&s, "SELECT ceil(-9, -1) AS a, floor(-9, -1) AS b, ceil(11, -1) AS c, floor(19, -1) AS d, round(-5, -1) AS e, ceil(0.25, 1) AS f, floor(-0.25, 1) AS g, ceil(count(), -1) AS h FROM key_verifications_v1"),
        json!([{"a": 0, "b": -10, "c": 20, "d": 10, "e": -10, "f": 0.3, "g": -0.3, "h": 10}])
    );
}

/// `round` rounds a float's tie to the even neighbour, as ClickHouse's (`round(2.5)` is 2), an
/// integer's away from zero; `FINAL` reads a rollup (always merged here), and a raw table
/// (a plain MergeTree in ClickHouse) refuses it.
#[test]
fn get_verifications__round_and_final() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT round(2.5) AS a, round(1.5) AS b, round(-2.5) AS c, round(15, -1) AS d, round(2.567, 2) AS e, round(7) AS f FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 2, "b": 2, "c": -2, "d": 20, "e": 2.57, "f": 7}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT SUM(d.count) AS n FROM key_verifications_per_day_v1 AS d FINAL"
        ),
        run(&s, "SELECT count() AS n FROM key_verifications_v1")
    );
    assert_invalid(&s, "SELECT count() AS n FROM key_verifications_v1 FINAL");
}

/// `LIMIT n [OFFSET m] BY e`: the first rows of each group in the SELECT's order (a `LIMIT`
/// after it last); `WITH TOTALS` (whose totals row upstream's answer does not carry);
/// NULLs sorted last unless told, as ClickHouse's default; an alias may be named like a window
/// word.
#[test]
fn get_verifications__limit_by_totals_and_null_order() {
    let (s, ks_a, ks_b) = recorded();
    let top = run(
        &s,
        "SELECT key_space_id, spent_credits FROM key_verifications_v1 ORDER BY spent_credits DESC LIMIT 1 BY key_space_id",
    );
    assert_eq!(
        top,
        json!([{"key_space_id": ks_a, "spent_credits": 10}, {"key_space_id": ks_b, "spent_credits": 0}])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id, spent_credits FROM key_verifications_v1 ORDER BY spent_credits DESC LIMIT 2 OFFSET 1 BY key_space_id LIMIT 1"),
        json!([{"key_space_id": ks_a, "spent_credits": 4}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY outcome WITH TOTALS"
        ),
        json!([{"outcome": "VALID", "n": 4}])
    );

    let values = |query: &str| -> Vec<serde_json::Value> {
        run(&s, query)
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["v"].clone())
            .collect()
    };
    let three = "(SELECT NULL AS v UNION ALL SELECT 1 AS v UNION ALL SELECT 2 AS v)";
    assert_eq!(
        values(&format!("SELECT v FROM {three} ORDER BY v")),
        vec![json!(1), json!(2), serde_json::Value::Null]
    );
    assert_eq!(
        values(&format!("SELECT v FROM {three} ORDER BY v DESC")),
        vec![json!(2), json!(1), serde_json::Value::Null]
    );
    // (`NULLS FIRST` is upstream's parser's syntax error, the audit's `apparse`.)
    assert_eq!(
        refused(&s, &format!("SELECT v FROM {three} ORDER BY v NULLS FIRST")),
        syntax_error(&format!("SELECT v FROM {three} ORDER BY v NULLS FIRST"))
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS last, count() AS rows FROM key_verifications_v1 GROUP BY last ORDER BY last DESC LIMIT 1"),
        json!([{"last": 10, "rows": 1}])
    );
}

/// `toString` of a number as ClickHouse writes it (a whole float without a fraction) and
/// `uniq` of several arguments (distinct tuples).
#[test]
fn get_verifications__to_string_of_numbers_and_uniq_of_tuples() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT toString(2.0) AS a, toString(0.1 + 0.2) AS b, toString(7) AS c, toString(5 / 2) AS d, uniq(key_id, outcome) AS pairs, uniq(key_space_id) AS spaces FROM key_verifications_v1"),
        json!([{"a": "2", "b": "0.30000000000000004", "c": "7", "d": "2.5", "pairs": 2, "spaces": 2}])
    );
}

/// `PREWHERE p [WHERE w]` filters as `WHERE (p) AND (w)`, also with a join's own condition.
#[test]
fn get_verifications__prewhere() {
    let (s, _, _) = recorded();
    let n = |query: &str| run(&s, query)[0]["n"].clone();
    assert_eq!(
        n("SELECT count() AS n FROM key_verifications_v1 PREWHERE outcome = 'VALID'"),
        n("SELECT count() AS n FROM key_verifications_v1 WHERE outcome = 'VALID'")
    );
    assert_eq!(
        n("SELECT count() AS n FROM key_verifications_v1 PREWHERE outcome = 'VALID' OR 1 = 1 WHERE spent_credits > 1"),
        n("SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 1")
    );
    assert_eq!(
        n("SELECT count() AS n FROM key_verifications_v1 a LEFT ANTI JOIN (SELECT key_id FROM key_verifications_v1 WHERE spent_credits > 5) b ON a.key_id = b.key_id PREWHERE a.outcome = 'VALID' WHERE a.spent_credits >= 0"),
        json!(1)
    );
}

/// `PREWHERE` on the time (the usual ClickHouse spelling of a time filter, which upstream's
/// parser keeps and its retention check does not read): the same filter as `WHERE`, a string
/// read as the column's time (ClickHouse's prewhere.md: "the same meaning as the WHERE
/// clause"). (The word was read into the operand before the comparison, `<table> PREWHERE
/// time`, whose type was not known: 0 rows, or a refusal against `now()`.)
#[test]
fn get_verifications__prewhere_on_the_time() {
    let s = at_one_verification(); // 2030-03-31 12:34:56.123
    let n = |query: &str| run(&s, query)[0]["n"].clone();
    for (query, expected) in [
        ("SELECT sum(count) AS n FROM key_verifications_per_day_v1 PREWHERE time >= '2030-03-31'", 1),
        ("SELECT sum(count) AS n FROM key_verifications_per_day_v1 PREWHERE time >= '2030-04-01'", 0),
        ("SELECT sum(count) AS n FROM key_verifications_per_day_v1 AS d PREWHERE d.time = '2030-03-31'", 1),
        ("SELECT sum(count) AS n FROM key_verifications_per_hour_v1 PREWHERE time >= '2030-03-31 12:00:00'", 1),
        ("SELECT sum(count) AS n FROM key_verifications_per_hour_v1 PREWHERE time >= now() - INTERVAL 1 DAY", 1),
        ("SELECT sum(count) AS n FROM key_verifications_per_hour_v1 PREWHERE time > now()", 0),
        ("SELECT sum(count) AS n FROM key_verifications_per_day_v1 PREWHERE time >= today()", 1),
        ("SELECT count() AS n FROM key_verifications_v1 PREWHERE fromUnixTimestamp64Milli(time) >= '2030-03-31 12:34:00'", 1),
        ("SELECT count() AS n FROM key_verifications_v1 PREWHERE fromUnixTimestamp64Milli(time) >= now() - INTERVAL 1 DAY", 1),
        ("SELECT count() AS n FROM key_verifications_v1 PREWHERE fromUnixTimestamp64Milli(time) >= now() + INTERVAL 1 SECOND", 0),
    ] {
        assert_eq!(n(query), json!(expected), "{query}");
    }
    // A name spelled so is still a name.
    assert_eq!(
        run(
            &s,
            "SELECT count() AS prewhere, prewhere + 1 AS p FROM key_verifications_v1"
        ),
        json!([{"prewhere": 1, "p": 2}])
    );
}

/// Each function of upstream's list in lower case, UPPER case and Mixed case. Upstream's
/// validation lower-cases a name only to find it in its list and writes only those of its
/// `canonicalFunctionNames` as they are spelled there (validation.go); the rest reach
/// ClickHouse as written. ClickHouse registers `any`, `uniq`, `quantile`, `today` and `has`
/// with their case (AggregateFunctionAny.cpp, AggregateFunctionUniq.cpp,
/// AggregateFunctionQuantile.cpp, today.cpp, has.cpp: no `Case::Insensitive`), so `UNIQ(x)`
/// is its UNKNOWN_FUNCTION ("Function with name `UNIQ` does not exist", QueryAnalyzer's
/// resolveFunction), whose text holds none of the phrases ExtractUserFriendlyError reads
/// (errors.go): "Invalid analytics query". Its parameters and arguments are resolved before the
/// name, so an unknown identifier among them is that error. The others are registered
/// without case (`count`, `sum`, `avg`, `min`, `max`, `now`, `lower`, `upper`, `substring`,
/// `concat`, `length`, `round`, `floor`, `ceil`, `abs`, `if`, `coalesce`, `DATE_TRUNC`'s alias;
/// `trim` is read so by ClickHouse's parser) or written by upstream: every spelling answers
/// the same, under the same name. (`case` is the `CASE` expression, no call.) Upstream's
/// retention check reads `TODAY()` as `today()` before ClickHouse is reached.
#[test]
fn get_verifications__function_names_in_each_case() {
    let (s, _, _) = recorded();
    const LOWER_ONLY: [&str; 5] = ["any", "uniq", "quantile", "today", "has"];
    // The lower-case name, and a query calling it where `{}` is.
    let calls: [(&str, &str); 65] = [
        ("count", "{}()"),
        ("sum", "{}(spent_credits)"),
        ("avg", "{}(spent_credits)"),
        ("min", "{}(spent_credits)"),
        ("max", "{}(spent_credits)"),
        ("any", "{}(key_id) = min(key_id)"),
        ("grouparray", "length({}(spent_credits))"),
        ("groupuniqarray", "length({}(key_id))"),
        ("uniq", "{}(key_id)"),
        ("uniqexact", "{}(key_id)"),
        ("quantile", "{}(0.5)(spent_credits)"),
        ("now", "{}() > toDateTime('2020-01-01 00:00:00')"),
        ("now64", "{}() > toDateTime64('2020-01-01 00:00:00', 3)"),
        ("today", "{}() > toDate('2020-01-01')"),
        ("todate", "{}('2030-01-02')"),
        ("todatetime", "{}('2030-01-02 03:04:05')"),
        ("todatetime64", "{}('2030-01-02 03:04:05.678', 3)"),
        ("tostartofday", "{}(toDateTime('2030-01-02 03:04:05'))"),
        ("tostartofweek", "{}(toDateTime('2030-01-02 03:04:05'))"),
        ("tostartofmonth", "{}(toDateTime('2030-01-02 03:04:05'))"),
        ("tostartofquarter", "{}(toDateTime('2030-05-02 03:04:05'))"),
        ("tostartofyear", "{}(toDateTime('2030-05-02 03:04:05'))"),
        ("tostartofhour", "{}(toDateTime('2030-01-02 03:04:05'))"),
        ("tostartofminute", "{}(toDateTime('2030-01-02 03:04:05'))"),
        (
            "date_trunc",
            "{}('hour', toDateTime('2030-01-02 03:04:05'))",
        ),
        (
            "formatdatetime",
            "{}(toDateTime('2030-01-02 03:04:05'), '%Y-%m')",
        ),
        ("fromunixtimestamp64milli", "{}(toInt64(1901190896123))"),
        (
            "tounixtimestamp64milli",
            "{}(toDateTime64('2030-01-02 03:04:05.678', 3))",
        ),
        ("tointervalday", "toDateTime('2030-01-02 03:04:05') + {}(1)"),
        (
            "tointervalweek",
            "toDateTime('2030-01-02 03:04:05') + {}(1)",
        ),
        (
            "tointervalmonth",
            "toDateTime('2030-01-02 03:04:05') + {}(1)",
        ),
        (
            "tointervalyear",
            "toDateTime('2030-01-02 03:04:05') + {}(1)",
        ),
        (
            "tointervalhour",
            "toDateTime('2030-01-02 03:04:05') + {}(1)",
        ),
        (
            "tointervalminute",
            "toDateTime('2030-01-02 03:04:05') + {}(1)",
        ),
        (
            "tointervalsecond",
            "toDateTime('2030-01-02 03:04:05') + {}(1)",
        ),
        (
            "tointervalmillisecond",
            "toDateTime64('2030-01-02 03:04:05', 3) + {}(1)",
        ),
        (
            "tointervalmicrosecond",
            "toDateTime64('2030-01-02 03:04:05', 6) + {}(1)",
        ),
        (
            "tointervalnanosecond",
            "toDateTime64('2030-01-02 03:04:05', 9) + {}(1000)",
        ),
        (
            "tointervalquarter",
            "toDateTime('2030-01-02 03:04:05') + {}(1)",
        ),
        ("lower", "{}('Ab')"),
        ("upper", "{}('Ab')"),
        ("substring", "{}('abc', 2)"),
        ("concat", "{}('a', 'b')"),
        ("length", "{}('ab')"),
        ("trim", "{}(' a ')"),
        ("startswith", "{}('abc', 'a')"),
        ("endswith", "{}('abc', 'c')"),
        ("jsonextractstring", r#"{}('{"a": "b"}', 'a')"#),
        ("round", "{}(1.25, 1)"),
        ("floor", "{}(1.5)"),
        ("ceil", "{}(1.5)"),
        ("abs", "{}(-1)"),
        ("if", "{}(1 = 1, 'y', 'n')"),
        ("sumif", "{}(spent_credits, spent_credits > 1)"),
        ("coalesce", "{}(NULL, 1)"),
        ("countif", "{}(spent_credits > 1)"),
        ("tostring", "{}(1)"),
        ("toint32", "{}('1')"),
        ("toint64", "{}('1')"),
        ("tofloat64", "{}('1.5')"),
        ("has", "countIf({}(tags, 't1'))"),
        ("hasany", "countIf({}(tags, ['t1']))"),
        ("hasall", "countIf({}(tags, ['t1', 't2']))"),
        ("arrayjoin", "{}([1, 2])"),
        ("arrayfilter", "{}(x -> x > 1, [1, 2])"),
    ];
    let answer = |name: &str, call: &str| {
        let query = format!(
            "SELECT {} FROM key_verifications_v1 LIMIT 1",
            call.replacen("{}", name, 1)
        );
        let r = s.call("analytics.getVerifications", json!({"query": query}));
        let body = r.json();
        (r.status, body.get("data").cloned().unwrap_or(body), query)
    };
    for (lower, call) in calls {
        let (status, expected, query) = answer(lower, call);
        assert_eq!(status, 200, "{query}: {expected}");
        let mixed: String = lower
            .chars()
            .enumerate()
            .map(|(k, c)| if k == 0 { c.to_ascii_uppercase() } else { c })
            .collect();
        for name in [lower.to_ascii_uppercase(), mixed] {
            let (status, body, query) = answer(&name, call);
            if LOWER_ONLY.contains(&lower) {
                assert_eq!(status, 400, "{query}: {body}");
                assert_eq!(
                    (body["error"]["type"].as_str(), body["error"]["detail"].as_str()),
                    (
                        Some("https://unkey.com/docs/errors/user/bad_request/invalid_analytics_query"),
                        Some("Invalid analytics query")
                    ),
                    "{query}"
                );
            } else {
                assert_eq!((status, &body), (200, &expected), "{query}");
            }
        }
    }
    // The five in lower case, as answered.
    let rows = run(&s, "SELECT any(outcome) AS a, uniq(key_id) AS u, quantile(0.5)(spent_credits) AS q, today() > toDate('2020-01-01') AS d, countIf(has(tags, 't2')) AS h FROM key_verifications_v1 WHERE spent_credits < 10");
    assert_eq!(
        rows,
        json!([{"a": "VALID", "u": 2, "q": 1, "d": 1, "h": 2}])
    );
    // An unknown identifier among the arguments is resolved first.
    assert_eq!(
        refused(&s, "SELECT UNIQ(nonexistent) FROM key_verifications_v1"),
        (
            "invalid_analytics_query".to_string(),
            "Unknown identifier in analytics query".to_string()
        )
    );
    assert_eq!(
        refused(&s, "SELECT count() FROM key_verifications_v1 WHERE HAS(tags, 't1') AND Today() > toDate('2020-01-01')"),
        (
            "invalid_analytics_query".to_string(),
            "Invalid analytics query".to_string()
        )
    );
    // Upstream's retention check, before ClickHouse, reads `TODAY()` as `today()`.
    assert_beyond_retention(
        &retention_query(
            &[],
            "SELECT count() FROM key_verifications_per_day_v1 WHERE time >= TODAY() - INTERVAL 40 DAY",
        ),
        "30",
    );
}

/// An unaliased item that is a plain call is answered under ClickHouse's name for it
/// (`count()` for `count(*)`, the function as ClickHouse spells it, its arguments as written);
/// a rollup-only column read from the raw table is an unknown identifier, as in ClickHouse.
#[test]
fn get_verifications__names_of_plain_calls_and_unknown_columns() {
    let (s, _, _) = recorded();
    let rows = run(
        &s,
        // (Its two plain calls of columns are keys: beside aggregates, a column outside them
        // and the keys is ClickHouse's NOT_AN_AGGREGATE; this read them ungrouped before.)
        "SELECT count(*), SUM(spent_credits), TOSTARTOFDAY(fromUnixTimestamp64Milli(time)), quantile(0.5)(spent_credits), formatDateTime(fromUnixTimestamp64Milli(time), '%Y'), avg(spent_credits) AS a FROM key_verifications_v1 GROUP BY TOSTARTOFDAY(fromUnixTimestamp64Milli(time)), formatDateTime(fromUnixTimestamp64Milli(time), '%Y')",
    );
    let mut keys: Vec<String> = rows[0].as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        vec![
            "a",
            "count()",
            "formatDateTime(fromUnixTimestamp64Milli(time), '%Y')",
            "quantile(0.5)(spent_credits)",
            "sum(spent_credits)",
            "toStartOfDay(fromUnixTimestamp64Milli(time))",
        ]
    );
    let counted: i64 = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count()"].as_i64().unwrap())
        .sum();
    assert_eq!(counted, 4);
    assert_eq!(
        run(&s, "SELECT key_id, count() FROM key_verifications_v1 GROUP BY key_id ORDER BY count() DESC LIMIT 1")[0]["count()"],
        json!(3)
    );
    assert_eq!(
        refused(&s, "SELECT SUM(count) AS n FROM key_verifications_v1"),
        (
            "invalid_analytics_query".to_string(),
            "Unknown identifier in analytics query".to_string()
        )
    );
}

/// An outer join's unmatched column of a `Nullable` type (an expression with a `NULL` in it)
/// stays `NULL`, as ClickHouse's default of a `Nullable`; the others take their defaults
/// (`x IS NULL` is no `Nullable`).
#[test]
fn get_verifications__outer_join_nullable_columns_stay_null() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT b.x AS x, b.y AS y, b.z AS z FROM key_verifications_v1 a LEFT JOIN (SELECT key_id, CASE WHEN 1 = 1 THEN 1 ELSE NULL END AS x, 2 AS y, key_id IS NULL AS z FROM key_verifications_v1 WHERE 1 = 0) b ON a.key_id = b.key_id LIMIT 1"),
        json!([{"x": null, "y": 0, "z": 0}])
    );
    let row = run(&s, "SELECT * FROM key_verifications_v1 a LEFT JOIN (SELECT key_id AS k, if(1 = 1, NULL, 'x') AS x FROM key_verifications_v1 WHERE 1 = 0) b ON a.key_id = b.k LIMIT 1");
    assert_eq!(row[0]["k"], json!(""));
    assert_eq!(row[0]["x"], json!(null));
}

/// Unaliased computed columns with operators are named as ClickHouse names them: each
/// operator its function (`multiply`, `divide`, `plus`, `minus`, `negate`, `equals`,
/// `greater`, `and` of all its operands, `not`, `like`, `notILike`), an interval
/// `toIntervalDay(1)`.
#[test]
fn get_verifications__names_of_operator_expressions() {
    let (s, _, _) = recorded();
    let rows = run(
        &s,
        "SELECT count() * 2, countIf(outcome = 'VALID'), sum(spent_credits) / count(), spent_credits + 1 - 2, -spent_credits, outcome = 'VALID' AND spent_credits > 1 AND 1 = 1, NOT (1 = 1), outcome LIKE 'V%', outcome NOT ILIKE 'v%', toStartOfDay(fromUnixTimestamp64Milli(time)) + INTERVAL 1 DAY FROM key_verifications_v1 GROUP BY outcome, spent_credits, time LIMIT 1",
    );
    let mut keys: Vec<String> = rows[0].as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        vec![
            "and(equals(outcome, 'VALID'), greater(spent_credits, 1), equals(1, 1))",
            "countIf(equals(outcome, 'VALID'))",
            "divide(sum(spent_credits), count())",
            "like(outcome, 'V%')",
            "minus(plus(spent_credits, 1), 2)",
            "multiply(count(), 2)",
            "negate(spent_credits)",
            "not(equals(1, 1))",
            "notILike(outcome, 'v%')",
            "plus(toStartOfDay(fromUnixTimestamp64Milli(time)), toIntervalDay(1))",
        ]
    );
    let rows = run(
        &s,
        "SELECT CASE WHEN outcome = 'VALID' THEN 1 ELSE 0 END, CASE WHEN spent_credits > 1 THEN 'big' END, spent_credits BETWEEN 1 AND 5, key_id IS NULL AND spent_credits = 1, NOT key_id IS NOT NULL FROM key_verifications_v1 LIMIT 1",
    );
    let mut keys: Vec<String> = rows[0].as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        vec![
            "and(greaterOrEquals(spent_credits, 1), lessOrEquals(spent_credits, 5))",
            "and(isNull(key_id), equals(spent_credits, 1))",
            "multiIf(equals(outcome, 'VALID'), 1, 0)",
            "multiIf(greater(spent_credits, 1), 'big', NULL)",
            "not(isNotNull(key_id))",
        ]
    );
}

/// `GROUP BY … WITH ROLLUP|CUBE` and `GROUPING SETS`: the groups of every prefix (every
/// subset, each set) of the keys, a key a group leaves out answered as its type's default,
/// `HAVING` per group, `ORDER BY` and `LIMIT` over all.
#[test]
fn get_verifications__rollup_and_cube() {
    let (s, ks_a, ks_b) = recorded();
    assert_eq!(
        run(&s, "SELECT key_space_id, outcome, count() AS n FROM key_verifications_v1 GROUP BY key_space_id, outcome WITH ROLLUP ORDER BY n DESC, key_space_id, outcome"),
        json!([
            {"key_space_id": "", "outcome": "", "n": 4},
            {"key_space_id": ks_a, "outcome": "", "n": 3},
            {"key_space_id": ks_a, "outcome": "VALID", "n": 3},
            {"key_space_id": ks_b, "outcome": "", "n": 1},
            {"key_space_id": ks_b, "outcome": "VALID", "n": 1},
        ])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, outcome, count() AS n FROM key_verifications_v1 GROUP BY ks, outcome WITH CUBE HAVING n > 1 ORDER BY n DESC, ks, outcome LIMIT 3"),
        json!([
            {"ks": "", "outcome": "", "n": 4},
            {"ks": "", "outcome": "VALID", "n": 4},
            {"ks": ks_a, "outcome": "", "n": 3},
        ])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id, outcome, count() AS n FROM key_verifications_v1 GROUP BY GROUPING SETS ((key_space_id, outcome), (outcome), ()) ORDER BY n DESC, key_space_id, outcome"),
        json!([
            {"key_space_id": "", "outcome": "", "n": 4},
            {"key_space_id": "", "outcome": "VALID", "n": 4},
            {"key_space_id": ks_a, "outcome": "VALID", "n": 3},
            {"key_space_id": ks_b, "outcome": "VALID", "n": 1},
        ])
    );
    assert_eq!(
        run(&s, "SELECT toStartOfYear(fromUnixTimestamp64Milli(time)) AS y, count() AS n FROM key_verifications_v1 GROUP BY y WITH ROLLUP ORDER BY y")[0],
        json!({"y": "1970-01-01T00:00:00Z", "n": 4})
    );
}

/// Unaliased computed columns with `IN`, `CASE x WHEN`, `BETWEEN` beside other `AND`s are named
/// as ClickHouse 25.6 (upstream's image) names them: its parser (ExpressionListParsers.cpp)
/// makes `IN` `in`/`notIn` over a tuple literal `('a', 'b')` (one element in parentheses is
/// that element), `CASE x WHEN` `caseWithExpression` (with a `NULL` for a missing `ELSE`), and
/// a `BETWEEN` its own `and(greaterOrEquals, lessOrEquals)` operand of a surrounding `AND`
/// (an `AND` merges only its own operands); QueryAnalyzer's projection names write each
/// function over its arguments' names.
#[test]
fn get_verifications__names_of_in_case_and_between() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT outcome IN ('VALID', 'RATE_LIMITED'), outcome NOT IN ('X'), spent_credits IN (1, 4), CASE outcome WHEN 'VALID' THEN 1 ELSE 0 END, CASE spent_credits WHEN 1 THEN 'one' END, spent_credits > 0 AND spent_credits BETWEEN 1 AND 5 AND 1 = 1, spent_credits BETWEEN 5 AND 9 OR NOT spent_credits BETWEEN 2 AND 3 FROM key_verifications_v1 WHERE spent_credits = 4"),
        json!([{
            "in(outcome, ('VALID', 'RATE_LIMITED'))": 1,
            "notIn(outcome, 'X')": 1,
            "in(spent_credits, (1, 4))": 1,
            "caseWithExpression(outcome, 'VALID', 1, 0)": 1,
            "caseWithExpression(spent_credits, 1, 'one', NULL)": null,
            "and(greater(spent_credits, 0), and(greaterOrEquals(spent_credits, 1), lessOrEquals(spent_credits, 5)), equals(1, 1))": 1,
            "or(and(greaterOrEquals(spent_credits, 5), lessOrEquals(spent_credits, 9)), not(and(greaterOrEquals(spent_credits, 2), lessOrEquals(spent_credits, 3))))": 1
        }])
    );
}

/// Literals are named by their values as ClickHouse prints them (FieldVisitorToString: a float
/// in its shortest form with a trailing `.` when whole, a string quoted with `\'`, `true`,
/// `NULL`; a whole float's value is written `1`, as Go writes a `float64`), arrays `[…]` and tuples `(…)` by their elements (QueryAnalyzer's
/// calculateFunctionProjectionName for `array`/`tuple`), and subqueries `_subquery_N`, N
/// counting every subquery the analyzer resolves in its order: a `SELECT`'s `FROM` (a CTE
/// named there, and the subqueries in the sources) before its select list, an outer subquery
/// before the ones in it (QueryAnalyzer's `subquery_counter`, from 1). A `WITH <expression>
/// AS name` is named by its name (the analyzer names an identifier as written).
#[test]
fn get_verifications__names_of_literals_arrays_and_subqueries() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT 1.0, 1.50, 0.5, 100.0, -2.50, 2.25 * spent_credits, TRUE, NULL, 'it''s', [1, 2], ['a', 'b'], [spent_credits, 1], (spent_credits, 'x') = (4, 'x'), (SELECT count() FROM key_verifications_v1), (SELECT max(spent_credits) FROM key_verifications_v1) + 1, key_id IN (SELECT key_id FROM key_verifications_v1 WHERE spent_credits = 10) FROM key_verifications_v1 WHERE spent_credits = 4"),
        json!([{
            "1.": 1,
            "1.5": 1.5,
            "0.5": 0.5,
            "100.": 100,
            "-2.5": -2.5,
            "multiply(2.25, spent_credits)": 9,
            "true": true,
            "NULL": null,
            "'it\\'s'": "it's",
            "[1, 2]": [1, 2],
            "['a', 'b']": ["a", "b"],
            "[spent_credits, 1]": [4, 1],
            "equals((spent_credits, 'x'), (4, 'x'))": 1,
            "_subquery_1": 4,
            "plus(_subquery_2, 1)": 11,
            "in(key_id, _subquery_3)": 1
        }])
    );
    // The FROM's subquery is 1 and the one in its WHERE 2, so the select list's is 3.
    assert_eq!(
        run(&s, "SELECT (SELECT 7), n FROM (SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits IN (SELECT spent_credits FROM key_verifications_v1 WHERE spent_credits > 1))"),
        json!([{"_subquery_3": 7, "n": 2}])
    );
    // A `WITH <expression> AS name` is named by its name where it is used.
    assert_eq!(
        run(&s, "WITH 5 AS five, five * 2 AS ten SELECT five + 1, ten, ten - five FROM key_verifications_v1 WHERE spent_credits = 4"),
        json!([{"plus(five, 1)": 6, "ten": 10, "minus(ten, five)": 5}])
    );
    // A CTE is resolved where a FROM names it.
    assert_eq!(
        run(&s, "WITH c AS (SELECT key_id FROM key_verifications_v1 WHERE spent_credits = 4) SELECT (SELECT 7), key_id IN (SELECT key_id FROM c) FROM c"),
        json!([{"_subquery_2": 7, "in(key_id, _subquery_3)": 1}])
    );
}

/// A number written from its point, `.5`: upstream's parser reads a `.` before an integer as
/// that float's literal (AfterShip's parseNumber, `TokenKindDot`; the audit's `apparse` writes
/// `.5` back), and ClickHouse's lexer reads it as a number, `0.5`, named so
/// (FieldVisitorToString); `- .25` is the literal `-0.25` (ParseCastExpression reads a `-`
/// before a number as its literal). After `)` it would be a tuple's element, `(1, 2).1`,
/// which is not read here.
#[test]
fn get_verifications__number_from_its_point() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT .5, spent_credits * .5, -.25, .5e1, toString(.5) FROM key_verifications_v1 WHERE spent_credits = 4"),
        json!([{"0.5": 0.5, "multiply(spent_credits, 0.5)": 2, "-0.25": -0.25, "5.": 5, "toString(0.5)": "0.5"}])
    );
    // (Upstream's parser takes `(1, 2).1` and writes it back, and ClickHouse's reads it as
    // `tupleElement`: not run here.)
    assert_eq!(
        refused(&s, "SELECT (1, 2).1 FROM key_verifications_v1").1,
        "unkey-local does not run a tuple's element written `.N` (the real server does); see the unkey-local README"
    );
}

/// ClickHouse's conditional operator `c ? a : b`: upstream's parser keeps it (AfterShip's
/// TernaryOperation, written back as `c ? a : b`, nested ones too without parentheses, the
/// audit's `apparse`) and ClickHouse's parser reads it as `if(c, a, b)`
/// (ExpressionListParsers.cpp operators_table: `?` StartIf at priority 2, below `OR`'s 3, `:`
/// the function `if` at 3), so the condition is all of the expression before `?` and an `OR`
/// in the true branch is its operand; its branches meet as `if`'s do (a number and a string:
/// NO_COMMON_TYPE, "Invalid analytics query"). An operator of priority 3 or less after the
/// false branch (`OR`, another `?`, a `:`) pops the `:` into `if` in tryParseOperator and
/// leaves the `?` (or pops it as a call of no name), and mergeElement fails on it: ClickHouse's
/// SYNTAX_ERROR, "Invalid SQL syntax" through WrapClickHouseError (ClickHouse refusing
/// `x ? y ? 1 : 2 : 3`: sqlglot#1603). The same loop is in the 23.x and current sources.
#[test]
fn get_verifications__ternary_operator_is_if() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT spent_credits > 1 ? 'a' : 'b', spent_credits > 4 OR spent_credits = 1 ? 1 : 0, (spent_credits = 4 ? 1 : 0) OR spent_credits = 1, (spent_credits = 4 ? 2 : 0) + 1, spent_credits = 4 ? spent_credits = 1 OR 1 : 0 AND 1 FROM key_verifications_v1 WHERE spent_credits = 4"),
        json!([{
            "if(greater(spent_credits, 1), 'a', 'b')": "a",
            "if(or(greater(spent_credits, 4), equals(spent_credits, 1)), 1, 0)": 0,
            "or(if(equals(spent_credits, 4), 1, 0), equals(spent_credits, 1))": 1,
            "plus(if(equals(spent_credits, 4), 2, 0), 1)": 3,
            "if(equals(spent_credits, 4), or(equals(spent_credits, 1), 1), and(0, 1))": 1
        }])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits > 1 ? 'big' : 'small' AS size, count() AS n FROM key_verifications_v1 WHERE spent_credits > 0 ? 1 : 0 GROUP BY size ORDER BY size"),
        json!([{"size": "big", "n": 2}, {"size": "small", "n": 1}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits = 4 ? 1 : (spent_credits = 1 ? 2 : 3) AS a, spent_credits = 1 ? (spent_credits = 4 ? 5 : 6) : 7 AS b FROM key_verifications_v1 WHERE spent_credits = 4"),
        json!([{"a": 1, "b": 7}])
    );
    assert_eq!(
        refused(
            &s,
            "SELECT spent_credits ? 1 : 'x' FROM key_verifications_v1"
        ),
        (
            "invalid_analytics_query".into(),
            "Invalid analytics query".into()
        )
    );
    for query in [
        "SELECT spent_credits = 4 ? 1 : spent_credits = 1 ? 2 : 3 FROM key_verifications_v1",
        "SELECT spent_credits = 4 ? spent_credits = 1 ? 2 : 3 : 1 FROM key_verifications_v1",
        "SELECT spent_credits = 4 ? 1 : 0 OR spent_credits = 1 FROM key_verifications_v1",
        "SELECT count() FROM key_verifications_v1 WHERE spent_credits = 4 ? 1 : 0 AND 1 OR 1",
    ] {
        assert_eq!(
            refused(&s, query),
            (
                "invalid_analytics_query".into(),
                "Invalid SQL syntax".into()
            ),
            "{query}"
        );
    }
}

/// `count(DISTINCT a, b)`: ClickHouse's parser makes it `countDistinct(a, b)` (FunctionLayer
/// appends `Distinct` to the name as written) and its analyzer runs it as
/// count_distinct_implementation, `uniqExact` of the pairs
/// (QueryAnalyzer::rewriteAggregateFunctionNameIfNeeded), named as written: FunctionNameNormalizer
/// spells a name canonically only where the whole of it is registered without case (`COUNT(*)`
/// is `count()`), which no `…Distinct` is, so `COUNT(DISTINCT x)` is `COUNTDistinct(x)`.
#[test]
fn get_verifications__count_distinct_of_several_arguments() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT count(DISTINCT key_id, spent_credits > 1), uniqExact(key_id, spent_credits > 1), COUNT(DISTINCT key_id), Count(DISTINCT outcome) FROM key_verifications_v1"),
        json!([{
            "countDistinct(key_id, greater(spent_credits, 1))": 3,
            "uniqExact(key_id, greater(spent_credits, 1))": 3,
            "COUNTDistinct(key_id)": 2,
            "CountDistinct(outcome)": 1
        }])
    );
    assert_eq!(
        run(&s, "SELECT count(DISTINCT key_id, spent_credits) OVER () AS n FROM key_verifications_v1 LIMIT 1"),
        json!([{"n": 4}])
    );
}

/// Unary signs. ClickHouse's parser ignores every `+` where an operand is expected
/// (ExpressionListParsers.cpp tryParseOperand, "ignore all leading plus"; its unary operators
/// are only `NOT` and `-`), so `+1` is the literal `1` and `+spent_credits` the column, named
/// so; a `-` it meets after one is `negate`, not a negative literal (ParseCastExpression reads
/// `-` then a number only), so `+-1` and `-+1` are `negate(1)`. Upstream's parser (AfterShip's
/// parseUnaryExpr, the audit's `apparse`) takes one sign or `NOT` before an operand and a sign
/// against digits as the number's: `+ +x`, `- -x`, `NOT -1` and `NOT NOT 1` are its syntax
/// errors.
#[test]
fn get_verifications__unary_signs() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT +1, +spent_credits, +-1, 1 + +2, spent_credits - +1, - -1, +'a' FROM key_verifications_v1 WHERE +spent_credits = 4"),
        json!([{
            "1": 1,
            "spent_credits": 4,
            "negate(1)": -1,
            "plus(1, 2)": 3,
            "minus(spent_credits, 1)": 3,
            "negate(-1)": 1,
            "'a'": "a"
        }])
    );
    assert_eq!(
        run(
            &s,
            "SELECT -+2 AS n FROM key_verifications_v1 WHERE spent_credits = 4"
        ),
        json!([{"n": -2}])
    );
    for query in [
        "SELECT + + spent_credits FROM key_verifications_v1",
        "SELECT - - spent_credits FROM key_verifications_v1",
        "SELECT NOT -1 FROM key_verifications_v1",
        "SELECT count() FROM key_verifications_v1 WHERE NOT NOT spent_credits = 1",
    ] {
        assert_eq!(refused(&s, query), syntax_error(query), "{query}");
    }
}

/// Floats as ClickHouse reads and Go writes them: a literal is its nearest double
/// (ParserNumber's `strtod`; `1.5e300` is 1.5e300, where SQLite's own reading is a unit off),
/// also in `toString` (`1.5e300`); a negative zero stays one (`-0.0`, `0 * -1.5`) and Go's
/// encoder writes it `-0` (the same JSON number as `-0.0`), `toString` `-0` (ClickHouse's
/// writeFloatText).
#[test]
fn get_verifications__float_literals_and_negative_zero() {
    let (s, _, _) = recorded();
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT 1.5e300 AS a, toString(1.5e300) AS b, -1.5e300 * 2 AS c, 123456789.123456789 AS d, -0.0 AS z, 0 * -1.5 AS m, toString(-0.0) AS t FROM key_verifications_v1 WHERE spent_credits = 4"}),
    );
    assert_eq!(r.status, 200);
    // (The body's text: this client's JSON reader may round a float's last digit.)
    let body = String::from_utf8_lossy(&r.body);
    for text in [
        r#""a":1.5e+300"#,
        r#""c":-3e+300"#,
        r#""d":123456789.12345679"#,
    ] {
        assert!(body.contains(text), "{text} in {body}");
    }
    let row = &r.json()["data"][0];
    assert_eq!(row["b"], json!("1.5e300"));
    for z in ["z", "m"] {
        let v = row[z].as_f64().unwrap();
        assert!(v == 0.0 && v.is_sign_negative(), "{z}: {v}");
    }
    assert_eq!(row["t"], json!("-0"));
}

/// The unit after `INTERVAL n`: upstream's parser takes only MILLISECOND, SECOND, MINUTE,
/// HOUR, DAY, WEEK, MONTH, QUARTER and YEAR, in any case (clickhouse-sql-parser v0.4.18
/// parser/type.go `intervalUnits`, parser_column.go parseInterval "unknown interval type"; the
/// audit's `apparse`), so a plural (`INTERVAL 7 DAYS`, as Postgres writes it) or
/// `NANOSECOND` is its 400 "Invalid SQL syntax" wherever the interval is, even inside a
/// function it does not allow; `1 week` and `1 Day` are run.
#[test]
fn get_verifications__interval_units_as_upstream_parses_them() {
    let (s, _, _) = recorded();
    for unit in [
        "DAYS",
        "HOURS",
        "MINUTES",
        "SECONDS",
        "WEEKS",
        "MONTHS",
        "YEARS",
        "days",
        "NANOSECOND",
        "MICROSECOND",
    ] {
        for query in [
            format!("SELECT count() AS n FROM key_verifications_v1 WHERE time > now() - INTERVAL 7 {unit}"),
            format!("SELECT now() - INTERVAL '1' {unit} AS t FROM key_verifications_v1"),
            format!("SELECT now() + INTERVAL -1 {unit} AS t FROM key_verifications_v1"),
            format!("SELECT now() + INTERVAL (2) {unit} AS t FROM key_verifications_v1"),
            format!("SELECT toStartOfInterval(time, INTERVAL 1 {unit}) AS t FROM key_verifications_v1"),
        ] {
            assert_eq!(
                refused(&s, &query),
                syntax_error(&query),
                "{query}"
            );
        }
    }
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE fromUnixTimestamp64Milli(time) > now() - INTERVAL 1 week AND fromUnixTimestamp64Milli(time) > now() - INTERVAL 1 Day"),
        json!([{"n": 4}])
    );
}

/// `INTERVAL '1' DAY`: upstream's parser keeps an interval of a string (the audit's `apparse`;
/// `INTERVAL '1 day'`, without a unit after it, is its syntax error) and ClickHouse's reads it
/// as `toIntervalDay('1')` (ExpressionListParsers.cpp IntervalLayer: a string that is one
/// number is read again as the expression before the unit), named so. A string that is no
/// number, or a number and more than interval kinds (`'1:30'`), is ClickHouse's syntax error;
/// `toIntervalDay` of a string (so the string of one number) converts it as ClickHouse's text
/// parsing of the interval's `Int64` does (FunctionsConversion.cpp ConvertThroughParsing:
/// readIntText of the whole text, else CANNOT_PARSE_TEXT "Cannot parse string '1.5' as
/// IntervalDay", upstream's "Invalid SQL syntax"; `''` ATTEMPT_TO_READ_AFTER_EOF, "Invalid
/// analytics query"). These were answered as SQLite reads text as a number (`'1.5'` a day
/// and a half, `'abc'` none), then not run. A string of a number and kinds before a unit
/// (`INTERVAL '1 day' DAY`, ClickHouse's intervals, then a word) is not run but ending a
/// select-list item (see get_verifications__interval_of_a_string_of_a_kind_named_by_its_unit;
/// get_verifications__interval_of_a_signed_or_wrapping_string for a sign and 64 bits).
#[test]
fn get_verifications__interval_of_a_string() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE fromUnixTimestamp64Milli(time) > now() - INTERVAL '1' DAY AND fromUnixTimestamp64Milli(time) <= now() + INTERVAL '-1' SECOND + INTERVAL 1 HOUR"),
        json!([{"n": 4}])
    );
    let row = &run(&s, "SELECT now() - INTERVAL '3' HOUR, now() - INTERVAL 3 HOUR AS same FROM key_verifications_v1 LIMIT 1")[0];
    assert_eq!(row["minus(now(), toIntervalHour('3'))"], row["same"]);
    for query in [
        "SELECT now() - INTERVAL '1 day' FROM key_verifications_v1",
        "SELECT now() - INTERVAL 'abc' DAY FROM key_verifications_v1",
        "SELECT now() - INTERVAL '1.5' DAY FROM key_verifications_v1",
        "SELECT now() - INTERVAL '1:30' HOUR FROM key_verifications_v1",
        "SELECT now() - INTERVAL ' 2' HOUR FROM key_verifications_v1",
        "SELECT now() - toIntervalDay('1.5') FROM key_verifications_v1",
        "SELECT now() - toIntervalHour('abc') FROM key_verifications_v1",
        "SELECT now() - toIntervalHour('2 ') FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query),
            syntax_error_or_clickhouse(query),
            "{query}"
        );
    }
    assert_invalid(
        &s,
        "SELECT now() - toIntervalHour('') FROM key_verifications_v1",
    );
    for query in [
        "SELECT count() AS n FROM key_verifications_v1 WHERE fromUnixTimestamp64Milli(time) > now() - INTERVAL '1 day' DAY",
        "SELECT now() - INTERVAL '1day' DAY FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query).1,
            "unkey-local does not run INTERVAL of a string of a number followed by interval kinds or letters (the real server does); see the unkey-local README",
            "{query}"
        );
    }
}

/// `INTERVAL 'n kind' UNIT` ending a whole select-list item: ClickHouse 25.6's parser reads the
/// string's number and interval kind as the interval (ExpressionListParsers.cpp IntervalLayer,
/// "case: INTERVAL '1 HOUR'", then `finished`, as its test
/// 01523_interval_operator_support_string_literal reads `INTERVAL '1 day'`), and the
/// expression ends there, its ExpressionLayer taking no alias (`Layer(false, false)`), so the
/// select list's ParserWithOptionalAlias reads `UNIT` as the item's alias without `AS`: the
/// column is named `UNIT` as written, whatever kind the string names. Upstream's parser takes
/// `INTERVAL 'n kind' UNIT` as one interval and writes it back so. Answered for one `SELECT`
/// where the word is written once (an alias is not read further here), a number of digits and
/// a kind's singular name; elsewhere (a `WHERE`, where ClickHouse's parser stops before the
/// word; `CASE` and `CAST`, whose layers take an alias without `AS`) still not run. Before,
/// every such interval was refused as not run.
#[test]
fn get_verifications__interval_of_a_string_of_a_kind_named_by_its_unit() {
    let (s, _, _) = recorded();
    let row = &run(&s, "SELECT now() - INTERVAL '1 day' DAY, now() - toIntervalDay(1) AS same FROM key_verifications_v1 LIMIT 1")[0];
    assert_eq!(row["DAY"], row["same"]);
    // (The word after the string names the column; the string's kind moves the time.)
    let row = &run(&s, "SELECT toDateTime('2026-01-01 00:00:00') + INTERVAL ' 2  Hour ' day, toDateTime('2026-01-01 00:00:00') - INTERVAL '3 minute' Week FROM key_verifications_v1 LIMIT 1")[0];
    assert_eq!(
        *row,
        json!({"day": "2026-01-01T02:00:00Z", "Week": "2025-12-31T23:57:00Z"})
    );
    assert_eq!(
        run(&s, "SELECT count() AS n, max(fromUnixTimestamp64Milli(time)) > now() - INTERVAL '1 year' YEAR FROM key_verifications_v1"),
        json!([{"n": 4, "YEAR": 1}])
    );
    for query in [
        // (A plural or short name, a sign, two kinds, a leading zero: not followed.)
        "SELECT now() - INTERVAL '1 days' DAY FROM key_verifications_v1",
        "SELECT now() - INTERVAL '1 d' DAY FROM key_verifications_v1",
        "SELECT now() - INTERVAL '-1 day' DAY FROM key_verifications_v1",
        "SELECT now() - INTERVAL '1 day 1 hour' DAY FROM key_verifications_v1",
        "SELECT now() - INTERVAL '01 day' DAY FROM key_verifications_v1",
        // (Not a whole item, or the word written again, or more than one `SELECT`.)
        "SELECT toString(now() - INTERVAL '1 day' DAY) FROM key_verifications_v1",
        "SELECT now() - INTERVAL '1 day' DAY + 1 FROM key_verifications_v1",
        "SELECT now() - INTERVAL '1 day' DAY FROM key_verifications_v1 ORDER BY DAY",
        "SELECT now() - INTERVAL '1 day' DAY, now() - INTERVAL 1 DAY AS b FROM key_verifications_v1",
        "SELECT x FROM (SELECT now() - INTERVAL '1 day' DAY AS x FROM key_verifications_v1)",
        "SELECT count() FROM key_verifications_v1 WHERE fromUnixTimestamp64Milli(time) > now() - INTERVAL '1 day' DAY",
    ] {
        let (_, detail) = refused(&s, query);
        assert!(
            detail.starts_with("unkey-local does not run"),
            "{query}: {detail}"
        );
    }
}

/// `INTERVAL 'n' UNIT` and `toIntervalUnit('n')` of a string with a sign or past 64 bits, as
/// ClickHouse 25.6 reads them. Its parser's IntervalLayer reads the string's tokens with
/// ParserNumber, which skips a leading `+` ("Leading plus is simply ignored") and fails on a
/// number longer than 319 characters or past `Float64`'s range (strtod's ERANGE), its syntax
/// error; a string that is one number is then converted as `toIntervalUnit('n')` is, by
/// readIntText of the whole text (ReadHelpers.h readIntTextImpl, its overflow unchecked: one
/// sign, digits gathered in a `UInt64` that wraps round 2^64, then negated for a `-`), so
/// `'+5'` is 5, `'18446744073709551621'` 5 and `'9223372036854775808'` the least `Int64`. A
/// number with letters in it (`'1e3'`, `'0x10'`), or a second sign, stops readIntText before
/// the end, "Cannot parse …", upstream's "Invalid SQL syntax". Before, each was refused as not
/// run.
#[test]
fn get_verifications__interval_of_a_signed_or_wrapping_string() {
    let (s, _, _) = recorded();
    let row = &run(&s, "SELECT now() - INTERVAL '+3' HOUR, now() - INTERVAL 3 HOUR AS same FROM key_verifications_v1 LIMIT 1")[0];
    assert_eq!(row["minus(now(), toIntervalHour('+3'))"], row["same"]);
    // (Past 319 characters the call converts what the parser's INTERVAL does not read.)
    let zeros = "0".repeat(320);
    let fewer = "0".repeat(300);
    assert_eq!(
        run(&s, &format!("SELECT toString(toIntervalDay('+5')) AS a, toString(INTERVAL '18446744073709551621' DAY) AS b, toString(toIntervalDay('9223372036854775808')) AS c, toString(toIntervalSecond('-18446744073709551615')) AS d, toString(toIntervalDay('{zeros}7')) AS e, toString(INTERVAL '-{fewer}' MINUTE) AS f FROM key_verifications_v1 LIMIT 1")),
        json!([{"a": "5", "b": "5", "c": "-9223372036854775808", "d": "1", "e": "7", "f": "0"}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE fromUnixTimestamp64Milli(time) > now() - INTERVAL '+1' DAY AND fromUnixTimestamp64Milli(time) > now() - toIntervalWeek('+1')"),
        json!([{"n": 4}])
    );
    assert_eq!(
        run(&s, "SELECT toDate('2030-01-31') + INTERVAL '+1' MONTH AS a, toDate('2030-01-31') - toIntervalYear('18446744073709551617') AS b FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": "2030-02-28T00:00:00Z", "b": "2029-01-31T00:00:00Z"}])
    );
    // A time moved past what SQLite's integers hold (ms of a count that wrapped to a large
    // one, or written so) is a float there, where ClickHouse wraps its arithmetic: not run,
    // answered or read further (compared, converted, a key: `ch_moved`), and so a time moved
    // by months past the year 9999 (`ch_add_months`). Before, the float was answered, and
    // read further it was compared as a float, the months held at a million years.
    for query in [
        "SELECT now() - INTERVAL '9223372036854775808' DAY AS a FROM key_verifications_v1",
        "SELECT now() - INTERVAL 9223372036854775807 DAY AS a FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE fromUnixTimestamp64Milli(time) > now() - INTERVAL 9223372036854775807 DAY",
        "SELECT toString(now() + toIntervalHour(9223372036854775807)) AS a FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 GROUP BY fromUnixTimestamp64Milli(time) + INTERVAL 9223372036854775807 SECOND",
        "SELECT toDate(now() + INTERVAL 9223372036854775807 MONTH) AS a FROM key_verifications_v1",
        "SELECT now() + INTERVAL 8000 YEAR > now() AS a FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query).1,
            "unkey-local does not run a time moved by an interval whose milliseconds or months pass 64 bits, or by months past the year 9999 (the real server does); see the unkey-local README",
            "{query}"
        );
    }
    // (Where no row reaches the move, nothing is read.)
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE outcome = 'NONE' AND fromUnixTimestamp64Milli(time) + INTERVAL 9223372036854775807 DAY > now()"),
        json!([{"n": 0}])
    );
    for query in [
        format!("SELECT now() - INTERVAL '{zeros}7' DAY FROM key_verifications_v1"),
        format!(
            "SELECT now() - INTERVAL '1{}' DAY FROM key_verifications_v1",
            "0".repeat(309)
        ),
        "SELECT now() - INTERVAL '1e3' DAY FROM key_verifications_v1".into(),
        "SELECT now() - INTERVAL '-1.5E+2' DAY FROM key_verifications_v1".into(),
        "SELECT now() - INTERVAL '0x10' DAY FROM key_verifications_v1".into(),
        "SELECT now() - INTERVAL '+-1' DAY FROM key_verifications_v1".into(),
        "SELECT now() - INTERVAL '+' DAY FROM key_verifications_v1".into(),
        "SELECT now() - toIntervalDay('1e3') FROM key_verifications_v1".into(),
        "SELECT now() - toIntervalDay('--1') FROM key_verifications_v1".into(),
        "SELECT now() - toIntervalDay('+') FROM key_verifications_v1".into(),
    ] {
        assert_eq!(
            refused(&s, &query),
            syntax_error_or_clickhouse(&query),
            "{query}"
        );
    }
}

/// A lambda is named `lambda(tuple(x), body)` (QueryAnalyzer names a lambda argument so) and a
/// window function `f(…) OVER (PARTITION BY … ORDER BY … ASC …)` (calculateWindowProjectionName:
/// each `ORDER BY` item with its direction, a frame when one is written); calls are spelled as
/// ClickHouse rewrites them (`trim` is its parser's `trimBoth`, `date_trunc` the function
/// `dateTrunc` it is an alias of, `count(DISTINCT x)` `countDistinct(x)`). A `*`
/// over such columns answers them under those names.
#[test]
fn get_verifications__names_of_lambdas_windows_and_rewritten_calls() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT * FROM (SELECT spent_credits AS c, arrayFilter(x -> x != 't1', tags), count() OVER (PARTITION BY key_id), count() OVER (PARTITION BY key_id ORDER BY spent_credits DESC), sum(spent_credits) OVER (ORDER BY spent_credits ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), count() OVER () FROM key_verifications_v1) WHERE c = 4"),
        json!([{
            "c": 4,
            "arrayFilter(lambda(tuple(x), notEquals(x, 't1')), tags)": ["t2"],
            "count() OVER (PARTITION BY key_id)": 3,
            "count() OVER (PARTITION BY key_id ORDER BY spent_credits DESC)": 2,
            "sum(spent_credits) OVER (ORDER BY spent_credits ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)": 5,
            "count() OVER ()": 4
        }])
    );
    assert_eq!(
        run(&s, "SELECT trim(outcome), substring(outcome, 1, 2), date_trunc('year', fromUnixTimestamp64Milli(0)), count(DISTINCT key_id), concat(outcome, '!') FROM key_verifications_v1 WHERE spent_credits = 4 GROUP BY outcome"),
        json!([{
            "trimBoth(outcome)": "VALID",
            "substring(outcome, 1, 2)": "VA",
            "dateTrunc('year', fromUnixTimestamp64Milli(0))": "1970-01-01T00:00:00Z",
            "countDistinct(key_id)": 1,
            "concat(outcome, '!')": "VALID!"
        }])
    );
}

/// An outer join's unmatched columns of a window function, `if`, `arrayJoin` of numbers, `IN`,
/// a float literal and `concat` take their types' defaults (0, 0, 0, 0, 0, ''), also through `*`
/// under ClickHouse's names; an `if` with a `NULL` branch is `Nullable` and stays `NULL`.
#[test]
fn get_verifications__outer_join_defaults_of_computed_columns() {
    let (s, ks_a, ks_b) = recorded();
    let only_a = format!("(SELECT key_id, count() OVER (PARTITION BY key_id) AS w, if(1 = 1, spent_credits, 0) AS i, if(1 = 1, NULL, spent_credits) AS n, arrayJoin([1, 2]) AS j, spent_credits IN (1, 4) AS t, 1.5 AS f, concat(outcome, '!') AS o FROM key_verifications_v1 WHERE key_space_id = '{ks_a}')");
    assert_eq!(
        run(&s, &format!("SELECT b.w, b.i, b.n, b.j, b.t, b.f, b.o FROM key_verifications_v1 a LEFT JOIN {only_a} b ON a.key_id = b.key_id WHERE a.key_space_id = '{ks_b}'")),
        json!([{"w": 0, "i": 0, "n": null, "j": 0, "t": 0, "f": 0, "o": ""}])
    );
    assert_eq!(
        run(&s, &format!("SELECT b.* FROM key_verifications_v1 a LEFT JOIN (SELECT key_id, count() OVER (PARTITION BY key_id), spent_credits IN (1, 4), 1.5, concat(outcome, '!') FROM key_verifications_v1 WHERE key_space_id = '{ks_a}') b ON a.key_id = b.key_id WHERE a.key_space_id = '{ks_b}'")),
        json!([{
            "key_id": "",
            "count() OVER (PARTITION BY key_id)": 0,
            "in(spent_credits, (1, 4))": 0,
            "1.5": 0,
            "concat(outcome, '!')": ""
        }])
    );
}

/// An unaliased qualified column is named without its qualifier unless the bare name would
/// mean something else in its `SELECT` (ClickHouse's IdentifierResolver drops a qualifier only
/// while the rest binds to the same column): another source's column or a select-list alias
/// keeps `a.key_space_id`; inside a call too.
#[test]
fn get_verifications__names_of_qualified_columns() {
    let (s, ks_a, _) = recorded();
    assert_eq!(
        run(&s, &format!("SELECT v.key_space_id, count(v.key_id), v.outcome, 'x' AS outcome FROM key_verifications_v1 v WHERE v.key_space_id = '{ks_a}' GROUP BY v.key_space_id, v.outcome")),
        json!([{"key_space_id": ks_a, "count(key_id)": 3, "v.outcome": "VALID", "outcome": "x"}])
    );
    assert_eq!(
        run(&s, "SELECT a.key_id = b.k, a.key_space_id, b.n FROM key_verifications_v1 a LEFT JOIN (SELECT key_id AS k, key_space_id, count() AS n FROM key_verifications_v1 GROUP BY key_id, key_space_id) b ON a.key_id = b.k WHERE a.spent_credits = 4"),
        json!([{"equals(key_id, k)": 1, "a.key_space_id": ks_a, "n": 3}])
    );
}

/// Every aggregate is a window function in ClickHouse ("all aggregate functions are
/// supported" over a frame, clickhouse.com/docs window-functions), with the default frame
/// `RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW` when the window has an `ORDER BY`
/// (rows equal on it are in each other's frame) and the whole partition without: `quantile`,
/// `sumIf`, `groupArray`, `groupUniqArray`, `uniq` and `uniqExact` too, over sliding `ROWS`
/// frames as well. Credits spent: key A 1, 4 and 10, key B 0.
#[test]
fn get_verifications__aggregates_as_window_functions() {
    let (s, ks_a, _) = recorded();
    let a = format!("key_space_id = '{ks_a}'");
    assert_eq!(
        run(&s, &format!("SELECT spent_credits AS c, quantile(0.5)(spent_credits) OVER (PARTITION BY {a} ORDER BY spent_credits) AS q, sumIf(spent_credits, spent_credits > 1) OVER (PARTITION BY {a} ORDER BY spent_credits) AS s, groupArray(spent_credits) OVER (PARTITION BY {a} ORDER BY spent_credits) AS g, uniq(outcome) OVER (PARTITION BY {a}) AS u, uniqExact(key_id, outcome) OVER () AS ue FROM key_verifications_v1 ORDER BY c")),
        json!([
            {"c": 0, "q": 0, "s": 0, "g": [0], "u": 1, "ue": 2},
            {"c": 1, "q": 1, "s": 0, "g": [1], "u": 1, "ue": 2},
            {"c": 4, "q": 2.5, "s": 4, "g": [1, 4], "u": 1, "ue": 2},
            {"c": 10, "q": 4, "s": 14, "g": [1, 4, 10], "u": 1, "ue": 2},
        ])
    );
    // Rows equal on the window's ORDER BY share a frame: the median of all four for key A's.
    assert_eq!(
        run(&s, &format!("SELECT spent_credits AS c, quantile(spent_credits) OVER (ORDER BY {a}) AS q, uniq(key_id) OVER (ORDER BY {a}) AS u FROM key_verifications_v1 ORDER BY c")),
        json!([
            {"c": 0, "q": 0, "u": 1},
            {"c": 1, "q": 2.5, "u": 2},
            {"c": 4, "q": 2.5, "u": 2},
            {"c": 10, "q": 2.5, "u": 2},
        ])
    );
    // A sliding frame: each row and the one before it (rows leave the frame again).
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, quantile(spent_credits) OVER (ORDER BY spent_credits ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS q, sumIf(spent_credits, 1) OVER (ORDER BY spent_credits ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s, groupArray(spent_credits) OVER (ORDER BY spent_credits ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS g, groupUniqArray(key_id != '') OVER (ORDER BY spent_credits ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS gu, uniq(spent_credits > 2) OVER (ORDER BY spent_credits ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS u FROM key_verifications_v1 ORDER BY c"),
        json!([
            {"c": 0, "q": 0, "s": 0, "g": [0], "gu": [1], "u": 1},
            {"c": 1, "q": 0.5, "s": 1, "g": [0, 1], "gu": [1], "u": 1},
            {"c": 4, "q": 2.5, "s": 5, "g": [1, 4], "gu": [1], "u": 2},
            {"c": 10, "q": 7, "s": 14, "g": [4, 10], "gu": [1], "u": 1},
        ])
    );
    // A frame with no rows: ClickHouse's values over no rows (`quantile`'s NaN is `null`
    // through upstream's handler).
    assert_eq!(
        run(&s, "SELECT quantile(spent_credits) OVER (ORDER BY spent_credits ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING) AS q, sumIf(spent_credits, 1) OVER (ORDER BY spent_credits ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING) AS s, groupArray(spent_credits) OVER (ORDER BY spent_credits ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING) AS g, uniq(spent_credits) OVER (ORDER BY spent_credits ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING) AS u FROM key_verifications_v1 LIMIT 1"),
        json!([{"q": null, "s": 0, "g": [], "u": 0}])
    );
}

/// Over a window's empty frame (`ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING` at the first row)
/// `sum`, `min`, `max` and `any` answer their type's default as over no rows: 0, '' of a
/// `String`, the epoch of a `Date` (of `quantile` too, whose result type is its argument's
/// for a time; WindowTransform.cpp inserts the aggregate's result over
/// the rows the frame holds; ClickHouse's docs' youtube-dislikes example subtracts
/// `any(x) OVER (ORDER BY month ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING)` so, the day-over-day
/// delta upstream's allowed functions leave, `lagInFrame` not being one), and NULL of a
/// `Nullable` argument (AggregateFunctionNull.h: no value that is not NULL is NULL).
/// Credits spent: key A 1, 4 and 10, key B 0.
#[test]
fn get_verifications__window_aggregates_over_an_empty_frame() {
    let (s, _, _) = recorded();
    let f = "ORDER BY spent_credits ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING";
    assert_eq!(
        run(&s, &format!("SELECT spent_credits AS c, c - any(c) OVER ({f}) AS delta, sum(c) OVER ({f}) AS s, min(toString(c)) OVER ({f}) AS m, max(toDate('2026-01-02')) OVER ({f}) AS d, quantile(toDate('2026-01-02')) OVER ({f}) AS q, any(if(c > 0, c, NULL)) OVER ({f}) AS n, count() OVER ({f}) AS k FROM key_verifications_v1 ORDER BY c")),
        json!([
            {"c": 0, "delta": 0, "s": 0, "m": "", "d": "1970-01-01T00:00:00Z", "q": "1970-01-01T00:00:00Z", "n": null, "k": 0},
            {"c": 1, "delta": 1, "s": 0, "m": "0", "d": "2026-01-02T00:00:00Z", "q": "2026-01-02T00:00:00Z", "n": null, "k": 1},
            {"c": 4, "delta": 3, "s": 1, "m": "1", "d": "2026-01-02T00:00:00Z", "q": "2026-01-02T00:00:00Z", "n": 1, "k": 1},
            {"c": 10, "delta": 6, "s": 4, "m": "4", "d": "2026-01-02T00:00:00Z", "q": "2026-01-02T00:00:00Z", "n": 4, "k": 1},
        ])
    );
    // A `CAST` to a `Nullable` type is one (CAST to Nullable(T) is of that type): NULL over
    // the empty frame, and over no rows without a window.
    assert_eq!(
        run(&s, &format!("SELECT sum(CAST(spent_credits AS Nullable(Int64))) OVER ({f}) AS n, any(CAST(spent_credits, 'Nullable(Int64)')) OVER ({f}) AS m FROM key_verifications_v1 ORDER BY spent_credits LIMIT 2")),
        json!([{"n": null, "m": null}, {"n": 0, "m": 0}])
    );
    assert_eq!(
        run(&s, "SELECT sum(CAST(spent_credits AS Nullable(Int64))) AS n, max(CAST(key_id AS Nullable(String))) AS m FROM key_verifications_v1 WHERE spent_credits > 100"),
        json!([{"n": null, "m": null}])
    );
    // Through a named window, and over a subquery's day totals (the delta's usual shape).
    assert_eq!(
        run(&s, &format!("SELECT spent_credits, sum(spent_credits) OVER w AS s FROM (SELECT spent_credits FROM key_verifications_v1) WINDOW w AS ({f}) ORDER BY spent_credits")),
        json!([
            {"spent_credits": 0, "s": 0},
            {"spent_credits": 1, "s": 0},
            {"spent_credits": 4, "s": 1},
            {"spent_credits": 10, "s": 4},
        ])
    );
    assert_eq!(
        run(&s, "SELECT c, c - any(c) OVER (ORDER BY day ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING) AS delta FROM (SELECT toDate(time) AS day, sum(count) AS c FROM key_verifications_per_day_v1 GROUP BY day) ORDER BY day"),
        json!([{"c": 4, "delta": 4}])
    );
    // Over a grouped `SELECT`'s own aggregates (key A's 3 verifications, key B's 1).
    assert_eq!(
        run(&s, "SELECT count() AS n, n - any(n) OVER (ORDER BY n ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING) AS delta, sum(count()) OVER (ORDER BY n ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING) AS p FROM key_verifications_v1 GROUP BY key_space_id ORDER BY n"),
        json!([{"n": 1, "delta": 1, "p": 0}, {"n": 3, "delta": 2, "p": 1}])
    );
}

/// A `RANGE` frame's offsets over a `Date` key count days, over a `DateTime` key seconds:
/// ClickHouse 25.6's WindowTransform.cpp converts an offset to the key's type
/// (setupRangeOffsetComparison, convertFieldToTypeOrThrow) and adds it to the key's physical
/// `UInt16`/`UInt32` (compareValuesWithOffset). A `DateTime64` key's `ColumnDecimal` is none
/// of the column types it dispatches on: NOT_IMPLEMENTED "The RANGE OFFSET frame for … ORDER
/// BY column is not implemented", upstream's "Invalid analytics query". An `INTERVAL` offset
/// is ClickHouse's analyzer's refusal (see [`get_verifications__frame_offsets_are_integers`]);
/// an integer past a `Date`'s `UInt16` counts its low 16 bits (convertFieldToType.cpp keeps a
/// `UInt64` as it is for a `Date`, "We don't need any conversion UInt64 is under type of Date
/// and DateTime", in the versions read before and after 25.6, and compareValuesWithOffset
/// casts it to the column's `ValueType`).
#[test]
fn get_verifications__range_frame_offsets_over_times() {
    let s = at_one_verification();
    let days = "SELECT toDate('2026-01-01') AS d UNION ALL SELECT toDate('2026-01-02') AS d UNION ALL SELECT toDate('2026-01-04') AS d UNION ALL SELECT toDate('2026-01-07') AS d";
    assert_eq!(
        run(&s, &format!("SELECT toString(d) AS day, count() OVER (ORDER BY d RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) AS p, count() OVER (ORDER BY d RANGE BETWEEN CURRENT ROW AND 1 FOLLOWING) AS f, count() OVER (ORDER BY d DESC RANGE 3 PRECEDING) AS r FROM ({days}) ORDER BY d")),
        json!([
            {"day": "2026-01-01", "p": 1, "f": 2, "r": 3},
            {"day": "2026-01-02", "p": 2, "f": 1, "r": 2},
            {"day": "2026-01-04", "p": 2, "f": 1, "r": 2},
            {"day": "2026-01-07", "p": 1, "f": 1, "r": 1},
        ])
    );
    assert_eq!(
        run(&s, &format!("SELECT count() OVER w AS p FROM ({days}) WINDOW w AS (ORDER BY d RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) ORDER BY d")),
        json!([{"p": 1}, {"p": 2}, {"p": 2}, {"p": 1}])
    );
    let seconds = "SELECT toDateTime('2026-01-01 00:00:00') AS t UNION ALL SELECT toDateTime('2026-01-01 00:00:01') AS t UNION ALL SELECT toDateTime('2026-01-01 00:00:03') AS t UNION ALL SELECT toDateTime('2026-01-01 00:00:10') AS t";
    assert_eq!(
        run(&s, &format!("SELECT count() OVER (ORDER BY t RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) AS p FROM ({seconds}) ORDER BY t")),
        json!([{"p": 1}, {"p": 2}, {"p": 2}, {"p": 1}])
    );
    assert_invalid(
        &s,
        "SELECT count() OVER (ORDER BY t RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM (SELECT toDateTime64('2026-01-01 00:00:00', 3) AS t)",
    );
    assert_invalid(
        &s,
        &format!("SELECT count() OVER (ORDER BY d RANGE BETWEEN INTERVAL 1 DAY PRECEDING AND CURRENT ROW) FROM ({days})"),
    );
    // Past a `Date`'s `UInt16`, its low 16 bits: 65537 days are 1.
    assert_eq!(
        run(&s, &format!("SELECT count() OVER (ORDER BY d RANGE BETWEEN 65537 PRECEDING AND CURRENT ROW) AS p FROM ({days}) ORDER BY d")),
        json!([{"p": 1}, {"p": 2}, {"p": 1}, {"p": 1}])
    );
}

/// A window frame's offset is an integer literal: upstream's parser (clickhouse-sql-parser
/// v0.4.18, parseFrameExtent) reads an integer token, a `{param}` or `INTERVAL expr unit`
/// before `PRECEDING`/`FOLLOWING` and refuses anything else (`1 + 1`, a float, `(1)`, a call,
/// `-1`, whose `-` its lexer takes as an operator after a keyword: "Invalid SQL syntax"); ClickHouse 25.6's analyzer then takes only a constant of a native
/// number type (src/Analyzer/Resolve/QueryAnalyzer.cpp resolveWindow: BAD_ARGUMENTS "Window
/// frame begin OFFSET expression must be constant with numeric type"; ClickHouse PR #116613,
/// 2026-08: `RANGE BETWEEN INTERVAL 2 DAY PRECEDING AND CURRENT ROW` "failed with
/// BAD_ARGUMENTS when enable_analyzer = 1"), so an `INTERVAL` is "Invalid analytics query" in
/// any frame, `ROWS` too, over any key; and its WindowFrame::checkValid
/// (src/Interpreters/WindowDescription.cpp) an integer from `INT_MAX` (2147483647) up ("Frame
/// start offset for … frame must be a nonnegative 32-bit integer", BAD_ARGUMENTS: of `ROWS` in
/// every version read, of `RANGE` since before 24.11, as ClickHouse's issue #72227 quotes it),
/// or another number: `1e3` (upstream's lexer's integer token, ClickHouse's `Float64`).
#[test]
fn get_verifications__frame_offsets_are_integers() {
    let (s, _, _) = recorded(); // credits 0, 1, 4 and 10
    let q = |frame: &str| {
        format!("SELECT spent_credits AS c, count() OVER (ORDER BY c {frame}) AS n FROM key_verifications_v1 ORDER BY c")
    };
    assert_eq!(
        run(&s, &q("RANGE BETWEEN 3 PRECEDING AND CURRENT ROW")),
        json!([{"c": 0, "n": 1}, {"c": 1, "n": 2}, {"c": 4, "n": 2}, {"c": 10, "n": 1}])
    );
    assert_eq!(
        run(&s, &q("ROWS 1 PRECEDING")),
        json!([{"c": 0, "n": 1}, {"c": 1, "n": 2}, {"c": 4, "n": 2}, {"c": 10, "n": 2}])
    );
    for frame in [
        "RANGE BETWEEN INTERVAL 1 DAY PRECEDING AND CURRENT ROW",
        "ROWS BETWEEN INTERVAL 1 DAY PRECEDING AND CURRENT ROW",
        "ROWS BETWEEN CURRENT ROW AND INTERVAL 1 SECOND FOLLOWING",
        "ROWS INTERVAL 2 HOUR PRECEDING",
        "ROWS 2147483647 PRECEDING",
        "ROWS BETWEEN CURRENT ROW AND 9999999999 FOLLOWING",
        "RANGE BETWEEN 2147483647 PRECEDING AND CURRENT ROW",
        "ROWS BETWEEN 99999999999999999999 PRECEDING AND CURRENT ROW",
        "RANGE BETWEEN 1e3 PRECEDING AND CURRENT ROW",
    ] {
        assert_invalid(&s, &q(frame));
    }
    assert_eq!(
        run(&s, &q("ROWS 2147483646 PRECEDING")),
        json!([{"c": 0, "n": 1}, {"c": 1, "n": 2}, {"c": 4, "n": 3}, {"c": 10, "n": 4}])
    );
    assert_invalid(&s, "SELECT count() OVER (ORDER BY t RANGE 3000000000 PRECEDING) AS n FROM (SELECT toDateTime('2026-01-01 00:00:00') AS t)");
    // (Through a `WINDOW` clause too, over a subquery.)
    assert_invalid(&s, "SELECT c, count() OVER w AS n FROM (SELECT spent_credits AS c FROM key_verifications_v1) WINDOW w AS (ORDER BY c ROWS BETWEEN INTERVAL 1 DAY PRECEDING AND CURRENT ROW)");
    for frame in [
        "RANGE BETWEEN 1 + 1 PRECEDING AND CURRENT ROW",
        "ROWS BETWEEN 1 + 1 PRECEDING AND CURRENT ROW",
        "RANGE BETWEEN 1.5 PRECEDING AND CURRENT ROW",
        "ROWS BETWEEN -1 PRECEDING AND CURRENT ROW",
        "ROWS BETWEEN CURRENT ROW AND (1) FOLLOWING",
        "ROWS BETWEEN toIntervalDay(1) PRECEDING AND CURRENT ROW",
    ] {
        assert_eq!(refused(&s, &q(frame)), syntax_error(&q(frame)), "{frame}");
    }
}

/// `toStartOf…`, `date_trunc` and `formatDateTime` take only a `Date`, `DateTime` or
/// `DateTime64` in ClickHouse: of another type (the raw tables' `time` is an `Int64`, a string,
/// a number) ClickHouse raises ILLEGAL_TYPE_OF_ARGUMENT ("Illegal type Int64 of argument of
/// function toStartOfDay. Should be Date, Date32, DateTime or DateTime64", the
/// `checkArguments` of its IFunctionDateOrDateTime; formatDateTime.cpp's "Should be a date or
/// a date with time"; 00718_format_datetime.sql refuses a string with error 43), which
/// upstream's `WrapClickHouseError` answers as every ClickHouse error it does not name: 400
/// `invalid_analytics_query` "Invalid analytics query". Of a time (`fromUnixTimestamp64Milli`,
/// a rollup's `time`) they answer.
#[test]
fn get_verifications__date_functions_take_only_dates_and_times() {
    let (s, _, _) = recorded();
    for q in [
        "SELECT toStartOfMinute(time) FROM key_verifications_v1",
        "SELECT toStartOfHour(time) AS h FROM key_verifications_v1",
        "SELECT count() FROM key_verifications_v1 GROUP BY toStartOfDay(time)",
        "SELECT toStartOfWeek(time) FROM key_verifications_v1",
        "SELECT toStartOfMonth(time) FROM key_verifications_v1",
        "SELECT toStartOfQuarter(time) FROM key_verifications_v1",
        "SELECT toStartOfYear(time) FROM key_verifications_v1",
        "SELECT date_trunc('day', time) FROM key_verifications_v1",
        "SELECT formatDateTime(time, '%F') FROM key_verifications_v1",
        "SELECT toStartOfDay(time / 1000) FROM key_verifications_v1",
        "SELECT toStartOfDay('2030-03-31 12:00:00') FROM key_verifications_v1",
        "SELECT formatDateTime(spent_credits, '%F') FROM key_verifications_v1",
        "SELECT toStartOfDay(t) FROM (SELECT time AS t FROM key_verifications_v1)",
        "SELECT count() FROM key_verifications_v1 WHERE toStartOfDay(time) < now()",
    ] {
        let r = s.call("analytics.getVerifications", json!({"query": q}));
        assert_eq!(r.status, 400, "{q}: {}", String::from_utf8_lossy(&r.body));
        let e = &r.json()["error"];
        assert_eq!(
            e["type"], "https://unkey.com/docs/errors/user/bad_request/invalid_analytics_query",
            "{q}"
        );
        assert_eq!(e["detail"], "Invalid analytics query", "{q}");
    }
    let day = |t: &str| format!("SELECT count() AS n FROM {t} WHERE toStartOfDay(time) <= now()");
    for q in [
        day("key_verifications_per_minute_v1"),
        day("(SELECT fromUnixTimestamp64Milli(time) AS time FROM key_verifications_v1)"),
        "SELECT count() AS n FROM key_verifications_v1 WHERE formatDateTime(fromUnixTimestamp64Milli(time), '%Y') >= '1970' AND date_trunc('hour', fromUnixTimestamp64Milli(time)) <= now()".to_string(),
    ] {
        assert_eq!(run(&s, &q), json!([{"n": 4}]), "{q}");
    }
}

/// Intervals inside an expression of intervals, as ClickHouse folds them
/// (02457_tuple_of_intervals.sql and .reference): `a ± b` of one kind is one `Interval`, of
/// different kinds a `Tuple` of intervals (a tuple's last element takes an interval of its own
/// kind), and a time plus or minus a tuple moves by each element in turn
/// (`'2022-01-30'::Date + (INTERVAL 1 MONTH + INTERVAL 1 DAY)` is 2022-03-01, `+ (INTERVAL 1
/// DAY + INTERVAL 1 MONTH)` 2022-02-28). A tuple answered as a column of its own makes
/// upstream's Go driver panic once there is a row (clickhouse-go v2.42 `Tuple.scanStruct`
/// matches the unnamed elements to the unexported field of the `Dynamic` its route scans into
/// and reads it through reflection), which upstream's `WithPanicRecovery` answers as a 500; an
/// interval plus a tuple is ClickHouse's ILLEGAL_TYPE_OF_ARGUMENT (serverError 43 there),
/// upstream's 400 "Invalid analytics query".
#[test]
fn get_verifications__expressions_of_intervals() {
    let s = at_one_verification(); // 2030-03-31 12:34:56.123
    assert_eq!(
        run(&s, "SELECT now() - (INTERVAL 1 MONTH + INTERVAL 1 DAY) AS a, now() - (INTERVAL 1 YEAR + INTERVAL 2 MONTH) AS b, now() + (INTERVAL 1 DAY + INTERVAL 1 MONTH) AS c, now() + (INTERVAL 1 MONTH + INTERVAL 1 DAY) AS d, (INTERVAL 1 MONTH + INTERVAL 1 DAY) + toDate('2030-01-30') AS e, INTERVAL 1 DAY + INTERVAL 1 MONTH + toDate('2030-01-30') AS f, now() - (toIntervalQuarter(1) - toIntervalDay(1 + 1)) AS g, toDate('2030-01-31') - (INTERVAL 1 MONTH - INTERVAL 1 MONTH) AS h FROM key_verifications_v1"),
        json!([{
            "a": "2030-02-27T12:34:56Z", // 31 March less a month is 28 February
            "b": "2029-01-31T12:34:56Z",
            "c": "2030-05-01T12:34:56Z",
            "d": "2030-05-01T12:34:56Z",
            "e": "2030-03-01T00:00:00Z",
            "f": "2030-02-28T00:00:00Z",
            "g": "2030-01-02T12:34:56Z", // less a quarter (31 December), then plus two days
            "h": "2030-01-31T00:00:00Z",
        }])
    );
    // A tuple negated or added to another goes element by element (`tupleNegate`,
    // `tuplePlus`); elements of different kinds become tuples of their own, which move a time
    // in turn as well.
    assert_eq!(
        run(&s, "SELECT now() - -(INTERVAL 1 MONTH + INTERVAL 1 DAY) AS a, now() - ((INTERVAL 1 MONTH + INTERVAL 1 DAY) + (INTERVAL 2 MONTH + INTERVAL 2 DAY)) AS b, now() - ((INTERVAL 1 MONTH + INTERVAL 1 DAY) + (INTERVAL 1 DAY + INTERVAL 1 MONTH)) AS c FROM key_verifications_v1"),
        json!([{"a": "2030-05-01T12:34:56Z", "b": "2029-12-28T12:34:56Z", "c": "2030-01-26T12:34:56Z"}])
    );
    // A rollup's `time` (a DateTime) the same way, and inside a condition.
    assert_eq!(
        run(&s, "SELECT time - (INTERVAL 1 MONTH + INTERVAL 1 DAY) AS t FROM key_verifications_per_minute_v1 WHERE time > now() - (INTERVAL 1 MONTH + INTERVAL 2 HOUR)"),
        json!([{"t": "2030-02-27T12:34:00Z"}])
    );
    for q in [
        "SELECT INTERVAL 1 MONTH + INTERVAL 1 DAY AS t FROM key_verifications_v1",
        "SELECT key_id, (toIntervalHour(1) - INTERVAL 1 SECOND) FROM key_verifications_v1",
    ] {
        let r = s.call("analytics.getVerifications", json!({"query": q}));
        assert_eq!(r.status, 500, "{q}");
        assert_eq!(
            r.error_type(),
            "https://unkey.com/docs/errors/unkey/application/unexpected_error"
        );
        assert_eq!(
            r.json()["error"]["detail"],
            "An unexpected error occurred while processing your request."
        );
    }
    // Without a row there is nothing to read.
    assert_eq!(
        run(&s, "SELECT - INTERVAL 1 HOUR - INTERVAL 1 SECOND AS t FROM key_verifications_v1 WHERE 1 = 0"),
        json!([])
    );
    // One kind is one Interval: the same failure to read it as `INTERVAL 3 DAY`.
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT INTERVAL 1 DAY + INTERVAL 2 DAY AS t FROM key_verifications_v1"}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"]["detail"],
        "Invalid analytics query Failed to read query results"
    );
    let (ty, detail) = refused(
        &s,
        "SELECT now() - (INTERVAL 1 DAY + (INTERVAL 1 MONTH + INTERVAL 1 DAY)) AS t FROM key_verifications_v1",
    );
    assert_eq!(
        (ty.as_str(), detail.as_str()),
        ("invalid_analytics_query", "Invalid analytics query")
    );
    // Only a date or time (or a string) moves by intervals: the raw tables' `time` is an Int64
    // (FunctionDateOrDateTimeAddInterval.h: "Must be a date, a date with time or a String").
    // ClickHouse's arithmetic types an interval only in `±` with one of its kind
    // (FunctionBinaryArithmetic.h), so `*` and `/` of one are type errors too, and so are
    // tuples of different sizes added.
    for q in [
        "SELECT time - INTERVAL 1 DAY AS t FROM key_verifications_v1",
        "SELECT count() FROM key_verifications_v1 WHERE time - (INTERVAL 1 MONTH + INTERVAL 1 DAY) > 0",
        "SELECT toIntervalDay(1) + time AS t FROM key_verifications_v1",
        "SELECT (spent_credits + 1) * 2 + toIntervalMonth(1) AS t FROM key_verifications_v1",
        "SELECT now() - INTERVAL 1 MONTH * 2 AS t FROM key_verifications_v1",
        "SELECT now() - 2 * INTERVAL 1 DAY AS t FROM key_verifications_v1",
        "SELECT now() - INTERVAL 1 DAY / 2 AS t FROM key_verifications_v1",
        "SELECT (INTERVAL 1 MONTH + INTERVAL 1 DAY) - now() AS t FROM key_verifications_v1",
        "SELECT now() - (INTERVAL 1 MONTH + INTERVAL 1 DAY) * 2 AS t FROM key_verifications_v1",
        "SELECT now() - ((INTERVAL 1 MONTH + INTERVAL 1 DAY) + (INTERVAL 1 MONTH + INTERVAL 1 DAY + INTERVAL 1 HOUR)) AS t FROM key_verifications_v1",
        "SELECT now() - ((INTERVAL 1 MONTH + INTERVAL 1 DAY) + (INTERVAL 1 DAY + INTERVAL 1 MONTH) + INTERVAL 1 HOUR) AS t FROM key_verifications_v1",
    ] {
        assert_invalid(&s, q);
    }
}

/// A select-list alias of intervals stands for them wherever it is used, as ClickHouse puts
/// an alias's expression in its place: it moves a time, is compared, and sorts and groups an
/// `Interval` column by its count; filling by it is ClickHouse's refusal (an `Interval` is no
/// number or time to `WITH FILL`). Answered as a column, it is the driver's read failure.
#[test]
fn get_verifications__aliases_of_intervals() {
    let (s, _, _) = recorded();
    let c = |inner: &str| run(&s, &format!("SELECT c FROM ({inner})"));
    assert_eq!(
        c("SELECT count() AS c, INTERVAL 1 MONTH AS m FROM key_verifications_v1 WHERE fromUnixTimestamp64Milli(time) > now() - m"),
        json!([{"c": 4}])
    );
    assert_eq!(
        c("SELECT count() AS c, INTERVAL 1 MONTH AS m FROM key_verifications_v1 WHERE fromUnixTimestamp64Milli(time) < now() - m"),
        json!([{"c": 0}])
    );
    assert_eq!(
        c("SELECT count() AS c, INTERVAL 2 DAY AS m FROM key_verifications_v1 WHERE m > INTERVAL 1 DAY AND m < INTERVAL 3 DAY"),
        json!([{"c": 4}])
    );
    assert_eq!(
        c("SELECT count() AS c, INTERVAL 1 DAY AS m FROM key_verifications_v1 GROUP BY m ORDER BY m DESC, c"),
        json!([{"c": 4}])
    );
    assert_invalid(&s, "SELECT c FROM (SELECT 1 AS c, INTERVAL 1 DAY AS m FROM key_verifications_v1 ORDER BY m WITH FILL)");
    assert_eq!(
        refused(
            &s,
            "SELECT count() AS c, INTERVAL 1 DAY AS m FROM key_verifications_v1"
        ),
        (
            "invalid_analytics_query".to_string(),
            "Invalid analytics query Failed to read query results".to_string()
        )
    );
}

/// Intervals compared or passed to a function, as ClickHouse 25.6 types them. Compared, an
/// `Interval` meets one of its family in the smaller kind of the two (ClickHouse's interval
/// comparison test, whose queries begin `SELECT('Comparing nanoseconds')`:
/// `toIntervalMonth(124) > toIntervalQuarter(5)` is 1, `toIntervalMonth(36) =
/// toIntervalYear(3)` 1, `toIntervalMonth(6) = toIntervalMicrosecond(26)` and
/// `toIntervalWeek(124) > toIntervalQuarter(8)` ILLEGAL_TYPE_OF_ARGUMENT), a tuple of them
/// element by element. `if`, `CASE`, `coalesce`, `any`, `min` and `max` answer the common
/// type of their intervals, the smallest kind (getLeastSupertype.cpp
/// `findSmallestIntervalSuperType`), so the answer moves a time by calendar months as the
/// intervals themselves do; months with a fixed-length kind ("Cannot compare intervals … the
/// number of days in a month is not fixed") or with a number have none (NO_COMMON_TYPE).
/// Conversions, aggregates and functions of numbers or strings take no `Interval`. Each
/// ClickHouse error is upstream's 400 "Invalid analytics query". `toString` and `concat`
/// write an `Interval` as its count, a tuple as `(a,b)`.
#[test]
fn get_verifications__intervals_compared_and_passed_to_functions() {
    let s = at_one_verification(); // 2030-03-31 12:34:56.123
    assert_eq!(
        run(&s, "SELECT INTERVAL 1 MONTH = INTERVAL 1 MONTH AS a, toIntervalMonth(124) > toIntervalQuarter(5) AS b, toIntervalMonth(36) = toIntervalYear(3) AS c, toIntervalMonth(1) + toIntervalMonth(2) = INTERVAL 1 QUARTER AS d, INTERVAL 1 DAY < INTERVAL 25 HOUR AS e, (INTERVAL 1 MONTH + INTERVAL 1 DAY) < (INTERVAL 1 MONTH + INTERVAL 2 DAY) AS f, INTERVAL 1 YEAR <= INTERVAL 11 MONTH AS g FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 1, "g": 0}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE if(outcome = 'VALID', INTERVAL 1 YEAR, INTERVAL 1 MONTH) > INTERVAL 11 MONTH"),
        json!([{"n": 1}])
    );
    assert_eq!(
        run(&s, "SELECT now() + if(1 = 1, INTERVAL 1 MONTH, INTERVAL 2 MONTH) AS a, now() - if(1 = 0, INTERVAL 1 YEAR, INTERVAL 1 QUARTER) AS b, toDate('2030-01-31') + if(1 = 1, INTERVAL 1 QUARTER, INTERVAL 1 YEAR) AS c, toDate('2030-01-31') + coalesce(NULL, INTERVAL 1 MONTH) AS d, now() + if(1 = 0, INTERVAL 1 DAY, INTERVAL 2 HOUR) AS e, now() - coalesce(INTERVAL 1 YEAR, toIntervalQuarter(5)) AS f FROM key_verifications_v1"),
        json!([{
            "a": "2030-04-30T12:34:56Z", // 31 March plus a month is 30 April
            "b": "2029-12-31T12:34:56Z",
            "c": "2030-04-30T00:00:00Z",
            "d": "2030-02-28T00:00:00Z",
            "e": "2030-03-31T14:34:56Z",
            "f": "2029-03-31T12:34:56Z",
        }])
    );
    assert_eq!(
        run(&s, "SELECT toString(INTERVAL 1 MONTH) AS a, toString(toIntervalQuarter(2)) AS b, toString(INTERVAL 3 DAY) AS c, toString(INTERVAL 1 MONTH + INTERVAL 1 DAY) AS d, toString(if(1 = 1, INTERVAL 1 YEAR, INTERVAL 1 MONTH)) AS e FROM key_verifications_v1"),
        json!([{"a": "1", "b": "2", "c": "3", "d": "(1,1)", "e": "12"}])
    );
    assert_eq!(
        run(&s, "SELECT now() - CASE WHEN 1 = 0 THEN INTERVAL 1 YEAR ELSE INTERVAL 1 QUARTER END AS a, toString(CASE WHEN 1 = 1 THEN INTERVAL 1 YEAR ELSE INTERVAL 1 MONTH END) AS b, CASE WHEN 1 = 1 THEN INTERVAL 1 MONTH END = INTERVAL 1 MONTH AS c FROM key_verifications_v1"),
        json!([{"a": "2029-12-31T12:34:56Z", "b": "12", "c": 1}])
    );
    assert_eq!(
        run(&s, "SELECT count(INTERVAL 1 MONTH) AS n, now() + any(INTERVAL 1 MONTH) AS t, toDate('2030-01-31') + max(toIntervalQuarter(1)) AS m FROM key_verifications_v1"),
        json!([{"n": 1, "t": "2030-04-30T12:34:56Z", "m": "2030-04-30T00:00:00Z"}])
    );
    // Tuples of intervals the same way, element by element.
    assert_eq!(
        run(&s, "SELECT now() - if(1 = 1, INTERVAL 1 MONTH + INTERVAL 1 DAY, INTERVAL 1 YEAR + INTERVAL 2 HOUR) AS a, toString(if(1 = 0, INTERVAL 1 MONTH + INTERVAL 1 DAY, INTERVAL 1 YEAR + INTERVAL 2 HOUR)) AS b FROM key_verifications_v1"),
        json!([{"a": "2030-02-27T12:34:56Z", "b": "(12,2)"}])
    );
    // `concat` writes any argument as text; `uniq` counts distinct values of any type.
    assert_eq!(
        run(&s, "SELECT concat(INTERVAL 1 MONTH, '/', toIntervalQuarter(2), '/', INTERVAL 1 MONTH + INTERVAL 2 DAY) AS a, uniq(INTERVAL 1 MONTH) AS u, uniqExact(if(outcome = 'VALID', INTERVAL 1 YEAR, INTERVAL 1 MONTH)) AS e, count(INTERVAL 1 MONTH + INTERVAL 1 DAY) AS n FROM key_verifications_v1"),
        json!([{"a": "1/2/(1,2)", "u": 1, "e": 1, "n": 1}])
    );
    // Arrays of intervals are not run here but as an answered column, searched, counted or
    // joined.
    for q in [
        "SELECT toString(arrayFilter(x -> 1, [INTERVAL 1 DAY])) AS a FROM key_verifications_v1",
        "SELECT length(arrayJoin([[INTERVAL 1 DAY]])) AS a FROM key_verifications_v1",
    ] {
        let (ty, detail) = refused(&s, q);
        assert_eq!(ty, "invalid_analytics_query", "{q}");
        assert!(
            detail.starts_with("unkey-local does not run an interval"),
            "{q}: {detail}"
        );
    }
    // Answered as a column, the call is an `Interval` column like `INTERVAL 1 MONTH`.
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT if(1 = 1, INTERVAL 1 MONTH, INTERVAL 2 MONTH) AS m FROM key_verifications_v1"}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"]["detail"],
        "Invalid analytics query Failed to read query results"
    );
    for q in [
        "SELECT INTERVAL 1 MONTH < INTERVAL 40 DAY AS a FROM key_verifications_v1",
        "SELECT toIntervalWeek(124) > toIntervalQuarter(8) AS a FROM key_verifications_v1",
        "SELECT 1 = INTERVAL 1 MONTH AS a FROM key_verifications_v1",
        "SELECT INTERVAL 1 MONTH = 1 AS a FROM key_verifications_v1",
        "SELECT (INTERVAL 1 MONTH + INTERVAL 1 DAY) = INTERVAL 1 MONTH AS a FROM key_verifications_v1",
        "SELECT now() + if(1 = 1, INTERVAL 1 MONTH, INTERVAL 1 DAY) AS t FROM key_verifications_v1",
        "SELECT now() + if(1 = 1, INTERVAL 1 MONTH, 0) AS t FROM key_verifications_v1",
        "SELECT coalesce(INTERVAL 1 MONTH, INTERVAL 1 WEEK) AS t FROM key_verifications_v1",
        "SELECT now() + CASE WHEN 1 = 1 THEN INTERVAL 1 MONTH ELSE INTERVAL 1 DAY END AS t FROM key_verifications_v1",
        "SELECT now() - if(1 = 1, INTERVAL 1 MONTH + INTERVAL 1 DAY, INTERVAL 1 MONTH) AS t FROM key_verifications_v1",
        "SELECT now() - coalesce(INTERVAL 1 MONTH + INTERVAL 1 DAY, INTERVAL 1 DAY + INTERVAL 1 MONTH) AS t FROM key_verifications_v1",
        // No conversion, aggregate or function of a number or string takes an `Interval`
        // (FunctionsConversion's `executeInternal`: "Illegal type IntervalMonth of argument of
        // function toInt64").
        "SELECT toInt64(INTERVAL 2 MONTH) AS a FROM key_verifications_v1",
        "SELECT toFloat64(INTERVAL 1 MONTH + INTERVAL 1 DAY) AS a FROM key_verifications_v1",
        "SELECT toInt32(INTERVAL 1 DAY) AS a FROM key_verifications_v1",
        "SELECT sum(toIntervalYear(1)) AS a FROM key_verifications_v1",
        "SELECT abs(if(1 = 1, INTERVAL 1 MONTH, INTERVAL 1 YEAR)) AS a FROM key_verifications_v1",
        "SELECT length(INTERVAL 1 QUARTER) AS a FROM key_verifications_v1",
    ] {
        assert_invalid(&s, q);
    }
}

/// `toInterval…` of an interval converts its kind as ClickHouse's ConvertImpl does
/// (FunctionsConversion, with `interval_conversions` {1, 1000, 1000, 1000, 60, 60, 24, 7, 4,
/// 3, 4} of getLeastSupertype.h): into a smaller kind multiplied by the factors between (a
/// week 7 days, a month 4 weeks, a year 12 months), into a larger one divided by the factors
/// from the source kind's own on (so 14 days are 14 / 24 = 0 weeks, 90 seconds 90 / 1000 = 0
/// minutes there); of a tuple of intervals ClickHouse's type error. A count that is not a
/// constant is not run: ClickHouse converts its first row for every row.
#[test]
fn get_verifications__to_interval_of_an_interval() {
    let s = at_one_verification(); // 2030-03-31 12:34:56.123
    assert_eq!(
        run(&s, "SELECT toDateTime('2030-03-31 00:00:00') + toIntervalDay(INTERVAL 1 WEEK) AS a, toString(toIntervalHour(INTERVAL 1 MONTH)) AS b, toString(toIntervalMonth(INTERVAL 1 YEAR)) AS c, toString(toIntervalSecond(toIntervalMinute(2))) AS d, toString(toIntervalWeek(INTERVAL 14 DAY)) AS e, toString(toIntervalMinute(INTERVAL 90 SECOND)) AS f, toIntervalDay(INTERVAL 2 DAY) = INTERVAL 2 DAY AS g FROM key_verifications_v1"),
        json!([{
            "a": "2030-04-07T00:00:00Z",
            "b": "672",
            "c": "12",
            "d": "120",
            "e": "0",
            "f": "0",
            "g": 1,
        }])
    );
    // A tuple of intervals is no argument of a conversion (its `callOnIndexAndDataType` has
    // no case for a `Tuple`: ILLEGAL_TYPE_OF_ARGUMENT).
    for q in [
        "SELECT toString(toIntervalHour(INTERVAL 1 DAY + INTERVAL 1 HOUR)) AS a FROM key_verifications_v1",
        "SELECT now() + toIntervalDay(INTERVAL 1 MONTH + INTERVAL 1 DAY) AS a FROM key_verifications_v1",
    ] {
        assert_invalid(&s, q);
    }
    let (ty, detail) = refused(
        &s,
        "SELECT toString(toIntervalHour(toIntervalDay(spent_credits))) AS a FROM key_verifications_v1",
    );
    assert_eq!(ty, "invalid_analytics_query");
    assert!(
        detail.starts_with("unkey-local does not run a toInterval"),
        "{detail}"
    );
}

/// An array of intervals the query answers as a column (an array literal, `groupArray` or
/// `groupUniqArray` of an interval, a whole select-list item) is written as upstream's Go
/// driver reads it (clickhouse-go v2.42.0: `Array.ScanRow` into the `sql.Scanner` of
/// `ch.Dynamic`, each element `Interval.row`'s text, `"%d Kind"` and an `s` after a count
/// above 1), its elements in their common kind (getLeastSupertype's
/// findSmallestIntervalSuperType, each cast to it: a day is 24 hours); months with days have
/// none (NO_COMMON_TYPE), nor an interval with a number: upstream's 400 "Invalid analytics
/// query". Elsewhere such an array is not run here.
#[test]
fn get_verifications__answered_arrays_of_intervals() {
    let s = at_one_verification();
    assert_eq!(
        run(&s, "SELECT [INTERVAL 1 DAY, INTERVAL 2 DAY] AS a, [INTERVAL 1 DAY, INTERVAL 1 HOUR, toIntervalMinute(0)] AS b, [toIntervalYear(1), INTERVAL 1 QUARTER] AS c, groupArray(INTERVAL 1 MONTH) AS g, groupUniqArray(INTERVAL 3 WEEK) AS u FROM key_verifications_v1"),
        json!([{
            "a": ["1 Day", "2 Days"],
            "b": ["1440 Minutes", "60 Minutes", "0 Minute"],
            "c": ["4 Quarters", "1 Quarter"],
            "g": ["1 Month"],
            "u": ["3 Weeks"],
        }])
    );
    for q in [
        "SELECT [INTERVAL 1 MONTH, INTERVAL 1 DAY] AS a FROM key_verifications_v1",
        "SELECT [INTERVAL 1 DAY, 1] AS a FROM key_verifications_v1",
    ] {
        assert_invalid(&s, q);
    }
    for q in [
        "SELECT arrayFilter(x -> 1, a) AS b FROM (SELECT [INTERVAL 1 DAY] AS a FROM key_verifications_v1)",
        "SELECT [INTERVAL 1 DAY] AS a FROM key_verifications_v1 ORDER BY a",
        "SELECT [INTERVAL 1 DAY] AS a FROM key_verifications_v1 UNION ALL SELECT [INTERVAL 1 HOUR] AS a FROM key_verifications_v1",
    ] {
        let (ty, detail) = refused(&s, q);
        assert_eq!(ty, "invalid_analytics_query", "{q}");
        assert!(
            detail.starts_with("unkey-local does not run"),
            "{q}: {detail}"
        );
    }
}

/// `has`, `hasAny` and `hasAll` over array literals of intervals, as ClickHouse's functions
/// compare (its source, Functions/array/arrayIndex.h and hasAllAny.h; no ClickHouse test
/// covers intervals there): `has` needs a common type of element and needle
/// (`allowArguments`: getLeastSupertype) but compares the stored counts as they are, the
/// array's in the literal's common kind (`array` casts its elements to it: `[INTERVAL 1 DAY,
/// INTERVAL 2 HOUR]` is 24 and 2 hours), the needle's in its own, so one day "has" one hour;
/// `hasAny` and `hasAll` cast both arrays to their common type first, so a day equals 24
/// hours there. No common type (months with days, an interval with a number or a tuple) is
/// upstream's 400 "Invalid analytics query".
#[test]
fn get_verifications__intervals_searched_in_arrays() {
    let s = at_one_verification();
    assert_eq!(
        run(&s, "SELECT has([INTERVAL 1 DAY], INTERVAL 1 DAY) AS a, has([INTERVAL 1 DAY], INTERVAL 1 HOUR) AS b, has([INTERVAL 1 DAY], INTERVAL 24 HOUR) AS c, has([INTERVAL 1 DAY, INTERVAL 2 HOUR], INTERVAL 24 HOUR) AS d, has([INTERVAL 1 DAY, INTERVAL 2 HOUR], INTERVAL 1 DAY) AS e, has([toIntervalYear(1)], INTERVAL 1 MONTH) AS f, has([INTERVAL 1 WEEK, INTERVAL 1 DAY], INTERVAL 3 DAY + INTERVAL 4 DAY) AS g FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1, "c": 0, "d": 1, "e": 0, "f": 1, "g": 1}])
    );
    assert_eq!(
        run(&s, "SELECT hasAny([INTERVAL 1 DAY], [INTERVAL 24 HOUR]) AS a, hasAny([INTERVAL 1 DAY], [INTERVAL 1 HOUR]) AS b, hasAll([INTERVAL 1 YEAR, INTERVAL 3 MONTH], [INTERVAL 1 QUARTER, INTERVAL 12 MONTH]) AS c, hasAll([INTERVAL 1 WEEK], [INTERVAL 7 DAY, INTERVAL 1 DAY]) AS d FROM key_verifications_v1"),
        json!([{"a": 1, "b": 0, "c": 1, "d": 0}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE has([INTERVAL 1 DAY, INTERVAL 2 HOUR], INTERVAL 24 HOUR) AND NOT hasAny([INTERVAL 1 MINUTE], [INTERVAL 1 SECOND])"),
        json!([{"n": 1}])
    );
    for q in [
        "SELECT has([INTERVAL 1 DAY], INTERVAL 1 MONTH) AS a FROM key_verifications_v1",
        "SELECT has([INTERVAL 1 DAY], 1) AS a FROM key_verifications_v1",
        "SELECT has([1], INTERVAL 1 DAY) AS a FROM key_verifications_v1",
        "SELECT has([INTERVAL 1 DAY], INTERVAL 1 DAY + INTERVAL 1 HOUR) AS a FROM key_verifications_v1",
        "SELECT hasAny([INTERVAL 1 MONTH], [INTERVAL 30 DAY]) AS a FROM key_verifications_v1",
        "SELECT hasAll([INTERVAL 1 DAY], ['1 Day']) AS a FROM key_verifications_v1",
    ] {
        assert_invalid(&s, q);
    }
}

/// `has` over `groupArray`/`groupUniqArray` of an interval: the aggregate keeps its
/// argument's type, and `has` of a column of arrays of `Int64`-stored intervals compares the
/// stored counts as they are (Functions/array/arrayIndex.h: `executeIntegral` comes before
/// any cast, as for a literal), once element and needle have a common type
/// (getLeastSupertype: months with days have none, nor an interval with a number, upstream's
/// 400 "Invalid analytics query").
#[test]
fn get_verifications__intervals_searched_in_grouped_arrays() {
    let (s, ka, kb) = recorded(); // ka: credits 1, 4 and 10; kb: 0
    assert_eq!(
        run(&s, "SELECT key_space_id AS k, has(groupArray(toIntervalDay(spent_credits)), INTERVAL 4 DAY) AS a, has(groupUniqArray(toIntervalHour(spent_credits)), INTERVAL 10 MINUTE) AS b, has(groupArray(INTERVAL 1 DAY), INTERVAL 1 HOUR) AS c, NOT has(groupArray(toIntervalDay(spent_credits)), toIntervalDay(3)) AS d FROM key_verifications_v1 GROUP BY k ORDER BY count() DESC"),
        json!([
            {"k": ka, "a": 1, "b": 1, "c": 1, "d": 1},
            {"k": kb, "a": 0, "b": 0, "c": 1, "d": 1},
        ])
    );
    // A subquery's column of one kind the same way.
    assert_eq!(
        run(&s, "SELECT has(groupArray(x), INTERVAL 2 DAY) AS a, has(groupArray(x), INTERVAL 1 WEEK) AS b FROM (SELECT toIntervalDay(spent_credits * 2) AS x FROM key_verifications_v1)"),
        json!([{"a": 1, "b": 0}])
    );
    for q in [
        "SELECT has(groupArray(INTERVAL 1 DAY), INTERVAL 1 MONTH) AS a FROM key_verifications_v1",
        "SELECT has(groupArray(INTERVAL 1 DAY), 1) AS a FROM key_verifications_v1",
    ] {
        assert_invalid(&s, q);
    }
}

/// `arrayJoin` of an array literal of intervals answers a row per element in the literal's
/// common kind (ClickHouse's `arrayJoin` of an `Array(IntervalHour)` is `IntervalHour` rows,
/// `array` having cast each element to it, FunctionsConversion's interval-to-interval
/// ConvertImpl: a day is 24 hours): `toString` writes each count, and as an answered column
/// it is an `Interval` column, which upstream's Go driver fails to read (400 "Invalid
/// analytics query Failed to read query results"). Each element is an interval of that kind
/// wherever it is read, as an `Interval` column's rows are (02724_persist_interval_type.sql:
/// a time plus a column of intervals moves each row by its own count): it moves a time
/// (calendar months for `MONTH`), is compared in the smaller kind of the two (the interval
/// comparisons of ClickHouse's "Comparing nanoseconds" test), and adds to an interval of its
/// kind, also through its alias and as a subquery's column. Multiplied, it is ClickHouse's
/// ILLEGAL_TYPE_OF_ARGUMENT; beside a number in the literal, NO_COMMON_TYPE.
#[test]
fn get_verifications__array_join_of_intervals() {
    let s = at_one_verification();
    assert_eq!(
        run(&s, "SELECT toString(arrayJoin([INTERVAL 1 DAY, INTERVAL 2 HOUR])) AS a FROM key_verifications_v1 ORDER BY a"),
        json!([{"a": "2"}, {"a": "24"}])
    );
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT arrayJoin([INTERVAL 1 DAY, INTERVAL 2 DAY]) AS a FROM key_verifications_v1"}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"]["detail"],
        "Invalid analytics query Failed to read query results"
    );
    assert_invalid(&s, "SELECT toString(arrayJoin([INTERVAL 1 MONTH, INTERVAL 1 DAY])) AS a FROM key_verifications_v1");
    // at_one_verification: 2030-03-31 12:34:56.123.
    assert_eq!(
        run(&s, "SELECT now() + arrayJoin([INTERVAL 1 DAY, INTERVAL 2 HOUR]) AS a FROM key_verifications_v1 ORDER BY a"),
        json!([{"a": "2030-03-31T14:34:56Z"}, {"a": "2030-04-01T12:34:56Z"}])
    );
    assert_eq!(
        run(&s, "SELECT toDate('2030-01-31') + arrayJoin([INTERVAL 1 MONTH, INTERVAL 1 QUARTER]) AS a, now() - arrayJoin([INTERVAL 1 WEEK]) AS w FROM key_verifications_v1 ORDER BY a"),
        json!([
            {"a": "2030-02-28T00:00:00Z", "w": "2030-03-24T12:34:56Z"},
            {"a": "2030-04-30T00:00:00Z", "w": "2030-03-24T12:34:56Z"},
        ])
    );
    // Through its alias, and as a subquery's column: 24 and 2 hours.
    for q in [
        "SELECT b, c, d, t FROM (SELECT arrayJoin([INTERVAL 1 DAY, INTERVAL 2 HOUR]) AS a, a > INTERVAL 3 HOUR AS b, toString(a) AS c, toString(a + INTERVAL 1 HOUR) AS d, now() - a AS t FROM key_verifications_v1) ORDER BY c",
        "SELECT a > INTERVAL 3 HOUR AS b, toString(a) AS c, toString(a + INTERVAL 1 HOUR) AS d, now() - a AS t FROM (SELECT arrayJoin([INTERVAL 1 DAY, INTERVAL 2 HOUR]) AS a FROM key_verifications_v1) ORDER BY c",
    ] {
        assert_eq!(
            run(&s, q),
            json!([
                {"b": 0, "c": "2", "d": "3", "t": "2030-03-31T10:34:56Z"},
                {"b": 1, "c": "24", "d": "25", "t": "2030-03-30T12:34:56Z"},
            ]),
            "{q}"
        );
    }
    // Each row once per element: three of them an hour back or less, one a second.
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE now() - arrayJoin([INTERVAL 1 HOUR, INTERVAL 1 SECOND, INTERVAL 1 MINUTE]) < fromUnixTimestamp64Milli(time)"),
        json!([{"n": 3}])
    );
    for q in [
        "SELECT arrayJoin([INTERVAL 1 DAY]) * 2 AS a FROM key_verifications_v1",
        "SELECT now() + arrayJoin([INTERVAL 1 DAY, 1]) AS a FROM key_verifications_v1",
        "SELECT arrayJoin([INTERVAL 1 MONTH]) > INTERVAL 1 DAY AS a FROM key_verifications_v1",
    ] {
        assert_invalid(&s, q);
    }
}

/// An `arrayJoin` in `HAVING` over `groupArray` of an interval repeats each aggregated row once
/// per element the condition holds for (as for any element type, see the `HAVING arrayJoin`
/// tests), each element an interval of the aggregate's argument's kind (`groupArray` keeps
/// its argument's type; a column of intervals compares row by row,
/// 02724_persist_interval_type.sql), so it is compared with an interval of its kind by
/// count. Compared with a smaller kind, its count (which varies) would be converted, which
/// ClickHouse does by a block's first row (FunctionsConversion.cpp, `getInt(0)`): not run.
#[test]
fn get_verifications__having_array_join_of_grouped_intervals() {
    let (s, ka, _) = recorded(); // ka: credits 1, 4 and 10; kb: 0
    assert_eq!(
        run(&s, "SELECT key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY k HAVING arrayJoin(groupArray(toIntervalDay(spent_credits))) > INTERVAL 3 DAY ORDER BY n"),
        json!([{"k": ka, "n": 3}, {"k": ka, "n": 3}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits < 5 HAVING arrayJoin(groupUniqArray(toIntervalMonth(spent_credits))) < toIntervalQuarter(2)"),
        json!([{"n": 3}, {"n": 3}, {"n": 3}]) // 0, 1 and 4 months
    );
    // Of 0, 1, 4 and 10 months, 4 and 10 share a cell of groupUniqArray's set (its order is
    // then the order they reach it; tests/reference/ch_hash_order.c, `t 3 0 1 4 10`: cells 5,
    // 4, 3, 3), so it is refused.
    let (ty, detail) = refused(&s, "SELECT count() AS n FROM key_verifications_v1 HAVING arrayJoin(groupUniqArray(toIntervalMonth(spent_credits))) < toIntervalQuarter(2)");
    assert_eq!(ty, "invalid_analytics_query");
    assert!(
        detail.starts_with("unkey-local does not run groupUniqArray"),
        "{detail}"
    );
    let (ty, detail) = refused(&s, "SELECT count() AS n FROM key_verifications_v1 HAVING arrayJoin(groupArray(toIntervalDay(spent_credits))) > INTERVAL 30 HOUR");
    assert_eq!(ty, "invalid_analytics_query");
    assert!(detail.starts_with("unkey-local does not run"), "{detail}");
    assert_invalid(&s, "SELECT count() AS n FROM key_verifications_v1 HAVING arrayJoin(groupArray(toIntervalDay(spent_credits))) > INTERVAL 1 MONTH");
}

/// An `arrayJoin` of the select list over an aggregate: ClickHouse applies it to the
/// aggregated rows (its planner, src/Planner/Planner.cpp, computes the select list after
/// aggregating and `HAVING`; its stateless test of aggregate-state versions selects
/// `arrayJoin(groupArray(x)) AS y FROM (…)`), as it applies one in `HAVING`: each aggregated
/// row once per element of the array computed of it, several arrays their product, one
/// expression's calls one join (the arrayJoin function's documentation: multiple calls
/// multiply the rows, the same expression's are one common subexpression), then `ORDER BY`,
/// `LIMIT … BY`, `WITH FILL`, `DISTINCT` and `LIMIT` over those rows. One read in `WHERE`,
/// `GROUP BY` or `HAVING`, beside a window or ROLLUP, or of intervals is not run here.
#[test]
fn get_verifications__array_join_of_an_aggregate() {
    let (s, ka, kb) = recorded(); // ka: credits 1, 4 and 10, tags [t1], [t1, t2], []; kb: 0, [t2]
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, arrayJoin(groupArray(spent_credits)) AS c, count() AS n FROM key_verifications_v1 GROUP BY ks ORDER BY c"),
        json!([
            {"ks": kb, "c": 0, "n": 1},
            {"ks": ka, "c": 1, "n": 3},
            {"ks": ka, "c": 4, "n": 3},
            {"ks": ka, "c": 10, "n": 3},
        ])
    );
    // Through an alias, a literal array of aggregates, and no GROUP BY (one row: 4).
    assert_eq!(
        run(&s, "SELECT count() AS n, arrayJoin([n, n * 10]) AS c FROM key_verifications_v1 GROUP BY key_space_id ORDER BY c"),
        json!([{"n": 1, "c": 1}, {"n": 3, "c": 3}, {"n": 1, "c": 10}, {"n": 3, "c": 30}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT arrayJoin([count(), 1]) AS x FROM key_verifications_v1 ORDER BY x"
        ),
        json!([{"x": 1}, {"x": 4}])
    );
    // Over no rows: the one aggregated row, with its empty groupArray none.
    assert_eq!(
        run(&s, "SELECT arrayJoin([count(), 1]) AS x FROM key_verifications_v1 WHERE spent_credits > 100 ORDER BY x"),
        json!([{"x": 0}, {"x": 1}])
    );
    assert_eq!(
        run(&s, "SELECT arrayJoin(groupArray(spent_credits)) AS c FROM key_verifications_v1 WHERE spent_credits > 100"),
        json!([])
    );
    // Two arrays: their product (kb 1 × 2, ka 3 × 2), the first three; one expression twice:
    // one join.
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, arrayJoin(groupArray(spent_credits)) AS c, arrayJoin([0, count()]) AS m FROM key_verifications_v1 GROUP BY ks ORDER BY c, m LIMIT 3"),
        json!([{"ks": kb, "c": 0, "m": 0}, {"ks": kb, "c": 0, "m": 1}, {"ks": ka, "c": 1, "m": 0}])
    );
    assert_eq!(
        run(&s, "SELECT arrayJoin(groupArray(spent_credits)) AS a, arrayJoin(groupArray(spent_credits)) + 1 AS b FROM key_verifications_v1 ORDER BY a"),
        json!([{"a": 0, "b": 1}, {"a": 1, "b": 2}, {"a": 4, "b": 5}, {"a": 10, "b": 11}])
    );
    // The element with an aggregate; ORDER BY an aggregate, and a function of the element.
    assert_eq!(
        run(&s, "SELECT arrayJoin(groupArray(spent_credits)) * count() AS y FROM key_verifications_v1 GROUP BY key_space_id ORDER BY y"),
        json!([{"y": 0}, {"y": 3}, {"y": 12}, {"y": 30}])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, arrayJoin(groupArray(spent_credits)) AS c FROM key_verifications_v1 GROUP BY ks ORDER BY count() DESC, c"),
        json!([{"ks": ka, "c": 1}, {"ks": ka, "c": 4}, {"ks": ka, "c": 10}, {"ks": kb, "c": 0}])
    );
    assert_eq!(
        run(&s, "SELECT arrayJoin(groupArray(tags)) AS t FROM key_verifications_v1 GROUP BY key_space_id ORDER BY length(t), t"),
        json!([{"t": []}, {"t": ["t1"]}, {"t": ["t2"]}, {"t": ["t1", "t2"]}])
    );
    // After HAVING (kb's group dropped), then LIMIT … BY, DISTINCT, WITH FILL (1, 3, 5, 5).
    assert_eq!(
        run(&s, "SELECT arrayJoin(groupArray(spent_credits)) AS c FROM key_verifications_v1 GROUP BY key_space_id HAVING count() > 1 ORDER BY c"),
        json!([{"c": 1}, {"c": 4}, {"c": 10}])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, arrayJoin(groupArray(spent_credits)) AS c FROM key_verifications_v1 GROUP BY ks ORDER BY c DESC LIMIT 1 BY ks"),
        json!([{"ks": ka, "c": 10}, {"ks": kb, "c": 0}])
    );
    assert_eq!(
        run(&s, "SELECT DISTINCT arrayJoin([count(), 3]) AS x FROM key_verifications_v1 GROUP BY key_space_id ORDER BY x"),
        json!([{"x": 1}, {"x": 3}])
    );
    assert_eq!(
        run(&s, "SELECT arrayJoin([count(), 5]) AS x FROM key_verifications_v1 GROUP BY key_space_id ORDER BY x WITH FILL"),
        json!([{"x": 1}, {"x": 2}, {"x": 3}, {"x": 4}, {"x": 5}, {"x": 5}])
    );
    // Beside an arrayJoin over rows (joined before aggregating, a key).
    assert_eq!(
        run(&s, "SELECT arrayJoin(groupArray(spent_credits)) AS c, arrayJoin(tags) AS t FROM key_verifications_v1 GROUP BY t ORDER BY t, c"),
        json!([{"c": 1, "t": "t1"}, {"c": 4, "t": "t1"}, {"c": 0, "t": "t2"}, {"c": 4, "t": "t2"}])
    );
    for q in [
        "SELECT arrayJoin(groupArray(spent_credits)) AS c FROM key_verifications_v1 HAVING c > 1",
        "SELECT arrayJoin(groupArray(spent_credits)) AS c, sum(c) OVER () AS w FROM key_verifications_v1",
        "SELECT arrayJoin(groupArray(spent_credits)) AS c FROM key_verifications_v1 GROUP BY key_space_id WITH ROLLUP",
        "SELECT toString(arrayJoin(groupArray(toIntervalDay(spent_credits)))) AS x FROM key_verifications_v1",
        "SELECT max(toIntervalDay(spent_credits)) AS m, arrayJoin([count()]) AS x FROM key_verifications_v1",
    ] {
        let (ty, detail) = refused(&s, q);
        assert_eq!(ty, "invalid_analytics_query", "{q}");
        assert!(detail.starts_with("unkey-local does not run"), "{q}: {detail}");
    }
    assert_eq!(
        run(&s, &format!("SELECT arrayJoin(tags) AS t, count() AS n, arrayJoin([1, 2]) AS k FROM key_verifications_v1 WHERE key_space_id = '{kb}' GROUP BY t, k ORDER BY k")),
        json!([{"t": "t2", "n": 1, "k": 1}, {"t": "t2", "n": 1, "k": 2}])
    );
}

/// An array of intervals read through its name: a `WITH <expression> AS name` stands for the
/// expression wherever the name is used, and a select-list alias for its expression (ClickHouse
/// docs, statements/select/with.md: "WITH <expression> AS <identifier>"), so `arrayJoin`, `has`,
/// `hasAny`, `hasAll` and `length` of the name read the literal as they read it written out,
/// in the literal's common kind (`array` casts each element to it: a day is 24 hours). `has`
/// compares the needle's stored count as it is (Functions/array/arrayIndex.h, so `has(a,
/// INTERVAL 1 DAY)` finds no 1 among 24 and 2); `hasAny` and `hasAll` cast both arrays to
/// their common type first (Functions/array/hasAllAny.h: castColumn to getLeastSupertype),
/// also over `groupArray` of an interval. That cast converts an array's elements as one
/// column and answers its first element's count for each (FunctionsConversion.cpp,
/// interval-to-interval ConvertImpl reads `getInt(0)`), so an array of different counts
/// converted to a smaller kind is not run here.
#[test]
fn get_verifications__arrays_of_intervals_through_aliases() {
    let s = at_one_verification(); // 2030-03-31 12:34:56.123
    for q in [
        "WITH [INTERVAL 1 DAY, INTERVAL 2 HOUR] AS a SELECT toString(arrayJoin(a)) AS c, now() - arrayJoin(a) AS t FROM key_verifications_v1 ORDER BY t",
        "SELECT [INTERVAL 1 DAY, INTERVAL 2 HOUR] AS a, toString(arrayJoin(a)) AS c, now() - arrayJoin(a) AS t FROM key_verifications_v1 ORDER BY t",
    ] {
        let rows: Vec<_> = run(&s, q)
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["c"].clone(), r["t"].clone()))
            .collect();
        assert_eq!(
            rows,
            [
                (json!("24"), json!("2030-03-30T12:34:56Z")),
                (json!("2"), json!("2030-03-31T10:34:56Z")),
            ],
            "{q}"
        );
    }
    // (A `WITH` array's commas are its own: the next name follows it.)
    assert_eq!(
        run(&s, "WITH [1, 2] AS a, 3 AS b SELECT arrayJoin(a) + b AS x FROM key_verifications_v1 ORDER BY x"),
        json!([{"x": 4}, {"x": 5}])
    );
    // The alias itself is still answered as the array it is (as upstream's driver writes it).
    assert_eq!(
        run(&s, "SELECT [INTERVAL 1 DAY, INTERVAL 2 HOUR] AS a, a AS b, length(b) AS n, toString(arrayJoin(b)) AS c FROM key_verifications_v1 ORDER BY c"),
        json!([
            {"a": ["24 Hours", "2 Hours"], "b": ["24 Hours", "2 Hours"], "n": 2, "c": "2"},
            {"a": ["24 Hours", "2 Hours"], "b": ["24 Hours", "2 Hours"], "n": 2, "c": "24"},
        ])
    );
    assert_eq!(
        run(&s, "WITH [INTERVAL 1 DAY, INTERVAL 2 HOUR] AS a, [INTERVAL 2 HOUR] AS h SELECT has(a, INTERVAL 24 HOUR) AS x, has(a, INTERVAL 1 DAY) AS y, hasAll(a, h) AS z, hasAny(h, a) AS w, hasAll(h, a) AS v FROM key_verifications_v1"),
        json!([{"x": 1, "y": 0, "z": 1, "w": 1, "v": 0}])
    );
    assert_eq!(
        run(&s, "SELECT [INTERVAL 1 MINUTE] AS m, has(m, INTERVAL 1 MINUTE) AS x, hasAny(m, [INTERVAL 60 SECOND]) AS y, hasAll([INTERVAL 2 DAY, INTERVAL 2 DAY], [INTERVAL 48 HOUR]) AS z FROM key_verifications_v1"),
        json!([{"m": ["1 Minute"], "x": 1, "y": 1, "z": 1}])
    );
    // `groupArray` of an interval (here a verification's 0 credits as days), also by its alias.
    assert_eq!(
        run(&s, "SELECT groupArray(toIntervalDay(spent_credits)) AS g, has(g, INTERVAL 0 DAY) AS x, hasAny(g, [INTERVAL 1 DAY]) AS y, hasAll(groupArray(toIntervalDay(spent_credits)), [INTERVAL 0 DAY]) AS z, hasAny(groupArray(INTERVAL 1 DAY), [INTERVAL 24 HOUR]) AS w FROM key_verifications_v1"),
        json!([{"g": ["0 Day"], "x": 1, "y": 0, "z": 1, "w": 1}])
    );
    for q in [
        "WITH [INTERVAL 1 DAY] AS a SELECT has(a, INTERVAL 1 MONTH) AS x FROM key_verifications_v1",
        "SELECT [INTERVAL 1 DAY] AS a, has(a, 1) AS x FROM key_verifications_v1",
        "WITH [INTERVAL 1 MONTH, INTERVAL 1 DAY] AS a SELECT arrayJoin(a) AS x FROM key_verifications_v1",
        "WITH [INTERVAL 1 MONTH] AS a SELECT hasAny(a, [INTERVAL 30 DAY]) AS x FROM key_verifications_v1",
    ] {
        assert_invalid(&s, q);
    }
    for q in [
        "SELECT hasAny([INTERVAL 1 DAY, INTERVAL 2 DAY], [INTERVAL 48 HOUR]) AS x FROM key_verifications_v1",
        "SELECT hasAny(groupArray(toIntervalDay(spent_credits)), [INTERVAL 1 HOUR]) AS x FROM key_verifications_v1",
    ] {
        let (ty, detail) = refused(&s, q);
        assert_eq!(ty, "invalid_analytics_query", "{q}");
        assert!(detail.starts_with("unkey-local does not run"), "{q}: {detail}");
    }
}

/// An interval `IN` a list of intervals: ClickHouse builds the set by converting each item to
/// the left operand's type (Analyzer/SetUtils.cpp `getSetElementsForConstantValue`, each item
/// through `convertFieldToTypeStrict`) and compares stored counts. Its `convertFieldToType`
/// keeps an item of the same type as it is and has no case for another `Interval` target,
/// so an item of another kind (even an equal length, `INTERVAL 24 HOUR` for a day) or of
/// another type is TYPE_MISMATCH, upstream's 400 "Invalid analytics query". A number on
/// the left compares with each item's count, a string with its text, a time as below.
#[test]
fn get_verifications__intervals_in_lists() {
    let s = at_one_verification();
    assert_eq!(
        run(&s, "SELECT INTERVAL 1 DAY IN (INTERVAL 1 DAY, INTERVAL 2 DAY) AS a, toIntervalDay(3) IN (INTERVAL 1 DAY, toIntervalDay(2)) AS b, INTERVAL 2 DAY NOT IN (INTERVAL 1 DAY) AS c, INTERVAL 1 MONTH + INTERVAL 2 MONTH IN (INTERVAL 3 MONTH) AS d FROM key_verifications_v1"),
        json!([{"a": 1, "b": 0, "c": 1, "d": 1}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE toIntervalHour(2) IN (INTERVAL 1 HOUR, INTERVAL 2 HOUR)"),
        json!([{"n": 1}])
    );
    for q in [
        "SELECT INTERVAL 1 DAY IN (INTERVAL 24 HOUR) AS a FROM key_verifications_v1",
        "SELECT INTERVAL 1 DAY IN (INTERVAL 1 DAY, INTERVAL 1 HOUR) AS a FROM key_verifications_v1",
        "SELECT INTERVAL 1 DAY IN (1) AS a FROM key_verifications_v1",
        "SELECT INTERVAL 1 DAY NOT IN ('1') AS a FROM key_verifications_v1",
        "SELECT INTERVAL 1 DAY IN (INTERVAL 1 DAY + INTERVAL 1 HOUR) AS a FROM key_verifications_v1",
    ] {
        assert_invalid(&s, q);
    }
    // A number on the left takes each item's count as it is (convertFieldToType's
    // convertNumericType of the interval's Int64), a string its text (FieldVisitorToString).
    assert_eq!(
        run(&s, "SELECT 1 IN (INTERVAL 1 DAY) AS a, 24 IN (INTERVAL 1 DAY, INTERVAL 2 DAY) AS b, 2.0 NOT IN (toIntervalMonth(2)) AS c, '1' IN (INTERVAL 1 DAY) AS d, '1 Day' IN (INTERVAL 1 DAY, INTERVAL 2 DAY) AS e FROM key_verifications_v1"),
        json!([{"a": 1, "b": 0, "c": 0, "d": 1, "e": 0}])
    );
    // A time on the left (convertFieldToType of the item's Int64): a `Date` takes the count
    // as a day number (convertNumericType<UInt64>; a negative count converts to Null, left
    // out of the set; the set's `UInt16` column keeps its low 16 bits), a `DateTime64` as seconds (decimalFromComponents), and a `DateTime`
    // has no case for an Int64, its TYPE_MISMATCH.
    assert_eq!(
        run(&s, "SELECT toDate('1970-01-02') IN (INTERVAL 1 DAY) AS a, toDate('1970-01-03') IN (INTERVAL 1 DAY, toIntervalMonth(2)) AS b, toDate('1970-01-01') NOT IN (toIntervalDay(-1)) AS c, toDate('1970-01-02') IN (toIntervalYear(1)) AS d, toDate('2030-01-01') IN (INTERVAL 1 DAY) AS e, toDate('1970-01-02') IN (toIntervalDay(65537)) AS f FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1, "c": 1, "d": 1, "e": 0, "f": 1}])
    );
    assert_eq!(
        run(&s, "SELECT toDateTime64('1970-01-01 00:00:05', 3) IN (INTERVAL 5 DAY) AS a, toDateTime64('1970-01-01 00:00:05', 3) IN (INTERVAL 5 MINUTE, INTERVAL 6 MINUTE) AS b, toDateTime64('1970-01-01 00:00:05.5', 3) IN (INTERVAL 5 SECOND) AS c FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1, "c": 0}])
    );
    assert_eq!(
        refused(
            &s,
            "SELECT toDateTime('1970-01-01 00:00:01') IN (INTERVAL 1 SECOND) AS a FROM key_verifications_v1"
        ),
        (
            "invalid_analytics_query".to_string(),
            "Invalid analytics query".to_string()
        )
    );
}

/// `WITH ROLLUP|CUBE` and `GROUPING SETS` with `SELECT DISTINCT` (ClickHouse's distinct.md:
/// after the groups and `HAVING`, before `ORDER BY`) and with an `ORDER BY` of other than
/// answered columns by name: a position, an aggregate not answered, a key not answered, an
/// expression of a key (the key its type's default where a group leaves it out, as the
/// group's answered key is: `length(outcome)` is 0 there, not 5; outside aggregates only; a
/// key that is an expression too), and with `WITH FILL`.
#[test]
fn get_verifications__rollup_distinct_and_order_by_expressions() {
    let (s, ks_a, ks_b) = recorded(); // ks_a: 3 VALID (1, 4 and 10 credits), ks_b: 1 VALID
    assert_eq!(
        run(&s, "SELECT DISTINCT outcome FROM key_verifications_v1 GROUP BY key_space_id, outcome WITH ROLLUP ORDER BY outcome"),
        json!([{"outcome": ""}, {"outcome": "VALID"}])
    );
    assert_eq!(
        run(&s, "SELECT DISTINCT outcome, count() > 1 AS many FROM key_verifications_v1 GROUP BY GROUPING SETS ((key_space_id, outcome), (outcome)) ORDER BY many, outcome"),
        json!([{"outcome": "VALID", "many": 0}, {"outcome": "VALID", "many": 1}])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id, outcome FROM key_verifications_v1 GROUP BY key_space_id, outcome WITH ROLLUP ORDER BY count() DESC, length(outcome), key_space_id"),
        json!([
            {"key_space_id": "", "outcome": ""},
            {"key_space_id": ks_a, "outcome": ""},
            {"key_space_id": ks_a, "outcome": "VALID"},
            {"key_space_id": ks_b, "outcome": ""},
            {"key_space_id": ks_b, "outcome": "VALID"},
        ])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id, count() AS n FROM key_verifications_v1 GROUP BY key_space_id WITH CUBE ORDER BY 2 DESC"),
        json!([
            {"key_space_id": "", "n": 4},
            {"key_space_id": ks_a, "n": 3},
            {"key_space_id": ks_b, "n": 1},
        ])
    );
    let by_key = run(&s, "SELECT sum(spent_credits) AS spent FROM key_verifications_v1 GROUP BY key_space_id WITH ROLLUP ORDER BY key_space_id DESC");
    let (first, second) = if ks_a > ks_b { (15, 0) } else { (0, 15) };
    assert_eq!(
        by_key,
        json!([{"spent": first}, {"spent": second}, {"spent": 15}])
    );
    // An item that is an expression of a key reads the key's default where it is left out.
    assert_eq!(
        run(&s, "SELECT outcome, lower(outcome) AS low, count() AS n FROM key_verifications_v1 GROUP BY outcome WITH ROLLUP ORDER BY outcome"),
        json!([
            {"outcome": "", "low": "", "n": 4},
            {"outcome": "VALID", "low": "valid", "n": 4},
        ])
    );
    // Outside aggregates only, in an expression that has one too; a key that is an expression.
    assert_eq!(
        run(&s, "SELECT key_space_id, outcome FROM key_verifications_v1 GROUP BY key_space_id, outcome WITH ROLLUP ORDER BY count() * 10 + length(outcome)"),
        json!([
            {"key_space_id": ks_b, "outcome": ""},
            {"key_space_id": ks_b, "outcome": "VALID"},
            {"key_space_id": ks_a, "outcome": ""},
            {"key_space_id": ks_a, "outcome": "VALID"},
            {"key_space_id": "", "outcome": ""},
        ])
    );
    assert_eq!(
        run(&s, "SELECT length(outcome) + 1 AS l1, count() AS n FROM key_verifications_v1 GROUP BY length(outcome) WITH ROLLUP ORDER BY n, l1"),
        json!([{"l1": 1, "n": 4}, {"l1": 6, "n": 4}])
    );
    // `WITH FILL` by a key the query does not answer (the rolled-up row's is 0).
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 0 GROUP BY spent_credits WITH ROLLUP ORDER BY spent_credits WITH FILL STEP 3"),
        json!([{"n": 3}, {"n": 1}, {"n": 0}, {"n": 1}, {"n": 0}, {"n": 0}, {"n": 1}])
    );
    // `WITH FILL` over the groups (the rolled-up row's key is 0), `LIMIT` after it.
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, count() AS n FROM key_verifications_v1 WHERE spent_credits > 0 GROUP BY c WITH ROLLUP ORDER BY c WITH FILL STEP 3 LIMIT 4"),
        json!([{"c": 0, "n": 3}, {"c": 1, "n": 1}, {"c": 3, "n": 0}, {"c": 4, "n": 1}])
    );
}

/// A word right after a select-list item is its alias without `AS` (upstream's parser,
/// AfterShip clickhouse-sql-parser v0.4.18 `parseSelectItem`, takes it so and writes the query
/// back with `AS`), wherever the list's names are read: the answer, `GROUP BY`, `HAVING`,
/// `ORDER BY`, `WITH FILL`, rollups, subqueries and CTEs. A clause's word (`FROM`, `LIMIT`, …),
/// an interval's unit and a `CASE`'s `END` are none; two words in a row are a syntax error.
#[test]
fn get_verifications__implicit_select_aliases() {
    let (s, ks_a, ks_b) = recorded();
    assert_eq!(
        run(&s, "SELECT count() total FROM key_verifications_v1"),
        json!([{"total": 4}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT outcome o, count() c FROM key_verifications_v1 GROUP BY o ORDER BY c"
        ),
        json!([{"o": "VALID", "c": 4}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT DISTINCT lower(outcome) x FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"x": "valid"}])
    );
    // A keyword other than a clause's is a name too (`key`).
    assert_eq!(
        run(&s, "SELECT count() key FROM key_verifications_v1"),
        json!([{"key": 4}])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id k, sum(spent_credits) s FROM key_verifications_v1 GROUP BY k HAVING s > 0 ORDER BY s"),
        json!([{"k": ks_a, "s": 15}])
    );
    assert_eq!(
        run(&s, "SELECT k, n FROM (SELECT key_space_id k, count() n FROM key_verifications_v1 GROUP BY k) ORDER BY n DESC"),
        json!([{"k": ks_a, "n": 3}, {"k": ks_b, "n": 1}])
    );
    assert_eq!(
        run(&s, "WITH t AS (SELECT spent_credits s FROM key_verifications_v1) SELECT sum(s) total FROM t"),
        json!([{"total": 15}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits c, count() n FROM key_verifications_v1 WHERE spent_credits > 0 GROUP BY c WITH ROLLUP ORDER BY c WITH FILL STEP 3 LIMIT 4"),
        json!([{"c": 0, "n": 3}, {"c": 1, "n": 1}, {"c": 3, "n": 0}, {"c": 4, "n": 1}])
    );
    // Not aliases: the unit of `INTERVAL 1 DAY`, the `END` of `CASE`, `NULL` after `IS NOT`.
    assert_eq!(
        run(&s, "SELECT now() - INTERVAL 1 DAY > time old, outcome IS NOT NULL v FROM key_verifications_v1 LIMIT 1"),
        json!([{"old": 0, "v": 1}])
    );
    assert_eq!(
        run(&s, "SELECT CASE WHEN spent_credits > 5 THEN 'big' ELSE 'small' END size, count() n FROM key_verifications_v1 GROUP BY size ORDER BY size"),
        json!([{"size": "big", "n": 1}, {"size": "small", "n": 3}])
    );
    assert_eq!(
        refused(&s, "SELECT outcome o o2 FROM key_verifications_v1"),
        syntax_error("SELECT outcome o o2 FROM key_verifications_v1")
    );
    // Aliases inside and after a scalar subquery.
    assert_eq!(
        run(&s, "SELECT (SELECT count() n FROM key_verifications_v1) total, spent_credits c FROM key_verifications_v1 ORDER BY c DESC LIMIT 1"),
        json!([{"total": 4, "c": 10}])
    );
    // A number's exponent or hexadecimal digits are the number's, not an alias (ClickHouse
    // names the columns by the values: `100000.` a Float64, `31`).
    assert_eq!(
        run(
            &s,
            "SELECT 1e5, 2.5E-3 small, 0x1F FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"100000.": 100000, "small": 0.0025, "31": 31}])
    );
}

/// ClickHouse takes no `String` in arithmetic, compares no `String` expression with a number
/// (a string literal it reads as the number), and sums, averages or rounds no string or array:
/// ILLEGAL_TYPE_OF_ARGUMENT, which upstream's `ExtractUserFriendlyError` answers as "Invalid
/// analytics query". Numbers, and a name that is a select-list alias, still pass.
#[test]
fn get_verifications__string_operands_are_type_errors() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT outcome + 1 FROM key_verifications_v1",
        "SELECT 'a' + 1 AS x FROM key_verifications_v1",
        "SELECT (outcome) * 2 FROM key_verifications_v1",
        "SELECT 2 % upper(outcome) FROM key_verifications_v1",
        "SELECT count() FROM key_verifications_v1 WHERE outcome = 1",
        "SELECT count() FROM key_verifications_v1 WHERE 1 < key_id",
        "SELECT sum(outcome) FROM key_verifications_v1",
        "SELECT avg(key_id) FROM key_verifications_v1",
        "SELECT abs(tags) FROM key_verifications_v1",
        // A string literal that is no number of the other side's type (TYPE_MISMATCH).
        "SELECT count() FROM key_verifications_v1 WHERE spent_credits = 'abc'",
        "SELECT count() FROM key_verifications_v1 WHERE spent_credits > '4.0'",
        "SELECT CASE WHEN spent_credits > 5 THEN 'a' END + 1 AS x FROM key_verifications_v1",
    ] {
        assert_invalid(&s, query);
    }
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE '4' = spent_credits AND length(outcome) + 1 = 6"),
        json!([{"n": 1}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT count() AS outcome FROM key_verifications_v1 HAVING outcome > 1"
        ),
        json!([{"outcome": 4}])
    );
    // A string literal compared with a number is read as one of its type (an expression's
    // too, which SQLite would compare as text).
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE length(outcome) = '5' AND spent_credits / 2 > '1.5'"),
        json!([{"n": 2}])
    );
    // A division by zero is no error: ClickHouse's `inf`/`nan`, which upstream's executor
    // answers as `null` (internal/services/analytics/executor.go, `nullifyNonFinite`).
    assert_eq!(
        run(&s, "SELECT 1 / 0 AS x, spent_credits / 0 AS y, 0 / 0 AS z FROM key_verifications_v1 LIMIT 1"),
        json!([{"x": null, "y": null, "z": null}])
    );
}

/// `toInt32`/`toInt64`/`toFloat64` of a string that is no such number: ClickHouse's "Cannot
/// parse string …" (upstream's "Invalid SQL syntax"), for a literal as the query is analysed
/// (rows or not), for a column once a row has such a value.
#[test]
fn get_verifications__unreadable_numbers_are_syntax_errors() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT toInt64('abc') AS n FROM key_verifications_v1 WHERE spent_credits < 0",
        "SELECT toFloat64('x') AS n FROM key_verifications_v1",
        "SELECT toInt32('1.5') AS n FROM key_verifications_v1",
        "SELECT toInt64(outcome) AS n FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query),
            (
                "invalid_analytics_query".into(),
                "Invalid SQL syntax".into()
            ),
            "{query}"
        );
    }
    assert_eq!(
        run(
            &s,
            "SELECT toInt64(outcome) AS n FROM key_verifications_v1 WHERE spent_credits < 0"
        ),
        json!([])
    );
    assert_eq!(
        run(&s, "SELECT toInt64('42') AS n, toFloat64('1.5') AS f, toInt64(spent_credits / 4) AS q FROM key_verifications_v1 ORDER BY q DESC LIMIT 1"),
        json!([{"n": 42, "f": 1.5, "q": 2}])
    );
}

/// `toInt32`/`toInt64` of a number outside the width: an integer wraps round its bits (the
/// `toInt32` page of ClickHouse's docs: `toInt32(2147483648) == -2147483648`); a float is cut
/// toward zero, and one outside the width is the least value there (FunctionsConversion's
/// `ConvertImpl` converts it with a plain `static_cast`, x86's `cvttsd2si`); `inf` is refused
/// ("Unexpected inf or nan to integer conversion", ClickHouse's tests/integration test
/// `SELECT toUInt32(1 / 0)`; upstream's errors.go words it "Invalid analytics query"); a
/// string must read as an integer of the width (`toInt32('2147483648')` is "Cannot parse
/// string …", upstream's "Invalid SQL syntax"). (The docs' page: docs/en/sql-reference/functions/
/// type-conversion-functions.md.)
#[test]
fn get_verifications__integer_conversions_out_of_range() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT toInt32(2147483648) AS a, toInt32(4294967295) AS b, toInt32(-2147483649) AS c, toInt32(2147483647) AS d, toInt64(9223372036854775807) AS e, toInt32(spent_credits + 4294967296) AS f FROM key_verifications_v1 ORDER BY f DESC LIMIT 1"),
        json!([{"a": -2147483648i64, "b": -1, "c": 2147483647, "d": 2147483647, "e": 9223372036854775807i64, "f": 10}])
    );
    assert_eq!(
        run(&s, "SELECT toInt64(1e19) AS a, toInt64(-1e19) AS b, toInt32(3e9) AS c, toInt32(-2147483648.7) AS d, toInt32(2147483647.9) AS e, toInt64(-9.5) AS f, toInt32(1e10 + spent_credits) AS g FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": i64::MIN, "b": i64::MIN, "c": -2147483648i64, "d": -2147483648i64, "e": 2147483647, "f": -9, "g": -2147483648i64}])
    );
    for (query, detail) in [
        (
            "SELECT toInt64(1 / 0) AS n FROM key_verifications_v1",
            "Invalid analytics query",
        ),
        (
            "SELECT toInt32(-1 / 0) AS n FROM key_verifications_v1",
            "Invalid analytics query",
        ),
        (
            "SELECT toInt32('2147483648') AS n FROM key_verifications_v1",
            "Invalid SQL syntax",
        ),
        (
            "SELECT toInt32(toString(spent_credits + 2147483648)) AS n FROM key_verifications_v1",
            "Invalid SQL syntax",
        ),
    ] {
        assert_eq!(
            refused(&s, query),
            ("invalid_analytics_query".into(), detail.into()),
            "{query}"
        );
    }
    // A literal past Int64 is ClickHouse's UInt64, and a `DateTime` its UInt32 of seconds:
    // both wrap too (2040-01-01 is 2208988800 seconds, less 2^32).
    assert_eq!(
        run(&s, "SELECT toInt64(18446744073709551615) AS a, toInt32(18446744073709551614) AS b, toInt32(toDateTime('2040-01-01 00:00:00')) AS c, toInt64(toDateTime('2040-01-01 00:00:00')) AS d FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": -1, "b": -2, "c": -2085978496i64, "d": 2208988800i64}])
    );
    assert_eq!(
        run(&s, "SELECT toInt32('-2147483648') AS a, toInt64('2147483648') AS b FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": -2147483648i64, "b": 2147483648i64}])
    );
}

/// `toInt32` of a `DateTime64` (a `Decimal64` of its ticks): FunctionsConversion's ConvertImpl
/// takes a decimal to a number through `convertFromDecimal` (DecimalUtils.h `convertToImpl`),
/// its whole part toward zero, and one outside `Int32` is DECIMAL_OVERFLOW "Convert overflow"
/// (upstream's "Invalid analytics query"), where a `DateTime`'s `UInt32` wraps; `toInt64` takes
/// any. (ClickHouse's src/Functions/FunctionsConversion.h and src/Core/DecimalFunctions.h, the
/// stored versions newer than 25.6; `convertToImpl`'s range check is older than 25.6.)
#[test]
fn get_verifications__datetime64_to_int32_out_of_range() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT toInt32(toDateTime64('2038-01-19 03:14:07.999', 3)) AS a, toInt32(toDateTime64('1901-12-13 20:45:52.5', 1)) AS b, toInt64(toDateTime64('2040-01-01 00:00:00.5', 3)) AS c, toInt32(toDateTime64('1969-12-31 23:59:59.5', 1)) AS d FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 2147483647, "b": -2147483647, "c": 2208988800i64, "d": 0}])
    );
    for query in [
        "SELECT toInt32(toDateTime64('2038-01-19 03:14:08', 3)) AS n FROM key_verifications_v1",
        "SELECT toInt32(toDateTime64('1901-12-13 20:45:51', 0)) AS n FROM key_verifications_v1",
        "SELECT toInt32(toDateTime64('2040-01-01 00:00:00.123456789', 9)) AS n FROM key_verifications_v1",
        "SELECT toInt32(toDateTime64(time / 1000 + 400000000, 3)) AS n FROM key_verifications_v1",
    ] {
        assert_invalid(&s, query);
    }
    // (A value of the rows: where none reaches it, nothing is converted.)
    assert_eq!(
        run(&s, "SELECT toInt32(toDateTime64(time / 1000 + 400000000, 3)) AS n FROM key_verifications_v1 WHERE spent_credits > 100"),
        json!([])
    );
}

/// A constant ClickHouse folds as it analyses the query: its analyzer's resolveFunction
/// (src/Analyzer/Resolve/QueryAnalyzer.cpp) resolves a function's arguments first, then
/// executes a function whose arguments are all constants and keeps the result, and an error
/// there fails the query. So a conversion of constants that fails (`toInt64(1 / 0)`, `toInt32`
/// of a `DateTime64` past 2038, `%` of integers by zero, `hasAny` of constants of no common
/// type) fails the query where no row reaches it too: under a `WHERE` no row passes, in a
/// branch of `if` or `CASE` not taken (each argument is folded before the function over them
/// is built, so no short-circuit spares it), after a false term of `AND`, inside an
/// aggregate, in a subquery of no row, through a `WITH` alias read there. What reads a column
/// fails only where a row reaches it, and a `WITH` alias never read is never resolved
/// (resolveQuery clears the `WITH` section), so neither fails there; constants that fold
/// without an error answer as before.
#[test]
fn get_verifications__failing_constants_fail_where_no_row_reaches_them() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT toInt64(1 / 0) AS n FROM key_verifications_v1 WHERE spent_credits < 0",
        "SELECT toInt32(toDateTime64('2040-01-01 00:00:00', 3)) AS n FROM key_verifications_v1 WHERE spent_credits < 0",
        "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits < 0 AND toInt64(-1 / 0) = spent_credits",
        "SELECT count() AS n FROM key_verifications_v1 WHERE 0 AND toInt32(1 / 0) = 1",
        "SELECT if(spent_credits < 0, toInt64(1 / 0), 0) AS n FROM key_verifications_v1",
        "SELECT if(1, 0, toInt64(1 / 0)) AS n FROM key_verifications_v1",
        "SELECT CASE WHEN spent_credits > 100 THEN toInt64(1 / 0) ELSE 0 END AS n FROM key_verifications_v1",
        "SELECT sum(toInt64(1 / 0)) AS n FROM key_verifications_v1 WHERE spent_credits < 0",
        "SELECT toString(toInt64(1 / 0)) AS n FROM key_verifications_v1 WHERE spent_credits < 0",
        "SELECT n FROM (SELECT toInt32(toDateTime64('2040-01-01 00:00:00', 3)) AS n FROM key_verifications_v1 WHERE spent_credits < 0)",
        "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits IN (SELECT toInt64(1 / 0) FROM key_verifications_v1 WHERE spent_credits < 0)",
        "SELECT spent_credits % (1 % 0) AS n FROM key_verifications_v1 WHERE spent_credits < 0",
        "SELECT 1 + 7 % 0 AS n FROM key_verifications_v1 WHERE spent_credits < 0",
        "SELECT 2 * toInt64(1 / 0) + 1 AS n FROM key_verifications_v1 WHERE spent_credits < 0",
        "SELECT hasAny([1], [now()]) AS h FROM key_verifications_v1 WHERE spent_credits < 0",
        "SELECT outcome FROM key_verifications_v1 WHERE spent_credits < 0 ORDER BY toInt64(1 / 0)",
        "SELECT outcome FROM key_verifications_v1 WHERE spent_credits < 0 UNION ALL SELECT toString(toInt64(1 / 0)) FROM key_verifications_v1 WHERE 0",
        "WITH toInt64(1 / 0) AS bad SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits < 0 AND bad = spent_credits",
    ] {
        assert_invalid(&s, query);
    }
    for (query, want) in [
        (
            "SELECT toInt64(spent_credits / 0) AS n FROM key_verifications_v1 WHERE spent_credits < 0",
            json!([]),
        ),
        (
            "SELECT if(spent_credits < 0, toInt64(spent_credits / 0), 0) AS n FROM key_verifications_v1 WHERE spent_credits = 4",
            json!([{"n": 0}]),
        ),
        (
            "WITH toInt64(1 / 0) AS unused SELECT count() AS n FROM key_verifications_v1",
            json!([{"n": 4}]),
        ),
        (
            "SELECT toInt64(1 / 2) AS a FROM key_verifications_v1 WHERE spent_credits < 0 AND now() = now() AND 7 % 2 = 1",
            json!([]),
        ),
        (
            "SELECT toInt64(7 / 2) AS a, toString(7 % 2) AS b, toDate('2026-01-02') + 1 AS c, hasAny([1], [1.5]) AS d FROM key_verifications_v1 WHERE spent_credits = 4",
            json!([{"a": 3, "b": "1", "c": "2026-01-03T00:00:00Z", "d": 0}]),
        ),
    ] {
        assert_eq!(run(&s, query), want, "{query}");
    }
}

/// ClickHouse folds a call of constants holding `IS [NOT] NULL`, `BETWEEN` or `[NOT]
/// [I]LIKE` as any other (resolveFunction executes a function of constant arguments), and a
/// scalar subquery it runs as it analyses the query (evaluateScalarSubqueryIfNeeded makes
/// it a constant; one of an array or tuple becomes `__getScalar`, which ActionsDAG executes
/// as it is built): one that fails (`toInt64` of an `inf`) fails the query where no row
/// reaches it too, in a branch of `if` not taken or after a false `AND`; so does a call with
/// a lambda that captures no column over constant arrays (FunctionCapture's constant, which
/// ActionsDAG executes as the plan is built). Each is read here before the query runs (a
/// scalar subquery with the query's CTEs). An `IN` subquery is no constant there (its set is
/// built, not folded), nor here, nor a lambda that captures a column.
#[test]
fn get_verifications__constants_with_operators_and_scalar_subqueries_fold() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT if(spent_credits > 100, toInt64(if(1 IS NOT NULL, 1 / 0, 1)), 0) AS a FROM key_verifications_v1",
        "SELECT if(spent_credits > 100, toInt64(if(NULL IS NULL, 1 / 0, 1)), 0) AS a FROM key_verifications_v1",
        "SELECT if(spent_credits > 100, toInt64(if(1 BETWEEN 0 AND 2, 1 / 0, 1)), 0) AS a FROM key_verifications_v1",
        "SELECT if(spent_credits > 100, toInt64(if('a' LIKE 'a%', 1 / 0, 1)), 0) AS a FROM key_verifications_v1",
        "SELECT if(spent_credits > 100, toInt64(if('a' NOT ILIKE 'B', 1 / 0, 1)), 0) AS a FROM key_verifications_v1",
        "SELECT if(spent_credits > 100, toInt64((SELECT 1 / 0)), 0) AS a FROM key_verifications_v1",
        "SELECT if(spent_credits > 100, toInt64(if((SELECT 1) = 1, 1 / 0, 1)), 0) AS a FROM key_verifications_v1",
        "SELECT if(spent_credits > 100, toInt64((SELECT max(spent_credits) FROM key_verifications_v1) / 0), 0) AS a FROM key_verifications_v1",
        "SELECT if(spent_credits > 100, (SELECT 5) % 0, 0) AS a FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 100 AND (SELECT toInt64(max(spent_credits) / 0) FROM key_verifications_v1) > 0",
        "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 100 AND now() - toIntervalDay(toInt64(if(1 IS NULL, 1, 1 / 0))) > now()",
        "WITH c AS (SELECT spent_credits FROM key_verifications_v1) SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 100 AND toInt64((SELECT max(spent_credits) FROM c) / 0) > 0",
        "SELECT if(spent_credits > 100, length(arrayFilter(x -> toInt64(x / 0) > 0, [1])), 0) AS a FROM key_verifications_v1",
        "SELECT if(spent_credits > 100, length(arrayFilter((x, y) -> toInt64(x / y) > 0, [1], [0])), 0) AS a FROM key_verifications_v1",
        "SELECT if(spent_credits > 100, toInt64(if(arrayFilter(x -> x > 0, [1]) = [1], 1 / 0, 1)), 0) AS a FROM key_verifications_v1",
    ] {
        assert_invalid(&s, query);
    }
    // (What does not fail runs; an `IN` subquery is no constant.)
    for (query, want) in [
        (
            "SELECT if(spent_credits > 100, toInt64(if(1 IS NOT NULL, 7 / 2, 1)), 0) AS a, toInt64((SELECT count() FROM key_verifications_v1) / 2) AS b, 'a' LIKE 'a%' AS c FROM key_verifications_v1 WHERE spent_credits = 4",
            json!([{"a": 0, "b": 2, "c": 1}]),
        ),
        (
            "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 100 AND (SELECT toInt64(max(spent_credits) / 2) FROM key_verifications_v1) > 0",
            json!([{"n": 0}]),
        ),
        (
            "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 100 AND spent_credits IN (SELECT toInt64(max(spent_credits) / 0) FROM key_verifications_v1)",
            json!([{"n": 0}]),
        ),
        (
            "SELECT if(spent_credits > 100, length(arrayFilter(x -> toInt64(x / 0) > spent_credits, [1])), 0) AS a, length(arrayFilter(x -> x > 0, [1, -1, 2])) AS b FROM key_verifications_v1 WHERE spent_credits = 4",
            json!([{"a": 0, "b": 2}]),
        ),
    ] {
        assert_eq!(run(&s, query), want, "{query}");
    }
}

/// Of several constants that fail, the first ClickHouse folds is the query's error: a
/// `SELECT`'s `FROM` (its subqueries, its joins' `ON`) first, then its select list, then
/// `WHERE` and the other clauses (QueryAnalyzer.cpp resolveQuery's order), each argument
/// before its call; a string literal no number reads ("Cannot parse string", upstream's
/// "Invalid SQL syntax") among them in its place; and before any row's failure as the query
/// runs. In a CTE's body, whose constants ClickHouse folds only where the query names it,
/// none is read where the query never names the CTE; where it does (which use reaches the
/// body is not followed here), one is the error where SQLite reaches it, and refused as not
/// run where the query answers without.
#[test]
fn get_verifications__the_first_failing_constant_is_the_error() {
    let (s, _, _) = recorded();
    for (query, detail) in [
        (
            "SELECT toInt64(1 / 0) AS a, toInt32('x') AS b FROM key_verifications_v1",
            "Invalid analytics query",
        ),
        (
            "SELECT toInt32('x') AS b, toInt64(1 / 0) AS a FROM key_verifications_v1",
            "Invalid SQL syntax",
        ),
        (
            "SELECT toInt64(1 / 0) AS a FROM key_verifications_v1 WHERE toInt32('x') = 1",
            "Invalid analytics query",
        ),
        (
            "SELECT toInt32('x') AS b FROM key_verifications_v1 WHERE toInt64(1 / 0) = 1",
            "Invalid SQL syntax",
        ),
        (
            "SELECT toInt32('x') AS b FROM (SELECT toInt64(1 / 0) AS a FROM key_verifications_v1)",
            "Invalid analytics query",
        ),
        (
            "SELECT toInt32('x') AS b FROM key_verifications_v1 AS l INNER JOIN key_verifications_v1 AS r ON l.key_id = r.key_id AND r.spent_credits = toInt64(1 / 0)",
            "Invalid analytics query",
        ),
        (
            "SELECT toInt64(outcome) AS a, toInt64(1 / 0) AS b FROM key_verifications_v1",
            "Invalid analytics query",
        ),
    ] {
        assert_eq!(
            refused(&s, query),
            ("invalid_analytics_query".into(), detail.into()),
            "{query}"
        );
    }
    assert_invalid(
        &s,
        "WITH c AS (SELECT toInt64(1 / 0) AS n FROM key_verifications_v1) SELECT n FROM c",
    );
    // (One the query never names ClickHouse never resolves.)
    for query in [
        "WITH c AS (SELECT toInt64(1 / 0) AS n FROM key_verifications_v1) SELECT count() AS n FROM key_verifications_v1",
        "WITH c AS (SELECT toInt32('x') AS n FROM key_verifications_v1) SELECT count() AS n FROM key_verifications_v1",
    ] {
        assert_eq!(run(&s, query), json!([{"n": 4}]), "{query}");
    }
    let (_, detail) = refused(
        &s,
        "WITH c AS (SELECT toInt64(1 / 0) AS n FROM key_verifications_v1 WHERE spent_credits < 0) SELECT n FROM c",
    );
    assert!(detail.starts_with("unkey-local does not run"), "{detail}");
}

/// A call over a lambda of constants ClickHouse folds only as its planner builds the
/// ActionsDAG, after its analyzer has resolved (and folded) the whole query: resolveFunction
/// folds a call whose arguments are all `ConstantNode`s, which a `LambdaNode` is not
/// (src/Analyzer/Resolve/resolveFunction.cpp). So where such a call and a constant the
/// analyzer folds both fail, the analyzer's is the error wherever the two stand, and their
/// errors can differ through upstream's WrapClickHouseError (`toInt64` of an `inf`, "Invalid
/// analytics query"; a string no number reads, "Invalid SQL syntax"). A scalar subquery
/// holding such a call builds its plan as the analyzer reaches it, so fails there; where the
/// call stands in another subquery (`FROM (SELECT …)`), or two such calls fail otherwise, the
/// order is not followed and the query is refused as not run.
#[test]
fn get_verifications__a_lambdas_fold_fails_after_the_analyzers() {
    let (s, _, _) = recorded();
    let lambda = "length(arrayFilter(x -> toInt64(x / 0) > 0, [1]))";
    for (query, detail) in [
        (
            format!("SELECT toInt32('x') AS b, {lambda} AS a FROM key_verifications_v1"),
            "Invalid SQL syntax",
        ),
        (
            format!("SELECT {lambda} AS a, toInt32('x') AS b FROM key_verifications_v1"),
            "Invalid SQL syntax",
        ),
        (
            format!("SELECT {lambda} AS a FROM key_verifications_v1 WHERE toInt32('x') = 1"),
            "Invalid SQL syntax",
        ),
        (
            format!("SELECT {lambda} AS a FROM key_verifications_v1 WHERE spent_credits = (SELECT toInt32('x'))"),
            "Invalid SQL syntax",
        ),
        (
            format!("SELECT (SELECT {lambda}) AS a, toInt32('x') AS b FROM key_verifications_v1"),
            "Invalid analytics query",
        ),
        (
            format!("SELECT {lambda} AS a, toInt64(1 / 0) AS b FROM key_verifications_v1"),
            "Invalid analytics query",
        ),
        (
            format!("SELECT {lambda} AS a, toInt64(1 / 2) AS b FROM key_verifications_v1"),
            "Invalid analytics query",
        ),
        (
            format!("SELECT {lambda} AS a FROM key_verifications_v1 WHERE toInt64(1 / 0) = 1"),
            "Invalid analytics query",
        ),
    ] {
        assert_eq!(
            refused(&s, &query),
            ("invalid_analytics_query".into(), detail.into()),
            "{query}"
        );
    }
    // (The second call's string no number reads fails as "Invalid SQL syntax".)
    for query in [
        format!("SELECT toInt32('x') AS b FROM (SELECT {lambda} AS a FROM key_verifications_v1)"),
        format!("SELECT {lambda} AS a, length(arrayFilter(x -> toInt32(x) > 0, ['x'])) AS b FROM key_verifications_v1"),
    ] {
        let (code, detail) = refused(&s, &query);
        assert_eq!(code, "invalid_analytics_query", "{query}");
        assert!(
            detail.starts_with("unkey-local does not run a query where a call over a lambda"),
            "{query}: {detail}"
        );
    }
}

/// ClickHouse's integer `+`, `-` and `*` keep their 64-bit type ("Overflow is produced the same
/// way as in C++", docs/en/sql-reference/functions/arithmetic-functions.md: an `Int64` wraps
/// round), where SQLite's turn to a float past 64 bits. Read further than the answer
/// (compared, `toString`, `max`, divided, a remainder, a subquery's column, after more
/// arithmetic), such a float is refused as not run where a row makes one, as it is answered;
/// integer arithmetic within 64 bits runs as before.
#[test]
fn get_verifications__integer_arithmetic_past_64_bits_read_further() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT count() AS n FROM key_verifications_v1 WHERE time * 1000000000 > 0",
        "SELECT toString(time * 1000000000) AS t FROM key_verifications_v1",
        "SELECT max(time * 10000000) AS t FROM key_verifications_v1",
        "SELECT time * 1000000000 / 2 AS t FROM key_verifications_v1",
        "SELECT time * 1000000000 % 7 AS t FROM key_verifications_v1",
        "SELECT time * 1000000000 + 0.5 AS t FROM key_verifications_v1",
        "SELECT time * 1000000000 - time * 1000000000 AS t FROM key_verifications_v1",
        "SELECT x FROM (SELECT time * 1000000000 AS x FROM key_verifications_v1)",
        "SELECT toString(toInt64('9223372036854775807') + spent_credits) AS t FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query),
            ("invalid_analytics_query".into(), "unkey-local does not run integer arithmetic past 64 bits, or an integer past 2^53 held as a float (the real server does); see the unkey-local README".into()),
            "{query}"
        );
    }
    assert_eq!(
        run(&s, "SELECT spent_credits * 2 + 1 AS t, toString(spent_credits * 3 - 1) AS u, max(time * 1000) > 0 AS m FROM key_verifications_v1 WHERE spent_credits * 1000 > 500 AND time * 1000000 > 0 GROUP BY spent_credits HAVING count() * 2 > 1 ORDER BY spent_credits * -1 LIMIT 2"),
        json!([{"t": 21, "u": "29", "m": 1}, {"t": 9, "u": "11", "m": 1}])
    );
    // (Where no row makes one, it runs.)
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 100 AND time * 1000000000 > 0"),
        json!([{"n": 0}])
    );
}

/// A unary minus: ClickHouse's `negate` of an `Int64` wraps the least one round to itself,
/// where SQLite's `-x` (`0 - x`) turns it to a float past 64 bits; read further than the
/// answer (compared, `toString`, `max`, divided, a remainder, a product, a subquery's column)
/// it is refused as not run where a row makes one, as it is answered, and where ClickHouse
/// folds it as a constant (`-toInt64(-1e19)`) whether a row reaches it or not. A float's is
/// its negative zero there (`negate(0.0)` is `-0.0`, Go's `-0`), SQLite's `0 - x` a zero.
#[test]
fn get_verifications__unary_minus_of_the_least_int64_and_of_a_float_zero() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT toString(-toInt64(-1e19)) AS t FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE -toInt64(-1e19) > 0",
        "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 100 AND -toInt64(-1e19) > 0",
        "SELECT -toInt64(-1e19) AS t FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE -toInt64(spent_credits - 1e19) > 0",
        "SELECT max(-toInt64(spent_credits - 1e19)) AS t FROM key_verifications_v1",
        "SELECT -toInt64(spent_credits - 1e19) / 2 AS t FROM key_verifications_v1",
        "SELECT -toInt64(spent_credits - 1e19) % 7 AS t FROM key_verifications_v1",
        "SELECT toString(-toInt64(spent_credits - 1e19) * 1) AS t FROM key_verifications_v1",
        "SELECT x FROM (SELECT -toInt64(spent_credits - 1e19) AS x FROM key_verifications_v1)",
        "SELECT toString(-[toInt64(spent_credits)][1] / 2) AS t FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query),
            ("invalid_analytics_query".into(), "unkey-local does not run integer arithmetic past 64 bits, or an integer past 2^53 held as a float (the real server does); see the unkey-local README".into()),
            "{query}"
        );
    }
    // (Where no row makes one, it runs; within 64 bits, as before.)
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 100 AND -toInt64(spent_credits - 1e19) > 0"),
        json!([{"n": 0}])
    );
    assert_eq!(
        run(&s, "SELECT -spent_credits AS a, toString(-spent_credits) AS b, -spent_credits / 4 AS c, -spent_credits % 3 AS d, -spent_credits * 2 AS e, -(spent_credits + 1) AS f, -max(spent_credits) OVER () AS w, -toInt64(-9e18) AS m FROM key_verifications_v1 WHERE spent_credits > 1 ORDER BY spent_credits"),
        json!([
            {"a": -4, "b": "-4", "c": -1, "d": -1, "e": -8, "f": -5, "w": -10, "m": 9000000000000000000u64},
            {"a": -10, "b": "-10", "c": -2.5, "d": -1, "e": -20, "f": -11, "w": -10, "m": 9000000000000000000u64},
        ])
    );
    // A float's negative zero: answered `-0` as upstream's Go writes it; an integer's zero has
    // no sign.
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT -(spent_credits * 1.0) AS f, -avg(spent_credits) AS a, -spent_credits AS i, -(spent_credits * 1.0) / 2 AS d FROM key_verifications_v1 WHERE spent_credits = 0 GROUP BY spent_credits"}),
    );
    assert_eq!(r.status, 200);
    let body = String::from_utf8_lossy(&r.body);
    assert!(body.contains(r#"[{"a":-0,"d":-0,"f":-0,"i":0}]"#), "{body}");
}

/// ClickHouse's `substring(s, offset[, length])`: offset 0 is the empty string, a negative
/// offset counts from the end, and a negative length leaves that many bytes off the end
/// (ClickHouse's tests/queries/0_stateless/01033_substr_negative_size_arg: `substr('clickhouse',
/// 2, -2)` is `lickhou`).
#[test]
fn get_verifications__substring_offsets_and_lengths() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT substring(outcome, 0, 2) AS a, substring(outcome, 2, 3) AS b, substring(outcome, -3) AS c, substring(outcome, 2, -2) AS d, substring('clickhouse', 2, -2) AS e FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": "", "b": "ALI", "c": "LID", "d": "AL", "e": "lickhou"}])
    );
}

/// ClickHouse's `/` is a float division whose quotient by zero is `inf` (`nan` for 0 / 0):
/// it compares greater than every number and `toString` writes it `inf`; answered as a column
/// upstream's executor makes it `null` (`nullifyNonFinite`), but in an array its JSON encoder
/// fails, a 500 "Failed to encode query results" (the case executor.go's comment names:
/// `groupArray(latency / 0)`). Operands as ClickHouse's precedence groups them.
#[test]
fn get_verifications__division_by_zero_is_infinite() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits / 0 > 1000"
        ),
        json!([{"n": 3}])
    );
    assert_eq!(
        run(&s, "SELECT toString(1 / 0) AS p, toString(-1 / 0) AS m, 1 / 0 AS x FROM key_verifications_v1 LIMIT 1"),
        json!([{"p": "inf", "m": "-inf", "x": null}])
    );
    assert_eq!(
        run(&s, "SELECT 5 / 2 AS a, 2 * 3 / 4 AS b, 1 + 6 / 3 * 2 AS c, 8 / 2 / 2 AS d, 10 / -4 AS e, (1 + 1) / (2 * 2) AS f FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 2.5, "b": 1.5, "c": 5, "d": 2, "e": -2.5, "f": 0.5}])
    );
    // A `CASE … END` as the right operand (it was written as the division of its `CASE`
    // alone, an "Invalid SQL syntax").
    assert_eq!(
        run(&s, "SELECT toString(spent_credits / CASE WHEN spent_credits > 5 THEN 2 ELSE 4 END) AS t, spent_credits * CASE WHEN spent_credits > 5 THEN 2 ELSE 3 END - 1 AS u FROM key_verifications_v1 ORDER BY spent_credits DESC LIMIT 2"),
        json!([{"t": "5", "u": 19}, {"t": "1", "u": 11}])
    );
    // A `CASE … END` as the left operand.
    assert_eq!(
        run(&s, "SELECT toString(CASE WHEN spent_credits > 5 THEN 3 END / 0) AS s, CASE WHEN spent_credits > 5 THEN 10 ELSE 4 END / 4 AS q FROM key_verifications_v1 ORDER BY spent_credits DESC LIMIT 1"),
        json!([{"s": "inf", "q": 2.5}])
    );
    // (An array literal too; it was answered as the text `"[9e999]"`. Its finite floats keep
    // every digit, as Go writes a float64: `0.30000000000000004`. Of no `0 / 0`, whose `nan`
    // SQLite holds as NULL, see `get_verifications__nan_read_only_where_a_null_stands_for_it`.)
    for query in [
        "SELECT groupArray((spent_credits + 1) / 0) AS g FROM key_verifications_v1",
        "SELECT [1 / 0] AS g FROM key_verifications_v1",
    ] {
        let r = s.call("analytics.getVerifications", json!({ "query": query }));
        assert_eq!(r.status, 500, "{query}");
        assert_eq!(
            r.json()["error"]["detail"],
            "Failed to encode query results"
        );
    }
    assert_eq!(
        run(
            &s,
            "SELECT [0.1 + 0.2, 4 / 2] AS a, [[1 / 4, 1.0]] AS n FROM key_verifications_v1 LIMIT 1"
        ),
        // (Whole ones without a fraction, as Go writes a float64, as a single float here.)
        json!([{"a": [0.30000000000000004, 2], "n": [[0.25, 1]]}])
    );
}

/// A float `nan` (ClickHouse's `0 / 0`, tests/queries/0_stateless/00143_number_classification_functions:
/// `isNaN(0/0) = 1`; a float's `% 0`; `avg` and `quantile` over no rows, as upstream's executor.go
/// says) is SQLite's NULL. Answered as a column, under arithmetic or `round`, both are `null`
/// (executor.go `nullifyNonFinite`); in a comparison of a `WHERE` or `HAVING` both drop the row
/// (02769_nan_equality_comparison: `nan = nan` is false). Read anywhere else (`toString`
/// writing `nan`, `IS NULL`, `sum`, `toInt32`'s "Unexpected inf or nan", a subquery's column),
/// the row that makes one is refused as not run (`coalesce` and the conditions of `if` and
/// `CASE`: `get_verifications__nan_through_coalesce_and_conditions`; `NOT`, `!=` and a
/// `CASE`'s operand: `get_verifications__nan_under_not_and_unequal`); an `inf` where
/// arithmetic or a sum reads it too (`inf - inf` is a `nan`). Where no `nan` arises, each runs.
#[test]
fn get_verifications__nan_read_only_where_a_null_stands_for_it() {
    let (s, ks_a, ks_b) = recorded();
    // (spent_credits: 1, 4, 10 and 0.)
    assert_eq!(
        run(&s, "SELECT sum(spent_credits) / count() AS m, avg(spent_credits) AS a, round(avg(spent_credits), 2) AS r, quantile(0.5)(spent_credits) AS q, 0 / 0 + 1 AS z FROM key_verifications_v1 WHERE spent_credits > 100"),
        json!([{"m": null, "a": null, "r": null, "q": null, "z": null}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits / spent_credits AS r, round(spent_credits % 0.0, 1) AS m FROM key_verifications_v1 WHERE spent_credits < 4 ORDER BY spent_credits"),
        json!([{"r": null, "m": null}, {"r": 1, "m": null}])
    );
    // Sorted by a key that is not `Nullable`: ClickHouse's `nan` goes after the values both
    // ways (its ORDER BY reference: "first the values, then NaN, then NULL"), as NULLS LAST.
    for order in ["r DESC", "r"] {
        assert_eq!(
            run(&s, &format!("SELECT key_space_id AS ks, sumIf(spent_credits, spent_credits > 5) / countIf(spent_credits > 5) AS r FROM key_verifications_v1 GROUP BY ks ORDER BY {order}")),
            json!([{"ks": ks_a, "r": 10}, {"ks": ks_b, "r": null}]),
            "{order}"
        );
    }
    assert_eq!(
        run(&s, "SELECT max((spent_credits + 1) / 0) - max((spent_credits + 1) / 0) AS d, toString(max((spent_credits + 1) / 0)) AS m FROM key_verifications_v1"),
        json!([{"d": null, "m": "inf"}])
    );
    // A filter: ClickHouse's `nan > 0.5` is false, SQLite's NULL drops the row too.
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits / spent_credits > 0.5 AND (spent_credits >= 0 OR spent_credits / spent_credits = 1)"),
        json!([{"n": 3}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 100 HAVING avg(spent_credits) > 1"),
        json!([])
    );
    // (ClickHouse: `toString` is `nan`; `sum` of one is `nan`, answered `null`. `NOT` and `!=`
    // in a filter: `get_verifications__nan_under_not_and_unequal`.)
    for query in [
        "SELECT toString(spent_credits / spent_credits) AS t FROM key_verifications_v1",
        "SELECT toString(spent_credits % 0.0) AS t FROM key_verifications_v1",
        "SELECT toString(quantile(0.5)(spent_credits)) AS a FROM key_verifications_v1 WHERE spent_credits > 100",
        "SELECT sum(spent_credits / spent_credits) AS a FROM key_verifications_v1",
        "SELECT toInt32(spent_credits / spent_credits) AS a FROM key_verifications_v1",
        "SELECT r FROM (SELECT spent_credits / spent_credits AS r FROM key_verifications_v1)",
        "SELECT spent_credits / spent_credits AS r FROM key_verifications_v1 ORDER BY r, spent_credits WITH FILL",
        "SELECT spent_credits / spent_credits AS r FROM key_verifications_v1 ORDER BY r + 1",
        "SELECT toString(avg(spent_credits) OVER (ORDER BY time ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING)) AS a FROM key_verifications_v1",
        "SELECT groupArray(spent_credits / 0) AS g FROM key_verifications_v1",
        "SELECT [spent_credits / spent_credits] AS g FROM key_verifications_v1",
        // (An `inf` less an `inf`.)
        "SELECT toString((spent_credits + 1) / 0 - (spent_credits + 1) / 0) AS t FROM key_verifications_v1",
        "SELECT sum(1 / ((spent_credits - 2) * 0)) AS t FROM key_verifications_v1",
        "SELECT toString(round((spent_credits + 1) / 0) - round((spent_credits + 1) / 0)) AS t FROM key_verifications_v1",
        // (Past a call or a subquery's column, where SQLite's arithmetic meets it.)
        "SELECT toString(if(spent_credits > 100, 0, 1 / 0) * 0) AS t FROM key_verifications_v1",
        "SELECT toString(x - x) AS t FROM (SELECT (spent_credits + 1) / 0 AS x FROM key_verifications_v1)",
    ] {
        assert_eq!(
            refused(&s, query),
            ("invalid_analytics_query".into(), "unkey-local does not run a float nan (0 / 0, a float's % 0, avg or quantile over no rows; an inf where arithmetic or a sum reads it) read other than as an answered column, as SQLite holds no NaN (the real server does); see the unkey-local README".into()),
            "{query}"
        );
    }
    // (ClickHouse's analyzer moves the division out of the sum, `sum(spent_credits - 2) / 0`:
    // `inf`, no `nan`.)
    assert_eq!(
        run(&s, "SELECT sum((spent_credits - 2) / 0) AS t, toString(sum((spent_credits - 2) / 0)) AS u FROM key_verifications_v1"),
        json!([{"t": null, "u": "inf"}])
    );
    // (Where none arises: a `nan` there would be refused as above.)
    assert_eq!(
        run(&s, "SELECT count() AS n, toString(avg(spent_credits)) AS a, coalesce(quantile(0.5)(spent_credits), 0) AS q FROM key_verifications_v1 WHERE NOT (spent_credits / 2 > 1)"),
        json!([{"n": 2, "a": "0.5", "q": 0.5}])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() AS c, c / sum(c) OVER () AS share, toString(countIf(spent_credits > 1) / count()) AS t FROM key_verifications_v1 GROUP BY ks ORDER BY share DESC"),
        json!([{"ks": ks_a, "c": 3, "share": 0.75, "t": "0.6666666666666666"}, {"ks": ks_b, "c": 1, "share": 0.25, "t": "0"}])
    );
    // `toFloat64` of a string of `inf` or `nan`, or one compared with a float (ClickHouse's
    // readFloatText spellings are not Rust's), and a float literal past Float64's range (an
    // `inf` SQLite's arithmetic would make NULL), are refused as not run.
    for (query, what) in [
        (
            "SELECT toString(toFloat64('nan')) AS t FROM key_verifications_v1",
            "toFloat64 of a string of inf or nan",
        ),
        (
            "SELECT toString(1e999 - 1e999) AS t FROM key_verifications_v1",
            "a float literal past Float64's range",
        ),
        (
            "SELECT count() AS n FROM key_verifications_v1 WHERE latency != 'nan'",
            "a float compared with a string of inf or nan",
        ),
    ] {
        assert_eq!(
            refused(&s, query),
            ("invalid_analytics_query".into(), format!("unkey-local does not run {what} (the real server does); see the unkey-local README")),
            "{query}"
        );
    }
}

/// A float `nan` (SQLite's NULL here, see `get_verifications__nan_read_only_where_a_null_stands_for_it`)
/// read by `coalesce` or as a condition. `coalesce(x, …)` of an `x` that is a float and not
/// `Nullable` is `x` in ClickHouse, whatever the others (src/Functions/coalesce.cpp: its
/// arguments are kept up to the first that cannot be `NULL`, and of one that one is
/// answered), so `coalesce(avg(x), 0)` over no rows is the `nan`, answered `null` as upstream's
/// executor nullifies it; SQLite's `COALESCE` took the 0, so these were refused as not run.
/// A `nan` compared (`=`, `<`, `>=`, …) in the condition of an `if` or of a `CASE`'s `WHEN`
/// (also a term of its `AND`s and `OR`s) is false there (AccurateComparison.h), where
/// SQLite's comparison of a NULL is NULL; either takes the other branch, so the answer is the
/// same (these were refused too), and one answered as a whole aliased item is 0 (written
/// `coalesce(…, 0)` here). `round(x, 2)` and `coalesce(x, 0)` under a comparison of a `WHERE`
/// or `HAVING` drop the row as the comparison of the `nan` does (the first was refused).
#[test]
fn get_verifications__nan_through_coalesce_and_conditions() {
    let (s, ks_a, ks_b) = recorded();
    // (spent_credits: 1, 4, 10 and 0; none above 100.)
    assert_eq!(
        run(&s, "SELECT coalesce(avg(spent_credits), 0) AS a, round(coalesce(sum(spent_credits) / count(), 0), 1) AS b, coalesce(quantile(0.5)(spent_credits), 1) + 1 AS c FROM key_verifications_v1 WHERE spent_credits > 100"),
        json!([{"a": null, "b": null, "c": null}])
    );
    assert_eq!(
        run(&s, "SELECT coalesce(avg(spent_credits), 0) AS a, coalesce(quantile(0.5)(spent_credits), 1) AS q FROM key_verifications_v1"),
        json!([{"a": 3.75, "q": 2.5}])
    );
    assert_eq!(
        run(&s, "SELECT coalesce(spent_credits / spent_credits, 0) AS r FROM key_verifications_v1 WHERE spent_credits < 4 ORDER BY spent_credits"),
        json!([{"r": null}, {"r": 1}])
    );
    // (Sorted as a key that is not `Nullable`: the `nan` after the values both ways.)
    for order in ["a", "a DESC"] {
        assert_eq!(
            run(&s, &format!("SELECT key_space_id AS ks, coalesce(sumIf(spent_credits, spent_credits > 5) / countIf(spent_credits > 5), 0) AS a FROM key_verifications_v1 GROUP BY ks ORDER BY {order}")),
            json!([{"ks": ks_a, "a": 10}, {"ks": ks_b, "a": null}]),
            "{order}"
        );
    }
    // Filters: `nan >= 0` is false, the row dropped as SQLite's NULL drops it.
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 100 HAVING coalesce(avg(spent_credits), 0) >= 0"),
        json!([])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 100 HAVING round(avg(spent_credits), 2) >= 0 OR count() = 0"),
        json!([{"n": 0}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE coalesce(spent_credits / spent_credits, 0) = 1 AND round(spent_credits / spent_credits, 1) = 1"),
        json!([{"n": 3}])
    );
    // Conditions: the `nan`'s comparison is false, the other branch taken.
    assert_eq!(
        run(&s, "SELECT if(avg(spent_credits) > 1, 'hi', 'lo') AS a, CASE WHEN avg(spent_credits) >= 1 THEN 'hi' ELSE 'lo' END AS b, CASE WHEN count() = 0 AND avg(spent_credits) < 1 THEN 'x' WHEN avg(spent_credits) <= 1 OR count() = 0 THEN 'none' END AS c, if(coalesce(avg(spent_credits), 0) = 0, 1, 0) AS d FROM key_verifications_v1 WHERE spent_credits > 100"),
        json!([{"a": "lo", "b": "lo", "c": "none", "d": 0}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, if(spent_credits / spent_credits = 1, 'one', 'other') AS r, CASE WHEN (spent_credits % 0.0) < 1 THEN 'lt' ELSE 'else' END AS m FROM key_verifications_v1 ORDER BY c"),
        json!([
            {"c": 0, "r": "other", "m": "else"},
            {"c": 1, "r": "one", "m": "else"},
            {"c": 4, "r": "one", "m": "else"},
            {"c": 10, "r": "one", "m": "else"},
        ])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE if(spent_credits / spent_credits > 0.5, 1, 0) = 0"),
        json!([{"n": 1}])
    );
    // A comparison answered as a whole aliased item, of operands that are not `Nullable`: 0
    // there, SQLite's NULL written inside `coalesce(…, 0)`.
    assert_eq!(
        run(&s, "SELECT avg(spent_credits) > 1 AS a, countIf(spent_credits > 1) / count() >= 0.5 AS b, count() AS n FROM key_verifications_v1 WHERE spent_credits > 100"),
        json!([{"a": 0, "b": 0, "n": 0}])
    );
    assert_eq!(
        run(&s, "SELECT avg(spent_credits) > 1 AS a, countIf(spent_credits > 1) / count() >= 0.5 AS b FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, spent_credits / spent_credits = 1 AS r, (spent_credits % 0.0) < 1 AS m, spent_credits / spent_credits = spent_credits / spent_credits AS t FROM key_verifications_v1 ORDER BY c"),
        json!([
            {"c": 0, "r": 0, "m": 0, "t": 0},
            {"c": 1, "r": 1, "m": 0, "t": 1},
            {"c": 4, "r": 1, "m": 0, "t": 1},
            {"c": 10, "r": 1, "m": 0, "t": 1},
        ])
    );
    // Still refused where a `nan` and a NULL differ (`NOT` and `!=` in a condition, a `CASE`'s
    // operand: `get_verifications__nan_under_not_and_unequal`): `toString`, a comparison answered without an alias
    // (written whole under its name here) or read further, one compared again, and a
    // `coalesce` whose first argument is `Nullable` (the `nan` of the second is taken there,
    // the 7 here).
    for query in [
        "SELECT toString(coalesce(avg(spent_credits), 0)) AS a FROM key_verifications_v1 WHERE spent_credits > 100",
        "SELECT avg(spent_credits) > 1 FROM key_verifications_v1 WHERE spent_credits > 100",
        "SELECT (avg(spent_credits) > 1) + 1 AS a FROM key_verifications_v1 WHERE spent_credits > 100",
        "SELECT CASE WHEN 1 THEN avg(spent_credits) > 1 ELSE 0 END AS a FROM key_verifications_v1 WHERE spent_credits > 100",
        "SELECT if(avg(spent_credits) > 1 = 0, 1, 0) AS a FROM key_verifications_v1 WHERE spent_credits > 100",
        "SELECT coalesce(CAST(NULL AS Nullable(Float64)), avg(spent_credits), 7) AS a FROM key_verifications_v1 WHERE spent_credits > 100",
    ] {
        assert_eq!(
            refused(&s, query),
            ("invalid_analytics_query".into(), "unkey-local does not run a float nan (0 / 0, a float's % 0, avg or quantile over no rows; an inf where arithmetic or a sum reads it) read other than as an answered column, as SQLite holds no NaN (the real server does); see the unkey-local README".into()),
            "{query}"
        );
    }
}

/// A float `nan` (SQLite's NULL here) compared in a filter (a term of a `WHERE`'s or `HAVING`'s
/// `AND`s and `OR`s) or a condition (of `if`, of a `CASE`'s `WHEN`) under `NOT`, at its level
/// or over its parentheses, or by `!=`/`<>`. ClickHouse's `nan = x`, `nan < x`, … are 0 and
/// `nan != x` is 1 (02769_compare_functions_nan: `nan != nan` is 1, `NOT (NOT (v <> v))` of a
/// `nan` keeps its row, `(v = v) AND NOT (v = v)` drops it), where SQLite's comparison of a
/// NULL is NULL and `NOT NULL` NULL: the row was dropped here that is kept there. Of operands
/// that are not `Nullable` the comparison is written `coalesce(…, 0)` (`coalesce(…, 1)` of
/// `!=`), ClickHouse's value; of a `Nullable` one, or a `NOT` read below the comparison (`NOT`
/// of the `nan` itself), it is still refused as not run. Also answered: a `nan` as the operand
/// of `CASE x WHEN` (the `ELSE` there, as SQLite's NULL matches no `WHEN`) and of `IS [NOT]
/// NULL` (ClickHouse's `isNull` of a type that is not `Nullable` is 0), and in a branch of
/// `if` (its value, as SQLite's `IIF` answers the NULL of its branch).
#[test]
fn get_verifications__nan_under_not_and_unequal() {
    let (s, _, _) = recorded();
    // (spent_credits: 1, 4, 10 and 0; `spent_credits / spent_credits` is `nan` on the 0's row,
    // 1 on the others.)
    for (query, n) in [
        ("SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits / spent_credits != 1", 1),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits / spent_credits <> 1", 1),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE NOT spent_credits / spent_credits = 1", 1),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE NOT (spent_credits / spent_credits > 0.5)", 1),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE NOT (spent_credits / spent_credits < 0.5)", 4),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE NOT (NOT (spent_credits / spent_credits <> spent_credits / spent_credits))", 1),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE (spent_credits / spent_credits = spent_credits / spent_credits) AND (NOT (spent_credits / spent_credits = spent_credits / spent_credits))", 0),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits < 4 AND NOT round(spent_credits / spent_credits, 1) > 2", 2),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 5 OR (spent_credits % 0.0 != 0 AND spent_credits < 2)", 3),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE NOT (NOT spent_credits / spent_credits >= 1)", 3),
    ] {
        assert_eq!(run(&s, query), json!([{"n": n}]), "{query}");
    }
    // `HAVING` over no rows: one row, whose `avg` is `nan`.
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 100 HAVING NOT avg(spent_credits) > 1"),
        json!([{"n": 0}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 100 HAVING avg(spent_credits) != 0 AND count() = 0"),
        json!([{"n": 0}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 100 HAVING NOT (avg(spent_credits) != 0)"),
        json!([])
    );
    // Conditions: the branch ClickHouse takes.
    assert_eq!(
        run(&s, "SELECT if(NOT avg(spent_credits) > 1, 1, 0) AS a, if(avg(spent_credits) != 1, 'ne', 'eq') AS b, CASE WHEN NOT (quantile(0.5)(spent_credits) >= 1) THEN 'none' ELSE 'some' END AS c, CASE WHEN count() > 0 THEN 'x' WHEN avg(spent_credits) <> avg(spent_credits) THEN 'nan' END AS d FROM key_verifications_v1 WHERE spent_credits > 100"),
        json!([{"a": 1, "b": "ne", "c": "none", "d": "nan"}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, if(spent_credits / spent_credits != 1, 'other', 'one') AS r, CASE WHEN NOT (spent_credits % 0.0) < 1 THEN 'not' ELSE 'lt' END AS m FROM key_verifications_v1 ORDER BY c"),
        json!([
            {"c": 0, "r": "other", "m": "not"},
            {"c": 1, "r": "one", "m": "not"},
            {"c": 4, "r": "one", "m": "not"},
            {"c": 10, "r": "one", "m": "not"},
        ])
    );
    // Answered as a whole aliased item (`get_verifications__nan_through_coalesce_and_conditions`),
    // under `NOT` or by `!=`.
    assert_eq!(
        run(&s, "SELECT avg(spent_credits) != 1 AS a, NOT avg(spent_credits) > 1 AS b, NOT (quantile(0.5)(spent_credits) <= 1) AS c, (avg(spent_credits) <> 2) AS d, NOT (NOT (avg(spent_credits) = 1)) AS e FROM key_verifications_v1 WHERE spent_credits > 100"),
        json!([{"a": 1, "b": 1, "c": 1, "d": 1, "e": 0}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, spent_credits / spent_credits != 1 AS r, NOT (spent_credits % 0.0) < 1 AS m FROM key_verifications_v1 ORDER BY c"),
        json!([
            {"c": 0, "r": 1, "m": 1},
            {"c": 1, "r": 0, "m": 1},
            {"c": 4, "r": 0, "m": 1},
            {"c": 10, "r": 0, "m": 1},
        ])
    );
    // The operand of `CASE x WHEN v THEN …`: ClickHouse's `transform` looks `x` up by its bits
    // among the `WHEN` values', where a `nan` is none of them: the `ELSE` (or `NULL`), as
    // SQLite's NULL matches no `WHEN` either.
    assert_eq!(
        run(&s, "SELECT CASE avg(spent_credits) WHEN 1 THEN 'a' ELSE 'b' END AS a, CASE round(quantile(0.5)(spent_credits), 1) WHEN 0 THEN 'zero' END AS q FROM key_verifications_v1 WHERE spent_credits > 100"),
        json!([{"a": "b", "q": null}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, CASE spent_credits / spent_credits WHEN 1 THEN 'one' WHEN 0 THEN 'zero' END AS r, CASE (spent_credits % 0.0) WHEN 0 THEN 'zero' ELSE 'else' END AS m FROM key_verifications_v1 ORDER BY c"),
        json!([
            {"c": 0, "r": null, "m": "else"},
            {"c": 1, "r": "one", "m": "else"},
            {"c": 4, "r": "one", "m": "else"},
            {"c": 10, "r": "one", "m": "else"},
        ])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE CASE spent_credits / spent_credits WHEN 1 THEN 1 ELSE 0 END = 0"),
        json!([{"n": 1}])
    );
    // `x IS NULL` of an `x` that is not `Nullable` is 0 there whatever its value (isNull.cpp),
    // a `nan` included; its operand is written `coalesce(…, 0)` here.
    assert_eq!(
        run(&s, "SELECT avg(spent_credits) IS NULL AS a, avg(spent_credits) IS NOT NULL AS b, round(quantile(0.5)(spent_credits), 1) IS NULL AS c, coalesce(avg(spent_credits), 0) IS NULL AS d FROM key_verifications_v1 WHERE spent_credits > 100"),
        json!([{"a": 0, "b": 1, "c": 0, "d": 0}])
    );
    for (query, n) in [
        ("SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits / spent_credits IS NULL", 0),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits / spent_credits IS NOT NULL", 4),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE (spent_credits / spent_credits) IS NULL OR spent_credits > 5", 1),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits < 4 AND (spent_credits % 0.0) * 2 IS NOT NULL", 2),
    ] {
        assert_eq!(run(&s, query), json!([{"n": n}]), "{query}");
    }
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 100 HAVING avg(spent_credits) IS NULL"),
        json!([])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, if(spent_credits % 0.0 IS NULL, 'null', 'value') AS r, CASE WHEN spent_credits / spent_credits IS NOT NULL THEN 'v' ELSE 'n' END AS v, spent_credits / spent_credits IS NULL AS z FROM key_verifications_v1 ORDER BY c"),
        json!([
            {"c": 0, "r": "value", "v": "v", "z": 0},
            {"c": 1, "r": "value", "v": "v", "z": 0},
            {"c": 4, "r": "value", "v": "v", "z": 0},
            {"c": 10, "r": "value", "v": "v", "z": 0},
        ])
    );
    // (A window's `avg` over an empty frame is a `nan` too.)
    assert_eq!(
        run(&s, "SELECT avg(spent_credits) OVER (ORDER BY time ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING) IS NULL AS w FROM key_verifications_v1 ORDER BY time LIMIT 1"),
        json!([{"w": 0}])
    );
    // A branch of `if` (not its condition), whose value the `nan` is: answered, compared,
    // tested for `NULL` as it is.
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, if(spent_credits < 4, spent_credits / spent_credits, 7) AS r, if(spent_credits < 4, if(spent_credits > 0, 5, spent_credits % 0.0), 7) + 1 AS s FROM key_verifications_v1 ORDER BY c"),
        json!([
            {"c": 0, "r": null, "s": null},
            {"c": 1, "r": 1, "s": 6},
            {"c": 4, "r": 7, "s": 8},
            {"c": 10, "r": 7, "s": 8},
        ])
    );
    assert_eq!(
        run(&s, "SELECT if(count() = 0, avg(spent_credits), 1) AS a, if(count() > 0, 0, round(quantile(0.5)(spent_credits), 1)) + 1 AS q FROM key_verifications_v1 WHERE spent_credits > 100"),
        json!([{"a": null, "q": null}])
    );
    for (query, n) in [
        ("SELECT count() AS n FROM key_verifications_v1 WHERE if(spent_credits < 4, spent_credits / spent_credits, 7) > 0.5", 3),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE if(spent_credits < 4, spent_credits / spent_credits, 7) != 1", 3),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE if(spent_credits < 4, spent_credits / spent_credits, 7) IS NULL", 0),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE CASE if(spent_credits < 4, spent_credits / spent_credits, 7) WHEN 1 THEN 1 ELSE 0 END = 0", 3),
    ] {
        assert_eq!(run(&s, query), json!([{"n": n}]), "{query}");
    }
    // Still refused: a `Nullable` operand (its NULL is no `nan`), `NOT` of the `nan` itself
    // (compared after, or before `IS NULL`, where which binds first is not followed here),
    // an `if` whose other branch is `NULL` (`Nullable`) read by `!=`, a comparison as a branch
    // (0 there), an `if` of a `nan` read by `toString`,
    // `AND` of it (true there: a `nan` is no zero), a comparison read further, a `CASE`'s
    // operand beside a `WHEN` value that is no literal (one may be a `nan` itself), or that is
    // a comparison of one (0 there).
    for query in [
        "SELECT count() AS n FROM key_verifications_v1 WHERE NOT spent_credits / spent_credits IS NULL",
        "SELECT count() AS n FROM key_verifications_v1 WHERE if(spent_credits < 4, spent_credits / spent_credits, NULL) != 1",
        "SELECT spent_credits AS c, if(spent_credits < 4, spent_credits / spent_credits > 0, 7) AS r FROM key_verifications_v1",
        "SELECT toString(if(spent_credits < 4, spent_credits / spent_credits, 7)) AS r FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits / CAST(spent_credits AS Nullable(Float64)) IS NULL",
        "SELECT count() AS n FROM key_verifications_v1 WHERE toString(spent_credits / spent_credits) IS NULL",
        "SELECT count() AS n FROM key_verifications_v1 WHERE (spent_credits / spent_credits AND 1) > 0",
        "SELECT avg(spent_credits) != 1 FROM key_verifications_v1 WHERE spent_credits > 100",
        "SELECT NOT (avg(spent_credits) != 1) + 1 AS a FROM key_verifications_v1 WHERE spent_credits > 100",
        "SELECT NOT avg(spent_credits) AS a FROM key_verifications_v1 WHERE spent_credits > 100",
        "SELECT CASE spent_credits / spent_credits WHEN 0 / 0 THEN 'nan' ELSE 'b' END AS a FROM key_verifications_v1",
        "SELECT CASE spent_credits / spent_credits WHEN spent_credits THEN 'same' ELSE 'b' END AS a FROM key_verifications_v1",
        "SELECT CASE spent_credits / spent_credits > 0 WHEN 0 THEN 'no' ELSE 'yes' END AS a FROM key_verifications_v1",
        "SELECT CASE spent_credits / CAST(spent_credits AS Nullable(Float64)) WHEN 1 THEN 'one' ELSE 'b' END AS a FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits / CAST(spent_credits AS Nullable(Float64)) != 1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE (NOT spent_credits / spent_credits) = 0",
        "SELECT count() AS n FROM key_verifications_v1 WHERE (spent_credits / spent_credits != 1) IS NULL",
        "SELECT count() AS n FROM key_verifications_v1 WHERE (spent_credits / spent_credits != 1) = 1",
    ] {
        assert_eq!(
            refused(&s, query),
            ("invalid_analytics_query".into(), "unkey-local does not run a float nan (0 / 0, a float's % 0, avg or quantile over no rows; an inf where arithmetic or a sum reads it) read other than as an answered column, as SQLite holds no NaN (the real server does); see the unkey-local README".into()),
            "{query}"
        );
    }
}

/// A server with `--analytics` whose clock is frozen at `ms` (Unix ms), and one verification
/// recorded then.
fn frozen_at(ms: i64) -> Server {
    let s = Server::start(&["--analytics", "--frozen-clock"]);
    let r = s.request(
        "POST",
        "/_local/clock",
        &[],
        json!({ "set": ms }).to_string().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    s.verify(json!({"key": k}));
    s
}

/// A float `sum`, `avg` or `sumIf` of infinities of both signs (float arithmetic past
/// `Float64`'s range: `(spent_credits - 5) * 1e308` is `-inf` on two rows, `inf` on one) is
/// ClickHouse's `nan`, which upstream answers `null`; SQLite's sum is NULL there, which
/// `COALESCE(…, 0)` (a sum's 0 over no rows) made 0. Answered it is `null` here too (as under
/// arithmetic, or in a filter, where a `nan` reaches the answer or drops the row as a NULL
/// does); read further, refused as not run. Over no rows a float sum is still 0 (`toString`
/// `"0"`), over a window's empty frame too; an average there is its `nan`. A window whose
/// frame an infinity leaves is refused (SQLite's frame subtracts it, `inf - inf`, where
/// ClickHouse adds the frame's rows again). Where ClickHouse's analyzer moves the product out of
/// `sum` or `avg` (`sum(spent_credits - 5) * 1e308`), no `nan` arises: `-inf`, and an `avg`
/// that is finite.
#[test]
fn get_verifications__float_sums_of_infinities_of_both_signs() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT sum((spent_credits - 5) * 1e308) AS s, avg((spent_credits - 5) * 1e308) AS a, sumIf((spent_credits - 5) * 1e308, spent_credits < 100) AS i, sum((spent_credits - 5) * 1e308) + 1 AS p, sum(spent_credits * 1e308) AS f, sum(DISTINCT (spent_credits - 5) * 1e308) AS d, sum(DISTINCT spent_credits * 0.5) AS e FROM key_verifications_v1"),
        json!([{"s": null, "a": -1.25e308, "i": null, "p": null, "f": null, "d": null, "e": 7.5}])
    );
    // (ClickHouse's analyzer moves the product out of `sum` and `avg`, not of `sumIf`, of
    // `DISTINCT` or of a window's: `sum(spent_credits - 5) * 1e308` is `-inf`, no `nan`, and
    // `avg(spent_credits - 5) * 1e308` finite.)
    assert_eq!(
        run(&s, "SELECT toString(sum((spent_credits - 5) * 1e308)) AS s, toString(avg((spent_credits - 5) * 1e308)) AS a FROM key_verifications_v1"),
        json!([{"s": "-inf", "a": "-1.25e308"}])
    );
    assert_eq!(
        run(&s, "SELECT x FROM (SELECT sum((spent_credits - 5) * 1e308) AS x FROM key_verifications_v1)"),
        json!([{"x": null}])
    );
    assert_eq!(
        run(&s, "SELECT sum((spent_credits - 5) * 1e308) OVER () AS w FROM key_verifications_v1 LIMIT 1"),
        json!([{"w": null}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 HAVING sum((spent_credits - 5) * 1e308) > 0"),
        json!([])
    );
    for query in [
        "SELECT toString(sumIf((spent_credits - 5) * 1e308, 1)) AS s FROM key_verifications_v1",
        "SELECT toString(sumIf(DISTINCT (spent_credits - 5) * 1e308, 1)) AS s FROM key_verifications_v1",
        "SELECT toString(sum(DISTINCT (spent_credits - 5) * 1e308)) AS s FROM key_verifications_v1",
        "SELECT toString(sum(if(spent_credits > 0, (spent_credits - 5) * 1e308, NULL))) AS s FROM key_verifications_v1",
        "SELECT toString(avg(if(spent_credits > 0, (spent_credits - 5) * 1e308, NULL))) AS s FROM key_verifications_v1",
        "SELECT x FROM (SELECT sumIf((spent_credits - 5) * 1e308, 1) AS x FROM key_verifications_v1)",
        "SELECT toString(sum((spent_credits - 5) * 1e308) OVER ()) AS w FROM key_verifications_v1",
        "SELECT sum(x) OVER (ORDER BY c ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s FROM (SELECT spent_credits AS c, if(spent_credits = 1, 1e308 * 10, spent_credits * 1.0) AS x FROM key_verifications_v1)",
        "SELECT sumIf(x, 1) OVER (ORDER BY c ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s FROM (SELECT spent_credits AS c, if(spent_credits = 1, 1e308 * 10, spent_credits * 1.0) AS x FROM key_verifications_v1)",
    ] {
        assert_eq!(
            refused(&s, query),
            ("invalid_analytics_query".into(), "unkey-local does not run a float nan (0 / 0, a float's % 0, avg or quantile over no rows; an inf where arithmetic or a sum reads it) read other than as an answered column, as SQLite holds no NaN (the real server does); see the unkey-local README".into()),
            "{query}"
        );
    }
    // Finite sums as SQLite's own; an infinity of one sign answered `null` (upstream's executor
    // nullifies it) and read as `inf`.
    assert_eq!(
        run(&s, "SELECT sum(spent_credits * 1.5) AS a, toString(sum(spent_credits * 0.1)) AS b, avg(spent_credits * 1.5) AS c, toString(sum(spent_credits * 1e308)) AS d, toString(sumIf(spent_credits * 1.5, spent_credits > 1)) AS e, toString(sum(if(spent_credits > 4, spent_credits * 1.0, NULL))) AS f FROM key_verifications_v1"),
        json!([{"a": 22.5, "b": "1.5", "c": 5.625, "d": "inf", "e": "21", "f": "10"}])
    );
    assert_eq!(
        run(&s, "SELECT sum(spent_credits * 1.5) AS a, toString(sum(spent_credits * 1.5)) AS t, avg(spent_credits * 1.5) AS b, toString(sum(if(spent_credits > 4, spent_credits * 1.0, NULL))) AS n FROM key_verifications_v1 WHERE spent_credits > 100"),
        json!([{"a": 0, "t": "0", "b": null, "n": null}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, sum(spent_credits * 1.5) OVER (ORDER BY spent_credits ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING) AS w, toString(sum(spent_credits * 1.5) OVER (ORDER BY spent_credits ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)) AS t FROM key_verifications_v1 ORDER BY c"),
        json!([
            {"c": 0, "w": 0, "t": "0"},
            {"c": 1, "w": 0, "t": "1.5"},
            {"c": 4, "w": 1.5, "t": "7.5"},
            {"c": 10, "w": 6, "t": "21"},
        ])
    );
    assert_eq!(
        refused(&s, "SELECT toString(avg(spent_credits * 1.5)) AS b FROM key_verifications_v1 WHERE spent_credits > 100").1,
        "unkey-local does not run a float nan (0 / 0, a float's % 0, avg or quantile over no rows; an inf where arithmetic or a sum reads it) read other than as an answered column, as SQLite holds no NaN (the real server does); see the unkey-local README"
    );
}

/// `CASE x WHEN v …` of a float `x`: ClickHouse runs it as `transform`, which converts the
/// `WHEN` values to `x`'s type and looks `x` up by its bits (caseWithExpression.cpp,
/// transform.cpp), so a negative zero takes no `WHEN 0`, `WHEN 0.0` or `WHEN -0` (the integer
/// 0 to ClickHouse's parser) and a positive zero no `WHEN -0.0`, where SQLite's `=` matches
/// both. An integer operand's zero has one sign: `WHEN -0.0` is its 0. An operand whose type
/// is not known here beside a `WHEN` value that may be a zero is refused as not run, as is a
/// `NULL` among the `WHEN` values (converted to `x`'s type there, looked up by its hash) and
/// a `WHEN` value of another kind than `x` (a string parsed as a number there, a number as a
/// time's seconds, a `DateTime` as a `Date`, FieldVisitorAccurateEquals).
#[test]
fn get_verifications__case_operand_negative_zero() {
    let (s, _, _) = recorded();
    // (spent_credits: 1, 4, 10 and 0; `spent_credits * -1.0` is `-0.0` on the 0's row.)
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, CASE spent_credits * -1.0 WHEN 0 THEN 'zero' ELSE 'other' END AS a, CASE spent_credits * -1.0 WHEN -0.0 THEN 'zero' ELSE 'other' END AS b, CASE spent_credits * 1.0 WHEN -0.0 THEN 'zero' ELSE 'other' END AS d, CASE -(spent_credits * 1.0) WHEN -0 THEN 'zero' WHEN 0.0 THEN 'zero' WHEN -1 THEN 'one' END AS f, CASE spent_credits * -1 WHEN -0.0 THEN 'zero' ELSE 'other' END AS g FROM key_verifications_v1 ORDER BY c"),
        json!([
            {"c": 0, "a": "other", "b": "zero", "d": "other", "f": null, "g": "zero"},
            {"c": 1, "a": "other", "b": "other", "d": "other", "f": "one", "g": "other"},
            {"c": 4, "a": "other", "b": "other", "d": "other", "f": null, "g": "other"},
            {"c": 10, "a": "other", "b": "other", "d": "other", "f": null, "g": "other"},
        ])
    );
    // A positive zero still takes `WHEN 0`; the `WHERE` and an aggregate's operand so too.
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, CASE spent_credits * 1.0 WHEN 0 THEN 'zero' ELSE 'other' END AS a FROM key_verifications_v1 WHERE spent_credits < 4 ORDER BY c"),
        json!([{"c": 0, "a": "zero"}, {"c": 1, "a": "other"}])
    );
    for (query, n) in [
        ("SELECT count() AS n FROM key_verifications_v1 WHERE CASE spent_credits * -1.0 WHEN 0 THEN 1 ELSE 0 END = 1", 0),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE CASE spent_credits * -1.0 WHEN -0.0 THEN 1 ELSE 0 END = 1", 1),
        ("SELECT count() AS n FROM key_verifications_v1 WHERE CASE spent_credits * 1.0 WHEN 0 THEN 1 ELSE 0 END = 1", 1),
    ] {
        assert_eq!(run(&s, query), json!([{"n": n}]), "{query}");
    }
    assert_eq!(
        run(&s, "SELECT CASE -avg(spent_credits) WHEN 0 THEN 'zero' ELSE 'other' END AS a, CASE avg(spent_credits) WHEN 0 THEN 'zero' ELSE 'other' END AS b FROM key_verifications_v1 WHERE spent_credits = 0"),
        json!([{"a": "other", "b": "zero"}])
    );
    // Beside branches of a `DateTime64` of ns and another time.
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, CASE spent_credits * -1.0 WHEN 0 THEN toDateTime64('2030-03-31 12:34:56.123456789', 9) ELSE toDateTime64('2030-03-31 12:34:56', 0) END AS d FROM key_verifications_v1 WHERE spent_credits < 1"),
        json!([{"c": 0, "d": "2030-03-31T12:34:56Z"}])
    );
    for query in [
        "SELECT CASE spent_credits * 1.0 WHEN '0' THEN 'zero' ELSE 'other' END AS a FROM key_verifications_v1",
        "SELECT CASE spent_credits WHEN 1 THEN 'one' WHEN '0' THEN 'zero' END AS a FROM key_verifications_v1",
        "SELECT CASE outcome WHEN 0 THEN 'zero' ELSE 'other' END AS a FROM key_verifications_v1",
        "SELECT CASE toDateTime(time / 1000) WHEN 1700000000 THEN 'then' ELSE 'other' END AS a FROM key_verifications_v1",
        "SELECT CASE toDate(time / 1000) WHEN toDateTime('2030-01-01 00:00:00') THEN 'then' ELSE 'other' END AS a FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query),
            ("invalid_analytics_query".into(), "unkey-local does not run `CASE x WHEN v …` of a WHEN value of another kind than x (ClickHouse's transform converts it to x's type: a string parsed as a number or a time) (the real server does); see the unkey-local README".into()),
            "{query}"
        );
    }
    assert_eq!(
        run(&s, "SELECT CASE outcome WHEN 'VALID' THEN 1 ELSE 0 END AS a, CASE spent_credits WHEN 4 THEN 'four' WHEN true THEN 'one' END AS b FROM key_verifications_v1 WHERE spent_credits < 5 ORDER BY spent_credits"),
        json!([{"a": 1, "b": null}, {"a": 1, "b": "one"}, {"a": 1, "b": "four"}])
    );
    for query in [
        "SELECT CASE spent_credits WHEN NULL THEN 1 ELSE 0 END AS a FROM key_verifications_v1",
        "SELECT CASE if(spent_credits > 1, spent_credits, NULL) WHEN 1 THEN 1 WHEN NULL THEN 2 ELSE 0 END AS a FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query),
            ("invalid_analytics_query".into(), "unkey-local does not run `CASE x WHEN NULL …` (ClickHouse's transform converts the WHEN values to x's type) (the real server does); see the unkey-local README".into()),
            "{query}"
        );
    }
    assert_eq!(
        refused(&s, "SELECT CASE (SELECT 1) WHEN 0 THEN 'zero' ELSE 'other' END AS a FROM key_verifications_v1"),
        ("invalid_analytics_query".into(), "unkey-local does not run `CASE x WHEN v …` of an operand whose type is not known here beside a WHEN value that may be a zero (a float's negative zero matches no zero there) (the real server does); see the unkey-local README".into())
    );
}

/// [`frozen_at`] 2030-03-31 12:00:00.250 UTC.
fn frozen_at_noon() -> Server {
    frozen_at(1_901_188_800_250)
}

/// `toDateTime`/`toDate`/`toDateTime64` of a number outside the type's range hold it at the
/// range's ends, as ClickHouse 25.6 converts under its default `date_time_overflow_behavior`
/// 'ignore' (src/Functions/FunctionsConversion.cpp: ToDateTimeTransform64Signed, below 0 the
/// epoch and above the `UInt32` its largest second; ToDateTransform32Or64Signed, up to 65,535
/// a day number, then a time up to MAX_DATE_TIMESTAMP; ToDateTime64TransformSigned, clamped
/// to 1900-01-01 and 2299-12-31 23:59:59). The raw tables' `time` is ms, so `toDateTime(time)`
/// (the `/ 1000` forgotten) is 2106-02-07 06:28:15 there; these were years past 50,000.
#[test]
fn get_verifications__numbers_to_times_held_at_the_types_ends() {
    let s = frozen_at_noon();
    assert_eq!(
        run(&s, "SELECT toDateTime(time) AS a, toDate(time) AS b, toDateTime64(time, 3) AS c, toDateTime(time * 1000) AS d, toDateTime(-5) AS e, toDate(-5) AS f, toDateTime64(-1e12, 3) AS g, toDateTime(1.9) AS h, toDateTime64(1.5, 3) AS i, toDate(100000) AS j, toDate(65535) AS k FROM key_verifications_v1"),
        json!([{
            "a": "2106-02-07T06:28:15Z",
            "b": "2149-06-06T00:00:00Z",
            "c": "2299-12-31T23:59:59Z",
            "d": "2106-02-07T06:28:15Z",
            "e": "1970-01-01T00:00:00Z",
            "f": "1970-01-01T00:00:00Z",
            "g": "1900-01-01T00:00:00Z",
            "h": "1970-01-01T00:00:01Z",
            "i": "1970-01-01T00:00:01.5Z",
            "j": "1970-01-02T00:00:00Z",
            "k": "2149-06-06T00:00:00Z",
        }])
    );
    assert_eq!(
        run(&s, "SELECT toStartOfDay(toDateTime(time)) AS d, count() AS n FROM key_verifications_v1 GROUP BY d"),
        json!([{"d": "2106-02-07T00:00:00Z", "n": 1}])
    );
}

/// A time-zone argument: every time here is UTC, so a zone whose offset is always 0 changes
/// nothing ClickHouse answers (the Go driver writes such a time with `Z`), and it is taken
/// wherever ClickHouse takes one (`toDate(t, tz)`, `toStartOfDay(t, tz)`, `formatDateTime(t,
/// f, tz)`, `fromUnixTimestamp64Milli(v, tz)`, `toStartOfWeek(t, mode, tz)`, …; some of these
/// were refused); another zone is answered where the value is a `Date` or a `String`
/// (`get_verifications__time_zone_calendar`) and, where it is answered, grouped and sorted
/// only, where it is a `DateTime` of that zone (`get_verifications__time_zone_datetimes`; it
/// was ignored, so `toDate(t, 'America/New_York')` answered the UTC day).
#[test]
fn get_verifications__time_zones() {
    let s = frozen_at_noon(); // 2030-03-31 12:00:00.250 UTC
    assert_eq!(
        run(&s, "SELECT toDate(fromUnixTimestamp64Milli(time), 'UTC') AS d, toStartOfDay(fromUnixTimestamp64Milli(time), 'Etc/UTC') AS s, formatDateTime(now(), '%H:%i', 'GMT') AS h, now('UTC') AS n, fromUnixTimestamp64Milli(time, 'UTC') AS f, date_trunc('hour', now(), 'UTC') AS t, toString(now(), 'Zulu') AS z FROM key_verifications_v1"),
        json!([{
            "d": "2030-03-31T00:00:00Z",
            "s": "2030-03-31T00:00:00Z",
            "h": "12:00",
            "n": "2030-03-31T12:00:00Z",
            "f": "2030-03-31T12:00:00.25Z",
            "t": "2030-03-31T12:00:00Z",
            "z": "2030-03-31 12:00:00",
        }])
    );
    // (An unaliased call is named with its zone, as written.)
    let row = &run(
        &s,
        "SELECT toStartOfHour(now(), 'UTC') FROM key_verifications_v1",
    )[0];
    assert_eq!(
        row["toStartOfHour(now(), 'UTC')"], "2030-03-31T12:00:00Z",
        "{row}"
    );
}

/// A time zone where the value is a `Date` or a `String`: ClickHouse computes `toDate`,
/// `toStartOfWeek`/`Month`/`Quarter`/`Year`, `date_trunc` to a week, month, quarter or year,
/// `formatDateTime` and `toString` of a `DateTime` or `DateTime64` from the time's calendar
/// fields in the zone (src/Common/DateLUTImpl.h, the zone's look-up table of days and
/// offsets; src/Functions/extractTimeZoneFromFunctionArguments.cpp takes the last argument
/// as the zone). Its tests/queries/0_stateless/00718_format_datetime.sql and `.reference`
/// answer `formatDateTime(toDateTime('2018-01-01 01:00:00', 'UTC'), '%F %T', 'Asia/Istanbul')`
/// as `2018-01-01 04:00:00` and `%z` as `+0000`, `-1100` (US/Samoa), `+0300` (Europe/Moscow,
/// 2020), `+0530` (Asia/Kolkata). New York's clocks moved from -05:00 to -04:00 at
/// 2024-03-10 07:00 UTC; Kathmandu is +05:45, St John's -03:30 in winter.
#[test]
fn get_verifications__time_zone_calendar() {
    let s = frozen_at_noon(); // 2030-03-31 12:00:00.250 UTC, a Sunday (21:00 in Tokyo)
    let dt = |t: &str| format!("toDateTime('{t}')");
    let query = [
        format!("toDate({}, 'America/New_York') AS a", dt("2024-03-10 03:00:00")),
        format!("toDate({}) AS a_utc", dt("2024-03-10 03:00:00")),
        format!("formatDateTime({}, '%F %T %z', 'America/New_York') AS b", dt("2024-03-10 06:30:00")),
        format!("formatDateTime({}, '%F %T %z', 'America/New_York') AS c", dt("2024-03-10 07:30:00")),
        format!("toString({}, 'America/New_York') AS d", dt("2024-03-10 07:30:00")),
        format!("toStartOfMonth({}, 'Asia/Tokyo') AS e", dt("2024-03-31 23:30:00")),
        format!("toStartOfWeek({}, 0, 'Asia/Tokyo') AS f", dt("2024-03-09 20:00:00")),
        format!("toStartOfWeek({}, 0) AS f_utc", dt("2024-03-09 20:00:00")),
        format!("toStartOfQuarter({}, 'Asia/Kolkata') AS g", dt("2024-03-31 20:00:00")),
        format!("toStartOfYear({}, 'Europe/Berlin') AS h", dt("2024-12-31 23:00:00")),
        format!("date_trunc('month', {}, 'Asia/Tokyo') AS i", dt("2024-02-29 23:30:00")),
        "toDate(toDateTime64('2024-03-10 03:00:00.500', 3), 'America/New_York') AS j".into(),
        "formatDateTime(toDateTime64('2024-03-10 07:30:00.123456', 6), '%T.%f', 'America/New_York') AS k".into(),
        "toString(toDateTime64('2024-03-10 07:30:00.123', 3), 'America/New_York') AS l".into(),
        format!("formatDateTime({}, '%H:%i %z', 'Asia/Kathmandu') AS m", dt("2024-01-01 00:00:00")),
        format!("formatDateTime({}, '%F %H:%i %z', 'America/St_Johns') AS n", dt("2024-01-01 00:00:00")),
        "formatDateTime(toDateTime('2018-01-01 01:00:00', 'UTC'), '%F %T', 'Asia/Istanbul') AS o".into(),
        format!("formatDateTime({}, '%z', 'US/Samoa') AS p", dt("2020-01-01 01:00:00")),
        format!("formatDateTime({}, '%z', 'Europe/Moscow') AS q", dt("2020-01-01 01:00:00")),
        format!("formatDateTime({}, '%z', 'Asia/Kolkata') AS r", dt("1970-01-01 00:00:00")),
        "formatDateTime(now(), '%H', 'Asia/Tokyo') AS s".into(),
        "toStartOfWeek(now(), 1, 'Asia/Tokyo') AS t".into(),
        // (A `Date`'s day is the same in every zone.)
        "toDate(toDate('2024-03-10'), 'America/New_York') AS u".into(),
        "toStartOfMonth(toDate('2024-03-10'), 'Pacific/Kiritimati') AS v".into(),
    ]
    .join(", ");
    assert_eq!(
        run(&s, &format!("SELECT {query} FROM key_verifications_v1")),
        json!([{
            "a": "2024-03-09T00:00:00Z",
            "a_utc": "2024-03-10T00:00:00Z",
            "b": "2024-03-10 01:30:00 -0500",
            "c": "2024-03-10 03:30:00 -0400",
            "d": "2024-03-10 03:30:00",
            "e": "2024-04-01T00:00:00Z",
            "f": "2024-03-10T00:00:00Z",
            "f_utc": "2024-03-03T00:00:00Z",
            "g": "2024-04-01T00:00:00Z",
            "h": "2025-01-01T00:00:00Z",
            "i": "2024-03-01T00:00:00Z",
            "j": "2024-03-09T00:00:00Z",
            "k": "03:30:00.123456",
            "l": "2024-03-10 03:30:00.123",
            "m": "05:45 +0545",
            "n": "2023-12-31 20:30 -0330",
            "o": "2018-01-01 04:00:00",
            "p": "-1100",
            "q": "+0300",
            "r": "+0530",
            "s": "21",
            "t": "2030-03-25T00:00:00Z",
            "u": "2024-03-10T00:00:00Z",
            "v": "2024-03-01T00:00:00Z",
        }])
    );
}

/// The local days and hours of recorded verifications across New York's change to summer time
/// (2027-03-14 07:00 UTC, -05:00 to -04:00): its 14 March is 23 hours long, from 05:00 UTC to
/// 04:00 UTC the next day, and `GROUP BY toDate(t, tz)` counts by it, in the raw table and
/// in a rollup (whose hours start at whole UTC hours, each in one local day here).
#[test]
fn get_verifications__time_zone_groups_across_dst() {
    let s = Server::start(&["--analytics", "--frozen-clock"]);
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    for ms in [
        1_804_993_200_000i64, // 2027-03-14 03:00:00 UTC, 22:00 on the 13th in New York
        1_805_000_399_000,    // 04:59:59 UTC, 23:59:59 on the 13th
        1_805_000_400_000,    // 05:00:00 UTC, 00:00 on the 14th (EST)
        1_805_083_140_000,    // 2027-03-15 03:59:00 UTC, 23:59 on the 14th (EDT)
        1_805_083_200_000,    // 2027-03-15 04:00:00 UTC, 00:00 on the 15th
    ] {
        let r = s.request(
            "POST",
            "/_local/clock",
            &[],
            json!({ "set": ms }).to_string().as_bytes(),
        );
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        s.verify(json!({"key": k}));
    }
    let days = json!([
        {"d": "2027-03-13T00:00:00Z", "n": 2},
        {"d": "2027-03-14T00:00:00Z", "n": 2},
        {"d": "2027-03-15T00:00:00Z", "n": 1},
    ]);
    assert_eq!(
        run(&s, "SELECT toDate(fromUnixTimestamp64Milli(time), 'America/New_York') AS d, count() AS n FROM key_verifications_v1 GROUP BY d ORDER BY d"),
        days
    );
    assert_eq!(
        run(&s, "SELECT toDate(time, 'America/New_York') AS d, sum(count) AS n FROM key_verifications_per_hour_v1 GROUP BY d ORDER BY d"),
        days
    );
    // (In UTC: three on the 14th, two on the 15th.)
    assert_eq!(
        run(&s, "SELECT toDate(time) AS d, sum(count) AS n FROM key_verifications_per_hour_v1 GROUP BY d ORDER BY d"),
        json!([{"d": "2027-03-14T00:00:00Z", "n": 3}, {"d": "2027-03-15T00:00:00Z", "n": 2}])
    );
    // The zone's days and hours as `DateTime`s of the zone, grouped and sorted as instants
    // (`GROUP BY ALL` too).
    for group_by in ["d", "ALL"] {
        assert_eq!(
            run(&s, &format!("SELECT toStartOfDay(fromUnixTimestamp64Milli(time), 'America/New_York') AS d, count() AS n FROM key_verifications_v1 GROUP BY {group_by} ORDER BY d")),
            json!([
                {"d": "2027-03-13T00:00:00-05:00", "n": 2},
                {"d": "2027-03-14T00:00:00-05:00", "n": 2},
                {"d": "2027-03-15T00:00:00-04:00", "n": 1},
            ]),
            "{group_by}"
        );
    }
    assert_eq!(
        run(&s, "SELECT toStartOfHour(time, 'America/New_York') AS h, sum(count) AS n FROM key_verifications_per_hour_v1 GROUP BY h ORDER BY h DESC"),
        json!([
            {"h": "2027-03-15T00:00:00-04:00", "n": 1},
            {"h": "2027-03-14T23:00:00-04:00", "n": 1},
            {"h": "2027-03-14T00:00:00-05:00", "n": 1},
            {"h": "2027-03-13T23:00:00-05:00", "n": 1},
            {"h": "2027-03-13T22:00:00-05:00", "n": 1},
        ])
    );
    assert_eq!(
        run(&s, "SELECT toStartOfDay(fromUnixTimestamp64Milli(time), 'America/New_York'), count() AS n FROM key_verifications_v1 GROUP BY toStartOfDay(fromUnixTimestamp64Milli(time), 'America/New_York') ORDER BY n, toStartOfDay(fromUnixTimestamp64Milli(time), 'America/New_York') DESC"),
        json!([
            {"toStartOfDay(fromUnixTimestamp64Milli(time), 'America/New_York')": "2027-03-15T00:00:00-04:00", "n": 1},
            {"toStartOfDay(fromUnixTimestamp64Milli(time), 'America/New_York')": "2027-03-14T00:00:00-05:00", "n": 2},
            {"toStartOfDay(fromUnixTimestamp64Milli(time), 'America/New_York')": "2027-03-13T00:00:00-05:00", "n": 2},
        ])
    );
    assert_eq!(
        run(&s, "SELECT formatDateTime(fromUnixTimestamp64Milli(time), '%F %H:00 %z', 'America/New_York') AS h, count() AS n FROM key_verifications_v1 GROUP BY h ORDER BY h"),
        json!([
            {"h": "2027-03-13 22:00 -0500", "n": 1},
            {"h": "2027-03-13 23:00 -0500", "n": 1},
            {"h": "2027-03-14 00:00 -0500", "n": 1},
            {"h": "2027-03-14 23:00 -0400", "n": 1},
            {"h": "2027-03-15 00:00 -0400", "n": 1},
        ])
    );
}

/// A value of type `DateTime('zone')` (or `DateTime64(p, 'zone')`): ClickHouse computes its
/// instant in the zone (src/Common/DateLUTImpl.h: `toStartOfDay` the start of the zone's day,
/// `toStartOfHour` `roundDown` whole hours from it, `toStartOfMinute` whole minutes; `now`,
/// `toDateTime` of a time, `fromUnixTimestamp64Milli` the instant itself) and its type
/// carries the zone, so upstream's Go driver (clickhouse-go v2's lib/column/datetime.go sets
/// the column's `Location` from `DateTime('zone')`; its `time.Time`, scanned into upstream's
/// `ch.Dynamic` in pkg/clickhouse/client.go QueryToMaps, is written as JSON) answers it with
/// the zone's offset: `-04:00`, `+05:45`, `Z` where the offset is 0. 2030-03-31 is the day
/// Europe's clocks moved forward (01:00 UTC), so Berlin's day started at +01:00.
#[test]
fn get_verifications__time_zone_datetimes() {
    let s = frozen_at_noon(); // 2030-03-31 12:00:00.250 UTC
    let query = [
        "toStartOfDay(now(), 'Asia/Tokyo') AS a",
        "now('Europe/Berlin') AS b",
        "toStartOfDay(now(), 'Europe/Berlin') AS c",
        "toStartOfHour(now(), 'Asia/Kolkata') AS d",
        "toStartOfHour(now(), 'Asia/Kathmandu') AS e",
        "toStartOfMinute(now(), 'Asia/Kathmandu') AS f",
        "toDateTime(now(), 'America/New_York') AS g",
        "date_trunc('day', now(), 'America/New_York') AS h",
        "fromUnixTimestamp64Milli(time, 'Asia/Tokyo') AS i",
        "now64(3, 'Asia/Tokyo') AS j",
        "toDateTime64(now64(3), 3, 'America/New_York') AS k",
        "now('Europe/London') AS l",
        "now('Africa/Abidjan') AS m",
        "toStartOfDay(fromUnixTimestamp64Milli(time), 'America/St_Johns') AS n",
    ]
    .join(", ");
    assert_eq!(
        run(&s, &format!("SELECT {query} FROM key_verifications_v1")),
        json!([{
            "a": "2030-03-31T00:00:00+09:00",
            "b": "2030-03-31T14:00:00+02:00",
            "c": "2030-03-31T00:00:00+01:00",
            "d": "2030-03-31T17:00:00+05:30",
            "e": "2030-03-31T17:00:00+05:45",
            "f": "2030-03-31T17:45:00+05:45",
            "g": "2030-03-31T08:00:00-04:00",
            "h": "2030-03-31T00:00:00-04:00",
            "i": "2030-03-31T21:00:00.25+09:00",
            "j": "2030-03-31T21:00:00.25+09:00",
            "k": "2030-03-31T08:00:00.25-04:00",
            "l": "2030-03-31T13:00:00+01:00",
            "m": "2030-03-31T12:00:00Z",
            "n": "2030-03-31T00:00:00-02:30",
        }])
    );
    // Compared with a time or a number, as instants (its alias too).
    assert_eq!(
        run(&s, "SELECT toStartOfDay(now(), 'Asia/Tokyo') AS d, count() AS n FROM key_verifications_v1 WHERE fromUnixTimestamp64Milli(time) >= toStartOfDay(now(), 'Europe/Berlin') AND toStartOfHour(now(), 'Asia/Kolkata') < now() AND d < now() GROUP BY d HAVING d <= toStartOfDay(now(), 'America/New_York')"),
        json!([{"d": "2030-03-31T00:00:00+09:00", "n": 1}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE toStartOfDay(now(), 'Asia/Tokyo') > fromUnixTimestamp64Milli(time)"),
        json!([{"n": 0}])
    );
    // Read by a calendar function without a zone: in its own zone (ClickHouse's
    // extractTimeZoneFromFunctionArguments takes the zone of the time's type); with one, in
    // that one. Auckland is +13:00 until April 2030's first Sunday.
    assert_eq!(
        run(&s, "SELECT toString(toDateTime(now(), 'Asia/Tokyo')) AS a, formatDateTime(toStartOfHour(now(), 'Asia/Kolkata'), '%F %T %z') AS b, toDate(now('Pacific/Auckland')) AS c, toString(fromUnixTimestamp64Milli(time, 'Asia/Tokyo')) AS d, formatDateTime(now('Asia/Tokyo'), '%H', 'UTC') AS e, toStartOfMonth(now('Pacific/Auckland')) AS f FROM key_verifications_v1"),
        json!([{
            "a": "2030-03-31 21:00:00",
            "b": "2030-03-31 17:00:00 +0530",
            "c": "2030-04-01T00:00:00Z",
            "d": "2030-03-31 21:00:00.250",
            "e": "12",
            "f": "2030-04-01T00:00:00Z",
        }])
    );
    // (A zone in parentheses, or a `WITH` name of one, is the same constant for ClickHouse.)
    assert_eq!(
        run(&s, "WITH 'Asia/Tokyo' AS tz SELECT toStartOfDay(now(), tz) AS a, toDate(now(), (tz)) AS b, formatDateTime(now(), '%H', ('Asia/Tokyo')) AS c FROM key_verifications_v1"),
        json!([{"a": "2030-03-31T00:00:00+09:00", "b": "2030-03-31T00:00:00Z", "c": "21"}])
    );
    // (An unaliased one is named as written.)
    let row = &run(
        &s,
        "SELECT toStartOfDay(now(), 'Asia/Tokyo') FROM key_verifications_v1",
    )[0];
    assert_eq!(
        row["toStartOfDay(now(), 'Asia/Tokyo')"], "2030-03-31T00:00:00+09:00",
        "{row}"
    );
    // Where its value would be read by anything but the answer, a key or a sort, not run.
    for query in [
        "SELECT toStartOfDay(now(), 'Asia/Tokyo') AS d FROM key_verifications_v1 WHERE d IN ('2030-03-31 00:00:00', now())",
        "SELECT now() AS n FROM key_verifications_v1 WHERE toDate(now()) < toDateTime64(now(), 3, 'Asia/Tokyo')",
        "SELECT now() AS n FROM key_verifications_v1 WHERE toStartOfDay(now(), 'Asia/Tokyo') + 1 > now()",
        "SELECT toStartOfDay(toDateTime(now(), 'Asia/Tokyo')) AS d FROM key_verifications_v1",
        "SELECT toString((toDateTime(now(), 'Asia/Tokyo'))) AS d FROM key_verifications_v1",
        "SELECT concat(toString(toDateTime(now(), 'Asia/Tokyo')), toDateTime(now(), 'Asia/Tokyo')) AS d FROM key_verifications_v1",
        "SELECT toStartOfDay(now(), 'Asia/Tokyo') + INTERVAL 1 DAY + INTERVAL 1 HOUR AS d FROM key_verifications_v1",
        "SELECT toDateTime64(now64(6), 6, 'Asia/Tokyo') + INTERVAL 1 DAY AS d FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE toStartOfDay(now(), 'Asia/Tokyo') + INTERVAL 1 DAY > now()",
        "SELECT toStartOfDay(now(), 'Asia/Tokyo') + INTERVAL 1 DAY AS d, toDate(d) AS e FROM key_verifications_v1",
        "SELECT d FROM (SELECT toStartOfDay(now(), 'Asia/Tokyo') AS d FROM key_verifications_v1) WHERE d > now()",
        "SELECT * FROM (SELECT toStartOfDay(now(), 'Asia/Tokyo') AS d FROM key_verifications_v1)",
        "SELECT t.d FROM (SELECT toStartOfDay(now(), 'Asia/Tokyo') AS d FROM key_verifications_v1) AS t",
        "SELECT toDate(d) AS e FROM (SELECT toStartOfDay(now(), 'Asia/Tokyo') AS d FROM key_verifications_v1)",
        "SELECT d FROM (SELECT d FROM (SELECT toStartOfDay(now(), 'Asia/Tokyo') AS d FROM key_verifications_v1))",
        "SELECT count() AS n FROM key_verifications_v1 WHERE now() IN (SELECT toStartOfDay(now(), 'Asia/Tokyo') AS d FROM key_verifications_v1)",
        "SELECT toStartOfDay(now(), 'Asia/Tokyo') AS d FROM key_verifications_v1 UNION ALL SELECT now() AS d FROM key_verifications_v1",
        "SELECT toStartOfDay(now(), 'Asia/Tokyo') AS d FROM key_verifications_v1 ORDER BY d WITH FILL",
        "SELECT toStartOfDay(now(), 'Asia/Tokyo') AS d, toDate(d + 1) AS e FROM key_verifications_v1",
        "SELECT toDateTime(toString(now()), 'Asia/Tokyo') AS d FROM key_verifications_v1",
        "SELECT toDateTime64(toDate('2030-03-31'), 3, 'Asia/Tokyo') AS d FROM key_verifications_v1",
        "SELECT date_trunc('hour', toDateTime64(now64(3), 3), 'Asia/Tokyo') AS d FROM key_verifications_v1",
        "SELECT now64(9, 'Asia/Tokyo') AS d FROM key_verifications_v1",
    ] {
        let (ty, detail) = refused(&s, query);
        assert_eq!(ty, "invalid_analytics_query");
        assert!(detail.starts_with("unkey-local does not run"), "{query}: {detail}");
    }
    // (An unknown zone is ClickHouse's "Cannot load time zone", as in a calendar function.)
    assert_invalid(
        &s,
        "SELECT now('Mars/Olympus_Mons') AS d FROM key_verifications_v1",
    );
}

/// A `DateTime('zone')` compared with a string literal: the comparison converts the string
/// to the other side's type (FunctionsComparison.h executeWithConstString, convertFieldToType's
/// deserializeWholeText), whose serialization reads it in the type's zone
/// (SerializationDateTime: readDateTimeText with its DateLUT, DateLUTImpl.h makeDateTime: the
/// zone's day start plus the time of day, less the day's offset change at or after it;
/// 0_stateless/02737_session_timezone.sql: `WHERE d == '2000-01-01 01:00:00'` of a
/// `DateTime('UTC')` column is "parsed using timezone from `d` column"). Berlin's 2030-03-31 began at 2030-03-30 23:00 UTC, and its
/// 02:00 became 03:00 (01:00 UTC): the skipped 02:30 is read an hour early, at 00:30 UTC.
#[test]
fn get_verifications__time_zone_compared_with_a_string() {
    let s = frozen_at(1_901_149_200_000); // 2030-03-31 01:00:00 UTC, 03:00 in Berlin
    assert_eq!(
        run(&s, "SELECT countIf(toStartOfDay(fromUnixTimestamp64Milli(time), 'Europe/Berlin') >= '2030-03-31 00:00:00') AS a, countIf(toStartOfDay(fromUnixTimestamp64Milli(time), 'Europe/Berlin') = '2030-03-31') AS b, countIf('2030-03-31 10:00:00' = toStartOfHour(now(), 'Asia/Tokyo')) AS c, countIf(toStartOfMinute(now(), 'Europe/Berlin') > '2030-03-31 02:30:00') AS d, countIf(toDateTime(now(), 'Europe/Berlin') = '2030-03-31 03:00:00') AS e, countIf(toDateTime(now(), 'Europe/Berlin') < '2030-03-31 02:59:59') AS f, countIf(now('Asia/Tokyo') = '1901149200') AS g FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 0, "g": 1}])
    );
    // A `Date` against it is cast to its type (getLeastSupertype of a `Date` and a `DateTime`
    // is the `DateTime` type, zone and all): its day's start in the zone. Tokyo's 2030-03-31
    // began at 2030-03-30 15:00 UTC, New York's at 2030-03-31 04:00 UTC.
    assert_eq!(
        run(&s, "SELECT countIf(toDate(now()) = toStartOfDay(now(), 'Asia/Tokyo')) AS a, countIf(toDateTime(now(), 'America/New_York') >= toDate(now())) AS b FROM key_verifications_v1"),
        json!([{"a": 1, "b": 0}])
    );
    // (`BETWEEN` is two such comparisons; an `IN` list's strings are converted to the left
    // side's type as a comparison converts one: convertFieldToType.cpp passes a string to the
    // type's deserializeWholeText, not to its numeric conversions.)
    assert_eq!(
        run(&s, "SELECT countIf(toStartOfDay(fromUnixTimestamp64Milli(time), 'Europe/Berlin') BETWEEN '2030-03-31 00:00:00' AND '2030-03-31 00:00:00') AS a, countIf(NOT toStartOfHour(now(), 'Asia/Tokyo') BETWEEN '2030-03-31 09:00:00' AND '2030-03-31 10:00:00') AS b, countIf(toStartOfHour(now(), 'Asia/Tokyo') IN ('2030-03-31 10:00:00', '2030-03-31 11:00:00')) AS c, countIf(toStartOfDay(now(), 'Europe/Berlin') NOT IN ('2030-03-31 00:00:00')) AS d FROM key_verifications_v1"),
        json!([{"a": 1, "b": 0, "c": 1, "d": 0}])
    );
    // (Its alias too, in `WHERE` and `HAVING`; the answer keeps its offset.)
    assert_eq!(
        run(&s, "SELECT toStartOfDay(fromUnixTimestamp64Milli(time), 'Europe/Berlin') AS d, count() AS n FROM key_verifications_v1 WHERE d >= '2030-03-31 00:00:00' AND d < '2030-03-31 00:00:01' GROUP BY d HAVING d = '2030-03-31 00:00:00'"),
        json!([{"d": "2030-03-31T00:00:00+01:00", "n": 1}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE toStartOfDay(fromUnixTimestamp64Milli(time), 'Europe/Berlin') > '2030-03-30 23:00:00'"),
        json!([{"n": 1}])
    );
    // Its alias read by a calendar function without a zone: in its zone, as the call itself
    // (extractTimeZoneFromFunctionArguments takes the zone of the time's type). Tokyo's day
    // began at 2030-03-30 15:00 UTC.
    let s = frozen_at_noon();
    assert_eq!(
        run(&s, "SELECT toStartOfDay(now(), 'Asia/Tokyo') AS d, toDate(d) AS e, toString(d) AS f, toStartOfMonth(d) AS g, formatDateTime(d, '%F %T %z') AS h FROM key_verifications_v1"),
        json!([{
            "d": "2030-03-31T00:00:00+09:00",
            "e": "2030-03-31T00:00:00Z",
            "f": "2030-03-31 00:00:00",
            "g": "2030-03-01T00:00:00Z",
            "h": "2030-03-31 00:00:00 +0900",
        }])
    );
    // A text converted to a `DateTime` of a zone is read in it (ConvertThroughParsing's
    // readDateTimeText with the zone's DateLUT; 0_stateless/00189_time_zones:
    // `toTimeZone(toDateTime('2017-11-05 08:07:47', 'Asia/Istanbul'), 'Asia/Kolkata')` is
    // 10:37:47), a Unix time as the instant; Berlin's skipped 02:30 an hour early.
    assert_eq!(
        run(&s, "SELECT toDateTime('2030-03-31 00:00:00', 'Asia/Tokyo') AS a, toDateTime64('2030-03-31 02:30:00.5', 3, 'Europe/Berlin') AS b, toDateTime('1901188800', 'Asia/Tokyo') AS c, toDateTime('2030-03-31', 'America/New_York') AS d FROM key_verifications_v1 WHERE toDateTime('2030-03-31 21:00:00', 'Asia/Tokyo') = now()"),
        json!([{
            "a": "2030-03-31T00:00:00+09:00",
            "b": "2030-03-31T01:30:00.5+01:00",
            "c": "2030-03-31T21:00:00+09:00",
            "d": "2030-03-31T00:00:00-04:00",
        }])
    );
    // A `Date` made a `DateTime` of a zone is its day's start there (FunctionsConversion.h
    // ToDateTimeImpl: `fromDayNum` of the zone's DateLUT, cast to `UInt32`, so 1970-01-01 of
    // a zone east of UTC wraps round to 2106; DateTimeTransforms.h ToStartOfDayImpl of a
    // `Date`: `toDate(DayNum(d))` of the zone, the same).
    assert_eq!(
        run(&s, "SELECT toDateTime(toDate(now()), 'Asia/Tokyo') AS a, toDateTime(toDate('2030-03-31'), 'Europe/Berlin') AS b, toDateTime(toDate(now()), 'America/New_York') AS c, toDateTime(toDate('1970-01-01'), 'Asia/Tokyo') AS d, toStartOfDay(toDate('2030-03-31'), 'America/New_York') AS e FROM key_verifications_v1 WHERE toDateTime(toDate(now()), 'Asia/Tokyo') < now()"),
        json!([{
            "a": "2030-03-31T00:00:00+09:00",
            "b": "2030-03-31T00:00:00+01:00",
            "c": "2030-03-31T00:00:00-04:00",
            "d": "2106-02-07T06:28:16+09:00",
            "e": "2030-03-31T00:00:00-04:00",
        }])
    );
    // A subquery's or CTE's column of it carries the zone to the query reading it (the
    // column's type is `DateTime('zone')`): answered with the offset where it is only
    // answered, grouped and sorted.
    assert_eq!(
        run(&s, "WITH t AS (SELECT toStartOfDay(fromUnixTimestamp64Milli(time), 'Asia/Tokyo') AS d, count(*) AS n FROM key_verifications_v1 GROUP BY d) SELECT d, n, d AS e FROM t ORDER BY d"),
        json!([{"d": "2030-03-31T00:00:00+09:00", "n": 1, "e": "2030-03-31T00:00:00+09:00"}])
    );
    assert_eq!(
        run(&s, "SELECT d, sum(n) AS n FROM (SELECT toStartOfHour(now(), 'America/New_York') AS d, count() AS n FROM key_verifications_v1 GROUP BY d) GROUP BY d"),
        json!([{"d": "2030-03-31T08:00:00-04:00", "n": 1}])
    );
    // (Text after the time is the type's error, as without a zone.)
    assert_invalid(
        &s,
        "SELECT count() AS n FROM key_verifications_v1 WHERE toStartOfDay(now(), 'Europe/Berlin') = '2030-03-31 00:00:00Z'",
    );
}

/// A `DateTime('zone')` moved by an interval of days, weeks, months, quarters or years keeps
/// its wall time of day across a change of the zone's offset (FunctionDateOrDateTimeAddInterval
/// AddDaysImpl/AddMonthsImpl call the zone's DateLUTImpl addDays/addMonths: `t - date`, less
/// the day's offset change, on the new day read as makeDateTime does); hours, minutes and
/// seconds are added to the instant. Berlin's 2030-03-31 02:00 became 03:00.
#[test]
fn get_verifications__time_zone_moved_by_intervals() {
    let s = frozen_at(1_901_102_400_250); // 2030-03-30 12:00:00.250 UTC, 13:00 in Berlin
    assert_eq!(
        run(&s, "SELECT fromUnixTimestamp64Milli(time, 'Europe/Berlin') + INTERVAL 1 DAY AS f, toStartOfHour(now(), 'Europe/Berlin') + INTERVAL 1 DAY AS a, toDateTime(now(), 'Europe/Berlin') - INTERVAL 1 MONTH AS b, toStartOfHour(now(), 'Europe/Berlin') + toIntervalWeek(1) AS c, toDateTime(now(), 'Europe/Berlin') + INTERVAL 14 HOUR AS d, toStartOfDay(now(), 'Europe/Berlin') + INTERVAL 1 DAY AS e FROM key_verifications_v1"),
        json!([{
            "a": "2030-03-31T13:00:00+02:00",
            "b": "2030-02-28T13:00:00+01:00",
            "c": "2030-04-06T13:00:00+02:00",
            "d": "2030-03-31T04:00:00+02:00",
            "e": "2030-03-31T00:00:00+01:00",
            "f": "2030-03-31T13:00:00.25+02:00",
        }])
    );
    // (Grouped and sorted by its alias.)
    assert_eq!(
        run(&s, "SELECT toStartOfDay(fromUnixTimestamp64Milli(time), 'Europe/Berlin') + INTERVAL 1 DAY AS d, count() AS n FROM key_verifications_v1 GROUP BY d ORDER BY d"),
        json!([{"d": "2030-03-31T00:00:00+01:00", "n": 1}])
    );
}

/// New York's change back to winter time (2027-11-07 06:00 UTC, 02:00 EDT to 01:00 EST): its
/// 7 November is 25 hours long, from 04:00 UTC, and its 01:00 hour comes twice, as two
/// instants (`toStartOfHour` answers both, DateLUTImpl's `roundDown` of whole hours), which
/// `formatDateTime` writes alike.
#[test]
fn get_verifications__time_zone_repeated_hour() {
    let s = frozen_at(1_825_565_400_000); // 2027-11-07 05:30 UTC, 01:30 EDT
    let r = s.request(
        "POST",
        "/_local/clock",
        &[],
        json!({ "set": 1_825_569_000_000i64 })
            .to_string()
            .as_bytes(), // 06:30 UTC, 01:30 EST
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let (_, k) = s.create_key(json!({"apiId": s.create_api()}));
    s.verify(json!({"key": k}));
    assert_eq!(
        run(&s, "SELECT toStartOfHour(fromUnixTimestamp64Milli(time), 'America/New_York') AS h, formatDateTime(fromUnixTimestamp64Milli(time), '%F %T', 'America/New_York') AS w, toStartOfDay(fromUnixTimestamp64Milli(time), 'America/New_York') AS d FROM key_verifications_v1 ORDER BY h"),
        json!([
            {"h": "2027-11-07T01:00:00-04:00", "w": "2027-11-07 01:30:00", "d": "2027-11-07T00:00:00-04:00"},
            {"h": "2027-11-07T01:00:00-05:00", "w": "2027-11-07 01:30:00", "d": "2027-11-07T00:00:00-04:00"},
        ])
    );
    assert_eq!(
        run(&s, "SELECT formatDateTime(fromUnixTimestamp64Milli(time), '%F %H', 'America/New_York') AS w, count() AS n FROM key_verifications_v1 GROUP BY w"),
        json!([{"w": "2027-11-07 01", "n": 2}])
    );
}

/// A time-zone argument ClickHouse cannot load: an unknown name is its "Cannot load time zone
/// …" (DateLUTImpl's constructor; cctz finds a zone by its exact file name, so a name in
/// another case is unknown too), an empty one its ILLEGAL_TYPE_OF_ARGUMENT ("Provided time
/// zone must be non-empty", src/Functions/extractTimeZoneFromFunctionArguments.cpp); neither
/// message holds a word upstream's WrapClickHouseError (pkg/clickhouse/errors.go) looks for,
/// so both are its 400 "Invalid analytics query". A zone that is not a string literal, a
/// `Date` formatted in a zone, and a zone of a number or a text are not run.
#[test]
fn get_verifications__time_zone_refusals() {
    let s = frozen_at_noon();
    for zone in [
        "Mars/Olympus_Mons",
        "america/new_york",
        "",
        "Europe/Berlin ",
    ] {
        assert_invalid(
            &s,
            &format!("SELECT toDate(now(), '{zone}') AS d FROM key_verifications_v1"),
        );
        assert_invalid(
            &s,
            &format!("SELECT formatDateTime(now(), '%F', '{zone}') AS d FROM key_verifications_v1"),
        );
    }
    for query in [
        "SELECT toDate(now(), key_space_id) AS d FROM key_verifications_v1",
        "SELECT toDate(now(), concat('Asia/', 'Tokyo')) AS d FROM key_verifications_v1",
        "SELECT formatDateTime(toDate('2024-03-10'), '%F %z', 'Asia/Tokyo') AS d FROM key_verifications_v1",
        "SELECT toDate(1710039600, 'America/New_York') AS d FROM key_verifications_v1",
    ] {
        let (ty, detail) = refused(&s, query);
        assert_eq!(ty, "invalid_analytics_query");
        assert!(detail.starts_with("unkey-local does not run"), "{query}: {detail}");
    }
}

/// The zones are those of tzdata 2025a, which ClickHouse 25.6 embeds (its cctz fork's
/// `clickhouse-2025a` branch): `America/Coyhaique`, new in 2025b, is its "Cannot load time
/// zone", and Tehran's 1978 is read with 2025a's +04:00 (2025b moved its change to +03:30 from
/// the year's end to November 10). A time answered in the zone carries the offset upstream's Go
/// writes from its own image's tzdata, a later release a client cannot name: where 2025a and
/// 2026f disagree on it, the row is not run.
#[test]
fn get_verifications__time_zones_are_clickhouse_25_6s() {
    let s = frozen_at_noon();
    assert_invalid(
        &s,
        "SELECT toDate(now(), 'America/Coyhaique') AS d FROM key_verifications_v1",
    );
    assert_eq!(
        run(&s, "SELECT formatDateTime(toDateTime('1978-11-20 12:00:00', 'Asia/Tehran'), '%H:%i', 'UTC') AS t FROM key_verifications_v1 LIMIT 1"),
        json!([{"t": "08:00"}])
    );
    assert_eq!(
        run(&s, "SELECT toDateTime('2026-06-01 12:00:00', 'Asia/Tehran') AS t FROM key_verifications_v1 LIMIT 1"),
        json!([{"t": "2026-06-01T12:00:00+03:30"}])
    );
    let (ty, detail) = refused(
        &s,
        "SELECT toDateTime('1978-11-20 12:00:00', 'Asia/Tehran') AS t FROM key_verifications_v1 LIMIT 1",
    );
    assert_eq!(ty, "invalid_analytics_query");
    assert!(detail.starts_with("unkey-local does not run"), "{detail}");
}

/// `toStartOfWeek(t, mode)`: weeks start on Monday where the mode's bit 0 is set, on Sunday
/// otherwise (src/Common/DateLUTImpl.h, toFirstDayNumOfWeek reads WeekModeFlag::MONDAY_FIRST;
/// the docs' `toStartOfWeek(t[, mode[, timezone]])`); a start before 1970 is held at
/// 1970-01-01, as without a mode. It was refused ("Invalid analytics query").
#[test]
fn get_verifications__start_of_week_modes() {
    let s = frozen_at_noon(); // a Sunday
    assert_eq!(
        run(&s, "SELECT toStartOfWeek(toDate('2026-12-03'), 0) AS a, toStartOfWeek(toDate('2026-12-03'), 1) AS b, toStartOfWeek(now(), 1) AS c, toStartOfWeek(now(), 2) AS d, toStartOfWeek(toDate('2026-12-07'), 3, 'UTC') AS e, toStartOfWeek(toDateTime('1970-01-02 10:00:00'), 1) AS f FROM key_verifications_v1"),
        json!([{
            "a": "2026-11-29T00:00:00Z",
            "b": "2026-11-30T00:00:00Z",
            "c": "2030-03-25T00:00:00Z",
            "d": "2030-03-31T00:00:00Z",
            "e": "2026-12-07T00:00:00Z",
            "f": "1970-01-01T00:00:00Z",
        }])
    );
    assert_eq!(
        run(&s, "SELECT toStartOfWeek(fromUnixTimestamp64Milli(time), 1) AS w, count() AS n FROM key_verifications_v1 GROUP BY w"),
        json!([{"w": "2030-03-25T00:00:00Z", "n": 1}])
    );
}

/// A time compared with a string literal: ClickHouse converts the constant string to the
/// time's type and compares times (FunctionsComparison.h executeWithConstString,
/// convertFieldToType; tests/queries/0_stateless/01311_comparison_with_constant_string.sql:
/// `toDateTime('2020-06-13 01:02:03') = '2020-06-13T01:02:03'` is 1), in `=`, `<`, …,
/// `BETWEEN` and an `IN` list, and a select-list alias compared with one is its expression's
/// type. These compared the ms with the text (so `>=` never held). A `Date` against a string
/// with a time is readDateText's "String is too long for Date", upstream's "Invalid
/// analytics query"; a string expression is not run (see
/// [`get_verifications__time_text_forms`] for the forms of text).
#[test]
fn get_verifications__time_compared_with_a_date_string() {
    let s = frozen_at_noon(); // one verification at 2030-03-31 12:00:00.250
    let n = |table: &str, cond: &str| {
        run(
            &s,
            &format!("SELECT count() AS n FROM {table} WHERE {cond}"),
        )[0]["n"]
            .clone()
    };
    let day = "key_verifications_per_day_v1";
    let hour = "key_verifications_per_hour_v1";
    let raw = "key_verifications_v1";
    for (table, cond, want) in [
        (day, "time >= '2030-03-31'", 1),
        (day, "time = '2030-03-31'", 1),
        (day, "time > '2030-03-31'", 0),
        (day, "'2030-04-01' > time", 1),
        (hour, "time = '2030-03-31 12:00:00'", 1),
        (hour, "time = '2030-03-31T12:00:00'", 1),
        (hour, "time > '2030-03-31'", 1),
        (hour, "time < '2030-03-31 11:59:59'", 0),
        (
            raw,
            "fromUnixTimestamp64Milli(time) >= '2030-03-31 12:00:00.25'",
            1,
        ),
        (
            raw,
            "fromUnixTimestamp64Milli(time) > '2030-03-31 12:00:00.25'",
            0,
        ),
        (
            raw,
            "fromUnixTimestamp64Milli(time) > '2030-03-31 12:00:00.2499'",
            1,
        ),
        (
            raw,
            "toDate(fromUnixTimestamp64Milli(time)) != '2030-03-30'",
            1,
        ),
        (
            raw,
            "fromUnixTimestamp64Milli(time) BETWEEN '2030-03-31' AND '2030-04-01'",
            1,
        ),
        (
            raw,
            "NOT fromUnixTimestamp64Milli(time) BETWEEN '2030-03-31' AND '2030-04-01'",
            0,
        ),
        (
            raw,
            "toDate(fromUnixTimestamp64Milli(time)) IN ('2030-03-30', '2030-03-31')",
            1,
        ),
        (
            raw,
            "toStartOfHour(fromUnixTimestamp64Milli(time)) NOT IN ('2030-03-31 12:00:00')",
            0,
        ),
    ] {
        assert_eq!(n(table, cond), json!(want), "{cond}");
    }
    assert_eq!(
        run(&s, "SELECT countIf(fromUnixTimestamp64Milli(time) < '2030-04-01') AS a, count() AS c FROM key_verifications_v1 HAVING c > '0'"),
        json!([{"a": 1, "c": 1}])
    );
    assert_eq!(
        run(&s, "SELECT toDate(fromUnixTimestamp64Milli(time)) AS d, count() AS c FROM key_verifications_v1 GROUP BY d HAVING d < '2030-03-31' OR c > '1'"),
        json!([])
    );
    assert_invalid(
        &s,
        "SELECT count() AS n FROM key_verifications_v1 WHERE toDate(fromUnixTimestamp64Milli(time)) = '2030-03-31 00:00:00'",
    );
    assert_invalid(
        &s,
        "SELECT count() AS n FROM key_verifications_per_hour_v1 WHERE time > '2030-03-31T00:00:00Z'",
    );
    assert_eq!(
        n(hour, "time > '2030/03/31'"),
        json!(1),
        "any separator in a date"
    );
    for query in [
        "SELECT count() AS n FROM key_verifications_per_day_v1 WHERE time = toString(time)",
        "SELECT count() AS n FROM key_verifications_per_day_v1 WHERE time IN (toString(today()))",
    ] {
        let (ty, detail) = refused(&s, query);
        assert_eq!(ty, "invalid_analytics_query");
        assert!(
            detail.starts_with("unkey-local does not run"),
            "{query}: {detail}"
        );
    }
}

/// A number added to or taken from a time moves it by whole days of a `Date` and whole
/// seconds of a `DateTime` or `DateTime64` (ClickHouse turns `t ± n` into `addDays`/
/// `addSeconds`, FunctionBinaryArithmetic's getFunctionForIntervalArithmetic; its test
/// 01099_operators_date_and_timestamp answers `date '2001-09-29' + 7` as 2001-10-06, a
/// `Date`), a fraction cut off (ClickHouse issue #28684: `DateTime64 - 0.1` is the same
/// time); `n + time` too, but not `n - time`.
#[test]
fn get_verifications__number_added_to_a_time() {
    let s = frozen_at_noon();
    assert_eq!(
        run(&s, "SELECT toDate(now()) - 3 AS d, toStartOfHour(now()) + 60 AS h, now() - 90 AS s, 2 + today() AS n, now64() + 1 AS f, fromUnixTimestamp64Milli(time) - 2 * 30 AS m, today() + 1.9 AS fd, now() - 1.5 AS fs, now() + 1 - 2 AS chain FROM key_verifications_v1"),
        json!([{
            "d": "2030-03-28T00:00:00Z",
            "h": "2030-03-31T12:01:00Z",
            "s": "2030-03-31T11:58:30Z",
            "n": "2030-04-02T00:00:00Z",
            "f": "2030-03-31T12:00:01.25Z",
            "m": "2030-03-31T11:59:00.25Z",
            "fd": "2030-04-01T00:00:00Z",
            "fs": "2030-03-31T11:59:59Z",
            "chain": "2030-03-31T11:59:59Z",
        }])
    );
    // With intervals, through an alias, of a rollup's `DateTime` and of a subquery's `Date`.
    assert_eq!(
        run(&s, "SELECT now() - 1 - INTERVAL 1 DAY AS a, INTERVAL 1 DAY + today() - 1 AS b, now() AS t, t + 5 AS c FROM key_verifications_v1"),
        json!([{
            "a": "2030-03-30T11:59:59Z",
            "b": "2030-03-31T00:00:00Z",
            "t": "2030-03-31T12:00:00Z",
            "c": "2030-03-31T12:00:05Z",
        }])
    );
    assert_eq!(
        run(
            &s,
            "SELECT time + 60 AS t FROM key_verifications_per_minute_v1"
        ),
        json!([{"t": "2030-03-31T12:01:00Z"}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT d - 7 AS w FROM (SELECT today() AS d FROM key_verifications_v1)"
        ),
        json!([{"w": "2030-03-24T00:00:00Z"}])
    );
    // A `Date` saturates at its range's ends (AddDaysImpl of a UInt16 day number clamps to 0
    // and 65535, FunctionDateOrDateTimeAddInterval.h), a `DateTime` wraps round its UInt32
    // seconds (AddSecondsImpl returns a UInt32).
    assert_eq!(
        run(&s, "SELECT today() - 30000 AS lo, today() + 50000 AS hi, now() + 3000000000 AS wrapped FROM key_verifications_v1"),
        json!([{
            "lo": "1970-01-01T00:00:00Z",
            "hi": "2149-06-06T00:00:00Z",
            "wrapped": "1989-03-18T10:51:44Z",
        }])
    );
    // Compared and unaliased: the verification is within the last minute, not the next.
    assert_eq!(
        run(&s, "SELECT countIf(fromUnixTimestamp64Milli(time) > now() - 60) AS recent, countIf(fromUnixTimestamp64Milli(time) > now() + 1) AS later FROM key_verifications_v1"),
        json!([{"recent": 1, "later": 0}])
    );
    assert_eq!(
        run(&s, "SELECT today() - 1 FROM key_verifications_v1"),
        json!([{"minus(today(), 1)": "2030-03-30T00:00:00Z"}])
    );
    for query in [
        "SELECT 3 - now() AS x FROM key_verifications_v1",
        "SELECT now() + now() AS x FROM key_verifications_v1",
        "SELECT today() + 'a' AS x FROM key_verifications_v1",
    ] {
        assert_invalid(&s, query);
    }
}

/// A time less a time: of two `Date`s their days and of two `DateTime`s their seconds, an
/// `Int32` (ClickHouse's 01099_operators_date_and_timestamp: `date '2001-10-01' - date
/// '2001-09-28'` is 3, `Int32`; two timestamps 140400); with a `DateTime64` on a side a
/// `Decimal` of seconds at its scale (02156_minus_op_with_datatime64: 3600.123, ClickHouse
/// 25.1 and later), which upstream's Go driver reads as a decimal that JSON writes as a
/// string. A `Date` less a `DateTime` has no such operation (ILLEGAL_TYPE_OF_ARGUMENT).
#[test]
fn get_verifications__time_less_a_time() {
    let s = frozen_at_noon();
    assert_eq!(
        run(&s, "SELECT today() - toDate('2030-03-01') AS days, now() - toStartOfDay(now()) AS secs, now64() - toStartOfDay(now()) AS dec, toStartOfHour(now()) - now64() AS neg, now64() - now64() AS zero, fromUnixTimestamp64Milli(time) - (now() - 10) AS since FROM key_verifications_v1"),
        json!([{
            "days": 30,
            "secs": 43200,
            "dec": "43200.25",
            "neg": "-0.25",
            "zero": "0",
            "since": "10.25",
        }])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE now64() - fromUnixTimestamp64Milli(time) < 1 AND today() - toDate(now()) = 0"),
        json!([{"n": 1}])
    );
    assert_invalid(&s, "SELECT today() - now() AS x FROM key_verifications_v1");
}

/// `quantile` of a time answers that time's type (ClickHouse's AggregateFunctionQuantile
/// keeps a `Date`'s, `DateTime`'s and `DateTime64`'s type; QuantileReservoirSampler
/// interpolates their whole units and casts the result back, cutting the fraction off), over
/// no rows the epoch; of a number a `Float64`.
#[test]
fn get_verifications__quantile_of_a_time() {
    let s = Server::start(&["--analytics", "--frozen-clock"]);
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    // Verifications at 00:00:00.000, 00:00:01.500 and 00:00:04.000 of 2030-01-01.
    for ms in [1_893_456_000_000i64, 1_893_456_001_500, 1_893_456_004_000] {
        let r = s.request(
            "POST",
            "/_local/clock",
            &[],
            json!({"set": ms}).to_string().as_bytes(),
        );
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        s.verify(json!({"key": k}));
    }
    // Seconds 0, 1, 4: the median 1, the 0.75 quantile 2.5 cut to 2; in ms 0, 1500, 4000:
    // the 0.75 quantile 2750.
    assert_eq!(
        run(&s, "SELECT quantile(0.75)(toDateTime(fromUnixTimestamp64Milli(time))) AS q, quantile(toDateTime(fromUnixTimestamp64Milli(time))) AS med, quantile(0.75)(fromUnixTimestamp64Milli(time)) AS q64, quantile(toDate(fromUnixTimestamp64Milli(time))) AS day, quantile(0.75)(time) AS raw FROM key_verifications_v1"),
        json!([{
            "q": "2030-01-01T00:00:02Z",
            "med": "2030-01-01T00:00:01Z",
            "q64": "2030-01-01T00:00:02.75Z",
            "day": "2030-01-01T00:00:00Z",
            "raw": 1_893_456_002_750i64,
        }])
    );
    // `min` and `max` of times are times too (their argument's type).
    assert_eq!(
        run(&s, "SELECT max(toDateTime(fromUnixTimestamp64Milli(time))) AS hi, min(toDate(fromUnixTimestamp64Milli(time))) AS lo, max(fromUnixTimestamp64Milli(time)) AS hi64 FROM key_verifications_v1"),
        json!([{
            "hi": "2030-01-01T00:00:04Z",
            "lo": "2030-01-01T00:00:00Z",
            "hi64": "2030-01-01T00:00:04Z",
        }])
    );
    // Over a window, and over no rows.
    assert_eq!(
        run(&s, "SELECT quantile(0.5)(toDateTime(fromUnixTimestamp64Milli(time))) OVER () AS w FROM key_verifications_v1 LIMIT 1"),
        json!([{"w": "2030-01-01T00:00:01Z"}])
    );
    assert_eq!(
        run(&s, "SELECT quantile(0.5)(toDateTime(fromUnixTimestamp64Milli(time))) AS q FROM key_verifications_v1 WHERE outcome = 'NONE'"),
        json!([{"q": "1970-01-01T00:00:00Z"}])
    );
}

// ---- forms that were "unkey-local does not run …": now run, or refused as upstream refuses ----

/// `WITH <expression> AS name` inside a subquery (a `FROM` source, an `IN` list): the name holds
/// in that subquery, over an outer query's name of the same spelling, and an outer query's
/// names hold inside it too (ClickHouse's `enable_global_with_statement`, on by default, passes
/// a `WITH` down to subqueries). A use keeps the name in a computed column's name, as at the top.
#[test]
fn get_verifications__with_expression_aliases_in_subqueries() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT * FROM (WITH 2 AS k SELECT k * 10 AS v)"),
        json!([{"v": 20}])
    );
    assert_eq!(
        run(
            &s,
            "WITH 5 AS k SELECT k, v FROM (WITH 2 AS k SELECT k AS v)"
        ),
        json!([{"k": 5, "v": 2}])
    );
    assert_eq!(
        run(
            &s,
            "WITH 5 AS k SELECT v FROM (WITH 2 AS j SELECT k + j AS v)"
        ),
        json!([{"v": 7}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT * FROM (WITH 1 AS x SELECT x + 1, x FROM key_verifications_v1 LIMIT 1)"
        ),
        json!([{"plus(x, 1)": 2, "x": 1}])
    );
    // (A subquery starting with `WITH` is upstream's parser's syntax error where an
    // expression stands, AfterShip v0.4.18's `(…)` of an expression taking a bare `SELECT`
    // only: the audit's `apparse`, "expected the last token kind is: ), but got <int>".)
    for query in [
        "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits IN (WITH 4 AS c SELECT c)",
        "SELECT (WITH 4 AS c SELECT c) AS n FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE EXISTS (WITH 4 AS c SELECT c)",
    ] {
        assert_eq!(
            refused(&s, query),
            syntax_error(query),
            "{query}"
        );
    }
}

/// `arrayJoin` in a subquery without `FROM`: upstream asks for a `FROM` of the query only
/// (query-parser tables.go reads the statement's own `From`), and ClickHouse reads such a
/// `SELECT` from its one-row `system.one`, so each element is a row.
#[test]
fn get_verifications__array_join_in_a_select_without_from() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT * FROM (SELECT arrayJoin([1, 2]) AS x)"),
        json!([{"x": 1}, {"x": 2}])
    );
    assert_eq!(
        run(&s, "SELECT * FROM (SELECT arrayJoin([1, 2, 3]) AS x, arrayJoin(['a', 'b']) AS y WHERE x > 1 ORDER BY x DESC, y LIMIT 3)"),
        json!([{"x": 3, "y": "a"}, {"x": 3, "y": "b"}, {"x": 2, "y": "a"}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits IN (SELECT arrayJoin([1, 10]))"),
        json!([{"n": 2}])
    );
}

/// `ARRAY JOIN` of an expression without an alias: each row once per element (none for an
/// empty array), and no name reads the element; ClickHouse resolves only an identifier to an
/// unaliased ARRAY JOIN expression (IdentifierResolver::tryResolveExpressionFromArrayJoinExpressions),
/// so the same expression written in the select list is the whole array.
#[test]
fn get_verifications__array_join_of_an_expression_without_alias() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, [1, 2] AS a FROM key_verifications_v1 ARRAY JOIN [1, 2] WHERE c > 0 ORDER BY c"),
        json!([{"c": 1, "a": [1, 2]}, {"c": 1, "a": [1, 2]}, {"c": 4, "a": [1, 2]}, {"c": 4, "a": [1, 2]}, {"c": 10, "a": [1, 2]}, {"c": 10, "a": [1, 2]}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS c FROM key_verifications_v1 ARRAY JOIN arrayFilter(t -> t = 't2', tags) ORDER BY c"),
        json!([{"c": 0}, {"c": 4}])
    );
    // (`LEFT ARRAY JOIN` of it is upstream's syntax error, see
    // get_verifications__left_array_join_is_a_join_of_a_table_upstream.)
}

/// `WITH FILL STEP` of other than a number literal or one interval: ClickHouse takes any
/// constant of a type stored as a number (PlannerSorting.cpp, `isColumnedAsNumber`: a Bool is 1,
/// a Date its days since 1970), and intervals of one kind joined by `+` are one interval; a
/// string, an array or a tuple of intervals is its INVALID_WITH_FILL_EXPRESSION (as
/// 03248_with_fill_string_crash), upstream's "Invalid analytics query".
#[test]
fn get_verifications__with_fill_step_of_other_types() {
    let (s, _, _) = recorded();
    let q = |step: &str| {
        format!("SELECT spent_credits AS c FROM key_verifications_v1 WHERE c IN (1, 4) ORDER BY c WITH FILL STEP {step}")
    };
    assert_eq!(
        run(&s, &q("true")),
        json!([{"c": 1}, {"c": 2}, {"c": 3}, {"c": 4}])
    );
    assert_eq!(
        run(&s, &q("(SELECT 2)")),
        json!([{"c": 1}, {"c": 3}, {"c": 4}])
    );
    assert_eq!(
        run(&s, &q("toDate('1970-01-03')")),
        json!([{"c": 1}, {"c": 3}, {"c": 4}])
    );
    for step in ["'a'", "[1]", "key_id"] {
        assert_eq!(
            refused(&s, &q(step)),
            (
                "invalid_analytics_query".to_string(),
                "Invalid analytics query".to_string()
            ),
            "{step}"
        );
    }
    let hours = |step: &str| {
        format!("SELECT time, SUM(count) AS n FROM key_verifications_per_hour_v1 GROUP BY time ORDER BY time WITH FILL FROM toStartOfHour(now() - INTERVAL 2 HOUR) TO toStartOfHour(now() + INTERVAL 2 HOUR) STEP {step}")
    };
    let rows = run(&s, &hours("INTERVAL 1 HOUR + INTERVAL 1 HOUR"));
    let counts: Vec<i64> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["n"].as_i64().unwrap())
        .collect();
    assert_eq!(counts, vec![0, 4], "{rows}");
    assert_eq!(
        refused(&s, &hours("INTERVAL 1 HOUR + INTERVAL 1 SECOND")).1,
        "Invalid analytics query"
    );
}

/// `GROUP BY … WITH ROLLUP WITH TOTALS` runs as the rollup (ClickHouse 00701_rollup.sql; the
/// totals row does not reach upstream's answer). Upstream's parser reads any run of `WITH
/// CUBE|ROLLUP|TOTALS` right after the keys as flags and writes them back once each as `WITH
/// CUBE`, `WITH ROLLUP`, `WITH TOTALS` (parseGroupByClause, GroupByClause.String; the audit's
/// `apparse`), which ClickHouse reads: `WITH TOTALS WITH ROLLUP` is the rollup, `WITH ROLLUP
/// WITH CUBE` (`WITH CUBE WITH ROLLUP` there) ClickHouse 25.6's syntax error (its parser
/// reads ROLLUP or CUBE or TOTALS after the keys, then only `WITH TOTALS`), as are `WITH
/// CUBE` after `HAVING` and `GROUPING SETS` without its list.
#[test]
fn get_verifications__rollup_with_totals_and_misplaced_modifiers() {
    let (s, _, _) = recorded();
    for q in [
        "SELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY outcome WITH ROLLUP WITH TOTALS ORDER BY outcome DESC",
        "SELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY outcome WITH TOTALS WITH ROLLUP ORDER BY outcome DESC",
        "SELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY outcome WITH ROLLUP WITH ROLLUP WITH TOTALS WITH TOTALS ORDER BY outcome DESC",
    ] {
        assert_eq!(
            run(&s, q),
            json!([{"outcome": "VALID", "n": 4}, {"outcome": "", "n": 4}]),
            "{q}"
        );
    }
    for q in [
        "SELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY outcome WITH ROLLUP WITH CUBE",
        "SELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY outcome WITH FILL",
        "SELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY outcome HAVING n > 0 WITH CUBE",
        "SELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY GROUPING SETS outcome",
    ] {
        assert_eq!(
            refused(&s, q),
            syntax_error_or_clickhouse(q),
            "{q}"
        );
    }
}

/// `LIMIT … BY` beside `WITH FILL` and `WITH ROLLUP|CUBE` or `GROUPING SETS`: ClickHouse's
/// planner limits the groupings' sorted rows by their `BY` values first and fills what is
/// left (Planner.cpp: `DISTINCT`, then addLimitByStep, then addWithFillStepIfNeeded, then the
/// `LIMIT`), each run of the sorting prefix (`n` here) filled on its own, its filled rows
/// taking the prefix's values. Credits 1, 4, 10 and 0: groups `(c, 1)` of each and the total
/// `(0, 4)`.
#[test]
fn get_verifications__limit_by_with_fill_beside_groupings() {
    let (s, _, _) = recorded();
    let filled = json!([
        {"c": 0, "n": 1}, {"c": 1, "n": 1}, {"c": 2, "n": 1}, {"c": 3, "n": 1}, {"c": 4, "n": 1},
        {"c": 0, "n": 4}
    ]);
    for query in [
        "SELECT spent_credits AS c, count() AS n FROM key_verifications_v1 GROUP BY c WITH ROLLUP ORDER BY n, c WITH FILL LIMIT 3 BY n",
        "SELECT spent_credits AS c, count() AS n FROM key_verifications_v1 GROUP BY GROUPING SETS ((c), ()) ORDER BY n, c WITH FILL LIMIT 3 BY n",
        "SELECT DISTINCT spent_credits AS c, count() AS n FROM key_verifications_v1 GROUP BY c WITH CUBE ORDER BY n, c WITH FILL LIMIT 3 BY n",
    ] {
        assert_eq!(run(&s, query), filled, "{query}");
    }
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, count() AS n FROM key_verifications_v1 GROUP BY c WITH ROLLUP ORDER BY n, c WITH FILL LIMIT 1, 2 BY n LIMIT 3"),
        json!([{"c": 1, "n": 1}, {"c": 2, "n": 1}, {"c": 3, "n": 1}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, count() AS n FROM key_verifications_v1 GROUP BY c WITH ROLLUP ORDER BY n DESC, c WITH FILL LIMIT 2 BY n"),
        json!([{"c": 0, "n": 4}, {"c": 0, "n": 1}, {"c": 1, "n": 1}])
    );
}

/// A second `LIMIT n BY …`: upstream's parser (clickhouse-sql-parser parseSelectQuery) reads
/// one `LIMIT … BY` and then a plain `LIMIT`, so the second `BY` is left over, a syntax error.
#[test]
fn get_verifications__second_limit_by_is_a_syntax_error() {
    let (s, _, _) = recorded();
    assert_eq!(
        refused(
            &s,
            "SELECT outcome, key_id FROM key_verifications_v1 LIMIT 1 BY outcome LIMIT 1 BY key_id"
        ),
        syntax_error(
            "SELECT outcome, key_id FROM key_verifications_v1 LIMIT 1 BY outcome LIMIT 1 BY key_id"
        )
    );
}

/// `ASOF JOIN … ON`: its key is the one inequality between the two sides (ClickHouse's
/// buildJoinClause); an inequality within one side filters that side. None (00976_asof_join_on:
/// `ON A.a == B.b AND A.t == B.t` is serverError 403), or two, is ClickHouse's
/// INVALID_JOIN_ON_EXPRESSION, upstream's "Invalid analytics query".
#[test]
fn get_verifications__asof_join_needs_one_inequality_between_the_sides() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT a.spent_credits AS x, b.spent_credits AS y FROM key_verifications_v1 a ASOF LEFT JOIN key_verifications_v1 b ON a.key_id = b.key_id AND a.time >= b.time AND b.spent_credits = 1 ORDER BY x"),
        json!([{"x": 0, "y": 0}, {"x": 1, "y": 1}, {"x": 4, "y": 1}, {"x": 10, "y": 1}])
    );
    for on in [
        "a.key_id = b.key_id",
        "a.key_id = b.key_id AND a.time = b.time",
        "a.key_id = b.key_id AND a.time >= 5",
        "a.key_id = b.key_id AND a.time >= b.time AND a.time <= b.time",
    ] {
        assert_eq!(
            refused(&s, &format!("SELECT a.key_id FROM key_verifications_v1 a ASOF JOIN key_verifications_v1 b ON {on}")),
            (
                "invalid_analytics_query".to_string(),
                "Invalid analytics query".to_string()
            ),
            "{on}"
        );
    }
}

/// Names spelled like the translation's own columns (`__ul_…`) are the user's like any other:
/// answered, sorted and filled by.
#[test]
fn get_verifications__names_spelled_like_internal_ones() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(
            &s,
            "SELECT 1 AS __ul_x, 2 AS __ULu_y, __ul_x + 1 FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"__ul_x": 1, "__ULu_y": 2, "plus(__ul_x, 1)": 2}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS __ul_lb FROM key_verifications_v1 WHERE __ul_lb IN (1, 4) ORDER BY __ul_lb WITH FILL"),
        json!([{"__ul_lb": 1}, {"__ul_lb": 2}, {"__ul_lb": 3}, {"__ul_lb": 4}])
    );
}

/// Quoted identifiers: upstream's parser (AfterShip clickhouse-sql-parser v0.4.18, lexer.go
/// `consumeIdent`) reads `` `…` `` and `"…"` to the next such quote as an identifier, and hands
/// it to ClickHouse quoted as written, where both quote an identifier; its table checks read the
/// name between the quotes. A name is answered as written between its quotes, keywords and
/// spaces too.
#[test]
fn get_verifications__quoted_identifiers() {
    let (s, ka, _) = recorded();
    assert_eq!(
        run(&s, &format!("SELECT `count`() AS `from`, \"outcome\" FROM `key_verifications_v1` AS `t` WHERE t.`key_space_id` = '{ka}' AND `t`.\"outcome\" = 'VALID' GROUP BY t.`outcome` ORDER BY `from`")),
        json!([{"from": 3, "outcome": "VALID"}])
    );
    assert_eq!(
        run(&s, "SELECT * FROM (SELECT 1 AS `a b`, 2 AS `select`, 3 AS `__ul_x`, 4 AS \"Tab.x\") WHERE `select` = 2 ORDER BY `a b`"),
        json!([{"a b": 1, "select": 2, "__ul_x": 3, "Tab.x": 4}])
    );
    assert_eq!(
        run(&s, "WITH `c t` AS (SELECT 7 AS `n n`) SELECT `c t`.`n n` AS `m`, `n n` * 2 AS \"double\" FROM `c t`"),
        json!([{"m": 7, "double": 14}])
    );
    // A quoted name is a name, never a keyword: `from` here is no `FROM`.
    assert_eq!(
        run(&s, "SELECT `from` FROM (SELECT 5 AS `from`)"),
        json!([{"from": 5}])
    );
    assert_eq!(
        refused(&s, "SELECT 1 FROM `system`.`tables`"),
        (
            "invalid_analytics_table".to_string(),
            "Access to table 'system.tables' is not allowed".to_string()
        )
    );
    assert_eq!(
        refused(&s, "SELECT `no such` FROM key_verifications_v1").1,
        "Unknown identifier in analytics query"
    );
    assert_eq!(
        refused(&s, "SELECT 1 FROM `key_verifications_v1").0,
        "invalid_analytics_query"
    );
}

/// ClickHouse's analyzer takes only constants for `WITH FILL`'s `FROM`, `TO` and `STEP`
/// (QueryAnalyzer `resolveSortNodeList`; 03248_with_fill_string_crash: a wrong one is
/// INVALID_WITH_FILL_EXPRESSION): a column or an `arrayJoin` there is that error, upstream's
/// "Invalid analytics query"; an unknown name is still UNKNOWN_IDENTIFIER.
#[test]
fn get_verifications__with_fill_bounds_and_step_are_constants() {
    let (s, _, _) = recorded();
    for fill in [
        "STEP arrayJoin([1, 2])",
        "STEP spent_credits",
        "FROM spent_credits",
        "TO count()",
    ] {
        assert_eq!(
            refused(&s, &format!("SELECT spent_credits AS x FROM key_verifications_v1 ORDER BY x WITH FILL {fill}")),
            (
                "invalid_analytics_query".to_string(),
                "Invalid analytics query".to_string()
            ),
            "{fill}"
        );
    }
    assert_eq!(
        refused(
            &s,
            "SELECT spent_credits AS x FROM key_verifications_v1 ORDER BY x WITH FILL STEP nosuch"
        )
        .1,
        "Unknown identifier in analytics query"
    );
}

/// An `arrayJoin` in `HAVING` multiplies the aggregated rows, not the rows aggregated:
/// ClickHouse keeps such a condition in `HAVING` because moved below the aggregation it "would
/// multiply the rows before aggregation" (its stateless test 04402), and a stateless test of
/// its answers `GROUP BY k HAVING arrayJoin([c, c]) > 0` with each group twice; the `HAVING`
/// keeps one row per element it holds for, with `ROLLUP` too. With `WITH TOTALS` it is
/// ClickHouse's ILLEGAL_COLUMN (the same test: "HAVING with TOTALS is rejected").
#[test]
fn get_verifications__array_join_in_having_applies_after_aggregation() {
    let (s, ka, kb) = recorded();
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() AS n FROM key_verifications_v1 GROUP BY ks HAVING arrayJoin([1, 2]) = 1 ORDER BY n"),
        json!([{"ks": kb, "n": 1}, {"ks": ka, "n": 3}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 GROUP BY key_space_id WITH ROLLUP HAVING arrayJoin([1, 1, 2]) = 1 AND n > 1 ORDER BY n"),
        json!([{"n": 3}, {"n": 3}, {"n": 4}, {"n": 4}])
    );
    assert_invalid(&s, "SELECT count() AS n FROM key_verifications_v1 GROUP BY key_space_id WITH TOTALS HAVING arrayJoin([1, 2]) = 1");
}

/// A `HAVING` `arrayJoin` whose array reads aggregates is computed per aggregated row, and one
/// in an aggregating `SELECT` without `GROUP BY` multiplies its one aggregated row (not the rows
/// aggregated): ClickHouse evaluates `HAVING` after aggregation (its stateless test 04402,
/// "would multiply the rows before aggregation"; the documentation of `arrayJoin`: each row is
/// repeated per element, the others' values copied), and `ORDER BY`/`LIMIT` then read the
/// repeated rows.
#[test]
fn get_verifications__array_join_in_having_of_aggregates_and_without_group_by() {
    let (s, ka, kb) = recorded();
    // ka's group: [3, 2], both > 1; kb's: [1, 2], one.
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() AS n FROM key_verifications_v1 GROUP BY ks HAVING arrayJoin([count(), 2]) > 1 ORDER BY n, ks"),
        json!([{"ks": kb, "n": 1}, {"ks": ka, "n": 3}, {"ks": ka, "n": 3}])
    );
    // (`[sum(spent_credits), count()]` of an `Int64` and a `UInt64` is ClickHouse's "no
    // common type", see `get_verifications__integer_common_types`.)
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks FROM key_verifications_v1 GROUP BY ks HAVING arrayJoin([sum(spent_credits), toInt64(count()), 0]) >= 3 ORDER BY ks = 'none' LIMIT 1"),
        json!([{"ks": ka}])
    );
    // Per group and per element of each array (their product): ka [3, 1] × [1, 2], kb [1, 1].
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 GROUP BY key_space_id HAVING arrayJoin([count(), 1]) > 1 AND arrayJoin([1, 2]) > 0 ORDER BY n"),
        json!([{"n": 3}, {"n": 3}])
    );
    // Through the alias of an aggregate, and an array of arrays: ka [[3], []], kb [[1], []];
    // ka [4, 2], kb [2, 2].
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 GROUP BY key_space_id HAVING length(arrayJoin([[n], []])) > 0 ORDER BY n"),
        json!([{"n": 1}, {"n": 3}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 GROUP BY key_space_id HAVING arrayJoin([n + 1, 2]) = 2 ORDER BY n"),
        json!([{"n": 1}, {"n": 1}, {"n": 3}])
    );
    // With ROLLUP the total row too: ka [3, 1], kb [1, 1], all [4, 1].
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 GROUP BY key_space_id WITH ROLLUP HAVING arrayJoin([count(), 1]) > 1 ORDER BY n"),
        json!([{"n": 3}, {"n": 4}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n, sum(spent_credits) AS c FROM key_verifications_v1 HAVING arrayJoin([1, 2, 3]) > 1"),
        json!([{"n": 4, "c": 15}, {"n": 4, "c": 15}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 HAVING arrayJoin([count(), 1, n + 1]) > 1"),
        json!([{"n": 4}, {"n": 4}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 HAVING arrayJoin([count(), 1]) > 9"
        ),
        json!([])
    );
}

/// `length` of an array of intervals: ClickHouse's `length` takes an array of any element
/// type and reads only its offsets (src/Functions/length.cpp, `LengthImpl::array`), so it
/// is the number of elements, rows for `groupArray`, distinct counts for
/// `groupUniqArray`; an array literal whose intervals have no common type (a month with a
/// day, an interval with a number) is still NO_COMMON_TYPE, upstream's 400.
#[test]
fn get_verifications__length_of_interval_arrays() {
    let (s, _, _) = recorded(); // spent credits 1, 4, 10 (key A) and 0 (key B)
    assert_eq!(
        run(&s, "SELECT length(groupArray(INTERVAL 1 DAY)) AS a, length(groupUniqArray(toIntervalHour(spent_credits))) AS b, length(groupUniqArray(toIntervalDay(spent_credits > 2))) AS c, length([INTERVAL 1 DAY, INTERVAL 3 HOUR]) AS d, length([toIntervalMonth(1), toIntervalYear(2), INTERVAL 1 QUARTER]) AS e FROM key_verifications_v1"),
        json!([{"a": 4, "b": 4, "c": 2, "d": 2, "e": 3}])
    );
    for q in [
        "SELECT length([INTERVAL 1 DAY, INTERVAL 1 MONTH]) AS a FROM key_verifications_v1",
        "SELECT length([INTERVAL 1 DAY, 1]) AS a FROM key_verifications_v1",
    ] {
        assert_invalid(&s, q);
    }
}

/// A subquery's or CTE's column of an `Interval` of one kind carries that kind, so it reads
/// as the interval it is everywhere an interval does: `±` of two kinds is a tuple of them
/// (02457_tuple_of_intervals.reference), a comparison is in the smaller kind, a time is moved
/// by it (calendar months for `MONTH`), `if`/`coalesce` take the smaller kind, `IN` and `has`
/// compare counts as for literal intervals, an answered array names the kind. A `toInterval…`
/// of such a column converts its kind (FunctionsConversion's interval-to-interval ConvertImpl:
/// a day is 24 hours) where the column holds one count on every row; ClickHouse's conversion
/// reads the first row's count for every row (its `getInt(0)`), so of a column whose count
/// varies it is refused as not run (of one of the same kind it is the column as it is).
#[test]
fn get_verifications__subquery_interval_columns() {
    let (s, _, _) = recorded(); // spent credits 1, 4, 10 and 0
    let sub = "(SELECT INTERVAL 1 DAY AS x, INTERVAL 1 HOUR AS h, toIntervalHour(spent_credits) AS c, toIntervalMonth(1) AS m FROM key_verifications_v1)";
    assert_eq!(
        run(
            &s,
            &format!("SELECT toString(x) AS y, concat(h, '/', c) AS z FROM {sub} ORDER BY c DESC")
        ),
        json!([
            {"y": "1", "z": "1/10"},
            {"y": "1", "z": "1/4"},
            {"y": "1", "z": "1/1"},
            {"y": "1", "z": "1/0"},
        ])
    );
    assert_eq!(
        run(
            &s,
            &format!(
                "SELECT count(x) AS n, uniq(c) AS u, length(groupUniqArray(x)) AS l FROM {sub}"
            )
        ),
        json!([{"n": 4, "u": 4, "l": 1}])
    );
    // Each row's own count: hours 10, 4, 1, 0 plus one hour; `x` 24 hours.
    assert_eq!(
        run(
            &s,
            &format!("SELECT toString(c + h) AS y, x = c + INTERVAL 14 HOUR AS z, x > c AS w FROM {sub} ORDER BY c DESC")
        ),
        json!([
            {"y": "11", "z": 1, "w": 1},
            {"y": "5", "z": 0, "w": 1},
            {"y": "2", "z": 0, "w": 1},
            {"y": "1", "z": 0, "w": 1},
        ])
    );
    for (item, want) in [
        ("toString(x + INTERVAL 1 DAY)", json!("2")),
        ("toString(INTERVAL 1 DAY + x)", json!("2")),
        ("toString(x - toIntervalDay(1))", json!("0")),
        ("toString(x + x)", json!("2")),
        ("toString(x + h)", json!("(1,1)")),
        ("toString(-x)", json!("-1")),
        ("x > INTERVAL 1 HOUR", json!(1)),
        ("INTERVAL 1 HOUR < x", json!(1)),
        ("x = h", json!(0)),
        ("x > h", json!(1)),
        ("x IN (INTERVAL 1 DAY)", json!(1)),
        ("1 IN (x)", json!(1)),
        ("has([INTERVAL 24 HOUR], x)", json!(0)),
        ("toString(if(1 = 1, x, h))", json!("24")),
        ("toString(if(1 = 1, x, INTERVAL 1 HOUR))", json!("24")),
        ("toString(coalesce(x, h))", json!("24")),
        ("[x]", json!(["1 Day"])),
    ] {
        for from in [
            sub.to_string(),
            format!("{sub} AS t"),
            format!("(SELECT * FROM {sub})"),
        ] {
            let query = format!("SELECT {item} AS y FROM {from} LIMIT 1");
            assert_eq!(run(&s, &query), json!([{"y": want}]), "{query}");
        }
        let query = format!("WITH q AS {sub} SELECT {item} AS y FROM q LIMIT 1");
        assert_eq!(run(&s, &query), json!([{"y": want}]), "{query}");
    }
    assert_eq!(
        run(&s, &format!("SELECT groupArray(x) AS y FROM {sub}")),
        json!([{"y": ["1 Day", "1 Day", "1 Day", "1 Day"]}])
    );
    // ClickHouse's type errors: an interval multiplied, months against days.
    for item in ["x * 2", "m > x", "toInt64(x)"] {
        let (ty, detail) = refused(&s, &format!("SELECT {item} AS y FROM {sub}"));
        assert_eq!(ty, "invalid_analytics_query", "{item}");
        assert_eq!(detail, "Invalid analytics query", "{item}");
    }
    assert_eq!(
        run(&s, &format!("SELECT toString(toIntervalHour(x)) AS a, toString(toIntervalMinute(toIntervalHour(x))) AS b, toString(toIntervalWeek(x)) AS d, toString(toIntervalHour(c)) AS e FROM {sub} ORDER BY c DESC LIMIT 2")),
        json!([{"a": "24", "b": "1440", "d": "0", "e": "10"}, {"a": "24", "b": "1440", "d": "0", "e": "4"}])
    );
    assert_eq!(
        run(&s, &format!("WITH q AS {sub} SELECT toString(toIntervalDay(m)) AS a FROM (SELECT * FROM q) LIMIT 1")),
        json!([{"a": "28"}])
    );
    for query in [
        format!("SELECT toString(toIntervalDay(c)) AS y FROM {sub}"),
        format!("SELECT toString(toIntervalHour(a.x)) AS y FROM {sub} AS a, {sub} AS b"),
    ] {
        let (ty, detail) = refused(&s, &query);
        assert_eq!(ty, "invalid_analytics_query", "{query}");
        assert!(
            detail.starts_with("unkey-local does not run"),
            "{query}: {detail}"
        );
    }
    // A time moved by a subquery's interval: by a day, and by a calendar month (the day
    // clamped to February's end).
    let s = at_one_verification();
    assert_eq!(
        run(
            &s,
            &format!("SELECT now() + x AS a, x + now() AS b, now() - m AS c FROM {sub}")
        ),
        json!([{
            "a": "2030-04-01T12:34:56Z",
            "b": "2030-04-01T12:34:56Z",
            "c": "2030-02-28T12:34:56Z",
        }])
    );
}

/// Intervals of two kinds compared, or answered by `if`/`coalesce`/`CASE`, are cast to their
/// common kind, the smaller (FunctionsComparison.h `executeGeneric`: `castColumn` of both
/// sides to getLeastSupertype's type; FunctionIf the same of its branches): each row's own
/// count where the column cast is of the common kind already, or holds one count on every
/// row. ClickHouse's interval-to-interval cast answers the first row's count for every row
/// (FunctionsConversion's ConvertImpl, `getInt(0)`), so a column of the larger kind whose
/// count varies is refused as not run.
#[test]
fn get_verifications__intervals_cast_to_a_common_kind() {
    let (s, _, _) = recorded(); // spent credits 10, 4, 1 and 0
    assert_eq!(
        run(&s, "SELECT toString(if(1 = 1, toIntervalDay(spent_credits), INTERVAL 1 WEEK)) AS a, INTERVAL 1 DAY < toIntervalHour(spent_credits * 3) AS b, toString(coalesce(toIntervalHour(spent_credits), INTERVAL 1 DAY)) AS c FROM key_verifications_v1 ORDER BY spent_credits DESC"),
        json!([
            {"a": "10", "b": 1, "c": "10"},
            {"a": "4", "b": 0, "c": "4"},
            {"a": "1", "b": 0, "c": "1"},
            {"a": "0", "b": 0, "c": "0"},
        ])
    );
    for q in [
        "SELECT toIntervalDay(spent_credits) > INTERVAL 30 HOUR AS a FROM key_verifications_v1",
        "SELECT INTERVAL 30 HOUR = toIntervalDay(spent_credits) AS a FROM key_verifications_v1",
        "SELECT toString(if(1 = 1, toIntervalWeek(spent_credits), INTERVAL 1 DAY)) AS a FROM key_verifications_v1",
        "SELECT toString(CASE WHEN spent_credits > 1 THEN INTERVAL 1 HOUR ELSE toIntervalDay(spent_credits) END) AS a FROM key_verifications_v1",
    ] {
        let (ty, detail) = refused(&s, q);
        assert_eq!(ty, "invalid_analytics_query", "{q}");
        assert!(
            detail.starts_with("unkey-local does not run an interval whose count is not a constant"),
            "{q}: {detail}"
        );
    }
}

/// A set operation's interval column takes its arms' common type (ClickHouse's
/// getLeastSupertype of the `SELECT`s' columns: of intervals of one family the smallest kind,
/// findSmallestIntervalSuperType) and each arm's column is cast to it (a `CAST` to an
/// `Interval` is FunctionsConversion's interval-to-interval conversion: a week is 7 days, a
/// day 24 hours), so it reads as an interval of that kind everywhere: written, sorted,
/// compared, moving a time, through a CTE. Months with days have no common type
/// (NO_COMMON_TYPE, upstream's 400 "Invalid analytics query"). An arm of another kind whose
/// count varies from row to row would be cast by its first row's count (the conversion's
/// `getInt(0)`), which is refused as not run.
#[test]
fn get_verifications__set_operation_interval_columns() {
    let s = at_one_verification(); // 2030-03-31 12:34:56.123, one verification
    let union = "(SELECT INTERVAL 1 DAY AS x, 'd' AS k FROM key_verifications_v1 UNION ALL SELECT INTERVAL 2 HOUR AS x, 'h' AS k FROM key_verifications_v1)";
    assert_eq!(
        run(&s, &format!("SELECT k, toString(x) AS a, toString(x + INTERVAL 1 HOUR) AS b, x > INTERVAL 3 HOUR AS c, now() - x AS t FROM {union} ORDER BY x")),
        json!([
            {"k": "h", "a": "2", "b": "3", "c": 0, "t": "2030-03-31T10:34:56Z"},
            {"k": "d", "a": "24", "b": "25", "c": 1, "t": "2030-03-30T12:34:56Z"},
        ])
    );
    // Of one kind, its own; EXCEPT compares in the common kind.
    assert_eq!(
        run(&s, "WITH u AS (SELECT toIntervalMonth(1) AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 1 QUARTER AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 1 YEAR AS x FROM key_verifications_v1) SELECT toString(x) AS a, toDate('2030-01-31') + x AS d FROM u ORDER BY x"),
        json!([
            {"a": "1", "d": "2030-02-28T00:00:00Z"},
            {"a": "3", "d": "2030-04-30T00:00:00Z"},
            {"a": "12", "d": "2031-01-31T00:00:00Z"},
        ])
    );
    // (`INTERSECT` is upstream's parser's syntax error.)
    assert_eq!(
        run(&s, "SELECT count() AS n FROM (SELECT INTERVAL 1 WEEK AS x FROM key_verifications_v1 EXCEPT SELECT INTERVAL 7 DAY AS x FROM key_verifications_v1)"),
        json!([{"n": 0}])
    );
    assert_eq!(
        run(&s, "SELECT toString(x + x) AS a FROM (SELECT toIntervalDay(spent_credits + 2) AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 3 DAY AS x FROM key_verifications_v1) ORDER BY a"),
        json!([{"a": "4"}, {"a": "6"}])
    );
    assert_invalid(&s, "SELECT toString(x) AS a FROM (SELECT INTERVAL 1 DAY AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 1 MONTH AS x FROM key_verifications_v1)");
    let (ty, detail) = refused(&s, "SELECT toString(x) AS a FROM (SELECT toIntervalDay(spent_credits) AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 1 HOUR AS x FROM key_verifications_v1)");
    assert_eq!(ty, "invalid_analytics_query");
    assert!(
        detail.starts_with("unkey-local does not run a set operation's interval column"),
        "{detail}"
    );
}

/// A `HAVING` `arrayJoin` over an array whose length only aggregating tells
/// (`groupArray(…)`) repeats each aggregated row once per element the condition holds for, and
/// one in an aggregating `SELECT` without `GROUP BY` repeats its one aggregated row even when
/// the `WHERE` passes no row (`count()` 0, `sum` 0). Relied on: ClickHouse's stateless test
/// 04402 (an `arrayJoin` in `HAVING` is applied after aggregation), the documentation of
/// `arrayJoin` (each row repeated per element, the other columns copied) and of the setting
/// `empty_result_for_aggregation_by_empty_set` (0 by default: an aggregation without keys over
/// no rows answers one row). `ORDER BY`, `LIMIT` and `OFFSET` then read the repeated rows.
#[test]
fn get_verifications__array_join_in_having_of_an_aggregated_array_and_of_no_rows() {
    let (s, ka, kb) = recorded();
    // Credits: ka [1, 4, 10], kb [0].
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() AS n FROM key_verifications_v1 GROUP BY ks HAVING arrayJoin(groupArray(spent_credits)) > 0 ORDER BY n, ks"),
        json!([{"ks": ka, "n": 3}, {"ks": ka, "n": 3}, {"ks": ka, "n": 3}])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() AS n FROM key_verifications_v1 GROUP BY ks HAVING arrayJoin(groupArray(spent_credits)) >= 0 ORDER BY n LIMIT 2 OFFSET 1"),
        json!([{"ks": ka, "n": 3}, {"ks": ka, "n": 3}])
    );
    // Through an alias and `count()`: ka [1, 4, 10] < 3 once, kb [0] < 1 once; tags' lengths
    // ka [1, 2, 0], kb [1], and a second array multiplies: × [1, 2].
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 GROUP BY key_space_id HAVING arrayJoin(groupArray(spent_credits)) < n ORDER BY n"),
        json!([{"n": 1}, {"n": 3}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 GROUP BY key_space_id HAVING arrayJoin(groupArray(length(tags))) = 1 AND arrayJoin([1, count()]) > 0 ORDER BY n DESC"),
        json!([{"n": 3}, {"n": 3}, {"n": 1}, {"n": 1}])
    );
    // No GROUP BY: all rows, [1, 4, 10, 0] > 1 twice; none, [] never and [0, 1, 2] > 0 twice.
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 HAVING arrayJoin(groupArray(spent_credits)) > 1"),
        json!([{"n": 4}, {"n": 4}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 100 HAVING arrayJoin(groupArray(spent_credits)) >= 0"),
        json!([])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n, sum(spent_credits) AS c FROM key_verifications_v1 WHERE spent_credits > 100 HAVING arrayJoin([count(), 1, 2]) > 0"),
        json!([{"n": 0, "c": 0}, {"n": 0, "c": 0}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 100 HAVING arrayJoin([n, 5]) = 0 LIMIT 3"),
        json!([{"n": 0}])
    );
    assert_invalid(&s, "SELECT count() AS n FROM key_verifications_v1 GROUP BY key_space_id WITH TOTALS HAVING arrayJoin(groupArray(spent_credits)) > 0");
    // `LIMIT … BY` counts the repeated rows too, and a set operation answers the columns.
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() AS n FROM key_verifications_v1 GROUP BY ks HAVING arrayJoin(groupArray(spent_credits)) >= 0 ORDER BY n DESC LIMIT 2 BY ks"),
        json!([{"ks": ka, "n": 3}, {"ks": ka, "n": 3}, {"ks": kb, "n": 1}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 HAVING arrayJoin(groupArray(spent_credits)) > 1 UNION ALL SELECT 7 AS n"),
        json!([{"n": 4}, {"n": 4}, {"n": 7}])
    );
    // With ROLLUP, the total row too: [1, 4, 10, 0] > 0 three times.
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 GROUP BY key_space_id WITH ROLLUP HAVING arrayJoin(groupArray(spent_credits)) > 0 ORDER BY n LIMIT 5"),
        json!([{"n": 3}, {"n": 3}, {"n": 3}, {"n": 4}, {"n": 4}])
    );
    // `WITH FILL` by an expression it does not answer fills that expression's values among the
    // repeated rows (2 and 6, adding 3 to 5, whose `n` is its type's default), as ClickHouse's
    // documentation of `ORDER BY … WITH FILL` describes the rows it adds.
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 GROUP BY key_space_id HAVING arrayJoin(groupArray(spent_credits)) >= 0 ORDER BY n * 2 WITH FILL"),
        json!([{"n": 1}, {"n": 0}, {"n": 0}, {"n": 0}, {"n": 3}, {"n": 3}, {"n": 3}])
    );
    // (A window function beside it: see the next test.)
    // (The group that passes no element is not answered.)
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks FROM key_verifications_v1 GROUP BY ks HAVING arrayJoin(groupArray(spent_credits)) = 0"),
        json!([{"ks": kb}])
    );
}

/// A window function beside a `HAVING` `arrayJoin` that repeats aggregated rows reads the
/// repeated rows: ClickHouse's planner (src/Planner/Planner.cpp) adds the aggregation, then the
/// `HAVING` filter (where an `arrayJoin`, kept in `HAVING` as its stateless test 04402 says,
/// repeats the rows), then the window steps, then `ORDER BY` and `LIMIT`. Its window
/// functions documentation gives the default frame with an `ORDER BY` (`RANGE BETWEEN
/// UNBOUNDED PRECEDING AND CURRENT ROW`: a row's peers are in its frame); the setting
/// `empty_result_for_aggregation_by_empty_set` (0 by default) keeps the one aggregated row of
/// a `SELECT` without `GROUP BY` over no rows, which the `HAVING` then repeats too.
#[test]
fn get_verifications__window_functions_over_the_rows_a_having_array_join_repeats() {
    let (s, ka, kb) = recorded();
    // Credits: ka [1, 4, 10], kb [0]; every element passes `>= 0`, so ka's row stands three
    // times and kb's once. Over those rows a running count per keyspace numbers the copies
    // and the total of the counts is 3 + 3 + 3 + 1 (over the aggregated rows it would be
    // 1 each and 4).
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() AS n, count() OVER (PARTITION BY ks ORDER BY n ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS r, sum(count()) OVER () AS t FROM key_verifications_v1 GROUP BY ks HAVING arrayJoin(groupArray(spent_credits)) >= 0 ORDER BY n DESC, r"),
        json!([
            {"ks": ka, "n": 3, "r": 1, "t": 10},
            {"ks": ka, "n": 3, "r": 2, "t": 10},
            {"ks": ka, "n": 3, "r": 3, "t": 10},
            {"ks": kb, "n": 1, "r": 1, "t": 10},
        ])
    );
    // `ORDER BY`, `LIMIT` and `OFFSET` read the windows' answers.
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() OVER (PARTITION BY ks ORDER BY ks ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS r FROM key_verifications_v1 GROUP BY ks HAVING arrayJoin(groupArray(spent_credits)) >= 0 ORDER BY r DESC LIMIT 1 OFFSET 1"),
        json!([{"ks": ka, "r": 2}])
    );
    // Only the elements that pass: kb's [0] none, so the windows read ka's three rows.
    assert_eq!(
        run(&s, "SELECT count() AS n, sum(count()) OVER () AS w FROM key_verifications_v1 GROUP BY key_space_id HAVING arrayJoin(groupArray(spent_credits)) > 0"),
        json!([{"n": 3, "w": 9}, {"n": 3, "w": 9}, {"n": 3, "w": 9}])
    );
    // An aggregate outside the window (and a column answered under its own name): each
    // keyspace's share of the 10 repeated counts.
    assert_eq!(
        run(&s, "SELECT key_space_id, count() * 100 / sum(count()) OVER () AS p FROM key_verifications_v1 GROUP BY key_space_id HAVING arrayJoin(groupArray(spent_credits)) >= 0 ORDER BY p, key_space_id"),
        json!([
            {"key_space_id": kb, "p": 10},
            {"key_space_id": ka, "p": 30},
            {"key_space_id": ka, "p": 30},
            {"key_space_id": ka, "p": 30},
        ])
    );
    // A running sum in the default frame: kb (0) first, then ka's three peers (15 each)
    // together.
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, sum(spent_credits) AS c, sum(sum(spent_credits)) OVER (ORDER BY c) AS run FROM key_verifications_v1 GROUP BY ks HAVING arrayJoin(groupArray(spent_credits)) >= 0 ORDER BY run, ks"),
        json!([
            {"ks": kb, "c": 0, "run": 0},
            {"ks": ka, "c": 15, "run": 45},
            {"ks": ka, "c": 15, "run": 45},
            {"ks": ka, "c": 15, "run": 45},
        ])
    );
    // Without `GROUP BY`, over a literal array: all four rows ([1, 2] twice), and none (the
    // one aggregated row, count 0, repeated for 2 and 3).
    assert_eq!(
        run(&s, "SELECT count() AS n, sum(count()) OVER () AS w FROM key_verifications_v1 HAVING arrayJoin([1, 2]) > 0"),
        json!([{"n": 4, "w": 8}, {"n": 4, "w": 8}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n, sum(count()) OVER () AS w, count() OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS r FROM key_verifications_v1 WHERE spent_credits > 100 HAVING arrayJoin([1, 2, 3]) > 1 ORDER BY r"),
        json!([{"n": 0, "w": 0, "r": 1}, {"n": 0, "w": 0, "r": 2}])
    );
    // In a subquery, and beside a set operation's other arm (only the answered columns).
    assert_eq!(
        run(&s, "SELECT w, n FROM (SELECT count() AS n, sum(count()) OVER () AS w FROM key_verifications_v1 HAVING arrayJoin(groupArray(spent_credits)) > 1) UNION ALL SELECT 7 AS w, 0 AS n"),
        json!([{"w": 8, "n": 4}, {"w": 8, "n": 4}, {"w": 7, "n": 0}])
    );
    // `WITH FILL` fills the answered rows (after the windows): n 2 between 1 and 3, its
    // window column the type's default (ClickHouse's ORDER BY … WITH FILL documentation).
    assert_eq!(
        run(&s, "SELECT count() AS n, sum(count()) OVER () AS w FROM key_verifications_v1 GROUP BY key_space_id HAVING arrayJoin(groupArray(spent_credits)) >= 0 ORDER BY n WITH FILL"),
        json!([
            {"n": 1, "w": 10},
            {"n": 2, "w": 0},
            {"n": 3, "w": 10},
            {"n": 3, "w": 10},
            {"n": 3, "w": 10},
        ])
    );
    // Not run here: an aggregate of intervals beside the window.
    let (ty, detail) = refused(&s, "SELECT count() AS n, sum(count()) OVER () AS w, max(toIntervalDay(spent_credits)) AS f FROM key_verifications_v1 GROUP BY key_space_id HAVING arrayJoin(groupArray(spent_credits)) > 0");
    assert_eq!(ty, "invalid_analytics_query");
    assert!(detail.starts_with("unkey-local does not run"), "{detail}");
}

/// Window functions read the rows of all the groupings of `WITH ROLLUP|CUBE` and `GROUPING
/// SETS` together: ClickHouse's planner (src/Planner/Planner.cpp) adds the rollup or cube step
/// after aggregating, then `HAVING` (a `HAVING` `arrayJoin` repeating rows there), then the
/// window steps. A key a grouping leaves out is its type's default there (its stateless test
/// 00701_rollup), also in a window's `PARTITION BY`.
#[test]
fn get_verifications__window_functions_over_rollup_groupings() {
    let (s, ka, kb) = recorded();
    // The counts 3 (ka), 1 (kb) and 4 (the total): 8 together.
    assert_eq!(
        run(&s, "SELECT count() AS n, sum(count()) OVER () AS w FROM key_verifications_v1 GROUP BY key_space_id WITH ROLLUP ORDER BY n"),
        json!([{"n": 1, "w": 8}, {"n": 3, "w": 8}, {"n": 4, "w": 8}])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() AS n, sum(count()) OVER (PARTITION BY ks) AS w, count() OVER () AS c FROM key_verifications_v1 GROUP BY ks WITH ROLLUP ORDER BY n"),
        json!([
            {"ks": kb, "n": 1, "w": 1, "c": 3},
            {"ks": ka, "n": 3, "w": 3, "c": 3},
            {"ks": "", "n": 4, "w": 4, "c": 3},
        ])
    );
    // Only a window (nothing else aggregates): still one row per group.
    assert_eq!(
        run(
            &s,
            "SELECT count() OVER () AS c FROM key_verifications_v1 GROUP BY key_space_id WITH CUBE"
        ),
        json!([{"c": 3}, {"c": 3}, {"c": 3}])
    );
    // A running sum per outcome over the sets' rows: (VALID, kb) 1, (VALID, ka) 3, (VALID) 4,
    // and the empty set's row, whose outcome is ''.
    assert_eq!(
        run(&s, "SELECT outcome, key_space_id AS ks, count() AS n, sum(count()) OVER (PARTITION BY outcome ORDER BY n) AS w FROM key_verifications_v1 GROUP BY GROUPING SETS ((outcome, ks), (outcome), ()) ORDER BY n, ks, w"),
        json!([
            {"outcome": "VALID", "ks": kb, "n": 1, "w": 1},
            {"outcome": "VALID", "ks": ka, "n": 3, "w": 4},
            {"outcome": "", "ks": "", "n": 4, "w": 4},
            {"outcome": "VALID", "ks": "", "n": 4, "w": 8},
        ])
    );
    // After `HAVING`: kb's row filtered out; ka's and the total's repeated by their credits
    // above 0 (3 each: 9 + 12).
    assert_eq!(
        run(&s, "SELECT count() AS n, sum(count()) OVER (ORDER BY n) AS w FROM key_verifications_v1 GROUP BY key_space_id WITH ROLLUP HAVING n > 1 ORDER BY count() * 2"),
        json!([{"n": 3, "w": 3}, {"n": 4, "w": 7}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n, sum(count()) OVER () AS w FROM key_verifications_v1 GROUP BY key_space_id WITH ROLLUP HAVING arrayJoin(groupArray(spent_credits)) > 0 ORDER BY n"),
        json!([
            {"n": 3, "w": 21},
            {"n": 3, "w": 21},
            {"n": 3, "w": 21},
            {"n": 4, "w": 21},
            {"n": 4, "w": 21},
            {"n": 4, "w": 21},
        ])
    );
    let (ty, detail) = refused(&s, "SELECT count() AS n, sum(count()) OVER () AS w FROM key_verifications_v1 GROUP BY key_space_id WITH ROLLUP ORDER BY n WITH FILL");
    assert_eq!(ty, "invalid_analytics_query");
    assert!(detail.starts_with("unkey-local does not run"), "{detail}");
}

// ---- a number meets a time ------------------------------------------------------------------

/// [`frozen_at`] 2030-03-31 12:00:00 UTC.
fn at_2030() -> Server {
    frozen_at(1_901_188_800_000)
}

/// The raw tables' `time` is an `Int64` of Unix ms (upstream's pkg/clickhouse/user.go,
/// getTimeRetentionFilter: `time >= toUnixTimestamp(…) * 1000`). ClickHouse compares it with a
/// `DateTime` as two numbers, the time as its Unix seconds, and with a `DateTime64` as a
/// `Decimal` of seconds (src/Functions/FunctionsComparison.h getReturnTypeImpl, "both
/// represented by a number"; DecimalComparison.h allowDecimalComparison): every recorded ms
/// is past `now() + INTERVAL 1 DAY` there, and none before `now()`. Upstream's own route tests
/// bound it with `toUnixTimestamp64Milli(now64(3) - INTERVAL …)`
/// (v2_analytics_get_runtime_logs/200_test.go), which filters by the ms. The rollups' `time`
/// (a `DateTime`, a `Date`) compares with times as before.
#[test]
fn get_verifications__raw_time_is_a_number_of_ms() {
    let s = at_2030();
    let n = |table: &str, filter: &str| {
        let count = if table == "key_verifications_v1" {
            "count()"
        } else {
            "sum(count)"
        };
        run(
            &s,
            &format!("SELECT {count} AS n FROM {table} WHERE {filter}"),
        )[0]["n"]
            .clone()
    };
    let raw = "key_verifications_v1";
    for (filter, rows) in [
        ("time >= now() - INTERVAL 7 DAY", 1),
        ("time >= now() + INTERVAL 1 DAY", 1),
        ("time < now()", 0),
        ("time <= now()", 0),
        ("now() >= time", 0),
        ("time BETWEEN now() - INTERVAL 1 DAY AND now()", 0),
        ("NOT time BETWEEN now() - INTERVAL 1 DAY AND now()", 1),
        ("time >= now64(3) + INTERVAL 1 YEAR", 1),
        ("time <= now64(3)", 0),
        ("time > (SELECT now())", 1),
        ("(SELECT now()) >= time", 0),
        ("time >= toUnixTimestamp64Milli(now64(3) - INTERVAL 1 DAY)", 1),
        ("time <= toUnixTimestamp64Milli(now64(3))", 1),
        ("time < toUnixTimestamp64Milli(now64(3) - INTERVAL 1 HOUR)", 0),
        (
            "time BETWEEN toUnixTimestamp64Milli(now64(3) - INTERVAL 1 DAY) AND toUnixTimestamp64Milli(now64(3))",
            1,
        ),
        ("fromUnixTimestamp64Milli(time) < now() - INTERVAL 1 HOUR", 0),
        ("fromUnixTimestamp64Milli(time) >= now() - INTERVAL 1 HOUR", 1),
    ] {
        assert_eq!(n(raw, filter), json!(rows), "{filter}");
    }
    // Through a subquery's column, a `WITH` alias and an `arrayFilter` parameter too.
    assert_eq!(
        run(&s, "SELECT count() AS n FROM (SELECT time AS t FROM key_verifications_v1) WHERE t <= now()"),
        json!([{"n": 0}])
    );
    assert_eq!(
        run(
            &s,
            "WITH now() AS t SELECT count() AS n FROM key_verifications_v1 WHERE time <= t"
        ),
        json!([{"n": 0}])
    );
    assert_eq!(
        run(&s, "SELECT arrayFilter(x -> x <= now(), groupArray(time)) AS a, arrayFilter(x -> x > now(), groupArray(time)) AS b FROM key_verifications_v1"),
        json!([{"a": [], "b": [1_901_188_800_000i64]}])
    );
    for (table, filter, rows) in [
        (
            "key_verifications_per_hour_v1",
            "time >= now() - INTERVAL 1 DAY",
            1,
        ),
        ("key_verifications_per_hour_v1", "time <= now()", 1),
        ("key_verifications_per_hour_v1", "time > now()", 0),
        ("key_verifications_per_day_v1", "time = today()", 1),
        ("key_verifications_per_day_v1", "time < today()", 0),
        (
            "key_verifications_per_minute_v1",
            "time BETWEEN now() - INTERVAL 1 MINUTE AND now()",
            1,
        ),
    ] {
        assert_eq!(n(table, filter), json!(rows), "{table} {filter}");
    }
}

/// A number against a `DateTime` is compared with its Unix seconds, against a `DateTime64`
/// as a `Decimal` of seconds, to the µs (FunctionsComparison.h; DecimalComparison.h). A
/// `Date` with a number is not compared ("Do not allow to compare date and number",
/// ILLEGAL_TYPE_OF_ARGUMENT), and `if`, `coalesce`, `CASE`, arrays and set operations find
/// no common type of a number and a time (src/DataTypes/getLeastSupertype.cpp: "some of them
/// are Date/Date32/DateTime/DateTime64 and some of them are not", NO_COMMON_TYPE), nor a
/// join of them on a key (src/Interpreters/TableJoin.cpp inferJoinKeyCommonType: "Can't
/// infer common type for joined columns", TYPE_MISMATCH): upstream's 400 "Invalid analytics
/// query", and so is `has` of them (src/Functions/array/arrayIndex.h allowArguments). A
/// join's other conditions of them: see [`get_verifications__join_conditions_of_numbers_and_times`];
/// `IN` a subquery, `IN` a list and `hasAny`/`hasAll` of them: see the tests after the next.
#[test]
fn get_verifications__numbers_compared_with_times() {
    let s = at_2030();
    assert_eq!(
        run(&s, "SELECT 1901188800 = now() AS a, 1901188799 < now() AS b, now() >= 1901188800.5 AS c, 1901188800000 > now() AS d, now() != 1901188800 AS e FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1, "c": 0, "d": 1, "e": 0}])
    );
    assert_eq!(
        run(&s, "SELECT now64(3) = 1901188800 AS a, now64(3) = 1901188800000 AS b, toDateTime64('2030-03-31 12:00:00.001', 3) > 1901188800 AS c, toDateTime64('2030-03-31 12:00:00.000001', 6) > 1901188800 AS d, toDateTime64('2030-03-31 12:00:00.5', 1) = 1901188800.5 AS e, 1901188801 > toDateTime64('2030-03-31 12:00:00.999999', 6) AS f FROM key_verifications_v1"),
        json!([{"a": 1, "b": 0, "c": 1, "d": 1, "e": 1, "f": 1}])
    );
    // A `Decimal` (a `DateTime64` less a time) against a `DateTime64` too; against a
    // `DateTime` it is refused below.
    assert_eq!(
        run(&s, "SELECT (now64(3) - toDateTime64('2030-03-31 11:59:59.5', 1)) < toDateTime64('1970-01-01 00:00:01', 3) AS a, (now64(3) - toDateTime64('2030-03-31 11:59:59.5', 1)) = toDateTime64('1970-01-01 00:00:00.5', 1) AS b FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1}])
    );
    // `NULL` takes any type.
    assert_eq!(
        run(&s, "SELECT if(1 = 1, now(), NULL) AS x, coalesce(NULL, now()) AS y FROM key_verifications_v1"),
        json!([{"x": "2030-03-31T12:00:00Z", "y": "2030-03-31T12:00:00Z"}])
    );
    for query in [
        "SELECT count() FROM key_verifications_v1 WHERE time >= today()",
        "SELECT count() FROM key_verifications_v1 WHERE time >= today() - INTERVAL 7 DAY",
        "SELECT count() FROM key_verifications_v1 WHERE time BETWEEN toDate(now()) AND now()",
        "SELECT 20000 < today() AS a FROM key_verifications_v1",
        "SELECT (now64(3) - now64(3)) < now() AS a FROM key_verifications_v1",
        "SELECT count() FROM key_verifications_per_day_v1 WHERE time < 30000",
        "SELECT if(1 = 1, time, now()) AS x FROM key_verifications_v1",
        "SELECT if(1 = 1, now64(3), 1) AS x FROM key_verifications_v1",
        "SELECT coalesce(time, now()) AS x FROM key_verifications_v1",
        "SELECT CASE WHEN outcome = 'VALID' THEN time ELSE now() END AS x FROM key_verifications_v1",
        "SELECT [time, now()] AS x FROM key_verifications_v1",
        "SELECT time FROM key_verifications_v1 UNION ALL SELECT time FROM key_verifications_per_hour_v1",
        "SELECT count() FROM key_verifications_v1 a JOIN key_verifications_per_hour_v1 b ON a.key_id = b.key_id AND a.time = b.time",
        "SELECT count() FROM key_verifications_v1 a JOIN key_verifications_per_hour_v1 b USING (time)",
        // `has` finds no common type of its array's elements and its value (arrayIndex.h
        // allowArguments, getLeastSupertype), the array's of a number or of a time.
        "SELECT has([now()], time) AS h FROM key_verifications_v1",
        "SELECT has(groupArray(time), now()) AS h FROM key_verifications_v1",
        "SELECT has([today()], 1) AS h FROM key_verifications_v1",
        // An `ASOF` join's inequality is its last key (TableJoin.cpp inferJoinKeyCommonType
        // goes over every key of the clause, forAllKeys).
        "SELECT count() FROM key_verifications_v1 a ASOF JOIN key_verifications_per_hour_v1 b ON a.key_id = b.key_id AND a.time >= b.time",
        "SELECT count() FROM key_verifications_v1 a LEFT ASOF JOIN key_verifications_per_hour_v1 b ON a.key_id = b.key_id AND b.time <= a.time",
        // A `WITH FILL` bound of a time must be of the column's type
        // (src/Processors/Transforms/FillingTransform.cpp tryConvertFields: "Incompatible
        // types of WITH FILL expression values with column type").
        "SELECT time AS t FROM key_verifications_v1 ORDER BY t WITH FILL FROM now() - INTERVAL 1 SECOND",
        "SELECT spent_credits AS c FROM key_verifications_v1 ORDER BY c WITH FILL TO today()",
    ] {
        assert_invalid(&s, query);
    }
}

/// `IN` builds its set in the left side's type (src/Analyzer/SetUtils.cpp
/// getSetElementsForConstantValue, each element through convertFieldToTypeStrict in
/// src/Interpreters/convertFieldToType.cpp): with a number on the left, a `DateTime` element is
/// its Unix seconds and a `Date` its days (convertNumericType of the `UInt64` they are held
/// as), a `DateTime64` (a `Decimal64`) "Type mismatch in IN or VALUES section"; with a time on
/// the left, an unsigned integer is its seconds (`DateTime`, `DateTime64`:
/// decimalFromComponents) or days (`Date`, taken as is), a negative one a type mismatch with a
/// `DateTime` and not in the set of a `Date` (convertNumericType<UInt64> gives `Null`), a float
/// a type mismatch. ClickHouse's mismatch is upstream's "Invalid analytics query"; an element
/// past the left type's range (which ClickHouse's column would wrap) or an expression of a
/// number among a time's elements is not run here.
#[test]
fn get_verifications__in_of_numbers_and_times() {
    let s = at_2030();
    assert_eq!(
        run(&s, "SELECT 1901188800 IN (now()) AS a, 1901188800000 IN (now()) AS b, 1901188801 NOT IN (now(), now() + INTERVAL 1 SECOND) AS c, 22004 IN (today(), NULL) AS d, 1901188800.0 IN (now()) AS e, 7 IN (toDateTime('2030-03-31 12:00:00'), 7) AS f FROM key_verifications_v1"),
        json!([{"a": 1, "b": 0, "c": 0, "d": 1, "e": 1, "f": 1}])
    );
    assert_eq!(
        run(&s, "SELECT now() IN (1901188800) AS a, now() IN (1901188799, 5) AS b, toDateTime64('2030-03-31 12:00:00.5', 1) IN (1901188800) AS c, toDateTime64('2030-03-31 12:00:00', 3) IN (1901188800) AS d, today() IN (22004, -1) AS e, today() NOT IN (-1) AS f FROM key_verifications_v1"),
        json!([{"a": 1, "b": 0, "c": 0, "d": 1, "e": 1, "f": 1}])
    );
    // The raw `time` (ms) is never a `DateTime`'s seconds.
    assert_eq!(
        run(&s, "SELECT countIf(time IN (now())) AS a, countIf(time NOT IN (now() - INTERVAL 1 DAY, now())) AS b FROM key_verifications_v1"),
        json!([{"a": 0, "b": 1}])
    );
    // A time among a time's elements of another type is converted so too (convertFieldToType:
    // a `DateTime` to a `Date` is its day, a `Date` to a `DateTime` its midnight, either to a
    // `DateTime64` exact); one of the left side's type stays itself.
    assert_eq!(
        run(&s, "SELECT today() IN (now()) AS a, now() IN (today()) AS b, toDate('2030-03-31') IN (toDateTime('2030-03-31 23:00:00')) AS c, now64(3) IN (now(), 5) AS d, now() IN (now(), 1901188800) AS e, toDateTime('2030-03-31 00:00:00') IN (today()) AS f FROM key_verifications_v1"),
        json!([{"a": 1, "b": 0, "c": 1, "d": 1, "e": 1, "f": 1}])
    );
    for query in [
        "SELECT count() FROM key_verifications_v1 WHERE time IN (now64(3))",
        "SELECT now() IN (-1) AS a FROM key_verifications_v1",
        "SELECT now() IN (1.5) AS a FROM key_verifications_v1",
    ] {
        assert_invalid(&s, query);
    }
    for query in [
        "SELECT now() IN (1901188800000) AS a FROM key_verifications_v1",
        "SELECT today() IN (70000) AS a FROM key_verifications_v1",
        "SELECT now() IN (1901188799 + 1) AS a FROM key_verifications_v1",
        "SELECT today() IN (now64(3)) AS a FROM key_verifications_v1",
        "SELECT now() IN (now64(3)) AS a FROM key_verifications_v1",
    ] {
        let (ty, detail) = refused(&s, query);
        assert_eq!(ty, "invalid_analytics_query", "{query}");
        assert!(
            detail.starts_with("unkey-local does not run"),
            "{query}: {detail}"
        );
    }
}

/// A time compared with a text literal reads the text as the time's type
/// (src/Functions/FunctionsComparison.h executeDateOrDateTimeOrEnumOrUUIDWithConstString; an
/// `IN` list's text through convertFieldToType, the type's deserializeWholeText): the rollups'
/// `time >= '2030-03-30'` holds for a row of that day or later (they compared the ms with the
/// text, and no row was ever found). A `Date` with a time of day is text left after the
/// date, upstream's "Invalid analytics query", as is an RFC 3339 text with a zone; a day no
/// month has is not run here (see [`get_verifications__time_text_forms`]). The raw `time` (an `Int64`)
/// cannot read a date text: ClickHouse's error.
#[test]
fn get_verifications__times_compared_with_text() {
    let s = at_2030();
    let n = |q: &str| run(&s, q)[0]["n"].clone();
    assert_eq!(
        n("SELECT count() AS n FROM key_verifications_per_day_v1 WHERE time >= '2030-03-30'"),
        json!(1)
    );
    assert_eq!(
        n("SELECT count() AS n FROM key_verifications_per_day_v1 WHERE time > '2030-03-31'"),
        json!(0)
    );
    assert_eq!(n("SELECT count() AS n FROM key_verifications_per_hour_v1 WHERE time = '2030-03-31 12:00:00'"), json!(1));
    assert_eq!(n("SELECT count() AS n FROM key_verifications_per_hour_v1 WHERE time BETWEEN '2030-03-31 00:00:00' AND '2030-03-31 23:59:59'"), json!(1));
    assert_eq!(n("SELECT count() AS n FROM key_verifications_per_day_v1 WHERE time IN ('2030-03-30', '2030-03-31')"), json!(1));
    assert_eq!(
        run(&s, "SELECT toDate(now()) = '2030-03-31' AS a, '2030-03-31 11:00:00' < now() AS b, now64(3) = '2030-03-31 12:00:00.000' AS c, now64(3) > '2030-03-31 11:59:59.999' AS d, now() = '2030-03-31' AS e, now() BETWEEN '2030-03-31' AND '2030-04-01' AS f, NOT today() BETWEEN '2030-03-01' AND '2030-03-30' AS g FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1, "c": 1, "d": 1, "e": 0, "f": 1, "g": 1}])
    );
    assert_invalid(
        &s,
        "SELECT today() = '2030-03-31 12:00:00' AS a FROM key_verifications_v1",
    );
    assert_invalid(
        &s,
        "SELECT now() = '2030-03-31T12:00:00Z' AS a FROM key_verifications_v1",
    );
    let query = "SELECT now() = '2030-02-31 00:00:00' AS a FROM key_verifications_v1";
    let (ty, detail) = refused(&s, query);
    assert_eq!(ty, "invalid_analytics_query", "{query}");
    assert!(
        detail.starts_with("unkey-local does not run"),
        "{query}: {detail}"
    );
    assert_invalid(
        &s,
        "SELECT count() AS n FROM key_verifications_v1 WHERE time >= '2030-03-30'",
    );
}

/// The forms of text a time is compared with, read as ClickHouse 25.6 reads them under its
/// default `date_time_input_format` 'basic' (convertFieldToType parses the constant by the
/// type's deserializeWholeText, src/Interpreters/convertFieldToType.cpp; the readers are
/// src/IO/ReadHelpers.h readDateTextImpl/readDateTimeTextImpl and ReadHelpers.cpp's
/// readDateTextFallback/readDateTimeTextFallback, read at a newer commit than 25.6, whose
/// parsing of these forms is the one 01311_comparison_with_constant_string relies on): any
/// non-digit separates a date's and a time's parts, a `Date` takes `YYYYMMDD` and one-digit
/// months and days, a `DateTime` five digits or more as a Unix time, a `DateTime64` ignores
/// fraction digits past its scale; a `Date` out of its range is held at its ends
/// (convertToDayNum), a `DateTime` before 1970 at 1970 (SerializationDateTime's readText).
/// Text left after the time (JavaScript's `toISOString()`, `…Z`) is the type's
/// UNEXPECTED_DATA_AFTER_PARSED_VALUE, rethrown as TYPE_MISMATCH "Cannot convert string …",
/// upstream's "Invalid analytics query"; a text the reader refuses (an hour of one digit,
/// which leaves fewer than 19 bytes, or a word) is "Cannot parse DateTime", upstream's
/// "Invalid SQL syntax" (errors.go, "cannot parse"). These were not run.
#[test]
fn get_verifications__time_text_forms() {
    let s = frozen_at_noon(); // one verification at 2030-03-31 12:00:00.250
    assert_eq!(
        run(&s, "SELECT now() = '2030/03/31 12:00:00' AS a, now() = '2030-03-31 12-00-00' AS b, now() > '2030.03.31' AS c, now() = '1901188800' AS d, toDateTime(0) = '1960-01-01 00:00:00' AS e, today() = '2030-3-31' AS f, today() = '20300331' AS g, today() < '2200-01-01' AS h, today() > '1950-01-01' AS i, now64(3) = '2030-03-31 12:00:00.250999' AS j, now64(3) > '2030-03-31T12:00:00.2' AS k, today() IN ('2030/03/31') AS l, now() BETWEEN '2030/03/31' AND '2030/04/01' AS m FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 1, "g": 1, "h": 1, "i": 1, "j": 1, "k": 1, "l": 1, "m": 1}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_per_day_v1 WHERE time >= '2030/3/31'"
        ),
        json!([{"n": 1}])
    );
    // (`now()` is a `DateTime` of whole seconds, 12:00:00 here: it held the clock's ms.)
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_per_hour_v1 WHERE time >= now()"
        ),
        json!([{"n": 1}])
    );
    for query in [
        "SELECT count() AS n FROM key_verifications_per_hour_v1 WHERE time >= '2030-03-31T00:00:00.000Z'",
        "SELECT now64(3) >= '2030-03-31T00:00:00.000Z' AS a FROM key_verifications_v1",
        "SELECT now() = '2030-03-31 12:00:00.5' AS a FROM key_verifications_v1",
        "SELECT now() IN ('2030-03-31T12:00:00Z') AS a FROM key_verifications_v1",
        "SELECT NOT now() BETWEEN '2030-03-31' AND '2030-04-01 00:00:00+00:00' AS a FROM key_verifications_v1",
        "SELECT today() = '2030-03-31T00:00:00Z' AS a FROM key_verifications_v1",
    ] {
        assert_invalid(&s, query);
    }
    for query in [
        "SELECT now() = '2030-03-31 1:00:00' AS a FROM key_verifications_v1",
        "SELECT now() > 'yesterday' AS a FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_per_day_v1 WHERE time > '2030-03'",
        "SELECT now() IN ('2030-3-31') AS a FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query),
            (
                "invalid_analytics_query".into(),
                "Invalid SQL syntax".into()
            ),
            "{query}"
        );
    }
    // (Not run: past the `UInt32`, where versions wrap or hold it; a Unix time of a
    // `DateTime64`, whose reader scales a large one.)
    for query in [
        "SELECT now() < '2200-01-01' AS a FROM key_verifications_v1",
        "SELECT now64(3) > '1901188800' AS a FROM key_verifications_v1",
    ] {
        let (ty, detail) = refused(&s, query);
        assert_eq!(ty, "invalid_analytics_query");
        assert!(
            detail.starts_with("unkey-local does not run"),
            "{query}: {detail}"
        );
    }
}

/// A time compared with a constant string expression: ClickHouse's analyzer folds the
/// expression to a constant string and the comparison converts it as it converts a literal
/// (FunctionsComparison.h executeWithConstString, convertFieldToType, see
/// [`get_verifications__time_text_forms`]), as it analyses the query, rows or not: with no row
/// (an empty workspace, a subquery that keeps none) a valid text answers no row or the count
/// 0, and an invalid one is still the error (in a CTE's body, where the query names the CTE:
/// QueryAnalyzer.cpp resolveQuery only registers CTEs, and an invalid text in one that no row
/// reaches is not run). Not run: a
/// string that varies (ClickHouse's NO_COMMON_TYPE, whether where no row reaches it too is not
/// known here), an aggregate's text, or one in an `IN` list.
#[test]
fn get_verifications__time_compared_with_a_constant_string_expression() {
    let s = frozen_at_noon();
    assert_eq!(
        run(&s, "SELECT today() = concat('2030-03-', '31') AS a, now() = concat(toString(today()), ' 12:00:00') AS b, toString(today() - 1) < today() AS c, now64(3) >= lower('2030-03-31 12:00:00.250') AS d FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1, "c": 1, "d": 1}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_per_day_v1 WHERE time = toString(today())"
        ),
        json!([{"n": 1}])
    );
    // (Where no row is left: the constant is still read.)
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_per_day_v1 WHERE time = toString(today()) AND outcome = 'nope'"),
        json!([{"n": 0}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM (SELECT time FROM key_verifications_per_day_v1 WHERE outcome = 'nope') WHERE time >= toString(today() - 7)"),
        json!([{"n": 0}])
    );
    // An empty workspace: no row reaches any comparison.
    let empty = Server::start(&["--analytics"]);
    assert_eq!(
        run(&empty, "SELECT count() AS n FROM key_verifications_per_day_v1 WHERE time >= toString(today() - 7)"),
        json!([{"n": 0}])
    );
    assert_eq!(
        run(&empty, "SELECT time, outcome FROM key_verifications_v1 WHERE fromUnixTimestamp64Milli(time) >= concat(toString(today()), ' 00:00:00') ORDER BY time"),
        json!([])
    );
    assert_eq!(
        run(&empty, "SELECT outcome FROM key_verifications_per_day_v1 WHERE toString(today() - 1) < time GROUP BY outcome"),
        json!([])
    );
    for query in [
        "SELECT count() AS n FROM key_verifications_per_day_v1 WHERE time >= concat(toString(today()), 'T00:00:00Z')",
        "SELECT outcome FROM key_verifications_v1 WHERE now() = concat('2030-03-31', ' 12:00:00.5')",
    ] {
        assert_invalid(&empty, query);
    }
    // In a CTE's body: read where the query names it (ClickHouse's analyzer resolves a CTE
    // only there; one the query never names is never read); an invalid text in a named one
    // that no row reaches is not run.
    let cte = |filter: &str, outer: &str| {
        format!("WITH c AS (SELECT count() AS n FROM key_verifications_per_day_v1 WHERE {filter}) {outer}")
    };
    assert_eq!(
        run(
            &empty,
            &cte("time >= toString(today() - 7)", "SELECT n FROM c")
        ),
        json!([{"n": 0}])
    );
    assert_eq!(
        run(
            &empty,
            &cte(
                "time >= concat(toString(today()), 'T00:00:00Z')",
                "SELECT count() AS n FROM key_verifications_per_day_v1",
            ),
        ),
        json!([{"n": 0}])
    );
    let (_, detail) = refused(
        &empty,
        &cte(
            "time >= concat(toString(today()), 'T00:00:00Z')",
            "SELECT n FROM c",
        ),
    );
    assert!(detail.starts_with("unkey-local does not run"), "{detail}");
    assert_invalid(
        &s,
        &cte(
            "time >= concat(toString(today()), 'T00:00:00Z')",
            "SELECT n FROM c",
        ),
    );
    assert_eq!(
        refused(&empty, "SELECT count() AS n FROM key_verifications_v1 WHERE now() = concat('2030-03-31', ' 1:00:00')"),
        (
            "invalid_analytics_query".into(),
            "Invalid SQL syntax".into()
        )
    );
    for query in [
        "SELECT now() = concat('2030-03-31', 'T12:00:00Z') AS a FROM key_verifications_v1",
        "SELECT outcome FROM key_verifications_per_day_v1 WHERE outcome = 'nope' AND time = concat('2030-03-31', 'T')",
    ] {
        assert_invalid(&s, query);
    }
    assert_eq!(
        refused(
            &s,
            "SELECT now() = concat('2030-03-31', ' 1:00:00') AS a FROM key_verifications_v1"
        ),
        (
            "invalid_analytics_query".into(),
            "Invalid SQL syntax".into()
        )
    );
    for query in [
        "SELECT count() AS n FROM key_verifications_per_day_v1 WHERE time = toString(time)",
        "SELECT now() = toString(count()) AS a FROM key_verifications_v1",
        "SELECT now() = concat('2030-02-31', ' 01:00:00') AS a FROM key_verifications_v1",
    ] {
        let (_, detail) = refused(&s, query);
        assert!(
            detail.starts_with("unkey-local does not run"),
            "{query}: {detail}"
        );
    }
}

/// `toDate`, `toDateTime` and `toDateTime64` of a text read it as the comparisons do (see
/// [`get_verifications__time_text_forms`]; src/Functions/FunctionsConversion.cpp,
/// ConvertThroughParsing's parseImpl: readDateText, readDateTimeText, readDateTime64Text), a
/// `DateTime` before 1970 held at 1970 (convertFromTime), and refuse text left after the time
/// (isAllRead, "Cannot parse string … syntax error at position …", CANNOT_PARSE_TEXT) as upstream's
/// "Invalid SQL syntax", but `toDate`'s time of day in 19 bytes or with a fraction (isAllRead's
/// special case), a string expression's text too. These took RFC 3339 with a zone (`'…Z'`,
/// `'…+02:00'`) as times.
#[test]
fn get_verifications__time_functions_of_text() {
    let s = frozen_at_noon();
    assert_eq!(
        run(&s, "SELECT toDate(concat('2030-03-31', ' 10:00:00')) AS h, toDateTime64(concat('2030-03-31 12:00:00', '.5'), 3) AS i FROM key_verifications_v1"),
        json!([{"h": "2030-03-31T00:00:00Z", "i": "2030-03-31T12:00:00.5Z"}])
    );
    assert_eq!(
        run(&s, "SELECT toDateTime('2030/03/31 12:00:00') AS a, toDate('2030-03-31 12:00:00') AS b, toDate('2030-03-31T12:00:00.123') AS c, toDate('20300331') AS d, toDateTime('1901188800') AS e, toDateTime64('2030-03-31 12:00:00.123456', 3) AS f, toDateTime('1960-01-01 00:00:00') AS g FROM key_verifications_v1"),
        json!([{
            "a": "2030-03-31T12:00:00Z",
            "b": "2030-03-31T00:00:00Z",
            "c": "2030-03-31T00:00:00Z",
            "d": "2030-03-31T00:00:00Z",
            "e": "2030-03-31T12:00:00Z",
            "f": "2030-03-31T12:00:00.123Z",
            "g": "1970-01-01T00:00:00Z"
        }])
    );
    for text in [
        "toDateTime('2030-03-31T12:00:00Z')",
        "toDateTime('2030-03-31T14:00:00+02:00')",
        "toDate('2030-03-31T12:00:00Z')",
        "toDate('2030-03-31 12:00')",
        "toDateTime64('2030-03-31T12:00:00.000Z', 3)",
        "toDateTime('2030-03-31 1:00:00')",
        "toDateTime(concat('2030-03-31', 'T10:00:00Z'))",
    ] {
        assert_eq!(
            refused(&s, &format!("SELECT {text} AS a FROM key_verifications_v1")),
            (
                "invalid_analytics_query".into(),
                "Invalid SQL syntax".into()
            ),
            "{text}"
        );
    }
}

/// An `IN` list is a constant (a tuple of them) for ClickHouse: its analyzer builds the set
/// from a constant or a subquery only (src/Planner/CollectSets.cpp: "Function 'in' is
/// supported only if second argument is constant or table expression", UNSUPPORTED_METHOD),
/// so a list that reads a table's column, aggregates or calls `arrayJoin` is upstream's 400
/// "Invalid analytics query".
#[test]
fn get_verifications__in_list_of_columns() {
    let s = at_2030();
    for query in [
        "SELECT 1 IN (spent_credits) AS a FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE key_id IN (external_id, 'x')",
        "SELECT 'VALID' IN (outcome) AS a FROM (SELECT * FROM key_verifications_v1)",
        "SELECT 1 IN (count()) AS a FROM key_verifications_v1",
        "SELECT 1 IN (arrayJoin([1, 2])) AS a FROM key_verifications_v1",
    ] {
        assert_invalid(&s, query);
    }
    assert_eq!(
        run(&s, "SELECT 1 IN (1, 2) AS a, outcome IN ('VALID') AS b, toStartOfHour(now()) IN (toStartOfHour(now())) AS c FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1, "c": 1}])
    );
}

/// `IN` a subquery builds its set from the subquery's column as it is
/// (src/Planner/CollectSets.cpp: addFromSubquery) and converts the left side to that column's
/// type for each row (src/Interpreters/Set.cpp Set::execute: castColumnAccurateOrNull), a
/// value it cannot hold being `NULL`, which is in no set (executeImplCase: `vec_res[i] =
/// negative`, so `NOT IN` is 1). An integer against a `DateTime` set is its seconds when
/// within the `UInt32` (src/Functions/FunctionsConversion.h Transformer: `is_valid_input`,
/// `DateTimeAccurateOrNullConvertStrategyAdditions`), so the raw `time`'s ms never are; a
/// `DateTime`, `Date` or `DateTime64` against a set of integers is its seconds, days or whole
/// seconds (a `Decimal` to an integer cuts the fraction), `NULL` where the set's type cannot
/// hold it (`now()` against `SELECT 1`, a `UInt8`). An integer against a `Date` set is its
/// days up to 65535 and past that the day of it as a Unix time (ToDateTransform32Or64Signed:
/// `from <= DATE_LUT_MAX_DAY_NUM`, as the 24.x sources read), `NULL` outside the `UInt32`.
/// An integer against a `DateTime64` set, and a float against a time, are not run here.
#[test]
fn get_verifications__in_subquery_of_numbers_and_times() {
    let s = at_2030();
    assert_eq!(
        run(&s, "SELECT 1901188800 IN (SELECT now()) AS a, 1901188801 IN (SELECT now()) AS b, 1901188800 NOT IN (SELECT now()) AS c, -1 NOT IN (SELECT now()) AS d, 1901188800000 IN (SELECT now()) AS e FROM key_verifications_v1"),
        json!([{"a": 1, "b": 0, "c": 0, "d": 1, "e": 0}])
    );
    assert_eq!(
        run(&s, "SELECT now() IN (SELECT 1901188800) AS a, now() IN (SELECT toInt64(1901188799)) AS b, today() IN (SELECT 22004) AS c, toDateTime64('2030-03-31 12:00:00.9', 1) IN (SELECT 1901188800) AS d, now() NOT IN (SELECT 1) AS e, now() IN (SELECT spent_credits FROM key_verifications_v1) AS f FROM key_verifications_v1"),
        json!([{"a": 1, "b": 0, "c": 1, "d": 1, "e": 1, "f": 0}])
    );
    // The raw `time` (ms) is never a `DateTime`'s seconds; the set of a `WITH` subquery too.
    assert_eq!(
        run(&s, "SELECT countIf(time IN (SELECT now())) AS a, countIf(time NOT IN (SELECT now() - INTERVAL 1 DAY)) AS b FROM key_verifications_v1"),
        json!([{"a": 0, "b": 1}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits IN (SELECT toDateTime(0))"),
        json!([{"n": 1}])
    );
    // 22004 days, 1901188800 s and 1901231999 s are 2030-03-31; 1901232000 s is a day later.
    assert_eq!(
        run(&s, "SELECT 22004 IN (SELECT today()) AS a, 1901188800 IN (SELECT today()) AS b, 1901231999 IN (SELECT today()) AS c, 1901232000 IN (SELECT today()) AS d, 22004 NOT IN (SELECT today()) AS e, -22004 NOT IN (SELECT today()) AS f, 4294967296 IN (SELECT toDate('2106-02-07')) AS g FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1, "c": 1, "d": 0, "e": 0, "f": 1, "g": 0}])
    );
    assert_eq!(
        run(&s, "SELECT 65535 IN (SELECT toDate('2149-06-06')) AS a, 65536 IN (SELECT toDate('1970-01-01')) AS b, 86400 IN (SELECT toDate('1970-01-02')) AS c FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1, "c": 1}])
    );
    for query in [
        "SELECT 5 IN (SELECT now64(3)) AS a FROM key_verifications_v1",
        "SELECT 1901188800.0 IN (SELECT now()) AS a FROM key_verifications_v1",
        "SELECT now() IN (SELECT 1901188800.0) AS a FROM key_verifications_v1",
    ] {
        let (ty, detail) = refused(&s, query);
        assert_eq!(ty, "invalid_analytics_query", "{query}");
        assert_eq!(
            detail,
            "unkey-local does not run an IN of a number and a time (the real server does); see the unkey-local README",
            "{query}"
        );
    }
}

/// A time `IN` a subquery's column of another time type is converted to that type too
/// (Set::execute, castColumnAccurateOrNull, the ConvertImpl `toDate`/`toDateTime` use): a
/// `DateTime` against `Date`s is its day, so the hours of a day are in a set of that day (a
/// rollup's `time` against another's); a `DateTime64` against `DateTime`s is its whole seconds,
/// against `Date`s its day, against a `DateTime64` of a smaller scale cut to that scale
/// (DecimalUtils' conversion divides). A `Date` against `DateTime`s is its midnight, a
/// `DateTime` against `DateTime64`s itself, exactly as the ms compare here.
#[test]
fn get_verifications__in_subquery_of_times_of_other_types() {
    let s = at_2030();
    assert_eq!(
        run(&s, "SELECT now() IN (SELECT today()) AS a, toDateTime64('2030-03-31 12:00:00.5', 1) IN (SELECT now()) AS b, toDateTime64('2030-03-31 23:59:59.999', 3) IN (SELECT today()) AS c, toDateTime64('2030-03-31 12:00:00.55', 2) IN (SELECT toDateTime64('2030-03-31 12:00:00.5', 1)) AS d, now() NOT IN (SELECT today() - 1) AS e FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1, "c": 1, "d": 1, "e": 1}])
    );
    assert_eq!(
        run(&s, "SELECT now() IN (SELECT toDateTime64('2030-03-31 12:00:00.5', 1)) AS a, today() IN (SELECT now()) AS b, today() IN (SELECT toStartOfDay(now())) AS c, toDateTime64('2030-03-31 12:00:00.5', 1) IN (SELECT toDateTime64('2030-03-31 12:00:00.5', 3)) AS d FROM key_verifications_v1"),
        json!([{"a": 0, "b": 0, "c": 1, "d": 1}])
    );
    // The hours of the day rollup's latest day.
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_per_hour_v1 WHERE time IN (SELECT max(time) FROM key_verifications_per_day_v1)"),
        json!([{"n": 1}])
    );
    let (ty, detail) = refused(
        &s,
        "SELECT toDateTime64('2030-03-31 12:00:00.123456', 6) IN (SELECT toDateTime64('2030-03-31 12:00:00.1234', 4)) AS a FROM key_verifications_v1",
    );
    assert_eq!(ty, "invalid_analytics_query");
    assert_eq!(detail, "unkey-local does not run IN of a DateTime64 and a subquery's DateTime64 of a smaller scale below the ms (the real server does); see the unkey-local README");
}

/// `hasAny` and `hasAll` check only that their arguments are arrays while the query is
/// analysed, and find the arrays' common type in `executeImpl`, for each block they are run
/// on (src/Functions/array/hasAllAny.h: `getLeastSupertype` of the arguments' types), which
/// of an array of numbers and one of times is NO_COMMON_TYPE (src/DataTypes/getLeastSupertype.cpp,
/// "some of them are Date/Date32/DateTime/DateTime64 and some of them are not"): upstream's
/// "Invalid analytics query" where a row reaches them, in the select list or a filter. One
/// that no row reaches is not run here (whether ClickHouse runs it on an empty block is not
/// known).
#[test]
fn get_verifications__has_any_of_numbers_and_times() {
    let s = at_2030();
    for query in [
        "SELECT hasAny([now()], [time]) AS h FROM key_verifications_v1",
        "SELECT hasAll(groupArray(time), [now()]) AS h FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE hasAny([today()], [spent_credits])",
    ] {
        assert_invalid(&s, query);
    }
    let (ty, detail) = refused(
        &s,
        "SELECT hasAll([time], [now()]) AS h FROM key_verifications_v1 WHERE outcome = 'NONE'",
    );
    assert_eq!(ty, "invalid_analytics_query");
    assert_eq!(
        detail,
        "unkey-local does not run hasAny or hasAll of arrays without a common type that no row reaches (the real server does); see the unkey-local README"
    );
    // Of one type they run as before, and of numbers of two types (their common type,
    // `Float64`).
    assert_eq!(
        run(&s, "SELECT hasAny([now()], [now() - INTERVAL 1 SECOND, now()]) AS a, hasAll([time], [time]) AS b, hasAny([1], [1.5]) AS c, hasAny(tags, ['t1']) AS d FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1, "c": 0, "d": 0}])
    );
    // A string has no common type with a number or a time either (getLeastSupertype: "some
    // of them are String/FixedString and some of them are not"): `hasAny`/`hasAll` fail
    // where a row reaches them, `has` while the query is analysed (arrayIndex.h
    // allowArguments calls getLeastSupertype, which throws).
    for query in [
        "SELECT hasAny(tags, [1]) AS a FROM key_verifications_v1",
        "SELECT hasAll(tags, [now()]) AS a FROM key_verifications_v1",
        "SELECT hasAny([spent_credits], ['a']) AS a FROM key_verifications_v1",
        "SELECT has(tags, 1) AS a FROM key_verifications_v1",
        "SELECT has(tags, now()) AS a FROM key_verifications_v1",
        "SELECT has([1, 2], '1') AS a FROM key_verifications_v1",
        "SELECT has([now()], '2030-03-31 12:00:00') AS a FROM key_verifications_v1",
    ] {
        assert_invalid(&s, query);
    }
}

/// ClickHouse 25.6 plans a join with its logical join step (`query_plan_use_new_logical_join_step`
/// on since 25.2, src/Core/SettingsChangesHistory.cpp; src/Planner/PlannerJoinTree.cpp takes
/// the legacy planner only without it or with parallel replicas), which runs a condition of
/// the two sides that is not a key without `allow_experimental_join_condition` (the legacy
/// planner's INVALID_JOIN_ON_EXPRESSION, src/Planner/PlannerJoins.cpp): of one type it is
/// answered here. A comparison (`<`, `>`, `BETWEEN`'s two) of a number and a time across the
/// sides is a predicate there (src/Planner/PlannerJoinsLogical.cpp tryGetJoinPredicate), and
/// the sources read disagree on it: JoinStepLogical.cpp's addJoinConditionToTableJoin of the
/// JoinInfo sources brings every predicate's operands to their common type (NO_COMMON_TYPE),
/// addJoinPredicatesToTableJoin of the later JoinOperator sources only the keys' (the rest is
/// compared as in `WHERE`); which 25.6 runs is not settled here, so it is not run. A
/// comparison of one side's columns in `ON` filters that side and is compared as in `WHERE`.
#[test]
fn get_verifications__join_conditions_of_numbers_and_times() {
    let s = at_2030();
    for query in [
        "SELECT count() FROM key_verifications_v1 a JOIN key_verifications_per_hour_v1 b ON a.key_id = b.key_id AND b.time > a.time",
        "SELECT count() FROM key_verifications_v1 a LEFT JOIN key_verifications_per_minute_v1 b ON a.key_id = b.key_id AND a.time <= b.time",
        "SELECT count() FROM key_verifications_v1 a JOIN key_verifications_per_hour_v1 b ON a.key_id = b.key_id AND b.time BETWEEN a.time AND a.time + 1",
    ] {
        let (ty, detail) = refused(&s, query);
        assert_eq!(ty, "invalid_analytics_query", "{query}");
        assert_eq!(detail, "unkey-local does not run a join condition of a number and a time (the real server does); see the unkey-local README", "{query}");
    }
    // A `Date` with a number is no comparison at all (FunctionsComparison: "Do not allow to
    // compare date and number"), which the analyzer finds before any join is planned.
    assert_invalid(&s, "SELECT count() FROM key_verifications_v1 a LEFT JOIN key_verifications_per_day_v1 b ON a.key_id = b.key_id AND a.time <= b.time");
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 a JOIN key_verifications_per_hour_v1 b ON a.key_id = b.key_id AND a.time > now()"),
        json!([{"n": 1}])
    );
    // Of one type (or both numbers) the condition runs.
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 a JOIN key_verifications_v1 b ON a.key_id = b.key_id AND b.time BETWEEN a.time AND a.time + 1 AND b.spent_credits >= a.spent_credits"),
        json!([{"n": 1}])
    );
}

/// The other side of a time is typed wherever it is a column, literal, scalar subquery or
/// function of upstream's list (also through a subquery's column, a `WITH` name, an
/// aggregate): compared as a number there (FunctionsComparison.h, see
/// [`get_verifications__numbers_compared_with_times`]). A tuple is not typed here, and is
/// refused as not run.
#[test]
fn get_verifications__times_compared_with_typed_expressions() {
    let s = at_2030();
    assert_eq!(
        run(
            &s,
            "SELECT now() > length(tags) AS a, now() > abs(-5) AS b FROM key_verifications_v1"
        ),
        json!([{"a": 1, "b": 1}])
    );
    assert_eq!(
        run(&s, "SELECT now() > quantile(0.5)(spent_credits) AS a, now() > uniq(key_id) AS b, now() < sumIf(spent_credits, 1 = 1) AS c FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1, "c": 0}])
    );
    assert_eq!(
        run(&s, "WITH 1901188800 AS x SELECT now() = x AS a, now() > c AS b FROM (SELECT count() AS c FROM key_verifications_v1)"),
        json!([{"a": 1, "b": 1}])
    );
    let (ty, detail) = refused(&s, "SELECT now() > (1, 2) AS a FROM key_verifications_v1");
    assert_eq!(ty, "invalid_analytics_query");
    assert_eq!(detail, "unkey-local does not run a comparison of a time with an expression whose type it cannot tell (the real server does); see the unkey-local README");
}

/// ClickHouse rounds a time down to its minute, hour or day also before 1970 (its calendar is
/// one from 1900: DateLUTImpl), where SQLite's integer `/` rounds toward zero; the start of a
/// `DateTime64`'s day is a `DateTime` (FunctionDateOrDateTimeToDateTimeOrDateTime64.h without
/// `enable_extended_results_for_datetime_functions`), whose `UInt32` of seconds the start
/// before 1970 wraps round (DateTimeTransforms.h ToStartOfDayImpl:
/// `static_cast<UInt32>(time_zone.toDate(…))`).
#[test]
fn get_verifications__times_before_1970_round_down() {
    let s = at_2030();
    assert_eq!(
        run(&s, "SELECT toStartOfDay(toDateTime64('1960-01-01 12:34:56', 0)) AS d, toStartOfHour(toDateTime64('1960-01-01 12:34:56', 3)) AS h, toStartOfMinute(toDateTime64('1969-12-31 23:59:30', 0)) AS m, toStartOfDay(toDateTime64('2030-03-31 12:34:56.5', 3)) AS now_day FROM key_verifications_v1"),
        // -315619200 + 2^32, -315576000 + 2^32, -60 + 2^32 seconds.
        json!([{"d": "2096-02-06T06:28:16Z", "h": "2096-02-06T18:28:16Z", "m": "2106-02-07T06:27:16Z", "now_day": "2030-03-31T00:00:00Z"}])
    );
}

/// A grouping of no keys is one row even where nothing aggregates: ClickHouse's
/// RollupTransform and CubeTransform (src/Processors/Transforms) merge the aggregated rows with
/// the keys they leave out reset, so `WITH ROLLUP|CUBE` answer one total row of the keys'
/// defaults, and none over no rows (there are no aggregated rows to merge). Its `GROUPING
/// SETS` answer no row for `()` where no aggregate function is called (its issue 61461,
/// reproduced on 24.2 and fixed after 25.6 by the stateless test that names it: "An empty
/// grouping set `()` contributes one row even when the query has no aggregate functions"),
/// one where an aggregate is called anywhere (the `ORDER BY` too).
#[test]
fn get_verifications__keyless_groupings_without_aggregates() {
    let (s, ka, kb) = recorded(); // ka: 3 VALID, kb: 1 VALID
    let (lo, hi) = if ka < kb { (&ka, &kb) } else { (&kb, &ka) };
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks FROM key_verifications_v1 GROUP BY ks WITH ROLLUP ORDER BY ks"),
        json!([{"ks": ""}, {"ks": lo}, {"ks": hi}])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, outcome FROM key_verifications_v1 GROUP BY ks, outcome WITH CUBE ORDER BY ks, outcome"),
        json!([
            {"ks": "", "outcome": ""},
            {"ks": "", "outcome": "VALID"},
            {"ks": lo, "outcome": ""},
            {"ks": lo, "outcome": "VALID"},
            {"ks": hi, "outcome": ""},
            {"ks": hi, "outcome": "VALID"},
        ])
    );
    // With a HAVING that reads no aggregate either.
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks FROM key_verifications_v1 GROUP BY ks WITH ROLLUP HAVING ks != '' OR 1 ORDER BY ks LIMIT 1"),
        json!([{"ks": ""}])
    );
    // As a set operation's arm and as a subquery.
    assert_eq!(
        run(&s, "SELECT outcome FROM (SELECT outcome FROM key_verifications_v1 GROUP BY outcome WITH ROLLUP UNION ALL SELECT 'x' AS outcome) ORDER BY outcome"),
        json!([{"outcome": ""}, {"outcome": "VALID"}, {"outcome": "x"}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM (SELECT key_space_id FROM key_verifications_v1 GROUP BY key_space_id WITH ROLLUP)"),
        json!([{"n": 3}])
    );
    assert_eq!(
        run(&s, "SELECT DISTINCT outcome = '' AS total FROM key_verifications_v1 GROUP BY key_space_id, outcome WITH ROLLUP ORDER BY total"),
        json!([{"total": 0}, {"total": 1}])
    );
    // Over no rows, no row (with an aggregate too).
    assert_eq!(
        run(&s, "SELECT key_space_id FROM key_verifications_v1 WHERE outcome = 'NONE' GROUP BY key_space_id WITH ROLLUP"),
        json!([])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE outcome = 'NONE' GROUP BY key_space_id WITH CUBE"),
        json!([])
    );
    // GROUPING SETS: `()` answers no row without an aggregate, one with.
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks FROM key_verifications_v1 GROUP BY GROUPING SETS ((ks), ()) ORDER BY ks"),
        json!([{"ks": lo}, {"ks": hi}])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks FROM key_verifications_v1 GROUP BY GROUPING SETS ((ks), ()) ORDER BY count(), ks"),
        json!([{"ks": kb}, {"ks": ka}, {"ks": ""}])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() OVER () AS c FROM key_verifications_v1 GROUP BY GROUPING SETS ((ks), ()) ORDER BY ks"),
        json!([{"ks": lo, "c": 2}, {"ks": hi, "c": 2}])
    );
    // Only `()` and no aggregate: no key and no aggregate, so ClickHouse's planner adds no
    // aggregation (src/Planner/PlannerExpressionAnalysis.cpp, analyzeAggregation returns none
    // for no keys and no aggregates) and the rows are answered as they are, after its
    // analyzer validated the query as aggregating (a column is no key: NOT_AN_AGGREGATE).
    assert_eq!(
        run(
            &s,
            "SELECT 1 AS one FROM key_verifications_v1 GROUP BY GROUPING SETS (())"
        ),
        json!([{"one": 1}, {"one": 1}, {"one": 1}, {"one": 1}])
    );
    assert_eq!(
        run(&s, "SELECT 2 AS two FROM (SELECT 1 FROM key_verifications_v1) GROUP BY GROUPING SETS (()) LIMIT 3"),
        json!([{"two": 2}, {"two": 2}, {"two": 2}])
    );
    assert_invalid(
        &s,
        "SELECT spent_credits FROM key_verifications_v1 GROUP BY GROUPING SETS (())",
    );
    // Its `HAVING` then filters the rows (with no aggregation the planner adds it as a filter
    // step: tests/queries/0_stateless/02497_having_without_actual_aggregation_bug.sql answers
    // `9` for `select number from numbers_mt(10) having number >= 9`); validated as
    // aggregating, it reads no column, so it keeps every row or none.
    assert_eq!(
        run(
            &s,
            "SELECT 1 AS one FROM key_verifications_v1 GROUP BY GROUPING SETS (()) HAVING 1"
        ),
        json!([{"one": 1}, {"one": 1}, {"one": 1}, {"one": 1}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT 1 AS one FROM key_verifications_v1 GROUP BY GROUPING SETS (()) HAVING one = 2"
        ),
        json!([])
    );
    assert_eq!(
        run(&s, "SELECT 1 AS one FROM key_verifications_v1 GROUP BY GROUPING SETS (()) HAVING (SELECT count() FROM key_verifications_v1) = 4 LIMIT 2"),
        json!([{"one": 1}, {"one": 1}])
    );
    // Beside a `WHERE` of `OR` (credits 10, 4 and 0 pass it): the `HAVING` filters all of it.
    assert_eq!(
        run(&s, "SELECT 1 AS one FROM key_verifications_v1 WHERE spent_credits > 3 OR spent_credits = 0 GROUP BY GROUPING SETS (()) HAVING one = 1 ORDER BY one"),
        json!([{"one": 1}, {"one": 1}, {"one": 1}])
    );
    assert_eq!(
        run(&s, "SELECT 1 AS one FROM key_verifications_v1 WHERE spent_credits > 3 OR spent_credits = 0 GROUP BY GROUPING SETS (()) HAVING 0"),
        json!([])
    );
    assert_invalid(
        &s,
        "SELECT 1 AS one FROM key_verifications_v1 GROUP BY GROUPING SETS (()) HAVING spent_credits > 3",
    );
    // An `arrayJoin` in that `HAVING` repeats the rows there, as in a `WHERE`.
    assert_eq!(
        run(&s, "SELECT 1 AS one FROM key_verifications_v1 WHERE spent_credits > 3 GROUP BY GROUPING SETS (()) HAVING arrayJoin([1, 2, 3]) > 1"),
        json!([{"one": 1}, {"one": 1}, {"one": 1}, {"one": 1}])
    );
    // `WITH TOTALS` beside the one set passes the analyzer (QueryAnalyzer::resolveQuery refuses
    // it beside more or fewer sets only, `getGroupBy().getNodes().size() != 1`) and, where
    // nothing aggregates, adds nothing: the planner adds TotalsHaving only with an aggregation
    // (Planner.cpp; PlannerExpressionAnalysis.cpp analyzeAggregation returns none for no keys
    // and no aggregates). Beside a `HAVING` too, which filters the rows as a `WHERE`: the
    // analyzer's GroupingFunctionsResolvePass makes the one set's keys, none, the `GROUP BY`
    // ("if there are only 1 grouping set it will be removed"), so the planner, which then
    // aggregates nothing, adds the `HAVING` to the `WHERE` (`need_aggregate` false) whatever
    // `WITH TOTALS` says (without `GROUP BY`, `WITH TOTALS` is the analyzer's NOT_IMPLEMENTED,
    // 02497_having_without_actual_aggregation_bug.sql); before, not run. Beside more than one
    // `()` the `GROUP BY` stays, and the planner applies no `HAVING`: see
    // get_verifications__grouping_sets_of_empty_sets_ignore_having.
    assert_eq!(
        run(&s, "SELECT 1 AS one FROM key_verifications_v1 WHERE spent_credits > 3 GROUP BY GROUPING SETS (()) WITH TOTALS WITH TOTALS ORDER BY one"),
        json!([{"one": 1}, {"one": 1}])
    );
    assert_invalid(
        &s,
        "SELECT spent_credits FROM key_verifications_v1 GROUP BY GROUPING SETS (()) WITH TOTALS",
    );
    assert_eq!(
        run(&s, "SELECT 1 AS one FROM key_verifications_v1 WHERE spent_credits > 3 GROUP BY GROUPING SETS (()) WITH TOTALS HAVING one = 1 ORDER BY one"),
        json!([{"one": 1}, {"one": 1}])
    );
    assert_eq!(
        run(&s, "SELECT 1 AS one FROM key_verifications_v1 GROUP BY GROUPING SETS (()) WITH TOTALS HAVING (SELECT count() FROM key_verifications_v1) = 3"),
        json!([])
    );
    assert_invalid(
        &s,
        "SELECT 1 AS one FROM key_verifications_v1 GROUP BY GROUPING SETS (()) WITH TOTALS HAVING spent_credits > 3",
    );
    // `WITH ROLLUP|CUBE` beside `GROUPING SETS`, and `WITH TOTALS` beside two sets, are the
    // analyzer's NOT_IMPLEMENTED (02304_grouping_sets_with_rollup_cube.sql,
    // 01883_with_grouping_sets.sql), "Invalid analytics query", before anything else is read
    // (`nope` is no column).
    for query in [
        "SELECT 1 AS one FROM key_verifications_v1 GROUP BY GROUPING SETS (()) WITH ROLLUP",
        "SELECT nope FROM key_verifications_v1 GROUP BY GROUPING SETS ((outcome), ()) WITH CUBE WITH TOTALS",
        "SELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY GROUPING SETS ((outcome), ()) WITH TOTALS",
        "SELECT outcome FROM key_verifications_v1 GROUP BY GROUPING SETS ((outcome)) WITH TOTALS WITH ROLLUP",
    ] {
        assert_invalid(&s, query);
    }
    assert_eq!(
        run(&s, "SELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY GROUPING SETS ((outcome)) WITH TOTALS"),
        json!([{"outcome": "VALID", "n": 4}])
    );
}

/// `HAVING` in a `SELECT` without `GROUP BY` or an aggregate function: upstream's parser
/// (clickhouse-sql-parser v0.4.18, parseSelectStmt) takes a `HAVING` with or without a
/// `GROUP BY`; ClickHouse 25.6's analyzer does not validate such a query as aggregating and
/// its planner adds the `HAVING` as a filter of the source's rows (src/Planner/
/// PlannerExpressionAnalysis.cpp, buildExpressionAnalysisResult: with no aggregation the
/// `HAVING` reads the columns after `WHERE`); its test
/// tests/queries/0_stateless/02497_having_without_actual_aggregation_bug.sql answers `9`
/// (.reference) for `select number from numbers_mt(10) having number >= 9`.
#[test]
fn get_verifications__having_without_aggregation_filters_rows() {
    let (s, ka, kb) = recorded(); // ka: credits 1, 4 and 10; kb: 0
                                  // A constant keeps every row or none.
    assert_eq!(
        run(&s, "SELECT 1 AS one FROM key_verifications_v1 HAVING 1"),
        json!([{"one": 1}, {"one": 1}, {"one": 1}, {"one": 1}])
    );
    assert_eq!(
        run(&s, "SELECT 1 AS one FROM key_verifications_v1 HAVING 0"),
        json!([])
    );
    // A selected column, through its alias and by its name.
    assert_eq!(
        run(
            &s,
            "SELECT spent_credits AS c FROM key_verifications_v1 HAVING c >= 4 ORDER BY c"
        ),
        json!([{"c": 4}, {"c": 10}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits FROM key_verifications_v1 HAVING spent_credits < 4 ORDER BY spent_credits DESC LIMIT 1"),
        json!([{"spent_credits": 1}])
    );
    // A column the select list does not read, and an alias of an expression.
    assert_eq!(
        run(
            &s,
            "SELECT key_space_id AS ks FROM key_verifications_v1 HAVING spent_credits = 0"
        ),
        json!([{"ks": kb}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits * 2 AS d FROM key_verifications_v1 HAVING d > 5 AND key_space_id = {ka} ORDER BY d".replace("{ka}", &format!("'{ka}'")).as_str()),
        json!([{"d": 8}, {"d": 20}])
    );
    // After `WHERE` (credits 1, 4 and 10 pass it; the `HAVING` keeps those below 10).
    assert_eq!(
        run(&s, "SELECT spent_credits AS c FROM key_verifications_v1 WHERE c > 0 OR c = 0 AND 0 HAVING c < 10 ORDER BY c"),
        json!([{"c": 1}, {"c": 4}])
    );
    // In a subquery, and with window functions (computed after the `HAVING`).
    assert_eq!(
        run(&s, "SELECT count() AS n FROM (SELECT spent_credits AS c FROM key_verifications_v1 HAVING c > 0)"),
        json!([{"n": 3}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, count() OVER () AS w FROM key_verifications_v1 HAVING c > 1 ORDER BY c"),
        json!([{"c": 4, "w": 2}, {"c": 10, "w": 2}])
    );
    // A subquery in it; each `SELECT` of a `UNION ALL` filtered by its own.
    assert_eq!(
        run(&s, "SELECT spent_credits AS c FROM key_verifications_v1 HAVING c IN (SELECT spent_credits FROM key_verifications_v1 WHERE spent_credits > 3) ORDER BY c"),
        json!([{"c": 4}, {"c": 10}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS c FROM key_verifications_v1 HAVING c > 3 UNION ALL SELECT 7 AS c FROM key_verifications_v1 HAVING c = 0"),
        json!([{"c": 4}, {"c": 10}])
    );
    // With an aggregate it is the aggregated row's filter, as before.
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 HAVING n > 3"
        ),
        json!([{"n": 4}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 HAVING n > 4"
        ),
        json!([])
    );
    // Beside an `arrayJoin` of the select list it filters the repeated rows, through its
    // alias too: ClickHouse's planner computes the `arrayJoin` in the `HAVING`'s step and the
    // projection reads it from there (src/Planner/PlannerActionsVisitor.cpp, visitFunction).
    assert_eq!(
        run(&s, "SELECT arrayJoin([1, 2, 3]) AS x, spent_credits AS c FROM key_verifications_v1 WHERE c > 1 HAVING x != 2 ORDER BY c, x"),
        json!([{"x": 1, "c": 4}, {"x": 3, "c": 4}, {"x": 1, "c": 10}, {"x": 3, "c": 10}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT arrayJoin([1, 2]) AS x FROM key_verifications_v1 HAVING spent_credits = 10"
        ),
        json!([{"x": 1}, {"x": 2}])
    );
    // An `arrayJoin` called in the `HAVING` repeats the rows there as in a `WHERE` (each
    // row once per element the condition holds for), and one the select list also calls
    // is joined once.
    assert_eq!(
        run(&s, "SELECT spent_credits AS c FROM key_verifications_v1 WHERE c > 1 HAVING arrayJoin([1, 2, 3]) != 2 ORDER BY c"),
        json!([{"c": 4}, {"c": 4}, {"c": 10}, {"c": 10}])
    );
    assert_eq!(
        run(&s, "SELECT arrayJoin([1, 2]) AS x FROM key_verifications_v1 WHERE spent_credits = 10 HAVING arrayJoin([1, 2]) > 1"),
        json!([{"x": 2}])
    );
}

/// An aggregate only in `HAVING` (no `GROUP BY`, none in the select list): ClickHouse 25.6's
/// analyzer validates the select list, `HAVING` and `ORDER BY` as aggregating once any of
/// them calls an aggregate (src/Analyzer/ValidationUtils.h, validateAggregates, point 3), and
/// its planner aggregates with the aggregate functions it collects from the whole query,
/// `HAVING`'s too (src/Planner/PlannerExpressionAnalysis.cpp, analyzeAggregation): one row
/// without `GROUP BY`, which the `HAVING` keeps or drops (as
/// tests/queries/0_stateless/02497_having_without_actual_aggregation_bug.sql's `select count()
/// from numbers_mt(100) having count() > 1`, whose .reference answers `100`).
#[test]
fn get_verifications__aggregate_only_in_having() {
    let (s, _ka, _kb) = recorded(); // four rows: credits 1, 4, 10 and 0
    assert_eq!(
        run(
            &s,
            "SELECT 1 AS one FROM key_verifications_v1 HAVING count() > 3"
        ),
        json!([{"one": 1}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT 1 AS one FROM key_verifications_v1 HAVING count() > 4"
        ),
        json!([])
    );
    assert_eq!(
        run(&s, "SELECT 2 AS two FROM key_verifications_v1 WHERE spent_credits > 3 HAVING sum(spent_credits) = 14"),
        json!([{"two": 2}])
    );
    // With no row left by the `WHERE` the one aggregated row still stands (`count()` 0).
    assert_eq!(
        run(&s, "SELECT 'none' AS k FROM key_verifications_v1 WHERE spent_credits > 100 HAVING count() = 0"),
        json!([{"k": "none"}])
    );
    // Beside a select-list alias it reads, `ORDER BY`, `LIMIT`, a window (over the one row).
    assert_eq!(
        run(&s, "SELECT 3 AS t, count() OVER () AS w FROM key_verifications_v1 HAVING t = 3 AND max(spent_credits) = 10 ORDER BY t LIMIT 5"),
        json!([{"t": 3, "w": 1}])
    );
    // In a subquery, an `IN` and each arm of a `UNION ALL` (only the answered columns).
    assert_eq!(
        run(&s, "SELECT count() AS n FROM (SELECT 1 AS one FROM key_verifications_v1 HAVING count() = 4)"),
        json!([{"n": 1}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS c FROM key_verifications_v1 WHERE c IN (SELECT 4 FROM key_verifications_v1 HAVING min(spent_credits) = 0)"),
        json!([{"c": 4}])
    );
    assert_eq!(
        run(&s, "SELECT 1 AS x FROM key_verifications_v1 HAVING count() = 4 UNION ALL SELECT 2 AS x FROM key_verifications_v1 HAVING count() = 5"),
        json!([{"x": 1}])
    );
    // `WITH FILL` fills around the one row (0 and 2 added).
    assert_eq!(
        run(&s, "SELECT 1 AS one FROM key_verifications_v1 HAVING count() > 3 ORDER BY one WITH FILL FROM 0 TO 3"),
        json!([{"one": 0}, {"one": 1}, {"one": 2}])
    );
    // `LIMIT … BY` numbers the one row: kept by a limit of 1, dropped by an offset.
    assert_eq!(
        run(
            &s,
            "SELECT 1 AS one FROM key_verifications_v1 HAVING count() > 3 LIMIT 1 BY one"
        ),
        json!([{"one": 1}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT 1 AS one FROM key_verifications_v1 HAVING count() > 3 LIMIT 1 OFFSET 1 BY one"
        ),
        json!([])
    );
    // In a subquery, only its answered columns are read.
    assert_eq!(
        run(&s, "SELECT * FROM (SELECT 1 AS one FROM key_verifications_v1 HAVING count() > 3 LIMIT 2 BY one)"),
        json!([{"one": 1}])
    );
    // The select list is validated over the one aggregated row: a column is no key.
    assert_invalid(
        &s,
        "SELECT spent_credits FROM key_verifications_v1 HAVING count() > 3",
    );
}

/// An aggregate only in `ORDER BY` (no `GROUP BY`, none in the select list or `HAVING`):
/// as for `HAVING` above, ClickHouse's planner aggregates with the aggregate functions of the
/// whole query (src/Planner/PlannerExpressionAnalysis.cpp, analyzeAggregation calls
/// collectAggregateFunctionNodes on the query node), so the query answers its one aggregated
/// row, and validateAggregates reads the select list over it.
#[test]
fn get_verifications__aggregate_only_in_order_by() {
    let (s, _ka, _kb) = recorded(); // four rows: credits 1, 4, 10 and 0
    assert_eq!(
        run(
            &s,
            "SELECT 1 AS one FROM key_verifications_v1 ORDER BY count()"
        ),
        json!([{"one": 1}])
    );
    // Also over no rows (the one aggregated row of an empty input), and beside `HAVING`.
    assert_eq!(
        run(&s, "SELECT 'x' AS k FROM key_verifications_v1 WHERE spent_credits > 100 ORDER BY sum(spent_credits) DESC"),
        json!([{"k": "x"}])
    );
    assert_eq!(
        run(&s, "SELECT 2 AS two FROM key_verifications_v1 HAVING two = 2 ORDER BY max(spent_credits), two LIMIT 3"),
        json!([{"two": 2}])
    );
    // A window's `ORDER BY` aggregates nothing: the rows are answered as they are.
    assert_eq!(
        run(
            &s,
            "SELECT 1 AS one FROM key_verifications_v1 ORDER BY count() OVER ()"
        ),
        json!([{"one": 1}, {"one": 1}, {"one": 1}, {"one": 1}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT 1 AS one FROM key_verifications_v1 ORDER BY count() LIMIT 1 BY one"
        ),
        json!([{"one": 1}])
    );
    // A bare column beside it is no key of the aggregated row.
    assert_invalid(
        &s,
        "SELECT spent_credits FROM key_verifications_v1 ORDER BY count()",
    );
}

/// `LIMIT … BY` beside window functions: ClickHouse's planner (src/Planner/Planner.cpp) adds
/// the window steps, then `ORDER BY`, then `LIMIT BY`, and its analyzer refuses a window only
/// in `WHERE`, `PREWHERE`, `GROUP BY`, `HAVING`, `WINDOW` and another window's arguments
/// (src/Analyzer/ValidationUtils.cpp, validateAggregates), so `ORDER BY` and `LIMIT BY` may
/// read windows (by their aliases too); upstream's parser (clickhouse-sql-parser v0.4.18,
/// parseSelectStmt) takes `LIMIT n BY …` after `ORDER BY` in any `SELECT`.
#[test]
fn get_verifications__limit_by_beside_window_functions() {
    let (s, ka, kb) = recorded(); // ka: credits 1, 4 and 10; kb: 0
                                  // Running sums per key: ka 1, 5, 15; kb 0. The largest of each key.
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, spent_credits AS c, sum(c) OVER (PARTITION BY ks ORDER BY c) AS w FROM key_verifications_v1 ORDER BY w DESC LIMIT 1 BY ks"),
        json!([{"ks": ka, "c": 10, "w": 15}, {"ks": kb, "c": 0, "w": 0}])
    );
    // By a window's alias (each key's total: 15 and 0), and by a window itself.
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, spent_credits AS c, sum(c) OVER (PARTITION BY ks) AS w FROM key_verifications_v1 ORDER BY c DESC LIMIT 1 BY w"),
        json!([{"ks": ka, "c": 10, "w": 15}, {"ks": kb, "c": 0, "w": 0}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS c FROM key_verifications_v1 ORDER BY c LIMIT 2 BY sum(c) OVER (PARTITION BY key_space_id)"),
        json!([{"c": 0}, {"c": 1}, {"c": 4}])
    );
    // Ordered by a window; with OFFSET and a LIMIT after it (over the kept rows).
    assert_eq!(
        run(&s, "SELECT spent_credits AS c FROM key_verifications_v1 ORDER BY sum(c) OVER (PARTITION BY key_space_id) DESC, c LIMIT 1 OFFSET 1 BY key_space_id LIMIT 5"),
        json!([{"c": 4}])
    );
    // Over aggregated rows, by an aggregate's window.
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() AS n, sum(count()) OVER (ORDER BY n) AS w FROM key_verifications_v1 GROUP BY ks ORDER BY n DESC LIMIT 1 BY w > 0"),
        json!([{"ks": ka, "n": 3, "w": 4}])
    );
    // Over the rows a HAVING arrayJoin repeats (ka's three credits above 0: 3 rows of n 3).
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() AS n, sum(count()) OVER () AS w FROM key_verifications_v1 GROUP BY ks HAVING arrayJoin(groupArray(spent_credits)) > 0 ORDER BY n LIMIT 2 BY ks"),
        json!([{"ks": ka, "n": 3, "w": 9}, {"ks": ka, "n": 3, "w": 9}])
    );
}

/// A positional `LIMIT … BY` item: ClickHouse 25.6's analyzer replaces an integer literal in
/// `LIMIT … BY` by the select list item it names, as in `ORDER BY` and `GROUP BY`
/// (src/Analyzer/Resolve/QueryAnalyzer.cpp, resolveQuery and replaceNodesWithPositionalArguments,
/// under `enable_positional_arguments`, on by default; a negative one counts from the end, one
/// out of bounds is `BAD_ARGUMENTS`); its stateless test 02006_test_positional_arguments answers
/// `limit 1 by 1` as `limit 1 by x1`. Any other expression stays itself.
#[test]
fn get_verifications__limit_by_positional_items() {
    let (s, ka, kb) = recorded(); // ka: credits 1, 4 and 10, all VALID; kb: 0, VALID
    let top = json!([{"key_space_id": ka, "spent_credits": 10}, {"key_space_id": kb, "spent_credits": 0}]);
    for by in ["1", "-2", "0x1", "1, 1", "key_space_id, 1"] {
        assert_eq!(
            run(&s, &format!("SELECT key_space_id, spent_credits FROM key_verifications_v1 ORDER BY spent_credits DESC LIMIT 1 BY {by}")),
            top,
            "{by}"
        );
    }
    // By the second column, from the end too: one row per credit.
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, spent_credits AS c FROM key_verifications_v1 ORDER BY c LIMIT 1 BY -1 LIMIT 2"),
        json!([{"ks": kb, "c": 0}, {"ks": ka, "c": 1}])
    );
    // A constant that is no integer literal: one group of all rows.
    for by in ["1 + 0", "1.0", "'1'"] {
        assert_eq!(
            run(&s, &format!("SELECT DISTINCT key_space_id AS ks, spent_credits AS c FROM key_verifications_v1 ORDER BY c DESC LIMIT 1 BY {by}")),
            json!([{"ks": ka, "c": 10}]),
            "{by}"
        );
    }
    for by in ["0", "3", "-3"] {
        assert_invalid(
            &s,
            &format!(
                "SELECT key_space_id, spent_credits FROM key_verifications_v1 LIMIT 1 BY {by}"
            ),
        );
    }
    // Aggregated rows by their count (3 and 1): both; by the outcome: the smaller count.
    assert_eq!(
        run(&s, "SELECT outcome, key_space_id AS ks, count() AS n FROM key_verifications_v1 GROUP BY outcome, ks ORDER BY n LIMIT 1 BY 3"),
        json!([{"outcome": "VALID", "ks": kb, "n": 1}, {"outcome": "VALID", "ks": ka, "n": 3}])
    );
    assert_eq!(
        run(&s, "SELECT outcome, key_space_id AS ks, count() AS n FROM key_verifications_v1 GROUP BY outcome, ks ORDER BY n LIMIT 1 BY 1"),
        json!([{"outcome": "VALID", "ks": kb, "n": 1}])
    );
    // Over ROLLUP's groupings (as `LIMIT 1 BY ks` in limit_by_over_rollup_groupings) and
    // beside a window (as `LIMIT 1 BY w` in limit_by_beside_window_functions).
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, outcome, count() AS n FROM key_verifications_v1 GROUP BY ks, outcome WITH ROLLUP ORDER BY n, outcome LIMIT 1 BY 1"),
        json!([
            {"ks": kb, "outcome": "", "n": 1},
            {"ks": ka, "outcome": "", "n": 3},
            {"ks": "", "outcome": "", "n": 4},
        ])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, spent_credits AS c, sum(c) OVER (PARTITION BY ks) AS w FROM key_verifications_v1 ORDER BY c DESC LIMIT 1 BY 3"),
        json!([{"ks": ka, "c": 10, "w": 15}, {"ks": kb, "c": 0, "w": 0}])
    );
    // `*`'s columns are many: a place at or after it is not run here.
    let (ty, detail) = refused(&s, "SELECT * FROM key_verifications_v1 LIMIT 1 BY 1");
    assert_eq!(ty, "invalid_analytics_query");
    assert!(detail.starts_with("unkey-local does not run"), "{detail}");
}

/// A positional `LIMIT … BY` item in parentheses: ClickHouse's parser keeps no parentheses
/// around a single expression (src/Parsers/ExpressionListParsers.cpp, RoundBracketsLayer
/// answers `(1)`, no tuple, as the literal `1`), so its analyzer's replaceNodesWithPositionalArguments
/// (src/Analyzer/Resolve/QueryAnalyzer.cpp) sees the integer literal, as in `ORDER BY (1)`;
/// a `WITH` name of an integer is resolved after positions and stays a constant (one group).
#[test]
fn get_verifications__limit_by_parenthesized_position() {
    let (s, ka, kb) = recorded(); // ka: credits 1, 4 and 10; kb: 0
    for by in ["(1)", "((1))", "(-2)", "key_space_id, (1)"] {
        assert_eq!(
            run(&s, &format!("SELECT key_space_id, spent_credits FROM key_verifications_v1 ORDER BY spent_credits DESC LIMIT 1 BY {by}")),
            json!([{"key_space_id": ka, "spent_credits": 10}, {"key_space_id": kb, "spent_credits": 0}]),
            "{by}"
        );
    }
    // `(2)` is the credit: one row per credit, the two smallest.
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, spent_credits AS c FROM key_verifications_v1 ORDER BY c LIMIT 1 BY (2) LIMIT 2"),
        json!([{"ks": kb, "c": 0}, {"ks": ka, "c": 1}])
    );
    assert_eq!(
        run(&s, "WITH 1 AS one SELECT key_space_id AS ks, spent_credits AS c FROM key_verifications_v1 ORDER BY c DESC LIMIT 1 BY one"),
        json!([{"ks": ka, "c": 10}])
    );
    for by in ["(0)", "(3)", "(-3)"] {
        assert_invalid(
            &s,
            &format!(
                "SELECT key_space_id, spent_credits FROM key_verifications_v1 LIMIT 1 BY {by}"
            ),
        );
    }
}

/// `*` in the select list of a `SELECT` whose rows are made after aggregating (beside a
/// window and a late `HAVING`, an `arrayJoin` over an aggregate, or ROLLUP's groupings and a
/// window): ClickHouse expands it to every column of its sources, each of which must then be a
/// `GROUP BY` key (src/Analyzer/ValidationUtils.cpp, validateAggregates: NOT_AN_AGGREGATE
/// "is not under aggregate function and not in GROUP BY keys"), so a column no key names is
/// its invalid query; where every column is a key, it is not run here.
#[test]
fn get_verifications__star_beside_rows_made_after_aggregating() {
    let (s, _, _) = recorded();
    for q in [
        "SELECT *, count() OVER () AS w FROM key_verifications_v1 GROUP BY key_space_id HAVING arrayJoin(groupArray(spent_credits)) > 0",
        "SELECT *, arrayJoin([count(), 2]) AS x FROM (SELECT key_space_id AS ks, outcome FROM key_verifications_v1) GROUP BY ks ORDER BY x",
        "SELECT t.*, arrayJoin([count(), 2]) AS x FROM (SELECT key_space_id AS ks, outcome FROM key_verifications_v1) AS t GROUP BY ks ORDER BY x",
        "SELECT *, sum(count()) OVER () AS w FROM (SELECT key_space_id AS ks, outcome FROM key_verifications_v1) GROUP BY ks WITH ROLLUP",
    ] {
        assert_invalid(&s, q);
    }
    for q in [
        "SELECT *, count() OVER () AS w FROM (SELECT key_space_id AS ks FROM key_verifications_v1) GROUP BY ks HAVING arrayJoin(groupArray(1)) > 0",
        "SELECT *, arrayJoin([count(), 2]) AS x FROM (SELECT key_space_id AS ks, outcome FROM key_verifications_v1) AS t GROUP BY ks, t.outcome ORDER BY x",
    ] {
        let (ty, detail) = refused(&s, q);
        assert_eq!(ty, "invalid_analytics_query", "{q}");
        assert!(detail.starts_with("unkey-local does not run"), "{q}: {detail}");
    }
}

/// Named windows, as upstream lets ClickHouse run them. Upstream's parser
/// (clickhouse-sql-parser v0.4.18: parseWindowClause, parseWindowCondition, and `OVER` in
/// parser_table.go) reads `WINDOW name AS (…)` after `HAVING` and `OVER name`, but no base
/// window inside a specification (`OVER (w ORDER BY …)` is its syntax error); its
/// `SelectQuery.String()` writes the `WINDOW` clause back right after `FROM`, before `WHERE`,
/// `GROUP BY` and `HAVING`, which ClickHouse's parser (ParserSelectQuery) reads after them:
/// with any of them, and with the workspace filter upstream adds as a `WHERE` to every
/// `SELECT` that reads a table (pkg/clickhouse/query-parser/filter.go), ClickHouse answers a
/// syntax error, upstream's "Invalid SQL syntax". Over a subquery or a CTE it runs; an unnamed
/// window function is named `f(…) OVER name` (QueryAnalyzer::resolveFunction), and an
/// undefined window is ClickHouse's error that upstream answers "Invalid analytics query".
#[test]
fn get_verifications__named_windows() {
    let (s, ka, kb) = recorded(); // ka: credits 1, 4 and 10; kb: 0
    let sub = "(SELECT key_space_id AS ks, spent_credits AS c FROM key_verifications_v1)";
    assert_eq!(
        run(&s, &format!("SELECT c, sum(c) OVER w AS s, count() OVER v AS n, sum(c) OVER p FROM {sub} WINDOW w AS (ORDER BY c), v AS (), p AS (PARTITION BY ks ORDER BY c DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) ORDER BY c")),
        json!([
            {"c": 0, "s": 0, "n": 4, "sum(c) OVER p": 0},
            {"c": 1, "s": 1, "n": 4, "sum(c) OVER p": 15},
            {"c": 4, "s": 5, "n": 4, "sum(c) OVER p": 14},
            {"c": 10, "s": 15, "n": 4, "sum(c) OVER p": 10},
        ])
    );
    assert_eq!(
        run(&s, "WITH t AS (SELECT key_space_id AS ks, spent_credits AS c FROM key_verifications_v1) SELECT ks, sum(c) OVER w AS total FROM t WINDOW w AS (PARTITION BY ks) ORDER BY total DESC LIMIT 1 BY ks"),
        json!([{"ks": ka, "total": 15}, {"ks": kb, "total": 0}])
    );
    // A WHERE of an outer query is its own.
    assert_eq!(
        run(&s, &format!("SELECT c, s FROM (SELECT c, sum(c) OVER w AS s FROM {sub} WINDOW w AS ()) WHERE c > 1 ORDER BY c")),
        json!([{"c": 4, "s": 15}, {"c": 10, "s": 15}])
    );
    // Where upstream writes the clause before a WHERE: a table read (its workspace filter),
    // or a WHERE, GROUP BY or HAVING of the query's own.
    for query in [
        "SELECT spent_credits AS c, sum(c) OVER w AS s FROM key_verifications_v1 WINDOW w AS (ORDER BY c)".to_string(),
        format!("SELECT c, sum(c) OVER w AS s FROM {sub} AS a JOIN key_verifications_v1 AS b ON a.c = b.spent_credits WINDOW w AS (ORDER BY c)"),
        format!("SELECT c, sum(c) OVER w AS s FROM {sub} WHERE c > 0 WINDOW w AS (ORDER BY c)"),
        format!("SELECT ks, sum(sum(c)) OVER w AS s FROM {sub} GROUP BY ks WINDOW w AS ()"),
        // A base window in a specification: upstream's parser's error.
        format!("SELECT c, sum(c) OVER (w ORDER BY c) AS s FROM {sub} WINDOW w AS (PARTITION BY ks)"),
        format!("SELECT c, sum(c) OVER v AS s FROM {sub} WINDOW w AS (PARTITION BY ks), v AS (w ORDER BY c)"),
    ] {
        assert_eq!(
            refused(&s, &query),
            syntax_error_or_clickhouse(&query),
            "{query}"
        );
    }
    assert_invalid(
        &s,
        &format!("SELECT c, sum(c) OVER x AS s FROM {sub} WINDOW w AS (ORDER BY c)"),
    );
}

/// `LIMIT … BY` over the groupings of `WITH ROLLUP|CUBE` and `GROUPING SETS`: ClickHouse's
/// planner (src/Planner/Planner.cpp) adds the rollup or cube step after aggregating, then
/// `HAVING`, the windows, `DISTINCT`, `ORDER BY` and `LIMIT BY`, which reads the rows of all
/// groupings (a key a grouping leaves out its type's default there, its stateless test
/// 00701_rollup); upstream's parser takes `LIMIT n BY …` after `ORDER BY` in any `SELECT`.
#[test]
fn get_verifications__limit_by_over_rollup_groupings() {
    let (s, ka, kb) = recorded(); // ka: 3 VALID, kb: 1 VALID
                                  // The rows (n): (ka, VALID) 3, (kb, VALID) 1, (ka) 3, (kb) 1, () 4; the first of each key.
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, outcome, count() AS n FROM key_verifications_v1 GROUP BY ks, outcome WITH ROLLUP ORDER BY n, outcome LIMIT 1 BY ks"),
        json!([
            {"ks": kb, "outcome": "", "n": 1},
            {"ks": ka, "outcome": "", "n": 3},
            {"ks": "", "outcome": "", "n": 4},
        ])
    );
    // The second of each outcome, by n descending.
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, outcome, count() AS n FROM key_verifications_v1 GROUP BY ks, outcome WITH ROLLUP ORDER BY n DESC LIMIT 1 OFFSET 1 BY outcome"),
        json!([{"ks": ka, "outcome": "", "n": 3}, {"ks": kb, "outcome": "VALID", "n": 1}])
    );
    // By a window over the groupings (running sums 1, 4, 8), then a LIMIT.
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() AS n, sum(count()) OVER (ORDER BY n) AS w FROM key_verifications_v1 GROUP BY ks WITH CUBE ORDER BY n LIMIT 1 BY w > 2"),
        json!([{"ks": kb, "n": 1, "w": 1}, {"ks": ka, "n": 3, "w": 4}])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() AS n FROM key_verifications_v1 GROUP BY GROUPING SETS ((ks), ()) ORDER BY n DESC LIMIT 1 BY ks = '' LIMIT 5"),
        json!([{"ks": "", "n": 4}, {"ks": ka, "n": 3}])
    );
    // After DISTINCT.
    assert_eq!(
        run(&s, "SELECT DISTINCT outcome FROM key_verifications_v1 GROUP BY key_space_id, outcome WITH ROLLUP ORDER BY outcome DESC LIMIT 1 BY outcome != 'x'"),
        json!([{"outcome": "VALID"}])
    );
}

/// `hasAny`/`hasAll` cast both arrays to their common type (Functions/array/hasAllAny.h), and
/// that cast converts an array's elements as one column by its first element's count
/// (FunctionsConversion.cpp, interval-to-interval ConvertImpl, `getInt(0)`). An array literal
/// is first cast to its own common kind element by element (`array` of constants), so one
/// whose literal elements are all the same length (`[INTERVAL 1 DAY, INTERVAL 24 HOUR]`: 24
/// hours twice) converts exactly: it is run, compared by the literal numbers. Elements of
/// different lengths, or a count read from rows, stay not run.
#[test]
fn get_verifications__arrays_of_equal_literal_intervals_converted() {
    let s = at_one_verification();
    assert_eq!(
        run(&s, "SELECT hasAny([INTERVAL 1 DAY, INTERVAL 24 HOUR], [INTERVAL 60 MINUTE]) AS a, hasAny([INTERVAL 1 DAY, INTERVAL 24 HOUR], [INTERVAL 1440 MINUTE]) AS b, hasAll([toIntervalDay(2), INTERVAL 48 HOUR, -(-INTERVAL 2880 MINUTE)], [INTERVAL 172800 SECOND]) AS c, hasAll([INTERVAL 1 WEEK, INTERVAL 7 DAY], [INTERVAL 168 HOUR, INTERVAL 1 HOUR]) AS d FROM key_verifications_v1"),
        json!([{"a": 0, "b": 1, "c": 1, "d": 0}])
    );
    for q in [
        "SELECT hasAny([INTERVAL 1 DAY, INTERVAL 25 HOUR], [INTERVAL 60 MINUTE]) AS a FROM key_verifications_v1",
        "SELECT hasAny([INTERVAL 1 DAY, toIntervalHour(spent_credits)], [INTERVAL 60 MINUTE]) AS a FROM key_verifications_v1",
    ] {
        let (ty, detail) = refused(&s, q);
        assert_eq!(ty, "invalid_analytics_query", "{q}");
        assert!(detail.starts_with("unkey-local does not run hasAny or hasAll"), "{q}: {detail}");
    }
}

/// A subquery's, CTE's or set operation's column that is a tuple of intervals (ClickHouse's
/// `Tuple(IntervalDay, IntervalHour)` of `INTERVAL 1 DAY + INTERVAL 1 HOUR`,
/// 02457_tuple_of_intervals.reference) is read as that tuple wherever it is used: written
/// `(1,1)` by `toString`, moving a time by each element in turn (02457_tuple_of_intervals.sql:
/// a date plus a tuple is the date plus each element), compared element by element, negated
/// and added to as a tuple (`tupleNegate`; `addInterval` folds an interval of the last
/// element's kind into it). `count` and `uniq` count its values. Answered as a column of the
/// outermost query it makes upstream's Go driver panic (a 500, see
/// `get_verifications__expressions_of_intervals`). A set operation's tuple column takes its
/// arms' common type element by element; a tuple arm beside an interval one has none
/// (getLeastSupertype: NO_COMMON_TYPE), upstream's 400 "Invalid analytics query". Ordering
/// by it, and a tuple arm of other kinds than the column's, stay not run.
#[test]
fn get_verifications__tuple_of_intervals_columns() {
    let s = at_one_verification(); // 2030-03-31 12:34:56.123, 0 credits
    for q in [
        "SELECT toString(x) AS a, now() + x AS b, x > INTERVAL 1 DAY + INTERVAL 30 MINUTE AS c, toString(x + INTERVAL 2 HOUR) AS d, toString(-x) AS e FROM (SELECT INTERVAL 1 DAY + INTERVAL 1 HOUR AS x FROM key_verifications_v1)",
        "WITH q AS (SELECT toIntervalDay(1) + toIntervalHour(spent_credits + 1) AS x FROM key_verifications_v1) SELECT toString(x) AS a, now() + x AS b, x > INTERVAL 1 DAY + INTERVAL 0 HOUR AS c, toString(x + INTERVAL 2 HOUR) AS d, toString(-x) AS e FROM (SELECT * FROM q)",
    ] {
        assert_eq!(
            run(&s, q),
            json!([{"a": "(1,1)", "b": "2030-04-01T13:34:56Z", "c": 1, "d": "(1,3)", "e": "(-1,-1)"}]),
            "{q}"
        );
    }
    // A month then a day: 31 January to 28 February, then 1 March.
    assert_eq!(
        run(&s, "WITH q AS (SELECT INTERVAL 1 MONTH + toIntervalDay(spent_credits + 1) AS x FROM key_verifications_v1) SELECT toDate('2030-01-31') + x AS d FROM q"),
        json!([{"d": "2030-03-01T00:00:00Z"}])
    );
    assert_eq!(
        run(&s, "SELECT toString(x) AS a FROM (SELECT INTERVAL 1 DAY + INTERVAL 1 HOUR AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 3 DAY + INTERVAL 2 HOUR FROM key_verifications_v1) ORDER BY a"),
        json!([{"a": "(1,1)"}, {"a": "(3,2)"}])
    );
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT x FROM (SELECT INTERVAL 1 DAY + INTERVAL 1 HOUR AS x FROM key_verifications_v1)"}),
    );
    assert_eq!(r.status, 500);
    assert_invalid(&s, "SELECT toString(x) AS a FROM (SELECT INTERVAL 1 DAY + INTERVAL 1 HOUR AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 3 DAY FROM key_verifications_v1)");
    for q in [
        // (Its days vary from row to row: its hours converted by the first row's tuple.)
        "SELECT toString(x) AS a FROM (SELECT toIntervalDay(spent_credits) + INTERVAL 1 HOUR AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 3 DAY + INTERVAL 2 MINUTE FROM key_verifications_v1)",
        "SELECT toString((SELECT INTERVAL 1 DAY + INTERVAL 1 HOUR FROM key_verifications_v1)) AS a FROM key_verifications_v1",
        // (Its hours vary from row to row: converted to minutes by the first row's count.)
        "WITH q AS (SELECT toIntervalDay(1) + toIntervalHour(spent_credits + 1) AS x FROM key_verifications_v1) SELECT x > INTERVAL 1 DAY + INTERVAL 30 MINUTE AS c FROM q",
    ] {
        let (ty, detail) = refused(&s, q);
        assert_eq!(ty, "invalid_analytics_query", "{q}");
        assert!(detail.starts_with("unkey-local does not run"), "{q}: {detail}");
    }
    let (s, _, _) = recorded(); // credits 1, 4, 10 and 0
    assert_eq!(
        run(&s, "SELECT count(x) AS n, uniq(x) AS u, uniqExact(x) AS e FROM (SELECT INTERVAL 1 DAY + toIntervalHour(spent_credits % 2) AS x FROM key_verifications_v1)"),
        json!([{"n": 4, "u": 2, "e": 2}])
    );
}

/// A set operation's interval column with an arm of `NULL`: ClickHouse's common type of an
/// `Interval` and `NULL` is the interval made `Nullable` (getLeastSupertype; an `Interval` can
/// be inside `Nullable`, DataTypeInterval.h `canBeInsideNullable`), so the column is still of
/// the other arms' kind (their smallest, see `get_verifications__set_operation_interval_columns`),
/// also when `NULL` is the first arm, and its `NULL` rows stay `NULL` where they are read: a
/// time moved by it, a comparison and `toString` of it are `NULL` (in upstream's JSON `null`).
#[test]
fn get_verifications__set_operation_interval_columns_with_null() {
    let s = at_one_verification(); // 2030-03-31 12:34:56.123
    assert_eq!(
        run(&s, "SELECT toString(x) AS a, x > INTERVAL 2 HOUR AS c, now() - x AS t FROM (SELECT NULL AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 1 DAY FROM key_verifications_v1 UNION ALL SELECT INTERVAL 3 HOUR FROM key_verifications_v1) ORDER BY a"),
        json!([
            {"a": "24", "c": 1, "t": "2030-03-30T12:34:56Z"},
            {"a": "3", "c": 1, "t": "2030-03-31T09:34:56Z"},
            {"a": null, "c": null, "t": null},
        ])
    );
    assert_eq!(
        run(&s, "WITH u AS (SELECT INTERVAL 1 MONTH AS x FROM key_verifications_v1 UNION ALL SELECT NULL AS x FROM key_verifications_v1) SELECT toDate('2030-01-31') + x AS d FROM u ORDER BY d"),
        json!([{"d": "2030-02-28T00:00:00Z"}, {"d": null}])
    );
    assert_eq!(
        run(&s, "SELECT toString(x) AS a FROM (SELECT INTERVAL 1 DAY + INTERVAL 1 HOUR AS x FROM key_verifications_v1 UNION ALL SELECT NULL FROM key_verifications_v1) ORDER BY a"),
        json!([{"a": "(1,1)"}, {"a": null}])
    );
    assert_invalid(&s, "SELECT toString(x) AS a FROM (SELECT NULL AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 1 DAY FROM key_verifications_v1 UNION ALL SELECT INTERVAL 1 MONTH FROM key_verifications_v1)");
}

/// A tuple of intervals `IN` a list of tuples: ClickHouse makes a set of the left operand's
/// element types and converts each item's elements in turn, with the item's own element
/// types as the hint (Analyzer/SetUtils.cpp, `getSetElementsForConstantValue` and
/// `createBlockFromCollection`; Interpreters/convertFieldToType.cpp keeps a value of the
/// hinted type and has no case for an `Interval` target from another), so an item of the
/// same kinds compares element by element, one item may stand in the list's own
/// parentheses, and an item of other kinds (even of equal lengths) is TYPE_MISMATCH; a
/// tuple against one interval is ILLEGAL_TYPE_OF_ARGUMENT ("Unsupported types for IN"):
/// both upstream's 400 "Invalid analytics query".
#[test]
fn get_verifications__tuples_of_intervals_in_lists() {
    let (s, _, _) = recorded(); // credits 1, 4, 10 and 0
    assert_eq!(
        run(&s, "SELECT INTERVAL 1 DAY + INTERVAL 1 HOUR IN ((INTERVAL 1 DAY + INTERVAL 1 HOUR), (INTERVAL 2 DAY + INTERVAL 1 HOUR)) AS a, INTERVAL 1 DAY + INTERVAL 2 HOUR IN ((INTERVAL 1 DAY + INTERVAL 1 HOUR), (INTERVAL 2 DAY + INTERVAL 1 HOUR)) AS b, (INTERVAL 1 DAY + INTERVAL 1 HOUR) NOT IN (INTERVAL 1 DAY + INTERVAL 1 HOUR) AS c, INTERVAL 1 DAY + INTERVAL 1 HOUR IN (INTERVAL 1 DAY + INTERVAL 1 HOUR) AS d FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 1, "b": 0, "c": 0, "d": 1}])
    );
    // A subquery's column of tuples, row by row: (1,1), (4,1) and (0,1) of the four are in.
    assert_eq!(
        run(&s, "SELECT countIf(x IN ((INTERVAL 1 DAY + INTERVAL 1 HOUR), (INTERVAL 4 DAY + INTERVAL 1 HOUR), (INTERVAL 0 DAY + INTERVAL 1 HOUR))) AS n FROM (SELECT toIntervalDay(spent_credits) + INTERVAL 1 HOUR AS x FROM key_verifications_v1)"),
        json!([{"n": 3}])
    );
    for q in [
        "SELECT INTERVAL 1 DAY + INTERVAL 1 HOUR IN ((INTERVAL 1 DAY + INTERVAL 60 MINUTE)) AS a FROM key_verifications_v1",
        "SELECT INTERVAL 1 DAY + INTERVAL 1 HOUR IN (INTERVAL 1 DAY) AS a FROM key_verifications_v1",
        "SELECT INTERVAL 1 DAY IN ((INTERVAL 1 DAY + INTERVAL 1 HOUR)) AS a FROM key_verifications_v1",
    ] {
        assert_invalid(&s, q);
    }
}

/// A tuple literal of intervals is ClickHouse's `tuple` of them, the type their sum of
/// different kinds is: a date plus `(INTERVAL 1 MONTH, INTERVAL 1 DAY)` moves by each in
/// turn, so 2022-01-30 is 2022-03-01, and the other order 2022-02-28
/// (tests/queries/0_stateless/02457_tuple_of_intervals.sql and .reference: `e3` equals the
/// sums `e1`/`e2`); `toString` writes it `(1,1)`, `+ INTERVAL 2 HOUR` adds to its last
/// element of that kind and two tuples add element by element (the same file's
/// `Tuple(IntervalHour, IntervalSecond)` lines). In `IN`, a tuple list of the left tuple's
/// depth is one element, a list of tuples a set of them (src/Analyzer/SetUtils.cpp
/// `getSetElementsForConstantValue` compares `getCompoundTypeDepth` of both sides); as a
/// subquery's column it travels as a sum does.
#[test]
fn get_verifications__tuple_literals_of_intervals() {
    let s = at_one_verification(); // 2030-03-31 12:34:56.123
    assert_eq!(
        run(&s, "SELECT toDate('2022-01-30') + (INTERVAL 1 MONTH, INTERVAL 1 DAY) AS a, toDate('2022-01-30') + (INTERVAL 1 DAY, INTERVAL 1 MONTH) AS b, now() - (INTERVAL 1 DAY, INTERVAL 1 HOUR) AS c FROM key_verifications_v1"),
        json!([{"a": "2022-03-01T00:00:00Z", "b": "2022-02-28T00:00:00Z", "c": "2030-03-30T11:34:56Z"}])
    );
    assert_eq!(
        run(&s, "SELECT toString((INTERVAL 1 DAY, INTERVAL 1 HOUR)) AS a, toString((INTERVAL 1 DAY, INTERVAL 2 DAY)) AS b, toString((INTERVAL 1 DAY, INTERVAL 1 HOUR) + INTERVAL 2 HOUR) AS c, toString((INTERVAL 1 DAY, INTERVAL 1 HOUR) + (INTERVAL 2 DAY, INTERVAL 3 HOUR)) AS d, toString(-(INTERVAL 1 DAY, INTERVAL 1 HOUR)) AS e, (INTERVAL 1 DAY, INTERVAL 1 HOUR) > (INTERVAL 1 DAY, INTERVAL 0 HOUR) AS f, (INTERVAL 1 DAY, INTERVAL 1 HOUR) = INTERVAL 1 DAY + INTERVAL 1 HOUR AS g FROM key_verifications_v1"),
        json!([{"a": "(1,1)", "b": "(1,2)", "c": "(1,3)", "d": "(3,4)", "e": "(-1,-1)", "f": 1, "g": 1}])
    );
    assert_eq!(
        run(&s, "SELECT (INTERVAL 1 DAY + INTERVAL 1 HOUR) IN (INTERVAL 1 DAY, INTERVAL 1 HOUR) AS a, (INTERVAL 1 DAY, INTERVAL 1 HOUR) NOT IN (INTERVAL 1 DAY, INTERVAL 2 HOUR) AS b, (INTERVAL 2 DAY, INTERVAL 1 HOUR) IN ((INTERVAL 1 DAY, INTERVAL 1 HOUR), (INTERVAL 2 DAY, INTERVAL 1 HOUR)) AS c, INTERVAL 1 DAY IN (INTERVAL 1 DAY, INTERVAL 2 DAY) AS d FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1, "c": 1, "d": 1}])
    );
    assert_eq!(
        run(&s, "SELECT toString(x) AS a, now() + x AS b FROM (SELECT (INTERVAL 1 DAY, INTERVAL 1 HOUR) AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 2 DAY + INTERVAL 3 HOUR FROM key_verifications_v1) ORDER BY a"),
        json!([{"a": "(1,1)", "b": "2030-04-01T13:34:56Z"}, {"a": "(2,3)", "b": "2030-04-02T15:34:56Z"}])
    );
    // Answered as it is, upstream's driver cannot read a tuple (see
    // `get_verifications__tuple_of_intervals_columns`).
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT (INTERVAL 1 DAY, INTERVAL 1 HOUR) AS t FROM key_verifications_v1"}),
    );
    assert_eq!(r.status, 500);
    for q in [
        // Months against hours: no common type.
        "SELECT (INTERVAL 1 DAY, INTERVAL 1 MONTH) = (INTERVAL 1 DAY, INTERVAL 1 HOUR) AS b FROM key_verifications_v1",
        "SELECT sum((INTERVAL 1 DAY, INTERVAL 1 HOUR)) AS b FROM key_verifications_v1",
        "SELECT INTERVAL 1 HOUR + (INTERVAL 1 DAY, INTERVAL 1 HOUR) AS b FROM key_verifications_v1",
    ] {
        assert_invalid(&s, q);
    }
}

/// A subquery's column of tuples of intervals sorted or grouped by: ClickHouse sorts tuples
/// by their elements in turn (src/Columns/ColumnTuple.cpp `compareAtImpl` returns the first
/// element's comparison that is not 0), so (1,4) comes before (1,10), whose counts written
/// as text would sort the other way; grouping keeps one row per distinct tuple, `NULL` rows
/// (a set operation's `NULL` arm) sort last both ways as any `NULL` does.
#[test]
fn get_verifications__tuple_of_intervals_columns_sorted_and_grouped() {
    let (s, _, _) = recorded(); // credits 1, 4, 10 and 0
    let q = "SELECT toString(x) AS a FROM (SELECT toIntervalDay(spent_credits % 3) + toIntervalHour(spent_credits) AS x FROM key_verifications_v1)";
    assert_eq!(
        run(&s, &format!("{q} ORDER BY x")),
        json!([{"a": "(0,0)"}, {"a": "(1,1)"}, {"a": "(1,4)"}, {"a": "(1,10)"}])
    );
    assert_eq!(
        run(&s, &format!("{q} ORDER BY x DESC")),
        json!([{"a": "(1,10)"}, {"a": "(1,4)"}, {"a": "(1,1)"}, {"a": "(0,0)"}])
    );
    // A negative count sorts before the others.
    assert_eq!(
        run(&s, "SELECT toString(x) AS a FROM (SELECT INTERVAL 9 DAY + INTERVAL 2 HOUR AS x FROM key_verifications_v1 LIMIT 1 UNION ALL SELECT toIntervalDay(-3) + INTERVAL 2 HOUR FROM key_verifications_v1 LIMIT 1 UNION ALL SELECT INTERVAL 9 DAY + toIntervalHour(-5) FROM key_verifications_v1 LIMIT 1 UNION ALL SELECT NULL FROM key_verifications_v1 LIMIT 1) ORDER BY x"),
        json!([{"a": "(-3,2)"}, {"a": "(9,-5)"}, {"a": "(9,2)"}, {"a": null}])
    );
    assert_eq!(
        run(&s, "SELECT toString(x) AS a, count() AS n FROM (SELECT toIntervalDay(spent_credits % 3) + INTERVAL 1 HOUR AS x FROM key_verifications_v1) GROUP BY x ORDER BY x"),
        json!([{"a": "(0,1)", "n": 1}, {"a": "(1,1)", "n": 3}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM (SELECT x FROM (SELECT toIntervalDay(spent_credits % 3) + INTERVAL 1 HOUR AS x FROM key_verifications_v1) GROUP BY x)"),
        json!([{"n": 2}])
    );
    // `LIMIT … BY` keeps rows per distinct key as `GROUP BY` tells them apart (one of the
    // three (1,1) rows, then the one (0,1); with `OFFSET 1` the second (1,1) only), and so
    // for an interval of one kind.
    let q = "SELECT toString(x) AS a FROM (SELECT toIntervalDay(spent_credits % 3) + INTERVAL 1 HOUR AS x FROM key_verifications_v1) ORDER BY a";
    assert_eq!(
        run(&s, &format!("{q} LIMIT 1 BY x")),
        json!([{"a": "(0,1)"}, {"a": "(1,1)"}])
    );
    assert_eq!(
        run(&s, &format!("{q} LIMIT 1 OFFSET 1 BY x")),
        json!([{"a": "(1,1)"}])
    );
    assert_eq!(
        run(&s, "SELECT toString(x) AS a FROM (SELECT toIntervalDay(spent_credits % 2) AS x FROM key_verifications_v1) ORDER BY a LIMIT 1 BY x"),
        json!([{"a": "0"}, {"a": "1"}])
    );
}

/// An array of intervals as a subquery's or CTE's column keeps its elements' kind
/// (`Array(IntervalHour)` for `[INTERVAL 1 DAY, INTERVAL 2 HOUR]`, `array` casting each element
/// to the common kind: 24 and 2 hours), so the outer query reads it as the literal would be
/// read: answered as upstream's driver writes intervals (`"24 Hours"`, see
/// `get_verifications__answered_arrays_of_intervals`), its `length`, `has` comparing stored
/// counts (one day "has" 24 hours only when the array is of hours), `hasAny`/`hasAll` in the
/// common kind, `arrayJoin` rows of that kind (tests/queries/0_stateless/02457_tuple_of_intervals
/// for intervals moving times; Functions/array/arrayIndex.h and hasAllAny.h for the
/// searches). Through `*`, an alias, a set operation whose arms are of one kind, and a join.
#[test]
fn get_verifications__arrays_of_intervals_as_subquery_columns() {
    let (s, _, _) = recorded(); // credits 1, 4, 10 and 0
    let sub =
        "(SELECT [INTERVAL 1 DAY, INTERVAL 2 HOUR] AS a, 1 AS k FROM key_verifications_v1 LIMIT 1)";
    assert_eq!(
        run(&s, &format!("SELECT a, a AS b, length(a) AS n, has(a, INTERVAL 24 HOUR) AS h, has(a, INTERVAL 1 DAY) AS d, hasAny(a, [INTERVAL 48 HOUR]) AS y, hasAll(a, [INTERVAL 24 HOUR, INTERVAL 2 HOUR]) AS z FROM {sub}")),
        json!([{"a": ["24 Hours", "2 Hours"], "b": ["24 Hours", "2 Hours"], "n": 2, "h": 1, "d": 0, "y": 0, "z": 1}])
    );
    assert_eq!(
        run(&s, &format!("SELECT DISTINCT q.a FROM {sub} AS q")),
        json!([{"a": ["24 Hours", "2 Hours"]}])
    );
    assert_eq!(
        run(
            &s,
            &format!("SELECT toString(arrayJoin(a)) AS e FROM (SELECT * FROM {sub}) ORDER BY e")
        ),
        json!([{"e": "2"}, {"e": "24"}])
    );
    assert_eq!(
        run(&s, &format!("WITH q AS {sub} SELECT toDateTime('2030-01-31 00:00:00') + arrayJoin(a) AS t FROM q ORDER BY t")),
        json!([{"t": "2030-01-31T02:00:00Z"}, {"t": "2030-02-01T00:00:00Z"}])
    );
    assert_eq!(
        run(&s, "SELECT g, length(g) AS n, has(g, INTERVAL 4 DAY) AS h FROM (SELECT groupArray(toIntervalDay(spent_credits)) AS g FROM key_verifications_v1)"),
        json!([{"g": ["1 Day", "4 Days", "10 Days", "0 Day"], "n": 4, "h": 1}])
    );
    assert_eq!(
        run(&s, "SELECT a FROM (SELECT [INTERVAL 1 MONTH] AS a FROM key_verifications_v1 LIMIT 1 UNION ALL SELECT [INTERVAL 3 MONTH, INTERVAL 1 YEAR] FROM key_verifications_v1 LIMIT 1) ORDER BY length(a)"),
        json!([{"a": ["1 Month"]}, {"a": ["3 Months", "12 Months"]}])
    );
    assert_eq!(
        run(&s, &format!("SELECT s.a AS x, t.a AS y FROM {sub} AS s JOIN (SELECT [INTERVAL 3 MINUTE] AS a, 1 AS k FROM key_verifications_v1 LIMIT 1) AS t ON s.k = t.k")),
        json!([{"x": ["24 Hours", "2 Hours"], "y": ["3 Minutes"]}])
    );
    for q in [
        format!("SELECT has(a, INTERVAL 1 MONTH) AS h FROM {sub}"),
        format!("SELECT has(a, 1) AS h FROM {sub}"),
    ] {
        assert_invalid(&s, &q);
    }
    for q in [
        format!("SELECT arrayFilter(x -> 1, a) AS e FROM {sub}"),
        format!("SELECT if(k = 1, a, a) AS e FROM {sub}"),
        format!("SELECT * FROM {sub}"),
        // The column of days would be converted to minutes by its first element's count.
        format!("SELECT hasAny(a, [INTERVAL 1 MINUTE]) AS e FROM {sub}"),
        format!("SELECT a FROM {sub} UNION ALL SELECT a FROM {sub}"),
        format!("SELECT a FROM (SELECT a FROM {sub} UNION ALL SELECT [INTERVAL 1 DAY] FROM key_verifications_v1)"),
        // As a scalar subquery's column or in `IN` it is not a source's column.
        format!("SELECT (SELECT a FROM {sub}) AS s FROM key_verifications_v1 LIMIT 1"),
        "SELECT (SELECT [INTERVAL 1 DAY] FROM key_verifications_v1 LIMIT 1) AS s FROM key_verifications_v1 LIMIT 1".to_string(),
    ] {
        let (ty, detail) = refused(&s, &q);
        assert_eq!(ty, "invalid_analytics_query", "{q}");
        assert!(detail.starts_with("unkey-local does not run"), "{q}: {detail}");
    }
}

/// A set operation's column of tuples of intervals whose arms differ in kinds takes their
/// common type element by element (getLeastSupertype of tuples; of intervals the smallest
/// kind, `findSmallestIntervalSuperType`), and each arm's tuple is cast to it element by
/// element (a `CAST` of a `Tuple` casts each element; an interval's is its conversion: an
/// hour is 60 minutes, a week 7 days, 02457_tuple_of_intervals for the tuple's type). Months
/// beside days, or a tuple beside an interval, have no common type (upstream's 400 "Invalid
/// analytics query").
#[test]
fn get_verifications__set_operation_tuples_of_intervals_of_different_kinds() {
    let s = at_one_verification(); // 2030-03-31 12:34:56.123
    assert_eq!(
        run(&s, "SELECT toString(x) AS a, now() + x AS t FROM (SELECT INTERVAL 1 DAY + INTERVAL 1 HOUR AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 2 DAY + INTERVAL 30 MINUTE FROM key_verifications_v1) ORDER BY x"),
        json!([{"a": "(1,60)", "t": "2030-04-01T13:34:56Z"}, {"a": "(2,30)", "t": "2030-04-02T13:04:56Z"}])
    );
    assert_eq!(
        run(&s, "SELECT toString(x) AS a FROM (SELECT (INTERVAL 1 WEEK, INTERVAL 1 HOUR) AS x FROM key_verifications_v1 UNION ALL SELECT (INTERVAL 2 DAY, INTERVAL 1 HOUR) FROM key_verifications_v1 UNION ALL SELECT NULL FROM key_verifications_v1) ORDER BY x"),
        json!([{"a": "(2,1)"}, {"a": "(7,1)"}, {"a": null}])
    );
    for q in [
        "SELECT toString(x) AS a FROM (SELECT INTERVAL 1 DAY + INTERVAL 1 HOUR AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 2 DAY + INTERVAL 1 MONTH FROM key_verifications_v1)",
        "SELECT toString(x) AS a FROM (SELECT INTERVAL 1 DAY + INTERVAL 1 HOUR AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 3 DAY FROM key_verifications_v1)",
    ] {
        assert_invalid(&s, q);
    }
}

/// A time plus or minus a scalar subquery: ClickHouse moves it by the subquery's seconds
/// (`addSeconds` of a number, 01099_operators_date_and_timestamp), days or intervals, or takes
/// the distance to a time (a `DateTime` less a `DateTime` is seconds). The subquery is
/// translated ahead of the operator to tell its type, so a number or a time is taken as any
/// other, and one interval moves the time as `± INTERVAL` does (a `Date` by hours is a
/// `DateTime`, by ms ClickHouse's error: FunctionDateOrDateTimeAddInterval.h); a scalar
/// subquery of a tuple of intervals is not run here.
#[test]
fn get_verifications__time_moved_by_a_scalar_subquery() {
    let s = at_one_verification(); // 2030-03-31 12:34:56.123
    assert_eq!(
        run(&s, "SELECT now() + (SELECT 1 FROM key_verifications_v1 LIMIT 1) AS a, now() - (SELECT max(now()) FROM key_verifications_v1) AS b, today() - (SELECT 2) AS c, (SELECT now() FROM key_verifications_v1 LIMIT 1) + 1 AS d FROM key_verifications_v1"),
        json!([{"a": "2030-03-31T12:34:57Z", "b": 0, "c": "2030-03-29T00:00:00Z", "d": "2030-03-31T12:34:57Z"}])
    );
    assert_eq!(
        run(&s, "SELECT now() - (SELECT toIntervalHour(1) FROM key_verifications_v1 LIMIT 1) AS a, today() + (SELECT toIntervalMonth(1) FROM key_verifications_v1) AS b, today() - (SELECT INTERVAL 1 HOUR FROM key_verifications_v1) AS c, now64(3) + (SELECT x FROM (SELECT toIntervalDay(2) AS x FROM key_verifications_v1)) AS d, now() + (SELECT toIntervalDay(1) FROM key_verifications_v1 WHERE 1 = 0) AS e FROM key_verifications_v1"),
        json!([{"a": "2030-03-31T11:34:56Z", "b": "2030-04-30T00:00:00Z", "c": "2030-03-30T23:00:00Z", "d": "2030-04-02T12:34:56.123Z", "e": null}])
    );
    assert_invalid(
        &s,
        "SELECT today() - (SELECT toIntervalMillisecond(1) FROM key_verifications_v1) AS t FROM key_verifications_v1",
    );
    let (ty, detail) = refused(
        &s,
        "SELECT now() - (SELECT INTERVAL 1 DAY + INTERVAL 1 HOUR FROM key_verifications_v1) AS t FROM key_verifications_v1",
    );
    assert_eq!(ty, "invalid_analytics_query");
    assert_eq!(
        detail,
        "unkey-local does not run a subquery in an expression or IN whose column is a tuple or an array of intervals (the real server does); see the unkey-local README"
    );
}

/// A `Date` is a `UInt16` of days in ClickHouse: the `toStartOfMonth`, `toStartOfQuarter` and
/// `toStartOfYear` of a `DateTime64` before 1970 cast the signed day to it and wrap round it
/// (src/Functions/DateTimeTransforms.h ToStartOfMonthImpl `execute(Int64 …)`; issue #39561
/// shows `toStartOfMonth('1960-01-01'::Date32)` answering 2139-06-07, issue #22928
/// `toStartOfISOYear` of 1969 answering 2149-06-04), and so does `toDate` (ToDateImpl:
/// `static_cast<UInt16>(toDayNum(…))`); `toStartOfWeek` holds it at 1970-01-01
/// (ToStartOfWeekImpl: `std::max(res, 0)`; DateLUTImpl's saturating `DayNum` for a
/// `DateTime`). Every transform of a `DateTime64` takes its whole seconds toward zero in 25.6
/// (src/Functions/TransformDateTime64.h: `toDate` and `toStartOfDay` its components, the others
/// and `toDateTime` its whole part, both of src/Core/DecimalFunctions.h
/// `splitWithScaleMultiplier`, `value / scale_multiplier`; the whole part is floored from PR
/// #105244, 26.4 and later, the components still not in issue #119967 of 2026).
#[test]
fn get_verifications__dates_before_1970_wrap() {
    let s = at_2030();
    assert_eq!(
        run(&s, "SELECT toStartOfMonth(toDateTime64('1960-01-15 10:00:00', 0)) AS m, toStartOfYear(toDateTime64('1969-06-30 00:00:00', 3)) AS y, toStartOfQuarter(toDateTime64('1969-11-15 00:00:00', 0)) AS q, toDate(toDateTime64('1960-01-01 12:00:00', 0)) AS d, toStartOfWeek(toDateTime64('1969-12-31 00:00:00', 0)) AS w, toStartOfWeek(toDateTime('1970-01-02 00:00:00')) AS w2, toStartOfMonth(now()) AS now_m FROM key_verifications_v1"),
        json!([{"m": "2139-06-07T00:00:00Z", "y": "2148-06-07T00:00:00Z", "q": "2149-03-07T00:00:00Z", "d": "2139-06-07T00:00:00Z", "w": "1970-01-01T00:00:00Z", "w2": "1970-01-01T00:00:00Z", "now_m": "2030-03-01T00:00:00Z"}])
    );
    assert_eq!(
        run(&s, "SELECT toDate(toDateTime64('1969-12-31 23:59:59.5', 1)) AS d, toStartOfDay(toDateTime64('1969-12-31 23:59:59.5', 1)) AS sd, toDate(toDateTime64('1969-12-30 12:00:00.25', 2)) AS d2 FROM key_verifications_v1"),
        json!([{"d": "1970-01-01T00:00:00Z", "sd": "1970-01-01T00:00:00Z", "d2": "2149-06-05T00:00:00Z"}])
    );
    // A `DateTime64`'s `DateTime` is a `UInt32` of seconds too (FunctionsConversion.h
    // ToDateTimeImpl `execute(Int64 dt64)`: `static_cast<UInt32>`): -315619200 + 2^32 seconds.
    assert_eq!(
        run(&s, "SELECT toDateTime(toDateTime64('1960-01-01 00:00:00', 3)) AS t, toDateTime(toDateTime64('2030-03-31 12:00:00.75', 3)) AS now_t FROM key_verifications_v1"),
        json!([{"t": "2096-02-06T06:28:16Z", "now_t": "2030-03-31T12:00:00Z"}])
    );
    // Half a second before December 1969 is in its month (day -31, wrapped), half a second
    // before 1970 in its second (0), two and a half seconds before in -2.
    assert_eq!(
        run(&s, "SELECT toStartOfMonth(toDateTime64('1969-11-30 23:59:59.5', 1)) AS m, toStartOfQuarter(toDateTime64('1969-09-30 23:59:59.5', 1)) AS q, toStartOfYear(toDateTime64('1968-12-31 23:59:59.5', 1)) AS y, toDateTime(toDateTime64('1969-12-31 23:59:59.5', 1)) AS t, toDateTime(toDateTime64('1969-12-31 23:59:57.5', 1)) AS t2 FROM key_verifications_v1 LIMIT 1"),
        json!([{"m": "2149-05-07T00:00:00Z", "q": "2149-03-07T00:00:00Z", "y": "2148-06-07T00:00:00Z", "t": "1970-01-01T00:00:00Z", "t2": "2106-02-07T06:28:14Z"}])
    );
}

/// `date_trunc` of a `DateTime64` is a `Date32` (week to year) or a `DateTime64` (day to
/// second) in 25.6.4 (src/Functions/date_trunc.cpp: with `function_date_trunc_return_type_behavior`
/// 0, its default since PR #82530, backported to 25.6), which hold a time before 1970 without
/// wrapping; it calls toStartOfInterval, whose `Int64` overloads (src/Functions/DateTimeTransforms.h
/// `ToStartOfInterval<…>::execute(Int64 t, …)`) take `t / scale_multiplier`, the whole seconds
/// toward zero, before the calendar's unit: '1969-11-30 23:59:59.5' is in December's month and
/// in 1970's minute. A `DateTime64` less another is a `Decimal` (a string in the answer).
#[test]
fn get_verifications__date_trunc_before_1970() {
    let s = at_2030();
    assert_eq!(
        run(&s, "SELECT date_trunc('month', toDateTime64('1960-01-15 10:00:00', 0)) AS m, date_trunc('week', toDateTime64('1960-03-03 12:55:55', 2)) AS w, date_trunc('year', toDateTime64('1969-06-30 00:00:00', 3)) AS y, date_trunc('day', toDateTime64('1960-03-03 12:55:55', 2)) AS d, date_trunc('hour', toDateTime64('1960-03-03 12:55:55', 2)) AS h FROM key_verifications_v1"),
        json!([{"m": "1960-01-01T00:00:00Z", "w": "1960-02-29T00:00:00Z", "y": "1969-01-01T00:00:00Z", "d": "1960-03-03T00:00:00Z", "h": "1960-03-03T12:00:00Z"}])
    );
    assert_eq!(
        run(&s, "SELECT date_trunc('month', toDateTime64('1969-11-30 23:59:59.5', 1)) AS m, date_trunc('minute', toDateTime64('1969-12-31 23:59:59.5', 1)) AS mi, date_trunc('second', toDateTime64('1969-12-31 23:59:58.25', 2)) AS s, date_trunc('second', toDateTime64('2030-03-31 12:00:00.75', 3)) AS now_s FROM key_verifications_v1"),
        json!([{"m": "1969-12-01T00:00:00Z", "mi": "1970-01-01T00:00:00Z", "s": "1969-12-31T23:59:59Z", "now_s": "2030-03-31T12:00:00Z"}])
    );
    assert_eq!(
        run(&s, "SELECT date_trunc('hour', toDateTime64('2030-03-31 12:34:56.5', 3)) - date_trunc('day', toDateTime64('2030-03-31 12:34:56.5', 3)) AS d, date_trunc('hour', toDateTime('2030-03-31 12:34:56')) - date_trunc('day', toDateTime('2030-03-31 12:34:56')) AS i FROM key_verifications_v1"),
        json!([{"d": "43200", "i": 43200}])
    );
    // The `Date32` is written as a date; the scale of the `DateTime64` is 0 where the setting
    // decides it and the argument's in the 25.4 sources before it: its text is not run.
    assert_eq!(
        run(&s, "SELECT toString(date_trunc('month', toDateTime64('1960-01-15 10:00:00', 3))) AS m FROM key_verifications_v1 LIMIT 1"),
        json!([{"m": "1960-01-01"}])
    );
    for q in [
        "SELECT toString(date_trunc('hour', fromUnixTimestamp64Milli(time))) AS h FROM key_verifications_v1",
        "SELECT toString([date_trunc('day', now64(3))]) AS h FROM key_verifications_v1",
        "SELECT toString(h) AS t FROM (SELECT if(1, date_trunc('second', now64(3)), now64(3)) AS h FROM key_verifications_v1)",
    ] {
        let (_, detail) = refused(&s, q);
        assert!(
            detail.starts_with("unkey-local does not run toString of date_trunc"),
            "{q}: {detail}"
        );
    }
}

/// ClickHouse 25.6's analyzer validates what an aggregating `SELECT` computes after
/// aggregating (src/Analyzer/ValidationUtils.cpp, validateAggregates and its
/// ValidateGroupByColumnsVisitor): where it has `GROUP BY` or calls an aggregate function, a
/// column of its select list, `HAVING`, `ORDER BY` or `LIMIT … BY` must be under an aggregate
/// function or inside an expression equal to a `GROUP BY` key, else NOT_AN_AGGREGATE, which
/// upstream answers as "Invalid analytics query"; keys are compared as resolved trees, so
/// `t2.x` is no key where `t1.x` is (tests/queries/0_stateless/03130_analyzer_self_join_group_by.sql).
#[test]
fn get_verifications__column_neither_aggregated_nor_grouped_by() {
    let (s, ks_a, ks_b) = recorded();
    for q in [
        "SELECT key_space_id, outcome, count() FROM key_verifications_v1 GROUP BY key_space_id",
        "SELECT outcome, count() FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 ORDER BY time",
        "SELECT key_space_id FROM key_verifications_v1 GROUP BY key_space_id HAVING key_id != ''",
        "SELECT key_space_id FROM key_verifications_v1 GROUP BY key_space_id ORDER BY key_id",
        "SELECT key_space_id, count() AS n FROM key_verifications_v1 GROUP BY key_space_id LIMIT 1 BY key_id",
        "SELECT key_id AS k, count() AS n FROM key_verifications_v1 GROUP BY outcome HAVING k != ''",
        "SELECT toStartOfHour(time) AS h, count() AS n FROM key_verifications_v1 GROUP BY toStartOfDay(time)",
        "SELECT key_space_id, max(spent_credits) OVER () AS m FROM key_verifications_v1 GROUP BY key_space_id",
        "SELECT concat(key_space_id, key_id) AS c FROM key_verifications_v1 GROUP BY key_space_id",
        "SELECT b.key_id FROM key_verifications_v1 AS a JOIN key_verifications_v1 AS b ON a.key_id = b.key_id GROUP BY a.key_id",
        "SELECT key_space_id, outcome, count() AS n FROM key_verifications_v1 GROUP BY key_space_id WITH ROLLUP",
        "SELECT key_space_id, outcome, count() AS n FROM key_verifications_v1 GROUP BY GROUPING SETS ((key_space_id), ())",
        "SELECT *, count() AS n FROM key_verifications_v1 GROUP BY key_space_id",
    ] {
        assert_invalid(&s, q);
    }
    // Keys through aliases and positions, expressions of keys, constants, aggregates, lambda
    // parameters, subqueries (their own `SELECT`s) and a non-aggregating `SELECT` run.
    assert_eq!(
        run(&s, "SELECT key_space_id AS k, concat(k, '!') = concat(key_space_id, '!') AS same, 7 AS seven, count() AS n FROM key_verifications_v1 GROUP BY k HAVING n > 0 ORDER BY n, k"),
        json!([{"k": ks_b, "same": 1, "seven": 7, "n": 1}, {"k": ks_a, "same": 1, "seven": 7, "n": 3}])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id, arrayFilter(x -> x > 1, groupArray(spent_credits)) AS big FROM key_verifications_v1 GROUP BY 1 ORDER BY length(big), key_space_id"),
        json!([{"key_space_id": ks_b, "big": []}, {"key_space_id": ks_a, "big": [4, 10]}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits > 3 AS big, count() AS n FROM key_verifications_v1 GROUP BY spent_credits > 3 ORDER BY big"),
        json!([{"big": 0, "n": 2}, {"big": 1, "n": 2}])
    );
    assert_eq!(
        run(&s, "SELECT outcome, (SELECT count() FROM key_verifications_v1) AS all_rows FROM key_verifications_v1 ORDER BY outcome LIMIT 1"),
        json!([{"outcome": "VALID", "all_rows": 4}])
    );
    // A key of operators met inside a longer chain of them is a node of the tree only as
    // ClickHouse's parser builds it (src/Parsers/ExpressionListParsers.cpp: `+ -` 11 and
    // `* /` 12 bind left to right): `1 + a + b` is
    // `(1 + a) + b`, `a + b + c` is `(a + b) + c`.
    for q in [
        "SELECT 1 + length(key_id) + 1 AS l, count() AS n FROM key_verifications_v1 GROUP BY length(key_id) + 1",
        "SELECT 2 * spent_credits + 1 AS x, count() AS n FROM key_verifications_v1 GROUP BY spent_credits + 1",
        "SELECT spent_credits + 1 * 2 AS x, count() AS n FROM key_verifications_v1 GROUP BY spent_credits + 1",
    ] {
        assert_invalid(&s, q);
    }
    assert_eq!(
        run(&s, "SELECT spent_credits + 1 + 1 AS x, count() AS n FROM key_verifications_v1 GROUP BY spent_credits + 1 ORDER BY x"),
        json!([{"x": 2, "n": 1}, {"x": 3, "n": 1}, {"x": 6, "n": 1}, {"x": 12, "n": 1}])
    );
    assert_eq!(
        run(&s, "SELECT 1 + spent_credits * 2 AS x, spent_credits * 2 - 1 AS y FROM key_verifications_v1 GROUP BY spent_credits * 2 ORDER BY x"),
        json!([{"x": 1, "y": -1}, {"x": 3, "y": 1}, {"x": 9, "y": 7}, {"x": 21, "y": 19}])
    );
    // Comparisons (9) bind before `AND` (4) and `OR` (3): an `AND` key inside a longer `AND`
    // chain is no node of its one `and(…)` call, inside an `OR` it is one.
    assert_invalid(&s, "SELECT spent_credits > 0 AND spent_credits < 5 AND 1 = 1 AS x, count() AS n FROM key_verifications_v1 GROUP BY spent_credits > 0 AND spent_credits < 5");
    assert_eq!(
        run(&s, "SELECT spent_credits > 0 AND spent_credits < 5 OR 1 = 0 AS x, count() AS n FROM key_verifications_v1 GROUP BY spent_credits > 0 AND spent_credits < 5 ORDER BY x"),
        json!([{"x": 0, "n": 2}, {"x": 1, "n": 2}])
    );
    // Where the tree is not known here (a key of a unary minus, a comparison next to a
    // comparison), not run.
    for q in [
        "SELECT -spent_credits + 1 + 1 AS x, count() AS n FROM key_verifications_v1 GROUP BY -spent_credits + 1",
        "SELECT spent_credits > 1 = 1 AS x, count() AS n FROM key_verifications_v1 GROUP BY spent_credits > 1",
    ] {
        let (ty, detail) = refused(&s, q);
        assert_eq!(ty, "invalid_analytics_query");
        assert!(
            detail.starts_with(
                "unkey-local does not run a column read only inside an operator expression"
            ),
            "{q}: {detail}"
        );
    }
    assert_eq!(
        run(&s, "SELECT t.key_space_id AS k, count() AS n FROM key_verifications_v1 AS t GROUP BY key_space_id ORDER BY n"),
        json!([{"k": ks_b, "n": 1}, {"k": ks_a, "n": 3}])
    );
}

/// `ORDER BY -n` sorts by the select list's n-th item from the end in ClickHouse 25.6
/// (positional arguments, `enable_positional_arguments` on by default; its
/// tests/queries/0_stateless/02006_test_positional_arguments.sql and `.reference` order by
/// `-1` and `-2`), not by the constant `-n`; beyond the list it is BAD_ARGUMENTS, upstream's
/// "Invalid analytics query".
#[test]
fn get_verifications__order_by_negative_position() {
    let (s, ks_a, ks_b) = recorded();
    assert_eq!(
        run(&s, "SELECT key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY k ORDER BY -1 DESC"),
        json!([{"k": ks_a, "n": 3}, {"k": ks_b, "n": 1}])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY k ORDER BY -1 ASC, -2"),
        json!([{"k": ks_b, "n": 1}, {"k": ks_a, "n": 3}])
    );
    // An expression with `-1` in it is no position.
    assert_eq!(
        run(
            &s,
            "SELECT spent_credits AS c FROM key_verifications_v1 ORDER BY c * -1"
        ),
        json!([{"c": 10}, {"c": 4}, {"c": 1}, {"c": 0}])
    );
    assert_invalid(
        &s,
        "SELECT key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY k ORDER BY -3",
    );
    // Where the order is written elsewhere than SQLite's `ORDER BY`, not run.
    let q = "SELECT key_space_id AS k, spent_credits AS c FROM key_verifications_v1 ORDER BY -1 LIMIT 1 BY k";
    let (ty, detail) = refused(&s, q);
    assert_eq!(ty, "invalid_analytics_query", "{q}");
    assert!(
        detail.starts_with("unkey-local does not run ORDER BY -n"),
        "{q}: {detail}"
    );
}

/// `ORDER BY -n WITH FILL` fills by the select list's n-th item from the end, the item it sorts
/// by: ClickHouse 25.6 replaces the position by that item before it reads `WITH FILL`
/// (replaceNodesWithPositionalArguments in src/Analyzer/Resolve/QueryAnalyzer.cpp; its
/// tests/queries/0_stateless/02006_test_positional_arguments.sql orders by `-1`, and
/// 00995_order_by_with_fill.sql with its `.reference` shows filled rows between the sorted ones,
/// their other columns the defaults). The count is of the answered items, not of the columns
/// computed for an unanswered key; beyond the list BAD_ARGUMENTS, upstream's "Invalid analytics
/// query".
#[test]
fn get_verifications__order_by_negative_position_with_fill() {
    let (s, ka, kb) = recorded(); // key a spent 1, 4 and 10
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, key_space_id AS k FROM key_verifications_v1 WHERE spent_credits > 0 ORDER BY -2 DESC WITH FILL STEP -3"),
        json!([{"c": 10, "k": ka}, {"c": 7, "k": ""}, {"c": 4, "k": ka}, {"c": 1, "k": ka}])
    );
    // After a sorting prefix that is not answered (one run of rows: every `k` is as long).
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, key_space_id AS k FROM key_verifications_v1 WHERE spent_credits > 0 ORDER BY length(k), (-2) WITH FILL STEP 3"),
        json!([{"c": 1, "k": ka}, {"c": 4, "k": ka}, {"c": 7, "k": ""}, {"c": 10, "k": ka}])
    );
    // Beside `WITH ROLLUP` (counts: key a 3, key b 1, the total 4).
    assert_eq!(
        run(&s, "SELECT count() AS n, key_space_id AS k FROM key_verifications_v1 GROUP BY k WITH ROLLUP ORDER BY -2 WITH FILL"),
        json!([{"n": 1, "k": kb}, {"n": 2, "k": ""}, {"n": 3, "k": ka}, {"n": 4, "k": ""}])
    );
    assert_invalid(
        &s,
        "SELECT spent_credits AS c, key_space_id AS k FROM key_verifications_v1 ORDER BY -3 WITH FILL",
    );
}

/// `ORDER BY -n` (and `(n)`, `(-n)`) after `WITH ROLLUP|CUBE` or `GROUPING SETS` sorts by the
/// answered column n-th from the end, as without them: ClickHouse 25.6's analyzer replaces the
/// positions (replaceNodesWithPositionalArguments in src/Analyzer/Resolve/QueryAnalyzer.cpp,
/// `size + value + 1` for a negative one) before planning the groupings (its
/// 02006_test_positional_arguments orders by `-1`, `-2`); beyond the list BAD_ARGUMENTS.
#[test]
fn get_verifications__order_by_negative_position_over_groupings() {
    let (s, ka, kb) = recorded(); // counts: ka 3, kb 1, the total 4
    let by_count = json!([{"k": kb, "n": 1}, {"k": ka, "n": 3}, {"k": "", "n": 4}]);
    for q in [
        "SELECT key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY k WITH ROLLUP ORDER BY -1",
        "SELECT key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY k WITH CUBE ORDER BY (-1) ASC",
        "SELECT key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY GROUPING SETS ((k), ()) ORDER BY (2)",
    ] {
        assert_eq!(run(&s, q), by_count, "{q}");
    }
    assert_eq!(
        run(&s, "SELECT key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY k WITH ROLLUP ORDER BY -1 DESC"),
        json!([{"k": "", "n": 4}, {"k": ka, "n": 3}, {"k": kb, "n": 1}])
    );
    // Beside a window, whose rows are sorted in an outer SELECT (the counts sum to 8).
    assert_eq!(
        run(&s, "SELECT count() AS n, sum(count()) OVER () AS w FROM key_verifications_v1 GROUP BY key_space_id WITH ROLLUP ORDER BY -2 DESC"),
        json!([{"n": 4, "w": 8}, {"n": 3, "w": 8}, {"n": 1, "w": 8}])
    );
    for q in [
        "SELECT key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY k WITH ROLLUP ORDER BY -3",
        "SELECT key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY k WITH ROLLUP ORDER BY (3)",
        "SELECT count() AS n, sum(count()) OVER () AS w FROM key_verifications_v1 GROUP BY key_space_id WITH ROLLUP ORDER BY -3",
    ] {
        assert_invalid(&s, q);
    }
}

/// A time moved by intervals takes the type ClickHouse's `addHours`, `addMilliseconds`, …
/// give it (FunctionDateOrDateTimeAddInterval.h: `AddHoursImpl::execute(UInt16)`, a `Date`'s
/// overload, returns a `UInt32`, so `Date + INTERVAL 2 HOUR` is a `DateTime`; the ms, µs and ns
/// ones return `Int8` for a `Date`, "cannot be used with Date"; a `DateTime` moved by ms is a
/// `DateTime64(3)` by `resolveReturnType`), and that type is answered, written by `toString`
/// and carried by a subquery's column.
#[test]
fn get_verifications__date_moved_by_hours_is_a_datetime() {
    let (s, _, _) = recorded();
    let one = |e: &str| {
        run(
            &s,
            &format!("SELECT {e} AS d FROM key_verifications_v1 LIMIT 1"),
        )
    };
    for (e, d) in [
        (
            "toDate('2030-01-01') + INTERVAL 2 HOUR",
            "2030-01-01T02:00:00Z",
        ),
        (
            "toDate('2030-01-01') - INTERVAL 90 MINUTE",
            "2029-12-31T22:30:00Z",
        ),
        (
            "INTERVAL 30 SECOND + toDate('2030-01-01')",
            "2030-01-01T00:00:30Z",
        ),
        (
            "toDate('2030-01-01') + INTERVAL 1 DAY + INTERVAL 2 HOUR",
            "2030-01-02T02:00:00Z",
        ),
        (
            "toDate('2030-01-01') + (INTERVAL 1 DAY + INTERVAL 2 HOUR)",
            "2030-01-02T02:00:00Z",
        ),
        (
            "toDate('2030-01-01') + INTERVAL 1 HOUR + INTERVAL 1 MILLISECOND",
            "2030-01-01T01:00:00.001Z",
        ),
        (
            "toDateTime('2030-01-01 00:00:00') + INTERVAL 2 MILLISECOND",
            "2030-01-01T00:00:00.002Z",
        ),
    ] {
        assert_eq!(one(e), json!([{ "d": d }]), "{e}");
    }
    for (e, d) in [
        (
            "toDate('2030-01-01') + INTERVAL 2 HOUR",
            "2030-01-01 02:00:00",
        ),
        ("toDate('2030-01-01') + INTERVAL 1 DAY", "2030-01-02"),
        (
            "toDate('2030-01-01') + toIntervalSecond(5)",
            "2030-01-01 00:00:05",
        ),
        (
            "toDateTime('2030-01-01 00:00:00') - INTERVAL 2 MILLISECOND",
            "2029-12-31 23:59:59.998",
        ),
    ] {
        assert_eq!(one(&format!("toString({e})")), json!([{ "d": d }]), "{e}");
    }
    assert_eq!(
        one("toDate('2030-01-01') + INTERVAL 2 HOUR = toDateTime('2030-01-01 02:00:00')"),
        json!([{"d": 1}])
    );
    // Through a subquery's column, an alias, and a column of intervals.
    assert_eq!(
        run(&s, "SELECT toString(d) AS d FROM (SELECT toDate('2030-01-01') + INTERVAL 2 HOUR AS d FROM key_verifications_v1 LIMIT 1)"),
        json!([{"d": "2030-01-01 02:00:00"}])
    );
    assert_eq!(
        run(&s, "SELECT toDate('2030-01-01') AS day, toString(day + INTERVAL 3 HOUR) AS d FROM key_verifications_v1 LIMIT 1"),
        json!([{"day": "2030-01-01T00:00:00Z", "d": "2030-01-01 03:00:00"}])
    );
    assert_eq!(
        run(&s, "SELECT toString(toDate('2030-01-01') + x) AS d FROM (SELECT INTERVAL 4 HOUR AS x FROM key_verifications_v1 LIMIT 1)"),
        json!([{"d": "2030-01-01 04:00:00"}])
    );
    assert_invalid(
        &s,
        "SELECT toDate('2030-01-01') + INTERVAL 2 MILLISECOND AS d FROM key_verifications_v1",
    );
    assert_invalid(&s, "SELECT toDate('2030-01-01') + (INTERVAL 1 MILLISECOND + INTERVAL 1 HOUR) AS d FROM key_verifications_v1");
}

/// `toString` of an array writes ClickHouse's text of it (SerializationArray's text, its
/// elements quoted as WriteHelpers' writeAnyEscapedString writes them; the stateless test
/// that runs `toString((1, 'Hello', toDate('2016-01-01'))), toString([1, 2, 3])` answers
/// `(1,'Hello','2016-01-01')` and `[1,2,3]`): numbers as they are, strings and times in
/// single quotes with `'` and `\` escaped, `Bool`s `true`/`false`, `NULL`, nested arrays the
/// same. (It answered the array itself.) A subquery's column of arrays, whose elements' type
/// is not carried here (of times it holds numbers), is not run.
#[test]
fn get_verifications__to_string_of_an_array() {
    let (s, _, _) = recorded(); // credits 1, 4, 10 and 0; tags [t1], [t1, t2], [], [t2]
    let one = |e: &str| {
        run(
            &s,
            &format!("SELECT toString({e}) AS d FROM key_verifications_v1 LIMIT 1"),
        )
    };
    assert_eq!(
        run(
            &s,
            "SELECT toString(groupArray(spent_credits)) AS d FROM key_verifications_v1"
        ),
        json!([{"d": "[1,4,10,0]"}])
    );
    assert_eq!(
        run(&s, "SELECT toString(arrayFilter(x -> x > 1, groupArray(spent_credits))) AS d, toString(groupUniqArray(outcome)) AS o FROM key_verifications_v1"),
        json!([{"d": "[4,10]", "o": "['VALID']"}])
    );
    for q in [
        "SELECT toString(tags) AS d FROM key_verifications_v1",
        "SELECT toString(v.tags) AS d FROM key_verifications_v1 AS v",
        "SELECT toString(tags) AS d FROM (SELECT * FROM key_verifications_v1)",
    ] {
        assert_eq!(
            run(&s, q),
            json!([{"d": "['t1']"}, {"d": "['t1','t2']"}, {"d": "[]"}, {"d": "['t2']"}]),
            "{q}"
        );
    }
    for (e, d) in [
        ("[1.5, 2]", "[1.5,2]"),
        ("[[1, 2], [3]]", "[[1,2],[3]]"),
        ("['a', NULL]", "['a',NULL]"),
        (r"['it''s', 'a\\b']", r"['it\'s','a\\b']"),
        ("[true, false]", "[true,false]"),
        ("[]", "[]"),
        ("[toDate('2030-01-01')]", "['2030-01-01']"),
        (
            "[toDateTime64('2030-01-01 00:00:00.5', 3)]",
            "['2030-01-01 00:00:00.500']",
        ),
        ("if(1, ['x'], ['y', 'z'])", "['x']"),
    ] {
        assert_eq!(one(e), json!([{ "d": d }]), "{e}");
    }
    // Of intervals, their counts in the elements' common kind (an `Array(IntervalHour)`'s
    // text: 02457_tuple_of_intervals writes an interval as its count).
    assert_eq!(
        one("[INTERVAL 1 DAY, INTERVAL 2 HOUR]"),
        json!([{"d": "[24,2]"}])
    );
    assert_eq!(
        run(&s, "SELECT toString(groupArray(toIntervalDay(spent_credits))) AS d FROM key_verifications_v1"),
        json!([{"d": "[1,4,10,0]"}])
    );
    assert_eq!(
        run(&s, "SELECT toString(a) AS d FROM (SELECT [INTERVAL 1 WEEK, INTERVAL 1 DAY] AS a FROM key_verifications_v1 LIMIT 1)"),
        json!([{"d": "[7,1]"}])
    );
    assert_eq!(
        run(&s, "SELECT toString(groupArray(time)) AS d FROM (SELECT toDate('2030-01-02') AS time FROM key_verifications_v1 LIMIT 2)"),
        json!([{"d": "['2030-01-02','2030-01-02']"}])
    );
    // A subquery's column of arrays of times tells its elements' type.
    assert_eq!(
        run(&s, "SELECT toString(a) AS d FROM (SELECT [toDate('2030-01-02'), toDateTime('2030-01-02 03:04:05')] AS a FROM key_verifications_v1 LIMIT 1)"),
        json!([{"d": "['2030-01-02 00:00:00','2030-01-02 03:04:05']"}])
    );
    // (A subquery's column of arrays of other elements, and arrays of arrays: see
    // get_verifications__subquery_columns_of_arrays.)
}

/// A subquery's or CTE's column of arrays keeps its elements' type, how deep they are and
/// whether they are `Nullable`, as ClickHouse's column type does: `toString` writes it as
/// ClickHouse's text of the array, and `a[i]` out of range is the elements' default, or
/// `NULL` of `Nullable` ones (FunctionArrayElement; an array's elements are never
/// `Nullable`, so out of range an array of arrays gives `[]`). `groupArray` of arrays is an
/// array of arrays (`Array(Array(String))` of `tags`), which upstream's Go driver reads as
/// nested slices. An empty literal `[]` is ClickHouse's `Array(Nothing)`, which
/// getLeastSupertype (src/DataTypes/getLeastSupertype.cpp: `Nothing` types are skipped)
/// joins with any array, of times too (`coalesce(groupArray(t), [])`).
#[test]
fn get_verifications__subquery_columns_of_arrays() {
    let (s, _, _) = recorded(); // credits 1, 4, 10 and 0; tags [t1], [t1, t2], [], [t2]
    assert_eq!(
        run(&s, "SELECT toString(a) AS d, a[2] AS x, a[9] AS y FROM (SELECT groupArray(spent_credits) AS a FROM key_verifications_v1)"),
        json!([{"d": "[1,4,10,0]", "x": 4, "y": 0}])
    );
    assert_eq!(
        run(&s, "WITH t AS (SELECT groupArray(outcome) AS a FROM key_verifications_v1) SELECT toString(a) AS d, a[-1] AS x, a[5] AS y FROM t"),
        json!([{"d": "['VALID','VALID','VALID','VALID']", "x": "VALID", "y": ""}])
    );
    assert_eq!(
        run(&s, "SELECT toString(a) AS d, a[2] AS x, a[3] AS y, b[3] AS z FROM (SELECT ['a', NULL] AS a, [1, 2] AS b FROM key_verifications_v1 LIMIT 1)"),
        json!([{"d": "['a',NULL]", "x": null, "y": null, "z": 0}])
    );
    assert_eq!(
        run(&s, "WITH t AS (SELECT [toDate('2026-01-02'), NULL] AS a FROM key_verifications_v1 LIMIT 1) SELECT a[1] AS f, a[3] AS x, toString(a) AS d FROM t"),
        json!([{"f": "2026-01-02T00:00:00Z", "x": null, "d": "['2026-01-02',NULL]"}])
    );
    // Arrays of arrays.
    assert_eq!(
        run(&s, "SELECT toString(groupArray(tags)) AS d, groupArray(tags) AS g FROM key_verifications_v1"),
        json!([{"d": "[['t1'],['t1','t2'],[],['t2']]", "g": [["t1"], ["t1", "t2"], [], ["t2"]]}])
    );
    assert_eq!(
        run(&s, "SELECT a[2] AS x, a[2][2] AS y, a[5] AS z, toString(a[2]) AS t, length(a[2]) AS n, toString(a) AS d FROM (SELECT groupArray(tags) AS a FROM key_verifications_v1)"),
        json!([{"x": ["t1", "t2"], "y": "t2", "z": [], "t": "['t1','t2']", "n": 2, "d": "[['t1'],['t1','t2'],[],['t2']]"}])
    );
    // Over a window too.
    assert_eq!(
        run(&s, "SELECT groupArray(tags) OVER (ORDER BY spent_credits) AS g FROM key_verifications_v1 ORDER BY spent_credits LIMIT 2"),
        json!([{"g": [["t2"]]}, {"g": [["t2"], ["t1"]]}])
    );
    // Arrays of strings and of numbers, or of several depths, have no common type
    // (getLeastSupertype's NO_COMMON_TYPE, "Invalid analytics query").
    for q in [
        "SELECT [[1, 2], tags] AS x FROM key_verifications_v1",
        "SELECT if(spent_credits > 1, tags, [1]) AS x FROM key_verifications_v1",
        "SELECT coalesce([tags], tags) AS x FROM key_verifications_v1",
    ] {
        assert_invalid(&s, q);
    }
    // Its inner arrays' elements stay `Nullable` (`Array(Array(Nullable(UInt8)))`).
    assert_eq!(
        run(&s, "SELECT a[1][5] AS z, arrayFilter(x -> 1, a)[1][9] AS y, toString(a[1]) AS t FROM (SELECT groupArray([1, NULL]) AS a FROM key_verifications_v1 WHERE spent_credits = 4)"),
        json!([{"z": null, "y": null, "t": "[1,NULL]"}])
    );
    // `has` of an array of arrays seeks an array; an array sought among elements that are
    // not, or the other way round, is FunctionArrayIndex's ILLEGAL_TYPE_OF_ARGUMENT ("Types of
    // array and 2nd argument of function `has` must be identical up to nullability, …"), and
    // hasAny's arrays have no common type: "Invalid analytics query".
    assert_eq!(
        run(&s, "SELECT has(groupArray(tags), ['t1', 't2']) AS a, has(groupArray(tags), ['t2', 't1']) AS b, has(groupArray(tags), []) AS c, hasAny(groupArray(tags), [['t2']]) AS d, hasAll(groupArray(tags), [['t1'], ['x']]) AS e FROM key_verifications_v1"),
        json!([{"a": 1, "b": 0, "c": 1, "d": 1, "e": 0}])
    );
    for q in [
        "SELECT has(groupArray(tags), 't1') AS a FROM key_verifications_v1",
        "SELECT has(tags, ['t1']) AS a FROM key_verifications_v1",
        "SELECT hasAny(tags, [['t1']]) AS a FROM key_verifications_v1",
        "SELECT hasAll(groupArray(tags), ['t1']) AS a FROM key_verifications_v1",
    ] {
        assert_invalid(&s, q);
    }
    // An array literal of arrays that are no literals (`Array(Array(String))` of `[tags]`).
    assert_eq!(
        run(&s, "SELECT [tags, ['x']] AS a, toString([tags]) AS t, [tags][1][2] AS e, [tags][2] AS o, has([tags], ['t1', 't2']) AS h FROM key_verifications_v1 WHERE spent_credits = 4"),
        json!([{"a": [["t1", "t2"], ["x"]], "t": "[['t1','t2']]", "e": "t2", "o": [], "h": 1}])
    );
    // `[]` beside arrays of times.
    assert_eq!(
        run(&s, "SELECT coalesce(groupArray(toDate('2026-01-02')), []) AS a, if(1, [], [toDateTime('2026-01-02 03:04:05')]) AS b FROM key_verifications_v1 WHERE spent_credits = 4"),
        json!([{"a": ["2026-01-02T00:00:00Z"], "b": []}])
    );
}
/// `a[i]`: the AfterShip parser upstream pins (v0.4.18, parser_column.go's `parseInfix`)
/// reads `expr[…]` after an operand as `ObjectParams`, which upstream's validation (it checks
/// function names only) lets through to ClickHouse as `arrayElement` (its documentation:
/// 1-based, negative from the end, out of range the element type's default;
/// FunctionArrayElement: a constant index 0 is ZERO_ARRAY_OR_TUPLE_INDEX "Array indices are
/// 1-based" while one that varies and is 0 gives the default, an index not an integer
/// "Second argument for function arrayElement must have UInt or Int type"). It was "Invalid
/// SQL syntax" here.
#[test]
fn get_verifications__array_subscripts() {
    let (s, _, _) = recorded(); // credits 1, 4, 10 and 0; tags [t1], [t1, t2], [], [t2]
    let rows = |q: &str, name: &str| -> Vec<serde_json::Value> {
        run(&s, q)
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r[name].clone())
            .collect()
    };
    assert_eq!(
        rows("SELECT tags[1] AS d FROM key_verifications_v1", "d"),
        [json!("t1"), json!("t1"), json!(""), json!("t2")]
    );
    assert_eq!(
        rows("SELECT tags[-1] AS d FROM key_verifications_v1", "d"),
        [json!("t1"), json!("t2"), json!(""), json!("t2")]
    );
    assert_eq!(
        rows("SELECT tags[3] AS d FROM key_verifications_v1", "d"),
        [json!(""), json!(""), json!(""), json!("")]
    );
    // An index that varies and is 0 gives the default (`10 % 5`).
    assert_eq!(
        rows(
            "SELECT [10, 20][spent_credits % 5] AS d FROM key_verifications_v1",
            "d"
        ),
        [json!(10), json!(0), json!(0), json!(0)]
    );
    // Unaliased, ClickHouse's name for it.
    assert_eq!(
        run(
            &s,
            "SELECT tags[2] FROM key_verifications_v1 WHERE spent_credits = 4"
        ),
        json!([{"arrayElement(tags, 2)": "t2"}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE tags[1] = 't1'"
        ),
        json!([{"n": 2}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT tags[1] AS t, count() AS n FROM key_verifications_v1 GROUP BY t ORDER BY t"
        ),
        json!([{"t": "", "n": 1}, {"t": "t1", "n": 2}, {"t": "t2", "n": 1}])
    );
    assert_eq!(
        run(&s, "SELECT groupArray(spent_credits)[2] AS a, groupArray(spent_credits)[-2] AS b, groupArray(spent_credits)[5] AS c, groupArray(spent_credits)[1] / 2 AS d, 10 / groupArray(spent_credits)[2] AS e, arrayFilter(x -> x > 1, groupArray(spent_credits))[1] AS f FROM key_verifications_v1"),
        json!([{"a": 4, "b": 10, "c": 0, "d": 0.5, "e": 2.5, "f": 4}])
    );
    assert_eq!(
        run(&s, "SELECT [1, 2, 3][2] AS a, [[1, 2], [3]][1] AS b, [[1, 2], [3]][1][2] AS c, ['a', 'b'][3] AS d, ['a', NULL][2] AS e, ['a', NULL][3] AS f, [toDate('2030-01-01')][1] AS g, [true, false][2] AS h, concat(['x'][1], 'y') AS i FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 2, "b": [1, 2], "c": 2, "d": "", "e": null, "f": null, "g": "2030-01-01T00:00:00Z", "h": false, "i": "xy"}])
    );
    for q in [
        "SELECT tags[0] AS d FROM key_verifications_v1",
        "SELECT [1, 2][0] AS d FROM key_verifications_v1",
        "SELECT tags[1.5] AS d FROM key_verifications_v1",
        "SELECT tags['a'] AS d FROM key_verifications_v1",
        "SELECT outcome[1] AS d FROM key_verifications_v1",
    ] {
        assert_invalid(&s, q);
    }
    assert_eq!(
        refused(&s, "SELECT tags[1, 2] AS d FROM key_verifications_v1"),
        (
            "invalid_analytics_query".to_string(),
            "Invalid SQL syntax".to_string()
        )
    );
    // A constant index other than a literal may be 0 (a subquery's column of arrays: see
    // get_verifications__subquery_columns_of_arrays).
    let q = "SELECT [1, 2][1 - 1] AS d FROM key_verifications_v1";
    let (kind, detail) = refused(&s, q);
    assert_eq!(kind, "invalid_analytics_query", "{q}");
    assert!(
        detail.starts_with("unkey-local does not run a subscript"),
        "{q}: {detail}"
    );
}
/// A subscript of an array of intervals of one kind (a literal, `groupArray` of an interval,
/// a subquery's column of them) is an interval of the elements' common kind (ClickHouse's
/// `arrayElement` returns the array's nested type: `[INTERVAL 1 DAY, INTERVAL 2 HOUR]` is an
/// `Array(IntervalHour)`, its first element 24 hours), out of range its default 0; it moves a
/// time (a `Date` by hours becoming a `DateTime`, FunctionDateOrDateTimeAddInterval.h),
/// compares, and `toString` writes its count (02457_tuple_of_intervals). Answered, it is an
/// `Interval` column upstream's driver cannot read, as any.
#[test]
fn get_verifications__subscripts_of_arrays_of_intervals() {
    let (s, _, _) = recorded(); // credits 1, 4, 10 and 0
    let one = |e: &str| {
        run(
            &s,
            &format!("SELECT {e} AS d FROM key_verifications_v1 LIMIT 1"),
        )
    };
    for (e, d) in [
        (
            "toString([INTERVAL 1 DAY, INTERVAL 2 HOUR][1])",
            json!("24"),
        ),
        (
            "toDate('2030-01-01') + [INTERVAL 1 DAY, INTERVAL 2 HOUR][2]",
            json!("2030-01-01T02:00:00Z"),
        ),
        (
            "toDate('2030-01-01') + [INTERVAL 1 DAY, INTERVAL 2 DAY][-1]",
            json!("2030-01-03T00:00:00Z"),
        ),
        ("[INTERVAL 3 DAY][1] > INTERVAL 2 HOUR", json!(1)),
        ("[INTERVAL 3 DAY][5] > INTERVAL 2 HOUR", json!(0)),
    ] {
        assert_eq!(one(e), json!([{ "d": d }]), "{e}");
    }
    assert_eq!(
        run(&s, "SELECT toString(groupArray(toIntervalDay(spent_credits))[3]) AS d FROM key_verifications_v1"),
        json!([{"d": "10"}])
    );
    let q =
        "FROM (SELECT [INTERVAL 1 WEEK, INTERVAL 1 DAY] AS a FROM key_verifications_v1 LIMIT 1)";
    assert_eq!(
        run(
            &s,
            &format!("SELECT toString(a[2]) AS d, toDate('2030-01-01') + a[1] AS t {q}")
        ),
        json!([{"d": "1", "t": "2030-01-08T00:00:00Z"}])
    );
    assert_invalid(
        &s,
        "SELECT toString([INTERVAL 1 DAY][0]) AS d FROM key_verifications_v1",
    );
    assert_eq!(
        refused(
            &s,
            "SELECT [INTERVAL 1 DAY][1] AS d FROM key_verifications_v1"
        ),
        (
            "invalid_analytics_query".to_string(),
            "Invalid analytics query Failed to read query results".to_string()
        )
    );
}

/// A subquery's column of arrays of intervals (of one kind) sorted, grouped or `LIMIT … BY`:
/// ClickHouse compares arrays element by element, an array that begins another first
/// (ColumnArray::compareAt), the elements by their counts (an `Interval` column is an `Int64`
/// one), so `[-2]` before `[-1]`, `[2]` and `[8]`, and `[0,5]` before `[1]` before `[1,2]`.
#[test]
fn get_verifications__arrays_of_intervals_sorted_and_grouped() {
    let (s, _, _) = recorded(); // credits 1, 4, 10 and 0
    assert_eq!(
        run(&s, "SELECT toString(a) AS t FROM (SELECT [toIntervalDay(spent_credits - 2)] AS a FROM key_verifications_v1) ORDER BY a"),
        json!([{"t": "[-2]"}, {"t": "[-1]"}, {"t": "[2]"}, {"t": "[8]"}])
    );
    assert_eq!(
        run(&s, "SELECT toString(a) AS t FROM (SELECT [INTERVAL 1 DAY] AS a FROM key_verifications_v1 LIMIT 1 UNION ALL SELECT [INTERVAL 1 DAY, INTERVAL 2 DAY] FROM key_verifications_v1 LIMIT 1 UNION ALL SELECT [INTERVAL 0 DAY, INTERVAL 5 DAY] FROM key_verifications_v1 LIMIT 1) ORDER BY a DESC"),
        json!([{"t": "[1,2]"}, {"t": "[1]"}, {"t": "[0,5]"}])
    );
    let sub = "(SELECT [toIntervalDay(spent_credits % 3)] AS a FROM key_verifications_v1)";
    assert_eq!(
        run(
            &s,
            &format!("SELECT a, count() AS n FROM {sub} GROUP BY a ORDER BY a")
        ),
        json!([{"a": ["0 Day"], "n": 1}, {"a": ["1 Day"], "n": 3}])
    );
    assert_eq!(
        run(
            &s,
            &format!("SELECT toString(a) AS t FROM {sub} ORDER BY t LIMIT 1 BY a")
        ),
        json!([{"t": "[0]"}, {"t": "[1]"}])
    );
}

/// `ORDER BY ALL [ASC|DESC]` (upstream's parser reads `all` as a column and writes it back,
/// the audit's `apparse`): ClickHouse 25.6 sorts by every select-list item in turn with that
/// direction (ParserSelectQuery: one key, the identifier `all`, no `WITH FILL`;
/// QueryAnalyzer::expandOrderByAll; tests/queries/0_stateless/02943_order_by_all.sql, also
/// after `GROUP BY ALL`), an alias as its expression; an item named `all` is its
/// UNEXPECTED_EXPRESSION, upstream's "Invalid analytics query". Beside another key or with
/// `WITH FILL` (ParserSelectQuery's `else if (… size() == 1)` after the `WITH FILL` branch)
/// `all` is an identifier as spelled, which no column of the tables is: UNKNOWN_IDENTIFIER,
/// "Unknown identifier in analytics query" (with an alias so spelled, not run here);
/// `COLLATE` is upstream's syntax error (its parser has none: "<EOF> or ';' was expected, but
/// got: \"COLLATE\"", the audit's `apparse`).
#[test]
fn get_verifications__order_by_all() {
    let (s, _, _) = recorded(); // credits 1, 4, 10 (tags [t1], [t1, t2], []) and 0 ([t2])
    assert_eq!(
        run(
            &s,
            "SELECT spent_credits % 2 AS odd, spent_credits FROM key_verifications_v1 ORDER BY ALL"
        ),
        json!([
            {"odd": 0, "spent_credits": 0},
            {"odd": 0, "spent_credits": 4},
            {"odd": 0, "spent_credits": 10},
            {"odd": 1, "spent_credits": 1}
        ])
    );
    assert_eq!(
        run(&s, "SELECT length(tags) AS t, count() AS n FROM key_verifications_v1 GROUP BY ALL ORDER BY all DESC"),
        json!([{"t": 2, "n": 1}, {"t": 1, "n": 2}, {"t": 0, "n": 1}])
    );
    assert_eq!(
        run(&s, "SELECT c FROM (SELECT DISTINCT spent_credits AS c FROM key_verifications_v1 ORDER BY ALL DESC LIMIT 2) ORDER BY ALL"),
        json!([{"c": 4}, {"c": 10}])
    );
    assert_invalid(
        &s,
        "SELECT outcome AS all FROM key_verifications_v1 ORDER BY ALL",
    );
    for query in [
        "SELECT outcome FROM key_verifications_v1 ORDER BY ALL, outcome",
        "SELECT outcome FROM key_verifications_v1 ORDER BY outcome, all DESC",
        "SELECT * FROM key_verifications_v1 ORDER BY time, ALL",
        "SELECT spent_credits FROM key_verifications_v1 ORDER BY ALL WITH FILL",
        "SELECT spent_credits FROM key_verifications_v1 ORDER BY ALL DESC WITH FILL STEP 1",
        "SELECT spent_credits AS all FROM key_verifications_v1 ORDER BY ALL, spent_credits",
    ] {
        assert_eq!(
            refused(&s, query),
            (
                "invalid_analytics_query".into(),
                "Unknown identifier in analytics query".into()
            ),
            "{query}"
        );
    }
    for query in [
        "SELECT outcome FROM key_verifications_v1 ORDER BY ALL COLLATE 'en'",
        "SELECT outcome FROM key_verifications_v1 ORDER BY outcome DESC COLLATE 'en'",
    ] {
        assert_eq!(refused(&s, query), syntax_error(query), "{query}");
    }
    assert_eq!(
        refused(&s, "SELECT spent_credits AS all FROM key_verifications_v1 ORDER BY all, spent_credits").1,
        "unkey-local does not run ORDER BY an alias or column named all (the real server does); see the unkey-local README"
    );
}

/// `GROUP BY ALL` (upstream's parser reads it, parseGroupByClause, and writes it back): ClickHouse
/// 25.6's analyzer groups by the select list's largest parts that call no aggregate and read a
/// column (src/Analyzer/Resolve/QueryAnalyzer.cpp, expandGroupByAll and
/// recursivelyCollectMaxOrdinaryExpressions: a call over an aggregate gives its arguments'
/// parts; tests/queries/0_stateless/02459_group_by_all.sql), so a whole expression is one key
/// (`spent_credits > 3` two groups, not four), and with none it aggregates without keys (one
/// row over no rows). Other clauses are then validated against those keys (NOT_AN_AGGREGATE).
#[test]
fn get_verifications__group_by_all() {
    let (s, ka, kb) = recorded(); // ka: credits 1, 4 and 10; kb: 0
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() AS n FROM key_verifications_v1 GROUP BY ALL ORDER BY n"),
        json!([{"ks": kb, "n": 1}, {"ks": ka, "n": 3}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits > 3 AS big, count() AS n FROM key_verifications_v1 GROUP BY ALL ORDER BY big"),
        json!([{"big": 0, "n": 2}, {"big": 1, "n": 2}])
    );
    // A call over an aggregate: its argument key_space_id is the key.
    assert_eq!(
        run(&s, "SELECT if(count() > 1, key_space_id, 'few') AS k FROM key_verifications_v1 GROUP BY ALL HAVING key_space_id != '' ORDER BY k"),
        json!([{"k": "few"}, {"k": ka}])
    );
    assert_eq!(
        run(&s, "SELECT n, k FROM (SELECT key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY ALL) ORDER BY n DESC"),
        json!([{"n": 3, "k": ka}, {"n": 1, "k": kb}])
    );
    // No key: one row even over no rows; with a key, none.
    assert_eq!(
        run(&s, "SELECT 1 AS one, count() AS n FROM key_verifications_v1 WHERE outcome = 'x' GROUP BY ALL"),
        json!([{"one": 1, "n": 0}])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id, count() AS n FROM key_verifications_v1 WHERE outcome = 'x' GROUP BY ALL"),
        json!([])
    );
    for q in [
        "SELECT key_space_id, count() AS n FROM key_verifications_v1 GROUP BY ALL ORDER BY spent_credits",
        "SELECT spent_credits > 3 AS big, count() AS n FROM key_verifications_v1 GROUP BY ALL HAVING spent_credits > 0",
    ] {
        assert_invalid(&s, q);
    }
    // A chain of one priority over an aggregate (src/Parsers/ExpressionListParsers.cpp: `+ -`
    // bind left to right): `(c - c) + count()` groups by `c - c`, one group; `||` merges its
    // chain into one call, each operand a part.
    assert_eq!(
        run(&s, "SELECT spent_credits - spent_credits + count() AS x FROM key_verifications_v1 GROUP BY ALL"),
        json!([{"x": 4}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT spent_credits * count() AS x FROM key_verifications_v1 GROUP BY ALL ORDER BY x"
        ),
        json!([{"x": 0}, {"x": 1}, {"x": 4}, {"x": 10}])
    );
    assert_eq!(
        run(&s, "SELECT concat(outcome, '/', toString(count())) AS x FROM key_verifications_v1 GROUP BY ALL"),
        json!([{"x": "VALID/4"}])
    );
    // Operators of several priorities: the lowest binds last (`plus(multiply(c, count()),
    // 1)` groups by `c`; `or(and(…), greater(count(), 1))` by the `and`), a comparison by
    // symbol among them.
    assert_eq!(
        run(&s, "SELECT spent_credits * count() + 1 AS x FROM key_verifications_v1 GROUP BY ALL ORDER BY x"),
        json!([{"x": 1}, {"x": 2}, {"x": 5}, {"x": 11}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits > 1 AND spent_credits < 10 OR count() > 1 AS x, count() AS n FROM key_verifications_v1 GROUP BY ALL ORDER BY n"),
        json!([{"x": 1, "n": 1}, {"x": 1, "n": 3}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits % 3 + 1 = count() AS x, count() AS n FROM key_verifications_v1 GROUP BY ALL ORDER BY n"),
        json!([{"x": 1, "n": 1}, {"x": 0, "n": 3}])
    );
    // `*` is expanded into its columns before the keys are read (resolveQuery resolves the
    // projection first; expandGroupByAll reads the projection's nodes): each is a key.
    let sub = "(SELECT key_space_id AS ks, outcome FROM key_verifications_v1)";
    assert_eq!(
        run(
            &s,
            &format!("SELECT *, count() AS n FROM {sub} GROUP BY ALL ORDER BY n")
        ),
        json!([{"ks": kb, "outcome": "VALID", "n": 1}, {"ks": ka, "outcome": "VALID", "n": 3}])
    );
    assert_eq!(
        run(
            &s,
            &format!(
                "SELECT count() AS n, t.*, length(ks) AS l FROM {sub} AS t GROUP BY ALL ORDER BY n"
            )
        ),
        json!([
            {"n": 1, "ks": kb, "outcome": "VALID", "l": kb.len()},
            {"n": 3, "ks": ka, "outcome": "VALID", "l": ka.len()},
        ])
    );
    let (lo, hi) = if ka < kb { (&ka, &kb) } else { (&kb, &ka) };
    assert_eq!(
        run(&s, &format!("SELECT * FROM {sub} GROUP BY ALL ORDER BY ks")),
        json!([{"ks": lo, "outcome": "VALID"}, {"ks": hi, "outcome": "VALID"}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS groups, sum(n) AS rows FROM (SELECT *, count() AS n FROM key_verifications_v1 GROUP BY ALL)"),
        json!([{"groups": 4, "rows": 4}])
    );
    // Not run: a unary operator or `IS`, `BETWEEN`, `CASE` over an aggregate beside a
    // column; `*` of columns of several sources.
    for q in [
        "SELECT -count() * spent_credits AS x FROM key_verifications_v1 GROUP BY ALL",
        "SELECT spent_credits IS NULL OR count() > 1 AS x FROM key_verifications_v1 GROUP BY ALL",
        &format!(
            "SELECT *, count() AS n FROM {sub} AS a JOIN {sub} AS b ON a.ks = b.ks GROUP BY ALL"
        ),
    ] {
        let (ty, detail) = refused(&s, q);
        assert_eq!(ty, "invalid_analytics_query", "{q}");
        assert!(
            detail.starts_with("unkey-local does not run GROUP BY ALL"),
            "{q}: {detail}"
        );
    }
}

/// A named window's `PARTITION BY`/`ORDER BY` in an aggregating `SELECT`: `OVER w` resolves to
/// the window's node, whose expressions ClickHouse 25.6 validates as the select list's
/// (src/Analyzer/ValidationUtils.cpp, validateAggregates: NOT_AN_AGGREGATE), so a column there
/// that is no key nor under an aggregate is its invalid query; an aggregate there runs.
#[test]
fn get_verifications__named_window_specification_validated() {
    let (s, _, _) = recorded(); // credits 1, 4, 10 and 0
    let sub = "(SELECT key_space_id AS ks, spent_credits AS c FROM key_verifications_v1)";
    for spec in ["PARTITION BY ks", "ORDER BY c"] {
        assert_invalid(
            &s,
            &format!("SELECT sum(c) AS t, count() OVER w AS n FROM {sub} WINDOW w AS ({spec})"),
        );
    }
    assert_eq!(
        run(
            &s,
            &format!(
                "SELECT sum(c) AS t, count() OVER w AS n FROM {sub} WINDOW w AS (ORDER BY sum(c))"
            )
        ),
        json!([{"t": 15, "n": 1}])
    );
}

/// A position in `GROUP BY` beside `*`: ClickHouse 25.6's analyzer expands `*` in the select
/// list before it reads positions (src/Analyzer/Resolve/QueryAnalyzer.cpp, resolveQuery:
/// resolveProjectionExpressionNodeList, then resolveGroupByNode's positional arguments, as
/// tests/queries/0_stateless/02006_test_positional_arguments.sql reads them), so `GROUP BY 1`
/// names `*`'s first column, and each of `*`'s columns must be a key (validateAggregates:
/// NOT_AN_AGGREGATE); it answered SQLite's bare columns.
#[test]
fn get_verifications__star_beside_group_by_positions() {
    let (s, ka, kb) = recorded();
    let sub = "(SELECT key_space_id AS ks, outcome FROM key_verifications_v1)";
    for q in [
        "SELECT *, count() AS n FROM key_verifications_v1 GROUP BY 1".to_string(),
        format!("SELECT *, count() AS n FROM {sub} GROUP BY 1"),
        // 3 is `l`, not `outcome`.
        format!("SELECT *, length(ks) AS l, count() AS n FROM {sub} GROUP BY 1, 3"),
    ] {
        assert_invalid(&s, &q);
    }
    assert_eq!(
        run(
            &s,
            &format!("SELECT *, count() AS n FROM {sub} GROUP BY 1, 2 ORDER BY n")
        ),
        json!([{"ks": kb, "outcome": "VALID", "n": 1}, {"ks": ka, "outcome": "VALID", "n": 3}])
    );
    assert_eq!(
        run(
            &s,
            &format!("SELECT t.*, count() AS n FROM {sub} AS t GROUP BY 2, 1 ORDER BY n DESC")
        ),
        json!([{"ks": ka, "outcome": "VALID", "n": 3}, {"ks": kb, "outcome": "VALID", "n": 1}])
    );
}

/// A key that names an integer constant (an alias, a `WITH … AS name`) is a constant, not a
/// position: ClickHouse 25.6 reads positions (`replaceNodesWithPositionalArguments` in
/// src/Analyzer/Resolve/QueryAnalyzer.cpp) before it resolves names, and only a key that is
/// an integer literal (parentheses dropped by its parser) is one; its
/// tests/queries/0_stateless/02006_test_positional_arguments.sql and `.reference` answer
/// `select b from (select 5 as a, 'Hello' as b order by a)` and `… group by a` with `Hello`.
#[test]
fn get_verifications__key_naming_an_integer_is_a_constant() {
    let (s, ks_a, ks_b) = recorded();
    // A constant sort key reorders nothing: the next key sorts.
    let sorted = |name: &str, v: i64| json!([{name: v, "c": 10}, {name: v, "c": 4}, {name: v, "c": 1}, {name: v, "c": 0}]);
    assert_eq!(
        run(
            &s,
            "SELECT 2 AS two, spent_credits AS c FROM key_verifications_v1 ORDER BY two, c DESC"
        ),
        sorted("two", 2)
    );
    assert_eq!(
        run(
            &s,
            "SELECT -2 AS two, spent_credits AS c FROM key_verifications_v1 ORDER BY two, c DESC"
        ),
        sorted("two", -2)
    );
    assert_eq!(
        run(&s, "WITH 2 AS two SELECT 2 AS t, spent_credits AS c FROM key_verifications_v1 ORDER BY two DESC, c DESC"),
        sorted("t", 2)
    );
    // A constant grouping key groups nothing apart.
    assert_eq!(
        run(&s, "SELECT 3 AS three, key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY three, k ORDER BY n"),
        json!([{"three": 3, "k": ks_b, "n": 1}, {"three": 3, "k": ks_a, "n": 3}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT 2 AS two, count() AS n FROM key_verifications_v1 GROUP BY two"
        ),
        json!([{"two": 2, "n": 4}])
    );
    assert_eq!(
        run(&s, "WITH 2 AS two SELECT key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY two, k ORDER BY n"),
        json!([{"k": ks_b, "n": 1}, {"k": ks_a, "n": 3}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT 2 AS two, count() AS n FROM key_verifications_v1 GROUP BY two WITH ROLLUP"
        ),
        json!([{"two": 2, "n": 4}, {"two": 0, "n": 4}])
    );
    assert_eq!(
        run(&s, "SELECT 2 AS two, spent_credits AS c FROM key_verifications_v1 ORDER BY c DESC LIMIT 1 BY two"),
        json!([{"two": 2, "c": 10}])
    );
    // A key of the constant alone is no key for a column outside aggregates (NOT_AN_AGGREGATE).
    assert_invalid(
        &s,
        "WITH 1 AS one SELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY one",
    );
    // An integer literal in parentheses is still a position; `1 + 0` is a constant.
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, key_space_id AS k FROM key_verifications_v1 ORDER BY (1) DESC"),
        json!([{"c": 10, "k": ks_a}, {"c": 4, "k": ks_a}, {"c": 1, "k": ks_a}, {"c": 0, "k": ks_b}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT spent_credits AS c FROM key_verifications_v1 ORDER BY 1 + 0, c DESC"
        ),
        json!([{"c": 10}, {"c": 4}, {"c": 1}, {"c": 0}])
    );
}

/// `GROUP BY -n` groups by the select list's n-th item from the end in ClickHouse 25.6 (as
/// `ORDER BY -n`: `replaceNodesWithPositionalArguments` in
/// src/Analyzer/Resolve/QueryAnalyzer.cpp takes a negative `Int64` literal as
/// `size + value + 1`, and below `-size` is BAD_ARGUMENTS, "Invalid analytics query"), with
/// `WITH ROLLUP|CUBE` too; a positional key of a rollup is its item, answered as its type's
/// default in the rolled-up groups.
#[test]
fn get_verifications__group_by_negative_position() {
    let (s, ks_a, ks_b) = recorded();
    for q in [
        "SELECT key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY -2 ORDER BY n",
        "SELECT key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY (-2) ORDER BY (-1)",
    ] {
        assert_eq!(
            run(&s, q),
            json!([{"k": ks_b, "n": 1}, {"k": ks_a, "n": 3}]),
            "{q}"
        );
    }
    for q in [
        "SELECT key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY -2 WITH ROLLUP ORDER BY n",
        "SELECT key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY 1 WITH CUBE ORDER BY n",
    ] {
        assert_eq!(
            run(&s, q),
            json!([{"k": ks_b, "n": 1}, {"k": ks_a, "n": 3}, {"k": "", "n": 4}]),
            "{q}"
        );
    }
    for q in [
        "SELECT key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY -3",
        "SELECT key_space_id AS k, count() AS n FROM key_verifications_v1 GROUP BY -1",
    ] {
        assert_invalid(&s, q);
    }
    let (ty, detail) = refused(
        &s,
        "SELECT *, 1 AS one FROM key_verifications_v1 GROUP BY -1",
    );
    assert_eq!(ty, "invalid_analytics_query");
    assert!(
        detail.starts_with("unkey-local does not run GROUP BY -n"),
        "{detail}"
    );
}

/// An answered array of times (`Array(Date)`, `Array(DateTime)`, `Array(DateTime64(p))`, of
/// `Nullable` ones, arrays of them) holds RFC 3339 texts, written as a single time of its type
/// is. Upstream's `QueryToMaps` (pkg/clickhouse/client.go) scans each column into a
/// `ch.Dynamic`, a `sql.Scanner`; clickhouse-go v2.42.0 `lib/column/array.go` (`ScanRow`,
/// `scanSlice`) makes of such a column a `[]time.Time` (`[]*time.Time` of `Nullable` elements,
/// `nil` for `NULL`) from each element's `Row`, as a single time's, which the route's
/// `json.Marshal` writes as RFC 3339 (to the ns, trailing zeros dropped). The element type is
/// the elements' common type (ClickHouse `tests/queries/0_stateless/01926_date_date_time_supertype`:
/// a `Date` beside a `DateTime` is a `DateTime`, beside a `DateTime64` one).
#[test]
fn get_verifications__arrays_of_times_answer_times() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT [toDate('2026-01-02'), NULL] AS a, [toDateTime('2026-01-02 03:04:05')] AS b, [toDateTime64('2026-01-02 03:04:05.120', 3)] AS c, [toDateTime64('2026-01-02 03:04:05.123450', 6)] AS d, [[toDate('2026-01-02')], [toDateTime('2026-01-02 01:02:03')]] AS e, [toDateTime64('2026-01-02 03:04:05.5', 9)] AS f, [toDateTime64('1969-12-31 23:59:59.25', 3), toDate('2026-01-02')] AS g FROM key_verifications_v1 LIMIT 1"),
        json!([{
            "a": ["2026-01-02T00:00:00Z", null],
            "b": ["2026-01-02T03:04:05Z"],
            "c": ["2026-01-02T03:04:05.12Z"],
            "d": ["2026-01-02T03:04:05.12345Z"],
            "e": [["2026-01-02T00:00:00Z"], ["2026-01-02T01:02:03Z"]],
            "f": ["2026-01-02T03:04:05.5Z"],
            "g": ["1969-12-31T23:59:59.25Z", "2026-01-02T00:00:00Z"]
        }])
    );
    // `if`, `CASE`, a `WITH` name, a subquery's column, `arrayFilter`, a set operation: the
    // common type of their arrays' elements.
    assert_eq!(
        run(&s, "WITH [toDate('2026-01-02')] AS w SELECT if(0, w, [toDateTime('2026-01-02 01:02:03')]) AS a, CASE WHEN 1 THEN w ELSE [toDateTime64('2026-01-03 00:00:00.5', 3)] END AS b, arrayFilter(x -> x > toDate('2026-01-01'), w) AS c FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": ["2026-01-02T01:02:03Z"], "b": ["2026-01-02T00:00:00Z"], "c": ["2026-01-02T00:00:00Z"]}])
    );
    assert_eq!(
        run(&s, "SELECT a, toString(a) AS t FROM (SELECT [toDate('2026-01-02')] AS a FROM key_verifications_v1 LIMIT 1 UNION ALL SELECT [toDateTime('2026-01-03 04:05:06'), NULL] AS a FROM key_verifications_v1 LIMIT 1) ORDER BY t"),
        json!([
            {"a": ["2026-01-02T00:00:00Z"], "t": "['2026-01-02 00:00:00']"},
            {"a": ["2026-01-03T04:05:06Z", null], "t": "['2026-01-03 04:05:06',NULL]"}
        ])
    );
    // Aggregated: each element as that time alone is answered; the raw table's `time` (an
    // `Int64` of ms) stays numbers, a rollup's `time` (a `DateTime`, a `Date`) is a time.
    let single = run(&s, "SELECT fromUnixTimestamp64Milli(time) AS t, toDate(fromUnixTimestamp64Milli(time)) AS d, time AS ms FROM key_verifications_v1");
    let column = |name: &str| -> Vec<serde_json::Value> {
        let mut v: Vec<serde_json::Value> = single
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r[name].clone())
            .collect();
        v.sort_by_key(|x| x.to_string());
        v
    };
    let sorted = |v: &serde_json::Value| -> Vec<serde_json::Value> {
        let mut v = v.as_array().unwrap().clone();
        v.sort_by_key(|x| x.to_string());
        v
    };
    assert!(column("t")[0].as_str().unwrap().ends_with('Z'));
    let aggregated = &run(&s, "SELECT groupArray(fromUnixTimestamp64Milli(time)) AS t, groupArray(toDate(fromUnixTimestamp64Milli(time))) AS d, groupArray(time) AS ms FROM key_verifications_v1")[0];
    assert_eq!(sorted(&aggregated["t"]), column("t"));
    assert_eq!(sorted(&aggregated["d"]), column("d"));
    assert_eq!(sorted(&aggregated["ms"]), column("ms"));
    assert!(column("ms").iter().all(|m| m.is_i64()));
    let window = run(
        &s,
        "SELECT groupArray(fromUnixTimestamp64Milli(time)) OVER () AS w FROM key_verifications_v1",
    );
    for row in window.as_array().unwrap() {
        assert_eq!(sorted(&row["w"]), column("t"));
    }
    let through = &run(&s, "SELECT a, x FROM (SELECT groupArray(fromUnixTimestamp64Milli(time)) AS a FROM key_verifications_v1) ARRAY JOIN a AS x");
    let joined: serde_json::Value = through
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["x"].clone())
        .collect();
    assert_eq!(sorted(&joined), column("t"));
    assert_eq!(sorted(&through[0]["a"]), column("t"));
    let unnested = run(&s, "SELECT arrayJoin(a) AS x FROM (SELECT groupUniqArray(toDate(fromUnixTimestamp64Milli(time))) AS a FROM key_verifications_v1)");
    let mut days = column("d");
    days.dedup();
    assert_eq!(
        sorted(
            &unnested
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["x"].clone())
                .collect()
        ),
        days
    );
    let hours = &run(
        &s,
        "SELECT groupArray(time) AS h FROM key_verifications_per_hour_v1",
    )[0]["h"];
    assert!(
        hours
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h.as_str().unwrap().ends_with(":00:00Z")),
        "{hours}"
    );
    // A `Nullable` element, `NULL` where the row's is.
    assert_eq!(
        run(&s, "SELECT [if(spent_credits = 10, toDateTime('2026-01-02 03:04:05'), NULL)] AS a FROM key_verifications_v1 WHERE spent_credits >= 4 ORDER BY spent_credits"),
        json!([{"a": [null]}, {"a": ["2026-01-02T03:04:05Z"]}])
    );
    // Every µs digit of a `DateTime64(6)` (SQLite's JSON writes 15 significant digits, which
    // cut them from a time held in ms), also where `toString`, `arrayJoin` or `arrayFilter`
    // read the array.
    let us = "toDateTime64('2026-01-02 03:04:05.678901', 6)";
    assert_eq!(
        run(&s, &format!("SELECT [{us}, NULL] AS a, toString([{us}]) AS t, arrayFilter(x -> 1, [{us}]) AS f, groupUniqArray({us}) AS u FROM key_verifications_v1")),
        json!([{
            "a": ["2026-01-02T03:04:05.678901Z", null],
            "t": "['2026-01-02 03:04:05.678901']",
            "f": ["2026-01-02T03:04:05.678901Z"],
            "u": ["2026-01-02T03:04:05.678901Z"]
        }])
    );
    assert_eq!(
        run(
            &s,
            &format!("SELECT arrayJoin(groupArray({us})) AS x FROM key_verifications_v1 LIMIT 1")
        ),
        json!([{"x": "2026-01-02T03:04:05.678901Z"}])
    );
    // Of scale 7 to 9, to the ns (`Ty::Nanos`), also through a name or a subquery's column;
    // of arrays of them or mixed with another scale, not run.
    assert_eq!(
        run(&s, "SELECT [toDateTime64('2026-01-02 03:04:05.123456789', 9), NULL] AS a, [toDateTime64('2026-01-02 03:04:05.12345678', 8) + INTERVAL 1 DAY] AS b, groupArray(toDateTime64('2026-01-02 03:04:05.1234567', 7)) AS c, groupUniqArray(toDateTime64('1969-12-31 23:59:59.999999999', 9)) AS d FROM key_verifications_v1 WHERE spent_credits = 10"),
        json!([{
            "a": ["2026-01-02T03:04:05.123456789Z", null],
            "b": ["2026-01-03T03:04:05.12345678Z"],
            "c": ["2026-01-02T03:04:05.1234567Z"],
            "d": ["1969-12-31T23:59:59.999999999Z"]
        }])
    );
    assert_eq!(
        run(&s, "SELECT groupArray(toDateTime64('2026-01-02 03:04:05.123456789', 9)) AS a FROM key_verifications_v1 WHERE spent_credits = 10 HAVING length(a) > 0"),
        json!([{"a": ["2026-01-02T03:04:05.123456789Z"]}])
    );
    assert_eq!(
        run(&s, "SELECT a FROM (SELECT [toDateTime64('2026-01-02 03:04:05.123456789', 9)] AS a FROM key_verifications_v1 LIMIT 1)"),
        json!([{"a": ["2026-01-02T03:04:05.123456789Z"]}])
    );
    for query in [
        "SELECT [[toDateTime64('2026-01-02 03:04:05.123456789', 9)]] AS a FROM key_verifications_v1",
        "SELECT [toDateTime64('2026-01-02 03:04:05.123456789', 9), toDateTime64('2026-01-02 03:04:05.5', 3)] AS a FROM key_verifications_v1",
    ] {
        let (_, detail) = refused(&s, query);
        assert!(detail.starts_with("unkey-local does not run"), "{query}: {detail}");
    }
    // `[]` (`Array(Nothing)`) beside them takes their type; an array of numbers beside them
    // has no common type with them (NO_COMMON_TYPE, "Invalid analytics query"); one whose
    // elements are not told here, or of another depth, is not run.
    assert_eq!(
        run(
            &s,
            "SELECT coalesce([toDate('2026-01-02')], []) AS a FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"a": ["2026-01-02T00:00:00Z"]}])
    );
    assert_invalid(
        &s,
        "SELECT if(1, [toDate('2026-01-02')], [spent_credits]) AS a FROM key_verifications_v1",
    );
    for q in [
        "SELECT if(1, [toDate('2026-01-02')], [[toDate('2026-01-02')]]) AS a FROM key_verifications_v1",
        "SELECT if(1, [toDate('2026-01-02')], tags) AS a FROM key_verifications_v1",
    ] {
        let (_, detail) = refused(&s, q);
        assert!(detail.starts_with("unkey-local does not run"), "{q}: {detail}");
    }
}

/// `[INTERVAL 1 DAY, NULL]`: ClickHouse's `Array(Nullable(IntervalDay))` (src/DataTypes/
/// DataTypeInterval.h: `canBeInsideNullable` is true), which upstream's Go driver scans as a
/// `[]*string` (clickhouse-go v2.42.0 `lib/column/nullable.go` `Row`: `nil` for a `NULL`, else
/// the interval column's text, `lib/column/interval.go`), so the answer holds `null` beside
/// the intervals' texts in their common kind. It was ClickHouse's "no common type" here. Read
/// by anything but the answer it is not run.
#[test]
fn get_verifications__array_of_intervals_with_null() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT [INTERVAL 1 DAY, NULL] AS a, [NULL, INTERVAL 1 DAY, INTERVAL 2 HOUR] AS b FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": ["1 Day", null], "b": [null, "24 Hours", "2 Hours"]}])
    );
    for query in [
        "SELECT length([INTERVAL 1 DAY, NULL]) AS a FROM key_verifications_v1",
        "SELECT has([INTERVAL 1 DAY, NULL], INTERVAL 1 DAY) AS a FROM key_verifications_v1",
        "SELECT [INTERVAL 1 DAY, NULL][2] AS a FROM key_verifications_v1",
        "SELECT a FROM (SELECT [INTERVAL 1 DAY, NULL] AS a FROM key_verifications_v1)",
    ] {
        let (_, detail) = refused(&s, query);
        assert!(
            detail.starts_with("unkey-local does not run"),
            "{query}: {detail}"
        );
    }
    assert_invalid(
        &s,
        "SELECT [INTERVAL 1 DAY, 1] AS a FROM key_verifications_v1",
    );
}

/// `CAST(x AS T)`, `CAST(x, 'T')` and `x::T`: upstream's parser (AfterShip
/// clickhouse-sql-parser v0.4.18, checked with the audit's `walker`) builds a `CastExpr` or a
/// `::` operation whose type is an identifier, which validateFunctions does not check, and
/// re-prints each as written, so ClickHouse runs them. They convert as the `to…` functions do
/// (FunctionsConversion's `ConvertImpl`, shared by `CAST`), and ClickHouse's parser writes
/// every form as `CAST(x, 'T')`, a literal before `::` as the string of its text
/// (01852_cast_operator.reference: `0.1::Decimal(38, 38)` is `CAST('0.1', 'Decimal(38, 38)')`),
/// which names the column. `x::T(…)` is a `FunctionExpr` `T` to that parser: "Function
/// 'nullable' is not allowed". `CAST(NULL AS Int32)` is ClickHouse's "Cannot convert NULL
/// value to non-Nullable type", upstream's "Invalid analytics query".
#[test]
fn get_verifications__cast() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT CAST(spent_credits AS Int32), CAST(spent_credits, 'String'), spent_credits::Float64, CAST(spent_credits AS Nullable(Int64)) AS n FROM key_verifications_v1 WHERE spent_credits = 4"),
        json!([{
            "CAST(spent_credits, 'Int32')": 4,
            "CAST(spent_credits, 'String')": "4",
            "CAST(spent_credits, 'Float64')": 4,
            "n": 4
        }])
    );
    assert_eq!(
        run(&s, "SELECT 12::Int64, '2026-01-02'::Date, CAST('7' AS Int32) + 1, toString(CAST(1 AS Int32)), CAST(NULL AS Nullable(Int32)) AS z FROM key_verifications_v1 LIMIT 1"),
        json!([{
            "CAST('12', 'Int64')": 12,
            "CAST('2026-01-02', 'Date')": "2026-01-02T00:00:00Z",
            "plus(CAST('7', 'Int32'), 1)": 8,
            "toString(CAST(1, 'Int32'))": "1",
            "z": null
        }])
    );
    assert_eq!(
        run(&s, "SELECT CAST(quantile(0.5)(spent_credits) AS Int64) AS q, CAST(count() OVER () AS Int32) AS w FROM key_verifications_v1 GROUP BY key_id, spent_credits ORDER BY q LIMIT 1"),
        json!([{"q": 0, "w": 4}])
    );
    assert_eq!(
        run(&s, "SELECT sum(CAST(spent_credits AS Int64)) AS s, count()::String AS c, CAST(CAST(sum(spent_credits) AS String) AS Int32) AS r, (1 + 2)::Int32 AS p FROM key_verifications_v1"),
        json!([{"s": 15, "c": "4", "r": 15, "p": 3}])
    );
    assert_eq!(
        run(&s, "SELECT CAST('2026-03-04 05:06:07' AS DateTime) AS a, CAST('2026-03-04 05:06:07.123' AS DateTime64(3)) AS b, * FROM (SELECT CAST(spent_credits AS Int32) FROM key_verifications_v1 WHERE spent_credits = 10)"),
        json!([{"a": "2026-03-04T05:06:07Z", "b": "2026-03-04T05:06:07.123Z", "CAST(spent_credits, 'Int32')": 10}])
    );
    // `1.5::Int32` is `CAST('1.5', 'Int32')`: ClickHouse's "Cannot parse", as `toInt32('1.5')`.
    assert_eq!(
        refused(&s, "SELECT 1.5::Int32 AS x FROM key_verifications_v1"),
        (
            "invalid_analytics_query".into(),
            "Invalid SQL syntax".into()
        )
    );
    assert_invalid(
        &s,
        "SELECT CAST(NULL AS Int32) AS x FROM key_verifications_v1",
    );
    assert_eq!(
        refused(
            &s,
            "SELECT spent_credits::Nullable(Int32) FROM key_verifications_v1"
        ),
        (
            "invalid_analytics_function".into(),
            "Function 'nullable' is not allowed".into()
        )
    );
    assert_eq!(
        refused(
            &s,
            "SELECT spent_credits::DateTime64(3) FROM key_verifications_v1"
        ),
        (
            "invalid_analytics_function".into(),
            "Function 'datetime64' is not allowed".into()
        )
    );
    // Upstream's retention check (time_range.go extractTimestampFromExpr) takes a `CastExpr`
    // for now and does not evaluate a `::` operation (`::` binds tightest,
    // PrecedenceDoubleColon): neither bound is beyond retention there, while `toDateTime` of the
    // same date is.
    for query in [
        "SELECT count() AS n FROM key_verifications_v1 WHERE time > CAST('2020-01-01' AS DateTime)",
        "SELECT count() AS n FROM key_verifications_v1 WHERE time > '2020-01-01'::DateTime",
    ] {
        assert_eq!(run(&s, query), json!([{"n": 4}]), "{query}");
    }
    assert_beyond_retention(
        &s.call("analytics.getVerifications", json!({"query": "SELECT count() FROM key_verifications_v1 WHERE time > toDateTime('2020-01-01')"})),
        "30",
    );
    for (query, what) in [
        (
            "SELECT spent_credits::Tuple(a Int32) FROM key_verifications_v1",
            "x::Tuple(…)",
        ),
        // (ClickHouse's ParserCastOperator reads `(1)` before `::` as the string `'(1)'`.)
        (
            "SELECT (1)::Int32 FROM key_verifications_v1",
            "(literals)::T",
        ),
        (
            "SELECT CAST(spent_credits AS Array(Nullable(String))) FROM key_verifications_v1",
            "CAST to Array(Nullable(String))",
        ),
        (
            "SELECT CAST(spent_credits, 'Date32') FROM key_verifications_v1",
            "CAST to Date32",
        ),
        (
            "SELECT spent_credits::Decimal32 FROM key_verifications_v1",
            "::Decimal32",
        ),
    ] {
        assert_eq!(
            refused(&s, query).1,
            format!("unkey-local does not run {what} (the real server does); see the unkey-local README"),
            "{query}"
        );
    }
}

/// `CAST` to the integers of other widths and to `Bool`, and the types' SQL aliases. ClickHouse
/// converts an integer to another width keeping its low bits (03011_definitive_guide_to_cast:
/// `CAST(257 AS UInt8)` 1, `CAST(-1 AS UInt8)` 255, `CAST(-123 AS UInt8), CAST(1234 AS
/// UInt8)` 133 and 210, `CAST(-1 AS UInt64)` 18446744073709551615; `toUInt8(300)` 44), a
/// float toward zero (`CAST(1.9, 'Int64')` 1), and a number to `Bool` as whether it is not 0
/// (02179_bool_type: `toBool(-10000000000)` and `toBool(100000000000.0000001)` `true`,
/// `toBool(0)` `false`), answered as upstream's Go writes a `bool`. The aliases are
/// DataTypeFactory's (src/DataTypes/DataTypesNumber.cpp, DataTypeString.cpp; registered case
/// insensitive), and the column is named with the type as written (ParserDataType keeps the
/// name: `CAST(x, 'bigint')`). Not run here: what the machine makes of a float outside the
/// width, a string outside it (`CAST('1234' AS UInt8)` 210 but `CAST('-123' AS UInt8)`
/// CANNOT_PARSE_NUMBER there), a negative number to `UInt64` (past what SQLite holds) and a
/// `DateTime64` (a `Decimal`'s conversion, with its own range check).
#[test]
fn get_verifications__cast_widths() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT CAST(-1 AS UInt8) AS a, CAST(300 AS UInt8) AS b, CAST(257, 'UInt8') AS c, CAST(-123 AS UInt8) AS d, CAST(1234 AS UInt8) AS e, CAST(40000 AS Int16) AS f, CAST(200 AS Int8) AS g, CAST(-1 AS UInt32) AS h, CAST(4294967296 AS UInt16) AS i, CAST(5 AS UInt64) AS j, CAST(1.9 AS UInt8) AS k, CAST(-1.9 AS Int8) AS l, CAST('77' AS UInt8) AS m FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 255, "b": 44, "c": 1, "d": 133, "e": 210, "f": -25536, "g": -56, "h": 4294967295i64, "i": 0, "j": 5, "k": 1, "l": -1, "m": 77}])
    );
    assert_eq!(
        run(&s, "SELECT CAST(spent_credits AS Bool) AS b, CAST((spent_credits - 4) AS UInt8) AS u, spent_credits::Int8 FROM key_verifications_v1 ORDER BY spent_credits"),
        json!([
            {"b": false, "u": 252, "CAST(spent_credits, 'Int8')": 0},
            {"b": true, "u": 253, "CAST(spent_credits, 'Int8')": 1},
            {"b": true, "u": 0, "CAST(spent_credits, 'Int8')": 4},
            {"b": true, "u": 6, "CAST(spent_credits, 'Int8')": 10}
        ])
    );
    // The SQL aliases, named as written; `Nullable(…)` of them; a `Bool` of a float.
    assert_eq!(
        run(&s, "SELECT CAST(1 AS bigint), CAST(2 AS INT), CAST(3 AS varchar), CAST(4 AS Double), CAST(300 AS TinyInt), CAST(-1 AS year), CAST(0.5 AS boolean), CAST(7 AS Nullable(smallint)), CAST(8 AS VARCHAR(10)) FROM key_verifications_v1 LIMIT 1"),
        json!([{
            "CAST(1, 'bigint')": 1,
            "CAST(2, 'INT')": 2,
            "CAST(3, 'varchar')": "3",
            "CAST(4, 'Double')": 4,
            "CAST(300, 'TinyInt')": 44,
            "CAST(-1, 'year')": 65535,
            "CAST(0.5, 'boolean')": true,
            "CAST(7, 'Nullable(smallint)')": 7,
            "CAST(8, 'VARCHAR(10)')": "8"
        }])
    );
    // Types of several words (`INT UNSIGNED`, ClickHouse's `UInt32`) are upstream's syntax
    // error: its parser reads one name as the type and then the `)` (parseColumnCastExpr);
    // so is an operator in `x`, which it reads as one operand (parseColumnExpr) before `AS`
    // or `,` (these were answered): in parentheses it is one.
    for query in [
        "SELECT CAST(1 AS INT UNSIGNED) AS x FROM key_verifications_v1",
        "SELECT CAST(1 AS double precision) AS x FROM key_verifications_v1",
        "SELECT CAST(spent_credits - 4 AS UInt8) AS x FROM key_verifications_v1",
        "SELECT CAST(spent_credits + 1, 'Int32') AS x FROM key_verifications_v1",
        "SELECT CAST(-spent_credits AS Int64) AS x FROM key_verifications_v1",
        "SELECT CAST(spent_credits > 1 AS Bool) AS x FROM key_verifications_v1",
    ] {
        assert_eq!(refused(&s, query), syntax_error(query), "{query}");
    }
    // Its type is the width's: a `UInt8` beside a signed integer is an `Int16`, a `UInt64`
    // beside one none (getLeastSupertype: NO_COMMON_TYPE, "Invalid analytics query").
    assert_eq!(
        run(&s, "SELECT [CAST(255 AS UInt8), -1] AS a, if(1, CAST(1 AS Bool), 0) AS b FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": [255, -1], "b": 1}])
    );
    assert_invalid(
        &s,
        "SELECT [CAST(1 AS UInt64), -1] AS a FROM key_verifications_v1",
    );
    // A string no integer is ClickHouse's "Cannot parse", as `toInt64`'s.
    assert_eq!(
        refused(
            &s,
            "SELECT CAST('abc' AS UInt8) AS x FROM key_verifications_v1"
        ),
        (
            "invalid_analytics_query".into(),
            "Invalid SQL syntax".into()
        )
    );
    // A string to `Bool` is read as SerializationBool reads it (any case), else its "Cannot
    // parse boolean value", upstream's "Invalid SQL syntax" (a literal's while the query is
    // analysed, rows or not; a column's where a row has one).
    assert_eq!(
        run(&s, "SELECT CAST('yes' AS Bool) AS a, CAST('OFF' AS Bool) AS b, CAST(lower('Enabled') AS Bool) AS c, CAST('0' AS Bool) AS d FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": true, "b": false, "c": true, "d": false}])
    );
    for query in [
        "SELECT CAST(outcome AS Bool) AS x FROM key_verifications_v1",
        "SELECT CAST('nope' AS Bool) AS x FROM key_verifications_v1 WHERE outcome = 'NONE'",
    ] {
        assert_eq!(
            refused(&s, query),
            (
                "invalid_analytics_query".into(),
                "Invalid SQL syntax".into()
            ),
            "{query}"
        );
    }
    let not_run = "unkey-local does not run a CAST to UInt8, UInt16, UInt32, UInt64, Int8, Int16 or Bool of a time but a Date's or DateTime's number, or of a float or string outside the integer type's range (or negative, to UInt64) (the real server does); see the unkey-local README";
    for query in [
        "SELECT CAST(300.5 AS UInt8) AS x FROM key_verifications_v1",
        "SELECT CAST(toString(1234) AS UInt8) AS x FROM key_verifications_v1",
        // (A literal's while the query is analysed: no row needed.)
        "SELECT CAST('1234' AS UInt8) AS x FROM key_verifications_v1 WHERE outcome = 'NONE'",
        "SELECT CAST('-1' AS UInt8) AS x FROM key_verifications_v1 WHERE outcome = 'NONE'",
        "SELECT CAST(-1 AS UInt64) AS x FROM key_verifications_v1",
        "SELECT CAST(now64(3) AS UInt32) AS x FROM key_verifications_v1",
        "SELECT CAST(today() AS Bool) AS x FROM key_verifications_v1",
    ] {
        assert_eq!(refused(&s, query).1, not_run, "{query}");
    }
    // A zone whose offset is always 0 in the type is as none (every time here is UTC, and
    // upstream's Go writes such a time with `Z`), named with it; another is not run.
    assert_eq!(
        run(&s, "SELECT CAST('2026-03-04 05:06:07' AS DateTime('UTC')), CAST('2026-03-04 05:06:07.5' AS DateTime64(3, 'Etc/UTC')) AS b FROM key_verifications_v1 LIMIT 1"),
        json!([{"CAST('2026-03-04 05:06:07', 'DateTime(\\'UTC\\')')": "2026-03-04T05:06:07Z", "b": "2026-03-04T05:06:07.5Z"}])
    );
    assert_eq!(
        refused(&s, "SELECT CAST(now() AS DateTime('Europe/Berlin')) AS t FROM key_verifications_v1").1,
        "unkey-local does not run CAST to DateTime('Europe/Berlin') (the real server does); see the unkey-local README"
    );
    // A `Date` is its day number, a `DateTime` its seconds, kept to the width.
    assert_eq!(
        run(&s, "SELECT CAST(toDate('1970-01-11') AS UInt8) AS d, CAST(toDateTime('1970-01-01 00:05:00') AS UInt8) AS t FROM key_verifications_v1 LIMIT 1"),
        json!([{"d": 10, "t": 44}])
    );
}

/// `EXTRACT(unit FROM t)`: an `ExtractExpr` to upstream's parser (not checked by its function
/// validation, the audit's `walker`), ClickHouse's `toYear(t)`, `toMonth(t)`, …
/// (IntervalKind::toNameOfFunctionExtractTimePart), which names the column; of a number (the
/// raw `time`) their "Illegal type" error, "Invalid analytics query". `extract(s, pattern)`
/// is ClickHouse's regular expression function, not run here.
#[test]
fn get_verifications__extract() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT EXTRACT(YEAR FROM t), EXTRACT(quarter FROM t), EXTRACT(MONTH FROM t), EXTRACT(DAY FROM t), EXTRACT(HOUR FROM t), EXTRACT(MINUTE FROM t), EXTRACT(SECOND FROM t) FROM (SELECT toDateTime('2026-08-09 13:45:30') AS t FROM key_verifications_v1 LIMIT 1)"),
        json!([{
            "toYear(t)": 2026, "toQuarter(t)": 3, "toMonth(t)": 8, "toDayOfMonth(t)": 9,
            "toHour(t)": 13, "toMinute(t)": 45, "toSecond(t)": 30
        }])
    );
    assert_eq!(
        run(&s, "SELECT EXTRACT(DAY FROM toDate('2026-08-09')) AS d, count() AS n FROM key_verifications_v1 WHERE EXTRACT(YEAR FROM fromUnixTimestamp64Milli(time)) > 2000 GROUP BY d"),
        json!([{"d": 9, "n": 4}])
    );
    assert_invalid(
        &s,
        "SELECT EXTRACT(DAY FROM time) AS d FROM key_verifications_v1",
    );
    assert_eq!(
        refused(&s, "SELECT extract(outcome, 'V') FROM key_verifications_v1").1,
        "unkey-local does not run extract(haystack, pattern) (a regular expression) (the real server does); see the unkey-local README"
    );
    // `EXTRACT(WEEK FROM t)`: upstream's parser takes `WEEK` (its intervalUnits) and passes it
    // on; 25.6's parser throws SYNTAX_ERROR there (src/Common/IntervalKind.cpp
    // toNameOfFunctionExtractTimePart: "The syntax 'EXTRACT(WEEK FROM date)' is not supported,
    // cannot extract the number of a week"; `toISOWeek` only from ClickHouse PR #100274, 2026),
    // which upstream's ExtractUserFriendlyError words "Invalid analytics query". It comes after
    // upstream's own checks: its function list, its retention check.
    assert_invalid(
        &s,
        "SELECT EXTRACT(WEEK FROM now()) AS w FROM key_verifications_v1",
    );
    assert_eq!(
        refused(
            &s,
            "SELECT EXTRACT(WEEK FROM now()) AS w, foo(1) AS f FROM key_verifications_v1"
        ),
        (
            "invalid_analytics_function".into(),
            "Function 'foo' is not allowed".into()
        )
    );
    assert_beyond_retention(
        &s.call("analytics.getVerifications", json!({"query": "SELECT EXTRACT(WEEK FROM now()) FROM key_verifications_v1 WHERE time > toDateTime('2020-01-01')"})),
        "30",
    );
}

/// A ClickHouse error's text read by upstream's error mapping: WrapClickHouseError
/// (pkg/clickhouse/errors.go) answers a resource error where the lowercased text holds one of
/// resourceLimitPatterns, before reading the error's kind, and ClickHouse's analyzer names the
/// scope of an unknown identifier, the query as it formats it
/// (03096_text_log_format_string_args_not_empty.sh: "Unknown {}{} identifier {}{}. In scope {}"
/// with `SELECT unknown_identifier`). So an unknown identifier in a query of one `SELECT` whose
/// name or alias holds `quota` is the 429 `query_quota_exceeded`, one holding `memory` or
/// `max bytes` a 422 (words of two different errors: Go's map order picks at random, so not
/// run here). Where the word is in a string (which the analyzer may fold into another constant),
/// or the error is another (a type error's text, a subquery's scope), it is not run; a
/// comment is not written back by upstream's parser, and a query that runs answers as ever.
#[test]
fn get_verifications__resource_words_in_clickhouse_errors() {
    let (s, _, _) = recorded();
    let answer = |query: &str| {
        let r = s.call("analytics.getVerifications", json!({"query": query}));
        let e = &r.json()["error"];
        (
            r.status,
            e["type"]
                .as_str()
                .unwrap_or_default()
                .trim_start_matches("https://unkey.com/docs/errors/user/")
                .to_string(),
            e["detail"].as_str().unwrap_or_default().to_string(),
        )
    };
    let quota = (
        429,
        "too_many_requests/query_quota_exceeded".to_string(),
        "Query quota exceeded for the current time window. Please try again later.".to_string(),
    );
    let memory = (
        422,
        "unprocessable_entity/query_memory_limit_exceeded".to_string(),
        "Query memory limit exceeded. Try simplifying your query or reducing the result set size."
            .to_string(),
    );
    assert_eq!(
        answer("SELECT count() AS quota_used, nope FROM key_verifications_v1"),
        quota
    );
    assert_eq!(
        answer("SELECT count() AS n FROM key_verifications_v1 WHERE QUOTA > 1"),
        quota
    );
    assert_eq!(answer("SELECT memory FROM key_verifications_v1"), memory);
    assert_eq!(
        answer("SELECT count() AS `max bytes`, nope FROM key_verifications_v1"),
        (
            422,
            "unprocessable_entity/query_memory_limit_exceeded".to_string(),
            "Query result exceeds the maximum response size.".to_string()
        )
    );
    let not_run = "unkey-local does not run an error of ClickHouse's whose text may quote words of the query that upstream's error mapping reads (`quota`, `memory`, `syntax error`, …) (the real server does); see the unkey-local README";
    for query in [
        "SELECT 'quota', nope FROM key_verifications_v1",
        "SELECT n FROM (SELECT count() AS quota_used, nope FROM key_verifications_v1)",
        "SELECT outcome + 1 AS quota FROM key_verifications_v1",
        "SELECT count() AS quota, nope FROM key_verifications_v1 AS a JOIN key_verifications_v1 AS b ON a.key_id = b.key_id",
        "SELECT 'unknown function' AS x, outcome + 1 FROM key_verifications_v1",
        "SELECT count() AS quota_used, 'no matching signature', nope FROM key_verifications_v1",
        // Words of two different errors: errors.go ranges over its resourceLimitPatterns
        // map, whose order Go draws at random, so either may be answered.
        "SELECT count() AS quota, nope AS used_memory FROM key_verifications_v1",
        "SELECT count() AS quota_used, sum(x) AS memory_used FROM key_verifications_v1 WHERE nosuchcol = 1",
        "SELECT count() AS `max bytes`, 1 AS memory, nope FROM key_verifications_v1",
    ] {
        assert_eq!(refused(&s, query).1, not_run, "{query}");
    }
    assert_eq!(
        refused(&s, "SELECT nope -- quota\n FROM key_verifications_v1"),
        (
            "invalid_analytics_query".into(),
            "Unknown identifier in analytics query".into()
        )
    );
    assert_eq!(
        run(
            &s,
            "SELECT count() AS quota_used FROM key_verifications_v1 WHERE outcome != 'memory'"
        ),
        json!([{"quota_used": 4}])
    );
    assert_eq!(
        refused(
            &s,
            "SELECT count() AS quota FROM key_verifications_v1 SETTINGS max_memory_usage = 1"
        )
        .1,
        "SETTINGS clauses are not allowed"
    );
    // (A syntax error of upstream's own parser never reaches ClickHouse.)
    assert_eq!(
        refused(
            &s,
            "SELECT count() AS quota FROM key_verifications_v1 ORDER BY quota NULLS FIRST"
        ),
        syntax_error(
            "SELECT count() AS quota FROM key_verifications_v1 ORDER BY quota NULLS FIRST"
        )
    );
}

/// `x GLOBAL IN (…)`: upstream's parser takes it (AfterShip's parseInfix: a BinaryOperation
/// "GLOBAL IN", written back as written, the audit's `apparse`) and ClickHouse's makes it
/// `globalIn(x, …)` (ExpressionListParsers.cpp operators_table), which over a table that is
/// not distributed answers `in`'s rows (01585_use_index_for_global_in.sql: `i global in
/// (select …)` over a MergeTree answers as `in`), named `globalIn`. `GLOBAL NOT IN` is
/// upstream's own syntax error (parseInfix: "expected IN after GLOBAL").
#[test]
fn get_verifications__global_in() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits global IN (1, 4) AND key_id GLOBAL in (SELECT key_id FROM key_verifications_v1 WHERE spent_credits = 10)"),
        json!([{"n": 2}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits GLOBAL IN (1, 4), spent_credits IN (1, 4), spent_credits NOT IN (1) FROM key_verifications_v1 WHERE spent_credits = 4"),
        json!([{
            "globalIn(spent_credits, (1, 4))": 1,
            "in(spent_credits, (1, 4))": 1,
            "notIn(spent_credits, 1)": 1
        }])
    );
    assert_eq!(
        refused(
            &s,
            "SELECT count() FROM key_verifications_v1 WHERE outcome GLOBAL NOT IN ('VALID')"
        ),
        syntax_error(
            "SELECT count() FROM key_verifications_v1 WHERE outcome GLOBAL NOT IN ('VALID')"
        )
    );
}

/// `FROM t SAMPLE k [OFFSET m]` and `FINAL`: upstream's parser takes them after a source
/// (AfterShip's parseTableExpr and parseJoinTableExpr, written back as written, `FINAL`
/// first) and ClickHouse's analyzer checks each table expression's modifiers once it is
/// resolved, before the select list (QueryAnalyzer::resolveQueryJoinTreeNode,
/// validateTableExpressionModifiers): SAMPLING_NOT_SUPPORTED for a table without a sampling key
/// (upstream's have no `SAMPLE BY`), ILLEGAL_FINAL for a raw table (a plain MergeTree; a
/// rollup is read merged), UNSUPPORTED_METHOD for a subquery or a CTE; WrapClickHouseError
/// words each "Invalid analytics query", so before an unknown identifier of the select list.
/// Of another source (a subquery's or CTE's own columns, or the select list before an `IN`'s
/// subquery, are resolved first) it is not run.
#[test]
fn get_verifications__sample_and_final() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT count() FROM key_verifications_v1 SAMPLE 0.1",
        "SELECT count() FROM key_verifications_v1 AS v SAMPLE 1/10 OFFSET 1/2",
        "SELECT sum(count) FROM key_verifications_per_day_v1 d SAMPLE 10 WHERE outcome = 'VALID'",
        "SELECT sum(count) FROM key_verifications_per_day_v1 FINAL SAMPLE 0.1",
        "SELECT count(), nope FROM key_verifications_v1 SAMPLE 0.1",
        "SELECT count(), nope FROM key_verifications_v1 FINAL",
        "SELECT count() FROM key_verifications_v1 AS v FINAL SAMPLE 1/2",
    ] {
        assert_invalid(&s, query);
    }
    for query in [
        "SELECT count() FROM key_verifications_v1 WHERE key_id IN (SELECT key_id FROM key_verifications_v1 SAMPLE 0.5)",
        "SELECT count() FROM (SELECT * FROM key_verifications_v1) SAMPLE 0.1",
        "WITH c AS (SELECT * FROM key_verifications_v1) SELECT count() FROM c FINAL",
        "SELECT count() FROM key_verifications_v1 AS a JOIN key_verifications_v1 AS b SAMPLE 0.5 ON a.key_id = b.key_id",
    ] {
        assert_eq!(
            refused(&s, query).1,
            "unkey-local does not run SAMPLE or FINAL of a subquery, a CTE or a source other than the first of the outermost FROM (the real server does); see the unkey-local README",
            "{query}"
        );
    }
    assert_eq!(
        run(
            &s,
            "SELECT n FROM (SELECT sum(count) AS n FROM key_verifications_per_day_v1 AS d FINAL)"
        ),
        json!([{"n": 4}])
    );
}

/// `IN` whose right side is not a list in parentheses, an array literal or a subquery:
/// upstream's validateSetOperands (validation.go, before its table rewriting), 400
/// `invalid_analytics_query` "Table-backed IN expressions are not supported; use a literal
/// list or a subquery" (a name, a CTE's, a string, a number, a call such as `tuple(…)`; its
/// parser re-prints each as written, the audit's `apparse`). An array literal is run by
/// ClickHouse as the list of its elements (02370_analyzer_in_function.sql), and so here.
#[test]
fn get_verifications__table_backed_in() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT count() FROM key_verifications_v1 WHERE 'path=/a' IN tags",
        "SELECT count() FROM key_verifications_v1 WHERE outcome IN 'VALID'",
        "SELECT count() FROM key_verifications_v1 WHERE outcome NOT IN 'VALID'",
        "SELECT count() FROM key_verifications_v1 WHERE outcome GLOBAL IN 'VALID'",
        "WITH top AS (SELECT key_id FROM key_verifications_v1) SELECT count() FROM key_verifications_v1 WHERE key_id IN top",
        "SELECT count() FROM key_verifications_v1 WHERE outcome IN tuple('VALID')",
        "SELECT count() FROM key_verifications_v1 WHERE 1 IN 1",
    ] {
        assert_eq!(
            refused(&s, query),
            (
                "invalid_analytics_query".into(),
                "Table-backed IN expressions are not supported; use a literal list or a subquery".into()
            ),
            "{query}"
        );
    }
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits IN (1, 4) AND key_id IN (SELECT key_id FROM key_verifications_v1)"),
        json!([{"n": 2}])
    );
    // An array literal: the set of its elements (02370_analyzer_in_function.sql: `1 IN [1]`
    // and `1 IN [1, 2]` are 1, `1 IN [0]` 0), named as the array (`in(x, [1, 2])`); of
    // literals of one kind only here.
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits IN [1, 4, 7] AND outcome NOT IN ['DISABLED']"),
        json!([{"n": 2}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits IN [4], spent_credits NOT IN [4, 5] FROM key_verifications_v1 WHERE spent_credits = 4"),
        json!([{"in(spent_credits, [4])": 1, "notIn(spent_credits, [4, 5])": 0}])
    );
    // (Its strings beside a time are read as the list's are.)
    assert_eq!(
        run(&s, "SELECT toDate('2026-12-07') IN ['2026-12-07', '2020-01-01'] AS a, toDate('2026-12-07') IN ['2026-12-08'] AS b FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 1, "b": 0}])
    );
    // The array takes its elements' common type first (src/Analyzer/SetUtils.cpp
    // getSetElementsForConstantValue reads the constant array; getLeastSupertype), then the set
    // is built of them as of a list's, so expressions are taken as a list's are; `[]`
    // (`Array(Nothing)`) is the empty set: 0, `NOT IN` 1.
    assert_eq!(
        run(&s, "SELECT count() AS n, countIf(spent_credits NOT IN []) AS m, countIf(spent_credits IN [2 + 2, toInt32('10')]) AS k, countIf(toDate(fromUnixTimestamp64Milli(time)) IN [today(), today() - 1]) AS d FROM key_verifications_v1 WHERE outcome NOT IN [] AND key_id NOT IN [lower('X')]"),
        json!([{"n": 4, "m": 4, "k": 2, "d": 4}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE outcome IN []"
        ),
        json!([{"n": 0}])
    );
    // Elements without a common type (a string and a number: "some of them are String and
    // some of them are not"), and a list that reads a column (not constant), are ClickHouse's
    // errors, upstream's "Invalid analytics query".
    for query in [
        "SELECT count() FROM key_verifications_v1 WHERE outcome IN ['VALID', 1]",
        "SELECT count() FROM key_verifications_v1 WHERE spent_credits IN [1, today()]",
        "SELECT count() FROM key_verifications_v1 WHERE outcome IN [key_id]",
    ] {
        assert_invalid(&s, query);
    }
    // Tuples in it: a tuple on the left of one more level than the array's elements takes
    // them as its set (SetUtils.cpp getSetElementsForConstantValue: `lhs_type_depth + 1 ==
    // rhs_type_depth`, createBlockFromCollection of the array as of a tuple of tuples); a
    // parenthesized element is that element. `NULL`s in it: see
    // `get_verifications__in_null`.
    assert_eq!(
        run(&s, "SELECT countIf((outcome, spent_credits) IN [('VALID', 4), ('VALID', 10)]) AS a, countIf((outcome, spent_credits) IN [('VALID', 4)]) AS b, countIf((outcome, spent_credits) NOT IN [('VALID', 4)]) AS c, countIf(spent_credits IN [(1 + 3)]) AS d FROM key_verifications_v1"),
        json!([{"a": 2, "b": 1, "c": 3, "d": 1}])
    );
    // Arrays in it: a set of arrays, beside an array (one more level), as a list's.
    assert_eq!(
        run(&s, "SELECT countIf(tags IN [['t1'], []]) AS a, countIf(tags NOT IN [['t1', 't2']]) AS b, countIf([1, 2] IN [[1, 2], [3]]) AS c FROM key_verifications_v1"),
        json!([{"a": 2, "b": 3, "c": 4}])
    );
    assert_invalid(
        &s,
        "SELECT count() FROM key_verifications_v1 WHERE 1 IN [[1]]",
    );
    // Parentheses that only group inside an element (no `,` of their own) hold its value, as
    // ClickHouse's parser reads them: `((1))` is 1, `((('VALID')), 10)` the tuple `('VALID',
    // 10)`. (These were refused as not run before.)
    assert_eq!(
        run(&s, "SELECT countIf(spent_credits IN [((1))]) AS a, countIf(spent_credits IN [((1 + 3) * 1), 10]) AS b, countIf(spent_credits NOT IN [((4))]) AS c, countIf((outcome, spent_credits) IN [('VALID', (4)), ((('VALID')), 10)]) AS d FROM key_verifications_v1"),
        json!([{"a": 1, "b": 2, "c": 3, "d": 2}])
    );
    // Arrays in its tuples, tuples of tuples (also in parentheses), a subquery and a `NULL`
    // inside an element are not run here.
    for query in [
        "SELECT count() FROM key_verifications_v1 WHERE tags IN [[[NULL]]]",
        "SELECT count() FROM key_verifications_v1 WHERE (tags, 1) IN [(['t1', NULL], 1)]",
        "SELECT count() FROM key_verifications_v1 WHERE (outcome, (spent_credits, 1)) IN [('VALID', (4, 1))]",
        "SELECT count() FROM key_verifications_v1 WHERE spent_credits IN [if(spent_credits > 1, 1, NULL)]",
        "SELECT count() FROM key_verifications_v1 WHERE spent_credits IN [((1, 2))]",
        "SELECT count() FROM key_verifications_v1 WHERE spent_credits IN [((NULL))]",
        "SELECT count() FROM key_verifications_v1 WHERE spent_credits IN [((SELECT 1))]",
    ] {
        assert_eq!(
            refused(&s, query).1,
            "unkey-local does not run x IN [array literal] with tuples of tuples (also in parentheses), subqueries or NULL inside an element in it (but an array's own NULL beside an array) (the real server does); see the unkey-local README",
            "{query}"
        );
    }
}

/// An array built by the query (`groupArray`, `groupUniqArray`, `arrayFilter`) equals an
/// array literal or column of the same elements, in a comparison and in `IN` (ClickHouse
/// compares arrays element by element, IColumnArray's compareAt, and a set of arrays holds
/// their values). Here such an array is held with a mark the others do not carry, which made
/// every such equality 0 (`!=` 1) before.
#[test]
fn get_verifications__built_arrays_equal_literals() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT groupUniqArray(outcome) = ['VALID'] AS a, groupUniqArray(outcome) != ['VALID'] AS b, ['VALID'] = groupUniqArray(outcome) AS c, groupUniqArray(outcome) IN (['VALID'], ['X']) AS d, groupUniqArray(outcome) NOT IN (['VALID']) AS e, groupUniqArray(outcome) IN (SELECT ['VALID']) AS f FROM key_verifications_v1"),
        json!([{"a": 1, "b": 0, "c": 1, "d": 1, "e": 0, "f": 1}])
    );
    assert_eq!(
        run(&s, "SELECT countIf(arrayFilter(x -> 1, tags) = tags) AS a, countIf(arrayFilter(x -> x != 't2', tags) = ['t1']) AS b, countIf(arrayFilter(x -> x != 't2', tags) IN (['t1'], [])) AS c, countIf(tags IN (SELECT arrayFilter(x -> x = 't1', ['t1', 't2']))) AS d FROM key_verifications_v1"),
        json!([{"a": 4, "b": 2, "c": 4, "d": 1}])
    );
    // (An array against a set of other than array literals is not run.)
    assert_eq!(
        refused(&s, "SELECT count() FROM key_verifications_v1 WHERE tags IN (arrayFilter(x -> 1, ['t1']), ['t2'])").1,
        "unkey-local does not run an array IN a set of other than array literals (the real server does); see the unkey-local README"
    );
}

/// The set of an `IN` list as ClickHouse shapes it (src/Analyzer/SetUtils.cpp
/// getSetElementsForConstantValue): a list of the left side's depth is one element, "(1, 2)
/// in (1, 2)", and of one more its elements, "(1, 2) in ((1, 2), (3, 4))". Upstream's parser
/// writes `((1, 2))` back as it is (clickhouse-sql-parser v0.4.18 ParamExprList.String), the
/// tuple `(1, 2)` in parentheses to ClickHouse: of elements for a value on the left, one
/// element for a tuple. SQLite reads neither `(a, b) IN (1, 2)` nor `1 IN ((1, 2))` (its
/// "row value misused"), which answered "Invalid analytics query" here before.
#[test]
fn get_verifications__in_set_shape() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT (1, 2) IN (1, 2) AS a, (1, 2) NOT IN (1, 2) AS b, (1, 3) IN (1, 2) AS c, (1, 2) IN ((1, 2)) AS d, (1, 2) IN ((1, 2), (3, 4)) AS e, 1 IN ((1, 2)) AS f, 3 IN ((1, 2)) AS g, 2 NOT IN ((1, NULL)) AS h, 1 IN (((1, 2))) AS i FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 1, "b": 0, "c": 0, "d": 1, "e": 1, "f": 1, "g": 0, "h": 1, "i": 1}])
    );
    assert_eq!(
        run(&s, "SELECT countIf((outcome, spent_credits) IN ('VALID', 4)) AS a, countIf((outcome, spent_credits) NOT IN ('VALID', 4)) AS b, countIf(spent_credits IN ((4, 10))) AS c FROM key_verifications_v1"),
        json!([{"a": 1, "b": 3, "c": 2}])
    );
    // So also of arrays: one array literal in the list beside a value is its elements (`1 IN
    // ([1, 2])`, the array `[1, 2]` in parentheses, its common type first), a list of arrays
    // beside an array its elements; sides of depths neither equal nor one apart are
    // ILLEGAL_TYPE_OF_ARGUMENT ("Unsupported types for IN"), upstream's "Invalid analytics
    // query" (these answered 0 here before).
    assert_eq!(
        run(&s, "SELECT 1 IN ([1, 2]) AS a, 3 IN ([1, 2]) AS b, 1 IN ([]) AS c, 2 NOT IN ([1, NULL]) AS d, 'VALID' IN (['VALID', 'X']) AS e FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 1, "b": 0, "c": 0, "d": 1, "e": 1}])
    );
    assert_eq!(
        run(&s, "SELECT countIf(tags IN (['t1'], ['t2'])) AS a, countIf(tags IN ([])) AS b, countIf(tags IN (['t1', 't2'])) AS c FROM key_verifications_v1"),
        json!([{"a": 2, "b": 1, "c": 1}])
    );
    for query in [
        "SELECT count() FROM key_verifications_v1 WHERE 1 IN ([1], [2])",
        "SELECT count() FROM key_verifications_v1 WHERE tags IN ('t1')",
        "SELECT count() FROM key_verifications_v1 WHERE 1 IN (['a', 1])",
    ] {
        assert_invalid(&s, query);
    }
    // (An array beside an array literal or a tuple of its own depth, `tags IN ['t1']`,
    // `tags IN ('t1', 't2')`: see `get_verifications__in_one_array`.)
    // (A tuple as an element of the set beside an array is TYPE_MISMATCH, convertFieldToType
    // making no array of a tuple, "Invalid analytics query"; one parenthesized tuple of
    // arrays is its arrays.)
    for query in [
        "SELECT count() FROM key_verifications_v1 WHERE tags IN (('t1', 't2'), ('t3', 't4'))",
        "SELECT count() FROM key_verifications_v1 WHERE tags IN [('t1', 't2')]",
        "SELECT count() FROM key_verifications_v1 WHERE tags IN (('t1', 't2'))",
        "SELECT count() FROM key_verifications_v1 WHERE tags IN ((('t1', 't2'), ('t3', 't4')))",
        "SELECT count() FROM key_verifications_v1 WHERE tags IN (['t1'], ('t3', 't4'))",
    ] {
        assert_invalid(&s, query);
    }
    assert_eq!(
        run(
            &s,
            "SELECT countIf(tags IN ((['t1'], ['t2']))) AS a FROM key_verifications_v1"
        ),
        json!([{"a": 2}])
    );
    // (Its one tuple holding a `NULL` is no element: the set of none, 0 (`NOT IN` 1).)
    assert_eq!(
        run(&s, "SELECT countIf((outcome, spent_credits) IN ('VALID', NULL)) AS a, countIf((outcome, spent_credits) NOT IN ('VALID', NULL)) AS b FROM key_verifications_v1"),
        json!([{"a": 0, "b": 4}])
    );
}

/// A tuple holding a tuple on the left of `IN`: ClickHouse's set takes it
/// (tests/queries/0_stateless/00626_in_syntax: `((1, 2), (3, 4)) in ((1, 2), (3, 4))` and `in
/// (((1, 2), (3, 4)), ((5, 6), (7, 8)))` are 1), where SQLite's row values do not nest: these
/// answered "Invalid analytics query" here, and are refused as not run. (Sides whose depths
/// are neither equal nor one apart stay ClickHouse's error.)
#[test]
fn get_verifications__in_nested_tuples_not_run() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT (1, (2, 3)) IN ((1, (2, 3)), (2, (3, 4))) AS a FROM key_verifications_v1 LIMIT 1",
        "SELECT ((1, 2), (3, 4)) IN ((1, 2), (3, 4)) AS a FROM key_verifications_v1 LIMIT 1",
        "SELECT countIf((outcome, (spent_credits, 1)) NOT IN (('VALID', (4, 1)), ('VALID', (10, 2)))) AS a FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query),
            (
                "invalid_analytics_query".into(),
                "unkey-local does not run a tuple holding a tuple on the left of IN (the real server does); see the unkey-local README".into()
            ),
            "{query}"
        );
    }
    assert_invalid(
        &s,
        "SELECT (1, 2) IN (((1, 2), (1, 2)), ((1, 2), (1, 2))) AS a FROM key_verifications_v1 LIMIT 1",
    );
}

/// An array beside an array literal of its own depth: ClickHouse's set is that one array
/// (src/Analyzer/SetUtils.cpp getSetElementsForConstantValue, `lhs_type_depth ==
/// rhs_type_depth`, "1 in 1"), its value converted to the left side's type
/// (convertFieldToTypeStrict), so `tags IN ['t1']` is `tags = ['t1']` and `tags IN []` is
/// `tags = []` (the rows' tags are `['t1']`, `['t2']`, `[]` and `['t1', 't2']`). Beside a
/// tuple of its depth, `tags IN ('t1', 't2')`, the set is that one tuple, which
/// convertFieldToType cannot convert to an array type (TYPE_MISMATCH "Type mismatch in IN or
/// VALUES section"), upstream's "Invalid analytics query". These were refused as not run
/// before.
#[test]
fn get_verifications__in_one_array() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT countIf(tags IN ['t1']) AS a, countIf(tags NOT IN []) AS b, countIf(tags IN []) AS c, countIf(tags IN ['t1', 't2']) AS d, countIf(tags NOT IN ['t2']) AS e, countIf(tags IN ['t2', 't1']) AS f FROM key_verifications_v1"),
        json!([{"a": 1, "b": 3, "c": 1, "d": 1, "e": 3, "f": 0}])
    );
    assert_eq!(
        run(&s, "SELECT [1, 2] IN [1, 2] AS a, [1, 2] IN [2, 1] AS b, [toInt64(1)] NOT IN [1] AS c, [toInt32(1)] IN [1] AS d, [toInt32(1)] IN [3000000000] AS e FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 1, "b": 0, "c": 0, "d": 1, "e": 0}])
    );
    for query in [
        "SELECT count() FROM key_verifications_v1 WHERE tags IN ('t1', 't2')",
        "SELECT count() FROM key_verifications_v1 WHERE tags NOT IN ('t1', 't2')",
        "SELECT count() FROM key_verifications_v1 WHERE tags IN ('t1', ['t2'])",
    ] {
        assert_invalid(&s, query);
    }
    // Elements the conversion changes or drops (a string beside numbers, a float, a `NULL`
    // making the whole array unconvertible) and arrays of arrays are not run.
    for query in [
        "SELECT count() FROM key_verifications_v1 WHERE tags IN [1]",
        "SELECT count() FROM key_verifications_v1 WHERE tags IN ['t1', NULL]",
        "SELECT count() FROM key_verifications_v1 WHERE [1.5] IN [1.5]",
        "SELECT count() FROM key_verifications_v1 WHERE [tags] IN [['t1']]",
    ] {
        assert_eq!(
            refused(&s, query).1,
            "unkey-local does not run x IN [array literal] of the left array's depth (the set of that one array) other than of strings beside strings or integers beside integers, one level deep, without NULL (the real server does); see the unkey-local README",
            "{query}"
        );
    }
}

/// An array beside a set of arrays: ClickHouse converts each array of the set to the left
/// side's type (getSetElementsForConstantValue, convertFieldToTypeStrict), so `[1, 2] IN [[1.0,
/// 2]]` is 1 and `tags IN [[1]]` seeks `['1']`; here the arrays are compared as they are,
/// which answered 0 for the first. Arrays of another kind of element than the left's are
/// refused as not run; integers of other widths, the same kind, and `[]` are answered.
#[test]
fn get_verifications__in_arrays_converted() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT [1, 2] IN [[toInt64(1), 2]] AS a, [0.5] IN [[0.5]] AS b, [toDate('2026-01-01')] IN [[toDate('2026-01-01')]] AS c FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 1, "b": 1, "c": 1}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT countIf(tags IN [[], ['t1']]) AS a FROM key_verifications_v1"
        ),
        json!([{"a": 2}])
    );
    for query in [
        "SELECT [1, 2] IN [[1.0, 2]] AS a FROM key_verifications_v1",
        "SELECT count() FROM key_verifications_v1 WHERE tags IN [[1]]",
        "SELECT count() FROM key_verifications_v1 WHERE tags IN (['t1'], [1])",
        "SELECT [toDate('2026-01-01')] IN [['2026-01-01']] AS a FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query).1,
            "unkey-local does not run an array IN a set of arrays of elements of another kind than the left array's (converted to its type, convertFieldToTypeStrict) (the real server does); see the unkey-local README",
            "{query}"
        );
    }
}

/// An array of the set holding a `NULL` of its own, beside an array whose elements are not
/// `Nullable` (`tags`): ClickHouse converts it to the left side's type, `Array(String)`, where
/// its `NULL` has no value, so convertFieldToType answers `Null` for the whole array
/// ("have_unconvertible_element") and createBlockFromCollection leaves it out of the set:
/// `tags IN [['t1', NULL], ['t2']]` is `tags IN [['t2']]`, and `tags IN [[NULL]]` the empty
/// set (0, `NOT IN` 1). (The rows' tags are `['t1']`, `['t2']`, `[]` and `['t1', 't2']`.) A
/// `NULL` deeper in it, in a call, or beside an array of `Nullable` elements stays refused.
#[test]
fn get_verifications__in_arrays_holding_null() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT countIf(tags IN [[NULL]]) AS a, countIf(tags NOT IN [[NULL]]) AS b, countIf(tags IN [['t1', NULL], ['t2']]) AS c, countIf(tags NOT IN [['t1', NULL], ['t2']]) AS d, countIf(tags IN [[NULL, 't1'], ['t1']]) AS e, countIf(tags IN (['t1', NULL], ['t2'])) AS f FROM key_verifications_v1"),
        json!([{"a": 0, "b": 4, "c": 1, "d": 3, "e": 1, "f": 1}])
    );
    assert_invalid(
        &s,
        "SELECT count() FROM key_verifications_v1 WHERE 1 IN [[NULL]]",
    );
    assert_eq!(
        refused(&s, "SELECT countIf(x IN [['a', NULL]]) AS a FROM (SELECT ['a', NULL] AS x FROM key_verifications_v1)").1,
        "unkey-local does not run x IN [array literal] with a NULL inside an array in it but beside an array of elements that are not Nullable (the real server does); see the unkey-local README"
    );
    for query in [
        "SELECT count() FROM key_verifications_v1 WHERE tags IN [[[NULL]]]",
        "SELECT count() FROM key_verifications_v1 WHERE tags IN [[if(1, NULL, 't1')]]",
        "SELECT count() FROM key_verifications_v1 WHERE [tags] IN [[['t1', NULL]]]",
    ] {
        assert_eq!(
            refused(&s, query).1,
            "unkey-local does not run x IN [array literal] with tuples of tuples (also in parentheses), subqueries or NULL inside an element in it (but an array's own NULL beside an array) (the real server does); see the unkey-local README",
            "{query}"
        );
    }
}

/// Arrays in the tuples of an `IN` array literal, beside a tuple on the left: the set of
/// those tuples, as of a list's (getSetElementsForConstantValue, createBlockFromCollection of
/// the array's tuples, each element converted to the left's). (The rows' tags and credits are
/// `['t1']` 1, `['t1', 't2']` 4, `[]` 10 and `['t2']` 0.) An array of another kind of element
/// than the left's, which ClickHouse converts, and a left array built by the query (compared
/// here as its text, which carries a mark: `(groupUniqArray(outcome), 1) IN ((['VALID'], 1))`
/// answered 0 where ClickHouse answers 1) are refused as not run, in a list too.
#[test]
fn get_verifications__in_tuples_holding_arrays() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT countIf((tags, 1) IN [(['t1'], 1), (['t2'], 1)]) AS a, countIf((tags, spent_credits) NOT IN [(['t1'], 1), (['t2'], 4)]) AS b, countIf((outcome, tags) IN [('VALID', [])]) AS c, countIf((tags, 1) IN [(['t1'], (1))]) AS d, countIf(([1], 1) IN [([1], 1)]) AS e FROM key_verifications_v1"),
        json!([{"a": 2, "b": 3, "c": 1, "d": 1, "e": 4}])
    );
    for query in [
        "SELECT count() FROM key_verifications_v1 WHERE (tags, 1) IN [([1], 1)]",
        "SELECT count() FROM key_verifications_v1 WHERE (tags, 1) IN (([1], 1))",
    ] {
        assert_eq!(
            refused(&s, query).1,
            "unkey-local does not run an array IN a set of arrays of elements of another kind than the left array's (converted to its type, convertFieldToTypeStrict) (the real server does); see the unkey-local README",
            "{query}"
        );
    }
    for query in [
        "SELECT (groupUniqArray(outcome), 1) IN [(['VALID'], 1)] AS a FROM key_verifications_v1",
        "SELECT (groupUniqArray(outcome), 1) IN ((['VALID'], 1)) AS a FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query).1,
            "unkey-local does not run a tuple holding an array built by the query (groupArray, arrayFilter, a subquery's column) on the left of IN (the real server does); see the unkey-local README",
            "{query}"
        );
    }
}

/// A comparison of tuples is SQLite's of row values, in which an array is its JSON text: one
/// the query builds (`groupUniqArray`, `arrayFilter`, a subquery's column) carries
/// unkey-local's array mark and a literal does not, so `(groupUniqArray(outcome), 1) =
/// (['VALID'], 1)`, 1 in ClickHouse (tuples compare element by element, arrays by their
/// elements), is refused as not run. A tuple of a table's array column or an array literal is
/// still compared for equality; texts order arrays otherwise than ClickHouse does (`[10]`
/// before `[9]`), so no tuple holding an array is ordered (the refusal of ordered arrays).
#[test]
fn get_verifications__tuples_holding_arrays_compared() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE (tags, 1) = (['t1'], 1)"
        ),
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE tags = ['t1']"
        ),
    );
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE (tags, 1) != (['t1'], 1)"
        ),
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE tags != ['t1']"
        ),
    );
    for query in [
        "SELECT (groupUniqArray(outcome), 1) = (['VALID'], 1) AS a FROM key_verifications_v1",
        "SELECT (['VALID'], 1) != (groupUniqArray(outcome), 1) AS a FROM key_verifications_v1",
        "SELECT count() FROM key_verifications_v1 WHERE (arrayFilter(t -> t != '', tags), 1) = (['t1'], 1)",
    ] {
        assert_eq!(
            refused(&s, query).1,
            "unkey-local does not run a tuple holding an array built by the query (groupArray, arrayFilter, a subquery's column) compared with another tuple (the real server does); see the unkey-local README",
            "{query}"
        );
    }
    for query in [
        "SELECT ([10], 1) < ([9], 1) AS a FROM key_verifications_v1",
        "SELECT count() FROM key_verifications_v1 WHERE (tags, 1) >= (['t1'], 1)",
    ] {
        assert_eq!(
            refused(&s, query).1,
            "unkey-local does not run ordering arrays (the real server does); see the unkey-local README",
            "{query}"
        );
    }
}

/// `NULL`s and `IN`, ClickHouse's `transform_null_in = 0` (its default; upstream sets no
/// other): the set holds no `NULL` and no tuple or row with one (src/Analyzer/SetUtils.cpp
/// createBlockFromCollection; src/Interpreters/Set.cpp insertFromColumns, "We will insert to
/// the Set only keys, where all components are not NULL"), and `in`/`notIn` take the default
/// implementation for `NULL`s (src/Functions/in.cpp `useDefaultImplementationForNulls`: a
/// `NULL` on the left is `NULL`, whatever the set). 01231_operator_null_in.sql: of a
/// `Nullable` `i` holding 1, NULL, 3, NULL, 5, `i in (1, 3, NULL)` counts 2 rows, `i not in
/// (1, 3, NULL)` 1, and a subquery's `NULL` rows are no elements (`null_in_subquery`).
/// SQLite's list and subquery answer `NULL` for a value not found beside a `NULL`, and 0 for a
/// `NULL` against an empty set: written here so they answer as ClickHouse does. (The stored
/// ClickHouse sources read are of a later version than 25.6; these parts have read so since
/// transform_null_in came, 20.x, and 01231 is older than 25.6.)
#[test]
fn get_verifications__in_null() {
    let (s, _, _) = recorded();
    // A `NULL` element of a list or an array is left out of the set (also one of a tuple,
    // and the tuple with it): no more `NULL` beside a value not found.
    assert_eq!(
        run(&s, "SELECT 1 IN (1, NULL) AS a, 2 IN (1, NULL) AS b, 2 NOT IN (1, NULL) AS c, 1 NOT IN (NULL, 1) AS d, 2 IN (NULL, 1, NULL, 3) AS e, 1 IN [1, NULL] AS f, 2 NOT IN [NULL] AS g, 2 IN (NULL) AS h FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 1, "b": 0, "c": 1, "d": 0, "e": 0, "f": 1, "g": 1, "h": 0}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n, countIf(outcome IN ('VALID', NULL)) AS a, countIf(spent_credits NOT IN (4, NULL)) AS b, countIf(spent_credits NOT IN [NULL, 4]) AS c, countIf((outcome, spent_credits) IN (('VALID', NULL), ('VALID', 4))) AS d, countIf((outcome, spent_credits) NOT IN [('VALID', NULL), ('VALID', 4)]) AS e FROM key_verifications_v1 WHERE outcome NOT IN ('X', NULL)"),
        json!([{"n": 4, "a": 4, "b": 3, "c": 3, "d": 1, "e": 3}])
    );
    // Also beside intervals: a `NULL` is converted to no type (convertFieldToType returns a
    // `NULL` as it is, before any type mismatch), so it is no TYPE_MISMATCH there.
    assert_eq!(
        run(&s, "SELECT INTERVAL 1 DAY IN (INTERVAL 1 DAY, NULL) AS a, toIntervalDay(2) IN (NULL, INTERVAL 1 DAY, NULL) AS b, INTERVAL 1 DAY NOT IN (NULL) AS c, today() IN (today(), NULL) AS d FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 1, "b": 0, "c": 1, "d": 1}])
    );
    // Named as written, the `NULL` too (`in(1, (1, NULL))`).
    assert_eq!(
        run(
            &s,
            "SELECT 2 NOT IN (1, NULL), 1 IN [1, NULL] FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"notIn(2, (1, NULL))": 1, "in(1, [1, NULL])": 1}])
    );
    // A `NULL` on the left: `NULL`, also against a set left empty or `[]`; a
    // `Nullable(Int64)` column of a `LEFT JOIN`'s unmatched side is `NULL` (a column that is
    // not `Nullable` there its type's default, join_use_nulls being 0: `''` is in `('')`).
    assert_eq!(
        run(&s, "SELECT NULL IN (1, 2) AS a, NULL NOT IN (1, NULL) AS b, NULL IN (NULL) AS c, NULL NOT IN [] AS d, CAST(NULL AS Nullable(Int32)) IN [] AS e, CAST(NULL AS Nullable(Int32)) NOT IN (NULL, NULL) AS f FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": null, "b": null, "c": null, "d": null, "e": null, "f": null}])
    );
    assert_eq!(
        run(&s, "SELECT s.n IN (1, NULL) AS a, s.n NOT IN (NULL) AS b, s.n IN [] AS c, s.k IN ('', NULL) AS d, s.k NOT IN [] AS e FROM key_verifications_v1 AS v LEFT JOIN (SELECT 'zz' AS k, CAST(NULL AS Nullable(Int64)) AS n) AS s ON v.key_id = s.k LIMIT 1"),
        json!([{"a": null, "b": null, "c": null, "d": 1, "e": 1}])
    );
    // A subquery's rows holding a `NULL` are no elements of its set; a `NULL` on the left is
    // `NULL` also against an empty one.
    assert_eq!(
        run(&s, "SELECT 1 IN (SELECT NULL) AS a, 1 NOT IN (SELECT NULL) AS b, 1 NOT IN (SELECT 2 UNION ALL SELECT NULL) AS c, NULL IN (SELECT 1 WHERE 0) AS d, NULL NOT IN (SELECT 1) AS e FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 0, "b": 1, "c": 1, "d": null, "e": null}])
    );
    assert_eq!(
        run(&s, "SELECT countIf(key_id NOT IN (SELECT if(spent_credits = 4, key_id, NULL) FROM key_verifications_v1)) AS a, countIf((key_id, outcome) IN (SELECT key_id, if(spent_credits = 4, outcome, NULL) FROM key_verifications_v1)) AS b, countIf((key_id, outcome) NOT IN (SELECT key_id, NULL FROM key_verifications_v1)) AS c FROM key_verifications_v1"),
        json!([{"a": 1, "b": 3, "c": 4}])
    );
    assert_eq!(
        run(&s, "SELECT s.n IN (SELECT 1 WHERE 0) AS a, s.n NOT IN (SELECT 1 WHERE 0) AS b, s.n IN (SELECT 1) AS c FROM key_verifications_v1 AS v LEFT JOIN (SELECT 'zz' AS k, CAST(NULL AS Nullable(Int64)) AS n) AS s ON v.key_id = s.k LIMIT 1"),
        json!([{"a": null, "b": null, "c": null}])
    );
    // `has` is no `IN`: it finds a `NULL` among an array's elements (the `has` docs: "`NULL` is
    // processed as a value", `has([1, 2, NULL], NULL)` is 1) and a `NULL` is not found among
    // others, 0 and not `NULL` (00662_has_nullable: `has([0, 1], a)` of a NULL `a` is 0).
    assert_eq!(
        run(&s, "SELECT has([1, NULL], NULL) AS a, has([1, 2], NULL) AS b, has(['VALID', NULL], outcome) AS c FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 1, "b": 0, "c": 1}])
    );
    // A tuple on the left with a `NULL` element: 0, `NOT IN` 1, whatever the set
    // (Set::execute: "We will check existence in Set only for keys whose components do not
    // contain any NULL value"; 01231's `null_in_tuple`: `t not in ((1, '1'), (NULL, NULL))`
    // holds `(2, NULL)` and `(NULL, NULL)`), where SQLite's row value answers `NULL`.
    assert_eq!(
        run(&s, "SELECT (v.outcome, s.n) IN (('VALID', 1), ('X', 2)) AS a, (v.outcome, s.n) NOT IN (('VALID', 1)) AS b, (s.n, 1) IN (1, 1) AS c, (s.n, 1) NOT IN (1, 1) AS d, (v.outcome, s.n) IN (SELECT 'VALID', 1) AS e, (v.outcome, s.n) NOT IN (SELECT 'VALID', 1) AS f, (v.outcome, s.n) NOT IN [('VALID', NULL), ('X', 1)] AS g FROM key_verifications_v1 AS v LEFT JOIN (SELECT 'zz' AS k, CAST(NULL AS Nullable(Int64)) AS n) AS s ON v.key_id = s.k LIMIT 1"),
        json!([{"a": 0, "b": 1, "c": 0, "d": 1, "e": 0, "f": 1, "g": 1}])
    );
    // (And as before where the element is not `NULL`.)
    assert_eq!(
        run(&s, "SELECT countIf((v.outcome, s.n) IN (('VALID', 1), ('X', 2))) AS a, countIf((v.outcome, s.n) NOT IN (('VALID', 1))) AS b, countIf((v.outcome, s.n) IN (SELECT 'VALID', 1)) AS c FROM key_verifications_v1 AS v LEFT JOIN (SELECT DISTINCT key_id AS k, CAST(if(spent_credits > 0, 1, 2) AS Nullable(Int64)) AS n FROM key_verifications_v1 WHERE spent_credits IN (0, 4)) AS s ON v.key_id = s.k"),
        json!([{"a": 3, "b": 1, "c": 3}])
    );
    // A tuple against a set its `NULL`s left empty: 0, `NOT IN` 1, a `NULL` in it or not.
    assert_eq!(
        run(&s, "SELECT (v.outcome, s.n) NOT IN [('VALID', NULL)] AS a, (v.outcome, s.n) IN [('VALID', NULL)] AS b, (v.outcome, v.spent_credits) IN [('VALID', NULL)] AS c, (v.outcome, v.spent_credits) NOT IN (('VALID', NULL), (NULL, 1)) AS d FROM key_verifications_v1 AS v LEFT JOIN (SELECT 'zz' AS k, CAST(NULL AS Nullable(Int64)) AS n) AS s ON v.key_id = s.k LIMIT 1"),
        json!([{"a": 1, "b": 0, "c": 0, "d": 1}])
    );
    // Not run: an element that may be `NULL` other than a `NULL` literal; a `NULL` literal in
    // a tuple on the left.
    for (query, what) in [
        (
            "SELECT 1 IN (CASE WHEN 1 > 2 THEN 1 END, 2) AS a FROM key_verifications_v1",
            "an IN element that may be NULL other than a NULL literal",
        ),
        (
            "SELECT 1 IN (CAST(NULL AS Nullable(Int32)), 2) AS a FROM key_verifications_v1",
            "an IN element that may be NULL other than a NULL literal",
        ),
        (
            "SELECT (1, NULL) IN ((1, 2)) AS a FROM key_verifications_v1",
            "a NULL literal in a tuple on the left of IN",
        ),
    ] {
        assert_eq!(
            refused(&s, query).1,
            format!("unkey-local does not run {what} (the real server does); see the unkey-local README"),
            "{query}"
        );
    }
}

/// `LIMIT m, n`: upstream's parser reads it as `LIMIT n OFFSET m` and writes the query back so
/// (the audit's `apparse`: `LIMIT 1, 2` is `LIMIT 2 OFFSET 1`, also before `BY`; `LIMIT 1, 2
/// OFFSET 3` is its syntax error), which ClickHouse runs.
#[test]
fn get_verifications__limit_m_comma_n() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(
            &s,
            "SELECT spent_credits FROM key_verifications_v1 ORDER BY spent_credits LIMIT 1, 2"
        ),
        json!([{"spent_credits": 1}, {"spent_credits": 4}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits FROM key_verifications_v1 ORDER BY spent_credits DESC LIMIT 1, 1 BY key_id"),
        json!([{"spent_credits": 4}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits FROM key_verifications_v1 ORDER BY spent_credits DESC LIMIT 2 BY key_id LIMIT 1, 5"),
        json!([{"spent_credits": 4}, {"spent_credits": 0}])
    );
    assert_eq!(
        refused(
            &s,
            "SELECT spent_credits FROM key_verifications_v1 LIMIT 1, 2 OFFSET 3"
        ),
        syntax_error("SELECT spent_credits FROM key_verifications_v1 LIMIT 1, 2 OFFSET 3")
    );
}

/// `OFFSET` other than after `LIMIT n`: upstream's parser reads it only there
/// (clickhouse-sql-parser v0.4.18 parseLimitClause; the audit's `apparse`: "<EOF> or ';' was
/// expected, but got: \"OFFSET\""), so the SQL-standard `OFFSET n ROWS FETCH NEXT m ROWS ONLY`
/// and `OFFSET n` alone are its 400 "Invalid SQL syntax", in a subquery too.
#[test]
fn get_verifications__offset_without_limit_is_syntax_error() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT outcome FROM key_verifications_v1 ORDER BY outcome OFFSET 2 ROWS FETCH NEXT 1 ROWS ONLY",
        "SELECT outcome FROM key_verifications_v1 ORDER BY outcome OFFSET 2 ROWS",
        "SELECT outcome FROM key_verifications_v1 OFFSET 1",
        "SELECT spent_credits FROM key_verifications_v1 LIMIT 1 OFFSET 1 OFFSET 1",
        "SELECT n FROM (SELECT spent_credits AS n FROM key_verifications_v1 OFFSET 1) LIMIT 1",
    ] {
        assert_eq!(
            refused(&s, query),
            syntax_error(query),
            "{query}"
        );
    }
    assert_eq!(
        run(&s, "SELECT spent_credits FROM key_verifications_v1 ORDER BY spent_credits LIMIT 1 OFFSET 2"),
        json!([{"spent_credits": 4}])
    );
}

/// The `LIMIT` and `OFFSET` counts. Upstream's enforceLimit (query-parser/limits.go) keeps a
/// `LIMIT` count only where it is a number literal whose leading integer (Go's
/// `Sscanf("%d")`) is from 0 to its cap, and replaces any other (`-1`, `+2`, `(3)`, a literal
/// past the cap, also `-1` after `LIMIT m,`: the audit's `apparse` reads that as one number
/// literal, as `+3`) with the cap; ClickHouse 25.6 takes a kept literal only where it converts
/// to a `UInt64` exactly (QueryAnalyzer::convertLimitOffsetExpression, convertFieldToType,
/// accurate::convertNumeric; negative counts only from 25.10, PR #88411): `LIMIT 2.` and `1e1`
/// count, `LIMIT 1.5`, `OFFSET 1.5` and `OFFSET -1` are its INVALID_LIMIT_EXPRESSION,
/// upstream's "Invalid analytics query" (errors.go).
#[test]
fn get_verifications__limit_counts_as_upstream_keeps_them() {
    let (s, _, _) = recorded();
    let rows = |query: &str| {
        run(
            &s,
            &format!(
                "SELECT count() AS n FROM (SELECT spent_credits FROM key_verifications_v1 {query})"
            ),
        )[0]["n"]
            .clone()
    };
    for (query, n) in [
        ("LIMIT 2.", 2),
        ("LIMIT 1e1", 4),
        ("LIMIT 2.0e0", 2),
        ("LIMIT -1", 4),
        ("LIMIT +2", 4),
        ("LIMIT (1)", 4),
        ("LIMIT 1 + 1", 4),
        ("LIMIT 20000.5", 4),
        ("LIMIT 1, -1", 3),
        ("LIMIT 1, +2", 2),
        ("LIMIT 1 OFFSET 2.0", 1),
        ("LIMIT 3 OFFSET +2", 2),
        ("LIMIT 3 OFFSET -0", 3),
    ] {
        assert_eq!(rows(query), json!(n), "{query}");
    }
    for query in [
        "SELECT spent_credits FROM key_verifications_v1 LIMIT 1.5",
        "SELECT spent_credits FROM key_verifications_v1 LIMIT 1e-1",
        "SELECT spent_credits FROM key_verifications_v1 LIMIT 1 OFFSET 1.5",
        "SELECT spent_credits FROM key_verifications_v1 LIMIT 1 OFFSET -1",
        "SELECT spent_credits FROM key_verifications_v1 LIMIT -1, 2",
    ] {
        assert_eq!(
            refused(&s, query),
            (
                "invalid_analytics_query".into(),
                "Invalid analytics query".into()
            ),
            "{query}"
        );
    }
}

/// A column qualified by the public table's name: upstream's rewriteTables (tables.go) puts
/// `default.key_verifications_raw_v2` in place of `key_verifications_v1` without an alias (its
/// filters then qualify `key_verifications_raw_v2.workspace_id`, filter.go
/// directTableSources), so ClickHouse resolves no `key_verifications_v1.outcome`: "Unknown
/// identifier in analytics query" (errors.go), also beside an alias of the table, while the
/// alias and the physical table's name qualify its columns.
#[test]
fn get_verifications__public_table_qualifier() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT key_verifications_v1.outcome FROM key_verifications_v1",
        "SELECT key_verifications_v1.outcome FROM key_verifications_v1 AS k",
        "SELECT count() FROM key_verifications_v1 WHERE key_verifications_v1.spent_credits > 1",
        "SELECT key_verifications_v1.* FROM key_verifications_v1",
        "SELECT count() FROM key_verifications_v1 JOIN key_verifications_per_day_v1 AS d ON key_verifications_v1.key_id = d.key_id",
    ] {
        assert_eq!(
            refused(&s, query),
            ("invalid_analytics_query".into(), "Unknown identifier in analytics query".into()),
            "{query}"
        );
    }
    assert_eq!(
        run(
            &s,
            "SELECT k.spent_credits FROM key_verifications_v1 AS k WHERE k.spent_credits > 4"
        ),
        json!([{"spent_credits": 10}])
    );
    assert_eq!(
        run(&s, "SELECT key_verifications_raw_v2.spent_credits FROM key_verifications_v1 WHERE key_verifications_raw_v2.spent_credits > 4"),
        json!([{"spent_credits": 10}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT sum(key_verifications_per_day_v3.count) AS n FROM key_verifications_per_day_v1"
        ),
        json!([{"n": 4}])
    );
}

/// What upstream's parser (AfterShip's clickhouse-sql-parser v0.4.18; the audit's `apparse`:
/// "<EOF> or ';' was expected, but got: \"NULLS\"") refuses, 400 `invalid_analytics_query`
/// "Invalid SQL syntax…", before any check of its own, where ClickHouse runs it: `NULLS
/// FIRST|LAST` (also in a window, after `WITH FILL`) and an `ORDER BY` after the `LIMIT` or
/// `LIMIT … BY` of its `SELECT`; another `SELECT`'s (a `UNION` arm's, a subquery's) is no
/// matter.
#[test]
fn get_verifications__upstream_syntax_errors() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT outcome FROM key_verifications_v1 ORDER BY outcome NULLS FIRST",
        "SELECT outcome FROM key_verifications_v1 ORDER BY outcome DESC NULLS LAST, key_id",
        "SELECT count() OVER (ORDER BY outcome NULLS FIRST) AS c FROM key_verifications_v1",
        "SELECT outcome AS o FROM key_verifications_v1 LIMIT 1 BY o ORDER BY o",
        "SELECT outcome FROM key_verifications_v1 LIMIT 1 ORDER BY outcome",
        "SELECT outcome FROM key_verifications_v1 ORDER BY outcome LIMIT 1 BY outcome ORDER BY outcome",
        "SELECT outcome FROM nope LIMIT 1 ORDER BY outcome",
    ] {
        assert_eq!(
            refused(&s, query),
            syntax_error(query),
            "{query}"
        );
    }
    assert_eq!(
        run(&s, "SELECT c FROM (SELECT spent_credits AS c FROM key_verifications_v1 ORDER BY c LIMIT 1 BY key_id) ORDER BY c"),
        json!([{"c": 0}, {"c": 1}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM (SELECT spent_credits AS c FROM key_verifications_v1 LIMIT 1 UNION ALL SELECT spent_credits AS c FROM key_verifications_v1 ORDER BY c)"),
        json!([{"n": 5}])
    );
}

/// Two expressions for one select-list alias: ClickHouse's MULTIPLE_EXPRESSIONS_FOR_ALIAS
/// (QueryAnalyzer's check of nodes with duplicated aliases, `isEqual`), which upstream's
/// errors.go words "Invalid analytics query" (its parser re-prints the query as written, the
/// audit's `apparse`); one expression under the alias twice is the same node.
#[test]
fn get_verifications__one_alias_for_two_expressions() {
    let (s, _, _) = recorded();
    assert_invalid(
        &s,
        "SELECT outcome AS a, key_id AS a FROM key_verifications_v1",
    );
    assert_invalid(&s, "SELECT * FROM (SELECT spent_credits AS a, spent_credits + 1 AS a FROM key_verifications_v1)");
    assert_eq!(
        run(
            &s,
            "SELECT spent_credits AS a, spent_credits AS a FROM key_verifications_v1 WHERE a = 10"
        ),
        json!([{"a": 10}])
    );
}

/// More of what upstream's parser (AfterShip's clickhouse-sql-parser v0.4.18) does with forms
/// ClickHouse runs, as the audit's `apparse` and `walker` show: `LIMIT n WITH TIES`, `count()
/// FILTER (WHERE …)`, `TRIM(BOTH|LEADING ' ' FROM x)`, `DATE '…'`, `TIMESTAMP '…'` and `*
/// EXCEPT tags` are its syntax errors, 400 "Invalid SQL syntax…", as are ClickHouse's
/// operators `a DIV b` and `a MOD b` (it reads the word as an alias and fails at `b`:
/// "<EOF> or ';' was expected, but got: \"2\"") and a sign written against digits after `)`
/// or `]` (`count()-1`: its lexer reads `-1` as one number there, which stands where an
/// operator must; `count() - 1` and `count() - -1` are read); `* EXCEPT (tags)`, `*
/// REPLACE (…)` and `* APPLY (…)` are calls `EXCEPT(…)`, … to it, which its function
/// validation refuses.
#[test]
fn get_verifications__upstream_parser_forms() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT outcome FROM key_verifications_v1 ORDER BY outcome LIMIT 10 WITH TIES",
        "SELECT count(*) FILTER (WHERE outcome = 'VALID') FROM key_verifications_v1",
        "SELECT TRIM(BOTH ' ' FROM outcome) FROM key_verifications_v1",
        "SELECT trim(LEADING 'V' FROM outcome) FROM key_verifications_v1",
        "SELECT count() FROM key_verifications_v1 WHERE toDate(fromUnixTimestamp64Milli(time)) > DATE '2026-12-01'",
        "SELECT TIMESTAMP '2026-12-01 00:00:00' FROM key_verifications_v1",
        "SELECT * EXCEPT tags FROM key_verifications_v1",
        "SELECT 7 DIV 2 FROM key_verifications_v1",
        "SELECT spent_credits MOD 3 FROM key_verifications_v1",
        "SELECT count() FROM key_verifications_v1 WHERE spent_credits DIV 2 = 2",
        "SELECT (spent_credits) div (2) FROM key_verifications_v1",
        "SELECT count()-1 FROM key_verifications_v1",
        "SELECT sum(spent_credits) +2 FROM key_verifications_v1",
        "SELECT tags[1]-1 FROM key_verifications_v1",
        "SELECT count() FROM key_verifications_v1 WHERE time > (toUnixTimestamp(now())-86400) * 1000",
    ] {
        assert_eq!(
            refused(&s, query),
            syntax_error(query),
            "{query}"
        );
    }
    for (query, function) in [
        ("SELECT * EXCEPT (tags) FROM key_verifications_v1", "except"),
        (
            "SELECT k.* EXCEPT (tags, time) FROM key_verifications_v1 AS k",
            "except",
        ),
        (
            "SELECT * REPLACE (1 AS tags) FROM key_verifications_v1",
            "replace",
        ),
        (
            "SELECT * APPLY (toString) FROM key_verifications_v1",
            "apply",
        ),
        ("SELECT filter(outcome) FROM key_verifications_v1", "filter"),
    ] {
        assert_eq!(
            refused(&s, query),
            (
                "invalid_analytics_function".into(),
                format!("Function '{function}' is not allowed")
            ),
            "{query}"
        );
    }
}

/// `… FORMAT JSON`: upstream's parser keeps it (the audit's `apparse` re-prints it), and what
/// follows depends on the protocol upstream's driver speaks (its analytics URL may be
/// `http://…:8123` or `clickhouse://…:9000`, internal/services/analytics/service.go): not
/// run here, after upstream's own checks.
#[test]
fn get_verifications__format_clause() {
    let (s, _, _) = recorded();
    assert_eq!(
        refused(&s, "SELECT count() FROM key_verifications_v1 FORMAT JSON").1,
        "unkey-local does not run a FORMAT clause (the real server does); see the unkey-local README"
    );
    assert_eq!(
        refused(&s, "SELECT count() FROM system.tables FORMAT JSON"),
        (
            "invalid_analytics_table".into(),
            "Access to table 'system.tables' is not allowed".into()
        )
    );
}

/// `toFloat64` (and `CAST(… AS Float64)`) of a time: ClickHouse converts a `Date`'s day
/// number, a `DateTime`'s `UInt32` of seconds and a `DateTime64`'s `Decimal` of seconds
/// (FunctionsConversion's ConvertImpl; the `toFloat64` page of ClickHouse's docs), where this
/// server answered the ms it holds.
#[test]
fn get_verifications__to_float64_of_times() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT toFloat64(toDateTime('2026-01-01 00:00:00')) AS a, toFloat64(toDate('2026-01-01')) AS b, toFloat64(toDateTime64('2026-01-01 00:00:00.5', 3)) AS c, CAST(toDateTime64('2026-01-01 00:00:00.123456', 6) AS Float64) AS d FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 1767225600, "b": 20454, "c": 1767225600.5, "d": 1767225600.123456}])
    );
}

/// A select-list alias of an aggregate read inside a window function's arguments is that
/// aggregate, as ClickHouse's analyzer resolves an alias to its expression everywhere in its
/// `SELECT` and takes aggregates as window function arguments (tests/queries/0_stateless/
/// 01591_window_functions.sql, "Aggregate functions as window function arguments", `sum(any(
/// number + 1)) over (order by min(number) desc)`; 01591_window_functions.sql also reads an
/// alias there, `intDiv(number, 3) as y, sum(x + y) over (partition by y …)`): the window runs
/// over the aggregated rows, after `HAVING` and `WITH ROLLUP`. It was SQLite's "no such column"
/// (400 "Unknown identifier in analytics query") here.
#[test]
fn get_verifications__aggregate_alias_in_window_function() {
    let (s, ks_a, ks_b) = recorded();
    let shares = json!([
        {"ks": ks_a, "c": 3, "share": 0.75},
        {"ks": ks_b, "c": 1, "share": 0.25}
    ]);
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() AS c, c / sum(c) OVER () AS share FROM key_verifications_v1 GROUP BY ks ORDER BY share DESC"),
        shares
    );
    // In ORDER BY, and with the alias the window's argument and its partition.
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() AS c, count() / sum(count()) OVER () AS share FROM key_verifications_v1 GROUP BY ks ORDER BY c / sum(c) OVER () DESC"),
        shares
    );
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, spent_credits > 1 AS big, count() AS c, c / sum(c) OVER (PARTITION BY ks) AS share FROM key_verifications_v1 GROUP BY ks, big ORDER BY c, ks"),
        json!([
            {"ks": ks_a, "big": 0, "c": 1, "share": 1.0 / 3.0},
            {"ks": ks_b, "big": 0, "c": 1, "share": 1},
            {"ks": ks_a, "big": 1, "c": 2, "share": 2.0 / 3.0}
        ])
        .as_array()
        .map(|rows| {
            // (The two groups of one row are ordered by their keyspaces' ids.)
            let mut rows = rows.clone();
            if ks_b < ks_a {
                rows.swap(0, 1);
            }
            json!(rows)
        })
        .unwrap()
    );
    // Beside HAVING and LIMIT: the window reads the rows HAVING keeps.
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() AS c, c / sum(c) OVER () AS share FROM key_verifications_v1 GROUP BY ks HAVING c > 1 ORDER BY share LIMIT 1"),
        json!([{"ks": ks_a, "c": 3, "share": 1}])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, sum(spent_credits) AS s, s * 100 / sum(s) OVER () AS p FROM key_verifications_v1 GROUP BY ks ORDER BY p"),
        json!([{"ks": ks_b, "s": 0, "p": 0}, {"ks": ks_a, "s": 15, "p": 100}])
    );
    // A running total over a rollup, and an alias named as the column it sums (the alias
    // still: `sum(sum(count)) OVER ()`).
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, sum(count) AS daily, sum(daily) OVER (ORDER BY daily) AS running FROM key_verifications_per_day_v1 GROUP BY ks ORDER BY daily"),
        json!([{"ks": ks_b, "daily": 1, "running": 1}, {"ks": ks_a, "daily": 3, "running": 4}])
    );
    assert_eq!(
        run(&s, "SELECT sum(count) AS count, sum(count) OVER () AS w FROM key_verifications_per_day_v1 GROUP BY key_space_id ORDER BY count"),
        json!([{"count": 1, "w": 4}, {"count": 3, "w": 4}])
    );
    // WITH ROLLUP: the total row is one of the window's rows, and a key read in a window
    // function's arguments is the rolled-up row's default there.
    assert_eq!(
        run(&s, "SELECT key_space_id AS ks, count() AS c, c / sum(c) OVER () AS share, min(ks) OVER () AS m FROM key_verifications_v1 GROUP BY ks WITH ROLLUP ORDER BY c"),
        json!([
            {"ks": ks_b, "c": 1, "share": 0.125, "m": ""},
            {"ks": ks_a, "c": 3, "share": 0.375, "m": ""},
            {"ks": "", "c": 4, "share": 0.5, "m": ""}
        ])
    );
    // Read from outside: a subquery's column.
    assert_eq!(
        run(&s, "SELECT ks, share FROM (SELECT key_space_id AS ks, count() AS c, c / sum(c) OVER () AS share FROM key_verifications_v1 GROUP BY ks) WHERE share > 0.5"),
        json!([{"ks": ks_a, "share": 0.75}])
    );
}

/// Integers meeting in one type (`if`, `coalesce`, `CASE`, an array, a set operation's
/// column) take ClickHouse's getLeastSupertype (src/DataTypes/getLeastSupertype.cpp,
/// getNumericType; the stored source is newer than 25.6, its numeric part unchanged for
/// years): a signed integer beside a `UInt64` has no common type, nor has an integer of 64
/// bits beside a float, NO_COMMON_TYPE, upstream's "Invalid analytics query". `count()`,
/// `countIf`, `uniq`, `length` are `UInt64`, `sum` of a signed integer an `Int64` (the raw
/// table's `spent_credits` and the rollups' `count`, `SimpleAggregateFunction(sum, Int64)` in
/// upstream's pkg/clickhouse/schema), `abs` of one unsigned; a literal is the smallest
/// `UInt8`…`UInt64` holding it, a negative one `Int8`…`Int64` (src/DataTypes/
/// FieldToDataType.cpp), a `UInt64` literal up to `Int64`'s largest taken as an `Int64` beside
/// a signed integer (convertUInt64toInt64IfPossible); `a - b` is signed (NumberTraits
/// ResultOfSubtraction: `count() - 1` is an `Int64`). These were answered here.
#[test]
fn get_verifications__integer_common_types() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT count() AS c FROM key_verifications_v1 UNION ALL SELECT sum(count) AS c FROM key_verifications_per_day_v1",
        "SELECT count() AS c FROM key_verifications_v1 UNION ALL SELECT -1",
        "SELECT count() AS c FROM key_verifications_v1 UNION ALL SELECT 1 UNION ALL SELECT -1",
        "SELECT if(1, count(), sum(spent_credits)) AS x FROM key_verifications_v1",
        "SELECT if(1, count(), -1) AS x FROM key_verifications_v1",
        "SELECT coalesce(count(), sum(spent_credits)) AS x FROM key_verifications_v1",
        "SELECT [count(), sum(spent_credits)] AS x FROM key_verifications_v1",
        "SELECT CASE WHEN count() > 1 THEN count() ELSE -1 END AS x FROM key_verifications_v1",
        "SELECT if(1, length(tags), -1) AS x FROM key_verifications_v1",
        "SELECT if(1, abs(spent_credits), -1) AS x FROM key_verifications_v1",
        "SELECT if(1, n, -1) AS x FROM (SELECT countIf(outcome = 'VALID') AS n FROM key_verifications_v1)",
        "SELECT [sum(spent_credits), 1.5] AS x FROM key_verifications_v1",
        "SELECT [-1, 9223372036854775808] AS x FROM key_verifications_v1",
        // Arrays: of their elements' common type (getLeastSupertype's rule for Array).
        "SELECT if(1, [count()], [-1]) AS x FROM key_verifications_v1",
        "SELECT [[count()], [-1]] AS x FROM key_verifications_v1",
        "SELECT if(1, groupArray(spent_credits), [count()]) AS x FROM key_verifications_v1",
        // A join's condition across the sides takes their common type too (TableJoin's
        // inferJoinKeyCommonType; 25.6's predicateOperandsToCommonType).
        "SELECT a.n AS n FROM (SELECT key_id AS k, count() AS n FROM key_verifications_v1 GROUP BY k) AS a JOIN (SELECT key_id AS k, sum(count) AS m FROM key_verifications_per_day_v1 GROUP BY k) AS b ON a.n = b.m",
        "SELECT a.n AS n FROM (SELECT key_id AS k, count() AS n FROM key_verifications_v1 GROUP BY k) AS a JOIN (SELECT key_id AS k, sum(count) AS m FROM key_verifications_per_day_v1 GROUP BY k) AS b ON a.k = b.k AND a.n <= b.m",
    ] {
        assert_invalid(&s, query);
    }
    assert_eq!(
        run(&s, "SELECT if(1, count(), 0) AS a, if(1, count() - 1, -1) AS b, [count(), 1, 2] AS c, if(1, count(), uniq(key_id)) AS d, coalesce(sum(spent_credits), 0) AS e, [toInt32(1), 1.5] AS f, [-1, 9223372036854775807] AS g FROM key_verifications_v1"),
        json!([{"a": 4, "b": 3, "c": [4, 1, 2], "d": 4, "e": 15, "f": [1, 1.5], "g": [-1, 9223372036854775807i64]}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT count() AS c FROM key_verifications_v1 UNION ALL SELECT 1"
        ),
        json!([{"c": 4}, {"c": 1}])
    );
    assert_eq!(
        run(&s, "SELECT a.n AS n FROM (SELECT key_id AS k, count() AS n FROM key_verifications_v1 GROUP BY k) AS a JOIN (SELECT key_id AS k, uniq(outcome) AS m FROM key_verifications_v1 GROUP BY k) AS b ON a.k = b.k AND a.n >= b.m ORDER BY n"),
        json!([{"n": 1}, {"n": 3}])
    );
    // A `UInt32` beside an `Int32` needs 33 bits, which a `Float64` holds.
    assert_eq!(
        run(&s, "SELECT [4294967295, toInt32(-1), 0.5] AS a, if(1, 4294967295, toInt32(-1)) AS b FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": [4294967295i64, -1, 0.5], "b": 4294967295i64}])
    );
    // hasAny/hasAll take that common type only as they run (src/Functions/array/hasAllAny.h,
    // executeImpl's getLeastSupertype): NO_COMMON_TYPE where a row reaches them, as of a
    // number and a time (see `get_verifications__has_any_of_numbers_and_times`); one no row
    // reaches is not run here.
    for query in [
        "SELECT hasAny([count()], [-1]) AS x FROM key_verifications_v1",
        "SELECT hasAll(groupArray(spent_credits), [count()]) AS x FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE hasAny([length(tags)], [-1])",
    ] {
        assert_invalid(&s, query);
    }
    let (_, detail) = refused(
        &s,
        "SELECT hasAny([length(tags)], [-1]) AS x FROM key_verifications_v1 WHERE outcome = 'NONE'",
    );
    assert_eq!(
        detail,
        "unkey-local does not run hasAny or hasAll of arrays without a common type that no row reaches (the real server does); see the unkey-local README"
    );
    assert_eq!(
        run(&s, "SELECT hasAny([count()], [4, 5]) AS x, hasAll(groupArray(spent_credits), [-1]) AS y FROM key_verifications_v1"),
        json!([{"x": 1, "y": 0}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT if(1, [count()], [1]) AS a, [[count()], []] AS b FROM key_verifications_v1"
        ),
        json!([{"a": [4], "b": [[4], []]}])
    );
    // `EXTRACT(unit FROM t)` is `toYear` (a `UInt16`) or `toMonth`, … (a `UInt8`), which a
    // `UInt64` or a signed integer meets; `CAST(x AS Int64)` is an `Int64`, which a `UInt64`
    // does not.
    assert_eq!(
        run(&s, "SELECT if(1, EXTRACT(YEAR FROM toDateTime('2026-08-09 13:45:30')), length(tags)) AS y, [EXTRACT(MONTH FROM toDateTime('2026-08-09 13:45:30')), -1] AS m FROM key_verifications_v1 LIMIT 1"),
        json!([{"y": 2026, "m": [8, -1]}])
    );
    assert_invalid(
        &s,
        "SELECT if(1, CAST(length(tags) AS Int64), length(tags)) AS x FROM key_verifications_v1",
    );
}

/// Integers past what SQLite holds exactly: ClickHouse's integer arithmetic keeps its
/// NumberTraits result type without overflow checks (`9223372036854775807 + 1`, a `UInt64`
/// plus a `UInt8`, is the `UInt64` 9223372036854775808; `toInt64(9223372036854775807) + 1`
/// wraps round to -9223372036854775808; `sum` of an `Int64` wraps, as ClickHouse/ClickBench
/// issue #49 says of `avg(UserID)`), and upstream's Go writes a 64-bit integer exactly;
/// SQLite's integer arithmetic past 64 bits gives a float (its `sum` and `abs` an error) and
/// it reads an integer literal past `Int64`'s largest as a float.
/// These were answered rounded (`9.223372036854776e18`); they are not run, but a large
/// literal compared with a column (SQLite compares an integer with a float exactly), and
/// integers up to 64 bits are answered exactly.
#[test]
fn get_verifications__integers_past_64_bits() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT 18446744073709551615 AS a FROM key_verifications_v1",
        "SELECT toString(9223372036854775808) AS a FROM key_verifications_v1",
        "SELECT 9223372036854775807 + 1 AS a FROM key_verifications_v1",
        "SELECT toInt64(9223372036854775807) + 1 AS a FROM key_verifications_v1",
        "SELECT sum(spent_credits + 9223372036854775000) AS a FROM key_verifications_v1",
        "SELECT abs(-9223372036854775808) AS a FROM key_verifications_v1",
        "SELECT [count() * 9223372036854775807] AS a FROM key_verifications_v1",
        "SELECT groupArray(spent_credits * 4611686018427387904) AS a FROM key_verifications_v1",
        "SELECT a FROM (SELECT count() * 9223372036854775807 AS a FROM key_verifications_v1)",
    ] {
        let (_, detail) = refused(&s, query);
        assert!(
            detail.starts_with("unkey-local does not run integer arithmetic past 64 bits")
                || detail.starts_with("unkey-local does not run an integer literal past Int64"),
            "{query}: {detail}"
        );
    }
    assert_eq!(
        run(&s, "SELECT 9223372036854775807 AS a, -9223372036854775808 AS b, 9007199254740993 * 2 AS c, count() - 9223372036854775807 AS d, toInt64(18446744073709551615) AS e FROM key_verifications_v1"),
        json!([{"a": 9223372036854775807i64, "b": i64::MIN, "c": 18014398509481986i64, "d": -9223372036854775803i64, "e": -1}])
    );
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE time < 18446744073709551615 AND 9223372036854775808 > spent_credits"),
        json!([{"n": 4}])
    );
}

/// An aggregate of a `Nullable` argument with no value that is not NULL is NULL
/// (AggregateFunctionNull.h: "If there were no not-NULL values, the function will return
/// NULL"): `max`/`min`/`sum`/`any` of an `if` with a `NULL` branch, of a subquery's such column,
/// `sum(NULL)`, a `quantile` of such times; `count`/`uniq` stay 0 and `avg` NULL; an argument
/// that is not `Nullable` (`coalesce` whose last argument is not, FunctionCoalesce) keeps its
/// type's default over no rows.
#[test]
fn get_verifications__aggregates_of_nullable_arguments() {
    let (s, _, ks_b) = recorded();
    let none = "if(spent_credits > 100, spent_credits, NULL)";
    assert_eq!(
        run(&s, &format!("SELECT max({none}) AS a, sum({none}) AS b, min(if(spent_credits > 100, outcome, NULL)) AS c, any(if(spent_credits > 100, outcome, NULL)) AS d, max(if(spent_credits > 100, fromUnixTimestamp64Milli(time), NULL)) AS e, sum(NULL) AS f, count({none}) AS g, uniq({none}) AS h, avg({none}) AS i, quantile(0.5)(if(spent_credits > 100, fromUnixTimestamp64Milli(time), NULL)) AS j, coalesce(max({none}), -1) AS k, max(if(spent_credits > 3, spent_credits, NULL)) AS l, max(coalesce({none}, 0)) AS m FROM key_verifications_v1")),
        json!([{"a": null, "b": null, "c": null, "d": null, "e": null, "f": null, "g": 0, "h": 0, "i": null, "j": null, "k": -1, "l": 10, "m": 0}])
    );
    assert_eq!(
        run(&s, &format!("SELECT max(x) AS m, max(x) IS NULL AS n FROM (SELECT {none} AS x FROM key_verifications_v1)")),
        json!([{"m": null, "n": 1}])
    );
    // Through a select-list alias, a `WITH` name, a set operation's arm that is `NULL` (the
    // arms' common type is `Nullable` where one arm's is), and `sumIf` (AggregateFunctionIf.cpp's
    // AggregateFunctionIfNullUnary adds only rows not NULL that meet the condition).
    assert_eq!(
        run(
            &s,
            &format!("SELECT {none} AS v, max(v) AS m FROM key_verifications_v1 GROUP BY v")
        ),
        json!([{"v": null, "m": null}])
    );
    assert_eq!(
        run(&s, &format!("WITH t AS (SELECT {none} AS x FROM key_verifications_v1) SELECT max(x) AS a FROM t")),
        json!([{"a": null}])
    );
    assert_eq!(
        run(&s, "SELECT max(x) AS a FROM (SELECT 1 AS x FROM key_verifications_v1 WHERE 1 = 0 UNION ALL SELECT NULL AS x FROM key_verifications_v1)"),
        json!([{"a": null}])
    );
    assert_eq!(
        run(&s, &format!("SELECT sumIf({none}, 1 = 1) AS a, sumIf(if(spent_credits > 3, spent_credits, NULL), 1 = 1) AS b, sumIf(spent_credits, spent_credits > 100) AS c FROM key_verifications_v1")),
        json!([{"a": null, "b": 14, "c": 0}])
    );
    // An `ARRAY JOIN` alias of `Nullable` elements is `Nullable`; of others not.
    assert_eq!(
        run(
            &s,
            &format!("SELECT max(v) AS a FROM key_verifications_v1 ARRAY JOIN [{none}] AS v")
        ),
        json!([{"a": null}])
    );
    assert_eq!(
        run(&s, "SELECT max(v) AS a FROM key_verifications_v1 ARRAY JOIN [spent_credits] AS v WHERE spent_credits > 100"),
        json!([{"a": 0}])
    );
    // `groupArray`/`groupUniqArray` skip NULLs (the Null combinator; AggregateFunctionNull.h),
    // also of times and under `DISTINCT`.
    assert_eq!(
        run(&s, "SELECT groupArray(if(spent_credits > 3, spent_credits, NULL)) AS a, groupUniqArray(if(spent_credits > 0, 1, NULL)) AS b, groupArray(DISTINCT if(spent_credits > 3, outcome, NULL)) AS c, length(groupArray(if(spent_credits > 3, fromUnixTimestamp64Milli(time), NULL))) AS d, groupArray(if(spent_credits > 100, spent_credits, NULL)) AS e FROM (SELECT * FROM key_verifications_v1 ORDER BY spent_credits)"),
        json!([{"a": [4, 10], "b": [1], "c": ["VALID"], "d": 2, "e": []}])
    );
    // `x IN (…, NULL)` is no `Nullable` (its set skips the NULL).
    assert_eq!(
        run(&s, "SELECT max(spent_credits IN (1, NULL)) AS a FROM key_verifications_v1 WHERE spent_credits > 100"),
        json!([{"a": 0}])
    );
    // A `CASE` without `ELSE` is `Nullable`; with one that is not, not.
    assert_eq!(
        run(&s, "SELECT max(CASE WHEN spent_credits > 100 THEN spent_credits END) AS a, max(CASE WHEN spent_credits > 100 THEN spent_credits ELSE 0 END) AS b, any(CASE WHEN spent_credits > 100 THEN outcome END) AS c FROM key_verifications_v1"),
        json!([{"a": null, "b": 0, "c": null}])
    );
    // Over no rows, of arguments that are not `Nullable`, the types' defaults as before.
    assert_eq!(
        run(&s, "SELECT max(spent_credits) AS a, any(outcome) AS b, sum(spent_credits) AS c FROM key_verifications_v1 WHERE 1 = 0"),
        json!([{"a": 0, "b": "", "c": 0}])
    );
    // In `HAVING` and `ORDER BY` (NULLs last): key B spent nothing above 3.
    assert_eq!(
        run(&s, "SELECT key_space_id FROM key_verifications_v1 GROUP BY key_space_id HAVING max(if(spent_credits > 3, spent_credits, NULL)) IS NULL"),
        json!([{"key_space_id": ks_b}])
    );
    assert_eq!(
        run(&s, "SELECT max(if(spent_credits > 3, spent_credits, NULL)) AS m FROM key_verifications_v1 GROUP BY key_space_id ORDER BY m"),
        json!([{"m": 10}, {"m": null}])
    );
}

/// `any(x)` is the first value that is not NULL in the order rows reach it
/// (AggregateFunctionAny.cpp keeps the first value it is given; the Null combinator skips
/// NULLs), here a subquery's `ORDER BY` order, also per group, and not the least value.
#[test]
fn get_verifications__any_is_the_first_value() {
    let (s, ks_a, ks_b) = recorded();
    // Key A spent 1, 4 and 10: ordered by their distance from 4, 4 comes first.
    assert_eq!(
        run(&s, &format!("SELECT any(spent_credits) AS a, any(if(spent_credits = 4, NULL, spent_credits)) AS b FROM (SELECT spent_credits FROM key_verifications_v1 WHERE key_space_id = '{ks_a}' ORDER BY abs(spent_credits - 4))")),
        json!([{"a": 4, "b": 1}])
    );
    assert_eq!(
        run(&s, "SELECT key_space_id, any(spent_credits) AS a FROM (SELECT key_space_id, spent_credits FROM key_verifications_v1 ORDER BY spent_credits DESC) GROUP BY key_space_id ORDER BY a"),
        json!([{"key_space_id": ks_b, "a": 0}, {"key_space_id": ks_a, "a": 10}])
    );
}

/// `groupArray(DISTINCT x)` (ClickHouse's `groupArrayDistinct`, the Distinct combinator,
/// 01259_combinator_distinct.sql) answers each value once. In which order ClickHouse 25.6
/// answers them is not settled here: AggregateFunctionDistinct.h fed `groupArray` its hash
/// set's values in the set's order (`HashSetWithStackMemory<T, DefaultHash<T>, 4>` of a
/// number, the generic `HashSetWithSavedHashWithStackMemory<StringRef, StringRefHash, 4>`:
/// 16 cells), and the stored newer source feeds them in the order first seen. Two or more
/// values are answered where both orders agree (a number's 0, its zero key, first; cells from
/// tests/reference/ch_hash_order.c `i 4 64 1 4 10`: 12, 5, 13; `s 4 VALID DISABLED`: 13, 0),
/// refused where they do not.
#[test]
fn get_verifications__group_array_distinct() {
    let (s, ks_a, _) = recorded();
    assert_eq!(
        run(&s, &format!("SELECT groupArray(DISTINCT x) AS a, length(groupArray(DISTINCT tags)) AS b, length(groupArray(DISTINCT fromUnixTimestamp64Milli(0))) AS c, groupArray(DISTINCT y) AS d FROM (SELECT spent_credits % 2 AS x, tags, spent_credits AS y FROM key_verifications_v1 WHERE key_space_id = '{ks_a}' AND spent_credits > 1 ORDER BY spent_credits)")),
        json!([{"a": [0], "b": 2, "c": 1, "d": [4, 10]}])
    );
    // A `Date` is in the combinator's generic set (its `createWithNumericType` takes only
    // numbers, AggregateFunctionDistinct.cpp), as 2 bytes: `ch_hash_order b 4 2 20454 20455
    // 20456` (2026-01-01 to 03), cells 9, 15, 1: 01-03, 01-01, 01-02, also the order first seen
    // (credits 0, 1, 4, 10). In `groupUniqArray`'s numeric set they are 01-02, 01-01, 01-03.
    assert_eq!(
        run(&s, "SELECT groupArray(DISTINCT d) AS a FROM (SELECT CASE spent_credits WHEN 1 THEN toDate('2026-01-01') WHEN 4 THEN toDate('2026-01-02') ELSE toDate('2026-01-03') END AS d FROM key_verifications_v1 ORDER BY spent_credits)"),
        json!([{"a": ["2026-01-03T00:00:00Z", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"]}])
    );
    // A `Float64` in its numeric set (`f 4 2 5`: cells 0, 7), first seen in that order.
    assert_eq!(
        run(&s, "SELECT groupArray(DISTINCT y / 2) AS a FROM (SELECT spent_credits AS y FROM key_verifications_v1 WHERE spent_credits > 1 ORDER BY spent_credits)"),
        json!([{"a": [2, 5]}])
    );
    for q in [
        // First seen 10, 4; the set's 4, 10.
        "SELECT groupArray(DISTINCT spent_credits) AS a FROM (SELECT * FROM key_verifications_v1 WHERE spent_credits > 1 ORDER BY spent_credits DESC)",
        // Arrays: `[]` and `['t1']` share a cell (`ch_hash_order a 4 "" t1`: 5, 5).
        "SELECT groupArray(DISTINCT tags) AS a FROM key_verifications_v1",
        // First seen 1, 0; the set's 0, 1.
        "SELECT groupArray(DISTINCT x) AS a FROM (SELECT spent_credits % 2 AS x FROM key_verifications_v1 ORDER BY spent_credits)",
        // First seen VALID, DISABLED; the set's DISABLED, VALID.
        "SELECT groupArray(DISTINCT if(spent_credits = 0, 'DISABLED', outcome)) AS a FROM (SELECT * FROM key_verifications_v1 ORDER BY spent_credits DESC)",
        // Floats (`f 4 2 5`: cells 0, 7): first seen 5, 2; the set's 2, 5.
        "SELECT groupArray(DISTINCT y / 2) AS a FROM (SELECT spent_credits AS y FROM key_verifications_v1 WHERE spent_credits > 1 ORDER BY spent_credits DESC)",
    ] {
        assert_eq!(
            refused(&s, q).1,
            "unkey-local does not run groupArray(DISTINCT x) of two or more values unless the order first seen is the -Distinct combinator's hash set's (which of the two ClickHouse 25.6 answers is not settled here; that set's order of an array of other elements than strings, numbers, Bools and times, a tuple, a float -0 or an array holding a float zero is not followed) (the real server does); see the unkey-local README",
            "{q}"
        );
    }
    assert_eq!(
        run(
            &s,
            "SELECT groupArray(DISTINCT outcome) FROM key_verifications_v1"
        ),
        json!([{"groupArrayDistinct(outcome)": ["VALID"]}])
    );
    // `uniq(DISTINCT x)` counts what `uniq(x)` does (ClickHouse's parser names it
    // `uniqDistinct`); upstream's parser prints `quantile(l)(DISTINCT x)` as
    // `quantile(l)(x)` (the audit's `apparse`), which ClickHouse then runs.
    assert_eq!(
        run(&s, "SELECT uniq(DISTINCT outcome), uniqExact(DISTINCT spent_credits), quantile(0.5)(DISTINCT spent_credits) FROM key_verifications_v1"),
        json!([{"uniqDistinct(outcome)": 1, "uniqExactDistinct(spent_credits)": 4, "quantile(0.5)(spent_credits)": 2.5}])
    );
    // `countIf(DISTINCT c)` and `sumIf(DISTINCT x, c)` are `countIfDistinct`/`sumIfDistinct`
    // (01259_combinator_distinct's formatted queries): the `-Distinct` combinator feeds the
    // distinct tuples of all the arguments to `countIf`/`sumIf` (AggregateFunctionDistinct.cpp,
    // several arguments: AggregateFunctionDistinctMultipleGenericData). Credits 1, 4, 10, 0:
    // the distinct conditions 0 and 1 (`> 3`) count 1, the distinct `UInt8`s 1, 4, 10 and 0
    // count 3; the pairs `(credits % 3, credits > 0)` are (1, 1) and (0, 0), summing 1 (where
    // `sumIf` sums 3), and `(credits % 3, UInt8 of credits)` (1, 1), (1, 4), (1, 10), (0, 0),
    // summing 3 (each pair once, not each `x`).
    assert_eq!(
        run(&s, "SELECT countIf(DISTINCT spent_credits > 3) AS a, countIf(DISTINCT CAST((spent_credits) AS UInt8)) AS b, sumIf(DISTINCT spent_credits % 3, spent_credits > 0) AS c, sumIf(DISTINCT spent_credits % 3, CAST((spent_credits) AS UInt8)) AS d, countIf(DISTINCT spent_credits > 100) AS e, sumIf(DISTINCT spent_credits, spent_credits > 100) AS f FROM key_verifications_v1"),
        json!([{"a": 1, "b": 3, "c": 1, "d": 3, "e": 0, "f": 0}])
    );
    assert_eq!(
        run(&s, "SELECT countIf(DISTINCT spent_credits > 3), sumIf(DISTINCT spent_credits, 1) FROM key_verifications_v1"),
        json!([{"countIfDistinct(greater(spent_credits, 3))": 1, "sumIfDistinct(spent_credits, 1)": 15}])
    );
    // `quantile(DISTINCT x)`, `quantileDistinct`: the quantile of the distinct values (fed to
    // the exact sampler below 8,192 values in any order). Credits % 3 are 1, 1, 1, 0: of 0 and
    // 1 the median 0.5 (of all four 1); days 01-03 (three times) and 01-01: of the two, 01-02.
    assert_eq!(
        run(&s, "SELECT quantile(DISTINCT spent_credits % 3) AS a, quantile(spent_credits % 3) AS b, quantile(DISTINCT if(spent_credits = 0, toDate('2026-01-01'), toDate('2026-01-03'))) AS c, quantile(if(spent_credits = 0, toDate('2026-01-01'), toDate('2026-01-03'))) AS d FROM key_verifications_v1"),
        json!([{"a": 0.5, "b": 1, "c": "2026-01-02T00:00:00Z", "d": "2026-01-03T00:00:00Z"}])
    );
    // Of a `Nullable` argument ClickHouse's Null combinator wraps `-Distinct` (its own null
    // adapter is `-If`'s only; AggregateFunctionNull.cpp, AggregateFunctionNullVariadic): rows
    // with a NULL skipped, NULL where every row had one, else the sum, 0 where no pair met its
    // condition (where `sumIf` of it is NULL).
    assert_eq!(
        run(&s, "SELECT sumIf(DISTINCT if(spent_credits > 3, spent_credits, NULL), 1 = 1) AS a, sumIf(DISTINCT if(spent_credits > 3, spent_credits, NULL), spent_credits > 100) AS b, sumIf(if(spent_credits > 3, spent_credits, NULL), spent_credits > 100) AS c, sumIf(DISTINCT if(spent_credits > 100, spent_credits, NULL), 1) AS d FROM key_verifications_v1"),
        json!([{"a": 14, "b": 0, "c": null, "d": null}])
    );
    // (Of ns, held as floats here, which do not tell them apart: not run.)
    let detail = refused(&s, "SELECT quantile(DISTINCT toDateTime64('2026-01-01 00:00:00.123456789', 9)) FROM key_verifications_v1").1;
    assert!(detail.starts_with("unkey-local does not run"), "{detail}");
    // `countIf(DISTINCT x, c)`, `countIfDistinct`: the distinct pairs `(x, c)` fed to
    // `countIf` (AggregateFunctionDistinct.cpp), those whose `c` is not 0 counted: credits
    // 0, 1, 4, 10, every outcome VALID; a condition of two true values (1 and 2) counts a
    // value twice. Of a `Nullable` argument the Null combinator wraps `-Distinct` (rows with a
    // NULL skipped) and, `count`'s `returns_default_when_only_null` being what the factory
    // hands `countIfDistinct` (AggregateFunctionFactory.cpp, AggregateFunctionNull.cpp's
    // `return_type_is_nullable`), answers 0, not NULL, where every row had one.
    assert_eq!(
        run(&s, "SELECT countIf(DISTINCT spent_credits, 1 = 1) AS a, countIf(DISTINCT outcome, spent_credits > 0) AS b, countIf(DISTINCT outcome, if(spent_credits > 3, 2, 1)) AS c, countIf(DISTINCT outcome, spent_credits > 100) AS d FROM key_verifications_v1"),
        json!([{"a": 4, "b": 1, "c": 2, "d": 0}])
    );
    assert_eq!(
        run(&s, "SELECT countIf(DISTINCT if(spent_credits > 3, spent_credits, NULL), 1 = 1) AS a, countIf(DISTINCT if(spent_credits > 100, spent_credits, NULL), 1) AS b, countIf(DISTINCT outcome, if(spent_credits > 3, NULL, 1)) AS c FROM key_verifications_v1"),
        json!([{"a": 2, "b": 0, "c": 1}])
    );
    // Over a window, not run (upstream's parser passes it on; SQLite's windows take no
    // `DISTINCT`).
    for f in ["groupArray(DISTINCT outcome)", "count(DISTINCT outcome)"] {
        assert_eq!(
            refused(&s, &format!("SELECT {f} OVER () AS a FROM key_verifications_v1")).1,
            "unkey-local does not run f(DISTINCT x) OVER … (the real server does); see the unkey-local README"
        );
    }
}

/// `concat`, `startsWith`, `endsWith`, `substring` and `JSONExtractString` of a NULL argument
/// are NULL (ClickHouse's default implementation for NULLs, which concat.cpp does not turn
/// off: "If any of arguments is `NULL`, the function returns `NULL`";
/// 02013_json_function_null_column.reference: `JSONExtract(NULL, …)` and a NULL index `\N`).
#[test]
fn get_verifications__string_functions_of_null() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT concat('a', NULL) AS a, concat(NULL) AS b, startsWith(NULL, 'a') AS c, startsWith('a', NULL) AS d, endsWith(NULL, 'a') AS e, substring(NULL, 1) AS f, substring('abc', NULL) AS g, concat('a', 'b') AS h, JSONExtractString(NULL, 'a') AS i, JSONExtractString('[\"a\", \"b\"]', NULL) AS j, JSONExtractString('[\"a\", \"b\"]', 2) AS k FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": null, "b": null, "c": null, "d": null, "e": null, "f": null, "g": null, "h": "ab", "i": null, "j": null, "k": "b"}])
    );
    assert_eq!(
        run(&s, "SELECT concat(outcome, if(spent_credits > 3, '!', NULL)) AS a, startsWith(if(spent_credits > 3, outcome, NULL), 'V') AS b, substring(if(spent_credits > 3, outcome, NULL), 2) AS c FROM key_verifications_v1 ORDER BY spent_credits"),
        json!([
            {"a": null, "b": null, "c": null},
            {"a": null, "b": null, "c": null},
            {"a": "VALID!", "b": 1, "c": "ALID"},
            {"a": "VALID!", "b": 1, "c": "ALID"}
        ])
    );
}

/// A time is multiplied or divided by nothing, summed or averaged by no aggregate and rounded
/// by no rounding function: ClickHouse's FunctionBinaryArithmetic.h (DateBinaryOperationTraits
/// types only a time plus or minus an integer, a time less a time of its type, and a time's
/// remainder of a number; any other mix is InvalidType, "Illegal types of arguments (DateTime,
/// UInt8) of function multiply"), AggregateFunctionSum.cpp and AggregateFunctionAvg.cpp
/// (numbers and decimals only), FunctionsRound.h (`isNumber`) and FunctionUnaryArithmetic.h
/// (`abs` of numbers and decimals): ILLEGAL_TYPE_OF_ARGUMENT, upstream's "Invalid analytics
/// query" (pkg/clickhouse/errors.go). A `Date`'s or `DateTime`'s remainder is of its days or
/// seconds (a `DateTime64`'s, a decimal there, is not run); `min`, `max`, `any` and
/// `quantile` of times, and a time plus or less an integer, are answered.
#[test]
fn get_verifications__times_in_arithmetic_clickhouse_refuses() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT time * 2 AS x FROM key_verifications_per_day_v1",
        "SELECT 2 * time AS x FROM key_verifications_per_hour_v1",
        "SELECT fromUnixTimestamp64Milli(time) * 2 AS x FROM key_verifications_v1",
        "SELECT toDateTime('2026-12-01 00:00:00') / 2 AS x FROM key_verifications_v1",
        "SELECT toDateTime('2026-12-01 00:00:00') * 2 AS x FROM key_verifications_v1",
        "SELECT 5 % toDate('2026-12-01') AS x FROM key_verifications_v1",
        "SELECT toDate('2026-12-01') % toDate('2026-12-01') AS x FROM key_verifications_v1",
        "SELECT sum(time) AS x FROM key_verifications_per_day_v1",
        "SELECT avg(time) AS x FROM key_verifications_per_day_v1",
        "SELECT avg(toDateTime('2026-12-01 00:00:00')) AS x FROM key_verifications_v1",
        "SELECT sum(toDate('2026-12-01')) AS x FROM key_verifications_v1",
        "SELECT sumIf(time, count > 0) AS x FROM key_verifications_per_day_v1",
        "SELECT floor(toDateTime('2026-12-01 00:00:00')) AS x FROM key_verifications_v1",
        "SELECT abs(toDateTime('2026-12-01 00:00:00')) AS x FROM key_verifications_v1",
        "SELECT round(time) AS x FROM key_verifications_per_day_v1",
        "SELECT ceil(toDate('2026-12-01')) AS x FROM key_verifications_v1",
    ] {
        assert_invalid(&s, query);
    }
    // A `Date`'s remainder of its days (2026-12-01 is day 20788), a `DateTime`'s of its
    // seconds, as ClickHouse's `Date % Int32` (the right side's type; `Float64` of a float).
    assert_eq!(
        run(&s, "SELECT toDate('2026-12-01') % 7 AS a, toDateTime('2026-12-01 00:00:05') % 60 AS b, toDate('2026-12-01') % 2.5 AS c FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 5, "b": 5, "c": 0.5}])
    );
    let (_, detail) = refused(
        &s,
        "SELECT toDateTime64('2026-12-01 00:00:05.5', 3) % 60 AS x FROM key_verifications_v1",
    );
    assert!(
        detail.starts_with("unkey-local does not run `%` of a DateTime64"),
        "{detail}"
    );
    assert_eq!(
        run(&s, "SELECT min(time) = toDate(min(time)) AS a, max(time) >= min(time) AS b, toDate('2026-12-01') + 1 AS c, toDate('2026-12-03') - toDate('2026-12-01') AS d, quantile(0.5)(toDate('2026-12-01')) AS e FROM key_verifications_per_day_v1"),
        json!([{"a": 1, "b": 1, "c": "2026-12-02T00:00:00Z", "d": 2, "e": "2026-12-01T00:00:00Z"}])
    );
}

/// The arguments ClickHouse refuses by their type (see `argument_types` in `types.rs` for each
/// function's source: FunctionStringToString.h, FunctionSubstring.cpp,
/// FunctionStartsEndsWith.h, length.cpp, AggregateFunctionIf.cpp (an `-If` condition is a
/// `UInt8` or `NULL` only: "Illegal type Int64 of last argument for aggregate function with If
/// suffix"), AggregateFunctionQuantile.cpp, FunctionFormatDateTime.cpp ("Must be constant
/// string", ILLEGAL_COLUMN)): upstream's "Invalid analytics query". An array compared with a
/// string literal reads the string as an array (FunctionsComparison.h,
/// executeWithConstString): not one starting with `[` is CANNOT_READ_ARRAY_FROM_TEXT ("Array
/// does not start with '[' character"), "Invalid analytics query" too; one that does is not
/// run. The types they take are answered.
#[test]
fn get_verifications__argument_types_clickhouse_refuses() {
    let (s, _, _) = recorded(); // credits 1, 4, 10 and 0; tags [t1], [t1, t2], [], [t2]
    for query in [
        "SELECT lower(spent_credits) AS x FROM key_verifications_v1",
        "SELECT upper(tags) AS x FROM key_verifications_v1",
        "SELECT trim(spent_credits) AS x FROM key_verifications_v1",
        "SELECT substring(spent_credits, 1) AS x FROM key_verifications_v1",
        "SELECT startsWith(spent_credits, '1') AS x FROM key_verifications_v1",
        "SELECT endsWith(outcome, 1) AS x FROM key_verifications_v1",
        "SELECT length(123) AS x FROM key_verifications_v1",
        "SELECT length(time) AS x FROM key_verifications_per_day_v1",
        "SELECT countIf(spent_credits) AS x FROM key_verifications_v1",
        "SELECT countIf(outcome) AS x FROM key_verifications_v1",
        "SELECT countIf(1000) AS x FROM key_verifications_v1",
        "SELECT countIf(-1) AS x FROM key_verifications_v1",
        "SELECT sumIf(spent_credits, spent_credits) AS x FROM key_verifications_v1",
        "SELECT quantile(0.5)(outcome) AS x FROM key_verifications_v1",
        "SELECT quantile(0.5)(tags) AS x FROM key_verifications_v1",
        "SELECT formatDateTime(now(), outcome) AS x FROM key_verifications_v1",
        "SELECT formatDateTime(now(), 5) AS x FROM key_verifications_v1",
        "SELECT count() AS x FROM key_verifications_v1 WHERE tags = 't1'",
        "SELECT count() AS x FROM key_verifications_v1 WHERE 't1' != tags",
    ] {
        assert_invalid(&s, query);
    }
    let (_, detail) = refused(
        &s,
        "SELECT count() AS x FROM key_verifications_v1 WHERE tags = '[''t1'']'",
    );
    assert!(
        detail.starts_with("unkey-local does not run an array compared with a string"),
        "{detail}"
    );
    assert_eq!(
        run(&s, "SELECT countIf(spent_credits > 3) AS a, countIf(1) AS b, sumIf(spent_credits, has(tags, 't1')) AS c, length(tags) AS d, length(outcome) AS e, lower(outcome) AS f, substring(outcome, 2) AS g, startsWith(outcome, 'V') AS h, formatDateTime(toDate('2026-12-01'), '%Y') AS i, quantile(0.5)(spent_credits) AS j FROM key_verifications_v1 WHERE spent_credits = 4 GROUP BY tags, outcome"),
        json!([{"a": 1, "b": 1, "c": 4, "d": 2, "e": 5, "f": "valid", "g": "ALID", "h": 1, "i": "2026", "j": 4}])
    );
}

/// ClickHouse orders arrays element by element, a prefix first (`[]` least; ColumnArray's
/// compareAt, its elements' compareAt in turn: ColumnString's by bytes, a prefix first), where
/// unkey-local holds them as JSON text, which does not order so (`["a b"]` would sort before
/// `["a"]`, `["t1", "t2"]` before `["t1"]`): an `ORDER BY` key of an array is ordered by
/// `ch_array_order`, bytes that order so. Where that key is not written so (a position of an
/// unaliased expression, a window's `ORDER BY` with a `RANGE` offset, beside `LIMIT … BY` or
/// `WITH ROLLUP`) it is not run. `min`/`max` and
/// `<`/`>` of arrays compare those bytes. Equality and `GROUP BY` read the canonical text and
/// are answered.
#[test]
fn get_verifications__arrays_ordered_as_clickhouse_orders_them() {
    let (s, _, _) = recorded(); // tags [t1], [t1, t2], [], [t2]; credits 1, 4, 10, 0
    assert_eq!(
        run(&s, "SELECT tags FROM key_verifications_v1 ORDER BY tags"),
        json!([{"tags": []}, {"tags": ["t1"]}, {"tags": ["t1", "t2"]}, {"tags": ["t2"]}])
    );
    assert_eq!(
        run(&s, "SELECT tags AS t, count() AS n FROM key_verifications_v1 GROUP BY t ORDER BY n DESC, t DESC"),
        json!([{"t": ["t2"], "n": 1}, {"t": ["t1", "t2"], "n": 1}, {"t": ["t1"], "n": 1}, {"t": [], "n": 1}])
    );
    // Strings by their bytes, a prefix first (`' '` is below `'"'`, which JSON text would
    // compare); numbers by value (10 after 4, as text before it).
    assert_eq!(
        run(&s, "SELECT [concat('t', if(spent_credits = 4, ' x', ''))] AS a FROM key_verifications_v1 WHERE spent_credits IN (1, 4) ORDER BY a"),
        json!([{"a": ["t"]}, {"a": ["t x"]}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT [spent_credits, 1] AS a FROM key_verifications_v1 ORDER BY a DESC"
        ),
        json!([{"a": [10, 1]}, {"a": [4, 1]}, {"a": [1, 1]}, {"a": [0, 1]}])
    );
    assert_eq!(
        run(&s, "SELECT t FROM (SELECT groupArray(spent_credits) AS t FROM key_verifications_v1 GROUP BY key_space_id) ORDER BY t"),
        json!([{"t": [0]}, {"t": [1, 4, 10]}])
    );
    // `<`, `>`, `<=`, `>=` of arrays: GenericComparisonImpl's `compareAt(i, j, b, 1)`
    // (FunctionsComparison.h), so a `NULL` element is after every value (nan_direction_hint
    // 1); arrays without a common type are its NO_COMMON_TYPE.
    assert_eq!(
        run(&s, "SELECT count() AS n, countIf(['t2'] >= tags) AS m FROM key_verifications_v1 WHERE tags < ['t2'] OR tags = ['t2']"),
        json!([{"n": 4, "m": 4}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE tags < ['t2']"
        ),
        json!([{"n": 3}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT tags AS t FROM key_verifications_v1 WHERE t > ['t1'] ORDER BY t"
        ),
        json!([{"t": ["t1", "t2"]}, {"t": ["t2"]}])
    );
    assert_eq!(
        run(&s, "SELECT [1, 2] < [1, 3] AS a, [1] < [1, 2] AS b, [] < [1] AS c, ['a b'] < ['a'] AS d, [1, NULL] < [1, 2] AS e, [NULL] > [3] AS f, [[1], [2]] >= [[1], [1, 5]] AS g, [1.5] > [1] AS h, [toDate('2030-01-01')] < [toDateTime('2030-01-01 00:00:01')] AS i FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 1, "b": 1, "c": 1, "d": 0, "e": 0, "f": 1, "g": 1, "h": 1, "i": 1}])
    );
    // `BETWEEN` is `x >= lo AND x <= hi` so too (it was answered by the JSON text, which left
    // `['t1', 't2']` out).
    assert_eq!(
        run(&s, "SELECT tags FROM key_verifications_v1 WHERE tags BETWEEN ['t1'] AND ['t2'] ORDER BY tags"),
        json!([{"tags": ["t1"]}, {"tags": ["t1", "t2"]}, {"tags": ["t2"]}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT tags FROM key_verifications_v1 WHERE NOT tags BETWEEN ['t1'] AND ['t2']"
        ),
        json!([{"tags": []}])
    );
    for query in [
        "SELECT tags FROM key_verifications_v1 WHERE tags BETWEEN [1] AND [2]",
        "SELECT [1] < ['a'] AS x FROM key_verifications_v1",
        "SELECT [1] < [[1]] AS x FROM key_verifications_v1",
    ] {
        assert_invalid(&s, query);
    }
    // `min`/`max` of arrays in that order (SingleValueData.cpp SingleValueDataGeneric:
    // `new_value < value` of Fields, an Array's a vector's lexicographic order, the first of
    // equal ones kept; of not `Nullable` elements: a `NULL` Field's place is not read here),
    // `[]` over no rows (the type's default), over a window's frame too.
    assert_eq!(
        run(&s, "SELECT min(tags) AS a, max(tags) AS b, min([spent_credits, 1]) AS c, max([spent_credits, 1]) AS d, max([toString(spent_credits)]) AS e FROM key_verifications_v1"),
        json!([{"a": [], "b": ["t2"], "c": [0, 1], "d": [10, 1], "e": ["4"]}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT min(tags) AS m FROM key_verifications_v1 WHERE spent_credits > 100"
        ),
        json!([{"m": []}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, min(tags) OVER (ORDER BY spent_credits ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS m FROM key_verifications_v1 ORDER BY c"),
        json!([{"c": 0, "m": ["t2"]}, {"c": 1, "m": ["t1"]}, {"c": 4, "m": ["t1"]}, {"c": 10, "m": []}])
    );
    assert_eq!(
        run(&s, "SELECT max(t) AS m FROM (SELECT groupArray(spent_credits) AS t FROM key_verifications_v1 GROUP BY key_space_id)"),
        json!([{"m": [1, 4, 10]}])
    );
    // A position naming an array item is that item (ClickHouse sorts by the expression it
    // names): here its alias or column name, ordered so; an unaliased expression is not run.
    assert_eq!(
        run(
            &s,
            "SELECT outcome, tags FROM key_verifications_v1 ORDER BY 2"
        ),
        json!([
            {"outcome": "VALID", "tags": []},
            {"outcome": "VALID", "tags": ["t1"]},
            {"outcome": "VALID", "tags": ["t1", "t2"]},
            {"outcome": "VALID", "tags": ["t2"]},
        ])
    );
    assert_eq!(
        run(
            &s,
            "SELECT [spent_credits] AS a FROM key_verifications_v1 ORDER BY outcome, -1 DESC"
        ),
        json!([{"a": [10]}, {"a": [4]}, {"a": [1]}, {"a": [0]}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT * FROM (SELECT tags FROM key_verifications_v1) ORDER BY 1 DESC LIMIT 2"
        ),
        json!([{"tags": ["t2"]}, {"tags": ["t1", "t2"]}])
    );
    // A window's `ORDER BY` of an array: its rows sorted as an `ORDER BY` sorts them, peers
    // equal arrays (WindowTransform); a `RANGE` frame's offset not run.
    assert_eq!(
        run(
            &s,
            "SELECT count() OVER (ORDER BY tags RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS c, tags FROM key_verifications_v1 ORDER BY c"
        ),
        json!([
            {"c": 1, "tags": []},
            {"c": 2, "tags": ["t1"]},
            {"c": 3, "tags": ["t1", "t2"]},
            {"c": 4, "tags": ["t2"]},
        ])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS s, count() OVER (PARTITION BY outcome ORDER BY [if(spent_credits = 4, NULL, spent_credits)] DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS c FROM key_verifications_v1 ORDER BY c"),
        json!([{"s": 10, "c": 1}, {"s": 1, "c": 2}, {"s": 0, "c": 3}, {"s": 4, "c": 4}])
    );
    // An `ORDER BY` of an array of `Nullable` elements: ClickHouse sorts with
    // nan_direction_hint its key's `nulls_direction` (PlannerSorting.cpp: its direction; no
    // `NULLS FIRST|LAST` passes upstream's parser), which ColumnArray's compareAt passes to
    // the elements' ColumnNullable (1: a `NULL` after a value, -1: before it, then reversed
    // by `DESC`).
    // `min`/`max` compare Fields, whose `Null` is the least.
    let a = "[if(spent_credits = 4, NULL, spent_credits)]";
    let ordered = |query: &str| -> Vec<serde_json::Value> {
        run(&s, query)
            .as_array()
            .map(|rows| rows.iter().map(|r| r["a"].clone()).collect())
            .unwrap_or_default()
    };
    for (order, expected) in [
        ("", json!([[0], [1], [10], [null]])),
        (" DESC", json!([[10], [1], [0], [null]])),
        (" ASC", json!([[0], [1], [10], [null]])),
    ] {
        assert_eq!(
            json!(ordered(&format!(
                "SELECT {a} AS a FROM key_verifications_v1 ORDER BY a{order}"
            ))),
            expected,
            "{order}"
        );
    }
    assert_eq!(
        run(&s, &format!("SELECT min({a}) AS a, max({a}) AS b, min([[NULL], [1]]) AS c FROM key_verifications_v1")),
        json!([{"a": [null], "b": [10], "c": [[null], [1]]}])
    );
    for query in [
        "SELECT outcome, [spent_credits] FROM key_verifications_v1 ORDER BY 2",
        "SELECT count() OVER (ORDER BY tags RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) AS c FROM key_verifications_v1",
        "SELECT tags FROM key_verifications_v1 ORDER BY tags LIMIT 1 BY tags",
        "SELECT tags, count() AS n FROM key_verifications_v1 GROUP BY tags WITH ROLLUP ORDER BY tags",
    ] {
        let (_, detail) = refused(&s, query);
        assert!(
            detail.starts_with("unkey-local does not run ordering arrays"),
            "{query}: {detail}"
        );
    }
    assert_eq!(
        run(&s, "SELECT tags, count() AS n FROM key_verifications_v1 WHERE tags != ['t2'] GROUP BY tags ORDER BY length(tags)"),
        json!([{"tags": [], "n": 1}, {"tags": ["t1"], "n": 1}, {"tags": ["t1", "t2"], "n": 1}])
    );
    assert_eq!(
        run(&s, "SELECT count() OVER (ORDER BY length(tags) DESC, spent_credits) AS c, length(tags) AS l FROM key_verifications_v1 ORDER BY 2, 1"),
        json!([{"c": 4, "l": 0}, {"c": 2, "l": 1}, {"c": 3, "l": 1}, {"c": 1, "l": 2}])
    );
}

/// An array literal of scalar subqueries: a scalar subquery's type is its column's, made
/// `Nullable` wherever it can be (src/Analyzer/Resolve/QueryAnalyzer.cpp
/// evaluateScalarSubqueryIfNeeded, wrap_with_nullable_or_tuple: of a row or of none, all but
/// an array), so `[(SELECT 1)]` is `Array(Nullable(UInt8))`: `toString` writes its text
/// (`NULL` for a subquery of no row), and a subscript out of range is `NULL`, of an array of
/// arrays `[]`. These were refused as arrays whose elements were not told.
#[test]
fn get_verifications__arrays_of_scalar_subqueries() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT toString([(SELECT 1)]) AS a, [(SELECT 1), 2][1] AS b, [(SELECT 1)][3] AS c, toString([(SELECT max(spent_credits) FROM key_verifications_v1)]) AS d, [(SELECT today())][1] AS e, toString([(SELECT 'a')]) AS f, toString([(SELECT today())]) AS g FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": "[1]", "b": 1, "c": null, "d": "[10]", "e": "2026-12-07T00:00:00Z", "f": "['a']", "g": "['2026-12-07']"}])
    );
    assert_eq!(
        run(&s, "SELECT toString([(SELECT key_id FROM key_verifications_v1 WHERE 0)]) AS n, [(SELECT [1, 2])][1] AS x, [(SELECT [1, 2])][2] AS y FROM key_verifications_v1 LIMIT 1"),
        json!([{"n": "[NULL]", "x": [1, 2], "y": []}])
    );
}

/// A `CAST` to an integer type that is not `Nullable` of a `NULL` is ClickHouse's "Cannot
/// convert NULL value to non-Nullable type" (03011_definitive_guide_to_cast: "Conversion from
/// NULL into a non-Nullable type will throw an exception"; FunctionsConversion's
/// prepareRemoveNullable), upstream's "Invalid analytics query", where a `NULL` reaches it as
/// it runs: of an expression holding `NULL` that reads a column, of a scalar subquery of no
/// row (`Nullable`). These answered `null`. (A `nan` is "Unexpected inf or nan to integer
/// conversion" there, the same answer; here a `nan` read other than as an answered column is
/// refused as not run, see `get_verifications__nan_*`.) One holding `NULL` that reads
/// no column is a constant ClickHouse folds while analysing the query, failing with no row
/// too: not run here.
#[test]
fn get_verifications__cast_of_null_to_integers() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT CAST(if(spent_credits > 4, NULL, spent_credits) AS Int32) AS c FROM key_verifications_v1",
        "SELECT CAST(if(spent_credits > 4, NULL, spent_credits) AS UInt8) AS c FROM key_verifications_v1",
        "SELECT sum(CAST((SELECT spent_credits FROM key_verifications_v1 WHERE 0) AS Int64)) AS c FROM key_verifications_v1",
    ] {
        assert_invalid(&s, query);
    }
    assert!(refused(
        &s,
        "SELECT CAST((0 / 0) AS Int32) AS c FROM key_verifications_v1"
    )
    .1
    .starts_with("unkey-local does not run a float nan"));
    // Where no `NULL` reaches it, it runs; a `Nullable` target keeps it.
    assert_eq!(
        run(&s, "SELECT CAST(if(spent_credits > 40, NULL, spent_credits) AS Int32) AS c, CAST(if(spent_credits > 4, NULL, spent_credits) AS Nullable(Int32)) AS d FROM key_verifications_v1 ORDER BY spent_credits"),
        json!([{"c": 0, "d": 0}, {"c": 1, "d": 1}, {"c": 4, "d": 4}, {"c": 10, "d": null}])
    );
    assert_eq!(
        run(&s, "SELECT CAST(spent_credits AS Int32) AS c, count() AS n FROM key_verifications_v1 GROUP BY c WITH ROLLUP ORDER BY c, n"),
        json!([{"c": 0, "n": 1}, {"c": 0, "n": 4}, {"c": 1, "n": 1}, {"c": 4, "n": 1}, {"c": 10, "n": 1}])
    );
    for query in [
        "SELECT CAST(if(1, NULL, 1) AS Int32) AS c FROM key_verifications_v1",
        "SELECT CAST(if(spent_credits > 4, NULL, 'a') AS String) AS c FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query).1,
            "unkey-local does not run a CAST to a type that is not Nullable of an expression holding NULL (the real server does); see the unkey-local README",
            "{query}"
        );
    }
}

/// `CAST` to `Float32` (and its aliases `FLOAT`, `REAL`, `SINGLE`, DataTypesNumber.cpp): the
/// number rounded to the nearest `float` (ClickHouse's `static_cast`; a string read as one).
/// Answered as it is, upstream's Go writes it as a `float32` (clickhouse-go's Float32 column
/// scans into a `float32`, lib/column/column_gen.go, kept in the `ch.Dynamic` upstream's
/// QueryToMaps scans into, whose MarshalJSON is encoding/json's of a `float32`, strconv's
/// shortest digits for 32 bits: `0.1`); `toString` writes those digits too. Read as a `Float64`
/// (arithmetic, a comparison, `sum`, `avg`: NumberTraits' one size larger) it is the float's
/// exact value (`+ 0` is 0.10000000149011612, `= 0.1` false). Elsewhere its result stays a
/// `Float32` (`max`, `-x`, a subquery's column, a set operation): not run here.
#[test]
fn get_verifications__cast_to_float32() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT CAST(0.1 AS Float32) AS a, CAST(1.1 AS FLOAT) AS b, toString(CAST(0.1 AS Float32)) AS c, CAST(0.1 AS Float32) = 0.1 AS d, CAST(0.1 AS Float32) + 0 AS e, CAST(16777217 AS Float32) AS f, CAST('2.5' AS Float32) AS g, toString(CAST(1e-7 AS Float32)) AS h FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": 0.1, "b": 1.1, "c": "0.1", "d": 0, "e": 0.10000000149011612f64, "f": 16777216, "g": 2.5, "h": "1e-7"}])
    );
    assert_eq!(
        run(&s, "SELECT CAST((spent_credits / 3) AS Float32), avg(CAST((spent_credits / 3) AS Float32)) OVER () AS w FROM key_verifications_v1 ORDER BY 1"),
        json!([
            {"CAST(divide(spent_credits, 3), 'Float32')": 0, "w": 1.2499999925494194f64},
            {"CAST(divide(spent_credits, 3), 'Float32')": 0.33333334f64, "w": 1.2499999925494194f64},
            {"CAST(divide(spent_credits, 3), 'Float32')": 1.3333334f64, "w": 1.2499999925494194f64},
            {"CAST(divide(spent_credits, 3), 'Float32')": 3.3333333f64, "w": 1.2499999925494194f64}
        ])
    );
    // (`min`, `max` and `any` keep its `Float32`, AggregateFunctionMinMaxAny, as `-x` does:
    // answered as it is, written as Go writes a `float32`; over no rows its default, 0. Its
    // negation plus an integer is a `Float64`'s sum.)
    assert_eq!(
        run(&s, "SELECT max(CAST((spent_credits / 3) AS Float32)) AS a, min(CAST((spent_credits + 0.1) AS Float32)) AS b, any(CAST(0.1 AS Float32)) AS c, -CAST(0.1 AS Float32) AS n, -CAST(0.1 AS Float32) + 1 AS p FROM key_verifications_v1"),
        json!([{"a": 3.3333333f64, "b": 0.1, "c": 0.1, "n": -0.1, "p": 0.8999999985098839f64}])
    );
    assert_eq!(
        run(&s, "SELECT max(CAST(spent_credits AS Float32)) AS a FROM key_verifications_v1 WHERE spent_credits > 100"),
        json!([{"a": 0}])
    );
    assert_eq!(
        refused(
            &s,
            "SELECT CAST('abc' AS Float32) AS x FROM key_verifications_v1"
        ),
        (
            "invalid_analytics_query".into(),
            "Invalid SQL syntax".into()
        )
    );
    let not_run = "unkey-local does not run a CAST to Float32 read otherwise than answered as it is, by toString, as an operand of arithmetic or a comparison, or by sum, avg or a conversion (its Float32 kept: min, max, any or negation but answered as they are, if, arrays, set operations, rounding, a subquery's column, …), or of a time (the real server does); see the unkey-local README";
    for query in [
        "SELECT max(CAST(spent_credits AS Float32)) + 1 AS a FROM key_verifications_v1",
        "SELECT max(CAST(spent_credits AS Float32)) OVER () AS a FROM key_verifications_v1",
        "SELECT round(-CAST(0.1 AS Float32), 1) AS a FROM key_verifications_v1",
        "SELECT x FROM (SELECT CAST(0.1 AS Float32) AS x FROM key_verifications_v1)",
        "SELECT CAST(0.1 AS Float32) AS x FROM key_verifications_v1 WHERE x > 0",
        "SELECT CAST(now() AS Float32) AS x FROM key_verifications_v1",
        "SELECT CAST(0.1 AS Float32) AS x FROM key_verifications_v1 UNION ALL SELECT 1",
        "SELECT [CAST(0.1 AS Float32)] AS x FROM key_verifications_v1",
        // (A string literal compared with it is read as a `Float32` there.)
        "SELECT count() AS n FROM key_verifications_v1 WHERE CAST(0.1 AS Float32) = '0.1'",
        "SELECT count() AS n FROM key_verifications_v1 WHERE '0.1' < CAST(0.1 AS Float32)",
    ] {
        assert_eq!(refused(&s, query).1, not_run, "{query}");
    }
}

/// `CAST` to `Decimal(P, S)` (`Decimal32(S)` … of P 9, 18, 38, 76; `decimal`, `DEC`,
/// `NUMERIC`: DataTypeDecimal's registrations, case-insensitive), converted as ClickHouse's
/// `convertToDecimalImpl` does (src/DataTypes/DataTypesDecimal.cpp, the stored version newer
/// than 25.6, whose conversions 00700_decimal_casts.reference already shows): an integer
/// scaled, checked against the underlying integer only (`CAST(1000 AS Decimal(4, 2))` holds
/// 100000 in its `Int32`); a float multiplied by 10^S as a `Float64` and cut toward zero
/// (`toDecimal32(9.99999999, 8)` is `9.99999998` in 00700_decimal_casts.reference;
/// `toDecimal64(324.46, 2)` is `324.45`, ClickHouse issue #61427; rounding it instead is PR
/// #107923, open in 2026-07, after 25.6); a string read by
/// readDecimalText with the type's largest precision, digits past the scale cut
/// (`CAST('0.123456789', 'Decimal(9,8)')` is `0.12345678`, `'-0.1'` to scale 0 is `0`), too
/// many before the point ARGUMENT_OUT_OF_BOUND (`CAST('123456789', 'Decimal(9,1)')`), a float
/// outside the underlying integer DECIMAL_OVERFLOW (both upstream's "Invalid analytics
/// query"), a string with more after its number CANNOT_PARSE_TEXT ("Invalid SQL syntax").
/// Upstream's Go reads a
/// `Decimal` into a shopspring `decimal.Decimal`, which JSON writes as a string without
/// trailing zeros (`"5"` of `5.00`), as `toString` writes it too (FunctionsConversion's
/// FormatImpl of a Decimal: WriteHelpers' writeText with `trailing_zeros` false); `sum` of
/// one is ClickHouse's `Decimal128` of its scale (a sum of the rows' cut values: 0, 0.33, 1.33
/// and 3.33 here), `min`/`max`/`any` keep it; `avg` of one is a `Float64`, the sum's units as
/// one divided by 10^S and then by the count (AggregateFunctionAvg.h, AvgFraction's
/// divideIfAnyDecimal through DecimalUtils::convertTo). A subquery's column of one (of a
/// `Decimal64` to scale 9 or a `Decimal128` to 28, whose integer holds every sum or product
/// its reader runs, below 2^32) is read as any `Decimal` held as a float is. Read otherwise (its arithmetic, whose `/` keeps the
/// scale, a window's `avg`, its alias read in its own `SELECT`), of a `Float32` (multiplied in
/// 32 bits there), or where its value is a fraction no float writes back (`CAST(0.1 AS Decimal(38, 30))` is the float's own
/// digits, ClickHouse issue #57934): not run here.
#[test]
fn get_verifications__cast_to_decimal() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT CAST(5 AS Decimal(10, 2)) AS a, toString(CAST(5 AS Decimal(10, 2))) AS b, toString(CAST(-7 AS Decimal32(3))) AS c, CAST(count() AS decimal(18, 4)) AS d, sum(CAST(spent_credits AS Decimal64(2))) AS e, toString(CAST(3 AS Decimal(5))) AS f FROM key_verifications_v1"),
        json!([{"a": "5", "b": "5", "c": "-7", "d": "4", "e": "15", "f": "3"}])
    );
    assert_eq!(
        run(&s, "SELECT CAST(1.5 AS Decimal(4, 2)) AS a, CAST('1.5' AS Decimal(4, 2)) AS b, CAST(1000 AS Decimal(4, 2)) AS d, CAST(9.99999999 AS Decimal32(8)) AS e, toString(CAST(9.99999999 AS Decimal32(8))) AS f, CAST(324.46 AS Decimal(10, 2)) AS g, toString(CAST('0.123456789' AS Decimal(9, 8))) AS h, CAST('-0.1' AS Decimal(9, 0)) AS i, toString(CAST(-2.5 AS Decimal(9, 3))) AS j, toString(CAST(-0.5 AS Decimal(9, 3))) AS l, CAST(5 AS Decimal(38, 30)) AS k, CAST(9007199254740993 AS Decimal(18, 0)) AS m FROM key_verifications_v1 LIMIT 1"),
        json!([{"a": "1.5", "b": "1.5", "d": "1000", "e": "9.99999998", "f": "9.99999998", "g": "324.45", "h": "0.12345678", "i": "0", "j": "-2.5", "l": "-0.5", "k": "5", "m": "9007199254740993"}])
    );
    assert_eq!(
        run(&s, "SELECT sum(CAST((spent_credits / 3) AS Decimal(10, 2))) AS a, max(CAST((spent_credits * 1.1) AS Decimal(9, 1))) AS b, max(CAST((spent_credits / 4) AS Decimal(9, 2))) AS c, min(CAST(toString(spent_credits) AS Decimal(9, 2))) AS d, avg(CAST(spent_credits AS Decimal(10, 2))) AS e, avg(CAST((spent_credits / 3) AS Decimal(10, 2))) * 2 AS f FROM key_verifications_v1"),
        json!([{"a": "4.99", "b": "11", "c": "2.5", "d": "0", "e": 3.75, "f": 2.495}])
    );
    assert_eq!(
        run(&s, "SELECT CAST(spent_credits AS NUMERIC(10, 2)) FROM key_verifications_v1 ORDER BY spent_credits"),
        json!([
            {"CAST(spent_credits, 'NUMERIC(10, 2)')": "0"},
            {"CAST(spent_credits, 'NUMERIC(10, 2)')": "1"},
            {"CAST(spent_credits, 'NUMERIC(10, 2)')": "4"},
            {"CAST(spent_credits, 'NUMERIC(10, 2)')": "10"}
        ])
    );
    assert_eq!(
        run(&s, "SELECT CAST((spent_credits / 4) AS Decimal(9, 2)) AS a FROM key_verifications_v1 ORDER BY 1 DESC"),
        json!([{"a": "2.5"}, {"a": "1"}, {"a": "0.25"}, {"a": "0"}])
    );
    for (query, detail) in [
        ("SELECT CAST('123456789' AS Decimal(9, 1)) AS a FROM key_verifications_v1", "Invalid analytics query"),
        ("SELECT CAST((spent_credits * 1e9) AS Decimal(9, 0)) AS a FROM key_verifications_v1", "Invalid analytics query"),
        ("SELECT CAST((spent_credits + 3000000000) AS Decimal(9, 0)) AS a FROM key_verifications_v1", "Invalid analytics query"),
        ("SELECT CAST('1.5x' AS Decimal(9, 2)) AS a FROM key_verifications_v1", "Invalid SQL syntax"),
    ] {
        assert_eq!(refused(&s, query).1, detail, "{query}");
    }
    // (The sum of a `DateTime64`'s difference, a `Decimal` of seconds held as a float here, is
    // its µs added exactly, see `get_verifications__datetime64_difference_sum_and_avg`.)
    assert_eq!(
        run(&s, "SELECT sum(toDateTime64('2026-01-01 00:00:01.25', 3) - toDateTime64('2026-01-01 00:00:00', 3)) AS s FROM key_verifications_v1"),
        json!([{"s": "5"}])
    );
    // A subquery's, CTE's or set operation's column of it: its value, read as a `Decimal` is
    // ([`Ty::Decimal`]: compared, written, `sum`/`avg` of its µs; `0.25`, 0.5 past the µs,
    // refused there), and of a sum its sum's (`Decimal128`).
    assert_eq!(
        run(&s, "SELECT a, toString(a) AS t, a > 1 AS g, a = 0.25 AS e FROM (SELECT CAST((spent_credits / 4) AS Decimal(10, 2)) AS a FROM key_verifications_v1) ORDER BY a"),
        json!([
            {"a": "0", "t": "0", "g": 0, "e": 0},
            {"a": "0.25", "t": "0.25", "g": 0, "e": 1},
            {"a": "1", "t": "1", "g": 0, "e": 0},
            {"a": "2.5", "t": "2.5", "g": 1, "e": 0}
        ])
    );
    assert_eq!(
        run(&s, "WITH x AS (SELECT CAST((spent_credits / 3) AS Decimal(18, 2)) AS c FROM key_verifications_v1) SELECT sum(c) AS s, max(c) AS m, avg(c) AS v, (SELECT s FROM (SELECT sum(CAST((spent_credits / 3) AS Decimal(10, 2))) AS s FROM key_verifications_v1)) AS q FROM x"),
        json!([{"s": "4.99", "m": "3.33", "v": 1.2475, "q": "4.99"}])
    );
    assert_eq!(
        run(&s, "SELECT a * 2 AS b, a + 1 AS c FROM (SELECT CAST(1.5 AS Decimal(38, 1)) AS a FROM key_verifications_v1) LIMIT 1"),
        json!([{"b": "3", "c": "2.5"}])
    );
    assert_eq!(
        run(&s, "SELECT CAST(1.5 AS Decimal(10, 1)) AS a FROM key_verifications_v1 WHERE spent_credits = 1 UNION ALL SELECT 2 AS a FROM key_verifications_v1 WHERE spent_credits = 1"),
        json!([{"a": "1.5"}, {"a": "2"}])
    );
    for query in [
        "SELECT a / 2 AS b FROM (SELECT CAST(1.5 AS Decimal(10, 1)) AS a FROM key_verifications_v1)",
        "SELECT sum(c) AS s FROM (SELECT CAST('0.1234567' AS Decimal(9, 7)) AS c FROM key_verifications_v1)",
        // (An integer past 64 bits, which SQLite holds as a float, ClickHouse scales exactly.)
        "SELECT CAST(18446744073709551615 AS Decimal(38, 0)) AS a FROM key_verifications_v1",
    ] {
        assert!(
            refused(&s, query).1.starts_with("unkey-local does not run "),
            "{query}"
        );
    }
    let not_run = "unkey-local does not run a CAST to a Decimal read otherwise than answered as it is or as a subquery's column (of a Decimal64 to scale 9 or a Decimal128 to 28; also through sum, min, max or any), by avg or by toString, of a Float32, a time or a value of a type not known here, to more than 38 digits, or of a value held here in no exact number (its units past 64 bits, a fraction no float writes back, a string of an unusual form) (the real server does); see the unkey-local README";
    for query in [
        "SELECT CAST(5 AS Decimal(10, 2)) / 2 AS a FROM key_verifications_v1",
        "SELECT avg(CAST(5 AS Decimal(10, 2))) OVER () AS a FROM key_verifications_v1",
        "SELECT a FROM (SELECT CAST(5 AS Decimal(10, 2)) AS a FROM key_verifications_v1 WHERE a > 0)",
        // (A subquery's column of a `Decimal32`, whose `Int32` its reader's `+` or `*` could
        // overflow, DECIMAL_OVERFLOW there, or of a scale past 9 in a `Decimal64`.)
        "SELECT a + 1 AS b FROM (SELECT CAST(1.5 AS Decimal(9, 1)) AS a FROM key_verifications_v1)",
        "SELECT a FROM (SELECT max(CAST(1.5 AS Decimal(18, 10))) AS a FROM key_verifications_v1)",
        // (A subquery's column of a whole value of 2^53 or more, which its reader could compare
        // with a float: ClickHouse through the decimal's `Float64`, SQLite exactly.)
        "SELECT a > 0.5 AS x FROM (SELECT CAST(9007199254740993 AS Decimal(18, 0)) AS a FROM key_verifications_v1)",
        "SELECT CAST(CAST(0.1 AS Float32) AS Decimal(9, 2)) AS a FROM key_verifications_v1",
        "SELECT CAST(0.1 AS Decimal(38, 30)) AS a FROM key_verifications_v1",
        "SELECT CAST(1.5 AS Decimal(40, 2)) AS a FROM key_verifications_v1",
        "SELECT sum(CAST(spent_credits AS Decimal(38, 30))) AS a FROM key_verifications_v1",
        "SELECT CAST(' 1' AS Decimal(9, 2)) AS a FROM key_verifications_v1",
        "SELECT CAST(now() AS Decimal(18, 2)) AS a FROM key_verifications_v1",
    ] {
        assert_eq!(refused(&s, query).1, not_run, "{query}");
    }
}

/// `CAST` to an array where nothing is converted: of an empty literal (ClickHouse's
/// `Array(Nothing)`, 03011_definitive_guide_to_cast: "an empty array of Nothing data type can
/// be converted to arrays of any dimensions"), or of an array of strings to `Array(String)`;
/// named `CAST(x, 'Array(String)')`. Another (whose elements ClickHouse converts) is not run.
#[test]
fn get_verifications__cast_to_arrays() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT CAST([] AS Array(String)) AS a, toString(CAST([] AS Array(Int64))) AS c, if(1, tags, CAST([] AS Array(String))) AS d, length(CAST([] AS Array(String))) AS e, has(CAST([] AS Array(String)), 'a') AS f, CAST(tags AS Array(String)) FROM key_verifications_v1 ORDER BY length(tags) DESC LIMIT 1"),
        json!([{"a": [], "c": "[]", "d": ["t1", "t2"], "e": 0, "f": 0, "CAST(tags, 'Array(String)')": ["t1", "t2"]}])
    );
    for query in [
        "SELECT CAST([1, 2] AS Array(String)) AS a FROM key_verifications_v1",
        "SELECT CAST(tags AS Array(Int64)) AS a FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query).1,
            "unkey-local does not run a CAST to an array of other than an empty array literal, or of an array of strings to Array(String) (the real server does); see the unkey-local README",
            "{query}"
        );
    }
}

/// A `DateTime64` less a `DateTime64` is ClickHouse's `Decimal` of seconds at the larger
/// scale (02156_minus_op_with_datatime64: `3599.999544`, `3600.000456`), exact: `toString`,
/// `concat` and `CAST` write it as ClickHouse's writeText of a Decimal (WriteHelpers.h,
/// FormatImpl's `trailing_zeros` false: no trailing zeros, no point when whole), and upstream's
/// Go reads it as a shopspring `decimal.Decimal` (clickhouse-go lib/column/decimal.go
/// `decimal.New(v, -scale)`, into upstream's `ch.Dynamic`, whose MarshalJSON marshals the
/// decimal: a quoted string without trailing zeros); compared with a float, as its nearest
/// `Float64` (DecimalComparison converts it), so `= 0.000456` holds; `toFloat64` that float;
/// `min`, `max`, `any`, `if`, `coalesce` keep it; `sum` (a `Decimal128` of its scale), `avg`
/// (a `Float64`), `round`/`floor`/`ceil`, `+`/`-` with an integer or another and `*` by an
/// integer compute with its µs exactly (see `get_verifications__datetime64_difference_sum_and_avg`).
/// ClickHouse's decimal arithmetic otherwise (`/`, with a float), `quantile`, `sumIf`, a window's
/// `sum`, arrays of it, and a distance of 2^32 seconds or more are not run here (it is held as
/// a float).
#[test]
fn get_verifications__datetime64_difference_is_an_exact_decimal() {
    let s = at_one_verification();
    let d = "(toDateTime64(time / 1000 + 0.0004567, 6) - toDateTime64(time / 1000, 6))";
    assert_eq!(
        run(&s, &format!("SELECT {d} AS a, toString({d}) AS t, CAST({d} AS String) AS c, concat('x', {d}) AS cc, toFloat64({d}) AS f, toInt32({d}) AS i, -{d} AS n, {d} = 0.000456 AS e, {d} > 0.000456 AS g, {d} < 1 AS l, if(1, {d}, 1) AS w, coalesce({d}, 2) AS co FROM key_verifications_v1")),
        json!([{
            "a": "0.000456",
            "t": "0.000456",
            "c": "0.000456",
            "cc": "x0.000456",
            "f": 0.000456,
            "i": 0,
            "n": "-0.000456",
            "e": 1,
            "g": 0,
            "l": 1,
            "w": "0.000456",
            "co": "0.000456",
        }])
    );
    assert_eq!(
        run(&s, &format!("SELECT min({d}) AS m, max({d}) AS x, any({d}) AS y, toString(-(now64() - now64())) AS z, concat(-(now64() - now64())) AS zc, toString(toDateTime64('2030-03-31 12:00:00.5', 3) - toDateTime64('2030-03-31 11:00:00', 3)) AS h, toString(toDateTime64('2099-12-31 00:00:00', 6) - toDateTime64('1970-01-01 00:00:00.000001', 6)) AS far FROM key_verifications_v1")),
        json!([{"m": "0.000456", "x": "0.000456", "y": "0.000456", "z": "0", "zc": "0", "h": "3600.5", "far": "4102358399.999999"}])
    );
    for query in [
        format!("SELECT {d} * 1.5 AS x FROM key_verifications_v1"),
        format!("SELECT {d} + 0.5 AS x FROM key_verifications_v1"),
        format!("SELECT {d} / 2 AS x FROM key_verifications_v1"),
        format!("SELECT sum({d}) OVER () AS x FROM key_verifications_v1"),
        format!("SELECT avg({d}) OVER () AS x FROM key_verifications_v1"),
        format!("SELECT sumIf({d}, 1) AS x FROM key_verifications_v1"),
        format!("SELECT quantile(0.5)({d}) AS x FROM key_verifications_v1"),
        format!("SELECT [{d}] AS x FROM key_verifications_v1"),
        format!("SELECT groupArray({d}) AS x FROM key_verifications_v1"),
        format!("SELECT {d} AS x FROM key_verifications_v1 ORDER BY x WITH FILL STEP 0.1"),
        format!("SELECT {d} = '0.000456' AS x FROM key_verifications_v1"),
        format!("SELECT {d} IN ('0.000456') AS x FROM key_verifications_v1"),
        "SELECT toDateTime64('2299-12-31 00:00:00', 6) - toDateTime64('1900-01-01 00:00:00', 6) AS x FROM key_verifications_v1".to_string(),
    ] {
        let (kind, detail) = refused(&s, &query);
        assert_eq!(kind, "invalid_analytics_query", "{query}");
        assert!(detail.starts_with("unkey-local does not run"), "{query}: {detail}");
    }
    // Beside a float it has no common type (getLeastSupertype: "because some of them have no
    // lossless conversion to Decimal", NO_COMMON_TYPE); beside an integer it is a `Decimal`.
    assert_invalid(
        &s,
        &format!("SELECT if(1, {d}, 0.5) AS x FROM key_verifications_v1"),
    );
    assert_eq!(
        run(
            &s,
            &format!("SELECT if(0, {d}, 2) AS x FROM key_verifications_v1")
        ),
        json!([{"x": "2"}])
    );
    // A `RANGE` frame's offset over it: a ColumnDecimal, which WindowTransform's range
    // offset comparators do not take (NOT_IMPLEMENTED "The RANGE OFFSET frame for
    // 'DB::ColumnDecimal<…>' ORDER BY column is not implemented"), as for a `DateTime64`.
    assert_invalid(
        &s,
        &format!("SELECT count() OVER (ORDER BY {d} RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) AS c FROM key_verifications_v1"),
    );
}

/// `sum` of a `DateTime64` less a time is ClickHouse's `Decimal128` of its scale
/// (AggregateFunctionSum: a decimal's sum keeps its scale), the exact sum of the decimals (0.2,
/// 0.1, 0.2 and 0.2 here, whose floats add to `0.7000000000000001`), written as upstream's Go
/// writes a decimal, `"0"` over no rows; `avg` its `Float64`, the sum's units as one divided
/// by 10^scale and then by the count (AggregateFunctionAvg.h's divideIfAnyDecimal through
/// DecimalUtils::convertTo; of its µs here, the same float below 2^53 µs); `round`, `floor`,
/// `ceil`, and `+`/`-` with an integer or another, exact.
#[test]
fn get_verifications__datetime64_difference_sum_and_avg() {
    let (s, _, _) = recorded();
    let d = "(if(spent_credits = 1, toDateTime64('2030-01-01 00:00:00.1', 1), toDateTime64('2030-01-01 00:00:00.2', 1)) - toDateTime64('2030-01-01 00:00:00', 3))";
    assert_eq!(
        run(
            &s,
            &format!("SELECT sum({d}) AS s, toString(sum({d})) AS t FROM key_verifications_v1")
        ),
        json!([{"s": "0.7", "t": "0.7"}])
    );
    // (ClickHouse's analyzer would move the constant time out of this `avg`, `avg` of a
    // `DateTime64` less it, which is not followed here.)
    assert!(refused(
        &s,
        &format!("SELECT avg({d}) AS a FROM key_verifications_v1")
    )
    .1
    .starts_with("unkey-local does not run sum or avg of arithmetic with a constant"));
    let e = "(if(spent_credits = 1, toDateTime64('2030-01-01 00:00:00.1', 1), toDateTime64('2030-01-01 00:00:00.2', 1)) - if(spent_credits > 100, toDateTime64('2031-01-01 00:00:00', 3), toDateTime64('2030-01-01 00:00:00', 3)))";
    assert_eq!(
        run(
            &s,
            &format!("SELECT avg({e}) AS a FROM key_verifications_v1")
        ),
        json!([{"a": 0.175}])
    );
    assert_eq!(
        run(
            &s,
            &format!("SELECT sum({d}) AS s FROM key_verifications_v1 WHERE spent_credits > 100")
        ),
        json!([{"s": "0"}])
    );
    // `round`, `floor`, `ceil` of it: ClickHouse's IntegerRoundingComputation of its units
    // (FunctionsRound.h; `round`'s tie away from zero), a `Decimal` of its scale again.
    let t =
        "(toDateTime64('2030-01-01 00:00:00.000455', 6) - toDateTime64('2030-01-01 00:00:00', 6))";
    assert_eq!(
        run(&s, &format!("SELECT round({t}, 5) AS r, round(-{t}, 5) AS n, floor({t}, 4) AS f, ceil({t}, 4) AS c, floor(-{t}) AS g, round({t}) AS z, round({t}, 9) AS k FROM key_verifications_v1 LIMIT 1")),
        json!([{"r": "0.00046", "n": "-0.00046", "f": "0.0004", "c": "0.0005", "g": "-1", "z": "0", "k": "0.000455"}])
    );
    // `+`/`-` of it and an integer or another: ClickHouse's decimal sum, exact (a `Decimal` of
    // the larger scale); `*` of it and an integer its product (of its scale).
    assert_eq!(
        run(&s, &format!("SELECT {t} * 1000 AS a, 2 * {t} AS b, {t} * 1000 * 2 AS c, -{t} * 3 AS d FROM key_verifications_v1 LIMIT 1")),
        json!([{"a": "0.455", "b": "0.00091", "c": "0.91", "d": "-0.001365"}])
    );
    for query in [
        format!("SELECT {t} * 0.5 AS x FROM key_verifications_v1"),
        format!("SELECT {t} * {t} AS x FROM key_verifications_v1"),
    ] {
        assert!(
            refused(&s, &query)
                .1
                .starts_with("unkey-local does not run arithmetic"),
            "{query}"
        );
    }
    assert_eq!(
        run(&s, &format!("SELECT {t} + 1 AS a, 1 - {t} AS b, {t} - {t} AS c, {t} + {t} + 2 AS d, toString({t} + 1) AS e, sum({t} + 1) AS f FROM key_verifications_v1")),
        json!([{"a": "1.000455", "b": "0.999545", "c": "0", "d": "2.00091", "e": "1.000455", "f": "4.00182"}])
    );
    let one = at_one_verification();
    let d = "(toDateTime64(time / 1000 + 0.0004567, 6) - toDateTime64(time / 1000, 6))";
    assert_eq!(
        run(
            &one,
            &format!(
                "SELECT sum({d}) AS s, avg({d}) AS a, sum(-{d}) AS n FROM key_verifications_v1"
            )
        ),
        json!([{"s": "0.000456", "a": 0.000456, "n": "-0.000456"}])
    );
}

/// The answer to `query` on `s`: its status and its rows (200) or its error detail.
fn status_and(s: &Server, query: &str) -> (u16, serde_json::Value) {
    let r = s.call("analytics.getVerifications", json!({"query": query}));
    let j = r.json();
    match r.status {
        200 => (200, j["data"].clone()),
        status => (status, j["error"]["detail"].clone()),
    }
}

/// The retention refusal of a query reaching back to `day`, at [`at_one_verification`]'s
/// clock (400 days: from 2029-02-24 12:34:56.123 on).
fn beyond_retention(day: &str) -> (u16, serde_json::Value) {
    (
        400,
        json!(format!(
            "Cannot query data older than 400 days. Your query attempts to access data from {day}, but only data from 2029-02-24 onwards is available."
        )),
    )
}

/// Upstream's retention check (pkg/clickhouse/query-parser/time_range.go at fc99b6b) takes a
/// column for `time` by `isTimeColumn`, which reads `terminalIdentifier`: the last part of a
/// qualified name (AfterShip's NestedIdentifier/Path). So `v.time` of an alias, a table's
/// `key_verifications_v1.time`, a rollup's `d.time` and a join side's `b.time` are checked as
/// the bare `time` is.
#[test]
fn retention__a_qualified_time_column_is_checked_as_time() {
    let s = at_one_verification();
    for q in [
        "SELECT count() AS n FROM key_verifications_v1 AS v WHERE v.time >= 1866630896000",
        "SELECT count() AS n FROM key_verifications_v1 WHERE key_verifications_v1.time >= 1866630896000",
        "SELECT count() AS n FROM key_verifications_v1 v WHERE 1866630896000 < v.time",
        "SELECT sum(count) AS n FROM key_verifications_per_day_v1 AS d WHERE d.time >= '2029-02-24'",
        "SELECT sum(count) AS n FROM key_verifications_per_day_v1 AS d WHERE d.time BETWEEN '2029-02-24' AND '2031-01-01'",
        "SELECT count() AS n FROM key_verifications_v1 AS a JOIN key_verifications_v1 AS b ON a.request_id = b.request_id WHERE b.time >= 1866630896000",
        "SELECT count() AS n FROM key_verifications_v1 AS v WHERE v.`time` >= 1866630896000",
        "SELECT count() AS n FROM key_verifications_v1 AS v WHERE [1, 2][1] = 1 AND v.time >= 1866630896000",
        // (A window function read whole, as AfterShip's parseIdentOrFunction reads `OVER`;
        // ClickHouse's refusal of it in a WHERE comes after upstream's check.)
        "SELECT count() AS n FROM key_verifications_v1 AS v WHERE count() OVER () > 0 AND v.time >= 1866630896000",
    ] {
        assert_eq!(status_and(&s, q), beyond_retention("2029-02-24"), "{q}");
    }
    // Within the retention, the same shapes answer.
    for q in [
        "SELECT count() AS n FROM key_verifications_v1 AS v WHERE v.time >= 1866630896123",
        "SELECT sum(count) AS n FROM key_verifications_per_day_v1 AS d WHERE d.time >= '2029-02-25'",
        "SELECT count() AS n FROM key_verifications_v1 AS a JOIN key_verifications_v1 AS b ON a.request_id = b.request_id WHERE b.time > 1866630896123",
    ] {
        assert_eq!(status_and(&s, q), (200, json!([{"n": 1}])), "{q}");
    }
}

/// Upstream reads a date string with Go's `time.Parse` and the layouts `time.RFC3339`,
/// `2006-01-02 15:04:05`, `2006-01-02` (time_range.go, extractTimestampFromExpr); Go accepts a
/// fraction of a second (`.` or `,` and digits) right after the seconds though the layout has
/// none (time/format.go, "fractional second ... even if the layout does not signify its
/// presence"). So such a string is a bound wherever upstream reads one: compared with `time`,
/// in `BETWEEN`, inside `toDateTime64(…, 3)` and `toDateTime(…)`; and its fraction counts
/// (`.000` is before 12:34:56.123, `.2` after).
#[test]
fn retention__a_date_string_with_a_fraction_of_a_second_is_a_bound() {
    let s = at_one_verification();
    for q in [
        "SELECT count() AS n FROM key_verifications_v1 WHERE time >= toUnixTimestamp64Milli(toDateTime64('2029-02-24 12:34:56.000', 3))",
        "SELECT count() AS n FROM key_verifications_v1 WHERE time >= toUnixTimestamp64Milli(toDateTime64('2029-02-24 12:34:56,1', 3))",
        "SELECT sum(count) AS n FROM key_verifications_per_hour_v1 WHERE time >= toDateTime('2029-02-24 12:34:56.000')",
        "SELECT sum(count) AS n FROM key_verifications_per_hour_v1 WHERE time >= '2029-02-24 12:34:56.5' - INTERVAL 1 SECOND",
        "SELECT sum(count) AS n FROM key_verifications_per_hour_v1 WHERE time BETWEEN '2029-02-24 12:00:00.000' AND '2031-01-01 00:00:00.000'",
        "SELECT sum(count) AS n FROM key_verifications_per_minute_v1 WHERE time >= '2029-02-24T12:34:56.1229Z'",
    ] {
        assert_eq!(status_and(&s, q), beyond_retention("2029-02-24"), "{q}");
    }
    assert_eq!(
        status_and(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE time >= toUnixTimestamp64Milli(toDateTime64('2029-02-24 12:34:56.200', 3))"
        ),
        (200, json!([{"n": 1}]))
    );
}

/// The rest of time_range.go as it reads a bound: a number is Go's `strconv.ParseInt(s, 10,
/// 64)` of the literal as AfterShip's lexer writes it, a sign against the digits included
/// (`-1` is 1969: refused; `0x…` and `1.0e12` are no int there: passed on); Go's `time.Parse`
/// refuses a day its month lacks and the hour 24 (passed on, to what ClickHouse answers);
/// `1_866_…` is AfterShip's syntax error (a number, then a name); and the check looks only
/// through binary operations and parentheses, not into a call (`if(…)`) or a ternary.
#[test]
fn retention__numbers_invalid_dates_and_what_upstream_does_not_look_into() {
    let s = at_one_verification();
    assert_eq!(
        status_and(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE time >= -1"
        ),
        beyond_retention("1969-12-31")
    );
    for q in [
        "SELECT count() AS n FROM key_verifications_v1 WHERE time >= 0x1b29bdf1613",
        "SELECT count() AS n FROM key_verifications_v1 WHERE time >= 1866630896000.0",
        "SELECT count() AS n FROM key_verifications_v1 WHERE if(time >= now() - INTERVAL 500 DAY, 1, 0)",
        "SELECT count() AS n FROM key_verifications_v1 WHERE time >= now() - INTERVAL 500 DAY ? 1 : 0",
        "SELECT count() AS n FROM key_verifications_v1 WHERE NOT time < now() - INTERVAL 500 DAY",
    ] {
        assert_eq!(status_and(&s, q), (200, json!([{"n": 1}])), "{q}");
    }
    for q in [
        "SELECT sum(count) AS n FROM key_verifications_per_day_v1 WHERE time >= '2029-02-30'",
        "SELECT sum(count) AS n FROM key_verifications_per_hour_v1 WHERE time >= '2029-02-23 24:00:00'",
    ] {
        // (Past the check: what ClickHouse makes of such a string, unkey-local does not run.)
        assert_eq!(
            status_and(&s, q),
            (400, json!("unkey-local does not run a time compared with a string of this form (the real server does); see the unkey-local README")),
            "{q}"
        );
    }
    // (AfterShip's consumeNumber: a name's character right after a number is "invalid
    // number", wherever it stands; `SELECT 1_000` is no `1 AS _000` there.)
    for q in [
        "SELECT count() AS n FROM key_verifications_v1 WHERE time >= 1_866_630_896_000",
        "SELECT 1_000 FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE time >= 0X1B29BDF1613",
        "SELECT count() AS n FROM key_verifications_v1 LIMIT 1d",
    ] {
        assert_eq!(status_and(&s, q), (400, json!(syntax_error(q).1)), "{q}");
    }
}

/// Upstream's parser (AfterShip clickhouse-sql-parser v0.4.18, ported in `chparse`) is the
/// first gate of every query, as upstream's query-parser `Parse` runs it: its syntax error
/// is "Invalid SQL syntax: " and the parser's wrapped error (`wrapError`: `line L:C
/// message`, the query's line, a `^` under each byte of the last token read), the details
/// here the Go parser's own output for these queries (its `ParseStmts`, /tmp/ap13 of
/// session 13): a truncated query (the lexer at its end: `unexpected token kind: <eof>`;
/// `WHERE outcome =` ends the expression loop, which stops at the end of the input before
/// the `=` is read), a query of several lines (the line and column of the last token), a
/// doubled keyword, `NOT BETWEEN` (its parseInfix takes `NOT IN|LIKE|ILIKE` only), `||`
/// and `INTERSECT` (unknown to v0.4.18: an alias, then a token too many).
#[test]
fn get_verifications__upstream_parser_errors_exact() {
    let (s, _, _) = recorded();
    for (query, detail) in [
        (
            "SELECT count() AS n FROM key_verifications_v1\nWHERE outcome = 'VALID'\n  AND key_id IN ('a',\n  GROUP BY outcome",
            "Invalid SQL syntax: line 3:8 expected the last token kind is: ), but got <keyword>\n  GROUP BY outcome\n        ^^\n",
        ),
        (
            "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits NOT BETWEEN 1 AND 2",
            "Invalid SQL syntax: line 0:70 expected IN, LIKE or ILIKE after NOT, got <keyword>\nSELECT count() AS n FROM key_verifications_v1 WHERE spent_credits NOT BETWEEN 1 AND 2\n                                                                      ^^^^^^^\n",
        ),
        (
            "SELECT count() AS n FROM key_verifications_v1 WHERE",
            "Invalid SQL syntax: line 0:51 unexpected token kind: <eof>\nSELECT count() AS n FROM key_verifications_v1 WHERE\n                                                   ^\n",
        ),
        (
            "SELECT count() AS n FROM key_verifications_v1 WHERE outcome =",
            "Invalid SQL syntax: line 0:60 <EOF> or ';' was expected, but got: \"=\"\nSELECT count() AS n FROM key_verifications_v1 WHERE outcome =\n                                                            ^\n",
        ),
        (
            "SELECT count(",
            "Invalid SQL syntax: line 0:13 expected the last token kind is: ), but got <eof>\nSELECT count(\n             ^\n",
        ),
        (
            "SELECT count() AS n FROM key_verifications_v1 ORDER BY BY n",
            "Invalid SQL syntax: line 0:58 <EOF> or ';' was expected, but got: \"n\"\nSELECT count() AS n FROM key_verifications_v1 ORDER BY BY n\n                                                          ^\n",
        ),
        (
            "SELECT outcome AS o FROM key_verifications_v1 INTERSECT SELECT outcome AS o FROM key_verifications_v1",
            "Invalid SQL syntax: line 0:56 <EOF> or ';' was expected, but got: \"SELECT\"\nSELECT outcome AS o FROM key_verifications_v1 INTERSECT SELECT outcome AS o FROM key_verifications_v1\n                                                        ^^^^^^\n",
        ),
    ] {
        assert_eq!(
            refused(&s, query),
            ("invalid_analytics_query".into(), detail.into()),
            "{query}"
        );
    }
    assert_eq!(
        refused(&s, "SELECT 'a' || 'b' AS a FROM key_verifications_v1"),
        syntax_error("SELECT 'a' || 'b' AS a FROM key_verifications_v1")
    );
    // `FROM FROM t` is a table named `FROM` there (a keyword is an identifier where one is
    // expected): past the parser, refused by upstream's table check (tables.go).
    assert_eq!(
        refused(&s, "SELECT count() AS n FROM FROM key_verifications_v1").1,
        "Access to table 'FROM' is not allowed"
    );
    // A comma before `FROM` makes `FROM` a column there and the table its alias: no `FROM`
    // clause, rewriteTables' "Query must have a FROM clause" (this ran the query before).
    assert_eq!(
        refused(&s, "SELECT count() AS n, FROM key_verifications_v1"),
        (
            "invalid_analytics_query".into(),
            "Query must have a FROM clause".into()
        )
    );
    // A form upstream's parser takes that this server's reading does not follow is refused as
    // not run, not as a syntax error: `OFFSET` as a name (an alias there). (A CTE's column
    // list is upstream's table refusal, see
    // `query_parser__operator_function_forms_are_refused_calls`.)
    assert_eq!(
        refused(&s, "SELECT outcome AS offset FROM key_verifications_v1").1,
        "unkey-local does not run this query, which upstream's parser takes, as read here (OFFSET as a name) (the real server does); see the unkey-local README"
    );
    // What follows a statement's `;` when it is one token is read and left by ParseStmts
    // (no second statement): upstream writes back and runs the first statement.
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1; x"),
        json!([{"n": 4}])
    );
    assert_eq!(
        refused(
            &s,
            "SELECT count() AS n FROM key_verifications_v1; SELECT 1"
        )
        .1,
        "Analytics queries must contain exactly one statement"
    );
    // Where the Go parser panics (parseOrderExpr reading the kind of the nil token after a
    // final `AS`; wrapError indexing past the input when a `--` comment ends it), upstream's
    // panic recovery (zen's WithPanicRecovery) answers its 500.
    for query in [
        "SELECT count() AS n FROM key_verifications_v1 ORDER BY n AS",
        "SELECT count() AS n FROM key_verifications_v1 WHERE outcome = -- c",
    ] {
        let r = s.call("analytics.getVerifications", json!({"query": query}));
        assert_eq!(r.status, 500, "{query}");
        assert_eq!(
            r.json()["error"]["detail"],
            "An unexpected error occurred while processing your request.",
            "{query}"
        );
    }
}

/// validateComplexity (query-parser/parser.go) counts every node `walkQueryIncludingExcept`
/// visits (AfterShip's `Walk`, then each `EXCEPT` branch) and the select items of every
/// `SELECT` it visits: more than 2,000 nodes is "Analytics query is too complex", more than
/// 64 items "Analytics query projects too many columns", the first crossed in the walk's
/// order. Counted as the Go walk counts them: a list `IN (0, 1, …)` of 990 numbers beside
/// `count() AS n, 1 AS o` is 2,000 nodes, of 991 2,002.
#[test]
fn get_verifications__complexity_limits_exact() {
    let (s, _, _) = recorded();
    let listed = |k: usize| {
        let list: Vec<String> = (0..k).map(|i| i.to_string()).collect();
        format!(
            "SELECT count() AS n, 1 AS o FROM key_verifications_v1 WHERE spent_credits IN ({})",
            list.join(", ")
        )
    };
    assert_eq!(run(&s, &listed(990)), json!([{"n": 4, "o": 1}]));
    assert_eq!(
        refused(&s, &listed(991)).1,
        "Analytics query is too complex"
    );
    let columns = |n: usize| {
        let items: Vec<String> = (0..n).map(|i| format!("outcome AS c{i}")).collect();
        format!(
            "SELECT {} FROM key_verifications_v1 LIMIT 1",
            items.join(", ")
        )
    };
    assert_eq!(run(&s, &columns(64))[0].as_object().unwrap().len(), 64);
    assert_eq!(
        refused(&s, &columns(65)).1,
        "Analytics query projects too many columns"
    );
    // 16 KB of nesting (the longest query taken) is parsed in time, and counted.
    for query in [
        format!("SELECT {}1{}", "(".repeat(8188), ")".repeat(8188)),
        format!("SELECT {}", vec!["spent_credits"; 1169].join("+")),
    ] {
        let started = std::time::Instant::now();
        assert_eq!(refused(&s, &query).1, "Analytics query is too complex");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}

/// `GROUP BY GROUPING SETS ((), ())` (more than one set, all `()`) without an aggregate
/// function, then `HAVING c`: ClickHouse 25.6 answers the rows as they are, `c` unapplied. Its
/// planner moves a `HAVING` to the `WHERE` only where nothing aggregates and there is no `GROUP
/// BY` (Planner.cpp: `need_aggregate` is `hasGroupBy() || has_aggregates`; of one set the
/// analyzer removes the `GROUP BY`, see the test above), and adds the `HAVING`'s filter step
/// only beside an aggregation (`if (expression_analysis_result.hasAggregation())`), which
/// PlannerExpressionAnalysis.cpp's analyzeAggregation makes of no keys and no aggregates none:
/// the `HAVING` is analysed (its names, calls and constants, and validated as aggregating, so a
/// column is NOT_AN_AGGREGATE) and never run. Read were the stored Planner.cpp versions before
/// and after 25.6, which agree. A `HAVING` that calls `arrayJoin`, a window or a subquery, or
/// is followed by another clause than `ORDER BY` or `LIMIT`, is still not run. Before, every
/// such `HAVING` was refused as not run.
#[test]
fn get_verifications__grouping_sets_of_empty_sets_ignore_having() {
    let (s, _, _) = recorded(); // credits 1, 4, 10 and 0
    assert_eq!(
        run(&s, "SELECT 1 AS one FROM key_verifications_v1 GROUP BY GROUPING SETS ((), ()) HAVING one = 2"),
        json!([{"one": 1}, {"one": 1}, {"one": 1}, {"one": 1}])
    );
    assert_eq!(
        run(&s, "SELECT 'x' AS k FROM key_verifications_v1 WHERE spent_credits > 0 GROUP BY GROUPING SETS ((), (), ()) HAVING 0 ORDER BY k LIMIT 2"),
        json!([{"k": "x"}, {"k": "x"}])
    );
    assert_invalid(
        &s,
        "SELECT spent_credits > 3 AS big FROM key_verifications_v1 GROUP BY GROUPING SETS ((), ()) HAVING 0",
    );
    assert_eq!(
        run(&s, "SELECT 1 AS one FROM key_verifications_v1 WHERE spent_credits > 3 GROUP BY GROUPING SETS ((), ()) HAVING one = 2 AND 1 = 0 ORDER BY one"),
        json!([{"one": 1}, {"one": 1}])
    );
    // Its analysis still reads it: a column is no key, an unknown name is unknown.
    assert_invalid(
        &s,
        "SELECT 1 AS one FROM key_verifications_v1 GROUP BY GROUPING SETS ((), ()) HAVING spent_credits > 3",
    );
    assert_eq!(
        refused(&s, "SELECT 1 AS one FROM key_verifications_v1 GROUP BY GROUPING SETS ((), ()) HAVING nope = 1").1,
        "Unknown identifier in analytics query"
    );
    // (A constant that fails fails as the analysis folds it, `modulo(1, 0)`.)
    assert_invalid(
        &s,
        "SELECT 1 AS one FROM key_verifications_v1 GROUP BY GROUPING SETS ((), ()) HAVING 1 % 0 = 1",
    );
    for query in [
        "SELECT 1 AS one FROM key_verifications_v1 GROUP BY GROUPING SETS ((), ()) HAVING arrayJoin([1, 2]) > 1",
        "SELECT 1 AS one FROM key_verifications_v1 GROUP BY GROUPING SETS ((), ()) HAVING (SELECT count() FROM key_verifications_v1) = 4",
    ] {
        assert_eq!(
            refused(&s, query).1,
            "unkey-local does not run GROUPING SETS of only () without an aggregate function followed by other than ORDER BY, LIMIT, WINDOW or QUALIFY, or by a HAVING of more than one () that calls arrayJoin, a window or a subquery or is followed by other than ORDER BY or LIMIT (the real server does); see the unkey-local README",
            "{query}"
        );
    }
}

/// The text refused where `groupUniqArray`'s order is the order values reach ClickHouse's set.
const UNIQ_ORDER_REFUSED: &str = "unkey-local does not run groupUniqArray of two or more values whose order ClickHouse's hash set leaves to the order they reach it (two values of one home cell, the zero or empty value beside a resize, more than 8 numbers, or a type whose hashing is not followed here: an array of other elements than strings, numbers, Bools and times, a tuple, a float -0 or an array holding a float zero) (the real server does); see the unkey-local README";

/// `groupUniqArray` of strings answers ClickHouse's hash set's order, not the order first
/// seen. AggregateFunctionGroupUniqArray.cpp keeps a `String` in the generic
/// `HashSetWithSavedHashWithStackMemory<StringRef, StringRefHash, 3>` (8 cells up to 4 values,
/// HashTableGrower), `StringRefHash` CRC32Hash (base/base/StringRef.h, CRC32C on ClickHouse's
/// x86-64 and aarch64 builds); HashTable.h places a value at `hash & 7` (probing on) and
/// iterates its cells in turn, the empty string (its zero key) first. The cells, from
/// tests/reference/ch_hash_order.c (`s 3 VALID USAGE_EXCEEDED DISABLED t1 t2`): VALID 5,
/// USAGE_EXCEEDED 1, DISABLED 0, t1 3, t2 3. Two values of one cell (`t1`, `t2`) sit in the
/// order they reached the set, which ClickHouse's parallel reading and merging leave open:
/// refused, but where the order is not read (`length`, `has`).
#[test]
fn get_verifications__group_uniq_array_of_strings_in_hash_order() {
    let s = Server::start(&["--analytics"]);
    let api = s.create_api();
    let (_, a) = s.create_key(json!({"apiId": api, "credits": {"remaining": 1}}));
    let (_, b) = s.create_key(json!({"apiId": api, "enabled": false}));
    s.verify(json!({"key": a, "tags": ["t1", "t2"]})); // VALID
    s.verify(json!({"key": a})); // USAGE_EXCEEDED
    s.verify(json!({"key": b})); // DISABLED
                                 // First seen: VALID, USAGE_EXCEEDED, DISABLED; by cell 0, 1, 5.
    assert_eq!(
        run(
            &s,
            "SELECT groupUniqArray(outcome) AS o FROM key_verifications_v1"
        ),
        json!([{"o": ["DISABLED", "USAGE_EXCEEDED", "VALID"]}])
    );
    assert_eq!(
        run(&s, "SELECT key_id, groupUniqArray(outcome) AS o FROM key_verifications_v1 GROUP BY key_id ORDER BY length(o) DESC LIMIT 1"),
        run(&s, "SELECT any(key_id) AS key_id, ['USAGE_EXCEEDED', 'VALID'] AS o FROM key_verifications_v1 WHERE outcome != 'DISABLED'")
    );
    // The empty string (the zero key) first; first seen `'VALID'`.
    assert_eq!(
        run(&s, "SELECT groupUniqArray(if(outcome = 'VALID', outcome, '')) AS o FROM key_verifications_v1"),
        json!([{"o": ["", "VALID"]}])
    );
    assert_eq!(
        run(&s, "SELECT length(groupUniqArray(arrayJoin(tags))) AS n, has(groupUniqArray(arrayJoin(tags)), 't2') AS h FROM key_verifications_v1"),
        json!([{"n": 2, "h": 1}])
    );
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT groupUniqArray(arrayJoin(tags)) AS t FROM key_verifications_v1"}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"]["detail"], UNIQ_ORDER_REFUSED);
}

/// `groupUniqArray` of arrays of strings (`tags`, `Array(String)`; `[tags]`) answers
/// ClickHouse's hash set's order. AggregateFunctionGroupUniqArray.cpp keeps an array in the
/// generic set (an array is not held in one piece, so `getKeyHolder` serializes it, as
/// KeyHolderHelpers.h does) over the bytes `serializeValueIntoArena` writes: ColumnArray's
/// `size_t` count, then each element's, ColumnString's `size_t` size counting the terminating
/// zero, the bytes and that zero. The cells, from tests/reference/ch_hash_order.c (`a 3 "" t1
/// t1,t2 t2`): `[]` 5, `['t1']` 5, `['t1', 't2']` 2, `['t2']` 4; `A 3 t1 t1,t2 t2` (of
/// `[tags]`): 2, 6, 3. `[]` and `['t1']` share a cell, so the four together are refused.
/// Before, two or more arrays were refused.
#[test]
fn get_verifications__group_uniq_array_of_string_arrays_in_hash_order() {
    let (s, _, _) = recorded(); // tags ['t1'] (credits 1), ['t1', 't2'] (4), [] (10), ['t2'] (0)
    assert_eq!(
        run(&s, "SELECT groupUniqArray(tags) AS a, groupUniqArray([tags]) AS b FROM key_verifications_v1 WHERE length(tags) > 0"),
        json!([{"a": [["t1", "t2"], ["t2"], ["t1"]], "b": [[["t1"]], [["t2"]], [["t1", "t2"]]]}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT groupUniqArray(tags) AS a FROM key_verifications_v1 WHERE spent_credits > 1"
        ),
        json!([{"a": [["t1", "t2"], []]}])
    );
    // Over a window's frame (credits 0, 1, 4, 10): {['t2']}, {['t2'], ['t1']}, {['t1'],
    // ['t1', 't2']}, {['t1', 't2'], []}.
    assert_eq!(
        run(&s, "SELECT groupUniqArray(tags) OVER (ORDER BY spent_credits ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS a FROM key_verifications_v1 ORDER BY spent_credits"),
        json!([{"a": [["t2"]]}, {"a": [["t2"], ["t1"]]}, {"a": [["t1", "t2"], ["t1"]]}, {"a": [["t1", "t2"], []]}])
    );
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT groupUniqArray(tags) AS a FROM key_verifications_v1"}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"]["detail"], UNIQ_ORDER_REFUSED);
    // The -Distinct combinator's generic set (16 cells: `a 4 t1 t1,t2 t2`, 5, 2, 12): answered
    // where the order first seen is that set's, as for strings.
    assert_eq!(
        run(&s, "SELECT groupArray(DISTINCT tags) AS a FROM (SELECT tags FROM key_verifications_v1 WHERE length(tags) > 0 ORDER BY spent_credits DESC)"),
        json!([{"a": [["t1", "t2"], ["t1"], ["t2"]]}])
    );
    assert_eq!(
        refused(&s, "SELECT groupArray(DISTINCT tags) AS a FROM (SELECT tags FROM key_verifications_v1 WHERE length(tags) > 0 ORDER BY spent_credits)").1,
        "unkey-local does not run groupArray(DISTINCT x) of two or more values unless the order first seen is the -Distinct combinator's hash set's (which of the two ClickHouse 25.6 answers is not settled here; that set's order of an array of other elements than strings, numbers, Bools and times, a tuple, a float -0 or an array holding a float zero is not followed) (the real server does); see the unkey-local README"
    );
}

/// `groupUniqArray` of arrays of numbers, `Bool`s and times answers ClickHouse's hash set's
/// order, over the bytes `serializeValueIntoArena` writes (see the test of arrays of strings
/// above): each element's ColumnVector or ColumnDecimal bytes (an `Int64`'s 8, a comparison's
/// `UInt8` 1, a `Date`'s `UInt16` days, a `DateTime`'s `UInt32` seconds, a `DateTime64`'s
/// `Decimal64` units, a `Float64`'s 8), a `Nullable` element's byte 1 of a `NULL` or 0 before
/// its value (ColumnNullable). The cells, from tests/reference/ch_hash_order.c (`x 3 HEX` of
/// the bytes): `[spent_credits]` 0, 1, 4, 10: 3, 4, 6, 7; `[spent_credits > 3]` 0, 1: 3, 0;
/// `[toDate('2026-01-01') + spent_credits]` 0, 1, 4, 10 days on: 6, 1, 2, 5; a `DateTime` 1,
/// 4, 10 s on: 5, 6, 2 (0 s on shares 1's cell 5); a `DateTime64(3)` 0, 1, 4, 10 ms on: 7, 0,
/// 2, 3; `[spent_credits / 2]` 0.5, 2, 5: 1, 7, 2; `[[spent_credits]]` 0, 1, 4, 10: 1, 6, 4,
/// 5; `[if(spent_credits > 3, 0, NULL)]` `[NULL]`, `[0]`: 0, 3 (each array's bytes written
/// out by hand for `x`). A float zero in an array is
/// refused: `0.0` and `-0.0` are two values there, which a value held here may not tell apart.
#[test]
fn get_verifications__group_uniq_array_of_number_and_time_arrays_in_hash_order() {
    let (s, _, _) = recorded(); // credits 1, 4, 10 and 0, recorded in that order
    assert_eq!(
        run(&s, "SELECT groupUniqArray([spent_credits]) AS a, groupUniqArray([spent_credits > 3]) AS b, groupUniqArray([[spent_credits]]) AS c, groupUniqArray([if(spent_credits > 3, 0, NULL)]) AS d FROM key_verifications_v1"),
        json!([{"a": [[0], [1], [4], [10]], "b": [[1], [0]], "c": [[[0]], [[4]], [[10]], [[1]]], "d": [[null], [0]]}])
    );
    assert_eq!(
        run(&s, "SELECT groupUniqArray([toDate('2026-01-01') + spent_credits]) AS d, groupUniqArray([toDateTime64('2026-01-01 00:00:00', 3) + toIntervalMillisecond(spent_credits)]) AS m FROM key_verifications_v1"),
        json!([{
            "d": [["2026-01-02T00:00:00Z"], ["2026-01-05T00:00:00Z"], ["2026-01-11T00:00:00Z"], ["2026-01-01T00:00:00Z"]],
            "m": [["2026-01-01T00:00:00.001Z"], ["2026-01-01T00:00:00.004Z"], ["2026-01-01T00:00:00.01Z"], ["2026-01-01T00:00:00Z"]]
        }])
    );
    assert_eq!(
        run(&s, "SELECT groupUniqArray([toDateTime('2026-01-01 00:00:00') + spent_credits]) AS t, groupUniqArray([spent_credits / 2]) AS f FROM key_verifications_v1 WHERE spent_credits > 0"),
        json!([{
            "t": [["2026-01-01T00:00:10Z"], ["2026-01-01T00:00:01Z"], ["2026-01-01T00:00:04Z"]],
            "f": [[0.5], [5], [2]]
        }])
    );
    // The elements' common type decides their width: `if` of `[1]` (`Array(UInt8)`) and
    // `[300]` (`UInt16`) is an `Array(UInt16)` (`x 3`: cells 4, 6), of `[-1]` (`Int8`) and
    // `[1]` an `Array(Int16)` (cells 1, 4; as `Int8`s they would be 2, 0). Strings
    // (`[toString(spent_credits)]`, `a 3 0 4 1 10`: 1, 5, 6, 7) and `Nullable` ones
    // (`[NULL]` 0, `['a']` 4) too.
    assert_eq!(
        run(&s, "SELECT groupUniqArray(if(spent_credits > 3, [1], [300])) AS a, groupUniqArray(if(spent_credits > 3, [-1], [1])) AS b, groupUniqArray([toString(spent_credits)]) AS c, groupUniqArray([if(spent_credits > 3, 'a', NULL)]) AS d FROM key_verifications_v1"),
        json!([{"a": [[1], [300]], "b": [[-1], [1]], "c": [["0"], ["4"], ["1"], ["10"]], "d": [[null], ["a"]]}])
    );
    for q in [
        "SELECT groupUniqArray([toDateTime('2026-01-01 00:00:00') + spent_credits]) AS t FROM key_verifications_v1",
        "SELECT groupUniqArray([spent_credits / 2]) AS f FROM key_verifications_v1",
    ] {
        let r = s.call("analytics.getVerifications", json!({"query": q}));
        assert_eq!(r.status, 400, "{q}");
        assert_eq!(r.json()["error"]["detail"], UNIQ_ORDER_REFUSED, "{q}");
    }
}

/// `groupUniqArray` of numbers and times answers ClickHouse's hash set's order.
/// AggregateFunctionGroupUniqArray.cpp keeps a number (`Bool` and a comparison a `UInt8`, a
/// `Date` its `UInt16` days, a `DateTime` its `UInt32` seconds) in
/// `HashSetWithStackMemory<T, DefaultHash<T>, 4>` (16 cells up to 8 values), `DefaultHash`
/// Hash.h's `intHash64` of its bytes widened with zeros (so `-1` of an `Int8` is `0xff`), 0
/// kept apart and iterated first; a `DateTime64` in the generic set over its `Decimal64`'s 8
/// bytes (8 cells up to 4 values, CRC32Hash). The cells, from
/// tests/reference/ch_hash_order.c:
/// - `i 4 64 1 4 10`: 12, 5, 13 (`spent_credits` 1, 4, 10, 0, first seen in that order);
/// - `i 4 8 -4 -1 5 -5`: 9, 8, 5, 10; as `Int64`s (`i 4 64 …`) -4 and -5 share cell 7;
/// - `i 4 32 1767225600 1767225601 1767225604 1767225610` (2026-01-01 00:00:00 plus 0, 1, 4
///   and 10 s): 9, 10, 6, 1;
/// - `i 4 16 20454 20455 20456` (2026-01-01 to 03): 2, 0, 6;
/// - `t 3 1767225600000 1767225600001 1767225600123 1767225601000` (2026-01-01 00:00:00 plus
///   0, 1, 123 and 1000 ms): 5, 4, 0, 6; `t 3 … 1767225600004 1767225600010`: 3, 3.
///
/// More than 8 numbers are refused: a state ClickHouse reads back (a distributed query,
/// spilling) is sized by `HashTableGrower::set`, 32 cells for 9 to 16 values where one grown
/// value by value has 64, whose orders differ.
#[test]
fn get_verifications__group_uniq_array_of_numbers_and_times_in_hash_order() {
    let (s, _, _) = recorded(); // credits 1, 4, 10 and 0, recorded in that order
    assert_eq!(
        run(&s, "SELECT groupUniqArray(spent_credits) AS a, groupUniqArray(CAST((spent_credits - 5) AS Int8)) AS b, groupUniqArray(spent_credits < 3) AS c FROM key_verifications_v1"),
        json!([{"a": [0, 4, 1, 10], "b": [5, -1, -4, -5], "c": [0, 1]}])
    );
    assert_eq!(
        run(&s, "SELECT groupUniqArray(toDateTime('2026-01-01 00:00:00') + spent_credits) AS t, groupUniqArray(CASE spent_credits WHEN 1 THEN toDate('2026-01-01') WHEN 4 THEN toDate('2026-01-02') ELSE toDate('2026-01-03') END) AS d, groupUniqArray(CASE spent_credits WHEN 1 THEN toDateTime64('2026-01-01 00:00:01', 3) WHEN 4 THEN toDateTime64('2026-01-01 00:00:00', 3) WHEN 10 THEN toDateTime64('2026-01-01 00:00:00.001', 3) ELSE toDateTime64('2026-01-01 00:00:00.123', 3) END) AS m FROM key_verifications_v1"),
        json!([{
            "t": ["2026-01-01T00:00:10Z", "2026-01-01T00:00:04Z", "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z"],
            "d": ["2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z"],
            "m": ["2026-01-01T00:00:00.123Z", "2026-01-01T00:00:00.001Z", "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z"]
        }])
    );
    // Over a window's frame too (its values added anew as the frame moves; the order depends
    // only on the values): frames {0}, {0, 1}, {1, 4}, {4, 10}.
    assert_eq!(
        run(&s, "SELECT groupUniqArray(spent_credits) OVER (ORDER BY spent_credits ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS a FROM key_verifications_v1 ORDER BY spent_credits"),
        json!([{"a": [0]}, {"a": [0, 1]}, {"a": [4, 1]}, {"a": [4, 10]}])
    );
    for q in [
        "SELECT groupUniqArray(toInt64(spent_credits - 5)) AS a FROM key_verifications_v1",
        "SELECT groupUniqArray(toDateTime64('2026-01-01 00:00:00', 3) + toIntervalMillisecond(spent_credits)) AS a FROM key_verifications_v1",
        "SELECT groupUniqArray(arrayJoin([1, 2, 3, 4, 5, 6, 7, 8, 9])) AS a FROM key_verifications_v1",
    ] {
        let r = s.call("analytics.getVerifications", json!({"query": q}));
        assert_eq!(r.status, 400, "{q}");
        assert_eq!(r.json()["error"]["detail"], UNIQ_ORDER_REFUSED, "{q}");
    }
    // One value, or none, has no order to tell (of any type).
    assert_eq!(
        run(&s, "SELECT groupUniqArray(spent_credits / 2) AS a FROM key_verifications_v1 WHERE spent_credits = 4"),
        json!([{"a": [2]}])
    );
}

/// `groupUniqArray` of a `Float64` answers ClickHouse's hash set's order: a float is one of
/// `createWithNumericType`'s numbers (Helpers.h), kept in `HashSetWithStackMemory<Float64,
/// DefaultHash<Float64>, 4>` as an integer is (16 cells up to 8 values), `DefaultHash64`
/// `intHash64` of the float's 8 bytes, a value equal to 0 the zero key, iterated first
/// (HashTable.h ZeroTraits::check). The cells, from tests/reference/ch_hash_order.c (`f 4 0.5
/// 2 5`): 5, 0, 7; `spent_credits / 2` is 0.5, 2, 5 and 0, first seen in that order. `-0.0`
/// shares the zero key with `0` (equal to it), and which of the two the zero cell answers is
/// not followed here: refused beside another value.
#[test]
fn get_verifications__group_uniq_array_of_floats_in_hash_order() {
    let (s, _, _) = recorded(); // credits 1, 4, 10 and 0, recorded in that order
    assert_eq!(
        run(&s, "SELECT groupUniqArray(spent_credits / 2) AS a, groupUniqArray(toFloat64(spent_credits) / 2) AS b FROM key_verifications_v1"),
        json!([{"a": [0, 2, 0.5, 5], "b": [0, 2, 0.5, 5]}])
    );
    // (`if` of a float and an integer is a `Float64`: `2` and `2.0` are one value.)
    assert_eq!(
        run(&s, "SELECT groupUniqArray(if(spent_credits = 4, 2, spent_credits / 5 * 1)) AS a FROM key_verifications_v1 WHERE spent_credits IN (4, 10)"),
        json!([{"a": [2]}])
    );
    // (`f 4 0.25 0.5`: cells 14, 5; first seen 0.25.)
    assert_eq!(
        run(&s, "SELECT groupUniqArray(if(spent_credits = 1, 0.25, 0.5)) AS a FROM key_verifications_v1"),
        json!([{"a": [0.5, 0.25]}])
    );
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT groupUniqArray(if(spent_credits = 1, -0.0, 0.5)) AS a FROM key_verifications_v1"}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"]["detail"], UNIQ_ORDER_REFUSED);
}

/// `toIntervalMicrosecond(n)` and `toIntervalNanosecond(n)` moving a time keep their µs
/// (FunctionDateOrDateTimeAddInterval.h: `addMicroseconds` of a `DateTime` or `DateTime64(3)`
/// is a `DateTime64(6)`, `addNanoseconds` a `DateTime64(9)`), where they were cut to whole ms
/// here (4 µs answered as 0); ns that are no whole µs are not held here, so not run; of a
/// `Date` or a number ClickHouse's ILLEGAL_TYPE_OF_ARGUMENT, "Invalid analytics query".
#[test]
fn get_verifications__times_moved_by_microseconds() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT toDateTime64('2026-01-01 00:00:00.123456', 6) + toIntervalMicrosecond(spent_credits) AS a, toDateTime64('2026-01-01 00:00:00.123', 3) + toIntervalMicrosecond(spent_credits) AS b, toDateTime('2026-01-01 00:00:00') + toIntervalMicrosecond(spent_credits) AS c, toDateTime64('2026-01-01 00:00:00.123456', 6) - toIntervalMicrosecond(spent_credits) AS d, toDateTime64('2026-01-01 00:00:00.123456', 6) + toIntervalNanosecond(spent_credits * 1000) AS e, toDateTime('2026-01-01 00:00:00') + toIntervalMicrosecond(spent_credits * 1000) AS f FROM key_verifications_v1 WHERE spent_credits = 4"),
        json!([{
            "a": "2026-01-01T00:00:00.12346Z",
            "b": "2026-01-01T00:00:00.123004Z",
            "c": "2026-01-01T00:00:00.000004Z",
            "d": "2026-01-01T00:00:00.123452Z",
            "e": "2026-01-01T00:00:00.12346Z",
            "f": "2026-01-01T00:00:00.004Z"
        }])
    );
    let (ty, detail) = refused(&s, "SELECT toDateTime64('2026-01-01 00:00:00.123456', 6) + toIntervalNanosecond(spent_credits) AS a FROM key_verifications_v1 WHERE spent_credits = 4");
    assert_eq!(ty, "invalid_analytics_query");
    assert_eq!(detail, "unkey-local does not run a time moved by toIntervalNanosecond of a count that is no whole µs (the real server does); see the unkey-local README");
    for q in [
        "SELECT toDate('2026-01-01') + toIntervalMicrosecond(spent_credits) AS a FROM key_verifications_v1",
        "SELECT toDate('2026-01-01') - toIntervalNanosecond(4000) AS a FROM key_verifications_v1",
        "SELECT spent_credits + toIntervalMicrosecond(4) AS a FROM key_verifications_v1",
    ] {
        assert_invalid(&s, q);
    }
}

/// An operator's function form (`like(a, b)`, `ilike`, `and`, `or`, `in`) is a call to
/// upstream's parser (AfterShip v0.4.18: parseColumnExpr reads a name and `(` as a
/// `FunctionExpr` whatever the name; the audit's `walker` shows `FunctionExpr like`), and
/// upstream's validateFunctions (validation.go at fc99b6b) refuses every call of a name
/// outside its `allowedFunctions`, lower-cased, first in its walk's order
/// (walkQueryIncludingExcept: the select list before `FROM`, an `EXCEPT` branch after the
/// rest): before, `like(outcome, 'V%')` answered no rows (SQLite's `like` takes the pattern
/// first) and `countIf(like(…))` named its column with the SQL run. It comes after
/// rewriteTables (parser.go's `Parse`): no `FROM` or an unknown table is answered first. A
/// table function is refused in the same walk ("Table function 'x' is not allowed for
/// security reasons", the name as `Ident.String()` writes it, in its quotes). `not(x)` is
/// ClickHouse's `NOT` there (a `NotExpr`) and runs.
#[test]
fn query_parser__operator_function_forms_are_refused_calls() {
    let (s, _, _) = recorded();
    let function = |name: &str| {
        (
            "invalid_analytics_function".to_string(),
            format!("Function '{name}' is not allowed"),
        )
    };
    for (query, name) in [
        ("SELECT count() FROM key_verifications_v1 WHERE like(outcome, 'V%')", "like"),
        ("SELECT countIf(like(outcome, '%ED')) FROM key_verifications_v1", "like"),
        ("SELECT count() FROM key_verifications_v1 WHERE ilike(outcome, 'v%')", "ilike"),
        ("SELECT count() FROM key_verifications_v1 WHERE and(1, 1)", "and"),
        ("SELECT count() FROM key_verifications_v1 WHERE or(1, 0)", "or"),
        ("SELECT count() FROM key_verifications_v1 WHERE in(outcome, ('VALID'))", "in"),
        ("SELECT `LIKE`(outcome, 'x') FROM key_verifications_v1", "like"),
        ("SELECT rank() OVER () FROM key_verifications_v1", "rank"),
        // (The select list is walked before `FROM`'s table function.)
        ("SELECT like(outcome, 'V%') FROM numbers(3)", "like"),
        // (An `EXCEPT` branch is walked after the rest of the query.)
        ("SELECT foo(1) FROM key_verifications_v1 EXCEPT SELECT bar(1) FROM key_verifications_v1", "foo"),
        ("SELECT * FROM key_verifications_v1 EXCEPT SELECT * FROM key_verifications_v1 WHERE foo(1)", "foo"),
        ("SELECT * EXCEPT (outcome) FROM key_verifications_v1", "except"),
    ] {
        assert_eq!(refused(&s, query), function(name), "{query}");
    }
    for (query, detail) in [
        (
            "SELECT like(outcome, 'V%') FROM secret",
            "Access to table 'secret' is not allowed",
        ),
        // (A CTE of a column list is a `FunctionExpr`, not a name, for buildCTERegistry.)
        (
            "WITH a(x) AS (SELECT 1 AS x) SELECT x FROM a",
            "Access to table 'a' is not allowed",
        ),
        (
            "SELECT count() FROM `numbers`(3)",
            "Table function '`numbers`' is not allowed for security reasons",
        ),
    ] {
        assert_eq!(refused(&s, query).1, detail, "{query}");
    }
    assert_eq!(
        refused(&s, "SELECT like(outcome, 'V%')"),
        (
            "invalid_analytics_query".into(),
            "Query must have a FROM clause".into()
        )
    );
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE not(spent_credits = 4)"
        ),
        json!([{"n": 3}])
    );
}

/// A comma join's source after the comma aliased without `AS`: upstream's parser takes the
/// word as the alias (AfterShip v0.4.18 parseTableExpr) and writes the query back with `AS`
/// (the audit's `apparse`: `FROM (…) AS a,(…) AS b`, `FROM t AS x,m AS y`), which
/// ClickHouse runs as the cross join of the two; before, the second alias was an unknown
/// identifier here.
#[test]
fn get_verifications__comma_join_alias_without_as() {
    let (s, _, _) = recorded();
    for (query, expected) in [
        (
            "SELECT a.c, b.v FROM (SELECT count() c FROM key_verifications_v1) a, (SELECT sum(spent_credits) v FROM key_verifications_v1) b",
            json!([{"c": 4, "v": 15}]),
        ),
        (
            "WITH t AS (SELECT count() AS c FROM key_verifications_v1), m AS (SELECT max(spent_credits) AS v FROM key_verifications_v1) SELECT x.c, y.v FROM t x, m y",
            json!([{"c": 4, "v": 10}]),
        ),
        (
            "SELECT a.c, count() AS n FROM (SELECT count() c FROM key_verifications_v1) a, key_verifications_v1 b WHERE b.spent_credits > 1 GROUP BY a.c",
            json!([{"c": 4, "n": 2}]),
        ),
    ] {
        assert_eq!(run(&s, query), expected, "{query}");
    }
}

/// A call of a function of upstream's list with another count of arguments than ClickHouse
/// 25.6 takes is its NUMBER_OF_ARGUMENTS_DOESNT_MATCH ("Aggregate function max requires
/// single argument", FactoryHelpers.h `assertUnary`; AggregateFunctionCount.cpp "requires
/// zero or one argument"; FunctionIf's 3), whose
/// text upstream's ExtractUserFriendlyError (pkg/clickhouse/errors.go) answers as "Invalid
/// analytics query": before, `max(x, 1)`, `min`, `if(c, a)` and `substring` of four ran as
/// SQLite's own functions, and the rest answered SQLite's "wrong number of arguments" as
/// "Unknown function in analytics query". `coalesce(x)` of one argument is that argument
/// (FunctionCoalesce: `arguments.size() == 1` returns its type).
#[test]
fn get_verifications__wrong_argument_counts() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT max(spent_credits, 1) FROM key_verifications_v1",
        "SELECT min(spent_credits, 1) FROM key_verifications_v1",
        "SELECT max(time, 0) FROM key_verifications_v1",
        "SELECT if(outcome = 'VALID', 1) FROM key_verifications_v1",
        "SELECT sum(spent_credits, 1) FROM key_verifications_v1",
        "SELECT avg(spent_credits, 1) FROM key_verifications_v1",
        "SELECT count(outcome, key_id) FROM key_verifications_v1",
        "SELECT count(outcome, key_id) OVER () FROM key_verifications_v1",
        "SELECT any(outcome, key_id) FROM key_verifications_v1",
        "SELECT round(spent_credits, 1, 2) FROM key_verifications_v1",
        "SELECT abs(spent_credits, 1) FROM key_verifications_v1",
        "SELECT lower(outcome, 1) FROM key_verifications_v1",
        "SELECT upper() FROM key_verifications_v1",
        "SELECT sumIf(spent_credits) FROM key_verifications_v1",
        "SELECT has(tags) FROM key_verifications_v1",
        "SELECT uniq() FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query),
            (
                "invalid_analytics_query".into(),
                "Invalid analytics query".into()
            ),
            "{query}"
        );
    }
    assert_eq!(
        run(&s, "SELECT coalesce(spent_credits) AS c FROM key_verifications_v1 WHERE spent_credits > 1 ORDER BY c"),
        json!([{"c": 4}, {"c": 10}])
    );
    // (`count(DISTINCT a, b)` counts distinct tuples, `countDistinct` of several.)
    assert_eq!(
        run(
            &s,
            "SELECT count(DISTINCT key_id, spent_credits) AS n FROM key_verifications_v1"
        ),
        json!([{"n": 4}])
    );
    // `countIf(x, c)`, the `-If` combinator over `count(x)` (AggregateFunctionIf.cpp adds
    // the rows whose last argument is not 0; AggregateFunctionCount.cpp's `count(x)` of a
    // `Nullable` `x` skips its NULLs; a NULL condition adds nothing), 0 of no row; over a
    // window too. Credits are 0, 1, 4, 10. (Before, refused as not run.)
    assert_eq!(
        run(&s, "SELECT countIf(spent_credits, spent_credits > 1) AS a, countIf(if(spent_credits > 3, spent_credits, NULL), 1 = 1) AS b, countIf(if(spent_credits > 3, spent_credits, NULL), spent_credits < 5) AS c, countIf(outcome, if(spent_credits > 3, NULL, 1)) AS d, countIf(key_id, spent_credits > 100) AS e FROM key_verifications_v1"),
        json!([{"a": 2, "b": 2, "c": 1, "d": 2, "e": 0}])
    );
    assert_eq!(
        run(&s, "SELECT spent_credits AS s, countIf(if(spent_credits > 3, spent_credits, NULL), 1) OVER (ORDER BY spent_credits ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS w FROM key_verifications_v1 ORDER BY s"),
        json!([{"s": 0, "w": 0}, {"s": 1, "w": 0}, {"s": 4, "w": 1}, {"s": 10, "w": 2}])
    );
    // Unaliased, under ClickHouse's names (`countIfDistinct` as 01259_combinator_distinct's
    // formatted queries spell `countIf(DISTINCT …)`).
    assert_eq!(
        run(&s, "SELECT countIf(spent_credits, spent_credits > 1), countIf(DISTINCT outcome, spent_credits > 1) FROM key_verifications_v1"),
        json!([{"countIf(spent_credits, greater(spent_credits, 1))": 2, "countIfDistinct(outcome, greater(spent_credits, 1))": 1}])
    );
    // (A condition that is no `UInt8`, as `countIf(c)`'s, is ClickHouse's ILLEGAL_TYPE_OF_ARGUMENT.)
    assert_eq!(
        refused(
            &s,
            "SELECT countIf(spent_credits, outcome) FROM key_verifications_v1"
        )
        .1,
        "Invalid analytics query"
    );
}

/// The argument counts of every function of upstream's list (validation.go) against ClickHouse
/// 25.6's, checked over the whole query before it is translated:
/// - `toInterval…` of none or two (FunctionsConversion.cpp's validateFunctionArguments, one
///   mandatory "Value"; `toIntervalDay()` was "Invalid SQL syntax" here, two "a tuple …" not
///   run), `toInt32`/`toInt64`/`toFloat64` of other than one, `toString` of none or of three,
///   and of two where the first is not a `DateTime` or `DateTime64` (the "timezone" optional
///   argument is added only after those; a `Date`'s zone was answered here as the date),
///   `toUnixTimestamp64Milli` of none or two (tests/queries/0_stateless/
///   01277_toUnixTimestamp64.sql: NUMBER_OF_ARGUMENTS_DOESNT_MATCH), `arrayJoin` of other than
///   one, `arrayFilter` of fewer than a lambda and an array (FunctionArrayMapped.h "needs at
///   least 2 argument") or of a lambda of another count of parameters than arrays
///   (ILLEGAL_TYPE_OF_ARGUMENT): each ClickHouse's error whose text upstream's
///   ExtractUserFriendlyError (pkg/clickhouse/errors.go) answers "Invalid analytics query"
///   (before, several were SQLite's "wrong number of arguments", "Unknown function").
/// - Parametric calls: `quantile(l)(x)` takes one argument and one level at most, `count`
///   and the other aggregates none (`assertNoParameters`), a function that is no aggregate
///   none: "Invalid analytics query" (`quantile(0.5)(x, y)` answered the quantile of `x`).
/// - `trim` of other than one argument and `substring` of other than two or three are
///   ClickHouse's syntax errors (src/Parsers/ExpressionListParsers.cpp: TrimLayer reads one
///   operand then `)`, SubstringLayer a `)` after the second or third), "Invalid SQL syntax"
///   (`trim(a, b)` answered `''` here, `substring` of four "Invalid analytics query").
/// - A `NULL` literal among another count of a variadic function's arguments is `NULL` before
///   the count is read (IFunctionOverloadResolver: checkNumberOfArguments skips a variadic
///   function, the default implementation for nulls answers first): not run; of a function
///   that is not variadic (`lower`) the count's error.
///
/// Upstream's retention check comes first.
#[test]
fn get_verifications__argument_counts_of_every_function() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT toIntervalDay() AS x FROM key_verifications_v1",
        "SELECT toIntervalMonth() AS x FROM key_verifications_v1",
        "SELECT toIntervalSecond(1, 2) AS x FROM key_verifications_v1",
        "SELECT now() + toIntervalHour(1, 2) AS x FROM key_verifications_v1",
        "SELECT toInt32() AS x FROM key_verifications_v1",
        "SELECT toInt64(spent_credits, 1) AS x FROM key_verifications_v1",
        "SELECT toFloat64(spent_credits, 1) AS x FROM key_verifications_v1",
        "SELECT toString() AS x FROM key_verifications_v1",
        "SELECT toString(spent_credits, 'UTC') AS x FROM key_verifications_v1",
        "SELECT toString(outcome, 'UTC') AS x FROM key_verifications_v1",
        "SELECT toString(toDate('2024-03-10'), 'America/New_York') AS x FROM key_verifications_v1",
        "SELECT toString(toDate('2024-03-10'), 'Fixed/UTC+01:00:00') AS x FROM key_verifications_v1",
        "SELECT toString(now(), 'UTC', 'UTC') AS x FROM key_verifications_v1",
        "SELECT toUnixTimestamp64Milli() AS x FROM key_verifications_v1",
        "SELECT toUnixTimestamp64Milli(now64(3), 'UTC') AS x FROM key_verifications_v1",
        "SELECT arrayJoin() AS x FROM key_verifications_v1",
        "SELECT arrayJoin(tags, tags) AS x FROM key_verifications_v1",
        "SELECT arrayFilter() AS x FROM key_verifications_v1",
        "SELECT arrayFilter(t -> t = 'a') AS x FROM key_verifications_v1",
        "SELECT arrayFilter(t -> t = 'a', tags, tags) AS x FROM key_verifications_v1",
        "SELECT arrayFilter((a, b) -> a = b, tags) AS x FROM key_verifications_v1",
        "SELECT JSONExtractString() AS x FROM key_verifications_v1",
        "SELECT quantile(0.5)(spent_credits, spent_credits) AS x FROM key_verifications_v1",
        "SELECT quantile(0.5)() AS x FROM key_verifications_v1",
        "SELECT quantile(0.5, 0.9)(spent_credits) AS x FROM key_verifications_v1",
        "SELECT count(1)() AS x FROM key_verifications_v1",
        "SELECT sum(1)(spent_credits) AS x FROM key_verifications_v1",
        "SELECT lower('a')(outcome) AS x FROM key_verifications_v1",
        "SELECT lower(NULL, 1) AS x FROM key_verifications_v1",
    ] {
        assert_invalid(&s, query);
    }
    for query in [
        "SELECT trim() AS x FROM key_verifications_v1",
        "SELECT trim(outcome, outcome) AS x FROM key_verifications_v1",
        // (SubstringLayer takes its `)` after a second or third operand only.)
        "SELECT substring() AS x FROM key_verifications_v1",
        "SELECT substring(outcome) AS x FROM key_verifications_v1",
        "SELECT substring(outcome, 1, 2, 3) FROM key_verifications_v1",
        // (Before a `NULL` is read, and before an error of a call before it.)
        "SELECT substring(NULL) AS x FROM key_verifications_v1",
        "SELECT toInt32(1, 2) AS a, trim() AS x FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query),
            (
                "invalid_analytics_query".to_string(),
                "Invalid SQL syntax".to_string()
            ),
            "{query}"
        );
    }
    for query in [
        "SELECT toInt32(NULL, 1) AS x FROM key_verifications_v1",
        "SELECT toDate(NULL, 'UTC', 'UTC') AS x FROM key_verifications_v1",
        "SELECT round(NULL, 1, 2) AS x FROM key_verifications_v1",
        "SELECT quantile()(spent_credits) AS x FROM key_verifications_v1",
        // (AggregateFunctionGroupArray.cpp: empty parameters are no limit; it was "Invalid
        // analytics query" here.)
        "SELECT groupArray()(outcome) AS x FROM key_verifications_v1",
    ] {
        let (ty, detail) = refused(&s, query);
        assert_eq!(ty, "invalid_analytics_query");
        assert!(
            detail.starts_with("unkey-local does not run"),
            "{query}: {detail}"
        );
    }
    // (Upstream's retention check, before ClickHouse reads the call.)
    assert_eq!(
        refused(
            &s,
            "SELECT toIntervalDay() AS x FROM key_verifications_v1 WHERE time > now() - INTERVAL 1000 DAY"
        )
        .1
        .split('.')
        .next(),
        Some("Cannot query data older than 30 days")
    );
    // `concat()` of none is `''` (ClickHouse 24.7 on, PR #65887; 00727_concat.sql ends with
    // `SELECT concat()`, an empty `String`); it was "Invalid SQL syntax" here.
    assert_eq!(
        run(
            &s,
            "SELECT concat(), length(concat()) AS n FROM key_verifications_v1 WHERE spent_credits = 4"
        ),
        json!([{"concat()": "", "n": 0}])
    );
    // The counts ClickHouse takes are run.
    assert_eq!(
        run(
            &s,
            "SELECT toString(toDateTime('2024-03-10 07:30:00'), 'America/New_York') AS a, toInt32(spent_credits) AS b, trim(outcome) AS c, arrayFilter((p, q) -> p = q, tags, tags) AS d FROM key_verifications_v1 WHERE spent_credits = 4"
        ),
        json!([{"a": "2024-03-10 03:30:00", "b": 4, "c": "VALID", "d": ["t1", "t2"]}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT quantile(0.5)(spent_credits) AS e FROM key_verifications_v1 WHERE spent_credits > 3"
        ),
        json!([{"e": 7}])
    );
}

/// The argument types of the functions of upstream's list that ClickHouse 25.6 checks as it
/// builds the function (see `types::argument_types` for each source), each refusal its
/// ILLEGAL_TYPE_OF_ARGUMENT or NO_COMMON_TYPE, upstream's "Invalid analytics query"; each of
/// these was answered here before (`if('abc', 1, 2)` 2, `substring(outcome, 'abc', 2)` '',
/// `has('abc', 'a')` 0, `hasAll(tags, 5)` 1, `JSONExtractString(5, 'a')` '',
/// `toUnixTimestamp64Milli(5)` 5, `toUnixTimestamp64Milli(now())` its ms,
/// `fromUnixTimestamp64Milli('abc')` 'abc', `coalesce(n, ['a'])` n, …; conversions of an
/// array "Invalid SQL syntax"):
/// - `if`'s condition is a `UInt8` (FunctionIf.cpp "Must be UInt8"): no string, array, time
///   or `Int64` column; its branches and `coalesce`'s arguments have a common type
///   (getLeastSupertype.cpp: "some of them are Array and some of them are not").
/// - `substring`'s offset and length, the rounding functions' scale: numbers, integers.
/// - `has`/`hasAny`/`hasAll`/`arrayJoin` of no array; `startsWith` of a string and an array.
/// - `JSONExtractString` of JSON that is no string, of a key that is no string or integer.
/// - `toUnixTimestamp64Milli` of other than a `DateTime64` (FunctionUnixTimestamp64.h,
///   "(DateTime64) -> Int64"; 01277_toUnixTimestamp64.sql), `fromUnixTimestamp64Milli` of
///   no integer (01277_fromUnixTimestamp64.sql), `toDateTime64`'s and `now64`'s scale of no
///   integer, `toInt32`/`toInt64`/`toFloat64`/`toDate`/`toDateTime`/`toDateTime64` of an
///   array.
///
/// A `NULL` literal where ClickHouse's default implementation for nulls answers `NULL` before
/// the function reads it (`round(x, NULL)` was 0 here, `formatDateTime(t, NULL)` '') is not
/// run; a `toInterval…` of an array is its type error (it moved a time by 0 here), and so is a
/// time zone that is a number, an array or a time (not run here before; `toDateTime(t, 3)`
/// is a `DateTime64` of scale 3, still not run).
#[test]
fn get_verifications__argument_types_of_every_function() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT if('abc', 1, 2) AS x FROM key_verifications_v1",
        "SELECT if(['a'], 1, 2) AS x FROM key_verifications_v1",
        "SELECT if(now(), 1, 2) AS x FROM key_verifications_v1",
        "SELECT if(spent_credits, 1, 2) AS x FROM key_verifications_v1",
        "SELECT if(spent_credits > 1, ['a'], 2) AS x FROM key_verifications_v1",
        "SELECT if(spent_credits > 1, 1, tags) AS x FROM key_verifications_v1",
        "SELECT coalesce(['a'], 1) AS x FROM key_verifications_v1",
        "SELECT coalesce(spent_credits, ['a']) AS x FROM key_verifications_v1",
        "SELECT substring(outcome, 'abc', 2) AS x FROM key_verifications_v1",
        "SELECT substring(outcome, now(), 2) AS x FROM key_verifications_v1",
        "SELECT substring(outcome, 1, ['a']) AS x FROM key_verifications_v1",
        "SELECT round(spent_credits, 'abc') AS x FROM key_verifications_v1",
        "SELECT floor(spent_credits, ['a']) AS x FROM key_verifications_v1",
        "SELECT ceil(spent_credits, now()) AS x FROM key_verifications_v1",
        "SELECT has('abc', 'a') AS x FROM key_verifications_v1",
        "SELECT has(spent_credits, 1) AS x FROM key_verifications_v1",
        "SELECT hasAny(outcome, ['a']) AS x FROM key_verifications_v1",
        "SELECT hasAny(tags, 'abc') AS x FROM key_verifications_v1",
        "SELECT hasAll(tags, 5) AS x FROM key_verifications_v1",
        "SELECT hasAll(now(), tags) AS x FROM key_verifications_v1",
        "SELECT arrayJoin('abc') AS x FROM key_verifications_v1",
        "SELECT arrayJoin(spent_credits) AS x FROM key_verifications_v1",
        "SELECT startsWith(tags, 'V') AS x FROM key_verifications_v1",
        "SELECT endsWith(outcome, ['a']) AS x FROM key_verifications_v1",
        "SELECT JSONExtractString(5, 'a') AS x FROM key_verifications_v1",
        "SELECT JSONExtractString(tags, 'a') AS x FROM key_verifications_v1",
        "SELECT JSONExtractString('{\"a\":\"b\"}', ['a']) AS x FROM key_verifications_v1",
        "SELECT JSONExtractString('{\"a\":\"b\"}', now()) AS x FROM key_verifications_v1",
        "SELECT toUnixTimestamp64Milli('abc') AS x FROM key_verifications_v1",
        "SELECT toUnixTimestamp64Milli(time) AS x FROM key_verifications_v1",
        "SELECT toUnixTimestamp64Milli(now()) AS x FROM key_verifications_v1",
        "SELECT toUnixTimestamp64Milli(toDate(now())) AS x FROM key_verifications_v1",
        "SELECT fromUnixTimestamp64Milli('abc') AS x FROM key_verifications_v1",
        "SELECT fromUnixTimestamp64Milli(now()) AS x FROM key_verifications_v1",
        "SELECT fromUnixTimestamp64Milli(tags) AS x FROM key_verifications_v1",
        "SELECT toDateTime64(now(), ['a']) AS x FROM key_verifications_v1",
        "SELECT toDateTime64(now(), now()) AS x FROM key_verifications_v1",
        "SELECT now64(['a']) AS x FROM key_verifications_v1",
        "SELECT toInt32(tags) AS x FROM key_verifications_v1",
        "SELECT toFloat64(['a']) AS x FROM key_verifications_v1",
        "SELECT toDate(['a']) AS x FROM key_verifications_v1",
        "SELECT now() + toIntervalDay(['a']) AS x FROM key_verifications_v1",
        // (A time zone of a number, an array or a time: "timezone" takes a `String`.)
        "SELECT toDate(now(), 5) AS x FROM key_verifications_v1",
        "SELECT toStartOfDay(now(), ['a']) AS x FROM key_verifications_v1",
        "SELECT formatDateTime(now(), '%Y', now()) AS x FROM key_verifications_v1",
        "SELECT now64(3, 5) AS x FROM key_verifications_v1",
        "SELECT toIntervalDay(tags) = toIntervalDay(1) AS x FROM key_verifications_v1",
    ] {
        assert_invalid(&s, query);
    }
    // (A `toInterval…` of a float, a decimal, a time or a string read from the rows: how
    // ClickHouse converts its count is not followed here; `now() + toIntervalDay(1.5)` moved
    // by 36 hours, `toIntervalDay(now())` by its seconds in days, and `toIntervalDay(outcome)`
    // by 0 where ClickHouse cannot parse 'VALID'.)
    for query in [
        "SELECT now() + toIntervalDay(1.5) AS x FROM key_verifications_v1",
        "SELECT now() + toIntervalDay(now()) AS x FROM key_verifications_v1",
        "SELECT now() + toIntervalDay(outcome) AS x FROM key_verifications_v1",
    ] {
        let (ty, detail) = refused(&s, query);
        assert_eq!(ty, "invalid_analytics_query");
        assert!(
            detail.starts_with("unkey-local does not run"),
            "{query}: {detail}"
        );
    }
    assert_eq!(
        run(
            &s,
            "SELECT toStartOfDay(toDateTime('2030-03-31 12:00:00')) - toIntervalDay('2') AS a, toDate('2030-03-31') + toIntervalMonth(spent_credits) AS b FROM key_verifications_v1 WHERE spent_credits = 1"
        ),
        json!([{"a": "2030-03-29T00:00:00Z", "b": "2030-04-30T00:00:00Z"}])
    );
    for query in [
        "SELECT round(spent_credits, NULL) AS x FROM key_verifications_v1",
        "SELECT formatDateTime(now(), NULL) AS x FROM key_verifications_v1",
        "SELECT toDateTime64(now(), NULL) AS x FROM key_verifications_v1",
        "SELECT now64(NULL) AS x FROM key_verifications_v1",
        "SELECT hasAll(tags, NULL) AS x FROM key_verifications_v1",
        "SELECT arrayJoin(NULL) AS x FROM key_verifications_v1",
    ] {
        let (ty, detail) = refused(&s, query);
        assert_eq!(ty, "invalid_analytics_query");
        assert!(
            detail.starts_with("unkey-local does not run"),
            "{query}: {detail}"
        );
    }
    // The types ClickHouse takes are run.
    assert_eq!(
        run(
            &s,
            "SELECT if(spent_credits > 1, 1, 0) AS a, if(1, 'y', 'n') AS b, substring(outcome, 1, length(outcome) - 1) AS c, round(spent_credits / 3, 2) AS d, has(tags, 't1') AS e, hasAny(tags, ['t2', 'x']) AS f, if(spent_credits > 1, tags, []) AS g, JSONExtractString('{\"a\":[\"x\",\"y\"]}', 'a', 2) AS h, toUnixTimestamp64Milli(fromUnixTimestamp64Milli(1000)) AS i FROM key_verifications_v1 WHERE spent_credits = 4"
        ),
        json!([{"a": 1, "b": "y", "c": "VALI", "d": 1.33, "e": 1, "f": 1, "g": ["t1", "t2"], "h": "y", "i": 1000}])
    );
}

/// `groupArray(N)(x)` and `groupUniqArray(N)(x)`, ClickHouse's parametric forms
/// (AggregateFunctionGroupArray.cpp: `add` keeps the first N values, `mergeNoSampler`
/// appends another state's until N; AggregateFunctionGroupUniqArray.cpp: `add` stops
/// inserting at N values, `mergeImpl` inserts the other set's values in its hash order
/// until N, the same set type as without N). Of N or fewer values (distinct values) each is
/// `groupArray(x)` (`groupUniqArray(x)`, in its hash set's order), answered so under
/// ClickHouse's name `groupArray(N)(x)`; of more, which N are kept is the order values reach
/// the state, which ClickHouse's parallel reading and merging leave open: refused as not
/// run. A parameter that is no positive integer is BAD_ARGUMENTS ("Parameter for aggregate
/// function … should be positive number"), upstream's "Invalid analytics query"; a
/// hexadecimal one is its value (ParserNumber), named so. Before, each was "Invalid
/// analytics query". See get_verifications__parametric_group_arrays_over_windows and
/// get_verifications__parametric_group_array_of_distinct.
#[test]
fn get_verifications__parametric_group_arrays() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(
            &s,
            "SELECT groupArray(3)(spent_credits) FROM key_verifications_v1 WHERE spent_credits > 1"
        ),
        json!([{"groupArray(3)(spent_credits)": [4, 10]}])
    );
    assert_eq!(
        run(&s, "SELECT groupUniqArray(4)(spent_credits) AS g, groupArray(4)(outcome) AS o FROM key_verifications_v1 WHERE spent_credits = 4"),
        json!([{"g": [4], "o": ["VALID"]}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT length(groupArray(10)(key_id)) AS n FROM key_verifications_v1"
        ),
        json!([{"n": 4}])
    );
    let not_run = "unkey-local does not run groupArray(N)(x) or groupUniqArray(N)(x) of a group of more than N values (distinct values), where which N ClickHouse keeps is the order they reach it, which its parallel reading and merging leave open (the real server does); see the unkey-local README";
    for query in [
        "SELECT groupArray(1)(spent_credits) FROM key_verifications_v1",
        "SELECT groupUniqArray(1)(spent_credits) FROM key_verifications_v1",
    ] {
        assert_eq!(refused(&s, query).1, not_run, "{query}");
    }
    for query in [
        "SELECT groupArray(0)(outcome) FROM key_verifications_v1",
        "SELECT groupUniqArray(1.5)(outcome) FROM key_verifications_v1",
        "SELECT groupArray(2)(outcome, key_id) FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query),
            (
                "invalid_analytics_query".into(),
                "Invalid analytics query".into()
            ),
            "{query}"
        );
    }
    assert_eq!(
        run(
            &s,
            "SELECT groupArray(0x3)(spent_credits) FROM key_verifications_v1 WHERE spent_credits > 1"
        ),
        json!([{"groupArray(3)(spent_credits)": [4, 10]}])
    );
}

/// `groupArray(N)(x) OVER …` and `groupUniqArray(N)(x) OVER …`: ClickHouse's WindowTransform
/// (updateAggregationState) adds a frame's rows in the frame's order, to the state it had
/// while the frame's start stays and to a new one when the start moves ("reset the state and
/// aggregate over the entire frame"), so `add` keeps the frame's first N values (distinct
/// values, in the set's hash order), named `groupArray(N)(x) OVER (…)`. Before, each was
/// refused as not run.
#[test]
fn get_verifications__parametric_group_arrays_over_windows() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT spent_credits AS c, groupArray(2)(spent_credits) OVER (ORDER BY spent_credits) AS g, groupArray(1)(spent_credits) OVER (ORDER BY spent_credits ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS m, groupArray(5)(spent_credits) OVER (ORDER BY spent_credits ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS a FROM key_verifications_v1 ORDER BY spent_credits"),
        json!([
            {"c": 0, "g": [0], "m": [0], "a": [0]},
            {"c": 1, "g": [0, 1], "m": [0], "a": [0, 1]},
            {"c": 4, "g": [0, 1], "m": [1], "a": [1, 4]},
            {"c": 10, "g": [0, 1], "m": [4], "a": [4, 10]},
        ])
    );
    // The first N distinct values of the frame, in the order `groupUniqArray` of just those
    // answers (the frame of the second row holds them).
    let rows = run(&s, "SELECT groupUniqArray(2)(spent_credits) OVER (ORDER BY spent_credits) AS n, groupUniqArray(spent_credits) OVER (ORDER BY spent_credits) AS u, groupUniqArray(9)(outcome) OVER (ORDER BY spent_credits) AS o FROM key_verifications_v1 ORDER BY spent_credits");
    let two = rows[1]["u"].clone();
    assert_eq!(two.as_array().map(Vec::len), Some(2), "{rows}");
    for (k, row) in rows.as_array().into_iter().flatten().enumerate() {
        let expected = if k == 0 { &row["u"] } else { &two };
        assert_eq!(&row["n"], expected, "{rows}");
        assert_eq!(row["o"], json!(["VALID"]), "{rows}");
    }
    assert_eq!(
        run(&s, "SELECT groupArray(2)(spent_credits) OVER (ORDER BY spent_credits) FROM key_verifications_v1 ORDER BY spent_credits LIMIT 1"),
        json!([{"groupArray(2)(spent_credits) OVER (ORDER BY spent_credits ASC)": [0]}])
    );
}

/// `groupArray(N)(DISTINCT x)`: upstream's parser writes the arguments after parameters back
/// without their `DISTINCT` (AfterShip's `ColumnArgList.String`, as for `quantile(l)(DISTINCT
/// x)`), so ClickHouse runs `groupArray(N)(x)`, every value kept and named so. Before, refused
/// as not run.
#[test]
fn get_verifications__parametric_group_array_of_distinct() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(
            &s,
            "SELECT groupArray(10)(DISTINCT outcome), groupUniqArray(4)(DISTINCT spent_credits) AS u FROM key_verifications_v1 WHERE spent_credits = 4"
        ),
        json!([{"groupArray(10)(outcome)": ["VALID"], "u": [4]}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT length(groupArray(10)(DISTINCT outcome)) AS n FROM key_verifications_v1"
        ),
        json!([{"n": 4}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT groupArray(2)(DISTINCT outcome) OVER () AS w FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"w": ["VALID", "VALID"]}])
    );
}

/// A tuple literal answered as a select-list item: ClickHouse 25.6 types `(x, y)` an unnamed
/// `Tuple` (`enable_named_columns_in_function_tuple` off by default since 24.10,
/// SettingsChangesHistory.cpp "Disabled pending usability improvements"), and upstream's
/// route scans each column into a `ch.Dynamic` (pkg/clickhouse/client.go QueryToMaps), where
/// clickhouse-go v2.42's `Tuple.scanStruct` matches an unnamed element (name `""`) to the
/// untagged unexported field of `chcol.Variant` and reflect panics reading it
/// (`setJSONFieldValue`'s `field.Interface()`): upstream's panic recovery answers 500 once a
/// row is read, and no row is 200 `[]`. Before, every such query was "Invalid analytics
/// query" (SQLite's "row value misused"); a tuple elsewhere SQLite cannot read (in an array,
/// an argument) is now refused as not run.
#[test]
fn get_verifications__tuple_select_items() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT (1, 'a') FROM key_verifications_v1",
        "SELECT outcome, (outcome, key_id) t FROM key_verifications_v1",
        "SELECT (count(), 1) AS t FROM key_verifications_v1",
    ] {
        let r = s.call("analytics.getVerifications", json!({"query": query}));
        assert_eq!(r.status, 500, "{query}");
        assert_eq!(
            r.json()["error"]["detail"],
            "An unexpected error occurred while processing your request.",
            "{query}"
        );
    }
    for query in [
        "SELECT (1, 'a') AS t FROM key_verifications_v1 WHERE spent_credits > 100",
        "SELECT (1, 'a') AS t FROM key_verifications_v1 ORDER BY time LIMIT 1 OFFSET 10",
    ] {
        assert_eq!(run(&s, query), json!([]), "{query}");
    }
    // (Not read by the route: a subquery's.)
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM (SELECT (1, 'a') AS t, outcome FROM key_verifications_v1)"
        ),
        json!([{"n": 4}])
    );
    assert_eq!(
        refused(&s, "SELECT (nope, 1) AS t FROM key_verifications_v1").1,
        "Unknown identifier in analytics query"
    );
    for query in [
        "SELECT length([(1, 'a')]) AS n FROM key_verifications_v1",
        "SELECT t FROM (SELECT [(1, 'a')] AS t FROM key_verifications_v1)",
        "SELECT groupUniqArray((outcome, spent_credits)) FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query).1,
            "unkey-local does not run a tuple other than compared, in IN, or a select-list item of its own (the real server does); see the unkey-local README",
            "{query}"
        );
    }
}

/// An array of tuples answered as a whole column of the outermost `SELECT` (an array literal
/// of tuple literals, `groupArray` of one): clickhouse-go v2.42.0 reads the `Array(Tuple(…))`
/// into upstream's `ch.Dynamic` through its `sql.Scanner` (`Array.ScanRow`,
/// `scanSliceOfMaps`) as a map per tuple, each unnamed element set under the one key `""`
/// (`Tuple.scanMap`), so the last is kept: `[{"": "a"}]`. The literal's tuples meet position by
/// position (getLeastSupertype: `[(1, 2.5), (3, 4)]` answers floats; another arity or no
/// common type is NO_COMMON_TYPE, "Invalid analytics query"). Elements other than numbers and
/// strings that are not `Nullable` are not run. Before, each was refused as not run.
#[test]
fn get_verifications__answered_arrays_of_tuples() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT [(1, 'a'), (2, 'b')], [(1, 2.5), (3, 4)] AS f FROM key_verifications_v1 LIMIT 1"),
        json!([{"[(1, 'a'), (2, 'b')]": [{"": "a"}, {"": "b"}], "f": [{"": 2.5}, {"": 4}]}])
    );
    assert_eq!(
        run(&s, "SELECT groupArray((outcome, spent_credits)) AS g FROM key_verifications_v1 WHERE spent_credits > 1"),
        json!([{"g": [{"": 4}, {"": 10}]}])
    );
    assert_eq!(
        run(&s, "SELECT groupArray((spent_credits, outcome)) AS g FROM key_verifications_v1 WHERE spent_credits > 100"),
        json!([{"g": []}])
    );
    for query in [
        "SELECT [(1, 'a'), (2, 3)] AS t FROM key_verifications_v1",
        "SELECT [(1, 'a'), (2, 'b', 3)] AS t FROM key_verifications_v1",
    ] {
        assert_invalid(&s, query);
    }
    for query in [
        "SELECT [(1, NULL)] AS t FROM key_verifications_v1",
        "SELECT [(1, now())] AS t FROM key_verifications_v1",
        "SELECT [(1, true)] AS t FROM key_verifications_v1",
        "SELECT [(1, 'a'), 5] AS t FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query).1,
            "unkey-local does not run a tuple of other than numbers and strings that are not Nullable in an answered array (the real server does); see the unkey-local README",
            "{query}"
        );
    }
}

/// `t.1`, a tuple's element by a name and a `.N` (ClickHouse's lexer reads a `.` after a name
/// as its operator, and `.N` is `tupleElement(t, N)`; upstream's parser takes and writes back
/// `t.1`, `t.2`, even `t .1`, while `tupleElement` is not among its allowed functions). A
/// tuple is no column of a subquery or CTE here (`SELECT t FROM (SELECT (1, 'a') AS t …)` is
/// not run either), so its element is not run, as `(1, 'a').1`'s; before, "Unknown identifier",
/// which ClickHouse does not answer where `t` is a tuple.
#[test]
fn get_verifications__tuple_element_by_name_not_run() {
    let (s, _, _) = recorded();
    let not_run = "unkey-local does not run a tuple's element written `.N` (the real server does); see the unkey-local README";
    for query in [
        "SELECT t.1 FROM (SELECT (1, 'a') AS t FROM key_verifications_v1)",
        "SELECT t.2 AS o FROM (SELECT (key_id, outcome) AS t FROM key_verifications_v1)",
        "SELECT count() FROM (SELECT (key_id, outcome) AS t FROM key_verifications_v1) WHERE t.2 = 'VALID'",
        "WITH x AS (SELECT (key_id, outcome) AS t FROM key_verifications_v1) SELECT t.1 FROM x",
        "WITH (1, 'a') AS t SELECT t.1 FROM key_verifications_v1",
        "SELECT `t`.1 FROM (SELECT (1, 'a') AS t FROM key_verifications_v1)",
        // (Upstream's parser writes `t .1` back as `t.1`; before, "Invalid SQL syntax".)
        "SELECT t .1 FROM (SELECT (1, 'a') AS t FROM key_verifications_v1)",
        "SELECT (1, 'a').1 FROM key_verifications_v1",
    ] {
        assert_eq!(refused(&s, query).1, not_run, "{query}");
    }
    // (After a keyword, `.5` is a number, as upstream's parser reads it.)
    assert_eq!(
        run(&s, "WITH .5 AS x SELECT DISTINCT .5 AS y, x FROM key_verifications_v1 WHERE spent_credits > .5 AND spent_credits < 2"),
        json!([{"y": 0.5, "x": 0.5}])
    );
    // (`tupleElement` itself is not among upstream's allowed functions.)
    assert_eq!(
        refused(
            &s,
            "SELECT tupleElement(t, 1) FROM (SELECT (1, 'a') AS t FROM key_verifications_v1)"
        )
        .1,
        "Function 'tupleelement' is not allowed"
    );
}

/// Nested arrays, `arrayFilter`s and `groupArray`s are typed once per level (they took time
/// exponential in their depth: 20 levels of `[…]` never ended). Answers as ClickHouse's: a
/// literal of literals is its array (ClickHouse's parser reads it as one literal, so these
/// are far within `max_ast_depth`), `arrayFilter(t -> 1, a)` is `a`, and an aggregate inside
/// an aggregate is ILLEGAL_AGGREGATION ("Invalid analytics query").
#[test]
fn get_verifications__deep_nesting_is_typed_once_per_level() {
    let (s, _, _) = recorded();
    let started = std::time::Instant::now();
    let mut expected = json!(1);
    for _ in 0..20 {
        expected = json!([expected]);
    }
    let q = format!(
        "SELECT {}1{} AS x FROM key_verifications_v1 LIMIT 1",
        "[".repeat(20),
        "]".repeat(20)
    );
    assert_eq!(run(&s, &q), json!([{ "x": expected }]));
    let mut expected = json!(["t1"]);
    for _ in 0..15 {
        expected = json!([expected]);
    }
    let q = format!(
        "SELECT {}tags{} AS x FROM key_verifications_v1 ORDER BY time LIMIT 1",
        "[".repeat(15),
        "]".repeat(15)
    );
    assert_eq!(run(&s, &q), json!([{ "x": expected }]));
    let q = format!(
        "SELECT {}tags{} AS x FROM key_verifications_v1 ORDER BY time LIMIT 1",
        "arrayFilter(t -> 1, ".repeat(20),
        ")".repeat(20)
    );
    assert_eq!(run(&s, &q), json!([{"x": ["t1"]}]));
    let q = format!(
        "SELECT {}1{} AS x FROM key_verifications_v1",
        "groupArray(".repeat(14),
        ")".repeat(14)
    );
    assert_eq!(refused(&s, &q).1, "Invalid analytics query");
    // (Not a timing assertion: each of these took from seconds to forever before.)
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
}

/// Upstream's settings profile sets `max_ast_depth = 100` (pkg/clickhouse/user.go
/// `AnalyticsASTDepthMax`): ClickHouse 25.6 checks the parsed query's AST before analysing it
/// (executeQuery.cpp `checkASTSizeLimits`), and a node 100 levels below the root is
/// TOO_DEEP_AST, "AST is too deep. Maximum: 100" (IAST.cpp `checkDepthImpl`: the root's
/// children at 1, `>= max_depth` throws), none of errors.go's resource words: upstream's 400
/// "Invalid analytics query". A select-list expression is 4 levels down
/// (`ASTSelectWithUnionQuery`, its list, the `SELECT`, its select list) and a call two more
/// for each (`ASTFunction`, its `ASTExpressionList`), so `abs` nested 49 times puts the `1`
/// at 102. How deep the filters upstream writes into each `SELECT` go is not counted exactly
/// here, so a query near the limit is not run.
#[test]
fn get_verifications__max_ast_depth() {
    let (s, _, _) = recorded();
    let nested = |n: usize| {
        format!(
            "SELECT {}1{} AS x FROM key_verifications_v1 LIMIT 1",
            "abs(".repeat(n),
            ")".repeat(n)
        )
    };
    // 40 calls: the `1` at 84.
    assert_eq!(run(&s, &nested(40)), json!([{"x": 1}]));
    assert_eq!(refused(&s, &nested(49)).1, "Invalid analytics query");
    assert_eq!(refused(&s, &nested(80)).1, "Invalid analytics query");
    assert_eq!(
        refused(&s, &nested(46)).1,
        "unkey-local does not run a query this deeply nested: ClickHouse refuses an AST deeper than upstream's max_ast_depth (100), which is not counted exactly here (the real server does); see the unkey-local README"
    );
    // `a + b + c` is `plus(plus(a, b), c)` (ExpressionListParsers.cpp: only `AND`, `OR` and
    // `||` are merged into one call): 60 terms are 59 calls deep, past the limit; 60 `AND`ed
    // comparisons are one `and` of two levels over them.
    let chain = vec!["spent_credits"; 60].join(" + ");
    assert_eq!(
        refused(
            &s,
            &format!("SELECT {chain} AS x FROM key_verifications_v1")
        )
        .1,
        "Invalid analytics query"
    );
    // (A clause's expression is apart from the next clause's: 30 terms in each run.)
    let ones = vec!["1"; 30].join(" + ");
    let credits = vec!["spent_credits"; 30].join(" + ");
    assert_eq!(
        run(
            &s,
            &format!("SELECT {ones} AS a FROM key_verifications_v1 WHERE {credits} >= 0 LIMIT 1")
        ),
        json!([{"a": 30}])
    );
    let ands = vec!["spent_credits >= 0"; 60].join(" AND ");
    assert_eq!(
        run(
            &s,
            &format!("SELECT count() AS n FROM key_verifications_v1 WHERE {ands}")
        ),
        json!([{"n": 4}])
    );
    // Parentheses make no node: 100 of them around a literal run.
    assert_eq!(
        run(
            &s,
            &format!(
                "SELECT {}1{} AS x FROM key_verifications_v1 LIMIT 1",
                "(".repeat(100),
                ")".repeat(100)
            )
        ),
        json!([{"x": 1}])
    );
    // `CASE` is a call of `multiIf`: 49 nested are past the limit.
    let cases = format!(
        "SELECT {}1{} AS x FROM key_verifications_v1",
        "CASE WHEN spent_credits >= 0 THEN ".repeat(49),
        " ELSE 0 END".repeat(49)
    );
    assert_eq!(refused(&s, &cases).1, "Invalid analytics query");
}

/// Aliases of aliases double at each level where each use is its expression (`a1` is
/// `a0 + a0`). ClickHouse 25.6's analyzer resolves each alias once and counts its tree again
/// at each use, refusing an expression past 500,000 nodes (`max_expanded_ast_elements`,
/// which upstream's settings profile leaves at its default): "Query tree is too big", which
/// upstream answers as "Invalid analytics query". A call is three nodes over its arguments,
/// so `a17` is past it (at least 4 * 2^17 - 3 nodes) and `a16` within it (at most
/// 5 * 2^16 - 4, folded to constants); of numbers and `+` only no other error comes first.
/// Ten levels run; where this server cannot tell (or would not expand that far) the query is
/// not run.
#[test]
fn get_verifications__aliases_of_aliases() {
    let (s, _, _) = recorded();
    let with = |n: usize| {
        let items: Vec<String> = (1..n)
            .map(|i| format!("a{} + a{} AS a{i}", i - 1, i - 1))
            .collect();
        format!(
            "WITH 1 AS a0, {} SELECT a{} AS x FROM key_verifications_v1 LIMIT 1",
            items.join(", "),
            n - 1
        )
    };
    assert_eq!(run(&s, &with(10)), json!([{"x": 512}]));
    assert_eq!(refused(&s, &with(18)).1, "Invalid analytics query");
    assert_eq!(refused(&s, &with(40)).1, "Invalid analytics query");
    assert_eq!(
        refused(&s, &with(17)).1,
        "unkey-local does not run a query whose WITH aliases expand to over 50,000 tokens (the real server does); see the unkey-local README"
    );
    let select = |n: usize| {
        let items: Vec<String> = (1..n)
            .map(|i| format!("a{} + a{} AS a{i}", i - 1, i - 1))
            .collect();
        format!(
            "SELECT 1 AS a0, {} FROM key_verifications_v1 LIMIT 1",
            items.join(", ")
        )
    };
    assert_eq!(run(&s, &select(10))[0]["a9"], json!(512));
    assert_eq!(refused(&s, &select(18)).1, "Invalid analytics query");
    assert_eq!(refused(&s, &select(30)).1, "Invalid analytics query");
    assert_eq!(
        refused(&s, &select(17)).1,
        "unkey-local does not run a query whose aliases may expand past ClickHouse's limit on its query tree (max_expanded_ast_elements, 500,000 nodes), which is not counted exactly here (the real server does); see the unkey-local README"
    );
    // The same past the limit, with a call (whose error, if any, would come first): not run.
    let called = with(18).replace("SELECT a17 AS x", "SELECT toString(a17) AS x");
    assert!(refused(&s, &called)
        .1
        .starts_with("unkey-local does not run a query whose WITH aliases expand"));
}

/// Four uses of an alias at each level, six levels over a sum of 40 columns: ClickHouse's
/// tree is past its 500,000 nodes (at least 4^6 times the sum's 157), though it is within the
/// expansions this server makes, so it is not run; two levels run.
#[test]
fn get_verifications__aliases_used_four_times_a_level() {
    let (s, _, _) = recorded();
    let query = |levels: usize| {
        let sum = vec!["spent_credits"; 40].join(" + ");
        let items: Vec<String> = (1..=levels)
            .map(|i| format!("a{0} + a{0} + a{0} + a{0} AS a{i}", i - 1))
            .collect();
        format!(
            "SELECT {sum} AS a0, {} FROM key_verifications_v1 WHERE spent_credits > 0 LIMIT 1",
            items.join(", ")
        )
    };
    assert_eq!(
        refused(&s, &query(6)).1,
        "unkey-local does not run a query whose aliases may expand past ClickHouse's limit on its query tree (max_expanded_ast_elements, 500,000 nodes), which is not counted exactly here (the real server does); see the unkey-local README"
    );
    let rows = run(&s, &query(2));
    let a0 = rows[0]["a0"].as_i64().unwrap_or_default();
    assert!(a0 > 0);
    assert_eq!(rows[0]["a2"], json!(16 * a0));
}

/// A `'` that opens no string at the end of a query: upstream's parser (AfterShip v0.4.18)
/// dereferences a nil statement there and panics (checked with its own parser package), and
/// the route's panic recovery answers the 500; inside a list the same `'` is its syntax error.
#[test]
fn get_verifications__a_quote_ending_the_query() {
    let s = Server::start(&["--analytics"]);
    let q = |query: &str| s.call("analytics.getVerifications", json!({"query": query}));
    let r = q("SELECT count() FROM key_verifications_v1 '");
    r.assert_error(
        500,
        "unkey/application/unexpected_error",
        "An unexpected error occurred while processing your request.",
    );
    let r = q("SELECT count() FROM key_verifications_v1 WHERE outcome IN ('VALID', '");
    assert_eq!(r.status, 400);
    assert!(r.json()["error"]["detail"]
        .as_str()
        .unwrap()
        .starts_with("Invalid SQL syntax: line 0:68 unexpected token kind: <eof>"));
}

/// Statements other than queries, as upstream's parser (AfterShip clickhouse-sql-parser
/// v0.4.18's `parseStmt` and the parsers it calls, ported in chparse's `parser_stmt.rs`)
/// reads them: one it takes is upstream's 400 `invalid_analytics_query_type` "Only SELECT
/// queries are allowed" (parser.go, after the statement count), one it does not is its
/// syntax error, worded and placed as the Go parser words it (each detail below is what a
/// harness of the Go parser's own `ParseStmts` answered, session 18). Each kind it reads,
/// taken and malformed.
#[test]
fn query_parser__statements_other_than_queries() {
    let s = Server::start(&["--analytics"]);
    let only_select = || {
        (
            "invalid_analytics_query_type".to_string(),
            "Only SELECT queries are allowed".to_string(),
        )
    };
    for query in [
        "INSERT INTO key_verifications_v1 (outcome) VALUES ('VALID'), ('RATE_LIMITED')",
        "DELETE FROM key_verifications_v1 WHERE outcome = 'VALID'",
        "CREATE TABLE t (a UInt8 CODEC(ZSTD(1)), INDEX i a TYPE minmax GRANULARITY 1) ENGINE = MergeTree ORDER BY a",
        "CREATE TABLE t (a JSON(max_dynamic_paths = 1, SKIP a.b)) ENGINE = Memory",
        "CREATE VIEW v AS SELECT outcome FROM key_verifications_v1",
        "CREATE DATABASE IF NOT EXISTS d ENGINE = Atomic",
        "CREATE MATERIALIZED VIEW mv TO t AS SELECT outcome FROM key_verifications_v1",
        "CREATE LIVE VIEW lv WITH TIMEOUT 5 AS SELECT 1",
        "CREATE FUNCTION f AS (x) -> x + 1",
        "CREATE DICTIONARY d (id UInt64) PRIMARY KEY id SOURCE(NULL()) LIFETIME(0) LAYOUT(FLAT())",
        "CREATE ROLE r SETTINGS max_memory_usage = 1 READABLE",
        "CREATE USER u IDENTIFIED WITH sha256_password BY 'x' HOST IP '10.0.0.1'",
        "ALTER TABLE key_verifications_v1 DELETE WHERE outcome = 'VALID'",
        "ALTER ROLE r RENAME TO s",
        "DROP TABLE IF EXISTS key_verifications_v1 SYNC",
        "DROP DATABASE default",
        "DROP USER IF EXISTS u",
        "DETACH TABLE key_verifications_v1",
        "ATTACH TABLE key_verifications_v1",
        "TRUNCATE TABLE key_verifications_v1",
        "RENAME TABLE key_verifications_v1 TO k",
        "USE default",
        "SET max_threads = 1",
        "SETTINGS max_threads = 1",
        "SHOW TABLES",
        "DESCRIBE key_verifications_v1",
        "OPTIMIZE TABLE key_verifications_v1 FINAL",
        "CHECK TABLE key_verifications_v1",
        "SYSTEM FLUSH LOGS",
        "GRANT SELECT ON default.* TO u",
        "EXPLAIN SYNTAX SELECT 1",
    ] {
        assert_eq!(refused(&s, query), only_select(), "{query}");
    }
    for (query, head, carets) in [
        (
            "INSERT INTO key_verifications_v1 VALUES ('VALID'",
            "line 0:42 expected the last token kind is: ), but got <string>",
            5,
        ),
        (
            "DELETE FROM key_verifications_v1",
            "line 0:32 expected keyword: WHERE, but got <eof>",
            1,
        ),
        (
            "CREATE TABLE t (a UInt8) ENGINE = 1",
            "line 0:34 unexpected token: <int>",
            1,
        ),
        (
            "CREATE VIEW v SELECT 1",
            "line 0:14 <EOF> or ';' was expected, but got: \"SELECT\"",
            6,
        ),
        (
            "CREATE DATABASE IF EXISTS d",
            "line 0:19 expected keyword: NOT, but got <keyword>",
            6,
        ),
        (
            "CREATE MATERIALIZED VIEW mv AS SELECT 1",
            "line 0:28 unexpected token: \"<keyword>\", expected TO or ENGINE",
            2,
        ),
        (
            "CREATE LIVE VIEW lv WITH AS SELECT 1",
            "line 0:25 expected keyword: TIMEOUT, but got <keyword>",
            2,
        ),
        (
            "CREATE FUNCTION f (x) -> x",
            "line 0:18 expected keyword: AS, but got (",
            1,
        ),
        (
            "CREATE DICTIONARY d (id UInt64) PRIMARY KEY id LIFETIME(300)",
            "line 0:60 SOURCE clause is required for dictionary",
            1,
        ),
        (
            "CREATE ROLE r SETTINGS a 1",
            "line 0:26 expected operator = or no value, but got ",
            1,
        ),
        (
            "CREATE USER u HOST",
            "line 0:18 expected LOCAL|NAME|REGEXP|IP|LIKE|ANY|NONE",
            1,
        ),
        (
            "ALTER TABLE key_verifications_v1 UPDATE outcome = 'VALID'",
            "line 0:57 expected keyword: WHERE, but got <eof>",
            1,
        ),
        (
            "ALTER USER u",
            "line 0:6 expected keyword: TABLE|ROLE, but got \"USER\"",
            4,
        ),
        (
            "DROP TABLE key_verifications_v1 NO",
            "line 0:34 expected keyword: DELAY, but got <eof>",
            1,
        ),
        (
            "DROP key_verifications_v1",
            "line 0:5 expected keyword: DATABASE|TABLE, but got \"key_verifications_v1\"",
            20,
        ),
        ("DROP ROLE", "line 0:9 expected <ident> or <string>", 1),
        (
            "TRUNCATE key_verifications_v1",
            "line 0:9 expected keyword: TABLE, but got <ident>",
            20,
        ),
        (
            "RENAME TABLE key_verifications_v1 k",
            "line 0:34 expected keyword: TO, but got <ident>",
            1,
        ),
        (
            "USE 1",
            "line 0:4 expected the last token kind is: <ident>, but got <int>",
            1,
        ),
        (
            "SET max_threads",
            "line 0:15 expected the last token kind is: =, but got <eof>",
            1,
        ),
        (
            "SHOW COLUMNS FROM key_verifications_v1",
            "line 0:5 expected CREATE, DATABASES, or TABLES after SHOW, got \"COLUMNS\"",
            7,
        ),
        (
            "DESCRIBE TABLE",
            "line 0:14 expected <ident> or <string>, but got \"<eof>\"",
            1,
        ),
        (
            "OPTIMIZE key_verifications_v1",
            "line 0:9 expected keyword: TABLE, but got <ident>",
            20,
        ),
        (
            "CHECK key_verifications_v1",
            "line 0:6 expected keyword: TABLE, but got <ident>",
            20,
        ),
        (
            "SYSTEM RELOAD CONFIG",
            "line 0:14 expected DICTIONARIES|CONFIG",
            6,
        ),
        (
            "GRANT SELECT ON default.*",
            "line 0:25 expected keyword: TO, but got <eof>",
            1,
        ),
        (
            "EXPLAIN PLAN SELECT 1",
            "line 0:8 expected SYNTAX, PIPELINE, ESTIMATE or AST, got <ident>",
            4,
        ),
        // ParseStmts reads every statement before upstream counts them: a later statement's
        // syntax error comes first.
        (
            "SELECT 1 FROM key_verifications_v1; DROP TABLE",
            "line 0:46 expected <ident> or <string>, but got \"<eof>\"",
            1,
        ),
    ] {
        assert_eq!(
            refused(&s, query),
            syntax_error_at(query, head, carets),
            "{query}"
        );
    }
    // Statements it takes are counted before their kind is read.
    for query in [
        "DROP TABLE key_verifications_v1; SELECT 1 FROM key_verifications_v1",
        "SHOW TABLES; SHOW TABLES",
    ] {
        assert_eq!(
            refused(&s, query),
            (
                "invalid_analytics_query".into(),
                "Analytics queries must contain exactly one statement".into()
            ),
            "{query}"
        );
    }
    // Where the Go parser panics reading a node's end that lacks what it reads (`PARTITION
    // ALL`'s expression, a `MATERIALIZE … IN` without a partition, a role setting without a
    // value, a column's failed `DEFAULT`) or the text of the nil token at the end: upstream's
    // panic recovery answers its 500.
    for query in [
        "OPTIMIZE TABLE key_verifications_v1 PARTITION ALL",
        "ALTER TABLE key_verifications_v1 MATERIALIZE INDEX i IN",
        "CREATE ROLE r SETTINGS a",
        "CREATE TABLE t (a Int8 DEFAULT) ENGINE = Memory",
        "SHOW DATABASES LIKE 'x' FORMAT",
    ] {
        let r = s.call("analytics.getVerifications", json!({"query": query}));
        assert_eq!(r.status, 500, "{query}");
        assert_eq!(
            r.json()["error"]["detail"],
            "An unexpected error occurred while processing your request.",
            "{query}"
        );
    }
}

/// A `/*` comment left open: upstream's lexer (`consumeMultiLineComment`) never leaves it
/// once it reaches it, so the real server spins on the request and never answers (its
/// one-minute timeout middleware only cancels a context the parser never reads). A local
/// server cannot give that answer without hanging too, so it refuses the query as not run;
/// a syntax error the parser meets before the comment is still its answer.
#[test]
fn query_parser__unterminated_comment_is_refused_as_not_run() {
    let s = Server::start(&["--analytics"]);
    for query in [
        "SELECT count() AS n FROM key_verifications_v1 /* never closed",
        "SHOW TABLES /* never closed",
    ] {
        let (ty, detail) = refused(&s, query);
        assert_eq!(ty, "invalid_analytics_query", "{query}");
        assert!(
            detail.starts_with("unkey-local does not run a query whose /* comment is not closed"),
            "{query}: {detail}"
        );
    }
    let query = "SELEC count() /* never closed";
    assert_eq!(
        refused(&s, query),
        syntax_error_at(query, "line 0:0 unexpected token: \"SELEC\"", 5)
    );
}

/// A time moved or converted outside its type's range: a `Date` is a `UInt16` of days from
/// 1970-01-01, a `DateTime` a `UInt32` of seconds from it, a `DateTime64` is kept from
/// 1900-01-01 to 2299-12-31 (its DateLUT's years). Past them ClickHouse's arithmetic wraps
/// (FunctionDateOrDateTimeAddInterval.h: a `Date`'s calendar months through DateLUT's day
/// numbers, a `DateTime`'s seconds cast to its `UInt32`), saturates (a `Date`'s `addDays` in
/// the versions read) or leaves a `DateTime64` past the table its functions read; which of
/// them 25.6 does at each place is not followed here, so where a row reaches such a value
/// the query is refused as not run. Before, `toDate('1970-01-02') - INTERVAL 2 DAY` was
/// answered as 1969-12-31, `toDateTime64(time, 3) - INTERVAL 400 YEAR` as 1899.
#[test]
fn get_verifications__times_moved_outside_their_range() {
    let (s, _, _) = recorded();
    let outside = "unkey-local does not run a time moved or converted outside its type's range (a Date 1970-01-01 to 2149-06-06, a DateTime 1970-01-01 00:00:00 to 2106-02-07 06:28:15, a DateTime64 1900-01-01 to 2299-12-31 23:59:59.999999999), which ClickHouse wraps round, holds at an end or leaves past its calendar's table (the real server does); see the unkey-local README";
    for expr in [
        // Before 1970, a `Date` and a `DateTime`, by days, months or a tuple of intervals.
        "toDate('1970-01-02') - INTERVAL 2 DAY",
        "-INTERVAL 2 DAY + toDate('1970-01-01')",
        "toDate('1970-01-02') + toIntervalDay(-3)",
        "toDateTime('1970-01-02 00:00:00') - INTERVAL 1 MONTH",
        "toDateTime('1970-01-02 00:00:00') - INTERVAL 1 DAY - INTERVAL 1 SECOND",
        "toDateTime('1970-01-02 00:00:00') - (INTERVAL 1 DAY + INTERVAL 1 SECOND)",
        // Past their ends (`toDate` and `toDateTime` of the raw tables' ms are held there).
        "toDate(time) + INTERVAL 1 DAY",
        "toDateTime(time) + INTERVAL 1 SECOND",
        // A `DateTime64` past 2299 or before 1900: intervals, seconds, its ms, its ns.
        "toDateTime64('2299-01-01 00:00:00', 3) + INTERVAL 2 YEAR",
        "toDateTime64(time, 3) - INTERVAL 400 YEAR",
        "toDateTime64('1900-01-01 00:00:00', 3) - 1",
        "toDateTime64('2299-12-31 23:59:59', 3) + 1",
        "fromUnixTimestamp64Milli(-9000000000000)",
        "toDateTime64('1900-01-01 00:00:00.1234567', 7) - INTERVAL 2 YEAR",
        "toDateTime64('1900-01-01 00:00:00.1234567', 7) - 1",
    ] {
        let query = format!("SELECT {expr} AS t FROM key_verifications_v1 LIMIT 1");
        assert_eq!(
            refused(&s, &query),
            ("invalid_analytics_query".into(), outside.into()),
            "{query}"
        );
    }
    // Read further too (compared), not only answered.
    let query = "SELECT count() AS n FROM key_verifications_v1 WHERE toDate(time) + INTERVAL 1 MONTH > today()";
    assert_eq!(refused(&s, query).1, outside);
    // Within the type's range each is answered, as the type ClickHouse's move makes: a `Date`
    // moved by hours a `DateTime`, a `DateTime` by ms a `DateTime64(3)`, which holds 1969.
    assert_eq!(
        run(&s, "SELECT toDate('1970-01-02') - INTERVAL 1 DAY AS a, toDate('1970-01-02') - INTERVAL 1 HOUR AS b, toDateTime('1970-01-01 00:00:00') - INTERVAL 1 MILLISECOND AS c, toDateTime64('1900-01-01 00:00:01', 3) - 1 AS d, toDateTime64('2299-01-01 00:00:00', 3) + INTERVAL 11 MONTH AS e, toDate(time) - INTERVAL 1 DAY AS f FROM key_verifications_v1 LIMIT 1"),
        json!([{
            "a": "1970-01-01T00:00:00Z",
            "b": "1970-01-01T23:00:00Z",
            "c": "1969-12-31T23:59:59.999Z",
            "d": "1900-01-01T00:00:00Z",
            "e": "2299-12-01T00:00:00Z",
            "f": "2149-06-05T00:00:00Z"
        }])
    );
    // Where no row reaches the move, nothing is refused.
    assert_eq!(
        run(&s, "SELECT count() AS n FROM key_verifications_v1 WHERE outcome = 'NONE' AND toDate(time) + INTERVAL 1 DAY > today()"),
        json!([{"n": 0}])
    );
}

/// ClickHouse's validateAggregates beside a `*`: the keys of `ROLLUP`, `CUBE` and `GROUPING
/// SETS` are those of every set (src/Analyzer/ValidationUtils.cpp collects each set's), so a
/// column of `*` that none names is NOT_AN_AGGREGATE, "Invalid analytics query"; where every
/// column is one, ClickHouse runs it, which is not written here (refused as not run). A
/// `GROUP BY` position naming a column of `*` makes that column a key, and the other clauses
/// are validated against it (before, `ORDER BY o2` of a column that no key names was
/// answered).
#[test]
fn get_verifications__star_beside_groupings_and_positions() {
    let (s, _, _) = recorded();
    let sub = "(SELECT outcome, key_id FROM key_verifications_v1)";
    let joined = format!("{sub} AS v JOIN (SELECT key_id AS k2, outcome AS o2 FROM key_verifications_v1) AS w ON v.key_id = w.k2");
    for query in [
        format!("SELECT * FROM {sub} GROUP BY GROUPING SETS ((outcome), ())"),
        format!("SELECT * FROM {sub} GROUP BY outcome WITH ROLLUP"),
        format!("SELECT v.* FROM {joined} GROUP BY GROUPING SETS ((v.outcome), ())"),
        format!("SELECT v.*, count() FROM {joined} GROUP BY 1, 2 ORDER BY o2"),
        format!("SELECT v.*, count() FROM {joined} GROUP BY 1, 2 HAVING min(o2) != '' ORDER BY upper(o2)"),
    ] {
        assert_invalid(&s, &query);
    }
    for query in [
        format!("SELECT * FROM {sub} GROUP BY outcome, key_id WITH ROLLUP"),
        format!("SELECT * FROM {sub} GROUP BY GROUPING SETS ((outcome, key_id))"),
        format!("SELECT * FROM {sub} GROUP BY GROUPING SETS ((outcome), (key_id), ())"),
        format!("SELECT v.*, count() FROM {joined} GROUP BY v.key_id, v.outcome WITH CUBE"),
    ] {
        assert_eq!(
            refused(&s, &query),
            (
                "invalid_analytics_query".into(),
                "unkey-local does not run * beside ROLLUP, CUBE or GROUPING SETS (the real server does); see the unkey-local README".into()
            ),
            "{query}"
        );
    }
    let rows = run(
        &s,
        &format!("SELECT v.*, count() AS n FROM {joined} GROUP BY 1, 2 ORDER BY outcome, n"),
    );
    assert_eq!(rows.as_array().map(Vec::len), Some(2));
    assert_eq!(rows[0]["outcome"], "VALID");
    assert_eq!(
        run(
            &s,
            &format!(
                "SELECT *, count() AS n FROM {sub} GROUP BY 2, 1 ORDER BY n DESC, key_id LIMIT 1"
            )
        )[0]["n"],
        json!(3)
    );
}

/// Upstream's settings profile sets `max_ast_elements = 2000` (pkg/clickhouse/user.go):
/// ClickHouse 25.6 counts the parsed query's AST after its depth (executeQuery.cpp
/// `checkASTSizeLimits`, IAST.cpp `checkSize`: each node and all its children's), more than
/// 2,000 nodes being TOO_BIG_AST, "AST is too big. Maximum: 2000", none of errors.go's
/// resource words: upstream's 400 "Invalid analytics query". Upstream's own count of its
/// parser's nodes comes first for most forms, but ClickHouse's parser writes `x BETWEEN a AND
/// b` as `and(greaterOrEquals(x, a), lessOrEquals(x, b))` (ExpressionListParsers.cpp
/// `makeBetweenOperator`), `x` under both, so a `BETWEEN` over a `BETWEEN` doubles: 7 deep
/// are 1,158 nodes there and run, 8 deep 2,310, its error. Where the count is not told
/// (`length([…])` of 980 names under a `BETWEEN`, about 2,000 nodes with upstream's
/// filters) the query is not run. Before, each was run.
#[test]
fn get_verifications__max_ast_elements() {
    let (s, _, _) = recorded();
    let nested = |n: usize| {
        let mut x = "spent_credits".to_string();
        for _ in 0..n {
            x = format!("({x} BETWEEN 0 AND 5)");
        }
        format!("SELECT count() AS n FROM key_verifications_v1 WHERE {x}")
    };
    assert_eq!(run(&s, &nested(7)), json!([{"n": 4}]));
    assert_eq!(refused(&s, &nested(8)).1, "Invalid analytics query");
    assert_eq!(refused(&s, &nested(10)).1, "Invalid analytics query");
    let wide = |n: usize| {
        let names = vec!["spent_credits"; n].join(", ");
        format!("SELECT count() AS n FROM key_verifications_v1 WHERE length([{names}]) BETWEEN 0 AND 5000")
    };
    assert_eq!(run(&s, &wide(900)), json!([{"n": 4}]));
    assert_eq!(
        refused(&s, &wide(980)).1,
        "unkey-local does not run a query this large: ClickHouse refuses an AST of more than upstream's max_ast_elements (2,000) nodes, which are not counted exactly here (the real server does); see the unkey-local README"
    );
}

/// A placeholder `?` where an operand goes: upstream's parser (AfterShip v0.4.18) takes it as
/// an operand of its own and writes it back as `?`; upstream's executor passes the query to
/// its Go driver with no arguments, which sends it as it is (clickhouse-go's `bind` returns a
/// query without arguments unchanged), and ClickHouse 25.6's parser has no operand of a `?`
/// (ExpressionListParsers.cpp `tryParseOperand`: `?` is only the ternary's operator after an
/// operand), so it is its syntax error, "Invalid SQL syntax" through upstream's error mapping.
/// That comes after every check of upstream's: an unknown table, no `FROM`, a function not
/// allowed and the retention check answer first (before, a `?` or a ternary ClickHouse
/// refuses was "Invalid SQL syntax" ahead of them, and ClickHouse's other syntax errors
/// ahead of the retention check).
#[test]
fn get_verifications__placeholder_is_clickhouse_syntax_error() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT count() FROM key_verifications_v1 WHERE outcome = ?",
        "SELECT ? FROM key_verifications_v1",
        "SELECT count() FROM key_verifications_v1 WHERE outcome IN (?, ?)",
        "SELECT count(?) FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query),
            (
                "invalid_analytics_query".into(),
                "Invalid SQL syntax".into()
            ),
            "{query}"
        );
    }
    assert_eq!(
        refused(&s, "SELECT ? FROM nope_table").1,
        "Access to table 'nope_table' is not allowed"
    );
    assert_eq!(
        refused(&s, "SELECT 1 ? 2 : 3 ? 4 : 5 FROM nope_table").1,
        "Access to table 'nope_table' is not allowed"
    );
    assert_eq!(refused(&s, "SELECT ?").1, "Query must have a FROM clause");
    assert_eq!(
        refused(&s, "SELECT badfn(?) FROM key_verifications_v1").1,
        "Function 'badfn' is not allowed"
    );
    // (So too ClickHouse's other syntax errors of upstream's text, read here as the query is
    // translated: a subscript of two indexes, a second rollup modifier.)
    let s = Server::start(&["--analytics", "--analytics-retention-days", "7"]);
    for query in [
        "SELECT count() FROM key_verifications_v1 WHERE time > now() - INTERVAL 100 DAY AND outcome = ?",
        "SELECT [1, 2][1, 2] FROM key_verifications_v1 WHERE time > now() - INTERVAL 100 DAY",
        "SELECT count() FROM key_verifications_v1 WHERE time > now() - INTERVAL 100 DAY GROUP BY outcome WITH ROLLUP WITH CUBE",
    ] {
        let r = s.call("analytics.getVerifications", json!({ "query": query }));
        assert!(
            r.error_type().ends_with("query_range_exceeds_retention"),
            "{query}: {}",
            r.error_type()
        );
    }
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": "SELECT count() FROM key_verifications_v1 WHERE time > now() - INTERVAL 1 DAY AND outcome = ?"}),
    );
    assert_eq!(r.json()["error"]["detail"], "Invalid SQL syntax");
}

/// ClickHouse's `quantile` (QuantileReservoirSampler) keeps infinities among its values
/// (ReservoirSampler::insert skips only a `nan`) and interpolates
/// `a * left_coef + b * right_coef`, so a neighbour of coefficient 0 that is infinite makes a
/// `nan` (`-inf * 0`), as do infinities of both signs at half each. Over `(spent_credits - 5) *
/// 1e308` (sorted `-inf`, `-inf`, `-1e308`, `inf`): the median is `-inf` (here it was
/// `-1e308`, the infinities dropped), 0.9 and 0.99 `inf`, 1 `inf`, 0 a `nan` (false against
/// anything, answered `null`); the median of the distinct values a `nan`; a window's over two
/// rows likewise. Of a `Nullable` argument the `nan` is answered `null` and refused as not run
/// where it is read further (its NULL here would be the NULL of no value). `quantiles` is not
/// one of upstream's functions.
#[test]
fn get_verifications__quantile_of_infinities() {
    let (s, _, _) = recorded();
    let x = "(spent_credits - 5) * 1e308";
    for (query, want) in [
        (
            format!("SELECT quantile(0.5)({x}) < -1e308 AS a, quantile(0.9)({x}) > 1e308 AS b, quantile(0.99)({x}) > 0 AS c, quantile(0)({x}) < 0 AS d, quantile(1)({x}) > 0 AS e, quantile(0)({x}) >= 0 AS f, quantile(0.4)({x}) < -1e308 AS g FROM key_verifications_v1"),
            json!([{"a": 1, "b": 1, "c": 1, "d": 0, "e": 1, "f": 0, "g": 1}]),
        ),
        (
            format!("SELECT quantile(0.5)({x}) AS a, quantile(0)({x}) AS b, quantile(1)({x}) AS c FROM key_verifications_v1"),
            json!([{"a": null, "b": null, "c": null}]),
        ),
        (
            format!("SELECT toString(quantile(0.5)({x})) AS a, toString(quantile(1)({x})) AS b, quantile(0)({x}) IS NULL AS c FROM key_verifications_v1"),
            json!([{"a": "-inf", "b": "inf", "c": 0}]),
        ),
        (
            format!("SELECT quantile(DISTINCT {x}) < 0 AS a, quantile(DISTINCT {x}) >= 0 AS b FROM key_verifications_v1"),
            json!([{"a": 0, "b": 0}]),
        ),
        (
            format!("SELECT quantile(0)({x}) OVER (ORDER BY spent_credits ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) < 0 AS q FROM key_verifications_v1"),
            json!([{"q": 1}, {"q": 0}, {"q": 1}, {"q": 0}]),
        ),
        (
            format!("SELECT quantile(0.5)(if(spent_credits > 0, {x}, NULL)) AS a, quantile(0.9)(if(spent_credits > 0, {x}, NULL)) > 0 AS b FROM key_verifications_v1"),
            json!([{"a": null, "b": 1}]),
        ),
        (
            format!("SELECT quantile(0.5)(if(spent_credits > 100, {x}, NULL)) IS NULL AS a FROM key_verifications_v1"),
            json!([{"a": 1}]),
        ),
    ] {
        assert_eq!(run(&s, &query), want, "{query}");
    }
    for query in [
        format!("SELECT toString(quantile(0)({x})) AS a FROM key_verifications_v1"),
        format!("SELECT quantile(0.5)(if(spent_credits > 0, {x}, NULL)) IS NULL AS a FROM key_verifications_v1"),
        format!("SELECT quantile(0.5)(if(spent_credits > 0, {x}, NULL)) < 0 AS a FROM key_verifications_v1"),
    ] {
        let (_, detail) = refused(&s, &query);
        assert!(detail.starts_with("unkey-local does not run a float nan"), "{query}: {detail}");
    }
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": format!("SELECT quantiles(0.5, 0.9)({x}) AS q FROM key_verifications_v1")}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"]["detail"],
        "Function 'quantiles' is not allowed"
    );
}

/// Other aggregates over infinities, as ClickHouse answers them: `min`/`max` (also over a
/// window's frame) order `-inf` below and `inf` above every number (answered `null`, as
/// upstream's executor writes a non-finite float); `uniq`, `uniqExact` and `count(DISTINCT …)`
/// count each infinity as a value; `avg` and `sum(DISTINCT …)` of both signs are a `nan`
/// (`null`, false where compared), of one sign that infinity; `sumIf` of the rows it keeps;
/// rows sort and group by them; `groupArray` of them is upstream's 500 (its executor
/// nullifies a non-finite float only outside an array). A `nan` a row makes (`inf * 0`) read by any aggregate is
/// refused as not run (SQLite's NULL would be skipped where ClickHouse counts, hashes or
/// keeps the `nan`).
#[test]
fn get_verifications__aggregates_of_infinities() {
    let (s, _, _) = recorded();
    let x = "(spent_credits - 5) * 1e308";
    let w = "if(spent_credits < 100, (spent_credits - 5) * 1e308, 0)";
    for (query, want) in [
        (
            format!("SELECT min({x}) AS a, max({x}) AS b, min({x}) < -1e308 AS c, max({x}) > 1e308 AS d, max({x}) - min({x}) AS e FROM key_verifications_v1"),
            json!([{"a": null, "b": null, "c": 1, "d": 1, "e": null}]),
        ),
        (
            format!("SELECT min({x}) OVER (ORDER BY spent_credits ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) < -1e308 AS c FROM key_verifications_v1"),
            json!([{"c": 1}, {"c": 1}, {"c": 1}, {"c": 0}]),
        ),
        (
            format!("SELECT uniq({x}) AS a, uniqExact({x}) AS b, count(DISTINCT {x}) AS c FROM key_verifications_v1"),
            json!([{"a": 3, "b": 3, "c": 3}]),
        ),
        (
            format!("SELECT avg({w}) AS a, avg({w}) < 0 AS b, avg({w}) >= 0 AS c, sum(DISTINCT {x}) AS d FROM key_verifications_v1"),
            json!([{"a": null, "b": 0, "c": 0, "d": null}]),
        ),
        // (ClickHouse's analyzer moves the product out of `avg`: `avg(spent_credits - 5) *
        // 1e308`, finite.)
        (
            format!("SELECT avg({x}) AS a FROM key_verifications_v1"),
            json!([{"a": -1.25e308}]),
        ),
        (
            format!("SELECT avg(if(spent_credits > 2, {x}, NULL)) > 0 AS a, sumIf({x}, spent_credits > 5) > 0 AS b FROM key_verifications_v1"),
            json!([{"a": 1, "b": 1}]),
        ),
        (
            format!("SELECT {x} AS a, count() AS c FROM key_verifications_v1 GROUP BY a ORDER BY a"),
            json!([{"a": null, "c": 2}, {"a": -1e308, "c": 1}, {"a": null, "c": 1}]),
        ),
    ] {
        assert_eq!(run(&s, &query), want, "{query}");
    }
    // (An array holding an infinity upstream's executor does not nullify: its 500.)
    let r = s.call(
        "analytics.getVerifications",
        json!({"query": format!("SELECT groupArray({x}) AS a FROM key_verifications_v1")}),
    );
    assert_eq!(r.status, 500);
    assert_eq!(
        r.json()["error"]["detail"],
        "Failed to encode query results"
    );
    let n = format!("{x} * 0");
    for f in [
        "min",
        "max",
        "any",
        "uniq",
        "uniqExact",
        "count",
        "groupArray",
    ] {
        let query = format!("SELECT {f}({n}) AS a FROM key_verifications_v1");
        let (_, detail) = refused(&s, &query);
        assert!(
            detail.starts_with("unkey-local does not run a float nan"),
            "{query}: {detail}"
        );
    }
    // (Of `sum` and `avg`, ClickHouse's analyzer moves the `* 0` out: the aggregate's `nan` of
    // infinities of both signs, times 0, answered `null`; of `sumIf` the row's `nan` is read.)
    assert_eq!(
        run(
            &s,
            &format!("SELECT sum({n}) AS s, avg({n}) AS a FROM key_verifications_v1")
        ),
        json!([{"s": null, "a": null}])
    );
    assert!(refused(
        &s,
        &format!("SELECT sumIf({n}, 1) AS s FROM key_verifications_v1")
    )
    .1
    .starts_with("unkey-local does not run a float nan"));
}

/// ClickHouse 25.6's analyzer moves arithmetic with a constant out of `sum` and `avg` before
/// the query runs (AggregateFunctionsArithmericOperationsPass: `sum(x * c)`, `sum(x / c)`,
/// `avg(x ± c)`, `avg(c * x)`, …; RewriteSumFunctionWithSumAndCountPass: `sum(column ± c)` is
/// `sum(column) ± c * count(column)`), keeping the column's name: so the arithmetic happens
/// where ClickHouse does it. Row by row these would differ in their last digits
/// (`sum(spent_credits + 0.1)` added per row is 15.399999999999999). The node the pass makes is
/// not visited again (`sum((spent_credits / 3) * 3)` is `sum(spent_credits / 3) * 3`, whose
/// float sum is refused below); `c / x` and a window's aggregate stay as written; a constant
/// that is no number literal, and `sum(column ± c) OVER …` (whose rewrite 25.6's pass makes
/// without telling a window function from an aggregate), are not run.
#[test]
fn get_verifications__arithmetic_moved_out_of_sum_and_avg() {
    let (s, _, _) = recorded();
    // (spent_credits: 1, 4, 10 and 0.)
    assert_eq!(
        run(&s, "SELECT sum(spent_credits + 0.1) AS a, sum(0.1 + spent_credits) AS b, avg(spent_credits + 0.1) AS c, avg(spent_credits * 0.7) AS d, sum(spent_credits / 3) AS e, sum(spent_credits * -0.1) AS f, sum(1 - spent_credits) AS g, sum(spent_credits - 1) AS h, avg(10 - spent_credits) AS i, sum(2 * spent_credits) AS j FROM key_verifications_v1"),
        json!([{"a": 15.4, "b": 15.4, "c": 3.85, "d": 2.625, "e": 5, "f": -1.5, "g": -11, "h": 11, "i": 6.25, "j": 30}])
    );
    // Named as written; in `HAVING`, `ORDER BY`, a subquery and through a `WITH` alias.
    assert_eq!(
        run(&s, "SELECT sum(spent_credits + 0.1), avg(spent_credits + 0.1) * 2 FROM key_verifications_v1"),
        json!([{"sum(plus(spent_credits, 0.1))": 15.4, "multiply(avg(plus(spent_credits, 0.1)), 2)": 7.7}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT * FROM (SELECT sum(spent_credits / 3) FROM key_verifications_v1)"
        ),
        json!([{"sum(divide(spent_credits, 3))": 5}])
    );
    assert_eq!(
        run(&s, "SELECT outcome, sum(spent_credits + 0.1) AS s FROM key_verifications_v1 GROUP BY outcome HAVING sum(spent_credits + 0.1) > 15.39999999999999 ORDER BY sum(spent_credits + 0.1)"),
        json!([{"outcome": "VALID", "s": 15.4}])
    );
    assert_eq!(
        run(&s, "WITH spent_credits AS c, 0.1 AS k SELECT sum(c + 0.1) AS a, sum(spent_credits * k) AS b FROM key_verifications_v1"),
        json!([{"a": 15.4, "b": 1.5}])
    );
    // A subquery's column is a column: `sum(c) + 0.1 * count(c)`.
    assert_eq!(
        run(&s, "SELECT sum(c + 0.1) AS s FROM (SELECT spent_credits / 4 AS c FROM key_verifications_v1)"),
        json!([{"s": 4.15}])
    );
    // Not moved: `c / x`, a window's `sum`, `sumIf`, `sum(DISTINCT …)`; here each float sum is
    // the same in every order.
    assert_eq!(
        run(&s, "SELECT sum(8 / (spent_credits * 0 + 2)) AS a, sumIf(spent_credits / 4, 1) AS b, sum(DISTINCT spent_credits / 4) AS c FROM key_verifications_v1"),
        json!([{"a": 16, "b": 3.75, "c": 3.75}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT sum(spent_credits / 4) OVER () AS w FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"w": 3.75}])
    );
    let order = "unkey-local does not run a float sum or avg";
    for query in [
        "SELECT sum((spent_credits / 3) * 3) AS a FROM key_verifications_v1",
        "SELECT sum(spent_credits / 3) OVER () AS w FROM key_verifications_v1",
    ] {
        assert!(refused(&s, query).1.starts_with(order), "{query}");
    }
    for query in [
        "SELECT sum(spent_credits * (1 / 10)) AS a FROM key_verifications_v1",
        "SELECT avg(spent_credits + toFloat64(1)) AS a FROM key_verifications_v1",
        "SELECT 2 AS k, sum(spent_credits * k) AS a FROM key_verifications_v1",
        "SELECT spent_credits AS c, sum(c + 1) AS a FROM key_verifications_v1 GROUP BY c",
        "SELECT sum(spent_credits * (SELECT 2)) AS a FROM key_verifications_v1",
        "SELECT sum(spent_credits + 1) OVER () AS w FROM key_verifications_v1",
    ] {
        assert_eq!(
            refused(&s, query),
            ("invalid_analytics_query".into(), "unkey-local does not run sum or avg of arithmetic with a constant that is no number literal (an expression of constants, an alias, a subquery), whose arithmetic ClickHouse's analyzer moves out of the aggregate, or sum(column ± constant) over a window (the real server does); see the unkey-local README".into()),
            "{query}"
        );
    }
}

/// ClickHouse adds floats plainly (AggregateFunctionSum's `addManyImpl`: 16 partial sums over
/// a run of values, one by one per group, in the order each thread reads, then merged), where
/// SQLite's sum compensates: a float `sum`, `avg` or `sumIf` (of `DISTINCT`, over a window, of
/// a `CAST` to `Float32` too) is answered only where every order of adding gives one value
/// (each value a multiple of `2^-k`, the sum of their magnitudes below `2^(53-k)`), and
/// refused as not run elsewhere. Integer sums are exact.
#[test]
fn get_verifications__float_sums_answered_only_where_every_order_agrees() {
    let (s, _, _) = recorded();
    // (spent_credits: 1, 4, 10 and 0.)
    assert_eq!(
        run(&s, "SELECT sum(c) AS a, avg(c) AS b, sumIf(c, c > 0.5) AS d, sum(DISTINCT c) AS e, sum(CAST(c AS Float32)) AS f FROM (SELECT spent_credits / 2 AS c FROM key_verifications_v1)"),
        json!([{"a": 7.5, "b": 1.875, "d": 7, "e": 7.5, "f": 7.5}])
    );
    assert_eq!(
        run(&s, "SELECT sum(c) OVER (ORDER BY c ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS w FROM (SELECT spent_credits / 2 AS c FROM key_verifications_v1) ORDER BY w"),
        json!([{"w": 0}, {"w": 0.5}, {"w": 2.5}, {"w": 7}])
    );
    assert_eq!(
        run(&s, "SELECT sum(spent_credits) AS a, avg(spent_credits) AS b, sum(CAST(0.1 AS Float32)) AS c FROM key_verifications_v1"),
        json!([{"a": 15, "b": 3.75, "c": 0.4000000059604645f64}])
    );
    for query in [
        "SELECT sum(c) AS a FROM (SELECT spent_credits / 10 + 0.1 AS c FROM key_verifications_v1)",
        "SELECT avg(c) AS a FROM (SELECT spent_credits / 3 AS c FROM key_verifications_v1)",
        "SELECT sumIf(c, 1) AS a FROM (SELECT spent_credits / 3 AS c FROM key_verifications_v1)",
        "SELECT sumIf(DISTINCT c, 1) AS a FROM (SELECT spent_credits / 3 AS c FROM key_verifications_v1)",
        "SELECT sum(DISTINCT c) AS a FROM (SELECT spent_credits / 3 AS c FROM key_verifications_v1)",
        "SELECT avg(c) OVER (ORDER BY c) AS a FROM (SELECT spent_credits / 3 AS c FROM key_verifications_v1)",
        "SELECT sum(0.1) AS a FROM key_verifications_v1",
        "SELECT sum(CAST(c AS Float32)) AS a FROM (SELECT if(spent_credits = 1, 1e-30, spent_credits * 1e20) AS c FROM key_verifications_v1)",
        "SELECT count() AS n FROM key_verifications_v1 HAVING sum(1 / (spent_credits + 2)) > 0",
    ] {
        assert_eq!(
            refused(&s, query),
            ("invalid_analytics_query".into(), "unkey-local does not run a float sum or avg (sum, avg, sumIf, of DISTINCT or over a window too) whose value depends on the order its values are added in: ClickHouse adds floats without compensation, in the order its threads read the blocks of the table and merge their sums, which a client cannot see; answered only where every order gives one value (each value a multiple of one power of two, 2^-k, and the sum of their magnitudes below 2^(53-k)) (the real server does); see the unkey-local README".into()),
            "{query}"
        );
    }
}
