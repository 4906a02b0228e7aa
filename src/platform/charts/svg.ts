// The SVG pieces every chart shares, kept apart from Vega so sparklines load without it.
import { CHART_FONT, escapeXml } from './format.js';
import { CHART_BACKGROUND, GOVUK } from './palette.js';
import { wrapText } from './text-metrics.js';

/** The root element every chart shares: role="img", named by a one-sentence summary, system font. */
export function openSvg(width: number, height: number, summary: string, viewBox = `0 0 ${width} ${height}`) {
  const label = escapeXml(summary);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="waymark-chart" width="${width}" height="${height}" ` +
    `viewBox="${viewBox}" role="img" aria-label="${label}" focusable="false" font-family="${CHART_FONT}">` +
    `<title>${label}</title>`
  );
}

/** What a chart shows before anything has been recorded: its title and "No data yet", never an error. */
export function noDataSvg(title: string, width: number, height: number): string {
  const lines = wrapText(title, 19, width, true);
  const heading = lines.length
    ? `<text x="0" y="19" font-size="19" font-weight="bold" fill="${GOVUK.black}">` +
      lines.map((line, i) => `<tspan x="0" dy="${i === 0 ? 0 : 24}">${escapeXml(line)}</tspan>`).join('') +
      '</text>'
    : '';
  const top = lines.length ? lines.length * 24 + 8 : 0;
  const total = Math.max(height, top + 60);
  return (
    openSvg(width, total, lines.length ? `${title}: no data yet` : 'No data yet') +
    `<rect width="${width}" height="${total}" fill="${CHART_BACKGROUND}"/>` +
    heading +
    `<rect x="0.5" y="${top + 0.5}" width="${width - 1}" height="${total - top - 1}" fill="none" ` +
    `stroke="${GOVUK.midGrey}"/>` +
    `<text x="${width / 2}" y="${(total + top) / 2}" font-size="16" text-anchor="middle" ` +
    `dominant-baseline="middle" fill="${GOVUK.black}">No data yet</text></svg>`
  );
}
