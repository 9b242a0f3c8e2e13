// A small service written the way @unkey/api 2.5.1's docs write one. tests/migration/run.mjs
// type-checks it (deno check, strict) and runs it against unkey-local twice: as it is, and with
// its two imports switched to unkey-edge. The two runs must print the same lines.
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

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

  // Errors by class, as @unkey/api's README handles them.
  try {
    await unkey.keys.getKey({ keyId: "key_doesnotexist0000" });
    log("getKey missing: no error");
  } catch (err) {
    if (err instanceof errors.NotFoundErrorResponse) {
      log(`getKey missing: NotFoundErrorResponse ${err.statusCode} ${err.data$.error.type.split("/").slice(-3).join("/")}`);
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
    log(`offline: ConnectionError ${err instanceof errors.ConnectionError}`);
  }

  // Every key, a page at a time.
  for (let i = 0; i < 2; i++) await unkey.keys.createKey({ apiId });
  let pages = 0;
  const ids = new Set<string>();
  const first = await unkey.apis.listKeys({ apiId, limit: 1 });
  for await (const page of first) {
    pages += 1;
    for (const k of page.result.data) ids.add(k.keyId);
  }
  log(`listKeys: ${pages} pages, ${ids.size} keys, first page ${first.result.data.length}`);

  // A standalone rate limit with a cost.
  const a = await unkey.ratelimit.limit({ namespace: "migration", identifier: "user_1", limit: 3, duration: 60_000, cost: 2 });
  const b = await unkey.ratelimit.limit({ namespace: "migration", identifier: "user_1", limit: 3, duration: 60_000, cost: 2 });
  log(`limit: ${a.data.success} remaining=${a.data.remaining}, then ${b.data.success}`);

  await unkey.keys.deleteKey({ keyId: created.data.keyId });
  const gone = await unkey.keys.verifyKey({ key: created.data.key });
  log(`after delete: ${gone.data.valid} ${gone.data.code}`);
}
