// workerd side of the no-network measurement: `GET /?c=<client>&n=N` runs N calls of one
// client from nonet-clients.js. Timed from outside (Date.now() does not move without I/O here).
import { nonetClients, calls } from "./nonet-clients.js";

let clients = null;
export default {
  async fetch(request) {
    clients ||= nonetClients("demo_3Gk9mT8Ej8xWc2ZqJz5sPa");
    const u = new URL(request.url);
    await calls(clients[u.searchParams.get("c")], Number(u.searchParams.get("n")));
    return new Response("ok");
  },
};
