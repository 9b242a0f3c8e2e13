// A Worker that leaves the root key to the environment: @unkey/api reads UNKEY_ROOT_KEY there
// (in Workers, a binding: nodejs_compat puts the string bindings in `process.env`).
import { Unkey } from "@unkey/api";
import { UnkeyError } from "@unkey/api/models/errors";

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const unkey = new Unkey({ serverURL: env.UNKEY_SERVER_URL });
    try {
      const { data } = await unkey.keys.verifyKey({ key: request.headers.get("x-api-key") ?? "none" });
      return Response.json({ valid: data.valid, code: data.code });
    } catch (err) {
      if (err instanceof UnkeyError) return Response.json({ error: err.name, status: err.statusCode }, { status: 502 });
      throw err;
    }
  },
} satisfies ExportedHandler<Env>;
