// The verification cache (issue #14), measured in one run against one unkey-local:
//   1. a cached verification: CPU per call in Node and in workerd, and the requests it sends;
//   2. the guard Worker (root wrangler.toml) in workerd at a 90% hit rate, with unkey-local 20 ms
//      away (a delay fault on verifyKey): with the cache (GUARD_CACHE_MS), without it, and the
//      hand-written raw-fetch guard — requests to Unkey per 1,000 guarded requests, workerd CPU
//      and latency per request;
//   3. an invalid-key flood through each: requests reaching Unkey per 1,000 bad requests.
//
//   node bench/cache/run.mjs [--requests 1000] [--concurrency 10] [--loop 100000] [--out FILE.json]
// Needs `make pkg link-pkg` (the package as users get it) and unkey-local built.
import path from "node:path";
import { writeFileSync } from "node:fs";
import { Unkey } from "unkey-edge/cache";
import {
  ROOT,
  ROOT_KEY,
  startUnkeyLocal,
  startOrigin,
  startWorker,
  buildJsWorker,
  bundleWorker,
} from "../../tests/guard/harness.mjs";
import { arg, workerdCpuMs } from "../common.mjs";

const REQUESTS = Number(arg("requests", 1000));
const CONCURRENCY = Number(arg("concurrency", 10));
const LOOP = Number(arg("loop", 100_000));
const OUT = arg("out", null);
const DELAY_MS = 20;
const VERIFY = "/v2/keys.verifyKey";

const local = await startUnkeyLocal(["--faults"]);
const control = async (method, p, body) => {
  const res = await fetch(`${local.url}${p}`, { method, body: body && JSON.stringify(body) });
  if (!res.ok) throw new Error(`${p}: ${res.status}`);
  return res.json();
};
const verifications = async () => (await control("GET", "/_local/requests")).paths[VERIFY] ?? 0;
const admin = new Unkey({ rootKey: ROOT_KEY, serverURL: local.url });
const apiId = (await admin.apis.createApi({ name: "bench_cache" })).data.apiId;
const newKey = async () => (await admin.keys.createKey({ apiId, prefix: "demo" })).data.key;

const result = { date: new Date().toISOString(), settings: { REQUESTS, CONCURRENCY, LOOP, DELAY_MS } };
const workers = [];
try {
  // ---- 1. A cached verification ----
  const key = await newKey();
  const cached = new Unkey({ rootKey: ROOT_KEY, serverURL: local.url, cache: { ttlMs: 3_600_000 } });
  await cached.keys.verifyKey({ key });
  for (let i = 0; i < 20_000; i++) await cached.keys.verifyKey({ key }); // JIT warm-up
  let before = await verifications();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < LOOP; i++) await cached.keys.verifyKey({ key });
  const wallUs = ((performance.now() - t0) * 1000) / LOOP;
  const cpu = process.cpuUsage(c0);
  const nodeCpuUs = (cpu.user + cpu.system) / LOOP;
  const nodeSent = (await verifications()) - before;
  // The same call without the cache, for scale (one loopback round trip each).
  const plain = new Unkey({ rootKey: ROOT_KEY, serverURL: local.url });
  for (let i = 0; i < 200; i++) await plain.keys.verifyKey({ key });
  const p0 = performance.now();
  for (let i = 0; i < 2000; i++) await plain.keys.verifyKey({ key });
  const uncachedUs = ((performance.now() - p0) * 1000) / 2000;
  result.node = { cpuUsPerCall: nodeCpuUs, wallUsPerCall: wallUs, requestsSent: nodeSent, uncachedWallUsPerCall: uncachedUs };
  console.error(`node: cached verifyKey ${nodeCpuUs.toFixed(2)} µs CPU/call (${wallUs.toFixed(2)} µs wall), ${nodeSent} requests for ${LOOP} calls; uncached ${uncachedUs.toFixed(0)} µs/call`);

  const loop = await startWorker(bundleWorker(path.join(ROOT, "bench/cache/wrangler.loop.toml")), {
    UNKEY_ROOT_KEY: ROOT_KEY,
    UNKEY_SERVER_URL: local.url,
  });
  workers.push(loop);
  await (await loop.fetch(`/loop?n=20000&key=${key}`)).json(); // first miss + warm-up
  before = await verifications();
  const w0 = workerdCpuMs();
  const out = await (await loop.fetch(`/loop?n=${LOOP}&key=${key}`)).json();
  const workerdCpuUs = ((workerdCpuMs() - w0) * 1000) / LOOP;
  const workerdSent = (await verifications()) - before;
  if (out.valid !== LOOP) throw new Error(`loop worker: ${JSON.stringify(out)}`);
  result.workerd = { cpuUsPerCall: workerdCpuUs, requestsSent: workerdSent };
  console.error(`workerd: cached verifyKey ${workerdCpuUs.toFixed(2)} µs CPU/call, ${workerdSent} requests for ${LOOP} calls`);

  // ---- 2. The guard at a 90% hit rate, Unkey 20 ms away ----
  const origin = await startOrigin();
  const vars = { UNKEY_ROOT_KEY: ROOT_KEY, UNKEY_SERVER_URL: local.url, ORIGIN_URL: origin.url };
  const variants = [
    { name: "unkey-edge guard, cache (GUARD_CACHE_MS=60000)", bundle: buildJsWorker(), vars: { ...vars, GUARD_CACHE_MS: "60000" } },
    { name: "unkey-edge guard, no cache", bundle: buildJsWorker(), vars },
    { name: "raw fetch guard", bundle: bundleWorker(path.join(ROOT, "bench/guard/wrangler.raw.toml")), vars },
  ];
  for (const v of variants) {
    v.worker = await startWorker(v.bundle, v.vars);
    workers.push(v.worker);
  }
  await control("POST", "/_local/faults", { kind: "delay", delayMs: DELAY_MS, path: VERIFY, count: 1_000_000 });

  async function drive(worker, keyFor) {
    const lat = [];
    let next = 0;
    let bad = 0;
    const before = await verifications();
    const cpu0 = workerdCpuMs();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) {
          const i = next++;
          const s = performance.now();
          const res = await worker.fetch("/api/data", { headers: { authorization: `Bearer ${keyFor(i)}` } });
          await res.arrayBuffer();
          lat.push(performance.now() - s);
          if (res.status >= 500) bad++;
        }
      }),
    );
    const wall = performance.now() - t0;
    lat.sort((a, b) => a - b);
    return {
      unkeyRequestsPer1000: (((await verifications()) - before) * 1000) / REQUESTS,
      cpuUsPerRequest: ((workerdCpuMs() - cpu0) * 1000) / REQUESTS,
      p50Ms: lat[Math.floor(lat.length * 0.5)],
      p99Ms: lat[Math.floor(lat.length * 0.99)],
      reqPerSec: (REQUESTS * 1000) / wall,
      errors5xx: bad,
    };
  }
  result.guard = [];
  for (const v of variants) {
    // Every 10th request brings a new key; the others repeat a key first sent at least two
    // rounds of requests in flight earlier (so its first verification has had time to come
    // back), picked at random: 90% of requests could be answered from memory. A fresh set of
    // keys per variant, so each starts cold.
    const own = [];
    for (let i = 0; i < REQUESTS / 10; i++) own.push(await newKey());
    const keyFor = (i) => {
      if (i % 10 === 0) return own[i / 10];
      const seen = Math.floor((i - 2 * CONCURRENCY) / 10);
      return seen >= 0 ? own[Math.floor(Math.random() * (seen + 1))] : own[Math.floor(i / 10)];
    };
    const hit = await drive(v.worker, keyFor);
    const flood = await drive(v.worker, () => "demo_doesnotexist_flood");
    result.guard.push({ name: v.name, hit90: hit, flood });
    console.error(
      `${v.name.padEnd(48)} 90% hits: ${hit.unkeyRequestsPer1000.toFixed(0)} Unkey requests/1000, ${hit.cpuUsPerRequest.toFixed(0)} µs CPU/req, p50 ${hit.p50Ms.toFixed(1)} ms, p99 ${hit.p99Ms.toFixed(1)} ms | bad-key flood: ${flood.unkeyRequestsPer1000.toFixed(0)} Unkey requests/1000`,
    );
  }
  await origin.close();
} finally {
  await Promise.all(workers.map((w) => w.dispose()));
  await local.stop();
}

const lines = [
  `| | unkey-edge, cache | unkey-edge, no cache | raw fetch |`,
  `|---|---:|---:|---:|`,
];
const g = (f) => result.guard.map(f).join(" | ");
lines.push(`| Unkey requests per 1,000 guarded requests (90% repeat keys) | ${g((v) => v.hit90.unkeyRequestsPer1000.toFixed(0))} |`);
lines.push(`| workerd CPU per request (µs) | ${g((v) => v.hit90.cpuUsPerRequest.toFixed(0))} |`);
lines.push(`| latency p50 / p99 (ms; Unkey ${DELAY_MS} ms away, ${CONCURRENCY} in flight) | ${g((v) => `${v.hit90.p50Ms.toFixed(1)} / ${v.hit90.p99Ms.toFixed(1)}`)} |`);
lines.push(`| Unkey requests per 1,000 requests with one bad key | ${g((v) => v.flood.unkeyRequestsPer1000.toFixed(0))} |`);
console.log(
  `Cached verification: Node ${result.node.cpuUsPerCall.toFixed(2)} µs CPU/call (${result.node.requestsSent} requests in ${LOOP}), ` +
    `workerd ${result.workerd.cpuUsPerCall.toFixed(2)} µs CPU/call (${result.workerd.requestsSent} requests); uncached call in Node: ${result.node.uncachedWallUsPerCall.toFixed(0)} µs over loopback.\n`,
);
console.log(lines.join("\n"));
if (OUT) writeFileSync(OUT, JSON.stringify(result, null, 2) + "\n");
