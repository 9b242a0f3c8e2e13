#!/usr/bin/env bash
# analytics.getVerifications of unkey-local: queries/s and latency of a few representative query
# shapes over N recorded verifications (wrk, 4 connections, 2 threads, one shape at a time).
# Usage: bench/unkey-local/analytics.sh [duration per shape, default 5s] [verifications, default 20000]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-5s}"
ROWS="${2:-20000}"
# UNKEY_LOCAL_BIN=path runs that binary instead (another commit's build, for before/after).
if [ -n "${UNKEY_LOCAL_BIN:-}" ]; then
  BIN="$UNKEY_LOCAL_BIN"
else
  cargo build -q --release -p unkey-local
  BIN="${CARGO_TARGET_DIR:-target}/release/unkey-local"
fi
ROOT="unkey_bench_root"
OUT=$(mktemp)
"$BIN" --listen 127.0.0.1:0 --root-key "$ROOT" --seed --analytics >"$OUT" 2>/dev/null &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -f "$OUT"' EXIT
for _ in $(seq 100); do [ "$(wc -l <"$OUT")" -ge 2 ] && break; sleep 0.05; done
URL=$(head -1 "$OUT" | sed 's/^unkey-local listening on //')
KEY=$(sed -n 2p "$OUT" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).keys.admin.key))')
export UNKEY_ROOT="$ROOT" UNKEY_KEY="$KEY"
# Record ROWS verifications of the seeded key, 64 at a time.
node -e '
const [url, root, key, rows] = process.argv.slice(1);
(async () => {
  const body = JSON.stringify({ key, permissions: "admin" });
  const headers = { authorization: `Bearer ${root}`, "content-type": "application/json" };
  for (let done = 0; done < +rows; done += 64)
    await Promise.all(Array.from({ length: 64 }, () => fetch(`${url}/v2/keys.verifyKey`, { method: "POST", headers, body }).then(r => r.arrayBuffer())));
})();' "$URL" "$ROOT" "$KEY" "$ROWS"
shape() {
  echo "$1: $2"
  UNKEY_QUERY="$2" wrk -t2 -c4 -d"$DURATION" -s bench/unkey-local/analytics.lua "$URL/v2/analytics.getVerifications" | tail -1
}
shape "count" "SELECT count() AS n FROM key_verifications_v1"
shape "by outcome" "SELECT outcome, count() AS n FROM key_verifications_v1 WHERE time >= toUnixTimestamp64Milli(now64(3) - INTERVAL 7 DAY) GROUP BY outcome ORDER BY n DESC"
shape "per hour" "SELECT toStartOfHour(fromUnixTimestamp64Milli(time)) AS h, countIf(outcome = 'VALID') AS valid, count() AS total FROM key_verifications_v1 GROUP BY h ORDER BY h"
shape "rollup" "SELECT time, sum(count) AS n FROM key_verifications_per_minute_v1 WHERE time >= now() - INTERVAL 1 DAY GROUP BY time ORDER BY time"
shape "window" "SELECT key_id, count() AS n, sum(count()) OVER () AS total FROM key_verifications_v1 GROUP BY key_id"
shape "top keys" "SELECT key_id, count() AS n FROM key_verifications_v1 GROUP BY key_id ORDER BY n DESC LIMIT 10"
