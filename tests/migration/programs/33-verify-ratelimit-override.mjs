// verifyKey with explicit rate limits and tags, as an API gateway sends it.
// flags: --frozen-clock
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "gateway" })).data;
const { key } = (await unkey.keys.createKey({
  apiId,
  ratelimits: [
    { name: "requests", limit: 3, duration: 60000, autoApply: true },
    { name: "tokens", limit: 1000, duration: 60000 },
  ],
})).data;
for (let i = 0; i < 4; i++) {
  const { data } = await unkey.keys.verifyKey({ key, tags: ["path=/v1/chat", "region=eu"], ratelimits: [{ name: "tokens", cost: 300 }] });
  console.log(i, data.valid, data.code, data.ratelimits?.map((r) => `${r.name}:${r.remaining}:${r.exceeded}`).sort().join(" "));
}
