// Demo data for quality assurance: 8 teams and 18 months of synthetic case audits (about 60 a month)
// improving from a December baseline, with moderation samples and Check & Challenge sessions.
import { inTransaction } from '../../db/tx.js';
import type { DemoSeeder } from '../../db/seed/demo.js';
import { SYSTEM_ACTOR } from '../../platform/audit/service.js';
import { qualityRepository } from './repository.js';
import { DEFAULT_TEMPLATE } from './service.js';
import type { AuditGrade, AuditType, CaseAudit, Team } from './schema.js';
import { seededSample } from './rules.js';

const TEAMS: [string, string][] = [
  ['Front Door (MASH)', 'front_door'],
  ['Assessment Team 1', 'assessment'],
  ['Assessment Team 2', 'assessment'],
  ['Child Protection North', 'child_protection'],
  ['Child Protection South', 'child_protection'],
  ['Children in Care', 'children_in_care'],
  ['Disabled Children', 'children_in_care'],
  ['Care Leavers (Leaving Care)', 'care_leavers'],
];

const THEMES = [
  'Voice of the child',
  'Management oversight',
  'Quality of supervision',
  'Timeliness of assessments',
  'Chronologies',
  'SMART plans',
  'Multi-agency working',
  'Recording for the child',
  'Drift and delay',
  'Contingency planning',
];

/** A small deterministic generator, so the demo is the same every time it is seeded. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function demoMonths(now = new Date()): string[] {
  const months: string[] = [];
  for (let i = 17; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  return months;
}

export const seedQualityDemo: DemoSeeder = async (services, { organisationId, userIds }) => {
  const repo = qualityRepository();
  const db = services.database.db;
  const random = lcg(20261123);
  const months = demoMonths();
  const baseline = months.find((m) => m.endsWith('-12')) ?? months[0]!;
  const baselineIndex = months.indexOf(baseline);

  // Extra synthetic auditors, who cannot sign in (no password).
  const auditorIds = [userIds.auditor, userIds.improvement_lead];
  for (let i = 2; i <= 6; i++) {
    const { user } = await services.users.addMember(SYSTEM_ACTOR, {
      email: `auditor${i}@demo-borough.example`,
      displayName: `Demo Auditor ${i}`,
      organisationId,
      role: 'auditor',
    });
    auditorIds.push(user.id);
  }
  const moderatorId = userIds.moderator;

  await inTransaction(db, organisationId, async (tx) => {
    const template = await repo.insertTemplate(tx, {
      organisationId,
      versionNumber: 1,
      isCurrent: true,
      ...DEFAULT_TEMPLATE,
    });
    await repo.upsertSettings(tx, {
      organisationId,
      moderationSharePercent: 10,
      baselineMonth: baseline,
      caseReferencePattern: '^DEMO-[0-9]{6}$',
      caseReferenceExample: 'DEMO-004217',
    });
    const teams: Team[] = [];
    for (const [name, serviceArea] of TEAMS)
      teams.push(await repo.insertTeam(tx, { organisationId, name, serviceArea }));
    // The demo auditor manages Assessment Team 1; the action lead works in Children in Care.
    await repo.replaceMembers(tx, organisationId, teams[1]!.id, [
      { userId: userIds.auditor, isManager: true },
    ]);
    await repo.replaceMembers(tx, organisationId, teams[5]!.id, [
      { userId: userIds.action_lead, isManager: false },
    ]);

    const rows = [];
    let caseNumber = 1000;
    for (const [index, month] of months.entries()) {
      // Good or better rises from about a quarter before the baseline to about two-thirds now.
      const progress = Math.max(0, (index - baselineIndex) / Math.max(1, months.length - 1 - baselineIndex));
      const pGood = index < baselineIndex ? 0.24 + random() * 0.06 : 0.27 + 0.4 * progress;
      const pInadequate = index < baselineIndex ? 0.24 : 0.22 - 0.16 * progress;
      const count = 55 + Math.floor(random() * 11);
      for (let i = 0; i < count; i++) {
        const r = random();
        const overall: AuditGrade =
          r < pGood * 0.12
            ? 'outstanding'
            : r < pGood
              ? 'good'
              : r < 1 - pInadequate
                ? 'requires_improvement'
                : 'inadequate';
        const team = teams[i % teams.length]!;
        const auditorId = auditorIds.filter((id) => !(id === userIds.auditor && team.id === teams[1]!.id))[
          (i + index) % (auditorIds.length - 1)
        ]!;
        const day = String(1 + Math.floor(random() * 27)).padStart(2, '0');
        const domainGrades = Object.fromEntries(
          DEFAULT_TEMPLATE.domains.map((d) => {
            const shift = random();
            const grades: AuditGrade[] = ['outstanding', 'good', 'requires_improvement', 'inadequate'];
            const base = grades.indexOf(overall);
            return [
              d.key,
              grades[Math.min(3, Math.max(0, base + (shift < 0.2 ? -1 : shift > 0.8 ? 1 : 0)))]!,
            ];
          }),
        );
        rows.push({
          organisationId,
          caseReference: `DEMO-${String(++caseNumber).padStart(6, '0')}`,
          teamId: team.id,
          workerReference: `SW-${100 + Math.floor(random() * 80)}`,
          auditorId,
          auditedOn: `${month}-${day}`,
          auditType: (i % 12 === 0 ? 'thematic' : 'monthly') as AuditType,
          templateId: template.id,
          domainGrades,
          compliance: {
            visits: random() > 0.25 - 0.15 * progress,
            chronology: random() > 0.4 - 0.2 * progress,
            supervision: random() > 0.3 - 0.2 * progress,
          },
          overallGrade: overall,
          overallRationale: `Synthetic demo audit: practice judged ${overall.replace('_', ' ')} overall.`,
          strengths: 'Synthetic demo text: the child is seen regularly.',
          areasForDevelopment: 'Synthetic demo text: record the child’s words directly.',
          learningThemes: seededSample(
            THEMES.slice(0, 6 + (index % 4)),
            1 + Math.floor(random() * 2),
            `${month}-${i}`,
          ),
        });
      }
    }
    const saved: CaseAudit[] = [];
    for (let i = 0; i < rows.length; i += 250)
      saved.push(...(await repo.insertAudits(tx, rows.slice(i, i + 250))));

    // A tenth of each month moderated (the current month's still to do); moderators mostly agree.
    const moderations = [];
    for (const month of months) {
      const inMonth = saved
        .filter((a) => a.auditedOn.startsWith(month))
        .map((a) => a.id)
        .sort();
      const seed = `demo:${month}`;
      for (const auditId of seededSample(inMonth, Math.ceil(inMonth.length / 10), seed)) {
        const audited = saved.find((a) => a.id === auditId)!;
        const done = month !== months.at(-1);
        const agreed = random() < 0.82;
        const regrade: AuditGrade =
          audited.overallGrade === 'good'
            ? 'requires_improvement'
            : audited.overallGrade === 'requires_improvement'
              ? 'inadequate'
              : 'requires_improvement';
        moderations.push({
          organisationId,
          auditId,
          sampleMonth: month,
          sampleSeed: seed,
          moderatorId: done ? moderatorId : null,
          agreed: done ? agreed : null,
          moderatedGrade: done ? (agreed ? audited.overallGrade : regrade) : null,
          notes:
            done && !agreed ? 'Synthetic demo note: the evidence on file does not support the grade.' : null,
          completedAt: done ? new Date(`${month}-28T12:00:00Z`) : null,
        });
      }
    }
    await repo.insertModerationRows(tx, moderations);

    // Weekly Check & Challenge over the last six weeks, on a rota of teams.
    for (let week = 6; week >= 1; week--) {
      const date = new Date(Date.now() - week * 7 * 86_400_000).toISOString().slice(0, 10);
      const team = teams[week % teams.length]!;
      const caseList = Array.from(
        { length: 30 },
        (_, i) => `DEMO-${String(500000 + week * 100 + i).padStart(6, '0')}`,
      );
      const seed = `${team.name}:${date}`;
      await repo.insertSession(tx, {
        organisationId,
        sessionDate: date,
        teamId: team.id,
        seed,
        sampleSize: 6,
        caseList,
        sample: seededSample(caseList, 6, seed),
        attendees: week > 1 ? 'Head of service, team manager, two advanced practitioners' : '',
        findings:
          week > 1 ? 'Synthetic demo findings: visits in timescale; plans need clearer contingency.' : '',
      });
    }
    await services.audit.record(
      tx,
      { ...SYSTEM_ACTOR, label: 'demo seed' },
      {
        organisationId,
        action: 'quality.demo_seeded',
        entityType: 'organisation',
        entityId: organisationId,
        after: { teams: teams.length, audits: saved.length, moderations: moderations.length },
      },
    );
  });
};
