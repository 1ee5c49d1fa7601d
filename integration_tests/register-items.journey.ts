import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser } from './support/browser.ts';
import { signedInAsDemo } from './support/pages.ts';
import { demoDataDir, startVigil, type RunningVigil } from './support/server.ts';

let browser: Browser;
let vigil: RunningVigil;

// A 1x1 PNG: the server checks the bytes, not the name.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d5c1a40000000049454e44ae426082',
  'hex',
);

beforeAll(async () => {
  vigil = await startVigil(await demoDataDir(), { demo: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

async function signedIn(username: string, javaScript: boolean): Promise<Page> {
  const page = await signedInAsDemo(browser, vigil.url, username, { javaScript });
  page.setDefaultTimeout(15_000);
  return page;
}

async function openJonah(page: Page): Promise<string> {
  await page.goto(`${vigil.url}/nominals?q=jonah+testwell`);
  await page.getByRole('link', { name: 'TESTWELL, Jonah' }).click();
  await page.waitForURL(/\/nominals\/[0-9a-f-]{36}$/);
  return page.url();
}

describe('a police officer keeps a record up to date (demo mode)', () => {
  it('adds an address after fixing the form, and a photograph, and sees them on the record', async () => {
    const page = await signedIn('police.officer', true);
    const record = await openJonah(page);
    await expectAccessible(page);

    await page.getByRole('link', { name: /^Addresses/ }).click();
    await page.waitForURL('**/section/addresses');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Add address' }).click();
    await page.waitForURL('**/items/address/new');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Add address' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the address line 1');
    await expectAccessible(page);

    await page.getByLabel('Home address').check();
    await page.getByLabel('Address line 1').fill('14 Journey Close');
    await page.getByLabel('Town or city').fill('Northmoor');
    await page.getByLabel('Postcode').fill('nm1 2ab');
    const start = page.getByRole('group', { name: 'Start date' });
    await start.getByLabel('Day').fill('5');
    await start.getByLabel('Month').fill('6');
    await start.getByLabel('Year').fill('2025');
    await page.getByRole('group', { name: /child under 18/ }).getByLabel('No').check();
    await page.getByRole('button', { name: 'Add address' }).click();
    await page.waitForURL('**/section/addresses');
    expect(await page.getByTestId('item-address').first().innerText()).toContain('NM1 2AB');
    await expectAccessible(page);

    await page.goto(`${record}/items/photo/new`);
    await page.getByLabel('Photograph', { exact: true }).setInputFiles({ name: 'face.png', mimeType: 'image/png', buffer: PNG });
    const taken = page.getByRole('group', { name: 'Date taken' });
    await taken.getByLabel('Day').fill('1');
    await taken.getByLabel('Month').fill('2');
    await taken.getByLabel('Year').fill('2026');
    await page.getByLabel('Face').check();
    await page.getByLabel('Description').fill('Scar above the left eyebrow');
    await page.getByRole('button', { name: 'Add photograph' }).click();
    await page.waitForURL('**/section/identity');
    await expectAccessible(page);
    await page.goto(record);
    expect(await page.getByTestId('summary-card').locator('img').getAttribute('alt')).toContain('Scar above the left eyebrow');
    await page.context().close();
  });
});

describe('the item forms work without JavaScript', () => {
  it('adds a risk factor with plain form posts', async () => {
    const page = await signedIn('police.manager', false);
    const record = await openJonah(page);
    await page.goto(`${record}/items/risk-factor/new`);
    await page.getByRole('button', { name: 'Add risk factor' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the risk factor');
    await page.getByLabel('Risk factor').fill('Loiters near play areas');
    await page.getByRole('button', { name: 'Add risk factor' }).click();
    await page.waitForURL('**/section/risk');
    expect(await page.getByTestId('item-risk-factor').first().innerText()).toContain('Loiters near play areas');
    await page.context().close();
  });
});

describe('two officers change the same address at once', () => {
  it('the second to save is told who changed it and when, and sees the current details', async () => {
    const officer = await signedIn('police.officer', true);
    const manager = await signedIn('police.manager', true);
    const record = await openJonah(officer);
    await officer.goto(`${record}/section/addresses`);
    const edit = await officer.getByTestId('item-address').first().getByRole('link', { name: /^Change/ }).getAttribute('href');
    await officer.goto(`${vigil.url}${edit}`);
    await manager.goto(`${vigil.url}${edit}`);

    await manager.getByLabel('Address line 1').fill('15 Journey Close');
    await manager.getByRole('button', { name: 'Save changes' }).click();
    await manager.waitForURL('**/section/addresses');

    await officer.getByLabel('Address line 1').fill('16 Journey Close');
    await officer.getByRole('button', { name: 'Save changes' }).click();
    await officer.waitForLoadState();
    expect(await officer.locator('.govuk-error-summary').innerText()).toMatch(/This address was changed by Morgan Hughes at \d\d:\d\d on/);
    expect(await officer.getByLabel('Address line 1').inputValue()).toBe('15 Journey Close');
    await expectAccessible(officer);
    await officer.context().close();
    await manager.context().close();
  });
});
