// Unkey unreachable: what the error handler of a service sees.
// flags:
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const unkey = new Unkey({ rootKey: "unkey_x", serverURL: "http://127.0.0.1:9", retryConfig: { strategy: "none" } });
try {
  await unkey.keys.verifyKey({ key: "sk_123" });
} catch (e) {
  console.log(e.name, e.constructor.name);
  console.log("ConnectionError", e instanceof errors.ConnectionError);
  console.log("HTTPClientError", e instanceof errors.HTTPClientError);
  console.log("UnkeyError", e instanceof errors.UnkeyError);
  console.log("timeout", e instanceof errors.RequestTimeoutError);
  console.log("statusCode", e.statusCode, "body", e.body, "raw", e.rawResponse);
  console.log("cause", e.cause instanceof Error, e.cause?.name);
}
