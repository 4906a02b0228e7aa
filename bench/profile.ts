// `node --import tsx bench/profile.ts [--scale large] [--runs 5] [--only NAME]`: generates a dataset on
// a throwaway PostgreSQL, then requests each benchmarked page in-process (no network, one at a
// time) and prints its time and the number of SQL statements it ran, to find slow pages and N+1
// queries without a load run. `--cpu-profile FILE` writes a CPU profile of the requests alone. Results are not benchmarks.
import fs from 'node:fs';
import path from 'node:path';
import inspector from 'node:inspector';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { captureSql } from './sql-capture.js';
import { openDatabase } from '../src/db/client.js';
import { createServices } from '../src/services.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { SYSTEM_ACTOR } from '../src/platform/audit/service.js';
import { BENCH_PASSWORD, generate, type Scale } from './generate.js';
import { benchPages } from './pages.js';
import { findPostgresBin, startPostgres } from '../test/helpers/postgres.js';
import { WebClient } from '../test/helpers/web-client.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'large' },
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    organisations: { type: 'string' },
    /** Leave the page cache on, to profile answers from it (repeat runs are hits). */
    cached: { type: 'boolean', default: false },
    /** Saves each page's last body in this folder, to see what makes a page heavy. */
    save: { type: 'string' },
    /** Writes a CPU profile of the page requests only (not the data generation) to this file. */
    'cpu-profile': { type: 'string' },
  },
});

const log = (line: string) => process.stderr.write(`${line}\n`);

// Counts statements per request.
const sql = captureSql();

async function main() {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL is needed: apt-get install -y postgresql');
  const postgres = await startPostgres(bin);
  try {
    const admin = new pg.Client({ connectionString: postgres.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_profile');
    await admin.end();
    const config = loadConfig({
      DATABASE_URL: postgres.url('bench_profile'),
      SESSION_SECRET: 'bench-only-session-secret-0123456789abcdef',
      // As the benchmark's server runs: compiled templates are cached.
      NODE_ENV: 'production',
      WAYMARK_DEMO: '0',
      LOG_LEVEL: 'silent',
      // Every request builds its page: a cached answer runs no SQL and would hide what is measured.
      WAYMARK_PAGE_CACHE_MB: values.cached ? '64' : '0',
      WAYMARK_JOBS: '0',
    });
    const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    const services = createServices(handle, config);
    const g = await generate(services, values.scale as Scale, log, {
      ...(values.organisations ? { organisations: Number(values.organisations) } : {}),
    });
    await handle.exec('ANALYZE');
    const app = await createApp({ config, services, logger: false });
    await app.ready();
    const client = new WebClient(app);
    await client.get('/sign-in');
    const signedIn = await client.post('/sign-in', { email: g.adminEmail, password: BENCH_PASSWORD });
    if (signedIn.statusCode !== 303 && signedIn.statusCode !== 302)
      throw new Error(`sign-in failed: ${signedIn.statusCode}`);
    const { token } = await services.users.createToken(SYSTEM_ACTOR, g.adminUserId, 'profile');
    const pages = benchPages(g)
      .filter((p) => p.auth !== 'none' && (!values.only || p.name.includes(values.only)))
      .map((p) => [p.name, p.path] as const);
    const profiler = values['cpu-profile'] ? await startProfiler() : null;
    for (const [name, url] of pages) {
      const times: number[] = [];
      let count = 0;
      let status = 0;
      let bytes = 0;
      let cache = '';
      let last = '';
      for (let run = 0; run < Number(values.runs); run++) {
        sql.start();
        const started = performance.now();
        const response = url.startsWith('/api/')
          ? await app.inject({ method: 'GET', url: url, headers: { authorization: `Bearer ${token}` } })
          : await client.get(url);
        times.push(performance.now() - started);
        count = sql.stop().length;
        status = response.statusCode;
        bytes = response.rawPayload.length;
        cache = String(response.headers['x-page-cache'] ?? '');
        last = response.body;
        if (status !== 200) log(`${name}: HTTP ${status}: ${response.body.slice(0, 400)}`);
      }
      if (values.save && last) {
        fs.mkdirSync(values.save, { recursive: true });
        fs.writeFileSync(path.join(values.save, `${name.replace(/[^\w]+/g, '-')}.txt`), last);
      }
      times.sort((a, b) => a - b);
      log(
        `${name.padEnd(28)} HTTP ${status}  median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms  min ${times[0]!.toFixed(1)} ms  ${count} SQL statements  ${Math.round(bytes / 1024)} KiB${cache ? `  page cache: last ${cache}` : ''}`,
      );
    }
    if (profiler) {
      await profiler.stop(values['cpu-profile']!);
      log(`CPU profile of the requests written to ${values['cpu-profile']}`);
    }
    await app.close();
    await handle.close();
  } finally {
    postgres.stop();
  }
}

/** The V8 profiler over the inspector, so only the requests are profiled (open the file in DevTools). */
async function startProfiler() {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  return {
    async stop(file: string) {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      fs.writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

main().catch((error: unknown) => {
  log(`profile failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
