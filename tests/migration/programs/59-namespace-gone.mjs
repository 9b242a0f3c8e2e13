// A rate-limit namespace deleted in the dashboard: limit answers 410.
// flags: --dashboard
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const base = process.env.UNKEY_SERVER_URL;
const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: base });
await unkey.ratelimit.limit({ namespace: "old-ns", identifier: "a", limit: 5, duration: 60000 });
const r = await fetch(`${base}/_local/dashboard/deleteNamespace`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ namespace: "old-ns" }) });
console.log("dashboard", r.status);
try {
  const res = await unkey.ratelimit.limit({ namespace: "old-ns", identifier: "a", limit: 5, duration: 60000 });
  console.log("still", res.data.success);
} catch (e) {
  console.log(e.name, e.statusCode, e instanceof errors.GoneErrorResponse, e instanceof errors.UnkeyError, e.error?.title);
}
