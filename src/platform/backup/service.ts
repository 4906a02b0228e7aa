// Backup and restore of the whole database as gzipped JSON lines: the same file format for PGlite
// and PostgreSQL, so a backup from one restores into the other. A backup is one consistent
// snapshot; a restore is one transaction, so it either completes or changes nothing.
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { DatabaseHandle } from '../../db/client.js';
import { raiseSharedRevisionQuery } from '../../db/revisions.js';
import { ValidationError } from '../errors.js';
import { backupRepository as repo, withSession, type TableInfo } from './repository.js';

export const BACKUP_FORMAT = 'waymark-backup';
const PAGE = 1000;

interface Header {
  format: typeof BACKUP_FORMAT;
  formatVersion: 1;
  createdAt: string;
  database: string;
  migrations: string[];
  tables: { name: string; rows: number }[];
}

/** Orders tables so every table comes after the tables its foreign keys point at. */
export function dependencyOrder(tables: TableInfo[]): string[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: string[] = [];
  const visit = (name: string) => {
    if (done.has(name)) return;
    if (visiting.has(name)) throw new Error(`Foreign keys form a cycle through ${name}`);
    visiting.add(name);
    for (const parent of byName.get(name)?.dependsOn ?? []) if (byName.has(parent)) visit(parent);
    visiting.delete(name);
    done.add(name);
    order.push(name);
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t.name);
  return order;
}

export async function backupDatabase(
  handle: DatabaseHandle,
  outFile: string,
): Promise<{ tables: number; rows: number }> {
  const tmp = `${outFile}.partial`;
  let total = 0;
  let tableCount = 0;
  await withSession(handle, true, async (s) => {
    const order = dependencyOrder(await repo.tables(s));
    const counts: { name: string; rows: number }[] = [];
    for (const name of order) counts.push({ name, rows: await repo.count(s, name) });
    const header: Header = {
      format: BACKUP_FORMAT,
      formatVersion: 1,
      createdAt: new Date().toISOString(),
      database: handle.kind,
      migrations: await repo.migrations(s),
      tables: counts,
    };
    async function* lines() {
      yield `${JSON.stringify(header)}\n`;
      for (const { name, rows } of counts) {
        for (let offset = 0; offset < rows; offset += PAGE) {
          for (const json of await repo.page(s, name, PAGE, offset)) {
            total++;
            yield `{"t":${JSON.stringify(name)},"r":${json}}\n`;
          }
        }
      }
      yield `${JSON.stringify({ end: true, rows: total })}\n`;
    }
    await pipeline(Readable.from(lines()), zlib.createGzip(), fs.createWriteStream(tmp, { mode: 0o600 }));
    tableCount = counts.length;
  });
  // Only a complete file takes the final name.
  fs.renameSync(tmp, outFile);
  return { tables: tableCount, rows: total };
}

export async function restoreDatabase(
  handle: DatabaseHandle,
  inFile: string,
  options: { replace?: boolean; onProgress?: (table: string, rowsSoFar: number) => void } = {},
): Promise<{ tables: number; rows: number }> {
  if (!fs.existsSync(inFile)) throw new ValidationError(`There is no file ${inFile}`);
  const input = fs.createReadStream(inFile).pipe(zlib.createGunzip());
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const next = async (): Promise<string | null> => {
    try {
      const result: IteratorResult<string> = await iterator.next();
      return result.done ? null : result.value;
    } catch {
      throw new ValidationError(`${inFile} is not a Waymark backup (it is not a readable gzip file)`);
    }
  };

  const first = await next();
  let header: Header;
  try {
    header = JSON.parse(first ?? '') as Header;
  } catch {
    throw new ValidationError(`${inFile} is not a Waymark backup`);
  }
  if (header.format !== BACKUP_FORMAT) throw new ValidationError(`${inFile} is not a Waymark backup`);

  return withSession(handle, false, async (s) => {
    const migrations = await repo.migrations(s);
    if (JSON.stringify(migrations) !== JSON.stringify(header.migrations)) {
      throw new ValidationError(
        `The backup was made with a different database version (${header.migrations.at(-1) ?? 'none'}) from this one (${migrations.at(-1) ?? 'none'}). Restore it with the matching version of Waymark.`,
      );
    }
    const tables = await repo.tables(s);
    const names = tables.map((t) => t.name);
    const nonEmpty = [];
    for (const name of names) if ((await repo.count(s, name)) > 0) nonEmpty.push(name);
    if (nonEmpty.length > 0) {
      if (!options.replace) {
        throw new ValidationError(
          `The database is not empty (${nonEmpty.length} tables have rows). Restore into an empty database, or pass --replace to delete everything in it first.`,
        );
      }
      await repo.truncateAll(s, names);
    }
    let total = 0;
    let batchTable: string | null = null;
    let batch: string[] = [];
    const flush = async () => {
      if (batchTable && batch.length > 0) {
        await repo.insertJson(s, batchTable, `[${batch.join(',')}]`);
        options.onProgress?.(batchTable, total);
      }
      batch = [];
    };
    let ended = false;
    for (let line = await next(); line !== null; line = await next()) {
      if (line.startsWith('{"end":')) {
        const end = JSON.parse(line) as { rows: number };
        if (end.rows !== total)
          throw new ValidationError(`The backup is damaged: it says ${end.rows} rows but holds ${total}`);
        ended = true;
        break;
      }
      const match = /^\{"t":("(?:[^"\\]|\\.)*"),"r":(.*)\}$/.exec(line);
      if (!match?.[1] || match[2] === undefined)
        throw new ValidationError(`The backup is damaged at row ${total + 1}`);
      const table = JSON.parse(match[1]) as string;
      if (!names.includes(table))
        throw new ValidationError(`The backup has a table this database does not: ${table}`);
      if (table !== batchTable || batch.length >= PAGE) {
        await flush();
        batchTable = table;
      }
      batch.push(match[2]);
      total++;
    }
    if (!ended)
      throw new ValidationError(
        'The backup is incomplete (it ends before its last line); nothing was restored',
      );
    await flush();
    await repo.resetSequences(s);
    // Every organisation's records may have changed: pages cached by a running server must not be served.
    const raise = raiseSharedRevisionQuery();
    await s.query(raise.sql, raise.params);
    return { tables: names.length, rows: total };
  });
}

/** Fingerprints of every table, to compare two databases. */
export async function databaseFingerprint(handle: DatabaseHandle): Promise<Record<string, string>> {
  return withSession(handle, true, async (s) => {
    const result: Record<string, string> = {};
    for (const t of await repo.tables(s)) result[t.name] = await repo.fingerprint(s, t.name);
    return result;
  });
}
