#!/usr/bin/env python3
"""Corpus (a): SQL string literals of unkey-local's analytics tests -> corpus/tests.jsonl"""
import glob, json, os, re
from paths import REPO, WORK
files = sorted(glob.glob(REPO + '/unkey-local/tests/port_analytics*.rs') +
               glob.glob(REPO + '/unkey-local/tests/engine_*.rs') +
               glob.glob(REPO + '/unkey-local/src/analytics/**/*.rs', recursive=True))
LIT = re.compile(r'r(#*)"(.*?)"\1|"((?:[^"\\]|\\.)*)"', re.S)
ESC = {'n': '\n', 't': '\t', 'r': '\r', '\\': '\\', '"': '"', "'": "'", '0': '\0'}
def unescape(s):
    s = re.sub(r'\\\n\s*', '', s)  # line continuation
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == '\\' and i + 1 < len(s):
            n = s[i + 1]
            if n in ESC:
                out.append(ESC[n]); i += 2; continue
            if n == 'u':
                m = re.match(r'\\u\{([0-9a-fA-F]+)\}', s[i:])
                if m:
                    out.append(chr(int(m.group(1), 16))); i += len(m.group()); continue
            if n == 'x':
                out.append(chr(int(s[i + 2:i + 4], 16))); i += 4; continue
        out.append(c); i += 1
    return ''.join(out)
seen = set()
n = 0
with open(os.path.join(WORK, 'corpus', 'tests.jsonl'), 'w') as f:
    for path in files:
        src = open(path).read()
        for m in LIT.finditer(src):
            if m.group(2) is not None:
                s = m.group(2)
            else:
                try:
                    s = unescape(m.group(3))
                except Exception:
                    continue
            st = s.strip()
            if not re.match(r'(?is)^\(*\s*(SELECT|WITH)\b', st) or not re.search(r'(?i)\bFROM\b', st):
                continue
            if re.search(r'\{[a-z_0-9:]*\}', st):  # format! placeholders
                continue
            if '\0' in st or st in seen:
                continue
            seen.add(st)
            f.write(json.dumps({'src': path.split('unkey-local/')[1], 'sql': st}, ensure_ascii=False) + '\n')
            n += 1
print(n)
