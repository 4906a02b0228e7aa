// Reads one spreadsheet cell as a plan value (text, date, delivery status, RAG, email, recommendation
// numbers, lists), or says in a sentence, to whoever typed it, why it cannot.
import type ExcelJS from 'exceljs';
import {
  DELIVERY_STATUS_LABELS,
  DELIVERY_STATUSES,
  RAG_LABELS,
  RAGS,
  isValidIsoDate,
} from '../rules/rules.js';
import type { DeliveryStatus, Rag } from '../rules/rules.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** The cell's text as a person sees it, trimmed; dates as YYYY-MM-DD; formulas by their last result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\r\n?/g, '\n').trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value) return cellText(value.richText.map((r) => r.text).join(''));
  if ('hyperlink' in value) {
    // Some writers store a hyperlink's text as rich text rather than a string.
    const text = value.text as unknown;
    if (typeof text === 'string') return cellText(text);
    if (text && typeof text === 'object' && 'richText' in text)
      return cellText(text as ExcelJS.CellRichTextValue);
    return cellText(value.hyperlink);
  }
  if ('error' in value) return value.error;
  if ('result' in value) return cellText(value.result);
  return '';
}

/** The value to interpret: a formula's cached result, not the formula. */
export function cellResult(value: ExcelJS.CellValue): ExcelJS.CellValue {
  if (value && typeof value === 'object' && !(value instanceof Date) && 'result' in value)
    return value.result;
  return value;
}

export function isExcelError(value: ExcelJS.CellValue): value is ExcelJS.CellErrorValue {
  return !!value && typeof value === 'object' && !(value instanceof Date) && 'error' in value;
}

// NUL and control characters (tab and line breaks aside) cannot be stored, and UTF-16 surrogates that do
// not pair cannot be encoded: refuse them here rather than fail in the database later.
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const hasForbiddenCharacters = (text: string): boolean => FORBIDDEN.test(text);

// ---- Dates ----

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const pad = (n: number) => String(n).padStart(2, '0');
const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

function isoOf(year: number, month: number, day: number, text: string): Parsed<DateRead> {
  const iso = `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
  return isValidIsoDate(iso) ? ok({ date: iso, monthOnly: false }) : bad(`"${text}" is not a real date`);
}

export interface DateRead {
  date: string;
  /** True when only a month was given ("March 2026") and the last day of the month was taken. */
  monthOnly: boolean;
}

const DATE_HELP = 'use DD/MM/YYYY, for example 31/03/2026';

/**
 * A target date from an Excel date cell or text: YYYY-MM-DD, DD/MM/YYYY (or with '.' or '-', or a
 * two-digit year meaning 20YY), '31 March 2026', '31st Mar 26'. Day-first throughout: these are English
 * councils' sheets. "March 2026" is read as the month's last day, because a plan that says "by March"
 * means by the end of it; the caller warns that it did so.
 */
export function readDate(raw: ExcelJS.CellValue): Parsed<DateRead> {
  const value = cellResult(raw);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return bad('The cell holds a date Excel cannot show');
    return ok({ date: value.toISOString().slice(0, 10), monthOnly: false });
  }
  if (typeof value === 'number')
    return bad(`${value} is a number, not a date: format the cell as a date, or ${DATE_HELP}`);
  const text = cellText(value);
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/.exec(text);
  if (m) return isoOf(Number(m[1]), Number(m[2]), Number(m[3]), text);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/.exec(text);
  if (m) return isoOf(fullYear(m[3]!), Number(m[2]), Number(m[1]), text);
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4}|\d{2})$/i.exec(text);
  if (m && MONTHS[m[2]!.toLowerCase()])
    return isoOf(fullYear(m[3]!), MONTHS[m[2]!.toLowerCase()]!, Number(m[1]), text);
  m = /^([a-z]+)\.?\s+(\d{4})$/i.exec(text);
  if (m && MONTHS[m[1]!.toLowerCase()]) {
    const year = Number(m[2]);
    const month = MONTHS[m[1]!.toLowerCase()]!;
    const last = new Date(0);
    last.setUTCFullYear(year, month, 0);
    return ok({ date: `${m[2]}-${pad(month)}-${pad(last.getUTCDate())}`, monthOnly: true });
  }
  return bad(`"${text}" is not a date: ${DATE_HELP}`);
}

// ---- Delivery status and RAG ----

const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const STATUS_WORDS = new Map<string, DeliveryStatus>([
  ...DELIVERY_STATUSES.map((s): [string, DeliveryStatus] => [words(s), s]),
  ...DELIVERY_STATUSES.map((s): [string, DeliveryStatus] => [words(DELIVERY_STATUS_LABELS[s]), s]),
  ['not yet started', 'not_started'],
  ['started', 'in_progress'],
  ['ongoing', 'in_progress'],
  ['underway', 'in_progress'],
  ['under way', 'in_progress'],
  ['completed', 'complete'],
  ['done', 'complete'],
  ['canceled', 'cancelled'],
]);

const RAG_WORDS = new Map<string, Rag>([
  ...RAGS.map((r): [string, Rag] => [r, r]),
  ['r', 'red'],
  ['a', 'amber'],
  ['g', 'green'],
  ['b', 'blue'],
  // "Amber E": complete but not yet evidenced as embedded, a common convention in councils' plans.
  ['amber e', 'amber'],
]);

const STATUS_LIST = DELIVERY_STATUSES.map((s) => DELIVERY_STATUS_LABELS[s]).join(', ');
const RAG_LIST = RAGS.map((r) => RAG_LABELS[r]).join(', ');

/** A delivery status by its label or key, any case ('In progress', 'in_progress', 'IN PROGRESS'). */
export function readStatus(text: string): Parsed<DeliveryStatus> {
  const found = STATUS_WORDS.get(words(text));
  if (found) return ok(found);
  // The commonest slip: the RAG rating typed in the status column. Say so, since they are different keys.
  if (RAG_WORDS.has(words(text)))
    return bad(`"${text}" is a RAG rating, not a delivery status: use one of ${STATUS_LIST}`);
  return bad(`"${text}" is not a delivery status: use one of ${STATUS_LIST}`);
}

/** A RAG rating by name or initial, any case ('Amber', 'a'). */
export function readRag(text: string): Parsed<Rag> {
  const found = RAG_WORDS.get(words(text));
  if (found) return ok(found);
  if (STATUS_WORDS.has(words(text)))
    return bad(
      `"${text}" is a delivery status, not a RAG rating: use one of ${RAG_LIST} (Blue for embedded actions; Amber for complete ones awaiting evidence of embedding)`,
    );
  return bad(`"${text}" is not a RAG rating: use one of ${RAG_LIST}`);
}

// ---- People ----

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

/**
 * One email address, lower-cased (addresses are matched to users case-insensitively). Accepts the forms
 * Outlook pastes: 'mailto:…' and 'Sam Lead <sam.lead@…>'.
 */
export function readEmail(text: string): Parsed<string> {
  let address = text.replace(/^mailto:/i, '').trim();
  const angled = /^[^<>]*<([^<>]+)>$/.exec(address);
  if (angled) address = angled[1]!.trim();
  if ((address.match(/@/g) ?? []).length > 1)
    return bad(`"${text}" names more than one person: an action has one lead officer`);
  if (address.length > 254 || !EMAIL.test(address))
    return bad(`"${text}" is not an email address: Waymark needs the lead officer's email to send reminders`);
  return ok(address.toLowerCase());
}

// ---- Numbers and lists ----

/**
 * Recommendation numbers as people write them: '1, 3; 7', '1 and 3', 'R2 & R5', 'Rec 4', '2-4' (a range).
 * Duplicates are dropped; the order given is kept.
 */
export function readRecommendationNumbers(text: string): Parsed<number[]> {
  const cleaned = text
    .toLowerCase()
    // Words around the numbers: 'Recommendation 4', 'Rec. 4', 'Nos 1', 'R2', 'rec4'.
    .replace(/\b(?:recommendations?|recs?|nos?|numbers?|r)\b\.?|\b(?:recs?|r)(?=\d)/g, ' ')
    .replace(/\band\b|&/g, ',')
    .replace(/(\d+)\s*(?:-|\u2013|\u2014|\bto\b)\s*(\d+)/g, '$1-$2');
  const numbers: number[] = [];
  for (const token of cleaned.split(/[\s,;/]+/).filter(Boolean)) {
    const range = /^(\d+)-(\d+)$/.exec(token);
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (from < 1 || to < from || to - from > 50)
        return bad(`"${token}" is not a range of recommendation numbers`);
      for (let n = from; n <= to; n++) numbers.push(n);
    } else if (/^\d+$/.test(token) && Number(token) >= 1 && Number(token) <= 999) numbers.push(Number(token));
    else
      return bad(
        `"${token}" is not a recommendation number: give the numbers of the recommendations, such as 1, 3; 7`,
      );
  }
  return ok([...new Set(numbers)]);
}

/** One item per line; bullet marks people type or paste ('• ', '- ', '* ') are dropped. */
export function readLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/^(?:[\u2022\u00b7\u25aa\u25e6\u2023]\s*|[-*]\s+)/, '').trim())
    .filter((line) => line !== '');
}

/**
 * Evidence links: https or http addresses, or a document's name or file path. Any other scheme
 * (javascript:, data:, file:…) is refused: these become links in pages and board packs.
 */
export function readEvidenceLinks(text: string): Parsed<string[]> {
  const links = readLines(text);
  for (const link of links) {
    const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(link)?.[1]?.toLowerCase();
    if (scheme === 'http' || scheme === 'https') {
      if (!URL.canParse(link)) return bad(`"${link}" is not a valid web address`);
    } else if (scheme !== undefined)
      return bad(
        `"${link}" is not a web link: evidence links start https:// (or http://), or are a document name or file path`,
      );
  }
  return ok(links);
}
