// The improvement plan's rules as pure functions: delivery status and its transitions, the suggested
// RAG rating and overrides, target-date slippage, progress-update due dates, and calendar dates.
//
// Dates are calendar dates, 'YYYY-MM-DD' strings in and out. They are computed on UTC midnights so
// that British Summer Time never moves a date by a day; "today" is the caller's (see londonDate).

// ---- Calendar dates ----

const DAY_MS = 86_400_000;

export { isValidIsoDate } from '../../../platform/validation.js';
import { isValidIsoDate } from '../../../platform/validation.js';

// A plan's pages turn the same few hundred dates into day numbers thousands of times (issue 9's
// profiling of a 600-action plan): each valid date is parsed once. Bounded, as callers may send any string.
const EPOCH_DAYS = new Map<string, number>();

function toEpochDay(date: string, name = 'date'): number {
  const known = EPOCH_DAYS.get(date);
  if (known !== undefined) return known;
  if (!isValidIsoDate(date))
    throw new RangeError(`${name} must be a real date written YYYY-MM-DD, not "${date}"`);
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not turn years 0–99 into 1900–1999.
  d.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  const day = Math.round(d.getTime() / DAY_MS);
  if (EPOCH_DAYS.size >= 20_000) EPOCH_DAYS.clear();
  EPOCH_DAYS.set(date, day);
  return day;
}

function fromEpochDay(day: number): string {
  const d = new Date(day * DAY_MS);
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError('The date falls outside the years 0000–9999');
  return `${String(year).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** The date `days` calendar days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`days must be a whole number, not ${days}`);
  return fromEpochDay(toEpochDay(date) + days);
}

/** Calendar days from `from` to `to`: positive when `to` is later, 0 on the same day. */
export function daysBetween(from: string, to: string): number {
  return toEpochDay(to, 'to') - toEpochDay(from, 'from');
}

// 'en-CA' writes dates as YYYY-MM-DD, so one format() call gives the answer (formatToParts is slower).
const LONDON_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/**
 * The calendar date in England of an instant ('2026-03-29T23:30:00Z' is 30 March in BST), or the date
 * itself when given one. Councils work on UK dates, so "today" and "submitted on" use this.
 */
export function londonDate(instant: Date | string): string {
  if (typeof instant === 'string' && isValidIsoDate(instant)) return instant;
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) throw new RangeError(`"${String(instant)}" is not a date or time`);
  return LONDON_DATE.format(d);
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** '2026-03-03' → '3 March 2026', the GOV.UK style for dates in sentences. */
export function formatUkDate(date: string): string {
  toEpochDay(date);
  return `${Number(date.slice(8, 10))} ${MONTH_NAMES[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

// ---- Delivery status and RAG: two different keys ----

/** Where the work is. Never a judgement of whether it is on track: that is the RAG rating. */
export type DeliveryStatus = 'not_started' | 'in_progress' | 'complete' | 'embedded' | 'cancelled';

/**
 * Whether the action is on track. Blue is optional in councils' plans (BRAG); Waymark uses it for
 * embedded actions only — complete, with evidence that the change is now normal practice signed off —
 * so that a board can tell "done and sticking" from "on track". A council that does not use blue
 * turns it off (`useBlue: false`) and embedded actions show green instead.
 */
export type Rag = 'red' | 'amber' | 'green' | 'blue';

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = [
  'not_started',
  'in_progress',
  'complete',
  'embedded',
  'cancelled',
];
export const RAGS: readonly Rag[] = ['red', 'amber', 'green', 'blue'];

/** What the UI calls each key, so that a status is never mistaken for a rating. */
export const DELIVERY_STATUS_KEY_LABEL = 'Delivery status';
export const RAG_KEY_LABEL = 'RAG rating';

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  complete: 'Complete',
  embedded: 'Embedded',
  cancelled: 'Cancelled',
};

export const RAG_LABELS: Record<Rag, string> = {
  red: 'Red',
  amber: 'Amber',
  green: 'Green',
  blue: 'Blue',
};

export const RAG_MEANINGS: Record<Rag, string> = {
  red: 'Off track: past its target date and not complete, or judged at serious risk',
  amber: 'At risk, or complete but not yet evidenced as embedded',
  green: 'On track',
  blue: 'Embedded: complete, and evidence that the change is now normal practice has been signed off',
};

export const isDeliveryStatus = (value: unknown): value is DeliveryStatus =>
  typeof value === 'string' && (DELIVERY_STATUSES as readonly string[]).includes(value);
export const isRag = (value: unknown): value is Rag =>
  typeof value === 'string' && (RAGS as readonly string[]).includes(value);

/** Reasons (for overrides, reopening, cancelling) must say something: at least this many characters. */
export const MIN_REASON_LENGTH = 10;

const hasReason = (reason: string | undefined) => (reason ?? '').trim().length >= MIN_REASON_LENGTH;

// ---- Delivery status transitions ----

/*
 * The choices the domain left open, and why:
 * - not_started → complete is allowed. Leads report every six weeks; a small action can start and
 *   finish between two updates, and forcing a pretend "in progress" step would put a false entry in
 *   the audit trail.
 * - Nothing goes back to not_started: once work has begun the record should not say it never did.
 * - complete → in_progress (reopening) needs a reason: the board saw it complete.
 * - complete → embedded needs the evidence of embedding signed off; embedded is reached only from
 *   complete.
 * - embedded → complete needs a reason: a later audit can show the change did not stick, and the
 *   honest record is to say so (the service clears the sign-off).
 * - Cancelling needs a reason, is allowed only for work not yet complete (done work is not "not
 *   delivered"), and is final: a cancelled action is never reopened, a new action is added instead,
 *   so the board's record of what was dropped stays true.
 */
const TRANSITIONS: Record<DeliveryStatus, readonly DeliveryStatus[]> = {
  not_started: ['in_progress', 'complete', 'cancelled'],
  in_progress: ['complete', 'cancelled'],
  complete: ['in_progress', 'embedded'],
  embedded: ['complete'],
  cancelled: [],
};

/** Moves that need a written reason (at least MIN_REASON_LENGTH characters), and what it explains. */
const NEEDS_REASON: Partial<Record<`${DeliveryStatus}>${DeliveryStatus}`, string>> = {
  'complete>in_progress': 'reopening a complete action',
  'embedded>complete': 'withdrawing the embedded status',
  'not_started>cancelled': 'cancelling this action',
  'in_progress>cancelled': 'cancelling this action',
};

/**
 * The statuses an action in `from` may move to. Some need more than the move itself: embedded needs
 * the embedding evidence signed off, and reopening, withdrawing embedded and cancelling need a reason
 * — checkTransition says which.
 */
export function allowedTransitions(from: DeliveryStatus): readonly DeliveryStatus[] {
  return TRANSITIONS[from];
}

export type RuleResult = { ok: true } | { ok: false; message: string };

/** Whether an action may move from one delivery status to another, with the reason why not. */
export function checkTransition(
  from: DeliveryStatus,
  to: DeliveryStatus,
  ctx: { embeddingSignedOff: boolean; reason?: string },
): RuleResult {
  if (from === to) return { ok: true };
  const refuse = (message: string): RuleResult => ({ ok: false, message });
  if (from === 'cancelled')
    return refuse(
      'This action is cancelled, and cancelled is final. Add a new action if the work is needed again.',
    );
  if (to === 'embedded') {
    if (from !== 'complete')
      return refuse('Only a complete action can become embedded: mark it complete first.');
    if (!ctx.embeddingSignedOff)
      return refuse(
        'An action becomes embedded only when evidence that the change is now normal practice has been signed off.',
      );
    return { ok: true };
  }
  if (to === 'not_started')
    return refuse(
      from === 'in_progress'
        ? 'Work on this action has started, so it cannot go back to not started.'
        : `An action that is ${DELIVERY_STATUS_LABELS[from].toLowerCase()} cannot go back to not started.`,
    );
  if (from === 'embedded' && to !== 'complete')
    return refuse(
      'An embedded action can only go back to complete, when the evidence of embedding no longer holds.',
    );
  if (from === 'complete' && to === 'cancelled')
    return refuse(
      'A complete action cannot be cancelled: the work was done. Reopen it as in progress first if it is to stop.',
    );
  if (!TRANSITIONS[from].includes(to))
    return refuse(
      `An action cannot move from ${DELIVERY_STATUS_LABELS[from].toLowerCase()} to ${DELIVERY_STATUS_LABELS[to].toLowerCase()}.`,
    );
  const needs = NEEDS_REASON[`${from}>${to}`];
  if (needs && !hasReason(ctx.reason))
    return refuse(`Give a reason for ${needs} (at least ${MIN_REASON_LENGTH} characters).`);
  return { ok: true };
}

/** Progress updates are asked for until an action is embedded or cancelled; complete ones report on embedding. */
export function needsProgressUpdates(status: DeliveryStatus): boolean {
  return status !== 'embedded' && status !== 'cancelled';
}

export const DELIVERY_STATUS_RULES_TEXT: readonly string[] = [
  'An action can be marked complete straight from not started: small actions often start and finish between two progress updates.',
  'Once work has started, an action cannot go back to not started.',
  'Reopening a complete action as in progress needs a reason.',
  'An action becomes embedded only from complete, and only when evidence that the change is now normal practice has been signed off.',
  'An embedded action can go back to complete, with a reason, when the evidence of embedding no longer holds.',
  'Only an action that is not yet complete can be cancelled, with a reason. Cancelled is final: add a new action if the work is needed again.',
  `Every reason must be at least ${MIN_REASON_LENGTH} characters long.`,
];

// ---- Suggested RAG ----

export const DEFAULT_AMBER_WINDOW_DAYS = 14;

export interface SuggestRagInput {
  status: DeliveryStatus;
  currentTargetDate: string;
  today: string;
  latestUpdate?: { proposedRag: Rag; submittedAt: string } | null;
  embeddingSignedOff: boolean;
  updateOverdue?: boolean;
  /** A not-started action this many days or fewer from its target date is amber. Default 14. */
  amberWindowDays?: number;
  /** Show embedded actions as blue (default) or, for councils that do not use blue, green. */
  useBlue?: boolean;
}

/** Rag is null only for a cancelled action: it is not being delivered, so it is neither on nor off track. */
export interface RagSuggestion {
  rag: Rag | null;
  reason: string;
}

/**
 * The RAG rating Waymark suggests from dates, status and the lead's latest update. The first rule that
 * applies wins:
 * 1. cancelled → no rating;
 * 2. embedded → blue (green without blue), or amber if its evidence is somehow not signed off;
 * 3. complete → amber, awaiting evidence of embedding (the design's "Amber E");
 * 4. not complete after its target date → red (on the target date itself it is not yet late);
 * 5. not started with amberWindowDays or fewer to go → amber;
 * 6. the lead officer's latest proposed rating (a proposed blue counts as green: blue needs sign-off);
 * 7. otherwise green;
 * and an overdue progress update turns a green from rules 6–7 into amber: silence is a risk.
 * Dates and people's judgement are ordered this way so that no proposal can hide a missed date.
 */
export function suggestRag(input: SuggestRagInput): RagSuggestion {
  const window = input.amberWindowDays ?? DEFAULT_AMBER_WINDOW_DAYS;
  if (!Number.isInteger(window) || window < 0)
    throw new RangeError(`amberWindowDays must be a whole number of days, 0 or more, not ${window}`);
  const daysLeft = daysBetween(input.today, input.currentTargetDate);
  const target = formatUkDate(input.currentTargetDate);

  switch (input.status) {
    case 'cancelled':
      return { rag: null, reason: 'Cancelled: a cancelled action has no RAG rating.' };
    case 'embedded':
      if (!input.embeddingSignedOff)
        return {
          rag: 'amber',
          reason: 'Marked embedded, but the evidence of embedding has not been signed off.',
        };
      return {
        rag: input.useBlue === false ? 'green' : 'blue',
        reason: 'Embedded: evidence that the change is now normal practice has been signed off.',
      };
    case 'complete':
      return {
        rag: 'amber',
        reason: input.embeddingSignedOff
          ? 'Complete, and the evidence of embedding is signed off: mark it embedded.'
          : 'Complete, awaiting evidence of embedding.',
      };
    case 'not_started':
    case 'in_progress':
      break;
  }

  if (daysLeft < 0)
    return {
      rag: 'red',
      reason: `Not complete, and past its target date of ${target} by ${plural(-daysLeft, 'day', 'days')}.`,
    };
  if (input.status === 'not_started' && daysLeft <= window)
    return {
      rag: 'amber',
      reason:
        daysLeft === 0
          ? `Not started, and due today (${target}).`
          : `Not started, and due in ${plural(daysLeft, 'day', 'days')} (${target}).`,
    };

  let rag: Rag;
  let reason: string;
  const update = input.latestUpdate;
  if (update) {
    const when = formatUkDate(londonDate(update.submittedAt));
    if (update.proposedRag === 'blue') {
      rag = 'green';
      reason = `Green: the lead officer proposed blue in the update of ${when}, but blue is kept for embedded actions`;
    } else {
      rag = update.proposedRag;
      reason = `${RAG_LABELS[rag]}, as the lead officer proposed in the update of ${when}`;
    }
  } else if (input.status === 'in_progress') {
    rag = 'green';
    reason = `In progress and on track for its target date of ${target}`;
  } else {
    rag = 'green';
    reason = `Not started, but its target date of ${target} is more than ${plural(window, 'day', 'days')} away`;
  }
  if (rag === 'green' && input.updateOverdue)
    return {
      rag: 'amber',
      reason: `${reason}; but a progress update is overdue, so amber until the lead officer reports.`,
    };
  return { rag, reason: `${reason}.` };
}

/**
 * Whoever sets a RAG rating other than the suggested one must say why, so the board can see a
 * judgement was made. Returns the error message, or null when the choice stands.
 * Blue cannot be chosen over a suggestion: it means signed-off embedding, which a reason cannot replace.
 */
export function checkRagOverride(suggested: Rag | null, chosen: Rag | null, reason?: string): string | null {
  if (chosen === suggested) return null;
  if (suggested === null) return 'A cancelled action has no RAG rating.';
  if (chosen === null) return 'Choose a RAG rating: only cancelled actions have none.';
  if (chosen === 'blue')
    return 'Blue is only for embedded actions whose evidence of embedding has been signed off.';
  const trimmed = (reason ?? '').trim();
  const what = `choosing ${RAG_LABELS[chosen].toLowerCase()} when the suggested rating is ${RAG_LABELS[suggested].toLowerCase()}`;
  if (trimmed === '') return `Give a reason for ${what}.`;
  if (trimmed.length < MIN_REASON_LENGTH)
    return `The reason for ${what} must be at least ${MIN_REASON_LENGTH} characters.`;
  return null;
}

/** The rules above in plain English, for the plan's help page and the docs. */
export function ragRulesText(options: { amberWindowDays?: number; useBlue?: boolean } = {}): string[] {
  const window = options.amberWindowDays ?? DEFAULT_AMBER_WINDOW_DAYS;
  const embedded = options.useBlue === false ? 'green' : 'blue';
  return [
    'The RAG rating and the delivery status are different things: the delivery status says where the work is (not started, in progress, complete, embedded or cancelled); the RAG rating says whether it is on track.',
    'A cancelled action has no RAG rating.',
    `An embedded action, complete with evidence that the change is now normal practice signed off, is ${embedded}.`,
    'A complete action stays amber until evidence that it is embedded has been signed off.',
    'An action that is not complete after its target date is red. On the target date itself it is not yet late.',
    `An action that has not started with ${plural(window, 'day', 'days')} or fewer to its target date is amber.`,
    'Otherwise the rating is the one the lead officer proposed in their latest progress update. Blue is kept for signed-off embedding, so a proposed blue counts as green.',
    'With no update yet, an action that is in progress, or not started but not yet close to its target date, is green.',
    'When a progress update is overdue, green becomes amber until the lead officer reports.',
    `Anyone who sets a rating different from the suggested one must give a reason of at least ${MIN_REASON_LENGTH} characters.`,
  ];
}

export const RAG_RULES_TEXT: string[] = ragRulesText();

// ---- Rescheduling ----

export interface RescheduleSummary {
  count: number;
  totalDaysSlipped: number;
  text: string;
}

/**
 * How far an action's target date has moved: the number of recorded changes and the net days from
 * the original to the current target date (negative when brought forward). The net figure comes from
 * the two dates rather than summing the changes, so it stays right if one change record is missing.
 */
export function rescheduleSummary(
  changes: readonly { oldDate: string; newDate: string }[],
  originalTargetDate: string,
  currentTargetDate: string,
): RescheduleSummary {
  const count = changes.length;
  const days = daysBetween(originalTargetDate, currentTargetDate);
  // U+2212, the minus sign, not a hyphen: it reads as a number and screen readers say "minus".
  const shift = days === 0 ? '' : `${days > 0 ? '+' : '\u2212'}${plural(Math.abs(days), 'day', 'days')}`;
  let text: string;
  if (count === 0)
    text = days === 0 ? 'Not rescheduled' : `Target date moved ${shift} with no recorded change`;
  else {
    const times = count === 1 ? 'once' : `${count} times`;
    text = `Rescheduled ${times}, ${days === 0 ? 'back to the original date' : shift}`;
  }
  return { count, totalDaysSlipped: days, text };
}

// ---- Progress update schedule ----

export const DEFAULT_UPDATE_CADENCE_DAYS = 42;
export const DEFAULT_DUE_SOON_DAYS = 7;

export interface UpdateScheduleInput {
  /** Days between update rounds; six-weekly by default. */
  cadenceDays?: number;
  planStart: string;
  /** The latest submitted update's date or time (a time is read as a UK date), or none yet. */
  lastSubmittedAt?: string | null;
  today: string;
  /** An update this many days or fewer from its due date is due soon. Default 7. */
  dueSoonDays?: number;
}

export interface UpdateSchedule {
  nextDueDate: string;
  state: 'not_due' | 'due_soon' | 'overdue';
  daysOverdue: number;
}

/**
 * When the next progress update is due. Update rounds fall on fixed dates for the whole plan — plan
 * start + 1, 2, 3… cadences — so every lead reports for the same board cycle ("three updates due
 * Friday"), rather than on a rolling date that drifts with each late return.
 * An update answers the round whose date is nearest to it: one sent a few days early answers the coming
 * round, one sent a few days late answers the missed round, and the next update is due at the round
 * after. (Up to half a cadence either way; an update in the first half of the first cycle answers no
 * round, so the first round is still due.) Only the latest submission is needed, and a lead who missed
 * several rounds owes one update, not one per round: an update reports the current position.
 */
export function updateSchedule(input: UpdateScheduleInput): UpdateSchedule {
  const cadence = input.cadenceDays ?? DEFAULT_UPDATE_CADENCE_DAYS;
  const dueSoon = input.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS;
  if (!Number.isInteger(cadence) || cadence < 1)
    throw new RangeError(`cadenceDays must be a whole number of days, 1 or more, not ${cadence}`);
  if (!Number.isInteger(dueSoon) || dueSoon < 0)
    throw new RangeError(`dueSoonDays must be a whole number of days, 0 or more, not ${dueSoon}`);
  let answered = 0;
  if (input.lastSubmittedAt) {
    const sinceStart = daysBetween(input.planStart, londonDate(input.lastSubmittedAt));
    answered = Math.max(0, Math.round(sinceStart / cadence));
  }
  const nextDueDate = addDays(input.planStart, (answered + 1) * cadence);
  const daysLeft = daysBetween(input.today, nextDueDate);
  if (daysLeft < 0) return { nextDueDate, state: 'overdue', daysOverdue: -daysLeft };
  return { nextDueDate, state: daysLeft <= dueSoon ? 'due_soon' : 'not_due', daysOverdue: 0 };
}
