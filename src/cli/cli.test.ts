import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../test/helpers/process.js';

describe('waymark CLI', () => {
  const env = { WAYMARK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-cli-')) };

  it('prints help at every level', async () => {
    const top = await runCli(['--help'], env);
    assert.equal(top.code, 0);
    for (const command of ['org', 'user', 'token', 'seed', 'audit'])
      assert.match(top.stdout, new RegExp(`\\b${command}\\b`));
    const sub = await runCli(['user', 'add', '--help'], env);
    assert.equal(sub.code, 0);
    assert.match(sub.stdout, /--password-stdin/);
  });

  it('manages organisations, users and tokens, with JSON output and passwords from stdin', async () => {
    const org = await runCli(
      ['org', 'add', '--slug', 'kentish', '--name', 'Kentish Test Council', '--la-number', '886', '--json'],
      env,
    );
    assert.equal(org.code, 0, org.stderr);
    assert.equal((JSON.parse(org.stdout) as { slug: string }).slug, 'kentish');

    const add = await runCli(
      [
        'user',
        'add',
        '--org',
        'kentish',
        '--email',
        'pat.lead@test-council.example',
        '--name',
        'Pat Lead',
        '--role',
        'improvement_lead',
        '--password-stdin',
        '--json',
      ],
      env,
      'test-only river lantern moss\n',
    );
    assert.equal(add.code, 0, add.stderr);
    assert.equal((JSON.parse(add.stdout) as { created: boolean }).created, true);

    const list = await runCli(['user', 'list', '--org', 'kentish', '--json'], env);
    const users = JSON.parse(list.stdout) as { email: string; role: string }[];
    assert.deepEqual(
      users.map((u) => [u.email, u.role]),
      [['pat.lead@test-council.example', 'improvement_lead']],
    );

    const token = await runCli(
      ['token', 'create', '--email', 'pat.lead@test-council.example', '--name', 'Script', '--json'],
      env,
    );
    assert.equal(token.code, 0, token.stderr);
    assert.match((JSON.parse(token.stdout) as { token: string }).token, /^wmk_/);

    const verify = await runCli(['audit', 'verify', '--json'], env);
    assert.equal(verify.code, 0);
    assert.equal((JSON.parse(verify.stdout) as { ok: boolean }).ok, true);
  });

  it('refuses bad input with a message and exit code 1', async () => {
    const cases: [string[], RegExp][] = [
      [['org', 'add', '--slug', 'Bad Slug!', '--name', 'X Council'], /Slug must be 2 to 40 characters/],
      [
        ['org', 'add', '--slug', 'fine', '--name', 'X', '--la-number', '12'],
        /--la-number must be a three-digit number/,
      ],
      [['user', 'list', '--org', 'nowhere'], /no organisation with the slug "nowhere"/],
      [
        ['user', 'set-role', '--org', 'kentish', 'pat.lead@test-council.example', 'king'],
        /role must be one of/,
      ],
      [
        ['user', 'reset-password', 'nobody@test-council.example'],
        /No password was given|no user with the email/,
      ],
      [['frobnicate'], /unknown command/],
      [['org', 'add', '--slug', 'x'], /required option '--name <name>' not specified/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, env);
      assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
    }
  });

  it('reads an Ofsted report PDF with `ofsted read --json`, without a database', async () => {
    const samples = path.resolve(import.meta.dirname, '../../../shared/samples/ofsted-reports');
    const result = await runCli(
      ['ofsted', 'read', path.join(samples, 'bournemouth-christchurch-poole_2022-02-11_ilacs.pdf'), '--json'],
      env,
    );
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as Record<string, unknown> & {
      judgements: unknown[];
      recommendations: { kind: string }[];
    };
    assert.deepEqual(Object.keys(report), [
      'type',
      'framework',
      'startDate',
      'endDate',
      'publishedDate',
      'leadInspector',
      'judgements',
      'recommendations',
      'warnings',
    ]);
    assert.deepEqual(
      [report.type, report.framework, report.startDate, report.endDate],
      ['standard_inspection', 'ILACS_2018', '2021-12-06', '2021-12-17'],
    );
    assert.equal(report.judgements.length, 4);
    assert.equal(report.recommendations.length, 7);
    assert.deepEqual(Object.keys(report.recommendations[0]!), ['kind', 'text']);
    const refused = await runCli(
      [
        'ofsted',
        'read',
        path.resolve(import.meta.dirname, '../features/inspections/reader/fixtures/encrypted.pdf'),
        '--json',
      ],
      env,
    );
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /password-protected/);
    assert.equal(refused.stdout, '');
  });
});
