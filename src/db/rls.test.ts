import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { openTestDatabase, postgresSkipReason } from '../../test/helpers/db.js';
import { createServices } from '../services.js';
import { testConfig, makeOrganisation, makeUser } from '../../test/helpers/app.js';
import type { DatabaseHandle } from './client.js';
import { inTransaction } from './tx.js';
import { memberships } from '../features/users/schema.js';

describe('row-level security on PostgreSQL', { skip: postgresSkipReason() }, () => {
  let handle: DatabaseHandle;
  before(async () => {
    handle = await openTestDatabase('postgresql');
    // Superusers bypass row-level security, so the test acts as an ordinary application role, as production should.
    await handle.query(
      `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'waymark_app') THEN CREATE ROLE waymark_app; END IF; END $$`,
    );
    await handle.query('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO waymark_app');
  });
  after(() => handle.close());

  it('covers every table that has an organisation_id', async () => {
    const missing = await handle.query<{ relname: string }>(
      `select c.relname from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attname = 'organisation_id'
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' and not (c.relrowsecurity and c.relforcerowsecurity)`,
    );
    assert.deepEqual(missing, []);
  });

  it('hides other organisations’ rows from a query that forgets its organisation filter', async () => {
    const services = createServices(handle, testConfig());
    const a = await makeOrganisation(services);
    const b = await makeOrganisation(services);
    await makeUser(services, a.id, 'viewer');
    await makeUser(services, b.id, 'viewer');
    const seen = await inTransaction(handle.db, a.id, async (tx) => {
      await tx.execute(sql`set local role waymark_app`);
      // Deliberately no WHERE organisation_id = …
      return tx.select({ organisationId: memberships.organisationId }).from(memberships);
    });
    assert.ok(seen.length > 0);
    assert.deepEqual([...new Set(seen.map((r) => r.organisationId))], [a.id]);

    // Writing into another organisation is refused too.
    await assert.rejects(
      inTransaction(handle.db, a.id, async (tx) => {
        await tx.execute(sql`set local role waymark_app`);
        await tx.execute(sql`update memberships set role = 'admin' where organisation_id = ${b.id}`);
        const [row] = await tx
          .execute<{ n: number }>(
            sql`select count(*)::int as n from memberships where organisation_id = ${b.id}`,
          )
          .then((r) => (r as { rows: { n: number }[] }).rows);
        assert.equal(row?.n, 0);
        await tx.execute(
          sql`insert into memberships (organisation_id, user_id, role) select ${b.id}, user_id, 'viewer' from memberships limit 1`,
        );
      }),
      (error: Error) => /violates row-level security policy/.test(String(error.cause)),
    );
  });
});
