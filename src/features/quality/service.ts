// Rules and workflows of quality assurance: teams, case audits (with the independence rule), case
// actions, moderation of a reproducible sample, Check & Challenge, and the statistics everyone may see.
import type { Database } from '../../db/client.js';
import { expectOneUpdated, inTransaction } from '../../db/tx.js';
import type { Actor, AuditService } from '../../platform/audit/service.js';
import { NotFoundError, ValidationError, type ErrorDetail } from '../../platform/errors.js';
import type { Role } from '../users/schema.js';
import type { QualityRepository, AuditListFilter } from './repository.js';
import {
  AUDIT_TYPES,
  type AuditGrade,
  type AuditTemplate,
  type AuditType,
  type ComplianceItem,
  type TemplateDomain,
} from './schema.js';
import {
  DEFAULT_CASE_REFERENCE,
  agreementRates,
  checkIndependence,
  isGrade,
  mergeThemeCounts,
  trendFromCounts,
  parseCaseList,
  sampleShare,
  seededSample,
  validateCaseReference,
  monthEnd,
} from './rules.js';

export const DEFAULT_TEMPLATE: {
  name: string;
  domains: TemplateDomain[];
  complianceItems: ComplianceItem[];
} = {
  name: 'Practice review',
  domains: [
    {
      key: 'voice',
      title: "The child's voice",
      guidance:
        'Is the child seen, and are their wishes and feelings recorded in their own words and acted on?',
    },
    {
      key: 'assessment',
      title: 'Quality of assessment',
      guidance:
        'Is the assessment timely, analytical and based on the history, and does it lead to the right plan?',
    },
    {
      key: 'planning',
      title: 'Planning',
      guidance: 'Is the plan SMART, shared with the family and reviewed, and does it address the risks?',
    },
    {
      key: 'oversight',
      title: 'Management oversight and supervision',
      guidance: 'Is there regular, reflective supervision and evident management direction on the file?',
    },
    {
      key: 'impact',
      title: 'Impact and progress',
      guidance: "Is the child's situation improving because of the work?",
    },
    {
      key: 'recording',
      title: 'Recording',
      guidance: 'Is the record up to date, clear and written for the child?',
    },
  ],
  complianceItems: [
    { key: 'visits', question: 'Statutory visits are in timescale' },
    { key: 'chronology', question: 'There is an up-to-date chronology' },
    { key: 'supervision', question: 'Supervision is recorded in the last month' },
  ],
};

export const SERVICE_AREAS: Record<string, string> = {
  front_door: 'Front door and MASH',
  assessment: 'Assessment',
  child_protection: 'Child protection and children in need',
  children_in_care: 'Children in care',
  care_leavers: 'Care leavers',
  other: 'Other',
};

export const AUDIT_TYPE_LABELS: Record<AuditType, string> = {
  monthly: 'Monthly audit cycle',
  thematic: 'Thematic audit',
  check_and_challenge: 'Check & Challenge',
  external: 'External audit',
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isValidDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export interface NewAuditInput {
  caseReference: string;
  teamId: string;
  workerReference: string;
  auditedOn: string;
  auditType: string;
  domainGrades: Record<string, string>;
  compliance: Record<string, string>;
  overallGrade: string;
  overallRationale: string;
  strengths: string;
  areasForDevelopment: string;
  learningThemes: string;
  overrideReason: string;
  checkChallengeId?: string | null;
  action?: { description: string; owner: string; dueDate: string } | null;
}

export function qualityService(deps: { db: Database; repo: QualityRepository; audit: AuditService }) {
  const { db, repo, audit } = deps;

  async function template(organisationId: string): Promise<AuditTemplate> {
    const existing = await repo.currentTemplate(db, organisationId);
    if (existing) return existing;
    // Every organisation starts with the default template, version 1.
    return inTransaction(db, organisationId, async (tx) => {
      const again = await repo.currentTemplate(tx, organisationId);
      if (again) return again;
      return repo.insertTemplate(tx, {
        organisationId,
        versionNumber: 1,
        isCurrent: true,
        ...DEFAULT_TEMPLATE,
      });
    });
  }

  async function caseReferenceFormat(organisationId: string) {
    const settings = await repo.settings(db, organisationId);
    return settings?.caseReferencePattern
      ? {
          pattern: settings.caseReferencePattern,
          example: settings.caseReferenceExample ?? DEFAULT_CASE_REFERENCE.example,
        }
      : DEFAULT_CASE_REFERENCE;
  }

  const service = {
    template,
    caseReferenceFormat,
    settings: (organisationId: string) => repo.settings(db, organisationId),

    async updateSettings(
      actor: Actor,
      organisationId: string,
      input: {
        caseReferencePattern: string;
        caseReferenceExample: string;
        moderationSharePercent: string;
        baselineMonth: string;
      },
    ) {
      const details: ErrorDetail[] = [];
      const pattern = input.caseReferencePattern.trim();
      const example = input.caseReferenceExample.trim().toUpperCase();
      let compiled: RegExp | null = null;
      if (pattern) {
        if (pattern.length > 200)
          details.push({
            path: 'caseReferencePattern',
            message: 'The format must be 200 characters or fewer',
          });
        else {
          try {
            compiled = new RegExp(pattern);
          } catch {
            details.push({
              path: 'caseReferencePattern',
              message: 'Enter the format as a regular expression, like ^LCS-[0-9]{6}$',
            });
          }
        }
        if (compiled && !example)
          details.push({
            path: 'caseReferenceExample',
            message: 'Enter an example reference in this format',
          });
        else if (compiled && !compiled.test(example))
          details.push({ path: 'caseReferenceExample', message: 'The example does not match the format' });
        else if (compiled && !validateCaseReference(example, { pattern, example }).ok)
          details.push({
            path: 'caseReferenceExample',
            message: 'The example looks like a name or a date of birth',
          });
      }
      const share = /^\d{1,3}$/.test(input.moderationSharePercent.trim())
        ? Number(input.moderationSharePercent)
        : NaN;
      if (!(share >= 1 && share <= 100))
        details.push({
          path: 'moderationSharePercent',
          message: 'Enter the share to moderate as a whole number from 1 to 100',
        });
      if (input.baselineMonth && !MONTH.test(input.baselineMonth))
        details.push({ path: 'baselineMonth', message: 'Enter the baseline month as YYYY-MM, like 2025-12' });
      if (details.length) throw new ValidationError('The settings could not be saved', details);
      return inTransaction(db, organisationId, async (tx) => {
        const before = await repo.settings(tx, organisationId);
        const values = {
          organisationId,
          caseReferencePattern: pattern || null,
          caseReferenceExample: pattern ? example : null,
          moderationSharePercent: share,
          baselineMonth: input.baselineMonth || null,
        };
        await repo.upsertSettings(tx, values);
        await audit.record(tx, actor, {
          organisationId,
          action: 'quality.settings_changed',
          entityType: 'quality_settings',
          entityId: organisationId,
          before,
          after: values,
        });
      });
    },

    /** Publishes a new template version; audits already recorded keep the version they used. */
    async publishTemplate(
      actor: Actor,
      organisationId: string,
      input: { domains: string; complianceItems: string },
    ) {
      const current = await template(organisationId);
      const parse = (text: string) =>
        text
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean)
          .map((line) => {
            const [title, ...rest] = line.split('|');
            return { title: (title ?? '').trim(), guidance: rest.join('|').trim() };
          });
      const domains = parse(input.domains);
      const items = parse(input.complianceItems);
      const details: ErrorDetail[] = [];
      if (domains.length < 1 || domains.length > 15)
        details.push({ path: 'domains', message: 'Give between 1 and 15 domains, one a line' });
      if (domains.some((d) => !d.title || d.title.length > 120 || d.guidance.length > 1000))
        details.push({
          path: 'domains',
          message: 'Each domain needs a title of 120 characters or fewer, then “|” and its guidance',
        });
      if (items.length > 20 || items.some((c) => !c.title || c.title.length > 200))
        details.push({
          path: 'complianceItems',
          message: 'Give up to 20 compliance questions of 200 characters or fewer, one a line',
        });
      if (details.length) throw new ValidationError('The template could not be published', details);
      const key = (title: string, i: number) =>
        `${title
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '_')
          .replace(/^_|_$/g, '')
          .slice(0, 30)}_${i + 1}`;
      return inTransaction(db, organisationId, async (tx) => {
        await repo.retireTemplates(tx, organisationId);
        const next = await repo.insertTemplate(tx, {
          organisationId,
          name: current.name,
          versionNumber: current.versionNumber + 1,
          isCurrent: true,
          domains: domains.map((d, i) => ({ key: key(d.title, i), title: d.title, guidance: d.guidance })),
          complianceItems: items.map((c, i) => ({ key: key(c.title, i), question: c.title })),
        });
        await audit.record(tx, actor, {
          organisationId,
          action: 'audit_template.published',
          entityType: 'audit_template',
          entityId: next.id,
          after: next,
        });
        return next;
      });
    },

    // ---- Teams ----
    async teamsWithMembers(organisationId: string) {
      const [allTeams, members] = await Promise.all([
        repo.teams(db, organisationId),
        repo.members(db, organisationId),
      ]);
      return allTeams.map((team) => ({
        team,
        managers: members.filter((m) => m.teamId === team.id && m.isManager),
        members: members.filter((m) => m.teamId === team.id && !m.isManager),
      }));
    },
    teams: (organisationId: string) => repo.teams(db, organisationId),
    async team(organisationId: string, id: string) {
      const team = await repo.team(db, organisationId, id);
      if (!team) throw new NotFoundError('There is no such team');
      return team;
    },

    async createTeam(actor: Actor, organisationId: string, input: { name: string; serviceArea: string }) {
      const name = input.name.trim();
      const details: ErrorDetail[] = [];
      if (!name) details.push({ path: 'name', message: 'Enter the team’s name' });
      else if (name.length > 100)
        details.push({ path: 'name', message: 'Team name must be 100 characters or fewer' });
      if (!(input.serviceArea in SERVICE_AREAS))
        details.push({ path: 'serviceArea', message: 'Select the service area' });
      if (details.length) throw new ValidationError('The team could not be added', details);
      return inTransaction(db, organisationId, async (tx) => {
        if ((await repo.teams(tx, organisationId)).some((t) => t.name.toLowerCase() === name.toLowerCase())) {
          throw new ValidationError('The team could not be added', [
            { path: 'name', message: `There is already a team called ${name}` },
          ]);
        }
        const team = await repo.insertTeam(tx, { organisationId, name, serviceArea: input.serviceArea });
        await audit.record(tx, actor, {
          organisationId,
          action: 'team.created',
          entityType: 'team',
          entityId: team.id,
          after: team,
        });
        return team;
      });
    },

    async setTeamMembers(
      actor: Actor,
      organisationId: string,
      teamId: string,
      input: { managerIds: string[]; memberIds: string[]; version: number; allowedUserIds: string[] },
    ) {
      const unknown = [...input.managerIds, ...input.memberIds].filter(
        (id) => !input.allowedUserIds.includes(id),
      );
      if (unknown.length)
        throw new ValidationError('The team could not be saved', [
          { path: 'managerIds', message: 'Select people from this organisation' },
        ]);
      const rows = [
        ...input.managerIds.map((userId) => ({ userId, isManager: true })),
        ...input.memberIds
          .filter((id) => !input.managerIds.includes(id))
          .map((userId) => ({ userId, isManager: false })),
      ];
      return inTransaction(db, organisationId, async (tx) => {
        const bumped = await repo.bumpTeam(tx, organisationId, teamId, input.version);
        expectOneUpdated(bumped ? [bumped] : [], 'team');
        await repo.replaceMembers(tx, organisationId, teamId, rows);
        await audit.record(tx, actor, {
          organisationId,
          action: 'team.members_set',
          entityType: 'team',
          entityId: teamId,
          after: { managers: input.managerIds, members: input.memberIds },
        });
      });
    },

    // ---- Audits ----
    async listAudits(organisationId: string, filter: AuditListFilter, page: number, pageSize = 25) {
      const total = await repo.countAudits(db, organisationId, filter);
      const pages = Math.max(1, Math.ceil(total / pageSize));
      const current = Math.min(Math.max(1, page), pages);
      const rows = await repo.listAudits(db, organisationId, filter, pageSize, (current - 1) * pageSize);
      return { rows, total, page: current, pages };
    },

    async getAudit(organisationId: string, id: string) {
      const found = await repo.audit(db, organisationId, id);
      if (!found) throw new NotFoundError('There is no such case audit');
      const [actions, moderation, [tmpl]] = await Promise.all([
        repo.caseActions(db, organisationId, id),
        repo.moderationForAudit(db, organisationId, id),
        repo.templatesByIds(db, organisationId, [found.templateId]),
      ]);
      return { audit: found, actions, moderation, template: tmpl! };
    },

    async recordAudit(
      actor: Actor & { userId: string },
      role: Role,
      organisationId: string,
      input: NewAuditInput,
    ) {
      const tmpl = await template(organisationId);
      const details: ErrorDetail[] = [];
      const reference = validateCaseReference(input.caseReference, await caseReferenceFormat(organisationId));
      if (!reference.ok) details.push({ path: 'caseReference', message: reference.message });
      const team = /^[0-9a-f-]{36}$/.test(input.teamId)
        ? await repo.team(db, organisationId, input.teamId)
        : null;
      if (!team) details.push({ path: 'teamId', message: 'Select the team that holds the case' });
      if (input.workerReference.length > 40)
        details.push({ path: 'workerReference', message: 'Worker reference must be 40 characters or fewer' });
      if (!isValidDate(input.auditedOn))
        details.push({
          path: 'auditedOn',
          message: 'Enter the date of the audit as a real date, like 2026-11-23',
        });
      else if (input.auditedOn > new Date().toISOString().slice(0, 10))
        details.push({ path: 'auditedOn', message: 'The date of the audit must be today or in the past' });
      if (!(AUDIT_TYPES as readonly string[]).includes(input.auditType))
        details.push({ path: 'auditType', message: 'Select the type of audit' });
      const domainGrades: Record<string, AuditGrade> = {};
      for (const domain of tmpl.domains) {
        const grade = input.domainGrades[domain.key];
        if (isGrade(grade)) domainGrades[domain.key] = grade;
        else
          details.push({
            path: `grade-${domain.key}`,
            message: `Select a grade for ${domain.title.toLowerCase()}`,
          });
      }
      const compliance: Record<string, boolean> = {};
      for (const item of tmpl.complianceItems) {
        const answer = input.compliance[item.key];
        if (answer === 'yes' || answer === 'no') compliance[item.key] = answer === 'yes';
        else
          details.push({ path: `compliance-${item.key}`, message: `Select yes or no for: ${item.question}` });
      }
      if (!isGrade(input.overallGrade))
        details.push({ path: 'overallGrade', message: 'Select the overall grade' });
      const rationale = input.overallRationale.trim();
      if (!rationale) details.push({ path: 'overallRationale', message: 'Explain the overall grade' });
      else if (rationale.length > 5000)
        details.push({
          path: 'overallRationale',
          message: 'The explanation must be 5,000 characters or fewer',
        });
      for (const [key, label] of [
        ['strengths', 'Strengths'],
        ['areasForDevelopment', 'Areas for development'],
      ] as const) {
        if (input[key].length > 5000)
          details.push({ path: key, message: `${label} must be 5,000 characters or fewer` });
      }
      const themes = [
        ...new Set(
          input.learningThemes
            .split(/[,;\n]/)
            .map((t) => t.trim())
            .filter(Boolean),
        ),
      ];
      if (themes.some((t) => t.length > 80) || themes.length > 10)
        details.push({
          path: 'learningThemes',
          message: 'Give up to 10 learning themes, each 80 characters or fewer',
        });
      const action =
        input.action &&
        (input.action.description.trim() || input.action.owner.trim() || input.action.dueDate.trim())
          ? input.action
          : null;
      if (action) {
        if (!action.description.trim())
          details.push({ path: 'actionDescription', message: 'Describe the case action' });
        if (!action.owner.trim())
          details.push({ path: 'actionOwner', message: 'Enter who owns the case action' });
        if (!isValidDate(action.dueDate))
          details.push({
            path: 'actionDueDate',
            message: 'Enter the case action’s due date as a real date, like 2026-12-18',
          });
      }
      if (team) {
        const independence = checkIndependence({
          auditorTeams: await repo.teamsOfUser(db, organisationId, actor.userId),
          caseTeamId: team.id,
          override: input.overrideReason.trim()
            ? { byAdmin: role === 'admin', reason: input.overrideReason }
            : null,
        });
        if (!independence.ok) details.push({ path: independence.field, message: independence.message });
      }
      if (details.length) throw new ValidationError('The case audit could not be saved', details);

      return inTransaction(db, organisationId, async (tx) => {
        const overridden =
          input.overrideReason.trim() &&
          role === 'admin' &&
          (await repo.teamsOfUser(tx, organisationId, actor.userId)).some((t) => t.teamId === team!.id);
        const saved = await repo.insertAudit(tx, {
          organisationId,
          caseReference: (reference as { value: string }).value,
          teamId: team!.id,
          workerReference: input.workerReference.trim() || null,
          auditorId: actor.userId,
          auditedOn: input.auditedOn,
          auditType: input.auditType as AuditType,
          templateId: tmpl.id,
          domainGrades,
          compliance,
          overallGrade: input.overallGrade as AuditGrade,
          overallRationale: rationale,
          strengths: input.strengths.trim(),
          areasForDevelopment: input.areasForDevelopment.trim(),
          learningThemes: themes,
          independenceOverrideReason: overridden ? input.overrideReason.trim() : null,
          independenceOverriddenBy: overridden ? actor.userId : null,
          checkChallengeId: input.checkChallengeId ?? null,
        });
        if (action) {
          await repo.insertCaseAction(tx, {
            organisationId,
            auditId: saved.id,
            description: action.description.trim(),
            owner: action.owner.trim(),
            dueDate: action.dueDate,
          });
        }
        await audit.record(tx, actor, {
          organisationId,
          action: overridden ? 'case_audit.recorded_with_independence_override' : 'case_audit.recorded',
          entityType: 'case_audit',
          entityId: saved.id,
          after: {
            caseReference: saved.caseReference,
            teamId: saved.teamId,
            overallGrade: saved.overallGrade,
            independenceOverrideReason: saved.independenceOverrideReason,
          },
        });
        return saved;
      });
    },

    async addCaseAction(
      actor: Actor,
      organisationId: string,
      auditId: string,
      input: { description: string; owner: string; dueDate: string },
    ) {
      await service.getAudit(organisationId, auditId);
      const details: ErrorDetail[] = [];
      if (!input.description.trim())
        details.push({ path: 'description', message: 'Describe the case action' });
      if (!input.owner.trim()) details.push({ path: 'owner', message: 'Enter who owns the case action' });
      if (!isValidDate(input.dueDate))
        details.push({ path: 'dueDate', message: 'Enter the due date as a real date, like 2026-12-18' });
      if (details.length) throw new ValidationError('The case action could not be added', details);
      return inTransaction(db, organisationId, async (tx) => {
        const row = await repo.insertCaseAction(tx, {
          organisationId,
          auditId,
          description: input.description.trim(),
          owner: input.owner.trim(),
          dueDate: input.dueDate,
        });
        await audit.record(tx, actor, {
          organisationId,
          action: 'case_action.added',
          entityType: 'case_audit',
          entityId: auditId,
          after: { description: row.description, owner: row.owner, dueDate: row.dueDate },
        });
        return row;
      });
    },

    async completeCaseAction(
      actor: Actor,
      organisationId: string,
      auditId: string,
      actionId: string,
      version: number,
    ) {
      return inTransaction(db, organisationId, async (tx) => {
        const today = new Date().toISOString().slice(0, 10);
        const row = await repo.completeCaseAction(tx, organisationId, actionId, today, version);
        expectOneUpdated(row ? [row] : [], 'case action');
        await audit.record(tx, actor, {
          organisationId,
          action: 'case_action.done',
          entityType: 'case_audit',
          entityId: auditId,
          after: { actionId, doneOn: today },
        });
      });
    },

    // ---- Moderation ----
    /** Draws the month's sample (a share of its audits not yet sampled) with a seed anyone can re-run. */
    async drawModerationSample(actor: Actor, organisationId: string, month: string, seedPrefix: string) {
      if (!MONTH.test(month))
        throw new ValidationError('The sample could not be drawn', [
          { path: 'month', message: 'Enter the month as YYYY-MM, like 2026-11' },
        ]);
      const share = (await repo.settings(db, organisationId))?.moderationSharePercent ?? 10;
      return inTransaction(db, organisationId, async (tx) => {
        const candidates = (await repo.unsampledAuditIds(tx, organisationId, month)).map((r) => r.id);
        const total = await repo.countAuditsInMonth(tx, organisationId, month);
        if (total === 0)
          throw new ValidationError('The sample could not be drawn', [
            { path: 'month', message: `There are no case audits in ${month} yet` },
          ]);
        const seed = `${seedPrefix}:${month}`;
        const already = total - candidates.length;
        const wanted = Math.max(0, Math.ceil((total * share) / 100) - already);
        const drawn = seededSample(candidates, wanted, seed);
        await repo.insertModerations(
          tx,
          drawn.map((auditId) => ({ organisationId, auditId, sampleMonth: month, sampleSeed: seed })),
        );
        await audit.record(tx, actor, {
          organisationId,
          action: 'moderation.sample_drawn',
          entityType: 'moderation_sample',
          entityId: month,
          after: { seed, share, drawn: drawn.length, total },
        });
        return { drawn: drawn.length, total, share, seed };
      });
    },

    moderationQueue: (organisationId: string, month: string) =>
      repo.moderationQueue(db, organisationId, month),

    async getModeration(organisationId: string, id: string) {
      const moderation = await repo.moderation(db, organisationId, id);
      if (!moderation) throw new NotFoundError('There is no such moderation');
      const {
        audit: audited,
        actions,
        template: tmpl,
      } = await service.getAudit(organisationId, moderation.auditId);
      return { moderation, audit: audited, actions, template: tmpl };
    },

    async moderate(
      actor: Actor & { userId: string },
      organisationId: string,
      id: string,
      input: { agreed: string; moderatedGrade: string; notes: string; version: number },
    ) {
      const { moderation, audit: moderated } = await service.getModeration(organisationId, id);
      const details: ErrorDetail[] = [];
      if (input.agreed !== 'yes' && input.agreed !== 'no')
        details.push({ path: 'agreed', message: 'Select whether you agree with the auditor’s grade' });
      const grade = input.agreed === 'yes' ? moderated.overallGrade : input.moderatedGrade;
      if (input.agreed === 'no' && !isGrade(grade))
        details.push({ path: 'moderatedGrade', message: 'Select the grade you would give' });
      if (input.agreed === 'no' && grade === moderated.overallGrade)
        details.push({
          path: 'moderatedGrade',
          message: 'You disagreed, so choose a different grade from the auditor’s',
        });
      if (input.agreed === 'no' && !input.notes.trim())
        details.push({ path: 'notes', message: 'Explain why you would grade it differently' });
      if (moderated.auditorId === actor.userId)
        details.push({ path: 'agreed', message: 'You cannot moderate your own audit' });
      if (details.length) throw new ValidationError('The moderation could not be saved', details);
      return inTransaction(db, organisationId, async (tx) => {
        const row = await repo.completeModeration(
          tx,
          organisationId,
          id,
          {
            moderatorId: actor.userId,
            agreed: input.agreed === 'yes',
            moderatedGrade: grade,
            notes: input.notes.trim(),
          },
          input.version,
        );
        expectOneUpdated(row ? [row] : [], 'moderation');
        await audit.record(tx, actor, {
          organisationId,
          action: 'moderation.completed',
          entityType: 'case_audit',
          entityId: moderation.auditId,
          before: { overallGrade: moderated.overallGrade },
          after: { agreed: input.agreed === 'yes', moderatedGrade: grade },
        });
        return row;
      });
    },

    // ---- Check & Challenge ----
    sessions: (organisationId: string) => repo.sessions(db, organisationId, 100),

    async getSession(organisationId: string, id: string) {
      const session = await repo.session(db, organisationId, id);
      if (!session) throw new NotFoundError('There is no such Check & Challenge session');
      const [team, audits] = await Promise.all([
        repo.team(db, organisationId, session.teamId),
        repo.auditsForSession(db, organisationId, id),
      ]);
      return { session, team: team!, audits };
    },

    async createSession(
      actor: Actor,
      organisationId: string,
      input: { sessionDate: string; teamId: string; caseList: string; sampleSize: string; seed: string },
    ) {
      const details: ErrorDetail[] = [];
      if (!isValidDate(input.sessionDate))
        details.push({
          path: 'sessionDate',
          message: 'Enter the session date as a real date, like 2026-11-26',
        });
      const team = /^[0-9a-f-]{36}$/.test(input.teamId)
        ? await repo.team(db, organisationId, input.teamId)
        : null;
      if (!team) details.push({ path: 'teamId', message: 'Select the team whose cases are sampled' });
      const size = /^\d{1,3}$/.test(input.sampleSize.trim()) ? Number(input.sampleSize) : NaN;
      if (!(size >= 1 && size <= 50))
        details.push({ path: 'sampleSize', message: 'Enter how many cases to sample, from 1 to 50' });
      const list = parseCaseList(input.caseList, await caseReferenceFormat(organisationId));
      if (list.errors.length)
        details.push({
          path: 'caseList',
          message: list.errors
            .slice(0, 3)
            .map((e) => e.message)
            .join('. '),
        });
      else if (list.references.length === 0)
        details.push({
          path: 'caseList',
          message:
            'Paste the team’s case list: one case reference a line, or a CSV with a case reference column',
        });
      if (input.seed.length > 80)
        details.push({ path: 'seed', message: 'The seed must be 80 characters or fewer' });
      if (details.length) throw new ValidationError('The session could not be set up', details);
      const seed = input.seed.trim() || `${team!.name}:${input.sessionDate}`;
      const sample = seededSample(list.references, size, seed);
      return inTransaction(db, organisationId, async (tx) => {
        const session = await repo.insertSession(tx, {
          organisationId,
          sessionDate: input.sessionDate,
          teamId: team!.id,
          seed,
          sampleSize: size,
          caseList: list.references,
          sample,
        });
        await audit.record(tx, actor, {
          organisationId,
          action: 'check_challenge.created',
          entityType: 'check_challenge',
          entityId: session.id,
          after: { seed, sample },
        });
        return session;
      });
    },

    async updateSessionNotes(
      actor: Actor,
      organisationId: string,
      id: string,
      input: { attendees: string; findings: string; version: number },
    ) {
      if (input.attendees.length > 2000 || input.findings.length > 10000) {
        throw new ValidationError('The session could not be saved', [
          { path: 'findings', message: 'Findings must be 10,000 characters or fewer' },
        ]);
      }
      return inTransaction(db, organisationId, async (tx) => {
        const row = await repo.updateSessionNotes(
          tx,
          organisationId,
          id,
          input.attendees.trim(),
          input.findings.trim(),
          input.version,
        );
        expectOneUpdated(row ? [row] : [], 'session');
        await audit.record(tx, actor, {
          organisationId,
          action: 'check_challenge.notes_saved',
          entityType: 'check_challenge',
          entityId: id,
          after: { attendees: row!.attendees },
        });
      });
    },

    // ---- Statistics (board members and viewers see these, never the records) ----
    async statistics(
      organisationId: string,
      opts: {
        months?: number;
        baselineMonth?: string | null;
        teamId?: string;
        serviceArea?: string;
        moderatedOnly?: boolean;
        to?: string;
      },
    ) {
      const range = await repo.auditMonthRange(db, organisationId);
      const to = opts.to ?? (range.last ? range.last.slice(0, 7) : new Date().toISOString().slice(0, 7));
      const [ty, tm] = to.split('-').map(Number) as [number, number];
      const months = opts.months ?? 18;
      const fromDate = new Date(Date.UTC(ty, tm - months, 1));
      const from = fromDate.toISOString().slice(0, 7);
      const settings = await repo.settings(db, organisationId);
      const baselineMonth = opts.baselineMonth ?? settings?.baselineMonth ?? from;
      const filter = {
        ...(opts.teamId ? { teamId: opts.teamId } : {}),
        ...(opts.serviceArea ? { serviceArea: opts.serviceArea } : {}),
      };
      const [counts, themeRows, moderated] = await Promise.all([
        repo.gradeCounts(db, organisationId, `${from}-01`, monthEnd(to), {
          ...filter,
          moderatedOnly: opts.moderatedOnly ?? false,
        }),
        repo.themeCounts(db, organisationId, `${from}-01`, monthEnd(to), filter),
        repo.completedModerations(db, organisationId, `${from}-01`, monthEnd(to)),
      ]);
      const trend = trendFromCounts(counts, { from, to, baselineMonth });
      const moderation = agreementRates(
        moderated.map((m) => ({ auditorId: m.auditorId, agreed: m.agreed === true })),
      );
      // Themes arrive counted by exact spelling; spellings differing only in case are merged here.
      const themes = mergeThemeCounts(themeRows).slice(0, 10);
      return { from, to, baselineMonth, trend, moderation, themes };
    },

    sampleShare,
  };
  return service;
}

export type QualityService = ReturnType<typeof qualityService>;
