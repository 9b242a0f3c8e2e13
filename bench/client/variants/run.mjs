// Where a client call's time goes inside workerd: the variants of worker.js side by side in one
// Worker against one unkey-local (release, --seed), in many short interleaved rounds (short,
// because workerd's per-round wall time swings ±10% on a shared machine), reported as the
// median of the per-round ratios to raw fetch, with workerd's CPU per call over all rounds.
// Diagnostic only; BENCHMARKS.md, "Per-call work", quotes it. Differences of 2 points need
// about 300 rounds of a few variants to stand out.
//
//   node bench/client/variants/run.mjs [--calls 300] [--rounds 101] [--pkg DIR] [--pkg2 DIR]
//                                      [VARIANT...]
//
// Needs pkg/ (`make pkg`); unkey-edge is bundled from it with the workerd condition, and
// `unkey-edge-2` from --pkg2 (default: the same package), for A/B runs of two builds.
import { execFileSync, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { mkdtempSync, copyFileSync, existsSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { Miniflare } from "miniflare";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../../..");
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const CALLS = Number(opt("calls", 300));
const ROUNDS = Number(opt("rounds", 101));
const PKG = path.resolve(opt("pkg", path.join(ROOT, "pkg")));
const PKG2 = path.resolve(opt("pkg2", PKG));
const NAMES = args.length ? args : ["raw", "raw+timer", "raw+signal", "raw+controller+timer", "raw+AbortSignal.timeout", "js-path", "js-path timeoutMs:0", "js-path+core-live", "js-path+core-call", "unkey-edge", "unkey-edge timeoutMs:0"];
const ROOT_KEY = "unkey_variants_root_0001";
if (!existsSync(path.join(PKG, "entry-workerd.js"))) throw new Error(`${PKG}: run \`make pkg\` first`);

const out = mkdtempSync(path.join(os.tmpdir(), "unkey-edge-variants-"));
await esbuild.build({
  entryPoints: [path.join(HERE, "worker.js")],
  bundle: true,
  format: "esm",
  outfile: path.join(out, "worker.js"),
  alias: { "unkey-edge": path.join(PKG, "entry-workerd.js"), "unkey-edge-core": path.join(PKG, "unkey_edge.js"), "unkey-edge-2": path.join(PKG2, "entry-workerd.js") },
  logLevel: "error",
  plugins: [{
    name: "wasm-module",
    setup(b) {
      // One file per distinct module (two packages may both ship unkey_edge_bg.wasm).
      const names = new Map();
      b.onResolve({ filter: /\.wasm$/ }, (a) => {
        const from = path.resolve(a.resolveDir, a.path);
        if (!names.has(from)) {
          names.set(from, `${names.size}-${path.basename(a.path)}`);
          copyFileSync(from, path.join(out, names.get(from)));
        }
        return { path: `./${names.get(from)}`, external: true };
      });
    },
  }],
});

const bin = process.env.UNKEY_LOCAL_BIN || path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, "target"), "release/unkey-local");
if (!existsSync(bin)) execFileSync("cargo", ["build", "-q", "--release", "-p", "unkey-local"], { cwd: ROOT, stdio: "inherit" });
const server = spawn(bin, ["--listen", "127.0.0.1:0", "--root-key", ROOT_KEY, "--seed"], { stdio: ["ignore", "pipe", "inherit"] });
const lines = [];
await new Promise((resolve) => createInterface({ input: server.stdout }).on("line", (l) => lines.push(l) === 2 && resolve()));
const url = /listening on (\S+)/.exec(lines[0])[1];
const key = JSON.parse(lines[1]).keys.admin.key;

const mf = new Miniflare({
  modules: true,
  scriptPath: path.join(out, "worker.js"),
  modulesRoot: out,
  modulesRules: [{ type: "ESModule", include: ["**/*.js"] }, { type: "CompiledWasm", include: ["**/*.wasm"] }],
  compatibilityDate: "2026-04-01",
  bindings: { ROOT_KEY, SERVER_URL: url, KEY: key },
});
// CPU time (ns) of every thread of the workerd processes this process started, from
// /proc/*/task/*/schedstat (Linux; 0 elsewhere): a per-call cost that unkey-local's latency
// does not blur.
function workerdPids() {
  const pids = [];
  for (const p of readdirSync("/proc")) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      if (stat.split(") ")[1].split(" ")[1] === String(process.pid) && readFileSync(`/proc/${p}/comm`, "utf8").trim() === "workerd") pids.push(p);
    } catch {}
  }
  return pids;
}
function cpuNs(pids) {
  let ns = 0;
  for (const p of pids) {
    try {
      for (const t of readdirSync(`/proc/${p}/task`)) ns += Number(readFileSync(`/proc/${p}/task/${t}/schedstat`, "utf8").split(" ")[0]);
    } catch {}
  }
  return ns;
}
try {
  const call = async (c, n) => {
    const res = await (await mf.dispatchFetch(`http://variants/?c=${encodeURIComponent(c)}&n=${n}`)).json();
    if (res.valid !== n) throw new Error(`${c}: ${JSON.stringify(res)}`);
  };
  for (const c of NAMES) await call(c, 200);
  const pids = existsSync("/proc/self/task") ? workerdPids() : [];
  const us = Object.fromEntries(NAMES.map((c) => [c, []]));
  const cpu = Object.fromEntries(NAMES.map((c) => [c, 0]));
  // A fresh order each round (seeded, so runs are repeatable): with a fixed rotation each
  // variant always ran right after the same one and inherited its garbage and timers, which
  // moved A/B pairs by 1–3 points.
  let seed = 0x2545f491;
  const rand = (n) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const order = [...NAMES];
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = rand(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const c of order) {
      const c0 = cpuNs(pids);
      const t0 = performance.now();
      await call(c, CALLS);
      us[c].push(((performance.now() - t0) * 1000) / CALLS);
      cpu[c] += cpuNs(pids) - c0;
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const base = us[NAMES[0]];
  console.log(`${new Date().toISOString()}, load ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}; ${ROUNDS} rounds × ${CALLS} calls\n`);
  const cpuUs = (c) => cpu[c] / 1000 / (ROUNDS * CALLS);
  console.log(`| variant | µs/call | × ${NAMES[0]} (median of per-round ratios) | workerd CPU µs/call |\n|---|---:|---:|---:|`);
  for (const c of NAMES) console.log(`| ${c} | ${median(us[c]).toFixed(0)} | ${median(us[c].map((x, i) => x / base[i])).toFixed(3)}× | ${pids.length ? cpuUs(c).toFixed(1) : "–"} |`);
} finally {
  await mf.dispose();
  server.kill("SIGTERM");
}
