// The guard Worker from the root wrangler.toml: a Cloudflare Worker in front of ORIGIN_URL that
// lets through only requests with a valid Unkey key, the right permissions and rate-limit room.
//
// Variables: UNKEY_ROOT_KEY (a secret), UNKEY_SERVER_URL (default https://api.unkey.com),
// ORIGIN_URL. GUARD_FAIL_OPEN=true and GUARD_DEADLINE_MS tune what happens when Unkey is slow or
// down (default: 503 after 2 s). GUARD_CACHE_MS turns on the verification cache: verdicts that
// spend nothing are reused that long, and served stale as long again while one refresh runs;
// GUARD_CACHE_SHARED=true shares them with the location's other isolates (caches.default).
// No nodejs_compat needed.
import { guard } from "unkey-edge/guard";

export default guard((env) => ({
  routes: [
    // Open to everyone.
    { method: "GET", path: "/public/*", public: true },
    // Any valid key whose rate limits (auto-applied on the key or its identity) have room.
    { path: "/api/*" },
    // A valid key holding the `admin` permission, asked every time (a revocation applies at once).
    { path: "/admin/*", permissions: "admin", cache: false },
  ],
  // Everything else is refused rather than forwarded.
  fallback: "deny",
  // Tell the origin about the plan stored in the key's meta, next to key id and identity.
  headers: { meta: { plan: "X-Unkey-Plan" } },
  failOpen: env.GUARD_FAIL_OPEN === "true",
  deadlineMs: Number(env.GUARD_DEADLINE_MS || 2000),
  cache: env.GUARD_CACHE_MS
    ? { ttlMs: Number(env.GUARD_CACHE_MS), staleMs: Number(env.GUARD_CACHE_MS), shared: env.GUARD_CACHE_SHARED === "true" }
    : false,
}));
