// One cold start: `node cold.mjs <client>` prints {"import":ms,"ctor":ms} for
// `await import()` of the client's module and its constructor, in a fresh process.
import { CLIENTS } from "./clients.mjs";

const c = CLIENTS[process.argv[2]];
const t0 = performance.now();
const m = await c.load();
const t1 = performance.now();
c.make(m, { rootKey: "unkey_cold", serverURL: "http://127.0.0.1:9" });
const t2 = performance.now();
console.log(JSON.stringify({ import: t1 - t0, ctor: t2 - t1 }));
