import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedApplication } from '../server/modules/vetting/vetting.appeal.fixtures.ts';
import { expectAccessible, expectToldToFix, launchBrowser } from './support/browser.ts';
import { signedInAsDemo, fillDate } from './support/pages.ts';
import { demoAccountsWith, startVigil, type RunningVigil } from './support/server.ts';

let browser: Browser;
let vigil: RunningVigil;
let applicationId: string;

// The demo world has no refused application yet: one is written in before the server starts,
// with the demo's vetting officers as case officer, decider and second officer.
beforeAll(async () => {
  const dataDir = await demoAccountsWith(async (database, ids) => {
    applicationId = await refusedApplication({ database }, { applicant: ids['police.officer']!, sponsor: ids['police.manager']!, caseOfficer: ids['vetting.officer']!, decider: ids['vetting.officer']!, second: ids['vetting.second']! }, 2);
    reference = (await database.db.selectFrom('vetting_application').select('reference').where('id', '=', applicationId).executeTakeFirstOrThrow()).reference;
  });
  vigil = await startVigil(dataDir, { demo: true });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

let appealUrl: string;
// The journey's own application: the demo world holds appeals of its own.
let reference: string;

describe('a vetting appeal (demo mode)', () => {
  it('before any appeal: a vetting officer restricts processing and lifts it; the time-to-appeal and override forms say what to fix', async () => {
    const page = await signedInAsDemo(browser, vigil.url, 'vetting.officer', { javaScript: true });
    page.setDefaultTimeout(30_000);
    const restriction = `${vigil.url}/vetting/applications/${applicationId}/restriction`;
    await page.goto(restriction);
    expect(await page.getByTestId('not-restricted').innerText()).toContain('Processing is not restricted');
    await expectAccessible(page);
    await expectToldToFix(page, 'Restrict processing', ['Enter the reason for restricting processing']);
    await page.getByLabel('Why processing must be restricted').fill('Synthetic: the applicant contests the accuracy of a check result.');
    await page.getByRole('button', { name: 'Restrict processing' }).click();
    await page.waitForURL(restriction);
    expect(await page.getByTestId('restricted').innerText()).toContain('Nothing about this application can change until the restriction is lifted');
    await expectAccessible(page);
    await page.getByLabel('Why the restriction can be lifted').fill('Synthetic: the check result was confirmed with the applicant.');
    await page.getByRole('button', { name: 'Lift the restriction' }).click();
    await page.waitForURL(restriction);
    expect(await page.getByTestId('not-restricted').innerText()).toContain('Processing is not restricted');
    await expectAccessible(page);

    await page.goto(`${vigil.url}/vetting/casework/${applicationId}/appeal-window`);
    expect(await page.getByTestId('window-limit').innerText()).toMatch(/Appeal by \d{1,2} \w+ \d{4} \(12 days left\)/);
    await expectAccessible(page);
    await expectToldToFix(page, 'Extend the time to appeal', ['Enter the new last day to appeal', 'Enter the reason for the extension']);

    // The vetting authority's authoriser, with no part in the case.
    const manager = await signedInAsDemo(browser, vigil.url, 'vetting.authoriser', { javaScript: true });
    manager.setDefaultTimeout(30_000);
    await manager.goto(`${vigil.url}/vetting/casework/${applicationId}/override`);
    expect(await manager.locator('h1').innerText()).toBe('Risk-accepted override');
    await expectAccessible(manager);
    await expectToldToFix(manager, 'Record the override and grant clearance', ['Enter the risk assessment: the risk you are accepting and why', 'Enter the conditions of the clearance']);
  }, 240_000);

  it('the applicant sees the time limit, is told what to fix, and lodges with a representative (JavaScript off)', async () => {
    const page = await signedInAsDemo(browser, vigil.url, 'police.officer', { javaScript: true });
    page.setDefaultTimeout(30_000);
    await page.goto(`${vigil.url}/vetting/applications/${applicationId}/appeal`);
    expect(await page.getByTestId('appeal-limit').innerText()).toMatch(/Appeal by \d{1,2} \w+ \d{4} \(12 days left\)/);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Lodge my appeal' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter your grounds of appeal: why you think the decision is wrong');
    await expectAccessible(page);

    const plain = await signedInAsDemo(browser, vigil.url, 'police.officer', { javaScript: false });
    plain.setDefaultTimeout(30_000);
    await plain.goto(`${vigil.url}/vetting/applications/${applicationId}/appeal`);
    await plain.getByLabel('Your grounds of appeal').fill('Synthetic journey grounds: the caution was disclosed up front.');
    await plain.getByLabel('Their name').fill('Robin Rep');
    await plain.getByLabel('Their organisation').fill('Synthetic Union');
    await plain.getByRole('button', { name: 'Lodge my appeal' }).click();
    await plain.waitForURL(`**/vetting/applications/${applicationId}/appeal`);
    expect(await plain.locator('.govuk-notification-banner').innerText()).toContain('Your appeal has been lodged');
    expect(await plain.getByTestId('appeal-status').innerText()).toMatch(/Decision due by \d{1,2} \w+ \d{4} \(28 days left\)/);
    await page.reload();
    await expectAccessible(page);
  }, 240_000);

  it('a vetting officer assigns an appeal panel member with no part in the case', async () => {
    const page = await signedInAsDemo(browser, vigil.url, 'vetting.officer', { javaScript: true });
    page.setDefaultTimeout(30_000);
    await page.goto(`${vigil.url}/vetting/appeals`);
    await expectAccessible(page);
    await page.getByTestId('appeals').getByRole('link', { name: reference }).click();
    await page.waitForURL(/\/vetting\/appeals\/[0-9a-f-]{36}$/);
    appealUrl = page.url();
    expect(await page.getByTestId('appeal-grounds').innerText()).toContain('Synthetic journey grounds');
    await expectAccessible(page);
    await expectToldToFix(page, 'Assign the hearer', ['Choose the appeal panel member who will hear the appeal']);
    await page.goto(appealUrl);
    await page.getByLabel('Hearer').selectOption({ label: 'Jordan Price' });
    await page.getByRole('button', { name: 'Assign the hearer' }).click();
    await page.waitForURL(appealUrl);
    expect(await page.getByTestId('appeal-summary').innerText()).toContain('Jordan Price');
    await page.goto(`${vigil.url}/vetting/overrides`);
    await expectAccessible(page);
    await page.getByTestId('overrides').getByRole('link').first().click();
    await page.waitForURL(/\/vetting\/overrides\/[0-9a-f-]{36}$/);
    await expectAccessible(page);
    await expectToldToFix(page, 'Record the outcome', ['Choose what kind of outcome it was']);
  }, 240_000);

  it('the hearer sees the bundle, records the hearing and decides with reasons', async () => {
    const page = await signedInAsDemo(browser, vigil.url, 'appeal.panel', { javaScript: true });
    page.setDefaultTimeout(30_000);
    await page.goto(`${vigil.url}/vetting/appeals`);
    await expectAccessible(page);
    await page.goto(appealUrl);
    expect(await page.getByTestId('bundle-decision').first().innerText()).toContain('Synthetic rationale');
    await expectAccessible(page);
    await fillDate(page, 'Date of the hearing', new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' }));
    await page.getByLabel('Who attended').fill('The applicant, Robin Rep, Jordan Price');
    await page.getByRole('group', { name: 'Was the representative present?' }).getByLabel('Yes').check();
    await page.getByLabel('Notes of the hearing').fill('Synthetic hearing notes.');
    await page.getByRole('button', { name: 'Record the hearing' }).click();
    await page.waitForURL(appealUrl);
    expect(await page.getByTestId('hearing').innerText()).toContain('Synthetic hearing notes.');
    await page.getByLabel('Allow the appeal: clearance is granted').check();
    await page.getByLabel('Reasons').fill('Synthetic reasons: the caution was disclosed in the up-front section.');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.waitForURL(appealUrl);
    expect(await page.getByTestId('appeal-decision').innerText()).toContain('Allowed');
    await expectAccessible(page);
  }, 240_000);

  it('the applicant reads the decision and its reasons', async () => {
    const page = await signedInAsDemo(browser, vigil.url, 'police.officer', { javaScript: true });
    page.setDefaultTimeout(30_000);
    await page.goto(`${vigil.url}/vetting/applications/${applicationId}/appeal`);
    expect(await page.getByTestId('appeal-outcome').innerText()).toContain('Your appeal was allowed');
    expect(await page.getByTestId('appeal-reasons').innerText()).toContain('Synthetic reasons: the caution was disclosed in the up-front section.');
    await expectAccessible(page);
  }, 240_000);
});
