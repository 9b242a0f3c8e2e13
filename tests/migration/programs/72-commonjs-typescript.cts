// A CommonJS TypeScript service (a NestJS-style backend compiled to require() calls): type
// imports of the models, the error classes, and a standalone function, in a .cts module.
import { Unkey } from "@unkey/api";
import { UnkeyCore } from "@unkey/api/core.js";
import { keysVerifyKey } from "@unkey/api/funcs/keysVerifyKey.js";
import { NotFoundErrorResponse, SDKValidationError } from "@unkey/api/models/errors";
import type { V2KeysVerifyKeyResponseData } from "@unkey/api/models/components";
import type { RetryConfig } from "@unkey/api/lib/retries.js";

const retryConfig: RetryConfig = { strategy: "none" };

class KeyService {
  private readonly unkey = new Unkey({ rootKey: process.env["UNKEY_ROOT_KEY"], serverURL: process.env["UNKEY_SERVER_URL"], retryConfig });
  private readonly core = new UnkeyCore({ rootKey: process.env["UNKEY_ROOT_KEY"], serverURL: process.env["UNKEY_SERVER_URL"], retryConfig });

  async issue(): Promise<string> {
    const { apiId } = (await this.unkey.apis.createApi({ name: "commonjs-ts" })).data;
    return (await this.unkey.keys.createKey({ apiId, name: "cjs" })).data.key;
  }
  async check(key: string): Promise<V2KeysVerifyKeyResponseData | string> {
    const res = await keysVerifyKey(this.core, { key });
    return res.ok ? res.value.data : res.error.name;
  }
  async describe(keyId: string): Promise<string> {
    try {
      return (await this.unkey.keys.getKey({ keyId })).data.name ?? "-";
    } catch (err) {
      if (err instanceof NotFoundErrorResponse) return `404 ${err.error.title}`;
      if (err instanceof SDKValidationError) return "invalid";
      throw err;
    }
  }
}

async function main(): Promise<void> {
  const service = new KeyService();
  const key = await service.issue();
  const verdict = await service.check(key);
  console.log(typeof verdict === "string" ? verdict : `${verdict.valid} ${verdict.code} ${verdict.name}`);
  console.log(await service.describe("key_doesnotexist000"));
  console.log(typeof module, typeof require);
}
main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
