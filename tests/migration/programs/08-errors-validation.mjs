// Bad input from a form: the SDK refuses it before sending.
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const attempts = [
  ["verifyKey number", () => unkey.keys.verifyKey({ key: 42 })],
  ["verifyKey missing", () => unkey.keys.verifyKey({})],
  ["createKey no apiId", () => unkey.keys.createKey({ name: "x" })],
  ["limit string", () => unkey.ratelimit.limit({ namespace: "n", identifier: "u", limit: "10", duration: 1000 })],
  ["updateCredits value", () => unkey.keys.updateCredits({ keyId: "key_1234", operation: "set", value: "1" })],
  ["null request", () => unkey.apis.getApi(null)],
];
for (const [name, f] of attempts) {
  try {
    await f();
    console.log(name, "sent");
  } catch (e) {
    console.log(name, e.name, e instanceof errors.SDKValidationError, e instanceof errors.UnkeyError, e instanceof Error,
      e.rawMessage, e.message.startsWith("Input validation failed"), typeof e.pretty, e.statusCode);
  }
}
// The instance still works.
console.log("after", (await unkey.apis.createApi({ name: "still-works" })).data.apiId.startsWith("api_"));
