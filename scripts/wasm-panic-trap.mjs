// node scripts/wasm-panic-trap.mjs IN.wasm OUT.wasm
//
// Makes every Rust panic in a wasm32 build trap at once, as nightly's `panic_immediate_abort`
// would, so wasm-opt can drop the panic machinery (std's hook, payload boxing, `core::fmt`
// for panic messages: ~1-2 KB gzip) from the npm wasm.
//
// Why this is behaviour-preserving: the build uses `panic = "abort"` on wasm32-unknown-unknown,
// where std's panic hook has no stderr to print to and then executes `unreachable`. Here the
// panic entry points execute `unreachable` straight away. Nothing else changes.
//
// Then `core::fmt` itself: the panic sites' message vtables stay in the function table, which
// keeps formatting code alive (~3 KB raw) though nothing can call it any more. The script checks
// that: no function reachable by direct calls from the exports, the start function or the table's
// other entries calls into formatting (or is a `ToString`); only then are the formatting
// functions turned into traps too. Otherwise it says which function needs them and leaves them.
//
// How: the bodies of the functions named below (from the wasm's name section, which
// wasm-bindgen keeps until wasm-opt `--strip-debug`) are replaced with `unreachable`. Fails when
// `core::panicking::panic_fmt` is not found, so a toolchain that renames it is noticed.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error("usage: node scripts/wasm-panic-trap.mjs IN.wasm OUT.wasm");
  process.exit(2);
}

// Every way into a panic: core's funnel, std's handler and hook (and the payload vtables they
// put in the function table, which wasm-opt cannot drop on its own), and the OOM hook.
const crate = (name) => `${name}(\\[[0-9a-f]+\\])?`;
const TARGETS = [
  new RegExp(`^${crate("core")}::panicking::panic_fmt$`),
  new RegExp(`^${crate("__rustc")}::rust_begin_unwind$`),
  // (not `catch_unwind`/`try`, which run a closure: never reached with panic=abort, but
  // trapping them would be wrong)
  new RegExp(`^<?${crate("std")}::panicking::(?!catch_unwind|try|r#try)`),
  new RegExp(`^${crate("std")}::alloc::(rust_oom|default_alloc_error_hook)`),
];
const REQUIRED = TARGETS[0];

const bytes = readFileSync(input);
if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error(`${input}: not a wasm module`);

let pos = 8;
function leb() {
  let result = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return result;
}
function encodeLeb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
}
function skipLimits() {
  const flags = bytes[pos++];
  leb();
  if (flags & 1) leb();
}

const sections = [];
const names = new Map();
let imported = 0;
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = leb();
  const start = pos;
  const end = start + size;
  sections.push({ id, start, end });
  if (id === 0) {
    const n = leb();
    const name = bytes.subarray(pos, pos + n).toString();
    pos += n;
    while (name === "name" && pos < end) {
      const sub = bytes[pos++];
      const subEnd = leb() + pos;
      if (sub === 1) {
        for (let count = leb(); count > 0; count--) {
          const index = leb();
          const len = leb();
          names.set(index, bytes.subarray(pos, pos + len).toString());
          pos += len;
        }
      }
      pos = subEnd;
    }
  } else if (id === 2) {
    // Imported functions come first in the function index space.
    for (let count = leb(); count > 0; count--) {
      for (let strings = 0; strings < 2; strings++) {
        const len = leb();
        pos += len;
      }
      const kind = bytes[pos++];
      if (kind === 0) {
        leb();
        imported++;
      } else if (kind === 1) {
        pos++;
        skipLimits();
      } else if (kind === 2) {
        skipLimits();
      } else if (kind === 3) {
        pos += 2;
      } else {
        throw new Error(`${input}: unsupported import kind ${kind}`);
      }
    }
  }
  pos = end;
}

const stubbed = new Set();
for (const [index, name] of names) {
  if (TARGETS.some((re) => re.test(name))) stubbed.add(index);
}
if (![...stubbed].some((i) => REQUIRED.test(names.get(i)))) {
  console.error(`${input}: core::panicking::panic_fmt not found (is the name section there?)`);
  process.exit(1);
}

// Code that only the function table keeps alive once its callers are gone, trapped only when no
// live code calls into it: formatting (core's and alloc's `fmt` modules, every Display/Debug/Write
// impl; a `ToString` would reach it indirectly, so one blocks too). The same check could serve
// other groups (js-sys' JSPI executor: measured −5 B gzip, not worth a second wasm-opt pass).
const GROUPS = [
  { what: "core::fmt", re: /(^|[<&\s])(core|alloc)(\[[0-9a-f]+\])?::fmt::/, blocks: /ToString|to_string/ },
];
const graph = callGraph();
for (const group of GROUPS) {
  const blocker = liveCaller(group);
  if (blocker) {
    console.error(`wasm-panic-trap: keeping ${group.what}, reachable from ${blocker}`);
    continue;
  }
  for (const [index, name] of names) if (group.re.test(name)) stubbed.add(index);
}

// Direct calls per function, and the roots (exports, start, table entries), from the text form
// (binaryen's wasm-dis, beside wasm-opt).
function callGraph() {
  const bin = fileURLToPath(new URL("../node_modules/.bin/wasm-dis", import.meta.url));
  const text = execFileSync(bin, [input], { maxBuffer: 1 << 28 }).toString();
  const ident = /\$("(?:[^"\\]|\\.)*"|[^\s()]+)/g;
  const unquote = (t) => (t.startsWith('"') ? JSON.parse(t) : t);
  const calls = new Map();
  const roots = [];
  const table = [];
  let current = null;
  for (const line of text.split("\n")) {
    if (line.startsWith(" (func ")) {
      ident.lastIndex = 0;
      current = unquote(ident.exec(line)[1]);
      calls.set(current, []);
    } else if (line.startsWith(" (export ") || line.startsWith(" (start ")) {
      for (const m of line.matchAll(ident)) roots.push(unquote(m[1]));
    } else if (line.startsWith(" (elem ")) {
      for (const m of line.matchAll(ident)) table.push(unquote(m[1]));
    } else if (current) {
      for (const m of line.matchAll(/\((?:return_)?call \$("(?:[^"\\]|\\.)*"|[^\s()]+)/g)) {
        calls.get(current).push(unquote(m[1]));
      }
    }
  }
  return { calls, roots, table };
}

// The first live function outside `group` that calls into it (or blocks it), or null. Live:
// reachable by direct calls from the roots and the table entries outside the group, through
// functions that are not trapped already.
function liveCaller(group) {
  const { calls, roots, table } = graph;
  const dead = new Set([...stubbed].map((i) => names.get(i)));
  const seen = new Set();
  const stack = [...roots, ...table.filter((f) => !group.re.test(f))].filter((f) => calls.has(f));
  while (stack.length) {
    const f = stack.pop();
    if (seen.has(f) || dead.has(f) || group.re.test(f)) continue;
    seen.add(f);
    if (group.blocks?.test(f)) return f;
    for (const g of calls.get(f) ?? []) {
      if (group.re.test(g) && !dead.has(g)) return `${f} (calls ${g})`;
      stack.push(g);
    }
  }
  return null;
}

// Body of a stub: no locals, `unreachable`, `end` (valid for any signature).
const STUB = Buffer.from([0x00, 0x00, 0x0b]);
const parts = [bytes.subarray(0, 8)];
for (const { id, start, end } of sections) {
  let body = bytes.subarray(start, end);
  if (id === 10) {
    pos = start;
    const count = leb();
    const functions = [encodeLeb(count)];
    for (let i = 0; i < count; i++) {
      const len = leb();
      const code = bytes.subarray(pos, pos + len);
      pos += len;
      const stub = stubbed.has(imported + i);
      functions.push(encodeLeb(stub ? STUB.length : len), stub ? STUB : code);
    }
    body = Buffer.concat(functions);
  }
  parts.push(Buffer.from([id]), encodeLeb(body.length), body);
}
writeFileSync(output, Buffer.concat(parts));
