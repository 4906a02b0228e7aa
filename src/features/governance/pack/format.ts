// Words, dates and numbers as the pack's renderers write them, and the one step that makes a zipped
// Office file the same bytes for the same model. Pure: no database, no clock.
import { DELIVERY_STATUS_LABELS, RAG_LABELS, formatUkDate, isValidIsoDate } from '../../plan/rules/rules.js';
import type { PackAction, Rag } from './model.js';

export { DELIVERY_STATUS_LABELS, RAG_LABELS };

/** The word for a RAG rating: a pack never shows a rating by colour alone. */
export function ragWord(rag: Rag | null | undefined): string {
  return rag ? RAG_LABELS[rag] : 'Not rated';
}

export function statusWord(status: PackAction['deliveryStatus']): string {
  return DELIVERY_STATUS_LABELS[status];
}

/** The calendar date part of an ISO date or date-time ('2026-11-30T09:00:00Z' → '2026-11-30'), or null. */
export function isoDatePart(value: string | null | undefined): string | null {
  if (!value) return null;
  const date = value.slice(0, 10);
  return isValidIsoDate(date) ? date : null;
}

/** '2026-11-30' → '30 November 2026'; text that is not a date is written as it is; nothing → ''. */
export function ukDate(value: string | null | undefined): string {
  if (!value) return '';
  const date = isoDatePart(value);
  return date ? formatUkDate(date) : value;
}

/** '2026-11' → 'November 2026'; anything else as it is. */
export function ukMonth(value: string): string {
  if (/^\d{4}-\d{2}$/.test(value) && isValidIsoDate(`${value}-01`))
    return formatUkDate(`${value}-01`).replace(/^1 /, '');
  return ukDate(value);
}

/** An ISO date as a Date at midnight UTC, so a spreadsheet shows that day wherever it is opened. */
export function utcDate(value: string | null | undefined): Date | null {
  const date = isoDatePart(value);
  return date ? new Date(`${date}T00:00:00.000Z`) : null;
}

const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? 'No data' : `${NUMBER.format(value)}%`;
}

export function count(value: number): string {
  return NUMBER.format(value);
}

/**
 * The instant the pack's files are stamped with: midnight UTC on the pack's "as at" date. Office files
 * carry creation times; taking them from the model rather than the clock keeps a pack reproducible.
 */
export function packInstant(asAt: string): Date {
  return utcDate(asAt) ?? new Date('1980-01-01T00:00:00.000Z');
}

/**
 * Sets the modification time of every entry of a zip file (.docx, .xlsx) to `when`, in place, and
 * returns the same buffer. Zip writers stamp each entry with the time of writing, which is the only
 * thing that differs between two renderings of one model. The stamp is in the local and central
 * headers, outside the compressed data and its checksum, so nothing else changes. Zip64 archives and
 * anything that does not parse as a zip are left as they are.
 */
export function stampZipEntries(zip: Buffer, when: Date): Buffer {
  const year = Math.min(Math.max(when.getUTCFullYear(), 1980), 2107);
  const dosDate = ((year - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate();
  const dosTime = (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | (when.getUTCSeconds() >> 1);

  // The end of central directory record: the last 22 bytes, or more when the zip has a comment.
  let eocd = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return zip;
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  if (entries === 0xffff || at === 0xffffffff) return zip;

  for (let i = 0; i < entries; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return zip;
    const local = zip.readUInt32LE(at + 42);
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) return zip;
    zip.writeUInt16LE(dosTime, at + 12);
    zip.writeUInt16LE(dosDate, at + 14);
    zip.writeUInt16LE(dosTime, local + 10);
    zip.writeUInt16LE(dosDate, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}
