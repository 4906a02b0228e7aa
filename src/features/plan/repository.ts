// Data access for the improvement plan. Every query is filtered by organisation; every update of an
// editable record is guarded by the version the caller read.
import { and, asc, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { guardedUpdate, one, inChunks } from '../../db/rows.js';
import { memberships, users } from '../users/schema.js';
import { recommendations } from '../inspections/schema.js';
import {
  actionDateChanges,
  challenges,
  commitmentRecommendations,
  impactRatings,
  improvementPlans,
  planActions,
  planCommitments,
  planOutcomes,
  progressUpdates,
  type ActionDateChange,
  type Challenge,
  type ChallengeStatus,
  type ImpactRating,
  type ImprovementPlan,
  type PlanAction,
  type PlanCommitment,
  type PlanOutcome,
  type PlanSnapshot,
  type ProgressUpdate,
} from './schema.js';

/**
 * A plan version without what it looked like when approved: the snapshot of a large plan is hundreds
 * of kilobytes of JSON, and only comparing versions reads it (issue 9 found every page paying for it).
 */
export type PlanVersion = Omit<ImprovementPlan, 'approvedSnapshot'>;
const { approvedSnapshot: _approvedSnapshot, ...versionColumns } = getTableColumns(improvementPlans);

export interface CommitmentRecommendationLink {
  commitmentId: string;
  recommendationId: string;
  number: number;
}

export function planRepository() {
  return {
    // ---- Plans (versions) ----
    versions(db: Executor, organisationId: string): Promise<PlanVersion[]> {
      return db
        .select(versionColumns)
        .from(improvementPlans)
        .where(eq(improvementPlans.organisationId, organisationId))
        .orderBy(desc(improvementPlans.versionNumber));
    },
    plan(db: Executor, organisationId: string, id: string): Promise<PlanVersion | null> {
      return one(
        db
          .select(versionColumns)
          .from(improvementPlans)
          .where(and(eq(improvementPlans.organisationId, organisationId), eq(improvementPlans.id, id))),
      );
    },
    async approvedSnapshot(db: Executor, organisationId: string, id: string): Promise<PlanSnapshot | null> {
      const row = await one(
        db
          .select({ snapshot: improvementPlans.approvedSnapshot })
          .from(improvementPlans)
          .where(and(eq(improvementPlans.organisationId, organisationId), eq(improvementPlans.id, id))),
      );
      return row?.snapshot ?? null;
    },
    /** Locks the organisation's plan versions for the rest of the transaction (refresh, approval, import). */
    async lockPlans(db: Executor, organisationId: string): Promise<void> {
      await db.execute(
        sql`select id from ${improvementPlans} where ${improvementPlans.organisationId} = ${organisationId} for update`,
      );
    },
    async insertPlan(db: Executor, values: typeof improvementPlans.$inferInsert): Promise<ImprovementPlan> {
      const [row] = await db.insert(improvementPlans).values(values).returning();
      return row!;
    },
    updatePlan(
      db: Executor,
      organisationId: string,
      id: string,
      version: number,
      values: Partial<ImprovementPlan>,
    ) {
      return guardedUpdate<ImprovementPlan>(db, improvementPlans, organisationId, id, version, values);
    },
    async setPlanStatus(db: Executor, organisationId: string, id: string, status: ImprovementPlan['status']) {
      await db
        .update(improvementPlans)
        .set({ status, updatedAt: new Date(), version: sql`${improvementPlans.version} + 1` })
        .where(and(eq(improvementPlans.organisationId, organisationId), eq(improvementPlans.id, id)));
    },

    // ---- The tree ----
    async tree(db: Executor, organisationId: string, planId: string) {
      const [outcomes, commitments, actions, links] = await Promise.all([
        db
          .select()
          .from(planOutcomes)
          .where(and(eq(planOutcomes.organisationId, organisationId), eq(planOutcomes.planId, planId)))
          .orderBy(asc(planOutcomes.position)),
        db
          .select()
          .from(planCommitments)
          .where(and(eq(planCommitments.organisationId, organisationId), eq(planCommitments.planId, planId)))
          .orderBy(asc(planCommitments.position)),
        db
          .select()
          .from(planActions)
          .where(and(eq(planActions.organisationId, organisationId), eq(planActions.planId, planId)))
          .orderBy(asc(planActions.position)),
        db
          .select({
            commitmentId: commitmentRecommendations.commitmentId,
            recommendationId: commitmentRecommendations.recommendationId,
            number: recommendations.number,
          })
          .from(commitmentRecommendations)
          .innerJoin(planCommitments, eq(planCommitments.id, commitmentRecommendations.commitmentId))
          .innerJoin(recommendations, eq(recommendations.id, commitmentRecommendations.recommendationId))
          .where(
            and(
              eq(commitmentRecommendations.organisationId, organisationId),
              eq(planCommitments.planId, planId),
            ),
          )
          .orderBy(asc(recommendations.number)),
      ]);
      return { outcomes, commitments, actions, links: links as CommitmentRecommendationLink[] };
    },

    /** The actions of a version that answer quality-assurance learning themes, in plan order. */
    themedActions: (db: Executor, organisationId: string, planId: string) =>
      db
        .select({
          id: planActions.id,
          ref: planActions.ref,
          title: planActions.title,
          learningThemes: planActions.learningThemes,
        })
        .from(planActions)
        .where(
          and(
            eq(planActions.organisationId, organisationId),
            eq(planActions.planId, planId),
            sql`jsonb_array_length(${planActions.learningThemes}) > 0`,
          ),
        )
        .orderBy(asc(planActions.position)),

    outcome: (db: Executor, organisationId: string, id: string) =>
      one(
        db
          .select()
          .from(planOutcomes)
          .where(and(eq(planOutcomes.organisationId, organisationId), eq(planOutcomes.id, id))),
      ),
    commitment: (db: Executor, organisationId: string, id: string) =>
      one(
        db
          .select()
          .from(planCommitments)
          .where(and(eq(planCommitments.organisationId, organisationId), eq(planCommitments.id, id))),
      ),
    action: (db: Executor, organisationId: string, id: string) =>
      one(
        db
          .select()
          .from(planActions)
          .where(and(eq(planActions.organisationId, organisationId), eq(planActions.id, id))),
      ),
    actionByLineage: (db: Executor, organisationId: string, planId: string, lineageId: string) =>
      one(
        db
          .select()
          .from(planActions)
          .where(
            and(
              eq(planActions.organisationId, organisationId),
              eq(planActions.planId, planId),
              eq(planActions.lineageId, lineageId),
            ),
          ),
      ),

    /** The newest copy of an item (each plan version has its own), found by its lineage. */
    async latestByLineage(
      db: Executor,
      kind: 'outcome' | 'commitment' | 'action',
      organisationId: string,
      lineageId: string,
    ) {
      const table = { outcome: planOutcomes, commitment: planCommitments, action: planActions }[kind];
      const [row] = await db
        .select({ id: table.id, ref: table.ref, title: table.title })
        .from(table)
        .where(and(eq(table.organisationId, organisationId), eq(table.lineageId, lineageId)))
        .orderBy(desc(table.createdAt))
        .limit(1);
      return row ?? null;
    },

    async insertOutcomes(db: Executor, values: (typeof planOutcomes.$inferInsert)[]): Promise<PlanOutcome[]> {
      return values.length ? db.insert(planOutcomes).values(values).returning() : [];
    },
    async insertCommitments(
      db: Executor,
      values: (typeof planCommitments.$inferInsert)[],
    ): Promise<PlanCommitment[]> {
      return values.length ? db.insert(planCommitments).values(values).returning() : [];
    },
    async insertActions(db: Executor, values: (typeof planActions.$inferInsert)[]): Promise<PlanAction[]> {
      // Batches keep each statement's parameter count well inside PostgreSQL's limit of 65,535.
      const chunks = await inChunks(values, 500, (chunk) => db.insert(planActions).values(chunk).returning());
      return chunks.flat();
    },
    async linkRecommendations(
      db: Executor,
      organisationId: string,
      commitmentId: string,
      recommendationIds: readonly string[],
    ): Promise<void> {
      await db
        .delete(commitmentRecommendations)
        .where(
          and(
            eq(commitmentRecommendations.organisationId, organisationId),
            eq(commitmentRecommendations.commitmentId, commitmentId),
          ),
        );
      if (recommendationIds.length)
        await db
          .insert(commitmentRecommendations)
          .values(
            recommendationIds.map((recommendationId) => ({ organisationId, commitmentId, recommendationId })),
          );
    },
    updateOutcome: (
      db: Executor,
      organisationId: string,
      id: string,
      version: number,
      values: Partial<PlanOutcome>,
    ) => guardedUpdate<PlanOutcome>(db, planOutcomes, organisationId, id, version, values),
    updateCommitment: (
      db: Executor,
      organisationId: string,
      id: string,
      version: number,
      values: Partial<PlanCommitment>,
    ) => guardedUpdate<PlanCommitment>(db, planCommitments, organisationId, id, version, values),
    updateAction: (
      db: Executor,
      organisationId: string,
      id: string,
      version: number,
      values: Partial<PlanAction>,
    ) => guardedUpdate<PlanAction>(db, planActions, organisationId, id, version, values),
    async deleteItem(
      db: Executor,
      kind: 'outcome' | 'commitment' | 'action',
      organisationId: string,
      id: string,
      version: number,
    ): Promise<boolean> {
      const table = { outcome: planOutcomes, commitment: planCommitments, action: planActions }[kind];
      const rows = await db
        .delete(table)
        .where(and(eq(table.organisationId, organisationId), eq(table.id, id), eq(table.version, version)))
        .returning({ id: table.id });
      return rows.length === 1;
    },
    async deletePlanContent(db: Executor, organisationId: string, planId: string): Promise<void> {
      await db
        .delete(planOutcomes)
        .where(and(eq(planOutcomes.organisationId, organisationId), eq(planOutcomes.planId, planId)));
    },

    // ---- Target-date changes ----
    dateChanges(
      db: Executor,
      organisationId: string,
      lineageIds?: readonly string[],
    ): Promise<ActionDateChange[]> {
      const conditions: SQL[] = [eq(actionDateChanges.organisationId, organisationId)];
      if (lineageIds) {
        if (!lineageIds.length) return Promise.resolve([]);
        conditions.push(inArray(actionDateChanges.actionLineageId, [...lineageIds]));
      }
      return db
        .select()
        .from(actionDateChanges)
        .where(and(...conditions))
        .orderBy(asc(actionDateChanges.requestedAt));
    },
    dateChange: (db: Executor, organisationId: string, id: string) =>
      one(
        db
          .select()
          .from(actionDateChanges)
          .where(and(eq(actionDateChanges.organisationId, organisationId), eq(actionDateChanges.id, id))),
      ),
    async insertDateChange(
      db: Executor,
      values: typeof actionDateChanges.$inferInsert,
    ): Promise<ActionDateChange> {
      const [row] = await db.insert(actionDateChanges).values(values).returning();
      return row!;
    },
    /** Many date changes at once (data loads and benchmarks), in batches of 500. */
    async insertDateChanges(
      db: Executor,
      values: (typeof actionDateChanges.$inferInsert)[],
    ): Promise<ActionDateChange[]> {
      const chunks = await inChunks(values, 500, (chunk) =>
        db.insert(actionDateChanges).values(chunk).returning(),
      );
      return chunks.flat();
    },
    updateDateChange: (
      db: Executor,
      organisationId: string,
      id: string,
      version: number,
      values: Partial<ActionDateChange>,
    ) => guardedUpdate<ActionDateChange>(db, actionDateChanges, organisationId, id, version, values),

    // ---- Progress updates ----
    updates(
      db: Executor,
      organisationId: string,
      filter: { lineageIds?: readonly string[]; status?: ProgressUpdate['status'] } = {},
    ): Promise<ProgressUpdate[]> {
      const conditions: SQL[] = [eq(progressUpdates.organisationId, organisationId)];
      if (filter.lineageIds) {
        if (!filter.lineageIds.length) return Promise.resolve([]);
        conditions.push(inArray(progressUpdates.actionLineageId, [...filter.lineageIds]));
      }
      if (filter.status) conditions.push(eq(progressUpdates.status, filter.status));
      return db
        .select()
        .from(progressUpdates)
        .where(and(...conditions))
        .orderBy(desc(progressUpdates.submittedAt));
    },
    update: (db: Executor, organisationId: string, id: string) =>
      one(
        db
          .select()
          .from(progressUpdates)
          .where(and(eq(progressUpdates.organisationId, organisationId), eq(progressUpdates.id, id))),
      ),
    async insertUpdates(
      db: Executor,
      values: (typeof progressUpdates.$inferInsert)[],
    ): Promise<ProgressUpdate[]> {
      const chunks = await inChunks(values, 500, (chunk) =>
        db.insert(progressUpdates).values(chunk).returning(),
      );
      return chunks.flat();
    },
    updateUpdate: (
      db: Executor,
      organisationId: string,
      id: string,
      version: number,
      values: Partial<ProgressUpdate>,
    ) => guardedUpdate<ProgressUpdate>(db, progressUpdates, organisationId, id, version, values),

    // ---- Challenges ----
    challenges(
      db: Executor,
      organisationId: string,
      filter: { status?: ChallengeStatus | 'not_closed'; subjectLineageIds?: readonly string[] } = {},
    ): Promise<Challenge[]> {
      const conditions: SQL[] = [eq(challenges.organisationId, organisationId)];
      if (filter.status === 'not_closed') conditions.push(inArray(challenges.status, ['open', 'answered']));
      else if (filter.status) conditions.push(eq(challenges.status, filter.status));
      if (filter.subjectLineageIds) {
        if (!filter.subjectLineageIds.length) return Promise.resolve([]);
        conditions.push(inArray(challenges.subjectLineageId, [...filter.subjectLineageIds]));
      }
      return db
        .select()
        .from(challenges)
        .where(and(...conditions))
        .orderBy(desc(challenges.raisedAt));
    },
    challenge: (db: Executor, organisationId: string, id: string) =>
      one(
        db
          .select()
          .from(challenges)
          .where(and(eq(challenges.organisationId, organisationId), eq(challenges.id, id))),
      ),
    async insertChallenge(db: Executor, values: typeof challenges.$inferInsert): Promise<Challenge> {
      const [row] = await db.insert(challenges).values(values).returning();
      return row!;
    },
    updateChallenge: (
      db: Executor,
      organisationId: string,
      id: string,
      version: number,
      values: Partial<Challenge>,
    ) => guardedUpdate<Challenge>(db, challenges, organisationId, id, version, values),

    // ---- Impact ratings ----
    impactRatings(
      db: Executor,
      organisationId: string,
      commitmentLineageIds?: readonly string[],
    ): Promise<ImpactRating[]> {
      const conditions: SQL[] = [eq(impactRatings.organisationId, organisationId)];
      if (commitmentLineageIds) {
        if (!commitmentLineageIds.length) return Promise.resolve([]);
        conditions.push(inArray(impactRatings.commitmentLineageId, [...commitmentLineageIds]));
      }
      return db
        .select()
        .from(impactRatings)
        .where(and(...conditions))
        .orderBy(desc(impactRatings.period));
    },
    impactRating: (db: Executor, organisationId: string, lineageId: string, period: string) =>
      one(
        db
          .select()
          .from(impactRatings)
          .where(
            and(
              eq(impactRatings.organisationId, organisationId),
              eq(impactRatings.commitmentLineageId, lineageId),
              eq(impactRatings.period, period),
            ),
          ),
      ),
    async insertImpactRating(db: Executor, values: typeof impactRatings.$inferInsert): Promise<ImpactRating> {
      const [row] = await db.insert(impactRatings).values(values).returning();
      return row!;
    },
    updateImpactRating: (
      db: Executor,
      organisationId: string,
      id: string,
      version: number,
      values: Partial<ImpactRating>,
    ) => guardedUpdate<ImpactRating>(db, impactRatings, organisationId, id, version, values),

    // ---- People ----
    /** The organisation's members, for lead officers' names and for choosing owners. */
    members(db: Executor, organisationId: string) {
      return db
        .select({ id: users.id, email: users.email, displayName: users.displayName, role: memberships.role })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.organisationId, organisationId))
        .orderBy(asc(users.displayName));
    },
  };
}

export type PlanRepository = ReturnType<typeof planRepository>;
