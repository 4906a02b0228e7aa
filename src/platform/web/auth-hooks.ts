// Request hooks: who is asking (session cookie or bearer token) and whether they may reach the route.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../access.js';
import { SESSION_COOKIE } from '../auth/sessions.js';
import { ForbiddenError, NotFoundError, UnauthorisedError } from '../errors.js';
import { paths } from '../paths.js';

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/** onRequest: the API knows only bearer tokens (so it needs no CSRF); pages know only the session cookie. */
export async function authenticate(request: FastifyRequest): Promise<void> {
  const { services } = request.server;
  if (isApiRequest(request)) {
    const header = request.headers.authorization;
    if (typeof header === 'string' && header.startsWith('Bearer ')) {
      const user = await services.users.authenticateToken(header.slice(7).trim());
      if (user) request.auth = { user, via: 'token', session: null, sessionId: null };
    }
    return;
  }
  const sessionId = request.cookies[SESSION_COOKIE];
  if (!sessionId) return;
  const found = await services.sessions.resolveWithUser(sessionId);
  if (!found) return;
  const { session, user } = found;
  if (!user.isActive) {
    await services.sessions.destroy(sessionId);
    return;
  }
  request.auth = { user, via: 'session', session, sessionId };
}

/**
 * preValidation: routes are private unless marked public. A route under an organisation's slug needs
 * a membership there (anyone else gets 404, so one council cannot learn of another's records),
 * and the route's permission must be in the member's role.
 */
export async function enforceAccess(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const access = request.routeOptions.config.access;
  if (access?.public) return;
  const url = request.routeOptions.url;
  if (url === undefined) return; // the 404 handler
  if (url.startsWith('/assets/') || url.startsWith('/static/')) return; // stylesheets, scripts, images
  if (!request.auth) {
    if (isApiRequest(request))
      throw new UnauthorisedError('Send an API token as "Authorization: Bearer <token>"');
    const returnTo = request.method === 'GET' ? request.url : undefined;
    await reply.redirect(paths.signIn(returnTo), 303);
    return reply;
  }
  const slug = (request.params as Record<string, unknown> | undefined)?.slug;
  if (typeof slug === 'string') {
    const membership = await request.server.services.users.membershipBySlug(slug, request.auth.user.id);
    if (!membership) throw new NotFoundError(`There is no organisation "${slug}" that you can see`);
    request.org = membership.organisation;
    request.role = membership.role;
    request.dataRevision = membership.revision;
  }
  if (access?.permission) {
    if (typeof slug !== 'string')
      throw new Error(`Route ${request.routeOptions.url} names a permission but has no :slug`);
    if (!can(request.role, access.permission)) throw new ForbiddenError();
  }
}
