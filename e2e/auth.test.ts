/// <reference lib="dom" />
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_PASSWORD, makeOrganisation, makeUser } from '../test/helpers/app.js';
import {
  browserSkipReason,
  expectNoAxeViolations,
  startBrowserHarness,
  type BrowserHarness,
} from './helpers/browser.js';

describe('signing in, in a browser', { skip: browserSkipReason() }, () => {
  let h: BrowserHarness;
  let orgSlug: string;
  let admin: { email: string };
  let viewer: { email: string };
  before(async () => {
    h = await startBrowserHarness('pglite', { WAYMARK_SIGNIN_MAX_FAILURES: '3' });
    const org = await makeOrganisation(h.t.services, {
      slug: 'browsertown',
      name: 'Browsertown Borough Council',
      brandColour: '#00703c',
    });
    orgSlug = org.slug;
    admin = await makeUser(h.t.services, org.id, 'admin', { name: 'Ada Admin' });
    viewer = await makeUser(h.t.services, org.id, 'viewer', { name: 'Vic Viewer' });
  });
  after(() => h.close());

  it('signs in with the keyboard, visits home, account and users, and signs out', async () => {
    const page = await h.newPage();
    await page.goto('/');
    assert.match(page.url(), /\/sign-in\?returnTo=%2F$/);
    await expectNoAxeViolations(page, 'sign-in');
    // Keyboard only: the skip link comes first, then the form.
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => document.activeElement?.textContent?.trim()),
      'Skip to main content',
    );
    await page.getByLabel('Email address').fill(admin.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await page.waitForURL(`**/o/${orgSlug}`);
    assert.equal(await page.locator('h1').textContent(), 'Improvement programme overview');
    assert.equal(await page.locator('.app-header__org').textContent(), 'Browsertown Borough Council');
    // The policy allows the template's inline script (by hash) and the brand colours (an attribute).
    assert.ok(await page.evaluate(() => document.body.classList.contains('govuk-frontend-supported')));
    assert.equal(
      await page.locator('.app-header').evaluate((el) => getComputedStyle(el).backgroundColor),
      'rgb(0, 112, 60)',
    );
    await expectNoAxeViolations(page, 'home');

    await page.getByRole('link', { name: 'Ada Admin' }).click();
    await page.waitForURL('**/account');
    await expectNoAxeViolations(page, 'account');

    await page.goto(`/o/${orgSlug}/admin/users`);
    assert.equal(await page.locator('h1').textContent(), 'Users');
    await expectNoAxeViolations(page, 'admin users');
    await page.getByRole('button', { name: 'Add a user' }).click();
    await page.getByRole('button', { name: 'Add user' }).click();
    assert.equal(
      await page
        .locator('.govuk-error-summary__title')
        .textContent()
        .then((s) => s?.trim()),
      'There is a problem',
    );
    await expectNoAxeViolations(page, 'add user with errors');
    await page.getByLabel('Full name').fill('Sam Lead');
    await page.getByLabel('Work email address').fill('sam.lead@test-council.example');
    await page.getByLabel('Action lead').check();
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.waitForURL(`**/o/${orgSlug}/admin/users`);
    await page.getByText('Sam Lead has been added').waitFor();
    await page.getByRole('link', { name: 'Sam Lead' }).click();
    await expectNoAxeViolations(page, 'edit user');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in?signedOut=1');
    await page.getByText('You have signed out.').waitFor();
    await page.goto('/account');
    assert.match(page.url(), /\/sign-in/);
  });

  it('says so when the password is wrong, and locks the account after repeated failures', async () => {
    const page = await h.newPage();
    await page.goto('/sign-in');
    for (let attempt = 1; attempt <= 3; attempt++) {
      await page.getByLabel('Email address').fill(viewer.email);
      await page.getByLabel('Password').fill('wrong password entirely');
      // Wait for each answer before typing again, so no attempt lands on the previous page.
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/sign-in') && r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      if (attempt === 1) {
        await page
          .locator('.govuk-error-summary')
          .getByText('Enter a correct email address and password')
          .waitFor();
        await expectNoAxeViolations(page, 'sign-in error');
      }
    }
    await page
      .locator('.govuk-error-summary')
      .getByText(/Your account is locked after too many failed sign-in attempts/)
      .waitFor();
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .locator('.govuk-error-summary')
      .getByText(/Your account is locked/)
      .waitFor();
    await expectNoAxeViolations(page, 'locked');
  });

  it('shows a GOV.UK-styled 404 page', async () => {
    const page = await h.newPage();
    const response = await page.goto('/no-such-page');
    assert.equal(response?.status(), 404);
    assert.equal(await page.locator('h1').textContent(), 'Page not found');
    await expectNoAxeViolations(page, '404');
  });
});
