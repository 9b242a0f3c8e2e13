import type { GuardOptions } from "unkey-edge/guard";

/** Express / Node http middleware: the unkey-edge guard. Sets `req.unkey` when a request passes. */
export declare function unkeyGuard(
  options: Omit<GuardOptions, "respond"> & {
    /** Return true when you answered the denial yourself. */
    respond?: (info: any) => boolean | void | Promise<boolean | void>;
  },
): (req: any, res: any, next: (err?: unknown) => void) => void;
