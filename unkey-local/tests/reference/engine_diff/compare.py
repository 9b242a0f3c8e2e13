#!/usr/bin/env python3
"""Differential run: every corpus query through unkey-local and through chDB 25.5 and 25.8.
Usage: compare.py URL CORPUS.jsonl... ; writes results/results.jsonl"""
import collections, json, os, re, subprocess, sys, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from paths import HERE, WORK, VENVS
from rewrite import rewrite, tokens
from normalize import norm_rows, Unmapped, Upstream500

URL = sys.argv[1]
ROWS = os.path.join(WORK, "rows")


class Worker:
    def __init__(self, py):
        env = dict(os.environ, TZ="UTC")
        self.p = subprocess.Popen([py, os.path.join(HERE, "chworker.py"), ROWS], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, cwd="/tmp", env=env, text=True,
                                  stderr=open(os.path.join(WORK, "results", "worker.err"), "a"))
        self.ready = json.loads(self.p.stdout.readline())

    def run(self, sql):
        self.p.stdin.write(json.dumps({"sql": sql}) + "\n")
        self.p.stdin.flush()
        line = self.p.stdout.readline()
        if not line:
            raise RuntimeError("worker died")
        return json.loads(line)


class GoRewriter:
    """gorewrite/rewrite: upstream's rewrite through AfterShip's parser v0.4.18 and String()."""
    def __init__(self):
        self.p = subprocess.Popen([os.path.join(WORK, "rewrite")], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)

    def run(self, sql, ds):
        import select
        self.p.stdin.write(json.dumps({"sql": sql, "ds": ds}) + "\n")
        self.p.stdin.flush()
        r, _, _ = select.select([self.p.stdout], [], [], 5)
        if not r:  # AfterShip's parser loops on some inputs (an unclosed /* comment)
            self.p.kill()
            self.p.wait()
            self.__init__()
            return {"error": "HANG: AfterShip parser did not return within 5 s"}
        return json.loads(self.p.stdout.readline())


def unkey(sql, ds):
    path = "/v2/analytics.getVerifications" if ds == "v" else "/v2/analytics.getRatelimits"
    req = urllib.request.Request(URL + path, data=json.dumps({"query": sql}).encode(),
                                 headers={"Authorization": "Bearer unkey_root",
                                          "Content-Type": "application/json"})
    for attempt in range(5):
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            body = e.read()
            if e.code == 429:
                time.sleep(2)
                continue
            try:
                return e.code, json.loads(body)
            except Exception:
                return e.code, {"raw": body.decode(errors="replace")}
        except Exception as e:
            return 0, {"raw": str(e)}
    return 429, {}


UPSTREAM_LAYER = re.compile(
    r"Invalid SQL syntax|is not allowed|not supported|Only SELECT|No SQL statements|exactly one "
    r"statement|SETTINGS clauses|conflicts with a public table|must have a FROM|maximum length|"
    r"too complex|too many columns|retention|Query quota|Table-backed IN|projects too many", re.I)

NONDET = re.compile(r"\b(any|anyLast|anyHeavy|groupArray|groupUniqArray|topK|topKWeighted|"
                    r"argMin|argMax|row_number|rank|dense_rank|lagInFrame|leadInFrame|first_value|"
                    r"last_value|nth_value|groupArraySample|quantile\w*|median\w*|uniq\w*|"
                    r"arrayJoin|rowNumberInAllBlocks|rowNumberInBlock|blockNumber|"
                    r"rand\w*|generateUUIDv4|sum|avg)\b", re.I)
NOW = re.compile(r"\b(now|now64|today|yesterday|currentDatabase|version|uptime|timezone|"
                 r"serverTimezone|hostName|today)\s*\(", re.I)


def server_now_ms():
    with urllib.request.urlopen(URL + "/_local/clock") as r:
        c = json.loads(r.read())
    assert c["frozen"], "the server clock must be frozen"
    return c["now"]


def pin_now(sql, now_ms):
    """now()/now64()/today()/yesterday() -> the frozen server clock's constants (unkey-local's
    now() is its test clock). Returns (sql, [(ch_name, user_name)])."""
    toks = tokens(sql)
    out, names, i = [], [], 0
    secs = now_ms // 1000
    while i < len(toks):
        k, t = toks[i]
        pinnable = (t.lower() in ("now", "now64") or t in ("today", "yesterday"))
        if k == "word" and pinnable and i + 1 < len(toks) and toks[i + 1][1] == "(" and \
                not (t in ("today", "yesterday") and not (i + 2 < len(toks) and toks[i + 2][1] == ")")):
            # args up to the matching ")"
            d, j = 0, i + 1
            while j < len(toks):
                if toks[j][1] == "(":
                    d += 1
                elif toks[j][1] == ")":
                    d -= 1
                    if d == 0:
                        break
                j += 1
            args = "".join(x[1] for x in toks[i + 2:j]).strip()
            f = t.lower()
            if f in ("now", "current_timestamp"):
                rep = "toDateTime(%d%s)" % (secs, ", " + args if args else "")
            elif f == "now64":
                rep = "toDateTime64(fromUnixTimestamp64Milli(%d), %s)" % (now_ms, args.split(",")[0] if args else "3")
                if "," in args:
                    rep = rep[:-1] + ", " + args.split(",", 1)[1] + ")"
            elif f in ("today", "current_date"):
                rep = "toDate(toDateTime(%d))" % secs
            else:
                rep = "(toDate(toDateTime(%d)) - 1)" % secs
            names.append((rep.replace(" ", ""), t + "(" + args + ")"))
            out.append(rep)
            i = j + 1
            continue
        out.append(t)
        i += 1
    return "".join(out), names


def dataset_of(sql):
    if re.search(r"\bratelimits_(v1|per_)", sql) and not re.search(r"\bkey_verifications", sql):
        return "r"
    return "v"


def top_level(sql):
    """Top-level words (paren depth 0) of the query, upper-cased."""
    d, out = 0, []
    for k, t in tokens(sql):
        if t == "(":
            d += 1
        elif t == ")":
            d -= 1
        elif d == 0 and k == "word":
            out.append(t.upper())
    return out


def canon(v):
    if isinstance(v, float):
        if v == int(v) and abs(v) < 2 ** 63:
            return ("n", int(v))
        return ("n", float("%.9g" % v))
    if isinstance(v, bool):
        return ("b", v)
    if isinstance(v, int):
        return ("n", v)
    if isinstance(v, list):
        return ("a", tuple(canon(x) for x in v))
    if isinstance(v, dict):
        return ("o", tuple(sorted((k, canon(x)) for k, x in v.items())))
    return ("s", v)


def row_key(r):
    return tuple(sorted((k, canon(v)) for k, v in r.items()))


def ch_answer(res):
    """-> ("rows", rows) | ("error", msg) | ("unmapped", type) | ("500", msg) | ("limit", msg)"""
    if not res["ok"]:
        e = res["error"]
        if re.search(r"TOO_MANY_ROWS|TOO_MANY_ROWS_OR_BYTES|Limit for result exceeded", e):
            return ("limit", e[:300])
        if "TIMEOUT_EXCEEDED" in e:
            return ("timeout", e[:300])
        if "HARNESS" in e:
            return ("unmapped", e[:300])
        return ("error", e[:500])
    # upstream's Go: the driver reads each row's columns in order; a top-level Interval fails
    # the scan (400 "Failed to read query results"), a top-level unnamed Tuple of non-Nullable
    # elements panics (500); an AggregateFunction column is not readable (400, claim of
    # unkey-local, class marked by "agg").
    for t in res["types"]:
        if t.startswith("AggregateFunction("):
            return ("error", "HARNESS-MAP AggregateFunction column: Failed to read query results")
    if res["rows"]:
        for t in res["types"]:
            if re.fullmatch(r"Interval\w+", t):
                return ("error", "HARNESS-MAP Interval column: Failed to read query results")
            if t.startswith("Tuple(") and "Nullable" not in t and not re.search(r"\(\s*\w+\s+[A-Z]", t):
                return ("500", "HARNESS-MAP top-level tuple: driver panic")
    for t in res["types"]:
        tt = re.sub(r"Tuple\([^()]*(\([^()]*\)[^()]*)*\)", "", t) if not res["rows"] else t
        if not res["rows"] and re.fullmatch(r"Interval\w+", t):
            continue
        if re.search(r"Map\(|Variant|Dynamic|JSON|Object|IPv|Point|Ring|Polygon|FixedString|BFloat16", tt) or (res["rows"] and t.startswith("Tuple(")):
            return ("unmapped", "type " + t)
    if not res["rows"]:
        return ("rows", [])
    try:
        return ("rows", norm_rows(res["names"], res["types"], res["rows"]))
    except Unmapped as u:
        return ("unmapped", "type " + str(u) + " in " + json.dumps(res["types"]))
    except Upstream500 as u:
        return ("500", str(u))


def same_rows(a, b, ordered):
    if collections.Counter(map(row_key, a)) != collections.Counter(map(row_key, b)):
        return "diff"
    if ordered and [row_key(r) for r in a] != [row_key(r) for r in b]:
        return "order"
    return "same"


def order_keys(sql):
    """The outermost ORDER BY's items (text), or None."""
    toks = [(k, t) for k, t in tokens(sql)]
    d, start = 0, None
    for i, (k, t) in enumerate(toks):
        if t == "(":
            d += 1
        elif t == ")":
            d -= 1
        elif d == 0 and k == "word" and t.upper() == "ORDER":
            start = i
    if start is None:
        return None
    items, cur, d = [], "", 0
    for k, t in toks[start + 1:]:
        if t == "(":
            d += 1
        elif t == ")":
            d -= 1
        if d == 0 and k == "word" and t.upper() in ("LIMIT", "WITH", "SETTINGS", "FORMAT", "OFFSET"):
            break
        if d == 0 and t == ",":
            items.append(cur.strip()); cur = ""
            continue
        cur += t
    items.append(cur.strip())
    items[0] = re.sub(r"(?i)^BY\s+", "", items[0])
    return [re.sub(r"(?i)\s+(ASC|DESC|ASCENDING|DESCENDING)$", "", x).strip() for x in items]


def ties_only(sql, a, b):
    """True when both answers list the same ORDER BY key values in the same order (only ties
    differ), False when not, None when the keys are not answered columns."""
    keys = order_keys(sql)
    if not keys or not a:
        return None
    names = list(a[0].keys())
    cols = []
    for k in keys:
        k2 = k.strip("`\"")
        if k2 in a[0]:
            cols.append(k2)
        else:
            return None
    ka = [tuple(canon(r[c]) for c in cols) for r in a]
    kb = [tuple(canon(r.get(c)) for c in cols) for r in b]
    return ka == kb


def classify(sql):
    ds = dataset_of(sql)
    st, body = unkey(sql, ds)
    rec = {"sql": sql, "ds": ds, "status": st}
    if st == 200:
        ul = ("rows", body.get("data"))
    else:
        err = body.get("error", {}) if isinstance(body, dict) else {}
        detail = err.get("detail", "") or body.get("raw", "")
        rec["ul_error"] = detail[:600]
        if detail.startswith("unkey-local does not run"):
            rec["cls"] = "refused"
            try:
                pinned, _ = pin_now(sql, NOW_MS)
                g = GO.run(pinned, ds)
                if "sql" in g:
                    a5, a8 = [ch_answer(WORKERS[v].run(g["sql"])) for v in ("25.5", "25.8")]
                    same = a5[0] == a8[0] and (a5[0] != "rows" or same_rows(a5[1], a8[1], False) == "same")
                    rec["ch_agree"] = same
                    rec["ch"] = {"25.5": [a5[0], a5[1][:3] if a5[0] == "rows" else a5[1]],
                                 "25.8": [a8[0], a8[1][:3] if a8[0] == "rows" else a8[1]]}
            except Exception as e:
                rec["ch_agree"] = None
            return rec
        if st == 400 and UPSTREAM_LAYER.search(detail):
            rec["cls"] = "upstream-only"
            return rec
        if st == 500:
            ul = ("500", detail)
        elif st == 422 and "row count" in detail:
            ul = ("limit", detail)
        elif st == 422 and "timed out" in detail:
            rec["cls"] = "timeout"
            return rec
        elif st in (0, 429) or st >= 500:
            rec["cls"] = "harness-error"
            return rec
        else:
            ul = ("error", detail)
    pinned, renames = pin_now(sql, NOW_MS)
    g = GO.run(pinned, ds)
    if "sql" in g:
        chsql = g["sql"]
    else:
        rec["go_error"] = g["error"][:300]
        if g["error"].startswith("panic"):
            # AfterShip's parser panics: upstream's panic recovery answers 500
            rec["cls"] = "ok" if ul[0] == "500" else "WRONG"
            rec["ul"] = [ul[0], ul[1][:5] if ul[0] == "rows" else ul[1]]
            rec["ch"] = {"25.5": ["500", "upstream parser panic"], "25.8": ["500", "upstream parser panic"]}
            return rec
        if g["error"].startswith("HANG"):
            rec["cls"] = "upstream-hang"
            rec["ul"] = [ul[0], ul[1][:5] if ul[0] == "rows" else ul[1]]
            return rec
        chsql = rewrite(pinned, ds)
    rec["chsql"] = chsql
    answers = {}
    for v, w in WORKERS.items():
        res = w.run(chsql)
        if res.get("ok") and renames:
            for n, name in enumerate(res["names"]):
                for rep, orig in renames:
                    # ClickHouse names a call as written, with ", " between arguments
                    name = name.replace(rep.replace(",", ", "), orig).replace(rep, orig)
                res["names"][n] = name
        answers[v] = ch_answer(res)
    rec["ch"] = {v: [a[0], a[1] if a[0] != "rows" else a[1][:20]] for v, a in answers.items()}
    rec["ch_rows"] = {v: len(a[1]) for v, a in answers.items() if a[0] == "rows"}
    rec["ul"] = [ul[0], ul[1][:20] if ul[0] == "rows" else ul[1]]
    rec["ul_rows"] = len(ul[1]) if ul[0] == "rows" else None
    a5, a8 = answers["25.5"], answers["25.8"]
    if "unmapped" in (a5[0], a8[0]):
        rec["cls"] = "unmapped"
        return rec
    if a5[0] in ("limit", "timeout") or a8[0] in ("limit", "timeout"):
        rec["cls"] = "ch-limit"
        return rec
    words = top_level(sql)
    ordered = "ORDER" in words and not any(w in words for w in ("UNION", "EXCEPT", "INTERSECT"))

    def agree(x, y):
        if x[0] != y[0]:
            return False
        if x[0] == "rows":
            # versions: ties of ORDER BY keys may come in another order
            return same_rows(x[1], y[1], False) == "same"
        return True

    if not agree(a5, a8):
        # compare with each: unkey-local matching one of them is a version split
        rec["cls"] = "split" if (agree(ul, a5) or agree(ul, a8)) else "WRONG-split"
        return rec
    ref = a5
    now_dep = False
    rec["now"] = bool(NOW.search(sql))
    if ul[0] == "rows" and ref[0] == "rows":
        r = same_rows(ul[1], ref[1], ordered)
        if r == "same":
            rec["cls"] = "ok"
        elif r == "order":
            tie = ties_only(sql, ul[1], ref[1])
            rec["cls"] = "ok" if tie is True else ("WRONG-order" if tie is False else "order-diff")
        else:
            rec["cls"] = "now-dependent" if now_dep else "WRONG"
            if "LIMIT" in words and not now_dep:
                rec["cls"] = "WRONG?limit"
            elif NONDET.search(sql) and not now_dep:
                rec["cls"] = "WRONG?nondet"
        return rec
    if ul[0] == "500" and ref[0] == "500":
        rec["cls"] = "ok"
        return rec
    if ul[0] == "500":
        # upstream's Go layer (driver scan, JSON encoding, panic) after ClickHouse answered rows
        rec["cls"] = "upstream-only" if ref[0] in ("rows", "500") else "WRONG"
        return rec
    if ul[0] == ref[0]:
        rec["cls"] = "ok"
        return rec
    if now_dep:
        rec["cls"] = "now-dependent"
        return rec
    rec["cls"] = "WRONG"
    return rec


if __name__ == "__main__":
    os.makedirs(os.path.join(WORK, "results"), exist_ok=True)
    NOW_MS = server_now_ms()
    GO = GoRewriter()
    WORKERS = {v: Worker(p) for v, p in VENVS.items()}
    print("workers", {v: w.ready for v, w in WORKERS.items()}, file=sys.stderr)
    out_path = os.environ.get("OUT", os.path.join(WORK, "results", "results.jsonl"))
    seen = set()
    counts = collections.Counter()
    if os.environ.get("RESUME") and os.path.exists(out_path):
        for l in open(out_path):
            seen.add(json.loads(l)["sql"])
    with open(out_path, "a" if os.environ.get("RESUME") else "w") as out:
        for path in sys.argv[2:]:
            for line in open(path):
                item = json.loads(line)
                sql = item["sql"]
                if sql in seen:
                    continue
                seen.add(sql)
                try:
                    rec = classify(sql)
                except RuntimeError as e:
                    # a worker died (a crash of chDB): restart them
                    rec = {"sql": sql, "cls": "harness-error", "err": str(e)}
                    WORKERS = {v: Worker(p) for v, p in VENVS.items()}
                rec["src"] = item.get("src")
                counts[rec["cls"]] += 1
                out.write(json.dumps(rec) + "\n")
                out.flush()
    print(json.dumps(counts), file=sys.stderr)
