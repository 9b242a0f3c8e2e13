// A Worker on @unkey/api's standalone functions (FUNCTIONS.md): UnkeyCore and a function per
// operation, each answering a Result; the error classes from the files @unkey/api's README links.
import { UnkeyCore } from "@unkey/api/core.js";
import { keysVerifyKey } from "@unkey/api/funcs/keysVerifyKey.js";
// (Both spellings of a subpath: with `.js`, and without, as bundler-resolved code writes it.)
import { keysGetKey } from "@unkey/api/funcs/keysGetKey";
import { Code } from "@unkey/api/models/components";
import type { V2KeysVerifyKeyResponseBody } from "@unkey/api/models/components";
import { NotFoundErrorResponse } from "@unkey/api/models/errors/notfounderrorresponse.js";
import { ConnectionError } from "@unkey/api/models/errors/httpclienterrors.js";
import { BadRequestErrorResponse, SDKValidationError } from "@unkey/api/models/errors";

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const core = new UnkeyCore({ rootKey: env.UNKEY_ROOT_KEY, serverURL: env.UNKEY_SERVER_URL, retryConfig: { strategy: "none" } });
    const url = new URL(request.url);
    if (url.pathname.endsWith("/key")) {
      const res = await keysGetKey(core, { keyId: url.searchParams.get("id") ?? "" });
      if (res.ok) return Response.json({ name: res.value.data.name, enabled: res.value.data.enabled });
      if (res.error instanceof NotFoundErrorResponse) return Response.json({ error: res.error.error.title }, { status: 404 });
      return Response.json({ error: res.error.name }, { status: 500 });
    }
    const res = await keysVerifyKey(core, { key: request.headers.get("x-api-key") ?? "" });
    if (!res.ok) {
      // A key of the wrong form: refused by the client or by the server, whichever checks first.
      if (res.error instanceof SDKValidationError || res.error instanceof BadRequestErrorResponse) return Response.json({ ok: false, reason: "malformed key" }, { status: 400 });
      const status = res.error instanceof ConnectionError ? 503 : 500;
      return Response.json({ error: res.error.name }, { status });
    }
    const body: V2KeysVerifyKeyResponseBody = res.value;
    switch (body.data.code) {
      case Code.Valid:
        return Response.json({ ok: true, keyId: body.data.keyId });
      case Code.NotFound:
        return Response.json({ ok: false, reason: "unknown key" }, { status: 401 });
      case Code.UsageExceeded:
        return Response.json({ ok: false, reason: "no credits" }, { status: 402 });
      default:
        return Response.json({ ok: false, reason: body.data.code }, { status: 403 });
    }
  },
} satisfies ExportedHandler<Env>;
