// Server-side sessions: random ids in an HttpOnly cookie, stored hashed, with idle and absolute timeouts.
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../db/client.js';
import type { Session } from './schema.js';
import type { User } from '../../features/users/schema.js';
import type { SessionRepository } from './repository.js';

export const SESSION_COOKIE = 'waymark_session';
/** The cookie holding the browser's CSRF secret (see app.ts). */
export const CSRF_COOKIE = 'waymark_csrf';

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export type Flash = NonNullable<Session['flash']>;

export function sessionService(deps: {
  db: Database;
  repo: SessionRepository;
  idleMinutes: number;
  absoluteHours: number;
}) {
  const { db, repo } = deps;
  const idleMs = deps.idleMinutes * 60_000;
  /** A live session and its person (one query); an idle or expired session is deleted and absent. */
  async function resolveWithUser(
    id: string,
    now = new Date(),
  ): Promise<{ session: Session; user: User } | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    const idHash = hashSessionId(id);
    const found = await repo.withUser(db, idHash);
    if (!found) return null;
    const { session } = found;
    if (session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > idleMs) {
      await repo.delete(db, idHash);
      return null;
    }
    // Write last-seen at most once a minute: a page view should not always cost a write.
    if (now.getTime() - session.lastSeenAt.getTime() > 60_000) await repo.touch(db, idHash, now);
    return found;
  }

  return {
    idleMinutes: deps.idleMinutes,
    /** A new session for a user who has just signed in: always a fresh id (rotation at sign-in). */
    async create(userId: string, now = new Date()): Promise<string> {
      const id = randomBytes(32).toString('base64url');
      await repo.insert(db, {
        idHash: hashSessionId(id),
        userId,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + deps.absoluteHours * 3_600_000),
      });
      return id;
    },

    /** Finds a live session; an idle or expired one is deleted and treated as absent. */
    async resolve(id: string, now = new Date()): Promise<Session | null> {
      return (await resolveWithUser(id, now))?.session ?? null;
    },

    resolveWithUser,

    async destroy(id: string): Promise<void> {
      await repo.delete(db, hashSessionId(id));
    },

    async destroyAllForUser(userId: string): Promise<void> {
      await repo.deleteForUser(db, userId);
    },

    async destroyOthers(userId: string, keepId: string): Promise<void> {
      await repo.deleteOthersForUser(db, userId, hashSessionId(keepId));
    },

    async setFlash(id: string, flash: Flash | null): Promise<void> {
      await repo.setFlash(db, hashSessionId(id), flash);
    },

    async purgeExpired(now = new Date()): Promise<void> {
      await repo.deleteExpired(db, now, new Date(now.getTime() - idleMs));
    },
  };
}

export type SessionService = ReturnType<typeof sessionService>;
