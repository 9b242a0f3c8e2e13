// The Node clients under test: how each is imported and constructed. Imports are resolved from
// the benchmark's scratch directory, where node_modules/unkey-edge is the packed package.
export const CLIENTS = {
  raw: { load: () => import("./raw-client.mjs"), make: (m, o) => new m.RawUnkey(o) },
  "raw+timeout": { load: () => import("./raw-client.mjs"), make: (m, o) => new m.RawUnkey({ ...o, timeoutMs: 5000 }) },
  "unkey-edge": { load: () => import("unkey-edge"), make: (m, o) => new m.Unkey(o) },
  // Diagnostic: without the default 5 s deadline (no AbortController/timer per call).
  "unkey-edge timeoutMs:0": { load: () => import("unkey-edge"), make: (m, o) => new m.Unkey({ ...o, timeoutMs: 0 }) },
  "@unkey/api": { load: () => import("@unkey/api"), make: (m, o) => new m.Unkey(o) },
  // The tree-shakeable form: the core plus the one function used.
  "@unkey/api core": {
    load: async () => ({
      ...(await import("@unkey/api/core.js")),
      ...(await import("@unkey/api/funcs/keysVerifyKey.js")),
    }),
    make: (m, o) => new m.UnkeyCore(o),
  },
};
