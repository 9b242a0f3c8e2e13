// A browser app using unkey-edge, bundled by esbuild (--platform=browser: the inline-wasm
// entry). browser.test.mjs loads it in headless Chromium and calls window.runChecks().
import { Unkey, isUnkeyError } from "unkey-edge";
import * as errors from "unkey-edge/models/errors";

window.runChecks = async (serverURL, rootKey) => {
  const unkey = new Unkey({ rootKey, serverURL });
  const api = await unkey.apis.createApi({ name: "browser_api" });
  const created = await unkey.keys.createKey({ apiId: api.data.apiId, prefix: "br" });
  const verified = await unkey.keys.verifyKey({ key: created.data.key });
  const limit = { namespace: "browser_ns", identifier: "u", limit: 1, duration: 60000 };
  const limits = [(await unkey.ratelimit.limit(limit)).data.success, (await unkey.ratelimit.limit(limit)).data.success];
  const kinds = [];
  const offline = new Unkey({ rootKey, serverURL: "http://127.0.0.1:9", retryConfig: { strategy: "none" } });
  for (const p of [
    unkey.keys.getKey({ keyId: "key_missing0000" }),
    unkey.keys.verifyKey({ key: 7 }),
    unkey.apis.getApi({ apiId: api.data.apiId }, { timeoutMs: 1 }),
    unkey.apis.getApi({ apiId: api.data.apiId }, { signal: AbortSignal.abort() }),
    offline.apis.getApi({ apiId: api.data.apiId }),
  ]) {
    try {
      await p;
      kinds.push("resolved");
    } catch (e) {
      // The class @unkey/api would use, reached as its users reach it.
      const cls = e instanceof errors[e.name] ? e.name : `not-${e.name}`;
      kinds.push(`${isUnkeyError(e)}:${e instanceof Error}:${e.kind}:${e.statusCode ?? ""}:${cls}`);
    }
  }
  const after = await unkey.keys.verifyKey({ key: "br_missing" });
  return { valid: verified.data.valid, limits, kinds, afterCode: after.data.code, ua: navigator.userAgent };
};
