// Diagnostic Worker for bench/client/variants/run.mjs: `GET /?c=NAME&n=N` runs N sequential
// verifyKey calls with one of these clients and answers { n, valid }. The variants split what a
// client call costs in workerd beyond raw fetch:
//   - a deadline in each of its forms, and the headers as a plain object or a `Headers` (raw+...);
//   - unkey-edge's JS path without its wasm (`js-path`: a copy of js/facade.js's `run`, of
//     src/transport/fetch.rs's `exchange` and of the façade's envelope check);
//   - that JS path plus the wasm's bookkeeping (`+core-live`: UnkeyCore.call of an operation
//     with no body, and end) and plus validation too (`+core-call`: UnkeyCore.begin of this
//     verifyKey body), which leaves `send` and the façade's own code as the rest of unkey-edge;
//   - unkey-edge itself, and `unkey-edge-2`: the same from another package build
//     (`--pkg2 DIR`, for A/B runs in one Worker).
// UnkeyCore's methods are the façade's internal protocol: this file follows js/facade.js.
import { Unkey } from "unkey-edge";
import { Unkey as Unkey2 } from "unkey-edge-2";
import { UnkeyCore } from "unkey-edge-core";

const VERIFY = 0; // keys.verifyKey's operation index
const LIVENESS = 39; // liveness: no body to validate

function jsPath(env, deadline, core = null, op = VERIFY) {
  const url = `${env.SERVER_URL}/v2/keys.verifyKey`;
  const headers = new Headers({ authorization: `Bearer ${env.ROOT_KEY}`, accept: "application/json", "content-type": "application/json", "user-agent": "unkey-edge/0.1.0" });
  async function exchange(body) {
    const init = { method: "POST", headers, body };
    let d;
    if (deadline) {
      d = { c: new AbortController(), fired: false, timer: undefined };
      d.timer = setTimeout(() => { d.fired = true; d.c.abort(); }, 5000);
      init.signal = d.c.signal;
    }
    try {
      const res = await fetch(url, init);
      const status = res.status;
      return [status, status < 300 ? null : res.headers.get("retry-after"), await res.text()];
    } finally {
      if (d) clearTimeout(d.timer);
    }
  }
  return async (key) => {
    const body = JSON.stringify({ key });
    const id = core && core.begin(op, op === VERIFY ? body : undefined, false, NaN, 0, NaN, NaN, NaN, NaN, NaN);
    const parts = await exchange(body);
    const v = JSON.parse(parts[2]);
    if (parts[0] !== 200 || typeof v.meta?.requestId !== "string" || v.data === undefined) throw new Error("envelope");
    if (core) core.release(id);
    return v;
  };
}

function variants(env) {
  const url = `${env.SERVER_URL}/v2/keys.verifyKey`;
  const headers = { authorization: `Bearer ${env.ROOT_KEY}`, "content-type": "application/json" };
  const post = (key, extra) => fetch(url, { method: "POST", headers, body: JSON.stringify({ key }), ...extra });
  const h4 = { ...headers, accept: "application/json", "user-agent": "unkey-edge/0.1.0" };
  const H4 = new Headers(h4);
  const o = { rootKey: env.ROOT_KEY, serverURL: env.SERVER_URL };
  const edge = new Unkey(o);
  const edge0 = new Unkey({ ...o, timeoutMs: 0 });
  const edge2 = new Unkey2(o);
  const core = new UnkeyCore(env.ROOT_KEY, env.SERVER_URL, NaN, 0, NaN, NaN, NaN, NaN, NaN);
  return {
    raw: async (key) => (await post(key)).json(),
    // A timer set and cleared around the call, no signal.
    "raw+timer": async (key) => {
      const t = setTimeout(() => {}, 5000);
      try { return await (await post(key)).json(); } finally { clearTimeout(t); }
    },
    // A signal that never fires, no timer.
    "raw+signal": async (key) => (await post(key, { signal: new AbortController().signal })).json(),
    // Both: what unkey-edge does per call in workerd.
    "raw+controller+timer": async (key) => {
      const c = new AbortController();
      const t = setTimeout(() => c.abort(), 5000);
      try { return await (await post(key, { signal: c.signal })).json(); } finally { clearTimeout(t); }
    },
    // Cheap, but its timer cannot be cleared: workerd keeps the request alive until it fires.
    "raw+AbortSignal.timeout": async (key) => (await post(key, { signal: AbortSignal.timeout(5000) })).json(),
    // unkey-edge's four headers as a plain object read on every call, and as one `Headers`
    // made once (what the façade passes to the global fetch).
    "raw+4headers": async (key) => (await fetch(url, { method: "POST", headers: h4, body: JSON.stringify({ key }) })).json(),
    "raw+4Headers": async (key) => (await fetch(url, { method: "POST", headers: H4, body: JSON.stringify({ key }) })).json(),
    "js-path": jsPath(env, true),
    "js-path timeoutMs:0": jsPath(env, false),
    "js-path+core-live": jsPath(env, true, core, LIVENESS),
    "js-path+core-call": jsPath(env, true, core),
    "unkey-edge": (key) => edge.keys.verifyKey({ key }),
    "unkey-edge timeoutMs:0": (key) => edge0.keys.verifyKey({ key }),
    "unkey-edge-2": (key) => edge2.keys.verifyKey({ key }),
  };
}

let clients = null;
export default {
  async fetch(request, env) {
    clients ||= variants(env);
    const u = new URL(request.url);
    const f = clients[u.searchParams.get("c")];
    const n = Number(u.searchParams.get("n") || 1);
    let valid = 0;
    for (let i = 0; i < n; i++) if ((await f(env.KEY)).data.valid) valid++;
    return Response.json({ n, valid });
  },
};
