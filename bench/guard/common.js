// Shared by the comparison guards (raw fetch, @unkey/api): the same routes and answers as the
// unkey-edge guard Worker, written by hand the way a user would without unkey-edge.
export const ROUTES = [
  { method: "GET", prefix: "/public/", public: true },
  { prefix: "/api/" },
  { prefix: "/admin/", permissions: "admin" },
];

export function route(method, path) {
  for (const r of ROUTES) {
    if (r.method && r.method !== method) continue;
    if (path.startsWith(r.prefix) || path === r.prefix.slice(0, -1)) return r;
  }
  return null;
}

export function problem(status, code) {
  return new Response(JSON.stringify({ status, code }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}

const STATUS = { NOT_FOUND: 401, DISABLED: 403, EXPIRED: 403, FORBIDDEN: 403, INSUFFICIENT_PERMISSIONS: 403, RATE_LIMITED: 429, USAGE_EXCEEDED: 429 };

/** Forward or deny from a verifyKey `data`. */
export async function finish(request, env, data) {
  if (!data.valid) return problem(STATUS[data.code] || 403, data.code);
  const headers = new Headers(request.headers);
  for (const k of [...headers.keys()]) if (k === "authorization" || k.startsWith("x-unkey-")) headers.delete(k);
  if (data.keyId) headers.set("x-unkey-key-id", data.keyId);
  if (data.identity) headers.set("x-unkey-identity", data.identity.externalId);
  if (data.meta && data.meta.plan) headers.set("x-unkey-plan", String(data.meta.plan));
  const u = new URL(request.url);
  const res = await fetch(env.ORIGIN_URL + u.pathname + u.search, { method: request.method, headers });
  const rl = (data.ratelimits || [])[0];
  if (!rl) return res;
  const out = new Response(res.body, res);
  out.headers.set("ratelimit-limit", String(rl.limit));
  out.headers.set("ratelimit-remaining", String(rl.remaining));
  out.headers.set("ratelimit-reset", String(Math.max(0, Math.ceil((rl.reset - Date.now()) / 1000))));
  return out;
}

export function bearer(request) {
  const h = request.headers.get("authorization") || "";
  return h.startsWith("Bearer ") ? h.slice(7).trim() : "";
}

export async function publicForward(request, env) {
  const headers = new Headers(request.headers);
  for (const k of [...headers.keys()]) if (k === "authorization" || k.startsWith("x-unkey-")) headers.delete(k);
  const u = new URL(request.url);
  return fetch(env.ORIGIN_URL + u.pathname + u.search, { method: request.method, headers });
}
