import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { DataDirLockedError, acquireDirLock } from './lock.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-lock-'));
}

describe('data folder lock', () => {
  it('creates a missing folder and refuses a second holder while the first is alive', () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const lock = acquireDirLock(dir);
    assert.equal(fs.readFileSync(path.join(dir, 'waymark.lock'), 'utf8').trim(), String(process.pid));
    assert.throws(
      () => acquireDirLock(dir),
      (e: unknown) => e instanceof DataDirLockedError && /in use by another Waymark process/.test(e.message),
    );
    lock.release();
    assert.equal(fs.existsSync(path.join(dir, 'waymark.lock')), false);
    acquireDirLock(dir).release();
  });

  it('never steals a lock held by another live process', async () => {
    const dir = tempDir();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      fs.writeFileSync(path.join(dir, 'waymark.lock'), `${sleeper.pid}\n`);
      assert.throws(
        () => acquireDirLock(dir),
        (e: unknown) => e instanceof DataDirLockedError && e.holderPid === sleeper.pid,
      );
    } finally {
      sleeper.kill();
    }
  });

  it('takes over a lock left by a dead process', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['-e', '']);
    const pid = child.pid!;
    await new Promise((resolve) => child.on('exit', resolve));
    fs.writeFileSync(path.join(dir, 'waymark.lock'), `${pid}\n`);
    const lock = acquireDirLock(dir);
    assert.equal(fs.readFileSync(path.join(dir, 'waymark.lock'), 'utf8').trim(), String(process.pid));
    lock.release();
  });
});
