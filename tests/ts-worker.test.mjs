// examples/ts-worker as wrangler bundles it (`wrangler deploy --dry-run`, its own
// wrangler.toml, no compatibility flags), run in workerd by Miniflare: one wasm uploaded (the
// guard's, which also serves the client), and the guard answering before any call to Unkey
// (a route needing a key, none sent; no route at all). Run by `make test-ts-example`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const example = path.join(ROOT, "examples/ts-worker");
const out = path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, "target"), "ts-worker");

test("examples/ts-worker: bundled by wrangler with one wasm, and it guards in workerd", async () => {
  rmSync(out, { recursive: true, force: true });
  execFileSync(path.join(ROOT, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", out], {
    cwd: example,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  const wasm = readdirSync(out).filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `uploaded: ${wasm.join(", ")}`);
  assert.match(wasm[0], /unkey_edge_guard_bg\.wasm$/);
  const mf = new Miniflare({
    modules: true,
    scriptPath: path.join(out, "index.js"),
    modulesRoot: out,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2026-04-01",
    // Nothing listens there: the answers below must come from the guard alone.
    bindings: { UNKEY_ROOT_KEY: "unkey_tsworker_root_0000", UNKEY_SERVER_URL: "http://127.0.0.1:9", ORIGIN_URL: "http://127.0.0.1:9" },
  });
  try {
    const missing = await mf.dispatchFetch("http://localhost/api/data");
    assert.equal(missing.status, 401);
    assert.equal((await missing.json()).code, "MISSING_KEY");
    const none = await mf.dispatchFetch("http://localhost/elsewhere");
    assert.equal(none.status, 404);
    assert.equal((await none.json()).code, "NO_ROUTE");
  } finally {
    await mf.dispose();
  }
});
