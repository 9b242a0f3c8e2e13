#!/usr/bin/env python3
"""Round 2 generator C: rollup modifiers (ROLLUP/CUBE/GROUPING SETS/TOTALS) with HAVING, key
expressions, keys of every type, inside subqueries, with FILL/LIMIT BY/windows.
gen7.py N SEED [b]: with `b`, no HAVING, and key expressions beside the keys instead."""
import json, random, sys
N = int(sys.argv[1]); R = random.Random(int(sys.argv[2]))
B = sys.argv[3:4] == ["b"]
T = "key_verifications_v1"
TT = "fromUnixTimestamp64Milli(time)"
C = lambda *xs: R.choice(xs)
KEYS = {  # expr: (type, literal for comparison)
    "outcome": ("s", "'VALID'"), "key_space_id": ("s", "''"), "spent_credits": ("n", "0"), "toDate(%s)" % TT: ("d", "toDate('1970-01-01')"),
    "toStartOfMonth(%s)" % TT: ("d", "toDate('2027-01-01')"), "toStartOfDay(%s)" % TT: ("t", "toDateTime('1970-01-01 00:00:00')"),
    "tags": ("a", "[]"), "length(tags)": ("n", "1"), "external_id != ''": ("n", "0"), "external_id": ("s", "''"),
    "toDateTime64(%s, 3)" % TT: ("t", "toDateTime64('1970-01-01 00:00:00', 3)"), "toString(spent_credits)": ("s", "'0'"),
}
RKEYS = {"passed": ("b", "false"), "identifier": ("s", "''"), "namespace_id": ("s", "''"), "limit": ("n", "0"), "toDate(%s)" % TT: ("d", "toDate('1970-01-01')")}

def hv(k, ty, lit, alias):
    x = C(alias, alias, k)
    if ty == "s": return C("%s = %s", "%s != %s", "length(%s) > 0", "%s = ''", "%s != ''", "startsWith(%s, 'V')", "%s < 'M'", "%s IN ('', 'VALID')") .replace("%s", x, 1).replace("%s", lit)
    if ty == "n": return C("%s = %s", "%s != %s", "%s > 0", "%s = 0") .replace("%s", x, 1).replace("%s", lit)
    if ty == "b": return C("%s", "NOT %s", "%s = false") .replace("%s", x, 1)
    if ty == "a": return C("length(%s) = 0", "%s = []", "has(%s, 'a')", "empty_check") .replace("%s", x).replace("empty_check", "length(%s) > 0" % x)
    return C("%s = %s", "%s > %s", "%s != %s") .replace("%s", x, 1).replace("%s", lit)

def q():
    raw = R.random() < 0.8
    keys = KEYS if raw else RKEYS
    t = T if raw else "ratelimits_v1"
    ks = R.sample(list(keys), R.choice([1, 2, 2, 3]))
    names = ["k%d" % i for i in range(len(ks))]
    agg = C("count()", "sum(spent_credits)" if raw else "sum(tokens)", "uniqExact(key_id)" if raw else "uniqExact(identifier)", "max(%s)" % TT, "min(%s)" % ks[0])
    if B:
        mode = C("%s WITH ROLLUP", "%s WITH CUBE", "GROUPING SETS (%s)", "GROUPING SETS (%s)", "CUBE_")
    else:
        mode = C("%s WITH ROLLUP", "%s WITH CUBE", "GROUPING SETS (%s)", "ROLLUP", "CUBE_", "%s WITH TOTALS", "%s WITH ROLLUP WITH TOTALS", "TOTALS_H")
    if mode == "ROLLUP": mode = "%s WITH ROLLUP"
    if mode == "CUBE_": mode = "%s WITH CUBE"
    if mode == "TOTALS_H": mode = "%s WITH CUBE WITH TOTALS"
    if mode.startswith("GROUPING SETS"):
        sets = [", ".join(R.sample(names, R.randint(0, len(names)))) for _ in range(R.randint(1, 3))]
        gb = "GROUPING SETS (%s)" % ", ".join("(%s)" % s for s in sets)
    else:
        gb = mode % ", ".join(names)
    sel = ", ".join("%s AS %s" % (k, n) for k, n in zip(ks, names))
    if B:
        extra = C("", ", upper(toString(k0)) AS u", ", k0 AS again", ", toString(k0) AS s0", ", length(toString(k1)) AS l0", ", toString(%s) AS e0" % ks[0])
    else:
        extra = C("", "", ", upper(toString(k0)) AS u", ", k0 AS again", ", toString(k0) AS s0")
    having = ""
    if R.random() < (0.0 if B else 0.7):
        i = R.randrange(len(ks)); ty, lit = keys[ks[i]]
        having = " HAVING " + hv(ks[i], ty, lit, names[i])
        if R.random() < 0.3: having += " AND v > 0"
    order = " ORDER BY " + ", ".join(names) + ", v" + C("", "", " LIMIT 4", " LIMIT 1 BY k0")
    qq = "SELECT %s%s, %s AS v FROM %s GROUP BY %s%s%s" % (sel, extra, agg, t, gb, having, order)
    if R.random() < 0.2:
        qq = "SELECT * FROM (%s) WHERE %s ORDER BY ALL" % (qq.split(" ORDER BY ")[0], hv("k0", keys[ks[0]][0], keys[ks[0]][1], "k0"))
    elif R.random() < 0.1:
        qq = "SELECT k0, v, sum(v) OVER (ORDER BY k0) AS cum FROM (%s) ORDER BY k0, v" % qq.split(" ORDER BY ")[0]
    return qq

seen = set(); i = 0
while i < N:
    s = q()
    if s in seen: continue
    seen.add(s); i += 1
    print(json.dumps({"src": "gen7b" if B else "gen7", "sql": s}, ensure_ascii=False))
