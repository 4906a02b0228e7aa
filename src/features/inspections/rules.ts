// The rules of the Ofsted record: judgement areas per framework, the grade scale, and the check that
// an inadequate area makes overall effectiveness inadequate.
import type { Framework, Grade, InspectionType } from './schema.js';

export const OVERALL = 'Overall effectiveness';

export const JUDGEMENT_AREAS: Record<Framework, string[]> = {
  ILACS_2023: [
    'The impact of leaders on social work practice with children and families',
    'The experiences and progress of children who need help and protection',
    'The experiences and progress of children in care',
    'The experiences and progress of care leavers',
    OVERALL,
  ],
  // Before January 2023 children in care and care leavers were one judgement.
  ILACS_2018: [
    'The impact of leaders on social work practice with children and families',
    'The experiences and progress of children who need help and protection',
    'The experiences and progress of children in care and care leavers',
    OVERALL,
  ],
  SIF_2013: [
    'Children who need help and protection',
    'Children looked after and achieving permanence',
    'Adoption performance',
    'Experiences and progress of care leavers',
    'Leadership, management and governance',
    OVERALL,
  ],
};

export const FRAMEWORK_LABELS: Record<Framework, string> = {
  ILACS_2023: 'ILACS (from January 2023)',
  ILACS_2018: 'ILACS (2018 to 2022)',
  SIF_2013: 'Single inspection framework (2013 to 2017)',
};

export const TYPE_LABELS: Record<InspectionType, string> = {
  standard_inspection: 'Standard inspection',
  short_inspection: 'Short inspection',
  focused_visit: 'Focused visit',
  monitoring_visit: 'Monitoring visit',
  jtai: 'Joint targeted area inspection',
  action_planning_visit: 'Action planning visit',
};

export const GRADED_TYPES: readonly InspectionType[] = ['standard_inspection', 'short_inspection'];

const GRADE_RANK: Record<Grade, number> = {
  Outstanding: 1,
  Good: 2,
  'Requires improvement to be good': 3,
  Inadequate: 4,
};

export function gradeRank(grade: Grade): number {
  return GRADE_RANK[grade];
}

/** A warning, not a refusal: the record must match the published report, even if that breaks the rule. */
export function judgementWarnings(judgements: { area: string; grade: Grade }[]): string[] {
  const overall = judgements.find((j) => j.area === OVERALL);
  const inadequate = judgements.filter((j) => j.area !== OVERALL && j.grade === 'Inadequate');
  if (overall && inadequate.length > 0 && overall.grade !== 'Inadequate') {
    return [
      `${inadequate.map((j) => j.area).join('; ')} ${inadequate.length === 1 ? 'is' : 'are'} inadequate, so overall effectiveness should be inadequate, not ${overall.grade.toLowerCase()}. Check the report.`,
    ];
  }
  return [];
}
