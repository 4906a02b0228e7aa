import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describeEachDatabase, openTestDatabase } from '../../test/helpers/db.js';
import type { DatabaseHandle } from './client.js';
import { applyMigrations, loadMigrations, MigrationError } from './migrate.js';
import * as schema from './schema.js';

const tables = Object.values(schema as Record<string, unknown>).filter(
  (v): v is PgTable => v instanceof PgTable,
);

/** Drizzle's SQL type names, as PostgreSQL's format_type() prints them. */
function normalise(type: string): string {
  return type
    .replace(/^bigserial$/, 'bigint')
    .replace(/^serial$/, 'integer')
    .replace(/^timestamp \(\d\) with time zone$/, 'timestamp with time zone')
    .replace(/^varchar/, 'character varying');
}

describeEachDatabase('migrations', (kind) => {
  let handle: DatabaseHandle;
  before(async () => {
    handle = await openTestDatabase(kind);
  });
  after(() => handle.close());

  it('create exactly the tables and columns the Drizzle schema describes (no drift)', async () => {
    assert.ok(tables.length >= 6);
    for (const table of tables) {
      const config = getTableConfig(table);
      const rows = await handle.query<{ name: string; type: string; not_null: boolean }>(
        `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null
           from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relname = $1 and a.attnum > 0 and not a.attisdropped`,
        [config.name],
      );
      assert.ok(rows.length > 0, `table ${config.name} is missing from the migrations`);
      const actual = new Map(rows.map((r) => [r.name, r]));
      for (const column of config.columns) {
        const found = actual.get(column.name);
        assert.ok(found, `${config.name}.${column.name} is in the schema but not in the migrations`);
        assert.equal(found.type, normalise(column.getSQLType()), `${config.name}.${column.name} type`);
        assert.equal(found.not_null, column.notNull, `${config.name}.${column.name} nullability`);
      }
      assert.deepEqual(
        [...actual.keys()].filter((name) => !config.columns.some((c) => c.name === name)),
        [],
        `${config.name} has columns the schema does not describe`,
      );
    }
  });

  it('are applied once, and refuse a changed or unknown migration', async () => {
    const runner = {
      exec: (sql: string) => handle.exec(sql),
      rows: <T>(sql: string) => handle.query<T>(sql),
      transaction: async (work: (exec: (sql: string) => Promise<void>) => Promise<void>) =>
        work((sql) => runner.exec(sql)),
    };
    const migrations = loadMigrations();
    assert.deepEqual(await applyMigrations(runner, migrations), []);
    const changed = migrations.map((m, i) => (i === 0 ? { ...m, checksum: 'different' } : m));
    await assert.rejects(
      applyMigrations(runner, changed),
      (e: unknown) => e instanceof MigrationError && /was changed after it was applied/.test(e.message),
    );
    await assert.rejects(
      applyMigrations(runner, migrations.slice(1)),
      /which this version of Waymark does not know/,
    );
  });
});
