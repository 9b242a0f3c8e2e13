// The migration tests. tests/migration/service.ts, written for @unkey/api, is type-checked with
// `deno check` (strict) and run against a fresh unkey-local, once as it is and once with its
// imports switched to unkey-edge (pkg/). The two runs must print the same lines. And, operation
// by operation, @unkey/api's request types must be accepted by unkey-edge's and unkey-edge's
// response types must be @unkey/api's. And the conformance scenario of tests/conformance/, written
// for @unkey/api, must pass with its imports switched. So must the small programs of programs/,
// and the TypeScript among them and the Workers of workers/ pass `tsc` both ways; the Workers,
// bundled by wrangler, must answer alike in workerd. Run by `make test-migration` (after
// `make pkg`); `UNKEY_LOCAL_BIN` is the server binary.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { transform } from "esbuild";
import { Miniflare } from "miniflare";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const scratch = path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, "target"), "migration");
const rootKey = "unkey_migrationtestrootkey0000001";

/**
 * A fresh unkey-local whose clock stands still, so that the program's rate-limit windows cannot
 * roll over between two of its calls (a roll-over lets the second call through, as the previous
 * window's count is weighted down) and both runs see the same windows.
 */
function startUnkeyLocal(flags = ["--frozen-clock"]) {
  const bin = process.env.UNKEY_LOCAL_BIN || path.join(ROOT, "target/debug/unkey-local");
  const child = spawn(bin, ["--listen", "127.0.0.1:0", "--root-key", rootKey, ...flags], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`unkey-local exited with ${code}`)));
    createInterface({ input: child.stdout }).once("line", (line) => {
      const m = /^unkey-local listening on (http:\/\/\S+)/.exec(line);
      if (!m) return reject(new Error(line));
      resolve({
        url: m[1],
        stop: () => {
          child.removeAllListeners("exit");
          const exited = new Promise((r) => child.once("exit", r));
          child.kill("SIGTERM");
          return exited;
        },
      });
    });
  });
}

/** The program as a user has it after changing the imports. */
function switched(source) {
  return source.replaceAll('from "@unkey/api', 'from "unkey-edge');
}

/** A project with both packages installed: @unkey/api from the repository, unkey-edge from pkg/.
 * Made once; each test writes files of its own names into it. */
before(() => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(path.join(scratch, "node_modules/@unkey"), { recursive: true });
  symlinkSync(path.join(ROOT, "node_modules/@unkey/api"), path.join(scratch, "node_modules/@unkey/api"));
  symlinkSync(path.join(ROOT, "node_modules/zod"), path.join(scratch, "node_modules/zod"));
  cpSync(path.join(ROOT, "pkg"), path.join(scratch, "node_modules/unkey-edge"), { recursive: true, dereference: true });
  // The Workers' types, for tsc, and Hono, which one of them is written with (the Workers below).
  mkdirSync(path.join(scratch, "node_modules/@cloudflare"));
  symlinkSync(path.join(ROOT, "node_modules/@cloudflare/workers-types"), path.join(scratch, "node_modules/@cloudflare/workers-types"));
  symlinkSync(path.join(ROOT, "node_modules/hono"), path.join(scratch, "node_modules/hono"));
  writeFileSync(path.join(scratch, "package.json"), '{ "private": true, "type": "module" }\n');
});

/** `deno check` of one file of the scratch project, strict. */
function denoCheck(file) {
  execFileSync("deno", ["check", file], { cwd: scratch, stdio: "inherit", env: { ...process.env, NO_COLOR: "1" } });
}

test("@unkey/api's request types are accepted by unkey-edge's, and unkey-edge's responses and pages are theirs", () => {
  // For each operation of unkey-edge (its components.d.ts names the bodies as @unkey/api does):
  // a function from @unkey/api's request type to ours, which type-checks only if every request
  // a program can build for @unkey/api is one unkey-edge accepts; and one from our response
  // types to theirs, which type-checks only if every field a program reads of @unkey/api's
  // answer is in ours with a type it accepts. Their open enums carry a brand for unknown values
  // (`Unrecognized<string>`) that no other type has; `Unbrand` reads it as the plain string.
  const ours = readFileSync(path.join(ROOT, "pkg/components.d.ts"), "utf8");
  const names = [...ours.matchAll(/^export type (V2\w+(?:RequestBody|ResponseBody|ResponseData)) =/gm)].map((m) => m[1]);
  const theirsDir = path.join(ROOT, "node_modules/@unkey/api/dist/esm/models/components");
  const theirs = new Set();
  for (const f of readdirSync(theirsDir).filter((f) => f.endsWith(".d.ts"))) {
    for (const m of readFileSync(path.join(theirsDir, f), "utf8").matchAll(/^export type (\w+) =/gm)) theirs.add(m[1]);
  }
  const shared = names.filter((n) => theirs.has(n));
  const requests = shared.filter((n) => n.endsWith("RequestBody"));
  assert.ok(requests.length >= 40 && shared.length - requests.length >= 50, `${requests.length} request and ${shared.length - requests.length} response types in common`);
  // The shared models (`KeyResponseData`, `RatelimitRequest`, `Code`, …), in requests and
  // answers alike: held both ways.
  const models = [...ours.matchAll(/^export type (\w+) =/gm)].map((m) => m[1]).filter((n) => theirs.has(n) && !names.includes(n));
  assert.ok(models.length >= 25, `${models.length} shared models`);
  const lines = [
    'import type * as theirs from "@unkey/api/models/components";',
    'import type * as ours from "unkey-edge/models/components";',
    'import type { Unrecognized } from "@unkey/api/types";',
    "type Unbrand<T> = T extends Unrecognized<infer U> ? U : T extends object ? { [K in keyof T]: Unbrand<T[K]> } : T;",
    // A response the other way too: a test's fixture or mock typed as @unkey/api's answer
    // (`{ meta, data, pagination }` for a list) must be one of ours.
    ...shared.map((n) =>
      n.endsWith("RequestBody")
        ? `export const ${n} = (r: theirs.${n}): ours.${n} => r;`
        : `export const ${n} = (r: ours.${n}): Unbrand<theirs.${n}> => r;\nexport const ${n}Fixture = (r: theirs.${n}): ours.${n} => r;`,
    ),
  ];
  for (const n of models) lines.push(`export const ${n}In = (r: theirs.${n}): ours.${n} => r;`, `export const ${n}Out = (r: ours.${n}): Unbrand<theirs.${n}> => r;`);
  // models/operations: the list pages and other `{ result }` answers, ours to theirs.
  const pages = [...readFileSync(path.join(ROOT, "pkg/operations.d.ts"), "utf8").matchAll(/^export type (\w+Response) =/gm)].map((m) => m[1]);
  assert.ok(pages.length >= 5, `${pages.length} page types`);
  lines.splice(2, 0, 'import type * as theirOps from "@unkey/api/models/operations";', 'import type * as ourOps from "unkey-edge/models/operations";');
  // (Their portal.createSession and exchangeCode answers also have `headers`, which unkey-edge
  // does not keep: README, "Migrating from @unkey/api".)
  for (const n of pages) lines.push(`export const ${n} = (r: ourOps.${n}): Omit<Unbrand<theirOps.${n}>, "headers"> => r;`, `export const ${n}Fixture = (r: theirOps.${n}): ourOps.${n} => r;`);
  writeFileSync(path.join(scratch, "types.ts"), lines.join("\n") + "\n");
  denoCheck("types.ts");
});

test("a program written for @unkey/api type-checks and prints the same with unkey-edge", async () => {
  const source = readFileSync(path.join(ROOT, "tests/migration/service.ts"), "utf8");
  const variants = { "unkey-api": source, "unkey-edge": switched(source) };
  assert.notEqual(variants["unkey-edge"], source, "the imports were switched");
  const outputs = {};
  for (const [name, code] of Object.entries(variants)) {
    const ts = path.join(scratch, `service-${name}.ts`);
    writeFileSync(ts, code);
    // Strict type check against the package's own declarations.
    denoCheck(path.basename(ts));
    const js = path.join(scratch, `service-${name}.mjs`);
    writeFileSync(js, (await transform(code, { loader: "ts", format: "esm" })).code);
    const server = await startUnkeyLocal();
    try {
      const lines = [];
      const { main } = await import(pathToFileURL(js).href);
      await main(server.url, rootKey, (l) => lines.push(l));
      outputs[name] = lines;
    } finally {
      server.stop();
    }
  }
  console.log(outputs["unkey-edge"].join("\n"));
  assert.ok(outputs["unkey-api"].length >= 18);
  assert.deepEqual(outputs["unkey-edge"], outputs["unkey-api"]);
});

test("the conformance scenario, written for @unkey/api, passes unchanged with unkey-edge's imports", () => {
  // tests/conformance/unkey-api.test.mjs drives every operation through @unkey/api; here it runs
  // with its imports switched, against a server of its own (UNKEY_LOCAL_BIN).
  const source = readFileSync(path.join(ROOT, "tests/conformance/unkey-api.test.mjs"), "utf8");
  const edge = switched(source);
  assert.notEqual(edge, source, "the imports were switched");
  writeFileSync(path.join(scratch, "conformance-edge.test.mjs"), edge);
  // Absolute: the scenario runs in the scratch directory (make passes a relative path).
  const bin = path.resolve(process.env.UNKEY_LOCAL_BIN || path.join(ROOT, "target/debug/unkey-local"));
  // Without the runner's NODE_TEST_CONTEXT, which makes a nested `node --test` skip its files.
  const { NODE_TEST_CONTEXT, ...env } = process.env;
  let out;
  try {
    out = execFileSync(process.execPath, ["--test", "--test-timeout=120000", "--test-reporter=tap", "conformance-edge.test.mjs"], {
      cwd: scratch,
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...env, UNKEY_LOCAL_BIN: bin },
    }).toString();
  } catch (e) {
    // The scenario's own report says which step failed.
    assert.fail(`the conformance scenario failed:\n${e.stdout?.toString() ?? e}`);
  }
  console.log(out);
  const passed = Number(/^# pass (\d+)$/m.exec(out)?.[1]);
  assert.ok(passed >= 10, `${passed} conformance tests passed`);
});

/**
 * What a program printed, with what differs from run to run (ids, keys, times, ports) numbered
 * in order of appearance, so two runs against fresh servers compare equal.
 */
function masked(text) {
  const seen = new Map();
  const counts = {};
  const number = (m, kind) => {
    if (!seen.has(m)) seen.set(m, `${kind}_<${(counts[kind] = (counts[kind] ?? 0) + 1)}>`);
    return seen.get(m);
  };
  return text
    .replace(/\b(req|key|api|id|perm|role|rl|rlo|ns|ovr|idt|ident|ws|sess|pcode)_[A-Za-z0-9]{6,}\b/g, number)
    .replace(/\b(sk|pk|demo|test|prod|acme)_[A-Za-z0-9]{8,}\b/g, (m) => number(m, "plain"))
    .replace(/\b1[6-9]\d{11}\b/g, "<ms>")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT");
}

test("programs written for @unkey/api print the same with unkey-edge (tests/migration/programs/)", async () => {
  // Each program is a small realistic user of @unkey/api (one namespace, pagination, errors,
  // options, the standalone functions, CommonJS, TypeScript). It reads UNKEY_SERVER_URL and
  // UNKEY_ROOT_KEY, may name the unkey-local flags it needs (`// flags: …`) and its environment
  // (`// env: K=V …`), and runs once as written and once with its imports switched, each in a
  // process of its own against a fresh server.
  const dir = path.join(ROOT, "tests/migration/programs");
  const files = readdirSync(dir).filter((f) => /\.(mjs|cjs|c?ts)$/.test(f)).sort();
  assert.ok(files.length >= 50, `${files.length} programs`);
  const differ = [];
  for (const f of files) {
    const source = readFileSync(path.join(dir, f), "utf8");
    const flags = (/^\/\/ flags: (.*)$/m.exec(source)?.[1] ?? "").split(" ").filter(Boolean);
    const env = Object.fromEntries((/^\/\/ env: (.*)$/m.exec(source)?.[1] ?? "").split(" ").filter(Boolean).map((kv) => kv.split("=")));
    const outputs = [];
    for (const [name, code] of [["unkey-api", source], ["unkey-edge", switched(source)]]) {
      let text = code;
      let ext = path.extname(f);
      if (ext === ".ts") [text, ext] = [(await transform(code, { loader: "ts", format: "esm" })).code, ".mjs"];
      // A CommonJS TypeScript module, as tsc emits it: its imports become require() calls.
      if (ext === ".cts") [text, ext] = [(await transform(code, { loader: "ts", format: "cjs" })).code, ".cjs"];
      const file = path.join(scratch, `program-${path.basename(f, path.extname(f))}-${name}${ext}`);
      writeFileSync(file, text);
      const server = await startUnkeyLocal(flags);
      try {
        const run = spawnSync(process.execPath, [file], {
          cwd: scratch,
          encoding: "utf8",
          timeout: 60_000,
          env: { ...process.env, NODE_NO_WARNINGS: "1", ...env, UNKEY_SERVER_URL: server.url, UNKEY_ROOT_KEY: rootKey },
        });
        outputs.push(masked(`${run.stdout}${run.stderr}exit ${run.status}\n`));
      } finally {
        await server.stop();
      }
    }
    if (outputs[0] !== outputs[1]) differ.push(`${f}\n--- @unkey/api\n${outputs[0]}--- unkey-edge\n${outputs[1]}`);
    else assert.match(outputs[0], /exit 0\n$/, `${f} failed with @unkey/api:\n${outputs[0]}`);
  }
  assert.deepEqual(differ, []);
});

/**
 * `tsc --noEmit` of TypeScript written for @unkey/api, strict (and then some: exact optional
 * members, checked indexes, the packages' own declarations checked too), as it is (`api/`) and
 * with its imports switched (`edge/`), in one run per project: `programs/*.ts` and `*.cts` as
 * a Node project (node16 resolution, the DOM's fetch types; `process` declared, as @types/node
 * would) and `workers/*.ts` as a Worker project (bundler resolution, @cloudflare/workers-types).
 * An error under `edge/` is a declaration of unkey-edge that a program for @unkey/api does not
 * compile against.
 */
test("TypeScript written for @unkey/api type-checks with tsc (strict) against unkey-edge's declarations (programs/*.ts, workers/*.ts)", () => {
  const strict = { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noEmit: true, skipLibCheck: false, target: "es2022" };
  const projects = {
    // node16, as @tsconfig/node20 and its kin set it: there a CommonJS module (a .cts) may not
    // import an ES module's declarations (TS1479), so the package gives `require` its .d.cts.
    programs: { ...strict, module: "node16", moduleResolution: "node16", lib: ["es2022", "dom", "dom.iterable", "dom.asynciterable"], types: [] },
    // As create-cloudflare's template has it, and stricter: every type import marked.
    workers: { ...strict, module: "esnext", moduleResolution: "bundler", lib: ["es2022"], types: ["@cloudflare/workers-types"], isolatedModules: true, verbatimModuleSyntax: true },
  };
  for (const [name, compilerOptions] of Object.entries(projects)) {
    const dir = path.join(scratch, `tsc-${name}`);
    const files = readdirSync(path.join(ROOT, "tests/migration", name)).filter((f) => /\.c?ts$/.test(f));
    assert.ok(files.length >= 4, `${files.length} TypeScript files in ${name}/`);
    for (const [side, rewrite] of [["api", (s) => s], ["edge", switched]]) {
      mkdirSync(path.join(dir, side), { recursive: true });
      for (const f of files) writeFileSync(path.join(dir, side, f), rewrite(readFileSync(path.join(ROOT, "tests/migration", name, f), "utf8")));
    }
    if (name === "programs") {
      // What @types/node would declare, of what the programs use.
      writeFileSync(
        path.join(dir, "node.d.ts"),
        "declare const process: { env: Record<string, string | undefined>; exitCode?: number | undefined };\ndeclare const module: object;\ndeclare function require(id: string): unknown;\n",
      );
    }
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["api", "edge", "*.d.ts"] }, null, 2));
    const run = spawnSync(path.join(ROOT, "node_modules/.bin/tsc"), ["-p", dir], { cwd: scratch, encoding: "utf8" });
    const report = `${run.stdout}${run.stderr}`;
    assert.doesNotMatch(report, /^api\//m, `${name}: tsc refuses the code as written for @unkey/api:\n${report}`);
    assert.equal(run.status, 0, `${name}: tsc refuses the code with its imports switched to unkey-edge:\n${report}`);
  }
});

/**
 * Workers written for @unkey/api (tests/migration/workers/: `export default { fetch }` or a Hono
 * app, the root key from env or left to UNKEY_ROOT_KEY, verifyKey, ratelimit.limit, the
 * standalone functions, error classes, and the import forms real code uses), bundled once each
 * way by wrangler (`deploy --dry-run`, as a deploy bundles, minified as many deploys are):
 * @unkey/api with nodejs_compat, unkey-edge without any flag (and, the same bundle, with
 * nodejs_compat left on). One workerd (Miniflare) runs them, each against a fresh unkey-local
 * seeded alike; every request must get the same answer (status, the headers a client reads,
 * body) from each.
 */
test("Workers written for @unkey/api answer the same with unkey-edge, bundled by wrangler without nodejs_compat (workers/)", async () => {
  const src = path.join(ROOT, "tests/migration/workers");
  const files = readdirSync(src).filter((f) => f.endsWith(".ts"));
  const dist = {};
  for (const [name, rewrite, flags] of [["unkey-api", (s) => s, ["nodejs_compat"]], ["unkey-edge", switched, []]]) {
    const dir = path.join(scratch, `workers-${name}`);
    mkdirSync(dir, { recursive: true });
    for (const f of files) writeFileSync(path.join(dir, f), rewrite(readFileSync(path.join(src, f), "utf8")));
    writeFileSync(
      path.join(dir, "wrangler.toml"),
      `name = "dropin-${name}"\nmain = "index.ts"\ncompatibility_date = "2025-09-01"\ncompatibility_flags = ${JSON.stringify(flags)}\nminify = true\n`,
    );
    execFileSync(path.join(ROOT, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", "dist"], {
      cwd: dir,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    });
    dist[name] = path.join(dir, "dist");
  }
  const edgeBundle = readFileSync(path.join(dist["unkey-edge"], "index.js"), "utf8");
  // @unkey/api names itself in its user-agent (`speakeasy-sdk/typescript …`).
  assert.ok(!edgeBundle.includes("speakeasy-sdk") && readdirSync(dist["unkey-edge"]).some((f) => f.endsWith(".wasm")), "the unkey-edge bundle carries unkey-edge");

  // And the unkey-edge bundle once more with nodejs_compat on, as a Worker that switched its
  // imports and kept the flag runs it.
  const runs = { "unkey-api": [dist["unkey-api"], ["nodejs_compat"]], "unkey-edge": [dist["unkey-edge"], []], "unkey-edge+compat": [dist["unkey-edge"], ["nodejs_compat"]] };
  const servers = {};
  for (const name of Object.keys(runs)) servers[name] = await startUnkeyLocal();
  let mf;
  try {
    // The same keys on every server, made as a deploy script would (with @unkey/api, in Node).
    const { Unkey } = await import("@unkey/api");
    const seeded = {};
    for (const [name, server] of Object.entries(servers)) {
      const admin = new Unkey({ rootKey, serverURL: server.url });
      const { apiId } = (await admin.apis.createApi({ name: "workers" })).data;
      const key = (perms) => admin.keys.createKey({ apiId, name: "worker key", meta: { plan: "pro" }, externalId: "user_1", credits: { remaining: 3 }, permissions: perms });
      const metered = (await key(["documents.read"])).data;
      const plain = (await admin.keys.createKey({ apiId, name: "plain" })).data;
      seeded[name] = { metered, plain };
    }
    mf = new Miniflare({
      workers: Object.entries(runs).map(([name, [dir, compatibilityFlags]]) => ({
        name,
        modules: true,
        scriptPath: path.join(dir, "index.js"),
        modulesRoot: dir,
        modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
        compatibilityDate: "2025-09-01",
        compatibilityFlags,
        bindings: { UNKEY_ROOT_KEY: rootKey, UNKEY_SERVER_URL: servers[name].url },
      })),
    });
    await mf.ready;
    // Each request: path and headers, from what was seeded on that Worker's server.
    const steps = [
      () => ["/verify/", {}],
      (k) => ["/verify/", { authorization: `Bearer ${k.metered.key}` }],
      (k) => ["/verify/?permission=documents.write", { authorization: `Bearer ${k.metered.key}` }],
      () => ["/verify/", { authorization: "Bearer wk_doesnotexist" }],
      (k) => ["/verify/?permission=documents.read", { authorization: `Bearer ${k.metered.key}` }],
      (k) => ["/verify/", { authorization: `Bearer ${k.metered.key}` }],
      (k) => ["/verify/", { authorization: `Bearer ${k.metered.key}` }],
      () => ["/limit/", { "cf-connecting-ip": "192.0.2.1" }],
      () => ["/limit/", { "cf-connecting-ip": "192.0.2.1" }],
      () => ["/limit/", { "cf-connecting-ip": "192.0.2.1" }],
      () => ["/limit/heavy", { "cf-connecting-ip": "192.0.2.2" }],
      () => ["/limit/heavy", { "cf-connecting-ip": "192.0.2.2" }],
      (k) => ["/funcs/", { "x-api-key": k.plain.key }],
      () => ["/funcs/", { "x-api-key": "wk_doesnotexist" }],
      (k) => ["/funcs/", { "x-api-key": k.metered.key }],
      () => ["/funcs/", {}],
      (k) => [`/funcs/key?id=${k.plain.keyId}`, {}],
      () => ["/funcs/key?id=key_doesnotexist000", {}],
      () => ["/errors/missing", {}],
      () => ["/errors/unauthorized", {}],
      () => ["/errors/invalid", {}],
      () => ["/errors/offline", {}],
      () => ["/errors/deleted-api", {}],
      () => ["/errors/elsewhere", {}],
      () => ["/hono/me", {}],
      (k) => ["/hono/me", { "x-api-key": k.plain.key }],
      () => ["/hono/me", { "x-api-key": "wk_doesnotexist" }],
      (k) => [`/hono/keys/${k.metered.keyId}`, { "x-api-key": k.plain.key }],
      (k) => ["/hono/keys/key_doesnotexist000", { "x-api-key": k.plain.key }],
      (k) => ["/envkey/", { "x-api-key": k.plain.key }],
      () => ["/envkey/", { "x-api-key": "wk_doesnotexist" }],
      () => ["/nowhere", {}],
    ];
    const transcripts = {};
    for (const name of Object.keys(runs)) {
      const worker = await mf.getWorker(name);
      const lines = [];
      for (const step of steps) {
        const [p, headers] = step(seeded[name]);
        const res = await worker.fetch(`http://worker${p}`, { headers });
        const shown = ["content-type", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-skipped"].map((h) => `${h}=${res.headers.get(h)}`).join(" ");
        lines.push(`${p} ${res.status} ${shown} ${await res.text()}`);
      }
      transcripts[name] = masked(lines.join("\n"));
    }
    console.log(transcripts["unkey-edge"]);
    assert.match(transcripts["unkey-api"], /\/verify\/ 200 .*"plan":"pro"/);
    assert.match(transcripts["unkey-api"], /\/limit\/ 429 /);
    // One difference on purpose (README, "Migrating from @unkey/api"): workerd's fetch fails a
    // refused connection with `Error: Network connection lost.`, which none of @unkey/api's
    // connection-error tests matches, so it throws an UnexpectedClientError; unkey-edge, a
    // ConnectionError (both HTTPClientErrors).
    const unexpected = /^(\/errors\/offline .*"class":")UnexpectedClientError"/m;
    assert.match(transcripts["unkey-api"], unexpected);
    const expected = transcripts["unkey-api"].replace(unexpected, '$1ConnectionError"');
    assert.equal(transcripts["unkey-edge"], expected);
    assert.equal(transcripts["unkey-edge+compat"], expected);
  } finally {
    await mf?.dispose();
    await Promise.all(Object.values(servers).map((s) => s.stop()));
  }
});
