// TypeScript: the client's options as typed code writes them — a shared `SDKOptions` object, a
// `RetryConfig`, the `HTTPClient` hook types and the `Logger` from the files @unkey/api keeps
// them in, a `debugLogger`, per-call options typed as `RequestOptions` (fetch's members among them), and
// optional members given as possibly-undefined values (under exactOptionalPropertyTypes too).
import { HTTPClient, Unkey } from "@unkey/api";
import type { Fetcher, HTTPClientOptions, SDKOptions } from "@unkey/api";
import type { BeforeRequestHook, RequestErrorHook, ResponseHook } from "@unkey/api/lib/http.js";
import type { Logger } from "@unkey/api/lib/logger.js";
import type { RetryConfig } from "@unkey/api/lib/retries.js";
import type { RequestOptions } from "@unkey/api/lib/sdks.js";

const retryConfig: RetryConfig = {
  strategy: "backoff",
  backoff: { initialInterval: 10, maxInterval: 50, exponent: 1.5, maxElapsedTime: 1000 },
  retryConnectionErrors: true,
};
const seen: string[] = [];
const fetcher: Fetcher = (input, init) => fetch(input, init);
const clientOptions: HTTPClientOptions = { fetcher };
const httpClient = new HTTPClient(clientOptions);
const tag: BeforeRequestHook = (req) => {
  const next = new Request(req);
  next.headers.set("x-trace-id", "trace-1");
  seen.push(`before ${new URL(req.url).pathname}`);
  return next;
};
const onResponse: ResponseHook = (res, req) => {
  seen.push(`response ${res.status} ${new URL(req.url).pathname}`);
};
const onError: RequestErrorHook = (_err, req) => {
  seen.push(`error ${new URL(req.url).pathname}`);
};
httpClient.addHook("beforeRequest", tag).addHook("response", onResponse).addHook("requestError", onError);

const logged: string[] = [];
const debugLogger: Logger = {
  group: (label?: string) => void logged.push(`group ${label ?? ""}`),
  groupEnd: () => void logged.push("groupEnd"),
  log: (message: unknown) => void logged.push(typeof message),
};
const options: SDKOptions = {
  rootKey: process.env["UNKEY_ROOT_KEY"],
  serverURL: process.env["UNKEY_SERVER_URL"],
  serverIdx: 0,
  userAgent: process.env["CUSTOM_USER_AGENT"],
  timeoutMs: 10_000,
  retryConfig,
  httpClient,
  debugLogger,
};
const unkey = new Unkey(options);
// A rotating root key, as a function.
const { debugLogger: _quiet, ...quiet } = options;
const rotating = new Unkey({ ...quiet, rootKey: async () => process.env["UNKEY_ROOT_KEY"] ?? "" });

const perCall: RequestOptions = {
  timeoutMs: 5000,
  retries: { strategy: "none" },
  retryCodes: ["5XX"],
  headers: { "x-request-source": "typed" },
  fetchOptions: { cache: "no-store" },
};
const abort = new AbortController();
const name: string | undefined = process.env["API_NAME"];
const api = await unkey.apis.createApi({ name: name ?? "typed-options" }, perCall);
const prefix: string | undefined = process.env["KEY_PREFIX"];
const created = await unkey.keys.createKey({ apiId: api.data.apiId, prefix, name: undefined, meta: { plan: "free" } }, { signal: abort.signal });
const verified = await rotating.keys.verifyKey({ key: created.data.key, permissions: process.env["NEEDED_PERMISSION"] }, { keepalive: false, timeoutMs: 2000 });
console.log(verified.data.valid, verified.data.code);
console.log(seen.join("\n"));
console.log(logged.length > 0, logged.includes("groupEnd"));
