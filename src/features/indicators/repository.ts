// Data access for performance. Organisation data is always filtered by organisation; DfE statistics
// are national and shared.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { guardedUpdate, inChunks } from '../../db/rows.js';
import {
  commitmentIndicators,
  dfeStatistics,
  indicatorTargets,
  indicators,
  observationRevisions,
  observations,
  type DfeStatistic,
  type Indicator,
  type IndicatorTarget,
  type Observation,
  type ObservationValue,
} from './schema.js';

export function indicatorRepository() {
  return {
    indicators: (db: Executor, organisationId: string): Promise<Indicator[]> =>
      db
        .select()
        .from(indicators)
        .where(eq(indicators.organisationId, organisationId))
        .orderBy(asc(indicators.position), asc(indicators.name)),
    async insertIndicators(db: Executor, values: (typeof indicators.$inferInsert)[]): Promise<void> {
      if (values.length) await db.insert(indicators).values(values).onConflictDoNothing();
    },
    async insertIndicator(db: Executor, values: typeof indicators.$inferInsert): Promise<Indicator> {
      const [row] = await db.insert(indicators).values(values).returning();
      return row!;
    },
    async updateIndicator(
      db: Executor,
      organisationId: string,
      id: string,
      expectedVersion: number,
      values: Partial<Indicator>,
    ) {
      return guardedUpdate<Indicator>(db, indicators, organisationId, id, expectedVersion, values);
    },
    targets: (db: Executor, organisationId: string): Promise<IndicatorTarget[]> =>
      db
        .select()
        .from(indicatorTargets)
        .where(eq(indicatorTargets.organisationId, organisationId))
        .orderBy(asc(indicatorTargets.fromPeriod)),
    async upsertTarget(db: Executor, values: typeof indicatorTargets.$inferInsert): Promise<IndicatorTarget> {
      const [row] = await db
        .insert(indicatorTargets)
        .values(values)
        .onConflictDoUpdate({
          target: [
            indicatorTargets.organisationId,
            indicatorTargets.indicatorId,
            indicatorTargets.fromPeriod,
          ],
          set: {
            target: values.target,
            tolerance: values.tolerance,
            baseline: values.baseline ?? null,
            baselinePeriod: values.baselinePeriod ?? null,
            setBy: values.setBy ?? null,
            updatedAt: new Date(),
            version: sql`${indicatorTargets.version} + 1`,
          },
        })
        .returning();
      return row!;
    },
    /** Many targets at once (data loads and benchmarks); an indicator's target for a month is set once. */
    async insertTargets(db: Executor, values: (typeof indicatorTargets.$inferInsert)[]): Promise<void> {
      await inChunks(values, 1000, (chunk) => db.insert(indicatorTargets).values(chunk));
    },
    observations: (
      db: Executor,
      organisationId: string,
      indicatorIds?: readonly string[],
    ): Promise<Observation[]> =>
      db
        .select()
        .from(observations)
        .where(
          and(
            eq(observations.organisationId, organisationId),
            indicatorIds ? inArray(observations.indicatorId, [...indicatorIds]) : undefined,
          ),
        )
        .orderBy(asc(observations.period)),
    /** Just what the scorecard reads of every value: far less to fetch and map than whole rows. */
    observationValues: (db: Executor, organisationId: string): Promise<ObservationValue[]> =>
      db
        .select({
          indicatorId: observations.indicatorId,
          teamKey: observations.teamKey,
          period: observations.period,
          value: observations.value,
          missingCode: observations.missingCode,
        })
        .from(observations)
        .where(eq(observations.organisationId, organisationId))
        .orderBy(asc(observations.period)),
    observation: async (
      db: Executor,
      organisationId: string,
      indicatorId: string,
      teamKey: string,
      period: string,
    ) => {
      const [row] = await db
        .select()
        .from(observations)
        .where(
          and(
            eq(observations.organisationId, organisationId),
            eq(observations.indicatorId, indicatorId),
            eq(observations.teamKey, teamKey),
            eq(observations.period, period),
          ),
        );
      return row ?? null;
    },
    async insertObservations(
      db: Executor,
      values: (typeof observations.$inferInsert)[],
    ): Promise<Observation[]> {
      const chunks = await inChunks(values, 1000, (chunk) =>
        db.insert(observations).values(chunk).returning(),
      );
      return chunks.flat();
    },
    async reviseObservation(
      db: Executor,
      organisationId: string,
      id: string,
      expectedVersion: number,
      values: Partial<Observation>,
    ): Promise<Observation | null> {
      return guardedUpdate<Observation>(db, observations, organisationId, id, expectedVersion, values);
    },
    async insertRevision(db: Executor, values: typeof observationRevisions.$inferInsert): Promise<void> {
      await db.insert(observationRevisions).values(values);
    },
    revisions: (db: Executor, organisationId: string, observationIds: readonly string[]) =>
      observationIds.length
        ? db
            .select()
            .from(observationRevisions)
            .where(
              and(
                eq(observationRevisions.organisationId, organisationId),
                inArray(observationRevisions.observationId, [...observationIds]),
              ),
            )
            .orderBy(asc(observationRevisions.revisedAt))
        : Promise.resolve([]),

    // ---- Links to plan commitments ----
    commitmentLinks: (db: Executor, organisationId: string, lineageId: string) =>
      db
        .select({ indicatorId: commitmentIndicators.indicatorId })
        .from(commitmentIndicators)
        .where(
          and(
            eq(commitmentIndicators.organisationId, organisationId),
            eq(commitmentIndicators.commitmentLineageId, lineageId),
          ),
        ),
    async setCommitmentLinks(
      db: Executor,
      organisationId: string,
      lineageId: string,
      indicatorIds: readonly string[],
    ) {
      await db
        .delete(commitmentIndicators)
        .where(
          and(
            eq(commitmentIndicators.organisationId, organisationId),
            eq(commitmentIndicators.commitmentLineageId, lineageId),
          ),
        );
      if (indicatorIds.length)
        await db.insert(commitmentIndicators).values(
          indicatorIds.map((indicatorId) => ({
            organisationId,
            commitmentLineageId: lineageId,
            indicatorId,
          })),
        );
    },

    // ---- DfE statistics (national) ----
    async replaceDfeMeasures(
      db: Executor,
      file: string,
      measures: readonly string[],
      rows: (typeof dfeStatistics.$inferInsert)[],
    ) {
      if (measures.length)
        await db
          .delete(dfeStatistics)
          .where(and(eq(dfeStatistics.file, file), inArray(dfeStatistics.measure, [...measures])));
      await inChunks(rows, 1000, (chunk) => db.insert(dfeStatistics).values(chunk));
    },
    dfeRows: (db: Executor, file: string, measure: string): Promise<DfeStatistic[]> =>
      db
        .select()
        .from(dfeStatistics)
        .where(and(eq(dfeStatistics.file, file), eq(dfeStatistics.measure, measure)))
        .orderBy(asc(dfeStatistics.timePeriod)),
  };
}

export type IndicatorRepository = ReturnType<typeof indicatorRepository>;
