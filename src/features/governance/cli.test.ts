import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { runCli } from '../../../test/helpers/process.js';
import { extractPdfText } from '../inspections/reader/pdf-text.js';
import { previousMonthEnd } from './service.js';
import { londonDay } from '../plan/derive.js';

describe('waymark report board-pack', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-pack-cli-'));
  const chromium = process.env.WAYMARK_TEST_CHROMIUM;
  const env = {
    WAYMARK_DATA_DIR: path.join(dir, 'data'),
    WAYMARK_DEMO_PASSWORD: 'test-only violet kettle orbit',
    ...(chromium ? { CHROMIUM_PATH: chromium } : {}),
  };
  const asAt = previousMonthEnd(londonDay(new Date()));
  const out = (name: string) => path.join(dir, name);

  it('writes the demo pack as HTML, Word, Excel and PDF, each readable by its own reader', async () => {
    assert.equal((await runCli(['seed', '--demo'], env)).code, 0);

    const html = await runCli(
      ['report', 'board-pack', '--org', 'demo', '--as-at', asAt, '--out', out('pack.html'), '--json'],
      env,
    );
    assert.equal(html.code, 0, html.stderr);
    const result = JSON.parse(html.stdout) as {
      format: string;
      asAt: string;
      board: string;
      sections: string[];
    };
    assert.equal(result.format, 'html');
    assert.equal(result.board, "Children's Services Improvement Board");
    assert.equal(result.sections.length, 9);
    const page = fs.readFileSync(out('pack.html'), 'utf8');
    assert.match(page, /^<!DOCTYPE html>/);
    assert.match(page, /Demo Borough Council/);
    assert.match(page, /Plan on a page/);
    assert.match(page, /<svg/);

    const docx = await runCli(
      ['report', 'board-pack', '--org', 'demo', '--as-at', asAt, '--out', out('pack.docx')],
      env,
    );
    assert.equal(docx.code, 0, docx.stderr);
    const text = (await mammoth.extractRawText({ buffer: fs.readFileSync(out('pack.docx')) })).value;
    for (const heading of [
      'Purpose of the report',
      'Recommended action',
      'The proposal',
      'Indicator scorecard',
      'Background papers',
    ])
      assert.ok(text.includes(heading), heading);

    const xlsx = await runCli(
      ['report', 'board-pack', '--org', 'demo', '--as-at', asAt, '--out', out('pack.xlsx')],
      env,
    );
    assert.equal(xlsx.code, 0, xlsx.stderr);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(out('pack.xlsx')) as unknown as ExcelJS.Buffer);
    assert.ok(wb.getWorksheet('Plan')!.rowCount > 80);
    assert.ok(wb.getWorksheet('Scorecard')!.rowCount > 15);

    assert.ok(chromium, 'the PDF needs Chromium: run through `npm test` (apt-get install -y chromium)');
    const pdf = await runCli(
      [
        'report',
        'board-pack',
        '--org',
        'demo',
        '--as-at',
        asAt,
        '--format',
        'pdf',
        '--board',
        "children's services improvement board",
        '--out',
        out('pack-file'),
      ],
      env,
    );
    assert.equal(pdf.code, 0, pdf.stderr);
    const bytes = fs.readFileSync(out('pack-file'));
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    const extracted = await extractPdfText(bytes);
    assert.ok(extracted.pages.length > 3, `${extracted.pages.length} pages`);
    assert.match(extracted.pages.join('\n'), /Demo Borough Council/);
    assert.match(extracted.pages.join('\n'), /Recommendation coverage/);
  });

  it('says what is wrong with bad input, and exits 1', async () => {
    const cases: [string[], RegExp][] = [
      [['--as-at', '2026-02-30'], /--as-at must be a real date written YYYY-MM-DD, not "2026-02-30"/],
      [['--board', 'No Such Board'], /demo has no board called "No Such Board"; its boards are: /],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['report', 'board-pack', '--org', 'demo', '--out', out('x.html'), ...args], env);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, message);
    }
    const noOrg = await runCli(['report', 'board-pack', '--org', 'nowhere', '--out', out('x.html')], env);
    assert.equal(noOrg.code, 1);
    assert.match(noOrg.stderr, /no organisation with the slug "nowhere"/);
  });
});
