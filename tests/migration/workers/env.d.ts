// The bindings every Worker here reads (tests/migration/run.mjs sets them).
interface Env {
  UNKEY_ROOT_KEY: string;
  /** unkey-local; a deployed Worker leaves it out and talks to api.unkey.com. */
  UNKEY_SERVER_URL: string;
}
