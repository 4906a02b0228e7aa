// Stacked bar charts, e.g. case audit grades per month, with stacks kept in the caller's order.
import { CHART_FONT, formatNumber } from './format.js';
import { assertHexColour, CHART_BACKGROUND, GOVUK, textColourOn } from './palette.js';
import { renderVegaLiteSvg } from './render.js';
import { noDataSvg } from './svg.js';
import type { LayeredSpec } from './render.js';
import { textWidth, wrapText } from './text-metrics.js';

export interface StackedBarStack {
  label: string;
  /** A hex colour; by default Ofsted grades get their usual colours and anything else the palette below. */
  colour?: string;
  /** One value per category, in the categories' order. */
  values: number[];
}

export interface StackedBarChartInput {
  title: string;
  /** The x axis, in order (e.g. months as 'Jan 2025'). */
  categories: string[];
  /** Drawn top to bottom in this order, which is also the legend's order. */
  stacks: StackedBarStack[];
  /** Show each bar as shares of 100% rather than counts. */
  percent?: boolean;
  width?: number;
  height?: number;
}

/**
 * Grades keep the colours people expect. Each is at least 3:1 against white, and segments are separated
 * by white lines, so boundaries never depend on telling two colours apart (WCAG 1.4.11).
 */
const GRADE_COLOURS: Record<string, string> = {
  outstanding: GOVUK.green,
  good: GOVUK.blue,
  'requires improvement to be good': GOVUK.darkOrange,
  'requires improvement': GOVUK.darkOrange,
  inadequate: GOVUK.red,
};

/** For other stacks, in turn; neighbours differ in lightness as well as hue. */
export const STACK_PALETTE = [
  GOVUK.blue,
  GOVUK.darkOrange,
  GOVUK.teal,
  GOVUK.purple,
  GOVUK.green,
  GOVUK.magenta,
  GOVUK.darkBlue,
  GOVUK.brown,
  GOVUK.darkGrey,
  GOVUK.red,
];

const DEFAULT_WIDTH = 640;
const DEFAULT_HEIGHT = 360;
const TITLE_SIZE = 19;
const TITLE_LINE = 24;
const TITLE_OFFSET = 12;
const LABEL_SIZE = 14;
const LEGEND_SYMBOL = 14;
const LEGEND_GAP = 8;
const LEGEND_OFFSET = 18;
/** Room for tick labels and the axis title left of the plot. */
const Y_AXIS = 64;
const LEGEND_ROW_PADDING = 8;
const LEGEND_COLUMN_PADDING = 20;
const PADDING = 5;
const MIN_PLOT_HEIGHT = 120;
const MIN_PLOT_WIDTH = 300;
const SEGMENT_LABEL_SIZE = 12;

interface PreparedStack {
  label: string;
  colour: string;
  values: number[];
}

function size(value: number | undefined, fallback: number, min: number): number {
  return value !== undefined && Number.isFinite(value) ? Math.max(Math.round(value), min) : fallback;
}

/** Checks the shape of the input: mismatched lengths or negative counts are a caller's bug, not data. */
function prepare(input: StackedBarChartInput): PreparedStack[] {
  let next = 0;
  const usedLabels = new Set<string>();
  return input.stacks.map((stack) => {
    if (stack.values.length !== input.categories.length) {
      throw new RangeError(
        `Stack ${JSON.stringify(stack.label)} has ${stack.values.length} values for ${input.categories.length} categories`,
      );
    }
    for (const v of stack.values) {
      if (!Number.isFinite(v) || v < 0) {
        throw new RangeError(`Stack ${JSON.stringify(stack.label)} has a value that is not a count: ${v}`);
      }
    }
    let label = stack.label;
    for (let n = 2; usedLabels.has(label); n++) label = `${stack.label} (${n})`;
    usedLabels.add(label);
    const colour = stack.colour
      ? assertHexColour(stack.colour)
      : (GRADE_COLOURS[stack.label.trim().toLowerCase()] ?? STACK_PALETTE[next++ % STACK_PALETTE.length]!);
    return { label, colour, values: stack.values };
  });
}

/** The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `value`: a y axis that ends on a round number. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((v) => v >= value)!;
}

function totals(input: StackedBarChartInput, stacks: PreparedStack[]): number[] {
  return input.categories.map((_, i) => stacks.reduce((sum, s) => sum + s.values[i]!, 0));
}

function share(value: number, total: number): string {
  return `${formatNumber(total === 0 ? 0 : (value / total) * 100, 0)}%`;
}

/**
 * The one-sentence summary used as the chart's accessible name, e.g. "Audit grades, Jan 2025 to Dec 2025:
 * in Dec 2025, Outstanding 2 (11%), Good 10 (56%), …". It describes the latest category with any data.
 * Shares are rounded one by one, so they may not add up to exactly 100%.
 */
export function stackedBarChartSummary(input: StackedBarChartInput): string {
  return summarise(input, prepare(input));
}

function summarise(input: StackedBarChartInput, stacks: PreparedStack[]): string {
  const sums = totals(input, stacks);
  const latest = sums.findLastIndex((t) => t > 0);
  if (latest < 0) return `${input.title}: no data yet`;
  const first = input.categories[0]!;
  const last = input.categories.at(-1)!;
  const range = input.categories.length === 1 ? first : `${first} to ${last}`;
  const parts = stacks.map(
    (s) => `${s.label} ${formatNumber(s.values[latest]!)} (${share(s.values[latest]!, sums[latest]!)})`,
  );
  return `${input.title}, ${range}: in ${input.categories[latest]!}, ${parts.join(', ')}`;
}

/** The Vega-Lite spec; exported for tests that check Vega-Lite has nothing to warn about. */
export function buildStackedBarSpec(input: StackedBarChartInput): LayeredSpec | null {
  const stacks = prepare(input);
  return totals(input, stacks).some((t) => t > 0) ? stackedBarSpec(input, stacks) : null;
}

function stackedBarSpec(input: StackedBarChartInput, stacks: PreparedStack[]): LayeredSpec {
  const width = size(input.width, DEFAULT_WIDTH, 240);
  const height = size(input.height, DEFAULT_HEIGHT, 160);
  const percent = input.percent === true;
  const sums = totals(input, stacks);
  const max = percent ? 100 : niceCeiling(Math.max(...sums));

  const titleLines = wrapText(input.title, TITLE_SIZE, width, true);
  const entryWidth =
    Math.max(...stacks.map((s) => textWidth(s.label, LABEL_SIZE))) + LEGEND_SYMBOL + LEGEND_GAP;
  const fullWidth = width - Y_AXIS - 2 * PADDING;
  // The legend sits beside the bars, in the same top-to-bottom order, unless that leaves the bars too
  // little room; then it goes underneath in as many columns as fit.
  const legendBeside = fullWidth - entryWidth - LEGEND_OFFSET >= Math.max(MIN_PLOT_WIDTH, fullWidth * 0.55);
  const plotWidth = legendBeside ? fullWidth - entryWidth - LEGEND_OFFSET : fullWidth;
  const legendColumns = legendBeside
    ? 1
    : Math.max(
        1,
        Math.min(
          stacks.length,
          Math.floor((fullWidth + LEGEND_COLUMN_PADDING) / (entryWidth + LEGEND_COLUMN_PADDING)),
        ),
      );
  const legendRows = legendBeside ? 0 : Math.ceil(stacks.length / legendColumns);
  const widestCategory = Math.max(...input.categories.map((c) => textWidth(c, LABEL_SIZE)));
  // Slanted only when the labels would otherwise collide; Vega would silently drop some instead.
  const slanted = widestCategory + 8 > plotWidth / input.categories.length;
  // Only the width is fitted (fitting the height too squeezed the plot under a long title); the plot gets
  // what the requested height leaves after the title and the category labels, and at least 120px.
  const chrome =
    (titleLines.length > 0 ? titleLines.length * TITLE_LINE + TITLE_OFFSET : 0) +
    (slanted ? widestCategory * Math.SQRT1_2 + 16 : 26) +
    (legendRows > 0 ? LEGEND_OFFSET + legendRows * (LEGEND_SYMBOL + LEGEND_ROW_PADDING) : 0) +
    2 * PADDING;
  const plotHeight = Math.max(MIN_PLOT_HEIGHT, Math.round(height - chrome));
  const bandWidth = (plotWidth / input.categories.length) * 0.9;

  // Stacking is done here, not by Vega-Lite, so each segment's middle is known for its label. The first
  // stack goes on top so the bar reads top to bottom in the same order as the legend beside it.
  const rows = input.categories.flatMap((category, c) => {
    let top = percent ? 100 : sums[c]!;
    return stacks.map((s) => {
      const value = s.values[c]!;
      const extent = percent ? (sums[c]! === 0 ? 0 : (value / sums[c]!) * 100) : value;
      const label = percent ? share(value, sums[c]!) : formatNumber(value);
      const row = {
        category,
        series: s.label,
        value,
        y0: top - extent,
        y1: top,
        mid: top - extent / 2,
        label,
        // Labelled only where the label fits inside the segment; the data table has every figure.
        fits:
          (extent / max) * plotHeight >= SEGMENT_LABEL_SIZE + 4 &&
          textWidth(label, SEGMENT_LABEL_SIZE) + 6 <= bandWidth,
        ink: textColourOn(s.colour),
      };
      top -= extent;
      return row;
    });
  });
  const x = {
    field: 'category',
    type: 'nominal',
    sort: input.categories,
    axis: {
      title: null,
      labelAngle: slanted ? -45 : 0,
    },
  } as const;
  const y = {
    type: 'quantitative' as const,
    // The domain is set, not left to Vega's nice(), so segment heights (and which fit a label) are known.
    scale: { domain: [0, max], nice: false },
    axis: {
      title: percent ? 'Percentage (%)' : 'Number',
      labelExpr: percent ? "format(datum.value, ',~f') + '%'" : "format(datum.value, ',~f')",
      tickCount: 5,
    },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(titleLines.length > 0 ? { title: { text: titleLines, anchor: 'start' } } : {}),
    width,
    height: plotHeight,
    autosize: { type: 'fit-x', contains: 'padding' },
    padding: PADDING,
    background: CHART_BACKGROUND,
    data: { values: rows },
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
      axisX: { grid: false },
      legend: {
        labelFontSize: LABEL_SIZE,
        labelColor: GOVUK.black,
        labelLimit: width - Y_AXIS - 2 * PADDING - LEGEND_SYMBOL - LEGEND_GAP,
        symbolType: 'square',
        symbolSize: LEGEND_SYMBOL * LEGEND_SYMBOL,
        labelOffset: LEGEND_GAP,
        offset: LEGEND_OFFSET,
        symbolStrokeWidth: 0,
        rowPadding: LEGEND_ROW_PADDING,
        columnPadding: LEGEND_COLUMN_PADDING,
      },
    },
    layer: [
      {
        name: 'segments',
        // An empty segment would still draw its white outline across the bar.
        transform: [{ filter: 'datum.value > 0' }],
        mark: { type: 'bar', stroke: GOVUK.white, strokeWidth: 1 },
        encoding: {
          x,
          y: { field: 'y1', ...y },
          y2: { field: 'y0' },
          color: {
            field: 'series',
            type: 'nominal',
            scale: { domain: stacks.map((s) => s.label), range: stacks.map((s) => s.colour) },
            legend: legendBeside
              ? { title: null }
              : { title: null, orient: 'bottom', direction: 'horizontal', columns: legendColumns },
          },
        },
      },
      {
        name: 'segment_labels',
        transform: [{ filter: 'datum.fits' }],
        mark: { type: 'text', fontSize: SEGMENT_LABEL_SIZE, baseline: 'middle' },
        encoding: {
          x,
          y: { field: 'mid', type: 'quantitative' },
          text: { field: 'label', type: 'nominal' },
          color: { field: 'ink', type: 'nominal', scale: null },
        },
      },
    ],
  };
}

/** An accessible stacked bar chart; "No data yet" when every bar is empty. */
export async function renderStackedBarChart(input: StackedBarChartInput): Promise<string> {
  const stacks = prepare(input);
  const width = size(input.width, DEFAULT_WIDTH, 240);
  const height = size(input.height, DEFAULT_HEIGHT, 160);
  if (!totals(input, stacks).some((t) => t > 0)) return noDataSvg(input.title, width, height);
  return renderVegaLiteSvg(stackedBarSpec(input, stacks), summarise(input, stacks));
}
