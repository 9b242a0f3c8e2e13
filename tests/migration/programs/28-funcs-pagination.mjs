// Standalone list functions page as Results.
import { UnkeyCore } from "@unkey/api/core.js";
import { apisCreateApi } from "@unkey/api/funcs/apisCreateApi.js";
import { apisListKeys } from "@unkey/api/funcs/apisListKeys.js";
import { keysCreateKey } from "@unkey/api/funcs/keysCreateKey.js";
import { identitiesListIdentities } from "@unkey/api/funcs/identitiesListIdentities.js";
import { unwrapAsync } from "@unkey/api/types/fp.js";

const core = new UnkeyCore({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unwrapAsync(apisCreateApi(core, { name: "fpages" }))).data;
for (let i = 0; i < 5; i++) await unwrapAsync(keysCreateKey(core, { apiId }));
const first = await apisListKeys(core, { apiId, limit: 2 });
console.log("first", first.ok, first.value.result.data.length, typeof first.next);
const lens = [];
for await (const page of first) {
  if (!page.ok) { console.log("page failed", page.error.name); break; }
  lens.push(page.value.result.data.length);
}
console.log("pages", lens.join(","));
const second = await first.next();
console.log("second", second.ok, second.value.result.data.length);
const bad = await apisListKeys(core, { apiId: "api_nope12345" });
console.log("bad", bad.ok, bad.error.name);
for await (const page of bad) console.log(" bad page", page.ok);
const none = await identitiesListIdentities(core, {});
console.log("identities", none.ok, none.value.result.data.length, none.next());
