// `npm run bench`: measures Waymark's key pages and API endpoints under load (autocannon, 50
// connections) on PGlite and on PostgreSQL, at the scale of a large council, against a static route
// of the same server as the floor. `--generate large|national` only builds a dataset; `--write`
// records the results in docs/benchmarks.md. Targets live here, not in timed tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '../src/db/client.js';
import { createServices } from '../src/services.js';
import { loadConfig } from '../src/config.js';
import { BENCH_PASSWORD, SCALES, generate, type Scale } from './generate.js';
import { findPostgresBin, startPostgres, type TestPostgres } from '../test/helpers/postgres.js';
import { freePort, startServer, type RunningServer } from '../test/helpers/process.js';

const { values } = parseArgs({
  options: {
    generate: { type: 'string' },
    scale: { type: 'string', default: 'large' },
    duration: { type: 'string', default: '6' },
    connections: { type: 'string', default: '50' },
    write: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});

const log = (line: string) => process.stderr.write(`${line}\n`);

interface Target {
  name: string;
  path: string;
  auth: 'session' | 'token' | 'none';
  /** Targets on this 2-core machine, PostgreSQL, 50 connections (issue 9). */
  p95TargetMs?: number;
  rpsTarget?: number;
}

function targets(slug: string): Target[] {
  return [
    { name: 'static route (floor)', path: '/ping', auth: 'none' },
    { name: 'organisation home page', path: `/o/${slug}`, auth: 'session', p95TargetMs: 100, rpsTarget: 300 },
    {
      name: 'quality trends page',
      path: `/o/${slug}/quality`,
      auth: 'session',
      p95TargetMs: 100,
      rpsTarget: 300,
    },
    {
      name: 'case audits list page',
      path: `/o/${slug}/quality/audits`,
      auth: 'session',
      p95TargetMs: 100,
      rpsTarget: 300,
    },
    {
      name: 'API: case audits list',
      path: `/api/v1/organisations/${slug}/quality/audits`,
      auth: 'token',
      p95TargetMs: 100,
      rpsTarget: 300,
    },
    {
      name: 'API: quality trends',
      path: `/api/v1/organisations/${slug}/quality/trends`,
      auth: 'token',
      p95TargetMs: 100,
      rpsTarget: 300,
    },
  ];
}

interface Result {
  database: string;
  target: Target;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  rssIdleMb: number;
  rssPeakMb: number;
  ratioToFloor: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function signIn(base: string, email: string): Promise<{ cookie: string; token: string }> {
  const page = await fetch(`${base}/sign-in`);
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const csrfCookie = (page.headers.getSetCookie().find((c) => c.startsWith('waymark_csrf=')) ?? '').split(
    ';',
  )[0]!;
  const response = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ email, password: BENCH_PASSWORD, _csrf: csrf }).toString(),
  });
  const session = (response.headers.getSetCookie().find((c) => c.startsWith('waymark_session=')) ?? '').split(
    ';',
  )[0]!;
  if (!session) throw new Error(`could not sign in as ${email}: HTTP ${response.status}`);
  return { cookie: session, token: '' };
}

async function measure(
  server: RunningServer,
  database: string,
  slug: string,
  auth: { cookie: string; token: string },
): Promise<Result[]> {
  const results: Result[] = [];
  const pid = server.child.pid!;
  let floorRps = 0;
  for (const target of targets(slug).filter(
    (t) => !values.only || t.name.includes(values.only) || t.auth === 'none',
  )) {
    const headers: Record<string, string> =
      target.auth === 'session'
        ? { cookie: auth.cookie }
        : target.auth === 'token'
          ? { authorization: `Bearer ${auth.token}` }
          : {};
    // Warm up (template cache, query plans), then measure.
    await autocannon({ url: `${server.url}${target.path}`, connections: 5, duration: 1, headers });
    const latencies: number[] = [];
    const rssIdleMb = rssMb(pid);
    let rssPeakMb = rssIdleMb;
    const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, rssMb(pid))), 200);
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: `${server.url}${target.path}`,
          connections: Number(values.connections),
          duration: Number(values.duration),
          headers,
        },
        (error, finished) =>
          error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(finished),
      );
      instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
    });
    clearInterval(sampler);
    latencies.sort((a, b) => a - b);
    const rps = Math.round(result.requests.average);
    if (target.auth === 'none') floorRps = rps;
    const row: Result = {
      database,
      target,
      rps,
      p50: Math.round(percentile(latencies, 50)),
      p95: Math.round(percentile(latencies, 95)),
      p99: Math.round(percentile(latencies, 99)),
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      rssIdleMb,
      rssPeakMb,
      ratioToFloor: floorRps ? Math.round((rps / floorRps) * 100) / 100 : 1,
    };
    results.push(row);
    log(
      `  ${database.padEnd(10)} ${target.name.padEnd(28)} ${String(row.rps).padStart(6)} req/s  p50 ${row.p50} ms  p95 ${row.p95} ms  p99 ${row.p99} ms  RSS ${row.rssIdleMb}→${row.rssPeakMb} MB${row.non2xx ? `  NON-2XX ${row.non2xx}` : ''}`,
    );
  }
  return results;
}

async function prepare(
  kind: 'pglite' | 'postgresql',
  scale: Scale,
  postgres: TestPostgres | null,
): Promise<{ env: Record<string, string>; slug: string; adminEmail: string; seconds: number }> {
  const started = Date.now();
  let env: Record<string, string>;
  if (kind === 'postgresql') {
    const admin = new pg.Client({ connectionString: postgres!.url('postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS bench_${scale}`);
    await admin.query(`CREATE DATABASE bench_${scale}`);
    await admin.end();
    env = { DATABASE_URL: postgres!.url(`bench_${scale}`) };
  } else {
    env = { WAYMARK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), `waymark-bench-${scale}-`)) };
  }
  const config = loadConfig({ ...env, WAYMARK_DEMO: '0', LOG_LEVEL: 'silent' });
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const services = createServices(handle, config);
  const first = await generate(services, scale, log);
  await handle.close();
  return { env, ...first, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

function markdown(results: Result[], generation: Record<string, number>, scale: Scale): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Benchmarks',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, with autocannon at ${values.connections} connections for ${values.duration} s per target, load generator on the same machine. Scale: **${scale}** (${SCALES[scale].organisations} organisation(s), ${SCALES[scale].auditsPerOrganisation.toLocaleString('en-GB')} case audits each; the plan, indicators and meetings of issue 9's dataset are added as those features land).`,
    '',
    'Reproduce: `npm run bench -- --scale large --write` (PostgreSQL 15 must be installed; the script starts its own server).',
    '',
    `Data generation: ${Object.entries(generation)
      .map(([k, v]) => `${k} ${v} s`)
      .join(', ')}.`,
    '',
    '| Database | Target | req/s | p50 ms | p95 ms | p99 ms | × floor | RSS idle → peak MB | Target met |',
    '|---|---|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const r of results) {
    const met =
      r.target.p95TargetMs && r.database === 'postgresql'
        ? r.p95 <= r.target.p95TargetMs && r.rps >= (r.target.rpsTarget ?? 0)
          ? 'yes'
          : '**no**'
        : '–';
    lines.push(
      `| ${r.database} | ${r.target.name} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.ratioToFloor} | ${r.rssIdleMb} → ${r.rssPeakMb} | ${met} |`,
    );
  }
  lines.push(
    '',
    'Targets (issue 9, PostgreSQL, 50 connections, large council): every key page p95 ≤ 100 ms and ≥ 300 requests/s.',
    '',
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const scale = (values.generate ?? values.scale) as Scale;
  if (!(scale in SCALES)) throw new Error(`--scale must be large or national, got "${scale}"`);
  const pgBin = findPostgresBin();
  const postgres = pgBin ? await startPostgres(pgBin) : null;
  if (!postgres)
    log('PostgreSQL not found: measuring PGlite only (install postgresql for the full benchmark)');
  try {
    const kinds: ('pglite' | 'postgresql')[] = postgres ? ['pglite', 'postgresql'] : ['pglite'];
    if (values.generate) {
      for (const kind of kinds) {
        const prepared = await prepare(kind, scale, postgres);
        log(
          `${kind}: generated the ${scale} dataset in ${prepared.seconds} s (${JSON.stringify(prepared.env)})`,
        );
      }
      return;
    }
    const results: Result[] = [];
    const generation: Record<string, number> = {};
    for (const kind of kinds) {
      log(`${kind}: generating the ${scale} dataset…`);
      const prepared = await prepare(kind, scale, postgres);
      generation[kind] = prepared.seconds;
      const server = await startServer(
        {
          ...prepared.env,
          PORT: String(await freePort()),
          NODE_ENV: 'production',
          SESSION_SECRET: 'bench-only-session-secret-0123456789abcdef',
          WAYMARK_DEMO: '0',
          LOG_LEVEL: 'warn',
          WAYMARK_JOBS: '0',
        },
        120_000,
      );
      try {
        const auth = await signIn(server.url, prepared.adminEmail);
        const tokenResponse = await fetch(`${server.url}/account`, { headers: { cookie: auth.cookie } });
        const html = await tokenResponse.text();
        const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
        const csrfCookie = (
          tokenResponse.headers.getSetCookie().find((c) => c.startsWith('waymark_csrf=')) ?? ''
        ).split(';')[0]!;
        const created = await fetch(`${server.url}/account/tokens`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            cookie: `${auth.cookie}; ${csrfCookie}`,
          },
          body: new URLSearchParams({ name: 'bench', _csrf: csrf }).toString(),
        });
        auth.token = /(wmk_[A-Za-z0-9_-]+)/.exec(await created.text())?.[1] ?? '';
        results.push(...(await measure(server, kind, prepared.slug, auth)));
      } finally {
        await server.stop();
      }
    }
    const doc = markdown(results, generation, scale);
    if (values.write) {
      fs.writeFileSync(path.resolve(import.meta.dirname, '../docs/benchmarks.md'), doc);
      log('docs/benchmarks.md written');
    } else {
      process.stdout.write(`${doc}\n`);
    }
  } finally {
    postgres?.stop();
  }
}

main().catch((error: unknown) => {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
