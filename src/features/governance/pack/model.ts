// The board pack as data: everything a pack shows, gathered from the live record as at a date.
// Plain JSON (no Dates, no class instances), so an issued pack keeps its model beside its files
// and the next pack can be compared with exactly what the board saw. Renderers (HTML, DOCX,
// XLSX) read only this; none of them touches the database.

import { formatUkDate } from '../../plan/rules/rules.js';

export const PACK_SECTIONS = [
  'plan_on_a_page',
  'exceptions',
  'coverage',
  'scorecard',
  'key_indicators',
  'quality',
  'workforce',
  'ofsted',
  'meeting_actions',
] as const;
export type PackSection = (typeof PACK_SECTIONS)[number];

export const SECTION_TITLES: Record<PackSection, string> = {
  plan_on_a_page: 'Plan on a page',
  exceptions: 'Exceptions',
  coverage: 'Recommendation coverage',
  scorecard: 'Indicator scorecard',
  key_indicators: 'Key indicators',
  quality: 'Quality assurance',
  workforce: 'Workforce',
  ofsted: 'Ofsted visits and findings',
  meeting_actions: 'Meeting actions and forward plan',
};

export const BOARD_KINDS = [
  'improvement_board',
  'scrutiny',
  'cabinet',
  'corporate_parenting',
  'safeguarding_partnership',
  'other',
] as const;
export type BoardKind = (typeof BOARD_KINDS)[number];

export const BOARD_KIND_LABELS: Record<BoardKind, string> = {
  improvement_board: 'Improvement Board',
  scrutiny: 'Scrutiny committee',
  cabinet: 'Cabinet',
  corporate_parenting: 'Corporate parenting panel',
  safeguarding_partnership: 'Safeguarding partnership',
  other: 'Other board or committee',
};

/** What each kind of board sees by default; a board can change its own choice. */
export const DEFAULT_SECTIONS: Record<BoardKind, readonly PackSection[]> = {
  improvement_board: PACK_SECTIONS,
  scrutiny: [
    'plan_on_a_page',
    'exceptions',
    'scorecard',
    'key_indicators',
    'quality',
    'ofsted',
    'meeting_actions',
  ],
  cabinet: ['plan_on_a_page', 'exceptions', 'coverage', 'key_indicators', 'ofsted'],
  corporate_parenting: [
    'plan_on_a_page',
    'exceptions',
    'scorecard',
    'key_indicators',
    'quality',
    'meeting_actions',
  ],
  safeguarding_partnership: [
    'plan_on_a_page',
    'exceptions',
    'key_indicators',
    'quality',
    'ofsted',
    'meeting_actions',
  ],
  other: ['plan_on_a_page', 'exceptions', 'scorecard', 'meeting_actions'],
};

/** The narrative of a council committee report; editable until the pack is issued. */
export const NARRATIVE_FIELDS = [
  'leadOfficer',
  'purpose',
  'executiveSummary',
  'recommendedAction',
  'policyContext',
  'strategicAims',
  'communityEngagement',
  'equalityImpact',
  'legalImplications',
  'financialImplications',
  'backgroundPapers',
] as const;
export type NarrativeField = (typeof NARRATIVE_FIELDS)[number];
export type PackNarrative = Record<NarrativeField, string>;

export const NARRATIVE_LABELS: Record<NarrativeField, string> = {
  leadOfficer: 'Lead officer',
  purpose: 'Purpose of the report',
  executiveSummary: 'Executive summary',
  recommendedAction: 'Recommended action',
  policyContext: 'Policy context',
  strategicAims: 'Contribution to strategic aims',
  communityEngagement: 'Community engagement',
  equalityImpact: 'Equality impact',
  legalImplications: 'Legal implications',
  financialImplications: 'Financial implications',
  backgroundPapers: 'Background papers',
};

export type Rag = 'red' | 'amber' | 'green' | 'blue';
export type RagCounts = Record<Rag | 'none', number>;
export type Better = 'better' | 'worse' | 'same' | null;

export interface PackPlanSummary {
  total: number;
  rag: RagCounts;
  complete: number;
  embedded: number;
  cancelled: number;
  overdue: number;
  updatesOverdue: number;
  rescheduled: number;
  percentComplete: number;
  percentEmbedded: number;
  rollUp: Rag | null;
}

export interface PackAction {
  lineageId: string;
  ref: string;
  title: string;
  outcomeRef: string;
  commitmentRef: string;
  leadName: string;
  deliveryStatus: 'not_started' | 'in_progress' | 'complete' | 'embedded' | 'cancelled';
  rag: Rag | null;
  ragReason: string;
  originalTargetDate: string;
  currentTargetDate: string;
  overdue: boolean;
  daysOverdue: number;
  /** The progress update schedule as at the pack's date: null when no updates are due. */
  updateState: 'not_due' | 'due' | 'overdue' | null;
  nextUpdateDue: string | null;
  latestNarrative: string | null;
  rescheduleCount: number;
}

export interface PackPlan {
  title: string;
  versionNumber: number;
  status: string;
  startDate: string;
  endDate: string | null;
  summary: PackPlanSummary;
  outcomes: {
    ref: string;
    title: string;
    summary: PackPlanSummary;
    commitments: { ref: string; title: string; recommendationNumbers: number[]; summary: PackPlanSummary }[];
  }[];
  /** Every action, in plan order. */
  actions: PackAction[];
  /** Reference of each red or amber action, worst first. */
  exceptionRefs: string[];
  /** Every deadline change approved, newest first. */
  rescheduled: {
    ref: string;
    title: string;
    from: string;
    to: string;
    reason: string;
    decidedBy: string | null;
    decidedOn: string | null;
  }[];
  openChallenges: {
    subject: string;
    question: string;
    raisedBy: string;
    raisedOn: string;
    status: string;
    response: string | null;
  }[];
  coverage: { number: number; text: string; commitmentRefs: string[] }[];
}

export interface PackIndicatorRow {
  code: string;
  name: string;
  unit: string;
  category: string;
  isKey: boolean;
  polarity: string;
  latestPeriod: string | null;
  latestValue: number | null;
  latestText: string;
  targetText: string | null;
  baselineText: string | null;
  rag: 'red' | 'amber' | 'green' | null;
  sincePrevious: Better;
  sincePreviousText: string;
  /** The last six periods' values, formatted, keyed by period label (same labels as `periods`). */
  values: Record<string, string>;
}

export interface PackIndicators {
  /** Period labels of the scorecard columns, oldest first. */
  periods: string[];
  rows: PackIndicatorRow[];
  keyCharts: { code: string; name: string; svg: string; summary: string }[];
  workforce: {
    codes: string[];
    teams: { team: string; values: string[] }[];
  };
}

export interface PackQuality {
  from: string;
  to: string;
  baselineMonth: string;
  months: {
    month: string;
    total: number;
    outstanding: number;
    good: number;
    requiresImprovement: number;
    inadequate: number;
    pctGoodOrBetter: number | null;
  }[];
  chartSvg: string | null;
  agreementRate: number | null;
  moderated: number;
  themes: { theme: string; count: number }[];
}

export interface PackOfsted {
  events: {
    kind: string;
    title: string;
    date: string;
    overall: string | null;
    judgements: { area: string; grade: string }[];
    /** A visit's areas and what Ofsted found, with the recommendations each relates to (absent in packs issued before findings were added). */
    findings?: { area: string; priority: boolean; recommendationNumbers: number[] }[];
  }[];
  interventions: { kind: string; startedOn: string; liftedOn: string | null }[];
}

export interface PackMeetingAction {
  meeting: string;
  meetingDate: string;
  description: string;
  owner: string;
  dueDate: string | null;
  status: 'open' | 'done' | 'dropped';
  overdue: boolean;
}

export interface PackForwardItem {
  title: string;
  dueDate: string;
  meeting: string | null;
  status: 'planned' | 'scheduled' | 'done';
  overdue: boolean;
}

export interface PackModel {
  formatVersion: 1;
  title: string;
  asAt: string;
  organisation: { name: string; slug: string };
  board: { name: string; kind: BoardKind; chair: string | null; independentChair: boolean };
  meeting: { title: string; date: string; location: string | null } | null;
  sections: PackSection[];
  narrative: PackNarrative;
  /** Null where the council has no plan yet: the section says so rather than disappearing. */
  plan: PackPlan | null;
  indicators: PackIndicators | null;
  quality: PackQuality | null;
  ofsted: PackOfsted;
  meetingActions: PackMeetingAction[];
  forwardPlan: PackForwardItem[];
}

export function defaultNarrative(input: {
  boardName: string;
  organisationName: string;
  asAt: string;
  leadOfficer?: string;
}): PackNarrative {
  return {
    leadOfficer: input.leadOfficer ?? '',
    purpose: `To update the ${input.boardName} on progress with ${input.organisationName}'s improvement plan for children's services, as at ${formatUkDate(input.asAt)}.`,
    executiveSummary: '',
    recommendedAction: `That the ${input.boardName} notes the progress set out in this report and challenges the areas shown as red or amber.`,
    policyContext:
      "The improvement plan responds to the recommendations of Ofsted's inspection of local authority children's services (ILACS).",
    strategicAims: '',
    communityEngagement: '',
    equalityImpact: '',
    legalImplications: '',
    financialImplications: '',
    backgroundPapers: '',
  };
}
