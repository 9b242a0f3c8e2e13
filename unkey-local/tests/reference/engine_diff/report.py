#!/usr/bin/env python3
"""Summary of results files: counts per class, and each non-ok record worth reading."""
import collections, json, sys
recs = [json.loads(l) for p in sys.argv[1:] for l in open(p)]
c = collections.Counter(r["cls"] for r in recs)
print("total", len(recs), dict(c.most_common()))
for cls in ["WRONG", "WRONG-split", "WRONG?limit", "WRONG?nondet", "order-diff", "now-dependent", "split", "unmapped", "harness-error", "ch-limit"]:
    rs = [r for r in recs if r["cls"] == cls]
    if not rs:
        continue
    print("\n=====", cls, len(rs))
    for r in rs:
        print("--", r.get("src"), "|", r["sql"].replace("\n", " ")[:400])
        if "ul" in r:
            print("   UL:", json.dumps(r["ul"], ensure_ascii=False)[:400], "rows", r.get("ul_rows"))
            for v, a in r.get("ch", {}).items():
                print("   %s:" % v, json.dumps(a, ensure_ascii=False)[:400], "rows", r.get("ch_rows", {}).get(v))
        else:
            print("   ", r.get("ul_error") or r.get("err"))
