// Identity sync job: update or create, tolerate missing ones.
import { Unkey } from "@unkey/api";
import { NotFoundErrorResponse, ConflictErrorResponse, BadRequestErrorResponse } from "@unkey/api/models/errors";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
async function upsert(externalId, meta) {
  try {
    const r = await unkey.identities.updateIdentity({ identity: externalId, meta });
    return `updated ${r.data.externalId}`;
  } catch (e) {
    if (e instanceof NotFoundErrorResponse) {
      const c = await unkey.identities.createIdentity({ externalId, meta });
      return `created ${typeof c.data.identityId}`;
    }
    throw e;
  }
}
console.log(await upsert("org_a", { seats: 1 }));
console.log(await upsert("org_a", { seats: 2 }));
console.log((await unkey.identities.getIdentity({ identity: "org_a" })).data.meta.seats);
try {
  await unkey.identities.deleteIdentity({ identity: "org_missing" });
} catch (e) {
  console.log("delete missing", e.name, e.statusCode, e instanceof NotFoundErrorResponse, e.body.includes("not"));
}
