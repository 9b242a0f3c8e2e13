"""What upstream sends ClickHouse for a user query (approximately, on tokens, not through
AfterShip's parser): public table names in table positions -> default.<physical>, and the
workspace filter `<source>.workspace_id = 'ws_local' AND (<where>)` in each SELECT with direct
table sources (it matters for outer/anti joins whose unmatched rows hold workspace_id '').
Upstream's LIMIT (10,000 per SELECT) is left to max_result_rows; the data is smaller."""
import re

VER = {
    "key_verifications_v1": "key_verifications_raw_v2",
    "key_verifications_per_minute_v1": "key_verifications_per_minute_v3",
    "key_verifications_per_hour_v1": "key_verifications_per_hour_v3",
    "key_verifications_per_day_v1": "key_verifications_per_day_v3",
    "key_verifications_per_month_v1": "key_verifications_per_month_v3",
}
RL = {
    "ratelimits_v1": "ratelimits_raw_v2",
    "ratelimits_per_minute_v1": "ratelimits_per_minute_v2",
    "ratelimits_per_hour_v1": "ratelimits_per_hour_v2",
    "ratelimits_per_day_v1": "ratelimits_per_day_v2",
    "ratelimits_per_month_v1": "ratelimits_per_month_v2",
}
WS = "ws_local"

TOKEN = re.compile(r"""
  (?P<ws>\s+|--[^\n]*|\#[^\n]*|/\*.*?\*/)
 |(?P<str>'(?:[^'\\]|\\.|'')*')
 |(?P<qid>`(?:[^`\\]|\\.)*`|"(?:[^"\\]|\\.)*")
 |(?P<word>[A-Za-z_][A-Za-z0-9_$]*)
 |(?P<num>\d[\w.]*)
 |(?P<op>.)
""", re.S | re.X)

END_WHERE = {"GROUP", "HAVING", "ORDER", "LIMIT", "WINDOW", "QUALIFY", "SETTINGS", "UNION",
             "EXCEPT", "INTERSECT", "FORMAT", "INTO"}
FROM_END = {"WHERE", "PREWHERE"} | END_WHERE
TABLE_FOLLOW_KW = {"ON", "USING", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "GLOBAL",
                   "ANY", "ALL", "ASOF", "SEMI", "ANTI", "OUTER", "ARRAY", "FINAL", "SAMPLE",
                   "PREWHERE", "WHERE", "GROUP", "ORDER", "LIMIT", "HAVING", "UNION", "EXCEPT",
                   "INTERSECT", "WINDOW", "QUALIFY", "SETTINGS", "FORMAT", "AS"}


def tokens(sql):
    out = []
    for m in TOKEN.finditer(sql):
        kind = m.lastgroup
        out.append((kind, m.group()))
    return out


def new_frame():
    return {"in_from": False, "sources": [], "where": None, "where_end": None, "select": False,
            "expect_table": False, "end_kw": None}


def rewrite(sql, dataset):
    names = VER if dataset == "v" else RL
    cte = set()
    toks = tokens(sql)
    sig = [i for i, (k, _) in enumerate(toks) if k != "ws"]
    up = lambda i: toks[i][1].upper() if toks[i][0] == "word" else toks[i][1]
    for n, i in enumerate(sig[:-2]):
        if toks[i][0] == "word" and up(sig[n + 1]) == "AS" and toks[sig[n + 2]][1] == "(":
            prev = up(sig[n - 1]) if n else ""
            if prev in ("WITH", ","):
                cte.add(toks[i][1])
    inserts = {}
    replace = {}
    frames = [new_frame()]
    j = 0
    while j < len(sig):
        i = sig[j]
        k, t = toks[i]
        u = up(i)
        st = frames[-1]
        if t == "(":
            frames.append(new_frame())
            st["expect_table"] = False
        elif t == ")":
            finish(frames.pop(), i, inserts)
            if not frames:
                frames = [new_frame()]
        elif k == "word" and u == "SELECT":
            finish(st, i, inserts)
            st.update(new_frame())
            st["select"] = True
        elif st["select"] and k == "word" and u == "FROM" and st["where"] is None and st["end_kw"] is None:
            st["in_from"] = True
            st["expect_table"] = True
        elif st["in_from"] and k == "word" and u == "JOIN":
            st["expect_table"] = True
        elif st["in_from"] and t == ",":
            st["expect_table"] = True
        elif st["in_from"] and st["expect_table"] and k in ("word", "qid"):
            st["expect_table"] = False
            name = t.strip('`"')
            if j + 1 < len(sig) and toks[sig[j + 1]][1] == ".":
                j += 3
                continue
            if name in names and name not in cte:
                replace[i] = "default." + names[name]
                qual = names[name]
                n2 = j + 1
                if n2 < len(sig) and up(sig[n2]) == "FINAL":
                    n2 += 1
                if n2 < len(sig) and up(sig[n2]) == "AS":
                    n2 += 1
                if n2 < len(sig) and toks[sig[n2]][0] in ("word", "qid") and up(sig[n2]) not in TABLE_FOLLOW_KW:
                    qual = toks[sig[n2]][1]
                st["sources"].append(qual)
        elif st["select"] and k == "word" and u == "WHERE" and st["where"] is None and st["end_kw"] is None:
            st["in_from"] = False
            st["where"] = i
        elif st["select"] and k == "word" and u in END_WHERE:
            st["in_from"] = False
            if st["where"] is not None and st["where_end"] is None:
                st["where_end"] = i
            if st["end_kw"] is None:
                st["end_kw"] = i
            if u in ("UNION", "EXCEPT", "INTERSECT"):
                finish(st, i, inserts)
                st.update(new_frame())
        elif st["in_from"] and k == "word" and u == "PREWHERE":
            st["in_from"] = False
        else:
            if st["in_from"]:
                st["expect_table"] = False
        j += 1
    for f in frames:
        finish(f, len(toks), inserts)
    out = []
    for i, (k, t) in enumerate(toks + [("ws", "")]):
        if i in inserts:
            out.append(inserts[i])
        if i < len(toks):
            out.append(replace.get(i, t))
    return "".join(out)


def add(inserts, i, text):
    inserts[i] = inserts.get(i, "") + text


def finish(st, end_tok, inserts):
    """Insert the workspace filter of a finished SELECT (once)."""
    if not st.get("select") or not st["sources"]:
        st["sources"] = []
        return
    filt = " AND ".join("%s.workspace_id = '%s'" % (s, WS) for s in st["sources"])
    st["sources"] = []
    if st["where"] is None:
        add(inserts, st["end_kw"] if st["end_kw"] is not None else end_tok, "\n WHERE " + filt + "\n")
    else:
        add(inserts, st["where"] + 1, " " + filt + " AND (")
        add(inserts, st["where_end"] if st["where_end"] is not None else end_tok, "\n) ")
