import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../test/helpers/db.js';
import {
  createTestApp,
  makeOrganisation,
  makeUser,
  testConfig,
  type TestApp,
} from '../../../test/helpers/app.js';
import { startSmtp, type TestSmtp } from '../../../test/helpers/smtp.js';
import { createServices } from '../../services.js';
import { SYSTEM_ACTOR } from '../../platform/audit/service.js';
import { isoWeek, weekdayDate } from './reminders.js';
import { londonDay } from '../plan/derive.js';
import { addDays } from '../plan/rules/rules.js';

/** Noon UK time on a date, as the daily run would see it. */
const at = (iso: string) => new Date(`${iso}T12:00:00Z`);

it('names the ISO week of a date, across year ends', () => {
  assert.equal(isoWeek('2026-11-30'), '2026-W49');
  assert.equal(isoWeek('2026-12-06'), '2026-W49');
  assert.equal(isoWeek('2026-12-07'), '2026-W50');
  assert.equal(isoWeek('2027-01-01'), '2026-W53');
  assert.equal(isoWeek('2027-01-04'), '2027-W01');
  assert.equal(isoWeek('2024-12-30'), '2025-W01');
});

describeEachDatabase('reminders by email through a real SMTP server', (kind) => {
  let smtp: TestSmtp;
  let t: TestApp;
  const env = () => ({
    EMAIL_TRANSPORT: 'smtp',
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    EMAIL_FROM: 'Waymark <waymark@test-council.example>',
  });
  // The plan starts 45 days before `day0`, so with six-weekly rounds the first round fell due 3 days
  // before day0 (overdue then) and the second falls due 39 days after it. Updates sent today answer
  // the first round (the nearest), so day0 is set from today.
  const day0 = addDays(londonDay(new Date()), -16);
  let lead: { id: string; email: string };
  let actionLead: { id: string; email: string };
  let orgId: string;

  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp(kind, env());
    const org = await makeOrganisation(t.services, { slug: 'remindshire' });
    orgId = org.id;
    lead = await makeUser(t.services, org.id, 'improvement_lead');
    actionLead = await makeUser(t.services, org.id, 'action_lead');
    const caller = { actor: SYSTEM_ACTOR, userId: lead.id, email: lead.email, canEdit: true };
    const plan = await t.services.plan.createPlan(caller, org.id, {
      title: 'Synthetic test plan',
      startDate: addDays(day0, -45),
      updateCadenceDays: '42',
    });
    const outcome = await t.services.plan.saveOutcome(caller, org.id, plan.id, {
      ref: '1',
      title: 'Outcome one',
    });
    const commitment = await t.services.plan.saveCommitment(caller, org.id, plan.id, {
      outcomeId: outcome.id,
      ref: '1.1',
      title: 'Commitment one',
    });
    for (const ref of ['1.1.1', '1.1.2'])
      await t.services.plan.saveAction(caller, org.id, plan.id, {
        commitmentId: commitment.id,
        ref,
        title: `Synthetic action ${ref}`,
        leadEmail: actionLead.email,
        originalTargetDate: addDays(day0, 200),
      });
    const g = t.services.governance;
    const gc = { actor: SYSTEM_ACTOR, userId: lead.id };
    const board = await g.createBoard(gc, org.id, { name: 'Improvement Board', kind: 'improvement_board' });
    const meeting = await g.createMeeting(gc, org.id, board.id, { meetingDate: addDays(day0, -7) });
    await g.addMeetingAction(gc, org.id, meeting.id, {
      description: 'Bring the re-referral audit to the board (synthetic)',
      ownerName: 'Owner Synthetic',
      ownerEmail: 'Owner.Synthetic@test-council.example',
      dueDate: addDays(day0, 2),
    });
    await g.addMeetingAction(gc, org.id, meeting.id, {
      description: 'An action with no email is never emailed',
      ownerName: 'No Email',
      dueDate: addDays(day0, 1),
    });
  });
  after(async () => {
    t.services.mailer.close();
    await t.close();
    await smtp.close();
  });

  const sentTo = (email: string) => smtp.received.filter((m) => m.to.includes(email.toLowerCase()));
  const subjects = (email: string) =>
    sentTo(email).map((m) => /^Subject: (.*)$/m.exec(m.body)?.[1]?.trim() ?? '');
  // Sends what is queued (email jobs are due from the real time they were queued).
  const drain = async (services = t.services) => {
    while ((await services.jobs.runOnce()) > 0);
  };

  it('emails overdue updates to the lead, due meeting actions to their owner, and the digest to the improvement lead — once each, across a restart', async () => {
    assert.equal(await t.services.reminders.run(at(day0)), 3);
    await drain();
    // One email for the two overdue updates of the same round, one for the meeting action, one digest.
    assert.deepEqual(subjects(actionLead.email), [
      `2 progress updates overdue since ${weekdayDate(addDays(day0, -3))}`,
    ]);
    const owner = sentTo('owner.synthetic@test-council.example');
    assert.equal(owner.length, 1);
    assert.match(
      owner[0]!.body,
      new RegExp(`Subject: Meeting action due on ${weekdayDate(addDays(day0, 2))}`),
    );
    assert.match(owner[0]!.body, /Bring the re-referral audit/);
    assert.deepEqual(subjects(lead.email), [
      `Improvement programme weekly digest: week of ${weekdayDate(day0).replace(/^\w+ /, '')}`,
    ]);
    assert.match(sentTo(lead.email)[0]!.body, /Meeting actions: 2 open, 0 overdue/);
    assert.equal(smtp.received.length, 3);

    // The same day again, and then a restarted instance on the same database: nothing new is sent.
    assert.equal(await t.services.reminders.run(at(day0)), 0);
    const restarted = createServices(t.database, testConfig(env()));
    assert.equal(await restarted.reminders.run(at(day0)), 0);
    await drain(restarted);
    restarted.mailer.close();
    assert.equal(smtp.received.length, 3);
  });

  it('sends the next reminders when their subject changes: the action falls overdue, a new week starts, the next round comes due', async () => {
    // Two days later: the meeting action is now overdue (a new subject); the updates are still the
    // same overdue round (already told); the digest week is the same.
    // This time through the daily schedule of the job runner, as the server runs it.
    const scheduled = createServices(t.database, testConfig(env()));
    scheduled.reminders.register(scheduled.jobs);
    await scheduled.jobs.runOnce(at(addDays(day0, 3)));
    scheduled.mailer.close();
    await drain();
    assert.deepEqual(subjects('owner.synthetic@test-council.example'), [
      `Meeting action due on ${weekdayDate(addDays(day0, 2))}`,
      `Meeting action overdue since ${weekdayDate(addDays(day0, 2))}`,
    ]);
    assert.equal(sentTo(actionLead.email).length, 1);
    assert.equal(sentTo(lead.email).length, isoWeek(addDays(day0, 3)) === isoWeek(day0) ? 1 : 2);

    // The action lead sends the overdue updates; a week before the next round, it comes due.
    const { live } = await t.services.plan.versions(orgId);
    const loaded = await t.services.plan.load(orgId, live!.id);
    for (const v of loaded.views)
      await t.services.plan.submitUpdate(
        { actor: SYSTEM_ACTOR, userId: actionLead.id, email: actionLead.email, canEdit: false },
        orgId,
        v.action.id,
        { narrative: 'Synthetic progress narrative for the test.', proposedRag: 'green' },
      );
    await t.services.reminders.run(at(addDays(day0, 35)));
    await drain();
    assert.deepEqual(subjects(actionLead.email).slice(1), [
      `2 progress updates due on ${weekdayDate(addDays(day0, 39))}`,
    ]);
    // A new ISO week: a new digest.
    assert.equal(sentTo(lead.email).length, isoWeek(addDays(day0, 3)) === isoWeek(day0) ? 2 : 3);
    const notes = await t.services.notifications.sentTo(orgId);
    assert.ok(
      notes.every((n) => n.status === 'sent'),
      'every reminder was delivered',
    );
    assert.ok(!notes.some((n) => n.recipientEmail === ''), 'no owner without an email is notified');
  });
});
