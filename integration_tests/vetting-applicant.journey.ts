import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALID } from '../server/modules/vetting/vetting.form.fixtures.ts';
import { expectAccessible, launchBrowser } from './support/browser.ts';
import { signedInAsDemo } from './support/pages.ts';
import { demoDataDir, startVigil, type RunningVigil } from './support/server.ts';

let browser: Browser;
let vigil: RunningVigil;
let page: Page;
let plain: Page;
let application: string;
/** Each step has more than the project's two minutes: on a busy shared machine a step can take one and a half. */
const STEP_MS = 240_000;

beforeAll(async () => {
  vigil = await startVigil(await demoDataDir(), { demo: true });
  browser = await launchBrowser();
}, 360_000);

afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

async function fillMonth(p: Page, legend: string, month: string, year: string) {
  const group = p.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
}

const answer = (p: Page, question: string | RegExp, choice: string) => p.getByRole('group', { name: question }).getByLabel(choice, { exact: true }).check();

describe('a member of staff is sponsored, fills the form and submits it (demo mode)', () => {
  it('a manager asks for NPPV2 vetting for a member of their unit, with the need', async () => {
    const manager = await signedInAsDemo(browser, vigil.url, 'probation.manager', { javaScript: true });
    manager.setDefaultTimeout(30_000);
    await manager.getByRole('link', { name: "Your unit's vetting and clearance" }).click();
    await manager.waitForURL('**/vetting/unit');
    await expectAccessible(manager);
    await manager.getByRole('button', { name: 'Ask for vetting for a member of staff' }).click();
    await manager.waitForURL('**/vetting/sponsor');
    await expectAccessible(manager);
    await manager.getByRole('button', { name: 'Ask for vetting' }).click();
    await manager.waitForLoadState();
    expect(await manager.locator('.govuk-error-summary').innerText()).toContain("Explain the role's need for register access in at least 10 characters");
    await expectAccessible(manager);
    await manager.getByLabel('Member of staff').selectOption({ label: 'Chris Lee' });
    await manager.getByLabel('NPPV2').check();
    await manager.getByLabel('Why does the role need access to the register?').fill('Holds MAPPA level 2 cases and must read the register');
    await manager.getByRole('button', { name: 'Ask for vetting' }).click();
    await manager.waitForURL('**/vetting/unit');
    expect(await manager.getByTestId('unit-staff').innerText()).toMatch(/Chris Lee\s+VET-\d{6}, NPPV2: Invited/);
    await manager.context().close();
  }, STEP_MS);

  it('the applicant finds the form, and fills their personal details with JavaScript off', async () => {
    page = await signedInAsDemo(browser, vigil.url, 'probation.officer', { javaScript: true });
    page.setDefaultTimeout(30_000);
    await page.getByRole('link', { name: 'Your vetting' }).click();
    await page.waitForURL('**/vetting');
    await expectAccessible(page);
    await page.getByRole('link', { name: /^VET-\d{6}$/ }).click();
    await page.waitForURL(/\/vetting\/applications\/[0-9a-f-]{36}$/);
    application = page.url();
    await expectAccessible(page);
    expect(await page.getByTestId('task-list').innerText()).toContain('Cannot start yet');

    plain = await signedInAsDemo(browser, vigil.url, 'probation.officer', { javaScript: false });
    plain.setDefaultTimeout(30_000);
    await plain.goto(`${application}/sections/personal`);
    await plain.getByLabel('Surname (family name) now').fill('Lee');
    await plain.getByLabel('First and middle names').fill('Chris');
    await plain.getByLabel('Single, never married or in a civil partnership').check();
    await answer(plain, /Have you ever used another surname/, 'No');
    const dob = plain.getByRole('group', { name: 'Date of birth' });
    await dob.getByLabel('Day').fill('3');
    await dob.getByLabel('Month').fill('4');
    await dob.getByLabel('Year').fill('1988');
    await plain.getByLabel('Town and country of birth').fill('Exampleton, UK');
    await plain.getByLabel('Nationality').fill('British');
    await plain.getByLabel('National Insurance number').fill('QQ 12 34 56 C');
    await plain.getByLabel('Email address').fill('chris@example.org');
    await plain.getByLabel('Phone number').fill('01632 960002');
    await plain.getByRole('button', { name: 'Save and continue', exact: true }).last().click();
    await plain.waitForURL(application);
    expect(await plain.getByTestId('task-list').innerText()).toMatch(/Personal details\s+Completed/);
    await plain.context().close();
  }, STEP_MS);

  it('sees the gap in their address history, fixes it and completes the section', async () => {
    await page.goto(`${application}/sections/addresses`);
    await expectAccessible(page);
    await page.getByLabel('Address (address 1)', { exact: true }).fill('1 Synthetic Row, Exampleton');
    await page.getByLabel('Postcode (address 1)').fill('EX1 1AA');
    await page.getByLabel('Country (address 1)').fill('UK');
    await fillMonth(page, 'Lived there from (address 1)', '6', '2023');
    await page.getByRole('button', { name: 'Add another address' }).click();
    await page.waitForURL('**/sections/addresses?add=addresses#addresses');
    await page.getByLabel('Address (address 2)', { exact: true }).fill('2 Former Street, Exampleton');
    await page.getByLabel('Postcode (address 2)').fill('EX2 2BB');
    await page.getByLabel('Country (address 2)').fill('UK');
    await fillMonth(page, 'Lived there from (address 2)', '1', '2015');
    await fillMonth(page, 'Lived there until (address 2)', '3', '2023');
    await page.getByRole('button', { name: 'Save and continue', exact: true }).last().click();
    await page.waitForLoadState();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('There is a gap from April 2023 to May 2023: add the address where you lived then');
    await expectAccessible(page);
    await fillMonth(page, 'Lived there from (address 1)', '4', '2023');
    await page.getByRole('button', { name: 'Save and continue', exact: true }).last().click();
    await page.waitForURL(application);
    expect(await page.getByTestId('task-list').innerText()).toMatch(/Address history\s+Completed/);
  }, STEP_MS);

  it('answers the other sections, checks the answers and submits', async () => {
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    for (const section of ['family', 'associates', 'convictions', 'finances', 'employment', 'disclosure']) {
      const res = await page.request.post(`${application}/sections/${section}`, { form: { _csrf: csrf, version: '0', action: 'continue', ...VALID[section]! } });
      expect(res.url(), section).toBe(application);
    }
    await page.goto(`${application}/sections/declaration`);
    await expectAccessible(page);
    await page.getByLabel('I confirm that my answers are true and complete to the best of my knowledge').check();
    await page.getByLabel('I understand that the checks described in the privacy notice').check();
    await page.getByLabel('Your full name').fill('Chris Lee');
    await page.getByRole('button', { name: 'Save and continue', exact: true }).last().click();
    await page.waitForURL(application);
    await page.getByRole('button', { name: 'Check your answers and submit' }).click();
    await page.waitForURL('**/check-answers');
    await expectAccessible(page);
    expect(await page.locator('main').innerText()).toContain('3 April 1988');
    await page.getByRole('button', { name: 'Submit application' }).click();
    await page.waitForURL(application);
    expect(await page.getByTestId('application-state').innerText()).toBe('Submitted');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'privacy notice', exact: true }).click();
    await page.waitForURL('**/vetting/privacy-notice/NPPV2-2026.1');
    await expectAccessible(page);
  }, STEP_MS);
});
