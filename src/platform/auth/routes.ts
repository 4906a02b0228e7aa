// Sign-in and sign-out pages: sessions rotate at sign-in, failures lock the account for a while.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OidcPending } from './oidc.js';
import type { Role } from '../../features/users/schema.js';
import { paths, safeReturnTo } from '../paths.js';
import { field, formErrors } from '../web/forms.js';
import type { ErrorDetail } from '../errors.js';
import { render } from '../web/render.js';
import { formatDateTime } from '../web/nunjucks.js';
import { SESSION_COOKIE } from './sessions.js';

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const https = app.config.baseUrl.startsWith('https://');

  function setSessionCookie(reply: FastifyReply, id: string): void {
    reply.setCookie(SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: 'lax',
      secure: https,
      path: '/',
      maxAge: app.config.session.absoluteHours * 3600,
    });
  }

  app.get('/sign-in', { config: { access: { public: true } } }, async (request, reply) => {
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).returnTo);
    if (request.auth) return reply.redirect(returnTo ?? paths.home(), 303);
    return render(request, reply, 'auth/sign-in.njk', { values: { email: '' }, returnTo });
  });

  app.post(
    '/sign-in',
    {
      config: {
        access: { public: true },
        rateLimit: {
          max: 20,
          timeWindow: '1 minute',
          errorResponseBuilder: () => ({
            statusCode: 429,
            message: 'Too many sign-in attempts from your network. Wait a minute and try again.',
          }),
        },
      },
    },
    async (request, reply) => {
      const email = field(request.body, 'email', 320).trim();
      const password = field(request.body, 'password', 1000);
      const returnTo = safeReturnTo(field(request.body, 'returnTo', 600));
      const details: ErrorDetail[] = [];
      if (!email) details.push({ path: 'email', message: 'Enter your email address' });
      if (!password) details.push({ path: 'password', message: 'Enter your password' });
      if (details.length === 0) {
        const result = await app.services.users.signIn(email, password, request.id);
        if (result.ok) {
          // Rotate: any session id the browser had before signing in is dropped, never promoted.
          if (request.auth?.sessionId) await app.services.sessions.destroy(request.auth.sessionId);
          const sessionId = await app.services.sessions.create(result.user.id);
          setSessionCookie(reply, sessionId);
          return reply.redirect(returnTo ?? paths.home(), 303);
        }
        if (result.reason === 'locked') {
          details.push({
            path: 'email',
            message: `Your account is locked after too many failed sign-in attempts. Try again after ${formatDateTime(result.lockedUntil)}, or ask your Waymark admin to unlock it.`,
          });
        } else if (result.reason === 'disabled') {
          details.push({
            path: 'email',
            message: 'Your account has been disabled. Ask your Waymark admin if you need access.',
          });
        } else {
          details.push({ path: 'email', message: 'Enter a correct email address and password' });
        }
      }
      reply.status(details.some((d) => d.message.startsWith('Your account is locked')) ? 423 : 400);
      return render(request, reply, 'auth/sign-in.njk', {
        values: { email },
        returnTo,
        errors: formErrors(details),
      });
    },
  );

  // ---- Single sign-on (OpenID Connect) ----
  const OIDC_COOKIE = 'waymark_oidc';
  const ssoMessages: Record<string, string> = {
    unknown_sso:
      'There is no Waymark account for the email address your council account uses. Ask your Waymark admin to add you.',
    unverified_sso:
      'Your council account did not confirm an email address, so Waymark cannot tell who you are. Ask your Waymark admin.',
    disabled: 'Your account has been disabled. Ask your Waymark admin if you need access.',
    failed:
      'Signing in with your council account did not work. Try again, or sign in with your email address and password.',
  };

  async function ssoError(request: FastifyRequest, reply: FastifyReply, key: string) {
    reply.status(400);
    return render(request, reply, 'auth/sign-in.njk', {
      values: { email: '' },
      returnTo: null,
      errors: formErrors([{ path: 'sso', message: ssoMessages[key] ?? ssoMessages.failed! }]),
    });
  }

  app.get('/sign-in/oidc', { config: { access: { public: true } } }, async (request, reply) => {
    const oidc = app.services.oidc;
    if (!oidc) return reply.callNotFound();
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).returnTo);
    let started;
    try {
      started = await oidc.start(returnTo);
    } catch (error) {
      request.log.warn({ err: error }, 'single sign-on could not start');
      return ssoError(request, reply, 'failed');
    }
    reply.setCookie(OIDC_COOKIE, JSON.stringify(started.pending), {
      signed: true,
      httpOnly: true,
      // Lax: the cookie must come back on the provider's top-level redirect to the callback.
      sameSite: 'lax',
      secure: https,
      path: '/sign-in/oidc',
      maxAge: 600,
    });
    return reply.redirect(started.url, 303);
  });

  app.get('/sign-in/oidc/callback', { config: { access: { public: true } } }, async (request, reply) => {
    const oidc = app.services.oidc;
    if (!oidc) return reply.callNotFound();
    const raw = request.cookies[OIDC_COOKIE];
    reply.clearCookie(OIDC_COOKIE, { path: '/sign-in/oidc' });
    const unsigned = raw ? request.unsignCookie(raw) : null;
    if (!unsigned?.valid || !unsigned.value) return ssoError(request, reply, 'failed');
    let pending: OidcPending;
    let identity;
    try {
      pending = JSON.parse(unsigned.value) as OidcPending;
      identity = await oidc.finish(new URL(request.url, app.config.baseUrl), pending);
    } catch (error) {
      request.log.warn({ err: error }, 'single sign-on callback refused');
      return ssoError(request, reply, 'failed');
    }
    const auto = app.config.oidc?.autoCreate;
    const autoOrg = auto ? await app.services.organisations.bySlug(auto.organisationSlug) : null;
    const result = await app.services.users.signInWithSso(
      identity,
      auto && autoOrg ? { organisationId: autoOrg.id, role: auto.role as Role } : null,
      request.id,
    );
    if (!result.ok) return ssoError(request, reply, result.reason);
    if (request.auth?.sessionId) await app.services.sessions.destroy(request.auth.sessionId);
    setSessionCookie(reply, await app.services.sessions.create(result.user.id));
    return reply.redirect(safeReturnTo(pending.returnTo) ?? paths.home(), 303);
  });

  app.post('/sign-out', { config: { access: { public: true } } }, async (request, reply) => {
    if (request.auth?.sessionId) await app.services.sessions.destroy(request.auth.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect(`${paths.signIn()}?signedOut=1`, 303);
  });
}
