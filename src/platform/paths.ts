// Typed paths: every URL the app builds (routes, redirects, templates) comes from here.

const enc = encodeURIComponent;

export const paths = {
  home: () => '/',
  signIn: (returnTo?: string) => (returnTo ? `/sign-in?returnTo=${enc(returnTo)}` : '/sign-in'),
  signOut: () => '/sign-out',
  account: () => '/account',
  accountPassword: () => '/account/password',
  accountTokens: () => '/account/tokens',
  accountToken: (tokenId: string) => `/account/tokens/${enc(tokenId)}`,
  accessibility: () => '/accessibility',
  privacy: () => '/privacy',
  cookies: () => '/cookies',
  health: () => '/health',
  org: {
    home: (slug: string) => `/o/${enc(slug)}`,
    users: (slug: string, page?: number) =>
      `/o/${enc(slug)}/admin/users${page && page > 1 ? `?page=${page}` : ''}`,
    newUser: (slug: string) => `/o/${enc(slug)}/admin/users/new`,
    user: (slug: string, userId: string) => `/o/${enc(slug)}/admin/users/${enc(userId)}`,
    userRole: (slug: string, userId: string) => `/o/${enc(slug)}/admin/users/${enc(userId)}/role`,
    userStatus: (slug: string, userId: string) => `/o/${enc(slug)}/admin/users/${enc(userId)}/status`,
  },
  inspections: {
    journey: (slug: string) => `/o/${enc(slug)}/inspections`,
    new: (slug: string) => `/o/${enc(slug)}/inspections/new`,
    inspection: (slug: string, id: string) => `/o/${enc(slug)}/inspections/${enc(id)}`,
    findings: (slug: string, id: string) => `/o/${enc(slug)}/inspections/${enc(id)}/findings`,
    recommendation: (slug: string, id: string) => `/o/${enc(slug)}/recommendations/${enc(id)}`,
    interventions: (slug: string) => `/o/${enc(slug)}/interventions`,
    lift: (slug: string, id: string) => `/o/${enc(slug)}/interventions/${enc(id)}/lift`,
    national: (slug: string) => `/o/${enc(slug)}/inspections/national`,
    document: (slug: string, id: string) => `/o/${enc(slug)}/documents/${enc(id)}`,
    read: (slug: string) => `/o/${enc(slug)}/inspections/read`,
    letter: (slug: string) => `/o/${enc(slug)}/inspections/letter`,
    letterConfirm: (slug: string) => `/o/${enc(slug)}/inspections/letter/confirm`,
    nationalUpload: (slug: string, kind: 'overview' | 'neighbours') =>
      `/o/${enc(slug)}/inspections/national/${kind}`,
  },
  quality: {
    home: (slug: string) => `/o/${enc(slug)}/quality`,
    audits: (slug: string, query = '') => `/o/${enc(slug)}/quality/audits${query ? `?${query}` : ''}`,
    newAudit: (slug: string) => `/o/${enc(slug)}/quality/audits/new`,
    audit: (slug: string, id: string) => `/o/${enc(slug)}/quality/audits/${enc(id)}`,
    auditActions: (slug: string, id: string) => `/o/${enc(slug)}/quality/audits/${enc(id)}/actions`,
    auditActionDone: (slug: string, id: string, actionId: string) =>
      `/o/${enc(slug)}/quality/audits/${enc(id)}/actions/${enc(actionId)}/done`,
    teams: (slug: string) => `/o/${enc(slug)}/quality/teams`,
    team: (slug: string, id: string) => `/o/${enc(slug)}/quality/teams/${enc(id)}`,
    moderation: (slug: string, month?: string) =>
      `/o/${enc(slug)}/quality/moderation${month ? `?month=${enc(month)}` : ''}`,
    moderationSample: (slug: string) => `/o/${enc(slug)}/quality/moderation/sample`,
    moderate: (slug: string, id: string) => `/o/${enc(slug)}/quality/moderation/${enc(id)}`,
    sessions: (slug: string) => `/o/${enc(slug)}/quality/check-and-challenge`,
    settings: (slug: string) => `/o/${enc(slug)}/quality/settings`,
    template: (slug: string) => `/o/${enc(slug)}/quality/template`,
    session: (slug: string, id: string) => `/o/${enc(slug)}/quality/check-and-challenge/${enc(id)}`,
  },
  plan: {
    home: (slug: string) => `/o/${enc(slug)}/plan`,
    tree: (slug: string) => `/o/${enc(slug)}/plan/tree`,
    actions: (slug: string) => `/o/${enc(slug)}/plan/actions`,
    exceptions: (slug: string) => `/o/${enc(slug)}/plan/exceptions`,
    timeline: (slug: string) => `/o/${enc(slug)}/plan/timeline`,
    coverage: (slug: string) => `/o/${enc(slug)}/plan/coverage`,
    rules: (slug: string) => `/o/${enc(slug)}/plan/rules`,
    action: (slug: string, id: string) => `/o/${enc(slug)}/plan/actions/${enc(id)}`,
    actionForm: (
      slug: string,
      id: string,
      form: 'status' | 'embedding' | 'rag' | 'target-date' | 'update' | 'edit' | 'remove',
    ) => `/o/${enc(slug)}/plan/actions/${enc(id)}/${form}`,
    outcome: (slug: string, id: string) => `/o/${enc(slug)}/plan/outcomes/${enc(id)}`,
    commitment: (slug: string, id: string) => `/o/${enc(slug)}/plan/commitments/${enc(id)}`,
    itemForm: (
      slug: string,
      kind: 'outcome' | 'commitment' | 'action',
      id: string,
      form: 'edit' | 'remove',
    ) => `/o/${enc(slug)}/plan/${kind}s/${enc(id)}/${form}`,
    newItem: (slug: string, versionNumber: number, kind: 'outcome' | 'commitment' | 'action', query = '') =>
      `/o/${enc(slug)}/plan/versions/${versionNumber}/${kind}s/new${query ? `?${query}` : ''}`,
    impact: (slug: string, id: string) => `/o/${enc(slug)}/plan/commitments/${enc(id)}/impact`,
    commitmentIndicators: (slug: string, id: string) =>
      `/o/${enc(slug)}/plan/commitments/${enc(id)}/indicators`,
    myActions: (slug: string) => `/o/${enc(slug)}/plan/my-actions`,
    updates: (slug: string) => `/o/${enc(slug)}/plan/updates`,
    reviewUpdate: (slug: string, id: string) => `/o/${enc(slug)}/plan/updates/${enc(id)}`,
    decideDateChange: (slug: string, id: string) => `/o/${enc(slug)}/plan/date-changes/${enc(id)}`,
    challenges: (slug: string, closed = false) =>
      `/o/${enc(slug)}/plan/challenges${closed ? '?status=closed' : ''}`,
    challenge: (slug: string, id: string) => `/o/${enc(slug)}/plan/challenges/${enc(id)}`,
    newChallenge: (slug: string, type: 'outcome' | 'commitment' | 'action', id: string) =>
      `/o/${enc(slug)}/plan/challenges/new?type=${type}&id=${enc(id)}`,
    challengeNew: (slug: string) => `/o/${enc(slug)}/plan/challenges/new`,
    challengeResponse: (slug: string, id: string) => `/o/${enc(slug)}/plan/challenges/${enc(id)}/response`,
    challengeClose: (slug: string, id: string) => `/o/${enc(slug)}/plan/challenges/${enc(id)}/close`,
    versions: (slug: string) => `/o/${enc(slug)}/plan/versions`,
    compare: (slug: string, from?: number, to?: number) =>
      `/o/${enc(slug)}/plan/versions/compare${from && to ? `?from=${from}&to=${to}` : ''}`,
    newPlan: (slug: string) => `/o/${enc(slug)}/plan/new`,
    editPlan: (slug: string, n: number) => `/o/${enc(slug)}/plan/versions/${n}/edit`,
    approve: (slug: string, n: number) => `/o/${enc(slug)}/plan/versions/${n}/approve`,
    refresh: (slug: string) => `/o/${enc(slug)}/plan/refresh`,
    exportXlsx: (slug: string, n?: number) => `/o/${enc(slug)}/plan/export.xlsx${n ? `?v=${n}` : ''}`,
    template: (slug: string) => `/o/${enc(slug)}/plan/template.xlsx`,
    import: (slug: string) => `/o/${enc(slug)}/plan/import`,
  },
  performance: {
    home: (slug: string) => `/o/${enc(slug)}/performance`,
    key: (slug: string) => `/o/${enc(slug)}/performance/key`,
    workforce: (slug: string) => `/o/${enc(slug)}/performance/workforce`,
    import: (slug: string) => `/o/${enc(slug)}/performance/import`,
    indicator: (slug: string, code: string) => `/o/${enc(slug)}/performance/indicators/${enc(code)}`,
    value: (slug: string, code: string) => `/o/${enc(slug)}/performance/indicators/${enc(code)}/values`,
    settings: (slug: string, code: string) => `/o/${enc(slug)}/performance/indicators/${enc(code)}/settings`,
    newIndicator: (slug: string) => `/o/${enc(slug)}/performance/indicators/new`,
    target: (slug: string, code: string) => `/o/${enc(slug)}/performance/indicators/${enc(code)}/target`,
    dfeImport: (slug: string) => `/o/${enc(slug)}/performance/dfe-statistics`,
  },
  governance: {
    home: (slug: string) => `/o/${enc(slug)}/governance`,
    newBoard: (slug: string) => `/o/${enc(slug)}/governance/boards/new`,
    board: (slug: string, id: string) => `/o/${enc(slug)}/governance/boards/${enc(id)}`,
    boardForm: (slug: string, id: string, form: 'edit' | 'members' | 'meetings' | 'forward-plan') =>
      `/o/${enc(slug)}/governance/boards/${enc(id)}/${form}`,
    member: (slug: string, boardId: string, memberId: string) =>
      `/o/${enc(slug)}/governance/boards/${enc(boardId)}/members/${enc(memberId)}/remove`,
    meeting: (slug: string, id: string) => `/o/${enc(slug)}/governance/meetings/${enc(id)}`,
    meetingForm: (slug: string, id: string, form: 'edit' | 'agenda' | 'resolutions' | 'actions' | 'pack') =>
      `/o/${enc(slug)}/governance/meetings/${enc(id)}/${form}`,
    agendaItem: (slug: string, meetingId: string, itemId: string) =>
      `/o/${enc(slug)}/governance/meetings/${enc(meetingId)}/agenda/${enc(itemId)}/remove`,
    actions: (slug: string, status?: string) =>
      `/o/${enc(slug)}/governance/actions${status ? `?status=${enc(status)}` : ''}`,
    action: (slug: string, id: string) => `/o/${enc(slug)}/governance/actions/${enc(id)}`,
    forwardPlan: (slug: string) => `/o/${enc(slug)}/governance/forward-plan`,
    forwardItemDone: (slug: string, id: string) => `/o/${enc(slug)}/governance/forward-plan/${enc(id)}/done`,
    pack: (slug: string, id: string) => `/o/${enc(slug)}/governance/packs/${enc(id)}`,
    packEdit: (slug: string, id: string) => `/o/${enc(slug)}/governance/packs/${enc(id)}/edit`,
    packIssue: (slug: string, id: string) => `/o/${enc(slug)}/governance/packs/${enc(id)}/issue`,
    packFile: (slug: string, id: string, format: 'html' | 'pdf' | 'docx' | 'xlsx') =>
      `/o/${enc(slug)}/governance/packs/${enc(id)}/pack.${format}`,
  },
  api: {
    root: () => '/api/v1',
    openapi: () => '/api/v1/openapi.json',
    me: () => '/api/v1/me',
    organisation: (slug: string) => `/api/v1/organisations/${enc(slug)}`,
  },
} as const;

/** Accepts only local paths as a return address, so sign-in cannot be used as an open redirect. */
export function safeReturnTo(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if (value.length > 500) return null;
  return value;
}
