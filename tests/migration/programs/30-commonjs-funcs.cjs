// CommonJS with the standalone functions and the HTTP client.
const { UnkeyCore } = require("@unkey/api/core.js");
const { keysVerifyKey } = require("@unkey/api/funcs/keysVerifyKey.js");
const { HTTPClient } = require("@unkey/api/lib/http");
const { Unkey } = require("@unkey/api");

const http = new HTTPClient();
const statuses = [];
http.addHook("response", (res) => void statuses.push(res.status));
const core = new UnkeyCore({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL, httpClient: http });
(async () => {
  const r = await keysVerifyKey(core, { key: "sk_unknown_key_1" });
  console.log(r.ok, r.ok && r.value.data.code, statuses.join(","));
  const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
  console.log(typeof unkey.keys.verifyKey, typeof unkey.ratelimit.limit, typeof unkey.identities.listIdentities);
})();
