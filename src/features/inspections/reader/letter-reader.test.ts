import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchAreasToRecommendations, readVisitLetter } from './letter-reader.js';

// Synthetic letters in the shape Ofsted writes them; the council and inspectors are invented.
const MONITORING = `Dear Director,
Monitoring visit to Demo Borough children’s services
This letter summarises the findings of the monitoring visit to Demo Borough children’s services on
12 and 13 March 2026. This was the third monitoring visit since the local authority was judged
inadequate in July 2025. His Majesty’s Inspectors Alpha Example and Beta Example carried out this visit.
Areas covered by this visit
Inspectors reviewed the progress made in the following areas of concern identified at the last inspection:
◼ The response to contacts and referrals at the front door, including the application
of thresholds.
◼ The quality and timeliness of assessments.
◼ Management oversight and supervision.
This visit was carried out in line with the inspection of local authority children’s services (ILACS) framework.
Findings and evaluation of progress
Synthetic finding text: the front door is more consistent.`;

describe('reading a visit letter', () => {
  it('reads the visit number, dates, inspectors and areas, joining wrapped lines', () => {
    const letter = readVisitLetter(MONITORING);
    assert.deepEqual(
      {
        type: letter.type,
        n: letter.visitNumber,
        start: letter.startDate,
        end: letter.endDate,
        inspectors: letter.inspectors,
      },
      {
        type: 'monitoring_visit',
        n: 3,
        start: '2026-03-12',
        end: '2026-03-13',
        inspectors: ['Alpha Example', 'Beta Example'],
      },
    );
    assert.deepEqual(letter.areas, [
      'The response to contacts and referrals at the front door, including the application of thresholds.',
      'The quality and timeliness of assessments.',
      'Management oversight and supervision.',
    ]);
    assert.match(letter.findings ?? '', /front door is more consistent/);
    assert.deepEqual(letter.warnings, []);
  });

  it('reads numbered visits, dates across months and a single inspector', () => {
    const letter = readVisitLetter(
      'This letter summarises the findings of the 11th monitoring visit to Demo Borough children’s services on 28 February and 1 March 2026. Her Majesty’s Inspector Gamma Example carried out this visit.',
    );
    assert.deepEqual(
      [letter.visitNumber, letter.startDate, letter.endDate, letter.inspectors],
      [11, '2026-02-28', '2026-03-01', ['Gamma Example']],
    );
    assert.ok(letter.warnings.some((w) => /No list of areas/.test(w)));
  });

  it('says what it could not read', () => {
    const letter = readVisitLetter('Minutes of a synthetic meeting.');
    assert.equal(letter.type, null);
    assert.equal(letter.startDate, null);
    assert.equal(letter.warnings.length, 4);
  });

  it('matches each area to the recommendation it repeats, and not to unrelated ones', () => {
    const recs = [
      {
        id: 'r1',
        text: 'The response to contacts and referrals at the front door, so that thresholds are applied consistently.',
      },
      { id: 'r2', text: 'The timeliness and quality of assessments, including the use of chronologies.' },
      { id: 'r3', text: 'The quality and timeliness of management oversight and supervision.' },
      { id: 'r4', text: 'Placement sufficiency for children in care.' },
    ];
    const matches = matchAreasToRecommendations(readVisitLetter(MONITORING).areas, recs);
    assert.deepEqual(
      matches.map((m) => m.recommendationIds),
      [['r1'], ['r2'], ['r3']],
    );
    assert.deepEqual(
      matchAreasToRecommendations(['Care leavers’ health passports'], recs)[0]!.recommendationIds,
      [],
    );
  });
});
