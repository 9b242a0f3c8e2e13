// A burst of concurrent verifications from one client, as a busy server does.
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "burst" })).data;
const keys = await Promise.all(Array.from({ length: 5 }, (_, i) => unkey.keys.createKey({ apiId, name: `k${i}` })));
const results = await Promise.allSettled([
  ...keys.map((k) => unkey.keys.verifyKey({ key: k.data.key })),
  unkey.keys.verifyKey({ key: 7 }),
  unkey.apis.getApi({ apiId: "api_nothere123" }),
]);
console.log(results.map((r) => (r.status === "fulfilled" ? r.value.data.code : r.reason.name)).join(","));
