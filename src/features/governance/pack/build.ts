// Gathers a board pack's model from the live record, as at a date. Only the sections the board
// sees are gathered. "As at" means: action dates, overdue updates and deadlines are judged on that
// day; indicators show periods that had ended by then; audits, visits and meeting actions are
// those dated on or before it. Delivery statuses and RAG are the record as it stands when the
// pack is built — which is why an issued pack freezes its model rather than rebuilding it.
import type { Organisation } from '../../organisations/schema.js';
import type { PlanService } from '../../plan/service.js';
import type { IndicatorService } from '../../indicators/service.js';
import type { QualityService } from '../../quality/service.js';
import type { InspectionService } from '../../inspections/service.js';
import { exceptions, type Summary, type ActionView } from '../../plan/derive.js';
import { formatValue } from '../../indicators/rules.js';
import { addDays, formatUkDate } from '../../plan/rules/rules.js';
import { gradeChart } from '../../quality/chart.js';
import { TYPE_LABELS, OVERALL } from '../../inspections/rules.js';
import { INTERVENTION_LABELS } from '../../inspections/service.js';
import type { Board, BoardMember, ForwardPlanItem, Meeting, MeetingAction } from '../schema.js';
import type {
  PackAction,
  PackIndicators,
  PackModel,
  PackNarrative,
  PackOfsted,
  PackPlan,
  PackPlanSummary,
  PackQuality,
  PackSection,
} from './model.js';

export interface PackSources {
  plan: PlanService;
  indicators: IndicatorService;
  quality: QualityService;
  inspections: InspectionService;
}

export interface PackInput {
  organisation: Organisation;
  board: Board;
  members: BoardMember[];
  meeting: Meeting | null;
  /** Meetings of the board, for naming where each meeting action came from. */
  meetings: Meeting[];
  meetingActions: MeetingAction[];
  forwardPlan: ForwardPlanItem[];
  asAt: string;
  title: string;
  narrative: PackNarrative;
  sections?: PackSection[];
}

export function meetingTitle(board: Pick<Board, 'name'>, meeting: Pick<Meeting, 'meetingDate'>): string {
  return `${board.name}, ${formatUkDate(meeting.meetingDate)}`;
}

function summaryOf(s: Summary): PackPlanSummary {
  return { ...s, rag: { ...s.rag } };
}

function actionOf(v: ActionView): PackAction {
  const a = v.action;
  return {
    lineageId: a.lineageId,
    ref: a.ref,
    title: a.title,
    outcomeRef: v.outcome.ref,
    commitmentRef: v.commitment.ref,
    leadName: v.leadName,
    deliveryStatus: a.deliveryStatus,
    rag: v.rag,
    ragReason: v.overridden ? (a.ragOverrideReason ?? '') : v.suggested.reason,
    originalTargetDate: a.originalTargetDate,
    currentTargetDate: a.currentTargetDate,
    overdue: v.overdue,
    daysOverdue: v.daysOverdue,
    updateState: v.schedule ? (v.schedule.state === 'due_soon' ? 'due' : v.schedule.state) : null,
    nextUpdateDue: v.schedule?.nextDueDate ?? null,
    latestNarrative: v.latestUpdate?.narrative ?? null,
    rescheduleCount: v.reschedule.count,
  };
}

async function planSection(
  sources: PackSources,
  organisationId: string,
  asAt: string,
): Promise<PackPlan | null> {
  const { live } = await sources.plan.versions(organisationId);
  if (!live) return null;
  const loaded = await sources.plan.load(organisationId, live.id, asAt);
  const names = new Map(loaded.members.map((m) => [m.id, m.displayName]));
  const byLineage = new Map(loaded.views.map((v) => [v.action.lineageId, v]));
  const ordered = loaded.tree.flatMap((o) => o.commitments.flatMap((c) => c.actions));
  const open = await sources.plan.challenges(organisationId, 'not_closed');
  return {
    title: loaded.plan.title,
    versionNumber: loaded.plan.versionNumber,
    status: loaded.plan.status,
    startDate: loaded.plan.startDate,
    endDate: loaded.plan.endDate,
    summary: summaryOf(loaded.summary),
    outcomes: loaded.tree.map((o) => ({
      ref: o.outcome.ref,
      title: o.outcome.title,
      summary: summaryOf(o.summary),
      commitments: o.commitments.map((c) => ({
        ref: c.commitment.ref,
        title: c.commitment.title,
        recommendationNumbers: c.recommendationNumbers,
        summary: summaryOf(c.summary),
      })),
    })),
    actions: ordered.map(actionOf),
    exceptionRefs: exceptions(loaded.views).map((v) => v.action.ref),
    rescheduled: loaded.dateChanges
      .filter((d) => d.status === 'approved' && byLineage.has(d.actionLineageId))
      // Every approved change, whenever decided: the actions show the target dates they set.
      .sort((a, b) => (b.decidedAt?.getTime() ?? 0) - (a.decidedAt?.getTime() ?? 0))
      .map((d) => {
        const v = byLineage.get(d.actionLineageId)!;
        return {
          ref: v.action.ref,
          title: v.action.title,
          from: d.oldDate,
          to: d.newDate,
          reason: d.reason,
          decidedBy: d.decidedBy ? (names.get(d.decidedBy) ?? null) : null,
          decidedOn: d.decidedAt ? d.decidedAt.toISOString().slice(0, 10) : null,
        };
      }),
    openChallenges: open
      .filter((c) => c.raisedAt.toISOString().slice(0, 10) <= asAt)
      .map((c) => ({
        subject: c.subjectLabel,
        question: c.question,
        raisedBy: names.get(c.raisedBy ?? '') ?? 'Unknown',
        raisedOn: c.raisedAt.toISOString().slice(0, 10),
        status: c.status,
        response: c.response,
      })),
    coverage: loaded.coverage.rows.map((r) => ({
      number: r.recommendation.number,
      text: r.recommendation.text,
      commitmentRefs: r.commitmentIds
        .map((id) => loaded.commitments.find((c) => c.id === id)?.ref)
        .filter((ref): ref is string => Boolean(ref)),
    })),
  };
}

async function indicatorSection(
  sources: PackSources,
  org: Organisation,
  asAt: string,
  withCharts: boolean,
  withWorkforce: boolean,
): Promise<PackIndicators | null> {
  const card = await sources.indicators.scorecard(org.id, asAt);
  if (!card.rows.some((r) => r.latest)) return null;
  const label = (p: string) => sources.indicators.periodLabel(p);
  const rows = card.rows.map((r) => ({
    code: r.indicator.code,
    name: r.indicator.name,
    unit: r.indicator.unit,
    category: r.indicator.category,
    isKey: r.indicator.isKey,
    polarity: r.indicator.polarity,
    latestPeriod: r.latest ? label(r.latest.period) : null,
    latestValue: r.latest?.value ?? null,
    latestText: r.latestText,
    targetText: r.target ? formatValue(r.target.target, r.indicator.unit) : null,
    baselineText: r.baseline?.baseline != null ? formatValue(r.baseline.baseline, r.indicator.unit) : null,
    rag: r.result?.rag ?? null,
    sincePrevious:
      r.sincePrevious.better === true
        ? ('better' as const)
        : r.sincePrevious.better === false
          ? ('worse' as const)
          : r.sincePrevious.direction === 'same'
            ? ('same' as const)
            : null,
    sincePreviousText: r.sincePrevious.text,
    values: Object.fromEntries(
      card.periods.filter((p) => r.byPeriod[p] !== undefined).map((p) => [label(p), r.byPeriod[p]!]),
    ),
  }));
  const keyCharts = withCharts
    ? (await sources.indicators.keyIndicators(org, asAt)).map((d) => ({
        code: d.indicator.code,
        name: d.indicator.name,
        svg: d.chart,
        summary: `${d.indicator.name}: ${d.summary.latestText}${d.summary.latest ? ` (${label(d.summary.latest.period)})` : ''}. ${d.summary.sincePrevious.text}.`,
      }))
    : [];
  let workforce: PackIndicators['workforce'] = { codes: [], teams: [] };
  if (withWorkforce) {
    const teams = await sources.quality.teams(org.id);
    const w = await sources.indicators.workforce(org.id, teams, asAt, card);
    workforce = {
      codes: w.byTeam.map((i) => i.code),
      teams: w.teams.map((t) => ({
        team: t.team.name,
        values: t.values.map((v, i) =>
          v && v.value !== null ? formatValue(v.value, w.byTeam[i]!.unit) : 'No data',
        ),
      })),
    };
  }
  return { periods: card.periods.map(label), rows, keyCharts, workforce };
}

async function qualitySection(
  sources: PackSources,
  organisationId: string,
  asAt: string,
): Promise<PackQuality | null> {
  const stats = await sources.quality.statistics(organisationId, { months: 12, to: asAt.slice(0, 7) });
  if (!stats.trend.some((m) => m.total > 0)) return null;
  return {
    from: stats.from,
    to: stats.to,
    baselineMonth: stats.baselineMonth,
    months: stats.trend.map((m) => ({
      month: m.month,
      total: m.total,
      outstanding: m.counts.outstanding,
      good: m.counts.good,
      requiresImprovement: m.counts.requires_improvement,
      inadequate: m.counts.inadequate,
      pctGoodOrBetter: m.pctGoodOrBetter,
    })),
    chartSvg: gradeChart(stats.trend, 'Case audit grades by month'),
    agreementRate: stats.moderation.overall.rate,
    moderated: stats.moderation.overall.moderated,
    themes: stats.themes.map((t) => ({ theme: t.theme, count: t.count })),
  };
}

async function ofstedSection(
  sources: PackSources,
  organisationId: string,
  asAt: string,
): Promise<PackOfsted> {
  const journey = await sources.inspections.journey(organisationId);
  const items = journey.items.filter((i) => i.inspection.startDate <= asAt);
  // Visits record areas and findings rather than grades: read them for the visits only.
  const details = await Promise.all(
    items.map((i) =>
      i.inspection.type === 'monitoring_visit' || i.inspection.type === 'focused_visit'
        ? sources.inspections.get(organisationId, i.inspection.id)
        : Promise.resolve(null),
    ),
  );
  return {
    events: items.map((i, n) => ({
      kind: TYPE_LABELS[i.inspection.type],
      title:
        i.inspection.sequenceNumber && i.inspection.type === 'monitoring_visit'
          ? `${TYPE_LABELS[i.inspection.type]} ${i.inspection.sequenceNumber}`
          : TYPE_LABELS[i.inspection.type],
      date: i.inspection.startDate,
      overall: i.judgements.find((j) => j.area === OVERALL)?.grade ?? null,
      judgements: i.judgements.map((j) => ({ area: j.area, grade: j.grade })),
      findings: (details[n]?.findings ?? []).map((f) => ({
        area: f.finding.area,
        priority: f.finding.isPriorityAction === 1,
        recommendationNumbers: f.recommendations.map((r) => r.number),
      })),
    })),
    interventions: journey.interventions
      .filter((i) => i.issuedDate <= asAt)
      .map((i) => ({
        kind: INTERVENTION_LABELS[i.kind],
        startedOn: i.issuedDate,
        liftedOn: i.liftedDate && i.liftedDate <= asAt ? i.liftedDate : null,
      })),
  };
}

export async function buildPackModel(sources: PackSources, input: PackInput): Promise<PackModel> {
  const { organisation: org, board, asAt } = input;
  const sections = input.sections ?? board.sections;
  const has = (s: PackSection) => sections.includes(s);
  const needsPlan = has('plan_on_a_page') || has('exceptions') || has('coverage');
  const needsIndicators = has('scorecard') || has('key_indicators') || has('workforce');
  const chair = input.members.find((m) => m.isChair) ?? null;
  const meetingNames = new Map(input.meetings.map((m) => [m.id, meetingTitle(board, m)]));
  const meetingDates = new Map(input.meetings.map((m) => [m.id, m.meetingDate]));
  const [plan, indicators, quality, ofsted] = await Promise.all([
    needsPlan ? planSection(sources, org.id, asAt) : null,
    needsIndicators ? indicatorSection(sources, org, asAt, has('key_indicators'), has('workforce')) : null,
    has('quality') ? qualitySection(sources, org.id, asAt) : null,
    has('ofsted') ? ofstedSection(sources, org.id, asAt) : { events: [], interventions: [] },
  ]);
  return {
    formatVersion: 1,
    title: input.title,
    asAt,
    organisation: { name: org.name, slug: org.slug },
    board: {
      name: board.name,
      kind: board.kind,
      chair: chair ? chair.name : null,
      independentChair: chair?.isIndependent ?? false,
    },
    meeting: input.meeting
      ? {
          title: meetingTitle(board, input.meeting),
          date: input.meeting.meetingDate,
          location: input.meeting.location || null,
        }
      : null,
    sections: [...sections],
    narrative: { ...input.narrative },
    plan,
    indicators,
    quality,
    ofsted,
    meetingActions: has('meeting_actions')
      ? input.meetingActions
          .filter((a) => (meetingDates.get(a.meetingId) ?? '') <= asAt)
          // Open ones, and those closed in the last 90 days (the log shows what the board last saw move).
          .filter((a) => a.status === 'open' || (a.completedOn ?? '') >= addDays(asAt, -90))
          .map((a) => ({
            meeting: meetingNames.get(a.meetingId) ?? '',
            meetingDate: meetingDates.get(a.meetingId) ?? '',
            description: a.description,
            owner: a.ownerName,
            dueDate: a.dueDate,
            status: a.status,
            overdue: a.status === 'open' && a.dueDate !== null && a.dueDate < asAt,
          }))
      : [],
    forwardPlan: has('meeting_actions')
      ? input.forwardPlan
          .filter((f) => f.status !== 'done')
          .map((f) => ({
            title: f.title,
            dueDate: f.dueDate,
            meeting: f.sourceMeetingId ? (meetingNames.get(f.sourceMeetingId) ?? null) : null,
            status: f.status,
            overdue: f.dueDate < asAt,
          }))
      : [],
  };
}
