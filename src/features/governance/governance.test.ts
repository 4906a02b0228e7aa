// Governance, end to end on both databases: boards and members, meetings and their agendas,
// resolutions and the forward plan, meeting actions, board packs through the web pages (prepare,
// edit, issue, frozen downloads, what changed since the last pack), who may do what, and the demo.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase } from '../../../test/helpers/db.js';
import {
  TEST_PASSWORD,
  createTestApp,
  makeOrganisation,
  makeUser,
  type TestApp,
} from '../../../test/helpers/app.js';
import { WebClient } from '../../../test/helpers/web-client.js';
import { SYSTEM_ACTOR } from '../../platform/audit/service.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { routeCatalogue } from '../../platform/security/route-catalogue.js';
import type { Organisation } from '../organisations/schema.js';
import { londonDay } from '../plan/derive.js';
import { addDays } from '../plan/rules/rules.js';
import type { Caller as PlanCaller } from '../plan/service.js';
import { extractPdfText } from '../inspections/reader/pdf-text.js';
import { RESOLUTION_KINDS } from './schema.js';
import {
  DEFAULT_PACK_TITLE,
  DEFAULT_STANDING_ITEMS,
  addMonths,
  previousMonthEnd,
  type GovernanceCaller,
} from './service.js';
import { BOARD_KINDS, DEFAULT_SECTIONS, PACK_SECTIONS, type PackModel } from './pack/model.js';
import { changesHeadline, packChanges } from './pack/changes.js';
import { samplePackModel } from './pack/fixture.js';

const today = londonDay(new Date());
const sha256 = (data: Buffer | Uint8Array) => createHash('sha256').update(data).digest('hex');
const caller: GovernanceCaller = { actor: SYSTEM_ACTOR, userId: null };
const CHROMIUM = process.env.WAYMARK_TEST_CHROMIUM;
const NEED_CHROMIUM =
  'Chromium is required for the board pack PDF tests: install it (apt-get install -y chromium) or set CHROMIUM_PATH, and run the tests through scripts/run-tests.ts, which passes it on as WAYMARK_TEST_CHROMIUM';

const REPORT_HEADINGS = [
  'Purpose of the report',
  'Executive summary',
  'Recommended action',
  'Policy context',
  'The proposal',
  'Contribution to strategic aims',
  'Community engagement',
  'Equality impact',
  'Legal implications',
  'Financial implications',
  'Background papers',
];

/** Asserts that a promise rejects with the given error class, naming exactly these fields. */
async function rejectsWith(
  promise: Promise<unknown>,
  kind: typeof ValidationError | typeof ConflictError | typeof NotFoundError,
  paths: string[] = [],
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof kind, `expected ${kind.name}, got ${String(error)}`);
    assert.deepEqual(error.details.map((d) => d.path).sort(), [...paths].sort());
    return true;
  });
}

const decode = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

const monthOf = (iso: string) => iso.slice(0, 7);
const nextMonth = (period: string, n = 1) => addMonths(`${period}-01`, n).slice(0, 7);

// ---- Pure rules: dates and "what changed since the last pack" ----

describe('governance dates', () => {
  it('adds months, clamping to the end of a shorter month', () => {
    assert.equal(addMonths('2026-11-30', 3), '2027-02-28');
    assert.equal(addMonths('2027-11-30', 3), '2028-02-29');
    assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
    assert.equal(addMonths('2026-08-31', 1), '2026-09-30');
    assert.equal(addMonths('2026-03-15', 12), '2027-03-15');
    assert.equal(addMonths('2026-12-15', 24), '2028-12-15');
    assert.equal(addMonths('2026-03-31', -1), '2026-02-28');
  });

  it('takes the end of the month before a meeting as the pack date', () => {
    assert.equal(previousMonthEnd('2026-03-10'), '2026-02-28');
    assert.equal(previousMonthEnd('2026-01-05'), '2025-12-31');
    assert.equal(previousMonthEnd('2028-03-01'), '2028-02-29');
    assert.equal(previousMonthEnd('2026-07-31'), '2026-06-30');
  });
});

describe('what changed since the last pack', () => {
  const action = (model: PackModel, ref: string) => {
    const found = model.plan!.actions.find((a) => a.ref === ref);
    assert.ok(found, `no action ${ref} in the sample model`);
    return found;
  };
  const row = (model: PackModel, code: string) => {
    const found = model.indicators!.rows.find((r) => r.code === code);
    assert.ok(found, `no indicator ${code} in the sample model`);
    return found;
  };

  it('has nothing to compare with for the first pack', () => {
    const changes = packChanges(null, samplePackModel());
    assert.equal(changes.since, null);
    for (const list of [
      changes.ragChanges,
      changes.newReds,
      changes.completed,
      changes.embedded,
      changes.rescheduled,
      changes.newActions,
      changes.indicatorsBetter,
      changes.indicatorsWorse,
    ])
      assert.deepEqual(list, []);
  });

  it('finds no changes between a pack and an identical one, and dates the comparison', () => {
    const previous = samplePackModel({ asAt: '2026-10-31' });
    const changes = packChanges(previous, samplePackModel());
    assert.equal(changes.since, '2026-10-31');
    assert.equal(changesHeadline(changes), 'No changes');
    assert.deepEqual(changes.ragChanges, []);
    assert.deepEqual(changes.indicatorsBetter, []);
  });

  it('lists a new red and every RAG change, reds first; a red that stays red is not new', () => {
    const previous = samplePackModel({ asAt: '2026-10-31' });
    action(previous, 'A1.2.1').rag = 'green';
    action(previous, 'A1.1.2').rag = 'green';
    const current = samplePackModel();
    action(current, 'A1.2.1').rag = 'red';
    const changes = packChanges(previous, current);
    assert.deepEqual(
      changes.newReds.map((r) => r.ref),
      ['A1.2.1'],
    );
    assert.equal(changes.newReds[0]!.leadName, action(current, 'A1.2.1').leadName);
    assert.deepEqual(
      changes.ragChanges.map((c) => [c.ref, c.from, c.to]),
      [
        ['A1.2.1', 'green', 'red'],
        ['A1.1.2', 'green', 'amber'],
      ],
    );
    assert.match(changesHeadline(changes), /^1 new red, 2 RAG changes$/);
  });

  it('tells completed from embedded: complete → embedded is embedded only, and withdrawing embedding is neither', () => {
    const previous = samplePackModel({ asAt: '2026-10-31' });
    action(previous, 'A1.2.1').deliveryStatus = 'in_progress';
    action(previous, 'A2.1.1').deliveryStatus = 'complete';
    action(previous, 'A2.1.2').deliveryStatus = 'embedded';
    const current = samplePackModel();
    action(current, 'A1.2.1').deliveryStatus = 'complete';
    action(current, 'A2.1.1').deliveryStatus = 'embedded';
    action(current, 'A2.1.2').deliveryStatus = 'complete';
    const changes = packChanges(previous, current);
    assert.deepEqual(
      changes.completed.map((c) => c.ref),
      ['A1.2.1'],
    );
    assert.deepEqual(
      changes.embedded.map((c) => c.ref),
      ['A2.1.1'],
    );
  });

  it('lists a moved deadline with the approved reason, and without one where none was recorded', () => {
    const previous = samplePackModel({ asAt: '2026-10-31' });
    action(previous, 'A3.1.1').currentTargetDate = '2026-10-31';
    action(previous, 'A1.2.1').currentTargetDate = '2026-11-30';
    const current = samplePackModel();
    const changes = packChanges(previous, current);
    assert.deepEqual(changes.rescheduled, [
      {
        ref: 'A1.2.1',
        title: action(current, 'A1.2.1').title,
        from: '2026-11-30',
        to: action(current, 'A1.2.1').currentTargetDate,
        reason: null,
      },
      {
        ref: 'A3.1.1',
        title: 'Recruit an edge-of-care team (synthetic)',
        from: '2026-10-31',
        to: '2026-12-31',
        reason: 'Second recruitment round needed after too few applicants (synthetic)',
      },
    ]);
  });

  it('judges indicators better or worse by their polarity, ignoring same, missing and neutral ones', () => {
    const previous = samplePackModel({ asAt: '2026-10-31' });
    Object.assign(row(previous, 'CIN1'), {
      latestValue: 22.4,
      latestText: '22.4%',
      latestPeriod: 'Oct 2026',
    });
    Object.assign(row(previous, 'CP2'), { latestValue: 81, latestText: '81%', latestPeriod: 'Oct 2026' });
    Object.assign(row(previous, 'WF1'), { latestValue: 18, latestText: '18' });
    Object.assign(row(previous, 'WF2'), { latestValue: 30, latestText: '30%', polarity: 'neutral' });
    const current = samplePackModel();
    row(current, 'WF2').polarity = 'neutral';
    const changes = packChanges(previous, current);
    assert.deepEqual(changes.indicatorsBetter, [
      {
        code: 'CIN1',
        name: row(current, 'CIN1').name,
        from: '22.4%',
        to: '21.5%',
        fromPeriod: 'Oct 2026',
        toPeriod: 'Nov 2026',
      },
    ]);
    assert.deepEqual(
      changes.indicatorsWorse.map((c) => [c.code, c.from, c.to]),
      [
        ['CP2', '81%', '78%'],
        ['WF1', '18', '19'],
      ],
    );
  });

  it('follows an action by lineage: a new lineage is a new action (and a new red if red), a renumbered one is not', () => {
    const previous = samplePackModel({ asAt: '2026-10-31' });
    previous.plan!.actions = previous.plan!.actions.filter((a) => a.ref !== 'A3.1.1');
    const current = samplePackModel();
    action(current, 'A1.2.1').ref = 'A1.2.9';
    const changes = packChanges(previous, current);
    assert.deepEqual(
      changes.newActions.map((a) => a.ref),
      ['A3.1.1'],
    );
    assert.deepEqual(
      changes.newReds.map((a) => a.ref),
      ['A3.1.1'],
    );
    assert.deepEqual(changes.ragChanges, []);
  });
});

// ---- Against both databases ----

describeEachDatabase('governance', (kind) => {
  let t: TestApp;
  let gov: TestApp['services']['governance'];
  let org: Organisation;
  let packOrg: Organisation;
  let elsewhere: Organisation;
  type TestUser = { id: string; email: string };
  let govLead: TestUser;
  let lead: TestUser;
  let viewer: TestUser;
  let boardMember: TestUser;
  let actionLead: TestUser;
  let stranger: TestUser;
  let demo: Organisation;

  // One signed-in client per person for the whole suite: sign-in is rate limited.
  const clients = new Map<string, WebClient>();
  const as = async (user: { email: string }) => {
    const known = clients.get(user.email);
    if (known) return known;
    const client = new WebClient(t.app);
    const res = await client.signIn(user.email, TEST_PASSWORD);
    assert.equal(res.statusCode, 303, `sign in as ${user.email}`);
    clients.set(user.email, client);
    return client;
  };
  const idFrom = (location: unknown) => String(location).split('/').pop()!.split('?')[0]!;
  const count = async (table: string, organisationId: string) =>
    (
      await t.database.query<{ n: number }>(
        `select count(*)::int as n from ${table} where organisation_id = $1`,
        [organisationId],
      )
    )[0]!.n;
  const storedDocument = async (id: string) => {
    const [doc] = await t.database.query<{ sha256: string; size_bytes: number; data: Uint8Array }>(
      'select sha256, size_bytes, data from documents where id = $1',
      [id],
    );
    assert.ok(doc, `no stored document ${id}`);
    return { sha256: doc.sha256, sizeBytes: Number(doc.size_bytes), data: Buffer.from(doc.data) };
  };

  before(async () => {
    // Without Chromium, point at nothing, so that the PDF tests fail saying why rather than find another browser.
    t = await createTestApp(kind, { CHROMIUM_PATH: CHROMIUM ?? '/nonexistent/waymark-test-chromium' });
    gov = t.services.governance;
    org = await makeOrganisation(t.services, { slug: 'govshire', name: 'Govshire Council (synthetic)' });
    govLead = await makeUser(t.services, org.id, 'improvement_lead');
    packOrg = await makeOrganisation(t.services, {
      slug: 'packshire',
      name: 'Packshire Council (synthetic)',
    });
    lead = await makeUser(t.services, packOrg.id, 'improvement_lead');
    viewer = await makeUser(t.services, packOrg.id, 'viewer');
    boardMember = await makeUser(t.services, packOrg.id, 'board_member');
    actionLead = await makeUser(t.services, packOrg.id, 'action_lead', { name: 'Action Lead Synthetic' });
    elsewhere = await makeOrganisation(t.services, { slug: 'elsewhere' });
    stranger = await makeUser(t.services, elsewhere.id, 'improvement_lead');
    const { seedDemo } = await import('../../db/seed/demo.js');
    await seedDemo(t.services, TEST_PASSWORD);
    demo = (await t.services.organisations.bySlug('demo'))!;
  });
  after(() => t.close());

  // ---- 1. Boards ----

  it('refuses a board with a blank name, an unknown kind, a duplicate name in any case, or no sections', async () => {
    await rejectsWith(gov.createBoard(caller, org.id, { name: '   ', kind: 'parliament' }), ValidationError, [
      'kind',
      'name',
    ]);
    const board = await gov.createBoard(caller, org.id, {
      name: 'Improvement Board',
      kind: 'improvement_board',
    });
    await rejectsWith(
      gov.createBoard(caller, org.id, { name: ' improvement BOARD ', kind: 'scrutiny' }),
      ValidationError,
      ['name'],
    );
    await rejectsWith(
      gov.createBoard(caller, org.id, { name: 'Sections board', kind: 'other', sections: ['nonsense'] }),
      ValidationError,
      ['sections'],
    );
    await rejectsWith(
      gov.createBoard(caller, org.id, { name: 'Sections board', kind: 'other', sections: [] }),
      ValidationError,
      ['sections'],
    );
    const scrutiny = await gov.createBoard(caller, org.id, { name: 'Scrutiny', kind: 'scrutiny' });
    await rejectsWith(
      gov.updateBoard(caller, org.id, scrutiny.id, scrutiny.version, {
        name: 'IMPROVEMENT board',
        kind: 'scrutiny',
        sections: [...scrutiny.sections],
      }),
      ValidationError,
      ['name'],
    );
    // Another organisation may use the same name.
    await gov.createBoard(caller, elsewhere.id, { name: 'Improvement Board', kind: 'improvement_board' });
    assert.deepEqual(
      (await gov.boards(org.id)).map((b) => b.board.name),
      ['Improvement Board', 'Scrutiny'],
    );
    assert.equal(board.kind, 'improvement_board');
  });

  it('gives each kind of board its default sections and standing items, unless chosen', async () => {
    for (const boardKind of BOARD_KINDS) {
      const board = await gov.createBoard(caller, org.id, { name: `Kind ${boardKind}`, kind: boardKind });
      assert.deepEqual(board.sections, [...DEFAULT_SECTIONS[boardKind]], boardKind);
      assert.deepEqual(board.standingItems, DEFAULT_STANDING_ITEMS, boardKind);
    }
    assert.deepEqual(DEFAULT_SECTIONS.improvement_board, PACK_SECTIONS);
    assert.notDeepEqual(DEFAULT_SECTIONS.cabinet, DEFAULT_SECTIONS.scrutiny);
    const chosen = await gov.createBoard(caller, org.id, {
      name: 'Chosen sections',
      kind: 'other',
      standingItems: 'Apologies\n\n   Minutes  \r\nAny other business',
      sections: ['ofsted', 'plan_on_a_page'],
    });
    assert.deepEqual(chosen.sections, ['plan_on_a_page', 'ofsted'], 'kept in the pack’s order');
    assert.deepEqual(chosen.standingItems, ['Apologies', 'Minutes', 'Any other business']);
  });

  it('keeps one chair per board: adding a second chair moves the chair, and the overview shows an independent chair', async () => {
    const board = (await gov.boards(org.id)).find((b) => b.board.name === 'Improvement Board')!.board;
    const first = await gov.addMember(caller, org.id, board.id, {
      name: 'Councillor First Synthetic',
      role: 'Lead member',
      isChair: true,
    });
    await rejectsWith(
      gov.addMember(caller, org.id, board.id, { name: ' ', email: 'not an email' }),
      ValidationError,
      ['email', 'name'],
    );
    const chair = await gov.addMember(caller, org.id, board.id, {
      name: 'Independent Chair Synthetic',
      role: 'Independent chair',
      email: 'Chair@Example.ORG',
      isChair: true,
      isIndependent: true,
    });
    assert.equal(chair.email, 'chair@example.org');
    await gov.addMember(caller, org.id, board.id, { name: 'Adviser Synthetic', role: 'DfE adviser' });
    const view = await gov.board(org.id, board.id);
    assert.equal(view.members.length, 3);
    assert.deepEqual(
      view.members.filter((m) => m.isChair).map((m) => m.id),
      [chair.id],
    );
    assert.equal(view.chair?.id, chair.id);
    assert.equal(view.members.find((m) => m.id === first.id)?.isChair, false);

    const scrutiny = (await gov.boards(org.id)).find((b) => b.board.name === 'Scrutiny')!.board;
    await gov.addMember(caller, org.id, scrutiny.id, { name: 'Scrutiny Chair Synthetic', isChair: true });

    const client = await as(govLead);
    const page = await client.get('/o/govshire/governance');
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /Independent Chair Synthetic <strong class="govuk-tag govuk-tag--blue">Independent chair<\/strong>/,
    );
    assert.match(page.body, /Scrutiny Chair Synthetic<\/td>/);
    assert.equal(page.body.match(/Independent chair<\/strong>/g)?.length, 1);
    assert.doesNotMatch(page.body, /Councillor First Synthetic/);
  });

  // ---- 2. Meetings ----

  it('starts a meeting’s agenda with the standing items, then the reports due by its date, and puts a removed report back on the plan', async () => {
    const board = await gov.createBoard(caller, org.id, {
      name: 'Meetings board',
      kind: 'scrutiny',
      standingItems: 'Apologies\nMinutes of the last meeting\nWork programme',
    });
    await rejectsWith(
      gov.addForwardPlanItem(caller, org.id, board.id, { title: '', dueDate: '2026-02-30' }),
      ValidationError,
      ['dueDate', 'title'],
    );
    const early = await gov.addForwardPlanItem(caller, org.id, board.id, {
      title: 'Front door review',
      dueDate: '2026-05-01',
    });
    const onTheDay = await gov.addForwardPlanItem(caller, org.id, board.id, {
      title: 'Placement sufficiency',
      dueDate: '2026-06-09',
    });
    const later = await gov.addForwardPlanItem(caller, org.id, board.id, {
      title: 'Annual self-evaluation',
      dueDate: '2026-06-10',
    });
    await rejectsWith(
      gov.createMeeting(caller, org.id, board.id, { meetingDate: '9 June 2026' }),
      ValidationError,
      ['meetingDate'],
    );
    const meeting = await gov.createMeeting(caller, org.id, board.id, {
      meetingDate: '2026-06-09',
      location: 'Committee Room 1 (synthetic)',
    });
    const view = await gov.meeting(org.id, meeting.id);
    assert.deepEqual(
      view.agenda.map((a) => [a.position, a.title, a.standing, a.forwardPlanItemId]),
      [
        [1, 'Apologies', true, null],
        [2, 'Minutes of the last meeting', true, null],
        [3, 'Work programme', true, null],
        [4, 'Update report: Front door review', false, early.id],
        [5, 'Update report: Placement sufficiency', false, onTheDay.id],
      ],
    );
    const plan = async () =>
      new Map((await gov.board(org.id, board.id)).forwardPlan.map((f) => [f.item.id, f.item]));
    let items = await plan();
    assert.equal(items.get(early.id)?.status, 'scheduled');
    assert.equal(items.get(early.id)?.scheduledMeetingId, meeting.id);
    assert.equal(items.get(onTheDay.id)?.status, 'scheduled');
    assert.equal(items.get(later.id)?.status, 'planned');
    assert.equal(items.get(later.id)?.scheduledMeetingId, null);

    const client = await as(govLead);
    const page = await client.get(`/o/govshire/governance/meetings/${meeting.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Update report: Front door review/);

    // Removing the report's agenda item puts it back on the forward plan, as planned.
    const item = view.agenda.find((a) => a.forwardPlanItemId === early.id)!;
    await gov.removeAgendaItem(caller, org.id, meeting.id, item.id);
    await rejectsWith(gov.removeAgendaItem(caller, org.id, meeting.id, item.id), NotFoundError);
    await gov.removeAgendaItem(caller, org.id, meeting.id, view.agenda[0]!.id);
    items = await plan();
    assert.equal(items.get(early.id)?.status, 'planned');
    assert.equal(items.get(early.id)?.scheduledMeetingId, null);
    assert.equal(items.get(onTheDay.id)?.status, 'scheduled');
    assert.deepEqual(
      (await gov.meeting(org.id, meeting.id)).agenda.map((a) => a.title),
      ['Minutes of the last meeting', 'Work programme', 'Update report: Placement sufficiency'],
    );

    // The next meeting takes the report back, and the one due after the first meeting, but not one already on an agenda.
    const next = await gov.createMeeting(caller, org.id, board.id, { meetingDate: '2026-07-14' });
    assert.deepEqual(
      (await gov.meeting(org.id, next.id)).agenda.filter((a) => !a.standing).map((a) => a.title),
      ['Update report: Front door review', 'Update report: Annual self-evaluation'],
    );
    items = await plan();
    assert.equal(items.get(early.id)?.scheduledMeetingId, next.id);
    assert.equal(items.get(later.id)?.scheduledMeetingId, next.id);
    assert.equal(items.get(onTheDay.id)?.scheduledMeetingId, meeting.id);
  });

  // ---- 3. Resolutions ----

  let resolutionsMeetingId = '';
  it('records each kind of resolution, and "update report in N months" puts a report on the forward plan, month-end clamped', async () => {
    const board = await gov.createBoard(caller, org.id, { name: 'Resolutions board', kind: 'cabinet' });
    const meeting = await gov.createMeeting(caller, org.id, board.id, { meetingDate: '2026-11-30' });
    resolutionsMeetingId = meeting.id;
    const agenda = (await gov.meeting(org.id, meeting.id)).agenda;
    for (const resolutionKind of RESOLUTION_KINDS) {
      const { resolution, followUp } = await gov.addResolution(caller, org.id, meeting.id, {
        kind: resolutionKind,
        text: `The meeting ${resolutionKind} the report (synthetic).`,
        agendaItemId: agenda[2]!.id,
      });
      assert.equal(resolution.kind, resolutionKind);
      assert.equal(resolution.agendaItemId, agenda[2]!.id);
      assert.equal(followUp, null);
    }
    const { resolution, followUp } = await gov.addResolution(caller, org.id, meeting.id, {
      kind: 'agreed',
      text: 'The meeting asked for an update report in three months (synthetic).',
      followUpMonths: ' 3 ',
      followUpTitle: 'Re-referrals and the front door',
    });
    assert.ok(followUp);
    assert.equal(followUp.dueDate, '2027-02-28');
    assert.equal(followUp.title, 'Re-referrals and the front door');
    assert.equal(followUp.status, 'planned');
    assert.equal(followUp.boardId, board.id);
    assert.equal(followUp.sourceMeetingId, meeting.id);
    assert.equal(followUp.resolutionId, resolution.id);

    const resolutionsBefore = await count('resolutions', org.id);
    const forwardBefore = await count('forward_plan_items', org.id);
    for (const months of ['0', '25', 'x', '-1', '2.5', '100'])
      await rejectsWith(
        gov.addResolution(caller, org.id, meeting.id, {
          kind: 'agreed',
          text: 'An update report, please.',
          followUpMonths: months,
          followUpTitle: 'Some report',
        }),
        ValidationError,
        ['followUpMonths'],
      );
    await rejectsWith(
      gov.addResolution(caller, org.id, meeting.id, { kind: 'agreed', text: 'Update', followUpMonths: '6' }),
      ValidationError,
      ['followUpTitle'],
    );
    await rejectsWith(
      gov.addResolution(caller, org.id, meeting.id, { kind: 'decided', text: ' ' }),
      ValidationError,
      ['kind', 'text'],
    );
    await rejectsWith(
      gov.addResolution(caller, org.id, meeting.id, {
        kind: 'noted',
        text: 'Noted.',
        agendaItemId: '00000000-0000-0000-0000-000000000000',
      }),
      ValidationError,
      ['agendaItemId'],
    );
    assert.equal(await count('resolutions', org.id), resolutionsBefore);
    assert.equal(await count('forward_plan_items', org.id), forwardBefore);

    const client = await as(govLead);
    await client.get(`/o/govshire/governance/meetings/${meeting.id}`);
    const bad = await client.post(`/o/govshire/governance/meetings/${meeting.id}/resolutions`, {
      kind: 'agreed',
      text: 'An update report, please.',
      followUpMonths: 'x',
      followUpTitle: 'Some report',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter the number of months until the update report, from 1 to 24/);
    const good = await client.post(`/o/govshire/governance/meetings/${meeting.id}/resolutions`, {
      kind: 'noted',
      text: 'Noted, with an update in twelve months.',
      followUpMonths: '12',
      followUpTitle: 'A year on',
    });
    assert.equal(good.statusCode, 303);
    const meetingView = await gov.meeting(org.id, meeting.id);
    assert.equal(meetingView.resolutions.length, RESOLUTION_KINDS.length + 2);
    assert.deepEqual(
      meetingView.followUps.map((f) => [f.title, f.dueDate]),
      [
        ['Re-referrals and the front door', '2027-02-28'],
        ['A year on', '2027-11-30'],
      ],
    );
  });

  // ---- 4. Meeting actions ----

  it('adds meeting actions with checked email and date, closes them (dropping needs a note), flags overdue ones, and refuses stale changes', async () => {
    const meetingId = resolutionsMeetingId;
    assert.ok(meetingId, 'the resolutions test made the meeting');
    await rejectsWith(
      gov.addMeetingAction(caller, org.id, meetingId, {
        description: '',
        ownerName: ' ',
        ownerEmail: 'not-an-email',
        dueDate: '2026-02-30',
      }),
      ValidationError,
      ['description', 'dueDate', 'ownerEmail', 'ownerName'],
    );
    const add = (description: string, dueDate: string) =>
      gov.addMeetingAction(caller, org.id, meetingId, {
        description,
        ownerName: 'Head of Service Synthetic',
        ownerEmail: 'Head@Example.org',
        dueDate,
      });
    const late = await add('Share the re-referrals audit', addDays(today, -1));
    assert.equal(late.ownerEmail, 'head@example.org');
    assert.equal(late.status, 'open');
    const dueToday = await add('Circulate the workforce plan', today);
    const undated = await add('Invite the police partner', '');
    assert.equal(undated.dueDate, null);
    const toFinish = await add('Publish the threshold document', addDays(today, -10));
    const toDrop = await add('Visit the front door', addDays(today, -10));

    const flags = async () =>
      new Map((await gov.actionLog(org.id)).map((r) => [r.action.description, r.overdue] as const));
    let overdue = await flags();
    assert.equal(overdue.get('Share the re-referrals audit'), true);
    assert.equal(overdue.get('Circulate the workforce plan'), false, 'due today is not yet overdue');
    assert.equal(overdue.get('Invite the police partner'), false);
    assert.equal(overdue.get('Publish the threshold document'), true);

    const done = await gov.setMeetingActionStatus(caller, org.id, toFinish.id, toFinish.version, {
      status: 'done',
    });
    assert.equal(done.status, 'done');
    assert.equal(done.completedOn, today);
    assert.equal(done.version, toFinish.version + 1);
    await rejectsWith(
      gov.setMeetingActionStatus(caller, org.id, toDrop.id, toDrop.version, { status: 'dropped', note: ' ' }),
      ValidationError,
      ['note'],
    );
    await rejectsWith(
      gov.setMeetingActionStatus(caller, org.id, toDrop.id, toDrop.version, { status: 'finished' }),
      ValidationError,
      ['status'],
    );
    const dropped = await gov.setMeetingActionStatus(caller, org.id, toDrop.id, toDrop.version, {
      status: 'dropped',
      note: 'Overtaken by the new front door model.',
    });
    assert.equal(dropped.status, 'dropped');
    assert.equal(dropped.note, 'Overtaken by the new front door model.');

    // A stale version: refused, and the action stays as it was.
    await rejectsWith(
      gov.setMeetingActionStatus(caller, org.id, toFinish.id, toFinish.version, {
        status: 'dropped',
        note: 'Changed from a stale page.',
      }),
      ConflictError,
    );
    const unchanged = (await gov.meeting(org.id, meetingId)).actions.find(
      (a) => a.action.id === toFinish.id,
    )!;
    assert.equal(unchanged.action.status, 'done');
    assert.equal(unchanged.action.note, '');
    assert.equal(unchanged.action.version, done.version);
    assert.equal(unchanged.overdue, false, 'a done action is never overdue');

    overdue = await flags();
    assert.equal(overdue.get('Publish the threshold document'), false);
    assert.deepEqual(
      (await gov.actionLog(org.id, { status: 'overdue' })).map((r) => r.action.id),
      [late.id],
    );
    assert.deepEqual(
      (await gov.actionLog(org.id, { status: 'closed' })).map((r) => r.action.id).sort(),
      [toFinish.id, toDrop.id].sort(),
    );
    assert.deepEqual(
      (await gov.actionLog(org.id, { status: 'open' })).map((r) => r.action.id).sort(),
      [late.id, dueToday.id, undated.id].sort(),
    );

    // Through the page: a stale form gets 409 and changes nothing; the overdue filter lists the late one.
    const client = await as(govLead);
    const page = await client.get('/o/govshire/governance/actions?status=overdue');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Share the re-referrals audit/);
    assert.doesNotMatch(page.body, /Circulate the workforce plan/);
    const stale = await client.post(`/o/govshire/governance/actions/${late.id}`, {
      version: String(late.version + 1),
      status: 'done',
      note: '',
    });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Someone else changed this meeting action/);
    const still = (await gov.meeting(org.id, meetingId)).actions.find((a) => a.action.id === late.id)!;
    assert.equal(still.action.status, 'open');
    assert.equal(still.overdue, true);
    const ok = await client.post(`/o/govshire/governance/actions/${late.id}`, {
      version: String(late.version),
      status: 'done',
      note: '',
    });
    assert.equal(ok.statusCode, 303);
  });

  // ---- 5. Board packs ----

  const base = '/o/packshire/governance';
  let packBoardId = '';
  let m1 = { id: '', meetingDate: '' };
  let m2 = { id: '', meetingDate: '' };
  let m3 = { id: '', meetingDate: '' };
  let pack1Id = '';
  let pack2Id = '';
  let pack3Id = '';
  let meetingActionId = '';
  let forwardItemId = '';
  let memberId = '';
  const actions: Record<'red' | 'embedded' | 'moved', { id: string; version: number }> = {
    red: { id: '', version: 0 },
    embedded: { id: '', version: 0 },
    moved: { id: '', version: 0 },
  };
  const SUMMARY =
    'Most actions are on track; the board is asked to challenge the front door (synthetic summary for tests).';
  const planCaller = (): PlanCaller => ({
    actor: SYSTEM_ACTOR,
    userId: lead.id,
    email: lead.email,
    canEdit: true,
  });
  const observer = () => ({ ...SYSTEM_ACTOR, userId: lead.id });
  const packOf = async (id: string) => (await gov.pack(packOrg, id)).pack;

  it('prepares a pack for a meeting through the web, as at the end of the month before it and never after today', async () => {
    // The record the pack reports: a small plan, two indicators, a board with an independent chair and three meetings.
    const plan = t.services.plan;
    const draft = await plan.createPlan(planCaller(), packOrg.id, {
      title: 'Packshire improvement plan (synthetic)',
      startDate: addDays(today, -365),
      updateCadenceDays: '42',
    });
    const outcome = await plan.saveOutcome(planCaller(), packOrg.id, draft.id, {
      ref: '1',
      title: 'Children are safer (synthetic)',
    });
    const commitment = await plan.saveCommitment(planCaller(), packOrg.id, draft.id, {
      outcomeId: outcome.id,
      ref: '1.1',
      title: 'A clear front door (synthetic)',
    });
    const saveAction = (ref: string, title: string, days: number) =>
      plan.saveAction(planCaller(), packOrg.id, draft.id, {
        commitmentId: commitment.id,
        ref,
        title,
        leadEmail: actionLead.email,
        originalTargetDate: addDays(today, days),
      });
    const red = await saveAction('1.1.1', 'Train every social worker (synthetic)', 120);
    const embedded = await saveAction('1.1.2', 'Audit front door decisions (synthetic)', 90);
    const moved = await saveAction('1.1.3', 'Publish the threshold document (synthetic)', 60);
    const complete = await plan.changeStatus(planCaller(), packOrg.id, embedded.id, embedded.version, {
      status: 'complete',
    });
    actions.red = red;
    actions.embedded = complete;
    actions.moved = moved;

    const board = await gov.createBoard(caller, packOrg.id, {
      name: 'Packshire Improvement Board',
      kind: 'improvement_board',
    });
    packBoardId = board.id;
    memberId = (
      await gov.addMember(caller, packOrg.id, board.id, {
        name: 'Independent Chair Synthetic',
        role: 'Independent chair',
        isChair: true,
        isIndependent: true,
      })
    ).id;
    const meeting = (date: string) => gov.createMeeting(caller, packOrg.id, board.id, { meetingDate: date });
    m1 = await meeting(addMonths(today, -2));
    m2 = await meeting(today);
    m3 = await meeting(addMonths(today, 2));
    await gov.addResolution(caller, packOrg.id, m1.id, {
      kind: 'noted',
      text: 'The board noted the progress report (synthetic).',
    });
    meetingActionId = (
      await gov.addMeetingAction(caller, packOrg.id, m1.id, {
        description: 'Bring the audit of re-referrals (synthetic)',
        ownerName: 'Head of Service Synthetic',
        dueDate: addDays(today, 30),
      })
    ).id;
    forwardItemId = (
      await gov.addForwardPlanItem(caller, packOrg.id, board.id, {
        title: 'Annual self-evaluation (synthetic)',
        dueDate: addMonths(today, 4),
      })
    ).id;

    // Indicator values for the two months up to the first pack's date.
    const asAt1 = previousMonthEnd(m1.meetingDate);
    const p1 = monthOf(asAt1);
    const p0 = nextMonth(p1, -1);
    for (const [code, period, value] of [
      ['RE_REFERRALS', p0, '25'],
      ['RE_REFERRALS', p1, '24'],
      ['ASSESSMENTS_45_DAYS', p0, '78'],
      ['ASSESSMENTS_45_DAYS', p1, '80'],
    ] as const)
      await t.services.indicators.recordObservation(observer(), packOrg.id, code, { period, value });

    const client = await as(lead);
    assert.equal((await client.get(`${base}/meetings/${m1.id}`)).statusCode, 200);
    const prepared = await client.post(`${base}/meetings/${m1.id}/pack`, {});
    assert.equal(prepared.statusCode, 303);
    pack1Id = idFrom(prepared.headers.location);
    const pack = await packOf(pack1Id);
    assert.equal(pack.status, 'draft');
    assert.equal(pack.meetingId, m1.id);
    assert.equal(pack.boardId, board.id);
    assert.equal(pack.asAt, asAt1);
    assert.equal(pack.createdBy, lead.id);
    assert.equal(pack.title, DEFAULT_PACK_TITLE);
    // Preparing again opens the same pack.
    const again = await client.post(`${base}/meetings/${m1.id}/pack`, {});
    assert.equal(idFrom(again.headers.location), pack1Id);
    assert.equal((await gov.packs(packOrg.id)).length, 1);

    // A meeting two months ahead: the end of the month before it is after today, so the pack is as at today.
    assert.ok(previousMonthEnd(m3.meetingDate) > today);
    const future = await client.post(`${base}/meetings/${m3.id}/pack`, {});
    assert.equal(future.statusCode, 303);
    pack3Id = idFrom(future.headers.location);
    assert.equal((await packOf(pack3Id)).asAt, today);

    const page = await client.get(`${base}/packs/${pack1Id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /govuk-tag--grey">Draft<\/strong>/);
    assert.match(page.body, /Train every social worker \(synthetic\)/);
    assert.match(page.body, /This is the first pack issued to this board/);
  });

  it('saves the narrative, refuses a stale edit with 409 and keeps the saved text', async () => {
    const client = await as(lead);
    const form = await client.get(`${base}/packs/${pack1Id}/edit`);
    assert.equal(form.statusCode, 200);
    const opened = await packOf(pack1Id);
    const body = (overrides: Record<string, string>) => ({
      title: opened.title,
      asAt: opened.asAt,
      version: String(opened.version),
      ...opened.narrative,
      ...overrides,
    });
    const future = await client.post(`${base}/packs/${pack1Id}/edit`, body({ asAt: addDays(today, 1) }));
    assert.equal(future.statusCode, 400);
    assert.match(future.body, /must be today or in the past/);
    const saved = await client.post(
      `${base}/packs/${pack1Id}/edit`,
      body({ executiveSummary: SUMMARY, leadOfficer: 'Director of Children’s Services (synthetic)' }),
    );
    assert.equal(saved.statusCode, 303);
    // A second tab, opened before the save, now saves over it: refused.
    const stale = await client.post(
      `${base}/packs/${pack1Id}/edit`,
      body({ executiveSummary: 'A summary from a stale form that must not be saved.' }),
    );
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Someone else changed this board pack since you opened it/);
    const after = await packOf(pack1Id);
    assert.equal(after.narrative.executiveSummary, SUMMARY);
    assert.equal(after.narrative.leadOfficer, 'Director of Children’s Services (synthetic)');
    assert.equal(after.version, opened.version + 1);
    assert.equal(after.asAt, opened.asAt);
  });

  it('issues the pack once: files stored with checksums, a second issue is 409, and an issued pack cannot be edited', async () => {
    const client = await as(lead);
    await client.get(`${base}/packs/${pack1Id}`);
    const draft = await packOf(pack1Id);
    const issued = await client.post(`${base}/packs/${pack1Id}/issue`, { version: String(draft.version) });
    assert.equal(issued.statusCode, 303);
    const pack = await packOf(pack1Id);
    assert.equal(pack.status, 'issued');
    assert.equal(pack.issuedBy, lead.id);
    assert.ok(pack.issuedAt);
    assert.ok(pack.model, 'the model is frozen');
    assert.equal(pack.model.narrative.executiveSummary, SUMMARY);
    for (const id of [pack.htmlDocumentId, pack.docxDocumentId, pack.xlsxDocumentId]) {
      assert.ok(id);
      const doc = await storedDocument(id);
      assert.equal(sha256(doc.data), doc.sha256);
      assert.equal(doc.data.length, doc.sizeBytes);
    }
    if (CHROMIUM) assert.ok(pack.pdfDocumentId, 'with Chromium installed, the PDF is printed at issue');

    const twice = await client.post(`${base}/packs/${pack1Id}/issue`, { version: String(pack.version) });
    assert.equal(twice.statusCode, 409);
    assert.match(twice.body, /This pack has already been issued/);
    const edit = await client.post(`${base}/packs/${pack1Id}/edit`, {
      title: 'Changed after issue',
      asAt: pack.asAt,
      version: String(pack.version),
      ...pack.narrative,
      executiveSummary: 'Changed after issue.',
    });
    assert.equal(edit.statusCode, 400);
    assert.match(edit.body, /This pack has been issued, so it cannot be changed/);
    await rejectsWith(
      gov.updatePack(caller, packOrg.id, pack1Id, pack.version, {
        title: 'Changed after issue',
        asAt: pack.asAt,
        narrative: pack.narrative,
      }),
      ValidationError,
    );
    const after = await packOf(pack1Id);
    assert.equal(after.version, pack.version);
    assert.equal(after.title, DEFAULT_PACK_TITLE);
    assert.equal(after.narrative.executiveSummary, SUMMARY);
    assert.deepEqual(after.model, pack.model);
  });

  it('serves the issued files byte for byte as stored, however the record changes after, while a new draft shows the change', async () => {
    const client = await as(lead);
    const formats = ['html', 'docx', 'xlsx'] as const;
    const download = async () => {
      const out = {} as Record<(typeof formats)[number], LightMyRequestResponse>;
      for (const f of formats) out[f] = await client.get(`${base}/packs/${pack1Id}/pack.${f}`);
      return out;
    };
    const pack = await packOf(pack1Id);
    const first = await download();
    const stored = {
      html: await storedDocument(pack.htmlDocumentId!),
      docx: await storedDocument(pack.docxDocumentId!),
      xlsx: await storedDocument(pack.xlsxDocumentId!),
    };
    for (const f of formats) {
      const res = first[f];
      assert.equal(res.statusCode, 200, f);
      assert.equal(res.headers['x-content-sha256'], sha256(res.rawPayload), f);
      assert.equal(res.headers['x-content-sha256'], stored[f].sha256, f);
      assert.ok(res.rawPayload.equals(stored[f].data), `${f} is the stored file`);
    }
    assert.match(String(first.html.headers['content-type']), /^text\/html/);
    assert.match(
      String(first.docx.headers['content-disposition']),
      /^attachment; filename="packshire-.*\.docx"$/,
    );
    assert.ok(first.html.body.includes(SUMMARY));

    // The record moves on: a new red, an action embedded, a deadline moved, new indicator values, a meeting action done.
    const plan = t.services.plan;
    await plan.setRag(planCaller(), packOrg.id, actions.red.id, actions.red.version, {
      rag: 'red',
      reason: 'Training places were cancelled by the provider (synthetic).',
    });
    await plan.signOffEmbedding(planCaller(), packOrg.id, actions.embedded.id, actions.embedded.version, {
      evidence: 'Three months of audits show the new front door decisions are normal practice (synthetic).',
    });
    await plan.requestDateChange(planCaller(), packOrg.id, actions.moved.id, actions.moved.version, {
      newDate: addDays(today, 150),
      reason: 'Partners asked for a further consultation round (synthetic).',
    });
    const p2 = nextMonth(monthOf(pack.asAt));
    await t.services.indicators.recordObservation(observer(), packOrg.id, 'RE_REFERRALS', {
      period: p2,
      value: '21',
    });
    await t.services.indicators.recordObservation(observer(), packOrg.id, 'ASSESSMENTS_45_DAYS', {
      period: p2,
      value: '70',
    });
    const ma = (await gov.meeting(packOrg.id, m1.id)).actions[0]!.action;
    await gov.setMeetingActionStatus(caller, packOrg.id, ma.id, ma.version, { status: 'done' });

    const later = await download();
    for (const f of formats) {
      assert.equal(later[f].statusCode, 200, f);
      assert.ok(
        later[f].rawPayload.equals(first[f].rawPayload),
        `${f} is byte-identical after the record changed`,
      );
      assert.equal(later[f].headers['x-content-sha256'], first[f].headers['x-content-sha256'], f);
    }
    const frozen = (await gov.pack(packOrg, pack1Id)).model;
    assert.notEqual(frozen.plan!.actions.find((a) => a.ref === '1.1.1')!.rag, 'red');
    assert.equal(frozen.plan!.actions.find((a) => a.ref === '1.1.2')!.deliveryStatus, 'complete');

    // A draft for another meeting is built from the record as it is now.
    const live = (await gov.pack(packOrg, pack3Id)).model;
    assert.equal(live.plan!.actions.find((a) => a.ref === '1.1.1')!.rag, 'red');
    assert.equal(live.plan!.actions.find((a) => a.ref === '1.1.2')!.deliveryStatus, 'embedded');
    assert.equal(live.plan!.actions.find((a) => a.ref === '1.1.3')!.currentTargetDate, addDays(today, 150));
    assert.equal(live.indicators!.rows.find((r) => r.code === 'RE_REFERRALS')!.latestValue, 21);
    const draftHtml = await client.get(`${base}/packs/${pack3Id}/pack.html`);
    assert.equal(draftHtml.statusCode, 200);
    assert.match(String(draftHtml.headers['content-disposition']), /-draft\.html"$/);
    assert.equal(draftHtml.headers['x-content-sha256'], sha256(draftHtml.rawPayload));
    assert.ok(!draftHtml.rawPayload.equals(first.html.rawPayload));
  });

  it('holds the committee report in the issued Word file: headings in order, the executive summary and tables', async () => {
    const client = await as(lead);
    const res = await client.get(`${base}/packs/${pack1Id}/pack.docx`);
    assert.equal(res.statusCode, 200);
    const html = (await mammoth.convertToHtml({ buffer: res.rawPayload })).value;
    const h1 = [...html.matchAll(/<h1[^>]*>(.*?)<\/h1>/g)].map((m) => decode(m[1]!));
    assert.deepEqual(h1, REPORT_HEADINGS);
    const text = (await mammoth.extractRawText({ buffer: res.rawPayload })).value;
    assert.ok(text.includes(SUMMARY), 'the executive summary');
    assert.ok(text.includes('Packshire Council (synthetic)'));
    assert.ok(text.includes('Director of Children’s Services (synthetic)'));
    assert.ok((html.match(/<table>/g)?.length ?? 0) >= 3, 'the sections are tables');
    const planPart = html.slice(html.indexOf('<h2>Plan on a page</h2>'));
    assert.match(planPart, /<table>[\s\S]*1\.1\.1[\s\S]*Train every social worker \(synthetic\)/);
  });

  it('holds the plan and the scorecard in the issued Excel file, one row per action', async () => {
    const client = await as(lead);
    const res = await client.get(`${base}/packs/${pack1Id}/pack.xlsx`);
    assert.equal(res.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const names = workbook.worksheets.map((s) => s.name);
    assert.ok(names.includes('Plan') && names.includes('Scorecard'), names.join(', '));
    const sheet = workbook.getWorksheet('Plan')!;
    assert.equal(sheet.getCell('C1').value, 'Ref');
    assert.equal(sheet.actualRowCount, 1 + 3);
    assert.deepEqual(
      [2, 3, 4].map((r) => sheet.getCell(`C${r}`).value),
      ['1.1.1', '1.1.2', '1.1.3'],
    );
    assert.equal(sheet.getCell('F3').value, 'Complete', 'as it was when issued');
    const scorecard = workbook.getWorksheet('Scorecard')!;
    const codes: unknown[] = [];
    scorecard.eachRow((row, n) => {
      if (n > 1) codes.push(row.getCell(1).value);
    });
    assert.ok(codes.includes('RE_REFERRALS') && codes.includes('ASSESSMENTS_45_DAYS'), codes.join(', '));
  });

  it('prints the issued pack as a PDF of several pages with its title and the council’s name', async () => {
    assert.ok(CHROMIUM, NEED_CHROMIUM);
    const client = await as(lead);
    const res = await client.get(`${base}/packs/${pack1Id}/pack.pdf`);
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(res.headers['x-content-sha256'], sha256(res.rawPayload));
    const pack = await packOf(pack1Id);
    assert.ok(pack.pdfDocumentId);
    assert.equal((await storedDocument(pack.pdfDocumentId)).sha256, sha256(res.rawPayload));
    const { pages } = await extractPdfText(new Uint8Array(res.rawPayload));
    assert.ok(pages.length >= 2, `${pages.length} pages`);
    const text = pages.join('\n').replace(/[’‘]/g, "'").replace(/\s+/g, ' ');
    assert.ok(text.includes(DEFAULT_PACK_TITLE), 'the title');
    assert.ok(text.includes('Packshire Council (synthetic)'), 'the council');
    assert.ok(text.includes('Train every social worker (synthetic)'), 'an action');
  });

  it('shows what changed since the last pack: the new red, the embedded action, the moved deadline and indicators by polarity', async () => {
    const client = await as(lead);
    await client.get(`${base}/meetings/${m2.id}`);
    const prepared = await client.post(`${base}/meetings/${m2.id}/pack`, {});
    assert.equal(prepared.statusCode, 303);
    pack2Id = idFrom(prepared.headers.location);
    const draft = await packOf(pack2Id);
    assert.equal(draft.asAt, previousMonthEnd(today));
    // Data as at today, so the deadline moved today is in the pack with its reason.
    await client.get(`${base}/packs/${pack2Id}/edit`);
    const saved = await client.post(`${base}/packs/${pack2Id}/edit`, {
      title: draft.title,
      asAt: today,
      version: String(draft.version),
      ...draft.narrative,
    });
    assert.equal(saved.statusCode, 303);

    const { changes } = await gov.pack(packOrg, pack2Id);
    const pack1 = await packOf(pack1Id);
    assert.equal(changes.since, pack1.asAt);
    assert.deepEqual(
      changes.newReds.map((r) => [r.ref, r.leadName]),
      [['1.1.1', 'Action Lead Synthetic']],
    );
    assert.deepEqual(
      changes.embedded.map((r) => r.ref),
      ['1.1.2'],
    );
    assert.deepEqual(changes.completed, []);
    assert.deepEqual(
      changes.rescheduled.map((r) => [r.ref, r.to, r.reason]),
      [['1.1.3', addDays(today, 150), 'Partners asked for a further consultation round (synthetic).']],
    );
    assert.deepEqual(
      changes.indicatorsBetter.map((i) => i.code),
      ['RE_REFERRALS'],
    );
    assert.deepEqual(
      changes.indicatorsWorse.map((i) => i.code),
      ['ASSESSMENTS_45_DAYS'],
    );

    const page = await client.get(`${base}/packs/${pack2Id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /What changed since the last pack/);
    assert.match(
      page.body,
      /<h3 class="govuk-heading-s">New reds<\/h3><ul class="govuk-list govuk-list--bullet"><li>1\.1\.1 Train every social worker \(synthetic\) \(Action Lead Synthetic\)<\/li><\/ul>/,
    );
    assert.match(
      page.body,
      /<h3 class="govuk-heading-s">Embedded<\/h3><ul class="govuk-list govuk-list--bullet"><li>1\.1\.2 Audit front door decisions \(synthetic\)<\/li><\/ul>/,
    );
    assert.match(
      page.body,
      /<h3 class="govuk-heading-s">Deadlines moved<\/h3>[\s\S]*?1\.1\.3 Publish the threshold document/,
    );
    assert.match(page.body, /Partners asked for a further consultation round \(synthetic\)\./);
    assert.match(
      page.body,
      /<h3 class="govuk-heading-s">Indicators better<\/h3><ul[^>]*><li>Re-referrals within 12 months: /,
    );
    assert.match(
      page.body,
      /<h3 class="govuk-heading-s">Indicators worse<\/h3><ul[^>]*><li>Assessments completed within 45 working days: /,
    );
    assert.doesNotMatch(page.body, /<h3 class="govuk-heading-s">Completed<\/h3>/);

    // Issued, the comparison is frozen into the stored page; the first pack still has nothing before it.
    await client.get(`${base}/packs/${pack2Id}`);
    const current = await packOf(pack2Id);
    const issued = await client.post(`${base}/packs/${pack2Id}/issue`, { version: String(current.version) });
    assert.equal(issued.statusCode, 303);
    const html = await client.get(`${base}/packs/${pack2Id}/pack.html`);
    assert.match(html.body, /<h3 class="govuk-heading-s">New reds<\/h3>/);
    assert.equal((await gov.pack(packOrg, pack1Id)).changes.since, null);
  });

  // ---- 6. Who may do what ----

  it('lets a viewer and a board member read governance and download issued packs, but refuses every governance POST to them and to an action lead', async () => {
    const lead1 = await as(lead);
    const leadFiles: Record<string, Buffer> = {};
    for (const f of ['html', 'docx', 'xlsx'])
      leadFiles[f] = (await lead1.get(`${base}/packs/${pack1Id}/pack.${f}`)).rawPayload;
    const meetingView = await gov.meeting(packOrg.id, m3.id);
    const agendaItemId = meetingView.agenda[0]!.id;
    const ids: Record<string, string> = {
      boards: packBoardId,
      meetings: m3.id,
      actions: meetingActionId,
      'forward-plan': forwardItemId,
      packs: pack3Id,
    };
    const posts = routeCatalogue(t.app)
      .filter((r) => r.method === 'POST' && r.url.startsWith('/o/:slug/governance'))
      .map((r) => r.url);
    assert.ok(posts.length >= 16, `${posts.length} governance POST routes`);
    const fill = (url: string) =>
      url
        .replace(':slug', 'packshire')
        .replace(/\/([a-z-]+)\/:id/, (_, resource: string) => {
          assert.ok(ids[resource], `no test record for /${resource}/:id in ${url}`);
          return `/${resource}/${ids[resource]}`;
        })
        .replace(':memberId', memberId)
        .replace(':itemId', agendaItemId);
    const form = {
      name: 'Forbidden (synthetic)',
      kind: 'other',
      memberName: 'Forbidden (synthetic)',
      meetingDate: today,
      forwardTitle: 'Forbidden (synthetic)',
      forwardDueDate: today,
      agendaTitle: 'Forbidden (synthetic)',
      text: 'Forbidden (synthetic)',
      description: 'Forbidden (synthetic)',
      ownerName: 'Forbidden (synthetic)',
      status: 'done',
      note: 'Forbidden (synthetic)',
      title: 'Forbidden (synthetic)',
      asAt: today,
      executiveSummary: 'Forbidden (synthetic)',
      version: String((await packOf(pack3Id)).version),
    };
    const tables = [
      'boards',
      'board_members',
      'meetings',
      'agenda_items',
      'resolutions',
      'meeting_actions',
      'forward_plan_items',
      'board_packs',
    ];
    const counts = async () => Promise.all(tables.map((table) => count(table, packOrg.id)));
    const before = await counts();
    assert.ok(
      before.every((n) => n > 0),
      `every table has rows to protect: ${before.join(', ')}`,
    );

    for (const user of [viewer, boardMember, actionLead]) {
      const client = await as(user);
      const home = await client.get(base);
      assert.equal(home.statusCode, 200);
      assert.ok(client.lastCsrf, 'a CSRF token from the page, so a 403 is the permission check');
      for (const url of posts) {
        const res = await client.post(fill(url), form);
        assert.equal(res.statusCode, 403, `${user.email} POST ${fill(url)}`);
        assert.doesNotMatch(res.body, /This form has expired/);
      }
      for (const path of [
        `${base}/boards/new`,
        `${base}/boards/${packBoardId}/edit`,
        `${base}/packs/${pack3Id}/edit`,
      ])
        assert.equal((await client.get(path)).statusCode, 403, `${user.email} GET ${path}`);
    }
    assert.deepEqual(await counts(), before);
    const draft = await packOf(pack3Id);
    assert.equal(draft.status, 'draft');
    assert.equal(String(draft.version), form.version);

    for (const user of [viewer, boardMember]) {
      const client = await as(user);
      for (const path of [
        base,
        `${base}/boards/${packBoardId}`,
        `${base}/meetings/${m1.id}`,
        `${base}/actions`,
        `${base}/forward-plan`,
        `${base}/packs/${pack1Id}`,
        `${base}/packs/${pack3Id}`,
      ])
        assert.equal((await client.get(path)).statusCode, 200, `${user.email} GET ${path}`);
      for (const f of ['html', 'docx', 'xlsx']) {
        const res = await client.get(`${base}/packs/${pack1Id}/pack.${f}`);
        assert.equal(res.statusCode, 200, `${user.email} ${f}`);
        assert.ok(res.rawPayload.equals(leadFiles[f]!), `${user.email} gets the issued ${f}`);
      }
    }
  });

  it('hides this organisation’s packs from another organisation’s users', async () => {
    const client = await as(stranger);
    for (const path of [
      `${base}/packs/${pack1Id}`,
      `${base}/packs/${pack1Id}/pack.docx`,
      `${base}/packs/${pack1Id}/pack.html`,
      `/o/elsewhere/governance/packs/${pack1Id}`,
      `/o/elsewhere/governance/packs/${pack1Id}/pack.html`,
      `/o/elsewhere/governance/packs/${pack1Id}/pack.xlsx`,
      `/o/elsewhere/governance/meetings/${m1.id}`,
    ]) {
      const res = await client.get(path);
      assert.ok([403, 404].includes(res.statusCode), `${path}: ${res.statusCode}`);
      assert.doesNotMatch(res.body, /Packshire|Train every social worker/);
    }
    await client.get('/o/elsewhere/governance');
    const version = String((await packOf(pack3Id)).version);
    for (const path of [`${base}/packs/${pack3Id}/issue`, `/o/elsewhere/governance/packs/${pack3Id}/issue`]) {
      const res = await client.post(path, { version });
      assert.ok([403, 404].includes(res.statusCode), `${path}: ${res.statusCode}`);
    }
    assert.equal((await packOf(pack3Id)).status, 'draft');
  });

  // ---- 7. The demo ----

  it('seeds the demo with an Improvement Board, its independent chair, meetings, an overdue item and two issued packs whose files match their checksums', async () => {
    const boards = await gov.boards(demo.id);
    const improvement = boards.find((b) => b.board.kind === 'improvement_board');
    assert.ok(improvement, 'an Improvement Board');
    assert.ok(improvement.chair?.isIndependent, 'with an independent chair');
    const detail = await gov.board(demo.id, improvement.board.id);
    assert.ok(detail.meetings.length >= 4, `${detail.meetings.length} meetings`);
    const overdueActions = await gov.actionLog(demo.id, { status: 'overdue' });
    const overdueReports = (await gov.forwardPlan(demo.id)).filter((f) => f.overdue);
    assert.ok(overdueActions.length + overdueReports.length > 0, 'something overdue');
    const issued = (await gov.packs(demo.id)).filter((p) => p.status === 'issued');
    assert.equal(issued.length, 2);
    for (const summary of issued) {
      const { pack, documents } = await gov.pack(demo, summary.id);
      assert.ok(pack.model);
      assert.deepEqual(
        documents.map((d) => d.format),
        ['html', 'docx', 'xlsx'],
      );
      for (const id of [pack.htmlDocumentId, pack.docxDocumentId, pack.xlsxDocumentId]) {
        const doc = await storedDocument(id!);
        assert.equal(sha256(doc.data), doc.sha256, `${summary.title} ${id}`);
        assert.equal(doc.data.length, doc.sizeBytes);
      }
    }
  });

  it('renders every demo governance page for the improvement lead and a board member', async () => {
    const boards = await gov.boards(demo.id);
    const meetings = (await Promise.all(boards.map((b) => gov.board(demo.id, b.board.id)))).flatMap(
      (d) => d.meetings,
    );
    const packs = await gov.packs(demo.id);
    const issued = packs.filter((p) => p.status === 'issued');
    const demoBase = '/o/demo/governance';
    const pages = [
      demoBase,
      `${demoBase}/actions`,
      `${demoBase}/actions?status=open`,
      `${demoBase}/actions?status=overdue`,
      `${demoBase}/actions?status=closed`,
      `${demoBase}/forward-plan`,
      ...boards.map((b) => `${demoBase}/boards/${b.board.id}`),
      ...meetings.map((m) => `${demoBase}/meetings/${m.id}`),
      ...packs.map((p) => `${demoBase}/packs/${p.id}`),
      ...issued.flatMap((p) => ['html', 'docx', 'xlsx'].map((f) => `${demoBase}/packs/${p.id}/pack.${f}`)),
    ];
    const editPages = [
      `${demoBase}/boards/new`,
      ...boards.map((b) => `${demoBase}/boards/${b.board.id}/edit`),
      ...packs.filter((p) => p.status === 'draft').map((p) => `${demoBase}/packs/${p.id}/edit`),
    ];
    for (const role of ['improvement_lead', 'board_member'] as const) {
      const client = await as({ email: `${role.replaceAll('_', '.')}@demo-borough.example` });
      for (const path of pages) assert.equal((await client.get(path)).statusCode, 200, `${role} ${path}`);
      for (const path of editPages)
        assert.equal(
          (await client.get(path)).statusCode,
          role === 'improvement_lead' ? 200 : 403,
          `${role} ${path}`,
        );
    }
    const overview = await (await as({ email: 'board.member@demo-borough.example' })).get(demoBase);
    assert.match(overview.body, /Independent chair<\/strong>/);
  });

  it('prints a demo pack’s PDF on first download from the stored page, stores it once, and serves the same file after', async () => {
    assert.ok(CHROMIUM, NEED_CHROMIUM);
    const [summary] = (await gov.packs(demo.id)).filter((p) => p.status === 'issued');
    assert.ok(summary);
    assert.equal(
      (await gov.pack(demo, summary.id)).pack.pdfDocumentId,
      null,
      'the demo issues without a PDF',
    );
    const client = await as({ email: 'board.member@demo-borough.example' });
    const first = await client.get(`/o/demo/governance/packs/${summary.id}/pack.pdf`);
    assert.equal(first.statusCode, 200, first.body.slice(0, 300));
    assert.equal(first.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    const { pack } = await gov.pack(demo, summary.id);
    assert.ok(pack.pdfDocumentId);
    assert.equal((await storedDocument(pack.pdfDocumentId)).sha256, sha256(first.rawPayload));
    const second = await client.get(`/o/demo/governance/packs/${summary.id}/pack.pdf`);
    assert.ok(second.rawPayload.equals(first.rawPayload));
    const { pages } = await extractPdfText(new Uint8Array(first.rawPayload));
    assert.ok(pages.join('\n').includes('Demo Borough Council'));
  });
});
