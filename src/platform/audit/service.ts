// Audit is a service: record() runs inside the caller's transaction, so a change and its audit
// event commit or roll back together; verify() walks each chain and names the first broken link.
import type { Database, Executor } from '../../db/client.js';
import type { AuditEvent } from './schema.js';
import { GENESIS_HASH, eventHash, toAuditJson } from './hash.js';
import type { AuditRepository } from './repository.js';

export interface Actor {
  userId: string | null;
  label: string;
  requestId: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, label: 'system', requestId: null };

export interface AuditEntry {
  organisationId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export interface VerifyResult {
  ok: boolean;
  chains: number;
  events: number;
  firstBroken: { chain: string; seq: number; id: number; reason: string } | null;
}

export function auditService(repo: AuditRepository) {
  return {
    async record(tx: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
      const chain = entry.organisationId ?? 'global';
      const head = await repo.lockChainHead(tx, chain, GENESIS_HASH);
      const fields = {
        chain,
        seq: head.seq + 1,
        organisationId: entry.organisationId,
        actorUserId: actor.userId,
        actorLabel: actor.label,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        before: toAuditJson(entry.before ?? null),
        after: toAuditJson(entry.after ?? null),
        requestId: actor.requestId,
        // Millisecond precision: both PGlite and PostgreSQL give back exactly what was hashed.
        occurredAt: new Date(),
        prevHash: head.hash,
      };
      await repo.append(tx, { ...fields, hash: eventHash(fields) });
    },

    history(
      db: Executor,
      organisationId: string,
      entityType: string,
      entityId: string,
    ): Promise<AuditEvent[]> {
      return repo.historyFor(db, organisationId, entityType, entityId);
    },

    async verify(db: Database): Promise<VerifyResult> {
      let events = 0;
      const chains = await repo.chains(db);
      for (const chain of chains) {
        let prevHash = GENESIS_HASH;
        let expectedSeq = 1;
        for (;;) {
          const page = await repo.chainPage(db, chain, expectedSeq - 1, 1000);
          if (page.length === 0) break;
          for (const event of page) {
            events++;
            const broken = (reason: string) => ({
              ok: false,
              chains: chains.length,
              events,
              firstBroken: { chain, seq: event.seq, id: event.id, reason },
            });
            if (event.seq !== expectedSeq)
              return broken(`sequence jumps from ${expectedSeq - 1} to ${event.seq}`);
            if (event.prevHash !== prevHash)
              return broken('its previous-hash does not match the event before it');
            const recomputed = eventHash({
              chain: event.chain,
              seq: event.seq,
              organisationId: event.organisationId,
              actorUserId: event.actorUserId,
              actorLabel: event.actorLabel,
              action: event.action,
              entityType: event.entityType,
              entityId: event.entityId,
              before: event.before,
              after: event.after,
              requestId: event.requestId,
              occurredAt: event.occurredAt,
              prevHash: event.prevHash,
            });
            if (recomputed !== event.hash) return broken('its contents were changed after it was written');
            prevHash = event.hash;
            expectedSeq++;
          }
        }
        const head = await repo.chainHead(db, chain);
        if (head && (head.seq !== expectedSeq - 1 || head.hash !== prevHash)) {
          return {
            ok: false,
            chains: chains.length,
            events,
            firstBroken: {
              chain,
              seq: expectedSeq,
              id: 0,
              reason: `events after seq ${expectedSeq - 1} are missing (the chain head says ${head.seq})`,
            },
          };
        }
      }
      return { ok: true, chains: chains.length, events, firstBroken: null };
    },
  };
}

export type AuditService = ReturnType<typeof auditService>;
