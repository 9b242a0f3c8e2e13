//! analytics.getVerifications against ClickHouse itself: the types of comparison chains,
//! arithmetic with arrays, common types and the smaller type corners of the differential
//! harness's second round (causes N7, N11, N15, N19, N21, N22). Each case was run on
//! ClickHouse 25.5.2 and 25.8.2 (chDB, bracketing upstream's 25.6) over upstream's schema, and
//! the answers below are theirs where both agree.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::analytics::{assert_invalid, assert_not_run, recorded, run};
use serde_json::json;

/// N7: a chain of comparisons is read left to right, all at one priority: `x = 'a' = 0` is
/// `(x = 'a') = 0`, a `UInt8` compared with `0` (also in `WHERE` and `HAVING`), and `0 = 2 <
/// 3` is `(0 = 2) < 3`, not SQLite's `0 = (2 < 3)`. ClickHouse 25.5.2 and 25.8.2 (chDB)
/// agree: `outcome = 'VALID' = 0` is `1` where the outcome is not `VALID`, named
/// `equals(equals(outcome, 'VALID'), 0)`; `0 = 2 < 3`, `3 > 2 = 1` and `'a' = 'a' = 1` are
/// `1`; `outcome = 'VALID' = '1'` reads `'1'` as the `UInt8`.
#[test]
fn comparison_chains_are_read_left_to_right() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        run(
            s,
            "SELECT spent_credits = 4 = 0 AS x, count() AS n FROM key_verifications_v1 GROUP BY x ORDER BY x"
        ),
        json!([{"x": 0, "n": 1}, {"x": 1, "n": 3}])
    );
    assert_eq!(
        run(
            s,
            "SELECT outcome = 'VALID' = 0 FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"equals(equals(outcome, 'VALID'), 0)": 0}])
    );
    assert_eq!(
        run(
            s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE external_id != '' = 0"
        ),
        json!([{"n": 4}])
    );
    assert_eq!(
        run(
            s,
            "SELECT outcome, count() AS n FROM key_verifications_v1 GROUP BY outcome HAVING outcome != 'VALID' = 0"
        ),
        json!([{"outcome": "VALID", "n": 4}])
    );
    assert_eq!(
        run(
            s,
            "SELECT 0 = 2 < 3 AS a, 3 > 2 = 1 AS b, 'a' = 'a' = 1 AS c, outcome = 'VALID' = '1' AS d FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"a": 1, "b": 1, "c": 1, "d": 1}])
    );
    // (`(outcome = outcome) = outcome`: NO_COMMON_TYPE of UInt8 and String; `… = 'x'`:
    // "Cannot convert string 'x' to type UInt8", TYPE_MISMATCH.)
    assert_invalid(
        s,
        "SELECT outcome = outcome = outcome AS z FROM key_verifications_v1",
    );
    assert_invalid(
        s,
        "SELECT outcome = 'VALID' = 'x' AS z FROM key_verifications_v1",
    );
}

/// N19: an array beside a number or a time is compared, added or taken with ClickHouse's
/// ILLEGAL_TYPE_OF_ARGUMENT ("Illegal types of arguments (Array(String), UInt8) of function
/// equals", "Illegal types Array(UInt8) and UInt8 of arguments of function plus"), and
/// `negate` takes no array or string ("Illegal type Array(String) of argument of function
/// negate"): upstream's "Invalid analytics query". Multiplied or divided by a number it is an
/// array of each element's (`[1, 2] * 2` is `[2, 4]`, `[1, 2] / 1` `[1.0, 2.0]`), and two arrays
/// are added element by element: not run here. With `NULL` it is `NULL`. ClickHouse 25.5.2
/// and 25.8.2 (chDB) agree on each.
#[test]
fn arithmetic_and_comparison_with_an_array() {
    let r = recorded();
    let s = &r.server;
    for q in [
        "SELECT tags = 1 AS a FROM key_verifications_v1",
        "SELECT [1, 2] = length(tags) AS a FROM key_verifications_v1",
        "SELECT [1, 2] + 1 AS a FROM key_verifications_v1",
        "SELECT spent_credits - [1, 2] AS a FROM key_verifications_v1",
        "SELECT [] + 300 AS a FROM key_verifications_v1",
        "SELECT -tags AS a FROM key_verifications_v1",
        "SELECT -[1] AS a FROM key_verifications_v1",
        "SELECT -outcome AS a FROM key_verifications_v1",
    ] {
        assert_invalid(s, q);
    }
    for q in [
        "SELECT (-1) * ([1, 2]) AS a FROM key_verifications_v1",
        "SELECT [1, 2] / 1 AS a FROM key_verifications_v1",
        "SELECT tags % [1, 2] AS a FROM key_verifications_v1",
        "SELECT tags = outcome AS a FROM key_verifications_v1",
    ] {
        assert_not_run(s, q);
    }
    assert_eq!(
        run(
            s,
            "SELECT tags = NULL AS a, tags = ['t1'] AS b FROM key_verifications_v1 ORDER BY spent_credits LIMIT 2"
        ),
        json!([{"a": null, "b": 0}, {"a": null, "b": 1}])
    );
}

/// N11: a `UInt64` (`length(tags)`) beside a signed integer has no common type (no signed
/// type of 64 bits holds both), also where the signed one is a `Date` less a `Date` or a
/// `DateTime` less a `DateTime` (an `Int32`), or a remainder of a signed integer (`Int64 %
/// UInt8` is an `Int16`): NO_COMMON_TYPE, upstream's "Invalid analytics query", over no rows
/// too. ClickHouse 25.5.2 and 25.8.2 (chDB) agree (`toTypeName(toDate(x) - toDate(y))` is
/// `Int32`; `if(c, CAST(1 AS UInt64), CAST(1 AS Int32))` NO_COMMON_TYPE for every signed
/// width, `UInt32` beside `Int32` an `Int64`).
#[test]
fn no_common_type_of_uint64_and_a_signed_integer() {
    let r = recorded();
    let s = &r.server;
    for q in [
        "SELECT if(spent_credits > 0, length(tags), toDate(fromUnixTimestamp64Milli(time)) - toDate('2027-01-01')) AS x FROM key_verifications_v1 WHERE spent_credits > 100",
        "SELECT if(spent_credits > 0, length(tags), toDateTime(fromUnixTimestamp64Milli(time)) - toDateTime('2027-01-01 00:00:00')) AS x FROM key_verifications_v1",
        "SELECT if(spent_credits > 0, length(tags), spent_credits % 3) AS x FROM key_verifications_v1",
        "SELECT [length(tags), toInt32(1)] AS x FROM key_verifications_v1",
    ] {
        assert_invalid(s, q);
    }
    assert_eq!(
        run(
            s,
            "SELECT if(spent_credits > 0, spent_credits % 3, toDate(fromUnixTimestamp64Milli(time)) - toDate(fromUnixTimestamp64Milli(time))) AS x FROM key_verifications_v1 ORDER BY spent_credits"
        ),
        json!([{"x": 0}, {"x": 1}, {"x": 1}, {"x": 1}])
    );
}

/// N21: an interval beside a value of another type (a set operation's column, `if`, an
/// array) has no common type: NO_COMMON_TYPE ("some of them are numbers and some of them are
/// not"), upstream's "Invalid analytics query"; beside `NULL` it is a `Nullable` interval. A
/// string moved by an interval is read as a `DateTime` (or fails, "Cannot read DateTime"),
/// and `NULL * INTERVAL 1 DAY` is `NULL`: not run here. ClickHouse 25.5.2 and 25.8.2 (chDB)
/// agree on each.
#[test]
fn intervals_beside_other_types() {
    let r = recorded();
    let s = &r.server;
    for q in [
        "SELECT x FROM (SELECT toInt64(spent_credits) AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 1 DAY AS x FROM key_verifications_v1)",
        "SELECT if(spent_credits > 0, INTERVAL 1 DAY, 1) AS x FROM key_verifications_v1",
        "SELECT if(spent_credits > 0, INTERVAL 1 DAY, 'a') AS x FROM key_verifications_v1",
        "SELECT [INTERVAL 1 DAY, 1] AS x FROM key_verifications_v1",
    ] {
        assert_invalid(s, q);
    }
    for q in [
        "SELECT INTERVAL 1 DAY + 'x' AS x FROM key_verifications_v1",
        "SELECT outcome + INTERVAL 1 DAY AS x FROM key_verifications_v1",
        "SELECT NULL * INTERVAL 1 DAY AS x FROM key_verifications_v1",
    ] {
        assert_not_run(s, q);
    }
}

/// N15: grouped by an array, an empty array `arrayFilter` builds and a column's empty array
/// are one key (`if(c, tags, arrayFilter(x -> x < 'b', []))`), also to `DISTINCT`,
/// `count(DISTINCT …)` and `uniqExact`, of `if` and of `CASE`. ClickHouse 25.5.2 and 25.8.2
/// (chDB) agree: over the differential harness's dataset one `[]` group of 889 rows, not
/// two, and 10 distinct arrays, not 13.
#[test]
fn an_empty_array_built_by_array_filter_groups_with_a_columns() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        run(
            s,
            "SELECT if(spent_credits > 5, tags, arrayFilter(x -> x < 'b', [])) AS x, count() AS n FROM key_verifications_v1 GROUP BY x ORDER BY x"
        ),
        json!([{"x": [], "n": 4}])
    );
    assert_eq!(
        run(
            s,
            "SELECT if(spent_credits = 1, tags, arrayFilter(x -> x != 't1', tags)) AS x, count() AS n FROM key_verifications_v1 GROUP BY x ORDER BY x"
        ),
        json!([{"x": [], "n": 1}, {"x": ["t1"], "n": 1}, {"x": ["t2"], "n": 2}])
    );
    assert_eq!(
        run(
            s,
            "SELECT count(DISTINCT if(spent_credits = 1, tags, arrayFilter(x -> x != 't1', tags))) AS a, uniqExact(CASE WHEN spent_credits = 1 THEN tags ELSE arrayFilter(x -> x != 't1', tags) END) AS b FROM key_verifications_v1"
        ),
        json!([{"a": 3, "b": 3}])
    );
    assert_eq!(
        run(
            s,
            "SELECT count() AS n FROM (SELECT DISTINCT if(spent_credits > 5, tags, arrayFilter(x -> x < 'b', [])) AS x FROM key_verifications_v1)"
        ),
        json!([{"n": 1}])
    );
}

/// N22: the remainder of a `UInt32`, a `UInt64` or a `DateTime` by a negative integer reads
/// the divisor in an unsigned type and answers in the divisor's width (`limit % -1` of a `UInt64`
/// 300 is the `UInt8` 44), and a remainder by the least `Int64` is "Division by the most
/// negative number" of an `Int64` and otherwise of narrower or unsigned ones: not run here
/// (of a signed expression, where a row's divisor is negative). A signed dividend is
/// answered (`spent_credits % -1` is 0), and an unsigned one by a signed expression's
/// positive values (`117 % time` is 117); a `UInt8`'s, a `UInt16`'s or a `Bool`'s is the
/// remainder by the divisor's magnitude (`300 % -7` is 6, `200 % -300` 200, `true % -1` 0). ClickHouse 25.5.2
/// and 25.8.2 (chDB) agree on each.
#[test]
fn remainders_by_negative_divisors() {
    let r = recorded();
    let s = &r.server;
    for q in [
        "SELECT length(tags) % -1 AS x FROM key_verifications_v1",
        "SELECT toDateTime(fromUnixTimestamp64Milli(time)) % -1 AS x FROM key_verifications_v1",
        "SELECT 70000 % -1 AS x FROM key_verifications_v1",
        "SELECT time % -9223372036854775808 AS x FROM key_verifications_v1",
        "SELECT length(tags) % (spent_credits - 100) AS x FROM key_verifications_v1",
        // (A negative dividend by a `UInt32` or `UInt64`: `-7 % toUInt64(3)` is 0 there.)
        "SELECT (spent_credits - 100) % length(tags) AS x FROM key_verifications_v1 WHERE length(tags) > 0",
    ] {
        assert_not_run(s, q);
    }
    assert_eq!(
        run(
            s,
            "SELECT spent_credits % (length(tags) + 1) AS x FROM key_verifications_v1 ORDER BY spent_credits"
        ),
        json!([{"x": 0}, {"x": 1}, {"x": 1}, {"x": 0}])
    );
    assert_eq!(
        run(
            s,
            "SELECT length(tags) % (spent_credits + 1) AS x, 117 % time AS y FROM key_verifications_v1 ORDER BY spent_credits"
        ),
        json!([{"x": 0, "y": 117}, {"x": 1, "y": 117}, {"x": 2, "y": 117}, {"x": 0, "y": 117}])
    );
    assert_eq!(
        run(
            s,
            "SELECT spent_credits % -3 AS x, count() AS n FROM key_verifications_v1 GROUP BY x ORDER BY x"
        ),
        json!([{"x": 0, "n": 1}, {"x": 1, "n": 3}])
    );
    assert_eq!(
        run(
            s,
            "SELECT 300 % -7 AS a, 200 % -300 AS b FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"a": 6, "b": 200}])
    );
}

/// N22: an array beside `NULL` where values meet (`[[x], NULL]`, `if(c, tags, NULL)`, a
/// `CASE` with such a branch or without `ELSE`) has no common type (an array cannot be inside
/// `Nullable`): NO_COMMON_TYPE, upstream's "Invalid analytics query"; `coalesce(tags, NULL)`
/// is `tags`; a set operation's array column beside a `NULL` arm is not run here. ClickHouse
/// 25.5.2 and 25.8.2 (chDB) agree on each.
#[test]
fn an_array_beside_null_has_no_common_type() {
    let r = recorded();
    let s = &r.server;
    for q in [
        "SELECT [[identity_id], NULL] AS x FROM key_verifications_v1",
        "SELECT if(spent_credits > 0, tags, NULL) AS x FROM key_verifications_v1",
        "SELECT CASE WHEN spent_credits > 0 THEN NULL ELSE [1, 2] END AS x FROM key_verifications_v1",
        "SELECT CASE WHEN spent_credits > 0 THEN [1, 2] END AS x FROM key_verifications_v1",
    ] {
        assert_invalid(s, q);
    }
    assert_not_run(
        s,
        "SELECT x FROM (SELECT [1] AS x FROM key_verifications_v1 UNION ALL SELECT NULL AS x FROM key_verifications_v1)",
    );
    assert_eq!(
        run(
            s,
            "SELECT coalesce(tags, NULL) AS x FROM key_verifications_v1 ORDER BY spent_credits LIMIT 1"
        ),
        json!([{"x": ["t2"]}])
    );
}

/// N22 and N20: an `IN` list converts each element to the left side's type, a literal on the
/// left too: a string of a number's set is read as one (`5 IN ('5', '7')`, `1.5 IN ('1.5')`
/// are 1, `1 IN ('300')` of a `UInt8` 0) or fails ("Cannot convert string 'u1' to type
/// Int8", TYPE_MISMATCH, upstream's "Invalid analytics query"; `'-1'` of an unsigned type
/// too); `true`/`false` of a string's set are `'1'`/`'0'`; a number of a `Bool`'s set is
/// whether it is not 0 (`true IN (300)` is 1). ClickHouse 25.5.2 and 25.8.2 (chDB) agree on
/// each.
#[test]
fn in_lists_convert_elements_to_a_literal_left_sides_type() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        run(
            s,
            "SELECT true IN (300) AS a, true IN (9223372036854775807) AS b, -1 IN ('-1') AS c, 5 IN ('5', '7') AS d, 1.5 IN ('1.5') AS e, 1 IN ('300') AS f FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 0}])
    );
    assert_eq!(
        run(
            s,
            "SELECT toString(spent_credits) IN (true) AS x, count() AS n FROM key_verifications_v1 GROUP BY x ORDER BY x"
        ),
        json!([{"x": 0, "n": 3}, {"x": 1, "n": 1}])
    );
    assert_eq!(
        run(
            s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits + 0 IN ('1', '4')"
        ),
        json!([{"n": 2}])
    );
    for q in [
        "SELECT -1 IN ('u1') AS x FROM key_verifications_v1",
        "SELECT spent_credits IN ('u1') AS x FROM key_verifications_v1",
        "SELECT 1 IN ('-1') AS x FROM key_verifications_v1",
        "SELECT 1 IN ('1.5') AS x FROM key_verifications_v1",
        "SELECT 0.1 IN ('x') AS x FROM key_verifications_v1",
    ] {
        assert_invalid(s, q);
    }
}

/// N11: a set operation's column of a `Bool` first beside integers other than `UInt8`s is of
/// their common integer type, its values numbers (`true UNION ALL length(tags)` is a
/// `UInt64` column, 1 and the lengths); beside `UInt8`s it stays a `Bool`. ClickHouse 25.5.2
/// and 25.8.2 (chDB) agree.
#[test]
fn a_bool_first_beside_wider_integers_in_a_set_operation_is_a_number() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        run(
            s,
            "SELECT x, count() AS n FROM (SELECT true AS x FROM key_verifications_v1 UNION ALL SELECT length(tags) AS x FROM key_verifications_v1) GROUP BY x ORDER BY x"
        ),
        json!([{"x": 0, "n": 1}, {"x": 1, "n": 6}, {"x": 2, "n": 1}])
    );
    assert_eq!(
        run(
            s,
            "SELECT x, count() AS n FROM (SELECT true AS x FROM key_verifications_v1 UNION ALL SELECT 1 AS x FROM key_verifications_v1) GROUP BY x"
        ),
        json!([{"x": true, "n": 8}])
    );
}

/// An integer arm before a `Bool` arm (`ratelimits_v1.passed`) of a set operation read through
/// a subquery: the column is the arms' common integer type, `5` stays 5 and `passed` is 1/0.
/// SQLite reports the last arm's declared `BOOLEAN` for such a column, which an earlier
/// build answered as `true`/`false` (engine_diff's third run found it). ClickHouse 25.5.2 and
/// 25.8.2 (chDB) agree: `SELECT x FROM (SELECT 5 AS x … UNION ALL SELECT CAST(1 AS Bool) AS
/// x …) ORDER BY x DESC LIMIT 1` is a `UInt8` 5, of `toInt64(7)` and `true` an `Int64`.
#[test]
fn an_integer_arm_before_a_bool_arm_read_through_a_subquery_is_a_number() {
    let s = common::Server::start(&["--analytics"]);
    for _ in 0..2 {
        s.ok(
            "ratelimit.limit",
            json!({"namespace": "ns", "identifier": "u", "limit": 1, "duration": 60000}),
        );
    }
    let q = |q: &str| s.ok("analytics.getRatelimits", json!({"query": q}));
    assert_eq!(
        q("SELECT x FROM (SELECT 5 AS x FROM ratelimits_v1 UNION ALL SELECT passed AS x FROM ratelimits_v1) ORDER BY x DESC"),
        json!([{"x": 5}, {"x": 5}, {"x": 1}, {"x": 0}])
    );
    assert_eq!(
        q("SELECT x FROM (SELECT toInt64(limit) AS x FROM ratelimits_v1 UNION ALL SELECT passed AS x FROM ratelimits_v1) ORDER BY x"),
        json!([{"x": 0}, {"x": 1}, {"x": 1}, {"x": 1}])
    );
    // (A `Bool` column alone keeps its `true`/`false` through the subquery.)
    assert_eq!(
        q("SELECT x FROM (SELECT passed AS x FROM ratelimits_v1) ORDER BY x"),
        json!([{"x": false}, {"x": true}])
    );
}

/// N22: `NULL` with a time in arithmetic is `NULL` (`NULL % toDate(x)`, `NULL * toDate(x)`,
/// `toDate(x) / NULL`), where a number in its place is ClickHouse's ILLEGAL_TYPE_OF_ARGUMENT.
/// ClickHouse 25.5.2 and 25.8.2 (chDB) agree.
#[test]
fn null_arithmetic_with_a_time_is_null() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        run(
            s,
            "SELECT (NULL) % (toStartOfMonth(fromUnixTimestamp64Milli(time))) AS a, NULL * toDate(fromUnixTimestamp64Milli(time)) AS b, toDate(fromUnixTimestamp64Milli(time)) / (NULL) AS c, count() AS n FROM key_verifications_v1 GROUP BY a, b, c"
        ),
        json!([{"a": null, "b": null, "c": null, "n": 4}])
    );
    assert_invalid(
        s,
        "SELECT 2 * toDate(fromUnixTimestamp64Milli(time)) AS x FROM key_verifications_v1",
    );
}
