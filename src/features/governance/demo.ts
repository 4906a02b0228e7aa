// Demo Borough's governance: an Improvement Board with an independent chair that has met monthly,
// a scrutiny committee and cabinet; resolutions, meeting actions (one overdue), a forward plan with
// an "update in 3 months" report, and the last two board packs issued. All invented.
import type { DemoSeeder } from '../../db/seed/demo.js';
import { SYSTEM_ACTOR } from '../../platform/audit/service.js';
import { londonDay } from '../plan/derive.js';
import { addMonths, previousMonthEnd } from './service.js';

/** The second Tuesday of the month `offset` months from this one. */
function secondTuesday(offset: number): string {
  const [y, m] = londonDay(new Date()).split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1 + offset, 1));
  const day = 1 + ((2 - first.getUTCDay() + 7) % 7) + 7;
  first.setUTCDate(day);
  return first.toISOString().slice(0, 10);
}

export const seedGovernanceDemo: DemoSeeder = async (services, { organisationId, userIds }) => {
  const g = services.governance;
  const [org] = await services.organisations.byIds([organisationId]);
  if (!org) return;
  const caller = { actor: { ...SYSTEM_ACTOR, label: 'demo seed' }, userId: userIds.improvement_lead };
  const board = await g.createBoard(caller, organisationId, {
    name: "Children's Services Improvement Board",
    kind: 'improvement_board',
    description:
      'Oversees the improvement plan after the inspection: challenges progress monthly and reports to cabinet and the DfE. (Synthetic demo board.)',
  });
  const members = [
    { name: 'Alex Example (synthetic)', role: 'Independent chair', isChair: true, isIndependent: true },
    {
      name: 'Cllr Sam Sample (synthetic)',
      role: 'Lead member for children',
      isChair: false,
      isIndependent: false,
    },
    { name: 'Jo Placeholder (synthetic)', role: 'DfE adviser', isChair: false, isIndependent: true },
    { name: 'Pat Fictional (synthetic)', role: 'Police partner', isChair: false, isIndependent: false },
    { name: 'Demo Improvement Lead', role: 'Head of improvement', isChair: false, isIndependent: false },
  ];
  for (const m of members)
    await g.addMember(caller, organisationId, board.id, {
      ...m,
      email: m.name.startsWith('Demo') ? `improvement.lead@demo-borough.example` : '',
    });

  const scrutiny = await g.createBoard(caller, organisationId, {
    name: "Children and Young People's Scrutiny Committee",
    kind: 'scrutiny',
    standingItems:
      'Apologies and declarations of interest\nMinutes\nChildren’s services improvement: progress report\nWork programme',
  });
  await g.addMember(caller, organisationId, scrutiny.id, {
    name: 'Cllr Robin Specimen (synthetic)',
    role: 'Chair of scrutiny',
    isChair: true,
  });
  await g.createBoard(caller, organisationId, { name: 'Cabinet', kind: 'cabinet' });

  // Four monthly meetings held, the next one scheduled.
  const held = [];
  for (const offset of [-4, -3, -2, -1]) {
    const meeting = await g.createMeeting(caller, organisationId, board.id, {
      meetingDate: secondTuesday(offset),
      location: 'Committee Room 1, Demo Borough Civic Centre (synthetic)',
    });
    held.push(
      await g.updateMeeting(caller, organisationId, meeting.id, meeting.version, {
        meetingDate: meeting.meetingDate,
        location: meeting.location,
        status: 'held',
        minutes:
          'Present: the independent chair, the lead member, the DfE adviser and partners (all synthetic).\n\nThe board received the progress report and challenged the actions shown as red.',
      }),
    );
  }
  await g.createMeeting(caller, organisationId, board.id, {
    meetingDate: secondTuesday(1),
    location: 'Committee Room 1, Demo Borough Civic Centre (synthetic)',
  });

  const first = held[0]!;
  await g.addResolution(caller, organisationId, first.id, {
    kind: 'noted',
    text: 'The board noted the improvement plan progress report and the rise in re-referrals.',
  });
  await g.addResolution(caller, organisationId, first.id, {
    kind: 'agreed',
    text: 'The board asked for an update report on re-referrals and the front door in three months.',
    followUpMonths: '3',
    followUpTitle: 'Re-referrals and the front door',
  });
  await g.addMeetingAction(caller, organisationId, first.id, {
    description: 'Share the audit of re-referrals within 12 months with the board (synthetic).',
    ownerName: 'Demo Improvement Lead',
    ownerEmail: 'improvement.lead@demo-borough.example',
    dueDate: addMonths(first.meetingDate, 1),
  });
  const second = held[1]!;
  await g.addResolution(caller, organisationId, second.id, {
    kind: 'recommended',
    text: 'The board recommended that cabinet approve the refreshed improvement plan.',
  });
  const done = await g.addMeetingAction(caller, organisationId, second.id, {
    description: 'Circulate the workforce recruitment and retention plan (synthetic).',
    ownerName: 'Demo Admin',
    dueDate: addMonths(second.meetingDate, 1),
  });
  await g.setMeetingActionStatus(caller, organisationId, done.id, done.version, {
    status: 'done',
    note: 'Circulated by email.',
  });
  const third = held[2]!;
  await g.addMeetingAction(caller, organisationId, third.id, {
    description: 'Bring the Check & Challenge findings for the Children in Care team (synthetic).',
    ownerName: 'Demo Auditor',
    ownerEmail: 'auditor@demo-borough.example',
    dueDate: addMonths(third.meetingDate, 2),
  });
  await g.addForwardPlanItem(caller, organisationId, board.id, {
    title: 'Annual self-evaluation ahead of the next monitoring visit',
    dueDate: addMonths(held[3]!.meetingDate, 2),
  });

  // The last two meetings' packs, issued (their PDFs print on first download).
  for (const meeting of held.slice(2)) {
    const draft = await g.preparePack(caller, org, meeting.id);
    const narrative = {
      ...draft.narrative,
      leadOfficer: 'Demo Improvement Lead, Head of Improvement (synthetic)',
      executiveSummary:
        'Most actions are on track. Re-referrals remain above target and two workforce actions are late; the board is asked to challenge both. (Synthetic demo text.)',
    };
    const saved = await g.updatePack(caller, organisationId, draft.id, draft.version, {
      title: draft.title,
      asAt: previousMonthEnd(meeting.meetingDate),
      narrative,
    });
    await g.issuePack(caller, org, saved.id, saved.version, { printPdf: false });
  }
};
