// What every request carries once the auth hooks have run (Fastify module augmentation).
import type { Organisation } from '../../features/organisations/schema.js';
import type { Role, User } from '../../features/users/schema.js';
import type { Session } from '../auth/schema.js';
import type { Permission } from '../access.js';

export interface RequestAuth {
  user: User;
  via: 'session' | 'token';
  session: Session | null;
  /** The raw session id from the cookie, kept only to rotate or destroy the session. */
  sessionId: string | null;
}

export interface RouteAccess {
  /** Reachable without signing in. */
  public?: boolean;
  /** Needs this permission in the organisation named by the route's :slug (or any organisation). */
  permission?: Permission;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
    org: Organisation | null;
    role: Role | null;
    /** The organisation's data revision, read with it (src/db/revisions.ts); null without one. */
    dataRevision: string | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}
