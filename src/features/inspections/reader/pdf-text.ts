// Text out of a PDF with pdf.js: lines rebuilt from positioned text items, page by page.
import { getDocument, PasswordResponses, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';

export type ReportReadErrorCode = 'not_pdf' | 'encrypted' | 'corrupt' | 'no_text' | 'not_ofsted';

export class ReportReadError extends Error {
  constructor(
    readonly code: ReportReadErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReportReadError';
  }
}

interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export async function extractPdfText(data: Uint8Array): Promise<{ pages: string[] }> {
  if (data.length < 5 || Buffer.from(data.subarray(0, 5)).toString('latin1') !== '%PDF-') {
    throw new ReportReadError(
      'not_pdf',
      'This file is not a PDF. Upload the report as Ofsted published it (a .pdf file).',
    );
  }
  let pdf;
  try {
    const task = getDocument({
      data: new Uint8Array(data),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: VerbosityLevel.ERRORS,
    });
    task.onPassword = () => {
      throw new ReportReadError('encrypted', 'This PDF is password-protected. Upload an unprotected copy.');
    };
    pdf = await task.promise;
  } catch (error) {
    if (error instanceof ReportReadError) throw error;
    const name = (error as { name?: string }).name;
    if (name === 'PasswordException')
      throw new ReportReadError('encrypted', 'This PDF is password-protected. Upload an unprotected copy.');
    throw new ReportReadError(
      'corrupt',
      'This PDF is damaged and could not be read. Download it again from Ofsted’s website.',
    );
  }
  void PasswordResponses;
  const pages: string[] = [];
  try {
    for (let p = 1; p <= pdf.numPages; p++) {
      const page = await pdf.getPage(p);
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const raw of content.items) {
        if (!('str' in raw) || raw.str === '') continue;
        items.push({
          str: raw.str,
          x: raw.transform[4] as number,
          y: raw.transform[5] as number,
          width: raw.width,
          height: raw.height,
        });
      }
      // Group items whose baselines are within a couple of points into one line, top to bottom.
      items.sort((a, b) => b.y - a.y || a.x - b.x);
      const lines: Item[][] = [];
      for (const item of items) {
        const line = lines.find((l) => Math.abs(l[0]!.y - item.y) < 2.5);
        if (line) line.push(item);
        else lines.push([item]);
      }
      const text = lines
        .sort((a, b) => b[0]!.y - a[0]!.y)
        .map((line) => {
          line.sort((a, b) => a.x - b.x);
          let out = '';
          let end = -Infinity;
          for (const item of line) {
            const gap = item.x - end;
            if (out && gap > 1 && !out.endsWith(' ') && !item.str.startsWith(' ')) out += ' ';
            out += item.str;
            end = item.x + item.width;
          }
          return out.replace(/\s+/g, ' ').trim();
        })
        .filter(Boolean)
        .join('\n');
      pages.push(text);
      page.cleanup();
    }
  } finally {
    await pdf.destroy();
  }
  if (pages.every((p) => p.trim() === '')) {
    throw new ReportReadError(
      'no_text',
      'This PDF has no text in it (it may be a scanned image). Paste the report’s text instead.',
    );
  }
  return { pages };
}
