import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { describeEachDatabase } from '../../../test/helpers/db.js';
import {
  createTestApp,
  makeOrganisation,
  makeUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../test/helpers/app.js';
import { WebClient } from '../../../test/helpers/web-client.js';
import { SYSTEM_ACTOR } from '../audit/service.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../auth/sessions.js';
import { inTransaction } from '../../db/tx.js';
import { readRevision } from '../../db/revisions.js';
import { PageCache, acceptsGzip } from './page-cache.js';

describe('PageCache', () => {
  it('keeps the most recently used pages within its bytes, and forgets expired ones', () => {
    let now = 0;
    const cache = new PageCache(100, 1000, () => now);
    cache.set('a', Buffer.from('x'.repeat(25)), 'text/html');
    cache.set('b', Buffer.from('x'.repeat(25)), 'text/html');
    cache.set('c', Buffer.from('x'.repeat(25)), 'text/html');
    assert.ok(cache.get('a'), 'a is now the most recently used');
    cache.set('d', Buffer.from('x'.repeat(25)), 'text/html');
    cache.set('e', Buffer.from('x'.repeat(25)), 'text/html');
    assert.equal(cache.get('b'), null, 'b, least recently used, made room');
    assert.ok(cache.get('c'), 'and that was enough room');
    assert.ok(cache.get('a'));
    assert.ok(cache.get('e'));
    assert.ok(cache.stats().bytes <= 100);
    cache.set('huge', Buffer.from('x'.repeat(26)), 'text/html');
    assert.equal(cache.get('huge'), null, 'a page over a quarter of the cache is not kept');
    now = 1001;
    assert.equal(cache.get('a'), null, 'expired');
    assert.equal(cache.stats().entries, 3);
  });

  it('replaces an entry stored again under the same key without counting it twice', () => {
    const cache = new PageCache(100, 1000);
    cache.set('a', Buffer.from('x'.repeat(20)), 'text/html');
    cache.set('a', Buffer.from('y'.repeat(10)), 'text/html');
    assert.equal(cache.get('a')?.gzip.toString(), 'y'.repeat(10));
    assert.equal(cache.stats().bytes, 10);
  });
});

describe('acceptsGzip', () => {
  it('reads Accept-Encoding as RFC 9110 says', () => {
    assert.equal(acceptsGzip('gzip, deflate, br, zstd'), true, 'what Chromium sends');
    assert.equal(acceptsGzip('br;q=1.0, GZIP;q=0.5'), true);
    assert.equal(acceptsGzip('*'), true);
    assert.equal(acceptsGzip(undefined), false, 'no header: identity only');
    assert.equal(acceptsGzip('identity'), false);
    assert.equal(acceptsGzip('br'), false);
    assert.equal(acceptsGzip('gzip;q=0'), false, 'refused explicitly');
    assert.equal(acceptsGzip('*, gzip;q=0'), false, 'named beats the wildcard');
    assert.equal(acceptsGzip('*;q=0'), false);
  });
});

describeEachDatabase('data revisions', (kind) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp(kind);
  });
  after(() => t.close());

  it('rise with every write transaction of the organisation, and not with a failed or bookkeeping one', async () => {
    const org = await makeOrganisation(t.services);
    const db = t.database.db;
    const first = await readRevision(db, org.id);
    await inTransaction(db, org.id, async () => undefined);
    const second = await readRevision(db, org.id);
    assert.notEqual(second, first);
    await assert.rejects(
      inTransaction(db, org.id, async () => {
        throw new Error('no');
      }),
    );
    await inTransaction(db, org.id, async () => undefined, { changesRecords: false });
    assert.equal(await readRevision(db, org.id), second);
    // A write outside any one organisation (people, national statistics) changes every organisation's.
    await inTransaction(db, null, async () => undefined);
    assert.notEqual(await readRevision(db, org.id), second);
  });

  it('are read with the organisation a request resolves, the same value as on their own', async () => {
    const org = await makeOrganisation(t.services);
    const user = await makeUser(t.services, org.id, 'viewer');
    const fresh = await t.services.users.membershipBySlug(org.slug, user.id);
    assert.equal(fresh?.revision, await readRevision(t.database.db, org.id));
    await inTransaction(t.database.db, org.id, async () => undefined);
    await inTransaction(t.database.db, null, async () => undefined);
    const later = await t.services.users.membershipBySlug(org.slug, user.id);
    assert.notEqual(later?.revision, fresh?.revision);
    assert.equal(later?.revision, await readRevision(t.database.db, org.id));
  });
});

describeEachDatabase('the page cache', (kind) => {
  let t: TestApp;
  let slug: string;
  let orgId: string;
  let analyst: WebClient;
  let viewer: WebClient;
  let analystEmail: string;
  before(async () => {
    t = await createTestApp(kind);
    const org = await makeOrganisation(t.services);
    slug = org.slug;
    orgId = org.id;
    const a = await makeUser(t.services, org.id, 'performance_analyst', { name: 'Ada Analyst' });
    const v = await makeUser(t.services, org.id, 'viewer', { name: 'Vic Viewer' });
    // The first view of the scorecard adds the national catalogue (a write); done here, once.
    await t.services.indicators.scorecard(org.id);
    analystEmail = a.email;
    analyst = new WebClient(t.app);
    viewer = new WebClient(t.app);
    await analyst.signIn(a.email, TEST_PASSWORD);
    await viewer.signIn(v.email, TEST_PASSWORD);
  });
  after(() => t.close());

  it('answers a repeated page from the cache, the same page, compressed once for clients that accept gzip', async () => {
    const url = `/o/${slug}/performance`;
    const first = await analyst.get(url);
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['x-page-cache'], 'miss');
    assert.equal(first.headers['content-encoding'], undefined, 'not asked for gzip');
    assert.equal(first.headers.vary, 'accept-encoding');
    const second = await analyst.get(url);
    assert.equal(second.headers['x-page-cache'], 'hit');
    assert.equal(second.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(second.body, first.body);
    const zipped = await analyst.get(url, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    assert.equal(zipped.headers['x-page-cache'], 'hit');
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(zipped.headers.vary, 'accept-encoding');
    assert.ok(zipped.rawPayload.length < first.rawPayload.length / 3, 'compressed');
    assert.equal(gunzipSync(zipped.rawPayload).toString('utf8'), first.body);
    // The CSRF token on the cached page is accepted: signing out with it works.
    const out = await analyst.post('/sign-out', {});
    assert.equal(out.statusCode, 303);
    assert.equal((await analyst.get(url)).statusCode, 303, 'signed out: no cached page for a stranger');
    await analyst.signIn(analystEmail, TEST_PASSWORD);
  });

  it('sends a compressed first view to a client that accepts gzip', async () => {
    const url = `/o/${slug}/quality`;
    const first = await viewer.get(url, { 'accept-encoding': 'gzip' });
    assert.equal(first.headers['x-page-cache'], 'miss');
    assert.equal(first.headers['content-encoding'], 'gzip');
    const page = gunzipSync(first.rawPayload).toString('utf8');
    assert.match(page, /<h1[^>]*>[^<]*Quality/);
    const again = await viewer.get(url);
    assert.equal(again.headers['x-page-cache'], 'hit');
    assert.equal(again.body, page);
  });

  it('does not keep a page that set a cookie: the next one carries a token for a different secret', async () => {
    const url = `/o/${slug}/plan`;
    const sessionOnly = { cookie: `${SESSION_COOKIE}=${viewer.cookie(SESSION_COOKIE)!}` };
    const first = await t.app.inject({ method: 'GET', url, headers: sessionOnly });
    assert.equal(first.statusCode, 200);
    assert.match(String(first.headers['set-cookie']), new RegExp(`^${CSRF_COOKIE}=`));
    const second = await t.app.inject({ method: 'GET', url, headers: sessionOnly });
    assert.equal(second.headers['x-page-cache'], 'miss');
    // With the cookie it was given, that browser's next view is stored, under its own cookie.
    const csrf = first.cookies.find((c) => c.name === CSRF_COOKIE)!.value;
    const withCsrf = { cookie: `${sessionOnly.cookie}; ${CSRF_COOKIE}=${csrf}` };
    await t.app.inject({ method: 'GET', url, headers: withCsrf });
    const hit = await t.app.inject({ method: 'GET', url, headers: withCsrf });
    assert.equal(hit.headers['x-page-cache'], 'hit');
    assert.equal(hit.headers['set-cookie'], undefined);
    assert.equal((await viewer.get(url)).headers['x-page-cache'], 'miss', 'another browser, another entry');
  });

  it('never gives one person’s page to another', async () => {
    const url = `/o/${slug}/performance`;
    await analyst.get(url);
    const seen = await viewer.get(url);
    assert.equal(seen.headers['x-page-cache'], 'miss');
    assert.ok(seen.body.includes('Vic Viewer'));
    assert.ok(!seen.body.includes('Ada Analyst'));
  });

  it('shows a change as soon as it is committed, made by anyone', async () => {
    const url = `/o/${slug}/performance`;
    await analyst.get(url);
    assert.equal((await analyst.get(url)).headers['x-page-cache'], 'hit');
    await t.services.indicators.createCustom(SYSTEM_ACTOR, orgId, {
      name: 'Synthetic cache test indicator',
      definition: 'Counts nothing real: made by the page cache test.',
      unit: 'count',
      polarity: 'higher_is_better',
      frequency: 'monthly',
      category: 'workforce',
    });
    const after = await analyst.get(url);
    assert.equal(after.headers['x-page-cache'], 'miss');
    assert.ok(after.body.includes('Synthetic cache test indicator'));
  });

  it('does not keep or serve a page carrying a one-off message', async () => {
    const url = `/o/${slug}/performance`;
    await viewer.get(url);
    await t.services.sessions.setFlash(viewer.cookie(SESSION_COOKIE)!, {
      kind: 'success',
      title: 'Synthetic one-off message',
    });
    const flashed = await viewer.get(url);
    assert.equal(flashed.headers['x-page-cache'], undefined);
    assert.ok(flashed.body.includes('Synthetic one-off message'));
    const next = await viewer.get(url);
    assert.equal(next.headers['x-page-cache'], 'hit');
    assert.ok(!next.body.includes('Synthetic one-off message'));
  });

  it('is off when WAYMARK_PAGE_CACHE_MB is 0', async () => {
    const off = await createTestApp(kind, { WAYMARK_PAGE_CACHE_MB: '0' });
    try {
      const org = await makeOrganisation(off.services);
      const user = await makeUser(off.services, org.id, 'viewer');
      const client = new WebClient(off.app);
      await client.signIn(user.email, TEST_PASSWORD);
      await client.get(`/o/${org.slug}/performance`);
      const again = await client.get(`/o/${org.slug}/performance`);
      assert.equal(again.statusCode, 200);
      assert.equal(again.headers['x-page-cache'], undefined);
    } finally {
      await off.close();
    }
  });
});
