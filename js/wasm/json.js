// `JSON.parse` of a JS string for src/js/client.rs (imported with #[wasm_bindgen(module)]).
export function parse(text) {
  try { return JSON.parse(text); } catch { return undefined; }
}
