// Guard throughput and latency in workerd under wrk, in one run, side by side:
//   unkey-edge JS guard (root wrangler.toml Worker), unkey-edge workers-rs guard (when built),
//   the same guard on @unkey/api (nodejs_compat), and a hand-written raw-fetch guard;
// all against the same unkey-local and origin. Rounds are interleaved so drift hits all alike.
//
//   node bench/guard/run.mjs [--seconds 5] [--rounds 3] [--connections 16] [--out FILE.json]
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";
import {
  ROOT,
  ROOT_KEY,
  startUnkeyLocal,
  startOrigin,
  seed,
  startWorker,
  buildJsWorker,
  bundleWorker,
  rustWorker,
} from "../../tests/guard/harness.mjs";
import { arg, workerdCpuMs } from "../common.mjs";

const SECONDS = Number(arg("seconds", 5));
const ROUNDS = Number(arg("rounds", 3));
const CONNS = Number(arg("connections", 16));
const OUT = arg("out", null);

function uploadSize(dir) {
  let raw = 0;
  let gz = 0;
  for (const f of readdirSync(dir)) {
    if (f.endsWith(".map") || f.endsWith(".md") || f === "package.json" || f.startsWith(".")) continue;
    const p = path.join(dir, f);
    if (!statSync(p).isFile()) continue;
    const b = readFileSync(p);
    raw += b.length;
    gz += gzipSync(b, { level: 9 }).length;
  }
  return { raw, gz };
}

function toMs(v) {
  const m = /^([\d.]+)(us|ms|s)$/.exec(v);
  if (!m) return NaN;
  const x = Number(m[1]);
  return m[2] === "us" ? x / 1000 : m[2] === "s" ? x * 1000 : x;
}

// Async: the origin runs in this process and must keep answering while wrk runs.
const run = promisify(execFile);
async function wrk(url, headers) {
  const args = ["-t2", `-c${CONNS}`, `-d${SECONDS}s`, "--latency"];
  for (const [k, v] of Object.entries(headers)) args.push("-H", `${k}: ${v}`);
  args.push(url);
  const cpu0 = workerdCpuMs();
  const { stdout: out } = await run("wrk", args, { encoding: "utf8" });
  const cpuMs = workerdCpuMs() - cpu0;
  const total = Number(/(\d+) requests in/.exec(out)?.[1] || 0);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p50 = toMs(/\s50%\s+(\S+)/.exec(out)?.[1] || "");
  const p99 = toMs(/\s99%\s+(\S+)/.exec(out)?.[1] || "");
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] || 0);
  const errors = /Socket errors:(.*)/.exec(out)?.[1]?.trim() || "";
  return { rps, p50, p99, non2xx, errors, cpuUs: total ? (cpuMs * 1000) / total : NaN };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const unkey = await startUnkeyLocal();
const origin = await startOrigin();
const { keys } = await seed(unkey.url, ROOT_KEY);
const vars = { UNKEY_ROOT_KEY: ROOT_KEY, UNKEY_SERVER_URL: unkey.url, ORIGIN_URL: origin.url };

const variants = [
  { name: "unkey-edge JS guard", bundle: buildJsWorker(), flags: [] },
  { name: "@unkey/api guard (nodejs_compat)", bundle: bundleWorker(path.join(ROOT, "bench/guard/wrangler.api.toml")), flags: ["nodejs_compat"] },
  { name: "hand guard on unkey-edge client", bundle: bundleWorker(path.join(ROOT, "bench/guard/wrangler.client.toml")), flags: [] },
  { name: "raw fetch guard", bundle: bundleWorker(path.join(ROOT, "bench/guard/wrangler.raw.toml")), flags: [] },
];
try {
  variants.splice(1, 0, { name: "unkey-edge workers-rs guard", bundle: rustWorker(), flags: [] });
} catch (e) {
  console.error(`(skipping the workers-rs guard: ${e.message})`);
}

// --only a,b: keep only variants whose name contains one of these words (the raw guard always stays).
const ONLY = arg("only", null);
if (ONLY) {
  const words = ONLY.split(",");
  for (let i = variants.length - 1; i >= 0; i--) {
    const n = variants[i].name;
    if (n !== "raw fetch guard" && !words.some((w) => n.includes(w))) variants.splice(i, 1);
  }
}

for (const v of variants) {
  v.size = uploadSize(v.bundle.dir);
  v.worker = await startWorker(v.bundle, vars, v.flags);
  // Sanity: the guard must really guard before we time it.
  const ok = await v.worker.fetch("/api/data", { headers: { authorization: `Bearer ${keys.admin}` } });
  const denied = await v.worker.fetch("/api/data");
  await ok.arrayBuffer();
  await denied.arrayBuffer();
  if (ok.status !== 200 || denied.status !== 401) throw new Error(`${v.name}: ${ok.status}/${denied.status}, expected 200/401`);
  v.runs = { verify: [], deny: [] };
}

const scenarios = [
  { id: "verify", what: "valid key → verifyKey → origin", path: "/api/data", headers: { authorization: `Bearer ${keys.admin}` } },
  { id: "deny", what: "no key → local 401", path: "/api/data", headers: {} },
];

try {
  // Warm-up: JIT, connection pools, unkey-local's caches.
  for (const v of variants) await wrk(v.worker.url + "/api/data", { authorization: `Bearer ${keys.admin}` });
  for (let round = 1; round <= ROUNDS; round++) {
    for (const s of scenarios) {
      // Rotate the order every round so no variant always runs first (or last) in a round.
      for (const v of variants.map((_, i) => variants[(i + round) % variants.length])) {
        const r = await wrk(v.worker.url + s.path, s.headers);
        v.runs[s.id].push(r);
        console.error(`round ${round} ${s.id.padEnd(6)} ${v.name.padEnd(34)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  cpu ${r.cpuUs.toFixed(0)} µs/req${r.errors ? "  errors: " + r.errors : ""}`);
      }
    }
  }
} finally {
  await Promise.all(variants.map((v) => v.worker?.dispose()));
  await origin.close();
  await unkey.stop();
}

const result = {
  date: new Date().toISOString(),
  machine: `${(await import("node:os")).cpus().length} cores, node ${process.version}`,
  settings: { seconds: SECONDS, rounds: ROUNDS, connections: CONNS, threads: 2 },
  scenarios: scenarios.map(({ id, what }) => ({ id, what })),
  variants: variants.map((v) => ({
    name: v.name,
    upload: v.size,
    ...Object.fromEntries(
      scenarios.map((s) => [
        s.id,
        {
          rps: median(v.runs[s.id].map((r) => r.rps)),
          rpsMin: Math.min(...v.runs[s.id].map((r) => r.rps)),
          rpsMax: Math.max(...v.runs[s.id].map((r) => r.rps)),
          ratioToRaw: null,
          p50: median(v.runs[s.id].map((r) => r.p50)),
          p99: median(v.runs[s.id].map((r) => r.p99)),
          cpuUs: median(v.runs[s.id].map((r) => r.cpuUs)),
          non2xx: v.runs[s.id].reduce((a, r) => a + r.non2xx, 0),
        },
      ]),
    ),
  })),
};

// Per round, each variant's throughput relative to the raw guard measured in the same round:
// the median of those ratios is robust to the machine's load drifting between rounds.
const rawV = variants.find((v) => v.name === "raw fetch guard");
for (const [i, v] of variants.entries()) {
  for (const s of scenarios) {
    const ratios = v.runs[s.id].map((r, k) => r.rps / rawV.runs[s.id][k].rps);
    result.variants[i][s.id].ratioToRaw = median(ratios);
  }
}
const lines = [
  `| guard | verify: workerd CPU/request | req/s median (min–max) | p50 ms | p99 ms | vs raw (median of per-round ratios) | no-key 401: CPU/request | req/s | upload (gzip) |`,
  `|---|---:|---:|---:|---:|---:|---:|---:|---:|`,
];
for (const v of result.variants) {
  lines.push(
    `| ${v.name} | ${v.verify.cpuUs.toFixed(0)} µs | ${v.verify.rps.toFixed(0)} (${v.verify.rpsMin.toFixed(0)}–${v.verify.rpsMax.toFixed(0)}) | ${v.verify.p50.toFixed(2)} | ${v.verify.p99.toFixed(2)} | ${v.verify.ratioToRaw.toFixed(2)}× | ${v.deny.cpuUs.toFixed(0)} µs | ${v.deny.rps.toFixed(0)} | ${(v.upload.gz / 1024).toFixed(1)} KB |`,
  );
}
console.log(lines.join("\n"));
if (OUT) writeFileSync(OUT, JSON.stringify(result, null, 2) + "\n");
