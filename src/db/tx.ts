// The transaction helper: every write goes through it, and it sets the organisation for row-level security.
import { sql } from 'drizzle-orm';
import type { Database, Transaction } from './client.js';
import { ConflictError } from '../platform/errors.js';
import { raiseRevision } from './revisions.js';

export interface TransactionOptions {
  /**
   * Whether the work changes what pages show (the default). Sign-ins and other bookkeeping say false,
   * so they do not make every cached page of an organisation stale.
   */
  changesRecords?: boolean;
}

/**
 * Runs `work` in one transaction. When an organisation is named, `waymark.organisation_id` is set
 * for the transaction only, which PostgreSQL row-level security policies read as a second wall
 * behind the repositories' own organisation filters. The organisation's data revision (or the shared
 * one, when none is named) is raised as the last statement, so caches know the records changed.
 */
export async function inTransaction<T>(
  db: Database,
  organisationId: string | null,
  work: (tx: Transaction) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return db.transaction(async (tx) => {
    if (organisationId) {
      await tx.execute(sql`select set_config('waymark.organisation_id', ${organisationId}, true)`);
    }
    const result = await work(tx);
    if (options.changesRecords !== false) await raiseRevision(tx, organisationId);
    return result;
  });
}

/** Throws a ConflictError unless exactly one row matched an update guarded by `version = expected`. */
export function expectOneUpdated(rows: readonly unknown[], what = 'record'): void {
  if (rows.length === 0) {
    throw new ConflictError(
      `Someone else changed this ${what} since you opened it, so your change was not saved. Reload to see their changes and try again.`,
    );
  }
}
