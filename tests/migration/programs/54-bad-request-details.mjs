// Showing the server's 400 details to an admin: error.errors[] from BadRequestErrorResponse.
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";
import { keysVerifyKey } from "@unkey/api/funcs/keysVerifyKey.js";
import { UnkeyCore } from "@unkey/api/core.js";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "bad-input" })).data;
const { key } = (await unkey.keys.createKey({ apiId })).data;
const show = (e) => {
  if (e instanceof errors.BadRequestErrorResponse) {
    console.log("400", e.error.title, e.error.detail);
    for (const issue of e.error.errors) console.log(" issue", JSON.stringify(issue));
    console.log(" keys", Object.keys(e.data$).filter((k) => !k.endsWith("$")).join(","), Object.keys(e.data$.error).join(","));
  } else console.log("other", e.name, e.statusCode);
};
try {
  await unkey.keys.verifyKey({ key, permissions: "a AND (b OR" });
} catch (e) {
  show(e);
}
const r = await keysVerifyKey(new UnkeyCore({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL }), { key, permissions: "((x" });
if (!r.ok) show(r.error);
