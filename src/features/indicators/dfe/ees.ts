// Reads DfE "Explore Education Statistics" (EES) open-data CSV files: the shape DfE publishes children's
// social care statistics in (workforce, children in need, referrals...). Pure: text in, rows out, no
// database and no network, so the importer, the CLI and the tests all read a file the same way.
//
// EES files share one layout: time columns, geography columns, optional filter columns, then one column
// per measure (an "indicator"). Suppressed or unavailable values are written as short codes (c, x, z,
// low, u...). A code says *why* there is no number, and a council's chart must show that gap, never a 0.
import { readCsvRecords } from '../../../platform/csv.js';

// ---- Types ----

export type GeographicLevel = 'national' | 'regional' | 'local_authority';

/** A measure's cell: a number, or a missing value with its code ('' for an empty cell). Never 0 for "missing". */
export type EesValue = { kind: 'number'; value: number } | { kind: 'missing'; code: string };

export interface EesRow {
  /** The file line the row is on, header = line 1. */
  line: number;
  /** As in the file: 2024 or 202425. */
  timePeriod: string;
  /** For people: "2024", or "2024/25" for a six-digit period. */
  year: string;
  timeIdentifier: string | null;
  geographicLevel: GeographicLevel;
  countryCode: string | null;
  regionCode: string | null;
  regionName: string | null;
  /** new_la_code (ONS E-code) as in the file. Two councils reported jointly give "E06000061 / E06000062". */
  laCode: string | null;
  /** Each ONS code in laCode. */
  laCodes: string[];
  /** old_la_code, DfE's three-digit LA number; null when absent or when the row covers more than one council. */
  oldLaCode: number | null;
  /** Every DfE LA number the row covers: [383], or [940, 941] for councils reported jointly. */
  oldLaCodes: number[];
  laName: string | null;
  /** Values of the file's extra filter columns (e.g. characteristic), keyed by header. */
  dimensions: Record<string, string>;
  /** One entry per measure, keyed by header as spelt in the file. */
  values: Record<string, EesValue>;
}

export interface EesError {
  line: number;
  /** The header of the column at fault, or null when the whole line is. */
  column: string | null;
  message: string;
}

export interface EesParseOptions {
  /** Read only these measure columns; other unrecognised numeric columns are ignored, with a warning. */
  measures?: string[];
  /** Extra filter columns, for those whose values could pass for numbers (e.g. an age column). */
  dimensions?: string[];
}

export interface EesParseResult {
  /** The header, trimmed. */
  columns: string[];
  /** Extra filter columns: the ones named in options, and text-only columns found in the file. */
  dimensions: string[];
  measures: string[];
  /** Empty whenever there are errors: a file is imported whole or not at all. */
  rows: EesRow[];
  errors: EesError[];
  warnings: string[];
}

// ---- The format ----

/**
 * The codes EES and the GSS harmonised symbols use in place of a number: c confidential (suppressed),
 * x not available, z not applicable, low rounds to 0 but is not 0, u low reliability, k a DfE variant of
 * "low"; ":" and "~" are legacy GSS symbols still found in older files.
 */
export const MISSING_CODES: readonly string[] = ['c', 'x', 'z', 'low', 'u', 'k', ':', '~'];
const MISSING = new Set(MISSING_CODES);
const MISSING_LIST = MISSING_CODES.join(', ');

/** Time and geography columns from the EES data standards: never measures, never filters. */
const STANDARD_COLUMNS = new Set([
  'time_period',
  'time_identifier',
  'geographic_level',
  'country_code',
  'country_name',
  'region_code',
  'region_name',
  'old_la_code',
  'new_la_code',
  'la_name',
  'lad_code',
  'lad_name',
  'rsc_region_lead_name',
  'pcon_code',
  'pcon_name',
  'lsip_code',
  'lsip_name',
  'local_enterprise_partnership_code',
  'local_enterprise_partnership_name',
  'english_devolved_area_code',
  'english_devolved_area_name',
  'opportunity_area_code',
  'opportunity_area_name',
  'ward_code',
  'ward_name',
  'trust_id',
  'trust_name',
  'sponsor_id',
  'sponsor_name',
  'school_urn',
  'school_laestab',
  'school_name',
  'provider_ukprn',
  'provider_name',
  'institution_id',
  'institution_name',
  'planning_area_code',
  'planning_area_name',
  'pfa_code',
  'pfa_name',
]);

/** The levels Waymark benchmarks at. Rows at other levels (ward, constituency...) are skipped with a warning. */
const LEVELS = new Map<string, GeographicLevel>([
  ['national', 'national'],
  ['regional', 'regional'],
  ['local authority', 'local_authority'],
]);

const key = (header: string): string => header.trim().toLowerCase();

// ---- Cells ----

const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * A number as statisticians write it: plain, with correctly grouped thousands ("1,234.5"), or with a
 * trailing % (EES units are in the metadata, so "12.5%" is 12.5). Anything else, "1,23" or "12abc"
 * included, is not a number: guessing would put a wrong figure in front of a council.
 */
export function readNumber(text: string): number | null {
  let t = text.trim();
  if (t.endsWith('%')) t = t.slice(0, -1).trimEnd();
  if (GROUPED_NUMBER.test(t)) t = t.replace(/,/g, '');
  if (!PLAIN_NUMBER.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** A measure cell: a number, a missing-value code (lower-cased), '' for empty, or null when it is neither. */
export function readValue(text: string): EesValue | null {
  const t = text.trim();
  if (t === '') return { kind: 'missing', code: '' };
  const code = t.toLowerCase();
  if (MISSING.has(code)) return { kind: 'missing', code };
  const value = readNumber(t);
  return value === null ? null : { kind: 'number', value };
}

/** "2024" stays "2024"; "202425" becomes "2024/25". Null when the text is not an EES time period. */
export function yearLabel(timePeriod: string): string | null {
  if (/^\d{4}$/.test(timePeriod)) return timePeriod;
  const six = /^(\d{4})(\d{2})$/.exec(timePeriod);
  if (!six) return null;
  const start = Number(six[1]);
  // Six digits always name a year running into the next: 2024/25, never 2024/26.
  if ((start + 1) % 100 !== Number(six[2])) return null;
  return `${six[1]}/${six[2]}`;
}

const textOrNull = (text: string | undefined): string | null => {
  const t = (text ?? '').trim();
  return t === '' || MISSING.has(t.toLowerCase()) ? null : t;
};

/** Councils reported jointly share a row, their codes joined by " / " ("940 / 941"). */
const splitCodes = (text: string | null): string[] => (text === null ? [] : text.split(/\s*\/\s*/));

// ---- Columns ----

interface Layout {
  header: string[];
  /** Lower-cased header → index, for the standard columns. */
  index: Map<string, number>;
  measures: { name: string; at: number }[];
  dimensions: { name: string; at: number }[];
  ignored: string[];
}

const fileError = (column: string | null, message: string): EesError => ({ line: 1, column, message });

/** A column is a filter when it holds text: every non-empty value is neither a number nor a missing code. */
function looksLikeText(records: string[][], at: number): boolean {
  let seen = false;
  for (const cells of records) {
    const value = (cells[at] ?? '').trim();
    if (value === '') continue;
    if (readValue(value) !== null) return false;
    seen = true;
  }
  return seen;
}

/** Sorts the header into standard, measure, filter and ignored columns, or says why the file cannot be read. */
function layoutOf(
  header: string[],
  data: string[][],
  options: EesParseOptions,
): { layout: Layout } | { errors: EesError[] } {
  const errors: EesError[] = [];
  const index = new Map<string, number>();
  header.forEach((name, at) => {
    if (name === '') {
      errors.push(fileError(null, `Line 1: column ${at + 1} has no name.`));
      return;
    }
    const k = key(name);
    const earlier = index.get(k);
    if (earlier !== undefined)
      errors.push(
        fileError(name, `Line 1: the column "${name}" appears twice (columns ${earlier + 1} and ${at + 1}).`),
      );
    else index.set(k, at);
  });
  for (const required of ['time_period', 'geographic_level'])
    if (!index.has(required))
      errors.push(fileError(required, `The file has no "${required}" column, which every EES file has.`));
  // Which rows a file has decides which columns it needs: a national-only file has no LA codes.
  const levelAt = index.get('geographic_level');
  const hasLevel = (level: string) =>
    levelAt !== undefined && data.some((cells) => key(cells[levelAt] ?? '') === level);
  if (!index.has('new_la_code') && !index.has('old_la_code') && hasLevel('local authority'))
    errors.push(
      fileError(
        'new_la_code',
        'The file has local authority rows but no "new_la_code" or "old_la_code" column.',
      ),
    );
  if (!index.has('region_code') && !index.has('region_name') && hasLevel('regional'))
    errors.push(
      fileError('region_code', 'The file has regional rows but no "region_code" or "region_name" column.'),
    );

  const named = (list: string[] | undefined, what: string): Set<string> => {
    const set = new Set((list ?? []).map(key));
    for (const k of set)
      if (!index.has(k)) errors.push(fileError(k, `The file has no column "${k}", named as ${what}.`));
      else if (STANDARD_COLUMNS.has(k))
        errors.push(fileError(k, `"${k}" is a standard EES column, so it cannot be ${what}.`));
    return set;
  };
  const wantedMeasures = named(options.measures, 'a measure');
  const wantedDimensions = named(options.dimensions, 'a filter');
  for (const k of wantedMeasures)
    if (wantedDimensions.has(k))
      errors.push(fileError(k, `"${k}" is named both as a measure and as a filter; it can only be one.`));
  if (errors.length) return { errors };

  const layout: Layout = { header, index, measures: [], dimensions: [], ignored: [] };
  header.forEach((name, at) => {
    const k = key(name);
    if (STANDARD_COLUMNS.has(k)) return;
    if (wantedDimensions.has(k)) layout.dimensions.push({ name, at });
    else if (wantedMeasures.has(k)) layout.measures.push({ name, at });
    else if (looksLikeText(data, at)) layout.dimensions.push({ name, at });
    else if (options.measures) layout.ignored.push(name);
    else layout.measures.push({ name, at });
  });
  return { layout };
}

// ---- Rows ----

type RowResult =
  | { kind: 'row'; row: EesRow; jointLa: boolean }
  | { kind: 'skipped'; level: string }
  | { kind: 'errors'; errors: EesError[] };

const cellError = (line: number, column: string, text: string, why: string): EesError => ({
  line,
  column,
  message: `Line ${line}, column "${column}": "${text}" ${why}`,
});

function readRow(layout: Layout, line: number, cells: string[]): RowResult {
  const cell = (name: string): string | undefined => {
    const at = layout.index.get(name);
    return at === undefined ? undefined : cells[at];
  };
  const column = (name: string): string => layout.header[layout.index.get(name) ?? -1] ?? name;
  const errors: EesError[] = [];

  const levelText = (cell('geographic_level') ?? '').trim();
  const geographicLevel = LEVELS.get(levelText.toLowerCase());
  if (levelText === '')
    errors.push({
      line,
      column: column('geographic_level'),
      message: `Line ${line}, column "${column('geographic_level')}": the geographic level is empty.`,
    });
  else if (!geographicLevel) return { kind: 'skipped', level: levelText };

  const timePeriod = (cell('time_period') ?? '').trim();
  const year = yearLabel(timePeriod);
  if (year === null)
    errors.push(
      cellError(
        line,
        column('time_period'),
        timePeriod,
        'is not an EES time period (four digits such as 2024, or six such as 202425 for 2024/25).',
      ),
    );

  const oldLaText = textOrNull(cell('old_la_code'));
  const oldLaCodes: number[] = [];
  for (const code of splitCodes(oldLaText)) {
    if (/^\d{3}$/.test(code)) oldLaCodes.push(Number(code));
    else {
      errors.push(
        cellError(
          line,
          column('old_la_code'),
          oldLaText ?? '',
          'is not a DfE LA number (three digits, such as 383).',
        ),
      );
      break;
    }
  }
  const laCode = textOrNull(cell('new_la_code'));
  if (geographicLevel === 'local_authority' && laCode === null && oldLaText === null)
    errors.push({
      line,
      column: column(layout.index.has('new_la_code') ? 'new_la_code' : 'old_la_code'),
      message: `Line ${line}: a local authority row needs a new_la_code or an old_la_code, and this one has neither.`,
    });
  const regionCode = textOrNull(cell('region_code'));
  const regionName = textOrNull(cell('region_name'));
  if (geographicLevel === 'regional' && regionCode === null && regionName === null)
    errors.push({
      line,
      column: column(layout.index.has('region_code') ? 'region_code' : 'region_name'),
      message: `Line ${line}: a regional row needs a region_code or a region_name, and this one has neither.`,
    });

  // Object.fromEntries defines own properties, so a header such as "__proto__" stays a plain name.
  const entries: [string, EesValue][] = [];
  for (const { name, at } of layout.measures) {
    const text = cells[at] ?? '';
    const value = readValue(text);
    if (value) entries.push([name, value]);
    else
      errors.push(
        cellError(
          line,
          name,
          text.trim(),
          `is not a number or a recognised suppression code (${MISSING_LIST}).`,
        ),
      );
  }
  const values: Record<string, EesValue> = Object.fromEntries(entries);
  const dimensions: Record<string, string> = Object.fromEntries(
    layout.dimensions.map(({ name, at }) => [name, (cells[at] ?? '').trim()]),
  );

  if (errors.length || !geographicLevel || year === null) return { kind: 'errors', errors };
  return {
    kind: 'row',
    jointLa: oldLaCodes.length > 1,
    row: {
      line,
      timePeriod,
      year,
      timeIdentifier: textOrNull(cell('time_identifier')),
      geographicLevel,
      countryCode: textOrNull(cell('country_code')),
      regionCode,
      regionName,
      laCode,
      laCodes: splitCodes(laCode),
      oldLaCode: oldLaCodes.length === 1 ? oldLaCodes[0]! : null,
      oldLaCodes,
      laName: textOrNull(cell('la_name')),
      dimensions,
      values,
    },
  };
}

// ---- The file ----

/**
 * Reads an EES CSV file. Columns are found by name, case-insensitively, so the reader follows the format
 * rather than one publication's column order. Every column that is not a standard time or geography
 * column is a measure (or, when options.measures is given, only those named), except filter columns:
 * those named in options.dimensions and those holding only text (e.g. `category`).
 *
 * Rows at national, regional and local authority level are read; other levels are skipped with a
 * warning. Errors name the line and column in plain English; when there are any, rows is empty.
 */
export function parseEesCsv(text: string, options: EesParseOptions = {}): EesParseResult {
  const { records, unclosedQuoteLine } = readCsvRecords(text);
  const header = (records[0]?.cells ?? []).map((h) => h.trim());
  const empty = { columns: header, dimensions: [], measures: [], rows: [], warnings: [] };
  if (records.length === 0 || header.every((h) => h === ''))
    return { ...empty, errors: [fileError(null, 'The file is empty: there is no header row.')] };

  const data = records.slice(1).filter((r) => !r.cells.every((c) => c.trim() === ''));
  const blankLines = records.length - 1 - data.length;
  const laid = layoutOf(
    header,
    data.map((r) => r.cells),
    options,
  );
  if ('errors' in laid) return { ...empty, errors: laid.errors };
  const { layout } = laid;

  const errors: EesError[] = [];
  const warnings: string[] = [];
  if (unclosedQuoteLine !== null)
    errors.push({
      line: unclosedQuoteLine,
      column: null,
      message: `Line ${unclosedQuoteLine}: a quoted value starts here and is never closed, so the file looks cut short.`,
    });

  const rows: EesRow[] = [];
  const skipped = new Map<string, { count: number; first: number }>();
  const joint = new Map<string, string>();
  for (const { line, cells } of data) {
    if (cells.length !== header.length) {
      errors.push({
        line,
        column: null,
        message: `Line ${line} has ${cells.length} values but the header has ${header.length} columns.`,
      });
      continue;
    }
    const result = readRow(layout, line, cells);
    if (result.kind === 'errors') errors.push(...result.errors);
    else if (result.kind === 'skipped') {
      const seen = skipped.get(result.level);
      if (seen) seen.count++;
      else skipped.set(result.level, { count: 1, first: line });
    } else {
      rows.push(result.row);
      if (result.jointLa) joint.set(result.row.oldLaCodes.join(' / '), result.row.laName ?? '');
    }
  }

  for (const [level, { count, first }] of skipped)
    warnings.push(
      `${count} ${count === 1 ? 'row' : 'rows'} at geographic level "${level}" skipped (first on line ${first}): only national, regional and local authority rows are read.`,
    );
  for (const [codes, name] of joint)
    warnings.push(
      `LA numbers ${codes} (${name}) are reported jointly in one row; each council's benchmarks use the joint figure.`,
    );
  if (blankLines > 0)
    warnings.push(`${blankLines} blank ${blankLines === 1 ? 'line was' : 'lines were'} skipped.`);
  if (layout.ignored.length)
    warnings.push(`Columns not read (not among the measures asked for): ${layout.ignored.join(', ')}.`);

  errors.sort((a, b) => a.line - b.line);
  return {
    columns: header,
    dimensions: layout.dimensions.map((d) => d.name),
    measures: layout.measures.map((m) => m.name),
    rows: errors.length ? [] : rows,
    errors,
    warnings,
  };
}

// ---- Benchmarks ----

export type Polarity = 'higher_is_better' | 'lower_is_better';

export interface BenchmarkOptions {
  measure: string;
  /** The council's DfE LA number (old_la_code). */
  laNumber: number;
  /** A region_code or region_name to compare with; by default the council's own region in the file. */
  region?: string;
  /** DfE LA numbers of the council's statistical neighbours. */
  neighbours: number[];
  /**
   * Which way is better, for the rank. Default higher_is_better, so rank 1 is the highest value; with
   * lower_is_better (e.g. turnover, re-referrals) rank 1 is the lowest.
   */
  polarity?: Polarity;
  /** For files with filter columns: the one value of each to compare on, e.g. { characteristic: 'Total' }. */
  dimensions?: Record<string, string>;
}

export interface PeriodBenchmark {
  timePeriod: string;
  year: string;
  /** Null when the file has no row for the council in this period. */
  council: EesValue | null;
  /** The la_name of the council's row: names both councils when they are reported jointly. */
  councilArea: string | null;
  england: EesValue | null;
  region: EesValue | null;
  regionName: string | null;
  /** Mean of the neighbours with a number this period; null when none has one. */
  neighbourMean: number | null;
  /** How many neighbours' numbers went into the mean (a joint row shared by two neighbours counts once). */
  neighbourCount: number;
  /** 1 = best by polarity; ties share a rank. Null when the council has no number this period. */
  rank: number | null;
  /** How many LA rows had a number this period: the rank is "rank of rankOutOf". */
  rankOutOf: number;
}

const regionOf = (row: EesRow | null | undefined): string | null =>
  row?.regionCode ?? row?.regionName ?? null;

/** The row's value for a measure; own keys only, so "toString" is never mistaken for a measure. */
const valueIn = (row: EesRow | null, measure: string): EesValue | null =>
  row && Object.hasOwn(row.values, measure) ? row.values[measure]! : null;

const numberOf = (value: EesValue | null): number | null => (value?.kind === 'number' ? value.value : null);

/** Sorts periods by the year they start in, then as text: 2023, 202324, 2024... */
const byPeriod = (a: string, b: string): number =>
  Number(a.slice(0, 4)) - Number(b.slice(0, 4)) || a.localeCompare(b);

/**
 * The row for one council in one period. A council reported both on its own and jointly uses its own
 * row; two rows of its own mean the rows still differ by a filter the caller has not chosen.
 */
function laRowFor(rows: EesRow[], laNumber: number): EesRow | null {
  const own = rows.filter((r) => r.oldLaCode === laNumber);
  const ambiguous = (found: EesRow[]) =>
    new Error(
      `LA ${laNumber} has ${found.length} rows for ${found[0]!.timePeriod} (lines ${found.map((r) => r.line).join(', ')}): choose a value for each filter column with options.dimensions.`,
    );
  if (own.length > 1) throw ambiguous(own);
  if (own[0]) return own[0];
  const joint = rows.filter((r) => r.oldLaCodes.includes(laNumber));
  if (joint.length > 1) throw ambiguous(joint);
  return joint[0] ?? null;
}

function onlyRow(rows: EesRow[], what: string): EesRow | null {
  if (rows.length > 1)
    throw new Error(
      `There are ${rows.length} ${what} rows for ${rows[0]!.timePeriod} (lines ${rows.map((r) => r.line).join(', ')}): choose a value for each filter column with options.dimensions.`,
    );
  return rows[0] ?? null;
}

/** The position a value takes among others: 1 + how many are strictly better, so ties share a rank. */
function rankOf(value: number, all: number[], polarity: Polarity): number {
  const better = polarity === 'higher_is_better' ? (v: number) => v > value : (v: number) => v < value;
  return 1 + all.filter(better).length;
}

/**
 * A council's measure beside England, its region, the mean of its statistical neighbours and its rank
 * among all councils, for every period in the rows. Only numbers count: a suppressed neighbour is left
 * out of the mean (neighbourCount says how many were used), and suppressed councils are left out of the
 * ranking, never treated as 0.
 */
export function benchmarksFor(rows: EesRow[], options: BenchmarkOptions): PeriodBenchmark[] {
  const { measure, laNumber, polarity = 'higher_is_better' } = options;
  if (!rows.some((r) => Object.hasOwn(r.values, measure)))
    throw new Error(`"${measure}" is not a measure in these rows.`);
  const wanted = Object.entries(options.dimensions ?? {});
  const chosen = rows.filter((r) =>
    wanted.every(([name, value]) => Object.hasOwn(r.dimensions, name) && r.dimensions[name] === value),
  );

  const periods = new Map<string, EesRow[]>();
  for (const row of chosen) {
    const list = periods.get(row.timePeriod);
    if (list) list.push(row);
    else periods.set(row.timePeriod, [row]);
  }

  // When a period lacks the council's row, its region still comes from its latest row.
  const councilRows = chosen.filter(
    (r) => r.geographicLevel === 'local_authority' && r.oldLaCodes.includes(laNumber),
  );
  const latest = councilRows.sort((a, b) => byPeriod(b.timePeriod, a.timePeriod))[0];
  const neighbours = options.neighbours.filter((n) => n !== laNumber);

  return [...periods.keys()].sort(byPeriod).map((timePeriod): PeriodBenchmark => {
    const inPeriod = periods.get(timePeriod)!;
    const las = inPeriod.filter((r) => r.geographicLevel === 'local_authority');
    const councilRow = laRowFor(las, laNumber);

    const nationals = inPeriod.filter((r) => r.geographicLevel === 'national');
    const englandRows = nationals.filter((r) => r.countryCode === 'E92000001');
    const england = onlyRow(englandRows.length ? englandRows : nationals, 'national');

    const region = (options.region ?? regionOf(councilRow) ?? regionOf(latest))?.toLowerCase();
    const regionRow = onlyRow(
      inPeriod.filter(
        (r) =>
          r.geographicLevel === 'regional' &&
          region !== undefined &&
          (r.regionCode?.toLowerCase() === region || r.regionName?.toLowerCase() === region),
      ),
      'regional',
    );

    // A joint row shared by two neighbours, or by a neighbour and the council, is one figure, used once.
    const neighbourRows = new Set(
      neighbours.map((n) => laRowFor(las, n)).filter((r): r is EesRow => r !== null && r !== councilRow),
    );
    const neighbourValues = [...neighbourRows]
      .map((r) => numberOf(valueIn(r, measure)))
      .filter((v) => v !== null);
    const allValues = las.map((r) => numberOf(valueIn(r, measure))).filter((v) => v !== null);
    const councilValue = numberOf(valueIn(councilRow, measure));

    return {
      timePeriod,
      year: inPeriod[0]!.year,
      council: valueIn(councilRow, measure),
      councilArea: councilRow?.laName ?? null,
      england: valueIn(england, measure),
      region: valueIn(regionRow, measure),
      regionName: regionRow?.regionName ?? null,
      neighbourMean: neighbourValues.length
        ? neighbourValues.reduce((sum, v) => sum + v, 0) / neighbourValues.length
        : null,
      neighbourCount: neighbourValues.length,
      rank: councilValue === null ? null : rankOf(councilValue, allValues, polarity),
      rankOutOf: allValues.length,
    };
  });
}
