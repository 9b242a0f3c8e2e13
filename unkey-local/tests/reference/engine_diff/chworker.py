"""chDB worker: loads upstream's schema (read from the mirror at run time) and the rows,
then answers queries as JSON lines on stdin/stdout.
Run with a chdb venv's python:  chworker.py ROWS_DIR"""
import json, os, re, subprocess, sys, tempfile

import chdb
from chdb import session

from paths import UPSTREAM as MIRROR, COMMIT
SCHEMAS = [
    "001_key_verifications_raw_v2", "002_key_verifications_per_minute_v3",
    "003_key_verifications_per_hour_v3", "004_key_verifications_per_day_v3",
    "005_key_verifications_per_month_v3", "006_ratelimits_raw_v2",
    "007_ratelimits_per_minute_v2", "008_ratelimits_per_hour_v2",
    "009_ratelimits_per_day_v2", "010_ratelimits_per_month_v2",
]

rows_dir = sys.argv[1]
import atexit, shutil
_dir = tempfile.mkdtemp(prefix="chdb_", dir="/tmp")
atexit.register(shutil.rmtree, _dir, True)
sess = session.Session(_dir)


def q(sql, fmt="CSV"):
    return sess.query(sql, fmt)


q("CREATE DATABASE IF NOT EXISTS default")
q("USE default")
q("SET max_threads = 1")
for name in SCHEMAS:
    text = subprocess.check_output(
        ["git", "-C", MIRROR, "show", "%s:pkg/clickhouse/schema/%s.sql" % (COMMIT, name)]).decode()
    # Rows of the test clock are in the (real) future or the past: drop TTL clauses so that
    # no merge deletes them (all rows are within the retention anyway).
    text = re.sub(r"\n\s*TTL[^\n]*?(DELETE)?\s*(?=\n|;)", "\n", text)
    text = re.sub(r"--[^\n]*", "", text)
    for stmt in text.split(";"):
        if stmt.strip():
            q(stmt)

for table, fname in (("key_verifications_raw_v2", "verifications.jsonl"),
                     ("ratelimits_raw_v2", "ratelimits.jsonl")):
    path = os.path.join(rows_dir, fname)
    data = open(path).read()
    if data.strip():
        # one INSERT, one block: the materialized views aggregate it as upstream's do
        cols = q("SELECT groupArray(name || ' ' || type) FROM (SELECT name, type FROM system.columns "
                 "WHERE database = 'default' AND table = '%s' ORDER BY position)" % table,
                 "JSONCompactEachRow").bytes().decode()
        structure = ", ".join(json.loads(cols)[0])
        q("INSERT INTO default.%s SELECT * FROM file('%s', 'JSONEachRow', '%s')"
          % (table, os.path.abspath(path), structure))

# The settings profile upstream gives the analytics user (pkg/clickhouse/user.go), and UTC.
for s in ["max_threads = 1", "session_timezone = 'UTC'", "max_ast_depth = 100",
          "max_ast_elements = 2000", "max_result_rows = 10000", "result_overflow_mode = 'throw'",
          "max_result_bytes = 4194304", "max_execution_time = 10",
          "output_format_json_quote_decimals = 1", "output_format_json_quote_64bit_integers = 1",
          "output_format_json_quote_64bit_floats = 0", "output_format_json_quote_denormals = 1",
          "readonly = 1"]:
    q("SET " + s)

counts = q("SELECT (SELECT count() FROM default.key_verifications_raw_v2), "
           "(SELECT count() FROM default.key_verifications_per_minute_v3), "
           "(SELECT count() FROM default.ratelimits_raw_v2), version()").bytes().decode().strip()
print(json.dumps({"ready": counts}), flush=True)

for line in sys.stdin:
    req = json.loads(line)
    try:
        res = q(req["sql"], "JSONCompactEachRowWithNamesAndTypes")
        text = res.bytes().decode("utf-8", errors="surrogateescape")
        # Go's encoding/json writes each byte of invalid UTF-8 as U+FFFD
        text = re.sub("[\udc80-\udcff]", "\ufffd", text)
        lines = [json.loads(l) for l in text.splitlines() if l.strip()]
        if not lines:
            out = {"ok": True, "names": [], "types": [], "rows": []}
        else:
            out = {"ok": True, "names": lines[0], "types": lines[1], "rows": lines[2:]}
    except Exception as e:  # ClickHouse error
        out = {"ok": False, "error": str(e)[:2000]}
    try:
        sys.stdout.write(json.dumps(out) + "\n")
    except Exception as e:
        sys.stdout.write(json.dumps({"ok": False, "error": "HARNESS: " + str(e)}) + "\n")
    sys.stdout.flush()
