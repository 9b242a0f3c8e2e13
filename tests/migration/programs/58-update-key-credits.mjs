// Switching a key's plan: credits and refill set through updateKey.
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "plans" })).data;
const { key, keyId } = (await unkey.keys.createKey({ apiId })).data;
await unkey.keys.updateKey({ keyId, credits: { remaining: 2, refill: { interval: "daily", amount: 2 } } });
const codes = [];
for (let i = 0; i < 3; i++) codes.push((await unkey.keys.verifyKey({ key })).data.code);
console.log(codes.join(","));
const got = (await unkey.keys.getKey({ keyId })).data;
console.log(JSON.stringify(got.credits && { remaining: got.credits.remaining, interval: got.credits.refill?.interval, amount: got.credits.refill?.amount }));
await unkey.keys.updateKey({ keyId, credits: null });
console.log("unlimited", (await unkey.keys.verifyKey({ key })).data.code, (await unkey.keys.getKey({ keyId })).data.credits ?? "none");
