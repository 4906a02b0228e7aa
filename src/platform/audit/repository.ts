// Data access for the audit trail: append under the chain-head lock, read history, walk chains.
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { auditChainHeads, auditEvents, type AuditEvent } from './schema.js';

export type NewAuditEvent = typeof auditEvents.$inferInsert;

export function auditRepository() {
  return {
    /** Locks the chain's head row (creating it if new) and returns the last seq and hash. */
    async lockChainHead(
      tx: Executor,
      chain: string,
      genesis: string,
    ): Promise<{ seq: number; hash: string }> {
      await tx.insert(auditChainHeads).values({ chain, seq: 0, hash: genesis }).onConflictDoNothing();
      const [head] = await tx
        .select()
        .from(auditChainHeads)
        .where(eq(auditChainHeads.chain, chain))
        .for('update');
      if (!head) throw new Error(`audit chain head ${chain} missing`);
      return { seq: head.seq, hash: head.hash };
    },

    async append(tx: Executor, event: NewAuditEvent & { seq: number; hash: string }): Promise<void> {
      await tx.insert(auditEvents).values(event);
      await tx
        .update(auditChainHeads)
        .set({ seq: event.seq, hash: event.hash })
        .where(eq(auditChainHeads.chain, event.chain));
    },

    async historyFor(
      db: Executor,
      organisationId: string,
      entityType: string,
      entityId: string,
      limit = 50,
    ): Promise<AuditEvent[]> {
      return db
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.organisationId, organisationId),
            eq(auditEvents.entityType, entityType),
            eq(auditEvents.entityId, entityId),
          ),
        )
        .orderBy(desc(auditEvents.seq))
        .limit(limit);
    },

    async chains(db: Executor): Promise<string[]> {
      const rows = await db
        .select({ chain: auditChainHeads.chain })
        .from(auditChainHeads)
        .orderBy(asc(auditChainHeads.chain));
      return rows.map((r) => r.chain);
    },

    async chainPage(db: Executor, chain: string, afterSeq: number, limit: number): Promise<AuditEvent[]> {
      return db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.chain, chain), gt(auditEvents.seq, afterSeq)))
        .orderBy(asc(auditEvents.seq))
        .limit(limit);
    },

    async chainHead(db: Executor, chain: string): Promise<{ seq: number; hash: string } | null> {
      const [head] = await db.select().from(auditChainHeads).where(eq(auditChainHeads.chain, chain));
      return head ?? null;
    },

    async count(db: Executor): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents);
      return row?.n ?? 0;
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;
