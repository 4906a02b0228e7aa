// Tables for quality assurance: teams, versioned audit templates, case audits (pseudonymous), case
// actions, moderation of a sample, Check & Challenge sessions, and each organisation's settings.
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps, version } from '../../db/columns.js';
import { organisationIdColumn, organisations } from '../organisations/schema.js';
import { users } from '../users/schema.js';

export const AUDIT_GRADES = ['outstanding', 'good', 'requires_improvement', 'inadequate'] as const;
export type AuditGrade = (typeof AUDIT_GRADES)[number];

export const AUDIT_TYPES = ['monthly', 'thematic', 'check_and_challenge', 'external'] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

const orgId = organisationIdColumn;

export const teams = pgTable(
  'teams',
  {
    id: id(),
    organisationId: orgId(),
    name: text('name').notNull(),
    serviceArea: text('service_area').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    ...timestamps(),
    version: version(),
  },
  (t) => [uniqueIndex('teams_org_name_key').on(t.organisationId, t.name)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    organisationId: orgId(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    isManager: boolean('is_manager').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.teamId, t.userId] }),
    index('team_members_user_idx').on(t.organisationId, t.userId),
  ],
);

export interface TemplateDomain {
  key: string;
  title: string;
  guidance: string;
}
export interface ComplianceItem {
  key: string;
  question: string;
}

export const auditTemplates = pgTable(
  'audit_templates',
  {
    id: id(),
    organisationId: orgId(),
    name: text('name').notNull(),
    versionNumber: integer('version_number').notNull(),
    isCurrent: boolean('is_current').notNull().default(true),
    domains: jsonb('domains').$type<TemplateDomain[]>().notNull(),
    complianceItems: jsonb('compliance_items').$type<ComplianceItem[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('audit_templates_version_key').on(t.organisationId, t.name, t.versionNumber)],
);

export const caseAudits = pgTable(
  'case_audits',
  {
    id: id(),
    organisationId: orgId(),
    /** The council's own pseudonymous case reference: never a name or a date of birth. */
    caseReference: text('case_reference').notNull(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    workerReference: text('worker_reference'),
    auditorId: uuid('auditor_id')
      .notNull()
      .references(() => users.id),
    auditedOn: date('audited_on').notNull(),
    auditType: text('audit_type').$type<AuditType>().notNull(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => auditTemplates.id),
    domainGrades: jsonb('domain_grades').$type<Record<string, AuditGrade>>().notNull(),
    compliance: jsonb('compliance').$type<Record<string, boolean>>().notNull().default({}),
    overallGrade: text('overall_grade').$type<AuditGrade>().notNull(),
    overallRationale: text('overall_rationale').notNull(),
    strengths: text('strengths').notNull().default(''),
    areasForDevelopment: text('areas_for_development').notNull().default(''),
    learningThemes: jsonb('learning_themes').$type<string[]>().notNull().default([]),
    independenceOverrideReason: text('independence_override_reason'),
    independenceOverriddenBy: uuid('independence_overridden_by').references(() => users.id),
    checkChallengeId: uuid('check_challenge_id'),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    // Covers the newest-first list (ORDER BY audited_on DESC, created_at DESC) as well as date ranges.
    index('case_audits_org_date_created_idx').on(t.organisationId, t.auditedOn, t.createdAt),
    index('case_audits_org_team_idx').on(t.organisationId, t.teamId, t.auditedOn),
  ],
);

export const caseActions = pgTable(
  'case_actions',
  {
    id: id(),
    organisationId: orgId(),
    auditId: uuid('audit_id')
      .notNull()
      .references(() => caseAudits.id, { onDelete: 'cascade' }),
    description: text('description').notNull(),
    owner: text('owner').notNull(),
    dueDate: date('due_date').notNull(),
    doneOn: date('done_on'),
    followUp: text('follow_up'),
    ...timestamps(),
    version: version(),
  },
  (t) => [index('case_actions_audit_idx').on(t.organisationId, t.auditId)],
);

export const moderations = pgTable(
  'moderations',
  {
    id: id(),
    organisationId: orgId(),
    auditId: uuid('audit_id')
      .notNull()
      .references(() => caseAudits.id, { onDelete: 'cascade' }),
    /** The month the sample was drawn for (YYYY-MM) and the seed that drew it, so it can be redrawn. */
    sampleMonth: text('sample_month').notNull(),
    sampleSeed: text('sample_seed').notNull(),
    moderatorId: uuid('moderator_id').references(() => users.id),
    agreed: boolean('agreed'),
    moderatedGrade: text('moderated_grade').$type<AuditGrade>(),
    notes: text('notes'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    uniqueIndex('moderations_audit_key').on(t.organisationId, t.auditId),
    index('moderations_month_idx').on(t.organisationId, t.sampleMonth),
  ],
);

export const checkChallengeSessions = pgTable(
  'check_challenge_sessions',
  {
    id: id(),
    organisationId: orgId(),
    sessionDate: date('session_date').notNull(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    seed: text('seed').notNull(),
    sampleSize: integer('sample_size').notNull(),
    caseList: jsonb('case_list').$type<string[]>().notNull(),
    sample: jsonb('sample').$type<string[]>().notNull(),
    attendees: text('attendees').notNull().default(''),
    findings: text('findings').notNull().default(''),
    ...timestamps(),
    version: version(),
  },
  (t) => [index('check_challenge_org_date_idx').on(t.organisationId, t.sessionDate)],
);

export const qualitySettings = pgTable('quality_settings', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  caseReferencePattern: text('case_reference_pattern'),
  caseReferenceExample: text('case_reference_example'),
  moderationSharePercent: integer('moderation_share_percent').notNull().default(10),
  baselineMonth: text('baseline_month'),
  version: version(),
});

export type Team = typeof teams.$inferSelect;
export type CaseAudit = typeof caseAudits.$inferSelect;
export type AuditTemplate = typeof auditTemplates.$inferSelect;
export type Moderation = typeof moderations.$inferSelect;
export type CheckChallengeSession = typeof checkChallengeSessions.$inferSelect;
