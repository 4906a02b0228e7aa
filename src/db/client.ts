// Opens the one database: embedded PGlite on disk by default, or a PostgreSQL server via DATABASE_URL.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.js';
import { acquireDirLock, type DirLock } from './lock.js';
import { applyMigrations } from './migrate.js';
import { serialiseQueries } from './serial-client.js';

export type Schema = typeof schema;
/** Both drivers' databases share this base type, so repositories are written once. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A repository accepts either the database or a transaction it should take part in. */
export type Executor = Database | Transaction;
export type DatabaseKind = 'pglite' | 'postgresql';

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  /** Raw query for health checks and tests, with rows typed by the caller. */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a batch of statements (no parameters), e.g. a migration. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** Skip the folder lock: only for in-memory test databases that nobody else can open. */
  inMemory?: boolean;
  /** Load a PGlite snapshot (a dumpDataDir tarball), for fast test databases. */
  loadDataDir?: Blob;
  migrate?: boolean;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  const handle = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : await openPglite(options);
  if (options.migrate !== false) {
    try {
      await migrateDatabase(handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
  return handle;
}

async function openPostgres(url: string, max: number): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  serialiseQueries(pool);
  const db = drizzlePg(pool, { schema }) as unknown as Database;
  return {
    db,
    kind: 'postgresql',
    async query<T>(text: string, params: unknown[] = []) {
      const result = await pool.query(text, params);
      return result.rows as T[];
    },
    async exec(text: string) {
      await pool.query(text);
    },
    async close() {
      await pool.end();
    },
    get pool() {
      return pool;
    },
  } as DatabaseHandle;
}

async function openPglite(options: OpenOptions): Promise<DatabaseHandle> {
  let lock: DirLock | null = null;
  let client: PGlite;
  if (options.inMemory) {
    client = await PGlite.create(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  } else {
    lock = acquireDirLock(options.dataDir);
    try {
      const pgDir = path.join(options.dataDir, 'pglite');
      fs.mkdirSync(options.dataDir, { recursive: true });
      client = await PGlite.create(pgDir);
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    async query<T>(text: string, params: unknown[] = []) {
      const result = await client.query<T>(text, params);
      return result.rows;
    },
    async exec(text: string) {
      await client.exec(text);
    },
    async close() {
      try {
        if (!client.closed) await client.close();
      } finally {
        lock?.release();
      }
    },
    get pglite() {
      return client;
    },
  } as DatabaseHandle;
}

/**
 * Applies pending migrations. On PostgreSQL an advisory lock makes instances that start together
 * take turns, so a rolling upgrade never runs one migration twice.
 */
export async function migrateDatabase(handle: DatabaseHandle): Promise<string[]> {
  if (handle.kind === 'pglite') {
    const client = (handle as DatabaseHandle & { pglite: PGlite }).pglite;
    return applyMigrations({
      exec: async (sql) => {
        await client.exec(sql);
      },
      rows: async <T>(sql: string) => (await client.query<T>(sql)).rows,
      transaction: (work) =>
        client.transaction(async (tx) => {
          await work(async (sql) => {
            await tx.exec(sql);
          });
        }),
    });
  }
  const pool = (handle as DatabaseHandle & { pool: pg.Pool }).pool;
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7261001)');
    return await applyMigrations({
      exec: async (sql) => {
        await client.query(sql);
      },
      rows: async <T>(sql: string) => (await client.query(sql)).rows as T[],
      transaction: async (work) => {
        await client.query('BEGIN');
        try {
          await work(async (sql) => {
            await client.query(sql);
          });
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      },
    });
  } finally {
    await client.query('SELECT pg_advisory_unlock(7261001)').catch(() => undefined);
    client.release();
  }
}
