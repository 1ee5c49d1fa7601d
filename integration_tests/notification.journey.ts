import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser } from './support/browser.ts';
import { signedInAsDemo } from './support/pages.ts';
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

/** A calendar date in UK time, `days` from today, as [day, month, year] for the three boxes. */
function ukDate(days: number): [string, string, string] {
  const iso = new Date(Date.now() + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
  const [y, m, d] = iso.split('-');
  return [String(Number(d)), String(Number(m)), y!];
}

async function fillDate(page: Page, legend: string, [d, m, y]: [string, string, string]) {
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(d);
  await group.getByLabel('Month').fill(m);
  await group.getByLabel('Year').fill(y);
}

describe('a police officer records what makes a person subject to notification', () => {
  it('records a caution and the initial notification with plain form posts, and sees the dates the clock gives', async () => {
    // axe runs in a page with JavaScript; the forms are posted from one without, as a locked-down browser would.
    const looking = await signedInAsDemo(browser, vigil.url, 'police.officer', { javaScript: true });
    const posting = await signedInAsDemo(browser, vigil.url, 'police.officer', { javaScript: false });
    for (const p of [looking, posting]) p.setDefaultTimeout(20_000);

    await looking.goto(`${vigil.url}/nominals?q=jonah+testwell`);
    await looking.getByRole('link', { name: 'TESTWELL, Jonah' }).click();
    await looking.waitForURL(/\/nominals\/[0-9a-f-]{36}$/);
    await looking.getByRole('link', { name: 'Notification', exact: true }).click();
    await looking.waitForURL('**/notification');
    const clockPage = looking.url();
    await expectAccessible(looking);
    await looking.getByRole('link', { name: 'Record a disposal' }).click();
    await looking.waitForURL('**/notification/record/disposal');
    await expectAccessible(looking);

    await posting.goto(`${clockPage}/record/disposal`);
    await posting.getByRole('button', { name: 'Save' }).click();
    await posting.waitForLoadState();
    expect(await posting.locator('.govuk-error-summary').innerText()).toContain('Select the disposal');
    await posting.getByLabel('Caution', { exact: true }).check();
    await fillDate(posting, 'Relevant date', ukDate(-1));
    await posting.getByLabel('Court or police force').fill('Northmoor Police');
    await posting.getByRole('button', { name: 'Save' }).click();
    await posting.waitForURL('**/notification');
    expect(await posting.getByTestId('period').innerText()).toMatch(/2 years, ending on \d+ \w+ \d{4}/);
    expect(await posting.getByTestId('initial').innerText()).toMatch(/Due by \d+ \w+ \d{4}/);

    await looking.goto(clockPage);
    await expectAccessible(looking);
    await looking.getByRole('link', { name: 'Record a notification' }).click();
    await looking.waitForURL('**/notification/record/notification');
    await expectAccessible(looking);

    await posting.goto(`${clockPage}/record/notification`);
    await posting.getByLabel('Initial notification').check();
    await fillDate(posting, 'Date of the notification', ukDate(0));
    await posting.getByLabel('Place where it was taken').fill('Northmoor police station');
    await posting.getByLabel('Officer who took it').fill('PC 4021 Example');
    await posting.getByRole('button', { name: 'Save' }).click();
    await posting.waitForURL('**/notification');
    expect(await posting.getByTestId('initial').innerText()).toContain('Met');
    const [d, m, y] = ukDate(0);
    const nextYear = new Date(Date.UTC(Number(y) + 1, Number(m) - 1, Number(d))).toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
    expect(await posting.getByTestId('next-periodic').innerText()).toContain(`By ${nextYear}`);
    expect(await posting.getByTestId('notifications').innerText()).toContain('Northmoor police station');

    await looking.goto(clockPage);
    await expectAccessible(looking);
    await looking.context().close();
    await posting.context().close();
  }, 240_000);

  it('finds the duties on the home page and on both notification work lists, every tab of which passes axe, and downloads one as CSV', async () => {
    const page = await signedInAsDemo(browser, vigil.url, 'police.officer', { javaScript: true });
    page.setDefaultTimeout(20_000);
    // A caution ten days ago with no notification since puts an overdue initial duty on the lists, so axe sees rows, not only empty lists.
    await page.goto(`${vigil.url}/nominals?q=lena+samplethorpe`);
    await page.getByRole('link', { name: 'SAMPLETHORPE, Lena' }).click();
    await page.waitForURL(/\/nominals\/[0-9a-f-]{36}$/);
    await page.goto(`${page.url()}/notification/record/disposal`);
    await page.getByLabel('Caution', { exact: true }).check();
    await fillDate(page, 'Relevant date', ukDate(-10));
    await page.getByLabel('Court or police force').fill('Northmoor Police');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL('**/notification');

    await page.goto(`${vigil.url}/`);
    expect(await page.getByTestId('notification-counts').count()).toBe(1);
    await expectAccessible(page);

    expect(Number(await page.getByTestId('count-unit-overdue').innerText().then((t) => t.match(/^\d+/)?.[0]))).toBeGreaterThan(0);
    await page.getByTestId('count-unit-overdue').click();
    await page.waitForURL('**/notifications/worklist?scope=unit&list=overdue');
    expect(await page.getByTestId('list-heading').innerText()).toBe('Overdue');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'My notification work list', exact: true }).click();
    await page.waitForURL('**/notifications/worklist?scope=mine');
    expect(await page.getByTestId('list-heading').innerText()).toBe('Overdue');
    expect(await page.getByTestId('worklist').innerText()).toContain('SAMPLETHORPE, Lena');
    await expectAccessible(page);

    const tabs = page.getByRole('navigation', { name: 'Work lists' });
    const lists = [
      ['due-7', 'Due in the next 7 days'],
      ['due-30', 'Due in the next 30 days'],
      ['breaches', 'Breaches to record'],
      ['reviews', 'Reviews now possible'],
      ['incomplete', 'Facts to complete'],
      ['changed', 'Dates changed by the clock'],
      ['overdue', 'Overdue'],
    ] as const;
    for (const [key, name] of lists) {
      await tabs.getByRole('link', { name: new RegExp(`^${name} \\(\\d+\\)$`) }).click();
      await page.waitForURL(`**/notifications/worklist?scope=mine&list=${key}`);
      expect(await page.getByTestId('list-heading').innerText()).toBe(name);
      await expectAccessible(page);
    }

    // The request shares the page's session cookie, so it is fetched as the signed-in officer.
    const csvHref = await page.getByTestId('csv-link').getAttribute('href');
    expect(csvHref).toBe('/notifications/worklist.csv?scope=mine&list=overdue');
    const csv = await page.context().request.get(`${vigil.url}${csvHref}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    await page.context().close();
  }, 240_000);
});
