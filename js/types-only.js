// The module of `unkey-edge/lib/retries.js` and `unkey-edge/lib/sdks.js`, which hold types only
// (retries.d.ts, sdks.d.ts): nothing to import at run time.
export {};
