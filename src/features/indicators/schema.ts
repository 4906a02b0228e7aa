// Tables for performance: each organisation's indicators (the catalogue plus its own), targets with
// tolerance and baseline, observations (overall or by team) with every revision kept, and the DfE's
// published statistics, which are national and shared by every organisation.
import {
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  boolean,
} from 'drizzle-orm/pg-core';
import { id, timestamps, version } from '../../db/columns.js';
import { organisationIdColumn } from '../organisations/schema.js';
import { users } from '../users/schema.js';
import type {
  DfeMapping,
  Frequency,
  IndicatorCategory,
  IndicatorSource,
  IndicatorUnit,
  Polarity,
} from './catalogue.js';

const orgId = organisationIdColumn;

/** numeric columns come back as strings from both drivers; these read them as numbers. */
const num = (name: string) => numeric(name, { mode: 'number' });

export const indicators = pgTable(
  'indicators',
  {
    id: id(),
    organisationId: orgId(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    definition: text('definition').notNull(),
    unit: text('unit').$type<IndicatorUnit>().notNull(),
    polarity: text('polarity').$type<Polarity>().notNull(),
    frequency: text('frequency').$type<Frequency>().notNull(),
    source: text('source').$type<IndicatorSource>().notNull(),
    category: text('category').$type<IndicatorCategory>().notNull(),
    numerator: text('numerator'),
    denominator: text('denominator'),
    isKey: boolean('is_key').notNull().default(false),
    byTeam: boolean('by_team').notNull().default(false),
    isCustom: boolean('is_custom').notNull().default(false),
    /** Where its benchmarks come from: a DfE file and measure (or, for the demo only, synthetic figures). */
    dfe: jsonb('dfe').$type<Omit<DfeMapping, 'file'> & { file: string }>(),
    ownerId: uuid('owner_id').references(() => users.id),
    position: integer('position').notNull().default(0),
    ...timestamps(),
    version: version(),
  },
  (t) => [uniqueIndex('indicators_code_key').on(t.organisationId, t.code)],
);

export const indicatorTargets = pgTable(
  'indicator_targets',
  {
    id: id(),
    organisationId: orgId(),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'cascade' }),
    /** The first period (YYYY-MM) the target applies to; it applies until a later one starts. */
    fromPeriod: text('from_period').notNull(),
    target: num('target').notNull(),
    /** How far worse than target still counts amber, in the indicator's unit. */
    tolerance: num('tolerance').notNull(),
    baseline: num('baseline'),
    baselinePeriod: text('baseline_period'),
    setBy: uuid('set_by').references(() => users.id),
    ...timestamps(),
    version: version(),
  },
  (t) => [uniqueIndex('indicator_targets_period_key').on(t.organisationId, t.indicatorId, t.fromPeriod)],
);

export const observations = pgTable(
  'observations',
  {
    id: id(),
    organisationId: orgId(),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'cascade' }),
    /** '' for the whole service; a team's id for a team's figure. */
    teamKey: text('team_key').notNull().default(''),
    /** YYYY-MM, or YYYY-Qn for quarterly indicators. */
    period: text('period').notNull(),
    value: num('value'),
    /** Why there is no value, e.g. a DfE suppression code: never read as zero. */
    missingCode: text('missing_code'),
    note: text('note'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    uniqueIndex('observations_period_key').on(t.organisationId, t.indicatorId, t.teamKey, t.period),
    index('observations_period_idx').on(t.organisationId, t.period),
  ],
);

export const observationRevisions = pgTable(
  'observation_revisions',
  {
    id: id(),
    organisationId: orgId(),
    observationId: uuid('observation_id')
      .notNull()
      .references(() => observations.id, { onDelete: 'cascade' }),
    oldValue: num('old_value'),
    newValue: num('new_value'),
    reason: text('reason').notNull(),
    revisedBy: uuid('revised_by').references(() => users.id),
    revisedAt: timestamp('revised_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('observation_revisions_obs_idx').on(t.organisationId, t.observationId)],
);

/** One published DfE figure: national, shared by every organisation (no organisation_id). */
export const dfeStatistics = pgTable(
  'dfe_statistics',
  {
    id: id(),
    file: text('file').notNull(),
    measure: text('measure').notNull(),
    timePeriod: text('time_period').notNull(),
    year: text('year').notNull(),
    geographicLevel: text('geographic_level').notNull(),
    regionCode: text('region_code'),
    regionName: text('region_name'),
    /** The DfE LA number; for councils reported jointly, every number the row covers. */
    laNumbers: jsonb('la_numbers').$type<number[]>().notNull().default([]),
    laName: text('la_name'),
    filters: jsonb('filters').$type<Record<string, string>>().notNull().default({}),
    value: num('value'),
    missingCode: text('missing_code'),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('dfe_statistics_measure_idx').on(t.file, t.measure, t.timePeriod)],
);

/** An indicator that shows whether a plan commitment is working (by the commitment's lineage). */
export const commitmentIndicators = pgTable(
  'commitment_indicators',
  {
    organisationId: orgId(),
    commitmentLineageId: uuid('commitment_lineage_id').notNull(),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.commitmentLineageId, t.indicatorId] })],
);

export type Indicator = typeof indicators.$inferSelect;
export type IndicatorTarget = typeof indicatorTargets.$inferSelect;
export type Observation = typeof observations.$inferSelect;
/** What summaries of an indicator read of a value. */
export type ObservationValue = Pick<
  Observation,
  'indicatorId' | 'teamKey' | 'period' | 'value' | 'missingCode'
>;
export type ObservationRevision = typeof observationRevisions.$inferSelect;
export type DfeStatistic = typeof dfeStatistics.$inferSelect;
