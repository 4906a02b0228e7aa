// The report lands (journey 1, without the PDF reader): the improvement lead records the inspection
// and its recommendations, a monitoring visit's finding, and the DfE notice; every page is scanned.
import { after, before, describe, it } from 'node:test';
import path from 'node:path';
import assert from 'node:assert/strict';
import { TEST_PASSWORD, makeOrganisation, makeUser } from '../test/helpers/app.js';
import {
  browserSkipReason,
  expectNoAxeViolations,
  signInAs,
  startBrowserHarness,
  type BrowserHarness,
} from './helpers/browser.js';

describe('the Ofsted record in a browser', { skip: browserSkipReason() }, () => {
  let h: BrowserHarness;
  let email: string;
  before(async () => {
    h = await startBrowserHarness();
    const org = await makeOrganisation(h.t.services, { slug: 'reportshire', name: 'Reportshire Council' });
    email = (await makeUser(h.t.services, org.id, 'improvement_lead')).email;
  });
  after(() => h.close());

  it('records an inspection, a visit finding and an intervention', async () => {
    const page = await h.newPage();
    await signInAs(page, email, TEST_PASSWORD);
    await page.getByRole('link', { name: 'Ofsted' }).click();
    await expectNoAxeViolations(page, 'journey (empty)');
    await page.getByRole('button', { name: 'Record an inspection or visit' }).click();
    await expectNoAxeViolations(page, 'record an inspection');
    await page.getByLabel('Standard inspection', { exact: true }).check();
    await page.getByLabel('ILACS (from January 2023)').check();
    await page.getByLabel('First day on site').fill('2026-03-02');
    const grades = ['Inadequate', 'Inadequate', 'Requires improvement to be good', 'Good', 'Good'];
    for (const [i, grade] of grades.entries()) await page.locator(`#grade-${i}`).selectOption(grade);
    await page
      .getByLabel('What needs to improve?')
      .fill('The quality of supervision.\nThe timeliness of assessments.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .locator('.govuk-error-summary')
      .getByText(/overall effectiveness should be inadequate/)
      .waitFor();
    await expectNoAxeViolations(page, 'judgement warning');
    await page.locator('#grade-4').selectOption('Inadequate');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Standard inspection recorded').waitFor();
    await expectNoAxeViolations(page, 'inspection');
    await page.getByRole('link', { name: 'The quality of supervision.' }).click();
    await expectNoAxeViolations(page, 'recommendation');

    await page.goto('/o/reportshire/inspections/new');
    await page.getByLabel('Monitoring visit', { exact: true }).check();
    await page.getByLabel('First day on site').fill('2026-07-01');
    await page.getByLabel('Monitoring visit number (optional)').fill('1');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Monitoring visit recorded').waitFor();
    await page.getByLabel('Area', { exact: true }).fill('Supervision');
    await page.getByLabel('Findings').fill('Supervision is now monthly but not yet reflective.');
    await page.getByLabel(/The quality of supervision/).check();
    await page.getByRole('button', { name: 'Add area' }).click();
    await page.getByText('Finding added').waitFor();
    await expectNoAxeViolations(page, 'visit with a finding');

    await page.goto('/o/reportshire/interventions');
    await expectNoAxeViolations(page, 'interventions');
    await page.getByLabel('Improvement notice').check();
    await page.getByLabel('Issued').fill('2026-04-15');
    await page.getByRole('button', { name: 'Record intervention' }).click();
    await page.getByText('Intervention recorded').waitFor();

    await page.goto('/o/reportshire/inspections');
    await expectNoAxeViolations(page, 'journey');
    assert.equal(await page.locator('.moj-timeline__item').count(), 3);
  });

  it('reads a report PDF, shows it for review, and saves only what is confirmed', async () => {
    const org = (await h.t.services.organisations.bySlug('reportshire'))!;
    const count = async () => (await h.t.services.inspections.journey(org.id)).items.length;
    const page = await h.newPage();
    await signInAs(page, email, TEST_PASSWORD);
    await page.goto('/o/reportshire/inspections');
    await page.getByRole('button', { name: 'Read an Ofsted report' }).click();
    await expectNoAxeViolations(page, 'read a report');

    await page.setInputFiles(
      '#file',
      path.resolve(import.meta.dirname, '../src/features/inspections/reader/fixtures/encrypted.pdf'),
    );
    await page.getByRole('button', { name: 'Read the report' }).click();
    await page
      .locator('.govuk-error-summary')
      .getByText(/password-protected/)
      .waitFor();
    await expectNoAxeViolations(page, 'unreadable report');

    const before = await count();
    await page.setInputFiles(
      '#file',
      path.resolve(import.meta.dirname, '../../shared/samples/ofsted-reports/liverpool_2023-05-25_ilacs.pdf'),
    );
    await page.getByRole('button', { name: 'Read the report' }).click();
    await page.getByRole('heading', { name: 'Check what Waymark read' }).waitFor();
    await expectNoAxeViolations(page, 'review what was read');
    assert.equal(await count(), before, 'nothing may be saved before confirmation');
    assert.equal(await page.getByLabel('Lead inspector (optional)').inputValue(), 'Lisa Summers');
    const items = (await page.getByLabel('What needs to improve?').inputValue()).split('\n');
    assert.equal(items.length, 11);
    // The lead corrects one line before confirming.
    items[5] =
      'The provision of information for care leavers about their entitlements and health histories (corrected).';
    await page.getByLabel('What needs to improve?').fill(items.join('\n'));
    await page.getByLabel('Published (optional)').fill('2023-05-25');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Standard inspection recorded').waitFor();
    assert.equal(await count(), before + 1);
    const recs = await h.t.services.inspections.recommendations(org.id);
    assert.ok(recs.some((r) => r.text.endsWith('health histories (corrected).')));
    assert.ok(await page.getByText('The experiences and progress of care leavers').first().isVisible());
    // The text Waymark read is kept as the inspection's source document.
    const source = await page.getByRole('link', { name: 'Text read from the report' }).getAttribute('href');
    const text = await page.evaluate(async (href) => (await fetch(href!)).text(), source);
    assert.match(text, /Inspection of Liverpool local authority/);
  });

  it('reads a pasted visit letter, with axe scans', async () => {
    const page = await h.newPage();
    await signInAs(page, email, TEST_PASSWORD);
    await page.goto('/o/reportshire/inspections');
    await page.getByRole('button', { name: 'Read a visit letter' }).click();
    await expectNoAxeViolations(page, 'paste a letter');
    await page
      .getByLabel('The letter’s text')
      .fill(
        'This letter summarises the findings of the third monitoring visit to Reportshire children’s services on 10 and 11 November 2026.\nHis Majesty’s Inspector Delta Example carried out this visit.\nAreas covered by this visit\n◼ The quality of supervision.',
      );
    await page.getByRole('button', { name: 'Read the letter' }).click();
    await page.getByRole('heading', { name: 'Check the visit' }).waitFor();
    await expectNoAxeViolations(page, 'check the visit');
    await page.getByRole('button', { name: 'Save visit' }).click();
    await page.getByText('Monitoring visit recorded with 1 area').waitFor();
  });
});
