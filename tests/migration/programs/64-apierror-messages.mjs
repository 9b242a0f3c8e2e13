// What an alert shows: the message of each APIError a proxy or Unkey may cause.
// flags: --faults
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const base = process.env.UNKEY_SERVER_URL;
const fault = (f) => fetch(`${base}/_local/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(f) });
const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: base, retryConfig: { strategy: "none" } });
const cases = [
  { kind: "status", status: 502 },
  { kind: "status", status: 429 },
  { kind: "body", status: 503, body: { meta: { requestId: "req_fault0001" }, error: { title: "Unavailable", detail: "down", status: 503, type: "https://unkey.com/docs/errors/x" } } },
  { kind: "body", status: 409, body: { meta: { requestId: "req_fault0002" }, error: { title: "Conflict", detail: "dup", status: 409, type: "https://unkey.com/docs/errors/x" } } },
];
for (const c of cases) {
  await fault({ ...c, path: "/v2/keys.getKey" });
  try {
    await unkey.keys.getKey({ keyId: "key_1234567890" });
  } catch (e) {
    console.log(e.name, e instanceof errors.APIError, e.statusCode, e.contentType);
    console.log(" ", e.message);
    console.log(" ", e.body.slice(0, 120));
  }
}
