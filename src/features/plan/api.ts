// The improvement plan's JSON API, for integrations and scripts. Every editable record carries its
// version; a write names the version it read, and a stale one gets 409 with a message.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { NotFoundError } from '../../platform/errors.js';
import { callerOf } from './routes.js';
import { DELIVERY_STATUSES, RAGS, type DeliveryStatus } from './rules/rules.js';
import { SORT_KEYS, filterActions, sortActions, type ActionView, type SortKey } from './derive.js';
import { CHALLENGE_SUBJECTS, IMPACT_RATINGS } from './schema.js';
import type { ColumnMapping } from './xlsx/template.js';

const Slug = Type.Object({ slug: Type.String() });
const SlugId = Type.Object({ slug: Type.String(), id: Type.String({ format: 'uuid' }) });
const SlugN = Type.Object({ slug: Type.String(), n: Type.Integer({ minimum: 1 }) });
const Version = Type.Integer({ minimum: 1, description: 'The version of the record you read' });
const Str = (max: number) => Type.String({ maxLength: max });
const Opt = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const Status = Type.Union(DELIVERY_STATUSES.map((s) => Type.Literal(s)));
const RagT = Type.Union(RAGS.map((r) => Type.Literal(r)));

export function actionJson(v: ActionView) {
  const a = v.action;
  return {
    id: a.id,
    lineageId: a.lineageId,
    ref: a.ref,
    title: a.title,
    description: a.description,
    outcome: { id: v.outcome.id, ref: v.outcome.ref },
    commitment: { id: v.commitment.id, ref: v.commitment.ref },
    leadEmail: a.leadEmail,
    leadName: v.leadName,
    originalTargetDate: a.originalTargetDate,
    currentTargetDate: a.currentTargetDate,
    rescheduled: { count: v.reschedule.count, days: v.reschedule.totalDaysSlipped, text: v.reschedule.text },
    deliveryStatus: a.deliveryStatus,
    rag: v.rag,
    suggestedRag: v.suggested.rag,
    ragReason: v.overridden ? a.ragOverrideReason : v.suggested.reason,
    ragOverridden: v.overridden,
    overdue: v.overdue,
    nextUpdate: v.schedule,
    evidenceLinks: a.evidenceLinks,
    embeddingSignedOffAt: a.embeddingSignedOffAt,
    learningThemes: a.learningThemes,
    version: a.version,
  };
}

export async function planApi(app: FastifyInstance): Promise<void> {
  const plan = app.services.plan;
  const transfer = app.services.planTransfer;
  const read = { access: { permission: 'plan:read' } } as const;
  // The action list is answered from the page cache while the plan is unchanged (see page-cache.ts).
  const readCached = { ...read, pageCache: true } as const;
  const edit = { access: { permission: 'plan:edit' } } as const;
  const report = { access: { permission: 'plan:report' } } as const;
  const challenge = { access: { permission: 'challenge:raise' } } as const;
  const base = '/api/v1/organisations/:slug/plan';
  const org = (request: FastifyRequest) => request.org!.id;

  async function byNumber(request: FastifyRequest, n?: number) {
    const resolved = await plan.resolve(org(request), n);
    if (!resolved.plan)
      throw new NotFoundError(
        n ? `There is no version ${n} of the plan` : 'There is no improvement plan yet',
      );
    return resolved;
  }

  function versionJson(
    p: NonNullable<Awaited<ReturnType<typeof plan.resolve>>['plan']> & { approvedSnapshot?: unknown },
  ) {
    const { approvedSnapshot: _s, ...rest } = p;
    return rest;
  }

  async function planJson(request: FastifyRequest, n?: number) {
    const resolved = await byNumber(request, n);
    const loaded = await plan.load(org(request), resolved.plan!.id);
    return {
      plan: versionJson(loaded.plan),
      live: resolved.live?.id === loaded.plan.id,
      asAt: loaded.asAt,
      summary: loaded.summary,
      uncoveredRecommendations: loaded.coverage.uncovered.map((r) => r.recommendation.number),
      outcomes: loaded.tree.map((o) => ({
        id: o.outcome.id,
        ref: o.outcome.ref,
        title: o.outcome.title,
        description: o.outcome.description,
        version: o.outcome.version,
        summary: o.summary,
        commitments: o.commitments.map((c) => ({
          id: c.commitment.id,
          ref: c.commitment.ref,
          title: c.commitment.title,
          successMeasures: c.commitment.successMeasures,
          recommendationNumbers: c.recommendationNumbers,
          version: c.commitment.version,
          summary: c.summary,
          actions: c.actions.map(actionJson),
        })),
      })),
    };
  }

  // ---- Versions ----
  app.get(
    base,
    {
      config: read,
      schema: {
        summary: 'The live plan: outcomes, commitments and actions with RAG and roll-ups',
        tags: ['plan'],
        params: Slug,
      },
    },
    (request) => planJson(request),
  );
  app.get(
    `${base}/versions`,
    {
      config: read,
      schema: { summary: 'Every version of the plan, newest first', tags: ['plan'], params: Slug },
    },
    async (request) => (await plan.versions(org(request))).all.map(versionJson),
  );
  app.get(
    `${base}/versions/:n`,
    { config: read, schema: { summary: 'One version of the plan', tags: ['plan'], params: SlugN } },
    (request) => planJson(request, (request.params as { n: number }).n),
  );
  app.get(
    `${base}/compare`,
    {
      config: read,
      schema: {
        summary: 'Item-by-item differences between two versions',
        tags: ['plan'],
        params: Slug,
        querystring: Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }),
      },
    },
    async (request) => {
      const q = request.query as { from: number; to: number };
      const result = await plan.diff(org(request), q.from, q.to);
      return { from: result.from.versionNumber, to: result.to.versionNumber, changes: result.changes };
    },
  );
  const PlanBody = Type.Object({
    title: Str(200),
    vision: Opt(4000),
    startDate: Str(20),
    endDate: Opt(20),
    statutoryDeadline: Opt(20),
    submittedTo: Opt(200),
    submittedOn: Opt(20),
    updateCadenceDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 999 })),
    inspectionId: Type.Optional(Type.String({ format: 'uuid' })),
  });
  const planInput = (b: Static<typeof PlanBody>) => ({
    ...b,
    updateCadenceDays: b.updateCadenceDays === undefined ? '' : String(b.updateCadenceDays),
  });
  app.post(
    base,
    {
      config: edit,
      schema: {
        summary: 'Start the plan as a draft version 1',
        tags: ['plan'],
        params: Slug,
        body: PlanBody,
      },
    },
    async (request, reply) => {
      const created = await plan.createPlan(
        callerOf(request),
        org(request),
        planInput(request.body as Static<typeof PlanBody>),
      );
      return reply.status(201).send(versionJson(created));
    },
  );
  app.patch(
    `${base}/versions/:n`,
    {
      config: edit,
      schema: {
        summary: 'Change a draft version’s details',
        tags: ['plan'],
        params: SlugN,
        body: Type.Composite([PlanBody, Type.Object({ version: Version })]),
      },
    },
    async (request) => {
      const p = (await byNumber(request, (request.params as { n: number }).n)).plan!;
      const b = request.body as Static<typeof PlanBody> & { version: number };
      return versionJson(
        await plan.updatePlan(callerOf(request), org(request), p.id, b.version, planInput(b)),
      );
    },
  );
  app.post(
    `${base}/versions/:n/approve`,
    {
      config: edit,
      schema: {
        summary:
          'Record the approval of a draft version (by whom, when, at which meeting or under which authority)',
        tags: ['plan'],
        params: SlugN,
        body: Type.Object({
          version: Version,
          approvedOn: Str(20),
          approvedBy: Str(200),
          approvalMeeting: Opt(200),
          approvalAuthority: Opt(300),
        }),
      },
    },
    async (request) => {
      const p = (await byNumber(request, (request.params as { n: number }).n)).plan!;
      const b = request.body as {
        version: number;
        approvedOn: string;
        approvedBy: string;
        approvalMeeting?: string;
        approvalAuthority?: string;
      };
      return versionJson(await plan.approve(callerOf(request), org(request), p.id, b.version, b));
    },
  );
  app.post(
    `${base}/refresh`,
    {
      config: edit,
      schema: { summary: 'Start a new draft version from the approved one', tags: ['plan'], params: Slug },
    },
    async (request, reply) =>
      reply.status(201).send(versionJson(await plan.refresh(callerOf(request), org(request)))),
  );

  // ---- Structure of a draft ----
  const OutcomeBody = Type.Object({ ref: Str(20), title: Str(300), description: Opt(4000) });
  const CommitmentBody = Type.Object({
    outcomeId: Type.String({ format: 'uuid' }),
    ref: Str(20),
    title: Str(500),
    successMeasures: Type.Optional(Type.Array(Str(500), { maxItems: 20 })),
    recommendationIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 50 })),
  });
  const ActionBody = Type.Object({
    commitmentId: Type.String({ format: 'uuid' }),
    ref: Str(20),
    title: Str(300),
    description: Opt(4000),
    leadEmail: Str(200),
    originalTargetDate: Str(20),
    evidenceLinks: Type.Optional(Type.Array(Str(500), { maxItems: 20 })),
    learningThemes: Type.Optional(Type.Array(Str(80), { maxItems: 10 })),
  });
  type Kind = 'outcome' | 'commitment' | 'action';
  const bodies = { outcome: OutcomeBody, commitment: CommitmentBody, action: ActionBody };
  const toInput = (kind: Kind, b: Record<string, unknown>) =>
    kind === 'commitment'
      ? { ...b, successMeasures: ((b.successMeasures as string[] | undefined) ?? []).join('\n') }
      : kind === 'action'
        ? {
            ...b,
            evidenceLinks: ((b.evidenceLinks as string[] | undefined) ?? []).join('\n'),
            learningThemes: ((b.learningThemes as string[] | undefined) ?? []).join(','),
          }
        : b;
  const saveItem = (
    request: FastifyRequest,
    kind: Kind,
    planId: string,
    input: Record<string, unknown>,
    existing?: { id: string; version: number },
  ) =>
    kind === 'outcome'
      ? plan.saveOutcome(callerOf(request), org(request), planId, input, existing)
      : kind === 'commitment'
        ? plan.saveCommitment(callerOf(request), org(request), planId, input, existing)
        : plan.saveAction(callerOf(request), org(request), planId, input, existing);
  const find = (request: FastifyRequest, kind: Kind, id: string) =>
    kind === 'outcome'
      ? plan.outcomeById(org(request), id)
      : kind === 'commitment'
        ? plan.commitmentById(org(request), id)
        : plan.actionById(org(request), id);
  for (const kind of ['outcome', 'commitment', 'action'] as const) {
    app.post(
      `${base}/versions/:n/${kind}s`,
      {
        config: edit,
        schema: {
          summary: `Add ${kind === 'outcome' ? 'an' : 'a'} ${kind} to a draft version`,
          tags: ['plan'],
          params: SlugN,
          body: bodies[kind],
        },
      },
      async (request, reply) => {
        const p = (await byNumber(request, (request.params as { n: number }).n)).plan!;
        const saved = await saveItem(
          request,
          kind,
          p.id,
          toInput(kind, request.body as Record<string, unknown>),
        );
        return reply.status(201).send(saved);
      },
    );
    app.patch(
      `${base}/${kind}s/:id`,
      {
        config: edit,
        schema: {
          summary: `Change ${kind === 'outcome' ? 'an' : 'a'} ${kind} of a draft version`,
          tags: ['plan'],
          params: SlugId,
          body: Type.Composite([bodies[kind], Type.Object({ version: Version })]),
        },
      },
      async (request) => {
        const { id } = request.params as { id: string };
        const item = await find(request, kind, id);
        if (!item) throw new NotFoundError(`There is no such ${kind}`);
        const b = request.body as Record<string, unknown> & { version: number };
        return saveItem(request, kind, item.planId, toInput(kind, b), { id, version: b.version });
      },
    );
    app.delete(
      `${base}/${kind}s/:id`,
      {
        config: edit,
        schema: {
          summary: `Remove ${kind === 'outcome' ? 'an' : 'a'} ${kind} from a draft version`,
          tags: ['plan'],
          params: SlugId,
          querystring: Type.Object({ version: Version }),
        },
      },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const item = await find(request, kind, id);
        if (!item) throw new NotFoundError(`There is no such ${kind}`);
        await plan.removeItem(
          callerOf(request),
          org(request),
          item.planId,
          kind,
          id,
          (request.query as { version: number }).version,
        );
        return reply.status(204).send();
      },
    );
  }

  // ---- Actions and delivery ----
  app.get(
    `${base}/actions`,
    {
      config: readCached,
      schema: {
        summary: 'The live plan’s actions, filtered and sorted',
        tags: ['plan'],
        params: Slug,
        querystring: Type.Object({
          lead: Opt(200),
          rag: Type.Optional(Type.Union([RagT, Type.Literal('none')])),
          status: Type.Optional(Status),
          outcome: Type.Optional(Type.String({ format: 'uuid' })),
          overdue: Type.Optional(Type.Boolean()),
          rescheduled: Type.Optional(Type.Boolean()),
          sort: Type.Optional(Type.Union(SORT_KEYS.map((k) => Type.Literal(k)))),
          order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
          page: Type.Optional(Type.Integer({ minimum: 1 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
      },
    },
    async (request) => {
      const q = request.query as {
        lead?: string;
        rag?: 'red';
        status?: DeliveryStatus;
        outcome?: string;
        overdue?: boolean;
        rescheduled?: boolean;
        sort?: SortKey;
        order?: string;
        page?: number;
        pageSize?: number;
      };
      const resolved = await byNumber(request);
      const loaded = await plan.load(org(request), resolved.plan!.id);
      const rows = sortActions(
        filterActions(loaded.views, {
          ...(q.lead ? { lead: q.lead } : {}),
          ...(q.rag ? { rag: q.rag } : {}),
          ...(q.status ? { status: q.status } : {}),
          ...(q.outcome ? { outcome: q.outcome } : {}),
          ...(q.overdue ? { overdue: true } : {}),
          ...(q.rescheduled ? { rescheduled: true } : {}),
        }),
        q.sort ?? 'ref',
        q.order === 'desc',
      );
      const size = q.pageSize ?? 100;
      const page = q.page ?? 1;
      return {
        total: rows.length,
        page,
        pages: Math.max(1, Math.ceil(rows.length / size)),
        items: rows.slice((page - 1) * size, page * size).map(actionJson),
      };
    },
  );
  async function actionWithHistory(request: FastifyRequest, id: string) {
    const action = await plan.actionById(org(request), id);
    if (!action) throw new NotFoundError('There is no such action');
    const loaded = await plan.load(org(request), action.planId);
    const view = loaded.views.find((v) => v.action.id === id)!;
    return {
      ...actionJson(view),
      planVersion: loaded.plan.versionNumber,
      dateChanges: loaded.dateChanges.filter((c) => c.actionLineageId === action.lineageId),
      updates: loaded.updates.filter((u) => u.actionLineageId === action.lineageId),
    };
  }
  app.get(
    `${base}/actions/:id`,
    {
      config: read,
      schema: {
        summary: 'An action with its target-date changes and progress updates',
        tags: ['plan'],
        params: SlugId,
      },
    },
    (request) => actionWithHistory(request, (request.params as { id: string }).id),
  );
  const delivery = <B extends Record<string, unknown>>(
    path: string,
    summary: string,
    permission: 'plan:edit' | 'plan:report',
    body: ReturnType<typeof Type.Object>,
    run: (request: FastifyRequest, id: string, b: B & { version: number }) => Promise<unknown>,
  ) =>
    app.post(
      `${base}/actions/:id/${path}`,
      { config: { access: { permission } }, schema: { summary, tags: ['plan'], params: SlugId, body } },
      async (request) => {
        const { id } = request.params as { id: string };
        await run(request, id, request.body as B & { version: number });
        return actionWithHistory(request, id);
      },
    );
  delivery<{ status: string; reason?: string }>(
    'status',
    'Change an action’s delivery status (transitions are checked)',
    'plan:edit',
    Type.Object({ version: Version, status: Status, reason: Opt(2000) }),
    (request, id, b) => plan.changeStatus(callerOf(request), org(request), id, b.version, b),
  );
  delivery<{ evidence: string }>(
    'embedding',
    'Sign off the evidence of embedding: a complete action becomes embedded',
    'plan:edit',
    Type.Object({ version: Version, evidence: Str(4000) }),
    (request, id, b) => plan.signOffEmbedding(callerOf(request), org(request), id, b.version, b),
  );
  delivery<{ rag: string; reason?: string }>(
    'rag',
    'Set the RAG rating: "suggested" clears any override; another rating needs a reason',
    'plan:edit',
    Type.Object({ version: Version, rag: Type.Union([Type.Literal('suggested'), RagT]), reason: Opt(2000) }),
    (request, id, b) => plan.setRag(callerOf(request), org(request), id, b.version, b),
  );
  delivery<{ newDate: string; reason: string }>(
    'target-date',
    'Change the target date with a reason: approved at once for the improvement lead, requested for an action lead',
    'plan:report',
    Type.Object({ version: Version, newDate: Str(20), reason: Str(2000) }),
    (request, id, b) => plan.requestDateChange(callerOf(request), org(request), id, b.version, b),
  );
  app.post(
    `${base}/actions/:id/updates`,
    {
      config: report,
      schema: {
        summary: 'Submit a progress update on an action you lead',
        tags: ['plan'],
        params: SlugId,
        body: Type.Object({
          narrative: Str(6000),
          proposedRag: RagT,
          proposedStatus: Type.Optional(Type.Union([Type.Literal('in_progress'), Type.Literal('complete')])),
          evidenceLinks: Type.Optional(Type.Array(Str(500), { maxItems: 20 })),
        }),
      },
    },
    async (request, reply) => {
      const b = request.body as {
        narrative: string;
        proposedRag: string;
        proposedStatus?: string;
        evidenceLinks?: string[];
      };
      const row = await plan.submitUpdate(
        callerOf(request),
        org(request),
        (request.params as { id: string }).id,
        { ...b, evidenceLinks: (b.evidenceLinks ?? []).join('\n') },
      );
      return reply.status(201).send(row);
    },
  );
  app.get(
    `${base}/updates`,
    {
      config: edit,
      schema: { summary: 'Progress updates waiting for review, oldest first', tags: ['plan'], params: Slug },
    },
    async (request) =>
      (await plan.reviewQueue(org(request))).items.map((i) => ({
        ...i.update,
        action: { id: i.view.action.id, ref: i.view.action.ref, title: i.view.action.title },
      })),
  );
  app.post(
    `${base}/updates/:id/review`,
    {
      config: edit,
      schema: {
        summary: 'Accept a progress update or return it with a comment',
        tags: ['plan'],
        params: SlugId,
        body: Type.Object({
          version: Version,
          decision: Type.Union([Type.Literal('accept'), Type.Literal('return')]),
          comment: Opt(2000),
        }),
      },
    },
    (request) => {
      const b = request.body as { version: number; decision: string; comment?: string };
      return plan.reviewUpdate(
        callerOf(request),
        org(request),
        (request.params as { id: string }).id,
        b.version,
        b,
      );
    },
  );
  app.get(
    `${base}/date-changes`,
    {
      config: edit,
      schema: { summary: 'Target-date changes waiting for approval', tags: ['plan'], params: Slug },
    },
    (request) => plan.pendingDateChanges(org(request)),
  );
  app.post(
    `${base}/date-changes/:id/decision`,
    {
      config: edit,
      schema: {
        summary: 'Approve or reject a requested target-date change',
        tags: ['plan'],
        params: SlugId,
        body: Type.Object({
          version: Version,
          decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
          comment: Opt(2000),
        }),
      },
    },
    (request) => {
      const b = request.body as { version: number; decision: string; comment?: string };
      return plan.decideDateChange(
        callerOf(request),
        org(request),
        (request.params as { id: string }).id,
        b.version,
        b,
      );
    },
  );

  // ---- Challenges and impact ----
  app.get(
    `${base}/challenges`,
    {
      config: read,
      schema: {
        summary: 'Challenges, newest first',
        tags: ['plan'],
        params: Slug,
        querystring: Type.Object({
          status: Type.Optional(
            Type.Union([
              Type.Literal('open'),
              Type.Literal('answered'),
              Type.Literal('closed'),
              Type.Literal('not_closed'),
            ]),
          ),
        }),
      },
    },
    (request) => plan.challenges(org(request), (request.query as { status?: 'open' }).status),
  );
  app.post(
    `${base}/challenges`,
    {
      config: challenge,
      schema: {
        summary: 'Raise a challenge on an outcome, commitment or action',
        tags: ['plan'],
        params: Slug,
        body: Type.Object({
          subjectType: Type.Union(CHALLENGE_SUBJECTS.map((s) => Type.Literal(s))),
          subjectId: Type.String({ format: 'uuid' }),
          question: Str(4000),
          ownerId: Type.Optional(Type.String({ format: 'uuid' })),
          dueDate: Opt(20),
        }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await plan.raiseChallenge(callerOf(request), org(request), request.body as Record<string, string>),
        ),
  );
  app.post(
    `${base}/challenges/:id/response`,
    {
      config: read,
      schema: {
        summary: 'Respond to a challenge (its owner or the improvement lead)',
        tags: ['plan'],
        params: SlugId,
        body: Type.Object({ version: Version, response: Str(6000) }),
      },
    },
    (request) => {
      const b = request.body as { version: number; response: string };
      return plan.respondToChallenge(
        callerOf(request),
        org(request),
        (request.params as { id: string }).id,
        b.version,
        b,
      );
    },
  );
  app.post(
    `${base}/challenges/:id/close`,
    {
      config: read,
      schema: {
        summary: 'Close (or reopen) a challenge (whoever raised it, or the improvement lead)',
        tags: ['plan'],
        params: SlugId,
        body: Type.Object({ version: Version, note: Opt(2000), reopen: Type.Optional(Type.Boolean()) }),
      },
    },
    (request) => {
      const b = request.body as { version: number; note?: string; reopen?: boolean };
      return plan.closeChallenge(
        callerOf(request),
        org(request),
        (request.params as { id: string }).id,
        b.version,
        { note: b.note ?? '', reopen: b.reopen ?? false },
      );
    },
  );
  app.get(
    `${base}/commitments/:id/impact`,
    {
      config: read,
      schema: { summary: 'A commitment’s impact ratings, newest first', tags: ['plan'], params: SlugId },
    },
    async (request) => {
      const c = await plan.commitmentById(org(request), (request.params as { id: string }).id);
      if (!c) throw new NotFoundError('There is no such commitment');
      return plan.impactRatings(org(request), [c.lineageId]);
    },
  );
  app.post(
    `${base}/commitments/:id/impact`,
    {
      config: edit,
      schema: {
        summary: 'Rate a commitment’s impact for a month (give the version to change an existing rating)',
        tags: ['plan'],
        params: SlugId,
        body: Type.Object({
          period: Str(7),
          rating: Type.Union(IMPACT_RATINGS.map((r) => Type.Literal(r))),
          rationale: Str(4000),
          version: Type.Optional(Version),
        }),
      },
    },
    (request) =>
      plan.rateImpact(
        callerOf(request),
        org(request),
        (request.params as { id: string }).id,
        request.body as { period: string },
      ),
  );

  // ---- Excel ----
  app.get(
    `${base}/export.xlsx`,
    {
      config: read,
      schema: {
        summary: 'The live plan (or ?v=N) as an Excel workbook in the template layout',
        tags: ['plan'],
        params: Slug,
        querystring: Type.Object({ v: Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (request, reply) => {
      const p = (await byNumber(request, (request.query as { v?: number }).v)).plan!;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await transfer.exportWorkbook(org(request), p.id));
    },
  );
  app.post(
    `${base}/import`,
    {
      config: edit,
      bodyLimit: 16 * 1_048_576,
      schema: {
        summary:
          'Import a plan workbook into the draft (dry run by default): every problem by row and column, all or nothing',
        tags: ['plan'],
        params: Slug,
        body: Type.Object({
          file: Type.String({ maxLength: 15_000_000, description: 'The .xlsx file, base64-encoded' }),
          filename: Opt(200),
          dryRun: Type.Optional(Type.Boolean({ default: true })),
          mapping: Type.Optional(
            Type.Object({
              sheet: Str(200),
              headerRow: Type.Integer({ minimum: 1 }),
              columns: Type.Record(Type.String(), Type.Integer({ minimum: 1, maximum: 16384 })),
            }),
          ),
        }),
      },
    },
    async (request) => {
      const b = request.body as {
        file: string;
        filename?: string;
        dryRun?: boolean;
        mapping?: ColumnMapping;
      };
      const data = Buffer.from(b.file, 'base64');
      if (b.dryRun === false) {
        const result = await transfer.save(
          callerOf(request),
          org(request),
          data,
          b.filename ?? 'plan.xlsx',
          b.mapping,
        );
        return {
          saved: true,
          versionNumber: result.plan.versionNumber,
          added: result.added,
          changed: result.changed,
          removed: result.removed,
        };
      }
      const preview = await transfer.preview(org(request), data, b.mapping);
      return {
        saved: false,
        errors: [...preview.read.errors, ...preview.errors],
        warnings: preview.warnings,
        rowCount: preview.read.rowCount,
        counts: preview.counts,
        target: preview.target,
        changes: preview.changes,
      };
    },
  );
}
