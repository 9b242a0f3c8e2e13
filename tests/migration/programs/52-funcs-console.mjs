// A standalone list function's Results, logged as a debugging session logs them.
import { UnkeyCore } from "@unkey/api/core.js";
import { apisListKeys } from "@unkey/api/funcs/apisListKeys.js";
import { apisCreateApi } from "@unkey/api/funcs/apisCreateApi.js";
import { keysCreateKey } from "@unkey/api/funcs/keysCreateKey.js";

const core = new UnkeyCore({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await apisCreateApi(core, { name: "fconsole" })).value.data;
for (let i = 0; i < 3; i++) await keysCreateKey(core, { apiId });
const res = await apisListKeys(core, { apiId, limit: 2 });
console.log(Object.keys(res).join(","), Object.keys(res.value).join(","), "~next" in res, typeof res["~next"]?.cursor);
for await (const page of res) console.log(Object.keys(page).join(","), page.ok, Object.keys(page.value ?? {}).join(","));
const bad = await apisListKeys(core, { apiId: "api_nope_12345" });
console.log(Object.keys(bad).join(","));
