#!/usr/bin/env python3
"""The minimized query of each WRONG cause found (checked by hand), with a guess where
unkey-local goes wrong. `minimal.py corpus` writes corpus/minimal.jsonl; `minimal.py render
RESULTS` prints the Markdown section for FINDINGS.md from that corpus's results."""
import json, sys
from paths import WORK

CAUSES = [
    ("W1", "Unqualified column present on both sides of a join",
     "ClickHouse resolves an unqualified name that both join sides have to the left side's "
     "column (both versions); unkey-local answers 400 \"Invalid analytics query\" (ambiguous). "
     "15 cases in the final run (56 in an earlier generator run), e.g. every `… k JOIN key_verifications_per_day_v1 d … "
     "WHERE spent_credits > 0`. Guess: name resolution in `joins.rs`/`names.rs` treats a column "
     "of two sources as ambiguous instead of the first (left) source's.",
     ["SELECT count() AS n FROM key_verifications_v1 AS k INNER JOIN key_verifications_v1 AS d ON k.request_id = d.request_id WHERE spent_credits > 0",
      "SELECT time FROM key_verifications_v1 AS k INNER JOIN key_verifications_per_day_v1 AS d ON k.key_id = d.key_id ORDER BY 1 LIMIT 1"]),
    ("W2", "Outer/ASOF join: unmatched rows survive upstream's workspace filter",
     "Upstream's injectWorkspaceFilter writes `<alias>.workspace_id = '<ws>' AND (…)` into the "
     "WHERE of every SELECT for *each* direct table source, the right side of a LEFT/ASOF LEFT "
     "join too. An unmatched row has the right side's defaults (`workspace_id = ''`) so "
     "ClickHouse drops it: a LEFT JOIN of two public tables behaves as an INNER JOIN. "
     "unkey-local keeps the unmatched rows. Guess: `joins.rs` does not apply the per-source "
     "workspace predicate after the join (only where a side is a subquery or CTE is the filter "
     "inside it, harmless).",
     ["SELECT k.outcome AS a, d.outcome AS b FROM key_verifications_v1 AS k LEFT JOIN key_verifications_per_day_v1 AS d ON k.key_id = d.key_id AND d.outcome = 'NOPE' LIMIT 1",
      "SELECT count() AS n FROM key_verifications_v1 a LEFT ASOF JOIN key_verifications_v1 b ON a.key_id = b.key_id AND b.time < a.time"]),
    ("W3", "AfterShip's String() glues `CASE x WHEN` / `THEN v WHEN`",
     "AfterShip v0.4.18 writes `CASE <expr>WHEN …` (no space after the operand) and `THEN "
     "<v>WHEN …` (no space before a second WHEN). After a name or number that is one token "
     "(`outcomeWHEN`, `1WHEN`) and ClickHouse's parser fails: upstream answers a syntax error. "
     "unkey-local runs these. (After `)` or `'…'` the glued text still parses.) Guess: "
     "`chparse` writes `CaseExpr`/`WhenClause` back with the spaces; the port should mirror "
     "AfterShip's String() and let the ClickHouse-syntax check see `xWHEN`.",
     ["SELECT CASE WHEN outcome = 'VALID' THEN 1 WHEN outcome = 'EXPIRED' THEN 2 ELSE 0 END AS c FROM key_verifications_v1 LIMIT 1",
      "SELECT CASE outcome WHEN 'VALID' THEN 1 ELSE 0 END AS c FROM key_verifications_v1 LIMIT 1"]),
    ("W4", "Function names in another case",
     "Only some ClickHouse functions are case-insensitive (system.functions.case_insensitive: "
     "count, sum, avg, min, max, if, abs, round, floor, ceil, lower, upper, length, concat, "
     "substring, coalesce, now, now64, date_trunc/DATE_TRUNC). `toStartOfDay`, `toDate`, "
     "`toString`, `startsWith`, `fromUnixTimestamp64Milli`, `sumIf`, `countIf`, … are "
     "case-sensitive: `TODATE(x)` is UNKNOWN_FUNCTION. unkey-local answers rows. Guess: the "
     "`Canonical(…)` entries of the function table in `translate.rs` (~line 755) accept any "
     "case; only the `AnyCase` ones should.",
     ["SELECT TODATE(fromUnixTimestamp64Milli(time)) AS d FROM key_verifications_v1 LIMIT 1",
      "SELECT TOSTARTOFDAY(fromUnixTimestamp64Milli(time)) AS d FROM key_verifications_v1 LIMIT 1",
      "SELECT SUMIF(spent_credits, 1) AS s FROM key_verifications_v1"]),
    ("W5", "Column names of unaliased calls: case as written, date_trunc",
     "ClickHouse names an unaliased call as written: `COUNT(*)` → `COUNT()`, `SUM(x)` → "
     "`SUM(x)`, `AVG(x)` → `AVG(x)`, `date_trunc('day', t)` → `date_trunc('day', t)` (not "
     "`dateTrunc`); a qualified `a.key_id` whose name another source also has is `key_id` "
     "(the first such column), not `a.key_id`. unkey-local answers `count()`, `sum(x)`, "
     "`dateTrunc(…)`, `a.key_id`. Upstream's docs use `SELECT COUNT(*) FROM …`. Guess: "
     "`names.rs` lower-cases AnyCase names and canonicalizes date_trunc; its qualified-name rule.",
     ["SELECT COUNT(*) FROM key_verifications_v1",
      "SELECT SUM(spent_credits) FROM key_verifications_v1",
      "SELECT date_trunc('day', fromUnixTimestamp64Milli(time)) FROM key_verifications_v1 ORDER BY 1 LIMIT 1",
      "SELECT a.key_id, count() FROM key_verifications_v1 a LEFT JOIN (SELECT key_id FROM key_verifications_v1 GROUP BY key_id) b ON a.key_id = b.key_id GROUP BY a.key_id ORDER BY 1 LIMIT 1"]),
    ("W6", "Alias of an aggregate named as a column, read inside another aggregate",
     "`sum(total) AS total, sum(total) - sum(passed)`: ClickHouse (25.5 and 25.8, analyzer) "
     "resolves `total` inside the second `sum` to the alias, an aggregate inside an aggregate: "
     "ILLEGAL_AGGREGATION. unkey-local reads the column (README: 'as the documented … "
     "reads'). Upstream's own get-ratelimits.mdx example is this form, so upstream answers it "
     "400. Guess: the alias rule in `aggregates.rs`/`translate.rs` for aggregate arguments.",
     ["SELECT sum(total) AS total, sum(total) - sum(passed) AS blocked FROM ratelimits_per_minute_v1",
      "SELECT sum(count) AS count, sum(count) * 2 AS c2 FROM key_verifications_per_day_v1"]),
    ("W7", "toStartOfHour/toStartOfMinute/date_trunc('hour') of a Date",
     "The per_day/per_month rollups' `time` is a `Date`; ClickHouse 25.5/25.8 refuse "
     "`toStartOfHour(Date)` (ILLEGAL_TYPE_OF_ARGUMENT). unkey-local answers midnight. Guess: "
     "`dates.rs` accepts any time type for the sub-day `toStartOf…`.",
     ["SELECT toStartOfHour(time) AS h FROM key_verifications_per_day_v1 ORDER BY h LIMIT 1",
      "SELECT toStartOfMinute(time) AS h FROM key_verifications_per_month_v1 ORDER BY h LIMIT 1",
      "SELECT date_trunc('hour', toDate('2026-01-02')) AS a FROM key_verifications_v1 LIMIT 1"]),
    ("W8", "String compared with a number through an alias in HAVING",
     "`WHERE outcome >= 50` is refused as ClickHouse does (NO_COMMON_TYPE), but `min(outcome) "
     "AS a … HAVING a >= 50` is answered. Guess: the type check of comparisons in `having.rs` "
     "does not see the alias's String type.",
     ["SELECT min(outcome) AS a FROM key_verifications_v1 HAVING a >= 50",
      "SELECT outcome, max(key_id) AS a0 FROM key_verifications_v1 GROUP BY outcome HAVING a0 != 16 ORDER BY 1"]),
    ("W9", "coalesce with a non-Nullable first argument",
     "ClickHouse's coalesce whose first argument is not Nullable returns it without looking for "
     "a common type of the others: `coalesce(outcome, 1)`, `coalesce(['a'], 1)`, `coalesce(now(), "
     "'2026-01-01 00:00:00')`, `coalesce(count(), sum(x))` answer the first argument. unkey-local "
     "answers 400 NO_COMMON_TYPE. Guess: `types.rs` common-type check for coalesce.",
     ["SELECT coalesce(outcome, 1) AS x FROM key_verifications_v1 LIMIT 1",
      "SELECT coalesce(count(), sum(spent_credits)) AS x FROM key_verifications_v1"]),
    ("W10", "Intervals converted to/compared with numbers",
     "ClickHouse 25.5/25.8 convert an Interval to a number (`toInt64(INTERVAL 2 MONTH)` = 2, "
     "`toInt32(INTERVAL 1 DAY)` = 1) and compare it with one (`1 = INTERVAL 1 MONTH` = 1). "
     "unkey-local answers 400 (README claims a type error). Guess: `intervals.rs`.",
     ["SELECT toInt64(INTERVAL 2 MONTH) AS a FROM key_verifications_v1 LIMIT 1",
      "SELECT 1 = INTERVAL 1 MONTH AS a FROM key_verifications_v1 LIMIT 1"]),
    ("W11", "hasAny/hasAll over intervals of different kinds",
     "`hasAny([INTERVAL 1 DAY], [INTERVAL 24 HOUR])` is 0 in ClickHouse (no conversion to a "
     "common kind; the counts differ), unkey-local 1. Guess: `intervals.rs` has/hasAny/hasAll.",
     ["SELECT hasAny([INTERVAL 1 DAY], [INTERVAL 24 HOUR]) AS a FROM key_verifications_v1 LIMIT 1",
      "SELECT hasAll([toIntervalDay(2), INTERVAL 48 HOUR], [INTERVAL 172800 SECOND]) AS c FROM key_verifications_v1 LIMIT 1"]),
    ("W12", "Interval + interval of a non-constant operand",
     "`toIntervalDay(spent_credits) + INTERVAL 1 HOUR` (a column, not a constant) is "
     "ClickHouse's ILLEGAL_COLUMN (\"ColumnTuple cannot have ColumnConst as its element\"); "
     "unkey-local answers the tuple. Also a tuple of intervals UNION ALL NULL is NO_COMMON_TYPE. "
     "Guess: `intervals.rs` folding of interval sums applies to non-constant operands too.",
     ["SELECT toString(toIntervalDay(spent_credits) + INTERVAL 1 HOUR) AS a FROM key_verifications_v1 LIMIT 1",
      "SELECT toString(x) AS a FROM (SELECT INTERVAL 1 DAY + INTERVAL 1 HOUR AS x FROM key_verifications_v1 UNION ALL SELECT NULL FROM key_verifications_v1) LIMIT 1"]),
    ("W13", "`x IN ((a, b))`: one tuple in parentheses",
     "ClickHouse 25.5/25.8: `1 IN ((1, 2))` is ILLEGAL_TYPE_OF_ARGUMENT (Tuple(Tuple(…))); "
     "unkey-local reads it as the elements (README claims so). Guess: IN-set shaping in "
     "`translate.rs`.",
     ["SELECT spent_credits IN ((4, 10)) AS c FROM key_verifications_v1 LIMIT 1"]),
    ("W14", "Array index 0 of a constant array",
     "`[1, 2][0]` is 0 in ClickHouse (the element type's default), unkey-local 400 (README "
     "claims 'a constant index 0 … 400').",
     ["SELECT [1, 2][0] AS d FROM key_verifications_v1 LIMIT 1"]),
    ("W15", "substring with position 0",
     "`substring(outcome, 0, 2)` is ClickHouse's ZERO_ARRAY_OR_TUPLE_INDEX (\"Indices in "
     "strings are 1-based\"); unkey-local answers ''.",
     ["SELECT substring(outcome, 0, 2) AS a FROM key_verifications_v1 LIMIT 1"]),
    ("W16", "JSONExtractString of a non-string value",
     "`JSONExtractString('{\"n\":1}', 'n')` is '1' in ClickHouse 25.5/25.8 (the raw value), "
     "unkey-local ''.",
     ["SELECT JSONExtractString('{\"n\":1}', 'n') AS n FROM key_verifications_v1 LIMIT 1"]),
    ("W17", "Window frame whose start follows its end",
     "`ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING` is ClickHouse's BAD_ARGUMENTS; unkey-local "
     "answers empty frames. Guess: `windows.rs` frame validation.",
     ["SELECT sum(spent_credits) OVER (ORDER BY time ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING) AS s FROM key_verifications_v1 LIMIT 1"]),
    ("W18", "Literal `.5` (no leading digit)",
     "AfterShip writes `.5` back as is and ClickHouse 25.5/25.8 refuse `SELECT .5` (syntax "
     "error at the `.`); unkey-local answers 0.5. Guess: `lex.rs` number literals.",
     ["SELECT .5 AS x FROM key_verifications_v1 LIMIT 1"]),
    ("W19", "Short-circuited constant error in if()",
     "`if(1, 0, toInt64(1 / 0))`: ClickHouse folds the constant if and never converts inf; "
     "unkey-local answers 400. Conversely an IN subquery that fails is evaluated by ClickHouse "
     "even when no row reaches it: `WHERE spent_credits > 100 AND spent_credits IN (SELECT "
     "toInt64(max(spent_credits) / 0) …)` is ClickHouse's CANNOT_CONVERT_TYPE, unkey-local 0 rows.",
     ["SELECT if(1, 0, toInt64(1 / 0)) AS n FROM key_verifications_v1 LIMIT 1",
      "SELECT count() AS n FROM key_verifications_v1 WHERE spent_credits > 100 AND spent_credits IN (SELECT toInt64(max(spent_credits) / 0) FROM key_verifications_v1)"]),
    ("W20", "countIf/sumIf with DISTINCT",
     "`countIf(DISTINCT c)` is ClickHouse's NUMBER_OF_ARGUMENTS_DOESNT_MATCH (it becomes "
     "uniqExactIf with the wrong arity); unkey-local answers.",
     ["SELECT countIf(DISTINCT spent_credits > 3) AS a FROM key_verifications_v1"]),
    ("W21", "CROSS JOIN of a subquery without alias",
     "ClickHouse's `joined_subquery_requires_alias` (default 1): `FROM (SELECT …) CROSS JOIN "
     "(SELECT …)` is error 206; unkey-local answers.",
     ["SELECT key_id, avg_c FROM (SELECT key_id FROM key_verifications_v1) CROSS JOIN (SELECT 1 AS avg_c) LIMIT 1"]),
    ("W22", "GROUP BY a constant WITH ROLLUP",
     "ClickHouse drops constant GROUP BY keys, so `GROUP BY two WITH ROLLUP` of `2 AS two` has "
     "one row; unkey-local adds the rollup row (two = 0).",
     ["SELECT 2 AS two, count() AS n FROM key_verifications_v1 GROUP BY two WITH ROLLUP"]),
    ("W23", "DateTime IN (subquery of Dates)",
     "per_hour `time` (DateTime) `IN (SELECT max(time) FROM per_day)` (a Date): ClickHouse "
     "converts the Date to its midnight and matches only that hour (0 rows here); unkey-local "
     "matches the whole day (29).",
     ["SELECT count() AS n FROM key_verifications_per_hour_v1 WHERE time IN (SELECT max(time) FROM key_verifications_per_day_v1)"]),
    ("W25", "Date arithmetic past the Date range wraps in ClickHouse",
     "`today() - 30000` is 2124-08-18 and `today() + 50000` 1984-10-19 in both versions (the "
     "UInt16 day number wraps); unkey-local saturates at 1970-01-01 / 2149-06-06 (README claims "
     "saturation). Guess: `dates.rs` Date ± n.",
     ["SELECT today() - 30000 AS lo, today() + 50000 AS hi FROM key_verifications_v1 LIMIT 1"]),
    ("W26", "toDateTime(Date, zone) of 1970-01-01 east of UTC",
     "`toDateTime(toDate('1970-01-01'), 'Asia/Tokyo')` is 1970-01-02T00:00:00+09:00 in both "
     "versions; unkey-local wraps it to 2106-02-07T06:28:16+09:00.",
     ["SELECT toDateTime(toDate('1970-01-01'), 'Asia/Tokyo') AS d FROM key_verifications_v1 LIMIT 1"]),
    ("W27", "Time zone America/Coyhaique",
     "Both chDB versions know the zone (tzdata 2025b); unkey-local answers 400 as an unknown "
     "zone. (25.5 is older than 25.6 and has it, so 25.6 has it.)",
     ["SELECT toDate(now(), 'America/Coyhaique') AS d FROM key_verifications_v1 LIMIT 1"]),
    ("W28", "toStartOfWeek(Date, mode, zone)",
     "ClickHouse refuses a time zone argument when the first argument is a Date "
     "(ILLEGAL_TYPE_OF_ARGUMENT); unkey-local answers.",
     ["SELECT toStartOfWeek(toDate('2026-12-07'), 3, 'UTC') AS e FROM key_verifications_v1 LIMIT 1"]),
    ("W29", "DateTime64 IN (subquery of integers)",
     "`toDateTime64('2030-03-31 12:00:00.9', 1) IN (SELECT 1901188800)` is 0 in both versions, "
     "unkey-local 1 (it compares whole seconds).",
     ["SELECT toDateTime64('2030-03-31 12:00:00.9', 1) IN (SELECT 1901188800) AS d FROM key_verifications_v1 LIMIT 1"]),
    ("W30", "if(const, Bool, UInt8) is a Bool",
     "`if(1, CAST(1 AS Bool), 0)` answers `true` (type Bool) in both versions, unkey-local `1`.",
     ["SELECT if(1, CAST(1 AS Bool), 0) AS b FROM key_verifications_v1 LIMIT 1"]),
    ("W31", "arrayJoin in a LEFT JOIN's ON over subqueries",
     "`… g LEFT JOIN (SELECT tags …) v ON g.tag = arrayJoin(v.tags)` selecting `arrayJoin(v.tags)`: "
     "both versions answer no rows (unmatched left rows have `[]`, whose arrayJoin drops them) "
     "and `arrayJoin([v.spent_credits, 100])` answers both elements for the unmatched rows; "
     "unkey-local answers one row with the default. (Both versions are before the 25.8.29 fix "
     "the README cites, like 25.6.)",
     ["SELECT g.tag AS tag, arrayJoin(v.tags) AS t FROM (SELECT 't2' AS tag UNION ALL SELECT 't9' AS tag) g LEFT JOIN (SELECT tags, spent_credits FROM key_verifications_v1) v ON g.tag = arrayJoin(v.tags) ORDER BY tag, t",
      "SELECT g.n AS n, arrayJoin([v.spent_credits, 100]) AS c FROM (SELECT 4 AS n UNION ALL SELECT 9 AS n) g LEFT JOIN (SELECT tags, spent_credits FROM key_verifications_v1) v ON g.n = arrayJoin([v.spent_credits, 100]) ORDER BY n, c"]),
    ("W32", "Scalar subquery of more than one row",
     "ClickHouse refuses a scalar subquery that returns more than one row "
     "(INCORRECT_RESULT_OF_SCALAR_SUBQUERY, both versions); unkey-local answers its first row. "
     "Guess: scalar subqueries are translated as SQLite's `(SELECT …)`, which takes the first "
     "row; a check `count() <= 1` (or a LIMIT 2 probe) is missing.",
     ["SELECT (SELECT outcome FROM key_verifications_v1) AS x FROM key_verifications_v1 LIMIT 1",
      "SELECT today() + (SELECT toIntervalMonth(1) FROM key_verifications_v1) AS b FROM key_verifications_v1 LIMIT 1"]),
    ("W33", "UNION ALL of intervals of different kinds",
     "`toIntervalMonth(1) … UNION ALL INTERVAL 1 QUARTER … UNION ALL INTERVAL 1 YEAR`: both "
     "versions take the first arm's kind and keep the counts (every row is 1 month: "
     "`toDate('2030-01-31') + x` = 2030-02-28 for all 5,457 rows); unkey-local converts "
     "(1, 3, 12 months). Guess: `intervals.rs` common kind of set-operation arms.",
     ["WITH u AS (SELECT toIntervalMonth(1) AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 1 QUARTER AS x FROM key_verifications_v1 UNION ALL SELECT INTERVAL 1 YEAR AS x FROM key_verifications_v1) SELECT toString(x) AS a, toDate('2030-01-31') + x AS d, count() AS n FROM u GROUP BY a, d ORDER BY d"]),
    ("W34", "UNION ALL of Array(Bool) and an array literal of integers",
     "`groupArray(passed) … UNION ALL SELECT [2]`: the common type is Array(Bool) in both "
     "versions, so the literal arm answers `[true]`; unkey-local `[2]` (the scalar case "
     "`passed UNION ALL 2` is right: `true`).",
     ["SELECT a FROM (SELECT groupArray(passed) AS a FROM ratelimits_v1 UNION ALL SELECT [2] AS a FROM ratelimits_v1) ORDER BY length(a) LIMIT 1"]),
    ("W35", "formatDateTime %e pads with a space",
     "`formatDateTime(t, '%e')` of the 8th is '8' in both versions (the setting "
     "formatdatetime_e_with_space_padding defaults to 0), unkey-local ' 8'. Guess: the %e "
     "case of formatDateTime in `dates.rs`.",
     ["SELECT formatDateTime(toDateTime('2026-12-08 10:00:00'), '%e') AS x FROM key_verifications_v1 LIMIT 1"]),
    ("W24", "toStartOfMonth/Quarter/Year of a DateTime64 before 1970",
     "Both versions: `toStartOfMonth(toDateTime64('1969-11-30 23:59:59.5', 1))` is "
     "2149-04-07; unkey-local 2149-05-07 (the wrap-around differs).",
     ["SELECT toStartOfMonth(toDateTime64('1969-11-30 23:59:59.5', 1)) AS m FROM key_verifications_v1 LIMIT 1"]),
]

if __name__ == "__main__":
    if sys.argv[1] == "corpus":
        with open(WORK + "/corpus/minimal.jsonl", "w") as f:
            for cid, title, _, qs in CAUSES:
                for q in qs:
                    f.write(json.dumps({"src": "minimal:" + cid, "sql": q}, ensure_ascii=False) + "\n")
    else:
        res = {}
        for l in open(sys.argv[2]):
            r = json.loads(l)
            res[r["sql"]] = r
        for cid, title, text, qs in CAUSES:
            print("### %s. %s\n\n%s\n" % (cid, title, text))
            for q in qs:
                r = res.get(q)
                print("```sql\n%s\n```" % q)
                if not r:
                    print("(not run)\n")
                    continue
                print("- class now: **%s**" % r["cls"])
                if "ul" in r:
                    print("- unkey-local: `%s`" % json.dumps(r["ul"], ensure_ascii=False)[:400])
                    for v in ("25.5", "25.8"):
                        print("- %s: `%s`" % (v, json.dumps(r["ch"][v], ensure_ascii=False)[:400]))
                else:
                    print("- unkey-local: `%s`" % (r.get("ul_error") or "")[:300])
                print()
