// The plan workbook's shape: the plain PlanSheet model, the template's columns and the column mapping
// used for councils' own spreadsheets. Kept apart so the reader, writer and mapper share one truth.
import type { DeliveryStatus, Rag } from '../rules/rules.js';

export interface PlanSheetAction {
  ref: string;
  title: string;
  description: string;
  leadOfficerEmail: string;
  originalTargetDate: string;
  currentTargetDate: string;
  deliveryStatus: DeliveryStatus;
  rag: Rag | null;
  ragOverrideReason?: string;
  evidenceLinks: string[];
}

export interface PlanSheetCommitment {
  ref: string;
  title: string;
  recommendationNumbers: number[];
  successMeasures: string[];
  actions: PlanSheetAction[];
}

export interface PlanSheetOutcome {
  ref: string;
  title: string;
  description?: string;
  commitments: PlanSheetCommitment[];
}

/** A plan as a spreadsheet holds it: outcome → commitment → action, with no database ids. */
export interface PlanSheet {
  planTitle: string;
  outcomes: PlanSheetOutcome[];
}

export type TemplateColumnKey =
  | 'outcomeRef'
  | 'outcomeTitle'
  | 'outcomeDescription'
  | 'commitmentRef'
  | 'commitmentTitle'
  | 'recommendationNumbers'
  | 'successMeasures'
  | 'actionRef'
  | 'actionTitle'
  | 'actionDescription'
  | 'leadOfficerEmail'
  | 'originalTargetDate'
  | 'currentTargetDate'
  | 'deliveryStatus'
  | 'rag'
  | 'ragOverrideReason'
  | 'evidenceLinks';

export interface TemplateColumn {
  key: TemplateColumnKey;
  header: string;
  /** Must be filled: on every row for outcome and commitment, on every action row for the action's. */
  required: boolean;
  description: string;
  /** Column width in Excel's character units. */
  width: number;
}

/** Which 1-based column of which sheet holds each field, below a header on `headerRow`. */
export interface ColumnMapping {
  sheet: string;
  headerRow: number;
  columns: Partial<Record<TemplateColumnKey, number>>;
}

/** The template's columns, in the order they are written. The "Read me" sheet is generated from these. */
export const TEMPLATE_COLUMNS: readonly TemplateColumn[] = [
  {
    key: 'outcomeRef',
    header: 'Outcome ref',
    required: false,
    description:
      'A short reference for the outcome, such as O1. Repeat it on every row of the outcome. Leave blank and Waymark numbers outcomes O1, O2… in the order they first appear.',
    width: 12,
  },
  {
    key: 'outcomeTitle',
    header: 'Outcome',
    required: true,
    description: 'The outcome (priority or theme) this row belongs to, written the same on each of its rows.',
    width: 36,
  },
  {
    key: 'outcomeDescription',
    header: 'Outcome description',
    required: false,
    description: 'What the outcome means for children. Give it once, or the same on each of its rows.',
    width: 40,
  },
  {
    key: 'commitmentRef',
    header: 'Commitment ref',
    required: false,
    description:
      "A reference for the commitment, unique in the plan, such as O1.C2. Leave blank and Waymark numbers it after its outcome's ref: O1.C1, O1.C2…",
    width: 14,
  },
  {
    key: 'commitmentTitle',
    header: 'Commitment',
    required: true,
    description:
      'What the council commits to achieve under the outcome, written the same on each of its rows.',
    width: 40,
  },
  {
    key: 'recommendationNumbers',
    header: 'Recommendations',
    required: false,
    description:
      'The numbers of the inspection\'s "What needs to improve?" recommendations the commitment answers, such as "1, 3; 7" or "2-4". Every commitment needs at least one before the plan is approved.',
    width: 16,
  },
  {
    key: 'successMeasures',
    header: 'Success measures',
    required: false,
    description:
      'What will be measured, monitored, observed or established to show the commitment is working: one per line (Alt+Enter starts a new line in a cell).',
    width: 45,
  },
  {
    key: 'actionRef',
    header: 'Action ref',
    required: false,
    description:
      "A reference for the action, unique in the plan. Leave blank and Waymark numbers it after its commitment's ref: O1.C1.A1, O1.C1.A2…",
    width: 14,
  },
  {
    key: 'actionTitle',
    header: 'Action',
    required: true,
    description:
      'The action: specific, measurable, achievable, relevant and time-bound. Leave every action column blank on a row for a commitment that has no actions yet.',
    width: 45,
  },
  {
    key: 'actionDescription',
    header: 'Action description',
    required: false,
    description: 'More about the action: how it will be done and what "done" looks like.',
    width: 50,
  },
  {
    key: 'leadOfficerEmail',
    header: 'Lead officer email',
    required: true,
    description:
      'The email address of the one named person accountable for the action, who reports its progress.',
    width: 32,
  },
  {
    key: 'originalTargetDate',
    header: 'Original target date',
    required: false,
    description:
      'The target date first agreed. Leave blank when it is the same as the current target date. Type dates as DD/MM/YYYY.',
    width: 14,
  },
  {
    key: 'currentTargetDate',
    header: 'Current target date',
    required: true,
    description: 'The target date now agreed, as DD/MM/YYYY.',
    width: 14,
  },
  {
    key: 'deliveryStatus',
    header: 'Delivery status',
    required: false,
    description:
      'Where the work is: Not started, In progress, Complete, Embedded or Cancelled. Blank means Not started. This is not the RAG rating.',
    width: 14,
  },
  {
    key: 'rag',
    header: 'RAG rating',
    required: false,
    description:
      'Whether the action is on track: Red, Amber, Green, or Blue for an embedded action. Leave blank for a cancelled action, or to let Waymark suggest one.',
    width: 11,
  },
  {
    key: 'ragOverrideReason',
    header: 'RAG override reason',
    required: false,
    description: 'Why the RAG rating differs from the one Waymark suggests, where it does.',
    width: 36,
  },
  {
    key: 'evidenceLinks',
    header: 'Evidence links',
    required: false,
    description:
      'Links (https://…) to evidence, or document names or file paths: one per line. Other kinds of link are refused.',
    width: 45,
  },
];

/** Columns that belong to the action on a row; a row with all of them blank is a commitment with no actions. */
export const ACTION_KEYS: readonly TemplateColumnKey[] = [
  'actionRef',
  'actionTitle',
  'actionDescription',
  'leadOfficerEmail',
  'originalTargetDate',
  'currentTargetDate',
  'deliveryStatus',
  'rag',
  'ragOverrideReason',
  'evidenceLinks',
];

export const REQUIRED_KEYS: readonly TemplateColumnKey[] = TEMPLATE_COLUMNS.filter((c) => c.required).map(
  (c) => c.key,
);

export const COLUMN_BY_KEY = Object.fromEntries(TEMPLATE_COLUMNS.map((c) => [c.key, c])) as Record<
  TemplateColumnKey,
  TemplateColumn
>;
