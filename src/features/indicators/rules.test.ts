import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  directionOfTravel,
  formatMissing,
  formatValue,
  periodLabel,
  ragAgainstTarget,
  syntheticSeries,
  type TargetInput,
} from './rules.js';

const rag = (input: TargetInput) => ragAgainstTarget(input);

describe('ragAgainstTarget', () => {
  describe('higher is better (target 80.0%, tolerance 5 points)', () => {
    const at = (value: number) =>
      rag({ value, target: 80, tolerance: 5, polarity: 'higher_is_better', unit: 'percent' });

    it('is green on target and better than it', () => {
      assert.deepEqual(at(80), { rag: 'green', gap: 0, text: 'On target (80.0%)' });
      assert.deepEqual(at(83.4), {
        rag: 'green',
        gap: 3.4,
        text: '3.4 points better than target (target 80.0%)',
      });
    });

    it('is amber when worse by up to the tolerance, the boundary included', () => {
      assert.deepEqual(at(76.2), {
        rag: 'amber',
        gap: -3.8,
        text: '3.8 points worse than target (target 80.0%)',
      });
      assert.deepEqual(at(75), {
        rag: 'amber',
        gap: -5,
        text: '5.0 points worse than target (target 80.0%)',
      });
    });

    it('is red beyond the tolerance', () => {
      assert.deepEqual(at(74.9), {
        rag: 'red',
        gap: -5.1,
        text: '5.1 points worse than target (target 80.0%)',
      });
    });
  });

  describe('lower is better (target 20.0%, tolerance 2 points)', () => {
    const at = (value: number) =>
      rag({ value, target: 20, tolerance: 2, polarity: 'lower_is_better', unit: 'percent' });

    it('is green on target and better than it', () => {
      assert.deepEqual(at(20), { rag: 'green', gap: 0, text: 'On target (20.0%)' });
      assert.deepEqual(at(19.4), {
        rag: 'green',
        gap: 0.6,
        text: '0.6 points better than target (target 20.0%)',
      });
    });

    it('is amber when worse by up to the tolerance, the boundary included', () => {
      assert.deepEqual(at(21.5), {
        rag: 'amber',
        gap: -1.5,
        text: '1.5 points worse than target (target 20.0%)',
      });
      assert.deepEqual(at(22), {
        rag: 'amber',
        gap: -2,
        text: '2.0 points worse than target (target 20.0%)',
      });
    });

    it('is red beyond the tolerance', () => {
      assert.deepEqual(at(22.1), {
        rag: 'red',
        gap: -2.1,
        text: '2.1 points worse than target (target 20.0%)',
      });
    });
  });

  describe('rounding: compared as shown, to one decimal place', () => {
    it('treats 20.04 against 20.0 as on target, either polarity', () => {
      for (const polarity of ['higher_is_better', 'lower_is_better'] as const)
        assert.deepEqual(rag({ value: 20.04, target: 20, tolerance: 0, polarity, unit: 'percent' }), {
          rag: 'green',
          gap: 0,
          text: 'On target (20.0%)',
        });
    });

    it('treats 20.05 as 20.1, so 0.1 worse with no tolerance is red', () => {
      const result = rag({
        value: 20.05,
        target: 20,
        tolerance: 0,
        polarity: 'lower_is_better',
        unit: 'percent',
      });
      assert.deepEqual(result, {
        rag: 'red',
        gap: -0.1,
        text: '0.1 points worse than target (target 20.0%)',
      });
    });

    it('keeps the exact boundary amber where floating point would push it over (0.4 - 0.1 = 0.30000000000000004)', () => {
      assert.equal(0.4 - 0.1 > 0.3, true, 'the premise: raw subtraction overshoots');
      assert.deepEqual(
        rag({ value: 0.4, target: 0.1, tolerance: 0.3, polarity: 'lower_is_better', unit: 'percent' }),
        {
          rag: 'amber',
          gap: -0.3,
          text: '0.3 points worse than target (target 0.1%)',
        },
      );
      assert.equal(
        rag({ value: 0.1, target: 0.4, tolerance: 0.3, polarity: 'higher_is_better', unit: 'percent' }).rag,
        'amber',
      );
    });

    it('rounds the tolerance too: 1.96 is 2.0, so 2.0 worse is amber', () => {
      assert.equal(
        rag({ value: 22, target: 20, tolerance: 1.96, polarity: 'lower_is_better', unit: 'percent' }).rag,
        'amber',
      );
    });

    it('rounds counts to whole numbers: 150.4 against 150 is on target', () => {
      assert.deepEqual(
        rag({ value: 150.4, target: 150, tolerance: 0, polarity: 'lower_is_better', unit: 'count' }),
        {
          rag: 'green',
          gap: 0,
          text: 'On target (150)',
        },
      );
    });
  });

  describe('neutral polarity', () => {
    it('gives no RAG and sets the value beside the target; gap is the signed difference', () => {
      assert.deepEqual(rag({ value: 14.2, target: 15, tolerance: 1, polarity: 'neutral', unit: 'percent' }), {
        rag: null,
        gap: -0.8,
        text: 'No target direction: 14.2% against 15.0%',
      });
      assert.deepEqual(rag({ value: 1234, target: 1200, tolerance: 0, polarity: 'neutral', unit: 'count' }), {
        rag: null,
        gap: 34,
        text: 'No target direction: 1,234 against 1,200',
      });
    });
  });

  describe('wording for each unit', () => {
    it('counts say above or below, and whether that is worse or better', () => {
      const lower = (value: number) =>
        rag({ value, target: 150, tolerance: 10, polarity: 'lower_is_better', unit: 'count' });
      assert.deepEqual(lower(162), {
        rag: 'red',
        gap: -12,
        text: '12 above target, which is worse (target 150)',
      });
      assert.deepEqual(lower(160), {
        rag: 'amber',
        gap: -10,
        text: '10 above target, which is worse (target 150)',
      });
      assert.deepEqual(lower(141), {
        rag: 'green',
        gap: 9,
        text: '9 below target, which is better (target 150)',
      });
      assert.deepEqual(
        rag({ value: 138, target: 150, tolerance: 20, polarity: 'higher_is_better', unit: 'count' }),
        {
          rag: 'amber',
          gap: -12,
          text: '12 below target, which is worse (target 150)',
        },
      );
      assert.equal(
        rag({ value: 16234, target: 15000, tolerance: 0, polarity: 'lower_is_better', unit: 'count' }).text,
        '1,234 above target, which is worse (target 15,000)',
      );
    });

    it('rates per 10,000', () => {
      assert.deepEqual(
        rag({ value: 64.2, target: 60, tolerance: 5, polarity: 'lower_is_better', unit: 'rate_per_10000' }),
        { rag: 'amber', gap: -4.2, text: '4.2 per 10,000 worse than target (target 60.0 per 10,000)' },
      );
    });

    it('days, with "day" for one', () => {
      const days = (value: number) =>
        rag({ value, target: 20, tolerance: 2, polarity: 'lower_is_better', unit: 'days' });
      assert.deepEqual(days(23), { rag: 'red', gap: -3, text: '3 days worse than target (target 20 days)' });
      assert.deepEqual(days(19), { rag: 'green', gap: 1, text: '1 day better than target (target 20 days)' });
      assert.deepEqual(days(20.5), {
        rag: 'amber',
        gap: -0.5,
        text: '0.5 days worse than target (target 20 days)',
      });
    });

    it('ratios (e.g. caseload)', () => {
      assert.deepEqual(
        rag({ value: 17.3, target: 16, tolerance: 1, polarity: 'lower_is_better', unit: 'ratio' }),
        {
          rag: 'red',
          gap: -1.3,
          text: '1.3 worse than target (target 16.0)',
        },
      );
    });

    it('FTE', () => {
      assert.deepEqual(
        rag({ value: 37.5, target: 40, tolerance: 5, polarity: 'higher_is_better', unit: 'fte' }),
        {
          rag: 'amber',
          gap: -2.5,
          text: '2.5 FTE worse than target (target 40.0 FTE)',
        },
      );
    });
  });

  it('refuses a negative tolerance and non-numbers rather than guess', () => {
    const base: TargetInput = {
      value: 1,
      target: 1,
      tolerance: 1,
      polarity: 'lower_is_better',
      unit: 'percent',
    };
    assert.throws(() => rag({ ...base, tolerance: -1 }), RangeError);
    assert.throws(() => rag({ ...base, value: Number.NaN }), RangeError);
    assert.throws(() => rag({ ...base, target: Number.POSITIVE_INFINITY }), RangeError);
  });
});

describe('directionOfTravel', () => {
  it('up is better when higher is better, worse when lower is better', () => {
    assert.deepEqual(directionOfTravel(21.2, 20, 'higher_is_better', 'percent'), {
      direction: 'up',
      better: true,
      text: 'Up 1.2 points since the previous period: better',
    });
    assert.deepEqual(directionOfTravel(21.2, 20, 'lower_is_better', 'percent'), {
      direction: 'up',
      better: false,
      text: 'Up 1.2 points since the previous period: worse',
    });
  });

  it('down is better when lower is better, worse when higher is better', () => {
    assert.deepEqual(directionOfTravel(18.5, 20, 'lower_is_better', 'percent'), {
      direction: 'down',
      better: true,
      text: 'Down 1.5 points since the previous period: better',
    });
    assert.deepEqual(directionOfTravel(18.5, 20, 'higher_is_better', 'percent'), {
      direction: 'down',
      better: false,
      text: 'Down 1.5 points since the previous period: worse',
    });
  });

  it('is the same when the shown values are equal (within 0.05), and neither better nor worse', () => {
    const same = { direction: 'same', better: null, text: 'No change since the previous period' };
    assert.deepEqual(directionOfTravel(20.04, 20, 'higher_is_better', 'percent'), same);
    assert.deepEqual(directionOfTravel(20, 20.04, 'lower_is_better', 'percent'), same);
    assert.deepEqual(directionOfTravel(150, 150, 'lower_is_better', 'count'), same);
    // 20.06 shows as 20.1, so a reader sees it move.
    assert.equal(
      directionOfTravel(20.06, 20, 'higher_is_better', 'percent').text,
      'Up 0.1 points since the previous period: better',
    );
  });

  it('says nothing about better for a neutral indicator', () => {
    assert.deepEqual(directionOfTravel(350, 340, 'neutral', 'rate_per_10000'), {
      direction: 'up',
      better: null,
      text: 'Up 10.0 per 10,000 since the previous period',
    });
  });

  it('uses each unit’s words', () => {
    assert.equal(
      directionOfTravel(1500, 1234, 'lower_is_better', 'count').text,
      'Up 266 since the previous period: worse',
    );
    assert.equal(
      directionOfTravel(12, 15, 'lower_is_better', 'days').text,
      'Down 3 days since the previous period: better',
    );
    assert.equal(
      directionOfTravel(16.1, 17.4, 'lower_is_better', 'ratio').text,
      'Down 1.3 since the previous period: better',
    );
    assert.equal(
      directionOfTravel(41, 38.5, 'higher_is_better', 'fte').text,
      'Up 2.5 FTE since the previous period: better',
    );
  });

  it('is unknown when either value is missing', () => {
    assert.deepEqual(directionOfTravel(null, 20, 'higher_is_better', 'percent'), {
      direction: 'unknown',
      better: null,
      text: 'No data for this period',
    });
    assert.deepEqual(directionOfTravel(20, null, 'higher_is_better', 'percent'), {
      direction: 'unknown',
      better: null,
      text: 'No data for the previous period to compare with',
    });
  });
});

describe('formatValue', () => {
  it('formats each unit, with thousands separators', () => {
    assert.equal(formatValue(22.4, 'percent'), '22.4%');
    assert.equal(formatValue(22, 'percent'), '22.0%');
    assert.equal(formatValue(1234, 'count'), '1,234');
    assert.equal(formatValue(1234567, 'count'), '1,234,567');
    assert.equal(formatValue(1234.6, 'count'), '1,235');
    assert.equal(formatValue(512.34, 'rate_per_10000'), '512.3 per 10,000');
    assert.equal(formatValue(10512.3, 'rate_per_10000'), '10,512.3 per 10,000');
    assert.equal(formatValue(12, 'days'), '12 days');
    assert.equal(formatValue(1, 'days'), '1 day');
    assert.equal(formatValue(12.5, 'days'), '12.5 days');
    assert.equal(formatValue(36.5, 'fte'), '36.5 FTE');
    assert.equal(formatValue(36186.3, 'fte'), '36,186.3 FTE');
    assert.equal(formatValue(15.24, 'ratio'), '15.2');
  });

  it('rounds halves away from zero and never shows -0.0', () => {
    assert.equal(formatValue(1.15, 'percent'), '1.2%');
    assert.equal(formatValue(0.06 - 0.01, 'percent'), '0.1%'); // 0.049999999999999996 in floating point
    assert.equal(formatValue(0.05, 'percent'), '0.1%');
    assert.equal(formatValue(-0.04, 'percent'), '0.0%');
    assert.equal(formatValue(0, 'count'), '0');
  });

  it('shows "No data" for null and for NaN or infinity', () => {
    assert.equal(formatValue(null, 'percent'), 'No data');
    assert.equal(formatValue(Number.NaN, 'count'), 'No data');
    assert.equal(formatValue(Number.POSITIVE_INFINITY, 'ratio'), 'No data');
  });
});

describe('formatMissing', () => {
  it('puts every DfE code into plain English', () => {
    assert.equal(formatMissing('c'), 'Suppressed (c)');
    assert.equal(formatMissing('x'), 'Not available (x)');
    assert.equal(formatMissing('z'), 'Not applicable (z)');
    assert.equal(formatMissing('low'), 'Fewer than 0.5 (low)');
    assert.equal(formatMissing('u'), 'Low reliability (u)');
    assert.equal(formatMissing('k'), 'Fewer than 3 (k)');
    assert.equal(formatMissing(':'), 'Not available');
    assert.equal(formatMissing('~'), 'Rounds to zero (~)');
    assert.equal(formatMissing(''), 'No data');
  });

  it('ignores case and spaces, and shows an unknown code as it is', () => {
    assert.equal(formatMissing('C'), 'Suppressed (c)');
    assert.equal(formatMissing(' low '), 'Fewer than 0.5 (low)');
    assert.equal(formatMissing('   '), 'No data');
    assert.equal(formatMissing('w'), 'Not available (w)');
    assert.equal(formatMissing('toString'), 'Not available (toString)');
  });
});

describe('periodLabel', () => {
  it('names months', () => {
    assert.equal(periodLabel('2026-03'), 'March 2026');
    assert.equal(periodLabel('2026-01'), 'January 2026');
    assert.equal(periodLabel('2025-12'), 'December 2025');
  });

  it('names calendar quarters', () => {
    assert.equal(periodLabel('2025-Q1'), 'Jan to Mar 2025');
    assert.equal(periodLabel('2025-Q2'), 'Apr to Jun 2025');
    assert.equal(periodLabel('2025-Q3'), 'Jul to Sep 2025');
    assert.equal(periodLabel('2025-Q4'), 'Oct to Dec 2025');
  });

  it('names years that run into the next', () => {
    assert.equal(periodLabel('2024/25'), '2024 to 2025');
    assert.equal(periodLabel('1999/00'), '1999 to 2000');
  });

  it('returns anything else as stored', () => {
    for (const period of ['2025', '2026-13', '2026-00', '2025-Q5', '2024/26', 'March'])
      assert.equal(periodLabel(period), period);
  });
});

describe('syntheticSeries', () => {
  const base = {
    seed: 42,
    months: 24,
    endMonth: '2026-03',
    start: 30,
    end: 20,
    noise: 2,
    unit: 'percent',
  } as const;

  it('is deterministic: the same seed gives the same series, another seed a different one', () => {
    assert.deepEqual(syntheticSeries(base), syntheticSeries({ ...base }));
    const values = (seed: number) => syntheticSeries({ ...base, seed }).map((p) => p.value);
    assert.notDeepEqual(values(42), values(43));
    assert.notDeepEqual(values(1), values(2));
  });

  it('has one point a month, ending at endMonth', () => {
    const series = syntheticSeries(base);
    assert.equal(series.length, 24);
    assert.equal(series[0]!.period, '2024-04');
    assert.equal(series.at(-1)!.period, '2026-03');
    assert.deepEqual(
      syntheticSeries({ ...base, months: 4 }).map((p) => p.period),
      ['2025-12', '2026-01', '2026-02', '2026-03'],
    );
  });

  it('follows a straight line from start to end when there is no noise', () => {
    assert.deepEqual(
      syntheticSeries({ ...base, months: 5, endMonth: '2026-02', start: 10, end: 20, noise: 0 }),
      [
        { period: '2025-10', value: 10 },
        { period: '2025-11', value: 12.5 },
        { period: '2025-12', value: 15 },
        { period: '2026-01', value: 17.5 },
        { period: '2026-02', value: 20 },
      ],
    );
    assert.deepEqual(syntheticSeries({ ...base, months: 1, start: 5, end: 9, noise: 0 }), [
      { period: '2026-03', value: 9 },
    ]);
  });

  it('keeps each point within the noise of the line, rounded to one decimal', () => {
    const series = syntheticSeries(base);
    series.forEach(({ value }, i) => {
      const trend = 30 - (10 * i) / 23;
      assert.ok(Math.abs(value - trend) <= 2.05, `point ${i}: ${value} is too far from ${trend}`);
      assert.equal(Math.round(value * 10) / 10, value);
    });
  });

  it('rounds counts to whole numbers (10.5 → 11)', () => {
    assert.deepEqual(
      syntheticSeries({ ...base, months: 3, start: 10, end: 11, noise: 0, unit: 'count' }).map(
        (p) => p.value,
      ),
      [10, 11, 11],
    );
  });

  it('clamps percentages to 0–100 and everything else at 0', () => {
    const high = syntheticSeries({ ...base, seed: 7, start: 98, end: 99, noise: 5 }).map((p) => p.value);
    assert.ok(high.every((v) => v >= 0 && v <= 100));
    assert.ok(high.includes(100), 'some points should have hit the ceiling');

    const low = syntheticSeries({ ...base, seed: 7, start: 2, end: 1, noise: 5, unit: 'count' }).map(
      (p) => p.value,
    );
    assert.ok(low.every((v) => v >= 0 && Number.isInteger(v)));
    assert.ok(low.includes(0), 'some points should have hit the floor');

    const rate = syntheticSeries({ ...base, start: 0, end: 0, noise: 3, unit: 'rate_per_10000' }).map(
      (p) => p.value,
    );
    assert.ok(rate.every((v) => v >= 0));
    // Above 100 is fine for anything but a percentage.
    assert.ok(
      syntheticSeries({ ...base, start: 500, end: 520, unit: 'rate_per_10000' }).every((p) => p.value > 100),
    );
  });

  it('refuses options it cannot honour', () => {
    assert.throws(() => syntheticSeries({ ...base, months: 0 }), RangeError);
    assert.throws(() => syntheticSeries({ ...base, months: 2.5 }), RangeError);
    assert.throws(() => syntheticSeries({ ...base, endMonth: '2026-3' }), RangeError);
    assert.throws(() => syntheticSeries({ ...base, noise: -1 }), RangeError);
  });
});
