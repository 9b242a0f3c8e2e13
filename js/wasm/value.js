// Readers of parsed JS values for src/js/value.rs (imported with #[wasm_bindgen(module)]): one
// crossing per question, never a throwing getter or proxy trap.
export function kind(v) {
  if (v === null) return 0;
  switch (typeof v) {
    case "boolean": return 1;
    case "number": return 2;
    case "string": return 3;
    case "object": return Array.isArray(v) ? 4 : 5;
    default: return 6;
  }
}
export function prop(o, k) {
  if (o === null || typeof o !== "object") return undefined;
  try { return o[k]; } catch { return undefined; }
}
const KNOWN = ["meta", "requestId", "data"];
export function known(o, i) {
  return prop(o, KNOWN[i]);
}
export function entries(o) {
  const out = [];
  if (o === null || typeof o !== "object" || Array.isArray(o)) return out;
  let keys;
  try { keys = Object.keys(o); } catch { return out; }
  for (const k of keys) {
    let v;
    try { v = o[k]; } catch { continue; }
    if (v !== undefined) out.push(k, v);
  }
  return out;
}
export function capped(v, max) {
  return typeof v !== "string" ? undefined : v.length > max ? v.slice(0, max) : v;
}
