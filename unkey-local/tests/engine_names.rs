//! analytics.getVerifications against ClickHouse itself: the names of unaliased columns, the
//! case of function names, and what ClickHouse's parser reads of the text upstream's parser
//! writes back (`CASE x WHEN`, `.5`). Each case was run on ClickHouse 25.5.2 and 25.8.2 (chDB,
//! bracketing upstream's 25.6) over upstream's schema, and the answers below are theirs
//! where both agree; the causes (W3, W4, W5, W18) are those of the differential harness's
//! findings.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::analytics::{recorded as recorded_keys, refused, run};
use common::Server;
use serde_json::json;

/// The server of `common::analytics::Recorded` and its two key spaces.
fn recorded() -> (Server, String, String) {
    let r = recorded_keys();
    (r.server, r.keyspaces.0, r.keyspaces.1)
}

/// ClickHouse's syntax error as upstream answers it.
fn clickhouse_syntax() -> (String, String) {
    (
        "invalid_analytics_query".into(),
        "Invalid SQL syntax".into(),
    )
}

/// W5: an unaliased call of a function ClickHouse registers without case is named as it is
/// written: `COUNT(*)` is `COUNT()` (upstream's docs write `SELECT COUNT(*) FROM …`),
/// `SUM(x)` `SUM(x)`, `Avg(x)` `Avg(x)`, `NOW()` `NOW()`, `LOWER(x)` `LOWER(x)`. ClickHouse
/// 25.5.2 and 25.8.2 (chDB) agree: `SELECT COUNT(*), SUM(number), Count(), cOuNt(number) FROM
/// numbers(3)` is named `COUNT()`, `SUM(number)`, `Count()`, `cOuNt(number)`.
#[test]
fn unaliased_calls_keep_the_case_they_are_written_in() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT COUNT(*) FROM key_verifications_v1"),
        json!([{"COUNT()": 4}])
    );
    assert_eq!(
        run(&s, "SELECT count(*), Count(), SUM(spent_credits), Avg(spent_credits), MAX(spent_credits), coalesce(NULL, 1), IF(1 = 1, 1, 0) FROM key_verifications_v1"),
        json!([{
            "count()": 4,
            "Count()": 4,
            "SUM(spent_credits)": 15,
            "Avg(spent_credits)": 3.75,
            "MAX(spent_credits)": 10,
            "coalesce(NULL, 1)": 1,
            "IF(equals(1, 1), 1, 0)": 1
        }])
    );
    assert_eq!(
        run(&s, "SELECT LOWER(outcome), Length(outcome), NOW() > toDateTime('2020-01-01 00:00:00') FROM key_verifications_v1 WHERE spent_credits = 4"),
        json!([{
            "LOWER(outcome)": "valid",
            "Length(outcome)": 5,
            "greater(NOW(), toDateTime('2020-01-01 00:00:00'))": 1
        }])
    );
    // Through a `*` over a subquery too.
    assert_eq!(
        run(
            &s,
            "SELECT * FROM (SELECT COUNT(*) FROM key_verifications_v1)"
        ),
        json!([{"COUNT()": 4}])
    );
}

/// W5: `date_trunc` (any case) is named as written, not as the function `dateTrunc` it is an
/// alias of; `trim` and `substring` in any case are ClickHouse's parser's `trimBoth` and
/// `substring`. ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `date_trunc('day', t)`,
/// `DATE_TRUNC('day', t)`, `trimBoth(' a ')` for `TRIM(' a ')`, `substring('abc', 2)` for
/// `SUBSTRING('abc', 2)` and `Substring('abc', 2)`.
#[test]
fn date_trunc_is_named_as_written_and_trim_and_substring_as_parsed() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT date_trunc('day', toDateTime('2030-01-02 03:04:05')), DATE_TRUNC('hour', toDateTime('2030-01-02 03:04:05')), TRIM(outcome), SUBSTRING(outcome, 1, 2), Substring(outcome, 2) FROM key_verifications_v1 WHERE spent_credits = 4"),
        json!([{
            "date_trunc('day', toDateTime('2030-01-02 03:04:05'))": "2030-01-02T00:00:00Z",
            "DATE_TRUNC('hour', toDateTime('2030-01-02 03:04:05'))": "2030-01-02T03:00:00Z",
            "trimBoth(outcome)": "VALID",
            "substring(outcome, 1, 2)": "VA",
            "substring(outcome, 2)": "ALID"
        }])
    );
}

/// W5: a qualified column of a single join whose both sides have it is named without its
/// qualifier on the left side (the bare name binds there, ClickHouse's
/// `single_join_prefer_left_table`) and with it on the right; for a `USING` column the same,
/// but a `RIGHT` join keeps both qualifiers. ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `a.k,
/// b.k` of `t1 a JOIN t2 b ON …` are `k`, `b.k`; of `… LEFT|INNER|FULL JOIN … USING k` `k`,
/// `b.k`; of `… RIGHT JOIN … USING k` `a.k`, `b.k`; of `… RIGHT JOIN … ON …` `k`, `b.k`.
#[test]
fn qualified_columns_of_a_single_join_are_named_by_the_side_the_bare_name_binds_to() {
    let (s, ks_a, _) = recorded();
    assert_eq!(
        run(&s, "SELECT a.key_id = b.key_id, count() FROM key_verifications_v1 a LEFT JOIN (SELECT key_id FROM key_verifications_v1 GROUP BY key_id) b ON a.key_id = b.key_id GROUP BY a.key_id = b.key_id"),
        json!([{"equals(key_id, b.key_id)": 1, "count()": 4}])
    );
    assert_eq!(
        run(&s, &format!("SELECT a.key_space_id, b.key_space_id, count() FROM key_verifications_v1 a LEFT JOIN (SELECT key_space_id FROM key_verifications_v1 GROUP BY key_space_id) b ON a.key_space_id = b.key_space_id WHERE a.key_space_id = '{ks_a}' GROUP BY a.key_space_id, b.key_space_id")),
        json!([{"key_space_id": ks_a, "b.key_space_id": ks_a, "count()": 3}])
    );
    for (join, left) in [
        ("JOIN", "key_space_id"),
        ("LEFT JOIN", "key_space_id"),
        ("FULL JOIN", "key_space_id"),
        ("RIGHT JOIN", "a.key_space_id"),
    ] {
        let rows = run(&s, &format!("SELECT a.key_space_id, b.key_space_id FROM (SELECT DISTINCT key_space_id FROM key_verifications_v1 WHERE key_space_id = '{ks_a}') a {join} (SELECT DISTINCT key_space_id FROM key_verifications_v1 WHERE key_space_id = '{ks_a}') b USING (key_space_id)"));
        assert_eq!(
            rows,
            json!([{left: ks_a, "b.key_space_id": ks_a}]),
            "{join}"
        );
    }
    // `RIGHT JOIN … ON`: the bare name is still the left side's.
    assert_eq!(
        run(&s, &format!("SELECT a.key_space_id, b.key_space_id FROM (SELECT DISTINCT key_space_id FROM key_verifications_v1 WHERE key_space_id = '{ks_a}') a RIGHT JOIN (SELECT DISTINCT key_space_id FROM key_verifications_v1) b ON a.key_space_id = b.key_space_id WHERE a.key_space_id != ''")),
        json!([{"key_space_id": ks_a, "b.key_space_id": ks_a}])
    );
}

/// W5: with two joins or more, a qualified column that two sources have keeps its qualifier
/// (the bare name is ambiguous there), one only one source has loses it; a select-list alias
/// of the same name, in the same case, keeps it. ClickHouse 25.5.2 and 25.8.2 (chDB) agree:
/// `a.x, b.x, c.x` of `t1 a, t2 b, t1 c` all keep theirs, `c.z` of `t1 a, t1 b, t2 c` is
/// `z`; `a.x, y AS x` keeps `a.x`, `a.x, y AS X` is `x`.
#[test]
fn qualified_columns_of_several_joins_and_beside_aliases() {
    let (s, ks_a, _) = recorded();
    let one = format!(
        "(SELECT DISTINCT key_space_id FROM key_verifications_v1 WHERE key_space_id = '{ks_a}')"
    );
    assert_eq!(
        run(
            &s,
            &format!("SELECT a.key_space_id, c.w FROM {one} a, {one} b, (SELECT 1 AS w) c")
        ),
        json!([{"a.key_space_id": ks_a, "w": 1}])
    );
    assert_eq!(
        run(&s, "SELECT v.key_space_id, outcome AS KEY_SPACE_ID FROM key_verifications_v1 v WHERE spent_credits = 4"),
        json!([{"key_space_id": ks_a, "KEY_SPACE_ID": "VALID"}])
    );
    assert_eq!(
        run(&s, "SELECT v.key_space_id, outcome AS key_space_id FROM key_verifications_v1 v WHERE spent_credits = 4"),
        json!([{"v.key_space_id": ks_a, "key_space_id": "VALID"}])
    );
}

/// W5: a `WITH <expression> AS c` beside a qualified `q.c` is not run: ClickHouse names the
/// column `q.c` where the alias is its `SELECT`'s own and `c` where it is an outer query's
/// (ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `WITH 1 AS x SELECT a.x FROM t1 a` is `a.x`,
/// `WITH 1 AS x SELECT * FROM (SELECT a.x FROM t1 a)` is `x`).
#[test]
fn a_qualified_column_beside_a_with_alias_of_its_name_is_not_run() {
    let (s, _, _) = recorded();
    let (ty, detail) = refused(
        &s,
        "WITH 1 AS key_id SELECT v.key_id FROM key_verifications_v1 v",
    );
    assert_eq!(ty, "invalid_analytics_query");
    assert!(detail.starts_with("unkey-local does not run"), "{detail}");
    // Another name is run as before.
    assert_eq!(
        run(&s, "WITH 1 AS one SELECT v.spent_credits + one AS c FROM key_verifications_v1 v WHERE spent_credits = 4"),
        json!([{"c": 5}])
    );
}

/// W3: AfterShip's `String()` writes a `CASE` back with each `WHEN` glued to the text before
/// it (`CASE outcomeWHEN 'VALID' THEN 1WHEN …`); where that text ends in a name, keyword or
/// number ClickHouse's lexer reads one token through the `WHEN` and its parser fails, which
/// upstream answers "Invalid SQL syntax"; after `)`, `]` or a quote it reads the same. ClickHouse
/// 25.5.2 and 25.8.2 (chDB) agree: `CASE numberWHEN 0 THEN 1 END`, `THEN 1WHEN`, `THEN
/// NULLWHEN`, `THEN 1.5WHEN` (its "Wrong number"), `ENDWHEN` are syntax errors; `CASE
/// number WHEN 0 THEN 'a'WHEN 1 THEN 'b' END`, `` CASE `number`WHEN ``, `toString(1)WHEN`
/// answer rows.
#[test]
fn case_whens_glued_to_a_word_are_clickhouse_syntax_errors() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT CASE outcome WHEN 'VALID' THEN 1 ELSE 0 END AS c FROM key_verifications_v1",
        "SELECT CASE WHEN outcome = 'VALID' THEN 1 WHEN outcome = 'EXPIRED' THEN 2 ELSE 0 END AS c FROM key_verifications_v1",
        "SELECT CASE WHEN outcome = 'VALID' THEN NULL WHEN 1 = 1 THEN 'x' END AS c FROM key_verifications_v1",
        "SELECT CASE WHEN outcome = 'VALID' THEN outcome WHEN 1 = 1 THEN 'x' END AS c FROM key_verifications_v1",
        "SELECT CASE spent_credits * 1.0 WHEN 0 THEN 'zero' ELSE 'other' END AS c FROM key_verifications_v1",
        "SELECT CASE spent_credits WHEN 1 THEN -1 WHEN 2 THEN 0 END AS c FROM key_verifications_v1",
        "SELECT CASE WHEN spent_credits = 4 THEN CASE WHEN 1 = 1 THEN 'y' END WHEN 1 = 1 THEN 'x' END AS c FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE CASE spent_credits WHEN 4 THEN 1 ELSE 0 END = 1",
    ] {
        assert_eq!(refused(&s, query), clickhouse_syntax(), "{query}");
    }
    // After a quote, `)` or `]` ClickHouse reads the glued text as written.
    assert_eq!(
        run(&s, "SELECT CASE `outcome` WHEN 'VALID' THEN 'a' WHEN 'X' THEN 'b' END AS c, CASE WHEN spent_credits > 1 THEN \"outcome\" WHEN 1 = 1 THEN 'x' END AS d, CASE lower(outcome) WHEN 'x' THEN ['x'][1] WHEN 'valid' THEN toString(1) ELSE '0' END AS e, CASE WHEN spent_credits = 4 THEN (CASE WHEN 1 = 1 THEN 'y' END) WHEN 1 = 1 THEN 'x' END AS f FROM key_verifications_v1 WHERE spent_credits = 4"),
        json!([{"c": "a", "d": "VALID", "e": "1", "f": "y"}])
    );
    // Upstream's own checks answer first (a function it does not allow).
    let (ty, _) = refused(
        &s,
        "SELECT CASE outcome WHEN 'VALID' THEN 1 ELSE 0 END AS c, nope(1) FROM key_verifications_v1",
    );
    assert_eq!(ty, "invalid_analytics_function");
}

/// W18: a number written `.5` reaches ClickHouse as written (AfterShip's `NumberLiteral`), and
/// ClickHouse's lexer reads a `.` before digits as a number only after no word, number or
/// closing bracket: after a keyword (`SELECT .5`, `THEN .5`, `BY .5`, `WITH .5 AS x`) it is
/// a `.` and its parser fails, "Invalid SQL syntax" upstream; after an operator or `(` it is
/// 0.5. ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `SELECT .5` and `SELECT .5 AS x` fail at
/// the `.`; `SELECT 1 + .5`, `[.5]`, `-.5` are `1.5`, `[0.5]`, `-0.5`. Right after `WHERE`
/// upstream's filters put `(` before it where it adds them (a number) and not where it
/// does not (the `.`): not run.
#[test]
fn a_number_without_its_leading_zero_after_a_keyword_is_a_clickhouse_syntax_error() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT .5 AS x FROM key_verifications_v1",
        "SELECT DISTINCT .5 AS x FROM key_verifications_v1",
        "WITH .5 AS x SELECT x FROM key_verifications_v1",
        "SELECT CASE WHEN 1 = 1 THEN .5 END AS x FROM key_verifications_v1",
        "SELECT spent_credits AS c FROM key_verifications_v1 ORDER BY .5",
        "SELECT spent_credits AS c FROM key_verifications_v1 WHERE spent_credits BETWEEN .5 AND 2",
    ] {
        assert_eq!(refused(&s, query), clickhouse_syntax(), "{query}");
    }
    assert_eq!(
        run(&s, "SELECT spent_credits * .5 AS h, -.25 AS n, toString(.5) AS t, [.5] AS a FROM key_verifications_v1 WHERE spent_credits > .5 AND spent_credits < 2"),
        json!([{"h": 0.5, "n": -0.25, "t": "0.5", "a": [0.5]}])
    );
    let (ty, detail) = refused(
        &s,
        "SELECT count() AS n FROM key_verifications_v1 WHERE .5 < spent_credits",
    );
    assert_eq!(ty, "invalid_analytics_query");
    assert!(detail.starts_with("unkey-local does not run"), "{detail}");
    // After `INTERVAL` ClickHouse reads the name `INTERVAL` and its element `.5` ("Unknown
    // expression or function identifier `INTERVAL`": ClickHouse 25.5.2 and 25.8.2 (chDB)
    // agree), no syntax error: an `INTERVAL` of a float is not run here.
    let (ty, detail) = refused(
        &s,
        "SELECT count() AS n FROM key_verifications_v1 WHERE now() > now() - INTERVAL .5 DAY",
    );
    assert_eq!(ty, "invalid_analytics_query");
    assert_ne!(detail, "Invalid SQL syntax");
}

/// W4: upstream writes the functions of its `canonicalFunctionNames` in ClickHouse's spelling
/// whatever the case of the query (validation.go), so `TODATE(x)`, `TOSTARTOFDAY(x)` and
/// `SUMIF(x, c)` reach ClickHouse as `toDate`, `toStartOfDay`, `sumIf` and answer rows named
/// so; only a function ClickHouse registers with its case and upstream leaves as written
/// (`any`, `uniq`, `quantile`, `today`, `has`) is UNKNOWN_FUNCTION in another case, "Invalid
/// analytics query". ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `UNIQ`, `QUANTILE`, `TODAY`,
/// `HAS`, `ANY` are "Function with name … does not exist", and `sumIf(spent_credits, 1)`
/// sent for `SUMIF(spent_credits, 1)` answers the sum.
#[test]
fn function_names_in_upper_case_as_upstream_writes_them() {
    let (s, _, _) = recorded();
    assert_eq!(
        run(&s, "SELECT TODATE('2030-01-02'), TOSTARTOFDAY(toDateTime('2030-01-02 03:04:05')), SUMIF(spent_credits, 1), TOSTRING(1) FROM key_verifications_v1"),
        json!([{
            "toDate('2030-01-02')": "2030-01-02T00:00:00Z",
            "toStartOfDay(toDateTime('2030-01-02 03:04:05'))": "2030-01-02T00:00:00Z",
            "sumIf(spent_credits, 1)": 15,
            "toString(1)": "1"
        }])
    );
    // With `DISTINCT` too: ClickHouse's parser appends `Distinct` to the name it is sent
    // (`sumIf(DISTINCT number, 1)` is `sumIfDistinct(number, 1)`: ClickHouse 25.5.2 and 25.8.2
    // (chDB) agree).
    assert_eq!(
        run(
            &s,
            "SELECT SUMIF(DISTINCT spent_credits, 1) FROM key_verifications_v1"
        ),
        json!([{"sumIfDistinct(spent_credits, 1)": 15}])
    );
    for query in [
        "SELECT UNIQ(key_id) AS u FROM key_verifications_v1",
        "SELECT QUANTILE(0.5)(spent_credits) AS q FROM key_verifications_v1",
        "SELECT count() AS n FROM key_verifications_v1 WHERE HAS(tags, 't1')",
    ] {
        assert_eq!(
            refused(&s, query),
            (
                "invalid_analytics_query".to_string(),
                "Invalid analytics query".to_string()
            ),
            "{query}"
        );
    }
}

/// W5 (beside it): a subquery's or CTE's unaliased computed column read by the name
/// ClickHouse gives it (`` `COUNT()` `` of `(SELECT COUNT(*) …)`) is resolved by ClickHouse
/// (ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `` SELECT `COUNT()` FROM (SELECT COUNT(*) …) ``
/// answers the count), which this translation does not write: not run, where before it was
/// answered "Unknown identifier". A name of another case is ClickHouse's unknown identifier
/// (`` `count()` `` there: "Unknown expression identifier"), as here.
#[test]
fn a_computed_column_read_by_its_name_is_not_run() {
    let (s, _, _) = recorded();
    for query in [
        "SELECT `COUNT()` FROM (SELECT COUNT(*) FROM key_verifications_v1)",
        "WITH c AS (SELECT count() FROM key_verifications_v1) SELECT `count()` FROM c",
        "SELECT `plus(spent_credits, 1)` AS p FROM (SELECT spent_credits + 1 FROM key_verifications_v1)",
    ] {
        let (ty, detail) = refused(&s, query);
        assert_eq!(ty, "invalid_analytics_query", "{query}");
        assert!(detail.starts_with("unkey-local does not run"), "{query}: {detail}");
    }
    assert_eq!(
        refused(
            &s,
            "SELECT `count()` FROM (SELECT COUNT(*) FROM key_verifications_v1)"
        ),
        (
            "invalid_analytics_query".to_string(),
            "Unknown identifier in analytics query".to_string()
        )
    );
}
