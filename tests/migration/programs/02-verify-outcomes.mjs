// Every verdict a gateway sees, read as data.
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "verdicts" })).data;
const mk = async (extra) => (await unkey.keys.createKey({ apiId, ...extra })).data.key;

const keys = {
  valid: await mk({}),
  disabled: await mk({ enabled: false }),
  credits: await mk({ credits: { remaining: 1 } }),
  limited: await mk({ ratelimits: [{ name: "requests", limit: 1, duration: 60000, autoApply: true }] }),
  perms: await mk({ permissions: ["documents.read"] }),
};
await unkey.permissions.createPermission({ name: "documents.write", slug: "documents.write" }).catch(() => {});
for (const [name, key] of Object.entries(keys)) {
  const { data } = await unkey.keys.verifyKey({ key });
  console.log(name, data.valid, data.code, data.credits ?? "-", data.ratelimits?.map((r) => [r.name, r.limit, r.remaining, r.exceeded]) ?? "-");
}
const second = await unkey.keys.verifyKey({ key: keys.credits });
console.log("credits again", second.data.valid, second.data.code, second.data.credits);
const limited = await unkey.keys.verifyKey({ key: keys.limited });
console.log("limited again", limited.data.valid, limited.data.code, limited.data.ratelimits?.[0]?.exceeded);
const denied = await unkey.keys.verifyKey({ key: keys.perms, permissions: "documents.write" });
console.log("perm", denied.data.valid, denied.data.code, denied.data.permissions);
const allowed = await unkey.keys.verifyKey({ key: keys.perms, permissions: "documents.read OR documents.write" });
console.log("perm or", allowed.data.valid, allowed.data.code);
const unknown = await unkey.keys.verifyKey({ key: "sk_doesnotexist123" });
console.log("unknown", unknown.data.valid, unknown.data.code, Object.keys(unknown.data).sort().join(","));
