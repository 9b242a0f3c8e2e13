// scripts/wasm-panic-trap.mjs on a fixture module (WAT assembled by binaryen's wasm-as, names
// kept): every export computes what it did before, a call that panicked before traps now (without
// running the panic machinery), `catch_unwind` and live formatting code are left alone, dead
// formatting code becomes a trap, and a module without `panic_fmt` is refused.
// Run by `make test-js`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SCRIPT = path.join(ROOT, "scripts/wasm-panic-trap.mjs");
const WASM_AS = path.join(ROOT, "node_modules/.bin/wasm-as");

// A miniature of a Rust wasm: a panic funnel that reports through an import before trapping,
// std's hook, catch_unwind (which runs a closure), a formatter reached only from a panic path,
// and one reached from an export when `liveFmt` is set.
function fixture({ liveFmt = false, panicFmt = true } = {}) {
  const funnel = panicFmt ? "core::panicking::panic_fmt" : "core::panicking::renamed";
  return `(module
  (import "env" "report" (func $report (param i32)))
  (table (export "table") 2 funcref)
  (elem (i32.const 0) $core::fmt::Formatter::pad $add)
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $checked_div (export "checked_div") (param i32 i32) (result i32)
    (if (i32.eqz (local.get 1)) (then (call $${funnel} (i32.const 7))))
    (i32.div_u (local.get 0) (local.get 1)))
  (func $${funnel} (param i32) (call $std::panicking::begin_panic_handler (local.get 0)) (unreachable))
  (func $std::panicking::begin_panic_handler (param i32) (call $report (local.get 0)) (call $core::fmt::write (local.get 0)) (drop (i32.const 0)))
  (func $std::panicking::catch_unwind (export "catch_unwind") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func $core::fmt::write (param i32) (call $report (i32.add (local.get 0) (i32.const 100))))
  (func $core::fmt::Formatter::pad (param i32) (call $report (i32.add (local.get 0) (i32.const 200))))
  (func $describe (export "describe") (param i32) (result i32)
    ${liveFmt ? "(call $core::fmt::write (local.get 0))" : ""}
    (local.get 0))
)`;
}

function build(options) {
  const dir = mkdtempSync(path.join(tmpdir(), "panic-trap-"));
  writeFileSync(path.join(dir, "in.wat"), fixture(options));
  execFileSync(WASM_AS, ["-g", "--enable-reference-types", path.join(dir, "in.wat"), "-o", path.join(dir, "in.wasm")]);
  const run = spawnSync("node", [SCRIPT, path.join(dir, "in.wasm"), path.join(dir, "out.wasm")], { encoding: "utf8" });
  return { dir, run };
}

async function instance(file) {
  const reports = [];
  const { instance } = await WebAssembly.instantiate(readFileSync(file), { env: { report: (x) => reports.push(x) } });
  return { exports: instance.exports, reports };
}

test("exports behave as before; a panic traps at once; catch_unwind and live code are kept", async () => {
  const { dir, run } = build();
  assert.equal(run.status, 0, run.stderr);
  const before = await instance(path.join(dir, "in.wasm"));
  const after = await instance(path.join(dir, "out.wasm"));
  for (const m of [before, after]) {
    assert.equal(m.exports.add(2, 3), 5);
    assert.equal(m.exports.checked_div(9, 3), 3);
    assert.equal(m.exports.catch_unwind(21), 42);
    assert.equal(m.exports.describe(4), 4);
    assert.throws(() => m.exports.checked_div(1, 0), WebAssembly.RuntimeError);
  }
  // Before: the panic ran the hook (report 7) and formatting (107); after: nothing ran.
  assert.deepEqual(before.reports, [7, 107]);
  assert.deepEqual(after.reports, []);
  // Formatting code only the table reaches (a panic message's vtable) became a trap; it ran before.
  before.exports.table.get(0)(1);
  assert.deepEqual(before.reports.slice(2), [201]);
  assert.throws(() => after.exports.table.get(0)(1), WebAssembly.RuntimeError);
  assert.equal(after.exports.table.get(1)(2, 2), 4, "the table's other entries are untouched");
});

test("formatting reachable from an export is kept, and the script says why", async () => {
  const { dir, run } = build({ liveFmt: true });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /keeping core::fmt, reachable from describe/);
  const after = await instance(path.join(dir, "out.wasm"));
  assert.equal(after.exports.describe(5), 5);
  assert.deepEqual(after.reports, [105], "core::fmt::write still runs");
  after.exports.table.get(0)(1);
  assert.deepEqual(after.reports, [105, 201], "and so does the rest of core::fmt");
  assert.throws(() => after.exports.checked_div(1, 0), WebAssembly.RuntimeError);
});

test("a module without core::panicking::panic_fmt is refused", () => {
  const { run } = build({ panicFmt: false });
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /panic_fmt not found/);
});
