// node-postgres runs one query at a time per connection and queues the rest, but queuing inside the
// driver is deprecated (pg@9 will refuse it). A transaction is one connection, and services start
// independent reads together (Promise.all) whether or not they run inside one, so each connection
// gets its own queue here: a query starts when the one before it on that connection has settled.
import type pg from 'pg';

const serialised = new WeakSet<pg.PoolClient>();

/** Makes a pool's connections take their promise-style queries in turn. */
export function serialiseQueries(pool: pg.Pool): void {
  pool.on('connect', (client) => serialise(client));
}

export function serialise(client: pg.PoolClient): void {
  if (serialised.has(client)) return;
  serialised.add(client);
  // Looked up on every call, so anything wrapping pg.Client#query later (bench/sql-capture.ts) still runs.
  const original = (...args: unknown[]): unknown =>
    (Object.getPrototypeOf(client) as { query: (...a: unknown[]) => unknown }).query.apply(client, args);
  let tail: Promise<unknown> = Promise.resolve();
  (client as { query: unknown }).query = (...args: unknown[]): unknown => {
    // Callback-style calls and submittables (cursors, COPY streams) keep the driver's own behaviour.
    const first = args[0] as { submit?: unknown } | undefined;
    if (typeof args[args.length - 1] === 'function' || typeof first?.submit === 'function') {
      return original(...args);
    }
    const run = tail.then(() => original(...args) as Promise<unknown>);
    tail = run.catch(() => undefined);
    return run;
  };
}
