#!/usr/bin/env python3
"""Round 2 generator E: common types of two expressions (UNION ALL, if, CASE, array literal,
IN, comparison) over a pool of typed expressions. gen10.py N SEED"""
import json, random, sys
N = int(sys.argv[1]); R = random.Random(int(sys.argv[2]))
TT = "fromUnixTimestamp64Milli(time)"
KV = ["spent_credits", "length(tags)", "toInt32(spent_credits)", "1", "-1", "1.5", "300", "70000", "-40000", "toDate(%s)" % TT,
      "toDateTime(%s)" % TT, TT, "toDateTime64(%s, 6)" % TT, "now()", "today()", "outcome", "key_id", "NULL", "true", "'x'", "'2027-01-01'",
      "tags", "[1, 2]", "[]", "toString(spent_credits)", "toFloat64(spent_credits)", "toDate(%s) - toDate('2027-01-01')" % TT, "time",
      "spent_credits > 0", "toInt64(spent_credits)", "18446744073709551615", "9223372036854775807", "-9223372036854775808", "0.1",
      "toDateTime('2027-01-01 00:00:00', 'Asia/Tokyo')", "INTERVAL 1 DAY", "toStartOfMonth(%s)" % TT, "if(spent_credits > 0, NULL, outcome)", "['a', NULL]"]
RL = ["passed", "NOT passed", "limit", "remaining", "tokens", "identifier", "1", "-1", "1.5", "true", "NULL", "toDate(%s)" % TT, "time",
      "reset_at - time", "'u1'", "[identifier]", "toString(passed)", "300", "length(identifier)", "toInt32(limit)"]
def pick():
    if R.random() < 0.3: return "ratelimits_v1", R.sample(RL, 2)
    return "key_verifications_v1", R.sample(KV, 2)
seen = set(); i = 0
while i < N:
    t, (a, b) = pick()
    c = "(spent_credits > 0)" if t == "key_verifications_v1" else "passed"
    q = R.choice([
        "SELECT x, count() AS n FROM (SELECT %s AS x FROM %s UNION ALL SELECT %s AS x FROM %s) GROUP BY x ORDER BY x" % (a, t, b, t),
        "SELECT if(%s, %s, %s) AS x, count() AS n FROM %s GROUP BY x ORDER BY x" % (c, a, b, t),
        "SELECT CASE WHEN %s THEN %s ELSE %s END AS x, count() AS n FROM %s GROUP BY x ORDER BY x" % (c, a, b, t),
        "SELECT [%s, %s] AS x, count() AS n FROM %s GROUP BY x ORDER BY x" % (a, b, t),
        "SELECT (%s) = (%s) AS x, count() AS n FROM %s GROUP BY x ORDER BY x" % (a, b, t),
        "SELECT (%s) < (%s) AS x, count() AS n FROM %s GROUP BY x ORDER BY x" % (a, b, t),
        "SELECT (%s) IN (%s) AS x, count() AS n FROM %s GROUP BY x ORDER BY x" % (a, b, t),
        "SELECT (%s) + (%s) AS x, count() AS n FROM %s GROUP BY x ORDER BY x" % (a, b, t),
        "SELECT (%s) - (%s) AS x, count() AS n FROM %s GROUP BY x ORDER BY x" % (a, b, t),
        "SELECT (%s) * (%s) AS x, count() AS n FROM %s GROUP BY x ORDER BY x" % (a, b, t),
        "SELECT (%s) / (%s) AS x, count() AS n FROM %s GROUP BY x ORDER BY x" % (a, b, t),
        "SELECT (%s) %% (%s) AS x, count() AS n FROM %s GROUP BY x ORDER BY x" % (a, b, t),
        "SELECT max(%s) AS a, min(%s) AS b FROM %s" % (a, b, t),
        "SELECT x FROM (SELECT %s AS x FROM %s LIMIT 1 UNION ALL SELECT %s AS x FROM %s LIMIT 1) ORDER BY x" % (a, t, b, t),
    ])
    if q in seen: continue
    seen.add(q); i += 1
    print(json.dumps({"src": "gen10", "sql": q}))
