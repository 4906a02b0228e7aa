// A board pack model with obviously synthetic data, for tests of the renderers and anything else that
// needs a whole pack. Keep it stable: tests assert on its references and words. No real council,
// person or child is named; people are roles marked "(synthetic)".
import { PACK_SECTIONS, defaultNarrative } from './model.js';
import type { PackAction, PackModel, PackPlan, PackPlanSummary, Rag, RagCounts } from './model.js';

const RAG_SEVERITY: Rag[] = ['red', 'amber', 'green', 'blue'];

/** The same roll-up the plan makes, over the fixture's actions. */
function summarise(actions: readonly PackAction[], rescheduledRefs: readonly string[]): PackPlanSummary {
  const rag: RagCounts = { red: 0, amber: 0, green: 0, blue: 0, none: 0 };
  let complete = 0;
  let embedded = 0;
  let cancelled = 0;
  for (const a of actions) {
    rag[a.rag ?? 'none'] += 1;
    if (a.deliveryStatus === 'complete' || a.deliveryStatus === 'embedded') complete += 1;
    if (a.deliveryStatus === 'embedded') embedded += 1;
    if (a.deliveryStatus === 'cancelled') cancelled += 1;
  }
  const live = actions.length - cancelled;
  const pct = (n: number) => (live === 0 ? 0 : Math.round((100 * n) / live));
  return {
    total: actions.length,
    rag,
    complete,
    embedded,
    cancelled,
    overdue: actions.filter((a) => a.overdue).length,
    updatesOverdue: actions.filter((a) => a.updateState === 'overdue').length,
    rescheduled: actions.filter((a) => rescheduledRefs.includes(a.ref) || a.rescheduleCount > 0).length,
    percentComplete: pct(complete),
    percentEmbedded: pct(embedded),
    rollUp: RAG_SEVERITY.find((r) => rag[r] > 0) ?? null,
  };
}

function action(
  partial: Pick<PackAction, 'ref' | 'title' | 'outcomeRef' | 'commitmentRef' | 'deliveryStatus' | 'rag'> &
    Partial<PackAction>,
): PackAction {
  return {
    lineageId: `synthetic-${partial.ref}`,
    leadName: 'Head of Service A (synthetic)',
    ragReason: '',
    originalTargetDate: '2026-12-31',
    currentTargetDate: '2026-12-31',
    overdue: false,
    daysOverdue: 0,
    updateState: 'not_due',
    nextUpdateDue: '2026-12-31',
    latestNarrative: null,
    rescheduleCount: 0,
    ...partial,
  };
}

const ACTIONS: PackAction[] = [
  action({
    ref: 'A1.1.1',
    title: 'Agree a threshold document with partners (synthetic)',
    outcomeRef: 'O1',
    commitmentRef: 'C1.1',
    deliveryStatus: 'in_progress',
    rag: 'red',
    ragReason: 'Past its target date and not complete',
    originalTargetDate: '2026-09-30',
    currentTargetDate: '2026-10-31',
    overdue: true,
    daysOverdue: 30,
    updateState: 'overdue',
    nextUpdateDue: '2026-11-15',
    latestNarrative:
      'Draft shared with partners; sign-off delayed to the next partnership meeting (synthetic).',
    rescheduleCount: 1,
  }),
  action({
    ref: 'A1.1.2',
    title: 'Train front door staff on the threshold document (synthetic)',
    outcomeRef: 'O1',
    commitmentRef: 'C1.1',
    deliveryStatus: 'in_progress',
    rag: 'amber',
    ragReason: 'At risk: depends on A1.1.1',
    currentTargetDate: '2027-01-31',
    originalTargetDate: '2027-01-31',
    updateState: 'due',
    nextUpdateDue: '2026-12-01',
    latestNarrative: 'Training materials drafted (synthetic).',
  }),
  action({
    ref: 'A1.2.1',
    title: 'Audit return home interviews monthly (synthetic)',
    outcomeRef: 'O1',
    commitmentRef: 'C1.2',
    deliveryStatus: 'in_progress',
    rag: 'green',
    ragReason: 'On track',
    originalTargetDate: '2026-11-30',
    currentTargetDate: '2027-02-28',
    latestNarrative: 'Three monthly audits completed (synthetic).',
  }),
  action({
    ref: 'A2.1.1',
    title: 'Publish a practice standards handbook (synthetic)',
    outcomeRef: 'O2',
    commitmentRef: 'C2.1',
    deliveryStatus: 'complete',
    rag: 'blue',
    originalTargetDate: '2026-07-31',
    currentTargetDate: '2026-07-31',
    updateState: 'not_due',
    nextUpdateDue: '2027-01-31',
    latestNarrative: 'Handbook published on the intranet (synthetic).',
  }),
  action({
    ref: 'A2.1.2',
    title: 'Embed supervision recording in the case record (synthetic)',
    outcomeRef: 'O2',
    commitmentRef: 'C2.1',
    deliveryStatus: 'embedded',
    rag: 'blue',
    originalTargetDate: '2026-06-30',
    currentTargetDate: '2026-06-30',
    updateState: null,
    nextUpdateDue: null,
    latestNarrative: 'Audits show supervision recorded in 95% of cases sampled (synthetic).',
  }),
  action({
    ref: 'A2.1.3',
    title: 'Introduce a practice week for senior leaders (synthetic)',
    outcomeRef: 'O2',
    commitmentRef: 'C2.1',
    deliveryStatus: 'not_started',
    rag: null,
    originalTargetDate: '2027-03-31',
    currentTargetDate: '2027-03-31',
    updateState: 'not_due',
    nextUpdateDue: '2027-01-15',
  }),
  action({
    ref: 'A3.1.1',
    title: 'Recruit an edge-of-care team (synthetic)',
    outcomeRef: 'O3',
    commitmentRef: 'C3.1',
    deliveryStatus: 'in_progress',
    rag: 'red',
    ragReason: 'Judged at serious risk by the lead officer',
    leadName: 'Head of Service B (synthetic)',
    originalTargetDate: '2026-09-30',
    currentTargetDate: '2026-12-31',
    updateState: 'not_due',
    nextUpdateDue: '2026-12-15',
    latestNarrative: 'Two of six posts filled (synthetic).',
    rescheduleCount: 2,
  }),
  action({
    ref: 'A3.1.2',
    title: 'Commission a second family group conference provider (synthetic)',
    outcomeRef: 'O3',
    commitmentRef: 'C3.1',
    deliveryStatus: 'cancelled',
    rag: null,
    leadName: 'Head of Service B (synthetic)',
    originalTargetDate: '2026-10-31',
    currentTargetDate: '2026-10-31',
    updateState: null,
    nextUpdateDue: null,
    latestNarrative: 'Cancelled: the in-house service met demand (synthetic).',
  }),
];

const RESCHEDULED: PackPlan['rescheduled'] = [
  {
    ref: 'A3.1.1',
    title: 'Recruit an edge-of-care team (synthetic)',
    from: '2026-10-31',
    to: '2026-12-31',
    reason: 'Second recruitment round needed after too few applicants (synthetic)',
    decidedBy: 'Improvement Board chair (synthetic)',
    decidedOn: '2026-10-20',
  },
  {
    ref: 'A1.1.1',
    title: 'Agree a threshold document with partners (synthetic)',
    from: '2026-09-30',
    to: '2026-10-31',
    reason: 'Partners asked for a further consultation round (synthetic)',
    decidedBy: 'Director of Children’s Services (synthetic)',
    decidedOn: '2026-09-25',
  },
];

function outcome(ref: string, title: string, commitments: { ref: string; title: string; recs: number[] }[]) {
  const rescheduledRefs = RESCHEDULED.map((r) => r.ref);
  const own = ACTIONS.filter((a) => a.outcomeRef === ref);
  return {
    ref,
    title,
    summary: summarise(own, rescheduledRefs),
    commitments: commitments.map((c) => ({
      ref: c.ref,
      title: c.title,
      recommendationNumbers: c.recs,
      summary: summarise(
        own.filter((a) => a.commitmentRef === c.ref),
        rescheduledRefs,
      ),
    })),
  };
}

const PERIODS = ['Jun 2026', 'Jul 2026', 'Aug 2026', 'Sep 2026', 'Oct 2026', 'Nov 2026'];
const series = (values: string[]): Record<string, string> =>
  Object.fromEntries(PERIODS.map((p, i) => [p, values[i] ?? '']));

const SVG = (title: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" role="img" aria-label="${title}">` +
  `<polyline points="0,30 24,26 48,22 72,24 96,16 120,12" fill="none" stroke="#1d70b8"/></svg>`;

/** A fresh copy each call, so a test may change its model without changing another's. */
export function samplePackModel(overrides: Partial<PackModel> = {}): PackModel {
  return { ...structuredClone(baseModel()), ...overrides };
}

function baseModel(): PackModel {
  const boardName = 'Children’s Services Improvement Board (synthetic)';
  const organisationName = 'Demo Borough Council (synthetic)';
  const asAt = '2026-11-30';
  const rescheduledRefs = RESCHEDULED.map((r) => r.ref);
  return {
    formatVersion: 1,
    title: 'Children’s services improvement: progress report',
    asAt,
    organisation: { name: organisationName, slug: 'demo-borough-synthetic' },
    board: {
      name: boardName,
      kind: 'improvement_board',
      chair: 'Independent Chair (synthetic)',
      independentChair: true,
    },
    meeting: {
      title: 'Improvement Board meeting',
      date: '2026-12-14',
      location: 'Committee Room 1 (synthetic)',
    },
    sections: [...PACK_SECTIONS],
    narrative: {
      ...defaultNarrative({
        boardName,
        organisationName,
        asAt,
        leadOfficer: 'Director of Children’s Services (synthetic)',
      }),
      executiveSummary:
        'Two actions are red and one is amber (synthetic).\n\nThe board is asked to challenge the recruitment of the edge-of-care team (synthetic).',
      strategicAims: 'The plan supports the council’s aim that children grow up safe and well (synthetic).',
      financialImplications: 'The edge-of-care team is funded from the improvement reserve (synthetic).',
    },
    plan: {
      title: 'Children’s services improvement plan (synthetic)',
      versionNumber: 3,
      status: 'approved',
      startDate: '2026-04-01',
      endDate: '2027-03-31',
      summary: summarise(ACTIONS, rescheduledRefs),
      outcomes: [
        outcome('O1', 'Children get the right help at the right time (synthetic)', [
          { ref: 'C1.1', title: 'A clear and shared front door (synthetic)', recs: [1] },
          { ref: 'C1.2', title: 'Missing children are seen and heard (synthetic)', recs: [2] },
        ]),
        outcome('O2', 'Practice is consistently good (synthetic)', [
          { ref: 'C2.1', title: 'Standards, supervision and leadership (synthetic)', recs: [2] },
        ]),
        outcome('O3', 'Fewer children come into care in crisis (synthetic)', [
          { ref: 'C3.1', title: 'Edge-of-care support (synthetic)', recs: [] },
        ]),
      ],
      actions: ACTIONS,
      exceptionRefs: ['A3.1.1', 'A1.1.1', 'A1.1.2'],
      rescheduled: RESCHEDULED,
      openChallenges: [
        {
          subject: 'A3.1.1',
          question: 'What is the contingency if the second recruitment round also fails? (synthetic)',
          raisedBy: 'Board member C (synthetic)',
          raisedOn: '2026-11-02',
          status: 'open',
          response: null,
        },
      ],
      coverage: [
        {
          number: 1,
          text: 'Improve the consistency of thresholds at the front door (synthetic).',
          commitmentRefs: ['C1.1'],
        },
        {
          number: 2,
          text: 'Strengthen management oversight and supervision (synthetic).',
          commitmentRefs: ['C1.2', 'C2.1'],
        },
        { number: 3, text: 'Improve the sufficiency of placements (synthetic).', commitmentRefs: [] },
      ],
    },
    indicators: {
      periods: PERIODS,
      rows: [
        {
          code: 'CIN1',
          name: 'Re-referrals within 12 months (synthetic)',
          unit: '%',
          category: 'front_door',
          isKey: true,
          polarity: 'lower_is_better',
          latestPeriod: 'Nov 2026',
          latestValue: 21.5,
          latestText: '21.5%',
          targetText: '18%',
          baselineText: '26%',
          rag: 'amber',
          sincePrevious: 'better',
          sincePreviousText: 'Better than last month (22.4%)',
          values: series(['25.0%', '24.1%', '23.8%', '23.0%', '22.4%', '21.5%']),
        },
        {
          code: 'CP2',
          name: 'Child protection visits in timescale (synthetic)',
          unit: '%',
          category: 'child_protection',
          isKey: true,
          polarity: 'higher_is_better',
          latestPeriod: 'Nov 2026',
          latestValue: 78,
          latestText: '78%',
          targetText: '90%',
          baselineText: '70%',
          rag: 'red',
          sincePrevious: 'worse',
          sincePreviousText: 'Worse than last month (81%)',
          values: series(['72%', '75%', '80%', '83%', '81%', '78%']),
        },
        {
          code: 'LAC3',
          name: 'Children in care with an up-to-date plan (synthetic)',
          unit: '%',
          category: 'children_in_care',
          isKey: false,
          polarity: 'higher_is_better',
          latestPeriod: 'Nov 2026',
          latestValue: 96,
          latestText: '96%',
          targetText: '95%',
          baselineText: '88%',
          rag: 'green',
          sincePrevious: 'same',
          sincePreviousText: 'Same as last month',
          values: series(['90%', '92%', '94%', '95%', '96%', '96%']),
        },
        {
          code: 'EH4',
          name: 'Early help assessments completed (synthetic)',
          unit: 'count',
          category: 'early_help',
          isKey: false,
          polarity: 'higher_is_better',
          latestPeriod: null,
          latestValue: null,
          latestText: 'No data',
          targetText: null,
          baselineText: null,
          rag: null,
          sincePrevious: null,
          sincePreviousText: 'No previous figure',
          values: series(['', '', '', '', '', '']),
        },
        {
          code: 'WF1',
          name: 'Average caseload per social worker (synthetic)',
          unit: 'count',
          category: 'workforce',
          isKey: false,
          polarity: 'lower_is_better',
          latestPeriod: 'Nov 2026',
          latestValue: 19,
          latestText: '19',
          targetText: '18',
          baselineText: '24',
          rag: 'amber',
          sincePrevious: 'better',
          sincePreviousText: 'Better than last month (20)',
          values: series(['24', '23', '22', '21', '20', '19']),
        },
        {
          code: 'WF2',
          name: 'Agency social workers (synthetic)',
          unit: '%',
          category: 'workforce',
          isKey: false,
          polarity: 'lower_is_better',
          latestPeriod: 'Nov 2026',
          latestValue: 22,
          latestText: '22%',
          targetText: '15%',
          baselineText: '30%',
          rag: 'red',
          sincePrevious: 'worse',
          sincePreviousText: 'Worse than last month (21%)',
          values: series(['30%', '28%', '25%', '21%', '21%', '22%']),
        },
      ],
      keyCharts: [
        {
          code: 'CIN1',
          name: 'Re-referrals within 12 months (synthetic)',
          svg: SVG('Re-referrals within 12 months, falling from 25% to 21.5%'),
          summary: 'Falling from 25.0% in June 2026 to 21.5% in November 2026 (synthetic).',
        },
        {
          code: 'CP2',
          name: 'Child protection visits in timescale (synthetic)',
          svg: SVG('Child protection visits in timescale, 72% to 78%'),
          summary: 'Rising from 72% in June 2026 to a peak of 83% in September, then 78% (synthetic).',
        },
      ],
      workforce: {
        codes: ['WF1', 'WF2'],
        teams: [
          { team: 'Assessment team (synthetic)', values: ['21', '30%'] },
          { team: 'Children in care team (synthetic)', values: ['17', '12%'] },
        ],
      },
    },
    quality: {
      from: '2026-06-01',
      to: '2026-11-30',
      baselineMonth: '2026-06',
      months: [
        {
          month: '2026-06',
          total: 20,
          outstanding: 0,
          good: 6,
          requiresImprovement: 9,
          inadequate: 5,
          pctGoodOrBetter: 30,
        },
        {
          month: '2026-07',
          total: 22,
          outstanding: 1,
          good: 7,
          requiresImprovement: 10,
          inadequate: 4,
          pctGoodOrBetter: 36.4,
        },
        {
          month: '2026-08',
          total: 18,
          outstanding: 0,
          good: 8,
          requiresImprovement: 7,
          inadequate: 3,
          pctGoodOrBetter: 44.4,
        },
        {
          month: '2026-09',
          total: 24,
          outstanding: 1,
          good: 11,
          requiresImprovement: 9,
          inadequate: 3,
          pctGoodOrBetter: 50,
        },
        {
          month: '2026-10',
          total: 25,
          outstanding: 2,
          good: 12,
          requiresImprovement: 9,
          inadequate: 2,
          pctGoodOrBetter: 56,
        },
        {
          month: '2026-11',
          total: 0,
          outstanding: 0,
          good: 0,
          requiresImprovement: 0,
          inadequate: 0,
          pctGoodOrBetter: null,
        },
      ],
      chartSvg: SVG('Audits graded good or better, June to October 2026'),
      agreementRate: 82.5,
      moderated: 40,
      themes: [
        { theme: 'Management oversight (synthetic)', count: 14 },
        { theme: 'Voice of the child (synthetic)', count: 9 },
        { theme: 'Chronologies (synthetic)', count: 4 },
      ],
    },
    ofsted: {
      events: [
        {
          kind: 'ilacs',
          title: 'Inspection of local authority children’s services (synthetic)',
          date: '2026-03-20',
          overall: 'Inadequate',
          judgements: [
            {
              area: 'The impact of leaders on social work practice with children and families',
              grade: 'Inadequate',
            },
            {
              area: 'The experiences and progress of children who need help and protection',
              grade: 'Inadequate',
            },
            {
              area: 'The experiences and progress of children in care',
              grade: 'Requires improvement to be good',
            },
            {
              area: 'The experiences and progress of care leavers',
              grade: 'Requires improvement to be good',
            },
          ],
        },
        {
          kind: 'monitoring_visit',
          title: 'Monitoring visit: the front door (synthetic)',
          date: '2026-09-10',
          overall: null,
          judgements: [],
          findings: [
            { area: 'Thresholds at the front door (synthetic)', priority: true, recommendationNumbers: [1] },
            {
              area: 'Management oversight of contacts (synthetic)',
              priority: false,
              recommendationNumbers: [],
            },
          ],
        },
      ],
      interventions: [{ kind: 'Statutory direction (synthetic)', startedOn: '2026-05-01', liftedOn: null }],
    },
    meetingActions: [
      {
        meeting: 'Improvement Board meeting',
        meetingDate: '2026-09-14',
        description: 'Bring a recruitment contingency plan for the edge-of-care team (synthetic)',
        owner: 'Head of Service B (synthetic)',
        dueDate: '2026-10-31',
        status: 'open',
        overdue: true,
      },
      {
        meeting: 'Improvement Board meeting',
        meetingDate: '2026-10-12',
        description: 'Circulate the threshold document draft to board members (synthetic)',
        owner: 'Head of Service A (synthetic)',
        dueDate: '2026-12-10',
        status: 'open',
        overdue: false,
      },
      {
        meeting: 'Improvement Board meeting',
        meetingDate: '2026-10-12',
        description: 'Share the supervision audit findings (synthetic)',
        owner: 'Principal Social Worker (synthetic)',
        dueDate: '2026-11-09',
        status: 'done',
        overdue: false,
      },
    ],
    forwardPlan: [
      {
        title: 'Deep dive: children missing from home (synthetic)',
        dueDate: '2026-11-16',
        meeting: 'Improvement Board meeting',
        status: 'planned',
        overdue: true,
      },
      {
        title: 'Workforce strategy refresh (synthetic)',
        dueDate: '2027-01-18',
        meeting: null,
        status: 'scheduled',
        overdue: false,
      },
    ],
  };
}
