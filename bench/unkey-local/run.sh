#!/usr/bin/env bash
# verifyKey throughput and latency of unkey-local under wrk (64 connections, 2 threads).
# Usage: bench/unkey-local/run.sh [duration, default 15s]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-15s}"
cargo build -q --release -p unkey-local
BIN=target/release/unkey-local
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
