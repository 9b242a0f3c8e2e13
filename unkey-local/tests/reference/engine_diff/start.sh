#!/bin/bash
# Starts a fresh unkey-local (UL_BIN, default the repository's release build) with analytics, a
# frozen test clock and the dashboard routes; prints its base URL.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${ENGINE_DIFF_WORK:-/tmp/engine-diff}
UL_BIN=${UL_BIN:-$HERE/../../../../target/release/unkey-local}
[ -x "$UL_BIN" ] || { echo "no unkey-local at $UL_BIN (cargo build --release -p unkey-local, or set UL_BIN)" >&2; exit 1; }
mkdir -p "$WORK" && cd "$WORK"
[ -f srv.pid ] && kill "$(cat srv.pid)" 2>/dev/null || true
"$UL_BIN" --listen 127.0.0.1:0 --analytics --test-clock --dashboard \
  --analytics-retention-days 3650 --root-key unkey_root > srv.out 2>srv.err &
echo $! > srv.pid
for _ in $(seq 100); do grep -q listening srv.out 2>/dev/null && break; sleep 0.1; done
sed -n 's/.*listening on //p' srv.out
