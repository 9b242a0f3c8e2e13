// What the benchmark scripts share: their command-line options and the CPU of the workerd
// processes they start.
import { readdirSync, readFileSync } from "node:fs";

/** The value after `--name` on the command line, or `dflt`. */
export function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
}

/**
 * CPU time (ms) of the workerd processes this script started (Miniflare spawns one per
 * Worker), from /proc in 10 ms ticks. Only the Worker under load is busy, so a delta over a run
 * is that Worker's CPU: a per-request cost that, unlike req/s, does not depend on what else the
 * machine is doing.
 */
export function workerdCpuMs() {
  let ticks = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue;
    }
    const close = stat.lastIndexOf(")");
    if (!stat.slice(0, close).includes("(workerd")) continue;
    const f = stat.slice(close + 2).split(" ");
    if (Number(f[1]) !== process.pid) continue; // ppid
    ticks += Number(f[11]) + Number(f[12]); // utime + stime
  }
  return ticks * 10; // USER_HZ = 100
}
