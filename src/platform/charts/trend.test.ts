import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contrastRatio } from './palette.js';
import { clearChartCache, CollectingLogger, compileSpec } from './render.js';
import {
  accessibleName,
  elements,
  entitiesAreWellFormed,
  markGroups,
  marks,
  subpaths,
  translation,
} from './svg-inspect.js';
import { buildTrendSpec, renderTrendChart, trendChartSummary } from './trend.js';
import type { TrendChartInput, TrendSeries } from './trend.js';

/** Period ends for `count` months from January of `year`. */
function monthEnds(year: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    new Date(Date.UTC(year, i + 1, 0)).toISOString().slice(0, 10),
  );
}

const MONTHS = monthEnds(2024, 24); // Jan 2024 to Dec 2025
const COUNCIL_VALUES = MONTHS.map((_, i) => (i === 23 ? 21.3 : 18 + ((i * 7) % 10) / 2));

function council(values: (number | null)[] = COUNCIL_VALUES, periods = MONTHS): TrendSeries {
  return {
    label: 'Demo Borough',
    kind: 'council',
    points: periods.map((period, i) => ({ period, value: values[i]! })),
  };
}

const TARGET: TrendSeries = {
  label: 'Target',
  kind: 'target',
  points: [{ period: '2025-12-31', value: 18 }],
};
const BASELINE: TrendSeries = {
  label: 'Baseline',
  kind: 'baseline',
  points: [{ period: '2023-03-31', value: 24 }],
};
const ENGLAND: TrendSeries = {
  label: 'England',
  kind: 'england',
  points: [
    { period: '2024-03-31', value: 22.4 },
    { period: '2025-03-31', value: 22.6 },
  ],
};

function chart(series: TrendSeries[], title = 'Re-referrals within 12 months'): TrendChartInput {
  return { title, unit: 'percent', series };
}

/** The council's plotted markers, as [x, y] in drawing order. */
function councilMarkers(svg: string): [number, number][] {
  return marks(svg, 'council_points_marks', 'path').map(translation);
}

/** Maps values to the chart's y pixels, fitted from two plotted markers (the y scale is linear). */
function yScale(points: [number, number][], values: number[]): (v: number) => number {
  const [i, j] = [values.indexOf(Math.min(...values)), values.indexOf(Math.max(...values))];
  const slope = (points[j]![1] - points[i]![1]) / (values[j]! - values[i]!);
  return (v) => points[i]![1] + (v - values[i]!) * slope;
}

describe('renderTrendChart', () => {
  it('plots one marker per recorded period, in time order, at positions true to the dates and values', async () => {
    const svg = await renderTrendChart(chart([council(), TARGET]));
    const points = councilMarkers(svg);
    assert.equal(points.length, 24);
    const xs = points.map(([x]) => x);
    assert.deepEqual(
      xs,
      [...xs].sort((a, b) => a - b),
      'markers go left to right',
    );
    // x is proportional to time: Feb 2024 (29 days) is a shorter step than Mar 2024 (31 days).
    const days = MONTHS.map((p) => Date.parse(p) / 86_400_000);
    const pxPerDay = (xs[23]! - xs[0]!) / (days[23]! - days[0]!);
    for (let i = 1; i < 24; i++) {
      assert.ok(Math.abs(xs[i]! - xs[0]! - (days[i]! - days[0]!) * pxPerDay) < 0.01, `x of point ${i}`);
    }
    // y is a linear function of the value, higher values drawn higher up.
    const y = yScale(points, COUNCIL_VALUES);
    points.forEach(([, py], i) => assert.ok(Math.abs(py - y(COUNCIL_VALUES[i]!)) < 0.01, `y of point ${i}`));
    assert.ok(y(25) < y(20));
  });

  it('draws the council line through the same points', async () => {
    const svg = await renderTrendChart(chart([council()]));
    const [line] = marks(svg, 'council_marks', 'path');
    const parts = subpaths(line!.attributes.d!);
    assert.equal(parts.length, 1);
    assert.equal(parts[0]!.length, 24);
    const markers = councilMarkers(svg);
    parts[0]!.forEach(([x, y], i) => {
      assert.ok(Math.abs(x - markers[i]![0]) < 0.01 && Math.abs(y - markers[i]![1]) < 0.01, `vertex ${i}`);
    });
    assert.equal(line!.attributes.stroke, '#1d70b8');
    assert.equal(line!.attributes['stroke-width'], '3');
  });

  it('leaves a gap for a null rather than plotting a zero', async () => {
    const values = COUNCIL_VALUES.map((v, i) => (i === 5 ? null : v));
    const svg = await renderTrendChart(chart([council(values)]));
    const [line] = marks(svg, 'council_marks', 'path');
    const parts = subpaths(line!.attributes.d!);
    assert.deepEqual(
      parts.map((p) => p.length),
      [5, 18],
      'the line breaks at June 2024',
    );
    const points = councilMarkers(svg);
    assert.equal(points.length, 23);
    const known = COUNCIL_VALUES.filter((_, i) => i !== 5);
    const y = yScale(points, known);
    // Nothing was drawn at the zero line.
    assert.ok(points.every(([, py]) => Math.abs(py - y(0)) > 1));
  });

  it('keeps a lone value between two gaps visible as a marker', async () => {
    const values = COUNCIL_VALUES.map((v, i) => (i === 4 || i === 6 ? null : v));
    const svg = await renderTrendChart(chart([council(values)]));
    assert.equal(councilMarkers(svg).length, 22);
    const [line] = marks(svg, 'council_marks', 'path');
    assert.deepEqual(
      subpaths(line!.attributes.d!).map((p) => p.length),
      [4, 1, 17],
    );
  });

  it('draws the baseline as a dotted horizontal rule across the chart at its value', async () => {
    const svg = await renderTrendChart(chart([council(), BASELINE]));
    const rules = marks(svg, 'levels_marks', 'line');
    assert.equal(rules.length, 1);
    const rule = rules[0]!;
    const y = yScale(councilMarkers(svg), COUNCIL_VALUES);
    assert.ok(Math.abs(translation(rule)[1] - y(24)) < 0.01, 'at 24%');
    const xs = councilMarkers(svg).map(([x]) => x);
    const ends = [translation(rule)[0], translation(rule)[0] + Number(rule.attributes.x2)].sort(
      (a, b) => a - b,
    );
    assert.ok(ends[0]! <= 0 && ends[1]! >= xs.at(-1)!, `spans the plot: ${ends.join(' to ')}`);
    assert.equal(rule.attributes['stroke-dasharray'], '2,4');
  });

  it('draws a single target as a dashed level and a changing target as a step line to the last period', async () => {
    const single = await renderTrendChart(chart([council(), TARGET]));
    const [level] = marks(single, 'levels_marks', 'line');
    const y = yScale(councilMarkers(single), COUNCIL_VALUES);
    assert.ok(Math.abs(translation(level!)[1] - y(18)) < 0.01);
    assert.equal(level!.attributes['stroke-dasharray'], '10,5');

    const trajectory: TrendSeries = {
      label: 'Target',
      kind: 'target',
      points: [
        { period: '2024-03-31', value: 22 },
        { period: '2025-03-31', value: 19 },
      ],
    };
    const svg = await renderTrendChart(chart([council(), trajectory]));
    const [step] = marks(svg, 'targets_marks', 'path');
    assert.equal(step!.attributes['stroke-dasharray'], '10,5');
    const vertices = subpaths(step!.attributes.d!)[0]!;
    const markers = councilMarkers(svg);
    const ys = yScale(markers, COUNCIL_VALUES);
    assert.ok(Math.abs(vertices[0]![0] - markers[2]![0]) < 0.01, 'starts at Mar 2024');
    assert.ok(Math.abs(vertices.at(-1)![0] - markers[23]![0]) < 0.01, 'carried on to Dec 2025');
    assert.ok(Math.abs(vertices.at(-1)![1] - ys(19)) < 0.01, 'at the latest target');
    // Step-after: every segment is horizontal or vertical.
    for (let i = 1; i < vertices.length; i++) {
      const [a, b] = [vertices[i - 1]!, vertices[i]!];
      assert.ok(Math.abs(a[0] - b[0]) < 0.01 || Math.abs(a[1] - b[1]) < 0.01, `segment ${i} is a step`);
    }
  });

  it('draws comparators as thinner lines and names every series in the legend, in order', async () => {
    const region: TrendSeries = { ...ENGLAND, label: 'North West', kind: 'region' };
    const neighbours: TrendSeries = { ...ENGLAND, label: 'Statistical neighbours', kind: 'neighbours' };
    const svg = await renderTrendChart(chart([council(), TARGET, BASELINE, ENGLAND, region, neighbours]));
    const labels = marks(svg, 'role-legend-label', 'text').map((t) => t.text);
    assert.deepEqual(labels, [
      'Demo Borough',
      'Target',
      'Baseline',
      'England',
      'North West',
      'Statistical neighbours',
    ]);
    const comparators = marks(svg, 'comparators_marks', 'path');
    assert.equal(comparators.length, 3);
    for (const line of comparators) {
      assert.equal(line.attributes['stroke-width'], '1.5');
      assert.equal(subpaths(line.attributes.d!)[0]!.length, 2);
    }
  });

  it('tells series apart by dash pattern as well as colour, in colours with at least 3:1 contrast', async () => {
    const series: TrendSeries[] = [
      council(),
      TARGET,
      BASELINE,
      ENGLAND,
      { ...ENGLAND, label: 'North West', kind: 'region' },
      { ...ENGLAND, label: 'Statistical neighbours', kind: 'neighbours' },
      { ...ENGLAND, label: 'Second neighbour group', kind: 'neighbours' },
    ];
    const svg = await renderTrendChart(chart(series));
    const symbols = marks(svg, 'role-legend-symbol', 'path');
    assert.equal(symbols.length, series.length);
    const dashes = symbols.map((s) => s.attributes['stroke-dasharray']);
    const colours = symbols.map((s) => s.attributes.stroke!);
    assert.equal(new Set(dashes).size, series.length, `dash patterns ${dashes.join(' / ')}`);
    assert.equal(new Set(colours).size, series.length);
    for (const colour of colours) assert.ok(contrastRatio(colour, '#ffffff') >= 3, `${colour} on white`);
  });

  it('formats the axes: percentages on y, Mon YYYY dates on x ending at the latest period', async () => {
    const svg = await renderTrendChart(chart([council(), TARGET]));
    const [xLabels, yLabels] = markGroupsTexts(svg, 'role-axis-label');
    assert.ok(
      xLabels!.every((l) => /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$/.test(l)),
      xLabels!.join(),
    );
    assert.equal(xLabels!.at(-1), 'Dec 2025');
    assert.ok(xLabels!.length >= 4);
    assert.ok(
      yLabels!.every((l) => /^\d+(\.\d)?%$/.test(l)),
      yLabels!.join(),
    );
    assert.equal(yLabels![0], '0%', 'the y axis starts at zero');
    const titles = marks(svg, 'role-axis-title', 'text').map((t) => t.text);
    assert.deepEqual(titles, ['Period end', 'Percentage (%)']);

    const counts = await renderTrendChart({ ...chart([council()]), unit: 'count' });
    assert.ok(!markGroupsTexts(counts, 'role-axis-label')[1]!.some((l) => l.includes('%')));
    assert.ok(marks(counts, 'role-axis-title', 'text').some((t) => t.text === 'Number'));
  });

  it('is a named image whose accessible name is the one-sentence summary', async () => {
    const input = chart([council(), TARGET]);
    const svg = await renderTrendChart(input);
    const sentence = 'Re-referrals within 12 months, Jan 2024 to Dec 2025: latest 21.3%, target 18%';
    assert.equal(trendChartSummary(input), sentence);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* role="img"/);
    assert.equal(accessibleName(svg), sentence);
    assert.equal(elements(svg, 'title')[0]!.text, sentence);
    assert.ok(svg.endsWith('</svg>'));
  });

  it('summarises baselines, comparators and a latest value that is not at the end', () => {
    const values = COUNCIL_VALUES.map((v, i) => (i === 23 ? null : v));
    const summary = trendChartSummary(chart([council(values), TARGET, BASELINE, ENGLAND]));
    assert.equal(
      summary,
      'Re-referrals within 12 months, Jan 2024 to Dec 2025: latest 20% (Nov 2025), target 18%, ' +
        'baseline 24% (Mar 2023), England 22.6% (Mar 2025)',
    );
    const trajectory: TrendSeries = {
      label: 'Target',
      kind: 'target',
      points: [
        { period: '2024-03-31', value: 22 },
        { period: '2025-03-31', value: 19 },
        { period: '2026-03-31', value: 17 },
      ],
    };
    assert.match(
      trendChartSummary(chart([council(), trajectory])),
      /Jan 2024 to Mar 2026: latest 21.3% \(Dec 2025\), target 19%$/,
    );
    assert.equal(
      trendChartSummary({ title: 'Caseload', unit: 'count', series: [council([1204.4], ['2025-03-31'])] }),
      'Caseload, Mar 2025: latest 1,204.4',
    );
  });

  it('gives byte-identical SVG for the same input, however renders interleave', async () => {
    const a = chart([council(), TARGET, BASELINE, ENGLAND]);
    const b = chart([council(COUNCIL_VALUES.map((v) => v + 1)), ENGLAND], 'Another indicator');
    clearChartCache();
    const first = await renderTrendChart(a);
    clearChartCache();
    const [again, other] = await Promise.all([renderTrendChart(a), renderTrendChart(b)]);
    assert.equal(again, first);
    assert.notEqual(other, first);
    clearChartCache();
    assert.equal(await renderTrendChart(b), other);
    // Nothing page-unique that could clash when two charts are inlined: no ids at all.
    assert.doesNotMatch(first, /\sid="/);
  });

  it("does not depend on the server's time zone", async () => {
    // Periods on the 1st: read as local time west of Greenwich, they would fall in the month before.
    const firsts = MONTHS.map((p) => `${p.slice(0, 8)}01`);
    const input = chart([council(COUNCIL_VALUES, firsts), TARGET, ENGLAND]);
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      clearChartCache();
      const utc = await renderTrendChart(input);
      for (const zone of ['America/Los_Angeles', 'Pacific/Kiritimati', 'Europe/London']) {
        process.env.TZ = zone;
        clearChartCache();
        assert.equal(await renderTrendChart(input), utc, zone);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
      clearChartCache();
    }
  });

  it('keeps a usable plot under a long title and legend in a small chart', async () => {
    const title = 'Children subject to a child protection plan for a second or subsequent time, by month';
    const svg = await renderTrendChart({
      ...chart(
        [council(), TARGET, ENGLAND, { ...ENGLAND, label: 'Statistical neighbours', kind: 'neighbours' }],
        title,
      ),
      width: 320,
      height: 240,
    });
    const y = yScale(councilMarkers(svg), COUNCIL_VALUES);
    assert.ok(y(0) - y(25) >= 110, `the plot is ${(y(0) - y(25)).toFixed(0)}px high for 0 to 25%`);
    const titleLines = marks(svg, 'role-title-text', 'tspan').map((t) => t.text);
    assert.ok(titleLines.length >= 3, 'the title wraps instead of being cut');
    assert.equal(titleLines.join(' '), title);
  });

  it('gives series that share a label their own legend entry and look', async () => {
    const svg = await renderTrendChart(chart([council(), { ...council(COUNCIL_VALUES.map((v) => v - 3)) }]));
    assert.deepEqual(
      marks(svg, 'role-legend-label', 'text').map((t) => t.text),
      ['Demo Borough', 'Demo Borough (2)'],
    );
    const dashes = marks(svg, 'role-legend-symbol', 'path').map((p) => p.attributes['stroke-dasharray']);
    assert.notEqual(dashes[0], dashes[1]);
  });

  it('escapes text so the SVG is safe to inline in HTML', async () => {
    const title = 'Re-referrals <script>alert("x")</script> & "friends"';
    const series = [{ ...council(), label: 'Demo <b>Borough</b> & Co' }, TARGET];
    const svg = await renderTrendChart(chart(series, title));
    assert.doesNotMatch(svg, /<script|<b>/i);
    assert.ok(entitiesAreWellFormed(svg));
    assert.ok(accessibleName(svg).startsWith(title));
    assert.ok(
      marks(svg, 'role-title-text', 'text').some((t) => t.text.includes('<script>alert("x")</script> &')),
    );
    assert.ok(marks(svg, 'role-legend-label', 'text').some((t) => t.text === 'Demo <b>Borough</b> & Co'));
  });

  it('uses the system font and refers to nothing outside itself', async () => {
    const svg = await renderTrendChart(chart([council(), TARGET, ENGLAND]));
    const families = new Set(elements(svg, 'text').map((t) => t.attributes['font-family']));
    assert.deepEqual([...families], ['Arial, Helvetica, sans-serif']);
    assert.doesNotMatch(svg.replace('xmlns="http://www.w3.org/2000/svg"', ''), /https?:|url\(|href|@import/);
    assert.doesNotMatch(svg, / role="graphics|aria-roledescription/);
  });

  it('says "No data yet" instead of throwing when there is nothing to plot', async () => {
    for (const series of [[], [council(MONTHS.map(() => null))], [{ ...TARGET, points: [] }]]) {
      const svg = await renderTrendChart(chart(series, 'Re-referrals'));
      assert.match(svg, /role="img"/);
      assert.equal(accessibleName(svg), 'Re-referrals: no data yet');
      assert.ok(elements(svg, 'text').some((t) => t.text === 'No data yet'));
    }
  });

  it('treats non-finite values as gaps and drops series with nothing to show from the legend', async () => {
    const values = COUNCIL_VALUES.map((v, i) => (i === 10 ? Number.NaN : v));
    const svg = await renderTrendChart(
      chart([council(values), { ...ENGLAND, points: [{ period: '2025-03-31', value: null }] }]),
    );
    assert.equal(councilMarkers(svg).length, 23);
    assert.deepEqual(
      marks(svg, 'role-legend-label', 'text').map((t) => t.text),
      ['Demo Borough'],
    );
  });

  it('rejects a period that is not a real YYYY-MM-DD date', async () => {
    await assert.rejects(renderTrendChart(chart([council([1], ['2025-02-30'])])), RangeError);
    assert.throws(() => trendChartSummary(chart([council([1], ['March 2025'])])), RangeError);
  });

  it('builds specs that Vega-Lite compiles without a warning', () => {
    const region: TrendSeries = { ...ENGLAND, label: 'North West', kind: 'region' };
    const logger = new CollectingLogger();
    compileSpec(buildTrendSpec(chart([council(), TARGET, BASELINE, ENGLAND, region]))!, logger);
    compileSpec(
      buildTrendSpec({ ...chart([council()]), unit: 'rate_per_10000', width: 300, height: 200 })!,
      logger,
    );
    assert.deepEqual(logger.messages, []);
    assert.equal(buildTrendSpec(chart([])), null);
  });
});

/** Texts of each mark group with `className`, group by group (e.g. x then y axis labels). */
function markGroupsTexts(svg: string, className: string): string[][] {
  return markGroups(svg, className).map((group) => elements(group, 'text').map((t) => t.text));
}
