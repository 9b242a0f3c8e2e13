// List calls with the least input a program gives.
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
await unkey.identities.createIdentity({ externalId: "only" });
await unkey.permissions.createPermission({ name: "p1", slug: "p1" });
await unkey.permissions.createRole({ name: "r1" });
const calls = {
  "listIdentities({})": () => unkey.identities.listIdentities({}),
  "listPermissions({})": () => unkey.permissions.listPermissions({}),
  "listRoles({})": () => unkey.permissions.listRoles({}),
  "listIdentities()": () => unkey.identities.listIdentities(),
  "listPermissions()": () => unkey.permissions.listPermissions(),
};
for (const [name, f] of Object.entries(calls)) {
  try {
    const r = await f();
    console.log(name, r.result.data.length, r.result.pagination?.hasMore, r.next());
  } catch (e) {
    console.log(name, "threw", e.name);
  }
}
