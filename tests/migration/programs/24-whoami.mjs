// A support tool: who owns this key?
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "support" })).data;
const { key } = (await unkey.keys.createKey({ apiId, name: "customer key", externalId: "cus_42", meta: { plan: "team" } })).data;
const who = await unkey.keys.whoami({ key });
console.log(who.data.name, who.data.identity?.externalId, JSON.stringify(who.data.meta), who.data.enabled, typeof who.data.createdAt, who.data.start?.length > 0);
try {
  await unkey.keys.whoami({ key: "sk_notakeyatall12345" });
} catch (e) {
  console.log("unknown", e.name, e.statusCode, e.data$?.error?.title);
}
