// Test databases: PGlite loaded from the migrated snapshot, or a fresh PostgreSQL database from the template.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { describe } from 'node:test';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type DatabaseKind } from '../../src/db/client.js';

export const DATABASE_KINDS: readonly DatabaseKind[] = ['pglite', 'postgresql'];

export function postgresSkipReason(): string | false {
  return process.env.WAYMARK_TEST_PG_ADMIN_URL
    ? false
    : 'PostgreSQL not available (run through `npm test`, which starts one; install with apt-get install -y postgresql)';
}

/** Declares the same suite once per database kind; the PostgreSQL copy is skipped, saying why, when there is none. */
export function describeEachDatabase(name: string, body: (kind: DatabaseKind) => void): void {
  for (const kind of DATABASE_KINDS) {
    describe(`${name} [${kind}]`, { skip: kind === 'postgresql' ? postgresSkipReason() : false }, () =>
      body(kind),
    );
  }
}

export async function openTestDatabase(kind: DatabaseKind): Promise<DatabaseHandle> {
  if (kind === 'pglite') {
    const snapshot = process.env.WAYMARK_TEST_PGLITE_SNAPSHOT;
    if (snapshot && fs.existsSync(snapshot)) {
      const loadDataDir = new Blob([fs.readFileSync(snapshot)]);
      // The snapshot is already migrated; running the migrator again is a cheap no-op check.
      return openDatabase({ databaseUrl: null, dataDir: '', inMemory: true, loadDataDir });
    }
    return openDatabase({ databaseUrl: null, dataDir: '', inMemory: true });
  }
  const adminUrl = process.env.WAYMARK_TEST_PG_ADMIN_URL;
  const baseUrl = process.env.WAYMARK_TEST_PG_BASE_URL;
  if (!adminUrl || !baseUrl) throw new Error('PostgreSQL is not available for tests');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE waymark_template`);
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({ databaseUrl: `${baseUrl}${name}`, dataDir: '', poolSize: 5 });
  const close = handle.close.bind(handle);
  handle.close = async () => {
    await close();
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => cleanup.end());
  };
  return handle;
}
