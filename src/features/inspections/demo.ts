// Demo data for the Ofsted record: Demo Borough's inadequate ILACS inspection with 18
// recommendations, an improvement notice, two monitoring visits and a focused visit. All synthetic.
import { inTransaction } from '../../db/tx.js';
import type { DemoSeeder } from '../../db/seed/demo.js';
import { SYSTEM_ACTOR } from '../../platform/audit/service.js';
import { inspectionRepository } from './repository.js';
import { JUDGEMENT_AREAS } from './rules.js';
import type { Grade } from './schema.js';

export const DEMO_RECOMMENDATIONS = [
  'The quality and timeliness of management oversight and supervision, so that it is reflective and drives plans for children.',
  'The response to contacts and referrals at the front door, so that thresholds are applied consistently and children at risk are seen quickly.',
  'The timeliness and quality of assessments, including the use of chronologies and history to understand risk.',
  'The quality of child protection enquiries and strategy meetings, including the involvement of partner agencies.',
  'Plans for children in need and subject to child protection plans, so that they are specific, measurable and focused on outcomes.',
  'The recording of children’s wishes and feelings, so that their voice informs every decision.',
  'The response to children who go missing and those at risk of exploitation, including return home interviews.',
  'The quality and timeliness of pre-proceedings work under the Public Law Outline.',
  'Placement sufficiency and stability for children in care, including matching and planning for permanence.',
  'The timeliness of statutory visits and reviews for children in care.',
  'The quality of pathway plans and the support for care leavers with accommodation, education, employment and training.',
  'The use of performance information and quality assurance to understand and improve practice.',
  'Caseloads and the stability of the workforce, reducing the reliance on agency social workers.',
  'The help and support for disabled children and their families, including short breaks.',
  'The identification and support of private fostering arrangements.',
  'The effectiveness of the independent reviewing officer service in challenging drift and delay.',
  'Corporate parenting, so that elected members and partners know children’s experiences and act on them.',
  'The quality of life-story work and later-life letters for children in care.',
];

const JUDGEMENTS: Grade[] = [
  'Inadequate',
  'Inadequate',
  'Requires improvement to be good',
  'Requires improvement to be good',
  'Inadequate',
];

function monthsAgo(months: number, day = 10): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, day)).toISOString().slice(0, 10);
}

export const seedInspectionsDemo: DemoSeeder = async (services, { organisationId }) => {
  const repo = inspectionRepository();
  await inTransaction(services.database.db, organisationId, async (tx) => {
    const ilacs = await repo.insert(tx, {
      organisationId,
      type: 'standard_inspection',
      framework: 'ILACS_2023',
      startDate: monthsAgo(16, 3),
      endDate: monthsAgo(16, 14),
      publishedDate: monthsAgo(15, 2),
      leadInspector: 'Inspector Alpha Example (synthetic)',
      summary:
        'Synthetic demo inspection. Services for children in need of help and protection are inadequate.',
    });
    await repo.insertJudgements(
      tx,
      JUDGEMENT_AREAS.ILACS_2023.map((area, position) => ({
        organisationId,
        inspectionId: ilacs.id,
        area,
        grade: JUDGEMENTS[position]!,
        position,
      })),
    );
    const recs = await repo.insertRecommendations(
      tx,
      DEMO_RECOMMENDATIONS.map((text, i) => ({
        organisationId,
        inspectionId: ilacs.id,
        number: i + 1,
        kind: 'what_needs_to_improve' as const,
        text,
      })),
    );
    await repo.insertIntervention(tx, {
      organisationId,
      kind: 'improvement_notice',
      issuedDate: monthsAgo(14, 20),
      namedPerson: 'Synthetic Improvement Adviser',
      reviewCadence: 'every six months',
      notes: 'Synthetic demo improvement notice.',
    });
    await repo.insertIntervention(tx, {
      organisationId,
      kind: 'dfe_adviser',
      issuedDate: monthsAgo(14, 20),
      namedPerson: 'Synthetic DfE Adviser',
    });
    const visits = [
      {
        type: 'monitoring_visit' as const,
        months: 11,
        sequence: 1,
        areas: [
          [1, 'The front door and the response to contacts and referrals'],
          [2, 'Assessments and the use of chronologies'],
        ],
      },
      {
        type: 'monitoring_visit' as const,
        months: 6,
        sequence: 2,
        areas: [
          [3, 'Child protection enquiries and strategy meetings'],
          [4, 'Plans for children subject to child protection plans'],
          [0, 'Management oversight and supervision'],
        ],
      },
      {
        type: 'focused_visit' as const,
        months: 3,
        sequence: null,
        areas: [
          [8, 'Children in care: placement stability and permanence'],
          [9, 'Statutory visits and reviews'],
        ],
      },
    ];
    for (const v of visits) {
      const visit = await repo.insert(tx, {
        organisationId,
        type: v.type,
        framework: 'ILACS_2023',
        startDate: monthsAgo(v.months, 8),
        endDate: monthsAgo(v.months, 9),
        publishedDate: monthsAgo(v.months - 1, 5),
        leadInspector: 'Inspector Beta Example (synthetic)',
        sequenceNumber: v.sequence,
      });
      for (const [position, [recIndex, area]] of v.areas.entries()) {
        const finding = await repo.insertFinding(tx, {
          organisationId,
          inspectionId: visit.id,
          position: position + 1,
          area: area as string,
          narrative: `Synthetic demo finding: progress in ${String(area).toLowerCase()} is ${v.months > 8 ? 'at an early stage' : 'beginning to show in practice'}.`,
        });
        await repo.linkFinding(tx, organisationId, finding.id, [recs[recIndex as number]!.id]);
      }
    }
    await services.audit.record(
      tx,
      { ...SYSTEM_ACTOR, label: 'demo seed' },
      {
        organisationId,
        action: 'inspections.demo_seeded',
        entityType: 'organisation',
        entityId: organisationId,
        after: { recommendations: recs.length, visits: visits.length },
      },
    );
  });
};
