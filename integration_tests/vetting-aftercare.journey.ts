import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, grantedApplication } from '../server/modules/vetting/vetting.aftercare.fixtures.ts';
import { expectAccessible, launchBrowser } from './support/browser.ts';
import { signedInAsDemo, fillDate } from './support/pages.ts';
import { demoAccountsWith, startVigil, type RunningVigil } from './support/server.ts';

let browser: Browser;
let vigil: RunningVigil;
let applicationId: string;
let holderName: string;

// The demo's accounts hold clearances recorded by an administrator, which cannot be renewed or
// withdrawn from a case: the holder is given one from a granted application, expiring in 30 days
// (inside the reminder window), before the server starts.
beforeAll(async () => {
  const dataDir = await demoAccountsWith(async (database, ids) => {
    holderName = (await database.db.selectFrom('app_user').select('display_name').where('id', '=', ids['police.officer']!).executeTakeFirstOrThrow()).display_name;
    applicationId = await grantedApplication(
      { database },
      { applicant: ids['police.officer']!, sponsor: ids['police.manager']!, officer: ids['vetting.officer']!, level: 'NPPV3', grantedAt: new Date(Date.now() - 700 * DAY), expiresAt: new Date(Date.now() + 30 * DAY) },
    );
  });
  vigil = await startVigil(dataDir, { demo: true });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

const londonDay = (at: Date) => at.toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

describe('vetting aftercare (demo mode)', () => {
  it('the holder sees their clearance, is told what to fix, and reports a change of circumstances (JavaScript off)', async () => {
    const page = await signedInAsDemo(browser, vigil.url, 'police.officer', { javaScript: true });
    page.setDefaultTimeout(30_000);
    await page.goto(`${vigil.url}/vetting/clearance`);
    expect(await page.getByTestId('expires-in').innerText()).toMatch(/Your clearance expires in (29|30) days\./);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Report a change of circumstances' }).click();
    await page.waitForURL('**/vetting/aftercare');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send the report' }).click();
    await page.waitForLoadState();
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('Choose what has changed');
    expect(summary).toContain('Tell us what has changed');
    await expectAccessible(page);

    const plain = await signedInAsDemo(browser, vigil.url, 'police.officer', { javaScript: false });
    plain.setDefaultTimeout(30_000);
    await plain.goto(`${vigil.url}/vetting/aftercare`);
    const details = plain.getByRole('textbox', { name: 'What has changed' });
    // A change cannot have happened tomorrow: refused, with every answer kept on the form.
    await plain.getByLabel('Change of address').check();
    await fillDate(plain, 'When it happened', londonDay(new Date(Date.now() + 2 * DAY)));
    await details.fill('Synthetic journey report: moved to 1 Example Street.');
    await plain.getByRole('button', { name: 'Send the report' }).click();
    await plain.waitForLoadState();
    expect(await plain.locator('.govuk-error-summary').innerText()).toContain('The date it happened must be today or in the past');
    expect(await plain.getByLabel('Change of address').isChecked()).toBe(true);
    expect(await details.inputValue()).toBe('Synthetic journey report: moved to 1 Example Street.');
    await fillDate(plain, 'When it happened', londonDay(new Date(Date.now() - 3 * DAY)));
    await plain.getByRole('button', { name: 'Send the report' }).click();
    await plain.waitForURL('**/vetting/clearance');
    expect(await plain.locator('.govuk-notification-banner').innerText()).toContain('Change reported');
    expect(await plain.getByTestId('reports').innerText()).toContain('Waiting for review');
    await page.goto(`${vigil.url}/vetting/clearance`);
    await expectAccessible(page);
    await plain.context().close();
    await page.context().close();
  }, 240_000);

  it('the holder reads everything held about them, on the page they can print and as JSON', async () => {
    const page = await signedInAsDemo(browser, vigil.url, 'police.officer', { javaScript: true });
    page.setDefaultTimeout(30_000);
    await page.goto(`${vigil.url}/vetting/clearance`);
    await page.getByRole('link', { name: 'See everything held about you' }).click();
    await page.waitForURL('**/vetting/my-data');
    expect(await page.locator('h1').innerText()).toBeTruthy();
    await expectAccessible(page);
    // The printable version is this page under print styles: axe again as printed.
    await page.emulateMedia({ media: 'print' });
    await expectAccessible(page);
    await page.emulateMedia({ media: 'screen' });
    const download = await page.context().request.get(`${vigil.url}/vetting/my-data.json`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toContain('my-vetting-data.json');
    expect(JSON.stringify(await download.json())).toContain('Synthetic journey report');
    await page.context().close();
  }, 240_000);

  it('a vetting officer opens the aftercare queue, records the review and opens the withdrawal page', async () => {
    const page = await signedInAsDemo(browser, vigil.url, 'vetting.officer', { javaScript: true });
    page.setDefaultTimeout(30_000);
    await page.goto(`${vigil.url}/vetting/aftercare/queue`);
    await expectAccessible(page);
    const row = page.getByTestId('aftercare-reports').getByRole('row').filter({ hasText: holderName }).filter({ hasText: 'Change of address' });
    await row.getByRole('link').first().click();
    await page.waitForURL(/\/vetting\/aftercare\/reports\/[0-9a-f-]{36}$/);
    const reportUrl = page.url();
    expect(await page.getByTestId('report').innerText()).toContain('Synthetic journey report');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Record the review' }).click();
    await page.waitForLoadState();
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('Choose the outcome of the review');
    expect(summary).toContain('Enter a note saying why');
    await expectAccessible(page);

    await page.getByLabel('No action needed').check();
    await page.getByLabel('Why').fill('Synthetic review: the new address raises no concern.');
    await page.getByRole('button', { name: 'Record the review' }).click();
    await page.waitForURL('**/vetting/aftercare/queue');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Review recorded');
    await expectAccessible(page);

    await page.goto(reportUrl);
    expect(await page.getByTestId('reviewed').innerText()).toContain('No action needed');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Withdraw this clearance' }).click();
    await page.waitForURL(`**/vetting/casework/${applicationId}/withdraw-clearance`);
    expect(await page.getByLabel('Reasons for withdrawing').count()).toBe(1);
    await expectAccessible(page);
    // Asked to withdraw without reasons, the form says what to fix and nothing is withdrawn.
    await page.getByRole('button', { name: 'Withdraw clearance' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the reasons for withdrawing the clearance');
    await expectAccessible(page);
    await page.context().close();

    const holder = await signedInAsDemo(browser, vigil.url, 'police.officer', { javaScript: true });
    holder.setDefaultTimeout(30_000);
    await holder.goto(`${vigil.url}/vetting/clearance`);
    expect(await holder.getByTestId('reports').innerText()).toContain('No action needed');
    expect(await holder.getByTestId('clearance-withdrawn').count()).toBe(0);
    await holder.context().close();
  }, 240_000);

  it('the holder starts the renewal and sees the sections to confirm', async () => {
    const page = await signedInAsDemo(browser, vigil.url, 'police.officer', { javaScript: true });
    page.setDefaultTimeout(30_000);
    await page.goto(`${vigil.url}/vetting/clearance`);
    await page.getByRole('button', { name: 'Start your renewal' }).click();
    await page.waitForURL(/\/vetting\/renewal\/[0-9a-f-]{36}$/);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Renewal started');
    await expectAccessible(page);
    await page.context().close();
  }, 240_000);
});
