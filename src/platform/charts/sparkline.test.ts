import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderSparkline, sparklineSummary } from './sparkline.js';
import { accessibleName, elements, entitiesAreWellFormed } from './svg-inspect.js';

function lines(svg: string): [number, number][][] {
  return elements(svg, 'polyline').map((p) =>
    p.attributes.points!.split(' ').map((pair) => pair.split(',').map(Number) as [number, number]),
  );
}

function lastMarker(svg: string): [number, number] {
  const [marker] = elements(svg, 'circle').filter((c) => c.attributes.class === 'waymark-sparkline-last');
  assert.ok(marker, 'the last point is marked');
  return [Number(marker.attributes.cx), Number(marker.attributes.cy)];
}

describe('renderSparkline', () => {
  it('draws the values left to right, scaled to their range, and marks the last one', () => {
    const svg = renderSparkline([10, 20, 15, 30], { label: 'Open cases', width: 100, height: 30 });
    assert.equal(typeof svg, 'string');
    const [line] = lines(svg);
    assert.deepEqual(line, [
      [4, 26],
      [34.67, 15],
      [65.33, 20.5],
      [96, 4],
    ]);
    assert.deepEqual(lastMarker(svg), [96, 4]);
    assert.match(svg, /^<svg [^>]*width="100" height="30" viewBox="0 0 100 30" role="img"/);
  });

  it('breaks the line at a null, keeps a lone value as a dot, and marks the last recorded value', () => {
    const svg = renderSparkline([1, 2, null, 3, null, 4, 5, null], { label: 'x', width: 78, height: 20 });
    const drawn = lines(svg);
    assert.deepEqual(
      drawn.map((l) => l.length),
      [2, 2],
    );
    const dots = elements(svg, 'circle').filter((c) => c.attributes.class !== 'waymark-sparkline-last');
    assert.equal(dots.length, 1, 'the lone 3');
    assert.equal(Number(dots[0]!.attributes.cx), 34);
    assert.deepEqual(lastMarker(svg), drawn[1]!.at(-1));
  });

  it('draws a flat series across the middle', () => {
    const svg = renderSparkline([5, 5, 5], { label: 'Flat', height: 20 });
    assert.ok(lines(svg)[0]!.every(([, y]) => y === 10));
  });

  it('names itself with a one-sentence summary, escaped', () => {
    const label = 'Re-referrals <script> & more';
    const svg = renderSparkline([20, 18.25, null, 21.3], { label, unit: 'percent' });
    const sentence = 'Re-referrals <script> & more: latest 21.3%, lowest 18.3%, highest 21.3%, 4 periods';
    assert.equal(sparklineSummary([20, 18.25, null, 21.3], label, 'percent'), sentence);
    assert.equal(accessibleName(svg), sentence);
    assert.equal(elements(svg, 'title')[0]!.text, sentence);
    assert.doesNotMatch(svg, /<script/);
    assert.ok(entitiesAreWellFormed(svg));
  });

  it('says "No data yet" for no values or only nulls, and is deterministic', () => {
    for (const values of [[], [null, null], [NaN]]) {
      const svg = renderSparkline(values, { label: 'Visits' });
      assert.equal(accessibleName(svg), 'Visits: no data yet');
      assert.ok(elements(svg, 'text').some((t) => t.text === 'No data yet'));
      assert.equal(elements(svg, 'polyline').length, 0);
    }
    assert.equal(renderSparkline([3, 1, 2], { label: 'a' }), renderSparkline([3, 1, 2], { label: 'a' }));
    assert.equal(accessibleName(renderSparkline([7])), 'Trend: 7, 1 period');
  });

  it('is cheap enough for a table of hundreds', () => {
    const values = Array.from({ length: 36 }, (_, i) => (i % 11 === 0 ? null : Math.sin(i) * 10));
    const start = performance.now();
    for (let i = 0; i < 1000; i++) renderSparkline(values, { label: `Indicator ${i}` });
    const perSparkline = (performance.now() - start) / 1000;
    assert.ok(perSparkline < 1, `${perSparkline.toFixed(3)} ms each`);
  });
});
