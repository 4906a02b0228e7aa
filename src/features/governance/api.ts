// Governance's JSON API: boards, meetings, meeting actions, the forward plan and board packs (their
// frozen model and stored files). Writes cover what integrations need between meetings: recording
// meeting actions and their progress, resolutions, and issuing a prepared pack.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { actorOf } from '../users/routes.js';
import { MEETING_ACTION_STATUSES, RESOLUTION_KINDS } from './schema.js';
import { PACK_FORMATS, type GovernanceCaller, type PackFormat } from './service.js';
import { sendFile } from './routes.js';

const Slug = Type.Object({ slug: Type.String() });
const SlugId = Type.Object({ slug: Type.String(), id: Type.String({ format: 'uuid' }) });
const Version = Type.Integer({ minimum: 1, description: 'The version of the record you read' });
const Opt = (max: number) => Type.Optional(Type.String({ maxLength: max }));

const ActionBody = Type.Object({
  description: Type.String({ maxLength: 2000 }),
  ownerName: Type.String({ maxLength: 120 }),
  ownerEmail: Opt(320),
  dueDate: Opt(10),
});
const ActionStatusBody = Type.Object({
  status: Type.Union(MEETING_ACTION_STATUSES.map((s) => Type.Literal(s))),
  note: Opt(2000),
  version: Version,
});
const ResolutionBody = Type.Object({
  kind: Type.Union(RESOLUTION_KINDS.map((k) => Type.Literal(k))),
  text: Type.String({ maxLength: 4000 }),
  followUpMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 })),
  followUpTitle: Opt(200),
});

function callerOf(request: FastifyRequest): GovernanceCaller {
  return { actor: actorOf(request), userId: request.auth?.user?.id ?? null };
}

export async function governanceApi(app: FastifyInstance): Promise<void> {
  const governance = app.services.governance;
  const read = { access: { permission: 'governance:read' } } as const;
  const edit = { access: { permission: 'governance:edit' } } as const;
  const base = '/api/v1/organisations/:slug';
  const org = (request: FastifyRequest) => request.org!.id;
  const id = (request: FastifyRequest) => (request.params as { id: string }).id;

  app.get(
    `${base}/boards`,
    {
      config: read,
      schema: { summary: 'Boards and committees with their members', tags: ['governance'], params: Slug },
    },
    async (request) => ({
      boards: (await governance.boards(org(request))).map((b) => ({ ...b.board, members: b.members })),
    }),
  );
  app.get(
    `${base}/boards/:id`,
    {
      config: read,
      schema: {
        summary: 'A board with its members, meetings, forward plan and packs',
        tags: ['governance'],
        params: SlugId,
      },
    },
    async (request) => {
      const b = await governance.board(org(request), id(request));
      return {
        ...b.board,
        members: b.members,
        meetings: b.meetings,
        forwardPlan: b.forwardPlan.map((f) => ({ ...f.item, overdue: f.overdue })),
        packs: b.packs,
      };
    },
  );
  app.get(
    `${base}/meetings/:id`,
    {
      config: read,
      schema: {
        summary: 'A meeting: agenda, minutes, resolutions, actions and pack',
        tags: ['governance'],
        params: SlugId,
      },
    },
    async (request) => {
      const m = await governance.meeting(org(request), id(request));
      return {
        ...m.meeting,
        title: m.title,
        board: { id: m.board.id, name: m.board.name },
        agenda: m.agenda,
        resolutions: m.resolutions,
        actions: m.actions.map((a) => ({ ...a.action, overdue: a.overdue })),
        pack: m.pack
          ? {
              id: m.pack.id,
              status: m.pack.status,
              title: m.pack.title,
              asAt: m.pack.asAt,
              issuedAt: m.pack.issuedAt,
            }
          : null,
        followUps: m.followUps,
      };
    },
  );
  app.post(
    `${base}/meetings/:id/resolutions`,
    {
      config: edit,
      schema: {
        summary: 'Record a resolution; followUpMonths puts an update report on the forward plan',
        tags: ['governance'],
        params: SlugId,
        body: ResolutionBody,
      },
    },
    async (request, reply) => {
      const body = request.body as Static<typeof ResolutionBody>;
      const result = await governance.addResolution(callerOf(request), org(request), id(request), {
        kind: body.kind,
        text: body.text,
        ...(body.followUpMonths ? { followUpMonths: String(body.followUpMonths) } : {}),
        ...(body.followUpTitle ? { followUpTitle: body.followUpTitle } : {}),
      });
      return reply.status(201).send(result);
    },
  );
  app.post(
    `${base}/meetings/:id/actions`,
    {
      config: edit,
      schema: { summary: 'Add a meeting action', tags: ['governance'], params: SlugId, body: ActionBody },
    },
    async (request, reply) => {
      const action = await governance.addMeetingAction(
        callerOf(request),
        org(request),
        id(request),
        request.body as Static<typeof ActionBody>,
      );
      return reply.status(201).send(action);
    },
  );
  app.get(
    `${base}/meeting-actions`,
    {
      config: read,
      schema: {
        summary: 'The meeting actions log, open ones first by due date',
        tags: ['governance'],
        params: Slug,
        querystring: Type.Object({
          status: Type.Optional(
            Type.Union([Type.Literal('open'), Type.Literal('overdue'), Type.Literal('closed')]),
          ),
        }),
      },
    },
    async (request) => {
      const { status } = request.query as { status?: 'open' | 'overdue' | 'closed' };
      const rows = await governance.actionLog(org(request), status ? { status } : {});
      return {
        actions: rows.map((r) => ({
          ...r.action,
          overdue: r.overdue,
          meeting: { id: r.meeting.id, date: r.meeting.meetingDate, title: r.meetingTitle },
          board: { id: r.board.id, name: r.board.name },
        })),
      };
    },
  );
  app.patch(
    `${base}/meeting-actions/:id`,
    {
      config: edit,
      schema: {
        summary: 'Mark a meeting action open, done or dropped (dropping needs a note)',
        tags: ['governance'],
        params: SlugId,
        body: ActionStatusBody,
      },
    },
    async (request) => {
      const body = request.body as Static<typeof ActionStatusBody>;
      return governance.setMeetingActionStatus(callerOf(request), org(request), id(request), body.version, {
        status: body.status,
        ...(body.note !== undefined ? { note: body.note } : {}),
      });
    },
  );
  app.get(
    `${base}/forward-plan`,
    {
      config: read,
      schema: { summary: 'Reports boards have asked for, by due date', tags: ['governance'], params: Slug },
    },
    async (request) => ({
      items: (await governance.forwardPlan(org(request))).map((f) => ({
        ...f.item,
        overdue: f.overdue,
        board: { id: f.board.id, name: f.board.name },
        askedAt: f.source ? { id: f.source.meeting.id, title: f.source.title } : null,
        scheduledAt: f.scheduled ? { id: f.scheduled.meeting.id, title: f.scheduled.title } : null,
      })),
    }),
  );
  app.get(
    `${base}/board-packs`,
    { config: read, schema: { summary: 'Board packs, newest first', tags: ['governance'], params: Slug } },
    async (request) => ({ packs: await governance.packs(org(request)) }),
  );
  app.get(
    `${base}/board-packs/:id`,
    {
      config: read,
      schema: {
        summary:
          'A board pack: its model (frozen once issued), what changed since the last pack, and its stored files',
        tags: ['governance'],
        params: SlugId,
      },
    },
    async (request) => {
      const p = await governance.pack(request.org!, id(request));
      const { model: _frozen, ...pack } = p.pack;
      return { pack, model: p.model, changes: p.changes, files: p.documents };
    },
  );
  app.get(
    `${base}/board-packs/:id/file`,
    {
      config: read,
      schema: {
        summary: 'A board pack file: the stored one for an issued pack, rendered now for a draft',
        tags: ['governance'],
        params: SlugId,
        querystring: Type.Object({ format: Type.Union(PACK_FORMATS.map((f) => Type.Literal(f))) }),
      },
    },
    async (request, reply) => {
      const { format } = request.query as { format: PackFormat };
      return sendFile(reply, await governance.packFile(request.org!, id(request), format));
    },
  );
  app.post(
    `${base}/board-packs/:id/issue`,
    {
      config: edit,
      schema: {
        summary: 'Issue a draft pack to its meeting: freezes it and stores its files with checksums',
        tags: ['governance'],
        params: SlugId,
        body: Type.Object({ version: Version }),
      },
    },
    async (request) => {
      const { version } = request.body as { version: number };
      const issued = await governance.issuePack(callerOf(request), request.org!, id(request), version);
      const { model: _frozen, ...pack } = issued;
      return { pack, files: await governance.packDocuments(org(request), issued) };
    },
  );
}
