// The migrator: applies src/db/migrations/*.sql in name order, each in its own transaction, once.
// Files are named YYYYMMDDHHMM_feature.sql so features written in parallel never collide
// (drizzle-kit's single journal and snapshot chain would); see docs/decisions/003-migrations.md.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ENSURE_ROW_LEVEL_SECURITY } from './rls.js';

export const MIGRATIONS_FOLDER = path.resolve(import.meta.dirname, 'migrations');
const NAME = /^\d{12}_[a-z0-9_]+\.sql$/;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function loadMigrations(folder = MIGRATIONS_FOLDER): Migration[] {
  return fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => {
      if (!NAME.test(name)) throw new Error(`Migration file ${name} must be named YYYYMMDDHHMM_name.sql`);
      const sql = fs.readFileSync(path.join(folder, name), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

/** The few raw operations the migrator needs, implemented by each driver. */
export interface MigrationRunner {
  /** Runs a statement batch (several statements allowed) with no parameters. */
  exec(sql: string): Promise<void>;
  rows<T>(sql: string): Promise<T[]>;
  /** Runs `work` in one transaction on one connection. */
  transaction(work: (exec: (sql: string) => Promise<void>) => Promise<void>): Promise<void>;
}

export class MigrationError extends Error {}

export async function applyMigrations(
  runner: MigrationRunner,
  migrations = loadMigrations(),
): Promise<string[]> {
  await runner.exec(`CREATE TABLE IF NOT EXISTS waymark_migrations (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied = new Map(
    (
      await runner.rows<{ name: string; checksum: string }>('SELECT name, checksum FROM waymark_migrations')
    ).map((r) => [r.name, r.checksum]),
  );
  const known = new Set(migrations.map((m) => m.name));
  for (const name of applied.keys()) {
    if (!known.has(name)) {
      throw new MigrationError(
        `The database has migration ${name}, which this version of Waymark does not know: it was made by a newer version. Run that version, or restore a backup.`,
      );
    }
  }
  const done: string[] = [];
  for (const migration of migrations) {
    const previous = applied.get(migration.name);
    if (previous !== undefined) {
      if (previous !== migration.checksum) {
        throw new MigrationError(
          `Migration ${migration.name} was changed after it was applied. Write a new migration instead.`,
        );
      }
      continue;
    }
    await runner.transaction(async (exec) => {
      await exec(migration.sql);
      await exec(
        `INSERT INTO waymark_migrations (name, checksum) VALUES ('${migration.name}', '${migration.checksum}')`,
      );
    });
    done.push(migration.name);
  }
  await runner.transaction((exec) => exec(ENSURE_ROW_LEVEL_SECURITY));
  return done;
}
