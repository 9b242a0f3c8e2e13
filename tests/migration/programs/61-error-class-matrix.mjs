// Every operation against every error status Unkey may answer (application/json problems, as
// Unkey sends them): the class a program's instanceof checks see.
// flags: --faults
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const base = process.env.UNKEY_SERVER_URL;
const fault = (f) => fetch(`${base}/_local/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(f) });
const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: base, retryConfig: { strategy: "none" } });
const k = { keyId: "key_1234567890" };
const calls = {
  "apis.createApi": () => unkey.apis.createApi({ name: "abc" }),
  "apis.getApi": () => unkey.apis.getApi({ apiId: "api_1234567" }),
  "apis.deleteApi": () => unkey.apis.deleteApi({ apiId: "api_1234567" }),
  "apis.listKeys": () => unkey.apis.listKeys({ apiId: "api_1234567" }),
  "keys.createKey": () => unkey.keys.createKey({ apiId: "api_1234567" }),
  "keys.getKey": () => unkey.keys.getKey(k),
  "keys.deleteKey": () => unkey.keys.deleteKey(k),
  "keys.updateKey": () => unkey.keys.updateKey({ ...k, name: "x" }),
  "keys.verifyKey": () => unkey.keys.verifyKey({ key: "sk_1234567" }),
  "keys.whoami": () => unkey.keys.whoami({ key: "sk_1234567" }),
  "keys.rerollKey": () => unkey.keys.rerollKey({ ...k, expiration: 0 }),
  "keys.updateCredits": () => unkey.keys.updateCredits({ ...k, operation: "set", value: 1 }),
  "keys.addPermissions": () => unkey.keys.addPermissions({ ...k, permissions: ["a"] }),
  "keys.setRoles": () => unkey.keys.setRoles({ ...k, roles: ["a"] }),
  "keys.migrateKeys": () => unkey.keys.migrateKeys({ migrationId: "mig_dropin", apiId: "api_1234567", keys: [{ hash: "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=" }] }),
  "identities.createIdentity": () => unkey.identities.createIdentity({ externalId: "abc" }),
  "identities.getIdentity": () => unkey.identities.getIdentity({ identity: "abc" }),
  "identities.listIdentities": () => unkey.identities.listIdentities({}),
  "identities.updateIdentity": () => unkey.identities.updateIdentity({ identity: "abc", meta: {} }),
  "identities.deleteIdentity": () => unkey.identities.deleteIdentity({ identity: "abc" }),
  "permissions.createPermission": () => unkey.permissions.createPermission({ name: "a.b", slug: "a.b" }),
  "permissions.getPermission": () => unkey.permissions.getPermission({ permission: "a.b" }),
  "permissions.listPermissions": () => unkey.permissions.listPermissions({}),
  "permissions.deletePermission": () => unkey.permissions.deletePermission({ permission: "a.b" }),
  "permissions.createRole": () => unkey.permissions.createRole({ name: "r" }),
  "permissions.getRole": () => unkey.permissions.getRole({ role: "r" }),
  "permissions.listRoles": () => unkey.permissions.listRoles({}),
  "permissions.deleteRole": () => unkey.permissions.deleteRole({ role: "r" }),
  "ratelimit.limit": () => unkey.ratelimit.limit({ namespace: "n", identifier: "i", limit: 1, duration: 1000 }),
  "ratelimit.multiLimit": () => unkey.ratelimit.multiLimit([{ namespace: "n", identifier: "i", limit: 1, duration: 1000 }]),
  "ratelimit.setOverride": () => unkey.ratelimit.setOverride({ namespace: "n", identifier: "i", limit: 1, duration: 1000 }),
  "ratelimit.getOverride": () => unkey.ratelimit.getOverride({ namespace: "n", identifier: "i" }),
  "ratelimit.listOverrides": () => unkey.ratelimit.listOverrides({ namespace: "n" }),
  "ratelimit.deleteOverride": () => unkey.ratelimit.deleteOverride({ namespace: "n", identifier: "i" }),
  "analytics.getVerifications": () => unkey.analytics.getVerifications({ query: "SELECT 1" }),
  "analytics.getRatelimits": () => unkey.analytics.getRatelimits({ query: "SELECT 1" }),
};
const classes = Object.keys(errors).filter((n) => /ErrorResponse$|^APIError$/.test(n));
for (const [path, call] of Object.entries(calls)) {
  const row = [];
  for (const status of [400, 401, 403, 404, 409, 410, 412, 422, 429, 500, 503]) {
    const body = { meta: { requestId: "req_fault000" }, error: { title: "T", detail: "D", status, type: "https://unkey.com/docs/errors/x", ...(status === 400 ? { errors: [] } : {}) } };
    await fault({ kind: "body", status, body, path: `/v2/${path}` });
    try {
      await call();
      row.push(`${status}:ok`);
    } catch (e) {
      const cls = classes.find((c) => e.constructor === errors[c]) ?? e.name;
      row.push(`${status}:${cls.replace(/ErrorResponse$/, "")}`);
    }
  }
  console.log(path, row.join(" "));
}
