// Prints a pack's HTML to PDF with headless Chromium (playwright-core drives the browser the
// machine already has; nothing is downloaded). Page numbers go in the footer.
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { AppError } from '../../../platform/errors.js';

export class PdfUnavailableError extends AppError {
  constructor(message: string) {
    super(503, 'pdf_unavailable', message);
  }
}

// One browser is kept for prints that come close together (a pack's issue, then its downloads),
// and closed once idle, so a quiet server holds no Chromium. Each print has its own context.
const IDLE_MS = 20_000;
let shared: { path: string; browser: Promise<Browser> } | null = null;
let inFlight = 0;
let idleTimer: NodeJS.Timeout | null = null;

function warmBrowser(executablePath: string): Promise<Browser> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  if (!shared || shared.path !== executablePath) {
    const browser = chromium.launch({
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    shared = { path: executablePath, browser };
    void browser.then(
      (b) =>
        b.on('disconnected', () => {
          if (shared?.browser === browser) shared = null;
        }),
      () => {
        if (shared?.browser === browser) shared = null;
      },
    );
  }
  return shared.browser;
}

function scheduleClose(): void {
  if (inFlight > 0) return;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void closePdfBrowser(), IDLE_MS);
  idleTimer.unref();
}

/** Closes the kept browser now (on shutdown, and by the idle timer). */
export async function closePdfBrowser(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const current = shared;
  shared = null;
  if (current) await (await current.browser.catch(() => null))?.close();
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
  const browser = await warmBrowser(options.executablePath);
  inFlight++;
  let context: BrowserContext | null = null;
  try {
    context = await browser.newContext({ javaScriptEnabled: false, offline: true });
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
    await context?.close();
    inFlight--;
    scheduleClose();
  }
}
