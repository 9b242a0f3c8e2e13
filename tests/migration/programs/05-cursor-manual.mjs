// A dashboard's "load more" button: the cursor travels through the client, one call per click.
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "cursor" })).data;
for (let i = 0; i < 5; i++) await unkey.keys.createKey({ apiId });

async function loadMore(cursor) {
  const res = await unkey.apis.listKeys({ apiId, limit: 2, ...(cursor ? { cursor } : {}) });
  const { data, pagination } = res.result;
  return { count: data.length, next: pagination?.hasMore ? pagination.cursor : null };
}
let cursor = null;
let total = 0;
for (let click = 0; click < 10; click++) {
  const r = await loadMore(cursor);
  total += r.count;
  console.log("click", click, r.count, r.next === null ? "end" : "more");
  if (!r.next) break;
  cursor = r.next;
}
console.log("total", total);
