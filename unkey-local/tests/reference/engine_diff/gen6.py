#!/usr/bin/env python3
"""Round 2 generator B: only upstream's allowed functions, deeper compositions. gen6.py N SEED"""
import json, random, sys
N = int(sys.argv[1]); R = random.Random(int(sys.argv[2]))
T = "key_verifications_v1"
VR = ["key_verifications_per_minute_v1", "key_verifications_per_hour_v1", "key_verifications_per_day_v1", "key_verifications_per_month_v1"]
RR = ["ratelimits_per_minute_v1", "ratelimits_per_hour_v1", "ratelimits_per_day_v1", "ratelimits_per_month_v1"]
TZ = ["UTC", "Asia/Kolkata", "America/New_York", "Europe/Berlin", "Asia/Tokyo", "Australia/Adelaide", "America/St_Johns",
      "Pacific/Chatham", "Asia/Kathmandu", "Etc/GMT+12", "Etc/GMT-14", "Europe/London", "America/Los_Angeles", "Pacific/Apia", "Africa/Casablanca", "America/Sao_Paulo"]
TT = "fromUnixTimestamp64Milli(time)"
C = lambda *xs: R.choice(xs)
def tz(): return "'%s'" % C(*TZ)

def W():
    return C("", "", " WHERE outcome = 'VALID'", " WHERE spent_credits > 0", " WHERE has(tags, 'a')", " WHERE outcome != 'VALID'",
             " WHERE %s >= toDateTime('2027-01-15 00:00:00')" % TT, " WHERE %s < now() - INTERVAL 30 DAY" % TT,
             " WHERE time >= toUnixTimestamp64Milli(now64() - INTERVAL 90 DAY)", " WHERE startsWith(key_id, 'key_')")

def timeexpr(src):
    f = C("toStartOfDay(%s, %s)", "toStartOfHour(%s, %s)", "toStartOfWeek(%s, %d, %s)", "toStartOfMonth(%s, %s)",
          "toStartOfQuarter(%s, %s)", "toStartOfYear(%s, %s)", "toStartOfMinute(%s, %s)", "toDate(%s, %s)", "toDateTime(%s, %s)",
          "date_trunc('%s', %s, %s)", "formatDateTime(%s, '%s', %s)", "toString(%s, %s)", "toDateTime64(%s, %d, %s)",
          "toStartOfWeek(%s, %d)", "toStartOfDay(%s)", "date_trunc('%s', %s)", "toDateTime64(%s, %d)", "toUnixTimestamp64Milli(toDateTime64(%s, 3))",
          "toInt64(%s)", "toFloat64(%s)", "toString(%s)", "toInt32(toDate(%s))")
    if f.startswith("toStartOfWeek(%s, %d, %s)"): return f % (src, R.randint(0, 9), tz())
    if f == "toStartOfWeek(%s, %d)": return f % (src, R.randint(0, 9))
    if f.startswith("date_trunc('%s', %s, %s)"): return f % (C("second", "minute", "hour", "day", "week", "month", "quarter", "year"), src, tz())
    if f.startswith("date_trunc('%s', %s)"): return f % (C("second", "minute", "hour", "day", "week", "month", "quarter", "year"), src)
    if f.startswith("formatDateTime"): return f % (src, fmt(), tz())
    if f.startswith("toDateTime64(%s, %d, %s)"): return f % (src, R.choice([0, 1, 3, 6, 9]), tz())
    if f.startswith("toDateTime64(%s, %d)"): return f % (src, R.choice([0, 1, 3, 6, 9]))
    if f.count("%s") == 2: return f % (src, tz())
    return f % src

def fmt():
    fs = ["%Y", "%m", "%d", "%H", "%M", "%S", "%i", "%p", "%j", "%u", "%w", "%a", "%b", "%D", "%F", "%T", "%R", "%y", "%C",
          "%I", "%l", "%k", "%n", "%t", "%%", "%V", "%G", "%g", "%Q", "%z", "%s", "%f", "%h", "%c", "%W", "%r", "%x", "%v", "%L", "%E", "%U", "%e"]
    fs.remove("%e")  # W35
    return "".join(R.choice(fs) + C("", "-", " ", ":", "T", "/") for _ in range(R.randint(1, 3)))

def src():
    return C(TT, TT, "toDateTime(%s)" % TT, "toDateTime64(%s, 3)" % TT, "now()", "now64()", "toDateTime('2026-12-31 23:30:00')",
             "toDateTime64('2027-03-28 01:30:00.123', 3)", "toDateTime('2027-10-31 00:59:59', 'Europe/Berlin')", "toDateTime(%s, 'Asia/Kolkata')" % TT,
             "toDate(%s)" % TT, "today()")

def q_time():
    e = timeexpr(src())
    if R.random() < 0.3:
        e = timeexpr(e) if not e.startswith(("formatDateTime", "toString", "toInt", "toFloat", "toUnix")) else e
    return "SELECT %s AS d, count() AS n FROM %s%s GROUP BY d ORDER BY d" % (e, T, W())

def q_time_roll():
    t = C(*VR + RR)
    cnt = "count" if t in VR else C("total", "passed")
    col = C("time", "time", "toDateTime(time)", "toDate(time)")
    f = C("toStartOfDay(%s)", "toStartOfWeek(%s)", "toStartOfWeek(%s, 1)", "toStartOfWeek(%s, 3)", "toStartOfMonth(%s)", "toStartOfQuarter(%s)", "toStartOfYear(%s)",
          "date_trunc('week', %s)", "date_trunc('month', %s)", "date_trunc('day', %s)", "date_trunc('quarter', %s)", "toDate(%s)", "toString(%s)",
          "formatDateTime(%s, '%%Y-%%m-%%d')", "toDateTime(%s)", "toDateTime64(%s, 3)", "%s + INTERVAL 1 DAY", "%s - INTERVAL 1 MONTH", "%s + toIntervalWeek(1)",
          "toInt64(%s)", "toInt32(%s)", "toFloat64(%s)", "toStartOfDay(%s, 'Asia/Tokyo')", "toDate(%s, 'America/New_York')", "toDateTime(%s, 'Asia/Kolkata')",
          "toStartOfMonth(%s) - INTERVAL 1 DAY", "%s + 1", "%s - 1", "toStartOfHour(toDateTime(%s))", "toUnixTimestamp64Milli(toDateTime64(%s, 3))")
    f = f.replace("%%", "\x00") % col
    f = f.replace("\x00", "%")
    w = C("", " WHERE time >= now() - INTERVAL 60 DAY", " WHERE time >= today() - 30", " WHERE time < toStartOfMonth(now())",
          " WHERE time >= toStartOfMonth(now() - INTERVAL 2 MONTH)", " WHERE time BETWEEN toDate('2026-12-10') AND toDate('2027-03-01')",
          " WHERE time >= toDateTime64('2027-01-01 00:00:00.000', 3)", " WHERE time > '2027-01-15'", " WHERE time = toStartOfMonth(time)")
    return "SELECT %s AS d, sum(%s) AS n FROM %s%s GROUP BY d ORDER BY d" % (f, cnt, t, w)

def q_round():
    x = C("spent_credits / 3", "spent_credits * 1.005", "spent_credits * 2.5", "-spent_credits * 2.5", "spent_credits - 0.5", "spent_credits / 7 * 1000",
          "toFloat64(spent_credits) / 3", "toInt32(spent_credits) * 15", "spent_credits * 0.1", "avg(spent_credits)", "sum(spent_credits) / 7",
          "count() / 3", "count() * 1.5", "quantile(0.5)(spent_credits) / 3", "toInt64(spent_credits) - 3")
    agg = x.startswith(("avg", "sum", "count", "quantile"))
    f = C("round(%s)", "round(%s, %d)", "floor(%s)", "floor(%s, %d)", "ceil(%s)", "ceil(%s, %d)", "abs(%s)", "round(abs(%s), %d)",
          "round(%s, %d) * 100", "toString(round(%s, %d))", "toInt64(round(%s))", "toInt32(floor(%s))", "round(round(%s, 2), 1)", "ROUND(%s, %d)", "FLOOR(%s)", "Ceil(%s, %d)")
    e = f.replace("%s", x).replace("%d", str(R.randint(-3, 4)))
    g = C("outcome", "key_space_id", "spent_credits")
    if agg:
        return "SELECT %s AS g, %s AS r FROM %s%s GROUP BY g ORDER BY g" % (g, e, T, W())
    return "SELECT spent_credits AS s, %s AS r, count() AS n FROM %s%s GROUP BY s, r ORDER BY s, r" % (e, T, W())

def q_quant():
    lvl = C("0", "0.01", "0.1", "0.25", "0.5", "0.75", "0.9", "0.95", "0.99", "0.999", "1", "0.333", "1e-3", "0.5e0", "")
    x = C("spent_credits", "latency", "length(tags)", "time % 1000", "toFloat64(spent_credits) / 3", "time", TT, "toDate(%s)" % TT,
          "toInt32(spent_credits) - 2", "toDateTime64(%s, 3)" % TT, "count")
    t = T if x != "count" else C(*VR)
    q = "quantile(%s)(%s)" % (lvl, x) if lvl else "quantile(%s)" % x
    if R.random() < 0.3:
        q = C("quantile(%s)(DISTINCT %s)" % (lvl or "0.5", x), "round(%s, 2)" % q, "toString(%s)" % q, "%s - quantile(0.1)(%s)" % (q, x))
    g = C("outcome", "key_space_id", "toStartOfMonth(%s)" % TT if t == T else "toStartOfMonth(time)", "1")
    if R.random() < 0.25:
        fr = C("", " ORDER BY g", " ORDER BY g ROWS BETWEEN 1 PRECEDING AND CURRENT ROW")
        return "SELECT g, v, quantile(%s)(v) OVER (%s) AS w FROM (SELECT %s AS g, count() AS v FROM %s GROUP BY g) ORDER BY g" % (lvl or "0.5", fr.strip(), g, T)
    return "SELECT %s AS g, %s AS q FROM %s%s GROUP BY g ORDER BY g" % (g, q, t, W() if t == T else "")

def q_window():
    part = C("", "PARTITION BY key_space_id ", "PARTITION BY outcome ")
    frame = C("", " ROWS BETWEEN 1 PRECEDING AND CURRENT ROW", " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
              " ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING", " ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING", " ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING",
              " ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING", " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING",
              " RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW", " RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING",
              " ROWS 2 PRECEDING", " RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING", " RANGE BETWEEN 10 PRECEDING AND CURRENT ROW",
              " RANGE CURRENT ROW", " ROWS UNBOUNDED PRECEDING", " RANGE BETWEEN 1 FOLLOWING AND 20 FOLLOWING")
    order = C("key_id, outcome", "c DESC, key_id, outcome", "c, key_id, outcome", "c", "c DESC", "s, c")
    if "RANGE BETWEEN" in frame and any(ch.isdigit() for ch in frame):
        order = C("c", "c DESC", "s")
    if order in ("c", "c DESC", "s", "s, c") and frame.startswith(" ROWS"):
        frame = C("", " RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW", " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING")
    f = C("sum(c)", "avg(c)", "min(c)", "max(c)", "count()", "count(c)", "any(c)", "sum(s)", "avg(s)", "countIf(c > 5)", "sumIf(c, outcome = 'VALID')",
          "uniqExact(outcome)", "uniq(key_id)", "quantile(0.5)(c)", "max(c) - min(c)", "sum(c) / count()", "arrayFilter(x -> x > 10, groupArray(c))", "length(groupArray(c))")
    if f.startswith(("any", "arrayFilter")) and frame and "UNBOUNDED FOLLOWING" not in frame:
        f = "sum(c)"
    if f.startswith(("any", "arrayFilter")):
        frame = C(" ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING", "") if order.startswith("key_id") else ""
        if f.startswith("any"): f = "max(c)"
    inner = "SELECT key_space_id, key_id, outcome, count() AS c, sum(spent_credits) AS s FROM %s%s GROUP BY key_space_id, key_id, outcome" % (T, W())
    w = "%s OVER (%sORDER BY %s%s)" % (f, part, order, frame)
    if R.random() < 0.15:
        w = "%s OVER (%s)" % (f, part.strip())
    if R.random() < 0.15:
        return "SELECT key_id, outcome, c, %s AS w FROM (%s) WINDOW x AS (%sORDER BY %s) ORDER BY key_id, outcome" % (f + " OVER x", inner, part, order)
    if R.random() < 0.15:
        return "SELECT key_id, outcome, count() AS c, %s AS w FROM %s%s GROUP BY key_space_id, key_id, outcome ORDER BY key_id, outcome" % (
            w.replace("sum(s)", "sum(sum(spent_credits))").replace("avg(s)", "avg(sum(spent_credits))").replace("(c)", "(count())").replace("(c,", "(count(),").replace("c > 5", "count() > 5").replace("ORDER BY c", "ORDER BY count()").replace("s, c", "sum(spent_credits), count()"), T, W())
    return "SELECT key_id, outcome, c, %s AS w FROM (%s) ORDER BY key_id, outcome" % (w, inner)

def q_window_time():
    t = C(*VR + RR)
    cnt = "count" if t in VR else "total"
    key = C("toDate(time)", "toStartOfWeek(time)", "toStartOfMonth(time)", "time")
    fr = C("ROWS BETWEEN 6 PRECEDING AND CURRENT ROW", "ROWS BETWEEN 2 PRECEDING AND CURRENT ROW", "RANGE BETWEEN 3 PRECEDING AND CURRENT ROW",
           "RANGE BETWEEN 7 PRECEDING AND 1 PRECEDING", "ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING", "")
    f = C("sum(n)", "avg(n)", "max(n)", "min(n)", "count()", "quantile(0.9)(n)", "sum(n) / sum(sum(n)) OVER ()")
    if f.startswith("sum(n) / sum(sum"):
        return "SELECT %s AS d, sum(%s) AS n, round(n / sum(n) OVER (), 4) AS share FROM %s GROUP BY d ORDER BY d" % (key, cnt, t)
    return "SELECT d, n, %s OVER (ORDER BY d %s) AS w FROM (SELECT %s AS d, sum(%s) AS n FROM %s GROUP BY d) ORDER BY d" % (f, fr, key, cnt, t)

def q_fill():
    c = R.random()
    if c < 0.4:
        t = C(*VR + RR); cnt = "count" if t in VR else "total"
        key = C("toDate(time)", "toStartOfDay(time)", "toStartOfWeek(time)", "toStartOfMonth(time)", "time", "toDateTime(time)")
        dt = key in ("toStartOfDay(time)", "toDateTime(time)") or (key == "time" and ("minute" in t or "hour" in t))
        step = C("", " STEP INTERVAL 1 DAY", " STEP INTERVAL 1 WEEK", " STEP INTERVAL 1 MONTH", " STEP toIntervalDay(3)", " STEP INTERVAL 2 QUARTER") if True else ""
        if not step and dt: step = " STEP 86400"
        lo = "toDateTime('2026-12-01 00:00:00')" if dt else "toDate('2026-12-01')"
        hi = "toDateTime('2027-02-10 00:00:00')" if dt else "toDate('2027-02-10')"
        fr = C("", " FROM %s" % lo, " FROM %s TO %s" % (lo, hi), " TO %s" % hi)
        if not fr and not step: step = " STEP 1"
        desc = C("", "") 
        return "SELECT %s AS d, sum(%s) AS n FROM %s GROUP BY d ORDER BY d%s WITH FILL%s%s LIMIT 500" % (key, cnt, t, desc, fr, step)
    if c < 0.6:
        key = C("toStartOfHour(%s)" % TT, "toStartOfDay(%s)" % TT, "toDate(%s)" % TT, "toStartOfWeek(%s)" % TT, "toStartOfMonth(%s)" % TT)
        dt = "Hour" in key or "Day(" in key
        step = C(" STEP INTERVAL 6 HOUR", " STEP INTERVAL 1 DAY", " STEP 3600") if dt else C(" STEP 1", " STEP 7", " STEP INTERVAL 1 MONTH", "")
        if step == " STEP INTERVAL 6 HOUR" and "Day" in key: step = " STEP INTERVAL 1 DAY"
        if R.random() < 0.4:
            return "SELECT outcome, %s AS d, count() AS n FROM %s%s GROUP BY outcome, d ORDER BY outcome, d WITH FILL%s LIMIT 500" % (key, T, W(), step)
        return "SELECT %s AS d, count() AS n FROM %s%s GROUP BY d ORDER BY d WITH FILL%s LIMIT 500" % (key, T, W(), step)
    if c < 0.8:
        return "SELECT spent_credits AS s, count() AS n FROM %s%s GROUP BY s ORDER BY s%s WITH FILL FROM %d TO %d STEP %d" % (
            T, W(), C("", " DESC"), R.randint(-2, 1), R.randint(3, 8), R.randint(1, 2)) if True else ""
    return C("SELECT toDate(time) AS d, sum(count) AS n FROM %s GROUP BY d ORDER BY d WITH FILL STEP 1 INTERPOLATE (n AS n) LIMIT 300" % C(*VR),
             "SELECT toDate(time) AS d, sum(count) AS n FROM %s GROUP BY d ORDER BY d DESC WITH FILL STEP -1 LIMIT 300" % C(*VR),
             "SELECT toDate(time) AS d, outcome, sum(count) AS n FROM %s GROUP BY d, outcome ORDER BY d WITH FILL, outcome LIMIT 300" % C(*VR),
             "SELECT toStartOfMonth(time) AS m, sum(count) AS n FROM %s GROUP BY m ORDER BY m WITH FILL FROM toDate('2026-06-01') TO toDate('2027-09-01') STEP INTERVAL 1 MONTH" % C(*VR),
             "SELECT toDate(time) AS d, sum(count) AS n FROM %s GROUP BY d ORDER BY d WITH FILL FROM today() - 200 TO today() STEP 1 LIMIT 300" % C(*VR))

def q_groupmods():
    a, b = R.sample(["outcome", "key_space_id", "toStartOfMonth(%s)" % TT, "spent_credits", "external_id != ''", "length(tags)", "toDate(%s)" % TT], 2)
    mode = C("GROUPING SETS ((a), (b), ())", "GROUPING SETS ((a, b), (a))", "a, b WITH ROLLUP", "a, b WITH CUBE", "a, b WITH TOTALS",
             "a WITH TOTALS", "GROUPING SETS (a, b)", "a, b WITH ROLLUP WITH TOTALS", "GROUPING SETS ((a, b), ())", "a, b WITH CUBE WITH TOTALS")
    agg = C("count()", "sum(spent_credits)", "uniqExact(key_id)", "countIf(outcome = 'VALID')", "max(spent_credits)", "avg(spent_credits)",
            "min(%s)" % TT, "quantile(0.5)(spent_credits)", "groupUniqArray(outcome)", "any(outcome)")
    if agg == "groupUniqArray(outcome)": agg = "length(groupUniqArray(outcome))"
    if agg == "any(outcome)": agg = "max(outcome)"
    having = C("", "", " HAVING n > 5", " HAVING a != ''" if a in ("outcome", "key_space_id") else "")
    lim = C("", "", " LIMIT 5")
    return "SELECT %s AS a, %s AS b, %s AS n FROM %s%s GROUP BY %s%s ORDER BY a, b, n%s" % (a, b, agg, T, W(), mode, having, lim)

def q_limitby():
    by = C("key_space_id", "outcome", "key_space_id, outcome", "1", "outcome, key_space_id")
    return ("SELECT key_space_id, outcome, key_id, count() AS c FROM %s%s GROUP BY key_space_id, outcome, key_id "
            "ORDER BY key_space_id, outcome, c DESC, key_id LIMIT %d%s BY %s%s") % (T, W(), R.randint(1, 3), C("", " OFFSET 1", ""), by, C("", " LIMIT 7", " LIMIT 3 OFFSET 2", ""))

def q_setop():
    sel = C("key_id", "outcome", "key_space_id", "toDate(%s)" % TT, "spent_credits")
    a = "SELECT %s AS x FROM %s%s" % (sel, T, W())
    b = "SELECT %s AS x FROM %s%s" % (sel, T, W())
    op = C("UNION ALL", "UNION DISTINCT", "EXCEPT", "EXCEPT DISTINCT", "INTERSECT", "INTERSECT DISTINCT")
    return C("SELECT x, count() AS n FROM (%s %s %s) GROUP BY x ORDER BY x" % (a, op, b),
             "SELECT DISTINCT x FROM (%s %s %s) ORDER BY x" % (a, op, b),
             "SELECT count() AS n FROM (%s %s %s)" % (a, op, b),
             "WITH u AS (%s %s %s) SELECT x FROM u GROUP BY x ORDER BY x" % (a, op, b),
             "SELECT x FROM (%s %s %s) ORDER BY x LIMIT 5" % (a, op, b))

def q_case():
    e = C("CASE WHEN spent_credits = 0 THEN 'free' WHEN spent_credits < 2 THEN 'low' ELSE 'high' END",
          "CASE WHEN spent_credits = 0 THEN 0 WHEN spent_credits < 2 THEN 1.5 ELSE -1 END",
          "CASE WHEN spent_credits > 2 THEN toDate(%s) ELSE toDate('2000-01-01') END" % TT,
          "CASE WHEN has(tags, 'a') THEN 'a' WHEN has(tags, 'b') THEN 'b' END",
          "CASE WHEN outcome = 'VALID' THEN NULL ELSE outcome END",
          "if(outcome = 'VALID', 1, if(outcome = 'DISABLED', 2.5, NULL))",
          "if(spent_credits > 0, spent_credits, -1)", "if(spent_credits > 0, 'paid', NULL)", "if(has(tags, 'a'), tags, [])",
          "coalesce(if(outcome = 'VALID', NULL, outcome), 'ok')", "if(spent_credits > 1, toString(spent_credits), 'x')",
          "CASE WHEN length(tags) > 1 THEN length(tags) ELSE NULL END", "if(external_id = '', NULL, external_id)",
          "CASE WHEN spent_credits > 2 THEN %s END" % TT, "if(spent_credits > 0, %s, now())" % TT)
    return "SELECT %s AS cat, count() AS n, sum(spent_credits) AS s FROM %s%s GROUP BY cat ORDER BY cat, n" % (e, T, W())

def q_string():
    c = C("key_id", "outcome", "external_id", "identity_id", "arrayJoin(tags)", "key_space_id", "region")
    f = C("substring(%s, %d)", "substring(%s, %d, %d)", "substring(%s, -%d)", "substring(%s, -%d, %d)", "lower(%s)", "upper(%s)", "length(%s)",
          "trim(%s)", "trim(BOTH 'a' FROM %s)", "trim(LEADING 'k' FROM %s)", "trim(TRAILING 'D' FROM %s)", "concat(%s, '-', toString(spent_credits))",
          "concat(%s, spent_credits)", "startsWith(%s, 'k')", "endsWith(%s, 'ED')", "upper(substring(%s, 1, 1))", "length(concat(%s, %s))",
          "substring(%s, 2, 0)", "lower(%s) = %s", "concat(%s)", "substring(%s, %d, -1)", "JSONExtractString(concat('{\"a\":\"', %s, '\"}'), 'a')",
          "%s || '|'", "length(lower(%s))", "toInt64(length(%s)) - 5", "SUBSTRING(%s FROM %d FOR %d)", "substring(%s FROM %d)")
    if "substring(%s, 2, 0)" == f or R.random() < 0.0: pass
    n = f.count("%d"); s = f.count("%s")
    vals = []
    for ch in f.split("%")[1:]:
        vals.append(c if ch[0] == "s" else R.randint(1, 6))
    e = f % tuple(vals)
    return "SELECT %s AS v, count() AS n FROM %s%s GROUP BY v ORDER BY v, n" % (e, T, W())

def q_cte():
    base = "SELECT key_id, outcome, spent_credits, %s AS t, tags FROM %s%s" % (TT, T, W())
    return C(
        "WITH a AS (%s), b AS (SELECT key_id, count() AS n FROM a GROUP BY key_id) SELECT key_id, n FROM b WHERE n > %d ORDER BY key_id" % (base, R.randint(0, 30)),
        "WITH a AS (%s), b AS (SELECT outcome, count() AS n FROM a GROUP BY outcome) SELECT outcome, n, round(n * 100 / (SELECT sum(n) FROM b), 2) AS pct FROM b ORDER BY outcome" % base,
        "WITH %d AS lim, a AS (%s) SELECT key_id, count() AS n FROM a GROUP BY key_id HAVING n > lim ORDER BY key_id" % (R.randint(1, 40), base),
        "WITH (SELECT max(%s) FROM %s) AS last SELECT outcome, count() AS n FROM %s WHERE %s > last - INTERVAL %d DAY GROUP BY outcome ORDER BY outcome" % (TT, T, T, TT, R.randint(1, 90)),
        "SELECT k, n FROM (SELECT k, count() AS n FROM (SELECT key_id AS k FROM (SELECT * FROM %s%s)) GROUP BY k) WHERE n > 1 ORDER BY k" % (T, W()),
        "WITH a AS (SELECT key_id, count() AS n FROM %s GROUP BY key_id) SELECT x.key_id AS k, x.n AS n FROM a AS x WHERE x.n >= (SELECT avg(n) FROM a) ORDER BY k" % T,
        "SELECT outcome, n FROM (SELECT outcome, count() AS n FROM %s GROUP BY outcome ORDER BY n DESC, outcome LIMIT 3) ORDER BY outcome" % T,
        "WITH t AS (SELECT toStartOfMonth(time) AS m, sum(count) AS n FROM %s GROUP BY m) SELECT m, n, n - (SELECT min(n) FROM t) AS d FROM t ORDER BY m" % C(*VR),
        "WITH a AS (%s) SELECT arrayJoin(tags) AS tag, count() AS n FROM a GROUP BY tag ORDER BY tag" % base,
        "WITH a AS (%s), b AS (SELECT * FROM a WHERE spent_credits > 0), c AS (SELECT key_id, sum(spent_credits) AS s FROM b GROUP BY key_id) SELECT * FROM c ORDER BY key_id" % base,
        "WITH toStartOfDay(%s) AS d SELECT d, count() AS n FROM %s GROUP BY d ORDER BY d" % (TT, T),
        "WITH d AS (SELECT toDate(t) AS day, count() AS n FROM (%s) GROUP BY day) SELECT day, n, sum(n) OVER (ORDER BY day) AS cum FROM d ORDER BY day" % base,
    )

def q_rl():
    c = C("", " WHERE passed", " WHERE NOT passed", " WHERE identifier != ''", " WHERE override_id = ''", " WHERE limit > 2", " WHERE tokens > 1",
          " WHERE time >= toUnixTimestamp64Milli(now64() - INTERVAL 60 DAY)", " WHERE identifier IN ('u1', 'ü', 'user_3')")
    e = C("countIf(passed)", "countIf(NOT passed)", "round(countIf(passed) / count(), 4)", "sum(tokens)", "avg(remaining)", "quantile(0.5)(remaining)",
          "max(limit)", "min(reset_at - time)", "uniqExact(identifier)", "sumIf(tokens, NOT passed)", "sum(passed)", "avg(passed)", "max(passed)",
          "min(%s)" % TT, "max(fromUnixTimestamp64Milli(reset_at))", "count()", "sum(toInt64(passed))", "countIf(passed = false)", "countIf(remaining = 0)")
    g = C("namespace_id", "identifier", "passed", "toStartOfDay(%s)" % TT, "toStartOfHour(%s)" % TT, "limit", "namespace_id, identifier",
          "toStartOfWeek(%s)" % TT, "toDate(%s, 'Asia/Tokyo')" % TT, "formatDateTime(%s, '%%Y-%%m')" % TT)
    if R.random() < 0.35:
        t = C(*RR)
        return C("SELECT identifier, sum(passed) AS p, sum(total) AS t, round(p / t, 3) AS r FROM %s GROUP BY identifier ORDER BY identifier" % t,
                 "SELECT namespace_id, toStartOfDay(time) AS d, sum(total) - sum(passed) AS blocked FROM %s GROUP BY namespace_id, d HAVING blocked > 0 ORDER BY namespace_id, d" % t,
                 "SELECT identifier, sum(total) AS t FROM %s GROUP BY identifier ORDER BY t DESC, identifier LIMIT 3" % t,
                 "SELECT d, n, sum(n) OVER (ORDER BY d) AS cum FROM (SELECT toDate(time) AS d, sum(total) AS n FROM %s GROUP BY d) ORDER BY d" % t,
                 "SELECT toDate(time) AS d, sum(passed) AS p FROM %s GROUP BY d ORDER BY d WITH FILL STEP 1 LIMIT 300" % t,
                 "SELECT namespace_id, identifier, sum(total) AS t FROM %s GROUP BY namespace_id, identifier ORDER BY namespace_id, t DESC, identifier LIMIT 2 BY namespace_id" % t,
                 "SELECT time, passed, total, passed_tokens, total_tokens FROM %s FINAL ORDER BY time, namespace_id, identifier LIMIT 20" % t,
                 "SELECT toStartOfMonth(time) AS m, identifier, sum(total) AS t FROM %s GROUP BY m, identifier WITH ROLLUP ORDER BY m, identifier" % t,
                 "SELECT identifier, countIf(passed > 0) AS c, count() AS rows FROM %s GROUP BY identifier ORDER BY identifier" % t)
    return "SELECT %s, %s AS v FROM ratelimits_v1%s GROUP BY %s ORDER BY %s" % (g, e, c, g, g).replace("%%", "%") if "%%" in g else \
        "SELECT %s, %s AS v FROM ratelimits_v1%s GROUP BY %s ORDER BY %s" % (g, e, c, g, g)

def q_arr():
    return C(
        "SELECT key_id, tag, count() AS c FROM %s LEFT ARRAY JOIN tags AS tag GROUP BY key_id, tag ORDER BY key_id, tag" % T,
        "SELECT tag, count() AS c FROM %s ARRAY JOIN tags AS tag%s GROUP BY tag ORDER BY tag" % (T, W()),
        "SELECT t, count() AS c FROM (SELECT arrayJoin(tags) AS t FROM %s%s) GROUP BY t ORDER BY t" % (T, W()),
        "SELECT arrayJoin(arrayFilter(x -> x != '', tags)) AS t, uniqExact(key_id) AS k FROM %s GROUP BY t ORDER BY t" % T,
        "SELECT arrayJoin([1, 2, 3]) AS x, count() AS c FROM %s%s GROUP BY x ORDER BY x" % (T, W()),
        "SELECT x, count() AS c FROM %s ARRAY JOIN [spent_credits, 10] AS x GROUP BY x ORDER BY x" % T,
        "SELECT tag, outcome, count() AS c FROM %s ARRAY JOIN tags AS tag GROUP BY tag, outcome ORDER BY c DESC, tag, outcome LIMIT 5" % T,
        "SELECT arrayFilter(x -> x LIKE '%%a%%', tags) AS f, count() AS c FROM %s GROUP BY f ORDER BY f" % T,
        "SELECT has(tags, %s) AS h, hasAny(tags, ['a', 'b']) AS y, hasAll(tags, ['a', 'b']) AS z, count() AS c FROM %s GROUP BY h, y, z ORDER BY h, y, z" % (C("'a'", "''", "'日本'", "'tag with space'"), T),
        "SELECT tags, count() AS c FROM %s ARRAY JOIN tags AS tag WHERE tag = 'a' GROUP BY tags ORDER BY tags" % T,
        "SELECT arrayJoin(tags) AS t, arrayJoin([1, 2]) AS i, count() AS c FROM %s GROUP BY t, i ORDER BY t, i" % T,
        "SELECT groupArray(tag) AS g FROM (SELECT DISTINCT arrayJoin(tags) AS tag FROM %s ORDER BY tag)" % T,
    )

KINDS = [(q_time, 14), (q_time_roll, 10), (q_round, 8), (q_quant, 8), (q_window, 12), (q_window_time, 6), (q_fill, 9),
         (q_groupmods, 8), (q_limitby, 3), (q_setop, 6), (q_case, 6), (q_string, 8), (q_cte, 7), (q_rl, 8), (q_arr, 5)]
fs = [f for f, w in KINDS for _ in range(w)]
seen = set(); i = 0; tries = 0
while i < N and tries < N * 30:
    tries += 1
    f = R.choice(fs); q = f()
    if q in seen: continue
    seen.add(q); i += 1
    print(json.dumps({"src": "gen6:" + f.__name__, "sql": q}, ensure_ascii=False))
