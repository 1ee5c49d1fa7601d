import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../server/modules/seed/seed.demo.ts';
import { expectAccessible, launchBrowser, newContext, visit } from './support/browser.ts';
import { signInPage } from './support/pages.ts';
import { demoDataDir, startVigil, type RunningVigil } from './support/server.ts';

let browser: Browser;
let vigil: RunningVigil;

beforeAll(async () => {
  // As `npm start` does: demo mode on an empty database.
  vigil = await startVigil(await demoDataDir(), { demo: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

describe('an administrator manages their agency\'s users (demo mode)', () => {
  it('creates a user, fixes a mistake on the form, changes roles and disables the account', async () => {
    const context = await newContext(browser, { javaScript: true });
    const page = await context.newPage();
    await page.goto(`${vigil.url}/sign-in`);
    expect(await page.getByTestId('demo-banner').innerText()).toContain('Demo mode');
    await signInPage.signIn(page, 'admin', DEMO_PASSWORD);
    await page.waitForURL(`${vigil.url}/`);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.waitForURL('**/admin/users');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Create a user' }).click();
    await page.waitForURL('**/admin/users/new');
    await expectAccessible(page);

    await page.getByLabel('Full name').fill('Taylor Reed');
    await page.getByLabel('Username').fill('t.reed');
    await page.getByLabel('Work email address').fill('t.reed-at-example.org');
    await page.getByLabel('Unit').selectOption({ label: 'Northmoor Police: Public Protection Unit North' });
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.waitForLoadState();
    expect(await page.title()).toBe('Error: Create a user - Vigil');
    await expectAccessible(page);
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('Enter an email address in the correct format, like name@example.org');
    expect(summary).toContain('Select at least one role');
    expect(await page.getByLabel('Full name').inputValue()).toBe('Taylor Reed');

    await page.getByLabel('Work email address').fill('t.reed@example.org');
    await page.getByLabel('Practitioner').check();
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('User created');
    expect(await page.getByTestId('temporary-password').innerText()).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    await expectAccessible(page);

    await page.getByRole('link', { name: "View Taylor Reed's account" }).click();
    await expectAccessible(page);
    await page.getByLabel('Manager').check();
    await page.getByRole('button', { name: 'Save roles' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain("Taylor Reed's roles have been updated");
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Disable account' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain("Taylor Reed's account has been disabled");
    await visit(page, `${vigil.url}/admin/users`);
    await context.close();
  });
});

describe('the data protection officer reads the access log (demo mode)', () => {
  it('searches it, sees the anomaly report, and every user sees their own activity', async () => {
    const context = await newContext(browser, { javaScript: true });
    const page = await context.newPage();
    await page.goto(`${vigil.url}/sign-in`);
    await signInPage.signIn(page, 'dpo', DEMO_PASSWORD);
    await page.waitForURL(`${vigil.url}/`);
    await page.getByRole('link', { name: 'Access log' }).click();
    await page.waitForURL('**/audit');
    await expectAccessible(page);
    await page.getByLabel('Username of the person acting').fill('admin');
    await page.getByLabel('Kind').selectOption('authentication');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL('**/audit?**');
    expect(await page.getByTestId('audit-results').innerText()).toContain('auth.signed-in');
    await expectAccessible(page);
    await page.getByLabel('Date from').fill('2026-02-30');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Date from must be a real date');
    await expectAccessible(page);
    await visit(page, `${vigil.url}/audit/anomalies`);
    await visit(page, `${vigil.url}/account/activity`);
    expect(await page.getByTestId('activity').innerText()).toContain('auth.signed-in');
    // A page the data protection officer may not use: the "you cannot do this" page, accessible too.
    await visit(page, `${vigil.url}/admin/users`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('You cannot do this');
    await context.close();
  });
});

describe('a police officer creates a register record (demo mode)', () => {
  it('searches, is shown a possible duplicate first, then creates the record and sees it', async () => {
    const context = await newContext(browser, { javaScript: true });
    const page = await context.newPage();
    await page.goto(`${vigil.url}/sign-in`);
    await signInPage.signIn(page, 'police.officer', DEMO_PASSWORD);
    await page.waitForURL(`${vigil.url}/`);
    await page.getByRole('link', { name: 'Register' }).click();
    await page.waitForURL('**/nominals');
    await expectAccessible(page);
    await page.getByLabel('Name or alias').fill('jonah testwel');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL('**/nominals?**');
    expect(await page.getByTestId('nominal-results').innerText()).toContain('TESTWELL, Jonah');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Create a record' }).click();
    await page.waitForURL('**/nominals/new');
    await expectAccessible(page);
    await page.getByLabel('Registered sex offender (category 1)').check();
    await page.getByLabel('Given names').fill('Jonas');
    await page.getByLabel('Family name').fill('Testwel');
    await page.getByLabel('Day').fill('12');
    await page.getByLabel('Month').fill('4');
    await page.getByLabel('Year').fill('1979');
    await page.getByLabel('Male', { exact: true }).check();
    await page.getByLabel('PNC number').fill('2012/0052834K');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForLoadState();
    expect(await page.getByTestId('possible-matches').innerText()).toContain('TESTWELL, Jonah');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'None of these is the person: create the record' }).click();
    await page.waitForURL(/\/nominals\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('nominal-name').innerText()).toBe('TESTWEL, Jonas');
    await expectAccessible(page);
    await context.close();
  });
});
