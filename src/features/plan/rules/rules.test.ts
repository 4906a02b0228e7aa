// Tests for the plan's rules: dates at month ends and leap years, status transitions, suggested RAG at
// its boundaries, overrides, reschedule texts and the progress-update schedule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DELIVERY_STATUSES,
  DELIVERY_STATUS_LABELS,
  DELIVERY_STATUS_RULES_TEXT,
  RAG_LABELS,
  RAG_RULES_TEXT,
  addDays,
  allowedTransitions,
  checkRagOverride,
  checkTransition,
  daysBetween,
  formatUkDate,
  isValidIsoDate,
  londonDate,
  needsProgressUpdates,
  ragRulesText,
  rescheduleSummary,
  suggestRag,
  updateSchedule,
} from './rules.js';
import type { DeliveryStatus, SuggestRagInput } from './rules.js';

describe('calendar dates', () => {
  it('accepts only real dates written YYYY-MM-DD', () => {
    for (const date of ['2026-02-28', '2028-02-29', '2000-02-29', '2026-12-31', '2026-04-30', '0050-01-01'])
      assert.equal(isValidIsoDate(date), true, date);
    for (const date of [
      '2026-02-29',
      '2026-02-30',
      '2100-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-2-3',
      '03/03/2026',
      '2026-03-03T00:00:00Z',
      '',
    ])
      assert.equal(isValidIsoDate(date), false, date);
  });

  it('adds days across month ends, leap days, year ends and the clocks changing', () => {
    assert.equal(addDays('2026-01-31', 1), '2026-02-01');
    assert.equal(addDays('2026-02-28', 1), '2026-03-01');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2028-02-29', 1), '2028-03-01');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2026-03-28', 2), '2026-03-30'); // BST starts 29 March 2026
    assert.equal(addDays('2026-10-24', 2), '2026-10-26'); // and ends 25 October
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addDays('2026-01-05', 42), '2026-02-16');
    assert.equal(addDays('2026-05-05', 0), '2026-05-05');
  });

  it('counts days between dates, positive forwards', () => {
    assert.equal(daysBetween('2026-03-03', '2026-03-03'), 0);
    assert.equal(daysBetween('2028-02-28', '2028-03-01'), 2);
    assert.equal(daysBetween('2026-02-28', '2026-03-01'), 1);
    assert.equal(daysBetween('2026-01-01', '2027-01-01'), 365);
    assert.equal(daysBetween('2028-01-01', '2029-01-01'), 366);
    assert.equal(daysBetween('2026-03-31', '2026-03-01'), -30);
  });

  it('refuses impossible dates and fractional days rather than guessing', () => {
    assert.throws(() => addDays('2026-02-30', 1), /real date/);
    assert.throws(() => addDays('2026-02-01', 1.5), /whole number/);
    assert.throws(() => daysBetween('2026-02-01', '31/03/2026'), /real date/);
  });

  it('reads instants as dates in England, summer time included', () => {
    assert.equal(londonDate('2026-03-29T23:30:00Z'), '2026-03-30'); // 00:30 BST
    assert.equal(londonDate('2026-01-15T23:30:00Z'), '2026-01-15'); // GMT
    assert.equal(londonDate(new Date('2026-07-01T23:00:00Z')), '2026-07-02');
    assert.equal(londonDate('2026-07-01'), '2026-07-01');
    assert.throws(() => londonDate('next Tuesday'), RangeError);
  });

  it('formats dates for sentences', () => {
    assert.equal(formatUkDate('2026-03-03'), '3 March 2026');
    assert.equal(formatUkDate('2028-02-29'), '29 February 2028');
  });
});

describe('delivery status transitions', () => {
  const signedOff = { embeddingSignedOff: true, reason: 'Reason long enough to count' };

  it('lists the moves each status allows', () => {
    assert.deepEqual(allowedTransitions('not_started'), ['in_progress', 'complete', 'cancelled']);
    assert.deepEqual(allowedTransitions('in_progress'), ['complete', 'cancelled']);
    assert.deepEqual(allowedTransitions('complete'), ['in_progress', 'embedded']);
    assert.deepEqual(allowedTransitions('embedded'), ['complete']);
    assert.deepEqual(allowedTransitions('cancelled'), []);
  });

  it('agrees with allowedTransitions for every pair when every condition is met', () => {
    for (const from of DELIVERY_STATUSES)
      for (const to of DELIVERY_STATUSES) {
        const expected = from === to || allowedTransitions(from).includes(to);
        assert.equal(checkTransition(from, to, signedOff).ok, expected, `${from} → ${to}`);
      }
  });

  it('allows not started straight to complete, without a reason', () => {
    assert.deepEqual(checkTransition('not_started', 'complete', { embeddingSignedOff: false }), { ok: true });
    assert.deepEqual(checkTransition('not_started', 'in_progress', { embeddingSignedOff: false }), {
      ok: true,
    });
    assert.deepEqual(checkTransition('in_progress', 'complete', { embeddingSignedOff: false }), { ok: true });
  });

  const refused = (from: DeliveryStatus, to: DeliveryStatus, ctx: Parameters<typeof checkTransition>[2]) => {
    const result = checkTransition(from, to, ctx);
    assert.equal(result.ok, false, `${from} → ${to} should be refused`);
    return result.ok ? '' : result.message;
  };

  it('embeds only a complete action, and only with signed-off evidence', () => {
    assert.match(refused('complete', 'embedded', { embeddingSignedOff: false }), /signed off/);
    assert.deepEqual(checkTransition('complete', 'embedded', { embeddingSignedOff: true }), { ok: true });
    assert.match(refused('in_progress', 'embedded', { embeddingSignedOff: true }), /mark it complete first/);
    assert.match(refused('not_started', 'embedded', { embeddingSignedOff: true }), /mark it complete first/);
  });

  it('reopens a complete action only with a reason of at least 10 characters', () => {
    assert.match(
      refused('complete', 'in_progress', { embeddingSignedOff: false }),
      /Give a reason for reopening a complete action \(at least 10 characters\)/,
    );
    assert.match(
      refused('complete', 'in_progress', { embeddingSignedOff: false, reason: ' too short ' }),
      /reason/,
    );
    assert.deepEqual(
      checkTransition('complete', 'in_progress', { embeddingSignedOff: false, reason: '0123456789' }),
      {
        ok: true,
      },
    );
  });

  it('keeps cancelled final and cancels only unfinished work, with a reason', () => {
    for (const to of ['not_started', 'in_progress', 'complete', 'embedded'] as const)
      assert.match(refused('cancelled', to, signedOff), /cancelled is final/);
    assert.match(refused('in_progress', 'cancelled', { embeddingSignedOff: false }), /reason for cancelling/);
    assert.deepEqual(checkTransition('in_progress', 'cancelled', signedOff), { ok: true });
    assert.match(refused('complete', 'cancelled', signedOff), /the work was done/);
    assert.match(refused('embedded', 'cancelled', signedOff), /only go back to complete/);
  });

  it('never goes back to not started', () => {
    assert.match(refused('in_progress', 'not_started', signedOff), /has started/);
    assert.match(refused('complete', 'not_started', signedOff), /An action that is complete cannot go back/);
    assert.match(refused('embedded', 'not_started', signedOff), /An action that is embedded cannot go back/);
  });

  it('withdraws embedded status only to complete, with a reason', () => {
    assert.match(
      refused('embedded', 'complete', { embeddingSignedOff: true }),
      /withdrawing the embedded status/,
    );
    assert.deepEqual(checkTransition('embedded', 'complete', signedOff), { ok: true });
    assert.match(refused('embedded', 'in_progress', signedOff), /only go back to complete/);
  });

  it('treats staying put as no change', () => {
    for (const status of DELIVERY_STATUSES)
      assert.deepEqual(checkTransition(status, status, { embeddingSignedOff: false }), { ok: true });
  });

  it('asks for updates until an action is embedded or cancelled', () => {
    assert.deepEqual(
      DELIVERY_STATUSES.filter((s) => needsProgressUpdates(s)),
      ['not_started', 'in_progress', 'complete'],
    );
    assert.ok(DELIVERY_STATUS_RULES_TEXT.length >= 5);
  });
});

describe('suggested RAG', () => {
  const base: SuggestRagInput = {
    status: 'in_progress',
    currentTargetDate: '2026-03-31',
    today: '2026-03-01',
    embeddingSignedOff: false,
  };
  const suggest = (overrides: Partial<SuggestRagInput>) => suggestRag({ ...base, ...overrides });

  it('gives a cancelled action no rating', () => {
    assert.deepEqual(suggest({ status: 'cancelled', today: '2027-01-01' }), {
      rag: null,
      reason: 'Cancelled: a cancelled action has no RAG rating.',
    });
  });

  it('shows embedded with signed-off evidence as blue, or green for councils without blue', () => {
    assert.equal(suggest({ status: 'embedded', embeddingSignedOff: true }).rag, 'blue');
    assert.equal(suggest({ status: 'embedded', embeddingSignedOff: true, useBlue: false }).rag, 'green');
    const unsigned = suggest({ status: 'embedded', embeddingSignedOff: false });
    assert.equal(unsigned.rag, 'amber');
    assert.match(unsigned.reason, /not been signed off/);
  });

  it('keeps a complete action amber until embedding is evidenced, even after its target date', () => {
    assert.deepEqual(suggest({ status: 'complete' }), {
      rag: 'amber',
      reason: 'Complete, awaiting evidence of embedding.',
    });
    assert.equal(suggest({ status: 'complete', today: '2026-06-01' }).rag, 'amber');
    assert.equal(
      suggest({ status: 'complete', latestUpdate: { proposedRag: 'green', submittedAt: '2026-02-27' } }).rag,
      'amber',
    );
    assert.match(suggest({ status: 'complete', embeddingSignedOff: true }).reason, /mark it embedded/);
  });

  it('is not red on the target date itself, and red the day after', () => {
    assert.equal(suggest({ today: '2026-03-31' }).rag, 'green');
    assert.deepEqual(suggest({ today: '2026-04-01' }), {
      rag: 'red',
      reason: 'Not complete, and past its target date of 31 March 2026 by 1 day.',
    });
    assert.match(suggest({ today: '2026-04-10' }).reason, /by 10 days/);
    assert.equal(suggest({ status: 'not_started', today: '2026-04-01' }).rag, 'red');
  });

  it('counts the leap day and month ends exactly', () => {
    const leap = { status: 'not_started' as const, currentTargetDate: '2028-02-29' };
    assert.match(suggest({ ...leap, today: '2028-02-28' }).reason, /due in 1 day \(29 February 2028\)/);
    assert.equal(
      suggest({ ...leap, today: '2028-02-29' }).reason,
      'Not started, and due today (29 February 2028).',
    );
    assert.equal(suggest({ ...leap, today: '2028-03-01' }).rag, 'red');
    assert.equal(suggest({ currentTargetDate: '2026-01-31', today: '2026-02-01' }).rag, 'red');
    assert.equal(suggest({ currentTargetDate: '2026-02-28', today: '2026-02-28' }).rag, 'green');
  });

  it('makes a not-started action amber within 14 days of its target date, by default', () => {
    const notStarted = { status: 'not_started' as const };
    assert.equal(suggest({ ...notStarted, today: addDays('2026-03-31', -14) }).rag, 'amber');
    const outside = suggest({ ...notStarted, today: addDays('2026-03-31', -15) });
    assert.equal(outside.rag, 'green');
    assert.match(outside.reason, /more than 14 days away/);
    // An action in progress is not made amber by the window.
    assert.equal(suggest({ today: addDays('2026-03-31', -3) }).rag, 'green');
  });

  it('takes a configurable window', () => {
    const notStarted = { status: 'not_started' as const, amberWindowDays: 7 };
    assert.equal(suggest({ ...notStarted, today: '2026-03-24' }).rag, 'amber');
    assert.equal(suggest({ ...notStarted, today: '2026-03-23' }).rag, 'green');
    assert.equal(suggest({ status: 'not_started', amberWindowDays: 0, today: '2026-03-31' }).rag, 'amber');
    assert.throws(() => suggest({ amberWindowDays: -1 }), RangeError);
  });

  it("follows the lead's latest proposal when dates do not decide", () => {
    const red = suggest({ latestUpdate: { proposedRag: 'red', submittedAt: '2026-02-20T10:00:00Z' } });
    assert.deepEqual(red, {
      rag: 'red',
      reason: 'Red, as the lead officer proposed in the update of 20 February 2026.',
    });
    assert.equal(suggest({ latestUpdate: { proposedRag: 'amber', submittedAt: '2026-02-20' } }).rag, 'amber');
    const blue = suggest({ latestUpdate: { proposedRag: 'blue', submittedAt: '2026-02-20' } });
    assert.equal(blue.rag, 'green');
    assert.match(blue.reason, /blue is kept for embedded actions/);
  });

  it('never lets a proposal hide a missed date or a not-started action close to it', () => {
    const green = { latestUpdate: { proposedRag: 'green' as const, submittedAt: '2026-02-20' } };
    assert.equal(suggest({ ...green, today: '2026-04-01' }).rag, 'red');
    assert.equal(suggest({ ...green, status: 'not_started', today: '2026-03-25' }).rag, 'amber');
  });

  it('raises green to amber while a progress update is overdue, and only green', () => {
    const overdue = suggest({ updateOverdue: true });
    assert.equal(overdue.rag, 'amber');
    assert.equal(
      overdue.reason,
      'In progress and on track for its target date of 31 March 2026; but a progress update is overdue, so amber until the lead officer reports.',
    );
    const proposedGreen = suggest({
      updateOverdue: true,
      latestUpdate: { proposedRag: 'green', submittedAt: '2026-01-10' },
    });
    assert.equal(proposedGreen.rag, 'amber');
    assert.equal(
      suggest({ updateOverdue: true, latestUpdate: { proposedRag: 'red', submittedAt: '2026-01-10' } }).rag,
      'red',
    );
    assert.equal(suggest({ updateOverdue: true, status: 'embedded', embeddingSignedOff: true }).rag, 'blue');
  });

  it('gives every suggestion a sentence', () => {
    for (const status of DELIVERY_STATUSES)
      for (const today of ['2026-01-01', '2026-03-31', '2026-05-01'])
        assert.match(suggest({ status, today }).reason, /^[A-Z].*\.$/);
  });

  it('explains the rules in plain English, following the options', () => {
    assert.ok(RAG_RULES_TEXT.length >= 8);
    assert.ok(RAG_RULES_TEXT.every((s) => /^[A-Z].*\.$/.test(s)));
    assert.ok(RAG_RULES_TEXT.some((s) => s.includes('14 days')));
    assert.ok(ragRulesText({ amberWindowDays: 7 }).some((s) => s.includes('7 days')));
    assert.ok(ragRulesText({ useBlue: false }).some((s) => s.includes('is green')));
    assert.notEqual(DELIVERY_STATUS_LABELS.complete, RAG_LABELS.amber);
  });
});

describe('RAG overrides', () => {
  it('needs no reason to accept the suggestion', () => {
    assert.equal(checkRagOverride('amber', 'amber'), null);
    assert.equal(checkRagOverride(null, null), null);
  });

  it('needs a reason of at least 10 characters to differ', () => {
    assert.equal(
      checkRagOverride('green', 'amber'),
      'Give a reason for choosing amber when the suggested rating is green.',
    );
    assert.equal(checkRagOverride('green', 'amber', '          '), checkRagOverride('green', 'amber'));
    assert.match(checkRagOverride('green', 'red', ' 123456789 ') ?? '', /at least 10 characters/);
    assert.equal(checkRagOverride('green', 'red', '0123456789'), null);
    assert.equal(checkRagOverride('red', 'green', 'Agreed at board on 3 March: new date'), null);
  });

  it('refuses blue by override, a rating for a cancelled action, and no rating for a live one', () => {
    assert.match(
      checkRagOverride('green', 'blue', 'It is embedded really') ?? '',
      /Blue is only for embedded/,
    );
    assert.match(checkRagOverride(null, 'red', 'Reason long enough') ?? '', /cancelled action has no RAG/);
    assert.match(checkRagOverride('amber', null, 'Reason long enough') ?? '', /Choose a RAG rating/);
    assert.equal(checkRagOverride('blue', 'green', 'Council does not use blue'), null);
  });
});

describe('reschedule summary', () => {
  it('says when an action was never rescheduled', () => {
    assert.deepEqual(rescheduleSummary([], '2026-03-31', '2026-03-31'), {
      count: 0,
      totalDaysSlipped: 0,
      text: 'Not rescheduled',
    });
  });

  it('counts changes and the net slip, singular and plural', () => {
    assert.equal(
      rescheduleSummary([{ oldDate: '2026-03-31', newDate: '2026-04-01' }], '2026-03-31', '2026-04-01').text,
      'Rescheduled once, +1 day',
    );
    const twice = rescheduleSummary(
      [
        { oldDate: '2026-03-31', newDate: '2026-04-30' },
        { oldDate: '2026-04-30', newDate: '2026-05-15' },
      ],
      '2026-03-31',
      '2026-05-15',
    );
    assert.deepEqual(twice, { count: 2, totalDaysSlipped: 45, text: 'Rescheduled 2 times, +45 days' });
  });

  it('shows a date brought forward with a minus sign', () => {
    const forward = rescheduleSummary(
      [{ oldDate: '2026-03-31', newDate: '2026-03-28' }],
      '2026-03-31',
      '2026-03-28',
    );
    assert.equal(forward.totalDaysSlipped, -3);
    assert.equal(forward.text, 'Rescheduled once, \u22123 days');
  });

  it('says when the changes cancel out, and when a change went unrecorded', () => {
    const back = rescheduleSummary(
      [
        { oldDate: '2028-02-29', newDate: '2028-03-31' },
        { oldDate: '2028-03-31', newDate: '2028-02-29' },
      ],
      '2028-02-29',
      '2028-02-29',
    );
    assert.equal(back.text, 'Rescheduled 2 times, back to the original date');
    assert.equal(
      rescheduleSummary([], '2026-03-31', '2026-04-07').text,
      'Target date moved +7 days with no recorded change',
    );
  });
});

describe('progress update schedule', () => {
  const plan = { planStart: '2026-01-05' };

  it('makes the first update due one cadence after the plan starts', () => {
    assert.deepEqual(updateSchedule({ ...plan, today: '2026-02-01' }), {
      nextDueDate: '2026-02-16',
      state: 'not_due',
      daysOverdue: 0,
    });
    assert.equal(updateSchedule({ ...plan, today: '2026-02-08' }).state, 'not_due');
    assert.equal(updateSchedule({ ...plan, today: '2026-02-09' }).state, 'due_soon');
    assert.deepEqual(updateSchedule({ ...plan, today: '2026-02-16' }), {
      nextDueDate: '2026-02-16',
      state: 'due_soon',
      daysOverdue: 0,
    });
    assert.deepEqual(updateSchedule({ ...plan, today: '2026-02-17' }), {
      nextDueDate: '2026-02-16',
      state: 'overdue',
      daysOverdue: 1,
    });
  });

  it('counts an update up to half a cadence either side of a round date as that round', () => {
    assert.equal(
      updateSchedule({ ...plan, lastSubmittedAt: '2026-01-06', today: '2026-02-01' }).nextDueDate,
      '2026-02-16',
    );
    assert.equal(
      updateSchedule({ ...plan, lastSubmittedAt: '2026-02-16', today: '2026-02-17' }).nextDueDate,
      '2026-03-30',
    );
    assert.equal(
      updateSchedule({ ...plan, lastSubmittedAt: '2026-02-10', today: '2026-02-17' }).nextDueDate,
      '2026-03-30',
    );
    const late = updateSchedule({ ...plan, lastSubmittedAt: '2026-02-20', today: '2026-03-01' });
    assert.deepEqual(late, { nextDueDate: '2026-03-30', state: 'not_due', daysOverdue: 0 });
    // 21 days late in a 42-day cycle is as near the next round as the missed one: it answers the next.
    assert.equal(
      updateSchedule({ ...plan, lastSubmittedAt: '2026-03-09', today: '2026-03-10' }).nextDueDate,
      '2026-05-11',
    );
    assert.equal(
      updateSchedule({ ...plan, lastSubmittedAt: '2026-03-08', today: '2026-03-10' }).nextDueDate,
      '2026-03-30',
    );
    // Half a cycle into the first round is too early to answer it.
    assert.equal(
      updateSchedule({ ...plan, lastSubmittedAt: '2026-01-25', today: '2026-02-01' }).nextDueDate,
      '2026-02-16',
    );
    assert.equal(
      updateSchedule({ ...plan, lastSubmittedAt: '2025-12-20', today: '2026-02-01' }).nextDueDate,
      '2026-02-16',
    );
  });

  it('reads a submission time as its date in England', () => {
    // 23:30 UTC on 15 February is still 15 February in GMT: round 1 answered on time.
    assert.equal(
      updateSchedule({ ...plan, lastSubmittedAt: '2026-02-15T23:30:00Z', today: '2026-02-20' }).nextDueDate,
      '2026-03-30',
    );
    // 23:30 UTC on 29 March is 00:30 on 30 March in BST: that answers round 2 (30 March).
    assert.equal(
      updateSchedule({ ...plan, lastSubmittedAt: '2026-03-29T23:30:00Z', today: '2026-04-01' }).nextDueDate,
      '2026-05-11',
    );
  });

  it('owes one update after missed rounds, counting days from the first missed', () => {
    assert.deepEqual(updateSchedule({ ...plan, lastSubmittedAt: '2026-02-16', today: '2026-06-01' }), {
      nextDueDate: '2026-03-30',
      state: 'overdue',
      daysOverdue: 63,
    });
  });

  it('takes the plan cadence and due-soon window', () => {
    const monthly = { ...plan, cadenceDays: 28, dueSoonDays: 3 };
    assert.deepEqual(updateSchedule({ ...monthly, today: '2026-01-30' }), {
      nextDueDate: '2026-02-02',
      state: 'due_soon',
      daysOverdue: 0,
    });
    assert.equal(updateSchedule({ ...monthly, today: '2026-01-29' }).state, 'not_due');
    assert.equal(updateSchedule({ ...plan, today: '2025-12-01' }).state, 'not_due');
    assert.throws(() => updateSchedule({ ...plan, cadenceDays: 0, today: '2026-01-10' }), RangeError);
    assert.throws(() => updateSchedule({ ...plan, cadenceDays: 7.5, today: '2026-01-10' }), RangeError);
    assert.throws(() => updateSchedule({ planStart: '2026-02-30', today: '2026-03-10' }), RangeError);
  });
});
