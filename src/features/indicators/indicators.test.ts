import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describeEachDatabase } from '../../../test/helpers/db.js';
import {
  TEST_PASSWORD,
  createTestApp,
  makeOrganisation,
  makeUser,
  type TestApp,
} from '../../../test/helpers/app.js';
import { WebClient } from '../../../test/helpers/web-client.js';
import { SYSTEM_ACTOR } from '../../platform/audit/service.js';
import { parseCsv } from '../../platform/csv.js';
import { marks } from '../../platform/charts/svg-inspect.js';
import { benchmarkRows, dfeFileKind, periodEnd } from './service.js';
import type { DfeStatistic } from './schema.js';

const reference = (name: string) => {
  for (let dir = process.cwd(); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(path.dirname(dir), 'shared', 'reference-data', name);
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  }
  throw new Error(`No shared/reference-data/${name} beside the project`);
};

it('works out period ends and which DfE file a file is', () => {
  assert.equal(periodEnd('2026-02'), '2026-02-28');
  assert.equal(periodEnd('2024-02'), '2024-02-29');
  assert.equal(periodEnd('2026-Q3'), '2026-09-30');
  assert.equal(periodEnd('202425'), '2025-03-31');
  assert.equal(dfeFileKind(['turnover_rate_fte'], 'x.csv'), 'csww');
  assert.equal(dfeFileKind(['rereferral_percent'], 'x.csv'), 'c1');
  assert.equal(dfeFileKind(['something'], 'My file (2025).csv'), 'My_file_2025_');
});

it('benchmarks a council against England, its region and its neighbours, with its rank by polarity', () => {
  const row = (
    level: string,
    value: number | null,
    la: number[] = [],
    region = 'North',
    code: string | null = null,
  ): DfeStatistic => ({
    id: `${level}${la.join()}${region}`,
    file: 'csww',
    measure: 'm',
    timePeriod: '2025',
    year: '2025',
    geographicLevel: level,
    regionCode: null,
    regionName: level === 'national' ? null : region,
    laNumbers: la,
    laName: null,
    filters: {},
    value,
    missingCode: code,
    importedAt: new Date(),
  });
  const rows = [
    row('national', 15),
    row('regional', 16),
    row('regional', 12, [], 'South'),
    row('local_authority', 20, [1]),
    row('local_authority', 10, [2]),
    row('local_authority', 14, [3], 'South'),
    row('local_authority', null, [4], 'North', 'c'),
  ];
  const [b] = benchmarkRows(
    rows,
    { laNumber: 1, region: null, statisticalNeighbours: [2, 3, 4] },
    'lower_is_better',
  );
  assert.equal(b!.england!.value, 15);
  assert.equal(b!.region!.value, 16, 'the region of the council’s own row');
  assert.equal(b!.neighbourMean, 12, 'the suppressed neighbour is left out, not counted as zero');
  assert.equal(b!.neighbourCount, 2);
  assert.equal(b!.rank, 3);
  assert.equal(b!.rankOutOf, 3);
  const [higher] = benchmarkRows(
    rows,
    { laNumber: 1, region: null, statisticalNeighbours: [] },
    'higher_is_better',
  );
  assert.equal(higher!.rank, 1);
});

describeEachDatabase('performance indicators', (kind) => {
  let t: TestApp;
  let analyst: { email: string };
  let orgId = '';
  before(async () => {
    t = await createTestApp(kind);
    const org = await makeOrganisation(t.services, { slug: 'perfshire' });
    orgId = org.id;
    analyst = await makeUser(t.services, org.id, 'performance_analyst');
  });
  after(() => t.close());

  for (const [file, kind2] of [
    ['csww_indicators_2017_to_2025.csv', 'csww'],
    ['b1_children_in_need_2013_to_2025.csv', 'b1'],
    ['c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv', 'c1'],
  ] as const)
    it(`imports the real ${kind2} file exactly: values equal the source cells, suppression codes kept`, async () => {
      const text = reference(file);
      const result = await t.services.indicators.importDfeStatistics(SYSTEM_ACTOR, text, file);
      assert.equal(result.file, kind2);
      const table = parseCsv(text);
      const header = table[0]!;
      const data = table.slice(1).filter((r) => r.length > 1);
      assert.equal(result.rows, data.length);
      const col = (name: string) => header.indexOf(name);
      // A spread of rows and every measure of each, including the cells that hold codes.
      const sample = [0, 1, 7, 50, 333, Math.floor(data.length / 2), data.length - 1].map((i) => data[i]!);
      let codes = 0;
      for (const measure of result.measures) {
        const stored = await t.services.indicators.dfeRows(kind2, measure);
        assert.equal(stored.length, data.length, measure);
        for (const source of sample) {
          const match = stored.find(
            (s) =>
              s.timePeriod === source[col('time_period')] &&
              s.geographicLevel ===
                { National: 'national', Regional: 'regional', 'Local authority': 'local_authority' }[
                  source[col('geographic_level')]!
                ] &&
              (s.laName ?? '') === (source[col('la_name')] ?? '') &&
              (s.regionName ?? '') === (source[col('region_name')] ?? '') &&
              Object.entries(s.filters).every(([k, v]) => source[col(k)] === v),
          );
          assert.ok(match, `${measure}: no stored row for line ${data.indexOf(source) + 2}`);
          const cell = source[col(measure)]!;
          if (/^-?[\d,]+(\.\d+)?$/.test(cell))
            assert.equal(match.value, Number(cell.replace(/,/g, '')), `${measure} ${cell}`);
          else {
            codes++;
            assert.equal(match.value, null, `${measure}: "${cell}" must not be read as a number`);
            assert.equal(match.missingCode, cell.toLowerCase());
          }
        }
        // Every code cell in the whole file is stored as missing, never as zero.
        const codeCells = data.filter((r) => !/^-?[\d,]+(\.\d+)?$/.test(r[col(measure)] ?? '')).length;
        assert.equal(stored.filter((s) => s.value === null).length, codeCells, measure);
        codes += codeCells;
      }
      assert.ok(codes > 0, 'the file has suppressed cells, and they were checked');
    });

  it('refuses a file with a bad value, naming the line and column, and saves nothing', async () => {
    const before = await t.services.indicators.dfeRows('csww', 'turnover_rate_fte');
    const text = reference('csww_indicators_2017_to_2025.csv').replace(
      /^(2025,Reporting year,National,E92000001,England,,,,,,36186\.3,38292,5837\.8,6043,4276\.3,4611,)11\.8/m,
      '$1eleven',
    );
    assert.notEqual(text, reference('csww_indicators_2017_to_2025.csv'));
    await assert.rejects(
      t.services.indicators.importDfeStatistics(SYSTEM_ACTOR, text, 'bad.csv'),
      (error: Error & { details: { path: string; message: string }[] }) => {
        assert.match(error.message, /nothing was imported/);
        assert.ok(
          error.details.some((d) => d.path === 'line 2, column turnover_rate_fte'),
          JSON.stringify(error.details.slice(0, 3)),
        );
        return true;
      },
    );
    assert.deepEqual(
      (await t.services.indicators.dfeRows('csww', 'turnover_rate_fte')).length,
      before.length,
    );
    const missing = await t.services.indicators
      .importDfeStatistics(SYSTEM_ACTOR, 'time_period,la_name,x\n2025,A,1\n', 'no-level.csv')
      .catch((e: Error) => e);
    assert.match(String((missing as Error).message), /nothing was imported/);
  });

  it('shows the scorecard and an indicator with its SVG chart, a data table, targets and benchmarks; keeps revisions', async () => {
    await t.database.query(
      `update organisations set la_number = 202, statistical_neighbours = '[204, 210]'::jsonb where id = '${orgId}'`,
    );
    const client = new WebClient(t.app);
    await client.signIn(analyst.email, TEST_PASSWORD);
    const card = await client.get('/o/perfshire/performance');
    assert.equal(card.statusCode, 200);
    assert.match(card.body, /Key indicators/);
    await client.get('/o/perfshire/performance/indicators/SW_TURNOVER_RATE');
    for (const [period, value] of [
      ['2026-01', '19.5'],
      ['2026-02', '18.2'],
      ['2026-03', '17.0'],
    ] as const)
      assert.equal(
        (await client.post('/o/perfshire/performance/indicators/SW_TURNOVER_RATE/values', { period, value }))
          .statusCode,
        303,
      );
    const bad = await client.post('/o/perfshire/performance/indicators/SW_TURNOVER_RATE/values', {
      period: '2026-13',
      value: 'abc',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter the month as YYYY-MM/);
    assert.match(bad.body, /Enter the value as a number/);
    const noReason = await client.post('/o/perfshire/performance/indicators/SW_TURNOVER_RATE/values', {
      period: '2026-03',
      value: '16.5',
    });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /already has a value \(17\.0%\): say why it is being revised/);
    assert.equal(
      (
        await client.post('/o/perfshire/performance/indicators/SW_TURNOVER_RATE/values', {
          period: '2026-03',
          value: '16.5',
          reason: 'Two leavers were recorded twice in the HR extract',
        })
      ).statusCode,
      303,
    );
    await client.post('/o/perfshire/performance/indicators/SW_TURNOVER_RATE/target', {
      fromPeriod: '2026-01',
      target: '15',
      tolerance: '2',
      baseline: '19.5',
      baselinePeriod: '2026-01',
    });
    const page = await client.get('/o/perfshire/performance/indicators/SW_TURNOVER_RATE');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /1\.5 points worse than target/);
    assert.match(page.body, /17\.0% → 16\.5% on .*: Two leavers were recorded twice/);
    const svg = page.body.slice(page.body.indexOf('<svg'), page.body.indexOf('</svg>') + 6);
    assert.match(svg, /^<svg/);
    assert.match(svg, /role="img"/);
    // Benchmarks from the imported csww file: England 2025 and Camden (202) with its rank.
    assert.match(page.body, /<th scope="row" class="govuk-table__header">2025<\/th>/);
    assert.match(page.body, /11\.8%/);
    assert.match(page.body, /\d+ of 1\d\d/);
    const api = await t.app.inject({
      url: '/api/v1/organisations/perfshire/indicators/SW_TURNOVER_RATE/benchmarks',
      headers: {
        authorization: `Bearer ${(await t.services.users.createToken(SYSTEM_ACTOR, (await t.services.users.byEmail(analyst.email))!.id, 'api')).token}`,
      },
    });
    assert.equal(api.statusCode, 200);
    const years = api.json<{ year: string; england: { value: number } }[]>();
    assert.equal(years.find((y) => y.year === '2025')!.england.value, 11.8);
  });

  it('imports a month of values from CSV: previews every row, refuses bad cells by row and column, saves all or nothing', async () => {
    const client = new WebClient(t.app);
    await client.signIn(analyst.email, TEST_PASSWORD);
    await client.get('/o/perfshire/performance/import');
    const count = async () =>
      (await t.database.query<{ n: number }>('select count(*)::int as n from observations'))[0]!.n;
    const before = await count();
    const bad =
      'indicator,period,value\nRE_REFERRALS,2026-04,21.4\nNOT_A_CODE,2026-04,3\nSW_AGENCY_RATE,2026-04,140\nSW_CASELOAD,April,15\n';
    const preview = await client.postFile(
      '/o/perfshire/performance/import',
      {},
      { field: 'file', name: 'values.csv', data: Buffer.from(bad) },
    );
    assert.equal(preview.statusCode, 400);
    assert.match(preview.body, /3 problems/);
    assert.match(
      preview.body,
      /<td class="govuk-table__cell">3<\/td><td class="govuk-table__cell">indicator<\/td><td class="govuk-table__cell">&quot;NOT_A_CODE&quot; is not an indicator code/,
    );
    assert.match(
      preview.body,
      /<td class="govuk-table__cell">4<\/td><td class="govuk-table__cell">value<\/td><td class="govuk-table__cell">140 is not a percentage/,
    );
    assert.match(
      preview.body,
      /<td class="govuk-table__cell">5<\/td><td class="govuk-table__cell">period<\/td>/,
    );
    const refused = await client.postFile(
      '/o/perfshire/performance/import',
      { intent: 'save' },
      { field: 'file', name: 'values.csv', data: Buffer.from(bad) },
    );
    assert.equal(refused.statusCode, 400);
    assert.equal(await count(), before);
    const good =
      'Indicator,Period,Value,Reason\nRE_REFERRALS,2026-04,21.4,\nSW_TURNOVER_RATE,2026-03,16.0,HR corrected the leavers count again\n';
    const ok = await client.postFile(
      '/o/perfshire/performance/import',
      {},
      { field: 'file', name: 'values.csv', data: Buffer.from(good) },
    );
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /Revises 16\.5%: HR corrected the leavers count again/);
    const saved = await client.post('/o/perfshire/performance/import', {
      stored: Buffer.from(good).toString('base64'),
      intent: 'save',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(await count(), before + 1);
  });

  it('adds a council’s own indicator, names an owner and marks it key; the chart has a point per month', async () => {
    const client = new WebClient(t.app);
    await client.signIn(analyst.email, TEST_PASSWORD);
    await client.get('/o/perfshire/performance/indicators/new');
    const bad = await client.post('/o/perfshire/performance/indicators/new', { name: '', unit: 'furlongs' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter the indicator’s name/);
    assert.match(bad.body, /Choose the unit/);
    const ok = await client.post('/o/perfshire/performance/indicators/new', {
      name: 'Return home interviews within 72 hours',
      definition:
        'Return home interviews offered within 72 hours of a child coming back, as a share of episodes.',
      unit: 'percent',
      polarity: 'higher_is_better',
      frequency: 'monthly',
      category: 'help_and_protection',
    });
    assert.equal(ok.statusCode, 303);
    assert.match(
      String(ok.headers.location),
      /\/performance\/indicators\/CUSTOM_RETURN_HOME_INTERVIEWS_WITHIN$/,
    );
    const url = String(ok.headers.location);
    await client.get(url);
    for (const [period, value] of [
      ['2026-01', '40'],
      ['2026-02', '52'],
      ['2026-03', '61'],
    ] as const)
      await client.post(`${url}/values`, { period, value });
    const page = await client.get(url);
    const me = (await t.services.users.byEmail(analyst.email))!;
    const version = (await t.services.indicators.ensureCatalogue(orgId)).find((i) =>
      i.code.startsWith('CUSTOM_RETURN'),
    )!.version;
    const stale = await client.post(`${url}/settings`, {
      ownerId: me.id,
      isKey: 'yes',
      version: String(version + 5),
    });
    assert.equal(stale.statusCode, 409);
    const saved = await client.post(`${url}/settings`, {
      ownerId: me.id,
      isKey: 'yes',
      version: String(version),
    });
    assert.equal(saved.statusCode, 303);
    const card = await client.get('/o/perfshire/performance');
    const key = card.body.slice(
      card.body.indexOf('Key indicators'),
      card.body.indexOf('</table>', card.body.indexOf('Key indicators')),
    );
    assert.match(key, /Return home interviews within 72 hours/);
    assert.match(card.body, /March 2026<\/th>/);
    // The chart: one council line with one point per month recorded.
    const svg = page.body.slice(page.body.indexOf('<svg'), page.body.indexOf('</svg>') + 6);
    assert.match(svg, /aria-label="Return home interviews within 72 hours, [^"]*latest 61%/);
    assert.equal(
      marks(svg, 'council_points_marks', 'path').length,
      3,
      'a point for each of the three months',
    );
    assert.match(
      page.body,
      /<th scope="row" class="govuk-table__header">March 2026<\/th><td class="govuk-table__cell govuk-table__cell--numeric">61\.0%<\/td>/,
    );
  });
});
