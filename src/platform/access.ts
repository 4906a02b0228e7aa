// The access matrix: the one source of who may do what. Routes name a permission; docs and tests read this table.
import type { Role } from '../features/users/schema.js';
import { ROLES } from '../features/users/schema.js';

export const PERMISSIONS = {
  'org:read': 'See the organisation and its home page',
  'users:manage': 'Add users, set roles, disable accounts',
  'audit:read': 'Read the audit trail of any record',
  'inspections:read': 'Read inspections, judgements, recommendations, visits and interventions',
  'inspections:edit': 'Record and correct inspections, visits and interventions; read reports',
  'plan:read': 'Read the improvement plan',
  'plan:edit': 'Edit the plan, approve versions, accept or return updates, approve date changes',
  'plan:report': 'Submit progress updates and request date changes on own actions',
  'challenge:raise': 'Raise a challenge on an outcome, commitment or action',
  'indicators:read': 'Read indicators, targets, data and benchmarks',
  'indicators:edit': 'Manage indicators, targets, data and imports',
  'quality:stats': 'Read quality-assurance statistics and trends',
  'quality:records': 'Read individual case audit records',
  'quality:audit': 'Record case audits',
  'quality:moderate': 'Moderate case audits',
  'quality:check': 'Run Check & Challenge sessions',
  'teams:manage': 'Manage teams and their managers and members',
  'reference:import':
    'Load national reference data (Ofsted grades, statistical neighbours) for every organisation',
  'governance:read': 'Read boards, meetings and issued board packs',
  'governance:edit': 'Manage boards and meetings; generate and issue board packs',
} as const;

export type Permission = keyof typeof PERMISSIONS;

const ALL = Object.keys(PERMISSIONS) as Permission[];
const READ: Permission[] = [
  'org:read',
  'inspections:read',
  'plan:read',
  'indicators:read',
  'quality:stats',
  'governance:read',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ALL,
  improvement_lead: [
    ...READ,
    'audit:read',
    'inspections:edit',
    'plan:edit',
    'plan:report',
    'challenge:raise',
    'quality:records',
    'quality:check',
    'teams:manage',
    'governance:edit',
  ],
  action_lead: [...READ, 'plan:report'],
  performance_analyst: [...READ, 'indicators:edit'],
  auditor: [...READ, 'quality:records', 'quality:audit', 'quality:check'],
  moderator: [...READ, 'quality:records', 'quality:moderate'],
  board_member: [...READ, 'challenge:raise'],
  viewer: READ,
};

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  improvement_lead: 'Improvement lead',
  action_lead: 'Action lead',
  performance_analyst: 'Performance analyst',
  auditor: 'Auditor',
  moderator: 'Moderator',
  board_member: 'Board member',
  viewer: 'Viewer',
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
