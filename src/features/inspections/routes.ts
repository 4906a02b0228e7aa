// Pages and API for the Ofsted record: the journey, inspections and visits, recommendations, interventions.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { paths } from '../../platform/paths.js';
import { ValidationError } from '../../platform/errors.js';
import { field, formErrors, intField } from '../../platform/web/forms.js';
import { registerNavEntry, render, setFlash } from '../../platform/web/render.js';
import { actorOf } from '../users/routes.js';
import { FRAMEWORKS, GRADES, INSPECTION_TYPES, INTERVENTION_KINDS, type Framework } from './schema.js';
import { FRAMEWORK_LABELS, GRADED_TYPES, JUDGEMENT_AREAS, OVERALL, TYPE_LABELS } from './rules.js';
import { INTERVENTION_LABELS, type NewInspectionInput } from './service.js';
import { ReportReadError, extractPdfText } from './reader/pdf-text.js';
import { readInspectionReport } from './reader/report-reader.js';
import { matchAreasToRecommendations, readVisitLetter } from './reader/letter-reader.js';

const UUID = /^[0-9a-f-]{36}$/;

export async function inspectionRoutes(app: FastifyInstance): Promise<void> {
  const inspections = app.services.inspections;
  registerNavEntry({
    text: 'Ofsted',
    href: paths.inspections.journey,
    permission: 'inspections:read',
    match: '/inspections',
  });
  const read = { access: { permission: 'inspections:read' } } as const;
  const edit = { access: { permission: 'inspections:edit' } } as const;

  const labels = { types: TYPE_LABELS, frameworks: FRAMEWORK_LABELS, interventions: INTERVENTION_LABELS };

  app.get('/o/:slug/inspections', { config: read }, async (request, reply) => {
    const org = request.org!;
    const journey = await inspections.journey(org.id);
    const graded = journey.items.filter((i) => i.judgements.length > 0);
    return render(request, reply, 'inspections/views/journey.njk', {
      journey,
      graded,
      overall: OVERALL,
      neighbours: await inspections.neighbours(org),
      labels,
    });
  });

  async function newForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Partial<NewInspectionInput>,
    errors?: ReturnType<typeof formErrors>,
    extra: Record<string, unknown> = {},
  ) {
    return render(request, reply, 'inspections/views/new.njk', {
      values,
      errors,
      types: INSPECTION_TYPES.map((t) => ({ value: t, text: TYPE_LABELS[t], checked: values.type === t })),
      frameworks: FRAMEWORKS.map((f) => ({
        value: f,
        text: FRAMEWORK_LABELS[f],
        checked: values.framework === f,
      })),
      areas: JUDGEMENT_AREAS,
      grades: GRADES,
      gradedTypes: GRADED_TYPES,
      ...extra,
    });
  }

  app.get('/o/:slug/inspections/new', { config: edit }, (request, reply) =>
    newForm(request, reply, { grades: {}, framework: 'ILACS_2023' }),
  );

  app.post('/o/:slug/inspections/new', { config: edit }, async (request, reply) => {
    const org = request.org!;
    const body = request.body;
    const framework = field(body, 'framework', 20);
    const areas = (FRAMEWORKS as readonly string[]).includes(framework)
      ? JUDGEMENT_AREAS[framework as Framework]
      : [];
    const input: NewInspectionInput = {
      type: field(body, 'type', 40),
      framework,
      startDate: field(body, 'startDate', 20),
      endDate: field(body, 'endDate', 20),
      publishedDate: field(body, 'publishedDate', 20),
      leadInspector: field(body, 'leadInspector', 200),
      link: field(body, 'link', 500),
      sequenceNumber: field(body, 'sequenceNumber', 5),
      summary: field(body, 'summary', 20_000),
      grades: Object.fromEntries(areas.map((area, i) => [area, field(body, `grade-${i}`, 60)])),
      recommendations: field(body, 'recommendations', 100_000),
      priorityActions: field(body, 'priorityActions', 50_000),
      confirmWarnings: field(body, 'confirmWarnings', 5) === 'yes',
      sourceText: field(body, 'sourceText', 400_000),
    };
    try {
      const saved = await inspections.create(actorOf(request), org.id, input);
      await setFlash(request, { kind: 'success', title: `${TYPE_LABELS[saved.type]} recorded` });
      return reply.redirect(paths.inspections.inspection(org.slug, saved.id), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return newForm(request, reply, input, formErrors(error.details));
    }
  });

  async function inspectionPage(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: ReturnType<typeof formErrors>,
    values: Record<string, unknown> = {},
  ) {
    const org = request.org!;
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return reply.callNotFound();
    return render(request, reply, 'inspections/views/inspection.njk', {
      ...(await inspections.get(org.id, id)),
      allRecommendations: await inspections.recommendations(org.id),
      labels,
      errors,
      values,
      history: await app.services.audit.history(app.services.database.db, org.id, 'inspection', id),
    });
  }

  app.get('/o/:slug/inspections/:id', { config: read }, (request, reply) => inspectionPage(request, reply));

  app.post('/o/:slug/inspections/:id/findings', { config: edit }, async (request, reply) => {
    const org = request.org!;
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return reply.callNotFound();
    const raw = (request.body as Record<string, unknown> | undefined)?.recommendationIds;
    const recommendationIds = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
      (v): v is string => typeof v === 'string' && UUID.test(v),
    );
    const values = {
      area: field(request.body, 'area', 600),
      narrative: field(request.body, 'narrative', 25_000),
      recommendationIds,
    };
    try {
      await inspections.addFinding(actorOf(request), org.id, id, values);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return inspectionPage(request, reply, formErrors(error.details), values);
    }
    await setFlash(request, { kind: 'success', title: 'Finding added' });
    return reply.redirect(paths.inspections.inspection(org.slug, id), 303);
  });

  app.get('/o/:slug/recommendations/:id', { config: read }, async (request, reply) => {
    const org = request.org!;
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return reply.callNotFound();
    return render(request, reply, 'inspections/views/recommendation.njk', {
      ...(await inspections.recommendation(org.id, id)),
      labels,
    });
  });

  async function interventionsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: ReturnType<typeof formErrors>,
    values: Record<string, string> = {},
  ) {
    return render(request, reply, 'inspections/views/interventions.njk', {
      interventions: await inspections.interventions(request.org!.id),
      kinds: INTERVENTION_KINDS.map((k) => ({
        value: k,
        text: INTERVENTION_LABELS[k],
        checked: values.kind === k,
      })),
      labels,
      errors,
      values,
      today: new Date().toISOString().slice(0, 10),
    });
  }

  app.get('/o/:slug/interventions', { config: read }, (request, reply) => interventionsPage(request, reply));

  app.post('/o/:slug/interventions', { config: edit }, async (request, reply) => {
    const org = request.org!;
    const values = {
      kind: field(request.body, 'kind', 60),
      issuedDate: field(request.body, 'issuedDate', 20),
      namedPerson: field(request.body, 'namedPerson', 300),
      reviewCadence: field(request.body, 'reviewCadence', 300),
      notes: field(request.body, 'notes', 10_000),
    };
    const file = (request.body as Record<string, unknown> | undefined)?.document;
    try {
      await inspections.addIntervention(actorOf(request), org.id, {
        ...values,
        document: Buffer.isBuffer(file) ? file : null,
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return interventionsPage(request, reply, formErrors(error.details), values);
    }
    await setFlash(request, { kind: 'success', title: 'Intervention recorded' });
    return reply.redirect(paths.inspections.interventions(org.slug), 303);
  });

  app.post('/o/:slug/interventions/:id/lift', { config: edit }, async (request, reply) => {
    const org = request.org!;
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return reply.callNotFound();
    await inspections.liftIntervention(
      actorOf(request),
      org.id,
      id,
      field(request.body, 'liftedDate', 20),
      intField(request.body, 'version') ?? -1,
    );
    await setFlash(request, { kind: 'success', title: 'Intervention marked as lifted' });
    return reply.redirect(paths.inspections.interventions(org.slug), 303);
  });

  // ---- Reading a report: upload or paste → review (the prefilled form) → save. Nothing is saved before. ----
  app.get('/o/:slug/inspections/read', { config: edit }, (request, reply) =>
    render(request, reply, 'inspections/views/read.njk', { values: {} }),
  );

  app.post('/o/:slug/inspections/read', { config: edit }, async (request, reply) => {
    const body = request.body as Record<string, unknown> | undefined;
    const file = body?.file;
    const pasted = field(body, 'text', 500_000);
    let report;
    let sourceText = '';
    try {
      if (Buffer.isBuffer(file) && file.length > 0) {
        const { pages } = await extractPdfText(new Uint8Array(file));
        report = readInspectionReport(pages);
        sourceText = pages.join('\n\n');
      } else if (pasted.trim()) {
        report = readInspectionReport(pasted);
        sourceText = pasted;
      } else {
        reply.status(400);
        return render(request, reply, 'inspections/views/read.njk', {
          values: {},
          errors: formErrors([{ path: 'file', message: 'Select the report PDF, or paste its text' }]),
        });
      }
    } catch (error) {
      if (!(error instanceof ReportReadError)) throw error;
      reply.status(400);
      return render(request, reply, 'inspections/views/read.njk', {
        values: { text: pasted },
        errors: formErrors([{ path: 'file', message: error.message }]),
      });
    }
    const framework = report.framework ?? 'ILACS_2023';
    const grades = Object.fromEntries(report.judgements.map((j) => [j.area, j.grade]));
    const values: Partial<NewInspectionInput> = {
      type: report.type ?? '',
      framework,
      startDate: report.startDate ?? '',
      endDate: report.endDate ?? '',
      publishedDate: report.publishedDate ?? '',
      leadInspector: report.leadInspector ?? '',
      grades,
      recommendations: report.recommendations
        .filter((r) => r.kind === 'what_needs_to_improve')
        .map((r) => r.text)
        .join('\n'),
      priorityActions: report.recommendations
        .filter((r) => r.kind === 'area_for_priority_action')
        .map((r) => r.text)
        .join('\n'),
    };
    return newForm(request, reply, { ...values, sourceText }, undefined, {
      reading: report,
      localAuthority: report.localAuthority,
    });
  });

  // ---- A visit letter: paste → review areas and their matched recommendations → save ----
  app.get('/o/:slug/inspections/letter', { config: edit }, (request, reply) =>
    render(request, reply, 'inspections/views/letter.njk', { values: {} }),
  );

  async function letterReview(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: ReturnType<typeof formErrors>,
  ) {
    return render(request, reply, 'inspections/views/letter-review.njk', {
      values,
      errors,
      recommendations: await inspections.recommendations(request.org!.id),
      types: ['monitoring_visit', 'focused_visit'].map((t) => ({
        value: t,
        text: TYPE_LABELS[t as 'monitoring_visit'],
        checked: values.type === t,
      })),
    });
  }

  app.post('/o/:slug/inspections/letter', { config: edit }, async (request, reply) => {
    const text = field(request.body, 'text', 200_000);
    if (!text.trim()) {
      reply.status(400);
      return render(request, reply, 'inspections/views/letter.njk', {
        values: {},
        errors: formErrors([{ path: 'text', message: 'Paste the text of the visit letter' }]),
      });
    }
    const letter = readVisitLetter(text);
    const recs = await inspections.recommendations(request.org!.id);
    const matches = matchAreasToRecommendations(letter.areas, recs);
    return letterReview(request, reply, {
      type: letter.type ?? '',
      sequenceNumber: letter.visitNumber ? String(letter.visitNumber) : '',
      startDate: letter.startDate ?? '',
      endDate: letter.endDate ?? '',
      leadInspector: letter.inspectors[0] ?? '',
      summary: letter.findings ?? '',
      areas: letter.areas.map((area, i) => ({
        area,
        recommendationIds: matches[i]?.recommendationIds ?? [],
      })),
      warnings: letter.warnings,
    });
  });

  app.post('/o/:slug/inspections/letter/confirm', { config: edit }, async (request, reply) => {
    const org = request.org!;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const count = Math.min(30, intField(body, 'areaCount') ?? 0);
    const areas = Array.from({ length: count }, (_, i) => {
      const raw = body[`recs-${i}`];
      const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
        (v): v is string => typeof v === 'string' && UUID.test(v),
      );
      return { area: field(body, `area-${i}`, 600), recommendationIds: ids };
    }).filter((a) => a.area.trim() !== '' || a.recommendationIds.length > 0);
    const input = {
      type: field(body, 'type', 40),
      framework: 'ILACS_2023',
      startDate: field(body, 'startDate', 20),
      endDate: field(body, 'endDate', 20),
      publishedDate: '',
      leadInspector: field(body, 'leadInspector', 200),
      link: '',
      sequenceNumber: field(body, 'sequenceNumber', 5),
      summary: field(body, 'summary', 20_000),
      grades: {},
      recommendations: '',
      priorityActions: '',
      confirmWarnings: false,
      areas,
    };
    try {
      const visit = await inspections.recordVisit(actorOf(request), org.id, input);
      await setFlash(request, {
        kind: 'success',
        title: `${TYPE_LABELS[visit.type]} recorded with ${areas.length === 1 ? '1 area' : `${areas.length} areas`}`,
      });
      return reply.redirect(paths.inspections.inspection(org.slug, visit.id), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return letterReview(request, reply, { ...input, warnings: [] }, formErrors(error.details));
    }
  });

  // ---- The national picture (reference data for every organisation) ----
  const importing = { access: { permission: 'reference:import' } } as const;
  async function nationalPage(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: ReturnType<typeof formErrors>,
    problem?: string,
  ) {
    return render(request, reply, 'inspections/views/national.njk', {
      counts: await inspections.nationalCounts(),
      errors,
      problem,
    });
  }
  app.get('/o/:slug/inspections/national', { config: importing }, (request, reply) =>
    nationalPage(request, reply),
  );
  app.post('/o/:slug/inspections/national/:kind', { config: importing }, async (request, reply) => {
    const org = request.org!;
    const { kind } = request.params as { kind: string };
    if (kind !== 'overview' && kind !== 'neighbours') return reply.callNotFound();
    const file = (request.body as Record<string, unknown> | undefined)?.file;
    if (!Buffer.isBuffer(file) || file.length === 0) {
      reply.status(400);
      return nationalPage(
        request,
        reply,
        formErrors([{ path: `file-${kind}`, message: 'Select a file to upload' }]),
      );
    }
    try {
      const result =
        kind === 'overview'
          ? await inspections.importOfstedOverview(actorOf(request), file)
          : await inspections.importStatisticalNeighbours(actorOf(request), file.toString('utf8'));
      await setFlash(request, {
        kind: 'success',
        title:
          kind === 'overview'
            ? `Grades loaded for ${result.councils} councils`
            : `Statistical neighbours loaded for ${result.councils} councils`,
      });
      return reply.redirect(paths.inspections.journey(org.slug), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return nationalPage(
        request,
        reply,
        formErrors([{ path: `file-${kind}`, message: error.message }]),
        error.details.map((d) => `${d.path}: ${d.message}`).join('\n'),
      );
    }
  });

  app.get('/o/:slug/documents/:id', { config: read }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return reply.callNotFound();
    const document = await inspections.document(request.org!.id, id);
    return reply
      .type(document.contentType)
      .header('content-disposition', `attachment; filename="${document.filename.replace(/[^\w.-]/g, '_')}"`)
      .header('x-content-type-options', 'nosniff')
      .send(document.data);
  });

  // ---- API ----
  const Slug = Type.Object({ slug: Type.String() });
  app.get(
    '/api/v1/organisations/:slug/inspections',
    {
      config: read,
      schema: {
        summary: 'Inspections and visits with their judgements, oldest first',
        tags: ['inspections'],
        params: Slug,
      },
    },
    async (request) => {
      const journey = await inspections.journey(request.org!.id);
      return journey.items.map(({ inspection: i, judgements }) => ({
        id: i.id,
        type: i.type,
        framework: i.framework,
        startDate: i.startDate,
        endDate: i.endDate,
        publishedDate: i.publishedDate,
        leadInspector: i.leadInspector,
        sequenceNumber: i.sequenceNumber,
        judgements: judgements.map((j) => ({ area: j.area, grade: j.grade })),
      }));
    },
  );
  app.post(
    '/api/v1/organisations/:slug/inspections',
    {
      config: edit,
      schema: {
        summary:
          'Record an inspection or visit with its judgements and recommendations (the same rules as the form)',
        tags: ['inspections'],
        params: Slug,
        body: Type.Object({
          type: Type.Union(INSPECTION_TYPES.map((t) => Type.Literal(t))),
          framework: Type.Optional(Type.Union(FRAMEWORKS.map((f) => Type.Literal(f)))),
          startDate: Type.String({ maxLength: 10 }),
          endDate: Type.Optional(Type.String({ maxLength: 10 })),
          publishedDate: Type.Optional(Type.String({ maxLength: 10 })),
          leadInspector: Type.Optional(Type.String({ maxLength: 120 })),
          link: Type.Optional(Type.String({ maxLength: 500 })),
          sequenceNumber: Type.Optional(Type.Integer({ minimum: 1, maximum: 99 })),
          judgements: Type.Optional(
            Type.Array(
              Type.Object({
                area: Type.String({ maxLength: 200 }),
                grade: Type.Union(GRADES.map((g) => Type.Literal(g))),
              }),
              { maxItems: 10 },
            ),
          ),
          recommendations: Type.Optional(
            Type.Array(
              Type.Object({
                kind: Type.Union([
                  Type.Literal('what_needs_to_improve'),
                  Type.Literal('area_for_priority_action'),
                ]),
                text: Type.String({ minLength: 1, maxLength: 3000 }),
              }),
              { maxItems: 100 },
            ),
          ),
          confirmWarnings: Type.Optional(Type.Boolean()),
        }),
      },
    },
    async (request, reply) => {
      const b = request.body as {
        type: string;
        framework?: string;
        startDate: string;
        endDate?: string;
        publishedDate?: string;
        leadInspector?: string;
        link?: string;
        sequenceNumber?: number;
        judgements?: { area: string; grade: string }[];
        recommendations?: { kind: string; text: string }[];
        confirmWarnings?: boolean;
      };
      const saved = await inspections.create(actorOf(request), request.org!.id, {
        type: b.type,
        framework: b.framework ?? '',
        startDate: b.startDate,
        endDate: b.endDate ?? '',
        publishedDate: b.publishedDate ?? '',
        leadInspector: b.leadInspector ?? '',
        link: b.link ?? '',
        sequenceNumber: b.sequenceNumber ? String(b.sequenceNumber) : '',
        summary: '',
        grades: Object.fromEntries((b.judgements ?? []).map((j) => [j.area, j.grade])),
        recommendations: (b.recommendations ?? [])
          .filter((r) => r.kind === 'what_needs_to_improve')
          .map((r) => r.text.replace(/\s+/g, ' '))
          .join('\n'),
        priorityActions: (b.recommendations ?? [])
          .filter((r) => r.kind === 'area_for_priority_action')
          .map((r) => r.text.replace(/\s+/g, ' '))
          .join('\n'),
        confirmWarnings: b.confirmWarnings ?? false,
      });
      return reply
        .status(201)
        .send({ id: saved.id, type: saved.type, startDate: saved.startDate, version: saved.version });
    },
  );

  app.get(
    '/api/v1/organisations/:slug/recommendations',
    {
      config: read,
      schema: { summary: 'Every recommendation, verbatim and numbered', tags: ['inspections'], params: Slug },
    },
    async (request) =>
      (await inspections.recommendations(request.org!.id)).map((r) => ({
        id: r.id,
        inspectionId: r.inspectionId,
        number: r.number,
        kind: r.kind,
        text: r.text,
        version: r.version,
      })),
  );
  app.get(
    '/api/v1/organisations/:slug/interventions',
    {
      config: read,
      schema: { summary: 'DfE interventions, newest first', tags: ['inspections'], params: Slug },
    },
    async (request) =>
      (await inspections.interventions(request.org!.id)).map((i) => ({
        id: i.id,
        kind: i.kind,
        issuedDate: i.issuedDate,
        liftedDate: i.liftedDate,
        namedPerson: i.namedPerson,
        version: i.version,
      })),
  );
}
