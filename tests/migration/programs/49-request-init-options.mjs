// Per-call RequestInit members (cache, keepalive, credentials) as a Next.js route passes them.
import { Unkey } from "@unkey/api";
import { HTTPClient } from "@unkey/api/lib/http";

const seen = [];
const unkey = new Unkey({
  rootKey: process.env.UNKEY_ROOT_KEY,
  serverURL: process.env.UNKEY_SERVER_URL,
  httpClient: new HTTPClient({ fetcher: (req) => (seen.push(`${req.cache} ${req.keepalive} ${req.credentials}`), fetch(req)) }),
});
await unkey.keys.verifyKey({ key: "sk_cache_1234" }, { cache: "no-store" });
await unkey.keys.verifyKey({ key: "sk_cache_1234" }, { keepalive: true, credentials: "omit" });
await unkey.keys.verifyKey({ key: "sk_cache_1234" }, { fetchOptions: { cache: "no-cache" } });
await unkey.keys.verifyKey({ key: "sk_cache_1234" }, { cache: "reload", fetchOptions: { cache: "no-cache" } });
console.log(seen.join("\n"));
