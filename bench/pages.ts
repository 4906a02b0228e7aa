// The pages and API endpoints issue 9 measures, shared by the benchmark (bench/run.ts), the
// in-process profiler (bench/profile.ts) and the index test (src/db/explain.test.ts).
import type { Generated } from './generate.js';

export interface BenchPage {
  name: string;
  path: string;
  auth: 'session' | 'token' | 'none';
  /** Targets on this 2-core machine, PostgreSQL, 50 connections, large council (issue 9). */
  p95TargetMs?: number;
  rpsTarget?: number;
}

const KEY = { p95TargetMs: 100, rpsTarget: 300 } as const;

export function benchPages(g: Pick<Generated, 'slug' | 'packId' | 'indicatorCode'>): BenchPage[] {
  const o = `/o/${g.slug}`;
  const api = `/api/v1/organisations/${g.slug}`;
  return [
    { name: 'static route (floor)', path: '/ping', auth: 'none' },
    { name: 'organisation home page', path: o, auth: 'session', ...KEY },
    { name: 'plan on a page', path: `${o}/plan`, auth: 'session', ...KEY },
    { name: 'action table, red only', path: `${o}/plan/actions?rag=red`, auth: 'session', ...KEY },
    { name: 'scorecard', path: `${o}/performance`, auth: 'session', ...KEY },
    {
      name: 'indicator page',
      path: `${o}/performance/indicators/${g.indicatorCode}`,
      auth: 'session',
      ...KEY,
    },
    { name: 'quality trends page', path: `${o}/quality`, auth: 'session', ...KEY },
    { name: 'case audits list page', path: `${o}/quality/audits`, auth: 'session', ...KEY },
    // The preview builds the whole pack from the live record: its target is the pack's 300 ms.
    {
      name: 'board pack (HTML preview)',
      path: `${o}/governance/packs/${g.packId}`,
      auth: 'session',
      p95TargetMs: 300,
    },
    { name: 'API: plan actions', path: `${api}/plan/actions`, auth: 'token', ...KEY },
    { name: 'API: case audits list', path: `${api}/quality/audits`, auth: 'token', ...KEY },
    { name: 'API: quality trends', path: `${api}/quality/trends`, auth: 'token', ...KEY },
  ];
}
