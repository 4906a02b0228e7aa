// Data access for the Ofsted record. Every query is filtered by organisation.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { guardedUpdate, inChunks } from '../../db/rows.js';
import { documents, type StoredDocument } from '../../platform/documents/schema.js';
import {
  findingRecommendations,
  inspections,
  interventions,
  judgements,
  nationalGrades,
  recommendations,
  statisticalNeighbours,
  visitFindings,
  type Inspection,
  type Intervention,
  type Recommendation,
} from './schema.js';

export function inspectionRepository() {
  return {
    list(db: Executor, organisationId: string): Promise<Inspection[]> {
      return db
        .select()
        .from(inspections)
        .where(eq(inspections.organisationId, organisationId))
        .orderBy(asc(inspections.startDate));
    },
    async get(db: Executor, organisationId: string, id: string): Promise<Inspection | null> {
      const [row] = await db
        .select()
        .from(inspections)
        .where(and(eq(inspections.organisationId, organisationId), eq(inspections.id, id)));
      return row ?? null;
    },
    async insert(db: Executor, values: typeof inspections.$inferInsert): Promise<Inspection> {
      const [row] = await db.insert(inspections).values(values).returning();
      return row!;
    },
    judgementsFor(db: Executor, organisationId: string, inspectionIds: string[]) {
      if (inspectionIds.length === 0) return Promise.resolve([]);
      return db
        .select()
        .from(judgements)
        .where(
          and(eq(judgements.organisationId, organisationId), inArray(judgements.inspectionId, inspectionIds)),
        )
        .orderBy(asc(judgements.position));
    },
    async insertJudgements(db: Executor, values: (typeof judgements.$inferInsert)[]) {
      if (values.length) await db.insert(judgements).values(values);
    },
    recommendationsFor(
      db: Executor,
      organisationId: string,
      inspectionId?: string,
    ): Promise<Recommendation[]> {
      const conditions = [eq(recommendations.organisationId, organisationId)];
      if (inspectionId) conditions.push(eq(recommendations.inspectionId, inspectionId));
      return db
        .select()
        .from(recommendations)
        .where(and(...conditions))
        .orderBy(asc(recommendations.kind), asc(recommendations.number));
    },
    async recommendation(db: Executor, organisationId: string, id: string): Promise<Recommendation | null> {
      const [row] = await db
        .select()
        .from(recommendations)
        .where(and(eq(recommendations.organisationId, organisationId), eq(recommendations.id, id)));
      return row ?? null;
    },
    async insertRecommendations(
      db: Executor,
      values: (typeof recommendations.$inferInsert)[],
    ): Promise<Recommendation[]> {
      return values.length ? db.insert(recommendations).values(values).returning() : [];
    },
    async maxRecommendationNumber(
      db: Executor,
      organisationId: string,
      inspectionId: string,
      kind: string,
    ): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`coalesce(max(${recommendations.number}), 0)::int` })
        .from(recommendations)
        .where(
          and(
            eq(recommendations.organisationId, organisationId),
            eq(recommendations.inspectionId, inspectionId),
            sql`${recommendations.kind} = ${kind}`,
          ),
        );
      return row?.n ?? 0;
    },
    findingsFor(db: Executor, organisationId: string, inspectionId: string) {
      return db
        .select()
        .from(visitFindings)
        .where(
          and(eq(visitFindings.organisationId, organisationId), eq(visitFindings.inspectionId, inspectionId)),
        )
        .orderBy(asc(visitFindings.position));
    },
    async insertFinding(db: Executor, values: typeof visitFindings.$inferInsert) {
      const [row] = await db.insert(visitFindings).values(values).returning();
      return row!;
    },
    async linkFinding(db: Executor, organisationId: string, findingId: string, recommendationIds: string[]) {
      if (recommendationIds.length) {
        await db
          .insert(findingRecommendations)
          .values(
            recommendationIds.map((recommendationId) => ({ organisationId, findingId, recommendationId })),
          );
      }
    },
    linksForFindings(db: Executor, organisationId: string, findingIds: string[]) {
      if (findingIds.length === 0) return Promise.resolve([]);
      return db
        .select()
        .from(findingRecommendations)
        .where(
          and(
            eq(findingRecommendations.organisationId, organisationId),
            inArray(findingRecommendations.findingId, findingIds),
          ),
        );
    },
    /** Every visit finding that follows up a recommendation, oldest visit first. */
    findingsForRecommendation(db: Executor, organisationId: string, recommendationId: string) {
      return db
        .select({ finding: visitFindings, visit: inspections })
        .from(findingRecommendations)
        .innerJoin(visitFindings, eq(visitFindings.id, findingRecommendations.findingId))
        .innerJoin(inspections, eq(inspections.id, visitFindings.inspectionId))
        .where(
          and(
            eq(findingRecommendations.organisationId, organisationId),
            eq(findingRecommendations.recommendationId, recommendationId),
          ),
        )
        .orderBy(asc(inspections.startDate), asc(visitFindings.position));
    },
    async insertDocument(db: Executor, values: typeof documents.$inferInsert): Promise<StoredDocument> {
      const [row] = await db.insert(documents).values(values).returning();
      return row!;
    },
    async document(db: Executor, organisationId: string, id: string): Promise<StoredDocument | null> {
      const [row] = await db
        .select()
        .from(documents)
        .where(and(eq(documents.organisationId, organisationId), eq(documents.id, id)));
      return row ?? null;
    },
    interventions(db: Executor, organisationId: string): Promise<Intervention[]> {
      return db
        .select()
        .from(interventions)
        .where(eq(interventions.organisationId, organisationId))
        .orderBy(desc(interventions.issuedDate));
    },
    async intervention(db: Executor, organisationId: string, id: string): Promise<Intervention | null> {
      const [row] = await db
        .select()
        .from(interventions)
        .where(and(eq(interventions.organisationId, organisationId), eq(interventions.id, id)));
      return row ?? null;
    },
    async insertIntervention(db: Executor, values: typeof interventions.$inferInsert): Promise<Intervention> {
      const [row] = await db.insert(interventions).values(values).returning();
      return row!;
    },
    async liftIntervention(
      db: Executor,
      organisationId: string,
      id: string,
      liftedDate: string,
      expectedVersion: number,
    ) {
      return guardedUpdate<Intervention>(db, interventions, organisationId, id, expectedVersion, {
        liftedDate,
      });
    },
    /** Reference data is replaced whole: the published file is the truth. */
    async replaceNationalGrades(db: Executor, rows: (typeof nationalGrades.$inferInsert)[]) {
      await db.delete(nationalGrades);
      await inChunks(rows, 500, (chunk) => db.insert(nationalGrades).values(chunk));
    },
    async replaceNeighbours(db: Executor, rows: (typeof statisticalNeighbours.$inferInsert)[]) {
      await db.delete(statisticalNeighbours);
      await inChunks(rows, 500, (chunk) => db.insert(statisticalNeighbours).values(chunk));
    },
    async nationalCounts(db: Executor) {
      const [grades] = await db.select({ n: sql<number>`count(*)::int` }).from(nationalGrades);
      const [neighbours] = await db.select({ n: sql<number>`count(*)::int` }).from(statisticalNeighbours);
      return { grades: grades?.n ?? 0, neighbours: neighbours?.n ?? 0 };
    },
    neighbourGrades(db: Executor, laNumbers: number[]) {
      if (laNumbers.length === 0) return Promise.resolve([]);
      return db
        .select()
        .from(nationalGrades)
        .where(inArray(nationalGrades.laNumber, laNumbers))
        .orderBy(asc(nationalGrades.laName));
    },
    neighboursOf(db: Executor, laNumber: number) {
      return db
        .select()
        .from(statisticalNeighbours)
        .where(eq(statisticalNeighbours.laNumber, laNumber))
        .orderBy(asc(statisticalNeighbours.rank));
    },
  };
}

export type InspectionRepository = ReturnType<typeof inspectionRepository>;
