// Keys that share an identity's rate limit across devices.
// flags: --frozen-clock
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "devices" })).data;
await unkey.identities.createIdentity({ externalId: "team_7", meta: { plan: "team" }, ratelimits: [{ name: "team", limit: 3, duration: 60000, autoApply: true }] });
const laptop = (await unkey.keys.createKey({ apiId, externalId: "team_7", name: "laptop" })).data.key;
const phone = (await unkey.keys.createKey({ apiId, externalId: "team_7", name: "phone" })).data.key;
for (const [i, k] of [laptop, phone, laptop, phone].entries()) {
  const { data } = await unkey.keys.verifyKey({ key: k });
  console.log(i, data.valid, data.code, data.identity?.externalId, JSON.stringify(data.identity?.meta), data.name);
}
const listed = await unkey.apis.listKeys({ apiId, externalId: "team_7" });
console.log("listed", listed.result.data.map((k) => k.name).sort().join(","), listed.result.data[0].identity?.externalId);
