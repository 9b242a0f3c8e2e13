// A usage report from analytics.getVerifications.
// flags: --analytics
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "reporting" })).data;
const { key } = (await unkey.keys.createKey({ apiId, credits: { remaining: 2 } })).data;
for (let i = 0; i < 4; i++) await unkey.keys.verifyKey({ key });
const res = await unkey.analytics.getVerifications({
  query: "SELECT outcome, count() AS total FROM key_verifications_v1 GROUP BY outcome ORDER BY outcome",
});
console.log(Array.isArray(res.data), JSON.stringify(res.data));
try {
  await unkey.analytics.getVerifications({ query: "DROP TABLE key_verifications_v1" });
} catch (e) {
  console.log("bad query", e.name, e.statusCode, e instanceof errors.BadRequestErrorResponse, e.data$?.error?.title);
}
await unkey.ratelimit.limit({ namespace: "rep", identifier: "a", limit: 1, duration: 60000 });
await unkey.ratelimit.limit({ namespace: "rep", identifier: "a", limit: 1, duration: 60000 });
const rl = await unkey.analytics.getRatelimits({ query: "SELECT passed, count() AS n FROM ratelimits_v1 GROUP BY passed ORDER BY passed" }).catch((e) => e);
console.log("ratelimits", rl instanceof Error ? `${rl.name} ${rl.statusCode} ${rl.message.slice(0, 80)}` : JSON.stringify(rl.data));
