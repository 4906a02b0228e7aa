// The board pack as a workbook for people who sort and filter: the plan's actions, the indicator
// scorecard, the exceptions and the meeting actions, a sheet each. Reads only the PackModel; the same
// model gives the same bytes (see `renderPackXlsx`).
import ExcelJS from 'exceljs';
import type { PackModel, Rag } from './model.js';
import { packInstant, ragWord, stampZipEntries, statusWord, ukDate, utcDate } from './format.js';

const CREATOR = 'Waymark';
const DATE_FORMAT = 'd mmmm yyyy';
const RAG_FILL: Record<Rag, string> = {
  red: 'FFF4C7C3',
  amber: 'FFFCE8B2',
  green: 'FFB7E1CD',
  blue: 'FFC9DAF8',
};

type Value = string | number | Date | null;

interface Column {
  header: string;
  width: number;
  /** Long text: wrapped rather than cut off. */
  wrap?: boolean;
  date?: boolean;
}

interface SheetRow {
  values: Value[];
  /** The column (0-based) holding a RAG word, and its rating, for the fill behind it. */
  rag?: { column: number; rag: Rag | null };
}

function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: Column[],
  rows: SheetRow[],
  empty: string,
) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: c.width,
    style: {
      alignment: { vertical: 'top', wrapText: c.wrap ?? false },
      ...(c.date ? { numFmt: DATE_FORMAT } : {}),
    },
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'top', wrapText: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };

  if (rows.length === 0) {
    sheet.addRow([empty]).font = { italic: true };
    return sheet;
  }
  for (const row of rows) {
    const added = sheet.addRow(row.values);
    if (row.rag?.rag) {
      added.getCell(row.rag.column + 1).fill = {
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: RAG_FILL[row.rag.rag] },
      };
    }
  }
  return sheet;
}

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

function planSheet(workbook: ExcelJS.Workbook, model: PackModel) {
  const plan = model.plan;
  const outcomes = new Map((plan?.outcomes ?? []).map((o) => [o.ref, o]));
  const commitments = new Map(
    (plan?.outcomes ?? []).flatMap((o) => o.commitments.map((c) => [c.ref, c.title] as const)),
  );
  const named = (ref: string, title: string | undefined) => (title ? `${ref} ${title}` : ref);
  addSheet(
    workbook,
    'Plan',
    [
      { header: 'Outcome', width: 36, wrap: true },
      { header: 'Commitment', width: 36, wrap: true },
      { header: 'Ref', width: 10 },
      { header: 'Action', width: 48, wrap: true },
      { header: 'Lead', width: 24, wrap: true },
      { header: 'Delivery status', width: 14 },
      { header: 'RAG', width: 10 },
      { header: 'Original target date', width: 16, date: true },
      { header: 'Current target date', width: 16, date: true },
      { header: 'Times rescheduled', width: 12 },
      { header: 'Overdue', width: 10 },
      { header: 'Next update due', width: 16, date: true },
      { header: 'Latest update', width: 60, wrap: true },
    ],
    (plan?.actions ?? []).map((a) => ({
      values: [
        named(a.outcomeRef, outcomes.get(a.outcomeRef)?.title),
        named(a.commitmentRef, commitments.get(a.commitmentRef)),
        a.ref,
        a.title,
        a.leadName,
        statusWord(a.deliveryStatus),
        ragWord(a.rag),
        utcDate(a.originalTargetDate),
        utcDate(a.currentTargetDate),
        a.rescheduleCount,
        yesNo(a.overdue),
        utcDate(a.nextUpdateDue),
        a.latestNarrative ?? '',
      ],
      rag: { column: 6, rag: a.rag },
    })),
    plan ? 'None.' : 'There is no improvement plan recorded yet.',
  );
}

function scorecardSheet(workbook: ExcelJS.Workbook, model: PackModel) {
  const indicators = model.indicators;
  const periods = indicators?.periods ?? [];
  addSheet(
    workbook,
    'Scorecard',
    [
      { header: 'Indicator code', width: 14 },
      { header: 'Indicator', width: 44, wrap: true },
      { header: 'Unit', width: 10 },
      { header: 'Latest period', width: 14 },
      { header: 'Latest', width: 10 },
      { header: 'Target', width: 10 },
      { header: 'RAG', width: 10 },
      { header: 'Since previous', width: 30, wrap: true },
      { header: 'Baseline', width: 10 },
      ...periods.map((p) => ({ header: p, width: 11 })),
    ],
    (indicators?.rows ?? []).map((r) => ({
      values: [
        r.code,
        r.name,
        r.unit,
        r.latestPeriod,
        r.latestValue,
        r.targetText,
        ragWord(r.rag),
        r.sincePreviousText,
        r.baselineText,
        ...periods.map((p) => r.values[p] || null),
      ],
      rag: { column: 6, rag: r.rag },
    })),
    indicators ? 'None.' : 'There are no indicators recorded yet.',
  );
}

function exceptionsSheet(workbook: ExcelJS.Workbook, model: PackModel) {
  const plan = model.plan;
  const byRef = new Map((plan?.actions ?? []).map((a) => [a.ref, a]));
  const actions = (plan?.exceptionRefs ?? []).flatMap((ref) => byRef.get(ref) ?? []);
  addSheet(
    workbook,
    'Exceptions',
    [
      { header: 'Ref', width: 10 },
      { header: 'Action', width: 48, wrap: true },
      { header: 'Lead', width: 24, wrap: true },
      { header: 'RAG', width: 10 },
      { header: 'Reason for rating', width: 36, wrap: true },
      { header: 'Delivery status', width: 14 },
      { header: 'Current target date', width: 16, date: true },
      { header: 'Days overdue', width: 10 },
      { header: 'Latest update', width: 60, wrap: true },
    ],
    actions.map((a) => ({
      values: [
        a.ref,
        a.title,
        a.leadName,
        ragWord(a.rag),
        a.ragReason,
        statusWord(a.deliveryStatus),
        utcDate(a.currentTargetDate),
        a.overdue ? a.daysOverdue : null,
        a.latestNarrative ?? '',
      ],
      rag: { column: 3, rag: a.rag },
    })),
    plan ? 'None.' : 'There is no improvement plan recorded yet.',
  );
}

const ACTION_STATUS = { open: 'Open', done: 'Done', dropped: 'Dropped' } as const;

function meetingActionsSheet(workbook: ExcelJS.Workbook, model: PackModel) {
  addSheet(
    workbook,
    'Meeting actions',
    [
      { header: 'Meeting', width: 30, wrap: true },
      { header: 'Meeting date', width: 16, date: true },
      { header: 'Action', width: 48, wrap: true },
      { header: 'Owner', width: 24, wrap: true },
      { header: 'Due date', width: 16, date: true },
      { header: 'Status', width: 10 },
      { header: 'Overdue', width: 10 },
    ],
    model.meetingActions.map((a) => ({
      values: [
        a.meeting,
        utcDate(a.meetingDate),
        a.description,
        a.owner,
        utcDate(a.dueDate),
        ACTION_STATUS[a.status],
        yesNo(a.overdue),
      ],
      rag: { column: 6, rag: a.overdue ? 'red' : null },
    })),
    'None.',
  );
}

/**
 * The pack as an .xlsx workbook. Dates are Excel dates (midnight UTC, shown as "30 November 2026"), not
 * text. Deterministic: the same model gives the same bytes. The workbook's created and modified times
 * are the pack's "as at" date, and the zip entries, which the zip writer stamps with the current time,
 * are stamped with it too.
 */
export async function renderPackXlsx(model: PackModel): Promise<Buffer> {
  const when = packInstant(model.asAt);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = CREATOR;
  workbook.lastModifiedBy = CREATOR;
  workbook.created = when;
  workbook.modified = when;
  workbook.title = model.title;
  workbook.subject = `Board pack for ${model.board.name}: ${model.organisation.name}, data as at ${ukDate(model.asAt)}`;
  workbook.company = model.organisation.name;

  planSheet(workbook, model);
  scorecardSheet(workbook, model);
  exceptionsSheet(workbook, model);
  meetingActionsSheet(workbook, model);

  const written = await workbook.xlsx.writeBuffer();
  const buffer = Buffer.isBuffer(written) ? written : Buffer.from(written);
  return stampZipEntries(buffer, when);
}
