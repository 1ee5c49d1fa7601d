import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../server/modules/seed/seed.demo.ts';
import { newContext } from './browser.ts';

/** Page objects: what a person does on each page, in the words on the page. */
export const signInPage = {
  async signIn(page: Page, username: string, password: string) {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  },
};

export const newPasswordPage = {
  async choose(page: Page, password: string) {
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('Confirm new password').fill(password);
    await page.getByRole('button', { name: 'Save password' }).click();
  },
};

export const mfaSetupPage = {
  async readSecret(page: Page): Promise<string> {
    return (await page.getByTestId('mfa-secret').innerText()).trim();
  },
  async enterCode(page: Page, code: string) {
    await page.getByLabel('Code from your app').fill(code);
    await page.getByRole('button', { name: 'Continue' }).click();
  },
};

export const mfaPage = {
  async enterCode(page: Page, code: string) {
    await page.getByLabel('Security code').fill(code);
    await page.getByRole('button', { name: 'Continue' }).click();
  },
};

export const header = {
  async signOut(page: Page) {
    await page.getByRole('button', { name: 'Sign out' }).click();
  },
};

/** A fresh browser context signed in as a demo account (demo mode: no second factor), on the home page. */
export async function signedInAsDemo(browser: Browser, baseUrl: string, username: string, options: { javaScript?: boolean } = {}): Promise<Page> {
  const context = await newContext(browser, { javaScript: options.javaScript ?? true });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await signInPage.signIn(page, username, DEMO_PASSWORD);
  await page.waitForURL(`${baseUrl}/`);
  return page;
}

/** Types an ISO date into the GOV.UK date boxes of the group with this legend. */
export async function fillDate(page: Page, legend: string, iso: string) {
  const [y, m, d] = iso.split('-');
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(String(Number(d)));
  await group.getByLabel('Month').fill(String(Number(m)));
  await group.getByLabel('Year').fill(y!);
}
