// Diagnostic: unkey-edge with its default 5 s deadline switched off (`timeoutMs: 0`), so no
// AbortController/timer per call. Used only in the per-call table, to show what the deadline costs.
import { Unkey } from "unkey-edge";
import { handler } from "./handler.js";

export default handler((env) => {
  const unkey = new Unkey({ rootKey: env.ROOT_KEY, serverURL: env.SERVER_URL, timeoutMs: 0 });
  return (key) => unkey.keys.verifyKey({ key });
});
