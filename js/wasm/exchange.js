// The fetch transport's JS half (src/transport/fetch.rs imports it with
// #[wasm_bindgen(module)]): `exchange` sends one attempt; the npm façade calls it too
// (`UnkeyCore.exchange()`).
// Deadlines. Where I/O objects are not tied to the request that made them (Node, Bun, Deno,
// browsers), calls with the same timeout that start within 1% of it (at most 50 ms) of each
// other share one AbortController and one unref'd timer, as undici's own coarse timers do:
// a call then ends at most that much before its deadline and costs no timer of its own.
// Elsewhere (Cloudflare Workers and other request-scoped runtimes, where a signal from one
// request must not be used by another), and for calls with the caller's own signal, each
// call gets its own, cleared when it settles.
const g = globalThis;
const ua = g.navigator && g.navigator.userAgent;
const SHARE = typeof EdgeRuntime === "undefined" && ua !== "Cloudflare-Workers" &&
  ((g.process && g.process.versions && typeof g.process.versions.node === "string") ||
    (g.Deno && g.Deno.version) || typeof g.document !== "undefined" || typeof g.WorkerGlobalScope !== "undefined");
let shared;
function deadline(ms) {
  const now = Date.now();
  if (SHARE && shared && shared.ms === ms && now - shared.at <= Math.min(50, ms / 100)) return shared;
  const d = own(ms);
  if (SHARE) {
    d.at = now;
    d.shared = true;
    if (d.timer && typeof d.timer.unref === "function") d.timer.unref();
    else if (g.Deno && typeof g.Deno.unrefTimer === "function") g.Deno.unrefTimer(d.timer);
    shared = d;
  }
  return d;
}
function own(ms) {
  const d = { ms, at: 0, shared: false, c: new AbortController(), fired: false, timer: undefined, ended: undefined };
  if (ms !== undefined) d.timer = setTimeout(() => { d.fired = true; d.c.abort(); }, ms);
  return d;
}
// A promise that rejects when `d` aborts (made once per deadline, its rejection always handled),
// raced with each attempt: a `fetch` (a custom one) or a body reader that ignores its signal
// still ends at the deadline or the caller's abort, instead of holding the call for ever.
function ended(d) {
  if (d.ended === undefined) {
    const signal = d.c.signal;
    d.ended = new Promise((_, reject) => {
      const stop = () => reject({ name: "AbortError", message: "the request did not settle by its deadline or abort" });
      if (signal.aborted) stop();
      else signal.addEventListener("abort", stop, { once: true });
    });
    d.ended.catch(() => {});
  }
  return d.ended;
}
export function exchanger() {
  return exchange;
}
// The most of an error body (status >= 300) that is read: MAX_ERROR_BODY in src/transport/mod.rs;
// of a success body, MAX_SUCCESS_BODY, past which OVERSIZE_BODY stands for it (not JSON: a
// decode error, never part of an answer). A test there holds these three lines to its values.
const MAX_ERROR_BODY = 65536;
const MAX_SUCCESS_BODY = 16777216;
const OVERSIZE_BODY = "unkey-edge: the response body exceeds 16 MiB and was not read";
// At most `max` bytes of the body as text, and whether there was more (then the rest is
// cancelled unread). A body whose length the server states, no larger, and that no content
// coding expands is read whole by the runtime (`text()`, a third of a streamed read's CPU in
// workerd): the network framing holds it to that length. Any other is counted as it streams.
async function capped(res, max) {
  const length = statedLength(res.headers);
  if (length !== undefined && length <= max) return [await res.text(), false];
  const stream = res.body;
  if (!stream || typeof stream.getReader !== "function") {
    const t = await res.text();
    return [t.length > max ? t.slice(0, max) : t, t.length > max];
  }
  const reader = stream.getReader();
  const chunks = [];
  let n = 0;
  let over = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // A reader (of a custom fetch's answer) handing out anything but bytes: not a body.
    if (!ArrayBuffer.isView(value)) {
      reader.cancel().catch(() => {});
      throw new TypeError("the response body is not a stream of bytes");
    }
    const take = Math.min(value.byteLength, max - n);
    if (take > 0) chunks.push(take === value.byteLength ? value : value.subarray(0, take));
    n += take;
    if (take < value.byteLength) {
      over = true;
      break;
    }
  }
  if (over) reader.cancel().catch(() => {});
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return [new TextDecoder().decode(out), over];
}
// The Content-Length of a body without a content coding (which the runtime undoes, so the
// text may be longer), or undefined.
function statedLength(headers) {
  const coding = headers?.get?.("content-encoding");
  if (coding != null && coding.trim().toLowerCase() !== "identity") return undefined;
  const length = headers?.get?.("content-length");
  return typeof length === "string" && /^\s*\d{1,10}\s*$/.test(length) ? Number(length) : undefined;
}
// `extra`: a call's other `fetch` options (`fetchOptions` of the npm façade: `cache`,
// `keepalive`, …), or undefined; what the client owns (method, headers, body, redirect, signal)
// is set over them.
export async function exchange(f, url, post, headers, body, ms, signal, extra) {
  // Unkey never redirects an API call: a 3xx (or a browser's opaque redirect, status 0) comes
  // back as it is, and the engine reports it, instead of re-sending the key where it points.
  const init = { ...extra, method: post ? "POST" : "GET", headers: f ? { ...headers } : headers, redirect: "manual" };
  delete init.signal;
  if (body !== undefined) init.body = body;
  let d, onAbort;
  if (signal) {
    // The caller's signal: this call gets its own controller, aborted by it or the deadline.
    if (signal.aborted) throw { name: "AbortError", message: "aborted by the caller's signal before it was sent" };
    d = own(ms);
    onAbort = () => d.c.abort();
    signal.addEventListener("abort", onAbort);
  } else if (ms !== undefined) {
    d = deadline(ms);
  }
  if (d) init.signal = d.c.signal;
  try {
    const attempt = answer(f, url, init);
    // The runtime's own fetch and body honour the signal; a custom one (or an httpClient's
    // hooks) may not, so its attempt is raced with the deadline.
    return await (d && f ? Promise.race([attempt, ended(d)]) : attempt);
  } catch (e) {
    if (d && d.fired) throw { name: "TimeoutError", message: (e && e.message) || "request timed out" };
    if (signal && signal.aborted) throw { name: "AbortError", message: "aborted by the caller's signal" };
    throw e;
  } finally {
    if (d && !d.shared) clearTimeout(d.timer);
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}

// One attempt's answer: `[status, retry-after, text, response]`.
async function answer(f, url, init) {
  const res = await (f ? f(url, init) : fetch(url, init));
  const status = res.status;
  // Retry-After matters only when the attempt failed (and a header read is a native call).
  // The Response itself goes last, for the error classes' `rawResponse` and `headers`.
  if (status >= 200 && status < 300) {
    const [text, over] = await capped(res, MAX_SUCCESS_BODY);
    return [status, null, over ? OVERSIZE_BODY : text, res];
  }
  return [status, res.headers.get("retry-after"), (await capped(res, MAX_ERROR_BODY))[0], res];
}
