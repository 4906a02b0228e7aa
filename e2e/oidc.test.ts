/// <reference lib="dom" />
// Single sign-on end to end: Waymark against a real OpenID Connect provider (oidc-provider) on loopback.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import Provider from 'oidc-provider';
import type { Page } from 'playwright-core';
import { makeOrganisation, makeUser } from '../test/helpers/app.js';
import { freePort } from '../test/helpers/process.js';
import {
  browserSkipReason,
  expectNoAxeViolations,
  startBrowserHarness,
  type BrowserHarness,
} from './helpers/browser.js';

async function startProvider(
  port: number,
  redirectUri: string,
): Promise<{ issuer: string; close(): Promise<void> }> {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'waymark-test',
        client_secret: 'test-only-client-secret-0123456789',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    // The development login form accepts any login: the login is the email address, and a login
    // starting "unverified." yields an unverified email.
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({
        sub: id,
        email: id,
        email_verified: !id.startsWith('unverified.'),
        name: `SSO ${id.split('@')[0]}`,
      }),
    }),
    claims: { email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true },
  });
  const callback = provider.callback();
  const server = http.createServer((req, res) => void callback(req, res));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { issuer, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign in with your council account' }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('single sign-on with OpenID Connect, in a browser', { skip: browserSkipReason() }, () => {
  let h: BrowserHarness;
  let provider: Awaited<ReturnType<typeof startProvider>>;
  let slug: string;
  before(async () => {
    const waymarkPort = await freePort();
    provider = await startProvider(await freePort(), `http://127.0.0.1:${waymarkPort}/sign-in/oidc/callback`);
    h = await startBrowserHarness(
      'pglite',
      {
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: 'waymark-test',
        OIDC_CLIENT_SECRET: 'test-only-client-secret-0123456789',
      },
      waymarkPort,
    );
    const org = await makeOrganisation(h.t.services, { slug: 'ssoshire', name: 'SSO Shire Council' });
    slug = org.slug;
    await makeUser(h.t.services, org.id, 'board_member', {
      email: 'chair@ssoshire.example',
      password: null,
      name: 'Chair Person',
    });
  });
  after(async () => {
    await h.close();
    await provider.close();
  });

  it('signs in a person whose verified email matches an existing account', async () => {
    const page = await h.newPage();
    await page.goto('/sign-in');
    await expectNoAxeViolations(page, 'sign-in with SSO');
    await signInAtProvider(page, 'chair@ssoshire.example');
    await page
      .waitForURL(`**/o/${slug}`, { timeout: 5000 })
      .catch(async () => assert.fail(`ended at ${page.url()}: ${await page.locator('main').textContent()}`));
    assert.equal(await page.locator('.app-header__link').first().textContent(), 'SSO Shire Council');
    assert.ok(await page.getByRole('link', { name: 'Chair Person' }).isVisible());
    const user = await h.t.services.users.byEmail('chair@ssoshire.example');
    assert.ok(user?.lastSignInAt);
  });

  it('never creates an account for an unknown email, and says what to do', async () => {
    const page = await h.newPage();
    await page.goto('/sign-in');
    await signInAtProvider(page, 'stranger@elsewhere.example');
    await page.waitForURL('**/sign-in/oidc/callback**');
    await page
      .locator('.govuk-error-summary')
      .getByText(/There is no Waymark account for the email address/)
      .waitFor();
    await expectNoAxeViolations(page, 'sign-in refused');
    assert.equal(await h.t.services.users.byEmail('stranger@elsewhere.example'), null);
  });

  it('refuses an unverified email', async () => {
    const page = await h.newPage();
    await page.goto('/sign-in');
    await signInAtProvider(page, 'unverified.chair@ssoshire.example');
    await page.waitForURL('**/sign-in/oidc/callback**');
    await page
      .locator('.govuk-error-summary')
      .getByText(/did not confirm an email address/)
      .waitFor();
  });

  it('refuses a callback that did not start here (forged state)', async () => {
    const response = await fetch(`${h.baseUrl}/sign-in/oidc/callback?code=forged&state=forged`);
    assert.equal(response.status, 400);
    assert.match(await response.text(), /did not work/);
  });
});
