// The test's one entry for the Workers in this folder (each written as its own Worker): a route
// prefix picks the Worker, so that wrangler bundles them once and one workerd runs them all.
import verify from "./verify.js";
import limit from "./limit.js";
import funcs from "./funcs.js";
import failures from "./errors.js";
import hono from "./hono.js";
import envkey from "./envkey.js";

const workers: Record<string, { fetch(request: Request, env: Env): Response | Promise<Response> }> = { verify, limit, funcs, errors: failures, hono, envkey };

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const worker = workers[new URL(request.url).pathname.split("/")[1] ?? ""];
    return worker ? worker.fetch(request, env) : new Response("no such worker", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
