#!/usr/bin/env python3
"""probe.py 'SQL' ['SQL' ...]: run queries through the harness and print the three answers."""
import json, os, subprocess, sys, tempfile
from paths import HERE, WORK
tmp = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False)
for q in sys.argv[1:]:
    tmp.write(json.dumps({"src": "probe", "sql": q}) + "\n")
tmp.close()
out = tmp.name + ".out"
subprocess.run([sys.executable, os.path.join(HERE, "compare.py"), open(os.path.join(WORK, "url")).read().strip(), tmp.name],
               env=dict(os.environ, OUT=out), stderr=subprocess.DEVNULL, check=True)
for l in open(out):
    r = json.loads(l)
    print("==", r["cls"], "|", r["sql"])
    if "chsql" in r:
        print("   sent:", r["chsql"][:600])
    if "ul" in r:
        print("   UL  :", json.dumps(r["ul"], ensure_ascii=False)[:700])
        for v, a in r["ch"].items():
            print("   %s:" % v, json.dumps(a, ensure_ascii=False)[:700])
    else:
        print("   UL error:", r.get("ul_error"))
