// `unkey-edge/core.js` (workerd): the client as `@unkey/api/core.js` names it, for the standalone
// functions of `unkey-edge/funcs/*.js`; the same class and wasm as `unkey-edge`.
export { Unkey as UnkeyCore } from "./entry-workerd.js";
