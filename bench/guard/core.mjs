// In-process cost of the JS guard's decision path (JS glue + the Rust core in wasm), with the
// network taken out: `unkey` is a stub answering instantly. Node, one thread.
//
//   node bench/guard/core.mjs [iterations]
import { createGuard } from "unkey-edge/guard";

const N = Number(process.argv[2] || 200000);
const data = {
  valid: true,
  code: "VALID",
  keyId: "key_123",
  identity: { id: "id_1", externalId: "user_42" },
  meta: { plan: "pro" },
  ratelimits: [{ exceeded: false, id: "rl_1", name: "requests", limit: 100, duration: 60000, reset: Date.now() + 30000, remaining: 99, autoApply: true }],
};
const stub = { keys: { verifyKey: async () => ({ meta: { requestId: "req_1" }, data }) }, ratelimit: {} };
const g = createGuard({
  unkey: stub,
  routes: [
    { method: "GET", path: "/public/*", public: true },
    { path: "/api/*", tags: ["route=api"] },
    { path: "/admin/*", permissions: "admin" },
  ],
  headers: { meta: { plan: "X-Unkey-Plan" } },
  requestId: () => "r",
});
const hdrs = (h) => ({ header: (n) => h[n] ?? null, headerNames: () => Object.keys(h) });
const cases = {
  "public route": { method: "GET", path: "/public/x", ...hdrs({ accept: "*/*", "x-unkey-identity": "spoof" }) },
  "no key → 401": { method: "GET", path: "/api/x", ...hdrs({ accept: "*/*" }) },
  "valid key → forward": { method: "GET", path: "/api/x", ...hdrs({ authorization: "Bearer sk_123456", accept: "*/*", "user-agent": "x" }) },
  // A suffix and a short-name-shaped segment: the paths some origins read otherwise (each
  // reading resolved again).
  "valid key, /api/a~1/x.json": { method: "GET", path: "/api/a~1/x.json", ...hdrs({ authorization: "Bearer sk_123456", accept: "*/*", "user-agent": "x" }) },
};
for (const [name, input] of Object.entries(cases)) {
  for (let i = 0; i < 20000; i++) await g.check(input);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await g.check(input);
  const us = Number(process.hrtime.bigint() - t0) / 1000 / N;
  console.log(`${name.padEnd(22)} ${us.toFixed(2)} µs/request`);
}
