// Governance: boards and committees, their meetings (agenda with standing items, minutes,
// resolutions, meeting actions), the forward plan of reports asked for, and board packs — drafted
// from the live record, then issued to a meeting and frozen (model and files stored, checksummed).
import { createHash } from 'node:crypto';
import type { Database } from '../../db/client.js';
import { inTransaction, expectOneUpdated } from '../../db/tx.js';
import type { Actor, AuditService } from '../../platform/audit/service.js';
import { ConflictError, NotFoundError, ValidationError, type ErrorDetail } from '../../platform/errors.js';
import { dateField, fail, textField } from '../../platform/validation.js';
import type { Organisation } from '../organisations/schema.js';
import { londonDay } from '../plan/derive.js';
import type { GovernanceRepository } from './repository.js';
import {
  MEETING_ACTION_STATUSES,
  MEETING_STATUSES,
  RESOLUTION_KINDS,
  type Board,
  type BoardPack,
  type MeetingActionStatus,
  type MeetingStatus,
  type ResolutionKind,
} from './schema.js';
import {
  BOARD_KINDS,
  DEFAULT_SECTIONS,
  NARRATIVE_FIELDS,
  PACK_SECTIONS,
  defaultNarrative,
  type BoardKind,
  type PackModel,
  type PackNarrative,
  type PackSection,
} from './pack/model.js';
import { buildPackModel, meetingTitle, type PackSources } from './pack/build.js';
import { packChanges } from './pack/changes.js';
import { renderPackHtml } from './pack/html.js';
import { renderPackDocx } from './pack/docx.js';
import { renderPackXlsx } from './pack/xlsx.js';
import { chromiumAvailable, printPdf } from './pack/pdf.js';

export interface GovernanceCaller {
  actor: Actor;
  userId: string | null;
}

export const PACK_FORMATS = ['html', 'pdf', 'docx', 'xlsx'] as const;
export type PackFormat = (typeof PACK_FORMATS)[number];

export const CONTENT_TYPES: Record<PackFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface PackFile {
  filename: string;
  contentType: string;
  data: Buffer;
  sha256: string;
}

export const DEFAULT_STANDING_ITEMS = [
  'Welcome, introductions and apologies',
  'Minutes of the last meeting and the action log',
  'Improvement plan progress (board pack)',
  'Performance scorecard and key indicators',
  'Quality assurance and practice',
  'Forward plan',
];

export const DEFAULT_PACK_TITLE = "Children's services improvement: progress report";

export interface BoardInput {
  name?: string;
  kind?: string;
  description?: string;
  standingItems?: string;
  sections?: string[];
}

export interface MemberInput {
  name?: string;
  role?: string;
  email?: string;
  isChair?: boolean;
  isIndependent?: boolean;
}

export interface ResolutionInput {
  kind?: string;
  text?: string;
  agendaItemId?: string;
  /** "Update report in N months": puts a report on the board's forward plan, due then. */
  followUpMonths?: string;
  followUpTitle?: string;
}

export interface MeetingActionInput {
  description?: string;
  ownerName?: string;
  ownerEmail?: string;
  dueDate?: string;
}

export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/** The last day of the month before `iso`: a pack for a meeting reports the month just ended. */
export function previousMonthEnd(iso: string): string {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 0)).toISOString().slice(0, 10);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function governanceService(deps: {
  db: Database;
  repo: GovernanceRepository;
  audit: AuditService;
  sources: PackSources;
  chromiumPath: string;
}) {
  const { db, repo, audit, sources } = deps;

  const today = () => londonDay(new Date());

  async function record(
    tx: Parameters<AuditService['record']>[0],
    caller: GovernanceCaller,
    organisationId: string,
    action: string,
    entityType: string,
    entityId: string,
    before: unknown,
    after: unknown,
  ) {
    await audit.record(tx, caller.actor, { organisationId, action, entityType, entityId, before, after });
  }

  async function boardOrThrow(organisationId: string, id: string): Promise<Board> {
    const board = await repo.board(db, organisationId, id);
    if (!board) throw new NotFoundError('There is no such board or committee');
    return board;
  }

  async function meetingOrThrow(organisationId: string, id: string) {
    const meeting = await repo.meeting(db, organisationId, id);
    if (!meeting) throw new NotFoundError('There is no such meeting');
    return meeting;
  }

  async function packOrThrow(organisationId: string, id: string): Promise<BoardPack> {
    const pack = await repo.pack(db, organisationId, id);
    if (!pack) throw new NotFoundError('There is no such board pack');
    return pack;
  }

  function validateBoard(input: BoardInput, details: ErrorDetail[]) {
    const name = textField(input.name, 'name', 'the name of the board or committee', 120, details);
    const kind = (input.kind ?? '') as BoardKind;
    if (!BOARD_KINDS.includes(kind))
      details.push({ path: 'kind', message: 'Choose what kind of board this is' });
    const description = textField(input.description, 'description', 'the description', 2000, details, false);
    const standingItems = (input.standingItems ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    if (standingItems.length > 30)
      details.push({ path: 'standingItems', message: 'Give up to 30 standing items' });
    if (standingItems.some((s) => s.length > 200))
      details.push({ path: 'standingItems', message: 'Each standing item must be 200 characters or fewer' });
    return { name, kind, description, standingItems };
  }

  function validateSections(values: string[] | undefined, details: ErrorDetail[]): PackSection[] | null {
    if (values === undefined) return null;
    const chosen = PACK_SECTIONS.filter((s) => values.includes(s));
    if (values.some((v) => !(PACK_SECTIONS as readonly string[]).includes(v)))
      details.push({ path: 'sections', message: 'Choose sections from the list' });
    else if (chosen.length === 0)
      details.push({ path: 'sections', message: 'Choose at least one section for the pack' });
    return chosen;
  }

  async function uniqueName(organisationId: string, name: string, exceptId?: string) {
    const existing = await repo.boardByName(db, organisationId, name);
    if (existing && existing.id !== exceptId)
      fail('The board could not be saved', [
        { path: 'name', message: `There is already a board called ${existing.name}` },
      ]);
  }

  async function packInputs(org: Organisation, board: Board, meetingId: string | null) {
    const [members, meetings, meetingActions, forwardPlan] = await Promise.all([
      repo.members(db, org.id, [board.id]),
      repo.meetings(db, org.id, board.id),
      repo.meetingActions(db, org.id),
      repo.forwardPlan(db, org.id, { boardId: board.id }),
    ]);
    const boardMeetingIds = new Set(meetings.map((m) => m.id));
    return {
      members,
      meetings,
      meeting: meetings.find((m) => m.id === meetingId) ?? null,
      meetingActions: meetingActions.filter((a) => boardMeetingIds.has(a.meetingId)),
      forwardPlan,
    };
  }

  async function modelFor(org: Organisation, pack: BoardPack): Promise<PackModel> {
    if (pack.model) return pack.model;
    const board = await boardOrThrow(org.id, pack.boardId);
    const inputs = await packInputs(org, board, pack.meetingId);
    return buildPackModel(sources, {
      organisation: org,
      board,
      ...inputs,
      asAt: pack.asAt,
      title: pack.title,
      narrative: pack.narrative,
    });
  }

  async function previousModel(organisationId: string, pack: BoardPack): Promise<PackModel | null> {
    const previous = await repo.previousIssued(db, organisationId, pack.boardId, pack.asAt, pack.id);
    if (!previous?.model) return null;
    // A pack issued later than this one is not "the last pack" for it, even with an earlier date.
    if (pack.issuedAt && previous.issuedAt && previous.issuedAt > pack.issuedAt) return null;
    return previous.model;
  }

  async function render(
    model: PackModel,
    format: PackFormat,
    changes: ReturnType<typeof packChanges> | null,
    issuedAt: Date | null,
  ) {
    switch (format) {
      case 'html':
        return Buffer.from(renderPackHtml(model, { changes, issuedAt }), 'utf8');
      case 'docx':
        return renderPackDocx(model);
      case 'xlsx':
        return renderPackXlsx(model);
      case 'pdf':
        return printPdf(renderPackHtml(model, { changes, issuedAt }), {
          executablePath: deps.chromiumPath,
          footer: `${model.organisation.name} · ${model.title}`,
        });
    }
  }

  function filename(model: PackModel, format: PackFormat) {
    const board = model.board.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    return `${model.organisation.slug}-${board}-pack-${model.asAt}.${format}`;
  }

  const service = {
    today,

    // ---- Boards ----
    async boards(organisationId: string) {
      const [all, members] = await Promise.all([
        repo.boards(db, organisationId),
        repo.members(db, organisationId),
      ]);
      return all.map((board) => ({
        board,
        members: members.filter((m) => m.boardId === board.id),
        chair: members.find((m) => m.boardId === board.id && m.isChair) ?? null,
      }));
    },

    async board(organisationId: string, id: string, now = today()) {
      const board = await boardOrThrow(organisationId, id);
      const [members, meetings, forwardPlan, packs] = await Promise.all([
        repo.members(db, organisationId, [id]),
        repo.meetings(db, organisationId, id),
        repo.forwardPlan(db, organisationId, { boardId: id }),
        repo.packs(db, organisationId, id),
      ]);
      return {
        board,
        members,
        chair: members.find((m) => m.isChair) ?? null,
        meetings,
        upcoming: meetings.filter((m) => m.meetingDate >= now && m.status === 'scheduled').reverse(),
        past: meetings.filter((m) => m.meetingDate < now || m.status !== 'scheduled'),
        forwardPlan: forwardPlan.map((f) => ({ item: f, overdue: f.status !== 'done' && f.dueDate < now })),
        packs,
      };
    },

    async createBoard(caller: GovernanceCaller, organisationId: string, input: BoardInput) {
      const details: ErrorDetail[] = [];
      const values = validateBoard(input, details);
      const sections = validateSections(input.sections, details);
      if (details.length) fail('The board could not be saved', details);
      await uniqueName(organisationId, values.name);
      return inTransaction(db, organisationId, async (tx) => {
        const board = await repo.insertBoard(tx, {
          organisationId,
          ...values,
          standingItems: values.standingItems.length ? values.standingItems : DEFAULT_STANDING_ITEMS,
          sections: sections ?? [...DEFAULT_SECTIONS[values.kind]],
        });
        await record(tx, caller, organisationId, 'board.created', 'board', board.id, null, board);
        return board;
      });
    },

    async updateBoard(
      caller: GovernanceCaller,
      organisationId: string,
      id: string,
      expectedVersion: number,
      input: BoardInput,
    ) {
      const before = await boardOrThrow(organisationId, id);
      const details: ErrorDetail[] = [];
      const values = validateBoard(input, details);
      const sections = validateSections(input.sections ?? [], details);
      if (details.length) fail('The board could not be saved', details);
      await uniqueName(organisationId, values.name, id);
      return inTransaction(db, organisationId, async (tx) => {
        const board = await repo.updateBoard(tx, organisationId, id, expectedVersion, {
          ...values,
          sections: sections!,
        });
        expectOneUpdated(board ? [board] : [], 'board');
        await record(tx, caller, organisationId, 'board.updated', 'board', id, before, board);
        return board!;
      });
    },

    async addMember(caller: GovernanceCaller, organisationId: string, boardId: string, input: MemberInput) {
      await boardOrThrow(organisationId, boardId);
      const details: ErrorDetail[] = [];
      const name = textField(input.name, 'name', 'the member’s name', 120, details);
      const role = textField(input.role, 'role', 'the member’s role', 120, details, false);
      const email = (input.email ?? '').trim().toLowerCase();
      if (email && !EMAIL.test(email))
        details.push({
          path: 'email',
          message: 'Enter an email address in the correct format, like name@example.org',
        });
      if (details.length) fail('The member could not be added', details);
      return inTransaction(db, organisationId, async (tx) => {
        if (input.isChair) await repo.clearChair(tx, organisationId, boardId);
        const member = await repo.insertMember(tx, {
          organisationId,
          boardId,
          name,
          role,
          email: email || null,
          isChair: Boolean(input.isChair),
          isIndependent: Boolean(input.isIndependent),
        });
        await record(tx, caller, organisationId, 'board.member_added', 'board', boardId, null, member);
        return member;
      });
    },

    async removeMember(caller: GovernanceCaller, organisationId: string, boardId: string, memberId: string) {
      return inTransaction(db, organisationId, async (tx) => {
        const removed = await repo.deleteMember(tx, organisationId, boardId, memberId);
        if (!removed) throw new NotFoundError('There is no such member of this board');
        await record(tx, caller, organisationId, 'board.member_removed', 'board', boardId, removed, null);
        return removed;
      });
    },

    // ---- Meetings ----
    async createMeeting(
      caller: GovernanceCaller,
      organisationId: string,
      boardId: string,
      input: { meetingDate?: string; location?: string },
    ) {
      const board = await boardOrThrow(organisationId, boardId);
      const details: ErrorDetail[] = [];
      const meetingDate = dateField(input.meetingDate, 'meetingDate', 'the date of the meeting', details);
      const location = textField(input.location, 'location', 'the location', 200, details, false);
      if (details.length) fail('The meeting could not be saved', details);
      return inTransaction(db, organisationId, async (tx) => {
        const meeting = await repo.insertMeeting(tx, {
          organisationId,
          boardId,
          meetingDate: meetingDate!,
          location,
        });
        // Standing items first, then every report the forward plan has due by this meeting.
        const due = (await repo.forwardPlan(tx, organisationId, { boardId, notDone: true })).filter(
          (f) => f.status === 'planned' && f.dueDate <= meetingDate!,
        );
        const items = [
          ...board.standingItems.map((title) => ({ title, standing: true, forwardPlanItemId: null })),
          ...due.map((f) => ({
            title: `Update report: ${f.title}`,
            standing: false,
            forwardPlanItemId: f.id,
          })),
        ];
        await repo.insertAgendaItems(
          tx,
          items.map((item, i) => ({ organisationId, meetingId: meeting.id, position: i + 1, ...item })),
        );
        for (const f of due)
          await repo.updateForwardPlanItem(tx, organisationId, f.id, f.version, {
            status: 'scheduled',
            scheduledMeetingId: meeting.id,
          });
        await record(tx, caller, organisationId, 'meeting.created', 'meeting', meeting.id, null, {
          ...meeting,
          agenda: items.map((i) => i.title),
        });
        return meeting;
      });
    },

    async meeting(organisationId: string, id: string) {
      const meeting = await meetingOrThrow(organisationId, id);
      const [board, agenda, resolutions, actions, pack, asked, members] = await Promise.all([
        boardOrThrow(organisationId, meeting.boardId),
        repo.agenda(db, organisationId, id),
        repo.resolutions(db, organisationId, id),
        repo.meetingActions(db, organisationId, { meetingId: id }),
        repo.packForMeeting(db, organisationId, id),
        repo.forwardPlan(db, organisationId, { boardId: meeting.boardId }),
        repo.members(db, organisationId, [meeting.boardId]),
      ]);
      const now = today();
      return {
        meeting,
        board,
        members,
        title: meetingTitle(board, meeting),
        agenda,
        resolutions,
        actions: actions.map((a) => ({
          action: a,
          overdue: a.status === 'open' && !!a.dueDate && a.dueDate < now,
        })),
        pack,
        followUps: asked.filter((f) => f.sourceMeetingId === id),
      };
    },

    async updateMeeting(
      caller: GovernanceCaller,
      organisationId: string,
      id: string,
      expectedVersion: number,
      input: { meetingDate?: string; location?: string; status?: string; minutes?: string },
    ) {
      const before = await meetingOrThrow(organisationId, id);
      const details: ErrorDetail[] = [];
      const meetingDate = dateField(input.meetingDate, 'meetingDate', 'the date of the meeting', details);
      const location = textField(input.location, 'location', 'the location', 200, details, false);
      const minutes = textField(input.minutes, 'minutes', 'the minutes', 50_000, details, false);
      const status = (input.status ?? before.status) as MeetingStatus;
      if (!MEETING_STATUSES.includes(status))
        details.push({
          path: 'status',
          message: 'Choose whether the meeting is scheduled, held or cancelled',
        });
      if (details.length) fail('The meeting could not be saved', details);
      return inTransaction(db, organisationId, async (tx) => {
        const meeting = await repo.updateMeeting(tx, organisationId, id, expectedVersion, {
          meetingDate: meetingDate!,
          location,
          status,
          minutes,
        });
        expectOneUpdated(meeting ? [meeting] : [], 'meeting');
        await record(tx, caller, organisationId, 'meeting.updated', 'meeting', id, before, meeting);
        return meeting!;
      });
    },

    async addAgendaItem(
      caller: GovernanceCaller,
      organisationId: string,
      meetingId: string,
      input: { title?: string; presenter?: string },
    ) {
      await meetingOrThrow(organisationId, meetingId);
      const details: ErrorDetail[] = [];
      const title = textField(input.title, 'title', 'the agenda item', 200, details);
      const presenter = textField(input.presenter, 'presenter', 'who presents it', 120, details, false);
      if (details.length) fail('The agenda item could not be added', details);
      return inTransaction(db, organisationId, async (tx) => {
        const agenda = await repo.agenda(tx, organisationId, meetingId);
        const [item] = await repo.insertAgendaItems(tx, [
          { organisationId, meetingId, title, presenter, position: (agenda.at(-1)?.position ?? 0) + 1 },
        ]);
        await record(
          tx,
          caller,
          organisationId,
          'meeting.agenda_item_added',
          'meeting',
          meetingId,
          null,
          item,
        );
        return item!;
      });
    },

    async removeAgendaItem(
      caller: GovernanceCaller,
      organisationId: string,
      meetingId: string,
      itemId: string,
    ) {
      return inTransaction(db, organisationId, async (tx) => {
        const removed = await repo.deleteAgendaItem(tx, organisationId, meetingId, itemId);
        if (!removed) throw new NotFoundError('There is no such agenda item');
        if (removed.forwardPlanItemId) {
          const f = await repo.forwardPlanItem(tx, organisationId, removed.forwardPlanItemId);
          if (f && f.status === 'scheduled')
            await repo.updateForwardPlanItem(tx, organisationId, f.id, f.version, {
              status: 'planned',
              scheduledMeetingId: null,
            });
        }
        await record(
          tx,
          caller,
          organisationId,
          'meeting.agenda_item_removed',
          'meeting',
          meetingId,
          removed,
          null,
        );
        return removed;
      });
    },

    async addResolution(
      caller: GovernanceCaller,
      organisationId: string,
      meetingId: string,
      input: ResolutionInput,
    ) {
      const meeting = await meetingOrThrow(organisationId, meetingId);
      const details: ErrorDetail[] = [];
      const kind = (input.kind ?? '') as ResolutionKind;
      if (!RESOLUTION_KINDS.includes(kind))
        details.push({
          path: 'kind',
          message: 'Choose whether the meeting noted, approved, agreed or recommended it',
        });
      const text = textField(input.text, 'text', 'what the meeting resolved', 4000, details);
      const monthsText = (input.followUpMonths ?? '').trim();
      const months = monthsText === '' ? null : /^\d{1,2}$/.test(monthsText) ? Number(monthsText) : NaN;
      if (months !== null && !(months >= 1 && months <= 24))
        details.push({
          path: 'followUpMonths',
          message: 'Enter the number of months until the update report, from 1 to 24',
        });
      const followUpTitle = textField(
        input.followUpTitle,
        'followUpTitle',
        'the title of the update report',
        200,
        details,
        months !== null,
      );
      let agendaItemId: string | null = null;
      if (input.agendaItemId) {
        const agenda = await repo.agenda(db, organisationId, meetingId);
        if (!agenda.some((a) => a.id === input.agendaItemId))
          details.push({ path: 'agendaItemId', message: 'Choose an agenda item of this meeting' });
        else agendaItemId = input.agendaItemId;
      }
      if (details.length) fail('The resolution could not be recorded', details);
      return inTransaction(db, organisationId, async (tx) => {
        const resolution = await repo.insertResolution(tx, {
          organisationId,
          meetingId,
          agendaItemId,
          kind,
          text,
          createdBy: caller.userId,
        });
        const followUp =
          months !== null
            ? await repo.insertForwardPlanItem(tx, {
                organisationId,
                boardId: meeting.boardId,
                title: followUpTitle,
                dueDate: addMonths(meeting.meetingDate, months),
                sourceMeetingId: meetingId,
                resolutionId: resolution.id,
              })
            : null;
        await record(tx, caller, organisationId, 'meeting.resolution_recorded', 'meeting', meetingId, null, {
          resolution,
          followUp,
        });
        return { resolution, followUp };
      });
    },

    // ---- Meeting actions ----
    async addMeetingAction(
      caller: GovernanceCaller,
      organisationId: string,
      meetingId: string,
      input: MeetingActionInput,
    ) {
      await meetingOrThrow(organisationId, meetingId);
      const details: ErrorDetail[] = [];
      const description = textField(input.description, 'description', 'what needs to be done', 2000, details);
      const ownerName = textField(input.ownerName, 'ownerName', 'who owns the action', 120, details);
      const ownerEmail = (input.ownerEmail ?? '').trim().toLowerCase();
      if (ownerEmail && !EMAIL.test(ownerEmail))
        details.push({
          path: 'ownerEmail',
          message: 'Enter an email address in the correct format, like name@example.org',
        });
      const dueDate = dateField(input.dueDate, 'dueDate', 'the due date', details, false);
      if (details.length) fail('The meeting action could not be added', details);
      return inTransaction(db, organisationId, async (tx) => {
        const action = await repo.insertMeetingAction(tx, {
          organisationId,
          meetingId,
          description,
          ownerName,
          ownerEmail: ownerEmail || null,
          dueDate,
        });
        await record(
          tx,
          caller,
          organisationId,
          'meeting_action.created',
          'meeting_action',
          action.id,
          null,
          action,
        );
        return action;
      });
    },

    async setMeetingActionStatus(
      caller: GovernanceCaller,
      organisationId: string,
      id: string,
      expectedVersion: number,
      input: { status?: string; note?: string },
    ) {
      const before = await repo.meetingAction(db, organisationId, id);
      if (!before) throw new NotFoundError('There is no such meeting action');
      const details: ErrorDetail[] = [];
      const status = (input.status ?? '') as MeetingActionStatus;
      if (!MEETING_ACTION_STATUSES.includes(status))
        details.push({ path: 'status', message: 'Choose whether the action is open, done or dropped' });
      const note = textField(input.note, 'note', 'the note', 2000, details, status === 'dropped');
      if (details.length) fail('The meeting action could not be updated', details);
      return inTransaction(db, organisationId, async (tx) => {
        const action = await repo.updateMeetingAction(tx, organisationId, id, expectedVersion, {
          status,
          note,
          completedOn: status === 'open' ? null : today(),
        });
        expectOneUpdated(action ? [action] : [], 'meeting action');
        await record(
          tx,
          caller,
          organisationId,
          'meeting_action.updated',
          'meeting_action',
          id,
          before,
          action,
        );
        return action!;
      });
    },

    /** Every meeting action, open ones first by due date, with its meeting and board. */
    async actionLog(
      organisationId: string,
      filter: { status?: 'open' | 'overdue' | 'closed' } = {},
      now = today(),
    ) {
      const [actions, meetings, boards] = await Promise.all([
        repo.meetingActions(db, organisationId),
        repo.meetings(db, organisationId),
        repo.boards(db, organisationId),
      ]);
      const rows = actions.map((action) => {
        const meeting = meetings.find((m) => m.id === action.meetingId)!;
        const board = boards.find((b) => b.id === meeting.boardId)!;
        return {
          action,
          meeting,
          board,
          meetingTitle: meetingTitle(board, meeting),
          overdue: action.status === 'open' && !!action.dueDate && action.dueDate < now,
        };
      });
      return rows.filter((r) =>
        filter.status === 'open'
          ? r.action.status === 'open'
          : filter.status === 'overdue'
            ? r.overdue
            : filter.status === 'closed'
              ? r.action.status !== 'open'
              : true,
      );
    },

    // ---- Forward plan ----
    async forwardPlan(organisationId: string, now = today()) {
      const [items, boards, meetings] = await Promise.all([
        repo.forwardPlan(db, organisationId),
        repo.boards(db, organisationId),
        repo.meetings(db, organisationId),
      ]);
      return items.map((item) => {
        const board = boards.find((b) => b.id === item.boardId)!;
        const source = meetings.find((m) => m.id === item.sourceMeetingId) ?? null;
        const scheduled = meetings.find((m) => m.id === item.scheduledMeetingId) ?? null;
        return {
          item,
          board,
          source: source ? { meeting: source, title: meetingTitle(board, source) } : null,
          scheduled: scheduled ? { meeting: scheduled, title: meetingTitle(board, scheduled) } : null,
          overdue: item.status !== 'done' && item.dueDate < now,
        };
      });
    },

    async addForwardPlanItem(
      caller: GovernanceCaller,
      organisationId: string,
      boardId: string,
      input: { title?: string; dueDate?: string },
    ) {
      await boardOrThrow(organisationId, boardId);
      const details: ErrorDetail[] = [];
      const title = textField(input.title, 'title', 'the report', 200, details);
      const dueDate = dateField(input.dueDate, 'dueDate', 'the date it is due', details);
      if (details.length) fail('The forward plan item could not be added', details);
      return inTransaction(db, organisationId, async (tx) => {
        const item = await repo.insertForwardPlanItem(tx, {
          organisationId,
          boardId,
          title,
          dueDate: dueDate!,
        });
        await record(
          tx,
          caller,
          organisationId,
          'forward_plan.added',
          'forward_plan_item',
          item.id,
          null,
          item,
        );
        return item;
      });
    },

    async completeForwardPlanItem(
      caller: GovernanceCaller,
      organisationId: string,
      id: string,
      expectedVersion: number,
    ) {
      const before = await repo.forwardPlanItem(db, organisationId, id);
      if (!before) throw new NotFoundError('There is no such forward plan item');
      return inTransaction(db, organisationId, async (tx) => {
        const item = await repo.updateForwardPlanItem(tx, organisationId, id, expectedVersion, {
          status: 'done',
        });
        expectOneUpdated(item ? [item] : [], 'forward plan item');
        await record(tx, caller, organisationId, 'forward_plan.done', 'forward_plan_item', id, before, item);
        return item!;
      });
    },

    // ---- Board packs ----
    packs: (organisationId: string, boardId?: string) => repo.packs(db, organisationId, boardId),

    async preparePack(caller: GovernanceCaller, org: Organisation, meetingId: string) {
      const meeting = await meetingOrThrow(org.id, meetingId);
      const board = await boardOrThrow(org.id, meeting.boardId);
      const existing = await repo.packForMeeting(db, org.id, meetingId);
      if (existing) return existing;
      const asAt = [previousMonthEnd(meeting.meetingDate), today()].sort()[0]!;
      try {
        return await inTransaction(db, org.id, async (tx) => {
          const pack = await repo.insertPack(tx, {
            organisationId: org.id,
            boardId: board.id,
            meetingId,
            title: DEFAULT_PACK_TITLE,
            asAt,
            narrative: defaultNarrative({ boardName: board.name, organisationName: org.name, asAt }),
            createdBy: caller.userId,
          });
          await record(tx, caller, org.id, 'board_pack.drafted', 'board_pack', pack.id, null, {
            meetingId,
            asAt,
          });
          return pack;
        });
      } catch (error) {
        // Two people pressed "prepare" at once: the unique meeting index let one in; show that one.
        const raced = await repo.packForMeeting(db, org.id, meetingId);
        if (raced) return raced;
        throw error;
      }
    },

    async updatePack(
      caller: GovernanceCaller,
      organisationId: string,
      id: string,
      expectedVersion: number,
      input: { title?: string; asAt?: string; narrative?: Partial<Record<string, string>> },
    ) {
      const before = await packOrThrow(organisationId, id);
      if (before.status === 'issued')
        throw new ValidationError(
          'This pack has been issued, so it cannot be changed. Prepare the next meeting’s pack instead.',
        );
      const details: ErrorDetail[] = [];
      const title = textField(input.title, 'title', 'the title of the pack', 200, details);
      const asAt = dateField(input.asAt, 'asAt', 'the date the data is as at', details);
      if (asAt && asAt > today())
        details.push({ path: 'asAt', message: 'The date the data is as at must be today or in the past' });
      const narrative = {} as PackNarrative;
      for (const f of NARRATIVE_FIELDS) {
        narrative[f] = textField(
          input.narrative?.[f],
          f,
          'the text',
          f === 'leadOfficer' ? 200 : 10_000,
          details,
          false,
        );
      }
      if (details.length) fail('The pack could not be saved', details);
      return inTransaction(db, organisationId, async (tx) => {
        const pack = await repo.updatePack(tx, organisationId, id, expectedVersion, {
          title,
          asAt: asAt!,
          narrative,
        });
        expectOneUpdated(pack ? [pack] : [], 'board pack');
        await record(
          tx,
          caller,
          organisationId,
          'board_pack.updated',
          'board_pack',
          id,
          before.narrative,
          narrative,
        );
        return pack!;
      });
    },

    /** A pack with its model (live for a draft, frozen for an issued pack) and what changed since the last one. */
    async pack(org: Organisation, id: string) {
      const pack = await packOrThrow(org.id, id);
      const [board, meeting, model, previous] = await Promise.all([
        boardOrThrow(org.id, pack.boardId),
        meetingOrThrow(org.id, pack.meetingId),
        modelFor(org, pack),
        previousModel(org.id, pack),
      ]);
      const documents = pack.status === 'issued' ? await service.packDocuments(org.id, pack) : [];
      return { pack, board, meeting, model, changes: packChanges(previous, model), documents };
    },

    async packDocuments(organisationId: string, pack: BoardPack) {
      const ids: [PackFormat, string | null][] = [
        ['html', pack.htmlDocumentId],
        ['pdf', pack.pdfDocumentId],
        ['docx', pack.docxDocumentId],
        ['xlsx', pack.xlsxDocumentId],
      ];
      const out: { format: PackFormat; filename: string; sizeBytes: number; sha256: string }[] = [];
      for (const [format, docId] of ids) {
        if (!docId) continue;
        const doc = await repo.document(db, organisationId, docId);
        if (doc) out.push({ format, filename: doc.filename, sizeBytes: doc.sizeBytes, sha256: doc.sha256 });
      }
      return out;
    },

    /**
     * Issues a pack to its meeting: the model is built once more as at the pack's date, every file is
     * rendered from it, and model and files are stored with their checksums. From then on the pack is
     * served only from what was stored. The PDF is printed now where Chromium is installed; otherwise
     * on first download, from the stored HTML, so it still shows exactly what was issued.
     */
    async issuePack(
      caller: GovernanceCaller,
      org: Organisation,
      id: string,
      expectedVersion: number,
      options: { printPdf?: boolean } = {},
    ) {
      const draft = await packOrThrow(org.id, id);
      if (draft.status === 'issued') throw new ConflictError('This pack has already been issued.');
      if (draft.version !== expectedVersion)
        throw new ConflictError(
          'Someone else changed this board pack since you opened it, so it was not issued. Reload to see their changes and try again.',
        );
      const issuedAt = new Date();
      const model = await modelFor(org, draft);
      const changes = packChanges(await previousModel(org.id, draft), model);
      const html = Buffer.from(renderPackHtml(model, { changes, issuedAt }), 'utf8');
      const [docx, xlsx] = await Promise.all([renderPackDocx(model), renderPackXlsx(model)]);
      const pdf =
        options.printPdf !== false && chromiumAvailable(deps.chromiumPath)
          ? await printPdf(html.toString('utf8'), {
              executablePath: deps.chromiumPath,
              footer: `${model.organisation.name} · ${model.title}`,
            })
          : null;
      return inTransaction(db, org.id, async (tx) => {
        const store = async (format: PackFormat, data: Buffer) =>
          repo.insertDocument(tx, {
            organisationId: org.id,
            filename: filename(model, format),
            contentType: CONTENT_TYPES[format],
            sizeBytes: data.length,
            sha256: sha256(data),
            data,
            uploadedBy: caller.userId,
          });
        const [h, d, x] = [await store('html', html), await store('docx', docx), await store('xlsx', xlsx)];
        const p = pdf ? await store('pdf', pdf) : null;
        const pack = await repo.updatePack(tx, org.id, id, expectedVersion, {
          status: 'issued',
          model,
          issuedAt,
          issuedBy: caller.userId,
          htmlDocumentId: h.id,
          docxDocumentId: d.id,
          xlsxDocumentId: x.id,
          pdfDocumentId: p?.id ?? null,
        });
        expectOneUpdated(pack ? [pack] : [], 'board pack');
        await record(tx, caller, org.id, 'board_pack.issued', 'board_pack', id, null, {
          asAt: model.asAt,
          files: [h, d, x, p]
            .filter(Boolean)
            .map((doc) => ({ filename: doc!.filename, sha256: doc!.sha256 })),
        });
        return pack!;
      });
    },

    /** A pack's file: the stored one for an issued pack, rendered now for a draft. */
    async packFile(org: Organisation, id: string, format: PackFormat): Promise<PackFile> {
      const pack = await packOrThrow(org.id, id);
      if (pack.status === 'draft') {
        const model = await modelFor(org, pack);
        const changes = packChanges(await previousModel(org.id, pack), model);
        const data = await render(model, format, changes, null);
        return {
          filename: filename(model, format).replace(/\.(\w+)$/, '-draft.$1'),
          contentType: CONTENT_TYPES[format],
          data,
          sha256: sha256(data),
        };
      }
      const docId = {
        html: pack.htmlDocumentId,
        docx: pack.docxDocumentId,
        xlsx: pack.xlsxDocumentId,
        pdf: pack.pdfDocumentId,
      }[format];
      if (!docId && format === 'pdf') {
        const html = await repo.document(db, org.id, pack.htmlDocumentId!);
        const data = await printPdf(html!.data.toString('utf8'), {
          executablePath: deps.chromiumPath,
          footer: `${pack.model!.organisation.name} · ${pack.model!.title}`,
        });
        await inTransaction(db, org.id, async (tx) => {
          const doc = await repo.insertDocument(tx, {
            organisationId: org.id,
            filename: filename(pack.model!, 'pdf'),
            contentType: CONTENT_TYPES.pdf,
            sizeBytes: data.length,
            sha256: sha256(data),
            data,
          });
          // Someone else printed it first: keep theirs, so the pack has one PDF.
          if (!(await repo.attachPdf(tx, org.id, id, doc.id))) await repo.deleteDocument(tx, org.id, doc.id);
        });
        return service.packFile(org, id, format);
      }
      const doc = await repo.document(db, org.id, docId!);
      if (!doc) throw new NotFoundError('The stored file of this pack is missing');
      return { filename: doc.filename, contentType: doc.contentType, data: doc.data, sha256: doc.sha256 };
    },

    /**
     * A pack for a board as at a date, not stored anywhere (the command line, and previews of a
     * board's pack before any meeting is set up). Without a board, the Improvement Board's choice of
     * sections (every section).
     */
    async adhocPack(org: Organisation, input: { boardId?: string | null; asAt: string; format: PackFormat }) {
      const board: Board = input.boardId
        ? await boardOrThrow(org.id, input.boardId)
        : ((await repo.boards(db, org.id)).find((b) => b.kind === 'improvement_board') ?? {
            id: '00000000-0000-0000-0000-000000000000',
            organisationId: org.id,
            name: 'Improvement Board',
            kind: 'improvement_board',
            description: '',
            sections: [...PACK_SECTIONS],
            standingItems: [],
            createdAt: new Date(0),
            updatedAt: new Date(0),
            version: 1,
          });
      const inputs = await packInputs(org, board, null);
      const model = await buildPackModel(sources, {
        organisation: org,
        board,
        ...inputs,
        asAt: input.asAt,
        title: DEFAULT_PACK_TITLE,
        narrative: defaultNarrative({ boardName: board.name, organisationName: org.name, asAt: input.asAt }),
      });
      const data = await render(model, input.format, null, null);
      return {
        model,
        data,
        filename: filename(model, input.format),
        contentType: CONTENT_TYPES[input.format],
      };
    },
  };
  return service;
}

export type GovernanceService = ReturnType<typeof governanceService>;
