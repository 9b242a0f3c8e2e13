// An export job whose second page fails: what the loop sees, and what it had by then.
// flags: --faults
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const base = process.env.UNKEY_SERVER_URL;
const fault = (f) => fetch(`${base}/_local/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(f) });
const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: base, retryConfig: { strategy: "none" } });
const { apiId } = (await unkey.apis.createApi({ name: "export-fail" })).data;
for (let i = 0; i < 3; i++) await unkey.keys.createKey({ apiId });
const first = await unkey.apis.listKeys({ apiId, limit: 1 });
await fault({ kind: "status", status: 500, path: "/v2/apis.listKeys", count: 1 });
let got = 0;
try {
  for await (const page of first) got += page.result.data.length;
  console.log("no failure?");
} catch (e) {
  console.log("loop failed after", got, e.name, e instanceof errors.InternalServerErrorResponse, e.statusCode);
}
// The same walk again, by hand: it goes on from the first page.
let page = first;
let n = 0;
while (page) {
  n += page.result.data.length;
  page = await page.next();
}
console.log("by hand", n);
