import type { VerifyKeyData } from "unkey-edge";
import type { GuardDecision, GuardOptions } from "unkey-edge/guard";

/** `req.unkey` after the middleware let a request through. */
export interface UnkeyGuardInfo {
  keyId: string | null;
  identity: string | null;
  verdict: "verified" | "public" | "fail-open";
  /** The verifyKey `data`, when a key was verified. */
  data: VerifyKeyData | null;
}

/** What the middleware reads and sets on a Node `IncomingMessage` / Express request. */
export interface GuardNodeRequest {
  method?: string;
  url?: string;
  /** Express's mount path: the guard matches routes on `baseUrl` + `url`, what the router routes. */
  baseUrl?: string;
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  socket?: { remoteAddress?: string };
  unkey?: UnkeyGuardInfo;
}

/** What the middleware uses of a Node `ServerResponse` / Express response. */
export interface GuardNodeResponse {
  statusCode: number;
  readonly headersSent: boolean;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/**
 * Express / Node http middleware: the unkey-edge guard. Sets `req.unkey` when a request passes.
 * Route patterns match the whole path the router serves (`req.baseUrl` + `req.url`), also under
 * a mount path (`app.use("/v1", unkeyGuard(...))`: write `/v1/...`).
 */
export declare function unkeyGuard<Req extends GuardNodeRequest = GuardNodeRequest, Res extends GuardNodeResponse = GuardNodeResponse>(
  options: Omit<GuardOptions<Req>, "respond"> & {
    /** Called on a denial; return true when you answered it yourself. */
    respond?: (info: GuardDecision & { request: Req; response: Res }) => boolean | void | Promise<boolean | void>;
  },
): (req: Req, res: Res, next: (err?: unknown) => void) => void;

declare global {
  // Express's own augmentation point: types `req.unkey` when @types/express is installed.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      unkey?: UnkeyGuardInfo;
    }
  }
}
