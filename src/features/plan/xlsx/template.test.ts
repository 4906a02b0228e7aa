// Tests for the plan workbook: exact round trip through the template, every bad cell named by row and
// column letter, a council's own sheet imported through inspect → suggest → read, and reading speed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { ValidationError } from '../../../platform/errors.js';
import {
  PLAN_SHEET_NAME,
  README_SHEET_NAME,
  TEMPLATE_COLUMNS,
  inspectWorkbook,
  readPlanWorkbook,
  suggestMapping,
  writePlanWorkbook,
} from './template.js';
import type { PlanSheet, PlanSheetAction, PlanWorkbookReadResult } from './template.js';

// All data synthetic: the demo council and example.org-style addresses.
const LONG_TEXT = `${'Every child open to the front door has a recorded decision within 24 hours. '.repeat(80)}End.`;

function action(overrides: Partial<PlanSheetAction> & { ref: string }): PlanSheetAction {
  return {
    title: 'Audit a sample of contacts each month',
    description: '',
    leadOfficerEmail: 'sam.lead@demo-borough.example',
    originalTargetDate: '2026-03-31',
    currentTargetDate: '2026-03-31',
    deliveryStatus: 'in_progress',
    rag: 'green',
    evidenceLinks: [],
    ...overrides,
  };
}

function fullPlan(): PlanSheet {
  return {
    planTitle: 'Demo Borough Council — improving help and protection 2026–27',
    outcomes: [
      {
        ref: 'O1',
        title: 'Children get the right help at the front door',
        description:
          'Decisions are timely, proportionate and recorded.\nThresholds are understood by partners.',
        commitments: [
          {
            ref: 'O1.C1',
            title: 'MASH decisions are timely and well recorded',
            recommendationNumbers: [1, 3, 7],
            successMeasures: [
              '95% of contacts decided within 24 hours',
              'Audit grades at least good in 80% of front-door cases',
            ],
            actions: [
              action({
                ref: 'O1.C1.A1',
                title: 'Recruit two permanent MASH team managers',
                description: LONG_TEXT,
                leadOfficerEmail: 'priya.improvement@demo-borough.example',
                originalTargetDate: '2026-01-31',
                currentTargetDate: '2028-02-29',
                deliveryStatus: 'complete',
                rag: 'amber',
                ragOverrideReason: 'Agreed at the Improvement Board: awaiting audit of embedding',
                evidenceLinks: [
                  'https://sharepoint.demo-borough.example/sites/improvement/Audit%20March.xlsx',
                  'https://demo-borough.example/board/2026-03-12/minutes?item=4#resolution',
                  'Quarterly practice review, March 2026',
                ],
              }),
              action({
                ref: 'O1.C1.A2',
                title: 'Plant sy’n derbyn gofal — “quoted” ✓ 👧 naïve café',
                description: 'Line one\nLine two\n\tindented',
                deliveryStatus: 'embedded',
                rag: 'blue',
              }),
              action({
                ref: 'O1.C1.A3',
                deliveryStatus: 'cancelled',
                rag: null,
                currentTargetDate: '2026-12-31',
              }),
              action({ ref: 'O1.C1.A4', deliveryStatus: 'not_started', rag: 'red' }),
            ],
          },
          {
            ref: 'O1.C2',
            title: 'Partners understand thresholds',
            recommendationNumbers: [2],
            successMeasures: [],
            actions: [],
          },
        ],
      },
      {
        ref: 'O2',
        title: 'Children in care live in stable homes',
        commitments: [
          {
            ref: 'O2.C1',
            title: 'Sufficiency strategy delivers local placements',
            recommendationNumbers: [],
            successMeasures: ['Placement stability at or above statistical neighbours'],
            actions: [],
          },
          {
            ref: 'O2.C2',
            title: 'Care plans are reviewed on time',
            recommendationNumbers: [4, 5],
            successMeasures: ['All reviews within timescale'],
            actions: [
              action({
                ref: 'O2.C2.A1',
                rag: 'amber',
                originalTargetDate: '2026-12-31',
                currentTargetDate: '2027-01-01',
              }),
            ],
          },
        ],
      },
    ],
  };
}

const letters = (result: PlanWorkbookReadResult) => result.errors.map((e) => `${e.row}${e.column}`);

/** A workbook with the template's header on row 2 and the given rows below, built cell by cell. */
async function templateLike(rows: Record<string, ExcelJS.CellValue>[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Plan');
  sheet.getCell('A1').value = 'Demo Borough Council plan (synthetic)';
  sheet.getRow(2).values = TEMPLATE_COLUMNS.map((c) => c.header);
  rows.forEach((values, i) => {
    const row = sheet.getRow(3 + i);
    TEMPLATE_COLUMNS.forEach((column, c) => {
      if (values[column.header] !== undefined) row.getCell(c + 1).value = values[column.header]!;
    });
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const goodRow = (overrides: Record<string, ExcelJS.CellValue> = {}): Record<string, ExcelJS.CellValue> => ({
  'Outcome ref': 'O1',
  Outcome: 'Children get the right help at the front door',
  'Commitment ref': 'O1.C1',
  Commitment: 'MASH decisions are timely',
  Recommendations: '1',
  'Action ref': 'O1.C1.A1',
  Action: 'Recruit permanent managers',
  'Lead officer email': 'sam.lead@demo-borough.example',
  'Current target date': new Date('2026-03-31T00:00:00Z'),
  'Delivery status': 'In progress',
  'RAG rating': 'Green',
  ...overrides,
});

describe('plan workbook round trip', () => {
  it('reads back exactly the plan it wrote', async () => {
    const plan = fullPlan();
    const result = await readPlanWorkbook(await writePlanWorkbook(plan));
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.plan, plan);
    // Two action-less commitments get a row each: 5 actions + 2 = 7 rows.
    assert.equal(result.rowCount, 7);
  });

  it('reads from a Uint8Array as from a Buffer', async () => {
    const buffer = await writePlanWorkbook(fullPlan());
    const result = await readPlanWorkbook(new Uint8Array(buffer));
    assert.deepEqual(result.plan, fullPlan());
  });

  it('writes a usable template: title, frozen bold headers, widths, real dates, drop-downs, read me', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await writePlanWorkbook(fullPlan())) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet(PLAN_SHEET_NAME)!;
    assert.equal(sheet.getCell('A1').value, fullPlan().planTitle);
    assert.deepEqual(
      TEMPLATE_COLUMNS.map((_, i) => sheet.getRow(2).getCell(i + 1).value),
      TEMPLATE_COLUMNS.map((c) => c.header),
    );
    assert.equal(sheet.getRow(2).getCell(1).font.bold, true);
    assert.equal(sheet.views[0]?.state, 'frozen');
    assert.equal((sheet.views[0] as ExcelJS.WorksheetViewFrozen).ySplit, 2);
    assert.equal(sheet.getColumn(2).width, TEMPLATE_COLUMNS[1]!.width);
    const current = sheet.getCell('M3');
    assert.equal(sheet.getCell('M2').value, 'Current target date');
    assert.ok(current.value instanceof Date);
    assert.equal(current.value.toISOString(), '2028-02-29T00:00:00.000Z');
    assert.equal(current.numFmt, 'dd/mm/yyyy');
    // A commitment with no actions has a row with blank action cells.
    const emptyRow = sheet.getRow(7);
    assert.equal(emptyRow.getCell(4).value, 'O1.C2');
    assert.equal(emptyRow.getCell(9).value, null);
    const status = sheet.getCell('N3').dataValidation;
    assert.equal(status.type, 'list');
    assert.deepEqual(status.formulae, ['"Not started,In progress,Complete,Embedded,Cancelled"']);
    assert.deepEqual(sheet.getCell('O200').dataValidation.formulae, ['"Red,Amber,Green,Blue"']);
    const readMe = workbook.getWorksheet(README_SHEET_NAME)!;
    const readMeText: string[] = [];
    readMe.eachRow((row) => row.eachCell((cell) => readMeText.push(cell.text)));
    for (const column of TEMPLATE_COLUMNS) {
      assert.ok(readMeText.includes(column.header), column.header);
      assert.ok(readMeText.includes(column.description), column.description);
    }
  });

  it('refuses to write text longer than an Excel cell holds', async () => {
    const plan = fullPlan();
    plan.outcomes[0]!.commitments[0]!.actions[0]!.description = 'x'.repeat(32_768);
    await assert.rejects(writePlanWorkbook(plan), /Action O1\.C1\.A1: the action description is longer/);
  });
});

describe('reading a malformed workbook', () => {
  it('names every bad cell by row and column letter, and imports nothing', async () => {
    const result = await readPlanWorkbook(
      await templateLike([
        goodRow(),
        goodRow({ 'Action ref': 'O1.C1.A2', 'Current target date': '31/02/2026' }),
        goodRow({ 'Action ref': 'O1.C1.A3', 'Delivery status': 'Finished' }),
        goodRow({ 'Action ref': 'O1.C1.A4', 'Lead officer email': null }),
        goodRow({ 'Action ref': 'O1.C1.A1' }),
        goodRow({ 'Action ref': 'O1.C1.A6', 'Lead officer email': 'Sam Lead' }),
        goodRow({ 'Action ref': 'O1.C1.A7', 'RAG rating': 'Complete', 'Original target date': 'soon' }),
        goodRow({ 'Action ref': 'O1.C1.A8', Outcome: 'A different title for O1' }),
        goodRow({ 'Action ref': 'O1.C1.A9', 'Delivery status': 'Cancelled', 'RAG rating': 'Red' }),
        goodRow({
          'Action ref': 'O1.C1.A10',
          Recommendations: '1, two',
          'Evidence links': 'javascript:alert(1)',
        }),
        goodRow({ 'Action ref': 'O1.C1.A11', Action: null, 'Current target date': null }),
      ]),
    );
    assert.equal(result.plan, null);
    assert.equal(result.rowCount, 11);
    assert.deepEqual(letters(result), [
      '4M',
      '5N',
      '6K',
      '7H',
      '8K',
      '9L',
      '9O',
      '10B',
      '11O',
      '12F',
      '12Q',
      '13I',
      '13M',
    ]);
    const at = (cell: string) => result.errors.find((e) => `${e.row}${e.column}` === cell)!;
    assert.deepEqual(at('4M'), {
      sheet: 'Plan',
      row: 4,
      column: 'M',
      header: 'Current target date',
      message: '"31/02/2026" is not a real date',
    });
    assert.equal(at('5N').header, 'Delivery status');
    assert.match(
      at('5N').message,
      /"Finished" is not a delivery status: use one of Not started, In progress/,
    );
    assert.match(at('6K').message, /Enter the lead officer's email address/);
    assert.match(at('7H').message, /"O1\.C1\.A1" is already used on row 3/);
    assert.match(at('8K').message, /"Sam Lead" is not an email address/);
    assert.match(at('9L').message, /"soon" is not a date: use DD\/MM\/YYYY/);
    assert.match(at('9O').message, /"Complete" is a delivery status, not a RAG rating/);
    assert.match(
      at('10B').message,
      /Outcome ref "O1" is "Children get the right help at the front door" on row 3/,
    );
    assert.match(at('11O').message, /cancelled action has no RAG rating/);
    assert.match(at('12F').message, /"two" is not a recommendation number/);
    assert.match(at('12Q').message, /not a web link/);
    assert.match(at('13I').message, /Enter the action/);
    assert.match(at('13M').message, /Enter the current target date/);
  });

  it('accepts values as people type them: any case, text dates, loose recommendation lists', async () => {
    const result = await readPlanWorkbook(
      await templateLike([
        goodRow({
          'Delivery status': 'IN PROGRESS',
          'RAG rating': 'amber',
          'Current target date': '2026-03-31',
          'Original target date': '01/02/2026',
          Recommendations: '1, 3; 7',
          'Lead officer email': 'Sam Lead <Sam.Lead@Demo-Borough.example>',
        }),
        goodRow({
          'Action ref': null,
          'Delivery status': 'not_started',
          'RAG rating': 'A',
          Recommendations: null,
        }),
        goodRow({
          'Action ref': null,
          'Delivery status': null,
          'RAG rating': null,
          'Current target date': '31 Mar 2026',
          // The same numbers written another way are the same recommendations.
          Recommendations: 'Recommendations 1, 3 and 7',
        }),
      ]),
    );
    assert.deepEqual(result.errors, []);
    const commitment = result.plan!.outcomes[0]!.commitments[0]!;
    assert.deepEqual(commitment.recommendationNumbers, [1, 3, 7]);
    const [first, second, third] = commitment.actions;
    assert.equal(first!.deliveryStatus, 'in_progress');
    assert.equal(first!.rag, 'amber');
    assert.equal(first!.originalTargetDate, '2026-02-01');
    assert.equal(first!.leadOfficerEmail, 'sam.lead@demo-borough.example');
    assert.equal(second!.deliveryStatus, 'not_started');
    // Refs left blank are numbered after the commitment's, skipping the one already used.
    assert.deepEqual(
      commitment.actions.map((a) => a.ref),
      ['O1.C1.A1', 'O1.C1.A2', 'O1.C1.A3'],
    );
    assert.equal(third!.currentTargetDate, '2026-03-31');
    assert.equal(third!.originalTargetDate, '2026-03-31');
    assert.equal(third!.rag, null);
    assert.ok(result.warnings.some((w) => /1 action\(s\) had no delivery status/.test(w)));
  });

  it('refuses a commitment ref reused under another outcome and contradictory commitment details', async () => {
    const result = await readPlanWorkbook(
      await templateLike([
        goodRow(),
        goodRow({ 'Action ref': 'X2', 'Outcome ref': 'O2', Outcome: 'Another outcome' }),
        goodRow({ 'Action ref': 'X3', Recommendations: '2' }),
        goodRow({ 'Action ref': 'X4', Commitment: 'Renamed commitment' }),
      ]),
    );
    assert.equal(result.plan, null);
    assert.deepEqual(letters(result), ['4D', '5F', '6E']);
    assert.match(result.errors[0]!.message, /belongs to one outcome/);
    assert.match(result.errors[1]!.message, /recommendations differ from row 3/);
    assert.match(result.errors[2]!.message, /one ref, one commitment/);
  });

  it('does not fill blanks down in the template, and refuses Excel errors, formula results included', async () => {
    const result = await readPlanWorkbook(
      await templateLike([
        goodRow(),
        goodRow({ 'Action ref': 'A2', 'Outcome ref': null, Outcome: null }),
        goodRow({ 'Action ref': 'A3', 'Lead officer email': { error: '#N/A' } }),
        goodRow({ 'Action ref': 'A4', Action: { formula: 'VLOOKUP(X1,Y:Z,2)', result: { error: '#REF!' } } }),
      ]),
    );
    assert.equal(result.plan, null);
    assert.deepEqual(
      result.errors.map((e) => [`${e.row}${e.column}`, e.message]),
      [
        ['4B', 'Enter the outcome this row belongs to'],
        ['5K', 'The cell shows the Excel error #N/A: enter the value itself'],
        ['6I', 'The cell shows the Excel error #REF!: enter the value itself'],
      ],
    );
  });

  it('says when the file is not a workbook, or not the template', async () => {
    const notXlsx = await readPlanWorkbook(Buffer.from('Outcome,Commitment,Action\n'));
    assert.equal(notXlsx.plan, null);
    assert.match(notXlsx.errors[0]!.message, /not an Excel workbook/);
    await assert.rejects(inspectWorkbook(Buffer.from('nope')), ValidationError);

    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1').addRow(['Priority', 'Action', 'Owner', 'Due']);
    const other = await readPlanWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()));
    assert.equal(other.plan, null);
    assert.match(other.errors[0]!.message, /no sheet with Waymark's template headers/);
  });

  it('refuses a sheet with headers but no rows', async () => {
    const result = await readPlanWorkbook(await templateLike([]));
    assert.equal(result.plan, null);
    assert.match(result.errors[0]!.message, /no rows below its header row/);
  });
});

/** A council's own sheet: a title row, a blank row, its own headers, merged priorities, extra columns. */
async function councilWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const notes = workbook.addWorksheet('Notes');
  notes.addRow(['Synthetic test data for Demo Borough Council']);
  const sheet = workbook.addWorksheet('Improvement plan');
  sheet.getCell('A1').value = 'Demo Borough Council: Children’s Services Improvement Plan (synthetic)';
  sheet.getRow(3).values = [
    'No.',
    'Priority',
    'Ofsted rec',
    'Objective',
    'Key actions',
    'Responsible officer',
    'Due date',
    'Progress',
    'RAG',
    'Comments',
    'Evidence',
  ];
  const rows: ExcelJS.CellValue[][] = [
    [
      '1.1',
      'Help and protection',
      '1, 2',
      'Strengthen the front door',
      'Daily MASH huddle',
      'sam.lead@demo-borough.example',
      new Date('2026-04-30T00:00:00Z'),
      'Ongoing',
      'A',
      'Huddle started in Feb',
      'https://demo-borough.example/mash',
    ],
    [
      '1.2',
      null,
      null,
      null,
      'Threshold training for partners',
      'jo.trainer@demo-borough.example',
      '30/06/2026',
      'Not started',
      'G',
      null,
      null,
    ],
    [
      '1.3',
      null,
      '3',
      'Timely assessments',
      'Weekly performance clinic',
      'alex.manager@demo-borough.example',
      'March 2027',
      'Complete',
      'Amber E',
      'extra',
      null,
    ],
    [
      '2.1',
      'Children in care',
      '4',
      'Stable homes',
      'Open two local children’s homes',
      'kim.placements@demo-borough.example',
      '2027-09-30',
      'In progress',
      'Red',
      null,
      null,
    ],
  ];
  rows.forEach((values, i) => {
    sheet.getRow(4 + i).values = values;
  });
  sheet.mergeCells('B4:B6');
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe("importing a council's own sheet", () => {
  it('finds the header row below a title, and samples the rows', async () => {
    const { sheets } = await inspectWorkbook(await councilWorkbook());
    assert.deepEqual(
      sheets.map((s) => [s.name, s.headerRow, s.rowCount]),
      [
        ['Notes', 0, 0],
        ['Improvement plan', 3, 4],
      ],
    );
    const plan = sheets[1]!;
    assert.equal(plan.headers[5], 'Responsible officer');
    assert.equal(plan.headers.length, 11);
    assert.equal(plan.sampleRows.length, 4);
    assert.deepEqual(plan.sampleRows[0]!.slice(0, 3), ['1.1', 'Help and protection', '1, 2']);
    assert.equal(plan.sampleRows[0]![6], '2026-04-30');
    // Merged cells show their value on every row they cover.
    assert.equal(plan.sampleRows[1]![1], 'Help and protection');
  });

  it('suggests a mapping from its headers', async () => {
    const { sheets } = await inspectWorkbook(await councilWorkbook());
    const sheet = sheets[1]!;
    const mapping = suggestMapping(sheet.headers, { sheet: sheet.name, headerRow: sheet.headerRow });
    assert.deepEqual(mapping, {
      sheet: 'Improvement plan',
      headerRow: 3,
      columns: {
        actionRef: 1,
        outcomeTitle: 2,
        recommendationNumbers: 3,
        commitmentTitle: 4,
        actionTitle: 5,
        leadOfficerEmail: 6,
        currentTargetDate: 7,
        deliveryStatus: 8,
        rag: 9,
        evidenceLinks: 11,
      },
    });
  });

  it('reads the plan through the mapping, generating the refs it lacks', async () => {
    const buffer = await councilWorkbook();
    const { sheets } = await inspectWorkbook(buffer);
    const sheet = sheets[1]!;
    const result = await readPlanWorkbook(
      buffer,
      suggestMapping(sheet.headers, { sheet: sheet.name, headerRow: sheet.headerRow }),
    );
    assert.deepEqual(result.errors, []);
    assert.equal(result.rowCount, 4);
    const plan = result.plan!;
    assert.equal(plan.planTitle, 'Demo Borough Council: Children’s Services Improvement Plan (synthetic)');
    assert.deepEqual(
      plan.outcomes.map((o) => [
        o.ref,
        o.title,
        o.commitments.map((c) => [c.ref, c.title, c.recommendationNumbers]),
      ]),
      [
        [
          'O1',
          'Help and protection',
          [
            ['O1.C1', 'Strengthen the front door', [1, 2]],
            ['O1.C2', 'Timely assessments', [3]],
          ],
        ],
        ['O2', 'Children in care', [['O2.C1', 'Stable homes', [4]]]],
      ],
    );
    const frontDoor = plan.outcomes[0]!.commitments[0]!.actions;
    assert.deepEqual(
      frontDoor.map((a) => [a.ref, a.title, a.currentTargetDate, a.deliveryStatus, a.rag]),
      [
        ['1.1', 'Daily MASH huddle', '2026-04-30', 'in_progress', 'amber'],
        ['1.2', 'Threshold training for partners', '2026-06-30', 'not_started', 'green'],
      ],
    );
    assert.deepEqual(frontDoor[0]!.evidenceLinks, ['https://demo-borough.example/mash']);
    const assessment = plan.outcomes[0]!.commitments[1]!.actions[0]!;
    assert.equal(assessment.currentTargetDate, '2027-03-31');
    assert.equal(assessment.rag, 'amber');
    assert.ok(result.warnings.some((w) => /taken from the row above/.test(w)));
    assert.ok(result.warnings.some((w) => /month's last day: G6/.test(w)));
  });

  it('generates the same refs every time for a sheet without refs', async () => {
    const buffer = await councilWorkbook();
    const mapping = suggestMapping(
      ['No.', 'Priority', 'Ofsted rec', 'Objective', 'Key actions', 'Responsible officer', 'Due date'],
      {
        sheet: 'Improvement plan',
        headerRow: 3,
      },
    );
    delete mapping.columns.actionRef;
    const first = await readPlanWorkbook(buffer, mapping);
    const second = await readPlanWorkbook(buffer, mapping);
    assert.deepEqual(first.plan, second.plan);
    assert.deepEqual(
      first.plan!.outcomes.flatMap((o) => o.commitments.flatMap((c) => c.actions.map((a) => a.ref))),
      ['O1.C1.A1', 'O1.C1.A2', 'O1.C2.A1', 'O2.C1.A1'],
    );
  });

  it('refuses a mapping that misses a required field, reuses a column or names no sheet', async () => {
    const buffer = await councilWorkbook();
    const missing = await readPlanWorkbook(buffer, {
      sheet: 'Improvement plan',
      headerRow: 3,
      columns: { outcomeTitle: 2, commitmentTitle: 4, actionTitle: 5, leadOfficerEmail: 6 },
    });
    assert.equal(missing.plan, null);
    assert.deepEqual(
      missing.errors.map((e) => [e.row, e.header, e.message]),
      [[3, 'Current target date', 'Choose the column that holds "Current target date": it is required']],
    );
    const twice = await readPlanWorkbook(buffer, {
      sheet: 'Improvement plan',
      headerRow: 3,
      columns: {
        outcomeTitle: 2,
        commitmentTitle: 4,
        actionTitle: 5,
        leadOfficerEmail: 6,
        currentTargetDate: 5,
      },
    });
    assert.match(twice.errors[0]!.message, /Column E is chosen for both "Action" and "Current target date"/);
    assert.equal(twice.errors[0]!.column, 'E');
    assert.equal(twice.errors[0]!.header, 'Key actions');
    const noSheet = await readPlanWorkbook(buffer, { sheet: 'Plan 2025', headerRow: 1, columns: {} });
    assert.match(noSheet.errors[0]!.message, /no sheet called "Plan 2025"/);
  });
});

describe('suggestMapping', () => {
  const keyFor = (header: string) => Object.entries(suggestMapping([header]).columns)[0]?.[0];

  it('matches councils’ words for each field', () => {
    for (const header of [
      'Lead officer',
      'Responsible officer',
      'Owner',
      'Lead',
      'Action lead',
      'Lead Officer (email)',
    ])
      assert.equal(keyFor(header), 'leadOfficerEmail', header);
    for (const header of ['Due date', 'Target date', 'Deadline', 'Revised target date', 'By when?'])
      assert.equal(keyFor(header), 'currentTargetDate', header);
    for (const header of ['Priority', 'Theme', 'PRIORITY AREA', 'Strategic priority'])
      assert.equal(keyFor(header), 'outcomeTitle', header);
    for (const header of ['RAG', 'RAG (Red/Amber/Green)', 'BRAG rating'])
      assert.equal(keyFor(header), 'rag', header);
    assert.equal(keyFor('Success criteria'), 'successMeasures');
    assert.equal(keyFor('Date added'), undefined);
    assert.equal(keyFor('Lead agency'), undefined);
  });

  it('gives each column to one field, the more specific match first', () => {
    assert.deepEqual(
      suggestMapping(['Target date', 'Original target date', 'RAG status', 'Status']).columns,
      {
        currentTargetDate: 1,
        originalTargetDate: 2,
        rag: 3,
        deliveryStatus: 4,
      },
    );
    // The template's own headers map to themselves.
    const own = suggestMapping(TEMPLATE_COLUMNS.map((c) => c.header)).columns;
    TEMPLATE_COLUMNS.forEach((c, i) => assert.equal(own[c.key], i + 1, c.key));
  });
});

describe('reading speed', () => {
  it('reads a 1,000-row workbook in well under a second', async () => {
    const plan: PlanSheet = { planTitle: 'Large synthetic plan', outcomes: [] };
    for (let o = 1; o <= 10; o++) {
      const commitments = [];
      for (let c = 1; c <= 10; c++) {
        const actions = [];
        for (let a = 1; a <= 10; a++)
          actions.push(
            action({
              ref: `O${o}.C${c}.A${a}`,
              title: `Action ${a} of commitment ${c}`,
              description: 'A description of reasonable length for the action, as councils write them.',
              evidenceLinks: [`https://demo-borough.example/evidence/${o}/${c}/${a}`],
            }),
          );
        commitments.push({
          ref: `O${o}.C${c}`,
          title: `Commitment ${c} of outcome ${o}`,
          recommendationNumbers: [c],
          successMeasures: ['A measure'],
          actions,
        });
      }
      plan.outcomes.push({ ref: `O${o}`, title: `Outcome ${o}`, commitments });
    }
    const buffer = await writePlanWorkbook(plan);
    const result = await readPlanWorkbook(buffer);
    assert.equal(result.rowCount, 1000);
    assert.deepEqual(result.plan, plan);
  });
  it('ignores whole-column drop-downs in a council sheet instead of expanding them cell by cell', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Tracker');
    sheet.addRow(['Priority', 'Objective', 'Action', 'Owner', 'Due date', 'Status', 'RAG']);
    sheet.addRow([
      'Help',
      'Front door',
      'Daily huddle',
      'sam.lead@demo-borough.example',
      '31/03/2026',
      'Done',
      'Red',
    ]);
    // exceljs's typings lack the range form; councils' sheets often validate whole columns like this.
    const validations = (sheet as unknown as { dataValidations: { add(range: string, v: object): void } })
      .dataValidations;
    for (const column of ['E', 'F', 'G'])
      validations.add(`${column}2:${column}1048576`, { type: 'list', allowBlank: true, formulae: ['"A,B"'] });
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const result = await readPlanWorkbook(
      buffer,
      suggestMapping((await inspectWorkbook(buffer)).sheets[0]!.headers, { sheet: 'Tracker' }),
    );
    assert.deepEqual(result.errors, []);
    assert.equal(result.plan!.outcomes[0]!.commitments[0]!.actions[0]!.deliveryStatus, 'complete');
  });
});
