// `unkey-edge/ratelimit` (workerd): the client's wasm, instantiated by entry-workerd.js, and the limiters.
import "./entry-workerd.js";

export { Ratelimit, Overrides, NoopRatelimit, duration } from "./ratelimit.js";
