// A small RFC 4180 CSV reader: quoted fields with commas, quotes and newlines, CRLF, and a BOM.

/** One record and the file line it starts on (header = line 1), so errors can point at the line a person sees. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface CsvRecords {
  records: CsvRecord[];
  /** The line a quoted field opened on when the text ended inside it, else null: the file is cut short. */
  unclosedQuoteLine: number | null;
}

/**
 * Reads records with their line numbers. Lines are counted as an editor counts them (CRLF, LF or a lone
 * CR each end one), including the ones inside quoted fields, so a record after a multi-line cell still
 * reports the line it really starts on.
 */
export function readCsvRecords(text: string): CsvRecords {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && input[i + 1] !== '\n')) line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      row.push(cell);
      records.push({ line: recordLine, cells: row });
      row = [];
      cell = '';
      line++;
      recordLine = line;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    records.push({ line: recordLine, cells: row });
  }
  return { records, unclosedQuoteLine: quoted ? quoteLine : null };
}

export function parseCsv(text: string): string[][] {
  return readCsvRecords(text).records.map((r) => r.cells);
}

/** Spreadsheet-style column letters (1 → A, 27 → AA), for error messages people can follow. */
export function columnLetter(index1: number): string {
  let n = index1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
