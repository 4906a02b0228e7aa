import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describeEachDatabase } from '../../../test/helpers/db.js';
import { createTestApp, makeOrganisation, makeUser, type TestApp } from '../../../test/helpers/app.js';
import { SYSTEM_ACTOR } from '../../platform/audit/service.js';

interface BoardsJson {
  boards: { name: string; members: { isChair: boolean; isIndependent: boolean }[] }[];
}

describeEachDatabase('governance API', (kind) => {
  let t: TestApp;
  let leadAuth: string;
  let viewerAuth: string;
  let meetingId: string;
  const base = '/api/v1/organisations/apishire';

  before(async () => {
    t = await createTestApp(kind);
    const org = await makeOrganisation(t.services, { slug: 'apishire' });
    const lead = await makeUser(t.services, org.id, 'improvement_lead');
    const viewer = await makeUser(t.services, org.id, 'viewer');
    leadAuth = `Bearer ${(await t.services.users.createToken(SYSTEM_ACTOR, lead.id, 'api')).token}`;
    viewerAuth = `Bearer ${(await t.services.users.createToken(SYSTEM_ACTOR, viewer.id, 'api')).token}`;
    const caller = { actor: SYSTEM_ACTOR, userId: lead.id };
    const board = await t.services.governance.createBoard(caller, org.id, {
      name: 'Improvement Board',
      kind: 'improvement_board',
    });
    await t.services.governance.addMember(caller, org.id, board.id, {
      name: 'Chair Synthetic',
      isChair: true,
      isIndependent: true,
    });
    meetingId = (
      await t.services.governance.createMeeting(caller, org.id, board.id, { meetingDate: '2026-11-10' })
    ).id;
  });
  after(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, auth: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: auth }, ...(payload ? { payload } : {}) });

  it('lists boards with members, and a meeting with its standing agenda', async () => {
    const boards = await call('GET', `${base}/boards`, viewerAuth);
    assert.equal(boards.statusCode, 200);
    const [board] = boards.json<BoardsJson>().boards;
    assert.equal(board!.name, 'Improvement Board');
    assert.deepEqual(
      board!.members.map((m) => [m.isChair, m.isIndependent]),
      [[true, true]],
    );
    const meeting = (await call('GET', `${base}/meetings/${meetingId}`, viewerAuth)).json<{
      agenda: { title: string }[];
    }>();
    assert.equal(meeting.agenda[0]!.title, 'Welcome, introductions and apologies');
  });

  it('records a resolution with a follow-up report, and meeting actions with optimistic locking', async () => {
    const resolution = await call('POST', `${base}/meetings/${meetingId}/resolutions`, leadAuth, {
      kind: 'agreed',
      text: 'Update report on re-referrals in three months',
      followUpMonths: 3,
      followUpTitle: 'Re-referrals',
    });
    assert.equal(resolution.statusCode, 201, resolution.body);
    assert.equal(resolution.json<{ followUp: { dueDate: string } }>().followUp.dueDate, '2027-02-10');
    const forward = (await call('GET', `${base}/forward-plan`, viewerAuth)).json<{
      items: { title: string }[];
    }>();
    assert.deepEqual(
      forward.items.map((i) => i.title),
      ['Re-referrals'],
    );

    const bad = await call('POST', `${base}/meetings/${meetingId}/actions`, leadAuth, {
      description: 'x',
      ownerName: 'Owner',
      dueDate: '2026-13-01',
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad.json<{ details: { path: string }[] }>().details.map((d) => d.path),
      ['dueDate'],
    );
    const created = await call('POST', `${base}/meetings/${meetingId}/actions`, leadAuth, {
      description: 'Share the audit (synthetic)',
      ownerName: 'Owner Synthetic',
      dueDate: '2026-11-20',
    });
    assert.equal(created.statusCode, 201);
    const action = created.json<{ id: string; version: number }>();
    const log = (await call('GET', `${base}/meeting-actions?status=overdue`, viewerAuth)).json<{
      actions: { id: string }[];
    }>();
    assert.deepEqual(
      log.actions.map((a) => a.id),
      [action.id],
    );
    const done = await call('PATCH', `${base}/meeting-actions/${action.id}`, leadAuth, {
      status: 'done',
      version: action.version,
    });
    assert.equal(done.statusCode, 200);
    const stale = await call('PATCH', `${base}/meeting-actions/${action.id}`, leadAuth, {
      status: 'open',
      version: action.version,
    });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.json<{ message: string }>().message, /Someone else changed this meeting action/);
    const refused = await call('POST', `${base}/meetings/${meetingId}/actions`, viewerAuth, {
      description: 'x',
      ownerName: 'y',
    });
    assert.equal(refused.statusCode, 403);
  });

  it('issues a pack and serves its stored files with their checksums', async () => {
    const org = (await t.services.organisations.bySlug('apishire'))!;
    const draft = await t.services.governance.preparePack(
      { actor: SYSTEM_ACTOR, userId: null },
      org,
      meetingId,
    );
    const refused = await call('POST', `${base}/board-packs/${draft.id}/issue`, viewerAuth, {
      version: draft.version,
    });
    assert.equal(refused.statusCode, 403);
    const issued = await call('POST', `${base}/board-packs/${draft.id}/issue`, leadAuth, {
      version: draft.version,
    });
    assert.equal(issued.statusCode, 200, issued.body);
    const files = issued.json<{ files: { format: string; sha256: string }[] }>().files;
    const stored = files.filter((f) => f.format !== 'pdf');
    assert.deepEqual(
      stored.map((f) => f.format),
      ['html', 'docx', 'xlsx'],
    );
    for (const f of stored) {
      const file = await call('GET', `${base}/board-packs/${draft.id}/file?format=${f.format}`, viewerAuth);
      assert.equal(file.statusCode, 200);
      assert.equal(createHash('sha256').update(file.rawPayload).digest('hex'), f.sha256);
      assert.equal(file.headers['x-content-sha256'], f.sha256);
    }
    const again = await call('POST', `${base}/board-packs/${draft.id}/issue`, leadAuth, {
      version: draft.version + 1,
    });
    assert.equal(again.statusCode, 409);
    const detail = (await call('GET', `${base}/board-packs/${draft.id}`, viewerAuth)).json<{
      pack: { status: string };
      model: { board: { chair: string; independentChair: boolean } };
    }>();
    assert.equal(detail.pack.status, 'issued');
    assert.equal(detail.model.board.chair, 'Chair Synthetic');
    assert.equal(detail.model.board.independentChair, true);
    const badFormat = await call('GET', `${base}/board-packs/${draft.id}/file?format=odt`, viewerAuth);
    assert.equal(badFormat.statusCode, 400);
  });
});
