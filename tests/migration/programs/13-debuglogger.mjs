// debugLogger: a logger with console's interface, collecting what the SDK tells it.
import { Unkey } from "@unkey/api";

const lines = [];
const logger = {
  log: (...args) => lines.push(["log", ...args.map((a) => (typeof a === "string" ? a : typeof a))].join(" ")),
  group: (label) => lines.push(`group ${label}`),
  groupEnd: () => lines.push("groupEnd"),
};
const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL, debugLogger: logger });
await unkey.apis.createApi({ name: "logged" });
const starts = lines.filter((l) => l.startsWith("group >") || l.startsWith("group <") || l.startsWith("log Status"));
console.log(starts.join("\n"));
console.log("groups balanced", lines.filter((l) => l.startsWith("group")).length === lines.filter((l) => l === "groupEnd").length);
console.log("has body", lines.some((l) => l === "group Body:"), "has headers", lines.some((l) => l === "group Headers:"));
