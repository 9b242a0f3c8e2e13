// timeoutMs 0 from a config file meaning "no timeout", and -1 from an older one.
import { Unkey } from "@unkey/api";

for (const timeoutMs of [0, -1, undefined]) {
  try {
    const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL, timeoutMs });
    const r = await unkey.keys.verifyKey({ key: "sk_timeout_1234" }, { timeoutMs });
    console.log(timeoutMs, r.data.code);
  } catch (e) {
    console.log(timeoutMs, "failed", e.name);
  }
}
