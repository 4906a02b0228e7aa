import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../../test/helpers/process.js';

function reference(name: string): string {
  for (let dir = process.cwd(); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(path.dirname(dir), 'shared', 'reference-data', name);
    if (fs.existsSync(file)) return file;
  }
  throw new Error(`No shared/reference-data/${name} beside the project`);
}

describe('waymark import dfe-statistics', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-dfe-cli-'));
  const env = { WAYMARK_DATA_DIR: path.join(dir, 'data') };

  it('imports a real EES file with --json, and refuses a bad one naming line and column, exit 1', async () => {
    const ok = await runCli(
      [
        'import',
        'dfe-statistics',
        reference('c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv'),
        '--json',
      ],
      env,
    );
    assert.equal(ok.code, 0, ok.stderr);
    const result = JSON.parse(ok.stdout) as { file: string; rows: number; measures: string[] };
    assert.equal(result.file, 'c1');
    assert.equal(result.rows, 2132);
    assert.ok(result.measures.includes('rereferral_percent'));
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      'time_period,time_identifier,geographic_level,country_code,new_la_code,old_la_code,la_name,rate\n2025,Reporting year,National,E92000001,,,,12.5\n2025,Reporting year,Local authority,E92000001,E09000001,201,City of London,twelve\n',
    );
    const refused = await runCli(['import', 'dfe-statistics', bad], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /line 3, column rate/);
    assert.match(refused.stderr, /nothing was imported/);
  });
});
