// TypeScript: the request and response types of operations and models as typed code uses them —
// request bodies built in steps and checked with `satisfies`, a method's parameter type taken
// from `Unkey`, response data passed to typed helpers, enum objects and their types, and the
// open enums of answers compared with `Code`.
import { Unkey } from "@unkey/api";
import { Code, Operation } from "@unkey/api/models/components";
import type * as components from "@unkey/api/models/components";
import type {
  Identity,
  KeyCreditsData,
  KeysVerifyKeyCredits,
  KeysVerifyKeyRatelimit,
  RatelimitRequest,
  V2IdentitiesCreateIdentityRequestBody,
  V2KeysCreateKeyRequestBody,
  V2KeysCreateKeyResponseData,
  V2KeysUpdateKeyRequestBody,
  V2KeysVerifyKeyRequestBody,
  V2ApisListKeysResponseBody,
  V2KeysVerifyKeyResponseBody,
  V2RatelimitLimitResponseData,
} from "@unkey/api/models/components";
import type { ClosedEnum, OpenEnum } from "@unkey/api/types";

type DeleteKeyRequest = Parameters<Unkey["keys"]["deleteKey"]>[0];
type VerifyCode = components.V2KeysVerifyKeyResponseData["code"];

const unkey = new Unkey({ rootKey: process.env["UNKEY_ROOT_KEY"] ?? "", serverURL: process.env["UNKEY_SERVER_URL"] });

function plan(tier: "free" | "pro", apiId: string, identity?: Identity): V2KeysCreateKeyRequestBody {
  const base: V2KeysCreateKeyRequestBody = { apiId, prefix: tier, meta: { tier } };
  const ratelimits: RatelimitRequest[] = [{ name: "requests", limit: tier === "pro" ? 100 : 2, duration: 60_000, autoApply: true }];
  const credits: KeyCreditsData = { remaining: tier === "pro" ? 1000 : 3 };
  return { ...base, ratelimits, credits, ...(identity ? { externalId: identity.externalId } : {}) };
}
function isSpent(code: VerifyCode): boolean {
  return code === Code.UsageExceeded || code === Code.RateLimited;
}
function summary(body: V2KeysVerifyKeyResponseBody): string {
  const { data } = body;
  const left: number | undefined = data.credits;
  return `${data.valid} ${data.code} ${left ?? "-"} ${isSpent(data.code)} ${(data.ratelimits ?? []).map((r) => `${r.name}:${r.remaining}`).join(",")}`;
}

const { apiId } = (await unkey.apis.createApi({ name: "typed-models" })).data;
const identityRequest = { externalId: "user_typed", meta: { team: "a" } } satisfies V2IdentitiesCreateIdentityRequestBody;
await unkey.identities.createIdentity(identityRequest);
const identity: Identity = (await unkey.identities.getIdentity({ identity: identityRequest.externalId })).data;
const created: V2KeysCreateKeyResponseData = (await unkey.keys.createKey(plan("free", apiId, identity))).data;

const cost: KeysVerifyKeyCredits = { cost: 1 };
const limits: KeysVerifyKeyRatelimit[] = [{ name: "requests" }];
const request: V2KeysVerifyKeyRequestBody = { key: created.key, credits: cost, ratelimits: limits };
for (let i = 0; i < 4; i++) console.log(summary(await unkey.keys.verifyKey(request)));

const update: V2KeysUpdateKeyRequestBody = { keyId: created.keyId, name: "renamed", meta: null, credits: { remaining: 10 } };
await unkey.keys.updateKey(update);
const topped = await unkey.keys.updateCredits({ keyId: created.keyId, operation: Operation.Increment, value: 5 });
console.log("credits", topped.data.remaining);
const op: ClosedEnum<typeof Operation> = Operation.Set;
const anyCode: OpenEnum<typeof Code> = Code.Valid;
console.log(op, anyCode, Object.values(Code).length);

const limited: V2RatelimitLimitResponseData = (await unkey.ratelimit.limit({ namespace: "typed", identifier: identity.externalId, limit: 1, duration: 60_000 })).data;
console.log("limit", limited.success, limited.remaining, limited.limit);
// A list's body, from a live page and from a test's fixture.
function names(body: V2ApisListKeysResponseBody): string {
  return `${body.data.map((k) => k.name ?? "-").join(",")} more=${body.pagination?.hasMore ?? false}`;
}
const fixture: V2ApisListKeysResponseBody = { meta: { requestId: "req_fixture" }, data: [], pagination: { hasMore: false } };
console.log(names(fixture), names((await unkey.apis.listKeys({ apiId })).result));
const del: DeleteKeyRequest = { keyId: created.keyId, permanent: false };
await unkey.keys.deleteKey(del);
console.log(summary(await unkey.keys.verifyKey({ key: created.key })));
