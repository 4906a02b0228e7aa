// Data access for governance. Every query is filtered by organisation; every update of an editable
// record is guarded by the version the caller read.
import { and, asc, desc, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { guardedUpdate, one, inChunks } from '../../db/rows.js';
import { documents, type StoredDocument } from '../../platform/documents/schema.js';
import {
  agendaItems,
  boardMembers,
  boardPacks,
  boards,
  forwardPlanItems,
  meetingActions,
  meetings,
  resolutions,
  type AgendaItem,
  type Board,
  type BoardMember,
  type BoardPack,
  type ForwardPlanItem,
  type Meeting,
  type MeetingAction,
  type Resolution,
} from './schema.js';

export function governanceRepository() {
  return {
    // ---- Boards ----
    boards: (db: Executor, organisationId: string): Promise<Board[]> =>
      db.select().from(boards).where(eq(boards.organisationId, organisationId)).orderBy(asc(boards.name)),
    board: (db: Executor, organisationId: string, id: string) =>
      one(
        db
          .select()
          .from(boards)
          .where(and(eq(boards.organisationId, organisationId), eq(boards.id, id))),
      ),
    boardByName: (db: Executor, organisationId: string, name: string) =>
      one(
        db
          .select()
          .from(boards)
          .where(and(eq(boards.organisationId, organisationId), sql`lower(${boards.name}) = lower(${name})`)),
      ),
    async insertBoard(db: Executor, values: typeof boards.$inferInsert): Promise<Board> {
      const [row] = await db.insert(boards).values(values).returning();
      return row!;
    },
    updateBoard: (
      db: Executor,
      organisationId: string,
      id: string,
      expectedVersion: number,
      values: Partial<typeof boards.$inferInsert>,
    ) => guardedUpdate<Board>(db, boards, organisationId, id, expectedVersion, values),

    members: (db: Executor, organisationId: string, boardIds?: string[]): Promise<BoardMember[]> =>
      db
        .select()
        .from(boardMembers)
        .where(
          and(
            eq(boardMembers.organisationId, organisationId),
            boardIds ? inArray(boardMembers.boardId, boardIds.length ? boardIds : ['']) : undefined,
          ),
        )
        .orderBy(desc(boardMembers.isChair), asc(boardMembers.name)),
    async insertMember(db: Executor, values: typeof boardMembers.$inferInsert): Promise<BoardMember> {
      const [row] = await db.insert(boardMembers).values(values).returning();
      return row!;
    },
    async clearChair(db: Executor, organisationId: string, boardId: string): Promise<void> {
      await db
        .update(boardMembers)
        .set({ isChair: false })
        .where(and(eq(boardMembers.organisationId, organisationId), eq(boardMembers.boardId, boardId)));
    },
    async deleteMember(db: Executor, organisationId: string, boardId: string, id: string) {
      return one(
        db
          .delete(boardMembers)
          .where(
            and(
              eq(boardMembers.organisationId, organisationId),
              eq(boardMembers.boardId, boardId),
              eq(boardMembers.id, id),
            ),
          )
          .returning(),
      );
    },

    // ---- Meetings ----
    meetings: (db: Executor, organisationId: string, boardId?: string): Promise<Meeting[]> =>
      db
        .select()
        .from(meetings)
        .where(
          and(
            eq(meetings.organisationId, organisationId),
            boardId ? eq(meetings.boardId, boardId) : undefined,
          ),
        )
        .orderBy(desc(meetings.meetingDate)),
    meeting: (db: Executor, organisationId: string, id: string) =>
      one(
        db
          .select()
          .from(meetings)
          .where(and(eq(meetings.organisationId, organisationId), eq(meetings.id, id))),
      ),
    async insertMeeting(db: Executor, values: typeof meetings.$inferInsert): Promise<Meeting> {
      const [row] = await db.insert(meetings).values(values).returning();
      return row!;
    },
    /** Many meetings at once (data loads and benchmarks). */
    async insertMeetings(db: Executor, values: (typeof meetings.$inferInsert)[]): Promise<Meeting[]> {
      const chunks = await inChunks(values, 1000, (chunk) => db.insert(meetings).values(chunk).returning());
      return chunks.flat();
    },
    updateMeeting: (
      db: Executor,
      organisationId: string,
      id: string,
      expectedVersion: number,
      values: Partial<typeof meetings.$inferInsert>,
    ) => guardedUpdate<Meeting>(db, meetings, organisationId, id, expectedVersion, values),

    agenda: (db: Executor, organisationId: string, meetingId: string): Promise<AgendaItem[]> =>
      db
        .select()
        .from(agendaItems)
        .where(and(eq(agendaItems.organisationId, organisationId), eq(agendaItems.meetingId, meetingId)))
        .orderBy(asc(agendaItems.position)),
    async insertAgendaItems(
      db: Executor,
      values: (typeof agendaItems.$inferInsert)[],
    ): Promise<AgendaItem[]> {
      if (values.length === 0) return [];
      return db.insert(agendaItems).values(values).returning();
    },
    async deleteAgendaItem(db: Executor, organisationId: string, meetingId: string, id: string) {
      return one(
        db
          .delete(agendaItems)
          .where(
            and(
              eq(agendaItems.organisationId, organisationId),
              eq(agendaItems.meetingId, meetingId),
              eq(agendaItems.id, id),
            ),
          )
          .returning(),
      );
    },

    resolutions: (db: Executor, organisationId: string, meetingId: string): Promise<Resolution[]> =>
      db
        .select()
        .from(resolutions)
        .where(and(eq(resolutions.organisationId, organisationId), eq(resolutions.meetingId, meetingId)))
        .orderBy(asc(resolutions.createdAt)),
    async insertResolution(db: Executor, values: typeof resolutions.$inferInsert): Promise<Resolution> {
      const [row] = await db.insert(resolutions).values(values).returning();
      return row!;
    },

    // ---- Meeting actions ----
    meetingActions: (
      db: Executor,
      organisationId: string,
      filter: { meetingId?: string; meetingIds?: string[]; openOnly?: boolean } = {},
    ): Promise<MeetingAction[]> =>
      db
        .select()
        .from(meetingActions)
        .where(
          and(
            eq(meetingActions.organisationId, organisationId),
            filter.meetingId ? eq(meetingActions.meetingId, filter.meetingId) : undefined,
            filter.meetingIds
              ? inArray(meetingActions.meetingId, filter.meetingIds.length ? filter.meetingIds : [''])
              : undefined,
            filter.openOnly ? eq(meetingActions.status, 'open') : undefined,
          ),
        )
        .orderBy(sql`${meetingActions.dueDate} asc nulls last`, asc(meetingActions.createdAt)),
    meetingAction: (db: Executor, organisationId: string, id: string) =>
      one(
        db
          .select()
          .from(meetingActions)
          .where(and(eq(meetingActions.organisationId, organisationId), eq(meetingActions.id, id))),
      ),
    async insertMeetingAction(
      db: Executor,
      values: typeof meetingActions.$inferInsert,
    ): Promise<MeetingAction> {
      const [row] = await db.insert(meetingActions).values(values).returning();
      return row!;
    },
    /** Many meeting actions at once (data loads and benchmarks). */
    async insertMeetingActions(db: Executor, values: (typeof meetingActions.$inferInsert)[]): Promise<void> {
      await inChunks(values, 1000, (chunk) => db.insert(meetingActions).values(chunk));
    },
    updateMeetingAction: (
      db: Executor,
      organisationId: string,
      id: string,
      expectedVersion: number,
      values: Partial<typeof meetingActions.$inferInsert>,
    ) => guardedUpdate<MeetingAction>(db, meetingActions, organisationId, id, expectedVersion, values),
    /** Open meeting actions due on or before a date, across every organisation (for reminders). */
    openActionsDueBy: (db: Executor, organisationId: string, date: string): Promise<MeetingAction[]> =>
      db
        .select()
        .from(meetingActions)
        .where(
          and(
            eq(meetingActions.organisationId, organisationId),
            eq(meetingActions.status, 'open'),
            lte(meetingActions.dueDate, date),
          ),
        )
        .orderBy(asc(meetingActions.dueDate)),

    // ---- Forward plan ----
    forwardPlan: (
      db: Executor,
      organisationId: string,
      filter: { boardId?: string; notDone?: boolean } = {},
    ): Promise<ForwardPlanItem[]> =>
      db
        .select()
        .from(forwardPlanItems)
        .where(
          and(
            eq(forwardPlanItems.organisationId, organisationId),
            filter.boardId ? eq(forwardPlanItems.boardId, filter.boardId) : undefined,
            filter.notDone ? ne(forwardPlanItems.status, 'done') : undefined,
          ),
        )
        .orderBy(asc(forwardPlanItems.dueDate), asc(forwardPlanItems.title)),
    forwardPlanItem: (db: Executor, organisationId: string, id: string) =>
      one(
        db
          .select()
          .from(forwardPlanItems)
          .where(and(eq(forwardPlanItems.organisationId, organisationId), eq(forwardPlanItems.id, id))),
      ),
    async insertForwardPlanItem(
      db: Executor,
      values: typeof forwardPlanItems.$inferInsert,
    ): Promise<ForwardPlanItem> {
      const [row] = await db.insert(forwardPlanItems).values(values).returning();
      return row!;
    },
    updateForwardPlanItem: (
      db: Executor,
      organisationId: string,
      id: string,
      expectedVersion: number,
      values: Partial<typeof forwardPlanItems.$inferInsert>,
    ) => guardedUpdate<ForwardPlanItem>(db, forwardPlanItems, organisationId, id, expectedVersion, values),

    // ---- Board packs ----
    packs: (db: Executor, organisationId: string, boardId?: string) =>
      db
        .select({
          id: boardPacks.id,
          boardId: boardPacks.boardId,
          meetingId: boardPacks.meetingId,
          status: boardPacks.status,
          title: boardPacks.title,
          asAt: boardPacks.asAt,
          issuedAt: boardPacks.issuedAt,
          version: boardPacks.version,
        })
        .from(boardPacks)
        .where(
          and(
            eq(boardPacks.organisationId, organisationId),
            boardId ? eq(boardPacks.boardId, boardId) : undefined,
          ),
        )
        .orderBy(desc(boardPacks.asAt), desc(boardPacks.createdAt)),
    pack: (db: Executor, organisationId: string, id: string) =>
      one(
        db
          .select()
          .from(boardPacks)
          .where(and(eq(boardPacks.organisationId, organisationId), eq(boardPacks.id, id))),
      ),
    packForMeeting: (db: Executor, organisationId: string, meetingId: string) =>
      one(
        db
          .select()
          .from(boardPacks)
          .where(and(eq(boardPacks.organisationId, organisationId), eq(boardPacks.meetingId, meetingId))),
      ),
    /** The newest pack issued to a board before the given one (by date, then issue time). */
    previousIssued: (
      db: Executor,
      organisationId: string,
      boardId: string,
      beforeAsAt: string,
      exceptId: string,
    ) =>
      one(
        db
          .select()
          .from(boardPacks)
          .where(
            and(
              eq(boardPacks.organisationId, organisationId),
              eq(boardPacks.boardId, boardId),
              eq(boardPacks.status, 'issued'),
              lte(boardPacks.asAt, beforeAsAt),
              ne(boardPacks.id, exceptId),
            ),
          )
          .orderBy(desc(boardPacks.asAt), desc(boardPacks.issuedAt))
          .limit(1),
      ),
    async insertPack(db: Executor, values: typeof boardPacks.$inferInsert): Promise<BoardPack> {
      const [row] = await db.insert(boardPacks).values(values).returning();
      return row!;
    },
    updatePack: (
      db: Executor,
      organisationId: string,
      id: string,
      expectedVersion: number,
      values: Partial<typeof boardPacks.$inferInsert>,
    ) => guardedUpdate<BoardPack>(db, boardPacks, organisationId, id, expectedVersion, values),
    /** Attaches the PDF once, however many requests race to print it. */
    async attachPdf(db: Executor, organisationId: string, id: string, documentId: string): Promise<boolean> {
      const rows = await db
        .update(boardPacks)
        .set({ pdfDocumentId: documentId })
        .where(
          and(
            eq(boardPacks.organisationId, organisationId),
            eq(boardPacks.id, id),
            sql`${boardPacks.pdfDocumentId} is null`,
          ),
        )
        .returning({ id: boardPacks.id });
      return rows.length === 1;
    },

    // ---- Stored files ----
    async insertDocument(db: Executor, values: typeof documents.$inferInsert): Promise<StoredDocument> {
      const [row] = await db.insert(documents).values(values).returning();
      return row!;
    },
    document: (db: Executor, organisationId: string, id: string) =>
      one(
        db
          .select()
          .from(documents)
          .where(and(eq(documents.organisationId, organisationId), eq(documents.id, id))),
      ),
    async deleteDocument(db: Executor, organisationId: string, id: string): Promise<void> {
      await db
        .delete(documents)
        .where(and(eq(documents.organisationId, organisationId), eq(documents.id, id)));
    },
  };
}

export type GovernanceRepository = ReturnType<typeof governanceRepository>;
