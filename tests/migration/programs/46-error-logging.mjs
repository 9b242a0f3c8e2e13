// Logging errors the way a service logs them: util.inspect, JSON of chosen fields.
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
try {
  await unkey.permissions.getPermission({ permission: "nope.nope" });
} catch (e) {
  const log = { name: e.name, status: e.statusCode, requestId: e.data$?.meta?.requestId, detail: e.data$?.error?.detail, title: e.error?.title };
  console.log(JSON.stringify(log));
  console.log(e instanceof errors.NotFoundErrorResponse, `${e}`.split(":")[0]);
  console.log(Object.prototype.toString.call(e), e.constructor === errors.NotFoundErrorResponse);
}
