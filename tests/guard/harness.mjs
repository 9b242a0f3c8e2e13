// Test harness for the guard Workers: a real unkey-local process (its --faults make Unkey slow or
// broken), a recording origin, a closed port for Unkey "down", and the Workers themselves
// running in workerd through Miniflare (the JS Worker bundled by `wrangler deploy --dry-run` exactly as wrangler would
// deploy it; the workers-rs Worker from its worker-build output).
import { spawn, execFileSync } from "node:child_process";
import { createInterface } from "node:readline";
import { mkdtempSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";

export { startOrigin } from "../../examples/guard-worker/origin.mjs";
export { seed } from "../../examples/guard-worker/seed.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const ROOT_KEY = process.env.UNKEY_ROOT_KEY || "unkey_guardtestrootkey000000000001";

// The binary `make` just built: $UNKEY_LOCAL_BIN (make test-guard sets it to the debug build),
// else the debug build, else a release one (make bench-guard builds that).
function unkeyLocalBin() {
  if (process.env.UNKEY_LOCAL_BIN) return process.env.UNKEY_LOCAL_BIN;
  for (const dir of [process.env.CARGO_TARGET_DIR, path.join(ROOT, "target")].filter(Boolean)) {
    for (const profile of ["debug", "release"]) {
      const p = path.join(dir, profile, "unkey-local");
      if (existsSync(p)) return p;
    }
  }
  throw new Error("unkey-local binary not found: build it (cargo build -p unkey-local) or set UNKEY_LOCAL_BIN");
}

/** Start unkey-local on a random port; resolves to { url, stop() }. */
export function startUnkeyLocal(flags = []) {
  const child = spawn(unkeyLocalBin(), ["--listen", "127.0.0.1:0", "--root-key", ROOT_KEY, ...flags], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error("unkey-local did not start")), 30000);
    child.once("exit", (code) => reject(new Error(`unkey-local exited with ${code}`)));
    rl.once("line", (line) => {
      clearTimeout(timer);
      const m = /^unkey-local listening on (http:\/\/\S+)/.exec(line);
      if (!m) return reject(new Error(`unexpected first line: ${line}`));
      rl.on("line", () => {}); // keep draining stdout
      resolve({
        url: m[1],
        stop: () =>
          new Promise((r) => {
            if (child.exitCode !== null) return r();
            child.once("exit", () => r());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}

/** A port nothing listens on: Unkey "down". */
export async function closedPortURL() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const port = server.address().port;
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}`;
}

/** Bundle a Worker with `wrangler deploy --dry-run`, exactly as wrangler would upload it. */
export function bundleWorker(config) {
  const out = mkdtempSync(path.join(tmpdir(), "guard-bundle-"));
  execFileSync(path.join(ROOT, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", out, "--config", config], {
    cwd: ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  // The entry keeps the name of `main` (index.js, api-worker.js…).
  const entry = readdirSync(out).find((f) => f.endsWith(".js"));
  return { dir: out, script: path.join(out, entry) };
}

let jsBundle = null;
/** Bundle the root wrangler.toml Worker with wrangler, once per process. */
export function buildJsWorker() {
  jsBundle ||= bundleWorker(path.join(ROOT, "wrangler.toml"));
  return jsBundle;
}

/** The workers-rs Worker's build output (built by `make worker-rs`). */
export function rustWorker() {
  const dir = path.join(ROOT, "examples/worker-rs/build");
  const script = path.join(dir, "index.js");
  if (!existsSync(script)) throw new Error(`${script} missing: run make worker-rs`);
  return { dir, script, files: readdirSync(dir) };
}

/**
 * Run a built Worker in workerd with these variables (and more Miniflare options, e.g. a
 * `cachePersist` directory two instances share); resolves to { fetch(path, init), dispose() }.
 */
export async function startWorker(bundle, vars, compatibilityFlags = [], more = {}) {
  const mf = new Miniflare({
    ...more,
    modules: true,
    scriptPath: bundle.script,
    modulesRoot: path.dirname(bundle.script),
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: "2026-04-01",
    compatibilityFlags,
    bindings: vars,
  });
  const base = await mf.ready;
  return {
    url: base.href.replace(/\/$/, ""),
    // String concatenation, not new URL(p, base): "//admin" must stay a path.
    fetch: (p, init) => fetch(base.origin + p, { redirect: "manual", ...init }),
    dispose: () => mf.dispose(),
  };
}
