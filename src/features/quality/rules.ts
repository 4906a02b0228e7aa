// The rules of quality assurance, as pure functions: grades, pseudonymous case references, reproducible
// sampling, the independence rule, and month-on-month trends from a baseline.
import { createHash } from 'node:crypto';
import type { AuditGrade } from './schema.js';

export const GRADE_ORDER: readonly AuditGrade[] = [
  'outstanding',
  'good',
  'requires_improvement',
  'inadequate',
];
export const GRADE_LABELS: Record<AuditGrade, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement to be good',
  inadequate: 'Inadequate',
};
export const isGoodOrBetter = (grade: AuditGrade): boolean => grade === 'outstanding' || grade === 'good';
export const isGrade = (value: unknown): value is AuditGrade =>
  typeof value === 'string' && (GRADE_ORDER as readonly string[]).includes(value);

// ---- Case references ----

export const DEFAULT_CASE_REFERENCE = { pattern: '^[A-Z]{0,4}-?[0-9]{4,10}$', example: 'LCS-123456' };

const MONTHS =
  'jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december';
const LOOKS_LIKE_DATE = [
  /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/,
  /\b\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\b/,
  new RegExp(`\\b\\d{1,2}(st|nd|rd|th)?\\s*(${MONTHS})\\b`, 'i'),
  new RegExp(`\\b(${MONTHS})\\s+\\d{1,2}\\b`, 'i'),
];
// Two or more words of letters ("Jane Smith", "J Smith", "O'Neil-Brown Amy"): a name, not a reference.
const LOOKS_LIKE_NAME = /^[\p{L}'’.-]+(\s+[\p{L}'’.-]+)+$/u;

export function validateCaseReference(
  raw: string,
  format: { pattern: string; example: string } = DEFAULT_CASE_REFERENCE,
): { ok: true; value: string } | { ok: false; message: string } {
  const value = raw.trim().toUpperCase();
  if (value === '') return { ok: false, message: 'Enter the case reference' };
  if (value.length > 40) return { ok: false, message: 'Case reference must be 40 characters or fewer' };
  if (LOOKS_LIKE_DATE.some((re) => re.test(raw)))
    return { ok: false, message: 'Enter the case reference, not a date of birth' };
  if (LOOKS_LIKE_NAME.test(raw.trim()))
    return { ok: false, message: "Enter the case reference, not the child's name" };
  let pattern: RegExp;
  try {
    pattern = new RegExp(format.pattern);
  } catch {
    pattern = new RegExp(DEFAULT_CASE_REFERENCE.pattern);
  }
  if (!pattern.test(value))
    return { ok: false, message: `Enter the case reference in the council's format, like ${format.example}` };
  return { ok: true, value };
}

/** Reads a pasted list (one reference a line) or a CSV with a "reference" or "case" column. */
export function parseCaseList(
  text: string,
  format?: { pattern: string; example: string },
): { references: string[]; errors: { line: number; message: string }[] } {
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.toLowerCase() ?? '';
  let column = -1;
  if (header.includes(',') && /reference|case/.test(header))
    column = header.split(',').findIndex((h) => /reference|case/.test(h));
  const references: string[] = [];
  const errors: { line: number; message: string }[] = [];
  lines.forEach((line, index) => {
    if (column >= 0 && index === 0) return;
    const cell = (column >= 0 ? (line.split(',')[column] ?? '') : line).replace(/^"|"$/g, '').trim();
    if (cell === '') return;
    const result = validateCaseReference(cell, format);
    if (!result.ok) errors.push({ line: index + 1, message: `Line ${index + 1}: ${result.message}` });
    else if (!references.includes(result.value)) references.push(result.value);
  });
  return { references, errors };
}

// ---- Reproducible sampling ----

/** xoshiro128** seeded from SHA-256 of the seed: the same seed always draws the same sample, on any machine. */
function generator(seed: string): () => number {
  const digest = createHash('sha256').update(seed).digest();
  const s = [digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12)];
  const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
  return () => {
    const result = (rotl(Math.imul(s[1]!, 5) >>> 0, 7) * 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2] = (s[2]! ^ s[0]!) >>> 0;
    s[3] = (s[3]! ^ s[1]!) >>> 0;
    s[1] = (s[1]! ^ s[2]) >>> 0;
    s[0] = (s[0]! ^ s[3]) >>> 0;
    s[2] = (s[2] ^ t) >>> 0;
    s[3] = rotl(s[3], 11);
    return result / 2 ** 32;
  };
}

/** Draws n items without replacement (a partial Fisher–Yates shuffle), in draw order. */
export function seededSample<T>(items: readonly T[], n: number, seed: string): T[] {
  const pool = [...items];
  const random = generator(seed);
  const count = Math.max(0, Math.min(n, pool.length));
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

/** A share of the items, rounded up so a tenth of 25 audits is 3, never 2. */
export function sampleShare<T>(items: readonly T[], percent: number, seed: string): T[] {
  return seededSample(items, Math.ceil((items.length * percent) / 100), seed);
}

// ---- Independence ----

export interface TeamMembership {
  teamId: string;
  teamName: string;
  isManager: boolean;
}

export function checkIndependence(input: {
  auditorTeams: TeamMembership[];
  caseTeamId: string;
  override?: { byAdmin: boolean; reason: string } | null;
}): { ok: true; overridden: boolean } | { ok: false; message: string; field: 'teamId' | 'overrideReason' } {
  const conflict = input.auditorTeams.find((m) => m.teamId === input.caseTeamId);
  if (!conflict) return { ok: true, overridden: false };
  const override = input.override;
  if (override?.byAdmin) {
    if (override.reason.trim().length < 20) {
      return {
        ok: false,
        field: 'overrideReason',
        message: 'Give the reason for overriding the independence rule (20 characters or more)',
      };
    }
    return { ok: true, overridden: true };
  }
  return {
    ok: false,
    field: 'teamId',
    message: `You cannot audit a case in ${conflict.teamName} because you ${conflict.isManager ? 'manage' : 'are a member of'} that team. Choose a case from another team, or ask an admin to override with a reason.`,
  };
}

// ---- Trends ----

/** The last day of a month (YYYY-MM → YYYY-MM-DD): months are not all 31 days long. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export interface AuditForTrend {
  auditedOn: string;
  teamId: string;
  serviceArea: string;
  overallGrade: AuditGrade;
  moderatedGrade: AuditGrade | null;
  learningThemes: string[];
}

export interface MonthTrend {
  month: string;
  counts: Record<AuditGrade, number>;
  total: number;
  pctGoodOrBetter: number | null;
  pctInadequate: number | null;
  changeGoodOrBetterSinceBaseline: number | null;
}

/** Rounds half away from zero to one decimal place, as people do by hand. */
export function round1(value: number): number {
  return (Math.sign(value) * Math.round(Math.abs(value) * 10 + Number.EPSILON)) / 10;
}

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return months;
}

export interface GradeCount {
  month: string;
  grade: AuditGrade;
  count: number;
}

/** Month-by-month figures from counts already grouped by month and grade (by SQL, at scale). */
export function trendFromCounts(
  counts: GradeCount[],
  opts: { from: string; to: string; baselineMonth?: string | null },
): MonthTrend[] {
  const byMonth = emptyMonths(opts.from, opts.to);
  for (const c of counts) {
    const month = byMonth.get(c.month);
    if (month) month[c.grade] += c.count;
  }
  return buildTrend(byMonth, opts.baselineMonth ?? null);
}

function emptyMonths(from: string, to: string): Map<string, Record<AuditGrade, number>> {
  return new Map(
    monthsBetween(from, to).map((m) => [
      m,
      { outstanding: 0, good: 0, requires_improvement: 0, inadequate: 0 },
    ]),
  );
}

function buildTrend(
  byMonth: Map<string, Record<AuditGrade, number>>,
  baselineMonth: string | null,
): MonthTrend[] {
  const rows = [...byMonth].map(([month, counts]) => {
    const total = counts.outstanding + counts.good + counts.requires_improvement + counts.inadequate;
    return {
      month,
      counts,
      total,
      pctGoodOrBetter: total ? round1(((counts.outstanding + counts.good) / total) * 100) : null,
      pctInadequate: total ? round1((counts.inadequate / total) * 100) : null,
      changeGoodOrBetterSinceBaseline: null as number | null,
    };
  });
  const baseline = rows.find((r) => r.month === baselineMonth)?.pctGoodOrBetter ?? null;
  for (const row of rows) {
    if (baseline !== null && row.pctGoodOrBetter !== null)
      row.changeGoodOrBetterSinceBaseline = round1(row.pctGoodOrBetter - baseline);
  }
  return rows;
}

/**
 * Grade distribution month by month. A moderated grade replaces the auditor's where present;
 * `moderatedOnly` keeps only moderated audits. Every month in range appears, empty ones with nulls.
 */
export function monthlyTrend(
  audits: AuditForTrend[],
  opts: {
    from: string;
    to: string;
    baselineMonth?: string | null;
    moderatedOnly?: boolean;
    teamId?: string;
    serviceArea?: string;
  },
): MonthTrend[] {
  const byMonth = emptyMonths(opts.from, opts.to);
  for (const audit of audits) {
    if (opts.moderatedOnly && !audit.moderatedGrade) continue;
    if (opts.teamId && audit.teamId !== opts.teamId) continue;
    if (opts.serviceArea && audit.serviceArea !== opts.serviceArea) continue;
    const counts = byMonth.get(audit.auditedOn.slice(0, 7));
    if (counts) counts[audit.moderatedGrade ?? audit.overallGrade]++;
  }
  return buildTrend(byMonth, opts.baselineMonth ?? null);
}

export function agreementRates(moderations: { auditorId: string; agreed: boolean }[]) {
  const byAuditor = new Map<string, { moderated: number; agreed: number }>();
  for (const m of moderations) {
    const entry = byAuditor.get(m.auditorId) ?? { moderated: 0, agreed: 0 };
    entry.moderated++;
    if (m.agreed) entry.agreed++;
    byAuditor.set(m.auditorId, entry);
  }
  const rate = (agreed: number, moderated: number) => (moderated ? round1((agreed / moderated) * 100) : null);
  const agreed = moderations.filter((m) => m.agreed).length;
  return {
    overall: { moderated: moderations.length, agreed, rate: rate(agreed, moderations.length) },
    byAuditor: [...byAuditor].map(([auditorId, e]) => ({
      auditorId,
      ...e,
      rate: rate(e.agreed, e.moderated),
    })),
  };
}

/** Themes by frequency; spellings that differ only in case count together, under the commonest spelling. */
export function learningThemeFrequency(
  audits: { learningThemes: string[] }[],
): { theme: string; count: number }[] {
  const counted = new Map<string, number>();
  for (const audit of audits) {
    for (const theme of new Set(audit.learningThemes.map((t) => t.trim()).filter(Boolean)))
      counted.set(theme, (counted.get(theme) ?? 0) + 1);
  }
  return mergeThemeCounts([...counted].map(([theme, count]) => ({ theme, count })));
}

/** Merges counts per exact spelling (e.g. from SQL) case-insensitively, keeping the commonest spelling. */
export function mergeThemeCounts(
  rows: { theme: string; count: number }[],
): { theme: string; count: number }[] {
  const groups = new Map<string, { theme: string; count: number }[]>();
  for (const row of rows) {
    const theme = row.theme.trim();
    if (!theme) continue;
    const key = theme.toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), { theme, count: row.count }]);
  }
  return [...groups.values()]
    .map((spellings) => {
      const commonest = [...spellings].sort(
        (a, b) => b.count - a.count || a.theme.localeCompare(b.theme),
      )[0]!;
      return { theme: commonest.theme, count: spellings.reduce((sum, s) => sum + s.count, 0) };
    })
    .sort((a, b) => b.count - a.count || a.theme.localeCompare(b.theme));
}
