#!/usr/bin/env bash
# Runs a command against a fresh unkey-local process, then stops the server.
#
#   scripts/with-unkey-local.sh [unkey-local flags...] -- command [args...]
#
# The server listens on 127.0.0.1:<random port>; the command sees
#   UNKEY_LOCAL_URL   http://127.0.0.1:PORT  (from the server's first stdout line)
#   UNKEY_ROOT_KEY    the root key the server was started with
# The binary is $UNKEY_LOCAL_BIN, else $CARGO_TARGET_DIR/debug/unkey-local (default target/),
# built by the caller (`cargo build -p unkey-local`).
# The command runs in the caller's directory.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

flags=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do flags+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "usage: $0 [unkey-local flags...] -- command..." >&2; exit 2; }

bin=${UNKEY_LOCAL_BIN:-${CARGO_TARGET_DIR:-$repo/target}/debug/unkey-local}
export UNKEY_ROOT_KEY=${UNKEY_ROOT_KEY:-unkey_localtestrootkey0000000001}

out=$(mktemp -d)
"$bin" --listen 127.0.0.1:0 --root-key "$UNKEY_ROOT_KEY" "${flags[@]}" >"$out/stdout" 2>"$out/stderr" &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$out"; }
trap cleanup EXIT

for _ in $(seq 1 200); do
  line=$(head -n1 "$out/stdout" 2>/dev/null || true)
  case "$line" in "unkey-local listening on "*) break ;; esac
  kill -0 "$pid" 2>/dev/null || { echo "unkey-local exited:" >&2; cat "$out/stderr" >&2; exit 1; }
  sleep 0.05
done
export UNKEY_LOCAL_URL=${line#unkey-local listening on }
case "$UNKEY_LOCAL_URL" in http://*) ;; *) echo "unkey-local did not start" >&2; cat "$out/stderr" >&2; exit 1 ;; esac
echo "[with-unkey-local] $UNKEY_LOCAL_URL ${flags[*]}" >&2
"$@"
