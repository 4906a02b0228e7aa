// The rules that turn an indicator's numbers into words a board member can act on: RAG against a
// target, direction of travel, values and periods in plain English, DfE's missing-value codes, and
// deterministic synthetic series for demos. Pure: no database, no clock, no randomness but a seeded one.
//
// One rule runs through all of it: numbers are compared at the precision they are shown with (whole
// numbers for counts, one decimal place for everything else). A value shown as "20.0%" against a target
// shown as "20.0%" is on target, whatever binary noise sits in the sixteenth digit, so the RAG, the gap
// and the sentence beside them can never contradict the figures on the page.
import type { IndicatorUnit, Polarity } from './catalogue.js';

export type IndicatorRag = 'red' | 'amber' | 'green';

export interface TargetInput {
  value: number;
  target: number;
  /** how far worse than target still counts amber, in the indicator's unit (points for percent) */
  tolerance: number;
  polarity: Polarity;
  unit: IndicatorUnit;
}

export interface TargetResult {
  /** Null for a neutral indicator: with no better direction there is no RAG. */
  rag: IndicatorRag | null;
  /**
   * Distance from target at the shown precision, positive when better than target. For a neutral
   * indicator, where nothing is better, positive means above target.
   */
  gap: number;
  text: string;
}

export interface DirectionResult {
  direction: 'up' | 'down' | 'same' | 'unknown';
  /** Null when unknown, unchanged, or the indicator is neutral. */
  better: boolean | null;
  text: string;
}

// ---- Numbers ----

/** Decimal places a unit is shown and compared at. */
const decimalsFor = (unit: IndicatorUnit): number => (unit === 'count' ? 0 : 1);

/**
 * Rounds half away from zero, as a person would. toPrecision(12) first strips binary noise from earlier
 * arithmetic (0.06 - 0.01 is 0.049999999999999996), which would otherwise round a half down.
 */
function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Number((Math.abs(value) * factor).toPrecision(12));
  const rounded = (Math.sign(value) * Math.round(scaled)) / factor;
  return rounded === 0 ? 0 : rounded; // never -0, which would print as "-0.0"
}

const forUnit = (value: number, unit: IndicatorUnit): number => roundTo(value, decimalsFor(unit));

const formatters = new Map<number, Intl.NumberFormat>();

/** en-GB digits with thousands separators and exactly `decimals` places. */
function digits(value: number, decimals: number): string {
  let formatter = formatters.get(decimals);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-GB', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    formatters.set(decimals, formatter);
  }
  return formatter.format(value);
}

/** Days read naturally as "12 days" and "1 day"; only a part day shows its decimal ("12.5 days"). */
function days(value: number): string {
  const text = digits(value, Number.isInteger(value) ? 0 : 1);
  return `${text} ${value === 1 ? 'day' : 'days'}`;
}

/** A value already rounded for its unit, in its unit's words. */
function unitText(value: number, unit: IndicatorUnit): string {
  switch (unit) {
    case 'percent':
      return `${digits(value, 1)}%`;
    case 'count':
      return digits(value, 0);
    case 'rate_per_10000':
      return `${digits(value, 1)} per 10,000`;
    case 'days':
      return days(value);
    case 'fte':
      return `${digits(value, 1)} FTE`;
    case 'ratio':
      return digits(value, 1);
  }
}

/**
 * A distance between two values (never negative), in words: the difference between two percentages is
 * in percentage points, not per cent, so "2.1 points" rather than "2.1%".
 */
function distanceText(distance: number, unit: IndicatorUnit): string {
  return unit === 'percent' ? `${digits(distance, 1)} points` : unitText(distance, unit);
}

/**
 * A value as it is shown everywhere: "22.4%", "1,234", "512.3 per 10,000", "12 days", "36.5 FTE",
 * "15.2". Null, NaN and infinities read "No data": a chart must never show "NaN%".
 */
export function formatValue(value: number | null, unit: IndicatorUnit): string {
  if (value === null || !Number.isFinite(value)) return 'No data';
  return unitText(forUnit(value, unit), unit);
}

function assertFinite(values: Record<string, number>): void {
  for (const [name, value] of Object.entries(values))
    if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, not ${value}.`);
}

// ---- Against a target ----

/** The sentence for a directional indicator's gap. Counts say above/below, since "12 worse" reads oddly. */
function targetText(gap: number, above: number, target: number, unit: IndicatorUnit): string {
  const targetShown = unitText(target, unit);
  if (gap === 0) return `On target (${targetShown})`;
  const distance = distanceText(Math.abs(gap), unit);
  const judgement = gap > 0 ? 'better' : 'worse';
  if (unit === 'count')
    return `${distance} ${above > 0 ? 'above' : 'below'} target, which is ${judgement} (target ${targetShown})`;
  return `${distance} ${judgement} than target (target ${targetShown})`;
}

/**
 * RAG against a target. Value, target and tolerance are first rounded to the unit's shown precision;
 * then green when on or better than target, amber when worse by no more than the tolerance (the
 * boundary itself is amber), red beyond it. A tolerance of 0 means anything worse than target is red.
 * Neutral indicators have no RAG: the text sets value and target side by side instead.
 */
export function ragAgainstTarget(input: TargetInput): TargetResult {
  const { polarity, unit } = input;
  assertFinite({ value: input.value, target: input.target, tolerance: input.tolerance });
  if (input.tolerance < 0) throw new RangeError(`tolerance must not be negative, not ${input.tolerance}.`);

  const value = forUnit(input.value, unit);
  const target = forUnit(input.target, unit);
  const tolerance = forUnit(input.tolerance, unit);
  // Rounded again: 20.1 - 20.0 is 0.10000000000000142 in floating point.
  const above = forUnit(value - target, unit);

  if (polarity === 'neutral')
    return {
      rag: null,
      gap: above,
      text: `No target direction: ${unitText(value, unit)} against ${unitText(target, unit)}`,
    };

  const gap = polarity === 'higher_is_better' ? above : forUnit(-above, unit);
  const rag: IndicatorRag = gap >= 0 ? 'green' : -gap <= tolerance ? 'amber' : 'red';
  return { rag, gap, text: targetText(gap, above, target, unit) };
}

// ---- Direction of travel ----

/**
 * Which way an indicator moved since the previous period, and whether that is better. Compared at the
 * shown precision, so values within 0.05 of each other that show the same ("20.0%" and "20.0%") are the
 * same: a board should not be told of a change it cannot see in the figures.
 */
export function directionOfTravel(
  current: number | null,
  previous: number | null,
  polarity: Polarity,
  unit: IndicatorUnit,
): DirectionResult {
  if (current === null || !Number.isFinite(current))
    return { direction: 'unknown', better: null, text: 'No data for this period' };
  if (previous === null || !Number.isFinite(previous))
    return { direction: 'unknown', better: null, text: 'No data for the previous period to compare with' };

  const change = forUnit(forUnit(current, unit) - forUnit(previous, unit), unit);
  if (change === 0) return { direction: 'same', better: null, text: 'No change since the previous period' };

  const direction = change > 0 ? 'up' : 'down';
  const better = polarity === 'neutral' ? null : change > 0 === (polarity === 'higher_is_better');
  const moved = `${direction === 'up' ? 'Up' : 'Down'} ${distanceText(Math.abs(change), unit)} since the previous period`;
  return { direction, better, text: better === null ? moved : `${moved}: ${better ? 'better' : 'worse'}` };
}

// ---- Missing values ----

/**
 * DfE's codes for a cell with no number, in plain English with the code kept, so a reader can look it
 * up in the publication's guidance. The codes are those the EES reader recognises (dfe/ees.ts).
 */
const MISSING_TEXT: Readonly<Record<string, string>> = {
  c: 'Suppressed (c)',
  x: 'Not available (x)',
  z: 'Not applicable (z)',
  low: 'Fewer than 0.5 (low)',
  u: 'Low reliability (u)',
  k: 'Fewer than 3 (k)',
  ':': 'Not available',
  '~': 'Rounds to zero (~)',
  '': 'No data',
};

/** A missing-value code as words; case and spaces are ignored, and an unknown code is shown as it is. */
export function formatMissing(code: string): string {
  const key = code.trim().toLowerCase();
  return Object.hasOwn(MISSING_TEXT, key) ? MISSING_TEXT[key]! : `Not available (${code.trim()})`;
}

// ---- Periods ----

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const QUARTERS = ['Jan to Mar', 'Apr to Jun', 'Jul to Sep', 'Oct to Dec'] as const;

/**
 * A stored period in words: "2026-03" → "March 2026"; "2025-Q4" → "Oct to Dec 2025" (calendar
 * quarters); "2024/25" → "2024 to 2025", as GOV.UK style writes a financial or academic year. Anything
 * else (e.g. "2025") is returned as it is: better shown as stored than hidden.
 */
export function periodLabel(period: string): string {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (month) return `${MONTHS[Number(month[2]) - 1]} ${month[1]}`;
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return `${QUARTERS[Number(quarter[2]) - 1]} ${quarter[1]}`;
  const span = /^(\d{4})\/(\d{2})$/.exec(period);
  if (span && (Number(span[1]) + 1) % 100 === Number(span[2])) return `${span[1]} to ${Number(span[1]) + 1}`;
  return period;
}

// ---- Synthetic series ----

export interface SyntheticSeriesOptions {
  /** Same seed, same series: demos and tests must not change from run to run. */
  seed: number;
  months: number;
  /** The last period, YYYY-MM. */
  endMonth: string;
  start: number;
  end: number;
  /** The most a point may stray from the trend line, either way, in the unit. */
  noise: number;
  unit: IndicatorUnit;
}

/**
 * mulberry32: a tiny, well-mixed 32-bit PRNG. Our own rather than Math.random so a seed gives the same
 * demo data on every machine and Node version. Returns numbers in [0, 1).
 */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** "YYYY-MM" moved by a number of months, either way. */
function addMonths(yearMonth: string, delta: number): string {
  const [year, month] = yearMonth.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Percentages stay within 0–100; nothing else Waymark measures can be negative. */
function clampFor(value: number, unit: IndicatorUnit): number {
  const floored = Math.max(0, value);
  return unit === 'percent' ? Math.min(100, floored) : floored;
}

/**
 * A believable monthly history for demos: a straight line from `start` to `end` over the months up to
 * `endMonth`, each point moved by up to `noise` either way, clamped to the unit's range and rounded as
 * shown (whole numbers for counts, one decimal otherwise).
 */
export function syntheticSeries(opts: SyntheticSeriesOptions): { period: string; value: number }[] {
  const { seed, months, endMonth, start, end, noise, unit } = opts;
  if (!Number.isInteger(months) || months < 1)
    throw new RangeError(`months must be a whole number of at least 1, not ${months}.`);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(endMonth))
    throw new RangeError(`endMonth must be YYYY-MM, such as 2026-03, not "${endMonth}".`);
  assertFinite({ seed, start, end, noise });
  if (noise < 0) throw new RangeError(`noise must not be negative, not ${noise}.`);

  const random = mulberry32(seed);
  return Array.from({ length: months }, (_, i) => {
    const progress = months === 1 ? 1 : i / (months - 1);
    const trend = start + (end - start) * progress;
    const value = trend + noise * (2 * random() - 1);
    return { period: addMonths(endMonth, i - (months - 1)), value: forUnit(clampFor(value, unit), unit) };
  });
}
