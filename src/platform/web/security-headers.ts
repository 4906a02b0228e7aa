// Security headers (helmet), built once: they are the same on every response. The content security
// policy allows inline scripts by hash, not by nonce. The only inline script of any page is the
// GOV.UK template's one line marking the body as JavaScript-enabled; its text is fixed, so its hash
// is too, and a page carries nothing that changes per response (which lets the page cache store a
// page once and send the same compressed bytes to everyone).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Sets helmet's headers on every response. @fastify/helmet builds helmet's middleware again for
 * each request (about 8% of the server's time on a cached page); this builds it once.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const apply = helmet(options);
  app.addHook('onRequest', (request, reply, done) => {
    apply(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
}

/** `'sha256-…'` sources for the text of every inline <script> in a template file. */
export function inlineScriptHashes(templateFile: string): string[] {
  const text = fs.readFileSync(templateFile, 'utf8');
  // A script's text is what follows the last '>' of its opening tag (which may hold template tags).
  return [...text.matchAll(/>([^<>]*)<\/script>/g)]
    .map((m) => m[1]!)
    .filter((body) => body.trim() !== '' && !body.includes('{{') && !body.includes('{%'))
    .map((body) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
}
