// `npm run test:unit`: prepares a migrated PGlite snapshot and a real PostgreSQL server, then runs every
// *.test.ts with node's test runner. With CI=true, PostgreSQL and Chromium are required, not optional.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../src/db/client.js';
import { ensureAssets } from '../src/platform/web/assets.js';
import { findPostgresBin, startPostgres, type TestPostgres } from '../test/helpers/postgres.js';

const root = path.resolve(import.meta.dirname, '..');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const filters = process.argv.slice(2);

function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : findTests(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const files = ['src', 'test', 'e2e']
  .flatMap((d) => findTests(path.join(root, d)))
  .filter((f) => filters.length === 0 || filters.some((flt) => f.includes(flt)))
  .sort();
if (files.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}

await ensureAssets();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-test-'));
const env: NodeJS.ProcessEnv = { ...process.env, WAYMARK_TEST_TMP: tmp };

// A migrated PGlite, dumped once: each test database loads it in ~0.5 s instead of migrating in ~3 s.
{
  const handle = await openDatabase({ databaseUrl: null, dataDir: tmp, inMemory: true });
  const client = (handle as unknown as { pglite: PGlite }).pglite;
  const dump = await client.dumpDataDir('none');
  const snapshot = path.join(tmp, 'pglite-snapshot.tar');
  fs.writeFileSync(snapshot, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  env.WAYMARK_TEST_PGLITE_SNAPSHOT = snapshot;
}

let postgres: TestPostgres | null = null;
const pgBin = findPostgresBin();
if (pgBin) {
  postgres = await startPostgres(pgBin);
  const admin = new pg.Client({ connectionString: postgres.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE waymark_template');
  await admin.end();
  const handle = await openDatabase({
    databaseUrl: postgres.url('waymark_template'),
    dataDir: tmp,
    poolSize: 1,
  });
  await handle.close();
  env.WAYMARK_TEST_PG_ADMIN_URL = postgres.url('postgres');
  env.WAYMARK_TEST_PG_BASE_URL = postgres.url('');
  console.log(`PostgreSQL suite: ${postgres.version}`);
} else if (ci) {
  console.error(
    'CI=true but PostgreSQL was not found under /usr/lib/postgresql. Install it: apt-get install -y postgresql',
  );
  process.exit(1);
} else {
  console.log(
    'PostgreSQL suite SKIPPED: PostgreSQL not found. Install it with: sudo apt-get install -y postgresql',
  );
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (fs.existsSync(chromium)) {
  env.WAYMARK_TEST_CHROMIUM = chromium;
  console.log(`Browser suite: ${chromium}`);
} else if (ci) {
  console.error(`CI=true but Chromium was not found at ${chromium}. Install it: apt-get install -y chromium`);
  process.exit(1);
} else {
  console.log(
    'Browser suite SKIPPED: Chromium not found. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH)',
  );
}

const args = ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files];
const child = spawn(process.execPath, args, { stdio: 'inherit', env, cwd: root });
const code: number = await new Promise((resolve) =>
  child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))),
);
postgres?.stop();
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(code);
