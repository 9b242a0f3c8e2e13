// A small service written the way @unkey/api 2.5.1's docs write one. tests/migration/run.mjs
// type-checks it (deno check, strict) and runs it against unkey-local twice: as it is, and with
// its imports switched to unkey-edge. The two runs must print the same lines.
import { HTTPClient, Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";
import type * as components from "@unkey/api/models/components";
import { Code, Operation } from "@unkey/api/models/components";
// The standalone functions, as @unkey/api's FUNCTIONS.md uses them.
import { UnkeyCore } from "@unkey/api/core.js";
import { apisGetApi } from "@unkey/api/funcs/apisGetApi.js";
import { apisListKeys } from "@unkey/api/funcs/apisListKeys.js";
import { keysVerifyKey } from "@unkey/api/funcs/keysVerifyKey.js";
import { unwrapAsync } from "@unkey/api/types/fp.js";
import type { OpenEnum, PageIterator } from "@unkey/api/types";
import type * as operations from "@unkey/api/models/operations";

/** Keys on every page from `first` on, typed as @unkey/api types a page. */
async function countKeys(first: PageIterator<operations.ApisListKeysResponse, { cursor: string }>): Promise<number> {
  let n = 0;
  for await (const page of first) n += page.result.data.length;
  return n;
}

export async function main(serverURL: string, rootKey: string, log: (line: string) => void): Promise<void> {
  const unkey = new Unkey({ rootKey, serverURL });

  const api = await unkey.apis.createApi({ name: "migration-demo" });
  const apiId = api.data.apiId;

  // Rate limits without `autoApply`: @unkey/api sends `false` for it.
  const created = await unkey.keys.createKey({
    apiId,
    prefix: "mig",
    credits: { remaining: 2 },
    permissions: ["documents.read"],
    ratelimits: [{ name: "requests", limit: 10, duration: 60_000 }],
    meta: { plan: "pro" },
  });
  log(`created: prefix ${created.data.key.startsWith("mig_")}, id ${created.data.keyId.startsWith("key_")}`);

  // Verify with permissions, credits and a named rate limit, and a header of our own per call.
  const ok = await unkey.keys.verifyKey(
    { key: created.data.key, permissions: "documents.read", credits: { cost: 1 }, ratelimits: [{ name: "requests" }] },
    { headers: new Headers({ "x-request-source": "migration" }) },
  );
  log(`verify: ${ok.data.valid} ${ok.data.code} credits=${ok.data.credits} plan=${String(ok.data.meta?.plan)}`);
  const denied = await unkey.keys.verifyKey({ key: created.data.key, permissions: "documents.write" });
  log(`verify write: ${denied.data.valid} ${denied.data.code}`);
  await unkey.keys.verifyKey({ key: created.data.key });
  const spent = await unkey.keys.verifyKey({ key: created.data.key });
  log(`verify spent: ${spent.data.valid} ${spent.data.code}`);
  const got = await unkey.keys.getKey({ keyId: created.data.keyId });
  log(`getKey: autoApply ${String(got.data.ratelimits?.[0]?.autoApply)}`);
  // The model types by their @unkey/api names.
  const typedRequest: components.V2KeysVerifyKeyRequestBody = { key: created.data.key };
  const typedBody: components.V2KeysVerifyKeyResponseBody = await unkey.keys.verifyKey(typedRequest);
  const typedData: components.V2KeysVerifyKeyResponseData = typedBody.data;
  const keyData: components.KeyResponseData = got.data;
  const code: OpenEnum<typeof Code> = typedData.code;
  log(`typed: ${code}, ${keyData.keyId === created.data.keyId}, spent ${code === Code.UsageExceeded}`);
  // An enum object as a request value.
  const topped = await unkey.keys.updateCredits({ keyId: created.data.keyId, operation: Operation.Increment, value: 1 });
  log(`updateCredits: remaining ${topped.data.remaining}`);

  // Errors by class, as @unkey/api's README handles them.
  try {
    await unkey.keys.getKey({ keyId: "key_doesnotexist0000" });
    log("getKey missing: no error");
  } catch (err) {
    if (err instanceof errors.NotFoundErrorResponse) {
      log(`getKey missing: NotFoundErrorResponse ${err.statusCode} ${err.data$.error.type.split("/").slice(-3).join("/")}`);
      log(`getKey missing: body ${typeof err.body}, headers ${err.headers instanceof Headers}, meta ${typeof err.data$.meta.requestId}`);
      log(`getKey missing: rawResponse ${err.rawResponse.status} ${err.rawResponse.headers.get("content-type")}`);
    } else if (err instanceof errors.UnkeyError) {
      log(`getKey missing: another UnkeyError ${err.statusCode}`);
    } else {
      throw err;
    }
  }
  try {
    await unkey.keys.verifyKey({ key: 42 as unknown as string });
    log("bad input: no error");
  } catch (err) {
    log(`bad input: SDKValidationError ${err instanceof errors.SDKValidationError}, pretty ${typeof (err as errors.SDKValidationError).pretty()}`);
  }
  try {
    await unkey.apis.createApi({ name: "x" });
    log("short name: no error");
  } catch (err) {
    if (err instanceof errors.BadRequestErrorResponse || err instanceof errors.SDKValidationError) log("short name: refused");
    else throw err;
  }
  const offline = new Unkey({ rootKey, serverURL: "http://127.0.0.1:9", retryConfig: { strategy: "none" } });
  try {
    await offline.apis.getApi({ apiId });
  } catch (err) {
    // What fetch threw, as the cause.
    log(`offline: ConnectionError ${err instanceof errors.ConnectionError}, cause ${err instanceof errors.ConnectionError && err.cause instanceof Error ? err.cause.name : typeof (err as Error).cause}`);
  }
  // A client without a root key (as @unkey/api's README builds one for the portal session's
  // operations): a root-key operation gets the server's answer.
  try {
    await new Unkey({ serverURL, rootKey: undefined }).apis.getApi({ apiId });
    log("no root key: no error");
  } catch (err) {
    if (err instanceof errors.BadRequestErrorResponse) {
      // The 400's details, typed as @unkey/api types them.
      const details: components.BadRequestErrorDetails = err.data$.error;
      const problems = details.errors.map((e: components.ValidationError) => e.location).join(",");
      log(`no root key: BadRequestErrorResponse ${err.statusCode} ${problems} ${err.error.detail.length > 0}`);
    } else {
      log(`no root key: ${String(err)}`);
    }
  }

  // A custom HTTP client with hooks, as @unkey/api's README sets one up.
  const httpClient = new HTTPClient({
    // 'fetcher' takes a function that has the same signature as native 'fetch'.
    fetcher: (input, init) => fetch(input, init),
  });
  const hooked: string[] = [];
  httpClient.addHook("beforeRequest", (request) => {
    const nextRequest = new Request(request, { signal: request.signal || AbortSignal.timeout(5000) });
    nextRequest.headers.set("x-custom-header", "custom value");
    return nextRequest;
  });
  httpClient.addHook("response", (res, req) => {
    hooked.push(`${req.method} ${new URL(req.url).pathname} ${res.status} ${req.headers.get("x-custom-header")} ${req.headers.get("x-request-source")}`);
  });
  // Per-call retries, every field of @unkey/api's README example.
  await new Unkey({ rootKey, serverURL, httpClient }).apis.getApi({ apiId }, {
    retries: {
      strategy: "backoff",
      backoff: { initialInterval: 1, maxInterval: 50, exponent: 1.1, maxElapsedTime: 100 },
      retryConnectionErrors: false,
    },
  });
  // Per-call options as fetch takes them: the deprecated `fetchOptions`, and `cache`.
  await new Unkey({ rootKey, serverURL, httpClient }).apis.getApi({ apiId }, {
    fetchOptions: { headers: { "x-request-source": "fetch-options" } },
    cache: "no-store",
  });
  log(`hooks: ${hooked.join(", ")}`);

  // debugLogger, as @unkey/api's README passes `console`: each request and response in groups
  // (the request's headers differ: the user agent, and the root key unkey-edge redacts).
  const told: string[] = [];
  const logger = {
    log: (...args: unknown[]) => void told.push(args.map((a) => (typeof a === "object" ? "<object>" : String(a))).join(" ")),
    group: (label: string) => void told.push(`[${label.replace(serverURL, "")}`),
    groupEnd: () => void told.push("]"),
  };
  await new Unkey({ rootKey, serverURL, debugLogger: logger }).apis.getApi({ apiId });
  const response = told.slice(told.findIndex((l) => l.startsWith("[< Response")));
  log(`debugLogger: ${response.map((l) => l.replace(/^([\w-]+): .*/, "$1")).join(" ")}`);

  // Every key, a page at a time.
  for (let i = 0; i < 2; i++) await unkey.keys.createKey({ apiId });
  let pages = 0;
  const ids = new Set<string>();
  const first = await unkey.apis.listKeys({ apiId, limit: 1 });
  for await (const page of first) {
    pages += 1;
    for (const k of page.result.data) ids.add(k.keyId);
  }
  log(`listKeys: ${pages} pages, ${ids.size} keys, first page ${first.result.data.length}, counted ${await countKeys(first)}`);

  // Standalone functions: a Result instead of a throw.
  const core = new UnkeyCore({ rootKey, serverURL });
  const verified = await keysVerifyKey(core, { key: created.data.key });
  if (verified.ok) log(`func verify: ${verified.value.data.valid} ${verified.value.data.code}`);
  else log(`func verify: failed ${verified.error.name}`);
  const missing = await apisGetApi(core, { apiId: "api_doesnotexist0000" });
  if (missing.ok) log("func missing: ok");
  else log(`func missing: NotFoundErrorResponse ${missing.error instanceof errors.NotFoundErrorResponse}`);
  const badInput = await keysVerifyKey(core, { key: 42 as unknown as string });
  log(`func bad input: ok ${badInput.ok}, SDKValidationError ${!badInput.ok && badInput.error instanceof errors.SDKValidationError}`);
  let funcPages = 0;
  let funcKeys = 0;
  for await (const page of await apisListKeys(core, { apiId, limit: 1 })) {
    if (!page.ok) throw page.error;
    funcPages += 1;
    funcKeys += page.value.result.data.length;
  }
  log(`func listKeys: ${funcPages} pages, ${funcKeys} keys`);
  const unwrapped = await unwrapAsync(apisGetApi(core, { apiId }));
  log(`func unwrapAsync: ${unwrapped.data.id === apiId}`);
  try {
    await unwrapAsync(apisGetApi(core, { apiId: "api_doesnotexist0000" }));
    log("func unwrapAsync missing: no error");
  } catch (err) {
    log(`func unwrapAsync missing: NotFoundErrorResponse ${err instanceof errors.NotFoundErrorResponse}`);
  }

  // A standalone rate limit with a cost.
  const a = await unkey.ratelimit.limit({ namespace: "migration", identifier: "user_1", limit: 3, duration: 60_000, cost: 2 });
  const b = await unkey.ratelimit.limit({ namespace: "migration", identifier: "user_1", limit: 3, duration: 60_000, cost: 2 });
  log(`limit: ${a.data.success} remaining=${a.data.remaining}, then ${b.data.success}`);

  // What a program written for @unkey/api meets (the dr14 audit): a v1 leftover, a member the
  // request does not declare (a plain-JS program has no compiler to catch it), is dropped, not
  // refused; so is what a read-modify-write spreads in.
  const leftover = { key: created.data.key, apiId } as components.V2KeysVerifyKeyRequestBody;
  log(`v1 leftover: ${(await unkey.keys.verifyKey(leftover)).data.code}`);
  const current = (await unkey.keys.getKey({ keyId: created.data.keyId })).data;
  await unkey.keys.updateKey({ ...current, name: "renamed" } as components.V2KeysUpdateKeyRequestBody);
  log(`read-modify-write: ${(await unkey.keys.getKey({ keyId: created.data.keyId })).data.name}`);
  // A 429 and deleteIdentity's errors are APIError: Unkey answers application/json.
  try {
    await unkey.identities.deleteIdentity({ identity: "user_gone" });
  } catch (err) {
    if (err instanceof errors.APIError) log(`deleteIdentity missing: APIError ${err.statusCode} ${err.message.startsWith("API error occurred: Status 404")}`);
    else log(`deleteIdentity missing: ${String(err)}`);
  }
  // listOverrides pages by the spec's default, 10.
  for (let i = 0; i < 11; i++) await unkey.ratelimit.setOverride({ namespace: "migration", identifier: `user_${i}`, limit: 5, duration: 60_000 });
  const overrides = await unkey.ratelimit.listOverrides({ namespace: "migration" });
  log(`listOverrides: first page ${overrides.result.data.length}, more ${overrides.result.pagination?.hasMore}`);
  // A page as JSON (a route answering `Response.json(page)`): `{ result }`.
  log(`page as JSON: ${JSON.parse(JSON.stringify(first)).result.data.length}`);

  await unkey.keys.deleteKey({ keyId: created.data.keyId });
  const gone = await unkey.keys.verifyKey({ key: created.data.key });
  log(`after delete: ${gone.data.valid} ${gone.data.code}`);
}
