// Tables for governance: boards and committees with their members, meetings with agenda items,
// minutes, resolutions and meeting actions, the forward plan of reports asked for, and board packs
// (drafts with their editable narrative; issued packs with their frozen model and stored files).
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps, version } from '../../db/columns.js';
import { organisationIdColumn } from '../organisations/schema.js';
import { users } from '../users/schema.js';
import { documents } from '../../platform/documents/schema.js';
import type { BoardKind, PackModel, PackNarrative, PackSection } from './pack/model.js';

const orgId = organisationIdColumn;

export const MEETING_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const RESOLUTION_KINDS = ['noted', 'approved', 'agreed', 'recommended'] as const;
export type ResolutionKind = (typeof RESOLUTION_KINDS)[number];

export const MEETING_ACTION_STATUSES = ['open', 'done', 'dropped'] as const;
export type MeetingActionStatus = (typeof MEETING_ACTION_STATUSES)[number];

export const FORWARD_STATUSES = ['planned', 'scheduled', 'done'] as const;
export type ForwardStatus = (typeof FORWARD_STATUSES)[number];

export const PACK_STATUSES = ['draft', 'issued'] as const;
export type PackStatus = (typeof PACK_STATUSES)[number];

export const boards = pgTable(
  'boards',
  {
    id: id(),
    organisationId: orgId(),
    name: text('name').notNull(),
    kind: text('kind').$type<BoardKind>().notNull(),
    description: text('description').notNull().default(''),
    /** The pack sections this board sees, in order. */
    sections: jsonb('sections').$type<PackSection[]>().notNull(),
    /** Agenda items every meeting starts with, in order. */
    standingItems: jsonb('standing_items').$type<string[]>().notNull().default([]),
    ...timestamps(),
    version: version(),
  },
  (t) => [uniqueIndex('boards_name_key').on(t.organisationId, t.name)],
);

export const boardMembers = pgTable(
  'board_members',
  {
    id: id(),
    organisationId: orgId(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** e.g. Councillor, DfE adviser, Police partner. */
    role: text('role').notNull().default(''),
    email: text('email'),
    isChair: boolean('is_chair').notNull().default(false),
    isIndependent: boolean('is_independent').notNull().default(false),
    ...timestamps(),
  },
  (t) => [index('board_members_board_idx').on(t.boardId)],
);

export const meetings = pgTable(
  'meetings',
  {
    id: id(),
    organisationId: orgId(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    meetingDate: date('meeting_date').notNull(),
    location: text('location').notNull().default(''),
    status: text('status').$type<MeetingStatus>().notNull().default('scheduled'),
    minutes: text('minutes').notNull().default(''),
    ...timestamps(),
    version: version(),
  },
  (t) => [index('meetings_board_idx').on(t.organisationId, t.boardId, t.meetingDate)],
);

export const agendaItems = pgTable(
  'agenda_items',
  {
    id: id(),
    organisationId: orgId(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    presenter: text('presenter').notNull().default(''),
    /** Added by the board's standing items rather than by hand. */
    standing: boolean('standing').notNull().default(false),
    /** The forward plan item this agenda item answers, if any. */
    forwardPlanItemId: uuid('forward_plan_item_id'),
    ...timestamps(),
  },
  (t) => [index('agenda_items_meeting_idx').on(t.meetingId, t.position)],
);

export const resolutions = pgTable(
  'resolutions',
  {
    id: id(),
    organisationId: orgId(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    agendaItemId: uuid('agenda_item_id').references(() => agendaItems.id, { onDelete: 'set null' }),
    kind: text('kind').$type<ResolutionKind>().notNull(),
    text: text('text').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    ...timestamps(),
  },
  (t) => [index('resolutions_meeting_idx').on(t.meetingId)],
);

export const meetingActions = pgTable(
  'meeting_actions',
  {
    id: id(),
    organisationId: orgId(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    description: text('description').notNull(),
    ownerName: text('owner_name').notNull(),
    ownerEmail: text('owner_email'),
    dueDate: date('due_date'),
    status: text('status').$type<MeetingActionStatus>().notNull().default('open'),
    completedOn: date('completed_on'),
    note: text('note').notNull().default(''),
    ...timestamps(),
    version: version(),
  },
  (t) => [index('meeting_actions_org_idx').on(t.organisationId, t.status, t.dueDate)],
);

export const forwardPlanItems = pgTable(
  'forward_plan_items',
  {
    id: id(),
    organisationId: orgId(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    dueDate: date('due_date').notNull(),
    status: text('status').$type<ForwardStatus>().notNull().default('planned'),
    /** The meeting that asked for it, and the resolution that did so. */
    sourceMeetingId: uuid('source_meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
    resolutionId: uuid('resolution_id').references(() => resolutions.id, { onDelete: 'set null' }),
    /** The meeting whose agenda took it. */
    scheduledMeetingId: uuid('scheduled_meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
    ...timestamps(),
    version: version(),
  },
  (t) => [index('forward_plan_items_org_idx').on(t.organisationId, t.status, t.dueDate)],
);

export const boardPacks = pgTable(
  'board_packs',
  {
    id: id(),
    organisationId: orgId(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => boards.id, { onDelete: 'cascade' }),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    status: text('status').$type<PackStatus>().notNull().default('draft'),
    title: text('title').notNull(),
    asAt: date('as_at').notNull(),
    narrative: jsonb('narrative').$type<PackNarrative>().notNull(),
    /** Set when issued: exactly what the board saw, for showing again and for comparing. */
    model: jsonb('model').$type<PackModel>(),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    issuedBy: uuid('issued_by').references(() => users.id),
    htmlDocumentId: uuid('html_document_id').references(() => documents.id),
    docxDocumentId: uuid('docx_document_id').references(() => documents.id),
    xlsxDocumentId: uuid('xlsx_document_id').references(() => documents.id),
    /** Printed from the frozen HTML, at issue or on first download where Chromium was absent then. */
    pdfDocumentId: uuid('pdf_document_id').references(() => documents.id),
    createdBy: uuid('created_by').references(() => users.id),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    uniqueIndex('board_packs_meeting_key').on(t.meetingId),
    index('board_packs_board_idx').on(t.organisationId, t.boardId, t.status, t.asAt),
  ],
);

export type Board = typeof boards.$inferSelect;
export type BoardMember = typeof boardMembers.$inferSelect;
export type Meeting = typeof meetings.$inferSelect;
export type AgendaItem = typeof agendaItems.$inferSelect;
export type Resolution = typeof resolutions.$inferSelect;
export type MeetingAction = typeof meetingActions.$inferSelect;
export type ForwardPlanItem = typeof forwardPlanItems.$inferSelect;
export type BoardPack = typeof boardPacks.$inferSelect;
