// Data access for jobs and notifications.
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { jobs, notifications, type Job, type Notification } from './schema.js';

export function jobRepository() {
  return {
    async enqueue(db: Executor, values: typeof jobs.$inferInsert): Promise<boolean> {
      const rows = await db.insert(jobs).values(values).onConflictDoNothing().returning({ id: jobs.id });
      return rows.length > 0;
    },

    /** Claims due jobs; SKIP LOCKED lets several instances claim side by side without waiting or doubling. */
    async claim(db: Executor, workerId: string, limit: number, now: Date): Promise<Job[]> {
      return db.transaction(async (tx) => {
        const due = await tx
          .select({ id: jobs.id })
          .from(jobs)
          .where(and(eq(jobs.status, 'queued'), sql`${jobs.runAt} <= ${now.toISOString()}::timestamptz`))
          .orderBy(jobs.runAt)
          .limit(limit)
          .for('update', { skipLocked: true });
        if (due.length === 0) return [];
        return tx
          .update(jobs)
          .set({ status: 'running', lockedBy: workerId, lockedAt: now, attempts: sql`${jobs.attempts} + 1` })
          .where(
            inArray(
              jobs.id,
              due.map((d) => d.id),
            ),
          )
          .returning();
      });
    },

    async finish(db: Executor, id: string, now: Date): Promise<void> {
      await db
        .update(jobs)
        .set({ status: 'done', finishedAt: now, lockedBy: null, lockedAt: null })
        .where(eq(jobs.id, id));
    },

    async fail(db: Executor, job: Job, error: string, now: Date): Promise<void> {
      const final = job.attempts >= job.maxAttempts;
      // Exponential back-off: 30 s, 1 min, 2 min, 4 min…
      const retryAt = new Date(now.getTime() + 30_000 * 2 ** Math.max(0, job.attempts - 1));
      await db
        .update(jobs)
        .set({
          status: final ? 'failed' : 'queued',
          runAt: final ? job.runAt : retryAt,
          lastError: error.slice(0, 2000),
          lockedBy: null,
          lockedAt: null,
          finishedAt: final ? now : null,
        })
        .where(eq(jobs.id, job.id));
    },

    /** Jobs left running by an instance that died are queued again after the lease expires. */
    async requeueExpired(db: Executor, leaseExpiredBefore: Date): Promise<number> {
      const rows = await db
        .update(jobs)
        .set({ status: 'queued', lockedBy: null, lockedAt: null })
        .where(and(eq(jobs.status, 'running'), lt(jobs.lockedAt, leaseExpiredBefore)))
        .returning({ id: jobs.id });
      return rows.length;
    },

    async byId(db: Executor, id: string): Promise<Job | null> {
      const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
      return row ?? null;
    },

    /** Records the intent to notify; false when this person was already told about this thing. */
    async reserveNotification(
      db: Executor,
      values: typeof notifications.$inferInsert,
    ): Promise<Notification | null> {
      const [row] = await db.insert(notifications).values(values).onConflictDoNothing().returning();
      return row ?? null;
    },

    async notification(db: Executor, organisationId: string, recipientEmail: string, subjectKey: string) {
      const [row] = await db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.organisationId, organisationId),
            eq(notifications.recipientEmail, recipientEmail),
            eq(notifications.subjectKey, subjectKey),
          ),
        );
      return row ?? null;
    },

    async markNotification(
      db: Executor,
      id: string,
      values: Partial<typeof notifications.$inferInsert>,
    ): Promise<void> {
      await db.update(notifications).set(values).where(eq(notifications.id, id));
    },

    async notificationsFor(db: Executor, organisationId: string, limit = 100): Promise<Notification[]> {
      return db
        .select()
        .from(notifications)
        .where(eq(notifications.organisationId, organisationId))
        .orderBy(sql`${notifications.createdAt} desc`)
        .limit(limit);
    },
  };
}

export type JobRepository = ReturnType<typeof jobRepository>;
