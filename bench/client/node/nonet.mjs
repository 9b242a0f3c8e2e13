// Node side of the no-network measurement: `node nonet.mjs <calls> <block> <client>...` warms
// every client, then runs blocks of `block` calls per client in rotating order and prints
// {client: µs per call}.
import { nonetClients, calls } from "./nonet-clients.js";

const [n, block, ...names] = process.argv.slice(2);
const clients = nonetClients("demo_3Gk9mT8Ej8xWc2ZqJz5sPa");
const total = Object.fromEntries(names.map((c) => [c, 0]));
for (const c of names) await calls(clients[c], 2000);
const B = Number(block);
for (let b = 0; b * B < Number(n); b++) {
  for (let j = 0; j < names.length; j++) {
    const c = names[(b + j) % names.length];
    const t0 = performance.now();
    await calls(clients[c], B);
    total[c] += performance.now() - t0;
  }
}
console.log(JSON.stringify(Object.fromEntries(names.map((c) => [c, (total[c] * 1000) / Number(n)]))));
