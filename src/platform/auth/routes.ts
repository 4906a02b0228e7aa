// Sign-in and sign-out pages: sessions rotate at sign-in, failures lock the account for a while.
import type { FastifyInstance, FastifyReply } from 'fastify';
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

  app.post('/sign-out', { config: { access: { public: true } } }, async (request, reply) => {
    if (request.auth?.sessionId) await app.services.sessions.destroy(request.auth.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect(`${paths.signIn()}?signedOut=1`, 303);
  });
}
