// The organisation's home page and its API resource.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { render } from '../../platform/web/render.js';

const OrganisationJson = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  laNumber: Type.Union([Type.Integer(), Type.Null()]),
  gssCode: Type.Union([Type.String(), Type.Null()]),
  region: Type.Union([Type.String(), Type.Null()]),
  role: Type.String(),
});

export async function organisationRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/o/:slug',
    { config: { access: { permission: 'org:read' }, pageCache: true } },
    async (request, reply) => render(request, reply, 'organisations/views/home.njk'),
  );

  app.get(
    '/api/v1/organisations',
    {
      schema: {
        summary: 'Organisations you belong to',
        tags: ['organisations'],
        response: { 200: Type.Array(OrganisationJson) },
      },
    },
    async (request) => {
      const memberships = await app.services.users.membershipsOf(request.auth!.user.id);
      return memberships.map(({ organisation: o, role }) => ({
        slug: o.slug,
        name: o.name,
        laNumber: o.laNumber,
        gssCode: o.gssCode,
        region: o.region,
        role,
      }));
    },
  );

  app.get(
    '/api/v1/organisations/:slug',
    {
      config: { access: { permission: 'org:read' } },
      schema: {
        summary: 'One organisation',
        tags: ['organisations'],
        params: Type.Object({ slug: Type.String() }),
        response: { 200: OrganisationJson },
      },
    },
    async (request) => {
      const o = request.org!;
      return {
        slug: o.slug,
        name: o.name,
        laNumber: o.laNumber,
        gssCode: o.gssCode,
        region: o.region,
        role: request.role!,
      };
    },
  );
}
