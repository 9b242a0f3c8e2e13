// Usage-based billing: keys with credits, spent per call, topped up by the billing job.
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "metered" })).data;
const { key, keyId } = (await unkey.keys.createKey({ apiId, credits: { remaining: 5, refill: { interval: "monthly", amount: 5, refillDay: 1 } } })).data;
const spend = async (cost) => {
  const { data } = await unkey.keys.verifyKey({ key, credits: { cost } });
  return `${data.valid}:${data.code}:${data.credits}`;
};
console.log(await spend(2), await spend(3), await spend(1));
const inc = await unkey.keys.updateCredits({ keyId, operation: "increment", value: 10 });
console.log("inc", inc.data.remaining, inc.data.refill?.interval, inc.data.refill?.amount);
const dec = await unkey.keys.updateCredits({ keyId, operation: "decrement", value: 4 });
console.log("dec", dec.data.remaining);
const set = await unkey.keys.updateCredits({ keyId, operation: "set", value: 1 });
console.log("set", set.data.remaining, await spend(1), await spend(1));
const unlimited = await unkey.keys.updateCredits({ keyId, operation: "set", value: null });
console.log("unlimited", JSON.stringify(unlimited.data), await spend(100));
const got = await unkey.keys.getKey({ keyId });
console.log("credits now", JSON.stringify(got.data.credits ?? null));
