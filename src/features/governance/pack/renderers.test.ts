// The pack's Word and Excel renderers, read back with real readers: mammoth for .docx, exceljs for .xlsx.
import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { renderPackDocx } from './docx.js';
import { samplePackModel } from './fixture.js';
import { PACK_SECTIONS, SECTION_TITLES } from './model.js';
import type { PackModel } from './model.js';
import { renderPackXlsx } from './xlsx.js';

const REPORT_HEADINGS = [
  'Purpose of the report',
  'Executive summary',
  'Recommended action',
  'Policy context',
  'The proposal',
  'Contribution to strategic aims',
  'Community engagement',
  'Equality impact',
  'Legal implications',
  'Financial implications',
  'Background papers',
];

async function docxHtml(model: PackModel): Promise<string> {
  const result = await mammoth.convertToHtml({ buffer: await renderPackDocx(model) });
  return result.value;
}

async function docxText(model: PackModel): Promise<string> {
  const result = await mammoth.extractRawText({ buffer: await renderPackDocx(model) });
  return result.value;
}

const decode = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

function headings(html: string, level: 1 | 2 | 3): string[] {
  return [...html.matchAll(new RegExp(`<h${level}[^>]*>(.*?)</h${level}>`, 'g'))].map((m) => decode(m[1]!));
}

/** The html from a heading to the next heading of the same or a higher level. */
function part(html: string, level: 1 | 2 | 3, title: string): string {
  const start = html.indexOf(`<h${level}>${title}</h${level}>`);
  assert.ok(start >= 0, `no h${level} "${title}"`);
  const rest = html.slice(start + `<h${level}>${title}</h${level}>`.length);
  const next = rest.search(new RegExp(`<h[1-${level}][ >]`));
  return next < 0 ? rest : rest.slice(0, next);
}

const paragraphs = (html: string) => [...html.matchAll(/<p>(.*?)<\/p>/g)].map((m) => decode(m[1]!));

/** The entries of a zip file: name, DOS date and time, and inflated data. Enough to check an Office file. */
function unzip(zip: Buffer): { name: string; dosDate: number; dosTime: number; data: Buffer }[] {
  let eocd = zip.length - 22;
  while (zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const entries = [];
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < zip.readUInt16LE(eocd + 10); i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + size);
    entries.push({
      name,
      dosTime: zip.readUInt16LE(at + 12),
      dosDate: zip.readUInt16LE(at + 14),
      data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** Renders with the clock set far from the pack's date, to show that the clock does not reach the file. */
async function renderAtAnotherTime<T>(render: () => Promise<T>): Promise<T> {
  mock.timers.enable({ apis: ['Date'], now: new Date('2001-02-03T04:05:06Z') });
  try {
    return await render();
  } finally {
    mock.timers.reset();
  }
}

// 30 November 2026 at 00:00 as a zip entry's DOS date and time.
const AS_AT_DOS_DATE = ((2026 - 1980) << 9) | (11 << 5) | 30;

describe('board pack as a Word committee report', () => {
  it('has the title block: council, title, meeting, lead officer and data date', async () => {
    const text = await docxText(samplePackModel());
    for (const line of [
      'Demo Borough Council (synthetic)',
      'Children’s services improvement: progress report',
      'Meeting: Improvement Board meeting, 14 December 2026',
      'Lead officer: Director of Children’s Services (synthetic)',
      'Data as at 30 November 2026',
    ])
      assert.ok(text.includes(line), `missing "${line}"`);
  });

  it('without a meeting, names the board and the as-at date', async () => {
    const text = await docxText(samplePackModel({ meeting: null }));
    assert.ok(
      text.includes('Meeting: Children’s Services Improvement Board (synthetic), as at 30 November 2026'),
    );
  });

  it('has every committee-report heading, in order, as Heading 1', async () => {
    const html = await docxHtml(samplePackModel());
    assert.deepEqual(headings(html, 1), REPORT_HEADINGS);
  });

  it('puts one Heading 2 per chosen section under the proposal, in the chosen order', async () => {
    const html = await docxHtml(samplePackModel());
    assert.deepEqual(
      headings(part(html, 1, 'The proposal'), 2),
      PACK_SECTIONS.map((s) => SECTION_TITLES[s]),
    );
  });

  it('holds only the chosen sections', async () => {
    const html = await docxHtml(samplePackModel({ sections: ['coverage', 'exceptions'] }));
    assert.deepEqual(headings(html, 2), ['Recommendation coverage', 'Exceptions']);
    assert.ok(!html.includes('Indicator scorecard'));
    assert.ok(!html.includes('Plan on a page'));
  });

  it('shows exceptions as tables with a repeating header row: the red action, its RAG in words, the reschedule reason', async () => {
    const html = await docxHtml(samplePackModel());
    const exceptions = part(html, 2, 'Exceptions');
    const redAndAmber = part(exceptions, 3, 'Red and amber actions');
    assert.ok(redAndAmber.includes('<table>'));
    // mammoth writes a row marked to repeat on each page as the table's head.
    assert.ok(redAndAmber.includes('<thead><tr><th><p><strong>Ref</strong></p></th>'));
    assert.ok(redAndAmber.includes('A3.1.1'));
    assert.ok(redAndAmber.includes('Recruit an edge-of-care team (synthetic)'));
    assert.ok(redAndAmber.includes('<td><p>Red</p>'), 'the rating is written, not only coloured');
    assert.ok(!redAndAmber.includes('A1.2.1'), 'a green action is not an exception');
    const rescheduled = part(exceptions, 3, 'Rescheduled deadlines');
    assert.ok(rescheduled.includes('<table>'));
    assert.ok(rescheduled.includes('Second recruitment round needed after too few applicants (synthetic)'));
    assert.match(part(exceptions, 3, 'Progress updates overdue'), /<li>A1\.1\.1 Agree a threshold document/);
    assert.ok(part(exceptions, 3, 'Open challenges').includes('No response yet'));
  });

  it('writes tables for the data sections, and words for RAG and delivery status', async () => {
    const html = await docxHtml(samplePackModel());
    for (const title of [
      'Plan on a page',
      'Recommendation coverage',
      'Indicator scorecard',
      'Quality assurance',
    ])
      assert.ok(part(html, 2, title).includes('<table>'), `${title} has no table`);
    assert.ok(part(html, 2, 'Recommendation coverage').includes('Not yet answered'));
    assert.ok(part(html, 2, 'Exceptions').includes('In progress'));
    assert.ok(part(html, 2, 'Indicator scorecard').includes('<td><p>Amber</p>'));
    assert.match(
      part(html, 3, 'Actions from meetings'),
      /<p><strong>Open<\/strong><\/p><p><strong>Overdue<\/strong><\/p>/,
    );
  });

  it("lists a monitoring visit's areas, with areas for priority action and their recommendations", async () => {
    const html = await docxHtml(samplePackModel());
    const visit = part(
      html,
      3,
      'Areas visited: Monitoring visit: the front door (synthetic), 10 September 2026',
    );
    assert.ok(visit.includes('<table>'));
    assert.match(decode(visit), /Thresholds at the front door \(synthetic\)Yes1/);
    assert.match(decode(visit), /Management oversight of contacts \(synthetic\)NoNone linked/);
  });

  it('turns narrative text with a blank line into two paragraphs', async () => {
    const html = await docxHtml(samplePackModel());
    assert.deepEqual(paragraphs(part(html, 1, 'Executive summary')), [
      'Two actions are red and one is amber (synthetic).',
      'The board is asked to challenge the recruitment of the edge-of-care team (synthetic).',
    ]);
  });

  it('says "None." for empty implications and "Not provided." for other empty narrative', async () => {
    const model = samplePackModel();
    model.narrative.legalImplications = '  \n ';
    model.narrative.communityEngagement = '';
    const html = await docxHtml(model);
    assert.deepEqual(paragraphs(part(html, 1, 'Legal implications')), ['None.']);
    assert.deepEqual(paragraphs(part(html, 1, 'Equality impact')), ['None.']);
    assert.deepEqual(paragraphs(part(html, 1, 'Community engagement')), ['Not provided.']);
  });

  it('says so when there is no plan, no indicators or no audits, and "None." for empty lists, never an empty table', async () => {
    const html = await docxHtml(
      samplePackModel({ plan: null, indicators: null, quality: null, meetingActions: [], forwardPlan: [] }),
    );
    for (const title of ['Plan on a page', 'Exceptions', 'Recommendation coverage'])
      assert.deepEqual(paragraphs(part(html, 2, title)), ['There is no improvement plan recorded yet.']);
    for (const title of ['Indicator scorecard', 'Key indicators', 'Workforce'])
      assert.deepEqual(paragraphs(part(html, 2, title)), ['There are no indicators recorded yet.']);
    assert.deepEqual(paragraphs(part(html, 2, 'Quality assurance')), [
      'There are no case audits recorded yet.',
    ]);
    const meetings = part(html, 2, 'Meeting actions and forward plan');
    assert.ok(!meetings.includes('<table>'));
    assert.deepEqual(paragraphs(part(meetings, 3, 'Actions from meetings')), ['None.']);
    assert.deepEqual(paragraphs(part(meetings, 3, 'Forward plan')), ['None.']);
  });

  it('is byte-identical for the same model, whatever the clock says', async () => {
    const model = samplePackModel();
    const first = await renderPackDocx(model);
    const again = await renderPackDocx(samplePackModel());
    const elsewhen = await renderAtAnotherTime(() => renderPackDocx(model));
    assert.ok(first.equals(again));
    assert.ok(first.equals(elsewhen));
    const entries = unzip(first);
    const core = entries.find((e) => e.name === 'docProps/core.xml')!.data.toString('utf8');
    assert.match(core, /<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-30T00:00:00Z<\/dcterms:created>/);
    assert.match(
      core,
      /<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-30T00:00:00Z<\/dcterms:modified>/,
    );
    assert.match(core, /<dc:creator>Waymark<\/dc:creator>/);
    assert.match(core, /<dc:title>Children’s services improvement: progress report<\/dc:title>/);
    assert.ok(entries.every((e) => e.dosDate === AS_AT_DOS_DATE && e.dosTime === 0));
  });

  it('has the council in the header and page numbers in the footer', async () => {
    const entries = unzip(await renderPackDocx(samplePackModel()));
    const header = entries.find((e) => e.name === 'word/header1.xml')!.data.toString('utf8');
    const footer = entries.find((e) => e.name === 'word/footer1.xml')!.data.toString('utf8');
    assert.ok(header.includes('Demo Borough Council (synthetic)'));
    assert.ok(footer.includes('PAGE') && footer.includes('NUMPAGES'));
  });
});

describe('board pack as an Excel workbook', () => {
  async function load(model: PackModel): Promise<ExcelJS.Workbook> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderPackXlsx(model)) as unknown as ExcelJS.Buffer);
    return workbook;
  }

  const rowValues = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getRow(n).values as unknown[]).slice(1);

  it('has the four sheets, each with a bold, frozen, filtered header row', async () => {
    const workbook = await load(samplePackModel());
    assert.deepEqual(
      workbook.worksheets.map((s) => s.name),
      ['Plan', 'Scorecard', 'Exceptions', 'Meeting actions'],
    );
    for (const sheet of workbook.worksheets) {
      assert.equal(sheet.getCell('A1').font?.bold, true, sheet.name);
      const view = sheet.views[0] as ExcelJS.WorksheetView & { state: string; ySplit?: number };
      assert.equal(view.state, 'frozen', sheet.name);
      assert.equal(view.ySplit, 1, sheet.name);
      const filter: unknown = sheet.autoFilter;
      assert.ok(typeof filter === 'string' && /^A1:[A-Z]+1$/.test(filter), sheet.name);
    }
  });

  it('has one Plan row per action, with the header, real dates and RAG words', async () => {
    const model = samplePackModel();
    const sheet = (await load(model)).getWorksheet('Plan')!;
    assert.deepEqual(rowValues(sheet, 1), [
      'Outcome',
      'Commitment',
      'Ref',
      'Action',
      'Lead',
      'Delivery status',
      'RAG',
      'Original target date',
      'Current target date',
      'Times rescheduled',
      'Overdue',
      'Next update due',
      'Latest update',
    ]);
    assert.equal(sheet.autoFilter, 'A1:M1');
    assert.equal(sheet.actualRowCount, 1 + model.plan!.actions.length);
    const first = model.plan!.actions[0]!;
    assert.equal(sheet.getCell('C2').value, first.ref);
    const date = sheet.getCell('H2').value;
    assert.ok(date instanceof Date, 'the target date is an Excel date, not text');
    assert.equal(date.toISOString(), `${first.originalTargetDate}T00:00:00.000Z`);
    assert.equal(sheet.getCell('G2').value, 'Red');
    assert.equal(sheet.getCell('K2').value, 'Yes');
    assert.deepEqual(
      model.plan!.actions.map((_, i) => sheet.getCell(`F${i + 2}`).value),
      [
        'In progress',
        'In progress',
        'In progress',
        'Complete',
        'Embedded',
        'Not started',
        'In progress',
        'Cancelled',
      ],
    );
  });

  it('has the scorecard with its period columns, the exceptions and the meeting actions', async () => {
    const model = samplePackModel();
    const workbook = await load(model);
    const scorecard = workbook.getWorksheet('Scorecard')!;
    assert.deepEqual(rowValues(scorecard, 1), [
      'Indicator code',
      'Indicator',
      'Unit',
      'Latest period',
      'Latest',
      'Target',
      'RAG',
      'Since previous',
      'Baseline',
      ...model.indicators!.periods,
    ]);
    assert.equal(scorecard.actualRowCount, 1 + model.indicators!.rows.length);
    const exceptions = workbook.getWorksheet('Exceptions')!;
    assert.deepEqual(
      Array.from({ length: exceptions.actualRowCount - 1 }, (_, i) => exceptions.getCell(`A${i + 2}`).value),
      model.plan!.exceptionRefs,
    );
    const meetings = workbook.getWorksheet('Meeting actions')!;
    assert.equal(meetings.actualRowCount, 1 + model.meetingActions.length);
    assert.ok(meetings.getCell('B2').value instanceof Date);
  });

  it('says so in the sheet when there is no plan', async () => {
    const sheet = (await load(samplePackModel({ plan: null }))).getWorksheet('Plan')!;
    assert.equal(sheet.actualRowCount, 2);
    assert.equal(sheet.getCell('A2').value, 'There is no improvement plan recorded yet.');
  });

  it('is byte-identical for the same model, dated by the pack rather than the clock', async () => {
    const model = samplePackModel();
    const first = await renderPackXlsx(model);
    const elsewhen = await renderAtAnotherTime(() => renderPackXlsx(samplePackModel()));
    assert.ok(first.equals(elsewhen));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(first as unknown as ExcelJS.Buffer);
    assert.equal(workbook.created.toISOString(), '2026-11-30T00:00:00.000Z');
    assert.equal(workbook.modified.toISOString(), '2026-11-30T00:00:00.000Z');
    assert.equal(workbook.creator, 'Waymark');
    assert.ok(unzip(first).every((e) => e.dosDate === AS_AT_DOS_DATE && e.dosTime === 0));
  });
});
