// Tables for organisations (local authorities): the tenant every other record belongs to.
import { integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, version } from '../../db/columns.js';

export const organisations = pgTable(
  'organisations',
  {
    id: id(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    laNumber: integer('la_number'),
    gssCode: text('gss_code'),
    ofstedUrn: text('ofsted_urn'),
    region: text('region'),
    brandColour: text('brand_colour').notNull().default('#1d70b8'),
    statisticalNeighbours: jsonb('statistical_neighbours').$type<number[]>().notNull().default([]),
    isDemo: integer('is_demo').notNull().default(0),
    ...timestamps(),
    version: version(),
  },
  (t) => [uniqueIndex('organisations_slug_key').on(t.slug)],
);

export type Organisation = typeof organisations.$inferSelect;

/** The column every tenant-owned table carries: which organisation the row belongs to. */
export const organisationIdColumn = () =>
  uuid('organisation_id')
    .notNull()
    .references(() => organisations.id, { onDelete: 'cascade' });
