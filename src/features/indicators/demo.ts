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
