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
python3 "$HERE/gen6.py" 1000 11 > "$WORK/corpus/gen6-11.jsonl"
python3 "$HERE/gen7.py" 600 11 > "$WORK/corpus/gen7-11.jsonl"
python3 "$HERE/gen7.py" 400 11 b > "$WORK/corpus/gen7b-11.jsonl"
python3 "$HERE/gen9.py" 1000 11 key_verifications_v1 > "$WORK/corpus/gen8-11.jsonl"
python3 "$HERE/gen9.py" 1000 11 > "$WORK/corpus/gen9-11.jsonl"
python3 "$HERE/gen10.py" 1000 11 > "$WORK/corpus/gen10-11.jsonl"
# Generators of the third round: dashboard and assistant forms (time buckets, windows,
# strings, quantiles), multi-level recipes, and a sweep of the allowed functions' signatures.
python3 "$HERE/gen11.py" 600 11 > "$WORK/corpus/gen11-11.jsonl"
python3 "$HERE/gen12.py" 300 11 > "$WORK/corpus/gen12-11.jsonl"
python3 "$HERE/gen13.py" 800 11 > "$WORK/corpus/gen13-11.jsonl"
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
