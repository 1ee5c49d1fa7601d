import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, visit } from './support/browser.ts';
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

const signedIn = (username: string) => signedInAsDemo(browser, vigil.url, username);

describe('who may see a record, and emergency access (demo mode)', () => {
  let recordUrl: string;
  let reference: string;

  it('the owning officer records a restricted item, shares the record with probation, and cannot exclude the managing officer', async () => {
    const page = await signedIn('police.officer');
    // A demo record this officer manages and shares with nobody, found through their caseload.
    await page.getByRole('link', { name: 'Register', exact: true }).click();
    await page.waitForURL('**/nominals');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'My caseload' }).click();
    await page.waitForURL('**/nominals/caseload');
    await expectAccessible(page);
    const record = page.getByRole('link', { name: 'SAMPLETHORPE, Lena' });
    while (!(await record.count())) {
      await page.getByRole('link', { name: /^Next/ }).click();
      await page.waitForLoadState();
    }
    await record.click();
    await page.waitForURL(/\/nominals\/[0-9a-f-]{36}$/);
    recordUrl = page.url();
    reference = (await page.locator('.govuk-caption-l').first().innerText()).trim().split(' ')[0]!;
    expect(reference).toMatch(/^NPF-\d{6}$/);
    await expectAccessible(page);

    await visit(page, `${recordUrl}/items/medical/new`);
    await page.getByLabel('Medical detail').fill('Journey medical note: insulin dependent');
    await page.getByRole('button', { name: 'Add medical detail' }).click();
    await page.waitForLoadState();

    await page.goto(recordUrl);
    await page.getByRole('link', { name: 'Who may see this record' }).click();
    await page.waitForURL('**/access');
    await expectAccessible(page);
    await page.getByLabel('Unit', { exact: true }).selectOption({ label: 'Probation Service, North East region: Probation Delivery Unit A' });
    await page.getByLabel('View only').check();
    await page.getByRole('button', { name: 'Add partner unit' }).click();
    await page.waitForURL('**/access');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Probation Delivery Unit A added as view only');
    expect(await page.getByTestId('partners').innerText()).toContain('Probation Delivery Unit A');
    await expectAccessible(page);

    await page.getByLabel('Username').first().fill('police.officer');
    await page.getByLabel('Why must they not see it?').fill('Testing the rule');
    await page.getByRole('button', { name: 'Exclude', exact: true }).click();
    await page.waitForLoadState();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('You cannot exclude Priya Patel: they are the record\'s managing officer.');
    await expectAccessible(page);

    await visit(page, `${vigil.url}/nominals/unit`);
    await page.context().close();
  });

  it('a probation partner sees the record but not its restricted items, nor who viewed it', async () => {
    const page = await signedIn('probation.officer');
    await visit(page, recordUrl);
    expect(await page.getByTestId('nominal-name').innerText()).toBe('SAMPLETHORPE, Lena');
    expect(await page.getByTestId('access-links').count()).toBe(0);
    await visit(page, `${recordUrl}/section/risk`);
    expect(await page.content()).not.toContain('Journey medical note');
    await visit(page, `${recordUrl}/views`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Page not found');
    await page.context().close();
  });

  it('an unrelated officer gets "not found", breaks glass with a justification, and reads the record with a banner', async () => {
    const page = await signedIn('westvale.officer');
    await visit(page, recordUrl);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Page not found');
    await page.getByRole('link', { name: 'ask for emergency access (break-glass)' }).click();
    await page.waitForURL('**/nominals/break-glass');
    await expectAccessible(page);
    await page.getByLabel('Record reference or identifier').fill(reference);
    await page.getByLabel('Why do you need this record now?').fill('Too short');
    await page.getByRole('button', { name: 'Open the record' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('The justification must be at least 20 characters');
    await expectAccessible(page);
    await page.getByLabel('Why do you need this record now?').fill('Found at a address in our area with a child present; need his risks now.');
    await page.getByRole('button', { name: 'Open the record' }).click();
    await page.waitForURL(recordUrl);
    expect(await page.locator('.govuk-warning-text', { hasText: 'Emergency (break-glass) access' }).count()).toBe(1);
    expect(await page.getByTestId('break-glass-expiry').innerText()).toContain('Your emergency access ends at');
    await expectAccessible(page);
    await page.context().close();
  });

  it('the managing officer is told, and sees the break-glass in who viewed the record', async () => {
    const page = await signedIn('police.officer');
    expect(await page.getByTestId('unread-count').innerText()).toMatch(/^\d+/);
    await page.getByRole('link', { name: /^Messages/ }).click();
    await page.waitForURL('**/messages');
    await expectAccessible(page);
    expect(await page.getByTestId('messages').innerText()).toContain(`Emergency access to ${reference}`);
    await page.getByTestId('messages').getByRole('link', { name: new RegExp(`Emergency access to ${reference}`) }).first().click();
    await page.waitForURL('**/views');
    expect(await page.getByTestId('record-views').innerText()).toContain('Emergency access (break-glass)');
    expect(await page.getByTestId('record-views').innerText()).toContain('Sam Okafor');
    await expectAccessible(page);
    await page.goto(`${vigil.url}/messages`);
    await page.getByRole('button', { name: new RegExp(`Mark as read: Emergency access to ${reference}`) }).first().click();
    await page.waitForURL('**/messages');
    await expectAccessible(page);
    await page.context().close();
  });
});
