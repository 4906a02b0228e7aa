// Field validation shared by every feature's services: each check adds a GOV.UK-style message for
// the field it names, so a form (or an API caller) learns everything wrong in one go.
import { ValidationError, type ErrorDetail } from './errors.js';

/** A real calendar date written YYYY-MM-DD. */
export function isValidIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Trimmed text; "Enter …" when required and blank, a length message when too long. */
export function textField(
  value: string | undefined,
  path: string,
  label: string,
  max: number,
  details: ErrorDetail[],
  required = true,
): string {
  const v = (value ?? '').trim();
  if (required && !v) details.push({ path, message: `Enter ${label}` });
  else if (v.length > max)
    details.push({ path, message: `${capitalise(label)} must be ${max} characters or fewer` });
  return v;
}

/** A YYYY-MM-DD date, or null when blank (and not required) or not a real date. */
export function dateField(
  value: string | undefined,
  path: string,
  label: string,
  details: ErrorDetail[],
  required = true,
): string | null {
  const v = (value ?? '').trim();
  if (!v) {
    if (required) details.push({ path, message: `Enter ${label}` });
    return null;
  }
  if (!isValidIsoDate(v)) {
    details.push({ path, message: `${capitalise(label)} must be a real date, like 2026-03-31` });
    return null;
  }
  return v;
}

export function fail(message: string, details: ErrorDetail[]): never {
  throw new ValidationError(message, details);
}
