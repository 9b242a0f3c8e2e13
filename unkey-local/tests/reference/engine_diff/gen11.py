#!/usr/bin/env python3
"""Round 3 generator: the forms dashboards and assistants write, over upstream's allowed
functions — time buckets (zones, formatDateTime formats, CAST, EXTRACT, date_trunc units,
WITH FILL), aggregates OVER windows (running sums per key, moving averages, frames, shares),
string functions and LIKE/ILIKE over tags and ids, quantile levels, -If aggregates, uniq,
CTEs, IN subqueries, and the rate-limit tables. gen11.py N SEED"""
import json, random, sys
N = int(sys.argv[1]); R = random.Random(int(sys.argv[2]))
RAWT = "fromUnixTimestamp64Milli(time)"
ZONES = ["", "UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney",
         "America/Los_Angeles", "Europe/London", "Asia/Kathmandu"]
FMTS = ["%Y-%m-%d", "%Y-%m-%d %H:00", "%H", "%a", "%u", "%Y-%m", "%b %e", "%d/%m/%Y", "%H:%i", "%j", "%V",
        "%G-W%V", "%p", "%I %p", "%F", "%T", "%D", "%e", "%M", "%W", "%y", "%w", "%k", "%l", "%Q", "%s", "%R", "%h"]
VTABLES = [("key_verifications_v1", RAWT, "count()", "countIf(outcome = 'VALID')", "sum(spent_credits)"),
           ("key_verifications_per_minute_v1", "time", "sum(count)", "sumIf(count, outcome = 'VALID')", "sum(spent_credits)"),
           ("key_verifications_per_hour_v1", "time", "sum(count)", "sumIf(count, outcome = 'VALID')", "sum(spent_credits)"),
           ("key_verifications_per_day_v1", "time", "sum(count)", "sum(if(outcome = 'VALID', count, 0))", "sum(spent_credits)"),
           ("key_verifications_per_month_v1", "time", "sum(count)", "sumIf(count, outcome != 'VALID')", "sum(spent_credits)")]
RTABLES = [("ratelimits_v1", RAWT, "count()", "countIf(passed)", "countIf(NOT passed)"),
           ("ratelimits_per_minute_v1", "time", "sum(total)", "sum(passed)", "sum(total) - sum(passed)"),
           ("ratelimits_per_hour_v1", "time", "sum(total)", "sum(passed)", "sum(total - passed)"),
           ("ratelimits_per_day_v1", "time", "sum(total)", "sum(passed)", "sum(passed_tokens)"),
           ("ratelimits_per_month_v1", "time", "sum(total)", "sum(passed)", "sum(total_tokens)")]
VKEYS = ["key_id", "key_space_id", "outcome", "identity_id", "external_id"]
RKEYS = ["identifier", "namespace_id"]

def z(tz):
    return ", '%s'" % tz if tz else ""

def bucket(t):
    tz = R.choice(ZONES)
    f = R.choice(["toStartOfHour", "toStartOfDay", "toStartOfWeek", "toStartOfMonth", "toStartOfMinute", "toDate",
                  "toStartOfQuarter", "toStartOfYear", "date_trunc", "formatDateTime", "CAST", "EXTRACT", "toDateTime"])
    if f == "date_trunc":
        return "date_trunc('%s', %s%s)" % (R.choice(["minute", "hour", "day", "week", "month", "quarter", "year"]), t, z(tz))
    if f == "formatDateTime":
        return "formatDateTime(%s, '%s'%s)" % (t, R.choice(FMTS), z(tz))
    if f == "CAST":
        return "CAST(%s AS %s)" % (t, R.choice(["Date", "DateTime", "String", "DateTime64(3)", "Date32"]))
    if f == "EXTRACT":
        return "EXTRACT(%s FROM %s)" % (R.choice(["YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "QUARTER", "WEEK"]), t)
    if f == "toStartOfWeek":
        return "toStartOfWeek(%s, %d%s)" % (t, R.choice([0, 1, 2, 3]), z(tz))
    if f == "toDateTime" and tz:
        return "toDateTime(%s, '%s')" % (t, tz)
    return "%s(%s%s)" % (f, t, z(tz))

def frame():
    return R.choice(["", " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW", " ROWS BETWEEN %d PRECEDING AND CURRENT ROW" % R.randint(1, 7),
                     " ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING", " ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING",
                     " ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING", " ROWS UNBOUNDED PRECEDING", " ROWS %d PRECEDING" % R.randint(1, 3),
                     " RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW", " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING"])

STRX = ["upper(t)", "lower(t)", "length(t)", "concat(t, '!')", "concat('[', t, ']')", "substring(t, 1, 1)", "substring(t, 3)",
        "trim(t)", "startsWith(t, 'path')", "endsWith(t, 'eu')", "t LIKE '%=%'", "t LIKE 'a%'", "t NOT LIKE '%a%'", "t ILIKE 'A%'",
        "t ILIKE '%X%'", "lower(t) = t", "upper(t) != t", "t = 'a'", "t > 'b'", "t IN ('a', 'b', '日本')", "concat(t, '-', outcome)",
        "substring(key_id, 5, 3)", "upper(substring(t, 1, 1))", "length(concat(t, t))", "if(t LIKE 'region=%', substring(t, 8), t)",
        "toString(length(t))", "t || '?'", "concat(external_id, ':', t)", "trim(concat(' ', t, ' '))",
        "lower(external_id) LIKE 'user%'", "startsWith(lower(t), 'ü')", "upper(t) LIKE '%Ü%'", "t LIKE '%\\\\_%'", "t LIKE '% %'",
        "substring(t, 1, 3)", "substring(upper(t), 2, 2)", "startsWith(t, '')", "endsWith(t, t)", "length(upper(t)) = length(t)"]
VX = ["spent_credits", "length(tags)", "toFloat64(spent_credits)", "toInt64(spent_credits) - 1", "spent_credits * 2.5",
      "time % 1000", "latency", "toInt32(spent_credits > 0)"]
RX = ["remaining", "limit", "tokens", "reset_at - time", "toInt32(passed)", "limit - remaining", "remaining / limit"]
AGG = ["sum({x})", "avg({x})", "min({x})", "max({x})", "quantile(0.5)({x})", "quantile(0.9)({x})", "quantile(0.99)({x})",
       "quantile({x})", "uniq({x})", "uniqExact({x})", "count(DISTINCT {x})", "any({x})", "sumIf({x}, {c})", "countIf({c})",
       "round(avg({x}), 2)", "round(sum({x}) / count(), 3)", "groupUniqArray({x})", "count({x})", "floor(avg({x}))", "ceil(avg({x}), 1)",
       "toString(avg({x}))", "abs(min({x}) - max({x}))", "max({x}) - min({x})"]
VC = ["outcome = 'VALID'", "has(tags, 'a')", "spent_credits > 0", "external_id != ''", "hasAny(tags, ['x', 'b'])", "outcome LIKE '%LIMIT%'"]
RC = ["passed", "NOT passed", "remaining = 0", "limit > 5", "identifier LIKE 'u%'"]

def agg(raw, x, c):
    return R.choice(AGG).format(x=x, c=c)

def q_time():
    if R.random() < 0.65:
        t, tc, total, part, extra = R.choice(VTABLES)
    else:
        t, tc, total, part, extra = R.choice(RTABLES)
    b = bucket(tc)
    where = R.choice(["", " WHERE %s >= now() - INTERVAL %d DAY" % (tc, R.choice([1, 7, 30, 90])),
                      " WHERE %s >= toStartOfMonth(now())" % tc, " WHERE %s < today()" % tc])
    fill = ""
    if R.random() < 0.15 and R.choice([0, 1]):
        fill = " WITH FILL"
    return "SELECT %s AS b, %s AS total, %s AS part, %s AS extra FROM %s%s GROUP BY b ORDER BY b%s LIMIT %d" % (
        b, total, part, extra, t, where, fill, R.choice([10, 50, 400]))

def q_window():
    raw = R.random() < 0.3
    if R.random() < 0.65:
        t, tc, total, part, extra = R.choice(VTABLES); keys = VKEYS
    else:
        t, tc, total, part, extra = R.choice(RTABLES); keys = RKEYS
    b = R.choice([tc, "toStartOfDay(%s)" % tc, "toDate(%s)" % tc, "toStartOfWeek(%s)" % tc, "toStartOfMonth(%s)" % tc])
    wf = R.choice(["sum", "avg", "max", "min", "count", "any", "groupArray", "round(avg"])
    inner = R.choice([total, part, extra])
    w = "%s(%s)" % (wf, inner) if wf != "round(avg" else "round(avg(%s)" % inner
    part_by = ""
    keysel = ""
    keygb = ""
    if R.random() < 0.5:
        k = R.choice(keys)
        part_by = "PARTITION BY %s " % k
        keysel = "%s, " % k
        keygb = ", %s" % k
    order = R.choice(["ORDER BY b", "ORDER BY b DESC", "ORDER BY b" + frame(), ""])
    over = "OVER (%s%s)" % (part_by, order)
    if wf == "round(avg":
        wexpr = "%s %s, 2)" % (w, over)
    else:
        wexpr = "%s %s" % (w, over)
    form = R.random()
    if form < 0.2:
        wexpr = "%s * 100 / sum(%s) OVER (%s)" % (inner, inner, part_by.strip())
    elif form < 0.3:
        wexpr = "%s - any(%s) OVER (%sORDER BY b ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING)" % (inner, inner, part_by)
    return "SELECT %s%s AS b, %s AS v, %s AS w FROM %s GROUP BY b%s ORDER BY %sb LIMIT 30" % (
        keysel, b, inner, wexpr, t, keygb, keysel)

def q_rowwindow():
    if R.random() < 0.6:
        t, keys, xs, c = "key_verifications_v1", VKEYS, VX, R.choice(VC)
    else:
        t, keys, xs, c = "ratelimits_v1", RKEYS, RX, R.choice(RC)
    x = R.choice(xs)
    f = R.choice(["sum(%s)" % x, "count()", "countIf(%s)" % c, "sumIf(%s, %s)" % (x, c), "avg(%s)" % x, "max(%s)" % x,
                  "min(time)", "uniqExact(%s)" % R.choice(keys), "quantile(0.5)(%s)" % x])
    k = R.choice(keys)
    over = R.choice(["PARTITION BY %s" % k, "PARTITION BY %s ORDER BY time, request_id" % k,
                     "PARTITION BY %s ORDER BY time, request_id%s" % (k, frame()), "ORDER BY time, request_id%s" % frame(),
                     "", "ORDER BY time RANGE BETWEEN %d PRECEDING AND CURRENT ROW" % R.choice([1000, 3600000, 86400000])])
    return "SELECT request_id, %s OVER (%s) AS w FROM %s ORDER BY time DESC, request_id LIMIT 20" % (f, over, t)

def q_string():
    s = R.choice(STRX)
    form = R.random()
    if form < 0.5:
        return "SELECT %s AS s, count() AS n FROM key_verifications_v1 ARRAY JOIN tags AS t GROUP BY s ORDER BY s" % s
    if form < 0.7:
        return "SELECT t, %s AS s FROM key_verifications_v1 ARRAY JOIN tags AS t GROUP BY t, outcome, external_id, key_id ORDER BY t, s LIMIT 40" % s if "outcome" in s or "external_id" in s or "key_id" in s else \
               "SELECT t, %s AS s FROM key_verifications_v1 ARRAY JOIN tags AS t GROUP BY t ORDER BY t" % s
    if form < 0.85:
        return "SELECT count() AS n FROM key_verifications_v1 WHERE length(arrayFilter(t -> %s, tags)) > 0" % s if "t" in s else \
               "SELECT count() AS n FROM key_verifications_v1"
    return "SELECT arrayFilter(t -> %s, tags) AS f, count() AS n FROM key_verifications_v1 GROUP BY f ORDER BY f" % s

def q_agg():
    if R.random() < 0.65:
        t, keys, xs, cs = "key_verifications_v1", VKEYS, VX, VC
    else:
        t, keys, xs, cs = "ratelimits_v1", RKEYS, RX, RC
    aggs = [agg(True, R.choice(xs), R.choice(cs)) for _ in range(R.randint(1, 3))]
    sel = ", ".join("%s AS a%d" % (a, i) for i, a in enumerate(aggs))
    where = R.choice(["", " WHERE %s" % R.choice(cs), " WHERE outcome = 'nope'" if t == "key_verifications_v1" else " WHERE identifier = 'nope'"])
    if R.random() < 0.6:
        k = R.choice(keys)
        hv = R.choice(["", " HAVING count() > 10", " HAVING a0 > 0"])
        return "SELECT %s, %s FROM %s%s GROUP BY %s%s ORDER BY %s" % (k, sel, t, where, k, hv, k)
    return "SELECT %s FROM %s%s" % (sel, t, where)

def q_sub():
    k = R.choice(VKEYS)
    forms = [
        "WITH s AS (SELECT %s AS k, count() AS c FROM key_verifications_v1 GROUP BY k) SELECT max(c) AS m, min(c) AS mi, round(avg(c), 2) AS a, quantile(0.5)(c) AS q FROM s" % k,
        "SELECT count() AS n FROM key_verifications_v1 WHERE %s IN (SELECT %s FROM key_verifications_v1 WHERE %s)" % (k, k, R.choice(VC)),
        "SELECT %s, count() AS n FROM key_verifications_v1 WHERE %s IN (SELECT %s FROM key_verifications_v1 GROUP BY %s ORDER BY count() DESC, %s LIMIT 3) GROUP BY %s ORDER BY %s" % (k, k, k, k, k, k, k),
        "SELECT %s, count() AS c, round(c / (SELECT count() FROM key_verifications_v1), 4) AS share FROM key_verifications_v1 GROUP BY %s ORDER BY %s" % (k, k, k),
        "SELECT a.k, a.c, b.c AS c2 FROM (SELECT %s AS k, count() AS c FROM key_verifications_v1 GROUP BY k) AS a LEFT JOIN (SELECT %s AS k, sum(count) AS c FROM key_verifications_per_%s_v1 GROUP BY k) AS b ON a.k = b.k ORDER BY a.k" % (k, k, R.choice(["minute", "hour", "day", "month"])),
        "WITH (SELECT max(time) FROM key_verifications_v1) AS last SELECT %s, count() AS n FROM key_verifications_v1 WHERE time > last - %d GROUP BY %s ORDER BY %s" % (k, R.choice([3600000, 86400000, 604800000]), k, k),
        "SELECT %s, c FROM (SELECT %s, count() AS c, max(count()) OVER () AS m FROM key_verifications_v1 GROUP BY %s) WHERE c = m ORDER BY %s" % (k, k, k, k),
    ]
    return R.choice(forms)

seen = set(); i = 0
while i < N:
    g = R.choices([q_time, q_window, q_rowwindow, q_string, q_agg, q_sub], [3, 3, 2, 2, 2, 1])[0]
    q = g()
    if q in seen:
        continue
    seen.add(q); i += 1
    print(json.dumps({"src": "gen11", "sql": q}, ensure_ascii=False))
