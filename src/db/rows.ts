// Row helpers every feature repository uses: a version-guarded update and "the first row, or null".
import { and, eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';

type Versioned = PgTable & { id: PgColumn; organisationId: PgColumn; version: PgColumn };

export async function guardedUpdate<T>(
  db: Executor,
  table: Versioned,
  organisationId: string,
  id: string,
  expectedVersion: number,
  values: Record<string, unknown>,
): Promise<T | null> {
  const set: Record<string, unknown> = { ...values, version: sql`${table.version} + 1` };
  if ('updatedAt' in table) set.updatedAt = new Date();
  const rows = await db
    .update(table)
    .set(set)
    .where(
      and(eq(table.organisationId, organisationId), eq(table.id, id), eq(table.version, expectedVersion)),
    )
    .returning();
  return ((rows as unknown[])[0] as T | undefined) ?? null;
}

export async function one<T>(query: Promise<T[]>): Promise<T | null> {
  const [row] = await query;
  return row ?? null;
}

/**
 * Runs `insert` over `values` in slices of `size`, one after another, and returns what each slice's
 * statement returned. Many-row inserts (data loads, imports, benchmarks) use it to keep each
 * statement's parameter count well inside PostgreSQL's limit of 65,535.
 */
export async function inChunks<V, R>(
  values: readonly V[],
  size: number,
  insert: (chunk: V[]) => PromiseLike<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < values.length; i += size) results.push(await insert(values.slice(i, i + size)));
  return results;
}
