// unkey-edge, imported as a user would (the packed package; wrangler picks its `workerd` entry).
import { Unkey } from "unkey-edge";
import { handler } from "./handler.js";

export default handler((env) => {
  const unkey = new Unkey({ rootKey: env.ROOT_KEY, serverURL: env.SERVER_URL });
  return (key) => unkey.keys.verifyKey({ key });
});
