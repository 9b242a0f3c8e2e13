// Premium customers get a higher limit through overrides.
// flags: --frozen-clock
import { Unkey } from "@unkey/api";
import { NotFoundErrorResponse } from "@unkey/api/models/errors";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
await unkey.ratelimit.limit({ namespace: "api", identifier: "warmup", limit: 1, duration: 1000 });
const set = await unkey.ratelimit.setOverride({ namespace: "api", identifier: "customer_premium", limit: 1000, duration: 60_000 });
console.log("set", Object.keys(set.data).join(","));
for (let i = 0; i < 12; i++) await unkey.ratelimit.setOverride({ namespace: "api", identifier: `tenant_${i}`, limit: 50, duration: 60_000 });
const one = await unkey.ratelimit.getOverride({ namespace: "api", identifier: "customer_premium" });
console.log("get", one.data.identifier, one.data.limit, one.data.duration);
const limited = await unkey.ratelimit.limit({ namespace: "api", identifier: "customer_premium", limit: 10, duration: 60_000 });
console.log("limit uses override", limited.data.limit, typeof limited.data.overrideId);
let count = 0;
let pages = 0;
for await (const page of await unkey.ratelimit.listOverrides({ namespace: "api" })) {
  pages++;
  count += page.result.data.length;
}
console.log("listed", count, "in", pages);
await unkey.ratelimit.deleteOverride({ namespace: "api", identifier: "customer_premium" });
try {
  await unkey.ratelimit.getOverride({ namespace: "api", identifier: "customer_premium" });
} catch (e) {
  console.log("deleted", e instanceof NotFoundErrorResponse, e.statusCode);
}
