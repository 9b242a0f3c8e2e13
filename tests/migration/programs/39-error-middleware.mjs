// One error mapper for a whole service, switching on statusCode and class.
// flags: --faults
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const base = process.env.UNKEY_SERVER_URL;
const fault = (f) => fetch(`${base}/_local/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(f) });
const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: base, retryConfig: { strategy: "none" } });

function toHttp(err) {
  if (err instanceof errors.SDKValidationError) return [400, "invalid input"];
  if (err instanceof errors.UnkeyError) {
    switch (err.statusCode) {
      case 401: case 403: return [500, `misconfigured (${err.name})`];
      case 404: return [404, err instanceof errors.NotFoundErrorResponse ? err.error.detail : err.body];
      case 429: return [503, `unkey throttled us (${err.name})`];
      default: return [502, `unkey ${err.statusCode} ${err.name}`];
    }
  }
  if (err instanceof errors.HTTPClientError) return [503, err.name];
  return [500, String(err)];
}
const run = async (label, f) => {
  try { await f(); console.log(label, "ok"); } catch (e) { console.log(label, ...toHttp(e)); }
};
await run("404", () => unkey.keys.getKey({ keyId: "key_missing123" }));
await fault({ kind: "status", status: 500, path: "/v2/keys.getKey", count: 1 });
await run("500", () => unkey.keys.getKey({ keyId: "key_missing123" }));
await fault({ kind: "status", status: 429, path: "/v2/keys.getKey", count: 1 });
await run("429", () => unkey.keys.getKey({ keyId: "key_missing123" }));
await fault({ kind: "status", status: 502, path: "/v2/keys.getKey", count: 1 });
await run("502", () => unkey.keys.getKey({ keyId: "key_missing123" }));
await run("bad", () => unkey.keys.getKey({ keyId: 5 }));
