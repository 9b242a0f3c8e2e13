// The README's first steps: an API, a key for a customer, verification in a request handler.
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY ?? "", serverURL: process.env.UNKEY_SERVER_URL });

const { data: api } = await unkey.apis.createApi({ name: "payments-prod" });
console.log("api", api.apiId);
const created = await unkey.keys.createKey({
  apiId: api.apiId,
  prefix: "sk",
  name: "Acme Corp production",
  externalId: "acme",
  meta: { plan: "pro", seats: 5 },
});
console.log("created", created.meta.requestId.startsWith("req_"), created.data.keyId, created.data.key.startsWith("sk_"));

async function handle(authorization) {
  const key = authorization?.replace(/^Bearer /, "");
  if (!key) return { status: 401, body: "missing key" };
  const { meta, data } = await unkey.keys.verifyKey({ key });
  if (!data.valid) return { status: 401, body: data.code, requestId: meta.requestId };
  return { status: 200, body: `hello ${data.identity?.externalId} on ${data.meta?.plan}`, keyId: data.keyId, name: data.name, enabled: data.enabled };
}
console.log(await handle(`Bearer ${created.data.key}`));
console.log(await handle("Bearer sk_nope"));
console.log(await handle(undefined));
