// A request handler whose client went away: the SDK call is aborted with it.
// flags: --faults
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const base = process.env.UNKEY_SERVER_URL;
await fetch(`${base}/_local/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ kind: "delay", delayMs: 2000, path: "/v2/keys.verifyKey", count: 2 }) });
const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: base, retryConfig: { strategy: "none" } });
const controller = new AbortController();
setTimeout(() => controller.abort(), 100);
try {
  await unkey.keys.verifyKey({ key: "sk_abcdefgh" }, { signal: controller.signal });
} catch (e) {
  console.log("signal", e.name, e instanceof errors.RequestAbortedError, e instanceof errors.HTTPClientError);
}
const c2 = new AbortController();
setTimeout(() => c2.abort(), 100);
try {
  await unkey.keys.verifyKey({ key: "sk_abcdefgh" }, { fetchOptions: { signal: c2.signal } });
} catch (e) {
  console.log("fetchOptions.signal", e.name, e instanceof errors.RequestAbortedError);
}
try {
  await unkey.keys.verifyKey({ key: "sk_abcdefgh" }, { signal: AbortSignal.abort() });
} catch (e) {
  console.log("pre-aborted", e.name);
}
