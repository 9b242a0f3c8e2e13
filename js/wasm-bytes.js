// The bytes of a wasm module inlined as base64 (the `*_bg.inline.js` files make pkg writes), for
// the inline entries: no bundler plugin, asset URL or top-level await needed.
export function wasmBytes(base64) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
