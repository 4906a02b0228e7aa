// Pages for the improvement plan: plan on a page, tree, action table, exceptions, timeline, coverage,
// each item's page with its history, my actions, updates for review, challenges, versions, and Excel
// import and export. The API is in api.ts; both call the same services.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { paths } from '../../platform/paths.js';
import { ValidationError } from '../../platform/errors.js';
import { field, formErrors, intField, type FormErrors, listField } from '../../platform/web/forms.js';
import { registerNavEntry, render, setFlash } from '../../platform/web/render.js';
import { can } from '../../platform/access.js';
import { actorOf } from '../users/routes.js';
import type { Caller } from './service.js';
import { IMPACT_LABELS, PLAN_STATUS_LABELS } from './service.js';
import {
  DELIVERY_STATUSES,
  DELIVERY_STATUS_KEY_LABEL,
  DELIVERY_STATUS_LABELS,
  DELIVERY_STATUS_RULES_TEXT,
  RAGS,
  RAG_KEY_LABEL,
  RAG_LABELS,
  RAG_MEANINGS,
  RAG_RULES_TEXT,
  allowedTransitions,
  isDeliveryStatus,
  isRag,
} from './rules/rules.js';
import {
  SORT_KEYS,
  exceptions,
  filterActions,
  sortActions,
  timeline,
  type ActionFilter,
  type SortKey,
} from './derive.js';
import { IMPACT_RATINGS, type PlanAction } from './schema.js';
import { formatValue, periodLabel } from '../indicators/rules.js';
import { TEMPLATE_COLUMNS, type ColumnMapping, type TemplateColumnKey } from './xlsx/template.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PAGE_SIZE = 50;

function query(request: FastifyRequest): Record<string, string> {
  const q = request.query as Record<string, unknown>;
  return Object.fromEntries(Object.entries(q).filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string
  >;
}

export function callerOf(request: FastifyRequest): Caller {
  const user = request.auth!.user;
  return {
    actor: actorOf(request),
    userId: user.id,
    email: user.email,
    canEdit: can(request.role, 'plan:edit'),
  };
}

function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, 1)).toLocaleDateString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

const labels = {
  rag: RAG_LABELS,
  ragMeanings: RAG_MEANINGS,
  status: DELIVERY_STATUS_LABELS,
  ragKey: RAG_KEY_LABEL,
  statusKey: DELIVERY_STATUS_KEY_LABEL,
  planStatus: PLAN_STATUS_LABELS,
  impact: IMPACT_LABELS,
};

export async function planRoutes(app: FastifyInstance): Promise<void> {
  const plan = app.services.plan;
  const transfer = app.services.planTransfer;
  registerNavEntry({
    text: 'Improvement plan',
    href: paths.plan.home,
    permission: 'plan:read',
    match: '/plan',
  });

  const read = { access: { permission: 'plan:read' } } as const;
  // Read-heavy pages are answered from the page cache while the records are unchanged (see page-cache.ts).
  const readCached = { ...read, pageCache: true } as const;
  const edit = { access: { permission: 'plan:edit' } } as const;
  const report = { access: { permission: 'plan:report' } } as const;
  const challenge = { access: { permission: 'challenge:raise' } } as const;

  /** The version a page shows: ?v=N, or the live one. Null when the organisation has no plan yet. */
  async function chosen(request: FastifyRequest) {
    const v = Number(query(request).v);
    const resolved = await plan.resolve(request.org!.id, Number.isInteger(v) && v > 0 ? v : undefined);
    return resolved;
  }

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    current: string,
    extra: (
      loaded: Awaited<ReturnType<typeof plan.load>>,
    ) => Record<string, unknown> | Promise<Record<string, unknown>>,
  ) {
    const org = request.org!;
    const resolved = await chosen(request);
    if (!resolved.plan) return render(request, reply, 'plan/views/no-plan.njk', { current, labels });
    const loaded = await plan.load(org.id, resolved.plan.id);
    return render(request, reply, template, {
      current,
      labels,
      versions: resolved,
      planVersion: resolved.plan,
      isLive: resolved.live?.id === resolved.plan.id,
      isDraft: resolved.plan.status === 'draft',
      vq: resolved.live?.id === resolved.plan.id ? '' : `?v=${resolved.plan.versionNumber}`,
      loaded,
      monthLabel,
      ...(await extra(loaded)),
    });
  }

  // ---- Plan on a page, tree, exceptions, timeline, coverage, rules ----
  app.get('/o/:slug/plan', { config: readCached }, async (request, reply) => {
    const org = request.org!;
    return page(request, reply, 'plan/views/overview.njk', 'overview', async (loaded) => ({
      openChallenges: (await plan.challenges(org.id, 'not_closed')).length,
      pendingUpdates: loaded.updates.filter((u) => u.status === 'submitted').length,
      pendingDates: loaded.dateChanges.filter((c) => c.status === 'pending').length,
    }));
  });
  app.get('/o/:slug/plan/tree', { config: read }, (request, reply) =>
    page(request, reply, 'plan/views/tree.njk', 'tree', () => ({})),
  );
  app.get('/o/:slug/plan/exceptions', { config: read }, (request, reply) =>
    page(request, reply, 'plan/views/exceptions.njk', 'exceptions', (loaded) => ({
      items: exceptions(loaded.views),
    })),
  );
  app.get('/o/:slug/plan/timeline', { config: read }, (request, reply) =>
    page(request, reply, 'plan/views/timeline.njk', 'timeline', (loaded) => ({
      months: timeline(loaded.views),
      today: loaded.asAt.slice(0, 7),
    })),
  );
  app.get('/o/:slug/plan/coverage', { config: read }, (request, reply) =>
    page(request, reply, 'plan/views/coverage.njk', 'coverage', () => ({})),
  );
  app.get('/o/:slug/plan/rules', { config: read }, async (request, reply) =>
    render(request, reply, 'plan/views/rules.njk', {
      current: 'rules',
      labels,
      ragRules: RAG_RULES_TEXT,
      statusRules: DELIVERY_STATUS_RULES_TEXT,
      rags: RAGS,
      statuses: DELIVERY_STATUSES,
    }),
  );

  // ---- The action table ----
  app.get('/o/:slug/plan/actions', { config: readCached }, async (request, reply) => {
    const q = query(request);
    const filter: ActionFilter = {
      ...(q.lead ? { lead: q.lead } : {}),
      ...(q.rag && (isRag(q.rag) || q.rag === 'none') ? { rag: q.rag } : {}),
      ...(q.status && isDeliveryStatus(q.status) ? { status: q.status } : {}),
      ...(q.outcome && UUID.test(q.outcome) ? { outcome: q.outcome } : {}),
      ...(q.overdue === 'yes' ? { overdue: true } : {}),
      ...(q.rescheduled === 'yes' ? { rescheduled: true } : {}),
      ...(q.q ? { q: q.q.slice(0, 100) } : {}),
    };
    const sort: SortKey = (SORT_KEYS as readonly string[]).includes(q.sort ?? '')
      ? (q.sort as SortKey)
      : 'ref';
    const descending = q.order === 'desc';
    return page(request, reply, 'plan/views/actions.njk', 'actions', (loaded) => {
      const rows = sortActions(filterActions(loaded.views, filter), sort, descending);
      const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
      const n = Math.min(pages, Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1));
      const base = { ...q };
      delete base.page;
      const href = (over: Record<string, string>) => {
        const params = new URLSearchParams({ ...base, ...over });
        for (const [k, v] of [...params]) if (!v) params.delete(k);
        return `${paths.plan.actions(request.org!.slug)}?${params.toString()}`;
      };
      const leads = [...new Map(loaded.views.map((v) => [v.action.leadEmail, v.leadName])).entries()].sort(
        (a, b) => a[1].localeCompare(b[1]),
      );
      return {
        rows: rows.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE),
        total: rows.length,
        page: n,
        pages,
        filter: { ...q },
        sort,
        descending,
        leads,
        rags: RAGS,
        statuses: DELIVERY_STATUSES,
        pageHref: (p: number) => href({ page: String(p) }),
        sortHref: (key: string) =>
          href({ sort: key, order: sort === key && !descending ? 'desc' : 'asc', page: '' }),
        ariaSort: (key: string) => (sort === key ? (descending ? 'descending' : 'ascending') : 'none'),
      };
    });
  });

  // ---- An action ----
  async function actionPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    errors?: FormErrors,
    form?: string,
    values: Record<string, string> = {},
  ) {
    const org = request.org!;
    if (!UUID.test(id)) return reply.callNotFound();
    const action = await app.services.plan.actionById(org.id, id);
    if (!action) return reply.callNotFound();
    const resolved = await plan.resolve(org.id);
    const loaded = await plan.load(org.id, action.planId);
    const view = loaded.views.find((v) => v.action.id === id)!;
    const user = request.auth!.user;
    const isLive = resolved.live?.id === action.planId;
    return render(request, reply, 'plan/views/action.njk', {
      labels,
      view,
      planVersion: loaded.plan,
      isLive,
      isDraft: loaded.plan.status === 'draft',
      isLead: view.action.leadEmail.toLowerCase() === user.email.toLowerCase(),
      updates: loaded.updates.filter((u) => u.actionLineageId === view.action.lineageId),
      dateChanges: loaded.dateChanges.filter((c) => c.actionLineageId === view.action.lineageId),
      challenges: await plan.challengesOn(org.id, [view.action.lineageId]),
      members: loaded.members,
      memberName: (userId: string | null) =>
        loaded.members.find((m) => m.id === userId)?.displayName ?? 'someone no longer in this organisation',
      transitions: allowedTransitions(view.action.deliveryStatus).filter((s) => s !== 'embedded'),
      rags: RAGS.filter((r) => r !== 'blue'),
      history: await app.services.audit.history(app.services.database.db, org.id, 'plan_action', id),
      errors,
      form,
      values,
      today: plan.today(),
    });
  }

  app.get('/o/:slug/plan/actions/:id', { config: read }, (request, reply) =>
    actionPage(request, reply, (request.params as { id: string }).id),
  );

  /** One of the action page's forms: on a validation error the page comes back with the form's errors. */
  function actionForm(
    path: string,
    permission: 'plan:edit' | 'plan:report',
    form: string,
    handler: (request: FastifyRequest, id: string, version: number) => Promise<string>,
  ) {
    app.post(
      `/o/:slug/plan/actions/:id/${path}`,
      { config: { access: { permission } } },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        if (!UUID.test(id)) return reply.callNotFound();
        try {
          const message = await handler(request, id, intField(request.body, 'version') ?? 0);
          await setFlash(request, { kind: 'success', title: message });
          return reply.redirect(paths.plan.action(request.org!.slug, id), 303);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          reply.status(400);
          const body = request.body as Record<string, unknown>;
          const values = Object.fromEntries(
            Object.entries(body ?? {}).filter(([, v]) => typeof v === 'string'),
          ) as Record<string, string>;
          const details = (
            error.details.length ? error.details : [{ path: form, message: error.message }]
          ).map((d) => (form === 'newDate' && d.path === 'reason' ? { ...d, path: 'reason-date' } : d));
          return actionPage(request, reply, id, formErrors(details), form, values);
        }
      },
    );
  }

  actionForm('status', 'plan:edit', 'status', async (request, id, version) => {
    const after = await plan.changeStatus(callerOf(request), request.org!.id, id, version, {
      status: field(request.body, 'status', 40),
      reason: field(request.body, 'statusReason', 2000),
    });
    return `Delivery status is now ${DELIVERY_STATUS_LABELS[after.deliveryStatus].toLowerCase()}`;
  });
  actionForm('embedding', 'plan:edit', 'evidence', async (request, id, version) => {
    await plan.signOffEmbedding(callerOf(request), request.org!.id, id, version, {
      evidence: field(request.body, 'evidence', 4000),
    });
    return 'Embedding signed off: the action is embedded';
  });
  actionForm('rag', 'plan:edit', 'rag', async (request, id, version) => {
    const after = await plan.setRag(callerOf(request), request.org!.id, id, version, {
      rag: field(request.body, 'rag', 20),
      reason: field(request.body, 'reason', 2000),
    });
    return after.ragOverride
      ? `RAG rating set to ${RAG_LABELS[after.ragOverride].toLowerCase()}, with your reason`
      : 'RAG rating follows the suggested rating';
  });
  actionForm('target-date', 'plan:report', 'newDate', async (request, id, version) => {
    const change = await plan.requestDateChange(callerOf(request), request.org!.id, id, version, {
      newDate: field(request.body, 'newDate', 20),
      reason: field(request.body, 'dateReason', 2000),
    });
    return change.status === 'approved'
      ? 'Target date changed'
      : 'Date change requested: the improvement lead will approve or reject it';
  });

  // ---- Submitting a progress update ----
  async function updateForm(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    errors?: FormErrors,
    values: Record<string, string> = {},
  ) {
    const org = request.org!;
    const action = UUID.test(id) ? await plan.actionById(org.id, id) : null;
    if (!action) return reply.callNotFound();
    const loaded = await plan.load(org.id, action.planId);
    const view = loaded.views.find((v) => v.action.id === id)!;
    return render(request, reply, 'plan/views/update-form.njk', {
      labels,
      view,
      previous: loaded.updates.filter((u) => u.actionLineageId === view.action.lineageId),
      rags: RAGS.filter((r) => r !== 'blue'),
      errors,
      values: { proposedRag: view.latestUpdate?.proposedRag ?? view.suggested.rag ?? '', ...values },
    });
  }
  app.get('/o/:slug/plan/actions/:id/update', { config: report }, (request, reply) =>
    updateForm(request, reply, (request.params as { id: string }).id),
  );
  app.post('/o/:slug/plan/actions/:id/update', { config: report }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const values = {
      narrative: field(request.body, 'narrative', 6000),
      proposedRag: field(request.body, 'proposedRag', 20),
      proposedStatus: field(request.body, 'proposedStatus', 20),
      evidenceLinks: field(request.body, 'evidenceLinks', 10000),
    };
    try {
      if (!UUID.test(id)) return reply.callNotFound();
      await plan.submitUpdate(callerOf(request), request.org!.id, id, values);
      await setFlash(request, {
        kind: 'success',
        title: 'Update submitted',
        text: 'The improvement lead will review it.',
      });
      return reply.redirect(paths.plan.myActions(request.org!.slug), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return updateForm(
        request,
        reply,
        id,
        formErrors(error.details.length ? error.details : [{ path: 'narrative', message: error.message }]),
        values,
      );
    }
  });

  // ---- My actions ----
  app.get('/o/:slug/plan/my-actions', { config: report }, async (request, reply) => {
    const org = request.org!;
    const resolved = await plan.resolve(org.id);
    if (!resolved.live) return render(request, reply, 'plan/views/no-plan.njk', { current: 'mine', labels });
    const loaded = await plan.load(org.id, resolved.live.id);
    const email = request.auth!.user.email.toLowerCase();
    const mine = loaded.views.filter((v) => v.action.leadEmail.toLowerCase() === email);
    const order = { overdue: 0, due_soon: 1, not_due: 2 } as const;
    const dueFirst = [...mine].sort(
      (a, b) =>
        (a.schedule ? order[a.schedule.state] : 3) - (b.schedule ? order[b.schedule.state] : 3) ||
        a.action.ref.localeCompare(b.action.ref, 'en', { numeric: true }),
    );
    return render(request, reply, 'plan/views/my-actions.njk', {
      current: 'mine',
      labels,
      rows: dueFirst,
      due: mine.filter((v) => v.schedule && v.schedule.state !== 'not_due').length,
      overdue: mine.filter((v) => v.schedule?.state === 'overdue').length,
      returned: mine.filter((v) => v.latestUpdate?.status === 'returned'),
    });
  });

  // ---- Reviewing updates and date changes; overdue updates ----
  async function updatesPage(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: FormErrors,
    form?: string,
  ) {
    const org = request.org!;
    const queue = await plan.reviewQueue(org.id);
    if (!queue.plan) return render(request, reply, 'plan/views/no-plan.njk', { current: 'updates', labels });
    const loaded = await plan.load(org.id, queue.plan.id);
    const byLineage = new Map(loaded.views.map((v) => [v.action.lineageId, v]));
    const pendingDates = loaded.dateChanges
      .filter((c) => c.status === 'pending')
      .map((change) => ({ change, view: byLineage.get(change.actionLineageId)! }))
      .filter((x) => x.view);
    const overdue = loaded.views
      .filter((v) => v.schedule?.state === 'overdue')
      .sort((a, b) => b.schedule!.daysOverdue - a.schedule!.daysOverdue);
    const dueSoon = loaded.views.filter((v) => v.schedule?.state === 'due_soon');
    return render(request, reply, 'plan/views/updates.njk', {
      current: 'updates',
      labels,
      queue: queue.items,
      pendingDates,
      overdue,
      dueSoon,
      memberName: (userId: string | null) =>
        loaded.members.find((m) => m.id === userId)?.displayName ?? 'unknown',
      errors,
      form,
    });
  }
  app.get('/o/:slug/plan/updates', { config: edit }, (request, reply) => updatesPage(request, reply));
  /** A decision from the review page (an update or a date change); errors come back on that page. */
  function decisionRoute(
    path: string,
    decide: (
      caller: Caller,
      organisationId: string,
      id: string,
      version: number,
      input: { decision: string; comment: string },
    ) => Promise<unknown>,
    message: (decision: string) => string,
  ) {
    app.post(path, { config: edit }, async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!UUID.test(id)) return reply.callNotFound();
      const decision = field(request.body, 'decision', 20);
      try {
        await decide(callerOf(request), request.org!.id, id, intField(request.body, 'version') ?? 0, {
          decision,
          comment: field(request.body, 'comment', 2000),
        });
        await setFlash(request, { kind: 'success', title: message(decision) });
        return reply.redirect(paths.plan.updates(request.org!.slug), 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        reply.status(400);
        const details = error.details.map((d) => ({ ...d, path: `${d.path}-${id}` }));
        return updatesPage(request, reply, formErrors(details), id);
      }
    });
  }
  decisionRoute(
    '/o/:slug/plan/updates/:id',
    (...args) => plan.reviewUpdate(...args),
    (d) => (d === 'accept' ? 'Update accepted' : 'Update returned to the lead officer'),
  );
  decisionRoute(
    '/o/:slug/plan/date-changes/:id',
    (...args) => plan.decideDateChange(...args),
    (d) => (d === 'approve' ? 'New target date approved' : 'Date change rejected'),
  );

  // ---- Outcomes and commitments ----
  app.get('/o/:slug/plan/outcomes/:id', { config: read }, async (request, reply) => {
    const org = request.org!;
    const { id } = request.params as { id: string };
    const item = UUID.test(id) ? await plan.outcomeById(org.id, id) : null;
    if (!item) return reply.callNotFound();
    const loaded = await plan.load(org.id, item.planId);
    const node = loaded.tree.find((o) => o.outcome.id === id)!;
    return render(request, reply, 'plan/views/outcome.njk', {
      labels,
      node,
      planVersion: loaded.plan,
      isDraft: loaded.plan.status === 'draft',
      challenges: await plan.challengesOn(org.id, [item.lineageId]),
      history: await app.services.audit.history(app.services.database.db, org.id, 'plan_outcome', id),
    });
  });

  async function commitmentPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    errors?: FormErrors,
    values: Record<string, string> = {},
  ) {
    const org = request.org!;
    const item = UUID.test(id) ? await plan.commitmentById(org.id, id) : null;
    if (!item) return reply.callNotFound();
    const loaded = await plan.load(org.id, item.planId);
    const node = loaded.tree
      .flatMap((o) => o.commitments.map((c) => ({ ...c, outcome: o.outcome })))
      .find((c) => c.commitment.id === id)!;
    return render(request, reply, 'plan/views/commitment.njk', {
      labels,
      node,
      planVersion: loaded.plan,
      isDraft: loaded.plan.status === 'draft',
      recommendations: loaded.recommendations.filter((r) => node.recommendationNumbers.includes(r.number)),
      ratings: await plan.impactRatings(org.id, [item.lineageId]),
      indicators: await app.services.indicators.forCommitment(org.id, item.lineageId, loaded.plan.startDate),
      formatValue,
      periodLabel,
      impactRatings: IMPACT_RATINGS,
      challenges: await plan.challengesOn(org.id, [item.lineageId]),
      history: await app.services.audit.history(app.services.database.db, org.id, 'plan_commitment', id),
      errors,
      values: { period: plan.today().slice(0, 7), ...values },
    });
  }
  app.get('/o/:slug/plan/commitments/:id', { config: read }, (request, reply) =>
    commitmentPage(request, reply, (request.params as { id: string }).id),
  );
  app.post('/o/:slug/plan/commitments/:id/indicators', { config: edit }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const item = UUID.test(id) ? await plan.commitmentById(request.org!.id, id) : null;
    if (!item) return reply.callNotFound();
    try {
      await app.services.indicators.linkToCommitment(
        actorOf(request),
        request.org!.id,
        item.lineageId,
        listField(request.body, 'indicatorIds'),
      );
      await setFlash(request, { kind: 'success', title: 'Linked indicators saved' });
      return reply.redirect(`${paths.plan.commitment(request.org!.slug, id)}#indicators`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return commitmentPage(request, reply, id, formErrors(error.details));
    }
  });
  app.post('/o/:slug/plan/commitments/:id/impact', { config: edit }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const values = {
      period: field(request.body, 'period', 10),
      rating: field(request.body, 'rating', 20),
      rationale: field(request.body, 'rationale', 4000),
    };
    try {
      if (!UUID.test(id)) return reply.callNotFound();
      const version = intField(request.body, 'version');
      await plan.rateImpact(callerOf(request), request.org!.id, id, {
        ...values,
        ...(version ? { version } : {}),
      });
      await setFlash(request, { kind: 'success', title: `Impact for ${monthLabel(values.period)} recorded` });
      return reply.redirect(paths.plan.commitment(request.org!.slug, id), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return commitmentPage(request, reply, id, formErrors(error.details), values);
    }
  });

  // ---- Editing the structure of a draft ----
  type Kind = 'outcome' | 'commitment' | 'action' | 'plan';
  async function itemForm(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: Kind,
    planId: string,
    values: Record<string, unknown>,
    existing?: { id: string; version: number },
    errors?: FormErrors,
  ) {
    const org = request.org!;
    const loaded = await plan.load(org.id, planId);
    const allRecs =
      kind === 'plan'
        ? (await app.services.inspections.journey(org.id)).items.filter(
            (i) => i.inspection.type === 'standard_inspection' || i.inspection.type === 'short_inspection',
          )
        : [];
    return render(request, reply, 'plan/views/item-form.njk', {
      labels,
      kind,
      planVersion: loaded.plan,
      loaded,
      inspections: allRecs.map((i) => i.inspection),
      existing,
      values,
      errors,
    });
  }

  function structureRoutes(kind: 'outcome' | 'commitment' | 'action') {
    const readValues = (body: unknown): Record<string, unknown> =>
      kind === 'outcome'
        ? {
            ref: field(body, 'ref', 20),
            title: field(body, 'title', 300),
            description: field(body, 'description', 4000),
          }
        : kind === 'commitment'
          ? {
              outcomeId: field(body, 'outcomeId', 40),
              ref: field(body, 'ref', 20),
              title: field(body, 'title', 500),
              successMeasures: field(body, 'successMeasures', 12000),
              recommendationIds: listField(body, 'recommendationIds'),
            }
          : {
              commitmentId: field(body, 'commitmentId', 40),
              ref: field(body, 'ref', 20),
              title: field(body, 'title', 300),
              description: field(body, 'description', 4000),
              leadEmail: field(body, 'leadEmail', 200),
              originalTargetDate: field(body, 'originalTargetDate', 20),
              evidenceLinks: field(body, 'evidenceLinks', 12000),
              learningThemes: field(body, 'learningThemes', 1000),
            };
    const save = (
      request: FastifyRequest,
      planId: string,
      values: Record<string, unknown>,
      existing?: { id: string; version: number },
    ) => {
      const caller = callerOf(request);
      const org = request.org!.id;
      if (kind === 'outcome') return plan.saveOutcome(caller, org, planId, values, existing);
      if (kind === 'commitment') return plan.saveCommitment(caller, org, planId, values, existing);
      return plan.saveAction(caller, org, planId, values, existing);
    };
    const target = (slug: string, id: string) =>
      kind === 'outcome'
        ? paths.plan.outcome(slug, id)
        : kind === 'commitment'
          ? paths.plan.commitment(slug, id)
          : paths.plan.action(slug, id);

    app.get(`/o/:slug/plan/versions/:n/${kind}s/new`, { config: edit }, async (request, reply) => {
      const { n } = request.params as { n: string };
      const resolved = await plan.resolve(request.org!.id, Number(n) || -1);
      if (!resolved.plan) return reply.callNotFound();
      const q = query(request);
      return itemForm(request, reply, kind, resolved.plan.id, {
        outcomeId: q.outcome ?? '',
        commitmentId: q.commitment ?? '',
        recommendationIds: [],
      });
    });
    app.post(`/o/:slug/plan/versions/:n/${kind}s/new`, { config: edit }, async (request, reply) => {
      const { n } = request.params as { n: string };
      const resolved = await plan.resolve(request.org!.id, Number(n) || -1);
      if (!resolved.plan) return reply.callNotFound();
      const values = readValues(request.body);
      try {
        const saved = await save(request, resolved.plan.id, values);
        await setFlash(request, {
          kind: 'success',
          title: `${kind[0]!.toUpperCase()}${kind.slice(1)} ${saved.ref} added`,
        });
        return reply.redirect(target(request.org!.slug, saved.id), 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        reply.status(400);
        return itemForm(
          request,
          reply,
          kind,
          resolved.plan.id,
          values,
          undefined,
          formErrors(error.details.length ? error.details : [{ path: 'title', message: error.message }]),
        );
      }
    });
    const find = (orgId: string, id: string) =>
      kind === 'outcome'
        ? plan.outcomeById(orgId, id)
        : kind === 'commitment'
          ? plan.commitmentById(orgId, id)
          : plan.actionById(orgId, id);
    app.get(`/o/:slug/plan/${kind}s/:id/edit`, { config: edit }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const item = UUID.test(id) ? await find(request.org!.id, id) : null;
      if (!item) return reply.callNotFound();
      const links =
        kind === 'commitment'
          ? (await plan.load(request.org!.id, item.planId)).links
              .filter((l) => l.commitmentId === id)
              .map((l) => l.recommendationId)
          : [];
      const values: Record<string, unknown> = {
        ...item,
        ...('successMeasures' in item ? { successMeasures: item.successMeasures.join('\n') } : {}),
        ...('leadEmail' in item
          ? {
              evidenceLinks: (item as PlanAction).evidenceLinks.join('\n'),
              learningThemes: (item as PlanAction).learningThemes.join(', '),
            }
          : {}),
        recommendationIds: links,
      };
      return itemForm(request, reply, kind, item.planId, values, { id, version: item.version });
    });
    app.post(`/o/:slug/plan/${kind}s/:id/edit`, { config: edit }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const item = UUID.test(id) ? await find(request.org!.id, id) : null;
      if (!item) return reply.callNotFound();
      const values = readValues(request.body);
      const existing = { id, version: intField(request.body, 'version') ?? 0 };
      try {
        const saved = await save(request, item.planId, values, existing);
        await setFlash(request, {
          kind: 'success',
          title: `${kind[0]!.toUpperCase()}${kind.slice(1)} ${saved.ref} saved`,
        });
        return reply.redirect(target(request.org!.slug, id), 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        reply.status(400);
        return itemForm(
          request,
          reply,
          kind,
          item.planId,
          values,
          existing,
          formErrors(error.details.length ? error.details : [{ path: 'title', message: error.message }]),
        );
      }
    });
    app.post(`/o/:slug/plan/${kind}s/:id/remove`, { config: edit }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const item = UUID.test(id) ? await find(request.org!.id, id) : null;
      if (!item) return reply.callNotFound();
      const v = await plan.resolve(request.org!.id);
      const planVersion = v.all.find((p) => p.id === item.planId)!;
      try {
        await plan.removeItem(
          callerOf(request),
          request.org!.id,
          item.planId,
          kind,
          id,
          intField(request.body, 'version') ?? 0,
        );
        await setFlash(request, {
          kind: 'success',
          title: `${kind[0]!.toUpperCase()}${kind.slice(1)} ${item.ref} removed`,
        });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        await setFlash(request, { kind: 'info', title: error.message });
        return reply.redirect(target(request.org!.slug, id), 303);
      }
      return reply.redirect(`${paths.plan.tree(request.org!.slug)}?v=${planVersion.versionNumber}`, 303);
    });
  }
  structureRoutes('outcome');
  structureRoutes('commitment');
  structureRoutes('action');

  // ---- Versions ----
  const planValues = (body: unknown) => ({
    title: field(body, 'title', 200),
    vision: field(body, 'vision', 4000),
    startDate: field(body, 'startDate', 20),
    endDate: field(body, 'endDate', 20),
    statutoryDeadline: field(body, 'statutoryDeadline', 20),
    submittedTo: field(body, 'submittedTo', 200),
    submittedOn: field(body, 'submittedOn', 20),
    updateCadenceDays: field(body, 'updateCadenceDays', 5),
    inspectionId: UUID.test(field(body, 'inspectionId', 40)) ? field(body, 'inspectionId', 40) : '',
  });
  async function planForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    existing?: { id: string; version: number; n: number },
    errors?: FormErrors,
  ) {
    const journey = await app.services.inspections.journey(request.org!.id);
    return render(request, reply, 'plan/views/plan-form.njk', {
      labels,
      values,
      existing,
      errors,
      inspections: journey.items
        .map((i) => i.inspection)
        .filter((i) => i.type === 'standard_inspection' || i.type === 'short_inspection'),
    });
  }
  app.get('/o/:slug/plan/new', { config: edit }, async (request, reply) => {
    const journey = await app.services.inspections.journey(request.org!.id);
    const latest = journey.items
      .map((i) => i.inspection)
      .filter((i) => i.type === 'standard_inspection' || i.type === 'short_inspection')
      .at(-1);
    return planForm(request, reply, {
      updateCadenceDays: '42',
      startDate: plan.today(),
      inspectionId: latest?.id ?? '',
    });
  });
  app.post('/o/:slug/plan/new', { config: edit }, async (request, reply) => {
    const values = planValues(request.body);
    try {
      await plan.createPlan(callerOf(request), request.org!.id, values);
      await setFlash(request, {
        kind: 'success',
        title: 'Draft plan created',
        text: 'Add outcomes, commitments and actions, or import them from Excel.',
      });
      return reply.redirect(paths.plan.home(request.org!.slug), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return planForm(
        request,
        reply,
        values,
        undefined,
        formErrors(error.details.length ? error.details : [{ path: 'title', message: error.message }]),
      );
    }
  });
  app.get('/o/:slug/plan/versions', { config: read }, async (request, reply) => {
    const v = await plan.versions(request.org!.id);
    const members = await plan.members(request.org!.id);
    return render(request, reply, 'plan/views/versions.njk', {
      current: 'versions',
      labels,
      versions: v,
      memberName: (id: string | null) => members.find((m) => m.id === id)?.displayName ?? '',
    });
  });
  app.get('/o/:slug/plan/versions/compare', { config: read }, async (request, reply) => {
    const q = query(request);
    const v = await plan.versions(request.org!.id);
    const from = Number(q.from ?? v.all[1]?.versionNumber);
    const to = Number(q.to ?? v.all[0]?.versionNumber);
    if (!Number.isInteger(from) || !Number.isInteger(to))
      return render(request, reply, 'plan/views/compare.njk', {
        current: 'versions',
        labels,
        versions: v,
        result: null,
      });
    const result = await plan.diff(request.org!.id, from, to);
    return render(request, reply, 'plan/views/compare.njk', {
      current: 'versions',
      labels,
      versions: v,
      result,
      from,
      to,
    });
  });
  const versionOf = async (request: FastifyRequest) => {
    const { n } = request.params as { n: string };
    return (await plan.resolve(request.org!.id, Number(n) || -1)).plan;
  };
  app.get('/o/:slug/plan/versions/:n/edit', { config: edit }, async (request, reply) => {
    const p = await versionOf(request);
    if (!p) return reply.callNotFound();
    return planForm(
      request,
      reply,
      { ...p, updateCadenceDays: String(p.updateCadenceDays) },
      { id: p.id, version: p.version, n: p.versionNumber },
    );
  });
  app.post('/o/:slug/plan/versions/:n/edit', { config: edit }, async (request, reply) => {
    const p = await versionOf(request);
    if (!p) return reply.callNotFound();
    const values = planValues(request.body);
    const existing = { id: p.id, version: intField(request.body, 'version') ?? 0, n: p.versionNumber };
    try {
      await plan.updatePlan(callerOf(request), request.org!.id, p.id, existing.version, values);
      await setFlash(request, { kind: 'success', title: 'Plan details saved' });
      return reply.redirect(`${paths.plan.home(request.org!.slug)}?v=${p.versionNumber}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return planForm(
        request,
        reply,
        values,
        existing,
        formErrors(error.details.length ? error.details : [{ path: 'title', message: error.message }]),
      );
    }
  });
  async function approveForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors?: FormErrors,
  ) {
    const p = await versionOf(request);
    if (!p) return reply.callNotFound();
    const loaded = await plan.load(request.org!.id, p.id);
    return render(request, reply, 'plan/views/approve.njk', {
      labels,
      planVersion: p,
      loaded,
      values,
      errors,
    });
  }
  app.get('/o/:slug/plan/versions/:n/approve', { config: edit }, (request, reply) =>
    approveForm(request, reply, { approvedOn: plan.today() }),
  );
  app.post('/o/:slug/plan/versions/:n/approve', { config: edit }, async (request, reply) => {
    const p = await versionOf(request);
    if (!p) return reply.callNotFound();
    const values = {
      approvedOn: field(request.body, 'approvedOn', 20),
      approvedBy: field(request.body, 'approvedBy', 200),
      approvalMeeting: field(request.body, 'approvalMeeting', 200),
      approvalAuthority: field(request.body, 'approvalAuthority', 300),
    };
    try {
      await plan.approve(
        callerOf(request),
        request.org!.id,
        p.id,
        intField(request.body, 'version') ?? 0,
        values,
      );
      await setFlash(request, {
        kind: 'success',
        title: `Version ${p.versionNumber} approved`,
        text: 'Its structure is now read-only; delivery is recorded against it.',
      });
      return reply.redirect(paths.plan.home(request.org!.slug), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return approveForm(
        request,
        reply,
        values,
        formErrors(error.details.length ? error.details : [{ path: 'approvedBy', message: error.message }]),
      );
    }
  });
  app.post('/o/:slug/plan/refresh', { config: edit }, async (request, reply) => {
    try {
      const copy = await plan.refresh(callerOf(request), request.org!.id);
      await setFlash(request, {
        kind: 'success',
        title: `Version ${copy.versionNumber} started as a draft`,
        text: 'Everything was carried forward. Change it, then record its approval.',
      });
      return reply.redirect(`${paths.plan.tree(request.org!.slug)}?v=${copy.versionNumber}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      await setFlash(request, { kind: 'info', title: error.message });
      return reply.redirect(paths.plan.versions(request.org!.slug), 303);
    }
  });

  // ---- Challenges ----
  app.get('/o/:slug/plan/challenges', { config: read }, async (request, reply) => {
    const q = query(request);
    const status = q.status === 'closed' ? 'closed' : 'not_closed';
    const members = await plan.members(request.org!.id);
    return render(request, reply, 'plan/views/challenges.njk', {
      current: 'challenges',
      labels,
      status,
      items: await plan.challenges(request.org!.id, status),
      memberName: (id: string | null) => members.find((m) => m.id === id)?.displayName ?? 'No owner yet',
      today: plan.today(),
    });
  });
  async function challengeForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors?: FormErrors,
  ) {
    const org = request.org!;
    const subject = UUID.test(values.subjectId ?? '')
      ? values.subjectType === 'outcome'
        ? await plan.outcomeById(org.id, values.subjectId!)
        : values.subjectType === 'commitment'
          ? await plan.commitmentById(org.id, values.subjectId!)
          : await plan.actionById(org.id, values.subjectId!)
      : null;
    if (!subject) return reply.callNotFound();
    return render(request, reply, 'plan/views/challenge-form.njk', {
      labels,
      subject,
      values,
      errors,
      members: await plan.members(org.id),
    });
  }
  app.get('/o/:slug/plan/challenges/new', { config: challenge }, (request, reply) => {
    const q = query(request);
    return challengeForm(request, reply, { subjectType: q.type ?? 'action', subjectId: q.id ?? '' });
  });
  app.post('/o/:slug/plan/challenges/new', { config: challenge }, async (request, reply) => {
    const values = {
      subjectType: field(request.body, 'subjectType', 20),
      subjectId: field(request.body, 'subjectId', 40),
      question: field(request.body, 'question', 4000),
      ownerId: field(request.body, 'ownerId', 40),
      dueDate: field(request.body, 'dueDate', 20),
    };
    try {
      const row = await plan.raiseChallenge(callerOf(request), request.org!.id, values);
      await setFlash(request, { kind: 'success', title: 'Challenge recorded' });
      return reply.redirect(paths.plan.challenge(request.org!.slug, row.id), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return challengeForm(
        request,
        reply,
        values,
        formErrors(error.details.length ? error.details : [{ path: 'question', message: error.message }]),
      );
    }
  });
  async function challengePage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    errors?: FormErrors,
    values: Record<string, string> = {},
  ) {
    const org = request.org!;
    if (!UUID.test(id)) return reply.callNotFound();
    const item = await plan.challenge(org.id, id);
    const members = await plan.members(org.id);
    const user = request.auth!.user;
    return render(request, reply, 'plan/views/challenge.njk', {
      labels,
      item,
      subjectHref: await (async () => {
        const subject = await plan.challengeSubject(org.id, item);
        if (!subject) return null;
        const to = {
          outcome: paths.plan.outcome,
          commitment: paths.plan.commitment,
          action: paths.plan.action,
        }[item.subjectType];
        return to(org.slug, subject.id);
      })(),
      memberName: (uid: string | null) => members.find((m) => m.id === uid)?.displayName ?? 'No owner yet',
      canRespond: can(request.role, 'plan:edit') || item.ownerId === user.id,
      canClose: can(request.role, 'plan:edit') || item.raisedBy === user.id,
      history: await app.services.audit.history(app.services.database.db, org.id, 'challenge', id),
      errors,
      values,
    });
  }
  app.get('/o/:slug/plan/challenges/:id', { config: read }, (request, reply) =>
    challengePage(request, reply, (request.params as { id: string }).id),
  );
  app.post('/o/:slug/plan/challenges/:id/response', { config: read }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return reply.callNotFound();
    try {
      await plan.respondToChallenge(
        callerOf(request),
        request.org!.id,
        id,
        intField(request.body, 'version') ?? 0,
        { response: field(request.body, 'response', 6000) },
      );
      await setFlash(request, { kind: 'success', title: 'Response recorded' });
      return reply.redirect(paths.plan.challenge(request.org!.slug, id), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return challengePage(
        request,
        reply,
        id,
        formErrors(error.details.length ? error.details : [{ path: 'response', message: error.message }]),
        { response: field(request.body, 'response', 6000) },
      );
    }
  });
  app.post('/o/:slug/plan/challenges/:id/close', { config: read }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return reply.callNotFound();
    const reopen = field(request.body, 'reopen', 5) === 'yes';
    try {
      await plan.closeChallenge(
        callerOf(request),
        request.org!.id,
        id,
        intField(request.body, 'version') ?? 0,
        { note: field(request.body, 'note', 2000), reopen },
      );
      await setFlash(request, { kind: 'success', title: reopen ? 'Challenge reopened' : 'Challenge closed' });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return challengePage(
        request,
        reply,
        id,
        formErrors(error.details.length ? error.details : [{ path: 'note', message: error.message }]),
      );
    }
    return reply.redirect(paths.plan.challenge(request.org!.slug, id), 303);
  });

  // ---- Excel ----
  app.get('/o/:slug/plan/export.xlsx', { config: read }, async (request, reply) => {
    const resolved = await chosen(request);
    if (!resolved.plan) return reply.callNotFound();
    const data = await transfer.exportWorkbook(request.org!.id, resolved.plan.id);
    const name = `${request.org!.slug}-improvement-plan-v${resolved.plan.versionNumber}-${plan.today()}.xlsx`;
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(data);
  });
  app.get('/o/:slug/plan/template.xlsx', { config: read }, async (_request, reply) => {
    const { writePlanWorkbook } = await import('./xlsx/template.js');
    const data = await writePlanWorkbook({ planTitle: 'Improvement plan', outcomes: [] });
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="waymark-plan-template.xlsx"')
      .send(data);
  });
  app.get('/o/:slug/plan/import', { config: edit }, async (request, reply) =>
    render(request, reply, 'plan/views/import.njk', {
      labels,
      columns: TEMPLATE_COLUMNS,
      versions: await plan.versions(request.org!.id),
    }),
  );
  /** Reads the upload, then either previews it (dry run) or saves it, as the form's "intent" says. */
  app.post('/o/:slug/plan/import', { config: edit }, async (request, reply) => {
    const org = request.org!;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const file = body.file;
    const stored = field(body, 'stored', 20_000_000);
    const data = Buffer.isBuffer(file) && file.length ? file : stored ? Buffer.from(stored, 'base64') : null;
    const filename = field(body, 'filename', 200) || 'plan.xlsx';
    const versions = await plan.versions(org.id);
    if (!data) {
      reply.status(400);
      return render(request, reply, 'plan/views/import.njk', {
        labels,
        columns: TEMPLATE_COLUMNS,
        versions,
        errors: formErrors([{ path: 'file', message: 'Choose an Excel workbook (.xlsx) to import' }]),
      });
    }
    let mapping: ColumnMapping | undefined;
    let sheets: Awaited<ReturnType<typeof transfer.inspect>>['sheets'] = [];
    try {
      sheets = (await transfer.inspect(data)).sheets;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return render(request, reply, 'plan/views/import.njk', {
        labels,
        columns: TEMPLATE_COLUMNS,
        versions,
        errors: formErrors([{ path: 'file', message: error.message }]),
      });
    }
    const mode = field(body, 'mode', 20);
    if (mode === 'mapped') {
      const sheet = field(body, 'sheet', 200);
      const found = sheets.find((s) => s.name === sheet) ?? sheets[0]!;
      const columns: Partial<Record<TemplateColumnKey, number>> = {};
      for (const c of TEMPLATE_COLUMNS) {
        const n = intField(body, `col-${c.key}`);
        if (n) columns[c.key] = n;
      }
      mapping = { sheet: found.name, headerRow: intField(body, 'headerRow') ?? found.headerRow, columns };
    }
    const encoded = data.toString('base64');
    try {
      if (field(body, 'intent', 20) === 'save') {
        const result = await transfer.save(callerOf(request), org.id, data, filename, mapping);
        await setFlash(request, {
          kind: 'success',
          title: 'Plan imported',
          text: `${result.added} added, ${result.changed} changed, ${result.removed} removed in draft version ${result.plan.versionNumber}.`,
        });
        return reply.redirect(`${paths.plan.tree(org.slug)}?v=${result.plan.versionNumber}`, 303);
      }
      const preview = await transfer.preview(org.id, data, mapping);
      const templateMissing = !mapping && preview.read.errors.some((e) => e.row === 0);
      const candidate = sheets.find((s) => s.headerRow > 0) ?? sheets[0];
      return render(request, reply, 'plan/views/import-preview.njk', {
        labels,
        preview,
        filename: Buffer.isBuffer(file) ? field(body, 'filename', 200) || 'plan.xlsx' : filename,
        encoded,
        mapping:
          mapping ??
          (templateMissing && candidate
            ? transfer.suggestMapping(candidate.headers, {
                sheet: candidate.name,
                headerRow: candidate.headerRow,
              })
            : null),
        showMapping: Boolean(mapping) || templateMissing,
        sheets,
        columns: TEMPLATE_COLUMNS,
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.status(400);
      return render(request, reply, 'plan/views/import.njk', {
        labels,
        columns: TEMPLATE_COLUMNS,
        versions,
        errors: formErrors([{ path: 'file', message: error.message }]),
        details: error.details,
      });
    }
  });
}
