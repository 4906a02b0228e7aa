// The Nunjucks environment: search paths, autoescaping and the filters every template may use.
import path from 'node:path';
import { createRequire } from 'node:module';
import type nunjucks from 'nunjucks';
import { ROLE_LABELS } from '../access.js';
import { paths } from '../paths.js';

const require = createRequire(import.meta.url);

export const SRC_DIR = path.resolve(import.meta.dirname, '../..');

export function templatePaths(): string[] {
  const govuk = path.dirname(require.resolve('govuk-frontend/package.json'));
  const moj = path.dirname(require.resolve('@ministryofjustice/frontend/package.json'));
  return [
    path.join(SRC_DIR, 'platform/views'),
    path.join(SRC_DIR, 'features'),
    path.join(govuk, 'dist'),
    moj,
  ];
}

const LONDON_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const LONDON_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
});

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' && value !== '') {
    // A bare YYYY-MM-DD is a calendar date: read it at noon UTC so no timezone shifts the day.
    const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

export function formatDate(value: unknown): string {
  const date = toDate(value);
  return date ? LONDON_DATE.format(date) : '';
}

export function formatDateTime(value: unknown): string {
  const date = toDate(value);
  return date ? LONDON_DATE_TIME.format(date).replace(' am', 'am').replace(' pm', 'pm') : '';
}

export function configureNunjucks(env: nunjucks.Environment): void {
  env.addFilter('date', formatDate);
  env.addFilter('dateTime', formatDateTime);
  env.addFilter('roleLabel', (role: keyof typeof ROLE_LABELS) => ROLE_LABELS[role] ?? role);
  env.addFilter('number', (value: unknown, digits: number = 0) =>
    typeof value === 'number' && Number.isFinite(value)
      ? value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })
      : '',
  );
  env.addFilter(
    'pluralise',
    (count: number, singular: string, plural?: string) =>
      `${count} ${count === 1 ? singular : (plural ?? `${singular}s`)}`,
  );
  env.addFilter('monthLabel', (value: unknown) =>
    typeof value === 'string' && /^\d{4}-\d{2}$/.test(value)
      ? new Date(`${value}-15T12:00:00Z`).toLocaleDateString('en-GB', {
          month: 'long',
          year: 'numeric',
          timeZone: 'UTC',
        })
      : typeof value === 'string'
        ? value
        : '',
  );
  /** Text split into paragraphs on blank lines, each with its line breaks folded into spaces. */
  env.addFilter('paragraphs', (value: unknown) =>
    (typeof value === 'string' ? value : '')
      .split(/\r?\n\s*\r?\n/)
      .map((p) => p.replace(/\s*\r?\n\s*/g, ' ').trim())
      .filter(Boolean),
  );
  env.addGlobal('paths', paths);
}
