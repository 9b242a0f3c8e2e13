// UNKEY_DEBUG set in the environment: console becomes the debug logger.
// env: UNKEY_DEBUG=true
import { Unkey } from "@unkey/api";

const told = [];
const origLog = console.log;
const origGroup = console.group;
const origEnd = console.groupEnd;
console.group = (t) => told.push(`group ${t}`);
console.groupEnd = () => told.push("end");
console.log = (...a) => told.push(a.map(String).join(" "));
try {
  const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
  await unkey.apis.createApi({ name: "debugged" });
} finally {
  console.log = origLog;
  console.group = origGroup;
  console.groupEnd = origEnd;
}
console.log(told.filter((l) => l.startsWith("group >") || l.startsWith("group <") || l.startsWith("Status")).join("\n"));
