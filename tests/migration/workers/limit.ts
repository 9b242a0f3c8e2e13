// A Worker that rate-limits by client address with ratelimit.limit: a namespace import of the
// client, the errors as a namespace, one client kept across requests of the isolate.
import * as sdk from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

let client: sdk.Unkey | undefined;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    client ??= new sdk.Unkey({ rootKey: env.UNKEY_ROOT_KEY, serverURL: env.UNKEY_SERVER_URL, retryConfig: { strategy: "none" } });
    const ip = request.headers.get("cf-connecting-ip") ?? "unknown";
    const path = new URL(request.url).pathname;
    try {
      const res = await client.ratelimit.limit({ namespace: "worker-api", identifier: ip, limit: 2, duration: 60_000, cost: path.endsWith("/heavy") ? 2 : 1 });
      const headers = { "x-ratelimit-limit": String(res.data.limit), "x-ratelimit-remaining": String(res.data.remaining) };
      if (!res.data.success) return new Response("slow down", { status: 429, headers });
      return new Response(`hello ${ip}`, { headers });
    } catch (err) {
      if (err instanceof errors.BadRequestErrorResponse) return new Response(`bad: ${err.data$.error.detail}`, { status: 400 });
      if (err instanceof errors.SDKValidationError) return new Response(`invalid: ${err.name}`, { status: 400 });
      if (err instanceof errors.UnkeyError) return new Response(`unkey ${err.statusCode}`, { status: 502 });
      // Fail open: a rate limiter that cannot be reached lets the request through.
      if (err instanceof errors.HTTPClientError) return new Response(`hello ${ip} (unlimited)`, { headers: { "x-ratelimit-skipped": err.name } });
      throw err;
    }
  },
};
