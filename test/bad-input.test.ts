// Property-based bad input (fast-check) against every form and API endpoint: huge strings, wrong
// types, odd unicode, injection strings, impossible dates, oversized bodies. Never a 5xx, never an
// unescaped echo, and the audit trail stays intact (no half-written change).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SESSION_COOKIE } from '../src/platform/auth/sessions.js';
import { routeCatalogue, type CatalogueRoute } from '../src/platform/security/route-catalogue.js';
import { createTestApp, makeOrganisation, makeUser, type TestApp } from './helpers/app.js';
import { postgresSkipReason } from './helpers/db.js';

const MARKER = '<script>alert("waymark")</script>';
const nasty = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.string({ minLength: 5000, maxLength: 20_000 }),
  fc.constantFrom(
    MARKER,
    `"><img src=x onerror=alert(1)>`,
    "' OR 1=1 --",
    '; DROP TABLE users; --',
    '../../../etc/passwd',
    '\u0000',
    '\u202e\u0301\ud83d\ude00',
    '2026-02-30',
    '31/02/2026',
    '9999-99-99',
    '-1',
    '1e309',
    'NaN',
    '0x10',
    '',
    ' ',
    '{{ 7*7 }}',
    '${7*7}',
  ),
);
const jsonValue = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nasty, { maxLength: 3 }),
);

function fill(url: string, slug: string): string {
  return url
    .replace(':slug', slug)
    .replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000')
    .replace(/\*$/, 'x');
}

describe('bad input never breaks Waymark', () => {
  let t: TestApp;
  let cookie: string;
  let slug: string;
  let token: string;
  let routes: CatalogueRoute[];

  before(async () => {
    t = await createTestApp(postgresSkipReason() ? 'pglite' : 'postgresql');
    routes = routeCatalogue(t.app).filter((r) => !r.url.startsWith('/sign-out'));
    const org = await makeOrganisation(t.services, { slug: 'fuzzshire' });
    slug = org.slug;
    const admin = await makeUser(t.services, org.id, 'admin');
    cookie = `${SESSION_COOKIE}=${await t.services.sessions.create(admin.id)}`;
    token = (
      await t.services.users.createToken({ userId: null, label: 'test', requestId: null }, admin.id, 'fuzz')
    ).token;
  });
  after(() => t.close());

  /** Field names a route's form really uses, read from the page that shows it (or its parent). */
  async function fieldNames(url: string): Promise<string[]> {
    for (const candidate of [url, url.replace(/\/[^/]+$/, '') || '/']) {
      const page = await t.app.inject({ url: candidate, headers: { cookie } });
      if (page.statusCode === 200 && page.body.includes('<form')) {
        return [
          ...new Set(
            [...page.body.matchAll(/name="([^"]+)"/g)].map((m) => m[1]!).filter((n) => n !== '_csrf'),
          ),
        ];
      }
    }
    return ['name', 'title', 'email', 'date', 'version'];
  }

  async function csrf(): Promise<{ token: string; cookie: string }> {
    const page = await t.app.inject({ url: '/account', headers: { cookie } });
    const value = page.cookies.find((c) => c.name === 'waymark_csrf')?.value ?? '';
    return {
      token: /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
      cookie: `${cookie}; waymark_csrf=${value}`,
    };
  }

  it('answers every form and endpoint with a 2xx, 3xx or 4xx, never echoing script unescaped', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const url = fill(route.url, slug);
      const unsafe = route.method !== 'GET';
      const names = unsafe && !route.api ? await fieldNames(url) : [];
      const { token: csrfToken, cookie: formCookie } =
        unsafe && !route.api ? await csrf() : { token: '', cookie };
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(
            fc.constantFrom(...(names.length ? names : ['q']), 'extra', 'page', 'version'),
            nasty,
            { maxKeys: 8 },
          ),
          fc.dictionary(fc.string({ maxLength: 20 }), jsonValue, { maxKeys: 6 }),
          async (rawForm, rawJson) => {
            // fast-check builds objects without a prototype; plain copies are what a client would send.
            const form = { ...rawForm } as Record<string, string>;
            const json = JSON.parse(JSON.stringify(rawJson)) as Record<string, unknown>;
            let response;
            if (route.api) {
              response = await t.app.inject({
                method: route.method as 'GET',
                url: unsafe ? url : `${url}?${new URLSearchParams(form).toString()}`,
                headers: { authorization: `Bearer ${token}` },
                ...(unsafe ? { payload: json } : {}),
              });
            } else if (unsafe) {
              response = await t.app.inject({
                method: route.method as 'POST',
                url,
                headers: { cookie: formCookie, 'content-type': 'application/x-www-form-urlencoded' },
                payload: new URLSearchParams({ ...form, _csrf: csrfToken }).toString(),
              });
            } else {
              response = await t.app.inject({
                url: `${url}?${new URLSearchParams(form).toString()}`,
                headers: { cookie },
              });
            }
            if (response.statusCode >= 500)
              failures.push(
                `${route.method} ${route.url}: ${response.statusCode} for ${JSON.stringify(route.api ? json : form).slice(0, 300)}`,
              );
            if (response.body.includes(MARKER))
              failures.push(`${route.method} ${route.url}: echoed script unescaped`);
            return true;
          },
        ),
        { numRuns: 12, seed: 20261123 },
      );
    }
    assert.deepEqual(failures.slice(0, 20), []);
    // Whatever was refused left no half-written change: the audit chain still verifies.
    assert.equal((await t.services.audit.verify(t.database.db)).ok, true);
  });

  it('refuses oversized bodies with 413, not a crash', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const { token: csrfToken, cookie: formCookie } = await csrf();
    const form = await t.app.inject({
      method: 'POST',
      url: `/o/${slug}/admin/users/new`,
      headers: { cookie: formCookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${csrfToken}&displayName=${big}`,
    });
    assert.equal(form.statusCode, 413);
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ x: big }),
    });
    assert.equal(api.statusCode, 413);
    assert.equal(api.json().error, 'too_large');
  });
});
