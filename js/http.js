// `HTTPClient`, as `@unkey/api` exports it (also from `unkey-edge/lib/http`): a fetcher with
// hooks, for `new Unkey({ httpClient })`. The client sends each attempt through
// `httpClient.request(new Request(url, init))`; the request it builds already carries the
// deadline's signal and `redirect: "manual"`, so a hook that returns a new request should build
// it from the one it is given (`new Request(req, …)`).

// A Request and no init: Bun drops a Request's method and body when an undefined init is passed.
const defaultFetcher = (input, init) => (init == null ? fetch(input) : fetch(input, init));

const KINDS = ["beforeRequest", "requestError", "response"];

function hookList(hooks, kind) {
  if (!KINDS.includes(kind)) throw new TypeError(`unknown hook ${String(kind)}: one of ${KINDS.join(", ")}`);
  return hooks[kind];
}

/** A fetcher with `beforeRequest`, `requestError` and `response` hooks. */
export class HTTPClient {
  constructor(options = {}) {
    this.options = options;
    this.fetcher = options.fetcher || defaultFetcher;
    this.hooks = { beforeRequest: [], requestError: [], response: [] };
  }

  /** Sends `request`: each `beforeRequest` hook may replace it; then the fetcher and the `response` hooks, or the `requestError` hooks when either throws. */
  async request(request) {
    let req = request;
    for (const hook of this.hooks.beforeRequest) req = (await hook(req)) || req;
    // As in @unkey/api, a `response` hook that throws fails the request as the fetcher would:
    // the `requestError` hooks are told, and the error is the attempt's.
    try {
      const res = await this.fetcher(req);
      for (const hook of this.hooks.response) await hook(res, req);
      return res;
    } catch (err) {
      for (const hook of this.hooks.requestError) await hook(err, req);
      throw err;
    }
  }

  /** Registers a hook of `kind`. */
  addHook(kind, fn) {
    hookList(this.hooks, kind).push(fn);
    return this;
  }

  /** Removes a hook registered with `addHook`. */
  removeHook(kind, fn) {
    const list = hookList(this.hooks, kind);
    const i = list.indexOf(fn);
    if (i >= 0) list.splice(i, 1);
    return this;
  }

  /** A client with the same fetcher and copies of the hook lists. */
  clone() {
    const c = new HTTPClient(this.options);
    for (const kind of KINDS) c.hooks[kind] = [...this.hooks[kind]];
    return c;
  }
}
