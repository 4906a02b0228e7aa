// Column helpers shared by every feature's tables, so ids, timestamps and versions look the same everywhere.
import { integer, timestamp, uuid } from 'drizzle-orm/pg-core';

export const id = () => uuid('id').primaryKey().defaultRandom();

export const timestamps = () => ({
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Optimistic-concurrency version: every update must name the version it read (see db/tx.ts). */
export const version = () => integer('version').notNull().default(1);
