// The README's custom HTTP client: a header on every request, errors logged.
// flags: --faults
import { Unkey } from "@unkey/api";
import { HTTPClient } from "@unkey/api/lib/http";

const seen = [];
const httpClient = new HTTPClient({
  fetcher: (input, init) => {
    seen.push(`fetch ${input instanceof Request ? "Request" : typeof input}`);
    return fetch(input, init);
  },
});
httpClient.addHook("beforeRequest", (request) => {
  const nextRequest = new Request(request, { signal: request.signal || AbortSignal.timeout(5000) });
  nextRequest.headers.set("x-custom-header", "custom value");
  seen.push(`before ${request.method} ${new URL(request.url).pathname} ${nextRequest.headers.get("x-custom-header")}`);
  return nextRequest;
});
httpClient.addHook("response", (res, req) => void seen.push(`response ${res.status} ${new URL(req.url).pathname}`));
httpClient.addHook("requestError", (error, request) => {
  seen.push(`error ${request.method} ${new URL(request.url).pathname}`);
});
const unkey = new Unkey({ httpClient, rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "hooks" })).data;
await unkey.apis.getApi({ apiId: "api_missing000" }).catch((e) => seen.push(`caught ${e.name}`));
const dead = new Unkey({ httpClient, rootKey: "x", serverURL: "http://127.0.0.1:9", retryConfig: { strategy: "none" } });
await dead.apis.getApi({ apiId }).catch((e) => seen.push(`caught ${e.name}`));
console.log(seen.join("\n"));
console.log(typeof httpClient.clone, typeof httpClient.removeHook);
