// Faults an operator meets: the database server restarting under Waymark, a read-only or full data
// folder, and a large import killed half-way.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ROOT, freePort, runCli, startServer, type RunningServer } from './helpers/process.js';
import { findPostgresBin, startPostgres, type TestPostgres } from './helpers/postgres.js';
import { postgresSkipReason } from './helpers/db.js';

/** Small file systems need mount, which needs root: say so rather than pretend. */
function mountSkipReason(): string | false {
  if (process.getuid?.() !== 0) return 'needs root to mount a small or read-only file system';
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-mount-'));
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]);
  if (result.status !== 0) return 'mount is not permitted here';
  execFileSync('umount', [probe]);
  return false;
}

async function expectStartFailure(env: Record<string, string>): Promise<string> {
  const result = await startServer({ ...env, PORT: String(await freePort()) }).then(
    () => assert.fail('the server started'),
    (error: { code: number; output: string }) => error,
  );
  assert.equal(result.code, 1);
  return result.output;
}

describe('a data folder that cannot be written', { skip: mountSkipReason() }, () => {
  const mounts: string[] = [];
  const mount = (options: string): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-fs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
    mounts.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of mounts) spawnSync('umount', [dir]);
  });

  it('says clearly when the folder is read-only', async () => {
    const dir = mount('size=10m');
    fs.mkdirSync(path.join(dir, 'data'));
    execFileSync('mount', ['-o', 'remount,ro', dir]);
    const output = await expectStartFailure({ WAYMARK_DATA_DIR: path.join(dir, 'data') });
    assert.match(output, /cannot write to its data folder .* \(it is read-only or you lack permission\)/);
  });

  it('says clearly when the disk is full', async () => {
    const dir = mount('size=4m');
    const output = await expectStartFailure({ WAYMARK_DATA_DIR: path.join(dir, 'data') });
    assert.match(output, /There is no space left on the disk that holds the data folder/);
  });
});

describe('PostgreSQL restarting under a running server', { skip: postgresSkipReason() }, () => {
  let postgres: TestPostgres;
  let server: RunningServer;
  before(async () => {
    // Its own PostgreSQL, so stopping it disturbs no other test.
    postgres = await startPostgres(findPostgresBin()!);
    const admin = new pg.Client({ connectionString: postgres.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE waymark');
    await admin.end();
    server = await startServer({
      DATABASE_URL: postgres.url('waymark'),
      PORT: String(await freePort()),
      WAYMARK_DEMO: '0',
    });
  });
  after(async () => {
    await server?.stop();
    postgres?.stop();
  });

  it('fails requests cleanly while the database is down, then recovers without a restart', async () => {
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
    postgres.pause();
    const down = await fetch(`${server.url}/health`);
    assert.equal(down.status, 503);
    assert.deepEqual(await down.json(), {
      status: 'unavailable',
      database: 'postgresql',
      message: 'The database is not answering',
    });
    const page = await fetch(`${server.url}/sign-in`);
    assert.ok(page.status === 200 || page.status === 500, `sign-in page answered ${page.status}`);
    const signIn = await fetch(`${server.url}/api/v1/me`, {
      headers: { authorization: 'Bearer wmk_not-a-real-token-but-well-formed' },
    });
    assert.equal(signIn.status, 500);
    assert.equal(((await signIn.json()) as { error: string }).error, 'internal_error');
    postgres.resume();
    let healthy = false;
    for (let attempt = 0; attempt < 20 && !healthy; attempt++) {
      healthy = (await fetch(`${server.url}/health`)).status === 200;
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.ok(healthy, 'the server did not recover after PostgreSQL came back');
    assert.equal(server.child.exitCode, null);
  });
});

describe('a large import killed half-way', () => {
  it('leaves the database as it was, and can be run again to completion', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-kill-'));
    const source = {
      WAYMARK_DATA_DIR: path.join(root, 'source'),
      WAYMARK_DEMO_PASSWORD: 'test-only demo passphrase',
    };
    const target = { WAYMARK_DATA_DIR: path.join(root, 'target'), WAYMARK_DEMO: '0' };
    const file = path.join(root, 'demo.backup.gz');
    assert.equal((await runCli(['seed', '--demo'], source)).code, 0);
    const backup = await runCli(['backup', '--out', file, '--json'], source);
    assert.equal(backup.code, 0, backup.stderr);
    const rows = (JSON.parse(backup.stdout) as { rows: number }).rows;
    assert.ok(rows > 1000, `the demo backup has only ${rows} rows`);

    // Start the restore (thousands of rows, one transaction) and kill it as soon as it is writing case audits.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'restore', file], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', ...target },
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let progress = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        progress += chunk.toString();
        if (progress.includes('Restoring case_audits')) resolve();
      });
      void exited.then(() => resolve());
    });
    child.kill('SIGKILL');
    assert.equal(await exited, null, `the restore finished before it could be killed:\n${progress}`);

    // The database opens, is empty (the transaction never committed), and the restore runs again.
    const empty = await runCli(['org', 'list', '--json'], target);
    assert.equal(empty.code, 0, empty.stderr);
    assert.deepEqual(JSON.parse(empty.stdout), []);
    const again = await runCli(['restore', file, '--json'], target);
    assert.equal(again.code, 0, again.stderr);
    assert.equal((JSON.parse(again.stdout) as { rows: number }).rows, rows);
    const verify = await runCli(['audit', 'verify', '--json'], target);
    assert.equal((JSON.parse(verify.stdout) as { ok: boolean }).ok, true);
  });
});
