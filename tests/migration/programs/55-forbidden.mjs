// A verify-only root key used for an admin task: ForbiddenErrorResponse.
// flags: --root-key unkey_verifyonlykey000001=api.*.verify_key
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const admin = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await admin.apis.createApi({ name: "scoped" })).data;
const { key } = (await admin.keys.createKey({ apiId })).data;
const verifier = new Unkey({ rootKey: "unkey_verifyonlykey000001", serverURL: process.env.UNKEY_SERVER_URL });
console.log("verify", (await verifier.keys.verifyKey({ key })).data.code);
for (const [name, f] of [["createKey", () => verifier.keys.createKey({ apiId })], ["getApi", () => verifier.apis.getApi({ apiId })], ["limit", () => verifier.ratelimit.limit({ namespace: "x", identifier: "y", limit: 1, duration: 1000 })]]) {
  try {
    await f();
    console.log(name, "allowed");
  } catch (e) {
    console.log(name, e.name, e.statusCode, e instanceof errors.ForbiddenErrorResponse, e.error?.title, e.error?.type?.split("/").slice(-2).join("/"));
  }
}
