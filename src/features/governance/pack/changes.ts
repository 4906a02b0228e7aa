// "What changed since the last pack": compares two pack models — the one a board last saw and the
// one about to go — action by action (by lineage, so a plan refresh does not read as churn) and
// indicator by indicator.
import type { PackAction, PackIndicatorRow, PackModel, Rag } from './model.js';

export interface PackChanges {
  /** The previous pack's date, or null when there is no earlier pack to compare with. */
  since: string | null;
  ragChanges: { ref: string; title: string; from: Rag | null; to: Rag | null }[];
  newReds: { ref: string; title: string; leadName: string }[];
  completed: { ref: string; title: string }[];
  embedded: { ref: string; title: string }[];
  rescheduled: { ref: string; title: string; from: string; to: string; reason: string | null }[];
  newActions: { ref: string; title: string }[];
  indicatorsBetter: IndicatorChange[];
  indicatorsWorse: IndicatorChange[];
}

export interface IndicatorChange {
  code: string;
  name: string;
  from: string;
  to: string;
  fromPeriod: string | null;
  toPeriod: string | null;
}

const RAG_ORDER: Record<Rag, number> = { red: 0, amber: 1, green: 2, blue: 3 };

function indicatorDirection(before: PackIndicatorRow, after: PackIndicatorRow): 'better' | 'worse' | null {
  if (before.latestValue === null || after.latestValue === null) return null;
  if (before.latestValue === after.latestValue) return null;
  if (after.polarity === 'neutral') return null;
  const rose = after.latestValue > before.latestValue;
  return rose === (after.polarity === 'higher_is_better') ? 'better' : 'worse';
}

export function packChanges(previous: PackModel | null, current: PackModel): PackChanges {
  const empty: PackChanges = {
    since: previous?.asAt ?? null,
    ragChanges: [],
    newReds: [],
    completed: [],
    embedded: [],
    rescheduled: [],
    newActions: [],
    indicatorsBetter: [],
    indicatorsWorse: [],
  };
  if (!previous) return empty;
  const before = new Map<string, PackAction>((previous.plan?.actions ?? []).map((a) => [a.lineageId, a]));
  const changes = empty;
  for (const a of current.plan?.actions ?? []) {
    const b = before.get(a.lineageId);
    if (!b) {
      changes.newActions.push({ ref: a.ref, title: a.title });
      if (a.rag === 'red') changes.newReds.push({ ref: a.ref, title: a.title, leadName: a.leadName });
      continue;
    }
    if (a.rag !== b.rag) changes.ragChanges.push({ ref: a.ref, title: a.title, from: b.rag, to: a.rag });
    if (a.rag === 'red' && b.rag !== 'red')
      changes.newReds.push({ ref: a.ref, title: a.title, leadName: a.leadName });
    if (a.deliveryStatus === 'complete' && b.deliveryStatus !== 'complete' && b.deliveryStatus !== 'embedded')
      changes.completed.push({ ref: a.ref, title: a.title });
    if (a.deliveryStatus === 'embedded' && b.deliveryStatus !== 'embedded')
      changes.embedded.push({ ref: a.ref, title: a.title });
    if (a.currentTargetDate !== b.currentTargetDate) {
      const record = current.plan?.rescheduled.find((r) => r.ref === a.ref && r.to === a.currentTargetDate);
      changes.rescheduled.push({
        ref: a.ref,
        title: a.title,
        from: b.currentTargetDate,
        to: a.currentTargetDate,
        reason: record?.reason ?? null,
      });
    }
  }
  changes.ragChanges.sort(
    (x, y) => (x.to ? RAG_ORDER[x.to] : 9) - (y.to ? RAG_ORDER[y.to] : 9) || x.ref.localeCompare(y.ref),
  );
  const earlier = new Map((previous.indicators?.rows ?? []).map((r) => [r.code, r]));
  for (const row of current.indicators?.rows ?? []) {
    const old = earlier.get(row.code);
    if (!old) continue;
    const direction = indicatorDirection(old, row);
    if (!direction) continue;
    const change = {
      code: row.code,
      name: row.name,
      from: old.latestText,
      to: row.latestText,
      fromPeriod: old.latestPeriod,
      toPeriod: row.latestPeriod,
    };
    (direction === 'better' ? changes.indicatorsBetter : changes.indicatorsWorse).push(change);
  }
  return changes;
}

/** One line for the pack page: "2 new reds, 5 embedded, …". */
export function changesHeadline(c: PackChanges): string {
  const parts: string[] = [];
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  if (c.newReds.length) parts.push(n(c.newReds.length, 'new red'));
  if (c.ragChanges.length) parts.push(n(c.ragChanges.length, 'RAG change'));
  if (c.completed.length) parts.push(`${c.completed.length} completed`);
  if (c.embedded.length) parts.push(`${c.embedded.length} embedded`);
  if (c.rescheduled.length) parts.push(`${c.rescheduled.length} rescheduled`);
  if (c.indicatorsBetter.length)
    parts.push(n(c.indicatorsBetter.length, 'indicator better', 'indicators better'));
  if (c.indicatorsWorse.length)
    parts.push(n(c.indicatorsWorse.length, 'indicator worse', 'indicators worse'));
  return parts.length ? parts.join(', ') : 'No changes';
}
