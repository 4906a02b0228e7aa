// Prints a pack's HTML to PDF with headless Chromium (playwright-core drives the browser the
// machine already has; nothing is downloaded). Page numbers go in the footer.
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { AppError } from '../../../platform/errors.js';

export class PdfUnavailableError extends AppError {
  constructor(message: string) {
    super(503, 'pdf_unavailable', message);
  }
}

export function chromiumAvailable(executablePath: string): boolean {
  return fs.existsSync(executablePath);
}

export async function printPdf(
  html: string,
  options: { executablePath: string; footer: string },
): Promise<Buffer> {
  if (!chromiumAvailable(options.executablePath))
    throw new PdfUnavailableError(
      `The PDF could not be printed: there is no Chromium at ${options.executablePath}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  const browser = await chromium.launch({
    executablePath: options.executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const footer = options.footer.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:8px;width:100%;padding:0 14mm;display:flex;justify-content:space-between;font-family:Arial,sans-serif"><span>${footer}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
      margin: { top: '16mm', bottom: '18mm', left: '14mm', right: '14mm' },
      tagged: true,
      outline: true,
    });
  } finally {
    await browser.close();
  }
}
