import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describeEachDatabase, openTestDatabase, postgresSkipReason } from '../../../test/helpers/db.js';
import { createTestApp, testConfig, type TestApp } from '../../../test/helpers/app.js';
import { seedDemo } from '../../db/seed/demo.js';
import { createServices } from '../../services.js';
import { ValidationError } from '../errors.js';
import { readRevision } from '../../db/revisions.js';
import { backupDatabase, databaseFingerprint, dependencyOrder, restoreDatabase } from './service.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-backup-'));

it('orders tables after the tables they depend on', () => {
  assert.deepEqual(
    dependencyOrder([
      { name: 'c', dependsOn: ['b'] },
      { name: 'b', dependsOn: ['a'] },
      { name: 'a', dependsOn: [] },
    ]),
    ['a', 'b', 'c'],
  );
  assert.throws(
    () =>
      dependencyOrder([
        { name: 'x', dependsOn: ['y'] },
        { name: 'y', dependsOn: ['x'] },
      ]),
    /cycle/,
  );
});

describeEachDatabase('backup and restore', (kind) => {
  let source: TestApp;
  const file = path.join(dir, `${kind}.backup.gz`);
  before(async () => {
    source = await createTestApp(kind);
    await seedDemo(source.services, 'test-only demo passphrase');
  });
  after(() => source.close());

  it('round-trips every table exactly', async () => {
    const result = await backupDatabase(source.database, file);
    assert.ok(result.rows > 10);
    const target = await openTestDatabase(kind);
    try {
      const restored = await restoreDatabase(target, file);
      assert.equal(restored.rows, result.rows);
      assert.deepEqual(await databaseFingerprint(target), await databaseFingerprint(source.database));
      // The restored database works: the audit chain verifies, and new rows get fresh ids.
      const services = createServices(target, testConfig());
      assert.equal((await services.audit.verify(target.db)).ok, true);
      const org = await services.organisations.bySlug('demo');
      assert.ok(org);
      await services.users.addMember(
        { userId: null, label: 'test', requestId: null },
        {
          email: 'after.restore@demo-borough.example',
          displayName: 'After Restore',
          organisationId: org.id,
          role: 'viewer',
        },
      );
      assert.equal((await services.audit.verify(target.db)).ok, true);
    } finally {
      await target.close();
    }
  });

  it('refuses a non-empty database unless told to replace it, and changes nothing when refusing', async () => {
    const before = await databaseFingerprint(source.database);
    await assert.rejects(
      restoreDatabase(source.database, file),
      (e: unknown) => e instanceof ValidationError && /database is not empty/.test(e.message),
    );
    assert.deepEqual(await databaseFingerprint(source.database), before);
    const revision = await readRevision(source.database.db, null);
    await restoreDatabase(source.database, file, { replace: true });
    assert.deepEqual(await databaseFingerprint(source.database), before);
    // A running server's cached pages are no longer current once everything was replaced.
    assert.notEqual(await readRevision(source.database.db, null), revision);
  });

  it('refuses a damaged or truncated file and restores nothing', async () => {
    const target = await openTestDatabase(kind);
    try {
      const empty = await databaseFingerprint(target);
      const notGzip = path.join(dir, 'not-a-backup.gz');
      fs.writeFileSync(notGzip, 'hello');
      await assert.rejects(restoreDatabase(target, notGzip), /not a Waymark backup/);
      const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
      const truncated = path.join(dir, 'truncated.gz');
      fs.writeFileSync(truncated, zlib.gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));
      await assert.rejects(restoreDatabase(target, truncated), /incomplete/);
      assert.deepEqual(await databaseFingerprint(target), empty);
    } finally {
      await target.close();
    }
  });
});

it('restores a PGlite backup into PostgreSQL', { skip: postgresSkipReason() }, async () => {
  const source = await createTestApp('pglite');
  const file = path.join(dir, 'cross.backup.gz');
  try {
    await seedDemo(source.services, 'test-only demo passphrase');
    const written = await backupDatabase(source.database, file);
    const target = await openTestDatabase('postgresql');
    try {
      assert.equal((await restoreDatabase(target, file)).rows, written.rows);
      const services = createServices(target, testConfig());
      assert.equal((await services.audit.verify(target.db)).ok, true);
      assert.equal((await services.users.byEmail('admin@demo-borough.example'))?.displayName, 'Demo Admin');
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
});
