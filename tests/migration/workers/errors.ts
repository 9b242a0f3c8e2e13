// A Worker that reports what goes wrong, as a service's error middleware does: each failure of
// the client turned into a response by its class and fields.
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

function report(err: unknown): Response {
  const body: Record<string, unknown> = { class: err instanceof Error ? err.name : typeof err };
  if (err instanceof errors.NotFoundErrorResponse || err instanceof errors.UnauthorizedErrorResponse || err instanceof errors.BadRequestErrorResponse) {
    body["status"] = err.statusCode;
    body["type"] = err.data$.error.type;
    body["title"] = err.error.title;
    body["hasRequestId"] = err.data$.meta.requestId.length > 0;
    body["contentType"] = err.contentType;
  } else if (err instanceof errors.UnkeyError) {
    body["status"] = err.statusCode;
  } else if (err instanceof errors.SDKValidationError) {
    body["validation"] = true;
  } else if (err instanceof errors.HTTPClientError) {
    body["network"] = true;
  }
  body["isError"] = err instanceof Error;
  return Response.json(body, { status: err instanceof errors.UnkeyError ? err.statusCode : 500 });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const what = new URL(request.url).pathname.split("/").pop();
    const unkey = new Unkey({ rootKey: env.UNKEY_ROOT_KEY, serverURL: env.UNKEY_SERVER_URL, retryConfig: { strategy: "none" } });
    try {
      switch (what) {
        case "missing":
          await unkey.keys.getKey({ keyId: "key_doesnotexist000" });
          break;
        case "unauthorized":
          await new Unkey({ rootKey: "unkey_not_a_root_key_0000", serverURL: env.UNKEY_SERVER_URL }).apis.getApi({ apiId: "api_1234567890" });
          break;
        case "invalid":
          await unkey.keys.verifyKey({ key: 42 as unknown as string });
          break;
        case "offline":
          await new Unkey({ rootKey: env.UNKEY_ROOT_KEY, serverURL: "http://127.0.0.1:9", retryConfig: { strategy: "none" } }).apis.getApi({ apiId: "api_1234567890" });
          break;
        case "deleted-api": {
          const { apiId } = (await unkey.apis.createApi({ name: "short-lived" })).data;
          await unkey.apis.deleteApi({ apiId });
          await unkey.apis.getApi({ apiId });
          break;
        }
        default:
          return new Response("no such route", { status: 404 });
      }
      return Response.json({ class: null });
    } catch (err) {
      return report(err);
    }
  },
} satisfies ExportedHandler<Env>;
