// N sequential verifyKey calls on one keep-alive connection, for bench/unkey-local/instructions.sh.
// Usage: node bench/unkey-local/verify-loop.mjs <unkey-local's startup output file> <N>
// (its first line names the URL, its second is the seed JSON with the `admin` key).
import { readFileSync } from "node:fs";

const [file, n] = process.argv.slice(2);
const [first, seedLine] = readFileSync(file, "utf8").split("\n");
const url = first.replace(/^unkey-local listening on /, "");
const key = JSON.parse(seedLine).keys.admin.key;
for (let i = 0; i < Number(n); i++) {
  const r = await fetch(`${url}/v2/keys.verifyKey`, {
    method: "POST",
    headers: { authorization: "Bearer unkey_bench_root", "content-type": "application/json" },
    body: JSON.stringify({ key, permissions: "admin" }),
  });
  const j = await r.json();
  if (j.data?.code !== "VALID") {
    console.error("not VALID:", JSON.stringify(j));
    process.exit(1);
  }
}
