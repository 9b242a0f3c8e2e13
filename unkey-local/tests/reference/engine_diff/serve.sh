#!/bin/bash
# Starts unkey-local with the dataset loaded, for probe.py (without running the corpora).
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${ENGINE_DIFF_WORK:-/tmp/engine-diff}
mkdir -p "$WORK/results" "$WORK/rows" "$WORK/corpus"
U=$("$HERE/start.sh"); echo "$U" > "$WORK/url"
python3 "$HERE/populate.py" "$U" unkey_root 2>"$WORK/results/populate.err" | tail -1
python3 "$HERE/dump.py"
echo "server $U (pid $(cat "$WORK/srv.pid")); $HERE/probe.py 'SELECT …'; stop: kill \$(cat $WORK/srv.pid)"
