// A CommonJS service (require), as an older Express app has it.
const { Unkey } = require("@unkey/api");
const errors = require("@unkey/api/models/errors");

const unkey = new Unkey({ rootKey: process.env.UNKEY_ROOT_KEY, serverURL: process.env.UNKEY_SERVER_URL });
async function main() {
  const { apiId } = (await unkey.apis.createApi({ name: "cjs" })).data;
  const { key } = (await unkey.keys.createKey({ apiId })).data;
  const res = await unkey.keys.verifyKey({ key });
  console.log("valid", res.data.valid);
  try {
    await unkey.keys.getKey({ keyId: "key_nope1234" });
  } catch (err) {
    console.log(err instanceof errors.NotFoundErrorResponse, err instanceof errors.UnkeyError, err.statusCode);
  }
  console.log(typeof errors.SDKValidationError, typeof errors.ConnectionError, typeof errors.HTTPClientError);
}
main().catch((e) => {
  console.error("failed", e);
  process.exit(1);
});
