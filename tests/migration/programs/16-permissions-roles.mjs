// RBAC setup script: permissions, a role holding them, listing both.
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const slugs = ["documents.read", "documents.write", "documents.delete"];
for (const slug of slugs) {
  const r = await unkey.permissions.createPermission({ name: slug, slug, description: `can ${slug.split(".")[1]}` });
  console.log("perm", slug, r.data.permissionId.slice(0, 5));
}
try {
  await unkey.permissions.createPermission({ name: "documents.read", slug: "documents.read" });
} catch (e) {
  console.log("dup perm", e.name, e.statusCode, e instanceof errors.ConflictErrorResponse);
}
const role = await unkey.permissions.createRole({ name: "editor", description: "edits documents" });
console.log("role", Object.keys(role.data).join(","));
const perm = await unkey.permissions.getPermission({ permission: "documents.write" });
console.log("get perm", perm.data.name, perm.data.slug, perm.data.description);
const gotRole = await unkey.permissions.getRole({ role: "editor" });
console.log("get role", gotRole.data.name, gotRole.data.description, gotRole.data.permissions?.length ?? 0);
const names = [];
for await (const page of await unkey.permissions.listPermissions({ limit: 2 })) names.push(...page.result.data.map((p) => p.slug));
console.log("listed perms", names.sort().join(","));
const roles = await unkey.permissions.listRoles({});
console.log("listed roles", roles.result.data.map((r) => r.name).join(","), roles.result.pagination?.hasMore);
await unkey.permissions.deletePermission({ permission: "documents.delete" });
await unkey.permissions.deleteRole({ role: "editor" });
try {
  await unkey.permissions.getRole({ role: "editor" });
} catch (e) {
  console.log("deleted role", e.name, e.statusCode);
}
