// The module of `unkey-edge/lib/retries.js`, `/lib/sdks.js` and `/lib/logger.js`, which hold
// types only (retries.d.ts, sdks.d.ts, logger.d.ts): nothing to import at run time.
export {};
