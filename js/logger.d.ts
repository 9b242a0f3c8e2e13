// `unkey-edge/lib/logger.js`: the `debugLogger` type where `@unkey/api` keeps it (its
// `lib/logger.js`), for `import type { Logger } from "…/lib/logger.js"`. Types only.
export type { Logger } from "./index.js";
