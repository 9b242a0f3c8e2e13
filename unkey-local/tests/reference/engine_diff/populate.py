#!/usr/bin/env python3
"""Make a varied analytics dataset through unkey-local's real API.
Usage: populate.py BASE_URL ROOT_KEY   (server started with --analytics --test-clock)"""
import json, random, sys, urllib.request

BASE, ROOT = sys.argv[1], sys.argv[2]
rnd = random.Random(19)


def call(path, body, key=ROOT):
    req = urllib.request.Request(BASE + path, data=json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + key,
                                          "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def clock(body):
    if not body:
        with urllib.request.urlopen(BASE + "/_local/clock") as r:
            return r.status, json.loads(r.read())
    return call("/_local/clock", body)


def v2(op, body):
    st, js = call("/v2/" + op, body)
    if st != 200:
        print("WARN", op, st, json.dumps(js)[:300], file=sys.stderr)
    return js.get("data") if isinstance(js, dict) else None


clock({"freeze": True})
# start on a fixed day boundary-ish time so the data is reproducible in shape
st, c = clock({})
apis = [v2("apis.createApi", {"name": "api-%d" % i})["apiId"] for i in range(3)]
TAGS = [[], ["a"], ["a", "b"], ["b", "a"], ["a", "a"], ["ünï", "日本"], ["path=/v1/x", "region=eu"],
        ["x"] * 3, ["tag with space", "a"], ["b"]]
keys = []  # (key, keyId, apiId, kind)
for ai, api in enumerate(apis):
    for i in range(8):
        body = {"apiId": api, "prefix": "p%d" % ai}
        kind = ["plain", "ext", "credits", "rl", "disabled", "expiring", "ext2", "perm"][i]
        if kind in ("ext", "ext2"):
            body["externalId"] = "user_%d" % (i % 3 + ai)
        if kind == "credits":
            body["credits"] = {"remaining": 7}
            body["externalId"] = "cred_%d" % ai
        if kind == "rl":
            body["ratelimits"] = [{"name": "req", "limit": 2, "duration": 60000, "autoApply": True}]
        if kind == "disabled":
            body["enabled"] = False
        if kind == "expiring":
            body["expires"] = c["now"] + 3 * 86400000
        if kind == "perm":
            body["permissions"] = ["p.read"]
        d = v2("keys.createKey", body)
        keys.append((d["key"], d["keyId"], api, kind))

bad_key = "p0_doesnotexist12345"
n = 0
for step in range(250):
    # spread over ~5 months: mostly minutes/hours, sometimes days
    adv = rnd.choice([1000, 17000, 60000, 3600000, 3 * 3600000, 86400000, 5 * 86400000])
    clock({"advance": adv + rnd.randint(0, 999)})
    for _ in range(rnd.randint(3, 12)):
        k, kid, api, kind = rnd.choice(keys)
        body = {"key": k}
        t = rnd.choice(TAGS)
        if t or rnd.random() < 0.3:
            body["tags"] = t
        if kind == "credits" and rnd.random() < 0.5:
            body["credits"] = {"cost": rnd.choice([0, 1, 2, 3])}
        if kind == "perm" and rnd.random() < 0.5:
            body["permissions"] = rnd.choice(["p.read", "p.write"])
        if kind == "rl" and rnd.random() < 0.5:
            body["ratelimits"] = [{"name": "req", "cost": rnd.choice([1, 5])}]
        v2("keys.verifyKey", body)
        n += 1
    if rnd.random() < 0.4:
        for _ in range(rnd.randint(1, 6)):
            v2("ratelimit.limit", {"namespace": rnd.choice(["email", "sms", "ünï"]),
                                   "identifier": rnd.choice(["u1", "u2", "", "ü", "user_3"]) or "u0",
                                   "limit": rnd.choice([1, 3, 10]), "duration": rnd.choice([1000, 60000]),
                                   "cost": rnd.choice([0, 1, 2])})
print(json.dumps({"verifications": n, "clock": clock({})[1]}))
