#!/usr/bin/env python3
"""Corpus (b2)+(c): dashboard-like queries and a random generator over upstream's allowed
functions, columns and clauses. Prints JSON lines."""
import json, random, sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2500
R = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
T = "key_verifications_v1"
ROLL = ["key_verifications_per_minute_v1", "key_verifications_per_hour_v1",
        "key_verifications_per_day_v1", "key_verifications_per_month_v1"]
STR = ["key_id", "outcome", "key_space_id", "external_id", "identity_id", "region", "source", "app_id"]
NUM = ["spent_credits", "latency", "time"]
OUTCOMES = ["VALID", "RATE_LIMITED", "EXPIRED", "DISABLED", "USAGE_EXCEEDED",
            "INSUFFICIENT_PERMISSIONS", "NOT_FOUND", "valid", ""]
TAGV = ["a", "b", "x", "ünï", "日本", "path=/v1/x", "tag with space", "", "A"]


def lit(s):
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def tcol(raw=True):
    return "fromUnixTimestamp64Milli(time)" if raw else "time"


def time_expr(raw=True):
    t = tcol(raw)
    return R.choice([
        "toStartOfHour(%s)", "toStartOfDay(%s)", "toDate(%s)", "toStartOfMonth(%s)",
        "toStartOfWeek(%s)", "toStartOfMinute(%s)", "date_trunc('day', %s)", "toStartOfQuarter(%s)",
        "toStartOfYear(%s)", "formatDateTime(%s, '%%Y-%%m-%%d %%H')", "toDateTime(%s)",
        "toStartOfDay(%s) + INTERVAL 1 DAY", "toDate(%s) - 1", "toStartOfHour(%s) - INTERVAL 30 MINUTE",
        "toUnixTimestamp64Milli(toDateTime64(%s, 3))" if raw else "toDate(%s)", "toString(toDate(%s))",
        "toStartOfMonth(%s) + INTERVAL 1 MONTH",
    ]).replace("%s", t).replace("%%", "%")


def str_expr(raw=True):
    c = R.choice(STR if raw else ["key_id", "outcome", "key_space_id", "external_id", "identity_id"])
    return R.choice(["%s", "%s", "%s", "lower(%s)", "upper(%s)", "substring(%s, 1, 5)", "length(%s)",
                     "concat(%s, '-', outcome)", "if(%s = '', 'none', %s)", "startsWith(%s, 'key_')",
                     "endsWith(%s, 'D')", "trim(%s)", "coalesce(%s, 'x')"]).replace("%s", c)


def num_expr(raw=True):
    c = R.choice(["spent_credits", "latency"] if raw else ["count", "spent_credits"])
    return R.choice(["%s", "%s * 2", "%s + 1", "%s / 3", "round(%s / 3, 2)", "abs(%s - 2)",
                     "floor(%s / 2)", "ceil(%s / 4)", "toInt32(%s)", "toFloat64(%s)",
                     "toString(%s)", "%s %% 3", "intDiv(%s, 2)", "-%s", "if(%s > 1, 1, 0)"]).replace("%s", c).replace("%%", "%")


def cond(raw=True):
    cs = [
        "outcome = %s" % lit(R.choice(OUTCOMES)),
        "outcome != 'VALID'",
        "outcome IN ('VALID', %s)" % lit(R.choice(OUTCOMES)),
        "outcome NOT IN ('EXPIRED', 'DISABLED')",
        "has(tags, %s)" % lit(R.choice(TAGV)),
        "hasAny(tags, [%s, %s])" % (lit(R.choice(TAGV)), lit(R.choice(TAGV))),
        "hasAll(tags, [%s])" % lit(R.choice(TAGV)),
        "length(tags) > %d" % R.randint(0, 2),
        "tags = []",
        "spent_credits > %d" % R.randint(0, 2),
        "external_id != ''",
        "identity_id = ''",
        "key_id LIKE %s" % lit(R.choice(["key_%", "%a%", "key\\_%", "%Z", "_ey%"])),
        "key_id ILIKE 'KEY_%'",
        "startsWith(external_id, 'user')",
        "%s >= toDateTime('2027-01-01 00:00:00')" % tcol(raw),
        "%s BETWEEN toDate('2027-01-01') AND toDate('2027-03-01')" % ("toDate(%s)" % tcol(raw)),
        "toHour(%s) < 12" % tcol(raw),
        "outcome LIKE '%%E%%'",
        "NOT (outcome = 'VALID' OR spent_credits > 0)",
        "arrayFilter(x -> x != 'a', tags) != []",
        "length(key_id) = 12",
    ]
    if raw:
        cs += ["time > %d" % R.choice([1796700000000, 1800000000000, 1805000000000]),
               "latency >= 0", "region = 'local'", "source = 'api'"]
    else:
        cs += ["count > 1", "time >= toDate('2027-02-01')" if R.random() < .5 else "time < toDateTime('2027-02-01 00:00:00')"]
    c = R.choice(cs)
    if R.random() < 0.3:
        c = "(%s) %s (%s)" % (c, R.choice(["AND", "OR"]), R.choice(cs))
    return c


def agg(raw=True):
    if raw:
        return R.choice([
            "count()", "count(*)", "sum(spent_credits)", "avg(spent_credits)", "min(time)", "max(time)",
            "countIf(outcome = 'VALID')", "sumIf(spent_credits, outcome = 'VALID')", "uniq(key_id)",
            "uniqExact(key_id)", "uniqExact(outcome)", "min(outcome)", "max(key_id)", "avg(latency)",
            "quantile(0.5)(spent_credits)", "quantile(0.99)(latency)", "countIf(has(tags, 'a'))",
            "round(countIf(outcome = 'VALID') / count(), 4)", "countIf(outcome = 'VALID') * 100 / count()",
            "sum(length(tags))", "max(length(tags))", "min(fromUnixTimestamp64Milli(time))",
            "max(toDate(fromUnixTimestamp64Milli(time)))", "count(DISTINCT key_id)", "uniqExact(tags)",
            "sum(spent_credits) / count()", "toInt64(sum(spent_credits))", "length(groupUniqArray(outcome))",
            "arraySort(groupUniqArray(outcome))", "arraySort(groupArray(key_space_id))",
            "sum(if(outcome = 'VALID', 1, 0))", "avg(if(spent_credits > 0, 1, 0))",
            "max(spent_credits) - min(spent_credits)", "countIf(external_id = '')",
        ])
    return R.choice(["sum(count)", "sum(spent_credits)", "count()", "min(time)", "max(time)",
                     "sumIf(count, outcome = 'VALID')", "uniqExact(key_id)", "max(count)",
                     "round(sumIf(count, outcome = 'VALID') / sum(count), 3)", "avg(count)"])


def order_all(n):
    return "ORDER BY " + ", ".join(str(i + 1) for i in range(n))


def q_group():
    raw = R.random() < 0.7
    table = T if raw else R.choice(ROLL)
    keys = []
    for _ in range(R.choice([1, 1, 2, 2, 3])):
        keys.append(R.choice([str_expr, time_expr, num_expr] if raw else [str_expr, time_expr])(raw))
    keys = list(dict.fromkeys(keys))
    aggs = list(dict.fromkeys(agg(raw) for _ in range(R.choice([1, 2, 3]))))
    items = ["%s AS k%d" % (k, i) for i, k in enumerate(keys)] + ["%s AS a%d" % (a, i) for i, a in enumerate(aggs)]
    q = "SELECT %s FROM %s" % (", ".join(items), table)
    if R.random() < 0.6:
        q += " WHERE " + cond(raw)
    q += " GROUP BY " + ", ".join("k%d" % i for i in range(len(keys)))
    mod = R.random()
    if mod < 0.08:
        q += " WITH TOTALS"
    elif mod < 0.14:
        q += " WITH ROLLUP"
    elif mod < 0.18:
        q += " WITH CUBE"
    if R.random() < 0.25:
        q += " HAVING a0 %s %d" % (R.choice([">", ">=", "<", "!="]), R.randint(0, 50))
    q += " " + order_all(len(items))
    if R.random() < 0.2:
        q += " LIMIT %d" % R.randint(1, 10)
        if R.random() < 0.3:
            q += " OFFSET %d" % R.randint(0, 5)
    return q


def q_rows():
    n = R.randint(1, 4)
    exprs = list(dict.fromkeys(R.choice([str_expr, num_expr, time_expr])(True) for _ in range(n)))
    exprs += ["request_id"]
    q = "SELECT %s FROM %s" % (", ".join(exprs), T)
    if R.random() < 0.8:
        q += " WHERE " + cond(True)
    q += " " + order_all(len(exprs))
    if R.random() < 0.6:
        q += " LIMIT %d" % R.randint(1, 30)
    return q


def q_sub():
    inner = "SELECT key_id, outcome, spent_credits, tags, %s AS t FROM %s WHERE %s" % (time_expr(True), T, cond(True))
    return R.choice([
        "SELECT outcome, count() AS c, sum(spent_credits) AS s FROM (%s) GROUP BY outcome ORDER BY outcome" % inner,
        "SELECT t, count() FROM (%s) GROUP BY t ORDER BY t" % inner,
        "SELECT count() FROM (%s) WHERE key_id IN (SELECT key_id FROM %s WHERE %s)" % (inner, T, cond(True)),
        "WITH s AS (%s) SELECT key_id, count() AS c FROM s GROUP BY key_id ORDER BY c DESC, key_id LIMIT 5" % inner,
        "SELECT key_id, c, c - avg_c AS d FROM (SELECT key_id, count() AS c FROM %s GROUP BY key_id) CROSS JOIN (SELECT count() / uniqExact(key_id) AS avg_c FROM %s) ORDER BY key_id" % (T, T),
        "SELECT DISTINCT outcome, length(tags) AS n FROM (%s) ORDER BY outcome, n" % inner,
        "SELECT key_id FROM (%s) GROUP BY key_id HAVING count() > (SELECT count() / 30 FROM %s) ORDER BY key_id" % (inner, T),
        "SELECT outcome, (SELECT count() FROM %s) AS total, count() AS c FROM %s GROUP BY outcome ORDER BY outcome" % (T, T),
    ])


def qualify(c):
    """qualify the raw table's columns with k. (outside string literals)"""
    import re as _re
    parts = _re.split(r"('(?:[^'\\]|\\.)*')", c)
    cols = r"(?<![.\w'])(outcome|tags|time|key_id|spent_credits|external_id|identity_id|region|source|latency|key_space_id)\b(?!\s*\()"
    return "".join(p if p.startswith("'") else _re.sub(cols, r"k.\1", p) for p in parts)


def q_join():
    a = "SELECT key_id, count() AS c FROM %s WHERE %s GROUP BY key_id" % (T, cond(True))
    b = "SELECT key_id, sum(spent_credits) AS s, max(time) AS m FROM %s WHERE %s GROUP BY key_id" % (T, cond(True))
    j = R.choice(["INNER JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL OUTER JOIN", "LEFT SEMI JOIN",
                  "LEFT ANTI JOIN", "LEFT ANY JOIN", "JOIN"])
    on = R.choice(["ON a.key_id = b.key_id", "USING (key_id)", "USING key_id"])
    if "USING" in on:
        sel = "key_id, a.c, b.s"
    else:
        sel = "a.key_id AS ak, b.key_id AS bk, a.c, b.s"
    if "SEMI" in j or "ANTI" in j:
        sel = "a.key_id AS ak, a.c"
    if R.random() < 0.3:
        return ("SELECT k.outcome AS o, count() AS n FROM %s AS k %s %s AS d ON k.key_id = d.key_id AND "
                "k.outcome = d.outcome WHERE %s GROUP BY o ORDER BY o") % (
                    T, R.choice(["INNER JOIN", "LEFT JOIN"]), R.choice(ROLL), qualify(cond(True)))
    return "SELECT %s FROM (%s) AS a %s (%s) AS b %s ORDER BY %s" % (
        sel, a, j, b, on, ", ".join(str(i + 1) for i in range(len(sel.split(",")))))


def q_tags():
    return R.choice([
        "SELECT arrayJoin(tags) AS tag, count() AS c FROM %s WHERE %s GROUP BY tag ORDER BY tag" % (T, cond(True)),
        "SELECT tag, outcome, count() FROM %s ARRAY JOIN tags AS tag GROUP BY tag, outcome ORDER BY 1, 2, 3" % T,
        "SELECT tags, count() FROM %s GROUP BY tags ORDER BY tags" % T,
        "SELECT arrayFilter(x -> startsWith(x, 'p'), tags) AS f, count() FROM %s GROUP BY f ORDER BY f" % T,
        "SELECT length(tags) AS n, countIf(has(tags, %s)) FROM %s GROUP BY n ORDER BY n" % (lit(R.choice(TAGV)), T),
        "SELECT tags[1] AS first, tags[-1] AS last, count() FROM %s GROUP BY first, last ORDER BY 1, 2" % T,
        "SELECT arraySort(tags) AS s, count() FROM %s GROUP BY s ORDER BY s" % T,
        "SELECT arrayJoin(tags) AS tag, uniqExact(key_id) AS keys FROM %s GROUP BY tag HAVING keys > 1 ORDER BY tag" % T,
        "SELECT tag, count() FROM %s ARRAY JOIN tags AS tag WHERE %s GROUP BY tag ORDER BY tag LIMIT 3" % (T, cond(True)),
    ])


def q_window():
    inner = "SELECT key_id, outcome, count() AS c FROM %s GROUP BY key_id, outcome" % T
    w = R.choice([
        "sum(c) OVER (PARTITION BY key_id)",
        "sum(c) OVER (PARTITION BY key_id ORDER BY outcome)",
        "row_number() OVER (PARTITION BY key_id ORDER BY c DESC, outcome)",
        "rank() OVER (ORDER BY c DESC)",
        "dense_rank() OVER (PARTITION BY outcome ORDER BY c)",
        "c / sum(c) OVER (PARTITION BY key_id)",
        "count() OVER ()",
        "max(c) OVER (PARTITION BY outcome)",
        "sum(c) OVER (ORDER BY key_id, outcome ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)",
        "lagInFrame(c) OVER (PARTITION BY key_id ORDER BY outcome ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
        "avg(c) OVER (PARTITION BY key_id ORDER BY outcome RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
    ])
    return "SELECT key_id, outcome, c, %s AS w FROM (%s) ORDER BY key_id, outcome" % (w, inner)


def q_limitby():
    return "SELECT key_space_id, key_id, count() AS c FROM %s GROUP BY key_space_id, key_id ORDER BY key_space_id, c DESC, key_id LIMIT %d BY key_space_id" % (T, R.randint(1, 3))


def q_union():
    a = "SELECT 'a' AS src, outcome, count() AS c FROM %s WHERE %s GROUP BY outcome" % (T, cond(True))
    b = "SELECT 'b' AS src, outcome, sum(count) AS c FROM %s WHERE %s GROUP BY outcome" % (R.choice(ROLL), cond(False))
    return R.choice(["%s UNION ALL %s", "SELECT * FROM (%s UNION ALL %s) ORDER BY src, outcome",
                     "%s UNION DISTINCT %s"]) % (a, b)


def q_rollup():
    t = R.choice(ROLL)
    return R.choice([
        "SELECT time, sum(count) AS total, sumIf(count, outcome = 'VALID') AS valid FROM %s GROUP BY time ORDER BY time" % t,
        "SELECT toStartOfDay(time) AS d, outcome, sum(count) FROM %s GROUP BY d, outcome ORDER BY d, outcome" % t,
        "SELECT key_id, sum(count) AS total FROM %s GROUP BY key_id ORDER BY total DESC, key_id LIMIT 5" % t,
        "SELECT * FROM %s ORDER BY time, key_id, outcome, tags, identity_id, count LIMIT 20" % t,
        "SELECT time, count, spent_credits FROM %s FINAL WHERE %s ORDER BY ALL LIMIT 20" % (t, cond(False)),
        "SELECT toStartOfMonth(time) AS m, sum(spent_credits) FROM %s GROUP BY m ORDER BY m" % t,
        "SELECT time, sum(count) FROM %s WHERE time >= toDateTime('2027-02-01 00:00:00') GROUP BY time ORDER BY time WITH FILL STEP INTERVAL 1 DAY LIMIT 40" % t,
        "SELECT external_id, sum(count) FROM %s WHERE external_id != '' GROUP BY external_id ORDER BY 1" % t,
    ])


def q_rl():
    return R.choice([
        "SELECT namespace_id, identifier, countIf(passed) AS p, count() AS t FROM ratelimits_v1 GROUP BY namespace_id, identifier ORDER BY 1, 2",
        "SELECT toStartOfDay(fromUnixTimestamp64Milli(time)) AS d, sum(tokens), max(limit), min(remaining) FROM ratelimits_v1 GROUP BY d ORDER BY d",
        "SELECT identifier, passed, limit, remaining, tokens, reset_at - time AS w FROM ratelimits_v1 ORDER BY time, request_id LIMIT 25",
        "SELECT time, sum(passed), sum(total) FROM %s GROUP BY time ORDER BY time" % R.choice(["ratelimits_per_minute_v1", "ratelimits_per_hour_v1", "ratelimits_per_day_v1", "ratelimits_per_month_v1"]),
        "SELECT identifier, sum(total) - sum(passed) AS blocked FROM %s GROUP BY identifier ORDER BY identifier" % R.choice(["ratelimits_per_minute_v1", "ratelimits_per_hour_v1", "ratelimits_per_day_v1", "ratelimits_per_month_v1"]),
        "SELECT passed, count(), avg(remaining), sum(limit) FROM ratelimits_v1 WHERE identifier IN ('u1', 'ü') GROUP BY passed ORDER BY passed",
        "SELECT round(countIf(passed) / count(), 3) AS rate, uniqExact(identifier) FROM ratelimits_v1",
        "SELECT * FROM ratelimits_v1 WHERE NOT passed ORDER BY time, request_id LIMIT 10",
        "SELECT identifier, toString(passed) AS p, if(passed, 'y', 'n') AS q FROM ratelimits_v1 ORDER BY time, request_id LIMIT 10",
        "SELECT namespace_id, groupUniqArray(identifier) FROM ratelimits_v1 GROUP BY namespace_id ORDER BY 1",
        "SELECT limit * 2 - remaining AS x, tokens / 2, passed + 1 FROM ratelimits_v1 ORDER BY time, request_id LIMIT 10",
    ])


def q_rl2():
    rt = R.choice(["ratelimits_per_minute_v1", "ratelimits_per_hour_v1", "ratelimits_per_day_v1", "ratelimits_per_month_v1"])
    c = R.choice(["passed", "NOT passed", "passed = true", "passed = 1", "passed != false", "tokens > 0", "limit >= 3",
                  "remaining = 0", "identifier IN ('u1', 'ü')", "startsWith(identifier, 'u')", "override_id = ''",
                  "reset_at - time < 1000", "fromUnixTimestamp64Milli(reset_at) > fromUnixTimestamp64Milli(time)",
                  "namespace_id != ''", "length(identifier) = 2", "upper(identifier) = 'U1'"])
    e = R.choice(["countIf(passed)", "sum(tokens)", "sumIf(tokens, passed)", "avg(remaining)", "max(limit) - min(remaining)",
                  "uniqExact(identifier)", "toString(any(passed))", "countIf(NOT passed) / count()", "min(reset_at - time)",
                  "sum(passed)", "sum(toInt32(passed))", "max(passed)", "groupUniqArray(passed)", "min(fromUnixTimestamp64Milli(reset_at))"])
    return R.choice([
        "SELECT namespace_id, %s AS v FROM ratelimits_v1 WHERE %s GROUP BY namespace_id ORDER BY namespace_id" % (e, c),
        "SELECT identifier, %s AS v FROM ratelimits_v1 WHERE %s GROUP BY identifier ORDER BY identifier" % (e, c),
        "SELECT toStartOfHour(time) AS h, sum(passed) AS p, sum(total) AS t, sum(passed_tokens) AS pt, sum(total_tokens) AS tt FROM %s GROUP BY h ORDER BY h" % rt,
        "SELECT identifier, sum(total) - sum(passed) AS blocked, round(sum(passed) / sum(total), 3) AS rate FROM %s GROUP BY identifier ORDER BY identifier" % rt,
        "SELECT time, namespace_id, identifier, passed, total FROM %s ORDER BY time, namespace_id, identifier LIMIT 15" % rt,
        "SELECT count() AS n, %s AS v FROM ratelimits_v1 WHERE %s" % (e, c),
        "SELECT passed, identifier, remaining FROM ratelimits_v1 WHERE %s ORDER BY time, request_id LIMIT 7" % c,
    ])


def q_scalar():
    e = R.choice([
        "toDecimal64(spent_credits, 2) / 3", "fromUnixTimestamp64Milli(time) - toDateTime('2027-01-01 00:00:00')",
        "toDateTime64(fromUnixTimestamp64Milli(time), 3)", "fromUnixTimestamp64Milli(time)",
        "toDate(fromUnixTimestamp64Milli(time)) - toDate('2027-01-01')", "spent_credits / 0",
        "latency / latency", "toInt32(spent_credits) - 5", "spent_credits - 5",
        "formatDateTime(fromUnixTimestamp64Milli(time), '%Y/%m/%d %H:%i:%S')", "[spent_credits, 1]",
        "(outcome, spent_credits)", "toString(fromUnixTimestamp64Milli(time))", "toFloat64(time) / 1000",
        "toStartOfWeek(fromUnixTimestamp64Milli(time))", "concat(outcome, toString(spent_credits))",
        "date_trunc('month', fromUnixTimestamp64Milli(time))", "toDateTime(fromUnixTimestamp64Milli(time), 'Asia/Tokyo')",
        "toStartOfDay(fromUnixTimestamp64Milli(time), 'America/New_York')", "toUnixTimestamp64Milli(fromUnixTimestamp64Milli(time))",
        "fromUnixTimestamp64Milli(time) + toIntervalHour(5)", "toIntervalDay(1)", "time % 1000", "intDiv(time, 86400000)",
        "round(spent_credits / 7, 3)", "substring(key_id, -3)", "JSONExtractString('{\"a\":\"b\"}', 'a')",
        "tags", "has(tags, 'a')", "toInt64(spent_credits) * 9223372036854775807", "toDecimal32(spent_credits, 3)",
        "CAST(spent_credits AS String)", "spent_credits::Float64 / 3", "toDate(fromUnixTimestamp64Milli(time)) + 1",
        "EXTRACT(MONTH FROM fromUnixTimestamp64Milli(time))", "CASE WHEN spent_credits > 1 THEN 'hi' ELSE 'lo' END",
    ])
    return "SELECT %s AS x, request_id FROM %s WHERE %s ORDER BY request_id LIMIT %d" % (e, T, cond(True), R.randint(1, 8))


def q_misc():
    c = cond(True)
    return R.choice([
        "SELECT toDate(fromUnixTimestamp64Milli(time)) AS d, count() AS n FROM %s WHERE %s GROUP BY d ORDER BY d WITH FILL STEP 1" % (T, c),
        "SELECT toStartOfHour(fromUnixTimestamp64Milli(time)) AS h, count() AS n FROM %s WHERE %s GROUP BY h ORDER BY h WITH FILL STEP INTERVAL 6 HOUR LIMIT 50" % (T, c),
        "SELECT outcome, key_space_id, count() AS n FROM %s GROUP BY GROUPING SETS ((outcome), (key_space_id), ()) ORDER BY 1, 2, 3" % T,
        "SELECT outcome, key_space_id, count() AS n FROM %s WHERE %s GROUP BY outcome, key_space_id WITH ROLLUP ORDER BY 1, 2, 3" % (T, c),
        "SELECT key_id FROM %s WHERE %s EXCEPT SELECT key_id FROM %s WHERE outcome = 'VALID'" % (T, c, T),
        "SELECT DISTINCT key_space_id FROM %s WHERE key_id IN (SELECT key_id FROM %s WHERE %s) ORDER BY 1" % (T, T, c),
        "SELECT key_id, count() AS n FROM %s GROUP BY key_id HAVING n > (SELECT avg(c) FROM (SELECT count() AS c FROM %s GROUP BY key_id)) ORDER BY key_id" % (T, T),
        "SELECT outcome, countIf(%s) AS a, count() AS b, round(a / b, 4) AS r FROM %s GROUP BY outcome ORDER BY outcome" % (c, T),
        "SELECT key_id, outcome, count() AS n, row_number() OVER (PARTITION BY key_id ORDER BY n DESC, outcome) AS rn FROM %s GROUP BY key_id, outcome ORDER BY key_id, rn" % T,
        "SELECT key_id, outcome, count() AS n FROM %s GROUP BY key_id, outcome QUALIFY row_number() OVER (PARTITION BY key_id ORDER BY n DESC, outcome) = 1 ORDER BY key_id" % T,
        "SELECT if(%s, 'y', 'n') AS f, count() FROM %s GROUP BY f ORDER BY f" % (c, T),
        "SELECT toString(spent_credits) || '-' || outcome AS s, count() FROM %s GROUP BY s ORDER BY s" % T,
        "SELECT outcome, min(fromUnixTimestamp64Milli(time)) AS first, max(fromUnixTimestamp64Milli(time)) - min(fromUnixTimestamp64Milli(time)) AS span FROM %s GROUP BY outcome ORDER BY outcome" % T,
        "SELECT formatDateTime(toStartOfWeek(fromUnixTimestamp64Milli(time)), '%%Y-%%m-%%d') AS w, uniqExact(key_id) AS keys FROM %s WHERE %s GROUP BY w ORDER BY w" % (T, c),
        "SELECT count() FROM %s WHERE (outcome, key_space_id) IN (SELECT outcome, key_space_id FROM %s WHERE %s)" % (T, T, c),
        "SELECT key_id, groupArray(outcome) AS o FROM (SELECT key_id, outcome FROM %s WHERE %s ORDER BY time, request_id) GROUP BY key_id ORDER BY key_id" % (T, c),
        "SELECT x.key_id AS k, x.n AS n, y.m AS m FROM (SELECT key_id, count() AS n FROM %s GROUP BY key_id) AS x INNER JOIN (SELECT key_id, max(spent_credits) AS m FROM %s GROUP BY key_id) AS y ON x.key_id = y.key_id ORDER BY k" % (T, T),
        "SELECT outcome, toStartOfMonth(fromUnixTimestamp64Milli(time)) AS m, count() FROM %s GROUP BY ALL ORDER BY ALL" % T,
        "SELECT key_space_id, arraySort(groupUniqArray(outcome)) AS o, sum(spent_credits) AS s FROM %s GROUP BY key_space_id ORDER BY key_space_id" % T,
        "SELECT spent_credits, count() FROM %s GROUP BY spent_credits ORDER BY spent_credits DESC LIMIT 2 OFFSET 1" % T,
    ]).replace("%%", "%")


def q_expr():
    e = R.choice([
        "lower(arrayJoin(tags))", "upper(arrayJoin(tags))", "length(arrayJoin(tags))",
        "substring(arrayJoin(tags), 2, 2)", "substring(arrayJoin(tags), -2)", "trim(concat(' ', arrayJoin(tags), ' '))",
        "startsWith(arrayJoin(tags), 'ü')", "endsWith(arrayJoin(tags), '本')", "concat(arrayJoin(tags), '|', outcome)",
        "round(spent_credits / 3, 1)", "round(2.5 + spent_credits)", "round(-2.5 - spent_credits)", "round(spent_credits * 1.005, 2)",
        "round(spent_credits * 15, -1)", "floor(-spent_credits / 4)", "ceil(-spent_credits / 4)", "spent_credits % -3",
        "-spent_credits % 3", "intDiv(-spent_credits, 2)", "spent_credits / 3 * 3", "toInt32(spent_credits / 3)",
        "toString(spent_credits / 3)", "toString(toFloat64(spent_credits) / 7)", "toString(1e20 * (spent_credits + 1))",
        "toString(round(spent_credits / 3, 2))", "abs(-spent_credits)", "toInt64('12')", "toFloat64('1.5') + spent_credits",
        "toDate('2026-02-29')", "toDateTime('2026-03-08 02:30:00')", "toString(fromUnixTimestamp64Milli(time))",
        "formatDateTime(fromUnixTimestamp64Milli(time), '%d/%m/%y %I:%M %p')", "formatDateTime(fromUnixTimestamp64Milli(time), '%j %u %V %w')",
        "formatDateTime(fromUnixTimestamp64Milli(time), '%a %b %e %k %l %s %Q %G %C %n %t %%')",
        "toUnixTimestamp64Milli(fromUnixTimestamp64Milli(time)) - time", "toDateTime64(time / 1000, 3)",
        "toStartOfQuarter(fromUnixTimestamp64Milli(time))", "toStartOfYear(toDate(fromUnixTimestamp64Milli(time)))",
        "toStartOfWeek(fromUnixTimestamp64Milli(time), 1)", "date_trunc('week', fromUnixTimestamp64Milli(time))",
        "date_trunc('quarter', fromUnixTimestamp64Milli(time))", "date_trunc('minute', fromUnixTimestamp64Milli(time))",
        "fromUnixTimestamp64Milli(time) + INTERVAL 1 MONTH", "toDate(fromUnixTimestamp64Milli(time)) - INTERVAL 1 YEAR",
        "fromUnixTimestamp64Milli(time) - INTERVAL 90 MINUTE", "toDate(fromUnixTimestamp64Milli(time)) + INTERVAL 36 HOUR",
        "if(spent_credits > 0, 'paid', NULL)", "coalesce(NULL, key_id)", "multiIf(spent_credits > 1, 'a', 'b')",
        "CASE WHEN spent_credits > 1 THEN 'a' ELSE 'b' END", "has(tags, 'a') AND NOT has(tags, 'b')", "hasAll(tags, [])",
        "arrayFilter(x -> length(x) > 1, tags)", "length(arrayFilter(x -> x = 'a', tags))", "tags[2]", "tags[-1]",
        "JSONExtractString('{\"k\":\"' || outcome || '\"}', 'k')", "countIf(1) OVER (PARTITION BY outcome)",
        "toString(tags)", "tags = ['a', 'b']", "tags < ['b']", "[outcome, key_id]", "[spent_credits, -1]",
        "toInt32(spent_credits) * toInt32(2147483647)", "spent_credits * 9223372036854775807",
        "outcome LIKE 'V_L%'", "outcome ILIKE '%lid'", "key_id NOT LIKE '%a%'", "identity_id != '' OR external_id = ''",
    ])
    return "SELECT %s AS x, request_id FROM %s WHERE %s ORDER BY request_id, x LIMIT %d" % (e, T, cond(True), R.randint(3, 12))


DASHBOARD = [
    "SELECT outcome, COUNT(*) AS count FROM key_verifications_v1 GROUP BY outcome ORDER BY count DESC",
    "SELECT toStartOfHour(fromUnixTimestamp64Milli(time)) AS hour, COUNT(*) AS total, countIf(outcome = 'VALID') AS valid FROM key_verifications_v1 GROUP BY hour ORDER BY hour",
    "SELECT toStartOfDay(fromUnixTimestamp64Milli(time)) AS day, outcome, count() FROM key_verifications_v1 WHERE time >= toUnixTimestamp64Milli(now64() - INTERVAL 30 DAY) GROUP BY day, outcome ORDER BY day, outcome",
    "SELECT key_id, count() AS total, countIf(outcome = 'VALID') AS valid, round(valid / total * 100, 2) AS success_rate FROM key_verifications_v1 GROUP BY key_id ORDER BY total DESC, key_id LIMIT 10",
    "SELECT time, sum(count) AS total FROM key_verifications_per_day_v1 WHERE time >= today() - INTERVAL 90 DAY GROUP BY time ORDER BY time",
    "SELECT external_id, sum(count) AS total FROM key_verifications_per_month_v1 WHERE external_id != '' GROUP BY external_id ORDER BY total DESC, external_id",
    "SELECT quantile(0.99)(latency) AS p99, avg(latency) AS avg FROM key_verifications_v1",
    "SELECT arrayJoin(tags) AS tag, count() AS c FROM key_verifications_v1 GROUP BY tag ORDER BY c DESC, tag LIMIT 10",
    "SELECT key_space_id, sum(spent_credits) AS credits FROM key_verifications_v1 GROUP BY key_space_id ORDER BY credits DESC, key_space_id",
    "SELECT toStartOfMonth(time) AS month, sum(count) FROM key_verifications_per_month_v1 GROUP BY month ORDER BY month",
    "SELECT countIf(outcome = 'RATE_LIMITED') / count() AS rl_rate FROM key_verifications_v1 WHERE time >= toUnixTimestamp64Milli(now64() - INTERVAL 7 DAY)",
    "SELECT identity_id, count() FROM key_verifications_v1 WHERE identity_id != '' GROUP BY identity_id ORDER BY 2 DESC, 1",
    "SELECT time, outcome, sum(count) AS c FROM key_verifications_per_hour_v1 WHERE time >= now() - INTERVAL 100 DAY GROUP BY time, outcome ORDER BY time, outcome",
    "SELECT count() FROM key_verifications_v1 WHERE time >= toUnixTimestamp64Milli(now64() - INTERVAL 1 DAY)",
    "SELECT min(fromUnixTimestamp64Milli(time)), max(fromUnixTimestamp64Milli(time)) FROM key_verifications_v1",
    "SELECT date_trunc('week', fromUnixTimestamp64Milli(time)) AS w, count() FROM key_verifications_v1 GROUP BY w ORDER BY w",
    "SELECT * FROM key_verifications_v1 WHERE outcome != 'VALID' ORDER BY time DESC, request_id LIMIT 20",
]

KINDS = [(q_group, 30), (q_rows, 10), (q_sub, 10), (q_join, 10), (q_tags, 8), (q_window, 6),
         (q_limitby, 2), (q_union, 6), (q_rollup, 8), (q_rl, 8), (q_scalar, 12), (q_misc, 14), (q_expr, 30), (q_rl2, 15)]
fs = [f for f, w in KINDS for _ in range(w)]
seen = set()
for q in DASHBOARD:
    print(json.dumps({"src": "dashboard", "sql": q}, ensure_ascii=False))
i = 0
while i < N:
    f = R.choice(fs)
    q = f()
    if q in seen:
        continue
    seen.add(q)
    i += 1
    print(json.dumps({"src": "gen:" + f.__name__, "sql": q}, ensure_ascii=False))
