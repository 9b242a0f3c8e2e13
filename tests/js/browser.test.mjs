// The package in a real browser: browser/app.js bundled by esbuild for the browser (as an app
// would), served from 127.0.0.1 and run in headless Chromium driven over WebDriver
// (chromedriver), against unkey-local (cross-origin, so CORS is exercised too).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { build } from "esbuild";
import { serverURL, rootKey } from "./local.mjs";

const chromedriver = process.env.CHROMEDRIVER || "/usr/bin/chromedriver";
let http, driver, session, driverURL;

async function wd(method, path, body) {
  const res = await fetch(`${driverURL}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body && JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`webdriver ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}

before(async () => {
  const out = await build({
    entryPoints: ["browser/app.js"],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "error",
  });
  const js = out.outputFiles[0].contents;
  const html = '<!doctype html><meta charset="utf-8"><script type="module" src="/app.js"></script>';
  http = createServer((req, res) => {
    const isJs = req.url === "/app.js";
    res.writeHead(200, { "content-type": isJs ? "text/javascript" : "text/html" });
    res.end(isJs ? js : html);
  });
  await new Promise((r) => http.listen(0, "127.0.0.1", r));
  const port = 20000 + Math.floor(Math.random() * 20000);
  driverURL = `http://127.0.0.1:${port}`;
  driver = spawn(chromedriver, [`--port=${port}`], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${driverURL}/status`)).ok) break;
    } catch {}
    await sleep(100);
  }
  const caps = JSON.parse(readFileSync(new URL("webdriver.json", `file://${process.env.UNKEY_EDGE_ROOT}/`), "utf8"));
  const args = [...(caps["goog:chromeOptions"]?.args ?? []), "--headless=new", "--no-sandbox"];
  session = (await wd("POST", "/session", { capabilities: { alwaysMatch: { "goog:chromeOptions": { args } } } })).sessionId;
  await wd("POST", `/session/${session}/timeouts`, { script: 30000, pageLoad: 30000 });
  await wd("POST", `/session/${session}/url`, { url: `http://127.0.0.1:${http.address().port}/` });
});

after(async () => {
  if (session) await wd("DELETE", `/session/${session}`).catch(() => {});
  driver?.kill();
  http?.close();
});

test("Chromium: esbuild browser bundle verifies, rate-limits and types its errors", async () => {
  const result = await wd("POST", `/session/${session}/execute/async`, {
    script: `const done = arguments[arguments.length - 1];
      const wait = () => window.runChecks ? window.runChecks(arguments[0], arguments[1]).then(done, (e) => done({ failed: String(e) })) : setTimeout(wait, 20);
      wait();`,
    args: [serverURL, rootKey],
  });
  assert.equal(result.failed, undefined, result.failed);
  assert.match(result.ua, /Chrome/);
  assert.equal(result.valid, true);
  assert.deepEqual(result.limits, [true, false]);
  assert.deepEqual(result.kinds, [
    "true:true:api:404:NotFoundErrorResponse",
    "true:true:validation::SDKValidationError",
    "true:true:timeout::RequestTimeoutError",
    "true:true:aborted::RequestAbortedError",
    "true:true:network::ConnectionError",
  ]);
  assert.equal(result.afterCode, "NOT_FOUND");
});
