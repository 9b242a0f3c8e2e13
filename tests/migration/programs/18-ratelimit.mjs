// A login endpoint throttled per IP with ratelimit.limit.
// flags: --frozen-clock
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
async function login(ip) {
  const { data } = await unkey.ratelimit.limit({ namespace: "login", identifier: ip, limit: 3, duration: 60_000 });
  return data.success ? `ok ${data.remaining}/${data.limit}` : `429 reset>0:${data.reset > 0}`;
}
for (let i = 0; i < 5; i++) console.log(await login("10.0.0.1"));
console.log(await login("10.0.0.2"));
const heavy = await unkey.ratelimit.limit({ namespace: "login", identifier: "10.0.0.3", limit: 10, duration: 60_000, cost: 4 });
console.log("cost", heavy.data.success, heavy.data.remaining, Object.keys(heavy.data).sort().join(","));
const async_ = await unkey.ratelimit.limit({ namespace: "login", identifier: "10.0.0.3", limit: 10, duration: 60_000, async: true });
console.log("async", async_.data.success, async_.data.limit);
