// Collects every route with its access rule as Fastify registers it: the access-matrix test and the
// generated table in docs/security.md read this, so neither can drift from the code.
import type { FastifyInstance } from 'fastify';
import type { Permission } from '../access.js';

export interface CatalogueRoute {
  method: string;
  url: string;
  public: boolean;
  permission: Permission | null;
  api: boolean;
}

const catalogues = new WeakMap<FastifyInstance, CatalogueRoute[]>();

export function collectRoutes(app: FastifyInstance): void {
  const routes: CatalogueRoute[] = [];
  catalogues.set(app, routes);
  app.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    const access = route.config?.access;
    for (const method of methods) {
      routes.push({
        method,
        url: route.url,
        public:
          access?.public === true || route.url.startsWith('/assets/') || route.url.startsWith('/static/'),
        permission: access?.permission ?? null,
        api: route.url.startsWith('/api/'),
      });
    }
  });
}

export function routeCatalogue(app: FastifyInstance): CatalogueRoute[] {
  return [...(catalogues.get(app) ?? [])].sort(
    (a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method),
  );
}
