// What the plan's pages show, derived from its records as at a date: each action's suggested and
// effective RAG, its update schedule and reschedules; roll-ups per outcome and commitment; the
// filtered action table; exceptions; the timeline; coverage of recommendations; and the differences
// between two versions. Pure functions: the service loads the records, these decide what they mean.
import {
  DELIVERY_STATUS_LABELS,
  RAG_LABELS,
  RAGS,
  daysBetween,
  needsProgressUpdates,
  rescheduleSummary,
  suggestRag,
  updateSchedule,
  type DeliveryStatus,
  type Rag,
  type RescheduleSummary,
  type UpdateSchedule,
} from './rules/rules.js';
import type {
  ActionDateChange,
  PlanAction,
  PlanCommitment,
  PlanOutcome,
  PlanSnapshot,
  ProgressUpdate,
} from './schema.js';

export interface ActionView {
  action: PlanAction;
  outcome: PlanOutcome;
  commitment: PlanCommitment;
  leadName: string;
  suggested: { rag: Rag | null; reason: string };
  /** The rating shown: the override where one is set, otherwise the suggestion. */
  rag: Rag | null;
  overridden: boolean;
  schedule: UpdateSchedule | null;
  reschedule: RescheduleSummary;
  latestUpdate: ProgressUpdate | null;
  latestAccepted: ProgressUpdate | null;
  /** Past its current target date and not complete, embedded or cancelled. */
  overdue: boolean;
  daysOverdue: number;
  pendingDateChange: ActionDateChange | null;
}

export interface PlanRecords {
  outcomes: PlanOutcome[];
  commitments: PlanCommitment[];
  actions: PlanAction[];
  updates: ProgressUpdate[];
  dateChanges: ActionDateChange[];
  leadNames: Map<string, string>;
  planStart: string;
  cadenceDays: number;
}

const DONE: readonly DeliveryStatus[] = ['complete', 'embedded', 'cancelled'];

/** Every action of a plan with what it means as at `today` (a YYYY-MM-DD date in the UK). */
export function actionViews(records: PlanRecords, today: string): ActionView[] {
  const outcomes = new Map(records.outcomes.map((o) => [o.id, o]));
  const commitments = new Map(records.commitments.map((c) => [c.id, c]));
  const updatesBy = groupBy(records.updates, (u) => u.actionLineageId);
  const changesBy = groupBy(records.dateChanges, (c) => c.actionLineageId);
  return records.actions.map((action) => {
    const commitment = commitments.get(action.commitmentId)!;
    const outcome = outcomes.get(commitment.outcomeId)!;
    // Updates submitted after `today` do not exist yet as far as a board pack "as at" today is concerned.
    const updates = (updatesBy.get(action.lineageId) ?? [])
      .filter((u) => londonDay(u.submittedAt) <= today)
      .sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime());
    const latestUpdate = updates[0] ?? null;
    const answered = updates.find((u) => u.status !== 'returned') ?? null;
    const latestAccepted = updates.find((u) => u.status === 'accepted') ?? null;
    const schedule = needsProgressUpdates(action.deliveryStatus)
      ? updateSchedule({
          cadenceDays: records.cadenceDays,
          planStart: records.planStart,
          lastSubmittedAt: answered ? answered.submittedAt.toISOString() : null,
          today,
        })
      : null;
    const suggested = suggestRag({
      status: action.deliveryStatus,
      currentTargetDate: action.currentTargetDate,
      today,
      latestUpdate: latestAccepted
        ? { proposedRag: latestAccepted.proposedRag, submittedAt: latestAccepted.submittedAt.toISOString() }
        : null,
      embeddingSignedOff: action.embeddingSignedOffAt !== null,
      updateOverdue: schedule?.state === 'overdue',
    });
    const changes = changesBy.get(action.lineageId) ?? [];
    const approved = changes.filter((c) => c.status === 'approved');
    const daysLate = daysBetween(action.currentTargetDate, today);
    const overdue = !DONE.includes(action.deliveryStatus) && daysLate > 0;
    const overridden = action.ragOverride !== null && action.deliveryStatus !== 'cancelled';
    return {
      action,
      outcome,
      commitment,
      leadName: records.leadNames.get(action.leadEmail.toLowerCase()) ?? action.leadEmail,
      suggested,
      rag: overridden ? action.ragOverride : suggested.rag,
      overridden,
      schedule,
      reschedule: rescheduleSummary(approved, action.originalTargetDate, action.currentTargetDate),
      latestUpdate,
      latestAccepted,
      overdue,
      daysOverdue: overdue ? daysLate : 0,
      pendingDateChange: changes.find((c) => c.status === 'pending') ?? null,
    };
  });
}

// Made once: building an Intl.DateTimeFormat costs far more than formatting with one, and a plan
// page formats the date of every progress update (issue 9's profiling found it was most of the time).
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

export function londonDay(instant: Date): string {
  return LONDON_DAY.format(instant);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

// ---- Roll-ups ----

export type RagCounts = Record<Rag | 'none', number>;

export interface Summary {
  total: number;
  rag: RagCounts;
  complete: number;
  embedded: number;
  cancelled: number;
  overdue: number;
  updatesOverdue: number;
  rescheduled: number;
  /** Complete or embedded, as a share of actions not cancelled (0–100, whole numbers). */
  percentComplete: number;
  percentEmbedded: number;
  /** The worst rating among the actions: red, then amber, green, blue. */
  rollUp: Rag | null;
}

const RAG_SEVERITY: Rag[] = ['red', 'amber', 'green', 'blue'];

export function summarise(views: readonly ActionView[]): Summary {
  const rag: RagCounts = { red: 0, amber: 0, green: 0, blue: 0, none: 0 };
  let complete = 0;
  let embedded = 0;
  let cancelled = 0;
  let overdue = 0;
  let updatesOverdue = 0;
  let rescheduled = 0;
  for (const v of views) {
    rag[v.rag ?? 'none'] += 1;
    const s = v.action.deliveryStatus;
    if (s === 'complete' || s === 'embedded') complete += 1;
    if (s === 'embedded') embedded += 1;
    if (s === 'cancelled') cancelled += 1;
    if (v.overdue) overdue += 1;
    if (v.schedule?.state === 'overdue') updatesOverdue += 1;
    if (v.reschedule.count > 0) rescheduled += 1;
  }
  const live = views.length - cancelled;
  const pct = (n: number) => (live === 0 ? 0 : Math.round((100 * n) / live));
  return {
    total: views.length,
    rag,
    complete,
    embedded,
    cancelled,
    overdue,
    updatesOverdue,
    rescheduled,
    percentComplete: pct(complete),
    percentEmbedded: pct(embedded),
    rollUp: RAG_SEVERITY.find((r) => rag[r] > 0) ?? null,
  };
}

export interface TreeOutcome {
  outcome: PlanOutcome;
  summary: Summary;
  commitments: {
    commitment: PlanCommitment;
    recommendationNumbers: number[];
    summary: Summary;
    actions: ActionView[];
  }[];
}

export function planTree(
  outcomes: readonly PlanOutcome[],
  commitments: readonly PlanCommitment[],
  views: readonly ActionView[],
  recommendationNumbers: Map<string, number[]>,
): TreeOutcome[] {
  return outcomes.map((outcome) => {
    const own = commitments
      .filter((c) => c.outcomeId === outcome.id)
      .map((commitment) => {
        const actions = views.filter((v) => v.action.commitmentId === commitment.id);
        return {
          commitment,
          recommendationNumbers: recommendationNumbers.get(commitment.id) ?? [],
          summary: summarise(actions),
          actions,
        };
      });
    return { outcome, summary: summarise(own.flatMap((c) => c.actions)), commitments: own };
  });
}

// ---- The action table ----

export interface ActionFilter {
  lead?: string;
  rag?: Rag | 'none';
  status?: DeliveryStatus;
  outcome?: string;
  overdue?: boolean;
  rescheduled?: boolean;
  q?: string;
}

export const SORT_KEYS = ['ref', 'target', 'rag', 'status', 'lead', 'rescheduled'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Compares refs such as "1.2.10" and "1.2.9" number by number. */
// One collator: localeCompare with options builds one per call, which sorting 600 actions felt.
const REFS = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function compareRefs(a: string, b: string): number {
  return REFS.compare(a, b);
}

export function filterActions(views: readonly ActionView[], filter: ActionFilter): ActionView[] {
  const q = filter.q?.trim().toLowerCase();
  return views.filter(
    (v) =>
      (!filter.lead || v.action.leadEmail.toLowerCase() === filter.lead.toLowerCase()) &&
      (!filter.rag || (v.rag ?? 'none') === filter.rag) &&
      (!filter.status || v.action.deliveryStatus === filter.status) &&
      (!filter.outcome || v.outcome.id === filter.outcome) &&
      (!filter.overdue || v.overdue) &&
      (!filter.rescheduled || v.reschedule.count > 0) &&
      (!q || `${v.action.ref} ${v.action.title} ${v.action.description}`.toLowerCase().includes(q)),
  );
}

const STATUS_ORDER: DeliveryStatus[] = ['not_started', 'in_progress', 'complete', 'embedded', 'cancelled'];

export function sortActions(views: readonly ActionView[], key: SortKey, descending = false): ActionView[] {
  const rank = (v: ActionView) => (v.rag ? RAG_SEVERITY.indexOf(v.rag) : RAGS.length);
  const compare: Record<SortKey, (a: ActionView, b: ActionView) => number> = {
    ref: (a, b) => compareRefs(a.action.ref, b.action.ref),
    target: (a, b) => a.action.currentTargetDate.localeCompare(b.action.currentTargetDate),
    rag: (a, b) => rank(a) - rank(b),
    status: (a, b) =>
      STATUS_ORDER.indexOf(a.action.deliveryStatus) - STATUS_ORDER.indexOf(b.action.deliveryStatus),
    lead: (a, b) => a.leadName.localeCompare(b.leadName, 'en'),
    rescheduled: (a, b) => b.reschedule.totalDaysSlipped - a.reschedule.totalDaysSlipped,
  };
  const sorted = [...views].sort((a, b) => compare[key](a, b) || compareRefs(a.action.ref, b.action.ref));
  return descending ? sorted.reverse() : sorted;
}

/** Red and amber actions, worst first, each with its latest narrative. */
export function exceptions(views: readonly ActionView[]): ActionView[] {
  return sortActions(
    views.filter((v) => v.rag === 'red' || v.rag === 'amber'),
    'rag',
  );
}

/** Actions grouped by the month of their current target date, earliest first. */
export function timeline(views: readonly ActionView[]): { month: string; actions: ActionView[] }[] {
  const byMonth = groupBy(
    views.filter((v) => v.action.deliveryStatus !== 'cancelled'),
    (v) => v.action.currentTargetDate.slice(0, 7),
  );
  return [...byMonth.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, actions]) => ({ month, actions: sortActions(actions, 'target') }));
}

// ---- Coverage ----

export interface CoverageRow {
  recommendation: { id: string; number: number; text: string };
  commitmentIds: string[];
}

export function coverage(
  recs: readonly { id: string; number: number; text: string }[],
  links: readonly { commitmentId: string; recommendationId: string }[],
): { rows: CoverageRow[]; uncovered: CoverageRow[] } {
  const rows = [...recs]
    .sort((a, b) => a.number - b.number)
    .map((recommendation) => ({
      recommendation,
      commitmentIds: links.filter((l) => l.recommendationId === recommendation.id).map((l) => l.commitmentId),
    }));
  return { rows, uncovered: rows.filter((r) => r.commitmentIds.length === 0) };
}

// ---- Differences between two versions ----

export interface FieldChange {
  field: string;
  from: string;
  to: string;
}
export interface ItemDiff {
  kind: 'outcome' | 'commitment' | 'action';
  ref: string;
  title: string;
  change: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
}

type Flat = { kind: ItemDiff['kind']; ref: string; title: string; values: Record<string, string> };

const show = (values: readonly (string | number)[]): string => values.join('; ');

function flatten(snapshot: PlanSnapshot): Map<string, Flat> {
  const items = new Map<string, Flat>();
  for (const o of snapshot.outcomes) {
    items.set(o.lineageId, {
      kind: 'outcome',
      ref: o.ref,
      title: o.title,
      values: { Reference: o.ref, Title: o.title, Description: o.description },
    });
    for (const c of o.commitments) {
      items.set(c.lineageId, {
        kind: 'commitment',
        ref: c.ref,
        title: c.title,
        values: {
          Reference: c.ref,
          Outcome: o.ref,
          Title: c.title,
          'Success measures': show(c.successMeasures),
          Recommendations: show(c.recommendationNumbers),
        },
      });
      for (const a of c.actions)
        items.set(a.lineageId, {
          kind: 'action',
          ref: a.ref,
          title: a.title,
          values: {
            Reference: a.ref,
            Commitment: c.ref,
            Title: a.title,
            Description: a.description,
            'Lead officer': a.leadEmail,
            'Original target date': a.originalTargetDate,
            'Current target date': a.currentTargetDate,
            'Delivery status': DELIVERY_STATUS_LABELS[a.deliveryStatus],
            'RAG rating': a.rag ? RAG_LABELS[a.rag] : '',
          },
        });
    }
  }
  return items;
}

/** Item-by-item differences from `older` to `newer`, matched by lineage so a renumbered item is "changed". */
export function diffSnapshots(older: PlanSnapshot, newer: PlanSnapshot): ItemDiff[] {
  const before = flatten(older);
  const after = flatten(newer);
  const diffs: ItemDiff[] = [];
  for (const [lineage, item] of after) {
    const old = before.get(lineage);
    if (!old) {
      diffs.push({ kind: item.kind, ref: item.ref, title: item.title, change: 'added', fields: [] });
      continue;
    }
    const fields = Object.keys(item.values)
      .filter((f) => item.values[f] !== old.values[f])
      .map((f) => ({ field: f, from: old.values[f] ?? '', to: item.values[f] ?? '' }));
    if (fields.length)
      diffs.push({ kind: item.kind, ref: item.ref, title: item.title, change: 'changed', fields });
  }
  for (const [lineage, item] of before)
    if (!after.has(lineage))
      diffs.push({ kind: item.kind, ref: item.ref, title: item.title, change: 'removed', fields: [] });
  const order = { outcome: 0, commitment: 1, action: 2 };
  return diffs.sort((a, b) => order[a.kind] - order[b.kind] || compareRefs(a.ref, b.ref));
}
