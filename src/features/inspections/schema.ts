// Tables for the Ofsted record: inspections and visits, judgements, recommendations, visit findings
// linked to the recommendations they follow up, DfE interventions, and the national picture.
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
import { documents } from '../../platform/documents/schema.js';

export const INSPECTION_TYPES = [
  'standard_inspection',
  'short_inspection',
  'focused_visit',
  'monitoring_visit',
  'jtai',
  'action_planning_visit',
] as const;
export type InspectionType = (typeof INSPECTION_TYPES)[number];

export const FRAMEWORKS = ['SIF_2013', 'ILACS_2018', 'ILACS_2023'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export const GRADES = ['Outstanding', 'Good', 'Requires improvement to be good', 'Inadequate'] as const;
export type Grade = (typeof GRADES)[number];

export const RECOMMENDATION_KINDS = ['what_needs_to_improve', 'area_for_priority_action'] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];

export const INTERVENTION_KINDS = [
  'dfe_adviser',
  'improvement_notice',
  'statutory_direction',
  'commissioner',
  'sector_led_improvement_partner',
] as const;
export type InterventionKind = (typeof INTERVENTION_KINDS)[number];

const orgId = organisationIdColumn;

export const inspections = pgTable(
  'inspections',
  {
    id: id(),
    organisationId: orgId(),
    type: text('type').$type<InspectionType>().notNull(),
    framework: text('framework').$type<Framework>(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    publishedDate: date('published_date'),
    leadInspector: text('lead_inspector'),
    /** Monitoring visits are numbered: "the third monitoring visit since…". */
    sequenceNumber: integer('sequence_number'),
    focusAreas: jsonb('focus_areas').$type<string[]>().notNull().default([]),
    summary: text('summary'),
    link: text('link'),
    sourceDocumentId: uuid('source_document_id').references(() => documents.id, { onDelete: 'set null' }),
    ...timestamps(),
    version: version(),
  },
  (t) => [index('inspections_org_date_idx').on(t.organisationId, t.startDate)],
);

export const judgements = pgTable(
  'judgements',
  {
    id: id(),
    organisationId: orgId(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    area: text('area').notNull(),
    grade: text('grade').$type<Grade>().notNull(),
    position: integer('position').notNull(),
  },
  (t) => [uniqueIndex('judgements_inspection_area_key').on(t.organisationId, t.inspectionId, t.area)],
);

export const recommendations = pgTable(
  'recommendations',
  {
    id: id(),
    organisationId: orgId(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    kind: text('kind').$type<RecommendationKind>().notNull(),
    /** Verbatim from the report. */
    text: text('text').notNull(),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    uniqueIndex('recommendations_inspection_number_key').on(
      t.organisationId,
      t.inspectionId,
      t.kind,
      t.number,
    ),
  ],
);

/** An area a monitoring or focused visit looked at, with its findings narrative. */
export const visitFindings = pgTable(
  'visit_findings',
  {
    id: id(),
    organisationId: orgId(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    area: text('area').notNull(),
    narrative: text('narrative').notNull().default(''),
    isPriorityAction: integer('is_priority_action').notNull().default(0),
    ...timestamps(),
    version: version(),
  },
  (t) => [index('visit_findings_inspection_idx').on(t.organisationId, t.inspectionId, t.position)],
);

export const findingRecommendations = pgTable(
  'finding_recommendations',
  {
    organisationId: orgId(),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => visitFindings.id, { onDelete: 'cascade' }),
    recommendationId: uuid('recommendation_id')
      .notNull()
      .references(() => recommendations.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.findingId, t.recommendationId] }),
    index('finding_recommendations_rec_idx').on(t.organisationId, t.recommendationId),
  ],
);

export const interventions = pgTable(
  'interventions',
  {
    id: id(),
    organisationId: orgId(),
    kind: text('kind').$type<InterventionKind>().notNull(),
    issuedDate: date('issued_date').notNull(),
    liftedDate: date('lifted_date'),
    namedPerson: text('named_person'),
    reviewCadence: text('review_cadence'),
    notes: text('notes'),
    documentId: uuid('document_id').references(() => documents.id, { onDelete: 'set null' }),
    ...timestamps(),
    version: version(),
  },
  (t) => [index('interventions_org_idx').on(t.organisationId, t.issuedDate)],
);

/** Reference data, not tenant-owned: every council's latest ILACS grades (Ofsted's published overview). */
export const nationalGrades = pgTable('national_grades', {
  laNumber: integer('la_number').primaryKey(),
  laName: text('la_name').notNull(),
  region: text('region'),
  inspectionStartDate: date('inspection_start_date'),
  inspectionEndDate: date('inspection_end_date'),
  publishedDate: date('published_date'),
  framework: text('framework'),
  overall: text('overall').$type<Grade>(),
  judgements: jsonb('judgements').$type<{ area: string; grade: Grade }[]>().notNull().default([]),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Reference data: DfE statistical neighbour groupings (each LA's 10 most similar). */
export const statisticalNeighbours = pgTable(
  'statistical_neighbours',
  {
    laNumber: integer('la_number').notNull(),
    neighbourLaNumber: integer('neighbour_la_number').notNull(),
    rank: integer('rank').notNull(),
    neighbourName: text('neighbour_name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.laNumber, t.neighbourLaNumber] })],
);

export type Inspection = typeof inspections.$inferSelect;
export type Judgement = typeof judgements.$inferSelect;
export type Recommendation = typeof recommendations.$inferSelect;
export type VisitFinding = typeof visitFindings.$inferSelect;
export type Intervention = typeof interventions.$inferSelect;
