#!/usr/bin/env bash
# make demo: the guard Worker (root wrangler.toml) in front of a small origin, against unkey-local.
#
# Installs what is missing, builds the npm package and unkey-local, starts unkey-local with
# seeded keys, the origin and `wrangler dev`, walks through the interesting answers (200 with
# identity headers, 401, 403, 429 with headers), then keeps running for you to try with curl
# until Ctrl-C. DEMO_EXIT=1 exits after the walkthrough (non-zero if an answer was unexpected).
# DEMO_PORT picks the Worker's port (default 8787, or a free one when taken).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export WRANGLER_SEND_METRICS=false

bold() { printf '\033[1m%s\033[0m\n' "$*"; }
dim() { printf '\033[2m%s\033[0m\n' "$*"; }
step() { printf '\n\033[1;36m== %s\033[0m\n' "$*"; }

step "setup (installs only what is missing)"
bash scripts/setup.sh
step "build: npm package (pkg/) and unkey-local"
bash scripts/pkg.sh
ln -sfn ../pkg node_modules/unkey-edge
cargo build -q -p unkey-local
bin="${CARGO_TARGET_DIR:-target}/debug/unkey-local"

work=$(mktemp -d)
pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do
    # Each service runs in its own process group (setsid): stop the whole group, wrangler's
    # workerd child included.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'echo; dim "stopping…"; exit 0' INT TERM

# Wait for the first stdout line of a service to match a prefix; print the rest of that line.
first_line() {
  local file=$1 prefix=$2 pid=$3
  for _ in $(seq 1 300); do
    local line
    line=$(head -n1 "$file" 2>/dev/null || true)
    if [[ "$line" == "$prefix"* ]]; then echo "${line#"$prefix"}"; return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "service exited:" >&2; cat "$file" "$file.err" >&2 || true; return 1; }
    sleep 0.1
  done
  echo "timed out waiting for: $prefix" >&2
  return 1
}

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

root_key="unkey_demo$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"

step "start unkey-local, seed keys"
setsid "$bin" --listen 127.0.0.1:0 --root-key "$root_key" >"$work/unkey" 2>"$work/unkey.err" &
pids+=($!)
unkey_url=$(first_line "$work/unkey" "unkey-local listening on " "${pids[-1]}")
seed=$(node examples/guard-worker/seed.mjs "$unkey_url" "$root_key")
key() { node -e 'console.log(JSON.parse(process.argv[1]).keys[process.argv[2]])' "$seed" "$1"; }
plain=$(key plain); admin=$(key admin); low=$(key lowCredit); disabled=$(key disabled)
echo "unkey-local: $unkey_url"

step "start the origin"
setsid node examples/guard-worker/origin.mjs --port 0 >"$work/origin" 2>"$work/origin.err" &
pids+=($!)
origin_url=$(first_line "$work/origin" "origin listening on " "${pids[-1]}")
echo "origin:      $origin_url"

step "start wrangler dev with the root wrangler.toml Worker"
port=${DEMO_PORT:-8787}
if node -e 'require("net").connect(+process.argv[1],"127.0.0.1").on("connect",()=>process.exit(0)).on("error",()=>process.exit(1))' "$port"; then
  port=$(free_port)
fi
setsid wrangler dev --ip 127.0.0.1 --port "$port" --show-interactive-dev-session=false \
  --var "UNKEY_ROOT_KEY:$root_key" --var "UNKEY_SERVER_URL:$unkey_url" --var "ORIGIN_URL:$origin_url" \
  >"$work/wrangler" 2>&1 &
pids+=($!)
worker="http://127.0.0.1:$port"
for i in $(seq 1 600); do
  curl -s -o /dev/null "$worker/public/ready" && break
  kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/wrangler" >&2; exit 1; }
  [ "$i" = 600 ] && { echo "wrangler dev did not start" >&2; cat "$work/wrangler" >&2; exit 1; }
  sleep 0.1
done
echo "worker:      $worker"

failures=0
# show EXPECTED METHOD PATH [curl header args...]: send, print the answer, check the status.
show() {
  local want=$1 method=$2 path=$3
  shift 3
  local shown=""
  for ((i = 1; i <= $#; i++)); do
    if [ "${!i}" = "-H" ]; then
      local j=$((i + 1))
      local h=${!j}
      # Never print a whole key: the first 8 characters are enough to tell them apart.
      if [[ "$h" == *Bearer* ]]; then h="${h%% Bearer *} Bearer ${h##* Bearer }"; h="${h:0:30}…"; fi
      shown+=" [$h]"
    fi
  done
  printf '\n\033[1m→ %s %s\033[0m%s\n' "$method" "$path" "$shown"
  curl -s -X "$method" -D "$work/h" -o "$work/b" "$@" "$worker$path" || true
  local status
  status=$(awk 'NR==1{print $2}' "$work/h")
  local color=32
  [ "$status" = "$want" ] || { color=31; failures=$((failures + 1)); }
  printf '\033[%sm← %s\033[0m' "$color" "$status"
  [ "$status" = "$want" ] || printf ' (expected %s)' "$want"
  echo
  grep -iE '^(retry-after|ratelimit-[a-z]+|content-type):' "$work/h" | sed 's/^/   /' | tr -d '\r' || true
  node -e '
    const fs = require("fs");
    const text = fs.readFileSync(process.argv[1], "utf8");
    let body; try { body = JSON.parse(text); } catch { console.log("   " + text.slice(0, 200)); process.exit(0); }
    if (body.origin) {
      const h = Object.entries(body.headers).filter(([k]) => k.startsWith("x-unkey-") || k === "authorization");
      console.log("   origin received " + body.method + " " + body.path + " with: " +
        (h.length ? h.map(([k, v]) => k + ": " + v).join(", ") : "(no x-unkey-* headers)"));
    } else {
      console.log("   " + JSON.stringify(body));
    }' "$work/b"
}

step "walkthrough"
show 200 GET /public/hello
show 401 GET /api/data
show 401 GET /api/data -H "Authorization: Bearer demo_doesnotexist"
show 200 GET /api/data -H "Authorization: Bearer $plain"
dim "   a caller trying to pass as someone else: the guard drops every X-Unkey-* it did not set"
show 200 GET /api/data -H "Authorization: Bearer $plain" -H "X-Unkey-Identity: user_root" -H "X-Unkey-Key-Id: key_forged"
show 403 GET /admin/users -H "Authorization: Bearer $plain"
show 200 GET /admin/users -H "Authorization: Bearer $admin"
show 403 GET /api/data -H "Authorization: Bearer $disabled"
dim "   the plain key allows 3 requests a minute (403s do not count): this is the third…"
show 200 GET /api/data -H "Authorization: Bearer $plain"
dim "   …and the fourth is refused with Retry-After and RateLimit-*"
show 429 GET /api/data -H "Authorization: Bearer $plain"
dim "   this key has one credit left"
show 200 GET /api/data -H "Authorization: Bearer $low"
show 429 GET /api/data -H "Authorization: Bearer $low"
show 404 GET /elsewhere

if [ "$failures" -gt 0 ]; then
  bold "$failures answer(s) differed from the expected ones"
fi
if [ "${DEMO_EXIT:-0}" = 1 ]; then
  [ "$failures" -eq 0 ]
  exit
fi

step "running — try it yourself (Ctrl-C stops everything)"
echo "worker:   $worker"
echo "demo key: $admin   (has the admin permission)"
echo "          $plain   (3 requests/minute)"
echo
echo "  curl -i $worker/public/hello"
echo "  curl -i -H 'Authorization: Bearer $admin' $worker/admin/users"
echo "  curl -i -H 'Authorization: Bearer $admin' $worker/api/data"
while true; do sleep 3600 & wait $!; done
