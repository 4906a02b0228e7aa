// Pages and API for quality assurance. Statistics are for everyone in the organisation; case-level
// records only for roles with quality:records (never board members or viewers).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { paths } from '../../platform/paths.js';
import { ValidationError } from '../../platform/errors.js';
import { field, formErrors, intField } from '../../platform/web/forms.js';
import { registerNavEntry, render, setFlash } from '../../platform/web/render.js';
import { actorOf } from '../users/routes.js';
import { AUDIT_TYPES, AUDIT_GRADES } from './schema.js';
import { AUDIT_TYPE_LABELS, SERVICE_AREAS, type NewAuditInput } from './service.js';
import { GRADE_LABELS } from './rules.js';
import { gradeChart, monthLabel } from './chart.js';

const UUID = /^[0-9a-f-]{36}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function query(request: FastifyRequest): Record<string, string> {
  const q = request.query as Record<string, unknown>;
  return Object.fromEntries(Object.entries(q).filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string
  >;
}

function checkedList(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string' && UUID.test(v));
}

export async function qualityRoutes(app: FastifyInstance): Promise<void> {
  const quality = app.services.quality;
  registerNavEntry({
    text: 'Quality assurance',
    href: paths.quality.home,
    permission: 'quality:stats',
    match: '/quality',
  });

  const stats = { access: { permission: 'quality:stats' } } as const;
  const records = { access: { permission: 'quality:records' } } as const;
  // Read-heavy pages are answered from the page cache while the records are unchanged (see page-cache.ts).
  const statsCached = { ...stats, pageCache: true } as const;
  const recordsCached = { ...records, pageCache: true } as const;
  const auditing = { access: { permission: 'quality:audit' } } as const;
  const moderating = { access: { permission: 'quality:moderate' } } as const;
  const checking = { access: { permission: 'quality:check' } } as const;
  const teamsManage = { access: { permission: 'teams:manage' } } as const;

  // ---- Trends ----
  app.get('/o/:slug/quality', { config: statsCached }, async (request, reply) => {
    const org = request.org!;
    const q = query(request);
    const teams = await quality.teams(org.id);
    const teamId = q.team && teams.some((t) => t.id === q.team) ? q.team : undefined;
    const serviceArea = q.area && q.area in SERVICE_AREAS ? q.area : undefined;
    const baselineMonth = q.baseline && MONTH.test(q.baseline) ? q.baseline : null;
    const moderatedOnly = q.moderated === 'yes';
    const result = await quality.statistics(org.id, {
      baselineMonth,
      moderatedOnly,
      ...(teamId ? { teamId } : {}),
      ...(serviceArea ? { serviceArea } : {}),
    });
    const latest = [...result.trend].reverse().find((t) => t.total > 0) ?? null;
    const baseline = result.trend.find((t) => t.month === result.baselineMonth) ?? null;
    const themeActions = await app.services.plan.actionsByLearningTheme(org.id);
    const themeLinks = Object.fromEntries(
      Object.entries(themeActions).map(([theme, actions]) => [
        theme,
        actions.map((a) => ({ href: paths.plan.action(org.slug, a.id), ref: a.ref, title: a.title })),
      ]),
    );
    return render(request, reply, 'quality/views/trends.njk', {
      pageTitle: 'Quality assurance',
      themeLinks,
      result,
      latest,
      baseline,
      chart: gradeChart(result.trend, 'Case audit grades by month'),
      filters: { teamId, serviceArea, baselineMonth: result.baselineMonth, moderatedOnly },
      teams,
      serviceAreas: SERVICE_AREAS,
      monthOptions: result.trend.map((t) => ({ value: t.month, text: monthLabel(t.month) })),
      monthLabel,
      gradeLabels: GRADE_LABELS,
      grades: AUDIT_GRADES,
    });
  });

  // ---- Audits ----
  app.get('/o/:slug/quality/audits', { config: recordsCached }, async (request, reply) => {
    const org = request.org!;
    const q = query(request);
    const teams = await quality.teams(org.id);
    const filter = {
      teamId: q.team && teams.some((t) => t.id === q.team) ? q.team : undefined,
      month: q.month && MONTH.test(q.month) ? q.month : undefined,
    };
    const page = Number(q.page ?? '1');
    const list = await quality.listAudits(org.id, filter, Number.isInteger(page) ? page : 1);
    const params = (p: number) =>
      new URLSearchParams({
        ...(filter.teamId ? { team: filter.teamId } : {}),
        ...(filter.month ? { month: filter.month } : {}),
        page: String(p),
      }).toString();
    return render(request, reply, 'quality/views/audits.njk', {
      list,
      teams,
      filter,
      gradeLabels: GRADE_LABELS,
      pageHref: (p: number) => paths.quality.audits(org.slug, params(p)),
    });
  });

  async function auditForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: ReturnType<typeof formErrors>,
  ) {
    const org = request.org!;
    return render(request, reply, 'quality/views/audit-form.njk', {
      template: await quality.template(org.id),
      teams: await quality.teams(org.id),
      format: await quality.caseReferenceFormat(org.id),
      values,
      errors,
      auditTypes: AUDIT_TYPES.map((t) => ({ value: t, text: AUDIT_TYPE_LABELS[t] })),
      gradeItems: AUDIT_GRADES.map((g) => ({ value: g, text: GRADE_LABELS[g] })),
      isAdmin: request.role === 'admin',
    });
  }

  app.get('/o/:slug/quality/audits/new', { config: auditing }, async (request, reply) => {
    const q = query(request);
    return auditForm(request, reply, {
      auditedOn: new Date().toISOString().slice(0, 10),
      auditType: q.session ? 'check_and_challenge' : 'monthly',
      caseReference: q.case ?? '',
      checkChallengeId: q.session && UUID.test(q.session) ? q.session : '',
      teamId: q.team ?? '',
      domainGrades: {},
      compliance: {},
    });
  });

  app.post('/o/:slug/quality/audits/new', { config: auditing }, async (request, reply) => {
    const org = request.org!;
    const body = request.body;
    const tmpl = await quality.template(org.id);
    const input: NewAuditInput = {
      caseReference: field(body, 'caseReference', 100),
      teamId: field(body, 'teamId', 40),
      workerReference: field(body, 'workerReference', 100),
      auditedOn: field(body, 'auditedOn', 20),
      auditType: field(body, 'auditType', 40),
      domainGrades: Object.fromEntries(tmpl.domains.map((d) => [d.key, field(body, `grade-${d.key}`, 40)])),
      compliance: Object.fromEntries(
        tmpl.complianceItems.map((c) => [c.key, field(body, `compliance-${c.key}`, 5)]),
      ),
      overallGrade: field(body, 'overallGrade', 40),
      overallRationale: field(body, 'overallRationale', 6000),
      strengths: field(body, 'strengths', 6000),
      areasForDevelopment: field(body, 'areasForDevelopment', 6000),
      learningThemes: field(body, 'learningThemes', 2000),
      overrideReason: field(body, 'overrideReason', 2000),
      checkChallengeId: UUID.test(field(body, 'checkChallengeId', 40))
        ? field(body, 'checkChallengeId', 40)
        : null,
      action: {
        description: field(body, 'actionDescription', 2000),
        owner: field(body, 'actionOwner', 200),
        dueDate: field(body, 'actionDueDate', 20),
      },
    };
    try {
      const actor = actorOf(request);
      const saved = await quality.recordAudit(
        { ...actor, userId: actor.userId! },
        request.role!,
        org.id,
        input,
      );
      await setFlash(request, { kind: 'success', title: `Case audit of ${saved.caseReference} saved` });
      return reply.redirect(paths.quality.audit(org.slug, saved.id), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return auditForm(
        request,
        reply,
        {
          ...input,
          ...input.action,
          actionDescription: input.action?.description,
          actionOwner: input.action?.owner,
          actionDueDate: input.action?.dueDate,
        },
        formErrors(error.details),
      );
    }
  });

  async function auditPage(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: ReturnType<typeof formErrors>,
    values: Record<string, string> = {},
  ) {
    const org = request.org!;
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return reply.callNotFound();
    const found = await quality.getAudit(org.id, id);
    const teams = await quality.teams(org.id);
    return render(request, reply, 'quality/views/audit.njk', {
      ...found,
      team: teams.find((t) => t.id === found.audit.teamId),
      auditor: await app.services.users.byId(found.audit.auditorId),
      gradeLabels: GRADE_LABELS,
      auditTypeLabels: AUDIT_TYPE_LABELS,
      history: await app.services.audit.history(app.services.database.db, org.id, 'case_audit', id),
      errors,
      values,
    });
  }

  app.get('/o/:slug/quality/audits/:id', { config: records }, (request, reply) => auditPage(request, reply));

  app.post('/o/:slug/quality/audits/:id/actions', { config: auditing }, async (request, reply) => {
    const org = request.org!;
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return reply.callNotFound();
    const values = {
      description: field(request.body, 'description', 2000),
      owner: field(request.body, 'owner', 200),
      dueDate: field(request.body, 'dueDate', 20),
    };
    try {
      await quality.addCaseAction(actorOf(request), org.id, id, values);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return auditPage(request, reply, formErrors(error.details), values);
    }
    await setFlash(request, { kind: 'success', title: 'Case action added' });
    return reply.redirect(paths.quality.audit(org.slug, id), 303);
  });

  app.post(
    '/o/:slug/quality/audits/:id/actions/:actionId/done',
    { config: auditing },
    async (request, reply) => {
      const org = request.org!;
      const { id, actionId } = request.params as { id: string; actionId: string };
      if (!UUID.test(id) || !UUID.test(actionId)) return reply.callNotFound();
      await quality.completeCaseAction(
        actorOf(request),
        org.id,
        id,
        actionId,
        intField(request.body, 'version') ?? -1,
      );
      await setFlash(request, { kind: 'success', title: 'Case action marked done' });
      return reply.redirect(paths.quality.audit(org.slug, id), 303);
    },
  );

  // ---- Settings and the audit template ----
  async function settingsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values?: Record<string, string>,
    errors?: ReturnType<typeof formErrors>,
  ) {
    const org = request.org!;
    const settings = await quality.settings(org.id);
    const tmpl = await quality.template(org.id);
    return render(request, reply, 'quality/views/settings.njk', {
      values: values ?? {
        caseReferencePattern: settings?.caseReferencePattern ?? '',
        caseReferenceExample: settings?.caseReferenceExample ?? '',
        moderationSharePercent: String(settings?.moderationSharePercent ?? 10),
        baselineMonth: settings?.baselineMonth ?? '',
      },
      template: tmpl,
      templateValues: {
        domains: tmpl.domains.map((d) => `${d.title} | ${d.guidance}`).join('\n'),
        complianceItems: tmpl.complianceItems.map((c) => c.question).join('\n'),
      },
      errors,
    });
  }
  app.get('/o/:slug/quality/settings', { config: teamsManage }, (request, reply) =>
    settingsPage(request, reply),
  );
  app.post('/o/:slug/quality/settings', { config: teamsManage }, async (request, reply) => {
    const values = {
      caseReferencePattern: field(request.body, 'caseReferencePattern', 300),
      caseReferenceExample: field(request.body, 'caseReferenceExample', 100),
      moderationSharePercent: field(request.body, 'moderationSharePercent', 5),
      baselineMonth: field(request.body, 'baselineMonth', 10),
    };
    try {
      await quality.updateSettings(actorOf(request), request.org!.id, values);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return settingsPage(request, reply, values, formErrors(error.details));
    }
    await setFlash(request, { kind: 'success', title: 'Quality assurance settings saved' });
    return reply.redirect(paths.quality.settings(request.org!.slug), 303);
  });
  app.post('/o/:slug/quality/template', { config: teamsManage }, async (request, reply) => {
    try {
      const next = await quality.publishTemplate(actorOf(request), request.org!.id, {
        domains: field(request.body, 'domains', 20_000),
        complianceItems: field(request.body, 'complianceItems', 10_000),
      });
      await setFlash(request, {
        kind: 'success',
        title: `Template version ${next.versionNumber} published`,
        text: 'New audits use it; earlier audits keep the version they were recorded with.',
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return settingsPage(request, reply, undefined, formErrors(error.details));
    }
    return reply.redirect(paths.quality.settings(request.org!.slug), 303);
  });

  // ---- Teams ----
  app.get('/o/:slug/quality/teams', { config: records }, async (request, reply) =>
    render(request, reply, 'quality/views/teams.njk', {
      teams: await quality.teamsWithMembers(request.org!.id),
      serviceAreas: SERVICE_AREAS,
      values: {},
    }),
  );

  app.post('/o/:slug/quality/teams', { config: teamsManage }, async (request, reply) => {
    const org = request.org!;
    const values = {
      name: field(request.body, 'name', 200),
      serviceArea: field(request.body, 'serviceArea', 40),
    };
    try {
      const team = await quality.createTeam(actorOf(request), org.id, values);
      await setFlash(request, {
        kind: 'success',
        title: `${team.name} added`,
        text: 'Now choose its managers and members.',
      });
      return reply.redirect(paths.quality.team(org.slug, team.id), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return render(request, reply, 'quality/views/teams.njk', {
        teams: await quality.teamsWithMembers(org.id),
        serviceAreas: SERVICE_AREAS,
        values,
        errors: formErrors(error.details),
      });
    }
  });

  async function teamPage(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: ReturnType<typeof formErrors>,
  ) {
    const org = request.org!;
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return reply.callNotFound();
    const team = await quality.team(org.id, id);
    const all = await quality.teamsWithMembers(org.id);
    const entry = all.find((t) => t.team.id === id)!;
    const people = await app.services.users.listMembers(org.id, 1, 500);
    return render(request, reply, 'quality/views/team.njk', {
      team,
      managerIds: entry.managers.map((m) => m.userId),
      memberIds: entry.members.map((m) => m.userId),
      people: people.rows.map((r) => ({ id: r.user.id, name: r.user.displayName })),
      serviceAreas: SERVICE_AREAS,
      history: await app.services.audit.history(app.services.database.db, org.id, 'team', id),
      errors,
    });
  }

  app.get('/o/:slug/quality/teams/:id', { config: records }, (request, reply) => teamPage(request, reply));

  app.post('/o/:slug/quality/teams/:id', { config: teamsManage }, async (request, reply) => {
    const org = request.org!;
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return reply.callNotFound();
    await quality.team(org.id, id);
    const people = await app.services.users.listMembers(org.id, 1, 500);
    try {
      await quality.setTeamMembers(actorOf(request), org.id, id, {
        managerIds: checkedList(request.body, 'managerIds'),
        memberIds: checkedList(request.body, 'memberIds'),
        version: intField(request.body, 'version') ?? -1,
        allowedUserIds: people.rows.map((r) => r.user.id),
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return teamPage(request, reply, formErrors(error.details));
    }
    await setFlash(request, { kind: 'success', title: 'Team saved' });
    return reply.redirect(paths.quality.teams(org.slug), 303);
  });

  // ---- Moderation ----
  app.get('/o/:slug/quality/moderation', { config: records }, async (request, reply) => {
    const org = request.org!;
    const q = query(request);
    const month = q.month && MONTH.test(q.month) ? q.month : new Date().toISOString().slice(0, 7);
    const queue = await quality.moderationQueue(org.id, month);
    return render(request, reply, 'quality/views/moderation.njk', {
      month,
      monthName: monthLabel(month),
      queue,
      share: (await quality.settings(org.id))?.moderationSharePercent ?? 10,
      gradeLabels: GRADE_LABELS,
      values: { month },
    });
  });

  app.post('/o/:slug/quality/moderation/sample', { config: moderating }, async (request, reply) => {
    const org = request.org!;
    const month = field(request.body, 'month', 10);
    try {
      const result = await quality.drawModerationSample(actorOf(request), org.id, month, org.slug);
      await setFlash(request, {
        kind: 'success',
        title:
          result.drawn === 1 ? '1 audit drawn for moderation' : `${result.drawn} audits drawn for moderation`,
        text: `${result.share}% of ${result.total} audits in ${monthLabel(month)}, drawn with the seed “${result.seed}”, which redraws the same sample.`,
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      const safeMonth = MONTH.test(month) ? month : new Date().toISOString().slice(0, 7);
      return render(request, reply, 'quality/views/moderation.njk', {
        month: safeMonth,
        monthName: monthLabel(safeMonth),
        queue: await quality.moderationQueue(org.id, safeMonth),
        share: (await quality.settings(org.id))?.moderationSharePercent ?? 10,
        gradeLabels: GRADE_LABELS,
        values: { month },
        errors: formErrors(error.details),
      });
    }
    return reply.redirect(paths.quality.moderation(org.slug, month), 303);
  });

  async function moderationPage(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: ReturnType<typeof formErrors>,
    values: Record<string, string> = {},
  ) {
    const org = request.org!;
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return reply.callNotFound();
    const found = await quality.getModeration(org.id, id);
    return render(request, reply, 'quality/views/moderate.njk', {
      ...found,
      gradeLabels: GRADE_LABELS,
      gradeItems: AUDIT_GRADES.map((g) => ({
        value: g,
        text: GRADE_LABELS[g],
        checked: values.moderatedGrade === g,
      })),
      errors,
      values,
    });
  }

  app.get('/o/:slug/quality/moderation/:id', { config: moderating }, (request, reply) =>
    moderationPage(request, reply),
  );

  app.post('/o/:slug/quality/moderation/:id', { config: moderating }, async (request, reply) => {
    const org = request.org!;
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return reply.callNotFound();
    const values = {
      agreed: field(request.body, 'agreed', 5),
      moderatedGrade: field(request.body, 'moderatedGrade', 40),
      notes: field(request.body, 'notes', 5000),
    };
    try {
      const actor = actorOf(request);
      await quality.moderate({ ...actor, userId: actor.userId! }, org.id, id, {
        ...values,
        version: intField(request.body, 'version') ?? -1,
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return moderationPage(request, reply, formErrors(error.details), values);
    }
    const { moderation } = await quality.getModeration(org.id, id);
    await setFlash(request, { kind: 'success', title: 'Moderation saved' });
    return reply.redirect(paths.quality.moderation(org.slug, moderation.sampleMonth), 303);
  });

  // ---- Check & Challenge ----
  app.get('/o/:slug/quality/check-and-challenge', { config: records }, async (request, reply) =>
    render(request, reply, 'quality/views/sessions.njk', {
      sessions: await quality.sessions(request.org!.id),
      teams: await quality.teams(request.org!.id),
      values: { sessionDate: new Date().toISOString().slice(0, 10), sampleSize: '6' },
    }),
  );

  app.post('/o/:slug/quality/check-and-challenge', { config: checking }, async (request, reply) => {
    const org = request.org!;
    const values = {
      sessionDate: field(request.body, 'sessionDate', 20),
      teamId: field(request.body, 'teamId', 40),
      caseList: field(request.body, 'caseList', 100_000),
      sampleSize: field(request.body, 'sampleSize', 5),
      seed: field(request.body, 'seed', 100),
    };
    try {
      const session = await quality.createSession(actorOf(request), org.id, values);
      await setFlash(request, {
        kind: 'success',
        title: `${session.sample.length} cases drawn for Check & Challenge`,
      });
      return reply.redirect(paths.quality.session(org.slug, session.id), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return render(request, reply, 'quality/views/sessions.njk', {
        sessions: await quality.sessions(org.id),
        teams: await quality.teams(org.id),
        values,
        errors: formErrors(error.details),
      });
    }
  });

  app.get('/o/:slug/quality/check-and-challenge/:id', { config: records }, async (request, reply) => {
    const org = request.org!;
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return reply.callNotFound();
    return render(request, reply, 'quality/views/session.njk', {
      ...(await quality.getSession(org.id, id)),
      gradeLabels: GRADE_LABELS,
      history: await app.services.audit.history(app.services.database.db, org.id, 'check_challenge', id),
    });
  });

  app.post('/o/:slug/quality/check-and-challenge/:id', { config: checking }, async (request, reply) => {
    const org = request.org!;
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return reply.callNotFound();
    await quality.getSession(org.id, id);
    await quality.updateSessionNotes(actorOf(request), org.id, id, {
      attendees: field(request.body, 'attendees', 3000),
      findings: field(request.body, 'findings', 12_000),
      version: intField(request.body, 'version') ?? -1,
    });
    await setFlash(request, { kind: 'success', title: 'Session notes saved' });
    return reply.redirect(paths.quality.session(org.slug, id), 303);
  });

  // ---- API ----
  const Slug = Type.Object({ slug: Type.String() });
  const Grade = Type.Union(AUDIT_GRADES.map((g) => Type.Literal(g)));
  app.get(
    '/api/v1/organisations/:slug/quality/trends',
    {
      config: statsCached,
      schema: {
        summary:
          'Case audit grades month by month, agreement rates and learning themes (no case-level detail)',
        tags: ['quality'],
        params: Slug,
        querystring: Type.Object({
          team: Type.Optional(Type.String({ format: 'uuid' })),
          baseline: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })),
          moderatedOnly: Type.Optional(Type.Boolean()),
          months: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
        }),
      },
    },
    async (request) => {
      const q = request.query as {
        team?: string;
        baseline?: string;
        moderatedOnly?: boolean;
        months?: number;
      };
      const statistics = await quality.statistics(request.org!.id, {
        baselineMonth: q.baseline ?? null,
        moderatedOnly: q.moderatedOnly ?? false,
        ...(q.team ? { teamId: q.team } : {}),
        ...(q.months ? { months: q.months } : {}),
      });
      // Each learning theme with the live plan's actions that answer it.
      const actions = await app.services.plan.actionsByLearningTheme(request.org!.id);
      return {
        ...statistics,
        themes: statistics.themes.map((t) => ({ ...t, planActions: actions[t.theme.toLowerCase()] ?? [] })),
      };
    },
  );

  app.get(
    '/api/v1/organisations/:slug/quality/audits',
    {
      config: recordsCached,
      schema: {
        summary: 'Case audits, newest first (pseudonymous case references only)',
        tags: ['quality'],
        params: Slug,
        querystring: Type.Object({
          page: Type.Optional(Type.Integer({ minimum: 1 })),
          team: Type.Optional(Type.String({ format: 'uuid' })),
          month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })),
        }),
        response: {
          200: Type.Object({
            page: Type.Integer(),
            pages: Type.Integer(),
            total: Type.Integer(),
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                caseReference: Type.String(),
                team: Type.String(),
                auditedOn: Type.String(),
                auditType: Type.String(),
                overallGrade: Grade,
                moderatedGrade: Type.Union([Grade, Type.Null()]),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const q = request.query as { page?: number; team?: string; month?: string };
      const list = await quality.listAudits(
        request.org!.id,
        { teamId: q.team, month: q.month },
        q.page ?? 1,
        100,
      );
      return {
        page: list.page,
        pages: list.pages,
        total: list.total,
        items: list.rows.map((r) => ({
          id: r.audit.id,
          caseReference: r.audit.caseReference,
          team: r.teamName,
          auditedOn: r.audit.auditedOn,
          auditType: r.audit.auditType,
          overallGrade: r.audit.overallGrade,
          moderatedGrade: r.moderatedGrade ?? null,
        })),
      };
    },
  );

  app.get(
    '/api/v1/organisations/:slug/quality/teams',
    { config: stats, schema: { summary: 'Teams and their service areas', tags: ['quality'], params: Slug } },
    async (request) =>
      (await quality.teams(request.org!.id)).map((t) => ({
        id: t.id,
        name: t.name,
        serviceArea: t.serviceArea,
        isActive: t.isActive,
      })),
  );

  app.get(
    '/api/v1/organisations/:slug/quality/moderation',
    {
      config: records,
      schema: {
        summary: 'The moderation sample of a month, with each audit’s outcome',
        tags: ['quality'],
        params: Slug,
        querystring: Type.Object({ month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) }),
      },
    },
    async (request) => {
      const { month } = request.query as { month: string };
      return (await quality.moderationQueue(request.org!.id, month)).map((q) => ({
        id: q.moderation.id,
        auditId: q.audit.id,
        caseReference: q.audit.caseReference,
        auditorGrade: q.audit.overallGrade,
        agreed: q.moderation.agreed,
        moderatedGrade: q.moderation.moderatedGrade,
        completedAt: q.moderation.completedAt,
        seed: q.moderation.sampleSeed,
        version: q.moderation.version,
      }));
    },
  );

  app.post(
    '/api/v1/organisations/:slug/quality/moderation/:id',
    {
      config: moderating,
      schema: {
        summary: 'Agree with an audit’s grade or re-grade it (the version you read must still be current)',
        tags: ['quality'],
        params: Type.Object({ slug: Type.String(), id: Type.String({ format: 'uuid' }) }),
        body: Type.Object({
          agreed: Type.Boolean(),
          moderatedGrade: Type.Optional(Grade),
          notes: Type.Optional(Type.String({ maxLength: 5000 })),
          version: Type.Integer({ minimum: 1 }),
        }),
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const b = request.body as { agreed: boolean; moderatedGrade?: string; notes?: string; version: number };
      const actor = actorOf(request);
      const row = await quality.moderate({ ...actor, userId: actor.userId! }, request.org!.id, id, {
        agreed: b.agreed ? 'yes' : 'no',
        moderatedGrade: b.moderatedGrade ?? '',
        notes: b.notes ?? '',
        version: b.version,
      });
      return { id: row!.id, agreed: row!.agreed, moderatedGrade: row!.moderatedGrade, version: row!.version };
    },
  );

  app.get(
    '/api/v1/organisations/:slug/quality/check-and-challenge',
    {
      config: records,
      schema: {
        summary: 'Check & Challenge sessions, newest first, with their drawn samples',
        tags: ['quality'],
        params: Slug,
      },
    },
    async (request) =>
      (await quality.sessions(request.org!.id)).map((s) => ({
        id: s.session.id,
        sessionDate: s.session.sessionDate,
        team: s.teamName,
        seed: s.session.seed,
        sample: s.session.sample,
        casesInList: s.session.caseList.length,
      })),
  );

  app.post(
    '/api/v1/organisations/:slug/quality/check-and-challenge',
    {
      config: checking,
      schema: {
        summary: 'Draw a reproducible sample of a team’s cases for a Check & Challenge session',
        tags: ['quality'],
        params: Slug,
        body: Type.Object({
          sessionDate: Type.String({ maxLength: 10 }),
          teamId: Type.String({ maxLength: 40 }),
          caseReferences: Type.Array(Type.String({ maxLength: 60 }), { minItems: 1, maxItems: 5000 }),
          sampleSize: Type.Integer({ minimum: 1, maximum: 50 }),
          seed: Type.Optional(Type.String({ maxLength: 80 })),
        }),
      },
    },
    async (request, reply) => {
      const b = request.body as {
        sessionDate: string;
        teamId: string;
        caseReferences: string[];
        sampleSize: number;
        seed?: string;
      };
      const session = await quality.createSession(actorOf(request), request.org!.id, {
        sessionDate: b.sessionDate,
        teamId: b.teamId,
        caseList: b.caseReferences.join('\n'),
        sampleSize: String(b.sampleSize),
        seed: b.seed ?? '',
      });
      return reply.status(201).send({ id: session.id, seed: session.seed, sample: session.sample });
    },
  );

  app.post(
    '/api/v1/organisations/:slug/quality/audits',
    {
      config: auditing,
      schema: {
        summary: 'Record a case audit as the token’s user (the independence rule applies)',
        tags: ['quality'],
        params: Slug,
        body: Type.Object({
          caseReference: Type.String({ maxLength: 100 }),
          teamId: Type.String({ maxLength: 40 }),
          workerReference: Type.Optional(Type.String({ maxLength: 100 })),
          auditedOn: Type.String({ maxLength: 20 }),
          auditType: Type.String({ maxLength: 40 }),
          domainGrades: Type.Record(Type.String(), Type.String({ maxLength: 40 })),
          compliance: Type.Optional(Type.Record(Type.String(), Type.Boolean())),
          overallGrade: Type.String({ maxLength: 40 }),
          overallRationale: Type.String({ maxLength: 6000 }),
          strengths: Type.Optional(Type.String({ maxLength: 6000 })),
          areasForDevelopment: Type.Optional(Type.String({ maxLength: 6000 })),
          learningThemes: Type.Optional(Type.Array(Type.String({ maxLength: 80 }), { maxItems: 10 })),
        }),
      },
    },
    async (request, reply) => {
      const b = request.body as {
        caseReference: string;
        teamId: string;
        workerReference?: string;
        auditedOn: string;
        auditType: string;
        domainGrades: Record<string, string>;
        compliance?: Record<string, boolean>;
        overallGrade: string;
        overallRationale: string;
        strengths?: string;
        areasForDevelopment?: string;
        learningThemes?: string[];
      };
      const actor = actorOf(request);
      const saved = await quality.recordAudit(
        { ...actor, userId: actor.userId! },
        request.role!,
        request.org!.id,
        {
          caseReference: b.caseReference,
          teamId: b.teamId,
          workerReference: b.workerReference ?? '',
          auditedOn: b.auditedOn,
          auditType: b.auditType,
          domainGrades: b.domainGrades,
          compliance: Object.fromEntries(
            Object.entries(b.compliance ?? {}).map(([k, v]) => [k, v ? 'yes' : 'no']),
          ),
          overallGrade: b.overallGrade,
          overallRationale: b.overallRationale,
          strengths: b.strengths ?? '',
          areasForDevelopment: b.areasForDevelopment ?? '',
          learningThemes: (b.learningThemes ?? []).join(','),
          overrideReason: '',
        },
      );
      return reply.status(201).send({
        id: saved.id,
        caseReference: saved.caseReference,
        overallGrade: saved.overallGrade,
        version: saved.version,
      });
    },
  );
}
