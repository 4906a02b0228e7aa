import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../test/helpers/db.js';
import {
  TEST_PASSWORD,
  createTestApp,
  makeOrganisation,
  makeUser,
  type TestApp,
} from '../../../test/helpers/app.js';
import { WebClient } from '../../../test/helpers/web-client.js';
import { SESSION_COOKIE } from '../../platform/auth/sessions.js';
import { checkPasswordPolicy } from './passwords.js';

it('password policy: length and a deny-list, no composition rules', () => {
  assert.match(checkPasswordPolicy('short') ?? '', /12 characters or more/);
  assert.match(checkPasswordPolicy('password1234') ?? '', /too common/);
  assert.match(checkPasswordPolicy('aaaaaaaaaaaaaaa') ?? '', /too common/);
  assert.match(
    checkPasswordPolicy('sam.lead-long-enough', { email: 'sam.lead@x.example' }) ?? '',
    /email address/,
  );
  assert.equal(checkPasswordPolicy('all lower case words here'), null);
});

describeEachDatabase('people, sign-in and sessions', (kind) => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof makeOrganisation>>;
  before(async () => {
    t = await createTestApp(kind, { WAYMARK_SIGNIN_MAX_FAILURES: '3' });
    org = await makeOrganisation(t.services, { slug: 'testshire', name: 'Testshire County Council' });
  });
  after(() => t.close());

  it('signs in with a fresh session id and reaches the organisation', async () => {
    const user = await makeUser(t.services, org.id, 'viewer');
    const client = new WebClient(t.app);
    await client.get('/sign-in');
    const response = await client.signIn(user.email, TEST_PASSWORD);
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/');
    const first = client.cookie(SESSION_COOKIE);
    assert.ok(first);
    const home = await client.get('/');
    assert.equal(home.headers.location, '/o/testshire');
    const page = await client.get('/o/testshire');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Testshire County Council/);
    // Signing in again rotates the session: the old id stops working.
    await client.signIn(user.email, TEST_PASSWORD);
    const second = client.cookie(SESSION_COOKIE);
    assert.notEqual(second, first);
    const stale = await t.app.inject({
      url: '/o/testshire',
      headers: { cookie: `${SESSION_COOKIE}=${first}` },
    });
    assert.equal(stale.statusCode, 303);
  });

  it('refuses a wrong password with a clear message, and locks after repeated failures', async () => {
    const user = await makeUser(t.services, org.id, 'auditor');
    const client = new WebClient(t.app);
    const wrong = await client.signIn(user.email, 'not the password at all');
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /Enter a correct email address and password/);
    assert.match(wrong.body, /govuk-error-summary/);
    await client.signIn(user.email, 'not the password at all');
    const locked = await client.signIn(user.email, 'not the password at all');
    assert.equal(locked.statusCode, 423);
    assert.match(locked.body, /Your account is locked after too many failed sign-in attempts/);
    // Even the right password is refused while locked.
    const right = await client.signIn(user.email, TEST_PASSWORD);
    assert.equal(right.statusCode, 423);
    assert.equal(client.cookie(SESSION_COOKIE), undefined);
    // An admin enabling the account clears the lockout.
    await t.services.users.setActive({ userId: null, label: 'test', requestId: null }, org.id, user.id, true);
    assert.equal((await client.signIn(user.email, TEST_PASSWORD)).statusCode, 303);
  });

  it('gives an unknown email the same answer as a wrong password', async () => {
    const response = await new WebClient(t.app).signIn('nobody@test-council.example', TEST_PASSWORD);
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Enter a correct email address and password/);
  });

  it('refuses a form POST without its CSRF token (403), and changes nothing', async () => {
    const user = await makeUser(t.services, org.id, 'viewer');
    const client = new WebClient(t.app);
    await client.get('/sign-in');
    const noToken = await client.post(
      '/sign-in',
      { email: user.email, password: TEST_PASSWORD },
      { csrf: false },
    );
    assert.equal(noToken.statusCode, 403);
    assert.match(noToken.body, /This form has expired/);
    assert.equal(client.cookie(SESSION_COOKIE), undefined);
    const forged = await client.post(
      '/sign-in',
      { email: user.email, password: TEST_PASSWORD },
      { csrf: 'forged-token' },
    );
    assert.equal(forged.statusCode, 403);
  });

  it('signs out and ends the session', async () => {
    const user = await makeUser(t.services, org.id, 'viewer');
    const client = new WebClient(t.app);
    await client.signIn(user.email, TEST_PASSWORD);
    const sessionId = client.cookie(SESSION_COOKIE)!;
    await client.get('/account');
    const out = await client.post('/sign-out', {});
    assert.equal(out.statusCode, 303);
    const reuse = await t.app.inject({
      url: '/account',
      headers: { cookie: `${SESSION_COOKIE}=${sessionId}` },
    });
    assert.equal(reuse.statusCode, 303);
    assert.match(String(reuse.headers.location), /^\/sign-in/);
  });

  it('ends idle sessions', async () => {
    const user = await makeUser(t.services, org.id, 'viewer');
    const id = await t.services.sessions.create(user.id, new Date(Date.now() - 31 * 60_000));
    assert.equal(await t.services.sessions.resolve(id), null);
    const live = await t.services.sessions.create(user.id);
    assert.ok(await t.services.sessions.resolve(live));
    assert.equal(await t.services.sessions.resolve(live, new Date(Date.now() + 13 * 3_600_000)), null);
  });

  it('changes a password, checking the current one and the policy', async () => {
    const user = await makeUser(t.services, org.id, 'viewer');
    const client = new WebClient(t.app);
    await client.signIn(user.email, TEST_PASSWORD);
    await client.get('/account/password');
    const bad = await client.post('/account/password', {
      currentPassword: 'wrong',
      newPassword: 'password1234',
      confirmPassword: 'password1234',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Your current password is not correct/);
    assert.match(bad.body, /too common/);
    const good = await client.post('/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a new long passphrase here',
      confirmPassword: 'a new long passphrase here',
    });
    assert.equal(good.statusCode, 303);
    const again = new WebClient(t.app);
    assert.equal((await again.signIn(user.email, TEST_PASSWORD)).statusCode, 400);
    assert.equal((await again.signIn(user.email, 'a new long passphrase here')).statusCode, 303);
  });

  it('lets an admin add a user, change a role (refusing a stale edit) and disable an account', async () => {
    const admin = await makeUser(t.services, org.id, 'admin');
    const client = new WebClient(t.app);
    await client.signIn(admin.email, TEST_PASSWORD);
    await client.get('/o/testshire/admin/users/new');
    const invalid = await client.post('/o/testshire/admin/users/new', {
      email: 'not-an-email',
      displayName: '',
      role: 'emperor',
    });
    assert.equal(invalid.statusCode, 400);
    assert.match(invalid.body, /Enter an email address in the correct format/);
    assert.match(invalid.body, /Select a role/);
    assert.match(invalid.body, /value="not-an-email"/);
    const added = await client.post('/o/testshire/admin/users/new', {
      email: 'Dana.Analyst@Test-Council.example',
      displayName: 'Dana Analyst',
      role: 'performance_analyst',
    });
    assert.equal(added.statusCode, 303);
    const dana = await t.services.users.byEmail('dana.analyst@test-council.example');
    assert.ok(dana);
    const list = await client.get('/o/testshire/admin/users');
    assert.match(list.body, /Dana Analyst/);
    assert.match(list.body, /Dana Analyst has been added/);

    const edit = await client.get(`/o/testshire/admin/users/${dana.id}`);
    assert.equal(edit.statusCode, 200);
    const version = /name="version" value="(\d+)"/.exec(edit.body)?.[1];
    assert.equal(version, '1');
    const ok = await client.post(`/o/testshire/admin/users/${dana.id}/role`, {
      role: 'auditor',
      version: '1',
    });
    assert.equal(ok.statusCode, 303);
    // A second admin who opened the page before that change gets a conflict, not an overwrite.
    const stale = await client.post(`/o/testshire/admin/users/${dana.id}/role`, {
      role: 'viewer',
      version: '1',
    });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Someone else changed this/);
    assert.equal((await t.services.users.membership(org.id, dana.id))?.role, 'auditor');

    await client.get(`/o/testshire/admin/users/${dana.id}`);
    const disabled = await client.post(`/o/testshire/admin/users/${dana.id}/status`, { active: 'false' });
    assert.equal(disabled.statusCode, 303);
    assert.equal((await t.services.users.byId(dana.id))?.isActive, false);
    const history = await client.get(`/o/testshire/admin/users/${dana.id}`);
    assert.match(history.body, /membership: role changed/);
  });

  it('lets only one of two simultaneous edits of the same record win; the other gets a conflict', async () => {
    const admin = await makeUser(t.services, org.id, 'admin');
    const target = await makeUser(t.services, org.id, 'viewer');
    const first = new WebClient(t.app);
    const second = new WebClient(t.app);
    for (const client of [first, second]) {
      await client.signIn(admin.email, TEST_PASSWORD);
      await client.get(`/o/testshire/admin/users/${target.id}`);
    }
    const results = await Promise.all([
      first.post(`/o/testshire/admin/users/${target.id}/role`, { role: 'auditor', version: '1' }),
      second.post(`/o/testshire/admin/users/${target.id}/role`, { role: 'moderator', version: '1' }),
    ]);
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [303, 409]);
    const winner = results[0].statusCode === 303 ? 'auditor' : 'moderator';
    const membership = await t.services.users.membership(org.id, target.id);
    assert.equal(membership?.role, winner);
    assert.equal(membership?.version, 2);
  });

  it('keeps admin pages to admins and other organisations invisible', async () => {
    const viewer = await makeUser(t.services, org.id, 'viewer');
    const other = await makeOrganisation(t.services, { slug: 'otherville' });
    const client = new WebClient(t.app);
    await client.signIn(viewer.email, TEST_PASSWORD);
    assert.equal((await client.get('/o/testshire/admin/users')).statusCode, 403);
    assert.equal((await client.get(`/o/${other.slug}`)).statusCode, 404);
    assert.equal((await client.get(`/o/${other.slug}/admin/users`)).statusCode, 404);
  });

  it('serves the API to bearer tokens only, with the documented error shape', async () => {
    const user = await makeUser(t.services, org.id, 'performance_analyst');
    const anonymous = await t.app.inject({ url: '/api/v1/me' });
    assert.equal(anonymous.statusCode, 401);
    assert.deepEqual(Object.keys(anonymous.json()).sort(), ['details', 'error', 'message']);
    assert.equal(anonymous.json().error, 'unauthorised');

    const { token, record } = await t.services.users.createToken(
      { userId: user.id, label: user.email, requestId: null },
      user.id,
      'Import script',
    );
    const tokens = await t.services.users.tokensOf(user.id);
    assert.equal(tokens[0]?.tokenHash.includes(token), false);
    const me = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().email, user.email);
    assert.deepEqual(me.json().memberships, [
      { slug: 'testshire', name: 'Testshire County Council', role: 'performance_analyst' },
    ]);
    assert.equal(me.json().passwordHash, undefined);

    const forbidden = await t.app.inject({
      url: '/api/v1/organisations/testshire/users',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(forbidden.statusCode, 403);
    assert.equal(forbidden.json().error, 'forbidden');

    // Without the permission, the answer is 403 before any validation: the shape is not revealed.
    const unauthorisedBadQuery = await t.app.inject({
      url: '/api/v1/organisations/testshire/users?page=zero',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(unauthorisedBadQuery.statusCode, 403);
    const admin = await makeUser(t.services, org.id, 'admin');
    const adminToken = (
      await t.services.users.createToken(
        { userId: admin.id, label: admin.email, requestId: null },
        admin.id,
        'x',
      )
    ).token;
    const badQuery = await t.app.inject({
      url: '/api/v1/organisations/testshire/users?page=zero',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    assert.equal(badQuery.statusCode, 400);
    assert.equal(badQuery.json().error, 'validation_failed');
    assert.equal(badQuery.json().details[0].path, 'querystring.page');

    await t.services.users.revokeToken(
      { userId: user.id, label: user.email, requestId: null },
      user.id,
      record.id,
    );
    const revoked = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(revoked.statusCode, 401);
  });

  it('single sign-on matches by verified email, and creates a person only when configured', async () => {
    const sso = (email: string, verified = true) => ({
      email,
      emailVerified: verified,
      name: 'Sso Person',
      subject: `sub-${email}`,
    });
    const existing = await makeUser(t.services, org.id, 'board_member');
    const matched = await t.services.users.signInWithSso(sso(existing.email.toUpperCase()), null, null);
    assert.equal(matched.ok && matched.user.id, existing.id);
    assert.deepEqual(
      await t.services.users.signInWithSso(sso('new.person@test-council.example'), null, null),
      { ok: false, reason: 'unknown_sso' },
    );
    assert.equal(await t.services.users.byEmail('new.person@test-council.example'), null);
    assert.deepEqual(await t.services.users.signInWithSso(sso(existing.email, false), null, null), {
      ok: false,
      reason: 'unverified_sso',
    });
    const created = await t.services.users.signInWithSso(
      sso('new.person@test-council.example'),
      { organisationId: org.id, role: 'viewer' },
      null,
    );
    assert.equal(created.ok, true);
    const person = await t.services.users.byEmail('new.person@test-council.example');
    assert.equal((await t.services.users.membership(org.id, person!.id))?.role, 'viewer');
    assert.equal(person?.passwordHash, null);
  });

  it('shows a new token once on the account page and revokes it', async () => {
    const user = await makeUser(t.services, org.id, 'viewer');
    const client = new WebClient(t.app);
    await client.signIn(user.email, TEST_PASSWORD);
    await client.get('/account');
    const empty = await client.post('/account/tokens', { name: '' });
    assert.equal(empty.statusCode, 400);
    const created = await client.post('/account/tokens', { name: 'Nightly export' });
    const token = /<code class="app-token" id="token">(wmk_[^<]+)<\/code>/.exec(created.body)?.[1];
    assert.ok(token);
    const account = await client.get('/account');
    assert.match(account.body, /Nightly export/);
    assert.equal(account.body.includes(token), false);
    const me = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.statusCode, 200);
  });
});
