// The demo improvement plan: eight outcomes, twenty commitments covering all eighteen demo
// recommendations, about ninety actions in every state, and fifteen months of history — progress
// updates every six weeks, reschedules with reasons, a refreshed second version, challenges and impact
// ratings. All of it is invented. Records are written directly (with their past dates) rather than
// through the services, which stamp everything with today's date.
import { inTransaction } from '../../db/tx.js';
import type { DemoSeeder } from '../../db/seed/demo.js';
import { addDays, daysBetween, type DeliveryStatus, type Rag } from './rules/rules.js';
import { planRepository } from './repository.js';
import { londonDay } from './derive.js';
import type { PlanAction } from './schema.js';

const OUTCOMES: {
  title: string;
  commitments: { title: string; recs: number[]; topic: string; themes?: string[] }[];
}[] = [
  {
    title: 'Leaders know their services well and practice is overseen',
    commitments: [
      {
        title: 'Reflective, regular supervision that drives plans for children',
        recs: [1],
        topic: 'supervision',
        themes: ['Management oversight', 'Quality of supervision'],
      },
      {
        title: 'A performance and quality assurance framework that leaders use',
        recs: [12],
        topic: 'the quality assurance framework',
      },
    ],
  },
  {
    title: 'Children get the right help at the right time',
    commitments: [
      {
        title: 'Thresholds applied consistently at the front door',
        recs: [2],
        topic: 'front door thresholds',
      },
      {
        title: 'Timely, analytical assessments that use the history',
        recs: [3],
        topic: 'assessment practice',
        themes: ['Timeliness of assessments', 'Chronologies'],
      },
    ],
  },
  {
    title: 'Children at risk of harm are protected',
    commitments: [
      {
        title: 'Multi-agency strategy meetings and enquiries of good quality',
        recs: [4],
        topic: 'strategy meetings',
        themes: ['Multi-agency working'],
      },
      {
        title: 'SMART plans for children in need and on child protection plans',
        recs: [5],
        topic: 'child protection planning',
        themes: ['SMART plans'],
      },
      {
        title: 'Timely pre-proceedings work under the Public Law Outline',
        recs: [8],
        topic: 'pre-proceedings tracking',
      },
    ],
  },
  {
    title: "Children's voices shape decisions about them",
    commitments: [
      {
        title: "Children's wishes and feelings recorded and acted on",
        recs: [6],
        topic: "recording the child's voice",
        themes: ['Voice of the child', 'Recording for the child'],
      },
      { title: 'Children and young people help design services', recs: [6], topic: 'participation' },
    ],
  },
  {
    title: 'Children who go missing or are exploited are safer',
    commitments: [
      {
        title: 'A consistent response to children missing from home and care',
        recs: [7],
        topic: 'the missing children protocol',
      },
      { title: 'Return home interviews that lead to action', recs: [7], topic: 'return home interviews' },
    ],
  },
  {
    title: 'Children in care live in stable homes that meet their needs',
    commitments: [
      { title: 'Enough good placements, matched well', recs: [9], topic: 'placement sufficiency' },
      {
        title: 'Statutory visits and reviews on time, with IROs who challenge drift',
        recs: [10, 16],
        topic: 'visits and reviews',
        themes: ['Drift and delay'],
      },
      {
        title: 'Life-story work and later-life letters for every child who needs them',
        recs: [18],
        topic: 'life-story work',
      },
    ],
  },
  {
    title: 'Care leavers are supported into adulthood',
    commitments: [
      { title: 'Pathway plans that young people own', recs: [11], topic: 'pathway planning' },
      {
        title: 'Corporate parents who know children’s experiences',
        recs: [17],
        topic: 'corporate parenting',
      },
    ],
  },
  {
    title: 'A stable, skilled workforce and specialist help',
    commitments: [
      {
        title: 'Manageable caseloads and fewer agency social workers',
        recs: [13],
        topic: 'recruitment and retention',
      },
      {
        title: 'Help and short breaks for disabled children and their families',
        recs: [14],
        topic: 'short breaks',
      },
      {
        title: 'Private fostering arrangements identified and supported',
        recs: [15],
        topic: 'private fostering awareness',
      },
    ],
  },
];

const ACTION_PATTERNS = [
  (t: string) => `Agree and publish the practice standard for ${t}`,
  (t: string) => `Train every social worker and manager in ${t}`,
  (t: string) => `Audit ${t} monthly and report findings to the Improvement Board`,
  (t: string) => `Build ${t} into supervision and team meetings`,
  (t: string) => `Review ${t} with partners and agree the changes needed`,
];

const LEADS = [
  'head.of.service.front.door',
  'head.of.service.safeguarding',
  'head.of.service.children.in.care',
  'principal.social.worker',
  'head.of.quality.assurance',
  'workforce.development.lead',
];

const NARRATIVES = [
  'Sessions held with all teams this period; attendance was 87%. Audit findings show the change starting to show in case records.',
  'The draft standard was shared with team managers and partners; comments are being worked through before sign-off at the next practice board.',
  'Progress slower than planned because two managers left; interim cover is now in place and the work has restarted.',
  'Monthly audit showed improvement in 6 of 10 cases reviewed; the remaining cases were discussed in supervision with named actions.',
  'Partners agreed the revised approach at the safeguarding partnership meeting; the first joint review is booked.',
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

function monthsAgo(months: number, day = 10): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, day)).toISOString().slice(0, 10);
}

const at = (date: string, hour = 10) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);

export const seedPlanDemo: DemoSeeder = async (services, { organisationId, userIds }) => {
  const repo = planRepository();
  const db = services.database.db;
  const random = mulberry32(20251202);
  const today = londonDay(new Date());
  const start = monthsAgo(15, 2);
  const domain = 'demo-borough.example';
  const actionLeadEmail = `action.lead@${domain}`;
  const improvementLead = userIds.improvement_lead;
  const recs = await services.inspections.recommendations(organisationId);
  const recByNumber = new Map(recs.map((r) => [r.number, r]));
  const inspectionId = recs[0]?.inspectionId ?? null;

  const v1 = await inTransaction(db, organisationId, (tx) =>
    repo.insertPlan(tx, {
      organisationId,
      versionNumber: 1,
      status: 'approved',
      title: 'Improving Children’s Services Plan (synthetic demo)',
      vision: 'Every child in Demo Borough is safe, heard and has a stable, loving home.',
      inspectionId,
      startDate: start,
      endDate: addDays(start, 730),
      statutoryDeadline: addDays(start, 70),
      submittedTo: 'Ofsted and the Department for Education',
      submittedOn: addDays(start, 68),
      approvedOn: addDays(start, 64),
      approvedBy: 'Cabinet',
      approvalMeeting: `Cabinet, ${addDays(start, 64)}`,
      approvalRecordedBy: improvementLead,
    }),
  );
  const leadActions: PlanAction[] = [];
  await inTransaction(db, organisationId, async (tx) => {
    let actionIndex = 0;
    const created: PlanAction[] = [];
    for (const [oi, o] of OUTCOMES.entries()) {
      const [outcome] = await repo.insertOutcomes(tx, [
        { organisationId, planId: v1.id, ref: String(oi + 1), title: o.title, position: oi + 1 },
      ]);
      for (const [ci, c] of o.commitments.entries()) {
        const ref = `${oi + 1}.${ci + 1}`;
        const [commitment] = await repo.insertCommitments(tx, [
          {
            organisationId,
            planId: v1.id,
            outcomeId: outcome!.id,
            ref,
            title: c.title,
            successMeasures: [
              `Audits show ${c.topic} is good or better in at least 70% of cases reviewed`,
              `Children and families tell us ${c.topic} has made a difference`,
            ],
            position: actionIndex + 1,
          },
        ]);
        await repo.linkRecommendations(
          tx,
          organisationId,
          commitment!.id,
          c.recs.map((n) => recByNumber.get(n)?.id).filter((id): id is string => Boolean(id)),
        );
        const count = 4 + ((oi + ci) % 2);
        const rows = [];
        for (let ai = 0; ai < count; ai++) {
          actionIndex++;
          const original = addDays(start, 45 + Math.round(((actionIndex * 7) % 90) * 6.4));
          rows.push({
            organisationId,
            planId: v1.id,
            commitmentId: commitment!.id,
            ref: `${ref}.${ai + 1}`,
            title: ACTION_PATTERNS[ai % ACTION_PATTERNS.length]!(c.topic),
            description: `Synthetic demo action: ${ACTION_PATTERNS[ai % ACTION_PATTERNS.length]!(c.topic).toLowerCase()}, so that the commitment “${c.title}” is met.`,
            leadEmail:
              actionIndex % 7 === 3 ? actionLeadEmail : `${LEADS[actionIndex % LEADS.length]}@${domain}`,
            originalTargetDate: original,
            currentTargetDate: original,
            learningThemes: ai < 2 ? (c.themes ?? []) : [],
            position: actionIndex,
          });
        }
        created.push(...(await repo.insertActions(tx, rows)));
      }
    }

    // Delivery state, reschedules and updates, action by action.
    const updates = [];
    const cadence = 42;
    for (const [i, a] of created.entries()) {
      let current = a.originalTargetDate;
      const changes: { old: string; next: string; on: string; reason: string }[] = [];
      // About one action in six slipped, a few twice, each with a reason and an approval.
      if (i % 6 === 2 || i % 13 === 5) {
        const times = i % 13 === 5 ? 2 : 1;
        for (let t = 0; t < times; t++) {
          const next = addDays(current, 35 + ((i * 11) % 50));
          changes.push({
            old: current,
            next,
            on: addDays(current, -14),
            reason:
              t === 0
                ? 'Partner agencies asked for more time to agree the joint approach; the board agreed the new date.'
                : 'Recruitment to the lead post took longer than planned; interim arrangements are in place.',
          });
          current = next;
        }
      }
      const overdueDays = daysBetween(current, today);
      let status: DeliveryStatus;
      let completedOn: string | null = null;
      let signedOff: string | null = null;
      if (i === 17) status = 'cancelled';
      else if (overdueDays > 120) {
        const r = random();
        status = r < 0.65 ? 'embedded' : r < 0.88 ? 'complete' : 'in_progress';
      } else if (overdueDays > 0) {
        status = random() < 0.55 ? 'complete' : 'in_progress';
      } else
        status =
          (daysBetween(start, today) - daysBetween(start, current) < -150 && random() < 0.4) || i % 9 === 4 // some future actions not started, whatever today's date
            ? 'not_started'
            : 'in_progress';
      if (status === 'complete' || status === 'embedded') {
        completedOn = addDays(current, -Math.round(random() * 20));
        if (completedOn > today) completedOn = today;
        if (status === 'embedded') signedOff = addDays(completedOn, 60);
        if (signedOff && signedOff > today) {
          status = 'complete';
          signedOff = null;
        }
      }
      for (const c of changes)
        await repo.insertDateChange(tx, {
          organisationId,
          actionLineageId: a.lineageId,
          oldDate: c.old,
          newDate: c.next,
          reason: c.reason,
          status: 'approved',
          requestedBy: a.leadEmail === actionLeadEmail ? userIds.action_lead : improvementLead,
          requestedAt: at(c.on < start ? start : c.on),
          decidedBy: improvementLead,
          decidedAt: at(addDays(c.on < start ? start : c.on, 3)),
        });
      const values: Partial<PlanAction> = {
        currentTargetDate: current,
        deliveryStatus: status,
        completedOn,
        statusReason:
          status === 'cancelled'
            ? 'Superseded by the regional fostering recruitment hub, which does this work for us.'
            : null,
        evidenceLinks: completedOn
          ? [`https://intranet.demo-borough.example/improvement/evidence/${a.ref}`]
          : [],
        embeddingEvidence: signedOff
          ? 'Two consecutive monthly audits show the new practice in at least 80% of cases.'
          : null,
        embeddingSignedOffAt: signedOff ? at(signedOff) : null,
        embeddingSignedOffBy: signedOff ? improvementLead : null,
      };
      // One red action the improvement lead judged amber, with the reason on record.
      if (status === 'in_progress' && overdueDays > 0 && i % 4 === 1) {
        values.ragOverride = 'amber';
        values.ragOverrideReason =
          'The work is finished in practice; only the partner sign-off at next month’s board remains.';
      }
      await repo.updateAction(tx, organisationId, a.id, a.version, values);

      if (status === 'not_started' || status === 'cancelled') continue;
      const until = signedOff ?? today;
      // Six-weekly rounds; a few leads missed the latest one, so their update is overdue.
      const skipLatest = i % 9 === 4;
      for (let round = 1; ; round++) {
        const due = addDays(start, round * cadence);
        if (due > until || due > today) break;
        const submitted = addDays(due, -((i + round) % 5));
        const isLatest = addDays(due, cadence) > today;
        if (isLatest && skipLatest) break;
        const proposedRag: Rag =
          daysBetween(current, submitted) > 0 ? 'red' : (i + round) % 5 === 0 ? 'amber' : 'green';
        const pending = isLatest && i % 5 === 1;
        const returned = isLatest && i % 11 === 7;
        updates.push({
          organisationId,
          actionLineageId: a.lineageId,
          authorId: a.leadEmail === actionLeadEmail ? userIds.action_lead : improvementLead,
          narrative: NARRATIVES[(i + round) % NARRATIVES.length]!,
          proposedRag,
          submittedAt: at(submitted, 9 + (round % 7)),
          status: pending ? ('submitted' as const) : returned ? ('returned' as const) : ('accepted' as const),
          reviewedBy: pending ? null : improvementLead,
          reviewedAt: pending ? null : at(addDays(submitted, 2)),
          reviewComment: returned
            ? 'Please say what has changed for children, not only what meetings were held.'
            : null,
        });
      }
    }
    await repo.insertUpdates(tx, updates);

    // Two date changes an action lead asked for, waiting for the improvement lead.
    leadActions.push(...created.filter((a) => a.leadEmail === actionLeadEmail));
    const open: PlanAction[] = [];
    for (const a of leadActions) {
      const fresh = (await repo.action(tx, organisationId, a.id))!;
      if (fresh.deliveryStatus === 'in_progress' || fresh.deliveryStatus === 'not_started') open.push(fresh);
    }
    for (const fresh of open.slice(-2)) {
      await repo.insertDateChange(tx, {
        organisationId,
        actionLineageId: fresh.lineageId,
        oldDate: fresh.currentTargetDate,
        newDate: addDays(fresh.currentTargetDate, 42),
        reason:
          'The training provider cancelled the March cohort; the next available cohort starts six weeks later.',
        status: 'pending',
        requestedBy: userIds.action_lead,
        requestedAt: at(addDays(today, -3)),
      });
    }
  });

  // Version 2: refreshed after the first monitoring visit, with two new actions.
  const v1Snapshot = await services.plan.snapshot(organisationId, v1);
  await inTransaction(db, organisationId, async (tx) => {
    for (const o of v1Snapshot.outcomes)
      for (const c of o.commitments)
        for (const a of c.actions) {
          a.deliveryStatus = 'not_started';
          a.currentTargetDate = a.originalTargetDate;
          a.rag = 'green';
        }
    const tree = await repo.tree(tx, organisationId, v1.id);
    const v2Approved = monthsAgo(5, 12);
    const v2 = await repo.insertPlan(tx, {
      organisationId,
      versionNumber: 2,
      status: 'approved',
      title: v1.title,
      vision: v1.vision,
      inspectionId,
      startDate: start,
      endDate: v1.endDate,
      statutoryDeadline: v1.statutoryDeadline,
      submittedTo: v1.submittedTo,
      submittedOn: v1.submittedOn,
      previousVersionId: v1.id,
      approvedOn: v2Approved,
      approvedBy: 'Improvement Board',
      approvalMeeting: `Improvement Board, ${v2Approved}`,
      approvalRecordedBy: improvementLead,
    });
    await repo.updatePlan(tx, organisationId, v1.id, v1.version, {
      status: 'superseded',
      approvedSnapshot: v1Snapshot,
    });
    const outcomeIds = new Map<string, string>();
    const outcomes = await repo.insertOutcomes(
      tx,
      tree.outcomes.map(({ id: _id, createdAt: _c, updatedAt: _u, version: _v, ...o }) => ({
        ...o,
        planId: v2.id,
      })),
    );
    tree.outcomes.forEach((o, i) => outcomeIds.set(o.id, outcomes[i]!.id));
    const commitmentIds = new Map<string, string>();
    const commitments = await repo.insertCommitments(
      tx,
      tree.commitments.map(({ id: _id, createdAt: _c, updatedAt: _u, version: _v, ...c }) => ({
        ...c,
        planId: v2.id,
        outcomeId: outcomeIds.get(c.outcomeId)!,
      })),
    );
    tree.commitments.forEach((c, i) => commitmentIds.set(c.id, commitments[i]!.id));
    for (const c of tree.commitments)
      await repo.linkRecommendations(
        tx,
        organisationId,
        commitmentIds.get(c.id)!,
        tree.links.filter((l) => l.commitmentId === c.id).map((l) => l.recommendationId),
      );
    const v1Actions = await repo.tree(tx, organisationId, v1.id);
    await repo.insertActions(tx, [
      ...v1Actions.actions.map(({ id: _id, createdAt: _c, updatedAt: _u, version: _v, ...a }) => ({
        ...a,
        planId: v2.id,
        commitmentId: commitmentIds.get(a.commitmentId)!,
      })),
      ...['5.1.6', '6.2.6'].map((ref, n) => ({
        organisationId,
        planId: v2.id,
        commitmentId: commitmentIds.get(tree.commitments.find((c) => c.ref === ref.slice(0, 3))!.id)!,
        ref,
        title:
          n === 0
            ? 'Set up a weekly multi-agency exploitation panel that tracks every child at risk'
            : 'Give every IRO a caseload of 70 or fewer so that they have time to challenge drift',
        description: 'Added when the plan was refreshed after the first monitoring visit (synthetic demo).',
        leadEmail: n === 0 ? actionLeadEmail : `${LEADS[2]}@${domain}`,
        originalTargetDate: addDays(v2Approved, 120 + n * 60),
        currentTargetDate: addDays(v2Approved, 120 + n * 60),
        deliveryStatus: 'in_progress' as const,
        position: 1000 + n,
      })),
    ]);

    // Challenges raised at the board, in every state.
    const v2Tree = await repo.tree(tx, organisationId, v2.id);
    const pick = (ref: string) => v2Tree.actions.find((a) => a.ref === ref) ?? v2Tree.actions[0]!;
    const challengeRows = [
      {
        subject: pick('2.2.3'),
        question:
          'Re-referrals rose again last quarter. What is the service doing differently at the front door, and when will we see the effect?',
        status: 'open' as const,
        daysAgo: 9,
      },
      {
        subject: pick('8.1.2'),
        question:
          'Agency staff are still over a quarter of the workforce. Is the recruitment campaign reaching experienced social workers?',
        status: 'open' as const,
        daysAgo: 9,
      },
      {
        subject: pick('3.2.1'),
        question: 'How do we know plans are now SMART in practice, not only in the template?',
        status: 'answered' as const,
        daysAgo: 51,
      },
      {
        subject: pick('6.2.2'),
        question: 'Why were visits to children placed out of the borough late in the summer?',
        status: 'closed' as const,
        daysAgo: 93,
      },
      {
        subject: pick('1.1.1'),
        question: 'What do social workers say about the quality of their supervision now?',
        status: 'closed' as const,
        daysAgo: 135,
      },
    ];
    for (const c of challengeRows) {
      const raised = addDays(today, -c.daysAgo);
      await repo.insertChallenge(tx, {
        organisationId,
        subjectType: 'action',
        subjectLineageId: c.subject.lineageId,
        subjectLabel: `Action ${c.subject.ref}: ${c.subject.title}`,
        question: c.question,
        raisedBy: userIds.board_member,
        raisedAt: at(raised),
        ownerId: c.subject.leadEmail === actionLeadEmail ? userIds.action_lead : improvementLead,
        dueDate: addDays(raised, 42),
        status: c.status,
        response:
          c.status === 'open'
            ? null
            : 'Monthly audits of a sample of cases now check this; the last three months show steady improvement, and the next report to the board will include families’ feedback.',
        respondedBy: c.status === 'open' ? null : improvementLead,
        respondedAt: c.status === 'open' ? null : at(addDays(raised, 20)),
        closedBy: c.status === 'closed' ? userIds.board_member : null,
        closedAt: c.status === 'closed' ? at(addDays(raised, 35)) : null,
        closingNote: c.status === 'closed' ? 'The board accepted the response.' : null,
      });
    }

    // Impact ratings every quarter, separate from delivery, improving as the plan takes hold.
    const ratings = ['too_early', 'too_early', 'some', 'some', 'clear'] as const;
    for (const [ci, c] of v2Tree.commitments.entries())
      for (let q = 0; q < 4; q++) {
        const period = monthsAgo(12 - q * 3, 1).slice(0, 7);
        await repo.insertImpactRating(tx, {
          organisationId,
          commitmentLineageId: c.lineageId,
          period,
          rating: ratings[Math.min(4, q + (ci % 3 === 0 ? 1 : 0))]!,
          rationale:
            q < 2
              ? 'Actions are under way, but audits do not yet show a difference in children’s records.'
              : 'Audits and feedback from children show a difference in most cases reviewed; not yet consistent across all teams.',
          ratedBy: improvementLead,
          createdAt: at(`${period}-28`),
        });
      }
  });
  // Version 2's snapshot is what the board approved: taken from its records once they are written.
  const [v2] = await repo.versions(db, organisationId);
  const snap = await services.plan.snapshot(organisationId, { ...v2!, approvedSnapshot: null });
  await inTransaction(db, organisationId, (tx) =>
    repo.updatePlan(tx, organisationId, v2!.id, v2!.version, { approvedSnapshot: snap }),
  );
};
