#!/usr/bin/env python3
"""Round 3 generator: multi-level "recipes" an assistant writes — top N per group, change
against the previous period, shares of a total, cohorts by first use, CTE chains, set
operations of summaries, scalar subqueries — over the verification and rate-limit tables and
their rollups, with upstream's allowed functions. gen12.py N SEED"""
import json, random, sys
N = int(sys.argv[1]); R = random.Random(int(sys.argv[2]))
RAWT = "fromUnixTimestamp64Milli(time)"
SRC = [  # table, time expression, count, metric, keys, condition
    ("key_verifications_v1", RAWT, "count()", "sum(spent_credits)", ["key_id", "key_space_id", "outcome", "external_id", "identity_id"], ["outcome = 'VALID'", "has(tags, 'a')", "spent_credits > 0"]),
    ("key_verifications_per_hour_v1", "time", "sum(count)", "sum(spent_credits)", ["key_id", "key_space_id", "outcome", "external_id"], ["outcome = 'VALID'", "has(tags, 'b')", "outcome != 'VALID'"]),
    ("key_verifications_per_day_v1", "time", "sum(count)", "sumIf(count, outcome = 'VALID')", ["key_id", "key_space_id", "outcome", "identity_id"], ["outcome = 'VALID'", "length(tags) > 0"]),
    ("key_verifications_per_month_v1", "time", "sum(count)", "sum(spent_credits)", ["key_id", "outcome"], ["outcome = 'EXPIRED'"]),
    ("ratelimits_v1", RAWT, "count()", "countIf(NOT passed)", ["identifier", "namespace_id"], ["passed", "NOT passed", "remaining = 0"]),
    ("ratelimits_per_minute_v1", "time", "sum(total)", "sum(total) - sum(passed)", ["identifier", "namespace_id"], ["passed > 0", "total > passed"]),
    ("ratelimits_per_day_v1", "time", "sum(total)", "sum(passed)", ["identifier", "namespace_id"], ["passed < total"]),
]
BUCKETS = ["toStartOfDay({t})", "toDate({t})", "toStartOfWeek({t})", "toStartOfMonth({t})", "toStartOfHour({t})", "date_trunc('week', {t})", "{t}"]

def recipe():
    t, tc, cnt, met, keys, conds = R.choice(SRC)
    k = R.choice(keys); k2 = R.choice([x for x in keys if x != k] or [k])
    b = R.choice(BUCKETS).format(t=tc)
    c = R.choice(conds)
    n = R.choice([1, 2, 3, 5])
    forms = [
        # top N per group
        "SELECT b, %s AS k, c FROM (SELECT %s AS b, %s, %s AS c FROM %s GROUP BY b, %s) ORDER BY b, c DESC, k LIMIT %d BY b LIMIT 40" % (k, b, k, cnt, t, k, n),
        "SELECT %s, %s, c FROM (SELECT %s, %s, %s AS c FROM %s GROUP BY %s, %s ORDER BY c DESC, %s, %s LIMIT %d BY %s) ORDER BY %s, c DESC, %s" % (k, k2, k, k2, cnt, t, k, k2, k, k2, n, k, k, k2),
        # change vs previous bucket
        "SELECT b, c, c - p AS delta FROM (SELECT b, c, any(c) OVER (ORDER BY b ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING) AS p FROM (SELECT %s AS b, %s AS c FROM %s GROUP BY b)) ORDER BY b LIMIT 40" % (b, cnt, t),
        "WITH s AS (SELECT %s AS b, %s AS c FROM %s GROUP BY b) SELECT cur.b, cur.c, prev.c AS prev_c FROM s AS cur LEFT JOIN s AS prev ON prev.b = cur.b - INTERVAL 1 DAY ORDER BY cur.b LIMIT 40" % (b, cnt, t),
        "WITH s AS (SELECT %s AS b, %s AS c FROM %s GROUP BY b) SELECT b, c, round(c / max(c) OVER (), 3) AS rel FROM s ORDER BY b LIMIT 40" % (b, cnt, t),
        # shares
        "SELECT %s, c, round(100 * c / total, 2) AS pct FROM (SELECT %s, %s AS c FROM %s GROUP BY %s) AS g, (SELECT %s AS total FROM %s) AS t ORDER BY c DESC, %s" % (k, k, cnt, t, k, cnt, t, k),
        "SELECT %s, %s AS c, round(c * 100 / (SELECT %s FROM %s), 2) AS pct FROM %s GROUP BY %s ORDER BY c DESC, %s" % (k, cnt, cnt, t, t, k, k),
        "SELECT %s, %s AS m, %s AS c, if(c = 0, 0, round(m / c, 4)) AS r FROM %s GROUP BY %s ORDER BY r DESC, %s" % (k, met, cnt, t, k, k),
        # cohorts by first use
        "SELECT first, count() AS n FROM (SELECT %s, min(%s) AS first FROM %s GROUP BY %s) GROUP BY first ORDER BY first LIMIT 40" % (k, b, t, k),
        "SELECT %s, min(%s) AS first, max(%s) AS last, %s AS c FROM %s GROUP BY %s HAVING c > 1 ORDER BY first, %s" % (k, tc, tc, cnt, t, k, k),
        # CTE chains
        "WITH a AS (SELECT %s, %s AS c FROM %s WHERE %s GROUP BY %s), b AS (SELECT %s, %s AS d FROM %s GROUP BY %s) SELECT a.%s, a.c, b.d, round(a.c / b.d, 3) AS r FROM a JOIN b ON a.%s = b.%s ORDER BY r DESC, a.%s" % (k, cnt, t, c, k, k, cnt, t, k, k, k, k, k),
        "WITH a AS (SELECT %s, %s AS c FROM %s GROUP BY %s) SELECT count() AS groups, sum(c) AS total, max(c) AS top, min(c) AS low FROM a" % (k, cnt, t, k),
        "WITH a AS (SELECT %s AS b, %s AS c FROM %s GROUP BY b), m AS (SELECT avg(c) AS mean FROM a) SELECT b, c FROM a, m WHERE c > mean ORDER BY b LIMIT 20" % (b, cnt, t),
        # set operations of summaries
        "SELECT 'match' AS kind, %s AS c FROM %s WHERE %s UNION ALL SELECT 'other' AS kind, %s AS c FROM %s WHERE NOT (%s) ORDER BY kind" % (cnt, t, c, cnt, t, c),
        "SELECT %s FROM %s WHERE %s GROUP BY %s INTERSECT SELECT %s FROM %s GROUP BY %s ORDER BY %s" % (k, t, c, k, k, t, k, k),
        "SELECT %s FROM %s GROUP BY %s EXCEPT SELECT %s FROM %s WHERE %s GROUP BY %s ORDER BY %s" % (k, t, k, k, t, c, k, k),
        "SELECT %s AS x FROM %s WHERE %s UNION DISTINCT SELECT %s AS x FROM %s ORDER BY x" % (k, t, c, k, t),
        # scalar subqueries and IN
        "SELECT %s, %s AS c FROM %s WHERE %s IN (SELECT %s FROM %s WHERE %s) GROUP BY %s ORDER BY %s" % (k, cnt, t, k, k, t, c, k, k),
        "SELECT %s, %s AS c FROM %s WHERE %s NOT IN (SELECT %s FROM %s WHERE %s) GROUP BY %s ORDER BY %s" % (k, cnt, t, k, k, t, c, k, k),
        "SELECT %s AS b, %s AS c FROM %s WHERE %s >= (SELECT max(%s) FROM %s) - INTERVAL %d DAY GROUP BY b ORDER BY b" % (b, cnt, t, tc, tc, t, R.choice([1, 7, 30])),
        "SELECT %s, %s AS c FROM %s GROUP BY %s HAVING c >= (SELECT %s FROM %s) / (SELECT uniqExact(%s) FROM %s) ORDER BY %s" % (k, cnt, t, k, cnt, t, k, t, k),
        # conditional pivots
        "SELECT %s AS b, %s AS total, countIf(%s) AS hits, round(hits / total, 3) AS ratio FROM %s GROUP BY b ORDER BY b LIMIT 40" % (b, "count()", c, t) if "v1" in t and "per" not in t else
        "SELECT %s AS b, %s AS total, %s AS part FROM %s GROUP BY b ORDER BY b LIMIT 40" % (b, cnt, met, t),
        "SELECT %s, %s AS c, %s AS m, c - m AS rest FROM %s GROUP BY %s WITH TOTALS ORDER BY %s" % (k, cnt, met, t, k, k),
        "SELECT %s, %s, %s AS c FROM %s GROUP BY %s, %s WITH ROLLUP ORDER BY %s, %s" % (k, k2, cnt, t, k, k2, k, k2),
    ]
    return R.choice(forms)

seen = set(); i = 0
while i < N:
    q = recipe()
    if q in seen:
        continue
    seen.add(q); i += 1
    print(json.dumps({"src": "gen12", "sql": q}, ensure_ascii=False))
