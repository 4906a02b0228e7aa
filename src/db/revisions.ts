// A revision number per organisation, and one for records every organisation shares (people, DfE
// statistics), raised by every write transaction as its last statement (see inTransaction). Caches of
// derived pages compare it to know whether what they hold is still true, on any instance: the
// revision commits with the change or not at all.
import { inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { bigint, PgDialect, pgTable, text } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';

export const dataRevisions = pgTable('data_revisions', {
  /** An organisation's id, or 'shared' for records outside any one organisation. */
  scope: text('scope').primaryKey(),
  revision: bigint('revision', { mode: 'number' }).notNull(),
});

export const SHARED_SCOPE = 'shared';

const raise = (scope: string): SQL =>
  sql`insert into data_revisions (scope, revision) values (${scope}, 1)
      on conflict (scope) do update set revision = data_revisions.revision + 1`;

/**
 * Raises the revision of a scope. Taken last in a transaction, the row lock is held only while it
 * commits, so it never waits on a transaction that is waiting on this one.
 */
export async function raiseRevision(db: Executor, organisationId: string | null): Promise<void> {
  await db.execute(raise(organisationId ?? SHARED_SCOPE));
}

/**
 * The statement raising the shared revision, which every cache key holds, as text and parameters
 * for the restore (it runs on a connection of its own): after a restore, nothing cached is current.
 */
export function raiseSharedRevisionQuery(): { sql: string; params: unknown[] } {
  return new PgDialect().sqlToQuery(raise(SHARED_SCOPE));
}

/** "organisation revision.shared revision", e.g. "41.7": changes whenever anything it covers changes. */
export async function readRevision(db: Executor, organisationId: string | null): Promise<string> {
  const scopes = organisationId ? [organisationId, SHARED_SCOPE] : [SHARED_SCOPE];
  const rows = await db.select().from(dataRevisions).where(inArray(dataRevisions.scope, scopes));
  const of = (scope: string) => rows.find((r) => r.scope === scope)?.revision ?? 0;
  return organisationId ? `${of(organisationId)}.${of(SHARED_SCOPE)}` : String(of(SHARED_SCOPE));
}

/**
 * readRevision's value as a column of a query that has the organisation's id, so the query that
 * resolves a request's organisation reads its revision in the same round trip (users repository).
 */
export function revisionColumn(organisationId: AnyColumn): SQL<string> {
  return sql<string>`(coalesce((select revision from data_revisions where scope = ${organisationId}::text), 0)::text
    || '.' || coalesce((select revision from data_revisions where scope = ${SHARED_SCOPE}), 0)::text)`;
}
