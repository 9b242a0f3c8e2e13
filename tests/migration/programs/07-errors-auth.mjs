// A misconfigured deployment: the wrong root key, and none at all.
import { Unkey } from "@unkey/api";
import { UnauthorizedErrorResponse, BadRequestErrorResponse, ForbiddenErrorResponse, UnkeyError } from "@unkey/api/models/errors";

for (const rootKey of ["unkey_wrongwrongwrong", ""]) {
  const unkey = new Unkey({ rootKey, serverURL: process.env.UNKEY_SERVER_URL });
  try {
    await unkey.apis.createApi({ name: "never" });
  } catch (e) {
    console.log(JSON.stringify(rootKey), e.constructor.name, e.name, e.statusCode,
      e instanceof UnauthorizedErrorResponse, e instanceof BadRequestErrorResponse, e instanceof ForbiddenErrorResponse, e instanceof UnkeyError);
    console.log(" detail", e.data$?.error?.detail, e.data$?.error?.type);
    console.log(" errors", JSON.stringify(e.data$?.error?.errors));
    console.log(" message", e.message);
  }
}
