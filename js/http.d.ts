// `unkey-edge/lib/http`: `HTTPClient`, as `@unkey/api` exports it, for `new Unkey({ httpClient })`.

/** `fetch`'s signature. */
export type Fetcher = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
/** Options of `HTTPClient`. */
export interface HTTPClientOptions {
  /** What sends a request (default: the global `fetch`). */
  fetcher?: Fetcher;
}
/** Called before each attempt; may return a new request (build it from the one given). */
export type BeforeRequestHook = (req: Request) => Request | void | Promise<Request | void>;
/** Called when the fetcher throws (no response). */
export type RequestErrorHook = (err: unknown, req: Request) => void | Promise<void>;
/** Called with each response. */
export type ResponseHook = (res: Response, req: Request) => void | Promise<void>;

/** A fetcher with `beforeRequest`, `requestError` and `response` hooks. */
export declare class HTTPClient {
  constructor(options?: HTTPClientOptions);
  /** Sends `request` through the hooks and the fetcher. */
  request(request: Request): Promise<Response>;
  /** Registers a hook called before each attempt. */
  addHook(hook: "beforeRequest", fn: BeforeRequestHook): this;
  /** Registers a hook called when an attempt gets no response, or a `response` hook throws. */
  addHook(hook: "requestError", fn: RequestErrorHook): this;
  /** Registers a hook called with each response. */
  addHook(hook: "response", fn: ResponseHook): this;
  /** Removes a hook registered with `addHook`. */
  removeHook(hook: "beforeRequest", fn: BeforeRequestHook): this;
  /** Removes a hook registered with `addHook`. */
  removeHook(hook: "requestError", fn: RequestErrorHook): this;
  /** Removes a hook registered with `addHook`. */
  removeHook(hook: "response", fn: ResponseHook): this;
  /** A client with the same fetcher and copies of the hook lists. */
  clone(): HTTPClient;
}
