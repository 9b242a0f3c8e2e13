// A root key fetched from a secret store on every call.
import { Unkey } from "@unkey/api";

let reads = 0;
const secrets = { get: async () => { reads++; return process.env.UNKEY_ROOT_KEY; } };
const unkey = new Unkey({ rootKey: () => secrets.get(), serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "rotating" })).data;
await unkey.apis.getApi({ apiId });
console.log("reads", reads);
const failing = new Unkey({ rootKey: async () => { throw new Error("vault sealed"); }, serverURL: process.env.UNKEY_SERVER_URL });
try {
  await failing.apis.getApi({ apiId });
} catch (e) {
  console.log("vault", e instanceof Error, e.message.includes("vault sealed") || e.cause?.message === "vault sealed");
}
