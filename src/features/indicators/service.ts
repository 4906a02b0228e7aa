// Performance: each organisation's indicators (the seeded catalogue), targets, monthly data with
// revisions kept, the DfE's published statistics, and what the scorecard and indicator pages show.
import type { Database } from '../../db/client.js';
import { inTransaction } from '../../db/tx.js';
import type { Actor, AuditService } from '../../platform/audit/service.js';
import { ConflictError, NotFoundError, ValidationError, type ErrorDetail } from '../../platform/errors.js';
import { renderSparkline, renderTrendChart, type TrendSeries } from '../../platform/charts/index.js';
import type { Organisation } from '../organisations/schema.js';
import { CATALOGUE, CATEGORY_LABELS, POLARITY_LABELS, UNIT_LABELS, type Polarity } from './catalogue.js';
import { directionOfTravel, formatMissing, formatValue, periodLabel, ragAgainstTarget } from './rules.js';
import { parseEesCsv } from './dfe/ees.js';
import type { IndicatorRepository } from './repository.js';
import type { DfeStatistic, Indicator, IndicatorTarget, Observation, ObservationValue } from './schema.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const QUARTER = /^\d{4}-Q[1-4]$/;

/** The last day of a period, for charts: 2026-03 → 2026-03-31; 2026-Q1 → 2026-03-31; 2024/25 or 202425 → 2025-03-31. */
// Summaries ask for the end of the same few dozen periods for every value they read: each is worked
// out once. Bounded, as periods come from imports.
const PERIOD_ENDS = new Map<string, string>();

export function periodEnd(period: string): string {
  const known = PERIOD_ENDS.get(period);
  if (known !== undefined) return known;
  const end = computePeriodEnd(period);
  if (PERIOD_ENDS.size >= 10_000) PERIOD_ENDS.clear();
  PERIOD_ENDS.set(period, end);
  return end;
}

function computePeriodEnd(period: string): string {
  let y: number;
  let m: number;
  if (MONTH.test(period)) [y, m] = period.split('-').map(Number) as [number, number];
  else if (QUARTER.test(period)) {
    y = Number(period.slice(0, 4));
    m = Number(period.slice(-1)) * 3;
  } else if (/^\d{6}$/.test(period)) [y, m] = [Number(period.slice(0, 4)) + 1, 3];
  else if (/^\d{4}$/.test(period)) [y, m] = [Number(period), 3];
  else return period;
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The target in force for a period: the latest one starting on or before it. */
export function targetFor(targets: readonly IndicatorTarget[], indicatorId: string, period: string) {
  return (
    targets
      .filter((t) => t.indicatorId === indicatorId && t.fromPeriod <= period)
      .sort((a, b) => b.fromPeriod.localeCompare(a.fromPeriod))[0] ?? null
  );
}

export interface BenchmarkRow {
  timePeriod: string;
  year: string;
  council: DfeStatistic | null;
  england: DfeStatistic | null;
  region: DfeStatistic | null;
  neighbourMean: number | null;
  neighbourCount: number;
  rank: number | null;
  rankOutOf: number;
}

/** The council against England, its region and its statistical neighbours, period by period. */
export function benchmarkRows(
  rows: readonly DfeStatistic[],
  org: Pick<Organisation, 'laNumber' | 'region' | 'statisticalNeighbours'>,
  polarity: Polarity,
  filters: Record<string, string> = {},
): BenchmarkRow[] {
  const matching = rows.filter((r) => Object.entries(filters).every(([k, v]) => r.filters[k] === v));
  const periods = [...new Set(matching.map((r) => r.timePeriod))].sort();
  return periods.map((timePeriod) => {
    const inPeriod = matching.filter((r) => r.timePeriod === timePeriod);
    const las = inPeriod.filter((r) => r.geographicLevel === 'local_authority');
    const council = org.laNumber ? (las.find((r) => r.laNumbers.includes(org.laNumber!)) ?? null) : null;
    const regionName = council?.regionName ?? org.region ?? null;
    const region =
      inPeriod.find((r) => r.geographicLevel === 'regional' && r.regionName === regionName) ?? null;
    const neighbours = las.filter(
      (r) => r.laNumbers.some((n) => org.statisticalNeighbours.includes(n)) && r.value !== null,
    );
    const numeric = las.filter((r) => r.value !== null).map((r) => r.value!);
    let rank: number | null = null;
    if (council?.value !== null && council?.value !== undefined) {
      const v = council.value;
      rank = 1 + numeric.filter((x) => (polarity === 'lower_is_better' ? x < v : x > v)).length;
    }
    return {
      timePeriod,
      year: inPeriod[0]!.year,
      council,
      england: inPeriod.find((r) => r.geographicLevel === 'national') ?? null,
      region,
      neighbourMean: neighbours.length
        ? neighbours.reduce((s, r) => s + r.value!, 0) / neighbours.length
        : null,
      neighbourCount: neighbours.length,
      rank,
      rankOutOf: numeric.length,
    };
  });
}

/** Which of the three known DfE files a parsed file is, by a column only it has; otherwise its own name. */
export function dfeFileKind(measures: readonly string[], filename: string): string {
  if (measures.includes('turnover_rate_fte')) return 'csww';
  if (measures.includes('rereferral_percent')) return 'c1';
  if (measures.includes('At31_episodes')) return 'b1';
  return (
    filename
      .replace(/\.[^.]*$/, '')
      .replace(/[^A-Za-z0-9_-]+/g, '_')
      .slice(0, 80) || 'dfe'
  );
}

export function indicatorService(deps: { db: Database; repo: IndicatorRepository; audit: AuditService }) {
  const { db, repo, audit } = deps;

  async function ensureCatalogue(organisationId: string): Promise<Indicator[]> {
    const existing = await repo.indicators(db, organisationId);
    const have = new Set(existing.map((i) => i.code));
    const missing = CATALOGUE.filter((c) => !have.has(c.code));
    if (!missing.length) return existing;
    await inTransaction(db, organisationId, (tx) =>
      repo.insertIndicators(
        tx,
        missing.map((c) => ({
          organisationId,
          code: c.code,
          name: c.name,
          definition: c.definition,
          unit: c.unit,
          polarity: c.polarity,
          frequency: c.frequency,
          source: c.source,
          category: c.category,
          numerator: c.numerator ?? null,
          denominator: c.denominator ?? null,
          isKey: c.isKey,
          byTeam: c.byTeam,
          dfe: c.dfe ?? null,
          position: CATALOGUE.indexOf(c) + 1,
        })),
      ),
    );
    return repo.indicators(db, organisationId);
  }

  /**
   * An indicator's latest value against its target, with direction of travel. `periods`, when given,
   * limits the values shown by period (byPeriod) to those periods: the scorecard shows six.
   */
  function summarise<O extends ObservationValue>(
    indicator: Indicator,
    series: O[],
    targets: IndicatorTarget[],
    periods?: readonly string[],
  ) {
    const withValues = series.filter((o) => o.teamKey === '');
    const shown = periods ? new Set(periods) : null;
    const latest = withValues.at(-1) ?? null;
    const previous = withValues.at(-2) ?? null;
    const target = latest ? targetFor(targets, indicator.id, latest.period) : null;
    const baseline =
      targets.filter((t) => t.indicatorId === indicator.id && t.baseline !== null).at(-1) ?? null;
    const result =
      latest?.value !== null && latest?.value !== undefined && target
        ? ragAgainstTarget({
            value: latest.value,
            target: target.target,
            tolerance: target.tolerance,
            polarity: indicator.polarity,
            unit: indicator.unit,
          })
        : null;
    return {
      indicator,
      latest,
      previous,
      target,
      result,
      sincePrevious: directionOfTravel(
        latest?.value ?? null,
        previous?.value ?? null,
        indicator.polarity,
        indicator.unit,
      ),
      sinceBaseline: directionOfTravel(
        latest?.value ?? null,
        baseline?.baseline ?? null,
        indicator.polarity,
        indicator.unit,
      ),
      baseline,
      recent: withValues.slice(-6),
      byPeriod: Object.fromEntries(
        (shown ? withValues.filter((o) => shown.has(o.period)) : withValues).map((o) => [
          o.period,
          o.value !== null ? formatValue(o.value, indicator.unit) : formatMissing(o.missingCode ?? ''),
        ]),
      ) as Record<string, string>,
      sparkline: renderSparkline(
        withValues.slice(-12).map((o) => o.value),
        { label: indicator.name, unit: indicator.unit },
      ),
      latestText: latest
        ? latest.value !== null
          ? formatValue(latest.value, indicator.unit)
          : formatMissing(latest.missingCode ?? '')
        : 'No data',
    };
  }

  type ScorecardRow = ReturnType<typeof summarise<ObservationValue>>;

  /** Observations for periods that had ended by `asAt` (all of them without a date): what a report as at then could show. */
  function knownBy<O extends Pick<Observation, 'period'>>(obs: O[], asAt: string | undefined): O[] {
    return asAt ? obs.filter((o) => periodEnd(o.period) <= asAt) : obs;
  }

  /** An indicator's page: its values, targets, benchmarks and chart, from values and targets already read. */
  async function detailOf(
    org: Organisation,
    indicator: Indicator,
    all: Observation[],
    targets: IndicatorTarget[],
    asAt?: string,
  ) {
    const obs = knownBy(all, asAt);
    const own = targets.filter((t) => t.indicatorId === indicator.id);
    const summary = summarise(indicator, obs, own);
    const overall = obs.filter((o) => o.teamKey === '');
    const benchmarks = indicator.dfe
      ? benchmarkRows(
          await repo.dfeRows(db, indicator.dfe.file, indicator.dfe.measure),
          org,
          indicator.polarity,
          indicator.dfe.filters,
        )
      : [];
    const point = (period: string, value: number | null) => ({ period: periodEnd(period), value });
    const series: TrendSeries[] = [
      { label: org.name, kind: 'council', points: overall.map((o) => point(o.period, o.value)) },
    ];
    if (own.length && overall.length)
      series.push({
        label: 'Target',
        kind: 'target',
        points: overall.map((o) => point(o.period, targetFor(own, indicator.id, o.period)?.target ?? null)),
      });
    if (summary.baseline?.baseline != null && overall.length)
      series.push({
        label: 'Baseline',
        kind: 'baseline',
        points: [
          point(overall[0]!.period, summary.baseline.baseline),
          point(overall.at(-1)!.period, summary.baseline.baseline),
        ],
      });
    const since = overall[0] ? periodEnd(overall[0].period) : '';
    const recentBenchmarks = benchmarks.filter(
      (b) => periodEnd(b.timePeriod) >= since && (!asAt || periodEnd(b.timePeriod) <= asAt),
    );
    if (recentBenchmarks.some((b) => b.england?.value != null))
      series.push({
        label: 'England',
        kind: 'england',
        points: recentBenchmarks.map((b) => point(b.timePeriod, b.england?.value ?? null)),
      });
    if (recentBenchmarks.some((b) => b.neighbourMean !== null))
      series.push({
        label: 'Statistical neighbours (average)',
        kind: 'neighbours',
        points: recentBenchmarks.map((b) => point(b.timePeriod, b.neighbourMean)),
      });
    const chart = await renderTrendChart({ title: indicator.name, unit: indicator.unit, series });
    const revisions = await repo.revisions(
      db,
      org.id,
      obs.map((o) => o.id),
    );
    return { indicator, summary, observations: obs, overall, targets: own, benchmarks, chart, revisions };
  }

  const service = {
    ensureCatalogue,
    periodLabel,

    /** The scorecard: every indicator with its latest value, RAG against target and direction of travel. */
    async scorecard(organisationId: string, asAt?: string) {
      const list = await ensureCatalogue(organisationId);
      const [all, targets] = await Promise.all([
        repo.observationValues(db, organisationId),
        repo.targets(db, organisationId),
      ]);
      const obs = knownBy(all, asAt);
      const periods = [...new Set(obs.filter((o) => o.teamKey === '').map((o) => o.period))].sort().slice(-6);
      // Grouped once, in period order: filtering every value for each indicator was quadratic.
      const byIndicator = new Map<string, ObservationValue[]>();
      for (const o of obs) {
        const series = byIndicator.get(o.indicatorId);
        if (series) series.push(o);
        else byIndicator.set(o.indicatorId, [o]);
      }
      return {
        periods,
        rows: list.map((i) => summarise(i, byIndicator.get(i.id) ?? [], targets, periods)),
      };
    },

    async detail(org: Organisation, code: string, asAt?: string) {
      const list = await ensureCatalogue(org.id);
      const indicator = list.find((i) => i.code === code);
      if (!indicator) throw new NotFoundError('There is no such indicator');
      const [all, targets] = await Promise.all([
        repo.observations(db, org.id, [indicator.id]),
        repo.targets(db, org.id),
      ]);
      return detailOf(org, indicator, all, targets, asAt);
    },

    /** Records a value, or revises one: a revision keeps the old value, who changed it, when and why. */
    async recordObservation(
      actor: Actor & { userId: string | null },
      organisationId: string,
      code: string,
      input: {
        period?: string;
        value?: string;
        teamKey?: string;
        note?: string;
        reason?: string;
        version?: number;
      },
    ) {
      const list = await ensureCatalogue(organisationId);
      const indicator = list.find((i) => i.code === code);
      if (!indicator) throw new NotFoundError('There is no such indicator');
      const details: ErrorDetail[] = [];
      const period = (input.period ?? '').trim();
      const quarterly = indicator.frequency === 'quarterly';
      if (!(MONTH.test(period) || (quarterly && QUARTER.test(period))))
        details.push({
          path: 'period',
          message: quarterly
            ? 'Enter the period as YYYY-MM or YYYY-Qn, like 2026-03 or 2026-Q1'
            : 'Enter the month as YYYY-MM, like 2026-03',
        });
      const thisMonth = new Date().toISOString().slice(0, 7);
      const periodStart = QUARTER.test(period)
        ? `${period.slice(0, 4)}-${String(Number(period.slice(-1)) * 3 - 2).padStart(2, '0')}`
        : period;
      if (details.length === 0 && periodStart > thisMonth)
        details.push({
          path: 'period',
          message: `${periodLabel(period)} has not started yet: record values for months that have`,
        });
      const text = (input.value ?? '').trim().replace(/,/g, '').replace(/%$/, '');
      const value = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
      if (!Number.isFinite(value))
        details.push({
          path: 'value',
          message: `Enter the value as a number, like ${indicator.unit === 'percent' ? '21.5' : '120'}`,
        });
      else if (indicator.unit === 'percent' && (value < 0 || value > 100))
        details.push({ path: 'value', message: 'A percentage must be between 0 and 100' });
      else if (value < 0) details.push({ path: 'value', message: 'The value cannot be negative' });
      if (details.length) throw new ValidationError('The value could not be saved', details);
      const teamKey = input.teamKey ?? '';
      return inTransaction(db, organisationId, async (tx) => {
        const existing = await repo.observation(tx, organisationId, indicator.id, teamKey, period);
        if (!existing) {
          const [row] = await repo.insertObservations(tx, [
            {
              organisationId,
              indicatorId: indicator.id,
              teamKey,
              period,
              value,
              note: input.note?.trim() || null,
              recordedBy: actor.userId,
            },
          ]);
          await audit.record(tx, actor, {
            organisationId,
            action: 'indicators.value_recorded',
            entityType: 'indicator',
            entityId: indicator.id,
            after: { period, teamKey, value },
          });
          return row!;
        }
        const reason = (input.reason ?? '').trim();
        if (reason.length < 10)
          throw new ValidationError('The value could not be revised', [
            {
              path: 'reason',
              message: `${periodLabel(period)} already has a value (${formatValue(existing.value, indicator.unit)}): say why it is being revised, in at least 10 characters`,
            },
          ]);
        if (input.version !== undefined && input.version !== existing.version)
          throw new ConflictError(
            'Someone else changed this value since you opened it, so your change was not saved. Reload to see their change and try again.',
          );
        const revised = await repo.reviseObservation(tx, organisationId, existing.id, existing.version, {
          value,
          missingCode: null,
          recordedBy: actor.userId,
        });
        if (!revised)
          throw new ConflictError(
            'Someone else changed this value at the same moment; reload and try again.',
          );
        await repo.insertRevision(tx, {
          organisationId,
          observationId: existing.id,
          oldValue: existing.value,
          newValue: value,
          reason,
          revisedBy: actor.userId,
        });
        await audit.record(tx, actor, {
          organisationId,
          action: 'indicators.value_revised',
          entityType: 'indicator',
          entityId: indicator.id,
          before: { period, value: existing.value },
          after: { period, value, reason },
        });
        return revised;
      });
    },

    async setTarget(
      actor: Actor & { userId: string | null },
      organisationId: string,
      code: string,
      input: {
        fromPeriod?: string;
        target?: string;
        tolerance?: string;
        baseline?: string;
        baselinePeriod?: string;
      },
    ) {
      const list = await ensureCatalogue(organisationId);
      const indicator = list.find((i) => i.code === code);
      if (!indicator) throw new NotFoundError('There is no such indicator');
      const details: ErrorDetail[] = [];
      const n = (v: string | undefined, path: string, label: string, required: boolean) => {
        const t = (v ?? '').trim();
        if (!t) {
          if (required) details.push({ path, message: `Enter ${label}` });
          return null;
        }
        if (!/^\d+(\.\d+)?$/.test(t)) {
          details.push({ path, message: `Enter ${label} as a number, like 20.5` });
          return null;
        }
        return Number(t);
      };
      const fromPeriod = (input.fromPeriod ?? '').trim();
      if (!MONTH.test(fromPeriod))
        details.push({
          path: 'fromPeriod',
          message: 'Enter the first month the target applies to as YYYY-MM',
        });
      const target = n(input.target, 'target', 'the target', true);
      const tolerance = n(input.tolerance, 'tolerance', 'the tolerance', true);
      const baseline = n(input.baseline, 'baseline', 'the baseline', false);
      const baselinePeriod = (input.baselinePeriod ?? '').trim();
      if (baselinePeriod && !MONTH.test(baselinePeriod))
        details.push({ path: 'baselinePeriod', message: 'Enter the baseline month as YYYY-MM' });
      if (details.length) throw new ValidationError('The target could not be saved', details);
      return inTransaction(db, organisationId, async (tx) => {
        const row = await repo.upsertTarget(tx, {
          organisationId,
          indicatorId: indicator.id,
          fromPeriod,
          target: target!,
          tolerance: tolerance!,
          baseline,
          baselinePeriod: baselinePeriod || null,
          setBy: actor.userId,
        });
        await audit.record(tx, actor, {
          organisationId,
          action: 'indicators.target_set',
          entityType: 'indicator',
          entityId: indicator.id,
          after: row,
        });
        return row;
      });
    },

    /**
     * Imports a DfE Explore Education Statistics file, all or nothing: every figure of every measure,
     * national, regional and council rows, with suppression codes kept as missing-with-code. A file
     * replaces the figures it publishes from an earlier import of the same file.
     */
    async importDfeStatistics(actor: Actor, text: string, filename: string) {
      const parsed = parseEesCsv(text);
      if (parsed.errors.length)
        throw new ValidationError(
          `The file has ${parsed.errors.length === 1 ? 'a problem' : `${parsed.errors.length} problems`}, so nothing was imported`,
          parsed.errors.slice(0, 200).map((e) => ({
            path: e.column ? `line ${e.line}, column ${e.column}` : `line ${e.line}`,
            message: e.message,
          })),
        );
      if (!parsed.rows.length)
        throw new ValidationError('The file has no rows of figures, so nothing was imported');
      const file = dfeFileKind(parsed.measures, filename);
      const rows = parsed.rows.flatMap((r) =>
        parsed.measures.map((measure) => {
          const v = r.values[measure]!;
          return {
            file,
            measure,
            timePeriod: r.timePeriod,
            year: r.year,
            geographicLevel: r.geographicLevel,
            regionCode: r.regionCode,
            regionName: r.regionName,
            laNumbers: r.oldLaCodes,
            laName: r.laName,
            filters: r.dimensions,
            value: v.kind === 'number' ? v.value : null,
            missingCode: v.kind === 'missing' ? v.code : null,
          };
        }),
      );
      await inTransaction(db, null, async (tx) => {
        await repo.replaceDfeMeasures(tx, file, parsed.measures, rows);
        await audit.record(tx, actor, {
          organisationId: null,
          action: 'indicators.dfe_imported',
          entityType: 'dfe_statistics',
          entityId: file,
          after: {
            filename,
            file,
            measures: parsed.measures.length,
            rows: parsed.rows.length,
            figures: rows.length,
          },
        });
      });
      return {
        file,
        measures: parsed.measures,
        rows: parsed.rows.length,
        figures: rows.length,
        warnings: parsed.warnings,
      };
    },

    dfeRows: (file: string, measure: string) => repo.dfeRows(db, file, measure),

    /**
     * Checks a table of values (indicator code, period, value, optional team and reason) against the
     * catalogue and what is recorded: every bad cell by row and column, and each row's effect. With
     * `save`, writes all of it in one transaction, or nothing when there is any error.
     */
    async importValues(
      actor: Actor & { userId: string | null },
      organisationId: string,
      table: string[][],
      teams: readonly { id: string; name: string }[],
      save: boolean,
    ) {
      const list = await ensureCatalogue(organisationId);
      const header = (table[0] ?? []).map((h) => h.trim().toLowerCase());
      const at = (names: string[]) => header.findIndex((h) => names.includes(h));
      const cols = {
        indicator: at(['indicator', 'code', 'indicator code']),
        period: at(['period', 'month']),
        value: at(['value']),
        team: at(['team']),
        reason: at(['reason', 'revision reason']),
      };
      const errors: { row: number; column: string; message: string }[] = [];
      for (const [key, index] of Object.entries(cols))
        if (index < 0 && (key === 'indicator' || key === 'period' || key === 'value'))
          errors.push({ row: 1, column: key, message: `The first row must name a "${key}" column` });
      if (errors.length) return { rows: [], errors, saved: false };
      const existing = await repo.observations(db, organisationId);
      const thisMonth = new Date().toISOString().slice(0, 7);
      const rows: {
        row: number;
        indicator: Indicator;
        teamKey: string;
        teamName: string;
        period: string;
        value: number;
        reason: string;
        effect: 'new' | 'revised' | 'unchanged';
        old: number | null;
      }[] = [];
      const seen = new Set<string>();
      table.slice(1).forEach((cells, i) => {
        const rowNumber = i + 2;
        if (cells.every((c) => c.trim() === '')) return;
        const cell = (index: number) => (index >= 0 ? (cells[index] ?? '').trim() : '');
        const fail = (column: string, message: string) => errors.push({ row: rowNumber, column, message });
        const code = cell(cols.indicator).toUpperCase();
        const indicator = list.find(
          (x) => x.code === code || x.name.toLowerCase() === cell(cols.indicator).toLowerCase(),
        );
        if (!indicator)
          fail('indicator', `"${cell(cols.indicator)}" is not an indicator code, such as RE_REFERRALS`);
        const period = cell(cols.period);
        if (!(MONTH.test(period) || QUARTER.test(period)))
          fail('period', `"${period}" is not a month: use YYYY-MM, like 2026-03`);
        else if (period.slice(0, 7) > thisMonth) fail('period', `${periodLabel(period)} has not started yet`);
        const text = cell(cols.value).replace(/,/g, '').replace(/%$/, '');
        const value = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
        if (!Number.isFinite(value)) fail('value', `"${cell(cols.value)}" is not a number`);
        else if (indicator?.unit === 'percent' && (value < 0 || value > 100))
          fail('value', `${value} is not a percentage between 0 and 100`);
        else if (value < 0) fail('value', 'A value cannot be negative');
        const teamName = cell(cols.team);
        const team = teamName ? teams.find((t) => t.name.toLowerCase() === teamName.toLowerCase()) : null;
        if (teamName && !team) fail('team', `"${teamName}" is not one of the teams`);
        if (
          !indicator ||
          !Number.isFinite(value) ||
          (teamName && !team) ||
          errors.some((e) => e.row === rowNumber)
        )
          return;
        const teamKey = team?.id ?? '';
        const key = `${indicator.id}|${teamKey}|${period}`;
        if (seen.has(key))
          return fail(
            'period',
            `${indicator.code} for ${periodLabel(period)}${team ? ` (${team.name})` : ''} is given twice`,
          );
        seen.add(key);
        const before =
          existing.find(
            (o) => o.indicatorId === indicator.id && o.teamKey === teamKey && o.period === period,
          ) ?? null;
        const reason = cell(cols.reason);
        const effect = !before ? 'new' : before.value === value ? 'unchanged' : 'revised';
        if (effect === 'revised' && reason.length < 10)
          return fail(
            'reason',
            `${periodLabel(period)} already has ${formatValue(before!.value, indicator.unit)}: give the reason for the revision (at least 10 characters)`,
          );
        rows.push({
          row: rowNumber,
          indicator,
          teamKey,
          teamName: team?.name ?? '',
          period,
          value,
          reason,
          effect,
          old: before?.value ?? null,
        });
      });
      if (!save || errors.length) return { rows, errors, saved: false };
      await inTransaction(db, organisationId, async (tx) => {
        const fresh = rows.filter((r) => r.effect === 'new');
        await repo.insertObservations(
          tx,
          fresh.map((r) => ({
            organisationId,
            indicatorId: r.indicator.id,
            teamKey: r.teamKey,
            period: r.period,
            value: r.value,
            recordedBy: actor.userId,
          })),
        );
        for (const r of rows.filter((x) => x.effect === 'revised')) {
          const before = (await repo.observation(tx, organisationId, r.indicator.id, r.teamKey, r.period))!;
          const revised = await repo.reviseObservation(tx, organisationId, before.id, before.version, {
            value: r.value,
            missingCode: null,
            recordedBy: actor.userId,
          });
          if (!revised)
            throw new ConflictError(
              'Someone changed these values while they were being imported; nothing was saved. Try again.',
            );
          await repo.insertRevision(tx, {
            organisationId,
            observationId: before.id,
            oldValue: before.value,
            newValue: r.value,
            reason: r.reason,
            revisedBy: actor.userId,
          });
        }
        await audit.record(tx, actor, {
          organisationId,
          action: 'indicators.values_imported',
          entityType: 'indicators',
          entityId: organisationId,
          after: { new: fresh.length, revised: rows.filter((x) => x.effect === 'revised').length },
        });
      });
      return { rows, errors, saved: true };
    },

    /**
     * The indicators linked to a plan commitment, each with whether it has moved the right way since
     * the plan began: the value in the plan's start month (or the first after it) against the latest.
     */
    async forCommitment(organisationId: string, lineageId: string, planStart: string) {
      const [list, links] = await Promise.all([
        ensureCatalogue(organisationId),
        repo.commitmentLinks(db, organisationId, lineageId),
      ]);
      const linked = list.filter((i) => links.some((l) => l.indicatorId === i.id));
      const obs = await repo.observations(
        db,
        organisationId,
        linked.map((i) => i.id),
      );
      const startMonth = planStart.slice(0, 7);
      return {
        all: list,
        linked: linked.map((indicator) => {
          const series = obs.filter(
            (o) => o.indicatorId === indicator.id && o.teamKey === '' && o.value !== null,
          );
          const atStart = series.find((o) => o.period >= startMonth) ?? null;
          const latest = series.at(-1) ?? null;
          return {
            indicator,
            atStart,
            latest,
            sinceStart: directionOfTravel(
              latest?.value ?? null,
              atStart && latest && atStart !== latest ? atStart.value : null,
              indicator.polarity,
              indicator.unit,
            ),
          };
        }),
      };
    },

    async linkToCommitment(
      actor: Actor,
      organisationId: string,
      lineageId: string,
      indicatorIds: readonly string[],
    ) {
      const list = await ensureCatalogue(organisationId);
      const ids = [...new Set(indicatorIds)];
      if (ids.some((id) => !list.some((i) => i.id === id)))
        throw new ValidationError('The indicators could not be linked', [
          { path: 'indicatorIds', message: 'Choose indicators from the list' },
        ]);
      await inTransaction(db, organisationId, async (tx) => {
        await repo.setCommitmentLinks(tx, organisationId, lineageId, ids);
        await audit.record(tx, actor, {
          organisationId,
          action: 'indicators.linked_to_commitment',
          entityType: 'plan_commitment',
          entityId: lineageId,
          after: { indicatorIds: ids },
        });
      });
    },

    /** Adds an indicator of the council's own, beside the catalogue. */
    async createCustom(
      actor: Actor,
      organisationId: string,
      input: {
        name?: string;
        definition?: string;
        unit?: string;
        polarity?: string;
        frequency?: string;
        category?: string;
      },
    ) {
      const details: ErrorDetail[] = [];
      const name = (input.name ?? '').trim();
      const definition = (input.definition ?? '').trim();
      if (!name || name.length > 150)
        details.push({ path: 'name', message: 'Enter the indicator’s name, in 150 characters or fewer' });
      if (!definition || definition.length > 2000)
        details.push({ path: 'definition', message: 'Enter the definition: what is counted, and how' });
      if (!(input.unit && input.unit in UNIT_LABELS))
        details.push({ path: 'unit', message: 'Choose the unit' });
      if (!(input.polarity && input.polarity in POLARITY_LABELS))
        details.push({ path: 'polarity', message: 'Choose which way is better' });
      if (input.frequency !== 'monthly' && input.frequency !== 'quarterly')
        details.push({ path: 'frequency', message: 'Choose monthly or quarterly' });
      if (!(input.category && input.category in CATEGORY_LABELS))
        details.push({ path: 'category', message: 'Choose the area' });
      if (details.length) throw new ValidationError('The indicator could not be added', details);
      const list = await ensureCatalogue(organisationId);
      const base = `CUSTOM_${name
        .toUpperCase()
        .replace(/[^A-Z0-9]+/g, '_')
        .slice(0, 30)
        .replace(/^_+|_+$/g, '')}`;
      let code = base;
      for (let n = 2; list.some((i) => i.code === code); n++) code = `${base}_${n}`;
      if (list.some((i) => i.name.toLowerCase() === name.toLowerCase()))
        throw new ValidationError('The indicator could not be added', [
          { path: 'name', message: `There is already an indicator called “${name}”` },
        ]);
      return inTransaction(db, organisationId, async (tx) => {
        const row = await repo.insertIndicator(tx, {
          organisationId,
          code,
          name,
          definition,
          unit: input.unit as Indicator['unit'],
          polarity: input.polarity as Indicator['polarity'],
          frequency: input.frequency as Indicator['frequency'],
          source: 'manual',
          category: input.category as Indicator['category'],
          isCustom: true,
          position: 1000 + list.length,
        });
        await audit.record(tx, actor, {
          organisationId,
          action: 'indicators.added',
          entityType: 'indicator',
          entityId: row.id,
          after: row,
        });
        return row;
      });
    },

    /** Marks an indicator key (or not) and names its owner; the version read must still be current. */
    async updateSettings(
      actor: Actor,
      organisationId: string,
      code: string,
      input: { isKey: boolean; ownerId: string | null; version: number },
      memberIds: readonly string[],
    ) {
      const indicator = (await ensureCatalogue(organisationId)).find((i) => i.code === code);
      if (!indicator) throw new NotFoundError('There is no such indicator');
      if (input.ownerId && !memberIds.includes(input.ownerId))
        throw new ValidationError('The indicator could not be saved', [
          { path: 'ownerId', message: 'Choose the owner from the list' },
        ]);
      return inTransaction(db, organisationId, async (tx) => {
        const row = await repo.updateIndicator(tx, organisationId, indicator.id, input.version, {
          isKey: input.isKey,
          ownerId: input.ownerId,
        });
        if (!row)
          throw new ConflictError(
            'Someone else changed this indicator since you opened it, so your change was not saved. Reload and try again.',
          );
        await audit.record(tx, actor, {
          organisationId,
          action: 'indicators.settings_changed',
          entityType: 'indicator',
          entityId: indicator.id,
          before: { isKey: indicator.isKey, ownerId: indicator.ownerId },
          after: { isKey: row.isKey, ownerId: row.ownerId },
        });
        return row;
      });
    },

    observationsOf: (organisationId: string) => repo.observations(db, organisationId),

    /** For the demo only: figures that are not the DfE's, under a file name that says so. */
    async storeSyntheticBenchmarks(
      file: string,
      rows: Parameters<IndicatorRepository['replaceDfeMeasures']>[3],
    ) {
      if (!file.startsWith('demo-synthetic')) throw new Error('Only demo figures may be stored this way');
      await inTransaction(db, null, (tx) =>
        repo.replaceDfeMeasures(tx, file, [...new Set(rows.map((r) => r.measure))], rows),
      );
    },

    /** Points an organisation's indicator at a set of published figures. */
    async setBenchmarkSource(organisationId: string, code: string, dfe: NonNullable<Indicator['dfe']>) {
      const indicator = (await ensureCatalogue(organisationId)).find((i) => i.code === code);
      if (!indicator) throw new NotFoundError('There is no such indicator');
      await inTransaction(db, organisationId, (tx) =>
        repo.updateIndicator(tx, organisationId, indicator.id, indicator.version, { dfe }),
      );
    },

    /** Workforce indicators overall, and each team's latest figure for those reported by team. */
    async workforce(
      organisationId: string,
      teams: readonly { id: string; name: string }[],
      asAt?: string,
      /** The scorecard as at the same date, when the caller has it already (a board pack). */
      scorecard?: { rows: ScorecardRow[] },
    ) {
      const card = scorecard ?? (await service.scorecard(organisationId, asAt));
      const rows = card.rows.filter((r) => r.indicator.category === 'workforce');
      const byTeam = rows.filter((r) => r.indicator.byTeam);
      const obs = knownBy(
        await repo.observations(
          db,
          organisationId,
          byTeam.map((r) => r.indicator.id),
        ),
        asAt,
      );
      const latest = (indicatorId: string, teamKey: string) =>
        obs.filter((o) => o.indicatorId === indicatorId && o.teamKey === teamKey).at(-1) ?? null;
      return {
        rows,
        byTeam: byTeam.map((r) => r.indicator),
        teams: teams
          .map((team) => ({ team, values: byTeam.map((r) => latest(r.indicator.id, team.id)) }))
          .filter((t) => t.values.some((v) => v !== null)),
      };
    },

    /** The key indicators, each with its chart. */
    async keyIndicators(org: Organisation, asAt?: string) {
      const list = (await ensureCatalogue(org.id)).filter((i) => i.isKey);
      if (!list.length) return [];
      // Values and targets read once for all of them, not once an indicator.
      const [all, targets] = await Promise.all([
        repo.observations(
          db,
          org.id,
          list.map((i) => i.id),
        ),
        repo.targets(db, org.id),
      ]);
      return Promise.all(
        list.map((i) =>
          detailOf(
            org,
            i,
            all.filter((o) => o.indicatorId === i.id),
            targets,
            asAt,
          ),
        ),
      );
    },
  };
  return service;
}

export type IndicatorService = ReturnType<typeof indicatorService>;
