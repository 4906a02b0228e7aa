import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { readDate, readOfstedOverview, readStatisticalNeighbours } from './national.js';
import { describeEachDatabase } from '../../../test/helpers/db.js';
import {
  TEST_PASSWORD,
  createTestApp,
  makeOrganisation,
  makeUser,
  type TestApp,
} from '../../../test/helpers/app.js';
import { WebClient } from '../../../test/helpers/web-client.js';

const REFERENCE = path.resolve(import.meta.dirname, '../../../../shared/reference-data');
const overview = () => fs.readFileSync(path.join(REFERENCE, 'ofsted_csc_ilacs_overview.xlsx'));
const neighbours = () =>
  fs.readFileSync(path.join(REFERENCE, 'New_Statistical_Neighbour_Groupings_April_2021.csv'), 'utf8');

describe('reading the national picture', () => {
  it('reads Ofsted’s overview with values equal to the source cells', async () => {
    const { rows, errors } = await readOfstedOverview(overview());
    assert.deepEqual(errors, []);
    assert.equal(rows.length, 153);
    // Row 2 of the sheet: la_code 370, barnsley, overall good, 11/09/2023 to 15/09/2023, published 27/10/23.
    const barnsley = rows.find((r) => r.laNumber === 370)!;
    assert.deepEqual(
      {
        name: barnsley.laName,
        overall: barnsley.overall,
        start: barnsley.inspectionStartDate,
        end: barnsley.inspectionEndDate,
        published: barnsley.publishedDate,
        region: barnsley.region,
      },
      {
        name: 'Barnsley',
        overall: 'Good',
        start: '2023-09-11',
        end: '2023-09-15',
        published: '2023-10-27',
        region: 'YH',
      },
    );
    assert.deepEqual(
      barnsley.judgements.map((j) => j.grade),
      ['Good', 'Requires improvement to be good', 'Good', 'Good'],
    );
    // Before 2023 the in-care judgement covered care leavers too.
    const combined = rows.filter((r) =>
      r.judgements.some(
        (j) => j.area === 'The experiences and progress of children in care and care leavers',
      ),
    );
    assert.ok(combined.length >= 5);
    assert.ok(
      combined.every(
        (r) => !r.judgements.some((j) => j.area === 'The experiences and progress of care leavers'),
      ),
    );
  });

  it('reads DfE’s neighbour groupings, stopping at the old groupings', () => {
    const { rows, errors, notes } = readStatisticalNeighbours(neighbours());
    assert.deepEqual(errors, []);
    assert.equal(rows.length, 152);
    const camden = rows.find((r) => r.laNumber === 202)!;
    assert.deepEqual(camden.neighbours.slice(0, 3), [
      { laNumber: 213, rank: 1, closeness: 'Very Close' },
      { laNumber: 205, rank: 2, closeness: 'Close' },
      { laNumber: 207, rank: 3, closeness: 'Close' },
    ]);
    assert.equal(
      rows.some((r) => r.laNumber === 835),
      false,
    );
    assert.match(notes[0] ?? '', /"Old SNs:"/);
  });

  it('names the row and column of a bad cell, and reads nothing from a wrong file', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('overview');
    sheet.addRow(['la_code', 'local_authority', 'overall_effectiveness_grade', 'publication_date']);
    sheet.addRow(['370', 'barnsley', 'good', '27/10/23']);
    sheet.addRow(['37', 'nowhere', 'excellent', '31/02/2024']);
    const { rows, errors } = await readOfstedOverview(Buffer.from(await workbook.xlsx.writeBuffer()));
    assert.deepEqual(rows, []);
    assert.deepEqual(
      errors.map((e) => `${e.row} ${e.column}`),
      ['3 A (la_code)', '3 C (overall_effectiveness_grade)', '3 D (publication_date)'],
    );
    assert.match(
      (await readOfstedOverview(Buffer.from('not a workbook'))).errors[0]!.message,
      /not an Excel workbook/,
    );
    assert.match(
      readStatisticalNeighbours('a,b\n1,2').errors[0]!.message,
      /not the DfE statistical neighbour groupings/,
    );
    assert.equal(readDate('29/02/2023'), undefined);
    assert.equal(readDate('29/02/24'), '2024-02-29');
  });
});

describeEachDatabase('loading the national picture', (kind) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp(kind);
  });
  after(() => t.close());

  it('lets an admin upload both files; the journey then shows the neighbours’ grades', async () => {
    const org = await t.services.organisations.create(
      { userId: null, label: 'test', requestId: null },
      { slug: 'camdenish', name: 'Camden-ish Test Council', laNumber: 202 },
    );
    const admin = await makeUser(t.services, org.id, 'admin');
    const client = new WebClient(t.app);
    await client.signIn(admin.email, TEST_PASSWORD);
    const page = await client.get('/o/camdenish/inspections/national');
    assert.equal(page.statusCode, 200);
    const upload = (kindOfFile: 'overview' | 'neighbours', name: string, data: Buffer) =>
      client.postFile(`/o/camdenish/inspections/national/${kindOfFile}`, {}, { field: 'file', name, data });
    const wrong = await upload('overview', 'neighbours.csv', Buffer.from(neighbours()));
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /not an Excel workbook/);
    assert.equal((await t.services.inspections.nationalCounts()).grades, 0);
    assert.equal((await upload('overview', 'overview.xlsx', overview())).statusCode, 303);
    assert.equal((await upload('neighbours', 'sn.csv', Buffer.from(neighbours()))).statusCode, 303);
    const journey = await client.get('/o/camdenish/inspections');
    assert.match(journey.body, /Statistical neighbours’ latest grades/);
    const shown = (await t.services.inspections.neighbours(org)).map((n) => n.laNumber).sort();
    assert.deepEqual(shown, [203, 205, 206, 207, 212, 213, 302, 309, 352, 870]);

    const viewer = await makeUser(t.services, org.id, 'improvement_lead');
    const other = new WebClient(t.app);
    await other.signIn(viewer.email, TEST_PASSWORD);
    assert.equal((await other.get('/o/camdenish/inspections/national')).statusCode, 403);
  });
});

it('refuses a file without its CSRF token', async () => {
  const t = await createTestApp('pglite');
  try {
    const org = await makeOrganisation(t.services);
    const admin = await makeUser(t.services, org.id, 'admin');
    const client = new WebClient(t.app);
    await client.signIn(admin.email, TEST_PASSWORD);
    await client.get(`/o/${org.slug}/inspections/national`);
    const response = await client.postFile(
      `/o/${org.slug}/inspections/national/neighbours`,
      {},
      { field: 'file', name: 'sn.csv', data: Buffer.from(neighbours()) },
      { csrf: false },
    );
    assert.equal(response.statusCode, 403);
    assert.equal((await t.services.inspections.nationalCounts()).neighbours, 0);
  } finally {
    await t.close();
  }
});
