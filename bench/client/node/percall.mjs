// One per-call round: `node percall.mjs <client> <serverURL> <rootKey> <key> <calls> <warmup>`
// runs `warmup` then `calls` sequential verifyKey calls and prints
// {"us":wall µs/call,"cpu":process CPU µs/call}. Every answer must be valid.
import { CLIENTS } from "./clients.mjs";

const [name, serverURL, rootKey, key, calls, warmup] = process.argv.slice(2);
const c = CLIENTS[name];
const client = c.make(await c.load(), { rootKey, serverURL });
const verify = () => client.keys.verifyKey({ key });
for (let i = 0; i < Number(warmup); i++) await verify();
const n = Number(calls);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  const r = await verify();
  if (!r.data.valid) throw new Error(`${name}: not valid: ${JSON.stringify(r.data)}`);
}
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ us: (wall * 1000) / n, cpu: (cpu.user + cpu.system) / n }));
