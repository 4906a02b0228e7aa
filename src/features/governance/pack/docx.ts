// The board pack as a Word document laid out as an English council committee report: a title block,
// the report's standard headings, and the chosen pack sections as real tables under "The proposal".
// Reads only the PackModel; the same model gives the same bytes (see `renderPackDocx`).
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { FileChild } from 'docx';
import { NARRATIVE_LABELS, SECTION_TITLES } from './model.js';
import type {
  NarrativeField,
  PackAction,
  PackIndicatorRow,
  PackIndicators,
  PackModel,
  PackPlan,
  PackQuality,
  PackSection,
  Rag,
} from './model.js';
import {
  count,
  packInstant,
  percent,
  ragWord,
  stampZipEntries,
  statusWord,
  ukDate,
  ukMonth,
} from './format.js';

const CREATOR = 'Waymark';

// A4 with 2 cm margins: the width tables share, in twentieths of a point.
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;

/** Light fills behind the RAG word, dark enough to tell apart, light enough for black text. */
const RAG_FILL: Record<Rag, string> = { red: 'F4C7C3', amber: 'FCE8B2', green: 'B7E1CD', blue: 'C9DAF8' };
const HEADER_FILL = 'E7E7E7';

const NO_PLAN = 'There is no improvement plan recorded yet.';
const NO_INDICATORS = 'There are no indicators recorded yet.';
const NO_QUALITY = 'There are no case audits recorded yet.';
const NONE = 'None.';

/** The report's headings in order: narrative fields, and the proposal, which holds the pack sections. */
const REPORT_ORDER: (NarrativeField | 'proposal')[] = [
  'purpose',
  'executiveSummary',
  'recommendedAction',
  'policyContext',
  'proposal',
  'strategicAims',
  'communityEngagement',
  'equalityImpact',
  'legalImplications',
  'financialImplications',
  'backgroundPapers',
];
const PROPOSAL_HEADING = 'The proposal';

/** Sections that a committee report answers with "None." when there is nothing to say. */
const NONE_WHEN_EMPTY = new Set<NarrativeField>([
  'equalityImpact',
  'legalImplications',
  'financialImplications',
  'backgroundPapers',
]);

// ---- Building blocks ----

type Cell =
  | string
  | { text: string; bold?: boolean; rag?: Rag | null; fill?: string }
  | { rag: Rag | null; note?: string };

/** Text runs for one paragraph's text, its single line breaks kept. */
function runs(text: string, options: { bold?: boolean; size?: number } = {}): TextRun[] {
  return text
    .split('\n')
    .map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...options }));
}

function para(text: string): Paragraph {
  return new Paragraph({ children: runs(text) });
}

function labelled(label: string, value: string): Paragraph {
  return new Paragraph({
    children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)],
    spacing: { after: 120 },
  });
}

function heading(text: string, level: 1 | 2 | 3): Paragraph {
  const style = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 }[level];
  return new Paragraph({ text, heading: style, keepNext: true });
}

function bullet(text: string): Paragraph {
  return new Paragraph({ children: runs(text), bullet: { level: 0 } });
}

/** Blocks of text separated by blank lines become paragraphs; nothing becomes `empty`. */
function narrativeParagraphs(text: string, empty: string): Paragraph[] {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((b) => b.trim())
    .filter((b) => b !== '');
  return blocks.length === 0 ? [para(empty)] : blocks.map(para);
}

function cellOf(cell: Cell, size: number): TableCell {
  const spec = typeof cell === 'string' ? { text: cell } : cell;
  let text: string;
  let rag: Rag | null | undefined;
  let bold = false;
  let fill: string | undefined;
  if ('text' in spec) {
    text = spec.text;
    rag = spec.rag;
    bold = spec.bold ?? false;
    fill = spec.fill;
  } else {
    // A RAG cell: always the word, the colour only as well.
    rag = spec.rag;
    text = spec.note ? `${ragWord(spec.rag)}\n${spec.note}` : ragWord(spec.rag);
  }
  if (rag) fill = RAG_FILL[rag];
  // A paragraph for each line, so that each reads as its own line in every reader.
  return new TableCell({
    children: text
      .split('\n')
      .map(
        (line) => new Paragraph({ children: runs(line, { bold, size }), spacing: { before: 40, after: 40 } }),
      ),
    shading: fill ? { fill, type: ShadingType.CLEAR, color: 'auto' } : undefined,
  });
}

/**
 * A table with a header row that repeats on each page. `weights` share the text width between the
 * columns. Wide tables take a smaller type size. An empty list is never an empty table: it is "None.".
 */
function table(headers: string[], rows: Cell[][], weights?: number[]): FileChild[] {
  if (rows.length === 0) return [para(NONE)];
  const size = headers.length > 6 ? 16 : 18;
  const shares = weights ?? headers.map(() => 1);
  const total = shares.reduce((a, b) => a + b, 0);
  const columnWidths = shares.map((w) => Math.floor((TEXT_WIDTH * w) / total));
  return [
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      columnWidths,
      margins: { left: 72, right: 72 },
      rows: [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: headers.map((h) => cellOf({ text: h, bold: true, fill: HEADER_FILL }, size)),
        }),
        ...rows.map((row) => new TableRow({ cantSplit: true, children: row.map((c) => cellOf(c, size)) })),
      ],
    }),
    // Word runs a table into the next one without a paragraph between them.
    new Paragraph({ text: '' }),
  ];
}

// ---- The pack sections ----

function planOnAPage(plan: PackPlan | null): FileChild[] {
  if (!plan) return [para(NO_PLAN)];
  const s = plan.summary;
  const period = plan.endDate
    ? `${ukDate(plan.startDate)} to ${ukDate(plan.endDate)}`
    : `from ${ukDate(plan.startDate)}`;
  const row = (ref: string, title: string, sum: PackPlan['summary'], bold = false): Cell[] => [
    { text: ref, bold },
    { text: title, bold },
    count(sum.rag.red),
    count(sum.rag.amber),
    count(sum.rag.green),
    count(sum.rag.blue),
    count(sum.rag.none),
    percent(sum.percentComplete),
    percent(sum.percentEmbedded),
    { rag: sum.rollUp },
  ];
  return [
    para(`${plan.title}, version ${plan.versionNumber} (${plan.status}), ${period}.`),
    para(
      `${count(s.total)} actions: ${count(s.rag.red)} red, ${count(s.rag.amber)} amber, ${count(s.rag.green)} green, ` +
        `${count(s.rag.blue)} blue and ${count(s.rag.none)} not rated. ${percent(s.percentComplete)} complete and ` +
        `${percent(s.percentEmbedded)} embedded. ${count(s.overdue)} overdue, ${count(s.updatesOverdue)} with a ` +
        `progress update overdue, ${count(s.rescheduled)} rescheduled. Overall rating: ${ragWord(s.rollUp)}.`,
    ),
    ...(plan.outcomes.length === 0
      ? [para(NONE)]
      : table(
          [
            'Ref',
            'Outcome',
            'Red',
            'Amber',
            'Green',
            'Blue',
            'Not rated',
            '% complete',
            '% embedded',
            'Rating',
          ],
          [...plan.outcomes.map((o) => row(o.ref, o.title, o.summary)), row('', 'Whole plan', s, true)],
          [1.1, 4, 1, 1.1, 1.1, 1, 1.1, 1.4, 1.4, 1.3],
        )),
  ];
}

function targetDateText(a: PackAction): string {
  let text = ukDate(a.currentTargetDate);
  if (a.originalTargetDate && a.originalTargetDate !== a.currentTargetDate)
    text += `\n(originally ${ukDate(a.originalTargetDate)})`;
  if (a.overdue) text += `\n${count(a.daysOverdue)} ${a.daysOverdue === 1 ? 'day' : 'days'} overdue`;
  return text;
}

function exceptions(plan: PackPlan | null): FileChild[] {
  if (!plan) return [para(NO_PLAN)];
  const byRef = new Map(plan.actions.map((a) => [a.ref, a]));
  const exceptional = plan.exceptionRefs
    .map((ref) => byRef.get(ref))
    .filter((a): a is PackAction => a !== undefined);
  const lateUpdates = plan.actions.filter((a) => a.updateState === 'overdue');
  return [
    heading('Red and amber actions', 3),
    ...table(
      ['Ref', 'Action', 'Lead', 'RAG', 'Status', 'Target date', 'Latest update'],
      exceptional.map((a) => [
        a.ref,
        a.title,
        a.leadName,
        { rag: a.rag, note: a.ragReason },
        statusWord(a.deliveryStatus),
        targetDateText(a),
        a.latestNarrative ?? 'No update yet',
      ]),
      [1.3, 2.6, 1.7, 1.7, 1.6, 1.8, 3],
    ),
    heading('Progress updates overdue', 3),
    ...(lateUpdates.length === 0
      ? [para(NONE)]
      : lateUpdates.map((a) =>
          bullet(
            `${a.ref} ${a.title} (${a.leadName})` +
              (a.nextUpdateDue ? `: update was due ${ukDate(a.nextUpdateDue)}` : ''),
          ),
        )),
    heading('Rescheduled deadlines', 3),
    ...table(
      ['Ref', 'Action', 'From', 'To', 'Reason', 'Decided by'],
      plan.rescheduled.map((r) => [
        r.ref,
        r.title,
        ukDate(r.from),
        ukDate(r.to),
        r.reason,
        [r.decidedBy, ukDate(r.decidedOn)].filter((x) => x).join(', ') || 'Not recorded',
      ]),
      [1, 2.6, 1.5, 1.5, 3.4, 2],
    ),
    heading('Open challenges', 3),
    ...table(
      ['Subject', 'Question', 'Raised by', 'Raised on', 'Status', 'Response'],
      plan.openChallenges.map((c) => [
        c.subject,
        c.question,
        c.raisedBy,
        ukDate(c.raisedOn),
        sentenceCase(c.status),
        c.response ?? 'No response yet',
      ]),
      [1.2, 3.2, 1.8, 1.5, 1.2, 3],
    ),
  ];
}

function coverage(plan: PackPlan | null): FileChild[] {
  if (!plan) return [para(NO_PLAN)];
  const titles = new Map(plan.outcomes.flatMap((o) => o.commitments.map((c) => [c.ref, c.title] as const)));
  const answered = plan.coverage.filter((r) => r.commitmentRefs.length > 0).length;
  return [
    ...(plan.coverage.length === 0
      ? []
      : [
          para(
            `${count(answered)} of ${count(plan.coverage.length)} recommendations are answered by at least one commitment.`,
          ),
        ]),
    ...table(
      ['No.', 'Recommendation', 'Answered by'],
      plan.coverage.map((r) => [
        String(r.number),
        r.text,
        r.commitmentRefs.length === 0
          ? { text: 'Not yet answered', bold: true }
          : r.commitmentRefs.map((ref) => (titles.has(ref) ? `${ref} ${titles.get(ref)}` : ref)).join('\n'),
      ]),
      [0.8, 5, 4],
    ),
  ];
}

function indicatorName(row: PackIndicatorRow): string {
  return `${row.name} (${row.code})`;
}

function latestText(row: PackIndicatorRow): string {
  return row.latestPeriod ? `${row.latestText}\n${row.latestPeriod}` : row.latestText;
}

function scorecard(indicators: PackIndicators | null): FileChild[] {
  if (!indicators) return [para(NO_INDICATORS)];
  return table(
    ['Indicator', 'Latest', 'Target', 'RAG', 'Since previous', ...indicators.periods],
    indicators.rows.map((r) => [
      indicatorName(r),
      latestText(r),
      r.targetText ?? 'None set',
      { rag: r.rag },
      r.sincePreviousText,
      ...indicators.periods.map((p) => r.values[p] ?? ''),
    ]),
    [2.8, 1.4, 1.1, 1.1, 1.8, ...indicators.periods.map(() => 1.1)],
  );
}

function keyIndicators(indicators: PackIndicators | null): FileChild[] {
  if (!indicators) return [para(NO_INDICATORS)];
  const key = indicators.rows.filter((r) => r.isKey);
  if (key.length === 0) return [para(NONE)];
  const charts = new Map(indicators.keyCharts.map((c) => [c.code, c]));
  return key.flatMap((r) => {
    const chart = charts.get(r.code);
    const periods = indicators.periods.filter((p) => (r.values[p] ?? '') !== '');
    return [
      heading(indicatorName(r), 3),
      ...table(
        ['Latest', 'Target', 'Baseline', 'RAG', 'Since previous'],
        [
          [
            latestText(r),
            r.targetText ?? 'None set',
            r.baselineText ?? 'None set',
            { rag: r.rag },
            r.sincePreviousText,
          ],
        ],
        [1.6, 1.2, 1.2, 1.2, 3],
      ),
      ...(chart?.summary ? [para(chart.summary)] : []),
      ...(periods.length === 0 ? [para('No figures in the last six periods.')] : []),
      ...(periods.length === 0 ? [] : table(periods, [periods.map((p) => r.values[p] ?? '')])),
    ];
  });
}

function quality(q: PackQuality | null): FileChild[] {
  if (!q) return [para(NO_QUALITY)];
  const themes = [...q.themes]
    .sort((a, b) => b.count - a.count || a.theme.localeCompare(b.theme))
    .slice(0, 5);
  return [
    para(
      `Case audits from ${ukDate(q.from)} to ${ukDate(q.to)}, against a baseline of ${ukMonth(q.baselineMonth)}.`,
    ),
    ...table(
      ['Month', 'Audits', 'Outstanding', 'Good', 'Requires improvement', 'Inadequate', '% good or better'],
      q.months.map((m) => [
        ukMonth(m.month),
        count(m.total),
        count(m.outstanding),
        count(m.good),
        count(m.requiresImprovement),
        count(m.inadequate),
        percent(m.pctGoodOrBetter),
      ]),
      [2, 1, 1.4, 1, 1.8, 1.4, 1.5],
    ),
    heading('Moderation', 3),
    para(
      q.moderated === 0
        ? 'No audits were moderated in this period.'
        : `${count(q.moderated)} ${q.moderated === 1 ? 'audit was' : 'audits were'} moderated; the moderator agreed with the auditor's grade in ${percent(q.agreementRate)} of them.`,
    ),
    heading('Top themes', 3),
    ...table(
      ['Theme', 'Audits'],
      themes.map((t) => [t.theme, count(t.count)]),
      [5, 1],
    ),
  ];
}

function workforce(indicators: PackIndicators | null): FileChild[] {
  if (!indicators) return [para(NO_INDICATORS)];
  const rows = indicators.rows.filter((r) => r.category === 'workforce');
  const names = new Map(indicators.rows.map((r) => [r.code, r.name]));
  const { codes, teams } = indicators.workforce;
  return [
    ...table(
      ['Indicator', 'Latest', 'Target', 'RAG', 'Since previous'],
      rows.map((r) => [
        indicatorName(r),
        latestText(r),
        r.targetText ?? 'None set',
        { rag: r.rag },
        r.sincePreviousText,
      ]),
      [3.2, 1.4, 1.1, 1.1, 2.4],
    ),
    heading('By team', 3),
    ...(codes.length === 0
      ? [para(NONE)]
      : table(
          ['Team', ...codes.map((c) => names.get(c) ?? c)],
          teams.map((t) => [t.team, ...codes.map((_, i) => t.values[i] ?? '')]),
          [2.5, ...codes.map(() => 1.5)],
        )),
  ];
}

function ofsted(model: PackModel): FileChild[] {
  const { events, interventions } = model.ofsted;
  return [
    ...table(
      ['Date', 'Visit or inspection', 'Overall judgement'],
      events.map((e) => [ukDate(e.date), e.title, e.overall ?? 'No overall judgement']),
      [1.6, 5, 2.6],
    ),
    ...events
      .filter((e) => e.judgements.length > 0)
      .flatMap((e) => [
        heading(`Judgements: ${e.title}, ${ukDate(e.date)}`, 3),
        ...table(
          ['Area', 'Judgement'],
          e.judgements.map((j) => [j.area, j.grade]),
          [6, 3],
        ),
      ]),
    ...events
      .filter((e) => e.judgements.length === 0 && (e.findings?.length ?? 0) > 0)
      .flatMap((e) => [
        heading(`Areas visited: ${e.title}, ${ukDate(e.date)}`, 3),
        ...table(
          ['Area', 'Area for priority action', 'Recommendations'],
          (e.findings ?? []).map((f) => [
            f.area,
            f.priority ? 'Yes' : 'No',
            f.recommendationNumbers.length ? f.recommendationNumbers.join(', ') : 'None linked',
          ]),
          [5, 2, 2],
        ),
      ]),
    heading('Intervention', 3),
    ...table(
      ['Intervention', 'Started', 'Lifted'],
      interventions.map((i) => [
        sentenceCase(i.kind),
        ukDate(i.startedOn),
        i.liftedOn ? ukDate(i.liftedOn) : 'In force',
      ]),
      [4, 2, 2],
    ),
  ];
}

const ACTION_STATUS = { open: 'Open', done: 'Done', dropped: 'Dropped' } as const;
const FORWARD_STATUS = { planned: 'Planned', scheduled: 'Scheduled', done: 'Done' } as const;

function overdueCell(text: string, overdue: boolean): Cell {
  return overdue ? { text: `${text}\nOverdue`, bold: true, rag: 'red' } : text;
}

function meetingActions(model: PackModel): FileChild[] {
  return [
    heading('Actions from meetings', 3),
    ...table(
      ['Meeting', 'Action', 'Owner', 'Due', 'Status'],
      model.meetingActions.map((a) => [
        `${a.meeting}\n${ukDate(a.meetingDate)}`,
        a.description,
        a.owner,
        a.dueDate ? ukDate(a.dueDate) : 'No date',
        overdueCell(ACTION_STATUS[a.status], a.overdue),
      ]),
      [2.2, 4, 2.2, 1.6, 1.4],
    ),
    heading('Forward plan', 3),
    ...table(
      ['Item', 'Due', 'Meeting', 'Status'],
      model.forwardPlan.map((f) => [
        f.title,
        ukDate(f.dueDate),
        f.meeting ?? 'Not yet scheduled',
        overdueCell(FORWARD_STATUS[f.status], f.overdue),
      ]),
      [4.5, 1.6, 2.6, 1.6],
    ),
  ];
}

function sentenceCase(text: string): string {
  const words = text.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function section(model: PackModel, s: PackSection): FileChild[] {
  switch (s) {
    case 'plan_on_a_page':
      return planOnAPage(model.plan);
    case 'exceptions':
      return exceptions(model.plan);
    case 'coverage':
      return coverage(model.plan);
    case 'scorecard':
      return scorecard(model.indicators);
    case 'key_indicators':
      return keyIndicators(model.indicators);
    case 'quality':
      return quality(model.quality);
    case 'workforce':
      return workforce(model.indicators);
    case 'ofsted':
      return ofsted(model);
    case 'meeting_actions':
      return meetingActions(model);
  }
}

// ---- The report ----

function titleBlock(model: PackModel): Paragraph[] {
  const meeting = model.meeting
    ? `${model.meeting.title}, ${ukDate(model.meeting.date)}`
    : `${model.board.name}, as at ${ukDate(model.asAt)}`;
  return [
    new Paragraph({
      children: [new TextRun({ text: model.organisation.name, bold: true, size: 28 })],
      spacing: { after: 240 },
    }),
    new Paragraph({ text: model.title, heading: HeadingLevel.TITLE, spacing: { after: 240 } }),
    labelled('Report to', model.board.name),
    labelled('Meeting', meeting),
    ...(model.meeting?.location ? [labelled('Venue', model.meeting.location)] : []),
    labelled(NARRATIVE_LABELS.leadOfficer, model.narrative.leadOfficer.trim() || 'Not provided.'),
    new Paragraph({
      children: [new TextRun({ text: `Data as at ${ukDate(model.asAt)}`, bold: true })],
      spacing: { after: 360 },
    }),
  ];
}

function proposal(model: PackModel): FileChild[] {
  if (model.sections.length === 0) return [para('This pack has no sections chosen.')];
  return model.sections.flatMap((s) => [heading(SECTION_TITLES[s], 2), ...section(model, s)]);
}

function body(model: PackModel): FileChild[] {
  return REPORT_ORDER.flatMap((part) => {
    if (part === 'proposal') return [heading(PROPOSAL_HEADING, 1), ...proposal(model)];
    const empty = NONE_WHEN_EMPTY.has(part) ? NONE : 'Not provided.';
    return [heading(NARRATIVE_LABELS[part], 1), ...narrativeParagraphs(model.narrative[part], empty)];
  });
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** docProps/core.xml as docx writes it, but stamped with the pack's date rather than the clock's. */
function coreProperties(title: string, description: string, when: Date): string {
  const stamp = when.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(title)}</dc:title>` +
    `<dc:creator>${CREATOR}</dc:creator>` +
    `<dc:description>${escapeXml(description)}</dc:description>` +
    `<cp:lastModifiedBy>${CREATOR}</cp:lastModifiedBy>` +
    '<cp:revision>1</cp:revision>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/**
 * The pack as a .docx committee report. Deterministic: the same model gives the same bytes. docx stamps
 * the core properties and every zip entry with the current time, so the core properties are written here
 * with the pack's "as at" date and the zip entries are stamped with it after packing.
 */
export async function renderPackDocx(model: PackModel): Promise<Buffer> {
  const when = packInstant(model.asAt);
  const description = `Board pack for ${model.board.name}: ${model.organisation.name}, data as at ${ukDate(model.asAt)}`;
  const doc = new Document({
    creator: CREATOR,
    lastModifiedBy: CREATOR,
    title: model.title,
    description,
    revision: 1,
    styles: {
      default: {
        document: {
          run: { font: 'Arial', size: 22, language: { value: 'en-GB' } },
          paragraph: { spacing: { after: 120 } },
        },
        title: { run: { font: 'Arial', size: 40, bold: true, color: '000000' } },
        heading1: {
          run: { font: 'Arial', size: 30, bold: true, color: '000000' },
          paragraph: { spacing: { before: 360, after: 120 } },
        },
        heading2: {
          run: { font: 'Arial', size: 26, bold: true, color: '000000' },
          paragraph: { spacing: { before: 280, after: 120 } },
        },
        heading3: {
          run: { font: 'Arial', size: 22, bold: true, color: '000000' },
          paragraph: { spacing: { before: 200, after: 80 } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: {
              top: PAGE.margin,
              bottom: PAGE.margin,
              left: PAGE.margin,
              right: PAGE.margin,
              header: 567,
              footer: 567,
            },
          },
        },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [new TextRun({ text: model.organisation.name, size: 18 })],
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    size: 18,
                    children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES],
                  }),
                ],
              }),
            ],
          }),
        },
        children: [...titleBlock(model), ...body(model)],
      },
    ],
  });
  const buffer = await Packer.toBuffer(doc, false, [
    { path: 'docProps/core.xml', data: coreProperties(model.title, description, when) },
  ]);
  return stampZipEntries(buffer, when);
}
