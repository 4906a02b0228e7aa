// Rules for people: adding users and memberships, roles, disabling, passwords, sign-in with lockout, API tokens.
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../db/client.js';
import { expectOneUpdated, inTransaction } from '../../db/tx.js';
import { ROLE_LABELS, isRole } from '../../platform/access.js';
import type { Actor, AuditService } from '../../platform/audit/service.js';
import { NotFoundError, ValidationError, type ErrorDetail } from '../../platform/errors.js';
import type { Organisation } from '../organisations/schema.js';
import { checkPasswordPolicy, dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import type { UserRepository } from './repository.js';
import type { ApiToken, Role, User } from './schema.js';

/** Signing in changes no record a page shows (only the people list's last sign-in, which is never cached). */
const SIGN_IN = { changesRecords: false } as const;

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What a user may safely show: never the password hash. */
export function publicUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    isActive: user.isActive,
    lastSignInAt: user.lastSignInAt,
  };
}

export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'unknown_sso' | 'unverified_sso' }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; lockedUntil: Date }
  | { ok: false; reason: 'disabled' };

export interface NewUserInput {
  email: string;
  displayName: string;
  organisationId: string;
  role: string;
  password?: string | null;
}

export function userService(deps: {
  db: Database;
  repo: UserRepository;
  audit: AuditService;
  signIn: { maxFailures: number; lockoutMinutes: number };
}) {
  const { db, repo, audit } = deps;

  function validateNewUser(input: NewUserInput): ErrorDetail[] {
    const details: ErrorDetail[] = [];
    const email = input.email.trim();
    if (email === '') details.push({ path: 'email', message: 'Enter an email address' });
    else if (!EMAIL_PATTERN.test(email) || email.length > 254) {
      details.push({
        path: 'email',
        message: 'Enter an email address in the correct format, like name@example.gov.uk',
      });
    }
    const name = input.displayName.trim();
    if (name === '') details.push({ path: 'displayName', message: 'Enter the person’s name' });
    else if (name.length > 120)
      details.push({ path: 'displayName', message: 'Name must be 120 characters or fewer' });
    if (!isRole(input.role)) details.push({ path: 'role', message: 'Select a role' });
    if (input.password != null) {
      const problem = checkPasswordPolicy(input.password, { email });
      if (problem) details.push({ path: 'password', message: problem });
    }
    return details;
  }

  return {
    byId: (id: string) => repo.byId(db, id),
    byEmail: (email: string) => repo.byEmail(db, email.trim()),
    membershipsOf: (userId: string) => repo.membershipsOf(db, userId),
    membership: (organisationId: string, userId: string) => repo.membership(db, organisationId, userId),
    /** One query for every page under /o/:slug: the organisation and the person's role in it. */
    membershipBySlug: (slug: string, userId: string) => repo.membershipBySlug(db, slug, userId),
    allUsers: () => repo.allUsers(db),

    async listMembers(organisationId: string, page: number, pageSize = 25) {
      const total = await repo.countMembers(db, organisationId);
      const pages = Math.max(1, Math.ceil(total / pageSize));
      const current = Math.min(Math.max(1, page), pages);
      const rows = await repo.members(db, organisationId, pageSize, (current - 1) * pageSize);
      return { rows, total, page: current, pages, pageSize };
    },

    /** Adds a person to an organisation; an existing account (by email) just gains the membership. */
    async addMember(actor: Actor, input: NewUserInput): Promise<{ user: User; created: boolean }> {
      const details = validateNewUser(input);
      if (details.length > 0) throw new ValidationError('The user could not be added', details);
      const email = input.email.trim().toLowerCase();
      const role = input.role as Role;
      const passwordHash = input.password ? await hashPassword(input.password) : null;
      return inTransaction(db, input.organisationId, async (tx) => {
        let user = await repo.byEmail(tx, email);
        const created = user === null;
        if (!user) {
          user = await repo.insert(tx, {
            email,
            displayName: input.displayName.trim(),
            passwordHash,
            passwordChangedAt: passwordHash ? new Date() : null,
          });
          await audit.record(tx, actor, {
            organisationId: null,
            action: 'user.created',
            entityType: 'user',
            entityId: user.id,
            after: publicUser(user),
          });
        } else if (await repo.membership(tx, input.organisationId, user.id)) {
          throw new ValidationError('The user could not be added', [
            { path: 'email', message: `${email} is already a member of this organisation` },
          ]);
        }
        const membership = await repo.insertMembership(tx, {
          organisationId: input.organisationId,
          userId: user.id,
          role,
        });
        await audit.record(tx, actor, {
          organisationId: input.organisationId,
          action: 'membership.added',
          entityType: 'user',
          entityId: user.id,
          after: { email, role: membership.role },
        });
        return { user, created };
      });
    },

    async setRole(
      actor: Actor,
      organisationId: string,
      userId: string,
      role: string,
      expectedVersion: number,
    ) {
      if (!isRole(role))
        throw new ValidationError('The role could not be changed', [
          { path: 'role', message: 'Select a role' },
        ]);
      return inTransaction(db, organisationId, async (tx) => {
        const before = await repo.membership(tx, organisationId, userId);
        if (!before) throw new NotFoundError('That person is not a member of this organisation');
        const after = await repo.updateMembershipRole(tx, organisationId, userId, role, expectedVersion);
        expectOneUpdated(after ? [after] : [], 'person’s role');
        await audit.record(tx, actor, {
          organisationId,
          action: 'membership.role_changed',
          entityType: 'user',
          entityId: userId,
          before: { role: before.role },
          after: { role },
        });
        return after;
      });
    },

    async setActive(
      actor: Actor,
      organisationId: string | null,
      userId: string,
      isActive: boolean,
    ): Promise<User> {
      return inTransaction(db, organisationId, async (tx) => {
        const before = await repo.byId(tx, userId);
        if (!before) throw new NotFoundError('There is no such user');
        const after = await repo.update(tx, userId, {
          isActive,
          ...(isActive ? { failedSignIns: 0, lockedUntil: null } : {}),
        });
        if (!after) throw new NotFoundError('There is no such user');
        await audit.record(tx, actor, {
          organisationId,
          action: isActive ? 'user.enabled' : 'user.disabled',
          entityType: 'user',
          entityId: userId,
          before: { isActive: before.isActive },
          after: { isActive },
        });
        return after;
      });
    },

    async setPassword(actor: Actor, userId: string, password: string): Promise<void> {
      const user = await repo.byId(db, userId);
      if (!user) throw new NotFoundError('There is no such user');
      const problem = checkPasswordPolicy(password, { email: user.email });
      if (problem)
        throw new ValidationError('The password could not be changed', [
          { path: 'newPassword', message: problem },
        ]);
      const passwordHash = await hashPassword(password);
      await inTransaction(db, null, async (tx) => {
        await repo.update(tx, userId, {
          passwordHash,
          passwordChangedAt: new Date(),
          failedSignIns: 0,
          lockedUntil: null,
        });
        await audit.record(tx, actor, {
          organisationId: null,
          action: 'user.password_set',
          entityType: 'user',
          entityId: userId,
        });
      });
    },

    async changePassword(
      actor: Actor,
      userId: string,
      current: string,
      next: string,
      confirm: string,
    ): Promise<void> {
      const user = await repo.byId(db, userId);
      if (!user) throw new NotFoundError('There is no such user');
      const details: ErrorDetail[] = [];
      if (!(await verifyPassword(user.passwordHash, current))) {
        details.push({ path: 'currentPassword', message: 'Your current password is not correct' });
      }
      const problem = checkPasswordPolicy(next, { email: user.email });
      if (problem) details.push({ path: 'newPassword', message: problem });
      else if (next !== confirm)
        details.push({ path: 'confirmPassword', message: 'The passwords do not match' });
      if (details.length > 0) throw new ValidationError('Your password was not changed', details);
      await this.setPassword(actor, userId, next);
    },

    /**
     * Checks a password. Repeated failures lock the account for a while; while locked even the right
     * password is refused, and the person is told so and for how long.
     */
    async signIn(
      email: string,
      password: string,
      requestId: string | null,
      now = new Date(),
    ): Promise<SignInResult> {
      const user = await repo.byEmail(db, email.trim());
      if (!user) {
        await verifyPassword(await dummyPasswordHash(), password);
        await inTransaction(
          db,
          null,
          (tx) =>
            audit.record(
              tx,
              { userId: null, label: 'anonymous', requestId },
              {
                organisationId: null,
                action: 'sign_in.failed',
                entityType: 'user',
                entityId: 'unknown',
                after: { reason: 'unknown email' },
              },
            ),
          SIGN_IN,
        );
        return { ok: false, reason: 'invalid' };
      }
      const actor: Actor = { userId: user.id, label: user.email, requestId };
      if (user.lockedUntil && user.lockedUntil > now)
        return { ok: false, reason: 'locked', lockedUntil: user.lockedUntil };
      const valid = await verifyPassword(user.passwordHash, password);
      return inTransaction(
        db,
        null,
        async (tx): Promise<SignInResult> => {
          if (!valid) {
            if (user.lockedUntil && user.lockedUntil <= now)
              await repo.update(tx, user.id, { failedSignIns: 0, lockedUntil: null });
            const lockUntil = new Date(now.getTime() + deps.signIn.lockoutMinutes * 60_000);
            const updated = await repo.recordFailure(tx, user.id, deps.signIn.maxFailures, lockUntil);
            const locked = updated?.lockedUntil && updated.lockedUntil > now ? updated.lockedUntil : null;
            await audit.record(tx, actor, {
              organisationId: null,
              action: locked ? 'sign_in.locked' : 'sign_in.failed',
              entityType: 'user',
              entityId: user.id,
              after: { failedSignIns: updated?.failedSignIns ?? null },
            });
            return locked
              ? { ok: false, reason: 'locked', lockedUntil: locked }
              : { ok: false, reason: 'invalid' };
          }
          if (!user.isActive) {
            await audit.record(tx, actor, {
              organisationId: null,
              action: 'sign_in.refused_disabled',
              entityType: 'user',
              entityId: user.id,
            });
            return { ok: false, reason: 'disabled' };
          }
          const updated = await repo.update(tx, user.id, {
            failedSignIns: 0,
            lockedUntil: null,
            lastSignInAt: now,
          });
          await audit.record(tx, actor, {
            organisationId: null,
            action: 'sign_in.succeeded',
            entityType: 'user',
            entityId: user.id,
          });
          return { ok: true, user: updated ?? user };
        },
        SIGN_IN,
      );
    },

    /**
     * Single sign-on: the provider vouches for the email address, which must be verified. A person is
     * matched to their existing account by that address; nobody is created unless configured.
     */
    async signInWithSso(
      identity: { email: string | null; emailVerified: boolean; name: string | null; subject: string },
      autoCreate: { organisationId: string; role: Role } | null,
      requestId: string | null,
    ): Promise<SignInResult> {
      const email = identity.email?.trim().toLowerCase() ?? '';
      const anonymous: Actor = { userId: null, label: `sso:${email || identity.subject}`, requestId };
      const refuse = async (reason: 'unknown_sso' | 'unverified_sso' | 'disabled', userId: string | null) => {
        await inTransaction(
          db,
          null,
          (tx) =>
            audit.record(tx, anonymous, {
              organisationId: null,
              action: 'sign_in.sso_refused',
              entityType: 'user',
              entityId: userId ?? 'unknown',
              after: { reason, email },
            }),
          SIGN_IN,
        );
        return { ok: false, reason } as SignInResult;
      };
      if (!email || !identity.emailVerified || !EMAIL_PATTERN.test(email))
        return refuse('unverified_sso', null);
      let user = await repo.byEmail(db, email);
      if (!user && autoCreate) {
        ({ user } = await this.addMember(anonymous, {
          email,
          displayName: identity.name?.trim() || email,
          organisationId: autoCreate.organisationId,
          role: autoCreate.role,
        }));
      }
      if (!user) return refuse('unknown_sso', null);
      if (!user.isActive) return refuse('disabled', user.id);
      const signedIn = user;
      return inTransaction(
        db,
        null,
        async (tx) => {
          const updated = await repo.update(tx, signedIn.id, { lastSignInAt: new Date() });
          await audit.record(
            tx,
            { userId: signedIn.id, label: signedIn.email, requestId },
            {
              organisationId: null,
              action: 'sign_in.succeeded',
              entityType: 'user',
              entityId: signedIn.id,
              after: { method: 'oidc', subject: identity.subject },
            },
          );
          return { ok: true, user: updated ?? signedIn };
        },
        SIGN_IN,
      );
    },

    async createToken(
      actor: Actor,
      userId: string,
      name: string,
    ): Promise<{ token: string; record: ApiToken }> {
      const trimmed = name.trim();
      if (trimmed.length < 1 || trimmed.length > 80) {
        throw new ValidationError('The token could not be created', [
          {
            path: 'name',
            message: 'Enter a name for the token of 80 characters or fewer, such as “Monthly import script”',
          },
        ]);
      }
      const secret = randomBytes(32).toString('base64url');
      const token = `wmk_${secret}`;
      return inTransaction(db, null, async (tx) => {
        const record = await repo.insertToken(tx, {
          userId,
          name: trimmed,
          tokenHash: hashToken(token),
          prefix: token.slice(0, 10),
        });
        await audit.record(tx, actor, {
          organisationId: null,
          action: 'token.created',
          entityType: 'api_token',
          entityId: record.id,
          after: { name: trimmed, prefix: record.prefix, userId },
        });
        return { token, record };
      });
    },

    tokensOf: (userId: string) => repo.tokensOf(db, userId),

    async revokeToken(actor: Actor, userId: string, tokenId: string): Promise<void> {
      await inTransaction(db, null, async (tx) => {
        const revoked = await repo.revokeToken(tx, userId, tokenId);
        if (!revoked) throw new NotFoundError('There is no such active token');
        await audit.record(tx, actor, {
          organisationId: null,
          action: 'token.revoked',
          entityType: 'api_token',
          entityId: tokenId,
        });
      });
    },

    /** Resolves a bearer token to its active user, or null. */
    async authenticateToken(token: string): Promise<User | null> {
      if (!/^wmk_[A-Za-z0-9_-]{20,}$/.test(token)) return null;
      const found = await repo.tokenWithUser(db, hashToken(token));
      if (!found?.user.isActive) return null;
      // Last used is to the minute: an API call should not always cost a write.
      const now = new Date();
      const last = found.token.lastUsedAt;
      if (!last || now.getTime() - last.getTime() > 60_000) await repo.touchToken(db, found.token.id, now);
      return found.user;
    },

    roleLabel: (role: Role) => ROLE_LABELS[role],
  };
}

/** API tokens carry 256 random bits, so a fast hash is enough: there is nothing to brute-force. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type UserService = ReturnType<typeof userService>;
export type { Organisation };
