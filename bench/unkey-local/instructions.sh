#!/usr/bin/env bash
# Instructions per verifyKey in unkey-local, counted by valgrind's callgrind: unlike req/s this
# does not move with the machine's load, so two builds compare on a busy machine. The server
# runs under callgrind twice, serving 0 and then N sequential verifyKeys (one keep-alive
# connection); the difference over N is the cost of one request, parsing to answer.
# Usage: bench/unkey-local/instructions.sh [N, default 2000]   (UNKEY_LOCAL_BIN as in run.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-2000}"
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)"; exit 1; }
if [ -n "${UNKEY_LOCAL_BIN:-}" ]; then
  BIN="$UNKEY_LOCAL_BIN"
else
  cargo build -q --release -p unkey-local
  BIN="${CARGO_TARGET_DIR:-target}/release/unkey-local"
fi
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT

count() { # count <requests>: total instructions of a server run that answers that many
  local out="$DIR/out" cg="$DIR/cg.$1"
  : >"$out"
  valgrind --tool=callgrind --callgrind-out-file="$cg" "$BIN" --listen 127.0.0.1:0 \
    --root-key unkey_bench_root --seed >"$out" 2>/dev/null &
  local pid=$!
  for _ in $(seq 600); do [ "$(wc -l <"$out")" -ge 2 ] && break; sleep 0.1; done
  node bench/unkey-local/verify-loop.mjs "$out" "$1"
  kill -TERM "$pid"; wait "$pid" || true
  awk '/^summary:/{print $2}' "$cg"
}
base=$(count 0)
total=$(count "$N")
echo "unkey-local verifyKey: $(( (total - base) / N )) instructions per request (callgrind, $N sequential requests; $BIN)"
