// A small origin for the guard demo and tests: answers every request with JSON describing what
// it received (method, path, headers), so a caller can see what the guard forwarded, and keeps
// the last requests for inspection at GET /__received (not reachable through the guard's routes).
//
//   node examples/guard-worker/origin.mjs [--port 0]   prints "origin listening on http://127.0.0.1:PORT"
import http from "node:http";

/** Start the origin; resolves to { url, received, close() }. */
export function startOrigin(port = 0) {
  const received = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://origin");
    if (url.pathname === "/__received") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(received.slice(-50)));
      return;
    }
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const seen = { method: req.method, path: url.pathname + url.search, headers: req.headers, body };
      received.push(seen);
      if (received.length > 1000) received.shift();
      res.writeHead(200, { "content-type": "application/json", "x-origin": "demo" });
      res.end(JSON.stringify({ ok: true, origin: "demo", ...seen, body: undefined }));
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const url = `http://127.0.0.1:${server.address().port}`;
      resolve({
        url,
        received,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf("--port");
  const o = await startOrigin(i > 0 ? Number(process.argv[i + 1]) : 0);
  console.log(`origin listening on ${o.url}`);
}
