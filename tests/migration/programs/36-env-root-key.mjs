// No rootKey option: the SDK reads UNKEY_ROOT_KEY from the environment.
import { Unkey } from "@unkey/api";

const unkey = new Unkey({ serverURL: process.env.UNKEY_SERVER_URL });
const { data } = await unkey.apis.createApi({ name: "from-env" });
console.log("created", data.apiId.startsWith("api_"));
const explicit = new Unkey({ rootKey: undefined, serverURL: process.env.UNKEY_SERVER_URL });
console.log("explicit undefined", (await explicit.apis.getApi({ apiId: data.apiId })).data.name);
