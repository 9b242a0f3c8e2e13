// Server selection: serverURL with a trailing slash, serverIdx 0, a base path.
import { Unkey } from "@unkey/api";

const base = process.env.UNKEY_SERVER_URL;
for (const opts of [{ serverURL: `${base}/` }, { serverURL: base, serverIdx: 0 }, { serverURL: new URL(base).toString() }]) {
  try {
    const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, ...opts });
    const { data } = await unkey.apis.createApi({ name: `sel-${Math.random().toString(36).slice(2, 6)}` });
    console.log(JSON.stringify(Object.keys(opts)), data.apiId.startsWith("api_"));
  } catch (e) {
    console.log(JSON.stringify(Object.keys(opts)), "failed", e.name);
  }
}
