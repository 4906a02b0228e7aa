import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contrastRatio } from './palette.js';
import { clearChartCache, CollectingLogger, compileSpec } from './render.js';
import { accessibleName, elements, entitiesAreWellFormed, marks, translation } from './svg-inspect.js';
import type { Element } from './svg-inspect.js';
import { buildStackedBarSpec, renderStackedBarChart, stackedBarChartSummary } from './stacked-bar.js';
import type { StackedBarChartInput } from './stacked-bar.js';

const CATEGORIES = ['Oct 2025', 'Nov 2025', 'Dec 2025'];
const GRADES: StackedBarChartInput = {
  title: 'Case audit grades by month',
  categories: CATEGORIES,
  stacks: [
    { label: 'Outstanding', values: [2, 0, 3] },
    { label: 'Good', values: [10, 8, 12] },
    { label: 'Requires improvement to be good', values: [6, 9, 4] },
    { label: 'Inadequate', values: [2, 3, 1] },
  ],
};

interface Segment {
  x: number;
  top: number;
  height: number;
  fill: string;
}

/** Vega draws each bar segment as `M{x},{y}h{w}v{h}h-{w}Z`. */
function segments(svg: string): Segment[] {
  return marks(svg, 'segments_marks', 'path').map((p: Element) => {
    const m = /^M([-\d.e]+),([-\d.e]+)h[-\d.e]+v([-\d.e]+)h/.exec(p.attributes.d!);
    assert.ok(m, `a rectangle path: ${p.attributes.d}`);
    return { x: Number(m[1]), top: Number(m[2]), height: Number(m[3]), fill: p.attributes.fill! };
  });
}

/** Segments grouped into bars by x, left to right, each top to bottom. */
function bars(svg: string): Segment[][] {
  const byX = new Map<number, Segment[]>();
  for (const s of segments(svg)) byX.set(s.x, [...(byX.get(s.x) ?? []), s]);
  return [...byX.entries()].sort(([a], [b]) => a - b).map(([, s]) => s.sort((a, b) => a.top - b.top));
}

describe('renderStackedBarChart', () => {
  it('draws one segment per non-zero value, sized in proportion, first stack on top', async () => {
    const svg = await renderStackedBarChart(GRADES);
    const drawn = bars(svg);
    assert.equal(drawn.length, 3);
    assert.deepEqual(
      drawn.map((b) => b.length),
      [4, 3, 4],
      'Nov 2025 has no Outstanding segment',
    );
    const pxPerUnit = drawn[0]![1]!.height / 10;
    const expected = [
      [2, 10, 6, 2],
      [8, 9, 3],
      [3, 12, 4, 1],
    ];
    drawn.forEach((bar, b) => {
      bar.forEach((segment, s) => {
        assert.ok(Math.abs(segment.height - expected[b]![s]! * pxPerUnit) < 0.01, `bar ${b} segment ${s}`);
      });
      // Segments touch: each starts where the one above ends.
      for (let s = 1; s < bar.length; s++)
        assert.ok(Math.abs(bar[s]!.top - (bar[s - 1]!.top + bar[s - 1]!.height)) < 0.01);
    });
    // Grades keep their order and their colours from top to bottom.
    assert.deepEqual(
      drawn[0]!.map((s) => s.fill),
      ['#0f7a52', '#1d70b8', '#b7592a', '#ca3535'],
    );
    assert.deepEqual(
      drawn[1]!.map((s) => s.fill),
      ['#1d70b8', '#b7592a', '#ca3535'],
    );
  });

  it('draws every bar to the same height as shares of 100% when percent is set', async () => {
    const svg = await renderStackedBarChart({ ...GRADES, percent: true });
    const heights = bars(svg).map((bar) => bar.reduce((sum, s) => sum + s.height, 0));
    assert.ok(Math.abs(heights[0]! - heights[1]!) < 0.01 && Math.abs(heights[1]! - heights[2]!) < 0.01);
    const [, yLabels] = marks(svg, 'role-axis-label', 'text').reduce<string[][]>(
      (groups, t) => {
        groups[t.text.endsWith('%') ? 1 : 0]!.push(t.text);
        return groups;
      },
      [[], []],
    );
    assert.equal(yLabels!.at(-1), '100%');
  });

  it('names every stack in the legend in the given order and labels the categories', async () => {
    const svg = await renderStackedBarChart(GRADES);
    assert.deepEqual(
      marks(svg, 'role-legend-label', 'text').map((t) => t.text),
      GRADES.stacks.map((s) => s.label),
    );
    const categoryLabels = marks(svg, 'role-axis-label', 'text')
      .map((t) => t.text)
      .filter((t) => CATEGORIES.includes(t));
    assert.deepEqual(categoryLabels, CATEGORIES);
  });

  it('labels segments that have room with their value, in a colour readable on the fill', async () => {
    const svg = await renderStackedBarChart(GRADES);
    const labels = marks(svg, 'segment_labels_marks', 'text');
    assert.ok(
      labels.some((t) => t.text === '12'),
      labels.map((t) => t.text).join(),
    );
    const drawn = segments(svg);
    for (const label of labels) {
      const [x, y] = translation(label);
      const segment = drawn.find((s) => x > s.x && y > s.top && y < s.top + s.height);
      assert.ok(segment, `label ${label.text} sits inside a segment`);
      assert.ok(
        contrastRatio(label.attributes.fill!, segment.fill) >= 4.5,
        `${label.attributes.fill} on ${segment.fill}`,
      );
    }
  });

  it('summarises the latest category in one sentence, which is the accessible name', async () => {
    const sentence =
      'Case audit grades by month, Oct 2025 to Dec 2025: in Dec 2025, Outstanding 3 (15%), Good 12 (60%), ' +
      'Requires improvement to be good 4 (20%), Inadequate 1 (5%)';
    assert.equal(stackedBarChartSummary(GRADES), sentence);
    const svg = await renderStackedBarChart(GRADES);
    assert.equal(accessibleName(svg), sentence);
    assert.equal(elements(svg, 'title')[0]!.text, sentence);
    assert.match(svg, /^<svg [^>]*role="img"/);
  });

  it('moves the legend under the bars when the chart is narrow', async () => {
    const wide = await renderStackedBarChart(GRADES);
    const narrow = await renderStackedBarChart({ ...GRADES, width: 360 });
    const legendLeft = (svg: string) =>
      Math.min(...marks(svg, 'role-legend-symbol', 'path').map((p) => translation(p)[0]));
    const barsRight = (svg: string) => Math.max(...segments(svg).map((s) => s.x));
    assert.ok(/<g class="mark-group role-legend"><g transform="translate\(([\d.]+),/.test(wide));
    const legendX = (svg: string) =>
      Number(/<g class="mark-group role-legend"><g transform="translate\(([\d.]+),/.exec(svg)![1]);
    assert.ok(legendX(wide) > barsRight(wide), 'beside the bars when there is room');
    assert.ok(legendX(narrow) + legendLeft(narrow) < barsRight(narrow), 'below them when there is not');
  });

  it('uses given colours, and refuses anything but a hex colour', async () => {
    const svg = await renderStackedBarChart({
      title: 'Teams',
      categories: ['A'],
      stacks: [
        { label: 'One', colour: '#4C2C92', values: [3] },
        { label: 'Two', values: [2] },
      ],
    });
    assert.deepEqual(
      segments(svg).map((s) => s.fill),
      ['#4c2c92', '#1d70b8'],
    );
    await assert.rejects(
      renderStackedBarChart({
        title: 'T',
        categories: ['A'],
        stacks: [{ label: 'x', colour: 'url(http://x/)', values: [1] }],
      }),
      RangeError,
    );
  });

  it('rejects values that do not match the categories or are not counts', async () => {
    await assert.rejects(
      renderStackedBarChart({ ...GRADES, stacks: [{ label: 'Good', values: [1, 2] }] }),
      RangeError,
    );
    await assert.rejects(
      renderStackedBarChart({ ...GRADES, stacks: [{ label: 'Good', values: [1, -2, 3] }] }),
      RangeError,
    );
    await assert.rejects(
      renderStackedBarChart({ ...GRADES, stacks: [{ label: 'Good', values: [1, NaN, 3] }] }),
      RangeError,
    );
  });

  it('says "No data yet" when there are no categories, no stacks or only zeros', async () => {
    for (const input of [
      { ...GRADES, categories: [], stacks: [] },
      { ...GRADES, stacks: [] },
      { ...GRADES, stacks: [{ label: 'Good', values: [0, 0, 0] }] },
    ]) {
      const svg = await renderStackedBarChart(input);
      assert.equal(accessibleName(svg), 'Case audit grades by month: no data yet');
      assert.ok(elements(svg, 'text').some((t) => t.text === 'No data yet'));
    }
  });

  it('escapes every piece of text and is deterministic', async () => {
    const input: StackedBarChartInput = {
      title: '<script>alert(1)</script> & grades',
      categories: ['<i>Jan</i> & Feb'],
      stacks: [{ label: 'Good & "great" <b>', values: [4] }],
    };
    clearChartCache();
    const svg = await renderStackedBarChart(input);
    clearChartCache();
    assert.equal(await renderStackedBarChart(input), svg);
    assert.doesNotMatch(svg, /<script|<i>|<b>/);
    assert.ok(entitiesAreWellFormed(svg));
    const texts = elements(svg, 'text').map((t) => t.text);
    assert.ok(texts.includes('<i>Jan</i> & Feb'));
    assert.ok(texts.includes('Good & "great" <b>'));
    assert.ok(accessibleName(svg).startsWith('<script>alert(1)</script> & grades'));
  });

  it('builds specs that Vega-Lite compiles without a warning', () => {
    const logger = new CollectingLogger();
    compileSpec(buildStackedBarSpec(GRADES)!, logger);
    compileSpec(buildStackedBarSpec({ ...GRADES, percent: true, width: 320 })!, logger);
    assert.deepEqual(logger.messages, []);
  });
});
