// createApp(deps): the Fastify application, with its plugins in one visible order, its routes and its errors.
import path from 'node:path';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { PAGE_CACHE_TTL_MS, PageCache, registerPageCache } from './platform/web/page-cache.js';
import { inlineScriptHashes, registerSecurityHeaders } from './platform/web/security-headers.js';
import { CSRF_COOKIE } from './platform/auth/sessions.js';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import swagger from '@fastify/swagger';
import nunjucks from 'nunjucks';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.js';
import type { Services } from './services.js';
import { configureNunjucks, templatePaths } from './platform/web/nunjucks.js';
import { ASSET_DIR, ensureAssets } from './platform/web/assets.js';
import { authenticate, enforceAccess } from './platform/web/auth-hooks.js';
import { registerErrorHandlers } from './platform/web/error-handler.js';
import { collectRoutes } from './platform/security/route-catalogue.js';
import { guardInput } from './platform/web/input-guard.js';
import { platformRoutes } from './platform/web/routes.js';
import { authRoutes } from './platform/auth/routes.js';
import { userRoutes } from './features/users/routes.js';
import { organisationRoutes } from './features/organisations/routes.js';
import { qualityRoutes } from './features/quality/routes.js';
import { inspectionRoutes } from './features/inspections/routes.js';
import { planRoutes } from './features/plan/routes.js';
import { planApi } from './features/plan/api.js';
import { governanceRoutes } from './features/governance/routes.js';
import { governanceApi } from './features/governance/api.js';
import { indicatorRoutes } from './features/indicators/routes.js';
import './platform/web/types.js';

const require = createRequire(import.meta.url);

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    config: Config;
  }
}

export interface AppDeps {
  config: Config;
  services: Services;
  logger?: FastifyServerOptions['logger'];
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, services } = deps;
  const https = config.baseUrl.startsWith('https://');
  await ensureAssets();

  const app = Fastify({
    logger: deps.logger ?? {
      level: config.logLevel,
      // Never log credentials; request bodies are never logged at all.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
    genReqId: (req) => {
      const header = req.headers['x-request-id'];
      return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    },
    trustProxy: config.production,
    bodyLimit: 1_048_576,
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('services', services);
  app.decorate('config', config);
  app.decorateRequest('auth', null);
  app.decorateRequest('org', null);
  app.decorateRequest('role', null);
  app.decorateRequest('dataRevision', null);

  // 1. Security headers, the same on every response (src/platform/web/security-headers.ts). No
  // inline style elements; the one inline script is allowed by its hash.
  const govukDist = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist/govuk');
  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...inlineScriptHashes(path.join(govukDist, 'template.njk'))],
        styleSrc: ["'self'"],
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Plain-HTTP deployments (local use) must not be told to upgrade to HTTPS.
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    hsts: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });

  // 2. Bodies and cookies, then CSRF protection (which reads the cookie and the parsed body).
  await app.register(formbody, { bodyLimit: 1_048_576 });
  // keyValues: multipart fields arrive in request.body like a urlencoded form (so CSRF works), files as Buffers.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: 25 * 1_048_576, fieldSize: 16 * 1_048_576, files: 1, fields: 60 },
  });
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: CSRF_COOKIE,
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/', secure: https },
    getToken: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      const fromBody = body && typeof body._csrf === 'string' ? body._csrf : undefined;
      const header = req.headers['x-csrf-token'];
      return fromBody ?? (typeof header === 'string' ? header : undefined);
    },
  });
  await app.register(rateLimit, { global: false });

  // 3. Static assets and templates.
  const mojDist = path.join(path.dirname(require.resolve('@ministryofjustice/frontend/package.json')), 'moj');
  await app.register(fastifyStatic, {
    root: path.join(govukDist, 'assets'),
    prefix: '/assets/',
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: [ASSET_DIR, path.join(SRC_STATIC), govukDist, mojDist],
    prefix: '/static/',
    decorateReply: false,
    maxAge: config.production ? '1d' : 0,
    allowedPath: (pathName) =>
      /^\/(app\.css|init\.js|govuk-frontend\.min\.js|moj-frontend\.min\.js)$/.test(pathName),
  });
  await app.register(view, {
    engine: { nunjucks },
    templates: templatePaths(),
    production: config.production,
    options: {
      autoescape: true,
      throwOnUndefined: false,
      noCache: !config.production,
      onConfigure: configureNunjucks,
    },
  });

  // 4. OpenAPI 3.1, generated from the schemas of the /api/v1 routes.
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Waymark API',
        version: '1.0.0',
        description: 'The JSON API of Waymark. Authenticate with `Authorization: Bearer <token>`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: ({ schema, url }) => ({
      schema: { ...schema, hide: !url.startsWith('/api/v1') || url === '/api/v1/openapi.json' },
      url,
    }),
  });

  collectRoutes(app);

  // 5. Who is asking, and may they? CSRF is added to every unsafe non-API route as it is registered.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const unsafe = methods.some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m));
    if (unsafe && !route.url.startsWith('/api/')) {
      const existing = route.preHandler
        ? Array.isArray(route.preHandler)
          ? route.preHandler
          : [route.preHandler]
        : [];
      route.preHandler = [app.csrfProtection.bind(app), ...existing];
    }
  });
  app.addHook('onRequest', authenticate);
  // Access is checked before schema validation, so no one learns an endpoint's shape without the right to use it.
  app.addHook('preValidation', enforceAccess);
  app.addHook('preValidation', guardInput);
  // After access is settled: pages marked `pageCache` may be answered from the page cache.
  registerPageCache(
    app,
    config.pageCacheMb > 0 ? new PageCache(config.pageCacheMb * 1_048_576, PAGE_CACHE_TTL_MS) : null,
  );

  registerErrorHandlers(app);

  // 6. Routes.
  await app.register(platformRoutes);
  await app.register(authRoutes);
  await app.register(userRoutes);
  await app.register(organisationRoutes);
  await app.register(inspectionRoutes);
  await app.register(planRoutes);
  await app.register(planApi);
  await app.register(governanceRoutes);
  await app.register(governanceApi);
  await app.register(indicatorRoutes);
  await app.register(qualityRoutes);

  app.get('/api/v1/openapi.json', { config: { access: { public: true } }, schema: { hide: true } }, () =>
    app.swagger(),
  );
  return app;
}

const SRC_STATIC = path.resolve(import.meta.dirname, 'platform/static');
