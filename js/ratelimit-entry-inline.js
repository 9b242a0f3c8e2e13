// `unkey-edge/ratelimit` (inline): the client's wasm, instantiated by entry-inline.js, and the limiters.
import "./entry-inline.js";

export { Ratelimit, Overrides, NoopRatelimit, duration } from "./ratelimit.js";
