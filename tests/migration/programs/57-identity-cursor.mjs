// Syncing every identity into a CRM, page by page with explicit cursors.
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
for (let i = 0; i < 5; i++) await unkey.identities.createIdentity({ externalId: `crm_${i}`, meta: { i } });
let cursor;
const synced = [];
do {
  const page = await unkey.identities.listIdentities({ limit: 2, cursor });
  synced.push(...page.result.data.map((x) => `${x.externalId}:${x.meta?.i}`));
  cursor = page.result.pagination?.hasMore ? page.result.pagination.cursor : undefined;
} while (cursor);
console.log(synced.sort().join(" "));
const empty = await unkey.permissions.listPermissions({ limit: 5 });
console.log("no permissions", empty.result.data.length, JSON.stringify(empty.result.pagination ?? null), empty.next());
