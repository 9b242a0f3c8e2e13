// `unkey-edge/core.js`: the client as `@unkey/api/core.js` names it. Pass it to the standalone
// functions of `unkey-edge/funcs/*.js`; it is `unkey-edge`'s `Unkey`, methods and all.
export { Unkey as UnkeyCore } from "./index.js";
