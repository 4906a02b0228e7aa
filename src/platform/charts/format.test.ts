import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeXml, formatChartValue, formatPeriod, periodTime } from './format.js';
import { assertHexColour, contrastRatio, GOVUK, textColourOn } from './palette.js';
import { STACK_PALETTE } from './stacked-bar.js';
import { textWidth, wrapText } from './text-metrics.js';
import { TREND_STYLES } from './trend.js';

describe('chart text', () => {
  it('escapes the five XML specials and drops control characters', () => {
    assert.equal(
      escapeXml(`<script>alert("x")</script> & 'y'`),
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    );
    assert.equal(escapeXml('a\u0000b\u001fc\td\ne'), 'abc\td\ne');
    assert.equal(escapeXml('&amp;'), '&amp;amp;');
  });

  it("formats periods as 'Mon YYYY' whatever the server's time zone", () => {
    assert.equal(formatPeriod('2024-01-31'), 'Jan 2024');
    assert.equal(formatPeriod('2025-12-01'), 'Dec 2025');
    assert.equal(periodTime('2024-02-29'), Date.UTC(2024, 1, 29));
    for (const bad of ['2025-02-29', '2025-13-01', '31/03/2025', '2025-3-31', '']) {
      assert.throws(() => formatPeriod(bad), RangeError, bad);
    }
  });

  it('formats values by unit', () => {
    assert.equal(formatChartValue(21.345, 'percent'), '21.3%');
    assert.equal(formatChartValue(18, 'percent'), '18%');
    assert.equal(formatChartValue(-0.04, 'percent'), '0%');
    assert.equal(formatChartValue(12345, 'count'), '12,345');
    assert.equal(formatChartValue(45.25, 'rate_per_10000'), '45.3 per 10,000');
    assert.equal(formatChartValue(1, 'days'), '1 day');
    assert.equal(formatChartValue(23.5, 'days'), '23.5 days');
    assert.equal(formatChartValue(12.5, 'fte'), '12.5 FTE');
    assert.equal(formatChartValue(0.857, 'ratio'), '0.86');
    assert.equal(formatChartValue(3.14159), '3.14');
  });

  it('measures Arial text close to its real width', () => {
    // Widths measured by Chromium's canvas in Liberation Sans, which is metric-compatible with Arial.
    const measured: [string, number, boolean, number][] = [
      ['Mar 2025', 14, false, 59.145],
      ['Re-referrals', 19, true, 106.671],
      ['Statistical neighbours', 14, false, 133.075],
      ['Requires improvement to be good', 14, false, 210.896],
      ['Re-referrals within 12 months <script>alert(1)</script> & co', 19, true, 535.349],
    ];
    for (const [text, size, bold, width] of measured) {
      assert.ok(
        Math.abs(textWidth(text, size, bold) - width) < 0.5,
        `${text}: ${textWidth(text, size, bold)}`,
      );
    }
    assert.deepEqual(wrapText('one two three four', 10, 60), ['one two', 'three four']);
  });
});

describe('chart colours', () => {
  it('has at least 3:1 contrast on white for every series and stack colour (WCAG 1.4.11)', () => {
    const colours = [...Object.values(TREND_STYLES).map((s) => s.colour), ...STACK_PALETTE];
    for (const colour of colours) assert.ok(contrastRatio(colour, GOVUK.white) >= 3, colour);
  });

  it('computes WCAG contrast and picks readable label colours', () => {
    assert.equal(Math.round(contrastRatio('#000000', '#ffffff')), 21);
    assert.ok(Math.abs(contrastRatio('#1d70b8', '#fff') - 5.17) < 0.02);
    for (const fill of [...STACK_PALETTE, '#777777', '#808080', '#ff0000', '#00ff00', '#ffdd00', '#ffffff']) {
      assert.ok(contrastRatio(textColourOn(fill), fill) >= 4.5, fill);
    }
    assert.throws(() => assertHexColour('red'), RangeError);
  });
});
