// Data access for performance. Organisation data is always filtered by organisation; DfE statistics
// are national and shared.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
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
      const [row] = await db
        .update(indicators)
        .set({ ...values, updatedAt: new Date(), version: sql`${indicators.version} + 1` })
        .where(
          and(
            eq(indicators.organisationId, organisationId),
            eq(indicators.id, id),
            eq(indicators.version, expectedVersion),
          ),
        )
        .returning();
      return row ?? null;
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
      for (let i = 0; i < values.length; i += 1000)
        await db.insert(indicatorTargets).values(values.slice(i, i + 1000));
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
      const rows: Observation[] = [];
      for (let i = 0; i < values.length; i += 1000)
        rows.push(
          ...(await db
            .insert(observations)
            .values(values.slice(i, i + 1000))
            .returning()),
        );
      return rows;
    },
    async reviseObservation(
      db: Executor,
      organisationId: string,
      id: string,
      expectedVersion: number,
      values: Partial<Observation>,
    ): Promise<Observation | null> {
      const [row] = await db
        .update(observations)
        .set({ ...values, updatedAt: new Date(), version: sql`${observations.version} + 1` })
        .where(
          and(
            eq(observations.organisationId, organisationId),
            eq(observations.id, id),
            eq(observations.version, expectedVersion),
          ),
        )
        .returning();
      return row ?? null;
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
      for (let i = 0; i < rows.length; i += 1000)
        await db.insert(dfeStatistics).values(rows.slice(i, i + 1000));
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
