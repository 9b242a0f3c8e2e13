// Client benchmark: unkey-edge's npm package side by side with @unkey/api 2.5.1 and a
// hand-written raw-fetch client, in one run, against a real unkey-local (release build, started
// and stopped here, seeded with --seed). Results in BENCHMARKS.md, "Client (unkey-edge vs @unkey/api)".
//
//   node bench/client/run.mjs [--cold 15] [--boots 9] [--calls 2000] [--rounds 5]
//                             [--wcalls 300] [--wrounds 41] [--out FILE.json] [--keep] [--pkg DIR]
//
// Needs pkg/ (`make pkg`). unkey-edge is measured as a user gets it: `npm pack pkg/` unpacked
// into a scratch node_modules. Sections:
//   1. sizes: pkg/ files; each Worker bundled by esbuild as wrangler does (--bundle --minify
//      --format=esm, conditions workerd/worker/browser; .wasm kept as a separate module and
//      counted as the bytes wrangler uploads), plus wrangler's own `deploy --dry-run` totals;
//   2. cold start: Node (fresh processes, import + constructor; hyperfine of the whole process)
//      and workerd (Miniflare boot of the wrangler-built Worker: ready, then first request);
//   3. per-call overhead of sequential verifyKey calls inside workerd (N calls in one request,
//      many short rounds interleaved, since workerd's wall time per round swings ±10% on a
//      shared machine; plus workerd/unkey-local CPU from /proc, summed over the rounds because
//      /proc counts in 10 ms ticks) and in Node (each round one
//      fresh process holding every client, blocks of 100 calls in rotating order); and the
//      clients' own CPU per call with the network taken away (fetch answered in-process).
// Ratios are medians of per-round ratios to raw fetch, so load drift on a shared machine hits
// both sides alike. Nothing here asserts on timings.
import { execFileSync, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync, brotliCompressSync, constants as zc } from "node:zlib";
import * as esbuild from "esbuild";
import { Miniflare } from "miniflare";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const ROOT_KEY = "unkey_clientbench_root_0001";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const COLD = Number(arg("cold", 15));
const BOOTS = Number(arg("boots", 9));
const CALLS = Number(arg("calls", 2000));
const ROUNDS = Number(arg("rounds", 5));
const WCALLS = Number(arg("wcalls", 300));
const WROUNDS = Number(arg("wrounds", 41));
const OUT = arg("out", null);
// Another build of the package to measure (default: pkg/).
const PKG = path.resolve(arg("pkg", path.join(ROOT, "pkg")));
const KEEP = process.argv.includes("--keep");

const log = (...a) => console.error(...a);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");
const gz = (b) => gzipSync(b, { level: 9 }).length;
const br = (b) => brotliCompressSync(b, { params: { [zc.BROTLI_PARAM_QUALITY]: 11 } }).length;
const rotate = (xs, r) => xs.map((_, i) => xs[(i + r) % xs.length]);
const ver = (p) => JSON.parse(readFileSync(path.join(ROOT, "node_modules", p, "package.json"), "utf8")).version;

if (!existsSync(path.join(PKG, "package.json"))) throw new Error(`${PKG}/package.json missing: run \`make pkg\` first`);

const result = {
  date: new Date().toISOString(),
  machine: {
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}`,
    node: process.version,
    loadavgStart: load(),
  },
  versions: {
    "unkey-edge": JSON.parse(readFileSync(path.join(PKG, "package.json"), "utf8")).version,
    "@unkey/api": ver("@unkey/api"),
    esbuild: ver("esbuild"),
    wrangler: ver("wrangler"),
    miniflare: ver("miniflare"),
  },
  settings: { COLD, BOOTS, CALLS, ROUNDS, WCALLS, WROUNDS },
};

// ---- scratch directory: the packed package installed as a user would get it ----
const WORK = mkdtempSync(path.join(os.tmpdir(), "unkey-edge-clientbench-"));
const SRC = path.join(WORK, "src");
{
  const nm = path.join(WORK, "node_modules");
  mkdirSync(path.join(nm, "unkey-edge"), { recursive: true });
  const tgz = execFileSync("npm", ["pack", PKG, "--silent", "--pack-destination", WORK], { encoding: "utf8" })
    .trim()
    .split("\n")
    .pop();
  execFileSync("tar", ["xzf", path.join(WORK, tgz), "-C", path.join(nm, "unkey-edge"), "--strip-components=1"]);
  // @unkey/api (and, through its real path, zod) from the repository's node_modules.
  symlinkSync(path.join(ROOT, "node_modules/@unkey"), path.join(nm, "@unkey"));
  mkdirSync(SRC);
  for (const d of ["workers", "node"]) cpSync(path.join(HERE, d), SRC, { recursive: true });
  writeFileSync(path.join(SRC, "package.json"), '{ "type": "module", "private": true }\n');
}

// ---- unkey-local (release), seeded ----
function unkeyLocalBin() {
  if (process.env.UNKEY_LOCAL_BIN) return process.env.UNKEY_LOCAL_BIN;
  const bin = path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, "target"), "release/unkey-local");
  if (!existsSync(bin)) {
    log("building unkey-local (release)…");
    execFileSync("cargo", ["build", "-q", "--release", "-p", "unkey-local"], { cwd: ROOT, stdio: "inherit" });
  }
  return bin;
}

async function startUnkeyLocal() {
  const child = spawn(unkeyLocalBin(), ["--listen", "127.0.0.1:0", "--root-key", ROOT_KEY, "--seed"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = [];
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("unkey-local did not start")), 30000);
    child.once("exit", (code) => reject(new Error(`unkey-local exited with ${code}`)));
    createInterface({ input: child.stdout }).on("line", (l) => {
      lines.push(l);
      if (lines.length === 2) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const url = /^unkey-local listening on (http:\/\/\S+)/.exec(lines[0])?.[1];
  if (!url) throw new Error(`unexpected first line: ${lines[0]}`);
  return {
    url,
    pid: child.pid,
    // `admin`: no rate limit, no credits, so every call verifies VALID.
    key: JSON.parse(lines[1]).keys.admin.key,
    stop: () =>
      new Promise((r) => {
        if (child.exitCode !== null) return r();
        child.once("exit", () => r());
        child.kill("SIGTERM");
      }),
  };
}

// ---- 1. sizes ----
function pkgFiles() {
  const rows = [];
  const walk = (dir) => {
    for (const f of readdirSync(dir).sort()) {
      const p = path.join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const b = readFileSync(p);
        rows.push({ file: path.relative(PKG, p), raw: b.length, gzip: gz(b), brotli: br(b) });
      }
    }
  };
  walk(PKG);
  return rows;
}

const WORKERS = [
  { id: "raw", name: "raw fetch (hand-written)", src: "raw.js", flags: [], conditions: ["workerd", "worker", "browser"] },
  { id: "edge", name: "unkey-edge `Unkey`", src: "edge.js", flags: [], conditions: ["workerd", "worker", "browser"] },
  {
    id: "edge-inline",
    name: "unkey-edge, `browser` entry (wasm inlined as base64; not what wrangler picks)",
    src: "edge.js",
    flags: [],
    conditions: ["browser"],
    sizeOnly: true,
  },
  { id: "api", name: "@unkey/api `Unkey`", src: "api.js", flags: ["nodejs_compat"], conditions: ["workerd", "worker", "browser"] },
  {
    id: "raw-deadline",
    name: "raw fetch + a 5 s deadline (controller + timer per call, as unkey-edge in Workers; diagnostic)",
    src: "raw-deadline.js",
    flags: [],
    conditions: ["workerd", "worker", "browser"],
    callsOnly: true,
  },
  {
    id: "edge-notimeout",
    name: "unkey-edge `Unkey`, `timeoutMs: 0` (diagnostic: no deadline)",
    src: "edge-notimeout.js",
    flags: [],
    conditions: ["workerd", "worker", "browser"],
    callsOnly: true,
  },
  {
    id: "nonet",
    name: "no-network driver (every client, fetch answered in-process)",
    src: "nonet.js",
    flags: ["nodejs_compat"],
    conditions: ["workerd", "worker", "browser"],
    callsOnly: true,
  },
  {
    id: "api-core",
    name: "@unkey/api `UnkeyCore` + `keysVerifyKey`",
    src: "api-core.js",
    flags: ["nodejs_compat"],
    conditions: ["workerd", "worker", "browser"],
  },
];

async function esbuildSize(w) {
  const wasm = [];
  const out = await esbuild.build({
    entryPoints: [path.join(SRC, w.src)],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    conditions: w.conditions,
    // As wrangler leaves it: the runtime's own module (unkey-edge's workerd entry reads `env` there).
    external: ["cloudflare:*"],
    write: false,
    logLevel: "silent",
    plugins: [
      {
        // wrangler uploads each imported .wasm as its own module: keep it out of the JS.
        name: "wasm-module",
        setup(b) {
          b.onResolve({ filter: /\.wasm$/ }, (a) => {
            wasm.push(path.resolve(a.resolveDir, a.path));
            return { path: a.path, external: true };
          });
        },
      },
    ],
  });
  const js = out.outputFiles[0].contents;
  const w8 = wasm.map((p) => readFileSync(p));
  const sum = (f) => w8.reduce((a, b) => a + f(b), 0);
  return {
    js: { min: js.length, gzip: gz(js), brotli: br(js) },
    wasm: { files: wasm.map((p) => path.basename(p)), raw: sum((b) => b.length), gzip: sum(gz), brotli: sum(br) },
  };
}

// `wrangler deploy --dry-run` of the Worker (minify on): its bundle is what runs in workerd
// below, and its "Total Upload … / gzip …" line is wrangler's own count.
function wranglerBuild(w) {
  const dir = path.join(WORK, `wrangler-${w.id}`);
  mkdirSync(dir);
  const config = path.join(dir, "wrangler.toml");
  writeFileSync(
    config,
    [
      `name = "clientbench-${w.id}"`,
      `main = "${path.join(SRC, w.src)}"`,
      `compatibility_date = "2026-04-01"`,
      `compatibility_flags = ${JSON.stringify(w.flags)}`,
      `minify = true`,
      "",
    ].join("\n"),
  );
  const out = path.join(dir, "out");
  const text = execFileSync(
    path.join(ROOT, "node_modules/.bin/wrangler"),
    ["deploy", "--dry-run", "--outdir", out, "--config", config],
    { cwd: WORK, encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const m = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(text);
  return { out, script: path.join(out, w.src), upload: m ? { kib: Number(m[1]), gzipKib: Number(m[2]) } : null };
}

// ---- 2./3. workerd via Miniflare ----
function miniflare(w, unkey) {
  return new Miniflare({
    modules: true,
    scriptPath: w.build.script,
    modulesRoot: w.build.out,
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: "2026-04-01",
    compatibilityFlags: w.flags,
    bindings: { ROOT_KEY, SERVER_URL: unkey.url, KEY: unkey.key },
  });
}

// CPU time (µs) of a process and its threads, from /proc (Linux); null elsewhere.
function cpuUs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1e6) / 100; // utime + stime, in USER_HZ = 100
  } catch {
    return null;
  }
}

// The workerd processes this process started (Miniflare spawns one per instance).
function workerdChildren() {
  try {
    return readdirSync("/proc")
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          const stat = readFileSync(`/proc/${p}/stat`, "utf8");
          return stat.split(") ")[1].split(" ")[1] === String(process.pid) && readFileSync(`/proc/${p}/comm`, "utf8").trim() === "workerd";
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

async function loop(mf, n) {
  const res = await mf.dispatchFetch(`http://bench.local/?n=${n}`);
  const j = await res.json();
  if (j.valid !== n) throw new Error(`worker answered ${JSON.stringify(j)}`);
  return j;
}

// ---- run ----
const unkey = await startUnkeyLocal();
log(`unkey-local ${unkey.url}; scratch ${WORK}; load ${load()}`);
try {
  // 1. sizes
  result.pkg = pkgFiles();
  for (const w of WORKERS) {
    w.size = await esbuildSize(w);
    if (w.callsOnly) {
      w.build = wranglerBuild(w);
      continue;
    }
    if (!w.sizeOnly) w.build = wranglerBuild(w);
    log(`size ${w.id}: js ${w.size.js.min} B (gzip ${w.size.js.gzip}), wasm ${w.size.wasm.raw} B; wrangler ${JSON.stringify(w.build?.upload)}`);
  }
  result.bundles = WORKERS.filter((w) => !w.callsOnly).map((w) => ({ id: w.id, name: w.name, ...w.size, wrangler: w.build?.upload ?? null }));
  const live = WORKERS.filter((w) => !w.sizeOnly && !w.callsOnly && w.id !== "api-core");
  const byId = (id) => WORKERS.find((w) => w.id === id);
  const perCall = [live[0], byId("raw-deadline"), live[1], byId("edge-notimeout"), ...live.slice(2)];
  const NONET = ["raw", "raw+timeout", "unkey-edge", "unkey-edge timeoutMs:0", "@unkey/api"];

  // 2a. Node cold start: fresh processes, interleaved.
  const NODE_COLD = ["raw", "unkey-edge", "@unkey/api", "@unkey/api core"];
  const cold = Object.fromEntries(NODE_COLD.map((c) => [c, []]));
  result.loadavgCold = load();
  for (let i = 0; i < COLD; i++) {
    for (const c of rotate(NODE_COLD, i)) {
      cold[c].push(JSON.parse(execFileSync("node", ["cold.mjs", c], { cwd: SRC, encoding: "utf8" })));
    }
  }
  const hfJson = path.join(WORK, "hyperfine.json");
  execFileSync(
    "hyperfine",
    ["-N", "--warmup", "2", "--runs", String(COLD), "--export-json", hfJson, "node -e 0", ...NODE_COLD.map((c) => `node cold.mjs '${c}'`)],
    { cwd: SRC, stdio: ["ignore", "ignore", "inherit"] },
  );
  const hf = JSON.parse(readFileSync(hfJson, "utf8")).results;
  result.nodeCold = [
    { client: "node with nothing (`node -e 0`)", process: { mean: hf[0].mean * 1000, median: hf[0].median * 1000 } },
    ...NODE_COLD.map((c, i) => ({
      client: c,
      import: median(cold[c].map((x) => x.import)),
      ctor: median(cold[c].map((x) => x.ctor)),
      total: median(cold[c].map((x) => x.import + x.ctor)),
      process: { mean: hf[i + 1].mean * 1000, median: hf[i + 1].median * 1000 },
    })),
  ];
  log("node cold", JSON.stringify(result.nodeCold));

  // 2b. workerd boot: new Miniflare → ready → first request (one verifyKey), interleaved.
  const boots = Object.fromEntries(live.map((w) => [w.id, []]));
  result.loadavgBoot = load();
  for (let i = 0; i < BOOTS; i++) {
    for (const w of rotate(live, i)) {
      const before = new Set(workerdChildren());
      const t0 = performance.now();
      const mf = miniflare(w, unkey);
      try {
        await mf.ready;
        const t1 = performance.now();
        await loop(mf, 1);
        const t2 = performance.now();
        // CPU the workerd process used to start, load the Worker and answer: load-independent.
        const pid = workerdChildren().find((p) => !before.has(p));
        const cpu = pid === undefined ? null : cpuUs(pid);
        boots[w.id].push({ ready: t1 - t0, first: t2 - t1, cpu: cpu === null ? null : cpu / 1000 });
      } finally {
        await mf.dispose();
      }
    }
  }
  result.workerdBoot = live.map((w) => ({
    id: w.id,
    // Median of the per-iteration differences to raw (boots of one iteration run back to back).
    delta: median(boots[w.id].map((b, i) => b.ready + b.first - (boots.raw[i].ready + boots.raw[i].first))),
    name: w.name,
    ready: median(boots[w.id].map((b) => b.ready)),
    first: median(boots[w.id].map((b) => b.first)),
    total: median(boots[w.id].map((b) => b.ready + b.first)),
    readyAll: boots[w.id].map((b) => Math.round(b.ready)),
    cpu: boots[w.id].every((b) => b.cpu !== null) ? median(boots[w.id].map((b) => b.cpu)) : null,
  }));
  log("workerd boot", JSON.stringify(result.workerdBoot));

  // 3a. per call inside workerd: WCALLS sequential calls in one request, rounds interleaved.
  result.loadavgWorkerd = load();
  const mfs = [];
  try {
    for (const w of perCall) {
      const before = new Set(workerdChildren());
      const m = { w, mf: miniflare(w, unkey), us: [], cpu: [], server: [] };
      mfs.push(m);
      await m.mf.ready;
      m.pid = workerdChildren().find((p) => !before.has(p));
    }
    for (const m of mfs) await loop(m.mf, 200); // warm-up
    for (let r = 0; r < WROUNDS; r++) {
      for (const m of rotate(mfs, r)) {
        const c0 = cpuUs(m.pid);
        const s0 = cpuUs(unkey.pid);
        m.us.push(((await loop(m.mf, WCALLS)).ms * 1000) / WCALLS);
        if (c0 !== null) m.cpu.push((cpuUs(m.pid) - c0) / WCALLS);
        if (s0 !== null) m.server.push((cpuUs(unkey.pid) - s0) / WCALLS);
      }
    }
  } finally {
    await Promise.all(mfs.map((m) => m.mf.dispose()));
  }
  const rawM = mfs.find((m) => m.w.id === "raw");
  const deadlineM = mfs.find((m) => m.w.id === "raw-deadline");
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  result.workerdCalls = mfs.map((m) => ({
    id: m.w.id,
    // Median of the per-round ratios to raw's run of the same round.
    ratio: median(m.us.map((x, i) => x / rawM.us[i])),
    // The same against raw fetch with unkey-edge's deadline (deadline against deadline).
    ratioDeadline: deadlineM ? median(m.us.map((x, i) => x / deadlineM.us[i])) : null,
    cpuRatio: m.cpu.length ? mean(m.cpu) / mean(rawM.cpu) : null,
    name: m.w.name,
    us: median(m.us),
    rounds: m.us.map(Math.round),
    // CPU of the whole workerd process (isolate + its HTTP stack) and of unkey-local per call,
    // over all rounds.
    cpu: m.cpu.length ? mean(m.cpu) : null,
    server: m.server.length ? mean(m.server) : null,
  }));
  log("workerd per call", JSON.stringify(result.workerdCalls));

  // 3c. client CPU with the network taken away (fetch answered in-process): the library's own
  // work per call. Node: blocks of 1000 calls per client, rotating, in one process per round.
  // workerd: NONET_CALLS calls of one client per request, timed from Node minus an empty request.
  const NONET_CALLS = 10000;
  result.loadavgNonet = load();
  const nonetNode = Object.fromEntries(NONET.map((c) => [c, []]));
  for (let r = 0; r < 3; r++) {
    const out = JSON.parse(
      execFileSync("node", ["nonet.mjs", String(NONET_CALLS), "1000", ...rotate(NONET, r)], { cwd: SRC, encoding: "utf8" }),
    );
    for (const c of NONET) nonetNode[c].push(out[c]);
  }
  const nonetW = Object.fromEntries(NONET.map((c) => [c, []]));
  {
    const mf = miniflare(WORKERS.find((w) => w.id === "nonet"), unkey);
    try {
      const req = async (c, n) => {
        const t0 = performance.now();
        const res = await mf.dispatchFetch(`http://bench.local/?c=${encodeURIComponent(c)}&n=${n}`);
        if ((await res.text()) !== "ok") throw new Error(`nonet ${c} failed`);
        return performance.now() - t0;
      };
      for (const c of NONET) await req(c, 2000);
      for (let r = 0; r < 5; r++) {
        for (const c of rotate(NONET, r)) {
          const empty = await req(c, 0);
          nonetW[c].push(((await req(c, NONET_CALLS / 4)) - empty) * 1000 / (NONET_CALLS / 4));
        }
      }
    } finally {
      await mf.dispose();
    }
  }
  result.nonet = NONET.map((c) => ({
    client: c,
    node: median(nonetNode[c]),
    workerd: median(nonetW[c]),
    nodeRatio: median(nonetNode[c].map((x, i) => x / nonetNode.raw[i])),
    workerdRatio: median(nonetW[c].map((x, i) => x / nonetW.raw[i])),
  }));
  log("no network", JSON.stringify(result.nonet));

  // 3b. per call in Node: each round is one fresh process holding every client, run in blocks
  // of 100 calls in rotating order (fine interleaving: load drift hits every client alike).
  const NODE_CALL = ["raw", "raw+timeout", "unkey-edge", "unkey-edge timeoutMs:0", "@unkey/api"];
  const calls = Object.fromEntries(NODE_CALL.map((c) => [c, []]));
  result.loadavgNode = load();
  for (let r = 0; r < ROUNDS; r++) {
    const out = execFileSync(
      "node",
      ["percall.mjs", unkey.url, ROOT_KEY, unkey.key, String(CALLS), "100", "200", ...rotate(NODE_CALL, r)],
      { cwd: SRC, encoding: "utf8" },
    );
    const round = JSON.parse(out);
    for (const c of NODE_CALL) calls[c].push(round[c]);
    log(`node round ${r + 1}: ${NODE_CALL.map((c) => `${c} ${round[c].us.toFixed(0)} µs`).join(", ")}`);
  }
  result.nodeCalls = NODE_CALL.map((c) => ({
    client: c,
    us: median(calls[c].map((x) => x.us)),
    cpu: median(calls[c].map((x) => x.cpu)),
    rounds: calls[c].map((x) => Math.round(x.us)),
    // Paired with raw's run of the same round (same process).
    ratioRounds: calls[c].map((x, i) => +(x.us / calls.raw[i].us).toFixed(2)),
    ratio: median(calls[c].map((x, i) => x.us / calls.raw[i].us)),
    cpuRatio: median(calls[c].map((x, i) => x.cpu / calls.raw[i].cpu)),
  }));
  result.loadavgEnd = load();
} finally {
  await unkey.stop();
  if (!KEEP) rmSync(WORK, { recursive: true, force: true });
}

// ---- report ----
const f0 = (x) => Math.round(x).toLocaleString("en-US");
const f1 = (x) => x.toFixed(1);
const kb = (b) => (b / 1024).toFixed(1);
const md = [];
md.push(`Date ${result.date}; ${result.machine.cpus}; Node ${result.machine.node}; load average (1/5/15 min) at start ${result.machine.loadavgStart}, end ${result.loadavgEnd}.`);
md.push(`Versions: ${Object.entries(result.versions).map(([k, v]) => `${k} ${v}`).join(", ")}.`, "");

md.push("**Worker bundles** (esbuild `--bundle --minify --format=esm`, conditions workerd/worker/browser; bytes):", "");
md.push("| Worker | JS min | JS gzip | JS brotli | wasm | wasm gzip | wasm brotli | total min | **total gzip** | total brotli | wrangler dry-run upload / gzip |");
md.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const b of result.bundles) {
  const t = (k1, k2) => b.js[k1] + b.wasm[k2];
  md.push(
    `| ${b.name} | ${f0(b.js.min)} | ${f0(b.js.gzip)} | ${f0(b.js.brotli)} | ${f0(b.wasm.raw)} | ${f0(b.wasm.gzip)} | ${f0(b.wasm.brotli)} | ${f0(t("min", "raw"))} | **${f0(t("gzip", "gzip"))}** | ${f0(t("brotli", "brotli"))} | ${b.wrangler ? `${b.wrangler.kib} / ${b.wrangler.gzipKib} KiB` : "–"} |`,
  );
}
md.push("", "**pkg/ files** (bytes):", "", "| file | raw | gzip -9 | brotli |", "|---|---:|---:|---:|");
for (const p of result.pkg) md.push(`| ${p.file} | ${f0(p.raw)} | ${f0(p.gzip)} | ${f0(p.brotli)} |`);
const tot = result.pkg.reduce((a, p) => ({ raw: a.raw + p.raw, gzip: a.gzip + p.gzip }), { raw: 0, gzip: 0 });
md.push(`| **all** | ${f0(tot.raw)} | ${f0(tot.gzip)} | |`, "");

md.push(`**Node cold start** (median of ${COLD} fresh processes, interleaved; hyperfine \`-N --warmup 2 --runs ${COLD}\` for the whole process; ms):`, "");
md.push("| client | `await import()` | constructor | import + ctor | whole process (hyperfine mean / median) |", "|---|---:|---:|---:|---:|");
for (const c of result.nodeCold) {
  md.push(
    `| ${c.client} | ${c.import === undefined ? "–" : f1(c.import)} | ${c.ctor === undefined ? "–" : c.ctor.toFixed(2)} | ${c.total === undefined ? "–" : f1(c.total)} | ${f1(c.process.mean)} / ${f1(c.process.median)} |`,
  );
}
md.push("", `**workerd boot** (Miniflare ${result.versions.miniflare}, the wrangler-built Worker; median of ${BOOTS}, interleaved; ms):`, "");
md.push("| Worker | new Miniflare → ready | first request (ctor + 1 verifyKey) | total | − raw (median of paired differences) | workerd process CPU until answered | ready, every boot |", "|---|---:|---:|---:|---:|---:|---|");
for (const b of result.workerdBoot) {
  md.push(`| ${b.name} | ${f1(b.ready)} | ${f1(b.first)} | ${f1(b.total)} | ${b.id === "raw" ? "–" : `${b.delta >= 0 ? "+" : ""}${f1(b.delta)}`} | ${b.cpu === null ? "–" : f0(b.cpu)} | ${b.readyAll.join(", ")} |`);
}
md.push("", `**Per call inside workerd** (${WCALLS} sequential verifyKey in one request, median of ${WROUNDS} interleaved rounds; × raw = median of the per-round ratios; CPU from /proc of the workerd and unkey-local processes, over all rounds):`, "");
md.push("| Worker | µs/call | × raw | × raw + deadline | rounds, min–max µs/call | workerd CPU µs/call | CPU × raw | unkey-local CPU µs/call |", "|---|---:|---:|---:|---|---:|---:|---:|");
const opt = (x, f = f0) => (x === null ? "–" : f(x));
for (const c of result.workerdCalls) {
  md.push(
    `| ${c.name} | ${f0(c.us)} | ${c.ratio.toFixed(2)}× | ${c.ratioDeadline === null ? "–" : c.ratioDeadline.toFixed(2) + "×"} | ${Math.min(...c.rounds)}–${Math.max(...c.rounds)} | ${opt(c.cpu)} | ${c.cpuRatio === null ? "–" : c.cpuRatio.toFixed(2) + "×"} | ${opt(c.server)} |`,
  );
}
md.push(
  "",
  `**Per call in Node** (${CALLS} sequential verifyKey per client and round after 200 warm-up; each round one fresh process with every client, in blocks of 100 calls, rotating order; median of ${ROUNDS} rounds; × raw = median of the per-round ratios):`,
  "",
);
md.push("| client | µs/call | × raw | client CPU µs/call | CPU × raw | µs/call per round | × raw per round |", "|---|---:|---:|---:|---:|---|---|");
for (const c of result.nodeCalls) {
  md.push(
    `| ${c.client} | ${f0(c.us)} | ${c.ratio.toFixed(2)}× | ${f0(c.cpu)} | ${c.cpuRatio.toFixed(2)}× | ${c.rounds.join(", ")} | ${c.ratioRounds.join(", ")} |`,
  );
}
md.push(
  "",
  "**Client CPU without the network** (the client's `fetch` answers a ready-made envelope in-process, so only the library's own work per call is left; Node: 10,000 calls per client in blocks of 1000, rotating, median of 3 processes; workerd: 2,500 calls per request, timed from Node minus an empty request, median of 5 rounds; × raw = median of per-round ratios; µs/call):",
  "",
);
md.push("| client | Node µs/call | × raw | workerd µs/call | × raw |", "|---|---:|---:|---:|---:|");
for (const c of result.nonet) {
  md.push(`| ${c.client} | ${f1(c.node)} | ${c.nodeRatio.toFixed(1)}× | ${f1(c.workerd)} | ${c.workerdRatio.toFixed(1)}× |`);
}
md.push("", `Load average: cold ${result.loadavgCold}; boot ${result.loadavgBoot}; workerd calls ${result.loadavgWorkerd}; no network ${result.loadavgNonet}; node calls ${result.loadavgNode}.`);
console.log(md.join("\n"));
if (OUT) writeFileSync(OUT, JSON.stringify(result, null, 2) + "\n");
