// unkey-edge: the verification cache's store in the npm package (`new Unkey({ cache })`).
//
// What may be kept, for how long and under which id is the wasm's (src/cache.rs: `cacheId`,
// `cacheKeep`, `cacheAfter`), the policy the Rust client's `VerifyCache` follows too; this file
// only keeps entries. (A store in the wasm would cost every user of the package 10.8 KB gzip;
// ARCHITECTURE.md, "The verification cache".) Entries live in a Map in least-recently-used
// order, bounded in count and about in bytes; requests in flight are tickets; every
// invalidation bumps a generation, so an answer to a request sent before it is not kept.
//
// With `shared`, a Workers `Cache` (`caches.default`) is a second tier shared by the isolates of
// a location, with the same rules: a miss in memory looks there before sending, and an answer
// kept in memory is put there with the times the policy gave it and when (never renewed by a
// read, and cut by each reader to its own policy's, so the revocation lag stays the reader's
// ttlMs + staleMs from when Unkey answered). Every Worker of the zone reads
// that cache, so entries live under the client's scope (a hash of server URL and root key):
// another workspace's client never reads this one's verdicts.
//
// `lookup` answers like the Rust store's `Lookup`, without allocating for a hit: a string (a
// fresh answer's JSON), `[stale answer, ticket]` (ticket 0: someone else refreshes),
// a positive ticket (send it, then `settle`), a negative one (wait for `flight(-t)`, then look
// again) or `undefined` (send it as usual).

// Per-entry bookkeeping counted beside the texts (as the Rust store counts it).
const ENTRY_OVERHEAD = 96;

export class VerifyCacheStore {
  /**
   * `core`: the wasm class with the policy's static functions; `verifyOp`: verifyKey's index;
   * `opts`: [ttlMs, staleMs, negativeTtlMs, maxEntries, maxBytes] (NaN: default); `shared`:
   * `{ cache, scope }`, the second tier and the client's scope in it (`cacheScope`), or undefined.
   */
  constructor(core, verifyOp, opts, shared) {
    // The defaults are Rust's (`CacheOptions::default`), stated once.
    const defaults = core.cacheDefaults();
    const [ttl, stale, negative, entries, bytes] = opts.map((v, i) => (Number.isNaN(v) ? defaults[i] : v));
    this.shared = shared?.cache;
    this.scope = shared?.scope;
    this.core = core;
    this.verifyOp = verifyOp;
    this.ttl = ttl;
    this.stale = stale;
    this.negative = negative;
    this.maxEntries = entries;
    this.maxBytes = bytes;
    this.entries = new Map();
    this.bytes = 0;
    this.flights = new Map(); // ticket -> { id, generation, done }
    this.ticket = 0;
    this.generation = 0;
    this.effects = []; // op -> what it may change, as cacheAfter(op) says without a request
  }

  /**
   * The id of a call of `op` with request `text`, or undefined when it is not cacheable. Only
   * verifyKey ever is: other operations' requests are not copied into the wasm to learn that.
   */
  id(op, text) {
    return op !== this.verifyOp || text === undefined ? undefined : this.core.cacheId(op, text);
  }

  lookup(id, now) {
    const e = this.entries.get(id);
    if (e !== undefined) {
      if (now < e.stale) {
        // The most recently used go last.
        this.entries.delete(id);
        this.entries.set(id, e);
        if (e.text === null) return undefined;
        if (now < e.fresh) return e.text;
        if (e.refreshing) return [e.text, 0];
        e.refreshing = true;
        return [e.text, this.fly(id)];
      }
      this.remove(id);
    }
    for (const [t, f] of this.flights) if (f.id === id) return -t;
    return this.fly(id);
  }

  fly(id) {
    this.ticket = (this.ticket % 0x7fffffff) + 1;
    this.flights.set(this.ticket, { id, generation: this.generation, done: undefined });
    return this.ticket;
  }

  /** The promise that resolves once flight `ticket` has settled (resolved at once if none). */
  flight(ticket) {
    return this.flights.get(ticket)?.done;
  }

  /**
   * Sends flight `ticket` with `start(keep)` (`keep(text, times?)`: see `run`'s `keep`; `times`
   * when the shared tier answered), and settles it with the answer once that ends, however it
   * ends. Returns `start`'s promise.
   */
  lead(ticket, start, waitUntil) {
    let answer;
    let times;
    let p;
    try {
      p = start((t, s) => {
        answer = t;
        times = s;
      });
    } catch (e) {
      // Never left in flight: the callers waiting on it would wait for nothing.
      this.settle(ticket, undefined, Date.now());
      throw e;
    }
    const f = this.flights.get(ticket);
    const done = p.then(noop, noop).then(() => this.settle(ticket, answer, Date.now(), times, waitUntil));
    if (f) f.done = done;
    return p;
  }

  /**
   * Ends flight `ticket` with its answer's text (undefined: it failed); true when kept. `times`:
   * the shared tier's entry (its times stand); otherwise the policy decides, and what it keeps
   * goes to the shared tier too.
   */
  settle(ticket, text, now, times, waitUntil) {
    const f = this.flights.get(ticket);
    if (!f) return false;
    this.flights.delete(ticket);
    if (times !== undefined) {
      return f.generation === this.generation && this.insert(f.id, text, times.keyId, times.fresh, times.stale);
    }
    const keep = text !== undefined && f.generation === this.generation
      ? this.core.cacheKeep(text, now, this.ttl, this.stale, this.negative)
      : undefined;
    if (Array.isArray(keep) && this.insert(f.id, text, keep[2] ?? null, keep[0], keep[1])) {
      this.toShared(f.id, text, keep[2] ?? null, keep[0], keep[1], now, waitUntil);
      return true;
    }
    if (Array.isArray(keep)) return false;
    if (keep === -1) {
      const until = now + this.ttl;
      this.insert(f.id, null, null, until, until);
      return false;
    }
    // A failed refresh: the next stale reader tries again.
    const e = this.entries.get(f.id);
    if (e) e.refreshing = false;
    return false;
  }

  insert(id, text, keyId, fresh, stale) {
    this.remove(id);
    const bytes = ENTRY_OVERHEAD + id.length + (text?.length ?? 0) + (keyId?.length ?? 0);
    if (bytes > this.maxBytes || this.maxEntries === 0) return false;
    while (this.entries.size >= this.maxEntries || this.bytes + bytes > this.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.remove(oldest.value);
    }
    this.entries.set(id, { text, keyId, fresh, stale, refreshing: false, bytes });
    this.bytes += bytes;
    return true;
  }

  remove(id) {
    const e = this.entries.get(id);
    if (e) {
      this.entries.delete(id);
      this.bytes -= e.bytes;
    }
  }

  /**
   * Drops every answer of a key, given as the key itself or as its key id. In the shared tier,
   * the answers this isolate kept and, given the key, the answer to the plain `{ key }`
   * request go too; others expire within their TTL.
   */
  invalidate(keyOrId) {
    const hash = this.core.cacheId(this.verifyOp, JSON.stringify({ key: keyOrId }));
    if (hash !== undefined) this.fromSharedDelete(hash);
    this.dropWhere((id, e) => e.keyId === keyOrId || (hash !== undefined && id.startsWith(hash)), true);
  }

  /**
   * Drops every answer this isolate holds. The shared tier's expire within their TTL: deleting
   * thousands of entries there would spend the request's subrequests.
   */
  clear() {
    this.dropWhere(() => true, false);
  }

  dropWhere(gone, shared) {
    this.generation += 1;
    for (const [id, e] of this.entries) {
      if (gone(id, e)) {
        this.remove(id);
        if (shared) this.fromSharedDelete(id);
      }
    }
  }

  // ---- The shared tier (a Workers Cache) ----

  // The id as a URL: the client's scope (workspace and server), the key's hash, then the rest of
  // the request.
  url(id) {
    return `https://verify.unkey-edge.invalid/${this.scope}/${id.slice(0, 64)}/${encodeURIComponent(id.slice(64))}`;
  }

  /**
   * A fresh answer another isolate kept: { text, keyId, fresh, stale }, or undefined. Its times
   * are the writer's, cut to what this store's own policy gives an answer kept when that one was
   * (`x-unkey-kept-at`): a Worker of the zone with longer TTLs never stretches this one's
   * revocation lag past its own ttlMs + staleMs. An entry without that time is a miss.
   */
  async fromShared(id, now) {
    if (!this.shared) return undefined;
    try {
      const res = await this.shared.match(this.url(id));
      if (!res) return undefined;
      const keptAt = Number(res.headers.get("x-unkey-kept-at") ?? NaN);
      const text = await res.text();
      const own = Number.isFinite(keptAt) ? this.core.cacheKeep(text, keptAt, this.ttl, this.stale, this.negative) : undefined;
      if (!Array.isArray(own)) return undefined;
      const fresh = Math.min(Number(res.headers.get("x-unkey-fresh-until")), own[0]);
      const stale = Math.min(Number(res.headers.get("x-unkey-stale-until")), own[1]);
      return now < fresh ? { text, keyId: res.headers.get("x-unkey-key-id"), fresh, stale } : undefined;
    } catch {
      return undefined; // the tier is an optimisation: its failures are misses
    }
  }

  toShared(id, text, keyId, fresh, stale, now, waitUntil) {
    if (!this.shared || text === null) return;
    const headers = {
      "cache-control": `max-age=${Math.max(1, Math.ceil((stale - now) / 1000))}`,
      "x-unkey-fresh-until": String(fresh),
      "x-unkey-stale-until": String(stale),
      "x-unkey-kept-at": String(now),
    };
    if (keyId) headers["x-unkey-key-id"] = keyId;
    this.background(() => this.shared.put(this.url(id), new Response(text, { headers })), waitUntil);
  }

  fromSharedDelete(id) {
    if (this.shared) this.background(() => this.shared.delete(this.url(id)));
  }

  background(f, waitUntil) {
    try {
      const p = Promise.resolve(f()).catch(noop);
      waitUntil?.(p);
    } catch {
      // A tier that throws changes nothing.
    }
  }

  /** After a call of `op` with request `text` ended, however it ended: drops what it changed. */
  after(op, text) {
    // Operations that change no key are learned once (a request-less ask says so), so their
    // requests are never copied into the wasm for this.
    if (this.effects[op] === false) return;
    const touched = this.core.cacheAfter(op, text);
    if (touched === undefined) this.effects[op] = false;
    else if (touched === null) this.clear();
    else this.invalidate(touched);
  }
}

function noop() {}
