// Indicator trend charts: the council's line against target, baseline and England/region/neighbour benchmarks.
import type { TopLevelSpec } from 'vega-lite';
import {
  CHART_FONT,
  formatChartValue,
  formatPeriod,
  periodTime,
  unitAxisTitle,
  unitTickExpression,
} from './format.js';
import type { ChartUnit } from './format.js';
import { CHART_BACKGROUND, GOVUK } from './palette.js';
import { renderVegaLiteSvg } from './render.js';
import { noDataSvg } from './svg.js';
import type { SpecLayer } from './render.js';
import { textWidth, wrapText } from './text-metrics.js';

export type TrendSeriesKind = 'council' | 'target' | 'baseline' | 'england' | 'region' | 'neighbours';

export interface TrendPoint {
  /** Period end, YYYY-MM-DD. */
  period: string;
  /** null (or a non-finite number) is a gap: nothing was recorded for that period. */
  value: number | null;
}

export interface TrendSeries {
  label: string;
  kind: TrendSeriesKind;
  points: TrendPoint[];
}

export interface TrendChartInput {
  title: string;
  unit: ChartUnit;
  series: TrendSeries[];
  width?: number;
  height?: number;
}

interface SeriesStyle {
  colour: string;
  /** SVG dash array; [] is solid. Every kind has its own so no series is told apart by colour alone. */
  dash: number[];
}

/**
 * One look per kind. All colours are at least 3:1 against white (WCAG 1.4.11); the dash patterns carry
 * the same distinction for people who cannot tell the colours apart (WCAG 1.4.1).
 */
export const TREND_STYLES: Record<TrendSeriesKind, SeriesStyle> = {
  council: { colour: GOVUK.blue, dash: [] },
  target: { colour: GOVUK.black, dash: [10, 5] },
  baseline: { colour: GOVUK.darkGrey, dash: [2, 4] },
  england: { colour: GOVUK.purple, dash: [12, 3, 3, 3] },
  region: { colour: GOVUK.teal, dash: [12, 3, 3, 3, 3, 3] },
  neighbours: { colour: GOVUK.magenta, dash: [4, 3] },
};

/** For a second series of a kind already drawn (e.g. two comparator groups), so the two still differ. */
const SPARE_STYLES: SeriesStyle[] = [
  { colour: GOVUK.darkOrange, dash: [6, 2, 1, 2] },
  { colour: GOVUK.darkBlue, dash: [1, 3] },
  { colour: GOVUK.brown, dash: [8, 2, 2, 2, 2, 2, 2, 2] },
  { colour: GOVUK.green, dash: [16, 4] },
  { colour: GOVUK.red, dash: [3, 6] },
];

const STROKE_WIDTH: Record<TrendSeriesKind, number> = {
  council: 3,
  target: 2.5,
  baseline: 2,
  england: 1.5,
  region: 1.5,
  neighbours: 1.5,
};

const DEFAULT_WIDTH = 640;
const DEFAULT_HEIGHT = 360;

interface PreparedPoint {
  period: string;
  time: number;
  value: number | null;
}

interface PreparedSeries {
  label: string;
  kind: TrendSeriesKind;
  style: SeriesStyle;
  /** Sorted by time; non-finite values already turned into null. */
  points: PreparedPoint[];
  /** The points that have a value. */
  known: PreparedPoint[];
}

function size(value: number | undefined, fallback: number, min: number): number {
  return value !== undefined && Number.isFinite(value) ? Math.max(Math.round(value), min) : fallback;
}

/** Validates and orders the input once; series with nothing to plot are dropped from chart and legend. */
function prepare(input: TrendChartInput): PreparedSeries[] {
  const usedKinds = new Set<TrendSeriesKind>();
  const usedLabels = new Set<string>();
  let spare = 0;
  const prepared: PreparedSeries[] = [];
  for (const series of input.series) {
    const points = series.points
      .map((p) => ({
        period: p.period,
        time: periodTime(p.period),
        value: typeof p.value === 'number' && Number.isFinite(p.value) ? p.value : null,
      }))
      .sort((a, b) => a.time - b.time);
    const known = points.filter((p) => p.value !== null);
    if (known.length === 0) continue;
    const style = usedKinds.has(series.kind)
      ? SPARE_STYLES[spare++ % SPARE_STYLES.length]!
      : TREND_STYLES[series.kind];
    usedKinds.add(series.kind);
    // The legend and the colour scale are keyed by label, so two series sharing one would merge.
    let label = series.label;
    for (let n = 2; usedLabels.has(label); n++) label = `${series.label} (${n})`;
    usedLabels.add(label);
    prepared.push({ label, kind: series.kind, style, points, known });
  }
  return prepared;
}

/** Baselines and single-valued targets are levels, drawn across the whole chart rather than at a date. */
function isLevel(s: PreparedSeries): boolean {
  return s.kind === 'baseline' || (s.kind === 'target' && new Set(s.known.map((p) => p.value)).size === 1);
}

/** The value in force for a step target at `time`: the last target set on or before it. */
function targetAt(target: PreparedSeries, time: number): PreparedPoint | undefined {
  return target.known.filter((p) => p.time <= time).at(-1);
}

/**
 * The one-sentence summary used as the chart's accessible name, e.g.
 * "Re-referrals within 12 months, Jan 2024 to Dec 2025: latest 21.3%, target 18%".
 * The range is that of the time axis; a comparator's own period is named when it differs from the
 * council's latest, because annual benchmarks usually lag monthly figures.
 */
export function trendChartSummary(input: TrendChartInput): string {
  return summarise(input, prepare(input));
}

function summarise(input: TrendChartInput, series: PreparedSeries[]): string {
  // Periods with a gap still count: a chart whose x axis runs to Dec 2025 is described as running to Dec 2025.
  const dated = series.filter((s) => !isLevel(s)).flatMap((s) => s.points);
  if (series.length === 0) return `${input.title}: no data yet`;
  const value = (v: number) => formatChartValue(v, input.unit);
  const parts: string[] = [];

  const main = series.find((s) => s.kind === 'council');
  const latest = main?.known.at(-1);
  const lastTime = Math.max(...dated.map((p) => p.time));
  const when = (p: PreparedPoint) =>
    p.period === (latest?.period ?? '') ? '' : ` (${formatPeriod(p.period)})`;
  if (latest) {
    parts.push(
      `latest ${value(latest.value!)}${latest.time === lastTime ? '' : ` (${formatPeriod(latest.period)})`}`,
    );
  } else {
    parts.push('no figures for the council yet');
  }
  const target = series.find((s) => s.kind === 'target');
  if (target) {
    const first = target.known[0]!;
    const inForce = isLevel(target) ? first : latest ? targetAt(target, latest.time) : target.known.at(-1);
    parts.push(
      inForce
        ? `target ${value(inForce.value!)}`
        : `target ${value(first.value!)} by ${formatPeriod(first.period)}`,
    );
  }
  const baseline = series.find((s) => s.kind === 'baseline');
  if (baseline) {
    const b = baseline.known.at(-1)!;
    parts.push(`baseline ${value(b.value!)} (${formatPeriod(b.period)})`);
  }
  for (const other of series) {
    if (other === main || other === target || other === baseline) continue;
    const p = other.known.at(-1)!;
    parts.push(`${other.label} ${value(p.value!)}${when(p)}`);
  }

  const ends =
    dated.length > 0
      ? [dated.reduce((a, b) => (b.time < a.time ? b : a)), dated.reduce((a, b) => (b.time > a.time ? b : a))]
      : [];
  const range =
    ends.length === 0
      ? ''
      : ends[0]!.period === ends[1]!.period
        ? `, ${formatPeriod(ends[0]!.period)}`
        : `, ${formatPeriod(ends[0]!.period)} to ${formatPeriod(ends[1]!.period)}`;
  return `${input.title}${range}: ${parts.join(', ')}`;
}

/** Steps that land ticks on the same months each year when periods are monthly or quarterly. */
const TICK_STEPS = [1, 2, 3, 4, 6, 12, 24, 36, 60, 120];

/** Up to `max` tick dates, counted back from the latest so the most recent period is always labelled. */
function tickTimes(times: number[], max: number): number[] {
  const needed = Math.max(1, Math.ceil(times.length / max));
  const step = TICK_STEPS.find((s) => s >= needed) ?? needed;
  const ticks: number[] = [];
  for (let i = times.length - 1; i >= 0; i -= step) ticks.unshift(times[i]!);
  return ticks;
}

const TITLE_SIZE = 19;
const TITLE_LINE = 24;
const TITLE_OFFSET = 12;
const LABEL_SIZE = 14;
/** Ticks, labels and the axis title under the plot; room for labels and the title left of it. */
const X_AXIS = 48;
const Y_AXIS = 64;
const LEGEND_OFFSET = 18;
const LEGEND_ROW_PADDING = 4;
const PADDING = 5;
const MIN_PLOT_HEIGHT = 120;
/** Legend symbols are 30px lines so that dash patterns show; 8px gap to the label, 20px between columns. */
const LEGEND_SYMBOL = 30;
const LEGEND_GAP = 8;
const LEGEND_COLUMN_PADDING = 20;

/** Columns for a bottom legend: as many as fit beside each other at the widest label. */
function legendColumns(labels: string[], legendWidth: number): number {
  const widest = Math.min(
    Math.max(...labels.map((l) => textWidth(l, LABEL_SIZE))),
    legendWidth - LEGEND_SYMBOL - LEGEND_GAP,
  );
  const column = LEGEND_SYMBOL + LEGEND_GAP + widest + LEGEND_COLUMN_PADDING;
  return Math.max(1, Math.min(labels.length, Math.floor((legendWidth + LEGEND_COLUMN_PADDING) / column)));
}

/** The Vega-Lite spec for a trend chart; exported for tests that check Vega-Lite has nothing to warn about. */
export function buildTrendSpec(input: TrendChartInput): TopLevelSpec | null {
  const series = prepare(input);
  return series.length === 0 ? null : trendSpec(input, series);
}

function trendSpec(input: TrendChartInput, series: PreparedSeries[]): TopLevelSpec {
  const width = size(input.width, DEFAULT_WIDTH, 240);
  const height = size(input.height, DEFAULT_HEIGHT, 160);

  const levels = series.filter(isLevel);
  const steps = series.filter((s) => s.kind === 'target' && !isLevel(s));
  const councils = series.filter((s) => s.kind === 'council');
  const comparators = series.filter(
    (s) => s.kind !== 'council' && s.kind !== 'target' && s.kind !== 'baseline',
  );

  const times = [
    ...new Set(series.filter((s) => !isLevel(s)).flatMap((s) => s.points.map((p) => p.time))),
  ].sort((a, b) => a - b);
  const lastTime = times.at(-1) ?? 0;
  // Ticks sit on real period ends (not on Vega's month starts, a month away from a 31 Jan point); how many
  // fit is known from the label width ('Mar 2025' at 14px is about 60px).
  const ticks = tickTimes(times, Math.max(2, Math.floor((width - 80) / 84)));

  const row = (s: PreparedSeries, p: { time: number; value: number | null }) => ({
    series: s.label,
    t: p.time,
    v: p.value,
  });
  const x = {
    field: 't',
    type: 'temporal',
    scale: { type: 'utc' },
    axis: {
      title: 'Period end',
      values: ticks,
      labelExpr: "utcFormat(datum.value, '%b %Y')",
      labelFlush: true,
      labelOverlap: true,
      grid: false,
    },
  } as const;
  const layer: SpecLayer[] = [];
  if (levels.length > 0) {
    layer.push({
      name: 'levels',
      data: { values: levels.map((s) => ({ series: s.label, v: s.known.at(-1)!.value })) },
      mark: { type: 'rule', strokeWidth: STROKE_WIDTH.baseline },
    });
  }
  if (steps.length > 0) {
    // A target trajectory holds each value until the next is set, so it is carried on to the last period.
    const values = steps.flatMap((s) => {
      const rows = s.points.map((p) => row(s, p));
      const final = s.known.at(-1)!;
      if (final.time < lastTime) rows.push(row(s, { time: lastTime, value: final.value }));
      return rows;
    });
    layer.push({
      name: 'targets',
      data: { values },
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: STROKE_WIDTH.target },
      encoding: { x },
    });
  }
  if (comparators.length > 0) {
    layer.push({
      name: 'comparators',
      data: { values: comparators.flatMap((s) => s.points.map((p) => row(s, p))) },
      mark: { type: 'line', strokeWidth: STROKE_WIDTH.england },
      encoding: { x },
    });
  }
  if (councils.length > 0) {
    // Drawn last so it sits on top, with a marker on every recorded period: a single value between two
    // gaps has no line at all.
    layer.push(
      {
        name: 'council',
        data: { values: councils.flatMap((s) => s.points.map((p) => row(s, p))) },
        mark: { type: 'line', strokeWidth: STROKE_WIDTH.council },
        encoding: { x },
      },
      {
        name: 'council_points',
        data: { values: councils.flatMap((s) => s.known.map((p) => row(s, p))) },
        mark: { type: 'point', filled: true, size: 50, strokeWidth: 0, opacity: 1 },
        encoding: { x },
      },
    );
  }

  const labels = series.map((s) => s.label);
  // A bottom legend starts where the plot does, to the right of the y axis.
  const legendWidth = width - Y_AXIS - 2 * PADDING;
  const columns = legendColumns(labels, legendWidth);
  const legend = { title: null, orient: 'bottom', direction: 'horizontal', columns } as const;
  // Wrapped here because Vega only truncates a long title; 19px bold, as a GOV.UK heading-s.
  const titleLines = wrapText(input.title, TITLE_SIZE, width, true);
  // Only the width is fitted: fitting the height too squeezed the plot to nothing under a long title or
  // legend. The plot gets what the requested height leaves after title, x axis and legend, at least 120px.
  const chrome =
    (titleLines.length > 0 ? titleLines.length * TITLE_LINE + TITLE_OFFSET : 0) +
    X_AXIS +
    LEGEND_OFFSET +
    Math.ceil(labels.length / columns) * (LEGEND_SYMBOL + LEGEND_ROW_PADDING) +
    2 * PADDING;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(titleLines.length > 0 ? { title: { text: titleLines, anchor: 'start' } } : {}),
    width,
    height: Math.max(MIN_PLOT_HEIGHT, height - chrome),
    autosize: { type: 'fit-x', contains: 'padding' },
    padding: PADDING,
    background: CHART_BACKGROUND,
    config: {
      font: CHART_FONT,
      aria: false,
      view: { stroke: null },
      title: {
        fontSize: TITLE_SIZE,
        fontWeight: 'bold',
        color: GOVUK.black,
        offset: TITLE_OFFSET,
        lineHeight: TITLE_LINE,
      },
      axis: {
        labelFontSize: LABEL_SIZE,
        titleFontSize: LABEL_SIZE,
        labelColor: GOVUK.black,
        titleColor: GOVUK.black,
        titleFontWeight: 'bold',
        domainColor: GOVUK.darkGrey,
        tickColor: GOVUK.darkGrey,
        gridColor: GOVUK.midGrey,
      },
      legend: {
        labelFontSize: LABEL_SIZE,
        labelColor: GOVUK.black,
        labelLimit: legendWidth - LEGEND_SYMBOL - LEGEND_GAP,
        symbolType: 'stroke',
        symbolSize: LEGEND_SYMBOL * LEGEND_SYMBOL,
        symbolStrokeWidth: 2.5,
        symbolOffset: 0,
        labelOffset: LEGEND_GAP,
        columnPadding: LEGEND_COLUMN_PADDING,
        rowPadding: LEGEND_ROW_PADDING,
        offset: LEGEND_OFFSET,
      },
    },
    encoding: {
      y: {
        field: 'v',
        type: 'quantitative',
        scale: { zero: true, nice: true },
        axis: { title: unitAxisTitle(input.unit), labelExpr: unitTickExpression(input.unit), tickCount: 5 },
      },
      color: {
        field: 'series',
        type: 'nominal',
        scale: { domain: labels, range: series.map((s) => s.style.colour) },
        legend,
      },
      strokeDash: {
        field: 'series',
        type: 'nominal',
        scale: {
          domain: labels,
          range: series.map((s) => (s.style.dash.length > 0 ? s.style.dash : [1, 0])),
        },
        legend,
      },
    },
    layer,
  };
}

/** An accessible SVG line chart of an indicator over time; "No data yet" when there is nothing to plot. */
export async function renderTrendChart(input: TrendChartInput): Promise<string> {
  const series = prepare(input);
  if (series.length === 0) {
    return noDataSvg(
      input.title,
      size(input.width, DEFAULT_WIDTH, 240),
      size(input.height, DEFAULT_HEIGHT, 160),
    );
  }
  return renderVegaLiteSvg(trendSpec(input, series), summarise(input, series));
}
