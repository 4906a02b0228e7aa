import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { runCli } from '../../../test/helpers/process.js';
import { readPlanWorkbook } from './xlsx/template.js';

describe('waymark plan export and import', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-plan-cli-'));
  const env = {
    WAYMARK_DATA_DIR: path.join(dir, 'data'),
    WAYMARK_DEMO_PASSWORD: 'test-only violet kettle orbit',
  };
  const out = path.join(dir, 'plan.xlsx');

  it('exports the demo plan, refuses to import into an approved version, and reports a bad file by row and column', async () => {
    assert.equal((await runCli(['seed', '--demo'], env)).code, 0);
    const exported = await runCli(['plan', 'export', '--org', 'demo', '--out', out, '--json'], env);
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal((JSON.parse(exported.stdout) as { versionNumber: number }).versionNumber, 2);
    const read = await readPlanWorkbook(fs.readFileSync(out));
    assert.deepEqual(read.errors, []);
    assert.equal(read.plan!.outcomes.length, 8);
    assert.ok(read.rowCount >= 85);

    const approved = await runCli(['plan', 'import', out, '--org', 'demo', '--dry-run'], env);
    assert.equal(approved.code, 1);
    assert.match(approved.stderr, /Version 2 is approved and cannot change\. Refresh the plan/);

    const missingOrg = await runCli(['plan', 'export', '--org', 'nowhere', '--out', out], env);
    assert.equal(missingOrg.code, 1);
    assert.match(missingOrg.stderr, /no organisation with the slug "nowhere"/);

    // A new organisation with no plan: a malformed file saves nothing and names row and column.
    assert.equal(
      (await runCli(['org', 'add', '--slug', 'fresh', '--name', 'Fresh Test Council'], env)).code,
      0,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(out) as unknown as ExcelJS.Buffer);
    wb.getWorksheet('Plan')!.getRow(3).getCell(11).value = 'not an email';
    const bad = path.join(dir, 'bad.xlsx');
    fs.writeFileSync(bad, Buffer.from(await wb.xlsx.writeBuffer()));
    const refused = await runCli(['plan', 'import', bad, '--org', 'fresh'], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /row 3, column K \(Lead officer email\)/);
    assert.match(refused.stderr, /nothing was saved/);
    const none = await runCli(['plan', 'export', '--org', 'fresh', '--out', out], env);
    assert.match(none.stderr, /fresh has no improvement plan yet/);
  });
});
