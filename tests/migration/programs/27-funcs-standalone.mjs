// FUNCTIONS.md: UnkeyCore and standalone functions, Results instead of exceptions.
import { UnkeyCore } from "@unkey/api/core.js";
import { apisCreateApi } from "@unkey/api/funcs/apisCreateApi.js";
import { keysCreateKey } from "@unkey/api/funcs/keysCreateKey.js";
import { keysVerifyKey } from "@unkey/api/funcs/keysVerifyKey.js";
import { keysGetKey } from "@unkey/api/funcs/keysGetKey.js";
import { ratelimitLimit } from "@unkey/api/funcs/ratelimitLimit.js";

const unkey = new UnkeyCore({ rootKey: process.env["UNKEY_ROOT_KEY"] ?? "", serverURL: process.env.UNKEY_SERVER_URL });
const api = await apisCreateApi(unkey, { name: "funcs" });
if (!api.ok) throw api.error;
const key = await keysCreateKey(unkey, { apiId: api.value.data.apiId });
console.log("key", key.ok, Object.keys(key).sort().join(","));
const res = await keysVerifyKey(unkey, { key: key.value.data.key });
if (res.ok) {
  const { value: result } = res;
  console.log("verify", result.data.valid, result.data.code);
} else {
  console.log("keysVerifyKey failed:", res.error);
}
const missing = await keysGetKey(unkey, { keyId: "key_doesnotexist" });
console.log("missing", missing.ok, missing.error?.name, missing.error?.statusCode, "value" in missing);
const invalid = await keysVerifyKey(unkey, { key: 1 });
console.log("invalid", invalid.ok, invalid.error?.name);
const offline = new UnkeyCore({ rootKey: "x", serverURL: "http://127.0.0.1:9", retryConfig: { strategy: "none" } });
const down = await ratelimitLimit(offline, { namespace: "n", identifier: "i", limit: 1, duration: 1000 });
console.log("down", down.ok, down.error?.name);
