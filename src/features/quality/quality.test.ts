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
import { SYSTEM_ACTOR } from '../../platform/audit/service.js';

const today = new Date().toISOString().slice(0, 10);

function auditForm(teamId: string, overrides: Record<string, string> = {}): Record<string, string> {
  const grades = Object.fromEntries(
    ['voice', 'assessment', 'planning', 'oversight', 'impact', 'recording'].map((k) => [
      `grade-${k}`,
      'good',
    ]),
  );
  return {
    caseReference: 'LCS-100200',
    teamId,
    workerReference: 'SW-12',
    auditedOn: today,
    auditType: 'monthly',
    ...grades,
    'compliance-visits': 'yes',
    'compliance-chronology': 'no',
    'compliance-supervision': 'yes',
    overallGrade: 'good',
    overallRationale: 'Synthetic test rationale',
    strengths: '',
    areasForDevelopment: '',
    learningThemes: 'Voice of the child, Chronologies',
    ...overrides,
  };
}

describeEachDatabase('quality assurance', (kind) => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof makeOrganisation>>;
  let teamA: { id: string };
  let teamB: { id: string };
  let auditor: { id: string; email: string };
  let admin: { id: string; email: string };
  const count = async () =>
    (await t.database.query<{ n: number }>('select count(*)::int as n from case_audits'))[0]!.n;

  before(async () => {
    t = await createTestApp(kind);
    org = await makeOrganisation(t.services, { slug: 'qashire' });
    auditor = await makeUser(t.services, org.id, 'auditor');
    admin = await makeUser(t.services, org.id, 'admin');
    teamA = await t.services.quality.createTeam(SYSTEM_ACTOR, org.id, {
      name: 'Assessment Team 1',
      serviceArea: 'assessment',
    });
    teamB = await t.services.quality.createTeam(SYSTEM_ACTOR, org.id, {
      name: 'Children in Care',
      serviceArea: 'children_in_care',
    });
    const team = await t.services.quality.team(org.id, teamA.id);
    const users = [auditor.id, admin.id];
    await t.services.quality.setTeamMembers(SYSTEM_ACTOR, org.id, teamA.id, {
      managerIds: [auditor.id],
      memberIds: [admin.id],
      version: team.version,
      allowedUserIds: users,
    });
  });
  after(() => t.close());

  it('refuses an audit of a case in the auditor’s own team, saving nothing, and allows other teams', async () => {
    const client = new WebClient(t.app);
    await client.signIn(auditor.email, TEST_PASSWORD);
    await client.get('/o/qashire/quality/audits/new');
    const before = await count();
    const refused = await client.post('/o/qashire/quality/audits/new', auditForm(teamA.id));
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /You cannot audit a case in Assessment Team 1 because you manage that team/);
    assert.match(refused.body, /value="LCS-100200"/);
    assert.equal(await count(), before);
    const saved = await client.post('/o/qashire/quality/audits/new', auditForm(teamB.id));
    assert.equal(saved.statusCode, 303);
    assert.equal(await count(), before + 1);
    const page = await client.get(String(saved.headers.location));
    assert.match(page.body, /LCS-100200/);
    assert.match(page.body, /Voice of the child/);
  });

  it('lets an admin override independence only with a reason, shown on the audit and logged', async () => {
    const client = new WebClient(t.app);
    await client.signIn(admin.email, TEST_PASSWORD);
    await client.get('/o/qashire/quality/audits/new');
    const noReason = await client.post(
      '/o/qashire/quality/audits/new',
      auditForm(teamA.id, { caseReference: 'LCS-300300' }),
    );
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /because you are a member of that team/);
    const withReason = await client.post(
      '/o/qashire/quality/audits/new',
      auditForm(teamA.id, {
        caseReference: 'LCS-300300',
        overrideReason: 'No other trained auditor is available this month',
      }),
    );
    assert.equal(withReason.statusCode, 303);
    const page = await client.get(String(withReason.headers.location));
    assert.match(
      page.body,
      /The independence rule was overridden by an admin: No other trained auditor is available this month/,
    );
    assert.match(page.body, /case audit: recorded with independence override/);
  });

  it('refuses a child’s name or date of birth as the case reference, and impossible dates', async () => {
    const client = new WebClient(t.app);
    await client.signIn(auditor.email, TEST_PASSWORD);
    await client.get('/o/qashire/quality/audits/new');
    const before = await count();
    const name = await client.post(
      '/o/qashire/quality/audits/new',
      auditForm(teamB.id, { caseReference: 'Jane Smith' }),
    );
    assert.match(name.body, /Enter the case reference, not the child&#39;s name/);
    const dob = await client.post(
      '/o/qashire/quality/audits/new',
      auditForm(teamB.id, { caseReference: '01/02/2015', auditedOn: '2026-02-30' }),
    );
    assert.match(dob.body, /Enter the case reference, not a date of birth/);
    assert.match(dob.body, /Enter the date of the audit as a real date/);
    assert.equal(await count(), before);
  });

  it('shows board members and viewers statistics, never case-level records', async () => {
    for (const role of ['board_member', 'viewer'] as const) {
      const user = await makeUser(t.services, org.id, role);
      const client = new WebClient(t.app);
      await client.signIn(user.email, TEST_PASSWORD);
      const stats = await client.get('/o/qashire/quality');
      assert.equal(stats.statusCode, 200);
      assert.equal(stats.body.includes('LCS-100200'), false);
      assert.equal(stats.body.includes('Case audits</a>'), false);
      assert.equal((await client.get('/o/qashire/quality/audits')).statusCode, 403);
      const { token } = await t.services.users.createToken(SYSTEM_ACTOR, user.id, 'x');
      const api = await t.app.inject({
        url: '/api/v1/organisations/qashire/quality/audits',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(api.statusCode, 403);
      const trends = await t.app.inject({
        url: '/api/v1/organisations/qashire/quality/trends',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(trends.statusCode, 200);
      assert.equal(JSON.stringify(trends.json()).includes('LCS-'), false);
    }
  });

  it('draws a reproducible moderation sample, and moderated grades count in the statistics', async () => {
    const other = await makeOrganisation(t.services, { slug: 'modshire' });
    const moderator = await makeUser(t.services, other.id, 'moderator');
    const auditorB = await makeUser(t.services, other.id, 'auditor');
    const team = await t.services.quality.createTeam(SYSTEM_ACTOR, other.id, {
      name: 'Front Door',
      serviceArea: 'front_door',
    });
    const month = today.slice(0, 7);
    for (let i = 0; i < 12; i++) {
      await t.services.quality.recordAudit({ ...SYSTEM_ACTOR, userId: auditorB.id }, 'auditor', other.id, {
        caseReference: `LCS-${500000 + i}`,
        teamId: team.id,
        workerReference: '',
        auditedOn: `${month}-01`,
        auditType: 'monthly',
        domainGrades: {
          voice: 'good',
          assessment: 'good',
          planning: 'good',
          oversight: 'good',
          impact: 'good',
          recording: 'good',
        },
        compliance: { visits: 'yes', chronology: 'yes', supervision: 'yes' },
        overallGrade: 'good',
        overallRationale: 'Synthetic',
        strengths: '',
        areasForDevelopment: '',
        learningThemes: '',
        overrideReason: '',
      });
    }
    const client = new WebClient(t.app);
    await client.signIn(moderator.email, TEST_PASSWORD);
    await client.get(`/o/modshire/quality/moderation?month=${month}`);
    const drawn = await client.post('/o/modshire/quality/moderation/sample', { month });
    assert.equal(drawn.statusCode, 303);
    const queue = await t.services.quality.moderationQueue(other.id, month);
    assert.equal(queue.length, 2); // a tenth of 12, rounded up
    // Drawing again adds nothing: the share is already sampled.
    await client.post('/o/modshire/quality/moderation/sample', { month });
    assert.equal((await t.services.quality.moderationQueue(other.id, month)).length, 2);

    const target = queue[0]!.moderation;
    await client.get(`/o/modshire/quality/moderation/${target.id}`);
    const missing = await client.post(`/o/modshire/quality/moderation/${target.id}`, {
      agreed: 'no',
      moderatedGrade: '',
      notes: '',
      version: '1',
    });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Select the grade you would give/);
    const regraded = await client.post(`/o/modshire/quality/moderation/${target.id}`, {
      agreed: 'no',
      moderatedGrade: 'inadequate',
      notes: 'No evidence of the child being seen',
      version: '1',
    });
    assert.equal(regraded.statusCode, 303);
    const stale = await client.post(`/o/modshire/quality/moderation/${target.id}`, {
      agreed: 'yes',
      moderatedGrade: '',
      notes: '',
      version: '1',
    });
    assert.equal(stale.statusCode, 409);

    const stats = await t.services.quality.statistics(other.id, { months: 1 });
    const row = stats.trend.at(-1)!;
    // 12 audits: 11 good + 1 moderated to inadequate → 91.7% good or better, 8.3% inadequate.
    assert.deepEqual([row.total, row.pctGoodOrBetter, row.pctInadequate], [12, 91.7, 8.3]);
    assert.deepEqual(stats.moderation.overall, { moderated: 1, agreed: 0, rate: 0 });
    const moderatedOnly = await t.services.quality.statistics(other.id, { months: 1, moderatedOnly: true });
    assert.deepEqual(
      [moderatedOnly.trend.at(-1)!.total, moderatedOnly.trend.at(-1)!.pctInadequate],
      [1, 100],
    );
  });

  it('draws the same Check & Challenge sample from the same list and seed', async () => {
    const client = new WebClient(t.app);
    await client.signIn(auditor.email, TEST_PASSWORD);
    await client.get('/o/qashire/quality/check-and-challenge');
    const list = Array.from({ length: 20 }, (_, i) => `LCS-${700000 + i}`).join('\n');
    const bad = await client.post('/o/qashire/quality/check-and-challenge', {
      sessionDate: today,
      teamId: teamB.id,
      caseList: 'LCS-700001\nJane Smith',
      sampleSize: '6',
      seed: '',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Line 2: Enter the case reference, not the child&#39;s name/);
    const samples = [];
    for (let i = 0; i < 2; i++) {
      const created = await client.post('/o/qashire/quality/check-and-challenge', {
        sessionDate: today,
        teamId: teamB.id,
        caseList: list,
        sampleSize: '6',
        seed: 'cic-thursday',
      });
      assert.equal(created.statusCode, 303);
      const id = String(created.headers.location).split('/').pop()!;
      samples.push((await t.services.quality.getSession(org.id, id)).session.sample);
    }
    assert.equal(samples[0]!.length, 6);
    assert.deepEqual(samples[0], samples[1]);
  });

  it('lets the improvement lead set the case-reference format and publish a new template version', async () => {
    const leadUser = await makeUser(t.services, org.id, 'improvement_lead');
    const client = new WebClient(t.app);
    await client.signIn(leadUser.email, TEST_PASSWORD);
    await client.get('/o/qashire/quality/settings');
    const bad = await client.post('/o/qashire/quality/settings', {
      caseReferencePattern: '^MOS[0-9{7}$',
      caseReferenceExample: 'MOS1234567',
      moderationSharePercent: '0',
      baselineMonth: '2025-13',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter the format as a regular expression/);
    assert.match(bad.body, /whole number from 1 to 100/);
    assert.match(bad.body, /Enter the baseline month as YYYY-MM/);
    const mismatch = await client.post('/o/qashire/quality/settings', {
      caseReferencePattern: '^MOS[0-9]{7}$',
      caseReferenceExample: 'LCS-1',
      moderationSharePercent: '20',
      baselineMonth: '',
    });
    assert.match(mismatch.body, /The example does not match the format/);
    assert.equal(
      (
        await client.post('/o/qashire/quality/settings', {
          caseReferencePattern: '^MOS[0-9]{7}$',
          caseReferenceExample: 'MOS1234567',
          moderationSharePercent: '20',
          baselineMonth: '2025-12',
        })
      ).statusCode,
      303,
    );
    assert.deepEqual(await t.services.quality.caseReferenceFormat(org.id), {
      pattern: '^MOS[0-9]{7}$',
      example: 'MOS1234567',
    });

    const before = await t.services.quality.template(org.id);
    const [oldAudit] = (await t.services.quality.listAudits(org.id, {}, 1)).rows;
    await client.get('/o/qashire/quality/settings');
    const published = await client.post('/o/qashire/quality/template', {
      domains: "The child's voice | Are they heard?\nSafety planning | Is the plan safe?",
      complianceItems: 'Visits in timescale',
    });
    assert.equal(published.statusCode, 303);
    const after = await t.services.quality.template(org.id);
    assert.equal(after.versionNumber, before.versionNumber + 1);
    assert.deepEqual(
      after.domains.map((d) => d.title),
      ["The child's voice", 'Safety planning'],
    );
    // An audit recorded earlier still shows the version it used.
    const shown = await t.services.quality.getAudit(org.id, oldAudit!.audit.id);
    assert.equal(shown.template.versionNumber, before.versionNumber);
    // Settings are for those who manage teams, not auditors.
    const auditorClient = new WebClient(t.app);
    await auditorClient.signIn(auditor.email, TEST_PASSWORD);
    assert.equal((await auditorClient.get('/o/qashire/quality/settings')).statusCode, 403);
  });

  it('offers moderation and Check & Challenge through the API, with stale edits refused', async () => {
    const moderator = await makeUser(t.services, org.id, 'moderator');
    const month = today.slice(0, 7);
    await t.services.quality.drawModerationSample(
      { userId: null, label: 'test', requestId: null },
      org.id,
      month,
      'qashire',
    );
    const token = (await t.services.users.createToken(SYSTEM_ACTOR, moderator.id, 'api')).token;
    const headers = { authorization: `Bearer ${token}` };
    const queue = await t.app.inject({
      url: `/api/v1/organisations/qashire/quality/moderation?month=${month}`,
      headers,
    });
    assert.equal(queue.statusCode, 200);
    const item = queue.json()[0];
    assert.ok(item.caseReference);
    const done = await t.app.inject({
      method: 'POST',
      url: `/api/v1/organisations/qashire/quality/moderation/${item.id}`,
      headers,
      payload: { agreed: true, version: item.version },
    });
    assert.equal(done.statusCode, 200);
    const stale = await t.app.inject({
      method: 'POST',
      url: `/api/v1/organisations/qashire/quality/moderation/${item.id}`,
      headers,
      payload: { agreed: true, version: item.version },
    });
    assert.equal(stale.statusCode, 409);
    const auditorToken = (await t.services.users.createToken(SYSTEM_ACTOR, auditor.id, 'api')).token;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations/qashire/quality/check-and-challenge',
      headers: { authorization: `Bearer ${auditorToken}` },
      payload: {
        sessionDate: today,
        teamId: teamB.id,
        caseReferences: ['MOS1000001', 'MOS1000002', 'MOS1000003'],
        sampleSize: 2,
        seed: 'api-seed',
      },
    });
    assert.equal(created.statusCode, 201);
    assert.equal(created.json().sample.length, 2);
    const sessions = await t.app.inject({
      url: '/api/v1/organisations/qashire/quality/check-and-challenge',
      headers,
    });
    assert.ok(sessions.json().some((s: { id: string }) => s.id === created.json().id));
  });
});
