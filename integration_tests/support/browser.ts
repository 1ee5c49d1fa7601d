import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the network-quiet flags this environment needs. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No browser at ${CHROMIUM}. Install it with: apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newContext(browser: Browser, options: { javaScript: boolean }): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: options.javaScript, baseURL: undefined });
}

/** Every page visited is checked with axe against WCAG 2.2 A and AA: no violations allowed. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Visits a page and checks it with axe. */
export async function visit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expectAccessible(page);
}

/** Sends a form as it stands with the named button; the error summary must say each thing to fix, and the page pass axe. */
export async function expectToldToFix(page: Page, button: string, messages: string[]): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  await page.waitForLoadState();
  const summary = await page.locator('.govuk-error-summary').innerText();
  for (const message of messages) expect(summary).toContain(message);
  await expectAccessible(page);
}
