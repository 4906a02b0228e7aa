// Data access for quality assurance. Every query is filtered by organisation.
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { guardedUpdate } from '../../db/rows.js';
import { users } from '../users/schema.js';
import {
  auditTemplates,
  caseActions,
  caseAudits,
  checkChallengeSessions,
  moderations,
  qualitySettings,
  teamMembers,
  teams,
  type AuditGrade,
  type AuditTemplate,
  type CaseAudit,
  type CheckChallengeSession,
  type Moderation,
  type Team,
} from './schema.js';
import { monthEnd } from './rules.js';

export interface AuditListFilter {
  teamId?: string | undefined;
  month?: string | undefined;
  auditorId?: string | undefined;
}

function auditConditions(organisationId: string, filter: AuditListFilter) {
  const conditions = [eq(caseAudits.organisationId, organisationId)];
  if (filter.teamId) conditions.push(eq(caseAudits.teamId, filter.teamId));
  if (filter.auditorId) conditions.push(eq(caseAudits.auditorId, filter.auditorId));
  if (filter.month) {
    conditions.push(
      gte(caseAudits.auditedOn, `${filter.month}-01`),
      lte(caseAudits.auditedOn, monthEnd(filter.month)),
    );
  }
  return and(...conditions);
}

export function qualityRepository() {
  return {
    // ---- Teams ----
    teams(db: Executor, organisationId: string): Promise<Team[]> {
      return db.select().from(teams).where(eq(teams.organisationId, organisationId)).orderBy(asc(teams.name));
    },
    async team(db: Executor, organisationId: string, id: string): Promise<Team | null> {
      const [row] = await db
        .select()
        .from(teams)
        .where(and(eq(teams.organisationId, organisationId), eq(teams.id, id)));
      return row ?? null;
    },
    async insertTeam(db: Executor, values: typeof teams.$inferInsert): Promise<Team> {
      const [row] = await db.insert(teams).values(values).returning();
      return row!;
    },
    async bumpTeam(
      db: Executor,
      organisationId: string,
      id: string,
      expectedVersion: number,
    ): Promise<Team | null> {
      return guardedUpdate<Team>(db, teams, organisationId, id, expectedVersion, {});
    },
    members(db: Executor, organisationId: string) {
      return db
        .select({
          teamId: teamMembers.teamId,
          userId: teamMembers.userId,
          isManager: teamMembers.isManager,
          displayName: users.displayName,
        })
        .from(teamMembers)
        .innerJoin(users, eq(users.id, teamMembers.userId))
        .where(eq(teamMembers.organisationId, organisationId))
        .orderBy(asc(users.displayName));
    },
    async replaceMembers(
      db: Executor,
      organisationId: string,
      teamId: string,
      rows: { userId: string; isManager: boolean }[],
    ) {
      await db
        .delete(teamMembers)
        .where(and(eq(teamMembers.organisationId, organisationId), eq(teamMembers.teamId, teamId)));
      if (rows.length > 0)
        await db.insert(teamMembers).values(rows.map((r) => ({ organisationId, teamId, ...r })));
    },
    teamsOfUser(db: Executor, organisationId: string, userId: string) {
      return db
        .select({ teamId: teams.id, teamName: teams.name, isManager: teamMembers.isManager })
        .from(teamMembers)
        .innerJoin(teams, eq(teams.id, teamMembers.teamId))
        .where(and(eq(teamMembers.organisationId, organisationId), eq(teamMembers.userId, userId)));
    },

    // ---- Templates and settings ----
    async currentTemplate(db: Executor, organisationId: string): Promise<AuditTemplate | null> {
      const [row] = await db
        .select()
        .from(auditTemplates)
        .where(and(eq(auditTemplates.organisationId, organisationId), eq(auditTemplates.isCurrent, true)))
        .orderBy(desc(auditTemplates.versionNumber))
        .limit(1);
      return row ?? null;
    },
    async templatesByIds(db: Executor, organisationId: string, ids: string[]): Promise<AuditTemplate[]> {
      if (ids.length === 0) return [];
      return db
        .select()
        .from(auditTemplates)
        .where(and(eq(auditTemplates.organisationId, organisationId), inArray(auditTemplates.id, ids)));
    },
    async insertTemplate(db: Executor, values: typeof auditTemplates.$inferInsert): Promise<AuditTemplate> {
      const [row] = await db.insert(auditTemplates).values(values).returning();
      return row!;
    },
    async settings(db: Executor, organisationId: string) {
      const [row] = await db
        .select()
        .from(qualitySettings)
        .where(eq(qualitySettings.organisationId, organisationId));
      return row ?? null;
    },
    async retireTemplates(db: Executor, organisationId: string) {
      await db
        .update(auditTemplates)
        .set({ isCurrent: false })
        .where(eq(auditTemplates.organisationId, organisationId));
    },
    async upsertSettings(db: Executor, values: typeof qualitySettings.$inferInsert) {
      await db
        .insert(qualitySettings)
        .values(values)
        .onConflictDoUpdate({
          target: qualitySettings.organisationId,
          set: { ...values, version: sql`${qualitySettings.version} + 1` },
        });
    },

    // ---- Audits ----
    async countAudits(db: Executor, organisationId: string, filter: AuditListFilter): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(caseAudits)
        .where(auditConditions(organisationId, filter));
      return row?.n ?? 0;
    },
    listAudits(db: Executor, organisationId: string, filter: AuditListFilter, limit: number, offset: number) {
      return db
        .select({
          audit: caseAudits,
          teamName: teams.name,
          auditorName: users.displayName,
          moderatedGrade: moderations.moderatedGrade,
          moderationAgreed: moderations.agreed,
        })
        .from(caseAudits)
        .innerJoin(teams, eq(teams.id, caseAudits.teamId))
        .innerJoin(users, eq(users.id, caseAudits.auditorId))
        .leftJoin(
          moderations,
          and(
            eq(moderations.auditId, caseAudits.id),
            eq(moderations.organisationId, caseAudits.organisationId),
          ),
        )
        .where(auditConditions(organisationId, filter))
        .orderBy(desc(caseAudits.auditedOn), desc(caseAudits.createdAt))
        .limit(limit)
        .offset(offset);
    },
    async audit(db: Executor, organisationId: string, id: string): Promise<CaseAudit | null> {
      const [row] = await db
        .select()
        .from(caseAudits)
        .where(and(eq(caseAudits.organisationId, organisationId), eq(caseAudits.id, id)));
      return row ?? null;
    },
    async insertAudit(db: Executor, values: typeof caseAudits.$inferInsert): Promise<CaseAudit> {
      const [row] = await db.insert(caseAudits).values(values).returning();
      return row!;
    },
    async insertAudits(db: Executor, values: (typeof caseAudits.$inferInsert)[]): Promise<CaseAudit[]> {
      return values.length ? db.insert(caseAudits).values(values).returning() : [];
    },
    /** Counts by month and effective grade (the moderated grade where there is one), aggregated in SQL. */
    async gradeCounts(
      db: Executor,
      organisationId: string,
      from: string,
      to: string,
      filter: { teamId?: string; serviceArea?: string; moderatedOnly?: boolean },
    ) {
      const month = sql<string>`to_char(${caseAudits.auditedOn}, 'YYYY-MM')`;
      const grade = sql<string>`coalesce(${moderations.moderatedGrade}, ${caseAudits.overallGrade})`;
      const conditions = [
        eq(caseAudits.organisationId, organisationId),
        gte(caseAudits.auditedOn, from),
        lte(caseAudits.auditedOn, to),
      ];
      if (filter.teamId) conditions.push(eq(caseAudits.teamId, filter.teamId));
      if (filter.serviceArea) conditions.push(eq(teams.serviceArea, filter.serviceArea));
      if (filter.moderatedOnly) conditions.push(sql`${moderations.moderatedGrade} is not null`);
      const rows = await db
        .select({ month, grade, count: sql<number>`count(*)::int` })
        .from(caseAudits)
        .innerJoin(teams, eq(teams.id, caseAudits.teamId))
        .leftJoin(
          moderations,
          and(
            eq(moderations.auditId, caseAudits.id),
            eq(moderations.organisationId, caseAudits.organisationId),
            sql`${moderations.completedAt} is not null`,
          ),
        )
        .where(and(...conditions))
        .groupBy(month, grade);
      return rows as { month: string; grade: AuditGrade; count: number }[];
    },
    /** Learning themes with the number of audits naming each, counted in SQL. */
    themeCounts(
      db: Executor,
      organisationId: string,
      from: string,
      to: string,
      filter: { teamId?: string; serviceArea?: string },
    ) {
      const theme = sql<string>`theme.value`;
      const conditions = [
        eq(caseAudits.organisationId, organisationId),
        gte(caseAudits.auditedOn, from),
        lte(caseAudits.auditedOn, to),
      ];
      if (filter.teamId) conditions.push(eq(caseAudits.teamId, filter.teamId));
      if (filter.serviceArea) conditions.push(eq(teams.serviceArea, filter.serviceArea));
      return db
        .select({ theme, count: sql<number>`count(distinct ${caseAudits.id})::int` })
        .from(caseAudits)
        .innerJoin(teams, eq(teams.id, caseAudits.teamId))
        .innerJoin(sql`jsonb_array_elements_text(${caseAudits.learningThemes}) as theme(value)`, sql`true`)
        .where(and(...conditions))
        .groupBy(theme);
    },
    async auditMonthRange(
      db: Executor,
      organisationId: string,
    ): Promise<{ first: string | null; last: string | null }> {
      const [row] = await db
        .select({
          first: sql<string | null>`min(${caseAudits.auditedOn})::text`,
          last: sql<string | null>`max(${caseAudits.auditedOn})::text`,
        })
        .from(caseAudits)
        .where(eq(caseAudits.organisationId, organisationId));
      return { first: row?.first ?? null, last: row?.last ?? null };
    },
    auditsForSession(db: Executor, organisationId: string, sessionId: string) {
      return db
        .select()
        .from(caseAudits)
        .where(
          and(eq(caseAudits.organisationId, organisationId), eq(caseAudits.checkChallengeId, sessionId)),
        );
    },

    // ---- Case actions ----
    caseActions(db: Executor, organisationId: string, auditId: string) {
      return db
        .select()
        .from(caseActions)
        .where(and(eq(caseActions.organisationId, organisationId), eq(caseActions.auditId, auditId)))
        .orderBy(asc(caseActions.dueDate));
    },
    async insertCaseAction(db: Executor, values: typeof caseActions.$inferInsert) {
      const [row] = await db.insert(caseActions).values(values).returning();
      return row!;
    },
    async completeCaseAction(
      db: Executor,
      organisationId: string,
      id: string,
      doneOn: string,
      expectedVersion: number,
    ) {
      const [row] = await db
        .update(caseActions)
        .set({ doneOn, updatedAt: new Date(), version: sql`${caseActions.version} + 1` })
        .where(
          and(
            eq(caseActions.organisationId, organisationId),
            eq(caseActions.id, id),
            eq(caseActions.version, expectedVersion),
            isNull(caseActions.doneOn),
          ),
        )
        .returning();
      return row ?? null;
    },

    // ---- Moderation ----
    unsampledAuditIds(db: Executor, organisationId: string, month: string) {
      return db
        .select({ id: caseAudits.id })
        .from(caseAudits)
        .leftJoin(
          moderations,
          and(
            eq(moderations.auditId, caseAudits.id),
            eq(moderations.organisationId, caseAudits.organisationId),
          ),
        )
        .where(and(auditConditions(organisationId, { month }), isNull(moderations.id)))
        .orderBy(asc(caseAudits.id));
    },
    async countAuditsInMonth(db: Executor, organisationId: string, month: string) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(caseAudits)
        .where(auditConditions(organisationId, { month }));
      return row?.n ?? 0;
    },
    async insertModerations(db: Executor, values: (typeof moderations.$inferInsert)[]) {
      if (values.length) await db.insert(moderations).values(values).onConflictDoNothing();
    },
    moderationQueue(db: Executor, organisationId: string, month: string) {
      return db
        .select({
          moderation: moderations,
          audit: caseAudits,
          teamName: teams.name,
          auditorName: users.displayName,
        })
        .from(moderations)
        .innerJoin(caseAudits, eq(caseAudits.id, moderations.auditId))
        .innerJoin(teams, eq(teams.id, caseAudits.teamId))
        .innerJoin(users, eq(users.id, caseAudits.auditorId))
        .where(and(eq(moderations.organisationId, organisationId), eq(moderations.sampleMonth, month)))
        .orderBy(asc(caseAudits.auditedOn));
    },
    async moderation(db: Executor, organisationId: string, id: string): Promise<Moderation | null> {
      const [row] = await db
        .select()
        .from(moderations)
        .where(and(eq(moderations.organisationId, organisationId), eq(moderations.id, id)));
      return row ?? null;
    },
    async moderationForAudit(
      db: Executor,
      organisationId: string,
      auditId: string,
    ): Promise<Moderation | null> {
      const [row] = await db
        .select()
        .from(moderations)
        .where(and(eq(moderations.organisationId, organisationId), eq(moderations.auditId, auditId)));
      return row ?? null;
    },
    async completeModeration(
      db: Executor,
      organisationId: string,
      id: string,
      values: { moderatorId: string; agreed: boolean; moderatedGrade: string; notes: string },
      expectedVersion: number,
    ) {
      return guardedUpdate<Moderation>(db, moderations, organisationId, id, expectedVersion, {
        ...values,
        completedAt: new Date(),
      });
    },
    completedModerations(db: Executor, organisationId: string, from: string, to: string) {
      return db
        .select({
          auditorId: caseAudits.auditorId,
          agreed: moderations.agreed,
          auditorName: users.displayName,
        })
        .from(moderations)
        .innerJoin(caseAudits, eq(caseAudits.id, moderations.auditId))
        .innerJoin(users, eq(users.id, caseAudits.auditorId))
        .where(
          and(
            eq(moderations.organisationId, organisationId),
            sql`${moderations.completedAt} is not null`,
            gte(caseAudits.auditedOn, from),
            lte(caseAudits.auditedOn, to),
          ),
        );
    },
    async insertModerationRows(db: Executor, values: (typeof moderations.$inferInsert)[]) {
      if (values.length) await db.insert(moderations).values(values);
    },

    // ---- Check & Challenge ----
    sessions(db: Executor, organisationId: string, limit: number) {
      return db
        .select({ session: checkChallengeSessions, teamName: teams.name })
        .from(checkChallengeSessions)
        .innerJoin(teams, eq(teams.id, checkChallengeSessions.teamId))
        .where(eq(checkChallengeSessions.organisationId, organisationId))
        .orderBy(desc(checkChallengeSessions.sessionDate))
        .limit(limit);
    },
    async session(db: Executor, organisationId: string, id: string): Promise<CheckChallengeSession | null> {
      const [row] = await db
        .select()
        .from(checkChallengeSessions)
        .where(
          and(eq(checkChallengeSessions.organisationId, organisationId), eq(checkChallengeSessions.id, id)),
        );
      return row ?? null;
    },
    async insertSession(db: Executor, values: typeof checkChallengeSessions.$inferInsert) {
      const [row] = await db.insert(checkChallengeSessions).values(values).returning();
      return row!;
    },
    async updateSessionNotes(
      db: Executor,
      organisationId: string,
      id: string,
      attendees: string,
      findings: string,
      expectedVersion: number,
    ) {
      return guardedUpdate<CheckChallengeSession>(
        db,
        checkChallengeSessions,
        organisationId,
        id,
        expectedVersion,
        {
          attendees,
          findings,
        },
      );
    },
  };
}

export type QualityRepository = ReturnType<typeof qualityRepository>;
