#!/usr/bin/env bash
# verifyKey throughput and latency of unkey-local under wrk (64 connections, 2 threads).
# Usage: bench/unkey-local/run.sh [duration, default 15s]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-15s}"
# UNKEY_LOCAL_BIN=path runs that binary instead (another commit's build, for before/after).
if [ -n "${UNKEY_LOCAL_BIN:-}" ]; then
  BIN="$UNKEY_LOCAL_BIN"
else
  cargo build -q --release -p unkey-local
  BIN="${CARGO_TARGET_DIR:-target}/release/unkey-local"
fi
ROOT="unkey_bench_root"
OUT=$(mktemp)
"$BIN" --listen 127.0.0.1:0 --root-key "$ROOT" --seed >"$OUT" 2>/dev/null &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -f "$OUT"' EXIT
for _ in $(seq 100); do [ "$(wc -l <"$OUT")" -ge 2 ] && break; sleep 0.05; done
URL=$(head -1 "$OUT" | sed 's/^unkey-local listening on //')
KEY=$(sed -n 2p "$OUT" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).keys.admin.key))')
export UNKEY_ROOT="$ROOT" UNKEY_KEY="$KEY"
echo "wrk -t2 -c64 -d$DURATION --latency -s bench/unkey-local/verify.lua $URL/v2/keys.verifyKey"
wrk -t2 -c64 -d"$DURATION" --latency -s bench/unkey-local/verify.lua "$URL/v2/keys.verifyKey"

# wrk always saturates, so its p99 is queueing on two shared cores. The target (p99 < 5 ms at
# >= 5,000 verifications/s) is a latency at a given rate: measure it at a fixed offered rate
# with oha when it is installed (`cargo install --locked oha`; optional, not part of setup).
if command -v oha >/dev/null 2>&1; then
  for rate in 5000 10000; do
    echo "oha --no-tui -z $DURATION -c 64 -q $rate -m POST … $URL/v2/keys.verifyKey"
    oha --no-tui -z "$DURATION" -c 64 -q "$rate" -m POST \
      -H "Authorization: Bearer $ROOT" -H "Content-Type: application/json" \
      -d "{\"key\":\"$KEY\",\"permissions\":\"admin\"}" "$URL/v2/keys.verifyKey" \
      | grep -E 'Success rate|Requests/sec|50.00%|99.00%|99.90%'
  done
else
  echo "(oha not installed: skipping the fixed-rate p99 run; cargo install --locked oha)"
fi
