// Sparklines for tables and cards: a hand-written SVG, synchronous and cheap enough for hundreds a page.
import { formatChartValue } from './format.js';
import type { ChartUnit } from './format.js';
import { GOVUK } from './palette.js';
import { openSvg } from './svg.js';

export interface SparklineOptions {
  width?: number;
  height?: number;
  /** What the values are, e.g. 'Re-referrals within 12 months'; starts the accessible name. */
  label: string;
  /** Formats the figures in the accessible name ('21.3%'); plain numbers without it. */
  unit?: ChartUnit;
}

const DEFAULT_WIDTH = 120;
const DEFAULT_HEIGHT = 32;
const MARKER_RADIUS = 3;
const STROKE_WIDTH = 2;
// Room for the end marker and the stroke, so neither is clipped at the edges.
const INSET = MARKER_RADIUS + 1;

/** Two decimals are plenty at sparkline scale and keep the markup short and stable. */
function coordinate(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function isValue(v: number | null): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** "Re-referrals: latest 21.3%, lowest 18%, highest 24%, 12 periods" (latest is the last recorded value). */
export function sparklineSummary(values: (number | null)[], label: string, unit?: ChartUnit): string {
  const known = values.filter(isValue);
  if (known.length === 0) return `${label}: no data yet`;
  const fmt = (v: number) => formatChartValue(v, unit);
  const periods = `${values.length} ${values.length === 1 ? 'period' : 'periods'}`;
  if (known.length === 1) return `${label}: ${fmt(known[0]!)}, ${periods}`;
  return `${label}: latest ${fmt(known.at(-1)!)}, lowest ${fmt(Math.min(...known))}, highest ${fmt(Math.max(...known))}, ${periods}`;
}

/**
 * A line through `values`, evenly spaced, scaled to their own range; a null (or non-finite) value is a
 * gap, and the last recorded value is marked with a dot. Empty or all-null input gives "No data yet".
 */
export function renderSparkline(values: (number | null)[], opts?: SparklineOptions): string {
  const label = opts?.label ?? 'Trend';
  const width =
    opts?.width !== undefined && Number.isFinite(opts.width)
      ? Math.max(Math.round(opts.width), 16)
      : DEFAULT_WIDTH;
  const height =
    opts?.height !== undefined && Number.isFinite(opts.height)
      ? Math.max(Math.round(opts.height), 12)
      : DEFAULT_HEIGHT;
  const known = values.filter(isValue);
  if (known.length === 0) return noDataSparkline(label, width, height);

  const min = Math.min(...known);
  const max = Math.max(...known);
  const innerWidth = width - 2 * INSET;
  const innerHeight = height - 2 * INSET;
  const x = (i: number) => (values.length === 1 ? width / 2 : INSET + (i / (values.length - 1)) * innerWidth);
  // A flat series sits in the middle rather than on an edge, where it would read as "lowest".
  const y = (v: number) => (max === min ? height / 2 : INSET + ((max - v) / (max - min)) * innerHeight);

  const segments: string[][] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (isValue(v)) current.push(`${coordinate(x(i))},${coordinate(y(v))}`);
    else if (current.length > 0) {
      segments.push(current);
      current = [];
    }
  });
  if (current.length > 0) segments.push(current);

  const lastIndex = values.findLastIndex(isValue);
  const last = `${coordinate(x(lastIndex))},${coordinate(y(values[lastIndex]!))}`;
  let marks = '';
  for (const points of segments) {
    if (points.length === 1) {
      // A lone value between gaps has no line; a dot keeps it visible (the end marker covers the last).
      if (points[0] === last) continue;
      const [cx, cy] = points[0]!.split(',');
      marks += `<circle cx="${cx}" cy="${cy}" r="${STROKE_WIDTH}" fill="${GOVUK.blue}"/>`;
    } else {
      marks +=
        `<polyline points="${points.join(' ')}" fill="none" stroke="${GOVUK.blue}" ` +
        `stroke-width="${STROKE_WIDTH}" stroke-linejoin="round" stroke-linecap="round"/>`;
    }
  }
  const [lx, ly] = last.split(',');
  marks += `<circle class="waymark-sparkline-last" cx="${lx}" cy="${ly}" r="${MARKER_RADIUS}" fill="${GOVUK.black}"/>`;
  return openSvg(width, height, sparklineSummary(values, label, opts?.unit)) + marks + '</svg>';
}

function noDataSparkline(label: string, width: number, height: number): string {
  // The chart-sized "No data yet" panel would not fit a table cell; this is the same message, small.
  return (
    openSvg(width, height, `${label}: no data yet`) +
    `<text x="${width / 2}" y="${height / 2}" font-size="12" text-anchor="middle" dominant-baseline="middle" ` +
    `fill="${GOVUK.darkGrey}">No data yet</text></svg>`
  );
}
