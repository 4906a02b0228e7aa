// Guesses which of a council's own columns holds each plan field, from the words in its headers, so the
// import preview starts with a sensible mapping the improvement lead only has to check.
import { TEMPLATE_COLUMNS } from './columns.js';
import type { ColumnMapping, TemplateColumnKey } from './columns.js';

/** Lower case, '&' as 'and', punctuation as spaces: 'Lead Officer (email)' → 'lead officer email'. */
export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Headers seen in councils' plans, by field, normalised. The template's own header comes first. Where
 * one phrase could mean two fields, it sits with the likelier one, and the preview lets people change it.
 */
const SYNONYMS: Record<TemplateColumnKey, readonly string[]> = {
  outcomeRef: [
    'outcome ref',
    'outcome reference',
    'outcome no',
    'outcome number',
    'outcome id',
    'priority ref',
    'priority no',
    'priority number',
    'theme ref',
    'theme no',
    'theme number',
  ],
  outcomeTitle: [
    'outcome',
    'outcomes',
    'outcome title',
    'priority',
    'priorities',
    'priority area',
    'strategic priority',
    'improvement priority',
    'key priority',
    'theme',
    'themes',
    'workstream',
    'work stream',
  ],
  outcomeDescription: [
    'outcome description',
    'priority description',
    'theme description',
    'what we want to achieve',
    'what we want to achieve for children',
  ],
  commitmentRef: [
    'commitment ref',
    'commitment reference',
    'commitment no',
    'commitment number',
    'commitment id',
  ],
  commitmentTitle: [
    'commitment',
    'commitments',
    'commitment title',
    'objective',
    'objectives',
    'area for improvement',
    'areas for improvement',
    'improvement area',
    'aim',
    'goal',
    'what we will achieve',
  ],
  recommendationNumbers: [
    'recommendations',
    'recommendation',
    'recommendation no',
    'recommendation number',
    'recommendation numbers',
    'recommendation ref',
    'ofsted recommendation',
    'ofsted recommendations',
    'ofsted ref',
    'ofsted rec',
    'ofsted recs',
    'rec no',
    'rec',
    'recs',
  ],
  successMeasures: [
    'success measures',
    'success measure',
    'success criteria',
    'measures of success',
    'measure of success',
    'how will we know',
    'how we will know',
    'how will we know we have made a difference',
    'impact measures',
    'outcome measures',
    'what will be measured',
    'kpis',
    'kpi',
    'measures',
  ],
  actionRef: [
    'action ref',
    'action reference',
    'action no',
    'action number',
    'action id',
    'ref',
    'ref no',
    'reference',
    'id',
    'no',
  ],
  actionTitle: [
    'action',
    'actions',
    'action title',
    'key action',
    'key actions',
    'action required',
    'actions required',
    'what we will do',
    'task',
    'activity',
  ],
  actionDescription: [
    'action description',
    'description',
    'description of action',
    'description of the action',
    'details',
    'detail',
    'how we will do it',
    'how',
  ],
  leadOfficerEmail: [
    'lead officer email',
    'lead officer',
    'lead',
    'lead email',
    'action lead',
    'action owner',
    'owner',
    'owner email',
    'responsible officer',
    'responsible',
    'responsible person',
    'accountable officer',
    'who',
    'by whom',
    'email',
  ],
  originalTargetDate: [
    'original target date',
    'original target',
    'original date',
    'original due date',
    'original deadline',
    'baseline date',
  ],
  currentTargetDate: [
    'current target date',
    'target date',
    'revised target date',
    'revised date',
    'revised deadline',
    'due date',
    'due',
    'deadline',
    'by when',
    'timescale',
    'timescales',
    'target completion date',
    'completion date',
    'date',
  ],
  deliveryStatus: [
    'delivery status',
    'status',
    'action status',
    'progress status',
    'current status',
    'progress',
  ],
  rag: ['rag rating', 'rag', 'rag status', 'brag', 'brag rating', 'brag status', 'rating', 'overall rag'],
  ragOverrideReason: [
    'rag override reason',
    'rag reason',
    'rag rationale',
    'reason for rag',
    'reason for rag rating',
    'override reason',
    'rationale',
  ],
  evidenceLinks: [
    'evidence links',
    'evidence link',
    'evidence',
    'supporting evidence',
    'evidence of completion',
    'evidence location',
    'links',
  ],
};

// Single generic words that name a field only when they are the whole header: 'Date added' is not a
// target date, nor 'Lead agency' a lead officer.
const WHOLE_HEADER_ONLY = new Set([
  'date',
  'due',
  'no',
  'id',
  'ref',
  'how',
  'who',
  'lead',
  'rec',
  'aim',
  'email',
]);

function score(header: string, key: TemplateColumnKey): number {
  const variants = new Set([normaliseHeader(header), normaliseHeader(header.replace(/\([^)]*\)/g, ' '))]);
  let best = 0;
  for (const variant of variants) {
    if (variant === '') continue;
    const padded = ` ${variant} `;
    for (const synonym of SYNONYMS[key]) {
      if (variant === synonym) best = Math.max(best, 1000);
      else if (!WHOLE_HEADER_ONLY.has(synonym) && padded.includes(` ${synonym} `))
        // A longer phrase found in the header is the more specific match ('original target date' beats
        // 'target date' in 'Original target date (agreed)').
        best = Math.max(best, 100 + synonym.length);
    }
  }
  return best;
}

/**
 * The likeliest column for each field: exact header matches first, then headers containing a known
 * phrase, longest phrase first; each column is given to one field at most. Columns are 1-based, as in
 * ColumnMapping. `at` says which sheet and header row the headers came from (inspectWorkbook gives both).
 */
export function suggestMapping(
  headers: readonly string[],
  at: { sheet?: string; headerRow?: number } = {},
): ColumnMapping {
  const candidates: { key: TemplateColumnKey; column: number; score: number; order: number }[] = [];
  TEMPLATE_COLUMNS.forEach((template, order) => {
    headers.forEach((header, index) => {
      const s = score(header, template.key);
      if (s > 0) candidates.push({ key: template.key, column: index + 1, score: s, order });
    });
  });
  candidates.sort((a, b) => b.score - a.score || a.column - b.column || a.order - b.order);
  const columns: Partial<Record<TemplateColumnKey, number>> = {};
  const taken = new Set<number>();
  for (const c of candidates) {
    if (columns[c.key] !== undefined || taken.has(c.column)) continue;
    columns[c.key] = c.column;
    taken.add(c.column);
  }
  return { sheet: at.sheet ?? '', headerRow: at.headerRow ?? 1, columns };
}
