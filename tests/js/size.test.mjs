// Size budget of the wasm in the package: fails when it grows past the committed budget
// (bytes of pkg/unkey_edge_bg.wasm after wasm-opt, deterministic for a given toolchain).
// Raise the budget only together with a measured reason (`bash scripts/size.sh`; BENCHMARKS.md,
// "Package size").
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const budget = JSON.parse(readFileSync(new URL("./size-budget.json", import.meta.url), "utf8"));

test("wasm stays within its size budget", () => {
  const wasm = require.resolve("unkey-edge/package.json").replace(/package\.json$/, "unkey_edge_bg.wasm");
  const bytes = statSync(wasm).size;
  assert.ok(bytes <= budget.wasmBytes, `unkey_edge_bg.wasm is ${bytes} bytes, budget ${budget.wasmBytes}`);
});
