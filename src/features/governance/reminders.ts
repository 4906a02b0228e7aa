// Reminders by email, once a day: progress updates due soon and overdue (to each action lead, one
// email per update round), meeting actions due and overdue (to their owners), and on the first run of
// each week a digest for every improvement lead. Each message names its subject (e.g.
// `updates-due:2026-11-27`); the notifications table lets each person be told about each subject
// once, so a second run, a second instance or a restart never sends the same reminder again.
import type { Database } from '../../db/client.js';
import { inTransaction } from '../../db/tx.js';
import type { NotificationRequest, NotificationService } from '../../platform/email/notifications.js';
import type { JobService, Schedule } from '../../platform/jobs/service.js';
import { paths } from '../../platform/paths.js';
import type { Organisation } from '../organisations/schema.js';
import type { OrganisationService } from '../organisations/service.js';
import { londonDay, type ActionView } from '../plan/derive.js';
import { addDays, formatUkDate } from '../plan/rules/rules.js';
import type { PlanService } from '../plan/service.js';
import type { GovernanceRepository } from './repository.js';
import type { GovernanceService } from './service.js';

const DUE_SOON_DAYS = 7;

/** ISO week of a date, e.g. '2026-W49': the digest's subject, so it goes once a week. */
export function isoWeek(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - day + 3);
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  const week =
    1 +
    Math.round(
      ((d.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7,
    );
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** 'Friday 27 November 2026'. */
export function weekdayDate(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  return `${d.toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' })} ${formatUkDate(iso)}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

export function reminderService(deps: {
  db: Database;
  organisations: OrganisationService;
  plan: PlanService;
  governance: GovernanceService;
  governanceRepo: GovernanceRepository;
  notifications: NotificationService;
  baseUrl: string;
}) {
  const { db, plan, notifications } = deps;
  const link = (path: string) => `${deps.baseUrl}${path}`;

  /** Every reminder one organisation's people should have on `today`. */
  async function remindersFor(
    org: Organisation,
    today: string,
  ): Promise<Omit<NotificationRequest, 'organisationId'>[]> {
    const out: Omit<NotificationRequest, 'organisationId'>[] = [];
    const { live } = await plan.versions(org.id);
    const loaded = live ? await plan.load(org.id, live.id, today) : null;
    const views = loaded?.views ?? [];

    // Progress updates: one email per lead per update round, due soon or overdue.
    const pending = views.filter((v) => v.schedule && v.schedule.state !== 'not_due');
    for (const [key, group] of groupBy(
      pending,
      (v) => `${v.action.leadEmail.toLowerCase()}|${v.schedule!.state}|${v.schedule!.nextDueDate}`,
    )) {
      const [email, state, due] = key.split('|') as [string, string, string];
      const overdue = state === 'overdue';
      const list = group.map((v: ActionView) => `- ${v.action.ref} ${v.action.title}`).join('\n');
      out.push({
        recipientEmail: email,
        subjectKey: `${overdue ? 'updates-overdue' : 'updates-due'}:${due}`,
        kind: overdue ? 'updates_overdue' : 'updates_due',
        subject: overdue
          ? `${plural(group.length, 'progress update')} overdue since ${weekdayDate(due)}`
          : `${plural(group.length, 'progress update')} due on ${weekdayDate(due)}`,
        text: [
          `${org.name}: ${overdue ? `these progress updates were due on ${weekdayDate(due)} and have not been sent` : `these progress updates are due on ${weekdayDate(due)}`}:`,
          '',
          list,
          '',
          `Send them from My actions: ${link(paths.plan.myActions(org.slug))}`,
        ].join('\n'),
      });
    }

    // Meeting actions with an owner's email: due within a week, or overdue.
    const actions = await deps.governanceRepo.openActionsDueBy(db, org.id, addDays(today, DUE_SOON_DAYS));
    for (const a of actions) {
      if (!a.ownerEmail || !a.dueDate) continue;
      const overdue = a.dueDate < today;
      out.push({
        recipientEmail: a.ownerEmail,
        subjectKey: `${overdue ? 'meeting-action-overdue' : 'meeting-action-due'}:${a.id}:${a.dueDate}`,
        kind: overdue ? 'meeting_action_overdue' : 'meeting_action_due',
        subject: overdue
          ? `Meeting action overdue since ${weekdayDate(a.dueDate)}`
          : `Meeting action due on ${weekdayDate(a.dueDate)}`,
        text: [
          `${org.name}: a board agreed this action with you as its owner:`,
          '',
          a.description,
          '',
          `Due: ${weekdayDate(a.dueDate)}${overdue ? ' (overdue)' : ''}`,
          `See it on the meeting's page: ${link(paths.governance.meeting(org.slug, a.meetingId))}`,
        ].join('\n'),
      });
    }

    // The weekly digest for improvement leads.
    const leads = (await plan.members(org.id)).filter((m) => m.role === 'improvement_lead');
    if (leads.length) {
      const [queue, challenges, log, forward, boards] = await Promise.all([
        live ? plan.reviewQueue(org.id) : Promise.resolve({ items: [] }),
        plan.challenges(org.id, 'not_closed'),
        deps.governance.actionLog(org.id, { status: 'open' }, today),
        deps.governance.forwardPlan(org.id, today),
        deps.governance.boards(org.id),
      ]);
      const s = loaded?.summary;
      const nextMeetings = (
        await Promise.all(
          boards.map(
            async (b) => (await deps.governance.board(org.id, b.board.id, today)).upcoming[0] ?? null,
          ),
        )
      )
        .map((m, i) => (m ? `- ${boards[i]!.board.name}: ${weekdayDate(m.meetingDate)}` : null))
        .filter(Boolean);
      const dueSoon = forward.filter(
        (f) => f.item.status !== 'done' && !f.overdue && f.item.dueDate <= addDays(today, 28),
      );
      const lines = [
        `${org.name}: the improvement programme this week (as at ${weekdayDate(today)}).`,
        '',
        s
          ? `Plan: ${plural(s.total, 'action')} — ${s.rag.red} red, ${s.rag.amber} amber, ${s.rag.green} green, ${s.rag.blue} blue; ${s.overdue} past their target date; ${plural(s.updatesOverdue, 'progress update')} overdue.`
          : 'Plan: no live improvement plan yet.',
        `Waiting for your review: ${plural(queue.items.length, 'progress update')}.`,
        `Open challenges: ${challenges.length}.`,
        `Meeting actions: ${log.length} open, ${log.filter((r) => r.overdue).length} overdue.`,
        `Forward plan: ${forward.filter((f) => f.overdue).length} reports overdue, ${dueSoon.length} due in the next four weeks.`,
        ...(nextMeetings.length ? ['', 'Next meetings:', ...(nextMeetings as string[])] : []),
        '',
        `Open Waymark: ${link(paths.plan.home(org.slug))}`,
      ];
      for (const lead of leads)
        out.push({
          recipientEmail: lead.email,
          subjectKey: `weekly-digest:${isoWeek(today)}`,
          kind: 'weekly_digest',
          subject: `Improvement programme weekly digest: week of ${formatUkDate(today)}`,
          text: lines.join('\n'),
        });
    }
    return out;
  }

  const service = {
    remindersFor,

    /** Sends what is due for every organisation; returns how many new notifications were queued. */
    async run(now: Date): Promise<number> {
      const today = londonDay(now);
      let queued = 0;
      for (const org of await deps.organisations.list()) {
        const reminders = await remindersFor(org, today);
        if (!reminders.length) continue;
        queued += await inTransaction(db, org.id, async (tx) => {
          let n = 0;
          for (const r of reminders)
            if (await notifications.notify(tx, { ...r, organisationId: org.id })) n++;
          return n;
        });
      }
      return queued;
    },

    /** Registers the daily run with the job runner: one run per UK calendar day. */
    register(jobs: JobService): void {
      const schedule: Schedule = {
        name: 'reminders',
        periodKey: (now) => londonDay(now),
        run: async (now) => {
          await service.run(now);
        },
      };
      jobs.registerSchedule(schedule);
    },
  };
  return service;
}

export type ReminderService = ReturnType<typeof reminderService>;
