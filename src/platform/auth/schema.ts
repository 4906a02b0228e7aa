// Sessions live in the database so any instance behind a load balancer can serve any request.
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../features/users/schema.js';

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie value: a stolen database copy cannot be replayed as a cookie. */
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    flash: jsonb('flash').$type<{ kind: 'success' | 'info'; title: string; text?: string } | null>(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export type Session = typeof sessions.$inferSelect;
