// EXPLAINs every SELECT the key pages and API endpoints run (bench/pages.ts), on PostgreSQL, and
// reports each sequential scan of a table with more than 10,000 rows (by pg_class.reltuples).
// Used by src/db/explain.test.ts at the large council's scale; also a script, for other scales:
//   node --import tsx bench/explain.ts --scale national --organisations 20
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR } from '../src/platform/audit/service.js';
import { openDatabase } from '../src/db/client.js';
import { createServices } from '../src/services.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { WebClient } from '../test/helpers/web-client.js';
import { findPostgresBin, startPostgres } from '../test/helpers/postgres.js';
import { BENCH_PASSWORD, generate, type Generated } from './generate.js';
import { benchPages } from './pages.js';
import { captureSql, type CapturedQuery } from './sql-capture.js';

export const LARGE_TABLE_ROWS = 10_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

export interface SeqScanFinding {
  page: string;
  table: string;
  rows: number;
  query: string;
  /**
   * False when no index could serve the query: the scan stays even with sequential scans
   * discouraged (enable_seqscan = off). True when PostgreSQL had an index but judged the scan
   * cheaper for this data, e.g. when one council's rows are all the rows of the table.
   */
  avoidable: boolean;
}

export interface ExplainReport {
  pages: number;
  statements: number;
  explained: number;
  tableRows: Map<string, number>;
  findings: SeqScanFinding[];
}

function seqScans(node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' && node['Relation Name'] ? [node['Relation Name']] : [];
  return [...own, ...(node.Plans ?? []).flatMap(seqScans)];
}

async function plan(client: pg.Client, q: CapturedQuery, seqScanOff: boolean): Promise<PlanNode> {
  await client.query('BEGIN');
  try {
    if (seqScanOff) await client.query('SET LOCAL enable_seqscan = off');
    const result = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) ${q.text}`,
      q.values,
    );
    return result.rows[0]!['QUERY PLAN'][0].Plan;
  } catch (error) {
    throw new Error(`could not EXPLAIN ${q.text} ${JSON.stringify(q.values)}: ${String(error)}`);
  } finally {
    await client.query('ROLLBACK');
  }
}

/** Requests every benchmarked page as the generated admin, recording its SQL, then EXPLAINs it. */
export async function explainPages(
  app: FastifyInstance,
  databaseUrl: string,
  generated: Generated,
): Promise<ExplainReport> {
  const capture = captureSql();
  const byPage = new Map<string, CapturedQuery[]>();
  try {
    const client = new WebClient(app);
    await client.get('/sign-in');
    await client.post('/sign-in', { email: generated.adminEmail, password: BENCH_PASSWORD });
    const { token } = await app.services.users.createToken(SYSTEM_ACTOR, generated.adminUserId, 'explain');
    for (const page of benchPages(generated).filter((p) => p.auth !== 'none')) {
      capture.start();
      const response =
        page.auth === 'token'
          ? await app.inject({ method: 'GET', url: page.path, headers: { authorization: `Bearer ${token}` } })
          : await client.get(page.path);
      byPage.set(page.name, capture.stop());
      if (response.statusCode !== 200)
        throw new Error(`${page.name} (${page.path}) answered HTTP ${response.statusCode}`);
    }
  } finally {
    capture.restore();
  }

  const explainer = new pg.Client({ connectionString: databaseUrl });
  await explainer.connect();
  try {
    const tableRows = new Map(
      (
        await explainer.query<{ relname: string; reltuples: number }>(
          `select c.relname, c.reltuples::float8 as reltuples from pg_class c
             join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`,
        )
      ).rows.map((r) => [r.relname, Number(r.reltuples)]),
    );
    const findings: SeqScanFinding[] = [];
    const seen = new Set<string>();
    let statements = 0;
    for (const [page, queries] of byPage)
      for (const q of queries) {
        statements++;
        if (!/^\s*(select|with)\b/i.test(q.text) || seen.has(q.text)) continue;
        seen.add(q.text);
        const large = seqScans(await plan(explainer, q, false)).filter(
          (t) => (tableRows.get(t) ?? 0) > LARGE_TABLE_ROWS,
        );
        if (!large.length) continue;
        const forced = seqScans(await plan(explainer, q, true));
        for (const table of new Set(large))
          findings.push({
            page,
            table,
            rows: Math.round(tableRows.get(table)!),
            query: q.text.replace(/\s+/g, ' '),
            avoidable: !forced.includes(table),
          });
      }
    return { pages: byPage.size, statements, explained: seen.size, tableRows, findings };
  } finally {
    await explainer.end();
  }
}

export function describeFinding(f: SeqScanFinding): string {
  return `${f.page}: sequential scan of ${f.table} (${f.rows.toLocaleString('en-GB')} rows)${f.avoidable ? ' (PostgreSQL’s choice: an index exists)' : ', no index serves it'} in: ${f.query.slice(0, 500)}`;
}

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'large' },
      organisations: { type: 'string' },
    },
  });
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL is needed: apt-get install -y postgresql');
  const postgres = await startPostgres(bin);
  try {
    const admin = new pg.Client({ connectionString: postgres.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_explain');
    await admin.end();
    const url = postgres.url('bench_explain');
    const config = loadConfig({
      DATABASE_URL: url,
      SESSION_SECRET: 'bench-only-session-secret-0123456789abcdef',
      WAYMARK_DEMO: '0',
      LOG_LEVEL: 'silent',
      // Every request builds its page: a cached answer runs no SQL and would hide what is measured.
      WAYMARK_PAGE_CACHE_MB: '0',
    });
    const handle = await openDatabase({ databaseUrl: url, dataDir: '' });
    const services = createServices(handle, config);
    const generated = await generate(
      services,
      values.scale as 'large' | 'national',
      (line) => process.stderr.write(`${line}\n`),
      values.organisations ? { organisations: Number(values.organisations) } : {},
    );
    await handle.exec('VACUUM ANALYZE');
    const app = await createApp({ config, services, logger: false });
    await app.ready();
    const report = await explainPages(app, url, generated);
    process.stdout.write(
      `${report.pages} pages, ${report.statements} statements, ${report.explained} distinct SELECTs explained\n`,
    );
    for (const f of report.findings) process.stdout.write(`${describeFinding(f)}\n`);
    if (!report.findings.length) process.stdout.write('No sequential scan of a table over 10,000 rows.\n');
    await app.close();
    await handle.close();
  } finally {
    postgres.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  main().catch((error: unknown) => {
    process.stderr.write(
      `explain failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
