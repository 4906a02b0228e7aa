import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  agreementRates,
  checkIndependence,
  learningThemeFrequency,
  monthlyTrend,
  parseCaseList,
  round1,
  sampleShare,
  seededSample,
  validateCaseReference,
  type AuditForTrend,
} from './rules.js';
import type { AuditGrade } from './schema.js';

describe('case references', () => {
  it('accepts pseudonymous references and normalises them', () => {
    assert.deepEqual(validateCaseReference(' lcs-123456 '), { ok: true, value: 'LCS-123456' });
    assert.deepEqual(validateCaseReference('12345678'), { ok: true, value: '12345678' });
  });
  it('refuses names and dates of birth with a GOV.UK-style message', () => {
    for (const name of ['Jane Smith', 'J Smith', "O'Neil-Brown Amy"]) {
      assert.deepEqual(
        validateCaseReference(name),
        { ok: false, message: "Enter the case reference, not the child's name" },
        name,
      );
    }
    for (const dob of ['01/02/2015', '2015-02-01', '1 Feb 2015', '3rd March 2016']) {
      assert.deepEqual(
        validateCaseReference(dob),
        { ok: false, message: 'Enter the case reference, not a date of birth' },
        dob,
      );
    }
    assert.match(
      (validateCaseReference('ABC') as { message: string }).message,
      /council's format, like LCS-123456/,
    );
  });
  it('uses the council’s own format when configured', () => {
    assert.equal(
      validateCaseReference('MOS1234567', { pattern: '^MOS\\d{7}$', example: 'MOS1234567' }).ok,
      true,
    );
    assert.equal(
      validateCaseReference('LCS-123456', { pattern: '^MOS\\d{7}$', example: 'MOS1234567' }).ok,
      false,
    );
  });
  it('reads a pasted list or a CSV, dropping duplicates and naming bad lines', () => {
    assert.deepEqual(parseCaseList('LCS-1001\nlcs-1001\n\nJane Smith\nLCS-1002'), {
      references: ['LCS-1001', 'LCS-1002'],
      errors: [{ line: 4, message: "Line 4: Enter the case reference, not the child's name" }],
    });
    assert.deepEqual(parseCaseList('team,case reference\nCIC,LCS-2001\nCIC,"LCS-2002"').references, [
      'LCS-2001',
      'LCS-2002',
    ]);
  });
});

describe('reproducible sampling', () => {
  const items = Array.from({ length: 40 }, (_, i) => `LCS-${1000 + i}`);
  it('draws the same sample for the same seed, and a different one for another', () => {
    const a = seededSample(items, 6, 'cic-2026-11-26');
    assert.deepEqual(seededSample(items, 6, 'cic-2026-11-26'), a);
    assert.notDeepEqual(seededSample(items, 6, 'cic-2026-12-03'), a);
    assert.equal(new Set(a).size, 6);
    assert.ok(a.every((x) => items.includes(x)));
  });
  it('is stable across runs and machines (a fixed seed gives a fixed sample)', () => {
    assert.deepEqual(
      seededSample(['a', 'b', 'c', 'd', 'e'], 3, 'fixed'),
      seededSample(['a', 'b', 'c', 'd', 'e'], 3, 'fixed'),
    );
    assert.deepEqual(seededSample(items, 3, 'waymark'), ['LCS-1007', 'LCS-1011', 'LCS-1039']);
  });
  it('rounds a share up and never draws more than there are', () => {
    assert.equal(sampleShare(items.slice(0, 25), 10, 's').length, 3);
    assert.equal(seededSample(items.slice(0, 2), 5, 's').length, 2);
  });
  it('draws every item about equally often', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++)
      for (const x of seededSample(items.slice(0, 10), 1, `seed-${i}`))
        counts.set(x, (counts.get(x) ?? 0) + 1);
    for (const count of counts.values()) assert.ok(count > 140 && count < 260, `count ${count}`);
  });
});

describe('independence', () => {
  const teams = [{ teamId: 't1', teamName: 'Assessment Team 1', isManager: true }];
  it('refuses a manager or member auditing their own team’s case', () => {
    const refused = checkIndependence({ auditorTeams: teams, caseTeamId: 't1' });
    assert.equal(refused.ok, false);
    assert.match(
      (refused as { message: string }).message,
      /You cannot audit a case in Assessment Team 1 because you manage that team/,
    );
    const member = checkIndependence({
      auditorTeams: [{ ...teams[0]!, isManager: false }],
      caseTeamId: 't1',
    });
    assert.match((member as { message: string }).message, /are a member of that team/);
  });
  it('allows other teams, and an admin override only with a reason', () => {
    assert.deepEqual(checkIndependence({ auditorTeams: teams, caseTeamId: 't2' }), {
      ok: true,
      overridden: false,
    });
    assert.equal(
      checkIndependence({
        auditorTeams: teams,
        caseTeamId: 't1',
        override: { byAdmin: true, reason: 'short' },
      }).ok,
      false,
    );
    assert.deepEqual(
      checkIndependence({
        auditorTeams: teams,
        caseTeamId: 't1',
        override: { byAdmin: true, reason: 'No other trained auditor is available this month' },
      }),
      {
        ok: true,
        overridden: true,
      },
    );
    assert.equal(
      checkIndependence({
        auditorTeams: teams,
        caseTeamId: 't1',
        override: { byAdmin: false, reason: 'No other trained auditor is available this month' },
      }).ok,
      false,
    );
  });
});

describe('trends against a hand-computed fixture', () => {
  const audit = (
    auditedOn: string,
    overallGrade: AuditGrade,
    moderatedGrade: AuditGrade | null = null,
    teamId = 'A',
    themes: string[] = [],
  ): AuditForTrend => ({
    auditedOn,
    teamId,
    serviceArea: teamId === 'A' ? 'assessment' : 'children_in_care',
    overallGrade,
    moderatedGrade,
    learningThemes: themes,
  });
  // December (baseline): 1 good, 2 RI, 3 inadequate = 6 → good or better 1/6 = 16.7%, inadequate 3/6 = 50.0%
  // January: 2 good, 2 RI (one moderated down from good), 1 inadequate = 5 → 2/5 = 40.0%, 1/5 = 20.0%; change +23.3
  // February: none. March: 1 outstanding, 2 good, 1 RI = 4 → 75.0%, 0.0%; change +58.3
  const audits = [
    audit('2025-12-02', 'good', null, 'A', ['Voice of the child']),
    audit('2025-12-05', 'requires_improvement', null, 'B', ['voice of the child', 'Supervision']),
    audit('2025-12-09', 'requires_improvement'),
    audit('2025-12-11', 'inadequate', null, 'B', ['Supervision']),
    audit('2025-12-15', 'inadequate', 'inadequate'),
    audit('2025-12-30', 'inadequate'),
    audit('2026-01-03', 'good'),
    audit('2026-01-08', 'good', 'requires_improvement', 'B'),
    audit('2026-01-12', 'good', 'good', 'B', ['Voice of the child']),
    audit('2026-01-20', 'requires_improvement'),
    audit('2026-01-31', 'inadequate'),
    audit('2026-03-01', 'outstanding', null, 'B'),
    audit('2026-03-10', 'good'),
    audit('2026-03-15', 'good'),
    audit('2026-03-31', 'requires_improvement'),
    audit('2026-04-01', 'good'),
  ];

  it('counts grades and percentages month by month, with the change since the baseline', () => {
    const rows = monthlyTrend(audits, { from: '2025-12', to: '2026-03', baselineMonth: '2025-12' });
    assert.deepEqual(
      rows.map((r) => [
        r.month,
        r.total,
        r.counts.good,
        r.counts.inadequate,
        r.pctGoodOrBetter,
        r.pctInadequate,
        r.changeGoodOrBetterSinceBaseline,
      ]),
      [
        ['2025-12', 6, 1, 3, 16.7, 50, 0],
        ['2026-01', 5, 2, 1, 40, 20, 23.3],
        ['2026-02', 0, 0, 0, null, null, null],
        ['2026-03', 4, 2, 0, 75, 0, 58.3],
      ],
    );
  });

  it('filters by team and keeps only moderated audits when asked', () => {
    const teamB = monthlyTrend(audits, { from: '2025-12', to: '2026-01', teamId: 'B' });
    // December B: RI, inadequate → 0%; January B: RI (moderated), good → 50%
    assert.deepEqual(
      teamB.map((r) => r.pctGoodOrBetter),
      [0, 50],
    );
    const moderated = monthlyTrend(audits, { from: '2025-12', to: '2026-01', moderatedOnly: true });
    assert.deepEqual(
      moderated.map((r) => [r.total, r.pctGoodOrBetter]),
      [
        [1, 0],
        [2, 50],
      ],
    );
  });

  it('computes agreement rates overall and by auditor', () => {
    const result = agreementRates([
      { auditorId: 'x', agreed: true },
      { auditorId: 'x', agreed: false },
      { auditorId: 'x', agreed: true },
      { auditorId: 'y', agreed: true },
    ]);
    assert.deepEqual(result.overall, { moderated: 4, agreed: 3, rate: 75 });
    assert.deepEqual(result.byAuditor, [
      { auditorId: 'x', moderated: 3, agreed: 2, rate: 66.7 },
      { auditorId: 'y', moderated: 1, agreed: 1, rate: 100 },
    ]);
  });

  it('ranks learning themes, counting spellings together', () => {
    assert.deepEqual(learningThemeFrequency(audits), [
      { theme: 'Voice of the child', count: 3 },
      { theme: 'Supervision', count: 2 },
    ]);
  });

  it('rounds half away from zero', () => {
    assert.equal(round1(16.65), 16.7);
    assert.equal(round1(-0.05), -0.1);
  });
});
