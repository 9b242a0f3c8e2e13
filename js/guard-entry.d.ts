// Types of `unkey-edge/guard`: the client's and the guard's.
export * from "./index.js";
export * from "./guard.js";
