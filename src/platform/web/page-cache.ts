// A cache of whole GET responses for the read-heavy pages (plan on a page, the scorecard, quality
// trends, board pack previews, the API's lists), so a board member refreshing a page, or forty
// opening it before a meeting, costs one build rather than forty. Opt-in per route
// (`config: { pageCache: true }`), per instance, bounded in bytes.
//
// An entry is only ever served when it is provably current: its key holds
//  - who asked (the user: pages show their name, role and links; nobody sees another's entry),
//  - the browser's CSRF cookie (the page's forms carry a token made from its secret, valid only
//    with that cookie), or nothing for API calls, which carry no cookies and no forms,
//  - the URL with its query,
//  - the organisation's data revision and the shared one (src/db/revisions.ts), read from the
//    database on every request (with the organisation and role: no extra round trip), so a change
//    made through any instance makes the entry unreachable,
//  - today's date in England (pages derive overdue and RAG from it).
// Nothing in a page differs per response (the layout's one inline script is allowed by its hash,
// not a nonce: see security-headers.ts), so an entry is stored once, gzip-compressed, and sent as
// it is to every client that accepts gzip (every browser). A response that sets a cookie, or
// shows a one-off message (flash), is neither served from nor stored in the cache.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_COOKIE } from '../auth/sessions.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Serve and store this GET route's 200 responses in the page cache. */
    pageCache?: boolean;
  }
  interface FastifyRequest {
    pageCacheKey: string | null;
  }
}

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

/**
 * A backstop, not the mechanism: entries are made stale by the data revision. Ten minutes bounds
 * the harm should a write ever reach the database outside inTransaction.
 */
export const PAGE_CACHE_TTL_MS = 10 * 60_000;

export interface Entry {
  /** The body, gzip-compressed. */
  gzip: Buffer;
  contentType: string;
  storedAt: number;
}

export interface PageCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

/** Least recently used first out, bounded by the compressed bytes held; entries expire after ttlMs. */
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

  set(key: string, compressed: Buffer, contentType: string): void {
    if (compressed.length > this.maxBytes / 4) return; // one page must not push out everything else
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    this.entries.set(key, { gzip: compressed, contentType, storedAt: this.now() });
    this.bytes += compressed.length;
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
    this.bytes -= entry.gzip.length;
  }
}

/** Whether an Accept-Encoding header admits gzip (RFC 9110 §12.5.3: `gzip`, or `*`, not at q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star: boolean | null = null;
  for (const item of header.split(',')) {
    const [name = '', ...params] = item.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const allowed = q === undefined || Number(q.slice(2)) > 0;
    if (name.trim() === 'gzip') return allowed;
    if (name.trim() === '*') star = allowed;
  }
  return star ?? false;
}

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** Sends a stored body: as it is to a client that accepts gzip, decompressed to one that does not. */
async function sendStored(request: FastifyRequest, reply: FastifyReply, compressed: Buffer): Promise<Buffer> {
  void reply.header('vary', 'accept-encoding');
  if (acceptsGzip(request.headers['accept-encoding'])) {
    void reply.header('content-encoding', 'gzip');
    return compressed;
  }
  return gunzip(compressed);
}

export function registerPageCache(app: FastifyInstance, cache: PageCache | null): void {
  app.decorateRequest('pageCacheKey', null);
  if (!cache) return;

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || !request.routeOptions.config.pageCache) return;
    const auth = request.auth;
    if (!auth || auth.session?.flash) return;
    // Read with the organisation when the route has one (auth-hooks), else on its own.
    const revision = request.dataRevision ?? (await app.services.revisions.of(null));
    const key = [
      auth.user.id,
      request.cookies[CSRF_COOKIE] ?? '',
      request.url,
      revision,
      LONDON_DAY.format(new Date()),
    ].join('\n');
    const entry = cache.get(key);
    if (!entry) {
      request.pageCacheKey = key;
      void reply.header('x-page-cache', 'miss');
      return;
    }
    const body = await sendStored(request, reply, entry.gzip);
    return reply.header('x-page-cache', 'hit').type(entry.contentType).send(body);
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const key = request.pageCacheKey;
    if (!key || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    // The message shown once was consumed while rendering: this response is not the page's usual one.
    if (request.auth?.session?.flash) return payload;
    // A response that sets a cookie (a first CSRF secret) differs from the next one.
    if (reply.hasHeader('set-cookie')) return payload;
    const compressed = await gzip(payload);
    const type = reply.getHeader('content-type');
    cache.set(key, compressed, typeof type === 'string' ? type : 'text/html; charset=utf-8');
    if (acceptsGzip(request.headers['accept-encoding'])) return sendStored(request, reply, compressed);
    void reply.header('vary', 'accept-encoding');
    return payload;
  });
}
