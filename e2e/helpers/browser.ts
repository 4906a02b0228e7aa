// Browser tests: real Chromium (Debian's) driven by playwright-core, with an axe-core scan of every page.
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import type { DatabaseKind } from '../../src/db/client.js';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';

export function browserSkipReason(): string | false {
  return process.env.WAYMARK_TEST_CHROMIUM
    ? false
    : 'Chromium not available (run through `npm test`; install with apt-get install -y chromium, or set CHROMIUM_PATH)';
}

export interface BrowserHarness {
  t: TestApp;
  browser: Browser;
  baseUrl: string;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function startBrowserHarness(
  kind: DatabaseKind = 'pglite',
  env: Record<string, string> = {},
  fixedPort = 0,
): Promise<BrowserHarness> {
  const t = await createTestApp(
    kind,
    fixedPort ? { BASE_URL: `http://127.0.0.1:${fixedPort}`, ...env } : env,
  );
  await t.app.listen({ host: '127.0.0.1', port: fixedPort });
  const address = t.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: process.env.WAYMARK_TEST_CHROMIUM!,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const errors: string[] = [];
  return {
    t,
    browser,
    baseUrl: `http://127.0.0.1:${port}`,
    async newPage() {
      const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
      const page = await context.newPage();
      // Error pages load with 4xx on purpose; any failing sub-resource (a script, a stylesheet) is a defect.
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
          errors.push(message.text());
      });
      page.on('response', (response) => {
        if (response.status() >= 400 && response.request().resourceType() !== 'document') {
          errors.push(`${response.status()} ${response.url()}`);
        }
      });
      page.on('pageerror', (error) => errors.push(error.message));
      return page;
    },
    async close() {
      await browser.close();
      await t.close();
      assert.deepEqual(errors, [], 'the browser reported errors (CSP violations or script errors)');
    },
  };
}

/** Signs in through the real form and waits until the organisation's pages are reached. */
export async function signInAs(
  page: Page,
  email: string,
  password: string,
  landing = '**/o/**',
): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL(landing), page.getByRole('button', { name: 'Sign in' }).click()]);
}

/** Fails on any WCAG 2.2 AA violation, listing each rule and the elements that break it. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  assert.deepEqual(summary, [], `axe violations on ${label} (${page.url()})`);
}
