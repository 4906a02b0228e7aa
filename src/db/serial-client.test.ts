import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { describeEachDatabase, openTestDatabase } from '../../test/helpers/db.js';
import type { DatabaseHandle } from './client.js';
import { inTransaction } from './tx.js';

describeEachDatabase('queries started together inside a transaction', (kind) => {
  let handle: DatabaseHandle;
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  before(async () => {
    handle = await openTestDatabase(kind);
    process.on('warning', onWarning);
  });
  after(async () => {
    process.off('warning', onWarning);
    await handle.close();
  });

  it('each get their own result, in one transaction, without the driver queuing them', async () => {
    const results = await inTransaction(handle.db, null, (tx) =>
      Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          tx.execute<{ n: number; tx: string }>(
            sql`select ${i}::int as n, txid_current()::text as tx, pg_sleep(0.002)`,
          ),
        ),
      ),
    );
    const rows = results.map((r) => (r as { rows: { n: number; tx: string }[] }).rows[0]!);
    assert.deepEqual(
      rows.map((r) => r.n),
      Array.from({ length: 12 }, (_, i) => i),
    );
    assert.equal(new Set(rows.map((r) => r.tx)).size, 1, 'all in the one transaction');
    // Let a deprecation warning (emitted on the next tick) arrive before looking for it.
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      warnings.filter((w) => w.includes('already executing')),
      [],
    );
  });

  it('a failed query leaves the next ones on the connection running', async () => {
    await assert.rejects(
      inTransaction(handle.db, null, (tx) =>
        Promise.all([tx.execute(sql`select 1`), tx.execute(sql`select 1/0`), tx.execute(sql`select 2`)]),
      ),
      /select 1\/0/,
    );
    const after = await handle.query<{ ok: number }>('select 1 as ok');
    assert.equal(after[0]!.ok, 1);
  });
});
