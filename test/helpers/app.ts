// A whole Waymark app on a test database, with factories for organisations and people.
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { DatabaseHandle, DatabaseKind } from '../../src/db/client.js';
import { createServices, type Services } from '../../src/services.js';
import type { Role } from '../../src/features/users/schema.js';
import { SYSTEM_ACTOR } from '../../src/platform/audit/service.js';
import { openTestDatabase } from './db.js';

/** Only for tests: a long, uncommon password that passes the policy. */
export const TEST_PASSWORD = 'test-only violet kettle orbit';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  database: DatabaseHandle;
  config: Config;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123456789',
    LOG_LEVEL: 'silent',
    WAYMARK_DEMO: '0',
    ...overrides,
  });
}

export async function createTestApp(kind: DatabaseKind, env: Record<string, string> = {}): Promise<TestApp> {
  const config = testConfig(env);
  const database = await openTestDatabase(kind);
  const services = createServices(database, config);
  const app = await createApp({ config, services, logger: false });
  await app.ready();
  return {
    app,
    services,
    database,
    config,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

let counter = 0;
function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${process.pid}x${counter}`;
}

export async function makeOrganisation(
  services: Services,
  overrides: { slug?: string; name?: string; brandColour?: string } = {},
) {
  const slug = overrides.slug ?? unique('org');
  return services.organisations.create(SYSTEM_ACTOR, {
    slug,
    name: overrides.name ?? `Test Council ${slug}`,
    ...(overrides.brandColour ? { brandColour: overrides.brandColour } : {}),
  });
}

export async function makeUser(
  services: Services,
  organisationId: string,
  role: Role,
  options: { email?: string; password?: string | null; name?: string } = {},
) {
  const email = options.email ?? `${unique(role.replaceAll('_', '.'))}@test-council.example`;
  const { user } = await services.users.addMember(SYSTEM_ACTOR, {
    email,
    displayName: options.name ?? `Test ${role}`,
    organisationId,
    role,
    password: options.password === undefined ? TEST_PASSWORD : options.password,
  });
  return user;
}
