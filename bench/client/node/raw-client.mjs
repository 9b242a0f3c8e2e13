// The floor in Node: verifyKey written by hand over the global fetch, shaped like the clients
// (`new RawUnkey(opts).keys.verifyKey(req)` → the parsed envelope). `timeoutMs` adds an
// AbortSignal.timeout, the cheapest way to get the deadline unkey-edge always sets.
export class RawUnkey {
  constructor({ rootKey, serverURL, timeoutMs }) {
    const url = `${serverURL}/v2/keys.verifyKey`;
    const headers = { authorization: `Bearer ${rootKey}`, "content-type": "application/json" };
    this.keys = {
      async verifyKey(request) {
        const init = { method: "POST", headers, body: JSON.stringify(request) };
        if (timeoutMs) init.signal = AbortSignal.timeout(timeoutMs);
        const res = await fetch(url, init);
        if (!res.ok) throw new Error(`verifyKey: HTTP ${res.status}`);
        return res.json();
      },
    };
  }
}
