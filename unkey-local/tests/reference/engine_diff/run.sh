#!/bin/bash
# One command: a fresh unkey-local, the dataset, chDB loaded with the same rows, every corpus
# compared. Usage: run.sh [corpus files...] (default: all). Run setup.sh once first.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${ENGINE_DIFF_WORK:-/tmp/engine-diff}
export ENGINE_DIFF_WORK=$WORK
"$HERE/serve.sh" >/dev/null
U=$(cat "$WORK/url")
python3 "$HERE/extract.py" >/dev/null
python3 "$HERE/extract_docs.py" >/dev/null
for seed in 7 8 9 10; do python3 "$HERE/gen.py" 1500 $seed > "$WORK/corpus/gen$seed.jsonl"; done
# Generators of the second round: upstream's allowed functions only, rollup modifiers, typed
# expression trees over every table, common types.
for g in gen6:1000 gen7:600 gen7b:400 gen8:1000 gen9:1000 gen10:1000; do
  python3 "$HERE/${g%%:*}.py" "${g#*:}" 11 > "$WORK/corpus/${g%%:*}-11.jsonl"
done
python3 "$HERE/minimal.py" corpus
if [ $# -eq 0 ]; then
  set -- "$HERE"/corpus/*.jsonl "$WORK"/corpus/docs.jsonl "$WORK"/corpus/tests.jsonl \
    "$WORK"/corpus/gen*.jsonl "$WORK"/corpus/minimal.jsonl
fi
OUT="$WORK/results/results.jsonl" python3 "$HERE/compare.py" "$U" "$@"
python3 "$HERE/report.py" "$WORK/results/results.jsonl" > "$WORK/results/summary.txt" || true
kill "$(cat "$WORK/srv.pid")" 2>/dev/null || true
head -1 "$WORK/results/summary.txt"
echo "details: $WORK/results/summary.txt"
