import json, os, sys, urllib.request
from paths import WORK
U = open(os.path.join(WORK, 'url')).read().strip()
def q(path, sql):
    r = urllib.request.Request(U + path, data=json.dumps({"query": sql}).encode(),
                               headers={"Authorization": "Bearer unkey_root", "Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(r).read())["data"]
v = q('/v2/analytics.getVerifications', 'SELECT * FROM key_verifications_v1')
r = q('/v2/analytics.getRatelimits', 'SELECT * FROM ratelimits_v1')
open(os.path.join(WORK, 'rows', 'verifications.jsonl'), 'w').write(''.join(json.dumps(x, ensure_ascii=False) + '\n' for x in v))
open(os.path.join(WORK, 'rows', 'ratelimits.jsonl'), 'w').write(''.join(json.dumps(x, ensure_ascii=False) + '\n' for x in r))
print(len(v), len(r))
