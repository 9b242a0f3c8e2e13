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
