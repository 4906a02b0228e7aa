// `npm run bench`: measures Waymark's key pages and API endpoints under load (autocannon, 50
// connections) on PGlite and on PostgreSQL, at the scale of a large council and/or of a national
// deployment, against a static route of the same server as the floor; and times the one-off jobs
// (board pack files, a 1,000-row plan import, a DfE statistics import, reading a report PDF).
// `--generate large|national` only builds a dataset; `--write` records the results in
// docs/benchmarks.md. Targets live here, not in timed tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '../src/db/client.js';
import { createServices, type Services } from '../src/services.js';
import { loadConfig } from '../src/config.js';
import { SYSTEM_ACTOR } from '../src/platform/audit/service.js';
import { londonDay } from '../src/features/plan/derive.js';
import { addDays } from '../src/features/plan/rules/rules.js';
import { writePlanWorkbook, type PlanSheet } from '../src/features/plan/xlsx/template.js';
import { chromiumAvailable, closePdfBrowser } from '../src/features/governance/pack/pdf.js';
import { extractPdfText } from '../src/features/inspections/reader/pdf-text.js';
import { readInspectionReport } from '../src/features/inspections/reader/report-reader.js';
import { BENCH_PASSWORD, REFERENCE_DATA, SCALES, generate, type Generated, type Scale } from './generate.js';
import { benchPages, type BenchPage } from './pages.js';
import { findPostgresBin, startPostgres, type TestPostgres } from '../test/helpers/postgres.js';
import { freePort, startServer, type RunningServer } from '../test/helpers/process.js';

const { values } = parseArgs({
  options: {
    generate: { type: 'string' },
    /** large, national, or both: large,national */
    scale: { type: 'string', default: 'large' },
    duration: { type: 'string', default: '6' },
    connections: { type: 'string', default: '50' },
    write: { type: 'boolean', default: false },
    only: { type: 'string' },
    /** pglite,postgresql (default: both, PostgreSQL when installed) */
    databases: { type: 'string' },
    /** Fewer organisations than the scale says: smoke runs only, never for published numbers. */
    organisations: { type: 'string' },
    'skip-timings': { type: 'boolean', default: false },
    /** Write a V8 CPU profile of each server (its whole life: start, warm-up, every target) here. */
    'server-cpu-profile': { type: 'string' },
    /** Rewrites the doc from a saved run (bench/results/*.json) without measuring again. */
    from: { type: 'string' },
    /** Also measure PostgreSQL with the page cache off (every request rebuilt): on unless `--no-uncached`. */
    uncached: { type: 'boolean', default: true },
  },
  allowNegative: true,
});

const log = (line: string) => process.stderr.write(`${line}\n`);
const ROOT = path.resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DFE_TIMED_FILE = 'c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv';
const REPORT_PDF = path.resolve(ROOT, '../shared/samples/ofsted-reports/liverpool_2023-05-25_ilacs.pdf');
const TIMING_RUNS = 3;

type Target = BenchPage;

interface Result {
  scale: Scale;
  database: string;
  target: Target;
  rps: number;
  /** Null when no request finished within the run: the page is slower than the run is long. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
  errors: number;
  non2xx: number;
  rssIdleMb: number;
  rssPeakMb: number;
  ratioToFloor: number;
  /** Mean bytes per response as sent (headers and, where the client accepts it, gzip), in KB. */
  kbSent?: number;
  /** 'on' as deployed; 'off' (WAYMARK_PAGE_CACHE_MB=0) rebuilds every page for every request. */
  pageCache: 'on' | 'off';
}

interface Timing {
  scale: Scale;
  database: string;
  name: string;
  runsMs: number[];
  medianMs: number;
  targetMs?: number;
  note?: string;
}

interface Generation {
  scale: Scale;
  database: string;
  organisations: number;
  seconds: number;
  steps: Record<string, number>;
  rows: Record<string, number>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

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
  const account = await fetch(`${base}/account`, { headers: { cookie: session } });
  const accountHtml = await account.text();
  const tokenCsrf = /name="_csrf" value="([^"]+)"/.exec(accountHtml)?.[1] ?? '';
  const tokenCsrfCookie = (
    account.headers.getSetCookie().find((c) => c.startsWith('waymark_csrf=')) ?? ''
  ).split(';')[0]!;
  const created = await fetch(`${base}/account/tokens`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: `${session}; ${tokenCsrfCookie}`,
    },
    body: new URLSearchParams({ name: 'bench', _csrf: tokenCsrf }).toString(),
  });
  const token = /(wmk_[A-Za-z0-9_-]+)/.exec(await created.text())?.[1] ?? '';
  if (!token) throw new Error('could not create an API token for the benchmark');
  // A browser holds its CSRF cookie from the first page on: the page cache keys on it.
  return { cookie: `${session}; ${tokenCsrfCookie}`, token };
}

/** Waits (up to a minute) until the server answers its static route quickly again. */
async function settle(base: string): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const started = performance.now();
    await (await fetch(`${base}/ping`)).arrayBuffer();
    if (performance.now() - started < 20) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function measure(
  server: RunningServer,
  scale: Scale,
  database: string,
  generated: Generated,
  auth: { cookie: string; token: string },
  pageCache: 'on' | 'off',
): Promise<Result[]> {
  const results: Result[] = [];
  const pid = server.child.pid!;
  let floorRps = 0;
  for (const target of benchPages(generated).filter(
    (t) => !values.only || t.name.includes(values.only) || t.auth === 'none',
  )) {
    // What a browser sends (Chromium's Accept-Encoding); API clients (fetch, requests) ask for gzip too.
    const headers: Record<string, string> = {
      'accept-encoding': 'gzip, deflate, br, zstd',
      ...(target.auth === 'session'
        ? { cookie: auth.cookie }
        : target.auth === 'token'
          ? { authorization: `Bearer ${auth.token}` }
          : {}),
    };
    // Let the requests left over from the last target finish, then check the page answers 200:
    // a benchmark of an error page measures nothing.
    await settle(server.url);
    let status = 0;
    for (let attempt = 0; attempt < 3 && status !== 200; attempt++) {
      if (attempt) await new Promise((resolve) => setTimeout(resolve, 3000));
      const probe = await fetch(`${server.url}${target.path}`, { headers });
      await probe.arrayBuffer();
      status = probe.status;
    }
    if (status !== 200)
      throw new Error(
        `${target.name} (${target.path}) answered HTTP ${status}; the server said:\n${server.output().slice(-3000)}`,
      );
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
      scale,
      database,
      target,
      rps,
      p50: latencies.length ? Math.round(percentile(latencies, 50)) : null,
      p95: latencies.length ? Math.round(percentile(latencies, 95)) : null,
      p99: latencies.length ? Math.round(percentile(latencies, 99)) : null,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      rssIdleMb,
      rssPeakMb,
      ratioToFloor: floorRps ? Math.round((rps / floorRps) * 1000) / 1000 : 1,
      kbSent: result.requests.total
        ? Math.round(result.throughput.total / result.requests.total / 102.4) / 10
        : 0,
      pageCache,
    };
    results.push(row);
    log(
      `  ${database.padEnd(10)} ${pageCache === 'on' ? 'cached  ' : 'uncached'} ${target.name.padEnd(28)} ${String(row.rps).padStart(6)} req/s  p50 ${ms(row.p50)} ms  p95 ${ms(row.p95)} ms  p99 ${ms(row.p99)} ms  RSS ${row.rssIdleMb}→${row.rssPeakMb} MB${row.non2xx ? `  NON-2XX ${row.non2xx}` : ''}`,
    );
  }
  return results;
}

/** A plan of 1,000 actions (10 outcomes × 5 commitments × 20 actions) in Waymark's template. */
function importSheet(): PlanSheet {
  const today = londonDay(new Date());
  return {
    planTitle: 'Synthetic benchmark import: 1,000 actions',
    outcomes: Array.from({ length: 10 }, (_, o) => ({
      ref: `${o + 1}`,
      title: `Synthetic outcome ${o + 1}`,
      description: 'Synthetic benchmark outcome.',
      commitments: Array.from({ length: 5 }, (_, c) => ({
        ref: `${o + 1}.${c + 1}`,
        title: `Synthetic commitment ${o + 1}.${c + 1}`,
        recommendationNumbers: [],
        successMeasures: ['Synthetic: audits show good practice in 70% of cases'],
        actions: Array.from({ length: 20 }, (_, a) => {
          const date = addDays(today, 30 + ((o * 100 + c * 20 + a) % 600));
          return {
            ref: `${o + 1}.${c + 1}.${a + 1}`,
            title: `Synthetic action ${o + 1}.${c + 1}.${a + 1}: train every team in the new standard`,
            description: 'Synthetic benchmark action imported from a workbook.',
            leadOfficerEmail: `lead${(a % 8) + 1}@import.bench.example`,
            originalTargetDate: date,
            currentTargetDate: date,
            deliveryStatus: a % 3 === 0 ? ('in_progress' as const) : ('not_started' as const),
            rag: null,
            evidenceLinks: [],
          };
        }),
      })),
    })),
  };
}

/** The one-off jobs, each run three times on the generated database; the median is reported. */
async function timeJobs(
  services: Services,
  scale: Scale,
  database: string,
  generated: Generated,
): Promise<Timing[]> {
  const out: Timing[] = [];
  const org = (await services.organisations.bySlug(generated.slug))!;
  const asAt = londonDay(new Date());
  async function time(
    name: string,
    work: (run: number) => Promise<unknown>,
    extra: Pick<Timing, 'targetMs' | 'note'> = {},
  ) {
    const runsMs: number[] = [];
    for (let run = 0; run < TIMING_RUNS; run++) {
      const started = performance.now();
      await work(run);
      runsMs.push(Math.round(performance.now() - started));
    }
    const timing = { scale, database, name, runsMs, medianMs: median(runsMs), ...extra };
    out.push(timing);
    log(`  ${database.padEnd(10)} ${name.padEnd(36)} median ${timing.medianMs} ms (${runsMs.join(', ')})`);
  }
  await time('board pack HTML (render)', () => services.governance.adhocPack(org, { asAt, format: 'html' }), {
    targetMs: 300,
  });
  await time('board pack DOCX', () => services.governance.adhocPack(org, { asAt, format: 'docx' }), {
    targetMs: 1000,
  });
  await time('board pack XLSX', () => services.governance.adhocPack(org, { asAt, format: 'xlsx' }));
  if (chromiumAvailable(CHROMIUM)) {
    // The first print launches Chromium; the next reuse it while it is warm, as prints close
    // together do in the app. The runs column shows each.
    await time('board pack PDF', () => services.governance.adhocPack(org, { asAt, format: 'pdf' }), {
      targetMs: 5000,
    });
    await closePdfBrowser();
  } else log(`  board pack PDF skipped: no Chromium at ${CHROMIUM}`);

  // A fresh organisation for each run, so every run creates the same 1,000 actions.
  const workbook = await writePlanWorkbook(importSheet());
  const importers: { id: string }[] = [];
  for (let run = 0; run < TIMING_RUNS; run++)
    importers.push(
      await services.organisations.create(SYSTEM_ACTOR, {
        slug: `benchimport${run + 1}`,
        name: `Synthetic Bench Import ${run + 1}`,
      }),
    );
  await time(
    'plan import, 1,000 rows (preview + save)',
    async (run) => {
      const target = importers[run]!;
      const caller = {
        actor: { ...SYSTEM_ACTOR, label: 'bench' },
        userId: generated.adminUserId,
        email: generated.adminEmail,
        canEdit: true,
      };
      const preview = await services.planTransfer.preview(target.id, workbook);
      if (preview.errors.length || preview.read.errors.length)
        throw new Error(
          `the benchmark workbook has errors: ${JSON.stringify(preview.read.errors[0] ?? preview.errors[0])}`,
        );
      await services.planTransfer.save(caller, target.id, workbook, 'benchmark-1000-actions.xlsx');
    },
    { targetMs: 3000 },
  );

  const dfeFile = path.join(REFERENCE_DATA, DFE_TIMED_FILE);
  if (fs.existsSync(dfeFile)) {
    const text = fs.readFileSync(dfeFile, 'utf8');
    await time('DfE statistics import (c1, 2013–2025)', () =>
      services.indicators.importDfeStatistics(SYSTEM_ACTOR, text, DFE_TIMED_FILE),
    );
  } else log(`  DfE statistics import skipped: ${dfeFile} not found`);

  if (fs.existsSync(REPORT_PDF)) {
    const data = fs.readFileSync(REPORT_PDF);
    await time(`reading a report PDF (${path.basename(REPORT_PDF)})`, async () => {
      const { pages } = await extractPdfText(new Uint8Array(data));
      return readInspectionReport(pages);
    });
  } else log(`  report PDF reading skipped: ${REPORT_PDF} not found`);
  return out;
}

async function prepare(
  kind: 'pglite' | 'postgresql',
  scale: Scale,
  postgres: TestPostgres | null,
  withTimings: boolean,
): Promise<{
  env: Record<string, string>;
  generated: Generated;
  generation: Generation;
  timings: Timing[];
}> {
  const started = Date.now();
  let env: Record<string, string>;
  if (kind === 'postgresql') {
    const admin = new pg.Client({ connectionString: postgres!.url('postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS bench_${scale} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE bench_${scale}`);
    await admin.end();
    env = { DATABASE_URL: postgres!.url(`bench_${scale}`) };
  } else {
    env = { WAYMARK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), `waymark-bench-${scale}-`)) };
  }
  const config = loadConfig({ ...env, WAYMARK_DEMO: '0', LOG_LEVEL: 'silent', CHROMIUM_PATH: CHROMIUM });
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const services = createServices(handle, config);
    const organisations = values.organisations ? Number(values.organisations) : undefined;
    const generated = await generate(services, scale, log, organisations ? { organisations } : {});
    // As a running deployment's tables would be: vacuumed and analysed, the bulk load written out.
    // Left to autovacuum, that work lands in the middle of the measurements (it halved the static
    // route's req/s in the first national run).
    if (kind === 'postgresql') {
      await handle.exec('VACUUM (ANALYZE)');
      await handle.exec('CHECKPOINT');
    }
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    const generation: Generation = {
      scale,
      database: kind,
      organisations: Math.min(organisations ?? Infinity, SCALES[scale].organisations),
      seconds,
      steps: generated.steps,
      rows: generated.rows,
    };
    log(
      `${kind}: generated the ${scale} dataset in ${seconds} s (${Object.entries(generated.steps)
        .map(([k, v]) => `${k} ${v} s`)
        .join(', ')})`,
    );
    let timings: Timing[] = [];
    if (withTimings) timings = await timeJobs(services, scale, kind, generated);
    return { env, generated, generation, timings };
  } finally {
    await handle.close();
  }
}

const fmt = (n: number) => n.toLocaleString('en-GB');

function scaleLine(scale: Scale, organisations: number): string {
  const s = SCALES[scale];
  return `| ${scale} | ${fmt(organisations)} | ${fmt(s.actionsPerOrganisation)} (${s.outcomes} outcomes, ${s.commitments} commitments) | ${fmt(s.updatesPerOrganisation)} | ${s.indicatorsPerOrganisation} × ${s.months} months | ${fmt(s.auditsPerOrganisation)} | ${s.meetingsPerOrganisation} |`;
}

function met(r: Result): string {
  if (r.database !== 'postgresql' || !r.target.p95TargetMs || r.scale !== 'large' || r.pageCache === 'off')
    return '–';
  return r.p95 !== null && r.p95 <= r.target.p95TargetMs && r.rps >= (r.target.rpsTarget ?? 0)
    ? 'yes'
    : '**no**';
}

const ms = (n: number | null) => (n === null ? '–' : String(n));

/** What profiling the large council found and what was done (kept in the doc by every --write). */
const FINDINGS = [
  '## What profiling found',
  '',
  'Profiled with `bench/profile.ts` (in-process, one request at a time, SQL counted; `--cpu-profile FILE` for a V8 profile of the requests alone). Single-request times on the large council, before → after:',
  '',
  '| Page | Before | After | Cause |',
  '|---|--:|--:|---|',
  '| Plan on a page | 762 ms | 70–85 ms | `londonDay` built an `Intl.DateTimeFormat` per progress update; every page read each plan version with its 328 KB approval snapshot (now read only when versions are compared); dates re-parsed thousands of times (now once each) |',
  '| Action table | 823 ms | 70–85 ms | as above |',
  '| API: plan actions | 500 ms | 75–90 ms | as above |',
  '| Scorecard | 199 ms | 63–87 ms | every value filtered once per indicator (quadratic); all periods formatted |',
  '| Quality trends | 168 ms | 38–48 ms | grouping |',
  '| Board pack preview | 2,052 ms (83 SQL) | 240–260 ms (50 SQL) | the template matched every exception against every action; refs sorted with a collator made per comparison; period ends recomputed per value |',
  '',
  "Every request also read its session and person in two queries and the organisation and membership in two more; each pair is now one query, and an API token's last use is written at most once a minute rather than on every call.",
  '',
  "That left pages costing tens of milliseconds of CPU each: on 2 cores shared with PostgreSQL and the load generator, well short of 300 requests/s. Meeting the target needs the work not to be repeated: the **page cache** (docs/architecture.md) keeps a built page per person, browser and URL while the organisation's data revision (raised by every write transaction) and the date are unchanged. A hit costs two indexed queries (session with person; organisation with role and data revision) and sending the stored bytes. The uncached rows above are the cost of the first view after a change.",
  '',
  "Answered from the cache, the two largest pages then missed on size alone: the scorecard of 150 indicators (310 KB) reached 374 req/s at p95 244 ms, the board pack preview (800 KB) p95 532 ms, with the server and the load generator moving some 150 MB/s between them on the same two cores. Browsers ask for compressed pages (and the benchmark now sends Chromium's `Accept-Encoding`), so the cache keeps each page once, gzip-compressed, and sends those bytes as they are: 23 KB for the scorecard, 41 KB for the pack preview. For that, nothing in a page may differ between responses: the CSP nonces went (the GOV.UK template's one inline script is allowed by its hash, the organisation's colours are a `style` attribute), and the page's CSRF token stays valid because the cache key holds the browser's CSRF cookie.",
  '',
  "A CPU profile of the server under load (`--server-cpu-profile`, scorecard from the cache) then showed `@fastify/helmet` building helmet's middleware again for every request: 8% of the server's time, and half the cost of the static route. Helmet is now built once (`src/platform/web/security-headers.ts`): the static route went from about 11,500 to 20,000 req/s. The organisation's data revision is read in the query that resolves the organisation, one round trip fewer per page. What remains on a cached page: writing to the socket (about a third of the server's time, the loopback network stack included), Drizzle building the two queries (about 10%) and garbage collection.",
  '',
  "Measuring itself: the first national run after these changes had the static route at half its usual rate and every page 1.5–1.7× the large council: autovacuum was working through the freshly loaded tables during the measurements. Generation now ends with `VACUUM (ANALYZE)` and `CHECKPOINT`, as a running deployment's tables would be; the national rows are from the run after that change, the large council's from the run before it (its static route was at its usual rate).",
  '',
  'The PDF is Chromium laying out and printing a long tagged document; DOCX and HTML build the whole pack from the live record each time.',
  '',
  '`src/db/explain.test.ts` (in `npm test`) found no sequential scan of a large table that an index could avoid; no index was added.',
  '',
];

function markdown(
  results: Result[],
  generations: Generation[],
  timings: Timing[],
  options: { duration: number; connections: number; command: string; sources?: string[] },
): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const scales = [...new Set(generations.map((g) => g.scale))];
  const smoke =
    options.duration < 5 || generations.some((g) => g.organisations < SCALES[g.scale].organisations);
  const lines = [
    '# Benchmarks',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}, with autocannon at ${options.connections} connections for ${options.duration} s per target (after a 1 s warm-up at 5 connections), load generator on the same machine. Requests carry what a browser sends: its session and CSRF cookies and Chromium's \`Accept-Encoding: gzip, deflate, br, zstd\` (API calls: the token and the same header); *KB sent* is the mean response as it went over the wire, headers included.`,
    '',
    `Reproduce: \`${options.command}\` (PostgreSQL 15 and Chromium must be installed; the script starts its own PostgreSQL and Waymark server, generates the data, measures, saves the raw results in \`bench/results/\`, and with \`--write\` rewrites this file; \`--from bench/results/A.json,B.json --write\` rewrites it from saved runs, a later run's rows replacing an earlier one's for the same scale and database). \`npm run bench -- --generate large\` only builds the dataset.`,
    '',
    'To look into a slow page: `npm run bench -- --databases postgresql --no-uncached --skip-timings --only scorecard --server-cpu-profile DIR` writes a V8 CPU profile of the server under load (open it in Chromium’s DevTools); `node --import tsx bench/profile.ts --only "plan on a page"` requests each page in-process on a generated dataset and prints its time and SQL statement count (`--cpu-profile FILE` for a V8 profile of the requests alone, `--cached` to profile answers from the page cache, `--save DIR` to keep each page’s body); `node --import tsx bench/explain.ts --scale national --organisations 20` EXPLAINs every query the pages run and names sequential scans of large tables. `src/db/explain.test.ts` runs the same check at the large council’s scale in `npm test`.',
    '',
  ];
  if (options.sources && options.sources.length > 1)
    lines.push(
      `Combined from saved runs (${options.sources.map((f) => path.basename(f)).join(', ')}): where a scale and database were measured in more than one, the later run's rows are shown.`,
      '',
    );
  if (smoke)
    lines.push(
      '> **Smoke run**: shorter than the published runs or on fewer organisations. These numbers check the harness; they are not the results.',
      '',
    );
  lines.push(
    '## Data',
    '',
    'All synthetic and named so, except the DfE statistics, which are the real published files imported once.',
    '',
    '| Scale | Organisations | Actions each | Progress updates each | Indicators each | Case audits each | Meetings each |',
    '|---|--:|---|--:|---|--:|--:|',
    ...scales.map((s) => scaleLine(s, generations.find((g) => g.scale === s)!.organisations)),
    '',
    '| Scale | Database | Generation, s | Steps, s |',
    '|---|---|--:|---|',
    ...generations.map(
      (g) =>
        `| ${g.scale} | ${g.database} | ${g.seconds} | ${Object.entries(g.steps)
          .map(([k, v]) => `${k} ${v}`)
          .join('; ')} |`,
    ),
    '',
  );
  for (const scale of scales) {
    const rows = results.filter((r) => r.scale === scale);
    if (!rows.length) continue;
    lines.push(
      `## Pages and API under load: ${scale}${scale === 'national' ? ' (one of the councils)' : ''}`,
      '',
      '| Database | Page cache | Target | KB sent | req/s | p50 ms | p95 ms | p99 ms | × floor (req/s) | RSS idle → peak MB | Errors / non-2xx | Target met |',
      '|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|',
      ...rows.map(
        (r) =>
          `| ${r.database} | ${r.pageCache} | ${r.target.name} | ${r.kbSent ?? '–'} | ${r.rps} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.ratioToFloor} | ${r.rssIdleMb} → ${r.rssPeakMb} | ${r.errors} / ${r.non2xx} | ${met(r)} |`,
      ),
      '',
    );
  }
  const large = results.filter(
    (r) => r.scale === 'large' && r.database === 'postgresql' && r.pageCache === 'on',
  );
  const national = results.filter(
    (r) => r.scale === 'national' && r.database === 'postgresql' && r.pageCache === 'on',
  );
  if (large.length && national.length) {
    lines.push(
      '## National against large (PostgreSQL)',
      '',
      'Target: at national scale, no page more than 1.5× the large council’s p95 latency.',
      '',
      '| Target | large p95 ms | national p95 ms | ratio | ≤ 1.5× |',
      '|---|--:|--:|--:|---|',
    );
    for (const n of national) {
      const l = large.find((r) => r.target.name === n.target.name);
      if (!l || n.target.auth === 'none') continue;
      const ratio =
        n.p95 !== null && l.p95 !== null ? Math.round((n.p95 / Math.max(1, l.p95)) * 100) / 100 : null;
      lines.push(
        `| ${n.target.name} | ${ms(l.p95)} | ${ms(n.p95)} | ${ratio ?? '–'} | ${ratio === null ? '–' : ratio <= 1.5 ? 'yes' : '**no**'} |`,
      );
    }
    lines.push('');
  }
  if (timings.length)
    lines.push(
      `## One-off jobs (median of ${TIMING_RUNS}, in one process on the generated data)`,
      '',
      '| Scale | Database | Job | median ms | runs ms | Target | Met |',
      '|---|---|---|--:|---|--:|---|',
      ...timings.map(
        (t) =>
          `| ${t.scale} | ${t.database} | ${t.name} | ${t.medianMs} | ${t.runsMs.join(', ')} | ${t.targetMs ? `≤ ${fmt(t.targetMs)} ms` : '–'} | ${t.targetMs && t.database === 'postgresql' && t.scale === 'large' ? (t.medianMs <= t.targetMs ? 'yes' : '**no**') : '–'} |`,
      ),
      '',
    );
  const misses = [
    ...results
      .filter((r) => met(r) === '**no**')
      .map((r) => `${r.target.name} (p95 ${ms(r.p95)} ms, ${r.rps} req/s)`),
    ...timings
      .filter(
        (t) => t.targetMs && t.database === 'postgresql' && t.scale === 'large' && t.medianMs > t.targetMs,
      )
      .map((t) => `${t.name} (${t.medianMs} ms)`),
  ];
  lines.push(
    '## Targets',
    '',
    'The national scale runs on PostgreSQL only: a national deployment is one PostgreSQL server, and PGlite, the embedded database, serves one council from one process.',
    '',
    'PGlite runs one query at a time inside the server process, so under 50 connections every request waits its turn (the long p99): it is the embedded database for one council on one machine, and the targets are for PostgreSQL.',
    '',
    'Pages are measured as deployed, with the page cache on: repeated requests for an unchanged page are answered from it (see docs/architecture.md), which is what a board member refreshing a page, or a board opening the pack before a meeting, meets. The rows marked "off" rebuild every page from the database for every request (`WAYMARK_PAGE_CACHE_MB=0`): the cost of the first view after a change.',
    '',
    'Issue 9, on this 2-core machine, PostgreSQL, 50 connections, large council: every key page p95 ≤ 100 ms and ≥ 300 requests/s; at national scale no worse than 1.5× the single-council latency; board pack HTML ≤ 300 ms, DOCX ≤ 1 s, PDF ≤ 5 s; a 1,000-row plan import ≤ 3 s. "Met" is judged only on the PostgreSQL rows of the large council.',
    '',
    misses.length
      ? `Missed in this run: ${misses.join('; ')}.`
      : 'Every target measured in this run was met.',
    '',
  );
  lines.push(...FINDINGS);
  return lines.join('\n');
}

function commandFor(v: { scale?: string; duration?: string }): string {
  return `npm run bench -- --scale ${v.scale ?? 'large'}${v.duration && v.duration !== '6' ? ` --duration ${v.duration}` : ''} --write`;
}

function publish(doc: string): void {
  if (values.write) {
    fs.writeFileSync(path.join(ROOT, 'docs/benchmarks.md'), doc);
    log('docs/benchmarks.md written');
  } else {
    process.stdout.write(`${doc}\n`);
  }
}

async function main(): Promise<void> {
  if (values.from) {
    // Several saved runs may be combined (e.g. one scale re-measured on a quieter machine): a later
    // file's rows replace an earlier file's for the same scale and database.
    type Saved = {
      values: { scale?: string; duration?: string; connections?: string };
      results: Result[];
      generations: Generation[];
      timings: Timing[];
    };
    const files = values.from.split(',').map((f) => JSON.parse(fs.readFileSync(f.trim(), 'utf8')) as Saved);
    const merged: Omit<Saved, 'values'> = { results: [], generations: [], timings: [] };
    for (const file of files) {
      const covers = new Set(file.generations.map((g) => `${g.scale}/${g.database}`));
      const keep = <T extends { scale: Scale; database: string }>(rows: T[]) =>
        rows.filter((r) => !covers.has(`${r.scale}/${r.database}`));
      merged.results = [...keep(merged.results), ...file.results];
      merged.generations = [...keep(merged.generations), ...file.generations];
      merged.timings = [...keep(merged.timings), ...file.timings];
    }
    const order = (scale: Scale, database: string) =>
      (scale === 'large' ? 0 : 2) + (database === 'pglite' ? 0 : 1);
    const byScale = <T extends { scale: Scale; database: string }>(rows: T[]) =>
      rows
        .map((r, i) => ({ r, i }))
        .sort((a, b) => order(a.r.scale, a.r.database) - order(b.r.scale, b.r.database) || a.i - b.i)
        .map(({ r }) => r);
    const scales = [...new Set(merged.generations.map((g) => g.scale))];
    publish(
      markdown(byScale(merged.results), byScale(merged.generations), byScale(merged.timings), {
        duration: Number(files[0]!.values.duration ?? 6),
        connections: Number(files[0]!.values.connections ?? 50),
        command: commandFor({ scale: scales.join(','), duration: files[0]!.values.duration }),
        sources: values.from.split(',').map((f) => f.trim()),
      }),
    );
    return;
  }
  const scales = (values.generate ?? values.scale).split(',').map((s) => s.trim()) as Scale[];
  for (const scale of scales)
    if (!(scale in SCALES))
      throw new Error(`--scale must be large, national or large,national, got "${scale}"`);
  const pgBin = findPostgresBin();
  const wanted = (values.databases ?? 'pglite,postgresql').split(',').map((s) => s.trim());
  const postgres = pgBin && wanted.includes('postgresql') ? await startPostgres(pgBin) : null;
  if (!postgres && wanted.includes('postgresql'))
    log('PostgreSQL not found: measuring PGlite only (install postgresql for the full benchmark)');
  const kinds = (['pglite', 'postgresql'] as const).filter(
    (k) => wanted.includes(k) && (k === 'pglite' || postgres),
  );
  // A national deployment is 153 councils on one PostgreSQL server (issue 9); the embedded PGlite is
  // one process's database, for a single council, so it is measured at the large council's scale only.
  const kindsFor = (scale: Scale) =>
    scale === 'national' && kinds.includes('postgresql') ? kinds.filter((k) => k === 'postgresql') : kinds;
  try {
    if (values.generate) {
      for (const scale of scales)
        for (const kind of kindsFor(scale)) {
          const prepared = await prepare(kind, scale, postgres, false);
          log(`${kind}: ${JSON.stringify(prepared.generation.rows)} (${JSON.stringify(prepared.env)})`);
        }
      return;
    }
    const results: Result[] = [];
    const generations: Generation[] = [];
    const timings: Timing[] = [];
    for (const scale of scales)
      for (const kind of kindsFor(scale)) {
        log(`${kind}: generating the ${scale} dataset…`);
        const prepared = await prepare(kind, scale, postgres, !values['skip-timings']);
        generations.push(prepared.generation);
        timings.push(...prepared.timings);
        const modes: ('on' | 'off')[] = kind === 'postgresql' && values.uncached ? ['on', 'off'] : ['on'];
        for (const pageCache of modes) {
          const server = await startServer(
            {
              ...prepared.env,
              PORT: String(await freePort()),
              NODE_ENV: 'production',
              SESSION_SECRET: 'bench-only-session-secret-0123456789abcdef',
              WAYMARK_DEMO: '0',
              LOG_LEVEL: 'warn',
              WAYMARK_JOBS: '0',
              ...(pageCache === 'off' ? { WAYMARK_PAGE_CACHE_MB: '0' } : {}),
            },
            120_000,
            values['server-cpu-profile']
              ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values['server-cpu-profile'])}`]
              : [],
          );
          try {
            const auth = await signIn(server.url, prepared.generated.adminEmail);
            results.push(...(await measure(server, scale, kind, prepared.generated, auth, pageCache)));
          } finally {
            await server.stop();
          }
        }
      }
    const resultsDir = path.join(ROOT, 'bench/results');
    fs.mkdirSync(resultsDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    fs.writeFileSync(
      path.join(resultsDir, `${stamp}-${scales.join('-')}.json`),
      JSON.stringify({ values, results, generations, timings }, null, 2),
    );
    publish(
      markdown(results, generations, timings, {
        duration: Number(values.duration),
        connections: Number(values.connections),
        command: commandFor({ scale: scales.join(','), duration: values.duration }),
      }),
    );
  } finally {
    postgres?.stop();
  }
}

main().catch((error: unknown) => {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
