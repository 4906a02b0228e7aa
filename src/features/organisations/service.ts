// Rules for organisations: slugs, brand colours, creation with an audit event.
import type { Database } from '../../db/client.js';
import { inTransaction } from '../../db/tx.js';
import type { Actor, AuditService } from '../../platform/audit/service.js';
import { NotFoundError, ValidationError, type ErrorDetail } from '../../platform/errors.js';
import type { Organisation } from './schema.js';
import type { OrganisationRepository } from './repository.js';

export const SLUG_PATTERN = /^[a-z][a-z0-9-]{1,39}$/;
export const COLOUR_PATTERN = /^#[0-9a-fA-F]{6}$/;

export interface NewOrganisationInput {
  slug: string;
  name: string;
  laNumber?: number | null;
  gssCode?: string | null;
  region?: string | null;
  brandColour?: string;
  isDemo?: boolean;
  statisticalNeighbours?: number[];
}

export function organisationService(deps: {
  db: Database;
  repo: OrganisationRepository;
  audit: AuditService;
}) {
  const { db, repo, audit } = deps;
  return {
    bySlug: (slug: string) => repo.bySlug(db, slug),
    byIds: (ids: string[]) => repo.byIds(db, ids),
    list: () => repo.list(db),

    async requireBySlug(slug: string): Promise<Organisation> {
      const org = await repo.bySlug(db, slug);
      if (!org) throw new NotFoundError(`There is no organisation "${slug}"`);
      return org;
    },

    async create(actor: Actor, input: NewOrganisationInput): Promise<Organisation> {
      const details: ErrorDetail[] = [];
      const slug = input.slug.trim().toLowerCase();
      const name = input.name.trim();
      if (!SLUG_PATTERN.test(slug)) {
        details.push({
          path: 'slug',
          message:
            'Slug must be 2 to 40 characters: lower-case letters, numbers and hyphens, starting with a letter',
        });
      }
      if (name.length < 2 || name.length > 120)
        details.push({ path: 'name', message: 'Name must be 2 to 120 characters' });
      if (input.brandColour !== undefined && !COLOUR_PATTERN.test(input.brandColour)) {
        details.push({ path: 'brandColour', message: 'Brand colour must be a hex colour such as #1d70b8' });
      }
      if (
        input.laNumber != null &&
        (!Number.isInteger(input.laNumber) || input.laNumber < 100 || input.laNumber > 999)
      ) {
        details.push({
          path: 'laNumber',
          message: 'LA number must be the three-digit DfE number, such as 202',
        });
      }
      if (details.length > 0) throw new ValidationError('The organisation could not be created', details);

      return inTransaction(db, null, async (tx) => {
        if (await repo.bySlug(tx, slug)) {
          throw new ValidationError('The organisation could not be created', [
            { path: 'slug', message: `An organisation with the slug "${slug}" already exists` },
          ]);
        }
        const org = await repo.insert(tx, {
          slug,
          name,
          laNumber: input.laNumber ?? null,
          gssCode: input.gssCode ?? null,
          region: input.region ?? null,
          brandColour: input.brandColour ?? '#1d70b8',
          isDemo: input.isDemo ? 1 : 0,
          statisticalNeighbours: input.statisticalNeighbours ?? [],
        });
        await audit.record(tx, actor, {
          organisationId: org.id,
          action: 'organisation.created',
          entityType: 'organisation',
          entityId: org.id,
          after: org,
        });
        return org;
      });
    },
  };
}

export type OrganisationService = ReturnType<typeof organisationService>;
