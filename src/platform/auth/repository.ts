// Data access for sessions.
import { and, eq, lt, or } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { sessions, type Session } from './schema.js';
import { users, type User } from '../../features/users/schema.js';

export function sessionRepository() {
  return {
    async insert(db: Executor, values: typeof sessions.$inferInsert): Promise<void> {
      await db.insert(sessions).values(values);
    },
    /** The session with its person, in one query: every page request asks for both. */
    async withUser(db: Executor, idHash: string): Promise<{ session: Session; user: User } | null> {
      const [row] = await db
        .select({ session: sessions, user: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(eq(sessions.idHash, idHash));
      return row ?? null;
    },
    async touch(db: Executor, idHash: string, at: Date): Promise<void> {
      await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.idHash, idHash));
    },
    async setFlash(db: Executor, idHash: string, flash: Session['flash']): Promise<void> {
      await db.update(sessions).set({ flash }).where(eq(sessions.idHash, idHash));
    },
    async delete(db: Executor, idHash: string): Promise<void> {
      await db.delete(sessions).where(eq(sessions.idHash, idHash));
    },
    async deleteForUser(db: Executor, userId: string): Promise<void> {
      await db.delete(sessions).where(eq(sessions.userId, userId));
    },
    async deleteExpired(db: Executor, now: Date, idleBefore: Date): Promise<void> {
      await db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleBefore)));
    },
    async deleteOthersForUser(db: Executor, userId: string, keepIdHash: string): Promise<void> {
      const rows = await db
        .select({ idHash: sessions.idHash })
        .from(sessions)
        .where(eq(sessions.userId, userId));
      for (const row of rows) {
        if (row.idHash !== keepIdHash) await db.delete(sessions).where(and(eq(sessions.idHash, row.idHash)));
      }
    },
  };
}

export type SessionRepository = ReturnType<typeof sessionRepository>;
