/// <reference lib="dom" />
// Performance in a browser (journey 5): the analyst reads the scorecard, opens an indicator with its
// chart and data table, records a month's figure (the impossible one refused first), and the admin's
// DfE upload page. Every page is checked with axe.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_PASSWORD } from '../test/helpers/app.js';
import { seedDemo, DEMO_USERS } from '../src/db/seed/demo.js';
import {
  browserSkipReason,
  expectNoAxeViolations,
  signInAs,
  startBrowserHarness,
  type BrowserHarness,
} from './helpers/browser.js';

const email = (role: string) => DEMO_USERS.find((u) => u.role === role)!.email;
// The month that has just ended: the demo's data runs to it, so saving revises it and needs a reason.
const thisMonth = new Date().toISOString().slice(0, 7);

describe('performance in a browser', { skip: browserSkipReason() }, () => {
  let h: BrowserHarness;
  before(async () => {
    h = await startBrowserHarness();
    await seedDemo(h.t.services, TEST_PASSWORD);
  });
  after(() => h.close());

  it('the analyst reads the scorecard and an indicator, and records a month', async () => {
    const page = await h.newPage();
    await signInAs(page, email('performance_analyst'), TEST_PASSWORD);
    await page.goto('/o/demo/performance');
    await expectNoAxeViolations(page, 'scorecard');
    assert.match(await page.locator('main').innerText(), /Key indicators/);
    await page.getByRole('link', { name: 'Re-referrals within 12 months' }).first().click();
    await expectNoAxeViolations(page, 'indicator');
    assert.equal(await page.locator('.app-chart svg[role="img"]').count(), 1);
    await page.getByLabel('Month', { exact: true }).fill('2030-01');
    await page.locator('#value').fill('18.5');
    await page.getByRole('button', { name: 'Save value' }).click();
    await page.locator('.govuk-error-summary').getByText('January 2030 has not started yet').waitFor();
    await page.getByLabel('Month', { exact: true }).fill(thisMonth);
    await page.locator('#value').fill('180');
    await page.getByRole('button', { name: 'Save value' }).click();
    await page.locator('.govuk-error-summary').getByText('A percentage must be between 0 and 100').waitFor();
    await expectNoAxeViolations(page, 'indicator with an error');
    await page.locator('#value').fill('18.5');
    await page.getByRole('button', { name: 'Save value' }).click();
    await page.getByText(/^Value for .* saved$/).waitFor();
    await page.goto('/o/demo/performance/indicators/SW_CASELOAD');
    await expectNoAxeViolations(page, 'workforce indicator');
    await page.getByRole('link', { name: 'Back to performance' }).click();
    await page.getByRole('link', { name: 'Key indicators', exact: true }).click();
    await expectNoAxeViolations(page, 'key indicators');
    assert.ok((await page.locator('.app-chart svg[role="img"]').count()) >= 5);
    await page.goto('/o/demo/performance/indicators/new');
    await expectNoAxeViolations(page, 'add an indicator');
    await page.getByRole('button', { name: 'Add indicator' }).click();
    await page.locator('.govuk-error-summary').getByText('Choose the unit').waitFor();
    await expectNoAxeViolations(page, 'add an indicator with errors');
    await page.goto('/o/demo/performance/key');
    await page.getByRole('link', { name: 'Workforce', exact: true }).click();
    await expectNoAxeViolations(page, 'workforce');
    assert.match(await page.locator('main').innerText(), /By team/);
    assert.ok((await page.locator('table').nth(1).locator('tbody tr').count()) >= 6, 'a row per team');
  });

  it('the analyst imports a month of values from a CSV file, fixing the impossible one first', async () => {
    const page = await h.newPage();
    await signInAs(page, email('performance_analyst'), TEST_PASSWORD);
    await page.goto('/o/demo/performance/import');
    await expectNoAxeViolations(page, 'import values');
    const month = new Date().toISOString().slice(0, 7);
    await page.getByLabel('CSV or Excel file').setInputFiles({
      name: 'values.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `indicator,period,value\nRE_REFERRALS,${month},21.5\nSW_AGENCY_RATE,${month},250\n`,
      ),
    });
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('250 is not a percentage between 0 and 100').waitFor();
    await expectNoAxeViolations(page, 'import values with a problem');
    await page.getByRole('link', { name: 'Choose another file' }).click();
    await page.getByLabel('CSV or Excel file').setInputFiles({
      name: 'values.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `indicator,period,value,reason\nRE_REFERRALS,${month},21.5,The extract was re-run after a data fix\nSW_AGENCY_RATE,${month},25,\n`,
      ),
    });
    await page.getByRole('button', { name: 'Preview' }).click();
    await expectNoAxeViolations(page, 'import values preview');
    await page.getByRole('button', { name: 'Save these values' }).click();
    await page.getByText('2 values saved').waitFor();
  });

  it('the admin sees the DfE statistics upload', async () => {
    const page = await h.newPage();
    await signInAs(page, email('admin'), TEST_PASSWORD);
    await page.goto('/o/demo/performance/dfe-statistics');
    await expectNoAxeViolations(page, 'DfE statistics upload');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.locator('.govuk-error-summary').getByText('Choose a DfE statistics file (.csv)').waitFor();
    await expectNoAxeViolations(page, 'DfE statistics upload with an error');
  });
});
