// Unkey behind an internal proxy mounted at a path: serverURL with a base path and a query.
import { Unkey } from "@unkey/api";
import { HTTPClient } from "@unkey/api/lib/http";

const upstream = process.env.UNKEY_SERVER_URL;
const urls = [];
const httpClient = new HTTPClient({
  fetcher: (req) => {
    const u = new URL(req.url);
    urls.push(`${u.pathname}${u.search}`);
    // The "proxy": strip the mount point and forward.
    return fetch(new Request(`${upstream}${u.pathname.replace(/^\/unkey/, "")}`, req));
  },
});
for (const serverURL of ["http://proxy.internal/unkey", "http://proxy.internal/unkey/", "http://proxy.internal/unkey?tenant=a"]) {
  const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL, httpClient });
  const { data } = await unkey.keys.verifyKey({ key: "sk_unknown_1234" });
  console.log(serverURL, data.code);
}
console.log(urls.join("\n"));
