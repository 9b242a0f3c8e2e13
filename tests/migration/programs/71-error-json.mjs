// An error handler that logs the error object itself: its own members (a spread into a log
// record, `Object.keys`) and its JSON (a Worker's `Response.json({ error })`). What unkey-edge adds
// (`kind`, `requestId`, `errors`, …) reads but is not enumerated; `data$` is left out of the JSON
// here, as its `request$` is @unkey/api's alone (README, "error details").
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL, retryConfig: { strategy: "none" } });
const offline = new Unkey({ rootKey: "unkey_x", serverURL: "http://127.0.0.1:9", retryConfig: { strategy: "none" } });
for (const call of [() => unkey.keys.getKey({ keyId: "key_missing_1234" }), () => unkey.apis.createApi({ name: 7 }), () => offline.apis.getApi({ apiId: "api_1234567" })]) {
  try {
    await call();
  } catch (err) {
    const { data$, cause, rawValue, ...record } = err;
    console.log(Object.keys(err).join(","), typeof data$, JSON.stringify({ error: record }));
  }
}
