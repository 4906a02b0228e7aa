// Demo Borough's performance data: 36 months of synthetic values for every catalogue indicator,
// moving from a struggling council's level towards a good one's, with targets, tolerances and a
// December baseline, and workforce figures by team. All invented; benchmarks come from importing
// the DfE's real files (see docs/performance.md).
import { inTransaction } from '../../db/tx.js';
import type { DemoSeeder } from '../../db/seed/demo.js';
import { CATALOGUE } from './catalogue.js';
import { syntheticSeries } from './rules.js';
import { indicatorRepository } from './repository.js';
import { londonDay } from '../plan/derive.js';

function previousMonth(): string {
  const now = new Date(`${londonDay(new Date()).slice(0, 7)}-15T00:00:00Z`);
  now.setUTCMonth(now.getUTCMonth() - 1);
  return now.toISOString().slice(0, 7);
}

export const seedIndicatorsDemo: DemoSeeder = async (services, { organisationId, userIds }) => {
  const repo = indicatorRepository();
  const list = await services.indicators.ensureCatalogue(organisationId);
  const teams = await services.quality.teams(organisationId);
  const endMonth = previousMonth();
  const baselineMonth = `${Number(endMonth.slice(0, 4)) - (endMonth.slice(5) === '12' ? 0 : 1)}-12`;
  await inTransaction(services.database.db, organisationId, async (tx) => {
    const rows = [];
    for (const [n, indicator] of list.entries()) {
      const entry = CATALOGUE.find((c) => c.code === indicator.code);
      if (!entry) continue;
      const { poorCouncil, goodCouncil } = entry.typical;
      const improved = poorCouncil + (goodCouncil - poorCouncil) * 0.6;
      const noise = Math.max(0.2, Math.abs(poorCouncil - goodCouncil) * 0.06);
      const series = syntheticSeries({
        seed: 1000 + n,
        months: 36,
        endMonth,
        start: poorCouncil,
        end: improved,
        noise,
        unit: indicator.unit,
      });
      rows.push(
        ...series.map((p) => ({
          organisationId,
          indicatorId: indicator.id,
          period: p.period,
          value: p.value,
          recordedBy: userIds.performance_analyst,
        })),
      );
      if (indicator.byTeam)
        for (const [t, team] of teams.slice(0, 8).entries()) {
          const teamSeries = syntheticSeries({
            seed: 5000 + n * 10 + t,
            months: 12,
            endMonth,
            start: poorCouncil,
            end: improved,
            noise: noise * 2,
            unit: indicator.unit,
          });
          rows.push(
            ...teamSeries.map((p) => ({
              organisationId,
              indicatorId: indicator.id,
              teamKey: team.id,
              period: p.period,
              value: p.value,
              recordedBy: userIds.performance_analyst,
            })),
          );
        }
      const baseline = series.find((p) => p.period === baselineMonth)?.value ?? series[0]!.value;
      const target = Math.round((goodCouncil + (improved - goodCouncil) * 0.3) * 10) / 10;
      await repo.upsertTarget(tx, {
        organisationId,
        indicatorId: indicator.id,
        fromPeriod: series[0]!.period,
        target: indicator.unit === 'count' ? Math.round(target) : target,
        tolerance:
          indicator.unit === 'percent'
            ? 2
            : Math.max(0.5, Math.round(Math.abs(poorCouncil - goodCouncil) * 10) / 100),
        baseline,
        baselinePeriod: baselineMonth,
        setBy: userIds.performance_analyst,
      });
    }
    await repo.insertObservations(tx, rows);
  });
  // Synthetic benchmarks, kept apart from real DfE files under a file name of their own: England, the
  // (synthetic) region, the demo's ten neighbours and twenty invented councils, for the last three years.
  const org = (await services.organisations.bySlug('demo'))!;
  const obs = await services.indicators.observationsOf(organisationId);
  const file = `demo-synthetic-${org.laNumber ?? 990}`;
  const years = [0, 1, 2].map((n) => String(Number(endMonth.slice(0, 4)) - 2 + n));
  const stats = [];
  for (const [n, indicator] of list.entries()) {
    const entry = CATALOGUE.find((c) => c.code === indicator.code);
    if (!entry) continue;
    const { england, poorCouncil, goodCouncil } = entry.typical;
    const spread = Math.abs(poorCouncil - goodCouncil) || 1;
    for (const [y, year] of years.entries()) {
      const own = obs.filter(
        (o) =>
          o.indicatorId === indicator.id && o.teamKey === '' && o.period.startsWith(year) && o.value !== null,
      );
      const councilValue = own.length ? own.reduce((sum, o) => sum + o.value!, 0) / own.length : null;
      const jitter = (k: number) => Math.sin(n * 31 + y * 7 + k * 13) * spread * 0.4;
      const round = (v: number) => (indicator.unit === 'count' ? Math.round(v) : Math.round(v * 10) / 10);
      const row = (level: string, laNumbers: number[], value: number | null, laName: string | null) => ({
        file,
        measure: indicator.code,
        timePeriod: year,
        year,
        geographicLevel: level,
        regionCode: level === 'national' ? null : 'E99999999',
        regionName: level === 'national' ? null : 'Synthetic region',
        laNumbers,
        laName,
        filters: {},
        value: value === null ? null : Math.max(0, round(value)),
        missingCode: value === null ? 'x' : null,
      });
      stats.push(
        row('national', [], england + jitter(0) * 0.2, null),
        row('regional', [], england + jitter(1) * 0.5, null),
      );
      stats.push(row('local_authority', [org.laNumber ?? 990], councilValue, org.name));
      for (const [k, la] of org.statisticalNeighbours.entries())
        stats.push(row('local_authority', [la], england + jitter(k + 2), `Synthetic neighbour ${k + 1}`));
      for (let k = 0; k < 20; k++)
        stats.push(
          row('local_authority', [9900 + k], england + jitter(k + 20) * 1.5, `Synthetic council ${k + 1}`),
        );
    }
  }
  await services.indicators.storeSyntheticBenchmarks(file, stats);
  for (const indicator of list)
    await services.indicators.setBenchmarkSource(organisationId, indicator.code, {
      file,
      measure: indicator.code,
    });

  // Each commitment shows the indicators that tell whether it is working.
  const v = await services.plan.versions(organisationId);
  if (!v.live) return;
  const plan = await services.plan.load(organisationId, v.live.id);
  const codes: Record<string, string[]> = {
    '1.1': ['SW_SUPERVISION'],
    '2.1': ['RE_REFERRALS'],
    '2.2': ['ASSESSMENTS_45_DAYS'],
    '3.2': ['CP_SECOND_PLAN', 'CP_PLANS_2_YEARS'],
    '6.1': ['CLA_3_PLACEMENTS'],
    '6.2': ['STATUTORY_VISITS', 'CLA_3_SOCIAL_WORKERS'],
    '7.1': ['CARE_LEAVERS_EET', 'CARE_LEAVERS_ACCOMMODATION'],
    '8.1': ['SW_AGENCY_RATE', 'SW_VACANCY_RATE', 'SW_TURNOVER_RATE', 'SW_CASELOAD'],
  };
  for (const c of plan.commitments) {
    const ids = (codes[c.ref] ?? [])
      .map((code) => list.find((i) => i.code === code)?.id)
      .filter((id): id is string => Boolean(id));
    if (ids.length)
      await services.indicators.linkToCommitment(
        { userId: null, label: 'demo seed', requestId: null },
        organisationId,
        c.lineageId,
        ids,
      );
  }
};
