// A slow Unkey: client-wide timeoutMs, then a per-call one.
// flags: --faults
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const base = process.env.UNKEY_SERVER_URL;
const fault = (f) => fetch(`${base}/_local/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(f) });
const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: base, timeoutMs: 300, retryConfig: { strategy: "none" } });
await fault({ kind: "delay", delayMs: 1500, path: "/v2/apis.getApi", count: 1 });
try {
  await unkey.apis.getApi({ apiId: "api_1234567" });
} catch (e) {
  console.log("client", e.name, e instanceof errors.RequestTimeoutError, e instanceof errors.HTTPClientError, e instanceof errors.RequestAbortedError);
}
const slow = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: base });
await fault({ kind: "delay", delayMs: 1500, path: "/v2/keys.verifyKey", count: 1 });
try {
  await slow.keys.verifyKey({ key: "sk_1234567" }, { timeoutMs: 200, retries: { strategy: "none" } });
} catch (e) {
  console.log("per call", e.name, e instanceof errors.RequestTimeoutError);
}
const ok = await slow.keys.verifyKey({ key: "sk_1234567" }, { timeoutMs: 2000 });
console.log("fine", ok.data.code);
