//! analytics.getRatelimits over the decisions unkey-local records with `--analytics`
//! (unkeyed/unkey at fc99b6b9, `svc/api/routes/v2_analytics_get_ratelimits/*_test.go`).
//! Upstream's tests buffer events directly; here they are made by `ratelimit.limit`. Named
//! `get_ratelimits__<test>`; the code and wording are ours.
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
    Server::start(&["--dashboard", "--analytics"])
}

/// A namespace with one decision for `identifier`; its id.
fn namespace_with_event(s: &Server, name: &str, identifier: &str) -> String {
    s.ok(
        "ratelimit.limit",
        json!({"namespace": name, "identifier": identifier, "limit": 10, "duration": 60000}),
    );
    let r = s.request(
        "POST",
        "/_local/dashboard/namespace",
        &[],
        json!({"namespace": name}).to_string().as_bytes(),
    );
    r.json()["namespaceId"].as_str().unwrap().to_string()
}

fn q(s: &Server, root: &str, query: &str) -> Resp {
    s.post_as(
        "/v2/analytics.getRatelimits",
        Some(root),
        &json!({"query": query}),
    )
}

fn rows(s: &Server, root: &str, query: &str) -> Value {
    q(s, root, query).data()
}

/// Test200_RawEventsWildcard.
#[test]
fn get_ratelimits__raw_events_wildcard() {
    let s = start();
    let ns = namespace_with_event(&s, "raw-ns", "user");
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    let d = rows(
        &s,
        &root,
        &format!("SELECT namespace_id, identifier FROM ratelimits_v1 WHERE namespace_id = '{ns}'"),
    );
    assert_eq!(d, json!([{"namespace_id": ns, "identifier": "user"}]));
}

/// Test200_QualifiedNamespacePredicate.
#[test]
fn get_ratelimits__qualified_namespace_predicate() {
    let s = start();
    let ns = namespace_with_event(&s, "q-ns", "user");
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    let d = rows(
        &s,
        &root,
        &format!("SELECT count(*) AS count FROM ratelimits_v1 AS r WHERE r.namespace_id = '{ns}'"),
    );
    assert_eq!(d, json!([{"count": 1}]));
}

/// Test200_WildcardCanReadWorkspaceWithoutNamespacePredicate.
#[test]
fn get_ratelimits__wildcard_can_read_workspace_without_namespace_predicate() {
    let s = start();
    let ns = namespace_with_event(&s, "w-ns", "user");
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    assert_eq!(
        rows(&s, &root, "SELECT namespace_id FROM ratelimits_v1"),
        json!([{"namespace_id": ns}])
    );
}

/// Test200_WildcardUnionReadsWorkspaceBranch.
#[test]
fn get_ratelimits__wildcard_union_reads_workspace_branch() {
    let s = start();
    let allowed = namespace_with_event(&s, "u-allowed", "a");
    let other = namespace_with_event(&s, "u-other", "b");
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    let d = rows(
        &s,
        &root,
        &format!("SELECT namespace_id FROM ratelimits_v1 WHERE namespace_id = '{allowed}' UNION ALL SELECT namespace_id FROM ratelimits_v1"),
    );
    assert!(
        d.as_array()
            .unwrap()
            .contains(&json!({"namespace_id": other})),
        "{d}"
    );
}

/// Test200_ScopedPermissionCannotEscapeWithOr.
#[test]
fn get_ratelimits__scoped_permission_cannot_escape_with_or() {
    let s = start();
    let allowed = namespace_with_event(&s, "o-allowed", "a");
    namespace_with_event(&s, "o-other", "b");
    let root = s.root_key(&[&format!("ratelimit.{allowed}.read_analytics")]);
    let d = rows(
        &s,
        &root,
        &format!("SELECT namespace_id FROM ratelimits_v1 WHERE namespace_id = '{allowed}' OR 1=1"),
    );
    assert_eq!(d, json!([{"namespace_id": allowed}]));
}

/// Test200_ScopedPermissionInjectsNamespaceFilter.
#[test]
fn get_ratelimits__scoped_permission_injects_namespace_filter() {
    let s = start();
    let allowed = namespace_with_event(&s, "i-allowed", "a");
    let other = namespace_with_event(&s, "i-other", "b");
    let root = s.root_key(&[&format!("ratelimit.{allowed}.read_analytics")]);
    assert_eq!(
        rows(&s, &root, "SELECT namespace_id FROM ratelimits_v1"),
        json!([{"namespace_id": allowed}])
    );
    for ns in [other.as_str(), "rlns_unknown123"] {
        let d = rows(
            &s,
            &root,
            &format!("SELECT namespace_id FROM ratelimits_v1 WHERE namespace_id = '{ns}'"),
        );
        assert_eq!(d, json!([]), "{ns}");
    }
    let d = rows(
        &s,
        &root,
        &format!("SELECT namespace_id FROM ratelimits_v1 WHERE namespace_id != '{allowed}'"),
    );
    assert_eq!(d, json!([]));
}

/// Test200_ExactPermissionsForMultipleNamespaces.
#[test]
fn get_ratelimits__exact_permissions_for_multiple_namespaces() {
    let s = start();
    let first = namespace_with_event(&s, "m-first", "a");
    let second = namespace_with_event(&s, "m-second", "b");
    let root = s.root_key(&[
        &format!("ratelimit.{first}.read_analytics"),
        &format!("ratelimit.{second}.read_analytics"),
    ]);
    let d = rows(
        &s,
        &root,
        &format!("SELECT count(*) AS count FROM ratelimits_v1 WHERE namespace_id IN ('{first}','{second}')"),
    );
    assert_eq!(d, json!([{"count": 2}]));
}

/// Test200_SoftDeletedNamespace: history stays readable after the namespace is deleted.
#[test]
fn get_ratelimits__soft_deleted_namespace() {
    let s = start();
    let ns = namespace_with_event(&s, "gone-ns", "a");
    let r = s.request(
        "POST",
        "/_local/dashboard/deleteNamespace",
        &[],
        json!({"namespace": "gone-ns"}).to_string().as_bytes(),
    );
    assert_eq!(r.status, 200);
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    let d = rows(
        &s,
        &root,
        &format!("SELECT count(*) AS n FROM ratelimits_v1 WHERE namespace_id = '{ns}'"),
    );
    assert_eq!(d, json!([{"n": 1}]));
}

/// Test200_WildcardUnknownAndForeignNamespaces: another workspace's decisions are never seen.
#[test]
fn get_ratelimits__wildcard_unknown_and_foreign_namespaces() {
    let s = Server::start(&[
        "--dashboard",
        "--analytics",
        "--workspace",
        "ws_foreign",
        "--root-key",
        "rk_foreign=ratelimit.*.read_analytics,ratelimit.*.limit,ratelimit.*.create_namespace",
    ]);
    s.post_as(
        "/v2/ratelimit.limit",
        Some("rk_foreign"),
        &json!({"namespace": "foreign", "identifier": "foreign", "limit": 10, "duration": 60000}),
    )
    .data();
    let foreign = s
        .request(
            "POST",
            "/_local/dashboard/namespace",
            &[],
            json!({"namespace": "foreign", "workspace": "ws_foreign"})
                .to_string()
                .as_bytes(),
        )
        .json()["namespaceId"]
        .as_str()
        .unwrap()
        .to_string();
    let d = rows(
        &s,
        "rk_foreign",
        &format!("SELECT namespace_id FROM ratelimits_v1 WHERE namespace_id = '{foreign}'"),
    );
    assert_eq!(d.as_array().unwrap().len(), 1);
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    for ns in ["rlns_unknown123", foreign.as_str()] {
        let d = rows(
            &s,
            &root,
            &format!("SELECT namespace_id FROM ratelimits_v1 WHERE namespace_id = '{ns}'"),
        );
        assert_eq!(d, json!([]), "{ns}");
    }
}

/// Test400_NoAuthHeaderFailsValidation.
#[test]
fn get_ratelimits__no_auth_header_fails_validation() {
    let s = start();
    let r = s.post_as(
        "/v2/analytics.getRatelimits",
        None,
        &json!({"query": "SELECT * FROM ratelimits_v1 WHERE namespace_id = 'rlns_missing'"}),
    );
    assert_eq!(r.status, 400);
}

/// Test400_InvalidQueries: an empty query, bad syntax, a physical table.
#[test]
fn get_ratelimits__invalid_queries() {
    let s = start();
    let ns = namespace_with_event(&s, "bad-ns", "a");
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    for query in [
        String::new(),
        "SELECT FROM".to_string(),
        format!("SELECT * FROM default.ratelimits_raw_v2 WHERE namespace_id = '{ns}'"),
        // The verification tables are not this route's.
        "SELECT * FROM key_verifications_v1".to_string(),
    ] {
        assert_eq!(q(&s, &root, &query).status, 400, "{query}");
    }
}

/// TestAuthorizeAllowsManyUniqueNamespaces.
#[test]
fn get_ratelimits__authorize_allows_many_unique_namespaces() {
    let s = start();
    let ids: Vec<String> = (0..11)
        .map(|i| namespace_with_event(&s, &format!("many-{i}"), "a"))
        .collect();
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    let list: Vec<String> = ids.iter().map(|i| format!("'{i}'")).collect();
    let d = rows(
        &s,
        &root,
        &format!(
            "SELECT count(*) AS n FROM ratelimits_v1 WHERE namespace_id IN ({})",
            list.join(",")
        ),
    );
    assert_eq!(d, json!([{"n": 11}]));
}

/// Test403_Permissions.
#[test]
fn get_ratelimits__permissions() {
    let s = start();
    let root = s.root_key(&["ratelimit.*.read_namespace"]);
    for query in [
        "SELECT * FROM ratelimits_v1",
        "SELECT * FROM ratelimits_v1 WHERE namespace_id = 'rlns_unknown'",
    ] {
        let r = q(&s, &root, query);
        assert_eq!(r.status, 403, "{query}");
        assert_eq!(
            r.json()["error"]["detail"],
            "Missing permission: 'ratelimit.*.read_analytics'"
        );
    }
}

/// Test403_NoPermissionsReturnsBeforeAnalyticsLookup: without `--analytics` too.
#[test]
fn get_ratelimits__no_permissions_returns_before_analytics_lookup() {
    let s = Server::start(&["--dashboard"]);
    let root = s.root_key(&["ratelimit.*.read_namespace"]);
    assert_eq!(q(&s, &root, "SELECT * FROM ratelimits_v1").status, 403);
}

/// Test412_UnconfiguredAnalytics.
#[test]
fn get_ratelimits__unconfigured_analytics() {
    let s = Server::start(&["--dashboard"]);
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    let r = q(
        &s,
        &root,
        "SELECT * FROM ratelimits_v1 WHERE namespace_id = 'rlns_missing'",
    );
    assert_eq!(r.status, 412);
    assert_eq!(
        r.error_type(),
        "https://unkey.com/docs/errors/unkey/data/analytics_not_configured"
    );
}

/// The rollups: per-minute counts of passed and total decisions, and tokens.
#[test]
fn get_ratelimits__rollups_count_decisions() {
    let s = Server::start(&["--dashboard", "--analytics", "--frozen-clock"]);
    for _ in 0..3 {
        s.ok(
            "ratelimit.limit",
            json!({"namespace": "roll", "identifier": "u", "limit": 2, "duration": 60000, "cost": 1}),
        );
    }
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    let d = rows(
        &s,
        &root,
        "SELECT identifier, SUM(passed) AS passed, SUM(total) AS total, SUM(total_tokens) AS tokens FROM ratelimits_per_minute_v1 GROUP BY identifier",
    );
    assert_eq!(
        d,
        json!([{"identifier": "u", "passed": 2, "total": 3, "tokens": 3}])
    );
}

/// Test429_WorkspaceQueryQuota: the workspace's analytics quota applies to this route too.
#[test]
fn get_ratelimits__workspace_query_quota() {
    let s = start();
    let ns = namespace_with_event(&s, "quota-ns", "a");
    let r = s.request(
        "POST",
        "/_local/dashboard/workspaceLimits",
        &[],
        json!({"analyticsMaxQueriesPerWindow": 1})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(r.status, 200);
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    let query = format!("SELECT count(*) FROM ratelimits_v1 WHERE namespace_id = '{ns}'");
    assert_eq!(q(&s, &root, &query).status, 200);
    assert_eq!(q(&s, &root, &query).status, 429);
}

/// `-passed` and `abs(passed)` are of a `Bool`'s `UInt8`: NumberTraits' ResultOfNegate makes
/// `Int16` (-1, 0) and ResultOfAbs `UInt8` (1, 0), FunctionUnaryArithmetic.h, numbers and no
/// `Bool`; `round` keeps its argument's type (FunctionsRound.h returns `arguments[0]`).
#[test]
fn get_ratelimits__negated_bool_is_a_number() {
    let s = Server::start(&["--dashboard", "--analytics", "--frozen-clock"]);
    for _ in 0..2 {
        s.ok(
            "ratelimit.limit",
            json!({"namespace": "b", "identifier": "u", "limit": 1, "duration": 60000}),
        );
    }
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    assert_eq!(
        rows(
            &s,
            &root,
            "SELECT -passed AS n, abs(passed) AS a, round(passed) AS r FROM ratelimits_v1 ORDER BY passed DESC"
        ),
        json!([{"n": -1, "a": 1, "r": true}, {"n": 0, "a": 0, "r": false}])
    );
}

/// `passed` of `ratelimits_v1` is ClickHouse's `Bool`: answered `true`/`false`, also through a
/// subquery, while counts over it stay numbers.
#[test]
fn get_ratelimits__passed_is_a_bool() {
    let s = Server::start(&["--dashboard", "--analytics", "--frozen-clock"]);
    for _ in 0..2 {
        s.ok(
            "ratelimit.limit",
            json!({"namespace": "b", "identifier": "u", "limit": 1, "duration": 60000}),
        );
    }
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    assert_eq!(
        rows(
            &s,
            &root,
            "SELECT passed FROM ratelimits_v1 ORDER BY time, passed DESC"
        ),
        json!([{"passed": true}, {"passed": false}])
    );
    assert_eq!(
        rows(
            &s,
            &root,
            "SELECT p FROM (SELECT passed AS p FROM ratelimits_v1) WHERE p = true"
        ),
        json!([{"p": true}])
    );
    assert_eq!(
        rows(
            &s,
            &root,
            "SELECT countIf(passed) AS ok, count() AS n FROM ratelimits_v1"
        ),
        json!([{"ok": 1, "n": 2}])
    );
    // Compared with a string, the string is read as a `Bool` (FunctionsComparison.h
    // executeWithConstString, convertFieldToType through SerializationBool: true/false,
    // yes/no, on/off, 1/0, … in any case), or is "Cannot parse boolean value", upstream's
    // "Invalid SQL syntax".
    assert_eq!(
        rows(&s, &root, "SELECT countIf(passed = 'true') AS a, countIf(passed != 'True') AS b, countIf(passed = 'no') AS c, countIf('1' = passed) AS d FROM ratelimits_v1"),
        json!([{"a": 1, "b": 1, "c": 1, "d": 1}])
    );
    let r = q(
        &s,
        &root,
        "SELECT count() AS n FROM ratelimits_v1 WHERE passed = 'abc'",
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"]["detail"], "Invalid SQL syntax");
    // An `IN` list's strings likewise: ClickHouse builds the set converting each element to
    // the left side's type (convertFieldToType, as the comparison does), a string read as a
    // `Bool`'s text; it answered 0 rows here, comparing the text with the stored 1/0.
    assert_eq!(
        rows(&s, &root, "SELECT countIf(passed IN ('true')) AS a, countIf(passed IN ('TRUE', 'off')) AS b, countIf(passed NOT IN ('yes')) AS c, countIf(passed IN ('no', 1)) AS d FROM ratelimits_v1"),
        json!([{"a": 1, "b": 2, "c": 1, "d": 2}])
    );
    let r = q(
        &s,
        &root,
        "SELECT count() AS n FROM ratelimits_v1 WHERE passed IN ('true', 'maybe')",
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"]["detail"], "Invalid SQL syntax");
}

/// `ratelimits_v1`'s `limit` column: `LIMIT` is a keyword, so upstream's parser (AfterShip's
/// clickhouse-sql-parser v0.4.18) reads it as a name quoted (`` `limit` ``, `"limit"`), after
/// a `.` (`r.limit`) or where an operand is expected; ClickHouse then answers the column,
/// named as written between the quotes.
#[test]
fn get_ratelimits__limit_column_quoted() {
    let s = Server::start(&["--dashboard", "--analytics", "--frozen-clock"]);
    for (ns, limit) in [("one", 1), ("five", 5)] {
        s.ok(
            "ratelimit.limit",
            json!({"namespace": ns, "identifier": "u", "limit": limit, "duration": 60000}),
        );
    }
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    assert_eq!(
        rows(
            &s,
            &root,
            "SELECT `limit` FROM ratelimits_v1 ORDER BY `limit` DESC LIMIT 5"
        ),
        json!([{"limit": 5}, {"limit": 1}])
    );
    assert_eq!(
        rows(
            &s,
            &root,
            "SELECT \"limit\" * 2 AS twice, r.limit AS l FROM ratelimits_v1 AS r WHERE r.limit > 1"
        ),
        json!([{"twice": 10, "l": 5}])
    );
    assert_eq!(
        rows(&s, &root, "SELECT max(`limit`) AS m, sum(ratelimits_raw_v2.limit) AS total FROM ratelimits_v1 LIMIT 1"),
        json!([{"m": 5, "total": 6}])
    );
    // (Upstream's rewriteTables puts `default.ratelimits_raw_v2` in place of the public
    // table, without an alias: the public name qualifies nothing there.)
    let r = q(
        &s,
        &root,
        "SELECT sum(ratelimits_v1.limit) AS total FROM ratelimits_v1",
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"]["detail"],
        "Unknown identifier in analytics query"
    );
    // `*` answers it by its name; a subquery's column of it is read by the quoted name too.
    let all = rows(
        &s,
        &root,
        "SELECT * FROM ratelimits_v1 ORDER BY `limit` LIMIT 1",
    );
    assert_eq!(all[0]["limit"], json!(1), "{all}");
    assert_eq!(
        rows(
            &s,
            &root,
            "SELECT `limit` FROM (SELECT `limit` FROM ratelimits_v1) WHERE `limit` < 5"
        ),
        json!([{"limit": 1}])
    );
    // Unquoted where an operand is expected it is the column too: upstream's parser reads it
    // so (the audit's `apparse` re-prints `SELECT identifier, limit …`, `max(limit)`, `WHERE
    // limit > 1`, `ORDER BY limit LIMIT 1` unchanged), and ClickHouse reads a keyword as an
    // identifier in an expression (its stateless test of trailing commas runs `WITH 1 as from
    // SELECT from, from + from, from in [0], FROM numbers(1)`); after an operand it is the clause.
    assert_eq!(
        rows(&s, &root, "SELECT limit FROM ratelimits_v1 WHERE limit > 1"),
        json!([{"limit": 5}])
    );
    // `LIMIT limit`: the column (the audit's `apparse` writes it back so), a `LIMIT` of no
    // number literal, which upstream's enforceLimitOnSelect (limits.go) replaces by its
    // 10,000 rows.
    assert_eq!(
        rows(
            &s,
            &root,
            "SELECT `limit` FROM ratelimits_v1 ORDER BY `limit` LIMIT limit"
        ),
        json!([{"limit": 1}, {"limit": 5}])
    );
    assert_eq!(
        rows(&s, &root, "SELECT identifier, max(limit), sum(limit * 2) AS t FROM ratelimits_v1 GROUP BY identifier"),
        json!([{"identifier": "u", "max(limit)": 5, "t": 12}])
    );
    assert_eq!(
        rows(&s, &root, "SELECT limit, count() AS n FROM ratelimits_v1 GROUP BY limit ORDER BY limit DESC LIMIT 1"),
        json!([{"limit": 5, "n": 1}])
    );
    assert_eq!(
        rows(&s, &root, "SELECT identifier, limit FROM ratelimits_v1 ORDER BY limit LIMIT 1 BY identifier LIMIT 5"),
        json!([{"identifier": "u", "limit": 1}])
    );
}

/// tables_test.go TestParser_RequiresPublicTableAliases: every public rate-limit table reads,
/// a join `USING namespace_id` and a bare `EXCEPT` of them run, and the same shapes over the
/// physical table are refused.
#[test]
fn query_parser__requires_public_table_aliases() {
    let s = start();
    let ns = namespace_with_event(&s, "alias-ns", "u");
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    for table in [
        "ratelimits_v1",
        "ratelimits_per_minute_v1",
        "ratelimits_per_hour_v1",
        "ratelimits_per_day_v1",
        "ratelimits_per_month_v1",
    ] {
        // (Read through a subquery: a rollup's `*` answered holds its latency states, which
        // upstream's Go driver cannot read, its "Invalid analytics query".)
        let d = rows(
            &s,
            &root,
            &format!("SELECT namespace_id FROM (SELECT * FROM {table})"),
        );
        assert_eq!(d.as_array().map(Vec::len), Some(1), "{table}: {d}");
        assert_eq!(d[0]["namespace_id"], json!(ns), "{table}");
    }
    let joined = rows(
        &s,
        &root,
        "SELECT r.identifier, h.total FROM ratelimits_v1 r JOIN ratelimits_per_hour_v1 h USING namespace_id",
    );
    // (`r.identifier` is `identifier`, though `h` has an `identifier` too: of a single join,
    // the bare name is the left source's, `single_join_prefer_left_table`, as chDB 3.6.0,
    // ClickHouse 25.5.2, and 3.7.2, 25.8.2, name it.)
    assert_eq!(joined, json!([{"identifier": "u", "total": 1}]));
    assert_eq!(
        rows(
            &s,
            &root,
            "SELECT * FROM ratelimits_v1 EXCEPT SELECT * FROM ratelimits_v1"
        ),
        json!([])
    );
    for query in [
        "SELECT * FROM default.ratelimits_raw_v2",
        "SELECT * FROM ratelimits_v1 JOIN default.ratelimits_raw_v2 physical USING namespace_id",
        "SELECT * FROM (SELECT * FROM default.ratelimits_raw_v2)",
        "WITH hidden AS (SELECT * FROM default.ratelimits_raw_v2) SELECT * FROM hidden",
        "SELECT * FROM ratelimits_v1 UNION ALL SELECT * FROM default.ratelimits_raw_v2",
        "SELECT * FROM ratelimits_v1 EXCEPT SELECT * FROM default.ratelimits_raw_v2",
    ] {
        let r = q(&s, &root, query);
        assert_eq!(r.status, 400, "{query}");
        assert_eq!(
            r.error_type(),
            "https://unkey.com/docs/errors/user/bad_request/invalid_analytics_table",
            "{query}"
        );
    }
}

/// The rollups' `time` (a `DateTime`; a `Date` for the months) and functions of the raw
/// table's time answer RFC 3339 times; an outer join's unmatched `passed` (a `Bool`) is false.
#[test]
fn get_ratelimits__times_and_outer_join_defaults() {
    let s = Server::start(&["--dashboard", "--analytics", "--frozen-clock"]);
    // 2030-03-31 12:34:56 UTC.
    let r = s.request(
        "POST",
        "/_local/clock",
        &[],
        json!({"set": 1_901_190_896_000i64}).to_string().as_bytes(),
    );
    assert_eq!(r.status, 200);
    let ns = namespace_with_event(&s, "times", "u");
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    assert_eq!(
        rows(
            &s,
            &root,
            "SELECT h.time AS h, m.time AS m, toStartOfMinute(fromUnixTimestamp64Milli(r.time)) AS mi FROM ratelimits_v1 r, ratelimits_per_hour_v1 h, ratelimits_per_month_v1 m"
        ),
        json!([{"h": "2030-03-31T12:00:00Z", "m": "2030-03-01T00:00:00Z", "mi": "2030-03-31T12:34:00Z"}])
    );
    assert_eq!(
        rows(
            &s,
            &root,
            &format!("SELECT r.identifier AS i, o.passed AS p, o.limit AS l FROM ratelimits_v1 r LEFT JOIN (SELECT * FROM ratelimits_v1 WHERE namespace_id != '{ns}') o ON r.request_id = o.request_id")
        ),
        json!([{"i": "u", "p": false, "l": 0}])
    );
}

/// The queries of upstream's getRatelimits documentation (get-ratelimits.mdx): a per-minute
/// series filled with `WITH FILL`, whose aliases share the columns' names (`sum(passed_tokens)
/// AS passed_tokens`, then `sum(total_tokens) - sum(passed_tokens)`), so that the alias, an
/// aggregate, is read inside another aggregate: ClickHouse's ILLEGAL_AGGREGATION, "Invalid
/// analytics query" (ClickHouse 25.5.2 and 25.8.2 (chDB) agree; this answered the series
/// before), which the same series of other aliases is not; a per-identifier summary
/// with `countIf(not passed)` and `now64(3)`; and the latency merge, which upstream's function
/// list refuses.
#[test]
fn get_ratelimits__documented_queries() {
    let s = Server::start(&["--dashboard", "--analytics", "--frozen-clock"]);
    // 2030-03-31 12:34:56 UTC.
    let r = s.request(
        "POST",
        "/_local/clock",
        &[],
        json!({"set": 1_901_190_896_000i64}).to_string().as_bytes(),
    );
    assert_eq!(r.status, 200);
    // `a` twice (the second blocked by its limit of 1), `b` once here and once more below.
    for identifier in ["a", "a", "b"] {
        s.ok(
            "ratelimit.limit",
            json!({"namespace": "docs", "identifier": identifier, "limit": 1, "duration": 60000}),
        );
    }
    let ns = namespace_with_event(&s, "docs", "b");
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    let documented = q(
        &s,
        &root,
        &format!("SELECT time, sum(passed) AS passed_requests, sum(total) - sum(passed) AS blocked_requests, sum(total) AS total_requests, sum(passed_tokens) AS passed_tokens, sum(total_tokens) - sum(passed_tokens) AS blocked_tokens, sum(total_tokens) AS total_tokens FROM ratelimits_per_minute_v1 WHERE namespace_id = '{ns}' AND time >= toStartOfMinute(now() - INTERVAL 3 MINUTE) AND time <= toStartOfMinute(now()) GROUP BY time ORDER BY time WITH FILL FROM toStartOfMinute(now() - INTERVAL 3 MINUTE) TO toStartOfMinute(now() + INTERVAL 1 MINUTE) STEP INTERVAL 1 MINUTE"),
    );
    assert_eq!(documented.status, 400);
    assert_eq!(
        documented.json()["error"]["detail"],
        "Invalid analytics query"
    );
    let series = rows(
        &s,
        &root,
        &format!("SELECT time, sum(passed) AS passed_requests, sum(total) - sum(passed) AS blocked_requests, sum(total) AS total_requests, sum(passed_tokens) AS tokens_passed, sum(total_tokens) - sum(passed_tokens) AS blocked_tokens, sum(total_tokens) AS tokens FROM ratelimits_per_minute_v1 WHERE namespace_id = '{ns}' AND time >= toStartOfMinute(now() - INTERVAL 3 MINUTE) AND time <= toStartOfMinute(now()) GROUP BY time ORDER BY time WITH FILL FROM toStartOfMinute(now() - INTERVAL 3 MINUTE) TO toStartOfMinute(now() + INTERVAL 1 MINUTE) STEP INTERVAL 1 MINUTE"),
    );
    assert_eq!(
        series,
        json!([
            {"time": "2030-03-31T12:31:00Z", "passed_requests": 0, "blocked_requests": 0, "total_requests": 0, "tokens_passed": 0, "blocked_tokens": 0, "tokens": 0},
            {"time": "2030-03-31T12:32:00Z", "passed_requests": 0, "blocked_requests": 0, "total_requests": 0, "tokens_passed": 0, "blocked_tokens": 0, "tokens": 0},
            {"time": "2030-03-31T12:33:00Z", "passed_requests": 0, "blocked_requests": 0, "total_requests": 0, "tokens_passed": 0, "blocked_tokens": 0, "tokens": 0},
            {"time": "2030-03-31T12:34:00Z", "passed_requests": 3, "blocked_requests": 1, "total_requests": 4, "tokens_passed": 3, "blocked_tokens": 1, "tokens": 4},
        ])
    );
    let summary = rows(
        &s,
        &root,
        &format!("SELECT identifier, max(time) AS last_request_time, countIf(passed) AS passed_requests, countIf(not passed) AS blocked_requests, count() AS total_requests, sumIf(tokens, passed) AS passed_tokens, sumIf(tokens, not passed) AS blocked_tokens, sum(tokens) AS total_tokens FROM ratelimits_v1 WHERE namespace_id = '{ns}' AND time >= toUnixTimestamp64Milli(now64(3) - INTERVAL 7 DAY) GROUP BY identifier ORDER BY total_requests DESC, identifier ASC LIMIT 50 OFFSET 0"),
    );
    assert_eq!(
        summary,
        json!([
            {"identifier": "a", "last_request_time": 1_901_190_896_000i64, "passed_requests": 1, "blocked_requests": 1, "total_requests": 2, "passed_tokens": 1, "blocked_tokens": 1, "total_tokens": 2},
            {"identifier": "b", "last_request_time": 1_901_190_896_000i64, "passed_requests": 2, "blocked_requests": 0, "total_requests": 2, "passed_tokens": 2, "blocked_tokens": 0, "total_tokens": 2},
        ])
    );
    let r = q(
        &s,
        &root,
        &format!("SELECT avgMerge(latency_avg) AS average_latency FROM ratelimits_per_hour_v1 WHERE namespace_id = '{ns}'"),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"]["detail"],
        "Function 'avgmerge' is not allowed"
    );
}

/// `WITH FILL` by a `Bool` (`passed`): ClickHouse's filling reads it as the `UInt8` it is, so
/// from `FROM 0` a filled row is `false`.
#[test]
fn get_ratelimits__with_fill_by_a_bool() {
    let s = start();
    let ns = namespace_with_event(&s, "fill-ns", "user");
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    let d = rows(
        &s,
        &root,
        &format!("SELECT passed, identifier FROM ratelimits_v1 WHERE namespace_id = '{ns}' ORDER BY passed WITH FILL FROM 0 TO 2"),
    );
    assert_eq!(
        d,
        json!([{"passed": false, "identifier": ""}, {"passed": true, "identifier": "user"}])
    );
}

/// `passed` is a `Bool` (upstream's `pkg/clickhouse/schema/006_ratelimits_raw_v2.sql`); an
/// array of it is ClickHouse's `Array(Bool)`, which clickhouse-go scans into a `[]bool`
/// (`lib/column/bool.go`, `lib/column/array.go`), so the answer's elements are JSON
/// `true`/`false`, at any depth and through `groupArray`/`groupUniqArray`; `toString` of a
/// `Bool` writes its text, `true`/`false` (ClickHouse docs `sql-reference/data-types/boolean.md`,
/// `src/DataTypes/Serializations/SerializationBool.cpp`), as `toString` of an array of them
/// already did. An array meeting plain numbers is `Array(UInt8)`: numbers.
#[test]
fn get_ratelimits__arrays_and_text_of_passed() {
    let s = start();
    let ns = namespace_with_event(&s, "bool-ns", "alice");
    for _ in 0..2 {
        s.ok(
            "ratelimit.limit",
            json!({"namespace": "bool-ns", "identifier": "alice", "limit": 2, "duration": 60000}),
        );
    }
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    let d = rows(
        &s,
        &root,
        &format!(
            "SELECT groupArray(passed) AS ps, groupUniqArray(passed) AS u, toString(groupArray(passed)) AS t \
             FROM (SELECT passed FROM ratelimits_v1 WHERE namespace_id = '{ns}' ORDER BY time)"
        ),
    );
    let u = d[0]["u"].as_array().unwrap().clone();
    assert_eq!(d[0]["ps"], json!([true, true, false]));
    assert_eq!(d[0]["t"], json!("[true,true,false]"));
    assert!(u == vec![json!(true), json!(false)] || u == vec![json!(false), json!(true)]);
    let d = rows(
        &s,
        &root,
        "SELECT [passed] AS a, [passed, false] AS b, [[passed]] AS c, toString(passed) AS s, \
         concat('is ', toString(NOT passed = 1)) AS n, [1, passed] AS m \
         FROM ratelimits_v1 ORDER BY time LIMIT 1",
    );
    assert_eq!(
        d,
        json!([{"a": [true], "b": [true, false], "c": [[true]], "s": "true", "n": "is 0", "m": [1, 1]}])
    );
    let d = rows(
        &s,
        &root,
        "SELECT toString(passed) AS s, count() AS c, arrayJoin([passed]) AS j FROM ratelimits_v1 GROUP BY passed ORDER BY passed",
    );
    assert_eq!(
        d,
        json!([{"s": "false", "c": 1, "j": false}, {"s": "true", "c": 2, "j": true}])
    );
}

/// `ratelimits_raw_v2`'s `limit`, `remaining` and `tokens` are `UInt64`s (upstream's
/// pkg/clickhouse/schema/006_ratelimits_raw_v2.sql): beside a signed integer (`-1`, an `Int64`
/// column) they have no common type in ClickHouse's getLeastSupertype, NO_COMMON_TYPE,
/// upstream's "Invalid analytics query"; beside an unsigned one they do.
#[test]
fn get_ratelimits__unsigned_columns_common_type() {
    let s = start();
    let ns = namespace_with_event(&s, "uint-ns", "user");
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    for query in [
        "SELECT if(passed, remaining, -1) AS x FROM ratelimits_v1",
        "SELECT [`limit`, reset_at] AS x FROM ratelimits_v1",
        // (`coalesce(tokens, time)`, asked here before, is `tokens`: coalesce drops the
        // arguments after its first that is not `Nullable` from its type; ClickHouse 25.5.2
        // and 25.8.2 (chDB) agree.)
    ] {
        let r = q(&s, &root, query);
        assert_eq!(r.status, 400, "{query}");
        assert_eq!(
            r.json()["error"]["detail"],
            "Invalid analytics query",
            "{query}"
        );
    }
    assert_eq!(
        rows(&s, &root, &format!("SELECT if(passed, remaining, 0) AS x, [`limit`, tokens, 1] AS y FROM ratelimits_v1 WHERE namespace_id = '{ns}'")),
        json!([{"x": 9, "y": [10, 1, 1]}])
    );
}

/// An array of `passed` meeting an empty array literal (`Array(Nothing)`, which
/// getLeastSupertype leaves out: src/DataTypes/getLeastSupertype.cpp, "Nothing" types are
/// skipped) keeps ClickHouse's `Array(Bool)`, which clickhouse-go scans into a `[]bool`:
/// `true`/`false`, in `coalesce`, `if`, through a subquery's or CTE's column and in a set
/// operation's arms; beside an array literal of numbers (`[2]`, an `Array(UInt8)`) it stays
/// `Array(Bool)`, the `2` converted to `true` (ClickHouse 25.5.2 and 25.8.2 (chDB) agree;
/// this answered `[1]` and `[2]` before), which is not followed here: not run.
#[test]
fn get_ratelimits__bool_arrays_beside_empty_arrays() {
    let s = start();
    namespace_with_event(&s, "bool-empty", "alice");
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    for query in [
        "SELECT coalesce(groupArray(passed), []) AS a FROM ratelimits_v1",
        "SELECT if(1, groupArray(passed), []) AS a FROM ratelimits_v1",
        "SELECT coalesce(a, []) AS a FROM (SELECT groupArray(passed) AS a FROM ratelimits_v1)",
        "WITH x AS (SELECT groupArray(passed) AS a FROM ratelimits_v1) SELECT if(1, a, []) AS a FROM x",
        "SELECT arrayFilter(x -> x, coalesce(groupArray(passed), [])) AS a FROM ratelimits_v1",
    ] {
        assert_eq!(rows(&s, &root, query), json!([{"a": [true]}]), "{query}");
    }
    assert_eq!(
        rows(&s, &root, "SELECT groupArray(passed) AS a FROM ratelimits_v1 UNION ALL SELECT [] AS a FROM ratelimits_v1"),
        json!([{"a": [true]}, {"a": []}])
    );
    assert_eq!(
        rows(&s, &root, "SELECT * FROM (SELECT [] AS a FROM ratelimits_v1 UNION ALL SELECT groupArray(passed) AS a FROM ratelimits_v1) ORDER BY length(a)"),
        json!([{"a": []}, {"a": [true]}])
    );
    let r = q(
        &s,
        &root,
        "SELECT groupArray(passed) AS a FROM ratelimits_v1 UNION ALL SELECT [2] AS a FROM ratelimits_v1",
    );
    assert_eq!(r.status, 400);
    assert!(r.json()["error"]["detail"]
        .as_str()
        .unwrap()
        .starts_with("unkey-local does not run"));
}

/// `PREWHERE` on the time and a `WITH FILL` bound of a time plus a number (`TO today() + 2`,
/// two days on: FunctionBinaryArithmetic's `addDays`, 00995_order_by_with_fill) read the
/// decisions as `WHERE` and `TO toDate(…)` do (see port_analytics.rs's
/// `get_verifications__prewhere_on_the_time` and `…_with_fill_bounds_of_a_time_and_a_number`).
#[test]
fn get_ratelimits__prewhere_and_fill_bounds_on_the_time() {
    let s = Server::start(&["--dashboard", "--analytics", "--frozen-clock"]);
    // 2030-03-31 12:34:56 UTC.
    let r = s.request(
        "POST",
        "/_local/clock",
        &[],
        json!({"set": 1_901_190_896_000i64}).to_string().as_bytes(),
    );
    assert_eq!(r.status, 200);
    namespace_with_event(&s, "docs", "a");
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    for (time, total) in [("'2030-03-31'", 1), ("'2030-04-01'", 0), ("today()", 1)] {
        assert_eq!(
            rows(
                &s,
                &root,
                &format!(
                    "SELECT sum(total) AS t FROM ratelimits_per_day_v1 PREWHERE time >= {time}"
                )
            ),
            json!([{"t": total}]),
            "{time}"
        );
    }
    assert_eq!(
        rows(&s, &root, "SELECT time, sum(total) AS t FROM ratelimits_per_day_v1 GROUP BY time ORDER BY time WITH FILL TO today() + 2"),
        json!([
            {"time": "2030-03-31T00:00:00Z", "t": 1},
            {"time": "2030-04-01T00:00:00Z", "t": 0},
        ])
    );
}

/// A function ClickHouse registers with its case, spelled otherwise (`UNIQ`, `TODAY`): its
/// UNKNOWN_FUNCTION, "Invalid analytics query" (see port_analytics.rs's
/// `get_verifications__function_names_in_each_case`); `COUNT` is registered without case.
#[test]
fn get_ratelimits__function_names_in_another_case() {
    let s = start();
    let ns = namespace_with_event(&s, "cased", "a");
    let root = s.root_key(&["ratelimit.*.read_analytics"]);
    for query in [
        "SELECT UNIQ(identifier) AS u FROM ratelimits_v1",
        "SELECT uniq(identifier) AS u, TODAY() AS d FROM ratelimits_v1",
    ] {
        let r = q(&s, &root, query);
        assert_eq!(r.status, 400, "{query}");
        assert_eq!(
            r.json()["error"]["detail"],
            "Invalid analytics query",
            "{query}"
        );
    }
    assert_eq!(
        rows(&s, &root, &format!("SELECT uniq(identifier) AS u, COUNT() AS n FROM ratelimits_v1 WHERE namespace_id = '{ns}'")),
        json!([{"u": 1, "n": 1}])
    );
}
