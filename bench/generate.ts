// Synthetic data at scale for benchmarks and the index test: `large` is one big council, `national`
// is 153 councils of typical size on one database. Multi-row inserts through the feature
// repositories, one transaction per organisation and feature; every name and text says it is
// synthetic. The DfE's published statistics (real, national, shared) are imported once when
// ../shared/reference-data is there, so indicator pages show real benchmarks.
import fs from 'node:fs';
import path from 'node:path';
import type { Services } from '../src/services.js';
import { SYSTEM_ACTOR } from '../src/platform/audit/service.js';
import { inTransaction } from '../src/db/tx.js';
import { qualityRepository } from '../src/features/quality/repository.js';
import { DEFAULT_TEMPLATE } from '../src/features/quality/service.js';
import type { AuditGrade } from '../src/features/quality/schema.js';
import { planRepository } from '../src/features/plan/repository.js';
import type { PlanAction } from '../src/features/plan/schema.js';
import { addDays, type DeliveryStatus, type Rag } from '../src/features/plan/rules/rules.js';
import { londonDay } from '../src/features/plan/derive.js';
import { indicatorRepository } from '../src/features/indicators/repository.js';
import {
  CATALOGUE,
  type IndicatorCategory,
  type IndicatorUnit,
} from '../src/features/indicators/catalogue.js';
import { syntheticSeries } from '../src/features/indicators/rules.js';
import { governanceRepository } from '../src/features/governance/repository.js';
import { addMonths, DEFAULT_STANDING_ITEMS } from '../src/features/governance/service.js';

export type Scale = 'large' | 'national';

export interface ScaleSpec {
  organisations: number;
  outcomes: number;
  commitments: number;
  actionsPerOrganisation: number;
  updatesPerOrganisation: number;
  indicatorsPerOrganisation: number;
  months: number;
  auditsPerOrganisation: number;
  meetingsPerOrganisation: number;
}

/**
 * Issue 9's two datasets. The national council is "typical": its progress updates and meetings
 * are scaled from the large council's (about 6.7 updates an action; a year of monthly meetings).
 */
export const SCALES: Record<Scale, ScaleSpec> = {
  large: {
    organisations: 1,
    outcomes: 10,
    commitments: 60,
    actionsPerOrganisation: 600,
    updatesPerOrganisation: 4_000,
    indicatorsPerOrganisation: 150,
    months: 60,
    auditsPerOrganisation: 25_000,
    meetingsPerOrganisation: 60,
  },
  national: {
    organisations: 153,
    outcomes: 8,
    commitments: 24,
    actionsPerOrganisation: 200,
    updatesPerOrganisation: 1_300,
    indicatorsPerOrganisation: 60,
    months: 36,
    auditsPerOrganisation: 5_000,
    meetingsPerOrganisation: 12,
  },
};

export const BENCH_PASSWORD = 'bench-only synthetic passphrase';
/** The indicator page the benchmark and the index test read: a key indicator with DfE benchmarks. */
export const BENCH_INDICATOR = 'RE_REFERRALS';

export const REFERENCE_DATA = path.resolve(import.meta.dirname, '../../shared/reference-data');
export const DFE_FILES = [
  'c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv',
  'b1_children_in_need_2013_to_2025.csv',
  'csww_indicators_2017_to_2025.csv',
];

export interface GenerateOptions {
  /** Fewer organisations than the scale says: for smoke runs only. */
  organisations?: number;
  /** Issue an earlier pack for the first organisation, so the draft pack shows what changed (default true). */
  issuedPack?: boolean;
  /** Import the DfE files from ../shared/reference-data when present (default true). */
  dfe?: boolean;
}

export interface Generated {
  /** The organisation the benchmark measures (the first one), signed in as its admin. */
  slug: string;
  adminEmail: string;
  adminUserId: string;
  organisationId: string;
  /** A draft board pack of the first organisation, for the pack preview page. */
  packId: string;
  indicatorCode: string;
  /** Seconds spent in each step, over all organisations. */
  steps: Record<string, number>;
  rows: Record<string, number>;
}

const GRADES: AuditGrade[] = ['outstanding', 'good', 'requires_improvement', 'inadequate'];
const THEMES = [
  'Management oversight',
  'Voice of the child',
  'Timeliness of assessments',
  'Chronologies',
  'Multi-agency working',
  'SMART plans',
  'Drift and delay',
  'Recording for the child',
  'Quality of supervision',
  'Risk analysis',
  'Life-story work',
  'Contingency planning',
];
const TOPICS = [
  'supervision',
  'front door thresholds',
  'assessment practice',
  'strategy meetings',
  'child protection planning',
  "recording the child's voice",
  'the missing children protocol',
  'placement sufficiency',
  'pathway planning',
  'recruitment and retention',
];
const ACTION_PATTERNS = [
  (t: string) => `Agree and publish the practice standard for ${t}`,
  (t: string) => `Train every social worker and manager in ${t}`,
  (t: string) => `Audit ${t} monthly and report findings to the board`,
  (t: string) => `Build ${t} into supervision and team meetings`,
  (t: string) => `Review ${t} with partners and agree the changes needed`,
];
const NARRATIVES = [
  'Synthetic benchmark update: sessions held with all teams this period; attendance was 87%.',
  'Synthetic benchmark update: the draft standard was shared with team managers and partners.',
  'Synthetic benchmark update: progress slower than planned; interim cover is now in place.',
  'Synthetic benchmark update: monthly audit showed improvement in 6 of 10 cases reviewed.',
  'Synthetic benchmark update: partners agreed the revised approach; the first joint review is booked.',
];
const UNITS: IndicatorUnit[] = ['percent', 'count', 'rate_per_10000', 'days', 'percent', 'ratio'];
const CATEGORIES: IndicatorCategory[] = [
  'help_and_protection',
  'children_in_care',
  'care_leavers',
  'workforce',
];

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function monthOf(date: string, offset: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + offset, 1)).toISOString().slice(0, 7);
}

/** Real DfE LA numbers with their statistical neighbours, so synthetic councils line up with real benchmarks. */
function neighbourGroups(): { laNumber: number; region: string; neighbours: number[] }[] {
  const file = path.join(REFERENCE_DATA, 'New_Statistical_Neighbour_Groupings_April_2021.csv');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(','))
    .filter((cells) => /^\d{3}$/.test(cells[0] ?? ''))
    .map((cells) => ({
      laNumber: Number(cells[0]),
      region: cells[4] ?? '',
      neighbours: [5, 7, 9, 11, 13, 15, 17, 19, 21, 23]
        .map((i) => Number(cells[i]))
        .filter((n) => Number.isInteger(n) && n >= 100 && n <= 999),
    }));
}

export async function generate(
  services: Services,
  scale: Scale,
  log: (line: string) => void,
  options: GenerateOptions = {},
): Promise<Generated> {
  const db = services.database.db;
  const quality = qualityRepository();
  const planRepo = planRepository();
  const indicatorRepo = indicatorRepository();
  const governanceRepo = governanceRepository();
  const spec = SCALES[scale];
  const organisations = Math.min(spec.organisations, options.organisations ?? spec.organisations);
  const today = londonDay(new Date());
  const thisMonth = today.slice(0, 7);
  const lastMonth = monthOf(today, -1);
  const steps: Record<string, number> = {};
  const rows: Record<string, number> = {};
  const count = (key: string, n: number) => (rows[key] = (rows[key] ?? 0) + n);
  async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      steps[name] = (steps[name] ?? 0) + (performance.now() - started) / 1000;
    }
  }

  if (options.dfe !== false)
    await step('dfe statistics', async () => {
      for (const name of DFE_FILES) {
        const file = path.join(REFERENCE_DATA, name);
        if (!fs.existsSync(file)) continue;
        const result = await services.indicators.importDfeStatistics(
          SYSTEM_ACTOR,
          fs.readFileSync(file, 'utf8'),
          name,
        );
        count('dfe figures', result.figures);
      }
    });

  const groups = neighbourGroups();
  // The large council is Kent-sized: give it Kent's number and neighbours when the file is there.
  if (scale === 'large') groups.sort((a, b) => (b.laNumber === 886 ? 1 : 0) - (a.laNumber === 886 ? 1 : 0));
  let first: Omit<Generated, 'steps' | 'rows'> | null = null;
  for (let o = 0; o < organisations; o++) {
    const random = mulberry32(9_000 + o);
    const slug = `bench${o + 1}`;
    const domain = `${slug}.bench.example`;
    const group = groups[o % Math.max(1, groups.length)];
    const { org, admin, leads } = await step('organisations and people', async () => {
      const org = await services.organisations.create(SYSTEM_ACTOR, {
        slug,
        name: `Synthetic Bench Council ${o + 1}`,
        laNumber: group?.laNumber ?? null,
        region: group?.region ?? null,
        statisticalNeighbours: group?.neighbours ?? [],
      });
      const { user: admin } = await services.users.addMember(SYSTEM_ACTOR, {
        email: `admin@${domain}`,
        displayName: 'Bench Admin (synthetic)',
        organisationId: org.id,
        role: 'admin',
        password: o === 0 ? BENCH_PASSWORD : null,
      });
      const leads: string[] = [];
      for (let l = 0; l < 8; l++) {
        const email = `lead${l + 1}@${domain}`;
        await services.users.addMember(SYSTEM_ACTOR, {
          email,
          displayName: `Synthetic Lead ${l + 1}`,
          organisationId: org.id,
          role: l === 0 ? 'improvement_lead' : 'action_lead',
          password: null,
        });
        leads.push(email);
      }
      return { org, admin, leads };
    });

    // ---- Quality assurance: teams, case audits, a moderated sample ----
    const teams = await step('case audits', () =>
      inTransaction(db, org.id, async (tx) => {
        const template = await quality.insertTemplate(tx, {
          organisationId: org.id,
          versionNumber: 1,
          isCurrent: true,
          ...DEFAULT_TEMPLATE,
        });
        const areas = ['front_door', 'assessment', 'child_protection', 'children_in_care', 'care_leavers'];
        const teams = [];
        for (let t = 0; t < 8; t++)
          teams.push(
            await quality.insertTeam(tx, {
              organisationId: org.id,
              name: `Synthetic Team ${t + 1}`,
              serviceArea: areas[t % areas.length]!,
            }),
          );
        const batch = [];
        const moderationRows = [];
        for (let i = 0; i < spec.auditsPerOrganisation; i++) {
          const monthsAgo = i % 60;
          const d = new Date(`${today}T00:00:00Z`);
          d.setUTCDate(1);
          d.setUTCMonth(d.getUTCMonth() - monthsAgo);
          d.setUTCDate(1 + (i % 27));
          const auditedOn = [d.toISOString().slice(0, 10), today].sort()[0]!;
          const grade = GRADES[(i * 7 + monthsAgo) % 4]!;
          batch.push({
            organisationId: org.id,
            caseReference: `BENCH-${String(i).padStart(7, '0')}`,
            teamId: teams[i % teams.length]!.id,
            auditorId: admin.id,
            auditedOn,
            auditType: 'monthly' as const,
            templateId: template.id,
            domainGrades: Object.fromEntries(DEFAULT_TEMPLATE.domains.map((dm) => [dm.key, grade])),
            overallGrade: grade,
            overallRationale: 'Synthetic benchmark audit',
            learningThemes: [THEMES[i % THEMES.length]!],
          });
          if (batch.length === 1000) {
            const inserted = await quality.insertAudits(tx, batch.splice(0));
            // One audit in twenty moderated; the moderator disagrees with one in five of those.
            for (const [k, a] of inserted.entries())
              if (k % 20 === 0)
                moderationRows.push({
                  organisationId: org.id,
                  auditId: a.id,
                  sampleMonth: a.auditedOn.slice(0, 7),
                  sampleSeed: 'synthetic-bench',
                  moderatorId: admin.id,
                  agreed: k % 100 !== 0,
                  moderatedGrade:
                    k % 100 !== 0 ? a.overallGrade : GRADES[(GRADES.indexOf(a.overallGrade) + 1) % 4]!,
                  notes: 'Synthetic benchmark moderation',
                  completedAt: new Date(`${a.auditedOn}T12:00:00Z`),
                });
          }
        }
        await quality.insertAudits(tx, batch);
        for (let i = 0; i < moderationRows.length; i += 1000)
          await quality.insertModerationRows(tx, moderationRows.slice(i, i + 1000));
        count('case audits', spec.auditsPerOrganisation);
        count('moderations', moderationRows.length);
        return teams;
      }),
    );

    // ---- The improvement plan: an approved live version with its running record ----
    await step('plan', async () => {
      const start = addDays(today, -540);
      const plan = await inTransaction(db, org.id, async (tx) => {
        const plan = await planRepo.insertPlan(tx, {
          organisationId: org.id,
          versionNumber: 1,
          status: 'approved',
          title: 'Improving Children’s Services Plan (synthetic benchmark)',
          vision: 'Synthetic benchmark plan: every child is safe, heard and has a stable, loving home.',
          startDate: start,
          endDate: addDays(start, 1095),
          approvedOn: addDays(start, 30),
          approvedBy: 'Cabinet',
          approvalMeeting: `Cabinet, ${addDays(start, 30)}`,
          approvalRecordedBy: admin.id,
        });
        const outcomes = await planRepo.insertOutcomes(
          tx,
          Array.from({ length: spec.outcomes }, (_, i) => ({
            organisationId: org.id,
            planId: plan.id,
            ref: String(i + 1),
            title: `Synthetic outcome ${i + 1}: children get the right help at the right time`,
            description: 'Synthetic benchmark outcome.',
            position: i + 1,
          })),
        );
        const commitments = await planRepo.insertCommitments(
          tx,
          Array.from({ length: spec.commitments }, (_, i) => {
            const outcome = outcomes[i % outcomes.length]!;
            const n = Math.floor(i / outcomes.length) + 1;
            const topic = TOPICS[i % TOPICS.length]!;
            return {
              organisationId: org.id,
              planId: plan.id,
              outcomeId: outcome.id,
              ref: `${outcome.ref}.${n}`,
              title: `Synthetic commitment: ${topic} that makes a difference for children`,
              successMeasures: [
                `Audits show ${topic} is good or better in at least 70% of cases reviewed`,
                `Children and families tell us ${topic} has made a difference`,
              ],
              position: i + 1,
            };
          }),
        );
        const actionRows = [];
        for (let i = 0; i < spec.actionsPerOrganisation; i++) {
          const commitment = commitments[i % commitments.length]!;
          const n = Math.floor(i / commitments.length) + 1;
          const topic = TOPICS[i % TOPICS.length]!;
          const title = ACTION_PATTERNS[n % ACTION_PATTERNS.length]!(topic);
          const original = addDays(start, 60 + Math.floor(random() * 900));
          const slipped = i % 6 === 2;
          const current = slipped ? addDays(original, 35 + (i % 50)) : original;
          const late = current < today;
          const r = random();
          let status: DeliveryStatus;
          if (i % 97 === 13) status = 'cancelled';
          else if (late) status = r < 0.45 ? 'embedded' : r < 0.75 ? 'complete' : 'in_progress';
          else status = r < 0.3 ? 'not_started' : r < 0.9 ? 'in_progress' : 'complete';
          const completedOn =
            status === 'complete' || status === 'embedded'
              ? [addDays(current, -Math.floor(random() * 20)), today].sort()[0]!
              : null;
          const signedOff = status === 'embedded' && completedOn ? addDays(completedOn, 30) : null;
          if (status === 'embedded' && (!signedOff || signedOff > today)) status = 'complete';
          // About one action in twenty has its RAG set by hand, with the reason on record.
          const override: Rag | null =
            i % 20 === 7 && status !== 'cancelled' ? (['red', 'amber', 'green'] as const)[i % 3]! : null;
          actionRows.push({
            organisationId: org.id,
            planId: plan.id,
            commitmentId: commitment.id,
            ref: `${commitment.ref}.${n}`,
            title,
            description: `Synthetic benchmark action: ${title.toLowerCase()}, so that “${commitment.title}” is met.`,
            leadEmail: leads[i % leads.length]!,
            originalTargetDate: original,
            currentTargetDate: current,
            deliveryStatus: status,
            ragOverride: override,
            ragOverrideReason: override
              ? 'Synthetic benchmark override: the lead explained the position.'
              : null,
            evidenceLinks: completedOn ? [`https://intranet.${domain}/evidence/${commitment.ref}.${n}`] : [],
            completedOn,
            embeddingEvidence:
              status === 'embedded' ? 'Synthetic: two audits show the practice embedded.' : null,
            embeddingSignedOffBy: status === 'embedded' ? admin.id : null,
            embeddingSignedOffAt:
              status === 'embedded' && signedOff ? new Date(`${signedOff}T10:00:00Z`) : null,
            statusReason: status === 'cancelled' ? 'Synthetic: superseded by a regional programme.' : null,
            learningThemes: i % 10 === 0 ? [THEMES[i % THEMES.length]!] : [],
            position: i + 1,
          });
        }
        const actions = await planRepo.insertActions(tx, actionRows);
        await planRepo.insertDateChanges(
          tx,
          actions.flatMap((a: PlanAction, i) =>
            a.originalTargetDate !== a.currentTargetDate
              ? [
                  {
                    organisationId: org.id,
                    actionLineageId: a.lineageId,
                    oldDate: a.originalTargetDate,
                    newDate: a.currentTargetDate,
                    reason:
                      'Synthetic benchmark: partners asked for more time; the board agreed the new date.',
                    status: i % 30 === 2 ? ('pending' as const) : ('approved' as const),
                    requestedBy: admin.id,
                    requestedAt: new Date(
                      `${[addDays(a.originalTargetDate, -14), today].sort()[0]}T10:00:00Z`,
                    ),
                    decidedBy: i % 30 === 2 ? null : admin.id,
                    decidedAt:
                      i % 30 === 2
                        ? null
                        : new Date(`${[addDays(a.originalTargetDate, -10), today].sort()[0]}T10:00:00Z`),
                  },
                ]
              : [],
          ),
        );
        // Progress updates every six weeks, newest first, on the actions that are under way or done.
        const reporting = actions.filter(
          (a) => a.deliveryStatus !== 'not_started' && a.deliveryStatus !== 'cancelled',
        );
        const updates = [];
        for (let k = 0; k < spec.updatesPerOrganisation && reporting.length; k++) {
          const a = reporting[k % reporting.length]!;
          const round = Math.floor(k / reporting.length);
          const submitted = [addDays(today, -(round * 42 + (k % 35))), today].sort()[0]!;
          const pending = round === 0 && k % 7 === 3;
          const returned = round === 0 && k % 13 === 5;
          updates.push({
            organisationId: org.id,
            actionLineageId: a.lineageId,
            authorId: admin.id,
            narrative: NARRATIVES[k % NARRATIVES.length]!,
            proposedRag: (k % 9 === 0 ? 'red' : k % 4 === 0 ? 'amber' : 'green') as Rag,
            submittedAt: new Date(`${submitted}T${String(9 + (k % 8)).padStart(2, '0')}:00:00Z`),
            status: pending
              ? ('submitted' as const)
              : returned
                ? ('returned' as const)
                : ('accepted' as const),
            reviewedBy: pending ? null : admin.id,
            reviewedAt: pending ? null : new Date(`${submitted}T17:00:00Z`),
          });
        }
        await planRepo.insertUpdates(tx, updates);
        for (const [k, a] of actions.filter((_, i) => i % 60 === 5).entries())
          await planRepo.insertChallenge(tx, {
            organisationId: org.id,
            subjectType: 'action',
            subjectLineageId: a.lineageId,
            subjectLabel: `Action ${a.ref}: ${a.title}`,
            question: 'Synthetic benchmark challenge: what has changed for children as a result?',
            raisedBy: admin.id,
            status: k % 2 ? 'answered' : 'open',
          });
        count('plan actions', actions.length);
        count('progress updates', updates.length);
        return plan;
      });
      // Approval keeps what the plan said: the snapshot is taken from the committed version, as approve() does.
      const snapshot = await services.plan.snapshot(org.id, plan);
      await inTransaction(db, org.id, (tx) =>
        planRepo.updatePlan(tx, org.id, plan.id, plan.version, { approvedSnapshot: snapshot }),
      );
    });

    // ---- Performance: the catalogue, the council's own indicators, targets and monthly values ----
    await step('indicators', async () => {
      const catalogue = await services.indicators.ensureCatalogue(org.id);
      await inTransaction(db, org.id, async (tx) => {
        const custom = spec.indicatorsPerOrganisation - catalogue.length;
        await indicatorRepo.insertIndicators(
          tx,
          Array.from({ length: Math.max(0, custom) }, (_, i) => ({
            organisationId: org.id,
            code: `CUSTOM_BENCH_${String(i + 1).padStart(3, '0')}`,
            name: `Synthetic local indicator ${i + 1}`,
            definition: 'Synthetic benchmark indicator: a local measure of the council’s own.',
            unit: UNITS[i % UNITS.length]!,
            polarity: i % 3 === 0 ? ('lower_is_better' as const) : ('higher_is_better' as const),
            frequency: 'monthly' as const,
            source: 'manual' as const,
            category: CATEGORIES[i % CATEGORIES.length]!,
            isCustom: true,
            isKey: i < 4,
            position: 1000 + i,
          })),
        );
        const list = await indicatorRepo.indicators(tx, org.id);
        const observations = [];
        const targets = [];
        for (const [n, indicator] of list.entries()) {
          const typical = CATALOGUE.find((c) => c.code === indicator.code)?.typical ?? {
            poorCouncil: indicator.unit === 'percent' ? 40 : 120,
            goodCouncil: indicator.unit === 'percent' ? 75 : 80,
          };
          const noise = Math.max(0.2, Math.abs(typical.poorCouncil - typical.goodCouncil) * 0.06);
          const series = syntheticSeries({
            seed: 1000 + o * 1000 + n,
            months: spec.months,
            endMonth: lastMonth,
            start: typical.poorCouncil,
            end: typical.poorCouncil + (typical.goodCouncil - typical.poorCouncil) * 0.6,
            noise,
            unit: indicator.unit,
          });
          for (const p of series)
            observations.push({
              organisationId: org.id,
              indicatorId: indicator.id,
              period: p.period,
              value: p.value,
            });
          if (indicator.byTeam)
            for (const [t, team] of teams.entries())
              for (const p of series.slice(-12))
                observations.push({
                  organisationId: org.id,
                  indicatorId: indicator.id,
                  teamKey: team.id,
                  period: p.period,
                  value: Math.min(
                    indicator.unit === 'percent' ? 100 : Infinity,
                    Math.max(0, Math.round((p.value + (t - 4) * noise) * 10) / 10),
                  ),
                });
          const target = typical.goodCouncil + (typical.poorCouncil - typical.goodCouncil) * 0.3;
          targets.push({
            organisationId: org.id,
            indicatorId: indicator.id,
            fromPeriod: series[0]!.period,
            target: indicator.unit === 'count' ? Math.round(target) : Math.round(target * 10) / 10,
            tolerance: indicator.unit === 'percent' ? 2 : Math.max(0.5, Math.round(noise * 10) / 10),
            baseline: series[0]!.value,
            baselinePeriod: series[0]!.period,
            setBy: admin.id,
          });
        }
        await indicatorRepo.insertTargets(tx, targets);
        await indicatorRepo.insertObservations(tx, observations);
        count('indicators', list.length);
        count('observations', observations.length);
      });
    });

    // ---- Governance: an improvement board meeting monthly, with agendas and actions ----
    const packId = await step('meetings', async () => {
      const caller = { actor: { ...SYSTEM_ACTOR, label: 'bench generator' }, userId: admin.id };
      const board = await services.governance.createBoard(caller, org.id, {
        name: 'Synthetic Improvement Board',
        kind: 'improvement_board',
        description: 'Synthetic benchmark board: oversees the improvement plan monthly.',
      });
      const meetings = await inTransaction(db, org.id, async (tx) => {
        for (const [m, name] of [
          'Chair',
          'Lead member',
          'DfE adviser',
          'Police partner',
          'Health partner',
        ].entries())
          await governanceRepo.insertMember(tx, {
            organisationId: org.id,
            boardId: board.id,
            name: `${name} (synthetic)`,
            role: name,
            isChair: m === 0,
            isIndependent: m === 0 || m === 2,
          });
        // Monthly on the 12th, up to next month: those still to come are scheduled, the rest held.
        const meetings = await governanceRepo.insertMeetings(
          tx,
          Array.from({ length: spec.meetingsPerOrganisation }, (_, i) => {
            const offset = i - spec.meetingsPerOrganisation + 2;
            const meetingDate = `${monthOf(today, offset)}-12`;
            return {
              organisationId: org.id,
              boardId: board.id,
              meetingDate,
              location: 'Committee Room 1 (synthetic)',
              status: meetingDate > today ? ('scheduled' as const) : ('held' as const),
              minutes:
                meetingDate > today
                  ? ''
                  : 'Synthetic benchmark minutes: the board received the progress report.',
            };
          }),
        );
        await governanceRepo.insertAgendaItems(
          tx,
          meetings.flatMap((m) =>
            DEFAULT_STANDING_ITEMS.map((title, i) => ({
              organisationId: org.id,
              meetingId: m.id,
              position: i + 1,
              title,
              standing: true,
            })),
          ),
        );
        const actionRows = meetings.flatMap((m, i) =>
          [1, 2, 3].map((k) => {
            const due = addMonths(m.meetingDate, k);
            const done = due < addDays(today, -60) || (k === 1 && due < today && i % 2 === 0);
            return {
              organisationId: org.id,
              meetingId: m.id,
              description: `Synthetic meeting action ${k}: bring the follow-up report to the board.`,
              ownerName: `Synthetic Lead ${1 + ((i + k) % 8)}`,
              ownerEmail: leads[(i + k) % leads.length]!,
              dueDate: due,
              status: done ? ('done' as const) : ('open' as const),
              completedOn: done ? [addDays(due, -3), today].sort()[0]! : null,
            };
          }),
        );
        await governanceRepo.insertMeetingActions(tx, actionRows);
        await governanceRepo.insertForwardPlanItem(tx, {
          organisationId: org.id,
          boardId: board.id,
          title: 'Synthetic: annual self-evaluation',
          dueDate: addMonths(today, 2),
        });
        count('meetings', meetings.length);
        count('meeting actions', actionRows.length);
        return meetings;
      });
      const held = meetings.filter((m) => m.status === 'held');
      const next = meetings.find((m) => m.status === 'scheduled') ?? meetings.at(-1)!;
      if (o === 0 && options.issuedPack !== false && held.length) {
        // The last meeting's pack, issued: the draft pack then shows what changed since it.
        const last = await services.governance.preparePack(caller, org, held.at(-1)!.id);
        await services.governance.issuePack(caller, org, last.id, last.version, { printPdf: false });
      }
      return (await services.governance.preparePack(caller, org, next.id)).id;
    });

    first ??= {
      slug,
      adminEmail: admin.email,
      adminUserId: admin.id,
      organisationId: org.id,
      packId,
      indicatorCode: BENCH_INDICATOR,
    };
    if ((o + 1) % 10 === 0 || o === organisations - 1)
      log(`  ${o + 1}/${organisations} organisations generated (${thisMonth})`);
  }
  for (const key of Object.keys(steps)) steps[key] = Math.round(steps[key]! * 10) / 10;
  return { ...first!, steps, rows };
}
