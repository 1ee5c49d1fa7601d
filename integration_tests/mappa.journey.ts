import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser } from './support/browser.ts';
import { signedInAsDemo, fillDate } from './support/pages.ts';
import { demoDataDir, startVigil, type RunningVigil } from './support/server.ts';

let browser: Browser;
let vigil: RunningVigil;

beforeAll(async () => {
  vigil = await startVigil(await demoDataDir(), { demo: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

// One page through the steps below, each its own test so that a slow machine gets time per step.
// axe needs JavaScript in the page, so the pages are checked in one with it, and the meeting is
// posted from one without it (plain form posts).
let page: Page;
let plain: Page;
let record: string;
const thisYear = new Date().getUTCFullYear();

describe('a MAPPA co-ordinator (demo mode)', () => {
  it("opens a record's MAPPA history and is told what to fix on an empty meeting form", async () => {
    page = await signedInAsDemo(browser, vigil.url, 'police.manager', { javaScript: true });
    page.setDefaultTimeout(30_000);

    await page.goto(`${vigil.url}/nominals?q=jonah+testwell`);
    await page.getByRole('link', { name: 'TESTWELL, Jonah' }).click();
    await page.waitForURL(/\/nominals\/[0-9a-f-]{36}$/);
    await page.getByRole('link', { name: 'MAPPA meetings and history' }).click();
    await page.waitForURL('**/mappa');
    record = page.url();
    await expectAccessible(page);
    expect(await page.getByTestId('mappa-history').innerText()).toContain('Category');

    await page.getByRole('button', { name: 'Record a meeting' }).click();
    await page.waitForURL('**/mappa/meetings/new');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Record the meeting' }).click();
    await page.waitForLoadState();
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('Select the level of the meeting');
    expect(summary).toContain('Add at least one attendee: their name and agency');
    await expectAccessible(page);
  });

  it('records a level 2 meeting with an attendee and an action, with plain form posts', async () => {
    plain = await signedInAsDemo(browser, vigil.url, 'police.manager', { javaScript: false });
    plain.setDefaultTimeout(30_000);
    await plain.goto(`${record}/meetings/new`);
    await plain.getByLabel('Level 2: multi-agency meeting').check();
    await fillDate(plain, 'Date of the meeting', `${thisYear - 1}-11-20`);
    await plain.getByLabel('Name of attendee 1').fill('Journey Chair');
    await plain.getByLabel('Agency of attendee 1').selectOption({ index: 1 });
    await plain.getByLabel('Role of attendee 1 in the meeting').fill('Chair');
    await plain.getByLabel('Minutes', { exact: true }).fill('Synthetic journey minutes.');
    await plain.getByLabel('Description of action 1').fill('Journey home visit');
    await plain.getByLabel('Owner of action 1', { exact: true }).fill('Journey Owner');
    await fillDate(plain, 'Due date of action 1', `${thisYear - 1}-12-01`);
    await fillDate(plain, 'Date of the next meeting', `${thisYear + 1}-01-15`);
    await plain.getByRole('button', { name: 'Record the meeting' }).click();
    await plain.waitForURL(/\/mappa\/meetings\/[0-9a-f-]{36}$/);
    expect(await plain.locator('.govuk-notification-banner').innerText()).toContain('Meeting recorded');
    await page.goto(plain.url());
    expect(await page.getByLabel('Name of attendee 1').inputValue()).toBe('Journey Chair');
    await expectAccessible(page);
    await plain.context().close();
  });

  it('sees the overdue action in their MAPPA work, and the annual figures for today', async () => {
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'MAPPA' }).click();
    await page.waitForURL(`${vigil.url}/mappa`);
    expect(await page.getByTestId('overdue-actions').innerText()).toContain('Journey home visit');
    expect(await page.getByTestId('upcoming-meetings').innerText()).toContain('TESTWELL');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'MAPPA annual-report figures' }).click();
    await page.waitForURL('**/mappa/report');
    await expectAccessible(page);
    await page.getByLabel('Figures on').fill(new Date().toISOString().slice(0, 10));
    await page.getByLabel('Population of the area (optional)').fill('1000000');
    await page.getByRole('button', { name: 'Show the figures' }).click();
    await page.waitForURL('**/mappa/report?*');
    expect(Number(await page.getByTestId('total').innerText())).toBeGreaterThan(0);
    expect(await page.getByTestId('other-figures').innerText()).toContain('population 1000000');
    await expectAccessible(page);
    await page.context().close();
  });
});
