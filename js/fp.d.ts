// `unkey-edge/types`: the results of the standalone functions (`unkey-edge/funcs/*.js`), shaped as
// `@unkey/api`'s `Result` (its `types/fp`).

/** A success with its value, or a failure with its error. */
export type Result<T, E = unknown> =
  | { ok: true; value: T; error?: never }
  | { ok: false; value?: never; error: E };

/**
 * The result of a list function: the first page's result, `next()` for the next page's (`null`
 * after the last page) and `for await (const r of res)` over this page's result and every
 * following one, ending after a failed one.
 */
export type PageResult<V, E = unknown> = Result<V, E> & {
  next(): Promise<PageResult<V, E>> | null;
  [Symbol.asyncIterator](): AsyncIterableIterator<PageResult<V, E>>;
};

/** `@unkey/api`'s `Paginator`: a page's `next`, the next page or `null` after the last. */
export type Paginator<V> = () => Promise<V & { next: Paginator<V> }> | null;
/**
 * `@unkey/api`'s `PageIterator`: a page that pages, as its list methods answer
 * (`PageIterator<ApisListKeysResponse, { cursor: string }>`); unkey-edge's pages are ones.
 */
export type PageIterator<V, PageState = unknown> = V & {
  next: Paginator<V>;
  [Symbol.asyncIterator]: () => AsyncIterableIterator<V>;
  "~next"?: PageState | undefined;
};
declare const unrecognizedBrand: unique symbol;
/**
 * `@unkey/api`'s `Unrecognized`: a value of an open enum the API added after this package
 * (a type only: this package's open enums read such a value as the plain string).
 */
export type Unrecognized<T> = T & { [unrecognizedBrand]: "unrecognized" };
/** `@unkey/api`'s `ClosedEnum`: the values of an enum object (`ClosedEnum<typeof Scope>`). */
export type ClosedEnum<T extends Readonly<Record<string, string | number>>> = T[keyof T];
/** `@unkey/api`'s `OpenEnum`: the values of an enum object, or one the API adds later. */
export type OpenEnum<T extends Readonly<Record<string, string | number>>> =
  | T[keyof T]
  | (T[keyof T] extends number ? number & {} : string & {});

/** A success. */
export declare function OK<V>(value: V): Result<V, never>;
/** A failure. */
export declare function ERR<E>(error: E): Result<never, E>;
/** The value of a result, or its error thrown. */
export declare function unwrap<T>(r: Result<T, unknown>): T;
/** `unwrap` of a promised result. */
export declare function unwrapAsync<T>(pr: Promise<Result<T, unknown>>): Promise<T>;
