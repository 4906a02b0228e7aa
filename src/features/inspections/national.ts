// Readers for the national picture: Ofsted's overview of every council's latest ILACS grades (xlsx)
// and DfE's statistical neighbour groupings (csv). Each returns rows, or errors naming row and column.
import ExcelJS from 'exceljs';
import { columnLetter, parseCsv } from '../../platform/csv.js';
import type { Grade } from './schema.js';

export interface ImportError {
  row: number;
  column: string;
  message: string;
}

export interface NationalGradeRow {
  laNumber: number;
  laName: string;
  region: string | null;
  inspectionStartDate: string | null;
  inspectionEndDate: string | null;
  publishedDate: string | null;
  framework: string | null;
  overall: Grade | null;
  judgements: { area: string; grade: Grade }[];
}

const GRADE_WORDS: Record<string, Grade> = {
  outstanding: 'Outstanding',
  good: 'Good',
  'requires improvement': 'Requires improvement to be good',
  'requires improvement to be good': 'Requires improvement to be good',
  inadequate: 'Inadequate',
};

const OVERVIEW_AREAS: [string, string][] = [
  ['impact_of_leaders_grade', 'The impact of leaders on social work practice with children and families'],
  ['help_and_protection_grade', 'The experiences and progress of children who need help and protection'],
  ['in_care_grade', 'The experiences and progress of children in care'],
  ['care_leavers_grade', 'The experiences and progress of care leavers'],
];

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value && (typeof value.result === 'string' || typeof value.result === 'number')) {
      return String(value.result);
    }
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    return '';
  }
  return String(value).trim();
}

/** dd/mm/yyyy, dd/mm/yy or yyyy-mm-dd → yyyy-mm-dd; null for blank; undefined for nonsense. */
export function readDate(text: string): string | null | undefined {
  if (text === '') return null;
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(text);
  let iso: string | undefined;
  if (m) {
    const year = m[3]!.length === 2 ? `20${m[3]}` : m[3]!;
    iso = `${year}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  } else if ((m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text))) iso = `${m[1]}-${m[2]}-${m[3]}`;
  if (!iso) return undefined;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

function titleCase(name: string): string {
  return name
    .replace(/\b([a-z])/g, (c) => c.toUpperCase())
    .replace(/\b(And|Of|The|Upon|On)\b/g, (w) => w.toLowerCase())
    .replace(/^./, (c) => c.toUpperCase());
}

export async function readOfstedOverview(
  data: Buffer,
): Promise<{ rows: NationalGradeRow[]; errors: ImportError[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch {
    return {
      rows: [],
      errors: [{ row: 0, column: '', message: 'This file is not an Excel workbook (.xlsx)' }],
    };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { rows: [], errors: [{ row: 0, column: '', message: 'The workbook has no sheets' }] };
  const header = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => header.set(cellText(cell.value).toLowerCase(), col));
  const required = ['la_code', 'local_authority', 'overall_effectiveness_grade', 'publication_date'];
  const missing = required.filter((h) => !header.has(h));
  if (missing.length) {
    return {
      rows: [],
      errors: [
        {
          row: 1,
          column: '',
          message: `The header row lacks the column(s) ${missing.join(', ')}: this is not Ofsted's ILACS overview`,
        },
      ],
    };
  }
  const rows: NationalGradeRow[] = [];
  const errors: ImportError[] = [];
  const col = (name: string) => header.get(name);
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const get = (name: string) => {
      const c = col(name);
      return c ? cellText(row.getCell(c).value) : '';
    };
    if (!get('la_code') && !get('local_authority')) continue;
    const fail = (name: string, message: string) =>
      errors.push({ row: r, column: `${columnLetter(col(name) ?? 0)} (${name})`, message });
    const laNumber = Number(get('la_code'));
    if (!/^\d{3}$/.test(get('la_code')))
      fail('la_code', `"${get('la_code')}" is not a three-digit LA number`);
    const grade = (name: string): Grade | null => {
      const text = get(name).toLowerCase();
      // Blank, "nan" (the scraper's missing value) and "inspection_pre_dates_judgement" (a judgement
      // that did not exist under the framework of the time) all mean: no grade for this area.
      if (text === '' || text === 'n/a' || text === 'nan' || text === 'inspection_pre_dates_judgement')
        return null;
      const found = GRADE_WORDS[text];
      if (!found) fail(name, `"${get(name)}" is not an Ofsted grade`);
      return found ?? null;
    };
    const date = (name: string) => {
      const value = readDate(get(name));
      if (value === undefined) fail(name, `"${get(name)}" is not a date`);
      return value ?? null;
    };
    // Before 2023 children in care and care leavers were one judgement.
    const combined = get('care_leavers_grade').toLowerCase() === 'inspection_pre_dates_judgement';
    const judgements = OVERVIEW_AREAS.flatMap(([column, area]) => {
      const g = grade(column);
      const name =
        combined && column === 'in_care_grade'
          ? 'The experiences and progress of children in care and care leavers'
          : area;
      return g ? [{ area: name, grade: g }] : [];
    });
    rows.push({
      laNumber,
      laName: titleCase(get('local_authority')),
      region: get('region_code') || null,
      inspectionStartDate: date('inspection_start_date'),
      inspectionEndDate: date('inspection_end_date'),
      publishedDate: date('publication_date'),
      framework: get('inspection_framework') || null,
      overall: grade('overall_effectiveness_grade'),
      judgements,
    });
  }
  // Row by row, left to right, as a person would read the sheet.
  const letters = (e: ImportError) => e.column.split(' ')[0] ?? '';
  errors.sort(
    (a, b) => a.row - b.row || letters(a).length - letters(b).length || letters(a).localeCompare(letters(b)),
  );
  return { rows: errors.length ? [] : rows, errors };
}

export interface NeighbourRow {
  laNumber: number;
  laName: string;
  neighbours: { laNumber: number; rank: number; closeness: string }[];
}

export function readStatisticalNeighbours(text: string): {
  rows: NeighbourRow[];
  errors: ImportError[];
  notes: string[];
} {
  const table = parseCsv(text);
  const header = (table[0] ?? []).map((h) => h.trim());
  if (header[0] !== 'LA num' || !header.includes('SN1') || !header.includes('SN10')) {
    return {
      rows: [],
      errors: [
        {
          row: 1,
          column: '',
          message:
            'The header row must start "LA num, LA Name" and have SN1 to SN10: this is not the DfE statistical neighbour groupings',
        },
      ],
      notes: [],
    };
  }
  const rows: NeighbourRow[] = [];
  const errors: ImportError[] = [];
  const notes: string[] = [];
  for (let r = 1; r < table.length; r++) {
    const cells = table[r]!;
    if (cells.every((c) => c.trim() === '')) continue;
    const laText = (cells[0] ?? '').trim();
    // A row with a label but no LA number starts another section (DfE's file lists the groupings of
    // councils that no longer exist under "Old SNs:"): the current groupings end there.
    if (laText === '' && (cells[1] ?? '').trim() !== '') {
      notes.push(`Rows from ${r + 1} ("${(cells[1] ?? '').trim()}") are another section and were not read`);
      break;
    }
    if (!/^\d{3}$/.test(laText)) {
      errors.push({
        row: r + 1,
        column: 'A (LA num)',
        message: `"${laText}" is not a three-digit LA number`,
      });
      continue;
    }
    const neighbours = [];
    for (let n = 1; n <= 10; n++) {
      const index = header.indexOf(`SN${n}`);
      const value = (cells[index] ?? '').trim();
      if (value === '') continue;
      if (!/^\d{3}$/.test(value)) {
        errors.push({
          row: r + 1,
          column: `${columnLetter(index + 1)} (SN${n})`,
          message: `"${value}" is not a three-digit LA number`,
        });
        continue;
      }
      neighbours.push({ laNumber: Number(value), rank: n, closeness: (cells[index + 1] ?? '').trim() });
    }
    rows.push({ laNumber: Number(laText), laName: (cells[1] ?? '').trim(), neighbours });
  }
  return { rows: errors.length ? [] : rows, errors, notes };
}
