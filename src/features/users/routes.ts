// Pages and API for people: your account, password, API tokens, and the admin's user management.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ROLES } from './schema.js';
import { ROLE_LABELS } from '../../platform/access.js';
import type { Actor } from '../../platform/audit/service.js';
import { ValidationError } from '../../platform/errors.js';
import { paths } from '../../platform/paths.js';
import { field, formErrors, intField } from '../../platform/web/forms.js';
import { render, setFlash } from '../../platform/web/render.js';
import { publicUser } from './service.js';
import type { FastifyRequest } from 'fastify';

export function actorOf(request: FastifyRequest): Actor {
  const user = request.auth?.user;
  return { userId: user?.id ?? null, label: user?.email ?? 'anonymous', requestId: request.id };
}

const roleItems = (selected?: string) =>
  ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role], checked: role === selected }));

export async function userRoutes(app: FastifyInstance): Promise<void> {
  const { users } = app.services;

  // ---- Your account ----
  app.get('/account', async (request, reply) => {
    const user = request.auth!.user;
    return render(request, reply, 'users/views/account.njk', {
      user,
      memberships: await users.membershipsOf(user.id),
      tokens: await users.tokensOf(user.id),
    });
  });

  app.get('/account/password', (request, reply) => render(request, reply, 'users/views/password.njk'));

  app.post('/account/password', async (request, reply) => {
    const user = request.auth!.user;
    try {
      await users.changePassword(
        actorOf(request),
        user.id,
        field(request.body, 'currentPassword', 1000),
        field(request.body, 'newPassword', 1000),
        field(request.body, 'confirmPassword', 1000),
      );
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return render(request, reply, 'users/views/password.njk', { errors: formErrors(error.details) });
    }
    // A changed password ends every other session, in case the old one was known to someone else.
    if (request.auth?.sessionId) await app.services.sessions.destroyOthers(user.id, request.auth.sessionId);
    await setFlash(request, { kind: 'success', title: 'Your password has been changed' });
    return reply.redirect(paths.account(), 303);
  });

  app.post('/account/tokens', async (request, reply) => {
    const user = request.auth!.user;
    try {
      const { token, record } = await users.createToken(
        actorOf(request),
        user.id,
        field(request.body, 'name', 200),
      );
      return render(request, reply, 'users/views/token-created.njk', { token, record });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return render(request, reply, 'users/views/account.njk', {
        user,
        memberships: await users.membershipsOf(user.id),
        tokens: await users.tokensOf(user.id),
        errors: formErrors(error.details),
      });
    }
  });

  app.post('/account/tokens/:tokenId/revoke', async (request, reply) => {
    const { tokenId } = request.params as { tokenId: string };
    if (!/^[0-9a-f-]{36}$/.test(tokenId)) return reply.callNotFound();
    await users.revokeToken(actorOf(request), request.auth!.user.id, tokenId);
    await setFlash(request, { kind: 'success', title: 'The token has been revoked' });
    return reply.redirect(paths.account(), 303);
  });

  // ---- Admin: people in an organisation ----
  const manage = { access: { permission: 'users:manage' } } as const;

  app.get('/o/:slug/admin/users', { config: manage }, async (request, reply) => {
    const page = Number((request.query as Record<string, string>).page ?? '1');
    const list = await users.listMembers(request.org!.id, Number.isInteger(page) ? page : 1);
    return render(request, reply, 'users/views/list.njk', { list });
  });

  app.get('/o/:slug/admin/users/new', { config: manage }, (request, reply) =>
    render(request, reply, 'users/views/new.njk', { values: {}, roleItems: roleItems() }),
  );

  app.post('/o/:slug/admin/users/new', { config: manage }, async (request, reply) => {
    const values = {
      email: field(request.body, 'email', 320),
      displayName: field(request.body, 'displayName', 200),
      role: field(request.body, 'role', 50),
    };
    try {
      const { user, created } = await users.addMember(actorOf(request), {
        ...values,
        organisationId: request.org!.id,
      });
      await setFlash(request, {
        kind: 'success',
        title: created
          ? `${user.displayName} has been added`
          : `${user.displayName} already had an account and has been added`,
        ...(created
          ? { text: 'Set their first password with the CLI (waymark user reset-password) or single sign-on.' }
          : {}),
      });
      return reply.redirect(paths.org.users(request.org!.slug), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return render(request, reply, 'users/views/new.njk', {
        values,
        roleItems: roleItems(values.role),
        errors: formErrors(error.details),
      });
    }
  });

  async function editPage(slug: string, userId: string) {
    const org = await app.services.organisations.requireBySlug(slug);
    const membership = /^[0-9a-f-]{36}$/.test(userId) ? await users.membership(org.id, userId) : null;
    const user = membership ? await users.byId(userId) : null;
    return membership && user ? { membership, user } : null;
  }

  app.get('/o/:slug/admin/users/:userId', { config: manage }, async (request, reply) => {
    const { slug, userId } = request.params as { slug: string; userId: string };
    const found = await editPage(slug, userId);
    if (!found) return reply.callNotFound();
    return render(request, reply, 'users/views/edit.njk', {
      ...found,
      roleItems: roleItems(found.membership.role),
      history: await app.services.audit.history(app.services.database.db, request.org!.id, 'user', userId),
    });
  });

  app.post('/o/:slug/admin/users/:userId/role', { config: manage }, async (request, reply) => {
    const { slug, userId } = request.params as { slug: string; userId: string };
    const found = await editPage(slug, userId);
    if (!found) return reply.callNotFound();
    const role = field(request.body, 'role', 50);
    const version = intField(request.body, 'version') ?? -1;
    try {
      await users.setRole(actorOf(request), request.org!.id, userId, role, version);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return render(request, reply, 'users/views/edit.njk', {
        ...found,
        roleItems: roleItems(role),
        errors: formErrors(error.details),
        history: await app.services.audit.history(app.services.database.db, request.org!.id, 'user', userId),
      });
    }
    await setFlash(request, {
      kind: 'success',
      title: `${found.user.displayName} is now ${ROLE_LABELS[role as keyof typeof ROLE_LABELS]}`,
    });
    return reply.redirect(paths.org.users(slug), 303);
  });

  app.post('/o/:slug/admin/users/:userId/status', { config: manage }, async (request, reply) => {
    const { slug, userId } = request.params as { slug: string; userId: string };
    const found = await editPage(slug, userId);
    if (!found) return reply.callNotFound();
    const active = field(request.body, 'active') === 'true';
    if (!active && userId === request.auth!.user.id) {
      throw new ValidationError('You cannot disable your own account', [
        { path: 'active', message: 'You cannot disable your own account' },
      ]);
    }
    await users.setActive(actorOf(request), request.org!.id, userId, active);
    if (!active) await app.services.sessions.destroyAllForUser(userId);
    await setFlash(request, {
      kind: 'success',
      title: `${found.user.displayName} has been ${active ? 'enabled' : 'disabled'}`,
    });
    return reply.redirect(paths.org.users(slug), 303);
  });

  // ---- API ----
  const Membership = Type.Object({ slug: Type.String(), name: Type.String(), role: Type.String() });
  app.get(
    '/api/v1/me',
    {
      schema: {
        summary: 'The signed-in user and their organisations',
        tags: ['people'],
        response: {
          200: Type.Object({
            id: Type.String(),
            email: Type.String(),
            displayName: Type.String(),
            memberships: Type.Array(Membership),
          }),
        },
      },
    },
    async (request) => {
      const user = request.auth!.user;
      const memberships = await users.membershipsOf(user.id);
      return {
        ...publicUser(user),
        memberships: memberships.map((m) => ({
          slug: m.organisation.slug,
          name: m.organisation.name,
          role: m.role,
        })),
      };
    },
  );

  app.get(
    '/api/v1/organisations/:slug/users',
    {
      config: manage,
      schema: {
        summary: 'People in the organisation, with their roles',
        tags: ['people'],
        params: Type.Object({ slug: Type.String() }),
        querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })) }),
        response: {
          200: Type.Object({
            page: Type.Integer(),
            pages: Type.Integer(),
            total: Type.Integer(),
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                email: Type.String(),
                displayName: Type.String(),
                role: Type.String(),
                isActive: Type.Boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { page } = request.query as { page?: number };
      const list = await users.listMembers(request.org!.id, page ?? 1, 100);
      return {
        page: list.page,
        pages: list.pages,
        total: list.total,
        items: list.rows.map((r) => ({
          id: r.user.id,
          email: r.user.email,
          displayName: r.user.displayName,
          role: r.role,
          isActive: r.user.isActive,
        })),
      };
    },
  );
}
