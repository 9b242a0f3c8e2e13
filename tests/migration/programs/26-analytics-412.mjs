// Analytics on a server without ClickHouse: the error a report job must handle.
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
try {
  await unkey.analytics.getVerifications({ query: "SELECT count() FROM key_verifications_v1" });
} catch (e) {
  console.log(e.name, e.statusCode, e instanceof errors.APIError, e instanceof errors.PreconditionFailedErrorResponse, e instanceof errors.UnkeyError);
  console.log(e.message.split("\n")[0].slice(0, 60));
  console.log(JSON.parse(e.body).error.title);
}
