// Subpaths without `.js`, as code written for a bundler (or by hand) imports them: @unkey/api's
// exports map `./*` to the file of that name.
import { UnkeyCore } from "@unkey/api/core";
import { apisCreateApi } from "@unkey/api/funcs/apisCreateApi";
import { keysCreateKey } from "@unkey/api/funcs/keysCreateKey";
import { keysDeleteKey } from "@unkey/api/funcs/keysDeleteKey";
import { apisListKeys } from "@unkey/api/funcs/apisListKeys";
import { unwrapAsync } from "@unkey/api/types/fp";
import type { RetryConfig } from "@unkey/api/lib/retries";
import type { RequestOptions } from "@unkey/api/lib/sdks";
import { HTTPClient } from "@unkey/api/lib/http";
import { NotFoundErrorResponse } from "@unkey/api/models/errors/notfounderrorresponse";

const retryConfig: RetryConfig = { strategy: "none" };
const unkey = new UnkeyCore({ rootKey: process.env["UNKEY_ROOT_KEY"] ?? "", serverURL: process.env["UNKEY_SERVER_URL"], retryConfig, httpClient: new HTTPClient() });
const options: RequestOptions = { timeoutMs: 5000 };
const { apiId } = (await unwrapAsync(apisCreateApi(unkey, { name: "extensionless" }, options))).data;
const res = await keysCreateKey(unkey, { apiId, externalId: "owner_1", prefix: "os" });
if (!res.ok) throw new Error(res.error.message);
const listed = await apisListKeys(unkey, { apiId, externalId: "owner_1" });
console.log("listed", listed.ok, listed.ok && listed.value.result.data.length);
const gone = await keysDeleteKey(unkey, { keyId: res.value.data.keyId });
console.log("deleted", gone.ok);
const again = await keysDeleteKey(unkey, { keyId: res.value.data.keyId });
console.log("again", again.ok, !again.ok && again.error instanceof NotFoundErrorResponse);
