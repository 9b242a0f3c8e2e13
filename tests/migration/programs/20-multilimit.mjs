// One request checked against several limits at once.
// flags: --frozen-clock
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const checks = [
  { namespace: "per-second", identifier: "org_1", limit: 2, duration: 1000 },
  { namespace: "per-day", identifier: "org_1", limit: 100, duration: 86_400_000, cost: 10 },
];
for (let i = 0; i < 3; i++) {
  const res = await unkey.ratelimit.multiLimit(checks);
  const d = res.data;
  console.log(i, d.passed, d.limits.map((l) => `${l.namespace}:${l.passed}:${l.remaining}`).join(" "));
}
