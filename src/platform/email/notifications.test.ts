import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../test/helpers/db.js';
import { createTestApp, makeOrganisation, testConfig, type TestApp } from '../../../test/helpers/app.js';
import { createServices } from '../../services.js';
import { notifyJwt } from './mailer.js';
import { startSmtp } from '../../../test/helpers/smtp.js';

it('signs GOV.UK Notify requests with the key’s service id and secret', () => {
  const key = `waymark_test-${'11111111-2222-3333-4444-555555555555'}-${'66666666-7777-8888-9999-000000000000'}`;
  const [header, payload] = notifyJwt(key, new Date('2026-11-23T00:00:00Z')).split('.');
  assert.deepEqual(JSON.parse(Buffer.from(header!, 'base64url').toString()), { typ: 'JWT', alg: 'HS256' });
  assert.deepEqual(JSON.parse(Buffer.from(payload!, 'base64url').toString()), {
    iss: '11111111-2222-3333-4444-555555555555',
    iat: 1795392000,
  });
});

describeEachDatabase('notifications by email through background jobs', (kind) => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp(kind, {
      EMAIL_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      EMAIL_FROM: 'Waymark <waymark@test-council.example>',
    });
  });
  after(async () => {
    t.services.mailer.close();
    await t.close();
    await smtp.close();
  });

  it('emails each person once about each thing, even across a restart', async () => {
    const org = await makeOrganisation(t.services);
    const request = {
      organisationId: org.id,
      recipientEmail: 'Sam.Lead@test-council.example',
      subjectKey: 'updates-due:2026-11-27',
      kind: 'updates_due',
      subject: '3 progress updates are due on Friday 27 November',
      text: 'Your updates are due. (synthetic test message)',
    };
    assert.equal(await t.services.notifications.notify(t.database.db, request), true);
    assert.equal(await t.services.notifications.notify(t.database.db, request), false);
    assert.equal(await t.services.jobs.runOnce(), 1);
    assert.equal(smtp.received.length, 1);
    assert.deepEqual(smtp.received[0]?.to, ['sam.lead@test-council.example']);
    assert.match(smtp.received[0]?.body ?? '', /Subject: 3 progress updates are due on Friday 27 November/);
    assert.equal(
      (await t.services.notifications.status(org.id, request.recipientEmail, request.subjectKey))?.status,
      'sent',
    );

    // A "restarted" instance (new services on the same database) neither resends nor loses anything.
    const restarted = createServices(
      t.database,
      testConfig({ EMAIL_TRANSPORT: 'smtp', SMTP_URL: `smtp://127.0.0.1:${smtp.port}` }),
    );
    assert.equal(await restarted.notifications.notify(t.database.db, request), false);
    assert.equal(await restarted.jobs.runOnce(), 0);
    assert.equal(smtp.received.length, 1);
    restarted.mailer.close();
  });

  it('retries with back-off when the mail server is down, and a dead worker’s job is picked up again', async () => {
    const org = await makeOrganisation(t.services);
    const broken = createServices(
      t.database,
      testConfig({ EMAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://127.0.0.1:1' }),
    );
    await broken.notifications.notify(t.database.db, {
      organisationId: org.id,
      recipientEmail: 'dana@test-council.example',
      subjectKey: 'digest:2026-W48',
      kind: 'digest',
      subject: 'Weekly digest',
      text: 'Synthetic digest',
    });
    const now = new Date();
    assert.equal(await broken.jobs.runOnce(now), 1);
    const [job] = await t.database.query<{ id: string; status: string; last_error: string; run_at: Date }>(
      `select id, status, last_error, run_at from jobs where kind = 'email.send' and status <> 'done'`,
    );
    assert.equal(job?.status, 'queued');
    assert.ok(job?.last_error);
    assert.ok(new Date(job.run_at).getTime() > now.getTime());
    // Not due yet: nothing runs.
    assert.equal(await t.services.jobs.runOnce(now), 0);
    // Later, with the mail server back, the working instance delivers it.
    const before = smtp.received.length;
    assert.equal(await t.services.jobs.runOnce(new Date(now.getTime() + 60_000)), 1);
    assert.equal(smtp.received.length, before + 1);
    broken.mailer.close();

    // A job left "running" by a worker that died is queued again once its lease expires.
    await t.services.jobs.enqueue(t.database.db, { kind: 'test.noop', dedupeKey: `noop-${kind}` });
    await t.database.query(
      `update jobs set status = 'running', locked_at = now() - interval '1 hour' where dedupe_key = $1`,
      [`noop-${kind}`],
    );
    let ran = 0;
    t.services.jobs.registerHandler('test.noop', async () => {
      ran++;
    });
    await t.services.jobs.runOnce();
    assert.equal(ran, 1);
  });

  it('runs a schedule once per period however many instances tick', async () => {
    const runs: string[] = [];
    const a = createServices(t.database, testConfig());
    const b = createServices(t.database, testConfig());
    for (const services of [a, b]) {
      services.jobs.registerSchedule({
        name: `weekly-${kind}`,
        periodKey: (now) => `${now.getUTCFullYear()}-${now.getUTCMonth() + 1}`,
        run: async (_now, key) => {
          runs.push(key);
        },
      });
    }
    const now = new Date('2026-11-23T09:00:00Z');
    await Promise.all([a.jobs.runOnce(now), b.jobs.runOnce(now)]);
    await Promise.all([a.jobs.runOnce(now), b.jobs.runOnce(now)]);
    assert.deepEqual(runs, ['2026-11']);
  });
});
