// Rotating a leaked key, then deleting the old one.
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "rotation" })).data;
const old = (await unkey.keys.createKey({ apiId, prefix: "prod", name: "leaky", meta: { owner: "ops" } })).data;
const rolled = await unkey.keys.rerollKey({ keyId: old.keyId, expiration: 0 });
console.log("rerolled", rolled.data.keyId !== old.keyId, rolled.data.key.startsWith("prod_"), Object.keys(rolled.data).sort().join(","));
console.log("old now", (await unkey.keys.verifyKey({ key: old.key })).data.code);
const fresh = await unkey.keys.verifyKey({ key: rolled.data.key });
console.log("new", fresh.data.code, fresh.data.name, JSON.stringify(fresh.data.meta));
const del = await unkey.keys.deleteKey({ keyId: rolled.data.keyId });
console.log("delete", JSON.stringify(del.data), Object.keys(del).sort().join(","));
console.log("after delete", (await unkey.keys.verifyKey({ key: rolled.data.key })).data.code);
try {
  await unkey.keys.getKey({ keyId: rolled.data.keyId });
} catch (e) {
  console.log("getKey", e.name, e instanceof errors.NotFoundErrorResponse);
}
try {
  await unkey.keys.deleteKey({ keyId: rolled.data.keyId, permanent: true });
} catch (e) {
  console.log("delete again", e.name, e.statusCode);
}
