import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../../test/helpers/db.js';
import { createTestApp, makeOrganisation, makeUser, type TestApp } from '../../../test/helpers/app.js';
import { inTransaction } from '../../db/tx.js';
import { canonicalJson } from './hash.js';

it('canonical JSON sorts keys at every level', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } }),
    '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
  );
  assert.equal(
    canonicalJson({ when: new Date('2026-01-02T03:04:05.678Z') }),
    '{"when":"2026-01-02T03:04:05.678Z"}',
  );
});

describeEachDatabase('audit trail', (kind) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp(kind);
  });
  after(() => t.close());

  it('chains every change and verifies intact', async () => {
    const org = await makeOrganisation(t.services);
    const user = await makeUser(t.services, org.id, 'viewer');
    const history = await t.services.audit.history(t.database.db, org.id, 'user', user.id);
    assert.equal(history[0]?.action, 'membership.added');
    const result = await t.services.audit.verify(t.database.db);
    assert.equal(result.ok, true);
    assert.ok(result.events >= 3);
  });

  it('rolls an audit event back with the change it records', async () => {
    const org = await makeOrganisation(t.services);
    const beforeCount = (await t.services.audit.history(t.database.db, org.id, 'organisation', org.id))
      .length;
    await assert.rejects(
      inTransaction(t.database.db, org.id, async (tx) => {
        await t.services.audit.record(
          tx,
          { userId: null, label: 'test', requestId: null },
          { organisationId: org.id, action: 'x', entityType: 'organisation', entityId: org.id },
        );
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(
      (await t.services.audit.history(t.database.db, org.id, 'organisation', org.id)).length,
      beforeCount,
    );
    assert.equal((await t.services.audit.verify(t.database.db)).ok, true);
  });

  it('names the first broken link when an event is altered', async () => {
    const org = await makeOrganisation(t.services);
    await makeUser(t.services, org.id, 'auditor');
    await makeUser(t.services, org.id, 'moderator');
    const [target] = await t.database.query<{ id: number; seq: number }>(
      'select id::int as id, seq::int as seq from audit_events where chain = $1 order by seq limit 1 offset 1',
      [org.id],
    );
    assert.ok(target);
    await t.database.db.execute(
      sql`update audit_events set after = '{"role":"admin"}'::jsonb where id = ${target.id}`,
    );
    const result = await t.services.audit.verify(t.database.db);
    assert.equal(result.ok, false);
    assert.equal(result.firstBroken?.chain, org.id);
    assert.equal(result.firstBroken?.seq, target.seq);
    assert.match(result.firstBroken?.reason ?? '', /changed after it was written/);
  });

  it('notices a deleted event', async () => {
    const fresh = await createTestApp(kind);
    try {
      const org = await makeOrganisation(fresh.services);
      await makeUser(fresh.services, org.id, 'auditor');
      await makeUser(fresh.services, org.id, 'viewer');
      await fresh.database.db.execute(sql`delete from audit_events where chain = ${org.id} and seq = 2`);
      const result = await fresh.services.audit.verify(fresh.database.db);
      assert.equal(result.ok, false);
      assert.equal(result.firstBroken?.seq, 3);
      assert.match(result.firstBroken?.reason ?? '', /sequence jumps/);
    } finally {
      await fresh.close();
    }
  });
});
