/// <reference lib="dom" />
// The plan in a browser (journeys 2 and 3): an action lead sends an update from "My actions"; the
// improvement lead reviews it, reschedules an action with a reason, marks one complete and signs off
// its embedding; a board member raises a challenge. Every plan page is checked with axe.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_PASSWORD } from '../test/helpers/app.js';
import { seedDemo, DEMO_USERS } from '../src/db/seed/demo.js';
import { addDays } from '../src/features/plan/rules/rules.js';
import { londonDay } from '../src/features/plan/derive.js';
import {
  browserSkipReason,
  expectNoAxeViolations,
  signInAs,
  startBrowserHarness,
  type BrowserHarness,
} from './helpers/browser.js';

const email = (role: string) => DEMO_USERS.find((u) => u.role === role)!.email;
const signIn = (page: Page, role: string) => signInAs(page, email(role), TEST_PASSWORD);
const today = londonDay(new Date());

describe('the improvement plan in a browser', { skip: browserSkipReason() }, () => {
  let h: BrowserHarness;
  let orgId = '';
  before(async () => {
    h = await startBrowserHarness();
    await seedDemo(h.t.services, TEST_PASSWORD);
    orgId = (await h.t.services.organisations.bySlug('demo'))!.id;
  });
  after(() => h.close());

  it('an action lead sends a progress update from My actions', async () => {
    const page = await h.newPage();
    await signIn(page, 'action_lead');
    await page.goto('/o/demo/plan/my-actions');
    await expectNoAxeViolations(page, 'my actions');
    assert.match(await page.locator('main').innerText(), /You lead \d+ actions/);
    await page
      .getByRole('link', { name: /^Submit an update for action / })
      .first()
      .click();
    await expectNoAxeViolations(page, 'progress update form');
    await page.getByRole('button', { name: 'Submit update' }).click();
    await page
      .locator('.govuk-error-summary')
      .getByText('Enter what has happened since the last update')
      .waitFor();
    await expectNoAxeViolations(page, 'progress update form with errors');
    await page
      .getByLabel('What has changed since the last update?')
      .fill(
        'Synthetic browser test: the new standard is in use in every team; audits show it in 8 of 10 cases.',
      );
    await page.getByRole('group', { name: 'Which RAG rating do you propose?' }).getByLabel('Amber').check();
    await page
      .getByLabel('Evidence (optional)')
      .fill('https://intranet.demo-borough.example/audits/browser-test');
    await page.getByRole('button', { name: 'Submit update' }).click();
    await page.getByText('Update submitted').waitFor();
    // The lead never sees case audits.
    await page.goto('/o/demo/quality/audits');
    assert.match(await page.locator('h1').innerText(), /You do not have access to this page/);
  });

  it('the improvement lead reviews updates, reschedules, marks complete and signs off embedding', async () => {
    const page = await h.newPage();
    await signIn(page, 'improvement_lead');
    for (const [path, label] of [
      ['/o/demo/plan', 'plan on a page'],
      ['/o/demo/plan/tree', 'outcomes and actions'],
      ['/o/demo/plan/actions', 'all actions'],
      ['/o/demo/plan/actions?overdue=yes&sort=target&order=desc', 'filtered actions'],
      ['/o/demo/plan/exceptions', 'exceptions'],
      ['/o/demo/plan/timeline', 'timeline'],
      ['/o/demo/plan/coverage', 'coverage'],
      ['/o/demo/plan/challenges', 'challenges'],
      ['/o/demo/plan/challenges?status=closed', 'closed challenges'],
      ['/o/demo/plan/versions', 'versions'],
      ['/o/demo/plan/versions/compare?from=1&to=2', 'compare versions'],
      ['/o/demo/plan/rules', 'rules'],
      ['/o/demo/plan/import', 'import'],
      ['/o/demo/plan?v=1', 'superseded version'],
    ] as const) {
      const response = await page.goto(path);
      assert.equal(response?.status(), 200, path);
      await expectNoAxeViolations(page, label);
    }
    await page.goto('/o/demo/plan');
    await page.getByRole('link', { name: /^1\. Leaders know their services/ }).click();
    await expectNoAxeViolations(page, 'outcome');
    await page.getByRole('link', { name: /^1\.1 Reflective, regular supervision/ }).click();
    await expectNoAxeViolations(page, 'commitment');
    await page.goto('/o/demo/plan/challenges');
    await page.getByRole('link', { name: /Re-referrals rose again/ }).click();
    await expectNoAxeViolations(page, 'challenge');

    // Review: the update the action lead just sent.
    await page.getByRole('link', { name: 'Improvement plan' }).first().click();
    await page.getByRole('link', { name: 'Updates to review' }).click();
    await expectNoAxeViolations(page, 'updates to review');
    const review = page.locator('.app-review', { hasText: 'Synthetic browser test' });
    await review.getByRole('button', { name: 'Record decision' }).click();
    await page.locator('.govuk-error-summary').getByText('Choose accept or return').waitFor();
    await expectNoAxeViolations(page, 'updates to review with an error');
    const again = page.locator('.app-review', { hasText: 'Synthetic browser test' });
    await again.getByLabel('Accept').check();
    await again.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText('Update accepted').waitFor();

    // Reschedule, mark complete and sign off embedding on an in-progress action that is not late.
    const live = await h.t.services.plan.load(orgId, (await h.t.services.plan.versions(orgId)).live!.id);
    const target = live.views.find(
      (v) => v.action.deliveryStatus === 'in_progress' && !v.overdue && !v.pendingDateChange,
    )!;
    await page.goto(`/o/demo/plan/actions/${target.action.id}`);
    await expectNoAxeViolations(page, 'action');
    const newDate = addDays(target.action.currentTargetDate, 30);
    await page.getByLabel('New target date').fill(newDate);
    await page.getByRole('button', { name: 'Change the target date' }).click();
    await page
      .locator('.govuk-error-summary')
      .getByText(/Give a reason for changing the target date/)
      .waitFor();
    await expectNoAxeViolations(page, 'action with an error');
    await page.getByLabel('New target date').fill(newDate);
    await page
      .getByLabel('Why the date needs to change')
      .fill('The board agreed more time to involve partners.');
    await page.getByRole('button', { name: 'Change the target date' }).click();
    await page.getByText('Target date changed').waitFor();
    assert.match(await page.locator('main').innerText(), /The board agreed more time to involve partners\./);
    assert.match(await page.locator('main').innerText(), /Rescheduled (once|\d+ times)/);

    await page
      .getByRole('group', { name: /Change the delivery status/ })
      .getByLabel('Complete')
      .check();
    await page.getByRole('button', { name: 'Change delivery status' }).click();
    await page.getByText('Delivery status is now complete').waitFor();
    assert.match(await page.locator('main').innerText(), /Complete, awaiting evidence of embedding/);
    await page.getByLabel('Sign off embedding').fill('Two months of audits show the change in 85% of cases.');
    await page.getByRole('button', { name: 'Sign off embedding' }).click();
    await page.getByText('Embedding signed off: the action is embedded').waitFor();
    await expectNoAxeViolations(page, 'embedded action');
    const after = (await h.t.services.plan.load(orgId, target.action.planId)).views.find(
      (v) => v.action.id === target.action.id,
    )!;
    assert.equal(after.action.deliveryStatus, 'embedded');
    assert.equal(after.rag, 'blue');
    assert.equal(after.action.currentTargetDate, newDate);
    assert.ok(today <= newDate || after.reschedule.count > 0);
  });

  it('a board member raises a challenge on an action', async () => {
    const page = await h.newPage();
    await signIn(page, 'board_member');
    await page.goto('/o/demo/plan/exceptions');
    await page.locator('.app-exception a').first().click();
    await page.getByRole('link', { name: /^Raise a challenge/ }).click();
    await expectNoAxeViolations(page, 'raise a challenge');
    await page
      .getByLabel('Your challenge or question')
      .fill('What has changed for children since the last board?');
    await page.getByRole('button', { name: 'Record challenge' }).click();
    await page.getByText('Challenge recorded').waitFor();
    await expectNoAxeViolations(page, 'challenge raised');
  });
});
