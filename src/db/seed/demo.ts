// The synthetic "Demo Borough Council": an organisation with one user for every role. Features add
// their own demo records through the seeders listed here. All of it is invented and marked as such.
import type { Services } from '../../services.js';
import { ROLES, type Role } from '../../features/users/schema.js';
import { ROLE_LABELS } from '../../platform/access.js';
import { SYSTEM_ACTOR } from '../../platform/audit/service.js';
import { generatePassword } from '../../features/users/passwords.js';
import { seedQualityDemo } from '../../features/quality/demo.js';
import { seedInspectionsDemo } from '../../features/inspections/demo.js';
import { seedPlanDemo } from '../../features/plan/demo.js';
import { seedIndicatorsDemo } from '../../features/indicators/demo.js';
import { seedGovernanceDemo } from '../../features/governance/demo.js';

export const DEMO_SLUG = 'demo';
export const DEMO_DOMAIN = 'demo-borough.example';

export const DEMO_USERS: { role: Role; email: string; displayName: string }[] = ROLES.map((role) => ({
  role,
  email: `${role.replaceAll('_', '.')}@${DEMO_DOMAIN}`,
  displayName: `Demo ${ROLE_LABELS[role]}`,
}));

export interface DemoSeedResult {
  created: boolean;
  password: string | null;
  users: typeof DEMO_USERS;
}

export type DemoSeeder = (
  services: Services,
  context: { organisationId: string; userIds: Record<Role, string> },
) => Promise<void>;

/** Each feature's demo data, in dependency order. */
export const demoSeeders: DemoSeeder[] = [
  seedInspectionsDemo,
  seedPlanDemo,
  seedQualityDemo,
  seedIndicatorsDemo,
  seedGovernanceDemo,
];

export async function seedDemo(
  services: Services,
  passwordFromConfig: string | null,
): Promise<DemoSeedResult> {
  if (await services.organisations.bySlug(DEMO_SLUG))
    return { created: false, password: null, users: DEMO_USERS };
  const password = passwordFromConfig ?? generatePassword();
  const actor = { ...SYSTEM_ACTOR, label: 'demo seed' };
  const org = await services.organisations.create(actor, {
    slug: DEMO_SLUG,
    name: 'Demo Borough Council',
    laNumber: 990,
    gssCode: 'E09999990',
    region: 'Synthetic region',
    brandColour: '#00594f',
    isDemo: true,
    // Demo Borough is invented; it borrows a real council's ten statistical neighbours so that its journey
    // page shows real neighbours' grades once Ofsted's overview is imported.
    statisticalNeighbours: [213, 205, 207, 206, 212, 352, 203, 870, 309, 302],
  });
  const userIds = {} as Record<Role, string>;
  for (const demoUser of DEMO_USERS) {
    const { user } = await services.users.addMember(actor, { ...demoUser, organisationId: org.id, password });
    userIds[demoUser.role] = user.id;
  }
  for (const seeder of demoSeeders) await seeder(services, { organisationId: org.id, userIds });
  return { created: true, password, users: DEMO_USERS };
}

export function describeDemoSignIn(result: DemoSeedResult, baseUrl: string): string {
  const lines = [
    '',
    `Waymark demo data: "Demo Borough Council" (synthetic) at ${baseUrl}/o/${DEMO_SLUG}`,
    'Sign in as any of:',
    ...result.users.map((u) => `  ${u.email.padEnd(42)} ${ROLE_LABELS[u.role]}`),
  ];
  lines.push(
    result.password
      ? `Password for every demo user: ${result.password}   (shown once; set WAYMARK_DEMO_PASSWORD to choose it)`
      : 'The demo password was printed when the demo was first created (or set by WAYMARK_DEMO_PASSWORD). Reset one with: npm run waymark -- user reset-password EMAIL',
    '',
  );
  return lines.join('\n');
}
