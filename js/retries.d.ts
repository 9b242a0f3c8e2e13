// `unkey-edge/lib/retries.js`: the retry policy's types where `@unkey/api` keeps them (its
// `lib/retries.js`), for `import type { RetryConfig } from "…/lib/retries.js"`. Types only.
export type { BackoffStrategy, RetryConfig } from "./index.js";
