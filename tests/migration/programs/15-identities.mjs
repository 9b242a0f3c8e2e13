// Identities: one per customer, shared rate limits, listing them all.
import { Unkey } from "@unkey/api";
import { NotFoundErrorResponse, ConflictErrorResponse } from "@unkey/api/models/errors";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const created = await unkey.identities.createIdentity({
  externalId: "user_123",
  meta: { email: "a@example.com" },
  ratelimits: [{ name: "requests", limit: 100, duration: 60000 }],
});
console.log("created", Object.keys(created.data).sort().join(","), created.data.identityId?.slice(0, 3));
try {
  await unkey.identities.createIdentity({ externalId: "user_123" });
} catch (e) {
  console.log("dup", e.name, e instanceof ConflictErrorResponse, e.statusCode);
}
const got = await unkey.identities.getIdentity({ identity: "user_123" });
console.log("got", got.data.externalId, got.data.meta, got.data.ratelimits.map((r) => `${r.name}:${r.limit}/${r.duration}:${r.autoApply}`));
const updated = await unkey.identities.updateIdentity({ identity: "user_123", meta: { email: "b@example.com" }, ratelimits: [] });
console.log("updated", updated.data.meta, updated.data.ratelimits);
for (let i = 0; i < 3; i++) await unkey.identities.createIdentity({ externalId: `bulk_${i}` });
const ids = [];
for await (const page of await unkey.identities.listIdentities({ limit: 2 })) ids.push(...page.result.data.map((i) => i.externalId));
console.log("listed", ids.sort().join(","));
const del = await unkey.identities.deleteIdentity({ identity: "user_123" });
console.log("deleted", Object.keys(del).sort().join(","), del.meta.requestId.slice(0, 4), del.data);
try {
  await unkey.identities.getIdentity({ identity: "user_123" });
} catch (e) {
  console.log("gone", e.name, e instanceof NotFoundErrorResponse, e.statusCode, e.data$?.error?.detail);
}
