// Form helpers: GOV.UK error-summary lists and per-field messages from validation details.
import type { ErrorDetail } from '../errors.js';

export interface FormErrors {
  summary: { text: string; href: string }[];
  fields: Record<string, { text: string }>;
}

export function formErrors(details: ErrorDetail[]): FormErrors {
  const fields: Record<string, { text: string }> = {};
  const summary: { text: string; href: string }[] = [];
  for (const detail of details) {
    if (fields[detail.path]) continue;
    fields[detail.path] = { text: detail.message };
    summary.push({ text: detail.message, href: `#${detail.path}` });
  }
  return { summary, fields };
}

/** Reads a single string field from a urlencoded body, ignoring repeated or non-string values. */
export function field(body: unknown, name: string, maxLength = 10_000): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[name];
  if (typeof value !== 'string') return '';
  return value.length > maxLength ? value.slice(0, maxLength) : value;
}

export function intField(body: unknown, name: string): number | null {
  const value = field(body, name).trim();
  return /^\d{1,9}$/.test(value) ? Number(value) : null;
}

/** Every string value of a field that may be sent several times (checkboxes), in order. */
export function listField(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((v): v is string => typeof v === 'string');
}
