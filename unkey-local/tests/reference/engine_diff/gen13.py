#!/usr/bin/env python3
"""Round 3 generator: a sweep of upstream's allowed functions over argument types — every
function with one to three arguments drawn from a pool of typed expressions (strings, Unicode
tags, integers, floats, Bool, Date, DateTime, DateTime64, arrays of strings and numbers, NULL,
Nullable, constants). Finds signatures that are accepted and read another way (such as
startsWith of two arrays). gen13.py N SEED"""
import json, random, sys
N = int(sys.argv[1]); R = random.Random(int(sys.argv[2]))
T = "fromUnixTimestamp64Milli(time)"
POOL = {
    "key_verifications_v1": ["outcome", "external_id", "key_id", "arrayJoin(tags)", "tags", "spent_credits", "toInt32(spent_credits)",
        "toFloat64(spent_credits) / 4", "length(tags)", T, "toDate(%s)" % T, "toDateTime(%s)" % T, "time", "spent_credits > 0",
        "if(spent_credits > 0, NULL, outcome)", "if(spent_credits > 0, NULL, spent_credits)", "'a'", "'ünï'", "''", "'2027-04-01'", "1", "0",
        "-1", "2.5", "NULL", "true", "['a']", "['a', 'b']", "[]", "[1, 2]", "[spent_credits]", "['x', outcome]", "toDate('2027-04-01')",
        "now()", "INTERVAL 1 DAY", "'%Y'", "'day'", "3", "-2", "'UTC'", "'Asia/Tokyo'", "'{\"a\": \"b\"}'", "concat(outcome, '|', key_id)"],
    "ratelimits_v1": ["identifier", "passed", "NOT passed", "limit", "remaining", "tokens", "reset_at - time", T, "'u1'", "[identifier]",
        "[passed]", "['u1', 'u2']", "1", "0", "-1", "2.5", "NULL", "true", "[]", "[1, 10]", "now()", "toDate(%s)" % T],
}
FUNCS = [("lower", 1), ("upper", 1), ("substring", 2), ("substring", 3), ("concat", 2), ("concat", 3), ("length", 1), ("trim", 1),
         ("startsWith", 2), ("endsWith", 2), ("JSONExtractString", 2), ("round", 1), ("round", 2), ("floor", 1), ("floor", 2), ("ceil", 1),
         ("ceil", 2), ("abs", 1), ("if", 3), ("coalesce", 2), ("coalesce", 3), ("toString", 1), ("toString", 2), ("toInt32", 1), ("toInt64", 1),
         ("toFloat64", 1), ("has", 2), ("hasAny", 2), ("hasAll", 2), ("toDate", 1), ("toDate", 2), ("toDateTime", 1), ("toDateTime", 2),
         ("toDateTime64", 2), ("toStartOfDay", 1), ("toStartOfHour", 1), ("toStartOfMonth", 1), ("toStartOfWeek", 1), ("toStartOfWeek", 2),
         ("toStartOfQuarter", 1), ("toStartOfYear", 1), ("toStartOfMinute", 1), ("date_trunc", 2), ("date_trunc", 3), ("formatDateTime", 2),
         ("fromUnixTimestamp64Milli", 1), ("toUnixTimestamp64Milli", 1), ("toIntervalDay", 1), ("toIntervalHour", 1),
         ("min", 1), ("max", 1), ("sum", 1), ("avg", 1), ("uniq", 1), ("uniqExact", 1), ("any", 1), ("count", 1), ("sumIf", 2),
         ("countIf", 1), ("quantile(0.5)", 1), ("groupUniqArray", 1), ("arrayJoin", 1)]
AGG = {"min", "max", "sum", "avg", "uniq", "uniqExact", "any", "count", "sumIf", "countIf", "quantile(0.5)", "groupUniqArray"}
seen = set(); i = 0
while i < N:
    t = "key_verifications_v1" if R.random() < 0.75 else "ratelimits_v1"
    f, k = R.choice(FUNCS)
    args = [R.choice(POOL[t]) for _ in range(k)]
    if f in AGG:
        args = [a.replace("arrayJoin(tags)", "outcome") for a in args]
        if R.random() < 0.5:
            q = "SELECT %s(%s) AS x FROM %s" % (f, ", ".join(args), t)
        else:
            g = "outcome" if t == "key_verifications_v1" else "identifier"
            q = "SELECT %s, %s(%s) AS x FROM %s GROUP BY %s ORDER BY %s" % (g, f, ", ".join(args), t, g, g)
    else:
        q = "SELECT %s(%s) AS x, count() AS n FROM %s GROUP BY x ORDER BY x LIMIT 20" % (f, ", ".join(args), t)
    if q in seen:
        continue
    seen.add(q); i += 1
    print(json.dumps({"src": "gen13", "sql": q}, ensure_ascii=False))
