// Data access for users, memberships and API tokens.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { organisations, type Organisation } from '../organisations/schema.js';
import { revisionColumn } from '../../db/revisions.js';
import {
  apiTokens,
  memberships,
  users,
  type ApiToken,
  type Membership,
  type Role,
  type User,
} from './schema.js';

export interface MemberRow {
  user: User;
  role: Role;
  membershipVersion: number;
}

export function userRepository() {
  return {
    async byEmail(db: Executor, email: string): Promise<User | null> {
      const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
      return row ?? null;
    },
    async byId(db: Executor, id: string): Promise<User | null> {
      const [row] = await db.select().from(users).where(eq(users.id, id));
      return row ?? null;
    },
    async insert(db: Executor, values: typeof users.$inferInsert): Promise<User> {
      const [row] = await db.insert(users).values(values).returning();
      if (!row) throw new Error('insert returned no row');
      return row;
    },
    async update(db: Executor, id: string, values: Partial<typeof users.$inferInsert>): Promise<User | null> {
      const [row] = await db
        .update(users)
        .set({ ...values, updatedAt: new Date(), version: sql`${users.version} + 1` })
        .where(eq(users.id, id))
        .returning();
      return row ?? null;
    },
    /** Counts a failed sign-in atomically, so parallel guesses cannot slip under the lockout. */
    async recordFailure(
      db: Executor,
      id: string,
      maxFailures: number,
      lockUntil: Date,
    ): Promise<User | null> {
      const [row] = await db
        .update(users)
        .set({
          failedSignIns: sql`${users.failedSignIns} + 1`,
          lockedUntil: sql`case when ${users.failedSignIns} + 1 >= ${maxFailures} then ${lockUntil.toISOString()}::timestamptz else ${users.lockedUntil} end`,
        })
        .where(eq(users.id, id))
        .returning();
      return row ?? null;
    },
    async membership(db: Executor, organisationId: string, userId: string): Promise<Membership | null> {
      const [row] = await db
        .select()
        .from(memberships)
        .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)));
      return row ?? null;
    },
    /** The organisation with this slug and the person's role there, or null if either is missing. */
    async membershipBySlug(
      db: Executor,
      slug: string,
      userId: string,
    ): Promise<{ organisation: Organisation; role: Role; revision: string } | null> {
      const [row] = await db
        .select({
          organisation: organisations,
          role: memberships.role,
          revision: revisionColumn(organisations.id),
        })
        .from(organisations)
        .innerJoin(
          memberships,
          and(eq(memberships.organisationId, organisations.id), eq(memberships.userId, userId)),
        )
        .where(eq(organisations.slug, slug));
      return row ?? null;
    },
    async membershipsOf(db: Executor, userId: string): Promise<{ organisation: Organisation; role: Role }[]> {
      const rows = await db
        .select({ organisation: organisations, role: memberships.role })
        .from(memberships)
        .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
        .where(eq(memberships.userId, userId))
        .orderBy(asc(organisations.name));
      return rows;
    },
    async insertMembership(db: Executor, values: typeof memberships.$inferInsert): Promise<Membership> {
      const [row] = await db.insert(memberships).values(values).returning();
      if (!row) throw new Error('insert returned no row');
      return row;
    },
    async updateMembershipRole(
      db: Executor,
      organisationId: string,
      userId: string,
      role: Role,
      expectedVersion: number,
    ): Promise<Membership | null> {
      const [row] = await db
        .update(memberships)
        .set({ role, updatedAt: new Date(), version: sql`${memberships.version} + 1` })
        .where(
          and(
            eq(memberships.organisationId, organisationId),
            eq(memberships.userId, userId),
            eq(memberships.version, expectedVersion),
          ),
        )
        .returning();
      return row ?? null;
    },
    async countMembers(db: Executor, organisationId: string): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(memberships)
        .where(eq(memberships.organisationId, organisationId));
      return row?.n ?? 0;
    },
    async members(db: Executor, organisationId: string, limit: number, offset: number): Promise<MemberRow[]> {
      const rows = await db
        .select({ user: users, role: memberships.role, membershipVersion: memberships.version })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.organisationId, organisationId))
        .orderBy(asc(users.displayName), asc(users.email))
        .limit(limit)
        .offset(offset);
      return rows;
    },
    async allUsers(db: Executor): Promise<User[]> {
      return db.select().from(users).orderBy(asc(users.email));
    },
    async insertToken(db: Executor, values: typeof apiTokens.$inferInsert): Promise<ApiToken> {
      const [row] = await db.insert(apiTokens).values(values).returning();
      if (!row) throw new Error('insert returned no row');
      return row;
    },
    /** A live (unrevoked) token with its person, in one query: every API request asks for both. */
    async tokenWithUser(db: Executor, tokenHash: string): Promise<{ token: ApiToken; user: User } | null> {
      const [row] = await db
        .select({ token: apiTokens, user: users })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
      return row ?? null;
    },
    async tokensOf(db: Executor, userId: string): Promise<ApiToken[]> {
      return db
        .select()
        .from(apiTokens)
        .where(eq(apiTokens.userId, userId))
        .orderBy(asc(apiTokens.createdAt));
    },
    async revokeToken(db: Executor, userId: string, tokenId: string): Promise<ApiToken | null> {
      const [row] = await db
        .update(apiTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
        .returning();
      return row ?? null;
    },
    async touchToken(db: Executor, tokenId: string, at: Date): Promise<void> {
      await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, tokenId));
    },
  };
}

export type UserRepository = ReturnType<typeof userRepository>;
