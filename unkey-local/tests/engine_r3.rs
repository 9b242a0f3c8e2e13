//! analytics.getVerifications and getRatelimits against ClickHouse itself, causes of the
//! differential harness's third round (R1–R7): correlated subqueries, upstream's own
//! rate-limit overview shape. Each case was run on ClickHouse 25.5.2 and 25.8.2 (chDB,
//! bracketing upstream's 25.6) over upstream's schema, as upstream's rewrite sends it (with
//! its `LIMIT 10000` in every `SELECT`), and the answers below are theirs where both agree.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::analytics::{assert_invalid, assert_not_run, recorded, run};
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

/// R1: a subquery that reads a column of the enclosing query (a correlated subquery) is an
/// error wherever it sits — a scalar subquery in the select list, in `WHERE`, in `HAVING`, an
/// `IN` subquery, one without `FROM`. ClickHouse 25.5.2 and 25.8.2 (chDB) agree that it is an
/// error: 25.5 "Resolved identifier 'v.key_id' in parent scope … with correlated column
/// 'key_id' (Enable 'allow_experimental_correlated_subqueries' …) (UNSUPPORTED_METHOD)", 25.8
/// "Cannot decorrelate query, because 'Limit' step is not supported. (NOT_IMPLEMENTED)" (or,
/// for `IN`, "Correlated subqueries are not supported as IN function arguments yet"); upstream's
/// error mapping answers each as 400 "Invalid analytics query".
#[test]
fn correlated_subqueries_are_clickhouses_error() {
    let r = recorded();
    let s = &r.server;
    for q in [
        "SELECT key_id, (SELECT count() FROM key_verifications_per_day_v1 AS d WHERE d.key_id = v.key_id) AS days FROM key_verifications_v1 AS v GROUP BY key_id ORDER BY key_id LIMIT 2",
        "SELECT count() AS n FROM key_verifications_v1 AS v WHERE spent_credits > (SELECT avg(w.spent_credits) FROM key_verifications_v1 AS w WHERE w.key_id = v.key_id)",
        "SELECT count() AS n FROM key_verifications_v1 WHERE 't1' IN (SELECT arrayJoin(tags))",
        "SELECT outcome, count() AS n FROM key_verifications_v1 AS v GROUP BY outcome HAVING n > (SELECT count() FROM key_verifications_per_month_v1 AS m WHERE m.outcome = v.outcome) ORDER BY outcome",
        "SELECT count() AS n FROM key_verifications_v1 AS v WHERE key_id IN (SELECT key_id FROM key_verifications_per_day_v1 AS d WHERE d.outcome = v.outcome)",
    ] {
        assert_invalid(s, q);
    }
}

/// R1: an uncorrelated subquery (its names all its own) is still answered.
/// ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `SELECT count() AS n FROM key_verifications_v1
/// WHERE key_id IN (SELECT key_id FROM key_verifications_per_day_v1 WHERE count > 3)` is rows.
#[test]
fn uncorrelated_subqueries_are_answered() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        run(
            s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE key_id IN (SELECT key_id FROM key_verifications_v1 WHERE spent_credits > 3)"
        ),
        json!([{"n": 3}])
    );
    assert_eq!(
        run(
            s,
            "SELECT outcome, n FROM (SELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY outcome) ORDER BY outcome"
        ),
        json!([{"n": 4, "outcome": "VALID"}])
    );
}

/// R1, the other way round: an alias of the enclosing query read in a subquery is no
/// correlated column; ClickHouse reads the alias's expression in the subquery's own scope
/// (`SELECT key_id AS k, (SELECT count() FROM key_verifications_per_day_v1 WHERE key_id = k)
/// AS c …` compares the subquery's `key_id` with itself: ClickHouse 25.5.2 and 25.8.2 (chDB)
/// agree, `c` is the count of all the rollup's rows). Not run here.
#[test]
fn an_enclosing_querys_alias_read_in_a_subquery_is_not_run() {
    let r = recorded();
    let s = &r.server;
    assert_not_run(
        s,
        "SELECT key_id AS k, (SELECT count() FROM key_verifications_per_day_v1 WHERE key_id = k) AS c FROM key_verifications_v1 GROUP BY key_id ORDER BY k LIMIT 2",
    );
    assert_not_run(
        s,
        "SELECT outcome AS o, count() AS c FROM key_verifications_v1 WHERE outcome IN (SELECT outcome FROM key_verifications_per_day_v1 WHERE outcome = o) GROUP BY o ORDER BY o",
    );
}

/// Upstream's rate-limit overview shape (web/internal/clickhouse/src/ratelimits.ts): a CTE's
/// `max(time) AS last_request_time` read outside `AS time`. An alias is looked up in its own
/// query and the queries inside it, so the CTE's `time` is its column and the query tree is
/// small. ClickHouse 25.5.2 and 25.8.2 (chDB) agree: the identifiers with their last times.
#[test]
fn the_rate_limit_overview_shape_is_answered() {
    let s = decisions();
    let last = ratelimits(
        &s,
        "SELECT identifier, max(time) AS t FROM ratelimits_v1 GROUP BY identifier",
    );
    let t = last[0]["t"].clone();
    assert!(t.is_number(), "{last}");
    for q in [
        "WITH a AS (SELECT identifier, max(time) AS last_request_time FROM ratelimits_v1 GROUP BY identifier) SELECT identifier, last_request_time AS time FROM a ORDER BY time DESC, identifier",
        "WITH a AS (SELECT identifier, max(time) AS lt FROM ratelimits_v1 GROUP BY identifier) SELECT identifier, lt AS time FROM a ORDER BY time DESC, identifier",
    ] {
        assert_eq!(
            ratelimits(&s, q),
            json!([{"identifier": "u", "time": t}]),
            "{q}"
        );
    }
}

/// R2: ClickHouse's identifiers are case-sensitive. A select-list alias read in another case
/// in `ORDER BY`, `HAVING` or `WHERE`, a table's or subquery's alias as a qualifier in another
/// case (also in a join's `ON` and a subquery), a CTE's or subquery's column in another case:
/// each is UNKNOWN_IDENTIFIER, "Unknown expression identifier `total` … Maybe you meant:
/// ['Total']" (ClickHouse 25.5.2 and 25.8.2 (chDB) agree), which upstream answers as 400
/// "Unknown identifier in analytics query".
#[test]
fn names_in_another_case_are_unknown_identifiers() {
    let r = recorded();
    let s = &r.server;
    for q in [
        "SELECT outcome, count() AS Total FROM key_verifications_v1 GROUP BY outcome ORDER BY total DESC",
        "SELECT outcome, count() AS total FROM key_verifications_v1 GROUP BY outcome ORDER BY Total DESC",
        "SELECT outcome, count() AS total FROM key_verifications_v1 GROUP BY outcome HAVING TOTAL > 1 ORDER BY outcome",
        "SELECT outcome AS O FROM key_verifications_v1 WHERE o = 'VALID' ORDER BY request_id LIMIT 1",
        "SELECT outcome AS o, count() AS n FROM key_verifications_v1 WHERE O = 'VALID' GROUP BY o",
        "SELECT count() AS n FROM key_verifications_v1 AS KV WHERE kv.outcome = 'VALID'",
        "SELECT K.outcome FROM key_verifications_v1 AS k LIMIT 1",
        "SELECT count() AS n FROM key_verifications_v1 AS v JOIN key_verifications_per_month_v1 AS m ON V.key_id = m.key_id",
        "SELECT count() AS n FROM key_verifications_v1 AS v WHERE v.key_id IN (SELECT M.key_id FROM key_verifications_per_month_v1 AS m)",
        "WITH daily AS (SELECT time, sum(count) AS c FROM key_verifications_per_day_v1 GROUP BY time) SELECT max(C) AS m FROM daily",
        "WITH daily AS (SELECT time, sum(count) AS c FROM key_verifications_per_day_v1 GROUP BY time) SELECT max(DAILY.c) AS m FROM daily",
        "SELECT max(d.c) AS m FROM (SELECT time, sum(count) AS c FROM key_verifications_per_day_v1 GROUP BY time) AS D",
    ] {
        assert_eq!(
            common::analytics::refused(s, q),
            (
                "invalid_analytics_query".to_string(),
                "Unknown identifier in analytics query".to_string()
            ),
            "{q}"
        );
    }
    // The same names in the case written are answered.
    assert_eq!(
        run(
            s,
            "SELECT outcome, count() AS Total FROM key_verifications_v1 AS KV WHERE KV.outcome = 'VALID' GROUP BY outcome HAVING Total > 1 ORDER BY Total DESC"
        ),
        json!([{"Total": 4, "outcome": "VALID"}])
    );
}

/// R2: an `ARRAY JOIN` alias or a lambda's parameter read in another case than written
/// (`ARRAY JOIN tags AS T … GROUP BY t`, `arrayFilter(X -> x = 'a', tags)`): ClickHouse's
/// UNKNOWN_IDENTIFIER ("Unknown expression identifier `t`", "… `x` … Maybe you meant:
/// ['X']"; ClickHouse 25.5.2 and 25.8.2 (chDB) agree). Function names and keywords stay
/// case-insensitive (`COUNT()`, `Select`).
#[test]
fn array_join_aliases_and_lambda_parameters_are_case_sensitive() {
    let r = recorded();
    let s = &r.server;
    for q in [
        "SELECT T, count() AS n FROM key_verifications_v1 ARRAY JOIN tags AS T GROUP BY t ORDER BY T",
        "SELECT T, count() AS n FROM key_verifications_v1 ARRAY JOIN tags AS T GROUP BY T ORDER BY t",
        "SELECT arrayFilter(X -> x = 't1', tags) AS f FROM key_verifications_v1 ORDER BY time LIMIT 1",
    ] {
        assert_eq!(
            common::analytics::refused(s, q),
            (
                "invalid_analytics_query".to_string(),
                "Unknown identifier in analytics query".to_string()
            ),
            "{q}"
        );
    }
    assert_eq!(
        run(
            s,
            "Select T, COUNT() AS n FROM key_verifications_v1 ARRAY JOIN tags AS T GROUP BY T ORDER BY T"
        ),
        json!([{"T": "t1", "n": 2}, {"T": "t2", "n": 2}])
    );
    assert_eq!(
        run(
            s,
            "SELECT arrayFilter(X -> X = 't2', tags) AS f, count() AS n FROM key_verifications_v1 GROUP BY f ORDER BY f"
        ),
        json!([{"f": [], "n": 2}, {"f": ["t2"], "n": 2}])
    );
}

/// R2: a CTE's name in another case than written (`WITH Totals AS (…) SELECT * FROM totals`):
/// upstream's table check passes it and ClickHouse's is UNKNOWN_TABLE, "Unknown table
/// expression identifier 'totals'" (ClickHouse 25.5.2 and 25.8.2 (chDB) agree), which
/// upstream answers as 400 "Invalid analytics query".
#[test]
fn a_cte_name_in_another_case_is_an_unknown_table() {
    let r = recorded();
    let s = &r.server;
    assert_invalid(
        s,
        "WITH Totals AS (SELECT outcome, count() AS c FROM key_verifications_v1 GROUP BY outcome) SELECT * FROM totals ORDER BY outcome",
    );
    assert_eq!(
        run(
            s,
            "WITH Totals AS (SELECT outcome, count() AS c FROM key_verifications_v1 GROUP BY outcome) SELECT * FROM Totals ORDER BY outcome"
        ),
        json!([{"c": 4, "outcome": "VALID"}])
    );
}

/// R3: a condition that is not a `UInt8` (nor a `Bool`, `NULL` or a `Nullable` of them) where
/// ClickHouse branches or filters and upstream does not wrap it in its `and`: a searched
/// `CASE`'s `WHEN` (ClickHouse's `multiIf`: "Illegal type UInt64 of argument (condition) of
/// function multiIf. Must be UInt8"), `HAVING` and `PREWHERE` (ILLEGAL_TYPE_OF_COLUMN_FOR_FILTER,
/// "Illegal type Int64 of column sum(…) for filter"), an `arrayFilter` lambda ("Expression for
/// function arrayFilter must return UInt8 or Nullable(UInt8), found UInt64" / "found
/// String"). ClickHouse 25.5.2 and 25.8.2 (chDB) agree on each; upstream answers 400 "Invalid
/// analytics query".
#[test]
fn conditions_that_are_not_uint8_are_clickhouses_error() {
    let r = recorded();
    let s = &r.server;
    for q in [
        "SELECT CASE WHEN length(tags) THEN 'y' ELSE 'n' END AS a, count() AS c FROM key_verifications_v1 GROUP BY a ORDER BY a",
        "SELECT CASE WHEN spent_credits THEN 'paid' ELSE 'free' END AS k, count() AS n FROM key_verifications_v1 GROUP BY k ORDER BY k",
        "SELECT key_id FROM key_verifications_v1 GROUP BY key_id HAVING sum(spent_credits) ORDER BY key_id",
        "SELECT count() AS n FROM key_verifications_v1 PREWHERE spent_credits",
        "SELECT arrayFilter(t -> length(t), tags) AS f, count() AS n FROM key_verifications_v1 GROUP BY f ORDER BY f LIMIT 2",
        "SELECT arrayFilter(t -> upper(t), tags) AS f FROM key_verifications_v1 ORDER BY time LIMIT 1",
        "SELECT arrayFilter(t -> 1.5, tags) AS f FROM key_verifications_v1 ORDER BY time LIMIT 1",
    ] {
        assert_invalid(s, q);
    }
    // `UInt8` conditions, a `Bool` and `NULL` are taken.
    assert_eq!(
        run(
            s,
            "SELECT CASE WHEN spent_credits > 3 THEN 'big' WHEN NULL THEN 'x' ELSE 'small' END AS k, count() AS n FROM key_verifications_v1 GROUP BY k HAVING count() > 1 ORDER BY k"
        ),
        json!([{"k": "big", "n": 2}, {"k": "small", "n": 2}])
    );
    assert_eq!(
        run(
            s,
            "SELECT arrayFilter(t -> t = 't2', tags) AS f, count() AS n FROM key_verifications_v1 PREWHERE spent_credits > 0 GROUP BY f ORDER BY f"
        ),
        json!([{"f": [], "n": 2}, {"f": ["t2"], "n": 1}])
    );
}

/// R3: `NOT`, `AND` or `OR` of a string or an array outside `WHERE` (in the select list, an
/// `if`/`countIf` condition, `HAVING`): "Illegal type (String) of argument of function not",
/// "Illegal type (String) of 1 argument of function and" (ClickHouse 25.5.2 and 25.8.2 (chDB)
/// agree), upstream's 400 "Invalid analytics query".
#[test]
fn logical_operators_of_strings_are_clickhouses_error_everywhere() {
    let r = recorded();
    let s = &r.server;
    for q in [
        "SELECT NOT external_id AS x, count() AS n FROM key_verifications_v1 GROUP BY x",
        "SELECT external_id AND 1 AS x, count() AS n FROM key_verifications_v1 GROUP BY x",
        "SELECT NOT tags AS x FROM key_verifications_v1 LIMIT 1",
        "SELECT if(NOT external_id, 1, 0) AS x FROM key_verifications_v1 LIMIT 1",
        "SELECT countIf(NOT external_id) AS x FROM key_verifications_v1",
        "SELECT key_id FROM key_verifications_v1 GROUP BY key_id HAVING NOT any(external_id) ORDER BY key_id LIMIT 1",
    ] {
        assert_invalid(s, q);
    }
    let d = decisions();
    assert_eq!(
        ratelimits(
            &d,
            "SELECT identifier, countIf(NOT passed) AS blocked FROM ratelimits_v1 GROUP BY identifier HAVING max(passed) ORDER BY identifier"
        ),
        json!([{"blocked": 1, "identifier": "u"}])
    );
}

/// R4: `concat` of two or more arrays only is their concatenation in ClickHouse
/// (`concat(['a'], ['b'])` is `['a', 'b']`, `length(concat(tags, tags))` twice the count of
/// tags; ClickHouse 25.5.2 and 25.8.2 (chDB) agree), not written here: refused as not run.
/// With a string beside an array, or of one array alone, each is written as text, as here
/// (`concat(tags, 'z')`, `concat(['a'])` is `['a']` as a `String`).
#[test]
fn concat_of_arrays_only_is_not_run() {
    let r = recorded();
    let s = &r.server;
    for q in [
        "SELECT concat(tags, ['z']) AS a FROM key_verifications_v1 ORDER BY time LIMIT 2",
        "SELECT length(concat(tags, tags)) AS l, count() AS n FROM key_verifications_v1 GROUP BY l ORDER BY l",
        "SELECT has(concat(tags, ['z']), 'z') AS h, count() AS n FROM key_verifications_v1 GROUP BY h",
    ] {
        assert_not_run(s, q);
    }
    assert_eq!(
        run(
            s,
            "SELECT concat(tags, 'z') AS a, count() AS n FROM key_verifications_v1 WHERE has(tags, 't2') GROUP BY a ORDER BY a"
        ),
        json!([{"a": "['t1','t2']z", "n": 1}, {"a": "['t2']z", "n": 1}])
    );
    assert_eq!(
        run(
            s,
            "SELECT concat(tags) AS a, count() AS n FROM key_verifications_v1 WHERE has(tags, 't2') GROUP BY a ORDER BY a"
        ),
        json!([{"a": "['t1','t2']", "n": 1}, {"a": "['t2']", "n": 1}])
    );
}

/// R5: `startsWith`/`endsWith` of two arrays test the elements in ClickHouse
/// (`startsWith(['a', 'b'], ['a'])` is 1, `startsWith(x, [])` 1; ClickHouse 25.5.2 and 25.8.2
/// (chDB) agree), not written here: refused as not run. An array beside a number is still
/// ClickHouse's ILLEGAL_TYPE_OF_ARGUMENT (`startsWith(3, [spent_credits])`, both agree),
/// "Invalid analytics query".
#[test]
fn starts_with_of_arrays_is_not_run() {
    let r = recorded();
    let s = &r.server;
    for q in [
        "SELECT count() AS n FROM key_verifications_v1 WHERE startsWith(tags, ['t1'])",
        "SELECT endsWith(tags, ['t2']) AS e, count() AS n FROM key_verifications_v1 GROUP BY e",
        "SELECT startsWith(tags, []) AS s, count() AS n FROM key_verifications_v1 GROUP BY s",
    ] {
        assert_not_run(s, q);
    }
    assert_invalid(
        s,
        "SELECT startsWith(3, [spent_credits]) AS x, count() AS n FROM key_verifications_v1 GROUP BY x",
    );
}

/// R7: an alias spelled like the keywords `asc`, `desc` or `over` names its column as written
/// (`outcome AS desc` is `desc`, `AS DESC` is `DESC`; ClickHouse 25.5.2 and 25.8.2 (chDB)
/// agree), not upper-cased.
#[test]
fn aliases_spelled_as_keywords_keep_their_spelling() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        run(
            s,
            "SELECT outcome AS desc, count() AS c FROM key_verifications_v1 GROUP BY desc ORDER BY desc"
        ),
        json!([{"c": 4, "desc": "VALID"}])
    );
    assert_eq!(
        run(
            s,
            "SELECT outcome AS asc, outcome AS over, outcome AS DESC FROM key_verifications_v1 ORDER BY time LIMIT 1"
        ),
        json!([{"DESC": "VALID", "asc": "VALID", "over": "VALID"}])
    );
}

/// R6: the scale of `toDateTime64` must be a constant integer within bounds: a column read
/// ("… 2nd argument 'scale' to function 'toDateTime64'. Expected: const Integer, got: UInt64")
/// or a negative literal ("Scale 255 is out of bounds") is ClickHouse's error (ClickHouse
/// 25.5.2 and 25.8.2 (chDB) agree), upstream's 400 "Invalid analytics query"; `round`,
/// `floor` or `ceil` to digits read from a column (ClickHouse fails once a value is out of
/// range) is not run.
#[test]
fn scales_read_from_columns_are_refused() {
    let r = recorded();
    let s = &r.server;
    assert_invalid(
        s,
        "SELECT toDateTime64(fromUnixTimestamp64Milli(time), length(tags)) AS x FROM key_verifications_v1 ORDER BY time LIMIT 1",
    );
    assert_invalid(
        s,
        "SELECT toDateTime64(fromUnixTimestamp64Milli(time), -1) AS x FROM key_verifications_v1 LIMIT 1",
    );
    assert_not_run(
        s,
        "SELECT round(spent_credits, time) AS x FROM key_verifications_v1 ORDER BY time LIMIT 1",
    );
    assert_eq!(
        run(
            s,
            "SELECT round(spent_credits / 3, 2) AS x FROM key_verifications_v1 ORDER BY spent_credits DESC LIMIT 1"
        ),
        json!([{"x": 3.33}])
    );
}
