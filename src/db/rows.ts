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
