// An admin panel renames, disables, re-enables a key and clears its expiry.
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "admin-panel" })).data;
const { key, keyId } = (await unkey.keys.createKey({ apiId, name: "old", meta: { tier: "free" }, expires: 4102444800000 })).data;
const upd = await unkey.keys.updateKey({ keyId, name: "new name", meta: { tier: "pro", limits: { seats: 3 } } });
console.log("update", JSON.stringify(upd.data), Object.keys(upd).sort().join(","));
let got = (await unkey.keys.getKey({ keyId })).data;
console.log("after", got.name, JSON.stringify(got.meta), got.expires, got.enabled);
await unkey.keys.updateKey({ keyId, enabled: false });
console.log("disabled", (await unkey.keys.verifyKey({ key })).data.code);
await unkey.keys.updateKey({ keyId, enabled: true, expires: null, name: null });
got = (await unkey.keys.getKey({ keyId })).data;
console.log("cleared", got.enabled, got.expires ?? "none", got.name ?? "none", (await unkey.keys.verifyKey({ key })).data.code);
await unkey.keys.updateKey({ keyId, ratelimits: [{ name: "burst", limit: 2, duration: 1000, autoApply: true }] });
got = (await unkey.keys.getKey({ keyId })).data;
console.log("ratelimits", got.ratelimits?.map((r) => `${r.name}:${r.limit}:${r.duration}:${r.autoApply}`).join(","));
