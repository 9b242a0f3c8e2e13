// A TypeScript service: type-only imports of the models, typed error narrowing.
import { Unkey } from "@unkey/api";
import type { V2KeysVerifyKeyResponseData, V2KeysCreateKeyRequestBody, KeyResponseData } from "@unkey/api/models/components";
import type { ApisListKeysResponse } from "@unkey/api/models/operations";
import * as errors from "@unkey/api/models/errors";
import { Code } from "@unkey/api/models/components";

const unkey = new Unkey({ rootKey: process.env["UNKEY_ROOT_KEY"] ?? "", serverURL: process.env["UNKEY_SERVER_URL"] });

async function authorize(key: string): Promise<V2KeysVerifyKeyResponseData> {
  const { data } = await unkey.keys.verifyKey({ key });
  return data;
}
async function main() {
  const { apiId } = (await unkey.apis.createApi({ name: "typed" })).data;
  const body: V2KeysCreateKeyRequestBody = { apiId, name: "typed key", byteLength: 24 };
  const { key } = (await unkey.keys.createKey(body)).data;
  const verdict = await authorize(key);
  console.log(verdict.code === Code.Valid, verdict.code, Code.NotFound, Code.RateLimited);
  const page: ApisListKeysResponse = await unkey.apis.listKeys({ apiId });
  const keys: KeyResponseData[] = page.result.data;
  console.log(keys.length, keys[0]?.name);
  try {
    await unkey.keys.updateKey({ keyId: "key_missing0001", name: "x" });
  } catch (err: unknown) {
    if (err instanceof errors.NotFoundErrorResponse) console.log("404", err.data$.error.status);
    else if (err instanceof errors.SDKValidationError) console.log("bad input", err.pretty());
    else throw err;
  }
}
await main();
