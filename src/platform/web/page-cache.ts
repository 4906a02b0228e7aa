// A cache of whole GET responses for the read-heavy pages (plan on a page, the scorecard, quality
// trends, board pack previews, the API's lists), so a board member refreshing a page, or forty
// opening it before a meeting, costs one build rather than forty. Opt-in per route
// (`config: { pageCache: true }`), per instance, bounded in bytes.
//
// An entry is only ever served when it is provably current: its key holds
//  - who asked (the user: pages show their name, role and links; nobody sees another's entry),
//  - the URL with its query,
//  - the organisation's data revision and the shared one (src/db/revisions.ts), read from the
//    database on every request, so a change made through any instance makes the entry unreachable,
//  - today's date in England (pages derive overdue and RAG from it).
// What differs per response is put back on the way out: the CSP nonces and the CSRF token. A page
// showing a one-off message (flash) is neither served from nor stored in the cache.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Serve and store this GET route's 200 responses in the page cache. */
    pageCache?: boolean;
  }
  interface FastifyRequest {
    pageCacheKey: string | null;
  }
  interface FastifyReply {
    /** The CSRF token a rendered page carries, so a cached copy can be given a fresh one. */
    renderedCsrf: string | null;
  }
}

/**
 * A backstop, not the mechanism: entries are made stale by the data revision. Ten minutes bounds
 * the harm should a write ever reach the database outside inTransaction.
 */
export const PAGE_CACHE_TTL_MS = 10 * 60_000;

/** What differs per response, put back into a stored page on every hit. */
export type Slot = 'script-nonce' | 'style-nonce' | 'csrf';

export interface Entry {
  /** The body in bytes, cut where a per-response value goes: parts.length === slots.length + 1. */
  parts: Buffer[];
  slots: Slot[];
  contentType: string;
  bytes: number;
  storedAt: number;
}

export interface PageCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

/** Least recently used first out, bounded by the bytes of the bodies held; entries expire after ttlMs. */
export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(
    readonly maxBytes: number,
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): Entry | null {
    const entry = this.entries.get(key);
    if (!entry || this.now() - entry.storedAt > this.ttlMs) {
      if (entry) this.remove(key, entry);
      this.misses += 1;
      return null;
    }
    // Map order is insertion order: re-inserting marks it most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits += 1;
    return entry;
  }

  set(key: string, parts: Buffer[], slots: Slot[], contentType: string): void {
    const bytes = parts.reduce((n, p) => n + p.length, 0);
    if (bytes > this.maxBytes / 4) return; // one page must not push out everything else
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    this.entries.set(key, { parts, slots, contentType, bytes, storedAt: this.now() });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldest, entry);
    }
  }

  stats(): PageCacheStats {
    return { entries: this.entries.size, bytes: this.bytes, hits: this.hits, misses: this.misses };
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}

/**
 * Cuts a body at every occurrence of the given values (this response's nonces and token: random,
 * so they occur nowhere else), so a hit is one concatenation rather than a search of the page.
 */
export function cutBody(
  body: string,
  values: Partial<Record<Slot, string>>,
): { parts: Buffer[]; slots: Slot[] } {
  const wanted = (Object.entries(values) as [Slot, string | undefined][]).filter(
    (e): e is [Slot, string] => typeof e[1] === 'string' && e[1].length >= 8,
  );
  const found: { at: number; length: number; slot: Slot }[] = [];
  for (const [slot, value] of wanted)
    for (let at = body.indexOf(value); at !== -1; at = body.indexOf(value, at + value.length))
      found.push({ at, length: value.length, slot });
  found.sort((a, b) => a.at - b.at);
  const parts: Buffer[] = [];
  const slots: Slot[] = [];
  let from = 0;
  for (const f of found) {
    if (f.at < from) continue; // overlapping matches cannot happen with random values; be safe
    parts.push(Buffer.from(body.slice(from, f.at)));
    slots.push(f.slot);
    from = f.at + f.length;
  }
  parts.push(Buffer.from(body.slice(from)));
  return { parts, slots };
}

/** A stored page with this response's values put back. */
export function joinBody(entry: Pick<Entry, 'parts' | 'slots'>, values: Record<Slot, string>): Buffer {
  if (entry.slots.length === 0) return entry.parts[0]!;
  const pieces: Buffer[] = [];
  entry.slots.forEach((slot, i) => pieces.push(entry.parts[i]!, Buffer.from(values[slot])));
  pieces.push(entry.parts[entry.parts.length - 1]!);
  return Buffer.concat(pieces);
}

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

export function registerPageCache(app: FastifyInstance, cache: PageCache | null): void {
  app.decorateRequest('pageCacheKey', null);
  app.decorateReply('renderedCsrf', null);
  if (!cache) return;

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || !request.routeOptions.config.pageCache) return;
    const auth = request.auth;
    if (!auth || auth.session?.flash) return;
    const revision = await app.services.revisions.of(request.org?.id ?? null);
    const key = [auth.user.id, request.url, revision, LONDON_DAY.format(new Date())].join('\n');
    const entry = cache.get(key);
    if (!entry) {
      request.pageCacheKey = key;
      void reply.header('x-page-cache', 'miss');
      return;
    }
    const body = joinBody(entry, {
      'script-nonce': reply.cspNonce.script,
      'style-nonce': reply.cspNonce.style,
      // Only made when the page carries a form: making one may set the CSRF cookie.
      csrf: entry.slots.includes('csrf') ? reply.generateCsrf() : '',
    });
    return reply.header('x-page-cache', 'hit').type(entry.contentType).send(body);
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const key = request.pageCacheKey;
    if (!key || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    // The message shown once was consumed while rendering: this response is not the page's usual one.
    if (request.auth?.session?.flash) return payload;
    const nonces = reply.cspNonce as { script?: string; style?: string } | undefined;
    const { parts, slots } = cutBody(payload, {
      'script-nonce': nonces?.script,
      'style-nonce': nonces?.style,
      csrf: reply.renderedCsrf ?? undefined,
    });
    const type = reply.getHeader('content-type');
    cache.set(key, parts, slots, typeof type === 'string' ? type : 'text/html; charset=utf-8');
    return payload;
  });
}
