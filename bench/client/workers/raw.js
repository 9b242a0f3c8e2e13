// The floor: verifyKey written by hand over the runtime's fetch, no client library.
import { handler } from "./handler.js";

export default handler((env) => async (key) => {
  const res = await fetch(`${env.SERVER_URL}/v2/keys.verifyKey`, {
    method: "POST",
    headers: { authorization: `Bearer ${env.ROOT_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ key }),
  });
  if (!res.ok) throw new Error(`verifyKey: HTTP ${res.status}`);
  return res.json();
});
