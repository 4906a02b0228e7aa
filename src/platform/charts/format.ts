// Text for charts and their data tables: XML escaping, 'Mon YYYY' periods and unit-aware numbers.

export type ChartUnit = 'percent' | 'count' | 'rate_per_10000' | 'days' | 'fte' | 'ratio';

export const CHART_FONT = 'Arial, Helvetica, sans-serif';

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

// Control characters other than tab and newlines are not allowed in XML 1.0 at all; they are dropped
// rather than produce an SVG that a strict parser (or a DOCX/PDF pipeline) rejects.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** Escapes text for an XML/HTML text node or a quoted attribute value. */
export function escapeXml(text: string): string {
  return text.replace(XML_FORBIDDEN, '').replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const PERIOD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A period end ('YYYY-MM-DD') as UTC milliseconds; throws on anything else, which is a caller's bug. */
export function periodTime(period: string): number {
  const match = PERIOD.exec(period);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  // Date.UTC rolls 2024-02-30 over into March; reject it instead of plotting the wrong month.
  if (!match || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== period) {
    throw new RangeError(`Chart period must be a date as YYYY-MM-DD, got ${JSON.stringify(period)}`);
  }
  return time;
}

/** '2025-03-31' → 'Mar 2025'. Read from the string itself, so the server's time zone cannot shift the month. */
export function formatPeriod(period: string): string {
  periodTime(period);
  return `${MONTHS[Number(period.slice(5, 7)) - 1]!} ${period.slice(0, 4)}`;
}

const NUMBER_FORMATS = new Map<number, Intl.NumberFormat>();

/** A number with thousands separators and at most `maxDecimals` decimals, trailing zeros dropped. */
export function formatNumber(value: number, maxDecimals = 1): string {
  let format = NUMBER_FORMATS.get(maxDecimals);
  if (!format) {
    format = new Intl.NumberFormat('en-GB', { maximumFractionDigits: maxDecimals, useGrouping: true });
    NUMBER_FORMATS.set(maxDecimals, format);
  }
  // Normalise -0 (e.g. -0.04 rounded) so a summary never says "-0%".
  const text = format.format(value);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** A value as people read it in a sentence or a table cell: '21.3%', '1,204', '45.2 per 10,000', '12 days'. */
export function formatChartValue(value: number, unit?: ChartUnit): string {
  switch (unit) {
    case 'percent':
      return `${formatNumber(value)}%`;
    case 'count':
      return formatNumber(value);
    case 'rate_per_10000':
      return `${formatNumber(value)} per 10,000`;
    case 'days':
      return `${formatNumber(value)} ${value === 1 ? 'day' : 'days'}`;
    case 'fte':
      return `${formatNumber(value)} FTE`;
    case 'ratio':
      return formatNumber(value, 2);
    default:
      return formatNumber(value, 2);
  }
}

/** The y-axis title for a unit: it carries the unit so tick labels can stay short. */
export function unitAxisTitle(unit: ChartUnit): string {
  switch (unit) {
    case 'percent':
      return 'Percentage (%)';
    case 'count':
      return 'Number';
    case 'rate_per_10000':
      return 'Rate per 10,000 children';
    case 'days':
      return 'Days';
    case 'fte':
      return 'Full-time equivalent (FTE)';
    case 'ratio':
      return 'Ratio';
  }
}

/** A Vega expression formatting tick `datum.value` for a unit (ticks are short: '20%', '1,500'). */
export function unitTickExpression(unit: ChartUnit): string {
  const number = unit === 'ratio' ? "format(datum.value, ',.2~f')" : "format(datum.value, ',.1~f')";
  return unit === 'percent' ? `${number} + '%'` : number;
}
