/// <reference lib="dom" />
// Governance in a browser (journeys 3 and 4). Before the board: the improvement lead opens the
// Improvement Board's next meeting, prepares its pack, edits the executive summary, checks what
// changed since the last pack, issues it and downloads the frozen Word and PDF files. At the board:
// a resolution asking for an update report in 3 months lands on the forward plan, a meeting action
// (added with the keyboard only) lands in the actions log and is marked done; a board member reads
// the issued pack but cannot prepare or issue one. Every governance page is checked with axe.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Download, Locator, Page } from 'playwright-core';
import { TEST_PASSWORD } from '../test/helpers/app.js';
import { seedDemo, DEMO_USERS } from '../src/db/seed/demo.js';
import { addDays } from '../src/features/plan/rules/rules.js';
import { londonDay } from '../src/features/plan/derive.js';
import { addMonths } from '../src/features/governance/service.js';
import { formatDate } from '../src/platform/web/nunjucks.js';
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
const BOARD = "Children's Services Improvement Board";
const SUMMARY =
  'Synthetic browser test: re-referrals fell for the second month; two workforce actions are still late.';
const REPORT = 'Synthetic browser test: re-referrals update';
const ACTION = 'Synthetic browser test: explain why re-referrals rose in the north locality.';

/** Presses Tab until `target` has focus, as a keyboard user would; fails if it is never reached. */
async function tabTo(page: Page, target: Locator, limit = 250): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${target.toString()}`);
}

/** Types an ISO date into a focused date input segment by segment, in the browser's own order. */
async function typeDate(page: Page, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-') as [string, string, string];
  const order = await page.evaluate(() =>
    new Intl.DateTimeFormat(navigator.language)
      .formatToParts(new Date())
      .map((p) => p.type)
      .filter((t) => t === 'day' || t === 'month' || t === 'year'),
  );
  for (const part of order) await page.keyboard.type({ day, month, year }[part]);
}

/** The first bytes of a downloaded file, to check what kind of file it is. */
async function firstBytes(download: Download, count: number): Promise<string> {
  const file = await download.path();
  return fs.readFileSync(file).subarray(0, count).toString('latin1');
}

describe('governance in a browser', { skip: browserSkipReason() }, () => {
  let h: BrowserHarness;
  let orgId = '';
  let meetingUrl = '';
  let packUrl = '';
  before(async () => {
    h = await startBrowserHarness();
    await seedDemo(h.t.services, TEST_PASSWORD);
    orgId = (await h.t.services.organisations.bySlug('demo'))!.id;
  });
  after(() => h.close());

  it('the improvement lead sets up boards: the new board form, its errors, and a board’s edit form', async () => {
    const page = await h.newPage();
    await signIn(page, 'improvement_lead');
    await page.getByRole('link', { name: 'Governance', exact: true }).click();
    await page.waitForURL('**/o/demo/governance');
    await expectNoAxeViolations(page, 'governance overview');
    await page.getByRole('button', { name: 'Add a board or committee' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add a board or committee' }).waitFor();
    await expectNoAxeViolations(page, 'new board form');
    await page.getByLabel('Name', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.govuk-error-summary').getByText('There is a problem').waitFor();
    assert.match(await page.title(), /^Error: /);
    await expectNoAxeViolations(page, 'new board form with errors');
    // The summary's link takes the user to the field.
    const firstError = page.locator('.govuk-error-summary__list a').first();
    const href = (await firstError.getAttribute('href'))!;
    await firstError.click();
    assert.equal(await page.evaluate(() => document.activeElement?.id ?? ''), href.slice(1));

    await page.goto('/o/demo/governance');
    await page.getByRole('link', { name: BOARD }).click();
    await page.getByRole('link', { name: /^Change the board/ }).click();
    await page.getByRole('heading', { level: 1, name: `Change ${BOARD}` }).waitFor();
    await expectNoAxeViolations(page, 'board edit form');
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), BOARD);
  });

  it('before the board: the improvement lead prepares, edits, compares and issues the pack', async () => {
    const page = await h.newPage();
    await signIn(page, 'improvement_lead');
    await page.getByRole('link', { name: 'Governance', exact: true }).click();
    await page.getByRole('link', { name: BOARD }).click();
    await page.getByRole('heading', { level: 1, name: BOARD }).waitFor();
    await expectNoAxeViolations(page, 'board');
    // The next scheduled meeting.
    await page
      .getByRole('row', { name: /Scheduled/ })
      .getByRole('link')
      .click();
    await page.getByRole('heading', { level: 1, name: /^Meeting on / }).waitFor();
    meetingUrl = page.url();
    await expectNoAxeViolations(page, 'meeting before its pack');
    await page.getByRole('button', { name: 'Prepare board pack' }).click();
    await page.waitForURL('**/governance/packs/*');
    packUrl = new URL(page.url()).pathname;
    assert.match(await page.locator('.app-pack-status').innerText(), /Draft/);
    await expectNoAxeViolations(page, 'draft pack preview');

    await page.getByRole('link', { name: 'Edit the title, date and narrative' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit the board pack' }).waitFor();
    await expectNoAxeViolations(page, 'pack edit form');
    await page.getByLabel('Title', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Save pack' }).click();
    await page.locator('.govuk-error-summary').getByText('Enter the title of the pack').waitFor();
    await expectNoAxeViolations(page, 'pack edit form with an error');
    await page.getByLabel('Title', { exact: true }).fill('Improvement Board progress report');
    await page.getByLabel('Executive summary').fill(SUMMARY);
    await page.getByRole('button', { name: 'Save pack' }).click();
    await page.getByText('Board pack saved').waitFor();
    assert.equal(new URL(page.url()).pathname, packUrl);
    const summary = page.locator('#summary');
    assert.match(await summary.innerText(), new RegExp(SUMMARY.slice(0, 40)));

    // What changed since the last pack: listed in the contents and compared with the last issued pack.
    await page.getByRole('link', { name: 'What changed since the last pack' }).click();
    const changes = page.locator('#changes');
    assert.match(
      await changes.getByRole('heading', { level: 2 }).innerText(),
      /What changed since the last pack/,
    );
    assert.match(await changes.innerText(), /Compared with the pack as at \d{1,2} \w+ \d{4}/);

    await page.getByRole('button', { name: 'Issue to the meeting' }).click();
    await page.getByText(/^Board pack issued: it is now frozen/).waitFor();
    const status = page.locator('.app-pack-status');
    assert.match(await status.innerText(), /Issued/);
    assert.equal(await page.getByRole('button', { name: 'Issue to the meeting' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Edit the title, date and narrative' }).count(), 0);
    const checksums = await status.locator('code.app-checksum').allInnerTexts();
    assert.equal(checksums.length, 4, 'HTML, PDF, Word and Excel files, each with a checksum');
    for (const c of checksums) assert.match(c, /^[0-9a-f]{64}$/);
    await expectNoAxeViolations(page, 'issued pack');
    assert.match(await page.locator('#summary').innerText(), new RegExp(SUMMARY.slice(0, 40)));

    // The files go out with the agenda: Word and PDF download through their links.
    const [docx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /^Word committee report \(DOCX\)/ }).click(),
    ]);
    assert.match(docx.suggestedFilename(), /\.docx$/);
    assert.equal(await firstBytes(docx, 2), 'PK', 'the Word file is a zip');
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /^PDF/ }).click(),
    ]);
    assert.match(pdf.suggestedFilename(), /\.pdf$/);
    assert.equal(await firstBytes(pdf, 4), '%PDF');
    const htmlHref = await page.getByRole('link', { name: /^Web page \(HTML\)/ }).getAttribute('href');
    assert.equal(htmlHref, `${packUrl}/pack.html`);

    // The meeting now links to its issued pack and offers no second one.
    await page.goto(meetingUrl);
    assert.match(await page.locator('#pack').innerText(), /issued/);
    assert.equal(await page.getByRole('button', { name: 'Prepare board pack' }).count(), 0);

    // The stored web page opens in the browser on its own, styled and accessible.
    const response = await page.goto(htmlHref);
    assert.equal(response?.status(), 200);
    assert.match(response?.headers()['content-type'] ?? '', /^text\/html/);
    await page.getByRole('heading', { level: 1, name: 'Improvement Board progress report' }).waitFor();
    assert.match(await page.locator('main').innerText(), new RegExp(SUMMARY.slice(0, 40)));
    assert.equal(
      await page.locator('h1').evaluate((el) => getComputedStyle(el).fontFamily),
      'Arial, Helvetica, sans-serif',
      'the pack’s own stylesheet applies',
    );
    await expectNoAxeViolations(page, 'issued pack as a standalone HTML document');
  });

  it('at the board: a resolution goes on the forward plan, an action into the log and is marked done', async () => {
    const page = await h.newPage();
    await signIn(page, 'improvement_lead');
    await page.goto(meetingUrl);
    const meetingId = meetingUrl.split('/').pop()!;
    const { meeting } = await h.t.services.governance.meeting(orgId, meetingId);

    // Resolution: an empty form first, for its error state.
    await page.getByText('Record a resolution').click();
    await page.getByRole('button', { name: 'Record resolution' }).click();
    const errors = page.locator('.govuk-error-summary');
    await errors.getByText('Choose whether the meeting noted, approved, agreed or recommended it').waitFor();
    await errors.getByText('Enter what the meeting resolved').waitFor();
    await expectNoAxeViolations(page, 'meeting with errors');
    await page.getByRole('group', { name: 'The meeting' }).getByLabel('Agreed').check();
    await page
      .getByLabel('Resolution', { exact: true })
      .fill('The board asked for an update report on re-referrals in 3 months.');
    await page.getByLabel('Update report due in').fill('3');
    await page.getByLabel('Title of the update report').fill(REPORT);
    await page.getByRole('button', { name: 'Record resolution' }).click();
    const due = formatDate(addMonths(meeting.meetingDate, 3));
    await page.getByText(`Resolution recorded; an update report is on the forward plan for ${due}`).waitFor();
    assert.match(
      await page.locator('#resolutions + ul').innerText(),
      /Agreed\s+The board asked for an update report on re-referrals in 3 months\./,
    );
    assert.match(await page.locator('main').innerText(), new RegExp(`${REPORT} \\(due ${due}\\)`));
    await expectNoAxeViolations(page, 'meeting with a resolution');

    await page.getByRole('link', { name: 'See the forward plan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Forward plan' }).waitFor();
    await expectNoAxeViolations(page, 'forward plan');
    const planned = page.getByRole('row', { name: new RegExp(REPORT) });
    assert.match(await planned.innerText(), new RegExp(due));
    assert.match(await planned.innerText(), new RegExp(BOARD));

    // Meeting action, with the keyboard only: Tab to each control, type, and Enter.
    await page.goto(meetingUrl);
    const actionDue = addDays(today, 30);
    await tabTo(page, page.locator('summary', { hasText: 'Add a meeting action' }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByLabel('What needs to be done'));
    await page.keyboard.type(ACTION);
    await tabTo(page, page.getByLabel('Owner', { exact: true }));
    await page.keyboard.type('Demo Improvement Lead');
    await tabTo(page, page.getByLabel('Due (optional)'));
    await typeDate(page, actionDue);
    assert.equal(await page.getByLabel('Due (optional)').inputValue(), actionDue);
    await tabTo(page, page.getByRole('button', { name: 'Add action' }));
    await page.keyboard.press('Enter');
    await page.getByText('Meeting action added').waitFor();
    const added = page.getByRole('row', { name: new RegExp(ACTION.slice(0, 40)) });
    assert.match(await added.innerText(), new RegExp(formatDate(actionDue)));
    assert.match(await added.innerText(), /Demo Improvement Lead/);

    // The actions log lists it; mark it done.
    await page.getByRole('link', { name: 'Update progress in the meeting actions log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Meeting actions' }).waitFor();
    await expectNoAxeViolations(page, 'meeting actions log');
    await page.getByRole('navigation', { name: 'Filter meeting actions' }).getByText('Overdue').click();
    await page.waitForURL('**/governance/actions?status=overdue');
    await expectNoAxeViolations(page, 'overdue meeting actions');
    await page.getByRole('navigation', { name: 'Filter meeting actions' }).getByText('Open').click();
    await page.waitForURL('**/governance/actions?status=open');
    await expectNoAxeViolations(page, 'open meeting actions');
    const row = page.getByRole('row', { name: new RegExp(ACTION.slice(0, 40)) });
    assert.match(await row.innerText(), new RegExp(formatDate(actionDue)));
    // Dropping needs a note: the error points at this action's note, then it is marked done instead.
    await row.getByLabel('Status', { exact: true }).selectOption('dropped');
    await row.getByRole('button', { name: /^Save status of / }).click();
    const problem = page.locator('.govuk-error-summary').getByRole('link', { name: 'Enter the note' });
    await problem.waitFor();
    await expectNoAxeViolations(page, 'meeting actions log with an error');
    await problem.click();
    const note = row.getByLabel('Note (needed when dropping)');
    assert.ok(await note.evaluate((el) => el === document.activeElement), 'the error focuses the note');
    assert.match(await row.innerText(), /Error:\s+Enter the note/);
    assert.equal(await row.getByLabel('Status', { exact: true }).inputValue(), 'dropped');
    await row.getByLabel('Status', { exact: true }).selectOption('done');
    await row.getByRole('button', { name: /^Save status of / }).click();
    await page.getByText('Meeting action marked done').waitFor();
    assert.match(page.url(), /status=open$/, 'back on the filtered log');
    assert.equal(await page.getByRole('row', { name: new RegExp(ACTION.slice(0, 40)) }).count(), 0);
    await page
      .getByRole('navigation', { name: 'Filter meeting actions' })
      .getByText('Done or dropped')
      .click();
    await page.waitForURL('**/governance/actions?status=closed');
    await expectNoAxeViolations(page, 'closed meeting actions');
    assert.match(await page.getByRole('row', { name: new RegExp(ACTION.slice(0, 40)) }).innerText(), /Done/);
  });

  it('a board member reads the issued pack but cannot prepare or issue one', async () => {
    const page = await h.newPage();
    await signIn(page, 'board_member');
    await page.getByRole('link', { name: 'Governance', exact: true }).click();
    await expectNoAxeViolations(page, 'governance overview for a board member');
    assert.equal(await page.getByRole('button', { name: 'Add a board or committee' }).count(), 0);
    await page.getByRole('link', { name: BOARD }).click();
    await page.getByRole('link', { name: /^Improvement Board progress report, as at / }).click();
    await page.getByRole('heading', { level: 1, name: 'Improvement Board progress report' }).waitFor();
    await expectNoAxeViolations(page, 'issued pack for a board member');
    assert.match(await page.locator('.app-pack-status').innerText(), /Issued/);
    assert.match(await page.locator('#summary').innerText(), new RegExp(SUMMARY.slice(0, 40)));
    assert.equal(await page.getByRole('button', { name: 'Issue to the meeting' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Prepare board pack' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Edit the title, date and narrative' }).count(), 0);
    // A meeting without a pack says so, with no button to prepare one.
    await page.goto('/o/demo/governance');
    await page.getByRole('link', { name: BOARD }).click();
    // The oldest meeting (listed last) had no pack.
    await page.getByRole('row', { name: /Held/ }).last().getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: /^Meeting on / }).waitFor();
    await expectNoAxeViolations(page, 'meeting for a board member');
    assert.equal(await page.getByRole('button', { name: 'Prepare board pack' }).count(), 0);
    assert.equal(await page.getByText('Record a resolution').count(), 0);
    // Editing is refused.
    const response = await page.goto(`${packUrl}/edit`);
    assert.equal(response?.status(), 403);
  });
});
