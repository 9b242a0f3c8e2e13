// Types of `unkey-edge/cache`: the client's (with `UnkeyOptions.cache` honoured).
export * from "./index.js";
