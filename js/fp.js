// Results of the standalone functions (`unkey-edge/funcs/*.js`), shaped as `@unkey/api`'s
// (`Result` of its `types/fp`): `{ ok: true, value }` or `{ ok: false, error }`. A function never
// throws what the client classifies (every `UnkeyError`); it answers it as `{ ok: false }`. The
// functions themselves are generated (`unkey-edge-codegen`), one file per operation, each a
// method of the client passed in wrapped by `toResult` or, for lists, `toPageResult`.
import { isUnkeyError } from "./errors.js";

/** A success. */
export function OK(value) {
  return { ok: true, value };
}

/** A failure. */
export function ERR(error) {
  return { ok: false, error };
}

/** The value of a result, or its error thrown. */
export function unwrap(r) {
  if (!r.ok) throw r.error;
  return r.value;
}

/** `unwrap` of a promised result. */
export async function unwrapAsync(pr) {
  return unwrap(await pr);
}

// A classified failure becomes a result; anything else (a bug) still throws.
function failed(e) {
  if (isUnkeyError(e)) return ERR(e);
  throw e;
}

/** The promised result of `run()`, a client call. */
export function toResult(run) {
  try {
    return Promise.resolve(run()).then(OK, failed);
  } catch (e) {
    return Promise.resolve().then(() => failed(e));
  }
}

/**
 * The promised result of `run()`, a list call, as `@unkey/api`'s page iterator: the result of
 * the first page, with `next()` (the next page's result, or `null` after the last) and
 * `for await (const r of res)`, which visits this page's result and every following one,
 * stopping after a failed one.
 */
export function toPageResult(run) {
  return toResult(run).then(pager);
}

// As @unkey/api's: `{ ok, value, next, ~next }` and the async iterator, `value` being the
// page as its `for await` yields it (`pageView`), `~next` there only while a cursor follows.
function pager(r) {
  const p = r.ok ? r.value : undefined;
  const out = p ? { ok: true, value: pageView(p) } : { ...r };
  out.next = () => {
    const n = p?.next();
    return n == null ? null : toPageResult(() => n);
  };
  if (p?.["~next"] !== undefined) out["~next"] = p["~next"];
  out[Symbol.asyncIterator] = async function* pages() {
    for (let q = out; q != null; q = q.ok ? await q.next() : null) yield q;
  };
  return out;
}

/** Defines `o[k]` as `value`, not enumerable (as a class's own fields are not shown). Internal; answers `o`. */
export function hidden(o, k, value) {
  return Object.defineProperty(o, k, { value, enumerable: false, configurable: true, writable: true });
}

/**
 * A list page as `@unkey/api`'s `for await` yields it: `{ result }`, with the page's other
 * members (`meta`, `data`, `pagination`, `next`, `~next`, the async iterator) answering, hidden.
 * Internal: the client's pages and the standalone functions' results use it.
 */
export function pageView(p) {
  const v = { result: p.result };
  for (const k of ["meta", "data", "pagination", "next", "~next", Symbol.asyncIterator]) hidden(v, k, p[k]);
  return v;
}
