// Catalogue-driven data access for backups: every table in the public schema, read and written as JSON.
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { DatabaseHandle } from '../../db/client.js';

export interface TableInfo {
  name: string;
  dependsOn: string[];
}

/** Runs statements on one connection in one transaction (PGlite has one; for pg we take one from the pool). */
export interface Session {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

export async function withSession<T>(
  handle: DatabaseHandle,
  readOnly: boolean,
  work: (s: Session) => Promise<T>,
): Promise<T> {
  const begin = readOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN';
  if (handle.kind === 'pglite') {
    const client = (handle as unknown as { pglite: PGlite }).pglite;
    return client.transaction(async (tx) => {
      if (readOnly) await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      return work({
        query: async <R>(sql: string, params: unknown[] = []) => (await tx.query<R>(sql, params)).rows,
      });
    });
  }
  const pool = (handle as unknown as { pool: pg.Pool }).pool;
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work({
      query: async <R>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as R[],
    });
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export const backupRepository = {
  /** The tables a backup holds: every one but the bookkeeping of migrations and cache revisions. */
  async tables(s: Session): Promise<TableInfo[]> {
    const tables = await s.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r'
          and c.relname not in ('waymark_migrations', 'data_revisions') order by 1`,
    );
    const deps = await s.query<{ child: string; parent: string }>(
      `select cl.relname as child, pl.relname as parent from pg_constraint con
         join pg_class cl on cl.oid = con.conrelid join pg_class pl on pl.oid = con.confrelid
         join pg_namespace n on n.oid = cl.relnamespace
        where con.contype = 'f' and n.nspname = 'public' and cl.relname <> pl.relname`,
    );
    return tables.map((t) => ({
      name: t.name,
      dependsOn: deps.filter((d) => d.child === t.name).map((d) => d.parent),
    }));
  },

  async migrations(s: Session): Promise<string[]> {
    return (await s.query<{ name: string }>('select name from waymark_migrations order by name')).map(
      (r) => r.name,
    );
  },

  async count(s: Session, table: string): Promise<number> {
    const [row] = await s.query<{ n: number }>(`select count(*)::int as n from "${table}"`);
    return row?.n ?? 0;
  },

  /** One page of rows as JSON text, in a stable order (the whole row), inside the snapshot. */
  async page(s: Session, table: string, limit: number, offset: number): Promise<string[]> {
    const rows = await s.query<{ j: string }>(
      `select row_to_json(t)::text as j from "${table}" t order by row_to_json(t)::text limit ${limit} offset ${offset}`,
    );
    return rows.map((r) => r.j);
  },

  async insertJson(s: Session, table: string, rowsJson: string): Promise<void> {
    await s.query(
      `insert into "${table}" select * from json_populate_recordset(null::"${table}", $1::json)`,
      [rowsJson],
    );
  },

  async truncateAll(s: Session, tables: string[]): Promise<void> {
    if (tables.length > 0) await s.query(`truncate ${tables.map((t) => `"${t}"`).join(', ')} cascade`);
  },

  /** After rows are restored with their ids, serial sequences must continue past them. */
  async resetSequences(s: Session): Promise<void> {
    const serials = await s.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns
        where table_schema = 'public' and column_default like 'nextval(%'`,
    );
    for (const { table_name: table, column_name: column } of serials) {
      await s.query(
        `select setval(pg_get_serial_sequence('"${table}"', '${column}'), coalesce((select max("${column}") from "${table}"), 0) + 1, false)`,
      );
    }
  },

  /** A fingerprint of a table's contents, for checking a round trip. */
  async fingerprint(s: Session, table: string): Promise<string> {
    const [row] = await s.query<{ f: string | null }>(
      `select md5(string_agg(row_to_json(t)::text, E'\\n' order by row_to_json(t)::text)) as f from "${table}" t`,
    );
    return row?.f ?? 'empty';
  },
};
