// The indicators a children's services improvement programme reports on, each defined once: what it
// counts, which way is better, where the council's figure comes from and, where DfE publishes the same
// measure, which column of which Explore Education Statistics (EES) file to benchmark against. Pure data:
// pages, the importer and the demo data all read the same definitions, so a chart and a board report can
// never disagree about what "re-referrals" means.

export type IndicatorUnit = 'percent' | 'count' | 'rate_per_10000' | 'days' | 'fte' | 'ratio';
/** Which way is better. Neutral is for context measures (e.g. children in need per 10,000): a higher or lower rate is not in itself good or bad. */
export type Polarity = 'higher_is_better' | 'lower_is_better' | 'neutral';
/** How often the council is expected to report the indicator in Waymark. */
export type Frequency = 'monthly' | 'quarterly' | 'annual';
/** Where the council's own figure normally comes from (not where the national benchmark comes from: see `dfe`). */
export type IndicatorSource =
  'case_management' | 'annex_a' | 'cin_census' | 'ssda903' | 'workforce_census' | 'manual';
export type IndicatorCategory = 'help_and_protection' | 'children_in_care' | 'care_leavers' | 'workforce';

/** The DfE EES column that publishes the same measure, so a council can be set beside England, its region and its neighbours. */
export interface DfeMapping {
  /** csww: social work workforce; b1: children in need; c1: referrals and re-referrals. */
  file: 'csww' | 'b1' | 'c1';
  /** The measure column, spelt as in the file's header. */
  measure: string;
  /** EES filter column values the row must have, e.g. { category: 'Children in Need' } */
  filters?: Record<string, string>;
}

export interface CatalogueEntry {
  /** Short, upper snake case, stable: stored against every value, so never renamed. */
  code: string;
  name: string;
  /** Plain English, as DfE and Ofsted use the term. */
  definition: string;
  unit: IndicatorUnit;
  polarity: Polarity;
  frequency: Frequency;
  source: IndicatorSource;
  category: IndicatorCategory;
  numerator?: string;
  denominator?: string;
  /** Shown on the programme's front page; the rest sit one click down. */
  isKey: boolean;
  /** reported per team as well as overall */
  byTeam: boolean;
  dfe?: DfeMapping;
  /**
   * a plausible England-level value and a demo baseline, for synthetic data. For indicators with a DfE
   * mapping, `england` is the latest national figure in the file; poorCouncil and goodCouncil are near
   * the 90th and 10th percentile of councils (by polarity) in that year. Elsewhere they are illustrative,
   * from DfE's published national statistics or, for local-only measures, typical local performance.
   * For neutral indicators poorCouncil is a high-demand council and goodCouncil a more typical one.
   */
  typical: { england: number; poorCouncil: number; goodCouncil: number };
}

// ---- Help and protection ----

const HELP_AND_PROTECTION: CatalogueEntry[] = [
  {
    code: 'RE_REFERRALS',
    name: 'Re-referrals within 12 months',
    definition:
      'Referrals to children’s social care for a child who had a previous referral within the 12 months before, as a percentage of all referrals. A high rate can mean earlier work did not make lasting change, or that cases were closed too soon.',
    unit: 'percent',
    polarity: 'lower_is_better',
    frequency: 'monthly',
    source: 'case_management',
    category: 'help_and_protection',
    numerator: 'Referrals in the period received within 12 months of a previous referral for the same child',
    denominator: 'Referrals in the period',
    isKey: true,
    byTeam: false,
    dfe: { file: 'c1', measure: 'rereferral_percent', filters: { category: 'Referrals and Re-referrals' } },
    typical: { england: 22.6, poorCouncil: 26.1, goodCouncil: 14.9 },
  },
  {
    code: 'ASSESSMENTS_45_DAYS',
    name: 'Assessments completed within 45 working days',
    definition:
      'Child and family assessments completed within 45 working days, the longest time Working Together to Safeguard Children allows, as a percentage of all assessments completed.',
    unit: 'percent',
    polarity: 'higher_is_better',
    frequency: 'monthly',
    source: 'case_management',
    category: 'help_and_protection',
    numerator: 'Assessments completed in the period within 45 working days of their start',
    denominator: 'Assessments completed in the period',
    isKey: true,
    byTeam: true,
    typical: { england: 83.0, poorCouncil: 65.0, goodCouncil: 95.0 },
  },
  {
    code: 'CP_SECOND_PLAN',
    name: 'Child protection plans that are a second or subsequent plan',
    definition:
      'Children who became the subject of a child protection plan and had been the subject of a plan before, at any time, as a percentage of all children starting a plan.',
    unit: 'percent',
    polarity: 'lower_is_better',
    frequency: 'monthly',
    source: 'case_management',
    category: 'help_and_protection',
    numerator:
      'Children starting a child protection plan in the period who had been the subject of a plan before',
    denominator: 'Children starting a child protection plan in the period',
    isKey: false,
    byTeam: false,
    typical: { england: 23.5, poorCouncil: 30.0, goodCouncil: 17.0 },
  },
  {
    code: 'CP_PLANS_2_YEARS',
    name: 'Child protection plans lasting 2 years or more',
    definition:
      'Children on a child protection plan at the end of the period who have been on it for 2 years or more, as a percentage of all children on a plan then. Long plans can mean drift: help that is not changing things.',
    unit: 'percent',
    polarity: 'lower_is_better',
    frequency: 'monthly',
    source: 'case_management',
    category: 'help_and_protection',
    numerator: 'Children on a child protection plan at the end of the period for 2 years or more',
    denominator: 'Children on a child protection plan at the end of the period',
    isKey: false,
    byTeam: false,
    typical: { england: 2.2, poorCouncil: 5.0, goodCouncil: 0.8 },
  },
  {
    code: 'CIN_COUNT',
    name: 'Children in need',
    definition:
      'Children in need at the end of the period: those with an open children’s social care case, including children on a child protection plan and children looked after. DfE counts them at 31 March.',
    unit: 'count',
    polarity: 'neutral',
    frequency: 'monthly',
    source: 'case_management',
    category: 'help_and_protection',
    isKey: false,
    byTeam: false,
    // A child has at most one open episode at a time, so episodes open at 31 March count children.
    dfe: { file: 'b1', measure: 'At31_episodes', filters: { category: 'Children in Need' } },
    typical: { england: 402400, poorCouncil: 4590, goodCouncil: 2250 },
  },
  {
    code: 'CIN_RATE',
    name: 'Children in need per 10,000',
    definition:
      'Children in need at the end of the period per 10,000 children aged under 18 living in the area (ONS mid-year population estimates). Context for demand, not a measure of quality.',
    unit: 'rate_per_10000',
    polarity: 'neutral',
    frequency: 'annual',
    source: 'cin_census',
    category: 'help_and_protection',
    numerator: 'Children in need at the end of the period',
    denominator: 'Children aged under 18 in the area, divided by 10,000',
    isKey: false,
    byTeam: false,
    typical: { england: 332.9, poorCouncil: 450.0, goodCouncil: 310.0 },
  },
  {
    code: 'STATUTORY_VISITS',
    name: 'Statutory visits in timescale',
    definition:
      'Statutory visits to children on child protection plans and children looked after that were made within the timescale the council’s policy and the regulations set, as a percentage of visits due.',
    unit: 'percent',
    polarity: 'higher_is_better',
    frequency: 'monthly',
    source: 'case_management',
    category: 'help_and_protection',
    numerator: 'Statutory visits due in the period that were made in timescale',
    denominator: 'Statutory visits due in the period',
    isKey: true,
    byTeam: true,
    typical: { england: 88.0, poorCouncil: 72.0, goodCouncil: 96.0 },
  },
];

// ---- Children in care ----

const CHILDREN_IN_CARE: CatalogueEntry[] = [
  {
    code: 'CLA_RATE',
    name: 'Children looked after per 10,000',
    definition:
      'Children looked after by the council at the end of the period per 10,000 children aged under 18 living in the area (ONS mid-year population estimates). Context for demand, not a measure of quality.',
    unit: 'rate_per_10000',
    polarity: 'neutral',
    frequency: 'annual',
    source: 'ssda903',
    category: 'children_in_care',
    numerator: 'Children looked after at the end of the period',
    denominator: 'Children aged under 18 in the area, divided by 10,000',
    isKey: false,
    byTeam: false,
    typical: { england: 70.0, poorCouncil: 110.0, goodCouncil: 60.0 },
  },
  {
    code: 'CLA_3_PLACEMENTS',
    name: 'Children looked after with 3 or more placements in the year',
    definition:
      'Children looked after at the end of the period who had 3 or more placements in the 12 months before, as a percentage of all children looked after then. A measure of placement stability.',
    unit: 'percent',
    polarity: 'lower_is_better',
    frequency: 'monthly',
    source: 'case_management',
    category: 'children_in_care',
    numerator:
      'Children looked after at the end of the period with 3 or more placements in the last 12 months',
    denominator: 'Children looked after at the end of the period',
    isKey: true,
    byTeam: false,
    typical: { england: 10.0, poorCouncil: 14.0, goodCouncil: 7.0 },
  },
  {
    code: 'CLA_3_SOCIAL_WORKERS',
    name: 'Children looked after with 3 or more social workers in the year',
    definition:
      'Children looked after at the end of the period who had 3 or more different social workers in the 12 months before, as a percentage of all children looked after then. Children tell Ofsted that changes of social worker matter to them.',
    unit: 'percent',
    polarity: 'lower_is_better',
    frequency: 'monthly',
    source: 'case_management',
    category: 'children_in_care',
    numerator:
      'Children looked after at the end of the period with 3 or more social workers in the last 12 months',
    denominator: 'Children looked after at the end of the period',
    isKey: false,
    byTeam: true,
    typical: { england: 12.0, poorCouncil: 25.0, goodCouncil: 6.0 },
  },
];

// ---- Care leavers ----

const CARE_LEAVERS: CatalogueEntry[] = [
  {
    code: 'CARE_LEAVERS_EET',
    name: 'Care leavers in education, employment or training',
    definition:
      'Care leavers aged 19 to 21 who are in education, employment or training, as a percentage of all care leavers that age. DfE records their activity around their 19th, 20th and 21st birthdays.',
    unit: 'percent',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    source: 'ssda903',
    category: 'care_leavers',
    numerator: 'Care leavers aged 19 to 21 in education, employment or training',
    denominator: 'Care leavers aged 19 to 21',
    isKey: true,
    byTeam: false,
    typical: { england: 56.0, poorCouncil: 45.0, goodCouncil: 65.0 },
  },
  {
    code: 'CARE_LEAVERS_ACCOMMODATION',
    name: 'Care leavers in suitable accommodation',
    definition:
      'Care leavers aged 19 to 21 whose accommodation is judged suitable, as a percentage of all care leavers that age.',
    unit: 'percent',
    polarity: 'higher_is_better',
    frequency: 'quarterly',
    source: 'ssda903',
    category: 'care_leavers',
    numerator: 'Care leavers aged 19 to 21 in suitable accommodation',
    denominator: 'Care leavers aged 19 to 21',
    isKey: false,
    byTeam: false,
    typical: { england: 88.0, poorCouncil: 80.0, goodCouncil: 94.0 },
  },
];

// ---- Workforce ----
// Definitions follow DfE's children's social work workforce census, so a council's own monthly figure
// can sit beside the published annual one (the census counts at 30 September).

const WORKFORCE: CatalogueEntry[] = [
  {
    code: 'SW_AGENCY_RATE',
    name: 'Agency social worker rate',
    definition:
      'Agency (locum) social workers as a percentage of all social workers, employed and agency, measured in full-time equivalents (FTE).',
    unit: 'percent',
    polarity: 'lower_is_better',
    frequency: 'monthly',
    source: 'manual',
    category: 'workforce',
    numerator: 'Agency social workers (FTE) at the end of the period',
    denominator: 'Employed social workers in post plus agency social workers (FTE) at the end of the period',
    isKey: true,
    byTeam: true,
    dfe: { file: 'csww', measure: 'agency_rate_fte' },
    typical: { england: 13.0, poorCouncil: 28.5, goodCouncil: 2.2 },
  },
  {
    code: 'SW_VACANCY_RATE',
    name: 'Social worker vacancy rate',
    definition:
      'Vacant social worker posts as a percentage of all social worker posts (vacancies plus employed social workers in post), in FTE. A vacancy covered by an agency worker still counts as a vacancy.',
    unit: 'percent',
    polarity: 'lower_is_better',
    frequency: 'monthly',
    source: 'manual',
    category: 'workforce',
    numerator: 'Vacant social worker posts (FTE) at the end of the period',
    denominator: 'Vacant posts plus employed social workers in post (FTE) at the end of the period',
    isKey: false,
    byTeam: true,
    dfe: { file: 'csww', measure: 'vacancy_rate_fte' },
    typical: { england: 14.2, poorCouncil: 28.8, goodCouncil: 3.0 },
  },
  {
    code: 'SW_TURNOVER_RATE',
    name: 'Social worker turnover rate',
    definition:
      'Employed social workers who left in the 12 months to the end of the period as a percentage of employed social workers in post at the end, in FTE.',
    unit: 'percent',
    polarity: 'lower_is_better',
    frequency: 'annual',
    source: 'workforce_census',
    category: 'workforce',
    numerator: 'Employed social workers (FTE) who left in the 12 months to the end of the period',
    denominator: 'Employed social workers in post (FTE) at the end of the period',
    isKey: false,
    byTeam: false,
    dfe: { file: 'csww', measure: 'turnover_rate_fte' },
    typical: { england: 11.8, poorCouncil: 19.6, goodCouncil: 7.6 },
  },
  {
    code: 'SW_CASELOAD',
    name: 'Average social worker caseload',
    definition:
      'Cases held by social workers who hold cases, divided by the full-time equivalent number of those social workers: the average number of children each one is working with.',
    unit: 'ratio',
    polarity: 'lower_is_better',
    frequency: 'monthly',
    source: 'case_management',
    category: 'workforce',
    numerator: 'Cases held by case-holding social workers at the end of the period',
    denominator: 'Case-holding social workers (FTE) at the end of the period',
    isKey: false,
    byTeam: true,
    dfe: { file: 'csww', measure: 'caseload_fte' },
    typical: { england: 15.2, poorCouncil: 18.1, goodCouncil: 12.7 },
  },
  {
    code: 'SW_ABSENCE_RATE',
    name: 'Social worker sickness absence rate',
    definition:
      'Working days lost to sickness absence by employed social workers in the 12 months to the end of the period, as a percentage of the working days they were available for, in FTE.',
    unit: 'percent',
    polarity: 'lower_is_better',
    frequency: 'annual',
    source: 'workforce_census',
    category: 'workforce',
    numerator: 'Working days lost to sickness absence in the 12 months',
    denominator:
      'Working days available: employed social workers in post (FTE) times working days in the year',
    isKey: false,
    byTeam: false,
    dfe: { file: 'csww', measure: 'absence_rate_fte' },
    typical: { england: 3.5, poorCouncil: 4.9, goodCouncil: 1.9 },
  },
  {
    code: 'SW_SUPERVISION',
    name: 'Supervision in timescale',
    definition:
      'Case-holding social workers whose most recent supervision was within the timescale the council’s supervision policy sets, as a percentage of all case-holding social workers.',
    unit: 'percent',
    polarity: 'higher_is_better',
    frequency: 'monthly',
    source: 'manual',
    category: 'workforce',
    numerator: 'Case-holding social workers supervised within the policy timescale',
    denominator: 'Case-holding social workers at the end of the period',
    isKey: false,
    byTeam: true,
    typical: { england: 85.0, poorCouncil: 65.0, goodCouncil: 95.0 },
  },
];

/** Frozen all the way down: one shared list, so no caller can change a definition for everyone else. */
function frozen(entries: CatalogueEntry[]): readonly CatalogueEntry[] {
  for (const entry of entries) {
    if (entry.dfe?.filters) Object.freeze(entry.dfe.filters);
    if (entry.dfe) Object.freeze(entry.dfe);
    Object.freeze(entry.typical);
    Object.freeze(entry);
  }
  return Object.freeze(entries);
}

export const CATALOGUE: readonly CatalogueEntry[] = frozen([
  ...HELP_AND_PROTECTION,
  ...CHILDREN_IN_CARE,
  ...CARE_LEAVERS,
  ...WORKFORCE,
]);

/** The entry for a code, or undefined: codes come from stored data and imports, so a miss is possible. */
export function findIndicator(code: string): CatalogueEntry | undefined {
  return CATALOGUE.find((entry) => entry.code === code);
}

// ---- Labels, for pages and exports ----

export const UNIT_LABELS: Record<IndicatorUnit, string> = {
  percent: 'Percentage',
  count: 'Number',
  rate_per_10000: 'Rate per 10,000 children',
  days: 'Days',
  fte: 'Full-time equivalent (FTE)',
  ratio: 'Ratio',
};

export const POLARITY_LABELS: Record<Polarity, string> = {
  higher_is_better: 'Higher is better',
  lower_is_better: 'Lower is better',
  neutral: 'Neither higher nor lower is better',
};

export const SOURCE_LABELS: Record<IndicatorSource, string> = {
  case_management: 'Case management system',
  annex_a: 'Ofsted Annex A data',
  cin_census: 'Children in need census',
  ssda903: 'Children looked after return (SSDA903)',
  workforce_census: 'Children’s social work workforce census',
  manual: 'Entered by hand',
};

export const CATEGORY_LABELS: Record<IndicatorCategory, string> = {
  help_and_protection: 'Help and protection',
  children_in_care: 'Children in care',
  care_leavers: 'Care leavers',
  workforce: 'Workforce',
};
