//! analytics.getVerifications and getRatelimits against ClickHouse itself: the rows `WITH
//! ROLLUP`, `WITH CUBE` and `GROUPING SETS` add. A key a group leaves out read in `HAVING` and
//! by `LIMIT … BY` (N2), `WITH TOTALS` with them and `HAVING` (N1), an expression equal to
//! another key (N5), the injective calls ClickHouse takes out of the keys of `GROUPING SETS`
//! (N8) and the `ORDER BY` items it drops (N25). Each case was run on ClickHouse 25.5.2 and
//! 25.8.2 (chDB, bracketing upstream's 25.6) over upstream's schema and the differential
//! harness's data (`tests/reference/engine_diff`), and the answers below are theirs where both
//! agree, carried over to this data; the causes are those of the harness's findings.
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
use serde_json::{json, Value};

/// The rows of `v` (an array) sorted by their JSON text: for answers whose order ClickHouse
/// leaves open.
fn sorted(v: Value) -> Vec<String> {
    let mut rows: Vec<String> = v
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r.to_string())
        .collect();
    rows.sort();
    rows
}

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

/// N2: a `String` key the group leaves out is `''` in `HAVING`, aliased or not, with
/// `ROLLUP`, `CUBE` and `GROUPING SETS`. ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `SELECT
/// outcome AS a, count() AS c FROM key_verifications_v1 GROUP BY a WITH ROLLUP HAVING a = ''
/// ORDER BY a` is the total row `[{"a": "", "c": 1819}]` (unkey-local answered none), and
/// `… GROUP BY GROUPING SETS ((a), ()) HAVING a != ''` the outcome rows without it.
#[test]
fn a_rolled_up_string_key_is_empty_in_having() {
    let r = recorded();
    let s = &r.server;
    let (lo, hi) = {
        let (a, b) = r.keyspaces.clone();
        if a < b {
            (a, b)
        } else {
            (b, a)
        }
    };
    assert_eq!(
        run(s, "SELECT key_space_id AS a, count() AS c FROM key_verifications_v1 GROUP BY a WITH ROLLUP HAVING a = '' ORDER BY a"),
        json!([{"a": "", "c": 4}])
    );
    assert_eq!(
        run(s, "SELECT key_space_id, count() AS c FROM key_verifications_v1 GROUP BY key_space_id WITH CUBE HAVING key_space_id = '' ORDER BY c"),
        json!([{"c": 4, "key_space_id": ""}])
    );
    assert_eq!(
        run(s, "SELECT key_space_id AS a, count() AS c FROM key_verifications_v1 GROUP BY GROUPING SETS ((a), ()) HAVING a != '' ORDER BY a"),
        json!([{"a": lo, "c": if lo == r.keyspaces.0 { 3 } else { 1 }}, {"a": hi, "c": if hi == r.keyspaces.0 { 3 } else { 1 }}])
    );
    // An expression of it reads the default too.
    assert_eq!(
        run(s, "SELECT key_space_id AS a, count() AS c FROM key_verifications_v1 GROUP BY a WITH ROLLUP HAVING length(a) = 0"),
        json!([{"a": "", "c": 4}])
    );
}

/// N2: several sets, each leaving out the other's key. ClickHouse 25.5.2 and 25.8.2 (chDB)
/// agree: `SELECT outcome AS a, key_space_id AS b, count() AS c FROM key_verifications_v1
/// GROUP BY GROUPING SETS ((a), (b)) HAVING b = '' ORDER BY a, b` is the rows of the set
/// `(a)`, each with `b` `''` (unkey-local answered none); four sets, `HAVING outcome = ''
/// AND key_space_id = ''`, only the row of `()`.
#[test]
fn grouping_sets_read_each_sets_defaults_in_having() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        run(s, "SELECT outcome AS a, key_space_id AS b, count() AS c FROM key_verifications_v1 GROUP BY GROUPING SETS ((a), (b)) HAVING b = '' ORDER BY a, b"),
        json!([{"a": "VALID", "b": "", "c": 4}])
    );
    assert_eq!(
        run(s, "SELECT outcome, key_space_id, count() AS c FROM key_verifications_v1 GROUP BY GROUPING SETS ((outcome, key_space_id), (outcome), (key_space_id), ()) HAVING outcome = '' AND key_space_id = '' ORDER BY c"),
        json!([{"c": 4, "key_space_id": "", "outcome": ""}])
    );
}

/// N2: a number key rolled up is 0 in `HAVING`. ClickHouse 25.5.2 and 25.8.2 (chDB) agree:
/// `SELECT spent_credits, count() AS v FROM key_verifications_v1 GROUP BY spent_credits
/// WITH ROLLUP HAVING spent_credits = 0 ORDER BY v` is `[{0, 1805}, {0, 1819}]`, the total
/// row among them.
#[test]
fn a_rolled_up_number_key_is_zero_in_having() {
    let r = recorded();
    assert_eq!(
        run(&r.server, "SELECT spent_credits, count() AS c FROM key_verifications_v1 GROUP BY spent_credits WITH ROLLUP HAVING spent_credits = 0 ORDER BY c"),
        json!([{"c": 1, "spent_credits": 0}, {"c": 4, "spent_credits": 0}])
    );
    assert_eq!(
        run(&r.server, "SELECT spent_credits AS k, count() AS c FROM key_verifications_v1 GROUP BY k WITH CUBE HAVING k > 0 ORDER BY k"),
        json!([{"c": 1, "k": 1}, {"c": 1, "k": 4}, {"c": 1, "k": 10}])
    );
}

/// N2: a `Bool` key rolled up is `false` in `HAVING`. ClickHouse 25.5.2 and 25.8.2 (chDB)
/// agree: `SELECT passed AS k0, count() AS v FROM ratelimits_v1 GROUP BY k0 WITH CUBE HAVING
/// k0 = false ORDER BY k0, v` is `[{false, 44}, {false, 363}]`, the total row among them.
#[test]
fn a_rolled_up_bool_key_is_false_in_having() {
    let s = decisions();
    assert_eq!(
        s.ok(
            "analytics.getRatelimits",
            json!({"query": "SELECT passed AS k, count() AS n FROM ratelimits_v1 GROUP BY k WITH CUBE HAVING k = false ORDER BY n"})
        ),
        json!([{"k": false, "n": 1}, {"k": false, "n": 2}])
    );
}

/// N2: `Date` and `DateTime` keys rolled up are 1970-01-01 in `HAVING`. ClickHouse 25.5.2
/// and 25.8.2 (chDB) agree: `SELECT time, sum(count) AS c FROM key_verifications_per_month_v1
/// GROUP BY time WITH ROLLUP HAVING time > toDate('2000-01-01') ORDER BY time` is the month
/// rows without the 1970 one; `toDate(…) AS d … HAVING d < toDate('2000-01-01')` only it.
#[test]
fn rolled_up_time_keys_are_1970_in_having() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        run(s, "SELECT toDate(fromUnixTimestamp64Milli(time)) AS d, count() AS c FROM key_verifications_v1 GROUP BY d WITH ROLLUP HAVING d < toDate('2000-01-01')"),
        json!([{"c": 4, "d": "1970-01-01T00:00:00Z"}])
    );
    assert_eq!(
        run(s, "SELECT toStartOfDay(fromUnixTimestamp64Milli(time)) AS d, count() AS c FROM key_verifications_v1 GROUP BY d WITH ROLLUP HAVING d < toDateTime('2000-01-01 00:00:00')"),
        json!([{"c": 4, "d": "1970-01-01T00:00:00Z"}])
    );
    let rows = run(s, "SELECT toStartOfDay(fromUnixTimestamp64Milli(time)) AS d, count() AS c FROM key_verifications_v1 GROUP BY d WITH ROLLUP HAVING d > toDateTime('2000-01-01 00:00:00')");
    assert_eq!(rows.as_array().map(Vec::len), Some(1), "{rows}");
    assert_eq!(rows[0]["c"], json!(4));
}

/// N2: an array key rolled up is `[]` in `HAVING`. ClickHouse 25.5.2 and 25.8.2 (chDB)
/// agree: `SELECT tags AS k0, count() AS v FROM key_verifications_v1 GROUP BY k0 WITH CUBE
/// HAVING length(k0) = 0 ORDER BY v` is the untagged rows' group and the total row.
#[test]
fn a_rolled_up_array_key_is_empty_in_having() {
    let r = recorded();
    assert_eq!(
        run(&r.server, "SELECT tags AS k, count() AS c FROM key_verifications_v1 GROUP BY k WITH CUBE HAVING length(k) = 0 ORDER BY c"),
        json!([{"c": 1, "k": []}, {"c": 4, "k": []}])
    );
}

/// N2: `LIMIT … BY` keeps the first row of each value in the order of the rolled-up keys'
/// defaults, and its own key, kept by the group, is its value there (not an expression of
/// the rolled-up keys inside it). ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `SELECT
/// toString(spent_credits) AS k0, spent_credits AS k1, count() AS v … GROUP BY k0, k1 WITH
/// ROLLUP ORDER BY k0, k1, v LIMIT 1 BY k0` keeps `{"k0": "1", "k1": 0, …}`, the row where
/// `k1` is rolled up (unkey-local kept `k1` 1).
#[test]
fn limit_by_reads_the_kept_key_beside_rolled_up_ones() {
    let r = recorded();
    assert_eq!(
        run(&r.server, "SELECT toString(spent_credits) AS k0, spent_credits AS k1, count() AS v FROM key_verifications_v1 GROUP BY k0, k1 WITH ROLLUP ORDER BY k0, k1, v LIMIT 1 BY k0"),
        json!([
            {"k0": "", "k1": 0, "v": 4},
            {"k0": "0", "k1": 0, "v": 1},
            {"k0": "1", "k1": 0, "v": 1},
            {"k0": "10", "k1": 0, "v": 1},
            {"k0": "4", "k1": 0, "v": 1},
        ])
    );
}

/// N2: an aggregate of a key's alias reads the rows, also in the total row. ClickHouse 25.5.2
/// and 25.8.2 (chDB) agree: `SELECT spent_credits AS a, count() c, sum(a) s … GROUP BY a
/// WITH ROLLUP ORDER BY a, c` answers the total row `{"a": 0, "c": 1819, "s": 21}`
/// (unkey-local summed the default, 0).
#[test]
fn an_aggregate_of_a_keys_alias_sums_the_rows() {
    let r = recorded();
    assert_eq!(
        run(&r.server, "SELECT spent_credits AS a, count() AS c, sum(a) AS s FROM key_verifications_v1 GROUP BY a WITH ROLLUP ORDER BY a, c"),
        json!([
            {"a": 0, "c": 1, "s": 0},
            {"a": 0, "c": 4, "s": 15},
            {"a": 1, "c": 1, "s": 1},
            {"a": 4, "c": 1, "s": 4},
            {"a": 10, "c": 1, "s": 10},
        ])
    );
}

/// N1: `WITH ROLLUP|CUBE`, `WITH TOTALS` and `HAVING` together are ClickHouse's
/// NOT_IMPLEMENTED, before any other error of the query (an unknown name, constant keys),
/// which upstream words "Invalid analytics query". ClickHouse 25.5.2 and 25.8.2 (chDB) agree:
/// "WITH TOTALS and WITH ROLLUP or CUBE are not supported together in presence of HAVING".
/// Without the `HAVING`, or with one grouping set, it is answered.
#[test]
fn rollup_with_totals_and_having_is_not_implemented() {
    let r = recorded();
    let s = &r.server;
    for q in [
        "SELECT outcome, count() AS c FROM key_verifications_v1 GROUP BY outcome WITH ROLLUP WITH TOTALS HAVING c > 0 ORDER BY outcome",
        "SELECT outcome, count() AS c FROM key_verifications_v1 GROUP BY outcome WITH CUBE WITH TOTALS HAVING c > 0",
        "SELECT outcome, count() AS c FROM key_verifications_v1 GROUP BY outcome WITH TOTALS WITH ROLLUP HAVING c > 0",
        "SELECT outcome, count() AS c FROM key_verifications_v1 GROUP BY outcome WITH ROLLUP WITH TOTALS HAVING nosuch > 0",
        "SELECT 2 AS two, count() AS c FROM key_verifications_v1 GROUP BY two WITH ROLLUP WITH TOTALS HAVING c > 0",
    ] {
        assert_invalid(s, q);
    }
    assert_eq!(
        run(s, "SELECT outcome, count() AS c FROM key_verifications_v1 GROUP BY outcome WITH ROLLUP WITH TOTALS ORDER BY outcome"),
        json!([{"c": 4, "outcome": ""}, {"c": 4, "outcome": "VALID"}])
    );
    assert_eq!(
        run(s, "SELECT outcome, count() AS c FROM key_verifications_v1 GROUP BY GROUPING SETS ((outcome)) WITH TOTALS HAVING c > 0"),
        json!([{"c": 4, "outcome": "VALID"}])
    );
}

/// N5: a select expression equal to another key after its aliases are read takes that key's
/// value, its default where the group leaves it out. ClickHouse 25.5.2 and 25.8.2 (chDB)
/// agree: `SELECT spent_credits AS a, toString(spent_credits) AS b, toString(a) AS s, count()
/// AS v … GROUP BY a, b WITH ROLLUP` answers `s` `''` where `b` is rolled up
/// (`{"a": 0, "b": "", "s": "", "v": 1805}`, unkey-local answered `"0"`), and so `lower(a)`
/// beside a key `lower(outcome)` where `a` is `outcome`.
#[test]
fn an_expression_equal_to_another_key_takes_its_rolled_up_value() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        sorted(run(s, "SELECT spent_credits AS a, toString(spent_credits) AS b, toString(a) AS s, count() AS v FROM key_verifications_v1 GROUP BY a, b WITH ROLLUP")),
        sorted(json!([
            {"a": 0, "b": "0", "s": "0", "v": 1},
            {"a": 1, "b": "1", "s": "1", "v": 1},
            {"a": 4, "b": "4", "s": "4", "v": 1},
            {"a": 10, "b": "10", "s": "10", "v": 1},
            {"a": 0, "b": "", "s": "", "v": 1},
            {"a": 1, "b": "", "s": "", "v": 1},
            {"a": 4, "b": "", "s": "", "v": 1},
            {"a": 10, "b": "", "s": "", "v": 1},
            {"a": 0, "b": "", "s": "", "v": 4},
        ]))
    );
    assert_eq!(
        sorted(run(s, "SELECT outcome AS a, lower(outcome) AS b, lower(a) AS s, count() AS v FROM key_verifications_v1 GROUP BY a, b WITH ROLLUP")),
        sorted(json!([
            {"a": "VALID", "b": "valid", "s": "valid", "v": 4},
            {"a": "VALID", "b": "", "s": "", "v": 4},
            {"a": "", "b": "", "s": "", "v": 4},
        ]))
    );
}

/// N8: ClickHouse's analyzer takes an injective call (`toString`, `-x`, `concat(x)`) out of
/// a key of `GROUPING SETS` and computes it after aggregating, so in the rows of a set
/// that leaves the key out `toString(x)` is `toString` of `x`'s default. ClickHouse 25.5.2
/// and 25.8.2 (chDB) agree: `SELECT toString(spent_credits) AS k, count() AS v …  GROUP BY
/// GROUPING SETS ((k), ()) ORDER BY k, v` is `[{"0", 1805}, {"0", 1819}, {"1", 10}, …]`
/// (unkey-local answered `""` for the total row); with `WITH ROLLUP` it is `""`.
#[test]
fn grouping_sets_take_injective_calls_out_of_their_keys() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        run(s, "SELECT toString(spent_credits) AS k, count() AS v FROM key_verifications_v1 GROUP BY GROUPING SETS ((k), ()) ORDER BY k, v"),
        json!([
            {"k": "0", "v": 1},
            {"k": "0", "v": 4},
            {"k": "1", "v": 1},
            {"k": "10", "v": 1},
            {"k": "4", "v": 1},
        ])
    );
    assert_eq!(
        run(s, "SELECT toString(toDate(fromUnixTimestamp64Milli(time))) AS k, count() AS v FROM key_verifications_v1 GROUP BY GROUPING SETS ((k), ()) ORDER BY k LIMIT 1"),
        json!([{"k": "1970-01-01", "v": 4}])
    );
    // Not with ROLLUP, CUBE, nor for a call that is not injective.
    assert_eq!(
        run(s, "SELECT toString(spent_credits) AS k, count() AS v FROM key_verifications_v1 GROUP BY k WITH ROLLUP ORDER BY k LIMIT 1"),
        json!([{"k": "", "v": 4}])
    );
    assert_eq!(
        run(s, "SELECT CAST(spent_credits AS String) AS k, count() AS v FROM key_verifications_v1 GROUP BY GROUPING SETS ((k), ()) ORDER BY k LIMIT 1"),
        json!([{"k": "", "v": 4}])
    );
    assert_eq!(
        run(s, "SELECT spent_credits::String AS k, count() AS v FROM key_verifications_v1 GROUP BY GROUPING SETS ((k), ()) ORDER BY k LIMIT 1"),
        json!([{"k": "", "v": 4}])
    );
    assert_eq!(
        run(s, "SELECT spent_credits + 1 AS k, count() AS v FROM key_verifications_v1 GROUP BY GROUPING SETS ((k), ()) ORDER BY k LIMIT 1"),
        json!([{"k": 0, "v": 4}])
    );
}

/// N8: a key of a set that another's is without its injective calls is the same key: in
/// the rows of either set both are read. ClickHouse 25.5.2 and 25.8.2 (chDB) agree:
/// `SELECT -sc AS n, count() c … GROUP BY GROUPING SETS ((n), (sc))` answers `n` -1 and -2
/// in the rows of both sets, and `toString(sc) AS n, sc … GROUPING SETS ((n), (sc))` `sc`
/// in the rows of `(n)`.
#[test]
fn a_key_and_its_injective_call_are_one_key_of_grouping_sets() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        run(s, "SELECT -spent_credits AS n, count() AS c FROM key_verifications_v1 GROUP BY GROUPING SETS ((n), (spent_credits)) ORDER BY n, c"),
        json!([
            {"c": 1, "n": -10}, {"c": 1, "n": -10},
            {"c": 1, "n": -4}, {"c": 1, "n": -4},
            {"c": 1, "n": -1}, {"c": 1, "n": -1},
            {"c": 1, "n": 0}, {"c": 1, "n": 0},
        ])
    );
    assert_eq!(
        run(s, "SELECT toString(spent_credits) AS n, spent_credits, count() AS c FROM key_verifications_v1 GROUP BY GROUPING SETS ((n), (spent_credits)) ORDER BY spent_credits, n"),
        json!([
            {"c": 1, "n": "0", "spent_credits": 0}, {"c": 1, "n": "0", "spent_credits": 0},
            {"c": 1, "n": "1", "spent_credits": 1}, {"c": 1, "n": "1", "spent_credits": 1},
            {"c": 1, "n": "4", "spent_credits": 4}, {"c": 1, "n": "4", "spent_credits": 4},
            {"c": 1, "n": "10", "spent_credits": 10}, {"c": 1, "n": "10", "spent_credits": 10},
        ])
    );
    // In `HAVING` too: the rows of `(outcome)` have `n` '0'.
    assert_eq!(
        run(s, "SELECT toString(spent_credits) AS n, outcome, count() AS c FROM key_verifications_v1 GROUP BY GROUPING SETS ((n), (outcome)) HAVING n = '0' ORDER BY outcome"),
        json!([{"c": 1, "n": "0", "outcome": ""}, {"c": 4, "n": "0", "outcome": "VALID"}])
    );
}

/// N8: a tuple key of `GROUPING SETS` of more than one set, each of whose elements ClickHouse
/// makes a key, is not run.
#[test]
fn a_tuple_key_of_grouping_sets_is_not_run() {
    let r = recorded();
    assert_not_run(
        &r.server,
        "SELECT count() AS c FROM key_verifications_v1 GROUP BY GROUPING SETS (((key_space_id, spent_credits)), ())",
    );
}

/// N25: ClickHouse's analyzer drops an `ORDER BY` item that is a call of columns earlier
/// items sort by (optimize_redundant_functions_in_order_by), which the rows `WITH ROLLUP`
/// adds make visible. ClickHouse 25.5.2 and 25.8.2 (chDB) agree: over `values('sc Int64',
/// 1, 2, 1, 0)`, `SELECT sc, toString(sc) AS t, count() c GROUP BY sc, t WITH ROLLUP ORDER BY
/// sc, t DESC, c DESC` puts the total row `(0, '', 4)` first, as `ORDER BY sc, c DESC`, and
/// `(0, '0', 1)` first with the setting off; with a constant in the call (`concat(t, 'x')`)
/// it sorts by it.
#[test]
fn order_by_drops_calls_of_earlier_columns() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        run(s, "SELECT spent_credits AS k0, toString(spent_credits) AS k1, count() AS v FROM key_verifications_v1 GROUP BY k0, k1 WITH ROLLUP ORDER BY k0, k1 DESC, v DESC LIMIT 1"),
        json!([{"k0": 0, "k1": "", "v": 4}])
    );
    assert_eq!(
        run(s, "SELECT spent_credits AS k0, toString(spent_credits) AS k1, count() AS v FROM key_verifications_v1 GROUP BY k0, k1 WITH ROLLUP ORDER BY 1, 2 DESC, 3 DESC LIMIT 1"),
        json!([{"k0": 0, "k1": "", "v": 4}])
    );
    assert_eq!(
        run(s, "SELECT spent_credits AS k0, toString(spent_credits) AS k1, count() AS v FROM key_verifications_v1 GROUP BY k0, k1 WITH ROLLUP ORDER BY k0, concat(k1, 'x') DESC, v LIMIT 3"),
        json!([
            {"k0": 0, "k1": "", "v": 1},
            {"k0": 0, "k1": "", "v": 4},
            {"k0": 0, "k1": "0", "v": 1},
        ])
    );
}

/// `GROUPING SETS`: a key that is a call of other keys of its set (and constants) is dropped
/// from the set (ClickHouse's optimize_group_by_function_keys, run per set, not beside
/// `WITH ROLLUP|CUBE`), so it is computed from them: in the rows of `((k0, k1), ())` with
/// `k0` `lower(k1)` it is `lower` of `k1`'s value. Where another set keeps it as a key, the
/// rows of the set it was dropped from answer it as the default. ClickHouse 25.5.2 and 25.8.2
/// (chDB) agree: `SELECT upper(s) AS k0, s AS k1, count() c … GROUP BY GROUPING SETS ((k0,
/// k1), (k0))` answers `k0` `''` beside `k1` `'a'`, and `SELECT external_id != '' AS k0,
/// external_id AS k1, … GROUPING SETS ((k1), (k0, k1), ())` `k0` 1 in the rows of `(k1)`.
#[test]
fn grouping_sets_drop_keys_that_are_calls_of_their_sets_keys() {
    let r = recorded();
    let s = &r.server;
    let (a, b) = r.keyspaces.clone();
    // (`key_space_id != ''` of the set `(k1)`'s rows: 1, not `k0`'s default.)
    assert_eq!(
        sorted(run(s, "SELECT key_space_id != '' AS k0, key_space_id AS k1, count() AS c FROM key_verifications_v1 GROUP BY GROUPING SETS ((k1), (k0, k1), ())")),
        sorted(json!([
            {"c": 3, "k0": 1, "k1": a},
            {"c": 1, "k0": 1, "k1": b},
            {"c": 3, "k0": 1, "k1": a},
            {"c": 1, "k0": 1, "k1": b},
            {"c": 4, "k0": 0, "k1": ""},
        ]))
    );
    // A key another set keeps: its default in the rows of the set it was dropped from.
    assert_eq!(
        sorted(run(s, "SELECT upper(outcome) AS k0, outcome AS k1, count() AS c FROM key_verifications_v1 GROUP BY GROUPING SETS ((k0, k1), (k0))")),
        sorted(json!([
            {"c": 4, "k0": "", "k1": "VALID"},
            {"c": 4, "k0": "VALID", "k1": ""},
        ]))
    );
    // With `WITH ROLLUP`, no key is dropped.
    assert_eq!(
        sorted(run(s, "SELECT upper(outcome) AS k0, outcome AS k1, count() AS c FROM key_verifications_v1 GROUP BY k0, k1 WITH ROLLUP")),
        sorted(json!([
            {"c": 4, "k0": "VALID", "k1": "VALID"},
            {"c": 4, "k0": "VALID", "k1": ""},
            {"c": 4, "k0": "", "k1": ""},
        ]))
    );
}

/// A key of `WITH ROLLUP|CUBE` equal to an earlier one through a select-list alias is
/// dropped, as ClickHouse's analyzer drops it. ClickHouse 25.5.2 and 25.8.2 (chDB) agree:
/// `SELECT s AS a, s, count() c … GROUP BY a, s WITH CUBE` is the rows of `a` and the total
/// row only, and `GROUP BY a, sc, s WITH ROLLUP` rolls up `a, sc`.
#[test]
fn a_repeated_rollup_key_is_dropped() {
    let r = recorded();
    assert_eq!(
        run(&r.server, "SELECT outcome AS a, outcome, count() AS c FROM key_verifications_v1 GROUP BY a, outcome WITH ROLLUP ORDER BY a"),
        json!([{"a": "", "c": 4, "outcome": ""}, {"a": "VALID", "c": 4, "outcome": "VALID"}])
    );
    assert_eq!(
        run(&r.server, "SELECT outcome AS a, outcome, count() AS c FROM key_verifications_v1 GROUP BY a, outcome WITH CUBE ORDER BY a"),
        json!([{"a": "", "c": 4, "outcome": ""}, {"a": "VALID", "c": 4, "outcome": "VALID"}])
    );
}

/// N2: a `HAVING` that repeats rows (an `arrayJoin`, of a literal or of an aggregate) reads a
/// rolled-up key as its default too. ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `SELECT
/// key_space_id AS ks, count() AS n … GROUP BY ks WITH ROLLUP HAVING arrayJoin([1, 1, 2]) = 1
/// AND ks = ''` is the total row twice, and `SELECT count() AS n … GROUP BY key_space_id WITH
/// ROLLUP HAVING arrayJoin(groupArray(spent_credits)) > 0 AND key_space_id = ''` the total row
/// once per credit spent above 0.
#[test]
fn a_having_that_repeats_rows_reads_rolled_up_keys() {
    let r = recorded();
    let s = &r.server;
    assert_eq!(
        run(s, "SELECT key_space_id AS ks, count() AS n FROM key_verifications_v1 GROUP BY ks WITH ROLLUP HAVING arrayJoin([1, 1, 2]) = 1 AND ks = '' ORDER BY n"),
        json!([{"ks": "", "n": 4}, {"ks": "", "n": 4}])
    );
    assert_eq!(
        run(s, "SELECT count() AS n FROM key_verifications_v1 GROUP BY key_space_id WITH ROLLUP HAVING arrayJoin(groupArray(spent_credits)) > 0 AND key_space_id = '' ORDER BY n"),
        json!([{"n": 4}, {"n": 4}, {"n": 4}])
    );
}
