//! analytics.getVerifications over joins, scalar subqueries and `IN` subqueries, answered as
//! upstream's ClickHouse 25.6 answers them. Each case cites the differential harness's cause
//! (W1 … W35, `tests/reference/engine_diff/minimal.py`) and the answers ClickHouse 25.5.2 and 25.8.2 (chDB)
//! agree on. The code and wording are ours.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::analytics::{assert_invalid, assert_not_run, recorded as recorded_keys, refused, run};
use common::Server;
use serde_json::json;

/// The server of `common::analytics::Recorded` and its two keys' ids.
fn recorded() -> (Server, String, String) {
    let r = recorded_keys();
    (r.server, r.key_ids.0, r.key_ids.1)
}

/// W32: a scalar subquery that answers more than one row is ClickHouse's
/// INCORRECT_RESULT_OF_SCALAR_SUBQUERY ("Scalar subquery returned more than one row"),
/// upstream's "Invalid analytics query", where no row reaches it too (its analyzer runs it);
/// it took the first row here. ClickHouse 25.5.2 and 25.8.2 (chDB) agree on
/// `SELECT (SELECT outcome FROM key_verifications_v1) AS x … LIMIT 1` and on `today() +
/// (SELECT toIntervalMonth(1) FROM key_verifications_v1)`. One row, or none, is its value.
#[test]
fn scalar_subquery_of_several_rows_is_clickhouses_error() {
    let (s, _, _) = recorded();
    for q in [
        "SELECT (SELECT outcome FROM key_verifications_v1) AS x FROM key_verifications_v1 LIMIT 1",
        "SELECT (SELECT outcome FROM key_verifications_v1) AS x FROM key_verifications_v1 WHERE 1 = 0",
        "SELECT today() + (SELECT toIntervalMonth(1) FROM key_verifications_v1) AS b FROM key_verifications_v1 LIMIT 1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits = (SELECT spent_credits FROM key_verifications_v1)",
    ] {
        assert_invalid(&s, q);
    }
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits = (SELECT max(spent_credits) FROM key_verifications_v1)"
        ),
        json!([{"n": 1}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT (SELECT spent_credits FROM key_verifications_v1 WHERE spent_credits > 100) AS x FROM key_verifications_v1 LIMIT 1"
        )
        .as_array()
        .unwrap()
        .len(),
        1
    );
    // (The set of an `IN` may hold many.)
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits IN (SELECT spent_credits FROM key_verifications_v1)"
        ),
        json!([{"n": 4}])
    );
}

/// W2: upstream writes `<source>.workspace_id = '<workspace>' AND (…)` into the `WHERE` for
/// every public table a `SELECT`'s `FROM` names, the joined ones too; a row an outer join
/// leaves a table unmatched in has its defaults (`workspace_id` '') and is dropped there.
/// ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `… k LEFT JOIN key_verifications_per_day_v1 d
/// ON k.key_id = d.key_id AND d.outcome = 'NOPE'` answers no row, a `LEFT ASOF JOIN` of the
/// raw table to itself 1788 of its 1819 rows (those with an earlier verification of the same
/// key), a `LEFT ANTI JOIN` of two tables none. A subquery's table is filtered inside it,
/// so a join of a subquery keeps its unmatched rows.
#[test]
fn outer_join_of_a_public_table_keeps_no_unmatched_row() {
    let (s, _, _) = recorded();
    for q in [
        "SELECT k.outcome AS a, d.outcome AS b FROM key_verifications_v1 AS k LEFT JOIN key_verifications_per_day_v1 AS d ON k.key_id = d.key_id AND d.outcome = 'NOPE'",
        "SELECT k.outcome AS a FROM key_verifications_v1 AS k RIGHT JOIN key_verifications_v1 AS d ON k.key_id = d.key_id AND k.outcome = 'NOPE'",
        "SELECT k.outcome AS a FROM key_verifications_v1 AS k FULL JOIN key_verifications_v1 AS d ON k.key_id = d.key_id AND k.outcome = 'NOPE'",
        "SELECT k.outcome AS a FROM (SELECT 'x' AS key_id) AS x LEFT JOIN key_verifications_v1 AS k ON k.key_id = x.key_id",
    ] {
        assert_eq!(run(&s, q), json!([]), "{q}");
    }
    for (q, n) in [
        // Key A's verifications of 4 and 10 credits have one of fewer.
        ("SELECT count() AS n FROM key_verifications_v1 a LEFT ASOF JOIN key_verifications_v1 b ON a.key_id = b.key_id AND b.spent_credits < a.spent_credits", 2),
        ("SELECT count() AS n FROM key_verifications_v1 a LEFT ANTI JOIN key_verifications_v1 b ON a.key_id = b.key_id AND b.outcome = 'NOPE'", 0),
        ("SELECT count() AS n FROM key_verifications_v1 a LEFT ANY JOIN key_verifications_v1 b ON a.key_id = b.key_id AND b.spent_credits = 4", 3),
        // A subquery's unmatched rows stay.
        ("SELECT count() AS n FROM key_verifications_v1 a LEFT JOIN (SELECT 'x' AS key_id) b ON a.key_id = b.key_id", 4),
        ("SELECT count() AS n FROM (SELECT 'x' AS key_id) b RIGHT JOIN key_verifications_v1 a ON a.key_id = b.key_id", 4),
    ] {
        assert_eq!(run(&s, q), json!([{"n": n}]), "{q}");
    }
}

/// W1: an unqualified column both sides of a single join have is the left side's
/// (`single_join_prefer_left_table`); where the two sources are the same table (or CTE, or
/// subqueries written alike) the column is one, read from the right side where only the left
/// one has an alias; of two joins or more, different sources make it ambiguous
/// (AMBIGUOUS_IDENTIFIER, "Invalid analytics query"). It was SQLite's ambiguity here, in
/// every case. ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `… k INNER JOIN
/// key_verifications_v1 d ON k.request_id = d.request_id WHERE spent_credits > 0` counts 14
/// rows of the harness's data, and three self-joins too; `x JOIN y … JOIN z` of three
/// different subqueries is error 207; `c AS a JOIN c` of a CTE reads `c`'s column, `c JOIN c
/// AS b` `c`'s.
#[test]
fn unqualified_column_of_both_join_sides_is_resolved_as_clickhouse() {
    let (s, _, _) = recorded();
    let pairs = |q: &str| run(&s, q);
    // The left one, of a single join of different tables.
    assert_eq!(
        pairs(
            "SELECT spent_credits AS c, count() AS n FROM key_verifications_v1 AS k INNER JOIN key_verifications_per_day_v1 AS d ON k.key_id = d.key_id GROUP BY c ORDER BY c"
        ),
        pairs(
            "SELECT k.spent_credits AS c, count() AS n FROM key_verifications_v1 AS k INNER JOIN key_verifications_per_day_v1 AS d ON k.key_id = d.key_id GROUP BY c ORDER BY c"
        )
    );
    assert_eq!(
        pairs(
            "SELECT count() AS n FROM key_verifications_v1 AS k INNER JOIN key_verifications_v1 AS d ON k.key_id = d.key_id WHERE spent_credits > 4"
        ),
        json!([{"n": 3}])
    );
    // Of the same table: the right one where only the left one has an alias.
    assert_eq!(
        pairs(
            "SELECT k.spent_credits AS a, spent_credits AS b FROM key_verifications_v1 AS k INNER JOIN key_verifications_v1 ON k.key_id = key_verifications_raw_v2.key_id WHERE k.spent_credits = 10 ORDER BY b"
        ),
        json!([{"a": 10, "b": 1}, {"a": 10, "b": 4}, {"a": 10, "b": 10}])
    );
    assert_eq!(
        pairs(
            "SELECT d.spent_credits AS a, spent_credits AS b FROM key_verifications_v1 INNER JOIN key_verifications_v1 AS d ON key_verifications_raw_v2.key_id = d.key_id WHERE d.spent_credits = 10 ORDER BY b"
        ),
        json!([{"a": 10, "b": 1}, {"a": 10, "b": 4}, {"a": 10, "b": 10}])
    );
    // Three self-joins: one column.
    assert_eq!(
        pairs(
            "SELECT count() AS n FROM key_verifications_v1 AS k INNER JOIN key_verifications_v1 AS d ON k.request_id = d.request_id INNER JOIN key_verifications_v1 AS e ON k.request_id = e.request_id WHERE spent_credits > 4"
        ),
        json!([{"n": 1}])
    );
    // Three different tables: ambiguous.
    assert_invalid(
        &s,
        "SELECT count() AS n FROM key_verifications_v1 AS k INNER JOIN key_verifications_per_day_v1 AS d ON k.key_id = d.key_id INNER JOIN key_verifications_per_hour_v1 AS h ON h.key_id = d.key_id WHERE outcome = 'VALID'",
    );
    // A CTE joined to itself.
    assert_eq!(
        pairs(
            "WITH c AS (SELECT spent_credits AS n FROM key_verifications_v1) SELECT n FROM c AS a JOIN c ON a.n = c.n + 6 ORDER BY n"
        ),
        json!([{"n": 4}])
    );
    assert_eq!(
        pairs(
            "WITH c AS (SELECT spent_credits AS n FROM key_verifications_v1) SELECT n FROM c JOIN c AS b ON c.n = b.n + 6 ORDER BY n"
        ),
        json!([{"n": 10}])
    );
}

/// W1: the `USING` column of a join with a strictness (`LEFT ANY`, `RIGHT ANY`, `RIGHT ANTI`,
/// `ASOF`, …), unqualified, is the left side's, of a `RIGHT` join the right side's (of one
/// type on both sides); it was SQLite's ambiguity here (the strictness's `USING` is an `ON`
/// in SQLite). ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `k` of `(SELECT 1 AS k UNION ALL
/// SELECT 2) a RIGHT ANY JOIN (SELECT 2 AS k UNION ALL SELECT 3) b USING (k)` is 2 and 3, of
/// a `LEFT ANY JOIN` 1 and 2, of a `RIGHT ANTI JOIN` 3; the harness's `SELECT key_id, a.c,
/// b.s FROM (…) AS a LEFT ANY JOIN (…) AS b USING (key_id)` answers every left key.
#[test]
fn using_column_of_a_join_with_a_strictness_is_its_sides() {
    let (s, a_id, _) = recorded();
    let a = "(SELECT 1 AS k UNION ALL SELECT 2 AS k)";
    let b = "(SELECT 2 AS k UNION ALL SELECT 3 AS k)";
    for (join, ks) in [
        ("LEFT ANY JOIN", json!([{"k": 1}, {"k": 2}])),
        ("RIGHT ANY JOIN", json!([{"k": 2}, {"k": 3}])),
        ("RIGHT ANTI JOIN", json!([{"k": 3}])),
        ("LEFT ANTI JOIN", json!([{"k": 1}])),
        ("RIGHT SEMI JOIN", json!([{"k": 2}])),
    ] {
        let q = format!("SELECT k FROM {a} a {join} {b} b USING (k) ORDER BY k");
        assert_eq!(run(&s, &q), ks, "{q}");
    }
    // Key A's three verifications spent 15 credits.
    assert_eq!(
        run(
            &s,
            "SELECT key_id, a.c AS c, b.s AS s FROM (SELECT key_id, count() AS c FROM key_verifications_v1 GROUP BY key_id) AS a LEFT ANY JOIN (SELECT key_id, sum(spent_credits) AS s FROM key_verifications_v1 WHERE spent_credits > 0 GROUP BY key_id) AS b USING (key_id) ORDER BY c DESC"
        )[0],
        json!({"key_id": a_id, "c": 3, "s": 15})
    );
}

/// W21: a subquery joined without an alias (a comma, `JOIN`, `CROSS JOIN`, either side) is
/// ClickHouse's ALIAS_REQUIRED ("no alias for subquery or table function",
/// `joined_subquery_requires_alias`), upstream's "Invalid analytics query"; it was answered
/// here. ClickHouse 25.5.2 and 25.8.2 (chDB) agree on `SELECT key_id, avg_c FROM (SELECT
/// key_id FROM key_verifications_v1) CROSS JOIN (SELECT 1 AS avg_c) LIMIT 1` (code 206).
/// The right side's own errors come first (its unknown identifier); a subquery alone, or
/// with an `ARRAY JOIN`, needs none.
#[test]
fn joined_subquery_without_alias_is_clickhouses_error() {
    let (s, _, _) = recorded();
    for q in [
        "SELECT key_id, avg_c FROM (SELECT key_id FROM key_verifications_v1) CROSS JOIN (SELECT 1 AS avg_c) LIMIT 1",
        "SELECT count() AS n FROM key_verifications_v1 a JOIN (SELECT 'x' AS k) ON a.key_id = k",
        "SELECT count() AS n FROM (SELECT key_id FROM key_verifications_v1), (SELECT 1 AS one)",
        "SELECT count() AS n FROM (SELECT key_id FROM key_verifications_v1) JOIN key_verifications_v1 AS b USING (key_id)",
    ] {
        assert_invalid(&s, q);
    }
    assert_eq!(
        refused(
            &s,
            "SELECT count() AS n FROM key_verifications_v1 a JOIN (SELECT nosuch) ON 1 = 1"
        )
        .1,
        "Unknown identifier in analytics query"
    );
    assert_eq!(
        run(
            &s,
            "SELECT count() AS n FROM (SELECT tags FROM key_verifications_v1) ARRAY JOIN tags AS t"
        ),
        json!([{"n": 4}])
    );
}

/// W31: an `arrayJoin` call in a join's `ON` that the query also reads outside that `ON`
/// (the select list's same call, or its alias read in the `ON`) is refused as not run:
/// ClickHouse expands the `ON`'s ahead of the join and the other one again after it, over each
/// joined row's whole array (an unmatched row's empty default drops that row), where it was
/// one element here. ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `… g LEFT JOIN (SELECT tags
/// …) v ON g.tag = arrayJoin(v.tags)` selecting `arrayJoin(v.tags)` answers no row of the
/// harness's data (it answered a row per tag here), and of an inner join each matched row's
/// every tag. Read in the `ON` only, it is run, of either side and any join.
#[test]
fn array_join_in_on_read_again_outside_it_is_not_run() {
    let (s, _, _) = recorded();
    for q in [
        "SELECT g.tag AS tag, arrayJoin(v.tags) AS t FROM (SELECT 't2' AS tag UNION ALL SELECT 't9' AS tag) g LEFT JOIN (SELECT tags, spent_credits FROM key_verifications_v1) v ON g.tag = arrayJoin(v.tags) ORDER BY tag, t",
        "SELECT g.n AS n, arrayJoin([v.spent_credits, 100]) AS c FROM (SELECT 4 AS n UNION ALL SELECT 9 AS n) g LEFT JOIN (SELECT tags, spent_credits FROM key_verifications_v1) v ON g.n = arrayJoin([v.spent_credits, 100]) ORDER BY n, c",
        "SELECT g.tag AS tag, arrayJoin(v.tags) AS t FROM (SELECT 't2' AS tag) g JOIN (SELECT tags FROM key_verifications_v1) v ON g.tag = arrayJoin(v.tags) ORDER BY t",
        "SELECT arrayJoin(v.tags) AS t, count() AS n FROM (SELECT tags FROM key_verifications_v1) v JOIN (SELECT 't2' AS tag) g ON t = g.tag GROUP BY t",
    ] {
        assert_not_run(&s, q);
    }
    assert_eq!(
        run(
            &s,
            "SELECT v.spent_credits AS c, g.tag AS tag FROM (SELECT tags, spent_credits FROM key_verifications_v1) v LEFT JOIN (SELECT 't2' AS tag) g ON arrayJoin(v.tags) = g.tag ORDER BY c, tag"
        ),
        json!([{"c": 0, "tag": "t2"}, {"c": 1, "tag": ""}, {"c": 4, "tag": ""}, {"c": 4, "tag": "t2"}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT g.tag AS tag FROM (SELECT 't1' AS tag UNION ALL SELECT 't3' AS tag) g LEFT ANTI JOIN (SELECT tags FROM key_verifications_v1) v ON g.tag = arrayJoin(v.tags)"
        ),
        json!([{"tag": "t3"}])
    );
}

/// W23: a `DateTime` `IN` a subquery's `Date`s is its day in ClickHouse's rows (as here), but
/// in the `WHERE` of a `SELECT` that reads a table its index analysis meets the Dates'
/// midnights with the table's sort key and skips parts by them: refused as not run there.
/// ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `SELECT count() FROM
/// key_verifications_per_hour_v1 WHERE time IN (SELECT max(time) FROM
/// key_verifications_per_day_v1)` counts 0 of the harness's data (29 were answered here),
/// `countIf(time IN (…))` over the same rows 29. (Here every verification is of one hour,
/// four rows of the hourly rollup.)
#[test]
fn datetime_in_subquery_of_dates_in_a_tables_where_is_not_run() {
    let (s, _, _) = recorded();
    assert_not_run(
        &s,
        "SELECT count() AS n FROM key_verifications_per_hour_v1 WHERE time IN (SELECT max(time) FROM key_verifications_per_day_v1)",
    );
    assert_not_run(
        &s,
        "SELECT count() AS n FROM key_verifications_per_hour_v1 WHERE key_id != '' AND (time IN (SELECT max(time) FROM key_verifications_per_day_v1))",
    );
    assert_eq!(
        run(
            &s,
            "SELECT countIf(time IN (SELECT max(time) FROM key_verifications_per_day_v1)) AS n FROM key_verifications_per_hour_v1"
        ),
        json!([{"n": 4}])
    );
}

/// W29: a `DateTime64` `IN` a subquery of integers, `Date`s or `DateTime`s meets each as a
/// `DateTime64` of it, exactly: a fraction of a second matches no whole second. Here it was
/// cut to its whole seconds (or its day, its second). ClickHouse 25.5.2 and 25.8.2 (chDB)
/// agree: `toDateTime64('2030-03-31 12:00:00.9', 1) IN (SELECT 1901188800)` is 0 (`…00` 1,
/// `NOT IN` 1), `toDateTime64('1969-12-31 23:59:59', 1) IN (SELECT -1)` 1, a `DateTime64` of
/// `…12:00:00.5` in `(SELECT toDateTime('2030-03-31 12:00:00'))` and in `(SELECT
/// toDate('2030-03-31'))` 0, of `…00:00:00` in the latter 1.
#[test]
fn datetime64_in_subquery_of_integers_or_times_compares_exactly() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(
            &s,
            "SELECT toDateTime64('2030-03-31 12:00:00.9', 1) IN (SELECT 1901188800) AS d, toDateTime64('2030-03-31 12:00:00', 1) IN (SELECT 1901188800) AS e, toDateTime64('2030-03-31 12:00:00.9', 1) NOT IN (SELECT 1901188800) AS f, toDateTime64('1969-12-31 23:59:59.5', 1) IN (SELECT -1) AS g, toDateTime64('1969-12-31 23:59:59', 1) IN (SELECT -1) AS h FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"d": 0, "e": 1, "f": 1, "g": 0, "h": 1}])
    );
    assert_eq!(
        run(
            &s,
            "SELECT toDateTime64('2030-03-31 12:00:00.5', 3) IN (SELECT toDateTime('2030-03-31 12:00:00')) AS a, toDateTime64('2030-03-31 12:00:00.5', 3) IN (SELECT toDate('2030-03-31')) AS b, toDateTime64('2030-03-31 00:00:00', 3) IN (SELECT toDate('2030-03-31')) AS c FROM key_verifications_v1 LIMIT 1"
        ),
        json!([{"a": 0, "b": 0, "c": 1}])
    );
}
