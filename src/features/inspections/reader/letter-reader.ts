// Reads the pasted text of an Ofsted monitoring-visit or focused-visit letter: which visit, when, who,
// and the areas it covered — each matched to the recommendation it follows up.
import { readDateRange } from './report-reader.js';

export interface ReadLetter {
  type: 'monitoring_visit' | 'focused_visit' | null;
  visitNumber: number | null;
  startDate: string | null;
  endDate: string | null;
  inspectors: string[];
  areas: string[];
  findings: string | null;
  warnings: string[];
}

const ORDINALS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
];
const MONTH = '(January|February|March|April|May|June|July|August|September|October|November|December)';
const BULLET = /^(?:[◼▪■•●\-–*]|\d{1,2}[.)])\s+/;

/** "12 and 13 March 2024", "28 February and 1 March 2024", "5 March 2024" → a range. */
function visitDates(text: string): { start: string | null; end: string | null } {
  const normalised = text.replace(/\s+and\s+/g, ' to ');
  const range = readDateRange(normalised);
  if (range.start) return range;
  const single = new RegExp(`(\\d{1,2}) ${MONTH} (\\d{4})`).exec(text);
  if (!single) return { start: null, end: null };
  const { start } = readDateRange(`${single[1]} to ${single[1]} ${single[2]} ${single[3]}`);
  return { start, end: start };
}

export function readVisitLetter(text: string): ReadLetter {
  const flat = text.replace(/\r/g, '').replace(/[ \t]+/g, ' ');
  const oneLine = flat.replace(/\s*\n\s*/g, ' ');
  const warnings: string[] = [];
  const type = /monitoring visit/i.test(oneLine)
    ? 'monitoring_visit'
    : /focused visit/i.test(oneLine)
      ? 'focused_visit'
      : null;
  if (!type)
    warnings.push('This does not say whether it was a monitoring visit or a focused visit; choose the type.');

  let visitNumber: number | null = null;
  const ordinal =
    /\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|(\d{1,2})(?:st|nd|rd|th))\s+monitoring visit/i.exec(
      oneLine,
    );
  if (ordinal)
    visitNumber = ordinal[2] ? Number(ordinal[2]) : ORDINALS.indexOf(ordinal[1]!.toLowerCase()) + 1;
  else if (type === 'monitoring_visit')
    warnings.push('The monitoring visit’s number could not be read; enter it.');

  const when = new RegExp(
    `(?:visit|carried out)[^.]*?\\bon ((?:\\d{1,2}(?: ${MONTH})?(?:,| and| to) )*\\d{1,2} ${MONTH} \\d{4})`,
    'i',
  ).exec(oneLine);
  const { start, end } = when ? visitDates(when[1]!) : { start: null, end: null };
  if (!start) warnings.push('The dates of the visit could not be read; enter them.');

  const inspectorsMatch =
    /(?:His|Her) Majesty’s Inspectors? ([A-Z][^.]*?) (?:carried out|conducted|undertook)/.exec(oneLine);
  const inspectors = inspectorsMatch
    ? inspectorsMatch[1]!
        .split(/,\s*|\s+and\s+/)
        .map((n) => n.trim())
        .filter(Boolean)
    : [];
  if (inspectors.length === 0) warnings.push('The inspectors’ names could not be read.');

  // Areas: the bullet list after "Areas covered by this visit" (or the lines that introduce it).
  const lines = flat
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const heading = lines.findIndex(
    (l) => /^Areas? covered (by|in) (this|the) visit/i.test(l) || /following areas?/i.test(l),
  );
  const areas: string[] = [];
  if (heading >= 0) {
    let current: string | null = null;
    for (let i = heading + 1; i < lines.length; i++) {
      const line = lines[i]!;
      const bullet = BULLET.exec(line);
      if (bullet) {
        if (current !== null) areas.push(current);
        current = line.slice(bullet[0].length);
      } else if (current === null) {
        if (i - heading > 3) break; // an introductory sentence or two may come first
      } else if (/[.;]$/.test(current)) break;
      else current = `${current} ${line}`;
    }
    if (current !== null) areas.push(current);
  }
  if (areas.length === 0) warnings.push('No list of areas covered was found; add the areas by hand.');

  const findingsStart = lines.findIndex((l) =>
    /^(Findings and evaluation of progress|Headline findings|Findings)$/i.test(l),
  );
  const findings =
    findingsStart >= 0
      ? lines
          .slice(findingsStart + 1)
          .join('\n')
          .slice(0, 20_000)
      : null;
  return {
    type,
    visitNumber,
    startDate: start,
    endDate: end,
    inspectors,
    areas: areas.map((a) => a.replace(/\s+/g, ' ').trim()),
    findings,
    warnings,
  };
}

const STOP_WORDS = new Set(
  'the a an and or of to in for on at by with so that this these those is are be as from their its it which who when including into than'.split(
    ' ',
  ),
);

function tokens(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .replace(/[^a-z0-9 ]+/g, ' ')
      .split(/\s+/)
      .filter((w) => w.length > 2 && !STOP_WORDS.has(w))
      .map((w) => w.replace(/(ing|ness|ity|s)$/, '')),
  );
}

/**
 * Suggests the recommendation(s) each area repeats, by the share of the area's words found in the
 * recommendation (stop words removed, crude stemming). 0.4 matches how letters reword a
 * recommendation ("the quality of assessments" ~ "The timeliness and quality of assessments…")
 * without linking areas that share only generic words like "children" and "practice".
 */
export const MATCH_THRESHOLD = 0.4;

export function matchAreasToRecommendations(
  areas: string[],
  recommendations: { id: string; text: string }[],
): { areaIndex: number; recommendationIds: string[]; score: number }[] {
  return areas.map((area, areaIndex) => {
    const areaTokens = tokens(area);
    const scored = recommendations
      .map((r) => {
        const recTokens = tokens(r.text);
        const shared = [...areaTokens].filter((t) => recTokens.has(t)).length;
        return { id: r.id, score: areaTokens.size ? shared / areaTokens.size : 0 };
      })
      .sort((a, b) => b.score - a.score);
    const best = scored[0]?.score ?? 0;
    const chosen = scored.filter((s) => s.score >= MATCH_THRESHOLD && s.score >= best - 0.05);
    return { areaIndex, recommendationIds: chosen.map((c) => c.id), score: Math.round(best * 100) / 100 };
  });
}
