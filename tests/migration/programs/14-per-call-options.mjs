// Per-call options: extra headers (a tracing id), a timeout, retries off.
import { Unkey } from "@unkey/api";

const sent = [];
const unkey = new Unkey({
  rootKey: process.env.UNKEY_ROOT_KEY,
  serverURL: process.env.UNKEY_SERVER_URL,
  userAgent: "billing-service/1.0",
  fetch: undefined,
});
const { apiId } = (await unkey.apis.createApi({ name: "opts" })).data;
const traced = new Unkey({
  rootKey: process.env.UNKEY_ROOT_KEY,
  serverURL: process.env.UNKEY_SERVER_URL,
  httpClient: new (await import("@unkey/api/lib/http")).HTTPClient({
    fetcher: async (req) => {
      sent.push([req.headers.get("x-trace-id"), typeof req.headers.get("user-agent"), req.headers.get("content-type"), req.headers.get("accept")]);
      return fetch(req);
    },
  }),
});
const res = await traced.apis.getApi({ apiId }, { fetchOptions: { headers: { "x-trace-id": "t-1" } }, timeoutMs: 3000, retries: { strategy: "none" } });
const res2 = await traced.apis.getApi({ apiId }, { headers: { "x-trace-id": "t-2" } });
console.log(res.data.name, res2.data.name, JSON.stringify(sent));
