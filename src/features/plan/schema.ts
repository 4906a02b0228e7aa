// Tables for the improvement plan: versioned plans, outcomes → commitments → actions, the links from
// commitments to Ofsted recommendations, and the plan's running record — target-date changes,
// progress updates, challenges and impact ratings.
//
// Each outcome, commitment and action carries a `lineage_id` that stays the same when a plan is
// refreshed into a new version, so an action's updates, date changes and challenges (which are keyed
// by lineage) follow it from version to version, and two versions can be compared item by item.
import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps, version } from '../../db/columns.js';
import { organisationIdColumn } from '../organisations/schema.js';
import { inspections, recommendations } from '../inspections/schema.js';
import { users } from '../users/schema.js';
import type { DeliveryStatus, Rag } from './rules/rules.js';

const orgId = organisationIdColumn;

export const PLAN_STATUSES = ['draft', 'approved', 'superseded'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const UPDATE_STATUSES = ['submitted', 'accepted', 'returned'] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

export const DATE_CHANGE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type DateChangeStatus = (typeof DATE_CHANGE_STATUSES)[number];

export const CHALLENGE_STATUSES = ['open', 'answered', 'closed'] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];

export const CHALLENGE_SUBJECTS = ['outcome', 'commitment', 'action'] as const;
export type ChallengeSubject = (typeof CHALLENGE_SUBJECTS)[number];

export const IMPACT_RATINGS = ['clear', 'some', 'too_early', 'none'] as const;
export type ImpactRatingValue = (typeof IMPACT_RATINGS)[number];

/** What an approved version looked like the moment it was approved (see diff.ts). */
export interface PlanSnapshot {
  plan: { title: string; vision: string; startDate: string; endDate: string | null };
  outcomes: {
    lineageId: string;
    ref: string;
    title: string;
    description: string;
    commitments: {
      lineageId: string;
      ref: string;
      title: string;
      successMeasures: string[];
      recommendationNumbers: number[];
      actions: {
        lineageId: string;
        ref: string;
        title: string;
        description: string;
        leadEmail: string;
        originalTargetDate: string;
        currentTargetDate: string;
        deliveryStatus: DeliveryStatus;
        rag: Rag | null;
      }[];
    }[];
  }[];
}

export const improvementPlans = pgTable(
  'improvement_plans',
  {
    id: id(),
    organisationId: orgId(),
    versionNumber: integer('version_number').notNull(),
    status: text('status').$type<PlanStatus>().notNull().default('draft'),
    title: text('title').notNull(),
    vision: text('vision').notNull().default(''),
    /** The inspection the plan answers: its recommendations are the ones the coverage check uses. */
    inspectionId: uuid('inspection_id').references(() => inspections.id, { onDelete: 'set null' }),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    statutoryDeadline: date('statutory_deadline'),
    submittedTo: text('submitted_to'),
    submittedOn: date('submitted_on'),
    updateCadenceDays: integer('update_cadence_days').notNull().default(42),
    approvedOn: date('approved_on'),
    approvedBy: text('approved_by'),
    approvalMeeting: text('approval_meeting'),
    approvalAuthority: text('approval_authority'),
    approvalRecordedBy: uuid('approval_recorded_by').references(() => users.id),
    approvedSnapshot: jsonb('approved_snapshot').$type<PlanSnapshot>(),
    previousVersionId: uuid('previous_version_id'),
    ...timestamps(),
    version: version(),
  },
  (t) => [uniqueIndex('improvement_plans_version_key').on(t.organisationId, t.versionNumber)],
);

export const planOutcomes = pgTable(
  'plan_outcomes',
  {
    id: id(),
    organisationId: orgId(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => improvementPlans.id, { onDelete: 'cascade' }),
    lineageId: uuid('lineage_id').notNull().defaultRandom(),
    ref: text('ref').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    position: integer('position').notNull(),
    ...timestamps(),
    version: version(),
  },
  (t) => [uniqueIndex('plan_outcomes_ref_key').on(t.organisationId, t.planId, t.ref)],
);

export const planCommitments = pgTable(
  'plan_commitments',
  {
    id: id(),
    organisationId: orgId(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => improvementPlans.id, { onDelete: 'cascade' }),
    outcomeId: uuid('outcome_id')
      .notNull()
      .references(() => planOutcomes.id, { onDelete: 'cascade' }),
    lineageId: uuid('lineage_id').notNull().defaultRandom(),
    ref: text('ref').notNull(),
    title: text('title').notNull(),
    /** What will be measured, monitored, observed or established: one entry a line. */
    successMeasures: jsonb('success_measures').$type<string[]>().notNull().default([]),
    position: integer('position').notNull(),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    uniqueIndex('plan_commitments_ref_key').on(t.organisationId, t.planId, t.ref),
    index('plan_commitments_outcome_idx').on(t.organisationId, t.outcomeId),
  ],
);

export const commitmentRecommendations = pgTable(
  'commitment_recommendations',
  {
    organisationId: orgId(),
    commitmentId: uuid('commitment_id')
      .notNull()
      .references(() => planCommitments.id, { onDelete: 'cascade' }),
    recommendationId: uuid('recommendation_id')
      .notNull()
      .references(() => recommendations.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.commitmentId, t.recommendationId] }),
    index('commitment_recommendations_rec_idx').on(t.organisationId, t.recommendationId),
  ],
);

export const planActions = pgTable(
  'plan_actions',
  {
    id: id(),
    organisationId: orgId(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => improvementPlans.id, { onDelete: 'cascade' }),
    commitmentId: uuid('commitment_id')
      .notNull()
      .references(() => planCommitments.id, { onDelete: 'cascade' }),
    lineageId: uuid('lineage_id').notNull().defaultRandom(),
    ref: text('ref').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** The lead officer, by email: a lead need not have a Waymark account yet. */
    leadEmail: text('lead_email').notNull(),
    originalTargetDate: date('original_target_date').notNull(),
    currentTargetDate: date('current_target_date').notNull(),
    deliveryStatus: text('delivery_status').$type<DeliveryStatus>().notNull().default('not_started'),
    ragOverride: text('rag_override').$type<Rag>(),
    ragOverrideReason: text('rag_override_reason'),
    evidenceLinks: jsonb('evidence_links').$type<string[]>().notNull().default([]),
    completedOn: date('completed_on'),
    embeddingEvidence: text('embedding_evidence'),
    embeddingSignedOffBy: uuid('embedding_signed_off_by').references(() => users.id),
    embeddingSignedOffAt: timestamp('embedding_signed_off_at', { withTimezone: true }),
    statusReason: text('status_reason'),
    /** Quality-assurance learning themes this action answers (matched case-insensitively). */
    learningThemes: jsonb('learning_themes').$type<string[]>().notNull().default([]),
    position: integer('position').notNull(),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    uniqueIndex('plan_actions_ref_key').on(t.organisationId, t.planId, t.ref),
    index('plan_actions_commitment_idx').on(t.organisationId, t.commitmentId),
    index('plan_actions_lead_idx').on(t.organisationId, t.leadEmail),
  ],
);

export const actionDateChanges = pgTable(
  'action_date_changes',
  {
    id: id(),
    organisationId: orgId(),
    actionLineageId: uuid('action_lineage_id').notNull(),
    oldDate: date('old_date').notNull(),
    newDate: date('new_date').notNull(),
    reason: text('reason').notNull(),
    status: text('status').$type<DateChangeStatus>().notNull().default('pending'),
    requestedBy: uuid('requested_by').references(() => users.id),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionComment: text('decision_comment'),
    version: version(),
  },
  (t) => [index('action_date_changes_action_idx').on(t.organisationId, t.actionLineageId, t.requestedAt)],
);

export const progressUpdates = pgTable(
  'progress_updates',
  {
    id: id(),
    organisationId: orgId(),
    actionLineageId: uuid('action_lineage_id').notNull(),
    authorId: uuid('author_id').references(() => users.id),
    narrative: text('narrative').notNull(),
    proposedRag: text('proposed_rag').$type<Rag>().notNull(),
    /** A delivery status the lead proposes (in progress or complete); applied when the update is accepted. */
    proposedStatus: text('proposed_status').$type<DeliveryStatus>(),
    evidenceLinks: jsonb('evidence_links').$type<string[]>().notNull().default([]),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    status: text('status').$type<UpdateStatus>().notNull().default('submitted'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewComment: text('review_comment'),
    version: version(),
  },
  (t) => [
    index('progress_updates_action_idx').on(t.organisationId, t.actionLineageId, t.submittedAt),
    index('progress_updates_status_idx').on(t.organisationId, t.status),
  ],
);

export const challenges = pgTable(
  'challenges',
  {
    id: id(),
    organisationId: orgId(),
    subjectType: text('subject_type').$type<ChallengeSubject>().notNull(),
    subjectLineageId: uuid('subject_lineage_id').notNull(),
    /** The item as it was named when the challenge was raised, e.g. "Action 2.1.3: …". */
    subjectLabel: text('subject_label').notNull(),
    question: text('question').notNull(),
    raisedBy: uuid('raised_by').references(() => users.id),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
    ownerId: uuid('owner_id').references(() => users.id),
    dueDate: date('due_date'),
    status: text('status').$type<ChallengeStatus>().notNull().default('open'),
    response: text('response'),
    respondedBy: uuid('responded_by').references(() => users.id),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    closedBy: uuid('closed_by').references(() => users.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closingNote: text('closing_note'),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    index('challenges_status_idx').on(t.organisationId, t.status, t.raisedAt),
    index('challenges_subject_idx').on(t.organisationId, t.subjectLineageId),
  ],
);

export const impactRatings = pgTable(
  'impact_ratings',
  {
    id: id(),
    organisationId: orgId(),
    commitmentLineageId: uuid('commitment_lineage_id').notNull(),
    /** The month rated, YYYY-MM. */
    period: text('period').notNull(),
    rating: text('rating').$type<ImpactRatingValue>().notNull(),
    rationale: text('rationale').notNull(),
    ratedBy: uuid('rated_by').references(() => users.id),
    ...timestamps(),
    version: version(),
  },
  (t) => [uniqueIndex('impact_ratings_period_key').on(t.organisationId, t.commitmentLineageId, t.period)],
);

export type ImprovementPlan = typeof improvementPlans.$inferSelect;
export type PlanOutcome = typeof planOutcomes.$inferSelect;
export type PlanCommitment = typeof planCommitments.$inferSelect;
export type PlanAction = typeof planActions.$inferSelect;
export type ActionDateChange = typeof actionDateChanges.$inferSelect;
export type ProgressUpdate = typeof progressUpdates.$inferSelect;
export type Challenge = typeof challenges.$inferSelect;
export type ImpactRating = typeof impactRatings.$inferSelect;
