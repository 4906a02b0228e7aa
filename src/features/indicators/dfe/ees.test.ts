import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { benchmarksFor, parseEesCsv, yearLabel, type EesParseResult, type EesRow } from './ees.js';

/**
 * A path inside the read-only `shared` folder that sits beside the checkout or one of its parents
 * (../shared from /work/main, ../../shared from a worktree in /work/wt/<name>).
 */
function sharedPath(...parts: string[]): string {
  const repoRoot = path.resolve(import.meta.dirname, '../../../..');
  for (let dir = repoRoot; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const shared = path.join(path.dirname(dir), 'shared');
    if (fs.existsSync(path.join(shared, 'reference-data'))) return path.join(shared, ...parts);
  }
  throw new Error(`No "shared/reference-data" folder beside ${repoRoot} or any of its parents`);
}

const readReference = (name: string): string => fs.readFileSync(sharedPath('reference-data', name), 'utf8');

/** Data lines as a text editor counts them: none of these files has a line break inside a quoted value. */
const dataLineCount = (text: string): number => text.split(/\r\n|\n|\r/).filter((l) => l !== '').length - 1;

const num = (value: number) => ({ kind: 'number', value });
const missing = (code: string) => ({ kind: 'missing', code });

function rowOn(result: EesParseResult, line: number): EesRow {
  const row = result.rows.find((r) => r.line === line);
  assert.ok(row, `no row on line ${line}`);
  return row;
}

/** Each expectation is a cell looked up by hand (awk/grep) in the published file: line, column, text. */
function assertCells(result: EesParseResult, cells: [line: number, column: string, value: object][]): void {
  for (const [line, column, value] of cells)
    assert.deepEqual(rowOn(result, line).values[column], value, `line ${line}, ${column}`);
}

const HEADER =
  'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name';

describe('reading the published EES files', () => {
  it('reads the social work workforce file (csww) with every value equal to the source cell', () => {
    const text = readReference('csww_indicators_2017_to_2025.csv');
    const started = performance.now();
    const result = parseEesCsv(text);
    const ms = performance.now() - started;
    assert.ok(ms < 1000, `parsing took ${ms.toFixed(0)} ms`);

    assert.deepEqual(result.errors, []);
    assert.equal(result.rows.length, dataLineCount(text));
    assert.equal(result.rows.length, 1463);
    assert.deepEqual(result.dimensions, []);
    assert.equal(result.measures.length, 22);
    assert.equal(result.measures[0], 'inpost_fte');
    assert.equal(result.measures.at(-1), 'absence_rate_fte');

    assertCells(result, [
      // National, 2025 and 2019.
      [2, 'inpost_fte', num(36186.3)],
      [2, 'caseload_fte', num(15.2)],
      [977, 'working_days_lost_fte', num(241345.6)],
      // Regional: London and Inner London, 2021.
      [660, 'agency_rate_fte', num(22)],
      [660, 'cases', num(51479)],
      [663, 'caseload_fte', num(14)],
      // Local authorities: Leeds 2025, Bournemouth, Christchurch and Poole (a quoted name) 2025.
      [57, 'turnover_rate_fte', num(7)],
      [57, 'inpost_headcount', num(709)],
      [119, 'inpost_fte', num(220.3)],
      // Isles of Scilly 2025: a real 0 stays 0, "not applicable" stays a code.
      [125, 'inpost_fte', num(0)],
      [125, 'turnover_rate_fte', missing('z')],
      // Suppression codes: low (Sunderland 2025), x (Kensington and Chelsea 2025), u (Sunderland 2024),
      // c (Isles of Scilly 2018).
      [25, 'agency_fte', missing('low')],
      [139, 'inpost_fte', missing('x')],
      [188, 'turnover_rate_fte', missing('u')],
      [1261, 'working_days_lost_fte', missing('c')],
    ]);

    const national = rowOn(result, 2);
    assert.equal(national.geographicLevel, 'national');
    assert.equal(national.timePeriod, '2025');
    assert.equal(national.year, '2025');
    assert.equal(national.timeIdentifier, 'Reporting year');
    assert.equal(national.countryCode, 'E92000001');
    assert.equal(national.regionCode, null);
    assert.equal(national.oldLaCode, null);

    const london = rowOn(result, 660);
    assert.deepEqual(
      [london.geographicLevel, london.regionCode, london.regionName],
      ['regional', 'E12000007', 'London'],
    );

    const leeds = rowOn(result, 57);
    assert.deepEqual(
      [leeds.geographicLevel, leeds.oldLaCode, leeds.laCode, leeds.laName, leeds.regionCode],
      ['local_authority', 383, 'E08000035', 'Leeds', 'E12000003'],
    );
    assert.equal(rowOn(result, 119).laName, 'Bournemouth, Christchurch and Poole');

    // North and West Northamptonshire are reported jointly in the workforce file.
    const northants = rowOn(result, 70);
    assert.deepEqual(
      [northants.oldLaCode, northants.oldLaCodes, northants.laCode, northants.laCodes],
      [null, [940, 941], 'E06000061 / E06000062', ['E06000061', 'E06000062']],
    );
    assert.deepEqual(northants.values.inpost_fte, num(421.5));
    assert.ok(result.warnings.some((w) => w.includes('940 / 941') && w.includes('jointly')));
  });

  it('reads the children in need file (b1), its category column as a filter', () => {
    const text = readReference('b1_children_in_need_2013_to_2025.csv');
    const result = parseEesCsv(text);
    assert.deepEqual(result.errors, []);
    assert.equal(result.rows.length, dataLineCount(text));
    assert.equal(result.rows.length, 2132);
    assert.deepEqual(result.dimensions, ['category']);
    assert.deepEqual(result.measures, [
      'Anypoint_episodes',
      'Anypoint_child',
      'Started_episodes',
      'Started_child',
      'Ended_episodes',
      'Ended_child',
      'At31_episodes',
      'awaiting_assessment',
    ]);
    assert.equal(rowOn(result, 2).dimensions.category, 'Children in Need');

    assertCells(result, [
      [2, 'Anypoint_episodes', num(756120)],
      [2, 'awaiting_assessment', num(16290)],
      [1970, 'At31_episodes', num(378030)],
      // North West 2021, Inner London 2014.
      [662, 'Started_child', num(51420)],
      [1816, 'Ended_episodes', num(23770)],
      // Leeds, Bournemouth, Christchurch and Poole, Kingston upon Thames: 2025.
      [57, 'awaiting_assessment', num(209)],
      [120, 'At31_episodes', num(2446)],
      [161, 'Anypoint_child', num(1780)],
      // c (Isles of Scilly 2025), u (Herefordshire 2024), x (Hackney 2022).
      [126, 'awaiting_assessment', missing('c')],
      [243, 'Started_episodes', missing('u')],
      [629, 'Anypoint_episodes', missing('x')],
    ]);
    const kingston = rowOn(result, 161);
    assert.deepEqual(
      [kingston.oldLaCode, kingston.laName, kingston.regionName],
      [314, 'Kingston upon Thames', 'Outer London'],
    );
    assert.equal(rowOn(result, 1970).timePeriod, '2013');
  });

  it('reads the referrals file (c1)', () => {
    const text = readReference('c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv');
    const result = parseEesCsv(text);
    assert.deepEqual(result.errors, []);
    assert.equal(result.rows.length, dataLineCount(text));
    assert.equal(result.rows.length, 2132);
    assert.deepEqual(result.dimensions, ['category']);
    assert.equal(result.measures.length, 10);

    assertCells(result, [
      [2, 'referral_count', num(632830)],
      [2, 'rereferral_percent', num(22.6)],
      [1314, 'no_further_action_percent', num(10.2)],
      // London 2021 and 2014.
      [667, 'referral_count', num(101700)],
      [1813, 'rereferral_child_percent', num(15.4)],
      // Leeds 2022, Isles of Scilly 2016.
      [550, 'not_in_need_percent', num(44)],
      [1600, 'no_further_action_count', num(8)],
      // c (Isles of Scilly 2016, North Tyneside 2025), u (Herefordshire 2024), x (Hackney 2022).
      [1600, 'rereferral_count', missing('c')],
      [20, 'no_further_action_count', missing('c')],
      [243, 'referral_count', missing('u')],
      [629, 'referral_count', missing('x')],
    ]);
    assert.equal(rowOn(result, 20).laName, 'North Tyneside');
    assert.equal(rowOn(result, 1813).geographicLevel, 'regional');
  });

  it('benchmarks a council reported jointly with its neighbour on the real workforce file', () => {
    const { rows } = parseEesCsv(readReference('csww_indicators_2017_to_2025.csv'));
    const kingston = benchmarksFor(rows, { measure: 'turnover_rate_fte', laNumber: 314, neighbours: [] });
    const y2025 = kingston.find((b) => b.timePeriod === '2025')!;
    // Line 160 (Kingston upon Thames / Richmond upon Thames), line 2 (England), line 13 (Outer London).
    assert.deepEqual(y2025.council, num(28));
    assert.equal(y2025.councilArea, 'Kingston upon Thames / Richmond upon Thames');
    assert.deepEqual(y2025.england, num(11.8));
    assert.deepEqual(y2025.region, num(15.7));
    assert.equal(y2025.regionName, 'Outer London');
    assert.deepEqual(
      kingston.map((b) => b.timePeriod),
      ['2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024', '2025'],
    );
  });
});

describe('reading EES CSV text', () => {
  it('reads a BOM and CRLF line ends, keeping line numbers as in the file', () => {
    const text =
      '\ufeff' +
      [
        HEADER + ',turnover_rate_fte',
        '2024,Reporting year,National,E92000001,England,,,,,,15.2',
        '2024,Reporting year,Local authority,E92000001,England,E12000003,Yorkshire and The Humber,383,E08000035,Leeds,7',
        '',
      ].join('\r\n');
    const result = parseEesCsv(text);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.columns[0], 'time_period');
    assert.deepEqual(
      result.rows.map((r) => [r.line, r.geographicLevel, r.values.turnover_rate_fte]),
      [
        [2, 'national', num(15.2)],
        [3, 'local_authority', num(7)],
      ],
    );
  });

  it('reads quoted fields with commas, quotes and line breaks', () => {
    const text = [
      HEADER + ',cases',
      '2024,Reporting year,Local authority,E92000001,England,E12000009,South West,839,E06000058,"Bournemouth, Christchurch and Poole",2428',
      '2024,Reporting year,Local authority,E92000001,England,E12000009,South West,801,E06000023,"Bristol, ""City"" of',
      '(two lines)","1,234"',
      '2024,Reporting year,Local authority,E92000001,England,E12000009,South West,908,E06000052,Cornwall,12',
    ].join('\n');
    const result = parseEesCsv(text);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.rows.map((r) => [r.line, r.laName, r.values.cases]),
      [
        [2, 'Bournemouth, Christchurch and Poole', num(2428)],
        [3, 'Bristol, "City" of\n(two lines)', num(1234)],
        [5, 'Cornwall', num(12)],
      ],
    );

    const cut = parseEesCsv(text.slice(0, text.indexOf('(two lines)')));
    assert.deepEqual(cut.rows, []);
    assert.deepEqual(cut.errors[0], {
      line: 3,
      column: null,
      message: 'Line 3: a quoted value starts here and is never closed, so the file looks cut short.',
    });
  });

  it('refuses a value that is neither a number nor a code, naming the line and column', () => {
    const text = [
      HEADER + ',turnover_rate_fte,cases',
      '2024,Reporting year,National,E92000001,England,,,,,,15.2,100',
      '2024,Reporting year,Local authority,E92000001,England,E12000003,Yorkshire and The Humber,383,E08000035,Leeds,12abc,1,23',
    ].join('\n');
    const result = parseEesCsv(text);
    assert.deepEqual(result.rows, []);
    assert.deepEqual(result.errors, [
      { line: 3, column: null, message: 'Line 3 has 13 values but the header has 12 columns.' },
    ]);

    const bad = parseEesCsv(text.replace(',1,23', ',"1,23"'));
    assert.deepEqual(bad.rows, []);
    assert.deepEqual(bad.errors, [
      {
        line: 3,
        column: 'turnover_rate_fte',
        message:
          'Line 3, column "turnover_rate_fte": "12abc" is not a number or a recognised suppression code (c, x, z, low, u, k, :, ~).',
      },
      {
        line: 3,
        column: 'cases',
        message:
          'Line 3, column "cases": "1,23" is not a number or a recognised suppression code (c, x, z, low, u, k, :, ~).',
      },
    ]);
  });

  it('refuses a file without a required column, naming it', () => {
    const noPeriod = parseEesCsv(
      'time_identifier,geographic_level,country_code,cases\nReporting year,National,E92000001,5',
    );
    assert.deepEqual(noPeriod.rows, []);
    assert.deepEqual(
      noPeriod.errors.map((e) => [e.line, e.column]),
      [[1, 'time_period']],
    );
    assert.match(noPeriod.errors[0]!.message, /no "time_period" column/);

    const noLevel = parseEesCsv('time_period,country_code,cases\n2024,E92000001,5');
    assert.deepEqual(
      noLevel.errors.map((e) => e.column),
      ['geographic_level'],
    );

    // LA rows need an LA code column; a national-only file does not.
    const laRows =
      'time_period,geographic_level,la_name,cases\n2024,National,,5\n2024,Local authority,Leeds,3';
    const noLaCode = parseEesCsv(laRows);
    assert.deepEqual(
      noLaCode.errors.map((e) => e.column),
      ['new_la_code'],
    );
    assert.match(noLaCode.errors[0]!.message, /"new_la_code" or "old_la_code"/);
    const nationalOnly = parseEesCsv('time_period,geographic_level,cases\n2024,National,5');
    assert.deepEqual(nationalOnly.errors, []);
    assert.deepEqual(nationalOnly.rows[0]!.values.cases, num(5));

    // Column names are matched whatever their case.
    const upper = parseEesCsv('Time_Period,GEOGRAPHIC_LEVEL,Cases\n202425,national,5');
    assert.deepEqual(upper.errors, []);
    assert.deepEqual([upper.rows[0]!.year, upper.measures], ['2024/25', ['Cases']]);
  });

  it('keeps suppression codes and empty cells as missing values, never zero', () => {
    const codes = ['c', 'x', 'z', 'low', 'u', 'k', ':', '~', '', ' C ', '0', '1,234.5', '12.5%'];
    const text = [
      'time_period,geographic_level,country_code,value',
      ...codes.map((c) => `2024,National,E92000001,"${c}"`),
    ].join('\n');
    const result = parseEesCsv(text);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.rows.map((r) => r.values.value),
      [...['c', 'x', 'z', 'low', 'u', 'k', ':', '~', '', 'c'].map(missing), num(0), num(1234.5), num(12.5)],
    );
  });

  it('finds filter columns by their text values, or by name, and reads only the measures asked for', () => {
    const text = [
      HEADER + ',characteristic,age,rate,count',
      '2024,Reporting year,National,E92000001,England,,,,,,Total,10,5.5,100',
      '2024,Reporting year,National,E92000001,England,,,,,,Female,11,x,c',
      '2024,Reporting year,Local authority district,E92000001,England,,,,,,Total,10,1,1',
    ].join('\n');
    const auto = parseEesCsv(text);
    assert.deepEqual(auto.errors, []);
    assert.deepEqual(auto.dimensions, ['characteristic']);
    assert.deepEqual(auto.measures, ['age', 'rate', 'count']);

    const named = parseEesCsv(text, { dimensions: ['AGE'], measures: ['rate'] });
    assert.deepEqual(named.errors, []);
    assert.deepEqual(named.dimensions, ['characteristic', 'age']);
    assert.deepEqual(named.measures, ['rate']);
    assert.deepEqual(
      named.rows.map((r) => [r.dimensions, r.values]),
      [
        [{ characteristic: 'Total', age: '10' }, { rate: num(5.5) }],
        [{ characteristic: 'Female', age: '11' }, { rate: missing('x') }],
      ],
    );
    assert.ok(named.warnings.includes('Columns not read (not among the measures asked for): count.'));
    // The district row is skipped with a warning, not an error.
    assert.ok(
      named.warnings.some((w) =>
        w.startsWith('1 row at geographic level "Local authority district" skipped'),
      ),
    );

    const unknown = parseEesCsv(text, { measures: ['rates'] });
    assert.deepEqual(
      unknown.errors.map((e) => e.column),
      ['rates'],
    );
  });

  it('refuses a time period EES does not write', () => {
    assert.equal(yearLabel('2024'), '2024');
    assert.equal(yearLabel('202425'), '2024/25');
    assert.equal(yearLabel('199900'), '1999/00');
    assert.equal(yearLabel('202426'), null);
    const result = parseEesCsv('time_period,geographic_level,cases\n2024-25,National,5');
    assert.deepEqual(result.errors, [
      {
        line: 2,
        column: 'time_period',
        message:
          'Line 2, column "time_period": "2024-25" is not an EES time period (four digits such as 2024, or six such as 202425 for 2024/25).',
      },
    ]);
  });
});

describe('benchmarking a council', () => {
  // Council 101 in the North East; neighbours 102 (North East), 104 and 105 (North West).
  const fixture = [
    HEADER + ',turnover',
    '2023,Reporting year,National,E92000001,England,,,,,,15',
    '2023,Reporting year,Regional,E92000001,England,E12000001,North East,,,,12',
    '2023,Reporting year,Regional,E92000001,England,E12000002,North West,,,,18',
    '2023,Reporting year,Local authority,E92000001,England,E12000001,North East,101,E06000101,Alpha,10',
    '2023,Reporting year,Local authority,E92000001,England,E12000001,North East,102,E06000102,Bravo,14',
    '2023,Reporting year,Local authority,E92000001,England,E12000002,North West,103,E06000103,Charlie,20',
    '2023,Reporting year,Local authority,E92000001,England,E12000002,North West,104,E06000104,Delta,16',
    '2023,Reporting year,Local authority,E92000001,England,E12000002,North West,105,E06000105,Echo,18',
    '2024,Reporting year,National,E92000001,England,,,,,,14',
    '2024,Reporting year,Regional,E92000001,England,E12000001,North East,,,,13',
    '2024,Reporting year,Local authority,E92000001,England,E12000001,North East,101,E06000101,Alpha,15',
    '2024,Reporting year,Local authority,E92000001,England,E12000001,North East,102,E06000102,Bravo,12',
    '2024,Reporting year,Local authority,E92000001,England,E12000002,North West,103,E06000103,Charlie,15',
    '2024,Reporting year,Local authority,E92000001,England,E12000002,North West,104,E06000104,Delta,17',
    '2024,Reporting year,Local authority,E92000001,England,E12000002,North West,105,E06000105,Echo,c',
    // 2025: no row for the council; its region comes from its latest row.
    '2025,Reporting year,National,E92000001,England,,,,,,13',
    '2025,Reporting year,Regional,E92000001,England,E12000001,North East,,,,11',
  ].join('\n');
  const { rows, errors } = parseEesCsv(fixture);

  it('gives England, region, neighbour mean and rank per period (rank 1 = highest by default)', () => {
    assert.deepEqual(errors, []);
    const result = benchmarksFor(rows, { measure: 'turnover', laNumber: 101, neighbours: [102, 104, 105] });
    assert.deepEqual(result, [
      {
        timePeriod: '2023',
        year: '2023',
        council: num(10),
        councilArea: 'Alpha',
        england: num(15),
        region: num(12),
        regionName: 'North East',
        neighbourMean: 16, // (14 + 16 + 18) / 3
        neighbourCount: 3,
        rank: 5, // 20, 18, 16, 14 are higher
        rankOutOf: 5,
      },
      {
        timePeriod: '2024',
        year: '2024',
        council: num(15),
        councilArea: 'Alpha',
        england: num(14),
        region: num(13),
        regionName: 'North East',
        neighbourMean: 14.5, // (12 + 17) / 2: Echo is suppressed, not 0
        neighbourCount: 2,
        rank: 2, // only 17 is higher; Charlie's 15 ties with the council
        rankOutOf: 4, // Echo's "c" is not ranked
      },
      {
        timePeriod: '2025',
        year: '2025',
        council: null,
        councilArea: null,
        england: num(13),
        region: num(11),
        regionName: 'North East',
        neighbourMean: null,
        neighbourCount: 0,
        rank: null,
        rankOutOf: 0,
      },
    ]);
  });

  it('ranks lowest first when lower is better, and compares with another region when asked', () => {
    const result = benchmarksFor(rows, {
      measure: 'turnover',
      laNumber: 101,
      neighbours: [102, 104, 105],
      polarity: 'lower_is_better',
      region: 'north west',
    });
    assert.deepEqual(
      result.map((b) => [b.timePeriod, b.rank, b.rankOutOf, b.region, b.regionName]),
      [
        ['2023', 1, 5, num(18), 'North West'], // 10 is the lowest
        ['2024', 2, 4, null, null], // only 12 is lower; no North West row in 2024
        ['2025', null, 0, null, null],
      ],
    );
  });

  it('says when a measure is not in the rows, or when filter columns leave a council with two rows', () => {
    assert.throws(
      () => benchmarksFor(rows, { measure: 'caseload', laNumber: 101, neighbours: [] }),
      /"caseload"/,
    );
    const twoRows = parseEesCsv(
      [
        HEADER + ',characteristic,turnover',
        '2024,Reporting year,Local authority,E92000001,England,E12000001,North East,101,E06000101,Alpha,Total,10',
        '2024,Reporting year,Local authority,E92000001,England,E12000001,North East,101,E06000101,Alpha,Female,12',
      ].join('\n'),
    ).rows;
    assert.throws(
      () => benchmarksFor(twoRows, { measure: 'turnover', laNumber: 101, neighbours: [] }),
      /LA 101 has 2 rows for 2024 \(lines 2, 3\)/,
    );
    const female = benchmarksFor(twoRows, {
      measure: 'turnover',
      laNumber: 101,
      neighbours: [],
      dimensions: { characteristic: 'Female' },
    });
    assert.deepEqual(female[0]!.council, num(12));
  });
});
