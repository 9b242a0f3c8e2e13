// Importing keys hashed by a previous system.
// flags: --migration-id mig_dropin
import { Unkey } from "@unkey/api";
import { createHash } from "node:crypto";
import { ResponseValidationError } from "@unkey/api/models/errors";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "legacy" })).data;
const plain = ["legacy_key_number_one_0001", "legacy_key_number_two_0002"];
const hash = (k) => createHash("sha256").update(k).digest("base64");
try {
  const res = await unkey.keys.migrateKeys({
    migrationId: "mig_dropin",
    apiId,
    keys: plain.map((k, i) => ({ hash: hash(k), name: `legacy ${i}`, externalId: `cust_${i}` })),
  });
  console.log("migrated", res.data.migrated.length);
} catch (e) {
  // @unkey/api 2.5.1 refuses Unkey's `"failed": null` (README: an intended difference); the keys are imported.
  if (!(e instanceof ResponseValidationError)) throw e;
  console.log("migrated", JSON.parse(e.body).data.migrated.length);
}
for (const k of plain) console.log("verify", (await unkey.keys.verifyKey({ key: k })).data.code);
try {
  await unkey.keys.migrateKeys({ migrationId: "mig_unknown", apiId, keys: [{ hash: hash("x") }] });
} catch (e) {
  console.log("unknown migration", e.name, e.statusCode);
}
