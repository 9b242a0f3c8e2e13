//! analytics.getVerifications against ClickHouse itself: a `DateTime` of a time zone other
//! than UTC where only its instant matters (an epoch number, a comparison, `count`) or as the
//! value of `min`/`max`. Each case was run on ClickHouse 25.5.2 and 25.8.2 (chDB, bracketing
//! upstream's 25.6) over upstream's schema, and the answers below are theirs where both agree.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::analytics::{assert_not_run, run};
use common::Server;
use serde_json::json;

/// 2027-03-27 22:30, 2027-03-28 00:30 and 2027-03-28 22:30 UTC, in ms: Europe/Berlin's days
/// 27 (23:30 CET), 28 (01:30 CET) and 29 (00:30 CEST), across its DST change of 2027-03-28
/// 01:00 UTC.
const AROUND_BERLIN_DST: [i64; 3] = [1_806_186_600_000, 1_806_193_800_000, 1_806_273_000_000];

/// A server with a frozen clock and one verification at each of [`AROUND_BERLIN_DST`].
fn around_dst() -> Server {
    verified_at(&AROUND_BERLIN_DST)
}

/// A server with a frozen clock and one verification at each of `times` (ms).
fn verified_at(times: &[i64]) -> Server {
    let s = Server::start(&["--analytics", "--frozen-clock"]);
    let set = |ms: i64| {
        let r = s.request(
            "POST",
            "/_local/clock",
            &[],
            json!({ "set": ms }).to_string().as_bytes(),
        );
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    };
    set(times[0]);
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    for &ms in times {
        set(ms);
        s.verify(json!({"key": k}));
    }
    s
}

/// A zoned time converted to an epoch number (`toUnixTimestamp64Milli`, `toInt64`,
/// `toInt32`, `toFloat64`) reads only its instant, so is answered anywhere, `WHERE` included.
/// ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `toUnixTimestamp64Milli(toDateTime64('2027-04-01',
/// 3, 'America/New_York'))` is 1806552000000, `toInt64(toDateTime('2027-03-28 12:00:00',
/// 'Europe/Berlin'))` 1806228000 (CEST), `toInt32(toStartOfDay(toDateTime('2027-03-14
/// 12:00:00'), 'America/New_York'))` 1805000400 (EST), `toFloat64(toDateTime64('2027-03-14
/// 02:30:00.25', 3, 'America/New_York'))` 1805005800.25 (a time in the DST gap, read as the
/// hour after), `count(toDateTime(…, 'Europe/Berlin'))` counts rows.
#[test]
fn a_zoned_time_read_as_an_epoch_number_is_answered() {
    let s = around_dst();
    assert_eq!(
        run(
            &s,
            "SELECT toUnixTimestamp64Milli(toDateTime64('2027-04-01', 3, 'America/New_York')) AS a, toInt64(toDateTime('2027-03-28 12:00:00', 'Europe/Berlin')) AS b, toInt32(toStartOfDay(toDateTime('2027-03-14 12:00:00'), 'America/New_York')) AS e, toFloat64(toDateTime64('2027-03-14 02:30:00.25', 3, 'America/New_York')) AS f, count(toDateTime('2027-03-28 12:00:00', 'Europe/Berlin')) AS c FROM key_verifications_v1"
        ),
        json!([{"a": 1_806_552_000_000_i64, "b": 1_806_228_000, "e": 1_805_000_400, "f": 1_805_005_800.25, "c": 3}])
    );
    // 2027-03-28 03:00 CEST is 01:00 UTC: only the last verification is at or after it.
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE time >= toUnixTimestamp64Milli(toDateTime64('2027-03-28 03:00:00', 3, 'Europe/Berlin'))"
        ),
        json!([{"n": 1}])
    );
}

/// Day buckets of Europe/Berlin across its DST change, as epoch seconds (the day of 2027-03-28
/// starts at 23:00 UTC of the 27th, the next at 22:00 UTC of the 28th), and as the bucket's
/// `max`, answered in the zone with its offset; a subquery's zoned column read as a number.
/// ClickHouse 25.5.2 and 25.8.2 (chDB) agree on the same three instants: keys 1806102000,
/// 1806188400, 1806271200, `max` `2027-03-27/28/29 00:00:00` of `DateTime('Europe/Berlin')`.
#[test]
fn zoned_day_buckets_across_a_dst_change_read_as_numbers_and_by_max() {
    let s = around_dst();
    assert_eq!(
        run(
            &s,
            "SELECT toInt64(toStartOfDay(fromUnixTimestamp64Milli(time), 'Europe/Berlin')) AS d, max(toStartOfDay(fromUnixTimestamp64Milli(time), 'Europe/Berlin')) AS m, count() AS n FROM key_verifications_v1 GROUP BY d ORDER BY d"
        ),
        json!([
            {"d": 1_806_102_000, "m": "2027-03-27T00:00:00+01:00", "n": 1},
            {"d": 1_806_188_400, "m": "2027-03-28T00:00:00+01:00", "n": 1},
            {"d": 1_806_271_200, "m": "2027-03-29T00:00:00+02:00", "n": 1}
        ])
    );
    assert_eq!(
        run(
            &s,
            "SELECT toInt64(d) AS s, count() AS n FROM (SELECT toStartOfDay(fromUnixTimestamp64Milli(time), 'Europe/Berlin') AS d FROM key_verifications_v1) WHERE d > toDateTime('2027-03-28 00:00:00') GROUP BY s ORDER BY s"
        ),
        json!([{"s": 1_806_271_200, "n": 1}])
    );
}

/// `min`/`max` of a zoned time keep its type and zone: answered with the zone's offset, and
/// compared with another time in `HAVING`. ClickHouse 25.5.2 and 25.8.2 (chDB) agree:
/// `min(toDateTime64(fromUnixTimestamp64Milli(t), 3, 'Europe/Berlin'))` of the three instants
/// is `2027-03-27 23:30:00.000` of `DateTime64(3, 'Europe/Berlin')`.
#[test]
fn min_and_max_of_a_zoned_time_keep_its_zone() {
    let s = around_dst();
    assert_eq!(
        run(
            &s,
            "SELECT min(toDateTime64(fromUnixTimestamp64Milli(time), 3, 'Europe/Berlin')) AS b FROM key_verifications_v1"
        ),
        json!([{"b": "2027-03-27T23:30:00+01:00"}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 HAVING max(toStartOfDay(fromUnixTimestamp64Milli(time), 'Europe/Berlin')) > toDateTime('2027-03-28 12:00:00')"
        ),
        json!([{"n": 3}])
    );
}

/// A string compared with the `min`/`max` of a zoned time, or with a subquery's zoned column,
/// is read by ClickHouse in that zone (`HAVING max(toStartOfDay(…, 'Asia/Tokyo')) =
/// '2027-05-04 00:00:00'` matches the Tokyo midnight in ClickHouse 25.5.2 and 25.8.2, chDB):
/// not run here.
#[test]
fn a_string_compared_with_a_zoned_aggregate_or_column_is_not_run() {
    let s = around_dst();
    assert_not_run(
        &s,
        "SELECT key_id FROM key_verifications_v1 GROUP BY key_id HAVING max(toStartOfDay(fromUnixTimestamp64Milli(time), 'Asia/Tokyo')) = '2027-05-04 00:00:00'",
    );
    assert_not_run(
        &s,
        "SELECT key_id, max(toStartOfDay(fromUnixTimestamp64Milli(time), 'Asia/Tokyo')) AS m FROM key_verifications_v1 GROUP BY key_id HAVING m = '2027-05-04 00:00:00'",
    );
    assert_not_run(
        &s,
        "SELECT count() AS n FROM (SELECT toStartOfDay(fromUnixTimestamp64Milli(time), 'Asia/Tokyo') AS d FROM key_verifications_v1) WHERE d = '2027-03-10 00:00:00'",
    );
}

/// `toStartOfDay/Hour/Minute` without a zone of their own floor a zoned time in its zone and
/// keep it; `+ INTERVAL 1 DAY` of that moves by a calendar day in the zone, across a DST
/// change. ClickHouse 25.5.2 and 25.8.2 (chDB) agree:
/// `toStartOfHour(toDateTime('2027-03-28 03:30:00', 'Europe/Berlin'))` is
/// `2027-03-28T03:00:00+02:00`, `toStartOfDay(toDateTime('2027-03-28 12:00:00',
/// 'Europe/Berlin')) + INTERVAL 1 DAY` `2027-03-29T00:00:00+02:00`,
/// `toStartOfDay(toDateTime('2027-03-14 12:00:00', 'America/New_York')) - INTERVAL 1 DAY`
/// `2027-03-13T00:00:00-05:00`; over the three instants of [`AROUND_BERLIN_DST`] the day
/// buckets are the 27th and 28th at +01:00 and the 29th at +02:00.
#[test]
fn start_of_a_unit_of_a_zoned_time_keeps_its_zone() {
    let s = around_dst();
    assert_eq!(
        run(
            &s,
            "SELECT toStartOfHour(toDateTime('2027-03-28 03:30:00', 'Europe/Berlin')) AS a, toStartOfDay(toDateTime('2027-03-28 12:00:00', 'Europe/Berlin')) + INTERVAL 1 DAY AS b, toStartOfDay(toDateTime('2027-03-14 12:00:00', 'America/New_York')) - INTERVAL 1 DAY AS c FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"a": "2027-03-28T03:00:00+02:00", "b": "2027-03-29T00:00:00+02:00", "c": "2027-03-13T00:00:00-05:00"}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT toStartOfDay(toDateTime(fromUnixTimestamp64Milli(time), 'Europe/Berlin')) AS d, count() AS n FROM key_verifications_v1 GROUP BY d ORDER BY d"
        ),
        json!([
            {"d": "2027-03-27T00:00:00+01:00", "n": 1},
            {"d": "2027-03-28T00:00:00+01:00", "n": 1},
            {"d": "2027-03-29T00:00:00+02:00", "n": 1}
        ])
    );
}

/// `WITH FILL` over a zoned bucket key whose steps are instants (none: one second; a number of
/// seconds; an `INTERVAL` of hours, minutes or seconds): the filled rows are answered in the
/// zone, across its DST change. ClickHouse 25.5.2 and 25.8.2 (chDB) agree: the hours of
/// 2027-03-28 00:10 and 03:10 UTC in Europe/Berlin filled by `STEP INTERVAL 1 HOUR` are
/// 01:00 CET, 03:00 and 04:00 CEST (empty) and 05:00 CEST. A step of a day or more, which
/// ClickHouse takes in the zone's calendar, is not run.
#[test]
fn with_fill_over_a_zoned_bucket_by_hours_crosses_dst() {
    let s = verified_at(&[1_806_192_600_000, 1_806_203_400_000]);
    assert_eq!(
        run(
            &s,
            "SELECT toStartOfHour(fromUnixTimestamp64Milli(time), 'Europe/Berlin') AS b, count() AS n FROM key_verifications_v1 GROUP BY b ORDER BY b WITH FILL STEP INTERVAL 1 HOUR"
        ),
        json!([
            {"b": "2027-03-28T01:00:00+01:00", "n": 1},
            {"b": "2027-03-28T03:00:00+02:00", "n": 0},
            {"b": "2027-03-28T04:00:00+02:00", "n": 0},
            {"b": "2027-03-28T05:00:00+02:00", "n": 1}
        ])
    );
    assert_eq!(
        run(
            &s,
            "SELECT toStartOfHour(toDateTime(fromUnixTimestamp64Milli(time), 'Europe/Berlin')) AS b FROM key_verifications_v1 GROUP BY b ORDER BY b WITH FILL STEP 7200"
        ),
        json!([
            {"b": "2027-03-28T01:00:00+01:00"},
            {"b": "2027-03-28T04:00:00+02:00"},
            {"b": "2027-03-28T05:00:00+02:00"}
        ])
    );
    assert_not_run(
        &s,
        "SELECT toStartOfDay(fromUnixTimestamp64Milli(time), 'Europe/Berlin') AS b, count() AS n FROM key_verifications_v1 GROUP BY b ORDER BY b WITH FILL STEP INTERVAL 1 DAY",
    );
}
