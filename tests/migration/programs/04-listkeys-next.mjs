// Walking pages by hand with next(), as a job that exports keys does.
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "export" })).data;
for (let i = 0; i < 7; i++) await unkey.keys.createKey({ apiId, name: `k${i}`, meta: { i } });

const rows = [];
let page = await unkey.apis.listKeys({ apiId, limit: 3 });
let pages = 0;
while (page) {
  pages++;
  for (const k of page.result.data) rows.push(`${k.name}:${k.meta?.i}:${k.enabled}`);
  page = await page.next();
}
console.log(pages, rows.length, rows.sort().join(" "));
console.log("after last", page);
