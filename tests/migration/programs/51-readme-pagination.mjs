// The README's pagination example, verbatim but for the setup: console.log of each page.
import { Unkey } from "@unkey/api";

const unkey = new Unkey({
  rootKey: process.env["UNKEY_ROOT_KEY"] ?? "",
  serverURL: process.env.UNKEY_SERVER_URL,
});
const { apiId } = (await unkey.apis.createApi({ name: "readme" })).data;
for (let i = 0; i < 3; i++) await unkey.keys.createKey({ apiId, externalId: "user_1234abcd" });

async function run() {
  const result = await unkey.apis.listKeys({
    apiId,
    limit: 2,
    externalId: "user_1234abcd",
  });

  for await (const page of result) {
    console.log(page);
  }
  const again = await unkey.apis.listKeys({ apiId, limit: 2 });
  console.log(JSON.stringify(Object.keys(again)), JSON.stringify(again).includes('"~next":{"cursor":'));
  const second = await again.next();
  console.log(JSON.stringify(Object.keys(second)), typeof second.next, JSON.stringify(second).startsWith('{"result":'));
}

await run();
