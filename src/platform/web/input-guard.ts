// Refuses text that PostgreSQL cannot store (NUL characters) and unpaired surrogates, anywhere in a
// request's query or body, with a 400 naming the field: one guard at the edge instead of a crash
// in whichever repository the text reaches first.
import type { FastifyRequest } from 'fastify';
import { ValidationError } from '../errors.js';

// NUL, and UTF-16 surrogates that do not form a pair (they cannot be encoded as UTF-8).
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const FORBIDDEN = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function findForbidden(value: unknown, path: string, depth = 0): string | null {
  if (depth > 20) return null;
  if (typeof value === 'string') return FORBIDDEN.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbidden(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const found = FORBIDDEN.test(key)
        ? `${path}.${key.replace(FORBIDDEN, '?')}`
        : findForbidden(inner, `${path}.${key}`, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

export async function guardInput(request: FastifyRequest): Promise<void> {
  const found = findForbidden(request.query, 'query') ?? findForbidden(request.body, 'body');
  if (found) {
    const field = found.replace(/^(query|body)\./, '');
    throw new ValidationError(
      `${field} contains a character that cannot be saved (a control character or broken text)`,
      [{ path: found, message: 'Remove control characters and broken text, then try again' }],
    );
  }
}
