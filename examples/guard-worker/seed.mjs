// Creates the demo's keys in an Unkey server (unkey-local) through the v2 API with a root key:
// one API and a key for each walkthrough case. Used by scripts/demo.sh and tests/guard/.
//
//   node examples/guard-worker/seed.mjs URL ROOT_KEY   prints one JSON line { apiId, keys: {...} }

async function call(url, rootKey, op, body) {
  const res = await fetch(`${url}/v2/${op}`, {
    method: "POST",
    headers: { authorization: `Bearer ${rootKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${op}: HTTP ${res.status}: ${text}`);
  return JSON.parse(text).data;
}

/** Seed; `rate` is the per-window limit of the plain key (3 per minute by default). */
export async function seed(url, rootKey, { rate = 3 } = {}) {
  const api = await call(url, rootKey, "apis.createApi", { name: `guard-demo-${Date.now()}` });
  const apiId = api.apiId;
  const key = async (extra) => (await call(url, rootKey, "keys.createKey", { apiId, prefix: "demo", ...extra })).key;
  const keys = {
    // A customer key: identity, a plan in meta, and a small auto-applied rate limit.
    plain: await key({
      name: "plain",
      externalId: "user_alice",
      meta: { plan: "pro" },
      ratelimits: [{ name: "requests", limit: rate, duration: 60000, autoApply: true }],
    }),
    // An administrator: the `admin` permission.
    admin: await key({ name: "admin", externalId: "user_root", permissions: ["admin"], meta: { plan: "enterprise" } }),
    // One credit left.
    lowCredit: await key({ name: "low-credit", externalId: "user_bob", credits: { remaining: 1 } }),
    // A valid key with nothing special: no permissions, no limits, no credits.
    reader: await key({ name: "reader", externalId: "user_carol" }),
    // Switched off.
    disabled: await key({ name: "disabled", enabled: false }),
  };
  return { apiId, keys };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, rootKey] = process.argv.slice(2);
  console.log(JSON.stringify(await seed(url, rootKey || process.env.UNKEY_ROOT_KEY)));
}
