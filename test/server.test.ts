import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, runCli, startServer } from './helpers/process.js';

describe('the server process on an embedded database', () => {
  it('starts on an empty folder with demo data, refuses a second server on the same folder, and reopens after a crash', async () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-srv-')), 'missing', 'data');
    const port = await freePort();
    const env = {
      WAYMARK_DATA_DIR: dataDir,
      PORT: String(port),
      WAYMARK_DEMO_PASSWORD: 'test-only demo passphrase',
    };
    const server = await startServer(env);
    try {
      assert.match(server.output(), /admin@demo-borough\.example/);
      assert.match(server.output(), /Password for every demo user: test-only demo passphrase/);
      const health = (await (await fetch(`${server.url}/health`)).json()) as {
        status: string;
        database: string;
      };
      assert.deepEqual([health.status, health.database], ['ok', 'pglite']);

      // A second server on the same folder exits at once, saying why, and touches nothing.
      const second = await startServer({ ...env, PORT: String(await freePort()) }).then(
        () => assert.fail('second server started'),
        (error: { code: number; output: string }) => error,
      );
      assert.equal(second.code, 1);
      assert.match(second.output, /is in use by another Waymark process \(pid \d+\)/);
      // The CLI is refused in the same way while the server runs.
      const cli = await runCli(['org', 'list', '--json'], env);
      assert.equal(cli.code, 1);
      assert.match(cli.stderr, /in use by another Waymark process/);
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
    } finally {
      await server.stop('SIGKILL');
    }

    // Killed without a clean shutdown: the stale lock is taken over and the data reopens intact.
    const again = await startServer({ ...env, PORT: String(await freePort()) });
    try {
      assert.match(again.output(), /demo password was printed when the demo was first created/);
    } finally {
      assert.equal(await again.stop('SIGTERM'), 0);
    }
    const list = await runCli(['org', 'list', '--json'], env);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(
      (JSON.parse(list.stdout) as { slug: string }[]).map((o) => o.slug),
      ['demo'],
    );
  });

  it('stops with a message naming the variable when configuration is wrong', async () => {
    const result = await startServer({ PORT: 'not-a-port' }).catch(
      (e: { code: number; output: string }) => e,
    );
    assert.ok('code' in result);
    assert.equal(result.code, 1);
    assert.match(result.output, /PORT must be a whole number/);
  });
});
