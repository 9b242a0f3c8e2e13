// @unkey/api 2.5.1's `Unkey` class (needs nodejs_compat: it reads `process.env`).
import { Unkey } from "@unkey/api";
import { handler } from "./handler.js";

export default handler((env) => {
  const unkey = new Unkey({ rootKey: env.ROOT_KEY, serverURL: env.SERVER_URL });
  return (key) => unkey.keys.verifyKey({ key });
});
