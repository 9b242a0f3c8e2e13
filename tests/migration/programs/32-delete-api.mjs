// Tearing down an environment: deleteApi revokes its keys.
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "staging" })).data;
const { key } = (await unkey.keys.createKey({ apiId })).data;
const api = await unkey.apis.getApi({ apiId });
console.log("api", api.data.name, api.data.id === apiId, Object.keys(api.data).sort().join(","));
const del = await unkey.apis.deleteApi({ apiId });
console.log("deleted", JSON.stringify(del.data), del.meta.requestId.length > 4);
console.log("key", (await unkey.keys.verifyKey({ key })).data.code);
for (const call of [() => unkey.apis.getApi({ apiId }), () => unkey.apis.deleteApi({ apiId }), () => unkey.apis.listKeys({ apiId })]) {
  try {
    await call();
    console.log("ok?");
  } catch (e) {
    console.log(e.name, e.statusCode, e instanceof errors.NotFoundErrorResponse, e.data$?.error?.type?.split("/").pop());
  }
}
