// TypeScript: the error classes as typed code uses them — constructed in a unit test the way
// @unkey/api builds them (data and httpMeta), their `*Data` types, a typed error-message helper,
// the connection errors' `{ cause }`, and narrowing a caught error by class and by `name`.
import { Unkey } from "@unkey/api";
import {
  APIError,
  BadRequestErrorResponse,
  ConnectionError,
  ForbiddenErrorResponse,
  HTTPClientError,
  NotFoundErrorResponse,
  RequestTimeoutError,
  ResponseValidationError,
  SDKValidationError,
  UnkeyError,
} from "@unkey/api/models/errors";
import type { BadRequestErrorResponseData, NotFoundErrorResponseData } from "@unkey/api/models/errors";
import * as errors from "@unkey/api/models/errors";
import type { BaseError, Meta } from "@unkey/api/models/components";

/** What a dashboard shows for an error of the SDK, or `fallback`. */
function errorMessage(error: unknown, fallback = "Something went wrong"): string {
  if (error instanceof BadRequestErrorResponse) return error.error.errors.map((e) => `${e.location}: ${e.message}`).join("; ") || error.error.detail;
  if (error instanceof NotFoundErrorResponse || error instanceof ForbiddenErrorResponse) return error.data$.error.detail;
  if (error instanceof UnkeyError) return `HTTP ${error.statusCode}`;
  if (error instanceof HTTPClientError) return `network: ${error.name}`;
  if (error instanceof SDKValidationError) return `invalid: ${error.rawMessage}`;
  return fallback;
}

const httpMeta = (status: number): { body: string; request: Request; response: Response } => ({
  body: "",
  request: new Request("https://api.unkey.com/v2/keys.updateKey"),
  response: new Response(null, { status, headers: { "content-type": "application/json" } }),
});
const meta: Meta = { requestId: "req_123" };
const notFound: NotFoundErrorResponseData = {
  meta,
  error: { title: "Not Found", detail: "The key was not found", status: 404, type: "https://unkey.com/docs/errors/unkey/data/key_not_found" },
};
const forbiddenError: BaseError = { detail: "Missing one of these permissions: api.*.update_key", status: 403, title: "Insufficient Permissions", type: "https://unkey.com/docs/errors/unkey/authorization/insufficient_permissions" };
const bad: BadRequestErrorResponseData = {
  meta,
  error: { title: "Bad Request", detail: "invalid", status: 400, type: "https://unkey.com/docs/errors/unkey/application/invalid_input", errors: [{ location: "body.keyId", message: "too short" }] },
};
const made: unknown[] = [
  new NotFoundErrorResponse(notFound, httpMeta(404)),
  new ForbiddenErrorResponse({ meta, error: forbiddenError }, httpMeta(403)),
  new errors.BadRequestErrorResponse(bad, httpMeta(400)),
  new APIError("API error occurred", httpMeta(502)),
  new UnkeyError("teapot", httpMeta(418)),
  new ConnectionError("Unable to make request", { cause: new TypeError("fetch failed") }),
  new RequestTimeoutError("Request timed out"),
  new SDKValidationError("Input validation failed", new Error("bad"), { key: 1 }),
  new ResponseValidationError("Response validation failed", { ...httpMeta(200), cause: new Error("bad"), rawValue: { valid: "yes" }, rawMessage: "Response validation failed" }),
  new Error("plain"),
];
for (const e of made) {
  const status = e instanceof UnkeyError ? e.statusCode : undefined;
  console.log(errorMessage(e), status, e instanceof Error ? e.name : typeof e);
}
const rve = made[8];
if (rve instanceof ResponseValidationError) console.log("rawValue", JSON.stringify(rve.rawValue), String(rve.rawMessage), rve.cause instanceof Error);
const nf = made[0];
if (nf instanceof NotFoundErrorResponse) console.log(nf.message, nf.meta.requestId, nf.error.status, nf.contentType, nf.rawResponse.status);
const ce = made[5];
if (ce instanceof ConnectionError) console.log(ce.message, ce.cause instanceof TypeError);

// And the ones a live call throws, narrowed by class and by name.
const unkey = new Unkey({ rootKey: process.env["UNKEY_ROOT_KEY"] ?? "", serverURL: process.env["UNKEY_SERVER_URL"], retryConfig: { strategy: "none" } });
const offline = new Unkey({ rootKey: "unkey_x", serverURL: "http://127.0.0.1:9", retryConfig: { strategy: "none" } });
const attempts: Array<[string, () => Promise<unknown>]> = [
  ["missing", () => unkey.keys.getKey({ keyId: "key_missing_1234" })],
  ["offline", () => offline.apis.getApi({ apiId: "api_1234567" })],
  ["short", () => unkey.apis.createApi({ name: "" })],
];
for (const [label, call] of attempts) {
  try {
    await call();
    console.log(label, "no error");
  } catch (err: unknown) {
    let kind: string;
    if (err instanceof errors.NotFoundErrorResponse) kind = `404 ${err.data$.meta.requestId.length > 0} ${err.error.title}`;
    else if (err instanceof errors.ConnectionError) kind = `connection ${err.name}`;
    else if (err instanceof errors.SDKValidationError || err instanceof errors.BadRequestErrorResponse) kind = "refused";
    else throw err;
    console.log(label, kind, errorMessage(err).length > 0);
  }
}
