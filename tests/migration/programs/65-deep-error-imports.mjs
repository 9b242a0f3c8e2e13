// Error classes imported from the files @unkey/api's README links them to.
import { Unkey } from "@unkey/api";
import { ConnectionError, HTTPClientError } from "@unkey/api/models/errors/httpclienterrors.js";
import { NotFoundErrorResponse } from "@unkey/api/models/errors/notfounderrorresponse.js";
import { SDKValidationError } from "@unkey/api/models/errors/sdkvalidationerror.js";
import { UnkeyError } from "@unkey/api/models/errors/unkeyerror.js";
import * as errors from "@unkey/api/models/errors/index.js";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL, retryConfig: { strategy: "none" } });
const offline = new Unkey({ rootKey: "unkey_x", serverURL: "http://127.0.0.1:9", retryConfig: { strategy: "none" } });
for (const [label, call] of [
  ["missing", () => unkey.keys.getKey({ keyId: "key_missing_1234" })],
  ["invalid", () => unkey.keys.getKey({ keyId: 7 })],
  ["offline", () => offline.keys.getKey({ keyId: "key_missing_1234" })],
]) {
  try {
    await call();
  } catch (e) {
    console.log(label, e instanceof NotFoundErrorResponse, e instanceof UnkeyError, e instanceof SDKValidationError, e instanceof ConnectionError, e instanceof HTTPClientError, e instanceof errors.APIError);
  }
}
