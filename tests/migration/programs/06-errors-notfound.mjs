// The README's error handling: instanceof the classes of @unkey/api/models/errors.
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
try {
  await unkey.apis.getApi({ apiId: "api_doesnotexist123" });
  console.log("no error?");
} catch (error) {
  if (error instanceof errors.UnkeyError) {
    console.log("UnkeyError", error.name, error.statusCode, error.contentType);
    console.log("message", error.message);
    console.log("body", error.body);
    console.log("headers", error.headers instanceof Headers, error.headers.get("content-type"));
    console.log("raw", error.rawResponse instanceof Response, error.rawResponse.status, error.rawResponse.bodyUsed);
    if (error instanceof errors.NotFoundErrorResponse) {
      console.log("meta", error.data$.meta);
      console.log("error", error.data$.error);
      console.log("direct", error.meta.requestId === error.data$.meta.requestId, error.error.status, error.error.title);
      console.log("body$", typeof error.data$.body$, error.data$.response$ instanceof Response);
    }
    console.log("not APIError", error instanceof errors.APIError, error instanceof errors.BadRequestErrorResponse, error instanceof Error);
    console.log("string", String(error).slice(0, 60));
    console.log("stack", error.stack.split("\n")[0].slice(0, 60));
  } else {
    console.log("other", error);
  }
}
