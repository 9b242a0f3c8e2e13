// The JS guard Worker of the root wrangler.toml (examples/guard-worker), bundled by wrangler.
import { guardSuite } from "./cases.mjs";
import { buildJsWorker } from "./harness.mjs";

guardSuite("JS (root wrangler.toml)", buildJsWorker);
