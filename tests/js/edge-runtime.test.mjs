// The packed package in Vercel's `edge-runtime` (the Edge Runtime's local emulator): bundled as an
// edge function is (esbuild, conditions edge-light/worker/browser: the inline-wasm entry), then
// evaluated in an EdgeRuntime context against unkey-local. Run by scripts/test-js.sh; edge-runtime
// and esbuild come from the repository's devDependencies (UNKEY_EDGE_ROOT).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { serverURL, rootKey } from "./local.mjs";

const root = process.env.UNKEY_EDGE_ROOT;
assert.ok(root, "run through scripts/test-js.sh (UNKEY_EDGE_ROOT: the repository)");
const require = createRequire(path.join(root, "package.json"));
const { EdgeRuntime } = require("edge-runtime");
const esbuild = require("esbuild");

const FUNCTION = `
import { Unkey, isUnkeyError } from "unkey-edge";
globalThis.check = async (rootKey, serverURL) => {
  const unkey = new Unkey({ rootKey, serverURL });
  const api = await unkey.apis.createApi({ name: "edge_runtime" });
  const created = await unkey.keys.createKey({ apiId: api.data.apiId, prefix: "er" });
  const valid = await unkey.keys.verifyKey({ key: created.data.key });
  const missing = await unkey.keys.verifyKey({ key: "er_missing" });
  let error;
  try {
    await unkey.keys.getKey({ keyId: "key_missing0000" });
  } catch (e) {
    error = { name: e.name, kind: e.kind, status: e.statusCode, unkey: isUnkeyError(e), leaks: String(e.stack) .includes(rootKey) };
  }
  let validation;
  try {
    await unkey.keys.verifyKey({ key: 42 });
  } catch (e) {
    validation = { name: e.name, kind: e.kind };
  }
  return JSON.stringify({ valid: valid.data.valid, code: valid.data.code, missing: missing.data.code, error, validation });
};
`;

test("Vercel edge-runtime: the bundled package verifies keys and types its errors", async () => {
  const out = await esbuild.build({
    stdin: { contents: FUNCTION, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    format: "iife",
    platform: "browser",
    conditions: ["edge-light", "worker", "browser"],
    write: false,
    logLevel: "error",
  });
  const runtime = new EdgeRuntime({ initialCode: out.outputFiles[0].text });
  const r = JSON.parse(await runtime.evaluate(`check(${JSON.stringify(rootKey)}, ${JSON.stringify(serverURL)})`));
  assert.equal(r.valid, true);
  assert.equal(r.code, "VALID");
  assert.equal(r.missing, "NOT_FOUND");
  assert.deepEqual(r.error, { name: "NotFoundErrorResponse", kind: "api", status: 404, unkey: true, leaks: false });
  assert.deepEqual(r.validation, { name: "SDKValidationError", kind: "validation" });
});
