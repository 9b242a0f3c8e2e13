#!/usr/bin/env python3
"""Corpus (b1): SQL examples of upstream's analytics docs (read from the mirror at run time)."""
import json, re, subprocess
from paths import UPSTREAM as M, COMMIT as C, WORK
files = [l for l in subprocess.check_output(["git", "-C", M, "ls-tree", "-r", "--name-only", C]).decode().split("\n")
         if re.search(r"docs/.*analytics.*\.mdx$", l) or re.search(r"docs/engineering/architecture/rfcs/0005", l)]
out = []
for f in files:
    text = subprocess.check_output(["git", "-C", M, "show", C + ":" + f]).decode()
    blocks = re.findall(r"```sql[^\n]*\n(.*?)```", text, re.S)
    # also "query": "..." in JSON/curl examples
    for s in re.findall(r'"query"\s*:\s*"((?:[^"\\]|\\.)*)"', text):
        try:
            blocks.append(json.loads('"%s"' % s))
        except ValueError:
            blocks.append(s)
    for b in blocks:
        for stmt in b.split(";"):
            s = stmt.strip()
            if re.match(r"(?is)^(--[^\n]*\n\s*)*\(?\s*(SELECT|WITH)\b", s):
                out.append({"src": f, "sql": s})
with open(WORK + "/corpus/docs.jsonl", "w") as fh:
    for o in out:
        fh.write(json.dumps(o, ensure_ascii=False) + "\n")
print(len(out))
