// Renders a page with the context every layout needs: nonce, CSRF token, user, organisation, navigation.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Organisation } from '../../features/organisations/schema.js';
import { can, type Permission } from '../access.js';
import { paths } from '../paths.js';
import type { Flash } from '../auth/sessions.js';

export interface NavItem {
  text: string;
  href: string;
  active: boolean;
}

/** Feature navigation entries; features add theirs at start-up (see app.ts). */
export interface NavEntry {
  text: string;
  href: (slug: string) => string;
  permission: Permission;
  /** The path prefix (after /o/{slug}) that marks this entry as current. */
  match: string;
}

const navEntries: NavEntry[] = [];

export function registerNavEntry(entry: NavEntry): void {
  if (!navEntries.some((e) => e.match === entry.match)) navEntries.push(entry);
}

/** Picks black or white text, whichever contrasts more with the council's brand colour (WCAG 1.4.3). */
export function textColourFor(hex: string): '#ffffff' | '#0b0c0c' {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  const contrastWhite = 1.05 / (luminance + 0.05);
  const contrastBlack = (luminance + 0.05) / (0.0033 + 0.05);
  return contrastWhite >= contrastBlack ? '#ffffff' : '#0b0c0c';
}

function navigation(request: FastifyRequest, org: Organisation | null): NavItem[] {
  if (!org || !request.role) return [];
  const base = paths.org.home(org.slug);
  const url = request.url.split('?')[0] ?? '';
  const items: NavItem[] = [{ text: 'Overview', href: base, active: url === base }];
  for (const entry of navEntries) {
    if (!can(request.role, entry.permission)) continue;
    items.push({
      text: entry.text,
      href: entry.href(org.slug),
      active: url.startsWith(`${base}${entry.match}`),
    });
  }
  if (can(request.role, 'users:manage')) {
    items.push({
      text: 'Users',
      href: paths.org.users(org.slug),
      active: url.startsWith(`${base}/admin/users`),
    });
  }
  return items;
}

export async function render(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: Record<string, unknown> = {},
): Promise<FastifyReply> {
  const org = request.org;
  const user = request.auth?.user ?? null;
  let flash: Flash | null = null;
  const session = request.auth?.session;
  if (session?.flash && request.auth?.sessionId) {
    flash = session.flash;
    await request.server.services.sessions.setFlash(request.auth.sessionId, null);
  }
  const memberships = user ? await request.server.services.users.membershipsOf(user.id) : [];
  const brandColour = org?.brandColour ?? '#1d70b8';
  const context = {
    csrfToken: reply.generateCsrf(),
    currentUser: user,
    currentRole: request.role,
    org,
    memberships,
    brand: { colour: brandColour, text: textColourFor(brandColour) },
    navigation: navigation(request, org),
    currentUrl: request.url,
    requestId: request.id,
    now: new Date(),
    sso: request.server.services.oidc ? { label: request.server.services.oidc.label } : null,
    flash,
    can: (permission: Permission) => can(request.role, permission),
    ...data,
  };
  return reply.type('text/html; charset=utf-8').view(template, context);
}

export async function setFlash(request: FastifyRequest, flash: Flash): Promise<void> {
  if (request.auth?.sessionId) await request.server.services.sessions.setFlash(request.auth.sessionId, flash);
}
