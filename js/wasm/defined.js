// models::JsModel::from_js (src/models/js.rs): a copy of a JS value as JSON sees it, for
// serde-wasm-bindgen, which reads an absent member and one set to `undefined` alike, so a
// `Patch` field (`keys.updateKey`) left `undefined` would become `null` and clear the value.
// Members whose value is `undefined` are left out, as JSON.stringify leaves them out; a
// throwing getter or proxy trap, or a cycle, throws (the caller refuses the value).
export function defined(v) {
  if (Array.isArray(v)) return v.map(defined);
  if (v === null || typeof v !== "object") return v;
  const o = {};
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (x !== undefined) o[k] = defined(x);
  }
  return o;
}
