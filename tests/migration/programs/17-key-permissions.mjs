// Granting and revoking a key's permissions and roles, then checking access.
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "rbac" })).data;
const { keyId, key } = (await unkey.keys.createKey({ apiId })).data;
for (const slug of ["a.read", "a.write", "b.read"]) await unkey.permissions.createPermission({ name: slug, slug });
await unkey.permissions.createRole({ name: "admin" });
const check = async (q) => (await unkey.keys.verifyKey({ key, permissions: q })).data.code;

const added = await unkey.keys.addPermissions({ keyId, permissions: ["a.read"] });
console.log("add", added.data.map((p) => p.slug).join(","), await check("a.read"), await check("a.write"));
const set = await unkey.keys.setPermissions({ keyId, permissions: ["a.write", "b.read"] });
console.log("set", set.data.map((p) => p.slug).sort().join(","), await check("a.read"), await check("a.write AND b.read"));
const removed = await unkey.keys.removePermissions({ keyId, permissions: ["b.read"] });
console.log("remove", removed.data.map((p) => p.slug).join(","), await check("b.read"));
const roles = await unkey.keys.addRoles({ keyId, roles: ["admin"] });
console.log("roles", roles.data.map((r) => r.name).join(","));
const setRoles = await unkey.keys.setRoles({ keyId, roles: [] });
console.log("set roles", JSON.stringify(setRoles.data));
const removeRoles = await unkey.keys.removeRoles({ keyId, roles: ["admin"] });
console.log("remove roles", JSON.stringify(removeRoles.data));
const got = await unkey.keys.getKey({ keyId });
console.log("key", got.data.permissions?.join(","), got.data.roles?.join(",") ?? "-");
