import { createHash } from 'node:crypto';
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from './helpers/db.js';
import { createTestApp, makeOrganisation, makeUser, TEST_PASSWORD, type TestApp } from './helpers/app.js';
import { WebClient } from './helpers/web-client.js';

describeEachDatabase('platform routes', (kind) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp(kind);
  });
  after(() => t.close());

  it('answers /health, /ping and /info without signing in', async () => {
    const health = await t.app.inject({ url: '/health' });
    assert.equal(health.statusCode, 200);
    assert.equal(health.json().status, 'ok');
    assert.equal(health.json().database, kind);
    assert.equal((await t.app.inject({ url: '/ping' })).body, 'pong');
    assert.equal((await t.app.inject({ url: '/info' })).json().database, kind);
  });

  it('sends people to sign in, remembering where they were going', async () => {
    const response = await t.app.inject({ url: '/account' });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/sign-in?returnTo=%2Faccount');
  });

  it('refuses open redirects after sign-in', async () => {
    const org = await makeOrganisation(t.services);
    const user = await makeUser(t.services, org.id, 'viewer');
    const client = new WebClient(t.app);
    await client.get('/sign-in?returnTo=//evil.example');
    const response = await client.post('/sign-in', {
      email: user.email,
      password: TEST_PASSWORD,
      returnTo: '//evil.example',
    });
    assert.equal(response.headers.location, '/');
  });

  it('sets security headers allowing each inline script by its hash, and no HTTPS upgrade on plain HTTP', async () => {
    const response = await t.app.inject({ url: '/sign-in' });
    const csp = String(response.headers['content-security-policy']);
    const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? '';
    const inline = [...response.body.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
      (m) => m[1]!,
    );
    assert.ok(inline.length > 0, 'the GOV.UK template marks the body as JavaScript-enabled inline');
    for (const script of inline)
      assert.ok(
        scriptSrc.includes(`'sha256-${createHash('sha256').update(script).digest('base64')}'`),
        `${script} is allowed by ${scriptSrc}`,
      );
    assert.equal(/nonce|unsafe-inline/.test(scriptSrc), false, scriptSrc);
    assert.match(csp, /style-src 'self'(;|$)/, 'no inline style elements');
    assert.equal(/<style/.test(response.body), false);
    assert.equal(csp.includes('upgrade-insecure-requests'), false);
    assert.equal(response.headers['x-frame-options'], 'SAMEORIGIN');
    assert.match(String(response.headers['set-cookie']), /waymark_csrf=.*HttpOnly.*SameSite=Strict/);
  });

  it('uses the council brand, not the GOV.UK brand', async () => {
    const page = await t.app.inject({ url: '/sign-in' });
    assert.equal(/govuk-header__logotype|GOV\.UK<\/span>/.test(page.body), false);
    const css = await t.app.inject({ url: '/static/app.css' });
    assert.equal(css.statusCode, 200);
    assert.equal(css.body.includes('GDS Transport'), false);
    assert.match(css.body, /font-family:arial,helvetica,sans-serif/);
  });

  it('renders a GOV.UK-styled 404 page, and JSON 404 for the API', async () => {
    const page = await t.app.inject({ url: '/no/such/page' });
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /<h1 class="govuk-heading-l">Page not found<\/h1>/);
    const api = await t.app.inject({ url: '/api/v1/nothing-here' });
    assert.equal(api.statusCode, 404);
    assert.deepEqual(api.json(), { error: 'not_found', message: 'Page not found', details: [] });
  });

  it('refuses text that cannot be stored, naming the field', async () => {
    const org = await makeOrganisation(t.services);
    const user = await makeUser(t.services, org.id, 'viewer');
    const { token } = await t.services.users.createToken(
      { userId: null, label: 'test', requestId: null },
      user.id,
      'x',
    );
    const response = await t.app.inject({
      url: '/api/v1/me?name=a%00b',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().details[0].path, 'query.name');
    const client = new WebClient(t.app);
    await client.signIn(user.email, TEST_PASSWORD);
    await client.get('/account');
    const form = await client.post('/account/tokens', { name: 'bad\u0000name' });
    assert.equal(form.statusCode, 400);
    assert.match(form.body, /name contains a character that cannot be saved/);
    assert.equal((await t.services.users.tokensOf(user.id)).length, 1);
  });

  it('serves the statement pages to everyone', async () => {
    for (const url of ['/accessibility', '/privacy', '/cookies']) {
      const response = await t.app.inject({ url });
      assert.equal(response.statusCode, 200, url);
    }
  });

  it('publishes an OpenAPI 3.1 document of the API routes only', async () => {
    const response = await t.app.inject({ url: '/api/v1/openapi.json' });
    assert.equal(response.statusCode, 200);
    const doc = response.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/api/v1/me']);
    assert.ok(doc.paths['/api/v1/organisations/{slug}']);
    assert.equal(doc.paths['/sign-in'], undefined);
    assert.equal(doc.paths['/health'], undefined);
  });

  it('lets a person in several organisations switch between them', async () => {
    const a = await makeOrganisation(t.services, { name: 'Alpha Council' });
    const b = await makeOrganisation(t.services, { name: 'Beta Council' });
    const user = await makeUser(t.services, a.id, 'board_member');
    await t.services.users.addMember(
      { userId: null, label: 'test', requestId: null },
      { email: user.email, displayName: 'x', organisationId: b.id, role: 'viewer' },
    );
    const client = new WebClient(t.app);
    await client.signIn(user.email, TEST_PASSWORD);
    const chooser = await client.get('/');
    assert.equal(chooser.statusCode, 200);
    assert.match(chooser.body, /Alpha Council/);
    assert.match(chooser.body, /Beta Council/);
    const page = await client.get(`/o/${b.slug}`);
    assert.match(page.body, /Switch organisation/);
    assert.match(page.body, /You are viewing <strong>Beta Council<\/strong>/);
  });
});
