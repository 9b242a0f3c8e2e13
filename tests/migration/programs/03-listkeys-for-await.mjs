// The README's pagination example: for await over every page of listKeys.
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY ?? "", serverURL: process.env.UNKEY_SERVER_URL });
const { apiId } = (await unkey.apis.createApi({ name: "listing" })).data;
for (let i = 0; i < 5; i++) await unkey.keys.createKey({ apiId, name: `key ${i}`, externalId: i % 2 ? "odd" : "even" });

const result = await unkey.apis.listKeys({ apiId, limit: 2 });
let n = 0;
for await (const page of result) {
  n++;
  console.log("page", n, page.result.data.length, page.result.pagination?.hasMore, typeof page.result.pagination?.cursor, page.result.meta.requestId.slice(0, 4));
  console.log(" names", page.result.data.length);
  console.log(" keys of page", Object.keys(page).join(","));
}
const names = [];
for await (const page of await unkey.apis.listKeys({ apiId, limit: 3 })) names.push(...page.result.data.map((k) => k.name));
console.log("all", names.sort().join("|"));
const evens = await unkey.apis.listKeys({ apiId, externalId: "even" });
console.log("even", evens.result.data.length, evens.result.data.every((k) => k.identity?.externalId === "even"));
console.log("first page keys", Object.keys(result).join(","), typeof result.next);
