/// <reference lib="dom" />
// The audit month in a browser (journey 6): an auditor records an audit (refused for their own team),
// a moderator re-grades the sample, the QA lead runs Check & Challenge, and a board member sees trends only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_PASSWORD, makeOrganisation, makeUser } from '../test/helpers/app.js';
import { SYSTEM_ACTOR } from '../src/platform/audit/service.js';
import {
  browserSkipReason,
  expectNoAxeViolations,
  signInAs,
  startBrowserHarness,
  type BrowserHarness,
} from './helpers/browser.js';

const signIn = (page: Page, email: string) => signInAs(page, email, TEST_PASSWORD);

describe('quality assurance in a browser', { skip: browserSkipReason() }, () => {
  let h: BrowserHarness;
  const emails: Record<string, string> = {};
  before(async () => {
    h = await startBrowserHarness();
    const org = await makeOrganisation(h.t.services, { slug: 'qatown', name: 'QA Town Council' });
    for (const role of ['auditor', 'moderator', 'improvement_lead', 'board_member'] as const) {
      emails[role] = (await makeUser(h.t.services, org.id, role, { name: `Test ${role}` })).email;
    }
    const own = await h.t.services.quality.createTeam(SYSTEM_ACTOR, org.id, {
      name: 'Assessment Team 1',
      serviceArea: 'assessment',
    });
    await h.t.services.quality.createTeam(SYSTEM_ACTOR, org.id, {
      name: 'Children in Care',
      serviceArea: 'children_in_care',
    });
    const auditor = await h.t.services.users.byEmail(emails.auditor!);
    await h.t.services.quality.setTeamMembers(SYSTEM_ACTOR, org.id, own.id, {
      managerIds: [auditor!.id],
      memberIds: [],
      version: 1,
      allowedUserIds: [auditor!.id],
    });
  });
  after(() => h.close());

  it('walks the audit month', async () => {
    const page = await h.newPage();
    await signIn(page, emails.auditor!);
    await page.goto('/o/qatown/quality');
    await expectNoAxeViolations(page, 'quality trends (empty)');
    await page.getByRole('link', { name: 'Case audits' }).click();
    await expectNoAxeViolations(page, 'case audits (empty)');
    await page.getByRole('button', { name: 'Record a case audit' }).click();
    await expectNoAxeViolations(page, 'record a case audit');
    await page.getByLabel('Case reference').fill('LCS-424242');
    await page.getByLabel('Team that holds the case').selectOption({ label: 'Assessment Team 1' });
    await page.getByLabel('Date of the audit').fill(new Date().toISOString().slice(0, 10));
    for (const legend of [
      "The child's voice",
      'Quality of assessment',
      'Planning',
      'Management oversight and supervision',
      'Impact and progress',
      'Recording',
    ]) {
      await page.getByRole('group', { name: legend }).getByLabel('Good', { exact: true }).check();
    }
    for (const question of [
      'Statutory visits are in timescale',
      'There is an up-to-date chronology',
      'Supervision is recorded in the last month',
    ]) {
      await page.getByRole('group', { name: question }).getByLabel('Yes').check();
    }
    await page.getByRole('group', { name: 'Overall grade' }).getByLabel('Good', { exact: true }).check();
    await page.getByLabel('Why this grade').fill('Synthetic test rationale');
    await page.getByLabel('Learning themes (optional)').fill('Voice of the child');
    await page.getByRole('button', { name: 'Save case audit' }).click();
    await page
      .locator('.govuk-error-summary')
      .getByText(/because you manage that team/)
      .waitFor();
    await expectNoAxeViolations(page, 'independence refused');
    await page.getByLabel('Team that holds the case').selectOption({ label: 'Children in Care' });
    await page.getByRole('button', { name: 'Save case audit' }).click();
    await page.getByText('Case audit of LCS-424242 saved').waitFor();
    await expectNoAxeViolations(page, 'case audit');
    await page.getByLabel('What needs to happen').fill('Update the chronology');
    await page.getByLabel('Owner').fill('Team manager');
    await page.getByLabel('Due date').fill('2026-12-18');
    await page.getByRole('button', { name: 'Add case action' }).click();
    await page.getByText('Case action added').waitFor();

    await page.goto('/o/qatown/quality/teams');
    await expectNoAxeViolations(page, 'teams');
    await page.getByRole('link', { name: 'Children in Care' }).click();
    await expectNoAxeViolations(page, 'team');

    await page.goto('/o/qatown/quality/check-and-challenge');
    await expectNoAxeViolations(page, 'check and challenge');
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Children in Care' });
    await page
      .getByLabel('The team’s case list')
      .fill(Array.from({ length: 12 }, (_, i) => `LCS-8000${10 + i}`).join('\n'));
    await page.getByRole('button', { name: 'Draw cases' }).click();
    await page.getByText('6 cases drawn for Check & Challenge').waitFor();
    assert.equal(await page.locator('tbody tr').count(), 6);
    await expectNoAxeViolations(page, 'check and challenge session');
  });

  it('lets the moderator re-grade the sample', async () => {
    const page = await h.newPage();
    await signIn(page, emails.moderator!);
    await page.goto('/o/qatown/quality/moderation');
    await expectNoAxeViolations(page, 'moderation');
    await page.getByRole('button', { name: 'Draw sample' }).click();
    await page.getByText('1 audit drawn for moderation').waitFor();
    await page.getByRole('link', { name: 'LCS-424242' }).click();
    await expectNoAxeViolations(page, 'moderate');
    await page
      .getByRole('group', { name: 'Do you agree with the auditor’s overall grade?' })
      .getByLabel('No')
      .check();
    await page
      .getByRole('group', { name: 'If not, the grade you would give' })
      .getByLabel('Requires improvement to be good')
      .check();
    await page.getByLabel('Notes').fill('Synthetic: the chronology is out of date');
    await page.getByRole('button', { name: 'Save moderation' }).click();
    await page.getByText('Moderation saved').waitFor();
    assert.ok(await page.getByText('Re-graded: Requires improvement to be good').isVisible());
  });

  it('shows a board member the trend, never the records', async () => {
    const page = await h.newPage();
    await signIn(page, emails.board_member!);
    await page.goto('/o/qatown/quality');
    await page.getByRole('heading', { name: 'Grades month by month' }).waitFor();
    await expectNoAxeViolations(page, 'quality trends (board member)');
    assert.equal(await page.getByRole('link', { name: 'Case audits' }).count(), 0);
    assert.ok(
      await page
        .locator('svg[role="img"] title')
        .first()
        .textContent()
        .then((t) => /0% good or better/.test(t ?? '')),
    );
    const response = await page.goto('/o/qatown/quality/audits');
    assert.equal(response?.status(), 403);
  });

  it('lets the improvement lead change the settings and the template', async () => {
    const page = await h.newPage();
    await signIn(page, emails.improvement_lead!);
    await page.goto('/o/qatown/quality/settings');
    await expectNoAxeViolations(page, 'quality settings');
    await page.getByLabel('Case reference format (optional)').fill('^LCS-[0-9]{6}$');
    await page.getByLabel('Example reference').fill('LCS-123456');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Quality assurance settings saved').waitFor();
    await page.getByRole('button', { name: 'Publish a new version' }).click();
    await page.getByText('Template version 2 published').waitFor();
    await expectNoAxeViolations(page, 'template published');
  });
});
