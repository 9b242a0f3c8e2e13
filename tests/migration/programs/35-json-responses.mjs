// A backend-for-frontend returns SDK results as JSON (Response.json), errors too.
import { Unkey } from "@unkey/api";
import { UnkeyError } from "@unkey/api/models/errors";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "bff" })).data;
await unkey.keys.createKey({ apiId, name: "one" });
await unkey.keys.createKey({ apiId, name: "two" });
const sorted = (v) => JSON.stringify(v, (k, x) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x));
const api = await unkey.apis.getApi({ apiId });
console.log("getApi", sorted(await Response.json(api).json()));
const page = await unkey.apis.listKeys({ apiId, limit: 1 });
const body = await Response.json(page).json();
console.log("page members", Object.keys(body).join(","), Object.keys(body.result).sort().join(","), body.result.data.length);
try {
  await unkey.apis.getApi({ apiId: "api_missing999" });
} catch (e) {
  if (e instanceof UnkeyError) {
    const payload = { status: e.statusCode, error: JSON.parse(e.body).error };
    console.log("error payload", sorted(payload));
  }
}
