// The workers-rs guard Worker (examples/worker-rs), built by worker-build.
import { guardSuite } from "./cases.mjs";
import { rustWorker } from "./harness.mjs";

guardSuite("workers-rs (examples/worker-rs)", rustWorker);
