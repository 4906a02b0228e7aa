// The one error handler: JSON errors for the API (DESIGN §4 shape), GOV.UK-styled pages for people.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorDetail } from '../errors.js';
import { isApiRequest } from './auth-hooks.js';
import { render } from './render.js';

interface Normalised {
  status: number;
  code: string;
  message: string;
  details: ErrorDetail[];
}

function normalise(error: FastifyError | AppError | Error): Normalised {
  if (error instanceof AppError) {
    return { status: error.statusCode, code: error.code, message: error.message, details: error.details };
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    const details = fe.validation.map((v) => ({
      path: `${fe.validationContext ?? 'body'}${v.instancePath ? v.instancePath.replaceAll('/', '.') : ''}${
        v.keyword === 'required' && typeof v.params.missingProperty === 'string'
          ? `.${v.params.missingProperty}`
          : ''
      }`,
      message: v.message ?? 'is not valid',
    }));
    return { status: 400, code: 'validation_failed', message: 'The request is not valid', details };
  }
  if (fe.code?.startsWith('FST_CSRF')) {
    return {
      status: 403,
      code: 'csrf_invalid',
      message: 'This form has expired or was not sent from Waymark. Go back, reload the page and try again.',
      details: [],
    };
  }
  const status = fe.statusCode ?? 500;
  if (status === 413 || fe.code === 'FST_REQ_FILE_TOO_LARGE') {
    return { status: 413, code: 'too_large', message: 'The upload is too large', details: [] };
  }
  if (status === 415)
    return {
      status,
      code: 'unsupported_media_type',
      message: 'That content type is not supported',
      details: [],
    };
  if (status === 429) return { status, code: 'too_many_requests', message: error.message, details: [] };
  if (status >= 400 && status < 500)
    return { status, code: 'bad_request', message: error.message, details: [] };
  return {
    status: 500,
    code: 'internal_error',
    message: 'Sorry, there is a problem with the service',
    details: [],
  };
}

async function sendError(request: FastifyRequest, reply: FastifyReply, n: Normalised): Promise<FastifyReply> {
  if (isApiRequest(request)) {
    return reply
      .status(n.status)
      .type('application/json')
      .send({ error: n.code, message: n.message, details: n.details });
  }
  const template =
    n.status === 404
      ? 'errors/404.njk'
      : n.status === 403
        ? 'errors/403.njk'
        : n.status >= 500
          ? 'errors/500.njk'
          : 'errors/4xx.njk';
  reply.status(n.status);
  try {
    return await render(request, reply, template, { error: n });
  } catch {
    return reply.type('text/plain; charset=utf-8').send(n.message);
  }
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(async (error, request, reply) => {
    const n = normalise(error as FastifyError);
    if (n.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: n.code, status: n.status }, 'request refused');
    return sendError(request, reply, n);
  });
  app.setNotFoundHandler(async (request, reply) =>
    sendError(request, reply, { status: 404, code: 'not_found', message: 'Page not found', details: [] }),
  );
}
