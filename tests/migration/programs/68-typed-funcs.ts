// TypeScript: the standalone functions with their `Result` type as typed code handles it — a
// helper generic over any function's Result, the error union narrowed by class, the return type
// taken from the function (`Awaited<ReturnType<typeof keysVerifyKey>>`), list functions paged with
// `for await` and `next()`, `unwrapAsync`, and an open enum's code typed with `OpenEnum` and
// `Unrecognized`.
import { UnkeyCore } from "@unkey/api/core.js";
import type { SDKOptions } from "@unkey/api";
import { apisCreateApi } from "@unkey/api/funcs/apisCreateApi.js";
import { apisListKeys } from "@unkey/api/funcs/apisListKeys.js";
import { keysCreateKey } from "@unkey/api/funcs/keysCreateKey.js";
import { keysGetKey } from "@unkey/api/funcs/keysGetKey.js";
import { keysVerifyKey } from "@unkey/api/funcs/keysVerifyKey.js";
import { ratelimitLimit } from "@unkey/api/funcs/ratelimitLimit.js";
import type { OpenEnum, Result, Unrecognized } from "@unkey/api/types";
import { unwrapAsync } from "@unkey/api/types/fp.js";
import * as errors from "@unkey/api/models/errors";
import type { KeyResponseData, V2KeysVerifyKeyResponseData, V2RatelimitLimitRequestBody } from "@unkey/api/models/components";
import type { ApisListKeysResponse } from "@unkey/api/models/operations";

type VerifyResult = Awaited<ReturnType<typeof keysVerifyKey>>;

/** The value, or a line about the error: what a service logs. */
async function settle<T>(label: string, call: Promise<Result<T, unknown>>): Promise<T | undefined> {
  const res = await call;
  if (res.ok) return res.value;
  const e = res.error;
  if (e instanceof errors.NotFoundErrorResponse) console.log(label, "not found", e.statusCode, e.data$.error.title);
  else if (e instanceof errors.UnkeyError) console.log(label, "http", e.statusCode);
  else if (e instanceof errors.ConnectionError || e instanceof errors.RequestTimeoutError) console.log(label, "unreachable", e.name);
  else if (e instanceof errors.SDKValidationError) console.log(label, "invalid input", e.name);
  else console.log(label, "other", String(e));
  return undefined;
}

/** A code as a log line takes it, one the API added after this program among them. */
const VALID: OpenEnum<{ readonly Valid: "VALID" }> = "VALID";
function codeText(code: Unrecognized<string> | string): string {
  return code === VALID ? "VALID" : String(code);
}

function describe(result: VerifyResult): string {
  if (!result.ok) return `failed: ${result.error.name}`;
  const data: V2KeysVerifyKeyResponseData = result.value.data;
  return `${data.valid} ${codeText(data.code)}`;
}

const options: SDKOptions = { rootKey: process.env["UNKEY_ROOT_KEY"] ?? "", serverURL: process.env["UNKEY_SERVER_URL"] };
const core = new UnkeyCore(options);
const api = await settle("createApi", apisCreateApi(core, { name: "typed-funcs" }));
if (!api) throw new Error("no api");
const apiId: string = api.data.apiId;
for (const name of ["a", "b", "c"]) await settle("createKey", keysCreateKey(core, { apiId, name }));
const created = await unwrapAsync(keysCreateKey(core, { apiId, name: "d", prefix: "typed" }));
console.log(describe(await keysVerifyKey(core, { key: created.data.key })));
console.log(describe(await keysVerifyKey(core, { key: "typed_missing" })));
await settle("getKey", keysGetKey(core, { keyId: "key_doesnotexist" }));
const offline = new UnkeyCore({ rootKey: "unkey_x", serverURL: "http://127.0.0.1:9", retryConfig: { strategy: "none" } });
const limitRequest: V2RatelimitLimitRequestBody = { namespace: "typed", identifier: "user_1", limit: 1, duration: 60_000 };
await settle("limit", ratelimitLimit(offline, limitRequest));

// Pages: each is a Result of the page type.
const names: string[] = [];
const first = await apisListKeys(core, { apiId, limit: 2 });
for await (const page of first) {
  if (!page.ok) throw page.error;
  const response: ApisListKeysResponse = page.value;
  const keys: KeyResponseData[] = response.result.data;
  names.push(...keys.map((k) => k.name ?? "?"));
}
console.log(names.sort().join(","));
if (first.ok) console.log("first page", first.value.result.data.length, first.value.result.pagination?.hasMore);
const second = await first.next();
console.log("second page", second?.ok, second?.ok ? second.value.result.data.length : -1);
