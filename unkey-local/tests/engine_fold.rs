//! analytics.getVerifications against ClickHouse itself: constants ClickHouse folds (`AND 0`,
//! `OR 1`), aggregates over no rows, non-finite and narrow literals, `date_trunc` near the
//! epoch and `arrayJoin` corners. Each case was run on ClickHouse 25.5.2 and 25.8.2 (chDB,
//! bracketing upstream's 25.6) over upstream's schema, and the answers below are theirs where
//! both agree; the causes (N…) are those of the differential harness's second round.
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

/// N17: a `GROUP BY`/`ORDER BY` key that is an `AND` with the literal 0 (`(1 AND 0) AS x`,
/// `(outcome = 'VALID') AND 0`) is the constant 0: one group. ClickHouse 25.5.2 and 25.8.2
/// (chDB) agree: `SELECT (1 AND 0) AS x, count() AS n FROM key_verifications_v1 GROUP BY x
/// ORDER BY x` is one row `x = 0` of every verification. (SQLite's parser folds such an
/// `AND` to the integer 0, which a key there reads as a position.)
#[test]
fn a_key_that_is_an_and_with_0_is_one_constant_group() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        run(
            s,
            "SELECT (1 AND 0) AS x, count() AS n FROM key_verifications_v1 GROUP BY x ORDER BY x"
        ),
        json!([{"x": 0, "n": 4}])
    );
    assert_eq!(
        run(
            s,
            "SELECT (outcome = 'VALID') AND 0 AS x, count() AS n FROM key_verifications_v1 GROUP BY x ORDER BY x"
        ),
        json!([{"x": 0, "n": 4}])
    );
    assert_eq!(
        run(
            s,
            "SELECT count() AS n FROM key_verifications_v1 GROUP BY 0 AND (spent_credits > 1) ORDER BY 0 AND (spent_credits > 1)"
        ),
        json!([{"n": 4}])
    );
    // (An `OR` above the `AND` is not the constant.)
    assert_eq!(
        run(
            s,
            "SELECT (spent_credits > 3 OR spent_credits = 1 AND 0) AS x, count() AS n FROM key_verifications_v1 GROUP BY x ORDER BY x"
        ),
        json!([{"x": 0, "n": 2}, {"x": 1, "n": 2}])
    );
}

/// N9: a comparison of a `Date` with a string expression is ClickHouse's NO_COMMON_TYPE as it
/// runs the query (25.8 words it "while executing function equals"), which it never meets
/// under an `AND` with a constant 0 or an `OR` with a constant 1: ClickHouse 25.5.2 and 25.8.2
/// (chDB) agree that `SELECT count() AS n FROM key_verifications_per_day_v1 WHERE time =
/// toString(time) AND 0` is `[{"n": 0}]` and `… OR 1` counts every row, where without them
/// (or with `AND outcome = 'nope'`, or `OR 0`) it is the error. Which of the type errors
/// found here ClickHouse meets only as it runs is not followed: such a query is not run.
#[test]
fn a_type_error_under_an_and_or_or_a_constant_decides_is_not_run() {
    let r = recorded();
    let s = &r.server;
    let table = "key_verifications_per_day_v1";
    for condition in [
        "time = toString(time) AND 0",
        "0 AND time = toString(time)",
        "time = toString(time) OR 1",
        "time = toString(time) AND false",
        "(time = toString(time) AND 0) OR 1",
    ] {
        assert_not_run(
            s,
            &format!("SELECT count() AS n FROM {table} WHERE {condition}"),
        );
    }
    assert_not_run(
        s,
        &format!("SELECT (time = toString(time)) AND 0 AS x FROM {table} LIMIT 1"),
    );
    for condition in [
        "time = toString(time)",
        "time = toString(time) AND outcome = 'nope'",
        "time = toString(time) OR 0",
        "time = toString(time) AND 1",
    ] {
        assert_invalid(
            s,
            &format!("SELECT count() AS n FROM {table} WHERE {condition}"),
        );
    }
}

/// N14's other forms: `min`/`max` of arithmetic that ClickHouse's analyzer moves out of them
/// where this server does not tell the move (of a time, by an interval, with a constant that
/// is no number literal) are the same over rows, but over no rows ClickHouse answers the
/// arithmetic of the type's default: ClickHouse 25.5.2 and 25.8.2 (chDB) agree that
/// `min(toStartOfDay(time) + 3275)` of `ratelimits_per_hour_v1` over no rows is
/// `1970-01-01T00:54:35Z`, `min(fromUnixTimestamp64Milli(time) - INTERVAL 15 MONTH)`
/// `1968-10-01T00:00:00Z` and `min(ceil(round(1.5, 3), 1) - 1.5 * length(identifier))` 1.5,
/// where the default is 1970-01-01 or 0. Over no rows such a call is not run; over rows it
/// is answered.
#[test]
fn min_and_max_of_untold_arithmetic_over_no_rows_are_not_run() {
    let r = recorded();
    let s = &r.server;
    for item in [
        "min(fromUnixTimestamp64Milli(time) - INTERVAL 15 MONTH)",
        "max(toStartOfDay(fromUnixTimestamp64Milli(time)) + 3275)",
        "min(ceil(round(1.5, 3), 1) - 1.5 * spent_credits)",
    ] {
        assert_not_run(
            s,
            &format!("SELECT {item} AS a FROM key_verifications_v1 WHERE outcome = 'nope'"),
        );
    }
    assert_eq!(
        run(
            s,
            "SELECT min(fromUnixTimestamp64Milli(time) - INTERVAL 1 DAY) = min(fromUnixTimestamp64Milli(time)) - INTERVAL 1 DAY AS same, max(ceil(round(1.5, 3), 1) - 1.5 * spent_credits) AS b FROM key_verifications_v1"
        ),
        json!([{"same": 1, "b": 1.5}])
    );
    // (Grouped: a group has rows.)
    assert_eq!(
        run(
            s,
            "SELECT key_id, min(ceil(round(1.5, 3), 1) - 1.5 * spent_credits) AS a FROM key_verifications_v1 GROUP BY key_id ORDER BY a"
        )
        .as_array()
        .map(Vec::len),
        Some(2)
    );
}

/// N4: `nan`, `inf` and `infinity` (any case, signed too) are `Float64` literals, written
/// `null` as upstream writes a non-finite float: ClickHouse 25.5.2 and 25.8.2 (chDB) agree
/// that `SELECT nan AS x, inf AS y, -inf AS z, Infinity AS w, +inf AS v` is all `null`,
/// `toString(-inf)` is `'-inf'`, `inf > 1` 1, and `spent_credits < inf` holds for every row.
/// Without an alias, ClickHouse names the column by the literal (`inf`, `plus(inf, 1)`):
/// not run.
#[test]
fn nan_and_inf_are_float_literals() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        run(
            s,
            "SELECT nan AS x, inf AS y, -inf AS z, Infinity AS w, +INF AS v, NaN AS u FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"x": null, "y": null, "z": null, "w": null, "v": null, "u": null}])
    );
    assert_eq!(
        run(
            s,
            "SELECT toString(inf) AS a, toString(-inf) AS b, inf > 1 AS c, -inf < 0 AS d FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"a": "inf", "b": "-inf", "c": 1, "d": 1}])
    );
    assert_eq!(
        run(
            s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits < inf AND spent_credits > -inf"
        ),
        json!([{"n": 4}])
    );
    assert_not_run(s, "SELECT inf FROM key_verifications_v1 LIMIT 1");
    assert_not_run(s, "SELECT nan + 1 FROM key_verifications_v1 LIMIT 1");
}

/// N3: `round`/`floor`/`ceil` of an integer of 8, 16 or 32 bits to tens, hundreds, … compute
/// in that type, as an integer literal's narrowest (`-125` an `Int8`, `255` a `UInt8`): it
/// wraps where the value steps past it, and is 0 past the type's decimal digits. ClickHouse
/// 25.5.2 and 25.8.2 (chDB) agree: `round(-125, -1)` 120, `floor(-125, -1)` 120,
/// `ceil(-125, -1)` -120, `round(255, -1)` 4, `round(-125, -2)` 0, `ceil(255, -1)` 0,
/// `round(255, -2)` 44, `round(-32765, -1)` 32760, `round(65535, -1)` 4, `round(-125, -3)`
/// 0, `round(-2147483600, -1)` -2147483600; an `Int64`'s `round(toInt64(-125), -1)` -130.
#[test]
fn rounding_a_narrow_integer_computes_in_its_type() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        run(
            s,
            "SELECT round(-125, -1) AS a, floor(-125, -1) AS b, ceil(-125, -1) AS c, round(255, -1) AS d, round(-125, -2) AS e, ceil(255, -1) AS f, round(255, -2) AS g, round(-32765, -1) AS h, round(65535, -1) AS i, round(-125, -3) AS j, round(-2147483600, -1) AS k, round(toInt64(-125), -1) AS l, round(125, -1) AS m, round(-5) AS n FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"a": 120, "b": 120, "c": -120, "d": 4, "e": 0, "f": 0, "g": 44, "h": 32760, "i": 4, "j": 0, "k": -2147483600, "l": -130, "m": 130, "n": -5}])
    );
}

/// N10: `date_trunc('week', …)` of a `Date` or `DateTime` is a `Date`, which holds no day
/// before 1970-01-01: of the first days of 1970 (before Monday 1970-01-05) it is 1970-01-01;
/// of a `DateTime64` it is a `Date32`, the Monday before, 1969-12-29. ClickHouse 25.5.2 and
/// 25.8.2 (chDB) agree (and `toStartOfWeek(d, 1)` and `toMonday(d)` answer 1970-01-01 too).
#[test]
fn date_trunc_to_the_week_of_early_1970_is_its_first_day() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        run(
            s,
            "SELECT date_trunc('week', toDate('1970-01-02')) AS a, date_trunc('week', toDateTime('1970-01-04 10:00:00')) AS b, date_trunc('week', toDateTime64('1970-01-02 00:00:00', 3)) AS c, date_trunc('week', toDate('1970-01-06')) AS d, toStartOfWeek(toDate('1970-01-02'), 1) AS e FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{
            "a": "1970-01-01T00:00:00Z",
            "b": "1970-01-01T00:00:00Z",
            "c": "1969-12-29T00:00:00Z",
            "d": "1970-01-05T00:00:00Z",
            "e": "1970-01-01T00:00:00Z"
        }])
    );
}

/// N13: `arrayJoin([])` (of the empty literal, whose values are ClickHouse's `Nothing`) as a
/// whole select-list item is ClickHouse's ILLEGAL_TYPE_OF_ARGUMENT "Invalid projection column
/// with type Nothing", in a subquery too, upstream's "Invalid analytics query": ClickHouse
/// 25.5.2 and 25.8.2 (chDB) agree (SQLite answered no rows). Elsewhere (`min(arrayJoin([]))`,
/// `toString(…)` of it, in `WHERE`, all errors there too) it is not run.
#[test]
fn array_join_of_the_empty_array_is_a_nothing_column() {
    let r = recorded();
    let s = &r.server;
    assert_invalid(s, "SELECT arrayJoin([]) AS x FROM key_verifications_v1");
    assert_invalid(s, "SELECT outcome, arrayJoin([]) FROM key_verifications_v1");
    assert_invalid(
        s,
        "SELECT count() AS n FROM (SELECT arrayJoin([]) AS x FROM key_verifications_v1)",
    );
    assert_not_run(
        s,
        "SELECT min(arrayJoin([])) AS a FROM key_verifications_v1",
    );
    assert_not_run(
        s,
        "SELECT count() AS n FROM key_verifications_v1 WHERE arrayJoin([]) = 1",
    );
    // (The `ARRAY JOIN` clause of `[]` is no such column: no rows.)
    assert_eq!(
        run(
            s,
            "SELECT count() AS n FROM key_verifications_v1 ARRAY JOIN [] AS x"
        ),
        json!([{"n": 0}])
    );
}

/// N18: ClickHouse's analyzer resolves only the branch of an `if` of a constant condition
/// that it takes, so a name it does not know in the other is no error: ClickHouse 25.5.2 and
/// 25.8.2 (chDB) agree that `if(1, 'a', nosuch)`, `if(0, nosuch, 'a')`, `if(1 = 1, 'a',
/// nosuch)` are `'a'` and `if(now() > today(), ['', 'u1'], tags)` of `ratelimits_v1` (no
/// `tags` there) `['', 'u1']`, where `if(identifier = '', 'a', nosuch)` is UNKNOWN_IDENTIFIER.
/// Such an unknown name beside an `if` of a constant condition is not run.
#[test]
fn an_unknown_name_beside_a_constant_if_is_not_run() {
    let r = recorded();
    let s = &r.server;
    assert_not_run(
        s,
        "SELECT if(1, 'a', nosuch) AS x FROM key_verifications_v1 LIMIT 1",
    );
    assert_not_run(
        s,
        "SELECT if(now() > today(), ['', 'u1'], nosuch) AS x FROM key_verifications_v1 LIMIT 1",
    );
    // (Of a condition that varies, or where the branch not taken names only columns, the
    // unknown name is ClickHouse's UNKNOWN_IDENTIFIER.)
    for query in [
        "SELECT if(outcome = '', 'a', nosuch) AS x FROM key_verifications_v1 LIMIT 1",
        "SELECT hasAny(if(0, [outcome], ['u1']), nosuch) AS x FROM key_verifications_v1 LIMIT 1",
    ] {
        let (ty, detail) = common::analytics::refused(s, query);
        assert_eq!(
            (ty.as_str(), detail.as_str()),
            (
                "invalid_analytics_query",
                "Unknown identifier in analytics query"
            ),
            "{query}"
        );
    }
}

/// N24: `SELECT tags AS tag … ARRAY JOIN tags AS tag`, one name given by the select list
/// and the `ARRAY JOIN`, ClickHouse answers (`tag` the whole array, the rows multiplied by
/// the `ARRAY JOIN`: ClickHouse 25.5.2 and 25.8.2 (chDB) agree on `SELECT tags AS tag,
/// count() AS c FROM key_verifications_v1 ARRAY JOIN tags AS tag GROUP BY tag ORDER BY tag`
/// grouping by the arrays); this server's reading of the names found an error: not run.
/// The `ARRAY JOIN`'s name alone is answered.
#[test]
fn a_name_of_an_array_join_given_again_is_not_run() {
    let r = recorded();
    let s = &r.server;
    assert_not_run(
        s,
        "SELECT tags AS tag, count() AS c FROM key_verifications_v1 ARRAY JOIN tags AS tag GROUP BY tag ORDER BY tag",
    );
    assert_eq!(
        run(
            s,
            "SELECT tag, count() AS c FROM key_verifications_v1 ARRAY JOIN tags AS tag GROUP BY tag ORDER BY tag"
        ),
        json!([{"tag": "t1", "c": 2}, {"tag": "t2", "c": 2}])
    );
}

/// N3's arithmetic: `negate` of a signed integer is of its type, so of an `Int8`, `Int16`
/// or `Int32` least value it wraps round to itself. ClickHouse 25.5.2 and 25.8.2 (chDB) agree:
/// `-(-128)` is -128 (an `Int8`), `-(-32768)` -32768, `-(-2147483648)` -2147483648, `- -128`
/// -128, `-(-127)` 127; other arithmetic promotes (`-125 - 10` is an `Int16` -135, `200 +
/// 100` a `UInt16` 300).
#[test]
fn negating_a_narrow_least_value_wraps() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        run(
            s,
            "SELECT -(-128) AS a, -(-32768) AS b, -(-2147483648) AS c, - -128 AS d, -(-127) AS e, -125 - 10 AS f, 200 + 100 AS g FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"a": -128, "b": -32768, "c": -2147483648_i64, "d": -128, "e": 127, "f": -135, "g": 300}])
    );
}
