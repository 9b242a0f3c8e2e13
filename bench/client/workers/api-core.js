// @unkey/api 2.5.1's tree-shakeable form: `UnkeyCore` + the standalone `keysVerifyKey`.
import { UnkeyCore } from "@unkey/api/core.js";
import { keysVerifyKey } from "@unkey/api/funcs/keysVerifyKey.js";
import { handler } from "./handler.js";

export default handler((env) => {
  const core = new UnkeyCore({ rootKey: env.ROOT_KEY, serverURL: env.SERVER_URL });
  return async (key) => {
    const r = await keysVerifyKey(core, { key });
    if (!r.ok) throw r.error;
    return r.value;
  };
});
