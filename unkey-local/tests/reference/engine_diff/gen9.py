#!/usr/bin/env python3
"""Round 2 generator D: typed random expression trees over upstream's allowed functions, over
every table but the raw verifications, or over TABLE only. gen9.py N SEED [TABLE]"""
import json, random, sys
N = int(sys.argv[1]); R = random.Random(int(sys.argv[2]))
C = lambda *xs: R.choice(xs)
TT = "fromUnixTimestamp64Milli(time)"
TZ = ["'UTC'", "'Asia/Kolkata'", "'America/New_York'", "'Asia/Tokyo'", "'Europe/Berlin'", "'Australia/Adelaide'"]

def gen(ty, d):
    if d <= 0 or R.random() < 0.25:
        return leaf(ty)
    d -= 1
    if ty == "i":
        return C(lambda: "(%s %s %s)" % (gen("i", d), C("+", "-", "*", "%"), gen("i", d)),
                 lambda: "toInt64(%s)" % gen(C("f", "s_num", "d", "t"), d) if False else "toInt64(%s)" % gen(C("f", "d", "t", "b"), d),
                 lambda: "toInt32(%s)" % gen(C("i", "f", "b"), d), lambda: "length(%s)" % gen(C("s", "a"), d),
                 lambda: "abs(%s)" % gen("i", d), lambda: "if(%s, %s, %s)" % (gen("b", d), gen("i", d), gen("i", d)),
                 lambda: "round(%s, %d)" % (gen("i", d), R.randint(-2, 1)), lambda: "floor(%s, -1)" % gen("i", d),
                 lambda: "coalesce(%s, %s)" % (gen("i", d), gen("i", d)), lambda: "(%s - %s)" % (gen("d", d), gen("d", d)),
                 lambda: "toUnixTimestamp64Milli(%s)" % gen("t64", d), lambda: "CASE WHEN %s THEN %s ELSE %s END" % (gen("b", d), gen("i", d), gen("i", d)),
                 lambda: "count()" if False else "(%s)" % gen("i", d))()
    if ty == "f":
        return C(lambda: "(%s / %s)" % (gen(C("i", "f"), d), gen(C("i", "f"), d)), lambda: "toFloat64(%s)" % gen(C("i", "s", "d", "t64", "b"), d),
                 lambda: "round(%s, %d)" % (gen("f", d), R.randint(-1, 3)), lambda: "floor(%s)" % gen("f", d), lambda: "ceil(%s, 1)" % gen("f", d),
                 lambda: "(%s * %s)" % (gen("f", d), gen("i", d)), lambda: "abs(%s)" % gen("f", d), lambda: "if(%s, %s, %s)" % (gen("b", d), gen("f", d), gen("i", d)),
                 lambda: "(%s - %s)" % (gen("f", d), gen("f", d)))()
    if ty == "s":
        return C(lambda: "lower(%s)" % gen("s", d), lambda: "upper(%s)" % gen("s", d), lambda: "substring(%s, %d)" % (gen("s", d), R.randint(1, 4)),
                 lambda: "substring(%s, %d, %d)" % (gen("s", d), R.randint(-4, 4) or 1, R.randint(0, 5)), lambda: "concat(%s, %s)" % (gen("s", d), gen(C("s", "i", "d"), d)),
                 lambda: "trim(%s)" % gen("s", d), lambda: "toString(%s)" % gen(C("i", "f", "d", "t", "t64", "b", "a"), d),
                 lambda: "if(%s, %s, %s)" % (gen("b", d), gen("s", d), gen("s", d)), lambda: "coalesce(%s, %s)" % (gen("s", d), gen("s", d)),
                 lambda: "formatDateTime(%s, '%s')" % (gen(C("t", "d", "t64"), d), C("%Y-%m-%d", "%H:%i", "%F %T", "%j", "%u %V", "%b %e" if False else "%b %d", "%y%m", "%s.%f" if False else "%S")),
                 lambda: "arrayJoin(%s)" % gen("a", d), lambda: "%s[%d]" % (gen("a", d), R.randint(-2, 3) or 1),
                 lambda: "CASE %s WHEN 'VALID' THEN 'v' ELSE 'o' END" % gen("s", d) if False else "CASE WHEN %s THEN %s END" % (gen("b", d), gen("s", d)),
                 lambda: "JSONExtractString(concat('{\"k\":\"', %s, '\"}'), 'k')" % gen("s", d))()
    if ty == "b":
        return C(lambda: "(%s %s %s)" % (gen("i", d), C("=", "!=", "<", ">=", ">"), gen("i", d)), lambda: "(%s %s %s)" % (gen("s", d), C("=", "!=", "<", ">"), gen("s", d)),
                 lambda: "(%s AND %s)" % (gen("b", d), gen("b", d)), lambda: "(%s OR %s)" % (gen("b", d), gen("b", d)), lambda: "NOT %s" % gen("b", d),
                 lambda: "startsWith(%s, %s)" % (gen("s", d), leaf("s")), lambda: "endsWith(%s, %s)" % (gen("s", d), leaf("s")),
                 lambda: "has(%s, %s)" % (gen("a", d), gen("s", d)), lambda: "hasAny(%s, %s)" % (gen("a", d), gen("a", d)), lambda: "hasAll(%s, %s)" % (gen("a", d), gen("a", d)),
                 lambda: "(%s %s %s)" % (gen("d", d), C("=", "<", ">="), gen("d", d)), lambda: "(%s %s %s)" % (gen("t", d), C("<", ">"), gen(C("t", "d", "t64"), d)),
                 lambda: "(%s IN (%s, %s))" % (gen("s", d), leaf("s"), leaf("s")), lambda: "(%s LIKE '%s')" % (gen("s", d), C("%A%", "V%", "_e%", "%")),
                 lambda: "(%s BETWEEN %s AND %s)" % (gen("i", d), gen("i", d), gen("i", d)))()
    if ty == "d":
        return C(lambda: "toDate(%s)" % gen(C("t", "t64", "d"), d), lambda: "toStartOfMonth(%s)" % gen(C("t", "d", "t64"), d),
                 lambda: "toStartOfWeek(%s, %d)" % (gen(C("t", "d"), d), R.randint(0, 3)), lambda: "toStartOfQuarter(%s)" % gen(C("t", "d"), d),
                 lambda: "toStartOfYear(%s)" % gen(C("t", "d"), d), lambda: "(%s + %d)" % (gen("d", d), R.randint(-40, 40)),
                 lambda: "(%s - INTERVAL %d %s)" % (gen("d", d), R.randint(0, 13), C("DAY", "WEEK", "MONTH", "QUARTER", "YEAR")),
                 lambda: "toDate(%s, %s)" % (gen("t", d), C(*TZ)), lambda: "date_trunc('%s', %s)" % (C("week", "month", "quarter", "year"), gen("d", d)),
                 lambda: "if(%s, %s, %s)" % (gen("b", d), gen("d", d), gen("d", d)))()
    if ty == "t":
        return C(lambda: "toDateTime(%s)" % gen(C("t64", "d", "t"), d), lambda: "toStartOfHour(%s)" % gen(C("t", "t64"), d),
                 lambda: "toStartOfDay(%s)" % gen(C("t", "d", "t64"), d), lambda: "toStartOfMinute(%s)" % gen(C("t", "t64"), d),
                 lambda: "(%s + INTERVAL %d %s)" % (gen("t", d), R.randint(-30, 30), C("SECOND", "MINUTE", "HOUR", "DAY", "MONTH")),
                 lambda: "date_trunc('%s', %s)" % (C("second", "minute", "hour", "day"), gen("t", d)), lambda: "toDateTime(%s, 'UTC')" % gen("t", d),
                 lambda: "if(%s, %s, %s)" % (gen("b", d), gen("t", d), gen("t", d)), lambda: "(%s + %d)" % (gen("t", d), R.randint(-4000, 4000)))()
    if ty == "t64":
        return C(lambda: "toDateTime64(%s, %d)" % (gen(C("t", "t64", "d"), d), C(0, 3, 6)), lambda: "(%s + toIntervalMillisecond(%d))" % (gen("t64", d), R.randint(-2000, 2000)),
                 lambda: leaf("t64"), lambda: "date_trunc('%s', %s)" % (C("second", "minute", "hour"), gen("t64", d)),
                 lambda: "(%s - INTERVAL %d %s)" % (gen("t64", d), R.randint(0, 40), C("SECOND", "HOUR", "DAY", "MONTH")))()
    if ty == "a":
        return C(lambda: "arrayFilter(x -> %s, %s)" % (C("x != ''", "length(x) > 1", "startsWith(x, 'p')", "x < 'b'", "has(['a', 'b'], x)"), gen("a", d)),
                 lambda: "[%s, %s]" % (gen("s", d), gen("s", d)), lambda: "if(%s, %s, %s)" % (gen("b", d), gen("a", d), gen("a", d)), lambda: "tags")()
    return leaf(ty)

TABLE = None
def leaf(ty):
    t = TABLE
    if t == "key_verifications_v1":
        L = {"i": ["spent_credits", "spent_credits", "time", "length(tags)", str(R.randint(-3, 300)), "toInt64(latency)", "0"],
             "f": ["latency", "1.5", "-0.5", "0.1", "spent_credits / 3", "1e3"],
             "s": ["outcome", "key_id", "external_id", "identity_id", "key_space_id", "region", "'VALID'", "''", "'a'", "'ü日'", "'x y'"],
             "b": ["(outcome = 'VALID')", "(spent_credits > 0)", "has(tags, 'a')", "1", "0", "(external_id = '')"],
             "d": ["toDate(%s)" % TT, "today()", "toDate('2027-01-31')", "toDate('2024-02-29')", "toDate('1970-01-02')"],
             "t": ["toDateTime(%s)" % TT, "now()", "toDateTime('2027-03-31 23:59:59')", "toStartOfDay(%s)" % TT],
             "t64": [TT, TT, "now64()", "toDateTime64('2027-01-01 00:00:00.999', 3)"],
             "a": ["tags", "tags", "['a', 'b']", "[]", "['', 'ü']"]}
    elif t == "ratelimits_v1":
        L = {"i": ["limit", "remaining", "tokens", "time", "reset_at - time", "toInt64(passed)", str(R.randint(-3, 300)), "length(identifier)"],
             "f": ["latency", "1.5", "remaining / 3", "0.1"], "s": ["identifier", "namespace_id", "override_id", "'u1'", "''", "'ü'", "toString(passed)"],
             "b": ["passed", "NOT passed", "(remaining = 0)", "(tokens > 1)", "1", "0"],
             "d": ["toDate(%s)" % TT, "today()", "toDate('2027-01-31')"], "t": ["toDateTime(%s)" % TT, "now()", "toDateTime(fromUnixTimestamp64Milli(reset_at))"],
             "t64": [TT, "fromUnixTimestamp64Milli(reset_at)", "now64()"], "a": ["['u1', 'u2']", "[identifier]", "[]"]}
    elif t.startswith("ratelimits_per"):
        L = {"i": ["passed", "total", "passed_tokens", "total_tokens", "total - passed", str(R.randint(-3, 300)), "length(identifier)"],
             "f": ["passed / total", "1.5", "0.1"], "s": ["identifier", "namespace_id", "'u1'", "''", "toString(time)"],
             "b": ["(passed > 0)", "(total = passed)", "1", "0", "(identifier = 'u1')"],
             "d": ["toDate(time)", "today()", "toDate('2027-01-31')"], "t": ["toDateTime(time)", "now()", "toStartOfDay(time)"],
             "t64": ["toDateTime64(time, 3)", "now64()"], "a": ["[identifier]", "['u1']", "[]"]}
    else:
        L = {"i": ["count", "spent_credits", "length(tags)", str(R.randint(-3, 300)), "toInt64(count)"],
             "f": ["count / 3", "1.5", "0.1", "spent_credits * 0.5"], "s": ["outcome", "key_id", "external_id", "identity_id", "key_space_id", "'VALID'", "''", "toString(time)"],
             "b": ["(outcome = 'VALID')", "(count > 1)", "has(tags, 'a')", "1", "0", "(spent_credits > 0)"],
             "d": ["toDate(time)", "today()", "toDate('2027-01-31')", "toStartOfMonth(time)"], "t": ["toDateTime(time)", "now()", "toStartOfDay(time)"],
             "t64": ["toDateTime64(time, 3)", "now64()"], "a": ["tags", "tags", "['a']", "[]"]}
    return R.choice(L[ty])

seen = set(); i = 0
while i < N:
    ty = C("i", "f", "s", "b", "d", "t", "t64", "a")
    TABLE = sys.argv[3] if len(sys.argv) > 3 else C("ratelimits_v1", "ratelimits_v1", "ratelimits_per_hour_v1", "ratelimits_per_day_v1", "ratelimits_per_minute_v1", "key_verifications_per_day_v1", "key_verifications_per_hour_v1", "key_verifications_per_month_v1", "key_verifications_per_minute_v1")
    e = gen(ty, R.randint(1, 3))
    t = TABLE
    w = C("", "", " WHERE %s" % gen("b", 1))
    q = C("SELECT %s AS x, count() AS n FROM %s%s GROUP BY x ORDER BY x" % (e, t, w),
          ("SELECT %s AS x, request_id FROM %s%s ORDER BY request_id LIMIT 4" % (e, t, w)) if t in ("ratelimits_v1", "key_verifications_v1") else ("SELECT %s AS x, count() AS n FROM %s%s GROUP BY x ORDER BY x LIMIT 20" % (e, t, w)),
          "SELECT min(%s) AS a, max(%s) AS b FROM %s%s" % (e, e, t, w) if ty != "a" else "SELECT %s AS x, count() AS n FROM %s GROUP BY x ORDER BY x" % (e, t))
    if q in seen or len(q) > 1500: continue
    seen.add(q); i += 1
    print(json.dumps({"src": "gen9:" + t + ":" + ty, "sql": q}, ensure_ascii=False))
