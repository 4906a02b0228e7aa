// Walks every route × every role × own and another organisation, and checks each outcome against the
// access matrix. New routes are covered as soon as they are registered.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { can } from '../src/platform/access.js';
import { ROLES, type Role } from '../src/features/users/schema.js';
import { SESSION_COOKIE } from '../src/platform/auth/sessions.js';
import { routeCatalogue, type CatalogueRoute } from '../src/platform/security/route-catalogue.js';
import { MATRIX_END, MATRIX_START, renderAccessMatrix } from '../src/platform/security/matrix-doc.js';
import { createTestApp, makeOrganisation, makeUser, type TestApp } from './helpers/app.js';
import { postgresSkipReason } from './helpers/db.js';

const SYSTEM = { userId: null, label: 'test', requestId: null };
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

function fill(url: string, slug: string): string {
  return url
    .replace(':slug', slug)
    .replace(/:[A-Za-z]+/g, MISSING_ID)
    .replace(/\*$/, 'x');
}

describe('access matrix', () => {
  let t: TestApp;
  let routes: CatalogueRoute[];
  const sessions = new Map<Role, string>();
  const tokens = new Map<Role, string>();
  let otherSlug: string;
  let ownSlug: string;

  before(async () => {
    // The matrix is about the application layer; PostgreSQL is faster for ~thousands of requests.
    t = await createTestApp(postgresSkipReason() ? 'pglite' : 'postgresql');
    routes = routeCatalogue(t.app);
    const own = await makeOrganisation(t.services, { slug: 'matrixown' });
    const other = await makeOrganisation(t.services, { slug: 'matrixother' });
    ownSlug = own.slug;
    otherSlug = other.slug;
    await makeUser(t.services, other.id, 'admin');
    for (const role of ROLES) {
      const user = await makeUser(t.services, own.id, role);
      sessions.set(role, user.id);
      tokens.set(role, (await t.services.users.createToken(SYSTEM, user.id, 'matrix')).token);
    }
  });
  after(() => t.close());

  async function request(
    route: CatalogueRoute,
    slug: string,
    role: Role | null,
  ): Promise<LightMyRequestResponse> {
    const url = fill(route.url, slug);
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(route.method);
    if (route.api) {
      const headers: Record<string, string> = role ? { authorization: `Bearer ${tokens.get(role)}` } : {};
      return t.app.inject({
        method: route.method as 'GET',
        url,
        headers,
        ...(unsafe ? { payload: {} } : {}),
      });
    }
    if (!role && !unsafe) return t.app.inject({ method: route.method as 'GET', url });
    // A fresh session per request, so a route such as sign-out cannot spoil the next one.
    let cookie = role ? `${SESSION_COOKIE}=${await t.services.sessions.create(sessions.get(role)!)}` : '';
    if (!unsafe) return t.app.inject({ method: route.method as 'GET', url, headers: { cookie } });
    // Forms carry a real CSRF token, so what is tested is the access rule, not the CSRF check.
    const page = await t.app.inject({ url: role ? '/account' : '/sign-in', headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const csrfCookie = page.cookies.find((c) => c.name === 'waymark_csrf');
    if (csrfCookie) cookie += `${cookie ? '; ' : ''}waymark_csrf=${csrfCookie.value}`;
    return t.app.inject({
      method: route.method as 'POST',
      url,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(csrf)}`,
    });
  }

  function describeOutcome(r: LightMyRequestResponse): string {
    return `${r.statusCode}${r.headers.location ? ` → ${String(r.headers.location)}` : ''}`;
  }

  it('lets each role do exactly what the matrix says, in its own organisation only', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const label = `${route.method} ${route.url}`;
      const anonymous = await request(route, ownSlug, null);
      if (route.public) {
        if (anonymous.statusCode >= 500 || [401, 403].includes(anonymous.statusCode))
          failures.push(`${label} anonymous: ${describeOutcome(anonymous)}`);
        continue;
      }
      const refusedAnonymous = route.api
        ? anonymous.statusCode === 401
        : anonymous.statusCode === 303 && String(anonymous.headers.location).startsWith('/sign-in');
      if (!refusedAnonymous)
        failures.push(`${label} anonymous should be refused: ${describeOutcome(anonymous)}`);

      for (const role of ROLES) {
        const own = await request(route, ownSlug, role);
        const allowed = route.permission ? can(role, route.permission) : true;
        const outcome = describeOutcome(own);
        if (own.statusCode >= 500) failures.push(`${label} as ${role}: server error ${outcome}`);
        else if (
          allowed &&
          (own.statusCode === 401 ||
            own.statusCode === 403 ||
            String(own.headers.location ?? '').startsWith('/sign-in'))
        ) {
          failures.push(`${label} as ${role} should be allowed: ${outcome}`);
        } else if (!allowed && own.statusCode !== 403)
          failures.push(`${label} as ${role} should be forbidden: ${outcome}`);

        if (route.url.includes(':slug')) {
          const other = await request(route, otherSlug, role);
          if (other.statusCode !== 404)
            failures.push(
              `${label} as ${role} in another organisation should be 404: ${describeOutcome(other)}`,
            );
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(routes.length >= 20, `only ${routes.length} routes were found`);
  });

  it('is documented, up to date, in docs/security.md', () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../docs/security.md'), 'utf8');
    const generated = doc.slice(doc.indexOf(MATRIX_START), doc.indexOf(MATRIX_END) + MATRIX_END.length);
    assert.equal(
      generated,
      renderAccessMatrix(routes),
      'docs/security.md is out of date: run npm run docs:security',
    );
  });
});
