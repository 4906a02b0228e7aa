// Waymark's plan workbook: writes a plan as the template (one row per action), and reads a plan back from
// it — or from a council's own spreadsheet through a column mapping — all or nothing, naming every bad cell.
//
// Reading rules worth knowing:
// - Rows are grouped by ref when given, else by title: an outcome is its ref (or its title), a commitment
//   its ref (or its title within its outcome). Outcome and commitment fields repeat on each row; a later
//   row may leave them blank, but may not contradict the first.
// - Missing refs are generated deterministically, in sheet order, skipping refs the sheet already uses:
//   outcomes O1, O2…; commitments <outcome ref>.C1…; actions <commitment ref>.A1… (O1.C1.A1). The same
//   sheet always gets the same refs, so a re-import matches.
// - In a mapped (council) sheet a row with no outcome, or no commitment, belongs to the one above — the
//   way merged cells and "fill down" layouts read. The template repeats them, so there it is an error.
// - Text is trimmed; blank optional text reads as absent; emails are lower-cased.
import ExcelJS from 'exceljs';
import { columnLetter } from '../../../platform/csv.js';
import { ValidationError } from '../../../platform/errors.js';
import { DELIVERY_STATUS_LABELS, DELIVERY_STATUSES, RAG_LABELS, RAGS } from '../rules/rules.js';
import {
  cellResult,
  cellText,
  hasForbiddenCharacters,
  isExcelError,
  readDate,
  readEmail,
  readEvidenceLinks,
  readLines,
  readRag,
  readRecommendationNumbers,
  readStatus,
} from './cells.js';
import { ACTION_KEYS, COLUMN_BY_KEY, REQUIRED_KEYS, TEMPLATE_COLUMNS } from './columns.js';
import type {
  ColumnMapping,
  PlanSheet,
  PlanSheetAction,
  PlanSheetCommitment,
  PlanSheetOutcome,
  TemplateColumnKey,
} from './columns.js';
import { normaliseHeader, suggestMapping } from './mapping.js';

export { TEMPLATE_COLUMNS, suggestMapping };
export type {
  ColumnMapping,
  PlanSheet,
  PlanSheetAction,
  PlanSheetCommitment,
  PlanSheetOutcome,
  TemplateColumn,
  TemplateColumnKey,
} from './columns.js';

export const PLAN_SHEET_NAME = 'Plan';
export const README_SHEET_NAME = 'Read me';

// Row 1 holds the plan's title, row 2 the headers, so a printed or forwarded sheet says what it is.
const TITLE_ROW = 1;
const HEADER_ROW = 2;
// Drop-down lists cover this many rows beyond the plan's own, so rows people add get them too.
const SPARE_VALIDATED_ROWS = 500;
// Excel refuses to open a file with a longer cell.
const EXCEL_MAX_CELL_TEXT = 32_767;

// ---- Writing ----

function excelDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function rowValues(
  outcome: PlanSheetOutcome,
  commitment: PlanSheetCommitment,
  action: PlanSheetAction | null,
): Record<TemplateColumnKey, ExcelJS.CellValue> {
  // A list item cannot hold a line break: the cell is one item a line. Join broken lines with a space.
  const lines = (items: readonly string[]) => items.map((i) => i.replace(/\s*\r?\n\s*/g, ' ')).join('\n');
  const text = (value: string | undefined) => (value === undefined || value === '' ? null : value);
  return {
    outcomeRef: outcome.ref,
    outcomeTitle: outcome.title,
    outcomeDescription: text(outcome.description),
    commitmentRef: commitment.ref,
    commitmentTitle: commitment.title,
    recommendationNumbers: text(commitment.recommendationNumbers.join(', ')),
    successMeasures: text(lines(commitment.successMeasures)),
    actionRef: action?.ref ?? null,
    actionTitle: action?.title ?? null,
    actionDescription: text(action?.description),
    leadOfficerEmail: action?.leadOfficerEmail ?? null,
    originalTargetDate: action ? excelDate(action.originalTargetDate) : null,
    currentTargetDate: action ? excelDate(action.currentTargetDate) : null,
    deliveryStatus: action ? DELIVERY_STATUS_LABELS[action.deliveryStatus] : null,
    rag: action?.rag ? RAG_LABELS[action.rag] : null,
    ragOverrideReason: text(action?.ragOverrideReason),
    evidenceLinks: action ? text(lines(action.evidenceLinks)) : null,
  };
}

// Worksheet.dataValidations takes a range; exceljs's typings only declare the per-cell form.
interface WithRangeValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

function listValidation(values: string[], title: string): ExcelJS.DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [`"${values.join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: title,
    error: `Choose one of: ${values.join(', ')}`,
  };
}

/** The plan as Waymark's template: a "Plan" sheet (one row per action) and a "Read me" sheet. */
export async function writePlanWorkbook(plan: PlanSheet): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Waymark';
  workbook.title = plan.planTitle;
  const sheet = workbook.addWorksheet(PLAN_SHEET_NAME, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW, topLeftCell: `A${HEADER_ROW + 1}` }],
  });
  TEMPLATE_COLUMNS.forEach((column, index) => {
    sheet.getColumn(index + 1).width = column.width;
  });

  const title = sheet.getCell(TITLE_ROW, 1);
  title.value = plan.planTitle;
  title.font = { bold: true, size: 14 };

  const header = sheet.getRow(HEADER_ROW);
  TEMPLATE_COLUMNS.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = column.header;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E9EB' } };
    cell.alignment = { vertical: 'top', wrapText: true };
    cell.border = { bottom: { style: 'thin' } };
  });

  let rowNumber = HEADER_ROW;
  const writeRow = (values: Record<TemplateColumnKey, ExcelJS.CellValue>, where: string) => {
    rowNumber++;
    const row = sheet.getRow(rowNumber);
    TEMPLATE_COLUMNS.forEach((column, index) => {
      const value = values[column.key];
      if (typeof value === 'string' && value.length > EXCEL_MAX_CELL_TEXT)
        throw new RangeError(
          `${where}: the ${column.header.toLowerCase()} is longer than the ${EXCEL_MAX_CELL_TEXT} characters an Excel cell can hold`,
        );
      if (value === null) return;
      const cell = row.getCell(index + 1);
      cell.value = value;
      if (value instanceof Date) cell.numFmt = 'dd/mm/yyyy';
      cell.alignment = { vertical: 'top', wrapText: true };
    });
  };
  for (const outcome of plan.outcomes)
    for (const commitment of outcome.commitments) {
      if (commitment.actions.length === 0)
        writeRow(rowValues(outcome, commitment, null), `Commitment ${commitment.ref}`);
      for (const action of commitment.actions)
        writeRow(rowValues(outcome, commitment, action), `Action ${action.ref}`);
    }

  const lastColumn = columnLetter(TEMPLATE_COLUMNS.length);
  sheet.autoFilter = `A${HEADER_ROW}:${lastColumn}${HEADER_ROW}`;
  const validations = (sheet as unknown as WithRangeValidations).dataValidations;
  const lastValidatedRow = rowNumber + SPARE_VALIDATED_ROWS;
  const columnOf = (key: TemplateColumnKey) =>
    columnLetter(TEMPLATE_COLUMNS.findIndex((c) => c.key === key) + 1);
  validations.add(
    `${columnOf('deliveryStatus')}${HEADER_ROW + 1}:${columnOf('deliveryStatus')}${lastValidatedRow}`,
    listValidation(
      DELIVERY_STATUSES.map((s) => DELIVERY_STATUS_LABELS[s]),
      'Delivery status',
    ),
  );
  validations.add(
    `${columnOf('rag')}${HEADER_ROW + 1}:${columnOf('rag')}${lastValidatedRow}`,
    listValidation(
      RAGS.map((r) => RAG_LABELS[r]),
      'RAG rating',
    ),
  );

  writeReadMe(workbook.addWorksheet(README_SHEET_NAME));
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer);
}

function writeReadMe(sheet: ExcelJS.Worksheet): void {
  sheet.getColumn(1).width = 24;
  sheet.getColumn(2).width = 12;
  sheet.getColumn(3).width = 90;
  const add = (values: string[], bold = false) => {
    const row = sheet.addRow(values);
    row.alignment = { vertical: 'top', wrapText: true };
    if (bold) row.font = { bold: true };
  };
  sheet.addRow(['How to fill in the Waymark plan template']).font = { bold: true, size: 14 };
  for (const line of [
    'The "Plan" sheet has one row per action. Repeat the outcome and commitment on each of their actions\' rows.',
    'A commitment with no actions yet gets one row with the action columns left blank.',
    'Cell A1 of the "Plan" sheet is the plan\'s title. Keep the header row (row 2) as it is; columns may be moved.',
    'Leave refs blank and Waymark numbers them in sheet order: outcomes O1, O2…; commitments O1.C1…; actions O1.C1.A1….',
    'Dates: DD/MM/YYYY. Lists (success measures, evidence links): one item per line; Alt+Enter starts a new line in a cell.',
    'Delivery status (where the work is) and RAG rating (whether it is on track) are different columns: fill in each.',
    'Waymark reads the whole sheet or nothing: if any cell is wrong it lists every problem by row and column, and saves nothing.',
  ])
    add([line]);
  sheet.addRow([]);
  add(['Column', 'Required', 'What to enter'], true);
  for (const column of TEMPLATE_COLUMNS)
    add([column.header, column.required ? 'Yes' : 'No', column.description]);
  sheet.addRow([]);
  add(['Allowed values'], true);
  add(['Delivery status', '', DELIVERY_STATUSES.map((s) => DELIVERY_STATUS_LABELS[s]).join(', ')]);
  add(['RAG rating', '', RAGS.map((r) => RAG_LABELS[r]).join(', ')]);
}

// ---- Reading ----

export interface PlanImportError {
  sheet: string;
  /** The row number as Excel shows it; 0 when the problem is the workbook, not a row. */
  row: number;
  /** The column letter, such as 'K'; '' when the problem is not one cell. */
  column: string;
  header: string;
  message: string;
}

export interface PlanWorkbookReadResult {
  /** Null whenever there is any error: a plan is imported whole or not at all. */
  plan: PlanSheet | null;
  errors: PlanImportError[];
  warnings: string[];
  /** Data rows read (blank rows are not counted). */
  rowCount: number;
}

// Drop-down lists, conditional formats and extensions carry no plan data, and exceljs expands each
// validation range cell by cell: a whole-column list in a council's sheet would cost a million entries.
const READ_OPTIONS = { ignoreNodes: ['dataValidations', 'conditionalFormatting', 'extLst'] };

async function loadWorkbook(data: Buffer | Uint8Array): Promise<ExcelJS.Workbook | null> {
  const buffer = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer, READ_OPTIONS);
    return workbook;
  } catch {
    return null;
  }
}

const NOT_A_WORKBOOK =
  'This file is not an Excel workbook (.xlsx). Save it from Excel as "Excel Workbook (.xlsx)" and try again.';

interface Layout {
  sheet: ExcelJS.Worksheet;
  headerRow: number;
  columns: Map<TemplateColumnKey, number>;
  /** Mapped council sheets inherit a blank outcome or commitment from the row above. */
  fillDown: boolean;
}

const workbookError = (message: string, sheet = ''): PlanImportError => ({
  sheet,
  row: 0,
  column: '',
  header: '',
  message,
});

const headerTextAt = (sheet: ExcelJS.Worksheet, row: number, column: number) =>
  cellText(sheet.findCell(row, column)?.value);

/** Finds the template's header row: the "Plan" sheet first, then any sheet, in its first ten rows. */
function findTemplateLayout(
  workbook: ExcelJS.Workbook,
): { layout: Layout; errors: PlanImportError[]; warnings: string[] } | { errors: PlanImportError[] } {
  const byHeader = new Map(TEMPLATE_COLUMNS.map((c) => [normaliseHeader(c.header), c.key]));
  const sheets = [...workbook.worksheets].sort(
    (a, b) => Number(b.name === PLAN_SHEET_NAME) - Number(a.name === PLAN_SHEET_NAME),
  );
  let closest: { sheet: string; missing: TemplateColumnKey[] } | null = null;
  for (const sheet of sheets)
    for (let r = 1; r <= Math.min(10, sheet.rowCount); r++) {
      const row = sheet.findRow(r);
      if (!row) continue;
      const columns = new Map<TemplateColumnKey, number>();
      const errors: PlanImportError[] = [];
      const warnings: string[] = [];
      row.eachCell((cell, c) => {
        const text = cellText(cell.value);
        if (text === '') return;
        const key = byHeader.get(normaliseHeader(text));
        const first = key ? columns.get(key) : undefined;
        if (key && first === undefined) columns.set(key, c);
        else if (key)
          errors.push({
            sheet: sheet.name,
            row: r,
            column: columnLetter(c),
            header: text,
            message: `The column "${text}" appears twice (also column ${columnLetter(first!)}): delete one`,
          });
        else
          warnings.push(`Column ${columnLetter(c)} ("${text}") is not part of the template and was ignored.`);
      });
      const missing = REQUIRED_KEYS.filter((k) => !columns.has(k));
      if (missing.length === 0)
        return { layout: { sheet, headerRow: r, columns, fillDown: false }, errors, warnings };
      if (columns.size >= 3 && (!closest || missing.length < closest.missing.length))
        closest = { sheet: sheet.name, missing };
    }
  if (closest)
    return {
      errors: [
        workbookError(
          `The header row lacks the column(s) ${closest.missing.map((k) => `"${COLUMN_BY_KEY[k].header}"`).join(', ')}`,
          closest.sheet,
        ),
      ],
    };
  return {
    errors: [
      workbookError(
        "This workbook has no sheet with Waymark's template headers. If it is the council's own plan, map its columns to Waymark's instead.",
      ),
    ],
  };
}

function mappedLayout(workbook: ExcelJS.Workbook, mapping: ColumnMapping): Layout | PlanImportError[] {
  const sheet = workbook.getWorksheet(mapping.sheet);
  if (!sheet) return [workbookError(`The workbook has no sheet called "${mapping.sheet}"`, mapping.sheet)];
  if (!Number.isInteger(mapping.headerRow) || mapping.headerRow < 1)
    return [workbookError(`The header row must be a row number, not ${mapping.headerRow}`, sheet.name)];
  const errors: PlanImportError[] = [];
  const columns = new Map<TemplateColumnKey, number>();
  const usedBy = new Map<number, TemplateColumnKey>();
  for (const column of TEMPLATE_COLUMNS) {
    const index = mapping.columns[column.key];
    if (index === undefined) continue;
    const at = (message: string, letter = '') => ({
      sheet: sheet.name,
      row: mapping.headerRow,
      column: letter,
      header: letter ? headerTextAt(sheet, mapping.headerRow, index) : '',
      message,
    });
    if (!Number.isInteger(index) || index < 1 || index > 16_384) {
      errors.push(at(`"${column.header}" is mapped to ${index}, which is not a column`));
      continue;
    }
    const other = usedBy.get(index);
    if (other) {
      errors.push(
        at(
          `Column ${columnLetter(index)} is chosen for both "${COLUMN_BY_KEY[other].header}" and "${column.header}": choose one column for each`,
          columnLetter(index),
        ),
      );
      continue;
    }
    usedBy.set(index, column.key);
    columns.set(column.key, index);
  }
  for (const key of REQUIRED_KEYS)
    if (!mapping.columns[key])
      errors.push({
        sheet: sheet.name,
        row: mapping.headerRow,
        column: '',
        header: COLUMN_BY_KEY[key].header,
        message: `Choose the column that holds "${COLUMN_BY_KEY[key].header}": it is required`,
      });
  return errors.length ? errors : { sheet, headerRow: mapping.headerRow, columns, fillDown: true };
}

/** The first text above the header row (the template's A1), else the workbook's title, else the sheet name. */
function planTitleOf(workbook: ExcelJS.Workbook, layout: Layout): string | null {
  for (let r = 1; r < layout.headerRow; r++) {
    let found = '';
    layout.sheet.findRow(r)?.eachCell((cell) => {
      if (found === '') found = cellText(cell.value);
    });
    if (found !== '') return found;
  }
  // Typed as a string, but absent when a file has no document properties.
  return String(workbook.title ?? '').trim() || null;
}

interface OutcomeDraft {
  ref: string | null;
  title: string;
  description?: string;
  descriptionRow: number;
  row: number;
  commitments: CommitmentDraft[];
}

interface CommitmentDraft {
  ref: string | null;
  title: string;
  outcome: OutcomeDraft;
  row: number;
  recommendationNumbers: number[] | null;
  recommendationsRow: number;
  successMeasures: string[] | null;
  successMeasuresRow: number;
  actions: { ref: string | null; action: Omit<PlanSheetAction, 'ref'> }[];
}

/** Case and spacing do not make two titles or refs different. */
const identity = (text: string) => text.toLowerCase().replace(/\s+/g, ' ');

const sameList = <T>(a: readonly T[], b: readonly T[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Reads a plan from Waymark's template, or with `mapping` from a council's own sheet (see inspectWorkbook
 * and suggestMapping). Every row and cell is checked and every problem listed, sorted by row and column;
 * `plan` is null if there is any. Warnings say what was assumed, and never block.
 */
export async function readPlanWorkbook(
  data: Buffer | Uint8Array,
  mapping?: ColumnMapping,
): Promise<PlanWorkbookReadResult> {
  const failed = (errors: PlanImportError[], warnings: string[] = []): PlanWorkbookReadResult => ({
    plan: null,
    errors,
    warnings,
    rowCount: 0,
  });
  const workbook = await loadWorkbook(data);
  if (!workbook) return failed([workbookError(NOT_A_WORKBOOK)]);

  let layout: Layout;
  const warnings: string[] = [];
  const errors: (PlanImportError & { columnIndex: number })[] = [];
  if (mapping) {
    const found = mappedLayout(workbook, mapping);
    if (Array.isArray(found)) return failed(found);
    layout = found;
  } else {
    const found = findTemplateLayout(workbook);
    if (!('layout' in found)) return failed(found.errors);
    layout = found.layout;
    errors.push(...found.errors.map((e) => ({ ...e, columnIndex: 0 })));
    warnings.push(...found.warnings);
  }
  const { sheet, headerRow, columns } = layout;
  const headers = new Map([...columns].map(([key, index]) => [key, headerTextAt(sheet, headerRow, index)]));

  const outcomes: OutcomeDraft[] = [];
  const outcomeByRef = new Map<string, OutcomeDraft>();
  const outcomeByTitle = new Map<string, OutcomeDraft>();
  const commitmentByRef = new Map<string, CommitmentDraft>();
  const commitmentByTitle = new Map<OutcomeDraft, Map<string, CommitmentDraft>>();
  const actionRefRows = new Map<string, number>();
  let previous: { outcome: OutcomeDraft; commitment: CommitmentDraft } | null = null;
  let rowCount = 0;
  let filledDown = 0;
  let defaultedStatus = 0;
  const monthOnlyCells: string[] = [];

  sheet.eachRow((row, r) => {
    if (r <= headerRow) return;
    const raw = new Map<TemplateColumnKey, ExcelJS.CellValue>();
    const text = new Map<TemplateColumnKey, string>();
    for (const [key, index] of columns) {
      const value = row.findCell(index)?.value;
      raw.set(key, value);
      text.set(key, cellText(value));
    }
    if ([...text.values()].every((t) => t === '')) return;
    rowCount++;

    const fail = (key: TemplateColumnKey, message: string) => {
      const index = columns.get(key) ?? 0;
      errors.push({
        sheet: sheet.name,
        row: r,
        column: index ? columnLetter(index) : '',
        header: headers.get(key) ?? COLUMN_BY_KEY[key].header,
        message,
        columnIndex: index,
      });
    };
    // Unreadable cells are reported once, then treated as blank-but-present so nothing else piles on.
    const unreadable = new Set<TemplateColumnKey>();
    for (const [key, value] of raw) {
      const shown = cellResult(value);
      if (isExcelError(shown)) {
        fail(key, `The cell shows the Excel error ${shown.error}: enter the value itself`);
        unreadable.add(key);
      } else if (hasForbiddenCharacters(text.get(key)!)) {
        fail(key, 'The cell contains a control character or broken text: retype it');
        unreadable.add(key);
      }
    }
    const get = (key: TemplateColumnKey) => (unreadable.has(key) ? '' : (text.get(key) ?? ''));
    const given = (key: TemplateColumnKey) => get(key) !== '';
    const required = (key: TemplateColumnKey, what: string) => {
      if (!given(key) && !unreadable.has(key)) fail(key, `Enter ${what}`);
    };

    // -- Outcome --
    let outcome: OutcomeDraft | undefined;
    const outcomeRef = get('outcomeRef');
    const outcomeTitle = get('outcomeTitle');
    if (!outcomeRef && !outcomeTitle && layout.fillDown && previous && !unreadable.has('outcomeTitle')) {
      outcome = previous.outcome;
      filledDown++;
    } else {
      const byRef = outcomeRef ? outcomeByRef.get(identity(outcomeRef)) : undefined;
      if (byRef) {
        outcome = byRef;
        if (outcomeTitle && identity(outcomeTitle) !== identity(byRef.title))
          fail(
            'outcomeTitle',
            `Outcome ref "${outcomeRef}" is "${byRef.title}" on row ${byRef.row}, but "${outcomeTitle}" here: one ref, one outcome`,
          );
      } else if (outcomeTitle) {
        const byTitle = outcomeByTitle.get(identity(outcomeTitle));
        // A title seen before joins that outcome, unless both rows give different refs.
        if (byTitle && (!outcomeRef || byTitle.ref === null)) {
          outcome = byTitle;
          if (outcomeRef) {
            byTitle.ref = outcomeRef;
            outcomeByRef.set(identity(outcomeRef), byTitle);
          }
        } else {
          outcome = {
            ref: outcomeRef || null,
            title: outcomeTitle,
            row: r,
            descriptionRow: 0,
            commitments: [],
          };
          outcomes.push(outcome);
          if (outcomeRef) outcomeByRef.set(identity(outcomeRef), outcome);
          if (!byTitle) outcomeByTitle.set(identity(outcomeTitle), outcome);
        }
      } else required('outcomeTitle', 'the outcome this row belongs to');
    }
    if (outcome && given('outcomeDescription')) {
      const description = get('outcomeDescription');
      if (outcome.description === undefined) {
        outcome.description = description;
        outcome.descriptionRow = r;
      } else if (description !== outcome.description)
        fail(
          'outcomeDescription',
          `The outcome's description differs from row ${outcome.descriptionRow}: give it once, or the same on each row`,
        );
    }

    // -- Commitment --
    let commitment: CommitmentDraft | undefined;
    const commitmentRef = get('commitmentRef');
    const commitmentTitle = get('commitmentTitle');
    if (outcome) {
      const titles = commitmentByTitle.get(outcome) ?? new Map<string, CommitmentDraft>();
      commitmentByTitle.set(outcome, titles);
      if (
        !commitmentRef &&
        !commitmentTitle &&
        layout.fillDown &&
        previous?.outcome === outcome &&
        !unreadable.has('commitmentTitle')
      ) {
        commitment = previous.commitment;
        filledDown++;
      } else {
        const byRef = commitmentRef ? commitmentByRef.get(identity(commitmentRef)) : undefined;
        if (byRef) {
          if (byRef.outcome !== outcome)
            fail(
              'commitmentRef',
              `Commitment ref "${commitmentRef}" is under the outcome "${byRef.outcome.title}" on row ${byRef.row}: a commitment belongs to one outcome`,
            );
          else {
            commitment = byRef;
            if (commitmentTitle && identity(commitmentTitle) !== identity(byRef.title))
              fail(
                'commitmentTitle',
                `Commitment ref "${commitmentRef}" is "${byRef.title}" on row ${byRef.row}, but "${commitmentTitle}" here: one ref, one commitment`,
              );
          }
        } else if (commitmentTitle) {
          const byTitle = titles.get(identity(commitmentTitle));
          if (byTitle && (!commitmentRef || byTitle.ref === null)) {
            commitment = byTitle;
            if (commitmentRef) {
              byTitle.ref = commitmentRef;
              commitmentByRef.set(identity(commitmentRef), byTitle);
            }
          } else {
            commitment = {
              ref: commitmentRef || null,
              title: commitmentTitle,
              outcome,
              row: r,
              recommendationNumbers: null,
              recommendationsRow: 0,
              successMeasures: null,
              successMeasuresRow: 0,
              actions: [],
            };
            outcome.commitments.push(commitment);
            if (commitmentRef) commitmentByRef.set(identity(commitmentRef), commitment);
            if (!byTitle) titles.set(identity(commitmentTitle), commitment);
          }
        } else required('commitmentTitle', 'the commitment this row belongs to');
      }
    }
    if (commitment && given('recommendationNumbers')) {
      const numbers = readRecommendationNumbers(get('recommendationNumbers'));
      if (!numbers.ok) fail('recommendationNumbers', numbers.message);
      else if (commitment.recommendationNumbers === null) {
        commitment.recommendationNumbers = numbers.value;
        commitment.recommendationsRow = r;
      } else if (!sameList(numbers.value, commitment.recommendationNumbers))
        fail(
          'recommendationNumbers',
          `The commitment's recommendations differ from row ${commitment.recommendationsRow}: give them once, or the same on each row`,
        );
    }
    if (commitment && given('successMeasures')) {
      const measures = readLines(get('successMeasures'));
      if (commitment.successMeasures === null) {
        commitment.successMeasures = measures;
        commitment.successMeasuresRow = r;
      } else if (!sameList(measures, commitment.successMeasures))
        fail(
          'successMeasures',
          `The commitment's success measures differ from row ${commitment.successMeasuresRow}: give them once, or the same on each row`,
        );
    }
    if (outcome && commitment) previous = { outcome, commitment };

    // -- Action: any action cell filled makes the row an action --
    if (!ACTION_KEYS.some((key) => given(key) || unreadable.has(key))) return;
    required('actionTitle', 'the action');
    const actionRef = get('actionRef');
    if (actionRef) {
      const firstRow = actionRefRows.get(identity(actionRef));
      if (firstRow !== undefined)
        fail(
          'actionRef',
          `The action ref "${actionRef}" is already used on row ${firstRow}: refs must be unique`,
        );
      else actionRefRows.set(identity(actionRef), r);
    }
    let leadOfficerEmail = '';
    if (given('leadOfficerEmail')) {
      const email = readEmail(get('leadOfficerEmail'));
      if (email.ok) leadOfficerEmail = email.value;
      else fail('leadOfficerEmail', email.message);
    } else required('leadOfficerEmail', "the lead officer's email address");
    const date = (key: 'originalTargetDate' | 'currentTargetDate') => {
      if (!given(key)) return '';
      const read = readDate(raw.get(key));
      if (!read.ok) {
        fail(key, read.message);
        return '';
      }
      if (read.value.monthOnly) monthOnlyCells.push(`${columnLetter(columns.get(key)!)}${r}`);
      return read.value.date;
    };
    const currentTargetDate = date('currentTargetDate');
    required('currentTargetDate', 'the current target date (DD/MM/YYYY)');
    // Blank original date: the target has not moved.
    const originalTargetDate = given('originalTargetDate') ? date('originalTargetDate') : currentTargetDate;
    let deliveryStatus: PlanSheetAction['deliveryStatus'] | null = 'not_started';
    if (given('deliveryStatus')) {
      const status = readStatus(get('deliveryStatus'));
      deliveryStatus = status.ok ? status.value : null;
      if (!status.ok) fail('deliveryStatus', status.message);
    } else if (!unreadable.has('deliveryStatus')) defaultedStatus++;
    let rag: PlanSheetAction['rag'] = null;
    if (given('rag')) {
      const read = readRag(get('rag'));
      if (!read.ok) fail('rag', read.message);
      else if (deliveryStatus === 'cancelled')
        fail('rag', 'A cancelled action has no RAG rating: leave this cell blank');
      else if (read.value === 'blue' && deliveryStatus !== null && deliveryStatus !== 'embedded')
        fail(
          'rag',
          `Blue is only for embedded actions, and this one is ${DELIVERY_STATUS_LABELS[deliveryStatus].toLowerCase()}`,
        );
      else rag = read.value;
    }
    let evidenceLinks: string[] = [];
    if (given('evidenceLinks')) {
      const links = readEvidenceLinks(get('evidenceLinks'));
      if (links.ok) evidenceLinks = links.value;
      else fail('evidenceLinks', links.message);
    }
    if (!commitment) return;
    const action: Omit<PlanSheetAction, 'ref'> = {
      title: get('actionTitle'),
      description: get('actionDescription'),
      leadOfficerEmail,
      originalTargetDate,
      currentTargetDate,
      deliveryStatus: deliveryStatus ?? 'not_started',
      rag,
      evidenceLinks,
    };
    if (given('ragOverrideReason')) action.ragOverrideReason = get('ragOverrideReason');
    commitment.actions.push({ ref: actionRef || null, action });
  });

  if (rowCount === 0 && errors.length === 0)
    errors.push({
      ...workbookError('The sheet has no rows below its header row', sheet.name),
      columnIndex: 0,
    });
  errors.sort((a, b) => a.row - b.row || a.columnIndex - b.columnIndex);
  const publicErrors = errors.map(({ columnIndex: _, ...e }) => e);

  if (filledDown)
    warnings.push(
      `${filledDown} blank outcome or commitment cell(s) were taken from the row above, as in merged cells.`,
    );
  if (defaultedStatus)
    warnings.push(`${defaultedStatus} action(s) had no delivery status and are "Not started".`);
  if (monthOnlyCells.length)
    warnings.push(`Dates given as a month were read as the month's last day: ${listSome(monthOnlyCells)}.`);
  const title = planTitleOf(workbook, layout);
  if (!title) warnings.push(`The plan has no title above the header row, so it is called "${sheet.name}".`);
  if (publicErrors.length) return { plan: null, errors: publicErrors, warnings, rowCount };

  const plan: PlanSheet = { planTitle: title ?? sheet.name, outcomes: assignRefs(outcomes) };
  const unanswered = plan.outcomes.flatMap((o) =>
    o.commitments.filter((c) => c.recommendationNumbers.length === 0).map((c) => c.ref),
  );
  if (unanswered.length)
    warnings.push(
      `Commitment(s) ${listSome(unanswered)} answer no recommendation yet: link each to at least one before the plan is approved.`,
    );
  return { plan, errors: [], warnings, rowCount };
}

function listSome(items: readonly string[], max = 10): string {
  return items.length <= max
    ? items.join(', ')
    : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Gives every outcome, commitment and action without a ref the next free one in its scope, in sheet order. */
function assignRefs(outcomes: OutcomeDraft[]): PlanSheetOutcome[] {
  const used = new Set<string>();
  for (const o of outcomes) {
    if (o.ref) used.add(identity(o.ref));
    for (const c of o.commitments) {
      if (c.ref) used.add(identity(c.ref));
      for (const a of c.actions) if (a.ref) used.add(identity(a.ref));
    }
  }
  const next = (prefix: string, counter: { n: number }) => {
    let ref: string;
    do ref = `${prefix}${++counter.n}`;
    while (used.has(identity(ref)));
    used.add(identity(ref));
    return ref;
  };
  const outcomeCounter = { n: 0 };
  return outcomes.map((o) => {
    const outcomeRef = o.ref ?? next('O', outcomeCounter);
    const commitmentCounter = { n: 0 };
    const outcome: PlanSheetOutcome = {
      ref: outcomeRef,
      title: o.title,
      commitments: o.commitments.map((c) => {
        const commitmentRef = c.ref ?? next(`${outcomeRef}.C`, commitmentCounter);
        const actionCounter = { n: 0 };
        return {
          ref: commitmentRef,
          title: c.title,
          recommendationNumbers: c.recommendationNumbers ?? [],
          successMeasures: c.successMeasures ?? [],
          actions: c.actions.map((a) => ({
            ref: a.ref ?? next(`${commitmentRef}.A`, actionCounter),
            ...a.action,
          })),
        };
      }),
    };
    if (o.description !== undefined) outcome.description = o.description;
    return outcome;
  });
}

// ---- Councils' own sheets ----

export interface InspectedSheet {
  name: string;
  /** Header texts by column: headers[0] is column A ('' where a column has no header). */
  headers: string[];
  /** 0 when no row has three or more text cells. */
  headerRow: number;
  /** Up to five data rows below the header, as text, aligned with headers. */
  sampleRows: string[][];
  /** Non-blank rows below the header row. */
  rowCount: number;
}

const SAMPLE_ROWS = 5;

/** Each sheet's header row, headers and a sample of its rows, for the mapping preview. */
export async function inspectWorkbook(data: Buffer | Uint8Array): Promise<{ sheets: InspectedSheet[] }> {
  const workbook = await loadWorkbook(data);
  if (!workbook) throw new ValidationError(NOT_A_WORKBOOK);
  return { sheets: workbook.worksheets.map(inspectSheet) };
}

function inspectSheet(sheet: ExcelJS.Worksheet): InspectedSheet {
  let headerRow = 0;
  let headers: string[] = [];
  const sampleRows: string[][] = [];
  let rowCount = 0;
  sheet.eachRow((row, r) => {
    if (headerRow === 0) {
      // A header is text: a title row has one cell, and a row of numbers or dates is data.
      let textCells = 0;
      row.eachCell((cell) => {
        const value = cell.value;
        if (
          (typeof value === 'string' || (value && typeof value === 'object' && 'richText' in value)) &&
          cellText(value)
        )
          textCells++;
      });
      if (textCells >= 3) {
        headerRow = r;
        const width = lastFilledColumn(row);
        headers = Array.from({ length: width }, (_, i) => cellText(row.findCell(i + 1)?.value));
      }
      return;
    }
    const width = Math.max(headers.length, lastFilledColumn(row));
    const cells = Array.from({ length: width }, (_, i) => cellText(row.findCell(i + 1)?.value));
    if (cells.every((c) => c === '')) return;
    rowCount++;
    if (sampleRows.length < SAMPLE_ROWS) sampleRows.push(cells.slice(0, Math.max(headers.length, 1)));
  });
  if (headerRow === 0) rowCount = 0;
  return { name: sheet.name, headers, headerRow, sampleRows, rowCount };
}

function lastFilledColumn(row: ExcelJS.Row): number {
  let last = 0;
  row.eachCell((cell, c) => {
    if (cellText(cell.value) !== '') last = c;
  });
  return last;
}
