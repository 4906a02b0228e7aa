// Routes that belong to no feature: health checks, the start page, and the statement pages.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { paths } from '../paths.js';
import { render } from './render.js';

const PUBLIC = { access: { public: true } } as const;
const STARTED_AT = new Date();
const VERSION = '0.1.0';

export async function platformRoutes(app: FastifyInstance): Promise<void> {
  app.get('/ping', { config: PUBLIC }, async (_request, reply) => reply.type('text/plain').send('pong'));

  app.get(
    '/health',
    {
      config: PUBLIC,
      schema: {
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            database: Type.String(),
            uptimeSeconds: Type.Number(),
          }),
          503: Type.Object({
            status: Type.Literal('unavailable'),
            database: Type.String(),
            message: Type.String(),
          }),
        },
      },
    },
    async (_request, reply) => {
      const handle = app.services.database;
      try {
        await handle.query('select 1');
        return { status: 'ok' as const, database: handle.kind, uptimeSeconds: Math.round(process.uptime()) };
      } catch {
        return reply.status(503).send({
          status: 'unavailable' as const,
          database: handle.kind,
          message: 'The database is not answering',
        });
      }
    },
  );

  app.get('/info', { config: PUBLIC }, async () => ({
    name: 'Waymark',
    version: VERSION,
    startedAt: STARTED_AT.toISOString(),
    database: app.services.database.kind,
    node: process.version,
  }));

  app.get('/', async (request, reply) => {
    const memberships = await app.services.users.membershipsOf(request.auth!.user.id);
    if (memberships.length === 1 && memberships[0])
      return reply.redirect(paths.org.home(memberships[0].organisation.slug), 303);
    return render(request, reply, 'choose-organisation.njk', { organisations: memberships });
  });

  app.get('/accessibility', { config: PUBLIC }, (request, reply) =>
    render(request, reply, 'statements/accessibility.njk'),
  );
  app.get('/privacy', { config: PUBLIC }, (request, reply) =>
    render(request, reply, 'statements/privacy.njk'),
  );
  app.get('/cookies', { config: PUBLIC }, (request, reply) =>
    render(request, reply, 'statements/cookies.njk'),
  );
}
