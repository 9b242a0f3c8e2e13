// `unkey-edge/guard`: the client (initialised by entry-node.js) plus the guard, whose own wasm
// loads on first use. A separate subpath so that Workers importing only `unkey-edge` never
// bundle or upload the guard wasm (wrangler uploads every wasm an import graph reaches).
export * from "./entry-node.js";
export { guard, withGuard, createGuard, forwardedRequest, forwardHeaders } from "./guard.js";
