// An observability hook that fails: what the service sees, and what the hooks are told.
import { Unkey } from "@unkey/api";
import { HTTPClient } from "@unkey/api/lib/http";
import * as errors from "@unkey/api/models/errors";

const told = [];
const http = new HTTPClient();
http.addHook("response", (res) => {
  if (res.status === 404) throw new Error("metrics backend down");
});
http.addHook("requestError", (err, req) => void told.push(`requestError ${err?.message} ${new URL(req.url).pathname}`));
const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL, httpClient: http, retryConfig: { strategy: "none" } });
try {
  await unkey.apis.getApi({ apiId: "api_missing_777" });
  console.log("resolved?");
} catch (e) {
  console.log("caught", e instanceof errors.HTTPClientError, e instanceof errors.UnkeyError, e.message.includes("metrics backend down") || e.cause?.message === "metrics backend down");
}
console.log(told.join("\n"));
try {
  http.addHook("afterResponse", () => {});
} catch (e) {
  console.log("bad hook", e instanceof Error, e.message.includes("afterResponse"));
}
