// Background jobs live in PostgreSQL: rows claimed with FOR UPDATE SKIP LOCKED, so several
// instances never run one job twice and a restart never loses one. Notifications record what was
// sent to whom, so no one is emailed twice for the same thing.
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id } from '../../db/columns.js';
import { organisations } from '../../features/organisations/schema.js';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const jobs = pgTable(
  'jobs',
  {
    id: id(),
    /** Null for jobs about no one organisation (e.g. the scheduler's own ticks). */
    organisationId: uuid('organisation_id'),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    /** At most one job per key, ever: enqueueing the same key again does nothing. */
    dedupeKey: text('dedupe_key'),
    status: text('status').$type<JobStatus>().notNull().default('queued'),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    lockedBy: text('locked_by'),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('jobs_dedupe_key').on(t.dedupeKey), index('jobs_claim_idx').on(t.status, t.runAt)],
);

export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    recipientEmail: text('recipient_email').notNull(),
    /** What it is about, e.g. "updates-due:2026-11-27": the same key is never sent twice to one person. */
    subjectKey: text('subject_key').notNull(),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    status: text('status').$type<'pending' | 'sent' | 'skipped'>().notNull().default('pending'),
    transport: text('transport'),
    providerReference: text('provider_reference'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notifications_once_key').on(t.organisationId, t.recipientEmail, t.subjectKey),
    index('notifications_org_idx').on(t.organisationId, t.createdAt),
  ],
);

export type Job = typeof jobs.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
