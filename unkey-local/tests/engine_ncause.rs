//! analytics.getVerifications and getRatelimits against ClickHouse itself: the type of a
//! logical function of a `Bool` (N16) and a `WHERE` that `and` cannot take (N23). Each case was
//! run on ClickHouse 25.5.2 and 25.8.2 (chDB, bracketing upstream's 25.6) over upstream's
//! schema, and the answers below are theirs where both agree; the causes are those of the
//! differential harness's findings.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::analytics::refused;
use common::Server;
use serde_json::json;

/// One namespace with two decisions for one identifier at a limit of 1: the first passed,
/// the second blocked.
fn decisions() -> Server {
    let s = Server::start(&["--analytics"]);
    for _ in 0..2 {
        s.ok(
            "ratelimit.limit",
            json!({"namespace": "ns", "identifier": "u", "limit": 1, "duration": 60000}),
        );
    }
    s
}

fn ratelimits(s: &Server, query: &str) -> serde_json::Value {
    s.ok("analytics.getRatelimits", json!({"query": query}))
}

/// Two verifications of one key (tags `t1`, none).
fn verified() -> Server {
    let s = Server::start(&["--analytics"]);
    let api = s.create_api();
    let (_, key) = s.create_key(json!({"apiId": api}));
    s.verify(json!({"key": key, "tags": ["t1"]}));
    s.verify(json!({"key": key}));
    s
}

/// N16: `NOT`, `AND` and `OR` with a `Bool` operand (`ratelimits_v1.passed`) are `Bool`s,
/// written `true`/`false` (`toString` gives `'true'`/`'false'`), also as a GROUP BY key.
/// ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `SELECT NOT passed AS blocked, count() AS n
/// FROM ratelimits_v1 GROUP BY blocked ORDER BY blocked` is `[{"blocked": false, …},
/// {"blocked": true, …}]`; `toTypeName(NOT true)`, `toTypeName(true AND 1)`,
/// `toTypeName(1 OR true)` are `Bool`, `toTypeName(1 AND 2)` `UInt8`.
#[test]
fn logical_functions_of_a_bool_are_bools() {
    let s = decisions();
    assert_eq!(
        ratelimits(
            &s,
            "SELECT NOT passed AS blocked, count() AS n FROM ratelimits_v1 GROUP BY blocked ORDER BY blocked"
        ),
        json!([{"blocked": false, "n": 1}, {"blocked": true, "n": 1}])
    );
    assert_eq!(
        ratelimits(
            &s,
            "SELECT passed AND (limit > 0) AS a, passed OR 0 AS o, toString(NOT passed) AS t, 1 AND 2 AS u FROM ratelimits_v1 ORDER BY time, passed DESC LIMIT 1"
        ),
        json!([{"a": true, "o": true, "t": "false", "u": 1}])
    );
}

/// N16: ClickHouse's analyzer reads `f = 1` (or `= true`) of a logical `f` of a `Bool` as
/// `f`, and `f = 0` as `not(f)`: a `Bool`; other comparisons, and those of a column, are
/// `UInt8`s. ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `(NOT passed) = 1`, `1 = (NOT
/// passed)`, `(passed AND 1) = true`, `(NOT passed) = 0` are `true`/`false`; `passed = 1`,
/// `(NOT passed) != 1`, `(NOT passed) = 2`, `(NOT passed) > 0` are `1`/`0`.
#[test]
fn equality_of_a_logical_bool_with_0_or_1_is_a_bool() {
    let s = decisions();
    assert_eq!(
        ratelimits(
            &s,
            "SELECT (NOT passed) = 1 AS a, 1 = (NOT passed) AS b, (passed AND 1) = true AS c, (NOT passed) = 0 AS d, passed = 1 AS e, (NOT passed) != 1 AS f, (NOT passed) = 2 AS g, (NOT passed) > 0 AS h FROM ratelimits_v1 ORDER BY time, passed DESC LIMIT 1"
        ),
        json!([{"a": false, "b": false, "c": true, "d": true, "e": 1, "f": 1, "g": 0, "h": 0}])
    );
}

/// N23: upstream writes the filter as `workspace_id = '…' AND (<filter>)`, and ClickHouse's
/// `and` refuses a `String` or an array (ILLEGAL_TYPE_OF_ARGUMENT) and a float constant that
/// is not a whole number (CANNOT_CONVERT_TYPE); over a subquery, unwrapped, a `String` filter
/// is ILLEGAL_TYPE_OF_COLUMN_FOR_FILTER. Upstream answers all as "Invalid analytics query".
/// ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `WHERE outcome` is "Illegal type (String) of 2
/// argument of function and", `WHERE tags` "Illegal type (Array(String))", `WHERE 1.5`
/// "Cannot convert out of range floating point value to integer type"; `WHERE 1.0` and
/// `WHERE spent_credits + 1` filter.
#[test]
fn where_of_a_type_and_refuses_is_clickhouses_error() {
    let s = verified();
    let invalid = (
        "invalid_analytics_query".to_string(),
        "Invalid analytics query".to_string(),
    );
    for q in [
        "SELECT count() AS n FROM key_verifications_v1 WHERE outcome",
        "SELECT count() AS n FROM key_verifications_v1 WHERE tags",
        "SELECT count() AS n FROM key_verifications_v1 WHERE 1.5",
        "SELECT count() AS n FROM key_verifications_v1 WHERE key_id AND 1",
        "SELECT count() AS n FROM (SELECT outcome FROM key_verifications_v1) WHERE outcome",
    ] {
        assert_eq!(refused(&s, q), invalid, "{q}");
    }
    assert_eq!(
        s.ok(
            "analytics.getVerifications",
            json!({"query": "SELECT count() AS n FROM key_verifications_v1 WHERE 1.0"})
        ),
        json!([{"n": 2}])
    );
    assert_eq!(
        s.ok(
            "analytics.getVerifications",
            json!({"query": "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits + 1"})
        ),
        json!([{"n": 2}])
    );
}

/// N14: ClickHouse's analyzer moves a number literal out of `min` and `max` as out of `avg`
/// (`min(c - x)` is `c - max(x)`, `max(x * -2)` `min(x) * -2`), so over no rows the answer
/// is the literal's arithmetic with the type's default, not the default. ClickHouse 25.5.2 and
/// 25.8.2 (chDB) agree: `SELECT min(1.5 - latency) AS a, max(spent_credits + 2) AS b FROM
/// key_verifications_v1 WHERE outcome = 'nope'` is `[{"a": 1.5, "b": 2}]`, and `EXPLAIN
/// SYNTAX run_query_tree_passes=1` of `min(1.5 - number)`, `min(number * -2)` writes
/// `1.5 - max(number)`, `max(number) * -2`.
#[test]
fn min_and_max_of_a_column_and_a_literal_move_the_literal_out() {
    let s = verified();
    let run = |q: &str| s.ok("analytics.getVerifications", json!({ "query": q }));
    assert_eq!(
        run("SELECT min(1.5 - latency) AS a, max(spent_credits + 2) AS b, min(spent_credits - 3) AS c FROM key_verifications_v1 WHERE outcome = 'nope'"),
        json!([{"a": 1.5, "b": 2, "c": -3}])
    );
    // Over rows: the same values as without the move (spent_credits 0 in both rows).
    assert_eq!(
        run("SELECT min(5 - spent_credits) AS a, max(spent_credits * -2) AS b, min(spent_credits + 1) AS c FROM key_verifications_v1"),
        json!([{"a": 5, "b": 0, "c": 1}])
    );
}

/// N20: `IN (…)` converts each element of its list to the left side's type (ClickHouse's
/// convertFieldToType): an integer to a `String` as its digits, a number wider than `UInt8`
/// or negative to a `Bool` whether it is not 0, while a `UInt8` literal keeps its value (2 to
/// 255 meet neither `Bool`). ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `'1' IN (1, 2)`, `'-1'
/// IN (-1)`, `'x' IN (1, 'x')`, `true IN (300)`, `true IN (-1)`, `false IN (0, 5)` are 1,
/// `'01' IN (1)`, `true IN (5)` 0; `passed IN (0, 5)` counts the limited decisions only (an
/// earlier build counted all: engine_diff's third run found it). A float in a string's or a `Bool`'s list (`'1' IN (1.0)` and `true IN (0.5)`
/// are 0 there) is not run.
#[test]
fn in_converts_its_list_to_the_left_sides_type() {
    let s = verified();
    assert_eq!(
        s.ok(
            "analytics.getVerifications",
            json!({"query": "SELECT toString(spent_credits) IN (0, 2) AS a, toString(spent_credits) IN (1, 2) AS b, outcome IN (1, 'VALID') AS c, '01' IN (1) AS d, '-1' IN (-1) AS e FROM key_verifications_v1 LIMIT 1"})
        ),
        json!([{"a": 1, "b": 0, "c": 1, "d": 0, "e": 1}])
    );
    let (kind, detail) = refused(
        &s,
        "SELECT count() AS n FROM key_verifications_v1 WHERE toString(spent_credits) IN (1.0)",
    );
    assert_eq!(kind, "invalid_analytics_query");
    assert!(detail.starts_with("unkey-local does not run"), "{detail}");
    let r = decisions();
    assert_eq!(
        ratelimits(
            &r,
            "SELECT countIf(passed IN (300)) AS a, countIf(passed IN (0, 5)) AS b, countIf(passed NOT IN (-1)) AS c FROM ratelimits_v1"
        ),
        json!([{"a": 1, "b": 1, "c": 1}])
    );
}
