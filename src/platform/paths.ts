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
