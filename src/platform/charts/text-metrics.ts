// Text widths in Arial/Helvetica without a canvas, so titles wrap and legends and labels lay out as drawn.

// Advance widths in 1/1000 em for ASCII 32–126, from the Adobe Core 14 AFM files for Helvetica and
// Helvetica-Bold; Arial was designed to the same metrics. Without a canvas Vega guesses 0.8 em per
// character, about half again too wide, which truncated titles and legend labels and hid axis labels.
// prettier-ignore
const REGULAR = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778,
  722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278,
  278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
// prettier-ignore
const BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778,
  722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333,
  278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
  611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];
// Anything outside ASCII (é, £, –, …) is taken as a wide-ish letter: overestimating only costs a little space.
const OTHER = 620;

/** Width in pixels of one line of `text` set in Arial at `fontSize` px. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const table = bold ? BOLD : REGULAR;
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    units += code >= 32 && code <= 126 ? table[code - 32]! : OTHER;
  }
  return (units * fontSize) / 1000;
}

/** Splits `text` into lines no wider than `maxWidth` at spaces (a single over-long word keeps its own line). */
export function wrapText(text: string, fontSize: number, maxWidth: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && textWidth(candidate, fontSize, bold) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

interface VegaTextItem {
  fontSize?: number | string;
  fontWeight?: number | string;
  limit?: number;
}

interface VegaTextMetrics {
  width: (item: VegaTextItem, text: unknown) => number;
}

let installed = false;

/**
 * Points Vega's text measurement at the Arial metrics above. Vega supports replacing
 * `textMetrics.width` for exactly this (vl-convert does the same); it is process-wide, which is fine
 * because every chart uses the same font. `textMetrics` is exported by vega but missing from its typings.
 */
export function installArialMetrics(vegaModule: object): void {
  if (installed) return;
  const metrics = (vegaModule as { textMetrics?: VegaTextMetrics }).textMetrics;
  if (!metrics) return;
  metrics.width = (item, text) => {
    // Vega passes one line at a time: a string, or a number for numeric labels.
    const line = typeof text === 'string' ? text.trim() : typeof text === 'number' ? String(text) : '';
    const size = item.fontSize === undefined ? 11 : Number(item.fontSize) || 0;
    const weight = item.fontWeight;
    const bold = weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600);
    const width = textWidth(line, size, bold);
    // Vega truncates text longer than `limit` to fit; report the truncated width, as its canvas path does.
    return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
  installed = true;
}
