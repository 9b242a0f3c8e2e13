#!/usr/bin/env bash
# wasm-bindgen-test suites in Node, headless Chromium and headless Firefox, each run against its
# own unkey-local started with --faults: the npm build's core (tests/wasm_node.rs,
# tests/wasm_browser.rs: features js,lol_alloc) and the typed Rust API on gloo-net
# (tests/wasm_gloo_node.rs, tests/wasm_gloo_browser.rs: feature gloo).
# Its URL and root key reach the tests at compile time (option_env!), so only the small test
# crates rebuild per run. WASM_SKIP_FIREFOX=1 skips the Firefox run (loudly).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
chromedriver=${CHROMEDRIVER:-/usr/bin/chromedriver}
[ -x "$chromedriver" ] || { echo "test-wasm: no $chromedriver; scripts/setup.sh installs chromium-driver" >&2; exit 1; }
command -v chromium >/dev/null || { echo "test-wasm: no chromium; scripts/setup.sh installs it" >&2; exit 1; }
# The runner picks GECKODRIVER over CHROMEDRIVER, and either over PATH: each run sets exactly one.
unset CHROMEDRIVER GECKODRIVER CHROMEDRIVER_REMOTE GECKODRIVER_REMOTE
# Give the browser a generous page-load budget on a busy 2-core CI machine.
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-120}
# The wasm-only code (src/js, src/transport/fetch.rs, the suites) is linted here: the host
# `make lint` cannot see it.
cargo clippy -q --target wasm32-unknown-unknown --features js,js-guard,lol_alloc \
  --lib --test wasm_node --test wasm_browser -- -D warnings
cargo clippy -q --target wasm32-unknown-unknown --features gloo \
  --lib --test wasm_gloo_node --test wasm_gloo_browser -- -D warnings

JS=(--features js,lol_alloc --test wasm_node --test wasm_browser)
GLOO=(--features gloo --test wasm_gloo_node --test wasm_gloo_browser)

# Runs `cargo test` with the given features and suites; the log must show the runner chose
# browser $1 (the browser suites also assert navigator.userAgent contains $WASM_TEST_BROWSER).
#
# The build comes first, untimed; the run is timed. Headless Chrome sometimes never gets a
# WebDriver session going (about one start in four on this machine, more under load; the runner
# then waits ~7 minutes after reading webdriver.json), and headless Firefox sometimes dies as it
# starts (left defunct beside its crashhelper; 2 starts in 6 here, and once 4 in a row in
# `make test`). A watchdog ends an attempt whose browser has not started the suite $start_s
# seconds after the runner's banner, and the start is tried again, $attempts times in all. A
# suite that started and then hangs is a failure, not retried.
start_s=${WASM_START_TIMEOUT:-60}
attempts=${WASM_START_ATTEMPTS:-8}
# Whether the log shows a browser banner with no suite started after it.
not_started() {
  awk '/Running headless tests in/{started=0; seen=1} /^running [0-9]+ tests/{started=1} END{exit !(seen && !started)}' "$1"
}
run() {
  local browser=$1 log rc attempt pid waited
  shift
  cargo test --target wasm32-unknown-unknown --no-run "$@"
  for attempt in $(seq "$attempts"); do
    log=$(mktemp)
    # Its own process group, so that the watchdog ends the driver and browser with it.
    setsid timeout --kill-after=10 180 scripts/with-unkey-local.sh --faults -- \
      cargo test --target wasm32-unknown-unknown "$@" >"$log" 2>&1 &
    pid=$!
    waited=0
    while kill -0 "$pid" 2>/dev/null; do
      if not_started "$log"; then
        waited=$((waited + 1))
        if [ "$waited" -ge "$start_s" ]; then
          kill -- -"$pid" 2>/dev/null || true
          break
        fi
      else
        waited=0
      fi
      sleep 1
    done
    set +e
    wait "$pid"
    rc=$?
    set -e
    cat "$log"
    if [ "$rc" != 0 ] && not_started "$log"; then
      echo "test-wasm: $browser did not start the suite (attempt $attempt of $attempts)" >&2
      pkill -f "chromedriver --port" 2>/dev/null || true
      pkill -f geckodriver 2>/dev/null || true
      pkill -f firefox-esr/crashhelper 2>/dev/null || true
      rm -f "$log"
      continue
    fi
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
      echo "test-wasm: the $browser run hung after it started" >&2
      rm -f "$log"
      return 1
    fi
    if [ "$rc" != 0 ]; then
      rm -f "$log"
      return "$rc"
    fi
    if ! grep -q "Running headless tests in $browser" "$log"; then
      echo "test-wasm: the browser suite did not run in $browser" >&2
      rm -f "$log"
      return 1
    fi
    rm -f "$log"
    return 0
  done
  echo "test-wasm: $browser never started the suite in $attempts attempts" >&2
  return 1
}

CHROMEDRIVER=$chromedriver WASM_TEST_BROWSER=Chrome run Chrome "${JS[@]}"
CHROMEDRIVER=$chromedriver WASM_TEST_BROWSER=Chrome run Chrome "${GLOO[@]}"

if [ "${WASM_SKIP_FIREFOX:-}" = 1 ]; then
  if [ "${CI:-}" = true ]; then
    echo "test-wasm: WASM_SKIP_FIREFOX=1 is not allowed under CI=true" >&2
    exit 1
  fi
  echo "test-wasm: SKIPPED the Firefox run (WASM_SKIP_FIREFOX=1)" >&2
  exit 0
fi
geckodriver=$(command -v geckodriver) || { echo "test-wasm: no geckodriver; run scripts/setup.sh" >&2; exit 1; }
command -v firefox-esr >/dev/null || { echo "test-wasm: no firefox-esr; run scripts/setup.sh" >&2; exit 1; }
start=$SECONDS
MOZ_HEADLESS=1 GECKODRIVER=$geckodriver WASM_TEST_BROWSER=Firefox \
  run Firefox --features js,lol_alloc --test wasm_browser
MOZ_HEADLESS=1 GECKODRIVER=$geckodriver WASM_TEST_BROWSER=Firefox \
  run Firefox --features gloo --test wasm_gloo_browser
echo "test-wasm: Firefox run took $((SECONDS - start)) s" >&2
