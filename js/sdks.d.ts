// `unkey-edge/lib/sdks.js`: the per-call options' type where `@unkey/api` keeps it (its
// `lib/sdks.js`), for `import type { RequestOptions } from "…/lib/sdks.js"`. Types only.
export type { RequestOptions } from "./index.js";
