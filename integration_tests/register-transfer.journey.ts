import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPeople } from '../server/modules/seed/seed.demo.ts';
import { expectAccessible, launchBrowser } from './support/browser.ts';
import { signedInAsDemo } from './support/pages.ts';
import { demoDataDir, startVigil, type RunningVigil } from './support/server.ts';

let browser: Browser;
let vigil: RunningVigil;
let recordUrl = '';
// A manager of Westvale's MOSOVO unit from the demo staff (the same invented people every time).
const westvaleManager = demoPeople().find((u) => u.agency === 'WVC' && u.unit === 'MOSOVO' && u.roles.includes('manager'))!;

beforeAll(async () => {
  vigil = await startVigil(await demoDataDir(), { demo: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

const signedIn = (username: string) => signedInAsDemo(browser, vigil.url, username);

async function submitted(page: Page, button: string) {
  await page.getByRole('button', { name: button }).click();
  await page.waitForLoadState();
  await expectAccessible(page);
}

describe('a record moves to another force (demo mode)', () => {
  it('a police officer asks, a manager of the other force accepts and names the new manager, and the record shows its new owner', async () => {
    // A police officer in Northmoor creates a record.
    const officer = await signedIn('police.officer');
    await officer.getByRole('link', { name: 'Register', exact: true }).click();
    await officer.getByRole('link', { name: 'Create a record' }).click();
    await expectAccessible(officer);
    await officer.getByLabel('Registered sex offender (category 1)').check();
    await officer.getByLabel('Given names').fill('Tobias');
    await officer.getByLabel('Family name').fill('Journeymoor');
    await officer.getByLabel('Day').fill('2');
    await officer.getByLabel('Month').fill('6');
    await officer.getByLabel('Year').fill('1983');
    await officer.getByLabel('Male', { exact: true }).check();
    await submitted(officer, 'Continue');
    if (await officer.getByRole('button', { name: 'None of these is the person: create the record' }).count()) {
      await submitted(officer, 'None of these is the person: create the record');
    }
    expect(await officer.getByTestId('nominal-name').innerText()).toBe('JOURNEYMOOR, Tobias');
    recordUrl = officer.url();

    // ...and asks Westvale to take it, fixing a mistake on the form first.
    await officer.getByRole('link', { name: 'Transfer', exact: true }).click();
    await officer.waitForLoadState();
    await expectAccessible(officer);
    await submitted(officer, 'Request the transfer');
    expect(await officer.locator('.govuk-error-summary').innerText()).toContain('Select the unit to transfer the record to');
    await officer.getByLabel('Unit to transfer the record to').selectOption({ label: 'Westvale Constabulary: Management of Sexual or Violent Offenders' });
    await officer.getByLabel('Reason for the transfer').fill('Moved to Westvale and notified a new home address there');
    await submitted(officer, 'Request the transfer');
    expect(await officer.locator('.govuk-notification-banner').innerText()).toContain('Transfer to Management of Sexual or Violent Offenders requested');
    await officer.getByRole('link', { name: 'Transfers', exact: true }).click();
    await officer.waitForLoadState();
    await expectAccessible(officer);
    expect(await officer.getByTestId('outgoing-transfers').innerText()).toContain('JOURNEYMOOR, Tobias');
    await officer.context().close();

    // The Westvale manager sees the request in the transfers inbox and accepts it.
    const manager = await signedIn(westvaleManager.username);
    await manager.getByRole('link', { name: 'Transfers', exact: true }).click();
    await manager.waitForLoadState();
    await expectAccessible(manager);
    const incoming = manager.getByTestId('incoming-transfers');
    expect(await incoming.innerText()).toContain('JOURNEYMOOR, Tobias');
    await incoming.getByRole('link', { name: /JOURNEYMOOR, Tobias/ }).click();
    await manager.waitForLoadState();
    await expectAccessible(manager);
    await submitted(manager, 'Accept the transfer');
    expect(await manager.locator('.govuk-error-summary').innerText()).toContain('Select the new managing officer');
    await manager.getByLabel('New managing officer').selectOption({ label: westvaleManager.name });
    await submitted(manager, 'Accept the transfer');
    expect(manager.url()).toBe(recordUrl);
    expect(await manager.locator('.govuk-notification-banner').innerText()).toContain('transferred to your unit');
    const summary = await manager.locator('.govuk-summary-card').first().innerText();
    expect(summary).toContain('Management of Sexual or Violent Offenders, Westvale Constabulary');
    expect(summary).toContain(westvaleManager.name);
    await manager.context().close();
  });

  it('the new manager compares it with another record, archives it and restores it', async () => {
    expect(recordUrl).not.toBe('');
    const manager = await signedIn(westvaleManager.username);
    await manager.goto(`${vigil.url}/nominals?q=Karl%20Fictionley`);
    await expectAccessible(manager);
    const row = await manager.getByTestId('nominal-results').getByRole('row', { name: /FICTIONLEY, Karl/ }).first().innerText();
    const otherReference = /[A-Z][A-Z-]*-\d{6}/.exec(row)![0];

    await manager.goto(recordUrl);
    await manager.getByRole('link', { name: 'Merge with another record' }).click();
    await manager.waitForLoadState();
    await expectAccessible(manager);
    await manager.getByLabel('Reference of the other record').fill(otherReference);
    await submitted(manager, 'Compare the records');
    expect(await manager.getByRole('heading', { level: 1 }).innerText()).toBe('Check before merging');
    expect(await manager.getByTestId('merge-this').innerText()).toContain('JOURNEYMOOR, Tobias');
    expect(await manager.getByTestId('merge-other').innerText()).toContain('FICTIONLEY, Karl');

    await manager.goto(recordUrl);
    await manager.getByRole('link', { name: 'Archive', exact: true }).click();
    await manager.waitForLoadState();
    await expectAccessible(manager);
    await submitted(manager, 'Archive the record');
    expect(await manager.locator('.govuk-error-summary').innerText()).toContain('Select why the record is being archived');
    await manager.getByLabel('MAPPA management has ended').check();
    await submitted(manager, 'Archive the record');
    expect(await manager.locator('.govuk-notification-banner').innerText()).toContain('archived');
    await manager.getByRole('link', { name: 'Restore', exact: true }).click();
    await manager.waitForLoadState();
    await expectAccessible(manager);
    await manager.getByLabel('Reason for restoring the record').fill('Management resumed after a new offence');
    await submitted(manager, 'Restore the record');
    expect(await manager.locator('.govuk-notification-banner').innerText()).toContain('restored');
    await manager.context().close();
  });
});
