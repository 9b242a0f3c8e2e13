// unkey-edge: the `Unkey` class. Every operation goes through one wasm method,
// `UnkeyCore.call(opIndex, request, options)`; this file only names them.
// The operation table below is generated from the Rust operation list (src/ops.rs) by
// `unkey-edge-codegen`; the rest is copied as written (js/facade.js).
import { UnkeyCore } from "./unkey_edge.js";

/*@OPERATIONS@*/

/** True when `e` is an error thrown or rejected by unkey-edge. */
export function isUnkeyError(e) {
  return e instanceof Error && e.name === "UnkeyError";
}

/** A client for the Unkey v2 API, shaped like `@unkey/api`'s `Unkey`. */
export class Unkey {
  constructor(options) {
    const o = options == null ? {} : options;
    // Like @unkey/api, fall back to UNKEY_ROOT_KEY where a `process` exists (Node, Deno, Bun).
    const env = o.rootKey === undefined && globalThis.process && globalThis.process.env;
    const core = new UnkeyCore(env ? { ...o, rootKey: env.UNKEY_ROOT_KEY } : o);
    for (const ns in OPERATIONS) {
      const methods = {};
      for (const name in OPERATIONS[ns]) {
        methods[name] = method(core, OPERATIONS[ns][name], PAGINATED.includes(OPERATIONS[ns][name]));
      }
      this[ns] = methods;
    }
    /** `GET /v2/liveness`: resolves when the API is up. */
    this.liveness = method(core, LIVENESS, false);
  }
}

function method(core, op, paginated) {
  return paginated
    ? (request, options) => core.call(op, request, options).then((res) => page(core, op, request, options, res))
    : (request, options) => core.call(op, request, options);
}

// A list result is also a pager, like @unkey/api's: `await res.next()` gives the next page (or
// `null` after the last one) and `for await (const page of res)` walks every page from this one.
function page(core, op, request, options, res) {
  const next = () => {
    const p = res.pagination;
    return p && p.hasMore && p.cursor
      ? core.call(op, { ...request, cursor: p.cursor }, options).then((r) => page(core, op, request, options, r))
      : null;
  };
  Object.defineProperty(res, "next", { value: next });
  Object.defineProperty(res, Symbol.asyncIterator, {
    value: async function* () {
      for (let p = res; p; p = await p.next()) yield p;
    },
  });
  return res;
}
