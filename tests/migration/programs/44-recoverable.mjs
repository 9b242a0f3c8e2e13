// Recoverable keys shown again to their owner (decrypt).
// flags: --dashboard
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "vault" })).data;
try {
  await unkey.keys.createKey({ apiId, recoverable: true });
} catch (e) {
  console.log("not enabled", e.name, e.statusCode, JSON.parse(e.body).error.detail);
}
// The dashboard switch (unkey-local's stand-in for the workspace setting).
await fetch(`${process.env.UNKEY_SERVER_URL}/_local/dashboard/apiSettings`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ apiId, storeEncryptedKeys: true }) });
const made = (await unkey.keys.createKey({ apiId, recoverable: true, name: "shown again" })).data;
const got = await unkey.keys.getKey({ keyId: made.keyId, decrypt: true });
console.log("getKey", got.data.plaintext === made.key, got.data.name);
const listed = await unkey.apis.listKeys({ apiId, decrypt: true });
console.log("listKeys", listed.result.data[0].plaintext === made.key);
const plain = await unkey.keys.getKey({ keyId: made.keyId });
console.log("without decrypt", plain.data.plaintext);
