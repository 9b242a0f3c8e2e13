// One per-call round, every client in this one fresh process, finely interleaved so that load
// from other processes hits all clients alike:
//   node percall.mjs <serverURL> <rootKey> <key> <calls> <block> <warmup> <client>...
// After `warmup` calls each, runs blocks of `block` sequential verifyKey calls per client in
// rotating order until each made `calls`, and prints {client: {us, cpu}} (wall and process CPU
// µs per call). Every answer must be valid.
import { CLIENTS } from "./clients.mjs";

const [serverURL, rootKey, key, calls, block, warmup, ...names] = process.argv.slice(2);
const clients = [];
for (const name of names) {
  const c = CLIENTS[name];
  const client = c.make(await c.load(), { rootKey, serverURL });
  clients.push({ name, verify: () => client.keys.verifyKey({ key }), wall: 0, cpu: 0, n: 0 });
}
for (const c of clients) for (let i = 0; i < Number(warmup); i++) await c.verify();
const B = Number(block);
for (let b = 0; b * B < Number(calls); b++) {
  for (let j = 0; j < clients.length; j++) {
    const c = clients[(b + j) % clients.length];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < B; i++) {
      const r = await c.verify();
      if (!r.data.valid) throw new Error(`${c.name}: not valid: ${JSON.stringify(r.data)}`);
    }
    c.wall += performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    c.cpu += cpu.user + cpu.system;
    c.n += B;
  }
}
console.log(JSON.stringify(Object.fromEntries(clients.map((c) => [c.name, { us: (c.wall * 1000) / c.n, cpu: c.cpu / c.n }]))));
