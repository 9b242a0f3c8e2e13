// The README's retryConfig: a flaky Unkey is retried.
// flags: --faults
import { Unkey } from "@unkey/api";

const base = process.env.UNKEY_SERVER_URL;
const fault = (f) => fetch(`${base}/_local/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(f) });
const requests = async (p) => (await (await fetch(`${base}/_local/requests`)).json()).paths[p] ?? 0;
const unkey = new Unkey({
  retryConfig: { strategy: "backoff", backoff: { initialInterval: 1, maxInterval: 50, exponent: 1.1, maxElapsedTime: 2000 }, retryConnectionErrors: false },
  rootKey: process.env.UNKEY_ROOT_KEY ?? "",
  serverURL: base,
});
const { apiId } = (await unkey.apis.createApi({ name: "flaky" })).data;
await fault({ kind: "status", status: 503, path: "/v2/apis.getApi", count: 2 });
const api = await unkey.apis.getApi({ apiId });
console.log("got", api.data.name, await requests("/v2/apis.getApi"));
// Per call: no retries.
await fault({ kind: "status", status: 503, path: "/v2/apis.getApi", count: 1 });
try {
  await unkey.apis.getApi({ apiId }, { retries: { strategy: "none" } });
} catch (e) {
  console.log("no retry", e.name, e.statusCode, await requests("/v2/apis.getApi"));
}
