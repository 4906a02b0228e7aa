// Reads an Ofsted children's services inspection report (ILACS or the older SIF): dates, type,
// framework, lead inspector, the judgement table and the recommendations, word for word. Built for
// the variety of real reports — running headers and footers, wrapped lines, "◼" or numbered
// bullets, title-case and lower-case grades — and says what it could not read instead of guessing.
import type { Framework, Grade, InspectionType, RecommendationKind } from '../schema.js';
import { JUDGEMENT_AREAS, OVERALL } from '../rules.js';
import { ReportReadError } from './pdf-text.js';

export interface ReadReport {
  type: InspectionType | null;
  framework: Framework | null;
  localAuthority: string | null;
  startDate: string | null;
  endDate: string | null;
  publishedDate: string | null;
  leadInspector: string | null;
  judgements: { area: string; grade: Grade }[];
  recommendations: { kind: RecommendationKind; number: number; text: string }[];
  warnings: string[];
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const GRADE_PATTERN =
  /(Outstanding|Good|Requires improvement to be good|Requires improvement|Inadequate)\s*$/i;
const BULLET = /^(?:[◼▪■•●\-–*]|\d{1,2}[.)])\s+/;

function normaliseGrade(text: string): Grade {
  const t = text.toLowerCase();
  if (t.startsWith('requires improvement')) return 'Requires improvement to be good';
  if (t === 'outstanding') return 'Outstanding';
  if (t === 'good') return 'Good';
  return 'Inadequate';
}

function iso(day: string, month: string, year: string): string | null {
  const m = MONTHS.indexOf(month.toLowerCase());
  if (m < 0) return null;
  const date = `${year}-${String(m + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date ? date : null;
}

/** "6 to 17 December 2021", "6 March to 30 March 2017", "28 November 2022 to 2 December 2022". */
export function readDateRange(text: string): { start: string | null; end: string | null } {
  const m =
    /(\d{1,2})(?:\s+([A-Za-z]+))?(?:\s+(\d{4}))?\s+(?:to|–|-)\s+(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})/.exec(text);
  if (!m) return { start: null, end: null };
  const [, d1, m1, y1, d2, m2, y2] = m as unknown as [
    string,
    string,
    string | undefined,
    string | undefined,
    string,
    string,
    string,
  ];
  return { start: iso(d1, m1 ?? m2, y1 ?? y2), end: iso(d2, m2, y2) };
}

function readSingleDate(text: string): string | null {
  const m = /(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})/.exec(text);
  return m ? iso(m[1]!, m[2]!, m[3]!) : null;
}

/** Lines that recur on many pages are running headers and footers; bare numbers are page numbers. */
function withoutPageFurniture(pages: string[]): string[] {
  const counts = new Map<string, number>();
  for (const page of pages)
    for (const line of new Set(page.split('\n'))) counts.set(line, (counts.get(line) ?? 0) + 1);
  const threshold = Math.max(3, Math.ceil(pages.length * 0.3));
  const lines: string[] = [];
  for (const page of pages) {
    for (const line of page.split('\n')) {
      const trimmed = line.trim();
      if (!trimmed) continue;
      if (/^\d{1,3}$/.test(trimmed)) continue;
      if ((counts.get(line) ?? 0) >= threshold && pages.length >= 3) continue;
      lines.push(trimmed);
    }
  }
  return lines;
}

function bestArea(text: string, areas: string[]): string | null {
  const words = (s: string) =>
    new Set(
      s
        .toLowerCase()
        .replace(/[^a-z ]/g, ' ')
        .split(/\s+/)
        .filter((w) => w.length > 2),
    );
  const target = words(text);
  let best: { area: string; score: number } | null = null;
  for (const area of areas) {
    const candidate = words(area);
    const shared = [...target].filter((w) => candidate.has(w)).length;
    const score = shared / Math.max(target.size, candidate.size);
    if (!best || score > best.score) best = { area, score };
  }
  return best && best.score >= 0.6 ? best.area : null;
}

function readList(lines: string[], start: number, numbered: boolean): string[] {
  const items: string[] = [];
  let current: string | null = null;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    const bullet = BULLET.exec(line);
    const isItem = bullet && (numbered ? /^\d/.test(bullet[0]) : true);
    if (isItem) {
      if (current !== null) items.push(current);
      current = line.slice(bullet[0].length).trim();
      continue;
    }
    if (current === null) break;
    // A finished sentence followed by a line that is not a new item ends the list.
    if (/[.;:]$/.test(current)) break;
    current = `${current} ${line}`;
  }
  if (current !== null) items.push(current);
  return items.map((item) => item.replace(/\s+/g, ' ').trim());
}

export function readInspectionReport(input: string[] | string): ReadReport {
  const pages = Array.isArray(input) ? input : input.split(/\f|\n={5}PAGE \d+\n/);
  const all = pages.join('\n');
  if (
    !/Inspection dates?:/i.test(all) ||
    !/children/i.test(all) ||
    !/(Ofsted|Her Majesty’s Inspector|His Majesty’s Inspector|HMI)/.test(all)
  ) {
    throw new ReportReadError(
      'not_ofsted',
      'This does not look like an Ofsted inspection report of children’s services: it has no inspection dates or inspectors. Check the file, or paste the report’s text.',
    );
  }
  const lines = withoutPageFurniture(pages);
  const firstPage = (pages[0] ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const warnings: string[] = [];

  // Framework: SIF reports are "Inspection of services for children in need of help and protection…".
  const sif =
    /Inspection of services for children in need of help and\s+protection/i.test(all) ||
    /Leadership, management and governance/.test(firstPage.join(' '));
  const headerText = firstPage.join(' ');
  const datesLine = lines.find((l) => /^Inspection dates?:/i.test(l)) ?? '';
  const { start, end } = readDateRange(datesLine);
  if (!start) warnings.push('The inspection dates could not be read; enter them from the report.');
  const published = lines.find((l) => /^Report published:/i.test(l));
  const publishedDate = published ? readSingleDate(published) : null;
  if (!publishedDate)
    warnings.push('The publication date is not in the report’s text; enter it from Ofsted’s website.');

  let localAuthority: string | null = null;
  const ilacsTitle = /Inspection of (.+?) local authority children’s services/i.exec(headerText);
  if (ilacsTitle) localAuthority = ilacsTitle[1]!.trim();
  else if (sif) localAuthority = firstPage[0] ?? null;
  if (!localAuthority) warnings.push('The council’s name could not be read.');

  const leadLine = lines.find((l) => /^Lead inspector:/i.test(l));
  const leadInspector = leadLine
    ? leadLine
        .replace(/^Lead inspector:\s*/i, '')
        .replace(/,?\s*(Her|His) Majesty’s Inspector.*$/i, '')
        .replace(/\s+(HMI|SCRI|AI)\b.*$/, '')
        .trim() || null
    : null;
  if (!leadInspector) warnings.push('The lead inspector could not be read.');

  // The judgement table: rows "area … Grade", where a long area wraps onto the next line.
  const judgements: { area: string; grade: Grade }[] = [];
  let framework: Framework | null = null;
  if (sif) {
    framework = 'SIF_2013';
    const overall =
      /Children’s services in .+? (?:are|is) (outstanding|good|requires improvement(?: to be good)?|inadequate)/i.exec(
        headerText,
      );
    const rows: { label: string; grade: string | null }[] = [];
    for (const line of firstPage) {
      // The table ends at the first footnote number or paragraph after it.
      if (rows.length && (/^\d+$/.test(line) || line.length > 70)) break;
      if (/^\d(\.\d)?\.?\s/.test(line)) rows.push({ label: line, grade: null });
      else if (
        rows.length &&
        !rows.at(-1)!.grade &&
        GRADE_PATTERN.test(line) &&
        line.replace(GRADE_PATTERN, '').trim() === ''
      )
        rows.at(-1)!.grade = line.trim();
      else if (rows.length && /^[a-z]/.test(line)) rows.at(-1)!.label += ` ${line}`;
    }
    for (const row of rows) {
      let label = row.label;
      let grade = row.grade;
      const inline = GRADE_PATTERN.exec(label);
      if (!grade && inline) {
        grade = inline[1]!;
        label = label.replace(GRADE_PATTERN, '').trim();
      } else if (grade && inline) label = label.replace(GRADE_PATTERN, '').trim();
      if (!grade) continue;
      const name = label.replace(/^\d(\.\d)?\.?\s*/, '').trim();
      judgements.push({ area: name.charAt(0).toUpperCase() + name.slice(1), grade: normaliseGrade(grade) });
    }
    if (overall) judgements.push({ area: OVERALL, grade: normaliseGrade(overall[1]!) });
  } else {
    const headerIndex = firstPage.findIndex((l) => /^Judgement\s+Grade$/i.test(l));
    const rows: { area: string; grade: string }[] = [];
    if (headerIndex >= 0) {
      for (const line of firstPage.slice(headerIndex + 1)) {
        const m = GRADE_PATTERN.exec(line);
        if (m) {
          rows.push({ area: line.slice(0, m.index).trim(), grade: m[1]! });
          if (/^Overall effectiveness/i.test(line)) break;
        } else if (rows.length) rows.at(-1)!.area += ` ${line}`;
        else break;
      }
    }
    const separateCareLeavers = rows.some(
      (r) =>
        /care$|^The experiences and progress of care leavers/i.test(r.area) &&
        !/children in care and care leavers/i.test(r.area),
    );
    framework =
      rows.length === 0
        ? null
        : rows.some((r) => /children in care and care leavers/i.test(r.area))
          ? 'ILACS_2018'
          : separateCareLeavers || (start && start >= '2023-01-01')
            ? 'ILACS_2023'
            : 'ILACS_2018';
    const areas = framework ? JUDGEMENT_AREAS[framework] : [];
    for (const row of rows) {
      const area = bestArea(row.area, areas);
      if (area) judgements.push({ area, grade: normaliseGrade(row.grade) });
      else
        warnings.push(`The judgement "${row.area}" does not match a judgement of the framework; check it.`);
    }
    if (!framework) warnings.push('The judgement table could not be read; enter the grades from the report.');
  }

  // Type: a standard ILACS inspection is two weeks on site, a short one a week.
  let type: InspectionType | null = null;
  if (/short inspection/i.test(all)) type = 'short_inspection';
  else if (/standard inspection/i.test(all)) type = 'standard_inspection';
  else if (start && end && judgements.length) {
    const days = (Date.parse(end) - Date.parse(start)) / 86_400_000;
    type = days >= 8 ? 'standard_inspection' : 'short_inspection';
    warnings.push(
      `The type (${type === 'standard_inspection' ? 'standard' : 'short'} inspection) was inferred from ${days + 1} days on site; check it.`,
    );
  }

  // Recommendations: "What needs to improve?" (ILACS) or the first "Recommendations" list (SIF; a
  // second list later in a SIF report is the safeguarding board's, not the council's).
  const recommendations: ReadReport['recommendations'] = [];
  const heading = lines.findIndex(
    (l) => /^What needs to improve\??$/i.test(l) || /^Recommendations$/i.test(l),
  );
  if (heading >= 0) {
    readList(lines, heading + 1, /^Recommendations$/i.test(lines[heading]!)).forEach((text, i) =>
      recommendations.push({ kind: 'what_needs_to_improve', number: i + 1, text }),
    );
  }
  const priority = lines.findIndex((l) => /^Areas? for priority action$/i.test(l));
  if (priority >= 0) {
    readList(lines, priority + 1, false).forEach((text, i) =>
      recommendations.push({ kind: 'area_for_priority_action', number: i + 1, text }),
    );
  }
  if (recommendations.length === 0)
    warnings.push('No "What needs to improve?" list was found; add the recommendations by hand.');

  return {
    type,
    framework,
    localAuthority,
    startDate: start,
    endDate: end,
    publishedDate,
    leadInspector,
    judgements,
    recommendations,
    warnings,
  };
}
