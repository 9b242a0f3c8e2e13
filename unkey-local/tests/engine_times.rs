//! analytics.getVerifications: times and intervals answered as ClickHouse 25.6 answers them,
//! where the differential harness (unkey-local against chDB's ClickHouse 25.5.2 and 25.8.2,
//! which bracket upstream's 25.6) found another answer here. Each test names the cause it
//! fixes (W…) and the answer both versions agree on. The code and wording are ours.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::analytics::{assert_invalid, assert_not_run, run};
use common::Server;
use serde_json::json;

/// A server with `--analytics`, its clock frozen at 2030-03-31 12:00:00.250 UTC, and one
/// verification recorded then.
fn one_verification() -> Server {
    let s = Server::start(&["--analytics", "--frozen-clock"]);
    let r = s.request(
        "POST",
        "/_local/clock",
        &[],
        json!({ "set": 1_901_188_800_250_i64 })
            .to_string()
            .as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    s.verify(json!({"key": k, "credits": {"cost": 0}}));
    s
}

/// W35: `formatDateTime`'s `%e` is the day of the month without padding, as ClickHouse
/// without `formatdatetime_e_with_space_padding` (off by default) writes it: ClickHouse
/// 25.5.2 and 25.8.2 (chDB) agree, `formatDateTime(toDateTime('2026-12-08 10:00:00'), '%e')`
/// is `'8'` (the 18th `'18'`), where this server wrote `' 8'`.
#[test]
fn format_datetime_e_is_the_day_unpadded() {
    let s = one_verification();
    assert_eq!(
        run(&s, "SELECT formatDateTime(toDateTime('2026-12-08 10:00:00'), '%e') AS a, formatDateTime(toDateTime('2026-12-18 10:00:00'), '[%e]') AS b, formatDateTime(toDate('2026-12-01'), '[%e]') AS c, formatDateTime(now(), '%e|%d') AS d FROM key_verifications_v1"),
        json!([{"a": "8", "b": "[18]", "c": "[1]", "d": "31|31"}])
    );
}

/// W25: a `Date` moved by a number wraps round its `UInt16` of days (ClickHouse's `addDays`),
/// where this server held it at 1970-01-01 and 2149-06-06: ClickHouse 25.5.2 and 25.8.2
/// (chDB) agree, `toDate('2030-03-31') - 30000` is 2127-07-17 and `+ 50000` 1987-09-17,
/// `toDate('1970-01-01') - 1` 2149-06-06, `toDate('2026-01-01') + 100000` 2120-05-12, a float
/// count cut toward zero (`- 1.9` a day back), `+ 9223372036854775807` a day back, `- 1e10`
/// 2045-08-17; a float count outside `Int64` (`+ 1e20`) is DECIMAL_OVERFLOW "Numeric
/// overflow", upstream's "Invalid analytics query".
#[test]
fn date_plus_number_wraps_round_its_days() {
    let s = one_verification();
    assert_eq!(
        run(&s, "SELECT today() - 30000 AS lo, today() + 50000 AS hi, toDate('1970-01-01') - 1 AS a, toDate('2026-01-01') + 100000 AS b, toDate('2026-01-01') - 1.9 AS c, 70000 + toDate('2026-01-01') AS d, toDate('2026-01-01') + 9223372036854775807 AS e, toDate('2026-01-01') - 1e10 AS f FROM key_verifications_v1"),
        json!([{
            "lo": "2127-07-17T00:00:00Z",
            "hi": "1987-09-17T00:00:00Z",
            "a": "2149-06-06T00:00:00Z",
            "b": "2120-05-12T00:00:00Z",
            "c": "2025-12-31T00:00:00Z",
            "d": "2038-03-23T00:00:00Z",
            "e": "2025-12-31T00:00:00Z",
            "f": "2045-08-17T00:00:00Z",
        }])
    );
    // (Of a column: the row's count.)
    assert_eq!(
        run(&s, "SELECT toDate('2026-01-01') + (spent_credits + 1) * 100000 AS a FROM key_verifications_v1"),
        json!([{"a": "2120-05-12T00:00:00Z"}])
    );
    assert_invalid(
        &s,
        "SELECT toDate('2026-01-01') + 1e20 AS a FROM key_verifications_v1",
    );
}

/// W26: `toDateTime(d, zone)` and `toStartOfDay(d, zone)` of the `Date` 1970-01-01 in a zone
/// east of UTC, whose day starts before 1970, is the next day's start there, and a `Date`
/// compared with a `DateTime` of such a zone is cast so: ClickHouse 25.5.2 and 25.8.2 (chDB)
/// agree on 1970-01-02T00:00:00+09:00 for Tokyo (this server wrapped it round to 2106), a
/// zone west of UTC keeps its day (New York's 1970-01-01T00:00:00-05:00).
#[test]
fn date_1970_01_01_of_a_zone_east_of_utc_is_the_next_days_start() {
    let s = one_verification();
    assert_eq!(
        run(&s, "SELECT toDateTime(toDate('1970-01-01'), 'Asia/Tokyo') AS a, toStartOfDay(toDate('1970-01-01'), 'Asia/Tokyo') AS b, toDateTime(toDate('1970-01-02'), 'Asia/Tokyo') AS c, toDateTime(toDate('1970-01-01'), 'America/New_York') AS d, toDateTime('1970-01-02 00:00:00', 'Asia/Tokyo') = toDate('1970-01-01') AS e, toDate('1970-01-01') < toDateTime('1970-01-02 20:00:00', 'Asia/Tokyo') AS f FROM key_verifications_v1"),
        json!([{
            "a": "1970-01-02T00:00:00+09:00",
            "b": "1970-01-02T00:00:00+09:00",
            "c": "1970-01-02T00:00:00+09:00",
            "d": "1970-01-01T00:00:00-05:00",
            "e": 1,
            "f": 1,
        }])
    );
}

/// W28: a time zone after a `Date` in `toStartOfWeek` (after its mode),
/// `toStartOfMonth/Quarter/Year` and `date_trunc` to a week, month, quarter or year is
/// ClickHouse's ILLEGAL_TYPE_OF_ARGUMENT whatever the zone ("The timezone argument of function
/// toStartOfWeek is allowed only when the 1st argument is DateTime or DateTime64"), and so is
/// a string in `toStartOfWeek`'s second place, its mode's ("Illegal type String of 2nd
/// (optional) argument of function toStartOfWeek"), of any time: ClickHouse 25.5.2 and 25.8.2
/// (chDB) agree; upstream answers them "Invalid analytics query". This server answered the
/// `Date`'s week, month, quarter or year. `toDate` and `toStartOfDay` of a `Date` take one,
/// and a `DateTime`'s calendar functions do.
#[test]
fn zone_after_a_date_in_calendar_functions_is_a_type_error() {
    let s = one_verification();
    for query in [
        "SELECT toStartOfWeek(toDate('2026-12-07'), 3, 'UTC') AS a FROM key_verifications_v1",
        "SELECT toStartOfWeek(toDate('2026-12-07'), 1, 'Asia/Tokyo') AS a FROM key_verifications_v1",
        "SELECT toStartOfWeek(toDate('2026-12-07'), 'UTC') AS a FROM key_verifications_v1",
        "SELECT toStartOfWeek(fromUnixTimestamp64Milli(time), 'Asia/Tokyo') AS a FROM key_verifications_v1",
        "SELECT toStartOfMonth(toDate('2026-12-07'), 'UTC') AS a FROM key_verifications_v1",
        "SELECT toStartOfQuarter(today(), 'Etc/UTC') AS a FROM key_verifications_v1",
        "SELECT toStartOfYear(toDate('2026-12-07'), 'Asia/Tokyo') AS a FROM key_verifications_v1",
        "SELECT date_trunc('week', toDate('2026-12-07'), 'Asia/Tokyo') AS a FROM key_verifications_v1",
        "SELECT date_trunc('month', toDate('2026-12-07'), 'UTC') AS a FROM key_verifications_v1",
    ] {
        assert_invalid(&s, query);
    }
    assert_eq!(
        run(&s, "SELECT toStartOfWeek(now(), 1, 'Asia/Tokyo') AS a, toStartOfMonth(now(), 'UTC') AS b, toDate(toDate('2026-12-07'), 'Asia/Tokyo') AS c, toStartOfWeek(toDateTime('2026-12-07 10:00:00'), 3, 'UTC') AS d FROM key_verifications_v1"),
        json!([{
            "a": "2030-03-25T00:00:00Z",
            "b": "2030-03-01T00:00:00Z",
            "c": "2026-12-07T00:00:00Z",
            "d": "2026-12-07T00:00:00Z",
        }])
    );
}

/// W10: an interval converted to a number or a time, or compared with a number or a
/// `DateTime`, is its count in ClickHouse (ClickHouse 25.5.2 and 25.8.2 (chDB) agree:
/// `toInt64(INTERVAL 2 MONTH)` is 2, `toInt32(INTERVAL 1 DAY)` 1, `1 = INTERVAL 1 MONTH` 1,
/// `toDate(INTERVAL 1 DAY)` 1970-01-02, `CAST(INTERVAL 1 DAY AS Int64)` 1, `INTERVAL 1 DAY <
/// now()` 1), where this server answered ClickHouse's type error: not run here. A tuple of
/// intervals converted or compared with a number, an interval against a string or a `Date`,
/// and `toDateTime64` of one stay ClickHouse's errors ("Invalid analytics query").
#[test]
fn interval_converted_to_or_compared_with_a_number_is_not_run() {
    let s = one_verification();
    for query in [
        "SELECT toInt64(INTERVAL 2 MONTH) AS a FROM key_verifications_v1",
        "SELECT toInt32(INTERVAL 1 DAY) AS a FROM key_verifications_v1",
        "SELECT toFloat64(INTERVAL 3 HOUR) AS a FROM key_verifications_v1",
        "SELECT toDate(INTERVAL 1 DAY) AS a FROM key_verifications_v1",
        "SELECT CAST(INTERVAL 1 DAY AS Int64) AS a FROM key_verifications_v1",
        "SELECT toInt64(toIntervalDay(spent_credits)) AS a FROM key_verifications_v1",
        "SELECT 1 = INTERVAL 1 MONTH AS a FROM key_verifications_v1",
        "SELECT INTERVAL 2 DAY > 1 AS a FROM key_verifications_v1",
        "SELECT INTERVAL 1 DAY < now() AS a FROM key_verifications_v1",
    ] {
        let detail = assert_not_run(&s, query);
        assert!(
            detail.contains("an interval converted to a number"),
            "{detail}"
        );
    }
    for query in [
        "SELECT toInt64(toIntervalDay(1) + toIntervalHour(1)) AS a FROM key_verifications_v1",
        "SELECT (INTERVAL 1 DAY + INTERVAL 1 HOUR) = 1 AS a FROM key_verifications_v1",
        "SELECT INTERVAL 1 DAY = '1' AS a FROM key_verifications_v1",
        "SELECT INTERVAL 1 DAY = toDate('1970-01-02') AS a FROM key_verifications_v1",
        "SELECT toDateTime64(INTERVAL 1 DAY, 3) AS a FROM key_verifications_v1",
    ] {
        assert_invalid(&s, query);
    }
    // (Intervals compared with intervals, and a number `IN` a list of them, are answered.)
    assert_eq!(
        run(&s, "SELECT INTERVAL 1 DAY = INTERVAL 24 HOUR AS a, 1 IN (INTERVAL 1 DAY) AS b, toString(INTERVAL 2 DAY) AS c FROM key_verifications_v1"),
        json!([{"a": 1, "b": 1, "c": "2"}])
    );
}

/// W11: `hasAny`/`hasAll` of two arrays of intervals whose elements' common kinds differ are
/// not run: ClickHouse 25.5.2 and 25.8.2 (chDB) agree that `hasAny([INTERVAL 1 DAY],
/// [INTERVAL 24 HOUR])` is 0, as `hasAll([toIntervalDay(2), INTERVAL 48 HOUR], [INTERVAL
/// 172800 SECOND])` (no conversion to a common kind, nor the counts compared as they are:
/// `hasAny([INTERVAL 1 DAY], [INTERVAL 1 HOUR])` is 0 too), where this server answered 1.
/// Arrays of one common kind are answered (`hasAny([INTERVAL 24 HOUR], [INTERVAL 1 DAY,
/// INTERVAL 1 HOUR])` is 1 there).
#[test]
fn has_any_all_of_intervals_of_different_kinds_is_not_run() {
    let s = one_verification();
    for query in [
        "SELECT hasAny([INTERVAL 1 DAY], [INTERVAL 24 HOUR]) AS a FROM key_verifications_v1",
        "SELECT hasAll([toIntervalDay(2), INTERVAL 48 HOUR], [INTERVAL 172800 SECOND]) AS c FROM key_verifications_v1",
        "SELECT hasAny([INTERVAL 1 DAY], [INTERVAL 1 HOUR]) AS a FROM key_verifications_v1",
    ] {
        let detail = assert_not_run(&s, query);
        assert!(detail.contains("hasAny or hasAll"), "{detail}");
    }
    assert_eq!(
        run(&s, "SELECT hasAny([INTERVAL 24 HOUR], [INTERVAL 1 DAY, INTERVAL 1 HOUR]) AS a, hasAll([INTERVAL 2 HOUR], [INTERVAL 1 DAY, INTERVAL 2 HOUR]) AS b, hasAll([INTERVAL 1 YEAR, INTERVAL 3 MONTH], [INTERVAL 1 QUARTER, INTERVAL 12 MONTH]) AS c FROM key_verifications_v1"),
        json!([{"a": 1, "b": 0, "c": 1}])
    );
}

/// W12: a sum of intervals of different kinds whose left side's count varies from row to row
/// and whose right side's is a constant, or a constant tuple plus a varying interval, is
/// ClickHouse's ILLEGAL_COLUMN ("ColumnTuple cannot have ColumnConst as its element"; ClickHouse
/// 25.5.2 and 25.8.2 (chDB) agree), where this server answered the tuple: not run here. The
/// other order, a constant interval first, and varying counts on both sides are answered
/// (`(1,0)` and `(0,0)` there), as is an interval of a tuple's last kind added to it.
#[test]
fn sum_of_a_varying_and_a_constant_interval_is_not_run() {
    let s = one_verification(); // 0 credits
    for query in [
        "SELECT toString(toIntervalDay(spent_credits) + INTERVAL 1 HOUR) AS a FROM key_verifications_v1",
        "SELECT toString(toIntervalDay(spent_credits) - INTERVAL 1 HOUR) AS a FROM key_verifications_v1",
        "SELECT now() + (toIntervalDay(spent_credits) + INTERVAL 1 HOUR) AS a FROM key_verifications_v1",
        "SELECT toString((INTERVAL 1 DAY + INTERVAL 1 HOUR) + toIntervalMinute(spent_credits)) AS a FROM key_verifications_v1",
    ] {
        let detail = assert_not_run(&s, query);
        assert!(detail.contains("a sum of intervals"), "{detail}");
    }
    assert_eq!(
        run(&s, "SELECT toString(INTERVAL 1 HOUR + toIntervalDay(spent_credits)) AS a, toString(toIntervalDay(spent_credits) + toIntervalHour(spent_credits)) AS b, toString(toIntervalDay(spent_credits) + INTERVAL 1 DAY) AS c, now() + toIntervalDay(spent_credits) + INTERVAL 1 HOUR AS d FROM key_verifications_v1"),
        json!([{"a": "(1,0)", "b": "(0,0)", "c": "1", "d": "2030-03-31T13:00:00Z"}])
    );
    assert_eq!(
        run(&s, "SELECT toString(x + INTERVAL 2 HOUR) AS a FROM (SELECT toIntervalDay(1) + toIntervalHour(spent_credits + 1) AS x FROM key_verifications_v1)"),
        json!([{"a": "(1,3)"}])
    );
}

/// W12: a set operation's column of tuples of intervals beside a `NULL` arm has no common
/// type: ClickHouse 25.5.2 and 25.8.2 (chDB) agree on NO_COMMON_TYPE ("There is no supertype
/// for types Tuple(IntervalDay, IntervalHour), Nullable(Nothing) because some of them are Tuple
/// and some of them are not"), upstream's "Invalid analytics query", where this server answered
/// `(1,1)`. One interval beside `NULL` is answered (`Nullable`).
#[test]
fn tuple_of_intervals_beside_null_has_no_common_type() {
    let s = one_verification();
    assert_invalid(
        &s,
        "SELECT toString(x) AS a FROM (SELECT INTERVAL 1 DAY + INTERVAL 1 HOUR AS x FROM key_verifications_v1 UNION ALL SELECT NULL FROM key_verifications_v1) LIMIT 1",
    );
    assert_eq!(
        run(&s, "SELECT toString(x) AS a FROM (SELECT INTERVAL 1 DAY AS x FROM key_verifications_v1 UNION ALL SELECT NULL FROM key_verifications_v1) ORDER BY a"),
        json!([{"a": "1"}, {"a": null}])
    );
}

/// W33: a set operation's interval column whose arms differ in kind is not run: ClickHouse
/// 25.5.2 and 25.8.2 (chDB) agree that `toIntervalMonth(1) … UNION ALL INTERVAL 1 QUARTER …
/// UNION ALL INTERVAL 1 YEAR` is 1 month on every row (`toDate('2030-01-31') + x` 2030-02-28
/// for all), where this server converted the arms (1, 3 and 12 months). Arms of one kind are
/// answered.
#[test]
fn set_operation_of_intervals_of_different_kinds_is_not_run() {
    let s = one_verification();
    let detail = assert_not_run(
        &s,
        "WITH u AS (SELECT toIntervalMonth(1) AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 1 QUARTER AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 1 YEAR AS x FROM key_verifications_v1) SELECT toString(x) AS a, toDate('2030-01-31') + x AS d, count() AS n FROM u GROUP BY a, d ORDER BY d",
    );
    assert!(detail.contains("arms differ in kind"), "{detail}");
    assert_eq!(
        run(&s, "WITH u AS (SELECT toIntervalMonth(1) AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 2 MONTH AS x FROM key_verifications_v1) SELECT toDate('2030-01-31') + x AS d FROM u ORDER BY d"),
        json!([{"d": "2030-02-28T00:00:00Z"}, {"d": "2030-03-31T00:00:00Z"}])
    );
}

/// W12: `if` (and `CASE`, `coalesce`, `any`, `min`, `max`) of tuples of intervals converted to
/// other kinds is not run: ClickHouse 25.5.2 and 25.8.2 (chDB) agree that `now() - if(1 = 1,
/// INTERVAL 1 MONTH + INTERVAL 1 DAY, INTERVAL 1 YEAR + INTERVAL 2 HOUR)` is ILLEGAL_COLUMN
/// ("ColumnTuple cannot have ColumnConst as its element") in a query over a table, where this
/// server answered a time; with a condition that is no constant it answers. Tuples of the
/// same kinds are answered (`(12,2)`).
#[test]
fn if_of_tuples_of_intervals_of_other_kinds_is_not_run() {
    let s = one_verification();
    let detail = assert_not_run(
        &s,
        "SELECT now() - if(1 = 1, INTERVAL 1 MONTH + INTERVAL 1 DAY, INTERVAL 1 YEAR + INTERVAL 2 HOUR) AS a, toString(if(1 = 0, INTERVAL 1 MONTH + INTERVAL 1 DAY, INTERVAL 1 YEAR + INTERVAL 2 HOUR)) AS b FROM key_verifications_v1",
    );
    assert!(detail.contains("tuples of intervals converted"), "{detail}");
    assert_eq!(
        run(&s, "SELECT toString(if(1 = 0, INTERVAL 1 MONTH + INTERVAL 1 DAY, INTERVAL 12 MONTH + INTERVAL 2 DAY)) AS b FROM key_verifications_v1"),
        json!([{"b": "(12,2)"}])
    );
}

/// W27 (investigated): chDB's ClickHouse 25.5.2 and 25.8.2 answer `America/Coyhaique` (added
/// in tzdata 2025b) only by reading the host's zoneinfo directory: with `TZDIR` an empty
/// directory both answer "Cannot load time zone" for it (and for `posix/Asia/Tokyo`), while
/// `Asia/Tokyo`, which they embed, still loads, and their embedded `system.time_zones` lacks
/// it. So the embedded tzdata is 2025a's, as the README says, and what a zone not embedded
/// answers depends on a host this server cannot see: such names are not run, where this
/// server answered "Cannot load time zone". An unknown name stays that error.
#[test]
fn zone_loaded_from_the_hosts_zoneinfo_is_not_run() {
    let s = one_verification();
    for zone in ["America/Coyhaique", "posix/Asia/Tokyo", "localtime"] {
        let detail = assert_not_run(
            &s,
            &format!("SELECT toDate(now(), '{zone}') AS d FROM key_verifications_v1"),
        );
        assert!(detail.contains("does not embed"), "{zone}: {detail}");
    }
    assert_invalid(
        &s,
        "SELECT toDate(now(), 'Nowhere/Zone') AS d FROM key_verifications_v1",
    );
    assert_eq!(
        run(
            &s,
            "SELECT toDate(now(), 'Asia/Tokyo') AS d FROM key_verifications_v1"
        ),
        json!([{"d": "2030-03-31T00:00:00Z"}])
    );
}
