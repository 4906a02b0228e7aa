// Pages for governance: boards and committees, meetings (agenda, minutes, resolutions, actions),
// the meeting actions log, the forward plan, and board packs (prepare, edit narrative, preview,
// compare with the last pack, issue, download).
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { paths } from '../../platform/paths.js';
import { field, intField, listField, type FormErrors } from '../../platform/web/forms.js';
import { handleForm } from '../../platform/web/form-post.js';
import { formatDate } from '../../platform/web/nunjucks.js';
import { registerNavEntry, render } from '../../platform/web/render.js';
import { actorOf } from '../users/routes.js';
import type { GovernanceCaller } from './service.js';
import { PACK_FORMATS, type PackFormat } from './service.js';
import { MEETING_ACTION_STATUSES, MEETING_STATUSES, RESOLUTION_KINDS } from './schema.js';
import {
  BOARD_KINDS,
  BOARD_KIND_LABELS,
  DEFAULT_SECTIONS,
  NARRATIVE_FIELDS,
  NARRATIVE_LABELS,
  PACK_SECTIONS,
  SECTION_TITLES,
} from './pack/model.js';
import { packContext, packGlobals } from './pack/html.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const labels = {
  kinds: BOARD_KIND_LABELS,
  sections: SECTION_TITLES,
  narrative: NARRATIVE_LABELS,
  meetingStatus: { scheduled: 'Scheduled', held: 'Held', cancelled: 'Cancelled' },
  resolution: { noted: 'Noted', approved: 'Approved', agreed: 'Agreed', recommended: 'Recommended' },
  actionStatus: { open: 'Open', done: 'Done', dropped: 'Dropped' },
  forward: { planned: 'Planned', scheduled: 'On an agenda', done: 'Done' },
  formats: {
    html: 'Web page (HTML)',
    pdf: 'PDF',
    docx: 'Word committee report (DOCX)',
    xlsx: 'Excel plan and scorecard (XLSX)',
  },
};

function callerOf(request: FastifyRequest): GovernanceCaller {
  return { actor: actorOf(request), userId: request.auth?.user?.id ?? null };
}

export async function governanceRoutes(app: FastifyInstance): Promise<void> {
  const governance = app.services.governance;
  registerNavEntry({
    text: 'Governance',
    href: paths.governance.home,
    permission: 'governance:read',
    match: '/governance',
  });
  const read = { access: { permission: 'governance:read' } } as const;
  // Read-heavy pages are answered from the page cache while the records are unchanged (see page-cache.ts).
  const readCached = { ...read, pageCache: true } as const;
  const edit = { access: { permission: 'governance:edit' } } as const;
  const id = (request: FastifyRequest) => (request.params as { id: string }).id;

  // ---- Overview ----
  app.get('/o/:slug/governance', { config: read }, async (request, reply) => {
    const org = request.org!;
    const [boards, actions, forward] = await Promise.all([
      governance.boards(org.id),
      governance.actionLog(org.id, { status: 'open' }),
      governance.forwardPlan(org.id),
    ]);
    const upcoming = await Promise.all(
      boards.map(async (b) => (await governance.board(org.id, b.board.id)).upcoming[0] ?? null),
    );
    return render(request, reply, 'governance/views/overview.njk', {
      labels,
      current: 'boards',
      boards: boards.map((b, i) => ({ ...b, next: upcoming[i] })),
      overdueActions: actions.filter((a) => a.overdue),
      openActions: actions.length,
      overdueReports: forward.filter((f) => f.overdue),
    });
  });

  // ---- Boards ----
  function boardForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
    boardId?: string,
  ) {
    return render(request, reply, 'governance/views/board-form.njk', {
      labels,
      kinds: BOARD_KINDS,
      sections: PACK_SECTIONS,
      defaultSections: DEFAULT_SECTIONS,
      values,
      errors,
      boardId,
    });
  }
  app.get('/o/:slug/governance/boards/new', { config: edit }, (request, reply) =>
    boardForm(request, reply, { kind: 'improvement_board', sections: [...PACK_SECTIONS] }),
  );
  app.post('/o/:slug/governance/boards/new', { config: edit }, async (request, reply) => {
    const sections = listField(request.body, 'sections');
    const values = {
      name: field(request.body, 'name', 200),
      kind: field(request.body, 'kind', 40),
      description: field(request.body, 'description', 4000),
      standingItems: field(request.body, 'standingItems', 10_000),
    };
    return handleForm(request, reply, {
      run: () =>
        governance.createBoard(callerOf(request), request.org!.id, {
          ...values,
          ...(sections.length ? { sections } : {}),
        }),
      success: (board) => ({
        flash: `${board.name} added`,
        redirect: paths.governance.board(request.org!.slug, board.id),
      }),
      invalid: (errors) => boardForm(request, reply, { ...values, sections }, errors),
    });
  });

  async function boardPage(
    request: FastifyRequest,
    reply: FastifyReply,
    boardId: string,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) {
    const data = await governance.board(request.org!.id, boardId);
    return render(request, reply, 'governance/views/board.njk', {
      labels,
      ...data,
      errors,
      values,
      current: 'boards',
    });
  }
  app.get('/o/:slug/governance/boards/:id', { config: read }, async (request, reply) => {
    if (!UUID.test(id(request))) return reply.callNotFound();
    return boardPage(request, reply, id(request));
  });
  app.get('/o/:slug/governance/boards/:id/edit', { config: edit }, async (request, reply) => {
    if (!UUID.test(id(request))) return reply.callNotFound();
    const { board } = await governance.board(request.org!.id, id(request));
    return boardForm(
      request,
      reply,
      { ...board, standingItems: board.standingItems.join('\n') },
      undefined,
      board.id,
    );
  });
  app.post('/o/:slug/governance/boards/:id/edit', { config: edit }, async (request, reply) => {
    if (!UUID.test(id(request))) return reply.callNotFound();
    const sections = listField(request.body, 'sections');
    const values = {
      name: field(request.body, 'name', 200),
      kind: field(request.body, 'kind', 40),
      description: field(request.body, 'description', 4000),
      standingItems: field(request.body, 'standingItems', 10_000),
      version: intField(request.body, 'version') ?? 0,
    };
    return handleForm(request, reply, {
      run: () =>
        governance.updateBoard(callerOf(request), request.org!.id, id(request), values.version, {
          ...values,
          sections,
        }),
      success: (board) => ({
        flash: `${board.name} saved`,
        redirect: paths.governance.board(request.org!.slug, board.id),
      }),
      invalid: (errors) => boardForm(request, reply, { ...values, sections }, errors, id(request)),
    });
  });
  app.post('/o/:slug/governance/boards/:id/members', { config: edit }, async (request, reply) => {
    if (!UUID.test(id(request))) return reply.callNotFound();
    const values = {
      name: field(request.body, 'memberName', 200),
      role: field(request.body, 'memberRole', 200),
      email: field(request.body, 'memberEmail', 320),
      isChair: field(request.body, 'isChair') === 'yes',
      isIndependent: field(request.body, 'isIndependent') === 'yes',
    };
    return handleForm(request, reply, {
      run: () => governance.addMember(callerOf(request), request.org!.id, id(request), values),
      success: (m) => ({
        flash: `${m.name} added to the board`,
        redirect: `${paths.governance.board(request.org!.slug, id(request))}#members`,
      }),
      invalid: (errors) =>
        boardPage(request, reply, id(request), renamed(errors, 'member'), { member: values }),
    });
  });
  app.post(
    '/o/:slug/governance/boards/:id/members/:memberId/remove',
    { config: edit },
    async (request, reply) => {
      const { memberId } = request.params as { memberId: string };
      if (!UUID.test(id(request)) || !UUID.test(memberId)) return reply.callNotFound();
      return handleForm(request, reply, {
        run: () => governance.removeMember(callerOf(request), request.org!.id, id(request), memberId),
        success: (m) => ({
          flash: `${m.name} removed from the board`,
          redirect: `${paths.governance.board(request.org!.slug, id(request))}#members`,
        }),
        invalid: () => '',
      });
    },
  );
  app.post('/o/:slug/governance/boards/:id/meetings', { config: edit }, async (request, reply) => {
    if (!UUID.test(id(request))) return reply.callNotFound();
    const values = {
      meetingDate: field(request.body, 'meetingDate', 20),
      location: field(request.body, 'location', 300),
    };
    return handleForm(request, reply, {
      run: () => governance.createMeeting(callerOf(request), request.org!.id, id(request), values),
      success: (m) => ({
        flash: 'Meeting scheduled, with the board’s standing items on its agenda',
        redirect: paths.governance.meeting(request.org!.slug, m.id),
      }),
      invalid: (errors) => boardPage(request, reply, id(request), errors, { meeting: values }),
    });
  });
  app.post('/o/:slug/governance/boards/:id/forward-plan', { config: edit }, async (request, reply) => {
    if (!UUID.test(id(request))) return reply.callNotFound();
    const values = {
      title: field(request.body, 'forwardTitle', 300),
      dueDate: field(request.body, 'forwardDueDate', 20),
    };
    return handleForm(request, reply, {
      run: () => governance.addForwardPlanItem(callerOf(request), request.org!.id, id(request), values),
      success: (f) => ({
        flash: `${f.title} added to the forward plan`,
        redirect: `${paths.governance.board(request.org!.slug, id(request))}#forward-plan`,
      }),
      invalid: (errors) =>
        boardPage(request, reply, id(request), renamed(errors, 'forward'), { forward: values }),
    });
  });

  // ---- Meetings ----
  async function meetingPage(
    request: FastifyRequest,
    reply: FastifyReply,
    meetingId: string,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) {
    const data = await governance.meeting(request.org!.id, meetingId);
    return render(request, reply, 'governance/views/meeting.njk', {
      labels,
      ...data,
      meetingStatuses: MEETING_STATUSES,
      resolutionKinds: RESOLUTION_KINDS,
      actionStatuses: MEETING_ACTION_STATUSES,
      errors,
      values,
      current: 'boards',
    });
  }
  app.get('/o/:slug/governance/meetings/:id', { config: read }, async (request, reply) => {
    if (!UUID.test(id(request))) return reply.callNotFound();
    return meetingPage(request, reply, id(request));
  });
  app.post('/o/:slug/governance/meetings/:id/edit', { config: edit }, async (request, reply) => {
    if (!UUID.test(id(request))) return reply.callNotFound();
    const values = {
      meetingDate: field(request.body, 'meetingDate', 20),
      location: field(request.body, 'location', 300),
      status: field(request.body, 'status', 20),
      minutes: field(request.body, 'minutes', 60_000),
    };
    return handleForm(request, reply, {
      run: () =>
        governance.updateMeeting(
          callerOf(request),
          request.org!.id,
          id(request),
          intField(request.body, 'version') ?? 0,
          values,
        ),
      success: () => ({
        flash: 'Meeting details and minutes saved',
        redirect: paths.governance.meeting(request.org!.slug, id(request)),
      }),
      invalid: (errors) => meetingPage(request, reply, id(request), errors, { meeting: values }),
    });
  });
  app.post('/o/:slug/governance/meetings/:id/agenda', { config: edit }, async (request, reply) => {
    if (!UUID.test(id(request))) return reply.callNotFound();
    const values = {
      title: field(request.body, 'agendaTitle', 300),
      presenter: field(request.body, 'agendaPresenter', 200),
    };
    return handleForm(request, reply, {
      run: () => governance.addAgendaItem(callerOf(request), request.org!.id, id(request), values),
      success: (item) => ({
        flash: `${item.title} added to the agenda`,
        redirect: `${paths.governance.meeting(request.org!.slug, id(request))}#agenda`,
      }),
      invalid: (errors) =>
        meetingPage(request, reply, id(request), renamed(errors, 'agenda'), { agenda: values }),
    });
  });
  app.post(
    '/o/:slug/governance/meetings/:id/agenda/:itemId/remove',
    { config: edit },
    async (request, reply) => {
      const { itemId } = request.params as { itemId: string };
      if (!UUID.test(id(request)) || !UUID.test(itemId)) return reply.callNotFound();
      return handleForm(request, reply, {
        run: () => governance.removeAgendaItem(callerOf(request), request.org!.id, id(request), itemId),
        success: (item) => ({
          flash: `${item.title} removed from the agenda`,
          redirect: `${paths.governance.meeting(request.org!.slug, id(request))}#agenda`,
        }),
        invalid: (errors) => meetingPage(request, reply, id(request), errors),
      });
    },
  );
  app.post('/o/:slug/governance/meetings/:id/resolutions', { config: edit }, async (request, reply) => {
    if (!UUID.test(id(request))) return reply.callNotFound();
    const values = {
      kind: field(request.body, 'kind', 20),
      text: field(request.body, 'text', 5000),
      agendaItemId: field(request.body, 'agendaItemId', 40),
      followUpMonths: field(request.body, 'followUpMonths', 10),
      followUpTitle: field(request.body, 'followUpTitle', 300),
    };
    return handleForm(request, reply, {
      run: () => governance.addResolution(callerOf(request), request.org!.id, id(request), values),
      success: (r) => ({
        flash: r.followUp
          ? `Resolution recorded; an update report is on the forward plan for ${formatDate(r.followUp.dueDate)}`
          : 'Resolution recorded',
        redirect: `${paths.governance.meeting(request.org!.slug, id(request))}#resolutions`,
      }),
      invalid: (errors) => meetingPage(request, reply, id(request), errors, { resolution: values }),
    });
  });
  app.post('/o/:slug/governance/meetings/:id/actions', { config: edit }, async (request, reply) => {
    if (!UUID.test(id(request))) return reply.callNotFound();
    const values = {
      description: field(request.body, 'description', 3000),
      ownerName: field(request.body, 'ownerName', 200),
      ownerEmail: field(request.body, 'ownerEmail', 320),
      dueDate: field(request.body, 'dueDate', 20),
    };
    return handleForm(request, reply, {
      run: () => governance.addMeetingAction(callerOf(request), request.org!.id, id(request), values),
      success: () => ({
        flash: 'Meeting action added',
        redirect: `${paths.governance.meeting(request.org!.slug, id(request))}#actions`,
      }),
      invalid: (errors) => meetingPage(request, reply, id(request), errors, { action: values }),
    });
  });
  app.post('/o/:slug/governance/meetings/:id/pack', { config: edit }, async (request, reply) => {
    if (!UUID.test(id(request))) return reply.callNotFound();
    return handleForm(request, reply, {
      run: () => governance.preparePack(callerOf(request), request.org!, id(request)),
      success: (pack) => ({ flash: null, redirect: paths.governance.pack(request.org!.slug, pack.id) }),
      invalid: (errors) => meetingPage(request, reply, id(request), errors),
    });
  });

  // ---- Meeting actions log and forward plan ----
  async function actionsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: FormErrors,
    failed?: { id: string; status: string; note: string; filter: string | null },
  ) {
    const status = failed ? failed.filter : (request.query as { status?: string }).status;
    const filter = status === 'open' || status === 'overdue' || status === 'closed' ? status : undefined;
    const rows = await governance.actionLog(request.org!.id, filter ? { status: filter } : {});
    return render(request, reply, 'governance/views/actions.njk', {
      labels,
      rows,
      status: filter ?? 'all',
      actionStatuses: MEETING_ACTION_STATUSES,
      errors,
      failed,
      current: 'actions',
    });
  }
  app.get('/o/:slug/governance/actions', { config: read }, (request, reply) => actionsPage(request, reply));
  app.post('/o/:slug/governance/actions/:id', { config: edit }, async (request, reply) => {
    if (!UUID.test(id(request))) return reply.callNotFound();
    const back = field(request.body, 'returnTo', 300);
    const returnTo = back.startsWith('/o/') ? back : paths.governance.actions(request.org!.slug);
    const values = { status: field(request.body, 'status', 20), note: field(request.body, 'note', 3000) };
    return handleForm(request, reply, {
      run: () =>
        governance.setMeetingActionStatus(
          callerOf(request),
          request.org!.id,
          id(request),
          intField(request.body, 'version') ?? 0,
          values,
        ),
      success: (a) => ({
        flash: `Meeting action marked ${labels.actionStatus[a.status].toLowerCase()}`,
        redirect: returnTo,
      }),
      // Every row has its own form: the errors point at the fields of the row that failed, and the
      // log keeps the filter it was showing.
      invalid: (errors) =>
        actionsPage(request, reply, suffixed(errors, id(request)), {
          id: id(request),
          ...values,
          filter: new URL(returnTo, 'http://localhost').searchParams.get('status'),
        }),
    });
  });
  async function forwardPage(request: FastifyRequest, reply: FastifyReply, errors?: FormErrors) {
    const rows = await governance.forwardPlan(request.org!.id);
    return render(request, reply, 'governance/views/forward-plan.njk', {
      labels,
      rows,
      errors,
      current: 'forward',
    });
  }
  app.get('/o/:slug/governance/forward-plan', { config: read }, (request, reply) =>
    forwardPage(request, reply),
  );
  app.post('/o/:slug/governance/forward-plan/:id/done', { config: edit }, async (request, reply) => {
    if (!UUID.test(id(request))) return reply.callNotFound();
    return handleForm(request, reply, {
      run: () =>
        governance.completeForwardPlanItem(
          callerOf(request),
          request.org!.id,
          id(request),
          intField(request.body, 'version') ?? 0,
        ),
      success: (f) => ({
        flash: `${f.title} marked done`,
        redirect: paths.governance.forwardPlan(request.org!.slug),
      }),
      invalid: (errors) => forwardPage(request, reply, errors),
    });
  });

  // ---- Board packs ----
  async function packPage(request: FastifyRequest, reply: FastifyReply, packId: string, errors?: FormErrors) {
    const data = await governance.pack(request.org!, packId);
    return render(request, reply, 'governance/views/pack.njk', {
      labels,
      ...data,
      // The stored record: `pack` itself is the model the shared pack body reads.
      boardPack: data.pack,
      ...packGlobals(),
      ...packContext(data.model, data.changes),
      formats: PACK_FORMATS,
      errors,
      current: 'boards',
    });
  }
  app.get('/o/:slug/governance/packs/:id', { config: readCached }, async (request, reply) => {
    if (!UUID.test(id(request))) return reply.callNotFound();
    return packPage(request, reply, id(request));
  });
  async function packForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values?: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const data = await governance.pack(request.org!, id(request));
    return render(request, reply, 'governance/views/pack-form.njk', {
      labels,
      ...data,
      fields: NARRATIVE_FIELDS,
      values: values ?? {
        title: data.pack.title,
        asAt: data.pack.asAt,
        version: data.pack.version,
        ...data.pack.narrative,
      },
      errors,
      current: 'boards',
    });
  }
  app.get('/o/:slug/governance/packs/:id/edit', { config: edit }, async (request, reply) => {
    if (!UUID.test(id(request))) return reply.callNotFound();
    return packForm(request, reply);
  });
  app.post('/o/:slug/governance/packs/:id/edit', { config: edit }, async (request, reply) => {
    if (!UUID.test(id(request))) return reply.callNotFound();
    const narrative = Object.fromEntries(NARRATIVE_FIELDS.map((f) => [f, field(request.body, f, 20_000)]));
    const values = {
      title: field(request.body, 'title', 300),
      asAt: field(request.body, 'asAt', 20),
      version: intField(request.body, 'version') ?? 0,
    };
    return handleForm(request, reply, {
      run: () =>
        governance.updatePack(callerOf(request), request.org!.id, id(request), values.version, {
          ...values,
          narrative,
        }),
      success: () => ({
        flash: 'Board pack saved',
        redirect: paths.governance.pack(request.org!.slug, id(request)),
      }),
      invalid: (errors) => packForm(request, reply, { ...values, ...narrative }, errors),
    });
  });
  app.post('/o/:slug/governance/packs/:id/issue', { config: edit }, async (request, reply) => {
    if (!UUID.test(id(request))) return reply.callNotFound();
    return handleForm(request, reply, {
      run: () =>
        governance.issuePack(
          callerOf(request),
          request.org!,
          id(request),
          intField(request.body, 'version') ?? 0,
        ),
      success: () => ({
        flash: 'Board pack issued: it is now frozen, and its files are stored with their checksums',
        redirect: paths.governance.pack(request.org!.slug, id(request)),
      }),
      invalid: (errors) => packPage(request, reply, id(request), errors),
    });
  });
  app.get('/o/:slug/governance/packs/:id/pack.:format', { config: read }, async (request, reply) => {
    const { format } = request.params as { format: string };
    if (!UUID.test(id(request)) || !(PACK_FORMATS as readonly string[]).includes(format))
      return reply.callNotFound();
    const file = await governance.packFile(request.org!, id(request), format as PackFormat);
    return sendFile(reply, file);
  });
}

/** A pack file as a download (HTML opens in the browser), with its checksum. */
export function sendFile(
  reply: FastifyReply,
  file: { filename: string; contentType: string; data: Buffer; sha256: string },
) {
  const html = file.contentType.startsWith('text/html');
  const inline = html || file.contentType === 'application/pdf';
  // The stored pack page carries its own stylesheet, which the app's nonce-based policy would block.
  if (html) reply.header('content-security-policy', standaloneCsp(file.data));
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${file.filename}"`)
    .header('x-content-sha256', file.sha256)
    .header('cache-control', 'private, no-store')
    .send(file.data);
}

/** A policy for a standalone pack page: its own <style> elements (by hash), inline images, nothing else. */
function standaloneCsp(data: Buffer): string {
  const hashes = [...data.toString('utf8').matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    `style-src ${hashes.length ? hashes.join(' ') : "'none'"}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Field errors from one of many identical forms on a page, whose inputs' ids end with `-suffix`. */
function suffixed(errors: FormErrors, suffix: string): FormErrors {
  return {
    summary: errors.summary.map((s) =>
      s.href === '#main-content' ? s : { ...s, href: `${s.href}-${suffix}` },
    ),
    fields: errors.fields,
  };
}

/** Field errors from a form whose inputs are prefixed (two forms on one page share field names). */
function renamed(errors: FormErrors, prefix: string): FormErrors {
  const rename = (path: string) => `${prefix}${path.charAt(0).toUpperCase()}${path.slice(1)}`;
  return {
    summary: errors.summary.map((s) => ({ ...s, href: `#${rename(s.href.slice(1))}` })),
    fields: Object.fromEntries(Object.entries(errors.fields).map(([k, v]) => [rename(k), v])),
  };
}
