// unkey-edge's error classes, at `unkey-edge/models/errors`: the names, fields and hierarchy of
// `@unkey/api`'s `models/errors`, so `err instanceof errors.NotFoundErrorResponse` works after a
// migration. What went wrong is decided in the wasm (the error's `kind` and `statusCode`); which
// class shows it is decided here, in `unkeyError`, and nowhere else.
//
//   UnkeyError (an HTTP response)          HTTPClientError (no response)     SDKValidationError
//   ├─ BadRequestErrorResponse … 503       ├─ ConnectionError                (bad input)
//   ├─ APIError (any other status)         ├─ RequestTimeoutError
//   └─ ResponseValidationError (2xx body)  ├─ RequestAbortedError
//                                          ├─ InvalidRequestError (bad options)
//                                          └─ UnexpectedClientError
//
// Every instance also carries what unkey-edge adds: `kind`, `statusCode`, `type`, `title`,
// `detail`, `requestId`, `errors[]`, and `isUnkeyError(e)` is true for it.

/** Marks every error unkey-edge makes (a registered symbol, so it holds across realms). */
const BRAND = Symbol.for("unkey-edge.error");

// What unkey-edge adds to `@unkey/api`'s members (`kind`, `type`, `requestId`, `errors`, …) is
// not enumerable: the error's JSON, `Object.keys` and a spread are `@unkey/api`'s (a Worker's
// `Response.json({ error })`), and each member still reads as it is.
function brand(e, fields) {
  Object.defineProperty(e, BRAND, { value: true });
  for (const k in fields) {
    if (fields[k] === undefined || k === "name" || k === "stack" || k === "message" || k === "cause" || (k === "body" && e.body)) continue;
    if (Object.prototype.hasOwnProperty.call(e, k)) e[k] = fields[k];
    else added(e, k, fields[k]);
  }
  if (e.errors === undefined) added(e, "errors", []);
  return e;
}

function added(e, k, value) {
  Object.defineProperty(e, k, { value, enumerable: false, writable: true, configurable: true });
}

/**
 * Gives `e` its `cause` as `Error`'s constructor does (not enumerable), without adding it to the
 * message as `HTTPClientError`'s constructor would. Internal.
 */
export function withCause(e, cause) {
  added(e, "cause", cause);
  return e;
}

/** The base class of every error that carries an HTTP response, as in `@unkey/api`. */
export class UnkeyError extends Error {
  constructor(message, httpMeta) {
    super(message);
    const response = httpMeta?.response;
    /** HTTP status. */
    this.statusCode = response?.status ?? httpMeta?.statusCode ?? 0;
    /** The response body as text (of an error, at most its first 64 KiB). */
    this.body = httpMeta?.body ?? "";
    /** The response headers (a `Headers`), when the response was kept. */
    this.headers = response?.headers ?? new Headers();
    this.contentType = this.headers.get("content-type") || "";
    /** The `Response` itself, its body already read. */
    this.rawResponse = response;
    // Last, as in @unkey/api (the order its JSON and `Object.keys` show).
    this.name = "UnkeyError";
  }
}

/**
 * A response with a status no more specific class covers (also a 3xx: never followed). Its
 * message is `@unkey/api`'s: the one given, then the status, the content type unless it is
 * `application/json`, and the body (its first 10,000 characters).
 */
export class APIError extends UnkeyError {
  constructor(message, httpMeta) {
    const status = httpMeta?.response?.status ?? httpMeta?.statusCode ?? 0;
    let m = message ? `${message}: Status ${status}` : `Status ${status}`;
    let ct = "";
    try {
      ct = httpMeta?.response?.headers?.get("content-type") || "";
    } catch {}
    ct ||= '""';
    if (ct !== "application/json") m += ` Content-Type ${ct.includes(" ") ? `"${ct}"` : ct}`;
    const b = httpMeta?.body || '""';
    m += b.length > 100 ? "\n" : ". ";
    m += `Body: ${b.length > 10000 ? `${b.slice(0, 10000)}...and ${b.length - 10000} more chars` : b}`;
    super(m.trim(), httpMeta);
    this.name = "APIError";
  }
}

/** A 2xx response whose body is not what the operation promises. */
export class ResponseValidationError extends UnkeyError {
  // As in @unkey/api: the HTTP exchange with the `cause`, `rawValue` and `rawMessage`.
  constructor(message, extra) {
    super(message, extra);
    this.name = "ResponseValidationError";
    // An own member even when undefined, as @unkey/api's (its `Object.keys` show it).
    this.cause = extra?.cause;
    this.rawValue = extra?.rawValue;
    this.rawMessage = extra?.rawMessage;
  }
  /** The message; there is no schema report to add. */
  pretty() {
    return this.message;
  }
}

// One class per error status the spec declares: `data$` is the `{ meta, error }` envelope.
function envelopeClass(name) {
  return {
    [name]: class extends UnkeyError {
      // As in @unkey/api: `data.message` when it has one, else the data as JSON.
      constructor(data, httpMeta, message) {
        super(message ?? (typeof data?.message === "string" ? data.message : `API error occurred: ${JSON.stringify(data)}`), httpMeta);
        this.name = name;
        /** The error envelope: `{ meta, error, response$, body$ }`, as in `@unkey/api`. */
        this.data$ = data;
        this.meta = data?.meta;
        this.error = data?.error;
      }
    },
  }[name];
}

export const BadRequestErrorResponse = envelopeClass("BadRequestErrorResponse");
export const UnauthorizedErrorResponse = envelopeClass("UnauthorizedErrorResponse");
export const ForbiddenErrorResponse = envelopeClass("ForbiddenErrorResponse");
export const NotFoundErrorResponse = envelopeClass("NotFoundErrorResponse");
export const ConflictErrorResponse = envelopeClass("ConflictErrorResponse");
export const GoneErrorResponse = envelopeClass("GoneErrorResponse");
export const PreconditionFailedErrorResponse = envelopeClass("PreconditionFailedErrorResponse");
export const UnprocessableEntityErrorResponse = envelopeClass("UnprocessableEntityErrorResponse");
export const TooManyRequestsErrorResponse = envelopeClass("TooManyRequestsErrorResponse");
export const InternalServerErrorResponse = envelopeClass("InternalServerErrorResponse");
export const ServiceUnavailableErrorResponse = envelopeClass("ServiceUnavailableErrorResponse");

const BY_STATUS = {
  400: BadRequestErrorResponse,
  401: UnauthorizedErrorResponse,
  403: ForbiddenErrorResponse,
  404: NotFoundErrorResponse,
  409: ConflictErrorResponse,
  410: GoneErrorResponse,
  412: PreconditionFailedErrorResponse,
  422: UnprocessableEntityErrorResponse,
  429: TooManyRequestsErrorResponse,
  500: InternalServerErrorResponse,
  503: ServiceUnavailableErrorResponse,
};

/**
 * No HTTP response: the base of the connection, timeout and abort errors. As in `@unkey/api`,
 * a `cause` given to the constructor is added to the message (the package's own errors are
 * made without it, and get their `cause` after: see `unkeyError`).
 */
export class HTTPClientError extends Error {
  constructor(message, opts) {
    let msg = message;
    if (opts?.cause) {
      try {
        msg += `: ${opts.cause}`;
      } catch {}
    }
    super(msg, opts);
    this.name = "HTTPClientError";
    if (this.cause === undefined && opts?.cause !== undefined) this.cause = opts.cause;
  }
}
/** Something unexpected in the client itself. */
export class UnexpectedClientError extends HTTPClientError {
  constructor(message, opts) {
    super(message, opts);
    this.name = "UnexpectedClientError";
  }
}
/** The request could not be made: bad client options (`kind: "config"`). */
export class InvalidRequestError extends HTTPClientError {
  constructor(message, opts) {
    super(message, opts);
    this.name = "InvalidRequestError";
  }
}
/** The caller's signal aborted the call. */
export class RequestAbortedError extends HTTPClientError {
  constructor(message, opts) {
    super(message, opts);
    this.name = "RequestAbortedError";
  }
}
/** The call's deadline passed. */
export class RequestTimeoutError extends HTTPClientError {
  constructor(message, opts) {
    super(message, opts);
    this.name = "RequestTimeoutError";
  }
}
/** No connection, or it broke before a complete response. */
export class ConnectionError extends HTTPClientError {
  constructor(message, opts) {
    super(message, opts);
    this.name = "ConnectionError";
  }
}

/** The request (or a call's options) failed validation; nothing was sent. */
export class SDKValidationError extends Error {
  // As in @unkey/api, recognised by shape as well (its older ResponseValidationError checks).
  static [Symbol.hasInstance](instance) {
    return instance instanceof Error && "rawValue" in instance && "rawMessage" in instance && typeof instance.pretty === "function";
  }
  constructor(message, cause, rawValue) {
    super(`${message}: ${cause}`);
    this.name = "SDKValidationError";
    this.cause = cause;
    /** Not kept: the input may hold a secret (an API key to verify). */
    this.rawValue = rawValue;
    this.rawMessage = message;
  }
  /**
   * `rawMessage` and one line per problem, as `@unkey/api`'s `pretty()` lists them (the body is
   * `<root>`, as zod writes it).
   */
  pretty() {
    const list = (this.errors || []).map((e) => `│ • [${String(e.location).replace(/^body(?=$|[.[])/, "<root>")}]: ${e.message}`);
    if (list.length === 0) return this.toString();
    return [this.rawMessage, `┌ ${list.length} issue${list.length === 1 ? "" : "s"} found:`, ...list, "└─*"].join("\n");
  }
}

/** True for every error unkey-edge throws or rejects with, whatever its class. */
export function isUnkeyError(e) {
  return typeof e === "object" && e !== null && e[BRAND] === true;
}

/**
 * The error for `fields` (`kind`, `message`, `statusCode`, `type`, `title`, `detail`,
 * `requestId`, `errors`, `body`, `cause`) and, for an HTTP error, the `response` it came with
 * and its body `text`; `declared`, the error statuses of the operation (an API error of any other
 * status is an `APIError`, as `@unkey/api` makes it). The one place a class is chosen. Internal:
 * the package's own modules call it.
 */
export function unkeyError(fields, response, text, declared) {
  const { kind, message, cause } = fields;
  const meta = { response, statusCode: fields.statusCode, body: text ?? fields.body };
  let e;
  if (kind === "api") {
    const problem = fields.type !== undefined || fields.title !== undefined;
    const Cls = problem && (declared === undefined || declared.includes(fields.statusCode)) ? BY_STATUS[fields.statusCode] : undefined;
    if (Cls) {
      let sent;
      try {
        sent = JSON.parse(text);
      } catch {
        sent = { meta: { requestId: fields.requestId }, error: { type: fields.type, title: fields.title, detail: fields.detail, status: fields.statusCode } };
      }
      // As @unkey/api has it: `{ meta, error }`, then the `Response` and the body as text (its
      // `request$` is left out: the `Request` carries the root key).
      const data = { meta: sent?.meta, error: inSchemaOrder(sent?.error), response$: response, body$: meta.body };
      // And its message: that object as JSON, where a `Request` and a `Response` read `{}`.
      const shown = JSON.stringify({ meta: data.meta, error: data.error, request$: {}, response$: {}, body$: data.body$ });
      e = new Cls(data, meta, `API error occurred: ${shown}`);
    } else {
      const redirect = fields.statusCode >= 300 && fields.statusCode < 400;
      e = new APIError(redirect ? "API error occurred (a redirect, not followed)" : "API error occurred", meta);
    }
  } else if (kind === "decode") {
    let raw;
    try {
      raw = text === undefined ? undefined : JSON.parse(text);
    } catch {
      raw = text;
    }
    e = new ResponseValidationError(message, { ...meta, rawValue: raw, rawMessage: message });
  } else if (kind === "validation") {
    // @unkey/api's wording: "Input validation failed: …" (ours names the field and the rule).
    const what = typeof message === "string" ? message.replace(/^invalid request: /, "") : "";
    e = new SDKValidationError(VALIDATION, what, undefined);
    e.cause = cause;
  } else {
    const Cls =
      kind === "network" ? ConnectionError : kind === "timeout" ? RequestTimeoutError : kind === "aborted" ? RequestAbortedError : kind === "config" ? InvalidRequestError : UnexpectedClientError;
    e = new Cls(message);
    // Not through the constructor, which would add it to the message (a rootKey function's
    // error is the caller's own, and may say anything).
    if (cause !== undefined) withCause(e, cause);
  }
  return brand(e, fields);
}

const VALIDATION = "Input validation failed";

// An error envelope's `error`, and each of its `errors[]`, with the members in the order of
// @unkey/api's schemas (as its parse rebuilds them), then any others; anything else as it is.
const ERROR_ORDER = ["detail", "status", "title", "type", "errors"];
const ISSUE_ORDER = ["location", "message", "fix"];
function ordered(v, order) {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
  const out = {};
  for (const k of order) if (k in v) out[k] = v[k];
  return Object.assign(out, v);
}
function inSchemaOrder(error) {
  const out = ordered(error, ERROR_ORDER);
  if (out !== error && Array.isArray(out.errors)) out.errors = out.errors.map((issue) => ordered(issue, ISSUE_ORDER));
  return out;
}

/**
 * `e` as one of the classes above when unkey-edge made it: as it is when it already is one, or
 * from an error the wasm made (a plain `Error` named `UnkeyError` with the fields; `declared` as
 * for `unkeyError`); `undefined` for anything else. Internal.
 */
export function reclass(e, response, text, declared) {
  if (isUnkeyError(e)) return e;
  if (!(typeof e === "object" && e !== null && e.name === "UnkeyError" && typeof e.kind === "string")) return undefined;
  const fields = { ...e, message: e.message, cause: e.cause };
  const out = unkeyError(fields, response, text, declared);
  if (typeof e.stack === "string") out.stack = e.stack.replace(/^[^\n]*/, `${out.name}: ${out.message}`);
  return out;
}
