// unkey-edge/models/errors: the error classes of `@unkey/api`'s `models/errors`, with the same
// names, fields and hierarchy, plus what unkey-edge adds to each (see `UnkeyErrorFields`).

/** What went wrong, as the wasm classified it. */
export type UnkeyErrorKind = "api" | "network" | "timeout" | "aborted" | "decode" | "validation" | "config";

/** One problem with a request: where (`body.key`) and what. */
export interface UnkeyFieldError {
  location: string;
  message: string;
  fix?: string;
}

/** Fields every unkey-edge error carries, whatever its class. */
export interface UnkeyErrorFields {
  /** What went wrong. */
  kind: UnkeyErrorKind;
  /** HTTP status (API and decode errors). */
  statusCode?: number;
  /** `error.type` of the envelope: a URL ending in e.g. `unkey/data/key_not_found`. */
  type?: string;
  /** `error.title`. */
  title?: string;
  /** `error.detail`. */
  detail?: string;
  /** `meta.requestId` of the failed response. */
  requestId?: string;
  /** Validation problems: the client's own, or the server's `error.errors`. */
  errors: UnkeyFieldError[];
}

/** `error` of an error response, as the spec has it (`@unkey/api`'s `BaseError`). */
export interface ErrorDetails {
  title: string;
  detail: string;
  status: number;
  type: string;
  errors?: UnkeyFieldError[];
}
/** `error` of a 400: `errors` says what the server refused (`BadRequestErrorDetails`). */
export interface BadRequestErrorDetails extends ErrorDetails {
  errors: UnkeyFieldError[];
}

/** `{ meta, error }`: the envelope of an error response. */
export interface ErrorEnvelope<E extends ErrorDetails = ErrorDetails> {
  meta: { requestId: string };
  error: E;
}

/**
 * The HTTP exchange an error came with, as `@unkey/api`'s error constructors take it (a test
 * may build an error itself: `new NotFoundErrorResponse(data, { response, request, body })`).
 */
export interface HttpMeta {
  response: Response;
  request: Request;
  body: string;
}

/** The base class of every error that carries an HTTP response. */
export declare class UnkeyError extends Error implements UnkeyErrorFields {
  constructor(message: string, httpMeta: HttpMeta);
  readonly statusCode: number;
  /** The response body as text (of an error response, at most its first 64 KiB). */
  readonly body: string;
  readonly headers: Headers;
  readonly contentType: string;
  /** The response itself (body already read). */
  readonly rawResponse: Response;
  kind: UnkeyErrorKind;
  type?: string;
  title?: string;
  detail?: string;
  requestId?: string;
  errors: UnkeyFieldError[];
}
/** A status no more specific class covers (a 3xx too: redirects are never followed). */
export declare class APIError extends UnkeyError {
  constructor(message: string, httpMeta: HttpMeta);
}
/** A 2xx response whose body is not what the operation promises (`kind: "decode"`). */
export declare class ResponseValidationError extends UnkeyError {
  constructor(message: string, extra: HttpMeta & { cause: unknown; rawValue: unknown; rawMessage: unknown });
  readonly rawValue: unknown;
  readonly rawMessage: unknown;
  pretty(): string;
}
declare class EnvelopeError<E extends ErrorDetails = ErrorDetails> extends UnkeyError {
  /** As `@unkey/api` builds it: the `{ meta, error }` envelope, then the HTTP exchange. */
  constructor(err: ErrorEnvelope<E>, httpMeta: HttpMeta);
  /** The envelope as sent. */
  data$: ErrorEnvelope<E>;
  meta: ErrorEnvelope["meta"];
  error: E;
}
/** 400: the request failed the server's validation (`errors` says where). */
export declare class BadRequestErrorResponse extends EnvelopeError<BadRequestErrorDetails> {}
/** 401: no root key, or one the server does not know. */
export declare class UnauthorizedErrorResponse extends EnvelopeError {}
/** 403: the root key lacks a permission. */
export declare class ForbiddenErrorResponse extends EnvelopeError {}
/** 404: not found (or hidden from this root key). */
export declare class NotFoundErrorResponse extends EnvelopeError {}
/** 409: already exists. */
export declare class ConflictErrorResponse extends EnvelopeError {}
/** 410: deleted. */
export declare class GoneErrorResponse extends EnvelopeError {}
/** 412: a precondition failed (e.g. decrypting without key encryption). */
export declare class PreconditionFailedErrorResponse extends EnvelopeError {}
/** 422: understood but not processable. */
export declare class UnprocessableEntityErrorResponse extends EnvelopeError {}
/** 429: the workspace's rate limit. */
export declare class TooManyRequestsErrorResponse extends EnvelopeError {}
/** 500: an error inside Unkey. */
export declare class InternalServerErrorResponse extends EnvelopeError {}
/** 503: unavailable. */
export declare class ServiceUnavailableErrorResponse extends EnvelopeError {}

/** `@unkey/api`'s name for the `data$` of a `BadRequestErrorResponse`. */
export type BadRequestErrorResponseData = ErrorEnvelope<BadRequestErrorDetails>;
/** `@unkey/api`'s name for the `data$` of an `UnauthorizedErrorResponse`. */
export type UnauthorizedErrorResponseData = ErrorEnvelope;
/** `@unkey/api`'s name for the `data$` of a `ForbiddenErrorResponse`. */
export type ForbiddenErrorResponseData = ErrorEnvelope;
/** `@unkey/api`'s name for the `data$` of a `NotFoundErrorResponse`. */
export type NotFoundErrorResponseData = ErrorEnvelope;
/** `@unkey/api`'s name for the `data$` of a `ConflictErrorResponse`. */
export type ConflictErrorResponseData = ErrorEnvelope;
/** `@unkey/api`'s name for the `data$` of a `GoneErrorResponse`. */
export type GoneErrorResponseData = ErrorEnvelope;
/** `@unkey/api`'s name for the `data$` of a `PreconditionFailedErrorResponse`. */
export type PreconditionFailedErrorResponseData = ErrorEnvelope;
/** `@unkey/api`'s name for the `data$` of an `UnprocessableEntityErrorResponse`. */
export type UnprocessableEntityErrorResponseData = ErrorEnvelope;
/** `@unkey/api`'s name for the `data$` of a `TooManyRequestsErrorResponse`. */
export type TooManyRequestsErrorResponseData = ErrorEnvelope;
/** `@unkey/api`'s name for the `data$` of an `InternalServerErrorResponse`. */
export type InternalServerErrorResponseData = ErrorEnvelope;
/** `@unkey/api`'s name for the `data$` of a `ServiceUnavailableErrorResponse`. */
export type ServiceUnavailableErrorResponseData = ErrorEnvelope;

/** No HTTP response. */
export declare class HTTPClientError extends Error implements UnkeyErrorFields {
  /** As in `@unkey/api`: a `cause` given is also added to the message. */
  constructor(message: string, opts?: { cause?: unknown });
  readonly cause: unknown;
  kind: UnkeyErrorKind;
  statusCode?: number;
  type?: string;
  title?: string;
  detail?: string;
  requestId?: string;
  errors: UnkeyFieldError[];
}
/** Something unexpected in the client itself. */
export declare class UnexpectedClientError extends HTTPClientError {}
/** Bad client options (`kind: "config"`): refused before anything was sent. */
export declare class InvalidRequestError extends HTTPClientError {}
/** The caller's signal aborted the call (`kind: "aborted"`). */
export declare class RequestAbortedError extends HTTPClientError {
  readonly name: "RequestAbortedError";
}
/** The call's deadline passed (`kind: "timeout"`). */
export declare class RequestTimeoutError extends HTTPClientError {
  readonly name: "RequestTimeoutError";
}
/** No connection, or it broke before a complete response (`kind: "network"`). */
export declare class ConnectionError extends HTTPClientError {
  readonly name: "ConnectionError";
}

/** The request failed validation; nothing was sent (`kind: "validation"`). */
export declare class SDKValidationError extends Error implements UnkeyErrorFields {
  /** As in `@unkey/api`: the message is `message: cause`. */
  constructor(message: string, cause: unknown, rawValue: unknown);
  /** Not kept (`undefined`): the input may hold a secret, such as an API key to verify. */
  readonly rawValue: unknown;
  readonly rawMessage: unknown;
  /** The message and one line per problem. */
  pretty(): string;
  kind: UnkeyErrorKind;
  statusCode?: number;
  type?: string;
  title?: string;
  detail?: string;
  requestId?: string;
  errors: UnkeyFieldError[];
}

/** Any error unkey-edge throws or rejects with. */
export type AnyUnkeyError = (UnkeyError | HTTPClientError | SDKValidationError) & UnkeyErrorFields;

/** True for every error unkey-edge throws or rejects with, whatever its class. */
export declare function isUnkeyError(e: unknown): e is AnyUnkeyError;
