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
});
