// Diagnostic: the raw-fetch floor with the deadline unkey-edge gives every call in Workers (an
// AbortController and a 5 s timer, cleared when the call settles; Workers let neither be
// shared across requests). Used only in the per-call table: unkey-edge against this row is
// deadline against deadline.
import { handler } from "./handler.js";

export default handler((env) => async (key) => {
  const c = new AbortController();
  const timer = setTimeout(() => c.abort(), 5000);
  try {
    const res = await fetch(`${env.SERVER_URL}/v2/keys.verifyKey`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.ROOT_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ key }),
      signal: c.signal,
    });
    if (!res.ok) throw new Error(`verifyKey: HTTP ${res.status}`);
    return await res.json();
  } finally {
    clearTimeout(timer);
  }
});
