#!/bin/bash
# Installs what the engine diff needs into ENGINE_DIFF_WORK (default /tmp/engine-diff):
# chDB 3.6.0 (ClickHouse 25.5.2.1) and 3.7.2 (ClickHouse 25.8.2.1) from PyPI, each in a venv,
# and the rewriter (Go, AfterShip clickhouse-sql-parser v0.4.18: from the Go module proxy, or
# from a git directory of it given as AFTERSHIP_GIT).
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${ENGINE_DIFF_WORK:-/tmp/engine-diff}
mkdir -p "$WORK"
for pair in 25.5:3.6.0 25.8:3.7.2; do
  v=${pair%%:*}; chdb=${pair#*:}
  if [ ! -x "$WORK/venv-$v/bin/python" ]; then
    python3 -m venv "$WORK/venv-$v"
    "$WORK/venv-$v/bin/pip" install -q "chdb==$chdb" "pandas<3" pyarrow
  fi
  "$WORK/venv-$v/bin/python" -c "import chdb; print('chDB', chdb.query('SELECT version()', 'CSV'), end='')"
done
B="$WORK/gorewrite"
rm -rf "$B" && mkdir -p "$B" && cp -r "$HERE/gorewrite/." "$B/"
if [ -n "$AFTERSHIP_GIT" ]; then
  mkdir -p "$B/aftership"
  git --git-dir="$AFTERSHIP_GIT" archive v0.4.18 | tar -x -C "$B/aftership"
  echo 'replace github.com/AfterShip/clickhouse-sql-parser => ./aftership' >> "$B/go.mod"
  (cd "$B" && GOFLAGS=-mod=mod GOPROXY=off go build -o "$WORK/rewrite" ./cmd)
else
  (cd "$B" && GOFLAGS=-mod=mod go build -o "$WORK/rewrite" ./cmd)
fi
echo "rewriter: $WORK/rewrite"
