// Client CPU with the network taken away: every client gets a fetch that answers a ready-made
// verifyKey envelope at once, so what is left is the library's own work per call (building the
// request, validation, JSON, promise plumbing, the JS↔wasm boundary). Shared by Node
// (node/nonet.mjs) and workerd (workers/nonet.js).
import { Unkey } from "unkey-edge";
import { Unkey as ApiUnkey } from "@unkey/api";
import { HTTPClient } from "@unkey/api/lib/http.js";

const BODY = JSON.stringify({
  meta: { requestId: "req_2cGKbMxRjIzhCxo1IO9vd2" },
  data: {
    valid: true,
    code: "VALID",
    keyId: "key_2cGKbMxRjIzhCxo1IO9vd2",
    name: "admin",
    enabled: true,
    permissions: ["admin"],
    identity: { id: "id_2cGKbMxRjIzhCxo1IO9vd2", externalId: "demo_admin" },
  },
});
// With its Content-Length, as unkey-local and an uncompressed HTTP answer carry it (unkey-edge
// reads such a body whole; a chunked or compressed one is counted as it streams, which costs
// more: BENCHMARKS.md, sessions 15–16).
const LENGTH = String(new TextEncoder().encode(BODY).byteLength);
const answer = async () =>
  new Response(BODY, { status: 200, headers: { "content-type": "application/json", "content-length": LENGTH } });
const URL_ = "http://127.0.0.1:9/v2/keys.verifyKey";
const HEADERS = { authorization: "Bearer unkey_nonet", "content-type": "application/json" };
const OPTS = { rootKey: "unkey_nonet", serverURL: "http://127.0.0.1:9" };

/** name → () => Promise<envelope>, each verifying `key`. */
export function nonetClients(key) {
  const edge = new Unkey({ ...OPTS, fetch: answer });
  const edge0 = new Unkey({ ...OPTS, fetch: answer, timeoutMs: 0 });
  const api = new ApiUnkey({ ...OPTS, httpClient: new HTTPClient({ fetcher: answer }) });
  return {
    raw: async () => (await answer(URL_, { method: "POST", headers: HEADERS, body: JSON.stringify({ key }) })).json(),
    "raw+timeout": async () =>
      (await answer(URL_, { method: "POST", headers: HEADERS, body: JSON.stringify({ key }), signal: AbortSignal.timeout(5000) })).json(),
    "unkey-edge": () => edge.keys.verifyKey({ key }),
    "unkey-edge timeoutMs:0": () => edge0.keys.verifyKey({ key }),
    "@unkey/api": () => api.keys.verifyKey({ key }),
  };
}

/** `n` sequential calls of `f`, each answer checked. */
export async function calls(f, n) {
  for (let i = 0; i < n; i++) if (!(await f()).data.valid) throw new Error("not valid");
}
