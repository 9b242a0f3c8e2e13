// `unkey-edge/ratelimit` (node): the client's wasm, instantiated by entry-node.js, and the limiters.
import "./entry-node.js";

export { Ratelimit, Overrides, NoopRatelimit, duration } from "./ratelimit.js";
