// Everywhere else: the guard wasm inlined as base64 (unkey_edge_guard_bg.inline.js).
import { WASM_BASE64 } from "./unkey_edge_guard_bg.inline.js";

export default () => {
  const text = atob(WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
};
