import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
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
import { JUDGEMENT_AREAS } from '../inspections/rules.js';
import { readPlanWorkbook, writePlanWorkbook } from './xlsx/template.js';
import { addDays } from './rules/rules.js';
import { londonDay } from './derive.js';

const today = londonDay(new Date());

describeEachDatabase('improvement plan', (kind) => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof makeOrganisation>>;
  let lead: { id: string; email: string };
  let actionLead: { id: string; email: string };
  let otherLead: { id: string; email: string };
  let board: { id: string; email: string };
  let viewer: { id: string; email: string };
  const count = async (table: string) =>
    (await t.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
  const as = async (user: { email: string }) => {
    const client = new WebClient(t.app);
    const res = await client.signIn(user.email, TEST_PASSWORD);
    assert.equal(res.statusCode, 303);
    return client;
  };
  const idFrom = (location: unknown) => String(location).split('/').pop()!.split('?')[0]!;

  before(async () => {
    t = await createTestApp(kind);
    org = await makeOrganisation(t.services, { slug: 'planshire' });
    lead = await makeUser(t.services, org.id, 'improvement_lead');
    actionLead = await makeUser(t.services, org.id, 'action_lead');
    otherLead = await makeUser(t.services, org.id, 'action_lead');
    board = await makeUser(t.services, org.id, 'board_member');
    viewer = await makeUser(t.services, org.id, 'viewer');
    const areas = JUDGEMENT_AREAS.ILACS_2023;
    await t.services.inspections.create(SYSTEM_ACTOR, org.id, {
      type: 'standard_inspection',
      framework: 'ILACS_2023',
      startDate: '2026-01-12',
      endDate: '2026-01-23',
      publishedDate: '2026-03-02',
      leadInspector: 'Inspector Synthetic Example',
      link: '',
      sequenceNumber: '',
      summary: '',
      grades: Object.fromEntries(areas.map((a) => [a, 'Inadequate'])),
      recommendations:
        'First synthetic recommendation.\nSecond synthetic recommendation.\nThird synthetic recommendation.',
      priorityActions: '',
      confirmWarnings: true,
    });
  });
  after(() => t.close());

  it('shows an empty state and lets the improvement lead start a draft', async () => {
    const client = await as(lead);
    const empty = await client.get('/o/planshire/plan');
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /There is no improvement plan yet/);
    await client.get('/o/planshire/plan/new');
    const bad = await client.post('/o/planshire/plan/new', {
      title: '',
      startDate: '2026-02-30',
      updateCadenceDays: '3',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter a title for the plan/);
    assert.match(bad.body, /must be a real date/);
    assert.match(bad.body, /from 7 to 180/);
    const ok = await client.post('/o/planshire/plan/new', {
      title: 'Synthetic improvement plan',
      startDate: '2026-03-09',
      updateCadenceDays: '42',
    });
    assert.equal(ok.statusCode, 303);
    const viewerClient = await as(viewer);
    assert.equal((await viewerClient.get('/o/planshire/plan/new')).statusCode, 403);
  });

  let draftActionId = '';
  let commitmentId = '';
  it('builds outcome → commitment → action in the draft, and flags recommendations without a commitment', async () => {
    const client = await as(lead);
    await client.get('/o/planshire/plan/versions/1/outcomes/new');
    const o = await client.post('/o/planshire/plan/versions/1/outcomes/new', {
      ref: '1',
      title: 'Children are safer',
    });
    assert.equal(o.statusCode, 303);
    const outcomeId = idFrom(o.headers.location);
    const recs = await t.services.inspections.recommendations(org.id);
    await client.get('/o/planshire/plan/versions/1/commitments/new');
    const c = await client.post('/o/planshire/plan/versions/1/commitments/new', {
      outcomeId,
      ref: '1.1',
      title: 'Better assessments',
      successMeasures: 'Audits show assessments good or better\nFamilies say assessments helped',
      recommendationIds: recs[0]!.id,
    });
    assert.equal(c.statusCode, 303);
    commitmentId = idFrom(c.headers.location);
    await client.get('/o/planshire/plan/versions/1/actions/new');
    const dup = await client.post('/o/planshire/plan/versions/1/actions/new', {
      commitmentId,
      ref: '1.1.1',
      title: 'Train every social worker',
      leadEmail: 'not an email',
      originalTargetDate: addDays(today, 60),
    });
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /Enter the lead officer(&#39;|’|')s email address, like/);
    const a = await client.post('/o/planshire/plan/versions/1/actions/new', {
      commitmentId,
      ref: '1.1.1',
      title: 'Train every social worker',
      leadEmail: actionLead.email,
      originalTargetDate: addDays(today, 60),
    });
    assert.equal(a.statusCode, 303);
    draftActionId = idFrom(a.headers.location);
    const again = await client.post('/o/planshire/plan/versions/1/actions/new', {
      commitmentId,
      ref: '1.1.1',
      title: 'Duplicate',
      leadEmail: actionLead.email,
      originalTargetDate: addDays(today, 60),
    });
    assert.match(again.body, /Action 1.1.1 already exists in this plan/);
    const front = await client.get('/o/planshire/plan');
    assert.match(front.body, /2 recommendations with no commitment/);
    assert.match(front.body, /Recommendation 2: Second synthetic recommendation/);
    const coverage = await client.get('/o/planshire/plan/coverage');
    assert.match(coverage.body, /Answered by 1.1/);
  });

  it('approves the draft, freezing its structure', async () => {
    const client = await as(lead);
    await client.get('/o/planshire/plan/versions/1/approve');
    const missing = await client.post('/o/planshire/plan/versions/1/approve', {
      version: '1',
      approvedBy: '',
      approvedOn: today,
    });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Enter who approved it/);
    assert.match(missing.body, /Enter the meeting that approved it, or the delegated authority/);
    const plan = (await t.services.plan.versions(org.id)).latest!;
    const ok = await client.post('/o/planshire/plan/versions/1/approve', {
      version: String(plan.version),
      approvedBy: 'Cabinet',
      approvedOn: today,
      approvalMeeting: 'Cabinet, synthetic meeting',
    });
    assert.equal(ok.statusCode, 303);
    const approved = (await t.services.plan.versions(org.id)).latest!;
    assert.equal(approved.status, 'approved');
    const kept = await t.services.plan.approvedSnapshot(org.id, approved.id);
    assert.equal(kept?.outcomes[0]?.commitments[0]?.actions[0]?.ref, '1.1.1');
    await client.get(`/o/planshire/plan/actions/${draftActionId}/edit`);
    const edit = await client.post(`/o/planshire/plan/actions/${draftActionId}/edit`, {
      version: '1',
      commitmentId,
      ref: '1.1.1',
      title: 'Changed after approval',
      leadEmail: actionLead.email,
      originalTargetDate: addDays(today, 60),
    });
    assert.equal(edit.statusCode, 400);
    assert.match(edit.body, /Version 1 is approved, so it cannot be changed/);
  });

  it('takes an action lead’s update, which the improvement lead returns, then accepts', async () => {
    const other = await as(otherLead);
    const refused = await other.post(`/o/planshire/plan/actions/${draftActionId}/update`, {
      narrative: 'Not my action, but trying anyway to update it.',
      proposedRag: 'green',
    });
    assert.equal(refused.statusCode, 403);

    const mine = await as(actionLead);
    const my = await mine.get('/o/planshire/plan/my-actions');
    assert.match(my.body, /Train every social worker/);
    await mine.get(`/o/planshire/plan/actions/${draftActionId}/update`);
    const empty = await mine.post(`/o/planshire/plan/actions/${draftActionId}/update`, {
      narrative: '',
      proposedRag: '',
    });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter what has happened since the last update/);
    assert.match(empty.body, /Choose the RAG rating you propose/);
    const sent = await mine.post(`/o/planshire/plan/actions/${draftActionId}/update`, {
      narrative: 'Two of four training sessions held; attendance 90%.',
      proposedRag: 'green',
      evidenceLinks: 'https://intranet.example/training-register',
    });
    assert.equal(sent.statusCode, 303);

    const client = await as(lead);
    const queue = await client.get('/o/planshire/plan/updates');
    assert.match(queue.body, /Two of four training sessions held/);
    const [update] = await t.services.plan.reviewQueue(org.id).then((q) => q.items);
    const noComment = await client.post(`/o/planshire/plan/updates/${update!.update.id}`, {
      version: String(update!.update.version),
      decision: 'return',
      comment: '',
    });
    assert.equal(noComment.statusCode, 400);
    assert.match(noComment.body, /Say what the lead officer needs to change/);
    const returned = await client.post(`/o/planshire/plan/updates/${update!.update.id}`, {
      version: String(update!.update.version),
      decision: 'return',
      comment: 'Say what changed for children.',
    });
    assert.equal(returned.statusCode, 303);

    await mine.get(`/o/planshire/plan/actions/${draftActionId}/update`);
    await mine.post(`/o/planshire/plan/actions/${draftActionId}/update`, {
      narrative: 'Training done; audits show assessments now use chronologies in 7 of 10 cases.',
      proposedRag: 'amber',
      proposedStatus: 'complete',
      evidenceLinks: 'Audit report October',
    });
    const [second] = (await t.services.plan.reviewQueue(org.id)).items;
    await client.get('/o/planshire/plan/updates');
    const accepted = await client.post(`/o/planshire/plan/updates/${second!.update.id}`, {
      version: String(second!.update.version),
      decision: 'accept',
      comment: '',
    });
    assert.equal(accepted.statusCode, 303);
    const action = (await t.services.plan.actionById(org.id, draftActionId))!;
    assert.equal(action.deliveryStatus, 'complete');
    assert.deepEqual(action.evidenceLinks, ['Audit report October']);
    const page = await client.get(`/o/planshire/plan/actions/${draftActionId}`);
    assert.match(page.body, /Complete, awaiting evidence of embedding/);
  });

  it('refuses invalid status changes and a RAG override without a reason, and refuses stale edits with 409', async () => {
    const client = await as(lead);
    await client.get(`/o/planshire/plan/actions/${draftActionId}`);
    const action = (await t.services.plan.actionById(org.id, draftActionId))!;
    const back = await client.post(`/o/planshire/plan/actions/${draftActionId}/status`, {
      version: String(action.version),
      status: 'not_started',
    });
    assert.equal(back.statusCode, 400);
    assert.match(back.body, /cannot go back to not started/);
    const reopen = await client.post(`/o/planshire/plan/actions/${draftActionId}/status`, {
      version: String(action.version),
      status: 'in_progress',
      statusReason: '',
    });
    assert.match(reopen.body, /Give a reason for reopening a complete action/);
    const rag = await client.post(`/o/planshire/plan/actions/${draftActionId}/rag`, {
      version: String(action.version),
      rag: 'green',
      reason: '',
    });
    assert.equal(rag.statusCode, 400);
    assert.match(rag.body, /Give a reason for choosing green when the suggested rating is amber/);
    const stale = await client.post(`/o/planshire/plan/actions/${draftActionId}/rag`, {
      version: String(action.version - 1),
      rag: 'red',
      reason: 'The partner sign-off is at risk this month.',
    });
    assert.equal(stale.statusCode, 409);
    assert.equal((await t.services.plan.actionById(org.id, draftActionId))!.ragOverride, null);
  });

  it('signs off embedding: the action becomes embedded and blue', async () => {
    const client = await as(lead);
    await client.get(`/o/planshire/plan/actions/${draftActionId}`);
    const action = (await t.services.plan.actionById(org.id, draftActionId))!;
    const none = await client.post(`/o/planshire/plan/actions/${draftActionId}/embedding`, {
      version: String(action.version),
      evidence: '',
    });
    assert.equal(none.statusCode, 400);
    const ok = await client.post(`/o/planshire/plan/actions/${draftActionId}/embedding`, {
      version: String(action.version),
      evidence: 'Two months of audits show chronologies in 80% of cases.',
    });
    assert.equal(ok.statusCode, 303);
    const loaded = await t.services.plan.load(org.id, action.planId);
    const view = loaded.views.find((v) => v.action.id === draftActionId)!;
    assert.equal(view.action.deliveryStatus, 'embedded');
    assert.equal(view.rag, 'blue');
    assert.equal(view.schedule, null);
  });

  let secondActionId = '';
  it('refreshes into a new version, shows the differences, and approves it, superseding the first', async () => {
    const client = await as(lead);
    await client.get('/o/planshire/plan/versions');
    const refreshed = await client.post('/o/planshire/plan/refresh', {});
    assert.equal(refreshed.statusCode, 303);
    await client.get('/o/planshire/plan/versions/2/actions/new');
    const v2 = (await t.services.plan.versions(org.id)).draft!;
    const tree = await t.services.plan.load(org.id, v2.id);
    const added = await client.post('/o/planshire/plan/versions/2/actions/new', {
      commitmentId: tree.commitments[0]!.id,
      ref: '1.1.2',
      title: 'Publish the assessment practice standard',
      leadEmail: actionLead.email,
      originalTargetDate: addDays(today, 30),
    });
    assert.equal(added.statusCode, 303);
    const compare = await client.get('/o/planshire/plan/versions/compare?from=1&to=2');
    assert.match(compare.body, /Added<\/strong> Action 1.1.2: Publish the assessment practice standard/);
    // Approved versions compare as approved: version 1 was approved before any delivery.
    assert.match(compare.body, /2 changes/);
    assert.match(
      compare.body,
      /Delivery status<\/th><td class="govuk-table__cell"><del>Not started<\/del><\/td><td class="govuk-table__cell"><ins>Embedded<\/ins>/,
    );
    await client.get('/o/planshire/plan/versions/2/approve');
    const approved = await client.post('/o/planshire/plan/versions/2/approve', {
      version: String((await t.services.plan.versions(org.id)).draft!.version),
      approvedBy: 'Director of Children’s Services',
      approvedOn: today,
      approvalAuthority: 'Scheme of delegation, synthetic',
    });
    assert.equal(approved.statusCode, 303);
    const v = await t.services.plan.versions(org.id);
    assert.deepEqual(
      v.all.map((p) => [p.versionNumber, p.status]),
      [
        [2, 'approved'],
        [1, 'superseded'],
      ],
    );
    const live = await t.services.plan.load(org.id, v.live!.id);
    // Delivery recorded on version 1 came forward, with its updates (kept by lineage).
    const carried = live.views.find((x) => x.action.ref === '1.1.1')!;
    assert.equal(carried.action.deliveryStatus, 'embedded');
    assert.equal(live.updates.filter((u) => u.actionLineageId === carried.action.lineageId).length, 2);
    secondActionId = live.views.find((x) => x.action.ref === '1.1.2')!.action.id;
  });

  it('keeps every target-date change: the lead asks, the improvement lead approves, the action shows the slip', async () => {
    const mine = await as(actionLead);
    await mine.get(`/o/planshire/plan/actions/${secondActionId}`);
    const action = (await t.services.plan.actionById(org.id, secondActionId))!;
    const noReason = await mine.post(`/o/planshire/plan/actions/${secondActionId}/target-date`, {
      version: String(action.version),
      newDate: addDays(today, 51),
      dateReason: 'late',
    });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Give a reason for changing the target date/);
    const asked = await mine.post(`/o/planshire/plan/actions/${secondActionId}/target-date`, {
      version: String(action.version),
      newDate: addDays(today, 51),
      dateReason: 'The training provider moved the cohort by three weeks.',
    });
    assert.equal(asked.statusCode, 303);
    assert.equal(
      (await t.services.plan.actionById(org.id, secondActionId))!.currentTargetDate,
      addDays(today, 30),
    );
    const [pending] = await t.services.plan.pendingDateChanges(org.id);
    const client = await as(lead);
    await client.get('/o/planshire/plan/updates');
    const approve = await client.post(`/o/planshire/plan/date-changes/${pending!.id}`, {
      version: String(pending!.version),
      decision: 'approve',
    });
    assert.equal(approve.statusCode, 303);
    const page = await client.get(`/o/planshire/plan/actions/${secondActionId}`);
    assert.match(page.body, /Rescheduled once, \+21 days/);
    assert.match(page.body, /The training provider moved the cohort by three weeks\./);
    // The improvement lead reschedules directly, approving as they go.
    const fresh = (await t.services.plan.actionById(org.id, secondActionId))!;
    await client.post(`/o/planshire/plan/actions/${secondActionId}/target-date`, {
      version: String(fresh.version),
      newDate: addDays(today, 58),
      dateReason: 'Agreed at the board to allow the second cohort.',
    });
    const again = await client.get(`/o/planshire/plan/actions/${secondActionId}`);
    assert.match(again.body, /Rescheduled 2 times, \+28 days/);
    const table = await client.get('/o/planshire/plan/actions?rescheduled=yes');
    assert.match(table.body, /1 action/);
  });

  it('records challenge: a board member raises, the owner responds, the raiser closes', async () => {
    const member = await as(board);
    await member.get(`/o/planshire/plan/challenges/new?type=action&id=${secondActionId}`);
    const empty = await member.post('/o/planshire/plan/challenges/new', {
      subjectType: 'action',
      subjectId: secondActionId,
      question: '',
    });
    assert.equal(empty.statusCode, 400);
    const raised = await member.post('/o/planshire/plan/challenges/new', {
      subjectType: 'action',
      subjectId: secondActionId,
      question: 'Why has this slipped twice?',
    });
    assert.equal(raised.statusCode, 303);
    const id = idFrom(raised.headers.location);
    const challenge = await t.services.plan.challenge(org.id, id);
    assert.equal(
      challenge.ownerId,
      actionLead.id,
      'an action’s challenge goes to its lead officer by default',
    );
    const other = await as(otherLead);
    await other.get(`/o/planshire/plan/challenges/${id}`);
    const notOwner = await other.post(`/o/planshire/plan/challenges/${id}/response`, {
      version: '1',
      response: 'Not mine',
    });
    assert.equal(notOwner.statusCode, 403);
    const owner = await as(actionLead);
    await owner.get(`/o/planshire/plan/challenges/${id}`);
    const answered = await owner.post(`/o/planshire/plan/challenges/${id}/response`, {
      version: '1',
      response: 'The provider cancelled a cohort; a second provider is now booked.',
    });
    assert.equal(answered.statusCode, 303);
    await member.get(`/o/planshire/plan/challenges/${id}`);
    const closed = await member.post(`/o/planshire/plan/challenges/${id}/close`, {
      version: '2',
      note: 'Accepted.',
    });
    assert.equal(closed.statusCode, 303);
    const list = await member.get('/o/planshire/plan/challenges?status=closed');
    assert.match(list.body, /Why has this slipped twice\?/);
    const page = await member.get(`/o/planshire/plan/challenges/${id}`);
    assert.match(page.body, /plan: challenge closed|challenge closed/);
  });

  it('rates impact per commitment and month, apart from delivery', async () => {
    const client = await as(lead);
    const live = await t.services.plan.load(org.id, (await t.services.plan.versions(org.id)).live!.id);
    const c = live.commitments[0]!;
    await client.get(`/o/planshire/plan/commitments/${c.id}`);
    const bad = await client.post(`/o/planshire/plan/commitments/${c.id}/impact`, {
      period: '2099-01',
      rating: 'clear',
      rationale: '',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /month that has not started/);
    const ok = await client.post(`/o/planshire/plan/commitments/${c.id}/impact`, {
      period: today.slice(0, 7),
      rating: 'some',
      rationale: 'Audits show chronologies used more often; not yet in all teams.',
    });
    assert.equal(ok.statusCode, 303);
    const page = await client.get(`/o/planshire/plan/commitments/${c.id}`);
    assert.match(page.body, /Some impact/);
  });

  it('round-trips the plan through Excel exactly, and refuses a malformed workbook saving nothing', async () => {
    const client = await as(lead);
    const exported = await client.get('/o/planshire/plan/export.xlsx');
    assert.equal(exported.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ExcelJS.Buffer);
    assert.ok(workbook.getWorksheet('Plan'));
    const first = await readPlanWorkbook(exported.rawPayload);
    assert.deepEqual(first.errors, []);
    // Import needs a draft: refresh, then import the export into it — nothing changes.
    await client.get('/o/planshire/plan/versions');
    await client.post('/o/planshire/plan/refresh', {});
    await client.get('/o/planshire/plan/import');
    const preview = await client.postFile(
      '/o/planshire/plan/import',
      {},
      { field: 'file', name: 'plan.xlsx', data: exported.rawPayload },
    );
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /Nothing would change: the workbook matches the plan/);
    const saved = await client.postFile(
      '/o/planshire/plan/import',
      { intent: 'save' },
      { field: 'file', name: 'plan.xlsx', data: exported.rawPayload },
    );
    assert.equal(saved.statusCode, 303);
    const draft = (await t.services.plan.versions(org.id)).draft!;
    const again = await readPlanWorkbook(await t.services.planTransfer.exportWorkbook(org.id, draft.id));
    assert.deepEqual(again.plan, first.plan);

    // A bad date and a missing title: every error by row and column, and nothing saved.
    const broken = structuredClone(first.plan!);
    broken.outcomes[0]!.commitments[0]!.actions[0]!.title = '';
    const data = await writePlanWorkbook(broken);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('Plan')!;
    const headerRow = sheet.getRow(2).values as unknown[];
    const dateCol = headerRow.findIndex((v) => String(v).startsWith('Current target date'));
    sheet.getRow(4).getCell(dateCol).value = '31/02/2026';
    const bad = Buffer.from(await wb.xlsx.writeBuffer());
    const before = await count('plan_actions');
    const report = await client.postFile(
      '/o/planshire/plan/import',
      {},
      { field: 'file', name: 'bad.xlsx', data: bad },
    );
    assert.match(report.body, /Validation report/);
    assert.match(
      report.body,
      /<td class="govuk-table__cell">3<\/td><td class="govuk-table__cell">I \(Action\)<\/td>/,
    );
    assert.match(
      report.body,
      /<td class="govuk-table__cell">4<\/td><td class="govuk-table__cell">M \(Current target date\)<\/td>/,
    );
    const refused = await client.postFile(
      '/o/planshire/plan/import',
      { intent: 'save' },
      { field: 'file', name: 'bad.xlsx', data: bad },
    );
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /nothing was saved/);
    assert.equal(await count('plan_actions'), before);
    const notExcel = await client.postFile(
      '/o/planshire/plan/import',
      {},
      { field: 'file', name: 'x.xlsx', data: Buffer.from('hello') },
    );
    assert.equal(notExcel.statusCode, 400);
    assert.match(notExcel.body, /not an Excel workbook/);
  });

  it('keeps organisations apart', async () => {
    const otherOrg = await makeOrganisation(t.services, { slug: 'elsewhere' });
    const stranger = await makeUser(t.services, otherOrg.id, 'improvement_lead');
    const client = await as(stranger);
    assert.equal((await client.get(`/o/planshire/plan/actions/${secondActionId}`)).statusCode, 404);
    assert.equal((await client.get(`/o/elsewhere/plan/actions/${secondActionId}`)).statusCode, 404);
  });
});

describeEachDatabase('improvement plan API', (kind) => {
  let t: TestApp;
  let headers: Record<string, string>;
  let leadHeaders: Record<string, string>;
  const api = '/api/v1/organisations/apishire/plan';

  before(async () => {
    t = await createTestApp(kind);
    const org = await makeOrganisation(t.services, { slug: 'apishire' });
    const lead = await makeUser(t.services, org.id, 'improvement_lead');
    const actionLead = await makeUser(t.services, org.id, 'action_lead');
    headers = {
      authorization: `Bearer ${(await t.services.users.createToken(SYSTEM_ACTOR, lead.id, 'api')).token}`,
    };
    leadHeaders = {
      authorization: `Bearer ${(await t.services.users.createToken(SYSTEM_ACTOR, actionLead.id, 'api')).token}`,
    };
    const post = (url: string, payload: object, h = headers) =>
      t.app.inject({ method: 'POST', url, headers: h, payload });
    assert.equal((await t.app.inject({ url: api, headers })).statusCode, 404);
    assert.equal((await post(api, { title: 'API plan', startDate: today })).statusCode, 201);
    const outcome = (await post(`${api}/versions/1/outcomes`, { ref: '1', title: 'Safer children' })).json<{
      id: string;
    }>();
    const commitment = (
      await post(`${api}/versions/1/commitments`, {
        outcomeId: outcome.id,
        ref: '1.1',
        title: 'Better plans',
      })
    ).json<{ id: string }>();
    const action = await post(`${api}/versions/1/actions`, {
      commitmentId: commitment.id,
      ref: '1.1.1',
      title: 'Train managers',
      leadEmail: actionLead.email,
      originalTargetDate: addDays(today, 90),
    });
    assert.equal(action.statusCode, 201);
  });
  after(() => t.close());

  it('lists the plan and its actions with RAG, and gives 409 to a stale edit', async () => {
    const plan = (await t.app.inject({ url: api, headers })).json<{
      outcomes: { commitments: { actions: { id: string; rag: string; version: number }[] }[] }[];
    }>();
    const action = plan.outcomes[0]!.commitments[0]!.actions[0]!;
    assert.equal(action.rag, 'green');
    const ok = await t.app.inject({
      method: 'PATCH',
      url: `${api}/actions/${action.id}`,
      headers,
      payload: {
        version: action.version,
        commitmentId: (await t.services.plan.actionById(
          (await t.services.organisations.bySlug('apishire'))!.id,
          action.id,
        ))!.commitmentId,
        ref: '1.1.1',
        title: 'Train every manager',
        leadEmail: 'someone@council.example',
        originalTargetDate: addDays(today, 90),
      },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `${api}/actions/${action.id}`,
      headers,
      payload: {
        version: action.version,
        commitmentId: ok.json<{ commitmentId: string }>().commitmentId,
        ref: '1.1.1',
        title: 'Overwrite',
        leadEmail: 'someone@council.example',
        originalTargetDate: addDays(today, 90),
      },
    });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json<{ error: string }>().error, 'conflict');
    assert.match(stale.json<{ message: string }>().message, /Someone else changed this action/);
    const list = (await t.app.inject({ url: `${api}/actions?sort=target&rag=green`, headers })).json<{
      total: number;
      items: { title: string }[];
    }>();
    assert.equal(list.total, 1);
    assert.equal(list.items[0]!.title, 'Train every manager');
  });

  it('refuses bad input with the field named, and an action lead’s structure edits with 403', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: `${api}/versions/1/outcomes`,
      headers,
      payload: { ref: '', title: '' },
    });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.json<{ details: { path: string }[] }>().details.some((d) => d.path === 'ref'));
    const forbidden = await t.app.inject({
      method: 'POST',
      url: `${api}/versions/1/outcomes`,
      headers: leadHeaders,
      payload: { ref: '2', title: 'Mine' },
    });
    assert.equal(forbidden.statusCode, 403);
  });

  it('previews an import as a dry run, saving nothing', async () => {
    const exported = await t.app.inject({ url: `${api}/export.xlsx`, headers });
    assert.equal(exported.statusCode, 200);
    const preview = await t.app.inject({
      method: 'POST',
      url: `${api}/import`,
      headers,
      payload: { file: exported.rawPayload.toString('base64') },
    });
    assert.equal(preview.statusCode, 200);
    const body = preview.json<{ saved: boolean; errors: unknown[]; changes: unknown[] }>();
    assert.equal(body.saved, false);
    assert.deepEqual(body.errors, []);
    assert.deepEqual(body.changes, []);
  });
});

describeEachDatabase('the demo plan', (kind) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp(kind);
    const { seedDemo } = await import('../../db/seed/demo.js');
    await seedDemo(t.services, TEST_PASSWORD);
  });
  after(() => t.close());

  it('has 8 outcomes, covers all 18 recommendations, and about 90 actions in every state with 15 months of history', async () => {
    const orgId = (await t.services.organisations.bySlug('demo'))!.id;
    const v = await t.services.plan.versions(orgId);
    assert.deepEqual(
      v.all.map((p) => [p.versionNumber, p.status]),
      [
        [2, 'approved'],
        [1, 'superseded'],
      ],
    );
    const live = await t.services.plan.load(orgId, v.live!.id);
    assert.equal(live.outcomes.length, 8);
    assert.equal(live.recommendations.length, 18);
    assert.deepEqual(live.coverage.uncovered, []);
    assert.ok(live.views.length >= 85 && live.views.length <= 95, `${live.views.length} actions`);
    const statuses = new Set(live.views.map((x) => x.action.deliveryStatus));
    for (const s of ['not_started', 'in_progress', 'complete', 'embedded', 'cancelled'] as const)
      assert.ok(statuses.has(s), s);
    for (const r of ['red', 'amber', 'green', 'blue'] as const) assert.ok(live.summary.rag[r] > 0, r);
    assert.ok(live.summary.rescheduled > 0);
    assert.ok(live.summary.updatesOverdue > 0);
    assert.ok(live.views.some((x) => x.overridden && x.action.ragOverrideReason));
    assert.ok(live.dateChanges.some((c) => c.status === 'pending'));
    assert.ok(live.updates.some((u) => u.status === 'submitted'));
    assert.ok(live.updates.some((u) => u.status === 'returned'));
    assert.ok((await t.services.plan.challenges(orgId, 'not_closed')).length >= 2);
    const earliest = live.updates.reduce((min, u) => (u.submittedAt < min ? u.submittedAt : min), new Date());
    const months = (Date.now() - earliest.getTime()) / (30.44 * 86_400_000);
    assert.ok(months >= 13 && months <= 16, `history goes back ${months.toFixed(1)} months`);
    assert.ok(
      (await t.services.plan.diff(orgId, 1, 2)).changes.some(
        (c) => c.change === 'added' && c.ref === '5.1.6',
      ),
    );
  });

  it('renders every plan page for each role that may read it, and links learning themes to plan actions', async () => {
    for (const role of ['improvement_lead', 'board_member', 'viewer', 'action_lead'] as const) {
      const client = new WebClient(t.app);
      await client.signIn(`${role.replaceAll('_', '.')}@demo-borough.example`, TEST_PASSWORD);
      for (const path of [
        '',
        '/tree',
        '/actions',
        '/actions?rag=red&sort=rag&order=desc',
        '/exceptions',
        '/timeline',
        '/coverage',
        '/challenges',
        '/versions',
        '/versions/compare?from=1&to=2',
        '/rules',
      ]) {
        const res = await client.get(`/o/demo/plan${path}`);
        assert.equal(res.statusCode, 200, `${role} ${path}`);
      }
      assert.equal(
        (await client.get('/o/demo/plan/updates')).statusCode,
        role === 'improvement_lead' ? 200 : 403,
      );
    }
    // A commitment shows its indicators and whether each has moved the right way since the plan began.
    const lead = new WebClient(t.app);
    await lead.signIn('improvement.lead@demo-borough.example', TEST_PASSWORD);
    const orgId = (await t.services.organisations.bySlug('demo'))!.id;
    const live = await t.services.plan.load(orgId, (await t.services.plan.versions(orgId)).live!.id);
    const c21 = live.commitments.find((c) => c.ref === '2.1')!;
    const page = await lead.get(`/o/demo/plan/commitments/${c21.id}`);
    assert.match(page.body, /Re-referrals within 12 months<\/a><\/th>/);
    assert.match(
      page.body,
      /govuk-tag--(green|red)">(Better|Worse)<\/strong> <span class="govuk-body-s">(Up|Down) [\d.]+ points/,
    );
    const indicators = await t.services.indicators.ensureCatalogue(orgId);
    const linked = await lead.post(`/o/demo/plan/commitments/${c21.id}/indicators`, {
      indicatorIds: indicators.find((i) => i.code === 'CIN_RATE')!.id,
    });
    assert.equal(linked.statusCode, 303);
    const after = await lead.get(`/o/demo/plan/commitments/${c21.id}`);
    assert.match(after.body, /Children in need per 10,000|Children in need rate/);
    assert.doesNotMatch(after.body, /Re-referrals within 12 months<\/a><\/th>/);

    // The demo's performance data comes with synthetic benchmarks: England, region, neighbours, rank.
    const indicator = await lead.get('/o/demo/performance/indicators/RE_REFERRALS');
    assert.match(indicator.body, /Synthetic region/);
    assert.match(indicator.body, /\d+ of 3[01]<\/td>/);
    assert.match((await lead.get('/o/demo/performance')).body, /Key indicators/);

    const client = new WebClient(t.app);
    await client.signIn('board.member@demo-borough.example', TEST_PASSWORD);
    const trends = await client.get('/o/demo/quality');
    assert.match(
      trends.body,
      /Voice of the child <span[^>]*>\(\d+ audits\)<\/span> – addressed by <a class="govuk-link" href="\/o\/demo\/plan\/actions\/[0-9a-f-]+">4\.1\.1 /,
    );
  });
});

describeEachDatabase('importing a council’s own plan spreadsheet', (kind) => {
  let t: TestApp;
  let lead: { email: string };
  before(async () => {
    t = await createTestApp(kind);
    const org = await makeOrganisation(t.services, { slug: 'ownsheet' });
    lead = await makeUser(t.services, org.id, 'improvement_lead');
  });
  after(() => t.close());

  it('maps its columns on a preview, shows the dry run, and saves a new draft plan', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Tracker');
    sheet.addRow([
      'Priority',
      'Workstream',
      'No.',
      'What we will do',
      'Lead officer',
      'Deadline',
      'Revised deadline',
      'Progress',
    ]);
    sheet.addRow([
      'Safer children',
      'Better assessments',
      '1.1.1',
      'Train every social worker in chronologies',
      'pat.lead@council.example',
      '2027-03-31',
      '2027-03-31',
      'Not started',
    ]);
    sheet.addRow([
      'Safer children',
      'Better assessments',
      '1.1.2',
      'Audit chronologies monthly',
      'pat.lead@council.example',
      '2027-06-30',
      '2027-06-30',
      'Not started',
    ]);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const client = new WebClient(t.app);
    await client.signIn(lead.email, TEST_PASSWORD);
    await client.get('/o/ownsheet/plan/import');
    const first = await client.postFile(
      '/o/ownsheet/plan/import',
      {},
      { field: 'file', name: 'tracker.xlsx', data },
    );
    assert.match(first.body, /Match your columns/);
    const mapped = {
      stored: data.toString('base64'),
      filename: 'tracker.xlsx',
      mode: 'mapped',
      sheet: 'Tracker',
      headerRow: '1',
      'col-outcomeTitle': '1',
      'col-commitmentTitle': '2',
      'col-actionRef': '3',
      'col-actionTitle': '4',
      'col-leadOfficerEmail': '5',
      'col-originalTargetDate': '6',
      'col-currentTargetDate': '7',
      'col-deliveryStatus': '8',
    };
    const preview = await client.post('/o/ownsheet/plan/import', { ...mapped, intent: 'preview' });
    assert.equal(preview.statusCode, 200, preview.body.slice(0, 200));
    assert.match(preview.body, /What would change \(dry run\)/);
    assert.match(preview.body, /Added<\/strong> Action 1\.1\.2: Audit chronologies monthly/);
    assert.equal(
      (await t.database.query<{ n: number }>('select count(*)::int as n from plan_actions'))[0]!.n,
      0,
    );
    const saved = await client.post('/o/ownsheet/plan/import', { ...mapped, intent: 'save' });
    assert.equal(saved.statusCode, 303);
    const orgId = (await t.services.organisations.bySlug('ownsheet'))!.id;
    const plan = await t.services.plan.load(orgId, (await t.services.plan.versions(orgId)).latest!.id);
    assert.equal(plan.plan.status, 'draft');
    assert.deepEqual(
      plan.views.map((v) => [v.action.ref, v.action.leadEmail, v.action.originalTargetDate]),
      [
        ['1.1.1', 'pat.lead@council.example', '2027-03-31'],
        ['1.1.2', 'pat.lead@council.example', '2027-06-30'],
      ],
    );
  });
});
