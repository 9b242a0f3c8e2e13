// Shared by every benchmark Worker: `GET /?n=N` runs N sequential verifyKey calls with the
// client under test and answers { n, valid, ms } (ms from Date.now(), which workerd advances
// across I/O, so it covers the whole loop). The client is built on the first request because
// `env` is only reachable there.
export function handler(makeVerify) {
  let verify = null;
  return {
    async fetch(request, env) {
      verify ||= makeVerify(env);
      const n = Number(new URL(request.url).searchParams.get("n") || 1);
      const t0 = Date.now();
      let valid = 0;
      for (let i = 0; i < n; i++) if ((await verify(env.KEY)).data.valid) valid++;
      return Response.json({ n, valid, ms: Date.now() - t0 });
    },
  };
}
