// Data access for organisations.
import { asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { organisations, type Organisation } from './schema.js';

export type NewOrganisation = typeof organisations.$inferInsert;

export function organisationRepository() {
  return {
    async bySlug(db: Executor, slug: string): Promise<Organisation | null> {
      const [row] = await db.select().from(organisations).where(eq(organisations.slug, slug));
      return row ?? null;
    },
    async byId(db: Executor, id: string): Promise<Organisation | null> {
      const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
      return row ?? null;
    },
    async byIds(db: Executor, ids: string[]): Promise<Organisation[]> {
      if (ids.length === 0) return [];
      return db
        .select()
        .from(organisations)
        .where(inArray(organisations.id, ids))
        .orderBy(asc(organisations.name));
    },
    list(db: Executor): Promise<Organisation[]> {
      return db.select().from(organisations).orderBy(asc(organisations.name));
    },
    async insert(db: Executor, values: NewOrganisation): Promise<Organisation> {
      const [row] = await db.insert(organisations).values(values).returning();
      if (!row) throw new Error('insert returned no row');
      return row;
    },
  };
}

export type OrganisationRepository = ReturnType<typeof organisationRepository>;
